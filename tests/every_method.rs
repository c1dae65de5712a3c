//! Every catalogued method of both platforms, twice over:
//!
//! - `every_typed_answer_decodes_its_fixture`: each method whose answer is typed has a
//!   fixture, `tests/fixtures/answers/<platform>/<method>.json` (the documentation's example
//!   where there is one, its source in the `.source` file beside it), and the fixture decodes
//!   into the generated answer type. A typed method without a fixture, or a fixture without a
//!   typed method, fails the test.
//! - `the_sandbox_answers_every_catalogued_method`: each method is called through the
//!   generated API against the sandbox and its answer decoded into the answer type. The
//!   methods called are counted against `methods.toml`, so a method added to the catalogue
//!   without a call here (or without a sandbox answer) fails the test.
//!
//! Both walk the same list of calls (`ok_calls`, `mailru_calls`); the answer type of each
//! call is the one its builder promises, so the fixtures are checked against the very types
//! the calls return.

mod common;

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::future::IntoFuture;
use std::path::{Path, PathBuf};

use common::*;
use okru::ids::{
    AlbumId, CatalogId, CommentId, DiscussionId, GroupId, PhotoId, ProductId, TopicId, UserId,
    VideoId,
};
use okru::ok::types::{
    DeviceType, DiscussionType, GroupCounterType, MarketProductStatus, MarketProductType,
    MediaTopicType, NotificationGender, Permission, RelationType,
};
use okru_codegen::model::{Platform, PlatformName};
use serde::de::DeserializeOwned;
use serde_json::json;

use fixtures::{mailru as mfx, ok as fx};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Decode the fixture of each typed method into the call's answer type; send nothing.
    Fixtures,
    /// Send each call to the sandbox and decode its answer.
    Sandbox,
}

/// One walk over the calls of one platform.
struct Walk<'a> {
    mode: Mode,
    platform: &'static str,
    sandbox: &'a Sandbox,
    /// Methods called (sandbox) or whose fixture was decoded (fixtures).
    visited: BTreeSet<String>,
    problems: Vec<String>,
}

impl<'a> Walk<'a> {
    fn new(mode: Mode, platform: &'static str, sandbox: &'a Sandbox) -> Self {
        Walk {
            mode,
            platform,
            sandbox,
            visited: BTreeSet::new(),
            problems: Vec::new(),
        }
    }

    /// Visits one call of `method`. In sandbox mode the call is sent and its decoded answer
    /// returned; in fixture mode the fixture is decoded into the same type and `None`
    /// returned.
    async fn visit<F, T>(&mut self, method: &str, request: F) -> Option<T>
    where
        F: IntoFuture<Output = Result<T, okru::Error>>,
        T: DeserializeOwned + Debug,
    {
        match self.mode {
            Mode::Fixtures => {
                let path = fixture_path(self.platform, method, "json");
                if let Ok(text) = std::fs::read_to_string(&path) {
                    if let Err(e) = serde_json::from_str::<T>(&text) {
                        self.problems.push(format!(
                            "{}: the fixture does not decode into {}: {e}",
                            method,
                            std::any::type_name::<T>()
                        ));
                    }
                    self.visited.insert(method.to_owned());
                }
                None
            }
            Mode::Sandbox => {
                let answer = request.await;
                let sent = self
                    .sandbox
                    .last_request()
                    .and_then(|r| r.param("method").map(str::to_owned));
                if sent.as_deref() != Some(method) {
                    self.problems.push(format!(
                        "{method}: the call sent method {sent:?}, not {method}"
                    ));
                }
                match answer {
                    Ok(answer) => {
                        self.visited.insert(method.to_owned());
                        Some(answer)
                    }
                    Err(e) => {
                        self.problems.push(format!("{method}: {e}"));
                        None
                    }
                }
            }
        }
    }
}

fn fixture_path(platform: &str, method: &str, extension: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/answers")
        .join(platform)
        .join(format!("{method}.{extension}"))
}

fn catalogue() -> Vec<Platform> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("methods.toml"))
        .expect("methods.toml");
    let catalogue = okru_codegen::catalogue::parse(&text).expect("the catalogue parses");
    okru_codegen::validate::validate(&catalogue).expect("the catalogue is valid")
}

/// `(method, typed)` for every method of a platform.
fn methods_of(platform: PlatformName) -> Vec<(String, bool)> {
    catalogue()
        .into_iter()
        .filter(|p| p.name == platform)
        .flat_map(|p| p.groups)
        .flat_map(|g| g.methods)
        .map(|m| {
            let typed = !m.undocumented_response();
            (m.api_name, typed)
        })
        .collect()
}

