//! What the mail.ru REST API cannot do, read from my.mail.ru's pages with the cookies of the
//! implicit login (feature `web-login`): the user's communities, whether a community is
//! closed, joining one, and a community's stream.
//!
//! The pages are read over plain HTTP with an HTML parser; they need no JavaScript for what
//! is read here. Unlike aiomailru's scrapers, `offset` is honoured, and link suffixes are cut
//! at the path, not by a character set.
//!
//! A hostile or broken site cannot keep a scraper busy: "more" links are followed at most
//! [`DEFAULT_MAX_PAGES`] pages (see [`Scraper::max_pages`]) and never back to a page already
//! read ([`ScrapeReason::LinkCycle`]); each page is bounded in size and parsing work (see
//! [`Scraper::max_page_len`] and [`Scraper::max_html_depth`]) and parsed off the async
//! worker threads; and the scraper requests only the configured hosts.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use reqwest::cookie::Jar;
use scraper::{Html, Selector};

use super::oauth::OAuthSession;
use super::types::EventType;
pub use crate::error::ScrapeReason;
use crate::error::{Error, ErrorKind, Result};
use crate::http::browser::{Browser, Form, HostPolicy, Outcome, Page, PageLimits, post_forms};
use crate::ids::UserId;

/// Default most pages one listing (a user's communities, a community's stream) follows.
pub const DEFAULT_MAX_PAGES: usize = 50;

/// Where the scrapers go; [`ScraperEndpoints::at`] points them at another host (the sandbox).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScraperEndpoints {
    /// The My World site (`https://my.mail.ru`).
    pub my: String,
    /// The public resolver of profile paths to uids (`https://appsmail.ru/platform`).
    pub public: String,
}

impl Default for ScraperEndpoints {
    fn default() -> Self {
        ScraperEndpoints {
            my: "https://my.mail.ru".into(),
            public: "https://appsmail.ru/platform".into(),
        }
    }
}

impl ScraperEndpoints {
    /// Both on `base` (scheme and host).
    pub fn at(base: &str) -> Self {
        let base = base.trim_end_matches('/');
        ScraperEndpoints {
            my: base.to_owned(),
            public: format!("{base}/platform"),
        }
    }
}

/// A community of the user's list.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Community {
    /// Its address, relative to my.mail.ru (`/community/rustaceans/`).
    pub link: String,
    /// Its name as listed.
    pub name: String,
    /// Its uid, as the public resolver gives it.
    pub uid: UserId,
}

/// What a community's page tells.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunityInfo {
    /// Its address.
    pub link: String,
    /// Whether it is closed to the user.
    pub is_closed: bool,
}

/// What joining did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinState {
    /// The user is a member now (or was already).
    Member,
    /// A closed community: the request awaits its moderators.
    RequestSent,
}

/// One event of a community's stream, from its `data-astat` attribute
/// (`user_world_id:event_type:event_id:owner:corr_world:corr_event_id:likes:comments:time`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScrapedEvent {
    /// World id of the author.
    pub user_world_id: String,
    /// Event type.
    pub event_type: EventType,
    /// Event id.
    pub event_id: String,
    /// Owner of the stream.
    pub owner: String,
    /// World id of the other party, if any.
    pub corr_world: String,
    /// Event id on the other party's side, if any.
    pub corr_event_id: String,
    /// Number of likes.
    pub likes: u64,
    /// Number of comments.
    pub comments: u64,
    /// When, Unix time.
    pub time: u64,
}

/// Reads my.mail.ru as the logged-in user.
#[derive(Debug, Clone)]
pub struct Scraper {
    browser: Browser,
    jar: Arc<Jar>,
    endpoints: ScraperEndpoints,
    limits: PageLimits,
    max_pages: usize,
}

/// A browser with `jar` that goes only to the endpoints' hosts (and, for the real site,
/// the other HTTPS hosts of mail.ru, where it may be redirected to log in).
fn browser(jar: &Arc<Jar>, endpoints: &ScraperEndpoints, limits: PageLimits) -> Result<Browser> {
    let policy = HostPolicy::default()
        .endpoint(&endpoints.my, "mail.ru")
        .endpoint(&endpoints.public, "mail.ru");
    Browser::with_jar(
        Arc::clone(jar),
        None,
        Duration::from_secs(30),
        policy,
        limits,
    )
}

