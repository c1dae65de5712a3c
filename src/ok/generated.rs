//! The OK API generated from `methods.toml` by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/ok.rs"));
