//! The mail.ru API end to end against the sandbox: both circuits, typed calls, errors.

mod common;

use common::*;
use okru::Params;

#[tokio::test]
async fn client_circuit_typed_calls() {
    let sandbox = sandbox().await;
    let api = mailru_api(&sandbox, mailru_client_session());
    let me = api.users().get_info().await.unwrap();
    assert_eq!(me.len(), 1);
    assert_eq!(me[0].uid, uid(fixtures::mailru::ALICE_UID));
    assert!(me[0].first_name.is_some());

    let friends: Vec<_> = api
        .friends()
        .get()
        .await
        .unwrap()
        .iter()
        .filter_map(|friend| friend.id().copied())
        .collect();
    assert!(!friends.is_empty());
    let profiles = api.users().get_info().uids(friends.clone()).await.unwrap();
    assert_eq!(profiles.len(), friends.len());

    let events = api.stream().get().limit(2).await.unwrap();
    assert!(!events.is_empty() && events.len() <= 2);
    // Newest first, and the next page continues after the last event seen.
    assert!(events.windows(2).all(|w| w[0].time >= w[1].time));
    let next = api
        .stream()
        .get()
        .limit(2)
        .skip(events.last().unwrap().id.as_str())
        .await
        .unwrap();
    assert!(
        next.iter()
            .all(|e| events.iter().all(|seen| seen.id != e.id))
    );

    // The client circuit never sends uid or secure.
    let request = sandbox.requests().pop().unwrap();
    assert_eq!(request.param("secure"), None);
    assert_eq!(
        request.param("session_key"),
        Some(fixtures::mailru::ALICE_SESSION_KEY)
    );
}

#[tokio::test]
async fn server_circuit_sends_secure() {
    let sandbox = sandbox().await;
    let api = mailru_api(&sandbox, mailru_server_session());
    let me = api.users().get_info().await.unwrap();
    assert_eq!(me[0].uid, uid(fixtures::mailru::ALICE_UID));
    let request = sandbox.requests().pop().unwrap();
    assert_eq!(request.param("secure"), Some("1"));
    assert!(!request.contains(fixtures::mailru::SECRET_KEY));
}

#[tokio::test]
async fn token_session_infers_each_circuit() {
    let sandbox = sandbox().await;
    let client = okru::mailru::TokenSession::new(
        fixtures::mailru::APP_ID,
        okru::SessionKey::new(fixtures::mailru::ALICE_SESSION_KEY),
        (!fixtures::mailru::PRIVATE_KEY.is_empty())
            .then(|| okru::PrivateKey::new(fixtures::mailru::PRIVATE_KEY)),
        (!fixtures::mailru::SECRET_KEY.is_empty())
            .then(|| okru::SecretKey::new(fixtures::mailru::SECRET_KEY)),
        Some(uid(fixtures::mailru::ALICE_UID)),
    )
    .unwrap();
    assert_eq!(client.circuit(), okru::mailru::Circuit::Client);
    assert!(
        !mailru_api(&sandbox, client)
            .friends()
            .get()
            .await
            .unwrap()
            .is_empty()
    );
    let server = okru::mailru::TokenSession::new(
        fixtures::mailru::APP_ID,
        okru::SessionKey::new(fixtures::mailru::ALICE_SESSION_KEY),
        None,
        (!fixtures::mailru::SECRET_KEY.is_empty())
            .then(|| okru::SecretKey::new(fixtures::mailru::SECRET_KEY)),
        None,
    )
    .unwrap();
    assert_eq!(server.circuit(), okru::mailru::Circuit::Server);
    assert!(
        !mailru_api(&sandbox, server)
            .friends()
            .get()
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn api_errors_are_typed() {
    let sandbox = sandbox().await;
    let bad = okru::mailru::ServerSession::new(
        fixtures::mailru::APP_ID,
        okru::SecretKey::new("wrong-secret"),
        okru::SessionKey::new(fixtures::mailru::ALICE_SESSION_KEY),
    );
    let err = mailru_api(&sandbox, bad)
        .users()
        .get_info()
        .await
        .unwrap_err();
    let api_error = err.api_error().expect("an API error");
    assert_eq!(
        (api_error.code, api_error.name),
        (104, Some("INCORRECT_SIGNATURE"))
    );
    assert_eq!(api_error.platform, okru::Platform::MailRu);

    let expired = okru::mailru::ServerSession::new(
        fixtures::mailru::APP_ID,
        okru::SecretKey::new(fixtures::mailru::SECRET_KEY),
        okru::SessionKey::new(fixtures::mailru::EXPIRED_SESSION_KEY),
    );
    let err = mailru_api(&sandbox, expired)
        .friends()
        .get()
        .await
        .unwrap_err();
    assert!(err.is_session_expired(), "{err:?}");

    let wrong_app = okru::mailru::ServerSession::new(
        1,
        okru::SecretKey::new(fixtures::mailru::SECRET_KEY),
        okru::SessionKey::new(fixtures::mailru::ALICE_SESSION_KEY),
    );
    let err = mailru_api(&sandbox, wrong_app)
        .friends()
        .get()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(103));

    let api = mailru_api(&sandbox, mailru_server_session());
    let err = api
        .call::<serde_json::Value>("no.suchMethod", Params::new())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(2));
}

#[tokio::test]
async fn pass_error_returns_the_original_body() {
    let sandbox = sandbox().await;
    let bad = okru::mailru::ServerSession::new(
        fixtures::mailru::APP_ID,
        okru::SecretKey::new("wrong-secret"),
        okru::SessionKey::new(fixtures::mailru::ALICE_SESSION_KEY),
    );
    let api = okru::mailru::Api::builder(bad)
        .base_url(sandbox.mailru_api_url())
        .pass_error(true)
        .build()
        .unwrap();
    let body: serde_json::Value = api.call("users.getInfo", Params::new()).await.unwrap();
    assert_eq!(body["error"]["error_code"], 104);
}

#[tokio::test]
async fn flags_and_lists_are_formatted_as_documented() {
    let sandbox = sandbox().await;
    let api = mailru_api(&sandbox, mailru_client_session());
    let builder = api.stream().get().limit(0).offset(0);
    let params = builder.params();
    let params: Vec<(&str, &str)> = params.iter().collect();
    // 0 is a real value and is sent.
    assert_eq!(params, [("limit", "0"), ("offset", "0")]);
    let builder = api.users().get_info().uids([uid("1"), uid("2")]);
    assert_eq!(builder.params().get("uids"), Some("1,2"));
}
