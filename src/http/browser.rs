//! A minimal browser for the implicit flows and the mail.ru scrapers: keeps cookies, follows redirects itself (so
//! that it can stop at the application's redirect URI without ever requesting it), and reads
//! forms from HTML pages.

use std::sync::Arc;
use std::time::Duration;

use reqwest::cookie::Jar;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use scraper::{Html, Selector};
use url::Url;

use crate::error::{Error, ErrorKind, OAuthReason, Result, oauth_error};

/// Redirects followed for one request before giving up.
const MAX_REDIRECTS: usize = 10;
/// Largest page read.
const MAX_PAGE: usize = 2 * 1024 * 1024;

/// Where a request ended.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// An HTML (or other) page.
    Page(Page),
    /// A redirect to the application's redirect URI; the full `Location`, fragment included.
    Redirect(String),
}

/// A page the browser stopped at.
#[derive(Debug)]
pub(crate) struct Page {
    pub url: Url,
    pub status: u16,
    pub html: String,
}

impl Page {
    /// A query parameter of the page's URL.
    pub(crate) fn query(&self, name: &str) -> Option<String> {
        self.url
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    pub(crate) fn contains(&self, text: &str) -> bool {
        self.html.contains(text)
    }

    /// The first `<form>` whose `method` is POST and that satisfies `wanted` (given its
    /// resolved action URL and fields), with every named field except buttons.
    pub(crate) fn post_form(&self, wanted: impl Fn(&Form) -> bool) -> Option<Form> {
        let document = Html::parse_document(&self.html);
        let forms = Selector::parse("form").ok()?;
        let inputs = Selector::parse("input[name], select[name], textarea[name]").ok()?;
        document
            .select(&forms)
            .filter(|form| {
                form.value()
                    .attr("method")
                    .is_some_and(|m| m.eq_ignore_ascii_case("post"))
            })
            .filter_map(|form| {
                let action = form.value().attr("action").unwrap_or("");
                let action = self.url.join(action).ok()?;
                let fields = form
                    .select(&inputs)
                    .filter(|input| {
                        !matches!(
                            input
                                .value()
                                .attr("type")
                                .map(str::to_ascii_lowercase)
                                .as_deref(),
                            Some("submit" | "button" | "image" | "reset")
                        )
                    })
                    .filter_map(|input| {
                        let name = input.value().attr("name")?.to_owned();
                        let value = input.value().attr("value").unwrap_or("").to_owned();
                        Some((name, value))
                    })
                    .collect();
                Some(Form { action, fields })
            })
            .find(|form| wanted(form))
    }
}

/// A form to submit.
#[derive(Debug, Clone)]
pub(crate) struct Form {
    pub action: Url,
    pub fields: Vec<(String, String)>,
}

impl Form {
    pub(crate) fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == name)
    }

    /// Sets a field, adding it when the page did not have it.
    pub(crate) fn set(&mut self, name: &str, value: &str) {
        match self.fields.iter_mut().find(|(k, _)| k == name) {
            Some(field) => field.1 = value.to_owned(),
            None => self.fields.push((name.to_owned(), value.to_owned())),
        }
    }
}

/// A cookie-keeping client that stops at `stop_at` (the redirect URI), when given.
#[derive(Debug, Clone)]
pub(crate) struct Browser {
    client: reqwest::Client,
    jar: Arc<Jar>,
    stop_at: Option<String>,
}

impl Browser {
    pub(crate) fn new(stop_at: &str, timeout: Duration) -> Result<Self> {
        Browser::with_jar(Arc::new(Jar::default()), Some(stop_at), timeout)
    }

