//! The emulated OK methods, as a table: name, session rule, handler.
//!
//! To add a method, write a handler (it receives the parameters, the session's user if any,
//! and the sandbox's mutable state) and add a row to [`METHODS`]. The common checks
//! (application key, signature, session rule) are done before the handler runs.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

use super::ApiError;
use super::data::{self, User};
use crate::answer::{list, param};

/// Whether a method needs, accepts or refuses a user session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SessionRule {
    /// Without a session: 453 `SESSION_REQUIRED`.
    Required,
    /// Either way; without a session the user is usually named by `uid`.
    Optional,
    /// With a session: 451 `NOT_SESSION_METHOD`.
    Prohibited,
}

/// One emulated method.
pub(crate) struct Method {
    pub name: &'static str,
    pub session: SessionRule,
    pub handler: fn(&Call<'_>) -> Result<Value, ApiError>,
}

/// State that methods change, one per sandbox.
#[derive(Debug)]
pub(crate) struct State {
    next_album_id: AtomicU64,
}

impl Default for State {
    fn default() -> Self {
        State {
            next_album_id: AtomicU64::new(880_000_000_001),
        }
    }
}

/// What a handler gets.
pub(crate) struct Call<'a> {
    pub params: &'a [(String, String)],
    /// The user of the session, when the call has one.
    pub user: Option<&'static User>,
    pub state: &'a State,
}

impl<'a> Call<'a> {
    fn param(&self, name: &str) -> Option<&'a str> {
        param(self.params, name)
    }

    fn required(&self, name: &str) -> Result<&'a str, ApiError> {
        self.param(name)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| ApiError::missing(name))
    }

    fn flag(&self, name: &str) -> bool {
        self.param(name)
            .is_some_and(|value| value.eq_ignore_ascii_case("true") || value == "1")
    }

    /// The user the call acts for: the session's, or without a session the one named by
    /// `uid`.
    fn acting_user(&self) -> Result<&'static User, ApiError> {
        match self.user {
            Some(user) => Ok(user),
            None => known_user(self.required("uid")?),
        }
    }
}

fn known_user(uid: &str) -> Result<&'static User, ApiError> {
    data::user_by_id(uid).ok_or_else(|| ApiError::new(110, format!("Invalid user id {uid}")))
}

pub(crate) const METHODS: &[Method] = &[
    Method {
        name: "users.getCurrentUser",
        session: SessionRule::Required,
        handler: users_get_current_user,
    },
    Method {
        name: "users.getLoggedInUser",
        session: SessionRule::Required,
        handler: users_get_logged_in_user,
    },
    Method {
        name: "users.getInfo",
        session: SessionRule::Optional,
        handler: users_get_info,
    },
    Method {
        name: "users.getCallsLeft",
        session: SessionRule::Optional,
        handler: users_get_calls_left,
    },
    Method {
        name: "friends.get",
        session: SessionRule::Optional,
        handler: friends_get,
    },
    Method {
        name: "group.getInfo",
        session: SessionRule::Optional,
        handler: group_get_info,
    },
    Method {
        name: "notifications.sendSimple",
        session: SessionRule::Prohibited,
        handler: notifications_send_simple,
    },
    Method {
        name: "photos.createAlbum",
        session: SessionRule::Optional,
        handler: photos_create_album,
    },
];

pub(crate) fn find(name: &str) -> Option<&'static Method> {
    METHODS.iter().find(|method| method.name == name)
}

fn users_get_current_user(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let profile = data::profile(user, call.flag("emptyPictures"));
    Ok(match call.param("fields") {
        Some(fields) if !fields.trim().is_empty() => data::select(profile, fields),
        _ => Value::Object(profile),
    })
}

fn users_get_logged_in_user(call: &Call<'_>) -> Result<Value, ApiError> {
    Ok(json!(call.acting_user()?.id))
}

fn users_get_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let uids = call.required("uids")?;
    let fields = call.required("fields")?;
    let empty_pictures = call.flag("emptyPictures");
    Ok(list(uids)
        .filter_map(data::user_by_id)
        .map(|user| data::select(data::profile(user, empty_pictures), fields))
        .collect())
}

fn users_get_calls_left(call: &Call<'_>) -> Result<Value, ApiError> {
    let methods = call.required("methods")?;
    Ok(list(methods)
        .map(|name| {
            let known = find(name).is_some();
            json!({
                "name": name,
                "available": known,
                "callsLeft": if known { 4321 } else { 0 },
            })
        })
        .collect())
}

fn friends_get(call: &Call<'_>) -> Result<Value, ApiError> {
    let owner = match call.param("fid").filter(|fid| !fid.is_empty()) {
        Some(fid) => known_user(fid)?,
        None => call.acting_user()?,
    };
    Ok(json!(owner.friends))
}

fn group_get_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let uids = call.required("uids")?;
    let fields = call.required("fields")?;
    Ok(list(uids)
        .filter_map(data::group_by_id)
        .map(|group| data::select(data::group(group), fields))
        .collect())
}

fn notifications_send_simple(call: &Call<'_>) -> Result<Value, ApiError> {
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

fn photos_create_album(call: &Call<'_>) -> Result<Value, ApiError> {
    call.required("title")?;
    match call.param("gid").filter(|gid| !gid.is_empty()) {
        Some(gid) => {
            data::group_by_id(gid)
                .ok_or_else(|| ApiError::new(160, format!("Invalid group id {gid}")))?;
        }
        None => {
            call.acting_user()?;
        }
    }
    let id = call.state.next_album_id.fetch_add(1, Ordering::Relaxed);
    Ok(json!(id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_are_unique() {
        for (i, a) in METHODS.iter().enumerate() {
            assert!(
                METHODS[i + 1..].iter().all(|b| b.name != a.name),
                "{}",
                a.name
            );
        }
    }
}
