//! The OK authorization flows against the sandbox: code, refresh and password, renewal of
//! expired sessions (once, under concurrency), saved tokens, the authorization URL.

mod common;

use std::sync::Arc;

use common::*;
use okru::ErrorKind;
use okru::oauth::{OAuthReason, Redirect, ResponseType};
use okru::ok::{self, CodeSession, OAuthEndpoints, OAuthSession, PasswordSession, RefreshSession};

use fixtures::ok as fx;

fn endpoints(sandbox: &Sandbox) -> OAuthEndpoints {
    OAuthEndpoints::at(&sandbox.base_url())
}

fn code_flow(sandbox: &Sandbox, code: &str) -> CodeSession {
    CodeSession::new(
        fx::APP_ID,
        okru::ApplicationKey::new(fx::APPLICATION_KEY),
        okru::ApplicationSecretKey::new(fx::APPLICATION_SECRET_KEY),
        okru::AuthorizationCode::new(code),
        fx::REDIRECT_URI,
    )
    .endpoints(endpoints(sandbox))
}

fn reason(error: okru::Error) -> OAuthReason {
    match error.into_kind() {
        ErrorKind::OAuth(e) => e.reason,
        other => panic!("not an OAuth error: {other:?}"),
    }
}

fn token_requests(sandbox: &Sandbox) -> usize {
    sandbox
        .requests()
        .iter()
        .filter(|r| r.path == "/oauth/token.do")
        .count()
}

#[tokio::test]
async fn the_code_flow_yields_a_working_session() {
    let sandbox = sandbox().await;
    let session = code_flow(&sandbox, fx::ALICE_AUTH_CODE)
        .authorize()
        .await
        .unwrap();
    let tokens = session.tokens();
    assert!(tokens.can_renew());
    assert!(tokens.expires_at().is_some());
    assert_eq!(tokens.token_type(), Some("session"));
    let api = ok_api(&sandbox, session);
    let me = api.users().get_current_user().await.unwrap();
    assert_eq!(me.uid.to_string(), fx::ALICE_ID);

    let exchange = &sandbox.requests()[0];
    assert_eq!(exchange.http_method, "POST");
    assert_eq!(exchange.param("grant_type"), Some("authorization_code"));
    assert_eq!(exchange.param("redirect_uri"), Some(fx::REDIRECT_URI));
    assert!(
        exchange.raw_query.is_empty(),
        "secrets must travel in the body"
    );
}

#[tokio::test]
async fn bad_codes_and_bad_secrets_are_typed() {
    let sandbox = sandbox().await;
    let err = code_flow(&sandbox, "not-a-code")
        .authorize()
        .await
        .unwrap_err();
    assert_eq!(reason(err), OAuthReason::InvalidGrant);
    let wrong_secret = CodeSession::new(
        fx::APP_ID,
        okru::ApplicationKey::new(fx::APPLICATION_KEY),
        okru::ApplicationSecretKey::new("wrong"),
        okru::AuthorizationCode::new(fx::ALICE_AUTH_CODE),
        fx::REDIRECT_URI,
    )
    .endpoints(endpoints(&sandbox))
    .authorize()
    .await
    .unwrap_err();
    assert_eq!(reason(wrong_secret), OAuthReason::InvalidClient);
    let wrong_redirect = CodeSession::new(
        fx::APP_ID,
        okru::ApplicationKey::new(fx::APPLICATION_KEY),
        okru::ApplicationSecretKey::new(fx::APPLICATION_SECRET_KEY),
        okru::AuthorizationCode::new(fx::ALICE_AUTH_CODE),
        "https://evil.example/",
    )
    .endpoints(endpoints(&sandbox))
    .authorize()
    .await
    .unwrap_err();
    assert_eq!(reason(wrong_redirect), OAuthReason::InvalidGrant);
}

