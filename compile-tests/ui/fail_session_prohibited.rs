// notifications.sendSimple must be called without a user session.
use okru::ok::{Api, ClientSession};

async fn call(api: Api<ClientSession>) -> Result<(), okru::Error> {
    let _sent = api.notifications().send_simple(1_u64, "hello").await?;
    Ok(())
}

fn main() {
    let _ = call;
}
