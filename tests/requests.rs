//! Requests are values: a generated builder can be cloned, sent again, handed to code that
//! takes any `Request`, and turned into an owned future that can be spawned. And an OAuth
//! session renews over the connection pool of the `Api` it is used with.

mod common;

use std::future::IntoFuture;

use common::*;
use okru::ok::{OAuthEndpoints, RefreshSession};
use okru::{ApplicationKey, ApplicationSecretKey, RefreshToken, Request};

use fixtures::ok as fx;

#[tokio::test]
async fn a_request_can_be_spawned() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    // The owned future holds a clone of the Api, so the Api may go away first.
    let task = tokio::spawn(
        api.users()
            .get_info([uid(fx::BOB_ID)], ["first_name"])
            .into_future(),
    );
    drop(api);
    let users = task.await.unwrap().unwrap();
    assert_eq!(users[0].uid.to_string(), fx::BOB_ID);
}

#[tokio::test]
async fn a_request_can_be_cloned_and_sent_again() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let request = api.friends().get();
    assert_eq!(request.method(), "friends.get");
    let first = request.clone().await.unwrap();
    let second = api.send(&request).await.unwrap();
    let third = request.await.unwrap();
    assert_eq!(first, second);
    assert_eq!(second, third);
    let sent = sandbox
        .requests()
        .iter()
        .filter(|r| r.param("method") == Some("friends.get"))
        .count();
    assert_eq!(sent, 3);
}

/// Code that takes any request: here, it only sends it twice.
async fn twice<R: Request>(
    api: &okru::ok::Api<okru::ok::ClientSession>,
    request: R,
) -> (R::Output, R::Output) {
    (
        api.send(&request).await.unwrap(),
        api.send(&request).await.unwrap(),
    )
}

#[tokio::test]
async fn generic_code_takes_any_request() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let (a, b) = twice(&api, api.users().get_logged_in_user()).await;
    assert_eq!(a, b);
}

#[tokio::test]
async fn an_oauth_session_renews_over_the_api_s_connection_pool() {
    let sandbox = sandbox().await;
    let session = RefreshSession::new(
        fx::APP_ID,
        ApplicationKey::new(fx::APPLICATION_KEY),
        ApplicationSecretKey::new(fx::APPLICATION_SECRET_KEY),
        RefreshToken::new(fx::ALICE_REFRESH_TOKEN),
    )
    .endpoints(OAuthEndpoints::at(&sandbox.base_url()))
    .authorize()
    .await
    .unwrap();
    // A client of the Api's own, with one connection kept: every request of this Api goes
    // over one connection when they are sent one after another.
    let client = okru::reqwest::Client::builder()
        .redirect(okru::reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(1)
        .build()
        .unwrap();
    let api = okru::ok::Api::builder(session)
        .base_url(sandbox.ok_api_url())
        .http_client(client)
        .build()
        .unwrap();
    api.users().get_logged_in_user().await.unwrap();
    sandbox.clear_requests();
    assert!(sandbox.expire_ok_sessions() > 0);
    api.users().get_logged_in_user().await.unwrap();
    let requests = sandbox.requests();
    let renewal = requests
        .iter()
        .find(|r| r.path.ends_with("/oauth/token.do"))
        .expect("the session renewed");
    let calls: Vec<_> = requests
        .iter()
        .filter(|r| r.path.ends_with("/fb.do"))
        .collect();
    assert_eq!(calls.len(), 2, "the failed call and its repetition");
    for call in calls {
        assert_eq!(
            call.peer, renewal.peer,
            "the renewal used another connection pool"
        );
    }
}
