//! Lenient decoding helpers used by the generated models.
//!
//! Both APIs write numbers as strings in places (`"members_count": "12"`), booleans as
//! `0`/`1` (mail.ru flags everywhere, OK in older methods) and numbers where the
//! documentation promises text (`"pid": 1`). A strict decoder would turn those into errors
//! for no benefit, so numbers, booleans and text accept every such spelling. Anything else is
//! still a decode error naming the field.
//!
//! [`Listed`] is the answer of the methods whose list some sources show bare (`[...]`) and
//! others wrapped in an object (`{"users": [...]}`).

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};

struct IntVisitor;

impl Visitor<'_> for IntVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, or a string holding one")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        // Only integral floats such as 12.0 are integers.
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(v as i64)
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.trim()
            .parse()
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a string holding one")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        v.trim()
            .parse()
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }
}

struct BoolVisitor;

impl Visitor<'_> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, 0 or 1, or a string holding one of those")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(Unexpected::Signed(v), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match v.trim() {
            "1" | "true" | "True" | "TRUE" => Ok(true),
            "0" | "false" | "False" | "FALSE" | "" => Ok(false),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
}

struct StringVisitor;

impl Visitor<'_> for StringVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, or a number or boolean standing for one")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// Wraps a visitor so that JSON `null` (and an absent field, via `#[serde(default)]`) is `None`.
struct Optional<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Optional<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(" or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self.0).map(Some)
    }
}

/// An integer written as a number or a string.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(IntVisitor)
}

/// Like [`int`], with `null` as `None`.
pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_option(Optional(IntVisitor))
}

/// A number written as a number or a string.
pub fn float<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_any(FloatVisitor)
}

/// Like [`float`], with `null` as `None`.
pub fn opt_float<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_option(Optional(FloatVisitor))
}

/// A boolean written as `true`/`false`, `0`/`1` or a string of either.
pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    d.deserialize_any(BoolVisitor)
}

/// Like [`boolean`], with `null` as `None`.
pub fn opt_boolean<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_option(Optional(BoolVisitor))
}

/// Text written as a string, or as a number or boolean (`1` is `"1"`).
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(StringVisitor)
}

/// Like [`string`], with `null` as `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(Optional(StringVisitor))
}

/// A list answer that the platform may send bare (`[...]`) or wrapped in an object
/// (`{"users": [...]}`, `{"groups": [...]}`): sources disagree, so both decode. In the
/// wrapped form the items are the first member that holds an array; other members are
/// ignored. It dereferences to the `Vec` of items and serializes as a bare array.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Listed<T>(pub Vec<T>);

impl<T> Listed<T> {
    /// The items.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<T> Deref for Listed<T> {
    type Target = Vec<T>;

    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> DerefMut for Listed<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T> From<Listed<T>> for Vec<T> {
    fn from(listed: Listed<T>) -> Vec<T> {
        listed.0
    }
}

impl<T> From<Vec<T>> for Listed<T> {
    fn from(items: Vec<T>) -> Listed<T> {
        Listed(items)
    }
}

impl<T: PartialEq> PartialEq<Vec<T>> for Listed<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        &self.0 == other
    }
}

impl<T> IntoIterator for Listed<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Listed<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: Serialize> Serialize for Listed<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

struct ListedVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for ListedVisitor<T> {
    type Value = Listed<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list, or an object holding the list under one key")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Listed<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Listed(items))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Listed<T>, A::Error> {
        let mut found = None;
        while map.next_key::<IgnoredAny>()?.is_some() {
            if found.is_some() {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            // Keep the first member that is an array; skip the others (paging fields ...).
            if let MaybeList::List(items) = map.next_value::<MaybeList<T>>()? {
                found = Some(items);
            }
        }
        found
            .map(Listed)
            .ok_or_else(|| de::Error::custom("an object without a list member"))
    }
}

/// One member of a wrapping object: the list, or anything else.
enum MaybeList<T> {
    List(Vec<T>),
    Other,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for MaybeList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MemberVisitor<T>(PhantomData<T>);

        impl<'de, T: DeserializeOwned> Visitor<'de> for MemberVisitor<T> {
            type Value = MaybeList<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                ListedVisitor::<T>(PhantomData)
                    .visit_seq(seq)
                    .map(|listed| MaybeList::List(listed.0))
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(MaybeList::Other)
            }

            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(MaybeList::Other)
            }

            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(MaybeList::Other)
            }

            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(MaybeList::Other)
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(MaybeList::Other)
            }

            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(MaybeList::Other)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(MaybeList::Other)
            }
        }

        d.deserialize_any(MemberVisitor(PhantomData))
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Listed<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ListedVisitor(PhantomData))
    }
}

/// An id, or the object it stands for: some answers list ids or full objects depending on a
/// parameter (mail.ru `friends.get` with `ext=1`) or on the source (OK `friends.getBirthdays`).
///
/// A JSON object decodes as the object, and its `uid` (or else `id`) member as the id; anything
/// else decodes as the id alone. So [`id`](IdOr::id) is there in both forms.
#[derive(Debug, Clone, PartialEq)]
pub struct IdOr<I, T> {
    id: Option<I>,
    object: Option<T>,
}

