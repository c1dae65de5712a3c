//! Shared setup of the integration tests: a sandbox and clients pointed at it.
#![allow(dead_code)]

use okru::ids::UserId;
use okru::{
    AccessToken, ApplicationKey, ApplicationSecretKey, PrivateKey, SecretKey, SessionKey,
    SessionSecretKey, mailru, ok,
};
#[allow(unused_imports)]
pub use okru_sandbox::{Fault, Sandbox, fixtures};

pub async fn sandbox() -> Sandbox {
    Sandbox::start()
        .await
        .expect("the sandbox starts on loopback")
}

pub fn ok_client_session() -> ok::ClientSession {
    ok::ClientSession::new(
        fixtures::ok::APP_ID,
        ok_key(),
        AccessToken::new(fixtures::ok::ALICE_ACCESS_TOKEN),
        SessionSecretKey::new(fixtures::ok::ALICE_SESSION_SECRET_KEY),
    )
}

/// A client session of another sandbox user (`fixtures::ok::BOB_*`, ...).
pub fn ok_client_session_of(access_token: &str, session_secret_key: &str) -> ok::ClientSession {
    ok::ClientSession::new(
        fixtures::ok::APP_ID,
        ok_key(),
        AccessToken::new(access_token),
        SessionSecretKey::new(session_secret_key),
    )
}

pub fn ok_server_session() -> ok::ServerSession {
    ok::ServerSession::new(
        fixtures::ok::APP_ID,
        ok_key(),
        ok_secret(),
        AccessToken::new(fixtures::ok::ALICE_ACCESS_TOKEN),
    )
}

pub fn ok_app_session() -> ok::ApplicationSession {
    ok::ApplicationSession::new(fixtures::ok::APP_ID, ok_key(), ok_secret())
}

/// The sandbox application's public key.
pub fn ok_key() -> ApplicationKey {
    ApplicationKey::new(fixtures::ok::APPLICATION_KEY)
}

/// The sandbox application's secret key.
pub fn ok_secret() -> ApplicationSecretKey {
    ApplicationSecretKey::new(fixtures::ok::APPLICATION_SECRET_KEY)
}

/// The sandbox mail.ru application's private key.
pub fn mailru_private() -> PrivateKey {
    PrivateKey::new(fixtures::mailru::PRIVATE_KEY)
}

/// The sandbox mail.ru application's secret key.
pub fn mailru_secret() -> SecretKey {
    SecretKey::new(fixtures::mailru::SECRET_KEY)
}

pub fn ok_api<S: okru::Session<Platform = ok::OkRu>>(sandbox: &Sandbox, session: S) -> ok::Api<S> {
    ok::Api::builder(session)
        .base_url(sandbox.ok_api_url())
        .build()
        .expect("valid sandbox URL")
}

pub fn mailru_client_session() -> mailru::ClientSession {
    mailru::ClientSession::new(
        fixtures::mailru::APP_ID,
        mailru_private(),
        SessionKey::new(fixtures::mailru::ALICE_SESSION_KEY),
        uid(fixtures::mailru::ALICE_UID),
    )
}

pub fn mailru_server_session() -> mailru::ServerSession {
    mailru::ServerSession::new(
        fixtures::mailru::APP_ID,
        mailru_secret(),
        SessionKey::new(fixtures::mailru::ALICE_SESSION_KEY),
    )
}

pub fn mailru_api<S: okru::Session<Platform = mailru::MailRu>>(
    sandbox: &Sandbox,
    session: S,
) -> mailru::Api<S> {
    mailru::Api::builder(session)
        .base_url(sandbox.mailru_api_url())
        .build()
        .expect("valid sandbox URL")
}

pub fn uid(text: &str) -> UserId {
    text.parse().expect("fixture ids are numeric")
}

pub fn mailru_app_session() -> mailru::ApplicationSession {
    mailru::ApplicationSession::new(fixtures::mailru::APP_ID, mailru_secret())
}