/// The pages of one listing: refuses a page already read and more than `max` pages.
struct Pages {
    seen: HashSet<String>,
    max: usize,
}

impl Pages {
    fn new(max: usize) -> Self {
        Pages {
            seen: HashSet::new(),
            max,
        }
    }

    fn visit(&mut self, path: &str) -> Result<()> {
        if !self.seen.insert(path.to_owned()) {
            return Err(scrape_error(
                ScrapeReason::LinkCycle,
                "a \"more\" link leads back to a page already read",
            ));
        }
        if self.seen.len() > self.max {
            return Err(scrape_error(
                ScrapeReason::TooManyPages,
                format!("the listing goes on past {} pages", self.max),
            ));
        }
        Ok(())
    }
}

fn scrape_error(reason: ScrapeReason, detail: impl Into<String>) -> Error {
    Error::new(ErrorKind::Scrape {
        reason,
        detail: detail.into(),
    })
}

fn selector(css: &str) -> Selector {
    // The selectors are constants of this module; a bad one is a bug caught by its tests.
    Selector::parse(css).unwrap_or_else(|e| panic!("invalid selector {css}: {e}"))
}

impl Scraper {
    /// A scraper with the login cookies of `session` (from [`super::ImplicitSession`]).
    pub fn new(session: &OAuthSession) -> Result<Self> {
        let jar = session.cookies().ok_or_else(|| {
            scrape_error(
                ScrapeReason::MissingCookies,
                "the session did not come from the implicit flow",
            )
        })?;
        Scraper::from_cookies(jar)
    }

    /// A scraper with cookies of your own.
    pub fn from_cookies(jar: Arc<Jar>) -> Result<Self> {
        let endpoints = ScraperEndpoints::default();
        let limits = PageLimits::default();
        Ok(Scraper {
            browser: browser(&jar, &endpoints, limits)?,
            jar,
            endpoints,
            limits,
            max_pages: DEFAULT_MAX_PAGES,
        })
    }

    /// Reads another host (the sandbox).
    pub fn endpoints(self, endpoints: ScraperEndpoints) -> Self {
        self.rebuilt(|s| s.endpoints = endpoints)
    }

