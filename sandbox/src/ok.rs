//! The OK emulation: `/fb.do` and `/api/<group>/<method>`.
//!
//! Checks run in the platform's order, each answering its real error envelope (HTTP 200, the
//! `Invocation-Error` header, `{"error_code","error_msg":"NAME : text","error_data":null}`):
//! application key (101), method (100, 3), signature present (100), session (102 expired,
//! 103 unknown), signature (104), session rule (453, 451), method parameters (100).

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

use crate::fixtures::ok as fx;
use crate::wire::{Answer, get, list, md5_hex, signature};

const JSON: &str = "application/json;charset=utf-8";

/// Whether a method needs, accepts or refuses a user session.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rule {
    Required,
    Optional,
    Prohibited,
}

struct User {
    id: &'static str,
    token: &'static str,
    session_secret_key: &'static str,
    friends: &'static [&'static str],
    profile: fn() -> Value,
}

const USERS: &[User] = &[
    User {
        id: fx::ALICE_ID,
        token: fx::ALICE_ACCESS_TOKEN,
        session_secret_key: fx::ALICE_SESSION_SECRET_KEY,
        friends: &[fx::BOB_ID, fx::DAVE_ID],
        profile: || {
            person(
                fx::ALICE_ID,
                "Alice",
                "Smirnova",
                "female",
                "1990-05-17",
                "Moscow",
                "ru",
            )
        },
    },
    User {
        id: fx::BOB_ID,
        token: fx::BOB_ACCESS_TOKEN,
        session_secret_key: fx::BOB_SESSION_SECRET_KEY,
        friends: &[fx::ALICE_ID],
        profile: || {
            person(
                fx::BOB_ID,
                "Boris",
                "Petrov",
                "male",
                "1985-11-02",
                "Kazan",
                "ru",
            )
        },
    },
    User {
        id: fx::CAROL_ID,
        token: "sbx-ok-token-carol-0003",
        session_secret_key: "sbx-ok-ssk-carol-0003",
        friends: &[],
        profile: || {
            person(
                fx::CAROL_ID,
                "Carol",
                "Ivanova",
                "female",
                "2001-01-30",
                "Riga",
                "lv",
            )
        },
    },
    User {
        id: fx::DAVE_ID,
        token: "sbx-ok-token-dave-0004",
        session_secret_key: "sbx-ok-ssk-dave-0004",
        friends: &[fx::ALICE_ID],
        profile: || {
            person(
                fx::DAVE_ID,
                "Dmitry",
                "Orlov",
                "male",
                "1979-07-09",
                "Minsk",
                "ru",
            )
        },
    },
];

fn person(
    uid: &str,
    first: &str,
    last: &str,
    gender: &str,
    birthday: &str,
    city: &str,
    locale: &str,
) -> Value {
    json!({
        "uid": uid,
        "first_name": first,
        "last_name": last,
        "name": format!("{first} {last}"),
        "gender": gender,
        "birthday": birthday,
        "age": 2026 - birthday[..4].parse::<i64>().unwrap_or(2000),
        "locale": locale,
        "location": {"city": city, "country": "RUSSIAN_FEDERATION", "countryCode": "RU"},
        "online": "web",
        "last_online_ms": 1_790_000_000_000_i64,
        "current_status": format!("{first} is testing okru"),
        "has_email": true,
        "accessible": true,
        "blocked": false,
        "premium": false,
        "pic_1": format!("https://i.mycdn.me/sandbox/{uid}/50x50.jpg"),
        "pic_2": format!("https://i.mycdn.me/sandbox/{uid}/240.jpg"),
        "pic190x190": format!("https://i.mycdn.me/sandbox/{uid}/190x190.jpg"),
        "url_profile": format!("https://ok.ru/profile/{uid}"),
    })
}