fn user(id: &str) -> UserId {
    id.parse().unwrap()
}

fn group(id: &str) -> GroupId {
    id.parse().unwrap()
}

/// Every OK method, in an order that keeps the sandbox's data consistent (things are made
/// before they are changed, and changed before they are deleted).
async fn ok_calls(w: &mut Walk<'_>) {
    let sandbox = w.sandbox;
    let api = ok_api(sandbox, ok_client_session());
    let app = ok_api(sandbox, ok_app_session());
    let (alice, bob) = (user(fx::ALICE_ID), user(fx::BOB_ID));
    let g = group(fx::GROUP_ID);
    let photo_discussion = DiscussionId::new("902000000001");
    let topic_discussion = DiscussionId::new("66000000000001");
    let bob_comment = CommentId::new("MTc1MDAwMDEwMDAwMQ");
    let alice_comment = CommentId::new("MTc1MDAwMDEwMDAwMg");
    let topic = TopicId::new(66000000000001);
    let product = |text: &str| {
        json!({"media": [
            {"type": "text", "text": text},
            {"type": "product", "price": 100, "lifetime": 30},
        ]})
    };

    // apps
    w.visit(
        "apps.checkVipOfferStatus",
        api.apps().check_vip_offer_status(1),
    )
    .await;
    w.visit(
        "apps.setVipOfferStatus",
        api.apps().set_vip_offer_status(1).given(true),
    )
    .await;
    w.visit(
        "apps.setVipOffers",
        app.apps().set_vip_offers().names(["gold", "silver"]),
    )
    .await;
    w.visit(
        "apps.getPlatformCatalogNodeTop",
        api.apps()
            .get_platform_catalog_node_top("casual", ["name", "pic128x128"]),
    )
    .await;
    w.visit(
        "apps.getPlatformCatalogNodesTop",
        api.apps().get_platform_catalog_nodes_top(["name"]),
    )
    .await;
    w.visit(
        "apps.getPlatformNew",
        api.apps().get_platform_new(["name"]).count(5),
    )
    .await;
    w.visit("apps.getPlatformTop", api.apps().get_platform_top())
        .await;
    w.visit("apps.getTop", api.apps().get_top()).await;
    w.visit(
        "apps.setAppPromoInfo",
        app.apps().set_app_promo_info(
            topic,
            "Double harvest",
            "2026-06-01 00:00:00",
            "2026-06-03 00:00:00",
            "https://example.org/promo.png",
        ),
    )
    .await;
    w.visit("apps.getAppPromoInfo", app.apps().get_app_promo_info())
        .await;
    w.visit(
        "apps.removeAppPromoInfo",
        app.apps().remove_app_promo_info(),
    )
    .await;

    // bookmark, callbacks, communities, interests
    w.visit(
        "bookmark.add",
        api.bookmark().add("902000000001").bookmark_type("PHOTO"),
    )
    .await;
    w.visit(
        "bookmark.delete",
        api.bookmark().delete("902000000001").bookmark_type("PHOTO"),
    )
    .await;
    w.visit(
        "callbacks.payment",
        app.callbacks()
            .payment(alice, "tx-1", "2026-11-22 10:00:00", "GOLD100", 100),
    )
    .await;
    w.visit(
        "communities.getMembers",
        api.communities().get_members(g).count(2),
    )
    .await;
    w.visit("interests.get", api.interests().get()).await;

    // discussions
    let d = api.discussions();
    w.visit(
        "discussions.get",
        d.get(photo_discussion.clone(), DiscussionType::UserPhoto),
    )
    .await;
    w.visit(
        "discussions.getAttachedResources",
        d.get_attached_resources(["902000000002"]),
    )
    .await;
    w.visit(
        "discussions.getComment",
        d.get_comment(
            bob_comment.clone(),
            photo_discussion.clone(),
            DiscussionType::UserPhoto,
        ),
    )
    .await;
    w.visit(
        "discussions.addCommentLike",
        d.add_comment_like(
            bob_comment.clone(),
            photo_discussion.clone(),
            DiscussionType::UserPhoto,
        ),
    )
    .await;
    w.visit(
        "discussions.getCommentLikes",
        d.get_comment_likes(
            bob_comment.clone(),
            photo_discussion.clone(),
            DiscussionType::UserPhoto,
        ),
    )
    .await;
    w.visit(
        "discussions.addDiscussionLike",
        d.add_discussion_like(topic_discussion.clone(), DiscussionType::GroupTopic),
    )
    .await;
    w.visit(
        "discussions.getDiscussionLikes",
        d.get_discussion_likes(topic_discussion.clone(), DiscussionType::GroupTopic),
    )
    .await;
    w.visit(
        "discussions.addDiscussionComment",
        d.add_discussion_comment(
            photo_discussion.clone(),
            DiscussionType::UserPhoto,
            "Lovely light",
        )
        .reply_to_comment_id(bob_comment.clone()),
    )
    .await;
    w.visit(
        "discussions.getComments",
        d.get_comments(photo_discussion.clone(), DiscussionType::UserPhoto)
            .count(10),
    )
    .await;
    w.visit(
        "discussions.getDiscussionComments",
        d.get_discussion_comments(topic_discussion.clone(), DiscussionType::GroupTopic),
    )
    .await;
    w.visit(
        "discussions.getDiscussionCommentsCount",
        d.get_discussion_comments_count(photo_discussion.clone(), DiscussionType::UserPhoto),
    )
    .await;
    w.visit(
        "discussions.getDiscussions",
        d.get_discussions()
            .entity_types([DiscussionType::UserPhoto]),
    )
    .await;
    w.visit("discussions.getDiscussionsNews", d.get_discussions_news())
        .await;
    w.visit(
        "discussions.getList",
        d.get_list().types([DiscussionType::GroupTopic]),
    )
    .await;
    w.visit("discussions.markAsRead", d.mark_as_read()).await;
    w.visit(
        "discussions.editDiscussionComment",
        d.edit_discussion_comment(
            alice_comment.clone(),
            "Thank you!",
            photo_discussion.clone(),
            DiscussionType::UserPhoto,
        ),
    )
    .await;
    w.visit(
        "discussions.markCommentAsSpam",
        d.mark_comment_as_spam(
            CommentId::new("MTcwMDAwMDEwMDAwMg"),
            topic_discussion.clone(),
            DiscussionType::GroupTopic,
        ),
    )
    .await;
    w.visit(
        "discussions.markCommentsAsSpam",
        d.mark_comments_as_spam(
            [CommentId::new("MTcwMDAwMDEwMDAwMQ")],
            topic_discussion.clone(),
            DiscussionType::GroupTopic,
        ),
    )
    .await;
    w.visit(
        "discussions.markDiscussionAsSpam",
        d.mark_discussion_as_spam(topic_discussion.clone(), DiscussionType::GroupTopic),
    )
    .await;
    w.visit(
        "discussions.deleteDiscussionComment",
        d.delete_discussion_comment(
            alice_comment,
            photo_discussion.clone(),
            DiscussionType::UserPhoto,
        ),
    )
    .await;
    w.visit(
        "discussions.deleteDiscussionComments",
        d.delete_discussion_comments([bob_comment], photo_discussion, DiscussionType::UserPhoto),
    )
    .await;

    // events
    w.visit("events.get", api.events().get()).await;
    w.visit("events.updates", app.events().updates().marker("m1"))
        .await;

    // friends
    let f = api.friends();
    w.visit(
        "friends.appInvite",
        f.app_invite([bob]).text("Play with me"),
    )
    .await;
    w.visit("friends.get", f.get()).await;
    w.visit("friends.getAppUsers", f.get_app_users()).await;
    w.visit("friends.getAppUsersOnline", f.get_app_users_online())
        .await;
    w.visit("friends.getBirthdays", f.get_birthdays().future(true))
        .await;
    w.visit(
        "friends.getByDevices",
        f.get_by_devices([DeviceType::Android]),
    )
    .await;
    w.visit("friends.getMutualFriends", f.get_mutual_friends(bob))
        .await;
    w.visit("friends.getOnline", f.get_online()).await;
    w.visit("friends.getRelatives", f.get_relatives()).await;
    w.visit(
        "friends.getRelativesV2",
        f.get_relatives_v2(alice).reltypes([RelationType::All]),
    )
    .await;
    w.visit("friends.getSuggestions", f.get_suggestions()).await;

    // group
    let gr = api.group();
    w.visit(
        "group.getCounters",
        gr.get_counters(g, [GroupCounterType::Members, GroupCounterType::Themes]),
    )
    .await;
    w.visit("group.getInfo", gr.get_info([g], ["name", "members_count"]))
        .await;
    w.visit("group.getMembers", gr.get_members(g)).await;
    w.visit("group.getStatOverview", gr.get_stat_overview(g))
        .await;
    w.visit("group.getStatPeople", gr.get_stat_people(g)).await;
    w.visit("group.getStatTopic", gr.get_stat_topic(topic))
        .await;
    w.visit("group.getStatTopics", gr.get_stat_topics(g)).await;
    w.visit("group.getStatTrends", gr.get_stat_trends(g)).await;
    w.visit(
        "group.getUserGroupsByIds",
        gr.get_user_groups_by_ids(g, [alice, bob]),
    )
    .await;
    w.visit("group.getUserGroupsV2", gr.get_user_groups_v2())
        .await;
    w.visit("group.pinGroupFeed", gr.pin_group_feed("66000000000001"))
        .await;
    w.visit(
        "group.setMainPhoto",
        gr.set_main_photo(g, PhotoId::new(902000000101)),
    )
    .await;

    // market
    let m = api.market();
    let (books, merch) = (CatalogId::new("7800000001"), CatalogId::new("7800000002"));
    let (book, plush, stickers) = (
        ProductId::new("7700000001"),
        ProductId::new("7700000002"),
        ProductId::new("7700000003"),
    );
    w.visit("market.getProducts", m.get_products(g)).await;
    w.visit("market.getCatalogsByGroup", m.get_catalogs_by_group(g))
        .await;
    w.visit(
        "market.getCatalogsByIds",
        m.get_catalogs_by_ids([books.clone()]),
    )
    .await;
    w.visit("market.getByCatalog", m.get_by_catalog(books.clone()))
        .await;
    w.visit("market.getByIds", m.get_by_ids([book.clone()]))
        .await;
    w.visit(
        "market.add",
        m.add(MarketProductType::GroupProduct, product("Mug"))
            .gid(g)
            .catalog_ids([merch.clone()]),
    )
    .await;
    w.visit("market.addCatalog", m.add_catalog(g, "Games"))
        .await;
    w.visit(
        "market.edit",
        m.edit(book.clone(), product("Rust in Action, 2nd ed.")),
    )
    .await;
    w.visit(
        "market.editCatalog",
        m.edit_catalog(books.clone()).name("Books and manuals"),
    )
    .await;
    w.visit("market.pin", m.pin(books.clone(), book.clone()))
        .await;
    w.visit(
        "market.reorder",
        m.reorder(plush.clone()).after_product_id(book),
    )
    .await;
    w.visit("market.reorderCatalogs", m.reorder_catalogs(merch.clone()))
        .await;
    w.visit(
        "market.setStatus",
        m.set_status(plush, MarketProductStatus::Sold),
    )
    .await;
    w.visit(
        "market.updateCatalogsList",
        m.update_catalogs_list(stickers.clone(), [books]),
    )
    .await;
    w.visit("market.delete", m.delete(stickers)).await;
    w.visit("market.deleteCatalog", m.delete_catalog(merch))
        .await;

    // mediatopic
    let mt = api.mediatopic();
    w.visit(
        "mediatopic.post",
        mt.post(json!({"media": [{"type": "text", "text": "Hello"}]}))
            .kind(MediaTopicType::GroupTheme)
            .gid(g),
    )
    .await;
    w.visit(
        "mediatopic.getByIds",
        mt.get_by_ids([topic, TopicId::new(66000000000002)])
            .media_limit(1),
    )
    .await;
    w.visit(
        "mediatopic.getPollAnswerVoters",
        mt.get_poll_answer_voters(TopicId::new(66000000000002), 0),
    )
    .await;
    w.visit(
        "mediatopic.getRepublishedTopic",
        mt.get_republished_topic(topic),
    )
    .await;

    // messagesV2
    w.visit(
        "messagesV2.sendGameInvite",
        api.messages_v2().send_game_invite(bob, 30),
    )
    .await;
    w.visit(
        "messagesV2.sendGameOver",
        api.messages_v2().send_game_over(bob).text("You won"),
    )
    .await;
    w.visit(
        "messagesV2.sendGameUpdate",
        api.messages_v2()
            .send_game_update(bob)
            .text("New leader")
            .timeout(60),
    )
    .await;

    // notifications
    let n = app.notifications();
    let promo = w
        .visit(
            "notifications.sendFavPromo",
            n.send_fav_promo("A gift for you"),
        )
        .await
        .and_then(|id| id.as_str().map(str::to_owned))
        .unwrap_or_else(|| "fav1".into());
    w.visit(
        "notifications.updateFavPromo",
        n.update_fav_promo(promo.clone()).text("Two gifts"),
    )
    .await;
    w.visit("notifications.stopFavPromo", n.stop_fav_promo(promo))
        .await;
    let mass = w
        .visit(
            "notifications.sendMass",
            n.send_mass("News")
                .gender(NotificationGender::Female)
                .age_range("20-25"),
        )
        .await
        .and_then(|id| id.as_str().map(str::to_owned))
        .unwrap_or_else(|| "mass1".into());
    w.visit("notifications.stopSendMass", n.stop_send_mass(mass))
        .await;
    w.visit(
        "notifications.sendMessage",
        api.notifications().send_message([alice, bob]),
    )
    .await;
    w.visit(
        "notifications.sendSimple",
        n.send_simple(alice, "Your farm is ready"),
    )
    .await;

    // payment
    w.visit("payment.appCashback", app.payment().app_cashback())
        .await;
    w.visit(
        "payment.getUserAccountBalance",
        api.payment().get_user_account_balance(),
    )
    .await;
    w.visit(
        "payment.getUserAccountBonusBalance",
        api.payment().get_user_account_bonus_balance(),
    )
    .await;
    w.visit("payment.getVipStatus", api.payment().get_vip_status())
        .await;

    // photos
    let p = api.photos();
    let (summer, cats) = (AlbumId::from("880000000101"), AlbumId::from("880000000102"));
    let sunrise = PhotoId::new(902000000001);
    w.visit("photos.getAlbums", p.get_albums().detect_total_count(true))
        .await;
    w.visit("photos.getAlbumInfo", p.get_album_info(summer.clone()))
        .await;
    w.visit("photos.getAlbumLikes", p.get_album_likes(summer.clone()))
        .await;
    w.visit(
        "photos.getPhotos",
        p.get_photos().aid(summer.clone()).count(2),
    )
    .await;
    w.visit("photos.getInfo", p.get_info().photo_ids([sunrise]))
        .await;
    w.visit("photos.getPhotoInfo", p.get_photo_info(sunrise))
        .await;
    w.visit("photos.getPhotoLikes", p.get_photo_likes(sunrise))
        .await;
    w.visit("photos.getPhotoMarks", p.get_photo_marks()).await;
    w.visit("photos.getTags", p.get_tags(sunrise)).await;
    w.visit(
        "photos.getUserAlbumPhotos",
        p.get_user_album_photos(summer.clone()),
    )
    .await;
    w.visit(
        "photos.getUserPhotos",
        p.get_user_photos().detect_total_count(true),
    )
    .await;
    w.visit(
        "photos.addAlbumLike",
        p.add_album_like(AlbumId::from("880000000201")),
    )
    .await;
    w.visit(
        "photos.addPhotoLike",
        p.add_photo_like(PhotoId::new(902000000101)),
    )
    .await;
    w.visit(
        "photos.editAlbum",
        p.edit_album(cats).title("Cats and dogs"),
    )
    .await;
    w.visit(
        "photos.editPhoto",
        p.edit_photo(sunrise).description("Sunrise on the Volga"),
    )
    .await;
    w.visit("photos.deleteTags", p.delete_tags(sunrise, [fx::BOB_ID]))
        .await;
    w.visit(
        "photos.setAlbumMainPhoto",
        p.set_album_main_photo(summer, PhotoId::new(902000000002)),
    )
    .await;
    w.visit(
        "photos.deletePhoto",
        p.delete_photo(PhotoId::new(902000000003)),
    )
    .await;
    let trip = w
        .visit("photos.createAlbum", p.create_album("Trip"))
        .await
        .unwrap_or_else(|| AlbumId::from("880000000001"));
    w.visit("photos.deleteAlbum", p.delete_album(trip)).await;

    // photosV2
    let upload = w
        .visit(
            "photosV2.getUploadUrl",
            api.photos_v2().get_upload_url().count(1),
        )
        .await;
    let photo_id = upload
        .and_then(|u| u.photo_ids)
        .and_then(|ids| ids.into_iter().next())
        .unwrap_or_else(|| "903000000001".into());
    w.visit(
        "photosV2.commit",
        api.photos_v2().commit().photo_id(photo_id).token("t1"),
    )
    .await;

    // places, search, share, stream, url
    w.visit(
        "places.reverseGeocode",
        api.places().reverse_geocode(55.75, 37.61),
    )
    .await;
    w.visit(
        "places.validate",
        api.places()
            .validate(json!({"name": "Cafe", "latitude": 55.7, "longitude": 37.6})),
    )
    .await;
    w.visit("search.tagContents", api.search().tag_contents("meetup"))
        .await;
    w.visit(
        "search.tagMentions",
        api.search()
            .tag_mentions("rustlang")
            .filter(json!({"types": ["USER_TOPIC"]})),
    )
    .await;
    w.visit("search.tagSearch", api.search().tag_search("rust").count(2))
        .await;
    w.visit(
        "share.fetchLink",
        api.share().fetch_link("https://www.rust-lang.org/"),
    )
    .await;
    w.visit(
        "share.fetchLinkV2",
        api.share()
            .fetch_link_v2("https://www.rust-lang.org/")
            .gid(g),
    )
    .await;
    w.visit("stream.isSubscribed", api.stream().is_subscribed().gid(g))
        .await;
    w.visit(
        "stream.markAsSpam",
        api.stream()
            .mark_as_spam()
            .mark_as_spam_id("66000000000001"),
    )
    .await;
    w.visit(
        "stream.delete",
        api.stream().delete().delete_id("66000000000101"),
    )
    .await;
    w.visit(
        "url.getInfo",
        api.url().get_info("https://ok.ru/profile/570000000001"),
    )
    .await;

    // sdk, widget
    w.visit("sdk.getEndpoints", api.sdk().get_endpoints()).await;
    w.visit(
        "sdk.getInstallSource",
        app.sdk().get_install_source().adv_id("ad-1"),
    )
    .await;
    w.visit("sdk.init", app.sdk().init(json!({"device_id": "dev-1"})))
        .await;
    w.visit(
        "sdk.reportPayment",
        api.sdk()
            .report_payment("GPA.1379-6927-7136-26785", "0.99", "USD"),
    )
    .await;
    w.visit(
        "sdk.reportStats",
        api.sdk().report_stats(json!({"time": 1780000000000_i64, "version": "1.0", "stats": [
            {"id": "tutorial.start", "time": 1780000000000_i64, "type": "counter", "data": ["1"]}
        ]})),
    )
    .await;
    w.visit(
        "sdk.sendNote",
        api.sdk()
            .send_note(json!({"uid": fx::BOB_ID, "text": "Help me!"})),
    )
    .await;
    w.visit("sdk.getNotes", app.sdk().get_notes()).await;
    w.visit("sdk.resetNotes", api.sdk().reset_notes()).await;
    w.visit(
        "widget.getWidgetContent",
        api.widget().get_widget_content("w1"),
    )
    .await;
    w.visit("widget.getWidgets", api.widget().get_widgets(["w1", "w2"]))
        .await;

    // users
    let u = api.users();
    w.visit("users.getCurrentUser", u.get_current_user()).await;
    w.visit("users.getLoggedInUser", u.get_logged_in_user())
        .await;
    w.visit(
        "users.getInfo",
        u.get_info([alice, bob], ["first_name", "last_name"]),
    )
    .await;
    w.visit("users.getInfoBy", u.get_info_by(bob).fields(["first_name"]))
        .await;
    w.visit("users.getAdditionalInfo", u.get_additional_info([alice]))
        .await;
    w.visit("users.getCallsLeft", u.get_calls_left(["friends.get"]))
        .await;
    w.visit("users.getGames", u.get_games()).await;
    w.visit("users.getGuests", u.get_guests()).await;
    w.visit("users.deleteGuests", u.delete_guests([bob])).await;
    w.visit("users.getHolidays", u.get_holidays()).await;
    w.visit("users.getInvitableFriends", u.get_invitable_friends())
        .await;
    w.visit("users.getMobileOperator", u.get_mobile_operator())
        .await;
    w.visit(
        "users.setSettings",
        u.set_settings().sms_notif_add(["NewPresents"]),
    )
    .await;
    w.visit("users.getSettings", u.get_settings()).await;
    w.visit(
        "users.hasAppPermission",
        u.has_app_permission(Permission::ValuableAccess),
    )
    .await;
    w.visit(
        "users.removeAppPermissions",
        u.remove_app_permissions([Permission::LongAccessToken]),
    )
    .await;
    w.visit("users.isAppUser", u.is_app_user()).await;
    w.visit("users.setStatus", u.set_status().status("Coding"))
        .await;
    w.visit("users.updateMask", u.update_mask(5).or_update(true))
        .await;
    w.visit(
        "users.updateMasks",
        app.users().update_masks([alice], 1).or_update(true),
    )
    .await;
    w.visit(
        "users.updateMasksV2",
        app.users().update_masks_v2([alice]).or_mask(2),
    )
    .await;

    // video
    let vid = w
        .visit(
            "video.getUploadUrl",
            api.video().get_upload_url("clip.mp4").file_size(1 << 20),
        )
        .await
        .map_or_else(|| VideoId::new(903000000002), |u| u.video_id);
    w.visit("video.update", api.video().update(vid).title("Fishing"))
        .await;
    w.visit("video.delete", api.video().delete(vid)).await;
    w.visit("video.subscribe", api.video().subscribe(fx::GROUP_ID))
        .await;
}

