//! The rest of the OK data set: applications, discussions and their comments, group topics,
//! the group market, relationships, hashtags and holidays. Users, groups, albums and photos
//! are in `data` and `media`.

use serde_json::{Value, json};

use crate::fixtures::ok as fx;

/// One application of the games catalog.
#[derive(Debug)]
pub(crate) struct App {
    pub id: u64,
    pub name: &'static str,
    pub shortname: &'static str,
    pub category: &'static str,
    pub players: u64,
    /// Catalog section.
    pub node: &'static str,
    /// Days since it appeared on the platform.
    pub age_days: u32,
}

pub(crate) const APPS: &[App] = &[
    App {
        id: fx::APP_ID,
        name: "Sandbox Farm",
        shortname: "sandboxfarm",
        category: "FARM",
        players: 120_000,
        node: "casual",
        age_days: 400,
    },
    App {
        id: 512000100002,
        name: "Sandbox Chess",
        shortname: "sandboxchess",
        category: "BOARD",
        players: 54_000,
        node: "board",
        age_days: 12,
    },
    App {
        id: 512000100003,
        name: "Sandbox Words",
        shortname: "sandboxwords",
        category: "PUZZLE",
        players: 31_000,
        node: "casual",
        age_days: 3,
    },
];

/// The catalog sections, in order.
pub(crate) const NODES: &[&str] = &["casual", "board"];

/// Every field of an application.
pub(crate) fn app_json(app: &App) -> serde_json::Map<String, Value> {
    let pic = |size: &str| format!("https://i.mycdn.me/sandbox/ok/app/{}/{size}.png", app.id);
    let value = json!({
        "appId": app.id,
        "name": app.name,
        "shortname": app.shortname,
        "category": app.category,
        "players": app.players,
        "icon": pic("icon"),
        "pic50x50": pic("50x50"),
        "pic128x128": pic("128x128"),
        "url": format!("https://ok.ru/game/{}", app.shortname),
        "allowedByAge": true,
        "allowedByPlatform": true,
        "requiredMinAge": 0,
    });
    match value {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// A comment of the fixed data set.
#[derive(Debug)]
pub(crate) struct Comment {
    pub id: &'static str,
    pub author: &'static str,
    pub text: &'static str,
    pub date_ms: i64,
    pub reply_to: Option<&'static str>,
}

/// A discussion of the fixed data set: the object discussed and its comments.
#[derive(Debug)]
pub(crate) struct Discussion {
    pub id: &'static str,
    pub kind: &'static str,
    pub title: &'static str,
    /// The user or group that owns the object discussed.
    pub owner: &'static str,
    pub comments: &'static [Comment],
}

/// The group topic with a poll.
pub(crate) const POLL_TOPIC_ID: &str = "66000000000002";

pub(crate) const DISCUSSIONS: &[Discussion] = &[
    Discussion {
        id: "902000000001",
        kind: "USER_PHOTO",
        title: "Sunrise",
        owner: fx::ALICE_ID,
        comments: &[
            Comment {
                id: "MTc1MDAwMDEwMDAwMQ",
                author: fx::BOB_ID,
                text: "Beautiful!",
                date_ms: 1_750_000_500_000,
                reply_to: None,
            },
            Comment {
                id: "MTc1MDAwMDEwMDAwMg",
                author: fx::ALICE_ID,
                text: "Thank you, Boris",
                date_ms: 1_750_000_600_000,
                reply_to: Some("MTc1MDAwMDEwMDAwMQ"),
            },
        ],
    },
    Discussion {
        id: "66000000000001",
        kind: "GROUP_TOPIC",
        title: "Rust 2026 meetup: who is coming?",
        owner: fx::GROUP_ID,
        comments: &[
            Comment {
                id: "MTcwMDAwMDEwMDAwMQ",
                author: fx::DAVE_ID,
                text: "Count me in",
                date_ms: 1_770_000_000_000,
                reply_to: None,
            },
            Comment {
                id: "MTcwMDAwMDEwMDAwMg",
                author: fx::BOB_ID,
                text: "Will there be a talk on async?",
                date_ms: 1_770_000_100_000,
                reply_to: None,
            },
            Comment {
                id: "MTcwMDAwMDEwMDAwMw",
                author: fx::ALICE_ID,
                text: "Yes, the second one",
                date_ms: 1_770_000_200_000,
                reply_to: Some("MTcwMDAwMDEwMDAwMg"),
            },
        ],
    },
    Discussion {
        id: POLL_TOPIC_ID,
        kind: "GROUP_TOPIC",
        title: "Which edition do you use?",
        owner: fx::GROUP_ID,
        comments: &[],
    },
];

pub(crate) fn discussion(id: &str, kind: &str) -> Option<&'static Discussion> {
    DISCUSSIONS.iter().find(|d| d.id == id && d.kind == kind)
}

/// A topic of a group or a user, with its text and its poll's voters per answer.
#[derive(Debug)]
pub(crate) struct Topic {
    pub id: &'static str,
    pub owner: &'static str,
    pub group: bool,
    pub author: &'static str,
    pub text: &'static str,
    pub created_ms: i64,
    pub likes: u32,
    /// Voters per answer, when the topic has a poll.
    pub poll: &'static [&'static [&'static str]],
}

pub(crate) const TOPICS: &[Topic] = &[
    Topic {
        id: "66000000000001",
        owner: fx::GROUP_ID,
        group: true,
        author: fx::ALICE_ID,
        text: "Rust 2026 meetup: who is coming?",
        created_ms: 1_769_900_000_000,
        likes: 17,
        poll: &[],
    },
    Topic {
        id: POLL_TOPIC_ID,
        owner: fx::GROUP_ID,
        group: true,
        author: fx::DAVE_ID,
        text: "Which edition do you use?",
        created_ms: 1_772_000_000_000,
        likes: 4,
        poll: &[&[fx::ALICE_ID, fx::BOB_ID], &[fx::DAVE_ID]],
    },
    Topic {
        id: "66000000000101",
        owner: fx::ALICE_ID,
        group: false,
        author: fx::ALICE_ID,
        text: "Testing okru in the sandbox",
        created_ms: 1_775_000_000_000,
        likes: 2,
        poll: &[],
    },
];

pub(crate) fn topic(id: &str) -> Option<&'static Topic> {
    TOPICS.iter().find(|t| t.id == id)
}

pub(crate) fn topic_json(topic: &Topic) -> Value {
    let owner = if topic.group {
        format!("group:{}", topic.owner)
    } else {
        format!("user:{}", topic.owner)
    };
    let mut media = vec![json!({ "type": "text", "text": topic.text })];
    if !topic.poll.is_empty() {
        media.push(json!({
            "type": "poll",
            "answers": topic.poll.iter().enumerate()
                .map(|(i, voters)| json!({ "id": i.to_string(), "votes": voters.len() }))
                .collect::<Vec<_>>(),
        }));
    }
    json!({
        "id": topic.id,
        "created_ms": topic.created_ms,
        "owner_ref": owner,
        "author_ref": format!("user:{}", topic.author),
        "media": media,
        "like_summary": { "count": topic.likes },
        "discussion_summary": { "comments_count": discussion(topic.id, "GROUP_TOPIC").map_or(0, |d| d.comments.len()) },
    })
}

/// A product of the fixed market of the open group.
#[derive(Debug, Clone)]
pub(crate) struct Product {
    pub id: String,
    pub group: String,
    pub author: String,
    pub title: String,
    pub price: String,
    pub status: String,
    pub catalogs: Vec<String>,
}

/// A catalog of the fixed market of the open group.
#[derive(Debug, Clone)]
pub(crate) struct Catalog {
    pub id: String,
    pub group: String,
    pub name: String,
}

pub(crate) fn seed_products() -> Vec<Product> {
    let product = |id: &str, title: &str, price: &str, catalogs: &[&str]| Product {
        id: id.into(),
        group: fx::GROUP_ID.into(),
        author: fx::ALICE_ID.into(),
        title: title.into(),
        price: price.into(),
        status: "ACTIVE".into(),
        catalogs: catalogs.iter().map(|c| (*c).to_owned()).collect(),
    };
    vec![
        product(
            "7700000001",
            "Rust in Action (book)",
            "1990",
            &["7800000001"],
        ),
        product("7700000002", "Ferris plush", "990", &["7800000002"]),
        product("7700000003", "Sticker pack", "150", &["7800000002"]),
    ]
}

pub(crate) fn seed_catalogs() -> Vec<Catalog> {
    vec![
        Catalog {
            id: "7800000001".into(),
            group: fx::GROUP_ID.into(),
            name: "Books".into(),
        },
        Catalog {
            id: "7800000002".into(),
            group: fx::GROUP_ID.into(),
            name: "Merch".into(),
        },
    ]
}

/// Relationships between users: (user, other, type, subtype).
pub(crate) const RELATIONS: &[(&str, &str, &str, &str)] = &[
    (fx::ALICE_ID, fx::BOB_ID, "LOVE", "SPOUSE"),
    (fx::BOB_ID, fx::ALICE_ID, "LOVE", "SPOUSE"),
    (fx::ALICE_ID, fx::DAVE_ID, "RELATIVE", "UNCLEAUNT"),
    (fx::DAVE_ID, fx::ALICE_ID, "RELATIVE", "NEPHEW"),
];

/// Devices users signed in from.
pub(crate) fn devices_of(uid: &str) -> &'static [&'static str] {
    match uid {
        fx::ALICE_ID => &["ANDROID", "IOS"],
        fx::BOB_ID => &["ANDROID"],
        fx::DAVE_ID => &["IOS"],
        _ => &[],
    }
}

