//! `messagesV2.*`: game messages between friends.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, known_user, method};
use crate::ok::ApiError;

pub(super) const METHODS: &[Method] = &[
    method(
        "messagesV2.sendGameInvite",
        SessionRule::Required,
        &["fid", "timeout"],
        send_game_invite,
    ),
    method(
        "messagesV2.sendGameOver",
        SessionRule::Required,
        &["fid"],
        send_game_over,
    ),
    method(
        "messagesV2.sendGameUpdate",
        SessionRule::Required,
        &["fid"],
        send_game_update,
    ),
];

fn send_game_invite(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let friend = known_user(call.required("fid")?)?;
    if !user.friends.contains(&friend.id) {
        return Err(ApiError::new(
            1103,
            format!("User {} is not a friend", friend.id),
        ));
    }
    let timeout = call
        .int("timeout")?
        .ok_or_else(|| ApiError::missing("timeout"))?;
    if timeout <= 0 {
        return Err(ApiError::new(100, "Invalid parameter timeout"));
    }
    let id = call.state.next_message_id.fetch_add(1, Ordering::Relaxed);
    Ok(json!({ "id": format!("gm{id}"), "create_date_ms": 1_780_000_000_000_i64 + id as i64 }))
}

/// A game message to a friend, in the shape of sendGameInvite's answer (the platform
/// documents only that one).
fn game_message(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let friend = known_user(call.required("fid")?)?;
    if !user.friends.contains(&friend.id) {
        return Err(ApiError::new(
            1103,
            format!("User {} is not a friend", friend.id),
        ));
    }
    if call
        .param("text")
        .is_some_and(|text| text.chars().count() > 300)
    {
        return Err(ApiError::new(100, "Invalid parameter text: too long"));
    }
    let id = call.state.next_message_id.fetch_add(1, Ordering::Relaxed);
    Ok(json!({ "id": format!("gm{id}"), "create_date_ms": 1_780_000_000_000_i64 + id as i64 }))
}

fn send_game_over(call: &Call<'_>) -> Result<Value, ApiError> {
    game_message(call)
}

fn send_game_update(call: &Call<'_>) -> Result<Value, ApiError> {
    if let Some(timeout) = call.int("timeout")?
        && timeout <= 0
    {
        return Err(ApiError::new(100, "Invalid parameter timeout"));
    }
    game_message(call)
}
