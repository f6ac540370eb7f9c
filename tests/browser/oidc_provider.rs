//! The console against a certified OpenID Provider, npm `oidc-provider` (see
//! `tests/oidc-provider/provider.mjs`), rather than the sandbox's own authorization server: the
//! same sign-in flows, with every endpoint found through OIDC discovery, the user's name from
//! the ID token, JWT access tokens (ES256, `aud` = `mobileid-admin`) that the sandbox's API
//! trusts, refresh-token rotation, revocation (RFC 7009), RP-initiated logout and the
//! callback's `iss` (RFC 9207).

use mobileid_e2e::oidc::CLIENT_ID;
use mobileid_e2e::{sandbox_config, Harness};
use std::time::Duration;

/// Signed in as `login` at the provider, on the account page.
async fn signed_in(label: &str, login: &str) -> Harness {
    let h = Harness::start_with_oidc_provider(sandbox_config(label), |_| {}).await;
    h.open_console().await;
    h.click("#sign-in").await;
    h.sign_in_at_provider(login).await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h
}

/// The console's origin, as the provider sees it in CORS requests.
fn console_origin(h: &Harness) -> String {
    h.console_url().trim_end_matches('/').to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signs_in_through_discovery_and_shows_the_name_from_the_id_token() {
    let h = signed_in("op-signin", "ada.lovelace").await;
    let op = h.provider();
    // The API took the provider's access token: the account came from the sandbox.
    assert!(!h.text("#account-id").await.is_empty());
    // The name is the ID token's `name` claim (the provider makes it from the login).
    assert_eq!(h.text("#signed-in-user").await, "Ada Lovelace");

    // One code exchange at the provider, through its discovered token endpoint.
    assert_eq!(op.grants("authorization_code"), 1, "{:#?}", op.events());
    let discovery = op.discovery().await;
    assert_eq!(discovery["issuer"], op.issuer.as_str());
    assert_eq!(
        discovery["authorization_response_iss_parameter_supported"],
        true
    );

    // The code, the state and the issuer left the address bar.
    let url = h.current_url().await;
    assert!(
        !url.contains("code=") && !url.contains("state=") && !url.contains("iss="),
        "{url}"
    );
    // The refresh token lives in memory only: not in any storage of the tab.
    let refresh_token = op.last_refresh_token().expect("a refresh token was issued");
    let storage = h.storage_dump().await;
    assert!(
        !storage.contains(&refresh_token),
        "the refresh token must not be stored: {storage}"
    );
    // It is live at the provider, for this client.
    let introspection = op.introspect(&refresh_token).await;
    assert_eq!(introspection["active"], true, "{introspection}");
    assert_eq!(introspection["client_id"], CLIENT_ID);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_access_token_is_refreshed_at_the_provider_without_the_user_noticing() {
    // Access tokens live 10 s: the console refreshes when less than a quarter is left.
    let h = Harness::start_with_oidc_provider(sandbox_config("op-refresh"), |o| {
        o.access_token_ttl = Duration::from_secs(10);
    })
    .await;
    h.open_console().await;
    h.click("#sign-in").await;
    h.sign_in_at_provider("ada.lovelace").await;
    h.wait_for_text("#account-name", "Sample Account").await;
    let op = h.provider();
    let first_refresh_token = op.last_refresh_token().expect("a refresh token");
    let refreshes_before = op.grants("refresh_token");
    let authorizations_before = op.events_named("authorization.success").len();

    tokio::time::sleep(Duration::from_secs(9)).await;
    h.click("#with-statistics").await;
    h.wait_for_text("main", "Statistics not requested").await;
    h.click("#with-statistics").await;
    h.find("#active-devices").await;

    assert!(
        op.grants("refresh_token") > refreshes_before,
        "no refresh at the provider: {:#?}",
        op.events()
    );
    assert_eq!(
        op.events_named("authorization.success").len(),
        authorizations_before,
        "no trip through the provider's authorization endpoint"
    );
    assert!(
        !h.exists("#sign-in").await,
        "the user was not sent to sign in"
    );
    assert!(!h.at_provider().await);
    // Rotation: the refresh token used is spent, its successor is live.
    assert_eq!(op.introspect(&first_refresh_token).await["active"], false);
    let current = op.last_refresh_token().expect("a rotated refresh token");
    assert_ne!(current, first_refresh_token);
    assert_eq!(op.introspect(&current).await["active"], true);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_goes_through_the_provider_session_and_keeps_the_page() {
    let h = signed_in("op-reload", "ada.lovelace").await;
    let op = h.provider();
    h.click("#nav-statistics").await;
    h.wait_for_url("#/statistics").await;
    h.find("main svg").await;
    let page = h.current_url().await;
    let codes_before = op.grants("authorization_code");
    let logins_before = op.events_named("interaction.started").len();

    h.browser.refresh().await.unwrap();
    h.find("main svg").await;
    h.wait_for_text("#signed-in-user", "Ada Lovelace").await;
    assert_eq!(
        h.current_url().await,
        page,
        "the same page after the reload"
    );
    assert!(!h.exists("#sign-in").await, "a reload must not sign out");
    // The refresh token was in memory only: the reload went back through the provider, whose
    // session answered with a code at once (no login form, no consent).
    assert_eq!(
        op.grants("authorization_code"),
        codes_before + 1,
        "{:#?}",
        op.events()
    );
    assert_eq!(
        op.events_named("interaction.started").len(),
        logins_before,
        "the provider asked the user again: {:#?}",
        op.events()
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_revokes_the_refresh_token_and_ends_the_provider_session() {
    let h = signed_in("op-signout", "ada.lovelace").await;
    let op = h.provider();
    let refresh_token = op.last_refresh_token().expect("a refresh token");
    assert_eq!(op.introspect(&refresh_token).await["active"], true);
    let events_before = op.events().len();

    h.click("#sign-out").await;
    // RFC 7009: the console revoked its refresh token, from the browser.
    let revocation = op
        .wait_for_event("revocation", events_before, |e| {
            e["status"] == 200 && e["kind"] == "RefreshToken"
        })
        .await;
    assert_eq!(revocation["origin"], console_origin(&h).as_str());
    // RP-initiated logout: the provider asks the user, then sends the browser back to the
    // console's URL (its registered post_logout_redirect_uri).
    h.confirm_sign_out_at_provider().await;
    h.wait_for_text("#signin-message", "signed out").await;
    assert_eq!(
        op.introspect(&refresh_token).await["active"],
        false,
        "the refresh token still works at the provider"
    );
    let storage = h.storage_dump().await;
    assert!(!storage.contains("mobileid."), "{storage}");

    // The provider's session is over: a new sign-in shows its login form again.
    h.click("#sign-in").await;
    h.wait_for_provider_login_form().await;
    h.sign_in_at_provider("grace.hopper").await;
    h.wait_for_text("#signed-in-user", "Grace Hopper").await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_with_a_wrong_state_is_refused() {
    let h = Harness::start_with_oidc_provider(sandbox_config("op-state"), |_| {}).await;
    h.open_console().await;
    h.click("#sign-in").await;
    h.wait_for_provider_login_form().await;
    let op = h.provider();
    let issuer = op.issuer.clone();
    assert!(
        op.last_interaction_state().is_some(),
        "the console sent a state"
    );

    // A callback that did not come from this tab's sign-in: right issuer, forged state.
    let forged = format!(
        "{}?code=forged-code&state=forged-state&iss={}",
        h.console_url(),
        url_encode(&issuer)
    );
    h.browser.goto(&forged).await.unwrap();
    let message = h.wait_for_text("#signin-message", "state").await;
    assert!(message.contains("refused"), "{message}");
    let url = h.current_url().await;
    assert!(
        !url.contains("code="),
        "the code must leave the address bar: {url}"
    );
    assert_eq!(
        h.provider().grants("authorization_code"),
        0,
        "no code was exchanged"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_from_another_issuer_is_refused() {
    let h = Harness::start_with_oidc_provider(sandbox_config("op-iss"), |_| {}).await;
    h.open_console().await;
    h.click("#sign-in").await;
    h.wait_for_provider_login_form().await;
    // The state of this tab's pending sign-in, as the provider received it.
    let state = h
        .provider()
        .last_interaction_state()
        .expect("the console sent a state");

    // A mix-up attack (RFC 9207): the right state, but the response names another issuer.
    let mixed_up = format!(
        "{}?code=stolen-code&state={}&iss={}",
        h.console_url(),
        url_encode(&state),
        url_encode("http://evil.example")
    );
    h.browser.goto(&mixed_up).await.unwrap();
    let message = h.wait_for_text("#signin-message", "refused").await;
    assert!(
        message.contains("http://evil.example"),
        "the message names the foreign issuer: {message}"
    );
    let url = h.current_url().await;
    assert!(
        !url.contains("code=") && !url.contains("evil"),
        "the callback must leave the address bar: {url}"
    );
    assert_eq!(
        h.provider().grants("authorization_code"),
        0,
        "no code was exchanged"
    );
    let storage = h.storage_dump().await;
    assert!(
        !storage.contains(&state),
        "the pending sign-in is gone: {storage}"
    );
    h.finish().await;
}

/// Percent-encodes a query value.
fn url_encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
