//! Busy (429) and unavailable (503) answers with real `Retry-After` values, scripted in the
//! sandbox, and what the console does with them: it waits as long as asked (up to 5 s), reports
//! longer waits at once, never repeats a write the server may have processed, and drops a read
//! that a newer one superseded instead of retrying it.
//!
//! The sandbox's request log ([`Harness::logged_requests`]) says when each API request arrived
//! and how it was answered.

use mobileid_e2e::mobileid_sandbox::store::SAMPLE_ACCOUNT;
use mobileid_e2e::mobileid_sandbox::ScriptedFault;
use mobileid_e2e::{sandbox_config, Harness};
use serde_json::Value;
use std::time::{Duration, Instant};

/// The account page's read that `#with-statistics` sends (as the browser logs it).
const ACCOUNT_READ: &str = "/api/accounts?statistics=false&";
const PROPERTIES: &str = "/api/application-configuration/properties";

async fn signed_in(label: &str) -> Harness {
    let h = Harness::start(sandbox_config(label)).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h
}

fn faults_left(h: &Harness) -> usize {
    h.sandbox.state.scripted_faults.lock().unwrap().faults.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_read_is_retried_after_the_three_seconds_asked_for() {
    let mut h = signed_in("retry-after-3").await;
    h.script_faults(&[ScriptedFault::too_many(3)]);
    h.allow_failed_request(ACCOUNT_READ, 429);
    h.click("#with-statistics").await;
    h.wait_for_text("main", "Statistics not requested").await;
    let reads = h.logged_requests("GET", "/api/accounts");
    let statuses: Vec<u16> = reads.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 200], "one refusal, one retry: {reads:?}");
    let waited = reads[1].at - reads[0].at;
    assert!(
        waited >= Duration::from_secs(3),
        "the retry came {waited:?} after the 429 (Retry-After: 3)"
    );
    assert!(
        waited < Duration::from_secs(6),
        "the retry came {waited:?} after the 429, not soon after the 3 s"
    );
    assert!(!h.exists(".toast.error").await, "the admin saw no error");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wait_longer_than_five_seconds_is_reported_at_once() {
    let mut h = signed_in("retry-after-30").await;
    h.script_faults(&[ScriptedFault::too_many(30)]);
    h.allow_failed_request(ACCOUNT_READ, 429);
    let started = Instant::now();
    h.click("#with-statistics").await;
    h.wait_for_text("main", "Too many requests").await;
    let shown = started.elapsed();
    assert!(
        shown < Duration::from_secs(4),
        "the error showed after {shown:?}, not at once"
    );
    // Nothing is sent again in the time the console would wait at most (5 s).
    tokio::time::sleep(Duration::from_secs(6).saturating_sub(shown)).await;
    let reads = h.logged_requests("GET", "/api/accounts");
    let statuses: Vec<u16> = reads.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429], "sent once, not retried: {reads:?}");
    assert_eq!(faults_left(&h), 0);
    h.finish().await;
}

fn stored_amount_failures_allowed(h: &Harness) -> Option<Value> {
    let config = h
        .sandbox
        .state
        .store
        .configuration(SAMPLE_ACCOUNT)
        .unwrap()
        .unwrap();
    config.properties.get("amountFailuresAllowed").cloned()
}

async fn reviewing_an_edit(label: &str) -> Harness {
    let h = signed_in(label).await;
    h.click("#nav-configuration").await;
    h.find("#prop-amountFailuresAllowed").await;
    h.fill("#prop-amountFailuresAllowed", "6").await;
    h.click("#save-properties").await;
    h.find("#review-confirm").await;
    h
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unavailable_properties_write_is_sent_once_and_the_edit_is_kept() {
    let mut h = reviewing_an_edit("retry-after-patch-503").await;
    // The server even says when to come back: a write it may have processed is still not
    // repeated.
    h.script_faults(&[ScriptedFault {
        status: 503,
        retry_after_secs: Some(1),
        method: Some("PATCH"),
    }]);
    h.allow_failed_request(PROPERTIES, 503);
    h.click("#review-confirm").await;
    h.wait_for_text("#save-error", "503").await;
    // Longer than the Retry-After and the console's default wait.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let writes = h.logged_requests("PATCH", PROPERTIES);
    let statuses: Vec<u16> = writes.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [503],
        "the PATCH was sent exactly once: {writes:?}"
    );
    assert_eq!(h.value("#prop-amountFailuresAllowed").await, "6", "kept");
    assert_ne!(stored_amount_failures_allowed(&h), Some(Value::from("6")));
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_properties_write_was_not_processed_and_is_sent_again_after_the_wait() {
    let mut h = reviewing_an_edit("retry-after-patch-429").await;
    h.script_faults(&[ScriptedFault::too_many(2).on("PATCH")]);
    h.allow_failed_request(PROPERTIES, 429);
    h.click("#review-confirm").await;
    h.wait_for_text("#change-count", "No unsaved changes").await;
    let writes = h.logged_requests("PATCH", PROPERTIES);
    let statuses: Vec<u16> = writes.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 200], "{writes:?}");
    let waited = writes[1].at - writes[0].at;
    assert!(waited >= Duration::from_secs(2), "{waited:?}");
    assert_eq!(stored_amount_failures_allowed(&h), Some(Value::from("6")));
    h.finish().await;
}

const CERTIFICATES: &str = "/api/signing-certificates";

/// The signing certificates page's state filter.
async fn filter_certificates(h: &Harness, state: &str) {
    h.find("#certificate-state-filter")
        .await
        .select_by_value(state)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_waiting_to_be_retried_is_dropped_when_a_newer_one_supersedes_it() {
    let mut h = signed_in("retry-after-superseded").await;
    h.click("#nav-signing-certificates").await;
    h.wait_for_text("#certificates-count", "3 certificates")
        .await;
    h.script_faults(&[ScriptedFault::too_many(5)]);
    filter_certificates(&h, "ACTIVE").await;
    // Refused: the console now waits 5 s before reading the active certificates again.
    let refused = h.answered("GET", CERTIFICATES, 429).await;
    assert!(refused.uri.contains("state=ACTIVE"), "{refused:?}");
    h.allow_failed_api_request(&refused);
    // Another filter meanwhile: its read goes out at once, not after the wait.
    let changed = Instant::now();
    filter_certificates(&h, "DEACTIVATED").await;
    h.wait_for_text("#certificates-count", "1 certificate")
        .await;
    let shown = changed.elapsed();
    assert!(
        shown < Duration::from_secs(4),
        "the new filter's list showed {shown:?} after the change, not at once"
    );
    // Past the moment the superseded read would have been sent again (5 s after the 429).
    tokio::time::sleep(Duration::from_secs(7).saturating_sub(refused.at.elapsed())).await;
    // Each read: its path and query, status, and when it came after the refusal.
    let reads: Vec<(String, u16, Duration)> = h
        .logged_requests("GET", CERTIFICATES)
        .into_iter()
        .map(|r| (r.uri, r.status, r.at.saturating_duration_since(refused.at)))
        .collect();
    assert_eq!(
        reads.len(),
        2,
        "the refused read was not retried: {reads:?}"
    );
    assert!(
        reads[0].0.contains("state=ACTIVE") && reads[0].1 == 429,
        "{reads:?}"
    );
    assert!(
        reads[1].0.contains("state=DEACTIVATED") && reads[1].1 == 200,
        "{reads:?}"
    );
    assert_eq!(h.text("#certificates-count").await, "1 certificate.");
    assert!(!h.exists(".toast.error").await, "the admin saw no error");
    assert!(!h.exists(".banner.error").await, "the admin saw no error");
    h.finish().await;
}
