//! `bookmark.*`: the user's bookmarks.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, lock, method};
use crate::ok::ApiError;

pub(super) const METHODS: &[Method] = &[
    method("bookmark.add", SessionRule::Required, &["ref_id"], add),
    method(
        "bookmark.delete",
        SessionRule::Required,
        &["ref_id"],
        delete,
    ),
];

/// The key of a bookmark: who, and what (`type:id`).
fn key(call: &Call<'_>) -> Result<(String, String), ApiError> {
    let user = call.acting_user()?;
    let id = call.required("ref_id")?;
    let kind = call.param("bookmark_type").unwrap_or("USER");
    Ok((user.id.to_owned(), format!("{kind}:{id}")))
}

/// `true` when the bookmark is new.
fn add(call: &Call<'_>) -> Result<Value, ApiError> {
    let key = key(call)?;
    Ok(json!(lock(&call.state.bookmarks).insert(key)))
}

/// `true` when there was such a bookmark.
fn delete(call: &Call<'_>) -> Result<Value, ApiError> {
    let key = key(call)?;
    Ok(json!(lock(&call.state.bookmarks).remove(&key)))
}
