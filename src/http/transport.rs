//! Sending one signed request and reading the whole answer: reqwest on tokio, rustls.
//!
//! The transport knows nothing about methods or platforms: it sends parameters to an
//! endpoint (a GET, or a form POST when the URL would be too long), reads the body within a
//! size limit and classifies transport failures. It never logs or returns a URL, because
//! access tokens and signatures travel in the query string.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use tokio::sync::{Semaphore, SemaphorePermit};

use super::RawResponse;
use crate::error::{Error, ErrorKind, Result};
use crate::params::Params;

/// Default limit on the length of a GET URL; longer requests are sent as a form POST. Both
/// platforms accept either; 2 KiB keeps well inside what proxies accept.
pub const DEFAULT_MAX_GET_URL: usize = 2048;
/// Default limit on the size of a response body.
pub const DEFAULT_MAX_BODY: usize = 32 * 1024 * 1024;
/// Default timeout of a whole call (connecting, sending, reading the body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default cap on the requests of one [`Transport`] in flight at once (sending and reading
/// the answer), and so on its open connections; further calls wait their turn, first come
/// first served. Without a cap, 10,000 concurrent calls open 10,000 connections and run
/// slower, in several times the memory, than the same calls 100 at a time; httpx and aiohttp
/// cap their pools at 100 too.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 100;

/// Transport settings, set through the `Api` builders of each platform.
#[derive(Debug, Clone)]
pub(crate) struct TransportConfig {
    pub client: Option<reqwest::Client>,
    pub timeout: Duration,
    pub max_get_url: usize,
    pub max_body: usize,
    pub max_in_flight: usize,
}

impl Default for TransportConfig {
    fn default() -> Self {
        TransportConfig {
            client: None,
            timeout: DEFAULT_TIMEOUT,
            max_get_url: DEFAULT_MAX_GET_URL,
            max_body: DEFAULT_MAX_BODY,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
        }
    }
}

/// The HTTP side of an `Api`: a `reqwest::Client` (one connection pool) with the call
/// timeout, the size limits and the cap on requests in flight
/// ([`DEFAULT_MAX_IN_FLIGHT`], set with `ApiBuilder::max_in_flight`). Clones share the pool
/// and the cap, and so do all the `Api`s built with `ApiBuilder::transport` from one
/// transport. Sessions renew their tokens through the transport of the `Api` that met the
/// expired token, so that every request of one `Api` goes through one pool.
#[derive(Debug, Clone)]
pub struct Transport {
    client: reqwest::Client,
    timeout: Duration,
    max_get_url: usize,
    max_body: usize,
    /// One permit per request in flight. tokio's semaphore is fair: waiting calls are
    /// served in the order they came, so none starves under load.
    in_flight: Arc<Semaphore>,
}

static FORM: HeaderValue = HeaderValue::from_static("application/x-www-form-urlencoded");

impl Transport {
    pub(crate) fn new(config: TransportConfig) -> Result<Self> {
        let client = match config.client {
            Some(client) => client,
            None => default_client()?,
        };
        Ok(Transport {
            client,
            timeout: config.timeout,
            max_get_url: config.max_get_url,
            max_body: config.max_body,
            in_flight: Arc::new(Semaphore::new(
                config.max_in_flight.clamp(1, Semaphore::MAX_PERMITS),
            )),
        })
    }

