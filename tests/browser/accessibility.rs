//! Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) on every screen, and the main flow
//! from the keyboard alone.

use mobileid_e2e::fantoccini::key::Key;
use mobileid_e2e::mobileid_sandbox::seed::{SEEDED_APNS_TOKENS, SEEDED_E2E_KEYS};
use mobileid_e2e::mobileid_sandbox::store::NEW_ACCOUNT;
use mobileid_e2e::{sandbox_config, Harness};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_passes_axe() {
    let h = Harness::start(sandbox_config("axe")).await;
    h.open_console().await;
    h.find("#sign-in").await;
    let mut report = Vec::new();
    for v in h.axe_violations().await {
        report.push(format!("sign-in screen: {v}"));
    }
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    for (slug, ready) in mobileid_e2e::SCREENS {
        h.click(&format!("#nav-{slug}")).await;
        h.find(ready).await;
        for v in h.axe_violations().await {
            report.push(format!("{slug}: {v}"));
        }
    }
    h.finish().await;
    assert!(
        report.is_empty(),
        "accessibility violations:\n{}",
        report.join("\n")
    );
}

/// Runs axe and adds its violations to `report`, each prefixed with `what`.
async fn check(h: &Harness, what: &str, report: &mut Vec<String>) {
    for v in h.axe_violations().await {
        report.push(format!("{what}: {v}"));
    }
}

