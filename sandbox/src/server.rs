//! The HTTP side: accepting connections, recording requests, applying faults, routing.
//!
//! Each accepted connection is served by hyper in its own task. The task also keeps a second
//! handle on the socket so that a fault can reset the connection from inside a request: the
//! handler sets `SO_LINGER` to zero on that handle and wakes the task, which drops the
//! connection; closing a socket with a zero linger sends a TCP RST.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Body as _, Frame, Incoming, SizeHint};
use hyper::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use crate::answer::{Answer, MAILRU_JSON, OK_JSON, TEXT, reason};
use crate::request::{RecordedRequest, api_path_method};
use crate::{Fault, mailru, ok};

/// The largest body the sandbox reads; a larger one is answered 413.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// How long a shutdown waits for requests in progress before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// How long a cut transfer waits after its first bytes, so that they reach the client before
/// the connection fails.
const CUT_PAUSE: Duration = Duration::from_millis(20);

/// State shared by the server tasks and the `Sandbox` handle.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    pub requests: Mutex<Vec<RecordedRequest>>,
    /// Off by default here; `Sandbox::start` turns it on.
    pub recording: AtomicBool,
    pub faults: Mutex<VecDeque<Fault>>,
    /// The length of `faults`, so that requests need not lock it when it is empty. Changed
    /// only while `faults` is locked.
    pub pending_faults: AtomicUsize,
    pub ok: ok::State,
    pub mailru: mailru::State,
    /// Answers the test set for methods of either platform.
    pub stubs: crate::stubs::Stubs,
}

impl Shared {
    fn next_fault(&self) -> Option<Fault> {
        if self.pending_faults.load(Ordering::Acquire) == 0 {
            return None;
        }
        let mut faults = lock(&self.faults);
        let fault = faults.pop_front();
        self.pending_faults.store(faults.len(), Ordering::Release);
        fault
    }

    pub(crate) fn queue_faults(&self, fault: Fault, n: usize) {
        let mut faults = lock(&self.faults);
        faults.extend(std::iter::repeat_n(fault, n));
        self.pending_faults.store(faults.len(), Ordering::Release);
    }

    pub(crate) fn clear_faults(&self) {
        let mut faults = lock(&self.faults);
        faults.clear();
        self.pending_faults.store(0, Ordering::Release);
    }
}

/// Locks a mutex even if a panicking test thread poisoned it: the data stays usable.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Accepts connections until `stop` changes (or its sender goes away), then lets the open
/// connections finish what they are doing, for at most [`SHUTDOWN_GRACE`].
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    connections.spawn(serve_connection(stream, peer, Arc::clone(&shared), stop.clone()));
                }
                // Running out of file descriptors, for example: wait a little and go on.
                Err(_) => tokio::time::sleep(Duration::from_millis(5)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let drain = async { while connections.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, drain).await;
    // Dropping the set aborts whatever is left.
}

/// What a request handler can do to its own connection.
struct Control {
    /// A second handle on the socket, used to set a zero linger before a reset.
    socket: Option<socket2::Socket>,
    killed: Notify,
}

impl Control {
    /// Makes the connection task drop the connection with a TCP RST.
    fn reset(&self) {
        if let Some(socket) = &self.socket {
            let _ = socket.set_linger(Some(Duration::ZERO));
        }
        self.killed.notify_one();
    }
}

async fn serve_connection(
    stream: TcpStream,
    peer: std::net::SocketAddr,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let control = Arc::new(Control {
        socket: socket2::SockRef::from(&stream).try_clone().ok(),
        killed: Notify::new(),
    });
    let service = {
        let control = Arc::clone(&control);
        hyper::service::service_fn(move |request| {
            let shared = Arc::clone(&shared);
            let control = Arc::clone(&control);
            async move { Ok::<_, Infallible>(respond(request, peer, &shared, &control).await) }
        })
    };
    let connection = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    let mut connection = pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        () = control.killed.notified() => return,
        _ = stop.changed() => {}
    }
    // Shutting down: finish the request in progress, if any, and close.
    connection.as_mut().graceful_shutdown();
    tokio::select! {
        _ = connection => {}
        () = control.killed.notified() => {}
    }
}

