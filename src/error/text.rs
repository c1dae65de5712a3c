//! Bounding and scrubbing the texts an error keeps.
//!
//! Every text that can come from the network (an `error_msg`, an OAuth description, a
//! decode path naming a map key, the message of a JSON parser quoting a value) is cut to
//! [`MESSAGE_LIMIT`] bytes, so that an error never owns, formats or logs megabytes. And
//! the texts of an error can be scrubbed of the session's own secrets, for the servers and
//! proxies that echo the request URL into their error pages.

use std::fmt::{self, Write};

/// The longest text from the network an error keeps, in bytes: error messages, OAuth
/// descriptions, decode paths, scraper details and the messages of underlying causes. A
/// longer text is cut at a character boundary and ends with [`CUT_MARK`].
pub const MESSAGE_LIMIT: usize = 1024;

/// What ends a text that was cut to [`MESSAGE_LIMIT`].
pub const CUT_MARK: &str = "…[cut]";

/// What replaces a secret in an error.
pub const REDACTED: &str = "[redacted]";

/// Cuts `text` to [`MESSAGE_LIMIT`] bytes and marks it, when it is longer.
pub(crate) fn cut(mut text: String) -> String {
    if text.len() > MESSAGE_LIMIT {
        let mut end = MESSAGE_LIMIT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str(CUT_MARK);
    }
    text
}

/// Renders `value` without ever holding more than [`MESSAGE_LIMIT`] bytes of it, cut and
/// marked like [`cut`]. The second value says whether it was cut.
pub(crate) fn bounded_display(value: &dyn fmt::Display) -> (String, bool) {
    let mut writer = Bounded {
        text: String::new(),
        full: false,
    };
    // The writer refuses text past the limit, which stops the formatting early: an error
    // from `write!` here only means "full".
    let _ = write!(writer, "{value}");
    let full = writer.full;
    let mut text = writer.text;
    if full {
        text.push_str(CUT_MARK);
    }
    (text, full)
}

struct Bounded {
    text: String,
    full: bool,
}

impl Write for Bounded {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = MESSAGE_LIMIT - self.text.len();
        if s.len() <= room {
            self.text.push_str(s);
            return Ok(());
        }
        let mut end = room;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        self.text.push_str(&s[..end]);
        self.full = true;
        Err(fmt::Error)
    }
}

/// The spellings of a secret that an echo can carry: as it is, percent-encoded as in a
/// query string or form, and with `/` escaped as JSON writers do. Empty secrets are left
/// out, since an empty pattern matches everywhere.
pub(crate) fn spellings(secrets: &[&str]) -> Vec<Vec<u8>> {
    let mut all: Vec<Vec<u8>> = Vec::new();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let encoded: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let escaped = secret.replace('/', "\\/");
        for spelling in [secret.to_string(), encoded, escaped] {
            if !all.iter().any(|s| s == spelling.as_bytes()) {
                all.push(spelling.into_bytes());
            }
        }
    }
    // Longer spellings first, so that a secret containing another is replaced whole.
    all.sort_by_key(|s| std::cmp::Reverse(s.len()));
    all
}

/// Replaces every spelling in `bytes` with [`REDACTED`]; `cut_tail` also redacts a tail
/// that is the beginning of a spelling (the excerpt ended inside a secret). True when
/// something was replaced.
pub(crate) fn scrub_bytes(bytes: &mut Vec<u8>, spellings: &[Vec<u8>], cut_tail: bool) -> bool {
    let mut changed = false;
    for spelling in spellings {
        let finder = memchr::memmem::Finder::new(spelling);
        if finder.find(bytes).is_none() {
            continue;
        }
        let mut out = Vec::with_capacity(bytes.len());
        let mut rest = &bytes[..];
        while let Some(at) = finder.find(rest) {
            out.extend_from_slice(&rest[..at]);
            out.extend_from_slice(REDACTED.as_bytes());
            rest = &rest[at + spelling.len()..];
        }
        out.extend_from_slice(rest);
        *bytes = out;
        changed = true;
    }
    if cut_tail {
        // Shorter than this, a piece of a secret says nothing about it.
        const MIN_PIECE: usize = 4;
        let longest = spellings
            .iter()
            .filter_map(|spelling| {
                (MIN_PIECE..spelling.len().min(bytes.len() + 1))
                    .rev()
                    .find(|&n| bytes.ends_with(&spelling[..n]))
            })
            .max();
        if let Some(n) = longest {
            bytes.truncate(bytes.len() - n);
            bytes.extend_from_slice(REDACTED.as_bytes());
            changed = true;
        }
    }
    changed
}

/// [`scrub_bytes`] for a text.
pub(crate) fn scrub_text(text: &mut String, spellings: &[Vec<u8>]) -> bool {
    let mut bytes = std::mem::take(text).into_bytes();
    let changed = scrub_bytes(&mut bytes, spellings, false);
    // Only whole UTF-8 spellings were replaced with ASCII, so the text stays valid.
    *text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    changed
}

/// [`scrub_text`] over every string of a JSON value.
pub(crate) fn scrub_json(value: &mut serde_json::Value, spellings: &[Vec<u8>]) {
    match value {
        serde_json::Value::String(text) => {
            scrub_text(text, spellings);
        }
        serde_json::Value::Array(items) => {
            for item in items {
                scrub_json(item, spellings);
            }
        }
        serde_json::Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                let mut clean = key.clone();
                let mut item = map.remove(&key).unwrap_or_default();
                scrub_text(&mut clean, spellings);
                scrub_json(&mut item, spellings);
                map.insert(clean, item);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_and_marked() {
        assert_eq!(cut("short".into()), "short");
        let long = cut("é".repeat(MESSAGE_LIMIT));
        assert!(long.ends_with(CUT_MARK));
        assert!(long.len() <= MESSAGE_LIMIT + CUT_MARK.len());
        let (text, was_cut) = bounded_display(&"x".repeat(10 * MESSAGE_LIMIT));
        assert!(was_cut && text.ends_with(CUT_MARK));
        assert_eq!(text.len(), MESSAGE_LIMIT + CUT_MARK.len());
        let (text, was_cut) = bounded_display(&"fine");
        assert_eq!((text.as_str(), was_cut), ("fine", false));
    }

    #[test]
    fn every_spelling_of_a_secret_is_scrubbed() {
        let spellings = spellings(&["tok/en+1", ""]);
        let mut body = b"a tok/en+1 b tok%2Fen%2B1 c tok\\/en+1 d".to_vec();
        assert!(scrub_bytes(&mut body, &spellings, false));
        assert_eq!(body, b"a [redacted] b [redacted] c [redacted] d");
        // A tail that starts a secret is scrubbed when the excerpt was cut there.
        let mut tail = b"GET /fb.do?access_token=tok/e".to_vec();
        assert!(scrub_bytes(&mut tail, &spellings, true));
        assert_eq!(tail, b"GET /fb.do?access_token=[redacted]");
        let mut clean = b"nothing here".to_vec();
        assert!(!scrub_bytes(&mut clean, &spellings, true));
    }
}
