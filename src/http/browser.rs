//! A minimal browser for the implicit flows and the mail.ru scrapers: keeps cookies, follows
//! redirects itself (so that it can stop at the application's redirect URI without ever
//! requesting it, and check every hop), and reads forms from HTML pages.
//!
//! What a hostile page can make it do is bounded:
//!
//! - **Where it goes.** Every request, redirect hop and form action must be allowed by the
//!   flow's [`HostPolicy`] (the platform's hosts over HTTPS; plain HTTP only to a loopback
//!   address named in the configuration, for tests). Anything else is refused with
//!   [`ErrorKind::UntrustedHost`] before a byte (a password, a cookie) is sent there.
//! - **How much it reads.** A page is read chunk by chunk and refused as soon as it passes
//!   [`PageLimits::max_page`], counting the bytes as they come out of the HTTP client (so
//!   decompressed bytes, should decompression be on); the client asks for no compression.
//! - **How long it parses.** HTML is parsed off the async worker threads, fed to the
//!   parser in small pieces while its tree is measured: a tree deeper than
//!   [`PageLimits::max_depth`] (where html5ever's work grows with the square of the depth),
//!   or with more nodes than the page has bytes (what misnested formatting tags can make the
//!   parser build), stops the parse with [`ErrorKind::HtmlTooDeep`] or
//!   [`ErrorKind::HtmlTooManyNodes`].

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use reqwest::cookie::Jar;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use scraper::{Html, HtmlTreeSink, Selector};
use url::Url;

use crate::error::{Error, ErrorKind, OAuthReason, Result, oauth_error};

/// Redirects followed for one request before giving up.
const MAX_REDIRECTS: usize = 10;

/// Default largest page read: 2 MiB.
pub const DEFAULT_MAX_PAGE: usize = 2 * 1024 * 1024;

/// Default deepest nesting of an HTML page's tree that is parsed. The login, consent and
/// My World pages nest a few dozen levels.
pub const DEFAULT_MAX_HTML_DEPTH: usize = 256;

/// How much of a page the browser reads and parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageLimits {
    /// Largest page read, in bytes.
    pub max_page: usize,
    /// Deepest tree parsed.
    pub max_depth: usize,
}

impl Default for PageLimits {
    fn default() -> Self {
        PageLimits {
            max_page: DEFAULT_MAX_PAGE,
            max_depth: DEFAULT_MAX_HTML_DEPTH,
        }
    }
}

/// The addresses a browser may request and post to.
#[derive(Debug, Clone, Default)]
pub(crate) struct HostPolicy {
    /// Scheme, host and port allowed exactly (the configured endpoints).
    origins: Vec<(String, String, Option<u16>)>,
    /// Domains whose hosts (and subdomains) are allowed over HTTPS.
    domains: Vec<String>,
}

impl HostPolicy {
    /// Allows the origin of `endpoint`, and every HTTPS host of `platform_domain` when the
    /// endpoint is itself on that domain (the platform's real pages move between its hosts:
    /// `connect.mail.ru` posts the login to `auth.mail.ru`). An endpoint elsewhere (the
    /// sandbox) allows only its own origin.
    pub(crate) fn endpoint(mut self, endpoint: &str, platform_domain: &str) -> Self {
        let Ok(url) = Url::parse(endpoint) else {
            return self;
        };
        if let Some(host) = url.host_str() {
            let host = host.to_ascii_lowercase();
            if url.scheme() == "https" && on_domain(&host, platform_domain) {
                let domain = platform_domain.to_ascii_lowercase();
                if !self.domains.contains(&domain) {
                    self.domains.push(domain);
                }
            }
            self.origins
                .push((url.scheme().to_owned(), host, url.port_or_known_default()));
        }
        self
    }

    /// Whether `url` may be requested: HTTPS to an allowed origin or domain, or plain HTTP
    /// to an allowed origin on a loopback address.
    pub(crate) fn allows(&self, url: &Url) -> bool {
        let Some(host) = url.host_str().map(str::to_ascii_lowercase) else {
            return false;
        };
        let origin = (url.scheme(), host.as_str(), url.port_or_known_default());
        let listed = self
            .origins
            .iter()
            .any(|(s, h, p)| (s.as_str(), h.as_str(), *p) == origin);
        match url.scheme() {
            "https" => listed || self.domains.iter().any(|d| on_domain(&host, d)),
            "http" => listed && is_loopback(url),
            _ => false,
        }
    }
}

