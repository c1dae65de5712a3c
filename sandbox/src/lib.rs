//! # okru-sandbox
//!
//! A local emulator of the **OK (ok.ru) REST API** and the **Mail.ru "My World" platform REST
//! API**: a real HTTP server on `127.0.0.1` (random port) for offline tests, examples and
//! benchmarks of [okru](https://docs.rs/okru) and of code built on it.
//!
//! It checks requests the way the platforms document it — signatures of every circuit, the
//! application, the session, the method's session rule, required parameters — and answers
//! with the platforms' own error envelopes and codes. It serves a small, consistent data set
//! (users, friends, groups, stream events) whose credentials are in [`fixtures`]. It records
//! every request it receives, so that a test can inspect exactly what went over the wire, and
//! it can be told to misbehave ([`Fault`]).
//!
//! The sandbox does not use okru: it verifies signatures with its own code, so tests that run
//! okru against it cross-check the SDK rather than compare it with itself.
//!
//! ## Using it in a test
//!
//! 1. [`Sandbox::start`] it inside a tokio runtime (`#[tokio::test]` is fine).
//! 2. Point the client at [`Sandbox::ok_api_url`] or [`Sandbox::mailru_api_url`] and give it the
//!    credentials in [`fixtures`].
//! 3. Optionally [`inject`](Sandbox::inject) faults; each applies to one coming request.
//! 4. Inspect [`requests`](Sandbox::requests): parameters, headers, body, and
//!    [`contains`](RecordedRequest::contains) to prove a secret was never sent.
//!
//! Here the client is plain `reqwest`, signing an OK client-circuit call by hand:
//!
//! ```
//! use md5::{Digest, Md5};
//! use okru_sandbox::{Fault, Sandbox, fixtures::ok};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let sandbox = Sandbox::start().await?;
//!
//! // Sorted "name=value" pairs, then the session secret key; md5, lowercase hex.
//! let text = format!(
//!     "application_key={}format=jsonmethod=friends.get{}",
//!     ok::APPLICATION_KEY,
//!     ok::ALICE_SESSION_SECRET_KEY,
//! );
//! let sig: String = Md5::digest(text).iter().map(|b| format!("{b:02x}")).collect();
//! let url = format!(
//!     "{}?application_key={}&format=json&method=friends.get&sig={sig}&access_token={}",
//!     sandbox.ok_api_url(),
//!     ok::APPLICATION_KEY,
//!     ok::ALICE_ACCESS_TOKEN,
//! );
//!
//! let body = reqwest::get(&url).await?.text().await?;
//! let friends: Vec<String> = serde_json::from_str(&body)?;
//! assert_eq!(friends, [ok::BOB_ID, ok::DAVE_ID]);
//!
//! // The next request gets a 503 instead of an answer.
//! sandbox.inject(Fault::Status(503));
//! assert_eq!(reqwest::get(&url).await?.status(), 503);
//!
//! // Both requests were recorded; neither carried a secret.
//! let requests = sandbox.requests();
//! assert_eq!(requests.len(), 2);
//! assert_eq!(requests[0].param("method"), Some("friends.get"));
//! assert!(requests.iter().all(|r| !r.contains(ok::ALICE_SESSION_SECRET_KEY)));
//!
//! sandbox.shutdown().await; // or just drop it
//! # Ok(()) }
//! ```
//!
//! With okru, the same test builds its API with `.base_url(sandbox.ok_api_url())` (or
//! `sandbox.mailru_api_url()`) and a session made of the fixture credentials.
//!
//! ## OK
//!
//! Endpoints: `/fb.do` with the method in the `method` parameter, and `/api/<group>/<method>`
//! (`/api/friends/get`). Parameters may come in the query string, in an
//! `application/x-www-form-urlencoded` body, or both. Answers are
//! `application/json;charset=utf-8`; errors are HTTP 200 with an `Invocation-Error: <code>`
//! header and the body `{"error_code":N,"error_msg":"NAME : text","error_data":null}`.
//!
//! Checks, in order:
//!
//! | check | error |
//! |---|---|
//! | `application_key` missing or not [`fixtures::ok::APPLICATION_KEY`] | 101 `PARAM_API_KEY` |
//! | `method` missing / unknown | 100 `PARAM` / 3 `METHOD` |
//! | `sig` missing | 104 `PARAM_SIGNATURE` ("No signature specified", as OK answers) |
//! | `access_token` (or `session_key`) expired / unknown | 102 `PARAM_SESSION_EXPIRED` / 103 `PARAM_SESSION_KEY` |
//! | signature wrong | 104 `PARAM_SIGNATURE` |
//! | session given to a session-prohibited method / missing for a session-required one | 451 `NOT_SESSION_METHOD` / 453 `SESSION_REQUIRED` |
//! | method parameter missing, unknown user or group | 100 `PARAM` / 110 `PARAM_USER_ID` / 160 `PARAM_GROUP_ID` |
//!
//! The signature is the MD5 of every parameter except `sig`, `access_token` and `session_key`,
//! sorted by name, written `name=value` without separators, followed by a secret. With a token
//! the secret may be the user's session secret key (client circuit) or
//! `md5(access_token + application_secret_key)` (server circuit); without one it is the
//! application secret key (application-only calls).
//!
//! Methods: every method of okru's OK catalogue (164), each with the catalogue's session
//! rule and required parameters, answering in the shape the platform documents (or, where it
//! documents none, a small plausible shape named at the handler). The data set holds four
//! users (their friends, relatives, devices and profiles), an open and a closed group (members,
//! topics with a poll, statistics, a market with products and catalogs), photo albums,
//! discussions with comments, applications of the games catalog and hashtags. Objects made
//! through the API (albums, topics, comments, products, catalogs, notes, mailings, masks,
//! settings ...) are kept and can be read back, changed and deleted; writes to the fixed data
//! set are checked (the object exists, the user may change it) and acknowledged. Bad input
//! gets OK's envelope: 100 `PARAM` for a missing or invalid parameter, 110, 120, 121, 160 for
//! unknown users, albums, photos and groups, 24 `NOT_OWNER`, 50 `NOT_ADMIN`, 700
//! `COMMENT_NOT_FOUND`, 1103 `FRIENDSHIP_REQUIRED`.
//!
//! `batch.executeV2` (optional) runs a JSON array of calls with the batch's session and
//! answers `{"ok": ...}` or `{"error": {...}}` per call, with `supplyParams` references to
//! earlier results. OK does not document it: the sandbox follows the reading that okru's
//! experimental `batch` module is built on.
//!
//! ## Mail.ru
//!
//! Endpoint: `/platform/api` (a trailing slash is fine). Parameters from the query string
//! and/or a form body. Answers are JSON labelled `text/javascript; charset=utf-8`. Errors are
//! `{"error":{"error_code":N,"error_msg":"..."}}` with **HTTP 400**: the platform documents the
//! envelope but not the status, and an old public wrapper reads errors from non-200 answers,
//! so a client should look for the envelope whatever the status.
//!
//! | check | error |
//! |---|---|
//! | `app_id` missing or not [`fixtures::mailru::APP_ID`] | 103 "Application lookup failed" |
//! | `method` missing / unknown | 100 / 2 "Unknown method called" |
//! | `sig` missing | 100 |
//! | `session_key` missing / unknown or expired | 100 / 102 "User authorization failed" |
//! | signature wrong | 104 "Incorrect signature" |
//! | method parameter invalid | 100 |
//!
//! With `secure=1` the signature is `md5(params + secret_key)` (server circuit); otherwise it is
//! `md5(uid + params + private_key)` (client circuit), where `uid` is the session's user. In
//! both, `params` is every parameter except `sig`, sorted and written `name=value`.
//!
//! Methods: every method of okru's mail.ru catalogue (31), with its session rule and
//! required parameters: users, friends (ids, or profiles with `ext=1`), the stream (newest
//! first; `limit` (10), `skip` = the id of the last event seen, `offset`, `filter_app`),
//! likes and comments of its events, posts and shares, the guestbook, photo albums and
//! photos (albums made and photos uploaded through the API are kept), music, messages, the
//! unread counters and notifications. Refused objects answer 202 "Access to this object is
//! denied".
//!
//! ## Payment callbacks
//!
//! The sandbox also plays the platforms' side of payments: [`callbacks::OkPayment`] and
//! [`callbacks::MailRuBilling`] call **your** callback URL with a correctly signed request
//! (or a forged one, on demand), and [`callbacks::CallbackReply`] judges your answer by the
//! platform's documented rules.
//!
//! ## Other paths
//!
//! Any other path answers 404 with an HTML page.
//!
//! ## Runtime notes
//!
//! The server runs as tasks of the runtime that started it, so a single-threaded test runtime
//! works as long as the client is asynchronous (a blocking client would block the very thread
//! the server needs). Dropping the [`Sandbox`] stops the server; [`Sandbox::shutdown`] stops it
//! gracefully and waits.

