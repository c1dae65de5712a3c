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
    let response = match inner.transport.send(&inner.endpoint, method, &params).await {
        Ok(response) => response,
        Err(e) => return Err((e, params)),
    };
    decode::<P, T>(response, inner.pass_error).map_err(|e| (e, params))
}