/// Every mail.ru method.
async fn mailru_calls(w: &mut Walk<'_>) {
    let sandbox = w.sandbox;
    let api = mailru_api(sandbox, mailru_client_session());
    let app = mailru_api(sandbox, mailru_app_session());
    let (alice, bob) = (uid(mfx::ALICE_UID), uid(mfx::BOB_UID));

    w.visit("users.getInfo", api.users().get_info()).await;
    w.visit("users.isAppUser", api.users().is_app_user()).await;
    w.visit(
        "users.hasAppPermission",
        api.users().has_app_permission("stream"),
    )
    .await;
    w.visit("users.getBalance", api.users().get_balance()).await;
    w.visit("friends.get", api.friends().get().ext(true)).await;
    w.visit("friends.getAppUsers", api.friends().get_app_users())
        .await;
    w.visit("friends.getOnline", api.friends().get_online())
        .await;
    w.visit(
        "friends.getInvitationsCount",
        api.friends().get_invitations_count(alice),
    )
    .await;
    let events = w.visit("stream.get", api.stream().get().limit(5)).await;
    w.visit("stream.getByAuthor", api.stream().get_by_author())
        .await;
    let thread = events
        .and_then(|events| events.into_iter().find_map(|e| e.thread_id))
        .unwrap_or_else(|| "thread".into());
    w.visit("stream.like", api.stream().like(thread.clone()))
        .await;
    w.visit("stream.unlike", api.stream().unlike(thread.clone()))
        .await;
    w.visit("stream.comment", api.stream().comment(thread, "Great"))
        .await;
    w.visit(
        "stream.post",
        api.stream().post("Hello from okru").title("okru"),
    )
    .await;
    w.visit(
        "stream.share",
        api.stream().share("https://www.rust-lang.org/"),
    )
    .await;
    w.visit("guestbook.get", api.guestbook().get()).await;
    w.visit("guestbook.post", api.guestbook().post(bob, "Hi, Bob!"))
        .await;
    let albums = w.visit("photos.getAlbums", api.photos().get_albums()).await;
    let aid = albums
        .and_then(|albums| albums.into_iter().next())
        .map_or_else(|| AlbumId::from("album"), |album| album.aid);
    w.visit("photos.get", api.photos().get(aid.clone())).await;
    w.visit(
        "photos.upload",
        api.photos().upload(aid, "https://example.org/cat.jpg"),
    )
    .await;
    w.visit(
        "photos.createAlbum",
        api.photos().create_album("Trip").privacy(2),
    )
    .await;
    w.visit("audio.get", api.audio().get()).await;
    w.visit("audio.link", api.audio().link("m1")).await;
    w.visit("audio.search", api.audio().search("kino")).await;
    w.visit("messages.getThreadsList", api.messages().get_threads_list())
        .await;
    w.visit("messages.post", api.messages().post(bob, "Hi"))
        .await;
    w.visit("messages.getThread", api.messages().get_thread(bob))
        .await;
    w.visit("messages.getUnreadCount", api.messages().get_unread_count())
        .await;
    w.visit("mail.getUnreadCount", api.mail().get_unread_count())
        .await;
    w.visit("events.getNewCount", api.events().get_new_count())
        .await;
    w.visit(
        "notifications.send",
        app.notifications().send([alice, bob], "News"),
    )
    .await;
}

