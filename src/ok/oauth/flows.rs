//! The OK flows that end in an [`OAuthSession`]: authorization code, refresh token and
//! password (`auth.login`).

use super::{
    App, FlowSettings, OAuthEndpoints, OAuthSession, OkApp, Renewal, login, session_from_flow,
};
use crate::error::Result;
use crate::oauth::flow::flow_settings;
use crate::oauth::grant::exchange_code;
use crate::oauth::{AuthorizationRequest, ResponseType};
use crate::session::{
    ApplicationKey, ApplicationSecretKey, AuthorizationCode, Password, RefreshToken,
};

/// The authorization code flow (server side; aiookru's `CodeSession` /
/// `CodeServerSession`): exchanges the code from the redirect at the token endpoint.
pub struct CodeSession {
    app: App,
    code: AuthorizationCode,
    redirect_uri: String,
    settings: FlowSettings,
}

/// aiookru's name for [`CodeSession`].
pub type CodeServerSession = CodeSession;

impl CodeSession {
    /// The code flow of application `app_id`; `redirect_uri` is the one the code was issued
    /// for.
    pub fn new(
        app_id: u64,
        application_key: ApplicationKey,
        application_secret_key: ApplicationSecretKey,
        code: AuthorizationCode,
        redirect_uri: impl Into<String>,
    ) -> Self {
        CodeSession {
            app: App {
                id: app_id,
                key: application_key,
                secret: Some(application_secret_key),
            },
            code,
            redirect_uri: redirect_uri.into(),
            settings: FlowSettings::default(),
        }
    }

    /// Exchanges the code; the session renews itself with the refresh token it receives.
    pub async fn authorize(self) -> Result<OAuthSession> {
        let transport = self.settings.transport()?;
        let endpoint = &self.settings.endpoints.token;
        let required = ["refresh_token"];
        let client = self.app.client()?;
        let tokens = exchange_code(
            &transport,
            endpoint,
            client,
            &self.code,
            &self.redirect_uri,
            &required,
        )
        .await?;
        session_from_flow(
            self.app,
            tokens,
            Renewal::RefreshToken,
            self.settings.endpoints,
        )
    }
}

flow_settings!(CodeSession, OAuthEndpoints, "ok");

/// The refresh token flow (aiookru's `RefreshSession` / `RefreshServerSession`): a new
/// access token from a refresh token kept from an earlier authorization.
pub struct RefreshSession {
    app: App,
    refresh_token: RefreshToken,
    settings: FlowSettings,
}

/// aiookru's name for [`RefreshSession`].
pub type RefreshServerSession = RefreshSession;

impl RefreshSession {
    /// The refresh flow of application `app_id`.
    pub fn new(
        app_id: u64,
        application_key: ApplicationKey,
        application_secret_key: ApplicationSecretKey,
        refresh_token: RefreshToken,
    ) -> Self {
        RefreshSession {
            app: App {
                id: app_id,
                key: application_key,
                secret: Some(application_secret_key),
            },
            refresh_token,
            settings: FlowSettings::default(),
        }
    }

    /// Obtains an access token; the session keeps the refresh token to renew it again.
    pub async fn authorize(self) -> Result<OAuthSession> {
        let transport = self.settings.transport()?;
        let app = OkApp::new(self.app, Renewal::RefreshToken, self.settings.endpoints)?;
        OAuthSession::from_refresh_token(app, self.refresh_token, &transport).await
    }
}

flow_settings!(RefreshSession, OAuthEndpoints, "ok");

/// The password flow (`auth.login`, for applications OK allowed to use it), signing in the
/// server circuit like aiookru's `PasswordSession`. The session logs in again when its
/// session expires.
pub struct PasswordSession {
    app: App,
    login: String,
    password: Password,
    settings: FlowSettings,
}

impl PasswordSession {
    /// The password flow with the application secret key.
    pub fn new(
        app_id: u64,
        application_key: ApplicationKey,
        application_secret_key: ApplicationSecretKey,
        login: impl Into<String>,
        password: Password,
    ) -> Self {
        Self::with_app(
            App {
                id: app_id,
                key: application_key,
                secret: Some(application_secret_key),
            },
            login.into(),
            password,
        )
    }

    /// The password flow without the application secret key (client circuit, aiookru's
    /// `PasswordClientSession`).
    pub fn client(
        app_id: u64,
        application_key: ApplicationKey,
        login: impl Into<String>,
        password: Password,
    ) -> Self {
        Self::with_app(
            App {
                id: app_id,
                key: application_key,
                secret: None,
            },
            login.into(),
            password,
        )
    }

    fn with_app(app: App, login: String, password: Password) -> Self {
        PasswordSession {
            app,
            login,
            password,
            settings: FlowSettings::default(),
        }
    }

    /// Logs in.
    pub async fn authorize(self) -> Result<OAuthSession> {
        let transport = self.settings.transport()?;
        let mut tokens = login::password_login(
            &transport,
            &self.settings.endpoints,
            &self.app,
            &self.login,
            &self.password,
        )
        .await?;
        if self.app.secret.is_some() {
            // The server circuit: sign with the application secret key, as aiookru does.
            tokens.session_secret_key = None;
        }
        let renewal = Renewal::Password {
            login: self.login,
            password: self.password,
        };
        session_from_flow(self.app, tokens, renewal, self.settings.endpoints)
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
