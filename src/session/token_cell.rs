//! The tokens of a session that can renew itself, and the single flight of the renewal.
//!
//! Many calls can meet one expired token at once. They must make one renewal request, and
//! they must share its outcome: when the token endpoint fails or hangs, the callers queued
//! behind the renewal get its failure at once instead of each trying again (which made
//! caller k wait k timeouts). A permanent refusal (`invalid_grant`: revoked or expired
//! refresh token) is remembered, and later calls fail at once until new tokens are set. A
//! passing failure may be retried, by the next call that arrives after it, not by every
//! waiter.

use std::future::Future;
use std::sync::{Mutex, PoisonError, RwLock, RwLockReadGuard};
use std::time::{Duration, Instant};

use super::{RENEW_BEFORE_EXPIRY, RenewFuture, Tokens};
use crate::error::{Error, ErrorKind, OAuthReason, Result};

/// After a renewal ahead of expiry failed, how long calls go on with the still valid token
/// before one of them tries again.
pub const EARLY_RENEWAL_RETRY: Duration = Duration::from_secs(10);

/// What is told of each renewal: the new tokens.
pub(crate) type RenewalHook = Box<dyn Fn(&Tokens) + Send + Sync>;

/// Current tokens, replaced by a renewal; readers never wait for a renewal in progress.
pub(crate) struct TokenCell {
    tokens: RwLock<Tokens>,
    /// Held while a renewal runs, so that concurrent callers wait for it (in arrival order)
    /// instead of starting their own.
    renewing: tokio::sync::Mutex<()>,
    /// The last failed renewal, shared with the callers that waited for it.
    failure: Mutex<Option<Failure>>,
    /// No renewal ahead of expiry before this instant (set after one failed).
    early_renewal_paused_until: Mutex<Option<Instant>>,
    /// Called after every successful renewal, to persist the new tokens.
    on_renewal: Option<RenewalHook>,
}

impl std::fmt::Debug for TokenCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCell")
            .field("tokens", &*self.read())
            .field("on_renewal", &self.on_renewal.is_some())
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
struct Failure {
    /// The access token the failed renewal was meant to replace.
    stale: String,
    finished: Instant,
    permanent: bool,
    error: Error,
}

impl TokenCell {
    pub(crate) fn new(tokens: Tokens) -> Self {
        TokenCell {
            tokens: RwLock::new(tokens),
            renewing: tokio::sync::Mutex::new(()),
            failure: Mutex::new(None),
            early_renewal_paused_until: Mutex::new(None),
            on_renewal: None,
        }
    }

