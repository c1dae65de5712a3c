// mail.ru stream.get needs the `stream` privilege, whose feature `mailru-stream` is off here.
use okru::mailru::{Api, ServerSession};

async fn call(api: Api<ServerSession>) -> Result<(), okru::Error> {
    let _events = api.stream().get().await?;
    Ok(())
}

fn main() {
    let _ = call;
}
