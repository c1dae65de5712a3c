//! Decoding a body: okru's path (empty/HTML checks, the OK error envelope, the direct
//! decode, the trailing-garbage check) versus `serde_json::from_slice` alone, on 100 KB and
//! 1 MB bodies, into a typed `Vec<User>` and into `serde_json::Value`.
//!
//! The two are interleaved: each round times a batch of one, then a batch of the other
//! (alternating which goes first), and the ratio okru / serde_json of that round is printed;
//! then min / median / max over the rounds.
//!
//! Run: `cargo bench --bench decode` (`OKRU_BENCH_ROUNDS`, default 15).

#[path = "support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::Instant;

use bytes::Bytes;
use serde::de::DeserializeOwned;
use support::*;

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct User {
    uid: String,
    first_name: String,
    last_name: String,
    gender: String,
    age: u32,
    online: Option<String>,
    location: Location,
    pic_128x128: String,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Location {
    city: String,
    country: String,
}

/// A `users.getInfo`-like list of users of at least `size` bytes.
fn body(size: usize) -> Bytes {
    let mut out = String::from("[");
    let mut i = 0u64;
    while out.len() < size {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            r#"{{"uid":"{}","first_name":"Имя{i}","last_name":"Фамилия","gender":"female","age":{},"online":null,"location":{{"city":"Москва","country":"RUSSIAN_FEDERATION"}},"pic_128x128":"https://i.mycdn.me/i?r=AbCdEf{i}"}}"#,
            574_000_000_000u64 + i,
            18 + i % 50
        ));
        i += 1;
    }
    out.push(']');
    Bytes::from(out)
}

fn compare<T: DeserializeOwned>(label: &str, body: &Bytes, rounds: usize) {
    // Enough decodes per batch for about 20 ms of work.
    let batch = (20_000_000 / body.len()).max(2);
    let okru_batch = || {
        let started = Instant::now();
        for _ in 0..batch {
            black_box(
                okru::http::decode_body_for_bench::<okru::ok::OkRu, T>(black_box(body.clone()))
                    .unwrap(),
            );
        }
        started.elapsed().as_secs_f64()
    };
    let serde_batch = || {
        let started = Instant::now();
        for _ in 0..batch {
            black_box(serde_json::from_slice::<T>(black_box(body)).unwrap());
        }
        started.elapsed().as_secs_f64()
    };
    okru_batch();
    serde_batch();
    let mut ratios = Vec::new();
    for round in 0..rounds {
        let (okru_time, serde_time) = if round % 2 == 0 {
            let o = okru_batch();
            (o, serde_batch())
        } else {
            let s = serde_batch();
            (okru_batch(), s)
        };
        ratios.push(okru_time / serde_time);
    }
    let (lo, mid, hi) = spread(&ratios);
    println!(
        "{label:<22} {:>8} bytes: okru / serde_json min {lo:.3} median {mid:.3} max {hi:.3}",
        body.len()
    );
}

fn main() {
    let rounds = env_or("OKRU_BENCH_ROUNDS", 15);
    for size in [100_000, 1_000_000] {
        let body = body(size);
        compare::<Vec<User>>("typed Vec<User>", &body, rounds);
        compare::<serde_json::Value>("serde_json::Value", &body, rounds);
    }
}