/// The mobile operator of users with a phone (a made-up operator id).
pub(crate) fn operator_of(uid: &str) -> i64 {
    match uid {
        fx::ALICE_ID | fx::BOB_ID => 25001,
        fx::DAVE_ID => 25702,
        _ => 0,
    }
}

/// Hashtags and how often each kind of content mentions them.
pub(crate) const TAGS: &[(&str, [i64; 6])] = &[
    ("rustlang", [40, 12, 3, 120, 30, 8]),
    ("rustacean", [5, 2, 0, 20, 4, 1]),
    ("rusty_cars", [1, 9, 2, 0, 0, 0]),
    ("fishing", [60, 80, 10, 5, 7, 0]),
];

pub(crate) fn tag_json(query: &str, counts: &[i64; 6]) -> Value {
    json!({
        "query": query,
        "all": counts.iter().sum::<i64>(),
        "userTopics": counts[0],
        "userPhotos": counts[1],
        "userVideos": counts[2],
        "groupTopics": counts[3],
        "groupPhotos": counts[4],
        "groupVideos": counts[5],
    })
}

/// Holidays of the calendar: (id, day, month, name).
pub(crate) const HOLIDAYS: &[(&str, u32, u32, &str)] = &[
    ("1", 1, 1, "New Year"),
    ("2", 8, 3, "International Women's Day"),
    ("3", 12, 6, "Russia Day"),
];

/// Applications the sandbox user has installed.
pub(crate) fn apps_of(uid: &str) -> Vec<&'static App> {
    if crate::ok::data::APP_USERS.contains(&uid) {
        APPS.iter().take(2).collect()
    } else {
        Vec::new()
    }
}
