//! OK's `callbacks.payment`: the request OK sends to your server for every in-game purchase
//! and subscription event.
//!
//! OK sends an HTTP GET to the callback URL of the application's settings, signed with the
//! application secret key. Your server checks the signature, checks the product and its
//! price against its own catalogue (OK only relays what the game's page asked for, so a
//! player can forge a cheap price for an expensive product), delivers, and answers:
//!
//! - success: `200`, `Content-Type: application/xml`, the body of [`SUCCESS_BODY`];
//! - an error: `200`, `Content-Type: application/xml`, the header `Invocation-error: <code>`
//!   and an `error_response` body whose code is one of [`ErrorCode`]. OK's own sample warns
//!   that without the header the platform may misread the answer.
//!
//! If the answer does not come, OK repeats the request (up to three times, five seconds
//! apart) and then cancels the payment, so the player is not charged.
//!
//! [`Verifier`] does the checking and [`success`] / [`error`] build the answers;
//! [`PaymentHandler`] puts them together around your async closure, with the duplicate rule
//! of the [module docs](crate::callbacks#repeated-deliveries).
//!
//! What is assumed: the newer method page says OK also accepts JSON answers, but no stored
//! source shows their shape, so only the documented XML is built. Requests come from
//! `217.20.145.192/28`, `217.20.151.160/28` and `217.20.153.48/28`; checking the address
//! is left to your server or proxy, because behind a proxy only it knows the real one.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::str::FromStr;

use secrecy::{ExposeSecret, SecretString};

use super::cache::{AnswerCache, DEFAULT_CACHE_CAPACITY, Outcome};
use super::{CallbackError, CallbackResponse, Received, verify_query};

/// The success answer, exactly as OK documents it.
pub const SUCCESS_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8"?><callbacks_payment_response xmlns="http://api.forticom.com/1.0/">true</callbacks_payment_response>"#;

/// The content type of every answer.
pub const CONTENT_TYPE: &str = "application/xml";

/// The header that carries the error code of an error answer, spelt as the method page
/// spells it (header names are case-insensitive).
pub const INVOCATION_ERROR_HEADER: &str = "Invocation-error";

/// A payment notification whose signature was checked.
///
/// Fields that decide a purchase (`uid`, `amount`) are checked strictly: a signed request
/// without them is refused. Descriptive fields are read leniently: a value in an unexpected
/// form becomes `None` rather than losing a real payment, and the text as received is always
/// available from [`param`](Payment::param).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Payment {
    /// The paying user.
    pub uid: String,
    /// The transaction id, unique per payment. `None` when OK sent it empty, which it does
    /// for some subscription events (the start of a trial, a cancellation).
    pub transaction_id: Option<String>,
    /// When the transaction happened, as OK writes it; `None` when absent or not in the
    /// documented `yyyy-mm-dd HH:MM:SS` form.
    pub transaction_time: Option<TransactionTime>,
    /// The product code your page passed to `FAPI.UI.showPayment`.
    pub product_code: Option<String>,
    /// The product option code.
    pub product_option: Option<String>,
    /// The amount paid, in [`currency`](Payment::currency) (OKs when that is `None`).
    pub amount: i64,
    /// The currency; absent when the product was paid in OKs.
    pub currency: Option<String>,
    /// The payment system, for payments in roubles.
    pub payment_system: Option<String>,
    /// The JSON your page passed to `FAPI.UI.showPayment` as attributes, as received; see
    /// [`extra_attributes_json`](Payment::extra_attributes_json).
    pub extra_attributes: Option<String>,
    /// The trial period of a subscription, in days.
    pub trial_days: Option<i64>,
    /// `card_promo` (listed by OK, not described).
    pub card_promo: Option<bool>,
    params: Received,
}

