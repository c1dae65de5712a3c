//! The OK (ok.ru) REST API.
//!
//! ```no_run
//! # async fn demo() -> Result<(), okru::Error> {
//! use okru::ok::{Api, ServerSession};
//!
//! let session = ServerSession::new(512000000001, "CBAFJIICABABABABA", "app-secret", "access-token");
//! let api = Api::new(session)?;
//! let me = api.users().get_current_user().await?;
//! println!("{:?} {:?}", me.first_name, me.last_name);
//! # Ok(()) }
//! ```

pub(crate) mod codes;
mod generated;
#[cfg(feature = "web-login")]
mod implicit;
mod oauth;
mod session;

pub use crate::session::{ApplicationOnlySession, UserSession};
pub use codes::error_name;
pub use generated::{methods, permissions, types};
#[cfg(feature = "web-login")]
pub use implicit::{DEFAULT_REDIRECT_URI, ImplicitSession};
pub use oauth::{
    CodeServerSession, CodeSession, OAuthEndpoints, OAuthSession, PasswordSession,
    RefreshServerSession, RefreshSession, authorization_request,
};
pub use session::{ApplicationSession, Circuit, ClientSession, ServerSession, TokenSession};

use crate::platform::OkPlatform;

/// A client of the OK API with session `S`.
pub type Api<S> = crate::client::Api<OkPlatform, S>;

/// Builder of an OK [`Api`].
pub type ApiBuilder<S> = crate::client::ApiBuilder<OkPlatform, S>;

/// A session of the OK platform (implemented by every OK session type).
pub trait Session: crate::Session<Platform = OkPlatform> {}

impl<T: crate::Session<Platform = OkPlatform>> Session for T {}
