//! The emulated mail.ru methods, as a table: name and handler.
//!
//! A method acts for the user of the session (`session_key`) or, called by the application
//! itself (server circuit without a session), for the user named by `uid`; the common checks
//! (application, signature, session rule, required parameters present) are done before the
//! handler runs. To add a method, write a handler and add a row to [`METHODS`].
//!
//! Where the platform documents no answer, the sandbox answers the smallest plausible shape
//! (an id, or `1` for a done write) and says so at the handler.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

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
    /// Parameters a call must carry (100 before the handler runs otherwise).
    pub required: &'static [&'static str],
    pub handler: fn(&Call<'_>) -> Result<Value, ApiError>,
}

const fn method(
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

/// What the methods change, one per sandbox.
#[derive(Debug, Default)]
pub(crate) struct Store {
    next_id: AtomicU64,
    inner: Mutex<Changes>,
}

#[derive(Debug, Default)]
struct Changes {
    /// Albums made through the API: aid -> (owner, title).
    albums: BTreeMap<String, (String, String)>,
    /// Photos uploaded through the API: (aid, pid, url).
    photos: Vec<(String, String, String)>,
    /// Guestbook entries written through the API: owner -> texts.
    guestbook: BTreeMap<String, Vec<(String, String)>>,
    /// Messages sent: (from, to, text).
    messages: Vec<(String, String, String)>,
    /// `(user, thread)` likes.
    likes: BTreeSet<(String, String)>,
}

impl Store {
    fn next(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed) + 1
    }

    fn changes(&self) -> std::sync::MutexGuard<'_, Changes> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What a handler gets.
pub(crate) struct Call<'a> {
    pub params: &'a [(String, String)],
    /// The user of the session, when the call has one.
    pub user: Option<&'static User>,
    pub store: &'a Store,
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
    method("audio.get", SessionRule::Required, &[], audio_get),
    method("audio.link", SessionRule::Required, &["mid"], audio_link),
    method(
        "audio.search",
        SessionRule::Required,
        &["query"],
        audio_search,
    ),
    method(
        "events.getNewCount",
        SessionRule::Required,
        &[],
        events_get_new_count,
    ),
    method("friends.get", SessionRule::Required, &[], friends_get),
    method(
        "friends.getAppUsers",
        SessionRule::Required,
        &[],
        friends_get_app_users,
    ),
    method(
        "friends.getInvitationsCount",
        SessionRule::Optional,
        &["uid"],
        friends_get_invitations_count,
    ),
    method(
        "friends.getOnline",
        SessionRule::Required,
        &[],
        friends_get_online,
    ),
    method("guestbook.get", SessionRule::Required, &[], guestbook_get),
    method(
        "guestbook.post",
        SessionRule::Required,
        &["uid", "description"],
        guestbook_post,
    ),
    method(
        "mail.getUnreadCount",
        SessionRule::Required,
        &[],
        mail_get_unread_count,
    ),
    method(
        "messages.getThread",
        SessionRule::Required,
        &["uid"],
        messages_get_thread,
    ),
    method(
        "messages.getThreadsList",
        SessionRule::Required,
        &[],
        messages_get_threads_list,
    ),
    method(
        "messages.getUnreadCount",
        SessionRule::Required,
        &[],
        messages_get_unread_count,
    ),
    method(
        "messages.post",
        SessionRule::Required,
        &["uid", "message"],
        messages_post,
    ),
    method(
        "notifications.send",
        SessionRule::Prohibited,
        &["uids", "text"],
        notifications_send,
    ),
    method(
        "photos.createAlbum",
        SessionRule::Required,
        &["title"],
        photos_create_album,
    ),
    method("photos.get", SessionRule::Required, &["aid"], photos_get),
    method(
        "photos.getAlbums",
        SessionRule::Required,
        &[],
        photos_get_albums,
    ),
    method(
        "photos.upload",
        SessionRule::Required,
        &["aid", "img_url"],
        photos_upload,
    ),
    method(
        "stream.comment",
        SessionRule::Required,
        &["thread_id", "text"],
        stream_comment,
    ),
    method("stream.get", SessionRule::Required, &[], stream_get),
    method(
        "stream.getByAuthor",
        SessionRule::Optional,
        &[],
        stream_get_by_author,
    ),
    method(
        "stream.like",
        SessionRule::Required,
        &["thread_id"],
        stream_like,
    ),
    method("stream.post", SessionRule::Required, &["text"], stream_post),
    method(
        "stream.share",
        SessionRule::Required,
        &["url"],
        stream_share,
    ),
    method(
        "stream.unlike",
        SessionRule::Required,
        &["thread_id"],
        stream_unlike,
    ),
    method(
        "users.getBalance",
        SessionRule::Optional,
        &[],
        users_get_balance,
    ),
    method("users.getInfo", SessionRule::Required, &[], users_get_info),
    method(
        "users.hasAppPermission",
        SessionRule::Optional,
        &["ext_perm"],
        users_has_app_permission,
    ),
    method(
        "users.isAppUser",
        SessionRule::Optional,
        &[],
        users_is_app_user,
    ),
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
    friends_where(call, |_| true)
}

