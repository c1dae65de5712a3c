//! The mail.ru emulation: `/platform/api` (with or without a trailing slash).
//!
//! Errors use the envelope `{"error":{"error_code":N,"error_msg":"..."}}` with HTTP 400: an old
//! public wrapper reads mail.ru errors from non-200 responses, and clients must find the
//! envelope whatever the status. Checks: application (103), method (100, 2), signature
//! present (100), session key (100 missing, 102 unknown or expired), signature (104).

use serde_json::{Value, json};

use crate::fixtures::mailru as fx;
use crate::wire::{Answer, get, list, signature};

const JAVASCRIPT: &str = "text/javascript; charset=utf-8";

struct User {
    uid: &'static str,
    session_key: &'static str,
    nick: &'static str,
    first: &'static str,
    last: &'static str,
    sex: u8,
    city: &'static str,
    friends: &'static [&'static str],
}

const USERS: &[User] = &[
    User {
        uid: fx::ALICE_UID,
        session_key: fx::ALICE_SESSION_KEY,
        nick: "alice",
        first: "Alice",
        last: "Volkova",
        sex: 1,
        city: "Moscow",
        friends: &[fx::BOB_UID, fx::DAVE_UID],
    },
    User {
        uid: fx::BOB_UID,
        session_key: fx::BOB_SESSION_KEY,
        nick: "bob",
        first: "Bob",
        last: "Sokolov",
        sex: 0,
        city: "Samara",
        friends: &[fx::ALICE_UID, fx::DAVE_UID],
    },
    User {
        uid: fx::DAVE_UID,
        session_key: "sbxmailrusessiondave004",
        nick: "dave",
        first: "Dave",
        last: "Lebedev",
        sex: 0,
        city: "Tver",
        friends: &[fx::ALICE_UID, fx::BOB_UID],
    },
];

fn find(uid: &str) -> Option<&'static User> {
    USERS.iter().find(|u| u.uid == uid)
}

fn profile(user: &User) -> Value {
    json!({
        "uid": user.uid,
        "first_name": user.first,
        "last_name": user.last,
        "nick": user.nick,
        "sex": user.sex,
        "show_age": 1,
        "birthday": "14.02.1992",
        "has_my": 1,
        "has_pic": 1,
        "pic": format!("https://avt.appsmail.ru/mail/{}/_avatar", user.nick),
        "pic_small": format!("https://avt.appsmail.ru/mail/{}/_avatarsmall", user.nick),
        "pic_big": format!("https://avt.appsmail.ru/mail/{}/_avatarbig", user.nick),
        "pic_50": format!("https://avt.appsmail.ru/mail/{}/_avatar50", user.nick),
        "pic_190": format!("https://avt.appsmail.ru/mail/{}/_avatar190", user.nick),
        "link": format!("https://my.mail.ru/mail/{}/", user.nick),
        "referer_type": "",
        "referer_id": "",
        "is_online": 1,
        "is_friend": 1,
        "friends_count": user.friends.len(),
        "is_verified": 0,
        "vip": 0,
        "app_installed": 1,
        "last_visit": "1790000000",
        "location": {
            "country": {"id": 24, "name": "Россия"},
            "city": {"id": 25, "name": user.city},
            "region": {"id": 999999, "name": "Центральный"}
        }
    })
}

/// Stream events by the given user, newest first: ids and times are derived from the index so
/// that every user's events are distinct and ordered.
fn events_of(user: &User) -> Vec<Value> {
    let base: u64 = user.uid[user.uid.len() - 2..].parse().unwrap_or(0) * 100;
    (0..4_u64)
        .map(|i| {
            let id = format!("{:016x}", 0x5b0a_0000_u64 + base + i);
            let (kind, name) = if i % 2 == 0 { ("3-23", "micropost") } else { ("1-1", "photo") };
            json!({
                "id": id,
                "huid": format!("{}{}", user.nick, id),
                "thread_id": format!("{}{}", user.nick, id),
                "type": kind,
                "type_name": name,
                "subtype": "event",
                "time": 1_790_000_000 - (base + i) * 3600,
                "authors": [profile(user)],
                "user_text": format!("{} says hello #{i}", user.first),
                "likes_count": i * 3,
                "comments_count": i,
                "is_liked_by_me": 0,
                "is_commentable": 1,
                "is_likeable": 1,
                "attachments": [],
                "generator": {"app_id": fx::APP_ID, "type": "app", "title": "okru sandbox", "url": "https://my.mail.ru/apps/700001", "icon": "https://my.mail.ru/apps/700001/icon.png"}
            })
        })
        .collect()
}

