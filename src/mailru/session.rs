//! Mail.ru sessions and their signing circuits.
//!
//! Signed: the method's parameters plus `app_id`, `method` and `session_key`. Client
//! circuit: the string starts with the user's `uid` and ends with the application's private
//! key. Server circuit: `secure=1` is added and signed, no prefix, and the string ends with
//! the secret key. `uid` itself is never sent by the session.

use super::MailRu;
use crate::error::{Error, Result};
use crate::session::{
    ApplicationOnlySession, PrivateKey, SecretKey, Session, SessionKey, UserSession,
    check_reserved, require,
};
use crate::signing::sign_params;
use crate::wire::ids::UserId;
use crate::wire::params::Params;

/// Parameters a caller may not pass: the session sets them.
const RESERVED: &[&str] = &["app_id", "method", "session_key", "secure", "sig"];

/// Which signing circuit a session uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Circuit {
    /// uid prefix and the private key (client-side code).
    Client,
    /// `secure=1` and the secret key (your servers).
    Server,
}

/// A user session signed in the client circuit.
#[derive(Debug)]
pub struct ClientSession {
    app_id: u64,
    private_key: PrivateKey,
    session_key: SessionKey,
    uid: UserId,
}

impl ClientSession {
    /// A session from a session key (OAuth access token) and the user's uid.
    pub fn new(app_id: u64, private_key: PrivateKey, session_key: SessionKey, uid: UserId) -> Self {
        ClientSession {
            app_id,
            private_key,
            session_key,
            uid,
        }
    }

    /// The application id.
    pub fn app_id(&self) -> u64 {
        self.app_id
    }

    /// The user the session belongs to.
    pub fn uid(&self) -> UserId {
        self.uid
    }
}

impl Session for ClientSession {
    type Platform = MailRu;

    fn authorize(&self, method: &str, params: &mut Params) -> Result<()> {
        sign_client(
            params,
            method,
            self.app_id,
            self.session_key.expose_secret(),
            self.uid,
            self.private_key.expose_secret(),
        )
    }
}

fn push_common(params: &mut Params, app_id: u64, method: &str, session_key: Option<&str>) {
    params.push("app_id", app_id);
    params.push_raw("method", method.to_owned());
    if let Some(session_key) = session_key {
        params.push_raw("session_key", session_key.to_owned());
    }
}

/// The client circuit: the uid prefix and the private key.
pub(super) fn sign_client(
    params: &mut Params,
    method: &str,
    app_id: u64,
    session_key: &str,
    uid: UserId,
    private_key: &str,
) -> Result<()> {
    require(private_key, "the private key")?;
    require(session_key, "the session key")?;
    check_reserved(params, RESERVED)?;
    push_common(params, app_id, method, Some(session_key));
    let sig = sign_params(&uid.to_string(), params, private_key);
    params.push_raw("sig", sig.as_str().to_owned());
    Ok(())
}

/// The server circuit: `secure=1` and the secret key.
pub(super) fn sign_server(
    params: &mut Params,
    method: &str,
    app_id: u64,
    session_key: &str,
    secret_key: &str,
) -> Result<()> {
    require(session_key, "the session key")?;
    sign_secure(params, method, app_id, Some(session_key), secret_key)
}

/// `secure=1` and the secret key, with or without a user's session key.
fn sign_secure(
    params: &mut Params,
    method: &str,
    app_id: u64,
    session_key: Option<&str>,
    secret_key: &str,
) -> Result<()> {
    require(secret_key, "the secret key")?;
    check_reserved(params, RESERVED)?;
    push_common(params, app_id, method, session_key);
    params.push_raw("secure", "1".to_owned());
    let sig = sign_params("", params, secret_key);
    params.push_raw("sig", sig.as_str().to_owned());
    Ok(())
}

/// A user session signed in the server circuit with the application's secret key. Use it on
/// your own servers only.
#[derive(Debug)]
pub struct ServerSession {
    app_id: u64,
    secret_key: SecretKey,
    session_key: SessionKey,
}

impl ServerSession {
    /// A session from a session key (OAuth access token).
    pub fn new(app_id: u64, secret_key: SecretKey, session_key: SessionKey) -> Self {
        ServerSession {
            app_id,
            secret_key,
            session_key,
        }
    }

    /// The application id.
    pub fn app_id(&self) -> u64 {
        self.app_id
    }
}

impl Session for ServerSession {
    type Platform = MailRu;

    fn authorize(&self, method: &str, params: &mut Params) -> Result<()> {
        sign_server(
            params,
            method,
            self.app_id,
            self.session_key.expose_secret(),
            self.secret_key.expose_secret(),
        )
    }
}

/// A user session that picks its circuit like aiomailru's `TokenSession`: the client
/// circuit when the uid and the private key are given, else the server circuit when the
/// secret key is given.
pub type TokenSession = crate::session::TokenSession<ClientSession, ServerSession>;

