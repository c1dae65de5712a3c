// Each credential has its own type: passing the session secret key where the access token
// goes (and back) does not compile.
use okru::ok::ClientSession;
use okru::{AccessToken, ApplicationKey, SessionSecretKey};

fn main() {
    let _session = ClientSession::new(
        512000000001,
        ApplicationKey::new("CBAFJIICABABABABA"),
        SessionSecretKey::new("session-secret-key"),
        AccessToken::new("access-token"),
    );
}