fn report(platform: &str, walked: &BTreeSet<String>, wanted: &BTreeSet<String>) -> String {
    format!(
        "{platform}: {}/{} methods ({:.0} %)",
        walked.intersection(wanted).count(),
        wanted.len(),
        100.0 * walked.intersection(wanted).count() as f64 / wanted.len().max(1) as f64
    )
}

#[tokio::test]
async fn the_sandbox_answers_every_catalogued_method() {
    let mut lines = Vec::new();
    for (name, key) in [(PlatformName::Ok, "ok"), (PlatformName::MailRu, "mailru")] {
        let sandbox = sandbox().await;
        let mut walk = Walk::new(Mode::Sandbox, key, &sandbox);
        match name {
            PlatformName::Ok => ok_calls(&mut walk).await,
            PlatformName::MailRu => mailru_calls(&mut walk).await,
        }
        let wanted: BTreeSet<String> = methods_of(name).into_iter().map(|(m, _)| m).collect();
        let missing: Vec<&String> = wanted.difference(&walk.visited).collect();
        let unknown: Vec<&String> = walk.visited.difference(&wanted).collect();
        assert!(
            walk.problems.is_empty(),
            "{key}:\n{}",
            walk.problems.join("\n")
        );
        assert!(missing.is_empty(), "{key}: not exercised: {missing:?}");
        assert!(
            unknown.is_empty(),
            "{key}: not in the catalogue: {unknown:?}"
        );
        lines.push(report(key, &walk.visited, &wanted));
    }
    println!("sandbox coverage: {}", lines.join("; "));
}