fn on_domain(host: &str, domain: &str) -> bool {
    let (host, domain) = (host.to_ascii_lowercase(), domain.to_ascii_lowercase());
    host == domain || host.ends_with(&format!(".{domain}"))
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Where a request ended.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// An HTML (or other) page.
    Page(Page),
    /// A redirect to the application's redirect URI; the full `Location`, fragment included.
    Redirect(String),
}

/// A page the browser stopped at.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub url: Url,
    pub status: u16,
    pub html: Arc<str>,
    limits: PageLimits,
}

impl Page {
    /// A query parameter of the page's URL.
    pub(crate) fn query(&self, name: &str) -> Option<String> {
        self.url
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    pub(crate) fn contains(&self, text: &str) -> bool {
        self.html.contains(text)
    }

    /// Parses the page within its limits, off the async worker threads (a page can take a
    /// while to parse), and runs `read` on the document and the page's URL.
    pub(crate) async fn read<T, F>(&self, read: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Html, &Url) -> T + Send + 'static,
    {
        let (html, url, limits) = (Arc::clone(&self.html), self.url.clone(), self.limits);
        let parsed = tokio::task::spawn_blocking(move || {
            parse_bounded(&html, limits).map(|document| read(&document, &url))
        })
        .await;
        match parsed {
            Ok(result) => result,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => Err(Error::new(ErrorKind::Transport).with_source(e)),
        }
    }

    /// The first `<form>` whose `method` is POST and that satisfies `wanted` (given its
    /// resolved action URL and fields), with every named field except buttons.
    pub(crate) async fn post_form<F>(&self, wanted: F) -> Result<Option<Form>>
    where
        F: Fn(&Form) -> bool + Send + 'static,
    {
        self.read(move |document, url| {
            post_forms(document, url)
                .into_iter()
                .find(|form| wanted(form))
        })
        .await
    }
}

/// Every POST form of `document`, actions resolved against `base`.
pub(crate) fn post_forms(document: &Html, base: &Url) -> Vec<Form> {
    let (Ok(forms), Ok(inputs)) = (
        Selector::parse("form"),
        Selector::parse("input[name], select[name], textarea[name]"),
    ) else {
        return Vec::new();
    };
    document
        .select(&forms)
        .filter(|form| {
            form.value()
                .attr("method")
                .is_some_and(|m| m.eq_ignore_ascii_case("post"))
        })
        .filter_map(|form| {
            let action = form.value().attr("action").unwrap_or("");
            let action = base.join(action).ok()?;
            let fields = form
                .select(&inputs)
                .filter(|input| {
                    !matches!(
                        input
                            .value()
                            .attr("type")
                            .map(str::to_ascii_lowercase)
                            .as_deref(),
                        Some("submit" | "button" | "image" | "reset")
                    )
                })
                .filter_map(|input| {
                    let name = input.value().attr("name")?.to_owned();
                    let value = input.value().attr("value").unwrap_or("").to_owned();
                    Some((name, value))
                })
                .collect();
            Some(Form { action, fields })
        })
        .collect()
}

/// Parses `html`, stopping as soon as its tree is deeper than `limits.max_depth` or holds
/// more nodes than the page has bytes.
pub(crate) fn parse_bounded(html: &str, limits: PageLimits) -> Result<Html> {
    // Small pieces: the parser's work between two checks stays small whatever the page.
    const PIECE: usize = 1024;
    let max_nodes = html.len() + 1024;
    let mut parser = html5ever::parse_document(
        Measured::new(HtmlTreeSink::new(Html::new_document())),
        Default::default(),
    );
    let mut rest = html;
    while !rest.is_empty() {
        let mut end = rest.len().min(PIECE);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(&rest[..end]));
        rest = &rest[end..];
        let sink = &parser.tokenizer.sink.sink;
        if sink.deepest.get() > limits.max_depth {
            return Err(Error::new(ErrorKind::HtmlTooDeep {
                limit: limits.max_depth,
            }));
        }
        if sink.nodes.get() > max_nodes {
            return Err(Error::new(ErrorKind::HtmlTooManyNodes { limit: max_nodes }));
        }
    }
    Ok(parser.finish().inner.finish())
}

