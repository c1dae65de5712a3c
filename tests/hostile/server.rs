//! A raw-socket HTTP/1.1 server on loopback whose every byte the test controls: status
//! line, headers, framing (length, chunked, none, broken), bodies of any size generated
//! on the fly (never held in memory), delays and connections that hang.
//!
//! It records every request it reads, so that a test can count the requests and search
//! what was sent for secrets. Shared by `tests/hostile.rs` and `benches/hostile.rs`.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    /// A parameter of the query string or of a form body.
    pub fn param(&self, name: &str) -> Option<String> {
        let query = self.target.split_once('?').map_or("", |(_, q)| q);
        url::form_urlencoded::parse(query.as_bytes())
            .chain(url::form_urlencoded::parse(&self.body))
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Everything that was sent, as text, to search for secrets.
    pub fn text(&self) -> String {
        let mut all = format!("{} {}\n", self.method, self.target);
        for (k, v) in &self.headers {
            all.push_str(&format!("{k}: {v}\n"));
        }
        all.push_str(&String::from_utf8_lossy(&self.body));
        all
    }
}

/// How the body is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `Content-Length`.
    Length,
    /// `Transfer-Encoding: chunked`, in chunks of at most 64 KiB.
    Chunked,
    /// Neither: the body ends when the connection closes.
    UntilClose,
}

/// What a body is made of.
#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Vec<u8>),
    /// `head`, then `unit` `count` times, then `tail`: any size without holding it.
    Repeat {
        head: Vec<u8>,
        unit: Vec<u8>,
        count: u64,
        tail: Vec<u8>,
    },
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Bytes(b) => b.len() as u64,
            Body::Repeat {
                head,
                unit,
                count,
                tail,
            } => (head.len() + tail.len()) as u64 + unit.len() as u64 * count,
        }
    }
}

/// One answer.
#[derive(Debug, Clone)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Body,
    framing: Framing,
    delay: Duration,
    /// Bytes written verbatim instead of a well-formed answer, then the connection closes.
    raw: Option<Vec<u8>>,
    /// Never answer (the connection stays open).
    hang: bool,
    /// Close the connection after this many body bytes (a cut transfer).
    cut_after: Option<u64>,
    /// Stop sending after this many body bytes, keeping the connection open.
    stall_after: Option<u64>,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Bytes(body.into()),
            framing: Framing::Length,
            delay: Duration::ZERO,
            raw: None,
            hang: false,
            cut_after: None,
            stall_after: None,
        }
    }

    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Reply::new(status, "application/json;charset=utf-8", body)
    }

    pub fn html(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Reply::new(status, "text/html;charset=utf-8", body)
    }

    /// A body made of `head`, `unit` repeated `count` times, and `tail`.
    pub fn repeat(
        status: u16,
        content_type: &str,
        head: &str,
        unit: &str,
        count: u64,
        tail: &str,
    ) -> Self {
        let mut reply = Reply::new(status, content_type, Vec::new());
        reply.body = Body::Repeat {
            head: head.into(),
            unit: unit.into(),
            count,
            tail: tail.into(),
        };
        reply
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Self {
        Reply::new(status, "text/plain", Vec::new()).header("Location", location)
    }

    /// Bytes written as they are, then the connection closes.
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Self {
        let mut reply = Reply::new(200, "text/plain", Vec::new());
        reply.raw = Some(bytes.into());
        reply
    }

    /// No answer at all; the connection stays open.
    pub fn hang() -> Self {
        let mut reply = Reply::new(200, "text/plain", Vec::new());
        reply.hang = true;
        reply
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn framing(mut self, framing: Framing) -> Self {
        self.framing = framing;
        self
    }

    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Announces the whole length but closes after `bytes` of the body.
    pub fn cut_after(mut self, bytes: u64) -> Self {
        self.cut_after = Some(bytes);
        self
    }

    /// Sends `bytes` of the body, then nothing more, keeping the connection open.
    pub fn stall_after(mut self, bytes: u64) -> Self {
        self.cut_after = Some(bytes);
        self.stall_after = Some(bytes);
        self
    }
}

type Handler = Arc<dyn Fn(&Seen) -> Reply + Send + Sync>;

/// The server; it stops when dropped.
pub struct Hostile {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Hostile {
    /// Listens on a free loopback port; `handler` answers each request.
    pub async fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("loopback");
        let addr = listener.local_addr().expect("bound");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let log = Arc::clone(&seen);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let (handler, log) = (Arc::clone(&handler), Arc::clone(&log));
                tokio::spawn(serve(stream, handler, log));
            }
        });
        Hostile { addr, seen, task }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// How many requests had a path starting with `prefix`.
    pub fn count(&self, prefix: &str) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path.starts_with(prefix))
            .count()
    }
}

