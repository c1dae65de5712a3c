//! The mail.ru data set: users (with session keys and friends) and stream events.
//!
//! Objects follow the platform's published shapes: 0/1 integer flags, `DD.MM.YYYY` birthdays,
//! `location` with `{id, name}` places, events with `authors`, `huid`, `thread_id` and typed
//! `attachments`.

use serde_json::{Map, Value, json};

use crate::fixtures::mailru as fx;

/// Last visit (Unix time) of users who are not online.
const LAST_VISIT: u64 = 1_779_990_000;
/// The time of the newest event; the others are older by whole hours.
const NOW: u64 = 1_780_000_000;

/// A `{id, name}` place.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place(pub u32, pub &'static str);

/// One mail.ru user.
#[derive(Debug)]
pub(crate) struct User {
    pub uid: &'static str,
    pub session_key: &'static str,
    /// The "user checksum" that prefixes the user's event ids in `huid` and `thread_id`.
    pub checksum: &'static str,
    pub nick: &'static str,
    pub first_name: &'static str,
    pub last_name: &'static str,
    /// 0 male, 1 female.
    pub sex: u8,
    /// Day, month, year; `None` when the user hides their age.
    pub birthday: Option<(u32, u32, u32)>,
    pub country: Place,
    pub region: Place,
    pub city: Place,
    pub has_pic: bool,
    pub is_online: bool,
    pub status_text: &'static str,
    pub friends: &'static [&'static str],
}

pub(crate) const USERS: &[User] = &[
    User {
        uid: fx::ALICE_UID,
        session_key: fx::ALICE_SESSION_KEY,
        checksum: "6A3F0C2E9B1D4F70",
        nick: "alice.volkova",
        first_name: "Alice",
        last_name: "Volkova",
        sex: 1,
        birthday: Some((14, 2, 1992)),
        country: Place(24, "Россия"),
        region: Place(1, "Москва"),
        city: Place(25, "Москва"),
        has_pic: true,
        is_online: true,
        status_text: "Тестирую okru",
        friends: &[fx::BOB_UID, fx::DAVE_UID],
    },
    User {
        uid: fx::BOB_UID,
        session_key: fx::BOB_SESSION_KEY,
        checksum: "1B7E4D2A8C6F3E91",
        nick: "bob.sokolov",
        first_name: "Bob",
        last_name: "Sokolov",
        sex: 0,
        birthday: Some((3, 9, 1987)),
        country: Place(24, "Россия"),
        region: Place(63, "Самарская обл."),
        city: Place(1002, "Самара"),
        has_pic: true,
        is_online: false,
        status_text: "",
        friends: &[fx::ALICE_UID, fx::DAVE_UID],
    },
    User {
        uid: fx::CAROL_UID,
        session_key: fx::CAROL_SESSION_KEY,
        checksum: "C4A19E7B3F5D2068",
        nick: "carol.z",
        first_name: "Carol",
        last_name: "Zaitseva",
        sex: 1,
        birthday: Some((30, 1, 2001)),
        country: Place(30, "Латвия"),
        region: Place(3001, "Рига"),
        city: Place(3002, "Рига"),
        has_pic: false,
        is_online: false,
        status_text: "",
        friends: &[],
    },
    User {
        uid: fx::DAVE_UID,
        session_key: fx::DAVE_SESSION_KEY,
        checksum: "D2F85B0E6A4C7193",
        nick: "dave.lebedev",
        first_name: "Dave",
        last_name: "Lebedev",
        sex: 0,
        birthday: None,
        country: Place(24, "Россия"),
        region: Place(69, "Тверская обл."),
        city: Place(1050, "Тверь"),
        has_pic: true,
        is_online: true,
        status_text: "На рыбалке",
        friends: &[fx::ALICE_UID, fx::BOB_UID],
    },
];

pub(crate) fn user_by_uid(uid: &str) -> Option<&'static User> {
    USERS.iter().find(|user| user.uid == uid)
}

pub(crate) fn user_by_session_key(key: &str) -> Option<&'static User> {
    USERS.iter().find(|user| user.session_key == key)
}

fn flag(on: bool) -> Value {
    json!(u8::from(on))
}

fn place(place: Place) -> Value {
    json!({"id": place.0, "name": place.1})
}

