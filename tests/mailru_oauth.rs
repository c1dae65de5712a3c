//! The mail.ru authorization grants against the sandbox: code, password, refresh, their
//! client and server variants, renewal of expired sessions, the authorization URL.

mod common;

use std::sync::Arc;

use common::*;
use okru::ErrorKind;
use okru::mailru::{
    self, CodeSession, OAuthEndpoints, OAuthSession, PasswordSession, RefreshSession,
};
use okru::oauth::{OAuthReason, ResponseType};

use fixtures::mailru as fx;

fn endpoints(sandbox: &Sandbox) -> OAuthEndpoints {
    OAuthEndpoints::at(&sandbox.base_url())
}

fn api(sandbox: &Sandbox, session: OAuthSession) -> mailru::Api<OAuthSession> {
    mailru::Api::builder(session)
        .base_url(sandbox.mailru_api_url())
        .build()
        .unwrap()
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
        .filter(|r| r.path == "/oauth/token")
        .count()
}

async fn my_uid(api: &mailru::Api<OAuthSession>) -> String {
    let me = api.users().get_info().await.unwrap();
    me[0].uid.to_string()
}

#[tokio::test]
async fn the_code_grant_in_every_variant() {
    let sandbox = sandbox().await;
    let flows = [
        CodeSession::new(
            fx::APP_ID,
            okru::PrivateKey::new(fx::PRIVATE_KEY),
            okru::SecretKey::new(fx::SECRET_KEY),
            okru::AuthorizationCode::new(fx::ALICE_AUTH_CODE),
            fx::REDIRECT_URI,
        ),
        CodeSession::client(
            fx::APP_ID,
            okru::PrivateKey::new(fx::PRIVATE_KEY),
            okru::AuthorizationCode::new(fx::ALICE_AUTH_CODE),
            fx::REDIRECT_URI,
        ),
        CodeSession::server(
            fx::APP_ID,
            okru::SecretKey::new(fx::SECRET_KEY),
            okru::AuthorizationCode::new(fx::ALICE_AUTH_CODE),
            fx::REDIRECT_URI,
        ),
    ];
    for flow in flows {
        let session = flow
            .endpoints(endpoints(&sandbox))
            .authorize()
            .await
            .unwrap();
        assert_eq!(session.tokens().uid(), Some(fx::ALICE_UID));
        assert!(session.tokens().can_renew());
        assert_eq!(my_uid(&api(&sandbox, session)).await, fx::ALICE_UID);
    }
    let signed: Vec<_> = sandbox
        .requests()
        .into_iter()
        .filter(|r| r.path == "/platform/api")
        .map(|r| r.param("secure").map(str::to_owned))
        .collect();
    assert_eq!(
        signed,
        [Some("1".into()), None, Some("1".into())],
        "server, client, server circuits"
    );
}

#[tokio::test]
async fn grant_failures_are_typed() {
    let sandbox = sandbox().await;
    let code = CodeSession::server(
        fx::APP_ID,
        okru::SecretKey::new(fx::SECRET_KEY),
        okru::AuthorizationCode::new("bad"),
        fx::REDIRECT_URI,
    )
    .endpoints(endpoints(&sandbox))
    .authorize()
    .await;
    assert_eq!(reason(code.unwrap_err()), OAuthReason::InvalidGrant);
    let password = |email: &str, password: &str| {
        PasswordSession::server(
            fx::APP_ID,
            okru::SecretKey::new(fx::SECRET_KEY),
            email,
            okru::Password::new(password),
        )
        .endpoints(endpoints(&sandbox))
        .authorize()
    };
    assert_eq!(
        reason(password(fx::ALICE_EMAIL, "wrong").await.unwrap_err()),
        OAuthReason::InvalidGrant
    );
    assert_eq!(
        reason(password(fx::BLOCKED_EMAIL, "x").await.unwrap_err()),
        OAuthReason::InvalidUser
    );
    assert_eq!(
        reason(password(fx::OUTSIDER_EMAIL, "x").await.unwrap_err()),
        OAuthReason::ClientNotAvailable
    );
    let client = CodeSession::server(
        fx::APP_ID,
        okru::SecretKey::new("not-the-secret"),
        okru::AuthorizationCode::new(fx::ALICE_AUTH_CODE),
        fx::REDIRECT_URI,
    )
    .endpoints(endpoints(&sandbox))
    .authorize()
    .await;
    assert_eq!(reason(client.unwrap_err()), OAuthReason::InvalidClient);
}

