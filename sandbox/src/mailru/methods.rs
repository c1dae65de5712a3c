//! The emulated mail.ru methods, as a table: name and handler.
//!
//! Every method here acts for the user of the session (`session_key`); the common checks
//! (application, signature, session) are done before the handler runs. To add a method, write
//! a handler and add a row to [`METHODS`].

use serde_json::Value;

use super::ApiError;
use super::data::{self, User};
use crate::answer::{list, param};

/// One emulated method.
pub(crate) struct Method {
    pub name: &'static str,
    pub handler: fn(&Call<'_>) -> Result<Value, ApiError>,
}

/// What a handler gets.
pub(crate) struct Call<'a> {
    pub params: &'a [(String, String)],
    /// The user of the session.
    pub user: &'static User,
}

impl<'a> Call<'a> {
    fn param(&self, name: &str) -> Option<&'a str> {
        param(self.params, name).filter(|value| !value.is_empty())
    }

    /// A non-negative integer parameter, `default` when absent.
    fn number(&self, name: &str, default: usize) -> Result<usize, ApiError> {
        match self.param(name) {
            None => Ok(default),
            Some(value) => value
                .trim()
                .parse()
                .map_err(|_| ApiError::invalid(&format!("{name} must be a non-negative integer"))),
        }
    }
}

pub(crate) const METHODS: &[Method] = &[
    Method {
        name: "users.getInfo",
        handler: users_get_info,
    },
    Method {
        name: "friends.get",
        handler: friends_get,
    },
    Method {
        name: "stream.get",
        handler: stream_get,
    },
];

pub(crate) fn find(name: &str) -> Option<&'static Method> {
    METHODS.iter().find(|method| method.name == name)
}

/// The most items one call returns.
const MAX_LIMIT: usize = 100;

fn users_get_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let users: Vec<Value> = match call.param("uids") {
        Some(uids) => list(uids)
            .filter_map(data::user_by_uid)
            .map(|user| data::user_object(user, call.user))
            .collect(),
        None => vec![data::user_object(call.user, call.user)],
    };
    Ok(Value::Array(users))
}

fn friends_get(call: &Call<'_>) -> Result<Value, ApiError> {
    let offset = call.number("offset", 0)?;
    let extended = match call.param("ext") {
        None | Some("0") => false,
        Some("1") => true,
        Some(_) => return Err(ApiError::invalid("ext must be 0 or 1")),
    };
    let friends = call.user.friends.iter().skip(offset);
    Ok(if extended {
        friends
            .filter_map(|uid| data::user_by_uid(uid))
            .map(|friend| data::user_object(friend, call.user))
            .collect()
    } else {
        friends.map(|uid| Value::from(*uid)).collect()
    })
}

fn stream_get(call: &Call<'_>) -> Result<Value, ApiError> {
    let limit = call.number("limit", 10)?.min(MAX_LIMIT);
    let offset = call.number("offset", 0)?;
    let filter_app = match call.param("filter_app") {
        None => None,
        Some(app) => Some(
            app.trim()
                .parse::<u64>()
                .map_err(|_| ApiError::invalid("filter_app must be an application id"))?,
        ),
    };
    let events: Vec<_> = data::stream_of(call.user)
        .into_iter()
        .filter(|event| filter_app.is_none_or(|app| event.generator.app_id == app))
        .collect();
    // `skip` continues after the event it names; an id not in the stream leaves nothing.
    let start = match call.param("skip") {
        Some(skip) => events
            .iter()
            .position(|event| event.id == skip)
            .map_or(events.len(), |i| i + 1),
        None => offset,
    };
    Ok(events
        .into_iter()
        .skip(start)
        .take(limit)
        .map(|event| data::event_object(event, call.user))
        .collect())
}
