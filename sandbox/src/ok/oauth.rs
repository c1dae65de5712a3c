//! OK authorization: the token endpoint (`/oauth/token.do`) and `auth.login`, and the
//! access tokens they issue ([`Issuer`]), which [`crate::Sandbox::expire_ok_sessions`] can
//! expire.

use serde_json::{Value, json};

use super::ApiError;
use super::data;
use crate::answer::{Answer, OK_JSON, param};
use crate::fixtures::ok as fx;
use crate::issuer::Issuer;

/// Lifetime announced for issued access tokens.
const EXPIRES_IN: u64 = 1800;

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
            let (token, _) = issuer.issue(alice.id, false);
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
            let (token, _) = issuer.issue(alice.id, false);
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
    let (token, secret) = issuer.issue(alice.id, true);
    Ok(json!({
        "uid": alice.id,
        "session_key": token,
        "session_secret_key": secret,
        "api_server": "https://api.ok.ru/",
    }))
}
