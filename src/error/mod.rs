//! The one error type of the SDK.
//!
//! [`Error`] is small (one pointer) and carries a [`ErrorKind`] saying what went wrong, the
//! API method being called, the raw response body where there was one (bounded, for
//! diagnosis), the server's `Retry-After` delay, and the underlying cause as
//! [`std::error::Error::source`]. Nothing in it ever contains a secret or a full request
//! URL.
//!
//! An error owns at most a bounded amount of what the server sent, however large the
//! answer: [`RAW_BODY_LIMIT`] bytes of the body (copied, never a view that would keep the
//! whole body alive) and [`MESSAGE_LIMIT`] bytes of each text, cut texts ending with
//! [`CUT_MARK`].

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use crate::platform::Platform;

mod oauth;
#[cfg(feature = "web-login")]
mod scrape;
mod text;

pub(crate) use oauth::oauth_error;
pub use oauth::{OAuthError, OAuthReason};
#[cfg(feature = "web-login")]
pub use scrape::ScrapeReason;
pub(crate) use text::bounded_display;
pub use text::{CUT_MARK, MESSAGE_LIMIT, REDACTED};

/// Convenient alias used throughout the SDK.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How many bytes of a response body an error keeps for diagnosis. They are copied out of
/// the body, so that an error never keeps a large answer alive.
pub const RAW_BODY_LIMIT: usize = 8 * 1024;

