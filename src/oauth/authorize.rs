//! The authorization URL a web application sends its users to, and the redirect that comes
//! back: the platforms differ only in their addresses and scope separator.

use std::fmt;

use super::grant::{oauth_error, tokens_from_answer};
use crate::error::{Error, OAuthError, OAuthReason, Result};
use crate::session::Tokens;

/// What the authorization dialog returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    /// An authorization code in the query, to exchange on your server.
    Code,
    /// The tokens themselves in the fragment (client-side applications).
    Token,
}

impl ResponseType {
    fn as_str(self) -> &'static str {
        match self {
            ResponseType::Code => "code",
            ResponseType::Token => "token",
        }
    }
}

/// An authorization request: build the URL, send the user there, then hand the redirect to
/// [`AuthorizationRequest::parse_redirect`], which checks the `state`.
///
/// The `state` is 128 random bits by default, so that a forged redirect is refused.
#[derive(Clone)]
pub struct AuthorizationRequest {
    authorize_url: String,
    scope_separator: &'static str,
    client_id: String,
    response_type: ResponseType,
    redirect_uri: String,
    scope: Vec<String>,
    layout: Option<String>,
    state: String,
}

impl AuthorizationRequest {
    pub(crate) fn new(
        authorize_url: String,
        scope_separator: &'static str,
        client_id: String,
        response_type: ResponseType,
        redirect_uri: String,
    ) -> Result<Self> {
        Ok(AuthorizationRequest {
            authorize_url,
            scope_separator,
            client_id,
            response_type,
            redirect_uri,
            scope: Vec::new(),
            layout: None,
            state: random_state()?,
        })
    }

    /// The permissions to ask for (OK names such as `VALUABLE_ACCESS`, mail.ru privileges
    /// such as `stream`).
    pub fn scope<I: IntoIterator<Item = S>, S: Into<String>>(mut self, scope: I) -> Self {
        self.scope = scope.into_iter().map(Into::into).collect();
        self
    }

    /// The dialog's layout (OK: `w` desktop, `m` mobile, `a` mobile without header).
    pub fn layout(mut self, layout: impl Into<String>) -> Self {
        self.layout = Some(layout.into());
        self
    }