fn error(code: i64, message: &str) -> Answer {
    Answer::new(
        400,
        JAVASCRIPT,
        json!({"error": {"error_code": code, "error_msg": message}}).to_string(),
    )
}

/// The error answer of a rate limit: mail.ru documents no rate-limit code, so the sandbox uses
/// 3 "Service Unavailable", the documented code closest in meaning.
pub(crate) fn rate_limited() -> Answer {
    error(3, "Service Unavailable: too many requests")
}

fn number(params: &[(String, String)], name: &str, default: usize) -> Result<usize, Answer> {
    match get(params, name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| error(100, &format!("{name} is not a number"))),
    }
}

type Handler = fn(&[(String, String)], &'static User) -> Result<Value, Answer>;

const METHODS: &[(&str, Handler)] = &[
    ("users.getInfo", |params, user| {
        let users: Vec<Value> = match get(params, "uids") {
            Some(uids) => list(uids)
                .into_iter()
                .filter_map(find)
                .map(profile)
                .collect(),
            None => vec![profile(user)],
        };
        Ok(Value::Array(users))
    }),
    ("friends.get", |params, user| {
        let offset = number(params, "offset", 0)?;
        let ext = get(params, "ext") == Some("1");
        let friends = user.friends.iter().skip(offset);
        Ok(if ext {
            friends.filter_map(|f| find(f)).map(profile).collect()
        } else {
            friends.map(|f| json!(f)).collect()
        })
    }),
    ("stream.get", |params, user| {
        let limit = number(params, "limit", 10)?;
        let offset = number(params, "offset", 0)?;
        let mut events: Vec<Value> = std::iter::once(user)
            .chain(user.friends.iter().filter_map(|f| find(f)))
            .flat_map(events_of)
            .collect();
        events.sort_by_key(|e| std::cmp::Reverse(e["time"].as_u64().unwrap_or(0)));
        let start = match get(params, "skip") {
            Some(skip) => events
                .iter()
                .position(|e| e["id"] == skip)
                .map_or(events.len(), |i| i + 1),
            None => offset,
        };
        Ok(events.into_iter().skip(start).take(limit).collect())
    }),
];

/// Answers one mail.ru call.
pub(crate) fn handle(params: &[(String, String)]) -> Answer {
    match get(params, "app_id") {
        Some(id) if id == fx::APP_ID.to_string() => {}
        _ => return error(103, "Application lookup failed"),
    }
    let Some(method) = get(params, "method") else {
        return error(100, "method is missing");
    };
    let Some(&(_, handler)) = METHODS.iter().find(|(name, _)| *name == method) else {
        return error(2, "Unknown method called");
    };
    let Some(sig) = get(params, "sig") else {
        return error(100, "sig is missing");
    };
    let user = match get(params, "session_key") {
        None => return error(100, "session_key is missing"),
        Some(key) => match USERS.iter().find(|u| u.session_key == key) {
            Some(user) => user,
            None => {
                return error(
                    102,
                    "User authorization failed: session key is invalid or expired",
                );
            }
        },
    };
    let expected = if get(params, "secure") == Some("1") {
        signature("", params, &["sig"], fx::SECRET_KEY)
    } else {
        signature(user.uid, params, &["sig"], fx::PRIVATE_KEY)
    };
    if sig != expected {
        return error(104, "Incorrect signature");
    }
    match handler(params, user) {
        Ok(value) => Answer::new(200, JAVASCRIPT, value.to_string()),
        Err(answer) => answer,
    }
}
