//! The tokens of a session that can renew itself, and the single flight of the renewal.

use std::future::Future;
use std::sync::{PoisonError, RwLock, RwLockReadGuard};

use super::{RENEW_BEFORE_EXPIRY, Tokens};
use crate::error::Result;
use crate::session::RefreshFuture;

/// Current tokens, replaced by a refresh; readers never wait for a refresh in progress.
#[derive(Debug)]
pub(crate) struct TokenCell {
    tokens: RwLock<Tokens>,
    /// Held while a refresh runs, so that concurrent callers wait for it instead of starting
    /// their own.
    refreshing: tokio::sync::Mutex<()>,
}

impl TokenCell {
    pub(crate) fn new(tokens: Tokens) -> Self {
        TokenCell {
            tokens: RwLock::new(tokens),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Tokens> {
        self.tokens.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `refresh` unless the access token is no longer `stale` (another caller renewed
    /// it while this one waited): many calls failing with the same expired token make one
    /// refresh request.
    pub(crate) async fn refresh_once<F, Fut>(&self, stale: &str, refresh: F) -> Result<()>
    where
        F: FnOnce(Tokens) -> Fut,
        Fut: Future<Output = Result<Tokens>>,
    {
        let _flight = self.refreshing.lock().await;
        let current = self.read().clone();
        if current.access_token() != stale {
            return Ok(());
        }
        let renewed = refresh(current).await?;
        *self.tokens.write().unwrap_or_else(PoisonError::into_inner) = renewed;
        Ok(())
    }
}

impl TokenCell {
    /// The renewal after a call signed with `stale` failed, as `Session::refresh` returns it.
    pub(crate) fn renewal_after<'a, F, Fut>(&'a self, stale: &'a str, renew: F) -> RefreshFuture<'a>
    where
        F: FnOnce(Tokens) -> Fut + Send + 'a,
        Fut: Future<Output = Result<Tokens>> + Send + 'a,
    {
        Box::pin(self.refresh_once(stale, renew))
    }

    /// A renewal when the tokens can be renewed and expire within [`RENEW_BEFORE_EXPIRY`],
    /// as `Session::renew_if_due` returns it.
    pub(crate) fn renewal_if_due<'a, F, Fut>(&'a self, renew: F) -> Option<RefreshFuture<'a>>
    where
        F: FnOnce(Tokens) -> Fut + Send + 'a,
        Fut: Future<Output = Result<Tokens>> + Send + 'a,
    {
        let stale = {
            let tokens = self.read();
            if !tokens.expires_within(RENEW_BEFORE_EXPIRY) {
                return None;
            }
            tokens.access_token().to_owned()
        };
        Some(Box::pin(
            async move { self.refresh_once(&stale, renew).await },
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test]
    async fn concurrent_refreshes_of_one_token_run_once() {
        let cell = Arc::new(TokenCell::new(Tokens::new("old".into())));
        let runs = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let (cell, runs) = (cell.clone(), runs.clone());
                tokio::spawn(async move {
                    cell.refresh_once("old", |_| async {
                        runs.fetch_add(1, Ordering::SeqCst);
                        tokio::task::yield_now().await;
                        Ok(Tokens::new("new".into()))
                    })
                    .await
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(cell.read().access_token(), "new");
    }
}
