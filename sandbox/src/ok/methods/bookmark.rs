//! `bookmark.*`: the user's bookmarks.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, lock};
use crate::ok::ApiError;

pub(super) const METHODS: &[Method] = &[
    Method {
        name: "bookmark.add",
        session: SessionRule::Required,
        handler: add,
    },
    Method {
        name: "bookmark.delete",
        session: SessionRule::Required,
        handler: delete,
    },
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
