//! Fan-out: peak memory and calls/s with 1,000 and 10,000 calls in flight on one `Api`.
//!
//! The local server runs in a child process (so that its sockets and memory are not
//! counted, and the two sides' 10,000 sockets each stay within the file limit); every case
//! runs in a fresh child process of its own, so that its peak RSS (`VmHWM` of
//! `/proc/self/status`) is its alone. A case spawns `in flight` tasks each making one call,
//! waits for all of them, and does so `OKRU_BENCH_WAVES` times (default 3). Cases: the
//! default cap (`DEFAULT_MAX_IN_FLIGHT`) and no cap (`max_in_flight(usize::MAX)`, the
//! behaviour before the cap existed), on a current-thread and a multi-thread runtime.
//!
//! Run: `cargo bench --bench fanout` (`OKRU_BENCH_RUNS`, default 1, repeats every case).

#[path = "support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

use support::*;

fn main() {
    if std::env::var_os("OKRU_FANOUT_SERVE").is_some() {
        return serve_forever();
    }
    if let Ok(case) = std::env::var("OKRU_FANOUT_CASE") {
        return run_case(&case);
    }
    let exe = std::env::current_exe().unwrap();
    let mut server = Command::new(&exe)
        .env("OKRU_FANOUT_SERVE", "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut address = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut address)
        .unwrap();
    let runs = env_or("OKRU_BENCH_RUNS", 1);
    for _ in 0..runs {
        for in_flight in [1_000, 10_000] {
            for flavor in ["current", "multi"] {
                for cap in ["default", "none"] {
                    let case = format!("{in_flight} {flavor} {cap} {}", address.trim());
                    let output = Command::new(&exe)
                        .env("OKRU_FANOUT_CASE", &case)
                        .output()
                        .unwrap();
                    print!("{}", String::from_utf8_lossy(&output.stdout));
                    eprint!("{}", String::from_utf8_lossy(&output.stderr));
                }
            }
        }
    }
    server.kill().unwrap();
    server.wait().unwrap();
}

fn serve_forever() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        // A long accept queue: without a cap the client opens thousands of connections at
        // once.
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let listener = socket.listen(16_384).unwrap();
        println!("{}", listener.local_addr().unwrap());
        serve(listener, friends_body()).await;
    });
}

fn run_case(case: &str) {
    let mut words = case.split(' ');
    let in_flight: usize = words.next().unwrap().parse().unwrap();
    let flavor = words.next().unwrap();
    let cap = words.next().unwrap();
    let address = words.next().unwrap();
    let waves = env_or("OKRU_BENCH_WAVES", 3);
    let runtime = match flavor {
        "current" => tokio::runtime::Builder::new_current_thread(),
        _ => tokio::runtime::Builder::new_multi_thread(),
    }
    .enable_all()
    .build()
    .unwrap();
    let base = format!("http://{address}/fb.do");
    let mut builder = okru::ok::Api::builder(session())
        .base_url(&base)
        .retry(okru::RetryPolicy::none());
    if cap == "none" {
        builder = builder.max_in_flight(usize::MAX);
    }
    let api = builder.build().unwrap();
    let (failed, seconds) = runtime.block_on(async {
        let started = Instant::now();
        let mut failed = 0usize;
        for _ in 0..waves {
            let mut tasks = tokio::task::JoinSet::new();
            for _ in 0..in_flight {
                let api = api.clone();
                tasks.spawn(async move { api.friends().get().await.map(|ids| ids.len()) });
            }
            while let Some(done) = tasks.join_next().await {
                if !matches!(done, Ok(Ok(20))) {
                    failed += 1;
                }
            }
        }
        (failed, started.elapsed().as_secs_f64())
    });
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let hwm_kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(f64::NAN);
    let calls = (in_flight * waves) as f64;
    println!(
        "in flight {in_flight:>5}, {flavor:<7} runtime, cap {cap:<7}: peak RSS {:7.1} MiB, {:8.0} calls/s, {failed} failed",
        hwm_kib / 1024.0,
        calls / seconds
    );
}
