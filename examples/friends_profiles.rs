//! The profiles of a thousand friends in one call: `users.getInfo` takes at most 100 uids,
//! so the SDK splits the list, sends the parts a few at a time and joins the answers in
//! order. The sandbox plays a user with a thousand friends (its `friends.get` is stubbed
//! with a thousand of its generated users).
//!
//! Run it with `cargo run --example friends_profiles`; it starts the sandbox itself.

use okru::ok::{Api, ClientSession};
use okru::{AccessToken, ApplicationKey, SessionSecretKey};
use okru_sandbox::Sandbox;
use okru_sandbox::fixtures::ok as fx;

type AnyError = Box<dyn std::error::Error + Send + Sync>;

/// How many profiles came back for a user with a thousand friends.
pub async fn run(sandbox: &Sandbox) -> Result<usize, AnyError> {
    let friends: Vec<String> = (0..1000)
        .map(|n| (fx::CROWD_FIRST_ID + n).to_string())
        .collect();
    sandbox.stub("friends.get", serde_json::json!(friends));

    let session = ClientSession::new(
        fx::APP_ID,
        ApplicationKey::new(fx::APPLICATION_KEY),
        AccessToken::new(fx::ALICE_ACCESS_TOKEN),
        SessionSecretKey::new(fx::ALICE_SESSION_SECRET_KEY),
    );
    let api = Api::builder(session)
        .base_url(sandbox.ok_api_url())
        .build()?;
    let friends = api.friends().get().await?;
    let profiles = api
        .users()
        .get_info(friends.iter().copied(), ["first_name", "last_name"])
        .await?;
    if profiles.iter().map(|p| p.uid).ne(friends.iter().copied()) {
        return Err("the profiles do not come in the order of the friends".into());
    }
    Ok(profiles.len())
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), AnyError> {
    let sandbox = Sandbox::start().await?;
    println!("{} profiles", run(&sandbox).await?);
    Ok(())
}