#[tokio::test]
async fn the_refresh_flow_keeps_its_refresh_token() {
    let sandbox = sandbox().await;
    let session = RefreshSession::new(
        fx::APP_ID,
        okru::ApplicationKey::new(fx::APPLICATION_KEY),
        okru::ApplicationSecretKey::new(fx::APPLICATION_SECRET_KEY),
        okru::RefreshToken::new(fx::ALICE_REFRESH_TOKEN),
    )
    .endpoints(endpoints(&sandbox))
    .authorize()
    .await
    .unwrap();
    assert!(session.tokens().can_renew());
    let api = ok_api(&sandbox, session);
    assert_eq!(
        api.users().get_logged_in_user().await.unwrap().to_string(),
        fx::ALICE_ID
    );

    let err = RefreshSession::new(
        fx::APP_ID,
        okru::ApplicationKey::new(fx::APPLICATION_KEY),
        okru::ApplicationSecretKey::new(fx::APPLICATION_SECRET_KEY),
        okru::RefreshToken::new("revoked"),
    )
    .endpoints(endpoints(&sandbox))
    .authorize()
    .await
    .unwrap_err();
    assert_eq!(reason(err), OAuthReason::InvalidGrant);
}

#[tokio::test]
async fn the_password_flow_in_both_circuits() {
    let sandbox = sandbox().await;
    let server = PasswordSession::new(
        fx::APP_ID,
        okru::ApplicationKey::new(fx::APPLICATION_KEY),
        okru::ApplicationSecretKey::new(fx::APPLICATION_SECRET_KEY),
        fx::ALICE_LOGIN,
        okru::Password::new(fx::ALICE_PASSWORD),
    )
    .endpoints(endpoints(&sandbox))
    .authorize()
    .await
    .unwrap();
    assert!(!server.tokens().has_session_secret_key());
    let client = PasswordSession::client(
        fx::APP_ID,
        okru::ApplicationKey::new(fx::APPLICATION_KEY),
        fx::ALICE_LOGIN,
        okru::Password::new(fx::ALICE_PASSWORD),
    )
    .endpoints(endpoints(&sandbox))
    .authorize()
    .await
    .unwrap();
    assert!(client.tokens().has_session_secret_key());
    assert_eq!(client.tokens().uid(), Some(fx::ALICE_ID));
    for uid in [
        ok_api(&sandbox, server)
            .users()
            .get_logged_in_user()
            .await
            .unwrap(),
        ok_api(&sandbox, client)
            .users()
            .get_logged_in_user()
            .await
            .unwrap(),
    ] {
        assert_eq!(uid.to_string(), fx::ALICE_ID);
    }
}

#[tokio::test]
async fn password_failures_are_typed() {
    let sandbox = sandbox().await;
    let login = |user: &str, password: &str| {
        PasswordSession::client(
            fx::APP_ID,
            okru::ApplicationKey::new(fx::APPLICATION_KEY),
            user,
            okru::Password::new(password),
        )
        .endpoints(endpoints(&sandbox))
        .authorize()
    };
    assert_eq!(
        reason(login(fx::ALICE_LOGIN, "wrong").await.unwrap_err()),
        OAuthReason::InvalidGrant
    );
    assert_eq!(
        reason(login(fx::BLOCKED_LOGIN, "x").await.unwrap_err()),
        OAuthReason::InvalidUser
    );
    assert_eq!(
        reason(login(fx::CAPTCHA_LOGIN, "x").await.unwrap_err()),
        OAuthReason::HumanVerification
    );
    // A captcha is reported, not retried.
    let logins = sandbox
        .requests()
        .iter()
        .filter(|r| r.param("method") == Some("auth.login"))
        .count();
    assert_eq!(logins, 3);
}

#[tokio::test]
async fn an_expired_session_renews_itself_and_repeats_the_call() {
    let sandbox = sandbox().await;
    let api = ok_api(
        &sandbox,
        code_flow(&sandbox, fx::ALICE_AUTH_CODE)
            .authorize()
            .await
            .unwrap(),
    );
    assert_eq!(sandbox.expire_ok_sessions(), 1);
    let me = api.users().get_current_user().await.unwrap();
    assert_eq!(me.uid.to_string(), fx::ALICE_ID);
    assert_eq!(token_requests(&sandbox), 2, "the exchange and one refresh");
}

