// users.getCurrentUser needs no permission: GET_EMAIL only adds the `email` field, so this
// build, which declares no `ok-get-email`, calls it (with a user session, as required).
use okru::ok::{Api, ClientSession};

#[allow(dead_code)]
async fn call(api: Api<ClientSession>) -> Result<(), okru::Error> {
    let me = api.users().get_current_user().fields(["first_name", "email"]).await?;
    let _ = (me.first_name, me.email);
    Ok(())
}

fn main() {}
