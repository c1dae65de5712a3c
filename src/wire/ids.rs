//! Typed identifiers, so that a group id cannot be passed where a user id is expected.
//!
//! Numeric ids are `u64` inside (cheap to copy and compare); the APIs write them as strings
//! (`"570000000001"`) and sometimes as numbers, and both spellings decode. They are sent and
//! serialized as decimal strings. Ids that the platforms also use with words (album ids such
//! as `tags`, mail.ru event ids) or document as opaque text (discussion, comment, product and
//! catalog ids) are strings; they decode from a JSON string or number too.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::wire::params::ParamValue;

macro_rules! numeric_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u64);

        impl $name {
            /// Wraps a raw id.
            pub const fn new(id: u64) -> Self {
                $name(id)
            }

            /// The raw id.
            pub const fn get(self) -> u64 {
                self.0
            }
        }

        impl From<u64> for $name {
            fn from(id: u64) -> Self {
                $name(id)
            }
        }

        impl From<$name> for u64 {
            fn from(id: $name) -> u64 {
                id.0
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl ParamValue for $name {
            fn write_param(&self, out: &mut String) {
                self.0.write_param(out);
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(NumericIdVisitor).map($name)
            }
        }
    };
}

struct NumericIdVisitor;

impl Visitor<'_> for NumericIdVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a numeric id, as a number or a string")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
        v.trim()
            .parse()
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }
}

struct TextIdVisitor;

impl Visitor<'_> for TextIdVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id, as a string or a number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(TextIdVisitor).map($name)
            }
        }

        impl $name {
            /// Wraps a raw id.
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into())
            }

            /// The raw id.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl From<u64> for $name {
            fn from(id: u64) -> Self {
                $name(id.to_string())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl ParamValue for $name {
            fn write_param(&self, out: &mut String) {
                out.push_str(&self.0);
            }
        }
    };
}

numeric_id!(
    /// A user id (OK `uid`, mail.ru `uid`).
    UserId
);
numeric_id!(
    /// A group (community) id.
    GroupId
);
numeric_id!(
    /// A photo id.
    PhotoId
);
numeric_id!(
    /// A media topic (post) id.
    TopicId
);
numeric_id!(
    /// A video id.
    VideoId
);
text_id!(
    /// A photo album id; besides numbers OK uses names such as `tags` or `group_main`.
    AlbumId
);
text_id!(
    /// An event id (mail.ru stream events are hexadecimal strings).
    EventId
);
text_id!(
    /// The id of a discussion: the id of the object discussed (a topic, a photo ...), used
    /// with its `DiscussionType`. Also the `entityId` of the older discussion methods.
    DiscussionId
);
text_id!(
    /// The id of a comment in a discussion (opaque text).
    CommentId
);
text_id!(
    /// The id of a product of a group's market.
    ProductId
);
text_id!(
    /// The id of a catalog of a group's market.
    CatalogId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_ids_accept_strings_and_numbers() {
        let ids: Vec<UserId> = serde_json::from_str(r#"["570000000001", 42]"#).unwrap();
        assert_eq!(ids, [UserId::new(570000000001), UserId::new(42)]);
        assert_eq!(serde_json::to_string(&ids[1]).unwrap(), "\"42\"");
        assert!(serde_json::from_str::<UserId>("\"abc\"").is_err());
        assert!(serde_json::from_str::<UserId>("-1").is_err());
    }

    #[test]
    fn text_ids_accept_strings_and_numbers() {
        let ids: Vec<ProductId> = serde_json::from_str(r#"["p1", 42]"#).unwrap();
        assert_eq!(ids, [ProductId::from("p1"), ProductId::from(42)]);
        assert_eq!(serde_json::to_string(&ids[1]).unwrap(), "\"42\"");
        assert!(serde_json::from_str::<CommentId>("{}").is_err());
    }

    #[test]
    fn ids_are_sent_as_decimal_text() {
        let params = crate::Params::new().with("uids", [UserId::new(1), UserId::new(2)]);
        assert_eq!(params.get("uids"), Some("1,2"));
        let params = crate::Params::new().with("aid", AlbumId::from("tags"));
        assert_eq!(params.get("aid"), Some("tags"));
    }
}