#[tokio::test]
async fn the_password_grant_asks_for_every_privilege_by_default() {
    let sandbox = sandbox().await;
    let session = PasswordSession::client(
        fx::APP_ID,
        okru::PrivateKey::new(fx::PRIVATE_KEY),
        fx::ALICE_EMAIL,
        okru::Password::new(fx::ALICE_PASSWORD),
    )
    .endpoints(endpoints(&sandbox))
    .authorize()
    .await
    .unwrap();
    assert_eq!(my_uid(&api(&sandbox, session)).await, fx::ALICE_UID);
    let grant = &sandbox.requests()[0];
    assert_eq!(grant.param("scope"), Some(mailru::FULL_SCOPE));
    assert_eq!(grant.param("grant_type"), Some("password"));
}

#[tokio::test]
async fn the_refresh_grant() {
    let sandbox = sandbox().await;
    let session = RefreshSession::server(
        fx::APP_ID,
        okru::SecretKey::new(fx::SECRET_KEY),
        okru::RefreshToken::new(fx::ALICE_REFRESH_TOKEN),
    )
    .endpoints(endpoints(&sandbox))
    .authorize()
    .await
    .unwrap();
    assert_eq!(my_uid(&api(&sandbox, session)).await, fx::ALICE_UID);
    let revoked = RefreshSession::client(
        fx::APP_ID,
        okru::PrivateKey::new(fx::PRIVATE_KEY),
        okru::RefreshToken::new("revoked"),
    )
    .endpoints(endpoints(&sandbox))
    .authorize()
    .await
    .unwrap_err();
    assert_eq!(reason(revoked), OAuthReason::InvalidGrant);
}

#[tokio::test]
async fn concurrent_calls_on_an_expired_session_share_one_refresh() {
    let sandbox = sandbox().await;
    let session = CodeSession::client(
        fx::APP_ID,
        okru::PrivateKey::new(fx::PRIVATE_KEY),
        okru::AuthorizationCode::new(fx::ALICE_AUTH_CODE),
        fx::REDIRECT_URI,
    )
    .endpoints(endpoints(&sandbox))
    .authorize()
    .await
    .unwrap();
    let api = Arc::new(api(&sandbox, session));
    assert_eq!(sandbox.expire_mailru_sessions(), 1);
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let api = Arc::clone(&api);
            tokio::spawn(async move { my_uid(&api).await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap(), fx::ALICE_UID);
    }
    assert_eq!(
        token_requests(&sandbox),
        2,
        "the exchange and exactly one refresh"
    );
}

#[tokio::test]
async fn secrets_and_passwords_go_only_to_the_token_endpoint() {
    let sandbox = sandbox().await;
    let session = PasswordSession::new(
        fx::APP_ID,
        okru::PrivateKey::new(fx::PRIVATE_KEY),
        okru::SecretKey::new(fx::SECRET_KEY),
        fx::ALICE_EMAIL,
        okru::Password::new(fx::ALICE_PASSWORD),
    )
    .scope("stream".split_whitespace())
    .endpoints(endpoints(&sandbox))
    .authorize()
    .await
    .unwrap();
    let saved = session.tokens().export();
    let restored = OAuthSession::restore(
        fx::APP_ID,
        None,
        Some(okru::SecretKey::new(fx::SECRET_KEY)),
        saved,
    )
    .unwrap()
    .with_endpoints(endpoints(&sandbox))
    .unwrap();
    let api = api(&sandbox, restored);
    sandbox.expire_mailru_sessions();
    assert_eq!(my_uid(&api).await, fx::ALICE_UID);
    for request in sandbox.requests() {
        if request.path == "/oauth/token" {
            assert!(request.raw_query.is_empty(), "credentials in a URL");
            continue;
        }
        for secret in [
            fx::ALICE_PASSWORD,
            fx::SECRET_KEY,
            fx::PRIVATE_KEY,
            fx::ALICE_REFRESH_TOKEN,
        ] {
            assert!(
                !request.contains(secret),
                "{secret} sent to {}",
                request.path
            );
        }
    }
}

