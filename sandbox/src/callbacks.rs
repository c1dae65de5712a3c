//! The platforms' side of the payment callbacks: the sandbox calls **your** callback URL the
//! way OK and Mail.ru do, with a correctly signed request, and judges your answer the way
//! their documentation says they judge it.
//!
//! - [`OkPayment`]: OK's `callbacks.payment` (a GET signed with the application secret key,
//!   answered with XML and the `Invocation-error` header).
//! - [`MailRuBilling`]: Mail.ru's billing script (a GET signed with the secret key, answered
//!   with JSON `{"status": …}`).
//!
//! Both are signed with the sandbox application's secret ([`crate::fixtures`]) unless you
//! give yours with `signed_with`, and both can be spoilt on purpose (`with_wrong_signature`,
//! `without_signature`) to test that your handler refuses forgeries.
//!
//! ```no_run
//! use okru_sandbox::callbacks::{OkPayment, Verdict};
//!
//! # async fn demo(url: &str) -> std::io::Result<()> {
//! let payment = OkPayment::new("tx-1", "gold-100", 10);
//! let reply = payment.send(url).await?;
//! assert_eq!(reply.ok_verdict(), Verdict::Accepted);
//! // OK's rule: a repeat of the same transaction gets the same answer.
//! assert_eq!(payment.send(url).await?.body, reply.body);
//! # Ok(()) }
//! ```
//!
//! Only `http://` URLs are called (a handler under test listens on loopback); the request
//! times out after [`TIMEOUT`], a little longer than the five seconds after which OK gives
//! up on an attempt.

use std::io;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::fixtures;
use crate::signature::sign;

/// How long [`OkPayment::send`] and [`MailRuBilling::send`] wait for an answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// How a callback request is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Signing {
    Correct,
    Wrong,
    Missing,
}

/// The parameters, secret and signing mode shared by both platforms' callbacks.
#[derive(Clone)]
struct Callback {
    params: Vec<(String, String)>,
    secret: String,
    signing: Signing,
}

impl Callback {
    fn set(&mut self, name: &str, value: String) {
        match self.params.iter_mut().find(|(k, _)| k == name) {
            Some(pair) => pair.1 = value,
            None => self.params.push((name.to_owned(), value)),
        }
    }

    fn remove(&mut self, name: &str) {
        self.params.retain(|(k, _)| k != name);
    }

    /// Every parameter but `sig`, sorted, `name=value`, then the secret: the rule both
    /// platforms document for their callbacks (no uid prefix on Mail.ru).
    fn query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.params {
            query.append_pair(name, value);
        }
        let correct = sign("", &self.params, &[], &self.secret);
        match self.signing {
            Signing::Correct => {
                query.append_pair("sig", &correct);
            }
            Signing::Wrong => {
                // The right signature with its first digit changed: wrong, yet well formed.
                let first = if correct.starts_with('0') { '1' } else { '0' };
                query.append_pair("sig", &format!("{first}{}", &correct[1..]));
            }
            Signing::Missing => {}
        }
        query.finish()
    }

    async fn send(&self, callback_url: &str) -> io::Result<CallbackReply> {
        let mut url = reqwest::Url::parse(callback_url).map_err(io::Error::other)?;
        if url.scheme() != "http" {
            return Err(io::Error::other(
                "the sandbox calls http:// callback URLs only",
            ));
        }
        url.set_query(Some(&self.query()));
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(io::Error::other)?;
        let response = client.get(url).send().await.map_err(io::Error::other)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response.text().await.map_err(io::Error::other)?;
        Ok(CallbackReply {
            status,
            headers,
            body,
        })
    }
}

impl std::fmt::Debug for Callback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Callback")
            .field("params", &self.params)
            .field("secret", &"<redacted>")
            .field("signing", &self.signing)
            .finish()
    }
}

/// An OK `callbacks.payment` request for the sandbox to send.
///
/// It carries what OK documents (`uid`, `transaction_id`, `transaction_time`,
/// `product_code`, `amount` ...) plus `method=callbacks.payment` and `application_key`,
/// which real deliveries are seen to carry too and which are signed like the rest: a
/// handler that signs only the names it knows fails here as it would in production.
#[derive(Debug, Clone)]
pub struct OkPayment {
    callback: Callback,
}

