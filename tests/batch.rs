//! The experimental `batch.executeV2` support against the sandbox's reading of it.

mod common;

use common::*;
use okru::Params;
use okru::ok::batch::{Batch, BatchError, ItemError};
use okru::ok::types::User;

#[tokio::test]
async fn one_request_gives_typed_results_per_call() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_server_session());

    let mut batch = Batch::new();
    let me = batch.add::<User>(
        "users.getCurrentUser",
        Params::new().with("fields", "uid,first_name"),
    );
    let friends = batch.add::<Vec<String>>("friends.get", Params::new());
    let profiles = batch
        .add_supplied::<Vec<User>>(
            "users.getInfo",
            Params::new().with("fields", "first_name,last_name"),
            [("uids", me.field("uid"))],
        )
        .unwrap();
    // A call that fails does not fail the others.
    let broken = batch.add::<serde_json::Value>("group.getInfo", Params::new());
    let unknown = batch.add::<serde_json::Value>("no.suchMethod", Params::new());

    let results = batch.execute(&api).await.unwrap();
    assert_eq!(results.len(), 5);
    assert_eq!(
        results.get(&me).unwrap().first_name.as_deref(),
        Some("Alice")
    );
    assert_eq!(
        results.get(&friends).unwrap(),
        [fixtures::ok::BOB_ID, fixtures::ok::DAVE_ID]
    );
    let profiles = results.get(&profiles).unwrap();
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].last_name.as_deref(), Some("Smirnova"));
    match results.get(&broken) {
        Err(ItemError::Api { code, name, .. }) => assert_eq!((code, name), (100, Some("PARAM"))),
        other => panic!("{other:?}"),
    }
    match results.get(&unknown) {
        Err(ItemError::Api { code, .. }) => assert_eq!(code, 3),
        other => panic!("{other:?}"),
    }

    // All of it was one signed request.
    let requests = sandbox.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].param("method"), Some("batch.executeV2"));
}

#[tokio::test]
async fn a_supplier_that_fails_fails_only_its_call() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_server_session());
    let mut batch = Batch::new();
    let me = batch.add::<User>("users.getCurrentUser", Params::new());
    let bad = batch
        .add_supplied::<Vec<User>>(
            "users.getInfo",
            Params::new().with("fields", "first_name"),
            [("uids", me.field("no_such_field"))],
        )
        .unwrap();
    let results = batch.execute(&api).await.unwrap();
    assert!(results.get(&me).is_ok());
    assert!(matches!(
        results.get(&bad),
        Err(ItemError::Api { code: 100, .. })
    ));
}

#[tokio::test]
async fn session_rules_apply_inside_the_batch() {
    let sandbox = sandbox().await;
    // Application-only: a session-required method fails, an optional one works.
    let api = ok_api(&sandbox, ok_app_session());
    let mut batch = Batch::new();
    let needs_user = batch.add::<User>("users.getCurrentUser", Params::new());
    let info = batch.add::<Vec<User>>(
        "users.getInfo",
        Params::new()
            .with("uids", fixtures::ok::CAROL_ID)
            .with("fields", "first_name"),
    );
    let results = batch.execute(&api).await.unwrap();
    assert!(matches!(
        results.get(&needs_user),
        Err(ItemError::Api { code: 453, .. })
    ));
    assert_eq!(
        results.get(&info).unwrap()[0].first_name.as_deref(),
        Some("Carol")
    );
}

#[tokio::test]
async fn errors_of_the_whole_batch_are_the_call_s() {
    let sandbox = sandbox().await;
    assert!(matches!(
        Batch::new()
            .execute(&ok_api(&sandbox, ok_server_session()))
            .await,
        Err(BatchError::Empty)
    ));
    let mut batch = Batch::new();
    batch.add::<serde_json::Value>("friends.get", Params::new());
    sandbox.inject(Fault::Status(503));
    match batch.execute(&ok_api(&sandbox, ok_server_session())).await {
        Err(BatchError::Call(error)) => assert!(error.to_string().contains("503")),
        other => panic!("{other:?}"),
    }
}
