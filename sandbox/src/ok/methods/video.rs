//! `video.*`: video uploads.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, method};
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    method("video.delete", SessionRule::Required, &["vid"], delete),
    method(
        "video.getUploadUrl",
        SessionRule::Optional,
        &["file_name"],
        get_upload_url,
    ),
    method(
        "video.subscribe",
        SessionRule::Required,
        &["cid"],
        subscribe,
    ),
    method("video.update", SessionRule::Optional, &["vid"], update),
];

/// Files the platform accepts: 16 KiB to 1 GiB, or 0 when the size is not known yet.
const SIZES: std::ops::RangeInclusive<i64> = 16 * 1024..=1024 * 1024 * 1024;

fn get_upload_url(call: &Call<'_>) -> Result<Value, ApiError> {
    if let Some(gid) = call.param("gid").filter(|gid| !gid.is_empty()) {
        data::group_by_id(gid)
            .ok_or_else(|| ApiError::new(160, format!("Invalid group id {gid}")))?;
    } else {
        call.acting_user()?;
    }
    call.required("file_name")?;
    let size = call.int("file_size")?.unwrap_or(0);
    if size != 0 && size < *SIZES.start() {
        return Err(ApiError::new(100, "PARAM : FileToSmall"));
    }
    if size > *SIZES.end() {
        return Err(ApiError::new(100, "PARAM : FileToLarge"));
    }
    let id = call.state.next_upload_id.fetch_add(1, Ordering::Relaxed);
    Ok(json!({
        "video_id": id,
        "upload_url": format!("https://sandbox.okru.invalid/video/upload?id={id}"),
    }))
}

/// A video the API handed out an upload address for (ids from the upload counter).
fn known_video(call: &Call<'_>) -> Result<u64, ApiError> {
    let vid = call.required("vid")?;
    let id: u64 = vid
        .trim()
        .parse()
        .map_err(|_| ApiError::new(100, format!("Invalid parameter vid: {vid}")))?;
    let issued = call.state.next_upload_id.load(Ordering::Relaxed);
    if (903_000_000_001..issued).contains(&id) {
        Ok(id)
    } else {
        Err(ApiError::new(100, format!("Invalid parameter vid: {vid}")))
    }
}

/// OK's notes: "an empty response on success". okru reports an empty body as an error, so
/// the sandbox answers an empty JSON object instead.
fn delete(call: &Call<'_>) -> Result<Value, ApiError> {
    call.acting_user()?;
    known_video(call)?;
    Ok(json!({}))
}

/// Finishes an upload; the limits of OK's notes are checked. Answers `{}` (see `delete`).
fn update(call: &Call<'_>) -> Result<Value, ApiError> {
    known_video(call)?;
    for (name, limit) in [("title", 1000), ("description", 4000), ("tags", 1000)] {
        if call.param(name).is_some_and(|v| v.chars().count() > limit) {
            return Err(ApiError::new(
                100,
                format!("Invalid parameter {name}: too long"),
            ));
        }
    }
    match call.param("privacy") {
        None | Some("" | "PUBLIC" | "FRIENDS") => Ok(json!({})),
        Some(other) => Err(ApiError::new(
            100,
            format!("Invalid parameter privacy: {other}"),
        )),
    }
}

/// Subscribes to a channel (`cid`: the sandbox's channels are its groups).
fn subscribe(call: &Call<'_>) -> Result<Value, ApiError> {
    call.acting_user()?;
    let cid = call.required("cid")?;
    data::group_by_id(cid)
        .ok_or_else(|| ApiError::new(100, format!("Invalid parameter cid: {cid}")))?;
    Ok(json!({ "success": true }))
}
