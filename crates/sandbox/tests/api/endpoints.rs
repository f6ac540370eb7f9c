//! Moved endpoints: maps from OpenAPI documents and serving operations where a map says.

use crate::common::unique_dir;
use crate::harness::{assert_status, config, Harness};
use mobileid_admin_contract::endpoints::EndpointMap;
use mobileid_admin_contract::models::*;
use mobileid_admin_contract::Endpoint;
use serde_json::Value;
use std::path::PathBuf;

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
    let request = http::Request::get(format!("{}config.json", h.url()))
        .body(Vec::new())
        .expect("a request");
    let response = h.exchange(&request).await;
    serde_json::from_slice(response.body()).expect("JSON")
}

#[tokio::test]
async fn moved_endpoints_are_served_where_the_map_says() {
    let map = mobileid_sandbox::load_endpoints(&repo_file("tests/data/endpoints-variant.json"))
        .expect("the variant map loads");
    let mut config = config(unique_dir("moved"));
    config.endpoints = map.clone();
    let mut h = Harness::with(config);
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
    let base = h.api_base();
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
    h.finish();

    // A default sandbox tells the console nothing.
    let h = Harness::start("not-moved");
    let config_json = console_config_json(&h).await;
    assert!(config_json.get("endpoints").is_none(), "{config_json}");
    h.finish();
}
