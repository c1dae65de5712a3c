//! Everything okru knows about how mail.ru answers: the error envelope
//! (`{"error": {"error_code", "error_msg"}}`, or the OAuth-style `{"error": "text"}`), the
//! symbolic names of the codes, and which codes mean an expired session, a missing
//! privilege or a passing failure.
//!
//! The code list is the one on every method page of the REST reference; the names are the
//! SDK's, since mail.ru documents only numbers and messages.

use serde::Deserialize;

use crate::error::{ApiError, ErrorClass};
use crate::http::{Dialect, looks_like_object};
use crate::platform::Platform;

/// The Mail.ru "My World" platform, as a type: it ties sessions, `Api` handles and
/// generated methods to mail.ru's dialect.
#[derive(Debug, Clone, Copy)]
pub enum MailRu {}

impl crate::http::dialect::sealed::Sealed for MailRu {}

impl Dialect for MailRu {
    const PLATFORM: Platform = Platform::MailRu;
    const DEFAULT_URL: &'static str = "https://appsmail.ru/platform/api";

    fn api_error(body: &[u8], _invocation_error: Option<i64>) -> Option<ApiError> {
        if !looks_like_object(body) || memchr::memmem::find(body, b"\"error\"").is_none() {
            return None;
        }
        let (code, message) = match serde_json::from_slice::<Envelope>(body).ok()?.error {
            ErrorField::Object {
                error_code,
                error_msg,
            } => (error_code, error_msg),
            // OAuth-style `{"error": "invalid_token"}`: no number, the text says it all.
            ErrorField::Text(text) => (0, Some(text)),
        };
        Some(ApiError {
            platform: Platform::MailRu,
            code,
            name: error_name(code),
            message: message.unwrap_or_default(),
            data: None,
            class: classify(code),
        })
    }

    fn error_name(code: i64) -> Option<&'static str> {
        error_name(code)
    }
}

/// What each code means for the caller. mail.ru documents no rate-limit code; HTTP 429 is
/// read as one by [`crate::Error::is_rate_limited`].
fn classify(code: i64) -> ErrorClass {
    ErrorClass {
        session_expired: code == 102,
        permission_denied: matches!(code, 200 | 202),
        rate_limited: false,
        retryable: code == 3,
    }
}

#[derive(Deserialize)]
struct Envelope {
    error: ErrorField,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ErrorField {
    Object {
        #[serde(deserialize_with = "crate::wire::lenient::int")]
        error_code: i64,
        #[serde(default)]
        error_msg: Option<String>,
    },
    Text(String),
}

/// The symbolic name of a mail.ru error code, such as `INCORRECT_SIGNATURE` for 104.
pub fn error_name(code: i64) -> Option<&'static str> {
    Some(match code {
        1 => "UNKNOWN_ERROR",
        2 => "UNKNOWN_METHOD",
        3 => "SERVICE_UNAVAILABLE",
        4 => "METHOD_DEPRECATED",
        100 => "PARAM",
        102 => "AUTHORIZATION_FAILED",
        103 => "APPLICATION_LOOKUP_FAILED",
        104 => "INCORRECT_SIGNATURE",
        105 => "APPLICATION_NOT_INSTALLED",
        200 => "PERMISSION_DENIED",
        202 => "ACCESS_DENIED",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_are_recognised() {
        let body = br#"{"error":{"error_code":104,"error_msg":"Incorrect signature"}}"#;
        let err = MailRu::api_error(body, None).unwrap();
        assert_eq!((err.code, err.name), (104, Some("INCORRECT_SIGNATURE")));
        let err = MailRu::api_error(br#"{"error":"invalid_token"}"#, None).unwrap();
        assert_eq!((err.code, err.message.as_str()), (0, "invalid_token"));
        assert!(MailRu::api_error(br#"[{"error":1}]"#, None).is_none());
    }
}
