//! `messagesV2.*`: game messages between friends.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, known_user};
use crate::ok::ApiError;

pub(super) const METHODS: &[Method] = &[Method {
    name: "messagesV2.sendGameInvite",
    session: SessionRule::Required,
    handler: send_game_invite,
}];

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
