//! What a request looks like once received, and the shared helpers of both emulators.

use bytes::Bytes;
use md5::{Digest, Md5};

/// One request as the sandbox received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub http_method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string (still percent-encoded), empty when there is none.
    pub raw_query: String,
    /// Decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    /// Decoded `application/x-www-form-urlencoded` body pairs (empty for other bodies).
    pub form: Vec<(String, String)>,
    /// Header names and values (values that are not text are lossily decoded).
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Bytes,
}

impl RecordedRequest {
    /// Query pairs, then form pairs.
    pub fn params(&self) -> Vec<(String, String)> {
        self.query.iter().chain(&self.form).cloned().collect()
    }

    /// The first value of `name`, in the query first, then in the form.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .chain(&self.form)
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// True if `needle` occurs anywhere in what went over the wire: the path, the raw and
    /// decoded query, the decoded form, header values, the raw body and the decoded body.
    /// Security tests use it to prove that a secret was never sent.
    pub fn contains(&self, needle: &str) -> bool {
        let in_pairs = |pairs: &[(String, String)]| {
            pairs
                .iter()
                .any(|(k, v)| k.contains(needle) || v.contains(needle))
        };
        let body = String::from_utf8_lossy(&self.body);
        let decoded_body: String = form_urlencoded::parse(&self.body)
            .map(|(k, v)| format!("{k}={v}&"))
            .collect();
        self.path.contains(needle)
            || self.raw_query.contains(needle)
            || in_pairs(&self.query)
            || in_pairs(&self.form)
            || self.headers.iter().any(|(_, v)| v.contains(needle))
            || body.contains(needle)
            || decoded_body.contains(needle)
    }
}

/// Lowercase hex MD5 of the concatenation of `parts`.
pub(crate) fn md5_hex(parts: &[&[u8]]) -> String {
    let mut hasher = Md5::new();
    for part in parts {
        hasher.update(part);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `md5(prefix + sorted "k=v"... + secret)` over `params`, skipping the names in `unsigned`.
pub(crate) fn signature(
    prefix: &str,
    params: &[(String, String)],
    unsigned: &[&str],
    secret: &str,
) -> String {
    let mut signed: Vec<&(String, String)> = params
        .iter()
        .filter(|(k, _)| !unsigned.contains(&k.as_str()))
        .collect();
    signed.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut text = String::from(prefix);
    for (k, v) in signed {
        text.push_str(k);
        text.push('=');
        text.push_str(v);
    }
    text.push_str(secret);
    md5_hex(&[text.as_bytes()])
}

/// Looks a parameter up in the merged query and form pairs.
pub(crate) fn get<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Splits a comma-separated list, dropping empty items.
pub(crate) fn list(value: &str) -> Vec<&str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// An answer: HTTP status, content type, extra headers, body.
#[derive(Debug)]
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reproduces_the_published_vectors() {
        let ok = pairs(&[
            ("application_key", "ABCDEFGHIGKLMNOPK"),
            ("format", "json"),
            ("method", "events.get"),
        ]);
        assert_eq!(
            signature("", &ok, &[], "ae5362b5b588cc7294c2414d71b74d5d"),
            "03a41413523ea8092507949d6e711963"
        );
        let server_secret =
            md5_hex(&[b"-s-84W-s3egarWUsbkq-IWTucuedzTKT8VUXIA.s4Xx8IW7ABC123DEF456GHI789JKL123"]);
        assert_eq!(server_secret, "b1a2b89707a94624c43afae67d59274c");
        assert_eq!(
            signature("", &ok, &[], &server_secret),
            "232c8eb921951c4dba9b72606f9ddb4c"
        );
        let mailru = pairs(&[
            ("app_id", "423004"),
            ("method", "friends.get"),
            ("session_key", "be6ef89965d58e56dec21acb9b62bdaa"),
        ]);
        assert_eq!(
            signature(
                "1324730981306483817",
                &mailru,
                &[],
                "7815696ecbf1c96e6894b779456d330e"
            ),
            "5073f15c6d5b6ab2fde23ac43332b002"
        );
        let mut server = mailru.clone();
        server.push(("secure".into(), "1".into()));
        assert_eq!(
            signature("", &server, &[], "3dad9cbf9baaa0360c0f2ba372d25716"),
            "4a05af66f80da18b308fa7e536912bae"
        );
    }
}
