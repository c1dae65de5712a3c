//! Figures of the hostile-server matrix (issue 15) that are too slow or too big for the
//! test suite: requests sent by 1,000 calls meeting a failed renewal, and peak memory
//! (VmHWM of this process) for large answers, errors and login pages.
//!
//! One scenario per process, since the peak is the process's:
//!
//! ```text
//! cargo bench --bench hostile -- renewal-500
//! cargo bench --bench hostile -- renewal-invalid-grant
//! cargo bench --bench hostile -- renewal-hang
//! cargo bench --bench hostile -- errors-40x31mib
//! cargo bench --bench hostile -- value-31mib-objects   (also -ids, -dense, -tiny)
//! cargo bench --bench hostile -- typed-31mib-objects   (also -ids)
//!   (each of these also with the suffix -chunked: the body comes without a length)
//! cargo bench --bench hostile -- page-1gib
//! cargo bench --bench hostile -- concurrent-8x31mib   (and concurrent-8x31mib-budget)
//! ```
//!
//! Each prints one line of `key=value` figures.

#[path = "../tests/hostile/server.rs"]
mod server;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use okru::ok::{Api, OAuthEndpoints, OAuthSession};
use okru::{ApplicationKey, ApplicationSecretKey, Password};
use server::{Framing, Hostile, Reply};

const MIB: u64 = 1024 * 1024;

/// Peak resident memory of this process so far, in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn restored(base: &str, refresh: bool) -> OAuthSession {
    let mut saved = okru::oauth::SavedTokens::new("STALE-TOKEN");
    if refresh {
        saved.refresh_token = Some("REFRESH-TOKEN".into());
    }
    OAuthSession::restore(
        512,
        ApplicationKey::new("CBAKEY"),
        Some(ApplicationSecretKey::new("APP-SECRET")),
        saved,
    )
    .unwrap()
    .with_endpoints(OAuthEndpoints::at(base))
    .unwrap()
}

fn api(server: &Hostile, session: OAuthSession, timeout: Duration) -> Api<OAuthSession> {
    Api::builder(session)
        .base_url(server.url("/fb.do"))
        .timeout(timeout)
        .build()
        .unwrap()
}

/// 1,000 (or 20) concurrent calls meet an expired token; the token endpoint fails.
async fn renewal(kind: &str) {
    let kind_owned = kind.to_owned();
    let server = Hostile::start(move |seen| {
        if seen.path.starts_with("/oauth/token") {
            return match kind_owned.as_str() {
                "renewal-500" => Reply::json(500, "{}"),
                "renewal-hang" => Reply::hang(),
                _ => Reply::json(400, r#"{"error":"invalid_grant"}"#),
            };
        }
        Reply::json(
            200,
            r#"{"error_code":102,"error_msg":"PARAM_SESSION_EXPIRED"}"#,
        )
    })
    .await;
    let (calls, timeout) = if kind == "renewal-hang" {
        (20, Duration::from_secs(2))
    } else {
        (1000, Duration::from_secs(10))
    };
    let api = api(&server, restored(&server.base(), true), timeout);
    let longest = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..calls)
        .map(|_| {
            let (api, longest) = (api.clone(), Arc::clone(&longest));
            tokio::spawn(async move {
                let started = Instant::now();
                let result = api
                    .call::<serde_json::Value>("users.getCurrentUser", okru::Params::new())
                    .await;
                longest.fetch_max(started.elapsed().as_millis() as usize, Ordering::SeqCst);
                result.is_err()
            })
        })
        .collect();
    let mut failed = 0;
    for task in tasks {
        failed += usize::from(task.await.unwrap());
    }
    println!(
        "scenario={kind} calls={calls} failed={failed} token_requests={} api_requests={} longest_call_ms={} total_ms={}",
        server.count("/oauth/token"),
        server.count("/fb.do"),
        longest.load(Ordering::SeqCst),
        started.elapsed().as_millis()
    );
}

/// 40 calls answered by 31 MiB HTML pages; the errors are kept.
async fn errors() {
    let server = Hostile::start(|_| {
        Reply::repeat(200, "text/html", "<html>", "a", 31 * MIB - 13, "</html>")
    })
    .await;
    let api = api(
        &server,
        restored(&server.base(), false),
        Duration::from_secs(60),
    );
    let before = peak_mib();
    let mut kept = Vec::new();
    for _ in 0..40 {
        kept.push(
            api.call::<serde_json::Value>("users.getCurrentUser", okru::Params::new())
                .await
                .unwrap_err(),
        );
    }
    let held: usize = kept
        .iter()
        .map(|e| e.raw_body().map_or(0, |b| b.bytes().len()))
        .sum();
    println!(
        "scenario=errors-40x31mib errors={} excerpt_bytes={held} baseline_mib={before:.0} peak_mib={:.0}",
        kept.len(),
        peak_mib()
    );
}

