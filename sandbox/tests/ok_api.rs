//! The OK emulation seen through a plain HTTP client: every circuit, both transports, the
//! data set, and every error path.

mod common;

use common::*;
use fixtures::ok as fx;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------
// Circuits and transports
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn every_circuit_is_accepted() {
    let sandbox = sandbox().await;
    let client = ok_call(&sandbox, "users.getLoggedInUser", &[], alice()).await;
    assert_eq!(client.json(), json!(fx::ALICE_ID), "{client:?}");
    let server = ok_call(
        &sandbox,
        "users.getLoggedInUser",
        &[],
        OkAuth::Server(fx::BOB_ACCESS_TOKEN),
    )
    .await;
    assert_eq!(server.json(), json!(fx::BOB_ID), "{server:?}");
    let app = ok_call(
        &sandbox,
        "friends.get",
        &[("uid", fx::ALICE_ID)],
        OkAuth::App,
    )
    .await;
    assert_eq!(app.json(), json!([fx::BOB_ID, fx::DAVE_ID]), "{app:?}");
    assert_eq!(app.content_type, "application/json;charset=utf-8");
    assert_eq!(app.invocation_error, None);
}

#[tokio::test]
async fn get_post_and_mixed_requests_are_all_accepted() {
    let sandbox = sandbox().await;
    let params = ok_params("friends.get", &[], alice());
    let expected = json!([fx::BOB_ID, fx::DAVE_ID]);
    assert_eq!(get(&sandbox.ok_api_url(), &params).await.json(), expected);
    assert_eq!(post(&sandbox.ok_api_url(), &params).await.json(), expected);

    // Half in the query, half in the form.
    let (query, form) = params.split_at(3);
    let response = client()
        .post(format!(
            "{}?{}",
            sandbox.ok_api_url(),
            encode(&query.to_vec())
        ))
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=UTF-8",
        )
        .body(encode(&form.to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(read(response).await.json(), expected);

    let methods: Vec<String> = sandbox
        .requests()
        .iter()
        .map(|r| r.http_method.clone())
        .collect();
    assert_eq!(methods, ["GET", "POST", "POST"]);
}

#[tokio::test]
async fn the_api_path_form_names_the_method() {
    let sandbox = sandbox().await;
    // The method is signed as a parameter when sent as one...
    let params = ok_params("friends.get", &[], alice());
    let reply = get(&format!("{}/api/friends/get", sandbox.base_url()), &params).await;
    assert_eq!(reply.json(), json!([fx::BOB_ID, fx::DAVE_ID]));
    // ... and need not be sent at all: the path names it.
    let mut without_method = pairs(&[("application_key", fx::APPLICATION_KEY), ("format", "json")]);
    let text = format!(
        "application_key={}format=json{}",
        fx::APPLICATION_KEY,
        fx::ALICE_SESSION_SECRET_KEY
    );
    without_method.push(("sig".into(), md5_hex(&text)));
    without_method.push(("access_token".into(), fx::ALICE_ACCESS_TOKEN.into()));
    let reply = post(
        &format!("{}/api/users/getLoggedInUser", sandbox.base_url()),
        &without_method,
    )
    .await;
    assert_eq!(reply.json(), json!(fx::ALICE_ID));
    assert_eq!(
        sandbox.last_request().unwrap().api_method().as_deref(),
        Some("users.getLoggedInUser")
    );
}

#[tokio::test]
async fn non_ascii_values_are_signed_as_utf8_in_both_transports() {
    let sandbox = sandbox().await;
    let params = ok_params(
        "notifications.sendSimple",
        &[("uid", fx::BOB_ID), ("text", "Привет, Боря! 🎉 a+b=c&d")],
        OkAuth::App,
    );
    assert_eq!(
        get(&sandbox.ok_api_url(), &params).await.json(),
        json!(true)
    );
    assert_eq!(
        post(&sandbox.ok_api_url(), &params).await.json(),
        json!(true)
    );
}

#[tokio::test]
async fn session_key_works_like_access_token() {
    let sandbox = sandbox().await;
    let mut params = ok_params("users.getLoggedInUser", &[], alice());
    for (name, _) in &mut params {
        if name == "access_token" {
            *name = "session_key".into();
        }
    }
    assert_eq!(
        get(&sandbox.ok_api_url(), &params).await.json(),
        json!(fx::ALICE_ID)
    );
}

// ---------------------------------------------------------------------------------------
// Methods and data
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn current_user_has_a_realistic_profile() {
    let sandbox = sandbox().await;
    let me = ok_call(&sandbox, "users.getCurrentUser", &[], alice())
        .await
        .json();
    assert_eq!(me["uid"], fx::ALICE_ID);
    assert_eq!(me["first_name"], "Alice");
    assert_eq!(me["name"], "Alice Smirnova");
    assert_eq!(me["gender"], "female");
    assert_eq!(me["birthday"], "1990-05-17");
    assert!(me["age"].as_u64().is_some_and(|age| age > 30));
    assert_eq!(me["location"]["countryCode"], "RU");
    assert!(me["location"]["city"].is_string());
    assert!(
        me["pic_1"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://"))
    );
    assert!(me["pic190x190"].is_string());
    assert!(me["last_online_ms"].is_i64());
    assert!(me["has_email"].is_boolean());

    let some = ok_call(
        &sandbox,
        "users.getCurrentUser",
        &[("fields", "first_name,LOCATION")],
        alice(),
    )
    .await
    .json();
    let keys: Vec<&str> = some
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 3, "{keys:?}");
    assert!(keys.contains(&"uid") && keys.contains(&"location"));
}

#[tokio::test]
async fn users_get_info_returns_only_known_users_and_asked_fields() {
    let sandbox = sandbox().await;
    let uids = format!("{},999,{}", fx::BOB_ID, fx::CAROL_ID);
    let users = ok_call(
        &sandbox,
        "users.getInfo",
        &[
            ("uids", &uids),
            ("fields", "FIRST_NAME,gender,pic_1,nonsense"),
        ],
        alice(),
    )
    .await
    .json();
    assert_eq!(
        users,
        json!([
            {"uid": fx::BOB_ID, "first_name": "Boris", "gender": "male",
             "pic_1": format!("https://i.mycdn.me/sandbox/ok/{}/50x50.jpg", fx::BOB_ID)},
            {"uid": fx::CAROL_ID, "first_name": "Carol", "gender": "female"},
        ])
    );
    // Carol has no photo: stubs only when asked for.
    let stubbed = ok_call(
        &sandbox,
        "users.getInfo",
        &[
            ("uids", fx::CAROL_ID),
            ("fields", "pic_1"),
            ("emptyPictures", "true"),
        ],
        OkAuth::App,
    )
    .await
    .json();
    assert!(stubbed[0]["pic_1"].as_str().unwrap().contains("stub"));
    // `*` asks for everything.
    let all = ok_call(
        &sandbox,
        "users.getInfo",
        &[("uids", fx::DAVE_ID), ("fields", "*")],
        alice(),
    )
    .await
    .json();
    assert!(all[0].as_object().unwrap().len() > 10);
}

#[tokio::test]
async fn friends_are_consistent() {
    let sandbox = sandbox().await;
    let friends = |extra: Vec<(&'static str, &'static str)>, how: OkAuth<'static>| {
        let sandbox = &sandbox;
        async move { ok_call(sandbox, "friends.get", &extra, how).await.json() }
    };
    assert_eq!(
        friends(vec![], alice()).await,
        json!([fx::BOB_ID, fx::DAVE_ID])
    );
    assert_eq!(
        friends(vec![("fid", fx::BOB_ID)], alice()).await,
        json!([fx::ALICE_ID, fx::DAVE_ID])
    );
    assert_eq!(
        friends(vec![("fid", fx::CAROL_ID)], alice()).await,
        json!([])
    );
    let carol = OkAuth::Client(fx::CAROL_ACCESS_TOKEN, fx::CAROL_SESSION_SECRET_KEY);
    assert_eq!(friends(vec![], carol).await, json!([]));
    assert_eq!(
        friends(vec![("uid", fx::DAVE_ID)], OkAuth::App).await,
        json!([fx::ALICE_ID, fx::BOB_ID])
    );
}

