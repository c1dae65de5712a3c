//! Token endpoints: posting a grant and reading the tokens from the answer.
//!
//! The answers of both platforms are JSON objects in the OAuth 2.0 shape: `access_token`,
//! `refresh_token`, `expires_in` (a number or a string), `token_type`, plus `x_mailru_vid`
//! (the mail.ru user) or `session_secret_key` (OK), or `error` and `error_description`.
//! Bodies of these answers are never attached to errors: a success carries tokens.

use serde::Deserialize;
use serde_json::Value;

pub(crate) use crate::error::oauth_error;
use crate::error::{Error, ErrorKind, OAuthError, OAuthReason, Result};
use crate::http::Transport;
use crate::session::{AuthorizationCode, Tokens};
use crate::wire::params::Params;

/// Posts `form` to `endpoint`; `required` names the fields the flow cannot do without
/// besides `access_token` (for example `refresh_token` for an authorization code).
pub(crate) async fn request_tokens(
    transport: &Transport,
    endpoint: &str,
    form: &Params,
    required: &[&'static str],
) -> Result<Tokens> {
    let response = transport.post_form(endpoint, "oauth token", form).await?;
    let answer: Value = match serde_json::from_slice(&response.body) {
        Ok(value) => value,
        Err(_) if response.status >= 400 => {
            return Err(Error::new(ErrorKind::Status {
                status: response.status,
            }));
        }
        Err(_) => return Err(Error::new(ErrorKind::MalformedJson)),
    };
    tokens_from_answer(&answer, required)
}

/// The application at a token endpoint: `client_id` and `client_secret`.
#[derive(Clone, Copy)]
pub(crate) struct Client<'a> {
    pub id: u64,
    pub secret: &'a str,
}

/// The OAuth 2.0 grants both platforms take at their token endpoints.
pub(crate) enum Grant<'a> {
    AuthorizationCode {
        code: &'a str,
        redirect_uri: &'a str,
    },
    RefreshToken(&'a str),
    Password {
        username: &'a str,
        password: &'a str,
        scope: &'a str,
    },
}

/// Posts `grant` for `client` to `endpoint`; `required` as in [`request_tokens`].
pub(crate) async fn exchange(
    transport: &Transport,
    endpoint: &str,
    client: Client<'_>,
    grant: Grant<'_>,
    required: &[&'static str],
) -> Result<Tokens> {
    let form = Params::new()
        .with("client_id", client.id)
        .with("client_secret", client.secret);
    let form = match grant {
        Grant::AuthorizationCode { code, redirect_uri } => form
            .with("grant_type", "authorization_code")
            .with("code", code)
            .with("redirect_uri", redirect_uri),
        Grant::RefreshToken(refresh_token) => form
            .with("grant_type", "refresh_token")
            .with("refresh_token", refresh_token),
        Grant::Password {
            username,
            password,
            scope,
        } => form
            .with("grant_type", "password")
            .with("username", username)
            .with("password", password)
            .with("scope", scope),
    };
    request_tokens(transport, endpoint, &form, required).await
}

/// The authorization code grant: the code from the redirect, for the redirect URI it was
/// issued for.
pub(crate) async fn exchange_code(
    transport: &Transport,
    endpoint: &str,
    client: Client<'_>,
    code: &AuthorizationCode,
    redirect_uri: &str,
    required: &[&'static str],
) -> Result<Tokens> {
    let grant = Grant::AuthorizationCode {
        code: code.expose_secret(),
        redirect_uri,
    };
    exchange(transport, endpoint, client, grant, required).await
}

#[derive(Deserialize)]
struct Answer {
    access_token: Option<String>,
    refresh_token: Option<String>,
    session_secret_key: Option<String>,
    #[serde(default, deserialize_with = "crate::wire::lenient::opt_int")]
    expires_in: Option<i64>,
    token_type: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    x_mailru_vid: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    uid: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// Reads tokens from a decoded answer (token endpoints, and redirect fragments turned into
/// a JSON object).
pub(crate) fn tokens_from_answer(answer: &Value, required: &[&'static str]) -> Result<Tokens> {
    let answer = Answer::deserialize(answer).map_err(|_| {
        oauth_error(
            OAuthReason::UnexpectedPage,
            "the token answer is not an object of the OAuth shape",
        )
    })?;
    if let Some(code) = &answer.error {
        return Err(Error::new(ErrorKind::OAuth(OAuthError::from_code(
            code,
            answer.error_description.as_deref(),
        ))));
    }
    let present = |field: &str| match field {
        "refresh_token" => answer.refresh_token.is_some(),
        "session_secret_key" => answer.session_secret_key.is_some(),
        "expires_in" => answer.expires_in.is_some(),
        "x_mailru_vid" => answer.x_mailru_vid.is_some(),
        "uid" => answer.uid.is_some(),
        _ => true,
    };
    let access_token = answer
        .access_token
        .filter(|token| !token.is_empty())
        .ok_or_else(|| missing("access_token"))?;
    if let Some(field) = required.iter().find(|field| !present(field)) {
        return Err(missing(field));
    }
    let mut tokens =
        Tokens::new(access_token).expires_in(answer.expires_in.and_then(|s| u64::try_from(s).ok()));
    tokens.refresh_token = answer.refresh_token.map(Into::into);
    tokens.session_secret_key = answer.session_secret_key.map(Into::into);
    tokens.token_type = answer.token_type;
    tokens.uid = answer.x_mailru_vid.or(answer.uid);
    Ok(tokens)
}

fn missing(field: &'static str) -> Error {
    oauth_error(
        OAuthReason::MissingField(field),
        format!("the answer has no `{field}`"),
    )
}

fn text_or_number<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn reason(result: Result<Tokens>) -> OAuthReason {
        match result.unwrap_err().into_kind() {
            ErrorKind::OAuth(e) => e.reason,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_full_answer() {
        let tokens = tokens_from_answer(
            &json!({"access_token": "A", "refresh_token": "R", "expires_in": "3600",
                    "token_type": "session", "x_mailru_vid": 123}),
            &["refresh_token"],
        )
        .unwrap();
        assert_eq!(tokens.access_token(), "A");
        assert_eq!(tokens.refresh_token(), Some("R"));
        assert_eq!(tokens.uid(), Some("123"));
        assert_eq!(tokens.token_type(), Some("session"));
        assert!(tokens.expires_within(std::time::Duration::from_secs(3601)));
    }

    #[test]
    fn errors_and_missing_fields() {
        assert_eq!(
            reason(tokens_from_answer(&json!({"error": "invalid_grant"}), &[])),
            OAuthReason::InvalidGrant
        );
        assert_eq!(
            reason(tokens_from_answer(
                &json!({"error": "invalid_client", "error_description": "x"}),
                &[]
            )),
            OAuthReason::InvalidClient
        );
        assert_eq!(
            reason(tokens_from_answer(
                &json!({"access_token": "A"}),
                &["refresh_token"]
            )),
            OAuthReason::MissingField("refresh_token")
        );
        assert_eq!(
            reason(tokens_from_answer(&json!({"token_type": "x"}), &[])),
            OAuthReason::MissingField("access_token")
        );
        assert_eq!(
            reason(tokens_from_answer(&json!([1, 2]), &[])),
            OAuthReason::UnexpectedPage
        );
    }
}
