//! Renew-on-expiry: renews tokens that are about to expire before the call, and after the
//! platform answered "session expired", renews once (shared with every call that failed
//! with the same token) and repeats the call once.

use std::future::Future;

use super::super::Api;
use super::super::pipeline::Attempt;
use crate::error::Result;
use crate::http::Dialect;
use crate::session::Session;
use crate::wire::params::Params;

pub(in crate::client) async fn call<P, S, T, F, Fut>(
    api: &Api<P, S>,
    params: Params,
    attempt: F,
) -> Result<T>
where
    P: Dialect,
    S: Session<Platform = P>,
    F: Fn(Params) -> Fut,
    Fut: Future<Output = Attempt<T>>,
{
    let session = &api.inner.session;
    let transport = &api.inner.transport;
    if let Some(renewal) = session.renew_if_due(transport) {
        renewal.await?;
    }
    // Only a session that can renew needs the parameters again, so only it pays the copy.
    let repeat = session.can_renew().then(|| params.clone());
    let (error, signed) = match attempt(params).await {
        Ok(answer) => return Ok(answer),
        Err(failure) => failure,
    };
    let Some(params) = repeat.filter(|_| error.is_session_expired()) else {
        return Err(error);
    };
    match session.renew_after_expiry(&signed, transport) {
        Some(renewal) => renewal.await?,
        None => return Err(error),
    }
    attempt(params).await.map_err(|(error, _)| error)
}