/// scraper's tree sink, measuring the tree as the parser builds it: the depth at which
/// nodes are inserted (the parser's stack of open elements follows the insertion point) and
/// the number of nodes created.
struct Measured {
    inner: HtmlTreeSink,
    depth: RefCell<HashMap<NodeId, usize>>,
    deepest: Cell<usize>,
    nodes: Cell<usize>,
}

type NodeId = <HtmlTreeSink as TreeSink>::Handle;

impl Measured {
    fn new(inner: HtmlTreeSink) -> Self {
        Measured {
            inner,
            depth: RefCell::new(HashMap::new()),
            deepest: Cell::new(0),
            nodes: Cell::new(0),
        }
    }

    fn depth_of(&self, node: &NodeId) -> usize {
        self.depth.borrow().get(node).copied().unwrap_or(0)
    }

    fn placed(&self, node: &NodeOrText<NodeId>, depth: usize) {
        match node {
            NodeOrText::AppendNode(id) => {
                self.depth.borrow_mut().insert(*id, depth);
                self.deepest.set(self.deepest.get().max(depth));
            }
            NodeOrText::AppendText(_) => self.created(),
        }
    }

    fn created(&self) {
        self.nodes.set(self.nodes.get() + 1);
    }
}

impl TreeSink for Measured {
    type Handle = NodeId;
    type Output = Self;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Self {
        self
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg);
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.created();
        self.inner.create_element(name, attrs, flags)
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.created();
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.created();
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.placed(&child, self.depth_of(parent) + 1);
        self.inner.append(parent, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let depth = self.depth_of(element).max(self.depth_of(prev_element)) + 1;
        self.placed(&child, depth);
        self.inner
            .append_based_on_parent_node(element, prev_element, child);
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.created();
        self.inner
            .append_doctype_to_document(name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node);
    }

    fn pop(&self, node: &NodeId) {
        self.inner.pop(node);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.placed(&new_node, self.depth_of(sibling));
        self.inner.append_before_sibling(sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }
}

/// A form to submit.
#[derive(Debug, Clone)]
pub(crate) struct Form {
    pub action: Url,
    pub fields: Vec<(String, String)>,
}

impl Form {
    pub(crate) fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == name)
    }

    /// Sets a field, adding it when the page did not have it.
    pub(crate) fn set(&mut self, name: &str, value: &str) {
        match self.fields.iter_mut().find(|(k, _)| k == name) {
            Some(field) => field.1 = value.to_owned(),
            None => self.fields.push((name.to_owned(), value.to_owned())),
        }
    }
}

/// A cookie-keeping client that stops at `stop_at` (the redirect URI), when given, and
/// goes only where its [`HostPolicy`] allows.
#[derive(Debug, Clone)]
pub(crate) struct Browser {
    client: reqwest::Client,
    jar: Arc<Jar>,
    stop_at: Option<String>,
    policy: Arc<HostPolicy>,
    limits: PageLimits,
}

impl Browser {
    pub(crate) fn new(
        stop_at: &str,
        timeout: Duration,
        policy: HostPolicy,
        limits: PageLimits,
    ) -> Result<Self> {
        Browser::with_jar(
            Arc::new(Jar::default()),
            Some(stop_at),
            timeout,
            policy,
            limits,
        )
    }

