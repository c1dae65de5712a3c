//! Settings of an [`Api`] before it is built.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use super::layers::throttle::Throttle;
use super::{Api, Inner, RateLimit, RetryPolicy};
use crate::error::Result;
use crate::http::{Dialect, Transport, TransportConfig, validate_endpoint};
use crate::session::Session;

/// Settings of an [`Api`] before it is built.
#[must_use = "call .build() to get the Api"]
pub struct ApiBuilder<P, S> {
    session: S,
    base_url: Option<String>,
    transport: TransportConfig,
    shared: Option<Transport>,
    pass_error: bool,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    platform: PhantomData<fn() -> P>,
}

impl<P: Dialect, S: Session<Platform = P>> ApiBuilder<P, S> {
    pub(super) fn new(session: S) -> Self {
        ApiBuilder {
            session,
            base_url: None,
            transport: TransportConfig::default(),
            shared: None,
            pass_error: false,
            retry: RetryPolicy::default(),
            rate_limit: None,
            platform: PhantomData,
        }
    }

    /// When and how often a failed call is sent again (default [`RetryPolicy::default`]:
    /// three attempts; [`RetryPolicy::none`] turns retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A client-side rate limit that every request of this `Api` and its clones waits for
    /// (default: none).
    pub fn rate_limit(mut self, rate: RateLimit) -> Self {
        self.rate_limit = Some(rate);
        self
    }

    /// The endpoint to call instead of the real one, for example the sandbox's
    /// `ok_api_url()`. HTTPS is required except for loopback addresses.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Uses your own `reqwest::Client` (proxies, custom TLS roots). The default client
    /// follows no redirects; yours may, so with it every call is sent as a form POST whose
    /// body a redirect cannot replay, and an answer that is a redirect, or that comes from
    /// another address, is refused ([`crate::ErrorKind::Redirect`]): tokens and signatures
    /// never follow a redirect.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.transport.client = Some(client);
        self
    }

    /// Shares the transport (connection pool, timeout, limits) of another `Api`, taken
    /// with [`Api::transport`]: the cheap way to build one `Api` per user in a web
    /// application. The timeout and size settings of this builder are then ignored.
    pub fn transport(mut self, transport: Transport) -> Self {
        self.shared = Some(transport);
        self
    }

    /// Timeout of a whole call, from sending to the last byte of the answer (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.transport.timeout = timeout;
        self
    }

    /// Longest GET URL; a call whose URL would be longer is sent as a form POST
    /// (default [`crate::http::DEFAULT_MAX_GET_URL`]). `0` makes every call a POST.
    pub fn max_get_url_len(mut self, len: usize) -> Self {
        self.transport.max_get_url = len;
        self
    }

    /// Largest accepted response body (default [`crate::http::DEFAULT_MAX_BODY`]).
    pub fn max_body_len(mut self, len: usize) -> Self {
        self.transport.max_body = len;
        self
    }

    /// Most bytes of response bodies that the calls of this `Api` (and of every `Api`
    /// sharing its transport) hold at once, from reading a body until it is decoded
    /// (default [`crate::http::DEFAULT_MAX_TOTAL_BODY`]); calls wait, within their timeout,
    /// for their share. Peak memory per call is a small multiple of its body (see
    /// [`ApiBuilder::max_decode_ratio`]), so this bounds the memory that concurrent calls
    /// take for answers.
    /// Counted in KiB; a body larger than this is refused as too large.
    pub fn max_total_body_bytes(mut self, bytes: usize) -> Self {
        self.transport.max_total_body = bytes;
        self
    }

    /// Most memory a decoded answer may take, as a multiple of its body (default
    /// [`crate::http::DEFAULT_MAX_DECODE_RATIO`]; bodies under
    /// [`crate::http::DECODE_RATIO_FLOOR`] count as that large). The JSON is measured in
    /// one scan before decoding; a denser answer is refused with
    /// [`crate::ErrorKind::DecodeTooLarge`] instead of taking, say, 100 times its size as
    /// a `serde_json::Value`.
    pub fn max_decode_ratio(mut self, ratio: usize) -> Self {
        self.transport.max_decode_ratio = ratio;
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
        let transport = match self.shared {
            Some(transport) => transport,
            None => Transport::new(self.transport)?,
        };
        Ok(Api {
            inner: Arc::new(Inner {
                session: self.session,
                endpoint,
                transport,
                pass_error: self.pass_error,
                retry: self.retry,
                throttle: self.rate_limit.map(Throttle::new),
            }),
            platform: PhantomData,
        })
    }
}