fn groups() -> Vec<Value> {
    vec![
        json!({
            "uid": fx::GROUP_ID, "name": "Rust in Russia", "shortname": "rustru",
            "description": "Systems programming without fear", "members_count": 12873,
            "access_type": "OPEN", "category": "COMMUNITY", "created_ms": 1_500_000_000_000_i64,
            "premium": false, "homepage_url": "https://www.rust-lang.org", "city": "Moscow",
            "country": "RUSSIAN_FEDERATION",
            "main_photo": {"id": "900000000001", "pic_avatar": "https://i.mycdn.me/sandbox/group1.jpg"}
        }),
        json!({
            "uid": fx::CLOSED_GROUP_ID, "name": "Dacha gardeners", "shortname": "dacha",
            "description": "Tomatoes, cucumbers and patience", "members_count": 311,
            "access_type": "CLOSED", "category": "INTERESTS", "created_ms": 1_400_000_000_000_i64,
            "premium": false
        }),
    ]
}

/// Keeps `uid` and the requested fields (case-insensitive) of an object.
fn select_fields(object: Value, fields: Option<&str>) -> Value {
    let Some(fields) = fields else { return object };
    let wanted: Vec<String> = list(fields)
        .iter()
        .map(|f| f.to_ascii_lowercase())
        .collect();
    if wanted.iter().any(|f| f == "*") {
        return object;
    }
    match object {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| k == "uid" || wanted.contains(&k.to_ascii_lowercase()))
                .collect(),
        ),
        other => other,
    }
}

type Outcome = Result<Value, (i64, String)>;

struct Call<'a> {
    params: &'a [(String, String)],
    user: Option<&'static User>,
}

impl Call<'_> {
    fn required(&self, name: &str) -> Result<&str, (i64, String)> {
        get(self.params, name)
            .ok_or_else(|| (100, format!("PARAM : Missing required parameter {name}")))
    }

    /// The user a call acts for: the session's, else the `uid` parameter.
    fn acting_user(&self) -> Result<&'static User, (i64, String)> {
        match self.user {
            Some(user) => Ok(user),
            None => {
                let uid = self.required("uid")?;
                find_user(uid)
                    .ok_or_else(|| (110, format!("PARAM_USER_ID : Invalid user id {uid}")))
            }
        }
    }
}

fn find_user(id: &str) -> Option<&'static User> {
    USERS.iter().find(|u| u.id == id)
}

static NEXT_ALBUM: AtomicU64 = AtomicU64::new(880_000_000_001);

type Handler = fn(&Call) -> Outcome;

/// The emulated methods: name, session rule, handler.
const METHODS: &[(&str, Rule, Handler)] = &[
    ("users.getCurrentUser", Rule::Required, |call| {
        let user = call.acting_user()?;
        Ok(select_fields((user.profile)(), get(call.params, "fields")))
    }),
    ("users.getLoggedInUser", Rule::Required, |call| {
        Ok(json!(call.acting_user()?.id))
    }),
    ("users.getInfo", Rule::Optional, |call| {
        let uids = call.required("uids")?;
        let fields = call.required("fields")?;
        Ok(Value::Array(
            list(uids)
                .into_iter()
                .filter_map(find_user)
                .map(|u| select_fields((u.profile)(), Some(fields)))
                .collect(),
        ))
    }),
    ("users.getCallsLeft", Rule::Optional, |call| {
        let methods = call.required("methods")?;
        Ok(Value::Array(
            list(methods)
                .into_iter()
                .map(|m| json!({"name": m, "available": true, "callsLeft": 4321}))
                .collect(),
        ))
    }),
    ("friends.get", Rule::Optional, |call| {
        let owner = match get(call.params, "fid") {
            Some(fid) => find_user(fid)
                .ok_or_else(|| (110, format!("PARAM_USER_ID : Invalid user id {fid}")))?,
            None => call.acting_user()?,
        };
        Ok(json!(owner.friends))
    }),
    ("group.getInfo", Rule::Optional, |call| {
        let uids = list(call.required("uids")?)
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>();
        let fields = call.required("fields")?;
        Ok(Value::Array(
            groups()
                .into_iter()
                .filter(|g| uids.iter().any(|id| g["uid"] == id.as_str()))
                .map(|g| select_fields(g, Some(fields)))
                .collect(),
        ))
    }),
    ("notifications.sendSimple", Rule::Prohibited, |call| {
        let uid = call.required("uid")?;
        let text = call.required("text")?;
        if find_user(uid).is_none() {
            return Err((110, format!("PARAM_USER_ID : Invalid user id {uid}")));
        }
        if text.chars().count() > 100 {
            return Err((100, "PARAM : text is longer than 100 characters".into()));
        }
        Ok(json!(true))
    }),
    ("photos.createAlbum", Rule::Optional, |call| {
        call.required("title")?;
        call.acting_user()?;
        Ok(json!(
            NEXT_ALBUM.fetch_add(1, Ordering::Relaxed).to_string()
        ))
    }),
];

