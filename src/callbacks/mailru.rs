//! Mail.ru "My World" billing callback: the "service provision" script your server runs
//! when a user pays with `mailru.app.payments.showDialog`.
//!
//! You enter the script's URL in the Billing tab of the application's settings. For each
//! payment Mail.ru sends it an HTTP GET signed like a server-circuit API call (every
//! parameter except `sig`, sorted, `name=value`, then the secret key; no uid prefix). The
//! script delivers the service and answers JSON:
//!
//! | answer | meaning |
//! |---|---|
//! | `{"status":1}` | delivered |
//! | `{"status":2,"error_code":N}` | refused for good (bad parameters, unknown user or service, wrong price) |
//! | `{"status":0,"error_code":N}` | failed for now (server error, unavailable); may be retried |
//!
//! with the codes of [`ErrorCode`] (700–703).
//!
//! What is assumed, because Mail.ru's own parameter table and status semantics are not in
//! any stored copy of its guide: the parameter names come from public handlers that agree
//! with each other; the meaning of `status` 0 and 2 is the one two independent handlers
//! use; the HTTP status is 200 for every answer, the outcome being in the body. A bad
//! signature is answered `{"status":2,"error_code":700}` ("other error", for good): no code
//! is documented for it, and a forged request does not become valid on a retry.
//!
//! [`Verifier`] checks and reads a request, [`success`] / [`error`] build the answers, and
//! [`BillingHandler`] puts them together around your async closure with the duplicate rule
//! of the [module docs](crate::callbacks#repeated-deliveries).

use std::fmt;
use std::future::Future;

use secrecy::{ExposeSecret, SecretString};

use super::cache::{AnswerCache, DEFAULT_CACHE_CAPACITY, Outcome};
use super::{CallbackError, CallbackResponse, Received, verify_query};

/// The content type of every answer.
pub const CONTENT_TYPE: &str = "application/json";

/// The success answer.
pub const SUCCESS_BODY: &str = r#"{"status":1}"#;

/// A billing notification whose signature was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Billing {
    /// Your application's id.
    pub app_id: u64,
    /// The payment transaction, unique per payment.
    pub transaction_id: u64,
    /// The service, as your page passed it to `payments.showDialog` (never 0).
    pub service_id: u64,
    /// The paying user.
    pub uid: String,
    /// The price in mailiki, when the platform sends it.
    pub mailiki_price: Option<u64>,
    /// The price in kopecks, for payments other than by SMS.
    pub other_price: Option<u64>,
    /// The SMS price (1, 3 or 5), for SMS payments only.
    pub sms_price: Option<u64>,
    /// Your income from the payment, in kopecks.
    pub profit: Option<u64>,
    /// True for a test payment (`debug=1`).
    pub debug: bool,
    params: Received,
}

impl Billing {
    fn from_received(params: Received) -> Result<Billing, CallbackError> {
        let required = |name: &'static str| -> Result<u64, CallbackError> {
            params
                .parsed::<u64>(name)?
                .ok_or(CallbackError::MissingParameter(name))
        };
        let uid = params.require("uid")?;
        if uid.is_empty() {
            return Err(CallbackError::InvalidParameter {
                name: "uid",
                value: String::new(),
            });
        }
        Ok(Billing {
            app_id: required("app_id")?,
            transaction_id: required("transaction_id")?,
            service_id: required("service_id")?,
            uid: uid.to_owned(),
            mailiki_price: params.parsed("mailiki_price")?,
            other_price: params.parsed("other_price")?,
            sms_price: params.parsed("sms_price")?,
            profit: params.parsed("profit")?,
            debug: matches!(params.get("debug").map(str::trim), Some("1" | "true")),
            params,
        })
    }

    /// Any parameter as received; `sig` is not kept.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name)
    }

    /// Every parameter as received, in order, without `sig`.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter()
    }
}

/// The error codes of the billing script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// 700: another error.
    Other,
    /// 701: the user was not found.
    UserNotFound,
    /// 702: the service was not found.
    ServiceNotFound,
    /// 703: the price is wrong for this user and service.
    IncorrectPrice,
}

impl ErrorCode {
    /// Every code.
    pub const ALL: [ErrorCode; 4] = [
        ErrorCode::Other,
        ErrorCode::UserNotFound,
        ErrorCode::ServiceNotFound,
        ErrorCode::IncorrectPrice,
    ];

    /// The number sent as `error_code`.
    pub const fn code(self) -> u32 {
        match self {
            ErrorCode::Other => 700,
            ErrorCode::UserNotFound => 701,
            ErrorCode::ServiceNotFound => 702,
            ErrorCode::IncorrectPrice => 703,
        }
    }

