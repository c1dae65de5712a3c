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
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OAuthReason {
    /// The grant was refused: a bad or used authorization code, a bad password, a revoked
    /// or expired refresh token (`invalid_grant`).
    InvalidGrant,
    /// The application is unknown or its secret is wrong (`invalid_client`,
    /// `unauthorized_client`).
    InvalidClient,
    /// The user is blocked, deleted or unknown.
    InvalidUser,
    /// The application may not be used by this user now, for example while it is in test
    /// mode.
    ClientNotAvailable,
    /// The platform asks for a captcha or another human check; the flow stops here rather
    /// than retry.
    HumanVerification,
    /// A page the flow does not know (the platform changed its pages, or an error page).
    UnexpectedPage,
    /// The answer lacks a field the flow needs (named here).
    MissingField(&'static str),
    /// The redirect carries another `state` than the one sent: possibly a forged redirect.
    StateMismatch,
    /// The request itself was malformed (`invalid_request`, `unsupported_grant_type`).
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
        let reason = match code {
            "invalid_grant" => OAuthReason::InvalidGrant,
            "invalid_client" | "unauthorized_client" => OAuthReason::InvalidClient,
            "invalid_request" | "unsupported_grant_type" | "invalid_scope" => {
                OAuthReason::InvalidRequest
            }
            "access_denied" | "client_not_available" => OAuthReason::ClientNotAvailable,
            "invalid_user" => OAuthReason::InvalidUser,
            other => OAuthReason::Other(other.to_owned()),
        };
        OAuthError::new(reason, description.unwrap_or(code))
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = match &self.reason {
            OAuthReason::InvalidGrant => "invalid grant",
            OAuthReason::InvalidClient => "invalid client",
            OAuthReason::InvalidUser => "blocked or unknown user",
            OAuthReason::ClientNotAvailable => "application not available",
            OAuthReason::HumanVerification => "human verification required",
            OAuthReason::UnexpectedPage => "unexpected page",
            OAuthReason::MissingField(field) => return write!(f, "OAuth answer lacks `{field}`"),
            OAuthReason::StateMismatch => "state mismatch",
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
