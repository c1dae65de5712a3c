//! Transport behaviour: GET by default, form POST for long requests, endpoint rules, the
//! caller's own reqwest client.

mod common;

use common::*;
use okru::ErrorKind;

#[tokio::test]
async fn long_requests_are_sent_as_form_posts() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    // 400 ids make a query string far above the 2 KiB GET limit.
    let many: Vec<okru::ids::UserId> = (0..400)
        .map(|i| okru::ids::UserId::new(580_000_000_000 + i))
        .collect();
    let mut with_alice = many.clone();
    with_alice.push(uid(fixtures::ok::ALICE_ID));
    // By name, so that the catalogue's 100-uid chunking does not split it.
    let params = okru::Params::new()
        .with("uids", &with_alice)
        .with("fields", "first_name");
    let users: Vec<serde_json::Value> = api.call("users.getInfo", params).await.unwrap();
    assert_eq!(users.len(), 1, "only Alice exists");
    let request = sandbox.requests().pop().unwrap();
    assert_eq!(request.http_method, "POST");
    assert!(request.query.is_empty());
    assert!(request.form.iter().any(|(k, _)| k == "sig"));

    // The same request as a GET when the limit allows it.
    let roomy = okru::ok::Api::builder(ok_client_session())
        .base_url(sandbox.ok_api_url())
        .max_get_url_len(1 << 20)
        .build()
        .unwrap();
    let params = okru::Params::new()
        .with("uids", &many)
        .with("fields", "first_name");
    roomy
        .call::<serde_json::Value>("users.getInfo", params)
        .await
        .unwrap();
    assert_eq!(sandbox.requests().pop().unwrap().http_method, "GET");
}

#[tokio::test]
async fn every_call_can_be_a_post() {
    let sandbox = sandbox().await;
    let api = okru::mailru::Api::builder(mailru_client_session())
        .base_url(sandbox.mailru_api_url())
        .max_get_url_len(0)
        .build()
        .unwrap();
    assert!(!api.friends().get().await.unwrap().is_empty());
    assert_eq!(sandbox.requests().pop().unwrap().http_method, "POST");
}

#[test]
fn plain_http_is_refused_except_on_loopback() {
    let err = okru::ok::Api::builder(ok_client_session())
        .base_url("http://api.ok.ru/fb.do")
        .build()
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Config { .. }));
    assert!(
        okru::ok::Api::builder(ok_client_session())
            .base_url("http://127.0.0.1:9/fb.do")
            .build()
            .is_ok()
    );
}

#[test]
fn defaults_are_the_real_endpoints() {
    let ok = okru::ok::Api::new(ok_client_session()).unwrap();
    assert_eq!(ok.endpoint(), "https://api.ok.ru/fb.do");
    let mailru = okru::mailru::Api::new(mailru_client_session()).unwrap();
    assert_eq!(mailru.endpoint(), "https://appsmail.ru/platform/api");
}

#[tokio::test]
async fn a_caller_supplied_client_is_used() {
    let sandbox = sandbox().await;
    let client = reqwest::Client::builder()
        .user_agent("my-bot/1.0")
        .build()
        .unwrap();
    let api = okru::ok::Api::builder(ok_client_session())
        .base_url(sandbox.ok_api_url())
        .http_client(client)
        .build()
        .unwrap();
    api.friends().get().await.unwrap();
    let request = sandbox.requests().pop().unwrap();
    assert!(
        request
            .headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("user-agent") && v == "my-bot/1.0")
    );
}

#[tokio::test]
async fn clones_share_the_session_and_work_concurrently() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            api.friends().get().await.map(|f| f.len())
        }));
    }
    for task in tasks {
        assert!(task.await.unwrap().unwrap() > 0);
    }
    assert_eq!(sandbox.requests().len(), 20);
}
