// mail.ru friends.get needs a user session; the application's own session has none.
use okru::mailru::{Api, ApplicationSession};

async fn call(api: Api<ApplicationSession>) -> Result<(), okru::Error> {
    let _friends = api.friends().get().await?;
    Ok(())
}

fn main() {
    let _ = call;
}
