//! The two platforms, and how each one reports an error in a response body.

use std::fmt;

use serde::Deserialize;

use crate::error::ApiError;

/// Which platform a session, a call or an error belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Platform {
    /// OK (ok.ru).
    Ok,
    /// Mail.ru "My World".
    MailRu,
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Platform::Ok => "OK",
            Platform::MailRu => "Mail.ru",
        })
    }
}

impl Platform {
    /// The platform's error in `body`, if the body is its error envelope.
    ///
    /// OK answers errors with HTTP 200, the `Invocation-Error` header and a top-level
    /// `error_code`; mail.ru with `{"error": {"error_code", "error_msg"}}`. A cheap substring
    /// test keeps successful answers from being parsed twice.
    pub(crate) fn api_error(self, body: &[u8], invocation_error: Option<i64>) -> Option<ApiError> {
        let is_object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        match self {
            Platform::Ok => {
                let envelope = (is_object
                    && memchr::memmem::find(body, b"\"error_code\"").is_some())
                .then(|| serde_json::from_slice::<OkEnvelope>(body).ok())
                .flatten()
                .and_then(|e| e.error_code.map(|code| (code, e.error_msg, e.error_data)));
                let (code, message, data) = match (envelope, invocation_error) {
                    (Some(found), _) => found,
                    (None, Some(code)) => (code, None, None),
                    (None, None) => return None,
                };
                Some(ApiError {
                    platform: self,
                    code,
                    name: crate::ok::codes::error_name(code),
                    message: message.unwrap_or_default(),
                    data: data.filter(|d| !d.is_null()),
                })
            }
            Platform::MailRu => {
                if !is_object || memchr::memmem::find(body, b"\"error\"").is_none() {
                    return None;
                }
                let (code, message) =
                    match serde_json::from_slice::<MailRuEnvelope>(body).ok()?.error {
                        MailRuErrorField::Object {
                            error_code,
                            error_msg,
                        } => (error_code, error_msg),
                        // OAuth-style `{"error": "invalid_token"}`: no number, the text says it all.
                        MailRuErrorField::Text(text) => (0, Some(text)),
                    };
                Some(ApiError {
                    platform: self,
                    code,
                    name: crate::mailru::codes::error_name(code),
                    message: message.unwrap_or_default(),
                    data: None,
                })
            }
        }
    }
}

#[derive(Deserialize)]
struct OkEnvelope {
    #[serde(default, deserialize_with = "crate::de::opt_int")]
    error_code: Option<i64>,
    #[serde(default)]
    error_msg: Option<String>,
    #[serde(default)]
    error_data: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct MailRuEnvelope {
    error: MailRuErrorField,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum MailRuErrorField {
    Object {
        #[serde(deserialize_with = "crate::de::int")]
        error_code: i64,
        #[serde(default)]
        error_msg: Option<String>,
    },
    Text(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_envelope_is_recognised() {
        let body = br#"{"error_code":104,"error_msg":"PARAM_SIGNATURE : Invalid signature","error_data":null}"#;
        let err = Platform::Ok.api_error(body, Some(104)).unwrap();
        assert_eq!(err.code, 104);
        assert_eq!(err.name, Some("PARAM_SIGNATURE"));
        assert_eq!(err.data, None);
    }

    #[test]
    fn ok_successes_are_not_errors() {
        for body in [
            &b"[]"[..],
            b"{}",
            b"true",
            b"\"123\"",
            b"42",
            br#"{"uid":"1"}"#,
        ] {
            assert!(Platform::Ok.api_error(body, None).is_none());
        }
    }

    #[test]
    fn mailru_envelopes_are_recognised() {
        let body = br#"{"error":{"error_code":104,"error_msg":"Incorrect signature"}}"#;
        let err = Platform::MailRu.api_error(body, None).unwrap();
        assert_eq!((err.code, err.name), (104, Some("INCORRECT_SIGNATURE")));
        let err = Platform::MailRu
            .api_error(br#"{"error":"invalid_token"}"#, None)
            .unwrap();
        assert_eq!((err.code, err.message.as_str()), (0, "invalid_token"));
        assert!(
            Platform::MailRu
                .api_error(br#"[{"error":1}]"#, None)
                .is_none()
        );
    }
}

/// Compile-time description of a platform, implemented by [`OkPlatform`] and
/// [`MailRuPlatform`]; it ties sessions, `Api` handles and generated methods together.
pub trait PlatformKind: sealed::Sealed + Send + Sync + 'static {
    /// The run-time value.
    const PLATFORM: Platform;
    /// The endpoint used when none is configured.
    const DEFAULT_URL: &'static str;
}

/// Marker type of the OK platform.
#[derive(Debug, Clone, Copy)]
pub enum OkPlatform {}

/// Marker type of the Mail.ru "My World" platform.
#[derive(Debug, Clone, Copy)]
pub enum MailRuPlatform {}

impl PlatformKind for OkPlatform {
    const PLATFORM: Platform = Platform::Ok;
    const DEFAULT_URL: &'static str = "https://api.ok.ru/fb.do";
}

impl PlatformKind for MailRuPlatform {
    const PLATFORM: Platform = Platform::MailRu;
    const DEFAULT_URL: &'static str = "https://appsmail.ru/platform/api";
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::OkPlatform {}
    impl Sealed for super::MailRuPlatform {}
}
