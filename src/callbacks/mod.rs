//! Payment callbacks: the requests OK and Mail.ru send to **your** server when a user pays.
//!
//! Everything else in okru calls the platforms; here the platform calls you. When a user
//! buys something in your application, the platform sends an HTTP GET to the callback URL
//! you entered in the application's settings, and the purchase only goes through if your
//! server answers it correctly:
//!
//! | platform | module | request | answer |
//! |---|---|---|---|
//! | OK | [`ok`] | `callbacks.payment` | XML, with the `Invocation-error` header on errors |
//! | Mail.ru "My World" | [`mailru`] | the billing ("service provision") script | JSON `{"status": …}` |
//!
//! Each module has three levels; use the one that fits your server:
//!
//! 1. A `Verifier` that parses the query string, checks its `sig` and returns the typed
//!    notification, plus the functions that build every documented answer. Framework-neutral:
//!    a query string in, a [`CallbackResponse`] (status, headers, body) out.
//! 2. A handler (`ok::PaymentHandler`, `mailru::BillingHandler`) that does all of it around
//!    your async closure and answers repeated deliveries from a cache (below). Still
//!    framework-neutral: `handler.handle(query).await` gives the response.
//! 3. With the `axum` feature, the handler becomes an axum route in one line.
//!
//! ```no_run
//! # #[cfg(feature = "axum")]
//! # async fn demo() -> std::io::Result<()> {
//! use okru::callbacks::ok::{PaymentHandler, Refusal};
//!
//! let handler = PaymentHandler::new("application-secret-key", |payment| async move {
//!     // Check the product and its price against your own catalogue, then deliver it.
//!     match (payment.product_code.as_deref(), payment.amount) {
//!         (Some("gold-100"), 10) => Ok(()),
//!         _ => Err(Refusal::invalid_payment("unknown product or wrong price")),
//!     }
//! });
//! let app: axum::Router = axum::Router::new().route("/ok/payment", handler.into_route());
//! # let _ = app; Ok(()) }
//! ```
//!
//! ## The signature
//!
//! Both platforms sign a callback the way they sign API calls: every parameter received
//! except `sig`, sorted by name and written `name=value` with no separator, then the secret
//! (OK: the application secret key; Mail.ru: the secret key), MD5, lowercase hex. What is
//! signed is the query **as received**, not a fixed list of documented names: OK is known
//! to add `method` and `application_key`, and a verifier that signed only the names it knows
//! would refuse every real payment. The comparison runs in constant time. A parameter that
//! appears twice is refused, because no one can tell which of its values was signed.
//!
//! ## Repeated deliveries
//!
//! The platforms repeat a callback when they do not get an answer in time (OK: up to three
//! times, five seconds apart), and OK's rule is that a repeated `transaction_id` must not be
//! processed again but **answered the same as the first time**. The handlers keep the answer
//! of each transaction id in a cache and call your closure once per id: a repeat, even one
//! that arrives while the first delivery is still being processed, waits for and gets the
//! first answer.
//!
//! The cache is bounded: it keeps the answers of the last [`DEFAULT_CACHE_CAPACITY`]
//! transaction ids (change it with `cache_capacity`) and forgets the oldest first. It covers
//! the platform's retries, which come within seconds; it is not a ledger. Your closure must
//! still record what it delivered (a unique key on the transaction id in your database), so
//! that a repeat that comes after the cache forgot the id, or after a restart, is delivered
//! once.
//!
//! Two kinds of answer are not cached, so that a repeat calls the closure again: answers
//! that say "try again later" (OK's `SERVICE` code; Mail.ru's `status: 0`), because by their
//! meaning a later attempt may succeed, and OK subscription events, whose `transaction_id`
//! is empty and so cannot tell one delivery from another. Requests refused before your
//! closure runs (a bad signature, a missing parameter) are not cached either.

pub mod mailru;
pub mod ok;

mod cache;

use std::fmt;

use subtle::ConstantTimeEq;

pub use cache::DEFAULT_CACHE_CAPACITY;

