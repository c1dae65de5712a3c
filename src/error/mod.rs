//! The one error type of the SDK.
//!
//! [`Error`] is small (one pointer) and carries a [`ErrorKind`] saying what went wrong, the
//! API method being called, the raw response body where there was one (bounded, for
//! diagnosis), and the underlying cause as [`std::error::Error::source`]. Nothing in it ever
//! contains a secret or a full request URL.

use std::error::Error as StdError;
use std::fmt;

use bytes::Bytes;

use crate::platform::Platform;

mod oauth;
#[cfg(feature = "web-login")]
mod scrape;

pub(crate) use oauth::oauth_error;
pub use oauth::{OAuthError, OAuthReason};
#[cfg(feature = "web-login")]
pub use scrape::ScrapeReason;

/// Convenient alias used throughout the SDK.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How many bytes of a response body an error keeps for diagnosis.
pub const RAW_BODY_LIMIT: usize = 8 * 1024;

/// Everything that can go wrong with a call.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    method: Option<String>,
    body: Option<RawBody>,
    source: Option<Box<dyn StdError + Send + Sync>>,
    /// The connection could not be made: nothing was sent.
    not_sent: bool,
    /// The delay the server asked for (`Retry-After`).
    retry_after: Option<std::time::Duration>,
}

/// What went wrong. New kinds may be added, so match with a wildcard arm.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The platform answered with its error envelope.
    Api(ApiError),
    /// An HTTP error status without a platform error envelope (for example a 502 from a proxy).
    Status {
        /// The HTTP status code.
        status: u16,
    },
    /// An HTML page where JSON was expected (a proxy error page, a login page, a captcha).
    HtmlPage {
        /// The HTTP status code.
        status: u16,
    },
    /// A successful status with an empty body.
    EmptyBody {
        /// The HTTP status code.
        status: u16,
    },
    /// The body is not JSON.
    MalformedJson,
    /// The body ends before the JSON value (or the transfer) is complete.
    TruncatedBody,
    /// Valid JSON that does not have the shape of the expected response.
    Decode {
        /// JSON path of the offending value, such as `[0].birthday` (`.` for the root).
        path: String,
    },
    /// The body is larger than the configured limit.
    BodyTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The request or the response took longer than the configured timeout.
    Timeout,
    /// The connection could not be made, or was closed or reset before an answer came.
    Connection,
    /// Another transport failure.
    Transport,
    /// An authorization flow failed (OAuth token endpoint, login pages, redirect).
    OAuth(OAuthError),
    /// A mail.ru scraper could not read what it wanted from the site's pages.
    #[cfg(feature = "web-login")]
    Scrape {
        /// Why.
        reason: ScrapeReason,
        /// What was seen.
        detail: String,
    },
    /// The SDK was configured or called in a way that cannot work (a missing key, a bad
    /// base URL, a reserved parameter name); no request was sent.
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },
}

/// An error reported by the platform itself.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// Which platform answered.
    pub platform: Platform,
    /// The numeric code (`error_code`).
    pub code: i64,
    /// The symbolic name of the code, such as `PARAM_SIGNATURE`, when the code is known.
    pub name: Option<&'static str>,
    /// The message (`error_msg`).
    pub message: String,
    /// Extra data (`error_data` on OK), when present and not null.
    pub data: Option<serde_json::Value>,
    /// What the code means for the caller, as the platform's dialect classified it.
    pub class: ErrorClass,
}