    /// Most pages one listing follows through its "more" links (default
    /// [`DEFAULT_MAX_PAGES`]); a listing that needs more fails with
    /// [`ScrapeReason::TooManyPages`].
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = pages.max(1);
        self
    }

    /// Largest page read, in bytes (default
    /// [`DEFAULT_MAX_PAGE`](crate::http::DEFAULT_MAX_PAGE), 2 MiB); a larger page
    /// fails with [`ErrorKind::BodyTooLarge`] as soon as that many bytes have arrived.
    pub fn max_page_len(self, bytes: usize) -> Self {
        self.rebuilt(|s| s.limits.max_page = bytes)
    }

    /// Deepest nesting of a page's HTML that is parsed (default
    /// [`DEFAULT_MAX_HTML_DEPTH`](crate::http::DEFAULT_MAX_HTML_DEPTH)); a deeper
    /// page fails with [`ErrorKind::HtmlTooDeep`].
    pub fn max_html_depth(self, depth: usize) -> Self {
        self.rebuilt(|s| s.limits.max_depth = depth)
    }

    /// The scraper after `change`, its browser rebuilt for the new hosts and limits.
    fn rebuilt(mut self, change: impl FnOnce(&mut Self)) -> Self {
        change(&mut self);
        // The browser is built from values already checked by `from_cookies`; should it
        // fail now, the previous one (same cookies) is kept.
        if let Ok(browser) = browser(&self.jar, &self.endpoints, self.limits) {
            self.browser = browser;
        }
        self
    }

    async fn page(&self, path: &str) -> Result<Page> {
        let url = format!("{}{}", self.endpoints.my, path);
        match self.browser.get(&url).await? {
            Outcome::Page(page) if page.url.path().contains("login") => Err(scrape_error(
                ScrapeReason::NotLoggedIn,
                "the site asks to log in",
            )),
            Outcome::Page(page) if page.status == 200 => Ok(page),
            Outcome::Page(page) => Err(scrape_error(
                ScrapeReason::UnexpectedPage,
                format!("HTTP {} for {path}", page.status),
            )),
            Outcome::Redirect(_) => Err(scrape_error(
                ScrapeReason::UnexpectedPage,
                "an unexpected redirect",
            )),
        }
    }

    /// The user's communities, `limit` of them after skipping `offset` (aiomailru ignored
    /// `offset`), following the list's "more" links from page to page. aiomailru's
    /// `groups.get`; [`Scraper::groups_ext`] gives full profiles.
    pub async fn groups(&self, limit: usize, offset: usize) -> Result<Vec<Community>> {
        let wanted = offset.saturating_add(limit);
        let mut listed: Vec<(String, String)> = Vec::new();
        let mut pages = Pages::new(self.max_pages);
        let mut next = Some("/my/communities".to_owned());
        while let Some(path) = next.take() {
            if listed.len() >= wanted {
                break;
            }
            pages.visit(&path)?;
            let page = self.page(&path).await?;
            let (items, more) = page.read(|document, _| read_groups(document)).await?;
            listed.extend(items);
            next = more;
        }
        let mut communities = Vec::new();
        for (link, name) in listed.into_iter().skip(offset).take(limit) {
            let uid = self.resolve(&link).await?;
            communities.push(Community { link, name, uid });
        }
        Ok(communities)
    }

    /// [`Scraper::groups`] with each community's full profile from the REST API
    /// (`users.getInfo`), as aiomailru's `ext=1`.
    pub async fn groups_ext(
        &self,
        api: &super::Api<OAuthSession>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<super::types::User>> {
        let communities = self.groups(limit, offset).await?;
        if communities.is_empty() {
            return Ok(Vec::new());
        }
        api.users()
            .get_info()
            .uids(communities.into_iter().map(|c| c.uid))
            .await
    }

    /// The uid of a community or profile path, from the public resolver.
    async fn resolve(&self, link: &str) -> Result<UserId> {
        let url = format!("{}{}", self.endpoints.public, link.trim_end_matches('/'));
        let Outcome::Page(page) = self.browser.get(&url).await? else {
            return Err(scrape_error(
                ScrapeReason::UnexpectedPage,
                "the resolver redirected",
            ));
        };
        // Read into a small typed value: a page of JSON read as a `Value` could take a
        // hundred times its size.
        let resolved: Resolved = serde_json::from_str(&page.html).map_err(|_| {
            scrape_error(
                ScrapeReason::UnexpectedPage,
                "the resolver did not answer JSON",
            )
        })?;
        resolved
            .0
            .ok_or_else(|| scrape_error(ScrapeReason::UnexpectedPage, format!("no uid for {link}")))
    }

    /// Whether each community is closed (aiomailru's `groups.getInfo`). Communities whose
    /// page cannot be read are left out; when none can, the error is [`ScrapeReason::Empty`].
    pub async fn group_info(&self, links: &[&str]) -> Result<Vec<CommunityInfo>> {
        let mut found = Vec::new();
        for link in links {
            let path = community_path(link);
            let Ok(page) = self.page(&path).await else {
                continue;
            };
            if let Ok(is_closed) = page.read(|document, _| has(document, "div.mf_cc")).await {
                found.push(CommunityInfo {
                    is_closed,
                    link: path,
                });
            }
        }
        if found.is_empty() {
            return Err(scrape_error(
                ScrapeReason::Empty,
                "no community could be read",
            ));
        }
        Ok(found)
    }

    /// Joins a community (aiomailru's `groups.join`).
    pub async fn join(&self, link: &str) -> Result<JoinState> {
        let path = community_path(link);
        let page = self.page(&path).await?;
        let (state, blacklisted, form) = page
            .read(|document, url| {
                let form = post_forms(document, url)
                    .into_iter()
                    .find(|form| form.action.path().ends_with("/join"));
                (join_state(document), has(document, "div.b-blacklist"), form)
            })
            .await?;
        if let Some(state) = state {
            return Ok(state);
        }
        if blacklisted {
            return Err(scrape_error(
                ScrapeReason::Blacklisted,
                "the user is on the community's blacklist",
            ));
        }
        let form: Form = form.ok_or_else(|| {
            scrape_error(
                ScrapeReason::UnexpectedPage,
                "the community page has no join form",
            )
        })?;
        let page = match self.browser.submit(&form).await? {
            Outcome::Page(page) => page,
            Outcome::Redirect(_) => {
                return Err(scrape_error(
                    ScrapeReason::UnexpectedPage,
                    "an unexpected redirect",
                ));
            }
        };
        page.read(|document, _| join_state(document))
            .await?
            .ok_or_else(|| {
                scrape_error(
                    ScrapeReason::UnexpectedPage,
                    "joining left no trace on the page",
                )
            })
    }

    /// A community's stream (aiomailru's `stream.getByAuthor` for communities): at most
    /// `limit` events, after the event `skip` when given, following the stream's "more"
    /// links until enough are read or the stream ends.
    pub async fn stream(
        &self,
        link: &str,
        limit: usize,
        skip: Option<&str>,
    ) -> Result<Vec<ScrapedEvent>> {
        let path = community_path(link);
        let mut next = Some(match skip {
            Some(skip) => format!(
                "{path}?skip={}",
                form_urlencoded::byte_serialize(skip.as_bytes()).collect::<String>()
            ),
            None => path.clone(),
        });
        let mut events = Vec::new();
        let mut pages = Pages::new(self.max_pages);
        let mut first = true;
        while let Some(url) = next.take() {
            pages.visit(&url)?;
            let page = self.page(&url).await?;
            let read = page.read(|document, _| read_stream(document)).await?;
            if first && read.events.is_empty() {
                if read.closed {
                    return Err(scrape_error(
                        ScrapeReason::ClosedGroup,
                        "the community is closed",
                    ));
                }
                if read.blacklisted {
                    return Err(scrape_error(
                        ScrapeReason::Blacklisted,
                        "the user is on the community's blacklist",
                    ));
                }
            }
            first = false;
            events.extend(read.events);
            if events.len() >= limit {
                break;
            }
            next = read.more;
        }
        events.truncate(limit);
        Ok(events)
    }
}