    /// What the code means.
    pub const fn description(self) -> &'static str {
        match self {
            ErrorCode::Other => "other error",
            ErrorCode::UserNotFound => "user not found",
            ErrorCode::ServiceNotFound => "service not found",
            ErrorCode::IncorrectPrice => "incorrect price for this user and service",
        }
    }

    /// The code with this number.
    pub fn from_code(code: u32) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.code() == code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.description())
    }
}

/// Your closure's "no" to a payment: a code, and whether it is final or temporary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    code: ErrorCode,
    temporary: bool,
}

impl Refusal {
    /// Refused for good (`status: 2`).
    pub fn permanent(code: ErrorCode) -> Self {
        Refusal {
            code,
            temporary: false,
        }
    }

    /// Failed for now (`status: 0`): a repeat of the same transaction calls the closure
    /// again.
    pub fn temporary(code: ErrorCode) -> Self {
        Refusal {
            code,
            temporary: true,
        }
    }

    /// The code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// True for `status: 0`.
    pub fn is_temporary(&self) -> bool {
        self.temporary
    }

    /// The answer that carries this refusal.
    pub fn response(&self) -> CallbackResponse {
        error(self.code, self.temporary)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.temporary {
            "temporary"
        } else {
            "permanent"
        };
        write!(f, "{kind} error {}", self.code)
    }
}

impl std::error::Error for Refusal {}

/// The success answer, `{"status":1}`.
pub fn success() -> CallbackResponse {
    CallbackResponse::new(CONTENT_TYPE, SUCCESS_BODY.to_owned())
}

