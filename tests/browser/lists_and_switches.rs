//! Issue 15's last items in a real browser: boolean properties as switches (keyboard, review,
//! what is saved; an odd value stays a select), long ids shortened with the whole value kept,
//! and lists whose sort and page live in the address (reload, drill in and Back).

use mobileid_e2e::mobileid_sandbox::store::SAMPLE_ACCOUNT;
use mobileid_e2e::{sandbox_config, Harness};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

async fn signed_in(label: &str) -> Harness {
    let h = Harness::start(sandbox_config(label)).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h
}

fn stored_property(h: &Harness, name: &str) -> Option<Value> {
    h.sandbox
        .state
        .store
        .configuration(SAMPLE_ACCOUNT)
        .unwrap()
        .unwrap()
        .properties
        .get(name)
        .cloned()
}

fn set_stored_property(h: &Harness, name: &str, value: Value) {
    h.sandbox
        .state
        .store
        .update_configuration(SAMPLE_ACCOUNT, |row| {
            row.properties.insert(name.to_string(), value);
            Ok::<(), ()>(())
        })
        .unwrap()
        .unwrap()
        .unwrap();
}

async fn tag_name(h: &Harness, id: &str) -> Value {
    h.eval(&format!(
        "const e = document.getElementById('{id}'); return e ? e.tagName : null;"
    ))
    .await
}

