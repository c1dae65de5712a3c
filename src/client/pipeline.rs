//! The one path every call takes, in the order of the data flow:
//!
//! ```text
//! layers (outermost first: renew-on-expiry)
//!   -> attempt: session.authorize (sign) -> transport -> envelope (dialect) -> typed decode
//! ```
//!
//! Each layer is a module of [`super::layers`] that wraps the attempt it is given; layers
//! see the platform's error after the envelope is read, because OK reports errors with
//! HTTP 200 and a layer deciding on the status alone would miss them.

use serde::de::DeserializeOwned;

use super::{Api, layers};
use crate::error::{Error, Result};
use crate::http::{Dialect, decode};
use crate::session::Session;
use crate::wire::params::Params;

/// Runs `method` with `params` through every layer.
pub(super) async fn run<P: Dialect, S: Session<Platform = P>, T: DeserializeOwned>(
    api: &Api<P, S>,
    method: &str,
    params: Params,
) -> Result<T> {
    layers::renew::call(api, params, |params| attempt(api, method, params))
        .await
        .map_err(|e| e.with_method(method))
}

/// The result of one attempt; a failure comes with the signed parameters, so that a layer
/// can tell which token failed.
pub(super) type Attempt<T> = std::result::Result<T, (Error, Params)>;

/// One signed request, its answer read in the platform's dialect and decoded.
async fn attempt<P: Dialect, S: Session<Platform = P>, T: DeserializeOwned>(
    api: &Api<P, S>,
    method: &str,
    mut params: Params,
) -> Attempt<T> {
    let inner = &*api.inner;
    if let Err(e) = inner.session.authorize(method, &mut params) {
        return Err((e, params));
    }
    let result = match inner.transport.send(&inner.endpoint, method, &params).await {
        Ok(response) => decode::<P, T>(response, inner.pass_error),
        Err(e) => Err(e),
    };
    result.map_err(|e| {
        // A server or proxy may echo the request URL into its answer: the error must not
        // show the session's secrets that were signed into the call (the access token on
        // OK, the session key on mail.ru and OK's `auth.login` sessions, the signature).
        const SIGNED_SECRETS: [&str; 3] = ["access_token", "session_key", "sig"];
        let secrets: Vec<&str> = SIGNED_SECRETS
            .iter()
            .filter_map(|name| params.get(name))
            .collect();
        (e.scrub(&secrets), params)
    })
}