fn assert_clean(report: &[String]) {
    assert!(
        report.is_empty(),
        "accessibility violations:\n{}",
        report.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dialogs_detail_views_and_a_form_with_errors_pass_axe() {
    let h = Harness::start(sandbox_config("axe-dialogs")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    let mut report = Vec::new();

    // An APNs token's detail view.
    h.click("#nav-apns-tokens").await;
    h.click(&format!(
        "#apns-token-{} a.token-name",
        SEEDED_APNS_TOKENS[0]
    ))
    .await;
    h.find("#apns-token-detail-title").await;
    check(&h, "APNs token detail", &mut report).await;

    // An E2E key's detail view and its delete dialog (the name typed to confirm).
    h.click("#nav-e2e-keys").await;
    h.click(&format!("#e2e-key-{} a.key-name", SEEDED_E2E_KEYS[0].1))
        .await;
    h.find("#e2e-key-detail-title").await;
    check(&h, "E2E key detail", &mut report).await;
    h.click("#delete-e2e-key").await;
    h.find("#typed-confirm-title").await;
    check(&h, "E2E key delete dialog", &mut report).await;
    h.fill("#typed-confirm-input", "not the name").await;
    check(&h, "E2E key delete dialog, wrong name typed", &mut report).await;
    h.click("#typed-confirm-cancel").await;

    // The configuration form with errors shown, then the review of a valid change.
    h.click("#nav-configuration").await;
    h.find("#prop-amountFailuresAllowed").await;
    h.fill("#prop-sessionExpiry", "soon").await;
    h.fill("#prop-pinCodeLength", "-1").await;
    assert_eq!(
        h.attr("#prop-sessionExpiry", "aria-invalid")
            .await
            .as_deref(),
        Some("true")
    );
    check(&h, "configuration with errors", &mut report).await;
    h.click("#discard-changes").await;
    h.wait_for_text("#change-count", "No unsaved changes").await;
    h.fill("#prop-amountFailuresAllowed", "6").await;
    h.click("#save-properties").await;
    h.find("#review-confirm").await;
    check(&h, "property review dialog", &mut report).await;
    h.click("#review-cancel").await;
    // Leaving with the edit unsaved asks first.
    h.click("#nav-risk").await;
    h.find("#leave-guard[open]").await;
    check(&h, "leave-with-unsaved-changes dialog", &mut report).await;
    h.click("#leave-stay").await;
    h.click("#discard-changes").await;
    h.wait_for_text("#change-count", "No unsaved changes").await;

    // A suspicious hash's detail view and the lock confirmation.
    h.click("#nav-risk").await;
    h.find("#hash-table tbody tr").await;
    h.fill("#hash-filter", "wBHQ4HC3").await;
    h.click("#hash-table .hash-link").await;
    h.find("#detail-hash").await;
    h.wait_for_text("#detail-summary", "devices of").await;
    check(&h, "hash detail", &mut report).await;
    h.click("#lock-devices").await;
    h.wait_for_text("#confirm-message", "no way to unlock")
        .await;
    check(&h, "lock confirmation", &mut report).await;
    h.click("#confirm-cancel").await;

    // Signed out.
    h.click("#sign-out").await;
    h.wait_for_text("#signin-message", "signed out").await;
    check(&h, "signed-out screen", &mut report).await;
    h.finish().await;
    assert_clean(&report);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_onboarding_and_config_error_screens_pass_axe() {
    let mut h = Harness::start(sandbox_config("axe-onboarding")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    let mut report = Vec::new();
    h.click("#change-account").await;
    h.fill("#account-id-input", "not an id!").await;
    check(&h, "account chooser with an invalid id", &mut report).await;
    h.fill("#account-id-input", NEW_ACCOUNT).await;
    h.click("#apply-account").await;
    h.allow_failed_request("/api/accounts?statistics=true&", 404);
    h.allow_failed_request("/api/accounts?statistics=false&", 404);
    h.wait_for_text("#onboarding", "Not onboarded for MobileID")
        .await;
    check(&h, "onboarding screen", &mut report).await;
    h.finish().await;

    let mut config = sandbox_config("axe-config-error");
    config.console_config_override = Some(r#"{"apiBaseUrl": "/api/", "clientId": "x"}"#.into());
    let h = Harness::start(config).await;
    h.open_console().await;
    h.wait_for_text("#config-error", "not configured").await;
    check(&h, "config error screen", &mut report).await;
    h.finish().await;
    assert_clean(&report);
}

async fn press(h: &Harness, key: Key) {
    let active = h.browser.active_element().await.expect("a focused element");
    active
        .send_keys(&char::from(key).to_string())
        .await
        .expect("key press");
}

async fn active_id(h: &Harness) -> String {
    h.eval("return document.activeElement ? document.activeElement.id : ''")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Tabs until the element with `id` has focus.
async fn tab_to(h: &Harness, id: &str) {
    for _ in 0..60 {
        if active_id(h).await == id {
            return;
        }
        press(h, Key::Tab).await;
    }
    panic!("#{id} cannot be reached with Tab");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_and_disable_the_account_with_the_keyboard_alone() {
    let h = Harness::start(sandbox_config("keyboard")).await;
    h.open_console().await;
    h.find("#sign-in").await;
    tab_to(&h, "sign-in").await;
    press(&h, Key::Enter).await;
    // The sandbox's login form: autofocus on the user name.
    h.find("input[name=username]").await;
    h.browser
        .active_element()
        .await
        .unwrap()
        .send_keys(mobileid_e2e::USER)
        .await
        .unwrap();
    press(&h, Key::Tab).await;
    h.browser
        .active_element()
        .await
        .unwrap()
        .send_keys(mobileid_e2e::PASSWORD)
        .await
        .unwrap();
    press(&h, Key::Enter).await;
    h.wait_for_text("#account-name", "Sample Account").await;

    tab_to(&h, "toggle-account-state").await;
    press(&h, Key::Enter).await;
    h.wait_for_text("#confirm-title", "Disable").await;
    // Focus is inside the dialog; Escape cancels.
    assert!(
        active_id(&h).await.starts_with("confirm-"),
        "focus moved into the dialog"
    );
    press(&h, Key::Escape).await;
    let open = h.eval("return document.querySelector('dialog').open").await;
    assert_eq!(open, Value::Bool(false), "Escape closed the dialog");
    assert_eq!(
        active_id(&h).await,
        "toggle-account-state",
        "focus went back to the button"
    );
    assert_eq!(h.text("#account-state").await, "ENABLED");

    tab_to(&h, "toggle-account-state").await;
    press(&h, Key::Enter).await;
    h.find("#confirm-ok").await;
    tab_to(&h, "confirm-ok").await;
    press(&h, Key::Enter).await;
    h.wait_for_text("#account-state", "DISABLED").await;
    h.finish().await;
}