#[tokio::test]
async fn a_hundred_calls_on_an_expired_token_make_one_refresh() {
    let sandbox = sandbox().await;
    let api = Arc::new(ok_api(
        &sandbox,
        code_flow(&sandbox, fx::ALICE_AUTH_CODE)
            .authorize()
            .await
            .unwrap(),
    ));
    sandbox.expire_ok_sessions();
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let api = Arc::clone(&api);
            tokio::spawn(async move { api.users().get_logged_in_user().await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().to_string(), fx::ALICE_ID);
    }
    assert_eq!(
        token_requests(&sandbox),
        2,
        "the exchange and exactly one refresh"
    );
}

#[tokio::test]
async fn a_session_that_cannot_renew_reports_the_expiry() {
    let sandbox = sandbox().await;
    let session = code_flow(&sandbox, fx::ALICE_AUTH_CODE)
        .authorize()
        .await
        .unwrap();
    let mut saved = session.tokens().export();
    saved.refresh_token = None;
    let restored = OAuthSession::restore(
        fx::APP_ID,
        okru::ApplicationKey::new(fx::APPLICATION_KEY),
        Some(okru::ApplicationSecretKey::new(fx::APPLICATION_SECRET_KEY)),
        saved,
    )
    .unwrap()
    .with_endpoints(endpoints(&sandbox))
    .unwrap();
    let api = ok_api(&sandbox, restored);
    api.users().get_logged_in_user().await.unwrap();
    sandbox.expire_ok_sessions();
    let err = api.users().get_logged_in_user().await.unwrap_err();
    assert!(err.is_session_expired(), "{err}");
}

#[tokio::test]
async fn saved_tokens_restore_a_renewing_session() {
    let sandbox = sandbox().await;
    let session = code_flow(&sandbox, fx::ALICE_AUTH_CODE)
        .authorize()
        .await
        .unwrap();
    let json = serde_json::to_string(&session.tokens().export()).unwrap();
    let restored = OAuthSession::restore(
        fx::APP_ID,
        okru::ApplicationKey::new(fx::APPLICATION_KEY),
        Some(okru::ApplicationSecretKey::new(fx::APPLICATION_SECRET_KEY)),
        serde_json::from_str(&json).unwrap(),
    )
    .unwrap()
    .with_endpoints(endpoints(&sandbox))
    .unwrap();
    let api = ok_api(&sandbox, restored);
    sandbox.expire_ok_sessions();
    assert_eq!(
        api.users().get_logged_in_user().await.unwrap().to_string(),
        fx::ALICE_ID
    );
}

#[tokio::test]
async fn passwords_and_client_secrets_go_only_to_login_and_token_endpoints() {
    let sandbox = sandbox().await;
    let by_code = code_flow(&sandbox, fx::ALICE_AUTH_CODE)
        .authorize()
        .await
        .unwrap();
    let by_password = PasswordSession::new(
        fx::APP_ID,
        okru::ApplicationKey::new(fx::APPLICATION_KEY),
        okru::ApplicationSecretKey::new(fx::APPLICATION_SECRET_KEY),
        fx::ALICE_LOGIN,
        okru::Password::new(fx::ALICE_PASSWORD),
    )
    .endpoints(endpoints(&sandbox))
    .authorize()
    .await
    .unwrap();
    sandbox.expire_ok_sessions();
    ok_api(&sandbox, by_code)
        .users()
        .get_logged_in_user()
        .await
        .unwrap();
    ok_api(&sandbox, by_password)
        .users()
        .get_logged_in_user()
        .await
        .unwrap();
    for request in sandbox.requests() {
        let is_login = request.param("method") == Some("auth.login");
        let is_token = request.path == "/oauth/token.do";
        if !is_login {
            assert!(
                !request.contains(fx::ALICE_PASSWORD),
                "password sent to {}",
                request.path
            );
        }
        if !is_token {
            assert!(
                !request.contains(fx::APPLICATION_SECRET_KEY),
                "secret sent to {}",
                request.path
            );
            assert!(
                !request.contains(fx::ALICE_REFRESH_TOKEN),
                "refresh token sent to {}",
                request.path
            );
        }
        if is_login || is_token {
            assert!(request.raw_query.is_empty(), "credentials in a URL");
        }
    }
}

