//! Access tokens issued by the authorization flows of either platform, which a test can
//! expire all at once to exercise renewals.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::signature::md5_hex;

/// One issued access token.
#[derive(Debug, Clone)]
struct Issued {
    user: &'static str,
    /// OK `auth.login` sessions sign with their own session secret key.
    secret: Option<String>,
    expired: bool,
}

/// What a call's token turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// Valid: the user id, and the session secret key when the token has one.
    Valid(&'static str, Option<String>),
    Expired,
    Unknown,
}

/// Tokens issued since the sandbox started, for one platform.
#[derive(Debug)]
pub(crate) struct Issuer {
    prefix: &'static str,
    issued: Mutex<HashMap<String, Issued>>,
    counter: AtomicU64,
}

impl Issuer {
    pub(crate) fn new(prefix: &'static str) -> Self {
        Issuer {
            prefix,
            issued: Mutex::default(),
            counter: AtomicU64::new(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Issued>> {
        self.issued.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new token for `user`, with a session secret key when `with_secret`.
    pub(crate) fn issue(&self, user: &'static str, with_secret: bool) -> (String, Option<String>) {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let digest = md5_hex(&[self.prefix.as_bytes(), user.as_bytes(), &n.to_le_bytes()]);
        let token = format!("{}-{n}-{}", self.prefix, &digest[..16]);
        let secret = with_secret.then(|| md5_hex(&[token.as_bytes(), b"session secret"]));
        let issued = Issued {
            user,
            secret: secret.clone(),
            expired: false,
        };
        self.lock().insert(token.clone(), issued);
        (token, secret)
    }

    pub(crate) fn lookup(&self, token: &str) -> Lookup {
        match self.lock().get(token) {
            Some(issued) if issued.expired => Lookup::Expired,
            Some(issued) => Lookup::Valid(issued.user, issued.secret.clone()),
            None => Lookup::Unknown,
        }
    }

    /// Marks every issued token expired; returns how many were still valid.
    pub(crate) fn expire_all(&self) -> usize {
        let mut issued = self.lock();
        let valid = issued.values().filter(|i| !i.expired).count();
        issued.values_mut().for_each(|i| i.expired = true);
        valid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_distinct_and_expire() {
        let issuer = Issuer::new("t");
        let (a, secret) = issuer.issue("u1", true);
        let (b, none) = issuer.issue("u2", false);
        assert_ne!(a, b);
        assert!(secret.is_some() && none.is_none());
        assert_eq!(issuer.lookup(&a), Lookup::Valid("u1", secret));
        assert_eq!(issuer.expire_all(), 2);
        assert_eq!(issuer.lookup(&b), Lookup::Expired);
        assert_eq!(issuer.lookup("nope"), Lookup::Unknown);
    }
}
