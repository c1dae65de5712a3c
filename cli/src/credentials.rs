//! Credentials from flags or the environment, the one place that builds sessions, and the
//! masking of anything secret that the tool echoes.

use std::env;
use std::fmt;

use clap::Args;
use okru::{mailru, ok};

/// Which API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlatformArg {
    /// OK (ok.ru).
    Ok,
    /// Mail.ru "My World".
    Mailru,
}

impl PlatformArg {
    fn env_prefix(self) -> &'static str {
        match self {
            PlatformArg::Ok => "OKRU_OK_",
            PlatformArg::Mailru => "OKRU_MAILRU_",
        }
    }
}

impl fmt::Display for PlatformArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PlatformArg::Ok => "OK",
            PlatformArg::Mailru => "Mail.ru",
        })
    }
}

/// Credential flags. Each falls back to an environment variable (listed in `okru --help`);
/// the environment is the better place for secrets, because other local users can read a
/// process's arguments.
#[derive(Debug, Args)]
pub struct CredentialArgs {
    /// Application id [env: OKRU_OK_APP_ID / OKRU_MAILRU_APP_ID]
    #[arg(long, value_name = "ID")]
    app_id: Option<u64>,
    /// OK: the application's public key [env: OKRU_OK_APPLICATION_KEY]
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    application_key: Option<String>,
    /// OK: the application secret key (server circuit, application-only calls)
    /// [env: OKRU_OK_APPLICATION_SECRET_KEY]
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    application_secret_key: Option<String>,
    /// OK: the user's access token (it may start with "-s-") [env: OKRU_OK_ACCESS_TOKEN]
    #[arg(long, value_name = "TOKEN", allow_hyphen_values = true)]
    access_token: Option<String>,
    /// OK: the session secret key (client circuit) [env: OKRU_OK_SESSION_SECRET_KEY]
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    session_secret_key: Option<String>,
    /// Mail.ru: the secret key (server circuit, application calls) [env: OKRU_MAILRU_SECRET_KEY]
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    secret_key: Option<String>,
    /// Mail.ru: the private key (client circuit) [env: OKRU_MAILRU_PRIVATE_KEY]
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    private_key: Option<String>,
    /// Mail.ru: the session key, i.e. the OAuth access token [env: OKRU_MAILRU_SESSION_KEY]
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    session_key: Option<String>,
    /// Mail.ru: the user's uid (client circuit) [env: OKRU_MAILRU_UID]
    #[arg(long, value_name = "UID")]
    uid: Option<String>,
    /// Sign as the application itself, without a user session, even when a token is set
    /// (for "session prohibited" methods).
    #[arg(long)]
    app_only: bool,
}

