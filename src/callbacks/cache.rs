//! The bounded cache of answers by transaction id that makes a handler call the user's
//! closure once per transaction (see the module docs of [`crate::callbacks`]).

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::OnceCell;

use super::CallbackResponse;

/// How many transaction ids a handler remembers by default. An OK answer is about 150 bytes,
/// so a full cache holds a few megabytes at most, and ten thousand ids outlast the
/// platforms' retry windows (seconds) at any plausible payment rate.
pub const DEFAULT_CACHE_CAPACITY: usize = 10_000;

/// What the closure's answer means for a repeat.
pub(crate) enum Outcome {
    /// Final: a repeat gets the same answer.
    Final(CallbackResponse),
    /// "Try again later": a repeat runs the closure again.
    Retry(CallbackResponse),
}

/// Answers by transaction id, oldest forgotten first.
#[derive(Debug)]
pub(crate) struct AnswerCache {
    capacity: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// One cell per id; a cell stays empty while the first delivery is being processed, and
    /// every concurrent delivery of the same id waits on it.
    cells: HashMap<String, Arc<OnceCell<CallbackResponse>>>,
    /// Ids in the order they were first seen, for eviction.
    order: VecDeque<String>,
}

impl AnswerCache {
    pub(crate) fn new(capacity: usize) -> Self {
        AnswerCache {
            capacity,
            state: Mutex::default(),
        }
    }

    /// How many ids are remembered (answered or in progress).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.lock().cells.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Nothing panics while the lock is held, but a poisoned map is still consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The cell of `key`, created (and the oldest id forgotten) if needed.
    fn cell(&self, key: &str) -> Arc<OnceCell<CallbackResponse>> {
        let mut state = self.lock();
        if let Some(cell) = state.cells.get(key) {
            return Arc::clone(cell);
        }
        while state.order.len() >= self.capacity {
            match state.order.pop_front() {
                Some(oldest) => {
                    state.cells.remove(&oldest);
                }
                None => break,
            }
        }
        let cell = Arc::new(OnceCell::new());
        state.cells.insert(key.to_owned(), Arc::clone(&cell));
        state.order.push_back(key.to_owned());
        cell
    }

    /// The answer for `key`: the cached one, or `compute`'s, which is cached when final.
    ///
    /// While one caller computes, the others with the same key wait; if the computation is
    /// not final (or its future is dropped, say because the platform hung up), the next
    /// waiter computes in turn.
    pub(crate) async fn answer<F, Fut>(&self, key: &str, compute: F) -> CallbackResponse
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Outcome>,
    {
        if self.capacity == 0 {
            return match compute().await {
                Outcome::Final(answer) | Outcome::Retry(answer) => answer,
            };
        }
        let cell = self.cell(key);
        let result = cell
            .get_or_try_init(|| async {
                match compute().await {
                    Outcome::Final(answer) => Ok(answer),
                    Outcome::Retry(answer) => Err(answer),
                }
            })
            .await;
        match result {
            Ok(answer) => answer.clone(),
            Err(answer) => answer,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    fn response(body: &str) -> CallbackResponse {
        CallbackResponse::new("text/plain", body.to_owned())
    }

    #[tokio::test]
    async fn a_final_answer_is_computed_once_and_repeated() {
        let cache = AnswerCache::new(10);
        let calls = AtomicUsize::new(0);
        for _ in 0..3 {
            let answer = cache
                .answer("t1", || async {
                    let n = calls.fetch_add(1, Ordering::SeqCst);
                    Outcome::Final(response(&format!("first {n}")))
                })
                .await;
            assert_eq!(answer.body(), "first 0");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_retry_answer_is_not_kept() {
        let cache = AnswerCache::new(10);
        let calls = AtomicUsize::new(0);
        for expected in ["0", "1"] {
            let answer = cache
                .answer("t1", || async {
                    let n = calls.fetch_add(1, Ordering::SeqCst);
                    Outcome::Retry(response(&n.to_string()))
                })
                .await;
            assert_eq!(answer.body(), expected);
        }
    }

    #[tokio::test]
    async fn concurrent_deliveries_wait_for_the_first() {
        let cache = Arc::new(AnswerCache::new(10));
        let calls = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..5 {
            let cache = Arc::clone(&cache);
            let calls = Arc::clone(&calls);
            tasks.push(tokio::spawn(async move {
                cache
                    .answer("t1", || async {
                        calls.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(30)).await;
                        Outcome::Final(response("done"))
                    })
                    .await
            }));
        }
        for task in tasks {
            assert_eq!(task.await.unwrap().body(), "done");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn the_oldest_id_is_forgotten_first() {
        let cache = AnswerCache::new(2);
        let calls = AtomicUsize::new(0);
        let run = |key: &'static str| {
            let calls = &calls;
            let cache = &cache;
            async move {
                cache
                    .answer(key, || async {
                        calls.fetch_add(1, Ordering::SeqCst);
                        Outcome::Final(response(key))
                    })
                    .await
            }
        };
        run("a").await;
        run("b").await;
        run("c").await; // forgets "a"
        assert_eq!(cache.len(), 2);
        run("b").await; // still cached
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        run("a").await; // computed again
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        assert_eq!(cache.len(), 2);
    }

    #[tokio::test]
    async fn capacity_zero_keeps_nothing() {
        let cache = AnswerCache::new(0);
        let calls = AtomicUsize::new(0);
        for _ in 0..2 {
            cache
                .answer("t1", || async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    Outcome::Final(response("x"))
                })
                .await;
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        assert_eq!(cache.len(), 0);
    }
}
