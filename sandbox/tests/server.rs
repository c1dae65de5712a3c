//! The server itself: recording, searching what was sent, odd input, concurrency, lifecycle.

mod common;

use std::time::Duration;

use common::*;
use fixtures::ok as fx;
use serde_json::json;

#[tokio::test]
async fn requests_are_recorded_in_full_and_in_order() {
    let sandbox = sandbox().await;
    let params = ok_params("friends.get", &[], alice());
    get(&sandbox.ok_api_url(), &params).await;
    let response = client()
        .post(format!("{}?method=friends.get", sandbox.ok_api_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-test", "two")
        .body(encode(&params))
        .send()
        .await
        .unwrap();
    read(response).await;

    let requests = sandbox.requests();
    assert_eq!(requests.len(), 2);
    let (first, second) = (&requests[0], &requests[1]);
    assert_eq!(first.http_method, "GET");
    assert_eq!(first.path, "/fb.do");
    assert_eq!(first.query, params);
    assert_eq!(first.raw_query, encode(&params));
    assert!(first.form.is_empty() && first.body.is_empty());

    assert_eq!(second.http_method, "POST");
    assert_eq!(second.query, pairs(&[("method", "friends.get")]));
    assert_eq!(second.form, params);
    assert_eq!(second.body, encode(&params).into_bytes());
    assert_eq!(second.header("X-Test"), Some("two"));
    assert_eq!(second.params().len(), params.len() + 1);
    assert_eq!(second.param("access_token"), Some(fx::ALICE_ACCESS_TOKEN));
    assert_eq!(sandbox.last_request().as_ref(), Some(second));
}

#[tokio::test]
async fn contains_finds_anything_that_was_sent() {
    let sandbox = sandbox().await;
    let response = client()
        .post(format!(
            "{}?q=%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82",
            sandbox.ok_api_url()
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("authorization", "Bearer header-secret")
        .body("a=1&b=form%20secret")
        .send()
        .await
        .unwrap();
    read(response).await;
    let request = sandbox.last_request().unwrap();
    for needle in [
        "привет",
        "%D0%BF%D1%80",
        "header-secret",
        "form secret",
        "form%20secret",
        "/fb.do",
    ] {
        assert!(request.contains(needle), "{needle}");
    }
    assert!(!request.contains(fx::APPLICATION_SECRET_KEY));

    // A JSON body is not a form, but it is still searched.
    client()
        .post(sandbox.mailru_api_url())
        .header("content-type", "application/json")
        .body(r#"{"secret":"in-json"}"#)
        .send()
        .await
        .unwrap();
    let request = sandbox.last_request().unwrap();
    assert!(request.form.is_empty());
    assert!(request.contains("in-json"));
}

#[tokio::test]
async fn a_correct_client_leaks_no_secret() {
    let sandbox = sandbox().await;
    ok_call(&sandbox, "friends.get", &[], alice()).await;
    ok_call(
        &sandbox,
        "friends.get",
        &[],
        OkAuth::Server(fx::ALICE_ACCESS_TOKEN),
    )
    .await;
    ok_call(
        &sandbox,
        "friends.get",
        &[("uid", fx::ALICE_ID)],
        OkAuth::App,
    )
    .await;
    mailru_call(&sandbox, "friends.get", &[], mailru_alice()).await;
    mailru_call(
        &sandbox,
        "friends.get",
        &[],
        MailRuAuth::Server(fixtures::mailru::ALICE_SESSION_KEY),
    )
    .await;
    let requests = sandbox.requests();
    assert_eq!(requests.len(), 5);
    for secret in [
        fx::APPLICATION_SECRET_KEY,
        fx::ALICE_SESSION_SECRET_KEY,
        fixtures::mailru::PRIVATE_KEY,
        fixtures::mailru::SECRET_KEY,
    ] {
        assert!(requests.iter().all(|r| !r.contains(secret)), "{secret}");
    }
    assert!(requests[0].contains(fx::ALICE_ACCESS_TOKEN));
}

#[tokio::test]
async fn recording_can_be_paused_and_cleared() {
    let sandbox = sandbox().await;
    ok_call(&sandbox, "friends.get", &[], alice()).await;
    sandbox.set_recording(false);
    ok_call(&sandbox, "friends.get", &[], alice()).await;
    assert_eq!(sandbox.requests().len(), 1);
    sandbox.set_recording(true);
    ok_call(&sandbox, "friends.get", &[], alice()).await;
    assert_eq!(sandbox.requests().len(), 2);
    sandbox.clear_requests();
    assert!(sandbox.requests().is_empty());
    assert!(sandbox.last_request().is_none());
}

#[tokio::test]
async fn unknown_paths_are_404_pages_and_are_recorded() {
    let sandbox = sandbox().await;
    let reply = read(
        client()
            .get(format!("{}/nowhere?x=1", sandbox.base_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, 404);
    assert!(reply.content_type.starts_with("text/html"));
    assert!(reply.body.contains("404 Not Found"));
    assert_eq!(sandbox.last_request().unwrap().path, "/nowhere");
}

#[tokio::test]
async fn odd_input_gets_answers_not_panics() {
    let sandbox = sandbox().await;
    let http = client();
    let ok = sandbox.ok_api_url();
    let mailru = sandbox.mailru_api_url();
    let huge = "x".repeat(60_000);
    let queries = [
        format!("{ok}?application_key=%FF%FE&method=%C0"),
        format!("{ok}?%%%=%&&&==&application_key"),
        format!("{ok}?application_key={}&method={huge}", fx::APPLICATION_KEY),
        format!("{mailru}?app_id=%FF&method=%00"),
        format!("{mailru}?app_id=99999999999999999999999999"),
        format!("{}/api/%FF/%FE", sandbox.base_url()),
        format!("{}/api/", sandbox.base_url()),
    ];
    for url in &queries {
        let response = http.get(url).send().await.unwrap();
        assert!(
            response.status().is_success() || response.status().is_client_error(),
            "{url:.80}"
        );
        let body = response.text().await.unwrap();
        assert!(body.len() < 4096, "answers stay small: {body:.200}");
    }
    // Bad UTF-8 and stray bytes in a form body.
    let response = http
        .post(&ok)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"application_key=\xff\xfe&method=\x00\x01&sig=%ZZ".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(read(response).await.ok_error(), 101);
    // A huge but valid signed call still works.
    let long_text = "я".repeat(50_000);
    let params = ok_params(
        "users.getInfo",
        &[
            ("uids", fx::ALICE_ID),
            ("fields", "uid"),
            ("padding", &long_text),
        ],
        alice(),
    );
    assert_eq!(
        post(&ok, &params).await.json(),
        json!([{"uid": fx::ALICE_ID}])
    );
    // Everything was recorded, the last one in full.
    assert_eq!(sandbox.requests().len(), queries.len() + 2);
    assert_eq!(
        sandbox.last_request().unwrap().param("padding"),
        Some(long_text.as_str())
    );
    // The server still answers normally.
    assert_eq!(
        ok_call(&sandbox, "users.getLoggedInUser", &[], alice())
            .await
            .json(),
        json!(fx::ALICE_ID)
    );
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let sandbox = sandbox().await;
    let response = client()
        .post(sandbox.ok_api_url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 17 * 1024 * 1024])
        .send()
        .await;
    // The server may close before the client finished sending; either way no success.
    if let Ok(response) = response {
        assert_eq!(response.status(), 413);
    }
    let recorded = sandbox.last_request().unwrap();
    assert!(recorded.form.is_empty());
    assert_eq!(
        ok_call(&sandbox, "users.getLoggedInUser", &[], alice())
            .await
            .json(),
        json!(fx::ALICE_ID)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_requests() {
    let sandbox = sandbox().await;
    let url = format!(
        "{}?{}",
        sandbox.ok_api_url(),
        encode(&ok_params("friends.get", &[], alice()))
    );
    let http = client();
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let (http, url) = (http.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            http.get(url).send().await?.text().await
        }));
    }
    for task in tasks {
        assert_eq!(
            task.await.unwrap().unwrap(),
            format!(r#"["{}","{}"]"#, fx::BOB_ID, fx::DAVE_ID)
        );
    }
    assert_eq!(sandbox.requests().len(), 200);
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let sandbox = sandbox().await;
    let url = sandbox.ok_api_url();
    let http = client();
    // A pooled keep-alive connection is open when the server stops.
    assert!(http.get(&url).send().await.is_ok());
    assert!(format!("{sandbox:?}").contains(&sandbox.addr().to_string()));
    sandbox.shutdown().await;
    let error = http.get(&url).send().await.unwrap_err();
    assert!(error.is_connect() || error.is_request(), "{error}");

    let sandbox = common::sandbox().await;
    let url = sandbox.ok_api_url();
    assert!(http.get(&url).send().await.is_ok());
    drop(sandbox);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(client().get(&url).send().await.is_err());
}

#[tokio::test]
async fn shutdown_lets_a_request_in_progress_finish() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::Latency(Duration::from_millis(300)));
    let url = format!(
        "{}?{}",
        sandbox.ok_api_url(),
        encode(&ok_params("users.getLoggedInUser", &[], alice()))
    );
    let pending = tokio::spawn(async move { client().get(url).send().await?.text().await });
    // Shut down only once the request is in (a fixed sleep loses the race on a busy machine).
    let arrived = async {
        while sandbox.requests().is_empty() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(10), arrived)
        .await
        .expect("the request reaches the sandbox");
    sandbox.shutdown().await;
    assert_eq!(
        pending.await.unwrap().unwrap(),
        format!(r#""{}""#, fx::ALICE_ID)
    );
}

#[tokio::test]
async fn urls_point_at_the_right_places() {
    let sandbox = sandbox().await;
    let port = sandbox.addr().port();
    assert!(sandbox.addr().ip().is_loopback());
    assert_eq!(sandbox.base_url(), format!("http://127.0.0.1:{port}"));
    assert_eq!(
        sandbox.ok_api_url(),
        format!("http://127.0.0.1:{port}/fb.do")
    );
    assert_eq!(
        sandbox.mailru_api_url(),
        format!("http://127.0.0.1:{port}/platform/api")
    );
    // Two sandboxes are independent.
    let other = common::sandbox().await;
    assert_ne!(other.addr(), sandbox.addr());
    other.inject(Fault::Status(500));
    assert_eq!(sandbox.pending_faults(), 0);
}
