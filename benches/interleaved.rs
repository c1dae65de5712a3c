//! SDK versus raw reqwest, interleaved in one process so that machine drift lands on both.
//!
//! A raw tokio TCP server on its own thread answers every call with the same 20-id
//! `friends.get` list. The client runs on the main thread (a current-thread runtime), so
//! `getrusage(RUSAGE_THREAD)` of that thread is the client's CPU alone, the server's
//! excluded. Each round runs `OKRU_BENCH_CALLS` calls with raw reqwest (GET of the signed URL
//! the SDK sends, body read, decoded into the same `Vec<UserId>`) and as many with the SDK
//! (`api.friends().get()`, `RetryPolicy::none()`), alternating which goes first, at
//! concurrency 1, 16 and 256. Printed per round: CPU µs per call, calls/s, and the paired
//! ratio SDK / raw; then min / median / max of the ratios.
//!
//! Run: `cargo bench --bench interleaved` (scale with `OKRU_BENCH_ROUNDS`, default 7, and
//! `OKRU_BENCH_CALLS`, default 4000).

#[path = "support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use okru::ids::UserId;
use support::*;

/// CPU time (user + system) of the calling thread.
fn thread_cpu() -> Duration {
    // SAFETY: `getrusage` fills the zeroed struct it is given and reads nothing else.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_THREAD, &mut usage);
        usage
    };
    let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    Duration::from_micros(micros(usage.ru_utime) + micros(usage.ru_stime))
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Raw,
    Sdk,
}

struct Figure {
    cpu_per_call_us: f64,
    calls_per_s: f64,
}

fn main() {
    let rounds = env_or("OKRU_BENCH_ROUNDS", 7);
    let calls = env_or("OKRU_BENCH_CALLS", 4000);
    let address = serve_on_thread(friends_body());
    let base = format!("http://{address}/fb.do");
    let url = signed_url(&base);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let raw = reqwest::Client::new();
    let api = api(&base);

    let run = |side: Side, concurrency: usize| -> Figure {
        runtime.block_on(async {
            let cpu = thread_cpu();
            let started = Instant::now();
            futures_util::stream::iter(0..calls)
                .for_each_concurrent(concurrency, |_| async {
                    let ids: Vec<UserId> = match side {
                        Side::Raw => {
                            let response = raw.get(url.clone()).send().await.unwrap();
                            serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
                        }
                        Side::Sdk => api.friends().get().await.unwrap(),
                    };
                    assert_eq!(ids.len(), 20);
                })
                .await;
            let wall = started.elapsed();
            let cpu = thread_cpu() - cpu;
            Figure {
                cpu_per_call_us: cpu.as_secs_f64() * 1e6 / calls as f64,
                calls_per_s: calls as f64 / wall.as_secs_f64(),
            }
        })
    };

    println!("interleaved: {rounds} rounds of {calls} calls per side");
    for concurrency in [1, 16, 256] {
        // Warm both pools and code paths before measuring.
        run(Side::Raw, concurrency);
        run(Side::Sdk, concurrency);
        let mut cpu_ratios = Vec::new();
        let mut rate_ratios = Vec::new();
        for round in 0..rounds {
            let order = if round % 2 == 0 {
                [Side::Raw, Side::Sdk]
            } else {
                [Side::Sdk, Side::Raw]
            };
            let (mut raw_figure, mut sdk_figure) = (None, None);
            for side in order {
                let figure = run(side, concurrency);
                match side {
                    Side::Raw => raw_figure = Some(figure),
                    Side::Sdk => sdk_figure = Some(figure),
                }
            }
            let (r, s) = (raw_figure.unwrap(), sdk_figure.unwrap());
            let ratio = s.cpu_per_call_us / r.cpu_per_call_us;
            cpu_ratios.push(ratio);
            rate_ratios.push(s.calls_per_s / r.calls_per_s);
            println!(
                "c={concurrency:<3} round {round}: raw {:6.2} µs CPU/call {:8.0} calls/s | sdk {:6.2} µs CPU/call {:8.0} calls/s | CPU ratio sdk/raw {ratio:.3}",
                r.cpu_per_call_us, r.calls_per_s, s.cpu_per_call_us, s.calls_per_s
            );
        }
        let (lo, mid, hi) = spread(&cpu_ratios);
        let (rlo, rmid, rhi) = spread(&rate_ratios);
        println!(
            "c={concurrency:<3} CPU per call sdk/raw: min {lo:.3} median {mid:.3} max {hi:.3}; calls/s sdk/raw: min {rlo:.3} median {rmid:.3} max {rhi:.3}"
        );
    }
}