impl OkPayment {
    /// A purchase of `product_code` for `amount` OKs by Alice ([`fixtures::ok::ALICE_ID`]),
    /// now (UTC), signed with the sandbox application's secret key.
    pub fn new(
        transaction_id: impl Into<String>,
        product_code: impl Into<String>,
        amount: i64,
    ) -> Self {
        OkPayment {
            callback: Callback {
                params: vec![
                    ("uid".into(), fixtures::ok::ALICE_ID.into()),
                    ("transaction_id".into(), transaction_id.into()),
                    ("transaction_time".into(), now_text()),
                    ("product_code".into(), product_code.into()),
                    ("amount".into(), amount.to_string()),
                    ("method".into(), "callbacks.payment".into()),
                    (
                        "application_key".into(),
                        fixtures::ok::APPLICATION_KEY.into(),
                    ),
                ],
                secret: fixtures::ok::APPLICATION_SECRET_KEY.into(),
                signing: Signing::Correct,
            },
        }
    }

    /// A subscription event without a transaction, as OK sends for the start of a trial or
    /// a cancellation: `transaction_id` is empty and `amount` is 0.
    pub fn subscription_event(product_code: impl Into<String>) -> Self {
        OkPayment::new("", product_code, 0)
    }

    /// Sets (or adds) any parameter, such as `product_option`, `currency`,
    /// `payment_system`, `extra_attributes`, `trial_days` or `card_promo`.
    #[must_use]
    pub fn param(mut self, name: &str, value: impl Into<String>) -> Self {
        self.callback.set(name, value.into());
        self
    }

    /// Leaves a parameter out.
    #[must_use]
    pub fn without(mut self, name: &str) -> Self {
        self.callback.remove(name);
        self
    }

    /// The paying user.
    #[must_use]
    pub fn uid(self, uid: impl Into<String>) -> Self {
        self.param("uid", uid)
    }

    /// Signs with your application secret key instead of the sandbox's.
    #[must_use]
    pub fn signed_with(mut self, application_secret_key: impl Into<String>) -> Self {
        self.callback.secret = application_secret_key.into();
        self
    }

    /// Sends a well-formed but wrong `sig`, as a forger would.
    #[must_use]
    pub fn with_wrong_signature(mut self) -> Self {
        self.callback.signing = Signing::Wrong;
        self
    }

    /// Sends no `sig` at all.
    #[must_use]
    pub fn without_signature(mut self) -> Self {
        self.callback.signing = Signing::Missing;
        self
    }

    /// The value of a parameter as it will be sent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.callback
            .params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The signed query string, for handlers you call without HTTP.
    pub fn query(&self) -> String {
        self.callback.query()
    }

    /// GETs `callback_url` with the signed query (replacing any query the URL has) and
    /// returns the answer. Fails only when no HTTP answer came; judge the answer with
    /// [`CallbackReply::ok_verdict`].
    pub async fn send(&self, callback_url: &str) -> io::Result<CallbackReply> {
        self.callback.send(callback_url).await
    }
}

/// A Mail.ru billing request for the sandbox to send.
#[derive(Debug, Clone)]
pub struct MailRuBilling {
    callback: Callback,
}

impl MailRuBilling {
    /// A payment for service `service_id` of `mailiki_price` mailiki by Alice
    /// ([`fixtures::mailru::ALICE_UID`]) to the sandbox application, signed with its secret
    /// key. `other_price` (kopecks) and `profit` are derived from the price.
    pub fn new(transaction_id: u64, service_id: u64, mailiki_price: u64) -> Self {
        MailRuBilling {
            callback: Callback {
                params: vec![
                    ("app_id".into(), fixtures::mailru::APP_ID.to_string()),
                    ("transaction_id".into(), transaction_id.to_string()),
                    ("service_id".into(), service_id.to_string()),
                    ("uid".into(), fixtures::mailru::ALICE_UID.into()),
                    ("mailiki_price".into(), mailiki_price.to_string()),
                    ("other_price".into(), (mailiki_price * 100).to_string()),
                    ("profit".into(), (mailiki_price * 50).to_string()),
                    ("debug".into(), "1".into()),
                ],
                secret: fixtures::mailru::SECRET_KEY.into(),
                signing: Signing::Correct,
            },
        }
    }

    /// Sets (or adds) any parameter (`sms_price`, `debug` ...).
    #[must_use]
    pub fn param(mut self, name: &str, value: impl Into<String>) -> Self {
        self.callback.set(name, value.into());
        self
    }

    /// Leaves a parameter out.
    #[must_use]
    pub fn without(mut self, name: &str) -> Self {
        self.callback.remove(name);
        self
    }

    /// The paying user.
    #[must_use]
    pub fn uid(self, uid: impl Into<String>) -> Self {
        self.param("uid", uid)
    }

