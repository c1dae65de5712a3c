//! The emulated mail.ru methods, as a table: name and handler.
//!
//! A method acts for the user of the session (`session_key`) or, called by the application
//! itself (server circuit without a session), for the user named by `uid`; the common checks
//! (application, signature, session rule) are done before the handler runs. To add a method,
//! write a handler and add a row to [`METHODS`].

use serde_json::{Value, json};

use crate::fixtures::mailru as fx;

use super::ApiError;
use super::data::{self, User};
use crate::answer::{list, param};
pub(crate) use crate::session_rule::SessionRule;

/// One emulated method.
pub(crate) struct Method {
    pub name: &'static str,
    pub session: SessionRule,
    pub handler: fn(&Call<'_>) -> Result<Value, ApiError>,
}

/// What a handler gets.
pub(crate) struct Call<'a> {
    pub params: &'a [(String, String)],
    /// The user of the session, when the call has one.
    pub user: Option<&'static User>,
}

impl<'a> Call<'a> {
    /// The user the call acts for: the session's, or the one named by `uid`.
    fn acting_user(&self) -> Result<&'static User, ApiError> {
        if let Some(user) = self.user {
            return Ok(user);
        }
        let uid = self
            .param("uid")
            .ok_or_else(|| ApiError::invalid("uid is missing"))?;
        data::user_by_uid(uid).ok_or_else(|| ApiError::invalid("unknown uid"))
    }

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
        session: SessionRule::Required,
        handler: users_get_info,
    },
    Method {
        name: "friends.get",
        session: SessionRule::Required,
        handler: friends_get,
    },
    Method {
        name: "stream.get",
        session: SessionRule::Required,
        handler: stream_get,
    },
    Method {
        name: "stream.getByAuthor",
        session: SessionRule::Optional,
        handler: stream_get_by_author,
    },
    Method {
        name: "users.isAppUser",
        session: SessionRule::Optional,
        handler: users_is_app_user,
    },
    Method {
        name: "friends.getOnline",
        session: SessionRule::Required,
        handler: friends_get_online,
    },
    Method {
        name: "friends.getInvitationsCount",
        session: SessionRule::Optional,
        handler: friends_get_invitations_count,
    },
    Method {
        name: "guestbook.get",
        session: SessionRule::Required,
        handler: guestbook_get,
    },
    Method {
        name: "photos.getAlbums",
        session: SessionRule::Required,
        handler: photos_get_albums,
    },
    Method {
        name: "audio.search",
        session: SessionRule::Required,
        handler: audio_search,
    },
    Method {
        name: "messages.getUnreadCount",
        session: SessionRule::Required,
        handler: messages_get_unread_count,
    },
    Method {
        name: "mail.getUnreadCount",
        session: SessionRule::Required,
        handler: mail_get_unread_count,
    },
    Method {
        name: "events.getNewCount",
        session: SessionRule::Required,
        handler: events_get_new_count,
    },
    Method {
        name: "notifications.send",
        session: SessionRule::Prohibited,
        handler: notifications_send,
    },
];

pub(crate) fn find(name: &str) -> Option<&'static Method> {
    METHODS.iter().find(|method| method.name == name)
}

/// The most items one call returns.
const MAX_LIMIT: usize = 100;

