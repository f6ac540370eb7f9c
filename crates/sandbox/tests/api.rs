//! Every operation of the emulated Admin API, driven through the contract's sans-IO
//! [`ApiClient`] over a native HTTP client against a sandbox started in-process: the happy
//! paths (create → get → list → update → delete where the operation exists) and the errors
//! (401, the account-id rule, 404 for unknown ids, 400 with `invalidParams`).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use mobileid_admin_contract::account_id;
use mobileid_admin_contract::endpoints::EndpointMap;
use mobileid_admin_contract::models::*;
use mobileid_admin_contract::{ApiClient, ApiError, Call, Endpoint, Problem};
use mobileid_sandbox::api::configuration::answered_properties;
use mobileid_sandbox::oauth::DemoUser;
use mobileid_sandbox::seed::{
    sample_properties, LEGACY_ACCOUNT_ID, SAMPLE_DEVICE_HASH, SEEDED_APNS_TOKENS, SEEDED_E2E_KEYS,
    SHARED_HASHES,
};
use mobileid_sandbox::store::{
    NEW_ACCOUNT, PRODUCTION_ACCOUNT, SAMPLE_ACCOUNT, SAMPLE_ORGANISATION,
};
use mobileid_sandbox::{
    start, FaultConfig, Sandbox, SandboxConfig, ScriptedFault, DEFAULT_CLIENT_ID, DEFAULT_SCOPE,
};
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::fmt::Debug;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A machine client of the organisation whose token names no account.
const NO_ACCOUNT_USER: &str = "machine-without-account";

