//! The sandbox's fingerprints against values computed once with the openssl CLI (the files and
//! the commands are in `tests/data/README.md`), never by the sandbox's own code: an APNs key
//! added through the API, and a certificate's DER.

mod common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::{send, unique_dir};
use mobileid_admin_contract::models::{ApnsToken, NewApnsToken};
use mobileid_admin_contract::ApiClient;
use mobileid_sandbox::crypto;
use mobileid_sandbox::{start, SandboxConfig, DEFAULT_CLIENT_ID, DEFAULT_SCOPE};

const TEST_P8: &str = include_str!("../../../tests/data/test-only-ec-p256.p8");
const TEST_CERTIFICATE: &str = include_str!("../../../tests/data/test-only-certificate.pem");
/// `openssl dgst -sha256 -c` and `-sha1 -c` of the PKCS#8 DER inside `test-only-ec-p256.p8`.
const TEST_P8_SHA256: &str = "15:56:21:0c:2f:1e:f0:aa:57:a2:a4:0f:f7:87:cc:ed:d9:04:48:86:56:a7:bb:5f:17:9f:57:c2:6c:71:ec:fd";
const TEST_P8_SHA1: &str = "94:3a:b5:31:6a:78:18:e4:0e:17:78:08:fe:58:4f:c8:d9:42:6c:55";
/// `openssl x509 -noout -fingerprint -sha256` of `test-only-certificate.pem`, lowercased.
const TEST_CERTIFICATE_SHA256: &str = "b5:35:28:95:14:03:cc:42:b8:e9:08:a8:a2:f2:5b:02:34:4d:66:1e:94:a5:23:f4:be:e8:97:b6:00:c1:4a:e1";

/// The Base64 between a PEM's header and footer, decoded: what openssl fingerprinted.
fn pem_body_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).expect("a PEM body is Base64")
}

#[test]
fn the_sandbox_fingerprints_the_openssl_files_as_openssl_does() {
    let fingerprints = crypto::apns_key_fingerprints(&STANDARD.encode(TEST_P8)).unwrap();
    assert_eq!(fingerprints.sha256, TEST_P8_SHA256);
    assert_eq!(fingerprints.sha1, TEST_P8_SHA1);
    // The API also takes the raw DER of the .p8.
    let from_der = crypto::apns_key_fingerprints(&STANDARD.encode(pem_body_der(TEST_P8))).unwrap();
    assert_eq!(from_der.sha256, TEST_P8_SHA256);

    assert_eq!(
        crypto::sha256_fingerprint(&pem_body_der(TEST_CERTIFICATE)),
        TEST_CERTIFICATE_SHA256
    );
}

#[tokio::test]
async fn an_apns_token_added_with_the_openssl_key_carries_openssls_fingerprints() {
    let dir = unique_dir("apns");
    let sandbox = start(SandboxConfig::new(0, dir.clone()))
        .await
        .expect("the sandbox starts");
    let state = &sandbox.state;
    let admin = state.config.oauth.users[0].clone();
    let token = state
        .auth
        .issue_access_token(&admin, DEFAULT_CLIENT_ID, DEFAULT_SCOPE);
    let api = ApiClient::new(&sandbox.api_base());
    let call = api
        .add_apns_token(&NewApnsToken {
            name: "openssl key".into(),
            description: "tests/data/test-only-ec-p256.p8".into(),
            private_key: STANDARD.encode(TEST_P8),
            key_id: "AB12CD34EF".into(),
            team_id: "EDFG5678GH".into(),
        })
        .authorized(&token);
    let response = send(&reqwest::Client::new(), &call.request).await;
    assert_eq!(response.status().as_u16(), 201);
    let body = response.bytes().await.expect("a body");
    let added: ApnsToken = serde_json::from_slice(&body).expect("an APNs token");
    assert_eq!(added.sha256_fingerprint, TEST_P8_SHA256);
    assert_eq!(added.sha1_fingerprint, TEST_P8_SHA1);
    sandbox.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}
