//! Injected and scripted faults.

use crate::common::unique_dir;
use crate::harness::{config, Harness};
use mobileid_sandbox::{FaultConfig, ScriptedFault};

#[tokio::test]
async fn injected_faults_answer_503_or_429_with_retry_after() {
    let mut config = config(unique_dir("faults"));
    config.faults = Some(FaultConfig {
        rate: 1.0,
        latency_ms: 0,
    });
    let h = Harness::with(config);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..40 {
        let response = h.raw(h.api.get_risk_indicators()).await;
        let status = response.status().as_u16();
        assert!(status == 503 || status == 429, "{status}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        if status == 429 {
            assert_eq!(response.headers()["retry-after"], "1");
        }
        seen.insert(status);
    }
    assert_eq!(seen.len(), 2, "both kinds of failure: {seen:?}");
    h.finish();

    let mut config = self::config(unique_dir("latency"));
    config.faults = Some(FaultConfig {
        rate: 0.0,
        latency_ms: 30,
    });
    let h = Harness::with(config);
    for _ in 0..5 {
        h.ok(h.api.get_risk_indicators()).await;
    }
    h.finish();
}

#[tokio::test]
async fn scripted_faults_carry_their_own_retry_after_and_requests_are_logged() {
    let h = Harness::start("scripted-faults");
    {
        let mut script = h.state.scripted_faults.lock().unwrap();
        script.requests = Some(Vec::new());
        script.faults.extend([
            ScriptedFault::too_many(30),
            ScriptedFault::unavailable(),
            ScriptedFault {
                status: 503,
                retry_after_secs: Some(7),
                method: None,
            },
        ]);
    }
    let response = h.raw(h.api.get_risk_indicators()).await;
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(response.headers()["retry-after"], "30");
    let response = h.raw(h.api.get_risk_indicators()).await;
    assert_eq!(response.status().as_u16(), 503);
    assert!(response.headers().get("retry-after").is_none());
    let response = h.raw(h.api.get_risk_indicators()).await;
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.headers()["retry-after"], "7");
    // The script is used up: the next request reaches its handler.
    h.ok(h.api.get_risk_indicators()).await;
    let log = h.state.logged_requests();
    let statuses: Vec<u16> = log.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 503, 503, 200]);
    assert!(log.iter().all(|r| r.method == "GET"), "{log:?}");
    assert!(log.windows(2).all(|w| w[0].at <= w[1].at), "in order");
    h.finish();
}

#[tokio::test]
async fn a_scripted_fault_for_a_method_waits_for_a_request_with_that_method() {
    let h = Harness::start("scripted-fault-method");
    h.state
        .scripted_faults
        .lock()
        .unwrap()
        .faults
        .push_back(ScriptedFault::unavailable().on("PUT"));
    let read = h.raw(h.api.get_risk_indicators()).await;
    assert_eq!(read.status(), 200, "a GET passes the PUT's fault by");
    let write = h.raw(h.api.update_risk_indicators(2)).await;
    assert_eq!(write.status(), 503);
    let again = h.raw(h.api.update_risk_indicators(2)).await;
    assert_eq!(again.status(), 200, "used once");
}
