//! Why an authorization failed.

use std::fmt;

/// An authorization failure ([`crate::ErrorKind::OAuth`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuthError {
    /// What kind of failure.
    pub reason: OAuthReason,
    /// The platform's own words (`error_description`) or ours; never holds a secret.
    pub description: String,
}

/// The kinds of authorization failure, whatever the flow.
///
/// The OAuth 2.0 error codes both platforms answer (RFC 6749 §4.1.2.1 and §5.2, RFC 6750
/// §3.1) and the ones of their own each have a reason; [`OAuthReason::Other`] keeps any
/// other code as written.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OAuthReason {
    /// The grant was refused: a bad or used authorization code, a bad password, a revoked
    /// or expired refresh token (`invalid_grant`).
    InvalidGrant,
    /// The application is unknown or its secret is wrong (`invalid_client`).
    InvalidClient,
    /// The application may not use this grant or response type (`unauthorized_client`).
    UnauthorizedClient,
    /// The user refused the authorization: they pressed "Deny" in the dialog
    /// (`access_denied`).
    AccessDenied,
    /// The user is blocked, deleted or unknown (`invalid_user`).
    InvalidUser,
    /// The application may not be used by this user now, for example while it is in test
    /// mode (`client_not_available`).
    ClientNotAvailable,
    /// The permissions asked for are unknown or not granted to the application
    /// (`invalid_scope`).
    InvalidScope,
    /// The token endpoint does not take this grant type (`unsupported_grant_type`).
    UnsupportedGrantType,
    /// The dialog does not give this response type to the application
    /// (`unsupported_response_type`; OK's `unsupported_response_type_for_this_app` when the
    /// client flow is not enabled in the application's settings).
    UnsupportedResponseType,
    /// The access token is expired, revoked or malformed (`invalid_token`).
    InvalidToken,
    /// The authorization server failed (`server_error`); trying later may succeed.
    ServerError,
    /// The authorization server is overloaded or down for maintenance
    /// (`temporarily_unavailable`); trying later may succeed.
    TemporarilyUnavailable,
    /// The platform asks for a captcha or another human check; the flow stops here rather
    /// than retry.
    HumanVerification,
    /// A page the flow does not know (the platform changed its pages, or an error page).
    UnexpectedPage,
    /// The answer lacks a field the flow needs (named here).
    MissingField(&'static str),
    /// The redirect carries another `state` than the one sent: possibly a forged redirect.
    StateMismatch,
    /// There is no `state` to check the redirect with: the request's own state is empty,
    /// or the redirect has none. Such a redirect is refused, since without the check any
    /// forged redirect would be accepted.
    MissingState,
    /// The request itself was malformed (`invalid_request`).
    InvalidRequest,
    /// Any other error code, as the platform wrote it.
    Other(String),
}

impl OAuthError {
    pub(crate) fn new(reason: OAuthReason, description: impl Into<String>) -> Self {
        OAuthError {
            reason,
            description: description.into(),
        }
    }

    /// Maps an OAuth 2.0 `error` code.
    pub(crate) fn from_code(code: &str, description: Option<&str>) -> Self {
        OAuthError::new(OAuthReason::from_code(code), description.unwrap_or(code))
    }
}

impl OAuthReason {
    /// The reason of an OAuth `error` code, as the token endpoints and the authorization
    /// redirects of both platforms write it.
    pub fn from_code(code: &str) -> Self {
        match code {
            "invalid_grant" => OAuthReason::InvalidGrant,
            "invalid_client" => OAuthReason::InvalidClient,
            "unauthorized_client" => OAuthReason::UnauthorizedClient,
            "access_denied" => OAuthReason::AccessDenied,
            "invalid_user" => OAuthReason::InvalidUser,
            "client_not_available" => OAuthReason::ClientNotAvailable,
            "invalid_scope" => OAuthReason::InvalidScope,
            "unsupported_grant_type" => OAuthReason::UnsupportedGrantType,
            "unsupported_response_type" | "unsupported_response_type_for_this_app" => {
                OAuthReason::UnsupportedResponseType
            }
            "invalid_token" => OAuthReason::InvalidToken,
            "server_error" => OAuthReason::ServerError,
            "temporarily_unavailable" => OAuthReason::TemporarilyUnavailable,
            "invalid_request" => OAuthReason::InvalidRequest,
            other => OAuthReason::Other(super::text::cut(other.to_owned())),
        }
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = match &self.reason {
            OAuthReason::InvalidGrant => "invalid grant",
            OAuthReason::InvalidClient => "invalid client",
            OAuthReason::UnauthorizedClient => "application not authorized for this grant",
            OAuthReason::AccessDenied => "the user denied access",
            OAuthReason::InvalidUser => "blocked or unknown user",
            OAuthReason::ClientNotAvailable => "application not available",
            OAuthReason::InvalidScope => "invalid scope",
            OAuthReason::UnsupportedGrantType => "unsupported grant type",
            OAuthReason::UnsupportedResponseType => "unsupported response type",
            OAuthReason::InvalidToken => "invalid token",
            OAuthReason::ServerError => "authorization server error",
            OAuthReason::TemporarilyUnavailable => "authorization server temporarily unavailable",
            OAuthReason::HumanVerification => "human verification required",
            OAuthReason::UnexpectedPage => "unexpected page",
            OAuthReason::MissingField(field) => return write!(f, "OAuth answer lacks `{field}`"),
            OAuthReason::StateMismatch => "state mismatch",
            OAuthReason::MissingState => "no state to check",
            OAuthReason::InvalidRequest => "invalid request",
            OAuthReason::Other(code) => code,
        };
        write!(f, "OAuth error ({reason}): {}", self.description)
    }
}