impl Payment {
    fn from_received(params: Received) -> Result<Payment, CallbackError> {
        let text = |name: &str| params.get(name).map(str::to_owned);
        let lenient_bool = |name: &str| match params.get(name)?.trim() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        };
        let uid = params.require("uid")?;
        if uid.is_empty() {
            return Err(CallbackError::InvalidParameter {
                name: "uid",
                value: String::new(),
            });
        }
        let amount = params
            .parsed::<i64>("amount")?
            .ok_or(CallbackError::MissingParameter("amount"))?;
        Ok(Payment {
            uid: uid.to_owned(),
            transaction_id: params
                .get("transaction_id")
                .filter(|id| !id.is_empty())
                .map(str::to_owned),
            transaction_time: params.get("transaction_time").and_then(|t| t.parse().ok()),
            product_code: text("product_code"),
            product_option: text("product_option"),
            amount,
            currency: text("currency").filter(|c| !c.is_empty()),
            payment_system: text("payment_system"),
            extra_attributes: text("extra_attributes"),
            trial_days: params.get("trial_days").and_then(|d| d.trim().parse().ok()),
            card_promo: lenient_bool("card_promo"),
            params,
        })
    }

    /// True when the payment was made in OKs (no currency was sent).
    pub fn is_in_oks(&self) -> bool {
        self.currency.is_none()
    }

    /// True for a subscription event without a transaction (empty `transaction_id`).
    pub fn is_subscription_event(&self) -> bool {
        self.transaction_id.is_none()
    }

    /// [`extra_attributes`](Payment::extra_attributes) parsed as JSON; `None` when absent.
    pub fn extra_attributes_json(&self) -> Option<serde_json::Result<serde_json::Value>> {
        self.extra_attributes
            .as_deref()
            .map(serde_json::from_str::<serde_json::Value>)
    }

    /// Any parameter as received (for example `method` or `application_key`, which OK is
    /// seen to send, or one added after this SDK was written); `sig` is not kept.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name)
    }

    /// Every parameter as received, in order, without `sig`.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter()
    }
}

/// A date and time in OK's `yyyy-mm-dd HH:MM:SS` form. OK does not say which time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TransactionTime {
    /// Year.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
    /// Hour, 0 to 23.
    pub hour: u8,
    /// Minute, 0 to 59.
    pub minute: u8,
    /// Second, 0 to 60 (a leap second).
    pub second: u8,
}

/// The text is not a `yyyy-mm-dd HH:MM:SS` date and time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionTimeError;

impl fmt::Display for TransactionTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a date and time written yyyy-mm-dd HH:MM:SS")
    }
}

impl std::error::Error for TransactionTimeError {}

impl FromStr for TransactionTime {
    type Err = TransactionTimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bytes = text.trim().as_bytes();
        // Fixed positions: yyyy-mm-dd HH:MM:SS
        if bytes.len() != 19
            || bytes[4] != b'-'
            || bytes[7] != b'-'
            || bytes[10] != b' '
            || bytes[13] != b':'
            || bytes[16] != b':'
        {
            return Err(TransactionTimeError);
        }
        let number = |range: std::ops::Range<usize>| -> Result<u16, TransactionTimeError> {
            let digits = &bytes[range];
            if !digits.iter().all(u8::is_ascii_digit) {
                return Err(TransactionTimeError);
            }
            Ok(digits
                .iter()
                .fold(0_u16, |n, d| n * 10 + u16::from(d - b'0')))
        };
        let small = |range| number(range).map(|n| n as u8);
        let time = TransactionTime {
            year: number(0..4)?,
            month: small(5..7)?,
            day: small(8..10)?,
            hour: small(11..13)?,
            minute: small(14..16)?,
            second: small(17..19)?,
        };
        let valid = (1..=12).contains(&time.month)
            && (1..=31).contains(&time.day)
            && time.hour < 24
            && time.minute < 60
            && time.second <= 60;
        if valid {
            Ok(time)
        } else {
            Err(TransactionTimeError)
        }
    }
}