/// The answer to give the platform: an HTTP status, headers and a body, for any web
/// framework to send.
///
/// `Content-Type` is among [`headers`](CallbackResponse::headers). With the `axum` feature it
/// implements `axum::response::IntoResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackResponse {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

impl CallbackResponse {
    fn new(content_type: &'static str, body: String) -> Self {
        CallbackResponse {
            status: 200,
            headers: vec![("Content-Type", content_type.to_owned())],
            body,
        }
    }

    fn with_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The HTTP status. Both platforms expect 200 for every answer, errors included: the
    /// outcome is in the body (and, on OK, in the `Invocation-error` header).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header to send, `Content-Type` first.
    pub fn headers(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    /// The value of the header `name` (compared without regard to case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body.
    pub fn body(&self) -> &str {
        &self.body
    }
}

#[cfg(feature = "axum")]
impl axum::response::IntoResponse for CallbackResponse {
    fn into_response(self) -> axum::response::Response {
        let mut response = axum::response::Response::new(axum::body::Body::from(self.body));
        *response.status_mut() = axum::http::StatusCode::from_u16(self.status)
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        for (name, value) in self.headers {
            // Every name and value is built in this module from ASCII text, so nothing is
            // skipped; `from_bytes` also lowers the names' case, as HTTP/2 requires.
            if let (Ok(name), Ok(value)) = (
                axum::http::HeaderName::from_bytes(name.as_bytes()),
                axum::http::HeaderValue::from_str(&value),
            ) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }
}

/// Why a callback request was refused before your code saw it.
///
/// Each platform module turns it into the answer its platform documents (OK:
/// [`ok::rejection`]; Mail.ru: [`mailru::rejection`]). No variant carries a secret or a
/// signature.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackError {
    /// The verifier was built with an empty secret: it would accept signatures anyone can
    /// compute, so it refuses every request instead.
    EmptySecret,
    /// The request has no `sig`.
    MissingSignature,
    /// `sig` does not match the parameters and the secret.
    BadSignature,
    /// A parameter appears more than once, so the signed text is ambiguous.
    RepeatedParameter(String),
    /// A signed request lacks a parameter the platform documents as always sent.
    MissingParameter(&'static str),
    /// A parameter has a value of the wrong form (a price that is not a number ...).
    InvalidParameter {
        /// The parameter.
        name: &'static str,
        /// The value received (payment parameters carry no secrets).
        value: String,
    },
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallbackError::EmptySecret => {
                f.write_str("the callback verifier has an empty secret and refuses everything")
            }
            CallbackError::MissingSignature => f.write_str("the request has no signature (sig)"),
            CallbackError::BadSignature => f.write_str("the request signature (sig) is wrong"),
            CallbackError::RepeatedParameter(name) => {
                write!(f, "the parameter `{name}` appears more than once")
            }
            CallbackError::MissingParameter(name) => {
                write!(f, "the parameter `{name}` is missing")
            }
            CallbackError::InvalidParameter { name, value } => {
                write!(f, "the parameter `{name}` has an invalid value {value:?}")
            }
        }
    }
}

impl std::error::Error for CallbackError {}

/// The parameters of a callback query, in the order received, without `sig`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Received {
    params: Vec<(String, String)>,
}

impl Received {
    /// The value of `name`, if it was sent.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of `name`, refusing its absence.
    pub(crate) fn require(&self, name: &'static str) -> Result<&str, CallbackError> {
        self.get(name).ok_or(CallbackError::MissingParameter(name))
    }

    /// The value of `name` parsed as `T`; absent is `None`, unparseable is an error.
    pub(crate) fn parsed<T: std::str::FromStr>(
        &self,
        name: &'static str,
    ) -> Result<Option<T>, CallbackError> {
        self.get(name)
            .map(|value| {
                value
                    .trim()
                    .parse()
                    .map_err(|_| CallbackError::InvalidParameter {
                        name,
                        value: value.to_owned(),
                    })
            })
            .transpose()
    }

