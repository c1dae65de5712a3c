//! The mail.ru emulation seen through a plain HTTP client: both circuits, both transports, the
//! data set, and every error path.

mod common;

use common::*;
use fixtures::mailru as fx;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------
// Circuits and transports
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn both_circuits_are_accepted() {
    let sandbox = sandbox().await;
    let client = mailru_call(&sandbox, "friends.get", &[], mailru_alice()).await;
    assert_eq!(client.status, 200, "{client:?}");
    assert_eq!(client.content_type, "text/javascript; charset=utf-8");
    assert_eq!(client.json(), json!([fx::BOB_UID, fx::DAVE_UID]));
    let server = mailru_call(
        &sandbox,
        "friends.get",
        &[],
        MailRuAuth::Server(fx::BOB_SESSION_KEY),
    )
    .await;
    assert_eq!(server.json(), json!([fx::ALICE_UID, fx::DAVE_UID]));
    // Some clients send secure=0 in the client circuit; it is then signed like any parameter.
    let explicit = mailru_call(&sandbox, "friends.get", &[("secure", "0")], mailru_alice()).await;
    assert_eq!(explicit.status, 200, "{explicit:?}");
}

#[tokio::test]
async fn get_post_and_trailing_slash_are_accepted() {
    let sandbox = sandbox().await;
    let params = mailru_params("users.getInfo", &[], mailru_alice());
    let url = sandbox.mailru_api_url();
    for reply in [
        get(&url, &params).await,
        post(&url, &params).await,
        get(&format!("{url}/"), &params).await,
        post(&format!("{url}/"), &params).await,
    ] {
        assert_eq!(reply.status, 200, "{reply:?}");
        assert_eq!(reply.json()[0]["uid"], fx::ALICE_UID);
    }
}

// ---------------------------------------------------------------------------------------
// Methods and data
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn users_have_the_documented_shape() {
    let sandbox = sandbox().await;
    let me = mailru_call(&sandbox, "users.getInfo", &[], mailru_alice())
        .await
        .json();
    let me = &me[0];
    assert_eq!(me["uid"], fx::ALICE_UID);
    assert_eq!(me["first_name"], "Alice");
    assert_eq!(me["sex"], 1);
    assert_eq!(me["birthday"], "14.02.1992");
    for flag in [
        "show_age",
        "has_my",
        "has_pic",
        "is_online",
        "is_friend",
        "is_verified",
        "vip",
        "app_installed",
    ] {
        let value = me[flag].as_u64();
        assert!(
            matches!(value, Some(0 | 1)),
            "{flag} is a 0/1 integer: {me}"
        );
    }
    for place in ["country", "city", "region"] {
        assert!(me["location"][place]["id"].is_u64(), "{place}");
        assert!(me["location"][place]["name"].is_string(), "{place}");
    }
    assert_eq!(me["location"]["country"]["name"], "Россия");
    assert!(
        me["link"]
            .as_str()
            .unwrap()
            .starts_with("https://my.mail.ru/mail/")
    );
    assert!(me["pic_190"].is_string() && me["pic_small"].is_string());
    assert!(me["last_visit"].is_u64());
    assert_eq!(me["friends_count"], 2);

    let uids = format!("{},123,{}", fx::BOB_UID, fx::CAROL_UID);
    let others = mailru_call(
        &sandbox,
        "users.getInfo",
        &[("uids", &uids)],
        mailru_alice(),
    )
    .await
    .json();
    let others = others.as_array().unwrap();
    assert_eq!(others.len(), 2, "unknown uids are skipped");
    assert_eq!(others[0]["is_friend"], 1);
    assert_eq!(others[1]["is_friend"], 0);
    assert_eq!(others[1]["has_pic"], 0);

    // Dave hides his age: no birthday.
    let dave = mailru_call(
        &sandbox,
        "users.getInfo",
        &[("uids", fx::DAVE_UID)],
        mailru_alice(),
    )
    .await
    .json();
    assert_eq!(dave[0]["show_age"], 0);
    assert!(dave[0].get("birthday").is_none());
}

