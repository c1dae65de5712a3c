//! `photosV2.*`: the two API steps of a photo upload (the upload itself goes to the URL the
//! first step returns).

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, lock, method};
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    method(
        "photosV2.getUploadUrl",
        SessionRule::Optional,
        &[],
        get_upload_url,
    ),
    method("photosV2.commit", SessionRule::Optional, &[], commit),
];

/// How long an upload address stays valid.
const TTL_MS: i64 = 3_600_000;
/// The sandbox's clock for upload expiry (fixed, like its idea of "today").
const NOW_MS: i64 = 1_780_000_000_000;

fn get_upload_url(call: &Call<'_>) -> Result<Value, ApiError> {
    if let Some(gid) = call.param("gid").filter(|gid| !gid.is_empty()) {
        data::group_by_id(gid)
            .ok_or_else(|| ApiError::new(160, format!("Invalid group id {gid}")))?;
    } else {
        call.acting_user()?;
    }
    let count = call.int("count")?.unwrap_or(1);
    if !(1..=40).contains(&count) {
        return Err(ApiError::new(
            100,
            format!("Invalid parameter count: {count}"),
        ));
    }
    let mut uploads = lock(&call.state.uploads);
    let ids: Vec<String> = (0..count)
        .map(|_| {
            let id = call.state.next_upload_id.fetch_add(1, Ordering::Relaxed);
            uploads.insert(id);
            id.to_string()
        })
        .collect();
    let url = if call.flag("placeholders") {
        "https://sandbox.okru.invalid/upload?photoIds=${photoIds}".to_owned()
    } else {
        format!(
            "https://sandbox.okru.invalid/upload?photoIds={}",
            ids.join(",")
        )
    };
    Ok(json!({
        "upload_url": url,
        "photo_ids": ids,
        "expires_ms": NOW_MS + TTL_MS,
        "ttl_ms": TTL_MS,
    }))
}

/// Commits one photo (`photo_id`, `token`, `comment`) or several (`photos`, a JSON array of
/// the same three fields). A photo id that was never handed out, or is committed twice, gets
/// the status `FAILURE`.
fn commit(call: &Call<'_>) -> Result<Value, ApiError> {
    let mut items: Vec<(String, String)> = Vec::new();
    if let Some(photos) = call.param("photos").filter(|p| !p.is_empty()) {
        let parsed: Vec<Value> = serde_json::from_str(photos)
            .map_err(|_| ApiError::new(100, "Invalid parameter photos: not a JSON array"))?;
        for photo in parsed {
            let field = |name: &str| {
                photo
                    .get(name)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned()
            };
            items.push((field("photo_id"), field("token")));
        }
    } else {
        items.push((
            call.required("photo_id")?.to_owned(),
            call.required("token")?.to_owned(),
        ));
    }
    let mut uploads = lock(&call.state.uploads);
    let photos: Vec<Value> = items
        .into_iter()
        .map(|(photo_id, token)| {
            let issued = photo_id
                .parse::<u64>()
                .ok()
                .filter(|id| !token.is_empty() && uploads.remove(id));
            match issued {
                Some(id) => json!({
                    "photo_id": photo_id,
                    "assigned_photo_id": (id + 1_000_000).to_string(),
                    "status": "SUCCESS",
                }),
                None => json!({ "photo_id": photo_id, "status": "FAILURE" }),
            }
        })
        .collect();
    Ok(json!({ "photos": photos }))
}
