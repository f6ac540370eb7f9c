//! An admin always sees which account and environment they act on: the header names the
//! chosen account and its type as the API gives them, and a destructive action on a
//! PRODUCTION account names it and asks for its name to be typed.

use mobileid_e2e::mobileid_sandbox::store::PRODUCTION_ACCOUNT;
use mobileid_e2e::{sandbox_config, wait_until, Harness};

fn state_of(h: &Harness, id: &str) -> String {
    h.sandbox
        .state
        .store
        .account(id)
        .unwrap()
        .unwrap()
        .state
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_header_names_the_account_and_production_asks_for_its_name() {
    let h = Harness::start(sandbox_config("environment")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#current-account-chip", "Sample Account · SANDBOX")
        .await;
    assert!(!h
        .attr("#current-account-chip", "class")
        .await
        .unwrap_or_default()
        .contains("production"));

    // Another account: the header follows the API, not config.json's label.
    h.click("#change-account").await;
    h.fill("#account-id-input", PRODUCTION_ACCOUNT).await;
    h.click("#apply-account").await;
    h.wait_for_text("#current-account-chip", "Production Account · PRODUCTION")
        .await;
    assert!(h
        .attr("#current-account-chip", "class")
        .await
        .unwrap_or_default()
        .contains("production"));
    // config.json's label names the deployment in plain text, not as a second environment badge.
    assert_eq!(h.text("#deployment-name").await, "Deployment: Sandbox");
    assert_eq!(
        h.eval("return document.querySelectorAll('.topbar .env-badge').length;")
            .await,
        0
    );

    // Disabling it names the account and wants its name typed (spacing and dashes aside).
    h.wait_for_text("#account-name", "Production Account").await;
    h.click("#toggle-account-state").await;
    h.wait_for_text(
        "#confirm-account",
        "PRODUCTION account “Production Account”",
    )
    .await;
    assert!(
        h.attr("#confirm-ok", "disabled").await.is_some(),
        "not before the name is typed"
    );
    h.fill("#confirm-typed", "Production  Acc").await;
    assert!(h.attr("#confirm-ok", "disabled").await.is_some());
    h.fill("#confirm-typed", " Production   Account ").await;
    assert!(h.attr("#confirm-ok", "disabled").await.is_none());
    h.click("#confirm-ok").await;
    h.wait_for_text("#account-state", "DISABLED").await;
    assert_eq!(state_of(&h, PRODUCTION_ACCOUNT), "DISABLED");

    // Enabling is harmless: named, but no typing and no danger styling.
    h.click("#toggle-account-state").await;
    h.wait_for_text("#confirm-title", "Enable this account?")
        .await;
    assert!(!h.exists("#confirm-typed").await);
    assert!(!h
        .attr("#confirm-ok", "class")
        .await
        .unwrap_or_default()
        .contains("danger"));
    h.click("#confirm-ok").await;
    h.wait_for_text("#account-state", "ENABLED").await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn navigation_names_the_page_and_puts_focus_on_its_heading() {
    let h = Harness::start(sandbox_config("environment-focus")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    assert_eq!(
        h.eval("return document.title").await,
        serde_json::json!("Account · MobileID Admin")
    );
    h.click("#nav-e2e-keys").await;
    h.find("#e2e-keys-table").await;
    wait_until("focus moves to the new page's heading", async || {
        h.eval("return document.activeElement.tagName").await == "H1"
    })
    .await;
    assert_eq!(
        h.eval("return document.title").await,
        serde_json::json!("E2E keys · MobileID Admin")
    );
    // The skip link is the first stop of the keyboard and lands on the content.
    h.eval("document.getElementById('skip-to-content').focus(); document.getElementById('skip-to-content').click(); return true;")
        .await;
    assert_eq!(
        h.eval("return document.activeElement.tagName").await,
        serde_json::json!("H1")
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_of_an_account_not_yet_onboarded_leads_to_onboarding() {
    use mobileid_e2e::mobileid_sandbox::store::NEW_ACCOUNT;
    let mut h = Harness::start(sandbox_config("environment-onboard")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h.click("#change-account").await;
    h.fill("#account-id-input", NEW_ACCOUNT).await;
    h.click("#apply-account").await;
    h.allow_failed_request("/api/accounts?statistics=true&", 404);
    h.allow_failed_request("/api/accounts?statistics=false&", 404);
    h.allow_failed_request("/api/application-configuration", 404);
    h.click("#nav-configuration").await;
    h.click("#go-onboard").await;
    h.find("#add-account").await;
    assert!(h.current_url().await.ends_with("#/account"));
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_from_a_device_hash_returns_to_the_list_where_it_was() {
    let h = Harness::start(sandbox_config("environment-back")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h.click("#nav-risk").await;
    h.find("#hash-table").await;
    h.fill("#hash-filter", "wBHQ4HC3").await;
    h.click("#hash-table .hash-link").await;
    h.find("#detail-hash").await;
    h.wait_for_url("hash=").await;
    h.browser.back().await.unwrap();
    h.wait_gone("#hash-detail").await;
    assert!(!h.current_url().await.contains("hash="));
    assert_eq!(
        h.value("#hash-filter").await,
        "wBHQ4HC3",
        "the list kept its filter"
    );
    h.browser.forward().await.unwrap();
    h.find("#detail-hash").await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_a_form_puts_focus_in_its_first_field() {
    let h = Harness::start(sandbox_config("environment-form-focus")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    for (nav, opener, field) in [
        ("#nav-e2e-keys", "#show-create-e2e-key", "e2e-name"),
        ("#nav-apns-tokens", "#show-add-apns-token", "apns-name"),
    ] {
        h.click(nav).await;
        h.click(opener).await;
        h.find(&format!("#{field}")).await;
        wait_until(&format!("{opener} moves focus to #{field}"), async || {
            h.eval("return document.activeElement.id").await == field
        })
        .await;
    }
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_e2e_key_filters_live_in_the_address() {
    let h = Harness::start(sandbox_config("environment-filters")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h.click("#nav-e2e-keys").await;
    h.find("#e2e-keys-table").await;
    h.set_value("#e2e-state-filter", "ENABLED").await;
    h.fill("#e2e-search", "Default").await;
    h.wait_for_url("state=ENABLED").await;
    h.wait_for_url("q=Default").await;
    h.browser.refresh().await.unwrap();
    h.find("#e2e-search").await;
    wait_until("the search is restored from the address", async || {
        h.value("#e2e-search").await == "Default"
    })
    .await;
    assert_eq!(h.value("#e2e-state-filter").await, "ENABLED");
    h.finish().await;
}
