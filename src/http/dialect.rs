//! What the transport and the decoder need to know about a platform, as a trait that each
//! platform implements in its own `dialect.rs`.
//!
//! Keeping the trait here and its two implementations at the top (`ok::dialect`,
//! `mailru::dialect`) lets the lower layers read any platform's answers without importing
//! a platform module: the arrows point down only.

use crate::error::ApiError;
use crate::platform::Platform;

/// A platform's dialect: its identity, its default endpoint and how it writes errors.
///
/// Implemented by [`crate::ok::OkRu`] and [`crate::mailru::MailRu`]; sealed.
pub trait Dialect: sealed::Sealed + Send + Sync + 'static {
    /// The run-time value.
    const PLATFORM: Platform;
    /// The REST endpoint used when none is configured.
    const DEFAULT_URL: &'static str;

    /// The platform's error in `body`, if the body is its error envelope. `invocation_error`
    /// is OK's `Invocation-Error` header, when the answer had one. Anything that looks like
    /// an error envelope is an error; a success answer never is.
    fn api_error(body: &[u8], invocation_error: Option<i64>) -> Option<ApiError>;

    /// The symbolic name of an error code, such as `PARAM_SIGNATURE` for OK's 104.
    fn error_name(code: i64) -> Option<&'static str>;
}

/// Only the platforms of this crate are dialects: the trait's methods are how the lower
/// layers trust a body to be a success.
pub(crate) mod sealed {
    pub trait Sealed {}
}
