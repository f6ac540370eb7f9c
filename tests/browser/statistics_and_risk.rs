//! Statistics and risk in a real browser against the sandbox's seeded data set (10,000+
//! devices of the sample account, hundreds of device hashes shared by 2–6 users): the overview
//! for a period and a date range (numbers, URL, validation, CSV), detailed device statistics,
//! the suspicious-hash list, drilling into a hash and locking it, the risk setting, and how
//! fast the flagged-hash table renders and filters.

use mobileid_admin_contract::models::StateCounts;
use mobileid_e2e::fantoccini::Locator;
use mobileid_e2e::mobileid_sandbox::api::statistics::parse_date;
use mobileid_e2e::mobileid_sandbox::seed::SAMPLE_DEVICE_HASH;
use mobileid_e2e::mobileid_sandbox::store::{DeviceColumn, SAMPLE_ACCOUNT};
use mobileid_e2e::{grouped, risk_table, sandbox_config, Harness};
use std::collections::HashSet;
use time::{Date, Duration, OffsetDateTime};

/// A signed-in console on a sandbox whose today is frozen at `today` (see [`frozen_today`]).
async fn signed_in_on(label: &str, today: Date) -> Harness {
    let mut config = sandbox_config(label);
    config.today = Some(today);
    let h = Harness::start(config).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h
}

async fn go(h: &Harness, fragment: &str) {
    h.eval(&format!("location.hash = {};", serde_json::json!(fragment)))
        .await;
}

/// Waits until the hash view shows `hash` (shortened on screen, whole in `data-full`).
async fn wait_for_detail_hash(h: &Harness, hash: &str) {
    mobileid_e2e::wait_until(&format!("#detail-hash shows {hash}"), async || {
        h.attr("#detail-hash", "data-full").await.as_deref() == Some(hash)
    })
    .await;
}

async fn signed_in(label: &str) -> Harness {
    signed_in_on(label, frozen_today()).await
}

/// The day the sandbox counts back from, frozen for the whole test: the UTC date when the test
/// starts, read once. The sandbox's periods (`SandboxConfig::today`) and every period this test
/// expects derive from this one value, so a test running across midnight cannot see them
/// disagree. The console's own today (the browser's clock, for its warnings and file names) is
/// read from the page where a check depends on it.
fn frozen_today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// `n` days after `date` (before, when negative).
fn add_days(date: Date, n: i64) -> Date {
    date + Duration::days(n)
}

/// The console's today, as the date-range form says it ("today is YYYY-MM-DD"): fixed while
/// the page stays (it is read when the statistics screen is shown).
async fn console_today(h: &Harness) -> Date {
    let help = h.wait_for_text("#to-date-help", "today is").await;
    let text = help
        .split("today is ")
        .nth(1)
        .and_then(|rest| rest.get(..10))
        .unwrap_or_else(|| panic!("no date in {help:?}"));
    parse_date(text).unwrap_or_else(|| panic!("{text:?} is not a date"))
}

/// What the sandbox counts for the whole days `from..=to` (its rule, see
/// `crates/sandbox/src/api/statistics.rs`).
fn usage(h: &Harness, from: Date, to: Date) -> (StateCounts, StateCounts) {
    h.sandbox
        .state
        .store
        .usage_counts(
            SAMPLE_ACCOUNT,
            &format!("{from}T00:00:00.000Z"),
            &format!("{}T00:00:00.000Z", add_days(to, 1)),
        )
        .unwrap()
}

async fn assert_usage_shown(h: &Harness, from: Date, to: Date) -> (StateCounts, StateCounts) {
    h.wait_for_text("#overview-period", &format!("From {from} to {to}"))
        .await;
    let (users, devices) = usage(h, from, to);
    for (id, want) in [
        ("users-total", users.total),
        ("users-activated", users.with_activated_state),
        ("users-locked", users.with_locked_state),
        ("devices-total", devices.total),
        ("devices-activated", devices.with_activated_state),
        ("devices-locked", devices.with_locked_state),
    ] {
        assert_eq!(
            h.text(&format!("#{id}")).await,
            grouped(want),
            "#{id} for {from}..{to}"
        );
    }
    (users, devices)
}

