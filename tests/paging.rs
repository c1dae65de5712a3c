//! Pagination streams and chunked id lists against the sandbox, on both platforms, with
//! the examples `group_members` and `friends_profiles` run by their own logic.

mod common;

#[path = "../examples/friends_profiles.rs"]
mod friends_profiles;
#[path = "../examples/group_members.rs"]
mod group_members;

use common::*;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;

use fixtures::ok as fx;

fn group_id() -> okru::ids::GroupId {
    fx::GROUP_ID.parse().unwrap()
}

#[tokio::test]
async fn an_ok_anchor_walk_takes_several_pages_and_ends() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let pages: Vec<_> = api
        .group()
        .get_members(group_id())
        .count(1)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let requests = sandbox.requests_for("group.getMembers");
    assert!(pages.len() >= 2, "{} pages", pages.len());
    assert_eq!(requests.len(), pages.len());
    // Each request after the first carries the anchor the page before it gave.
    for (request, page) in requests[1..].iter().zip(&pages) {
        assert_eq!(request.param("anchor"), page.anchor.as_deref());
    }
    // The items of every page, in order, are what `.items()` streams.
    let members: Vec<_> = api
        .group()
        .get_members(group_id())
        .count(1)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(members.len(), pages.len());
}

#[tokio::test]
async fn a_walk_stops_on_a_cursor_that_repeats() {
    let sandbox = sandbox().await;
    sandbox.stub(
        "group.getMembers",
        json!({"members": [{"userId": fx::ALICE_ID}], "anchor": "same", "has_more": true}),
    );
    let api = ok_api(&sandbox, ok_client_session());
    let pages: Vec<_> = api.group().get_members(group_id()).pages().collect().await;
    // The first page hands out "same"; the second hands it out again: the walk ends there
    // instead of asking for it forever.
    assert_eq!(pages.len(), 2);
    assert_eq!(sandbox.requests_for("group.getMembers").len(), 2);
}

#[tokio::test]
async fn a_walk_stops_on_an_empty_page_and_at_its_page_cap() {
    let sandbox = sandbox().await;
    sandbox.stub(
        "group.getMembers",
        json!({"members": [], "anchor": "next", "has_more": true}),
    );
    let api = ok_api(&sandbox, ok_client_session());
    let items: Vec<_> = api.group().get_members(group_id()).items().collect().await;
    assert!(items.is_empty());
    assert_eq!(sandbox.requests_for("group.getMembers").len(), 1);

    sandbox.clear_stubs();
    let pages: Vec<_> = api
        .group()
        .get_members(group_id())
        .count(1)
        .pages()
        .max_pages(1)
        .collect()
        .await;
    assert_eq!(pages.len(), 1);
}

#[tokio::test]
async fn mailru_offset_and_skip_walks() {
    let sandbox = sandbox().await;
    let api = mailru_api(&sandbox, mailru_server_session());
    let all_friends = api.friends().get().await.unwrap();
    let walked: Vec<_> = api.friends().get().items().try_collect().await.unwrap();
    assert_eq!(walked.len(), all_friends.len());
    let offsets: Vec<_> = sandbox
        .requests_for("friends.get")
        .iter()
        .skip(1)
        .map(|r| r.param("offset").map(str::to_owned))
        .collect();
    // The first walk request starts at the beginning; the next one, if any, after it.
    assert!(offsets[0].is_none());

    let events: Vec<_> = api
        .stream()
        .get()
        .limit(1)
        .items()
        .try_collect()
        .await
        .unwrap();
    let requests = sandbox.requests_for("stream.get");
    assert!(requests.len() >= 2, "{} requests", requests.len());
    // Each next page continues after the id of the last event of the page before.
    for (request, event) in requests[1..].iter().zip(&events) {
        let skip = request.param("skip").unwrap();
        assert_eq!(
            Some(skip.to_owned()),
            okru::client::paging::cursor_text(&event.id)
        );
    }
}

#[tokio::test]
async fn a_paged_stream_can_be_spawned() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let stream = api.group().get_members(group_id()).count(1).items();
    let members = tokio::spawn(async move { stream.try_collect::<Vec<_>>().await })
        .await
        .unwrap()
        .unwrap();
    assert!(!members.is_empty());
}

#[tokio::test]
async fn an_id_list_over_its_limit_is_split_and_joined_in_order() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let uids: Vec<okru::ids::UserId> = (0..250)
        .map(|n| okru::ids::UserId::new(fx::CROWD_FIRST_ID + n))
        .collect();
    let users = api
        .users()
        .get_info(uids.iter().copied(), ["first_name"])
        .await
        .unwrap();
    let got: Vec<_> = users.iter().map(|u| u.uid).collect();
    assert_eq!(got, uids);
    let requests = sandbox.requests_for("users.getInfo");
    assert_eq!(requests.len(), 3);
    for request in &requests {
        let sent = request.param("uids").unwrap().split(',').count();
        assert!(sent <= 100, "a request carried {sent} uids");
    }
}

#[tokio::test]
async fn the_group_members_example_lists_every_member() {
    let sandbox = sandbox().await;
    let members = group_members::run(&sandbox).await.unwrap();
    let first_page = ok_api(&sandbox, ok_client_session())
        .group()
        .get_members(group_id())
        .await
        .unwrap();
    let expected = first_page.members.map_or(0, |m| m.len());
    assert_eq!(members.len(), expected);
}

#[tokio::test]
async fn the_friends_profiles_example_describes_a_thousand_friends() {
    let sandbox = sandbox().await;
    let profiles = friends_profiles::run(&sandbox).await.unwrap();
    assert_eq!(profiles, 1000);
    assert!(
        sandbox.requests_for("users.getInfo").iter().all(|r| r
            .param("uids")
            .unwrap()
            .split(',')
            .count()
            <= 100)
    );
    assert_eq!(sandbox.requests_for("users.getInfo").len(), 10);
}
