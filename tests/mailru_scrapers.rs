//! The mail.ru scrapers against the sandbox's my.mail.ru pages, with the cookies of the
//! implicit login.

mod common;

use common::*;
use okru::ErrorKind;
use okru::mailru::scrapers::{JoinState, ScrapeReason, Scraper, ScraperEndpoints};
use okru::mailru::types::EventType;
use okru::mailru::{ImplicitSession, OAuthEndpoints, RefreshSession};

use fixtures::mailru as fx;

async fn scraper(sandbox: &Sandbox) -> Scraper {
    let session = ImplicitSession::client(
        fx::APP_ID,
        okru::PrivateKey::new(fx::PRIVATE_KEY),
        fx::ALICE_EMAIL,
        okru::Password::new(fx::ALICE_PASSWORD),
    )
    .redirect_uri(fx::REDIRECT_URI)
    .endpoints(OAuthEndpoints::at(&sandbox.base_url()))
    .authorize()
    .await
    .unwrap();
    Scraper::new(&session)
        .unwrap()
        .endpoints(ScraperEndpoints::at(&sandbox.base_url()))
}

fn reason(error: okru::Error) -> ScrapeReason {
    match error.into_kind() {
        ErrorKind::Scrape { reason, .. } => reason,
        other => panic!("not a scraping error: {other:?}"),
    }
}

#[tokio::test]
async fn the_users_communities_with_limit_and_offset() {
    let sandbox = sandbox().await;
    let scraper = scraper(&sandbox).await;
    // Three communities over two pages of the list.
    let all = scraper.groups(10, 0).await.unwrap();
    let links: Vec<&str> = all.iter().map(|c| c.link.as_str()).collect();
    assert_eq!(
        links,
        [
            "/community/rustaceans/",
            "/community/gardeners/",
            "/community/chess/"
        ]
    );
    assert_eq!(all[0].name, "Rustaceans");
    assert_eq!(all[0].uid.to_string(), "5100000000000000001");
    let list_pages = |sandbox: &Sandbox| {
        sandbox
            .requests()
            .iter()
            .filter(|r| r.path == "/my/communities")
            .count()
    };
    assert_eq!(list_pages(&sandbox), 2);
    // The offset is honoured (the seeds ignored it), across the page boundary too.
    let from_second = scraper.groups(2, 1).await.unwrap();
    let links: Vec<&str> = from_second.iter().map(|c| c.link.as_str()).collect();
    assert_eq!(links, ["/community/gardeners/", "/community/chess/"]);
    // Only the pages needed are read.
    sandbox.clear_requests();
    assert_eq!(scraper.groups(1, 0).await.unwrap().len(), 1);
    assert_eq!(list_pages(&sandbox), 1);
}

#[tokio::test]
async fn the_users_communities_as_full_profiles() {
    let sandbox = sandbox().await;
    let session = ImplicitSession::client(
        fx::APP_ID,
        okru::PrivateKey::new(fx::PRIVATE_KEY),
        fx::ALICE_EMAIL,
        okru::Password::new(fx::ALICE_PASSWORD),
    )
    .redirect_uri(fx::REDIRECT_URI)
    .endpoints(OAuthEndpoints::at(&sandbox.base_url()))
    .authorize()
    .await
    .unwrap();
    let scraper = Scraper::new(&session)
        .unwrap()
        .endpoints(ScraperEndpoints::at(&sandbox.base_url()));
    let api = mailru_api(&sandbox, session);
    let _ = scraper.groups_ext(&api, 10, 0).await;
    let info = sandbox
        .requests()
        .into_iter()
        .rfind(|r| r.param("method") == Some("users.getInfo"))
        .unwrap();
    assert_eq!(
        info.param("uids"),
        Some("5100000000000000001,5100000000000000002,5100000000000000005")
    );
}

#[tokio::test]
async fn closed_communities_are_told_apart() {
    let sandbox = sandbox().await;
    let scraper = scraper(&sandbox).await;
    let info = scraper
        .group_info(&[
            "/community/rustaceans/",
            "https://my.mail.ru/community/dacha/?x=1",
            "/community/nowhere/",
        ])
        .await
        .unwrap();
    let closed: Vec<(&str, bool)> = info
        .iter()
        .map(|i| (i.link.as_str(), i.is_closed))
        .collect();
    assert_eq!(
        closed,
        [
            ("/community/rustaceans/", false),
            ("/community/dacha/", true)
        ]
    );
    let none = scraper
        .group_info(&["/community/nowhere/"])
        .await
        .unwrap_err();
    assert_eq!(reason(none), ScrapeReason::Empty);
}

#[tokio::test]
async fn joining_open_and_closed_communities() {
    let sandbox = sandbox().await;
    let scraper = scraper(&sandbox).await;
    assert_eq!(
        scraper.join("/community/rustaceans/").await.unwrap(),
        JoinState::Member
    );
    assert_eq!(
        scraper.join("/community/dacha/").await.unwrap(),
        JoinState::RequestSent
    );
    let blacklisted = scraper.join("/community/grumpy/").await.unwrap_err();
    assert_eq!(reason(blacklisted), ScrapeReason::Blacklisted);
}

#[tokio::test]
async fn a_communitys_stream_from_data_astat() {
    let sandbox = sandbox().await;
    let scraper = scraper(&sandbox).await;
    let events = scraper
        .stream("/community/rustaceans/", 10, None)
        .await
        .unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(events[0].event_type, EventType::PostInMicroBlog);
    assert_eq!((events[0].likes, events[0].comments), (12, 3));
    assert_eq!(events[0].time, 1_780_000_000);
    let after = scraper
        .stream("/community/rustaceans/", 1, Some(&events[0].event_id))
        .await
        .unwrap();
    assert_eq!(after, events[1..2]);
    assert!(
        scraper
            .stream("/community/gardeners/", 10, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        reason(
            scraper
                .stream("/community/dacha/", 10, None)
                .await
                .unwrap_err()
        ),
        ScrapeReason::ClosedGroup
    );
    assert_eq!(
        reason(
            scraper
                .stream("/community/grumpy/", 10, None)
                .await
                .unwrap_err()
        ),
        ScrapeReason::Blacklisted
    );
}

#[tokio::test]
async fn sessions_without_login_cookies_are_refused() {
    let sandbox = sandbox().await;
    let session = RefreshSession::client(
        fx::APP_ID,
        okru::PrivateKey::new(fx::PRIVATE_KEY),
        okru::RefreshToken::new(fx::ALICE_REFRESH_TOKEN),
    )
    .endpoints(OAuthEndpoints::at(&sandbox.base_url()))
    .authorize()
    .await
    .unwrap();
    assert_eq!(
        reason(Scraper::new(&session).unwrap_err()),
        ScrapeReason::MissingCookies
    );
    let stranger = Scraper::from_cookies(Default::default())
        .unwrap()
        .endpoints(ScraperEndpoints::at(&sandbox.base_url()));
    assert_eq!(
        reason(stranger.groups(10, 0).await.unwrap_err()),
        ScrapeReason::NotLoggedIn
    );
}