impl fmt::Display for TransactionTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// The error codes `callbacks.payment` may answer: the five the method page lists.
///
/// OK's own PHP sample answers 3 for an invalid payment, which the page does not list; this
/// SDK follows the page (1001). Other codes seen in third-party handlers are not offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// 1 `UNKNOWN`: an unknown error.
    Unknown,
    /// 2 `SERVICE`: the service is temporarily unavailable (a repeat may succeed, so it is
    /// never cached).
    Service,
    /// 1001 `CALLBACK_INVALID_PAYMENT`: the payment is invalid and cannot be processed
    /// (unknown product, wrong price, unknown user).
    CallbackInvalidPayment,
    /// 9999 `SYSTEM`: a critical system error.
    System,
    /// 104 `PARAM_SIGNATURE`: the request signature is invalid.
    ParamSignature,
}

impl ErrorCode {
    /// Every documented code.
    pub const ALL: [ErrorCode; 5] = [
        ErrorCode::Unknown,
        ErrorCode::Service,
        ErrorCode::CallbackInvalidPayment,
        ErrorCode::System,
        ErrorCode::ParamSignature,
    ];

    /// The number, as sent in `error_code` and the header.
    pub const fn code(self) -> u32 {
        match self {
            ErrorCode::Unknown => 1,
            ErrorCode::Service => 2,
            ErrorCode::CallbackInvalidPayment => 1001,
            ErrorCode::System => 9999,
            ErrorCode::ParamSignature => 104,
        }
    }

    /// The symbolic name, which starts `error_msg`.
    pub const fn name(self) -> &'static str {
        match self {
            ErrorCode::Unknown => "UNKNOWN",
            ErrorCode::Service => "SERVICE",
            ErrorCode::CallbackInvalidPayment => "CALLBACK_INVALID_PAYMENT",
            ErrorCode::System => "SYSTEM",
            ErrorCode::ParamSignature => "PARAM_SIGNATURE",
        }
    }

    /// The code's meaning, used as the message when none is given.
    pub const fn description(self) -> &'static str {
        match self {
            ErrorCode::Unknown => "Unknown error",
            ErrorCode::Service => "Service is temporarily unavailable",
            ErrorCode::CallbackInvalidPayment => "Payment is invalid and can not be processed",
            ErrorCode::System => "Critical system error",
            ErrorCode::ParamSignature => "Invalid request signature",
        }
    }

    /// The code with this number, if it is one of the documented five.
    pub fn from_code(code: u32) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.code() == code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.name())
    }
}

/// Your closure's "no" to a payment: an [`ErrorCode`] and a message for OK.
///
/// The message goes to OK in `error_msg` after the code's name (`CALLBACK_INVALID_PAYMENT :
/// unknown product`); keep it free of anything private.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    code: ErrorCode,
    message: Cow<'static, str>,
}

impl Refusal {
    /// A refusal with `code` and `message` (the code's description when empty).
    pub fn new(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Refusal {
            code,
            message: message.into(),
        }
    }

    /// 1001 `CALLBACK_INVALID_PAYMENT`: unknown product, wrong price, unknown user.
    pub fn invalid_payment(message: impl Into<Cow<'static, str>>) -> Self {
        Refusal::new(ErrorCode::CallbackInvalidPayment, message)
    }

    /// 2 `SERVICE`: cannot process now (database down ...); a repeat calls the closure again.
    pub fn service_unavailable(message: impl Into<Cow<'static, str>>) -> Self {
        Refusal::new(ErrorCode::Service, message)
    }

    /// 1 `UNKNOWN`.
    pub fn unknown(message: impl Into<Cow<'static, str>>) -> Self {
        Refusal::new(ErrorCode::Unknown, message)
    }

    /// 9999 `SYSTEM`.
    pub fn system(message: impl Into<Cow<'static, str>>) -> Self {
        Refusal::new(ErrorCode::System, message)
    }

    /// The code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The answer that carries this refusal.
    pub fn response(&self) -> CallbackResponse {
        error(self.code, &self.message)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} : {}", self.code.name(), self.message)
    }
}

impl std::error::Error for Refusal {}

