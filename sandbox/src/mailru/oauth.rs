//! Mail.ru authorization: one token endpoint (`/oauth/token`) for the authorization code,
//! password and refresh grants (the real platform splits them between connect.mail.ru and
//! appsmail.ru), issuing tokens that [`crate::Sandbox::expire_mailru_sessions`] can expire.

use serde_json::json;

use super::data;
use crate::answer::{Answer, MAILRU_JSON, param};
use crate::fixtures::mailru as fx;
use crate::issuer::Issuer;

/// Lifetime announced for issued access tokens.
const EXPIRES_IN: u64 = 86_400;

fn oauth_error(status: u16, code: &str, description: &str) -> Answer {
    let mut answer = Answer::json(
        MAILRU_JSON,
        &json!({ "error": code, "error_description": description }),
    );
    answer.status = status;
    answer
}

/// `POST /oauth/token`.
pub(crate) fn token_endpoint(method: &str, params: &[(String, String)], issuer: &Issuer) -> Answer {
    if method != "POST" {
        return oauth_error(405, "invalid_request", "use POST");
    }
    let get = |name: &str| param(params, name).filter(|v| !v.is_empty());
    if get("client_id") != Some(&fx::APP_ID.to_string()) {
        return oauth_error(401, "invalid_client", "unknown client_id");
    }
    // The platform documents the secret key; the seeds' client variants send the private key.
    if !matches!(get("client_secret"), Some(fx::SECRET_KEY | fx::PRIVATE_KEY)) {
        return oauth_error(401, "invalid_client", "wrong client_secret");
    }
    match get("grant_type") {
        Some("authorization_code") => {
            if get("code") != Some(fx::ALICE_AUTH_CODE)
                || get("redirect_uri") != Some(fx::REDIRECT_URI)
            {
                return oauth_error(400, "invalid_grant", "unknown code or redirect_uri");
            }
        }
        Some("password") => match get("username") {
            Some(fx::BLOCKED_EMAIL) => return oauth_error(400, "invalid_user", "user is blocked"),
            Some(fx::OUTSIDER_EMAIL) => {
                return oauth_error(
                    400,
                    "client_not_available",
                    "application is in the test mode",
                );
            }
            Some(fx::ALICE_EMAIL) if get("password") == Some(fx::ALICE_PASSWORD) => {}
            _ => return oauth_error(400, "invalid_grant", "wrong email or password"),
        },
        Some("refresh_token") => {
            if get("refresh_token") != Some(fx::ALICE_REFRESH_TOKEN) {
                return oauth_error(400, "invalid_grant", "unknown refresh token");
            }
        }
        Some(_) => return oauth_error(400, "unsupported_grant_type", "unknown grant_type"),
        None => return oauth_error(400, "invalid_request", "grant_type is missing"),
    }
    let alice = data::user_by_uid(fx::ALICE_UID).expect("Alice is in the data set");
    let (token, _) = issuer.issue(alice.uid, false);
    Answer::json(
        MAILRU_JSON,
        &json!({
            "access_token": token,
            "refresh_token": fx::ALICE_REFRESH_TOKEN,
            "expires_in": EXPIRES_IN,
            "token_type": "bearer",
            "x_mailru_vid": alice.uid,
        }),
    )
}