#[tokio::test]
async fn debug_output_shows_no_token() {
    let sandbox = sandbox().await;
    let session = code_flow(&sandbox, fx::ALICE_AUTH_CODE)
        .authorize()
        .await
        .unwrap();
    let saved = session.tokens().export();
    let text = format!("{session:?} {:?} {:?}", session.tokens(), saved);
    for secret in [
        saved.access_token.as_str(),
        fx::ALICE_REFRESH_TOKEN,
        fx::APPLICATION_SECRET_KEY,
    ] {
        assert!(!text.contains(secret), "{text}");
    }
    let flow = format!("{:?}", code_flow(&sandbox, fx::ALICE_AUTH_CODE));
    assert!(!flow.contains(fx::ALICE_AUTH_CODE) && !flow.contains(fx::APPLICATION_SECRET_KEY));
}

#[test]
fn the_authorization_url_and_its_redirect() {
    let endpoints = OAuthEndpoints::default();
    let request =
        ok::authorization_request(fx::APP_ID, ResponseType::Code, fx::REDIRECT_URI, &endpoints)
            .unwrap()
            .scope(["VALUABLE_ACCESS", "LONG_ACCESS_TOKEN"])
            .layout("m");
    let url = request.url();
    assert!(url.starts_with("https://connect.ok.ru/oauth/authorize?"));
    assert!(url.contains("scope=VALUABLE_ACCESS%3BLONG_ACCESS_TOKEN"));
    let redirect = format!(
        "{}?code=abc&state={}",
        fx::REDIRECT_URI,
        request.state_value()
    );
    assert!(
        matches!(request.parse_redirect(&redirect).unwrap(), Redirect::Code(code) if code == "abc")
    );
    let forged = format!("{}?code=abc&state=forged", fx::REDIRECT_URI);
    assert_eq!(
        reason(request.parse_redirect(&forged).unwrap_err()),
        OAuthReason::StateMismatch
    );
}

mod implicit {
    use std::time::Duration;

    use super::*;
    use okru::ok::ImplicitSession;

    fn flow(sandbox: &Sandbox, login: &str, password: &str) -> ImplicitSession {
        ImplicitSession::client(
            fx::APP_ID,
            okru::ApplicationKey::new(fx::APPLICATION_KEY),
            login,
            okru::Password::new(password),
        )
        .scope(["VALUABLE_ACCESS", "PHOTO_CONTENT"])
        .endpoints(endpoints(sandbox))
        .attempts(3, Duration::from_millis(10))
    }

    fn dialog_posts(sandbox: &Sandbox) -> usize {
        sandbox
            .requests()
            .iter()
            .filter(|r| r.path == "/dk" && r.http_method == "POST")
            .count()
    }

    #[tokio::test]
    async fn the_dialog_yields_tokens_for_both_circuits() {
        let sandbox = sandbox().await;
        let client = flow(&sandbox, fx::ALICE_LOGIN, fx::ALICE_PASSWORD)
            .authorize()
            .await
            .unwrap();
        let tokens = client.tokens();
        assert!(tokens.has_session_secret_key());
        assert_eq!(
            tokens.permissions_granted(),
            ["VALUABLE_ACCESS", "PHOTO_CONTENT"]
        );
        assert!(tokens.expires_at().is_some());
        let uid = ok_api(&sandbox, client)
            .users()
            .get_logged_in_user()
            .await
            .unwrap();
        assert_eq!(uid.to_string(), fx::ALICE_ID);

        let server = ImplicitSession::new(
            fx::APP_ID,
            okru::ApplicationKey::new(fx::APPLICATION_KEY),
            okru::ApplicationSecretKey::new(fx::APPLICATION_SECRET_KEY),
            fx::ALICE_LOGIN,
            okru::Password::new(fx::ALICE_PASSWORD),
        )
        .endpoints(endpoints(&sandbox))
        .authorize()
        .await
        .unwrap();
        let uid = ok_api(&sandbox, server)
            .users()
            .get_logged_in_user()
            .await
            .unwrap();
        assert_eq!(uid.to_string(), fx::ALICE_ID);
        // The password went only to the login form.
        for request in sandbox.requests() {
            let login_post = request.path == "/dk"
                && request.param("st.cmd") == Some("OAuth2Login")
                && request.http_method == "POST";
            assert_eq!(
                request.contains(fx::ALICE_PASSWORD),
                login_post,
                "{} {}",
                request.http_method,
                request.path
            );
        }
    }

