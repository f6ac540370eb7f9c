//! What the sandbox's test crates share. Each of them compiles this module on its own
//! (`mod common;`, or `#[path]` from a directory crate), so an item only some of them use is
//! allowed to be dead in the others.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A sandbox data directory under the system's temporary directory that no other test of
/// this run, nor any other run, uses: named after the test crate, the process, `name`, a
/// counter and the clock.
pub fn unique_dir(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    std::env::temp_dir().join(format!(
        "mobileid-sandbox-{}-{}-{name}-{}-{nanos}",
        env!("CARGO_CRATE_NAME"),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ))
}

/// Sends a request the contract's client built (`Call::request`) to a sandbox over HTTP.
#[allow(dead_code)]
pub async fn send(http: &reqwest::Client, request: &http::Request<Vec<u8>>) -> reqwest::Response {
    http.request(request.method().clone(), request.uri().to_string())
        .headers(request.headers().clone())
        .body(request.body().clone())
        .send()
        .await
        .expect("the sandbox answers")
}
