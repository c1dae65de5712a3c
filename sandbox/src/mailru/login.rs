//! Mail.ru's authorization dialog for the implicit flow:
//!
//! - `GET /mailru/oauth/authorize`: without the login cookie, the login page (a form posting
//!   to `/cgi-bin/auth` with the hidden `Page` and `FailPage`); with it, the consent page
//!   ("Необходим доступ к вашим данным") or, for a user the application in test mode does not
//!   admit, "Авторизация запрещена". An unknown `client_id` shows "Не указано приложение".
//! - `POST /cgi-bin/auth`: a good login sets the cookie and returns to `Page`; a bad one goes
//!   to `FailPage` (`&fail=1`); a blocked user goes to `/recovery`; a robot to a captcha.
//! - `POST /mailru/oauth/authorize` (the consent form): redirects to the redirect URI with
//!   the tokens in the fragment.

use crate::answer::{Answer, cookie, escape_html, param};
use crate::fixtures::mailru as fx;
use crate::issuer::Issuer;
use crate::request::RecordedRequest;

/// The login cookie (`Mpop` on the platform) and the users it may name.
const LOGIN_COOKIE: &str = "Mpop";

pub(crate) fn handle(request: &RecordedRequest, issuer: &Issuer) -> Answer {
    let params = request.params();
    let get = |name: &str| param(&params, name).unwrap_or("");
    let who = cookie(request.header("cookie"), LOGIN_COOKIE);
    match (request.http_method.as_str(), request.path.as_str()) {
        ("GET", "/mailru/oauth/authorize") => {
            if get("client_id") != fx::APP_ID.to_string() {
                return page("<h1>Ошибка</h1><p>Не указано приложение</p>");
            }
            match who {
                None => login_page(request),
                Some("outsider") => {
                    page("<h1>Авторизация запрещена</h1><p>Приложение в режиме тестирования.</p>")
                }
                Some(_) => consent_page(&params),
            }
        }
        ("POST", "/cgi-bin/auth") => {
            let email = format!("{}@{}", get("Login"), get("Domain"));
            let back = get("Page").to_owned();
            match email.as_str() {
                fx::ALICE_EMAIL if get("Password") == fx::ALICE_PASSWORD => {
                    logged_in(back, "alice")
                }
                fx::OUTSIDER_EMAIL => logged_in(back, "outsider"),
                fx::BLOCKED_EMAIL => Answer::redirect("/recovery"),
                fx::CAPTCHA_EMAIL => {
                    page("<h1>Введите код</h1><p>captcha</p><img src=\"/captcha.png\">")
                }
                _ => Answer::redirect(get("FailPage").to_owned()),
            }
        }
        ("GET", "/recovery") => {
            page("<h1>Восстановление доступа</h1><p>Учётная запись заблокирована.</p>")
        }
        ("POST", "/mailru/oauth/authorize") if who == Some("alice") => {
            let (token, _) = issuer.issue(fx::ALICE_UID, false);
            let mut fragment = form_urlencoded::Serializer::new(String::new());
            fragment
                .append_pair("access_token", &token)
                .append_pair("refresh_token", fx::ALICE_REFRESH_TOKEN)
                .append_pair("expires_in", "86400")
                .append_pair("token_type", "bearer")
                .append_pair("x_mailru_vid", fx::ALICE_UID);
            if let Some(state) = param(&params, "state").filter(|s| !s.is_empty()) {
                fragment.append_pair("state", state);
            }
            Answer::redirect(format!("{}#{}", get("redirect_uri"), fragment.finish()))
        }
        _ => Answer::html_page(404, 404),
    }
}

fn page(body: &str) -> Answer {
    Answer::html(format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>"
    ))
}

fn logged_in(back: String, who: &str) -> Answer {
    let mut answer = Answer::redirect(back);
    answer.headers.push((
        "set-cookie",
        format!("{LOGIN_COOKIE}={who}; Path=/; HttpOnly"),
    ));
    answer
}

/// The login page; `Page` returns to this very dialog, `FailPage` to it with `fail=1`.
fn login_page(request: &RecordedRequest) -> Answer {
    let here = format!("{}?{}", request.path, request.raw_query);
    let fail = format!("{here}&fail=1");
    page(&format!(
        "<h1>Вход</h1>\
         <form method=\"post\" action=\"/cgi-bin/auth\">\
         <input type=\"hidden\" name=\"Page\" value=\"{page}\">\
         <input type=\"hidden\" name=\"FailPage\" value=\"{fail}\">\
         <input type=\"text\" name=\"Login\" value=\"\">\
         <select name=\"Domain\"><option value=\"mail.ru\">mail.ru</option></select>\
         <input type=\"password\" name=\"Password\" value=\"\">\
         <input type=\"submit\" value=\"Войти\">\
         </form>",
        page = escape_html(&here),
        fail = escape_html(&fail),
    ))
}

fn consent_page(params: &[(String, String)]) -> Answer {
    let hidden = |name: &str| {
        format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            escape_html(param(params, name).unwrap_or(""))
        )
    };
    page(&format!(
        "<h1>Необходим доступ к вашим данным</h1>\
         <form method=\"post\" action=\"/mailru/oauth/authorize\">\
         <input type=\"hidden\" name=\"sig\" value=\"sbx-consent-sig\">\
         {client_id}{redirect_uri}{response_type}{state}\
         <input type=\"hidden\" name=\"login\" value=\"alice\">\
         <input type=\"hidden\" name=\"needed_permissions\" value=\"{scope}\">\
         <button type=\"submit\" name=\"agree\" value=\"1\">Разрешить</button>\
         </form>",
        client_id = hidden("client_id"),
        redirect_uri = hidden("redirect_uri"),
        response_type = hidden("response_type"),
        state = hidden("state"),
        scope = escape_html(param(params, "scope").unwrap_or("")),
    ))
}