#[tokio::test]
async fn every_typed_answer_decodes_its_fixture() {
    let sandbox = sandbox().await;
    for (name, key) in [(PlatformName::Ok, "ok"), (PlatformName::MailRu, "mailru")] {
        let mut walk = Walk::new(Mode::Fixtures, key, &sandbox);
        match name {
            PlatformName::Ok => ok_calls(&mut walk).await,
            PlatformName::MailRu => mailru_calls(&mut walk).await,
        }
        assert!(
            walk.problems.is_empty(),
            "{key}:\n{}",
            walk.problems.join("\n")
        );
        let methods = methods_of(name);
        let typed: BTreeSet<String> = methods
            .iter()
            .filter(|(_, typed)| *typed)
            .map(|(m, _)| m.clone())
            .collect();
        let all: BTreeSet<String> = methods.into_iter().map(|(m, _)| m).collect();
        let without: Vec<&String> = typed.difference(&walk.visited).collect();
        assert!(
            without.is_empty(),
            "{key}: typed answers without a fixture in tests/fixtures/answers/{key}: {without:?}"
        );
        // Every fixture belongs to a typed method and names its source.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/answers")
            .join(key);
        for entry in std::fs::read_dir(&dir).expect("the fixture directory") {
            let path = entry.expect("a directory entry").path();
            let file = path
                .file_name()
                .and_then(|f| f.to_str())
                .unwrap_or_default();
            let (method, extension) = file.rsplit_once('.').unwrap_or((file, ""));
            assert!(
                matches!(extension, "json" | "source"),
                "{}: only .json and .source files belong here",
                path.display()
            );
            assert!(all.contains(method), "{}: no such method", path.display());
            assert!(
                typed.contains(method),
                "{}: {method} is not typed (`response_source = \"none\"`)",
                path.display()
            );
            let source =
                std::fs::read_to_string(fixture_path(key, method, "source")).unwrap_or_default();
            assert!(
                !source.trim().is_empty(),
                "{}: the fixture's source is not named",
                path.display()
            );
        }
    }
}

