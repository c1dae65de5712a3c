//! `notifications.*`: application notifications.

use serde_json::{Map, Value, json};

use super::{Call, Method, SessionRule, known_user};
use crate::answer::list;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    Method {
        name: "notifications.sendSimple",
        session: SessionRule::Prohibited,
        handler: send_simple,
    },
    Method {
        name: "notifications.sendMessage",
        session: SessionRule::Optional,
        handler: send_message,
    },
];

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

/// Sends to each listed user and reports per user: `OK` for users of the application,
/// `NOT_AUTHORIZED` for others, `FAILED` for unknown ids.
fn send_message(call: &Call<'_>) -> Result<Value, ApiError> {
    let user_ids = call.required("user_ids")?;
    if let Some(message) = call.param("message")
        && message.chars().count() > 254
    {
        return Err(ApiError::new(
            100,
            "Invalid parameter message: longer than 254 characters",
        ));
    }
    let mut result = Map::new();
    for uid in list(user_ids) {
        let status = match data::user_by_id(uid) {
            Some(user) if data::APP_USERS.contains(&user.id) => "OK",
            Some(_) => "NOT_AUTHORIZED",
            None => "FAILED",
        };
        result.insert(uid.to_owned(), json!(status));
    }
    Ok(json!({ "result": result }))
}
