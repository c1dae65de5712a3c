//! One test per OK method group: a call through the generated API against the sandbox,
//! with its typed (or, where the platform documents no shape, JSON) result checked.

mod common;

use common::*;
use okru::ids::{GroupId, PhotoId, UserId};
use okru::ok::types::{
    DiscussionType, GroupMemberStatus, LastPayment, NotificationStatus, PagingDirection,
};
use serde_json::json;

use fixtures::ok as fx;

fn user(id: &str) -> UserId {
    id.parse().unwrap()
}

fn group(id: &str) -> GroupId {
    id.parse().unwrap()
}

#[tokio::test]
async fn apps() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    // No parameter is documented; `extra_param` sends one anyway.
    let top = api.apps().get_top().extra_param("count", 2).await.unwrap();
    assert_eq!(top["apps"].as_array().map(Vec::len), Some(2));
    assert_eq!(top["apps"][0]["name"], "Sandbox Farm");
}

#[tokio::test]
async fn bookmark() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let added = api
        .bookmark()
        .add("902000000001")
        .bookmark_type("PHOTO")
        .await
        .unwrap();
    assert_eq!(added, json!(true));
    let again = api
        .bookmark()
        .add("902000000001")
        .bookmark_type("PHOTO")
        .await
        .unwrap();
    assert_eq!(again, json!(false), "already bookmarked");
    let removed = api
        .bookmark()
        .delete("902000000001")
        .bookmark_type("PHOTO")
        .await
        .unwrap();
    assert_eq!(removed, json!(true));
}

#[tokio::test]
async fn callbacks() {
    let sandbox = sandbox().await;
    let app = ok_api(&sandbox, ok_app_session());
    let accepted = app
        .callbacks()
        .payment(
            user(fx::ALICE_ID),
            "tx-1",
            "2026-11-22 10:00:00",
            "GOLD100",
            100,
        )
        .await
        .unwrap();
    assert_eq!(accepted, json!(true));
    let refused = app
        .callbacks()
        .payment(
            user(fx::ALICE_ID),
            "tx-2",
            "2026-11-22 10:00:00",
            "GOLD100",
            0,
        )
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some(1001));
}

#[tokio::test]
async fn communities() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let first = api
        .communities()
        .get_members(group(fx::GROUP_ID))
        .count(2)
        .await
        .unwrap();
    assert_eq!(first["members"], json!([fx::ALICE_ID, fx::BOB_ID]));
    assert_eq!(first["has_more"], json!(true));
    let anchor = first["anchor"].as_str().unwrap();
    let rest = api
        .communities()
        .get_members(group(fx::GROUP_ID))
        .anchor(anchor)
        .await
        .unwrap();
    assert_eq!(rest["members"], json!([fx::DAVE_ID]));
}

#[tokio::test]
async fn discussions() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let likes = api
        .discussions()
        .get_discussion_likes("902000000001", DiscussionType::UserPhoto)
        .fields(["first_name"])
        .count(10)
        .await
        .unwrap();
    let users = likes.users.unwrap();
    assert_eq!(
        users.len(),
        4,
        "every sandbox user likes a photo with 12 likes"
    );
    assert_eq!(users[0].first_name.as_deref(), Some("Alice"));
    assert_eq!(likes.inconsistent, Some(false));
    let none = api
        .discussions()
        .get_discussion_likes("1", DiscussionType::Unrecognized("NOT_A_TYPE".into()))
        .await
        .unwrap_err();
    assert_eq!(none.code(), Some(100));
}

#[tokio::test]
async fn events() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let counters = api
        .events()
        .get()
        .types(["MESSAGES", "MARKS"])
        .await
        .unwrap();
    let kinds: Vec<&str> = counters.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(kinds, ["MESSAGES", "MARKS"]);
    assert_eq!(counters[0].number, Some(3));
    assert_eq!(counters[0].uid, Some(user(fx::ALICE_ID)));

    let app = ok_api(&sandbox, ok_app_session());
    let updates = app.events().updates().marker("41").await.unwrap();
    assert_eq!(updates.marker, "42");
    assert_eq!(updates.updates, Some(vec![]));
}

#[tokio::test]
async fn friends() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let online = api.friends().get_app_users_online().await.unwrap();
    assert_eq!(
        online.friends,
        Some(vec![user(fx::BOB_ID)]),
        "Bob is online, Dave is not"
    );
    let app = ok_api(&sandbox, ok_app_session());
    let mutual = app
        .friends()
        .get_mutual_friends(user(fx::BOB_ID))
        .source_id(user(fx::ALICE_ID))
        .await
        .unwrap();
    assert_eq!(mutual, [user(fx::DAVE_ID)]);
}