    #[tokio::test]
    async fn refusals_are_typed_and_not_retried() {
        let sandbox = sandbox().await;
        let cases = [
            (fx::ALICE_LOGIN, "wrong", OAuthReason::InvalidGrant),
            (fx::CAPTCHA_LOGIN, "x", OAuthReason::HumanVerification),
            (fx::BLOCKED_LOGIN, "x", OAuthReason::InvalidUser),
        ];
        for (login, password, expected) in cases {
            let before = dialog_posts(&sandbox);
            let err = flow(&sandbox, login, password)
                .authorize()
                .await
                .unwrap_err();
            assert_eq!(reason(err), expected, "{login}");
            assert_eq!(
                dialog_posts(&sandbox) - before,
                1,
                "{login}: one login, no retry"
            );
        }
    }

    #[tokio::test]
    async fn an_unknown_application_is_refused() {
        let sandbox = sandbox().await;
        let err = ImplicitSession::client(
            1,
            okru::ApplicationKey::new(fx::APPLICATION_KEY),
            fx::ALICE_LOGIN,
            okru::Password::new(fx::ALICE_PASSWORD),
        )
        .endpoints(endpoints(&sandbox))
        .authorize()
        .await
        .unwrap_err();
        assert_eq!(reason(err), OAuthReason::InvalidClient);
    }

    #[tokio::test]
    async fn unexpected_pages_are_retried_then_reported() {
        let sandbox = sandbox().await;
        sandbox.inject_times(Fault::HtmlPage, 2);
        let session = flow(&sandbox, fx::ALICE_LOGIN, fx::ALICE_PASSWORD)
            .authorize()
            .await;
        assert!(session.is_ok(), "the third attempt succeeds: {session:?}");
        sandbox.inject_times(Fault::HtmlPage, 3);
        let err = flow(&sandbox, fx::ALICE_LOGIN, fx::ALICE_PASSWORD)
            .authorize()
            .await
            .unwrap_err();
        assert_eq!(reason(err), OAuthReason::UnexpectedPage);
    }
}

#[tokio::test]
async fn a_token_about_to_expire_is_renewed_before_the_call() {
    let sandbox = sandbox().await;
    let session = code_flow(&sandbox, fx::ALICE_AUTH_CODE)
        .authorize()
        .await
        .unwrap();
    let mut saved = session.tokens().export();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    saved.expires_at = Some(now + 30);
    let old_token = saved.access_token.clone();
    let restored = OAuthSession::restore(
        fx::APP_ID,
        okru::ApplicationKey::new(fx::APPLICATION_KEY),
        Some(okru::ApplicationSecretKey::new(fx::APPLICATION_SECRET_KEY)),
        saved,
    )
    .unwrap()
    .with_endpoints(endpoints(&sandbox))
    .unwrap();
    let api = ok_api(&sandbox, restored);
    sandbox.clear_requests();
    api.users().get_logged_in_user().await.unwrap();
    let paths: Vec<String> = sandbox.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        ["/oauth/token.do", "/fb.do"],
        "renewed first, then called once"
    );
    assert!(!sandbox.last_request().unwrap().contains(&old_token));
}
