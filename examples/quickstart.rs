//! A tour of okru on both platforms and both signing circuits.
//!
//! With no configuration it starts the local sandbox in-process and talks to it:
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! With real credentials in the environment it talks to the real APIs instead (each platform
//! independently):
//!
//! - OK: `OKRU_OK_APP_ID`, `OKRU_OK_APPLICATION_KEY`, `OKRU_OK_ACCESS_TOKEN`, and either
//!   `OKRU_OK_APPLICATION_SECRET_KEY` (server circuit) or `OKRU_OK_SESSION_SECRET_KEY`
//!   (client circuit).
//! - Mail.ru: `OKRU_MAILRU_APP_ID`, `OKRU_MAILRU_SESSION_KEY`, and either
//!   `OKRU_MAILRU_SECRET_KEY` (server circuit) or `OKRU_MAILRU_PRIVATE_KEY` with
//!   `OKRU_MAILRU_UID` (client circuit).

use std::env;

use okru::ids::UserId;
use okru::{mailru, ok};
use okru_sandbox::{Sandbox, fixtures};

type AnyError = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() -> Result<(), AnyError> {
    // Started only when a platform has no real credentials; dropped (stopped) at the end.
    let mut sandbox = None;

    match env::var("OKRU_OK_ACCESS_TOKEN") {
        Ok(token) => {
            println!("== OK (real API, circuit inferred from the environment)");
            let session = ok::TokenSession::new(
                env::var("OKRU_OK_APP_ID")?.parse()?,
                okru::ApplicationKey::new(env::var("OKRU_OK_APPLICATION_KEY")?),
                okru::AccessToken::new(token),
                (!env::var("OKRU_OK_APPLICATION_SECRET_KEY")
                    .unwrap_or_default()
                    .is_empty())
                .then(|| {
                    okru::ApplicationSecretKey::new(
                        env::var("OKRU_OK_APPLICATION_SECRET_KEY").unwrap_or_default(),
                    )
                }),
                (!env::var("OKRU_OK_SESSION_SECRET_KEY")
                    .unwrap_or_default()
                    .is_empty())
                .then(|| {
                    okru::SessionSecretKey::new(
                        env::var("OKRU_OK_SESSION_SECRET_KEY").unwrap_or_default(),
                    )
                }),
            )?;
            ok_tour(ok::Api::new(session)?).await?;
        }
        Err(_) => {
            let sandbox = start(&mut sandbox).await?;
            println!("== OK, client circuit (sandbox at {})", sandbox.base_url());
            let client = ok::ClientSession::new(
                fixtures::ok::APP_ID,
                okru::ApplicationKey::new(fixtures::ok::APPLICATION_KEY),
                okru::AccessToken::new(fixtures::ok::ALICE_ACCESS_TOKEN),
                okru::SessionSecretKey::new(fixtures::ok::ALICE_SESSION_SECRET_KEY),
            );
            ok_tour(
                ok::Api::builder(client)
                    .base_url(sandbox.ok_api_url())
                    .build()?,
            )
            .await?;

            println!("\n== OK, server circuit (sandbox)");
            let server = ok::ServerSession::new(
                fixtures::ok::APP_ID,
                okru::ApplicationKey::new(fixtures::ok::APPLICATION_KEY),
                okru::ApplicationSecretKey::new(fixtures::ok::APPLICATION_SECRET_KEY),
                okru::AccessToken::new(fixtures::ok::BOB_ACCESS_TOKEN),
            );
            ok_tour(
                ok::Api::builder(server)
                    .base_url(sandbox.ok_api_url())
                    .build()?,
            )
            .await?;

            println!("\n== OK, application-only (sandbox)");
            let app = ok::ApplicationSession::new(
                fixtures::ok::APP_ID,
                okru::ApplicationKey::new(fixtures::ok::APPLICATION_KEY),
                okru::ApplicationSecretKey::new(fixtures::ok::APPLICATION_SECRET_KEY),
            );
            let api = ok::Api::builder(app)
                .base_url(sandbox.ok_api_url())
                .build()?;
            let alice: UserId = fixtures::ok::ALICE_ID.parse()?;
            let sent = api
                .notifications()
                .send_simple(alice, "Your harvest is ready")
                .await?;
            println!("notifications.sendSimple to {alice}: {sent}");

            println!("\n== OK, authorization code flow (sandbox)");
            let session = ok::CodeSession::new(
                fixtures::ok::APP_ID,
                okru::ApplicationKey::new(fixtures::ok::APPLICATION_KEY),
                okru::ApplicationSecretKey::new(fixtures::ok::APPLICATION_SECRET_KEY),
                okru::AuthorizationCode::new(fixtures::ok::ALICE_AUTH_CODE),
                fixtures::ok::REDIRECT_URI,
            )
            .endpoints(ok::OAuthEndpoints::at(&sandbox.base_url()))
            .authorize()
            .await?;
            println!("obtained {:?}", session.tokens());
            let api = ok::Api::builder(session)
                .base_url(sandbox.ok_api_url())
                .build()?;
            sandbox.expire_ok_sessions();
            let me = api.users().get_logged_in_user().await?;
            println!("after the sandbox expired the token, the session renewed itself: user {me}");
        }
    }

    match env::var("OKRU_MAILRU_SESSION_KEY") {
        Ok(session_key) => {
            println!("\n== Mail.ru (real API, circuit inferred from the environment)");
            let uid = env::var("OKRU_MAILRU_UID")
                .ok()
                .map(|u| u.parse::<UserId>())
                .transpose()?;
            let session = mailru::TokenSession::new(
                env::var("OKRU_MAILRU_APP_ID")?.parse()?,
                okru::SessionKey::new(session_key),
                (!env::var("OKRU_MAILRU_PRIVATE_KEY")
                    .unwrap_or_default()
                    .is_empty())
                .then(|| {
                    okru::PrivateKey::new(env::var("OKRU_MAILRU_PRIVATE_KEY").unwrap_or_default())
                }),
                (!env::var("OKRU_MAILRU_SECRET_KEY")
                    .unwrap_or_default()
                    .is_empty())
                .then(|| {
                    okru::SecretKey::new(env::var("OKRU_MAILRU_SECRET_KEY").unwrap_or_default())
                }),
                uid,
            )?;
            mailru_tour(mailru::Api::new(session)?).await?;
        }
        Err(_) => {
            let sandbox = start(&mut sandbox).await?;
            println!("\n== Mail.ru, client circuit (sandbox)");
            let client = mailru::ClientSession::new(
                fixtures::mailru::APP_ID,
                okru::PrivateKey::new(fixtures::mailru::PRIVATE_KEY),
                okru::SessionKey::new(fixtures::mailru::ALICE_SESSION_KEY),
                fixtures::mailru::ALICE_UID.parse::<UserId>()?,
            );
            mailru_tour(
                mailru::Api::builder(client)
                    .base_url(sandbox.mailru_api_url())
                    .build()?,
            )
            .await?;

            println!("\n== Mail.ru, server circuit (sandbox)");
            let server = mailru::ServerSession::new(
                fixtures::mailru::APP_ID,
                okru::SecretKey::new(fixtures::mailru::SECRET_KEY),
                okru::SessionKey::new(fixtures::mailru::BOB_SESSION_KEY),
            );
            mailru_tour(
                mailru::Api::builder(server)
                    .base_url(sandbox.mailru_api_url())
                    .build()?,
            )
            .await?;
        }
    }
    Ok(())
}

async fn start(slot: &mut Option<Sandbox>) -> Result<&Sandbox, AnyError> {
    if slot.is_none() {
        *slot = Some(Sandbox::start().await?);
    }
    Ok(slot.as_ref().expect("just started"))
}

async fn ok_tour<S: okru::Session<Platform = ok::OkRu> + ok::UserSession>(
    api: ok::Api<S>,
) -> Result<(), AnyError> {
    let me = api.users().get_current_user().await?;
    println!(
        "users.getCurrentUser: {} {} (uid {})",
        me.first_name.as_deref().unwrap_or("?"),
        me.last_name.as_deref().unwrap_or("?"),
        me.uid
    );
    let friends = api.friends().get().await?;
    println!("friends.get: {} friends", friends.len());
    let profiles = api
        .users()
        .get_info(
            friends.iter().copied().take(5),
            ["first_name", "last_name", "birthday"],
        )
        .await?;
    for friend in &profiles {
        println!(
            "  - {} {} born {}",
            friend.first_name.as_deref().unwrap_or("?"),
            friend.last_name.as_deref().unwrap_or("?"),
            friend.birthday.as_deref().unwrap_or("?")
        );
    }
    // Anything not in the catalogue yet: the untyped path, signed and decoded the same way.
    let raw: serde_json::Value = api
        .call("users.getLoggedInUser", okru::Params::new())
        .await?;
    println!("users.getLoggedInUser (untyped call): {raw}");
    Ok(())
}

async fn mailru_tour<S: okru::Session<Platform = mailru::MailRu> + mailru::UserSession>(
    api: mailru::Api<S>,
) -> Result<(), AnyError> {
    let me = api.users().get_info().await?;
    if let Some(user) = me.first() {
        println!(
            "users.getInfo: {} {} (uid {}), city {}",
            user.first_name.as_deref().unwrap_or("?"),
            user.last_name.as_deref().unwrap_or("?"),
            user.uid,
            user.location
                .as_ref()
                .and_then(|l| l.city.as_ref())
                .and_then(|c| c.name.as_deref())
                .unwrap_or("?")
        );
    }
    let friends = api.friends().get().await?;
    println!("friends.get: {} friends", friends.len());
    let events = api.stream().get().limit(3).await?;
    for event in &events {
        println!(
            "  stream event {} type {:?} at {}",
            event.id,
            event.event_type,
            event.time.unwrap_or_default()
        );
    }
    Ok(())
}