/// A user object as `viewer` sees it (`is_friend` is relative to the viewer).
pub(crate) fn user_object(user: &User, viewer: &User) -> Value {
    let avatar = |suffix: &str| {
        if user.has_pic {
            format!("https://avt.appsmail.ru/mail/{}/_avatar{suffix}", user.nick)
        } else {
            format!("https://img.imgsmail.ru/r/default_avatar{suffix}.png")
        }
    };
    let mut map = Map::new();
    let mut put = |name: &str, value: Value| {
        map.insert(name.to_owned(), value);
    };
    put("uid", json!(user.uid));
    put("first_name", json!(user.first_name));
    put("last_name", json!(user.last_name));
    put("nick", json!(user.nick));
    put("status_text", json!(user.status_text));
    put("sex", json!(user.sex));
    put("show_age", flag(user.birthday.is_some()));
    if let Some((day, month, year)) = user.birthday {
        put("birthday", json!(format!("{day:02}.{month:02}.{year:04}")));
    }
    put("has_my", flag(true));
    put("has_pic", flag(user.has_pic));
    put("pic", json!(avatar("")));
    put("pic_small", json!(avatar("small")));
    put("pic_big", json!(avatar("big")));
    for size in [22, 32, 40, 50, 128, 180, 190] {
        put(&format!("pic_{size}"), json!(avatar(&size.to_string())));
    }
    put(
        "link",
        json!(format!("https://my.mail.ru/mail/{}/", user.nick)),
    );
    put("referer_type", json!(""));
    put("referer_id", json!(""));
    put("is_online", flag(user.is_online));
    put("is_friend", flag(viewer.friends.contains(&user.uid)));
    put("friends_count", json!(user.friends.len()));
    put("is_verified", flag(false));
    put("vip", flag(false));
    put("app_installed", flag(true));
    put("last_visit", json!(LAST_VISIT));
    put(
        "location",
        json!({
            "country": place(user.country),
            "region": place(user.region),
            "city": place(user.city),
        }),
    );
    Value::Object(map)
}