#[tokio::test]
async fn groups() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let counters = api
        .group()
        .get_counters(group(fx::GROUP_ID), ["MEMBERS", "MODERATORS"])
        .await
        .unwrap()
        .counters;
    assert_eq!(counters.members, Some(12873));
    assert_eq!(counters.moderators, Some(2));
    assert_eq!(counters.videos, None, "only the counters asked for");
    let memberships = api
        .group()
        .get_user_groups_by_ids(
            group(fx::GROUP_ID),
            [user(fx::ALICE_ID), user(fx::CAROL_ID)],
        )
        .await
        .unwrap();
    let statuses: Vec<_> = memberships.iter().map(|m| m.status.clone()).collect();
    assert_eq!(
        statuses,
        [
            Some(GroupMemberStatus::Admin),
            Some(GroupMemberStatus::Unknown)
        ]
    );
}

#[tokio::test]
async fn interests() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let interests = api.interests().get().await.unwrap();
    assert_eq!(interests["uid"], fx::ALICE_ID);
    assert!(
        interests["interests"]
            .as_array()
            .is_some_and(|i| !i.is_empty())
    );
}

#[tokio::test]
async fn market() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let open = api
        .market()
        .get_products(group(fx::GROUP_ID))
        .tab("PRODUCTS")
        .await
        .unwrap();
    let products = open.short_products.unwrap_or_default();
    assert_eq!(products.len(), 3);
    assert_eq!(products[0].title.as_deref(), Some("Rust in Action (book)"));
    assert_eq!(open.total_count, Some(3));
    let closed = api
        .market()
        .get_products(group(fx::CLOSED_GROUP_ID))
        .await
        .unwrap();
    assert_eq!(closed.short_products.map(|p| p.len()), Some(0));
}

#[tokio::test]
async fn mediatopic() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let attachment = json!({ "media": [{ "type": "text", "text": "Hello from okru" }] });
    let first = api.mediatopic().post(attachment.clone()).await.unwrap();
    let second = api.mediatopic().post(attachment).await.unwrap();
    assert_ne!(first, second, "each post gets its own id");
    let bad = api
        .mediatopic()
        .post(json!({ "media": [] }))
        .await
        .unwrap_err();
    assert_eq!(bad.code(), Some(100));
}

#[tokio::test]
async fn messages_v2() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let message = api
        .messages_v2()
        .send_game_invite(user(fx::BOB_ID), 3600)
        .state("level=3")
        .await
        .unwrap();
    assert!(message.id.starts_with("gm"));
    assert!(message.create_date_ms.is_some());
    let stranger = api
        .messages_v2()
        .send_game_invite(user(fx::CAROL_ID), 3600)
        .await
        .unwrap_err();
    assert_eq!(stranger.code(), Some(1103));
}

#[tokio::test]
async fn notifications() {
    let sandbox = sandbox().await;
    let app = ok_api(&sandbox, ok_app_session());
    let results = app
        .notifications()
        .send_message([user(fx::ALICE_ID), user(fx::CAROL_ID)])
        .message("Your crops are ready")
        .await
        .unwrap()
        .result;
    assert_eq!(results[fx::ALICE_ID], NotificationStatus::Ok);
    assert_eq!(results[fx::CAROL_ID], NotificationStatus::NotAuthorized);
}

#[tokio::test]
async fn payment() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let balance = api.payment().get_user_account_balance().await.unwrap();
    assert_eq!(balance, 75);
    let vip = api.payment().get_vip_status().await.unwrap();
    assert!(vip.vip);
    assert_eq!(vip.trial, Some(false));
}

#[tokio::test]
async fn photos() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let albums = api
        .photos()
        .get_albums()
        .detect_total_count(true)
        .await
        .unwrap();
    assert_eq!(albums.total_count, Some(2));
    let first = &albums.albums.as_ref().unwrap()[0];
    assert_eq!(first.title.as_deref(), Some("Summer on the Volga"));

    let mut seen = Vec::new();
    let mut anchor: Option<String> = None;
    loop {
        let mut request = api
            .photos()
            .get_photos()
            .aid(first.aid.clone())
            .count(2)
            .direction(PagingDirection::Forward);
        if let Some(anchor) = &anchor {
            request = request.anchor(anchor.clone());
        }
        let page = request.await.unwrap();
        seen.extend(page.photos.unwrap_or_default().into_iter().map(|p| p.id));
        if page.has_more != Some(true) {
            break;
        }
        anchor = page.anchor;
    }
    let expected: Vec<PhotoId> = ["902000000001", "902000000002", "902000000003"]
        .iter()
        .map(|id| id.parse().unwrap())
        .collect();
    assert_eq!(seen, expected);

    let likes = api
        .photos()
        .get_photo_likes(expected[0])
        .count(3)
        .await
        .unwrap();
    assert_eq!(likes.users.as_ref().map(Vec::len), Some(3));
    assert_eq!(
        likes.has_more,
        Some(true),
        "12 likes, four sandbox users: 4 likers, 3 a page"
    );
    let rest = api
        .photos()
        .get_photo_likes(expected[0])
        .anchor(likes.anchor.unwrap())
        .await
        .unwrap();
    assert_eq!(rest.users.map(|u| u.len()), Some(1));
}