/// A link of the site as a path and query (the pages write some links with the host).
fn relative(href: &str) -> String {
    match href.split_once("://") {
        Some((_, rest)) => rest
            .find('/')
            .map_or("/".to_owned(), |i| rest[i..].to_owned()),
        None => href.to_owned(),
    }
}

/// The path of a community link, whatever host or query it carries.
fn community_path(link: &str) -> String {
    let without_host = relative(link);
    let path = without_host.split(['?', '#']).next().unwrap_or("/");
    if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    }
}

/// The resolver's answer, `{"uid": ..}` or `[{"uid": ..}, ..]`: the uid of the object, or
/// of the first one, as a string or a number. Everything else is skipped unread.
struct Resolved(Option<UserId>);

impl<'de> serde::Deserialize<'de> for Resolved {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(ResolvedVisitor)
    }
}

struct ResolvedVisitor;

impl<'de> serde::de::Visitor<'de> for ResolvedVisitor {
    type Value = Resolved;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object with a uid, or a list of them")
    }

    fn visit_map<M: serde::de::MapAccess<'de>>(
        self,
        mut map: M,
    ) -> std::result::Result<Resolved, M::Error> {
        let mut uid = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "uid" && uid.is_none() {
                uid = map.next_value::<UidText>()?.0;
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(Resolved(uid))
    }

    fn visit_seq<S: serde::de::SeqAccess<'de>>(
        self,
        mut seq: S,
    ) -> std::result::Result<Resolved, S::Error> {
        let first = seq.next_element::<Resolved>()?.and_then(|r| r.0);
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Resolved(first))
    }
}

/// A uid written as a string or a number; anything else reads as none.
struct UidText(Option<UserId>);

impl<'de> serde::Deserialize<'de> for UidText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(UidVisitor).map(UidText)
    }
}

struct UidVisitor;

impl<'de> serde::de::Visitor<'de> for UidVisitor {
    type Value = Option<UserId>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a uid")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
        Ok(v.parse().ok())
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
        Ok(Some(UserId::new(v)))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
        Ok(u64::try_from(v).ok().map(UserId::new))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<S: serde::de::SeqAccess<'de>>(
        self,
        mut seq: S,
    ) -> std::result::Result<Self::Value, S::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<M: serde::de::MapAccess<'de>>(
        self,
        mut map: M,
    ) -> std::result::Result<Self::Value, M::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(None)
    }
}

