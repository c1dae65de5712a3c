//! Mail.ru sessions that obtain their tokens: the authorization code, password and refresh
//! token grants, and the authorization URL for web applications.
//!
//! As on OK, each flow's `.authorize().await` yields an [`OAuthSession`]; it renews its
//! access token with the refresh token when mail.ru answers "session expired" (102), once
//! for all the calls that failed with it, and repeats the call.
//!
//! The `…ClientSession` / `…ServerSession` variants of the seeds are the constructors
//! `client` (private key, client circuit) and `server` (secret key, server circuit); `new`
//! takes both keys and signs in the server circuit.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use super::session::{sign_client, sign_server};
use crate::error::{Error, Result};
use crate::ids::UserId;
use crate::oauth::flow::flow_settings;
use crate::oauth::grant::{oauth_error, request_tokens};
use crate::oauth::refresh::TokenCell;
use crate::oauth::{AuthorizationRequest, OAuthReason, ResponseType, SavedTokens, Tokens};
use crate::params::Params;
use crate::platform::MailRuPlatform;
use crate::session::{RefreshFuture, Session, UserSession};
use crate::transport::Transport;

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

    fn post_targets(&self) -> [&str; 2] {
        [&self.code_token, &self.token]
    }
}

pub(super) type FlowSettings = crate::oauth::flow::FlowSettings<OAuthEndpoints>;

/// The application and the keys a flow was given.
#[derive(Clone)]
pub(super) struct App {
    pub(super) id: u64,
    private_key: Option<SecretString>,
    secret_key: Option<SecretString>,
}

impl App {
    pub(super) fn new(id: u64, private_key: Option<String>, secret_key: Option<String>) -> Self {
        let keep = |key: Option<String>| key.filter(|k| !k.is_empty()).map(SecretString::from);
        App {
            id,
            private_key: keep(private_key),
            secret_key: keep(secret_key),
        }
    }

    /// `client_secret` of the token endpoints: the secret key, as mail.ru documents.
    fn client_secret(&self) -> Result<&str> {
        self.secret_key
            .as_ref()
            .or(self.private_key.as_ref())
            .map(|k| k.expose_secret())
            .ok_or_else(|| Error::config("the flow needs the secret key or the private key"))
    }
}

/// A mail.ru user session obtained by an authorization flow (or restored from saved tokens).
///
/// Signs in the server circuit when the secret key is known (the seeds' rule: the server
/// wins), else in the client circuit with the private key and the user's uid.
pub struct OAuthSession {
    app: App,
    tokens: TokenCell,
    settings: FlowSettings,
    transport: Transport,
    /// The cookies of an implicit login, for the scrapers.
    #[cfg(feature = "web-login")]
    pub(super) cookies: Option<std::sync::Arc<reqwest::cookie::Jar>>,
}

impl OAuthSession {
    pub(super) fn from_flow(app: App, tokens: Tokens, settings: FlowSettings) -> Result<Self> {
        if app.secret_key.is_none() && tokens.uid().is_none() {
            return Err(oauth_error(
                OAuthReason::MissingField("x_mailru_vid"),
                "the client circuit needs the user's uid, which the answer did not give",
            ));
        }
        let transport = settings.transport(&settings.endpoints.post_targets())?;
        Ok(OAuthSession {
            app,
            tokens: TokenCell::new(tokens),
            settings,
            transport,
            #[cfg(feature = "web-login")]
            cookies: None,
        })
    }

    /// A session from tokens saved earlier; give the private key, the secret key or both.
    pub fn restore(
        app_id: u64,
        private_key: Option<String>,
        secret_key: Option<String>,
        saved: SavedTokens,
    ) -> Result<Self> {
        OAuthSession::from_flow(
            App::new(app_id, private_key, secret_key),
            Tokens::restore(saved),
            FlowSettings::default(),
        )
    }

    /// Sends renewals to these endpoints (for a restored session).
    pub fn with_endpoints(mut self, endpoints: OAuthEndpoints) -> Result<Self> {
        self.settings.endpoints = endpoints;
        self.transport = self
            .settings
            .transport(&self.settings.endpoints.post_targets())?;
        Ok(self)
    }