#[tokio::test]
async fn photos_v2() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let upload = api.photos_v2().get_upload_url().count(2).await.unwrap();
    let ids = upload.photo_ids.unwrap();
    assert_eq!(ids.len(), 2);
    assert!(upload.upload_url.contains(&ids.join(",")));
    let committed = api
        .photos_v2()
        .commit()
        .photo_id(ids[0].clone())
        .token("t0k")
        .await
        .unwrap();
    let item = &committed.photos.unwrap()[0];
    assert_eq!(item.status.as_deref(), Some("SUCCESS"));
    assert!(item.assigned_photo_id.is_some());
    let twice = api
        .photos_v2()
        .commit()
        .photo_id(ids[0].clone())
        .token("t0k")
        .await
        .unwrap();
    assert_eq!(twice.photos.unwrap()[0].status.as_deref(), Some("FAILURE"));
}

#[tokio::test]
async fn places() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let found = api.places().reverse_geocode(55.76, 37.62).await.unwrap();
    assert_eq!(found["places"][0]["name"], "Moscow");
}

#[tokio::test]
async fn sdk() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_app_session());
    let endpoints = api.sdk().get_endpoints().await.unwrap();
    assert_eq!(endpoints["endpoints"]["api"], "https://api.ok.ru/");
}

#[tokio::test]
async fn search() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let tags = api.search().tag_search("rust").await.unwrap();
    let names: Vec<_> = tags
        .tags
        .unwrap_or_default()
        .into_iter()
        .filter_map(|tag| tag.query)
        .collect();
    assert_eq!(
        names,
        ["rustlang", "rustacean", "rusty_cars"],
        "most popular first"
    );
    assert_eq!(tags.count, Some(3));
    let mentions = api.search().tag_mentions("#rustlang").await.unwrap();
    assert_eq!(mentions.all, Some(40 + 12 + 3 + 120 + 30 + 8));
    assert_eq!(
        api.search().tag_search("ru").await.unwrap_err().code(),
        Some(100)
    );
}

#[tokio::test]
async fn share() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let link = api
        .share()
        .fetch_link("https://www.rust-lang.org/")
        .await
        .unwrap();
    assert_eq!(link["url"], "https://www.rust-lang.org/");
}

#[tokio::test]
async fn stream() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    assert!(
        api.stream()
            .is_subscribed()
            .fid(user(fx::BOB_ID))
            .await
            .unwrap()
            .subscribed
    );
    assert!(
        !api.stream()
            .is_subscribed()
            .gid(group(fx::CLOSED_GROUP_ID))
            .await
            .unwrap()
            .subscribed
    );
}

#[tokio::test]
async fn url() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_app_session());
    let info = api
        .url()
        .get_info(format!("https://ok.ru/group/{}", fx::GROUP_ID))
        .await
        .unwrap();
    assert_eq!(info.kind, "GROUP");
    assert_eq!(info.object_id_str.as_deref(), Some(fx::GROUP_ID));
    let unknown = api.url().get_info("https://example.org/").await.unwrap();
    assert_eq!(unknown.kind, "UNKNOWN");
}

#[tokio::test]
async fn users() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_app_session());
    let info = api
        .users()
        .get_additional_info([user(fx::ALICE_ID), user(fx::CAROL_ID)])
        .await
        .unwrap()
        .users
        .unwrap();
    assert_eq!(info.len(), 2);
    let alice = info[0].info.as_ref().unwrap();
    assert_eq!(alice.last_payment, Some(LastPayment::Card));
    let carol = info[1].info.as_ref().unwrap();
    assert_eq!(carol.last_payment, Some(LastPayment::Never));
    assert_eq!(carol.app_payer, Some(false));
}

#[tokio::test]
async fn video() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let upload = api
        .video()
        .get_upload_url("holiday.mp4")
        .file_size(5_000_000)
        .await
        .unwrap();
    assert!(upload.upload_url.contains(&upload.video_id.to_string()));
    let tiny = api
        .video()
        .get_upload_url("tiny.mp4")
        .file_size(10)
        .await
        .unwrap_err();
    assert_eq!(tiny.code(), Some(100));
}

