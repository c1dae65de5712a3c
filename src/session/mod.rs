//! What every session of either platform provides: the authentication step of a call, and
//! the renewal of tokens for sessions that can renew.
//!
//! The session types themselves live with their platform ([`crate::ok`], [`crate::mailru`]);
//! this layer holds what they share: the [`Session`] trait, the typed credentials, the
//! [`Tokens`] an authorization obtained and the cell that renews them once for many calls.

mod credentials;
mod rules;
pub(crate) mod token_cell;
mod token_session;
mod tokens;

use std::future::Future;
use std::pin::Pin;

pub use credentials::{
    AccessToken, ApplicationKey, ApplicationSecretKey, AuthorizationCode, Password, PrivateKey,
    RefreshToken, SecretKey, SessionKey, SessionSecretKey,
};
pub use rules::{ApplicationOnlySession, NoUserSessionFor, UserSession, UserSessionFor};
pub use token_session::TokenSession;
pub use tokens::{SavedTokens, Tokens};

use crate::error::{Error, Result};
use crate::http::{Dialect, Transport};
use crate::wire::params::Params;

/// How long before the announced expiry a session that can renew itself does so, before a
/// call rather than after a failed one.
pub const RENEW_BEFORE_EXPIRY: std::time::Duration = std::time::Duration::from_secs(60);

/// A session: adds its authentication parameters and the signature to a call, and renews
/// its tokens when it can.
///
/// Implemented by the session types of [`crate::ok`] and [`crate::mailru`]; implement it
/// yourself only to plug in a custom signing scheme.
pub trait Session: Send + Sync + 'static {
    /// The platform the session talks to: [`crate::ok::OkRu`] or [`crate::mailru::MailRu`].
    type Platform: Dialect;

    /// Adds the platform's common parameters for `method`, the signature and the session's
    /// token to `params`. Fails, before anything is sent, when the session cannot sign.
    fn authorize(&self, method: &str, params: &mut Params) -> Result<()>;

    /// Whether the session can renew its access token (it holds a refresh token or a
    /// password). When true, the client keeps a copy of each call's parameters so that it
    /// can repeat the call once after a renewal.
    fn can_renew(&self) -> bool {
        false
    }

    /// Renews the access token after the platform answered "session expired" to the call
    /// signed as `signed`, over `transport` (the `Api`'s). Concurrent callers that failed
    /// with the same token share one renewal and its outcome. `None` when the session
    /// cannot renew.
    fn renew_after_expiry<'a>(
        &'a self,
        signed: &'a Params,
        transport: &'a Transport,
    ) -> Option<RenewFuture<'a>> {
        let _ = (signed, transport);
        None
    }

    /// Renews the access token before a call when it is about to expire (within
    /// [`RENEW_BEFORE_EXPIRY`]), so that the call does not fail first. `None` when no renewal
    /// is due. A failure while the token is still valid is not the call's failure: the call
    /// goes on with the valid token.
    fn renew_if_due<'a>(&'a self, transport: &'a Transport) -> Option<RenewFuture<'a>> {
        let _ = transport;
        None
    }
}

/// The renewal of a session's tokens, as [`Session::renew_after_expiry`] returns it.
pub type RenewFuture<'a> = Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>>;

/// Refuses parameters that the session itself sets: a caller-supplied `sig` or `method` would
/// otherwise be silently overwritten or, worse, sent twice.
pub(crate) fn check_reserved(params: &Params, reserved: &[&str]) -> Result<()> {
    match params.iter().find(|(name, _)| reserved.contains(name)) {
        Some((name, _)) => Err(Error::config(format!(
            "the parameter `{name}` is set by the session and must not be passed to a call"
        ))),
        None => Ok(()),
    }
}

/// Fails with a configuration error naming `what` when `value` is empty.
pub(crate) fn require(value: &str, what: &str) -> Result<()> {
    if value.is_empty() {
        Err(Error::config(format!("{what} is empty")))
    } else {
        Ok(())
    }
}
