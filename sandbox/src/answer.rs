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
