//! The one path every call takes, in the order of the data flow:
//!
//! ```text
//! trace (one span per call) -> retry/backoff -> renew-on-expiry -> throttle
//!   -> attempt: session.authorize (sign) -> transport -> envelope (dialect) -> typed decode
//! ```
//!
//! Each layer is a module of [`super::layers`] that wraps the attempt it is given; layers
//! see the platform's error after the envelope is read, because OK reports errors with
//! HTTP 200 and a layer deciding on the status alone would miss them.

use std::time::Instant;

use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::Api;
use super::layers::{renew, retry, trace};
use crate::error::{Error, Result};
use crate::http::{Dialect, decode};
use crate::session::Session;
use crate::wire::params::Params;

/// What the pipeline needs to know about a call besides its parameters.
#[derive(Debug, Clone, Copy)]
pub(super) struct Call<'a> {
    pub method: &'a str,
    /// Whether sending it twice does no harm (the catalogue's reads), so that a timeout or
    /// a passing server failure may be retried.
    pub idempotent: bool,
}

/// Runs a call through every layer.
pub(super) async fn run<P: Dialect, S: Session<Platform = P>, T: DeserializeOwned>(
    api: &Api<P, S>,
    call: Call<'_>,
    params: &Params,
) -> Result<T> {
    let span = trace::span(P::PLATFORM, call.method);
    let started = Instant::now();
    let result = async {
        retry::call(&api.inner.retry, call.idempotent, |number| {
            trace::attempt(number);
            renew::call(api, || attempt(api, call.method, params))
        })
        .await
    }
    .instrument(span.clone())
    .await
    .map_err(|e| e.with_method(call.method));
    trace::finish(&span, &result, started);
    result
}

/// The result of one attempt; a failure comes with the signed parameters, so that a layer
/// can tell which token failed.
pub(super) type Attempt<T> = std::result::Result<T, (Error, Params)>;

/// One request: waits for the throttle, signs a copy of `params`, sends it, reads the
/// answer in the platform's dialect and decodes it.
async fn attempt<P: Dialect, S: Session<Platform = P>, T: DeserializeOwned>(
    api: &Api<P, S>,
    method: &str,
    params: &Params,
) -> Attempt<T> {
    let inner = &*api.inner;
    if let Some(throttle) = &inner.throttle {
        throttle.ready().await;
    }
    let mut signed = params.clone();
    if let Err(e) = inner.session.authorize(method, &mut signed) {
        return Err((e, signed));
    }
    let result = match inner.transport.send(&inner.endpoint, method, &signed).await {
        Ok(response) => {
            trace::status(response.status);
            decode::<P, T>(response, inner.pass_error)
        }
        Err(e) => Err(e),
    };
    result.map_err(|e| {
        // A server or proxy may echo the request URL into its answer: the error must not
        // show the session's secrets that were signed into the call (the access token on
        // OK, the session key on mail.ru and OK's `auth.login` sessions, the signature).
        const SIGNED_SECRETS: [&str; 3] = ["access_token", "session_key", "sig"];
        let secrets: Vec<&str> = SIGNED_SECRETS
            .iter()
            .filter_map(|name| signed.get(name))
            .collect();
        let scrubbed = e.scrub(&secrets);
        (scrubbed, signed)
    })
}
