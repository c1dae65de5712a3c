//! Reading the top level of an answer for a platform's error envelope without decoding the
//! rest: the dialects ask for a few keys (OK's `error_code`, mail.ru's `error`) and get
//! every occurrence of them, duplicates included, so that an envelope that repeats a key
//! is seen as malformed instead of silently read one way or the other. The values of other
//! keys are skipped without being stored, so a large success answer costs one scan.

use std::fmt;

use serde::Deserialize as _;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

/// A value whose object entries, if it is an object, are kept in order with duplicates.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shallow {
    Object(Vec<(String, Value)>),
    Other(Value),
}

impl Shallow {
    /// The entries named `key`, in order.
    pub(crate) fn entries<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        let entries: &[(String, Value)] = match self {
            Shallow::Object(entries) => entries,
            Shallow::Other(_) => &[],
        };
        entries
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v)
    }
}

/// The entries of the top-level object of `body` whose key is one of `keys`, in order and
/// with duplicates; `None` when the body is not one JSON object.
pub(crate) fn top_level(
    body: &[u8],
    keys: &[&'static str],
) -> Option<Vec<(&'static str, Shallow)>> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let entries = TopLevel { keys }.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(entries)
}

/// The code of an error envelope: an integer in range, or a string holding one (both
/// platforms write numbers as strings in places). Anything else cannot be read.
pub(crate) fn read_code(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The text of a message value: a string as it is, nothing for null, else its JSON text
/// (bounded).
pub(crate) fn message_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => crate::error::bounded_display(other).0,
    }
}

/// A short JSON rendering of `value` for an error's detail.
pub(crate) fn describe(value: &Value) -> String {
    crate::error::bounded_display(value).0
}

struct TopLevel<'k> {
    keys: &'k [&'static str],
}

impl<'de> DeserializeSeed<'de> for TopLevel<'_> {
    type Value = Vec<(&'static str, Shallow)>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = Vec<(&'static str, Shallow)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut found = Vec::new();
        while let Some(index) = map.next_key_seed(KeyIndex(self.keys))? {
            match index {
                Some(i) => found.push((self.keys[i], map.next_value::<ShallowSeed>()?.0)),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }
}

/// A key, as its position in the wanted keys (escapes in the key are decoded first).
struct KeyIndex<'k>(&'k [&'static str]);

impl<'de> DeserializeSeed<'de> for KeyIndex<'_> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyIndex<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|k| *k == key))
    }
}

/// Deserializes into [`Shallow`].
struct ShallowSeed(Shallow);

impl<'de> de::Deserialize<'de> for ShallowSeed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ShallowVisitor).map(ShallowSeed)
    }
}

struct ShallowVisitor;

macro_rules! scalar {
    ($name:ident, $ty:ty) => {
        fn $name<E: de::Error>(self, v: $ty) -> Result<Shallow, E> {
            Ok(Shallow::Other(Value::from(v)))
        }
    };
}

impl<'de> Visitor<'de> for ShallowVisitor {
    type Value = Shallow;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    scalar!(visit_bool, bool);
    scalar!(visit_i64, i64);
    scalar!(visit_u64, u64);
    scalar!(visit_f64, f64);

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Shallow, E> {
        Ok(Shallow::Other(Value::String(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Shallow, E> {
        Ok(Shallow::Other(Value::String(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Shallow, E> {
        Ok(Shallow::Other(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Shallow, E> {
        Ok(Shallow::Other(Value::Null))
    }

    fn visit_seq<S: de::SeqAccess<'de>>(self, seq: S) -> Result<Shallow, S::Error> {
        let value = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Shallow::Other(value))
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Shallow, M::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            entries.push((key, map.next_value::<Value>()?));
        }
        Ok(Shallow::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_wanted_keys_are_kept_with_their_duplicates() {
        let body = br#"{"a":1,"error_code":102,"big":[1,2,3],"error_code":"7","e\u0072ror_msg":{"x":1,"x":2}}"#;
        let found = top_level(body, &["error_code", "error_msg"]).unwrap();
        assert_eq!(found.len(), 3);
        assert_eq!(found[0], ("error_code", Shallow::Other(Value::from(102))));
        assert_eq!(found[1], ("error_code", Shallow::Other(Value::from("7"))));
        let Shallow::Object(entries) = &found[2].1 else {
            panic!("an object");
        };
        assert_eq!(entries.len(), 2, "duplicates inside are kept too");
        assert!(top_level(b"[1]", &["a"]).is_none());
        assert!(top_level(br#"{"a":1} x"#, &["a"]).is_none());
        assert!(top_level(br#"{"a":"#, &["a"]).is_none());
    }

    #[test]
    fn codes_are_integers_or_strings_holding_one() {
        assert_eq!(read_code(&Value::from(102)), Some(102));
        assert_eq!(read_code(&Value::from("102")), Some(102));
        assert_eq!(read_code(&Value::from(102.0)), Some(102));
        for bad in [
            Value::Bool(true),
            Value::Null,
            Value::from(1e30),
            Value::from(u64::MAX),
            Value::from(1.5),
            Value::from("x"),
        ] {
            assert_eq!(read_code(&bad), None, "{bad}");
        }
    }
}