    /// A snapshot of the current tokens (renewals replace them).
    pub fn tokens(&self) -> Tokens {
        self.tokens.read().clone()
    }

    /// The application id.
    pub fn app_id(&self) -> u64 {
        self.app.id
    }

    /// The cookies of the mail.ru login, when the session came from the implicit flow
    /// (`None` otherwise). They authenticate the user on mail.ru's web pages: treat them as
    /// secrets.
    #[cfg(feature = "web-login")]
    pub fn cookies(&self) -> Option<std::sync::Arc<reqwest::cookie::Jar>> {
        self.cookies.clone()
    }

    async fn renew(&self, current: Tokens) -> Result<Tokens> {
        let refresh_token = current
            .refresh_token()
            .ok_or_else(|| Error::config("no refresh token to renew the session with"))?;
        let renewed =
            refresh_grant(&self.transport, &self.settings, &self.app, refresh_token).await?;
        Ok(renewed.keeping_from(&current))
    }
}

impl Session for OAuthSession {
    type Platform = MailRuPlatform;

    fn authorize(&self, method: &str, params: &mut Params) -> Result<()> {
        let tokens = self.tokens.read();
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
                sign_client(
                    params,
                    method,
                    self.app.id,
                    session_key,
                    uid,
                    private.expose_secret(),
                )
            }
            (None, None) => Err(Error::config(
                "the session has neither a secret key nor a private key",
            )),
        }
    }

    fn renew_if_due(&self) -> Option<RefreshFuture<'_>> {
        if !self.can_refresh() {
            return None;
        }
        self.tokens.renewal_if_due(|current| self.renew(current))
    }

    fn can_refresh(&self) -> bool {
        self.tokens.read().can_refresh()
    }

    fn refresh<'a>(&'a self, signed: &'a Params) -> Option<RefreshFuture<'a>> {
        if !self.can_refresh() {
            return None;
        }
        let stale = signed.get("session_key")?;
        Some(
            self.tokens
                .renewal_after(stale, |current| self.renew(current)),
        )
    }
}

impl UserSession for OAuthSession {}

impl fmt::Debug for OAuthSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("mailru::OAuthSession")
            .field("app_id", &self.app.id)
            .field("tokens", &*self.tokens.read())
            .finish_non_exhaustive()
    }
}

async fn refresh_grant(
    transport: &Transport,
    settings: &FlowSettings,
    app: &App,
    refresh_token: &str,
) -> Result<Tokens> {
    let form = Params::new()
        .with("grant_type", "refresh_token")
        .with("client_id", app.id)
        .with("refresh_token", refresh_token)
        .with("client_secret", app.client_secret()?);
    request_tokens(transport, &settings.endpoints.token, &form, &[]).await
}

/// Constructors shared by the flows: both keys, the private key only, the secret key only.
macro_rules! key_constructors {
    ($flow:ident { $($arg:ident: $field:ident),* }) => {
        impl $flow {
            /// The flow with both keys (the session signs in the server circuit).
            pub fn new(
                app_id: u64,
                private_key: impl Into<String>,
                secret_key: impl Into<String>,
                $($arg: impl Into<String>),*
            ) -> Self {
                $flow::with_app(App::new(app_id, Some(private_key.into()), Some(secret_key.into())), $($arg.into()),*)
            }

            /// The flow with the private key only (client circuit; the seeds'
            #[doc = concat!("`", stringify!($flow), "` client variant).")]
            pub fn client(app_id: u64, private_key: impl Into<String>, $($arg: impl Into<String>),*) -> Self {
                $flow::with_app(App::new(app_id, Some(private_key.into()), None), $($arg.into()),*)
            }

            /// The flow with the secret key only (server circuit; the seeds'
            #[doc = concat!("`", stringify!($flow), "` server variant).")]
            pub fn server(app_id: u64, secret_key: impl Into<String>, $($arg: impl Into<String>),*) -> Self {
                $flow::with_app(App::new(app_id, None, Some(secret_key.into())), $($arg.into()),*)
            }

            fn with_app(app: App, $($arg: String),*) -> Self {
                $flow {
                    app,
                    $($field: $arg.into(),)*
                    settings: FlowSettings::default(),
                }
            }
        }

        flow_settings!($flow, OAuthEndpoints, "mailru");
    };
}

