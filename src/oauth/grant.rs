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
use crate::http::{RawResponse, Transport};
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
    let (status, retry_after) = (response.status, response.retry_after);
    let answer = read_answer(response)?;
    // An error status with neither tokens nor an OAuth error is the status's failure
    // (a 500 with `{}`), not a missing field.
    if status >= 400 && answer.get("error").is_none() && answer.get("access_token").is_none() {
        return Err(Error::new(ErrorKind::Status { status }).with_retry_after(retry_after));
    }
    tokens_from_answer(&answer, required).map_err(|e| e.with_retry_after(retry_after))
}

/// The JSON answer of a token endpoint (or of OK's `auth.login`), each way of failing
/// with its own kind: an empty body, an HTML page (a proxy, a login page), an error
/// status without JSON, a cut answer, broken JSON. (A redirect was refused by the
/// transport.) The body is never attached: a success carries tokens.
pub(crate) fn read_answer(response: RawResponse) -> Result<Value> {
    let status = response.status;
    let fail = |kind| Err(Error::new(kind).with_retry_after(response.retry_after));
    match response.body.iter().find(|b| !b.is_ascii_whitespace()) {
        None if status < 400 => return fail(ErrorKind::EmptyBody { status }),
        None => return fail(ErrorKind::Status { status }),
        Some(b'<') => return fail(ErrorKind::HtmlPage { status }),
        Some(_) => {}
    }
    match serde_json::from_slice(&response.body) {
        Ok(value) => Ok(value),
        Err(_) if status >= 400 => fail(ErrorKind::Status { status }),
        Err(e) if e.classify() == serde_json::error::Category::Eof => {
            fail(ErrorKind::TruncatedBody)
        }
        Err(_) => fail(ErrorKind::MalformedJson),
    }
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
    #[serde(default, deserialize_with = "lifetime")]
    expires_in: Option<u64>,
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
    let mut tokens = Tokens::new(access_token).expires_in(answer.expires_in);
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

/// `expires_in` in seconds, as a number or a string holding one, of any size: a lifetime
/// past `u64` saturates (and [`Tokens`] clamps it to its longest believed lifetime); a
/// negative one is zero, already expired. Anything else is an answer of the wrong shape.
fn lifetime<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<u64>, D::Error> {
    let seconds = |text: &str| -> Option<u64> {
        let text = text.trim();
        if let Some(digits) = text.strip_prefix('-')
            && !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            return Some(0);
        }
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            // Any run of digits is a lifetime; past u64 it is "very long".
            return Some(text.parse::<u64>().unwrap_or(u64::MAX));
        }
        text.parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            // `as` saturates at the bounds of u64.
            .map(|f| f.max(0.0) as u64)
    };
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => seconds(&n.to_string())
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom("expires_in is not a number")),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => seconds(&s)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom("expires_in is not a number")),
        Some(_) => Err(serde::de::Error::custom("expires_in is not a number")),
    }
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
    fn any_lifetime_is_clamped_never_a_panic() {
        for expires_in in [
            json!(9_223_372_036_854_775_807_i64),
            json!("9223372036854775807"),
            json!(u64::MAX),
            json!("18446744073709551616999"),
            json!(1e300),
            json!("1e300"),
        ] {
            let tokens =
                tokens_from_answer(&json!({"access_token": "A", "expires_in": expires_in}), &[])
                    .unwrap();
            let at = tokens.expires_at().unwrap();
            assert!(at > std::time::SystemTime::now() + std::time::Duration::from_secs(3600));
            assert!(!tokens.is_expired());
        }
        for negative in [json!(-5), json!("-5"), json!(-1e300)] {
            let tokens =
                tokens_from_answer(&json!({"access_token": "A", "expires_in": negative}), &[])
                    .unwrap();
            assert!(tokens.is_expired());
        }
        for none in [json!(null), json!("")] {
            let tokens =
                tokens_from_answer(&json!({"access_token": "A", "expires_in": none}), &[]).unwrap();
            assert_eq!(tokens.expires_at(), None);
        }
        assert_eq!(
            reason(tokens_from_answer(
                &json!({"access_token": "A", "expires_in": "soon"}),
                &[]
            )),
            OAuthReason::UnexpectedPage
        );
    }

    fn answer(status: u16, body: &'static str) -> RawResponse {
        RawResponse {
            status,
            invocation_error: None,
            retry_after: None,
            body: bytes::Bytes::from_static(body.as_bytes()),
            budget: None,
        }
    }

    #[test]
    fn each_bad_answer_has_its_own_kind() {
        let kind = |status, body| read_answer(answer(status, body)).unwrap_err().into_kind();
        assert_eq!(
            kind(200, "<html>login</html>"),
            ErrorKind::HtmlPage { status: 200 }
        );
        assert_eq!(
            kind(400, " <!DOCTYPE html>"),
            ErrorKind::HtmlPage { status: 400 }
        );
        assert_eq!(kind(200, ""), ErrorKind::EmptyBody { status: 200 });
        assert_eq!(kind(502, ""), ErrorKind::Status { status: 502 });
        assert_eq!(kind(502, "Bad gateway"), ErrorKind::Status { status: 502 });
        assert_eq!(kind(200, r#"{"access_token":"#), ErrorKind::TruncatedBody);
        assert_eq!(kind(200, r#"{"access_token" 1}"#), ErrorKind::MalformedJson);
        assert!(read_answer(answer(400, r#"{"error":"invalid_grant"}"#)).is_ok());
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
