//! # okru-sandbox
//!
//! A local emulator of the OK (ok.ru) REST API and the Mail.ru "My World" platform REST API: a
//! real HTTP server on `127.0.0.1` with a random port, for offline tests, examples and
//! benchmarks of [okru](https://docs.rs/okru) and of code built on it.
//!
//! It verifies signatures of every circuit (OK client, server and application-only; mail.ru
//! client and server) exactly as the platforms document them, independently of okru's own
//! code, answers the platforms' real error envelopes, serves a small consistent data set
//! ([`fixtures`]), records every request it receives, and can be told to misbehave
//! ([`Fault`]).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use okru_sandbox::{Fault, Sandbox, fixtures};
//!
//! let sandbox = Sandbox::start().await?;
//! // Point a client at sandbox.ok_api_url() / sandbox.mailru_api_url() with the credentials
//! // in `fixtures`, then call it...
//! sandbox.inject(Fault::Status(503));          // the next request gets a 503
//! for request in sandbox.requests() {           // everything that was sent
//!     assert!(!request.contains(fixtures::ok::APPLICATION_SECRET_KEY));
//! }
//! sandbox.shutdown().await;                     // or just drop it
//! # Ok(()) }
//! ```
//!
//! Emulated OK methods: `users.getCurrentUser`, `users.getLoggedInUser`, `users.getInfo`,
//! `users.getCallsLeft`, `friends.get`, `group.getInfo`, `notifications.sendSimple`,
//! `photos.createAlbum`. Mail.ru: `users.getInfo`, `friends.get`, `stream.get`.

#![warn(missing_docs)]

pub mod fixtures;
mod mailru;
mod ok;
mod server;
mod wire;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use server::{Shared, lock};
pub use wire::RecordedRequest;

/// A misbehaviour to apply to a coming request (see [`Sandbox::inject`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Wait, then answer normally.
    Latency(Duration),
    /// Answer this HTTP status with a short text body.
    Status(u16),
    /// Answer HTTP 200 with an nginx-style HTML error page.
    HtmlPage,
    /// Answer HTTP 200 with a body that is not JSON.
    MalformedJson,
    /// Answer HTTP 200 with the first half of the normal answer (Content-Length matching).
    TruncatedJson,
    /// Answer HTTP 200 with an empty body.
    EmptyBody,
    /// Promise a longer body in Content-Length than is sent, then close the connection.
    CutTransfer,
    /// Close the connection without answering.
    ResetConnection,
    /// Answer the platform's rate-limit error: OK 8 `FLOOD_BLOCKED`; mail.ru documents no
    /// rate-limit code, so 3 "Service Unavailable".
    RateLimited,
}

/// A running sandbox server. Dropping it stops the server.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<()>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds `127.0.0.1:0` and serves in a background task of the current tokio runtime.
    pub async fn start() -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        shared.recording.store(true, Ordering::Relaxed);
        let (stop, stopped) = watch::channel(());
        let task = tokio::spawn(server::serve(listener, Arc::clone(&shared), stopped));
        Ok(Sandbox {
            addr,
            shared,
            stop,
            task: Some(task),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`.
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

    /// Every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
    }

    /// Turns recording on or off (on by default; benchmarks turn it off).
    pub fn set_recording(&self, on: bool) {
        self.shared.recording.store(on, Ordering::Relaxed);
    }

    /// Applies `fault` to the next request; faults queue up in order.
    pub fn inject(&self, fault: Fault) {
        lock(&self.shared.faults).push_back(fault);
    }

    /// Applies `fault` to the next `n` requests.
    pub fn inject_times(&self, fault: Fault, n: usize) {
        lock(&self.shared.faults).extend(std::iter::repeat_n(fault, n));
    }

    /// Drops every queued fault.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// Stops accepting, closes open connections and waits for the server task to end.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(());
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.stop.send(());
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}
