//! The idle timeout: a warning first, "Stay signed in" keeps the session, and without any
//! activity the console signs out and keeps the unsaved edits for the next sign-in.

use mobileid_e2e::{sandbox_config, wait_until_within, Harness};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_is_warned_then_ended_and_the_draft_survives() {
    let mut config = sandbox_config("idle");
    // Six seconds without a click or a key: the warning shows for the last three.
    config.console_config_override = Some(
        serde_json::json!({
            "apiBaseUrl": "/api/",
            "authorizeUrl": "/oauth/authorize",
            "tokenUrl": "/oauth/token",
            "clientId": config.oauth.client_id,
            "scopes": ["openid", "profile", "mobileid-admin"],
            "idleTimeoutMinutes": 0.1
        })
        .to_string(),
    );
    let h = Harness::start(config).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h.click("#nav-configuration").await;
    h.fill("#prop-sessionExpiry", "60000").await;
    h.wait_for_text("#change-count", "1 unsaved change").await;

    // The warning comes; staying keeps the session.
    h.wait_for_text("#idle-text", "signed out in").await;
    h.click("#idle-stay").await;
    let stayed = Instant::now();
    assert!(h.exists("#prop-sessionExpiry").await);

    // Then nothing happens for the whole timeout: signed out, with the reason. Waited for as a
    // condition (reading the page is no activity), and not before the six seconds are up.
    wait_until_within(
        Duration::from_secs(30),
        "signed out after the idle timeout",
        async || {
            h.exists("#signin-message").await
                && h.text("#signin-message").await.contains("without activity")
        },
    )
    .await;
    let idle = stayed.elapsed();
    assert!(
        idle >= Duration::from_secs(5),
        "signed out {idle:?} after the last click, before the 6 s timeout"
    );
    // Signing in again (the provider session makes it quick) brings the edit back.
    h.click("#sign-in").await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h.click("#nav-configuration").await;
    h.find("#draft-restored").await;
    assert_eq!(h.value("#prop-sessionExpiry").await, "60000");
    h.finish().await;
}
