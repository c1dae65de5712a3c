// VALUABLE_ACCESS is declared (feature `ok-valuable-access`); optional methods work with
// user and application-only sessions, required ones with user sessions, prohibited ones with
// the application-only session.
use okru::ok::{Api, ApplicationSession, ClientSession};

#[allow(dead_code)]
async fn calls(user: Api<ClientSession>, app: Api<ApplicationSession>) -> Result<(), okru::Error> {
    let _ = user.users().get_info([1_u64], ["first_name"]).await?;
    let _ = app.users().get_info([1_u64], ["first_name"]).await?;
    let _ = user.users().get_logged_in_user().await?;
    let _ = app.notifications().send_simple(1_u64, "hello").await?;
    Ok(())
}

fn main() {}