/// What an event is about.
#[derive(Debug)]
pub(crate) enum Content {
    /// A micropost (type `3-23`).
    Micropost { text: &'static str },
    /// A photo added to an album (type `1-1`).
    Photo {
        album_id: &'static str,
        photo_id: &'static str,
        caption: &'static str,
    },
    /// A shared link (type `5-26`).
    Link {
        url: &'static str,
        title: &'static str,
        comment: &'static str,
    },
}

/// The application an event comes from.
#[derive(Debug)]
pub(crate) struct Generator {
    pub app_id: u64,
    pub kind: &'static str,
    pub title: &'static str,
    pub url: &'static str,
}

/// Events made through the sandbox application itself.
const SANDBOX_APP: Generator = Generator {
    app_id: fx::APP_ID,
    kind: "app",
    title: "okru sandbox",
    url: "https://my.mail.ru/apps/700001",
};

/// Events made on the web site.
const WEB: Generator = Generator {
    app_id: 3,
    kind: "web",
    title: "Мой Мир",
    url: "https://my.mail.ru/",
};

/// One stream event.
#[derive(Debug)]
pub(crate) struct Event {
    pub id: &'static str,
    pub author: &'static str,
    /// How many hours before the newest moment of the data set.
    pub hours_ago: u64,
    pub content: Content,
    pub likes: u32,
    pub comments: u32,
    pub generator: &'static Generator,
}

impl Event {
    pub(crate) fn time(&self) -> u64 {
        NOW - self.hours_ago * 3600
    }
}

pub(crate) const EVENTS: &[Event] = &[
    Event {
        id: "00000A1CE0000001",
        author: fx::ALICE_UID,
        hours_ago: 1,
        content: Content::Micropost {
            text: "Пишу тесты против песочницы",
        },
        likes: 3,
        comments: 1,
        generator: &SANDBOX_APP,
    },
    Event {
        id: "0000000B0B000001",
        author: fx::BOB_UID,
        hours_ago: 2,
        content: Content::Link {
            url: "https://www.rust-lang.org/",
            title: "Rust Programming Language",
            comment: "Worth a look",
        },
        likes: 5,
        comments: 0,
        generator: &WEB,
    },
    Event {
        id: "00000DA7E0000001",
        author: fx::DAVE_UID,
        hours_ago: 3,
        content: Content::Photo {
            album_id: "1001",
            photo_id: "2001",
            caption: "Утренний улов",
        },
        likes: 12,
        comments: 4,
        generator: &WEB,
    },
    Event {
        id: "00000CA201000001",
        author: fx::CAROL_UID,
        hours_ago: 5,
        content: Content::Micropost {
            text: "Hello from Riga",
        },
        likes: 0,
        comments: 0,
        generator: &SANDBOX_APP,
    },
    Event {
        id: "00000DA7E0000002",
        author: fx::DAVE_UID,
        hours_ago: 10,
        content: Content::Micropost {
            text: "Кто едет на Селигер?",
        },
        likes: 2,
        comments: 7,
        generator: &SANDBOX_APP,
    },
    Event {
        id: "00000A1CE0000002",
        author: fx::ALICE_UID,
        hours_ago: 30,
        content: Content::Photo {
            album_id: "1002",
            photo_id: "2002",
            caption: "Парк Горького",
        },
        likes: 8,
        comments: 2,
        generator: &WEB,
    },
    Event {
        id: "0000000B0B000002",
        author: fx::BOB_UID,
        hours_ago: 50,
        content: Content::Micropost {
            text: "Самара встречает солнцем",
        },
        likes: 1,
        comments: 0,
        generator: &WEB,
    },
    Event {
        id: "00000DA7E0000003",
        author: fx::DAVE_UID,
        hours_ago: 70,
        content: Content::Link {
            url: "https://docs.rs/",
            title: "Docs.rs",
            comment: "",
        },
        likes: 0,
        comments: 1,
        generator: &SANDBOX_APP,
    },
];

/// An event object as `viewer` sees it.
pub(crate) fn event_object(event: &Event, viewer: &User) -> Value {
    let Some(author) = user_by_uid(event.author) else {
        return Value::Null;
    };
    let huid = format!("{}{}", author.checksum, event.id);
    let profile_url = format!("https://my.mail.ru/mail/{}/", author.nick);
    let (kind, type_name, user_text) = match event.content {
        Content::Micropost { text } => ("3-23", "micropost", text),
        Content::Photo { caption, .. } => ("1-1", "photo", caption),
        Content::Link { comment, .. } => ("5-26", "link", comment),
    };
    let mut map = Map::new();
    let mut put = |name: &str, value: Value| {
        map.insert(name.to_owned(), value);
    };
    put("id", json!(event.id));
    put("huid", json!(huid));
    put("thread_id", json!(huid));
    put("type", json!(kind));
    put("type_name", json!(type_name));
    put("subtype", json!("event"));
    put("time", json!(event.time()));
    put("authors", json!([user_object(author, viewer)]));
    put("user_text", json!(user_text));
    put("likes_count", json!(event.likes));
    put("comments_count", json!(event.comments));
    put(
        "is_liked_by_me",
        flag(event.likes > 0 && viewer.uid != author.uid),
    );
    put("is_commentable", flag(true));
    put("is_likeable", flag(true));
    put("action_links", json!([]));
    put(
        "generator",
        json!({
            "app_id": event.generator.app_id,
            "type": event.generator.kind,
            "title": event.generator.title,
            "url": event.generator.url,
            "icon": format!("{}icon.png", event.generator.url),
        }),
    );
    let attachments = match event.content {
        Content::Micropost { text } => {
            put(
                "click_url",
                json!(format!("{profile_url}microposts?id={}", event.id)),
            );
            put("text_media", json!([{"object": "text", "content": text}]));
            // A micropost's hashtag comes as a `tag` attachment whose content is an object.
            json!([{"object": "tag", "content": {"tag": "sandbox", "is_blacklist": 0}}])
        }
        Content::Photo {
            album_id, photo_id, ..
        } => {
            let base = format!(
                "https://content.foto.my.mail.ru/mail/{}/{album_id}",
                author.nick
            );
            json!([{
                "object": "image",
                "id": photo_id,
                "album_id": album_id,
                "owner_id": author.uid,
                "thread_id": format!("{}{photo_id}", author.checksum),
                "src": format!("{base}/s-{photo_id}.jpg"),
                "resized_src": format!("{base}/p-{photo_id}.jpg"),
                "src_hires": format!("{base}/h-{photo_id}.jpg"),
                "click_url": format!("{profile_url}photo/{album_id}/{photo_id}.html"),
                "width": "800",
                "height": "600",
                "likes_count": event.likes,
                "comments_count": event.comments,
            }])
        }
        Content::Link { url, title, .. } => json!([{"object": "link", "text": title, "url": url}]),
    };
    put("attachments", attachments);
    Value::Object(map)
}

/// The events of `viewer`'s stream (their own and their friends'), newest first.
pub(crate) fn stream_of(viewer: &User) -> Vec<&'static Event> {
    let mut events: Vec<&'static Event> = EVENTS
        .iter()
        .filter(|event| event.author == viewer.uid || viewer.friends.contains(&event.author))
        .collect();
    events.sort_by_key(|event| std::cmp::Reverse(event.time()));
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_and_ids_are_unique() {
        for (i, a) in USERS.iter().enumerate() {
            for b in &USERS[i + 1..] {
                assert_ne!(a.uid, b.uid);
                assert_ne!(a.session_key, b.session_key);
                assert_ne!(a.checksum, b.checksum);
            }
        }
        for (i, a) in EVENTS.iter().enumerate() {
            assert!(user_by_uid(a.author).is_some());
            assert!(EVENTS[i + 1..].iter().all(|b| b.id != a.id));
        }
    }

    #[test]
    fn friendship_is_mutual() {
        for user in USERS {
            for friend in user.friends {
                let friend = user_by_uid(friend).expect("friends exist");
                assert!(friend.friends.contains(&user.uid));
            }
        }
    }

    #[test]
    fn streams_are_newest_first() {
        let alice = &USERS[0];
        let stream = stream_of(alice);
        assert_eq!(stream.len(), 7);
        assert!(stream.windows(2).all(|w| w[0].time() > w[1].time()));
        let carol = user_by_uid(fx::CAROL_UID).expect("Carol exists");
        assert_eq!(stream_of(carol).len(), 1);
    }
}
