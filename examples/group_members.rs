//! Every member of a group, through the `.items()` stream of `group.getMembers`: the SDK
//! follows the anchors page after page; the program only reads members.
//!
//! Run it with `cargo run --example group_members`; it starts the sandbox itself.

use futures_util::TryStreamExt;
use okru::ok::{Api, ClientSession};
use okru::{AccessToken, ApplicationKey, SessionSecretKey};
use okru_sandbox::Sandbox;
use okru_sandbox::fixtures::ok as fx;

type AnyError = Box<dyn std::error::Error + Send + Sync>;

/// The ids of every member of the sandbox's open group, two per page.
pub async fn run(sandbox: &Sandbox) -> Result<Vec<String>, AnyError> {
    let session = ClientSession::new(
        fx::APP_ID,
        ApplicationKey::new(fx::APPLICATION_KEY),
        AccessToken::new(fx::ALICE_ACCESS_TOKEN),
        SessionSecretKey::new(fx::ALICE_SESSION_SECRET_KEY),
    );
    let api = Api::builder(session)
        .base_url(sandbox.ok_api_url())
        .build()?;
    let members: Vec<_> = api
        .group()
        .get_members(fx::GROUP_ID.parse::<okru::ids::GroupId>()?)
        .count(2)
        .items()
        .try_collect()
        .await?;
    Ok(members
        .iter()
        .map(|member| format!("{:?}", member.user_id))
        .collect())
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), AnyError> {
    let sandbox = Sandbox::start().await?;
    let members = run(&sandbox).await?;
    println!("{} members: {}", members.len(), members.join(", "));
    Ok(())
}
