//! Signatures per second, with plain MD5 of the same bytes as the baseline measured in the
//! same run (MD5 itself is most of the cost, so the ratio shows what the SDK adds).
//!
//! "Typical" is a `friends.get`-sized OK call: six signed parameters in all (three of the
//! method, plus `application_key`, `format` and `method`). "Heavy" has six method parameters
//! with long lists (nine signed parameters, a 4-block MD5 input).
//!
//! Run: `cargo bench --bench signing`

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use okru::signing::{md5_hex, signature};
use okru::{Params, Session};

const SECRET: &str = "ae5362b5b588cc7294c2414d71b74d5d";

fn typical_method_params() -> Params {
    Params::new()
        .with("fid", 570000000001_u64)
        .with("sort_type", "PRESENT")
        .with("count", 50)
}

fn heavy_method_params() -> Params {
    Params::new()
        .with("uids", ["570000000001", "570000000002", "570000000003"])
        .with(
            "fields",
            ["first_name", "last_name", "pic190x190", "birthday"],
        )
        .with("emptyPictures", false)
        .with("count", 50)
        .with("anchor", "LTE2ODY1MjQ5MjA")
        .with("direction", "FORWARD")
}

/// The complete signed set of a call: the method's parameters plus the common ones.
fn signed_set(method_params: Params, method: &str) -> Vec<(String, String)> {
    method_params
        .with("application_key", "CBAFJIICABABABABA")
        .with("format", "json")
        .with("method", method.to_owned())
        .iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn concatenated(pairs: &[(String, String)]) -> String {
    let mut sorted = pairs.to_vec();
    sorted.sort();
    let mut text: String = sorted.iter().map(|(k, v)| format!("{k}={v}")).collect();
    text.push_str(SECRET);
    text
}

fn bench_case(c: &mut Criterion, name: &str, method: &str, method_params: fn() -> Params) {
    let mut group = c.benchmark_group(format!("signing_{name}"));
    group.throughput(Throughput::Elements(1));
    let pairs = signed_set(method_params(), method);
    let text = concatenated(&pairs);

    group.bench_function("baseline_md5_of_prepared_string", |b| {
        b.iter(|| md5_hex(&[black_box(text.as_bytes())]))
    });
    group.bench_function("signature", |b| {
        b.iter(|| {
            signature(
                "",
                black_box(&pairs)
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str())),
                SECRET,
            )
        })
    });
    let session = okru::ok::ClientSession::new(
        512000000001,
        okru::ApplicationKey::new("CBAFJIICABABABABA"),
        okru::AccessToken::new("-s-84W-s3egarWUsbkq-IWTucuedzTKT8VUXIA.s4Xx8IW7"),
        okru::SessionSecretKey::new(SECRET),
    );
    let template = method_params();
    group.bench_function("ok_client_authorize", |b| {
        b.iter_batched_ref(
            || template.clone(),
            |params| session.authorize(method, params).unwrap(),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    bench_case(c, "typical", "friends.get", typical_method_params);
    bench_case(c, "heavy", "users.getInfo", heavy_method_params);
}

criterion_group!(benches, bench);
criterion_main!(benches);
