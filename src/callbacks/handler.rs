//! What both platforms' payment callbacks share: a verifier (parse the query, check its
//! signature over every parameter, read the typed notice) and a handler around the
//! application's async closure that calls it once per transaction and answers repeats as
//! the first time. What differs (the notice's fields, the answers' format, which refusals
//! are temporary) is each platform's [`CallbackDialect`].

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;

use secrecy::{ExposeSecret, SecretString};

use super::cache::{AnswerCache, DEFAULT_CACHE_CAPACITY, Outcome};
use super::{CallbackError, CallbackResponse, Received, verify_query};

/// The platform part of a payment callback: OK's `callbacks.payment`
/// ([`super::ok::OkPayments`]) or mail.ru's billing ([`super::mailru::MailRuBilling`]).
/// Sealed: the platforms' rules are the SDK's to keep.
pub trait CallbackDialect: sealed::Sealed + Send + Sync + 'static {
    /// The typed notification (a payment).
    type Notice: Send + 'static;
    /// The application's refusal of a notification.
    type Refusal: Send + 'static;
    /// The name in `Debug` output, such as `ok::Verifier`.
    const NAME: &'static str;

    /// Reads the notification from the verified parameters.
    fn read(received: Received) -> Result<Self::Notice, CallbackError>;
    /// The transaction id that recognises a repeat; `None` when there is none (OK
    /// subscription events), and then every delivery calls the closure.
    fn transaction_id(notice: &Self::Notice) -> Option<String>;
    /// The success answer.
    fn success() -> CallbackResponse;
    /// The answer to a refusal.
    fn refused(refusal: &Self::Refusal) -> CallbackResponse;
    /// Whether a refusal asks the platform to try again later (not remembered).
    fn is_temporary(refusal: &Self::Refusal) -> bool;
    /// The answer to a request that could not be verified or read.
    fn rejection(error: &CallbackError) -> CallbackResponse;
}

/// Checks callback requests with the application's secret; `Debug` does not show it.
pub struct Verifier<D> {
    secret: SecretString,
    dialect: PhantomData<fn() -> D>,
}

impl<D: CallbackDialect> Verifier<D> {
    /// A verifier with the key that signs the platform's callbacks (OK: the application
    /// secret key; mail.ru: the secret key). An empty key makes it refuse every request
    /// ([`CallbackError::EmptySecret`]).
    pub fn new(secret: impl Into<String>) -> Self {
        Verifier {
            secret: SecretString::from(secret.into()),
            dialect: PhantomData,
        }
    }

    /// Parses the query string (with or without its leading `?`), checks its signature over
    /// every parameter received, and reads the notification.
    pub fn verify(&self, query: &str) -> Result<D::Notice, CallbackError> {
        D::read(verify_query(query, self.secret.expose_secret())?)
    }

    /// The whole exchange without the async machinery or the duplicate cache: verifies,
    /// lets `decide` accept or refuse, and builds the answer.
    pub fn answer<F>(&self, query: &str, decide: F) -> CallbackResponse
    where
        F: FnOnce(&D::Notice) -> Result<(), D::Refusal>,
    {
        match self.verify(query) {
            Ok(notice) => match decide(&notice) {
                Ok(()) => D::success(),
                Err(refusal) => D::refused(&refusal),
            },
            Err(error) => D::rejection(&error),
        }
    }
}

impl<D: CallbackDialect> fmt::Debug for Verifier<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(D::NAME)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// A ready callback endpoint around your async closure: it verifies each request, calls
/// the closure once per transaction id, answers repeats as the first time (temporary
/// refusals excepted; see the [module docs](crate::callbacks#repeated-deliveries)) and
/// builds the platform's answer.
///
/// Framework-neutral: pass the raw query string to [`handle`](Handler::handle) and send back
/// the [`CallbackResponse`]. With the `axum` feature, `into_route` makes it an axum route.
pub struct Handler<D, F> {
    verifier: Verifier<D>,
    cache: AnswerCache,
    on_notice: F,
}

impl<D, F, Fut> Handler<D, F>
where
    D: CallbackDialect,
    F: Fn(D::Notice) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), D::Refusal>> + Send,
{
    /// A handler that checks signatures with `secret` and calls `on_notice` for every valid
    /// notification: `Ok(())` delivers, a refusal refuses.
    pub fn new(secret: impl Into<String>, on_notice: F) -> Self {
        Handler {
            verifier: Verifier::new(secret),
            cache: AnswerCache::new(DEFAULT_CACHE_CAPACITY),
            on_notice,
        }
    }

    /// How many transaction ids to remember (default [`DEFAULT_CACHE_CAPACITY`]); `0` turns
    /// the cache off, so that every delivery calls the closure.
    #[must_use]
    pub fn cache_capacity(mut self, capacity: usize) -> Self {
        self.cache = AnswerCache::new(capacity);
        self
    }

    /// Answers one request, given its raw query string.
    pub async fn handle(&self, query: &str) -> CallbackResponse {
        let notice = match self.verifier.verify(query) {
            Ok(notice) => notice,
            Err(error) => return D::rejection(&error),
        };
        let id = D::transaction_id(&notice);
        let run = || async move {
            match (self.on_notice)(notice).await {
                Ok(()) => Outcome::Final(D::success()),
                Err(refusal) if D::is_temporary(&refusal) => Outcome::Retry(D::refused(&refusal)),
                Err(refusal) => Outcome::Final(D::refused(&refusal)),
            }
        };
        match id {
            Some(id) => self.cache.answer(&id, run).await,
            None => match run().await {
                Outcome::Final(answer) | Outcome::Retry(answer) => answer,
            },
        }
    }

    /// An axum `GET` route that answers with this handler; mount it at the path of your
    /// callback URL: `Router::new().route("/ok/payment", handler.into_route())`.
    #[cfg(feature = "axum")]
    pub fn into_route<S>(self) -> axum::routing::MethodRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let handler = std::sync::Arc::new(self);
        axum::routing::get(
            move |axum::extract::RawQuery(query): axum::extract::RawQuery| {
                let handler = std::sync::Arc::clone(&handler);
                async move { handler.handle(query.as_deref().unwrap_or_default()).await }
            },
        )
    }
}

impl<D: CallbackDialect, F> fmt::Debug for Handler<D, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handler")
            .field("verifier", &self.verifier)
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

pub(super) mod sealed {
    /// Only the platforms of this crate implement [`super::CallbackDialect`].
    pub trait Sealed {}
}