impl TokenSession {
    /// Infers the circuit; fails when neither circuit can sign.
    pub fn new(
        app_id: u64,
        session_key: SessionKey,
        private_key: Option<PrivateKey>,
        secret_key: Option<SecretKey>,
        uid: Option<UserId>,
    ) -> Result<Self> {
        if session_key.expose_secret().is_empty() {
            return Err(Error::config(
                "TokenSession needs a session key (access token)",
            ));
        }
        match (private_key, uid, secret_key) {
            (Some(private_key), Some(uid), _) => Ok(Self::client(ClientSession::new(
                app_id,
                private_key,
                session_key,
                uid,
            ))),
            (_, _, Some(secret_key)) => Ok(Self::server(ServerSession::new(
                app_id,
                secret_key,
                session_key,
            ))),
            _ => Err(Error::config(
                "TokenSession needs the uid and the private key (client circuit) or the \
                 secret key (server circuit)",
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

/// Calls of the application itself, without a user session: the server circuit with the
/// secret key and no `session_key`. The only way to call the methods that refuse a session
/// (`notifications.send`, ...); methods that name their user with `uid` accept it too.
#[derive(Debug)]
pub struct ApplicationSession {
    app_id: u64,
    secret_key: SecretKey,
}

impl ApplicationSession {
    /// The application's own session.
    pub fn new(app_id: u64, secret_key: SecretKey) -> Self {
        ApplicationSession { app_id, secret_key }
    }

    /// The application id.
    pub fn app_id(&self) -> u64 {
        self.app_id
    }
}

impl Session for ApplicationSession {
    type Platform = MailRu;

    fn authorize(&self, method: &str, params: &mut Params) -> Result<()> {
        sign_secure(
            params,
            method,
            self.app_id,
            None,
            self.secret_key.expose_secret(),
        )
    }
}

impl ApplicationOnlySession for ApplicationSession {}
impl UserSession for ClientSession {}
impl UserSession for ServerSession {}

#[cfg(test)]
mod tests {
    use super::*;

    const SESSION_KEY: &str = "be6ef89965d58e56dec21acb9b62bdaa";

    // Shorthands with string credentials, in the constructors' order; `""` is absent.
    fn client(private_key: &str, session_key: &str, uid: UserId) -> ClientSession {
        ClientSession::new(
            423004,
            PrivateKey::new(private_key),
            SessionKey::new(session_key),
            uid,
        )
    }

    fn server(secret_key: &str, session_key: &str) -> ServerSession {
        ServerSession::new(
            423004,
            SecretKey::new(secret_key),
            SessionKey::new(session_key),
        )
    }

    fn token(
        private: &str,
        secret: &str,
        session_key: &str,
        uid: Option<UserId>,
    ) -> Result<TokenSession> {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        TokenSession::new(
            1,
            SessionKey::new(session_key),
            some(private).map(PrivateKey::new),
            some(secret).map(SecretKey::new),
            uid,
        )
    }

    fn sig_of(session: &impl Session, method: &str) -> Params {
        let mut params = Params::new();
        session.authorize(method, &mut params).unwrap();
        params
    }

    #[test]
    fn client_circuit_vector() {
        let session = client(
            "7815696ecbf1c96e6894b779456d330e",
            SESSION_KEY,
            UserId::new(1324730981306483817),
        );
        let params = sig_of(&session, "friends.get");
        assert_eq!(params.get("sig"), Some("5073f15c6d5b6ab2fde23ac43332b002"));
        assert!(!params.contains("uid") && !params.contains("secure"));
    }

    #[test]
    fn server_circuit_vectors() {
        let session = server("3dad9cbf9baaa0360c0f2ba372d25716", SESSION_KEY);
        let params = sig_of(&session, "friends.get");
        assert_eq!(params.get("sig"), Some("4a05af66f80da18b308fa7e536912bae"));
        assert_eq!(params.get("secure"), Some("1"));
        let short = server("SECRET", "SK");
        assert_eq!(
            sig_of(&short, "friends.get").get("sig"),
            Some("e59a0ab032b652f38de758fe9867b5d7")
        );
    }

    #[test]
    fn client_circuit_with_a_short_uid() {
        let session = client("PRIV", "SK", UserId::new(1234));
        assert_eq!(
            sig_of(&session, "friends.get").get("sig"),
            Some("dc62b5bbad3eb897e61f997e793ace60")
        );
    }

    #[test]
    fn token_session_infers_the_circuit() {
        let uid = Some(UserId::new(1));
        assert_eq!(
            token("priv", "sec", "sk", uid).unwrap().circuit(),
            Circuit::Client
        );
        assert_eq!(
            token("", "sec", "sk", uid).unwrap().circuit(),
            Circuit::Server
        );
        assert_eq!(
            token("priv", "sec", "sk", None).unwrap().circuit(),
            Circuit::Server
        );
        assert!(token("priv", "", "sk", None).is_err());
        assert!(token("priv", "sec", "", uid).is_err());
    }

    #[test]
    fn debug_hides_secrets() {
        let debug = format!(
            "{:?} {:?} {:?}",
            client("priv-123", "sk-456", UserId::new(7)),
            server("sec-789", "sk-456"),
            token("priv-123", "sec-789", "sk-456", None).unwrap(),
        );
        for secret in ["priv-123", "sk-456", "sec-789"] {
            assert!(!debug.contains(secret), "{secret} leaked in {debug}");
        }
    }
}
