//! `stream.*`: the user's feed.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, known_user};
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[Method {
    name: "stream.isSubscribed",
    session: SessionRule::Required,
    handler: is_subscribed,
}];

/// Whether the user follows a friend (`fid`; friends are followed) or a group (`gid`;
/// members follow it). Exactly one of the two.
fn is_subscribed(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let fid = call.param("fid").filter(|v| !v.is_empty());
    let gid = call.param("gid").filter(|v| !v.is_empty());
    match (fid, gid) {
        (Some(fid), None) => Ok(json!(user.friends.contains(&known_user(fid)?.id))),
        (None, Some(gid)) => {
            let group = data::group_by_id(gid)
                .ok_or_else(|| ApiError::new(160, format!("Invalid group id {gid}")))?;
            Ok(json!(group.members.iter().any(|(id, _)| *id == user.id)))
        }
        _ => Err(ApiError::new(100, "Exactly one of fid and gid is required")),
    }
}