async fn serve(mut stream: TcpStream, handler: Handler, log: Arc<Mutex<Vec<Seen>>>) {
    let mut buffer = Vec::new();
    loop {
        let Some(seen) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        log.lock().unwrap().push(seen.clone());
        let reply = handler(&seen);
        if !reply.delay.is_zero() {
            tokio::time::sleep(reply.delay).await;
        }
        if reply.hang {
            // Keep the connection open until the client goes away.
            let mut sink = [0u8; 1024];
            while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
            return;
        }
        if let Some(raw) = &reply.raw {
            let _ = stream.write_all(raw).await;
            let _ = stream.shutdown().await;
            return;
        }
        if write_reply(&mut stream, &reply).await.is_err() {
            return;
        }
        if reply.stall_after.is_some() {
            let mut sink = [0u8; 1024];
            while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
            return;
        }
        if reply.framing == Framing::UntilClose || reply.cut_after.is_some() {
            let _ = stream.shutdown().await;
            return;
        }
    }
}

/// Reads one request (head and body); `None` when the client closed or sent garbage.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Seen> {
    let head_end = loop {
        if let Some(end) = find(buffer, b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > 1 << 20 {
            return None;
        }
        let mut chunk = [0u8; 16 * 1024];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    buffer.drain(..head_end + 4);
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let body = if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        read_chunked(stream, buffer).await?
    } else {
        let len: usize = header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        fill(stream, buffer, len).await?;
        buffer.drain(..len).collect()
    };
    let path = target.split('?').next().unwrap_or("/").to_owned();
    Some(Seen {
        method,
        target,
        path,
        headers,
        body,
    })
}

async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>, len: usize) -> Option<()> {
    while buffer.len() < len {
        let mut chunk = [0u8; 16 * 1024];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    Some(())
}

async fn read_chunked(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = loop {
            if let Some(end) = find(buffer, b"\r\n") {
                break end;
            }
            let need = buffer.len() + 1;
            fill(stream, buffer, need).await?;
        };
        let size_text = String::from_utf8_lossy(&buffer[..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        buffer.drain(..line_end + 2);
        fill(stream, buffer, size + 2).await?;
        body.extend(buffer.drain(..size));
        buffer.drain(..2);
        if size == 0 {
            return Some(body);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

async fn write_reply(stream: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    match reply.framing {
        Framing::Length => head.push_str(&format!("Content-Length: {}\r\n", reply.body.len())),
        Framing::Chunked => head.push_str("Transfer-Encoding: chunked\r\n"),
        Framing::UntilClose => head.push_str("Connection: close\r\n"),
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    let limit = reply.cut_after.unwrap_or(u64::MAX);
    let mut written = 0u64;
    let mut send = |piece: Vec<u8>| {
        let allowed = limit.saturating_sub(written).min(piece.len() as u64) as usize;
        written += allowed as u64;
        let mut piece = piece;
        piece.truncate(allowed);
        piece
    };
    for piece in pieces(&reply.body) {
        let piece = send(piece);
        if piece.is_empty() {
            break;
        }
        match reply.framing {
            Framing::Chunked => {
                stream
                    .write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                    .await?;
                stream.write_all(&piece).await?;
                stream.write_all(b"\r\n").await?;
            }
            _ => stream.write_all(&piece).await?,
        }
    }
    if reply.framing == Framing::Chunked && reply.cut_after.is_none() {
        stream.write_all(b"0\r\n\r\n").await?;
    }
    stream.flush().await
}

/// The body in pieces of about 64 KiB.
fn pieces(body: &Body) -> Box<dyn Iterator<Item = Vec<u8>> + Send + '_> {
    const PIECE: usize = 64 * 1024;
    match body {
        Body::Bytes(bytes) => Box::new(bytes.chunks(PIECE).map(<[u8]>::to_vec)),
        Body::Repeat {
            head,
            unit,
            count,
            tail,
        } => {
            let per_block = (PIECE / unit.len().max(1)).max(1) as u64;
            let block = unit.repeat(per_block as usize);
            let (full, rest) = (count / per_block, (count % per_block) as usize);
            Box::new(
                std::iter::once(head.clone())
                    .chain((0..full).map(move |_| block.clone()))
                    .chain(std::iter::once(unit.repeat(rest)))
                    .chain(std::iter::once(tail.clone()))
                    .filter(|piece: &Vec<u8>| !piece.is_empty()),
            )
        }
    }
}
