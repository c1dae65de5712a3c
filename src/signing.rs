//! The signing core shared by both platforms: pure functions, no I/O, no allocation beyond
//! the sorted view of the parameters.
//!
//! Both platforms sign the same way: the optional prefix, then every signed parameter sorted
//! by name in byte order and written `name=value` with no separator, then the secret; the
//! UTF-8 bytes are hashed with MD5 and written as lowercase hex. What differs is which
//! parameters are signed, the prefix and the secret; the platform modules
//! ([`crate::ok`], [`crate::mailru`]) choose those.

use md5::{Digest, Md5};

use crate::wire::params::Params;

/// A signature: 32 lowercase hexadecimal digits, kept on the stack.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature([u8; 32]);

impl Signature {
    /// The hex digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl std::fmt::Display for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Debug is redacted: a signature derived from a secret (the OK server-circuit secret is one)
/// must not end up in logs.
impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signature(..)")
    }
}

impl PartialEq<&str> for Signature {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Lowercase hex MD5 of the concatenation of `parts`.
pub fn md5_hex(parts: &[&[u8]]) -> Signature {
    let mut hasher = Md5::new();
    for part in parts {
        hasher.update(part);
    }
    finish(hasher)
}

fn finish(hasher: Md5) -> Signature {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = hasher.finalize();
    let mut out = [0_u8; 32];
    for (i, byte) in digest.iter().enumerate() {
        out[2 * i] = HEX[usize::from(byte >> 4)];
        out[2 * i + 1] = HEX[usize::from(byte & 0x0f)];
    }
    Signature(out)
}

/// Signs parameters given in any order: `md5(prefix + sorted "name=value"... + secret)`.
///
/// This is the general, allocation-light entry point (it sorts a vector of references); the
/// SDK's own request path sorts its [`Params`] in place instead. Use it, for example, to
/// check the signature of an OK payment callback.
pub fn signature<'a, I>(prefix: &str, params: I, secret: &str) -> Signature
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut pairs: Vec<(&str, &str)> = params.into_iter().collect();
    pairs.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    hash_sorted(prefix, pairs.into_iter(), secret)
}

/// Sorts `params` in place and signs all of them.
pub(crate) fn sign_params(prefix: &str, params: &mut Params, secret: &str) -> Signature {
    params.sort();
    hash_sorted(prefix, params.iter(), secret)
}

fn hash_sorted<'a>(
    prefix: &str,
    sorted: impl Iterator<Item = (&'a str, &'a str)>,
    secret: &str,
) -> Signature {
    // Measured: feeding MD5 piece by piece is faster here than gathering the pieces in a
    // stack buffer first (benches/signing.rs).
    let mut hasher = Md5::new();
    hasher.update(prefix.as_bytes());
    for (name, value) in sorted {
        hasher.update(name.as_bytes());
        hasher.update(b"=");
        hasher.update(value.as_bytes());
    }
    hasher.update(secret.as_bytes());
    finish(hasher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_hex_matches_a_known_digest() {
        assert_eq!(md5_hex(&[b""]), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_hex(&[b"ab", b"c"]), "900150983cd24fb0d6963f7d28e17f72");
    }

    #[test]
    fn signature_sorts_by_byte_order() {
        let sig = signature("", [("b", "2"), ("Z", "1"), ("a", "3")], "s");
        assert_eq!(sig, md5_hex(&[b"Z=1a=3b=2s"]));
    }

    #[test]
    fn long_and_short_pieces_hash_like_one_string() {
        let long = "x".repeat(1000);
        let medium = "y".repeat(200);
        let params = [("a", long.as_str()), ("b", medium.as_str()), ("c", "z")];
        let expected = md5_hex(&[
            b"p",
            b"a=",
            long.as_bytes(),
            b"b=",
            medium.as_bytes(),
            b"c=z",
            b"s",
        ]);
        assert_eq!(signature("p", params, "s"), expected);
    }

    #[test]
    fn debug_does_not_print_the_digits() {
        let sig = md5_hex(&[b"x"]);
        assert!(!format!("{sig:?}").contains(sig.as_str()));
    }
}