    /// Replaces the random `state` (for example to carry your own, already random, value).
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = state.into();
        self
    }

    /// No `state` at all, for the implicit flows of this crate, which drive the dialog
    /// themselves (mail.ru's dialog does not document `state`).
    #[cfg(feature = "web-login")]
    pub(crate) fn without_state(mut self) -> Self {
        self.state.clear();
        self
    }

    /// The `state` sent, to keep until the redirect comes back.
    pub fn state_value(&self) -> &str {
        &self.state
    }

    /// The URL to send the user to.
    pub fn url(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("client_id", &self.client_id);
        if !self.scope.is_empty() {
            query.append_pair("scope", &self.scope.join(self.scope_separator));
        }
        query.append_pair("response_type", self.response_type.as_str());
        query.append_pair("redirect_uri", &self.redirect_uri);
        if let Some(layout) = &self.layout {
            query.append_pair("layout", layout);
        }
        if !self.state.is_empty() {
            query.append_pair("state", &self.state);
        }
        format!("{}?{}", self.authorize_url, query.finish())
    }

    /// Reads the redirect the platform sent the user back with: checks `state`, turns an
    /// `error` into an OAuth error, and returns the code or the tokens.
    pub fn parse_redirect(&self, redirect: &str) -> Result<Redirect> {
        let url = url::Url::parse(redirect)
            .map_err(|_| oauth_error(OAuthReason::UnexpectedPage, "the redirect is not a URL"))?;
        let pairs: Vec<(String, String)> = match self.response_type {
            ResponseType::Code => url.query_pairs().into_owned().collect(),
            ResponseType::Token => form_urlencoded::parse(url.fragment().unwrap_or("").as_bytes())
                .into_owned()
                .collect(),
        };
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        if !self.state.is_empty() && get("state") != Some(self.state.as_str()) {
            return Err(oauth_error(
                OAuthReason::StateMismatch,
                "the redirect's state is not the one sent",
            ));
        }
        let object: serde_json::Map<String, serde_json::Value> = pairs
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        if let Some(code) = get("error") {
            return Err(Error::new(crate::ErrorKind::OAuth(OAuthError::from_code(
                code,
                get("error_description"),
            ))));
        }
        match self.response_type {
            ResponseType::Code => get("code")
                .filter(|code| !code.is_empty())
                .map(|code| Redirect::Code(code.to_owned()))
                .ok_or_else(|| {
                    oauth_error(
                        OAuthReason::MissingField("code"),
                        "the redirect has no code",
                    )
                }),
            ResponseType::Token => {
                let mut tokens = tokens_from_answer(&serde_json::Value::Object(object), &[])?;
                tokens.permissions_granted = get("permissions_granted")
                    .map(|p| {
                        p.split([';', ',', ' '])
                            .filter(|p| !p.is_empty())
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                Ok(Redirect::Tokens(tokens))
            }
        }
    }
}

impl fmt::Debug for AuthorizationRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizationRequest")
            .field("client_id", &self.client_id)
            .field("response_type", &self.response_type)
            .field("redirect_uri", &self.redirect_uri)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// What a redirect carried.
#[derive(Debug)]
pub enum Redirect {
    /// An authorization code, to exchange with the platform's code session.
    Code(String),
    /// Tokens (the implicit flow).
    Tokens(Tokens),
}

/// 128 bits from the operating system, hex-encoded.
fn random_state() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::config(format!("no randomness for the OAuth state: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(kind: ResponseType) -> AuthorizationRequest {
        AuthorizationRequest::new(
            "https://connect.ok.ru/oauth/authorize".into(),
            ";",
            "512".into(),
            kind,
            "https://example.org/back".into(),
        )
        .unwrap()
        .scope(["VALUABLE_ACCESS", "PHOTO_CONTENT"])
    }

    #[test]
    fn the_url_carries_every_part() {
        let request = request(ResponseType::Code).layout("m");
        let url = request.url();
        assert!(url.starts_with("https://connect.ok.ru/oauth/authorize?client_id=512&"));
        assert!(url.contains("scope=VALUABLE_ACCESS%3BPHOTO_CONTENT"));
        assert!(url.contains("response_type=code"));
        assert!(url.contains("redirect_uri=https%3A%2F%2Fexample.org%2Fback"));
        assert!(url.contains("layout=m"));
        assert!(url.contains(&format!("state={}", request.state_value())));
        assert_eq!(request.state_value().len(), 32);
        assert_ne!(
            request.state_value(),
            request.clone().state(random_state().unwrap()).state_value()
        );
    }

    #[test]
    fn codes_come_back_with_the_right_state_only() {
        let request = request(ResponseType::Code);
        let state = request.state_value().to_owned();
        let good = format!("https://example.org/back?code=C0DE&state={state}");
        assert!(matches!(request.parse_redirect(&good), Ok(Redirect::Code(c)) if c == "C0DE"));
        let forged = "https://example.org/back?code=C0DE&state=other";
        let err = request.parse_redirect(forged).unwrap_err();
        assert!(
            matches!(err.kind(), crate::ErrorKind::OAuth(e) if e.reason == OAuthReason::StateMismatch)
        );
        let denied = format!("https://example.org/back?error=access_denied&state={state}");
        assert!(matches!(
            request.parse_redirect(&denied).unwrap_err().kind(),
            crate::ErrorKind::OAuth(_)
        ));
    }

    #[test]
    fn tokens_come_back_in_the_fragment() {
        let request = request(ResponseType::Token);
        let redirect = format!(
            "https://example.org/back#access_token=AT&session_secret_key=SSK&expires_in=1800&permissions_granted=VALUABLE_ACCESS%3BPHOTO_CONTENT&state={}",
            request.state_value()
        );
        let Ok(Redirect::Tokens(tokens)) = request.parse_redirect(&redirect) else {
            panic!("no tokens");
        };
        assert_eq!(tokens.access_token(), "AT");
        assert_eq!(tokens.session_secret_key(), Some("SSK"));
        assert_eq!(
            tokens.permissions_granted(),
            ["VALUABLE_ACCESS", "PHOTO_CONTENT"]
        );
    }
}