#[tokio::test]
async fn friends_plain_extended_and_offset() {
    let sandbox = sandbox().await;
    let extended = mailru_call(&sandbox, "friends.get", &[("ext", "1")], mailru_alice())
        .await
        .json();
    let names: Vec<&str> = extended
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["first_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Bob", "Dave"]);
    let rest = mailru_call(&sandbox, "friends.get", &[("offset", "1")], mailru_alice())
        .await
        .json();
    assert_eq!(rest, json!([fx::DAVE_UID]));
    let carol = MailRuAuth::Server(fx::CAROL_SESSION_KEY);
    assert_eq!(
        mailru_call(&sandbox, "friends.get", &[], carol)
            .await
            .json(),
        json!([])
    );
}

#[tokio::test]
async fn the_stream_is_newest_first_and_pages() {
    let sandbox = sandbox().await;
    let all = mailru_call(&sandbox, "stream.get", &[], mailru_alice())
        .await
        .json();
    let all = all.as_array().unwrap().clone();
    assert_eq!(all.len(), 7, "Alice's, Bob's and Dave's events");
    let times: Vec<u64> = all.iter().map(|e| e["time"].as_u64().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] > w[1]));
    let ids: Vec<&str> = all.iter().map(|e| e["id"].as_str().unwrap()).collect();

    // Paging with skip = the last id seen.
    let mut seen = Vec::new();
    let mut skip: Option<String> = None;
    loop {
        let mut extra = vec![("limit", "3")];
        if let Some(skip) = &skip {
            extra.push(("skip", skip.as_str()));
        }
        let page = mailru_call(&sandbox, "stream.get", &extra, mailru_alice())
            .await
            .json();
        let page = page.as_array().unwrap().clone();
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= 3);
        for event in &page {
            seen.push(event["id"].as_str().unwrap().to_owned());
        }
        skip = seen.last().cloned();
    }
    assert_eq!(seen, ids);

    let offset = mailru_call(
        &sandbox,
        "stream.get",
        &[("offset", "5"), ("limit", "10")],
        mailru_alice(),
    )
    .await
    .json();
    assert_eq!(offset.as_array().unwrap().len(), 2);
    assert_eq!(offset[0]["id"], ids[5]);

    let app_id = fx::APP_ID.to_string();
    let from_app = mailru_call(
        &sandbox,
        "stream.get",
        &[("filter_app", &app_id)],
        mailru_alice(),
    )
    .await
    .json();
    let from_app = from_app.as_array().unwrap();
    assert!(!from_app.is_empty() && from_app.len() < 7);
    assert!(
        from_app
            .iter()
            .all(|e| e["generator"]["app_id"] == fx::APP_ID)
    );
}

