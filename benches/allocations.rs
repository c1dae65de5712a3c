//! Allocations and bytes allocated per call, SDK versus raw reqwest, counted by a global
//! allocator.
//!
//! Only the main thread is counted (a thread-local switch): the client runs there on a
//! current-thread runtime, the local server on a thread of its own, so the server's
//! allocations are not in the figures. A reallocation counts as one allocation of its new
//! size. Each side makes `OKRU_BENCH_CALLS` sequential calls (default 2000) after a warm-up,
//! alternating sides over `OKRU_BENCH_ROUNDS` rounds (default 3).
//!
//! Run: `cargo bench --bench allocations`

#[path = "support/mod.rs"]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

use okru::ids::UserId;
use support::*;

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static COUNTED: Cell<bool> = const { Cell::new(false) };
}

fn count(size: usize) {
    // `try_with`: during thread teardown the switch may be gone; then nothing is counted.
    if COUNTED.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(size as u64, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded to the system allocator unchanged; counting only reads a
// const-initialised thread-local and bumps atomics, neither of which allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let calls = env_or("OKRU_BENCH_CALLS", 2000);
    let rounds = env_or("OKRU_BENCH_ROUNDS", 3);
    let address = serve_on_thread(friends_body());
    let base = format!("http://{address}/fb.do");
    let url = signed_url(&base);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let raw = reqwest::Client::new();
    let api = api(&base);

    // Returns (allocations, bytes) per call.
    let measure = |sdk: bool| -> (f64, f64) {
        runtime.block_on(async {
            for _ in 0..50 {
                one(sdk, &raw, &url, &api).await;
            }
            let (a, b) = (
                ALLOCATIONS.load(Ordering::Relaxed),
                BYTES.load(Ordering::Relaxed),
            );
            COUNTED.with(|c| c.set(true));
            for _ in 0..calls {
                one(sdk, &raw, &url, &api).await;
            }
            COUNTED.with(|c| c.set(false));
            let n = calls as f64;
            (
                (ALLOCATIONS.load(Ordering::Relaxed) - a) as f64 / n,
                (BYTES.load(Ordering::Relaxed) - b) as f64 / n,
            )
        })
    };

    // The boxed future of a generated builder's call is one allocation of this size.
    let future = std::future::IntoFuture::into_future(api.friends().get());
    println!(
        "the SDK call's boxed future: {} bytes",
        std::mem::size_of_val(&*future)
    );
    drop(future);

    let mut extra_allocations = Vec::new();
    let mut extra_bytes = Vec::new();
    for round in 0..rounds {
        let (raw_figure, sdk_figure) = if round % 2 == 0 {
            let r = measure(false);
            (r, measure(true))
        } else {
            let s = measure(true);
            (measure(false), s)
        };
        println!(
            "round {round}: raw {:.1} allocations {:.0} bytes per call | sdk {:.1} allocations {:.0} bytes per call | sdk - raw: {:+.1} allocations {:+.0} bytes",
            raw_figure.0,
            raw_figure.1,
            sdk_figure.0,
            sdk_figure.1,
            sdk_figure.0 - raw_figure.0,
            sdk_figure.1 - raw_figure.1
        );
        extra_allocations.push(sdk_figure.0 - raw_figure.0);
        extra_bytes.push(sdk_figure.1 - raw_figure.1);
    }
    let (lo, mid, hi) = spread(&extra_allocations);
    let (blo, bmid, bhi) = spread(&extra_bytes);
    println!(
        "sdk - raw per call: allocations min {lo:+.1} median {mid:+.1} max {hi:+.1}; bytes min {blo:+.0} median {bmid:+.0} max {bhi:+.0}"
    );
}

async fn one(
    sdk: bool,
    raw: &reqwest::Client,
    url: &url::Url,
    api: &okru::ok::Api<okru::ok::ClientSession>,
) {
    let ids: Vec<UserId> = if sdk {
        api.friends().get().await.unwrap()
    } else {
        let response = raw.get(url.clone()).send().await.unwrap();
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
    };
    assert_eq!(ids.len(), 20);
}
