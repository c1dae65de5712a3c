//! The mail.ru emulation: `/platform/api` (with or without a trailing slash).
//!
//! Parameters come from the query string, the form body, or both. Answers are JSON labelled
//! `text/javascript; charset=utf-8`, as the platform labels them. Errors use the envelope
//! `{"error":{"error_code":N,"error_msg":"..."}}` with HTTP 400: the platform documents the
//! envelope but not the status, and an old public wrapper reads errors from non-200 answers,
//! so clients must find the envelope whatever the status. The checks, in order:
//!
//! 1. `app_id` missing or unknown: 103 "Application lookup failed".
//! 2. `method` missing: 100; unknown: 2 "Unknown method called".
//! 3. `sig` missing: 100.
//! 4. `session_key` missing: 100; unknown or expired: 102 "User authorization failed".
//! 5. Signature mismatch: 104 "Incorrect signature". With `secure=1` the server circuit is
//!    checked (`md5(params + secret_key)`), otherwise the client circuit
//!    (`md5(uid + params + private_key)`, `uid` being the session's user).
//! 6. A required parameter missing: 100.
//! 7. The method's own checks: 100, 202 "Access to this object is denied".

mod data;
pub(crate) mod login;
mod methods;
pub(crate) mod oauth;
pub(crate) mod site;

use crate::stubs::{Stubbed, Stubs};
use serde_json::json;

use crate::answer::{Answer, MAILRU_JSON, param};
use crate::fixtures::mailru as fx;
use crate::issuer::{Issuer, Lookup};
use crate::signature::sign;
use methods::{Call, SessionRule};

/// A mail.ru API error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    code: u32,
    message: String,
}

impl ApiError {
    pub(crate) fn new(code: u32, message: impl Into<String>) -> Self {
        let mut message = message.into();
        if let Some((cut, _)) = message.char_indices().nth(200) {
            message.truncate(cut);
        }
        ApiError { code, message }
    }

    /// 100, a parameter missing or invalid.
    pub(crate) fn invalid(detail: &str) -> Self {
        ApiError::new(
            100,
            format!("One of the parameters specified was missing or invalid: {detail}"),
        )
    }

    pub(crate) fn answer(&self) -> Answer {
        let body = json!({"error": {"error_code": self.code, "error_msg": self.message}});
        let mut answer = Answer::json(MAILRU_JSON, &body);
        answer.status = 400;
        answer
    }
}

/// The answer of a rate limit. Mail.ru documents no rate-limit code; the closest documented
/// one is 3 "Service Unavailable", which is what an overloaded platform answers.
pub(crate) fn rate_limited() -> Answer {
    ApiError::new(3, "Service Unavailable: too many requests, try again later").answer()
}

/// Answers one call.
/// State that calls change, one per sandbox.
#[derive(Debug)]
pub(crate) struct State {
    /// Access tokens issued by the authorization flows.
    pub(crate) issuer: Issuer,
    /// Communities joined through the site.
    pub(crate) joins: site::Joins,
    /// What the API methods changed.
    pub(crate) store: methods::Store,
}

impl Default for State {
    fn default() -> Self {
        State {
            issuer: Issuer::new("sbx-mr-at"),
            joins: site::Joins::default(),
            store: methods::Store::default(),
        }
    }
}

pub(crate) fn handle(params: &[(String, String)], state: &State, stubs: &Stubs) -> Answer {
    match call(params, state, stubs) {
        Ok(value) => Answer::json(MAILRU_JSON, &value),
        Err(error) => error.answer(),
    }
}

fn call(
    params: &[(String, String)],
    state: &State,
    stubs: &Stubs,
) -> Result<serde_json::Value, ApiError> {
    let app_id = param(params, "app_id").and_then(|id| id.trim().parse::<u64>().ok());
    if app_id != Some(fx::APP_ID) {
        return Err(ApiError::new(103, "Application lookup failed"));
    }

    let name = param(params, "method")
        .filter(|name| !name.is_empty())
        .ok_or_else(|| ApiError::invalid("method is missing"))?;
    let method = methods::find(name).ok_or_else(|| ApiError::new(2, "Unknown method called"))?;

    let sig = param(params, "sig")
        .filter(|sig| !sig.is_empty())
        .ok_or_else(|| ApiError::invalid("sig is missing"))?;

    let secure = param(params, "secure") == Some("1");
    let user = match param(params, "session_key").filter(|key| !key.is_empty()) {
        Some(session_key) => {
            let issued = || match state.issuer.lookup(session_key) {
                Lookup::Valid(uid, _) => data::user_by_uid(uid),
                Lookup::Expired | Lookup::Unknown => None,
            };
            Some(
                data::user_by_session_key(session_key)
                    .or_else(issued)
                    .ok_or_else(|| {
                        ApiError::new(
                            102,
                            "User authorization failed: invalid or expired session key",
                        )
                    })?,
            )
        }
        // The application's own calls: the server circuit without a session.
        None if secure => None,
        None => return Err(ApiError::invalid("session_key is missing")),
    };

    let expected = match user {
        Some(_) if secure => sign("", params, &["sig"], fx::SECRET_KEY),
        Some(user) => sign(user.uid, params, &["sig"], fx::PRIVATE_KEY),
        None => sign("", params, &["sig"], fx::SECRET_KEY),
    };
    if sig != expected {
        return Err(ApiError::new(104, "Incorrect signature"));
    }

    match (method.session, user) {
        (SessionRule::Required, None) => {
            return Err(ApiError::new(
                102,
                "User authorization failed: a session is required",
            ));
        }
        (SessionRule::Prohibited, Some(_)) => {
            return Err(ApiError::invalid(
                "this method must be called without a session",
            ));
        }
        _ => {}
    }

    match stubs.take(name) {
        Some(Stubbed::Answer(value)) => return Ok(value),
        Some(Stubbed::Fail(code)) => {
            return Err(ApiError::new(code, "injected by Sandbox::fail_with"));
        }
        None => {}
    }
    for required in method.required {
        if param(params, required).is_none_or(str::is_empty) {
            return Err(ApiError::invalid(&format!("{required} is missing")));
        }
    }

    (method.handler)(&Call {
        params,
        user,
        store: &state.store,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_expired_key_is_refused_with_102() {
        let app_id = fx::APP_ID.to_string();
        let params = pairs(&[
            ("app_id", &app_id),
            ("method", "friends.get"),
            ("session_key", fx::EXPIRED_SESSION_KEY),
            ("sig", "whatever"),
        ]);
        assert_eq!(
            call(&params, &State::default(), &Stubs::default())
                .err()
                .map(|e| e.code),
            Some(102)
        );
    }

    #[test]
    fn errors_answer_400_with_the_envelope() {
        let answer = ApiError::new(2, "Unknown method called").answer();
        assert_eq!(answer.status, 400);
        let body: serde_json::Value =
            serde_json::from_slice(&answer.body).unwrap_or(serde_json::Value::Null);
        assert_eq!(body["error"]["error_code"], 2);
    }
}