    /// Calls `hook` with the new tokens after every successful renewal.
    pub(crate) fn set_renewal_hook(&mut self, hook: RenewalHook) {
        self.on_renewal = Some(hook);
    }

    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Tokens> {
        self.tokens.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces the tokens (for example with ones the user supplied after a permanent
    /// failure), forgetting any remembered failure.
    pub(crate) fn replace(&self, tokens: Tokens) {
        *self.tokens.write().unwrap_or_else(PoisonError::into_inner) = tokens;
        *lock(&self.failure) = None;
    }

    /// Runs `renew` unless the access token is no longer `stale` (another caller renewed it
    /// while this one waited), or a renewal of the same token failed in a way this caller
    /// shares: it waited for that renewal, or the failure is permanent.
    pub(crate) async fn renew_once<F, Fut>(&self, stale: &str, renew: F) -> Result<()>
    where
        F: FnOnce(Tokens) -> Fut,
        Fut: Future<Output = Result<Tokens>>,
    {
        let arrived = Instant::now();
        if let Some(error) = self.shared_failure(stale, arrived) {
            return Err(error);
        }
        let _flight = self.renewing.lock().await;
        let current = self.read().clone();
        if current.access_token() != stale {
            return Ok(());
        }
        if let Some(error) = self.shared_failure(stale, arrived) {
            return Err(error);
        }
        match renew(current).await {
            Ok(renewed) => {
                if let Some(hook) = &self.on_renewal {
                    hook(&renewed);
                }
                self.replace(renewed);
                Ok(())
            }
            Err(error) => {
                *lock(&self.failure) = Some(Failure {
                    stale: stale.to_owned(),
                    finished: Instant::now(),
                    permanent: is_permanent(&error),
                    error: error.duplicate(),
                });
                Err(error)
            }
        }
    }

    /// The remembered failure, when it concerns `stale` and a caller that arrived at
    /// `arrived` shares it.
    fn shared_failure(&self, stale: &str, arrived: Instant) -> Option<Error> {
        let failure = lock(&self.failure);
        let failure = failure.as_ref().filter(|f| f.stale == stale)?;
        (failure.permanent || arrived <= failure.finished).then(|| failure.error.duplicate())
    }

    /// The renewal after a call signed with `stale` failed, as `Session::renew_after_expiry`
    /// returns it.
    pub(crate) fn renewal_after<'a, F, Fut>(&'a self, stale: &'a str, renew: F) -> RenewFuture<'a>
    where
        F: FnOnce(Tokens) -> Fut + Send + 'a,
        Fut: Future<Output = Result<Tokens>> + Send + 'a,
    {
        Box::pin(self.renew_once(stale, renew))
    }

    /// A renewal when the tokens expire within [`RENEW_BEFORE_EXPIRY`], as
    /// `Session::renew_if_due` returns it. While the token is still valid, a failure is
    /// logged and swallowed, and no call tries again for [`EARLY_RENEWAL_RETRY`].
    pub(crate) fn renewal_if_due<'a, F, Fut>(&'a self, renew: F) -> Option<RenewFuture<'a>>
    where
        F: FnOnce(Tokens) -> Fut + Send + 'a,
        Fut: Future<Output = Result<Tokens>> + Send + 'a,
    {
        let (stale, expired) = {
            let tokens = self.read();
            if !tokens.expires_within(RENEW_BEFORE_EXPIRY) {
                return None;
            }
            (tokens.access_token().to_owned(), tokens.is_expired())
        };
        let paused = lock(&self.early_renewal_paused_until).is_some_and(|t| Instant::now() < t);
        if paused && !expired {
            return None;
        }
        Some(Box::pin(async move {
            match self.renew_once(&stale, renew).await {
                Err(error) if !self.read().is_expired() => {
                    *lock(&self.early_renewal_paused_until) =
                        Some(Instant::now() + EARLY_RENEWAL_RETRY);
                    tracing::warn!(
                        target: "okru::session",
                        error = %error,
                        "renewal ahead of expiry failed; going on with the valid token"
                    );
                    Ok(())
                }
                other => other,
            }
        }))
    }
}

/// A refusal that trying again cannot fix: the grant is invalid, the client or the user is
/// refused, or the session cannot renew at all.
fn is_permanent(error: &Error) -> bool {
    match error.kind() {
        ErrorKind::OAuth(e) => matches!(
            e.reason,
            OAuthReason::InvalidGrant
                | OAuthReason::InvalidClient
                | OAuthReason::UnauthorizedClient
                | OAuthReason::InvalidUser
                | OAuthReason::HumanVerification
        ),
        ErrorKind::Config { .. } => true,
        _ => false,
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::error::oauth_error;

    fn spawn_renewals(
        cell: &Arc<TokenCell>,
        runs: &Arc<AtomicUsize>,
        n: usize,
        outcome: fn() -> Result<Tokens>,
    ) -> Vec<tokio::task::JoinHandle<Result<()>>> {
        (0..n)
            .map(|_| {
                let (cell, runs) = (cell.clone(), runs.clone());
                tokio::spawn(async move {
                    cell.renew_once("old", |_| async move {
                        runs.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        outcome()
                    })
                    .await
                })
            })
            .collect()
    }

    #[tokio::test]
    async fn concurrent_renewals_of_one_token_run_once() {
        let cell = Arc::new(TokenCell::new(Tokens::new("old".into())));
        let runs = Arc::new(AtomicUsize::new(0));
        for task in spawn_renewals(&cell, &runs, 50, || Ok(Tokens::new("new".into()))) {
            task.await.unwrap().unwrap();
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(cell.read().access_token(), "new");
    }

    #[tokio::test]
    async fn waiters_share_a_failure_and_a_permanent_one_is_remembered() {
        let cell = Arc::new(TokenCell::new(Tokens::new("old".into())));
        let runs = Arc::new(AtomicUsize::new(0));
        let tasks = spawn_renewals(&cell, &runs, 50, || {
            Err(oauth_error(OAuthReason::InvalidGrant, "revoked"))
        });
        for task in tasks {
            assert!(task.await.unwrap().is_err());
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        // Later callers fail at once, without a request...
        for task in spawn_renewals(&cell, &runs, 5, || Ok(Tokens::new("new".into()))) {
            assert!(task.await.unwrap().is_err());
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        // ...until new tokens are supplied.
        cell.replace(Tokens::new("old".into()));
        for task in spawn_renewals(&cell, &runs, 5, || Ok(Tokens::new("new".into()))) {
            task.await.unwrap().unwrap();
        }
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_passing_failure_is_shared_then_retried_by_a_later_call() {
        let cell = Arc::new(TokenCell::new(Tokens::new("old".into())));
        let runs = Arc::new(AtomicUsize::new(0));
        let tasks = spawn_renewals(&cell, &runs, 20, || {
            Err(Error::new(ErrorKind::Status { status: 500 }))
        });
        for task in tasks {
            assert!(task.await.unwrap().is_err());
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        for task in spawn_renewals(&cell, &runs, 1, || Ok(Tokens::new("new".into()))) {
            task.await.unwrap().unwrap();
        }
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_early_renewal_does_not_fail_a_valid_token() {
        let tokens = Tokens::new("old".into()).expires_in(Some(30));
        let cell = TokenCell::new(tokens);
        let runs = AtomicUsize::new(0);
        let renew = |_| async {
            runs.fetch_add(1, Ordering::SeqCst);
            Err::<Tokens, _>(Error::new(ErrorKind::Timeout))
        };
        cell.renewal_if_due(renew).unwrap().await.unwrap();
        // Paused: the next calls do not try again at once.
        assert!(cell.renewal_if_due(renew).is_none());
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }
}