fn unique_dir(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    std::env::temp_dir().join(format!(
        "mobileid-sandbox-api-{}-{name}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ))
}

fn config(dir: PathBuf) -> SandboxConfig {
    let mut config = SandboxConfig::new(0, dir);
    config.oauth.users.push(DemoUser {
        username: NO_ACCOUNT_USER.into(),
        password: "unused".into(),
        display_name: "Machine client without an account".into(),
        organisation_id: SAMPLE_ORGANISATION.into(),
        account_id: None,
    });
    config
}

struct Harness {
    sandbox: Option<Sandbox>,
    dir: PathBuf,
    http: reqwest::Client,
    api: ApiClient,
    token: String,
}

impl Harness {
    async fn start(name: &str) -> Self {
        Self::with(config(unique_dir(name))).await
    }

    async fn with(config: SandboxConfig) -> Self {
        let dir = config.data_dir.clone();
        let sandbox = start(config).await.expect("the sandbox starts");
        let api = ApiClient::new(&sandbox.api_base());
        let mut harness = Harness {
            sandbox: Some(sandbox),
            dir,
            http: reqwest::Client::new(),
            api,
            token: String::new(),
        };
        harness.token = harness.token_for("admin");
        harness
    }

    fn sandbox(&self) -> &Sandbox {
        self.sandbox.as_ref().expect("running")
    }

    fn token_for(&self, username: &str) -> String {
        let state = &self.sandbox().state;
        let user = state
            .config
            .oauth
            .users
            .iter()
            .find(|u| u.username == username)
            .expect("a configured user");
        state
            .auth
            .issue_access_token(user, DEFAULT_CLIENT_ID, DEFAULT_SCOPE)
    }

    /// Sends a request over HTTP and hands back the answer as an `http::Response`.
    async fn exchange(&self, request: &http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
        let response = self
            .http
            .request(request.method().clone(), request.uri().to_string())
            .headers(request.headers().clone())
            .body(request.body().clone())
            .send()
            .await
            .expect("the sandbox answers");
        let mut answer = http::Response::builder().status(response.status());
        for (name, value) in response.headers() {
            answer = answer.header(name, value);
        }
        let body = response.bytes().await.expect("a body").to_vec();
        answer.body(body).expect("a response")
    }

    async fn call_as<T: DeserializeOwned>(
        &self,
        call: Call<T>,
        token: Option<&str>,
    ) -> Result<T, ApiError> {
        let call = match token {
            Some(token) => call.authorized(token),
            None => call,
        };
        let response = self.exchange(&call.request).await;
        call.parse(response)
    }

    /// As the demo admin.
    async fn call<T: DeserializeOwned>(&self, call: Call<T>) -> Result<T, ApiError> {
        self.call_as(call, Some(&self.token.clone())).await
    }

    /// As the demo admin, expecting success.
    async fn ok<T: DeserializeOwned>(&self, call: Call<T>) -> T {
        let endpoint = call.endpoint;
        self.call(call)
            .await
            .unwrap_or_else(|e| panic!("{} failed: {e:?}", endpoint.operation_id()))
    }

    /// The raw answer (status, headers, body) to a call as the demo admin.
    async fn raw<T: DeserializeOwned>(&self, call: Call<T>) -> http::Response<Vec<u8>> {
        let call = call.authorized(&self.token);
        self.exchange(&call.request).await
    }

    fn audit(&self, operation: &str) -> Vec<Value> {
        self.sandbox().state.store.audit(operation).expect("audit")
    }

    async fn stop(mut self) -> PathBuf {
        if let Some(sandbox) = self.sandbox.take() {
            sandbox.stop().await;
        }
        self.dir.clone()
    }

    async fn finish(self) {
        let dir = self.stop().await;
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// The same call with another query string.
fn with_query<T>(mut call: Call<T>, query: &str) -> Call<T> {
    let uri = call.request.uri().to_string();
    let base = uri.split('?').next().unwrap_or_default().to_string();
    *call.request.uri_mut() = format!("{base}?{query}").parse().expect("a URI");
    call
}

/// The same call with another body.
fn with_body<T>(mut call: Call<T>, body: &str) -> Call<T> {
    *call.request.body_mut() = body.as_bytes().to_vec();
    call
}

fn problem<T: Debug>(result: Result<T, ApiError>) -> Problem {
    match result {
        Err(ApiError::Problem(p)) => p,
        other => panic!("expected a problem, got {other:?}"),
    }
}

#[track_caller]
fn assert_status<T: Debug>(result: Result<T, ApiError>, status: u16, code: &str) {
    let p = problem(result);
    assert_eq!((p.status, p.code.as_deref()), (status, Some(code)), "{p:?}");
    assert!(p.trace_id.is_some(), "{p:?}");
}

#[track_caller]
fn assert_invalid<T: Debug>(result: Result<T, ApiError>, name: &str) {
    let p = problem(result);
    assert_eq!(p.status, 400, "{p:?}");
    assert!(
        p.invalid_params.iter().any(|i| i.name == name),
        "expected invalidParams naming {name}: {p:?}"
    );
}

fn colon_hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).expect("PEM body is Base64")
}

fn p8_base64() -> String {
    let key = mobileid_sandbox::crypto::random_p256(&mut rand::rng());
    STANDARD.encode(mobileid_sandbox::crypto::pkcs8_pem(&key))
}

fn new_token(name: &str, key: &str) -> NewApnsToken {
    NewApnsToken {
        name: name.into(),
        description: "added by the test".into(),
        private_key: key.into(),
        key_id: "AB12CD34EF".into(),
        team_id: "EDFG5678GH".into(),
    }
}

// ---------------------------------------------------------------- every operation

#[tokio::test]
async fn every_operation_applies_the_token_and_account_rules() {
    let h = Harness::start("rules").await;
    let no_account = h.token_for(NO_ACCOUNT_USER);
    let base = h.sandbox().api_base();
    let request = |endpoint: Endpoint, token: Option<&str>, query: &str, header: Option<&str>| {
        let mut builder = http::Request::builder()
            .method(endpoint.method())
            .uri(format!("{base}{}{query}", endpoint.path(&["x"])));
        if let Some(token) = token {
            builder = builder.header("Authorization", format!("Bearer {token}"));
        }
        if let Some(account) = header {
            builder = builder.header(account_id::HEADER, account);
        }
        builder.body(Vec::new()).expect("a request")
    };
    let code = |response: &http::Response<Vec<u8>>| {
        let problem: Problem = serde_json::from_slice(response.body()).expect("problem+json");
        (response.status().as_u16(), problem.code.unwrap_or_default())
    };
    assert_eq!(Endpoint::ALL.len(), 28);
    for &endpoint in Endpoint::ALL {
        let op = endpoint.operation_id();
        let r = h.exchange(&request(endpoint, None, "", None)).await;
        assert_eq!(code(&r), (401, "unauthorized".into()), "{op}");
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{op}"
        );
        let r = h
            .exchange(&request(endpoint, Some("not.a.token"), "", None))
            .await;
        assert_eq!(r.status(), 401, "{op}");

        let r = h
            .exchange(&request(endpoint, Some(&no_account), "", None))
            .await;
        assert_eq!(code(&r), (400, "account_id_missing".into()), "{op}");

        let query = format!("?{}={SAMPLE_ACCOUNT}", account_id::QUERY_PARAMETER);
        let r = h
            .exchange(&request(
                endpoint,
                Some(&h.token),
                &query,
                Some(SAMPLE_ACCOUNT),
            ))
            .await;
        assert_eq!(code(&r), (400, "account_id_ambiguous".into()), "{op}");

        let r = h
            .exchange(&request(
                endpoint,
                Some(&h.token),
                "",
                Some("a-sdge-NoSuchAccount"),
            ))
            .await;
        assert_eq!(code(&r), (404, "account_not_found".into()), "{op}");

        if endpoint != Endpoint::AddAccount {
            let r = h
                .exchange(&request(endpoint, Some(&h.token), "", Some(NEW_ACCOUNT)))
                .await;
            assert_eq!(code(&r), (404, "account_not_onboarded".into()), "{op}");
        }
    }
    // The account chosen by header or query is the one served.
    let production = h
        .ok(h
            .api
            .clone()
            .with_account_id(Some(PRODUCTION_ACCOUNT.into()))
            .get_application_configuration())
        .await;
    assert_eq!(production.app_id, PRODUCTION_ACCOUNT);
    let by_query = with_query(
        h.api.get_application_configuration(),
        &format!("{}={PRODUCTION_ACCOUNT}", account_id::QUERY_PARAMETER),
    );
    assert_eq!(h.ok(by_query).await.app_id, PRODUCTION_ACCOUNT);
    // A token without an account works with an explicit one.
    let explicit = h.api.clone().with_account_id(Some(SAMPLE_ACCOUNT.into()));
    let risk = h
        .call_as(explicit.get_risk_indicators(), Some(&no_account))
        .await
        .expect("the header names the account");
    assert!(risk
        .risk_indicators_configuration
        .allowed_nr_of_users_with_same_device_hash
        .is_some());
    h.finish().await;
}

// ---------------------------------------------------------------- APNs tokens

#[tokio::test]
async fn apns_tokens_are_added_read_listed_and_deleted_without_keeping_the_key() {
    let h = Harness::start("apns").await;
    let list = h.ok(h.api.list_apns_tokens()).await;
    let ids: Vec<&str> = list.apns_tokens.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, SEEDED_APNS_TOKENS);
    for t in &list.apns_tokens {
        assert_eq!(t.sha256_fingerprint.len(), 95, "{t:?}");
        assert_eq!(t.sha1_fingerprint.len(), 59, "{t:?}");
    }

    // Add, with the .p8 PEM text and with its raw DER.
    let key = p8_base64();
    let response = h
        .raw(h.api.add_apns_token(&new_token("Test app", &key)))
        .await;
    assert_eq!(response.status(), 201);
    let body = String::from_utf8(response.body().clone()).unwrap();
    assert!(
        !body.contains("privateKey") && !body.contains(&key),
        "{body}"
    );
    let added: ApnsToken = serde_json::from_str(&body).unwrap();
    let pem = String::from_utf8(STANDARD.decode(&key).unwrap()).unwrap();
    let der = pem_der(&pem);
    assert_eq!(added.sha256_fingerprint, colon_hex_sha256(&der));
    assert_eq!(
        added.sha1_fingerprint,
        mobileid_sandbox::crypto::sha1_fingerprint(&der)
    );
    assert_eq!(
        (
            added.name.as_str(),
            added.key_id.as_str(),
            added.team_id.as_str()
        ),
        ("Test app", "AB12CD34EF", "EDFG5678GH")
    );
    assert!(added
        .created
        .as_ref()
        .and_then(|c| c.normalized())
        .is_some());
    let from_der = h
        .ok(h
            .api
            .add_apns_token(&new_token("From DER", &STANDARD.encode(&der))))
        .await;
    assert_eq!(from_der.sha256_fingerprint, added.sha256_fingerprint);

    // Get, list.
    assert_eq!(h.ok(h.api.get_apns_token(&added.id)).await, added);
    let list = h.ok(h.api.list_apns_tokens()).await;
    assert_eq!(list.apns_tokens.len(), 4);
    assert_eq!(list.apns_tokens[2], added, "newest last");
    // The same tokens for every account of the organisation.
    let production = h
        .api
        .clone()
        .with_account_id(Some(PRODUCTION_ACCOUNT.into()));
    assert_eq!(h.ok(production.list_apns_tokens()).await, list);

    // Never stored nor recorded.
    let audit = h.audit("addApnsToken");
    assert_eq!(audit.len(), 2);
    for record in &audit {
        let text = record.to_string();
        assert!(
            !text.contains("privateKey") && !text.contains(&key[..40]),
            "{text}"
        );
    }

    // Delete.
    h.ok(h.api.delete_apns_token(&added.id)).await;
    assert_status(
        h.call(h.api.get_apns_token(&added.id)).await,
        404,
        "not_found",
    );
    assert_status(
        h.call(h.api.delete_apns_token(&added.id)).await,
        404,
        "not_found",
    );
    assert_eq!(h.audit("deleteApnsToken"), vec![json!({ "id": added.id })]);

    // Bad bodies: each field is named.
    let rsa = STANDARD.encode(include_str!("../../../tests/data/test-only-rsa-1024.p8"));
    let p384 = STANDARD.encode(include_str!("../../../tests/data/test-only-ec-p384.p8"));
    let sec1 = STANDARD.encode(pem.replace("PRIVATE KEY", "EC PRIVATE KEY"));
    for bad_key in [
        "replace with base64 encoded private key".to_string(),
        STANDARD.encode("not a key"),
        rsa,
        p384,
        sec1,
        String::new(),
    ] {
        let result = h
            .call(h.api.add_apns_token(&new_token("x", &bad_key)))
            .await;
        assert_invalid(result, "privateKey");
    }
    let mut bad = new_token(" ", &key);
    bad.key_id = " ".into();
    bad.team_id = String::new();
    let p = problem(h.call(h.api.add_apns_token(&bad)).await);
    let mut names: Vec<&str> = p.invalid_params.iter().map(|i| i.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["keyId", "name", "teamId"], "{p:?}");
    let missing = with_body(
        h.api.add_apns_token(&bad),
        r#"{"name":"x","keyId":"AB12CD34EF"}"#,
    );
    let p = problem(h.call(missing).await);
    let mut names: Vec<&str> = p.invalid_params.iter().map(|i| i.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["privateKey", "teamId"], "{p:?}");
    assert_invalid(
        h.call(with_body(h.api.add_apns_token(&bad), "[]")).await,
        "body",
    );
    assert_invalid(
        h.call(with_body(h.api.add_apns_token(&bad), r#"{"name":7}"#))
            .await,
        "name",
    );
    assert_eq!(
        h.audit("addApnsToken").len(),
        2,
        "refused adds are not recorded"
    );
    // Any non-blank ids: the reference's samples have 8 characters, Apple's 10.
    let mut short = new_token("Short ids", &key);
    short.key_id = "ABCD1234".into();
    short.team_id = "edfg5678".into();
    let added = h.ok(h.api.add_apns_token(&short)).await;
    assert_eq!(
        (added.key_id.as_str(), added.team_id.as_str()),
        ("ABCD1234", "edfg5678")
    );

    // At most 20 in a list: the 20 most recent, oldest first.
    let mut last = String::new();
    for n in 0..20 {
        last = h
            .ok(h.api.add_apns_token(&new_token(&format!("Bulk {n}"), &key)))
            .await
            .id;
    }
    let list = h.ok(h.api.list_apns_tokens()).await;
    assert_eq!(list.apns_tokens.len(), 20);
    assert_eq!(list.apns_tokens[19].id, last);
    assert_eq!(list.apns_tokens[0].name, "Bulk 0");
    assert!(!list
        .apns_tokens
        .iter()
        .any(|t| t.id == SEEDED_APNS_TOKENS[0]));
    h.finish().await;
}

// ---------------------------------------------------------------- application configuration

#[tokio::test]
async fn the_application_configuration_state_apns_uuid_and_properties_are_kept() {
    let h = Harness::start("configuration").await;
    let configuration = h.ok(h.api.get_application_configuration()).await;
    assert_eq!(configuration.app_id, SAMPLE_ACCOUNT);
    assert_eq!(configuration.state, EnabledState::Enabled);
    assert_eq!(
        configuration.properties,
        answered_properties(&sample_properties()),
        "the reference's sample, secrets masked"
    );
    assert_eq!(
        configuration.properties["firebaseServiceAccount"],
        "********"
    );
    uuid::Uuid::parse_str(&configuration.uuid).expect("a UUID");

    // State.
    let state = h.ok(h.api.get_configuration_state()).await;
    assert_eq!(state.state, EnabledState::Enabled);
    let updated = h
        .ok(h.api.update_configuration_state(EnabledState::Disabled))
        .await;
    assert_eq!(updated.state, EnabledState::Disabled);
    assert_eq!(
        h.ok(h.api.get_configuration_state()).await.state,
        EnabledState::Disabled
    );
    assert_eq!(
        h.ok(h.api.get_application_configuration()).await.state,
        EnabledState::Disabled
    );
    let call = || h.api.update_configuration_state(EnabledState::Enabled);
    assert_invalid(
        h.call(with_body(call(), r#"{"state":"PAUSED"}"#)).await,
        "state",
    );
    assert_invalid(h.call(with_body(call(), "{}")).await, "state");
    assert_invalid(h.call(with_body(call(), "")).await, "body");
    assert_invalid(h.call(with_body(call(), "{not json")).await, "body");
    assert_eq!(
        h.audit("updateConfigurationState"),
        vec![json!({ "state": "DISABLED" })]
    );

    // APNs UUID: the seeded configuration pushes through the first seeded token.
    let apns = h.ok(h.api.get_apns_uuid()).await;
    assert_eq!(apns.apns_uuid, SEEDED_APNS_TOKENS[0]);
    let new_id = "12EF6F3A-A12A-4C5E-BB1B-1D75A9F37D59";
    let updated = h.ok(h.api.update_apns_uuid(new_id)).await;
    assert_eq!(updated.apns_uuid, new_id.to_lowercase());
    assert_eq!(
        h.ok(h.api.get_apns_uuid()).await.apns_uuid,
        new_id.to_lowercase()
    );
    for bad in ["ENABLED", "", "12ef6f3aa12a4c5ebb1b1d75a9f37d59"] {
        assert_invalid(h.call(h.api.update_apns_uuid(bad)).await, "apnsUuid");
    }
    assert_invalid(
        h.call(with_body(h.api.update_apns_uuid(new_id), "{}"))
            .await,
        "apnsUuid",
    );
    assert_eq!(h.audit("updateApnsUuid").len(), 1);

    // Properties.
    let defaults = answered_properties(&sample_properties());
    assert_eq!(h.ok(h.api.get_properties()).await, defaults);
    let change = |pairs: Value| -> PropertyValues { serde_json::from_value(pairs).unwrap() };
    let answer = h
        .ok(h
            .api
            .update_properties(&change(json!({ "amountFailuresAllowed": "5" }))))
        .await;
    let mut expected = defaults.clone();
    expected.insert("amountFailuresAllowed".into(), "5".into());
    assert_eq!(answer, expected);
    assert_eq!(h.ok(h.api.get_properties()).await, expected);
    assert_eq!(
        h.audit("updateProperties"),
        vec![json!({ "amountFailuresAllowed": "5" })]
    );

    // Refused updates change and record nothing.
    let refused = [
        (
            json!({ "maximumSessionExpiry": "1" }),
            "maximumSessionExpiry",
        ),
        (
            json!({ "clientDebugDataEnabledOsTypes": "IOS" }),
            "clientDebugDataEnabledOsTypes",
        ),
        (
            json!({ "hwKeyValidationStrategy": "REQUIRED" }),
            "hwKeyValidationStrategy",
        ),
        (
            json!({ "amountFailuresAllowed": "-1" }),
            "amountFailuresAllowed",
        ),
        (json!({ "lockScope": 5 }), "lockScope"),
        (
            json!({ "firebaseServiceAccount": "not base64!" }),
            "firebaseServiceAccount",
        ),
    ];
    for (body, name) in refused {
        assert_invalid(h.call(h.api.update_properties(&change(body))).await, name);
    }
    let not_an_object = with_body(h.api.update_properties(&Map::new()), "[1]");
    assert_invalid(h.call(not_an_object).await, "body");
    assert_eq!(h.ok(h.api.get_properties()).await, expected);
    assert_eq!(h.audit("updateProperties").len(), 1);
    // An empty update changes nothing and is not recorded.
    assert_eq!(h.ok(h.api.update_properties(&Map::new())).await, expected);
    assert_eq!(h.audit("updateProperties").len(), 1);

    // Secrets are write-only.
    let secret = STANDARD.encode(r#"{"type":"service_account"}"#);
    let response = h
        .raw(
            h.api
                .update_properties(&change(json!({ "firebaseServiceAccount": secret }))),
        )
        .await;
    assert_eq!(response.status(), 200);
    let text = String::from_utf8(response.body().clone()).unwrap();
    assert!(!text.contains(&secret), "{text}");
    let properties = h.ok(h.api.get_properties()).await;
    assert_eq!(properties["firebaseServiceAccount"], "********");
    let audit = h.audit("updateProperties");
    assert_eq!(audit[1], json!({ "firebaseServiceAccount": "********" }));
    let configuration = h.ok(h.api.get_application_configuration()).await;
    assert_eq!(configuration.properties, properties);
    h.finish().await;
}

// ---------------------------------------------------------------- signing certificates

#[tokio::test]
async fn signing_certificates_are_real_and_filtered_by_state() {
    let h = Harness::start("certificates").await;
    let all = h
        .ok(h.api.list_signing_certificates(None))
        .await
        .signing_certificates;
    let states: Vec<CertificateState> = all.iter().map(|c| c.state).collect();
    use CertificateState::*;
    assert_eq!(states, [Active, Active, Deactivated]);
    for certificate in &all {
        assert!(certificate
            .certificate
            .starts_with("-----BEGIN CERTIFICATE-----"));
        let der = pem_der(&certificate.certificate);
        assert_eq!(certificate.sha256_fingerprint, colon_hex_sha256(&der));
        assert!(certificate.activated_at.is_some());
        assert_eq!(
            certificate.deactivated_at.is_some(),
            certificate.state == Deactivated
        );
    }
    let active = h
        .ok(h.api.list_signing_certificates(Some(Active)))
        .await
        .signing_certificates;
    assert_eq!(active, all[..2]);
    let deactivated = h
        .ok(h.api.list_signing_certificates(Some(Deactivated)))
        .await
        .signing_certificates;
    assert_eq!(deactivated, all[2..]);
    let bad = with_query(h.api.list_signing_certificates(None), "state=EXPIRED");
    assert_invalid(h.call(bad).await, "state");
    // Per account.
    let production = h
        .api
        .clone()
        .with_account_id(Some(PRODUCTION_ACCOUNT.into()));
    let other = h.ok(production.list_signing_certificates(None)).await;
    assert_eq!(other.signing_certificates.len(), 3);
    assert_ne!(other.signing_certificates, all);
    h.finish().await;

    // With the fault switched on, the first one is answered with a wrong fingerprint.
    let mut config = config(unique_dir("wrong-fingerprint"));
    config.wrong_certificate_fingerprint = true;
    let h = Harness::with(config).await;
    let all = h
        .ok(h.api.list_signing_certificates(None))
        .await
        .signing_certificates;
    let computed: Vec<String> = all
        .iter()
        .map(|c| colon_hex_sha256(&pem_der(&c.certificate)))
        .collect();
    assert_ne!(all[0].sha256_fingerprint, computed[0]);
    assert_eq!(all[0].sha256_fingerprint[2..], computed[0][2..]);
    assert_eq!(all[1].sha256_fingerprint, computed[1]);
    h.finish().await;
}

// ---------------------------------------------------------------- E2E keys

#[tokio::test]
async fn e2e_keys_are_created_read_listed_changed_and_deleted() {
    let h = Harness::start("e2e").await;
    let seeded = h.ok(h.api.list_e2e_keys(None)).await.e2e_keys;
    let names: Vec<&str> = seeded.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Sample Account - default E2E key",
            "Production Account - default E2E key"
        ]
    );

    let new = NewE2eKey {
        name: "Test key".into(),
        description: "for the test".into(),
    };
    let response = h.raw(h.api.create_e2e_key(&new)).await;
    assert_eq!(response.status(), 201);
    let key: E2eKey = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(
        (key.name.as_str(), key.description.as_str(), key.state),
        ("Test key", "for the test", EnabledState::Enabled)
    );
    assert_eq!(key.created_by.as_deref(), Some("admin"));
    let spki = STANDARD.decode(&key.public_key).expect("Base64");
    use p256::pkcs8::DecodePublicKey;
    p256::PublicKey::from_public_key_der(&spki).expect("a P-256 SubjectPublicKeyInfo");
    assert_eq!(key.sha256_fingerprint, colon_hex_sha256(&spki));

    assert_eq!(h.ok(h.api.get_e2e_key(&key.id)).await, key);
    let list = h.ok(h.api.list_e2e_keys(None)).await.e2e_keys;
    assert_eq!(list.last(), Some(&key));

    let changed = h
        .ok(h.api.update_e2e_key_state(&key.id, EnabledState::Disabled))
        .await;
    assert_eq!(changed.state, EnabledState::Disabled);
    assert_eq!(
        h.ok(h.api.get_e2e_key(&key.id)).await.state,
        EnabledState::Disabled
    );
    let disabled = h
        .ok(h.api.list_e2e_keys(Some(EnabledState::Disabled)))
        .await
        .e2e_keys;
    assert_eq!(
        disabled.iter().map(|k| &k.id).collect::<Vec<_>>(),
        [&key.id]
    );
    let enabled = h
        .ok(h.api.list_e2e_keys(Some(EnabledState::Enabled)))
        .await
        .e2e_keys;
    assert_eq!(enabled, seeded);
    assert_invalid(
        h.call(with_query(h.api.list_e2e_keys(None), "state=ON"))
            .await,
        "state",
    );
    let bad_state = with_body(
        h.api.update_e2e_key_state(&key.id, EnabledState::Enabled),
        r#"{"state":"ON"}"#,
    );
    assert_invalid(h.call(bad_state).await, "state");

    h.ok(h.api.delete_e2e_key(&key.id)).await;
    for result in [
        h.call(h.api.get_e2e_key(&key.id)).await.map(|_| ()),
        h.call(h.api.update_e2e_key_state(&key.id, EnabledState::Enabled))
            .await
            .map(|_| ()),
        h.call(h.api.delete_e2e_key(&key.id)).await.map(|_| ()),
    ] {
        assert_status(result, 404, "not_found");
    }
    assert_eq!(h.audit("createE2eKey").len(), 1);
    assert_eq!(h.audit("updateE2eKeyState").len(), 1);
    assert_eq!(h.audit("deleteE2eKey"), vec![json!({ "id": key.id })]);

    for body in [
        r#"{"name":""}"#,
        r#"{"name":"  "}"#,
        r#"{"description":"x"}"#,
    ] {
        let call = with_body(h.api.create_e2e_key(&new), body);
        assert_invalid(h.call(call).await, "name");
    }

    let mut last = String::new();
    for n in 0..21 {
        let new = NewE2eKey {
            name: format!("Bulk {n}"),
            description: String::new(),
        };
        last = h.ok(h.api.create_e2e_key(&new)).await.id;
    }
    let list = h.ok(h.api.list_e2e_keys(None)).await.e2e_keys;
    assert_eq!(list.len(), 20);
    assert_eq!(list[19].id, last);
    assert_eq!(list[0].name, "Bulk 1");
    h.finish().await;
}

// ---------------------------------------------------------------- risk and locking

#[tokio::test]
async fn risk_indicators_drive_suspicious_hashes_and_locking_locks() {
    let h = Harness::start("risk").await;
    let allowed = |r: RiskIndicators| {
        r.risk_indicators_configuration
            .allowed_nr_of_users_with_same_device_hash
            .map(|n| n.0)
    };
    assert_eq!(allowed(h.ok(h.api.get_risk_indicators()).await), Some(1));
    let default_flagged = h
        .ok(h.api.suspicious_device_hashes(None, false))
        .await
        .count
        .unique_device_hashes;
    assert_eq!(
        allowed(h.ok(h.api.update_risk_indicators(3)).await),
        Some(3)
    );
    assert_eq!(allowed(h.ok(h.api.get_risk_indicators()).await), Some(3));
    let fewer = h
        .ok(h.api.suspicious_device_hashes(None, false))
        .await
        .count
        .unique_device_hashes;
    assert!(
        0 < fewer && fewer < default_flagged,
        "{fewer} < {default_flagged}"
    );
    let field = "riskIndicatorsConfiguration.allowedNrOfUsersWithSameDeviceHash";
    let put = |body: &str| with_body(h.api.update_risk_indicators(1), body);
    for body in [
        r#"{"riskIndicatorsConfiguration":{"allowedNrOfUsersWithSameDeviceHash":"0"}}"#,
        r#"{"riskIndicatorsConfiguration":{"allowedNrOfUsersWithSameDeviceHash":"two"}}"#,
        r#"{"riskIndicatorsConfiguration":{"allowedNrOfUsersWithSameDeviceHash":"-3"}}"#,
    ] {
        assert_invalid(h.call(put(body)).await, field);
    }
    assert_invalid(h.call(put("{}")).await, "riskIndicatorsConfiguration");
    assert_invalid(
        h.call(put(r#"{"riskIndicatorsConfiguration":{}}"#)).await,
        "riskIndicatorsConfiguration",
    );
    assert_eq!(allowed(h.ok(h.api.get_risk_indicators()).await), Some(3));
    // Unknown risk indicators are kept and answered; null removes a property.
    let newer = r#"{"riskIndicatorsConfiguration":{"maxDevicesPerUser":"4"}}"#;
    let answer = h.ok(put(newer)).await;
    assert_eq!(allowed(answer.clone()), Some(3), "the others are kept");
    assert_eq!(
        answer.risk_indicators_configuration.extra["maxDevicesPerUser"],
        "4"
    );
    let reset = r#"{"riskIndicatorsConfiguration":{"allowedNrOfUsersWithSameDeviceHash":null,"maxDevicesPerUser":null}}"#;
    assert_eq!(allowed(h.ok(put(reset)).await), None);
    let raw = h.raw(h.api.get_risk_indicators()).await;
    let body: Value = serde_json::from_slice(raw.body()).unwrap();
    assert_eq!(body, json!({ "riskIndicatorsConfiguration": {} }));
    // Without an allowance, suspicious hashes use the default, 1.
    assert_eq!(
        h.ok(h.api.suspicious_device_hashes(None, false))
            .await
            .count
            .unique_device_hashes,
        default_flagged
    );
    assert_eq!(
        allowed(h.ok(h.api.set_risk_indicators(Some(1), &Map::new())).await),
        Some(1)
    );
    assert_eq!(h.audit("updateRiskIndicators").len(), 4);

    // The reference's sample hash: two users, one device of each still registered.
    let before = h.ok(h.api.devices_by_hash(SAMPLE_DEVICE_HASH)).await;
    let users: Vec<&str> = before.iter().map(|u| u.user_id.as_str()).collect();
    assert_eq!(
        users,
        [
            "b13069a0-408f-4981-bcdb-a42a8d1060ee",
            "8ebc86af-c341-404b-8cf0-7077449d6cf4"
        ]
    );
    let states = |users: &DevicesByHash| -> Vec<(String, String)> {
        users
            .iter()
            .flat_map(|u| &u.devices)
            .map(|d| (d.device_id.clone(), d.state.as_ref().unwrap().name()))
            .collect()
    };
    let device = &before[0].devices[0];
    assert_eq!(device.device_id, "294ffdd7-4306-49dc-aa5e-72c4bed89d18");
    assert_eq!(device.state, Some(DeviceState::Name("ACTIVE".into())));
    assert_eq!(device.account_id.as_deref(), Some(SAMPLE_ACCOUNT));
    assert_eq!(
        device.last_used.as_ref().map(|t| t.0.as_str()),
        Some("2026-03-31 08:21:40.584")
    );
    let locked_before = h
        .ok(h.api.statistics_by_days(3650))
        .await
        .devices
        .with_locked_state;

    let locked = h.ok(h.api.lock_devices(SAMPLE_DEVICE_HASH)).await;
    assert_eq!(
        locked.locked_devices,
        [
            "294ffdd7-4306-49dc-aa5e-72c4bed89d18",
            "46af605e-a4c0-47da-9554-b6c0dc3fcd3a"
        ]
    );
    let after = h.ok(h.api.devices_by_hash(SAMPLE_DEVICE_HASH)).await;
    let expected: Vec<(String, String)> = states(&before)
        .into_iter()
        .map(|(id, state)| {
            let state = if state == "DELETED" {
                state
            } else {
                "LOCKED".into()
            };
            (id, state)
        })
        .collect();
    assert_eq!(states(&after), expected);
    assert!(states(&after).iter().any(|(_, s)| s == "DELETED"));
    let locked_after = h
        .ok(h.api.statistics_by_days(3650))
        .await
        .devices
        .with_locked_state;
    assert_eq!(locked_after, locked_before + 2);
    // Locking again is idempotent.
    let again = h.ok(h.api.lock_devices(SAMPLE_DEVICE_HASH)).await;
    assert_eq!(again, locked);
    assert_eq!(h.audit("lockDevices").len(), 2);

    // Unknown and malformed hashes.
    let unknown = STANDARD.encode([0u8; 32]);
    assert_status(h.call(h.api.lock_devices(&unknown)).await, 404, "not_found");
    assert_eq!(h.ok(h.api.devices_by_hash(&unknown)).await, vec![]);
    for bad in ["a+b/c=", "not base64!", "", "abcde"] {
        assert_invalid(h.call(h.api.lock_devices(bad)).await, "deviceHash");
        assert_invalid(h.call(h.api.devices_by_hash(bad)).await, "deviceHash");
    }
    assert_invalid(
        h.call(with_body(h.api.lock_devices("x"), "{}")).await,
        "deviceHash",
    );
    assert_invalid(
        h.call(with_query(h.api.devices_by_hash("x"), "")).await,
        "deviceHash",
    );
    assert_eq!(h.audit("lockDevices").len(), 2);
    h.finish().await;
}

// ---------------------------------------------------------------- statistics

#[tokio::test]
async fn statistics_follow_the_seeded_devices_and_the_period() {
    let started = Instant::now();
    let h = Harness::start("statistics").await;
    eprintln!("sandbox seeded and started in {:?}", started.elapsed());
    let account = h.ok(h.api.get_account(true)).await;
    let sandbox = account.sandbox_properties.expect("a sandbox account");
    let registered = sandbox.number_of_devices.0;
    assert!(
        (10_000..sandbox.sandbox_device_limit.0).contains(&registered),
        "{registered}"
    );
    let active_users = account.statistics.unwrap().number_of_active_users.0;
    assert!(active_users > 5_000, "{active_users}");

    // By days: longer periods count more.
    let timer = Instant::now();
    let all = h.ok(h.api.statistics_by_days(3650)).await;
    let month = h.ok(h.api.statistics_by_days(30)).await;
    let week = h.ok(h.api.statistics_by_days(7)).await;
    let day = h.ok(h.api.statistics_by_days(1)).await;
    assert!(
        timer.elapsed() < Duration::from_secs(5),
        "{:?}",
        timer.elapsed()
    );
    assert!(all.devices.total >= 10_000, "{all:?}");
    assert!(all.users.total >= 6_000, "{all:?}");
    assert!(all.devices.total > month.devices.total, "{all:?} {month:?}");
    assert!(
        month.devices.total > week.devices.total,
        "{month:?} {week:?}"
    );
    assert!(week.devices.total >= day.devices.total);
    assert!(week.devices.total > 0);
    for s in [&all, &month, &week] {
        assert!(s.devices.with_activated_state + s.devices.with_locked_state <= s.devices.total);
        assert!(s.users.total <= s.devices.total);
        assert!(s.users.with_activated_state <= s.users.total);
        assert!(s.devices.with_locked_state > 0, "{s:?}");
    }
    assert_eq!(day.from_date, day.to_date);
    assert_eq!(week.to_date, day.to_date);
    let today = time::OffsetDateTime::now_utc().date();
    let week_ago = today - time::Duration::days(6);
    assert_eq!(
        week.from_date,
        format!(
            "{:04}-{:02}-{:02}",
            week_ago.year(),
            u8::from(week_ago.month()),
            week_ago.day()
        )
    );
    // The same period by date range gives the same numbers; other ranges others.
    let same = h
        .ok(h
            .api
            .statistics_by_date_range(&week.from_date, &week.to_date))
        .await;
    assert_eq!(same, week);
    let everything = h
        .ok(h.api.statistics_by_date_range("2000-01-01", &all.to_date))
        .await;
    assert_eq!(everything.devices, all.devices);
    let year_ago = today - time::Duration::days(365);
    let date = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    let old = h
        .ok(h
            .api
            .statistics_by_date_range(&date(year_ago - time::Duration::days(30)), &date(year_ago)))
        .await;
    assert!(
        old.devices.total > 0 && old.devices != month.devices,
        "{old:?}"
    );
    // A toDate in the future is fine (the reference's own example has one).
    let next_year = date(today + time::Duration::days(365));
    let ahead = h
        .ok(h.api.statistics_by_date_range(&week.from_date, &next_year))
        .await;
    assert_eq!(ahead.to_date, next_year);
    assert!(ahead.devices.total >= week.devices.total);
    let before_seeding = h
        .ok(h.api.statistics_by_date_range("2010-01-01", "2010-12-31"))
        .await;
    assert_eq!(before_seeding.devices.total, 0);

    for bad in ["0", "3651", "abc", "1.5", "-7", ""] {
        let call = with_query(h.api.statistics_by_days(1), &format!("nrOfDays={bad}"));
        assert_invalid(h.call(call).await, "nrOfDays");
    }
    let default = h.ok(with_query(h.api.statistics_by_days(1), "")).await;
    assert_eq!(default, month);
    for (from, to, name) in [
        ("2024-13-01", "2024-12-31", "fromDate"),
        ("2024-01-01", "31.12.2024", "toDate"),
        ("2024-02-30", "2024-03-01", "fromDate"),
        ("2024-06-02", "2024-06-01", "fromDate"),
    ] {
        let result = h.call(h.api.statistics_by_date_range(from, to)).await;
        assert_invalid(result, name);
    }

    // Detailed statistics: the registered devices, by platform and SDK version.
    use DeviceStatisticsType::{AllBasic, SdkVersion};
    let basic = h.ok(h.api.detailed_device_statistics(AllBasic, None)).await;
    assert_eq!(basic.account_id, SAMPLE_ACCOUNT);
    assert!(basic.aggregated_at.is_some());
    assert_eq!(basic.total, registered);
    let platforms = basic.platforms.clone().unwrap();
    let sdk_versions = basic.sdkversions.clone().unwrap();
    assert_eq!(platforms.len(), 2);
    assert_eq!(platforms[0].name, "Android", "{platforms:?}");
    assert!(
        (55.0..65.0).contains(&platforms[0].percentage),
        "{platforms:?}"
    );
    assert_eq!(sdk_versions.len(), 7, "3.17 to 3.23");
    for shares in [&platforms, &sdk_versions] {
        assert_eq!(shares.iter().map(|s| s.count).sum::<u64>(), basic.total);
        let percent: f64 = shares.iter().map(|s| s.percentage).sum();
        assert!((percent - 100.0).abs() < 0.1, "{percent}");
    }
    let by_platform = h
        .ok(h
            .api
            .detailed_device_statistics(DeviceStatisticsType::Platform, None))
        .await;
    assert_eq!(by_platform.platforms.as_ref(), Some(&platforms));
    assert_eq!(by_platform.sdkversions, None);
    let ios = h
        .ok(h
            .api
            .detailed_device_statistics(SdkVersion, Some(Platform::Ios)))
        .await;
    let ios_count = platforms.iter().find(|p| p.name == "iOS").unwrap().count;
    assert_eq!(ios.total, ios_count);
    assert_eq!(ios.platforms, None);
    let ios_versions = ios.sdkversions.unwrap();
    assert_eq!(ios_versions.iter().map(|s| s.count).sum::<u64>(), ios_count);
    let detailed = || h.api.detailed_device_statistics(AllBasic, None);
    assert_invalid(
        h.call(h.api.detailed_device_statistics(SdkVersion, None))
            .await,
        "platform",
    );
    assert_invalid(
        h.call(with_query(detailed(), "type=everything")).await,
        "type",
    );
    assert_invalid(h.call(with_query(detailed(), "")).await, "type");
    assert_invalid(
        h.call(with_query(detailed(), "type=platform&platform=Windows"))
            .await,
        "platform",
    );

    // Suspicious device hashes.
    let timer = Instant::now();
    let suspicious = h.ok(h.api.suspicious_device_hashes(None, true)).await;
    assert!(
        timer.elapsed() < Duration::from_secs(5),
        "{:?}",
        timer.elapsed()
    );
    assert_eq!(suspicious.account_id, SAMPLE_ACCOUNT);
    assert!(
        suspicious.count.unique_device_hashes > SHARED_HASHES as u64,
        "{:?}",
        suspicious.count
    );
    assert_eq!(
        suspicious.count.unique_device_hashes as usize,
        suspicious.suspicious_device_hashes.len()
    );
    let listed: usize = suspicious
        .suspicious_device_hashes
        .iter()
        .flat_map(|h| &h.users)
        .map(|u| u.devices.len())
        .sum();
    assert_eq!(listed as u64, suspicious.count.total);
    let sample = suspicious
        .suspicious_device_hashes
        .iter()
        .find(|h| h.device_hash == SAMPLE_DEVICE_HASH)
        .expect("the reference's sample hash is suspicious");
    assert_eq!(sample.users.len(), 2);
    let d = &sample.users[0].devices[0];
    assert_eq!(d.state, Some(DeviceState::Code(2)));
    assert_eq!(
        d.last_used.as_ref().map(|t| t.0.as_str()),
        Some("2026-03-31T08:21:40.584000")
    );
    assert_eq!(
        d.created.as_ref().map(|t| t.0.as_str()),
        Some("2026-03-31T08:21:40.572000")
    );
    for hash in &suspicious.suspicious_device_hashes {
        assert!(hash.users.len() >= 2, "{hash:?}");
        for device in hash.users.iter().flat_map(|u| &u.devices) {
            assert_ne!(
                device.state,
                Some(DeviceState::Code(3)),
                "deleted devices are not listed"
            );
        }
    }
    let brief = h.ok(h.api.suspicious_device_hashes(None, false)).await;
    assert_eq!(brief.count, suspicious.count);
    assert!(brief
        .suspicious_device_hashes
        .iter()
        .all(|h| h.users.iter().all(|u| u.devices.is_empty())));
    let four = h.ok(h.api.suspicious_device_hashes(Some(4), false)).await;
    assert!(four.count.unique_device_hashes < brief.count.unique_device_hashes);
    assert!(four
        .suspicious_device_hashes
        .iter()
        .all(|h| h.users.len() > 4));
    let call = || h.api.suspicious_device_hashes(None, false);
    for bad in [
        "allowedNrOfUsersWithSameDeviceHash=0",
        "allowedNrOfUsersWithSameDeviceHash=x",
    ] {
        assert_invalid(
            h.call(with_query(call(), bad)).await,
            "allowedNrOfUsersWithSameDeviceHash",
        );
    }
    assert_invalid(h.call(with_query(call(), "detailed=yes")).await, "detailed");

    // The production account has its own, fewer devices.
    let production = h
        .api
        .clone()
        .with_account_id(Some(PRODUCTION_ACCOUNT.into()));
    let other = h.ok(production.statistics_by_days(3650)).await;
    assert!((300..1_000).contains(&other.devices.total), "{other:?}");
    assert_eq!(
        h.ok(production.devices_by_hash(SAMPLE_DEVICE_HASH)).await,
        vec![]
    );
    h.finish().await;
}

// ---------------------------------------------------------------- persistence

#[tokio::test]
async fn state_survives_a_restart() {
    let h = Harness::start("restart").await;
    let key = h
        .ok(h.api.create_e2e_key(&NewE2eKey {
            name: "Survivor".into(),
            description: String::new(),
        }))
        .await;
    let token = h
        .ok(h.api.add_apns_token(&new_token("Survivor", &p8_base64())))
        .await;
    let change: PropertyValues =
        serde_json::from_value(json!({ "amountFailuresAllowed": "7" })).unwrap();
    h.ok(h.api.update_properties(&change)).await;
    h.ok(h.api.update_configuration_state(EnabledState::Disabled))
        .await;
    h.ok(h.api.update_risk_indicators(5)).await;
    h.ok(h.api.lock_devices(SAMPLE_DEVICE_HASH)).await;
    let certificates = h.ok(h.api.list_signing_certificates(None)).await;
    let statistics = h.ok(h.api.statistics_by_days(3650)).await;
    let old_token = h.token.clone();
    let dir = h.stop().await;

    let mut h = Harness::with(config(dir)).await;
    // Tokens stay valid: the signing key is kept.
    h.token = old_token;
    assert_eq!(h.ok(h.api.get_e2e_key(&key.id)).await, key);
    assert_eq!(h.ok(h.api.get_apns_token(&token.id)).await, token);
    assert_eq!(
        h.ok(h.api.get_properties()).await["amountFailuresAllowed"],
        "7"
    );
    assert_eq!(
        h.ok(h.api.get_configuration_state()).await.state,
        EnabledState::Disabled
    );
    let risk = h.ok(h.api.get_risk_indicators()).await;
    assert_eq!(
        risk.risk_indicators_configuration
            .allowed_nr_of_users_with_same_device_hash
            .map(|n| n.0),
        Some(5)
    );
    assert_eq!(
        h.ok(h.api.list_signing_certificates(None)).await,
        certificates
    );
    let again = h.ok(h.api.statistics_by_days(3650)).await;
    assert_eq!(again, statistics, "devices are not seeded twice");
    let devices = h.ok(h.api.devices_by_hash(SAMPLE_DEVICE_HASH)).await;
    assert_eq!(
        devices[0].devices[0].state.as_ref().unwrap().name(),
        "LOCKED"
    );
    assert_eq!(h.ok(h.api.list_e2e_keys(None)).await.e2e_keys.len(), 3);
    h.finish().await;
}

#[tokio::test]
async fn onboarding_creates_the_configuration_key_and_certificates() {
    let h = Harness::start("onboarding").await;
    let new = h.api.clone().with_account_id(Some(NEW_ACCOUNT.into()));
    assert_status(
        h.call(new.get_application_configuration()).await,
        404,
        "account_not_onboarded",
    );
    // Any onboardingType: the reference documents no value.
    let account = h.ok(new.add_account(Some("SOMETHING_NEWER"))).await;
    assert!(account.onboarded_for_mobile_id);
    let configuration = h.ok(new.get_application_configuration()).await;
    assert_eq!(configuration.app_id, NEW_ACCOUNT);
    let certificates = h.ok(new.list_signing_certificates(None)).await;
    assert_eq!(certificates.signing_certificates.len(), 3);
    let keys = h.ok(new.list_e2e_keys(None)).await.e2e_keys;
    let default = keys.last().unwrap();
    assert_eq!(default.name, "New Team Account - default E2E key");
    assert_eq!(
        h.ok(new.statistics_by_days(3650)).await.devices.total,
        0,
        "a new account has no devices"
    );
    let suspicious = h.ok(new.suspicious_device_hashes(None, true)).await;
    assert_eq!(suspicious.count, SuspiciousCount::default());
    let basic = h
        .ok(new.detailed_device_statistics(DeviceStatisticsType::AllBasic, None))
        .await;
    assert_eq!((basic.total, basic.platforms), (0, Some(vec![])));
    h.finish().await;
}

// ---------------------------------------------------------------- Location and seeded ids

#[tokio::test]
async fn a_created_resource_says_where_it_is_read_and_seeded_keys_have_fixed_ids() {
    let h = Harness::start("location").await;
    let origin = h.sandbox().url();
    let origin = origin.trim_end_matches('/');
    let read = |location: &str| {
        http::Request::get(format!("{origin}{location}"))
            .header("authorization", format!("Bearer {}", h.token))
            .body(Vec::new())
            .unwrap()
    };

    let new = NewE2eKey {
        name: "Located key".into(),
        description: String::new(),
    };
    let response = h.raw(h.api.create_e2e_key(&new)).await;
    assert_eq!(response.status(), 201);
    let key: E2eKey = serde_json::from_slice(response.body()).unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(location, format!("/api/e2e-keys/{}", key.id));
    let again = h.exchange(&read(&location)).await;
    assert_eq!(again.status(), 200);
    assert_eq!(serde_json::from_slice::<E2eKey>(again.body()).unwrap(), key);

    let response = h
        .raw(
            h.api
                .add_apns_token(&new_token("Located token", &p8_base64())),
        )
        .await;
    assert_eq!(response.status(), 201);
    let token: ApnsToken = serde_json::from_slice(response.body()).unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(location, format!("/api/apns-tokens/{}", token.id));
    assert_eq!(h.exchange(&read(&location)).await.status(), 200);

    // Onboarding names the account it onboarded.
    let response = h
        .raw(with_query(
            h.api.add_account(None),
            &format!("{}={NEW_ACCOUNT}", account_id::QUERY_PARAMETER),
        ))
        .await;
    assert_eq!(response.status(), 201, "{:?}", response.body());
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(
        location,
        format!(
            "/api/accounts?{}={NEW_ACCOUNT}",
            account_id::QUERY_PARAMETER
        )
    );
    let account = h.exchange(&read(&location)).await;
    assert_eq!(account.status(), 200);
    assert_eq!(
        serde_json::from_slice::<Value>(account.body()).unwrap()["id"],
        NEW_ACCOUNT
    );

    // The default keys of the seeded accounts have fixed ids, which openapi.yaml gives as
    // examples (scripts/gen-openapi.py) with the seeded APNs tokens and the account not yet
    // onboarded: the contract tests reach every operation with them.
    for (account, id) in SEEDED_E2E_KEYS {
        let key = h.ok(h.api.get_e2e_key(id)).await;
        assert!(key.name.ends_with("default E2E key"), "{account}: {key:?}");
    }
    let openapi = include_str!("../../../openapi.yaml");
    let ids = SEEDED_E2E_KEYS.iter().map(|(_, id)| *id);
    for id in ids.chain(SEEDED_APNS_TOKENS).chain([NEW_ACCOUNT]) {
        assert!(
            openapi.contains(&format!("example: {id}\n"))
                || openapi.contains(&format!("example: \"{id}\"\n")),
            "openapi.yaml has {id} as an example: run scripts/gen-openapi.py"
        );
    }
    h.finish().await;
}

// ---------------------------------------------------------------- fault injection

#[tokio::test]
async fn injected_faults_answer_503_or_429_with_retry_after() {
    let mut config = config(unique_dir("faults"));
    config.faults = Some(FaultConfig {
        rate: 1.0,
        latency_ms: 0,
    });
    let h = Harness::with(config).await;
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..40 {
        let response = h.raw(h.api.get_risk_indicators()).await;
        let status = response.status().as_u16();
        assert!(status == 503 || status == 429, "{status}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        if status == 429 {
            assert_eq!(response.headers()["retry-after"], "1");
        }
        seen.insert(status);
    }
    assert_eq!(seen.len(), 2, "both kinds of failure: {seen:?}");
    h.finish().await;

    let mut config = self::config(unique_dir("latency"));
    config.faults = Some(FaultConfig {
        rate: 0.0,
        latency_ms: 30,
    });
    let h = Harness::with(config).await;
    for _ in 0..5 {
        h.ok(h.api.get_risk_indicators()).await;
    }
    h.finish().await;
}

#[tokio::test]
async fn scripted_faults_carry_their_own_retry_after_and_requests_are_logged() {
    let h = Harness::start("scripted-faults").await;
    {
        let mut script = h.sandbox().state.scripted_faults.lock().unwrap();
        script.requests = Some(Vec::new());
        script.faults.extend([
            ScriptedFault::too_many(30),
            ScriptedFault::unavailable(),
            ScriptedFault {
                status: 503,
                retry_after_secs: Some(7),
                method: None,
            },
        ]);
    }
    let response = h.raw(h.api.get_risk_indicators()).await;
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(response.headers()["retry-after"], "30");
    let response = h.raw(h.api.get_risk_indicators()).await;
    assert_eq!(response.status().as_u16(), 503);
    assert!(response.headers().get("retry-after").is_none());
    let response = h.raw(h.api.get_risk_indicators()).await;
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.headers()["retry-after"], "7");
    // The script is used up: the next request reaches its handler.
    h.ok(h.api.get_risk_indicators()).await;
    let log = h
        .sandbox()
        .state
        .scripted_faults
        .lock()
        .unwrap()
        .requests
        .clone()
        .unwrap();
    let statuses: Vec<u16> = log.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 503, 503, 200]);
    assert!(log.iter().all(|r| r.method == "GET"), "{log:?}");
    assert!(log.windows(2).all(|w| w[0].at <= w[1].at), "in order");
    h.finish().await;
}

// ---------------------------------------------------------------- the sandbox's property rules

fn properties(value: Value) -> PropertyValues {
    serde_json::from_value(value).expect("an object")
}

#[tokio::test]
async fn property_updates_are_refereed_by_the_sandboxs_own_rules() {
    let mut config = config(unique_dir("property-rules"));
    config.property_rejections = vec![(
        "apnsBundleId".into(),
        "Bundle id not registered with Apple.".into(),
    )];
    let h = Harness::with(config).await;
    let before = h.ok(h.api.get_properties()).await;

    // Each rule the reference documents, and each of the sandbox's own limits: refused with
    // invalidParams naming the property, nothing stored, nothing recorded.
    let refused = [
        // Values are strings, except three arrays of strings.
        (json!({ "apnConfig": ["PRODUCTION"] }), "apnConfig"),
        (
            json!({ "allowedAuthMethods": "DEVICE:PIN" }),
            "allowedAuthMethods",
        ),
        (json!({ "enabledRiskData": [1, 2] }), "enabledRiskData"),
        (
            json!({ "allowedAuthMethods": null, "allowedAuthMethodsForAuthAndActivate": 7 }),
            "allowedAuthMethodsForAuthAndActivate",
        ),
        // Not updatable.
        (
            json!({ "maximumSessionExpiry": "1" }),
            "maximumSessionExpiry",
        ),
        (
            json!({ "clientDebugDataEnabledOsTypes": "IOS" }),
            "clientDebugDataEnabledOsTypes",
        ),
        (
            json!({ "hwKeyValidationStrategy": "REQUIRED" }),
            "hwKeyValidationStrategy",
        ),
        // Base64.
        (
            json!({ "firebaseServiceAccount": "{\"type\": \"service_account\"}" }),
            "firebaseServiceAccount",
        ),
        // Versions.
        (
            json!({ "minimumRequiredEncapApiVersionAndroid": "3" }),
            "minimumRequiredEncapApiVersionAndroid",
        ),
        (
            json!({ "minimumRequiredEncapApiVersionIos": "3.7.0-beta" }),
            "minimumRequiredEncapApiVersionIos",
        ),
        (
            json!({ "encapApiBlacklistAndroid": "3.5.3, latest" }),
            "encapApiBlacklistAndroid",
        ),
        (
            json!({ "encapApiBlacklistIos": "3.5.3;3.6.8" }),
            "encapApiBlacklistIos",
        ),
        // Countries.
        (
            json!({ "geofencingActivationAllowedCountries": "UK" }),
            "geofencingActivationAllowedCountries",
        ),
        (
            json!({ "geofencingActivationDeniedCountries": "RU,," }),
            "geofencingActivationDeniedCountries",
        ),
        (
            json!({ "geofencingAuthenticationAllowedCountries": "USA" }),
            "geofencingAuthenticationAllowedCountries",
        ),
        (
            json!({ "geofencingAuthenticationDeniedCountries": "EU" }),
            "geofencingAuthenticationDeniedCountries",
        ),
        // Methods for activation must be allowed, checked over stored ∪ changes.
        (
            json!({ "allowedAuthMethodsForAuthAndActivate": ["DEVICE:PASSKEY"] }),
            "allowedAuthMethodsForAuthAndActivate",
        ),
        (
            json!({ "allowedAuthMethods": ["DEVICE"] }),
            "allowedAuthMethods",
        ),
        // App Attest needs an app id.
        (
            json!({ "attestationIosAppAttestMode": "REQUIRED" }),
            "attestationIosAppAttestAppId",
        ),
        // Counts and durations.
        (json!({ "sessionExpiry": "-1" }), "sessionExpiry"),
        (json!({ "apnExpiry": "1.5" }), "apnExpiry"),
        (json!({ "firebaseTimeToLive": -5 }), "firebaseTimeToLive"),
        (
            json!({ "recoveryCodeMinLength": "six" }),
            "recoveryCodeMinLength",
        ),
        (
            json!({ "attestationIosAppAttestTimeout": "" }),
            "attestationIosAppAttestTimeout",
        ),
        (
            json!({ "attestationAndroidPlayIntegrityTimeout": true }),
            "attestationAndroidPlayIntegrityTimeout",
        ),
        // The sandbox's own limits.
        (json!({ "sessionExpiry": "187200001" }), "sessionExpiry"),
        (
            json!({ "activationCodeLength": "65" }),
            "activationCodeLength",
        ),
        (json!({ "geofencingTimeout": 60001 }), "geofencingTimeout"),
        // --reject-property.
        (json!({ "apnsBundleId": "com.example.app" }), "apnsBundleId"),
    ];
    for (body, name) in &refused {
        let p = problem(
            h.call(h.api.update_properties(&properties(body.clone())))
                .await,
        );
        assert_eq!(p.status, 400, "{body}: {p:?}");
        let names: Vec<&str> = p.invalid_params.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, [*name], "{body}: {p:?}");
        assert!(!p.invalid_params[0].reason.is_empty());
    }
    let p = problem(
        h.call(
            h.api
                .update_properties(&properties(json!({ "apnsBundleId": "x" }))),
        )
        .await,
    );
    assert_eq!(
        p.invalid_params[0].reason,
        "Bundle id not registered with Apple."
    );
    // Every failure is its own entry, and a good value beside them is not stored either.
    let p = problem(
        h.call(h.api.update_properties(&properties(json!({
            "lockScope": "USER",
            "activationCodeLength": "65",
            "geofencingActivationAllowedCountries": "NO, XX",
            "maximumSessionExpiry": "1",
        }))))
        .await,
    );
    let mut names: Vec<&str> = p.invalid_params.iter().map(|i| i.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "activationCodeLength",
            "geofencingActivationAllowedCountries",
            "maximumSessionExpiry"
        ]
    );
    assert_eq!(h.ok(h.api.get_properties()).await, before);
    assert!(h.audit("updateProperties").is_empty());

    // What the reference allows, and what it does not forbid, is accepted.
    let accepted = json!({
        // Unknown names (a newer server) and unknown values (cut-off lists).
        "passkeyRegistrationEnabled": "true",
        "futureSetting": { "level": 2 },
        "lockScope": "USER",
        "activationCodeType": "EMOJI",
        "allowedAuthMethods": ["DEVICE", "DEVICE:PIN", "DEVICE:PASSKEY"],
        "allowedAuthMethodsForAuthAndActivate": ["DEVICE:PIN", "DEVICE:PASSKEY"],
        // Lenient types, stored as sent.
        "amountFailuresAllowed": 5,
        "recoveryEnabled": true,
        // Versions with two parts, lists with spaces, any case of a country code, Kosovo.
        "minimumRequiredEncapApiVersionAndroid": "3.21",
        "minimumRequiredEncapApiVersionIos": "",
        "encapApiBlacklistIos": "3.5.3, 3.6.8",
        "geofencingActivationAllowedCountries": "NO, se,XK",
        "geofencingAuthenticationDeniedCountries": "",
        // Not a server rule: a hint to the client.
        "pinCodeLength": "8",
        "maxPinCodeLength": "6",
        // Native push without a bundle id; Play Integrity keys in any format.
        "nativePushEnabled": "true",
        "attestationAndroidPlayIntegrityMode": "REQUIRED",
        "attestationAndroidPlayIntegrityDecryptionKey": "any key text",
        // App Attest with its app id.
        "attestationIosAppAttestMode": "REQUIRED",
        "attestationIosAppAttestAppId": "ABCDE12345.com.example.app",
        "sessionExpiry": "187200000",
        "activationCodeLength": "64",
        "enabledRiskData": null,
    });
    let answer = h
        .ok(h.api.update_properties(&properties(accepted.clone())))
        .await;
    for (name, value) in accepted.as_object().unwrap() {
        let expected = if name == "attestationAndroidPlayIntegrityDecryptionKey" {
            json!("********")
        } else {
            value.clone()
        };
        assert_eq!(answer.get(name), Some(&expected), "{name}");
    }
    assert_eq!(h.ok(h.api.get_properties()).await, answer);
    assert_eq!(h.audit("updateProperties").len(), 1);
    assert_eq!(
        h.audit("updateProperties")[0]["attestationAndroidPlayIntegrityDecryptionKey"],
        "********"
    );

    // null removes a property (enabledRiskData keeps its null); the audit shows the removal.
    let answer = h
        .ok(h.api.update_properties(&properties(json!({
            "futureSetting": null,
            "apnConfig": null,
            "attestationAndroidPlayIntegrityDecryptionKey": null,
        }))))
        .await;
    for name in [
        "futureSetting",
        "apnConfig",
        "attestationAndroidPlayIntegrityDecryptionKey",
    ] {
        assert!(!answer.contains_key(name), "{name}");
    }
    assert_eq!(answer["enabledRiskData"], Value::Null);
    assert_eq!(answer["passkeyRegistrationEnabled"], "true");
    assert_eq!(
        h.audit("updateProperties")[1],
        json!({
            "futureSetting": null,
            "apnConfig": null,
            "attestationAndroidPlayIntegrityDecryptionKey": null
        })
    );
    // The subset rule is checked only when one of the two lists changes, over the merge.
    let answer = h
        .ok(h.api.update_properties(&properties(json!({
            "allowedAuthMethods": ["DEVICE:PIN", "DEVICE:PASSKEY"]
        }))))
        .await;
    assert_eq!(
        answer["allowedAuthMethods"],
        json!(["DEVICE:PIN", "DEVICE:PASSKEY"])
    );
    h.finish().await;
}