    /// A browser over cookies obtained earlier (the scrapers reuse the login's).
    pub(crate) fn with_jar(
        jar: Arc<Jar>,
        stop_at: Option<&str>,
        timeout: Duration,
        policy: HostPolicy,
        limits: PageLimits,
    ) -> Result<Self> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_provider(Arc::clone(&jar))
            .timeout(timeout)
            // Pages come uncompressed even if another crate turned reqwest's decompression
            // on: a small compressed page cannot unpack into gigabytes here.
            .no_gzip()
            .no_brotli()
            .no_deflate()
            .no_zstd()
            .build()
            .map_err(|e| {
                Error::config("the HTTP client could not be built").with_source(e.without_url())
            })?;
        Ok(Browser {
            client,
            jar,
            stop_at: stop_at.map(str::to_owned),
            policy: Arc::new(policy),
            limits,
        })
    }

    /// The cookie jar (the mail.ru scrapers reuse the login cookies).
    pub(crate) fn jar(&self) -> Arc<Jar> {
        Arc::clone(&self.jar)
    }

    pub(crate) async fn get(&self, url: &str) -> Result<Outcome> {
        let url = parse(url)?;
        self.check(&url)?;
        self.follow(self.client.get(url.clone()), url).await
    }

    /// Posts `form`, unless its action is outside the browser's hosts: then nothing (no
    /// password, no cookie) is sent.
    pub(crate) async fn submit(&self, form: &Form) -> Result<Outcome> {
        self.check(&form.action)?;
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&form.fields)
            .finish();
        let request = self
            .client
            .post(form.action.clone())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body);
        self.follow(request, form.action.clone()).await
    }

    fn check(&self, url: &Url) -> Result<()> {
        if self.policy.allows(url) {
            return Ok(());
        }
        // Only the host is named: the rest of the URL may carry a token.
        let host = url.host_str().unwrap_or("").to_owned();
        Err(Error::new(ErrorKind::UntrustedHost {
            scheme: url.scheme().to_owned(),
            host,
        }))
    }

    async fn follow(&self, first: reqwest::RequestBuilder, mut url: Url) -> Result<Outcome> {
        let mut request = first;
        for _ in 0..=MAX_REDIRECTS {
            let response = request.send().await.map_err(classify)?;
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| unexpected("a redirect without a Location"))?;
                let next = url
                    .join(location)
                    .map_err(|_| unexpected("a redirect to an invalid URL"))?;
                if self
                    .stop_at
                    .as_deref()
                    .is_some_and(|stop| next.as_str().starts_with(stop))
                {
                    return Ok(Outcome::Redirect(next.into()));
                }
                self.check(&next)?;
                url = next;
                request = self.client.get(url.clone());
                continue;
            }
            let status = status.as_u16();
            let html = self.read_page(response).await?;
            return Ok(Outcome::Page(Page {
                url,
                status,
                html: html.into(),
                limits: self.limits,
            }));
        }
        Err(unexpected("too many redirects"))
    }

    /// Reads a page chunk by chunk, refusing it as soon as it passes the limit.
    async fn read_page(&self, mut response: reqwest::Response) -> Result<String> {
        let limit = self.limits.max_page;
        let too_large = || Error::new(ErrorKind::BodyTooLarge { limit });
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(too_large());
        }
        let mut page = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            if page.len() + chunk.len() > limit {
                return Err(too_large());
            }
            page.extend_from_slice(&chunk);
        }
        Ok(match String::from_utf8(page) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        })
    }
}

fn parse(url: &str) -> Result<Url> {
    Url::parse(url).map_err(|e| Error::config(format!("not a valid URL: {e}")))
}

fn classify(e: reqwest::Error) -> Error {
    let kind = if e.is_timeout() {
        ErrorKind::Timeout
    } else {
        ErrorKind::Connection
    };
    Error::new(kind).with_source(e.without_url())
}

