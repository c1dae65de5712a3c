//! Retries, `Retry-After`, the client-side throttle and the `okru.call` span, against the
//! sandbox with injected faults.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use okru::{ErrorKind, RateLimit, RetryPolicy};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

use fixtures::ok as fx;

/// Quick retries, so that the tests do not wait.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .backoff(Duration::from_millis(1), Duration::from_millis(5))
}

fn api_with(sandbox: &Sandbox, retry: RetryPolicy) -> okru::ok::Api<okru::ok::ClientSession> {
    okru::ok::Api::builder(ok_client_session())
        .base_url(sandbox.ok_api_url())
        .retry(retry)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap()
}

fn sent(sandbox: &Sandbox, method: &str) -> usize {
    sandbox
        .requests()
        .iter()
        .filter(|r| r.param("method") == Some(method))
        .count()
}

#[tokio::test]
async fn a_passing_fault_injected_twice_is_retried_and_the_read_succeeds() {
    let sandbox = sandbox().await;
    let api = api_with(&sandbox, fast_retries());
    sandbox.inject_times(Fault::Status(503), 1);
    sandbox.inject_times(Fault::RateLimited, 1);
    let friends = api.friends().get().await.unwrap();
    assert!(!friends.is_empty());
    assert_eq!(sent(&sandbox, "friends.get"), 3);
}

#[tokio::test]
async fn retries_stop_at_the_attempt_limit_and_none_turns_them_off() {
    let sandbox = sandbox().await;
    sandbox.inject_times(Fault::Status(502), 5);
    let err = api_with(&sandbox, fast_retries())
        .friends()
        .get()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Status { status: 502 });
    assert_eq!(sent(&sandbox, "friends.get"), 3);
    sandbox.clear_requests();
    let err = api_with(&sandbox, RetryPolicy::none())
        .friends()
        .get()
        .await
        .unwrap_err();
    assert!(err.is_retryable());
    assert_eq!(sent(&sandbox, "friends.get"), 1);
}

#[tokio::test]
async fn a_write_that_timed_out_is_not_sent_again() {
    let sandbox = sandbox().await;
    let api = api_with(&sandbox, fast_retries());
    sandbox.inject(Fault::Latency(Duration::from_secs(2)));
    let err = api.photos().create_album("Holidays").await;
    let err = match err {
        Err(err) => err,
        Ok(_) => panic!("the call should have timed out"),
    };
    assert_eq!(err.kind(), &ErrorKind::Timeout);
    assert_eq!(sent(&sandbox, "photos.createAlbum"), 1);
    // A read that timed out is sent again.
    sandbox.clear_requests();
    sandbox.inject(Fault::Latency(Duration::from_secs(2)));
    api.friends().get().await.unwrap();
    assert_eq!(sent(&sandbox, "friends.get"), 2);
}

#[tokio::test]
async fn a_connection_that_cannot_be_made_is_retried_for_any_method() {
    // A port nothing listens on: the connection is refused, nothing is sent.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/fb.do", listener.local_addr().unwrap());
    drop(listener);
    let api = okru::ok::Api::builder(ok_client_session())
        .base_url(url)
        .retry(fast_retries())
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = api
        .call::<serde_json::Value>("photos.createAlbum", okru::Params::new())
        .await;
    let err = err.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert_eq!(err.kind(), &ErrorKind::Connection);
    // Three attempts with millisecond backoff: well under a second, not one attempt only.
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn retry_after_is_read_and_honoured() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::RetryAfter {
        status: 429,
        seconds: 1,
    });
    let err = api_with(&sandbox, RetryPolicy::none())
        .friends()
        .get()
        .await
        .unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));
    assert!(err.is_rate_limited());

    sandbox.clear_requests();
    sandbox.inject(Fault::RetryAfter {
        status: 503,
        seconds: 1,
    });
    let api = api_with(
        &sandbox,
        fast_retries().backoff(Duration::from_millis(1), Duration::from_secs(5)),
    );
    api.friends().get().await.unwrap();
    let requests = sandbox.requests();
    assert_eq!(requests.len(), 2);
    let gap = requests[1].received_at.unwrap() - requests[0].received_at.unwrap();
    assert!(gap >= Duration::from_millis(950), "waited only {gap:?}");
}

