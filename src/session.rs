//! What every session of either platform provides: the authentication step of a call.

use std::future::Future;
use std::pin::Pin;

use crate::error::{Error, Result};
use crate::params::Params;
use crate::platform::PlatformKind;

/// A session: adds its authentication parameters and the signature to a call.
///
/// Implemented by the session types of [`crate::ok`] and [`crate::mailru`]; implement it
/// yourself only to plug in a custom signing scheme.
pub trait Session: Send + Sync + 'static {
    /// The platform the session talks to.
    type Platform: PlatformKind;

    /// Adds the platform's common parameters for `method`, the signature and the session's
    /// token to `params`. Fails, before anything is sent, when the session cannot sign.
    fn authorize(&self, method: &str, params: &mut Params) -> Result<()>;

    /// Whether the session can renew its access token (it holds a refresh token or a
    /// password). When true, the client keeps a copy of each call's parameters so that it
    /// can repeat the call once after a renewal.
    fn can_refresh(&self) -> bool {
        false
    }

    /// Renews the access token after the platform answered "session expired" to the call
    /// signed as `signed`. Concurrent callers that failed with the same token share one
    /// renewal. `None` when the session cannot renew.
    fn refresh<'a>(&'a self, signed: &'a Params) -> Option<RefreshFuture<'a>> {
        let _ = signed;
        None
    }

    /// Renews the access token before a call when it is about to expire (within a minute),
    /// so that the call does not fail first. `None` when no renewal is due.
    fn renew_if_due(&self) -> Option<RefreshFuture<'_>> {
        None
    }
}

/// The renewal of a session's tokens, as [`Session::refresh`] returns it.
pub type RefreshFuture<'a> = Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>>;

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

/// Implemented by sessions that carry a user session (an access token or session key):
/// every session type except the OK application-only one.
pub trait UserSession: Session {}

/// Implemented by sessions without a user: the OK application-only session.
pub trait ApplicationOnlySession: Session {}

/// Bound of the methods whose session rule is "required"; `M` is the method, so that the
/// compiler's message can name it.
#[diagnostic::on_unimplemented(
    message = "`{M}` requires a user session, but `{Self}` is an application-only session",
    label = "this method needs a user session",
    note = "build the Api with a user session: ClientSession, ServerSession, TokenSession or the OAuthSession of a flow"
)]
pub trait UserSessionFor<M> {}

impl<S: UserSession, M> UserSessionFor<M> for S {}

/// Bound of the methods whose session rule is "prohibited"; `M` is the method.
#[diagnostic::on_unimplemented(
    message = "`{M}` must be called without a user session, but `{Self}` carries one",
    label = "this method refuses user sessions",
    note = "build a separate Api with the platform's ApplicationSession (okru::ok::ApplicationSession or okru::mailru::ApplicationSession) for application-only calls"
)]
pub trait NoUserSessionFor<M> {}

impl<S: ApplicationOnlySession, M> NoUserSessionFor<M> for S {}
