//! OK authorization: the token endpoint (`/oauth/token.do`) and `auth.login`, and the
//! access tokens they issue, which [`crate::Sandbox::expire_ok_sessions`] can expire.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

use super::ApiError;
use super::data::{self, User};
use crate::answer::{Answer, OK_JSON, param};
use crate::fixtures::ok as fx;
use crate::signature::md5_hex;

/// Lifetime announced for issued access tokens.
const EXPIRES_IN: u64 = 1800;

/// An access token issued by a flow.
#[derive(Debug, Clone)]
pub(crate) struct Issued {
    pub user: &'static User,
    /// Set for `auth.login` sessions (client circuit).
    pub session_secret_key: Option<String>,
    pub expired: bool,
}

/// Tokens issued since the sandbox started.
#[derive(Debug, Default)]
pub(crate) struct Issuer {
    issued: Mutex<HashMap<String, Issued>>,
    counter: AtomicU64,
}

/// What a call's token turned out to be.
pub(crate) enum Lookup {
    Valid(&'static User, Option<String>),
    Expired,
    Unknown,
}

impl Issuer {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Issued>> {
        self.issued
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn issue(&self, user: &'static User, with_secret: bool) -> (String, Option<String>) {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let token = format!(
            "sbx-ok-at-{n}-{}",
            &md5_hex(&[user.id.as_bytes(), &n.to_le_bytes()])[..12]
        );
        let secret = with_secret.then(|| md5_hex(&[token.as_bytes(), b"session secret"]));
        self.lock().insert(
            token.clone(),
            Issued {
                user,
                session_secret_key: secret.clone(),
                expired: false,
            },
        );
        (token, secret)
    }

    pub(crate) fn lookup(&self, token: &str) -> Lookup {
        match self.lock().get(token) {
            Some(issued) if issued.expired => Lookup::Expired,
            Some(issued) => Lookup::Valid(issued.user, issued.session_secret_key.clone()),
            None => Lookup::Unknown,
        }
    }

    /// Marks every issued token expired; returns how many were still valid.
    pub(crate) fn expire_all(&self) -> usize {
        let mut issued = self.lock();
        let valid = issued.values().filter(|i| !i.expired).count();
        issued.values_mut().for_each(|i| i.expired = true);
        valid
    }
}

fn oauth_error(status: u16, code: &str, description: &str) -> Answer {
    let body = json!({ "error": code, "error_description": description });
    let mut answer = Answer::json(OK_JSON, &body);
    answer.status = status;
    answer
}

/// `POST /oauth/token.do`: the `authorization_code` and `refresh_token` grants.
pub(crate) fn token_endpoint(method: &str, params: &[(String, String)], issuer: &Issuer) -> Answer {
    if method != "POST" {
        return oauth_error(405, "invalid_request", "use POST");
    }
    let get = |name: &str| param(params, name).filter(|v| !v.is_empty());
    if get("client_id") != Some(&fx::APP_ID.to_string()) {
        return oauth_error(401, "invalid_client", "unknown client_id");
    }
    if get("client_secret") != Some(fx::APPLICATION_SECRET_KEY) {
        return oauth_error(401, "invalid_client", "wrong client_secret");
    }
    let alice = data::user_by_id(fx::ALICE_ID).expect("Alice is in the data set");
    match get("grant_type") {
        Some("authorization_code") => {
            if get("code") != Some(fx::ALICE_AUTH_CODE) {
                return oauth_error(400, "invalid_grant", "unknown or used code");
            }
            if get("redirect_uri") != Some(fx::REDIRECT_URI) {
                return oauth_error(400, "invalid_grant", "redirect_uri does not match");
            }
            let (token, _) = issuer.issue(alice, false);
            Answer::json(
                OK_JSON,
                &json!({
                    "access_token": token,
                    "refresh_token": fx::ALICE_REFRESH_TOKEN,
                    "token_type": "session",
                    "expires_in": EXPIRES_IN.to_string(),
                }),
            )
        }
        Some("refresh_token") => {
            if get("refresh_token") != Some(fx::ALICE_REFRESH_TOKEN) {
                return oauth_error(400, "invalid_grant", "unknown refresh token");
            }
            let (token, _) = issuer.issue(alice, false);
            Answer::json(
                OK_JSON,
                &json!({
                    "access_token": token,
                    "token_type": "session",
                    "expires_in": EXPIRES_IN.to_string(),
                }),
            )
        }
        Some(_) => oauth_error(400, "unsupported_grant_type", "unknown grant_type"),
        None => oauth_error(400, "invalid_request", "grant_type is missing"),
    }
}

/// `auth.login`: unsigned; answers a session key and its session secret key.
pub(crate) fn auth_login(params: &[(String, String)], issuer: &Issuer) -> Result<Value, ApiError> {
    let login = param(params, "user_name").unwrap_or_default();
    let password = param(params, "password").unwrap_or_default();
    match login {
        fx::BLOCKED_LOGIN => return Err(ApiError::new(401, "User is blocked")),
        fx::CAPTCHA_LOGIN => return Err(ApiError::new(402, "Captcha required")),
        fx::ALICE_LOGIN if password == fx::ALICE_PASSWORD => {}
        _ => return Err(ApiError::new(401, "Invalid login or password")),
    }
    let alice = data::user_by_id(fx::ALICE_ID).expect("Alice is in the data set");
    let (token, secret) = issuer.issue(alice, true);
    Ok(json!({
        "uid": alice.id,
        "session_key": token,
        "session_secret_key": secret,
        "api_server": "https://api.ok.ru/",
    }))
}
