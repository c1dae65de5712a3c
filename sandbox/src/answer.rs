//! An answer before it becomes an HTTP response, and small helpers shared by both emulators.

use bytes::Bytes;

/// OK's content type.
pub(crate) const OK_JSON: &str = "application/json;charset=utf-8";
/// Mail.ru's content type (the platform answers JSON labelled as JavaScript).
pub(crate) const MAILRU_JSON: &str = "text/javascript; charset=utf-8";
/// HTML pages.
pub(crate) const HTML: &str = "text/html; charset=utf-8";
/// Plain text.
pub(crate) const TEXT: &str = "text/plain; charset=utf-8";

/// An answer: HTTP status, content type, extra headers, body.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Bytes,
}

impl Answer {
    pub(crate) fn new(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> Self {
        Answer {
            status,
            content_type,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// HTTP 200 with a JSON value.
    pub(crate) fn json(content_type: &'static str, value: &serde_json::Value) -> Self {
        Answer::new(200, content_type, value.to_string())
    }

    /// A `302 Found` to `location`.
    pub(crate) fn redirect(location: impl Into<String>) -> Self {
        let mut answer = Answer::new(302, HTML, Bytes::new());
        answer.headers.push(("location", location.into()));
        answer
    }

    /// An HTML page with status 200.
    pub(crate) fn html(body: impl Into<String>) -> Self {
        Answer::new(200, HTML, body.into())
    }

    /// An nginx-style HTML page for `status`, served with the HTTP status `http_status`.
    pub(crate) fn html_page(http_status: u16, status: u16) -> Self {
        let title = format!("{status} {}", reason(status));
        let body = format!(
            "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n\
             <center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n\
             </body>\r\n</html>\r\n"
        );
        Answer::new(http_status, HTML, body)
    }
}

/// The usual reason phrase of an HTTP status.
pub(crate) fn reason(status: u16) -> &'static str {
    hyper::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error")
}

/// The first value of `name` among the merged query and form pairs.
pub(crate) fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Escapes text for an HTML attribute or element.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The value of cookie `name` in a `Cookie` header.
pub(crate) fn cookie<'a>(header: Option<&'a str>, name: &str) -> Option<&'a str> {
    header?
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The items of a comma-separated list, trimmed, without empty ones.
pub(crate) fn list(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_skip_blanks() {
        assert_eq!(list(" a, ,b,,").collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(list("").count(), 0);
    }

    #[test]
    fn html_pages_look_like_nginx() {
        let page = Answer::html_page(200, 502);
        let text = String::from_utf8_lossy(&page.body);
        assert!(text.contains("<title>502 Bad Gateway</title>"));
        assert!(text.contains("nginx"));
        assert_eq!(page.status, 200);
        assert_eq!(reason(799), "Error");
    }
}
