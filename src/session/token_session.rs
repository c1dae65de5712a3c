//! The `TokenSession` of both platforms: a session that signs in one of two circuits,
//! chosen once from the credentials it was given, as aiookru's and aiomailru's do.

use super::{Session, UserSession};
use crate::error::Result;
use crate::http::Dialect;
use crate::wire::params::Params;

/// A user session that signs in the client circuit (`C`) or the server circuit (`S`),
/// whichever the given credentials allow: [`crate::ok::TokenSession`] and
/// [`crate::mailru::TokenSession`], whose `new` makes the choice.
#[derive(Debug)]
pub struct TokenSession<C, S> {
    circuit: Chosen<C, S>,
}

#[derive(Debug)]
enum Chosen<C, S> {
    Client(C),
    Server(S),
}

impl<C, S> TokenSession<C, S> {
    pub(crate) fn client(session: C) -> Self {
        TokenSession {
            circuit: Chosen::Client(session),
        }
    }

    pub(crate) fn server(session: S) -> Self {
        TokenSession {
            circuit: Chosen::Server(session),
        }
    }

    /// Whether the client circuit was chosen (else the server circuit).
    pub fn is_client_circuit(&self) -> bool {
        matches!(self.circuit, Chosen::Client(_))
    }
}

impl<P, C, S> Session for TokenSession<C, S>
where
    P: Dialect,
    C: Session<Platform = P>,
    S: Session<Platform = P>,
{
    type Platform = P;

    fn authorize(&self, method: &str, params: &mut Params) -> Result<()> {
        match &self.circuit {
            Chosen::Client(session) => session.authorize(method, params),
            Chosen::Server(session) => session.authorize(method, params),
        }
    }
}

impl<C: UserSession, S: UserSession> UserSession for TokenSession<C, S> where Self: Session {}
