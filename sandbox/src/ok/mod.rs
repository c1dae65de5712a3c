//! The OK emulation: `/fb.do` and `/api/<group>/<method>`.
//!
//! Parameters come from the query string, the form body, or both. The checks run in this
//! order, and each failure answers OK's error envelope (HTTP 200, an `Invocation-Error: <code>`
//! header and `{"error_code":N,"error_msg":"NAME : text","error_data":null}`):
//!
//! 1. `application_key` missing or unknown: 101 `PARAM_API_KEY`.
//! 2. `method` missing: 100 `PARAM`; unknown: 3 `METHOD`.
//! 3. `sig` missing: 104 `PARAM_SIGNATURE` ("No signature specified", as the platform answers).
//! 4. `access_token` (or its older name `session_key`): expired, 102 `PARAM_SESSION_EXPIRED`;
//!    unknown, 103 `PARAM_SESSION_KEY`.
//! 5. Signature mismatch: 104 `PARAM_SIGNATURE`.
//! 6. The method's session rule: 453 `SESSION_REQUIRED` or 451 `NOT_SESSION_METHOD`.
//! 7. A required parameter missing: 100 `PARAM` ("Missing required parameter uids").
//! 8. The method's own checks: 100 `PARAM`, 110 `PARAM_USER_ID`, 160 `PARAM_GROUP_ID`, 50
//!    `NOT_ADMIN` ...

pub(crate) mod content;
mod crowd;
mod data;
pub(crate) mod login;
mod media;
mod methods;
pub(crate) mod oauth;

use crate::stubs::{Stubbed, Stubs};
use serde_json::json;

use crate::answer::{Answer, OK_JSON, param};
use crate::fixtures::ok as fx;
use crate::issuer::Lookup;
use crate::signature::{md5_hex, sign};
pub(crate) use methods::State;
use methods::{Call, SessionRule};

/// Parameters that are never part of the signed text.
const UNSIGNED: &[&str] = &["sig", "access_token", "session_key"];

/// An OK API error: its code and the text after `NAME : `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    code: u32,
    text: String,
}

impl ApiError {
    pub(crate) fn new(code: u32, text: impl Into<String>) -> Self {
        let mut text = text.into();
        // Texts may quote what the client sent; keep them short whatever was sent.
        if let Some((cut, _)) = text.char_indices().nth(200) {
            text.truncate(cut);
        }
        ApiError { code, text }
    }

    pub(crate) fn missing(name: &str) -> Self {
        ApiError::new(100, format!("Missing required parameter {name}"))
    }

    fn message(&self) -> String {
        format!("{} : {}", name(self.code), self.text)
    }

    pub(crate) fn answer(&self) -> Answer {
        let body = json!({
            "error_code": self.code,
            "error_msg": self.message(),
            "error_data": null,
        });
        let mut answer = Answer::json(OK_JSON, &body);
        answer
            .headers
            .push(("invocation-error", self.code.to_string()));
        answer
    }
}

/// The symbolic name of an error code, as it starts `error_msg`.
fn name(code: u32) -> &'static str {
    match code {
        2 => "SERVICE",
        3 => "METHOD",
        24 => "NOT_OWNER",
        50 => "NOT_ADMIN",
        8 => "FLOOD_BLOCKED",
        100 => "PARAM",
        101 => "PARAM_API_KEY",
        102 => "PARAM_SESSION_EXPIRED",
        103 => "PARAM_SESSION_KEY",
        104 => "PARAM_SIGNATURE",
        110 => "PARAM_USER_ID",
        120 => "PARAM_ALBUM_ID",
        121 => "PARAM_PHOTO_ID",
        141 => "PARAM_COMMENT_ID",
        160 => "PARAM_GROUP_ID",
        451 => "NOT_SESSION_METHOD",
        453 => "SESSION_REQUIRED",
        700 => "COMMENT_NOT_FOUND",
        701 => "INVALID_AUTHOR",
        1103 => "FRIENDSHIP_REQUIRED",
        _ => "UNKNOWN",
    }
}

/// The answer of a rate limit: 8 `FLOOD_BLOCKED`.
pub(crate) fn rate_limited() -> Answer {
    ApiError::new(8, "Call blocked due to flood protection").answer()
}

/// Answers one call. `path_method` is the method named by an `/api/<group>/<method>` path.
pub(crate) fn handle(
    params: &[(String, String)],
    path_method: Option<&str>,
    state: &State,
    stubs: &Stubs,
) -> Answer {
    match call(params, path_method, state, stubs) {
        Ok(value) => Answer::json(OK_JSON, &value),
        Err(error) => error.answer(),
    }
}

