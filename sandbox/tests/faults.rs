//! Every fault, observed by a plain HTTP client as what it claims to be.

mod common;

use std::error::Error as _;
use std::time::{Duration, Instant};

use common::*;
use serde_json::json;

/// A signed, valid OK call: `friends.get` for Alice.
fn ok_url(sandbox: &Sandbox) -> String {
    format!(
        "{}?{}",
        sandbox.ok_api_url(),
        encode(&ok_params("friends.get", &[], alice()))
    )
}

fn mailru_url(sandbox: &Sandbox) -> String {
    format!(
        "{}?{}",
        sandbox.mailru_api_url(),
        encode(&mailru_params("friends.get", &[], mailru_alice()))
    )
}

const NORMAL_OK: &str = r#"["570000000002","570000000004"]"#;

/// The chain of sources of an error, as text.
fn chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(" <- ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn has_io_kind(error: &reqwest::Error, kind: std::io::ErrorKind) -> bool {
    let mut source = error.source();
    while let Some(cause) = source {
        if cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == kind)
        {
            return true;
        }
        source = cause.source();
    }
    false
}

#[tokio::test]
async fn latency_delays_a_normal_answer() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::Latency(Duration::from_millis(200)));
    let started = Instant::now();
    let reply = read(client().get(ok_url(&sandbox)).send().await.unwrap()).await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(reply.body, NORMAL_OK);

    // With a shorter client timeout it is a timeout.
    sandbox.inject(Fault::Latency(Duration::from_secs(5)));
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let error = impatient.get(ok_url(&sandbox)).send().await.unwrap_err();
    assert!(error.is_timeout(), "{}", chain(&error));
    // The server is not stuck behind the abandoned request.
    assert_eq!(
        read(client().get(ok_url(&sandbox)).send().await.unwrap())
            .await
            .body,
        NORMAL_OK
    );
}

#[tokio::test]
async fn status_answers_that_status_with_text() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::Status(503));
    sandbox.inject(Fault::Status(502));
    sandbox.inject(Fault::Status(42));
    for expected in [503, 502, 500] {
        let reply = read(client().get(ok_url(&sandbox)).send().await.unwrap()).await;
        assert_eq!(reply.status, expected);
        assert!(reply.content_type.starts_with("text/plain"));
        assert!(reply.body.starts_with(&expected.to_string()));
    }
}

#[tokio::test]
async fn html_page_is_a_200_html_error_page() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::HtmlPage);
    let reply = read(client().get(ok_url(&sandbox)).send().await.unwrap()).await;
    assert_eq!(reply.status, 200);
    assert!(reply.content_type.starts_with("text/html"));
    assert!(reply.body.starts_with("<html>"));
    assert!(serde_json::from_str::<serde_json::Value>(&reply.body).is_err());
}

#[tokio::test]
async fn malformed_json_is_labelled_json_but_is_not() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::MalformedJson);
    let reply = read(client().get(ok_url(&sandbox)).send().await.unwrap()).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type, "application/json;charset=utf-8");
    let error = serde_json::from_str::<serde_json::Value>(&reply.body).unwrap_err();
    assert!(error.is_syntax());

    sandbox.inject(Fault::MalformedJson);
    let reply = read(client().get(mailru_url(&sandbox)).send().await.unwrap()).await;
    assert_eq!(reply.content_type, "text/javascript; charset=utf-8");
    assert!(serde_json::from_str::<serde_json::Value>(&reply.body).is_err());
}

#[tokio::test]
async fn truncated_json_is_half_an_answer_with_a_matching_length() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::TruncatedJson);
    let response = client().get(ok_url(&sandbox)).send().await.unwrap();
    let length = response.content_length();
    let reply = read(response).await;
    assert_eq!(reply.status, 200);
    assert_eq!(length, Some(reply.body.len() as u64));
    assert!(!reply.body.is_empty());
    assert!(NORMAL_OK.starts_with(&reply.body));
    assert!(reply.body.len() < NORMAL_OK.len());
    let error = serde_json::from_str::<serde_json::Value>(&reply.body).unwrap_err();
    assert!(error.is_eof());
}

#[tokio::test]
async fn empty_body_is_empty() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::EmptyBody);
    let response = client().get(ok_url(&sandbox)).send().await.unwrap();
    assert_eq!(response.content_length(), Some(0));
    let reply = read(response).await;
    assert_eq!((reply.status, reply.body.as_str()), (200, ""));
}

