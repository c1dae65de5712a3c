//! OK sessions that obtain their tokens: the authorization code, refresh token and password
//! flows, the authorization URL for web applications, and what an OK [`OAuthSession`]
//! signs and renews with.
//!
//! Each flow is configured, then `.authorize().await` runs it and yields an
//! [`OAuthSession`], the session to build an [`Api`](super::Api) with. An `OAuthSession`
//! that holds a refresh token (or a password) renews its access token by itself when OK
//! answers 102 `PARAM_SESSION_EXPIRED`, once for all the calls that failed with it, over
//! the `Api`'s connection pool, and repeats the call.
//!
//! ```no_run
//! # async fn demo() -> Result<(), okru::Error> {
//! use okru::ok::{Api, CodeSession};
//! use okru::{ApplicationKey, ApplicationSecretKey, AuthorizationCode};
//!
//! let session = CodeSession::new(
//!     512000000001,
//!     ApplicationKey::new("CBAPUBLICKEY"),
//!     ApplicationSecretKey::new("app-secret"),
//!     AuthorizationCode::new("the-code"),
//!     "https://example.org/back",
//! )
//! .authorize()
//! .await?;
//! let saved = session.tokens().export(); // store it, to restore with OAuthSession::restore
//! let api = Api::new(session)?;
//! # Ok(()) }
//! ```

mod flows;
mod login;

pub use flows::{
    CodeServerSession, CodeSession, PasswordSession, RefreshServerSession, RefreshSession,
    authorization_request,
};

use super::OkRu;
use super::session::{authorize, server_secret};
use crate::error::{Error, OAuthReason, Result, oauth_error};
use crate::http::Transport;
use crate::oauth::flow::FlowEndpoints;
use crate::oauth::grant::{Client, Grant, exchange};
use crate::oauth::{OAuthApp, TokensFuture};
use crate::session::{ApplicationKey, ApplicationSecretKey, Password, SavedTokens, Tokens};
use crate::wire::params::Params;

/// An OK user session obtained by an authorization flow (or restored from saved tokens).
///
/// Signs in the client circuit when the tokens hold a session secret key, else in the server
/// circuit with the application secret key.
pub type OAuthSession = crate::oauth::OAuthSession<OkApp>;

/// Where the OK authorization flows go; [`OAuthEndpoints::at`] points them at another host
/// with the same paths (the sandbox).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthEndpoints {
    /// The token endpoint (`https://api.ok.ru/oauth/token.do`).
    pub token: String,
    /// The authorization dialog (`https://connect.ok.ru/oauth/authorize`).
    pub authorize: String,
    /// The REST endpoint, for `auth.login` (`https://api.ok.ru/fb.do`).
    pub api: String,
}

impl Default for OAuthEndpoints {
    fn default() -> Self {
        OAuthEndpoints {
            token: "https://api.ok.ru/oauth/token.do".into(),
            authorize: "https://connect.ok.ru/oauth/authorize".into(),
            api: "https://api.ok.ru/fb.do".into(),
        }
    }
}

impl OAuthEndpoints {
    /// The same paths on `base` (scheme and host, such as the sandbox's `base_url()`).
    pub fn at(base: &str) -> Self {
        let base = base.trim_end_matches('/');
        OAuthEndpoints {
            token: format!("{base}/oauth/token.do"),
            authorize: format!("{base}/oauth/authorize"),
            api: format!("{base}/fb.do"),
        }
    }
}

impl FlowEndpoints for OAuthEndpoints {
    /// `auth.login` posts the password to the REST endpoint.
    fn post_targets(&self) -> [&str; 2] {
        [&self.token, &self.api]
    }
}

/// The application, as every flow needs it.
#[derive(Debug, Clone)]
pub(super) struct App {
    pub(super) id: u64,
    pub(super) key: ApplicationKey,
    pub(super) secret: Option<ApplicationSecretKey>,
}

impl App {
    /// The application at the token endpoint: the application secret key is its secret.
    fn client(&self) -> Result<Client<'_>> {
        Ok(Client {
            id: self.id,
            secret: self.secret()?,
        })
    }

    fn secret(&self) -> Result<&str> {
        self.secret
            .as_ref()
            .map(|s| s.expose_secret())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::config("this flow needs the application secret key"))
    }
}

pub(super) type FlowSettings = crate::oauth::flow::FlowSettings<OAuthEndpoints>;

