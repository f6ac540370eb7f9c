//! Benchmark (not a test): time to interactive of the built console in headless Chromium.
//! Run through `scripts/bench.sh`, which also reports the compressed bytes of the first screen.
//!
//! For each of `BENCH_RUNS` (default 5) cold starts (fresh browser profile, empty cache):
//! * `ready`: the console's own `performance.mark("mobileid-console-ready")` — config loaded,
//!   wasm started, sign-in screen rendered and usable;
//! * `dcl`: DOMContentLoaded of the page;
//! * `account`: after signing in, from the callback page's navigation start until the account
//!   page shows the account (token exchange + first API call + render).
//!
//! Then, once, the Risk screen's flagged-hash table over the seeded data set and over 5,000 more
//! flagged hashes (`risk_table`): until the list is painted, each filter change, a sort and the
//! next page (ms until the next frame after the DOM shows the result). The browser test
//! `the_flagged_hash_table_renders_filters_sorts_and_pages_the_full_data_set` checks the same
//! steps end where they should, without timing them.
//!
//! With `BENCH_FLOOR_DIST` (scripts/bench.sh sets it to target/floor-dist), each run also
//! cold-starts the floor page (tests/floor: Leptos CSR + an `oauth2` PKCE sign-in link) and
//! reads its `floor-ready` mark, so the console's time is reported as a ratio to the floor
//! measured on the same machine under the same load.

use mobileid_e2e::{risk_table, sandbox_config, Harness};
use serde_json::Value;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

async fn number(h: &Harness, script: &str) -> f64 {
    h.eval(script).await.as_f64().unwrap_or(f64::NAN)
}

/// Waits for the performance mark `name` and returns its time after navigation start (ms).
async fn mark_time(h: &Harness, name: &str) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let v = h
            .eval(&format!(
                "const m = performance.getEntriesByName('{name}'); return m.length ? m[0].startTime : null;"
            ))
            .await;
        if let Value::Number(n) = v {
            break n.as_f64().unwrap_or(f64::NAN);
        }
        assert!(
            Instant::now() < deadline,
            "the page never set the mark {name}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// One cold start of the floor page (served like the console, by a sandbox): its ready time.
async fn floor_ready(floor_dist: &std::path::Path) -> f64 {
    let mut config = sandbox_config("bench-floor");
    config.dist_dir = Some(floor_dist.to_path_buf());
    let h = Harness::start(config).await;
    h.open_console().await;
    let ready = mark_time(&h, "floor-ready").await;
    h.finish().await;
    ready
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let floor_dist = std::env::var_os("BENCH_FLOOR_DIST").map(PathBuf::from);
    let (mut ready, mut dcl, mut account, mut transfer) = (vec![], vec![], vec![], vec![]);
    let mut floor = vec![];
    for run in 0..runs {
        if let Some(dist) = &floor_dist {
            floor.push(floor_ready(dist).await);
        }
        let h = Harness::start(sandbox_config("bench")).await;
        h.open_console().await;
        let mark = mark_time(&h, mobileid_console_ready_mark()).await;
        ready.push(mark);
        dcl.push(
            number(
                &h,
                "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;",
            )
            .await,
        );
        transfer.push(number(&h, "return performance.getEntriesByType('resource').reduce((s, r) => s + r.transferSize, performance.getEntriesByType('navigation')[0].transferSize);").await);

        h.sign_in().await;
        h.wait_for_text("#account-name", "Sample Account").await;
        account.push(number(&h, "return performance.now();").await);
        eprintln!(
            "run {}: ready {:.0} ms, account {:.0} ms, floor ready {}",
            run + 1,
            mark,
            account[run],
            floor
                .last()
                .map_or("not measured".into(), |f| format!("{f:.0} ms"))
        );
        h.finish().await;
    }
    let risk = risk_table_timings().await;
    let mut report = serde_json::json!({
        "risk_table": risk,
        "runs": runs,
        "first_screen_ready_ms_median": median(ready.clone()).round(),
        "first_screen_ready_ms_all": ready.iter().map(|v| v.round()).collect::<Vec<_>>(),
        "dom_content_loaded_ms_median": median(dcl).round(),
        "account_page_after_login_ms_median": median(account).round(),
        "first_screen_bytes_transferred_from_sandbox": median(transfer).round(),
    });
    if !floor.is_empty() {
        let floor_median = median(floor.clone());
        report["floor_ready_ms_median"] = floor_median.round().into();
        report["floor_ready_ms_all"] = floor.iter().map(|v| v.round()).collect();
        // Medians of each: the console's ready time as a multiple of the floor's.
        report["first_screen_ready_ratio_to_floor"] =
            ((median(ready) / floor_median * 100.0).round() / 100.0).into();
    }
    println!("{report}");
}

/// The flagged-hash table's timings, seeded and then ten times larger.
async fn risk_table_timings() -> Value {
    let h = Harness::start(sandbox_config("bench-risk")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    let summary = |t: &risk_table::Timings| {
        serde_json::json!({
            "flagged_hashes": t.hashes,
            "list_painted_ms": t.render_ms.round(),
            "filter_mean_ms": (t.mean_filter_ms() * 10.0).round() / 10.0,
            "filter_worst_ms": (t.worst_filter_ms() * 10.0).round() / 10.0,
            "sort_ms": (t.sort_ms * 10.0).round() / 10.0,
            "next_page_ms": (t.next_page_ms * 10.0).round() / 10.0,
        })
    };
    let seeded = risk_table::exercise(&h, "seeded").await;
    h.sandbox
        .state
        .store
        .insert_devices(&risk_table::extra_flagged_devices(5_000))
        .unwrap();
    let large = risk_table::exercise(&h, "large").await;
    h.finish().await;
    serde_json::json!({ "seeded": summary(&seeded), "large": summary(&large) })
}

fn mobileid_console_ready_mark() -> &'static str {
    // Kept equal to `mobileid_console::READY_MARK` (the console crate is wasm-only).
    "mobileid-console-ready"
}
