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
//! - `ok::batch` (feature `batch`, experimental): several OK calls in one
//!   `batch.executeV2` request, with typed results per call.
//! - [`callbacks`]: the other direction, the payment callbacks the platforms send to your
//!   server (with a ready axum route under the `axum` feature).
//!
//! Secrets (application secret keys, session secret keys, private keys, tokens) are never
//! printed by `Debug`, never logged and only sent where the protocol needs them.
#![doc = include_str!("guide.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The modules are layers (ARCHITECTURE.md lists them, lowest first); a module imports only
// from its own layer and the layers below it, which tests/architecture.rs checks.
pub mod callbacks;
pub mod client;
pub mod error;
pub mod http;
pub mod mailru;
pub mod oauth;
pub mod ok;
pub mod platform;
pub mod session;
pub mod signing;
pub mod wire;

pub use client::{Api, ApiBuilder, RateLimit, Request, ResponseFuture, RetryPolicy};
pub use error::{ApiError, Error, ErrorClass, ErrorKind, RawBody, Result};
pub use http::Transport;
pub use platform::Platform;
/// The HTTP client okru runs on; its `Client` is part of okru's API
/// ([`ApiBuilder::http_client`]).
pub use reqwest;
pub use session::{
    AccessToken, ApplicationKey, ApplicationSecretKey, AuthorizationCode, Password, PrivateKey,
    RefreshToken, SecretKey, Session, SessionKey, SessionSecretKey,
};
pub use wire::params::{ParamValue, Params};
pub use wire::{ids, params};

/// The lenient serde helpers under their former path, for the generated code.
#[doc(hidden)]
pub use wire::lenient as de;

/// The README's examples are compiled as doctests so that the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