    /// Signs with your secret key instead of the sandbox's.
    #[must_use]
    pub fn signed_with(mut self, secret_key: impl Into<String>) -> Self {
        self.callback.secret = secret_key.into();
        self
    }

    /// Sends a well-formed but wrong `sig`.
    #[must_use]
    pub fn with_wrong_signature(mut self) -> Self {
        self.callback.signing = Signing::Wrong;
        self
    }

    /// Sends no `sig` at all.
    #[must_use]
    pub fn without_signature(mut self) -> Self {
        self.callback.signing = Signing::Missing;
        self
    }

    /// The value of a parameter as it will be sent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.callback
            .params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The signed query string.
    pub fn query(&self) -> String {
        self.callback.query()
    }

    /// GETs `callback_url` with the signed query and returns the answer; judge it with
    /// [`CallbackReply::mailru_verdict`].
    pub async fn send(&self, callback_url: &str) -> io::Result<CallbackReply> {
        self.callback.send(callback_url).await
    }
}

/// Your server's answer to a callback, as received.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallbackReply {
    /// The HTTP status.
    pub status: u16,
    /// Header names (lowercase) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

/// What a platform makes of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The payment went through.
    Accepted,
    /// The payment was refused with this error code (OK: 1, 2, 104, 1001, 9999 ...;
    /// Mail.ru: 700–703 with `status: 2`).
    Refused {
        /// The error code.
        code: i64,
    },
    /// Mail.ru only: `status: 0`, a temporary failure that may be retried.
    Retry {
        /// The error code.
        code: i64,
    },
    /// The answer is not one the platform documents; the reason says what is wrong. The
    /// platform would treat it as no answer (OK retries, then cancels the payment).
    Invalid(String),
}

impl CallbackReply {
    /// The first value of the header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The answer judged by OK's documented rules: HTTP 200 with an XML content type, then
    /// either a `callbacks_payment_response` whose text is `true`, or an `error_response`
    /// whose `error_code` the `Invocation-error` header repeats.
    pub fn ok_verdict(&self) -> Verdict {
        if self.status != 200 {
            return Verdict::Invalid(format!("HTTP status {} instead of 200", self.status));
        }
        let content_type = self.header("content-type").unwrap_or_default();
        if !content_type.to_ascii_lowercase().contains("xml") {
            return Verdict::Invalid(format!(
                "Content-Type {content_type:?} instead of application/xml"
            ));
        }
        let body = self.body.trim();
        if let Some(text) = element_text(body, "callbacks_payment_response") {
            return if text.trim() == "true" {
                Verdict::Accepted
            } else {
                Verdict::Invalid(format!("callbacks_payment_response holds {text:?}"))
            };
        }
        if element_start(body, "error_response").is_none() {
            return Verdict::Invalid(
                "neither callbacks_payment_response nor error_response".into(),
            );
        }
        let Some(code) =
            element_text(body, "error_code").and_then(|t| t.trim().parse::<i64>().ok())
        else {
            return Verdict::Invalid("error_response without a numeric error_code".into());
        };
        match self.header("invocation-error").map(str::trim) {
            Some(header) if header == code.to_string() => Verdict::Refused { code },
            Some(header) => Verdict::Invalid(format!(
                "Invocation-error header {header:?} differs from error_code {code}"
            )),
            None => Verdict::Invalid("error answer without the Invocation-error header".into()),
        }
    }

    /// The answer judged by Mail.ru's rules: JSON with `status` 1 (accepted), 2 (refused)
    /// or 0 (retry), the last two with an `error_code`. `status` may be a number or a
    /// numeric string, as handlers in the wild send both.
    pub fn mailru_verdict(&self) -> Verdict {
        if self.status != 200 {
            return Verdict::Invalid(format!("HTTP status {} instead of 200", self.status));
        }
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&self.body) else {
            return Verdict::Invalid("the body is not JSON".into());
        };
        let number = |key: &str| match &json[key] {
            serde_json::Value::Number(n) => n.as_i64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        match (number("status"), number("error_code")) {
            (Some(1), _) => Verdict::Accepted,
            (Some(2), Some(code)) => Verdict::Refused { code },
            (Some(0), Some(code)) => Verdict::Retry { code },
            (Some(0 | 2), None) => Verdict::Invalid("an error status without error_code".into()),
            _ => Verdict::Invalid("no status 0, 1 or 2".into()),
        }
    }
}