#[tokio::test]
async fn the_legacy_account_keeps_its_odd_values_through_an_update() {
    let h = Harness::start("legacy").await;
    let legacy = h
        .api
        .clone()
        .with_account_id(Some(LEGACY_ACCOUNT_ID.into()));
    assert!(mobileid_sandbox::api::property_rules::is_secret(
        "firebaseServiceAccount"
    ));

    let configuration = h.ok(legacy.get_application_configuration()).await;
    assert_eq!(configuration.app_id, LEGACY_ACCOUNT_ID);
    assert_eq!(configuration.state, EnabledState::Enabled);
    let odd = &configuration.properties;
    assert_eq!(
        odd["allowedAuthMethods"],
        json!([
            "DEVICE",
            "DEVICE:PIN",
            "DEVICE:ANDROID_BIOMETRIC_PROMPT",
            "DEVICE:PASSKEY"
        ])
    );
    assert_eq!(
        odd["allowedAuthMethodsForAuthAndActivate"],
        json!(["DEVICE:PIN"])
    );
    assert_eq!(odd["lockScope"], "USER");
    assert_eq!(odd["nativePushEnabled"], "true");
    assert!(!odd.contains_key("apnsBundleId"));
    assert_eq!(odd["firebaseServiceAccount"], "********");
    assert_eq!(
        (&odd["pinCodeLength"], &odd["maxPinCodeLength"]),
        (&json!("8"), &json!("6"))
    );
    assert_eq!(odd["attestationAndroidPlayIntegrityMode"], "REQUIRED");
    assert!(odd["attestationAndroidPackageName"]
        .as_str()
        .is_some_and(|p| !p.is_empty()));
    assert!(odd["attestationAndroidPlayIntegrityTimeout"].is_string());
    assert!(!odd.contains_key("attestationAndroidPlayIntegrityDecryptionKey"));
    assert!(!odd.contains_key("attestationAndroidPlayIntegrityVerificationKey"));
    assert_eq!(odd["enabledRiskData"], Value::Null);
    assert_eq!(odd["passkeyRegistrationEnabled"], "true");
    assert_eq!(odd["futureSetting"], json!({ "level": 2 }));
    assert_eq!(odd["amountFailuresAllowed"], json!(5));
    assert_eq!(h.ok(legacy.get_properties()).await, *odd);

    // Only sessionExpiry changes; everything else, unknown ones included, stays as it was.
    let answer = h
        .ok(legacy.update_properties(&properties(json!({ "sessionExpiry": "600000" }))))
        .await;
    let mut expected = odd.clone();
    expected.insert("sessionExpiry".into(), json!("600000"));
    assert_eq!(answer, expected);
    assert_eq!(h.ok(legacy.get_properties()).await, expected);
    let stored = h
        .sandbox()
        .state
        .store
        .configuration(LEGACY_ACCOUNT_ID)
        .unwrap()
        .unwrap();
    assert!(stored.properties["firebaseServiceAccount"]
        .as_str()
        .is_some_and(|s| s.len() > 20 && s != "********"));
    assert_eq!(
        h.audit("updateProperties"),
        vec![json!({ "sessionExpiry": "600000" })]
    );
    // The sample account is untouched.
    assert_eq!(
        h.ok(h.api.get_properties()).await,
        answered_properties(&sample_properties())
    );

    // Every other page works for it.
    let account = h.ok(legacy.get_account(true)).await;
    assert_eq!(
        (account.id.as_str(), account.name.as_str()),
        (LEGACY_ACCOUNT_ID, "Legacy Android App")
    );
    assert_eq!(account.account_type, AccountType::Sandbox);
    assert!(account.onboarded_for_mobile_id);
    let devices = account.sandbox_properties.unwrap().number_of_devices.0;
    assert!((1..100).contains(&devices), "{devices}");
    let basic = h
        .ok(legacy.detailed_device_statistics(DeviceStatisticsType::AllBasic, None))
        .await;
    let platforms: Vec<&str> = basic
        .platforms
        .as_ref()
        .unwrap()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(platforms, ["Android"]);
    assert!(h.ok(legacy.statistics_by_days(3650)).await.devices.total > 0);
    h.ok(legacy.suspicious_device_hashes(None, true)).await;
    assert_eq!(
        h.ok(legacy.get_risk_indicators())
            .await
            .risk_indicators_configuration
            .allowed_nr_of_users_with_same_device_hash
            .map(|n| n.0),
        Some(1)
    );
    assert_eq!(
        h.ok(legacy.list_signing_certificates(None))
            .await
            .signing_certificates
            .len(),
        3
    );
    assert_eq!(
        h.ok(legacy.list_e2e_keys(None)).await,
        h.ok(h.api.list_e2e_keys(None)).await,
        "the organisation's keys"
    );
    assert_eq!(h.ok(legacy.list_apns_tokens()).await.apns_tokens.len(), 2);
    h.ok(legacy.get_apns_uuid()).await;
    h.finish().await;
}