pub(crate) fn unexpected(what: &str) -> Error {
    oauth_error(OAuthReason::UnexpectedPage, what)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> Page {
        Page {
            url: Url::parse("https://connect.ok.ru/dk?st.cmd=OAuth2Login&st.x=1").unwrap(),
            status: 200,
            html: html.into(),
            limits: PageLimits::default(),
        }
    }

    #[tokio::test]
    async fn forms_are_read_with_their_fields() {
        let page = page(
            r#"<html><body>
            <form method="get" action="/search"><input name="q"></form>
            <form method="POST" action="/dk?st.cmd=OAuth2Login&amp;st.redirect=x">
              <input type="hidden" name="fr.posted" value="set">
              <input type="text" name="fr.email">
              <input type="password" name="fr.password">
              <input type="checkbox" name="fr.remember" value="on">
              <input type="submit" name="button_login" value="Log in">
            </form></body></html>"#,
        );
        assert_eq!(page.query("st.cmd").as_deref(), Some("OAuth2Login"));
        let mut form = page
            .post_form(|f| f.has("fr.email"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            form.action.as_str(),
            "https://connect.ok.ru/dk?st.cmd=OAuth2Login&st.redirect=x"
        );
        let names: Vec<&str> = form.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            ["fr.posted", "fr.email", "fr.password", "fr.remember"]
        );
        form.set("fr.email", "a@b");
        form.set("extra", "1");
        assert!(form.fields.contains(&("fr.email".into(), "a@b".into())));
        assert!(form.has("extra"));
        assert!(
            page.post_form(|f| f.has("nothing"))
                .await
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn only_the_platforms_hosts_are_allowed() {
        let policy = HostPolicy::default()
            .endpoint("https://connect.mail.ru/oauth/authorize", "mail.ru")
            .endpoint("https://appsmail.ru/platform", "mail.ru");
        let allows = |url: &str| policy.allows(&Url::parse(url).unwrap());
        assert!(allows("https://connect.mail.ru/x"));
        assert!(allows("https://auth.mail.ru/cgi-bin/auth"));
        assert!(allows("https://AUTH.Mail.RU/cgi-bin/auth"));
        assert!(allows("https://appsmail.ru/platform/x"));
        assert!(!allows("http://auth.mail.ru/cgi-bin/auth"), "plain http");
        assert!(!allows("https://evil.example/"));
        assert!(!allows("https://mail.ru.evil.example/"));
        assert!(!allows("https://evilmail.ru/"));
        assert!(
            !allows("https://sub.appsmail.ru/"),
            "only the endpoint's origin"
        );
        assert!(!allows("ftp://connect.mail.ru/"));
        // A sandbox on loopback allows its own origin only, over plain http too.
        let sandbox =
            HostPolicy::default().endpoint("http://127.0.0.1:8080/oauth/authorize", "ok.ru");
        assert!(sandbox.allows(&Url::parse("http://127.0.0.1:8080/dk").unwrap()));
        assert!(!sandbox.allows(&Url::parse("http://127.0.0.1:8081/dk").unwrap()));
        assert!(!sandbox.allows(&Url::parse("https://connect.ok.ru/dk").unwrap()));
        // Plain http is never allowed off loopback, even when configured.
        let plain = HostPolicy::default().endpoint("http://connect.ok.ru/oauth/authorize", "ok.ru");
        assert!(!plain.allows(&Url::parse("http://connect.ok.ru/dk").unwrap()));
    }

    #[test]
    fn deep_pages_are_refused_quickly_and_shallow_ones_parsed() {
        let limits = PageLimits::default();
        let deep = "<div>".repeat(200_000);
        let started = std::time::Instant::now();
        let err = parse_bounded(&deep, limits).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::HtmlTooDeep { limit: 256 });
        assert!(started.elapsed() < Duration::from_secs(5));
        // Misnested formatting tags that make the parser rebuild them again and again.
        let mut amplified = String::from("<p>");
        for i in 0..200 {
            amplified.push_str(&format!("<b id={i}>"));
        }
        amplified.push_str("</p>");
        amplified.push_str(&"<p>x</p>".repeat(50_000));
        let started = std::time::Instant::now();
        let err = parse_bounded(&amplified, limits).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::HtmlTooManyNodes { .. }),
            "{err:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(10));
        // A long but flat page is fine: unclosed list items and paragraphs do not nest.
        let flat = "<ul>".to_owned()
            + &"<li><a href=x>item</a>".repeat(5_000)
            + "</ul>"
            + &"<p>text".repeat(5_000);
        let document = parse_bounded(&flat, limits).unwrap();
        let items = Selector::parse("li").unwrap();
        assert_eq!(document.select(&items).count(), 5_000);
        // Multi-byte characters across piece boundaries survive.
        let text = "<p>".to_owned() + &"ж".repeat(3000) + "</p>";
        let document = parse_bounded(&text, limits).unwrap();
        let p = Selector::parse("p").unwrap();
        let read: String = document.select(&p).next().unwrap().text().collect();
        assert_eq!(read.chars().count(), 3000);
    }
}