/// The communities listed on a page of the user's list, and the next page's path.
fn read_groups(document: &Html) -> (Vec<(String, String)>, Option<String>) {
    let (avatar, name) = (selector("a.groups__avatar"), selector(".groups__name"));
    let mut listed = Vec::new();
    for item in document.select(&selector("div.groups__item")) {
        let Some(href) = item
            .select(&avatar)
            .next()
            .and_then(|a| a.value().attr("href"))
        else {
            continue;
        };
        let title: String = item
            .select(&name)
            .next()
            .map(|n| n.text().collect())
            .unwrap_or_default();
        listed.push((community_path(href), title.trim().to_owned()));
    }
    let more = document
        .select(&selector("a.groups__more"))
        .next()
        .and_then(|more| more.value().attr("href"))
        .map(relative);
    (listed, more)
}

/// What a page of a community's stream shows.
struct StreamPage {
    events: Vec<ScrapedEvent>,
    closed: bool,
    blacklisted: bool,
    more: Option<String>,
}

fn read_stream(document: &Html) -> StreamPage {
    StreamPage {
        events: document
            .select(&selector("div.b-history-event[data-astat]"))
            .filter_map(|event| event.value().attr("data-astat").and_then(parse_astat))
            .collect(),
        closed: has(document, "div.mf_cc"),
        blacklisted: has(document, "div.b-blacklist"),
        more: document
            .select(&selector("a.b-history__more"))
            .next()
            .and_then(|more| more.value().attr("href"))
            .map(relative),
    }
}

/// Whether the document has an element matching `css`.
fn has(document: &Html, css: &str) -> bool {
    document.select(&selector(css)).next().is_some()
}

fn join_state(document: &Html) -> Option<JoinState> {
    if has(document, "span.groups__in-group") {
        Some(JoinState::Member)
    } else if has(document, "span.groups__join-sent") {
        Some(JoinState::RequestSent)
    } else {
        None
    }
}

/// `user_world_id:event_type:event_id:owner:corr_world:corr_event_id:likes:comments:time`.
fn parse_astat(text: &str) -> Option<ScrapedEvent> {
    let parts: Vec<&str> = text.split(':').collect();
    let [
        user,
        kind,
        id,
        owner,
        corr_world,
        corr_event,
        likes,
        comments,
        time,
    ] = parts[..]
    else {
        return None;
    };
    Some(ScrapedEvent {
        user_world_id: user.to_owned(),
        event_type: EventType::from(kind),
        event_id: id.to_owned(),
        owner: owner.to_owned(),
        corr_world: corr_world.to_owned(),
        corr_event_id: corr_event.to_owned(),
        likes: likes.parse().ok()?,
        comments: comments.parse().ok()?,
        time: time.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn astat_attributes() {
        let event = parse_astat("6A3F:3-23:00000A1C:5100:::4:2:1780000000").unwrap();
        assert_eq!(event.event_type, EventType::PostInMicroBlog);
        assert_eq!(
            (event.likes, event.comments, event.time),
            (4, 2, 1_780_000_000)
        );
        assert!(parse_astat("too:few").is_none());
        assert!(parse_astat("a:1-1:b:c:d:e:many:2:3").is_none());
    }

    #[test]
    fn the_resolver_answer_is_read_without_building_a_tree() {
        let uid = |text: &str| serde_json::from_str::<Resolved>(text).map(|r| r.0);
        assert_eq!(uid(r#"{"uid":"51"}"#).unwrap(), Some(UserId::new(51)));
        assert_eq!(
            uid(r#"[{"x":[1,{}],"uid":52},{"uid":1}]"#).unwrap(),
            Some(UserId::new(52))
        );
        assert_eq!(uid(r#"{"uid":{"deep":[1,2]}}"#).unwrap(), None);
        assert_eq!(uid(r#"{"uid":-3}"#).unwrap(), None);
        assert_eq!(uid("[]").unwrap(), None);
        assert!(uid("nope").is_err());
    }

    #[test]
    fn community_paths() {
        assert_eq!(
            community_path("https://my.mail.ru/community/rustaceans/?ref=x"),
            "/community/rustaceans/"
        );
        assert_eq!(community_path("/community/rust"), "/community/rust/");
        assert_eq!(
            community_path("/community/rustaceans/#top"),
            "/community/rustaceans/"
        );
    }
}
