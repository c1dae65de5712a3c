//! Authorization shared by both platforms: the authorization URL and its redirect, token
//! endpoints, the settings every flow has, and the [`OAuthSession`] a flow ends in.
//!
//! The flows themselves live with their platform ([`crate::ok`], [`crate::mailru`]).

mod authorize;
#[cfg(feature = "web-login")]
pub(crate) mod dialog;
pub(crate) mod flow;
pub(crate) mod grant;
mod session;

pub use authorize::{AuthorizationRequest, Redirect, ResponseType};
pub use session::{OAuthApp, OAuthSession, TokensFuture};

pub use crate::error::{OAuthError, OAuthReason};
pub use crate::session::{RENEW_BEFORE_EXPIRY, SavedTokens, Tokens};