/// Friends who installed the application (everyone but Carol), as ids or, with `ext=1`,
/// profiles.
fn friends_get_app_users(call: &Call<'_>) -> Result<Value, ApiError> {
    friends_where(call, |uid| uid != fx::CAROL_UID)
}

fn friends_where(call: &Call<'_>, keep: fn(&str) -> bool) -> Result<Value, ApiError> {
    let offset = call.number("offset", 0)?;
    let extended = match call.param("ext") {
        None | Some("0") => false,
        Some("1") => true,
        Some(_) => return Err(ApiError::invalid("ext must be 0 or 1")),
    };
    let user = call.acting_user()?;
    let friends = user.friends.iter().filter(|uid| keep(uid)).skip(offset);
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

const MP3: &str = "https://music.my.mail.ru/sandbox";

fn track(mid: &str, title: &str) -> Value {
    let (artist, name) = title.split_once(" - ").unwrap_or(("", title));
    json!({
        "mid": mid,
        "artist": artist,
        "title": name,
        "duration": 180,
        "link": format!("{MP3}/{mid}.mp3"),
    })
}

/// The user's music: every sandbox track, or those named in `mids` (the shape is the
/// sandbox's choice).
fn audio_get(call: &Call<'_>) -> Result<Value, ApiError> {
    call.acting_user()?;
    let wanted: Vec<&str> = call
        .param("mids")
        .map(|m| list(m).collect())
        .unwrap_or_default();
    let offset = call.number("offset", 0)?;
    let limit = call.number("limit", MAX_LIMIT)?.min(MAX_LIMIT);
    Ok(TRACKS
        .iter()
        .filter(|(mid, _)| wanted.is_empty() || wanted.contains(mid))
        .skip(offset)
        .take(limit)
        .map(|(mid, title)| track(mid, title))
        .collect())
}

/// The address of a track (`{"link": ...}`, the sandbox's shape).
fn audio_link(call: &Call<'_>) -> Result<Value, ApiError> {
    let mid = call
        .param("mid")
        .ok_or_else(|| ApiError::invalid("mid is missing"))?;
    TRACKS
        .iter()
        .find(|(id, _)| *id == mid)
        .map(|(id, _)| json!({ "link": format!("{MP3}/{id}.mp3") }))
        .ok_or_else(|| ApiError::invalid("unknown mid"))
}

/// Writes in a guestbook; answers the entry's id (the sandbox's shape).
fn guestbook_post(call: &Call<'_>) -> Result<Value, ApiError> {
    let author = call.acting_user()?;
    let uid = call
        .param("uid")
        .ok_or_else(|| ApiError::invalid("uid is missing"))?;
    let owner = data::user_by_uid(uid).ok_or_else(|| ApiError::invalid("unknown uid"))?;
    let text = call
        .param("description")
        .ok_or_else(|| ApiError::invalid("description is missing"))?;
    for n in [1, 2] {
        let text = call.param(&format!("link{n}_text"));
        let href = call.param(&format!("link{n}_href"));
        if text.is_some() != href.is_some() {
            return Err(ApiError::invalid(
                "a link needs both its text and its address",
            ));
        }
    }
    let id = call.store.next();
    call.store
        .changes()
        .guestbook
        .entry(owner.uid.to_owned())
        .or_default()
        .push((author.uid.to_owned(), text.to_owned()));
    Ok(json!({ "id": id.to_string() }))
}

/// A conversation with `uid`: one message each way, then the ones sent through the API.
fn messages_get_thread(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let uid = call
        .param("uid")
        .ok_or_else(|| ApiError::invalid("uid is missing"))?;
    let other = data::user_by_uid(uid).ok_or_else(|| ApiError::invalid("unknown uid"))?;
    let offset = call.number("offset", 0)?;
    let limit = call.number("limit", 10)?.min(MAX_LIMIT);
    let message = |mine: bool, time: u64, text: &str| {
        json!({
            "type": u8::from(!mine),
            "time": time,
            "message": [{ "object": "text", "content": text }],
            "filtered_message": text,
        })
    };
    let mut thread = vec![
        message(
            false,
            1_760_000_000,
            &format!("Привет от {}!", other.first_name),
        ),
        message(true, 1_760_000_600, "Привет!"),
    ];
    let changes = call.store.changes();
    thread.extend(
        changes
            .messages
            .iter()
            .filter(|(from, to, _)| {
                (from == user.uid && to == other.uid) || (from == other.uid && to == user.uid)
            })
            .enumerate()
            .map(|(i, (from, _, text))| message(from == user.uid, 1_770_000_000 + i as u64, text)),
    );
    Ok(thread.into_iter().skip(offset).take(limit).collect())
}

/// The user's conversations: one with each friend.
fn messages_get_threads_list(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let offset = call.number("offset", 0)?;
    let limit = call.number("limit", 10)?.min(MAX_LIMIT);
    Ok(user
        .friends
        .iter()
        .filter_map(|uid| data::user_by_uid(uid))
        .skip(offset)
        .take(limit)
        .map(|friend| {
            json!({
                "user": data::user_object(friend, user),
                "time": 1_760_000_600,
                "unread": u8::from(friend.is_online),
            })
        })
        .collect())
}

/// Sends a message to a friend; answers its id (the sandbox's shape).
fn messages_post(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let uid = call
        .param("uid")
        .ok_or_else(|| ApiError::invalid("uid is missing"))?;
    let other = data::user_by_uid(uid).ok_or_else(|| ApiError::invalid("unknown uid"))?;
    if !user.friends.contains(&other.uid) {
        return Err(ApiError::new(202, "Access to this object is denied"));
    }
    let text = call
        .param("message")
        .ok_or_else(|| ApiError::invalid("message is missing"))?;
    let id = call.store.next();
    call.store.changes().messages.push((
        user.uid.to_owned(),
        other.uid.to_owned(),
        text.to_owned(),
    ));
    Ok(json!({ "message_id": id.to_string() }))
}

/// Creates an album (with the id `aid` asks for, if free); answers it in the shape of
/// photos.getAlbums' items (the platform does not document the answer).
fn photos_create_album(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let title = call
        .param("title")
        .ok_or_else(|| ApiError::invalid("title is missing"))?;
    let mut changes = call.store.changes();
    let aid = match call.param("aid") {
        Some(aid)
            if changes.albums.contains_key(aid) || aid == format!("{}-album", user.checksum) =>
        {
            return Err(ApiError::invalid("this aid is taken"));
        }
        Some(aid) => aid.to_owned(),
        None => format!("{}-{}", user.checksum, call.store.next()),
    };
    changes
        .albums
        .insert(aid.clone(), (user.uid.to_owned(), title.to_owned()));
    Ok(json!({ "aid": aid, "owner": user.uid, "title": title, "size": 0 }))
}

/// The photos of the user's album: one per friend, then the uploaded ones.
fn photos_get(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let aid = call
        .param("aid")
        .ok_or_else(|| ApiError::invalid("aid is missing"))?;
    let own = format!("{}-album", user.checksum);
    let changes = call.store.changes();
    let made_by_user = changes
        .albums
        .get(aid)
        .is_some_and(|(owner, _)| owner == user.uid);
    if aid != own && !made_by_user {
        return Err(ApiError::new(202, "Access to this object is denied"));
    }
    let wanted: Vec<&str> = call
        .param("pids")
        .map(|p| list(p).collect())
        .unwrap_or_default();
    let offset = call.number("offset", 0)?;
    let limit = call.number("limit", MAX_LIMIT)?.min(MAX_LIMIT);
    let base = format!("https://content.foto.my.mail.ru/mail/{}/{aid}", user.nick);
    let photo = |n: usize, pid: &str, src: &str| {
        json!({
            "pid": pid.parse::<u64>().map_or_else(|_| json!(pid), |n| json!(n)),
            "aid": aid,
            "owner": user.uid,
            "title": format!("Photo {n}"),
            "src": src,
            "src_small": src.replace("/s-", "/xxs-"),
            "src_big": src.replace("/s-", "/i-"),
            "created": 1_700_000_000 + n as u64 * 60,
            "width": 800,
            "height": 600,
            "size": 120_000,
        })
    };
    let mut photos: Vec<Value> = Vec::new();
    if aid == own {
        for n in 1..=user.friends.len() {
            photos.push(photo(n, &n.to_string(), &format!("{base}/s-{n}.jpg")));
        }
    }
    for (n, (_, pid, url)) in changes.photos.iter().filter(|(a, ..)| a == aid).enumerate() {
        photos.push(photo(n + 100, pid, url));
    }
    Ok(photos
        .into_iter()
        .filter(|p| {
            wanted.is_empty()
                || wanted
                    .iter()
                    .any(|w| p["pid"].to_string().trim_matches('"') == *w)
        })
        .skip(offset)
        .take(limit)
        .collect())
}

/// Adds a photo by address to one of the user's albums; answers its `pid` (the sandbox's
/// shape).
fn photos_upload(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let aid = call
        .param("aid")
        .ok_or_else(|| ApiError::invalid("aid is missing"))?;
    let url = call
        .param("img_url")
        .ok_or_else(|| ApiError::invalid("img_url is missing"))?;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(ApiError::invalid("img_url must be an http(s) address"));
    }
    let mut changes = call.store.changes();
    let own = aid == format!("{}-album", user.checksum)
        || changes
            .albums
            .get(aid)
            .is_some_and(|(owner, _)| owner == user.uid);
    if !own {
        return Err(ApiError::new(202, "Access to this object is denied"));
    }
    let pid = (1000 + call.store.next()).to_string();
    changes
        .photos
        .push((aid.to_owned(), pid.clone(), url.to_owned()));
    Ok(json!({ "pid": pid, "aid": aid }))
}

