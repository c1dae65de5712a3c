//! OK sessions that obtain their tokens: the authorization code, refresh token and password
//! flows, and the authorization URL for web applications.
//!
//! Each flow is configured, then `.authorize().await` runs it and yields an
//! [`OAuthSession`], the session to build an [`Api`](super::Api) with. An `OAuthSession`
//! that holds a refresh token (or a password) renews its access token by itself when OK
//! answers 102 `PARAM_SESSION_EXPIRED`, once for all the calls that failed with it, and
//! repeats the call.
//!
//! ```no_run
//! # async fn demo() -> Result<(), okru::Error> {
//! use okru::ok::{Api, CodeSession};
//!
//! let session = CodeSession::new(512000000001, "CBAPUBLICKEY", "app-secret", "the-code", "https://example.org/back")
//!     .authorize()
//!     .await?;
//! let saved = session.tokens().export(); // store it, to restore with OAuthSession::restore
//! let api = Api::new(session)?;
//! # Ok(()) }
//! ```

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::session::authorize;
use crate::error::{Error, ErrorKind, Result};
use crate::oauth::flow::flow_settings;
use crate::oauth::grant::{oauth_error, request_tokens};
use crate::oauth::refresh::TokenCell;
use crate::oauth::{
    AuthorizationRequest, OAuthError, OAuthReason, ResponseType, SavedTokens, Tokens,
};
use crate::params::Params;
use crate::platform::OkPlatform;
use crate::session::{RefreshFuture, Session, UserSession, require};
use crate::signing::md5_hex;
use crate::transport::Transport;

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

/// The application, as every flow needs it.
#[derive(Clone)]
pub(super) struct App {
    pub(super) id: u64,
    key: String,
    pub(super) secret: Option<SecretString>,
}

