//! Mail.ru sessions that obtain their tokens: the authorization code, password and refresh
//! token grants, the authorization URL for web applications, and what a mail.ru
//! [`OAuthSession`] signs and renews with.
//!
//! As on OK, each flow's `.authorize().await` yields an [`OAuthSession`]; it renews its
//! access token with the refresh token when mail.ru answers "session expired" (102), once
//! for all the calls that failed with it, over the `Api`'s connection pool, and repeats
//! the call.
//!
//! aiomailru's `…ClientSession` / `…ServerSession` variants are the constructors `client`
//! (private key, client circuit) and `server` (secret key, server circuit); `new` takes
//! both keys and signs in the server circuit.

mod flows;

pub use flows::{CodeSession, FULL_SCOPE, PasswordSession, RefreshSession, authorization_request};
#[cfg(feature = "web-login")]
pub(super) use flows::{key_constructors, scope_text};

use super::MailRu;
use super::session::{sign_client, sign_server};
use crate::error::{Error, OAuthReason, Result, oauth_error};
use crate::http::Transport;
use crate::oauth::flow::FlowEndpoints;
use crate::oauth::flow::check_targets;
use crate::oauth::grant::{Client, Grant, exchange};
use crate::oauth::{OAuthApp, TokensFuture};
use crate::session::{PrivateKey, SavedTokens, SecretKey, Tokens};
use crate::wire::ids::UserId;
use crate::wire::params::Params;

/// A mail.ru user session obtained by an authorization flow (or restored from saved tokens).
///
/// Signs in the server circuit when the secret key is known (aiomailru's rule: the server
/// wins), else in the client circuit with the private key and the user's uid.
pub type OAuthSession = crate::oauth::OAuthSession<MailRuApp>;

/// Where the mail.ru authorization flows go; [`OAuthEndpoints::at`] points them at another
/// host (the sandbox serves every grant at `/oauth/token` and the dialog at
/// `/mailru/oauth/authorize`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthEndpoints {
    /// Token endpoint of the authorization code grant (`https://connect.mail.ru/oauth/token`).
    pub code_token: String,
    /// Token endpoint of the password and refresh grants (`https://appsmail.ru/oauth/token`).
    pub token: String,
    /// The authorization dialog (`https://connect.mail.ru/oauth/authorize`).
    pub authorize: String,
}

impl Default for OAuthEndpoints {
    fn default() -> Self {
        OAuthEndpoints {
            code_token: "https://connect.mail.ru/oauth/token".into(),
            token: "https://appsmail.ru/oauth/token".into(),
            authorize: "https://connect.mail.ru/oauth/authorize".into(),
        }
    }
}

impl OAuthEndpoints {
    /// Every endpoint on `base` (scheme and host, such as the sandbox's `base_url()`).
    pub fn at(base: &str) -> Self {
        let base = base.trim_end_matches('/');
        OAuthEndpoints {
            code_token: format!("{base}/oauth/token"),
            token: format!("{base}/oauth/token"),
            authorize: format!("{base}/mailru/oauth/authorize"),
        }
    }
}

impl FlowEndpoints for OAuthEndpoints {
    fn post_targets(&self) -> [&str; 2] {
        [&self.code_token, &self.token]
    }
}

pub(super) type FlowSettings = crate::oauth::flow::FlowSettings<OAuthEndpoints>;

/// The application and the keys a flow was given.
#[derive(Debug, Clone)]
pub(super) struct App {
    pub(super) id: u64,
    private_key: Option<PrivateKey>,
    secret_key: Option<SecretKey>,
}

impl App {
    pub(super) fn new(
        id: u64,
        private_key: Option<PrivateKey>,
        secret_key: Option<SecretKey>,
    ) -> Self {
        let keep_private = private_key.filter(|k| !k.expose_secret().is_empty());
        let keep_secret = secret_key.filter(|k| !k.expose_secret().is_empty());
        App {
            id,
            private_key: keep_private,
            secret_key: keep_secret,
        }
    }

    /// The application at the token endpoints: its `client_secret` is the secret key, as
    /// mail.ru documents, or the private key when that is all the flow has.
    fn client(&self) -> Result<Client<'_>> {
        let secret = self
            .secret_key
            .as_ref()
            .map(SecretKey::expose_secret)
            .or(self.private_key.as_ref().map(PrivateKey::expose_secret))
            .ok_or_else(|| Error::config("the flow needs the secret key or the private key"))?;
        Ok(Client {
            id: self.id,
            secret,
        })
    }
}

/// What a mail.ru [`OAuthSession`] signs and renews with: the application's keys, the
/// endpoints and, after the implicit flow, the login cookies.
pub struct MailRuApp {
    app: App,
    endpoints: OAuthEndpoints,
    /// The cookies of an implicit login, for the scrapers.
    #[cfg(feature = "web-login")]
    cookies: Option<std::sync::Arc<reqwest::cookie::Jar>>,
}

