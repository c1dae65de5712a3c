//! OK sessions and their signing circuits.
//!
//! Signed: the method's parameters plus `application_key`, `method` and `format=json`.
//! The secret is the session secret key (client circuit), `md5(access_token +
//! application secret key)` (server circuit) or, for application-only calls, the
//! application secret key itself. `sig`, then `access_token`, are appended unsigned.

use secrecy::{ExposeSecret, SecretString};

use super::OkRu;
use crate::error::{Error, Result};
use crate::session::{
    AccessToken, ApplicationKey, ApplicationOnlySession, ApplicationSecretKey, Session,
    SessionSecretKey, UserSession, check_reserved, require,
};
use crate::signing::{md5_hex, sign_params};
use crate::wire::params::Params;

/// Parameters a caller may not pass: the session sets them.
const RESERVED: &[&str] = &[
    "application_key",
    "method",
    "format",
    "sig",
    "access_token",
    "session_key",
];

/// Which signing circuit a session uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Circuit {
    /// Signed with the session secret key (mobile, desktop, client-side code).
    Client,
    /// Signed with `md5(access_token + application secret key)` (your servers).
    Server,
    /// No user session; signed with the application secret key.
    Application,
}

/// The OK signing step shared by every session type.
pub(super) fn authorize(
    params: &mut Params,
    method: &str,
    application_key: &ApplicationKey,
    secret: &str,
    token: Option<&str>,
) -> Result<()> {
    require(application_key.as_str(), "the application key")?;
    check_reserved(params, RESERVED)?;
    params.push_raw("application_key", application_key.as_str().to_owned());
    params.push_raw("method", method.to_owned());
    params.push_raw("format", "json".to_owned());
    let sig = sign_params("", params, secret);
    params.push_raw("sig", sig.as_str().to_owned());
    if let Some(token) = token {
        params.push_raw("access_token", token.to_owned());
    }
    Ok(())
}

/// The server circuit's secret, `md5(access_token + application secret key)`.
pub(super) fn server_secret(access_token: &str, application_secret_key: &str) -> String {
    md5_hex(&[access_token.as_bytes(), application_secret_key.as_bytes()]).to_string()
}

/// A user session signed in the client circuit, with the session secret key received at
/// authorization.
#[derive(Debug)]
pub struct ClientSession {
    app_id: u64,
    application_key: ApplicationKey,
    access_token: AccessToken,
    session_secret_key: SessionSecretKey,
}

impl ClientSession {
    /// A session from a token and session secret key that were already obtained.
    pub fn new(
        app_id: u64,
        application_key: ApplicationKey,
        access_token: AccessToken,
        session_secret_key: SessionSecretKey,
    ) -> Self {
        ClientSession {
            app_id,
            application_key,
            access_token,
            session_secret_key,
        }
    }

    /// The application id.
    pub fn app_id(&self) -> u64 {
        self.app_id
    }

    /// The application's public key.
    pub fn application_key(&self) -> &ApplicationKey {
        &self.application_key
    }
}

impl Session for ClientSession {
    type Platform = OkRu;

    fn authorize(&self, method: &str, params: &mut Params) -> Result<()> {
        let token = self.access_token.expose_secret();
        let secret = self.session_secret_key.expose_secret();
        require(token, "the access token")?;
        require(secret, "the session secret key")?;
        authorize(params, method, &self.application_key, secret, Some(token))
    }
}

/// A user session signed in the server circuit, with the application secret key. Use it on
/// your own servers only.
pub struct ServerSession {
    app_id: u64,
    application_key: ApplicationKey,
    access_token: AccessToken,
    /// `md5(access_token + application_secret_key)`, computed once.
    secret: SecretString,
}

impl ServerSession {
    /// A session from an access token obtained earlier.
    pub fn new(
        app_id: u64,
        application_key: ApplicationKey,
        application_secret_key: ApplicationSecretKey,
        access_token: AccessToken,
    ) -> Self {
        let token = access_token.expose_secret();
        let key = application_secret_key.expose_secret();
        // An empty key or token would silently sign with a wrong secret; keep the secret
        // empty instead so that `authorize` refuses.
        let secret = if token.is_empty() || key.is_empty() {
            String::new()
        } else {
            server_secret(token, key)
        };
        ServerSession {
            app_id,
            application_key,
            access_token,
            secret: SecretString::from(secret),
        }
    }

    /// The application id.
    pub fn app_id(&self) -> u64 {
        self.app_id
    }

    /// The application's public key.
    pub fn application_key(&self) -> &ApplicationKey {
        &self.application_key
    }
}

impl Session for ServerSession {
    type Platform = OkRu;