    /// A browser over cookies obtained earlier (the scrapers reuse the login's).
    pub(crate) fn with_jar(
        jar: Arc<Jar>,
        stop_at: Option<&str>,
        timeout: Duration,
    ) -> Result<Self> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_provider(Arc::clone(&jar))
            .timeout(timeout)
            .build()
            .map_err(|e| {
                Error::config("the HTTP client could not be built").with_source(e.without_url())
            })?;
        Ok(Browser {
            client,
            jar,
            stop_at: stop_at.map(str::to_owned),
        })
    }

    /// The cookie jar (the mail.ru scrapers reuse the login cookies).
    pub(crate) fn jar(&self) -> Arc<Jar> {
        Arc::clone(&self.jar)
    }

    pub(crate) async fn get(&self, url: &str) -> Result<Outcome> {
        let url = parse(url)?;
        self.follow(self.client.get(url.clone()), url).await
    }

    pub(crate) async fn submit(&self, form: &Form) -> Result<Outcome> {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&form.fields)
            .finish();
        let request = self
            .client
            .post(form.action.clone())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body);
        self.follow(request, form.action.clone()).await
    }

    async fn follow(&self, first: reqwest::RequestBuilder, mut url: Url) -> Result<Outcome> {
        let mut request = first;
        for _ in 0..=MAX_REDIRECTS {
            let response = request.send().await.map_err(classify)?;
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| unexpected("a redirect without a Location"))?;
                let next = url
                    .join(location)
                    .map_err(|_| unexpected("a redirect to an invalid URL"))?;
                if self
                    .stop_at
                    .as_deref()
                    .is_some_and(|stop| next.as_str().starts_with(stop))
                {
                    return Ok(Outcome::Redirect(next.into()));
                }
                url = next;
                request = self.client.get(url.clone());
                continue;
            }
            let status = status.as_u16();
            let bytes = response.bytes().await.map_err(classify)?;
            if bytes.len() > MAX_PAGE {
                return Err(Error::new(ErrorKind::BodyTooLarge { limit: MAX_PAGE }));
            }
            return Ok(Outcome::Page(Page {
                url,
                status,
                html: String::from_utf8_lossy(&bytes).into_owned(),
            }));
        }
        Err(unexpected("too many redirects"))
    }
}

fn parse(url: &str) -> Result<Url> {
    Url::parse(url).map_err(|e| Error::config(format!("not a valid URL: {e}")))
}

fn classify(e: reqwest::Error) -> Error {
    let kind = if e.is_timeout() {
        ErrorKind::Timeout
    } else {
        ErrorKind::Connection
    };
    Error::new(kind).with_source(e.without_url())
}

pub(crate) fn unexpected(what: &str) -> Error {
    oauth_error(OAuthReason::UnexpectedPage, what)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> Page {
        Page {
            url: Url::parse("https://connect.ok.ru/dk?st.cmd=OAuth2Login&st.x=1").unwrap(),
            status: 200,
            html: html.into(),
        }
    }

    #[test]
    fn forms_are_read_with_their_fields() {
        let page = page(
            r#"<html><body>
            <form method="get" action="/search"><input name="q"></form>
            <form method="POST" action="/dk?st.cmd=OAuth2Login&amp;st.redirect=x">
              <input type="hidden" name="fr.posted" value="set">
              <input type="text" name="fr.email">
              <input type="password" name="fr.password">
              <input type="checkbox" name="fr.remember" value="on">
              <input type="submit" name="button_login" value="Log in">
            </form></body></html>"#,
        );
        assert_eq!(page.query("st.cmd").as_deref(), Some("OAuth2Login"));
        let mut form = page.post_form(|f| f.has("fr.email")).unwrap();
        assert_eq!(
            form.action.as_str(),
            "https://connect.ok.ru/dk?st.cmd=OAuth2Login&st.redirect=x"
        );
        let names: Vec<&str> = form.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            ["fr.posted", "fr.email", "fr.password", "fr.remember"]
        );
        form.set("fr.email", "a@b");
        form.set("extra", "1");
        assert!(form.fields.contains(&("fr.email".into(), "a@b".into())));
        assert!(form.has("extra"));
        assert!(page.post_form(|f| f.has("nothing")).is_none());
    }
}
