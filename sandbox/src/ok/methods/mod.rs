//! The emulated OK methods, as a table: name, session rule, handler.
//!
//! To add a method, write a handler in its group's module (it receives the parameters, the
//! session's user if any, and the sandbox's mutable state) and add a row to that module's
//! `METHODS`: name, session rule, required parameters, handler. The common checks
//! (application key, signature, session rule, required parameters present) are done before
//! the handler runs.
//!
//! Writes to objects the API created (albums, comments, products ...) are kept in [`State`];
//! writes to the fixed data set are checked (the object exists, the user may change it) and
//! acknowledged, but the fixed data stay as they are.

use std::collections::{BTreeMap, BTreeSet};
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
mod market;
mod mediatopic;
mod messages_v2;
mod notifications;
mod photos;
mod photos_v2;
mod sdk;
mod stream;
mod url;
mod users;
mod video;

pub(crate) use crate::session_rule::SessionRule;

/// One emulated method.
pub(crate) struct Method {
    pub name: &'static str,
    pub session: SessionRule,
    /// Parameters the platform documents as required: a call without one of them answers
    /// 100 `PARAM` before the handler runs.
    pub required: &'static [&'static str],
    pub handler: fn(&Call<'_>) -> Result<Value, ApiError>,
}

/// A row of a method table.
pub(super) const fn method(
    name: &'static str,
    session: SessionRule,
    required: &'static [&'static str],
    handler: fn(&Call<'_>) -> Result<Value, ApiError>,
) -> Method {
    Method {
        name,
        session,
        required,
        handler,
    }
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
    /// Everything else the methods change, behind one lock.
    pub(super) store: Mutex<Store>,
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
            store: Mutex::default(),
            issuer: crate::issuer::Issuer::new("sbx-ok-at"),
        }
    }
}

/// What the methods change, apart from the counters and sets above.
#[derive(Debug, Default)]
pub(crate) struct Store {
    /// Albums made by photos.createAlbum: id -> (owner, title).
    pub(super) albums: BTreeMap<String, (String, String)>,
    /// Topics made by mediatopic.post: id -> (owner, text).
    pub(super) topics: BTreeMap<String, (String, String)>,
    /// Comments added through the API, by discussion id.
    pub(super) comments: BTreeMap<String, Vec<discussions::AddedComment>>,
    /// Comments deleted or marked as spam.
    pub(super) removed_comments: BTreeSet<String>,
    /// `(user, liked object)` pairs: comments, discussions, photos, albums.
    pub(super) likes: BTreeSet<(String, String)>,
    /// VIP offer slots given: `(user, slot)`.
    pub(super) vip_given: BTreeSet<(String, i64)>,
    /// The application's promotion, as set by apps.setAppPromoInfo.
    pub(super) promo: Option<Value>,
    /// Products and catalogs made or changed through the API.
    pub(super) market: market::Market,
    /// Mass and favourite-promotion notifications not stopped yet.
    pub(super) mailings: BTreeSet<String>,
    /// SDK notes per recipient: (sender, timestamp).
    pub(super) notes: BTreeMap<String, Vec<(String, i64)>>,
    /// Application masks per user.
    pub(super) masks: BTreeMap<String, i64>,
    /// Permissions users took back from the application: `(user, permission)`.
    pub(super) revoked: BTreeSet<(String, String)>,
    /// SMS notification settings per user: (events, start, end).
    pub(super) sms: BTreeMap<String, (BTreeSet<String>, String, String)>,
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

    /// An optional JSON parameter; a value that is not JSON is error 100.
    pub(super) fn json(&self, name: &str) -> Result<Option<Value>, ApiError> {
        self.param(name)
            .filter(|value| !value.is_empty())
            .map(|value| {
                serde_json::from_str(value)
                    .map_err(|_| ApiError::new(100, format!("Invalid parameter {name}: not JSON")))
            })
            .transpose()
    }

    /// Page size from `count`: `default` when absent, 1 to 100.
    pub(super) fn count(&self, default: i64) -> Result<usize, ApiError> {
        let count = self.int("count")?.unwrap_or(default);
        usize::try_from(count)
            .ok()
            .filter(|count| (1..=100).contains(count))
            .ok_or_else(|| ApiError::new(100, format!("Invalid parameter count: {count}")))
    }

    /// The group named by parameter `name`, which must be given.
    pub(super) fn group(&self, name: &str) -> Result<&'static data::Group, ApiError> {
        let id = self.required(name)?;
        data::group_by_id(id).ok_or_else(|| ApiError::new(160, format!("Invalid group id {id}")))
    }

    /// The group named by parameter `name`, which the acting user must run (admin or
    /// moderator): 50 `NOT_ADMIN` otherwise.
    pub(super) fn admin_group(&self, name: &str) -> Result<&'static data::Group, ApiError> {
        let group = self.group(name)?;
        let user = self.acting_user()?;
        if group
            .members
            .iter()
            .any(|(id, status)| *id == user.id && matches!(*status, "ADMIN" | "MODERATOR"))
        {
            Ok(group)
        } else {
            Err(ApiError::new(
                50,
                format!("User {} does not run group {}", user.id, group.id),
            ))
        }
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
    market::METHODS,
    mediatopic::METHODS,
    messages_v2::METHODS,
    notifications::METHODS,
    photos::METHODS,
    photos_v2::METHODS,
    sdk::METHODS,
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
