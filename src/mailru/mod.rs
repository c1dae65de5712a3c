//! The Mail.ru "My World" platform REST API.
//!
//! ```no_run
//! # async fn demo() -> Result<(), okru::Error> {
//! use okru::mailru::{Api, ServerSession};
//!
//! let api = Api::new(ServerSession::new(423004, "secret-key", "session-key"))?;
//! let events = api.stream().get().limit(5).await?;
//! println!("{} events", events.len());
//! # Ok(()) }
//! ```

pub(crate) mod codes;
mod generated;
#[cfg(feature = "web-login")]
mod implicit;
mod oauth;
#[cfg(feature = "web-login")]
pub mod scrapers;
mod session;

pub use crate::session::{ApplicationOnlySession, UserSession};
pub use codes::error_name;
pub use generated::{methods, permissions, types};
#[cfg(feature = "web-login")]
pub use implicit::{DEFAULT_REDIRECT_URI, ImplicitSession};
pub use oauth::{
    CodeSession, FULL_SCOPE, OAuthEndpoints, OAuthSession, PasswordSession, RefreshSession,
    authorization_request,
};
pub use session::{ApplicationSession, Circuit, ClientSession, ServerSession, TokenSession};

use crate::platform::MailRuPlatform;

/// A client of the mail.ru API with session `S`.
pub type Api<S> = crate::client::Api<MailRuPlatform, S>;

/// Builder of a mail.ru [`Api`].
pub type ApiBuilder<S> = crate::client::ApiBuilder<MailRuPlatform, S>;

/// A session of the mail.ru platform (implemented by every mail.ru session type).
pub trait Session: crate::Session<Platform = MailRuPlatform> {}

impl<T: crate::Session<Platform = MailRuPlatform>> Session for T {}
