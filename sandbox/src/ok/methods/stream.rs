//! `stream.*`: the user's feed.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, known_user, method};
use crate::ok::{ApiError, content, data};

pub(super) const METHODS: &[Method] = &[
    method("stream.delete", SessionRule::Required, &[], delete),
    method(
        "stream.isSubscribed",
        SessionRule::Required,
        &[],
        is_subscribed,
    ),
    method(
        "stream.markAsSpam",
        SessionRule::Required,
        &[],
        mark_as_spam,
    ),
];

/// `{"subscribed": bool}`: friends and groups the user belongs to are followed.
fn is_subscribed(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let fid = call.param("fid").filter(|v| !v.is_empty());
    let gid = call.param("gid").filter(|v| !v.is_empty());
    let subscribed = match (fid, gid) {
        (Some(fid), None) => user.friends.contains(&known_user(fid)?.id),
        (None, Some(gid)) => {
            let group = data::group_by_id(gid)
                .ok_or_else(|| ApiError::new(160, format!("Invalid group id {gid}")))?;
            group.members.iter().any(|(id, _)| *id == user.id)
        }
        _ => return Err(ApiError::new(100, "Exactly one of fid and gid is required")),
    };
    Ok(json!({ "subscribed": subscribed }))
}

/// A feed event is named by a topic id (`delete_id`, or `mark_as_spam_id`).
fn event<'a>(call: &Call<'a>, names: &[&str]) -> Result<&'a str, ApiError> {
    let id = names
        .iter()
        .find_map(|name| call.param(name).filter(|v| !v.is_empty()))
        .ok_or_else(|| ApiError::missing(names[0]))?;
    if content::topic(id).is_some() {
        Ok(id)
    } else {
        Err(ApiError::new(
            100,
            format!("Invalid parameter {}: {id}", names[0]),
        ))
    }
}

fn delete(call: &Call<'_>) -> Result<Value, ApiError> {
    call.acting_user()?;
    event(call, &["delete_id", "delete_ref_id"])?;
    Ok(json!(true))
}

fn mark_as_spam(call: &Call<'_>) -> Result<Value, ApiError> {
    call.acting_user()?;
    event(call, &["mark_as_spam_id", "delete_id"])?;
    Ok(json!(true))
}
