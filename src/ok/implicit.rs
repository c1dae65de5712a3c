//! The implicit flow of OK, as a browser would do it: the authorization dialog, the login
//! form, the permissions form, and the redirect whose fragment carries the tokens (the
//! `ImplicitSession` / `ImplicitClientSession` of aiookru). Needs the `web-login` feature.

use std::time::Duration;

use super::oauth::{
    App, FlowSettings, OAuthEndpoints, OAuthSession, Renewal, authorization_request,
    session_from_flow,
};
use crate::error::{OAuthReason, Result, oauth_error};
use crate::http::browser::{Browser, Outcome, Page, unexpected};
use crate::oauth::dialog::{DialogSettings, dialog_settings};
use crate::oauth::flow::flow_settings;
use crate::oauth::{Redirect, ResponseType};
use crate::session::{ApplicationKey, ApplicationSecretKey, Password, Tokens};

/// The redirect URI OK offers to applications without their own page.
pub const DEFAULT_REDIRECT_URI: &str = "https://oauth.mycdn.me/blank.html";

/// Steps of the dialog before the flow gives up (login, permissions, and a spare).
const MAX_STEPS: usize = 5;

/// The implicit flow: logs in with a login and password on OK's pages and accepts the
/// permissions dialog.
pub struct ImplicitSession {
    app: App,
    login: String,
    password: Password,
    scope: Vec<String>,
    layout: String,
    dialog: DialogSettings,
    settings: FlowSettings,
}

impl ImplicitSession {
    /// The flow with the application secret key: the session signs in the server circuit.
    pub fn new(
        app_id: u64,
        application_key: ApplicationKey,
        application_secret_key: ApplicationSecretKey,
        login: impl Into<String>,
        password: Password,
    ) -> Self {
        let app = App {
            id: app_id,
            key: application_key,
            secret: Some(application_secret_key),
        };
        ImplicitSession::with_app(app, login, password)
    }

    /// The flow without the application secret key: the session signs with the session
    /// secret key it receives (aiookru's `ImplicitClientSession`).
    pub fn client(
        app_id: u64,
        application_key: ApplicationKey,
        login: impl Into<String>,
        password: Password,
    ) -> Self {
        let app = App {
            id: app_id,
            key: application_key,
            secret: None,
        };
        ImplicitSession::with_app(app, login, password)
    }

    fn with_app(app: App, login: impl Into<String>, password: Password) -> Self {
        ImplicitSession {
            app,
            login: login.into(),
            password,
            scope: Vec::new(),
            layout: "w".to_owned(),
            dialog: DialogSettings::new(DEFAULT_REDIRECT_URI, Duration::from_secs(1)),
            settings: FlowSettings::default(),
        }
    }

    /// Permissions to ask for, such as `VALUABLE_ACCESS`.
    pub fn scope<I: IntoIterator<Item = S>, S: Into<String>>(mut self, scope: I) -> Self {
        self.scope = scope.into_iter().map(Into::into).collect();
        self
    }

    /// Runs the dialog.
    pub async fn authorize(self) -> Result<OAuthSession> {
        let tokens = self.dialog.run(|| self.try_once()).await?;
        session_from_flow(self.app, tokens, Renewal::Never, self.settings.endpoints)
    }

    async fn try_once(&self) -> Result<Tokens> {
        let request = authorization_request(
            self.app.id,
            ResponseType::Token,
            self.dialog.redirect_uri.clone(),
            &self.settings.endpoints,
        )?
        .scope(self.scope.clone())
        .layout(self.layout.clone());
        let browser = Browser::new(
            &self.dialog.redirect_uri,
            self.settings.timeout.unwrap_or(Duration::from_secs(30)),
        )?;
        let mut outcome = browser.get(&request.url()).await?;
        let mut logged_in = false;
        for _ in 0..MAX_STEPS {
            let page = match outcome {
                Outcome::Redirect(location) => {
                    let Redirect::Tokens(tokens) = request.parse_redirect(&location)? else {
                        return Err(unexpected("the dialog returned a code, not tokens"));
                    };
                    if self.app.secret.is_none() && !tokens.has_session_secret_key() {
                        return Err(oauth_error(
                            OAuthReason::MissingField("session_secret_key"),
                            "the redirect has no session secret key for the client circuit",
                        ));
                    }
                    return Ok(tokens);
                }
                Outcome::Page(page) => page,
            };
            check_page(&page)?;
            outcome = match page.query("st.cmd").as_deref() {
                Some("OAuth2Login") if logged_in => {
                    return Err(oauth_error(
                        OAuthReason::InvalidGrant,
                        "the login or the password was refused",
                    ));
                }
                Some("OAuth2Login") => {
                    let mut form = page
                        .post_form(|f| f.has("fr.email") || f.has("fr.password"))
                        .ok_or_else(|| unexpected("the login page has no login form"))?;
                    form.set("fr.email", &self.login);
                    form.set("fr.password", self.password.expose_secret());
                    logged_in = true;
                    browser.submit(&form).await?
                }
                Some("OAuth2Permissions") => {
                    let mut form = page
                        .post_form(|_| true)
                        .ok_or_else(|| unexpected("the permissions page has no form"))?;
                    form.set("button_accept_request", "");
                    browser.submit(&form).await?
                }
                _ => return Err(unexpected("a page the implicit flow does not know")),
            };
        }
        Err(unexpected("the dialog did not end"))
    }
}

dialog_settings!(ImplicitSession);
flow_settings!(ImplicitSession, OAuthEndpoints, "ok");

/// Pages that end the flow whatever the step.
fn check_page(page: &Page) -> Result<()> {
    if page.status == 401 || page.status == 400 {
        return Err(oauth_error(
            OAuthReason::InvalidClient,
            "the dialog refused the application",
        ));
    }
    if page.status != 200 {
        return Err(unexpected("the dialog answered an error status"));
    }
    let cmd = page.query("st.cmd").unwrap_or_default();
    let lower = page.html.to_lowercase();
    if cmd.contains("Captcha") || lower.contains("captcha") {
        return Err(oauth_error(
            OAuthReason::HumanVerification,
            "OK asks for a captcha",
        ));
    }
    if cmd.contains("Blocked")
        || lower.contains("profile is blocked")
        || lower.contains("профиль заблокирован")
    {
        return Err(oauth_error(OAuthReason::InvalidUser, "the user is blocked"));
    }
    Ok(())
}
