//! One type per credential, so that two credentials cannot be passed in each other's place:
//! `ClientSession::new(app, key, session_secret_key, access_token)` does not compile.
//!
//! There is deliberately no `From<&str>`: with it, `"x".into()` would take whatever type the
//! argument position asks for, and a swapped pair would compile again. Secret credentials
//! are redacted in `Debug`; the public application key is shown.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

macro_rules! secret_credential {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name(SecretString);

        impl $name {
            /// Wraps the credential.
            pub fn new(value: impl Into<String>) -> Self {
                $name(SecretString::from(value.into()))
            }

            /// The credential itself. Keep it out of logs and URLs.
            pub fn expose_secret(&self) -> &str {
                self.0.expose_secret()
            }

            // Only some credentials are handed on as a bare secret.
            #[allow(dead_code)]
            pub(crate) fn into_secret(self) -> SecretString {
                self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

secret_credential!(
    /// A user's access token (OK `access_token`, the `session_key` of `auth.login`).
    AccessToken
);
secret_credential!(
    /// OK's session secret key, issued with an access token; signs in the client circuit.
    SessionSecretKey
);
secret_credential!(
    /// OK's application secret key; signs in the server circuit and authenticates the
    /// application at the token endpoint. Never ship it in client code.
    ApplicationSecretKey
);
secret_credential!(
    /// A refresh token, to obtain new access tokens.
    RefreshToken
);
secret_credential!(
    /// An authorization code from the redirect of the code flow.
    AuthorizationCode
);
secret_credential!(
    /// A user's password, for the password flows.
    Password
);
secret_credential!(
    /// Mail.ru's private key; signs in the client circuit.
    PrivateKey
);
secret_credential!(
    /// Mail.ru's secret key; signs in the server circuit and authenticates the application
    /// at the token endpoints. Never ship it in client code.
    SecretKey
);
secret_credential!(
    /// Mail.ru's session key (the access token of a mail.ru user session).
    SessionKey
);

/// OK's public application key (`application_key`). Not a secret, but its own type so that
/// it cannot take a secret's place.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ApplicationKey(String);

impl ApplicationKey {
    /// Wraps the key.
    pub fn new(value: impl Into<String>) -> Self {
        ApplicationKey(value.into())
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApplicationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApplicationKey({:?})", self.0)
    }
}

impl fmt::Display for ApplicationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_and_the_public_key_is_not() {
        let token = AccessToken::new("tok-123");
        assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
        assert_eq!(token.expose_secret(), "tok-123");
        assert!(format!("{:?}", ApplicationKey::new("CBA")).contains("CBA"));
    }
}