#[test]
fn the_authorization_url_separates_scopes_with_spaces() {
    let request = mailru::authorization_request(
        fx::APP_ID,
        ResponseType::Token,
        fx::REDIRECT_URI,
        &OAuthEndpoints::default(),
    )
    .unwrap()
    .scope(["stream", "photos"]);
    let url = request.url();
    assert!(url.starts_with("https://connect.mail.ru/oauth/authorize?client_id=700001&"));
    assert!(url.contains("scope=stream+photos"));
    assert!(url.contains("response_type=token"));
}

mod implicit {
    use std::time::Duration;

    use super::*;
    use okru::mailru::ImplicitSession;

    fn flow(sandbox: &Sandbox, email: &str, password: &str) -> ImplicitSession {
        ImplicitSession::client(
            fx::APP_ID,
            okru::PrivateKey::new(fx::PRIVATE_KEY),
            email,
            okru::Password::new(password),
        )
        .redirect_uri(fx::REDIRECT_URI)
        .endpoints(endpoints(sandbox))
        .attempts(3, Duration::from_millis(10))
    }

    #[tokio::test]
    async fn the_dialog_yields_tokens_and_keeps_the_cookies() {
        let sandbox = sandbox().await;
        let session = flow(&sandbox, fx::ALICE_EMAIL, fx::ALICE_PASSWORD)
            .authorize()
            .await
            .unwrap();
        assert_eq!(session.tokens().uid(), Some(fx::ALICE_UID));
        assert!(session.tokens().can_renew());
        let jar = session.cookies().expect("the login cookies are kept");
        let url = url::Url::parse(&sandbox.base_url()).unwrap();
        let cookies =
            reqwest::cookie::CookieStore::cookies(&*jar, &url).expect("a cookie for the site");
        assert!(cookies.to_str().unwrap().contains("Mpop="));
        assert!(!format!("{session:?}").contains("Mpop"));
        assert_eq!(my_uid(&api(&sandbox, session)).await, fx::ALICE_UID);

        let login = sandbox
            .requests()
            .into_iter()
            .find(|r| r.path == "/cgi-bin/auth")
            .unwrap();
        assert_eq!(login.param("Login"), Some("alice.volkova"));
        assert_eq!(login.param("Domain"), Some("mail.ru"));
        let authorize = &sandbox.requests()[0];
        assert_eq!(authorize.param("scope"), Some(mailru::FULL_SCOPE));
    }

    #[tokio::test]
    async fn refusals_are_typed() {
        let sandbox = sandbox().await;
        let cases = [
            (fx::ALICE_EMAIL, "wrong", OAuthReason::InvalidGrant),
            (fx::BLOCKED_EMAIL, "x", OAuthReason::InvalidUser),
            (fx::OUTSIDER_EMAIL, "x", OAuthReason::ClientNotAvailable),
            (fx::CAPTCHA_EMAIL, "x", OAuthReason::HumanVerification),
        ];
        for (email, password, expected) in cases {
            let before = sandbox
                .requests()
                .iter()
                .filter(|r| r.path == "/cgi-bin/auth")
                .count();
            let err = flow(&sandbox, email, password)
                .authorize()
                .await
                .unwrap_err();
            assert_eq!(reason(err), expected, "{email}");
            let after = sandbox
                .requests()
                .iter()
                .filter(|r| r.path == "/cgi-bin/auth")
                .count();
            assert_eq!(after - before, 1, "{email}: one login, no retry");
        }
        let unknown = ImplicitSession::server(
            1,
            okru::SecretKey::new(fx::SECRET_KEY),
            fx::ALICE_EMAIL,
            okru::Password::new(fx::ALICE_PASSWORD),
        )
        .scope("stream".split_whitespace())
        .endpoints(endpoints(&sandbox))
        .authorize()
        .await
        .unwrap_err();
        assert_eq!(reason(unknown), OAuthReason::InvalidClient);
    }
}