#[tokio::test]
async fn the_throttle_spaces_requests_and_is_shared_by_clones() {
    let sandbox = sandbox().await;
    let api = okru::ok::Api::builder(ok_client_session())
        .base_url(sandbox.ok_api_url())
        .rate_limit(RateLimit::per_second(20))
        .build()
        .unwrap();
    let clone = api.clone();
    let calls = (0..5).map(|i| {
        let api = if i % 2 == 0 {
            api.clone()
        } else {
            clone.clone()
        };
        tokio::spawn(async move { api.users().get_logged_in_user().await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap().unwrap();
    }
    let mut times: Vec<_> = sandbox
        .requests()
        .iter()
        .map(|r| r.received_at.unwrap())
        .collect();
    times.sort();
    assert_eq!(times.len(), 5);
    // 20 per second is one every 50 ms: four gaps take at least ~200 ms (with slack for
    // the scheduler), whatever the machine's speed; without the throttle they take ~0.
    let span = *times.last().unwrap() - times[0];
    assert!(
        span >= Duration::from_millis(180),
        "5 requests within {span:?}"
    );
}

/// Every field recorded on `okru.call` spans, as text.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<(String, String)>>>);

struct Fields<'a>(&'a Captured);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .0
            .lock()
            .unwrap()
            .push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl<S: tracing::Subscriber> Layer<S> for Captured {
    fn on_new_span(&self, attrs: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        if attrs.metadata().name() == "okru.call" {
            attrs.record(&mut Fields(self));
        }
    }

    fn on_record(&self, _: &Id, values: &Record<'_>, _: Context<'_, S>) {
        values.record(&mut Fields(self));
    }

    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        event.record(&mut Fields(self));
    }
}

#[tokio::test]
async fn the_call_span_carries_its_fields_and_no_secret() {
    let sandbox = sandbox().await;
    let captured = Captured::default();
    let subscriber = tracing_subscriber::registry().with(captured.clone());
    let _guard = tracing::subscriber::set_default(subscriber);

    let api = api_with(&sandbox, fast_retries());
    sandbox.inject(Fault::Status(503));
    api.friends().get().await.unwrap();
    let failing = ok_api(
        &sandbox,
        okru::ok::ClientSession::new(
            fx::APP_ID,
            ok_key(),
            okru::AccessToken::new(fx::EXPIRED_ACCESS_TOKEN),
            okru::SessionSecretKey::new(fx::EXPIRED_SESSION_SECRET_KEY),
        ),
    );
    let _ = failing.friends().get().await;

    let fields = captured.0.lock().unwrap().clone();
    let value = |name: &str| -> Vec<String> {
        fields
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    assert!(
        value("method").contains(&"\"friends.get\"".to_owned()),
        "{fields:?}"
    );
    assert!(value("platform").iter().any(|v| v.contains("OK")));
    assert!(value("attempt").contains(&"2".to_owned()), "{fields:?}");
    assert!(value("http.status").contains(&"503".to_owned()));
    assert!(value("http.status").contains(&"200".to_owned()));
    assert!(value("api.error_code").contains(&"102".to_owned()));
    assert!(!value("elapsed_ms").is_empty());
    assert!(value("renewed").contains(&"false".to_owned()));
    let everything = format!("{fields:?}");
    for secret in [
        fx::ALICE_ACCESS_TOKEN,
        fx::ALICE_SESSION_SECRET_KEY,
        fx::EXPIRED_ACCESS_TOKEN,
        fx::APPLICATION_KEY,
        "sig=",
        "http://",
    ] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
}