    /// Waits for a free slot among the requests in flight; the slot is given back when the
    /// permit is dropped, after the body is read (or the call fails or is cancelled).
    async fn slot(&self) -> Option<SemaphorePermit<'_>> {
        // The semaphore is never closed, so `acquire` cannot fail; were it closed, the call
        // would rather go on uncapped than fail.
        self.in_flight.acquire().await.ok()
    }

    /// Sends `params` to `endpoint` and reads the answer. `method` is only used for logs.
    pub(crate) async fn send(
        &self,
        endpoint: &url::Url,
        method: &str,
        params: &Params,
    ) -> Result<RawResponse> {
        let started = Instant::now();
        let _slot = self.slot().await;
        let encoded = params.urlencoded();
        let use_get = endpoint.as_str().len() + 1 + encoded.len() <= self.max_get_url;
        let request = if use_get {
            // The base was parsed once; only the (already encoded) query is added here.
            let mut url = endpoint.clone();
            url.set_query(Some(&encoded));
            self.client.get(url)
        } else {
            self.client
                .post(endpoint.clone())
                .header(CONTENT_TYPE, FORM.clone())
                .body(encoded)
        };
        let response = request
            .timeout(self.timeout)
            .send()
            .await
            .map_err(classify_send_error)?;
        let status = response.status().as_u16();
        let invocation_error = response
            .headers()
            .get("invocation-error")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(super::parse_retry_after);
        let body = self.read_body(response).await?;
        tracing::debug!(
            target: "okru::transport",
            method,
            http = if use_get { "GET" } else { "POST" },
            status,
            bytes = body.len(),
            elapsed_ms = started.elapsed().as_secs_f64() * 1e3,
            "call answered"
        );
        Ok(RawResponse {
            status,
            invocation_error,
            body,
            retry_after,
        })
    }

    /// Sends `form` as a form POST to `endpoint` (OAuth token endpoints: secrets travel in
    /// the body, never in a URL). `what` names the request in logs.
    pub(crate) async fn post_form(
        &self,
        endpoint: &str,
        what: &str,
        form: &Params,
    ) -> Result<RawResponse> {
        let _slot = self.slot().await;
        let response = self
            .client
            .post(endpoint)
            .header(CONTENT_TYPE, FORM.clone())
            .body(form.urlencoded())
            .timeout(self.timeout)
            .send()
            .await
            .map_err(classify_send_error)?;
        let status = response.status().as_u16();
        let body = self.read_body(response).await?;
        tracing::debug!(target: "okru::transport", what, status, bytes = body.len(), "form answered");
        Ok(RawResponse {
            status,
            invocation_error: None,
            body,
            retry_after: None,
        })
    }

    /// Reads the body chunk by chunk so that a cut transfer still leaves what did arrive for
    /// the error, and so that an oversized body is refused without being buffered whole.
    async fn read_body(&self, mut response: reqwest::Response) -> Result<Bytes> {
        let mut body = match response.content_length() {
            Some(len) if len as usize > self.max_body => {
                return Err(Error::new(ErrorKind::BodyTooLarge {
                    limit: self.max_body,
                }));
            }
            Some(len) => BytesMut::with_capacity(len as usize),
            None => BytesMut::new(),
        };
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > self.max_body {
                        return Err(Error::new(ErrorKind::BodyTooLarge {
                            limit: self.max_body,
                        }));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(body.freeze()),
                Err(e) => {
                    let kind = if e.is_timeout() {
                        ErrorKind::Timeout
                    } else {
                        ErrorKind::TruncatedBody
                    };
                    return Err(Error::new(kind)
                        .with_body(&body.freeze())
                        .with_source(e.without_url()));
                }
            }
        }
    }
}

/// The client used when the caller brings none: rustls, no redirects (a redirect would carry
/// the token in the query string to wherever it points), keep-alive.
///
/// Built once per process and shared: a client costs milliseconds to build and owns a
/// connection pool, so every `Api` and flow without a client of its own uses this one.
fn default_client() -> Result<reqwest::Client> {
    static SHARED: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    if let Some(client) = SHARED.get() {
        return Ok(client.clone());
    }
    let client = build_default_client()?;
    Ok(SHARED.get_or_init(|| client).clone())
}

fn build_default_client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .pool_idle_timeout(Duration::from_secs(60))
        // The transports' caps bound the connections in use; this bounds those kept idle
        // after a burst, for the clients every default transport shares.
        .pool_max_idle_per_host(DEFAULT_MAX_IN_FLIGHT)
        .build()
        .map_err(|e| {
            Error::config("the HTTP client could not be built").with_source(e.without_url())
        })
}

fn classify_send_error(e: reqwest::Error) -> Error {
    let kind = if e.is_timeout() {
        ErrorKind::Timeout
    } else if e.is_builder() {
        ErrorKind::Transport
    } else {
        // Refused, reset or closed before an answer: the request may not have been processed.
        ErrorKind::Connection
    };
    let error = Error::new(kind);
    // Only a connection that was never made proves that nothing was sent.
    let error = if e.is_connect() {
        error.not_sent()
    } else {
        error
    };
    error.with_source(e.without_url())
}

/// Checks a base URL: HTTPS, or plain HTTP to a loopback address (the sandbox); no query or
/// fragment, since parameters are appended to it.
pub(crate) fn validate_endpoint(url: &str) -> Result<url::Url> {
    let parsed = url::Url::parse(url)
        .map_err(|e| Error::config(format!("the base URL is not a valid URL: {e}")))?;
    let loopback = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match parsed.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(Error::config(
                "the base URL must use https (plain http is allowed only for loopback addresses)",
            ));
        }
        other => {
            return Err(Error::config(format!(
                "the base URL scheme `{other}` is not supported"
            )));
        }
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::config(
            "the base URL must not have a query string or a fragment",
        ));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_must_be_https_or_loopback() {
        assert!(validate_endpoint("https://api.ok.ru/fb.do").is_ok());
        assert!(validate_endpoint("http://127.0.0.1:8080/fb.do").is_ok());
        assert!(validate_endpoint("http://[::1]:8080/platform/api").is_ok());
        assert!(validate_endpoint("http://localhost:1/x").is_ok());
        for bad in [
            "http://api.ok.ru/fb.do",
            "ftp://x/",
            "not a url",
            "https://api.ok.ru/fb.do?x=1",
        ] {
            let err = validate_endpoint(bad).unwrap_err();
            assert!(matches!(err.kind(), ErrorKind::Config { .. }), "{bad}");
        }
    }
}