#[tokio::test]
async fn events_have_the_documented_shape() {
    let sandbox = sandbox().await;
    let events = mailru_call(&sandbox, "stream.get", &[], mailru_alice())
        .await
        .json();
    let mut kinds = std::collections::BTreeSet::new();
    for event in events.as_array().unwrap() {
        let id = event["id"].as_str().unwrap();
        assert!(event["huid"].as_str().unwrap().ends_with(id));
        assert!(event["thread_id"].is_string());
        assert_eq!(event["subtype"], "event");
        assert!(event["type_name"].is_string());
        assert!(event["authors"][0]["uid"].is_string());
        assert!(event["likes_count"].is_u64() && event["comments_count"].is_u64());
        for flag in ["is_liked_by_me", "is_commentable", "is_likeable"] {
            assert!(matches!(event[flag].as_u64(), Some(0 | 1)));
        }
        assert!(event["generator"]["app_id"].is_u64());
        assert!(event["generator"]["title"].is_string());
        let attachments = event["attachments"].as_array().unwrap();
        let kind = event["type"].as_str().unwrap().to_owned();
        match kind.as_str() {
            "3-23" => {
                assert!(event["click_url"].is_string());
                assert_eq!(event["text_media"][0]["object"], "text");
            }
            "1-1" => {
                assert_eq!(attachments[0]["object"], "image");
                assert!(attachments[0]["src"].is_string());
            }
            "5-26" => {
                assert_eq!(attachments[0]["object"], "link");
                assert!(attachments[0]["url"].is_string());
            }
            other => panic!("unexpected event type {other}"),
        }
        kinds.insert(kind);
    }
    assert_eq!(kinds.len(), 3);
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

async fn raw(sandbox: &Sandbox, items: &[(&str, &str)]) -> Reply {
    get(&sandbox.mailru_api_url(), &pairs(items)).await
}

#[tokio::test]
async fn application_then_method_then_signature_then_session() {
    let sandbox = sandbox().await;
    let app = fx::APP_ID.to_string();
    let app = app.as_str();
    for (items, code) in [
        (vec![("method", "friends.get"), ("sig", "x")], 103),
        (vec![("app_id", "1"), ("method", "friends.get")], 103),
        (vec![("app_id", "not-a-number")], 103),
        (vec![("app_id", app)], 100),
        (vec![("app_id", app), ("method", "no.such")], 2),
        (vec![("app_id", app), ("method", "friends.get")], 100),
        (
            vec![("app_id", app), ("method", "friends.get"), ("sig", "x")],
            100,
        ),
        (
            vec![
                ("app_id", app),
                ("method", "friends.get"),
                ("sig", "x"),
                ("session_key", "nonsense"),
            ],
            102,
        ),
        (
            vec![
                ("app_id", app),
                ("method", "friends.get"),
                ("sig", "x"),
                ("session_key", fx::ALICE_SESSION_KEY),
            ],
            104,
        ),
    ] {
        let reply = raw(&sandbox, &items).await;
        assert_eq!(reply.mailru_error(), code, "{items:?}: {}", reply.body);
    }
    let unknown = raw(&sandbox, &[("app_id", app), ("method", "no.such")]).await;
    assert_eq!(
        unknown.json()["error"]["error_msg"],
        "Unknown method called"
    );
}

#[tokio::test]
async fn expired_session_key() {
    let sandbox = sandbox().await;
    let reply = mailru_call(
        &sandbox,
        "users.getInfo",
        &[],
        MailRuAuth::Server(fx::EXPIRED_SESSION_KEY),
    )
    .await;
    assert_eq!(reply.mailru_error(), 102);
    assert!(reply.body.contains("User authorization failed"));
}

#[tokio::test]
async fn wrong_signatures_of_both_circuits() {
    let sandbox = sandbox().await;
    // Client circuit with someone else's uid as the prefix.
    let wrong_uid = mailru_call(
        &sandbox,
        "friends.get",
        &[],
        MailRuAuth::Client(fx::BOB_UID, fx::ALICE_SESSION_KEY),
    )
    .await;
    assert_eq!(wrong_uid.mailru_error(), 104);
    // Server circuit signed with a uid prefix (the mistake in one seed's prose).
    let mut params = pairs(&[
        ("app_id", &fx::APP_ID.to_string()),
        ("method", "friends.get"),
        ("secure", "1"),
        ("session_key", fx::ALICE_SESSION_KEY),
    ]);
    let text = format!(
        "{}app_id={}method=friends.getsecure=1session_key={}{}",
        fx::ALICE_UID,
        fx::APP_ID,
        fx::ALICE_SESSION_KEY,
        fx::SECRET_KEY
    );
    params.push(("sig".into(), md5_hex(&text)));
    assert_eq!(
        get(&sandbox.mailru_api_url(), &params).await.mailru_error(),
        104
    );
    // secure=1 claimed but signed with the private key.
    let mut mixed = mailru_params("friends.get", &[("secure", "1")], mailru_alice());
    mixed.retain(|(k, _)| k != "sig");
    let sorted: String = {
        let mut s = mixed.clone();
        s.sort();
        s.iter().map(|(k, v)| format!("{k}={v}")).collect()
    };
    mixed.push(("sig".into(), md5_hex(&(sorted + fx::PRIVATE_KEY))));
    assert_eq!(
        get(&sandbox.mailru_api_url(), &mixed).await.mailru_error(),
        104
    );
}

#[tokio::test]
async fn invalid_method_parameters() {
    let sandbox = sandbox().await;
    for (method, extra) in [
        ("stream.get", [("limit", "ten")]),
        ("stream.get", [("offset", "-1")]),
        ("stream.get", [("filter_app", "x")]),
        ("friends.get", [("ext", "2")]),
        ("friends.get", [("offset", "1.5")]),
    ] {
        let reply = mailru_call(&sandbox, method, &extra, mailru_alice()).await;
        assert_eq!(reply.mailru_error(), 100, "{method} {extra:?}");
    }
    // An unknown skip id leaves nothing to show rather than failing.
    let reply = mailru_call(&sandbox, "stream.get", &[("skip", "FFFF")], mailru_alice()).await;
    assert_eq!(reply.json(), Value::Array(vec![]));
}
