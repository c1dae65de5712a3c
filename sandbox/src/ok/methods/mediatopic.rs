//! `mediatopic.*`: posts (media topics) on a user's or a group's feed.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use super::{Call, Method, SessionRule};
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[Method {
    name: "mediatopic.post",
    session: SessionRule::Optional,
    handler: post,
}];

/// Checks the attachment the way the platform documents it (`{"media": [...]}` with typed
/// items) and answers the new topic's id.
fn post(call: &Call<'_>) -> Result<Value, ApiError> {
    let attachment: Value = serde_json::from_str(call.required("attachment")?)
        .map_err(|_| ApiError::new(100, "Invalid parameter attachment: not JSON"))?;
    let media = attachment
        .get("media")
        .and_then(Value::as_array)
        .filter(|media| !media.is_empty())
        .ok_or_else(|| ApiError::new(100, "Invalid parameter attachment: no media"))?;
    for item in media {
        match item.get("type").and_then(Value::as_str) {
            Some("text" | "link" | "photo" | "poll" | "movie" | "app") => {}
            other => {
                return Err(ApiError::new(
                    100,
                    format!("Invalid parameter attachment: media type {other:?}"),
                ));
            }
        }
    }
    let kind = call.param("type").unwrap_or("USER");
    if kind.starts_with("GROUP") {
        let gid = call.required("gid")?;
        data::group_by_id(gid)
            .ok_or_else(|| ApiError::new(160, format!("Invalid group id {gid}")))?;
    } else {
        call.acting_user()?;
    }
    let id = call.state.next_topic_id.fetch_add(1, Ordering::Relaxed);
    Ok(json!(id.to_string()))
}
