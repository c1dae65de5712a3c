//! Everything between a signed parameter list and a decoded answer: the HTTP transport,
//! the received response, the platform dialect trait, the JSON decoder and (feature
//! `web-login`) the cookie-keeping browser of the login pages and scrapers.
//!
//! Nothing here knows a method, a session or a platform by name.

#[cfg(feature = "web-login")]
pub(crate) mod browser;
mod decode;
pub mod dialect;
mod response;
pub(crate) mod transport;

pub(crate) use decode::decode;
#[doc(hidden)]
pub use decode::decode_body_for_bench;
pub use dialect::Dialect;
pub use response::MAX_RETRY_AFTER;
pub(crate) use response::{RawResponse, parse_retry_after};
pub use transport::Transport;
pub use transport::{
    DEFAULT_MAX_BODY, DEFAULT_MAX_GET_URL, DEFAULT_MAX_IN_FLIGHT, DEFAULT_TIMEOUT,
};
pub(crate) use transport::{TransportConfig, validate_endpoint};

/// Whether `body` starts (after white space) with `{`: only an object can be an error
/// envelope.
pub(crate) fn looks_like_object(body: &[u8]) -> bool {
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}
