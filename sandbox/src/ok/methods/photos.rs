//! `photos.*`: albums and photos.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use super::{Call, Method, SessionRule};
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[Method {
    name: "photos.createAlbum",
    session: SessionRule::Optional,
    handler: create_album,
}];

fn create_album(call: &Call<'_>) -> Result<Value, ApiError> {
    call.required("title")?;
    match call.param("gid").filter(|gid| !gid.is_empty()) {
        Some(gid) => {
            data::group_by_id(gid)
                .ok_or_else(|| ApiError::new(160, format!("Invalid group id {gid}")))?;
        }
        None => {
            call.acting_user()?;
        }
    }
    let id = call.state.next_album_id.fetch_add(1, Ordering::Relaxed);
    Ok(json!(id.to_string()))
}
