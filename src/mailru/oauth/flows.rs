//! The mail.ru flows that end in an [`OAuthSession`]: the authorization code, password
//! and refresh token grants.

use super::{App, FlowSettings, MailRuApp, OAuthEndpoints, OAuthSession, session_from_flow};
use crate::error::Result;
use crate::oauth::flow::flow_settings;
use crate::oauth::grant::{Grant, exchange, exchange_code};
use crate::oauth::{AuthorizationRequest, ResponseType};
use crate::session::{AuthorizationCode, Password, RefreshToken};

/// The three constructors every mail.ru flow has, after aiomailru's three classes per flow:
/// both keys (`new`, server circuit), the private key only (`client`) and the secret key
/// only (`server`). Each takes the flow's own arguments after the keys and hands them to
/// the flow's `with_app`.
macro_rules! key_constructors {
    ($flow:ident { $($arg:ident: $ty:ty),* }) => {
        impl $flow {
            /// The flow with both keys (the session signs in the server circuit).
            pub fn new(
                app_id: u64,
                private_key: $crate::session::PrivateKey,
                secret_key: $crate::session::SecretKey,
                $($arg: $ty),*
            ) -> Self {
                $flow::with_app(App::new(app_id, Some(private_key), Some(secret_key)), $($arg),*)
            }

            /// The flow with the private key only (client circuit; aiomailru's
            #[doc = concat!("`", stringify!($flow), "` client variant).")]
            pub fn client(app_id: u64, private_key: $crate::session::PrivateKey, $($arg: $ty),*) -> Self {
                $flow::with_app(App::new(app_id, Some(private_key), None), $($arg),*)
            }

            /// The flow with the secret key only (server circuit; aiomailru's
            #[doc = concat!("`", stringify!($flow), "` server variant).")]
            pub fn server(app_id: u64, secret_key: $crate::session::SecretKey, $($arg: $ty),*) -> Self {
                $flow::with_app(App::new(app_id, None, Some(secret_key)), $($arg),*)
            }
        }

        flow_settings!($flow, OAuthEndpoints, "mailru");
    };
}

#[cfg(feature = "web-login")]
pub(crate) use key_constructors;

/// The authorization code grant (`https://connect.mail.ru/oauth/token`).
pub struct CodeSession {
    app: App,
    code: AuthorizationCode,
    redirect_uri: String,
    settings: FlowSettings,
}

key_constructors!(CodeSession {
    code: AuthorizationCode,
    redirect_uri: &str
});

impl CodeSession {
    fn with_app(app: App, code: AuthorizationCode, redirect_uri: &str) -> Self {
        CodeSession {
            app,
            code,
            redirect_uri: redirect_uri.to_owned(),
            settings: FlowSettings::default(),
        }
    }

    /// Exchanges the code.
    pub async fn authorize(self) -> Result<OAuthSession> {
        let transport = self.settings.transport()?;
        let endpoint = &self.settings.endpoints.code_token;
        let required = ["refresh_token", "x_mailru_vid"];
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
        session_from_flow(self.app, tokens, self.settings.endpoints)
    }
}

/// The password grant (`https://appsmail.ru/oauth/token`; mail.ru allows it only to
/// applications its moderators approved).
pub struct PasswordSession {
    app: App,
    email: String,
    password: Password,
    scope: String,
    settings: FlowSettings,
}

key_constructors!(PasswordSession {
    email: &str,
    password: Password
});

impl PasswordSession {
    fn with_app(app: App, email: &str, password: Password) -> Self {
        PasswordSession {
            app,
            email: email.to_owned(),
            password,
            scope: FULL_SCOPE.to_owned(),
            settings: FlowSettings::default(),
        }
    }

    /// The privileges to ask for, such as `["stream", "photos"]`; every privilege
    /// ([`FULL_SCOPE`]) when not set or empty, as aiomailru does.
    pub fn scope<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, scope: I) -> Self {
        self.scope = scope_text(scope);
        self
    }

    /// Logs in.
    pub async fn authorize(self) -> Result<OAuthSession> {
        let transport = self.settings.transport()?;
        let grant = Grant::Password {
            username: &self.email,
            password: self.password.expose_secret(),
            scope: &self.scope,
        };
        let endpoint = &self.settings.endpoints.token;
        let tokens = exchange(
            &transport,
            endpoint,
            self.app.client()?,
            grant,
            &["refresh_token"],
        )
        .await?;
        session_from_flow(self.app, tokens, self.settings.endpoints)
    }
}

/// The space-separated scope of `privileges`, or every privilege when there is none.
pub(in crate::mailru) fn scope_text<I: IntoIterator<Item = S>, S: AsRef<str>>(
    privileges: I,
) -> String {
    let words: Vec<String> = privileges
        .into_iter()
        .map(|p| p.as_ref().trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    if words.is_empty() {
        FULL_SCOPE.to_owned()
    } else {
        words.join(" ")
    }
}

/// The refresh token grant (`https://appsmail.ru/oauth/token`).
pub struct RefreshSession {
    app: App,
    refresh_token: RefreshToken,
    settings: FlowSettings,
}

key_constructors!(RefreshSession {
    refresh_token: RefreshToken
});

impl RefreshSession {
    fn with_app(app: App, refresh_token: RefreshToken) -> Self {
        RefreshSession {
            app,
            refresh_token,
            settings: FlowSettings::default(),
        }
    }

    /// Obtains an access token; the session keeps a refresh token to renew it again.
    pub async fn authorize(self) -> Result<OAuthSession> {
        let transport = self.settings.transport()?;
        let app = MailRuApp::new(self.app, self.settings.endpoints)?;
        OAuthSession::from_refresh_token(app, self.refresh_token, &transport).await
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
