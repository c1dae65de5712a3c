//! The OK data set: users (with their credentials and friends) and groups.

use serde_json::{Map, Value, json};

use crate::fixtures::ok as fx;

/// The sandbox's idea of "today", fixed so that ages never change between runs.
const TODAY: (u32, u32, u32) = (2026, 6, 1);

/// Last time online, milliseconds since the epoch, of users who are not online now.
const LAST_ONLINE_MS: i64 = 1_780_000_000_000;

/// One OK user.
#[derive(Debug)]
pub(crate) struct User {
    pub id: &'static str,
    pub token: &'static str,
    pub session_secret_key: &'static str,
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub gender: &'static str,
    /// Year, month, day.
    pub birthday: (u32, u32, u32),
    pub locale: &'static str,
    pub city: &'static str,
    pub country: &'static str,
    pub country_code: &'static str,
    pub has_photo: bool,
    /// `web` or `mobile` while online.
    pub online: Option<&'static str>,
    pub status: &'static str,
    pub has_email: bool,
    pub friends: &'static [&'static str],
}

pub(crate) const USERS: &[User] = &[
    User {
        id: fx::ALICE_ID,
        token: fx::ALICE_ACCESS_TOKEN,
        session_secret_key: fx::ALICE_SESSION_SECRET_KEY,
        first_name: "Alice",
        last_name: "Smirnova",
        gender: "female",
        birthday: (1990, 5, 17),
        locale: "ru",
        city: "Moscow",
        country: "RUSSIAN_FEDERATION",
        country_code: "RU",
        has_photo: true,
        online: Some("web"),
        status: "Testing okru in the sandbox",
        has_email: true,
        friends: &[fx::BOB_ID, fx::DAVE_ID],
    },
    User {
        id: fx::BOB_ID,
        token: fx::BOB_ACCESS_TOKEN,
        session_secret_key: fx::BOB_SESSION_SECRET_KEY,
        first_name: "Boris",
        last_name: "Petrov",
        gender: "male",
        birthday: (1985, 11, 2),
        locale: "ru",
        city: "Kazan",
        country: "RUSSIAN_FEDERATION",
        country_code: "RU",
        has_photo: true,
        online: Some("mobile"),
        status: "",
        has_email: true,
        friends: &[fx::ALICE_ID, fx::DAVE_ID],
    },
    User {
        id: fx::CAROL_ID,
        token: fx::CAROL_ACCESS_TOKEN,
        session_secret_key: fx::CAROL_SESSION_SECRET_KEY,
        first_name: "Carol",
        last_name: "Ivanova",
        gender: "female",
        birthday: (2001, 1, 30),
        locale: "lv",
        city: "Riga",
        country: "LATVIA",
        country_code: "LV",
        has_photo: false,
        online: None,
        status: "",
        has_email: false,
        friends: &[],
    },
    User {
        id: fx::DAVE_ID,
        token: fx::DAVE_ACCESS_TOKEN,
        session_secret_key: fx::DAVE_SESSION_SECRET_KEY,
        first_name: "Dmitry",
        last_name: "Orlov",
        gender: "male",
        birthday: (1979, 7, 9),
        locale: "en",
        city: "Minsk",
        country: "BELARUS",
        country_code: "BY",
        has_photo: true,
        online: None,
        status: "Gone fishing",
        has_email: true,
        friends: &[fx::ALICE_ID, fx::BOB_ID],
    },
];

/// Users who have installed the sandbox application (Carol has not).
pub(crate) const APP_USERS: &[&str] = &[fx::ALICE_ID, fx::BOB_ID, fx::DAVE_ID];

/// Users who are online now.
pub(crate) fn online_users() -> impl Iterator<Item = &'static User> {
    USERS.iter().filter(|user| user.online.is_some())
}

pub(crate) fn user_by_id(id: &str) -> Option<&'static User> {
    USERS
        .iter()
        .find(|user| user.id == id)
        .or_else(|| super::crowd::user_by_id(id))
}

