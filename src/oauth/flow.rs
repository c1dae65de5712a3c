//! What every authorization flow of either platform is configured with.

use std::time::Duration;

use crate::error::Result;
use crate::http::{Transport, TransportConfig, validate_endpoint};

/// The settings of a flow: its endpoints `E` (per platform), the HTTP client and timeout.
#[derive(Debug, Clone, Default)]
pub(crate) struct FlowSettings<E> {
    pub endpoints: E,
    pub client: Option<reqwest::Client>,
    pub timeout: Option<Duration>,
}

/// A platform's flow endpoints: the URLs its flows post credentials to.
pub(crate) trait FlowEndpoints {
    /// Every URL a flow or a renewal posts credentials to.
    fn post_targets(&self) -> [&str; 2];
}

impl<E: FlowEndpoints> FlowSettings<E> {
    /// The transport of the flow's requests, after checking the URLs it will post to
    /// (HTTPS, or loopback HTTP for the sandbox).
    pub(crate) fn transport(&self) -> Result<Transport> {
        check_targets(&self.endpoints.post_targets())?;
        let mut config = TransportConfig {
            client: self.client.clone(),
            ..TransportConfig::default()
        };
        if let Some(timeout) = self.timeout {
            config.timeout = timeout;
        }
        Transport::new(config)
    }
}

/// Checks the URLs a flow or a session will post credentials to (HTTPS, or loopback HTTP
/// for the sandbox), before anything is sent.
pub(crate) fn check_targets(urls: &[&str]) -> Result<()> {
    for url in urls {
        validate_endpoint(url)?;
    }
    Ok(())
}

/// The setters and the redacted `Debug` shared by every flow type: `$flow` has the fields
/// `settings: FlowSettings<$endpoints>` and `app` (with an `id`).
macro_rules! flow_settings {
    ($flow:ident, $endpoints:ty, $platform:literal) => {
        impl $flow {
            /// Sends the flow's requests (and the session's renewals) to these endpoints.
            pub fn endpoints(mut self, endpoints: $endpoints) -> Self {
                self.settings.endpoints = endpoints;
                self
            }

            /// Uses your own HTTP client for the flow's own requests (the session's renewals
            /// go through the client of the `Api` it is used with).
            pub fn http_client(mut self, client: reqwest::Client) -> Self {
                self.settings.client = Some(client);
                self
            }

            /// Timeout of each request of the flow (default 30 s).
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.settings.timeout = Some(timeout);
                self
            }
        }

        impl std::fmt::Debug for $flow {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(concat!($platform, "::", stringify!($flow)))
                    .field("app_id", &self.app.id)
                    .field("endpoints", &self.settings.endpoints)
                    .finish_non_exhaustive()
            }
        }
    };
}

pub(crate) use flow_settings;
