//! The sandbox seen through a plain HTTP client: its checks, its envelopes and its faults,
//! with signatures computed here by hand (independently of both the sandbox and okru).

use md5::{Digest, Md5};
use okru_sandbox::{Fault, Sandbox, fixtures};

fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A signed OK client-circuit query string for Alice.
fn ok_query(method: &str, extra: &[(&str, &str)]) -> String {
    let mut signed: Vec<(String, String)> = vec![
        (
            "application_key".into(),
            fixtures::ok::APPLICATION_KEY.into(),
        ),
        ("format".into(), "json".into()),
        ("method".into(), method.into()),
    ];
    signed.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    signed.sort();
    let text: String = signed
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<String>()
        + fixtures::ok::ALICE_SESSION_SECRET_KEY;
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &signed {
        query.append_pair(k, v);
    }
    query.append_pair("sig", &md5_hex(&text));
    query.append_pair("access_token", fixtures::ok::ALICE_ACCESS_TOKEN);
    query.finish()
}

async fn get(url: String) -> (u16, Option<String>, String) {
    let response = reqwest::get(url).await.unwrap();
    let status = response.status().as_u16();
    let header = response
        .headers()
        .get("invocation-error")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, header, response.text().await.unwrap())
}

#[tokio::test]
async fn signed_get_and_post_are_both_accepted() {
    let sandbox = Sandbox::start().await.unwrap();
    let query = ok_query("friends.get", &[]);
    let (status, header, body) = get(format!("{}?{query}", sandbox.ok_api_url())).await;
    assert_eq!((status, header), (200, None));
    assert_eq!(
        body,
        format!(
            r#"["{}","{}"]"#,
            fixtures::ok::BOB_ID,
            fixtures::ok::DAVE_ID
        )
    );

    let posted = reqwest::Client::new()
        .post(sandbox.ok_api_url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(query)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(posted, body);
    let recorded = sandbox.requests();
    assert_eq!(recorded.len(), 2);
    assert_eq!(recorded[1].http_method, "POST");
    assert_eq!(recorded[1].param("method"), Some("friends.get"));
}

#[tokio::test]
async fn ok_errors_use_the_real_envelope() {
    let sandbox = Sandbox::start().await.unwrap();
    let url = sandbox.ok_api_url();
    let tampered =
        ok_query("friends.get", &[]).replace("method=friends.get", "method=friends.get&fid=1");
    for (query, code) in [
        ("method=friends.get".to_owned(), "101"),
        (
            format!("application_key={}&sig=x", fixtures::ok::APPLICATION_KEY),
            "100",
        ),
        (
            format!(
                "application_key={}&method=no.such&sig=x",
                fixtures::ok::APPLICATION_KEY
            ),
            "3",
        ),
        (tampered, "104"),
        (ok_query("users.getInfo", &[("fields", "name")]), "100"),
    ] {
        let (status, header, body) = get(format!("{url}?{query}")).await;
        assert_eq!(status, 200);
        assert_eq!(header.as_deref(), Some(code), "{query}");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["error_code"].to_string(), code);
        assert!(json["error_msg"].as_str().unwrap().contains(" : "));
        assert!(json["error_data"].is_null());
    }
}

#[tokio::test]
async fn mailru_errors_use_the_real_envelope() {
    let sandbox = Sandbox::start().await.unwrap();
    let url = sandbox.mailru_api_url();
    let (status, _, body) = get(format!("{url}?app_id=1&method=friends.get&sig=x")).await;
    assert_eq!(status, 400);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["error"]["error_code"], 103);

    let (app, key) = (
        fixtures::mailru::APP_ID,
        fixtures::mailru::ALICE_SESSION_KEY,
    );
    let signed = format!(
        "app_id={app}method=friends.getsecure=1session_key={key}{}",
        fixtures::mailru::SECRET_KEY
    );
    let good = format!(
        "{url}/?app_id={app}&method=friends.get&secure=1&session_key={key}&sig={}",
        md5_hex(&signed)
    );
    let (status, _, body) = get(good).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.starts_with('['));
}

#[tokio::test]
async fn every_fault_reaches_a_plain_client() {
    let sandbox = Sandbox::start().await.unwrap();
    let url = format!("{}?{}", sandbox.ok_api_url(), ok_query("friends.get", &[]));
    sandbox.inject(Fault::Status(503));
    sandbox.inject(Fault::HtmlPage);
    sandbox.inject(Fault::MalformedJson);
    sandbox.inject(Fault::TruncatedJson);
    sandbox.inject(Fault::EmptyBody);
    sandbox.inject(Fault::RateLimited);
    assert_eq!(get(url.clone()).await.0, 503);
    assert!(get(url.clone()).await.2.contains("<html>"));
    assert!(serde_json::from_str::<serde_json::Value>(&get(url.clone()).await.2).is_err());
    let truncated = get(url.clone()).await.2;
    assert!(
        serde_json::from_str::<serde_json::Value>(&truncated)
            .unwrap_err()
            .is_eof()
    );
    assert_eq!(get(url.clone()).await.2, "");
    assert_eq!(get(url.clone()).await.1.as_deref(), Some("8"));

    sandbox.inject(Fault::CutTransfer);
    let response = reqwest::get(url.clone()).await.unwrap();
    assert!(
        response.bytes().await.is_err(),
        "a cut transfer must fail while reading the body"
    );
    sandbox.inject(Fault::ResetConnection);
    assert!(
        reqwest::get(url.clone()).await.is_err(),
        "a reset connection gives no response"
    );
    sandbox.inject_times(Fault::Status(502), 2);
    assert_eq!(get(url.clone()).await.0, 502);
    assert_eq!(get(url.clone()).await.0, 502);
    assert_eq!(get(url).await.0, 200);
}

#[tokio::test]
async fn recording_can_be_searched_and_switched_off() {
    let sandbox = Sandbox::start().await.unwrap();
    let url = format!(
        "{}?{}",
        sandbox.ok_api_url(),
        ok_query("users.getLoggedInUser", &[])
    );
    get(url.clone()).await;
    let request = &sandbox.requests()[0];
    assert!(request.contains(fixtures::ok::ALICE_ACCESS_TOKEN));
    assert!(!request.contains(fixtures::ok::ALICE_SESSION_SECRET_KEY));
    sandbox.set_recording(false);
    get(url).await;
    assert_eq!(sandbox.requests().len(), 1);
    sandbox.clear_requests();
    assert!(sandbox.requests().is_empty());
    let (status, _, _) = get(format!("{}/nowhere", sandbox.base_url())).await;
    assert_eq!(status, 404);
}
