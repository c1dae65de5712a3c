//! The emulated OK methods, as a table: name, session rule, handler.
//!
//! To add a method, write a handler in its group's module (it receives the parameters, the
//! session's user if any, and the sandbox's mutable state) and add a row to that module's
//! `METHODS`. The common checks
//! (application key, signature, session rule) are done before the handler runs.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;

use serde_json::Value;

use super::ApiError;
use super::data::{self, User};
use crate::answer::param;

mod apps;
mod batch;
mod bookmark;
mod community;
mod discussions;
mod events;
mod friends;
mod group;
mod lookup;
mod mediatopic;
mod messages_v2;
mod notifications;
mod photos;
mod photos_v2;
mod stream;
mod url;
mod users;
mod video;

pub(crate) use crate::session_rule::SessionRule;

/// One emulated method.
pub(crate) struct Method {
    pub name: &'static str,
    pub session: SessionRule,
    pub handler: fn(&Call<'_>) -> Result<Value, ApiError>,
}

/// State that methods change, one per sandbox.
#[derive(Debug)]
pub(crate) struct State {
    pub(super) next_album_id: AtomicU64,
    /// Ids handed out by `photosV2.getUploadUrl` and not committed yet.
    pub(super) uploads: Mutex<BTreeSet<u64>>,
    pub(super) next_upload_id: AtomicU64,
    pub(super) next_topic_id: AtomicU64,
    pub(super) next_message_id: AtomicU64,
    /// `(user, bookmarked object)` pairs.
    pub(super) bookmarks: Mutex<BTreeSet<(String, String)>>,
    /// Access tokens issued by the authorization flows.
    pub(crate) issuer: crate::issuer::Issuer,
}

impl Default for State {
    fn default() -> Self {
        State {
            next_album_id: AtomicU64::new(880_000_000_001),
            uploads: Mutex::default(),
            next_upload_id: AtomicU64::new(903_000_000_001),
            next_topic_id: AtomicU64::new(66_000_000_001),
            next_message_id: AtomicU64::new(1),
            bookmarks: Mutex::default(),
            issuer: crate::issuer::Issuer::new("sbx-ok-at"),
        }
    }
}

/// Locks state, whatever an earlier panic left: the sets stay consistent at every step.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What a handler gets.
pub(crate) struct Call<'a> {
    pub params: &'a [(String, String)],
    /// The user of the session, when the call has one.
    pub user: Option<&'static User>,
    pub state: &'a State,
}

impl<'a> Call<'a> {
    pub(super) fn param(&self, name: &str) -> Option<&'a str> {
        param(self.params, name)
    }

    pub(super) fn required(&self, name: &str) -> Result<&'a str, ApiError> {
        self.param(name)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| ApiError::missing(name))
    }

    /// An optional integer parameter; a value that is not a number is error 100.
    pub(super) fn int(&self, name: &str) -> Result<Option<i64>, ApiError> {
        self.param(name)
            .filter(|value| !value.is_empty())
            .map(|value| {
                value
                    .trim()
                    .parse()
                    .map_err(|_| ApiError::new(100, format!("Invalid parameter {name}: {value}")))
            })
            .transpose()
    }

    pub(super) fn flag(&self, name: &str) -> bool {
        self.param(name)
            .is_some_and(|value| value.eq_ignore_ascii_case("true") || value == "1")
    }

    /// The user the call acts for: the session's, or without a session the one named by
    /// `uid`.
    pub(super) fn acting_user(&self) -> Result<&'static User, ApiError> {
        match self.user {
            Some(user) => Ok(user),
            None => known_user(self.required("uid")?),
        }
    }
}

pub(super) fn known_user(uid: &str) -> Result<&'static User, ApiError> {
    data::user_by_id(uid).ok_or_else(|| ApiError::new(110, format!("Invalid user id {uid}")))
}

/// Every group's table.
const TABLES: &[&[Method]] = &[
    apps::METHODS,
    batch::METHODS,
    bookmark::METHODS,
    community::METHODS,
    discussions::METHODS,
    events::METHODS,
    friends::METHODS,
    group::METHODS,
    lookup::METHODS,
    mediatopic::METHODS,
    messages_v2::METHODS,
    notifications::METHODS,
    photos::METHODS,
    photos_v2::METHODS,
    stream::METHODS,
    url::METHODS,
    users::METHODS,
    video::METHODS,
];

/// Every emulated method.
pub(crate) fn all() -> impl Iterator<Item = &'static Method> {
    TABLES.iter().flat_map(|table| table.iter())
}

pub(crate) fn find(name: &str) -> Option<&'static Method> {
    all().find(|method| method.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_are_unique() {
        let names: Vec<&str> = all().map(|method| method.name).collect();
        for (i, a) in names.iter().enumerate() {
            assert!(!names[i + 1..].contains(a), "{a}");
        }
    }
}