    /// Every parameter, in the order received.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Parses `query` (a query string, with or without its leading `?`) and checks its `sig`
/// against `secret`: the one rule both platforms share.
pub(crate) fn verify_query(query: &str, secret: &str) -> Result<Received, CallbackError> {
    if secret.is_empty() {
        return Err(CallbackError::EmptySecret);
    }
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    params.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    if let Some(pair) = params.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        return Err(CallbackError::RepeatedParameter(pair[0].0.clone()));
    }
    let position = params
        .iter()
        .position(|(k, _)| k == "sig")
        .ok_or(CallbackError::MissingSignature)?;
    let (_, received) = params.remove(position);
    let expected = expected_signature(&params, secret);
    // Hex digits in either case are the same signature; lowering a received, public value
    // leaks nothing.
    let received = received.trim().to_ascii_lowercase();
    if bool::from(expected.as_bytes().ct_eq(received.as_bytes())) {
        Ok(Received { params })
    } else {
        Err(CallbackError::BadSignature)
    }
}

/// `md5(sorted "name=value"... + secret)` over `sorted` (already sorted by name, `sig`
/// removed), as lowercase hex: the signature base both platforms use for their callbacks.
pub(crate) fn expected_signature(sorted: &[(String, String)], secret: &str) -> String {
    crate::signing::signature(
        "",
        sorted.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        secret,
    )
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed_query(pairs: &[(&str, &str)], secret: &str) -> String {
        let mut sorted: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        sorted.sort();
        let sig = crate::signing::md5_hex(&[
            sorted
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<String>()
                .as_bytes(),
            secret.as_bytes(),
        ]);
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            query.append_pair(k, v);
        }
        query.append_pair("sig", sig.as_str());
        query.finish()
    }

    #[test]
    fn a_correct_signature_over_every_parameter_is_accepted() {
        let query = signed_query(&[("b", "2"), ("a", "один"), ("zz", "")], "s3cret");
        let received = verify_query(&query, "s3cret").unwrap();
        assert_eq!(received.get("a"), Some("один"));
        assert_eq!(received.get("zz"), Some(""));
        assert_eq!(received.get("sig"), None);
        // A leading `?` is allowed.
        assert!(verify_query(&format!("?{query}"), "s3cret").is_ok());
    }

    #[test]
    fn any_change_breaks_the_signature() {
        let query = signed_query(&[("a", "1"), ("b", "2")], "s3cret");
        assert_eq!(
            verify_query(&query, "other").unwrap_err(),
            CallbackError::BadSignature
        );
        let extra = format!("{query}&c=3");
        assert_eq!(
            verify_query(&extra, "s3cret").unwrap_err(),
            CallbackError::BadSignature
        );
        let changed = query.replace("a=1", "a=2");
        assert_eq!(
            verify_query(&changed, "s3cret").unwrap_err(),
            CallbackError::BadSignature
        );
    }

    #[test]
    fn uppercase_hex_is_the_same_signature() {
        let query = signed_query(&[("a", "1")], "s3cret");
        let (head, sig) = query.split_once("sig=").unwrap();
        let upper = format!("{head}sig={}", sig.to_ascii_uppercase());
        assert!(verify_query(&upper, "s3cret").is_ok());
    }

    #[test]
    fn missing_signature_repeated_names_and_empty_secret_are_refused() {
        assert_eq!(
            verify_query("a=1", "s").unwrap_err(),
            CallbackError::MissingSignature
        );
        let query = signed_query(&[("a", "1")], "s");
        assert_eq!(
            verify_query(&format!("{query}&a=1"), "s").unwrap_err(),
            CallbackError::RepeatedParameter("a".into())
        );
        assert_eq!(
            verify_query(&query, "").unwrap_err(),
            CallbackError::EmptySecret
        );
    }

    #[test]
    fn errors_never_show_the_signature() {
        let query = signed_query(&[("a", "1")], "s");
        let sig = query.split_once("sig=").unwrap().1;
        let error = verify_query(&query, "t").unwrap_err();
        assert!(!format!("{error} {error:?}").contains(sig));
    }
}
