//! Everything between a signed parameter list and a decoded answer: the HTTP transport,
//! the received response, the platform dialect trait, the JSON decoder and (feature
//! `web-login`) the cookie-keeping browser of the login pages and scrapers.
//!
//! Nothing here knows a method, a session or a platform by name.
//!
//! # Memory
//!
//! A body is read into one buffer of its exact size when its length is announced (and at
//! most twice its size while the pieces of an unannounced one are joined); the decoder
//! then works on that buffer without copying it, and an error keeps a copy of at most
//! [`crate::error::RAW_BODY_LIMIT`] bytes of it. What remains is the decoded answer, whose
//! size depends on the type asked for: before decoding, the JSON's memory as a
//! `serde_json::Value` is estimated in one scan, and an answer whose estimate passes
//! [`DEFAULT_MAX_DECODE_RATIO`] times its body (bodies under [`DECODE_RATIO_FLOOR`] count
//! as that) is refused with [`crate::ErrorKind::DecodeTooLarge`]. So one call's peak is at most
//! about `1 + ratio` times its body; measured on 31 MiB answers (`benches/hostile.rs`):
//!
//! | answer | as `Value` | typed |
//! |---|---|---|
//! | array of user objects | 11.4 × the body | 8.7 × (`Vec<ok::types::User>`, a wide struct) |
//! | array of id strings | 5.3 × | 1.6 × (`Vec<UserId>`) |
//! | array of one-digit numbers | refused (was 17.1 ×) | refused |
//! | array of one-key objects `{"":0}` | refused (was 97 ×) | refused |
//!
//! Every body is also counted against a byte budget shared by the calls of the transport
//! (see [`DEFAULT_MAX_TOTAL_BODY`]), so the memory all calls take for answers is bounded by
//! about `1 + ratio` times that budget.
//!
//! Set them with `ApiBuilder::max_body_len`, `max_total_body_bytes` and
//! `max_decode_ratio`.

#[cfg(feature = "web-login")]
pub(crate) mod browser;
mod decode;
pub mod dialect;
pub(crate) mod envelope;
mod fuzz_tests;
mod response;
pub(crate) mod transport;

#[cfg(feature = "web-login")]
pub use browser::{DEFAULT_MAX_HTML_DEPTH, DEFAULT_MAX_PAGE};
#[doc(hidden)]
pub use decode::decode_body_for_bench;
pub(crate) use decode::{decode, value_memory_estimate};
pub use dialect::Dialect;
pub(crate) use response::RawResponse;
pub use transport::Transport;
pub use transport::{
    DECODE_RATIO_FLOOR, DEFAULT_MAX_BODY, DEFAULT_MAX_DECODE_RATIO, DEFAULT_MAX_GET_URL,
    DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_TOTAL_BODY, DEFAULT_TIMEOUT,
};
pub(crate) use transport::{TransportConfig, validate_endpoint};

/// Whether `body` starts (after white space) with `{`: only an object can be an error
/// envelope.
pub(crate) fn looks_like_object(body: &[u8]) -> bool {
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}
