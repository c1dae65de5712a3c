//! The OK (ok.ru) REST API.
//!
//! ```no_run
//! # async fn demo() -> Result<(), okru::Error> {
//! use okru::ok::{Api, ServerSession};
//! use okru::{AccessToken, ApplicationKey, ApplicationSecretKey};
//!
//! let session = ServerSession::new(
//!     512000000001,
//!     ApplicationKey::new("CBAFJIICABABABABA"),
//!     ApplicationSecretKey::new("app-secret"),
//!     AccessToken::new("access-token"),
//! );
//! let api = Api::new(session)?;
//! let me = api.users().get_current_user().await?;
//! println!("{:?} {:?}", me.first_name, me.last_name);
//! # Ok(()) }
//! ```

#[cfg(feature = "batch")]
pub mod batch;
pub mod dialect;
mod generated;
#[cfg(feature = "web-login")]
mod implicit;
mod oauth;
mod session;

pub use crate::session::{ApplicationOnlySession, UserSession};
pub use dialect::{OkRu, error_name};
pub use generated::{methods, permissions, types};
#[cfg(feature = "web-login")]
pub use implicit::{DEFAULT_REDIRECT_URI, ImplicitSession};
pub use oauth::{
    CodeServerSession, CodeSession, OAuthEndpoints, OAuthSession, OkApp, PasswordSession,
    RefreshServerSession, RefreshSession, authorization_request,
};
pub use session::{ApplicationSession, Circuit, ClientSession, ServerSession, TokenSession};

/// A client of the OK API with session `S`: `Api::new(session)`, or `Api::builder(session)`
/// to set the endpoint, the HTTP client or the limits; then `api.users().get_info(..)`
/// for the catalogued methods, and `api.call("method.name", params)` for any other.
///
/// ```no_run
/// # async fn demo() -> Result<(), okru::Error> {
/// use okru::ok::{Api, ClientSession};
/// use okru::{AccessToken, ApplicationKey, Params, SessionSecretKey};
///
/// let session = ClientSession::new(
///     512000000001,
///     ApplicationKey::new("CBAFJIICABABABABA"),
///     AccessToken::new("access-token"),
///     SessionSecretKey::new("session-secret-key"),
/// );
/// let api = Api::builder(session)
///     .timeout(std::time::Duration::from_secs(10))
///     .build()?;
/// let friends = api.friends().get().await?;
/// let raw: serde_json::Value = api.call("users.getCallsLeft", Params::new().with("methods", "friends.get")).await?;
/// # let _ = (friends, raw); Ok(()) }
/// ```
pub type Api<S> = crate::client::Api<OkRu, S>;

/// Builder of an OK [`Api`].
pub type ApiBuilder<S> = crate::client::ApiBuilder<OkRu, S>;