/// The event whose comment thread is `thread_id` (its `huid`).
fn thread(call: &Call<'_>) -> Result<String, ApiError> {
    let thread = call
        .param("thread_id")
        .ok_or_else(|| ApiError::invalid("thread_id is missing"))?;
    data::EVENTS
        .iter()
        .filter_map(|event| {
            data::user_by_uid(event.author).map(|author| format!("{}{}", author.checksum, event.id))
        })
        .find(|huid| huid == thread)
        .ok_or_else(|| ApiError::invalid("unknown thread_id"))
}

/// Comments an event; answers the comment's id (the sandbox's shape).
fn stream_comment(call: &Call<'_>) -> Result<Value, ApiError> {
    call.acting_user()?;
    let thread = thread(call)?;
    call.param("text")
        .ok_or_else(|| ApiError::invalid("text is missing"))?;
    Ok(json!({ "id": format!("{thread}-{}", call.store.next()) }))
}

/// Likes an event: `1` when the like is new, `0` when it was there (the sandbox's shape).
fn stream_like(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let thread = thread(call)?;
    let added = call
        .store
        .changes()
        .likes
        .insert((user.uid.to_owned(), thread));
    Ok(json!(u8::from(added)))
}

fn stream_unlike(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let thread = thread(call)?;
    let removed = call
        .store
        .changes()
        .likes
        .remove(&(user.uid.to_owned(), thread));
    Ok(json!(u8::from(removed)))
}

