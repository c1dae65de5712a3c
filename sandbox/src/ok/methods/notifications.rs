//! `notifications.*`: application notifications.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, known_user};
use crate::ok::ApiError;

pub(super) const METHODS: &[Method] = &[Method {
    name: "notifications.sendSimple",
    session: SessionRule::Prohibited,
    handler: send_simple,
}];

fn send_simple(call: &Call<'_>) -> Result<Value, ApiError> {
    let uid = call.required("uid")?;
    let text = call.required("text")?;
    known_user(uid)?;
    if text.chars().count() > 100 {
        return Err(ApiError::new(
            100,
            "Invalid parameter text: longer than 100 characters",
        ));
    }
    Ok(json!(true))
}