fn call(
    params: &[(String, String)],
    path_method: Option<&str>,
    state: &State,
    stubs: &Stubs,
) -> Result<serde_json::Value, ApiError> {
    match param(params, "application_key") {
        None | Some("") => return Err(ApiError::new(101, "No application key")),
        Some(key) if key != fx::APPLICATION_KEY => {
            return Err(ApiError::new(101, "Application not exist"));
        }
        Some(_) => {}
    }

    let name = path_method
        .or_else(|| param(params, "method"))
        .filter(|name| !name.is_empty())
        .ok_or_else(|| ApiError::missing("method"))?;
    // The password flow is the one unsigned method: it is how a client gets its keys.
    if name == "auth.login" {
        return oauth::auth_login(params, &state.issuer);
    }
    let method =
        methods::find(name).ok_or_else(|| ApiError::new(3, format!("Method {name} not found")))?;

    let sig = param(params, "sig")
        .filter(|sig| !sig.is_empty())
        .ok_or_else(|| ApiError::new(104, "No signature specified"))?;

    let token = param(params, "access_token").or_else(|| param(params, "session_key"));
    // The user, and the session secret key of the client circuit when there is one.
    let (user, session_secret_key) = match token {
        None => (None, None),
        Some(fx::EXPIRED_ACCESS_TOKEN) => return Err(ApiError::new(102, "Session expired")),
        Some(token) => match data::user_by_token(token) {
            Some(user) => (Some(user), Some(user.session_secret_key.to_owned())),
            None => match state.issuer.lookup(token) {
                Lookup::Valid(id, secret) => (data::user_by_id(id), secret),
                Lookup::Expired => return Err(ApiError::new(102, "Session expired")),
                Lookup::Unknown => return Err(ApiError::new(103, "Invalid session key")),
            },
        },
    };

    let signed_correctly = match (token, user) {
        (Some(token), Some(_)) => {
            // Client circuit: the session secret key. Server circuit: md5(token + app secret).
            let server_secret = md5_hex(&[token.as_bytes(), fx::APPLICATION_SECRET_KEY.as_bytes()]);
            session_secret_key.is_some_and(|key| sig == sign("", params, UNSIGNED, &key))
                || sig == sign("", params, UNSIGNED, &server_secret)
        }
        // Application-only: the application secret key itself.
        _ => sig == sign("", params, UNSIGNED, fx::APPLICATION_SECRET_KEY),
    };
    if !signed_correctly {
        return Err(ApiError::new(104, "Invalid signature"));
    }

    match (method.session, user.is_some()) {
        (SessionRule::Required, false) => {
            return Err(ApiError::new(453, "Session is required for this method"));
        }
        (SessionRule::Prohibited, true) => {
            return Err(ApiError::new(451, "Session is prohibited for this method"));
        }
        _ => {}
    }

    for required in method.required {
        if param(params, required).is_none_or(str::is_empty) {
            return Err(ApiError::missing(required));
        }
    }

    match stubs.take(name) {
        Some(Stubbed::Answer(value)) => return Ok(value),
        Some(Stubbed::Fail(code)) => {
            return Err(ApiError::new(code, "injected by Sandbox::fail_with"));
        }
        None => {}
    }
    (method.handler)(&Call {
        params,
        user,
        state,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(mut params: Vec<(&str, &str)>, secret: &str) -> Vec<(String, String)> {
        params.push(("application_key", fx::APPLICATION_KEY));
        params.push(("format", "json"));
        let mut owned: Vec<(String, String)> = params
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let sig = sign("", &owned, UNSIGNED, secret);
        owned.push(("sig".into(), sig));
        owned
    }

    fn code(params: &[(String, String)]) -> Option<u32> {
        call(params, None, &State::default(), &Stubs::default())
            .err()
            .map(|e| e.code)
    }

    #[test]
    fn application_only_calls_sign_with_the_application_secret() {
        let params = signed(
            vec![("method", "friends.get"), ("uid", fx::ALICE_ID)],
            fx::APPLICATION_SECRET_KEY,
        );
        assert_eq!(code(&params), None);
        let wrong = signed(vec![("method", "friends.get"), ("uid", fx::ALICE_ID)], "x");
        assert_eq!(code(&wrong), Some(104));
    }

    #[test]
    fn session_key_is_a_synonym_of_access_token() {
        let mut params = signed(
            vec![("method", "users.getLoggedInUser")],
            fx::BOB_SESSION_SECRET_KEY,
        );
        params.push(("session_key".into(), fx::BOB_ACCESS_TOKEN.into()));
        let value = call(&params, None, &State::default(), &Stubs::default()).ok();
        assert_eq!(value, Some(json!(fx::BOB_ID)));
    }

    #[test]
    fn error_messages_name_the_code_and_stay_short() {
        let error = ApiError::new(3, "x".repeat(10_000));
        assert!(error.message().starts_with("METHOD : x"));
        assert!(error.message().len() < 300);
        let answer = error.answer();
        assert_eq!(answer.status, 200);
        assert_eq!(answer.headers, vec![("invocation-error", "3".to_owned())]);
    }
}
