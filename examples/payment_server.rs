//! A game server's payment endpoints for both platforms, served with axum, and the sandbox
//! playing OK and Mail.ru: it sends signed payment notifications (and a forged one) to them.
//!
//! ```text
//! cargo run --example payment_server
//! ```
//!
//! Runs offline and exits when the demonstration is over. In your own server, keep the
//! handlers and the router, and give them your application's secret keys.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use okru::callbacks::{mailru, ok};
use okru_sandbox::callbacks::{MailRuBilling, OkPayment, Verdict};
use okru_sandbox::fixtures;

type AnyError = Box<dyn std::error::Error>;

/// The game's catalogue: product code and price in OKs (or mailiki, for Mail.ru services).
const CATALOGUE: &[(&str, i64)] = &[("gold-100", 10), ("gold-1000", 90)];

/// Mail.ru services are numbered: service id and price in mailiki.
const SERVICES: &[(u64, u64)] = &[(1, 10), (2, 90)];

/// What the game delivered, by transaction. In a real server this is a database table with a
/// unique key on the transaction id: the handler's cache answers the platform's quick
/// retries, the table guarantees once-only delivery across restarts.
#[derive(Default)]
struct Ledger {
    delivered: Mutex<HashSet<String>>,
}

impl Ledger {
    fn deliver(&self, transaction: String, what: &str, to: &str) {
        if self.delivered.lock().unwrap().insert(transaction.clone()) {
            println!("   game: delivered {what} to {to} (transaction {transaction})");
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), AnyError> {
    let ledger = Arc::new(Ledger::default());

    // --- The game's side: one handler per platform, each a closure over the ledger. ---
    let ok_handler = {
        let ledger = Arc::clone(&ledger);
        ok::PaymentHandler::new(fixtures::ok::APPLICATION_SECRET_KEY, move |payment| {
            let ledger = Arc::clone(&ledger);
            async move {
                let Some(product) = payment.product_code.as_deref() else {
                    return Err(ok::Refusal::invalid_payment("no product code"));
                };
                // Never trust the price the page asked for: check it against the catalogue.
                match CATALOGUE.iter().find(|(code, _)| *code == product) {
                    Some((_, price)) if *price == payment.amount && payment.is_in_oks() => {}
                    Some(_) => return Err(ok::Refusal::invalid_payment("wrong price")),
                    None => return Err(ok::Refusal::invalid_payment("unknown product")),
                }
                match payment.transaction_id.clone() {
                    Some(id) => ledger.deliver(id, product, &payment.uid),
                    None => println!("   game: subscription event for {}", payment.uid),
                }
                Ok(())
            }
        })
    };
    let mailru_handler = {
        let ledger = Arc::clone(&ledger);
        mailru::BillingHandler::new(fixtures::mailru::SECRET_KEY, move |billing| {
            let ledger = Arc::clone(&ledger);
            async move {
                let price = SERVICES
                    .iter()
                    .find(|(id, _)| *id == billing.service_id)
                    .map(|(_, price)| *price)
                    .ok_or(mailru::Refusal::permanent(
                        mailru::ErrorCode::ServiceNotFound,
                    ))?;
                if billing.mailiki_price != Some(price) {
                    return Err(mailru::Refusal::permanent(
                        mailru::ErrorCode::IncorrectPrice,
                    ));
                }
                let what = format!("service {}", billing.service_id);
                ledger.deliver(
                    format!("mailru-{}", billing.transaction_id),
                    &what,
                    &billing.uid,
                );
                Ok(())
            }
        })
    };
    let app = axum::Router::new()
        .route("/ok/payment", ok_handler.into_route())
        .route("/mailru/billing", mailru_handler.into_route());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    println!("payment endpoints at {base}/ok/payment and {base}/mailru/billing\n");

    // --- The platforms' side, played by the sandbox. ---
    let ok_url = format!("{base}/ok/payment");
    let mut failures = 0;
    let mut expect = |what: &str, got: Verdict, wanted: Verdict| {
        let mark = if got == wanted { "ok" } else { "UNEXPECTED" };
        if got != wanted {
            failures += 1;
        }
        println!("{mark:>10}: {what}: {got:?}");
    };

    println!("OK callbacks.payment:");
    let purchase = OkPayment::new("ok-tx-1", "gold-100", 10);
    expect(
        "a purchase",
        purchase.send(&ok_url).await?.ok_verdict(),
        Verdict::Accepted,
    );
    expect(
        "the same delivery repeated (answered as the first time, delivered once)",
        purchase.send(&ok_url).await?.ok_verdict(),
        Verdict::Accepted,
    );
    expect(
        "a purchase at a forged price",
        OkPayment::new("ok-tx-2", "gold-1000", 1)
            .send(&ok_url)
            .await?
            .ok_verdict(),
        Verdict::Refused { code: 1001 },
    );
    expect(
        "a forged signature",
        OkPayment::new("ok-tx-3", "gold-100", 10)
            .with_wrong_signature()
            .send(&ok_url)
            .await?
            .ok_verdict(),
        Verdict::Refused { code: 104 },
    );
    expect(
        "a subscription event (empty transaction_id)",
        OkPayment::subscription_event("gold-100")
            .param("amount", "10")
            .param("trial_days", "7")
            .send(&ok_url)
            .await?
            .ok_verdict(),
        Verdict::Accepted,
    );

    println!("\nMail.ru billing:");
    let mailru_url = format!("{base}/mailru/billing");
    let payment = MailRuBilling::new(900_001, 1, 10);
    expect(
        "a payment",
        payment.send(&mailru_url).await?.mailru_verdict(),
        Verdict::Accepted,
    );
    expect(
        "the same payment repeated",
        payment.send(&mailru_url).await?.mailru_verdict(),
        Verdict::Accepted,
    );
    expect(
        "a payment at the wrong price",
        MailRuBilling::new(900_002, 2, 10)
            .send(&mailru_url)
            .await?
            .mailru_verdict(),
        Verdict::Refused { code: 703 },
    );
    expect(
        "a forged signature",
        MailRuBilling::new(900_003, 1, 10)
            .with_wrong_signature()
            .send(&mailru_url)
            .await?
            .mailru_verdict(),
        Verdict::Refused { code: 700 },
    );

    server.abort();
    let delivered = ledger.delivered.lock().unwrap().len();
    println!("\n{delivered} deliveries in the ledger");
    if failures > 0 || delivered != 2 {
        return Err(format!("{failures} unexpected answer(s), {delivered} deliveries").into());
    }
    Ok(())
}
