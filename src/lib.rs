//! # okru
//!
//! A strongly-typed SDK for the OK (ok.ru) REST API and the Mail.ru "My World" platform
//! REST API.
//!
//! - [`ok`] and [`mailru`]: one module per platform, each with its sessions, its `Api` client
//!   and the methods generated from the catalogue (`methods.toml`), for example
//!   `api.users().get_info(uids, fields).await?`.
//! - [`Api::call`](client::Api::call): any method by name, signed and decoded like the
//!   generated ones.
//! - [`Error`]: one error type; [`ErrorKind`] says what went wrong.
//! - [`signing`]: the pure signing core of both platforms.
//! - `batch` (feature `batch`, experimental): several OK calls in one `batch.executeV2`
//!   request, with typed results per call.
//! - [`callbacks`]: the other direction, the payment callbacks the platforms send to your
//!   server (with a ready axum route under the `axum` feature).
//!
//! Secrets (application secret keys, session secret keys, private keys, tokens) are never
//! printed by `Debug`, never logged and only sent where the protocol needs them.

#![warn(missing_docs)]

#[cfg(feature = "batch")]
pub mod batch;
pub mod callbacks;
pub mod client;
pub mod de;
mod decode;
pub mod enums;
pub mod error;
pub mod ids;
pub mod mailru;
pub mod oauth;
pub mod ok;
pub mod params;
pub mod platform;
pub mod session;
pub mod signing;
pub mod transport;

pub use client::ResponseFuture;
pub use error::{ApiError, Error, ErrorKind, RawBody, Result};
pub use params::{ParamValue, Params};
pub use platform::Platform;
pub use session::Session;

/// The README's examples are compiled as doctests so that the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