#[tokio::test]
async fn widget() {
    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let widgets = api
        .widget()
        .get_widgets(["w1", "w2"])
        .style("dark")
        .await
        .unwrap();
    assert_eq!(widgets.len(), 2);
    assert_eq!(widgets[1].id, "w2");
    // `<div class="dark">w2</div>`, Base64-encoded as OK documents.
    assert_eq!(
        widgets[1].content.as_deref(),
        Some("PGRpdiBjbGFzcz0iZGFyayI+dzI8L2Rpdj4=")
    );
}

/// A group administrator's round, all typed: the members, a topic's comments (one added,
/// one removed), the topic statistics and the market (a product added, sold and removed).
#[tokio::test]
async fn a_group_admin_works_with_typed_answers() {
    use okru::ids::{CatalogId, CommentId, DiscussionId, ProductId, TopicId};
    use okru::ok::types::{GroupMemberStatus, MarketProductStatus, MarketProductType};

    let sandbox = sandbox().await;
    let api = ok_api(&sandbox, ok_client_session());
    let g = group(fx::GROUP_ID);

    let members = api
        .group()
        .get_members(g)
        .statuses([GroupMemberStatus::Admin, GroupMemberStatus::Moderator])
        .await
        .unwrap();
    let staff: Vec<_> = members
        .members
        .unwrap_or_default()
        .into_iter()
        .filter_map(|m| m.user_id)
        .collect();
    assert_eq!(staff, [user(fx::ALICE_ID), user(fx::DAVE_ID)]);
    assert_eq!(members.total_count, Some(2));

    let topic = DiscussionId::new("66000000000001");
    let d = api.discussions();
    let before = d
        .get_comments(topic.clone(), DiscussionType::GroupTopic)
        .await
        .unwrap()
        .comments
        .unwrap_or_default();
    assert_eq!(before.len(), 3);
    let added = d
        .add_discussion_comment(topic.clone(), DiscussionType::GroupTopic, "See you there")
        .await
        .unwrap();
    let added = CommentId::new(added.as_str().unwrap());
    d.delete_discussion_comment(
        CommentId::new("MTcwMDAwMDEwMDAwMg"),
        topic.clone(),
        DiscussionType::GroupTopic,
    )
    .await
    .unwrap();
    let after = d
        .get_comments(topic.clone(), DiscussionType::GroupTopic)
        .await
        .unwrap()
        .comments
        .unwrap_or_default();
    let ids: Vec<_> = after.iter().map(|c| c.id.clone()).collect();
    assert_eq!(after.len(), 3);
    assert!(ids.contains(&added));
    assert!(!ids.contains(&CommentId::new("MTcwMDAwMDEwMDAwMg")));
    let count = d
        .get_discussion_comments_count(topic, DiscussionType::GroupTopic)
        .await
        .unwrap();
    assert_eq!(count.comments_count, 3);

    let stats = api
        .group()
        .get_stat_topic(TopicId::new(66000000000001))
        .await
        .unwrap();
    assert_eq!(stats.topic.likes, Some(17));
    // Only the group's staff sees its statistics.
    let bob = ok_api(
        &sandbox,
        ok_client_session_of(fx::BOB_ACCESS_TOKEN, fx::BOB_SESSION_SECRET_KEY),
    );
    assert_eq!(
        bob.group().get_stat_overview(g).await.unwrap_err().code(),
        Some(50)
    );

    let m = api.market();
    let saved = m
        .add(
            MarketProductType::GroupProduct,
            json!({"media": [
                {"type": "text", "text": "Mug"},
                {"type": "product", "price": 450, "lifetime": 30},
            ]}),
        )
        .gid(g)
        .catalog_ids([CatalogId::new("7800000002")])
        .await
        .unwrap();
    assert_eq!(saved.success, Some(true));
    let mug: ProductId = saved.product_id.unwrap();
    let merch = m
        .get_by_catalog(CatalogId::new("7800000002"))
        .await
        .unwrap()
        .short_products
        .unwrap_or_default();
    assert!(merch.iter().any(|p| p.id.as_ref() == Some(&mug)));
    m.set_status(mug.clone(), MarketProductStatus::Sold)
        .await
        .unwrap();
    let refused = m
        .set_status(mug.clone(), MarketProductStatus::OutOfStock)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some(100), "groups have no OUT_OF_STOCK");
    assert!(m.delete(mug.clone()).await.unwrap().success);
    assert_eq!(m.delete(mug).await.unwrap_err().code(), Some(100));
}