/// What an API error code means for the caller. The platform's dialect (`ok::dialect`,
/// `mailru::dialect`) sets it when it reads the error, so that the code lists of each
/// platform live in one place and [`Error`]'s predicates need no platform knowledge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorClass {
    /// The session (access token) expired and must be renewed.
    pub session_expired: bool,
    /// The application or the user lacks a permission for the call.
    pub permission_denied: bool,
    /// The platform refused the call because of call limits.
    pub rate_limited: bool,
    /// The same call may succeed if it is sent again later.
    pub retryable: bool,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} API error {}", self.platform, self.code)?;
        if let Some(name) = self.name {
            write!(f, " {name}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The first bytes of a response body, kept for diagnosis.
#[derive(Clone, PartialEq, Eq)]
pub struct RawBody {
    bytes: Bytes,
    total_len: usize,
}

impl RawBody {
    /// Keeps at most [`RAW_BODY_LIMIT`] bytes of `body`.
    pub(crate) fn capture(body: &Bytes) -> Self {
        RawBody {
            bytes: body.slice(..body.len().min(RAW_BODY_LIMIT)),
            total_len: body.len(),
        }
    }

    /// The kept bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The kept bytes as text (invalid UTF-8 replaced).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes)
    }

    /// The length of the whole body, of which at most [`RAW_BODY_LIMIT`] bytes are kept.
    pub fn total_len(&self) -> usize {
        self.total_len
    }

    /// True when the body was longer than what is kept.
    pub fn is_truncated(&self) -> bool {
        self.total_len > self.bytes.len()
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 512;
        let text = self.text();
        let shown: String = text.chars().take(SHOWN).collect();
        write!(f, "RawBody({} bytes: {shown:?}", self.total_len)?;
        if text.chars().nth(SHOWN).is_some() {
            f.write_str("…)")
        } else {
            f.write_str(")")
        }
    }
}

impl Error {
    /// A new error of `kind`.
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                method: None,
                body: None,
                source: None,
                not_sent: false,
                retry_after: None,
            }),
        }
    }

    /// A configuration error with a message that says how to fix it.
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Config {
            message: message.into(),
        })
    }

    pub(crate) fn with_method(mut self, method: &str) -> Self {
        self.inner.method = Some(method.to_owned());
        self
    }

    pub(crate) fn with_body(mut self, body: &Bytes) -> Self {
        self.inner.body = Some(RawBody::capture(body));
        self
    }

    pub(crate) fn with_source(
        mut self,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    /// A copy of this error for another caller that shares its cause (the waiters of one
    /// failed renewal); the source is kept as its message.
    pub(crate) fn duplicate(&self) -> Self {
        let source = self.inner.source.as_ref().map(|s| {
            let message: Box<dyn StdError + Send + Sync> = s.to_string().into();
            message
        });
        Error {
            inner: Box::new(Inner {
                kind: self.inner.kind.clone(),
                method: self.inner.method.clone(),
                body: self.inner.body.clone(),
                source,
                not_sent: self.inner.not_sent,
                retry_after: self.inner.retry_after,
            }),
        }
    }

    /// Marks a failure to connect: the request was never sent.
    pub(crate) fn not_sent(mut self) -> Self {
        self.inner.not_sent = true;
        self
    }

    /// True when the connection could not be made (refused, unreachable, failed TLS
    /// handshake): the request surely never reached the server, so sending it again is safe
    /// even for a method that changes something.
    pub fn is_connect(&self) -> bool {
        self.inner.not_sent
    }

    pub(crate) fn with_retry_after(mut self, delay: Option<std::time::Duration>) -> Self {
        self.inner.retry_after = delay;
        self
    }

    /// The delay the server asked for before trying again (its `Retry-After` header, in
    /// seconds or as an HTTP date), at most [`crate::http::MAX_RETRY_AFTER`].
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.inner.retry_after
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// Takes the kind out of the error.
    pub fn into_kind(self) -> ErrorKind {
        self.inner.kind
    }

    /// The API method that was called, when the error happened during a call.
    pub fn method(&self) -> Option<&str> {
        self.inner.method.as_deref()
    }

    /// The beginning of the response body, when a response was received.
    pub fn raw_body(&self) -> Option<&RawBody> {
        self.inner.body.as_ref()
    }

    /// The platform's error, when the platform answered with one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match &self.inner.kind {
            ErrorKind::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The platform's numeric error code, if any.
    pub fn code(&self) -> Option<i64> {
        self.api_error().map(|e| e.code)
    }

    /// True when the session (access token) has expired and must be renewed: OK code 102
    /// `PARAM_SESSION_EXPIRED`, mail.ru code 102 (user authorization failed).
    pub fn is_session_expired(&self) -> bool {
        self.api_error().is_some_and(|e| e.class.session_expired)
    }

    /// True when the application or user lacks a permission for the call: OK codes 10
    /// `PERMISSION_DENIED` and 200 `PARAM_PERMISSION`, mail.ru codes 200 and 202.
    pub fn is_permission_denied(&self) -> bool {
        self.api_error().is_some_and(|e| e.class.permission_denied)
    }

    /// True when the platform refused the call because of call limits: OK codes 8
    /// `FLOOD_BLOCKED`, 11 `LIMIT_REACHED` and 26 `TOTAL_LIMIT_REACHED`; mail.ru code 6
    /// (too many requests per second) and HTTP 429.
    pub fn is_rate_limited(&self) -> bool {
        match &self.inner.kind {
            ErrorKind::Api(e) => e.class.rate_limited,
            ErrorKind::Status { status } | ErrorKind::HtmlPage { status } => *status == 429,
            _ => false,
        }
    }

    /// True when the same call may succeed if it is sent again later: timeouts, broken
    /// connections, HTTP 5xx and 429, and the platforms' "service unavailable" errors.
    pub fn is_retryable(&self) -> bool {
        match &self.inner.kind {
            ErrorKind::Timeout | ErrorKind::Connection | ErrorKind::TruncatedBody => true,
            ErrorKind::Status { status } | ErrorKind::HtmlPage { status } => {
                *status >= 500 || *status == 429
            }
            ErrorKind::Api(e) => e.class.retryable,
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(method) = &self.inner.method {
            write!(f, "{method}: ")?;
        }
        match &self.inner.kind {
            ErrorKind::Api(api) => write!(f, "{api}"),
            ErrorKind::Status { status } => {
                write!(f, "HTTP status {status} without an API error body")
            }
            ErrorKind::HtmlPage { status } => {
                write!(f, "an HTML page (HTTP {status}) instead of a JSON answer")
            }
            ErrorKind::EmptyBody { status } => write!(f, "empty response body (HTTP {status})"),
            ErrorKind::MalformedJson => f.write_str("the response is not valid JSON"),
            ErrorKind::TruncatedBody => f.write_str("the response body is truncated"),
            ErrorKind::Decode { path } => {
                write!(
                    f,
                    "the response does not match the expected type at `{path}`"
                )
            }
            ErrorKind::BodyTooLarge { limit } => {
                write!(
                    f,
                    "the response body is larger than the limit of {limit} bytes"
                )
            }
            ErrorKind::Timeout => f.write_str("the request timed out"),
            ErrorKind::Connection => f.write_str("the connection failed or was closed"),
            ErrorKind::Transport => f.write_str("the request could not be sent"),
            ErrorKind::OAuth(oauth) => write!(f, "{oauth}"),
            #[cfg(feature = "web-login")]
            ErrorKind::Scrape { reason, detail } => {
                write!(f, "scraping failed ({reason:?}): {detail}")
            }
            ErrorKind::Config { message } => write!(f, "configuration error: {message}"),
        }?;
        if let Some(source) = &self.inner.source {
            write!(f, " ({source})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Error");
        s.field("kind", &self.inner.kind);
        if let Some(method) = &self.inner.method {
            s.field("method", method);
        }
        if let Some(body) = &self.inner.body {
            s.field("body", body);
        }
        if let Some(source) = &self.inner.source {
            s.field("source", source);
        }
        s.finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_ref()
            .map(|s| s.as_ref() as &(dyn StdError + 'static))
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind)
    }
}
