//! The Mail.ru "My World" platform REST API.
//!
//! ```no_run
//! # async fn demo() -> Result<(), okru::Error> {
//! use okru::mailru::{Api, ServerSession};
//! use okru::{SecretKey, SessionKey};
//!
//! let api = Api::new(ServerSession::new(423004, SecretKey::new("secret-key"), SessionKey::new("session-key")))?;
//! let events = api.stream().get().limit(5).await?;
//! println!("{} events", events.len());
//! # Ok(()) }
//! ```

pub mod dialect;
mod generated;
#[cfg(feature = "web-login")]
mod implicit;
mod oauth;
#[cfg(feature = "web-login")]
pub mod scrapers;
mod session;

pub use crate::session::{ApplicationOnlySession, UserSession};
pub use dialect::{MailRu, error_name};
pub use generated::{methods, permissions, types};
#[cfg(feature = "web-login")]
pub use implicit::{DEFAULT_REDIRECT_URI, ImplicitSession};
pub use oauth::{
    CodeSession, FULL_SCOPE, MailRuApp, OAuthEndpoints, OAuthSession, PasswordSession,
    RefreshSession, authorization_request,
};
pub use session::{ApplicationSession, Circuit, ClientSession, ServerSession, TokenSession};

/// A client of the mail.ru API with session `S`: `Api::new(session)`, or
/// `Api::builder(session)` to set the endpoint, the HTTP client or the limits; then
/// `api.stream().get()` for the catalogued methods, and `api.call("method.name", params)`
/// for any other.
///
/// ```no_run
/// # async fn demo() -> Result<(), okru::Error> {
/// use okru::mailru::{Api, ServerSession};
/// use okru::{Params, SecretKey, SessionKey};
///
/// let session = ServerSession::new(423004, SecretKey::new("secret-key"), SessionKey::new("session-key"));
/// let api = Api::builder(session).timeout(std::time::Duration::from_secs(10)).build()?;
/// let events = api.stream().get().limit(10).await?;
/// let raw: serde_json::Value = api.call("users.getInfo", Params::new().with("uids", "1")).await?;
/// # let _ = (events, raw); Ok(()) }
/// ```
pub type Api<S> = crate::client::Api<MailRu, S>;

/// Builder of a mail.ru [`Api`].
pub type ApiBuilder<S> = crate::client::ApiBuilder<MailRu, S>;