fn users_get_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let viewer = call.acting_user()?;
    let users: Vec<Value> = match call.param("uids") {
        Some(uids) => list(uids)
            .filter_map(data::user_by_uid)
            .map(|user| data::user_object(user, viewer))
            .collect(),
        None => vec![data::user_object(viewer, viewer)],
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
    let user = call.acting_user()?;
    let friends = user.friends.iter().skip(offset);
    Ok(if extended {
        friends
            .filter_map(|uid| data::user_by_uid(uid))
            .map(|friend| data::user_object(friend, user))
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
    let viewer = call.acting_user()?;
    let events: Vec<_> = data::stream_of(viewer)
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
        .map(|event| data::event_object(event, viewer))
        .collect())
}

/// The events `uid` (or the session's user) authored, newest first, with the paging of
/// stream.get.
fn stream_get_by_author(call: &Call<'_>) -> Result<Value, ApiError> {
    let author = call.acting_user()?;
    let limit = call.number("limit", 10)?.min(MAX_LIMIT);
    let offset = call.number("offset", 0)?;
    let events: Vec<_> = data::stream_of(author)
        .into_iter()
        .filter(|event| event.author == author.uid)
        .collect();
    let start = match call.param("skip") {
        Some(skip) => events
            .iter()
            .position(|event| event.id == skip)
            .map_or(events.len(), |i| i + 1),
        None => offset,
    };
    let viewer = call.user.unwrap_or(author);
    Ok(events
        .into_iter()
        .skip(start)
        .take(limit)
        .map(|event| data::event_object(event, viewer))
        .collect())
}

/// Everyone but Carol has installed the sandbox application.
fn users_is_app_user(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    Ok(json!({ "isAppUser": u8::from(user.uid != fx::CAROL_UID) }))
}

/// Each user has invited as many people as they have friends.
fn friends_get_invitations_count(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    Ok(json!({ "count": user.friends.len() }))
}

/// Each friend of the owner has left one entry.
fn guestbook_get(call: &Call<'_>) -> Result<Value, ApiError> {
    let owner = call.acting_user()?;
    let limit = call.number("limit", 10)?.min(MAX_LIMIT);
    let offset = call.number("offset", 0)?;
    Ok(owner
        .friends
        .iter()
        .filter_map(|uid| data::user_by_uid(uid))
        .skip(offset)
        .take(limit)
        .map(|friend| {
            json!({
                "author": data::user_object(friend, owner),
                "text": format!("Привет от {}!", friend.first_name),
            })
        })
        .collect())
}

/// One album per user, holding as many photos as the user has friends.
fn photos_get_albums(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let aid = format!("{}-album", user.checksum);
    if let Some(aids) = call.param("aids")
        && !list(aids).any(|wanted| wanted == aid)
    {
        return Ok(json!([]));
    }
    Ok(json!([{
        "aid": aid,
        "owner": user.uid,
        "title": format!("{}'s photos", user.first_name),
        "description": "",
        "created": "1700000000",
        "updated": "1760000000",
        "size": user.friends.len(),
        "privacy": 2,
        "cover_pid": format!("{}-1", user.checksum),
        "link": format!("https://my.mail.ru/mail/{}/photo/album", user.nick),
    }]))
}

const TRACKS: &[(&str, &str)] = &[
    ("m1", "Kino - Gruppa krovi"),
    ("m2", "Kino - Kukushka"),
    ("m3", "Aquarium - Gorod zolotoy"),
];

fn audio_search(call: &Call<'_>) -> Result<Value, ApiError> {
    let query = call
        .param("query")
        .ok_or_else(|| ApiError::invalid("query is missing"))?
        .to_lowercase();
    Ok(TRACKS
        .iter()
        .filter(|(_, title)| title.to_lowercase().contains(&query))
        .map(|(mid, title)| json!({ "mid": mid, "title": title }))
        .collect())
}

fn messages_get_unread_count(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    Ok(json!({ "count": if user.is_online { 2 } else { 0 } }))
}

fn mail_get_unread_count(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    Ok(json!({ "count": user.friends.len() * 7 }))
}

fn events_get_new_count(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let new = data::stream_of(user).len();
    Ok(json!({ "count": new }))
}

/// Sent to the known users among `uids`; answers their uids.
fn notifications_send(call: &Call<'_>) -> Result<Value, ApiError> {
    let uids = call
        .param("uids")
        .ok_or_else(|| ApiError::invalid("uids is missing"))?;
    call.param("text")
        .ok_or_else(|| ApiError::invalid("text is missing"))?;
    Ok(list(uids)
        .filter(|uid| data::user_by_uid(uid).is_some())
        .map(Value::from)
        .collect())
}

fn friends_get_online(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    Ok(user
        .friends
        .iter()
        .filter(|uid| data::user_by_uid(uid).is_some_and(|friend| friend.is_online))
        .map(|uid| Value::from(*uid))
        .collect())
}
