//! The `Api` handle shared by both platforms: a session plus the transport, cheap to clone.
//!
//! `okru::ok::Api<S>` and `okru::mailru::Api<S>` are this type for each platform; the
//! generated method groups are implemented on those.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::decode::decode;
use crate::error::Result;
use crate::params::Params;
use crate::platform::PlatformKind;
use crate::session::Session;
use crate::transport::{Transport, TransportConfig, validate_endpoint};

/// The future of a typed call.
pub type ResponseFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// A client of one platform with one session. Clone it freely: clones share the connection
/// pool and the session.
pub struct Api<P, S> {
    inner: Arc<Inner<S>>,
    platform: PhantomData<fn() -> P>,
}

struct Inner<S> {
    session: S,
    endpoint: url::Url,
    transport: Transport,
    pass_error: bool,
}

impl<P, S> Clone for Api<P, S> {
    fn clone(&self) -> Self {
        Api {
            inner: Arc::clone(&self.inner),
            platform: PhantomData,
        }
    }
}

impl<P: PlatformKind, S: std::fmt::Debug> std::fmt::Debug for Api<P, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The endpoint is a base URL without a query, so it carries no token.
        f.debug_struct("Api")
            .field("platform", &P::PLATFORM)
            .field("endpoint", &self.inner.endpoint)
            .field("session", &self.inner.session)
            .field("pass_error", &self.inner.pass_error)
            .finish()
    }
}

impl<P: PlatformKind, S: Session<Platform = P>> Api<P, S> {
    /// A client with the default settings: the platform's real endpoint, a 30 s timeout.
    pub fn new(session: S) -> Result<Self> {
        Self::builder(session).build()
    }

    /// A builder to change the endpoint, the HTTP client, timeouts or `pass_error`.
    pub fn builder(session: S) -> ApiBuilder<P, S> {
        ApiBuilder {
            session,
            base_url: None,
            transport: TransportConfig::default(),
            pass_error: false,
            platform: PhantomData,
        }
    }

    /// The session the client signs with.
    pub fn session(&self) -> &S {
        &self.inner.session
    }

    /// The endpoint calls are sent to.
    pub fn endpoint(&self) -> &str {
        self.inner.endpoint.as_str()
    }

    /// Calls any method by name, for methods the catalogue does not have yet.
    ///
    /// The call is signed and decoded exactly like a generated one; `T` is any
    /// `Deserialize` type, `serde_json::Value` to take the answer as it comes.
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
        self.send(method, params.into()).await
    }

    /// Signs and sends `params` to `method`; the generated builders call this.
    // Written without `async fn` so that the signature promises `Send`, which boxing the
    // future as a `ResponseFuture` needs.
    #[allow(clippy::manual_async_fn)]
    pub(crate) fn send<'a, T: DeserializeOwned + 'a>(
        &'a self,
        method: &'a str,
        params: Params,
    ) -> impl Future<Output = Result<T>> + Send + 'a {
        async move {
            if let Some(renewal) = self.inner.session.renew_if_due() {
                renewal.await.map_err(|e| e.with_method(method))?;
            }
            let retry = self.inner.session.can_refresh().then(|| params.clone());
            let signed = match self.send_once(method, params).await {
                Err((error, signed)) if error.is_session_expired() => match retry {
                    Some(params) => (params, signed, error),
                    None => return Err(error),
                },
                other => return other.map_err(|(error, _)| error),
            };
            let (params, signed, error) = signed;
            match self.inner.session.refresh(&signed) {
                Some(renewal) => renewal.await.map_err(|e| e.with_method(method))?,
                None => return Err(error),
            }
            self.send_once(method, params)
                .await
                .map_err(|(error, _)| error)
        }
    }

    /// One signed request; an error comes with the signed parameters, so that the session
    /// can tell which token failed.
    async fn send_once<T: DeserializeOwned>(
        &self,
        method: &str,
        mut params: Params,
    ) -> std::result::Result<T, (crate::Error, Params)> {
        let inner = &*self.inner;
        if let Err(e) = inner.session.authorize(method, &mut params) {
            return Err((e.with_method(method), params));
        }
        let response = match inner.transport.send(&inner.endpoint, method, &params).await {
            Ok(response) => response,
            Err(e) => return Err((e.with_method(method), params)),
        };
        decode(P::PLATFORM, response, inner.pass_error).map_err(|e| (e.with_method(method), params))
    }
}

/// Settings of an [`Api`] before it is built.
#[must_use = "call .build() to get the Api"]
pub struct ApiBuilder<P, S> {
    session: S,
    base_url: Option<String>,
    transport: TransportConfig,
    pass_error: bool,
    platform: PhantomData<fn() -> P>,
}

impl<P: PlatformKind, S: Session<Platform = P>> ApiBuilder<P, S> {
    /// The endpoint to call instead of the real one, for example the sandbox's
    /// `ok_api_url()`. HTTPS is required except for loopback addresses.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Uses your own `reqwest::Client` (proxies, custom TLS roots, shared pools). Note that
    /// the default client follows no redirects, so that tokens never follow one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.transport.client = Some(client);
        self
    }

    /// Timeout of a whole call, from sending to the last byte of the answer (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.transport.timeout = timeout;
        self
    }

    /// Longest GET URL; a call whose URL would be longer is sent as a form POST
    /// (default [`crate::transport::DEFAULT_MAX_GET_URL`]). `0` makes every call a POST.
    pub fn max_get_url_len(mut self, len: usize) -> Self {
        self.transport.max_get_url = len;
        self
    }

    /// Largest accepted response body (default 32 MiB).
    pub fn max_body_len(mut self, len: usize) -> Self {
        self.transport.max_body = len;
        self
    }

    /// When on, an API error body is decoded into the caller's type instead of becoming
    /// [`crate::ErrorKind::Api`] (as the Python libraries' `pass_error`). Use it with
    /// `serde_json::Value` or a type that models the error; when the body does not fit the
    /// type, the API error is still returned as an error, so nothing is lost.
    pub fn pass_error(mut self, on: bool) -> Self {
        self.pass_error = on;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Api<P, S>> {
        let endpoint = validate_endpoint(self.base_url.as_deref().unwrap_or(P::DEFAULT_URL))?;
        let transport = Transport::new(self.transport)?;
        Ok(Api {
            inner: Arc::new(Inner {
                session: self.session,
                endpoint,
                transport,
                pass_error: self.pass_error,
            }),
            platform: PhantomData,
        })
    }
}