#[tokio::test]
async fn groups_have_the_asked_fields() {
    let sandbox = sandbox().await;
    let uids = format!("{},{}", fx::GROUP_ID, fx::CLOSED_GROUP_ID);
    let groups = ok_call(
        &sandbox,
        "group.getInfo",
        &[
            ("uids", &uids),
            ("fields", "name,members_count,access_type,main_photo"),
        ],
        OkAuth::Server(fx::ALICE_ACCESS_TOKEN),
    )
    .await
    .json();
    let groups = groups.as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["uid"], fx::GROUP_ID);
    assert_eq!(groups[0]["access_type"], "OPEN");
    assert_eq!(groups[1]["access_type"], "CLOSED");
    assert!(groups[0]["members_count"].is_u64());
    assert!(groups[0]["main_photo"]["pic_avatar"].is_string());
    assert!(groups[0].get("description").is_none());
    assert_eq!(groups[0].as_object().unwrap().len(), 5);
}

#[tokio::test]
async fn albums_get_fresh_ids() {
    let sandbox = sandbox().await;
    let first = ok_call(
        &sandbox,
        "photos.createAlbum",
        &[("title", "Дача")],
        alice(),
    )
    .await
    .json();
    let second = ok_call(
        &sandbox,
        "photos.createAlbum",
        &[("title", "Group album"), ("gid", fx::GROUP_ID)],
        alice(),
    )
    .await
    .json();
    let (Value::String(first), Value::String(second)) = (first, second) else {
        panic!("album ids are JSON strings");
    };
    assert!(first.parse::<u64>().is_ok());
    assert_ne!(first, second);
}