/// Posts in the user's stream; answers the new event's id (the sandbox's shape). The limits
/// of the platform's dialog are checked: text and title up to 400 characters, link texts up
/// to 20, each link with its text and address.
fn stream_post(call: &Call<'_>) -> Result<Value, ApiError> {
    call.acting_user()?;
    for (name, limit) in [
        ("text", 400),
        ("title", 400),
        ("link1_text", 20),
        ("link2_text", 20),
    ] {
        if call.param(name).is_some_and(|v| v.chars().count() > limit) {
            return Err(ApiError::invalid(&format!("{name} is too long")));
        }
    }
    for n in [1, 2] {
        if call.param(&format!("link{n}_text")).is_some()
            != call.param(&format!("link{n}_href")).is_some()
        {
            return Err(ApiError::invalid(
                "a link needs both its text and its address",
            ));
        }
    }
    Ok(json!({ "id": format!("{:016X}", call.store.next()) }))
}

fn stream_share(call: &Call<'_>) -> Result<Value, ApiError> {
    call.acting_user()?;
    let url = call
        .param("url")
        .ok_or_else(|| ApiError::invalid("url is missing"))?;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(ApiError::invalid("url must be an http(s) address"));
    }
    Ok(json!({ "id": format!("{:016X}", call.store.next()) }))
}

/// The user's balance in the application (`{"balance": N}`, the sandbox's shape).
fn users_get_balance(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    Ok(json!({ "balance": if user.uid == fx::CAROL_UID { 0 } else { 25 } }))
}

/// Whether the user granted a privilege (`{"hasAppPermission": 0|1}`, shaped after
/// users.isAppUser). Users of the application granted `stream` and `photos`.
fn users_has_app_permission(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let privilege = call
        .param("ext_perm")
        .ok_or_else(|| ApiError::invalid("ext_perm is missing"))?;
    if !matches!(
        privilege,
        "stream" | "guestbook" | "photos" | "messages" | "events"
    ) {
        return Err(ApiError::invalid("unknown privilege"));
    }
    let granted = user.uid != fx::CAROL_UID && matches!(privilege, "stream" | "photos");
    Ok(json!({ "hasAppPermission": u8::from(granted) }))
}
