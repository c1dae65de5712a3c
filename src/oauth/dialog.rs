//! What the implicit (browser dialog) flows of both platforms share besides the browser:
//! the redirect URI, and trying the dialog again after a passing problem.

use std::time::Duration;

use crate::error::{Error, ErrorKind, OAuthReason, Result};

/// What every implicit (browser) flow is configured with besides its credentials.
#[derive(Debug, Clone)]
pub(crate) struct DialogSettings {
    pub redirect_uri: String,
    pub attempts: u32,
    pub retry_interval: Duration,
}

impl DialogSettings {
    pub(crate) fn new(redirect_uri: &str, retry_interval: Duration) -> Self {
        DialogSettings {
            redirect_uri: redirect_uri.to_owned(),
            attempts: 1,
            retry_interval,
        }
    }

    /// Runs `attempt` with these settings' attempts and pause.
    pub(crate) async fn run<T, F, Fut>(&self, attempt: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T>>,
    {
        with_attempts(self.attempts, self.retry_interval, attempt).await
    }
}

/// The setters of [`DialogSettings`] on an implicit flow with a `dialog` field.
macro_rules! dialog_settings {
    ($flow:ident) => {
        impl $flow {
            /// The registered redirect URI (default [`DEFAULT_REDIRECT_URI`]); the flow stops
            /// at it without requesting it.
            pub fn redirect_uri(mut self, redirect_uri: impl Into<String>) -> Self {
                self.dialog.redirect_uri = redirect_uri.into();
                self
            }

            /// Tries the whole dialog up to `attempts` times, pausing `retry_interval`
            /// between tries, when a try meets a passing problem (an unexpected page, a
            /// connection failure): the `num_attempts` and `retry_interval` of aiookru and aiomailru. A
            /// refused password, a captcha or a blocked user end the flow at once.
            pub fn attempts(mut self, attempts: u32, retry_interval: std::time::Duration) -> Self {
                self.dialog.attempts = attempts.max(1);
                self.dialog.retry_interval = retry_interval;
                self
            }
        }
    };
}

pub(crate) use dialog_settings;

/// Runs `attempt` up to `attempts` times, pausing `pause` between tries, as long as it
/// fails with a passing problem (a transport failure or a page the flow did not expect);
/// refusals (bad password, captcha, blocked user) are returned at once.
pub(crate) async fn with_attempts<T, F, Fut>(
    attempts: u32,
    pause: Duration,
    mut attempt: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let mut tries = 0;
    loop {
        tries += 1;
        match attempt().await {
            Err(e) if tries < attempts.max(1) && is_passing(&e) => tokio::time::sleep(pause).await,
            other => return other,
        }
    }
}

fn is_passing(error: &Error) -> bool {
    match error.kind() {
        ErrorKind::OAuth(e) => e.reason == OAuthReason::UnexpectedPage,
        _ => error.is_retryable(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::oauth_error;
    use crate::http::browser::unexpected;

    #[tokio::test]
    async fn attempts_stop_at_refusals_and_retry_passing_failures() {
        let mut calls = 0;
        let result: Result<()> = with_attempts(3, Duration::ZERO, || {
            calls += 1;
            async { Err(unexpected("odd page")) }
        })
        .await;
        assert!(result.is_err());
        assert_eq!(calls, 3);
        let mut calls = 0;
        let _ = with_attempts(3, Duration::ZERO, || {
            calls += 1;
            async { Err::<(), _>(oauth_error(OAuthReason::HumanVerification, "captcha")) }
        })
        .await;
        assert_eq!(calls, 1);
    }
}
