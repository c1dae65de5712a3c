//! What to try next after an error, by platform and code.

use okru::{Error, ErrorKind, Platform};

/// A hint for `error`, when there is a useful one.
pub fn hint(error: &Error) -> Option<&'static str> {
    match error.kind() {
        ErrorKind::Api(api) => match (api.platform, api.code) {
            (Platform::OkRu, 3) | (Platform::MailRu, 2) => Some(
                "the method name is unknown: `okru methods <part of the name>` lists the catalogue \
                 (names are case-sensitive, such as users.getInfo)",
            ),
            (Platform::OkRu, 100) | (Platform::MailRu, 100) => Some(
                "a parameter is missing or has a bad value: check the NAME=VALUE pairs; `okru \
                 methods <method>` shows the method's parameters",
            ),
            (Platform::OkRu, 101) => Some(
                "the application key is missing or wrong: --application-key or \
                 OKRU_OK_APPLICATION_KEY (the public key, not the secret one)",
            ),
            (Platform::OkRu, 102) => Some(
                "the access token has expired: obtain a new one (OAuth) or refresh it; long-lived \
                 tokens need the LONG_ACCESS_TOKEN permission",
            ),
            (Platform::OkRu, 103) | (Platform::MailRu, 102) => Some(
                "the token is not valid for this application: check that it was issued to this \
                 application and has not been revoked",
            ),
            (Platform::OkRu, 104) | (Platform::MailRu, 104) => Some(
                "the signature does not match: run `okru sign` with the same arguments to see the \
                 string that was hashed; the secret must be the one of the circuit (OK server: \
                 application secret key; client: session secret key; Mail.ru client: private key \
                 with the uid; server: secret key)",
            ),
            (Platform::MailRu, 103) => {
                Some("the application id is unknown: --app-id or OKRU_MAILRU_APP_ID")
            }
            (Platform::MailRu, 105) => Some("the user has not installed the application"),
            (Platform::OkRu, 10 | 200) | (Platform::MailRu, 200 | 202) => Some(
                "the application or the user lacks a permission: `okru methods <method>` shows \
                 what the method needs",
            ),
            (Platform::OkRu, 451) => Some(
                "this method refuses a user session: add --app-only (or unset the access token) to \
                 sign with the application secret key alone",
            ),
            (Platform::OkRu, 453) => {
                Some("this method needs a user session: give an access token with its secret")
            }
            (Platform::OkRu, 8) | (Platform::MailRu, 3) => {
                Some("the platform is limiting calls: wait a little and try again")
            }
            _ => None,
        },
        ErrorKind::Timeout => Some("no answer in time: is --base-url right and the server up?"),
        ErrorKind::Connection => {
            Some("could not connect: is --base-url right? (`okru sandbox` runs a local server)")
        }
        ErrorKind::HtmlPage { .. } | ErrorKind::Status { .. } => Some(
            "the answer did not come from the API: is --base-url the API endpoint (…/fb.do or \
             …/platform/api)?",
        ),
        _ => None,
    }
}
