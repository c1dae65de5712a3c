//! One test per mail.ru method group: a call through the generated API against the
//! sandbox, with its typed (or, where no shape is documented, JSON) result checked.

mod common;

use common::*;
use okru::mailru::types::{AttachmentKind, EventType};
use okru::mailru::{self, ApplicationSession};
use serde_json::json;

use fixtures::mailru as fx;

fn app_session() -> ApplicationSession {
    ApplicationSession::new(fx::APP_ID, okru::SecretKey::new(fx::SECRET_KEY))
}

#[tokio::test]
async fn users() {
    let sandbox = sandbox().await;
    let app = mailru_api(&sandbox, app_session());
    assert!(
        app.users()
            .is_app_user()
            .uid(uid(fx::ALICE_UID))
            .await
            .unwrap()
            .is_app_user
    );
    assert!(
        !app.users()
            .is_app_user()
            .uid(uid(fx::CAROL_UID))
            .await
            .unwrap()
            .is_app_user
    );
    // The application's own call carries no session key and is signed with the secret key.
    let request = sandbox.last_request().unwrap();
    assert_eq!(request.param("session_key"), None);
    assert_eq!(request.param("secure"), Some("1"));
    assert!(!request.contains(fx::SECRET_KEY));
}

#[tokio::test]
async fn friends() {
    let sandbox = sandbox().await;
    let api = mailru_api(&sandbox, mailru_client_session());
    let count = api
        .friends()
        .get_invitations_count(uid(fx::BOB_UID))
        .await
        .unwrap();
    assert_eq!(count.count, 2);

    // Uids by default; with `ext=1` full profiles, whose uid is still at hand.
    let ids = api.friends().get().await.unwrap();
    assert!(ids.iter().all(|f| f.object().is_none() && f.id().is_some()));
    let profiles = api.friends().get().ext(true).await.unwrap();
    assert_eq!(profiles.len(), ids.len());
    let first = profiles[0].object().expect("ext=1 answers profiles");
    assert_eq!(Some(&first.uid), profiles[0].id());
    assert_eq!(profiles[0].id(), ids[0].id());
}

#[tokio::test]
async fn stream() {
    let sandbox = sandbox().await;
    let app = mailru_api(&sandbox, app_session());
    let events = app
        .stream()
        .get_by_author()
        .uid(uid(fx::ALICE_UID))
        .await
        .unwrap();
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| {
        e.authors
            .as_ref()
            .is_some_and(|a| a[0].uid == uid(fx::ALICE_UID))
    }));
    assert!(
        events
            .iter()
            .all(|e| e.event_type.as_ref().is_some_and(EventType::is_known))
    );
    let first_page = app
        .stream()
        .get_by_author()
        .uid(uid(fx::ALICE_UID))
        .limit(1)
        .await
        .unwrap();
    let rest = app
        .stream()
        .get_by_author()
        .uid(uid(fx::ALICE_UID))
        .skip(first_page[0].id.to_string())
        .await
        .unwrap();
    assert_eq!(rest.len(), events.len() - 1);

    // Attachments are typed; the platform writes an image's size as text, read as numbers.
    let stream = mailru_api(&sandbox, mailru_client_session())
        .stream()
        .get()
        .limit(100)
        .await
        .unwrap();
    let image = stream
        .iter()
        .flat_map(|e| e.attachments.iter().flatten())
        .find(|a| a.object == Some(AttachmentKind::Image))
        .expect("the sandbox stream has a photo");
    assert_eq!((image.width, image.height), (Some(800), Some(600)));
    // A tag attachment's content is an object (aiomailru's objects.md), not text.
    let tag = stream
        .iter()
        .flat_map(|e| e.attachments.iter().flatten())
        .find(|a| a.object == Some(AttachmentKind::Tag))
        .expect("the sandbox's microposts carry a tag");
    assert_eq!(
        tag.content.as_ref().and_then(|c| c["tag"].as_str()),
        Some("sandbox")
    );
    assert!(
        image
            .src
            .as_deref()
            .is_some_and(|s| s.starts_with("https://"))
    );
}

