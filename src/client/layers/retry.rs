//! Retry with exponential backoff: sends a call again when the failure may pass and sending
//! again is safe.
//!
//! Safe means: any method when the connection could not be made (nothing was sent), and
//! methods the catalogue marks idempotent (reads) after a timeout, an HTTP 5xx or 429, or a
//! platform error that passes (OK `SERVICE`, `FLOOD_BLOCKED`, `NETWORK`; mail.ru `Service
//! Unavailable`). A write that timed out may have been done, so it is never sent again.

use std::future::Future;
use std::time::{Duration, Instant};

use crate::error::{Error, ErrorKind, Result};

/// When and how often a failed call is sent again; set with
/// [`ApiBuilder::retry`](crate::ApiBuilder::retry).
///
/// The delay before attempt `n + 1` is a random duration up to
/// `min(max_backoff, initial_backoff × 2ⁿ⁻¹)` ("full jitter", so that many clients that
/// failed together do not come back together), or the server's `Retry-After` when it sent
/// one (capped at `max_backoff`). No attempt starts once the total time `budget` would be
/// exceeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    budget: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, backoff from 200 ms up to 5 s, at most 30 s in all.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            budget: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never send a call again.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// At most `attempts` attempts in all (the first one included; at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first delay and the largest one.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The longest time from the first attempt to the start of the last one.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// Whether a call that failed with `error` may be sent again.
    pub fn is_retryable(&self, error: &Error, idempotent: bool) -> bool {
        if error.is_connect() {
            return true;
        }
        idempotent
            && match error.kind() {
                ErrorKind::Timeout => true,
                _ => error.is_retryable(),
            }
    }

    /// The pause before attempt `attempt + 1` (`attempt` counts from 1).
    fn delay(&self, attempt: u32, error: &Error) -> Duration {
        if let Some(wait) = error.retry_after() {
            return wait.min(self.max_backoff);
        }
        let exponent = attempt.saturating_sub(1).min(20);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_backoff);
        ceiling.mul_f64(random_fraction())
    }
}

/// A random number in `[0, 1)`; `1` when the system has no randomness to give, which only
/// removes the jitter.
fn random_fraction() -> f64 {
    match getrandom::u64() {
        Ok(bits) => (bits >> 11) as f64 / (1u64 << 53) as f64,
        Err(_) => 1.0,
    }
}

/// Runs `attempt` (given the attempt number, from 1) until it succeeds, fails in a way that
/// is not retryable, or the policy's attempts or budget run out.
pub(in crate::client) async fn call<T, F, Fut>(
    policy: &RetryPolicy,
    idempotent: bool,
    mut attempt: F,
) -> Result<T>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let started = Instant::now();
    let mut number = 1;
    loop {
        let error = match attempt(number).await {
            Ok(answer) => return Ok(answer),
            Err(error) => error,
        };
        if number >= policy.max_attempts || !policy.is_retryable(&error, idempotent) {
            return Err(error);
        }
        let delay = policy.delay(number, &error);
        if started.elapsed() + delay > policy.budget {
            return Err(error);
        }
        tracing::debug!(
            target: "okru::retry",
            attempt = number,
            delay_ms = delay.as_millis() as u64,
            error = %error,
            "sending the call again"
        );
        tokio::time::sleep(delay).await;
        number += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeout() -> Error {
        Error::new(ErrorKind::Timeout)
    }

    #[test]
    fn writes_are_retried_only_when_nothing_was_sent() {
        let policy = RetryPolicy::default();
        assert!(!policy.is_retryable(&timeout(), false));
        assert!(policy.is_retryable(&timeout(), true));
        let refused = Error::new(ErrorKind::Connection).not_sent();
        assert!(policy.is_retryable(&refused, false));
        let reset = Error::new(ErrorKind::Connection);
        assert!(!policy.is_retryable(&reset, false));
        assert!(!policy.is_retryable(&Error::config("x"), true));
    }

    #[test]
    fn delays_grow_and_stay_under_the_cap() {
        let policy =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_secs(1));
        for attempt in 1..30 {
            let delay = policy.delay(attempt, &timeout());
            let ceiling = Duration::from_millis(100 * (1u64 << (attempt - 1).min(20)));
            assert!(
                delay <= ceiling.min(Duration::from_secs(1)),
                "{attempt}: {delay:?}"
            );
        }
    }

    #[tokio::test]
    async fn the_loop_stops_at_the_attempt_limit() {
        let policy = RetryPolicy::default()
            .max_attempts(4)
            .backoff(Duration::ZERO, Duration::ZERO);
        let mut seen = 0;
        let result: Result<()> = call(&policy, true, |n| {
            seen = n;
            async { Err(timeout()) }
        })
        .await;
        assert!(result.is_err());
        assert_eq!(seen, 4);
        let mut seen = 0;
        let _ = call(&RetryPolicy::none(), true, |n| {
            seen = n;
            async { Err::<(), _>(timeout()) }
        })
        .await;
        assert_eq!(seen, 1);
    }
}
