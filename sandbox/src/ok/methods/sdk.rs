//! `sdk.*` and `widget.*`: the game SDK's session, notes and reports, and UI widgets.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, known_user, lock, method};
use crate::answer::list;
use crate::ok::ApiError;

pub(super) const METHODS: &[Method] = &[
    method(
        "sdk.getEndpoints",
        SessionRule::Optional,
        &[],
        get_endpoints,
    ),
    method(
        "sdk.getInstallSource",
        SessionRule::Prohibited,
        &[],
        get_install_source,
    ),
    method("sdk.getNotes", SessionRule::Prohibited, &[], get_notes),
    method("sdk.init", SessionRule::Prohibited, &["session_data"], init),
    method(
        "sdk.reportPayment",
        SessionRule::Required,
        &["trx_id", "amount", "currency"],
        report_payment,
    ),
    method(
        "sdk.reportStats",
        SessionRule::Required,
        &["stats"],
        report_stats,
    ),
    method("sdk.resetNotes", SessionRule::Required, &[], reset_notes),
    method("sdk.sendNote", SessionRule::Required, &["note"], send_note),
    method(
        "widget.getWidgetContent",
        SessionRule::Optional,
        &["wid"],
        get_widget_content,
    ),
    method(
        "widget.getWidgets",
        SessionRule::Optional,
        &["wids"],
        get_widgets,
    ),
];

/// Links to OK's services (the shape is the sandbox's choice).
fn get_endpoints(_: &Call<'_>) -> Result<Value, ApiError> {
    Ok(json!({
        "endpoints": {
            "api": "https://api.ok.ru/",
            "connect": "https://connect.ok.ru/",
            "widgets": "https://ok.ru/dk",
        }
    }))
}

/// Where the user clicked the application: 0 for no click in 30 days, as documented. A
/// device whose advertising id starts with `ad-` came from place 7.
fn get_install_source(call: &Call<'_>) -> Result<Value, ApiError> {
    let clicked = call.param("adv_id").is_some_and(|id| id.starts_with("ad-"));
    Ok(json!(if clicked { 7 } else { 0 }))
}

/// The notes of every recipient (the shape is the sandbox's choice).
fn get_notes(call: &Call<'_>) -> Result<Value, ApiError> {
    let store = lock(&call.state.store);
    let notes: Vec<Value> = store
        .notes
        .iter()
        .flat_map(|(to, notes)| {
            notes
                .iter()
                .map(move |(from, ts)| json!({ "uid": to, "from": from, "timestamp": ts }))
        })
        .collect();
    Ok(json!({ "notes": notes }))
}

/// An anonymous SDK session: `session_key` carries the SDK token (OK's notes).
fn init(call: &Call<'_>) -> Result<Value, ApiError> {
    let data = call
        .json("session_data")?
        .ok_or_else(|| ApiError::missing("session_data"))?;
    let device = data
        .get("device_id")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::new(100, "Invalid parameter session_data: no device_id"))?;
    Ok(json!({ "session_key": format!("sdk-{device}"), "session_secret_key": "sdk-secret" }))
}

/// `amount` is a decimal with a point, as OK's notes ask.
fn report_payment(call: &Call<'_>) -> Result<Value, ApiError> {
    call.required("trx_id")?;
    let amount = call.required("amount")?;
    if amount.contains(',') || amount.parse::<f64>().is_err() {
        return Err(ApiError::new(
            100,
            format!("Invalid parameter amount: {amount}"),
        ));
    }
    let currency = call.required("currency")?;
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(ApiError::new(
            100,
            format!("Invalid parameter currency: {currency}"),
        ));
    }
    Ok(json!({ "success": true }))
}

/// The batch object of OK's notes: `time`, `version` and `stats`.
fn report_stats(call: &Call<'_>) -> Result<Value, ApiError> {
    let stats = call
        .json("stats")?
        .ok_or_else(|| ApiError::missing("stats"))?;
    if !stats.get("stats").is_some_and(Value::is_array) {
        return Err(ApiError::new(
            100,
            "Invalid parameter stats: no stats array",
        ));
    }
    Ok(json!({ "success": true }))
}

/// Deletes the user's notes older than `timestamp` (all without it); answers how many.
fn reset_notes(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let before = call.int("timestamp")?.unwrap_or(i64::MAX);
    let mut store = lock(&call.state.store);
    let notes = store.notes.entry(user.id.to_owned()).or_default();
    let count = notes.len();
    notes.retain(|(_, ts)| *ts >= before);
    Ok(json!(count - notes.len()))
}

/// A note to a friend (`{"uid", "text", "timestamp"?}`); answers the number of notes in the
/// recipient's box.
fn send_note(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let note = call
        .json("note")?
        .ok_or_else(|| ApiError::missing("note"))?;
    let to = note
        .get("uid")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::new(100, "Invalid parameter note: no uid"))?;
    let friend = known_user(to)?;
    if !user.friends.contains(&friend.id) {
        return Err(ApiError::new(1103, format!("User {to} is not a friend")));
    }
    let timestamp = note.get("timestamp").and_then(Value::as_i64).unwrap_or(0);
    let mut store = lock(&call.state.store);
    let box_ = store.notes.entry(friend.id.to_owned()).or_default();
    box_.push((user.id.to_owned(), timestamp));
    Ok(json!(box_.len()))
}

/// The HTML of a widget.
fn widget_html(wid: &str, style: &str) -> String {
    format!("<div class=\"{style}\">{wid}</div>")
}

/// One widget as OK documents it: "a plain HTTP answer" in Base64. The sandbox sends the
/// Base64 text as a JSON string so that JSON clients can read it.
fn get_widget_content(call: &Call<'_>) -> Result<Value, ApiError> {
    let wid = call.required("wid")?;
    let style = call.param("style").unwrap_or("default");
    Ok(json!(base64(widget_html(wid, style).as_bytes())))
}

fn get_widgets(call: &Call<'_>) -> Result<Value, ApiError> {
    let wids = call.required("wids")?;
    let style = call.param("style").unwrap_or("default");
    Ok(list(wids)
        .map(|wid| {
            json!({
                "id": wid,
                "content": base64(widget_html(wid, style).as_bytes()),
                "content_type": "text/html",
                "cache": 3600,
            })
        })
        .collect())
}

/// Standard Base64 with padding.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}
