//! Renew-on-expiry: renews tokens that are about to expire before the call, and after the
//! platform answered "session expired", renews once (shared with every call that failed
//! with the same token) and repeats the call once.

use std::future::Future;

use super::super::Api;
use super::super::pipeline::Attempt;
use super::trace;
use crate::error::Result;
use crate::http::Dialect;
use crate::session::Session;

/// Runs `attempt` (the call below this layer; it may run twice) with renewals around it.
pub(in crate::client) async fn call<P, S, T, F, Fut>(api: &Api<P, S>, attempt: F) -> Result<T>
where
    P: Dialect,
    S: Session<Platform = P>,
    F: Fn() -> Fut,
    Fut: Future<Output = Attempt<T>>,
{
    let session = &api.inner.session;
    let transport = &api.inner.transport;
    if let Some(renewal) = session.renew_if_due(transport) {
        renewal.await?;
    }
    let (error, signed) = match attempt().await {
        Ok(answer) => return Ok(answer),
        Err(failure) => failure,
    };
    if !error.is_session_expired() || !session.can_renew() {
        return Err(error);
    }
    match session.renew_after_expiry(&signed, transport) {
        Some(renewal) => renewal.await?,
        None => return Err(error),
    }
    trace::renewed();
    attempt().await.map_err(|(error, _)| error)
}