/// An [`Error`](super::Error) of kind OAuth.
pub(crate) fn oauth_error(reason: OAuthReason, description: impl Into<String>) -> super::Error {
    super::Error::new(super::ErrorKind::OAuth(OAuthError::new(
        reason,
        description,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(code: &str) -> OAuthReason {
        OAuthError::from_code(code, None).reason
    }

    #[test]
    fn access_denied_is_the_users_refusal() {
        assert_eq!(reason("access_denied"), OAuthReason::AccessDenied);
        assert_ne!(reason("access_denied"), reason("client_not_available"));
    }

    #[test]
    fn invalid_grant() {
        assert_eq!(reason("invalid_grant"), OAuthReason::InvalidGrant);
    }

    #[test]
    fn invalid_client() {
        assert_eq!(reason("invalid_client"), OAuthReason::InvalidClient);
    }

    #[test]
    fn unauthorized_client() {
        assert_eq!(
            reason("unauthorized_client"),
            OAuthReason::UnauthorizedClient
        );
    }

    #[test]
    fn invalid_request() {
        assert_eq!(reason("invalid_request"), OAuthReason::InvalidRequest);
    }

    #[test]
    fn invalid_scope() {
        assert_eq!(reason("invalid_scope"), OAuthReason::InvalidScope);
    }

    #[test]
    fn unsupported_grant_type() {
        assert_eq!(
            reason("unsupported_grant_type"),
            OAuthReason::UnsupportedGrantType
        );
    }

    #[test]
    fn unsupported_response_type_in_both_spellings() {
        assert_eq!(
            reason("unsupported_response_type"),
            OAuthReason::UnsupportedResponseType
        );
        assert_eq!(
            reason("unsupported_response_type_for_this_app"),
            OAuthReason::UnsupportedResponseType
        );
    }

    #[test]
    fn server_error_and_temporarily_unavailable_are_passing() {
        assert_eq!(reason("server_error"), OAuthReason::ServerError);
        assert_eq!(
            reason("temporarily_unavailable"),
            OAuthReason::TemporarilyUnavailable
        );
        for code in ["server_error", "temporarily_unavailable"] {
            let error = super::super::Error::new(super::super::ErrorKind::OAuth(
                OAuthError::from_code(code, None),
            ));
            assert!(error.is_retryable(), "{code}");
        }
        let denied = super::super::Error::new(super::super::ErrorKind::OAuth(
            OAuthError::from_code("access_denied", None),
        ));
        assert!(!denied.is_retryable());
    }

    #[test]
    fn invalid_token() {
        assert_eq!(reason("invalid_token"), OAuthReason::InvalidToken);
    }

    #[test]
    fn invalid_user() {
        assert_eq!(reason("invalid_user"), OAuthReason::InvalidUser);
    }

    #[test]
    fn client_not_available() {
        assert_eq!(
            reason("client_not_available"),
            OAuthReason::ClientNotAvailable
        );
    }

    #[test]
    fn other_codes_are_kept_cut() {
        assert_eq!(
            reason("something_new"),
            OAuthReason::Other("something_new".into())
        );
        let OAuthReason::Other(long) = reason(&"x".repeat(100_000)) else {
            panic!("not Other");
        };
        assert!(long.len() < 2 * super::super::MESSAGE_LIMIT);
        assert!(long.ends_with(super::super::CUT_MARK));
        // Codes are case-sensitive, as RFC 6749 writes them.
        assert!(matches!(reason("ACCESS_DENIED"), OAuthReason::Other(_)));
    }
}
