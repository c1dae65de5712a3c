//! The `Api` handle shared by both platforms: a session plus the transport, cheap to clone,
//! and the call pipeline every request goes through.
//!
//! `okru::ok::Api<S>` and `okru::mailru::Api<S>` are this type for each platform; the
//! generated method groups are implemented on those.

mod builder;
pub mod chunking;
mod layers;
pub mod paging;
mod pipeline;
mod request;

use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::DeserializeOwned;

pub use builder::ApiBuilder;
pub use layers::retry::RetryPolicy;
pub use layers::throttle::RateLimit;
pub use paging::{Items, Pages};
pub use request::{Request, ResponseFuture};

use crate::error::Result;
use crate::http::{Dialect, Transport};
use crate::session::Session;
use crate::wire::params::Params;
use pipeline::Call;

/// A client of one platform with one session. Clone it freely: clones share the connection
/// pool and the session.
///
/// `P` is the platform ([`crate::ok::OkRu`] or [`crate::mailru::MailRu`]); use the aliases
/// [`crate::ok::Api`] and [`crate::mailru::Api`].
pub struct Api<P, S> {
    inner: Arc<Inner<S>>,
    platform: PhantomData<fn() -> P>,
}

struct Inner<S> {
    session: S,
    endpoint: url::Url,
    transport: Transport,
    pass_error: bool,
    retry: RetryPolicy,
    throttle: Option<layers::throttle::Throttle>,
}

impl<P, S> Clone for Api<P, S> {
    fn clone(&self) -> Self {
        Api {
            inner: Arc::clone(&self.inner),
            platform: PhantomData,
        }
    }
}

impl<P: Dialect, S: std::fmt::Debug> std::fmt::Debug for Api<P, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The endpoint is a base URL without a query, so it carries no token.
        f.debug_struct("Api")
            .field("platform", &P::PLATFORM)
            .field("endpoint", &self.inner.endpoint)
            .field("session", &self.inner.session)
            .field("pass_error", &self.inner.pass_error)
            .field("retry", &self.inner.retry)
            .field("throttled", &self.inner.throttle.is_some())
            .finish()
    }
}

impl<P: Dialect, S: Session<Platform = P>> Api<P, S> {
    /// A client with the default settings: the platform's real endpoint, a 30 s timeout and
    /// the HTTP client (connection pool) that every `Api` of the process shares.
    pub fn new(session: S) -> Result<Self> {
        Self::builder(session).build()
    }

    /// A builder to change the endpoint, the HTTP client, timeouts or `pass_error`.
    pub fn builder(session: S) -> ApiBuilder<P, S> {
        ApiBuilder::new(session)
    }

    /// The session the client signs with.
    pub fn session(&self) -> &S {
        &self.inner.session
    }

    /// The endpoint calls are sent to.
    pub fn endpoint(&self) -> &str {
        self.inner.endpoint.as_str()
    }

    /// The HTTP transport (connection pool and limits); give it to
    /// [`ApiBuilder::transport`] to build more clients on the same pool.
    pub fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// Calls any method by name, for methods the catalogue does not have yet.
    ///
    /// The call is signed and decoded exactly like a generated one; `T` is any
    /// `Deserialize` type, `serde_json::Value` to take the answer as it comes. The method is
    /// taken as one that changes something: it is sent again only when nothing was sent.
    ///
    /// ```no_run
    /// # async fn demo(api: okru::ok::Api<okru::ok::ClientSession>) -> Result<(), okru::Error> {
    /// use okru::Params;
    /// let friends: serde_json::Value = api.call("friends.get", Params::new().with("fid", 42)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        params: impl Into<Params>,
    ) -> Result<T> {
        let call = Call {
            method,
            idempotent: false,
        };
        pipeline::run(self, call, &params.into()).await
    }

    /// Sends any [`Request`] (a generated builder, kept or cloned) and decodes its answer.
    pub async fn send<R: Request>(&self, request: &R) -> Result<R::Output> {
        let call = Call {
            method: request.method(),
            idempotent: request.is_idempotent(),
        };
        pipeline::run(self, call, &request.params()).await
    }

    /// The owned future of a generated builder's call; the builders' `IntoFuture` uses it.
    #[doc(hidden)]
    pub fn into_response<T: DeserializeOwned + Send + 'static>(
        self,
        method: &'static str,
        idempotent: bool,
        params: Params,
    ) -> ResponseFuture<T> {
        Box::pin(async move {
            let call = Call { method, idempotent };
            pipeline::run(&self, call, &params).await
        })
    }
}