/// The success answer ([`SUCCESS_BODY`]).
pub fn success() -> CallbackResponse {
    CallbackResponse::new(CONTENT_TYPE, SUCCESS_BODY.to_owned())
}

/// The error answer for `code`: the `error_response` body, with `error_msg` written `NAME :
/// message` (the code's description when `message` is empty), and the `Invocation-error`
/// header.
pub fn error(code: ErrorCode, message: &str) -> CallbackResponse {
    let message = if message.trim().is_empty() {
        code.description()
    } else {
        message
    };
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ns2:error_response xmlns:ns2='http://api.forticom.com/1.0/'><error_code>{}</error_code><error_msg>{} : {}</error_msg></ns2:error_response>",
        code.code(),
        code.name(),
        xml_escape(message),
    );
    CallbackResponse::new(CONTENT_TYPE, body)
        .with_header(INVOCATION_ERROR_HEADER, code.code().to_string())
}

/// The answer to a request refused before your code ran: 104 `PARAM_SIGNATURE` for a
/// missing, wrong or ambiguous signature, 1001 `CALLBACK_INVALID_PAYMENT` for a signed
/// request that lacks a payment parameter, 9999 `SYSTEM` when the verifier has no secret.
pub fn rejection(error: &CallbackError) -> CallbackResponse {
    let code = match error {
        CallbackError::MissingSignature
        | CallbackError::BadSignature
        | CallbackError::RepeatedParameter(_) => ErrorCode::ParamSignature,
        CallbackError::MissingParameter(_) | CallbackError::InvalidParameter { .. } => {
            ErrorCode::CallbackInvalidPayment
        }
        CallbackError::EmptySecret => ErrorCode::System,
    };
    // The error texts name parameters, never values that could be secret.
    self::error(code, &error.to_string())
}

fn xml_escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Checks `callbacks.payment` requests with the application secret key.
///
/// Debug does not show the key.
pub struct Verifier {
    secret: SecretString,
}

impl Verifier {
    /// A verifier with the application secret key (the one that signs server-circuit calls).
    /// An empty key makes it refuse every request ([`CallbackError::EmptySecret`]).
    pub fn new(application_secret_key: impl Into<String>) -> Self {
        Verifier {
            secret: SecretString::from(application_secret_key.into()),
        }
    }

    /// Parses the query string OK sent (with or without its leading `?`), checks its
    /// signature over every parameter received, and reads the payment.
    pub fn verify(&self, query: &str) -> Result<Payment, CallbackError> {
        let received = verify_query(query, self.secret.expose_secret())?;
        Payment::from_received(received)
    }

    /// The whole exchange without the async machinery or the duplicate cache: verifies,
    /// lets `decide` accept or refuse the payment, and builds the answer.
    pub fn answer<F>(&self, query: &str, decide: F) -> CallbackResponse
    where
        F: FnOnce(&Payment) -> Result<(), Refusal>,
    {
        match self.verify(query) {
            Ok(payment) => match decide(&payment) {
                Ok(()) => success(),
                Err(refusal) => refusal.response(),
            },
            Err(error) => rejection(&error),
        }
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ok::Verifier")
            .field("application_secret_key", &"<redacted>")
            .finish()
    }
}

/// A ready `callbacks.payment` endpoint around your async closure: it verifies each
/// request, calls the closure once per transaction id, answers repeats as the first time
/// (see the [module docs](crate::callbacks#repeated-deliveries)) and builds the XML.
///
/// Framework-neutral: pass the raw query string to [`handle`](PaymentHandler::handle) and
/// send back the [`CallbackResponse`]. With the `axum` feature,
/// `into_route` makes it an axum route.
pub struct PaymentHandler<F> {
    verifier: Verifier,
    cache: AnswerCache,
    on_payment: F,
}

