//! Payment callbacks end to end: the user's handler served by axum on loopback, and the
//! sandbox playing the platform, calling it with signed (and forged) requests.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use okru::callbacks::{mailru, ok};
use okru_sandbox::callbacks::{CallbackReply, MailRuBilling, OkPayment, Verdict};
use okru_sandbox::fixtures;

/// Serves `router` on a free loopback port; returns the base URL. The server stops with the
/// test's runtime.
async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

/// The parts of an answer the platform reads (not `Date`, which changes by the second).
fn essence(reply: &CallbackReply) -> (u16, Option<&str>, Option<&str>, &str) {
    (
        reply.status,
        reply.header("content-type"),
        reply.header("invocation-error"),
        &reply.body,
    )
}

/// An OK handler that delivers `gold-100` for 10 OKs, refuses anything else, and counts its
/// calls.
async fn ok_shop(calls: Arc<AtomicUsize>) -> String {
    let handler = ok::PaymentHandler::new(fixtures::ok::APPLICATION_SECRET_KEY, move |payment| {
        let calls = Arc::clone(&calls);
        async move {
            calls.fetch_add(1, Ordering::SeqCst);
            match (payment.product_code.as_deref(), payment.amount) {
                (Some("gold-100"), 10) => Ok(()),
                (Some("busy"), _) => Err(ok::Refusal::service_unavailable("try later")),
                (Some("slow"), _) => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    Ok(())
                }
                _ => Err(ok::Refusal::invalid_payment(
                    "unknown product or wrong price",
                )),
            }
        }
    });
    let url = serve(axum::Router::new().route("/ok/payment", handler.into_route())).await;
    format!("{url}/ok/payment")
}

#[tokio::test]
async fn a_signed_ok_payment_reaches_the_handler_and_is_accepted() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(std::sync::Mutex::new(None));
    let handler = {
        let (calls, seen) = (Arc::clone(&calls), Arc::clone(&seen));
        ok::PaymentHandler::new(fixtures::ok::APPLICATION_SECRET_KEY, move |payment| {
            calls.fetch_add(1, Ordering::SeqCst);
            *seen.lock().unwrap() = Some(payment);
            async { Ok(()) }
        })
    };
    let url = serve(axum::Router::new().route("/pay", handler.into_route())).await;
    let reply = OkPayment::new("tx-1", "gold-100", 10)
        .param("extra_attributes", r#"{"level":3}"#)
        .send(&format!("{url}/pay"))
        .await
        .unwrap();
    assert_eq!(reply.ok_verdict(), Verdict::Accepted);
    assert_eq!(reply.body, ok::SUCCESS_BODY);
    assert_eq!(reply.header("content-type"), Some("application/xml"));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let payment = seen.lock().unwrap().take().unwrap();
    assert_eq!(payment.uid, fixtures::ok::ALICE_ID);
    assert_eq!(payment.transaction_id.as_deref(), Some("tx-1"));
    assert_eq!(payment.amount, 10);
    assert!(payment.transaction_time.is_some());
    assert_eq!(
        payment.extra_attributes_json().unwrap().unwrap()["level"],
        3
    );
    // The extra parameters OK is seen to send were signed and are kept.
    assert_eq!(payment.param("method"), Some("callbacks.payment"));
    assert_eq!(
        payment.param("application_key"),
        Some(fixtures::ok::APPLICATION_KEY)
    );
}