    fn authorize(&self, method: &str, params: &mut Params) -> Result<()> {
        let token = self.access_token.expose_secret();
        require(token, "the access token")?;
        require(self.secret.expose_secret(), "the application secret key")?;
        authorize(
            params,
            method,
            &self.application_key,
            self.secret.expose_secret(),
            Some(token),
        )
    }
}

impl std::fmt::Debug for ServerSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerSession")
            .field("app_id", &self.app_id)
            .field("application_key", &self.application_key)
            .field("access_token", &self.access_token)
            .finish_non_exhaustive()
    }
}

/// Application-only calls, without a user session: the only way to call the methods whose
/// session rule is "prohibited" (`notifications.sendSimple`, `events.updates`, ...), and a
/// way to call "optional" ones on behalf of the application.
#[derive(Debug)]
pub struct ApplicationSession {
    app_id: u64,
    application_key: ApplicationKey,
    application_secret_key: ApplicationSecretKey,
}

impl ApplicationSession {
    /// A session signed with the application secret key.
    pub fn new(
        app_id: u64,
        application_key: ApplicationKey,
        application_secret_key: ApplicationSecretKey,
    ) -> Self {
        ApplicationSession {
            app_id,
            application_key,
            application_secret_key,
        }
    }

    /// The application id.
    pub fn app_id(&self) -> u64 {
        self.app_id
    }

    /// The application's public key.
    pub fn application_key(&self) -> &ApplicationKey {
        &self.application_key
    }
}

impl Session for ApplicationSession {
    type Platform = OkRu;

    fn authorize(&self, method: &str, params: &mut Params) -> Result<()> {
        let secret = self.application_secret_key.expose_secret();
        require(secret, "the application secret key")?;
        authorize(params, method, &self.application_key, secret, None)
    }
}

/// A user session that picks its circuit from what it is given, like aiookru's
/// `TokenSession`: the server circuit when the application secret key is given, else the
/// client circuit when the session secret key is given.
pub type TokenSession = crate::session::TokenSession<ClientSession, ServerSession>;

impl TokenSession {
    /// Infers the circuit; fails when neither circuit can sign.
    pub fn new(
        app_id: u64,
        application_key: ApplicationKey,
        access_token: AccessToken,
        application_secret_key: Option<ApplicationSecretKey>,
        session_secret_key: Option<SessionSecretKey>,
    ) -> Result<Self> {
        if access_token.expose_secret().is_empty() {
            return Err(Error::config("TokenSession needs an access token"));
        }
        match (application_secret_key, session_secret_key) {
            (Some(key), _) => Ok(Self::server(ServerSession::new(
                app_id,
                application_key,
                key,
                access_token,
            ))),
            (None, Some(key)) => Ok(Self::client(ClientSession::new(
                app_id,
                application_key,
                access_token,
                key,
            ))),
            (None, None) => Err(Error::config(
                "TokenSession needs the application secret key (server circuit) or the \
                 session secret key (client circuit)",
            )),
        }
    }

    /// The circuit that was inferred.
    pub fn circuit(&self) -> Circuit {
        if self.is_client_circuit() {
            Circuit::Client
        } else {
            Circuit::Server
        }
    }
}

impl UserSession for ClientSession {}
impl UserSession for ServerSession {}
impl ApplicationOnlySession for ApplicationSession {}

#[cfg(test)]
mod tests {
    use super::*;

    // Shorthands: the tests spell credentials as strings, in the constructors' order;
    // `""` stands for an absent key in `token`.
    fn client(key: &str, token: &str, ssk: &str) -> ClientSession {
        ClientSession::new(
            1,
            ApplicationKey::new(key),
            AccessToken::new(token),
            SessionSecretKey::new(ssk),
        )
    }

    fn server(key: &str, secret: &str, token: &str) -> ServerSession {
        ServerSession::new(
            1,
            ApplicationKey::new(key),
            ApplicationSecretKey::new(secret),
            AccessToken::new(token),
        )
    }

    fn application(key: &str, secret: &str) -> ApplicationSession {
        ApplicationSession::new(
            1,
            ApplicationKey::new(key),
            ApplicationSecretKey::new(secret),
        )
    }

    fn token(key: &str, secret: &str, token: &str, ssk: &str) -> Result<TokenSession> {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        TokenSession::new(
            1,
            ApplicationKey::new(key),
            AccessToken::new(token),
            some(secret).map(ApplicationSecretKey::new),
            some(ssk).map(SessionSecretKey::new),
        )
    }

    fn signed(session: &impl Session, params: Params) -> Params {
        let mut params = params;
        session.authorize("events.get", &mut params).unwrap();
        params
    }

    // Vectors from aiookru's documentation and the platform's signature examples.
    const KEY: &str = "ABCDEFGHIGKLMNOPK";
    const TOKEN: &str = "-s-84W-s3egarWUsbkq-IWTucuedzTKT8VUXIA.s4Xx8IW7";

