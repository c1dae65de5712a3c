//! What the sandbox keeps of each request it receives.

use bytes::Bytes;

/// One request as the sandbox received it, before any fault or check was applied.
///
/// Text is decoded leniently: bytes that are not UTF-8 become `U+FFFD`, so a recorded request
/// never fails to exist because a client sent something odd.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The client's address: requests with the same `peer` came over one connection, which
    /// shows whether two clients share a connection pool.
    pub peer: Option<std::net::SocketAddr>,
    /// When the sandbox began to read the request, to check the spacing of requests.
    pub received_at: Option<std::time::Instant>,
    /// The HTTP method: `GET`, `POST` ...
    pub http_method: String,
    /// The path, without the query string.
    pub path: String,
    /// The raw query string as sent (still percent-encoded), empty when there is none.
    pub raw_query: String,
    /// The query string's pairs, percent-decoded, in order.
    pub query: Vec<(String, String)>,
    /// The body's pairs when it is `application/x-www-form-urlencoded`, decoded, in order;
    /// empty for any other body.
    pub form: Vec<(String, String)>,
    /// Header names (lowercase) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, byte for byte.
    pub body: Bytes,
}

impl RecordedRequest {
    /// Every parameter: the query pairs, then the form pairs.
    pub fn params(&self) -> Vec<(String, String)> {
        self.query.iter().chain(&self.form).cloned().collect()
    }

    /// The first value of the parameter `name`, looked up in the query, then in the form.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .chain(&self.form)
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The first value of the header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The API method the request called: the `method` parameter, or for OK's
    /// `/api/<group>/<method>` form the method its path names.
    pub fn api_method(&self) -> Option<String> {
        api_path_method(&self.path).or_else(|| self.param("method").map(str::to_owned))
    }

    /// True if `needle` occurs anywhere in what went over the wire: the path, the raw query,
    /// the decoded query and form names and values, header values, and the body both raw and
    /// percent-decoded. An empty `needle` is found in every request.
    ///
    /// Security tests use it to prove that a secret was never sent:
    ///
    /// ```no_run
    /// # fn check(sandbox: &okru_sandbox::Sandbox) {
    /// use okru_sandbox::fixtures;
    ///
    /// for request in sandbox.requests() {
    ///     assert!(!request.contains(fixtures::ok::APPLICATION_SECRET_KEY));
    /// }
    /// # }
    /// ```
    pub fn contains(&self, needle: &str) -> bool {
        if needle.is_empty() {
            return true;
        }
        let in_pairs = |pairs: &[(String, String)]| {
            pairs
                .iter()
                .any(|(key, value)| key.contains(needle) || value.contains(needle))
        };
        self.path.contains(needle)
            || self.raw_query.contains(needle)
            || in_pairs(&self.query)
            || in_pairs(&self.form)
            || self
                .headers
                .iter()
                .any(|(key, value)| key.contains(needle) || value.contains(needle))
            || String::from_utf8_lossy(&self.body).contains(needle)
            || form_urlencoded::parse(&self.body)
                .any(|(key, value)| key.contains(needle) || value.contains(needle))
            || percent_decoded_path(&self.path).contains(needle)
    }
}

/// For OK's `/api/<group>/<method>` paths, the method they name (`/api/users/getInfo` is
/// `users.getInfo`; groups with dots such as `graph.user` work too).
pub(crate) fn api_path_method(path: &str) -> Option<String> {
    let rest = path.strip_prefix("/api/")?.trim_end_matches('/');
    if rest.is_empty() {
        return None;
    }
    Some(rest.replace('/', "."))
}

/// Decodes `%XX` escapes (leaving malformed ones as they are), lossily as UTF-8.
fn percent_decoded_path(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RecordedRequest {
        RecordedRequest {
            peer: None,
            received_at: None,
            http_method: "POST".into(),
            path: "/fb.do".into(),
            raw_query: "a=%D0%BF%D1%80%D0%B8&method=users.getInfo".into(),
            query: vec![
                ("a".into(), "при".into()),
                ("method".into(), "users.getInfo".into()),
            ],
            form: vec![("uids".into(), "1,2".into()), ("a".into(), "form".into())],
            headers: vec![("user-agent".into(), "tester/1.0".into())],
            body: Bytes::from_static(b"uids=1%2C2&a=form&secret%20word=x"),
        }
    }

    #[test]
    fn params_come_from_the_query_then_the_form() {
        let request = sample();
        assert_eq!(request.param("a"), Some("при"));
        assert_eq!(request.param("uids"), Some("1,2"));
        assert_eq!(request.param("none"), None);
        assert_eq!(request.params().len(), 4);
        assert_eq!(request.header("User-Agent"), Some("tester/1.0"));
        assert_eq!(request.api_method().as_deref(), Some("users.getInfo"));
    }

    #[test]
    fn contains_searches_raw_and_decoded_text() {
        let request = sample();
        for needle in [
            "при",
            "%D0%BF",
            "tester/1.0",
            "1%2C2",
            "1,2",
            "secret word",
            "fb.do",
        ] {
            assert!(request.contains(needle), "{needle}");
        }
        assert!(!request.contains("absent"));
        let mut encoded_path = sample();
        encoded_path.path = "/api/a%20b/%zz%4".into();
        assert!(encoded_path.contains("a b"));
        assert_eq!(percent_decoded_path("/%zz%+1%4%41"), "/%zz%+1%4A");
    }

    #[test]
    fn api_paths_name_their_method() {
        assert_eq!(
            api_path_method("/api/users/getInfo").as_deref(),
            Some("users.getInfo")
        );
        assert_eq!(
            api_path_method("/api/graph.user/info/").as_deref(),
            Some("graph.user.info")
        );
        assert_eq!(api_path_method("/api/"), None);
        assert_eq!(api_path_method("/fb.do"), None);
    }
}
