//! `batch.executeV2`: several calls in one request. OK does not document it; the contract
//! here is reconstructed (okru's `batch` module says from what), and the sandbox answers it
//! the same way so that a client can be tested against one consistent reading:
//!
//! - `methods` is a JSON array of one-key objects, `{"<group.method>": {"params": {...},
//!   "supplyParams": {"<param>": "<method>.<field>"}}}`, run in order, with the session of
//!   the batch call itself (each method's session rule still applies);
//! - a supplied parameter takes the field `<field>` of the result of the earlier item that
//!   called `<method>` (lists are comma-joined); naming a method that ran more than once, or
//!   that failed, or a missing field, fails the item with 100 `PARAM`;
//! - the answer is an array in request order: `{"ok": <result>}` for an item that
//!   succeeded, `{"error": {"error_code", "error_msg", "error_data"}}` for one that failed.
//!
//! A malformed `methods` fails the whole call with 100 `PARAM`.

use serde_json::{Map, Value, json};

use super::{Call, Method, SessionRule, find};
use crate::ok::ApiError;

pub(super) const METHODS: &[Method] = &[Method {
    name: "batch.executeV2",
    session: SessionRule::Optional,
    required: &["methods"],
    handler: execute_v2,
}];

fn execute_v2(call: &Call<'_>) -> Result<Value, ApiError> {
    let text = call.required("methods")?;
    let invalid = |why: &str| ApiError::new(100, format!("Invalid parameter methods: {why}"));
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(text) else {
        return Err(invalid("not a JSON array"));
    };
    // Each item's method name and result, for the suppliers of later items.
    let mut done: Vec<(String, Result<Value, ApiError>)> = Vec::with_capacity(items.len());
    for item in &items {
        let Some((name, body)) = item
            .as_object()
            .filter(|object| object.len() == 1)
            .and_then(|object| object.iter().next())
        else {
            return Err(invalid("every item must be an object with one method name"));
        };
        let result = run_item(call, name, body, &done);
        done.push((name.clone(), result));
    }
    Ok(Value::Array(
        done.into_iter()
            .map(|(_, result)| match result {
                Ok(value) => json!({ "ok": value }),
                Err(error) => json!({
                    "error": {
                        "error_code": error.code,
                        "error_msg": error.message(),
                        "error_data": null,
                    }
                }),
            })
            .collect(),
    ))
}

fn run_item(
    call: &Call<'_>,
    name: &str,
    body: &Value,
    done: &[(String, Result<Value, ApiError>)],
) -> Result<Value, ApiError> {
    if name == "batch.executeV2" {
        return Err(ApiError::new(100, "A batch cannot contain a batch"));
    }
    let method = find(name).ok_or_else(|| ApiError::new(3, format!("Method {name} not found")))?;
    match (method.session, call.user.is_some()) {
        (SessionRule::Required, false) => {
            return Err(ApiError::new(453, "Session is required for this method"));
        }
        (SessionRule::Prohibited, true) => {
            return Err(ApiError::new(451, "Session is prohibited for this method"));
        }
        _ => {}
    }
    let empty = Map::new();
    let params = body
        .get("params")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut pairs: Vec<(String, String)> = params
        .iter()
        .map(|(key, value)| (key.clone(), text(value)))
        .collect();
    if let Some(supplied) = body.get("supplyParams").and_then(Value::as_object) {
        for (param, source) in supplied {
            let source = source.as_str().unwrap_or_default();
            pairs.push((param.clone(), supply(source, done)?));
        }
    }
    (method.handler)(&Call {
        params: &pairs,
        user: call.user,
        state: call.state,
    })
}

/// The value `<method>.<field>` names, from the results so far.
fn supply(source: &str, done: &[(String, Result<Value, ApiError>)]) -> Result<String, ApiError> {
    let bad = |why: String| ApiError::new(100, format!("Invalid supplier {source}: {why}"));
    // Method names contain a dot themselves: the field is after the last one.
    let (method, field) = source
        .rsplit_once('.')
        .ok_or_else(|| bad("expected <method>.<field>".into()))?;
    let mut earlier = done.iter().filter(|(name, _)| name == method);
    let (Some((_, result)), None) = (earlier.next(), earlier.next()) else {
        return Err(bad(format!("{method} must run exactly once before")));
    };
    let value = result
        .as_ref()
        .map_err(|_| bad(format!("{method} failed")))?
        .get(field)
        .ok_or_else(|| bad(format!("{method} answered no {field}")))?;
    Ok(text(value))
}

/// A JSON value as a parameter: strings as they are, lists comma-joined, anything else as
/// its JSON text.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}
