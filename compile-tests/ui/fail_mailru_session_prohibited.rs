// mail.ru notifications.send refuses user sessions: only the application may call it.
use okru::mailru::{Api, ServerSession};

async fn call(api: Api<ServerSession>) -> Result<(), okru::Error> {
    let _sent = api.notifications().send([1_u64], "hello").await?;
    Ok(())
}

fn main() {
    let _ = call;
}
