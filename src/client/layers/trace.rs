//! One tracing span per call, `okru.call`, with what happened to it. Retries and renewals
//! are events inside it. It never holds a URL, a query, a token or a signature: only the
//! method name, which is public.

use std::time::Instant;

use tracing::Span;
use tracing::field::Empty;

use crate::error::Error;
use crate::platform::Platform;

/// The span of a call to `method` on `platform`.
pub(in crate::client) fn span(platform: Platform, method: &str) -> Span {
    tracing::info_span!(
        target: "okru",
        "okru.call",
        platform = %platform,
        method,
        attempt = Empty,
        renewed = false,
        http.status = Empty,
        api.error_code = Empty,
        elapsed_ms = Empty,
        outcome = Empty,
    )
}

/// Records the outcome of a finished call on its span.
pub(in crate::client) fn finish<T>(span: &Span, result: &Result<T, Error>, started: Instant) {
    span.record("elapsed_ms", started.elapsed().as_secs_f64() * 1e3);
    match result {
        Ok(_) => {
            span.record("outcome", "ok");
        }
        Err(error) => {
            span.record("outcome", "error");
            if let Some(code) = error.code() {
                span.record("api.error_code", code);
            }
        }
    }
}

/// Records the attempt number on the current call's span.
pub(in crate::client) fn attempt(number: u32) {
    Span::current().record("attempt", number);
}

/// Records the HTTP status of the answer on the current call's span.
pub(in crate::client) fn status(status: u16) {
    Span::current().record("http.status", status);
}

/// Records that the call renewed the session's tokens.
pub(in crate::client) fn renewed() {
    Span::current().record("renewed", true);
    tracing::info!(target: "okru", "the session's tokens were renewed");
}
