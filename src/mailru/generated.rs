//! The mail.ru API generated from `methods.toml` by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/mailru.rs"));
