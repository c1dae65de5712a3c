//! No secret ever goes over the wire or into Debug output.
//!
//! The sandbox records every request; for each session type we make calls (successful and
//! failing, GET and POST) and search everything that was sent for every secret the session
//! holds. Access tokens and session keys must be sent (that is how the platforms
//! authenticate), and only in the parameter meant for them.

mod common;

use common::*;
use okru::Params;

/// Secrets no request may ever carry.
const NEVER_SENT: &[&str] = &[
    fixtures::ok::APPLICATION_SECRET_KEY,
    fixtures::ok::ALICE_SESSION_SECRET_KEY,
    fixtures::mailru::PRIVATE_KEY,
    fixtures::mailru::SECRET_KEY,
];

fn assert_no_secret_sent(sandbox: &Sandbox) {
    let requests = sandbox.requests();
    assert!(!requests.is_empty());
    for request in &requests {
        for secret in NEVER_SENT {
            assert!(
                !request.contains(secret),
                "a secret was sent to {}",
                request.path
            );
        }
    }
}

/// Successful and failing calls, as GET and as POST.
async fn exercise_ok<S: okru::Session<Platform = okru::ok::OkRu>>(
    sandbox: &Sandbox,
    make: impl Fn() -> S,
) {
    for max_get in [2048, 0] {
        let api = okru::ok::Api::builder(make())
            .base_url(sandbox.ok_api_url())
            .max_get_url_len(max_get)
            .build()
            .unwrap();
        let _ = api
            .call::<serde_json::Value>("users.getCurrentUser", Params::new())
            .await;
        let _ = api.friends().get().await;
        let _ = api
            .call::<serde_json::Value>("no.suchMethod", Params::new())
            .await;
    }
}

#[tokio::test]
async fn ok_sessions_never_send_secrets() {
    let sandbox = sandbox().await;
    exercise_ok(&sandbox, ok_client_session).await;
    exercise_ok(&sandbox, ok_server_session).await;
    exercise_ok(&sandbox, ok_app_session).await;
    exercise_ok(&sandbox, || {
        okru::ok::TokenSession::new(
            fixtures::ok::APP_ID,
            okru::ApplicationKey::new(fixtures::ok::APPLICATION_KEY),
            okru::AccessToken::new(fixtures::ok::ALICE_ACCESS_TOKEN),
            (!fixtures::ok::APPLICATION_SECRET_KEY.is_empty())
                .then(|| okru::ApplicationSecretKey::new(fixtures::ok::APPLICATION_SECRET_KEY)),
            (!fixtures::ok::ALICE_SESSION_SECRET_KEY.is_empty())
                .then(|| okru::SessionSecretKey::new(fixtures::ok::ALICE_SESSION_SECRET_KEY)),
        )
        .unwrap()
    })
    .await;
    // Failures too: a fault and an API error.
    sandbox.inject(Fault::Status(500));
    exercise_ok(&sandbox, ok_server_session).await;
    assert_no_secret_sent(&sandbox);
    // The token travels only as access_token.
    for request in sandbox.requests() {
        if let Some(token) = request.param("access_token") {
            assert_eq!(token, fixtures::ok::ALICE_ACCESS_TOKEN);
            let others = request
                .params()
                .into_iter()
                .filter(|(k, v)| k != "access_token" && v.contains(token))
                .count();
            assert_eq!(others, 0);
        }
    }
}

#[tokio::test]
async fn mailru_sessions_never_send_secrets() {
    let sandbox = sandbox().await;
    for post in [false, true] {
        let limit = if post { 0 } else { 2048 };
        let client = okru::mailru::Api::builder(mailru_client_session())
            .base_url(sandbox.mailru_api_url())
            .max_get_url_len(limit)
            .build()
            .unwrap();
        let _ = client.users().get_info().await;
        let _ = client.stream().get().await;
        let server = okru::mailru::Api::builder(mailru_server_session())
            .base_url(sandbox.mailru_api_url())
            .max_get_url_len(limit)
            .build()
            .unwrap();
        let _ = server.friends().get().await;
        let _ = server
            .call::<serde_json::Value>("no.suchMethod", Params::new())
            .await;
        let app = okru::mailru::Api::builder(okru::mailru::ApplicationSession::new(
            fixtures::mailru::APP_ID,
            okru::SecretKey::new(fixtures::mailru::SECRET_KEY),
        ))
        .base_url(sandbox.mailru_api_url())
        .max_get_url_len(limit)
        .build()
        .unwrap();
        let _ = app
            .users()
            .is_app_user()
            .uid(uid(fixtures::mailru::ALICE_UID))
            .await;
        let _ = app
            .notifications()
            .send([uid(fixtures::mailru::BOB_UID)], "x")
            .await;
    }
    assert_no_secret_sent(&sandbox);
    // The client circuit's uid is only a signing prefix; it is never sent by the session
    // (only the application's calls name a user, with `uid` as a method parameter).
    assert!(
        sandbox
            .requests()
            .iter()
            .filter(|r| r.param("session_key").is_some())
            .all(|r| r.param("uid").is_none())
    );
}

#[tokio::test]
async fn debug_output_of_sessions_apis_and_errors_shows_no_secret() {
    let sandbox = sandbox().await;
    let bad = okru::ok::ServerSession::new(
        fixtures::ok::APP_ID,
        okru::ApplicationKey::new(fixtures::ok::APPLICATION_KEY),
        okru::ApplicationSecretKey::new("wrong"),
        okru::AccessToken::new(fixtures::ok::ALICE_ACCESS_TOKEN),
    );
    let api = ok_api(&sandbox, bad);
    let err = api.friends().get().await.unwrap_err();
    sandbox.inject(Fault::ResetConnection);
    let transport_err = okru::ok::Api::builder(ok_client_session())
        .base_url(sandbox.ok_api_url())
        .retry(okru::RetryPolicy::none())
        .build()
        .unwrap()
        .friends()
        .get()
        .await
        .unwrap_err();
    let mailru = mailru_api(&sandbox, mailru_client_session());
    let everything = format!(
        "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {err:?} {err} {transport_err:?} {transport_err} {mailru:?}",
        ok_client_session(),
        ok_server_session(),
        ok_app_session(),
        ok_api(&sandbox, ok_client_session()),
        mailru_client_session(),
        mailru_server_session(),
        api.friends().get(),
    ) + &format!(
        "{:?}",
        okru::mailru::ApplicationSession::new(
            fixtures::mailru::APP_ID,
            okru::SecretKey::new(fixtures::mailru::SECRET_KEY)
        )
    );
    let mut secrets = NEVER_SENT.to_vec();
    secrets.extend([
        fixtures::ok::ALICE_ACCESS_TOKEN,
        fixtures::mailru::ALICE_SESSION_KEY,
    ]);
    for secret in secrets {
        assert!(
            !everything.contains(secret),
            "{secret} appears in {everything}"
        );
    }
    // Errors never carry the URL (it holds the token and the signature).
    assert!(!transport_err.to_string().contains("access_token"));
    assert!(!format!("{transport_err:?}").contains("sig="));
}