impl<I, T> IdOr<I, T> {
    /// A bare id.
    pub fn from_id(id: I) -> Self {
        IdOr {
            id: Some(id),
            object: None,
        }
    }

    /// The id: the bare id, or the one the object carries.
    pub fn id(&self) -> Option<&I> {
        self.id.as_ref()
    }

    /// The full object, when the platform sent one.
    pub fn object(&self) -> Option<&T> {
        self.object.as_ref()
    }

    /// The full object, when the platform sent one.
    pub fn into_object(self) -> Option<T> {
        self.object
    }
}

impl<I: Serialize, T: Serialize> Serialize for IdOr<I, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (&self.object, &self.id) {
            (Some(object), _) => object.serialize(s),
            (None, id) => id.serialize(s),
        }
    }
}

impl<'de, I: DeserializeOwned, T: DeserializeOwned> Deserialize<'de> for IdOr<I, T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        if let Some(map) = value.as_object() {
            let id = map
                .get("uid")
                .or_else(|| map.get("id"))
                .and_then(|id| I::deserialize(id.clone()).ok());
            let object = T::deserialize(value).map_err(de::Error::custom)?;
            Ok(IdOr {
                id,
                object: Some(object),
            })
        } else {
            I::deserialize(value)
                .map(IdOr::from_id)
                .map_err(de::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Sample {
        #[serde(deserialize_with = "super::int")]
        n: i64,
        #[serde(default, deserialize_with = "super::opt_int")]
        m: Option<i64>,
        #[serde(deserialize_with = "super::boolean")]
        b: bool,
        #[serde(default, deserialize_with = "super::opt_boolean")]
        c: Option<bool>,
        #[serde(deserialize_with = "super::float")]
        f: f64,
    }

    #[test]
    fn accepts_the_spellings_the_apis_use() {
        let s: Sample =
            serde_json::from_str(r#"{"n":"12","m":null,"b":1,"c":"0","f":"1.5"}"#).unwrap();
        assert_eq!(
            s,
            Sample {
                n: 12,
                m: None,
                b: true,
                c: Some(false),
                f: 1.5
            }
        );
        let s: Sample = serde_json::from_str(r#"{"n":3,"b":false,"f":2}"#).unwrap();
        assert_eq!(
            s,
            Sample {
                n: 3,
                m: None,
                b: false,
                c: None,
                f: 2.0
            }
        );
    }

    #[test]
    fn rejects_what_is_not_a_number_or_a_flag() {
        assert!(serde_json::from_str::<Sample>(r#"{"n":"x","b":1,"f":1}"#).is_err());
        assert!(serde_json::from_str::<Sample>(r#"{"n":1,"b":2,"f":1}"#).is_err());
        assert!(serde_json::from_str::<Sample>(r#"{"n":1.5,"b":1,"f":1}"#).is_err());
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Text {
        #[serde(deserialize_with = "super::string")]
        a: String,
        #[serde(default, deserialize_with = "super::opt_string")]
        b: Option<String>,
    }

    #[test]
    fn text_accepts_numbers() {
        let t: Text = serde_json::from_str(r#"{"a":1,"b":"x"}"#).unwrap();
        assert_eq!(
            t,
            Text {
                a: "1".into(),
                b: Some("x".into())
            }
        );
        let t: Text = serde_json::from_str(r#"{"a":"y","b":null}"#).unwrap();
        assert_eq!(t.b, None);
        assert!(serde_json::from_str::<Text>(r#"{"a":{}}"#).is_err());
    }

    #[test]
    fn listed_accepts_a_bare_or_a_wrapped_list() {
        let bare: super::Listed<u32> = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(bare, vec![1, 2]);
        let wrapped: super::Listed<u32> =
            serde_json::from_str(r#"{"anchor":"a","users":[3],"more":[4]}"#).unwrap();
        assert_eq!(wrapped.into_vec(), vec![3]);
        assert!(serde_json::from_str::<super::Listed<u32>>(r#"{"a":1}"#).is_err());
        assert!(serde_json::from_str::<super::Listed<u32>>(r#"["x"]"#).is_err());
        assert_eq!(
            serde_json::to_string(&super::Listed(vec![1])).unwrap(),
            "[1]"
        );
    }

    #[test]
    fn id_or_object() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Obj {
            uid: String,
        }
        let items: Vec<super::IdOr<String, Obj>> =
            serde_json::from_str(r#"["1", {"uid": "2"}]"#).unwrap();
        assert_eq!(items[0].id().map(String::as_str), Some("1"));
        assert!(items[0].object().is_none());
        assert_eq!(items[1].id().map(String::as_str), Some("2"));
        assert_eq!(items[1].object().map(|o| o.uid.as_str()), Some("2"));
        assert!(serde_json::from_str::<super::IdOr<String, Obj>>(r#"{"x": 1}"#).is_err());
    }
}
