//! The optional client-side throttle: a rate every request of an `Api` (and its clones)
//! waits for before it is sent, so that a program stays under the platform's call limits
//! instead of meeting `FLOOD_BLOCKED`.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota};

/// A rate of requests; set with [`ApiBuilder::rate_limit`](crate::ApiBuilder::rate_limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    requests: NonZeroU32,
    per: Duration,
    burst: NonZeroU32,
}

impl RateLimit {
    /// At most `requests` per second, evenly spaced (no burst). `0` counts as 1.
    pub fn per_second(requests: u32) -> Self {
        Self::per(requests, Duration::from_secs(1))
    }

    /// At most `requests` per `period`, evenly spaced (no burst). `0` counts as 1.
    pub fn per(requests: u32, period: Duration) -> Self {
        RateLimit {
            requests: NonZeroU32::new(requests).unwrap_or(NonZeroU32::MIN),
            per: period,
            burst: NonZeroU32::MIN,
        }
    }

    /// Lets up to `burst` requests go at once after a quiet time (default 1).
    pub fn burst(mut self, burst: u32) -> Self {
        self.burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        self
    }
}

/// The limiter of one `Api`, shared by its clones.
#[derive(Debug, Clone)]
pub(in crate::client) struct Throttle {
    limiter: Arc<DefaultDirectRateLimiter>,
}

impl Throttle {
    pub(in crate::client) fn new(rate: RateLimit) -> Self {
        let interval = rate.per / rate.requests.get();
        let quota = Quota::with_period(interval.max(Duration::from_nanos(1)))
            .unwrap_or_else(|| Quota::per_second(rate.requests))
            .allow_burst(rate.burst);
        Throttle {
            limiter: Arc::new(governor::RateLimiter::direct(quota)),
        }
    }

    /// Waits until the next request may go.
    pub(in crate::client) async fn ready(&self) {
        self.limiter.until_ready().await;
    }
}