    #[test]
    fn client_circuit_vector() {
        let session = client(KEY, TOKEN, "ae5362b5b588cc7294c2414d71b74d5d");
        let params = signed(&session, Params::new());
        assert_eq!(params.get("sig"), Some("03a41413523ea8092507949d6e711963"));
        assert_eq!(params.get("access_token"), Some(TOKEN));
    }

    #[test]
    fn server_circuit_vectors() {
        assert_eq!(
            md5_hex(&[TOKEN.as_bytes(), b"ABC123DEF456GHI789JKL123"]),
            "b1a2b89707a94624c43afae67d59274c"
        );
        let session = server(KEY, "ABC123DEF456GHI789JKL123", TOKEN);
        let params = signed(&session, Params::new());
        assert_eq!(params.get("sig"), Some("232c8eb921951c4dba9b72606f9ddb4c"));
    }

    #[test]
    fn token_session_infers_the_circuit() {
        let server = token(KEY, "ABC123DEF456GHI789JKL123", TOKEN, "ssk").unwrap();
        assert_eq!(server.circuit(), Circuit::Server);
        let client = token(KEY, "", TOKEN, "ae5362b5b588cc7294c2414d71b74d5d").unwrap();
        assert_eq!(client.circuit(), Circuit::Client);
        assert_eq!(
            signed(&client, Params::new()).get("sig"),
            Some("03a41413523ea8092507949d6e711963")
        );
        assert!(token(KEY, "", TOKEN, "").is_err());
        assert!(token(KEY, "secret", "", "ssk").is_err());
    }

    #[test]
    fn zero_and_empty_values_are_signed() {
        // Unlike the Python libraries, 0 and "" are sent and signed: the md5 input is
        // `application_key=APPKEYcount=0fid=5format=jsonmethod=friends.getx=ssk`.
        let session = client("APPKEY", "tok", "ssk");
        let mut params = Params::new().with("count", 0).with("fid", 5).with("x", "");
        session.authorize("friends.get", &mut params).unwrap();
        let expected =
            md5_hex(&[b"application_key=APPKEYcount=0fid=5format=jsonmethod=friends.getx=ssk"]);
        assert_eq!(params.get("sig"), Some(expected.as_str()));
    }

    #[test]
    fn documented_vector_with_one_parameter() {
        // md5("application_key=APPKEYfid=5format=jsonmethod=friends.getssk")
        let session = client("APPKEY", "tok", "ssk");
        let mut params = Params::new().with("fid", 5);
        session.authorize("friends.get", &mut params).unwrap();
        assert_eq!(params.get("sig"), Some("fb04b034238dcb77b64dad27dc0bca66"));
    }

    #[test]
    fn case_and_utf8_vector() {
        let session = client("APPKEY", "tok", "ssk");
        let mut params = Params::new()
            .with("uids", ["a", "b"])
            .with("ru", "Привет")
            .with("Z", "z");
        session.authorize("a.b", &mut params).unwrap();
        assert_eq!(params.get("sig"), Some("79eaafe093061229f2c41e6cb3c7e154"));
    }

    #[test]
    fn application_session_signs_with_the_application_secret() {
        let session = application("APPKEY", "appsecret");
        let mut params = Params::new();
        session
            .authorize("notifications.sendSimple", &mut params)
            .unwrap();
        let expected = md5_hex(&[
            b"application_key=APPKEYformat=jsonmethod=notifications.sendSimpleappsecret",
        ]);
        assert_eq!(params.get("sig"), Some(expected.as_str()));
        assert!(!params.contains("access_token"));
    }

    #[test]
    fn reserved_and_missing_values_are_configuration_errors() {
        let session = client("APPKEY", "tok", "ssk");
        let mut params = Params::new().with("sig", "x");
        assert!(session.authorize("a.b", &mut params).is_err());
        let empty = client("APPKEY", "tok", "");
        assert!(empty.authorize("a.b", &mut Params::new()).is_err());
        let server = server("APPKEY", "", "tok");
        assert!(server.authorize("a.b", &mut Params::new()).is_err());
    }

    #[test]
    fn debug_hides_secrets() {
        let debug = format!(
            "{:?} {:?} {:?} {:?}",
            client("APPKEY", "tok-123", "ssk-456"),
            server("APPKEY", "app-secret-789", "tok-123"),
            application("APPKEY", "app-secret-789"),
            token("APPKEY", "app-secret-789", "tok-123", "ssk-456").unwrap(),
        );
        for secret in ["tok-123", "ssk-456", "app-secret-789"] {
            assert!(!debug.contains(secret), "{secret} leaked in {debug}");
        }
    }
}
