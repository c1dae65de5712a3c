//! `auth.login`, OK's password flow: a form POST (the password never goes in a URL),
//! unsigned, answering a session key and a session secret key.

use serde_json::Value;

use super::{App, OAuthEndpoints};
use crate::error::{Error, ErrorKind, OAuthError, OAuthReason, Result, oauth_error};
use crate::http::Transport;
use crate::session::{Password, Tokens};
use crate::wire::params::Params;

/// `auth.login`: a form POST (the password never goes in a URL), unsigned.
pub(super) async fn password_login(
    transport: &Transport,
    endpoints: &OAuthEndpoints,
    app: &App,
    login: &str,
    password: &Password,
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
        .post_form(&endpoints.api, "auth.login", &form)
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
