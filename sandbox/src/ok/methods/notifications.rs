//! `notifications.*`: application notifications.

use serde_json::{Map, Value, json};

use std::sync::atomic::Ordering;

use super::{Call, Method, SessionRule, known_user, lock, method};
use crate::answer::list;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    method(
        "notifications.sendFavPromo",
        SessionRule::Prohibited,
        &["text"],
        send_fav_promo,
    ),
    method(
        "notifications.sendMass",
        SessionRule::Prohibited,
        &["text"],
        send_mass,
    ),
    method(
        "notifications.sendMessage",
        SessionRule::Optional,
        &["user_ids"],
        send_message,
    ),
    method(
        "notifications.sendSimple",
        SessionRule::Prohibited,
        &["uid", "text"],
        send_simple,
    ),
    method(
        "notifications.stopFavPromo",
        SessionRule::Prohibited,
        &["id"],
        stop_fav_promo,
    ),
    method(
        "notifications.stopSendMass",
        SessionRule::Prohibited,
        &["id"],
        stop_send_mass,
    ),
    method(
        "notifications.updateFavPromo",
        SessionRule::Prohibited,
        &["id"],
        update_fav_promo,
    ),
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

fn check_status(call: &Call<'_>) -> Result<(), ApiError> {
    match call.param("status") {
        None | Some("" | "PUBLIC" | "ADMINS_ONLY") => Ok(()),
        Some(other) => Err(ApiError::new(
            100,
            format!("Invalid parameter status: {other}"),
        )),
    }
}

/// Starts a mailing and answers its id (the shape is the sandbox's choice).
fn start(call: &Call<'_>, prefix: &str) -> Result<Value, ApiError> {
    let text = call.required("text")?;
    if text.chars().count() > 300 {
        return Err(ApiError::new(100, "Invalid parameter text: too long"));
    }
    check_status(call)?;
    let id = format!(
        "{prefix}{}",
        call.state.next_message_id.fetch_add(1, Ordering::Relaxed)
    );
    lock(&call.state.store).mailings.insert(id.clone());
    Ok(json!(id))
}

fn send_fav_promo(call: &Call<'_>) -> Result<Value, ApiError> {
    start(call, "fav")
}

/// The filters of OK's notes are checked: `gender` and the `a-b` ranges.
fn send_mass(call: &Call<'_>) -> Result<Value, ApiError> {
    if let Some(gender) = call.param("gender").filter(|g| !g.is_empty())
        && !matches!(gender, "MALE" | "M" | "FEMALE" | "F")
    {
        return Err(ApiError::new(
            100,
            format!("Invalid parameter gender: {gender}"),
        ));
    }
    for name in [
        "age_range",
        "birthday_range",
        "first_access_range",
        "last_access_range",
    ] {
        if let Some(range) = call.param(name).filter(|r| !r.is_empty())
            && !range
                .split_once('-')
                .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
        {
            return Err(ApiError::new(
                100,
                format!("Invalid parameter {name}: {range}"),
            ));
        }
    }
    start(call, "mass")
}

fn stop(call: &Call<'_>, prefix: &str) -> Result<Value, ApiError> {
    let id = call.required("id")?;
    let mut store = lock(&call.state.store);
    if id.starts_with(prefix) && store.mailings.remove(id) {
        Ok(json!(true))
    } else {
        Err(ApiError::new(100, format!("Invalid parameter id: {id}")))
    }
}

fn stop_fav_promo(call: &Call<'_>) -> Result<Value, ApiError> {
    stop(call, "fav")
}

fn stop_send_mass(call: &Call<'_>) -> Result<Value, ApiError> {
    stop(call, "mass")
}

fn update_fav_promo(call: &Call<'_>) -> Result<Value, ApiError> {
    let id = call.required("id")?;
    check_status(call)?;
    if id.starts_with("fav") && lock(&call.state.store).mailings.contains(id) {
        Ok(json!(true))
    } else {
        Err(ApiError::new(100, format!("Invalid parameter id: {id}")))
    }
}
