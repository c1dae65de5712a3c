//! `url.*`: what an ok.ru address points at.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, method};
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[method(
    "url.getInfo",
    SessionRule::Optional,
    &["url"],
    get_info,
)];

/// Understands `https://ok.ru/profile/<id>` and `https://ok.ru/group/<id>` (any host that
/// ends in ok.ru, with or without the scheme); anything else is `UNKNOWN`.
fn get_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let url = call.required("url")?;
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split_once('/')
        .filter(|(host, _)| *host == "ok.ru" || host.ends_with(".ok.ru"))
        .map(|(_, path)| path.trim_end_matches('/'));
    let found = match path.and_then(|p| p.split_once('/')) {
        Some(("profile", id)) if data::user_by_id(id).is_some() => Some(("USER", id)),
        Some(("group", id)) if data::group_by_id(id).is_some() => Some(("GROUP", id)),
        _ => None,
    };
    Ok(match found {
        Some((kind, id)) => json!({
            "type": kind,
            "objectId": id.parse::<u64>().unwrap_or_default(),
            "objectIdStr": id,
            "objectIdEncoded": format!("{kind}:{id}"),
        }),
        None => json!({ "type": "UNKNOWN" }),
    })
}
