//! Sending one signed request and reading the whole answer: reqwest on tokio, rustls.
//!
//! The transport knows nothing about methods or platforms: it sends parameters to an
//! endpoint (a GET, or a form POST when the URL would be too long), reads the body within a
//! size limit and classifies transport failures. It never logs or returns a URL, because
//! access tokens and signatures travel in the query string.
//!
//! # Credentials never follow a redirect
//!
//! The default client follows no redirect. A client the caller brings may, and okru cannot
//! turn that off in it, so with such a client every call is a form POST whose body cannot
//! be replayed: a 307/308 comes back to okru instead of re-posting the form elsewhere, a
//! 301/302/303 makes the client fetch the other address with no body (and no query, so
//! the `Referer` it may add carries no token). Any answer that is a redirect, or that
//! comes from another address than the one asked, is refused ([`ErrorKind::Redirect`]).
//!
//! # Memory
//!
//! See the [`crate::http`] module: bodies read into one buffer of their exact size, a
//! byte budget across calls, and a limit on the decoded size of an answer.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

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
/// Default limit on the bytes of response bodies that the calls of one transport hold at
/// once, from reading a body until its answer is decoded.
///
/// A call reserves the announced `Content-Length` before it reads the body (an answer
/// without one reserves the per-call limit, then gives back what it did not use), and
/// waits, within its timeout, while the budget is spent. So, with peak memory per call a
/// small multiple of its body (see the "Memory" section of [`crate::http`]), the memory all
/// calls take for answers is bounded by that multiple of this budget. A body larger than
/// the budget is refused as [`ErrorKind::BodyTooLarge`].
pub const DEFAULT_MAX_TOTAL_BODY: usize = 256 * 1024 * 1024;

/// Default limit on the memory a decoded answer may take, as a multiple of its body (see
/// the "Memory" section of [`crate::http`]): 16.
pub const DEFAULT_MAX_DECODE_RATIO: usize = 16;

/// Bodies smaller than this count as this large for the decode limit, so that a small
/// answer is never refused for its shape: 1 MiB (a decode of up to 16 MiB by default).
pub const DECODE_RATIO_FLOOR: usize = 1024 * 1024;

/// Transport settings, set through the `Api` builders of each platform.
#[derive(Debug, Clone)]
pub(crate) struct TransportConfig {
    pub client: Option<reqwest::Client>,
    pub timeout: Duration,
    pub max_get_url: usize,
    pub max_body: usize,
    pub max_total_body: usize,
    pub max_decode_ratio: usize,
}

impl Default for TransportConfig {
    fn default() -> Self {
        TransportConfig {
            client: None,
            timeout: DEFAULT_TIMEOUT,
            max_get_url: DEFAULT_MAX_GET_URL,
            max_body: DEFAULT_MAX_BODY,
            max_total_body: DEFAULT_MAX_TOTAL_BODY,
            max_decode_ratio: DEFAULT_MAX_DECODE_RATIO,
        }
    }
}

/// The HTTP side of an `Api`: a `reqwest::Client` (one connection pool) with the call
/// timeout, the size limits and the byte budget. Clones share the pool and the budget.
/// Sessions renew their tokens through the transport of the `Api` that met the expired
/// token, so that every request of one `Api` goes through one pool.
#[derive(Debug, Clone)]
pub struct Transport {
    client: reqwest::Client,
    /// The caller brought the client: it may follow redirects.
    foreign_client: bool,
    timeout: Duration,
    max_get_url: usize,
    max_body: usize,
    max_decode_ratio: usize,
    budget: Arc<Budget>,
}

/// The byte budget shared by the calls of a transport, counted in KiB (a semaphore takes
/// at most `u32::MAX` permits at once).
#[derive(Debug)]
struct Budget {
    semaphore: Arc<Semaphore>,
    total: usize,
}