pub(crate) fn user_by_token(token: &str) -> Option<&'static User> {
    USERS.iter().find(|user| user.token == token)
}

fn age((year, month, day): (u32, u32, u32)) -> u32 {
    let (this_year, this_month, this_day) = TODAY;
    let before_birthday = (this_month, this_day) < (month, day);
    this_year.saturating_sub(year) - u32::from(before_birthday)
}

/// Every field of a user's profile. `empty_pictures` asks for stub picture addresses for a
/// user without a photo (otherwise their picture fields are left out).
pub(crate) fn profile(user: &User, empty_pictures: bool) -> Map<String, Value> {
    let (year, month, day) = user.birthday;
    let mut map = Map::new();
    let mut put = |name: &str, value: Value| {
        map.insert(name.to_owned(), value);
    };
    put("uid", json!(user.id));
    put("first_name", json!(user.first_name));
    put("last_name", json!(user.last_name));
    put(
        "name",
        json!(format!("{} {}", user.first_name, user.last_name)),
    );
    put("gender", json!(user.gender));
    put("birthday", json!(format!("{year:04}-{month:02}-{day:02}")));
    put("age", json!(age(user.birthday)));
    put("locale", json!(user.locale));
    put(
        "location",
        json!({"city": user.city, "country": user.country, "countryCode": user.country_code}),
    );
    if let Some(online) = user.online {
        put("online", json!(online));
    }
    put("last_online_ms", json!(LAST_ONLINE_MS));
    put("current_status", json!(user.status));
    put("has_email", json!(user.has_email));
    put("accessible", json!(true));
    put("blocked", json!(false));
    put("premium", json!(false));
    put("private", json!(false));
    put(
        "url_profile",
        json!(format!("https://ok.ru/profile/{}", user.id)),
    );
    let pictures = [
        ("pic_1", "50x50"),
        ("pic_2", "240x240"),
        ("pic_3", "128x128"),
        ("pic50x50", "50x50"),
        ("pic128x128", "128x128"),
        ("pic190x190", "190x190"),
        ("pic640x480", "640x480"),
    ];
    for (field, size) in pictures {
        let url = if user.has_photo {
            format!("https://i.mycdn.me/sandbox/ok/{}/{size}.jpg", user.id)
        } else if empty_pictures {
            format!("https://i.mycdn.me/res/stub_{size}.gif")
        } else {
            continue;
        };
        map.insert(field.into(), json!(url));
    }
    map
}

/// One OK group.
#[derive(Debug)]
pub(crate) struct Group {
    pub id: &'static str,
    pub name: &'static str,
    pub shortname: &'static str,
    pub description: &'static str,
    pub members_count: u64,
    pub access_type: &'static str,
    pub category: &'static str,
    pub created_ms: i64,
    pub homepage_url: Option<&'static str>,
    pub city: &'static str,
    pub country: &'static str,
    pub photo_id: &'static str,
    /// Members and their status (`ADMIN`, `MODERATOR`, `ACTIVE`, ...).
    pub members: &'static [(&'static str, &'static str)],
}

pub(crate) const GROUPS: &[Group] = &[
    Group {
        id: fx::GROUP_ID,
        name: "Rust in Russia",
        shortname: "rustru",
        description: "Systems programming without fear",
        members_count: 12873,
        access_type: "OPEN",
        category: "CUSTOM",
        created_ms: 1_500_000_000_000,
        homepage_url: Some("https://www.rust-lang.org"),
        city: "Moscow",
        country: "RUSSIAN_FEDERATION",
        photo_id: "902000000101",
        members: &[
            (fx::ALICE_ID, "ADMIN"),
            (fx::BOB_ID, "ACTIVE"),
            (fx::DAVE_ID, "MODERATOR"),
        ],
    },
    Group {
        id: fx::CLOSED_GROUP_ID,
        name: "Dacha gardeners",
        shortname: "dacha",
        description: "Tomatoes, cucumbers and patience",
        members_count: 311,
        access_type: "CLOSED",
        category: "OTHER",
        created_ms: 1_400_000_000_000,
        homepage_url: None,
        city: "Tver",
        country: "RUSSIAN_FEDERATION",
        photo_id: "902000000201",
        members: &[(fx::DAVE_ID, "ADMIN"), (fx::CAROL_ID, "MAYBE")],
    },
];

