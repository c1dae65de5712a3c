//! OK's authorization dialog for the implicit flow: `/oauth/authorize` redirects to the
//! login page (`/dk?st.cmd=OAuth2Login`), a good login leads to the permissions page
//! (`st.cmd=OAuth2Permissions`), and accepting it redirects to the application's redirect
//! URI with the tokens in the fragment. The pages carry the form fields the flow relies on
//! (`fr.posted`, `fr.email`, `fr.password`, `fr.remember`, `fr.token`,
//! `button_accept_request`).

use crate::answer::{Answer, cookie, escape_html, param};
use crate::fixtures::ok as fx;
use crate::issuer::Issuer;
use crate::request::RecordedRequest;

/// The cookie a good login sets.
const LOGIN_COOKIE: &str = "sbx_ok_login";
/// Its value (the sandbox has one user who can log in through the dialog: Alice).
const LOGGED_IN: &str = "alice-570000000001";

/// The dialog's parameters, carried from page to page as `st.*` query parameters.
const CARRIED: &[&str] = &[
    "client_id",
    "scope",
    "redirect_uri",
    "state",
    "response_type",
];

pub(crate) fn handle(request: &RecordedRequest, issuer: &Issuer) -> Answer {
    let params = request.params();
    let get = |name: &str| param(&params, name).unwrap_or("");
    if request.path == "/oauth/authorize" {
        if get("client_id") != fx::APP_ID.to_string() {
            return Answer::new(
                400,
                crate::answer::HTML,
                "<html><body>Invalid client_id</body></html>",
            );
        }
        if get("response_type") != "token" || get("redirect_uri").is_empty() {
            return Answer::new(
                400,
                crate::answer::HTML,
                "<html><body>Invalid request</body></html>",
            );
        }
        return Answer::redirect(dk("OAuth2Login", &carry(&params, "")));
    }
    let carried = carry(&params, "st.");
    let logged_in = cookie(request.header("cookie"), LOGIN_COOKIE) == Some(LOGGED_IN);
    match (request.http_method.as_str(), get("st.cmd")) {
        ("GET", "OAuth2Login") => login_page(&carried, ""),
        ("POST", "OAuth2Login") => match (get("fr.email"), get("fr.password")) {
            (fx::ALICE_LOGIN, fx::ALICE_PASSWORD) if get("fr.posted") == "set" => {
                let mut answer = Answer::redirect(dk("OAuth2Permissions", &carried));
                answer.headers.push((
                    "set-cookie",
                    format!("{LOGIN_COOKIE}={LOGGED_IN}; Path=/; HttpOnly"),
                ));
                answer
            }
            (fx::CAPTCHA_LOGIN, _) => Answer::redirect(dk("OAuth2Captcha", &carried)),
            (fx::BLOCKED_LOGIN, _) => Answer::redirect(dk("OAuth2Blocked", &carried)),
            _ => login_page(&carried, "Incorrect login or password"),
        },
        ("GET", "OAuth2Permissions") if logged_in => permissions_page(&carried, get("st.scope")),
        ("POST", "OAuth2Permissions")
            if logged_in && param(&params, "button_accept_request").is_some() =>
        {
            let (token, secret) = issuer.issue(fx::ALICE_ID, true);
            let fragment = form_urlencoded::Serializer::new(String::new())
                .append_pair("access_token", &token)
                .append_pair("session_secret_key", secret.as_deref().unwrap_or_default())
                .append_pair("expires_in", "1800")
                .append_pair("permissions_granted", get("st.scope"))
                .append_pair("state", get("st.state"))
                .finish();
            Answer::redirect(format!("{}#{fragment}", get("st.redirect_uri")))
        }
        (_, "OAuth2Permissions") => Answer::redirect(dk("OAuth2Login", &carried)),
        ("GET", "OAuth2Captcha") => Answer::html(
            "<html><body><h1>Security check</h1><p>Enter the characters from the captcha image.</p>\
             <form method=\"post\" action=\"/dk?st.cmd=OAuth2Captcha\"><input name=\"st.captcha\"></form>\
             </body></html>",
        ),
        ("GET", "OAuth2Blocked") => Answer::html(
            "<html><body><h1>Profile is blocked</h1><p>This profile is blocked for violating the rules.</p></body></html>",
        ),
        _ => Answer::html_page(404, 404),
    }
}

/// The dialog parameters as `st.<name>=...` pairs for the next page; `from` is the prefix
/// they have in the current request (`` on `/oauth/authorize`, `st.` on `/dk`).
fn carry(params: &[(String, String)], from: &str) -> Vec<(String, String)> {
    CARRIED
        .iter()
        .filter_map(|name| {
            param(params, &format!("{from}{name}"))
                .map(|value| (format!("st.{name}"), value.to_owned()))
        })
        .collect()
}

fn dk(cmd: &str, carried: &[(String, String)]) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("st.cmd", cmd)
        .extend_pairs(carried)
        .finish();
    format!("/dk?{query}")
}

fn login_page(carried: &[(String, String)], error: &str) -> Answer {
    Answer::html(format!(
        "<!DOCTYPE html><html><head><title>OK</title></head><body>\
         <p class=\"error\">{error}</p>\
         <form method=\"post\" action=\"{action}\">\
         <input type=\"hidden\" name=\"fr.posted\" value=\"set\">\
         <input type=\"text\" name=\"fr.email\" value=\"\">\
         <input type=\"password\" name=\"fr.password\" value=\"\">\
         <input type=\"checkbox\" name=\"fr.remember\" value=\"on\" checked>\
         <input type=\"submit\" value=\"Log in\">\
         </form></body></html>",
        error = escape_html(error),
        action = escape_html(&dk("OAuth2Login", carried)),
    ))
}

fn permissions_page(carried: &[(String, String)], scope: &str) -> Answer {
    Answer::html(format!(
        "<!DOCTYPE html><html><head><title>OK</title></head><body>\
         <p>The application asks for: {scope}</p>\
         <form method=\"post\" action=\"{action}\">\
         <input type=\"hidden\" name=\"fr.posted\" value=\"set\">\
         <input type=\"hidden\" name=\"fr.token\" value=\"sbx-form-token\">\
         <input type=\"submit\" name=\"button_accept_request\" value=\"Allow\">\
         <input type=\"submit\" name=\"button_cancel\" value=\"Cancel\">\
         </form></body></html>",
        scope = escape_html(scope),
        action = escape_html(&dk("OAuth2Permissions", carried)),
    ))
}
