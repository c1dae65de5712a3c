//! The parts of my.mail.ru the scrapers read, with the markup they rely on:
//!
//! - `/my/communities?page=N`: the logged-in user's communities, [`PAGE`] a page,
//!   `div.groups__item` each with an `a.groups__avatar` link and a `.groups__name`, and an
//!   `a.groups__more` link to the next page while there is one;
//! - `/community/<name>/`: a community's page; its stream as `div.b-history-event` elements
//!   with a `data-astat` attribute
//!   (`user_world_id:event_type:event_id:owner:corr_world:corr_event_id:likes:comments:time`),
//!   `div.mf_cc` when the community is closed to the user, `div.b-blacklist` when the user is
//!   blacklisted, a join form (`POST /community/<name>/join`) for non-members, and
//!   `span.groups__in-group` / `span.groups__join-sent` once joined or asked; the stream
//!   shows [`PAGE`] events, then an `a.b-history__more` link (`?skip=<last event id>`) or,
//!   at the end, `div[data-state=noevents]`;
//! - `/platform/community/<name>`: the public resolver of a path to its uid (JSON).
//!
//! Pages need the `Mpop` cookie of the implicit login; without it they redirect to
//! `/login`.

use std::collections::BTreeSet;
use std::sync::Mutex;

use serde_json::json;

use crate::answer::{Answer, HTML, cookie, escape_html};
use crate::request::RecordedRequest;

/// Items per page of the lists (small, so that tests cross pages).
const PAGE: usize = 2;

/// One community.
struct Community {
    name: &'static str,
    title: &'static str,
    uid: &'static str,
    closed: bool,
    /// Login names (the `Mpop` cookie value) on the blacklist.
    blacklist: &'static [&'static str],
    /// Login names of the members.
    members: &'static [&'static str],
    /// `data-astat` of each event, newest first.
    events: &'static [&'static str],
}

const COMMUNITIES: &[Community] = &[
    Community {
        name: "rustaceans",
        title: "Rustaceans",
        uid: "5100000000000000001",
        closed: false,
        blacklist: &[],
        members: &["alice"],
        events: &[
            "6A3F0C2E9B1D4F70:3-23:0000C0DE00000003:5100000000000000001:::12:3:1780000000",
            "6A3F0C2E9B1D4F70:5-22:0000C0DE00000002:5100000000000000001:::4:0:1779996400",
            "6A3F0C2E9B1D4F70:5-26:0000C0DE00000001:5100000000000000001:::0:1:1779992800",
        ],
    },
    Community {
        name: "gardeners",
        title: "Gardeners",
        uid: "5100000000000000002",
        closed: false,
        blacklist: &[],
        members: &["alice"],
        events: &[],
    },
    Community {
        name: "chess",
        title: "Chess club",
        uid: "5100000000000000005",
        closed: false,
        blacklist: &[],
        members: &["alice"],
        events: &[],
    },
    Community {
        name: "dacha",
        title: "Dacha club",
        uid: "5100000000000000003",
        closed: true,
        blacklist: &[],
        members: &[],
        events: &["6A3F0C2E9B1D4F70:3-23:0000DACA00000001:5100000000000000003:::1:0:1779990000"],
    },
    Community {
        name: "grumpy",
        title: "Grumpy neighbours",
        uid: "5100000000000000004",
        closed: false,
        blacklist: &["alice"],
        members: &[],
        events: &["0000000B0B000001:3-23:0000BAD000000001:5100000000000000004:::0:0:1779980000"],
    },
];

