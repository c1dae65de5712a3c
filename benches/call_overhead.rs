//! A full call through the SDK against the local sandbox, versus raw reqwest fetching the
//! same prepared (already signed) URL from the same server, in the same run.
//!
//! - `raw_reqwest_bytes`: GET the prepared URL, read the body (the floor: HTTP alone).
//! - `raw_reqwest_json`: the same, plus decoding the body into the same Rust type.
//! - `sdk_typed_call`: `api.friends().get().await`: builder, signing, URL building, HTTP,
//!   error detection and typed decoding.
//!
//! The ratio sdk / raw is the SDK's overhead per call. Run: `cargo bench --bench call_overhead`

use criterion::{Criterion, criterion_group, criterion_main};
use okru::ids::UserId;
use okru::ok::{Api, ClientSession};
use okru::{Params, Session};
use okru_sandbox::{Sandbox, fixtures};

fn session() -> ClientSession {
    ClientSession::new(
        fixtures::ok::APP_ID,
        okru::ApplicationKey::new(fixtures::ok::APPLICATION_KEY),
        okru::AccessToken::new(fixtures::ok::ALICE_ACCESS_TOKEN),
        okru::SessionSecretKey::new(fixtures::ok::ALICE_SESSION_SECRET_KEY),
    )
}

/// The floor: fetch the prepared URL and read the body.
async fn raw_bytes(client: &reqwest::Client, url: &url::Url) -> bytes::Bytes {
    let response = client.get(url.clone()).send().await.unwrap();
    response.bytes().await.unwrap()
}

/// The floor plus decoding into the same type the SDK returns.
async fn raw_json(client: &reqwest::Client, url: &url::Url) -> Vec<UserId> {
    serde_json::from_slice(&raw_bytes(client, url).await).unwrap()
}

fn bench(c: &mut Criterion) {
    // The server gets its own thread, the client another: the two cores of the machine.
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sandbox = server.block_on(Sandbox::start()).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    sandbox.set_recording(false);

    // The URL the SDK would send, prepared once.
    let mut params = Params::new();
    session().authorize("friends.get", &mut params).unwrap();
    let url = url::Url::parse_with_params(&sandbox.ok_api_url(), params.iter()).unwrap();
    let raw = reqwest::Client::builder().build().unwrap();
    let api = Api::builder(session())
        .base_url(sandbox.ok_api_url())
        .build()
        .unwrap();

    // Sanity: all three see the same answer.
    let expected: Vec<UserId> = runtime.block_on(async { api.friends().get().await.unwrap() });
    let raw_answer = runtime.block_on(raw_json(&raw, &url));
    assert_eq!(expected, raw_answer);
    assert!(!expected.is_empty());

    let mut group = c.benchmark_group("call_overhead");
    group.bench_function("raw_reqwest_bytes", |b| {
        b.to_async(&runtime).iter(|| raw_bytes(&raw, &url))
    });
    group.bench_function("raw_reqwest_json", |b| {
        b.to_async(&runtime).iter(|| raw_json(&raw, &url))
    });
    group.bench_function("sdk_typed_call", |b| {
        b.to_async(&runtime)
            .iter(|| async { api.friends().get().await.unwrap() })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
