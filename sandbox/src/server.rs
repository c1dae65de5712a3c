//! The HTTP side: accepting connections, recording requests, injecting faults, routing.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::net::Shutdown;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::wire::{Answer, RecordedRequest};
use crate::{Fault, mailru, ok};

/// State shared by the server task and the `Sandbox` handle.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    pub requests: Mutex<Vec<RecordedRequest>>,
    pub recording: AtomicBool,
    pub faults: Mutex<VecDeque<Fault>>,
}

/// Locks a mutex even if a panicking test thread poisoned it: the data stays usable.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Accepts connections until `stop` fires; each connection is served in its own task.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<()>,
) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => return,
        };
        let Ok((stream, _)) = accepted else { continue };
        let _ = stream.set_nodelay(true);
        // A second handle on the socket lets a fault cut the connection from inside a handler.
        let Ok(std_stream) = stream.into_std() else {
            continue;
        };
        let Ok(cutter) = std_stream.try_clone() else {
            continue;
        };
        let Ok(stream) = tokio::net::TcpStream::from_std(std_stream) else {
            continue;
        };
        let cutter = Arc::new(cutter);
        let shared = Arc::clone(&shared);
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let shared = Arc::clone(&shared);
                let cutter = Arc::clone(&cutter);
                async move { Ok::<_, Infallible>(respond(request, &shared, &cutter).await) }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                _ = stop.changed() => {}
            }
        });
    }
}

async fn respond(
    request: Request<Incoming>,
    shared: &Shared,
    cutter: &std::net::TcpStream,
) -> Response<Body> {
    let recorded = record(request).await;
    if shared.recording.load(Ordering::Relaxed) {
        lock(&shared.requests).push(recorded.clone());
    }
    let fault = lock(&shared.faults).pop_front();
    let is_ok = recorded.path == "/fb.do" || recorded.path.starts_with("/api/");
    let answer = match fault {
        None => route(&recorded),
        Some(Fault::Latency(delay)) => {
            tokio::time::sleep(delay).await;
            route(&recorded)
        }
        Some(Fault::Status(status)) => {
            Answer::new(status, "text/plain", "Service Temporarily Unavailable")
        }
        Some(Fault::HtmlPage) => Answer::new(200, "text/html; charset=utf-8", ERROR_PAGE),
        Some(Fault::MalformedJson) => Answer::new(
            200,
            "application/json;charset=utf-8",
            r#"{"uid": 57,,"name"}"#,
        ),
        Some(Fault::TruncatedJson) => {
            let full = route(&recorded).body;
            let cut = full.slice(..full.len() / 2);
            Answer::new(200, "application/json;charset=utf-8", cut)
        }
        Some(Fault::EmptyBody) => Answer::new(200, "application/json;charset=utf-8", Bytes::new()),
        Some(Fault::CutTransfer) => {
            let first = Bytes::from_static(br#"["570000000002","57"#);
            // The pause lets hyper flush the headers and the first bytes before the failure.
            let pause = Box::pin(tokio::time::sleep(std::time::Duration::from_millis(20)));
            let mut response = Response::new(Body::Cut(Some(first), pause));
            response.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/json;charset=utf-8"),
            );
            return response;
        }
        Some(Fault::ResetConnection) => {
            let _ = cutter.shutdown(Shutdown::Both);
            Answer::new(200, "text/plain", Bytes::new())
        }
        Some(Fault::RateLimited) if is_ok => ok::rate_limited(),
        Some(Fault::RateLimited) => mailru::rate_limited(),
    };
    into_response(answer)
}

const ERROR_PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

fn route(request: &RecordedRequest) -> Answer {
    let params = request.params();
    match request.path.as_str() {
        "/fb.do" => ok::handle(&params, None),
        path if path.starts_with("/api/") => {
            let method = path
                .trim_start_matches("/api/")
                .trim_end_matches('/')
                .replace('/', ".");
            ok::handle(&params, Some(method))
        }
        "/platform/api" | "/platform/api/" => mailru::handle(&params),
        _ => Answer::new(
            404,
            "text/html; charset=utf-8",
            "<html><body><h1>404 Not Found</h1></body></html>",
        ),
    }
}

async fn record(request: Request<Incoming>) -> RecordedRequest {
    let (parts, body) = request.into_parts();
    // A body that fails to arrive whole is recorded as what did arrive: nothing here may panic.
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let raw_query = parts.uri.query().unwrap_or_default().to_owned();
    let decode = |bytes: &[u8]| {
        form_urlencoded::parse(bytes)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    };
    let is_form = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    RecordedRequest {
        http_method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: decode(raw_query.as_bytes()),
        raw_query,
        form: if is_form { decode(&body) } else { Vec::new() },
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body,
    }
}

/// A response body: a whole one, or one that promises more than it sends and then fails,
/// which makes hyper abort the connection in the middle of the body.
pub(crate) enum Body {
    Whole(Full<Bytes>),
    Cut(Option<Bytes>, std::pin::Pin<Box<tokio::time::Sleep>>),
}

/// What a cut body claims to be.
const CUT_CLAIMED_LEN: u64 = 4096;

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
        match self.get_mut() {
            Body::Whole(full) => std::pin::Pin::new(full)
                .poll_frame(cx)
                .map_err(|never| match never {}),
            Body::Cut(first, pause) => match first.take() {
                Some(bytes) => std::task::Poll::Ready(Some(Ok(hyper::body::Frame::data(bytes)))),
                None => pause.as_mut().poll(cx).map(|()| {
                    Some(Err(std::io::Error::new(
                        std::io::ErrorKind::ConnectionAborted,
                        "cut transfer",
                    )))
                }),
            },
        }
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        match self {
            Body::Whole(full) => full.size_hint(),
            Body::Cut(..) => hyper::body::SizeHint::with_exact(CUT_CLAIMED_LEN),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Body::Whole(full) => full.is_end_stream(),
            Body::Cut(..) => false,
        }
    }
}

fn into_response(answer: Answer) -> Response<Body> {
    let mut response = Response::new(Body::Whole(Full::new(answer.body)));
    *response.status_mut() = hyper::StatusCode::from_u16(answer.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(answer.content_type));
    for (name, value) in answer.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}
