//! The exact parameters each family of generated OK builders sends (names, order and
//! formatting), before the session adds its own: required ones first, then the optional
//! ones set, in catalogue order (not the order of the setter calls), lists comma-joined,
//! booleans `true`/`false`, enums and ids as text, JSON compact, `extra_param` last.

use okru::Params;
use okru::ids::{GroupId, PhotoId, UserId};
use okru::ok::types::{
    DiscussionType, MediaTopicType, PagingDirection, VideoAttachmentType, VideoPrivacy,
};
use okru::ok::{Api, ApplicationSession, ClientSession};
use serde_json::json;

fn user() -> Api<ClientSession> {
    Api::new(ClientSession::new(
        1,
        okru::ApplicationKey::new("key"),
        okru::AccessToken::new("token"),
        okru::SessionSecretKey::new("secret"),
    ))
    .unwrap()
}

fn app() -> Api<ApplicationSession> {
    Api::new(ApplicationSession::new(
        1,
        okru::ApplicationKey::new("key"),
        okru::ApplicationSecretKey::new("secret"),
    ))
    .unwrap()
}

fn pairs(params: Params) -> Vec<(String, String)> {
    params
        .iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn expect(params: Params, expected: &[(&str, &str)]) {
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(pairs(params), expected);
}

const U1: UserId = UserId::new(570000000001);
const U2: UserId = UserId::new(570000000002);
const G: GroupId = GroupId::new(53000000000001);

#[test]
fn apps() {
    let api = user();
    expect(
        api.apps().check_vip_offer_status(2).params(),
        &[("slot", "2")],
    );
    expect(
        api.apps().get_top().extra_param("count", 5).params(),
        &[("count", "5")],
    );
}

#[test]
fn bookmark() {
    expect(
        user().bookmark().add("42").bookmark_type("PHOTO").params(),
        &[("ref_id", "42"), ("bookmark_type", "PHOTO")],
    );
}

#[test]
fn callbacks() {
    expect(
        app()
            .callbacks()
            .payment(U1, "tx", "2026-11-22 10:00:00", "GOLD", 100)
            .currency("RUB")
            .params(),
        &[
            ("uid", "570000000001"),
            ("transaction_id", "tx"),
            ("transaction_time", "2026-11-22 10:00:00"),
            ("product_code", "GOLD"),
            ("amount", "100"),
            ("currency", "RUB"),
        ],
    );
}

#[test]
fn communities() {
    expect(
        user()
            .communities()
            .get_members(G)
            .start_year(2001)
            .count(10)
            .fields(["uid", "name"])
            .params(),
        &[
            ("gid", "53000000000001"),
            ("start_year", "2001"),
            ("count", "10"),
            ("fields", "uid,name"),
        ],
    );
}

#[test]
fn discussions() {
    expect(
        user()
            .discussions()
            .get_comments("77", DiscussionType::GroupTopic)
            .direction(PagingDirection::Backward)
            .mark_as_read(false)
            .params(),
        &[
            ("discussionId", "77"),
            ("discussionType", "GROUP_TOPIC"),
            ("direction", "BACKWARD"),
            ("mark_as_read", "false"),
        ],
    );
    // An enumeration value the catalogue does not know is sent as given.
    expect(
        user()
            .discussions()
            .add_discussion_like("9", "NEW_KIND")
            .params(),
        &[("discussionId", "9"), ("discussionType", "NEW_KIND")],
    );
}

#[test]
fn events() {
    expect(
        user()
            .events()
            .get()
            .types(["MESSAGES", "MARKS"])
            .version("android.1")
            .params(),
        &[("types", "MESSAGES,MARKS"), ("version", "android.1")],
    );
    expect(
        app().events().updates().marker("7").commit(true).params(),
        &[("marker", "7"), ("commit", "true")],
    );
}

#[test]
fn friends() {
    expect(
        user()
            .friends()
            .get_relatives_v2(U1)
            .friend_ids([U2])
            .count(5)
            .params(),
        &[
            ("uid", "570000000001"),
            ("friend_ids", "570000000002"),
            ("count", "5"),
        ],
    );
    expect(
        user()
            .friends()
            .app_invite([U1, U2])
            .text("Join")
            .devices(["WEB"])
            .params(),
        &[
            ("uids", "570000000001,570000000002"),
            ("text", "Join"),
            ("devices", "WEB"),
        ],
    );
}

#[test]
fn group() {
    expect(
        user()
            .group()
            .get_counters(G, ["MEMBERS", "VIDEOS"])
            .params(),
        &[
            ("group_id", "53000000000001"),
            ("counterTypes", "MEMBERS,VIDEOS"),
        ],
    );
    expect(
        user()
            .group()
            .get_info([G], ["name"])
            .move_to_top(true)
            .params(),
        &[
            ("uids", "53000000000001"),
            ("fields", "name"),
            ("move_to_top", "true"),
        ],
    );
}

#[test]
fn interests() {
    expect(
        user().interests().get().uid(U1).params(),
        &[("uid", "570000000001")],
    );
}

#[test]
fn market() {
    expect(
        user()
            .market()
            .add(
                "GROUP_PRODUCT",
                json!({"media": [{"type": "text", "text": "x"}]}),
            )
            .gid(G)
            .catalog_ids(["c1", "c2"])
            .params(),
        &[
            ("gid", "53000000000001"),
            ("type", "GROUP_PRODUCT"),
            ("attachment", r#"{"media":[{"text":"x","type":"text"}]}"#),
            ("catalog_ids", "c1,c2"),
        ],
    );
}

#[test]
fn mediatopic() {
    expect(
        user()
            .mediatopic()
            .post(json!({"media": []}))
            .kind(MediaTopicType::GroupTheme)
            .gid(G)
            .hidden_post(true)
            .params(),
        &[
            ("attachment", r#"{"media":[]}"#),
            ("type", "GROUP_THEME"),
            ("gid", "53000000000001"),
            ("hidden_post", "true"),
        ],
    );
}

#[test]
fn messages_v2() {
    expect(
        user()
            .messages_v2()
            .send_game_update(U2)
            .text("Your move")
            .timeout(60)
            .params(),
        &[
            ("fid", "570000000002"),
            ("text", "Your move"),
            ("timeout", "60"),
        ],
    );
}

#[test]
fn notifications() {
    expect(
        app()
            .notifications()
            .send_mass("Hi")
            .gender("F")
            .mask(3)
            .mask_exact_match(true)
            .params(),
        &[
            ("text", "Hi"),
            ("gender", "F"),
            ("mask", "3"),
            ("maskExactMatch", "true"),
        ],
    );
}

#[test]
fn payment() {
    expect(user().payment().get_vip_status().params(), &[]);
}

#[test]
fn photos() {
    let photo = PhotoId::new(902000000001);
    expect(
        user()
            .photos()
            .get_photos()
            .aid("tags")
            .fid(U2)
            .detect_total_count(true)
            .fields(["photo.PIC640X480"])
            .params(),
        &[
            ("fid", "570000000002"),
            ("aid", "tags"),
            ("detectTotalCount", "true"),
            ("fields", "photo.PIC640X480"),
        ],
    );
    expect(
        user().photos().add_photo_like(photo).gid(G).params(),
        &[("photo_id", "902000000001"), ("gid", "53000000000001")],
    );
}

#[test]
fn photos_v2() {
    expect(
        user()
            .photos_v2()
            .get_upload_url()
            .aid("880000000101")
            .count(3)
            .placeholders(true)
            .params(),
        &[
            ("aid", "880000000101"),
            ("count", "3"),
            ("placeholders", "true"),
        ],
    );
    expect(
        user()
            .photos_v2()
            .commit()
            .photos(json!([{"photo_id": "1", "token": "t"}]))
            .params(),
        &[("photos", r#"[{"photo_id":"1","token":"t"}]"#)],
    );
}

#[test]
fn places() {
    expect(
        user().places().reverse_geocode(55.75, 37.5).params(),
        &[("lat", "55.75"), ("lng", "37.5")],
    );
}

#[test]
fn sdk() {
    expect(
        user().sdk().report_payment("trx", "9.99", "USD").params(),
        &[("trx_id", "trx"), ("amount", "9.99"), ("currency", "USD")],
    );
}

#[test]
fn search() {
    expect(
        user().search().tag_search("rust").count(5).params(),
        &[("query", "rust"), ("count", "5")],
    );
}

#[test]
fn share() {
    expect(
        user()
            .share()
            .fetch_link_v2("https://example.org/a?b=c")
            .gid(G)
            .params(),
        &[
            ("url", "https://example.org/a?b=c"),
            ("gid", "53000000000001"),
        ],
    );
}

#[test]
fn stream() {
    expect(
        user()
            .stream()
            .mark_as_spam()
            .mark_as_spam_id("s1")
            .complaint_type("SPAM")
            .params(),
        &[("mark_as_spam_id", "s1"), ("complaint_type", "SPAM")],
    );
}

#[test]
fn url() {
    expect(
        user().url().get_info("https://ok.ru/group/1").params(),
        &[("url", "https://ok.ru/group/1")],
    );
}

#[test]
fn users() {
    expect(
        app()
            .users()
            .update_masks([U1, U2], 5)
            .or_update(false)
            .params(),
        &[
            ("uids", "570000000001,570000000002"),
            ("mask", "5"),
            ("orUpdate", "false"),
        ],
    );
    expect(
        user()
            .users()
            .set_settings()
            .sms_notif_add(["MESSAGE", "PRESENT"])
            .sms_notif_start_time("09:00")
            .params(),
        &[
            ("smsNotifAdd", "MESSAGE,PRESENT"),
            ("smsNotifStartTime", "09:00"),
        ],
    );
}

#[test]
fn video() {
    expect(
        user()
            .video()
            .get_upload_url("a.mp4")
            .file_size(1024)
            .attachment_type(VideoAttachmentType::Movie)
            .lat(1.5)
            .params(),
        &[
            ("file_name", "a.mp4"),
            ("attachment_type", "MOVIE"),
            ("file_size", "1024"),
            ("lat", "1.5"),
        ],
    );
    expect(
        user()
            .video()
            .update(okru::ids::VideoId::new(5))
            .privacy(VideoPrivacy::Friends)
            .tags(["a", "b"])
            .params(),
        &[("vid", "5"), ("tags", "a,b"), ("privacy", "FRIENDS")],
    );
}

#[test]
fn widget() {
    expect(
        user()
            .widget()
            .get_widget_content("w1")
            .style("dark")
            .params(),
        &[("wid", "w1"), ("style", "dark")],
    );
}
