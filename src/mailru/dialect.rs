//! Everything okru knows about how mail.ru answers: the error envelope
//! (`{"error": {"error_code", "error_msg"}}`, or the OAuth-style `{"error": "text"}`), the
//! symbolic names of the codes, and which codes mean an expired session, a missing
//! privilege or a passing failure.
//!
//! The code list is the one on every method page of the REST reference; the names are the
//! SDK's, since mail.ru documents only numbers and messages.

use crate::error::{ApiError, Error, ErrorClass, ErrorKind};
use crate::http::envelope::{Shallow, describe, message_text, read_code, top_level};
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

    fn api_error(body: &[u8], _invocation_error: Option<i64>) -> Option<Result<ApiError, Error>> {
        // An error envelope is a top-level object with an `error` key (a key may be spelled
        // with `\u` escapes, so a body holding one is scanned too).
        if !looks_like_object(body)
            || (memchr::memmem::find(body, b"\"error\"").is_none()
                && memchr::memmem::find(body, b"\\u").is_none())
        {
            return None;
        }
        let entries = top_level(body, &["error"])?;
        let mut errors = entries.iter().map(|(_, value)| value);
        let first = errors.next()?;
        if errors.next().is_some() {
            return Some(Err(malformed("the envelope repeats `error`".into())));
        }
        Some(read_error(first))
    }

    fn error_name(code: i64) -> Option<&'static str> {
        error_name(code)
    }
}

/// The value of `error`: an object with `error_code` and `error_msg`, or the OAuth-style
/// text (`{"error": "invalid_token"}`).
fn read_error(error: &Shallow) -> Result<ApiError, Error> {
    let (code, message) = match error {
        Shallow::Object(_) => {
            let codes: Vec<_> = error.entries("error_code").collect();
            let messages: Vec<_> = error.entries("error_msg").collect();
            if codes.len() > 1 || messages.len() > 1 {
                return Err(malformed("the error repeats a key".into()));
            }
            let code = match codes.first() {
                None => return Err(malformed("the error has no `error_code`".into())),
                Some(value) => read_code(value).ok_or_else(|| {
                    malformed(format!(
                        "`error_code` is not an integer: {}",
                        describe(value)
                    ))
                })?,
            };
            (code, message_text(messages.first().copied()))
        }
        // OAuth-style: no number, the text says it all.
        Shallow::Other(serde_json::Value::String(text)) => (0, text.clone()),
        Shallow::Other(other) => {
            return Err(malformed(format!(
                "`error` is neither an object nor a text: {}",
                describe(other)
            )));
        }
    };
    Ok(ApiError {
        platform: Platform::MailRu,
        code,
        name: error_name(code),
        message,
        data: None,
        class: classify(code),
    })
}

fn malformed(detail: String) -> Error {
    Error::new(ErrorKind::MalformedEnvelope {
        platform: Platform::MailRu,
        detail,
    })
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

    fn read(body: &[u8]) -> Option<Result<ApiError, Error>> {
        MailRu::api_error(body, None)
    }

    #[test]
    fn envelopes_are_recognised() {
        let body = br#"{"error":{"error_code":104,"error_msg":"Incorrect signature"}}"#;
        let err = read(body).unwrap().unwrap();
        assert_eq!((err.code, err.name), (104, Some("INCORRECT_SIGNATURE")));
        let err = read(br#"{"error":"invalid_token"}"#).unwrap().unwrap();
        assert_eq!((err.code, err.message.as_str()), (0, "invalid_token"));
        let err = read(br#"{"error":{"error_code":"102","error_msg":null}}"#)
            .unwrap()
            .unwrap();
        assert!(err.class.session_expired);
        let err = read(br#"{"error":{"error_code":102,"error_msg":["x"]}}"#)
            .unwrap()
            .unwrap();
        assert_eq!(err.message, r#"["x"]"#);
    }

    #[test]
    fn malformed_envelopes_are_errors() {
        for body in [
            &br#"{"error":{"error_code":"abc"}}"#[..],
            br#"{"error":{}}"#,
            br#"{"error":{"error_msg":"no code"}}"#,
            br#"{"error":5}"#,
            br#"{"error":null}"#,
            br#"{"error":true}"#,
            br#"{"error":[1]}"#,
            br#"{"error":{"error_code":1e30}}"#,
            br#"{"error":{"error_code":102,"error_code":1}}"#,
            br#"{"error":"a","error":{"error_code":1}}"#,
        ] {
            let err = read(body)
                .unwrap_or_else(|| panic!("{} read as a success", String::from_utf8_lossy(body)))
                .unwrap_err();
            assert!(
                matches!(
                    err.kind(),
                    ErrorKind::MalformedEnvelope {
                        platform: Platform::MailRu,
                        ..
                    }
                ),
                "{err:?}"
            );
        }
    }

    #[test]
    fn successes_are_not_errors() {
        for body in [
            &b"[]"[..],
            b"{}",
            br#"[{"error":1}]"#,
            br#"{"data":{"error":1}}"#,
            br#"{"errors":0,"uid":"1"}"#,
            br#"{"name":"\u0410\u0411"}"#,
            br#"{"text":"an \"error\" in a text"}"#,
        ] {
            assert!(read(body).is_none(), "{}", String::from_utf8_lossy(body));
        }
    }
}
