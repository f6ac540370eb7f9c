//! The application-configuration editor in a real browser against the sandbox.

use mobileid_e2e::mobileid_sandbox::store::SAMPLE_ACCOUNT;
use mobileid_e2e::mobileid_sandbox::ScriptedFault;
use mobileid_e2e::{sandbox_config, wait_until, Harness};
use serde_json::Value;

async fn editor(label: &str) -> Harness {
    let h = Harness::start(sandbox_config(label)).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h.click("#nav-configuration").await;
    h.find("#prop-amountFailuresAllowed").await;
    h
}

fn stored_property(h: &Harness, name: &str) -> Option<Value> {
    let config = h
        .sandbox
        .state
        .store
        .configuration(SAMPLE_ACCOUNT)
        .unwrap()
        .unwrap();
    config.properties.get(name).cloned()
}

fn property_updates(h: &Harness) -> usize {
    h.sandbox
        .state
        .store
        .audit("updateProperties")
        .unwrap()
        .len()
}

async fn save_disabled(h: &Harness) -> bool {
    h.find("#save-properties")
        .await
        .attr("disabled")
        .await
        .unwrap()
        .is_some()
}

/// The message line of a field, from its `aria-describedby`.
async fn message_of(h: &Harness, css: &str) -> String {
    let described = h.attr(css, "aria-describedby").await.unwrap_or_default();
    let id = described
        .split(' ')
        .find(|id| id.ends_with("-message"))
        .unwrap_or_else(|| panic!("{css} names no message: {described}"))
        .to_string();
    format!("#{id}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documented_violations_block_at_the_field_and_guesses_only_warn() {
    let h = editor("cfg-invalid").await;
    // What the reference states: errors that block saving.
    let errors = [
        ("#prop-sessionExpiry", "soon", "whole number"),
        ("#prop-pinCodeLength", "-1", "0 or more"),
        (
            "#prop-minimumRequiredEncapApiVersionAndroid",
            "3.x",
            "semantic version",
        ),
        ("#prop-geofencingActivationDeniedCountries", "ZZ", "ZZ"),
    ];
    for (css, value, expected) in errors {
        h.fill(css, value).await;
        assert_eq!(
            h.attr(css, "aria-invalid").await.unwrap_or_default(),
            "true",
            "{css}"
        );
        let message = message_of(&h, css).await;
        h.wait_for_text(&message, expected).await;
        assert!(
            !h.text(&message).await.starts_with("Warning"),
            "{css} is an error"
        );
        assert!(
            save_disabled(&h).await,
            "Save must be disabled while {css} is invalid"
        );
    }
    h.wait_for_text("#error-summary", "4 problems").await;
    for (css, value) in [
        ("#prop-sessionExpiry", "300000"),
        ("#prop-pinCodeLength", "6"),
        ("#prop-minimumRequiredEncapApiVersionAndroid", ""),
        ("#prop-geofencingActivationDeniedCountries", ""),
    ] {
        h.fill(css, value).await;
    }

    // What the console guessed: warnings that name their source and never block.
    let warnings = [
        (
            "#prop-activationCodeLength",
            "2",
            "Signicat's Application configuration page",
        ),
        ("#prop-pinCodeLength", "9", "PIN length above its maximum"),
        (
            "#prop-minimumRequiredEncapApiVersionIos",
            "3.21",
            "two parts",
        ),
        ("#prop-firebaseTimeToLive", "3000000000", "28 days"),
    ];
    for (css, value, expected) in warnings {
        h.fill(css, value).await;
        let message = message_of(&h, css).await;
        let text = h.wait_for_text(&message, expected).await;
        assert!(text.starts_with("Warning"), "{css}: {text}");
        assert_eq!(
            h.attr(css, "aria-invalid").await.unwrap_or_default(),
            "false",
            "{css} warns, it is not invalid"
        );
        assert!(!save_disabled(&h).await, "{css} must not block saving");
    }
    assert!(!h.exists("#error-summary").await || h.text("#error-summary").await.is_empty());

    // A documented rule across fields: a method for activation must be an allowed method.
    h.click("#prop-allowedAuthMethods-1").await; // DEVICE:PIN off
    h.wait_for_text(
        "#prop-allowedAuthMethodsForAuthAndActivate-message",
        "DEVICE:PIN is not an allowed authentication method",
    )
    .await;
    assert!(save_disabled(&h).await);
    // The error summary links to the field.
    h.click("#error-summary button").await;
    let focused = h.eval("return document.activeElement.id").await;
    assert_eq!(focused, "prop-allowedAuthMethodsForAuthAndActivate");

    // Read-only: cannot be typed into, never sent.
    let readonly = h.find("#prop-maximumSessionExpiry").await;
    assert!(readonly.attr("readonly").await.unwrap().is_some());
    readonly.send_keys("999").await.ok();
    assert_eq!(
        readonly.prop("value").await.unwrap().unwrap_or_default(),
        "187200000"
    );

    assert_eq!(property_updates(&h), 0, "the sandbox recorded no update");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_value_outside_a_chosen_list_is_saved_with_a_warning() {
    let h = editor("cfg-open-list").await;
    // lockScope: the console knows DEVICE and AUTH_METHOD; the admin types another value.
    h.set_value("#prop-lockScope", "__other_value__").await;
    h.fill("#prop-lockScope-other", "USER").await;
    let warning = h.wait_for_text("#prop-lockScope-message", "USER").await;
    assert!(warning.starts_with("Warning"), "{warning}");
    // allowedAuthMethods: a seventh method, added by hand.
    h.fill("#prop-allowedAuthMethods-add", "DEVICE:PASSKEY")
        .await;
    h.click("#prop-allowedAuthMethods-add-button").await;
    h.wait_for_text("#prop-allowedAuthMethods", "DEVICE:PASSKEY")
        .await;
    h.wait_for_text("#prop-allowedAuthMethods-message", "DEVICE:PASSKEY")
        .await;
    assert!(!save_disabled(&h).await, "warnings never block");
    h.click("#save-properties").await;
    h.wait_for_text("#review-diff", "USER").await;
    h.click("#review-confirm").await;
    h.wait_for_text("#change-count", "No unsaved changes").await;
    assert_eq!(stored_property(&h, "lockScope"), Some(Value::from("USER")));
    let methods = stored_property(&h, "allowedAuthMethods").unwrap();
    assert!(methods.to_string().contains("DEVICE:PASSKEY"), "{methods}");
    // The value the console does not know is shown, not emptied.
    h.wait_for_text("#prop-lockScope", "USER (not known to this console)")
        .await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_change_is_reviewed_saved_and_survives_a_reload() {
    let h = editor("cfg-save").await;
    h.fill("#prop-amountFailuresAllowed", "5").await;
    h.click("#prop-allowedAuthMethods-5").await; // DEVICE:SERVER_SIDE_FACE off
    h.wait_for_text("#change-count", "2 unsaved changes").await;
    h.click("#save-properties").await;
    let diff = h
        .wait_for_text("#review-diff", "amountFailuresAllowed")
        .await;
    assert!(
        diff.contains('3') && diff.contains('5'),
        "old and new values: {diff}"
    );
    assert_eq!(
        property_updates(&h),
        0,
        "nothing is sent before the review is confirmed"
    );
    h.click("#review-confirm").await;
    h.wait_for_text("#change-count", "No unsaved changes").await;

    assert_eq!(
        stored_property(&h, "amountFailuresAllowed"),
        Some(Value::from("5"))
    );
    let methods = stored_property(&h, "allowedAuthMethods").unwrap();
    assert!(
        !methods.to_string().contains("SERVER_SIDE_FACE"),
        "{methods}"
    );
    let sent = h.sandbox.state.store.audit("updateProperties").unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].as_object().unwrap().len(),
        2,
        "only the changed properties: {}",
        sent[0]
    );

    h.browser.refresh().await.unwrap();
    assert_eq!(h.value("#prop-amountFailuresAllowed").await, "5");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsaved_draft_survives_a_reload_and_a_concurrent_change_is_detected() {
    let h = editor("cfg-draft").await;
    h.fill("#prop-sessionExpiry", "60000").await;
    h.wait_for_text("#change-count", "1 unsaved change").await;
    h.browser.refresh().await.unwrap();
    h.find("#draft-restored").await;
    assert_eq!(h.value("#prop-sessionExpiry").await, "60000");
    assert_eq!(property_updates(&h), 0);

    // Another admin changes a property meanwhile.
    let store = &h.sandbox.state.store;
    let mut row = store.configuration(SAMPLE_ACCOUNT).unwrap().unwrap();
    row.properties
        .insert("amountFailuresAllowed".into(), "7".into());
    store.insert_configuration(&row).unwrap();

    h.click("#save-properties").await;
    let conflict = h
        .wait_for_text("#conflict-table", "amountFailuresAllowed")
        .await;
    assert!(conflict.contains('7'), "{conflict}");
    h.click("#conflict-mine").await;
    h.wait_for_text("#review-diff", "sessionExpiry").await;
    h.click("#review-confirm").await;
    h.wait_for_text("#change-count", "No unsaved changes").await;
    assert_eq!(
        stored_property(&h, "sessionExpiry"),
        Some(Value::from("60000"))
    );
    assert_eq!(
        stored_property(&h, "amountFailuresAllowed"),
        Some(Value::from("7")),
        "theirs kept"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_is_sent_but_never_shown_back_or_stored_in_the_browser() {
    let h = editor("cfg-secret").await;
    let secret = r#"{"type": "service_account", "private_key": "TOP-SECRET-KEY-MATERIAL"}"#;
    h.click("#prop-firebaseServiceAccount-replace").await;
    h.fill("#prop-firebaseServiceAccount-paste", secret).await;
    h.click("#prop-firebaseServiceAccount-use").await;
    h.wait_for_text("#prop-firebaseServiceAccount-status", "New value ready")
        .await;
    use base64::Engine;
    let expected_b64 = base64::engine::general_purpose::STANDARD.encode(secret);
    let storage = h.storage_dump().await;
    assert!(
        !storage.contains("TOP-SECRET") && !storage.contains(&expected_b64),
        "{storage}"
    );
    let page = h.dom_text_and_values().await;
    assert!(
        !page.contains("TOP-SECRET") && !page.contains(&expected_b64),
        "the paste box was emptied"
    );

    h.click("#save-properties").await;
    h.wait_for_text("#review-diff", "replaced").await;
    h.click("#review-confirm").await;
    h.wait_for_text("#prop-firebaseServiceAccount-status", "Set")
        .await;

    let stored = stored_property(&h, "firebaseServiceAccount").expect("the sandbox stored it");
    let encoded = stored.as_str().unwrap().to_string();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(&encoded)
        .unwrap();
    assert_eq!(
        decoded,
        secret.as_bytes(),
        "the console Base64-encodes the JSON file"
    );

    let page = h.dom_text_and_values().await;
    assert!(
        !page.contains("TOP-SECRET") && !page.contains(&encoded),
        "secret in the DOM"
    );
    let storage = h.storage_dump().await;
    assert!(
        !storage.contains("TOP-SECRET") && !storage.contains(&encoded),
        "{storage}"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_invalid_params_error_lands_on_its_field_and_keeps_the_edit() {
    let mut config = sandbox_config("cfg-server-error");
    let reason = "This bundle id is not registered with Apple for your team.";
    config.property_rejections = vec![("apnsBundleId".into(), reason.into())];
    let mut h = Harness::start(config).await;
    h.open_console().await;
    h.sign_in().await;
    h.click("#nav-configuration").await;
    h.fill("#prop-apnsBundleId", "com.example.bank").await;
    h.fill("#prop-amountFailuresAllowed", "4").await;
    h.click("#save-properties").await;
    h.find("#review-confirm").await;
    h.allow_failed_request("/api/application-configuration/properties", 400);
    h.click("#review-confirm").await;

    h.wait_for_text("#prop-apnsBundleId-message", "not registered with Apple")
        .await;
    assert_eq!(
        h.attr("#prop-apnsBundleId", "aria-invalid")
            .await
            .unwrap_or_default(),
        "true"
    );
    h.wait_for_text("#save-error", "Request validation failed")
        .await;
    assert!(
        h.text("#save-error").await.contains("Trace ID"),
        "the traceId is shown"
    );
    // Focus goes to the summary; the reason shows once at the field and once in the summary.
    assert_eq!(
        h.eval("return document.activeElement.id").await,
        serde_json::json!("error-summary")
    );
    let shown = h
        .eval("return document.querySelector('main').innerText.split('not registered with Apple').length - 1")
        .await;
    assert_eq!(
        shown,
        serde_json::json!(2),
        "once at the field, once in the summary"
    );
    // Nothing is lost, nothing was stored.
    let kept = h.value("#prop-apnsBundleId").await;
    assert_eq!(kept, "com.example.bank");
    h.wait_for_text("#change-count", "2 unsaved changes").await;
    assert_eq!(property_updates(&h), 0);
    assert_eq!(
        stored_property(&h, "amountFailuresAllowed"),
        Some(Value::from("3"))
    );

    // Editing the field clears the server's message.
    h.fill("#prop-apnsBundleId", "com.example.bank2").await;
    assert_eq!(
        h.attr("#prop-apnsBundleId", "aria-invalid")
            .await
            .unwrap_or_default(),
        "false"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_with_unsaved_edits_asks_first() {
    let h = editor("cfg-guard").await;
    h.fill("#prop-amountFailuresAllowed", "5").await;
    h.wait_for_text("#change-count", "1 unsaved change").await;
    // The console's own dialog asks; "Stay" changes nothing.
    h.click("#nav-account").await;
    h.wait_for_text("#leave-title", "unsaved changes").await;
    h.click("#leave-stay").await;
    h.wait_gone("#leave-guard[open]").await;
    assert!(
        h.current_url().await.ends_with("#/configuration"),
        "{}",
        h.current_url().await
    );
    assert_eq!(h.value("#prop-amountFailuresAllowed").await, "5");
    // Signing out asks too, and "Stay" keeps the session.
    h.click("#sign-out").await;
    h.wait_for_text("#leave-title", "unsaved changes").await;
    h.click("#leave-stay").await;
    h.wait_gone("#leave-guard[open]").await;
    assert!(
        h.exists("#prop-amountFailuresAllowed").await,
        "still signed in"
    );
    // Closing the tab would ask the browser's own question.
    let prevented = h
        .eval("const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented;")
        .await;
    assert_eq!(prevented, serde_json::json!(true));
    // "Leave": the account page; the draft stays in the tab for later.
    h.click("#nav-account").await;
    h.click("#leave-go").await;
    h.wait_for_text("#account-name", "Sample Account").await;
    let prevented = h
        .eval("const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented;")
        .await;
    assert_eq!(
        prevented,
        serde_json::json!(false),
        "nothing unsaved any more"
    );
    h.click("#nav-configuration").await;
    h.find("#draft-restored").await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_login_sends_the_admin_through_login_back_to_the_editor_with_the_draft() {
    let mut h = editor("cfg-relogin").await;
    h.fill("#prop-sessionExpiry", "60000").await;
    h.wait_for_text("#change-count", "1 unsaved change").await;
    // The server ends every session: access and refresh tokens.
    h.sandbox.state.auth.end_all_sessions();
    h.allow_failed_request("/api/application-configuration/properties", 401);
    h.allow_failed_request("/oauth/token", 400);
    h.click("#save-properties").await; // re-reads the properties first: 401
    h.find("input[name=username]").await;
    h.submit_login_form(mobileid_e2e::USER, mobileid_e2e::PASSWORD)
        .await;
    h.find("#draft-restored").await;
    assert!(
        h.current_url().await.ends_with("#/configuration"),
        "{}",
        h.current_url().await
    );
    assert_eq!(h.value("#prop-sessionExpiry").await, "60000");
    assert_eq!(property_updates(&h), 0);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_then_import_shows_the_diff_and_skips_only_what_the_reference_forbids() {
    let h = editor("cfg-import").await;
    h.capture_downloads().await;
    h.fill("#prop-amountFailuresAllowed", "5").await;
    h.click("#export-properties").await;
    let (name, text) = h.downloads(1).await.remove(0);
    assert!(name.ends_with(".json"), "{name}");
    let exported: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        exported["amountFailuresAllowed"], "5",
        "the export holds the editor's values"
    );
    assert!(
        exported.get("firebaseServiceAccount").is_none(),
        "no secret is exported"
    );
    assert!(
        exported.get("maximumSessionExpiry").is_none(),
        "nor a read-only value"
    );

    // Back to the server's values, then import the file: the diff is shown, nothing is saved.
    h.click("#discard-changes").await;
    h.wait_for_text("#change-count", "No unsaved changes").await;
    let dir = mobileid_e2e::temp_dir("import");
    let file = dir.join("properties.json");
    std::fs::write(&file, &text).unwrap();
    h.choose_file("#import-properties", &file).await;
    let diff = h
        .wait_for_text("#review-diff", "amountFailuresAllowed")
        .await;
    assert!(diff.contains('5'), "{diff}");
    h.click("#review-cancel").await;
    h.wait_for_text("#change-count", "1 unsaved change").await;
    assert_eq!(property_updates(&h), 0, "an import saves nothing by itself");

    // A file with a value the reference forbids: that value is listed and skipped, the rest
    // applied (numbers as the strings the API sends); a file that is not JSON changes nothing.
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"pinCodeLength": "x", "sessionExpiry": 1000, "recoveryEnabled": true}"#,
    )
    .unwrap();
    h.choose_file("#import-properties", &bad).await;
    h.wait_for_text("#import-skipped", "PIN length").await;
    h.click("#review-cancel").await;
    h.wait_for_text("#change-count", "3 unsaved changes").await;
    assert_eq!(h.value("#prop-sessionExpiry").await, "1000");
    assert_eq!(h.value("#prop-recoveryEnabled").await, "true");
    assert_eq!(h.value("#prop-pinCodeLength").await, "6", "skipped");
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{ not json").unwrap();
    h.choose_file("#import-properties", &broken).await;
    h.wait_for_text("#import-errors", "Not valid JSON").await;
    h.wait_for_text("#change-count", "3 unsaved changes").await;
    let _ = std::fs::remove_dir_all(dir);
    h.finish().await;
}

async fn displayed(h: &Harness, id: &str) -> bool {
    h.eval(&format!(
        "const e = document.getElementById('{id}'); return !!e && e.offsetParent !== null;"
    ))
    .await
        == serde_json::json!(true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sections_filters_and_search_find_the_right_fields() {
    let h = editor("cfg-navigate").await;
    // The search covers help texts too, and hides every other field.
    h.fill("#property-filter", "focus mode").await;
    h.wait_for_text("#property-editor", "Time-sensitive").await;
    assert!(displayed(&h, "prop-apnsTimeSensitiveInterruptionLevelEnabled").await);
    assert!(!displayed(&h, "prop-amountFailuresAllowed").await);
    h.fill("#property-filter", "no such thing").await;
    h.wait_for_text("#no-property-matches", "No property matches")
        .await;
    h.fill("#property-filter", "").await;
    assert!(displayed(&h, "prop-amountFailuresAllowed").await);

    // "Changed only", and the section list counts the change.
    h.fill("#prop-amountFailuresAllowed", "5").await;
    h.set_value("#property-show", "changed").await;
    assert!(displayed(&h, "prop-amountFailuresAllowed").await);
    assert!(!displayed(&h, "prop-sessionExpiry").await);
    h.wait_for_text(".section-list", "1 changed").await;
    h.set_value("#property-show", "all").await;

    // A section's entry brings focus to it.
    h.click("#section-group-push").await;
    assert_eq!(
        h.eval("return document.activeElement.id").await,
        serde_json::json!("group-push")
    );
    // The review shows durations with their unit.
    h.fill("#prop-sessionExpiry", "600000").await;
    h.click("#save-properties").await;
    h.wait_for_text("#review-diff", "600000 ms (10 min)").await;
    h.click("#review-cancel").await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_save_keeps_the_edits_and_offers_to_try_again() {
    let mut h = editor("cfg-retry").await;
    h.fill("#prop-amountFailuresAllowed", "6").await;
    h.click("#save-properties").await;
    h.find("#review-confirm").await;
    // The API is briefly unavailable for the write (a 503 on a PATCH is never repeated).
    h.sandbox
        .state
        .scripted_faults
        .lock()
        .unwrap()
        .faults
        .push_back(ScriptedFault::unavailable().on("PATCH"));
    h.allow_failed_request("/api/application-configuration/properties", 503);
    h.click("#review-confirm").await;
    h.wait_for_text("#save-error", "503").await;
    assert_eq!(property_updates(&h), 0);
    assert_eq!(h.value("#prop-amountFailuresAllowed").await, "6", "kept");
    h.click("#save-retry").await;
    h.click("#review-confirm").await;
    h.wait_for_text("#change-count", "No unsaved changes").await;
    assert_eq!(
        stored_property(&h, "amountFailuresAllowed"),
        Some(Value::from("6"))
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_duration_may_be_typed_with_its_unit() {
    let h = editor("cfg-duration-units").await;
    h.set_value("#prop-sessionExpiry", "10 min").await;
    wait_until("10 min is written as 600000 ms", async || {
        h.value("#prop-sessionExpiry").await == "600000"
    })
    .await;
    h.wait_for_text("#change-count", "1 unsaved change").await;
    h.finish().await;
}

/// The APNs UUID field once its own read has answered (an empty field until then).
async fn apns_uuid_shown(h: &Harness, expected: &str) {
    wait_until(
        &format!("the APNs UUID field shows {expected}"),
        async || h.value("#apns-uuid").await == expected,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_apns_uuid_is_read_checked_at_its_field_and_saved() {
    let h = editor("cfg-apns-uuid").await;
    let stored = |h: &Harness| {
        let config = h.sandbox.state.store.configuration(SAMPLE_ACCOUNT);
        config.unwrap().unwrap().apns_uuid
    };
    let before = stored(&h);
    apns_uuid_shown(&h, &before).await;
    assert!(
        h.attr("#save-apns-uuid", "disabled").await.is_some(),
        "nothing to save"
    );
    h.fill("#apns-uuid", "not-a-uuid").await;
    h.wait_for_text("#apns-uuid-message", "Must be a UUID")
        .await;
    assert_eq!(
        h.attr("#apns-uuid", "aria-invalid").await.as_deref(),
        Some("true")
    );
    assert!(h.attr("#save-apns-uuid", "disabled").await.is_some());
    let new = "12ef6f3a-a12a-4c5e-bb1b-1d75a9f37d59";
    assert_ne!(before, new);
    h.fill("#apns-uuid", new).await;
    assert_eq!(
        h.attr("#apns-uuid", "aria-invalid").await.as_deref(),
        Some("false")
    );
    h.click("#save-apns-uuid").await;
    h.wait_for_text(".toast", "APNs UUID saved").await;
    assert_eq!(stored(&h), new);
    h.browser.refresh().await.unwrap();
    apns_uuid_shown(&h, new).await;
    h.finish().await;
}