/// Which platform a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Platform {
    Ok,
    /// OK's OAuth token endpoint.
    OkOAuth,
    /// OK's authorization dialog (`/oauth/authorize`, `/dk`).
    OkDialog,
    MailRu,
    /// Mail.ru's OAuth token endpoint.
    MailRuOAuth,
    /// Mail.ru's authorization dialog and login pages.
    MailRuDialog,
    /// The my.mail.ru pages the scrapers read, and the public path resolver.
    MailRuSite,
    Neither,
}

impl Platform {
    fn of(path: &str) -> Platform {
        match path {
            "/fb.do" | "/fb.do/" => Platform::Ok,
            "/oauth/token.do" => Platform::OkOAuth,
            "/oauth/authorize" | "/dk" => Platform::OkDialog,
            "/oauth/token" => Platform::MailRuOAuth,
            "/mailru/oauth/authorize" | "/cgi-bin/auth" | "/recovery" => Platform::MailRuDialog,
            "/platform/api" | "/platform/api/" => Platform::MailRu,
            _ if path.starts_with("/api/") => Platform::Ok,
            _ if path == "/my/communities"
                || path.starts_with("/community/")
                || path.starts_with("/platform/community/") =>
            {
                Platform::MailRuSite
            }
            _ => Platform::Neither,
        }
    }

    /// The content type of the platform's JSON answers.
    fn json_type(self) -> &'static str {
        match self {
            Platform::MailRu
            | Platform::MailRuOAuth
            | Platform::MailRuDialog
            | Platform::MailRuSite => MAILRU_JSON,
            Platform::Ok | Platform::OkOAuth | Platform::OkDialog | Platform::Neither => OK_JSON,
        }
    }
}

async fn respond(
    request: Request<Incoming>,
    peer: std::net::SocketAddr,
    shared: &Shared,
    control: &Control,
) -> Response<Body> {
    let received_at = std::time::Instant::now();
    let (mut recorded, complete) = read(request).await;
    recorded.peer = Some(peer);
    recorded.received_at = Some(received_at);
    if shared.recording.load(Ordering::Relaxed) {
        lock(&shared.requests).push(recorded.clone());
    }
    if !complete {
        return into_response(Answer::html_page(413, 413));
    }
    let platform = Platform::of(&recorded.path);
    let answer = match shared.next_fault() {
        None => route(&recorded, shared),
        Some(Fault::Latency(delay)) => {
            tokio::time::sleep(delay).await;
            route(&recorded, shared)
        }
        Some(Fault::Status(status)) => {
            let status = if (200..=599).contains(&status) {
                status
            } else {
                500
            };
            Answer::new(status, TEXT, format!("{status} {}\n", reason(status)))
        }
        Some(Fault::RetryAfter { status, seconds }) => {
            let mut answer = Answer::new(status, TEXT, format!("{status} {}\n", reason(status)));
            answer.headers.push(("retry-after", seconds.to_string()));
            answer
        }
        Some(Fault::HtmlPage) => Answer::html_page(200, 502),
        Some(Fault::MalformedJson) => Answer::new(200, platform.json_type(), r#"{"uid": 57,,}"#),
        Some(Fault::TruncatedJson) => {
            let mut answer = route(&recorded, shared);
            answer.body = answer.body.slice(..answer.body.len() / 2);
            answer.status = 200;
            answer.content_type = platform.json_type();
            answer
        }
        Some(Fault::EmptyBody) => Answer::new(200, platform.json_type(), Bytes::new()),
        Some(Fault::CutTransfer) => {
            let full = route(&recorded, shared).body;
            // Promise the whole answer and a bit more, send its first half, then fail.
            let claimed = full.len() as u64 + 64;
            let first = full.slice(..full.len() / 2);
            let body = Body::Cut {
                first: Some(first),
                claimed,
                pause: Box::pin(tokio::time::sleep(CUT_PAUSE)),
            };
            let mut response = Response::new(body);
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static(platform.json_type()));
            return response;
        }
        Some(Fault::ResetConnection) => {
            control.reset();
            // The connection task drops this future together with the connection.
            return std::future::pending().await;
        }
        Some(Fault::RateLimited) => match platform {
            Platform::Ok => ok::rate_limited(),
            Platform::MailRu => mailru::rate_limited(),
            Platform::OkOAuth
            | Platform::OkDialog
            | Platform::MailRuOAuth
            | Platform::MailRuDialog
            | Platform::MailRuSite
            | Platform::Neither => route(&recorded, shared),
        },
    };
    into_response(answer)
}

