//! What an authorization obtained, as data that can be saved and restored.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// The longest token lifetime believed: a hundred years. A larger `expires_in` (up to
/// `i64::MAX` seconds has been seen from hostile servers) is clamped to it.
pub const MAX_LIFETIME: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// A point in time later than any expiry that matters, for when the clock cannot add.
fn far_future() -> SystemTime {
    SystemTime::now()
        .checked_add(MAX_LIFETIME)
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

/// The tokens and facts an authorization flow obtained.
///
/// Secrets (the access token, the session secret key, the refresh token) are never shown by
/// `Debug`; [`Tokens::export`] is the one explicit way to get them out, for saving.
#[derive(Clone)]
pub struct Tokens {
    pub(crate) access_token: SecretString,
    pub(crate) session_secret_key: Option<SecretString>,
    pub(crate) refresh_token: Option<SecretString>,
    pub(crate) expires_at: Option<SystemTime>,
    pub(crate) uid: Option<String>,
    pub(crate) permissions_granted: Vec<String>,
    pub(crate) token_type: Option<String>,
}

impl Tokens {
    /// Tokens with only an access token; the other facts are added by the flows.
    pub(crate) fn new(access_token: String) -> Self {
        Tokens {
            access_token: SecretString::from(access_token),
            session_secret_key: None,
            refresh_token: None,
            expires_at: None,
            uid: None,
            permissions_granted: Vec::new(),
            token_type: None,
        }
    }

    /// Sets the expiry from a lifetime in seconds counted from now. The lifetime comes from
    /// the network, so it is clamped to [`MAX_LIFETIME`] instead of overflowing the clock.
    pub(crate) fn expires_in(mut self, seconds: Option<u64>) -> Self {
        self.expires_at = seconds.map(|s| {
            let lifetime = Duration::from_secs(s).min(MAX_LIFETIME);
            SystemTime::now()
                .checked_add(lifetime)
                .unwrap_or_else(far_future)
        });
        self
    }

    /// Keeps what a renewal's answer may leave out (the refresh token, the uid) from the
    /// tokens it replaces.
    pub(crate) fn keeping_from(mut self, old: &Tokens) -> Self {
        if self.refresh_token.is_none() {
            self.refresh_token = old.refresh_token.clone();
        }
        if self.uid.is_none() {
            self.uid = old.uid.clone();
        }
        self
    }

    /// Tokens holding only a refresh token, to renew from.
    pub(crate) fn from_refresh_token(refresh_token: SecretString) -> Self {
        let mut tokens = Tokens::new(String::new());
        tokens.refresh_token = Some(refresh_token);
        tokens
    }

    /// When the access token expires, when the platform said.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }

    /// Whether the access token expires within `margin` from now (false when the expiry is
    /// unknown).
    pub fn expires_within(&self, margin: Duration) -> bool {
        let horizon = SystemTime::now()
            .checked_add(margin)
            .unwrap_or_else(far_future);
        self.expires_at.is_some_and(|at| at <= horizon)
    }

    /// Whether the access token has expired (false when the expiry is unknown).
    pub fn is_expired(&self) -> bool {
        self.expires_within(Duration::ZERO)
    }

    /// The user the tokens belong to, when the flow told (mail.ru `x_mailru_vid`, OK `uid`).
    pub fn uid(&self) -> Option<&str> {
        self.uid.as_deref()
    }

    /// The permissions the user granted, when the flow told (OK `permissions_granted`).
    pub fn permissions_granted(&self) -> &[String] {
        &self.permissions_granted
    }

    /// The token type the platform named (`session` on OK, `bearer` elsewhere), if any.
    pub fn token_type(&self) -> Option<&str> {
        self.token_type.as_deref()
    }

    /// Whether a refresh token is held, so that the session can renew itself.
    pub fn can_renew(&self) -> bool {
        self.refresh_token.is_some()
    }

    /// Whether a session secret key is held (OK client circuit, mail.ru has none).
    pub fn has_session_secret_key(&self) -> bool {
        self.session_secret_key.is_some()
    }

    pub(crate) fn access_token(&self) -> &str {
        self.access_token.expose_secret()
    }

    pub(crate) fn session_secret_key(&self) -> Option<&str> {
        self.session_secret_key.as_ref().map(|k| k.expose_secret())
    }

    pub(crate) fn refresh_token(&self) -> Option<&str> {
        self.refresh_token.as_ref().map(|k| k.expose_secret())
    }

    /// Everything, secrets included, as plain data to save (in a secret store: the result
    /// holds credentials). [`SavedTokens`] serializes with serde.
    pub fn export(&self) -> SavedTokens {
        SavedTokens {
            access_token: self.access_token().to_owned(),
            session_secret_key: self.session_secret_key().map(str::to_owned),
            refresh_token: self.refresh_token().map(str::to_owned),
            expires_at: self
                .expires_at
                .and_then(|at| at.duration_since(UNIX_EPOCH).ok())
                .map(|d| d.as_secs()),
            uid: self.uid.clone(),
            permissions_granted: self.permissions_granted.clone(),
            token_type: self.token_type.clone(),
        }
    }

    /// Tokens saved earlier with [`Tokens::export`].
    pub fn restore(saved: SavedTokens) -> Self {
        Tokens {
            access_token: SecretString::from(saved.access_token),
            session_secret_key: saved.session_secret_key.map(SecretString::from),
            refresh_token: saved.refresh_token.map(SecretString::from),
            expires_at: saved.expires_at.map(|secs| {
                UNIX_EPOCH
                    .checked_add(Duration::from_secs(secs))
                    .unwrap_or_else(far_future)
            }),
            uid: saved.uid,
            permissions_granted: saved.permissions_granted,
            token_type: saved.token_type,
        }
    }
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("access_token", &"<redacted>")
            .field(
                "session_secret_key",
                &self.session_secret_key.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expires_at", &self.expires_at)
            .field("uid", &self.uid)
            .field("permissions_granted", &self.permissions_granted)
            .field("token_type", &self.token_type)
            .finish()
    }
}

/// [`Tokens`] as plain, serializable data, secrets included: what [`Tokens::export`] gives
/// and [`Tokens::restore`] takes. Its `Debug` still hides the secrets.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SavedTokens {
    /// The access token.
    pub access_token: String,
    /// The OK session secret key, when the flow gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_secret_key: Option<String>,
    /// The refresh token, when the flow gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Expiry, seconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<u64>,
    /// The user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Granted permissions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions_granted: Vec<String>,
    /// The token type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
}

