//! The OK API end to end against the sandbox: every circuit, typed and untyped calls, and the
//! platform's error envelopes.

mod common;

use common::*;
use okru::{ErrorKind, Params};

#[tokio::test]
async fn client_circuit_typed_calls() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let me = api.users().get_current_user().await.unwrap();
    assert_eq!(me.uid, uid(fixtures::ok::ALICE_ID));
    assert!(me.first_name.is_some());

    let friends = api.friends().get().await.unwrap();
    assert!(friends.contains(&uid(fixtures::ok::BOB_ID)));

    let profiles = api
        .users()
        .get_info(friends.clone(), ["first_name", "last_name", "gender"])
        .await
        .unwrap();
    assert_eq!(profiles.len(), friends.len());
    assert!(
        profiles
            .iter()
            .all(|p| p.first_name.is_some() && p.gender.is_some())
    );
    // Only the requested fields come back.
    assert!(profiles.iter().all(|p| p.birthday.is_none()));

    let logged_in = api.users().get_logged_in_user().await.unwrap();
    assert_eq!(logged_in, uid(fixtures::ok::ALICE_ID));
}

#[tokio::test]
async fn server_circuit_and_group_info() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_server_session());
    let me = api.users().get_current_user().await.unwrap();
    assert_eq!(me.uid, uid(fixtures::ok::ALICE_ID));
    let groups = api
        .group()
        .get_info(
            [okru::ids::GroupId::from(
                fixtures::ok::GROUP_ID.parse::<u64>().unwrap(),
            )],
            ["name", "members_count"],
        )
        .await
        .unwrap();
    assert_eq!(groups.len(), 1);
    assert!(groups[0].name.is_some() && groups[0].members_count.is_some());
    // The server circuit sent the token but never the application secret key.
    let request = sandbox.requests().pop().unwrap();
    assert_eq!(
        request.param("access_token"),
        Some(fixtures::ok::ALICE_ACCESS_TOKEN)
    );
    assert!(!request.contains(fixtures::ok::APPLICATION_SECRET_KEY));
}

#[tokio::test]
async fn token_session_infers_each_circuit() {
    let sandbox = sandbox().await;
    for (app_secret, session_secret, circuit) in [
        (
            fixtures::ok::APPLICATION_SECRET_KEY,
            "",
            okru::ok::Circuit::Server,
        ),
        (
            "",
            fixtures::ok::ALICE_SESSION_SECRET_KEY,
            okru::ok::Circuit::Client,
        ),
    ] {
        let session = okru::ok::TokenSession::new(
            fixtures::ok::APP_ID,
            okru::ApplicationKey::new(fixtures::ok::APPLICATION_KEY),
            okru::AccessToken::new(fixtures::ok::ALICE_ACCESS_TOKEN),
            (!app_secret.is_empty()).then(|| okru::ApplicationSecretKey::new(app_secret)),
            (!session_secret.is_empty()).then(|| okru::SessionSecretKey::new(session_secret)),
        )
        .unwrap();
        assert_eq!(session.circuit(), circuit);
        let api = ok_api(&sandbox, session);
        assert_eq!(
            api.users().get_current_user().await.unwrap().uid,
            uid(fixtures::ok::ALICE_ID)
        );
    }
}

#[tokio::test]
async fn application_only_session_calls_prohibited_and_optional_methods() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_app_session());
    let sent = api
        .notifications()
        .send_simple(uid(fixtures::ok::ALICE_ID), "Hello")
        .await
        .unwrap();
    assert!(sent);
    let friends = api
        .friends()
        .get()
        .uid(uid(fixtures::ok::ALICE_ID))
        .await
        .unwrap();
    assert!(friends.contains(&uid(fixtures::ok::BOB_ID)));
    let request = sandbox.requests().pop().unwrap();
    assert_eq!(request.param("access_token"), None);
}

#[tokio::test]
async fn successes_of_every_json_shape() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    // An empty array is a success, not an error.
    let none = api
        .friends()
        .get()
        .fid(uid(fixtures::ok::CAROL_ID))
        .await
        .unwrap();
    assert!(none.is_empty());
    // A bare string.
    let album = api.photos().create_album("Holidays").await.unwrap();
    assert!(!album.as_str().is_empty());
    // Untyped calls: a bare string decodes into Value and into String.
    let value: serde_json::Value = api
        .call("users.getLoggedInUser", Params::new())
        .await
        .unwrap();
    assert_eq!(value, serde_json::json!(fixtures::ok::ALICE_ID));
    let text: String = api
        .call("users.getLoggedInUser", Params::new())
        .await
        .unwrap();
    assert_eq!(text, fixtures::ok::ALICE_ID);
}

#[tokio::test]
async fn untyped_call_is_signed_like_a_generated_one() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let typed = api
        .users()
        .get_info([uid(fixtures::ok::BOB_ID)], ["first_name"])
        .await
        .unwrap();
    let untyped: Vec<okru::ok::types::User> = api
        .call(
            "users.getInfo",
            [("uids", fixtures::ok::BOB_ID), ("fields", "first_name")],
        )
        .await
        .unwrap();
    assert_eq!(typed, untyped);
    let requests = sandbox.requests();
    let (a, b) = (&requests[0], &requests[1]);
    assert_eq!(a.param("sig"), b.param("sig"));
}