impl std::fmt::Debug for MailRuApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct("MailRuApp");
        s.field("app", &self.app)
            .field("endpoints", &self.endpoints);
        // The login cookies authenticate the user on the site: only say whether they are held.
        #[cfg(feature = "web-login")]
        s.field("cookies", &self.cookies.as_ref().map(|_| "<redacted>"));
        s.finish()
    }
}

impl OAuthApp for MailRuApp {
    type Platform = MailRu;
    const TOKEN_PARAM: &'static str = "session_key";

    fn app_id(&self) -> u64 {
        self.app.id
    }

    fn sign(&self, tokens: &Tokens, method: &str, params: &mut Params) -> Result<()> {
        let session_key = tokens.access_token();
        match (&self.app.secret_key, &self.app.private_key) {
            (Some(secret), _) => sign_server(
                params,
                method,
                self.app.id,
                session_key,
                secret.expose_secret(),
            ),
            (None, Some(private)) => {
                let uid: UserId =
                    tokens
                        .uid()
                        .and_then(|uid| uid.parse().ok())
                        .ok_or_else(|| {
                            Error::config("the session has no valid uid for the client circuit")
                        })?;
                let private = private.expose_secret();
                sign_client(params, method, self.app.id, session_key, uid, private)
            }
            (None, None) => Err(Error::config(
                "the session has neither a secret key nor a private key",
            )),
        }
    }

    fn can_renew(&self, tokens: &Tokens) -> bool {
        tokens.can_renew()
    }

    fn check(&self, tokens: &Tokens) -> Result<()> {
        if self.app.secret_key.is_none() && tokens.uid().is_none() {
            return Err(oauth_error(
                OAuthReason::MissingField("x_mailru_vid"),
                "the client circuit needs the user's uid, which the answer did not give",
            ));
        }
        Ok(())
    }

    fn renew<'a>(&'a self, transport: &'a Transport, current: Tokens) -> TokensFuture<'a> {
        Box::pin(async move {
            let refresh_token = current
                .refresh_token()
                .ok_or_else(|| Error::config("no refresh token to renew the session with"))?;
            let renewed =
                refresh_grant(transport, &self.endpoints, &self.app, refresh_token).await?;
            Ok(renewed.keeping_from(&current))
        })
    }
}

/// The session a flow ends in, after checking that it can sign and the endpoints it will
/// renew at.
pub(super) fn session_from_flow(
    app: App,
    tokens: Tokens,
    endpoints: OAuthEndpoints,
) -> Result<OAuthSession> {
    OAuthSession::new(MailRuApp::new(app, endpoints)?, tokens)
}

impl MailRuApp {
    /// The app of a session, after checking the endpoints it will renew at.
    pub(super) fn new(app: App, endpoints: OAuthEndpoints) -> Result<Self> {
        check_targets(&endpoints.post_targets())?;
        Ok(MailRuApp {
            app,
            endpoints,
            #[cfg(feature = "web-login")]
            cookies: None,
        })
    }
}

impl OAuthSession {
    /// A session from tokens saved earlier; give the private key, the secret key or both.
    pub fn restore(
        app_id: u64,
        private_key: Option<PrivateKey>,
        secret_key: Option<SecretKey>,
        saved: SavedTokens,
    ) -> Result<Self> {
        session_from_flow(
            App::new(app_id, private_key, secret_key),
            Tokens::restore(saved),
            OAuthEndpoints::default(),
        )
    }

    /// Sends renewals to these endpoints (for a restored session).
    pub fn with_endpoints(mut self, endpoints: OAuthEndpoints) -> Result<Self> {
        check_targets(&endpoints.post_targets())?;
        self.app_mut().endpoints = endpoints;
        Ok(self)
    }

    /// The cookies of the mail.ru login, when the session came from the implicit flow
    /// (`None` otherwise). They authenticate the user on mail.ru's web pages: treat them as
    /// secrets.
    #[cfg(feature = "web-login")]
    pub fn cookies(&self) -> Option<std::sync::Arc<reqwest::cookie::Jar>> {
        self.app().cookies.clone()
    }

    #[cfg(feature = "web-login")]
    pub(super) fn with_cookies(mut self, jar: std::sync::Arc<reqwest::cookie::Jar>) -> Self {
        self.app_mut().cookies = Some(jar);
        self
    }
}

/// The refresh token grant at mail.ru's token endpoint.
async fn refresh_grant(
    transport: &Transport,
    endpoints: &OAuthEndpoints,
    app: &App,
    refresh_token: &str,
) -> Result<Tokens> {
    let grant = Grant::RefreshToken(refresh_token);
    exchange(transport, &endpoints.token, app.client()?, grant, &[]).await
}