#[tokio::test]
async fn account_state_updates_refuse_unknown_states() {
    let h = Harness::start("account-state").await;
    let call = || h.api.update_account(EnabledState::Enabled);
    assert_invalid(
        h.call(with_body(call(), r#"{"state":"PAUSED"}"#)).await,
        "state",
    );
    assert!(h.audit("updateAccount").is_empty());
    let updated = h.ok(h.api.update_account(EnabledState::Disabled)).await;
    assert_eq!(updated.state, EnabledState::Disabled);
    h.finish().await;
}

#[tokio::test]
async fn update_account_changes_the_state_that_get_account_shows_and_records_it() {
    let h = Harness::start("update-account").await;
    let before = h.ok(h.api.get_account(false)).await;
    assert_eq!(before.state, EnabledState::Enabled);

    let updated = h.ok(h.api.update_account(EnabledState::Disabled)).await;
    assert_eq!(updated.id, before.id);
    assert_eq!(updated.state, EnabledState::Disabled);
    assert_eq!(updated.organisation_id, before.organisation_id);
    assert!(updated.encap_api_key.is_some(), "{updated:?}");
    // The sample account is a sandbox account: its device limit comes back.
    assert!(updated.sandbox_device_limit.is_some(), "{updated:?}");
    assert_eq!(
        h.ok(h.api.get_account(false)).await.state,
        EnabledState::Disabled,
        "the account is read back disabled"
    );
    let audit = h.audit("updateAccount");
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert!(audit[0].to_string().contains("DISABLED"), "{audit:?}");

    // And back; the answer is the same for a repeat (idempotent).
    for _ in 0..2 {
        let enabled = h.ok(h.api.update_account(EnabledState::Enabled)).await;
        assert_eq!(enabled.state, EnabledState::Enabled);
    }
    assert_eq!(
        h.ok(h.api.get_account(false)).await.state,
        EnabledState::Enabled
    );
    assert_eq!(h.audit("updateAccount").len(), 3);

    // Not onboarded: nothing to update. A body without `state`: a 400.
    let new = h.api.clone().with_account_id(Some(NEW_ACCOUNT.into()));
    assert_status(
        h.call(new.update_account(EnabledState::Disabled)).await,
        404,
        "account_not_onboarded",
    );
    let bad = h
        .call(with_body(h.api.update_account(EnabledState::Enabled), "{}"))
        .await;
    assert_eq!(problem(bad).status, 400);
    assert_eq!(
        h.audit("updateAccount").len(),
        3,
        "refused updates are not recorded"
    );
    h.finish().await;
}

#[tokio::test]
async fn adding_an_account_already_onboarded_is_a_conflict_that_changes_nothing() {
    let h = Harness::start("add-account-conflict").await;
    let before = h.ok(h.api.get_account(true)).await;
    let keys_before = h.ok(h.api.list_e2e_keys(None)).await.e2e_keys;
    for onboarding_type in [None, Some("SOMETHING_NEWER")] {
        assert_status(
            h.call(h.api.add_account(onboarding_type)).await,
            409,
            "account_already_onboarded",
        );
    }
    let after = h.ok(h.api.get_account(true)).await;
    assert_eq!(
        serde_json::to_value(&after).unwrap(),
        serde_json::to_value(&before).unwrap(),
        "the account is unchanged"
    );
    assert_eq!(
        h.ok(h.api.list_e2e_keys(None)).await.e2e_keys,
        keys_before,
        "no new default key"
    );

    // The first add of a new account succeeds (201); the second is the conflict.
    let new = h.api.clone().with_account_id(Some(NEW_ACCOUNT.into()));
    let created = h.raw(new.add_account(None)).await;
    assert_eq!(created.status(), 201);
    assert_status(
        h.call(new.add_account(None)).await,
        409,
        "account_already_onboarded",
    );
    assert_eq!(
        h.ok(new.list_signing_certificates(None))
            .await
            .signing_certificates
            .len(),
        3
    );
    h.finish().await;
}

// ---------------------------------------------------------------- moved endpoints

fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn variant_endpoints() -> std::collections::BTreeMap<String, String> {
    let text = std::fs::read_to_string(repo_file("tests/data/endpoints-variant.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn openapi_documents_give_the_endpoints_map() {
    use mobileid_sandbox::openapi_endpoints::{
        built_in, extract, parse_document, DEFAULT_BASE_PATH,
    };
    let read = |path: &str| {
        let text = std::fs::read_to_string(repo_file(path)).unwrap();
        extract(&parse_document(&text).unwrap(), DEFAULT_BASE_PATH)
    };
    let repo = read("openapi.yaml");
    assert_eq!(
        repo.endpoints,
        built_in(),
        "the repository's openapi.yaml is the built-in table"
    );
    assert_eq!(repo.endpoints.len(), 28);
    assert!(
        repo.unmatched.is_empty() && repo.missing.is_empty(),
        "{repo:?}"
    );

    let variant = read("tests/data/openapi-variant.yaml");
    assert_eq!(variant.endpoints, variant_endpoints());
    assert_eq!(
        variant.unmatched,
        ["GET /mobileid/admin/health (Health check)"]
    );
    assert!(variant.missing.is_empty());
    assert_eq!(variant.notes.len(), 1, "{:?}", variant.notes);
    let map =
        mobileid_sandbox::parse_endpoints(&serde_json::to_string(&variant.endpoints).unwrap())
            .expect("a map the sandbox can serve");
    assert_eq!(
        map.template(Endpoint::GetApnsToken),
        "apns/tokens/{apnsTokenId}"
    );
    assert_eq!(map.method(Endpoint::UpdateAccount), http::Method::PUT);
    // The same document as JSON.
    let yaml = std::fs::read_to_string(repo_file("tests/data/openapi-variant.yaml")).unwrap();
    let json_text = parse_document(&yaml).unwrap().to_string();
    assert!(json_text.starts_with('{'));
    assert_eq!(
        extract(&parse_document(&json_text).unwrap(), DEFAULT_BASE_PATH).endpoints,
        variant.endpoints
    );
}

#[test]
fn the_command_prints_the_map_and_reports_what_it_cannot_match() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_endpoints-from-openapi"))
        .arg(repo_file("tests/data/openapi-variant.yaml"))
        .output()
        .expect("the command runs");
    assert!(output.status.success(), "{output:?}");
    let printed: std::collections::BTreeMap<String, String> =
        serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(printed, variant_endpoints());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not matched: GET /mobileid/admin/health"),
        "{stderr}"
    );
    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_endpoints-from-openapi"))
        .arg(repo_file("no-such-file.yaml"))
        .output()
        .unwrap();
    assert!(!missing.status.success());
}

#[test]
fn bad_endpoint_files_are_refused_clearly() {
    use mobileid_sandbox::parse_endpoints;
    for (text, says) in [
        ("[1]", "JSON object"),
        (r#"{"listApnsTokenz": "GET x"}"#, "listApnsTokenz"),
        (r#"{"getApnsToken": "GET x/{id}"}"#, "apnsTokenId"),
        (
            r#"{"getApnsToken": "GET e2e-keys/{apnsTokenId}"}"#,
            "getApnsToken",
        ),
        (r#"{"listApnsTokens": "GET e2e-keys"}"#, "listE2eKeys"),
    ] {
        let err = parse_endpoints(text).unwrap_err();
        assert!(err.contains(says), "{text}: {err}");
    }
    assert!(parse_endpoints("{}").unwrap().is_default());
}

async fn console_config_json(h: &Harness) -> Value {
    let response = h
        .http
        .get(format!("{}config.json", h.sandbox().url()))
        .send()
        .await
        .expect("config.json");
    serde_json::from_slice(&response.bytes().await.expect("a body")).expect("JSON")
}

#[tokio::test]
async fn moved_endpoints_are_served_where_the_map_says() {
    let map = mobileid_sandbox::load_endpoints(&repo_file("tests/data/endpoints-variant.json"))
        .expect("the variant map loads");
    let mut config = config(unique_dir("moved"));
    config.endpoints = map.clone();
    let mut h = Harness::with(config).await;
    let old_api = h.api.clone();
    h.api = h.api.clone().with_endpoints(map.clone());

    // A few operations through the moved paths and methods.
    let tokens = h.ok(h.api.list_apns_tokens()).await;
    assert_eq!(
        h.ok(h.api.get_apns_token(&tokens.apns_tokens[0].id)).await,
        tokens.apns_tokens[0]
    );
    let key = h
        .ok(h.api.create_e2e_key(&NewE2eKey {
            name: "Moved".into(),
            description: String::new(),
        }))
        .await;
    let changed = h
        .ok(h.api.update_e2e_key_state(&key.id, EnabledState::Disabled))
        .await;
    assert_eq!(changed.state, EnabledState::Disabled);
    h.ok(h.api.delete_e2e_key(&key.id)).await;
    assert_eq!(
        h.ok(h.api.update_account(EnabledState::Enabled))
            .await
            .state,
        EnabledState::Enabled
    );
    assert_eq!(
        h.ok(h.api.update_configuration_state(EnabledState::Disabled))
            .await
            .state,
        EnabledState::Disabled
    );
    h.ok(h.api.get_risk_indicators()).await;
    h.ok(h.api.statistics_by_days(7)).await;
    // Every operation answers where it moved to (401 without a token, not 404/405).
    let base = h.sandbox().api_base();
    for &endpoint in Endpoint::ALL {
        let request = http::Request::builder()
            .method(map.method(endpoint))
            .uri(format!("{base}{}", map.path(endpoint, &["x"])))
            .body(Vec::new())
            .unwrap();
        let response = h.exchange(&request).await;
        assert_eq!(response.status(), 401, "{}", endpoint.operation_id());
    }
    // The built-in places of moved operations are gone.
    assert_status(h.call(old_api.list_apns_tokens()).await, 404, "not_found");
    assert!(h
        .call(old_api.update_account(EnabledState::Enabled))
        .await
        .is_err());

    // The console is told where they are.
    let config_json = console_config_json(&h).await;
    let endpoints = config_json["endpoints"]
        .as_object()
        .expect("an endpoints map");
    assert_eq!(endpoints["getApnsToken"], "GET apns/tokens/{apnsTokenId}");
    assert_eq!(
        endpoints["updateE2eKeyState"],
        "PATCH e2e/keys/{e2eKeyId}/state"
    );
    assert!(
        !endpoints.contains_key("getAccount"),
        "only moved operations"
    );
    let moved = EndpointMap::parse(
        &endpoints
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect(),
    )
    .unwrap();
    for &endpoint in Endpoint::ALL {
        assert_eq!(moved.method(endpoint), map.method(endpoint));
        assert_eq!(moved.template(endpoint), map.template(endpoint));
    }
    h.finish().await;

    // A default sandbox tells the console nothing.
    let h = Harness::start("not-moved").await;
    let config_json = console_config_json(&h).await;
    assert!(config_json.get("endpoints").is_none(), "{config_json}");
    h.finish().await;
}

#[tokio::test]
async fn a_scripted_fault_for_a_method_waits_for_a_request_with_that_method() {
    let h = Harness::start("scripted-fault-method").await;
    h.sandbox()
        .state
        .scripted_faults
        .lock()
        .unwrap()
        .faults
        .push_back(ScriptedFault::unavailable().on("PUT"));
    let read = h.raw(h.api.get_risk_indicators()).await;
    assert_eq!(read.status(), 200, "a GET passes the PUT's fault by");
    let write = h.raw(h.api.update_risk_indicators(2)).await;
    assert_eq!(write.status(), 503);
    let again = h.raw(h.api.update_risk_indicators(2)).await;
    assert_eq!(again.status(), 200, "used once");
}