/// The part of the byte budget a body holds, given back when the answer is dropped.
#[derive(Debug)]
pub(crate) struct Reservation(#[allow(dead_code)] OwnedSemaphorePermit);

const UNIT: usize = 1024;

fn units(bytes: usize) -> u32 {
    u32::try_from(bytes.div_ceil(UNIT)).unwrap_or(u32::MAX)
}

static FORM: HeaderValue = HeaderValue::from_static("application/x-www-form-urlencoded");

impl Transport {
    pub(crate) fn new(config: TransportConfig) -> Result<Self> {
        let foreign_client = config.client.is_some();
        let client = match config.client {
            Some(client) => client,
            None => default_client()?,
        };
        let total = config.max_total_body.max(UNIT);
        let permits = (total / UNIT).min(Semaphore::MAX_PERMITS);
        Ok(Transport {
            client,
            foreign_client,
            timeout: config.timeout,
            max_get_url: config.max_get_url,
            max_body: config.max_body,
            max_decode_ratio: config.max_decode_ratio,
            budget: Arc::new(Budget {
                semaphore: Arc::new(Semaphore::new(permits)),
                total: permits * UNIT,
            }),
        })
    }

    /// Sends `params` to `endpoint` and reads the answer. `method` is only used for logs.
    pub(crate) async fn send(
        &self,
        endpoint: &url::Url,
        method: &str,
        params: &Params,
    ) -> Result<RawResponse> {
        let started = Instant::now();
        let encoded = params.urlencoded();
        // A caller's client may follow redirects, and would carry a query to wherever one
        // points (in the `Referer` at least): with it, parameters go in a POST body.
        let use_get =
            !self.foreign_client && endpoint.as_str().len() + 1 + encoded.len() <= self.max_get_url;
        let (request, sent) = if use_get {
            // The base was parsed once; only the (already encoded) query is added here.
            let mut url = endpoint.clone();
            url.set_query(Some(&encoded));
            (self.client.get(url.clone()), url)
        } else {
            (self.form_post(endpoint.clone(), encoded), endpoint.clone())
        };
        let response = request
            .timeout(self.timeout)
            .send()
            .await
            .map_err(classify_send_error)?;
        check_no_redirect(&response, &sent)?;
        let status = response.status().as_u16();
        let invocation_error = response
            .headers()
            .get("invocation-error")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let retry_after = retry_after(response.headers(), SystemTime::now());
        let (body, budget) = self.read_body(response, started).await?;
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
            retry_after,
            body,
            budget: Some(budget),
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
        let started = Instant::now();
        let endpoint = url::Url::parse(endpoint)
            .map_err(|e| Error::config(format!("the endpoint is not a valid URL: {e}")))?;
        let response = self
            .form_post(endpoint.clone(), form.urlencoded())
            .timeout(self.timeout)
            .send()
            .await
            .map_err(classify_send_error)?;
        check_no_redirect(&response, &endpoint)?;
        let status = response.status().as_u16();
        let retry_after = retry_after(response.headers(), SystemTime::now());
        let (body, budget) = self.read_body(response, started).await?;
        tracing::debug!(target: "okru::transport", what, status, bytes = body.len(), "form answered");
        Ok(RawResponse {
            status,
            invocation_error: None,
            retry_after,
            body,
            budget: Some(budget),
        })
    }

    /// A form POST whose body cannot be replayed: a client that follows redirects gives a
    /// 307/308 back instead of re-posting the form (and its credentials) to another host.
    fn form_post(&self, endpoint: url::Url, encoded: String) -> reqwest::RequestBuilder {
        self.client
            .post(endpoint)
            .header(CONTENT_TYPE, FORM.clone())
            .body(reqwest::Body::wrap(encoded))
    }

    /// Reads the body chunk by chunk, within the per-call limit and the shared budget, so
    /// that an oversized body is refused without being buffered whole and a cut transfer
    /// still leaves what did arrive for the error.
    async fn read_body(
        &self,
        mut response: reqwest::Response,
        started: Instant,
    ) -> Result<(Bytes, Reservation)> {
        let limit = self.max_body.min(self.budget.total);
        let too_large = || Error::new(ErrorKind::BodyTooLarge { limit });
        let announced = match response.content_length() {
            Some(len) if len > limit as u64 => return Err(too_large()),
            Some(len) => Some(len as usize),
            None => None,
        };
        let reserved = announced.unwrap_or(limit);
        let deadline = tokio::time::Instant::from_std(started + self.timeout);
        let semaphore = Arc::clone(&self.budget.semaphore);
        let mut permit =
            match tokio::time::timeout_at(deadline, semaphore.acquire_many_owned(units(reserved)))
                .await
            {
                Ok(Ok(permit)) => permit,
                Ok(Err(_)) => return Err(Error::new(ErrorKind::Transport)),
                Err(_) => return Err(Error::new(ErrorKind::Timeout)),
            };
        let body = match announced {
            Some(len) => {
                let mut body = BytesMut::with_capacity(len);
                loop {
                    match response.chunk().await {
                        Ok(Some(chunk)) if body.len() + chunk.len() > limit => {
                            return Err(too_large());
                        }
                        Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                        Ok(None) => break body.freeze(),
                        Err(e) => return Err(body_error(e, &body)),
                    }
                }
            }
            None => {
                // Pieces first, then one buffer of the exact size: no buffer doubling.
                let mut pieces: Vec<Bytes> = Vec::new();
                let mut len = 0usize;
                loop {
                    match response.chunk().await {
                        Ok(Some(chunk)) if len + chunk.len() > limit => return Err(too_large()),
                        Ok(Some(chunk)) => {
                            len += chunk.len();
                            pieces.push(chunk);
                        }
                        Ok(None) => break,
                        Err(e) => return Err(body_error(e, &join(pieces, len))),
                    }
                }
                join(pieces, len)
            }
        };
        // Give back what the body did not use.
        let unused = permit.num_permits() - (units(body.len()) as usize).min(permit.num_permits());
        drop(permit.split(unused));
        self.check_decode_size(&body)?;
        Ok((body, Reservation(permit)))
    }

    /// Refuses a JSON answer whose decoded form would take more than the decode ratio
    /// times its body (see the "Memory" section of [`crate::http`]).
    fn check_decode_size(&self, body: &[u8]) -> Result<()> {
        let limit = self
            .max_decode_ratio
            .saturating_mul(body.len().max(DECODE_RATIO_FLOOR));
        // Only a body that could exceed the limit at the densest JSON is scanned.
        const DENSEST: usize = 100;
        let json = matches!(
            body.iter().find(|b| !b.is_ascii_whitespace()),
            Some(b'{' | b'[')
        );
        if !json || body.len().saturating_mul(DENSEST) <= limit {
            return Ok(());
        }
        if super::value_memory_estimate(body) > limit {
            return Err(Error::new(ErrorKind::DecodeTooLarge { limit }).with_body(body));
        }
        Ok(())
    }
}

/// The pieces of a body in one buffer (without copying when there is one piece).
fn join(mut pieces: Vec<Bytes>, len: usize) -> Bytes {
    if pieces.len() == 1 {
        return pieces.pop().unwrap_or_default();
    }
    let mut body = BytesMut::with_capacity(len);
    for piece in pieces.drain(..) {
        body.extend_from_slice(&piece);
    }
    body.freeze()
}

/// Refuses a redirect, and an answer that a caller's client fetched from another address
/// after following one.
fn check_no_redirect(response: &reqwest::Response, sent: &url::Url) -> Result<()> {
    let status = response.status();
    if status.is_redirection() {
        return Err(Error::new(ErrorKind::Redirect {
            status: Some(status.as_u16()),
        }));
    }
    let got = response.url();
    let same = got.scheme() == sent.scheme()
        && got.host_str() == sent.host_str()
        && got.port_or_known_default() == sent.port_or_known_default()
        && got.path() == sent.path();
    if !same {
        return Err(Error::new(ErrorKind::Redirect { status: None }));
    }
    Ok(())
}

/// The `Retry-After` delay: seconds, or an HTTP date (a date in the past is zero). The cap
/// is applied by the error that carries it.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds is still "a very long time".
        return Some(Duration::from_secs(text.parse().unwrap_or(u64::MAX)));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Why reading a body failed: the timeout, a transfer cut short, or broken framing (a
/// chunk size that is not a number, a bad chunk end).
fn body_error(e: reqwest::Error, arrived: &[u8]) -> Error {
    let kind = if e.is_timeout() {
        ErrorKind::Timeout
    } else {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        let mut io_kind = None;
        while let Some(error) = cause {
            if let Some(io) = error.downcast_ref::<std::io::Error>() {
                io_kind = Some(io.kind());
                break;
            }
            cause = error.source();
        }
        match io_kind {
            Some(std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput) => {
                ErrorKind::BrokenFraming
            }
            _ => ErrorKind::TruncatedBody,
        }
    };
    Error::new(kind)
        .with_body(arrived)
        .with_source(e.without_url())
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
        // Should reqwest's decompression be on in the build (another crate asked for it),
        // a small compressed answer could unpack far past the body limit before okru counts
        // it; answers come uncompressed instead.
        .no_gzip()
        .no_brotli()
        .no_deflate()
        .no_zstd()
        .connect_timeout(Duration::from_secs(10))
        .pool_idle_timeout(Duration::from_secs(60))
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
