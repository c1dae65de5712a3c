//! What the benchmarks share: a minimal local HTTP/1.1 server written on raw tokio TCP (so
//! that no framework's cost is in the figures), the session, and figures over rounds.
#![allow(dead_code)]

use std::net::SocketAddr;

use okru::ok::ClientSession;
use okru_sandbox::fixtures;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The answer of every benchmark call: a `friends.get`-sized list of 20 user ids.
pub fn friends_body() -> Vec<u8> {
    let ids: Vec<String> = (0..20)
        .map(|i| format!("\"{}\"", 574_000_000_000u64 + i))
        .collect();
    format!("[{}]", ids.join(",")).into_bytes()
}

/// Serves `body` to every GET on its own thread (one runtime thread), keep-alive, and
/// returns its address. The thread lives as long as the process.
pub fn serve_on_thread(body: Vec<u8>) -> SocketAddr {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            sender.send(listener.local_addr().unwrap()).unwrap();
            serve(listener, body).await;
        });
    });
    receiver.recv().unwrap()
}

/// The accept loop: one task per connection, one fixed answer per request.
pub async fn serve(listener: TcpListener, body: Vec<u8>) {
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(&body);
    let answer: &'static [u8] = answer.leak();
    loop {
        let Ok((mut socket, _)) = listener.accept().await else {
            continue;
        };
        let _ = socket.set_nodelay(true);
        tokio::spawn(async move {
            let mut buffer = Vec::with_capacity(2048);
            let mut chunk = [0u8; 4096];
            loop {
                // GET requests have no body: a request ends at the blank line.
                while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                    buffer.drain(..end + 4);
                    if socket.write_all(answer).await.is_err() {
                        return;
                    }
                }
                match socket.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                }
            }
        });
    }
}

pub fn session() -> ClientSession {
    ClientSession::new(
        fixtures::ok::APP_ID,
        okru::ApplicationKey::new(fixtures::ok::APPLICATION_KEY),
        okru::AccessToken::new(fixtures::ok::ALICE_ACCESS_TOKEN),
        okru::SessionSecretKey::new(fixtures::ok::ALICE_SESSION_SECRET_KEY),
    )
}

/// The URL the SDK sends for `friends.get` to `base`, signed once: the raw baseline fetches
/// exactly this.
pub fn signed_url(base: &str) -> url::Url {
    use okru::Session;
    let mut params = okru::Params::new();
    session().authorize("friends.get", &mut params).unwrap();
    url::Url::parse_with_params(base, params.iter()).unwrap()
}

/// An SDK `Api` on `base` that makes one attempt per call, as raw reqwest does.
pub fn api(base: &str) -> okru::ok::Api<ClientSession> {
    okru::ok::Api::builder(session())
        .base_url(base)
        .retry(okru::RetryPolicy::none())
        .build()
        .unwrap()
}

/// An environment variable read as a number, or `default`.
pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `(min, median, max)` of `values`.
pub fn spread(values: &[f64]) -> (f64, f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    (
        sorted[0],
        sorted[sorted.len() / 2],
        sorted[sorted.len() - 1],
    )
}
