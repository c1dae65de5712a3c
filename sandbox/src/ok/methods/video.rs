//! `video.*`: video uploads.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use super::{Call, Method, SessionRule};
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[Method {
    name: "video.getUploadUrl",
    session: SessionRule::Optional,
    handler: get_upload_url,
}];

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
