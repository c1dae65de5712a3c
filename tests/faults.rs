//! Every kind of bad answer gives its own typed error, keeps the raw body where there is one,
//! and nothing panics. Retries are off here, so that each fault reaches the caller
//! (tests/resilience.rs covers the retries).

mod common;

use std::time::Duration;

use common::*;
use okru::ErrorKind;

async fn ok_error_after(fault: Fault) -> okru::Error {
    let sandbox = sandbox().await;
    sandbox.inject(fault);
    let api = okru::ok::Api::builder(ok_client_session())
        .base_url(sandbox.ok_api_url())
        .timeout(Duration::from_millis(500))
        .retry(okru::RetryPolicy::none())
        .build()
        .unwrap();
    api.friends()
        .get()
        .await
        .expect_err("the fault must surface as an error")
}

#[tokio::test]
async fn http_5xx_is_a_status_error() {
    let err = ok_error_after(Fault::Status(503)).await;
    assert_eq!(err.kind(), &ErrorKind::Status { status: 503 });
    assert!(err.is_retryable());
    assert!(err.raw_body().is_some());
    assert_eq!(err.method(), Some("friends.get"));
}

#[tokio::test]
async fn an_html_page_is_recognised() {
    let err = ok_error_after(Fault::HtmlPage).await;
    assert!(matches!(err.kind(), ErrorKind::HtmlPage { .. }), "{err:?}");
    assert!(err.raw_body().unwrap().text().contains('<'));
}

#[tokio::test]
async fn malformed_json_is_recognised() {
    let err = ok_error_after(Fault::MalformedJson).await;
    assert_eq!(err.kind(), &ErrorKind::MalformedJson, "{err:?}");
    assert!(err.raw_body().is_some());
}

#[tokio::test]
async fn truncated_json_is_recognised() {
    let err = ok_error_after(Fault::TruncatedJson).await;
    assert_eq!(err.kind(), &ErrorKind::TruncatedBody, "{err:?}");
    assert!(!err.raw_body().unwrap().bytes().is_empty());
}

#[tokio::test]
async fn a_cut_transfer_is_a_truncated_body() {
    let err = ok_error_after(Fault::CutTransfer).await;
    assert_eq!(err.kind(), &ErrorKind::TruncatedBody, "{err:?}");
}

#[tokio::test]
async fn an_empty_body_is_recognised() {
    let err = ok_error_after(Fault::EmptyBody).await;
    assert!(
        matches!(err.kind(), ErrorKind::EmptyBody { status: 200 }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_reset_connection_is_a_connection_error() {
    let err = ok_error_after(Fault::ResetConnection).await;
    assert_eq!(err.kind(), &ErrorKind::Connection, "{err:?}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn latency_beyond_the_timeout_is_a_timeout() {
    let err = ok_error_after(Fault::Latency(Duration::from_secs(3))).await;
    assert_eq!(err.kind(), &ErrorKind::Timeout, "{err:?}");
}

#[tokio::test]
async fn latency_within_the_timeout_is_fine() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::Latency(Duration::from_millis(50)));
    let api = ok_api(&sandbox, ok_client_session());
    assert!(!api.friends().get().await.unwrap().is_empty());
}

#[tokio::test]
async fn rate_limits_are_api_errors_that_say_so() {
    let err = ok_error_after(Fault::RateLimited).await;
    assert!(err.is_rate_limited(), "{err:?}");
}

#[tokio::test]
async fn mailru_faults_are_typed_too() {
    let sandbox = sandbox().await;
    let api = okru::mailru::Api::builder(mailru_server_session())
        .base_url(sandbox.mailru_api_url())
        .retry(okru::RetryPolicy::none())
        .build()
        .unwrap();
    for (fault, check) in [
        (
            Fault::Status(502),
            (|k: &ErrorKind| matches!(k, ErrorKind::Status { status: 502 }))
                as fn(&ErrorKind) -> bool,
        ),
        (Fault::HtmlPage, |k| matches!(k, ErrorKind::HtmlPage { .. })),
        (Fault::MalformedJson, |k| {
            matches!(k, ErrorKind::MalformedJson)
        }),
        (Fault::TruncatedJson, |k| {
            matches!(k, ErrorKind::TruncatedBody)
        }),
        (Fault::EmptyBody, |k| {
            matches!(k, ErrorKind::EmptyBody { .. })
        }),
    ] {
        sandbox.inject(fault);
        let err = api.users().get_info().await.unwrap_err();
        assert!(check(err.kind()), "{err:?}");
    }
    // After the faults the same client works again.
    assert!(!api.users().get_info().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_dead_server_is_a_connection_error() {
    let sandbox = sandbox().await;
    let url = sandbox.ok_api_url();
    sandbox.shutdown().await;
    let api = okru::ok::Api::builder(ok_client_session())
        .base_url(url)
        .build()
        .unwrap();
    let err = api.friends().get().await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Connection, "{err:?}");
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let sandbox = sandbox().await;
    let api = okru::ok::Api::builder(ok_client_session())
        .base_url(sandbox.ok_api_url())
        .max_body_len(8)
        .build()
        .unwrap();
    let err = api.users().get_current_user().await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::BodyTooLarge { limit: 8 });
}
