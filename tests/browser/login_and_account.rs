//! The foundation slice in a real browser: PKCE login through the sandbox, the account page,
//! enable/disable with confirmation, reload, token refresh, 401 recovery and sign-out.

use mobileid_e2e::mobileid_sandbox::store::SAMPLE_ACCOUNT;
use mobileid_e2e::mobileid_sandbox::ScriptedFault;
use mobileid_e2e::{sandbox_config, Harness};
use std::sync::atomic::Ordering;
use std::time::Duration;

async fn signed_in(label: &str) -> Harness {
    let h = Harness::start(sandbox_config(label)).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h
}

fn account_state(h: &Harness) -> String {
    h.sandbox
        .state
        .store
        .account(SAMPLE_ACCOUNT)
        .unwrap()
        .unwrap()
        .state
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_shows_the_account_disable_survives_reload_enable_and_sign_out() {
    let h = signed_in("account").await;
    assert_eq!(h.text("#account-type").await, "SANDBOX");
    assert_eq!(h.text("#account-state").await, "ENABLED");
    assert_eq!(h.text("#account-id").await, SAMPLE_ACCOUNT);
    assert_eq!(h.text("#signed-in-user").await, "Demo Admin");

    // The code and state left the address bar; the PKCE verifier left storage; the tokens
    // live in memory only (no JWT, no refresh token anywhere in storage or cookies).
    let url = h.current_url().await;
    assert!(!url.contains("code=") && !url.contains("state="), "{url}");
    let storage = h.storage_dump().await;
    assert!(!storage.contains(".login="), "{storage}");
    assert!(
        !storage.contains("eyJ") && !storage.contains("token"),
        "no token in storage: {storage}"
    );
    let cookies = h.eval("return document.cookie").await;
    assert_eq!(cookies, serde_json::json!(""), "no cookie of the console's");

    // Disable, with confirmation.
    h.click("#toggle-account-state").await;
    h.wait_for_text("#confirm-title", "Disable this account?")
        .await;
    h.click("#confirm-ok").await;
    h.wait_for_text("#account-state", "DISABLED").await;
    assert_eq!(account_state(&h), "DISABLED");

    // A reload goes back through the provider (its session makes that one redirect) and
    // lands on the same page.
    h.browser.refresh().await.unwrap();
    h.wait_for_text("#account-state", "DISABLED").await;
    assert!(h.current_url().await.ends_with("#/account"));
    assert!(
        !h.exists("#sign-in").await,
        "a reload must not sign the user out"
    );

    // Cancel does nothing; confirm enables.
    h.click("#toggle-account-state").await;
    h.click("#confirm-cancel").await;
    assert_eq!(account_state(&h), "DISABLED");
    h.click("#toggle-account-state").await;
    h.wait_for_text("#confirm-title", "Enable this account?")
        .await;
    h.click("#confirm-ok").await;
    h.wait_for_text("#account-state", "ENABLED").await;
    assert_eq!(account_state(&h), "ENABLED");

    // Sign-out clears everything the console kept.
    h.click("#sign-out").await;
    h.wait_for_text("#signin-message", "signed out").await;
    let storage = h.storage_dump().await;
    assert!(!storage.contains("mobileid."), "{storage}");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_with_a_wrong_state_is_refused_and_stores_no_token() {
    let h = Harness::start(sandbox_config("state")).await;
    h.open_console().await;
    h.click("#sign-in").await;
    // At the authorization server: tamper with the state the server will send back.
    h.find("input[name=username]").await;
    h.eval("document.querySelector('input[name=state]').value = 'forged-state';")
        .await;
    h.submit_login_form(mobileid_e2e::USER, mobileid_e2e::PASSWORD)
        .await;

    let message = h.wait_for_text("#signin-message", "state").await;
    assert!(message.contains("refused"), "{message}");
    let storage = h.storage_dump().await;
    assert!(
        !storage.contains("mobileid.tokens"),
        "no token may be stored: {storage}"
    );
    let url = h.current_url().await;
    assert!(
        !url.contains("code="),
        "the code must leave the address bar: {url}"
    );
    assert_eq!(
        h.sandbox.state.auth.code_grants.load(Ordering::SeqCst),
        0,
        "no code was exchanged"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_access_token_is_refreshed_without_the_user_noticing() {
    let mut config = sandbox_config("refresh");
    config.oauth.access_token_ttl = Duration::from_secs(4);
    let h = Harness::start(config).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    let refreshes_before = h.sandbox.state.auth.refresh_grants.load(Ordering::SeqCst);

    // Let the access token expire, then use the console.
    tokio::time::sleep(Duration::from_secs(5)).await;
    h.click("#with-statistics").await;
    h.wait_for_text("main", "Statistics not requested").await;
    h.click("#with-statistics").await;
    h.find("#active-devices").await;

    assert!(h.sandbox.state.auth.refresh_grants.load(Ordering::SeqCst) > refreshes_before);
    assert!(
        !h.exists("#sign-in").await,
        "the user was not sent to sign in"
    );
    assert!(
        !h.current_url().await.contains("/oauth/"),
        "no trip to the login page"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_401_sends_the_user_through_login_and_back_to_the_same_page() {
    let mut h = signed_in("relogin").await;
    // The server ends every session: access tokens and refresh tokens.
    h.sandbox.state.auth.end_all_sessions();
    // Chromium logs the refused requests; they are what this test provokes.
    h.allow_failed_request("/api/accounts?statistics=false&", 401);
    h.allow_failed_request("/oauth/token", 400);

    h.click("#with-statistics").await;
    h.find("input[name=username]").await; // at the authorization server
    h.submit_login_form(mobileid_e2e::USER, mobileid_e2e::PASSWORD)
        .await;
    h.wait_for_text("#account-name", "Sample Account").await;
    assert!(
        h.current_url().await.ends_with("#/account"),
        "{}",
        h.current_url().await
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_works_under_a_sub_path() {
    let mut config = sandbox_config("subpath");
    config.base_path = "/admin/mobileid/".into();
    let h = Harness::start(config).await;
    h.open_console().await;
    assert!(h.console_url().ends_with("/admin/mobileid/"));
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    assert!(h.current_url().await.contains("/admin/mobileid/"));
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_config_json_gives_a_clear_error_screen() {
    let mut config = sandbox_config("badconfig");
    config.console_config_override = Some(r#"{"apiBaseUrl": "/api/", "clientId": "x"}"#.into());
    let h = Harness::start(config).await;
    h.open_console().await;
    let text = h.wait_for_text("#config-error", "not configured").await;
    assert!(
        text.contains("authorizeUrl"),
        "the error names the missing field: {text}"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_account_is_chosen_by_header_and_onboarded() {
    use mobileid_e2e::mobileid_sandbox::store::NEW_ACCOUNT;
    let mut h = signed_in("onboard").await;
    h.click("#change-account").await;
    h.fill("#account-id-input", "not an id!").await;
    assert_eq!(
        h.attr("#account-id-input", "aria-invalid").await.as_deref(),
        Some("true")
    );
    h.fill("#account-id-input", NEW_ACCOUNT).await;
    h.click("#apply-account").await;
    // The API answers 404 "not onboarded" for this account (Chromium logs the 404).
    h.allow_failed_request("/api/accounts?statistics=true&", 404);
    h.allow_failed_request("/api/accounts?statistics=false&", 404);
    h.wait_for_text("#onboarding", "Not onboarded for MobileID")
        .await;
    h.click("#add-account").await;
    h.wait_for_text("#account-name", "New Team Account").await;
    assert_eq!(h.text("#account-id").await, NEW_ACCOUNT);
    let row = h.sandbox.state.store.account(NEW_ACCOUNT).unwrap().unwrap();
    assert!(row.onboarded, "the sandbox onboarded the chosen account");
    assert!(h.text("#current-account").await.contains(NEW_ACCOUNT));
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn busy_and_unavailable_answers_are_retried_as_the_server_asks() {
    let mut h = signed_in("retry").await;
    // The next two API requests are refused: 429 (Retry-After: 1), then 503.
    h.sandbox
        .state
        .scripted_faults
        .lock()
        .unwrap()
        .faults
        .extend([ScriptedFault::too_many(1), ScriptedFault::unavailable()]);
    // Chromium logs each refused request: exactly these.
    h.allow_failed_request("/api/accounts?statistics=false&", 429);
    h.allow_failed_request("/api/accounts?statistics=false&", 503);
    h.allow_failed_request("/api/accounts?statistics=true&", 503);
    let started = std::time::Instant::now();
    h.click("#with-statistics").await;
    h.wait_for_text("main", "Statistics not requested").await;
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "it waited as asked"
    );
    assert!(
        h.sandbox
            .state
            .scripted_faults
            .lock()
            .unwrap()
            .faults
            .is_empty(),
        "both faults were served"
    );
    assert!(!h.exists(".toast.error").await, "the admin saw no error");

    // A fault that persists is reported, with its trace id, after the retries.
    h.sandbox
        .state
        .scripted_faults
        .lock()
        .unwrap()
        .faults
        .extend([ScriptedFault::unavailable(); 3]);
    h.click("#with-statistics").await;
    h.wait_for_text("main", "Service unavailable").await;
    assert!(h.text("main").await.contains("Trace ID"));
    h.finish().await;
}