pub(crate) fn group_by_id(id: &str) -> Option<&'static Group> {
    GROUPS.iter().find(|group| group.id == id)
}

/// Every field of a group.
pub(crate) fn group(group: &Group) -> Map<String, Value> {
    let mut map = Map::new();
    let mut put = |name: &str, value: Value| {
        map.insert(name.to_owned(), value);
    };
    put("uid", json!(group.id));
    put("name", json!(group.name));
    put("shortname", json!(group.shortname));
    put("description", json!(group.description));
    put("members_count", json!(group.members_count));
    put("access_type", json!(group.access_type));
    put("category", json!(group.category));
    put("created_ms", json!(group.created_ms));
    put("premium", json!(false));
    put("business", json!(false));
    put("city", json!(group.city));
    put("country", json!(group.country));
    if let Some(url) = group.homepage_url {
        put("homepage_url", json!(url));
    }
    put(
        "main_photo",
        json!({
            "id": group.photo_id,
            "pic_avatar": format!("https://i.mycdn.me/sandbox/ok/group/{}/avatar.jpg", group.id),
            "pic128x128": format!("https://i.mycdn.me/sandbox/ok/group/{}/128x128.jpg", group.id),
            "pic640x480": format!("https://i.mycdn.me/sandbox/ok/group/{}/640x480.jpg", group.id),
        }),
    );
    put("url", json!(format!("https://ok.ru/group/{}", group.id)));
    map
}

/// Keeps the fields named in the comma-separated `fields` (compared case-insensitively, as
/// OK does), plus `uid`, which is always there. `*` keeps everything; unknown names are
/// ignored.
pub(crate) fn select(mut object: Map<String, Value>, fields: &str) -> Value {
    let wanted: Vec<String> = crate::answer::list(fields)
        .map(str::to_ascii_lowercase)
        .collect();
    if !wanted.iter().any(|field| field == "*") {
        object.retain(|key, _| key == "uid" || wanted.contains(&key.to_ascii_lowercase()));
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_unique() {
        for (i, a) in USERS.iter().enumerate() {
            for b in &USERS[i + 1..] {
                assert_ne!(a.id, b.id);
                assert_ne!(a.token, b.token);
                assert_ne!(a.session_secret_key, b.session_secret_key);
            }
        }
    }

    #[test]
    fn friendship_is_mutual() {
        for user in USERS {
            for friend in user.friends {
                let friend = user_by_id(friend).expect("friends exist");
                assert!(
                    friend.friends.contains(&user.id),
                    "{} / {}",
                    user.id,
                    friend.id
                );
            }
        }
    }

    #[test]
    fn ages_follow_the_fixed_date() {
        assert_eq!(age((1990, 5, 17)), 36);
        assert_eq!(age((1990, 6, 2)), 35);
        assert_eq!(age((1990, 6, 1)), 36);
    }

    #[test]
    fn fields_are_selected_case_insensitively() {
        let alice = profile(&USERS[0], false);
        let some = select(alice.clone(), "FIRST_NAME, pic190X190,nonsense");
        let keys: Vec<&String> = some
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys.len(), 3, "{keys:?}");
        let all = select(alice.clone(), "*");
        assert_eq!(all.as_object().map(Map::len), Some(alice.len()));
    }

    #[test]
    fn pictures_of_users_without_a_photo() {
        let carol = user_by_id(fx::CAROL_ID).expect("Carol exists");
        assert!(!profile(carol, false).contains_key("pic_1"));
        assert!(
            profile(carol, true)["pic_1"]
                .as_str()
                .is_some_and(|u| u.contains("stub"))
        );
    }
}