#[tokio::test]
async fn api_errors_are_typed() {
    let sandbox = sandbox().await;
    // Wrong session secret key: bad signature.
    let bad = okru::ok::ClientSession::new(
        fixtures::ok::APP_ID,
        okru::ApplicationKey::new(fixtures::ok::APPLICATION_KEY),
        okru::AccessToken::new(fixtures::ok::ALICE_ACCESS_TOKEN),
        okru::SessionSecretKey::new("not-the-session-secret-key"),
    );
    let err = ok_api(&sandbox, bad)
        .users()
        .get_current_user()
        .await
        .unwrap_err();
    let api_error = err.api_error().expect("an API error");
    assert_eq!(
        (api_error.code, api_error.name),
        (104, Some("PARAM_SIGNATURE"))
    );
    assert_eq!(err.method(), Some("users.getCurrentUser"));
    assert!(err.to_string().contains("104"), "{err}");

    // Unknown application key.
    let unknown = okru::ok::ClientSession::new(
        fixtures::ok::APP_ID,
        okru::ApplicationKey::new("NOSUCHAPPKEY"),
        okru::AccessToken::new(fixtures::ok::ALICE_ACCESS_TOKEN),
        okru::SessionSecretKey::new(fixtures::ok::ALICE_SESSION_SECRET_KEY),
    );
    let err = ok_api(&sandbox, unknown).friends().get().await.unwrap_err();
    assert_eq!(err.api_error().unwrap().name, Some("PARAM_API_KEY"));

    // Expired session.
    let expired = okru::ok::ClientSession::new(
        fixtures::ok::APP_ID,
        okru::ApplicationKey::new(fixtures::ok::APPLICATION_KEY),
        okru::AccessToken::new(fixtures::ok::EXPIRED_ACCESS_TOKEN),
        okru::SessionSecretKey::new(fixtures::ok::EXPIRED_SESSION_SECRET_KEY),
    );
    let err = ok_api(&sandbox, expired).friends().get().await.unwrap_err();
    assert!(err.is_session_expired(), "{err:?}");

    // A required parameter left out through the untyped path.
    let api = ok_api(&sandbox, ok_client_session());
    let err = api
        .call::<serde_json::Value>("users.getInfo", [("fields", "first_name")])
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(100));

    // Session rules: a required-session method without a session, a prohibited one with one.
    let app = ok_api(&sandbox, ok_app_session());
    let err = app
        .call::<serde_json::Value>("users.getCurrentUser", Params::new())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(453));
    let err = api
        .call::<serde_json::Value>(
            "notifications.sendSimple",
            [("uid", fixtures::ok::ALICE_ID), ("text", "x")],
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(451));
}

#[tokio::test]
async fn pass_error_returns_the_original_body() {
    let sandbox = sandbox().await;
    let bad = okru::ok::ClientSession::new(
        fixtures::ok::APP_ID,
        okru::ApplicationKey::new(fixtures::ok::APPLICATION_KEY),
        okru::AccessToken::new(fixtures::ok::ALICE_ACCESS_TOKEN),
        okru::SessionSecretKey::new("wrong"),
    );
    let api = okru::ok::Api::builder(bad)
        .base_url(sandbox.ok_api_url())
        .pass_error(true)
        .build()
        .unwrap();
    let body: serde_json::Value = api
        .call("users.getCurrentUser", Params::new())
        .await
        .unwrap();
    assert_eq!(body["error_code"], 104);
    // A typed call cannot hold the envelope, so it still reports the API error.
    let err = api.users().get_current_user().await.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Api(e) if e.code == 104));
}

#[tokio::test]
async fn parameters_are_formatted_as_documented() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let builder = api
        .users()
        .get_info(
            [uid(fixtures::ok::ALICE_ID), uid(fixtures::ok::BOB_ID)],
            ["first_name", "last_name"],
        )
        .empty_pictures(false);
    let params: Vec<(String, String)> = builder
        .params()
        .iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    let expected_uids = format!("{},{}", fixtures::ok::ALICE_ID, fixtures::ok::BOB_ID);
    assert_eq!(
        params,
        [
            ("uids".to_owned(), expected_uids.clone()),
            ("fields".to_owned(), "first_name,last_name".to_owned()),
            ("emptyPictures".to_owned(), "false".to_owned()),
        ]
    );
    builder.await.unwrap();
    let sent = sandbox.requests().pop().unwrap();
    assert_eq!(sent.param("uids"), Some(expected_uids.as_str()));
    assert_eq!(sent.param("emptyPictures"), Some("false"));
    assert_eq!(sent.param("method"), Some("users.getInfo"));
    assert_eq!(sent.param("format"), Some("json"));
    assert_eq!(
        sent.param("application_key"),
        Some(fixtures::ok::APPLICATION_KEY)
    );
    assert_eq!(sent.http_method, "GET");
}
