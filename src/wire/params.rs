//! Request parameters and how values are written on the wire.
//!
//! The formatting rules are the SDK's own, chosen where the Python libraries were wrong:
//! lists are comma-joined, booleans are `true`/`false`, numbers are decimal, `0` and `false`
//! are real values that are sent and signed, and an unset optional parameter is simply never
//! pushed. The same string is signed and sent, so the signature always matches.

use std::borrow::Cow;
use std::fmt::Write as _;

/// An ordered list of request parameters (name, value as sent).
///
/// Names are usually `&'static str` from generated code; values are already formatted.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(Cow<'static, str>, String)>,
}

impl Params {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty list with room for `n` parameters plus the ones a session adds.
    pub fn with_capacity(n: usize) -> Self {
        Params {
            pairs: Vec::with_capacity(n + 6),
        }
    }

    /// Appends `name=value`, formatting the value by the rules of [`ParamValue`].
    pub fn push(&mut self, name: impl Into<Cow<'static, str>>, value: impl ParamValue) {
        let mut text = String::new();
        value.write_param(&mut text);
        self.pairs.push((name.into(), text));
    }

    /// Builder form of [`Params::push`].
    pub fn with(mut self, name: impl Into<Cow<'static, str>>, value: impl ParamValue) -> Self {
        self.push(name, value);
        self
    }

    /// Appends every parameter of `other`, in order.
    pub fn extend_from(&mut self, other: &Params) {
        self.pairs.extend(other.pairs.iter().cloned());
    }

    /// The value of the first parameter called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// True if a parameter called `name` is present.
    pub fn contains(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == name)
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The parameters in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_ref(), v.as_str()))
    }

    /// Sorts by name in byte order, as both platforms' signatures require.
    pub(crate) fn sort(&mut self) {
        self.pairs
            .sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    }

    /// Appends an already formatted value without copying it.
    pub(crate) fn push_raw(&mut self, name: &'static str, value: String) {
        self.pairs.push((Cow::Borrowed(name), value));
    }

    /// The `application/x-www-form-urlencoded` form of the parameters, used both as a query
    /// string and as a POST body.
    pub(crate) fn urlencoded(&self) -> String {
        let mut out =
            form_urlencoded::Serializer::new(String::with_capacity(self.encoded_len_hint()));
        for (k, v) in &self.pairs {
            out.append_pair(k, v);
        }
        out.finish()
    }

    fn encoded_len_hint(&self) -> usize {
        self.pairs
            .iter()
            .map(|(k, v)| k.len() + v.len() + 2)
            .sum::<usize>()
            + 16
    }
}

/// Debug shows names only: values can carry tokens and signatures.
impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.pairs.iter().map(|(k, _)| k))
            .finish()
    }
}

impl<K, V> FromIterator<(K, V)> for Params
where
    K: Into<Cow<'static, str>>,
    V: ParamValue,
{
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut params = Params::new();
        for (k, v) in iter {
            params.push(k, v);
        }
        params
    }
}

impl<K, V, const N: usize> From<[(K, V); N]> for Params
where
    K: Into<Cow<'static, str>>,
    V: ParamValue,
{
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

/// A value that can be sent as a request parameter.
pub trait ParamValue {
    /// Appends the wire form of the value to `out`.
    fn write_param(&self, out: &mut String);
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn write_param(&self, out: &mut String) {
        (**self).write_param(out);
    }
}

impl ParamValue for str {
    fn write_param(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl ParamValue for String {
    fn write_param(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl ParamValue for Cow<'_, str> {
    fn write_param(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl ParamValue for bool {
    fn write_param(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! decimal_param {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            fn write_param(&self, out: &mut String) {
                // Writing to a String cannot fail.
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
decimal_param!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64
);

/// Lists are sent comma-joined: `uids=1,2,3`.
impl<T: ParamValue> ParamValue for [T] {
    fn write_param(&self, out: &mut String) {
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_param(out);
        }
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn write_param(&self, out: &mut String) {
        self.as_slice().write_param(out);
    }
}

impl<T: ParamValue, const N: usize> ParamValue for [T; N] {
    fn write_param(&self, out: &mut String) {
        self.as_slice().write_param(out);
    }
}

/// JSON parameters (`attachment`, `photos`) are sent, and therefore signed, as compact JSON.
impl ParamValue for serde_json::Value {
    fn write_param(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

/// A boolean the platform expects as `1`/`0` rather than `true`/`false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl ParamValue for Flag {
    fn write_param(&self, out: &mut String) {
        out.push(if self.0 { '1' } else { '0' });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_use_the_documented_wire_forms() {
        let params = Params::new()
            .with("count", 0)
            .with("flag", false)
            .with("on", true)
            .with("uids", ["1", "2", "3"])
            .with("ids", vec![5_u64, 6])
            .with("empty", Vec::<u64>::new())
            .with("text", "Привет, мир")
            .with("json", serde_json::json!({"a": [1, "b"]}))
            .with("legacy", Flag(true))
            .with("ratio", 1.5);
        let pairs: Vec<(&str, &str)> = params.iter().collect();
        assert_eq!(
            pairs,
            [
                ("count", "0"),
                ("flag", "false"),
                ("on", "true"),
                ("uids", "1,2,3"),
                ("ids", "5,6"),
                ("empty", ""),
                ("text", "Привет, мир"),
                ("json", r#"{"a":[1,"b"]}"#),
                ("legacy", "1"),
                ("ratio", "1.5"),
            ]
        );
    }

    #[test]
    fn debug_shows_names_but_not_values() {
        let params = Params::new().with("access_token", "tok-secret");
        let debug = format!("{params:?}");
        assert!(debug.contains("access_token"));
        assert!(!debug.contains("tok-secret"));
    }

    #[test]
    fn urlencoding_escapes_reserved_characters() {
        let params = Params::new().with("q", "a b&c=d").with("uids", [1, 2]);
        assert_eq!(params.urlencoded(), "q=a+b%26c%3Dd&uids=1%2C2");
    }

    #[test]
    fn sort_is_byte_order() {
        let mut params = Params::new().with("b", 1).with("Z", 2).with("a", 3);
        params.sort();
        let names: Vec<&str> = params.iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["Z", "a", "b"]);
    }
}