#![warn(missing_docs)]

mod answer;
pub mod callbacks;
pub mod fixtures;
mod issuer;
mod mailru;
mod ok;
mod request;
mod server;
mod session_rule;
mod signature;
mod stubs;

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use request::RecordedRequest;
use server::{Shared, lock};

/// A misbehaviour for the sandbox to apply to a coming request, instead of (or before) its
/// normal answer. See [`Sandbox::inject`].
///
/// The request is recorded as usual whatever the fault.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Wait this long, then answer normally. With a client timeout shorter than the delay
    /// this is a timeout.
    Latency(Duration),
    /// Answer this HTTP status with a short plain-text body, such as `503 Service
    /// Unavailable`. Statuses outside 200–599 are answered as 500.
    Status(u16),
    /// Answer HTTP 200 with an nginx-style HTML error page (`text/html`), as a proxy in front
    /// of the API would.
    HtmlPage,
    /// Answer HTTP 200, labelled as the platform's JSON, with a body that is not JSON
    /// (`{"uid": 57,,}`).
    MalformedJson,
    /// Answer HTTP 200 with the first half of the normal answer; `Content-Length` matches what
    /// is sent, so only a JSON parser notices.
    TruncatedJson,
    /// Answer HTTP 200 with an empty body.
    EmptyBody,
    /// Send headers whose `Content-Length` promises the whole normal answer and more, send
    /// half of it, then close the connection: the client fails while reading the body.
    CutTransfer,
    /// Reset the connection (TCP RST) without sending any HTTP response: the client gets a
    /// connection error.
    ResetConnection,
    /// Answer the platform's rate-limit error. OK: 8 `FLOOD_BLOCKED` ("Call blocked due to
    /// flood protection"). Mail.ru documents no rate-limit code, so the sandbox answers the
    /// closest documented one, 3 "Service Unavailable". On other paths it has no effect.
    RateLimited,
    /// Answer this HTTP status (such as 429 or 503) with a `Retry-After` header asking for
    /// this many seconds.
    RetryAfter {
        /// The HTTP status.
        status: u16,
        /// The delay asked for, in seconds.
        seconds: u64,
    },
}

