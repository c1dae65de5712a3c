// users.getLoggedInUser requires a user session; the application-only session has none.
use okru::ok::{Api, ApplicationSession};

async fn call(api: Api<ApplicationSession>) -> Result<(), okru::Error> {
    let _me = api.users().get_logged_in_user().await?;
    Ok(())
}

fn main() {
    let _ = call;
}
