//! The implicit flow of mail.ru, as a browser would do it: the authorization dialog, the
//! mail.ru login form, the consent form, and the redirect whose fragment carries the tokens
//! (aiomailru's `ImplicitSession` and its client/server variants). Needs `web-login`.
//!
//! The login keeps its cookies in the session's browser, for the scrapers.

use std::time::Duration;

use super::oauth::{
    App, FULL_SCOPE, FlowSettings, OAuthEndpoints, OAuthSession, authorization_request,
    key_constructors, scope_text, session_from_flow,
};
use crate::error::{OAuthReason, Result, oauth_error};
use crate::http::browser::{Browser, Outcome, Page, unexpected};
use crate::oauth::dialog::{DialogSettings, dialog_settings};
use crate::oauth::flow::flow_settings;
use crate::oauth::{Redirect, ResponseType};
use crate::session::{Password, Tokens};

/// The redirect URI of mail.ru's own success page, for applications without one.
pub const DEFAULT_REDIRECT_URI: &str = "http://connect.mail.ru/oauth/success.html";

/// Markers of the dialog's pages (they are in Russian on the platform).
const NO_APPLICATION: &str = "Не указано приложение";
const CONSENT: &str = "Необходим доступ к вашим данным";
const FORBIDDEN: &str = "Авторизация запрещена";

/// Steps of the dialog before the flow gives up.
const MAX_STEPS: usize = 5;

/// The implicit flow: logs in with an email and password on mail.ru's pages and gives
/// consent.
pub struct ImplicitSession {
    app: App,
    email: String,
    password: Password,
    scope: String,
    dialog: DialogSettings,
    settings: FlowSettings,
}

key_constructors!(ImplicitSession {
    email: &str,
    password: Password
});

impl ImplicitSession {
    fn with_app(app: App, email: &str, password: Password) -> Self {
        ImplicitSession {
            app,
            email: email.to_owned(),
            password,
            scope: FULL_SCOPE.to_owned(),
            dialog: DialogSettings::new(DEFAULT_REDIRECT_URI, Duration::from_secs(3)),
            settings: FlowSettings::default(),
        }
    }

    /// The privileges to ask for, such as `["stream", "photos"]`; every privilege when not
    /// set or empty.
    pub fn scope<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, scope: I) -> Self {
        self.scope = scope_text(scope);
        self
    }

    /// Runs the dialog.
    pub async fn authorize(self) -> Result<OAuthSession> {
        let (tokens, browser) = self.dialog.run(|| self.try_once()).await?;
        let session = session_from_flow(self.app, tokens, self.settings.endpoints)?;
        Ok(session.with_cookies(browser.jar()))
    }

    async fn try_once(&self) -> Result<(Tokens, Browser)> {
        let request = authorization_request(
            self.app.id,
            ResponseType::Token,
            self.dialog.redirect_uri.clone(),
            &self.settings.endpoints,
        )?
        .scope(self.scope.split_whitespace())
        .without_state();
        let (login, domain) = split_email(&self.email)?;
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
                    if !tokens.can_renew() {
                        return Err(oauth_error(
                            OAuthReason::MissingField("refresh_token"),
                            "the redirect has no refresh token",
                        ));
                    }
                    return Ok((tokens, browser));
                }
                Outcome::Page(page) => page,
            };
            check_page(&page)?;
            if page.contains(CONSENT) {
                let form = page
                    .post_form(|f| f.has("client_id"))
                    .ok_or_else(|| unexpected("the consent page has no form"))?;
                outcome = browser.submit(&form).await?;
                continue;
            }
            if page.query("fail").is_some() || logged_in {
                return Err(oauth_error(
                    OAuthReason::InvalidGrant,
                    "the email or the password was refused",
                ));
            }
            let mut form = page
                .post_form(|f| f.has("Login") || f.has("Password"))
                .ok_or_else(|| unexpected("a page the implicit flow does not know"))?;
            form.set("Login", login);
            form.set("Domain", domain);
            form.set("Password", self.password.expose_secret());
            logged_in = true;
            outcome = browser.submit(&form).await?;
        }
        Err(unexpected("the dialog did not end"))
    }
}

dialog_settings!(ImplicitSession);

/// `alice@mail.ru` -> (`alice`, `mail.ru`): the login form wants them apart. The domain is
/// sent whole (aiomailru rebuilt it as `<first label>.ru`, which breaks other domains).
fn split_email(email: &str) -> Result<(&str, &str)> {
    email
        .rsplit_once('@')
        .filter(|(login, domain)| !login.is_empty() && domain.contains('.'))
        .ok_or_else(|| crate::Error::config("the email must look like name@domain"))
}

/// Pages that end the flow whatever the step.
fn check_page(page: &Page) -> Result<()> {
    if page.contains(NO_APPLICATION) {
        return Err(oauth_error(
            OAuthReason::InvalidClient,
            "mail.ru does not know the application",
        ));
    }
    if page.contains(FORBIDDEN) {
        return Err(oauth_error(
            OAuthReason::ClientNotAvailable,
            "authorization is forbidden (the application is in test mode)",
        ));
    }
    if page.url.path().ends_with("/recovery") {
        return Err(oauth_error(
            OAuthReason::InvalidUser,
            "the account is blocked (recovery page)",
        ));
    }
    if page.html.to_lowercase().contains("captcha") {
        return Err(oauth_error(
            OAuthReason::HumanVerification,
            "mail.ru asks for a captcha",
        ));
    }
    if page.status != 200 {
        return Err(unexpected("the dialog answered an error status"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_split_at_the_last_at_sign() {
        assert_eq!(split_email("alice@mail.ru").unwrap(), ("alice", "mail.ru"));
        assert_eq!(
            split_email("a.b+c@inbox.ru").unwrap(),
            ("a.b+c", "inbox.ru")
        );
        assert_eq!(
            split_email("x@corp.example.com").unwrap(),
            ("x", "corp.example.com")
        );
        assert!(split_email("nobody").is_err());
        assert!(split_email("@mail.ru").is_err());
    }
}