/// How a session renews its access token.
#[derive(Debug, Clone)]
pub(super) enum Renewal {
    Never,
    RefreshToken,
    Password { login: String, password: Password },
}

/// What an OK [`OAuthSession`] signs and renews with: the application, the endpoints and
/// the way it renews (refresh token, logging in again, or not at all).
#[derive(Debug)]
pub struct OkApp {
    app: App,
    renewal: Renewal,
    endpoints: OAuthEndpoints,
}

impl OAuthApp for OkApp {
    type Platform = OkRu;
    const TOKEN_PARAM: &'static str = "access_token";

    fn app_id(&self) -> u64 {
        self.app.id
    }

    fn sign(&self, tokens: &Tokens, method: &str, params: &mut Params) -> Result<()> {
        let token = tokens.access_token();
        let secret = match tokens.session_secret_key() {
            Some(key) => key.to_owned(),
            None => server_secret(token, self.app.secret()?),
        };
        authorize(params, method, &self.app.key, &secret, Some(token))
    }

    fn can_renew(&self, _tokens: &Tokens) -> bool {
        !matches!(self.renewal, Renewal::Never)
    }

    fn check(&self, tokens: &Tokens) -> Result<()> {
        if tokens.session_secret_key().is_none() {
            self.app.secret()?;
        }
        Ok(())
    }

    fn renew<'a>(&'a self, transport: &'a Transport, current: Tokens) -> TokensFuture<'a> {
        Box::pin(async move {
            match &self.renewal {
                Renewal::Never => Err(oauth_error(
                    OAuthReason::InvalidGrant,
                    "the session expired and cannot renew itself",
                )),
                Renewal::RefreshToken => {
                    let refresh_token = current.refresh_token().ok_or_else(|| {
                        Error::config("no refresh token to renew the session with")
                    })?;
                    let renewed =
                        refresh_grant(transport, &self.endpoints, &self.app, refresh_token).await?;
                    Ok(renewed.keeping_from(&current))
                }
                Renewal::Password { login, password } => {
                    login::password_login(transport, &self.endpoints, &self.app, login, password)
                        .await
                }
            }
        })
    }
}

/// The session a flow ends in, after checking the endpoints it will renew at.
pub(super) fn session_from_flow(
    app: App,
    tokens: Tokens,
    renewal: Renewal,
    endpoints: OAuthEndpoints,
) -> Result<OAuthSession> {
    OAuthSession::new(OkApp::new(app, renewal, endpoints)?, tokens)
}

impl OkApp {
    /// The app of a session, after checking the endpoints it will renew at.
    pub(super) fn new(app: App, renewal: Renewal, endpoints: OAuthEndpoints) -> Result<Self> {
        crate::oauth::flow::check_targets(&endpoints.post_targets())?;
        Ok(OkApp {
            app,
            renewal,
            endpoints,
        })
    }
}

impl OAuthSession {
    /// A session from tokens saved earlier ([`Tokens::export`]); it renews itself when they
    /// hold a refresh token and the application secret key is given.
    pub fn restore(
        app_id: u64,
        application_key: ApplicationKey,
        application_secret_key: Option<ApplicationSecretKey>,
        saved: SavedTokens,
    ) -> Result<Self> {
        let tokens = Tokens::restore(saved);
        let renewal = if tokens.can_renew() && application_secret_key.is_some() {
            Renewal::RefreshToken
        } else {
            Renewal::Never
        };
        let app = App {
            id: app_id,
            key: application_key,
            secret: application_secret_key,
        };
        session_from_flow(app, tokens, renewal, OAuthEndpoints::default())
    }

    /// Sends renewals to these endpoints (for a restored session).
    pub fn with_endpoints(mut self, endpoints: OAuthEndpoints) -> Result<Self> {
        crate::oauth::flow::check_targets(&endpoints.post_targets())?;
        self.app_mut().endpoints = endpoints;
        Ok(self)
    }
}

/// The refresh token grant at OK's token endpoint.
async fn refresh_grant(
    transport: &Transport,
    endpoints: &OAuthEndpoints,
    app: &App,
    refresh_token: &str,
) -> Result<Tokens> {
    let grant = Grant::RefreshToken(refresh_token);
    exchange(transport, &endpoints.token, app.client()?, grant, &[]).await
}