/// Memberships and requests made through the join form: `(login, community)`.
#[derive(Debug, Default)]
pub(crate) struct Joins {
    joined: Mutex<BTreeSet<(String, &'static str)>>,
}

impl Joins {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeSet<(String, &'static str)>> {
        self.joined
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

pub(crate) fn handle(request: &RecordedRequest, joins: &Joins) -> Answer {
    let path = request.path.as_str();
    if let Some(name) = path.strip_prefix("/platform/community/") {
        return match find(name.trim_end_matches('/')) {
            Some(community) => {
                Answer::json(crate::answer::MAILRU_JSON, &json!({ "uid": community.uid }))
            }
            None => Answer::html_page(404, 404),
        };
    }
    let Some(login) = cookie(request.header("cookie"), "Mpop") else {
        return Answer::redirect("/login?page=my");
    };
    let page_number = |name: &str| {
        request
            .query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if path == "/my/communities" {
        let number = page_number("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        return communities_page(login, number);
    }
    let Some(rest) = path.strip_prefix("/community/") else {
        return Answer::html_page(404, 404);
    };
    let (name, action) = rest.split_once('/').unwrap_or((rest, ""));
    let Some(community) = find(name) else {
        return Answer::html_page(404, 404);
    };
    match (request.http_method.as_str(), action) {
        ("GET", "") => community_page(community, login, joins, page_number("skip")),
        ("POST", "join") => {
            if !community.blacklist.contains(&login) {
                joins.lock().insert((login.to_owned(), community.name));
            }
            Answer::redirect(format!("/community/{}/", community.name))
        }
        _ => Answer::html_page(404, 404),
    }
}

fn find(name: &str) -> Option<&'static Community> {
    COMMUNITIES.iter().find(|c| c.name == name)
}

fn page(body: String) -> Answer {
    Answer::new(
        200,
        HTML,
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>"
        ),
    )
}

fn communities_page(login: &str, number: usize) -> Answer {
    let mine: Vec<&Community> = COMMUNITIES
        .iter()
        .filter(|c| c.members.contains(&login))
        .collect();
    let items: String = mine
        .iter()
        .skip(number * PAGE)
        .take(PAGE)
        .map(|c| {
            format!(
                "<div class=\"groups__item\"><a class=\"groups__avatar\" href=\"https://my.mail.ru/community/{name}/?ref=list\"><img src=\"/a.png\"></a>\
                 <span class=\"groups__name\">{title}</span></div>",
                name = c.name,
                title = escape_html(c.title),
            )
        })
        .collect();
    let more = if (number + 1) * PAGE < mine.len() {
        format!(
            "<a class=\"groups__more\" href=\"/my/communities?page={}\">Ещё</a>",
            number + 1
        )
    } else {
        String::new()
    };
    page(format!(
        "<h1>Сообщества</h1><div class=\"groups\">{items}</div>{more}"
    ))
}

fn community_page(community: &Community, login: &str, joins: &Joins, skip: Option<&str>) -> Answer {
    let blacklisted = community.blacklist.contains(&login);
    let joined = joins.lock().contains(&(login.to_owned(), community.name));
    let member = community.members.contains(&login) || (joined && !community.closed);
    let mut body = format!("<h1>{}</h1>", escape_html(community.title));
    if blacklisted {
        body.push_str("<div class=\"b-blacklist\">Вы в чёрном списке сообщества.</div>");
    } else if community.closed && !member {
        body.push_str("<div class=\"mf_cc\">Это закрытое сообщество.</div>");
    }
    if member {
        body.push_str("<span class=\"groups__in-group\">Вы в сообществе</span>");
    } else if joined {
        body.push_str("<span class=\"groups__join-sent\">Заявка отправлена</span>");
    } else if !blacklisted {
        body.push_str(&format!(
            "<form method=\"post\" action=\"/community/{}/join\"><input type=\"hidden\" name=\"token\" value=\"sbx\">\
             <button type=\"submit\">Вступить</button></form>",
            community.name
        ));
    }
    if !blacklisted && (!community.closed || member) {
        // Events after `skip` (an event id), one page of them.
        let id_of = |astat: &str| astat.split(':').nth(2).unwrap_or("").to_owned();
        let start = skip.map_or(0, |skip| {
            community
                .events
                .iter()
                .position(|a| id_of(a) == skip)
                .map_or(community.events.len(), |i| i + 1)
        });
        let shown: Vec<&str> = community
            .events
            .iter()
            .skip(start)
            .take(PAGE)
            .copied()
            .collect();
        body.push_str("<div class=\"b-history\">");
        for astat in &shown {
            body.push_str(&format!(
                "<div class=\"b-history-event\" data-astat=\"{astat}\"><p>…</p></div>"
            ));
        }
        match shown.last() {
            Some(last) if start + shown.len() < community.events.len() => body.push_str(&format!(
                "<a class=\"b-history__more\" href=\"/community/{}/?skip={}\">Ещё</a>",
                community.name,
                id_of(last)
            )),
            _ => body.push_str("<div data-state=\"noevents\"></div>"),
        }
        body.push_str("</div>");
    }
    page(body)
}
