//! The signature both platforms use, written here independently of okru so that the sandbox
//! cross-checks the SDK instead of agreeing with it by construction.
//!
//! The text to hash is an optional prefix, then every signed parameter sorted by name (byte
//! order) and written `name=value` with no separator, then a secret. The hash is the MD5 of the
//! UTF-8 bytes, in lowercase hex. Values are the decoded values, never the URL-encoded ones.

use md5::{Digest, Md5};

/// Lowercase hex MD5 of the concatenation of `parts`.
pub(crate) fn md5_hex(parts: &[&[u8]]) -> String {
    let mut hasher = Md5::new();
    for part in parts {
        hasher.update(part);
    }
    to_hex(&hasher.finalize())
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// `md5(prefix + sorted "name=value"... + secret)` over `params`, leaving out the parameters
/// named in `unsigned`.
pub(crate) fn sign(
    prefix: &str,
    params: &[(String, String)],
    unsigned: &[&str],
    secret: &str,
) -> String {
    let mut signed: Vec<&(String, String)> = params
        .iter()
        .filter(|(name, _)| !unsigned.contains(&name.as_str()))
        .collect();
    // A stable sort: repeated names keep the order in which they were sent.
    signed.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut hasher = Md5::new();
    hasher.update(prefix.as_bytes());
    for (name, value) in signed {
        hasher.update(name.as_bytes());
        hasher.update(b"=");
        hasher.update(value.as_bytes());
    }
    hasher.update(secret.as_bytes());
    to_hex(&hasher.finalize())
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

    const OK_PARAMS: &[(&str, &str)] = &[
        ("method", "events.get"),
        ("application_key", "ABCDEFGHIGKLMNOPK"),
        ("format", "json"),
    ];

    #[test]
    fn ok_client_circuit_vector() {
        assert_eq!(
            sign(
                "",
                &pairs(OK_PARAMS),
                &[],
                "ae5362b5b588cc7294c2414d71b74d5d"
            ),
            "03a41413523ea8092507949d6e711963"
        );
    }

    #[test]
    fn ok_server_circuit_vector() {
        let secret = md5_hex(&[
            b"-s-84W-s3egarWUsbkq-IWTucuedzTKT8VUXIA.s4Xx8IW7",
            b"ABC123DEF456GHI789JKL123",
        ]);
        assert_eq!(secret, "b1a2b89707a94624c43afae67d59274c");
        assert_eq!(
            sign("", &pairs(OK_PARAMS), &[], &secret),
            "232c8eb921951c4dba9b72606f9ddb4c"
        );
    }

    #[test]
    fn ok_token_and_signature_are_not_signed() {
        let mut params = pairs(OK_PARAMS);
        params.push(("access_token".into(), "anything".into()));
        params.push(("session_key".into(), "anything".into()));
        params.push(("sig".into(), "anything".into()));
        assert_eq!(
            sign(
                "",
                &params,
                &["sig", "access_token", "session_key"],
                "ae5362b5b588cc7294c2414d71b74d5d"
            ),
            "03a41413523ea8092507949d6e711963"
        );
    }

    const MAILRU_PARAMS: &[(&str, &str)] = &[
        ("method", "friends.get"),
        ("app_id", "423004"),
        ("session_key", "be6ef89965d58e56dec21acb9b62bdaa"),
    ];

    #[test]
    fn mailru_client_circuit_vector() {
        assert_eq!(
            sign(
                "1324730981306483817",
                &pairs(MAILRU_PARAMS),
                &["sig"],
                "7815696ecbf1c96e6894b779456d330e"
            ),
            "5073f15c6d5b6ab2fde23ac43332b002"
        );
    }

    #[test]
    fn mailru_client_circuit_with_secure_0_vector() {
        let mut params = pairs(MAILRU_PARAMS);
        params.push(("secure".into(), "0".into()));
        assert_eq!(
            sign(
                "1324730981306483817",
                &params,
                &["sig"],
                "7815696ecbf1c96e6894b779456d330e"
            ),
            "ebe80f4b77ae55b909fff4d9c6806da7"
        );
    }

    #[test]
    fn mailru_server_circuit_vector() {
        let mut params = pairs(MAILRU_PARAMS);
        params.push(("secure".into(), "1".into()));
        assert_eq!(
            sign("", &params, &["sig"], "3dad9cbf9baaa0360c0f2ba372d25716"),
            "4a05af66f80da18b308fa7e536912bae"
        );
    }

    #[test]
    fn keys_sort_by_bytes_and_values_are_utf8() {
        // Uppercase sorts before lowercase; Cyrillic is hashed as UTF-8.
        let params = pairs(&[
            ("uids", "a,b"),
            ("ru", "Привет"),
            ("method", "a.b"),
            ("format", "json"),
            ("application_key", "APPKEY"),
            ("Z", "z"),
        ]);
        assert_eq!(
            sign("", &params, &[], "ssk"),
            "79eaafe093061229f2c41e6cb3c7e154"
        );
    }

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(md5_hex(&[b""]), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_hex(&[b"ab", b"c"]), md5_hex(&[b"abc"]));
    }
}