async fn texts(h: &Harness, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for el in h
        .browser
        .find_all(Locator::Css(css))
        .await
        .unwrap_or_default()
    {
        out.push(el.text().await.unwrap_or_default());
    }
    out
}

fn device_states(h: &Harness, hash: &str) -> Vec<(String, i64)> {
    let conn = h.sandbox.state.store.lock();
    let mut stmt = conn
        .prepare("SELECT id, state FROM devices WHERE account_id=?1 AND device_hash=?2 ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([SAMPLE_ACCOUNT, hash], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// (flagged hashes, their devices, their users) as the sandbox counts them.
fn flagged(h: &Harness, allowed: u64) -> (usize, usize, usize) {
    let rows = h
        .sandbox
        .state
        .store
        .suspicious_devices(SAMPLE_ACCOUNT, allowed)
        .unwrap();
    let hashes: HashSet<&str> = rows.iter().map(|d| d.device_hash.as_str()).collect();
    let users: HashSet<&str> = rows.iter().map(|d| d.user_id.as_str()).collect();
    (hashes.len(), rows.len(), users.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_shows_the_sandbox_totals_and_the_range_lives_in_the_url() {
    let today = frozen_today();
    let h = signed_in_on("stats-overview", today).await;
    go(&h, "#/statistics").await;

    // Default: the last 30 days, said in the URL.
    h.wait_for_url("#/statistics?tab=overview&days=30").await;
    let (_, devices30) = assert_usage_shown(&h, add_days(today, -29), today).await;
    assert!(devices30.total > 0, "the seeded devices are in use");
    assert_eq!(
        h.attr("#days-30", "aria-pressed").await.as_deref(),
        Some("true")
    );
    let label = h.attr("#overview-chart svg", "aria-label").await.unwrap();
    assert!(
        label.contains(&format!("Devices: total {}", grouped(devices30.total))),
        "{label}"
    );
    assert_eq!(
        h.attr("#overview-chart svg", "role").await.as_deref(),
        Some("img")
    );

    // A quick pick changes the numbers and the URL.
    h.click("#days-7").await;
    h.wait_for_url("days=7").await;
    let (_, devices7) = assert_usage_shown(&h, add_days(today, -6), today).await;
    assert!(
        devices7.total < devices30.total,
        "7 days: {devices7:?}, 30 days: {devices30:?}"
    );

    // A custom number of days: validated at the field.
    h.fill("#days-input", "0").await;
    h.wait_for_text("#days-help", "1 or more").await;
    assert_eq!(
        h.attr("#days-input", "aria-invalid").await.as_deref(),
        Some("true")
    );
    assert_eq!(
        h.attr("#days-input", "aria-describedby").await.as_deref(),
        Some("days-help")
    );
    h.fill("#days-input", "90").await;
    assert_eq!(
        h.attr("#days-input", "aria-invalid").await.as_deref(),
        Some("false")
    );
    h.click("#apply-days").await;
    h.wait_for_url("days=90").await;
    assert_usage_shown(&h, add_days(today, -89), today).await;

    // A date range: the end before the start, and a future day, are refused at the field.
    let console_today = console_today(&h).await;
    let (from, to) = (add_days(today, -500), add_days(today, -400));
    h.set_value("#from-date", &to.to_string()).await;
    h.set_value("#to-date", &from.to_string()).await;
    h.wait_for_text("#to-date-help", "cannot be before the start date")
        .await;
    assert_eq!(
        h.attr("#to-date", "aria-invalid").await.as_deref(),
        Some("true")
    );
    h.click("#apply-range").await;
    assert!(
        !h.current_url().await.contains("from="),
        "an invalid range is not applied"
    );
    // A day after today is the console's guess, not the reference's rule: a warning only.
    h.set_value("#to-date", &add_days(console_today, 1).to_string())
        .await;
    h.wait_for_text("#to-date-help", "after today").await;
    assert_eq!(
        h.attr("#to-date", "aria-invalid").await.as_deref(),
        Some("false")
    );

    h.set_value("#from-date", &from.to_string()).await;
    h.set_value("#to-date", &to.to_string()).await;
    assert_eq!(
        h.attr("#to-date", "aria-invalid").await.as_deref(),
        Some("false")
    );
    h.click("#apply-range").await;
    let url = h.wait_for_url(&format!("from={from}&to={to}")).await;
    assert!(
        url.contains("tab=overview") && !url.contains("days="),
        "{url}"
    );
    let (users, devices) = assert_usage_shown(&h, from, to).await;
    assert_ne!(devices, devices7, "another period, other numbers");

    // The URL is the view: a reload shows the same range.
    h.browser.refresh().await.unwrap();
    assert_usage_shown(&h, from, to).await;
    assert_eq!(h.value("#from-date").await, from.to_string());

    // CSV export of the table.
    // The file is named with the browser's date at the click: the day read just before or
    // just after it (midnight may pass between them).
    h.capture_downloads().await;
    let day_before = today_local(&h).await;
    h.click("#export-overview").await;
    let (name, text) = h.downloads(1).await.remove(0);
    let day_after = today_local(&h).await;
    assert!(
        [&day_before, &day_after]
            .iter()
            .any(|day| name == format!("mobileid-usage-{from}-{to}-{day}.csv")),
        "{name} is not named with {day_before} or {day_after}"
    );
    assert_eq!(
        text.trim_start_matches('\u{feff}'),
        format!(
            "fromDate,toDate,what,total,activated,locked\r\n\
             {from},{to},users,{},{},{}\r\n{from},{to},devices,{},{},{}\r\n",
            users.total,
            users.with_activated_state,
            users.with_locked_state,
            devices.total,
            devices.with_activated_state,
            devices.with_locked_state
        )
    );

    // A bad period in a shared link says so and falls back to 30 days.
    go(&h, "#/account").await;
    h.find("#account-name").await;
    go(&h, "#/statistics?tab=overview&days=0").await;
    h.wait_for_text("#url-problem", "1 or more").await;
    h.wait_for_url("days=30").await;
    h.finish().await;
}

/// The browser's own idea of today (the CSV file name uses it).
async fn today_local(h: &Harness) -> String {
    h.eval(
        "const d = new Date();
         return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');",
    )
    .await
    .as_str()
    .unwrap()
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn device_statistics_show_platform_and_sdk_version_shares() {
    let h = signed_in("stats-devices").await;
    go(&h, "#/statistics?tab=devices").await;
    h.wait_for_text("#aggregated-at", "Aggregated at").await;
    assert!(h.text("#aggregated-at").await.contains("not live data"));
    assert_eq!(
        h.attr("#tab-devices", "aria-selected").await.as_deref(),
        Some("true")
    );

    // Platforms: the sandbox's counts, shares summing to 100 %.
    let store = &h.sandbox.state.store;
    let platforms = store
        .device_counts(SAMPLE_ACCOUNT, DeviceColumn::Platform, None)
        .unwrap();
    let total: u64 = platforms.iter().map(|(_, n)| n).sum();
    h.wait_for_text(
        "#device-stats-total",
        &format!("{} registered devices", grouped(total)),
    )
    .await;
    for (name, count) in &platforms {
        let row = format!("#platforms-table tr[data-name=\"{name}\"] td:nth-child(2)");
        assert_eq!(h.text(&row).await, grouped(*count), "{name}");
    }
    let shares = texts(&h, "#platforms-table tbody td:nth-child(3)").await;
    let sum: f64 = shares
        .iter()
        .map(|s| s.trim_end_matches(" %").parse::<f64>().unwrap())
        .sum();
    assert!((sum - 100.0).abs() < 0.05, "{shares:?}");
    let label = h.attr("#platforms-chart svg", "aria-label").await.unwrap();
    assert!(
        label.contains("Android") && label.contains("iOS"),
        "{label}"
    );
    let versions = texts(&h, "#sdk-versions-table tbody td:first-child").await;
    assert_eq!(versions.len(), 7, "{versions:?}");

    // Sortable by name: a button in the header, aria-sort on the <th>.
    h.click("#sdk-versions-sort-name").await;
    let th = "#sdk-versions-table th:first-child";
    assert_eq!(h.attr(th, "aria-sort").await.as_deref(), Some("ascending"));
    let sorted = texts(&h, "#sdk-versions-table tbody td:first-child").await;
    assert_eq!(
        sorted,
        ["3.17", "3.18", "3.19", "3.20", "3.21", "3.22", "3.23"]
    );
    h.click("#sdk-versions-sort-name").await;
    assert_eq!(h.attr(th, "aria-sort").await.as_deref(), Some("descending"));

    // SDK versions of one platform need the platform: said at the field, then asked.
    h.set_value("#device-stats-type", "sdkversion").await;
    h.wait_for_text("#device-stats-platform-help", "Choose Android or iOS")
        .await;
    assert_eq!(
        h.attr("#device-stats-platform", "aria-invalid")
            .await
            .as_deref(),
        Some("true")
    );
    h.set_value("#device-stats-platform", "iOS").await;
    h.wait_for_url("tab=devices&days=30&type=sdkversion&platform=iOS")
        .await;
    let ios = store
        .device_counts(SAMPLE_ACCOUNT, DeviceColumn::SdkVersion, Some("iOS"))
        .unwrap();
    let ios_total: u64 = ios.iter().map(|(_, n)| n).sum();
    h.wait_for_text(
        "#device-stats-total",
        &format!("{} registered devices on iOS", grouped(ios_total)),
    )
    .await;
    assert!(
        !h.exists("#platforms-table").await,
        "type=sdkversion answers SDK versions only"
    );
    for (name, count) in &ios {
        let row = format!("#sdk-versions-table tr[data-name=\"{name}\"] td:nth-child(2)");
        assert_eq!(h.text(&row).await, grouped(*count), "iOS {name}");
    }

    // The tab and choices survive a reload.
    h.browser.refresh().await.unwrap();
    h.wait_for_text("#device-stats-total", "on iOS").await;
    assert_eq!(
        h.attr("#tab-devices", "aria-selected").await.as_deref(),
        Some("true")
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suspicious_hashes_drill_in_and_locking_changes_the_devices_in_the_sandbox() {
    let h = signed_in("risk-lock").await;
    go(&h, "#/risk").await;
    let (hashes, devices, users) = flagged(&h, 1);
    assert!(
        hashes > 300,
        "the sandbox flags hundreds of hashes: {hashes}"
    );
    h.wait_for_exact_text("#suspicious-unique", &grouped(hashes as u64))
        .await;
    assert_eq!(h.text("#suspicious-total").await, grouped(devices as u64));
    assert_eq!(
        h.text("#suspicious-active-users").await,
        grouped(users as u64)
    );
    assert_eq!(
        h.text("#page-status").await,
        format!(
            "1–50 of {} hashes · page 1 of {}",
            grouped(hashes as u64),
            hashes.div_ceil(50)
        )
    );
    assert_eq!(
        texts(&h, "#hash-table tbody tr").await.len(),
        50,
        "one page in the DOM"
    );
    // Most users first.
    assert_eq!(
        h.attr("#hash-table th:nth-child(3)", "aria-sort")
            .await
            .as_deref(),
        Some("descending")
    );
    let users_col: Vec<usize> = texts(&h, "#hash-table tbody td:nth-child(3)")
        .await
        .iter()
        .map(|t| t.parse().unwrap())
        .collect();
    assert!(users_col.windows(2).all(|w| w[0] >= w[1]), "{users_col:?}");
    h.click("#page-next").await;
    h.wait_for_text("#page-status", "51–100").await;

    // Filter down to the reference's sample hash and drill in.
    h.fill("#hash-filter", "wBHQ4HC3").await;
    h.wait_for_text(
        "#hash-count",
        &format!("1 of {} hashes match", grouped(hashes as u64)),
    )
    .await;
    h.click("#hash-table .hash-link").await;
    wait_for_detail_hash(&h, SAMPLE_DEVICE_HASH).await;
    h.wait_for_url("hash=wBHQ4HC3yLEUvEwnX5EBTBAbKkCia35WwO1dxqiFvYo%3D")
        .await;
    h.wait_for_text("#detail-summary", "4 devices of 2 users")
        .await;
    assert_eq!(texts(&h, "#hash-devices tbody.user-group").await.len(), 2);
    let active =
        "#hash-devices tr[data-device-id=\"294ffdd7-4306-49dc-aa5e-72c4bed89d18\"] [data-state]";
    assert_eq!(h.text(active).await, "ACTIVE");

    // Lock, with a confirmation saying how many devices of how many users.
    h.click("#lock-devices").await;
    h.wait_for_text("#confirm-message", "2 devices of 2 users will be locked")
        .await;
    h.wait_for_text("#confirm-message", "no way to unlock")
        .await;
    h.click("#confirm-ok").await;
    h.wait_for_text("#locked-devices", "Locked 2 devices").await;
    // The ids are shortened on screen; their whole values are in `data-full`.
    let locked = h
        .eval("return [...document.querySelectorAll('#locked-devices [data-full]')].map(e => e.dataset.full).join(' ');")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        locked.contains("294ffdd7-4306-49dc-aa5e-72c4bed89d18"),
        "{locked}"
    );
    assert!(
        locked.contains("46af605e-a4c0-47da-9554-b6c0dc3fcd3a"),
        "{locked}"
    );
    h.wait_for_text(active, "LOCKED").await;
    // The counts follow: nothing is left to lock, and "Lock all…" says so by being off.
    h.wait_for_text("#detail-summary", "0 still to lock, 2 locked already")
        .await;
    assert!(h.attr("#lock-devices", "disabled").await.is_some());
    assert_eq!(
        device_states(&h, SAMPLE_DEVICE_HASH),
        vec![
            ("1cf7985e-8dfd-4943-8f7c-878235296c20".to_string(), 3),
            ("294ffdd7-4306-49dc-aa5e-72c4bed89d18".to_string(), 4),
            ("3eb60ed3-970c-4cdb-8607-b4a5c8745d39".to_string(), 3),
            ("46af605e-a4c0-47da-9554-b6c0dc3fcd3a".to_string(), 4),
        ],
        "the not-deleted devices are locked in the sandbox"
    );

    // The drill-in is a bookmarkable URL.
    h.browser.refresh().await.unwrap();
    wait_for_detail_hash(&h, SAMPLE_DEVICE_HASH).await;
    h.wait_for_text(active, "LOCKED").await;

    // Back to the list; a hash typed by hand is checked before anything is sent.
    h.click("#back-to-list").await;
    h.find("#hash-table").await;
    assert!(!h.current_url().await.contains("hash="));
    h.fill("#hash-lookup", "ab+/cd==").await;
    h.click("#hash-lookup-submit").await;
    h.wait_for_text("#hash-lookup-help", "URL-safe Base64")
        .await;
    assert_eq!(
        h.attr("#hash-lookup", "aria-invalid").await.as_deref(),
        Some("true")
    );
    assert!(!h.exists("#hash-detail").await, "nothing was looked up");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_risk_setting_is_reviewed_saved_and_server_errors_show_at_the_field() {
    let mut h = signed_in("risk-config").await;
    go(&h, "#/risk").await;
    h.wait_for_exact_text("#suspicious-unique", &grouped(flagged(&h, 1).0 as u64))
        .await;
    assert_eq!(h.value("#risk-allowed-users").await, "1");
    assert!(
        h.attr("#risk-save", "disabled").await.is_some(),
        "nothing to save yet"
    );

    // Invalid: said at the field, Save disabled.
    h.fill("#risk-allowed-users", "0").await;
    h.wait_for_text("#risk-allowed-users-help", "At least 1")
        .await;
    assert_eq!(
        h.attr("#risk-allowed-users", "aria-invalid")
            .await
            .as_deref(),
        Some("true")
    );
    assert!(h.attr("#risk-save", "disabled").await.is_some());

    // Review old → new, then save.
    h.fill("#risk-allowed-users", "3").await;
    assert_eq!(
        h.attr("#risk-allowed-users", "aria-invalid")
            .await
            .as_deref(),
        Some("false")
    );
    h.click("#risk-save").await;
    let diff = h
        .wait_for_text("#risk-review-diff", "allowedNrOfUsersWithSameDeviceHash")
        .await;
    assert_eq!(h.text("#risk-review-diff .old").await, "1", "{diff}");
    assert_eq!(h.text("#risk-review-diff .new").await, "3", "{diff}");
    h.click("#risk-review-confirm").await;
    h.wait_for_text("#risk-allowed-users-help", "Now 3").await;
    let stored = h
        .sandbox
        .state
        .store
        .configuration(SAMPLE_ACCOUNT)
        .unwrap()
        .unwrap();
    assert_eq!(stored.risk_allowed_users, 3);
    // The list follows the account's setting.
    let (hashes3, _, _) = flagged(&h, 3);
    h.wait_for_exact_text("#suspicious-unique", &grouped(hashes3 as u64))
        .await;
    assert!(hashes3 < flagged(&h, 1).0);

    // A threshold for the list only, kept in the URL.
    h.fill("#threshold", "2").await;
    h.click("#apply-threshold").await;
    h.wait_for_url("threshold=2").await;
    h.wait_for_exact_text("#suspicious-unique", &grouped(flagged(&h, 2).0 as u64))
        .await;

    // The server refuses what the console cannot know (its maximum): the reason is shown at
    // the field and the edit stays.
    h.allow_failed_request("/api/risk-indicators-configuration", 400);
    h.fill("#risk-allowed-users", "99999999999").await;
    h.click("#risk-save").await;
    h.click("#risk-review-confirm").await;
    h.wait_for_text("#risk-allowed-users-help", "2147483647")
        .await;
    assert_eq!(
        h.attr("#risk-allowed-users", "aria-invalid")
            .await
            .as_deref(),
        Some("true")
    );
    assert_eq!(h.value("#risk-allowed-users").await, "99999999999");
    assert_eq!(
        h.sandbox
            .state
            .store
            .configuration(SAMPLE_ACCOUNT)
            .unwrap()
            .unwrap()
            .risk_allowed_users,
        3
    );
    assert!(
        h.attr("#risk-save", "disabled").await.is_some(),
        "no resend of a refused value"
    );
    h.finish().await;
}

/// Timings are not asserted here (a shared machine makes any threshold a flake): `bench`
/// measures and reports them (`risk_table` in `target/bench.json`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_flagged_hash_table_renders_filters_sorts_and_pages_the_full_data_set() {
    let h = signed_in("risk-perf").await;
    let seeded = flagged(&h, 1).0;
    let timings = risk_table::exercise(&h, "seeded").await;
    assert_eq!(timings.hashes, seeded);
    assert!(
        !timings.filter_ms.is_empty(),
        "some filter narrowed the list"
    );

    // Ten times more: 5,000 more flagged hashes (10,000 more devices).
    h.sandbox
        .state
        .store
        .insert_devices(&risk_table::extra_flagged_devices(5_000))
        .unwrap();
    let large = flagged(&h, 1).0;
    assert_eq!(large, seeded + 5_000);
    let timings = risk_table::exercise(&h, "large").await;
    assert_eq!(timings.hashes, large);
    assert_eq!(
        texts(&h, "#hash-table tbody tr").await.len(),
        50,
        "only one page is in the DOM"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concurrent_risk_change_is_shown_not_overwritten_and_an_edit_survives_a_reload() {
    let h = signed_in("risk-conflict").await;
    go(&h, "#/risk").await;
    h.wait_for_text("#risk-allowed-users-help", "Now 1").await;
    h.fill("#risk-allowed-users", "3").await;
    // The unsaved value survives a reload.
    h.browser.refresh().await.unwrap();
    h.wait_for_text("#risk-allowed-users-help", "Now 1").await;
    assert_eq!(h.value("#risk-allowed-users").await, "3");

    // Another admin sets 2 meanwhile.
    let store = &h.sandbox.state.store;
    let mut row = store.configuration(SAMPLE_ACCOUNT).unwrap().unwrap();
    row.risk_allowed_users = 2;
    store.insert_configuration(&row).unwrap();

    h.click("#risk-save").await;
    h.click("#risk-review-confirm").await;
    h.wait_for_text("#risk-conflict", "changed this setting to 2")
        .await;
    let stored = store.configuration(SAMPLE_ACCOUNT).unwrap().unwrap();
    assert_eq!(
        stored.risk_allowed_users, 2,
        "their value was not overwritten"
    );
    assert_eq!(h.value("#risk-allowed-users").await, "3", "my edit is kept");

    // Reviewed again (now 2 → 3), it saves.
    h.click("#risk-save").await;
    assert_eq!(h.text("#risk-review-diff .old").await, "2");
    h.click("#risk-review-confirm").await;
    h.wait_for_text("#risk-allowed-users-help", "Now 3").await;
    let stored = store.configuration(SAMPLE_ACCOUNT).unwrap().unwrap();
    assert_eq!(stored.risk_allowed_users, 3);
    h.finish().await;
}