fn error(code: i64, message: &str) -> Answer {
    let body = json!({"error_code": code, "error_msg": message, "error_data": null});
    let mut answer = Answer::new(200, JSON, body.to_string());
    answer.headers.push(("invocation-error", code.to_string()));
    answer
}

/// The error answer of a rate limit.
pub(crate) fn rate_limited() -> Answer {
    error(8, "FLOOD_BLOCKED : Too many calls, slow down")
}

/// Answers one OK call. `path_method` is the method named by an `/api/<group>/<method>` path.
pub(crate) fn handle(params: &[(String, String)], path_method: Option<String>) -> Answer {
    match get(params, "application_key") {
        None => return error(101, "PARAM_API_KEY : Missing application_key"),
        Some(key) if key != fx::APPLICATION_KEY => {
            return error(101, "PARAM_API_KEY : Application not exist");
        }
        Some(_) => {}
    }
    let method = match path_method.as_deref().or_else(|| get(params, "method")) {
        Some(method) => method.to_owned(),
        None => return error(100, "PARAM : Missing required parameter method"),
    };
    let Some(&(_, rule, handler)) = METHODS.iter().find(|(name, _, _)| *name == method) else {
        return error(3, &format!("METHOD : Method {method} does not exist"));
    };
    let Some(sig) = get(params, "sig") else {
        return error(100, "PARAM : Missing required parameter sig");
    };
    let token = get(params, "access_token").or_else(|| get(params, "session_key"));
    let user = match token {
        None => None,
        Some(fx::EXPIRED_ACCESS_TOKEN) => {
            return error(102, "PARAM_SESSION_EXPIRED : Session expired");
        }
        Some(token) => match USERS.iter().find(|u| u.token == token) {
            Some(user) => Some(user),
            None => return error(103, "PARAM_SESSION_KEY : Invalid session key"),
        },
    };
    let unsigned = ["sig", "access_token", "session_key"];
    let valid = match (token, user) {
        (Some(token), Some(user)) => {
            let server_secret = md5_hex(&[token.as_bytes(), fx::APPLICATION_SECRET_KEY.as_bytes()]);
            sig == signature("", params, &unsigned, user.session_secret_key)
                || sig == signature("", params, &unsigned, &server_secret)
        }
        _ => sig == signature("", params, &unsigned, fx::APPLICATION_SECRET_KEY),
    };
    if !valid {
        return error(104, "PARAM_SIGNATURE : Invalid signature");
    }
    match (rule, user.is_some()) {
        (Rule::Required, false) => {
            return error(
                453,
                "SESSION_REQUIRED : Session is required for this method",
            );
        }
        (Rule::Prohibited, true) => {
            return error(
                451,
                "NOT_SESSION_METHOD : Session is prohibited for this method",
            );
        }
        _ => {}
    }
    match handler(&Call { params, user }) {
        Ok(value) => Answer::new(200, JSON, value.to_string()),
        Err((code, message)) => error(code, &message),
    }
}