#[tokio::test]
async fn calls_left_lists_every_asked_method() {
    let sandbox = sandbox().await;
    let left = ok_call(
        &sandbox,
        "users.getCallsLeft",
        &[("methods", "friends.get,no.such")],
        alice(),
    )
    .await
    .json();
    assert_eq!(left[0]["name"], "friends.get");
    assert_eq!(left[0]["available"], true);
    assert!(left[0]["callsLeft"].as_u64().unwrap() > 0);
    assert_eq!(left[1]["available"], false);
}

#[tokio::test]
async fn notifications_are_sent_without_a_session() {
    let sandbox = sandbox().await;
    let reply = ok_call(
        &sandbox,
        "notifications.sendSimple",
        &[("uid", fx::ALICE_ID), ("text", "Hello")],
        OkAuth::App,
    )
    .await;
    assert_eq!(reply.body, "true");
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/// Sends raw (possibly unsigned) parameters.
async fn raw(sandbox: &Sandbox, items: &[(&str, &str)]) -> Reply {
    get(&sandbox.ok_api_url(), &pairs(items)).await
}

#[tokio::test]
async fn application_key_is_checked_first() {
    let sandbox = sandbox().await;
    let missing = raw(&sandbox, &[("method", "friends.get"), ("sig", "x")]).await;
    assert_eq!(missing.ok_error(), 101);
    assert!(missing.body.contains("PARAM_API_KEY"));
    let unknown = raw(
        &sandbox,
        &[
            ("application_key", "CBANOSUCHAPPKEYZZ"),
            ("method", "nothing"),
        ],
    )
    .await;
    assert_eq!(unknown.ok_error(), 101);
}

#[tokio::test]
async fn method_is_checked_next() {
    let sandbox = sandbox().await;
    let missing = raw(&sandbox, &[("application_key", fx::APPLICATION_KEY)]).await;
    assert_eq!(missing.ok_error(), 100);
    assert!(missing.body.contains("method"));
    let unknown = raw(
        &sandbox,
        &[
            ("application_key", fx::APPLICATION_KEY),
            ("method", "no.such"),
        ],
    )
    .await;
    assert_eq!(unknown.ok_error(), 3);
    assert!(unknown.body.contains("METHOD : "));
    let unknown_path = get(
        &format!("{}/api/no/such", sandbox.base_url()),
        &pairs(&[("application_key", fx::APPLICATION_KEY)]),
    )
    .await;
    assert_eq!(unknown_path.ok_error(), 3);
}

#[tokio::test]
async fn a_missing_signature_is_a_signature_error() {
    let sandbox = sandbox().await;
    let reply = raw(
        &sandbox,
        &[
            ("application_key", fx::APPLICATION_KEY),
            ("method", "friends.get"),
            ("access_token", fx::ALICE_ACCESS_TOKEN),
        ],
    )
    .await;
    assert_eq!(reply.ok_error(), 104);
    assert!(reply.body.contains("No signature"));
}

#[tokio::test]
async fn expired_and_unknown_tokens() {
    let sandbox = sandbox().await;
    let expired = ok_call(
        &sandbox,
        "friends.get",
        &[],
        OkAuth::Client(fx::EXPIRED_ACCESS_TOKEN, fx::EXPIRED_SESSION_SECRET_KEY),
    )
    .await;
    assert_eq!(expired.ok_error(), 102);
    assert!(expired.body.contains("PARAM_SESSION_EXPIRED"));
    // Expiry is reported whatever the signature.
    let expired_server = ok_call(
        &sandbox,
        "friends.get",
        &[],
        OkAuth::Server(fx::EXPIRED_ACCESS_TOKEN),
    )
    .await;
    assert_eq!(expired_server.ok_error(), 102);

    let unknown = ok_call(
        &sandbox,
        "friends.get",
        &[],
        OkAuth::Client("-s-not-a-token", fx::ALICE_SESSION_SECRET_KEY),
    )
    .await;
    assert_eq!(unknown.ok_error(), 103);
    assert!(unknown.body.contains("PARAM_SESSION_KEY"));
}

#[tokio::test]
async fn wrong_signatures_of_every_circuit() {
    let sandbox = sandbox().await;
    // Someone else's session secret.
    let client = ok_call(
        &sandbox,
        "friends.get",
        &[],
        OkAuth::Client(fx::ALICE_ACCESS_TOKEN, fx::BOB_SESSION_SECRET_KEY),
    )
    .await;
    assert_eq!(client.ok_error(), 104);
    // A parameter changed after signing.
    let mut tampered = ok_params("friends.get", &[("fid", fx::BOB_ID)], alice());
    tampered[0].1 = fx::CAROL_ID.into();
    assert_eq!(get(&sandbox.ok_api_url(), &tampered).await.ok_error(), 104);
    // The token signed along (it must not be).
    let mut with_token = pairs(&[
        ("application_key", fx::APPLICATION_KEY),
        ("method", "friends.get"),
        ("format", "json"),
        ("access_token", fx::ALICE_ACCESS_TOKEN),
    ]);
    let mut sorted = with_token.clone();
    sorted.sort();
    let text: String = sorted.iter().map(|(k, v)| format!("{k}={v}")).collect();
    with_token.push((
        "sig".into(),
        md5_hex(&(text + fx::ALICE_SESSION_SECRET_KEY)),
    ));
    assert_eq!(
        get(&sandbox.ok_api_url(), &with_token).await.ok_error(),
        104
    );
    // Application-only with the wrong secret.
    let mut app = ok_params("friends.get", &[("uid", fx::ALICE_ID)], OkAuth::App);
    app.retain(|(k, _)| k != "sig");
    app.push(("sig".into(), md5_hex("nonsense")));
    assert_eq!(get(&sandbox.ok_api_url(), &app).await.ok_error(), 104);
    // Uppercase hex is not what the platform documents.
    let mut upper = ok_params("friends.get", &[], alice());
    for (k, v) in &mut upper {
        if k == "sig" {
            *v = v.to_uppercase();
        }
    }
    assert_eq!(get(&sandbox.ok_api_url(), &upper).await.ok_error(), 104);
}

#[tokio::test]
async fn session_rules() {
    let sandbox = sandbox().await;
    let required = ok_call(&sandbox, "users.getCurrentUser", &[], OkAuth::App).await;
    assert_eq!(required.ok_error(), 453);
    assert!(required.body.contains("SESSION_REQUIRED"));
    let prohibited = ok_call(
        &sandbox,
        "notifications.sendSimple",
        &[("uid", fx::BOB_ID), ("text", "hi")],
        alice(),
    )
    .await;
    assert_eq!(prohibited.ok_error(), 451);
    assert!(prohibited.body.contains("NOT_SESSION_METHOD"));
}

#[tokio::test]
async fn missing_and_invalid_method_parameters() {
    let sandbox = sandbox().await;
    for (method, extra, how, code, needle) in [
        (
            "users.getInfo",
            vec![("fields", "name")],
            alice(),
            100,
            "uids",
        ),
        (
            "users.getInfo",
            vec![("uids", fx::BOB_ID)],
            alice(),
            100,
            "fields",
        ),
        (
            "group.getInfo",
            vec![("uids", fx::GROUP_ID)],
            alice(),
            100,
            "fields",
        ),
        ("friends.get", vec![], OkAuth::App, 100, "uid"),
        (
            "friends.get",
            vec![("fid", "1")],
            alice(),
            110,
            "PARAM_USER_ID",
        ),
        ("users.getCallsLeft", vec![], alice(), 100, "methods"),
        ("photos.createAlbum", vec![], alice(), 100, "title"),
        (
            "photos.createAlbum",
            vec![("title", "x"), ("gid", "1")],
            alice(),
            160,
            "PARAM_GROUP_ID",
        ),
        (
            "notifications.sendSimple",
            vec![("uid", fx::BOB_ID)],
            OkAuth::App,
            100,
            "text",
        ),
    ] {
        let reply = ok_call(&sandbox, method, &extra, how).await;
        assert_eq!(reply.ok_error(), code, "{method} {extra:?}: {}", reply.body);
        assert!(reply.body.contains(needle), "{method}: {}", reply.body);
    }
    let message = ok_call(&sandbox, "users.getInfo", &[("fields", "name")], alice()).await;
    assert_eq!(
        message.json()["error_msg"],
        "PARAM : Missing required parameter uids"
    );
}
