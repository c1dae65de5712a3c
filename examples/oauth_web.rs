//! An OAuth web application against the sandbox: the authorization URL with its `state`,
//! the code from the redirect exchanged for tokens, the tokens saved after every renewal
//! by the session's hook, restored on the next start, and renewed again.
//!
//! Run it with `cargo run --example oauth_web`; it starts the sandbox itself.

use std::path::{Path, PathBuf};

use okru::oauth::{Redirect, ResponseType};
use okru::ok::{self, Api, CodeSession, OAuthEndpoints, OAuthSession};
use okru::{ApplicationKey, ApplicationSecretKey, AuthorizationCode};
use okru_sandbox::Sandbox;
use okru_sandbox::fixtures::ok as fx;

type AnyError = Box<dyn std::error::Error + Send + Sync>;

/// What the run saw, for the test that runs this example's logic.
#[derive(Debug)]
pub struct Outcome {
    /// Renewals the hook saved.
    pub saved_renewals: usize,
    /// The user the restored session belongs to.
    pub restored_user: String,
}

/// The application's keys (in a real application: from its configuration).
fn keys() -> (ApplicationKey, ApplicationSecretKey) {
    (
        ApplicationKey::new(fx::APPLICATION_KEY),
        ApplicationSecretKey::new(fx::APPLICATION_SECRET_KEY),
    )
}

/// Saves tokens where the next start finds them. A real application keeps them in a secret
/// store: they are credentials.
fn save(path: &Path, saved: &okru::oauth::SavedTokens) {
    let json = serde_json::to_vec(saved).expect("saved tokens serialize");
    if let Err(e) = std::fs::write(path, json) {
        eprintln!("could not save the tokens: {e}");
    }
}

/// The whole life of the web application, against `sandbox`; tokens go to `store`.
pub async fn run(sandbox: &Sandbox, store: &Path) -> Result<Outcome, AnyError> {
    let endpoints = OAuthEndpoints::at(&sandbox.base_url());

    // 1. Send the user to the authorization URL; keep its `state` (in the user's session).
    let request =
        ok::authorization_request(fx::APP_ID, ResponseType::Code, fx::REDIRECT_URI, &endpoints)?
            .scope(["VALUABLE_ACCESS"]);
    println!("send the user to {}", request.url());

    // 2. The platform redirects back with a code (here: the sandbox's code for Alice). The
    //    redirect is checked against the state before the code is used.
    let redirect = format!(
        "{}?code={}&state={}",
        fx::REDIRECT_URI,
        fx::ALICE_AUTH_CODE,
        request.state_value()
    );
    let Redirect::Code(code) = request.parse_redirect(&redirect)? else {
        return Err("the redirect carried tokens, not a code".into());
    };

    // 3. Exchange the code; save the tokens after every renewal.
    let (key, secret) = keys();
    let hook_store = store.to_path_buf();
    let session = CodeSession::new(
        fx::APP_ID,
        key,
        secret,
        AuthorizationCode::new(code),
        fx::REDIRECT_URI,
    )
    .endpoints(endpoints.clone())
    .authorize()
    .await?;
    save(store, &session.tokens().export());
    let renewals = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = renewals.clone();
    let session = session.on_renewal(move |saved| {
        save(&hook_store, saved);
        counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    });
    let api = Api::builder(session)
        .base_url(sandbox.ok_api_url())
        .build()?;
    println!("signed in as {}", api.users().get_logged_in_user().await?);

    // 4. Later the platform expires the token: the next call renews it (and the hook saves
    //    the new tokens) and goes through.
    sandbox.expire_ok_sessions();
    api.users().get_logged_in_user().await?;
    drop(api);

    // 5. The next start: restore from the store, and carry on.
    let saved = serde_json::from_slice(&std::fs::read(store)?)?;
    let (key, secret) = keys();
    let restored =
        OAuthSession::restore(fx::APP_ID, key, Some(secret), saved)?.with_endpoints(endpoints)?;
    let api = Api::builder(restored)
        .base_url(sandbox.ok_api_url())
        .build()?;
    let restored_user = api.users().get_logged_in_user().await?.to_string();
    println!("restored the session of {restored_user}");

    Ok(Outcome {
        saved_renewals: renewals.load(std::sync::atomic::Ordering::SeqCst),
        restored_user,
    })
}

/// A file in the system's temporary folder, unique to this process.
pub fn temporary_store(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("okru-{name}-{}.json", std::process::id()))
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), AnyError> {
    let sandbox = Sandbox::start().await?;
    let store = temporary_store("oauth-web");
    let outcome = run(&sandbox, &store).await;
    let _ = std::fs::remove_file(&store);
    println!("{:?}", outcome?);
    Ok(())
}
