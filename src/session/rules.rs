//! The session rules of the catalogue as traits, so that a method called with the wrong
//! kind of session fails to compile with a message that says what to do.

use super::Session;

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