/// Where the start tag of the element `name` (with or without a namespace prefix) begins.
fn element_start(xml: &str, name: &str) -> Option<usize> {
    xml.match_indices('<').map(|(at, _)| at).find(|&at| {
        let tag = &xml[at + 1..];
        let end = tag
            .find(|c: char| c == '>' || c == '/' || c.is_ascii_whitespace())
            .unwrap_or(tag.len());
        let qualified = &tag[..end];
        // `qualified` is empty for an end tag (`</...`), which is never a match.
        qualified.rsplit(':').next() == Some(name)
    })
}

/// The text between the start and end tags of the first element `name`.
fn element_text<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let start = element_start(xml, name)?;
    let open_end = start + xml[start..].find('>')? + 1;
    let close = xml[open_end..].find("</")? + open_end;
    Some(&xml[open_end..close])
}

/// The current UTC time as `yyyy-mm-dd HH:MM:SS`.
fn now_text() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The proleptic Gregorian date of a day number counted from 1970-01-01 (H. Hinnant's
/// well-known algorithm, written out here).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_out_right() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(now_text().len(), 19);
    }

    #[test]
    fn the_query_is_signed_over_every_parameter() {
        let payment = OkPayment::new("t1", "gold", 10).param("extra_attributes", "{\"a\":1}");
        let query = payment.query();
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let sig = &pairs.iter().find(|(k, _)| k == "sig").unwrap().1;
        let expected = sign("", &pairs, &["sig"], fixtures::ok::APPLICATION_SECRET_KEY);
        assert_eq!(sig, &expected);
        assert!(
            pairs
                .iter()
                .any(|(k, v)| k == "method" && v == "callbacks.payment")
        );

        let wrong = payment.clone().with_wrong_signature().query();
        assert!(!wrong.contains(&expected));
        assert!(wrong.contains("sig="));
        assert!(!payment.without_signature().query().contains("sig="));
    }

    fn reply(headers: &[(&str, &str)], body: &str) -> CallbackReply {
        CallbackReply {
            status: 200,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.into(),
        }
    }

    #[test]
    fn ok_answers_are_judged_by_the_documented_rules() {
        let xml = [("content-type", "application/xml")];
        assert_eq!(
            reply(&xml, r#"<?xml version="1.0" encoding="UTF-8"?><callbacks_payment_response xmlns="http://api.forticom.com/1.0/">true</callbacks_payment_response>"#).ok_verdict(),
            Verdict::Accepted
        );
        // The PHP sample's prefixed form, with whitespace, is accepted as well.
        assert_eq!(
            reply(&xml, "<ns2:callbacks_payment_response xmlns:ns2='http://api.forticom.com/1.0/'>\n  true\n</ns2:callbacks_payment_response>").ok_verdict(),
            Verdict::Accepted
        );
        let error = "<ns2:error_response xmlns:ns2='http://api.forticom.com/1.0/'><error_code>1001</error_code><error_msg>CALLBACK_INVALID_PAYMENT : x</error_msg></ns2:error_response>";
        assert_eq!(
            reply(
                &[
                    ("content-type", "application/xml"),
                    ("invocation-error", "1001")
                ],
                error
            )
            .ok_verdict(),
            Verdict::Refused { code: 1001 }
        );
        assert!(matches!(
            reply(&xml, error).ok_verdict(),
            Verdict::Invalid(_)
        ));
        assert!(matches!(
            reply(&[("content-type", "text/plain")], "true").ok_verdict(),
            Verdict::Invalid(_)
        ));
        assert!(matches!(
            reply(
                &xml,
                "<callbacks_payment_response>false</callbacks_payment_response>"
            )
            .ok_verdict(),
            Verdict::Invalid(_)
        ));
    }

    #[test]
    fn mailru_answers_are_judged_by_status() {
        assert_eq!(
            reply(&[], r#"{"status":1}"#).mailru_verdict(),
            Verdict::Accepted
        );
        assert_eq!(
            reply(&[], r#"{"status":"1"}"#).mailru_verdict(),
            Verdict::Accepted
        );
        assert_eq!(
            reply(&[], r#"{"status":2,"error_code":703}"#).mailru_verdict(),
            Verdict::Refused { code: 703 }
        );
        assert_eq!(
            reply(&[], r#"{"status":0,"error_code":700}"#).mailru_verdict(),
            Verdict::Retry { code: 700 }
        );
        assert!(matches!(
            reply(&[], "ok").mailru_verdict(),
            Verdict::Invalid(_)
        ));
        assert!(matches!(
            reply(&[], r#"{"status":2}"#).mailru_verdict(),
            Verdict::Invalid(_)
        ));
    }
}