#[tokio::test]
async fn cut_transfer_fails_while_reading_the_body() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::CutTransfer);
    let response = client().get(ok_url(&sandbox)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let promised = response.content_length().unwrap();
    assert!(promised > NORMAL_OK.len() as u64);
    let error = response.bytes().await.unwrap_err();
    assert!(error.is_body() || error.is_decode(), "{}", chain(&error));
}

#[tokio::test]
async fn reset_connection_gives_no_response_at_all() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::ResetConnection);
    let error = client().get(ok_url(&sandbox)).send().await.unwrap_err();
    assert!(error.status().is_none());
    assert!(
        error.is_request() || error.is_connect(),
        "{}",
        chain(&error)
    );
    // A real RST, not an orderly close.
    assert!(
        has_io_kind(&error, std::io::ErrorKind::ConnectionReset),
        "{}",
        chain(&error)
    );
}

#[tokio::test]
async fn rate_limits_use_each_platforms_envelope() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::RateLimited);
    let ok = read(client().get(ok_url(&sandbox)).send().await.unwrap()).await;
    assert_eq!(ok.ok_error(), 8);
    assert!(ok.body.contains("FLOOD_BLOCKED"));

    sandbox.inject(Fault::RateLimited);
    let mailru = read(client().get(mailru_url(&sandbox)).send().await.unwrap()).await;
    assert_eq!(mailru.mailru_error(), 3);
}

#[tokio::test]
async fn faults_queue_in_order_and_then_stop() {
    let sandbox = sandbox().await;
    let client = client();
    sandbox.inject(Fault::Status(502));
    sandbox.inject(Fault::EmptyBody);
    sandbox.inject_times(Fault::Status(503), 2);
    assert_eq!(sandbox.pending_faults(), 4);
    let mut seen = Vec::new();
    for _ in 0..5 {
        let reply = read(client.get(ok_url(&sandbox)).send().await.unwrap()).await;
        seen.push((reply.status, reply.body.len()));
    }
    assert_eq!(
        seen,
        [
            (502, seen[0].1),
            (200, 0),
            (503, seen[2].1),
            (503, seen[3].1),
            (200, NORMAL_OK.len())
        ]
    );
    assert_eq!(sandbox.pending_faults(), 0);

    sandbox.inject_times(Fault::Status(500), 3);
    sandbox.clear_faults();
    assert_eq!(sandbox.pending_faults(), 0);
    let reply = read(client.get(ok_url(&sandbox)).send().await.unwrap()).await;
    assert_eq!(reply.status, 200);
    // Faulted requests are recorded like the others.
    assert_eq!(sandbox.requests().len(), 6);
}

#[tokio::test]
async fn one_pooled_client_survives_every_fault() {
    let sandbox = sandbox().await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let url = ok_url(&sandbox);
    for fault in [
        Fault::ResetConnection,
        Fault::CutTransfer,
        Fault::TruncatedJson,
        Fault::EmptyBody,
        Fault::HtmlPage,
        Fault::MalformedJson,
        Fault::Status(503),
        Fault::RateLimited,
        Fault::Latency(Duration::from_millis(10)),
    ] {
        // A normal call first, so that the connection is pooled when the fault strikes.
        let before = client.get(&url).send().await.unwrap().text().await.unwrap();
        assert_eq!(before, NORMAL_OK);
        sandbox.inject(fault.clone());
        let _ = async { client.get(&url).send().await?.bytes().await }.await;
        let after = client.get(&url).send().await.unwrap().text().await.unwrap();
        assert_eq!(after, NORMAL_OK, "after {fault:?}");
    }
}

#[tokio::test]
async fn faults_apply_to_mailru_too() {
    let sandbox = sandbox().await;
    let url = mailru_url(&sandbox);
    sandbox.inject(Fault::TruncatedJson);
    let reply = read(client().get(&url).send().await.unwrap()).await;
    assert_eq!(reply.content_type, "text/javascript; charset=utf-8");
    assert!(
        serde_json::from_str::<serde_json::Value>(&reply.body)
            .unwrap_err()
            .is_eof()
    );
    sandbox.inject(Fault::ResetConnection);
    assert!(client().get(&url).send().await.is_err());
    let reply = read(client().get(&url).send().await.unwrap()).await;
    assert_eq!(
        reply.json(),
        json!([fixtures::mailru::BOB_UID, fixtures::mailru::DAVE_UID])
    );
    // An unknown path is not a platform: rate limiting leaves it alone.
    sandbox.inject(Fault::RateLimited);
    let other = read(
        client()
            .get(format!("{}/elsewhere", sandbox.base_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(other.status, 404);
}