impl SavedTokens {
    /// Saved tokens with only an access token (for example one issued in the platform's
    /// developer settings).
    pub fn new(access_token: impl Into<String>) -> Self {
        SavedTokens {
            access_token: access_token.into(),
            session_secret_key: None,
            refresh_token: None,
            expires_at: None,
            uid: None,
            permissions_granted: Vec::new(),
            token_type: None,
        }
    }
}

impl fmt::Debug for SavedTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Tokens::restore(self.clone()).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Tokens {
        let mut tokens = Tokens::new("ACCESS-123".into()).expires_in(Some(3600));
        tokens.refresh_token = Some(SecretString::from("REFRESH-456".to_owned()));
        tokens.session_secret_key = Some(SecretString::from("SSK-789".to_owned()));
        tokens.uid = Some("42".into());
        tokens.permissions_granted = vec!["VALUABLE_ACCESS".into()];
        tokens
    }

    #[test]
    fn debug_hides_every_secret() {
        let tokens = sample();
        for text in [format!("{tokens:?}"), format!("{:?}", tokens.export())] {
            for secret in ["ACCESS-123", "REFRESH-456", "SSK-789"] {
                assert!(!text.contains(secret), "{text}");
            }
            assert!(text.contains("VALUABLE_ACCESS"));
        }
    }

    #[test]
    fn export_and_restore_keep_everything() {
        let tokens = sample();
        let json = serde_json::to_string(&tokens.export()).unwrap();
        let saved: SavedTokens = serde_json::from_str(&json).unwrap();
        let restored = Tokens::restore(saved.clone());
        assert_eq!(restored.export(), saved);
        assert_eq!(restored.access_token(), "ACCESS-123");
        assert_eq!(restored.refresh_token(), Some("REFRESH-456"));
        assert_eq!(restored.uid(), Some("42"));
        // Whole seconds survive the round trip.
        let lost = tokens
            .expires_at()
            .unwrap()
            .duration_since(restored.expires_at().unwrap())
            .unwrap();
        assert!(lost < Duration::from_secs(1));
    }

    #[test]
    fn expiry_margin() {
        let tokens = sample();
        assert!(!tokens.expires_within(Duration::from_secs(60)));
        assert!(tokens.expires_within(Duration::from_secs(7200)));
        assert!(!Tokens::new("x".into()).expires_within(Duration::from_secs(1 << 30)));
    }
}

#[cfg(test)]
mod overflow_tests {
    use super::*;

    #[test]
    fn huge_lifetimes_and_expiries_do_not_panic() {
        let tokens = Tokens::new("x".into()).expires_in(Some(u64::MAX));
        assert!(!tokens.expires_within(Duration::from_secs(3600)));
        assert!(tokens.expires_within(Duration::MAX));
        let mut saved = SavedTokens::new("x");
        saved.expires_at = Some(u64::MAX);
        let restored = Tokens::restore(saved);
        assert!(!restored.is_expired());
        let _ = restored.export();
    }
}