/// The three shapes of a 31 MiB answer.
fn big_answer(shape: &str) -> Reply {
    let (unit, head, tail) = match shape {
        "objects" => (
            r#"{"uid":"575662066926","first_name":"Alice","last_name":"Liddell","gender":"female","age":31},"#,
            "[",
            r#"{"uid":"1"}]"#,
        ),
        "ids" => (r#""575662066926","#, "[", r#""1"]"#),
        "tiny" => (r#"{"":0},"#, "[", r#"{"":0}]"#),
        _ => ("0,", "[", "0]"),
    };
    let count = (31 * MIB - 16) / unit.len() as u64;
    Reply::repeat(200, "application/json", head, unit, count, tail)
}

/// One call answered by a valid 31 MiB body, decoded as `Value` or as typed data; with
/// `-chunked`, the body comes without a length.
async fn big(scenario: &str) {
    let typed = scenario.starts_with("typed");
    let chunked = scenario.ends_with("-chunked");
    let shape = scenario
        .trim_end_matches("-chunked")
        .rsplit('-')
        .next()
        .unwrap_or("objects")
        .to_owned();
    let mut reply = big_answer(&shape);
    if chunked {
        reply = reply.framing(Framing::Chunked);
    }
    let server = Hostile::start(move |_| reply.clone()).await;
    let api = api(
        &server,
        restored(&server.base(), false),
        Duration::from_secs(120),
    );
    let before = peak_mib();
    let started = Instant::now();
    let outcome = match (typed, shape.as_str()) {
        (false, _) => api
            .call::<serde_json::Value>("users.getInfo", okru::Params::new())
            .await
            .map(|v| v.as_array().map_or(0, Vec::len)),
        (true, "objects") => api
            .call::<Vec<okru::ok::types::User>>("users.getInfo", okru::Params::new())
            .await
            .map(|v| v.len()),
        (true, _) => api
            .call::<Vec<okru::ids::UserId>>("friends.get", okru::Params::new())
            .await
            .map(|v| v.len()),
    };
    let peak = peak_mib();
    let body_mib = 31.0;
    println!(
        "scenario={scenario} outcome={:?} baseline_mib={before:.0} peak_mib={peak:.0} above_baseline_mib={:.0} multiple_of_body={:.1} ms={}",
        outcome.map_err(|e| format!("{:?}", e.kind())),
        peak - before,
        (peak - before) / body_mib,
        started.elapsed().as_millis()
    );
}

/// The implicit flow meets a 1 GiB login page.
async fn page() {
    let server = Hostile::start(|_| {
        Reply::repeat(
            200,
            "text/html",
            "<html><body>",
            "<p>x</p>",
            (1 << 30) / 8,
            "",
        )
        .framing(Framing::Chunked)
    })
    .await;
    let before = peak_mib();
    let started = Instant::now();
    let result = okru::ok::ImplicitSession::client(
        512,
        ApplicationKey::new("CBAKEY"),
        "alice",
        Password::new("pw"),
    )
    .endpoints(OAuthEndpoints::at(&server.base()))
    .authorize()
    .await;
    println!(
        "scenario=page-1gib outcome={:?} baseline_mib={before:.0} peak_mib={:.0} ms={}",
        result.map(|_| ()).map_err(|e| format!("{:?}", e.kind())),
        peak_mib(),
        started.elapsed().as_millis()
    );
}

/// Eight concurrent calls, each answered by 31 MiB of ids decoded as `Vec<UserId>`; with
/// `-budget`, through a 40 MiB byte budget.
async fn concurrent(scenario: &str) {
    let reply = big_answer("ids");
    let server = Hostile::start(move |_| reply.clone()).await;
    let builder = Api::builder(restored(&server.base(), false))
        .base_url(server.url("/fb.do"))
        .timeout(Duration::from_secs(300));
    let builder = if scenario.ends_with("-budget") {
        builder.max_total_body_bytes(40 * 1024 * 1024)
    } else {
        builder
    };
    let api = builder.build().unwrap();
    let before = peak_mib();
    let started = Instant::now();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let api = api.clone();
            tokio::spawn(async move {
                api.call::<Vec<okru::ids::UserId>>("friends.get", okru::Params::new())
                    .await
                    .map(|v| v.len())
            })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        ok += usize::from(task.await.unwrap().is_ok());
    }
    println!(
        "scenario={scenario} calls=8 ok={ok} baseline_mib={before:.0} peak_mib={:.0} ms={}",
        peak_mib(),
        started.elapsed().as_millis()
    );
}

fn main() {
    let scenario = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        match scenario.as_str() {
            s if s.starts_with("renewal") => renewal(s).await,
            "errors-40x31mib" => errors().await,
            s if s.starts_with("value-31mib") || s.starts_with("typed-31mib") => big(s).await,
            "page-1gib" => page().await,
            s if s.starts_with("concurrent-8x31mib") => concurrent(s).await,
            "" => println!("name a scenario; see the file's header"),
            other => println!("unknown scenario {other}"),
        }
    });
}
