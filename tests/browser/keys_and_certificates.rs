//! Keys and certificates in a real browser: an APNs token added from a `.p8` file (and the key
//! leaving no trace in the DOM, storage or console), an E2E key's whole life, and signing
//! certificates parsed and fingerprinted in the browser.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use mobileid_e2e::mobileid_sandbox::api::{apns_tokens, e2e_keys, signing_certificates};
use mobileid_e2e::mobileid_sandbox::crypto;
use mobileid_e2e::mobileid_sandbox::store::{SAMPLE_ACCOUNT, SAMPLE_ORGANISATION};
use mobileid_e2e::mobileid_sandbox::SandboxConfig;
use mobileid_e2e::{sandbox_config, temp_dir, Harness};
use serde_json::Value;

/// The whole value of a shortened id or fingerprint (its `data-full`; the text is elided).
async fn full(h: &Harness, css: &str) -> String {
    h.attr(css, "data-full")
        .await
        .unwrap_or_else(|| panic!("{css} has no data-full"))
}

async fn signed_in(config: SandboxConfig) -> Harness {
    let h = Harness::start(config).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h
}

fn stored(h: &Harness, kind: &str, scope: &str) -> Vec<Value> {
    h.sandbox.state.store.resources(kind, scope).unwrap()
}

/// A 1024-bit RSA key (test data): the console must refuse it.
const RSA_PKCS8: &str = include_str!("../data/test-only-rsa-1024.p8");

// Oracles: files made and fingerprinted once with the openssl CLI (tests/data/README.md has
// the commands and their output), so the fingerprints the console shows are compared with
// values neither it nor the sandbox computed.
const TEST_P8: &str = include_str!("../data/test-only-ec-p256.p8");
/// `openssl dgst -sha256 -c` and `-sha1 -c` of the PKCS#8 DER inside `test-only-ec-p256.p8`.
const TEST_P8_SHA256: &str = "15:56:21:0c:2f:1e:f0:aa:57:a2:a4:0f:f7:87:cc:ed:d9:04:48:86:56:a7:bb:5f:17:9f:57:c2:6c:71:ec:fd";
const TEST_P8_SHA1: &str = "94:3a:b5:31:6a:78:18:e4:0e:17:78:08:fe:58:4f:c8:d9:42:6c:55";
const TEST_CERTIFICATE: &str = include_str!("../data/test-only-certificate.pem");
/// `openssl x509 -noout -fingerprint -sha256` of `test-only-certificate.pem`, lowercased.
const TEST_CERTIFICATE_SHA256: &str = "b5:35:28:95:14:03:cc:42:b8:e9:08:a8:a2:f2:5b:02:34:4d:66:1e:94:a5:23:f4:be:e8:97:b6:00:c1:4a:e1";

/// The DER inside a PEM (its Base64 body), decoded here rather than by the code under test.
fn pem_body_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).unwrap()
}

/// Pieces of a private key that must appear nowhere: every Base64 line of its PEM, its
/// Base64 as the API takes it, and the hex of its DER.
fn secret_fragments(pem: &str, der: &[u8]) -> Vec<String> {
    let mut fragments: Vec<String> = pem
        .lines()
        .filter(|l| !l.starts_with("-----") && l.len() >= 16)
        .map(str::to_string)
        .collect();
    let api = STANDARD.encode(pem);
    fragments.push(api[..48].to_string());
    fragments.push(api[api.len() / 2..api.len() / 2 + 48].to_string());
    let hex: String = der.iter().map(|b| format!("{b:02x}")).collect();
    fragments.push(hex[hex.len() - 64..].to_string());
    fragments
}

