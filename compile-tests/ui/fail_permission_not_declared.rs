// photos.createAlbum needs PHOTO_CONTENT, whose feature `ok-photo-content` is off here.
use okru::ok::{Api, ClientSession};

async fn call(api: Api<ClientSession>) -> Result<(), okru::Error> {
    let _album = api.photos().create_album("Holidays").await?;
    Ok(())
}

fn main() {
    let _ = call;
}