/// The error answer: `{"status":0,"error_code":N}` when `temporary`, else `status` 2.
pub fn error(code: ErrorCode, temporary: bool) -> CallbackResponse {
    let status = if temporary { 0 } else { 2 };
    CallbackResponse::new(
        CONTENT_TYPE,
        format!(r#"{{"status":{status},"error_code":{}}}"#, code.code()),
    )
}

/// The answer to a request refused before your code ran: a permanent 700 for a missing,
/// wrong or ambiguous signature and for a request without a payment parameter; a temporary
/// 700 when the verifier has no secret (a server misconfiguration that a fix and a retry
/// can cure).
pub fn rejection(error: &CallbackError) -> CallbackResponse {
    self::error(
        ErrorCode::Other,
        matches!(error, CallbackError::EmptySecret),
    )
}

/// Checks billing requests with the application's secret key.
///
/// Debug does not show the key.
pub struct Verifier {
    secret: SecretString,
}

impl Verifier {
    /// A verifier with the secret key (the one that signs `secure=1` API calls). An empty key
    /// makes it refuse every request ([`CallbackError::EmptySecret`]).
    pub fn new(secret_key: impl Into<String>) -> Self {
        Verifier {
            secret: SecretString::from(secret_key.into()),
        }
    }

    /// Parses the query string (with or without its leading `?`), checks its signature over
    /// every parameter received, and reads the payment.
    pub fn verify(&self, query: &str) -> Result<Billing, CallbackError> {
        let received = verify_query(query, self.secret.expose_secret())?;
        Billing::from_received(received)
    }

    /// The whole exchange without the async machinery or the duplicate cache.
    pub fn answer<F>(&self, query: &str, decide: F) -> CallbackResponse
    where
        F: FnOnce(&Billing) -> Result<(), Refusal>,
    {
        match self.verify(query) {
            Ok(billing) => match decide(&billing) {
                Ok(()) => success(),
                Err(refusal) => refusal.response(),
            },
            Err(error) => rejection(&error),
        }
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("mailru::Verifier")
            .field("secret_key", &"<redacted>")
            .finish()
    }
}

/// A ready billing script around your async closure: it verifies each request, calls the
/// closure once per transaction id, answers repeats as the first time (temporary failures
/// excepted) and builds the JSON.
///
/// Framework-neutral: pass the raw query string to [`handle`](BillingHandler::handle). With
/// the `axum` feature, `into_route` makes it an axum route.
pub struct BillingHandler<F> {
    verifier: Verifier,
    cache: AnswerCache,
    on_payment: F,
}

impl<F, Fut> BillingHandler<F>
where
    F: Fn(Billing) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), Refusal>> + Send,
{
    /// A handler that checks signatures with the secret key and calls `on_payment` for every
    /// valid payment: `Ok(())` delivers, a [`Refusal`] refuses.
    pub fn new(secret_key: impl Into<String>, on_payment: F) -> Self {
        BillingHandler {
            verifier: Verifier::new(secret_key),
            cache: AnswerCache::new(DEFAULT_CACHE_CAPACITY),
            on_payment,
        }
    }

    /// How many transaction ids to remember (default [`DEFAULT_CACHE_CAPACITY`]); `0` turns
    /// the cache off.
    #[must_use]
    pub fn cache_capacity(mut self, capacity: usize) -> Self {
        self.cache = AnswerCache::new(capacity);
        self
    }

    /// Answers one request, given its raw query string.
    pub async fn handle(&self, query: &str) -> CallbackResponse {
        let billing = match self.verifier.verify(query) {
            Ok(billing) => billing,
            Err(error) => return rejection(&error),
        };
        let key = billing.transaction_id.to_string();
        self.cache
            .answer(&key, || async move {
                match (self.on_payment)(billing).await {
                    Ok(()) => Outcome::Final(success()),
                    Err(refusal) if refusal.temporary => Outcome::Retry(refusal.response()),
                    Err(refusal) => Outcome::Final(refusal.response()),
                }
            })
            .await
    }

    /// An axum `GET` route that answers with this handler.
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

impl<F> fmt::Debug for BillingHandler<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("mailru::BillingHandler")
            .field("verifier", &self.verifier)
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    fn signed(pairs: &[(&str, &str)]) -> String {
        let mut sorted = pairs.to_vec();
        sorted.sort();
        let text: String = sorted.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let sig = crate::signing::md5_hex(&[text.as_bytes(), SECRET.as_bytes()]);
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            query.append_pair(k, v);
        }
        query.append_pair("sig", sig.as_str());
        query.finish()
    }

    const PAYMENT: &[(&str, &str)] = &[
        ("app_id", "700001"),
        ("transaction_id", "912345"),
        ("service_id", "7"),
        ("uid", "6150000000000000001"),
        ("mailiki_price", "30"),
        ("other_price", "3000"),
        ("profit", "1500"),
        ("debug", "1"),
    ];

    #[test]
    fn a_signed_payment_is_read_into_typed_fields() {
        let billing = Verifier::new(SECRET).verify(&signed(PAYMENT)).unwrap();
        assert_eq!(billing.app_id, 700001);
        assert_eq!(billing.transaction_id, 912345);
        assert_eq!(billing.service_id, 7);
        assert_eq!(billing.uid, "6150000000000000001");
        assert_eq!(billing.mailiki_price, Some(30));
        assert_eq!(billing.other_price, Some(3000));
        assert_eq!(billing.sms_price, None);
        assert_eq!(billing.profit, Some(1500));
        assert!(billing.debug);
        assert_eq!(billing.param("service_id"), Some("7"));
    }

    #[test]
    fn missing_and_malformed_parameters_are_refused() {
        let without: Vec<_> = PAYMENT
            .iter()
            .copied()
            .filter(|p| p.0 != "service_id")
            .collect();
        assert_eq!(
            Verifier::new(SECRET).verify(&signed(&without)).unwrap_err(),
            CallbackError::MissingParameter("service_id")
        );
        let mut bad = PAYMENT.to_vec();
        bad[4] = ("mailiki_price", "-3");
        assert!(matches!(
            Verifier::new(SECRET).verify(&signed(&bad)).unwrap_err(),
            CallbackError::InvalidParameter {
                name: "mailiki_price",
                ..
            }
        ));
    }

    #[test]
    fn answers_are_the_documented_json() {
        assert_eq!(success().body(), r#"{"status":1}"#);
        assert_eq!(success().header("Content-Type"), Some("application/json"));
        for code in ErrorCode::ALL {
            let permanent = Refusal::permanent(code).response();
            assert_eq!(
                permanent.body(),
                format!(r#"{{"status":2,"error_code":{}}}"#, code.code())
            );
            let temporary = Refusal::temporary(code).response();
            assert_eq!(
                temporary.body(),
                format!(r#"{{"status":0,"error_code":{}}}"#, code.code())
            );
            assert_eq!(permanent.status(), 200);
            assert_eq!(ErrorCode::from_code(code.code()), Some(code));
        }
    }

    #[test]
    fn a_bad_signature_is_a_permanent_700() {
        let query = signed(PAYMENT).replace("mailiki_price=30", "mailiki_price=1");
        let answer = Verifier::new(SECRET).answer(&query, |_| Ok(()));
        assert_eq!(answer.body(), r#"{"status":2,"error_code":700}"#);
        let answer = Verifier::new("").answer(&signed(PAYMENT), |_| Ok(()));
        assert_eq!(answer.body(), r#"{"status":0,"error_code":700}"#);
    }

    #[test]
    fn debug_hides_the_secret() {
        let handler = BillingHandler::new(SECRET, |_| async { Ok(()) });
        assert!(!format!("{handler:?}").contains(SECRET));
    }
}