impl<F, Fut> PaymentHandler<F>
where
    F: Fn(Payment) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), Refusal>> + Send,
{
    /// A handler that checks signatures with the application secret key and calls
    /// `on_payment` for every valid payment: `Ok(())` delivers, a [`Refusal`] refuses.
    pub fn new(application_secret_key: impl Into<String>, on_payment: F) -> Self {
        PaymentHandler {
            verifier: Verifier::new(application_secret_key),
            cache: AnswerCache::new(DEFAULT_CACHE_CAPACITY),
            on_payment,
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
        let payment = match self.verifier.verify(query) {
            Ok(payment) => payment,
            Err(error) => return rejection(&error),
        };
        let run = |payment: Payment| async move {
            match (self.on_payment)(payment).await {
                Ok(()) => Outcome::Final(success()),
                Err(refusal) if refusal.code == ErrorCode::Service => {
                    Outcome::Retry(refusal.response())
                }
                Err(refusal) => Outcome::Final(refusal.response()),
            }
        };
        match payment.transaction_id.clone() {
            Some(id) => self.cache.answer(&id, || run(payment)).await,
            // Subscription events have no id to recognise a repeat by.
            None => match run(payment).await {
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

impl<F> fmt::Debug for PaymentHandler<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ok::PaymentHandler")
            .field("verifier", &self.verifier)
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "8C3F1A9B0D6E47F2A5B8C1D4E7F0A3B6";

    /// Signs by hand, independently of the module under test.
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

    const PURCHASE: &[(&str, &str)] = &[
        ("uid", "570000000001"),
        ("transaction_id", "tx-1001"),
        ("transaction_time", "2024-05-17 12:30:05"),
        ("product_code", "gold-100"),
        ("amount", "10"),
        ("extra_attributes", r#"{"level":3}"#),
        ("method", "callbacks.payment"),
        ("application_key", "CBASANDBOXAPPKEYA"),
    ];

    #[test]
    fn a_signed_purchase_is_read_into_typed_fields() {
        let payment = Verifier::new(SECRET).verify(&signed(PURCHASE)).unwrap();
        assert_eq!(payment.uid, "570000000001");
        assert_eq!(payment.transaction_id.as_deref(), Some("tx-1001"));
        assert_eq!(
            payment.transaction_time.unwrap().to_string(),
            "2024-05-17 12:30:05"
        );
        assert_eq!(payment.product_code.as_deref(), Some("gold-100"));
        assert_eq!(payment.amount, 10);
        assert!(payment.is_in_oks());
        assert!(!payment.is_subscription_event());
        assert_eq!(
            payment.extra_attributes_json().unwrap().unwrap()["level"],
            3
        );
        assert_eq!(payment.param("method"), Some("callbacks.payment"));
        assert_eq!(payment.params().count(), PURCHASE.len());
    }

    #[test]
    fn an_empty_transaction_id_is_a_subscription_event() {
        let mut pairs = PURCHASE.to_vec();
        pairs[1] = ("transaction_id", "");
        pairs.push(("trial_days", "7"));
        pairs.push(("card_promo", "true"));
        pairs.push(("currency", "RUB"));
        let payment = Verifier::new(SECRET).verify(&signed(&pairs)).unwrap();
        assert_eq!(payment.transaction_id, None);
        assert!(payment.is_subscription_event());
        assert_eq!(payment.trial_days, Some(7));
        assert_eq!(payment.card_promo, Some(true));
        assert_eq!(payment.currency.as_deref(), Some("RUB"));
        assert!(!payment.is_in_oks());
    }

    #[test]
    fn descriptive_fields_are_lenient_and_deciding_ones_strict() {
        let mut pairs = PURCHASE.to_vec();
        pairs[2] = ("transaction_time", "yesterday");
        pairs.push(("trial_days", "many"));
        let payment = Verifier::new(SECRET).verify(&signed(&pairs)).unwrap();
        assert_eq!(payment.transaction_time, None);
        assert_eq!(payment.param("transaction_time"), Some("yesterday"));
        assert_eq!(payment.trial_days, None);

        let mut pairs = PURCHASE.to_vec();
        pairs[4] = ("amount", "ten");
        let error = Verifier::new(SECRET).verify(&signed(&pairs)).unwrap_err();
        assert_eq!(
            error,
            CallbackError::InvalidParameter {
                name: "amount",
                value: "ten".into()
            }
        );
        let without_uid: Vec<_> = PURCHASE.iter().copied().filter(|p| p.0 != "uid").collect();
        assert_eq!(
            Verifier::new(SECRET)
                .verify(&signed(&without_uid))
                .unwrap_err(),
            CallbackError::MissingParameter("uid")
        );
    }

    #[test]
    fn the_success_answer_is_the_documented_xml() {
        let answer = success();
        assert_eq!(answer.status(), 200);
        assert_eq!(answer.header("content-type"), Some("application/xml"));
        assert_eq!(answer.header("invocation-error"), None);
        assert_eq!(
            answer.body(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><callbacks_payment_response xmlns=\"http://api.forticom.com/1.0/\">true</callbacks_payment_response>"
        );
    }

    #[test]
    fn every_error_answer_has_its_code_in_the_body_and_the_header() {
        for code in ErrorCode::ALL {
            let answer = error(code, "");
            assert_eq!(answer.status(), 200);
            assert_eq!(
                answer.header("Invocation-error"),
                Some(&*code.code().to_string())
            );
            assert_eq!(
                answer.body(),
                format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ns2:error_response xmlns:ns2='http://api.forticom.com/1.0/'><error_code>{}</error_code><error_msg>{} : {}</error_msg></ns2:error_response>",
                    code.code(),
                    code.name(),
                    code.description()
                )
            );
            assert_eq!(ErrorCode::from_code(code.code()), Some(code));
        }
        assert_eq!(ErrorCode::from_code(3), None);
    }

    #[test]
    fn messages_are_escaped() {
        let answer = Refusal::invalid_payment("price <1> & 'gold'").response();
        assert!(answer.body().contains(
            "<error_msg>CALLBACK_INVALID_PAYMENT : price &lt;1&gt; &amp; &apos;gold&apos;</error_msg>"
        ));
    }

    #[test]
    fn a_bad_signature_is_answered_104() {
        let query = signed(PURCHASE).replace("amount=10", "amount=1");
        let answer = Verifier::new(SECRET).answer(&query, |_| Ok(()));
        assert_eq!(answer.header("Invocation-error"), Some("104"));
        assert!(answer.body().contains("<error_code>104</error_code>"));
        let answer = Verifier::new("").answer(&signed(PURCHASE), |_| Ok(()));
        assert_eq!(answer.header("Invocation-error"), Some("9999"));
    }

    #[test]
    fn the_verifier_answers_what_the_closure_decides() {
        let verifier = Verifier::new(SECRET);
        assert_eq!(verifier.answer(&signed(PURCHASE), |_| Ok(())), success());
        let refused = verifier.answer(&signed(PURCHASE), |p| {
            Err(Refusal::invalid_payment(format!(
                "no product {:?}",
                p.product_code
            )))
        });
        assert_eq!(refused.header("Invocation-error"), Some("1001"));
    }

    #[test]
    fn debug_hides_the_secret() {
        let verifier = Verifier::new(SECRET);
        assert!(!format!("{verifier:?}").contains(SECRET));
        let handler = PaymentHandler::new(SECRET, |_| async { Ok(()) });
        assert!(!format!("{handler:?}").contains(SECRET));
    }

    #[test]
    fn transaction_times_parse_only_in_the_documented_form() {
        let time: TransactionTime = "2024-02-29 23:59:60".parse().unwrap();
        assert_eq!((time.year, time.month, time.day), (2024, 2, 29));
        for bad in [
            "2024-13-01 00:00:00",
            "2024-01-01T00:00:00",
            "2024-1-01 00:00:00",
            "2024-01-01 24:00:00",
            "",
        ] {
            assert!(bad.parse::<TransactionTime>().is_err(), "{bad}");
        }
    }
}
