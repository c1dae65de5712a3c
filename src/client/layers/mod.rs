//! The layers of the call pipeline, one module each, in the order a call meets them:
//! `trace` (one span per call) → `retry` (backoff) → `renew` (renew-on-expiry) →
//! `throttle` (before each request goes out). A layer is a plain async function that takes
//! the attempt below it and decides whether and how to run it; `pipeline.rs` stacks them.

pub(super) mod renew;
pub(super) mod retry;
pub(super) mod throttle;
pub(super) mod trace;