fn route(request: &RecordedRequest, shared: &Shared) -> Answer {
    let params = request.params();
    match Platform::of(&request.path) {
        Platform::Ok => {
            let path_method = api_path_method(&request.path);
            ok::handle(&params, path_method.as_deref(), &shared.ok, &shared.stubs)
        }
        Platform::OkOAuth => {
            ok::oauth::token_endpoint(&request.http_method, &params, &shared.ok.issuer)
        }
        Platform::OkDialog => ok::login::handle(request, &shared.ok.issuer),
        Platform::MailRu => mailru::handle(&params, &shared.mailru, &shared.stubs),
        Platform::MailRuDialog => mailru::login::handle(request, &shared.mailru.issuer),
        Platform::MailRuSite => mailru::site::handle(request, &shared.mailru.joins),
        Platform::MailRuOAuth => {
            mailru::oauth::token_endpoint(&request.http_method, &params, &shared.mailru.issuer)
        }
        Platform::Neither => Answer::html_page(404, 404),
    }
}

/// Reads a whole request. The flag is false when the body was larger than [`MAX_BODY`] (the
/// recorded body then holds what was read).
async fn read(request: Request<Incoming>) -> (RecordedRequest, bool) {
    let (parts, incoming) = request.into_parts();
    let mut incoming = pin!(incoming);
    let mut body = Vec::new();
    let mut complete = true;
    while let Some(frame) = std::future::poll_fn(|cx| incoming.as_mut().poll_frame(cx)).await {
        // A body that stops arriving is recorded as what did arrive.
        let Ok(frame) = frame else { break };
        if let Ok(data) = frame.into_data() {
            if body.len() + data.len() > MAX_BODY {
                complete = false;
                break;
            }
            body.extend_from_slice(&data);
        }
    }
    let body = Bytes::from(body);
    let raw_query = parts.uri.query().unwrap_or_default().to_owned();
    let decode = |bytes: &[u8]| -> Vec<(String, String)> {
        form_urlencoded::parse(bytes)
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect()
    };
    let is_form = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    let recorded = RecordedRequest {
        peer: None,
        received_at: None,
        http_method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: decode(raw_query.as_bytes()),
        raw_query,
        form: if is_form && complete {
            decode(&body)
        } else {
            Vec::new()
        },
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body,
    };
    (recorded, complete)
}

/// A response body: a whole one, or one that promises more than it sends and then fails,
/// which makes hyper abort the connection in the middle of the body.
pub(crate) enum Body {
    Whole(Option<Bytes>),
    Cut {
        first: Option<Bytes>,
        claimed: u64,
        pause: Pin<Box<tokio::time::Sleep>>,
    },
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.get_mut() {
            Body::Whole(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::Cut { first, pause, .. } => match first.take() {
                Some(bytes) => Poll::Ready(Some(Ok(Frame::data(bytes)))),
                None => pause.as_mut().poll(cx).map(|()| {
                    Some(Err(std::io::Error::new(
                        std::io::ErrorKind::ConnectionAborted,
                        "the sandbox cut this transfer on purpose",
                    )))
                }),
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Whole(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Body::Cut { claimed, .. } => SizeHint::with_exact(*claimed),
        }
    }
}

fn into_response(answer: Answer) -> Response<Body> {
    let body = if answer.body.is_empty() {
        Body::Whole(None)
    } else {
        Body::Whole(Some(answer.body))
    };
    let mut response = Response::new(body);
    *response.status_mut() =
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(answer.content_type));
    for (name, value) in answer.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            headers.insert(name, value);
        }
    }
    response
}