/// A running sandbox server.
///
/// Dropping it stops the server (connections in progress are cut);
/// [`shutdown`](Sandbox::shutdown) stops it gracefully.
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .field("recorded_requests", &lock(&self.shared.requests).len())
            .field("recording", &self.shared.recording.load(Ordering::Relaxed))
            .field("pending_faults", &self.pending_faults())
            .finish()
    }
}

impl Sandbox {
    /// Binds `127.0.0.1` on a free port and serves in background tasks of the current tokio
    /// runtime.
    ///
    /// # Panics
    ///
    /// Panics if called outside a tokio runtime.
    pub async fn start() -> std::io::Result<Sandbox> {
        Sandbox::start_at(SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, 0))).await
    }

    /// Like [`start`](Sandbox::start), on a chosen address (port 0 picks a free port), for
    /// tests in other languages that need a fixed URL. The sandbox holds no real secrets, but
    /// keep it on loopback anyway: it answers anyone.
    ///
    /// # Panics
    ///
    /// Panics if called outside a tokio runtime.
    pub async fn start_at(addr: SocketAddr) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        shared.recording.store(true, Ordering::Relaxed);
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(server::serve(listener, Arc::clone(&shared), stopped));
        Ok(Sandbox {
            addr,
            shared,
            stop,
            task: Some(task),
        })
    }

    /// Expires every OK access token issued by the authorization flows so far (calls with
    /// them answer 102 `PARAM_SESSION_EXPIRED`); returns how many were still valid. Refresh
    /// tokens and the fixed tokens of the data set are not affected.
    pub fn expire_ok_sessions(&self) -> usize {
        self.shared.ok.issuer.expire_all()
    }

    /// Expires every mail.ru access token issued by the authorization flows so far (calls
    /// with them answer 102); returns how many were still valid.
    pub fn expire_mailru_sessions(&self) -> usize {
        self.shared.mailru.issuer.expire_all()
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The OK endpoint, `http://127.0.0.1:PORT/fb.do`.
    pub fn ok_api_url(&self) -> String {
        format!("{}/fb.do", self.base_url())
    }

    /// The mail.ru endpoint, `http://127.0.0.1:PORT/platform/api`.
    pub fn mailru_api_url(&self) -> String {
        format!("{}/platform/api", self.base_url())
    }

    /// Every request received so far (while recording was on), in order of arrival.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// The recorded requests that called `method` (by the `method` parameter or the path),
    /// in order.
    pub fn requests_for(&self, method: &str) -> Vec<RecordedRequest> {
        lock(&self.shared.requests)
            .iter()
            .filter(|r| {
                r.param("method") == Some(method) || r.path.ends_with(&format!("/{method}"))
            })
            .cloned()
            .collect()
    }

    /// Answers every later call of `method` (either platform) with `json`, after the usual
    /// checks (application, signature, session rule), until [`clear_stubs`](Self::clear_stubs).
    /// A test double for your own code, like stripe-mock's fixtures.
    pub fn stub(&self, method: &str, json: serde_json::Value) {
        self.shared.stubs.answer(method, json);
    }

    /// Answers the next call of `method` with the platform's error envelope for `code` (for
    /// example OK 10 `PERMISSION_DENIED`, 8 `FLOOD_BLOCKED`, 102 `PARAM_SESSION_EXPIRED`),
    /// to test your error branches. The request must still be signed correctly.
    pub fn fail_with(&self, method: &str, code: u32) {
        self.fail_with_times(method, code, 1);
    }

    /// Like [`fail_with`](Self::fail_with), for the next `times` calls of `method`.
    pub fn fail_with_times(&self, method: &str, code: u32, times: usize) {
        self.shared.stubs.fail(method, code, times);
    }

    /// Drops every stub and injected failure.
    pub fn clear_stubs(&self) {
        self.shared.stubs.clear();
    }

    /// The last request received (while recording was on), if any.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        lock(&self.shared.requests).last().cloned()
    }

    /// Forgets the requests recorded so far.
    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
    }

    /// Turns recording on or off. It is on from the start; benchmarks turn it off so that
    /// memory stays flat.
    pub fn set_recording(&self, on: bool) {
        self.shared.recording.store(on, Ordering::Relaxed);
    }

    /// Applies `fault` to the next request. Faults queue up: each request takes the oldest
    /// one, so `inject(a); inject(b)` gives `a` to the next request and `b` to the one after.
    pub fn inject(&self, fault: Fault) {
        self.shared.queue_faults(fault, 1);
    }

    /// Applies `fault` to each of the next `n` requests (queued after the faults already
    /// waiting).
    pub fn inject_times(&self, fault: Fault, n: usize) {
        self.shared.queue_faults(fault, n);
    }

    /// Drops every fault still waiting.
    pub fn clear_faults(&self) {
        self.shared.clear_faults();
    }

    /// How many injected faults are still waiting for a request.
    pub fn pending_faults(&self) -> usize {
        lock(&self.shared.faults).len()
    }

    /// Stops accepting connections, lets requests in progress finish (for at most two
    /// seconds), closes every connection and waits for all of it. Afterwards connections to
    /// the address are refused.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            // Aborting the accepting task also aborts the connection tasks it owns.
            task.abort();
        }
    }
}
