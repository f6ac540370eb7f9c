//! Real-API fidelity in a real browser: a configuration a real server can hold (values and
//! properties the console does not know, guessed rules broken) is shown, kept and sent back
//! unchanged while the admin edits one field; and paths corrected in `config.json` drive every
//! page against a sandbox serving the same corrected paths.

use mobileid_e2e::mobileid_sandbox::seed::{LEGACY_ACCOUNT_ID, LEGACY_ACCOUNT_NAME};
use mobileid_e2e::{sandbox_config, Harness, SCREENS};
use serde_json::{json, Value};

fn stored(h: &Harness) -> serde_json::Map<String, Value> {
    h.sandbox
        .state
        .store
        .configuration(LEGACY_ACCOUNT_ID)
        .unwrap()
        .unwrap()
        .properties
}

async fn choose_account(h: &Harness, id: &str) {
    h.click("#change-account").await;
    h.fill("#account-id-input", id).await;
    h.click("#apply-account").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_odd_but_legal_configuration_is_kept_while_one_field_is_saved() {
    let h = Harness::start(sandbox_config("fidelity-odd")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    choose_account(&h, LEGACY_ACCOUNT_ID).await;
    h.wait_for_text("#account-name", LEGACY_ACCOUNT_NAME).await;
    h.click("#nav-configuration").await;
    h.find("#prop-amountFailuresAllowed").await;
    let before = stored(&h);

    // What the console does not know is on screen, marked, with a warning that blocks nothing.
    let methods = h
        .wait_for_text("#prop-allowedAuthMethods", "DEVICE:PASSKEY")
        .await;
    assert!(methods.contains("not known to this console"), "{methods}");
    let warning = h
        .wait_for_text("#prop-allowedAuthMethods-message", "DEVICE:PASSKEY")
        .await;
    assert!(warning.starts_with("Warning"), "{warning}");
    h.wait_for_text("#prop-lockScope", "USER (not known to this console)")
        .await;
    h.wait_for_text("#prop-lockScope-message", "USER").await;
    assert_eq!(h.value("#prop-amountFailuresAllowed").await, "5");
    h.wait_for_text("#prop-amountFailuresAllowed-message", "Warning")
        .await;
    let other = h
        .wait_for_text("#other-properties", "passkeyRegistrationEnabled")
        .await;
    assert!(other.contains("futureSetting"), "{other}");
    assert_eq!(h.value("#prop-futureSetting").await, r#"{"level":2}"#);
    assert_eq!(
        h.eval("return document.getElementById('prop-enabledRiskData-null').checked")
            .await,
        json!(true),
        "enabledRiskData null is its own choice"
    );
    h.wait_for_text(
        "#prop-attestationAndroidPlayIntegrityDecryptionKey-status",
        "Not shown by the API",
    )
    .await;
    assert!(
        !h.exists("#error-summary").await,
        "nothing the server holds is an error"
    );

    // One change, reviewed and saved: only that field is sent.
    h.fill("#prop-sessionExpiry", "600000").await;
    h.wait_for_text("#change-count", "1 unsaved change").await;
    h.click("#save-properties").await;
    let diff = h.wait_for_text("#review-diff", "sessionExpiry").await;
    assert!(!diff.contains("lockScope"), "{diff}");
    h.click("#review-confirm").await;
    h.wait_for_text("#change-count", "No unsaved changes").await;
    let sent = h.sandbox.state.store.audit("updateProperties").unwrap();
    assert_eq!(sent.last().unwrap(), &json!({"sessionExpiry": "600000"}));
    let after = stored(&h);
    for (name, value) in &before {
        if name != "sessionExpiry" {
            assert_eq!(after.get(name), Some(value), "{name} kept as it was");
        }
    }
    assert_eq!(after["sessionExpiry"], json!("600000"));

    // Export, then import the same file: nothing changes and nothing unknown is lost.
    h.capture_downloads().await;
    h.click("#export-properties").await;
    let (_, text) = h.downloads(1).await.remove(0);
    let exported: Value = serde_json::from_str(&text).unwrap();
    assert!(exported["allowedAuthMethods"]
        .to_string()
        .contains("DEVICE:PASSKEY"));
    assert_eq!(exported["futureSetting"], json!({"level": 2}));
    assert_eq!(exported["amountFailuresAllowed"], json!(5));
    assert_eq!(exported["lockScope"], json!("USER"));
    assert_eq!(exported["enabledRiskData"], Value::Null);
    let dir = mobileid_e2e::temp_dir("fidelity-export");
    let file = dir.join("legacy.json");
    std::fs::write(&file, &text).unwrap();
    h.choose_file("#import-properties", &file).await;
    h.wait_for_text("#import-report", "Imported 0 changes")
        .await;
    h.wait_for_text("#change-count", "No unsaved changes").await;
    h.wait_for_text("#prop-allowedAuthMethods", "DEVICE:PASSKEY")
        .await;
    let _ = std::fs::remove_dir_all(dir);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paths_corrected_in_config_json_drive_every_page() {
    let mut config = sandbox_config("fidelity-endpoints");
    // The map `endpoints-from-openapi` prints for tests/data/openapi-variant.yaml.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/endpoints-variant.json");
    config.endpoints =
        mobileid_e2e::mobileid_sandbox::load_endpoints(&path).expect("the variant map loads");
    let h = Harness::start(config).await;
    // The sandbox no longer answers the built-in paths, so a console that ignored the map
    // would fail (and every browser test fails on a console error).
    let moved = reqwest::get(format!("{}apns-tokens", h.sandbox.api_base()))
        .await
        .unwrap();
    assert_eq!(moved.status(), 404, "the built-in path is not served");
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    for (slug, ready) in SCREENS {
        h.click(&format!("#nav-{slug}")).await;
        h.find(ready).await;
    }
    // A write through a moved path.
    h.click("#nav-configuration").await;
    h.fill("#prop-amountFailuresAllowed", "4").await;
    h.click("#save-properties").await;
    h.click("#review-confirm").await;
    h.wait_for_text("#change-count", "No unsaved changes").await;
    let sent = h.sandbox.state.store.audit("updateProperties").unwrap();
    assert_eq!(sent.last().unwrap(), &json!({"amountFailuresAllowed": "4"}));
    h.finish().await;
}