/// The longest delay [`Error::retry_after`] reports: a server asking for more is read as
/// asking for this much, so that a hostile or broken server cannot park a caller that
/// sleeps as told. Callers wanting a shorter cap apply their own `min`.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// Everything that can go wrong with a call.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    method: Option<String>,
    body: Option<RawBody>,
    retry_after: Option<Duration>,
    source: Option<Box<dyn StdError + Send + Sync>>,
    /// The connection could not be made: nothing was sent.
    not_sent: bool,
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
    /// The HTTP framing of the answer is broken (for example a chunk size that is not a
    /// number): the answer cannot be read, whatever it holds.
    BrokenFraming,
    /// The server answered with a redirect (3xx), or the caller's own HTTP client followed
    /// one. okru never follows a redirect with a call's parameters or a token request's
    /// form, since they carry credentials; the answer is refused.
    Redirect {
        /// The 3xx status, when the answer was the redirect itself; `None` when the caller's
        /// client followed it and the answer came from another address.
        status: Option<u16>,
    },
    /// A body shaped like the platform's error envelope (an OK object with `error_code`, a
    /// mail.ru object with `error`) whose error code cannot be read: it is an error, but
    /// not one the platform's code lists can classify.
    MalformedEnvelope {
        /// Which platform's envelope.
        platform: Platform,
        /// What is wrong with it.
        detail: String,
    },
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
    /// A JSON answer whose decoded form would take more memory than allowed: its JSON is
    /// too dense for its size (millions of tiny values or one-key objects), so it is not
    /// decoded. See `ApiBuilder::max_decode_ratio`.
    DecodeTooLarge {
        /// The most memory, in bytes, the decoded answer could take.
        limit: usize,
    },
    /// An HTML page nested deeper than the configured limit: parsing it would cost time
    /// that grows with the square of its depth, so its parsing stopped there.
    #[cfg(feature = "web-login")]
    HtmlTooDeep {
        /// The deepest nesting accepted.
        limit: usize,
    },
    /// An HTML page that made the parser build more nodes than the page has bytes (what
    /// misnested formatting tags do, each rebuilt again and again); its parsing stopped.
    #[cfg(feature = "web-login")]
    HtmlTooManyNodes {
        /// The most nodes accepted.
        limit: usize,
    },
    /// A login page, consent page or scraped page sent the browser (by a redirect or a
    /// form's action) outside the platform's configured hosts, or to plain HTTP off
    /// loopback. Nothing was sent there: no password, no cookie.
    #[cfg(feature = "web-login")]
    UntrustedHost {
        /// The scheme asked for.
        scheme: String,
        /// The host asked for.
        host: String,
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
    /// The message (`error_msg`), cut to [`MESSAGE_LIMIT`] bytes.
    pub message: String,
    /// Extra data (`error_data` on OK), when present and not null. Data whose JSON text is
    /// longer than [`MESSAGE_LIMIT`] is kept as that text, cut, in a JSON string.
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

/// The first bytes of a response body, kept for diagnosis: at most [`RAW_BODY_LIMIT`]
/// bytes, copied out of the body.
#[derive(Clone, PartialEq, Eq)]
pub struct RawBody {
    bytes: Box<[u8]>,
    total_len: usize,
}

impl RawBody {
    /// Copies at most [`RAW_BODY_LIMIT`] bytes of `body`.
    pub(crate) fn capture(body: &[u8]) -> Self {
        RawBody {
            bytes: body[..body.len().min(RAW_BODY_LIMIT)].into(),
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

    fn scrub(&mut self, spellings: &[Vec<u8>]) {
        let mut bytes = std::mem::take(&mut self.bytes).into_vec();
        text::scrub_bytes(&mut bytes, spellings, self.is_truncated());
        self.bytes = bytes.into_boxed_slice();
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
                kind: kind.bounded(),
                method: None,
                body: None,
                retry_after: None,
                source: None,
                not_sent: false,
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

    pub(crate) fn with_body(mut self, body: &[u8]) -> Self {
        self.inner.body = Some(RawBody::capture(body));
        self
    }

    /// The server's `Retry-After` delay, capped at [`MAX_RETRY_AFTER`].
    pub(crate) fn with_retry_after(mut self, delay: Option<Duration>) -> Self {
        self.inner.retry_after = delay.map(|d| d.min(MAX_RETRY_AFTER));
        self
    }

    /// Keeps `source` as the cause; a cause whose message is longer than
    /// [`MESSAGE_LIMIT`] (a JSON parser quoting a huge value) is kept as its message, cut,
    /// so that the error does not own the huge value.
    pub(crate) fn with_source(
        mut self,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        let source = source.into();
        let (message, was_cut) = text::bounded_display(&source);
        self.inner.source = Some(if was_cut {
            Box::new(Cause(message))
        } else {
            source
        });
        self
    }

    /// Removes `secrets` (the session's access token, session key, the call's signature)
    /// from everything the error shows: the raw body excerpt, the messages and the cause.
    /// A server or proxy that echoes the request URL into its error page would otherwise
    /// put them into `Debug` output and logs.
    pub(crate) fn scrub(mut self, secrets: &[&str]) -> Self {
        let spellings = text::spellings(secrets);
        if spellings.is_empty() {
            return self;
        }
        let inner = &mut *self.inner;
        if let Some(body) = &mut inner.body {
            body.scrub(&spellings);
        }
        if let Some(method) = &mut inner.method {
            text::scrub_text(method, &spellings);
        }
        inner.kind.scrub(&spellings);
        if let Some(source) = &inner.source {
            let (mut message, _) = text::bounded_display(source);
            if text::scrub_text(&mut message, &spellings) {
                inner.source = Some(Box::new(Cause(message)));
            }
        }
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
                retry_after: self.inner.retry_after,
                source,
                not_sent: self.inner.not_sent,
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

    /// How long the server asked to wait before trying again (`Retry-After`, in seconds or
    /// as an HTTP date), when the answer said; never more than [`MAX_RETRY_AFTER`]. A date
    /// in the past reads as zero.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
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
            ErrorKind::OAuth(e) => matches!(
                e.reason,
                OAuthReason::ServerError | OAuthReason::TemporarilyUnavailable
            ),
            _ => false,
        }
    }
}

/// The message of a cause that was cut or scrubbed, standing in for the cause.
#[derive(Debug)]
struct Cause(String);

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for Cause {}

impl ErrorKind {
    /// The kind with every text from the network cut to [`MESSAGE_LIMIT`].
    fn bounded(mut self) -> Self {
        self.for_each_text(&mut |text| *text = text::cut(std::mem::take(text)));
        if let ErrorKind::Api(api) = &mut self
            && let Some(data) = &mut api.data
        {
            let (json, was_cut) = text::bounded_display(data);
            if was_cut {
                *data = serde_json::Value::String(json);
            }
        }
        self
    }

    fn scrub(&mut self, spellings: &[Vec<u8>]) {
        self.for_each_text(&mut |text| {
            text::scrub_text(text, spellings);
        });
        if let ErrorKind::Api(api) = self
            && let Some(data) = &mut api.data
        {
            text::scrub_json(data, spellings);
        }
    }

    /// Calls `f` on every text of the kind.
    fn for_each_text(&mut self, f: &mut dyn FnMut(&mut String)) {
        match self {
            ErrorKind::Api(api) => f(&mut api.message),
            ErrorKind::Decode { path } => f(path),
            ErrorKind::MalformedEnvelope { detail, .. } => f(detail),
            ErrorKind::OAuth(oauth) => {
                f(&mut oauth.description);
                if let OAuthReason::Other(code) = &mut oauth.reason {
                    f(code);
                }
            }
            #[cfg(feature = "web-login")]
            ErrorKind::Scrape { detail, .. } => f(detail),
            #[cfg(feature = "web-login")]
            ErrorKind::UntrustedHost { scheme, host } => {
                f(scheme);
                f(host);
            }
            ErrorKind::Config { message } => f(message),
            _ => {}
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
            ErrorKind::BrokenFraming => f.write_str("the HTTP framing of the response is broken"),
            ErrorKind::Redirect {
                status: Some(status),
            } => write!(
                f,
                "the server answered with a redirect (HTTP {status}), which okru does not follow"
            ),
            ErrorKind::Redirect { status: None } => f.write_str(
                "the HTTP client followed a redirect; the answer from another address was refused",
            ),
            ErrorKind::MalformedEnvelope { platform, detail } => {
                write!(f, "a malformed {platform} error envelope: {detail}")
            }
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
            ErrorKind::DecodeTooLarge { limit } => write!(
                f,
                "the answer's JSON would take more than {limit} bytes decoded"
            ),
            #[cfg(feature = "web-login")]
            ErrorKind::HtmlTooDeep { limit } => {
                write!(
                    f,
                    "the HTML page is nested deeper than the limit of {limit}"
                )
            }
            #[cfg(feature = "web-login")]
            ErrorKind::HtmlTooManyNodes { limit } => {
                write!(f, "the HTML page builds more than {limit} nodes")
            }
            #[cfg(feature = "web-login")]
            ErrorKind::UntrustedHost { scheme, host } => write!(
                f,
                "a page sent the browser to {scheme}://{host}, outside the platform's hosts; nothing was sent there"
            ),
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
        if let Some(delay) = &self.inner.retry_after {
            s.field("retry_after", delay);
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
