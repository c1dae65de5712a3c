//! `events.*`: the counters of new things (messages, notifications, discussions ...).

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, method};
use crate::answer::list;
use crate::ok::ApiError;

pub(super) const METHODS: &[Method] = &[
    method("events.get", SessionRule::Required, &[], get),
    method("events.updates", SessionRule::Prohibited, &[], updates),
];

/// Event types the sandbox counts, with a fixed count per type.
const COUNTS: &[(&str, i64)] = &[
    ("MESSAGES", 3),
    ("DISCUSSIONS", 1),
    ("NOTIFICATIONS", 2),
    ("GUESTS", 0),
    ("MARKS", 5),
];

fn get(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let wanted: Vec<String> = call
        .param("types")
        .map(|types| list(types).map(str::to_ascii_uppercase).collect())
        .unwrap_or_default();
    Ok(COUNTS
        .iter()
        .filter(|(kind, _)| wanted.is_empty() || wanted.iter().any(|w| w == kind))
        .map(|(kind, number)| {
            json!({
                "type": kind,
                "number": number,
                "lastId": 1_000 + number,
                "marker": format!("{kind}:{number}"),
                "uid": user.id,
            })
        })
        .collect())
}

/// The long poll, answered at once: no updates after any marker, and a fresh marker.
fn updates(call: &Call<'_>) -> Result<Value, ApiError> {
    let marker = call.param("marker").unwrap_or("");
    let next = marker.parse::<u64>().map_or(1, |m| m.saturating_add(1));
    Ok(json!({ "marker": next.to_string(), "updates": [] }))
}
