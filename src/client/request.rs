//! A request as a value: what the generated builders declare, and what every layer of the
//! call pipeline can take without knowing the method.

use std::future::Future;
use std::pin::Pin;

use serde::de::DeserializeOwned;

use crate::error::Result;
use crate::wire::params::Params;

/// One API call, described: the method's name, the type of its answer and its own
/// parameters (before the session adds its authentication parameters and the signature).
///
/// Every generated builder implements it, and is `Clone`, so a request can be kept, sent
/// again or handed to code that works with any request:
///
/// ```no_run
/// # async fn demo(api: okru::ok::Api<okru::ok::ClientSession>) -> Result<(), okru::Error> {
/// use okru::Request;
///
/// let request = api.friends().get();
/// assert_eq!(request.method(), "friends.get");
/// let first = request.clone().await?;       // owned: it holds a clone of the Api
/// let again = tokio::spawn(request.into_future()).await.unwrap()?;
/// # let _ = (first, again); Ok(()) }
/// ```
pub trait Request: Clone + Send + Sync + 'static {
    /// The decoded answer.
    type Output: DeserializeOwned + Send + 'static;

    /// The API name of the method, such as `users.getInfo`.
    fn method(&self) -> &'static str;

    /// The method's own parameters exactly as they will be sent, before the session adds
    /// its authentication parameters and the signature.
    fn params(&self) -> Params;

    /// Whether sending the request twice does no harm (the catalogue marks reads so), which
    /// lets the retry layer send it again after a timeout or a passing server failure.
    fn is_idempotent(&self) -> bool {
        false
    }
}

/// The future of a call: owned, `Send` and `'static`, so it can be spawned.
pub type ResponseFuture<T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'static>>;
