//! Sign-in promises against the sandbox's own identity provider (the same ones are checked
//! against npm `oidc-provider` in `oidc_provider.rs`): sign-out revokes at the provider and
//! ends its session, a callback from another issuer is refused, and an API that refuses a
//! fresh sign-in gets an error screen instead of a login loop.

use mobileid_e2e::{sandbox_config, Harness};
use std::sync::atomic::Ordering;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_revokes_the_refresh_token_and_ends_the_provider_session() {
    let h = Harness::start(sandbox_config("sign-out")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    let auth = &h.sandbox.state.auth;
    assert!(
        auth.active_refresh_tokens() >= 1,
        "a refresh token was issued"
    );
    assert_eq!(auth.active_sessions(), 1, "a provider session exists");
    h.click("#sign-out").await;
    h.wait_for_text("#signin-message", "signed out").await;
    assert_eq!(auth.active_refresh_tokens(), 0, "revoked at the provider");
    assert_eq!(auth.active_sessions(), 0, "the provider session ended");
    let storage = h.storage_dump().await;
    assert!(!storage.contains("mobileid."), "{storage}");
    // The next sign-in asks for the password again.
    h.click("#sign-in").await;
    h.find("input[name=username]").await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_from_another_issuer_is_refused() {
    let h = Harness::start(sandbox_config("wrong-iss")).await;
    h.open_console().await;
    h.click("#sign-in").await;
    h.find("input[name=username]").await;
    // At the provider (the sandbox serves both, so the tab's storage is readable here): the
    // pending sign-in's real state, answered by a forged provider.
    let state = h
        .eval(
            "for (let i = 0; i < sessionStorage.length; i++) {
                 const k = sessionStorage.key(i);
                 if (k.endsWith('.login')) return JSON.parse(sessionStorage.getItem(k)).state;
             }
             return null;",
        )
        .await;
    let state = state.as_str().expect("a pending sign-in").to_string();
    let forged = format!(
        "{}?code=forged&state={}&iss=http%3A%2F%2Fevil.example",
        h.console_url(),
        url::form_urlencoded::byte_serialize(state.as_bytes()).collect::<String>()
    );
    let codes_before = h.sandbox.state.auth.code_grants.load(Ordering::SeqCst);
    h.browser.goto(&forged).await.unwrap();
    h.wait_for_text("#signin-message", "another identity provider")
        .await;
    assert_eq!(
        h.sandbox.state.auth.code_grants.load(Ordering::SeqCst),
        codes_before,
        "no code was exchanged"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_that_refuses_a_fresh_sign_in_gets_an_error_screen_not_a_loop() {
    let mut config = sandbox_config("refused");
    config.api_refuses_tokens = true;
    let mut h = Harness::start(config).await;
    h.allow_failed_request("/api/accounts?statistics=false&", 401);
    h.allow_failed_request("/api/accounts?statistics=true&", 401);
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#sign-in-refused", "refuses this sign-in")
        .await;
    let codes = h.sandbox.state.auth.code_grants.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(h.exists("#sign-in-refused").await, "still the error screen");
    assert_eq!(
        h.sandbox.state.auth.code_grants.load(Ordering::SeqCst),
        codes,
        "no further sign-in"
    );
    h.finish().await;
}