async fn assert_no_secret(h: &mut Harness, fragments: &[String], when: &str) {
    let dom = h.dom_text_and_values().await;
    let storage = h.storage_dump().await;
    let console = h.console_messages().await;
    for f in fragments {
        assert!(
            !dom.contains(f.as_str()),
            "{when}: the DOM holds key material {f:?}"
        );
        assert!(
            !storage.contains(f.as_str()),
            "{when}: storage holds key material {f:?}"
        );
        for (level, message) in &console {
            assert!(
                !message.contains(f.as_str()),
                "{when}: a console message ({level}) holds key material: {message}"
            );
        }
    }
    let errors: Vec<_> = console
        .iter()
        .filter(|(level, _)| level == "SEVERE")
        .collect();
    assert!(errors.is_empty(), "{when}: console errors: {errors:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_apns_token_is_added_from_a_p8_file_listed_with_its_fingerprint_and_deleted() {
    let mut h = signed_in(sandbox_config("apns")).await;
    h.click("#nav-apns-tokens").await;
    // The two seeded tokens, and the list limit said plainly.
    h.find("#apns-tokens-table").await;
    let count = h.wait_for_text("#apns-tokens-count", "at most 20").await;
    assert!(count.contains("Showing 2"), "{count}");

    // The openssl-made P-256 key in an Apple-style AuthKey_<key id>.p8 file.
    let pem = TEST_P8;
    let der = pem_body_der(pem);
    let expected_sha256 = TEST_P8_SHA256;
    let fragments = secret_fragments(pem, &der);
    let dir = temp_dir("p8");
    let file = dir.join("AuthKey_ABCDE12345.p8");
    std::fs::write(&file, pem.trim_end()).unwrap();

    h.click("#show-add-apns-token").await;
    h.find("#add-apns-token").await;

    // An RSA key pasted is refused at the field, and the paste box is emptied.
    h.fill("#p8-paste", RSA_PKCS8.trim_end()).await;
    let error = h.wait_for_text("#p8-error", "RSA private key").await;
    assert!(error.contains("EC P-256"), "{error}");
    assert_eq!(
        h.attr("#p8-paste", "aria-invalid").await.as_deref(),
        Some("true")
    );
    assert_eq!(h.value("#p8-paste").await, "");

    // Submitting without a valid form names every problem at its field.
    h.click("#add-apns-token-submit").await;
    h.wait_for_text("#apns-name-error", "required").await;
    h.wait_for_text("#apns-team-id-error", "Required").await;

    h.fill("#apns-name", "Console e2e token").await;
    h.fill("#apns-description", "Added by the browser test")
        .await;
    h.fill("#apns-team-id", "TEAM123456").await;
    h.choose_file("#p8-file", &file).await;
    let status = h.wait_for_text("#p8-status", "Key loaded").await;
    assert!(status.contains("EC P-256"), "{status}");
    assert!(status.contains(&format!("{} bytes", der.len())), "{status}");
    assert!(
        status.contains(expected_sha256),
        "the browser shows the key's SHA-256 as openssl computed it: {status}"
    );
    assert!(status.contains("AuthKey_ABCDE12345.p8"), "{status}");
    // The key id was taken from Apple's file name.
    assert_eq!(h.value("#apns-key-id").await, "ABCDE12345");
    assert_eq!(h.text("#p8-error").await, "");
    assert_no_secret(&mut h, &fragments, "after reading the file").await;

    h.click("#add-apns-token-submit").await;
    h.wait_for_text("#apns-tokens-table", "Console e2e token")
        .await;

    // The sandbox computed the fingerprints from the key it received (openssl's values); the
    // list shows them.
    let tokens = stored(&h, apns_tokens::KIND, SAMPLE_ORGANISATION);
    let token = tokens
        .iter()
        .find(|t| t["name"] == "Console e2e token")
        .expect("stored");
    assert_eq!(token["sha256Fingerprint"], expected_sha256);
    assert_eq!(token["sha1Fingerprint"], TEST_P8_SHA1);
    assert_eq!(token["keyId"], "ABCDE12345");
    assert_eq!(token["teamId"], "TEAM123456");
    let id = token["id"].as_str().unwrap().to_string();
    let row = h
        .wait_for_text(&format!("#apns-token-{id}"), "Console e2e token")
        .await;
    // The fingerprints are shortened on screen, whole in `data-full` (and copied whole).
    let fingerprints = h
        .eval(&format!(
            "return [...document.querySelectorAll('#apns-token-{id} [data-full]')].map(e => e.dataset.full);"
        ))
        .await;
    assert!(
        fingerprints
            .as_array()
            .is_some_and(|f| f.contains(&Value::from(expected_sha256))
                && f.contains(&Value::from(TEST_P8_SHA1))),
        "{fingerprints}"
    );
    assert!(
        row.contains("ABCDE12345") && row.contains("TEAM123456"),
        "{row}"
    );
    h.wait_for_text(".toasts", "matches the key you loaded")
        .await;
    let count = h.text("#apns-tokens-count").await;
    assert!(count.contains("Showing 3"), "{count}");

    // After adding: the key is in no DOM text or field value, no storage, no console message.
    assert_no_secret(&mut h, &fragments, "after adding").await;

    // The detail view, reached by the token's link.
    h.click(&format!("#apns-token-{id} a.token-name")).await;
    h.wait_for_text("#apns-token-detail-title", "Console e2e token")
        .await;
    assert_eq!(full(&h, "#apns-detail-sha256").await, expected_sha256);
    assert!(h
        .current_url()
        .await
        .contains(&format!("#/apns-tokens?id={id}")));
    // Copy buttons answer through their live region.
    h.click("#apns-detail-sha256-copy").await;
    let feedback = h
        .wait_for_text("#apns-token-detail .copy-feedback:not(:empty)", "Cop")
        .await;
    assert!(
        feedback == "Copied" || feedback.starts_with("Copy failed"),
        "{feedback}"
    );

    // Delete, after a confirmation that names the token.
    h.click("#delete-apns-token-detail").await;
    h.wait_for_text("#confirm-title", "“Console e2e token”")
        .await;
    let message = h.text("#confirm-message").await;
    assert!(message.contains("ABCDE12345"), "{message}");
    h.click("#confirm-ok").await;
    h.wait_gone(&format!("#apns-token-{id}")).await;
    h.wait_gone("#apns-token-detail").await;
    assert!(
        !stored(&h, apns_tokens::KIND, SAMPLE_ORGANISATION)
            .iter()
            .any(|t| t["id"] == id.as_str()),
        "the token is deleted in the sandbox"
    );
    assert_no_secret(&mut h, &fragments, "at the end").await;
    let _ = std::fs::remove_dir_all(dir);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_or_pasted_p8_key_is_read_and_the_paste_box_emptied() {
    let mut h = signed_in(sandbox_config("apns-paste")).await;
    h.click("#nav-apns-tokens").await;
    h.find("#apns-tokens-table").await;
    h.click("#show-add-apns-token").await;

    // A certificate dropped on the zone is refused; a key dropped is read.
    let drop_file = |name: &str, text: &str| {
        format!(
            "const dt = new DataTransfer();
             dt.items.add(new File([{text:?}], {name:?}, {{ type: 'application/octet-stream' }}));
             document.querySelector('#p8-dropzone')
               .dispatchEvent(new DragEvent('drop', {{ dataTransfer: dt, bubbles: true, cancelable: true }}));"
        )
    };
    let certificate = h
        .sandbox
        .state
        .store
        .resources("signing_certificate", SAMPLE_ACCOUNT)
        .unwrap()[0]["certificate"]
        .as_str()
        .unwrap()
        .to_string();
    h.eval(&drop_file("cert.pem", &certificate)).await;
    h.wait_for_text("#p8-error", "This is a certificate").await;
    h.eval(&drop_file("AuthKey_DROP000001.p8", TEST_P8)).await;
    h.wait_for_text("#p8-status", "AuthKey_DROP000001.p8").await;
    h.wait_for_text("#p8-status", TEST_P8_SHA256).await;
    assert_eq!(h.text("#p8-error").await, "");
    assert_eq!(h.value("#apns-key-id").await, "DROP000001");

    // A paste replaces it.
    let key = crypto::random_p256(&mut rand::rng());
    let pem = crypto::pkcs8_pem(&key);
    let der = crypto::pkcs8_der(&key);
    let fragments = secret_fragments(&pem, &der);
    h.fill("#p8-paste", pem.trim_end()).await;
    h.wait_for_text("#p8-status", "Key loaded").await;
    h.wait_for_text("#p8-status", "pasted text").await;
    assert_eq!(h.value("#p8-paste").await, "");
    h.fill("#apns-name", "Pasted key").await;
    h.fill("#apns-key-id", "KEY0000001").await;
    // Apple's format is the console's guess: a warning at the field, never a block; only an
    // empty id (the reference: "non-empty") is an error.
    h.fill("#apns-team-id", "team").await;
    h.wait_for_text("#apns-team-id-warning", "10 characters")
        .await;
    assert_eq!(
        h.attr("#apns-team-id", "aria-invalid").await.as_deref(),
        Some("false")
    );
    h.fill("#apns-team-id", "").await;
    h.click("#add-apns-token-submit").await;
    h.wait_for_text("#apns-team-id-error", "Required").await;
    assert_eq!(
        h.attr("#apns-team-id", "aria-invalid").await.as_deref(),
        Some("true")
    );
    h.fill("#apns-team-id", "TEAM000001").await;
    h.click("#add-apns-token-submit").await;
    h.wait_for_text("#apns-tokens-table", "Pasted key").await;
    // A fresh key each run: the table shows what the sandbox stored for it (the sandbox's
    // fingerprints are checked against openssl's in crates/sandbox/tests).
    let pasted = stored(&h, apns_tokens::KIND, SAMPLE_ORGANISATION)
        .into_iter()
        .find(|t| t["name"] == "Pasted key")
        .expect("stored");
    h.wait_for_text(
        "#apns-tokens-table",
        pasted["sha256Fingerprint"].as_str().unwrap(),
    )
    .await;
    assert_no_secret(&mut h, &fragments, "after adding a pasted key").await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_e2e_key_is_created_disabled_enabled_and_deleted() {
    let h = signed_in(sandbox_config("e2e")).await;
    h.click("#nav-e2e-keys").await;
    h.wait_for_text("#e2e-keys-table", "Sample Account - default E2E key")
        .await;
    // The production account's key, seen from a sandbox account, is flagged.
    let production_row = h
        .wait_for_text("#e2e-keys-table", "Production Account")
        .await;
    assert!(
        production_row.contains("Check environment"),
        "{production_row}"
    );
    h.wait_for_text("#e2e-keys-count", "at most 20").await;

    // Create, with a live warning while the name says production.
    h.click("#show-create-e2e-key").await;
    h.fill("#e2e-name", "MyApp production key").await;
    h.wait_for_text("#e2e-create-warning", "SANDBOX account")
        .await;
    let name = "Sample Account - console test key";
    h.fill("#e2e-name", name).await;
    h.fill("#e2e-description", "Created by the browser test")
        .await;
    assert_eq!(h.text("#e2e-create-warning").await, "");
    h.click("#create-e2e-key-submit").await;
    h.wait_for_text("#e2e-created-title", name).await;

    let keys = stored(&h, e2e_keys::KIND, SAMPLE_ORGANISATION);
    let key = keys.iter().find(|k| k["name"] == name).expect("stored");
    let id = key["id"].as_str().unwrap().to_string();
    assert_eq!(
        full(&h, "#e2e-created-public-key").await,
        key["publicKey"].as_str().unwrap()
    );
    assert_eq!(
        full(&h, "#e2e-created-fingerprint").await,
        key["sha256Fingerprint"].as_str().unwrap()
    );
    // The fingerprint is the SHA-256 of the public key, checked in the browser.
    h.find("#e2e-created-fingerprint-verified").await;
    h.find("#e2e-created-public-key-copy").await;
    h.wait_for_text(&format!("#e2e-key-{id}"), "ENABLED").await;

    // Detail; disable with the explanation, then enable.
    h.click(&format!("#e2e-key-{id} a.key-name")).await;
    h.wait_for_text("#e2e-key-detail-title", name).await;
    assert_eq!(h.text("#e2e-detail-state").await, "ENABLED");
    assert!(!h.exists("#e2e-detail-warning").await);
    h.click("#toggle-e2e-state").await;
    h.wait_for_text("#confirm-title", "Disable the E2E key")
        .await;
    let message = h.text("#confirm-message").await;
    assert!(
        message.contains("no longer works for client requests"),
        "{message}"
    );
    h.click("#confirm-ok").await;
    h.wait_for_text("#e2e-detail-state", "DISABLED").await;
    let state = |h: &Harness| {
        stored(h, e2e_keys::KIND, SAMPLE_ORGANISATION)
            .into_iter()
            .find(|k| k["id"] == id.as_str())
            .map(|k| k["state"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(state(&h).as_deref(), Some("DISABLED"));

    // The state filter asks the API; the search filters by name.
    h.find("#e2e-state-filter")
        .await
        .select_by_value("DISABLED")
        .await
        .unwrap();
    h.wait_for_text("#e2e-keys-count", "Showing 1;").await;
    h.wait_for_text("#e2e-keys-table", name).await;
    h.find("#e2e-state-filter")
        .await
        .select_by_value("ENABLED")
        .await
        .unwrap();
    h.wait_gone(&format!("#e2e-key-{id}")).await;
    h.find("#e2e-state-filter")
        .await
        .select_by_value("")
        .await
        .unwrap();
    h.find(&format!("#e2e-key-{id}")).await;
    h.fill("#e2e-search", "console TEST").await;
    h.wait_for_text("#e2e-keys-count", "1 of ").await;
    h.fill("#e2e-search", "no such key").await;
    h.find("#e2e-keys-no-match").await;
    h.fill("#e2e-search", "").await;

    h.click("#toggle-e2e-state").await;
    h.wait_for_text("#confirm-title", "Enable the E2E key")
        .await;
    h.click("#confirm-ok").await;
    h.wait_for_text("#e2e-detail-state", "ENABLED").await;
    assert_eq!(state(&h).as_deref(), Some("ENABLED"));

    // Delete: only once the exact name is typed.
    h.click("#delete-e2e-key").await;
    h.wait_for_text("#typed-confirm-title", name).await;
    let ok = h.find("#typed-confirm-ok").await;
    assert!(!ok.is_enabled().await.unwrap(), "nothing typed yet");
    h.fill("#typed-confirm-input", "sample account - console test key")
        .await;
    assert!(!ok.is_enabled().await.unwrap(), "case matters");
    h.fill("#typed-confirm-input", name).await;
    h.wait_for_text("#typed-confirm-help", "matches").await;
    assert!(ok.is_enabled().await.unwrap());
    h.click("#typed-confirm-ok").await;
    h.wait_gone("#e2e-key-detail").await;
    h.wait_gone(&format!("#e2e-key-{id}")).await;
    assert_eq!(state(&h), None, "deleted in the sandbox");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificates_show_parsed_fields_and_a_verified_fingerprint() {
    let h = signed_in(sandbox_config("certs")).await;
    h.click("#nav-signing-certificates").await;
    h.wait_for_text("#certificates-count", "3 certificates")
        .await;
    let reported: Vec<String> = h
        .sandbox
        .state
        .store
        .resources("signing_certificate", SAMPLE_ACCOUNT)
        .unwrap()
        .iter()
        .map(|c| c["sha256Fingerprint"].as_str().unwrap().to_string())
        .collect();
    for i in 0..3 {
        let card = format!("#certificate-{i}");
        h.wait_for_text(
            &format!("{card}-fingerprint-status"),
            "Fingerprint verified",
        )
        .await;
        let computed = full(&h, &format!("{card}-computed-fingerprint")).await;
        assert!(
            reported.contains(&computed),
            "{computed} is one the sandbox computed"
        );
        assert_eq!(
            full(&h, &format!("{card}-reported-fingerprint")).await,
            computed
        );
        let subject = h.text(&format!("{card}-subject")).await;
        assert!(subject.starts_with("CN=MobileID JWT signing "), "{subject}");
        assert!(subject.contains("O=Signicat MobileID sandbox"), "{subject}");
        assert_eq!(
            h.text(&format!("{card}-issuer")).await,
            subject,
            "self-signed"
        );
        assert_eq!(
            h.text(&format!("{card}-public-key")).await,
            "EC P-256 (256 bits)"
        );
        assert_eq!(
            h.text(&format!("{card}-signature-algorithm")).await,
            "ECDSA with SHA-256"
        );
        let serial = full(&h, &format!("{card}-serial")).await;
        assert!(serial.len() >= 2 && serial.contains(':'), "{serial}");
        h.find(&format!("{card}-download")).await;
        h.find(&format!("{card}-copy-fingerprint")).await;
    }
    // Newest first: a year left; 10 days left (warned); expired and deactivated.
    let validity = h.text("#certificate-0-validity").await;
    assert!(validity.contains("expires in 36"), "{validity}");
    let soon = h.find("#certificate-1-validity").await;
    let text = soon.text().await.unwrap();
    assert!(
        text.contains("expires in 9 days") || text.contains("expires in 10 days"),
        "{text}"
    );
    assert!(text.contains("fewer than 30 days"), "{text}");
    assert!(soon.attr("class").await.unwrap().unwrap().contains("warn"));
    let expired = h.text("#certificate-2-validity").await;
    assert!(expired.contains("expired"), "{expired}");
    assert_eq!(h.text("#certificate-2-state").await, "DEACTIVATED");
    assert_ne!(h.text("#certificate-2-deactivated").await, "—");
    assert_ne!(h.text("#certificate-0-activated").await, "—");

    // The state filter.
    h.find("#certificate-state-filter")
        .await
        .select_by_value("ACTIVE")
        .await
        .unwrap();
    h.wait_for_text("#certificates-count", "2 certificates")
        .await;
    assert!(h.current_url().await.contains("state=ACTIVE"));
    h.find("#certificate-state-filter")
        .await
        .select_by_value("DEACTIVATED")
        .await
        .unwrap();
    h.wait_for_text("#certificates-count", "1 certificate")
        .await;
    h.wait_for_text("#certificate-0-state", "DEACTIVATED").await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_served_with_a_wrong_fingerprint_shows_the_mismatch() {
    let mut config = sandbox_config("certs-wrong");
    config.wrong_certificate_fingerprint = true;
    let h = signed_in(config).await;
    h.click("#nav-signing-certificates").await;
    h.wait_for_text("#certificates-count", "3 certificates")
        .await;
    let mut mismatches = 0;
    for i in 0..3 {
        let status = h
            .find(&format!("#certificate-{i}-fingerprint-status"))
            .await;
        let text = status.text().await.unwrap();
        if text.contains("Fingerprint mismatch") {
            mismatches += 1;
            assert_eq!(status.attr("role").await.unwrap().as_deref(), Some("alert"));
            let computed = full(&h, &format!("#certificate-{i}-computed-fingerprint")).await;
            let reported = full(&h, &format!("#certificate-{i}-reported-fingerprint")).await;
            assert_ne!(computed, reported);
            assert_eq!(
                computed[2..],
                reported[2..],
                "only the first byte was flipped"
            );
            assert!(
                text.contains(&computed) && text.contains(&reported),
                "{text}"
            );
        } else {
            assert!(text.contains("Fingerprint verified"), "{text}");
        }
    }
    assert_eq!(
        mismatches, 1,
        "exactly the first certificate is served wrong"
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_made_by_openssl_shows_the_fingerprint_openssl_computed() {
    // The account's only certificate is the openssl-made one, listed with openssl's
    // fingerprint: the console must compute the same value from the PEM and call it verified.
    let h = Harness::start(sandbox_config("certs-openssl")).await;
    let store = &h.sandbox.state.store;
    store
        .lock()
        .execute(
            "DELETE FROM resources WHERE kind=?1 AND scope=?2",
            [signing_certificates::KIND, SAMPLE_ACCOUNT],
        )
        .unwrap();
    store
        .put_resource(
            signing_certificates::KIND,
            "openssl-test-certificate",
            SAMPLE_ACCOUNT,
            &serde_json::json!({
                "certificate": TEST_CERTIFICATE,
                "sha256Fingerprint": TEST_CERTIFICATE_SHA256,
                "state": "ACTIVE",
                "activatedAt": "2026-11-30T08:24:39.000Z",
            }),
        )
        .unwrap();
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h.click("#nav-signing-certificates").await;
    h.wait_for_text("#certificates-count", "1 certificate")
        .await;
    h.wait_for_text("#certificate-0-fingerprint-status", "Fingerprint verified")
        .await;
    assert_eq!(
        full(&h, "#certificate-0-computed-fingerprint").await,
        TEST_CERTIFICATE_SHA256
    );
    assert_eq!(
        full(&h, "#certificate-0-reported-fingerprint").await,
        TEST_CERTIFICATE_SHA256
    );
    // openssl -subject and -serial: CN = MobileID test-only certificate, O = mobileid-e2e
    // test data; 0A1B2C3D4E5F.
    assert_eq!(
        h.text("#certificate-0-subject").await,
        "CN=MobileID test-only certificate, O=mobileid-e2e test data"
    );
    assert_eq!(h.text("#certificate-0-serial").await, "0a:1b:2c:3d:4e:5f");
    assert_eq!(
        h.text("#certificate-0-public-key").await,
        "EC P-256 (256 bits)"
    );
    h.finish().await;
}
