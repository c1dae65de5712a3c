//! `discussions.*`: discussions of topics and photos, their likes.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule};
use crate::ok::media;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[Method {
    name: "discussions.getDiscussionLikes",
    session: SessionRule::Required,
    handler: get_discussion_likes,
}];

/// Who liked a discussion. Photo discussions (`GROUP_PHOTO`, `USER_PHOTO`) are liked by the
/// first `like_count` sandbox users; other known types by nobody.
fn get_discussion_likes(call: &Call<'_>) -> Result<Value, ApiError> {
    let id = call.required("discussionId")?;
    let kind = call.required("discussionType")?;
    let likes = match kind {
        "GROUP_PHOTO" | "USER_PHOTO" => media::photo_by_id(id)
            .map(|(_, photo)| photo.likes as usize)
            .ok_or_else(|| ApiError::new(100, format!("Invalid parameter discussionId: {id}")))?,
        "GROUP_TOPIC" | "USER_STATUS" | "USER_PHOTO_ALBUM" | "MOVIE" => 0,
        other => {
            return Err(ApiError::new(
                100,
                format!("Invalid parameter discussionType: {other}"),
            ));
        }
    };
    let fields = call.param("fields").unwrap_or("first_name,last_name");
    let likers: Vec<Value> = data::USERS
        .iter()
        .take(likes)
        .map(|user| data::select(data::profile(user, false), fields))
        .collect();
    let count = call
        .int("count")?
        .map_or(likers.len(), |count| usize::try_from(count).unwrap_or(0));
    let (chunk, anchor, more) = media::page(&likers, call.param("anchor"), count);
    Ok(json!({
        "users": chunk,
        "anchor": anchor,
        "has_more": more,
        "inconsistent": false,
    }))
}