#[tokio::test]
async fn guestbook() {
    let sandbox = sandbox().await;
    let api = mailru_api(&sandbox, mailru_client_session());
    let entries = api.guestbook().get().limit(1).await.unwrap();
    assert_eq!(entries.as_array().map(Vec::len), Some(1));
    assert_eq!(entries[0]["author"]["uid"], fx::BOB_UID);
}

#[tokio::test]
async fn photos() {
    let sandbox = sandbox().await;
    let api = mailru_api(&sandbox, mailru_server_session());
    let albums = api.photos().get_albums().await.unwrap();
    assert_eq!(albums.len(), 1);
    assert_eq!(albums[0].size, Some(2));
    assert_eq!(albums[0].owner, Some(uid(fx::ALICE_UID)));
    let none = api
        .photos()
        .get_albums()
        .aids(["elsewhere".to_owned()])
        .await
        .unwrap();
    assert!(none.is_empty());

    // Photo ids come as numbers, as in the platform's photos.get example.
    let photos = api.photos().get(albums[0].aid.clone()).await.unwrap();
    assert_eq!(photos.len(), 2);
    assert_eq!(photos[0].pid, "1");
    let made = api
        .photos()
        .upload(albums[0].aid.clone(), "https://example.org/cat.jpg")
        .await
        .unwrap();
    let pid = made["pid"].as_str().unwrap().to_owned();
    let photos = api.photos().get(albums[0].aid.clone()).await.unwrap();
    assert!(photos.iter().any(|p| p.pid == pid), "the upload is kept");
}

#[tokio::test]
async fn audio() {
    let sandbox = sandbox().await;
    let api = mailru_api(&sandbox, mailru_client_session());
    let found = api.audio().search("kino").await.unwrap();
    assert_eq!(found.as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn messages() {
    let sandbox = sandbox().await;
    let api = mailru_api(&sandbox, mailru_client_session());
    assert_eq!(api.messages().get_unread_count().await.unwrap().count, 2);
    let threads = api.messages().get_threads_list().await.unwrap();
    let bob = threads
        .iter()
        .filter_map(|t| t.user.as_ref())
        .find(|u| u.uid == uid(fx::BOB_UID))
        .expect("a conversation with Bob");
    api.messages().post(bob.uid, "Привет, Боб").await.unwrap();
    let thread = api.messages().get_thread(bob.uid).await.unwrap();
    let last = thread.last().unwrap();
    assert_eq!(last.direction, Some(0), "written by the session's user");
    assert_eq!(last.filtered_message.as_deref(), Some("Привет, Боб"));
}

#[tokio::test]
async fn mail() {
    let sandbox = sandbox().await;
    let api = mailru_api(&sandbox, mailru_client_session());
    assert_eq!(
        api.mail().get_unread_count().await.unwrap(),
        json!({ "count": 14 })
    );
}

#[tokio::test]
async fn events() {
    let sandbox = sandbox().await;
    let api = mailru_api(&sandbox, mailru_client_session());
    let stream = api.stream().get().limit(100).await.unwrap();
    let new = api.events().get_new_count().await.unwrap();
    assert_eq!(new.count, stream.len() as i64);
}

#[tokio::test]
async fn notifications() {
    let sandbox = sandbox().await;
    let app = mailru_api(&sandbox, app_session());
    let sent = app
        .notifications()
        .send(
            [uid(fx::ALICE_UID), uid("6150000000000009999")],
            "Новый урожай",
        )
        .await
        .unwrap();
    assert_eq!(sent, json!([fx::ALICE_UID]));
}

#[tokio::test]
async fn session_rules_hold_at_run_time_too() {
    // The compiler keeps the generated API from breaking them; `call` can, and the sandbox
    // answers as the platform does.
    let sandbox = sandbox().await;
    let app = mailru_api(&sandbox, app_session());
    let err = app
        .call::<serde_json::Value>("messages.getUnreadCount", okru::Params::new())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(102));
    let user: mailru::Api<_> = mailru_api(&sandbox, mailru_client_session());
    let err = user
        .call::<serde_json::Value>(
            "notifications.send",
            [("uids", fx::ALICE_UID), ("text", "x")],
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(100));
}