#[tokio::test]
async fn a_bad_ok_signature_is_answered_104_without_calling_the_handler() {
    let calls = Arc::new(AtomicUsize::new(0));
    let url = ok_shop(Arc::clone(&calls)).await;
    for payment in [
        OkPayment::new("tx-2", "gold-100", 10).with_wrong_signature(),
        OkPayment::new("tx-2", "gold-100", 10).without_signature(),
        OkPayment::new("tx-2", "gold-100", 10).signed_with("another application's secret"),
    ] {
        let reply = payment.send(&url).await.unwrap();
        assert_eq!(reply.ok_verdict(), Verdict::Refused { code: 104 });
        assert_eq!(reply.header("invocation-error"), Some("104"));
        assert!(reply.body.contains("PARAM_SIGNATURE"));
    }
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    // The same transaction, correctly signed, is then processed: refusals before the
    // closure are not cached.
    let reply = OkPayment::new("tx-2", "gold-100", 10)
        .send(&url)
        .await
        .unwrap();
    assert_eq!(reply.ok_verdict(), Verdict::Accepted);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_parameter_left_out_of_the_signature_is_caught() {
    // A forger who adds a parameter after signing (here: a lower price) is refused.
    let calls = Arc::new(AtomicUsize::new(0));
    let url = ok_shop(Arc::clone(&calls)).await;
    let query = OkPayment::new("tx-3", "gold-100", 10)
        .without("amount")
        .query();
    let reply = reqwest_get(&format!("{url}?{query}&amount=10")).await;
    assert_eq!(reply.0, 200);
    assert_eq!(reply.1.as_deref(), Some("104"));
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

async fn reqwest_get(url: &str) -> (u16, Option<String>, String) {
    let response = reqwest::get(url).await.unwrap();
    let header = response
        .headers()
        .get("invocation-error")
        .map(|v| v.to_str().unwrap().to_owned());
    (
        response.status().as_u16(),
        header,
        response.text().await.unwrap(),
    )
}

#[tokio::test]
async fn repeated_ok_deliveries_are_answered_as_the_first_time() {
    let calls = Arc::new(AtomicUsize::new(0));
    let url = ok_shop(Arc::clone(&calls)).await;

    // A refused payment stays refused, with the same answer, without a second call.
    let wrong_price = OkPayment::new("tx-4", "gold-100", 1);
    let first = wrong_price.send(&url).await.unwrap();
    assert_eq!(first.ok_verdict(), Verdict::Refused { code: 1001 });
    let again = wrong_price.send(&url).await.unwrap();
    assert_eq!(essence(&again), essence(&first));
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // An accepted one stays accepted, even if the repeat comes with other values: the
    // transaction id decides.
    let payment = OkPayment::new("tx-5", "gold-100", 10);
    assert_eq!(
        payment.send(&url).await.unwrap().ok_verdict(),
        Verdict::Accepted
    );
    let altered = payment.clone().param("amount", "1");
    assert_eq!(
        altered.send(&url).await.unwrap().ok_verdict(),
        Verdict::Accepted
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    // Deliveries that overlap (OK retries while the first is still being processed) wait
    // for the first and share its answer.
    let slow = OkPayment::new("tx-6", "slow", 10);
    let (a, b, c) = tokio::join!(slow.send(&url), slow.send(&url), slow.send(&url));
    for reply in [a, b, c] {
        assert_eq!(reply.unwrap().ok_verdict(), Verdict::Accepted);
    }
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn temporary_failures_and_subscription_events_call_the_handler_each_time() {
    let calls = Arc::new(AtomicUsize::new(0));
    let url = ok_shop(Arc::clone(&calls)).await;
    let busy = OkPayment::new("tx-7", "busy", 10);
    for _ in 0..2 {
        let reply = busy.send(&url).await.unwrap();
        assert_eq!(reply.ok_verdict(), Verdict::Refused { code: 2 });
    }
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let event = OkPayment::subscription_event("gold-100")
        .param("amount", "10")
        .param("trial_days", "7");
    for _ in 0..2 {
        assert_eq!(
            event.send(&url).await.unwrap().ok_verdict(),
            Verdict::Accepted
        );
    }
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}

/// A Mail.ru handler that sells service 7 for 30 mailiki, reports a temporary failure for
/// service 8, and counts its calls.
async fn mailru_shop(calls: Arc<AtomicUsize>) -> String {
    let handler = mailru::BillingHandler::new(fixtures::mailru::SECRET_KEY, move |billing| {
        let calls = Arc::clone(&calls);
        async move {
            calls.fetch_add(1, Ordering::SeqCst);
            match (billing.service_id, billing.mailiki_price) {
                (7, Some(30)) => Ok(()),
                (7, _) => Err(mailru::Refusal::permanent(
                    mailru::ErrorCode::IncorrectPrice,
                )),
                (8, _) => Err(mailru::Refusal::temporary(mailru::ErrorCode::Other)),
                _ => Err(mailru::Refusal::permanent(
                    mailru::ErrorCode::ServiceNotFound,
                )),
            }
        }
    });
    let url = serve(axum::Router::new().route("/billing", handler.into_route())).await;
    format!("{url}/billing")
}

#[tokio::test]
async fn a_signed_mailru_payment_is_accepted_and_repeats_get_the_first_answer() {
    let calls = Arc::new(AtomicUsize::new(0));
    let url = mailru_shop(Arc::clone(&calls)).await;
    let payment = MailRuBilling::new(5001, 7, 30);
    let reply = payment.send(&url).await.unwrap();
    assert_eq!(reply.mailru_verdict(), Verdict::Accepted);
    assert_eq!(reply.body, r#"{"status":1}"#);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(essence(&payment.send(&url).await.unwrap()), essence(&reply));
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let wrong_price = MailRuBilling::new(5002, 7, 1);
    let first = wrong_price.send(&url).await.unwrap();
    assert_eq!(first.mailru_verdict(), Verdict::Refused { code: 703 });
    assert_eq!(
        essence(&wrong_price.send(&url).await.unwrap()),
        essence(&first)
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let unknown = MailRuBilling::new(5003, 9, 30);
    assert_eq!(
        unknown.send(&url).await.unwrap().mailru_verdict(),
        Verdict::Refused { code: 702 }
    );

    // A temporary failure is not cached: the retry calls the handler again.
    let busy = MailRuBilling::new(5004, 8, 30);
    for _ in 0..2 {
        assert_eq!(
            busy.send(&url).await.unwrap().mailru_verdict(),
            Verdict::Retry { code: 700 }
        );
    }
    assert_eq!(calls.load(Ordering::SeqCst), 5);
}

#[tokio::test]
async fn a_bad_mailru_signature_is_refused_without_calling_the_handler() {
    let calls = Arc::new(AtomicUsize::new(0));
    let url = mailru_shop(Arc::clone(&calls)).await;
    for payment in [
        MailRuBilling::new(6001, 7, 30).with_wrong_signature(),
        MailRuBilling::new(6001, 7, 30).without_signature(),
        MailRuBilling::new(6001, 7, 30).signed_with("the private key, not the secret key"),
    ] {
        let reply = payment.send(&url).await.unwrap();
        assert_eq!(reply.mailru_verdict(), Verdict::Refused { code: 700 });
        assert_eq!(reply.body, r#"{"status":2,"error_code":700}"#);
    }
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn the_framework_neutral_handler_gives_the_same_answers() {
    let handler =
        ok::PaymentHandler::new(fixtures::ok::APPLICATION_SECRET_KEY, |_| async { Ok(()) });
    let answer = handler
        .handle(&OkPayment::new("tx-8", "gold-100", 10).query())
        .await;
    assert_eq!(answer, ok::success());
    let forged = handler
        .handle(
            &OkPayment::new("tx-9", "gold-100", 10)
                .with_wrong_signature()
                .query(),
        )
        .await;
    assert_eq!(forged.header("Invocation-error"), Some("104"));

    let verifier = mailru::Verifier::new(fixtures::mailru::SECRET_KEY);
    let billing = verifier
        .verify(&MailRuBilling::new(7001, 7, 30).query())
        .unwrap();
    assert_eq!(billing.app_id, fixtures::mailru::APP_ID);
    assert_eq!(billing.uid, fixtures::mailru::ALICE_UID);
    assert!(billing.debug);
}