/// Bad input gets the platform's error envelope: a call without one of the method's
/// required parameters is refused with 100 by every method that has one, and the session
/// rule is enforced (OK 453/451, mail.ru 102/100) for every method that has one.
#[tokio::test]
async fn bad_input_gets_the_platforms_error_envelope() {
    let sandbox = sandbox().await;
    let ok_user = ok_api(&sandbox, ok_client_session());
    let ok_app = ok_api(&sandbox, ok_app_session());
    let mr_user = mailru_api(&sandbox, mailru_client_session());
    let mr_app = mailru_api(&sandbox, mailru_app_session());
    let mut problems = Vec::new();
    for platform in catalogue() {
        for method in platform.groups.iter().flat_map(|g| &g.methods) {
            use okru_codegen::model::SessionRule::*;
            let name = method.api_name.as_str();
            let call = |session_user: bool, params: okru::Params| {
                let name = name.to_owned();
                let (ok_user, ok_app, mr_user, mr_app) = (&ok_user, &ok_app, &mr_user, &mr_app);
                let platform = platform.name;
                async move {
                    match (platform, session_user) {
                        (PlatformName::Ok, true) => {
                            ok_user.call::<serde_json::Value>(&name, params).await
                        }
                        (PlatformName::Ok, false) => {
                            ok_app.call::<serde_json::Value>(&name, params).await
                        }
                        (PlatformName::MailRu, true) => {
                            mr_user.call::<serde_json::Value>(&name, params).await
                        }
                        (PlatformName::MailRu, false) => {
                            mr_app.call::<serde_json::Value>(&name, params).await
                        }
                    }
                }
            };
            let right_session = method.session != Prohibited;
            if method.params.iter().any(|p| p.required) {
                // Every required parameter but the first, with a plausible value.
                let mut params = okru::Params::new();
                for param in method.params.iter().filter(|p| p.required).skip(1) {
                    params.push(param.api_name.clone(), "1");
                }
                let missing = &method.params.iter().find(|p| p.required).unwrap().api_name;
                match call(right_session, params).await {
                    Err(e) if e.code() == Some(100) => {}
                    other => problems.push(format!("{name} without {missing}: {other:?}")),
                }
            }
            let (wrong_session, expected) = match (platform.name, method.session) {
                (_, Optional) => continue,
                (PlatformName::Ok, Required) => (false, 453),
                (PlatformName::Ok, Prohibited) => (true, 451),
                (PlatformName::MailRu, Required) => (false, 102),
                (PlatformName::MailRu, Prohibited) => (true, 100),
            };
            match call(wrong_session, okru::Params::new()).await {
                Err(e) if e.code() == Some(expected) => {}
                other => problems.push(format!("{name} with the wrong session: {other:?}")),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
