//! Open enumerations: the documented values of a string the APIs restrict to a set, as Rust
//! enum variants, plus one variant that keeps any value the documentation does not list.
//!
//! The platforms add values without notice, so an unknown value must neither fail a
//! response nor be lost: it decodes to `Unrecognized(text)` and serializes back unchanged.
//! The generated code declares each enumeration with [`open_enum!`](crate::open_enum).

/// Declares an open enumeration.
///
/// ```text
/// open_enum! {
///     /// docs
///     pub enum PagingDirection {
///         /// docs
///         Forward = "FORWARD",
///     }
/// }
/// ```
///
/// The enum gets `as_str`, `From<&str>`, `From<String>`, `Display`, `FromStr` (infallible),
/// serde (a string; numbers are accepted as their decimal text) and `ParamValue`.
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )*
            /// A value the documentation does not list, kept as sent by the platform.
            Unrecognized(::std::string::String),
        }

        impl $name {
            /// Every documented value, in documentation order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Unrecognized(other) => other,
                }
            }

            /// Whether this is one of the documented values.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unrecognized(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $( $wire => $name::$variant, )*
                    other => $name::Unrecognized(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(text: ::std::string::String) -> Self {
                match text.as_str() {
                    $( $wire => $name::$variant, )*
                    _ => $name::Unrecognized(text),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(text))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::wire::params::ParamValue for $name {
            fn write_param(&self, out: &mut ::std::string::String) {
                out.push_str(self.as_str());
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::wire::open_enum::deserialize_text(deserializer).map(Self::from)
            }
        }
    };
}

/// Reads an enumeration value: a string, or a number taken as its decimal text (some
/// enumerations are numeric codes on one platform and words on the other).
#[doc(hidden)]
pub fn deserialize_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    struct Text;

    impl serde::de::Visitor<'_> for Text {
        type Value = String;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string or a number")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }

        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }

    deserializer.deserialize_any(Text)
}

#[cfg(test)]
mod tests {
    crate::open_enum! {
        /// A test enumeration.
        pub enum Direction {
            /// Onwards.
            Forward = "FORWARD",
            /// Back.
            Backward = "BACKWARD",
        }
    }

    #[test]
    fn known_values_round_trip() {
        for value in Direction::KNOWN {
            let json = serde_json::to_string(value).unwrap();
            assert_eq!(serde_json::from_str::<Direction>(&json).unwrap(), *value);
            assert!(value.is_known());
        }
        assert_eq!(Direction::from("BACKWARD"), Direction::Backward);
    }

    #[test]
    fn unknown_values_are_kept() {
        let value: Direction = serde_json::from_str("\"SIDEWAYS\"").unwrap();
        assert_eq!(value, Direction::Unrecognized("SIDEWAYS".into()));
        assert!(!value.is_known());
        assert_eq!(serde_json::to_string(&value).unwrap(), "\"SIDEWAYS\"");
        assert_eq!(value.to_string(), "SIDEWAYS");
    }

    #[test]
    fn numbers_decode_as_text() {
        let value: Direction = serde_json::from_str("7").unwrap();
        assert_eq!(value.as_str(), "7");
    }

    #[test]
    fn sent_as_the_wire_text() {
        let mut out = String::new();
        crate::wire::params::ParamValue::write_param(&Direction::Forward, &mut out);
        assert_eq!(out, "FORWARD");
    }
}