/// The authorization code grant (`https://connect.mail.ru/oauth/token`).
pub struct CodeSession {
    app: App,
    code: SecretString,
    redirect_uri: String,
    settings: FlowSettings,
}

key_constructors!(CodeSession {
    code: code,
    redirect_uri: redirect_uri
});

impl CodeSession {
    /// Exchanges the code.
    pub async fn authorize(self) -> Result<OAuthSession> {
        let transport = self
            .settings
            .transport(&self.settings.endpoints.post_targets())?;
        let form = Params::new()
            .with("client_id", self.app.id)
            .with("client_secret", self.app.client_secret()?)
            .with("grant_type", "authorization_code")
            .with("code", self.code.expose_secret())
            .with("redirect_uri", self.redirect_uri.as_str());
        let tokens = request_tokens(
            &transport,
            &self.settings.endpoints.code_token,
            &form,
            &["refresh_token", "x_mailru_vid"],
        )
        .await?;
        OAuthSession::from_flow(self.app, tokens, self.settings)
    }
}

/// The password grant (`https://appsmail.ru/oauth/token`; mail.ru allows it only to
/// applications its moderators approved).
pub struct PasswordSession {
    app: App,
    email: String,
    password: SecretString,
    scope: String,
    settings: FlowSettings,
}

key_constructors!(PasswordSession {
    email: email,
    password: password,
    scope: scope
});

impl PasswordSession {
    /// Logs in; an empty scope asks for every privilege (`photos guestbook stream messages
    /// events`), as the seeds do.
    pub async fn authorize(self) -> Result<OAuthSession> {
        let transport = self
            .settings
            .transport(&self.settings.endpoints.post_targets())?;
        let scope = if self.scope.trim().is_empty() {
            FULL_SCOPE
        } else {
            self.scope.as_str()
        };
        let form = Params::new()
            .with("grant_type", "password")
            .with("client_id", self.app.id)
            .with("client_secret", self.app.client_secret()?)
            .with("username", self.email.as_str())
            .with("password", self.password.expose_secret())
            .with("scope", scope);
        let tokens = request_tokens(
            &transport,
            &self.settings.endpoints.token,
            &form,
            &["refresh_token"],
        )
        .await?;
        OAuthSession::from_flow(self.app, tokens, self.settings)
    }
}

/// The refresh token grant (`https://appsmail.ru/oauth/token`).
pub struct RefreshSession {
    app: App,
    refresh_token: SecretString,
    settings: FlowSettings,
}

key_constructors!(RefreshSession {
    refresh_token: refresh_token
});

impl RefreshSession {
    /// Obtains an access token; the session keeps a refresh token to renew it again.
    pub async fn authorize(self) -> Result<OAuthSession> {
        let transport = self
            .settings
            .transport(&self.settings.endpoints.post_targets())?;
        let tokens = refresh_grant(
            &transport,
            &self.settings,
            &self.app,
            self.refresh_token.expose_secret(),
        )
        .await?;
        let tokens = tokens.keeping_from(&Tokens::from_refresh_token(self.refresh_token.clone()));
        OAuthSession::from_flow(self.app, tokens, self.settings)
    }
}

/// Every mail.ru privilege, space-separated: the scope asked for when none is given.
pub const FULL_SCOPE: &str = "photos guestbook stream messages events";

/// The authorization URL of application `app_id` for a web application, with a random
/// `state`; [`AuthorizationRequest::parse_redirect`] checks the redirect.
pub fn authorization_request(
    app_id: u64,
    response_type: ResponseType,
    redirect_uri: impl Into<String>,
    endpoints: &OAuthEndpoints,
) -> Result<AuthorizationRequest> {
    AuthorizationRequest::new(
        endpoints.authorize.clone(),
        " ",
        app_id.to_string(),
        response_type,
        redirect_uri.into(),
    )
}