/// The credentials of one platform, resolved from flags and environment. Debug is redacted.
pub struct Credentials {
    pub platform: PlatformArg,
    pub app_id: Option<u64>,
    /// OK: application key.
    pub application_key: Option<String>,
    /// OK: application secret key; Mail.ru: secret key.
    pub app_secret: Option<String>,
    /// OK: access token; Mail.ru: session key.
    pub token: Option<String>,
    /// OK: session secret key; Mail.ru: private key.
    pub user_secret: Option<String>,
    /// Mail.ru: uid.
    pub uid: Option<String>,
    pub app_only: bool,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("platform", &self.platform)
            .field("app_id", &self.app_id)
            .field("application_key", &self.application_key)
            .field(
                "app_secret",
                &self.app_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("token", &self.token.as_deref().map(mask))
            .field(
                "user_secret",
                &self.user_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("uid", &self.uid)
            .finish()
    }
}

impl CredentialArgs {
    /// Resolves every credential of `platform`: the flag, else `OKRU_<PLATFORM>_<NAME>`.
    /// Flags of the other platform are refused rather than silently ignored.
    pub fn resolve(self, platform: PlatformArg) -> Result<Credentials, String> {
        let wrong = match platform {
            PlatformArg::Ok => [
                ("--secret-key", self.secret_key.is_some()),
                ("--private-key", self.private_key.is_some()),
                ("--session-key", self.session_key.is_some()),
                ("--uid", self.uid.is_some()),
            ],
            PlatformArg::Mailru => [
                ("--application-key", self.application_key.is_some()),
                (
                    "--application-secret-key",
                    self.application_secret_key.is_some(),
                ),
                ("--access-token", self.access_token.is_some()),
                ("--session-secret-key", self.session_secret_key.is_some()),
            ],
        };
        if let Some((flag, _)) = wrong.iter().find(|(_, given)| *given) {
            let other = match platform {
                PlatformArg::Ok => "Mail.ru (--platform mailru)",
                PlatformArg::Mailru => "OK (--platform ok)",
            };
            return Err(format!("{flag} is a credential of {other}"));
        }
        let prefix = platform.env_prefix();
        let pick = |flag: Option<String>, name: &str| {
            flag.or_else(|| env::var(format!("{prefix}{name}")).ok())
                .filter(|value| !value.is_empty())
        };
        let app_id = match self.app_id {
            Some(id) => Some(id),
            None => match pick(None, "APP_ID") {
                Some(text) => Some(
                    text.trim()
                        .parse()
                        .map_err(|_| format!("{prefix}APP_ID is not a number"))?,
                ),
                None => None,
            },
        };
        Ok(match platform {
            PlatformArg::Ok => Credentials {
                platform,
                app_id,
                application_key: pick(self.application_key, "APPLICATION_KEY"),
                app_secret: pick(self.application_secret_key, "APPLICATION_SECRET_KEY"),
                token: pick(self.access_token, "ACCESS_TOKEN"),
                user_secret: pick(self.session_secret_key, "SESSION_SECRET_KEY"),
                uid: None,
                app_only: self.app_only,
            },
            PlatformArg::Mailru => Credentials {
                platform,
                app_id,
                application_key: None,
                app_secret: pick(self.secret_key, "SECRET_KEY"),
                token: pick(self.session_key, "SESSION_KEY"),
                user_secret: pick(self.private_key, "PRIVATE_KEY"),
                uid: pick(self.uid, "UID"),
                app_only: self.app_only,
            },
        })
    }
}

/// A session of either platform, with the circuit it signs in.
pub enum AnySession {
    OkClient(ok::ClientSession),
    OkServer(ok::ServerSession),
    OkApp(ok::ApplicationSession),
    MailruClient(mailru::ClientSession),
    MailruServer(mailru::ServerSession),
    MailruApp(mailru::ApplicationSession),
}

/// Builds the session the credentials allow, choosing the circuit the way the SDK's
/// `TokenSession`s do: with a user token, OK prefers the server circuit (application secret
/// key) to the client one (session secret key), and Mail.ru the client circuit (private key
/// and uid) to the server one (secret key); without a token (or with `--app-only`), the
/// application-only session.
///
/// This is the only function that calls session constructors, so that a change of their
/// signatures touches the tool in one place.
pub fn build_session(creds: &Credentials) -> Result<AnySession, String> {
    use okru::{
        AccessToken, ApplicationKey, ApplicationSecretKey, PrivateKey, SecretKey, SessionKey,
        SessionSecretKey,
    };

    let token = creds.token.clone().filter(|_| !creds.app_only);
    match creds.platform {
        PlatformArg::Ok => {
            let app_id = creds.app_id.unwrap_or(0);
            let key = ApplicationKey::new(creds.application_key.clone().ok_or(
                "OK needs the application key: --application-key or OKRU_OK_APPLICATION_KEY",
            )?);
            match (token, &creds.app_secret, &creds.user_secret) {
                (Some(token), Some(secret), _) => Ok(AnySession::OkServer(ok::ServerSession::new(
                    app_id,
                    key,
                    ApplicationSecretKey::new(secret.clone()),
                    AccessToken::new(token),
                ))),
                (Some(token), None, Some(session_secret)) => {
                    Ok(AnySession::OkClient(ok::ClientSession::new(
                        app_id,
                        key,
                        AccessToken::new(token),
                        SessionSecretKey::new(session_secret.clone()),
                    )))
                }
                (Some(_), None, None) => {
                    Err("an OK access token needs the application secret key \
                     (server circuit) or the session secret key (client circuit)"
                        .into())
                }
                (None, Some(secret), _) => Ok(AnySession::OkApp(ok::ApplicationSession::new(
                    app_id,
                    key,
                    ApplicationSecretKey::new(secret.clone()),
                ))),
                (None, None, _) => Err("no OK credentials to sign with: set an access token with \
                     its secret, or the application secret key (see okru --help)"
                    .into()),
            }
        }
        PlatformArg::Mailru => {
            let app_id = creds
                .app_id
                .ok_or("Mail.ru needs the application id: --app-id or OKRU_MAILRU_APP_ID")?;
            match (token, &creds.app_secret, &creds.user_secret, &creds.uid) {
                (Some(token), _, Some(private_key), Some(uid)) => {
                    let uid = uid
                        .parse::<okru::ids::UserId>()
                        .map_err(|_| format!("the uid {uid:?} is not a number"))?;
                    Ok(AnySession::MailruClient(mailru::ClientSession::new(
                        app_id,
                        PrivateKey::new(private_key.clone()),
                        SessionKey::new(token),
                        uid,
                    )))
                }
                (Some(token), Some(secret), _, _) => {
                    Ok(AnySession::MailruServer(mailru::ServerSession::new(
                        app_id,
                        SecretKey::new(secret.clone()),
                        SessionKey::new(token),
                    )))
                }
                (Some(_), None, _, _) => Err("a Mail.ru session key needs the secret key (server \
                     circuit) or the private key and the uid (client circuit)"
                    .into()),
                (None, Some(secret), _, _) => Ok(AnySession::MailruApp(
                    mailru::ApplicationSession::new(app_id, SecretKey::new(secret.clone())),
                )),
                (None, None, _, _) => {
                    Err("no Mail.ru credentials to sign with: set a session key \
                     with its secret, or the secret key (see okru --help)"
                        .into())
                }
            }
        }
    }
}

/// `abcd…[35 chars]`: enough to tell two tokens apart, not enough to use one.
pub fn mask(secret: &str) -> String {
    let count = secret.chars().count();
    if count <= 8 {
        return format!("…[{count} chars]");
    }
    let head: String = secret.chars().take(4).collect();
    format!("{head}…[{count} chars]")
}

/// Names whose values are tokens or secrets, in parameters and in answers (`auth.login`
/// answers a session key and its secret): masked whenever the tool prints them.
pub const SECRET_NAMES: &[&str] = &[
    "access_token",
    "refresh_token",
    "session_key",
    "session_secret_key",
    "secret_key",
    "private_key",
    "application_secret_key",
    "client_secret",
    "password",
];

/// `value`, masked when `name` holds a token or a secret.
pub fn shown(name: &str, value: &str) -> String {
    if SECRET_NAMES.contains(&name) {
        mask(value)
    } else {
        value.to_owned()
    }
}

/// Masks, in place, every string under a key of [`SECRET_NAMES`]; returns how many.
pub fn mask_json(value: &mut serde_json::Value) -> usize {
    match value {
        serde_json::Value::Object(map) => map
            .iter_mut()
            .map(|(key, value)| match value {
                serde_json::Value::String(text) if SECRET_NAMES.contains(&key.as_str()) => {
                    *text = mask(text);
                    1
                }
                other => mask_json(other),
            })
            .sum(),
        serde_json::Value::Array(items) => items.iter_mut().map(mask_json).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_a_short_head() {
        assert_eq!(mask("-s-1aSBXa11ce.T0kEn0aLiCe"), "-s-1…[25 chars]");
        assert_eq!(mask("short"), "…[5 chars]");
        assert_eq!(shown("access_token", "abcdefghijkl"), "abcd…[12 chars]");
        assert_eq!(shown("uids", "1,2"), "1,2");
        assert_eq!(shown("password", "hunter2hunter2"), "hunt…[14 chars]");
    }

    #[test]
    fn secrets_in_answers_are_masked_at_any_depth() {
        let mut answer = serde_json::json!({
            "uid": "1",
            "session_secret_key": "0123456789abcdef",
            "nested": [{"access_token": "-s-abcdefghijkl"}, {"access_token": 5}],
        });
        assert_eq!(mask_json(&mut answer), 2);
        assert_eq!(answer["session_secret_key"], "0123…[16 chars]");
        assert_eq!(answer["nested"][0]["access_token"], "-s-a…[15 chars]");
        assert_eq!(answer["uid"], "1");
    }
}
