//! Everyday plumbing against the sandbox: the renewal hook and restored sessions (through
//! the `oauth_web` example's own logic), and the sandbox as a test double (`stub`,
//! `fail_with`, requests by method).

mod common;

#[path = "../examples/oauth_web.rs"]
mod oauth_web;

use common::*;
use okru::oauth::SavedTokens;
use okru::ok::OAuthSession;
use okru::{ApplicationKey, ApplicationSecretKey};
use serde_json::json;

use fixtures::ok as fx;

#[tokio::test]
async fn the_oauth_web_example_persists_renewed_tokens_and_restores_them() {
    let sandbox = sandbox().await;
    let store = oauth_web::temporary_store("everyday-test");
    let outcome = oauth_web::run(&sandbox, &store).await;
    let saved: SavedTokens = serde_json::from_slice(&std::fs::read(&store).unwrap()).unwrap();
    let _ = std::fs::remove_file(&store);
    let outcome = outcome.unwrap();
    assert_eq!(outcome.saved_renewals, 1);
    assert_eq!(outcome.restored_user, fx::ALICE_ID);
    // The store holds the renewed tokens, not the first ones: the first were expired.
    assert!(saved.refresh_token.is_some());
}

#[test]
fn restore_refuses_tokens_the_keys_cannot_sign_with() {
    // OK: no session secret key and no application secret key: neither circuit can sign.
    let err = OAuthSession::restore(
        fx::APP_ID,
        ApplicationKey::new(fx::APPLICATION_KEY),
        None,
        SavedTokens::new("token"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("secret key"), "{err}");
    // With the application secret key the same tokens are fine.
    OAuthSession::restore(
        fx::APP_ID,
        ApplicationKey::new(fx::APPLICATION_KEY),
        Some(ApplicationSecretKey::new(fx::APPLICATION_SECRET_KEY)),
        SavedTokens::new("token"),
    )
    .unwrap();
    // mail.ru: the client circuit needs the user's uid.
    let err = okru::mailru::OAuthSession::restore(
        fixtures::mailru::APP_ID,
        Some(mailru_private()),
        None,
        SavedTokens::new("session-key"),
    )
    .unwrap_err();
    assert!(matches!(err.kind(), okru::ErrorKind::OAuth(_)), "{err:?}");
}

#[tokio::test]
async fn stubbed_answers_replace_the_sandbox_s_own() {
    let sandbox = sandbox().await;
    sandbox.stub("friends.get", json!(["570000000099"]));
    let api = ok_api(&sandbox, ok_client_session());
    let friends = api.friends().get().await.unwrap();
    assert_eq!(friends.len(), 1);
    assert_eq!(friends[0].to_string(), "570000000099");
    // The stub stays until cleared; signatures are still checked.
    assert_eq!(api.friends().get().await.unwrap().len(), 1);
    let badly_signed = ok_api(
        &sandbox,
        okru::ok::ClientSession::new(
            fx::APP_ID,
            ok_key(),
            okru::AccessToken::new(fx::ALICE_ACCESS_TOKEN),
            okru::SessionSecretKey::new("wrong"),
        ),
    );
    let err = badly_signed.friends().get().await.unwrap_err();
    assert_eq!(err.code(), Some(104));
    sandbox.clear_stubs();
    assert!(api.friends().get().await.unwrap().len() > 1);
    assert_eq!(sandbox.requests_for("friends.get").len(), 4);
}

#[tokio::test]
async fn injected_failures_exercise_error_branches_on_both_platforms() {
    let sandbox = sandbox().await;
    let api = okru::ok::Api::builder(ok_client_session())
        .base_url(sandbox.ok_api_url())
        .retry(okru::RetryPolicy::none())
        .build()
        .unwrap();
    sandbox.fail_with("friends.get", 10);
    let err = api.friends().get().await.unwrap_err();
    assert!(err.is_permission_denied(), "{err:?}");
    assert_eq!(err.api_error().unwrap().name, Some("PERMISSION_DENIED"));
    api.friends().get().await.unwrap();

    sandbox.fail_with_times("users.getLoggedInUser", 8, 2);
    for _ in 0..2 {
        let err = api.users().get_logged_in_user().await.unwrap_err();
        assert!(err.is_rate_limited());
    }
    api.users().get_logged_in_user().await.unwrap();

    let mailru = mailru_api(&sandbox, mailru_server_session());
    sandbox.fail_with("users.getInfo", 102);
    let err = mailru.users().get_info().await.unwrap_err();
    assert!(err.is_session_expired());
    mailru.users().get_info().await.unwrap();
}
