//! Authorization shared by both platforms: the tokens a flow obtains, OAuth errors, token
//! endpoints and the renewal of expired tokens.
//!
//! The flows themselves live with their platform ([`crate::ok`]); each ends in a session
//! that holds [`Tokens`] and, when it has a refresh token, renews them once when the
//! platform answers "session expired", then repeats the call.

mod authorize;
mod error;
pub(crate) mod flow;
pub(crate) mod grant;
pub(crate) mod refresh;
mod tokens;
#[cfg(feature = "web-login")]
pub(crate) mod web;

pub use authorize::{AuthorizationRequest, Redirect, ResponseType};
pub use error::{OAuthError, OAuthReason};
pub use tokens::{SavedTokens, Tokens};

/// How long before the announced expiry a session that can renew itself does so, before a
/// call rather than after a failed one.
pub const RENEW_BEFORE_EXPIRY: std::time::Duration = std::time::Duration::from_secs(60);
