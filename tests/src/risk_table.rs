//! The flagged-hash table of the Risk screen driven over the whole data set: shown from another
//! page, filtered, sorted and paged, each step waited for until the DOM shows its result. The
//! browser test checks that every step ends where it should; `bench` reports how long each
//! took (a measurement, never a pass/fail threshold: timings on a shared machine are not a
//! promise a test can keep).

use crate::{grouped, Harness};
use mobileid_sandbox::store::{DeviceRow, SAMPLE_ACCOUNT};

/// How long the steps took, in ms (`performance.now()` in the page, until the next frame is
/// painted after the DOM showed the result).
#[derive(Clone, Debug, PartialEq)]
pub struct Timings {
    /// Flagged hashes in the list.
    pub hashes: usize,
    /// From leaving another page to the list shown (request, JSON, a table of 50 rows).
    pub render_ms: f64,
    /// Each filter change and each clearing of the filter.
    pub filter_ms: Vec<f64>,
    pub sort_ms: f64,
    pub next_page_ms: f64,
}

impl Timings {
    pub fn worst_filter_ms(&self) -> f64 {
        self.filter_ms.iter().copied().fold(0.0, f64::max)
    }

    pub fn mean_filter_ms(&self) -> f64 {
        self.filter_ms.iter().sum::<f64>() / self.filter_ms.len().max(1) as f64
    }
}

/// The flagged hashes (allowance 1) as the console's filter sees them: each hash with its
/// user ids.
pub fn flagged_with_users(h: &Harness) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for d in h
        .sandbox
        .state
        .store
        .suspicious_devices(SAMPLE_ACCOUNT, 1)
        .unwrap()
    {
        match out.last_mut() {
            Some((hash, users)) if *hash == d.device_hash => users.push(d.user_id),
            _ => out.push((d.device_hash, vec![d.user_id])),
        }
    }
    out
}

/// `count` more hashes, each shared by two users, one device each, used recently.
pub fn extra_flagged_devices(count: usize) -> Vec<DeviceRow> {
    use base64::Engine;
    let mut rows = Vec::with_capacity(count * 2);
    for i in 0..count {
        let mut bytes = [0x5au8; 32];
        bytes[..8].copy_from_slice(&(i as u64 + 1).to_be_bytes());
        let hash = base64::engine::general_purpose::URL_SAFE.encode(bytes);
        for user in 0..2 {
            rows.push(DeviceRow {
                id: format!("perf-device-{i}-{user}"),
                account_id: SAMPLE_ACCOUNT.into(),
                user_id: format!("perf-user-{i}-{user}"),
                device_hash: hash.clone(),
                platform: "Android".into(),
                sdk_version: "3.23".into(),
                state: 2,
                created: "2026-01-01T00:00:00.000Z".into(),
                last_used: format!("2026-02-{:02}T12:00:00.000Z", 1 + i % 28),
            });
        }
    }
    rows
}

/// Shows the list from the account page, filters (each needle that narrows it, then clears),
/// sorts by hash and goes to the next page, waiting each time until the DOM shows the expected
/// result (the counts and the first hash are worked out from the sandbox's rows). Prints the
/// times on stderr (bench's stdout is its JSON) and answers them; a step that never shows its
/// result fails the calling test.
pub async fn exercise(h: &Harness, label: &str) -> Timings {
    let flagged = flagged_with_users(h);
    let n = flagged.len();
    let count_text = |m: usize| {
        format!(
            "{} of {} hashes match",
            grouped(m as u64),
            grouped(n as u64)
        )
    };
    h.eval("location.hash = '#/account';").await;
    h.find("#account-name").await;
    let (render_dom, render_ms) = h
        .time_in_page("location.hash = '#/risk';", "#hash-count", &count_text(n))
        .await;
    eprintln!(
        "[{label}] {n} flagged hashes: list shown after {render_dom:.0} ms, painted after \
         {render_ms:.0} ms"
    );

    let mut filter_ms: Vec<f64> = Vec::new();
    for needle in ["wBHQ4HC3", "aaa", "perf-user-4", "zz", "-"] {
        let lower = needle.to_lowercase();
        let matching = flagged
            .iter()
            .filter(|(hash, users)| {
                hash.to_lowercase().contains(&lower)
                    || users.iter().any(|u| u.to_lowercase().contains(&lower))
            })
            .count();
        if matching == n {
            continue;
        }
        let set = format!(
            "const el = document.getElementById('hash-filter'); el.value = {}; el.dispatchEvent(new Event('input', {{ bubbles: true }}));",
            serde_json::json!(needle)
        );
        let (dom, paint) = h
            .time_in_page(&set, "#hash-count", &count_text(matching))
            .await;
        eprintln!("[{label}] filter {needle:?} → {matching} of {n}: DOM {dom:.1} ms, painted {paint:.1} ms");
        filter_ms.push(paint);
        let clear = "const el = document.getElementById('hash-filter'); el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true }));";
        let (dom, paint) = h.time_in_page(clear, "#hash-count", &count_text(n)).await;
        eprintln!("[{label}] clear the filter → {n}: DOM {dom:.1} ms, painted {paint:.1} ms");
        filter_ms.push(paint);
    }
    let first = flagged
        .iter()
        .map(|(hash, _)| hash.as_str())
        .min()
        .unwrap()
        .to_string();
    let (dom, sort_ms) = h
        .time_in_page(
            "document.getElementById('sort-hash').click();",
            "#hash-table tbody tr:first-child",
            &first,
        )
        .await;
    eprintln!("[{label}] sort by hash: DOM {dom:.1} ms, painted {sort_ms:.1} ms");
    let (dom, next_page_ms) = h
        .time_in_page(
            "document.getElementById('page-next').click();",
            "#page-status",
            "51–100",
        )
        .await;
    eprintln!("[{label}] next page: DOM {dom:.1} ms, painted {next_page_ms:.1} ms");
    let timings = Timings {
        hashes: n,
        render_ms,
        filter_ms,
        sort_ms,
        next_page_ms,
    };
    eprintln!(
        "[{label}] filter: mean {:.1} ms, worst {:.1} ms over {} changes",
        timings.mean_filter_ms(),
        timings.worst_filter_ms(),
        timings.filter_ms.len()
    );
    timings
}