impl App {
    #[cfg(feature = "web-login")]
    pub(super) fn new(id: u64, key: String, secret: Option<SecretString>) -> Self {
        App { id, key, secret }
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

impl OAuthEndpoints {
    fn post_targets(&self) -> [&str; 2] {
        [&self.token, &self.api]
    }
}

/// How a session renews its access token.
#[derive(Clone)]
pub(super) enum Renewal {
    Never,
    RefreshToken,
    Password {
        login: String,
        password: SecretString,
    },
}

/// An OK user session obtained by an authorization flow (or restored from saved tokens).
///
/// Signs in the client circuit when the tokens hold a session secret key, else in the server
/// circuit with the application secret key.
pub struct OAuthSession {
    app: App,
    tokens: TokenCell,
    renewal: Renewal,
    settings: FlowSettings,
    transport: Transport,
}

impl OAuthSession {
    pub(super) fn from_flow(
        app: App,
        tokens: Tokens,
        renewal: Renewal,
        settings: FlowSettings,
    ) -> Result<Self> {
        let transport = settings.transport(&settings.endpoints.post_targets())?;
        Ok(OAuthSession {
            app,
            tokens: TokenCell::new(tokens),
            renewal,
            settings,
            transport,
        })
    }

    /// A session from tokens saved earlier ([`Tokens::export`]); it renews itself when they
    /// hold a refresh token and the application secret key is given.
    pub fn restore(
        app_id: u64,
        application_key: impl Into<String>,
        application_secret_key: Option<String>,
        saved: SavedTokens,
    ) -> Result<Self> {
        let tokens = Tokens::restore(saved);
        let renewal = if tokens.can_refresh() && application_secret_key.is_some() {
            Renewal::RefreshToken
        } else {
            Renewal::Never
        };
        let app = App {
            id: app_id,
            key: application_key.into(),
            secret: application_secret_key.map(SecretString::from),
        };
        OAuthSession::from_flow(app, tokens, renewal, FlowSettings::default())
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

    async fn renew(&self, current: Tokens) -> Result<Tokens> {
        match &self.renewal {
            Renewal::Never => Err(oauth_error(
                OAuthReason::InvalidGrant,
                "the session expired and cannot renew itself",
            )),
            Renewal::RefreshToken => {
                let refresh_token = current
                    .refresh_token()
                    .ok_or_else(|| Error::config("no refresh token to renew the session with"))?;
                let renewed =
                    refresh_grant(&self.transport, &self.settings, &self.app, refresh_token)
                        .await?;
                Ok(renewed.keeping_from(&current))
            }
            Renewal::Password { login, password } => {
                password_login(&self.transport, &self.settings, &self.app, login, password).await
            }
        }
    }
}

impl Session for OAuthSession {
    type Platform = OkPlatform;

    fn authorize(&self, method: &str, params: &mut Params) -> Result<()> {
        require(&self.app.key, "the application key")?;
        let tokens = self.tokens.read();
        let token = tokens.access_token();
        let secret = match tokens.session_secret_key() {
            Some(key) => key.to_owned(),
            None => md5_hex(&[token.as_bytes(), self.app.secret()?.as_bytes()]).to_string(),
        };
        authorize(params, method, &self.app.key, &secret, Some(token))
    }

    fn renew_if_due(&self) -> Option<RefreshFuture<'_>> {
        if !self.can_refresh() {
            return None;
        }
        self.tokens.renewal_if_due(|current| self.renew(current))
    }

    fn can_refresh(&self) -> bool {
        !matches!(self.renewal, Renewal::Never)
    }

    fn refresh<'a>(&'a self, signed: &'a Params) -> Option<RefreshFuture<'a>> {
        if !self.can_refresh() {
            return None;
        }
        let stale = signed.get("access_token")?;
        Some(
            self.tokens
                .renewal_after(stale, |current| self.renew(current)),
        )
    }
}

impl UserSession for OAuthSession {}

impl fmt::Debug for OAuthSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ok::OAuthSession")
            .field("app_id", &self.app.id)
            .field("application_key", &self.app.key)
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
        .with("refresh_token", refresh_token)
        .with("client_id", app.id)
        .with("client_secret", app.secret()?)
        .with("grant_type", "refresh_token");
    request_tokens(transport, &settings.endpoints.token, &form, &[]).await
}

/// `auth.login`: a form POST (the password never goes in a URL), unsigned.
async fn password_login(
    transport: &Transport,
    settings: &FlowSettings,
    app: &App,
    login: &str,
    password: &SecretString,
) -> Result<Tokens> {
    let form = Params::new()
        .with("method", "auth.login")
        .with("application_key", app.key.as_str())
        .with("user_name", login)
        .with("password", password.expose_secret())
        .with("verification_supported", "1")
        .with("verification_supported_v", "1")
        .with("format", "json");
    let response = transport
        .post_form(&settings.endpoints.api, "auth.login", &form)
        .await?;
    let answer: Value =
        serde_json::from_slice(&response.body).map_err(|_| Error::new(ErrorKind::MalformedJson))?;
    if let Some(code) = answer.get("error_code").and_then(Value::as_i64) {
        let message = answer
            .get("error_msg")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let reason = match code {
            401 if message.to_ascii_lowercase().contains("block") => OAuthReason::InvalidUser,
            401 => OAuthReason::InvalidGrant,
            402 | 403 => OAuthReason::HumanVerification,
            101 => OAuthReason::InvalidClient,
            _ => OAuthReason::Other(code.to_string()),
        };
        return Err(Error::new(ErrorKind::OAuth(OAuthError::new(
            reason, message,
        ))));
    }
    let field = |name: &'static str| {
        answer
            .get(name)
            .and_then(|v| match v {
                Value::String(s) if !s.is_empty() => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .ok_or_else(|| {
                oauth_error(
                    OAuthReason::MissingField(name),
                    format!("auth.login answered no `{name}`"),
                )
            })
    };
    let mut tokens = Tokens::new(field("session_key")?);
    tokens.session_secret_key = Some(field("session_secret_key")?.into());
    tokens.uid = field("uid").ok();
    Ok(tokens)
}

/// The authorization code flow (server side; the seeds' `CodeSession` /
/// `CodeServerSession`): exchanges the code from the redirect at the token endpoint.
pub struct CodeSession {
    app: App,
    code: SecretString,
    redirect_uri: String,
    settings: FlowSettings,
}

/// The seeds' name for [`CodeSession`].
pub type CodeServerSession = CodeSession;

impl CodeSession {
    /// The code flow of application `app_id`; `redirect_uri` is the one the code was issued
    /// for.
    pub fn new(
        app_id: u64,
        application_key: impl Into<String>,
        application_secret_key: impl Into<String>,
        code: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        CodeSession {
            app: App {
                id: app_id,
                key: application_key.into(),
                secret: Some(SecretString::from(application_secret_key.into())),
            },
            code: SecretString::from(code.into()),
            redirect_uri: redirect_uri.into(),
            settings: FlowSettings::default(),
        }
    }

    /// Exchanges the code; the session renews itself with the refresh token it receives.
    pub async fn authorize(self) -> Result<OAuthSession> {
        let transport = self
            .settings
            .transport(&self.settings.endpoints.post_targets())?;
        let form = Params::new()
            .with("code", self.code.expose_secret())
            .with("client_id", self.app.id)
            .with("client_secret", self.app.secret()?)
            .with("redirect_uri", self.redirect_uri.as_str())
            .with("grant_type", "authorization_code");
        let tokens = request_tokens(
            &transport,
            &self.settings.endpoints.token,
            &form,
            &["refresh_token"],
        )
        .await?;
        OAuthSession::from_flow(self.app, tokens, Renewal::RefreshToken, self.settings)
    }
}

flow_settings!(CodeSession, OAuthEndpoints, "ok");

/// The refresh token flow (the seeds' `RefreshSession` / `RefreshServerSession`): a new
/// access token from a refresh token kept from an earlier authorization.
pub struct RefreshSession {
    app: App,
    refresh_token: SecretString,
    settings: FlowSettings,
}

/// The seeds' name for [`RefreshSession`].
pub type RefreshServerSession = RefreshSession;

impl RefreshSession {
    /// The refresh flow of application `app_id`.
    pub fn new(
        app_id: u64,
        application_key: impl Into<String>,
        application_secret_key: impl Into<String>,
        refresh_token: impl Into<String>,
    ) -> Self {
        RefreshSession {
            app: App {
                id: app_id,
                key: application_key.into(),
                secret: Some(SecretString::from(application_secret_key.into())),
            },
            refresh_token: SecretString::from(refresh_token.into()),
            settings: FlowSettings::default(),
        }
    }

    /// Obtains an access token; the session keeps the refresh token to renew it again.
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
        OAuthSession::from_flow(self.app, tokens, Renewal::RefreshToken, self.settings)
    }
}

flow_settings!(RefreshSession, OAuthEndpoints, "ok");

/// The password flow (`auth.login`, for applications OK allowed to use it), signing in the
/// server circuit like the seeds' `PasswordSession`. The session logs in again when its
/// session expires.
pub struct PasswordSession {
    app: App,
    login: String,
    password: SecretString,
    settings: FlowSettings,
}

impl PasswordSession {
    /// The password flow with the application secret key.
    pub fn new(
        app_id: u64,
        application_key: impl Into<String>,
        application_secret_key: impl Into<String>,
        login: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        PasswordSession {
            app: App {
                id: app_id,
                key: application_key.into(),
                secret: Some(SecretString::from(application_secret_key.into())),
            },
            login: login.into(),
            password: SecretString::from(password.into()),
            settings: FlowSettings::default(),
        }
    }

    /// The password flow without the application secret key (client circuit, the seeds'
    /// `PasswordClientSession`).
    pub fn client(
        app_id: u64,
        application_key: impl Into<String>,
        login: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        PasswordSession {
            app: App {
                id: app_id,
                key: application_key.into(),
                secret: None,
            },
            login: login.into(),
            password: SecretString::from(password.into()),
            settings: FlowSettings::default(),
        }
    }

    /// Logs in.
    pub async fn authorize(self) -> Result<OAuthSession> {
        let transport = self
            .settings
            .transport(&self.settings.endpoints.post_targets())?;
        let mut tokens = password_login(
            &transport,
            &self.settings,
            &self.app,
            &self.login,
            &self.password,
        )
        .await?;
        if self.app.secret.is_some() {
            // The server circuit: sign with the application secret key, as the seeds do.
            tokens.session_secret_key = None;
        }
        let renewal = Renewal::Password {
            login: self.login,
            password: self.password,
        };
        OAuthSession::from_flow(self.app, tokens, renewal, self.settings)
    }
}

flow_settings!(PasswordSession, OAuthEndpoints, "ok");

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
        ";",
        app_id.to_string(),
        response_type,
        redirect_uri.into(),
    )
}
