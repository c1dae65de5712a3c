//! The cap on requests in flight (`ApiBuilder::max_in_flight`): it holds for one `Api`, its
//! clones and the `Api`s sharing its transport. A local server counts the requests it is
//! answering at once; no timing is asserted.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use okru::ok::{Api, ClientSession};
use okru_sandbox::fixtures;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Default)]
struct Counts {
    active: AtomicUsize,
    peak: AtomicUsize,
    connections: AtomicUsize,
    answered: AtomicUsize,
}

/// A minimal HTTP/1.1 keep-alive server answering every GET with `[]`, holding each answer
/// a few milliseconds so that capped calls would overlap if the cap did not hold.
async fn serve(counts: Arc<Counts>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            counts.connections.fetch_add(1, Ordering::SeqCst);
            let counts = counts.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    // GET requests have no body: a request ends at the blank line.
                    while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        buffer.drain(..end + 4);
                        let now = counts.active.fetch_add(1, Ordering::SeqCst) + 1;
                        counts.peak.fetch_max(now, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(5)).await;
                        counts.active.fetch_sub(1, Ordering::SeqCst);
                        counts.answered.fetch_add(1, Ordering::SeqCst);
                        let answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n[]";
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
    });
    format!("http://{address}/fb.do")
}

fn session() -> ClientSession {
    ClientSession::new(
        fixtures::ok::APP_ID,
        okru::ApplicationKey::new(fixtures::ok::APPLICATION_KEY),
        okru::AccessToken::new(fixtures::ok::ALICE_ACCESS_TOKEN),
        okru::SessionSecretKey::new(fixtures::ok::ALICE_SESSION_SECRET_KEY),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cap_holds_for_clones_and_shared_transports() {
    let counts = Arc::new(Counts::default());
    let url = serve(counts.clone()).await;
    // A client of its own, so that no connection of another test's pool is counted.
    let client = reqwest::Client::new();
    let api = Api::builder(session())
        .base_url(&url)
        .http_client(client)
        .max_in_flight(4)
        .build()
        .unwrap();
    // Another `Api` (another session would do) on the same transport shares the cap.
    let sharing = Api::builder(session())
        .base_url(&url)
        .transport(api.transport().clone())
        .build()
        .unwrap();
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..50 {
        let (first, second) = (api.clone(), sharing.clone());
        calls.spawn(async move {
            let answer: serde_json::Value = if i % 2 == 0 {
                first.call("friends.get", okru::Params::new()).await
            } else {
                second.call("friends.get", okru::Params::new()).await
            }
            .unwrap();
            assert_eq!(answer, serde_json::json!([]));
        });
    }
    while let Some(done) = calls.join_next().await {
        done.unwrap();
    }
    assert_eq!(counts.answered.load(Ordering::SeqCst), 50);
    let peak = counts.peak.load(Ordering::SeqCst);
    assert!(
        (1..=4).contains(&peak),
        "{peak} requests were in flight at once"
    );
    // Connections are not asserted: the pool may open a spare one while a finished
    // connection is on its way back, so their count is bounded but not exactly by the cap.
    assert!(counts.connections.load(Ordering::SeqCst) >= 1);
}

#[test]
fn the_default_cap_is_documented() {
    assert_eq!(okru::http::DEFAULT_MAX_IN_FLIGHT, 100);
}