/// Waits until `check` holds for the script's answer.
async fn wait_for_eval(h: &Harness, script: &str, what: &str, check: impl Fn(&Value) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let value = h.eval(script).await;
        if check(&value) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: last {value}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_boolean_is_a_switch_that_space_toggles_and_an_odd_value_stays_a_select() {
    let h = signed_in("switch-keyboard").await;
    // Values a real server may hold that a switch cannot show without changing them.
    set_stored_property(&h, "apnsNotificationSoundEnabled", json!("yes"));
    set_stored_property(&h, "apnsTimeSensitiveInterruptionLevelEnabled", json!(true));
    h.click("#nav-configuration").await;
    h.find("#prop-amountFailuresAllowed").await;

    // The sample's "false": a switch, off, named by its label.
    let switch = "#prop-recoveryEnabled";
    assert_eq!(tag_name(&h, "prop-recoveryEnabled").await, json!("BUTTON"));
    assert_eq!(h.attr(switch, "role").await.as_deref(), Some("switch"));
    assert_eq!(
        h.attr(switch, "aria-checked").await.as_deref(),
        Some("false")
    );
    assert_eq!(
        h.attr(switch, "aria-labelledby").await.as_deref(),
        Some("prop-recoveryEnabled-label")
    );
    h.wait_for_text(switch, "Off").await;

    // Space on the focused switch turns it on: the edit is marked and counted.
    h.find(switch).await.send_keys(" ").await.unwrap();
    h.wait_for_text(switch, "On").await;
    assert_eq!(
        h.attr(switch, "aria-checked").await.as_deref(),
        Some("true")
    );
    assert_eq!(
        h.eval("return document.activeElement.id").await,
        json!("prop-recoveryEnabled"),
        "focus stays on the switch"
    );
    h.wait_for_text("#change-count", "1 unsaved change").await;

    // The odd values are shown as they came, in the select, and not coerced.
    assert_eq!(
        tag_name(&h, "prop-apnsNotificationSoundEnabled").await,
        json!("SELECT")
    );
    assert_eq!(h.value("#prop-apnsNotificationSoundEnabled").await, "yes");
    h.wait_for_text(
        "#prop-apnsNotificationSoundEnabled",
        "yes (not known to this console)",
    )
    .await;
    assert_eq!(
        tag_name(&h, "prop-apnsTimeSensitiveInterruptionLevelEnabled").await,
        json!("SELECT")
    );
    assert_eq!(
        h.value("#prop-apnsTimeSensitiveInterruptionLevelEnabled")
            .await,
        "true"
    );

    // The review lists the switch's change, and only it.
    h.click("#save-properties").await;
    let row = h
        .wait_for_text("#review-diff tr[data-name=\"recoveryEnabled\"]", "true")
        .await;
    assert!(row.contains("false"), "old value shown: {row}");
    assert_eq!(
        h.eval("return document.querySelectorAll('#review-diff tbody tr').length")
            .await,
        json!(1)
    );
    h.click("#review-confirm").await;
    h.wait_for_text("#change-count", "No unsaved changes").await;

    // Saved in the API's form for this property (the reference's samples: "true"/"false"
    // strings); the odd values are untouched.
    assert_eq!(stored_property(&h, "recoveryEnabled"), Some(json!("true")));
    assert_eq!(
        stored_property(&h, "apnsNotificationSoundEnabled"),
        Some(json!("yes"))
    );
    assert_eq!(
        stored_property(&h, "apnsTimeSensitiveInterruptionLevelEnabled"),
        Some(json!(true))
    );

    // Enter toggles too, back off; "Reset to the server's value" undoes it.
    h.find(switch).await.send_keys("\u{E007}").await.unwrap();
    h.wait_for_text(switch, "Off").await;
    h.wait_for_text("#change-count", "1 unsaved change").await;
    h.click(".property.changed .field-actions button").await;
    h.wait_for_text("#change-count", "No unsaved changes").await;
    assert_eq!(
        h.attr(switch, "aria-checked").await.as_deref(),
        Some("true")
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_ids_are_shortened_with_the_whole_value_kept_and_copied() {
    let h = signed_in("short-ids").await;
    h.click("#nav-signing-certificates").await;
    h.wait_for_text("#certificates-count", "3 certificates")
        .await;
    let code = "#certificate-0-reported-fingerprint";
    let full = h.attr(code, "data-full").await.unwrap();
    let reported: Vec<String> = h
        .sandbox
        .state
        .store
        .resources("signing_certificate", SAMPLE_ACCOUNT)
        .unwrap()
        .iter()
        .map(|c| c["sha256Fingerprint"].as_str().unwrap().to_string())
        .collect();
    assert!(reported.contains(&full), "{full}");
    // On screen: the first 8 and last 6 characters; the whole value on hover and for
    // screen readers.
    let shown = h
        .eval(&format!(
            "return document.querySelector('{code} [aria-hidden=true]').textContent;"
        ))
        .await;
    let chars: Vec<char> = full.chars().collect();
    let expected: String = chars[..8]
        .iter()
        .chain(['…'].iter())
        .chain(chars[chars.len() - 6..].iter())
        .collect();
    assert_eq!(shown, json!(expected));
    assert_eq!(h.attr(code, "title").await.as_deref(), Some(full.as_str()));
    assert_eq!(
        h.eval(&format!(
            "return document.querySelector('{code} .visually-hidden').textContent;"
        ))
        .await,
        json!(full)
    );
    let width = h
        .eval(&format!(
            "return document.querySelector('{code}').getBoundingClientRect().width;"
        ))
        .await
        .as_f64()
        .unwrap();
    assert!(
        width < 200.0,
        "the shortened value is short on screen: {width}px"
    );
    h.find(&format!("{code}-copy")).await;

    // The flagged-hash table: the hash link shows the short form, its name is the whole hash.
    h.click("#nav-risk").await;
    h.find("#hash-table tbody tr").await;
    let first = h
        .eval(
            "const r = document.querySelector('#hash-table tbody tr');
             return [r.dataset.hash, r.querySelector('.hash-link [data-full]').dataset.full,
                     r.querySelector('.hash-link').innerText];",
        )
        .await;
    assert_eq!(first[0], first[1], "{first}");
    assert!(
        first[2].as_str().unwrap().contains('…'),
        "shortened: {first}"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hash_list_keeps_sort_and_page_in_the_address_through_reload_and_back() {
    let h = signed_in("list-in-url").await;
    h.eval("location.hash = '#/risk';").await;
    h.find("#hash-table tbody tr").await;
    h.wait_for_text("#page-status", "page 1 of").await;

    // Sort by hash (A→Z), then two pages on.
    h.click("#sort-hash").await;
    assert_eq!(
        h.attr("#hash-table th:nth-child(2)", "aria-sort")
            .await
            .as_deref(),
        Some("ascending")
    );
    h.click("#page-next").await;
    h.wait_for_text("#page-status", "51–100").await;
    h.click("#page-next").await;
    h.wait_for_text("#page-status", "101–150").await;
    let url = h.wait_for_url("page=3").await;
    assert!(
        url.contains("sort=hash") && url.contains("dir=asc"),
        "{url}"
    );
    let first_row = "return document.querySelector('#hash-table tbody tr').dataset.hash;";
    let first = h.eval(first_row).await;
    let hashes = h
        .eval("return [...document.querySelectorAll('#hash-table tbody tr')].map(r => r.dataset.hash);")
        .await;
    let hashes: Vec<String> = serde_json::from_value(hashes).unwrap();
    let mut sorted = hashes.clone();
    sorted.sort();
    assert_eq!(hashes, sorted, "A→Z on the page");

    // A reload shows the same page of the same order.
    h.browser.refresh().await.unwrap();
    h.wait_for_text("#page-status", "101–150").await;
    wait_for_eval(&h, first_row, "same first row after reload", |v| {
        v == &first
    })
    .await;
    assert_eq!(
        h.attr("#hash-table th:nth-child(2)", "aria-sort")
            .await
            .as_deref(),
        Some("ascending")
    );

    // Into a hash and Back: the same page and order again.
    h.click("#hash-table tbody tr .hash-link").await;
    h.find("#detail-hash").await;
    assert_eq!(
        h.attr("#detail-hash", "data-full").await.map(Value::from),
        Some(first.clone())
    );
    h.wait_for_url("hash=").await;
    h.browser.back().await.unwrap();
    h.find("#hash-table").await;
    h.wait_for_text("#page-status", "101–150").await;
    wait_for_eval(&h, first_row, "same first row after Back", |v| v == &first).await;
    let url = h.current_url().await;
    assert!(
        !url.contains("hash=") && url.contains("page=3") && url.contains("sort=hash"),
        "{url}"
    );
    // Back to the default order: the address drops sort and page again.
    h.click("#sort-hash").await;
    h.click("#sort-users").await;
    h.wait_for_text("#page-status", "page 1 of").await;
    wait_for_eval(
        &h,
        "return location.hash;",
        "default view, bare address",
        |v| v == &json!("#/risk"),
    )
    .await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificate_order_and_statistics_sort_survive_a_reload() {
    let h = signed_in("sort-in-url").await;
    h.click("#nav-signing-certificates").await;
    h.wait_for_text("#certificates-count", "3 certificates")
        .await;
    // As the API lists them: newest first.
    h.wait_for_text("#certificate-0-title", "MobileID JWT signing 3")
        .await;
    h.set_value("#certificate-sort", "expiry-asc").await;
    h.wait_for_text("#certificate-0-title", "MobileID JWT signing 1")
        .await;
    h.wait_for_text("#certificate-2-title", "MobileID JWT signing 3")
        .await;
    h.wait_for_url("sort=expiry-asc").await;
    h.browser.refresh().await.unwrap();
    h.wait_for_text("#certificates-count", "3 certificates")
        .await;
    h.wait_for_text("#certificate-0-title", "MobileID JWT signing 1")
        .await;
    assert_eq!(h.value("#certificate-sort").await, "expiry-asc");

    // A statistics table's sort, with the rest of the view.
    h.eval("location.hash = '#/statistics?tab=devices';").await;
    h.find("#sdk-versions-sort-name").await;
    h.click("#sdk-versions-sort-name").await;
    let url = h.wait_for_url("sdk-versions-sort=name").await;
    assert!(
        url.contains("sdk-versions-dir=asc") && url.contains("tab=devices"),
        "{url}"
    );
    h.browser.refresh().await.unwrap();
    h.find("#sdk-versions-sort-name").await;
    assert_eq!(
        h.attr("#sdk-versions-table th:first-child", "aria-sort")
            .await
            .as_deref(),
        Some("ascending")
    );
    let first = h
        .eval("return document.querySelector('#sdk-versions-table tbody td').innerText;")
        .await;
    assert_eq!(first, json!("3.17"));
    h.finish().await;
}
