//! `openapi.yaml` (at the repository root) checked against the code, so the two cannot drift.
//!
//! The YAML is produced by `scripts/gen-openapi.py`, which takes from this file (through the
//! ignored test [`dump_contract_for_the_generator`]) everything the code knows: the endpoint
//! table, the query parameters the client sends, the success status of each operation, the
//! property schema and which fixture is the sample of which operation. The tests here read the
//! committed YAML and check it against the same code:
//!
//! * the operations (method, path, operationId, summary) are exactly [`Endpoint::ALL`];
//! * every operation has the account-id query parameter and header, the 400/401/404/429/503
//!   problem responses (409 for "Add MobileID account"), its success status, exactly the query
//!   and path parameters the client sends, and a request body exactly when the client sends one;
//! * the `Properties` schema (and `PropertiesUpdate`, the update's body) is, property by
//!   property, what [`property_schema`] makes of [`PROPERTIES`]: only the rules the reference
//!   documents (types, digit, version and country patterns, Base64 for the Firebase service
//!   account, readOnly), examples and no defaults, the console's own choices in the
//!   descriptions, unknown properties allowed;
//! * every fixture of `crates/contract/fixtures/` is an example of the operation it samples;
//! * the model schemas declare every field their model writes, mark required exactly the fields
//!   the model cannot do without, allow unknown fields exactly where the model keeps them, and
//!   the enums list the models' values.
//!
//! When one fails after a change to the contract, regenerate: `python3 scripts/gen-openapi.py`.

use mobileid_admin_contract::account_id;
use mobileid_admin_contract::models::*;
use mobileid_admin_contract::properties::{
    rules_of, spec as property_spec, Kind, PropertySpec, Provenance, PROPERTIES,
};
use mobileid_admin_contract::{ApiClient, Endpoint, InvalidParam, Problem};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------- what the code says

/// Where each fixture belongs: the operation, and the request body or a response status.
#[derive(Clone, Copy, Debug)]
enum Place {
    Request,
    Response(u16),
}

/// Every fixture of `crates/contract/fixtures/` and the operation it is a sample of.
#[rustfmt::skip]
const EXAMPLES: &[(&str, Endpoint, Place)] = {
    use Endpoint::*;
    use Place::*;
    &[
        ("get-account.response.json", GetAccount, Response(200)),
        ("add-account.response.json", AddAccount, Response(201)),
        ("update-account.request.json", UpdateAccount, Request),
        ("update-account.response.json", UpdateAccount, Response(200)),
        ("list-apns-tokens.response.json", ListApnsTokens, Response(200)),
        ("add-apns-token.request.json", AddApnsToken, Request),
        ("add-apns-token.response.json", AddApnsToken, Response(201)),
        ("get-apns-token.response.json", GetApnsToken, Response(200)),
        ("account-id-missing.problem.json", DeleteApnsToken, Response(400)),
        ("get-configuration-state.response.json", GetConfigurationState, Response(200)),
        ("update-configuration-state.request.json", UpdateConfigurationState, Request),
        ("update-configuration-state.response.json", UpdateConfigurationState, Response(200)),
        ("get-apns-uuid.response.json", GetApnsUuid, Response(200)),
        ("update-apns-uuid.request.json", UpdateApnsUuid, Request),
        ("update-apns-uuid.response.json", UpdateApnsUuid, Response(200)),
        ("get-properties.response.json", GetProperties, Response(200)),
        ("update-properties.request.json", UpdateProperties, Request),
        ("update-properties.response.json", UpdateProperties, Response(200)),
        ("get-application-configuration.response.json", GetApplicationConfiguration, Response(200)),
        ("list-signing-certificates.response.json", ListSigningCertificates, Response(200)),
        ("update-e2e-key-state.request.json", UpdateE2eKeyState, Request),
        ("update-e2e-key-state.response.json", UpdateE2eKeyState, Response(200)),
        ("list-e2e-keys.response.json", ListE2eKeys, Response(200)),
        ("create-e2e-key.request.json", CreateE2eKey, Request),
        ("create-e2e-key.response.json", CreateE2eKey, Response(201)),
        ("get-e2e-key.response.json", GetE2eKey, Response(200)),
        ("delete-e2e-key.account-id-missing.problem.json", DeleteE2eKey, Response(400)),
        ("get-risk-indicators.response.json", GetRiskIndicators, Response(200)),
        ("update-risk-indicators.request.json", UpdateRiskIndicators, Request),
        ("update-risk-indicators.response.json", UpdateRiskIndicators, Response(200)),
        ("lock-devices.request.json", LockDevices, Request),
        ("lock-devices.response.json", LockDevices, Response(200)),
        ("statistics-by-days.response.json", StatisticsByDays, Response(200)),
        ("statistics-by-date-range.response.json", StatisticsByDateRange, Response(200)),
        ("detailed-device-statistics.response.json", DetailedDeviceStatistics, Response(200)),
        ("suspicious-device-hashes.response.json", SuspiciousDeviceHashes, Response(200)),
        ("devices-by-hash.response.json", DevicesByHash, Response(200)),
    ]
};

/// The success status of each operation: 201 where something is created, 204 where something
/// is deleted (no body), 200 otherwise.
fn success_status(endpoint: Endpoint) -> u16 {
    use Endpoint::*;
    match endpoint {
        AddAccount | AddApnsToken | CreateE2eKey => 201,
        DeleteApnsToken | DeleteE2eKey => 204,
        GetAccount
        | UpdateAccount
        | ListApnsTokens
        | GetApnsToken
        | GetApplicationConfiguration
        | GetConfigurationState
        | UpdateConfigurationState
        | GetApnsUuid
        | UpdateApnsUuid
        | GetProperties
        | UpdateProperties
        | ListSigningCertificates
        | ListE2eKeys
        | GetE2eKey
        | UpdateE2eKeyState
        | GetRiskIndicators
        | UpdateRiskIndicators
        | LockDevices
        | StatisticsByDays
        | StatisticsByDateRange
        | DetailedDeviceStatistics
        | SuspiciousDeviceHashes
        | DevicesByHash => 200,
    }
}

/// The request the client builds for `endpoint`, with every optional parameter given, so its
/// query names every parameter the client can send.
fn client_request(endpoint: Endpoint) -> http::Request<Vec<u8>> {
    use Endpoint::*;
    let c = ApiClient::new("https://api.example.test/mobileid/admin/");
    let key = NewE2eKey {
        name: "n".into(),
        description: String::new(),
    };
    let token = NewApnsToken {
        name: "n".into(),
        description: String::new(),
        private_key: "AAAA".into(),
        key_id: "k".into(),
        team_id: "t".into(),
    };
    match endpoint {
        GetAccount => c.get_account(true).request,
        AddAccount => c.add_account(Some("MOBILEID")).request,
        UpdateAccount => c.update_account(EnabledState::Enabled).request,
        ListApnsTokens => c.list_apns_tokens().request,
        AddApnsToken => c.add_apns_token(&token).request,
        GetApnsToken => c.get_apns_token("t").request,
        DeleteApnsToken => c.delete_apns_token("t").request,
        GetApplicationConfiguration => c.get_application_configuration().request,
        GetConfigurationState => c.get_configuration_state().request,
        UpdateConfigurationState => c.update_configuration_state(EnabledState::Enabled).request,
        GetApnsUuid => c.get_apns_uuid().request,
        UpdateApnsUuid => c.update_apns_uuid("u").request,
        GetProperties => c.get_properties().request,
        UpdateProperties => c.update_properties(&Map::new()).request,
        ListSigningCertificates => {
            c.list_signing_certificates(Some(CertificateState::Active))
                .request
        }
        ListE2eKeys => c.list_e2e_keys(Some(EnabledState::Enabled)).request,
        CreateE2eKey => c.create_e2e_key(&key).request,
        GetE2eKey => c.get_e2e_key("k").request,
        UpdateE2eKeyState => c.update_e2e_key_state("k", EnabledState::Disabled).request,
        DeleteE2eKey => c.delete_e2e_key("k").request,
        GetRiskIndicators => c.get_risk_indicators().request,
        UpdateRiskIndicators => c.update_risk_indicators(3).request,
        LockDevices => c.lock_devices("aGFzaA==").request,
        StatisticsByDays => c.statistics_by_days(30).request,
        StatisticsByDateRange => {
            c.statistics_by_date_range("2024-01-01", "2024-12-31")
                .request
        }
        DetailedDeviceStatistics => {
            c.detailed_device_statistics(DeviceStatisticsType::Platform, Some(Platform::Ios))
                .request
        }
        SuspiciousDeviceHashes => c.suspicious_device_hashes(Some(3), true).request,
        DevicesByHash => c.devices_by_hash("aGFzaA==").request,
    }
}

/// The query parameters the client sends for `endpoint`, sorted.
fn client_query_names(endpoint: Endpoint) -> Vec<String> {
    let request = client_request(endpoint);
    let names: BTreeSet<String> = request
        .uri()
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .map(|(k, _)| k.into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.into_iter().collect()
}

fn client_sends_body(endpoint: Endpoint) -> bool {
    !client_request(endpoint).body().is_empty()
}

/// The `{name}`s of the endpoint's path template.
fn path_parameter_names(endpoint: Endpoint) -> Vec<String> {
    endpoint
        .template()
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(str::to_owned)
        .collect()
}

// ---------------------------------------------------------------- the property schema

/// A version number: no leading zero.
const NUMBER: &str = "(?:0|[1-9][0-9]*)";

/// A pre-release or build identifier list of Semantic Versioning 2.0.0.
const PRE_RELEASE: &str = r"(?:-(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?";

/// A semantic version as documented ("Semantic version, such as 3.7.0"), or the two-part
/// `MAJOR.MINOR` the reference's own statistics write (`3.21`).
fn version() -> String {
    format!(r"(?:{NUMBER}\.{NUMBER}(?:\.{NUMBER}{PRE_RELEASE})?)")
}

/// A comma-separated list of `item`s, spaces around the commas allowed, empty allowed.
fn csv_pattern(item: &str) -> String {
    format!(r"^\s*(?:{item}\s*(?:,\s*{item}\s*)*)?$")
}

/// The JSON types a property's value may have: what the reference documents (a string, or an
/// array of strings; `null` for `enabledRiskData`), and the JSON numbers and booleans the
/// sandbox also takes for counts, durations and flags (it answers them as sent; the console
/// always sends strings).
fn json_types(p: &PropertySpec) -> Vec<&'static str> {
    match p.kind {
        Kind::EnumList { nullable: true, .. } => vec!["array", "null"],
        Kind::EnumList { .. } => vec!["array"],
        Kind::Integer { .. } | Kind::Millis { .. } => vec!["string", "integer"],
        Kind::Boolean => vec!["string", "boolean"],
        _ => vec!["string"],
    }
}

fn type_value(types: &[&str]) -> Value {
    match types {
        [one] => json!(one),
        many => json!(many),
    }
}

/// The JSON Schema of one property in `components.schemas.Properties`: only what the reference
/// documents. The console's own choices (value lists, ranges, formats, relations) are in the
/// description, as warnings: the server decides, and the sandbox takes any value the
/// reference does not forbid. No defaults: the reference's samples are examples.
///
/// Secrets have no pattern, because a GET answers them with a placeholder (the reference's
/// `"<Base64 encoded string>"`, the sandbox's `"********"`).
fn property_schema(p: &PropertySpec) -> Value {
    let mut s = Map::new();
    let mut put = |k: &str, v: Value| {
        s.insert(k.to_owned(), v);
    };
    let types = json_types(p);
    put("type", type_value(&types));
    if p.kind.is_list() {
        put("items", json!({ "type": "string" }));
    }
    match p.kind {
        Kind::Integer { .. } | Kind::Millis { .. } => {
            put("pattern", json!("^[0-9]+$"));
            put("minimum", json!(0));
        }
        Kind::SemVer => put("pattern", json!(format!(r"^\s*{}?\s*$", version()))),
        Kind::SemVerList => put("pattern", json!(csv_pattern(&version()))),
        Kind::Countries => put("pattern", json!(csv_pattern("[A-Z]{2}"))),
        Kind::Secret {
            base64: Provenance::Documented,
        } => put("contentEncoding", json!("base64")),
        _ => {}
    }
    if let Some(example) = p.example_value() {
        put("example", example);
    }
    if p.read_only {
        put("readOnly", json!(true));
    }
    if p.secret {
        // Not `writeOnly`: the API does answer set secrets, as a placeholder (the reference's
        // "<Base64 encoded string>", the sandbox's "********"). The console treats them as
        // write-only; the extension says so to tools.
        put("x-secret", json!(true));
    }
    let (documented, chosen) = rules_of(p);
    let mut description = format!(
        "{}. {} Documented: {}",
        p.label,
        p.help,
        documented.join(" ")
    );
    if types.contains(&"integer") {
        description.push_str(" The sandbox also takes a JSON number and answers it as sent.");
    }
    if types.contains(&"boolean") {
        description.push_str(" The sandbox also takes a JSON boolean and answers it as sent.");
    }
    if !chosen.is_empty() {
        description.push_str(" Chosen by the console (a warning, never refused): ");
        description.push_str(&chosen.join(" "));
    }
    put("description", json!(description));
    Value::Object(s)
}

/// The schema of one property in an update (`components.schemas.PropertiesUpdate`): that of
/// [`property_schema`], and `null` for every updatable property (the sandbox removes a
/// property sent as `null`; `enabledRiskData` keeps it as its value).
fn update_property_schema(p: &PropertySpec) -> Value {
    let mut s = property_schema(p);
    let mut types = json_types(p);
    if !p.read_only && !types.contains(&"null") {
        types.push("null");
    }
    s["type"] = type_value(&types);
    s
}

// ---------------------------------------------------------------- reading the YAML

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn fixture(name: &str) -> Value {
    let path = fixtures_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn spec() -> Value {
    let path = repo_root().join("openapi.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Follows `$ref`s (local ones, `#/...`) until a value that is not a reference.
fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let pointer = reference
                    .strip_prefix('#')
                    .unwrap_or_else(|| panic!("only local references are used: {reference}"));
                value = doc
                    .pointer(pointer)
                    .unwrap_or_else(|| panic!("dangling reference {reference}"));
            }
            None => return value,
        }
    }
    panic!("reference loop at {value}");
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc.pointer(&format!("/components/schemas/{name}"))
        .unwrap_or_else(|| panic!("components.schemas.{name} is missing"))
}

/// The operation of `endpoint` in the YAML.
fn operation(doc: &Value, endpoint: Endpoint) -> &Value {
    let path = format!("/{}", endpoint.template());
    let method = endpoint.method().as_str().to_ascii_lowercase();
    doc["paths"]
        .get(&path)
        .and_then(|item| item.get(&method))
        .unwrap_or_else(|| panic!("openapi.yaml has no {method} {path}"))
}

/// The operation's parameters, references resolved, as (in, name) -> parameter.
fn parameters<'a>(doc: &'a Value, op: &'a Value) -> BTreeMap<(String, String), &'a Value> {
    op.get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| {
            let p = resolve(doc, p);
            let key = (
                p["in"].as_str().unwrap_or_default().to_owned(),
                p["name"].as_str().unwrap_or_default().to_owned(),
            );
            (key, p)
        })
        .collect()
}

/// Every example value of a media-type map (`content`), references resolved.
fn example_values<'a>(doc: &'a Value, content: &'a Value) -> Vec<&'a Value> {
    let mut out = Vec::new();
    for media in content.as_object().into_iter().flat_map(|m| m.values()) {
        if let Some(example) = media.get("example") {
            out.push(example);
        }
        for example in media
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|m| m.values())
        {
            if let Some(value) = resolve(doc, example).get("value") {
                out.push(value);
            }
        }
    }
    out
}

const HTTP_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

// ---------------------------------------------------------------- the tests

#[test]
fn the_operations_are_exactly_the_endpoint_table() {
    let doc = spec();
    let mut in_yaml = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if HTTP_METHODS.contains(&method.as_str()) {
                let id = op["operationId"].as_str().unwrap_or_default().to_owned();
                in_yaml.insert((method.to_ascii_uppercase(), path.clone(), id));
            }
        }
    }
    let in_code: BTreeSet<_> = Endpoint::ALL
        .iter()
        .map(|e| {
            (
                e.method().as_str().to_owned(),
                format!("/{}", e.template()),
                e.operation_id().to_owned(),
            )
        })
        .collect();
    let missing: Vec<_> = in_code.difference(&in_yaml).collect();
    let extra: Vec<_> = in_yaml.difference(&in_code).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "openapi.yaml and contract/src/endpoints.rs disagree\n missing from the YAML: \
         {missing:?}\n not in the endpoint table: {extra:?}"
    );
    for &e in Endpoint::ALL {
        let op = operation(&doc, e);
        assert_eq!(
            op["summary"],
            e.summary(),
            "summary of {}",
            e.operation_id()
        );
        assert!(
            op["tags"].as_array().is_some_and(|t| !t.is_empty()),
            "{} has no tag",
            e.operation_id()
        );
    }
}

#[test]
fn every_operation_takes_the_account_id_and_answers_the_documented_errors() {
    let doc = spec();
    for &e in Endpoint::ALL {
        let id = e.operation_id();
        let op = operation(&doc, e);
        let params = parameters(&doc, op);
        for key in [
            ("query", account_id::QUERY_PARAMETER),
            ("header", account_id::HEADER),
        ] {
            let p = params
                .get(&(key.0.to_owned(), key.1.to_owned()))
                .unwrap_or_else(|| panic!("{id} lacks the {} parameter {}", key.0, key.1));
            assert_ne!(
                p.get("required"),
                Some(&json!(true)),
                "{id}: {} is optional",
                key.1
            );
        }
        let responses = op["responses"].as_object().expect("responses");
        let mut expected = vec!["400", "401", "404", "429", "503"];
        if e == Endpoint::AddAccount {
            expected.push("409");
        }
        for status in expected {
            let response = resolve(
                &doc,
                responses
                    .get(status)
                    .unwrap_or_else(|| panic!("{id} does not declare a {status} response")),
            );
            let problem = response
                .pointer("/content/application~1problem+json/schema")
                .unwrap_or_else(|| panic!("{id}: {status} is not application/problem+json"));
            assert_eq!(
                problem.get("$ref"),
                Some(&json!("#/components/schemas/Problem")),
                "{id}: the {status} body is a Problem"
            );
            if status == "429" {
                assert!(
                    response.pointer("/headers/Retry-After").is_some(),
                    "{id}: 429 carries Retry-After"
                );
            }
        }
        let success = success_status(e).to_string();
        let ok: Vec<_> = responses.keys().filter(|k| k.starts_with('2')).collect();
        assert_eq!(ok, vec![&success], "{id}: the success status");
        let has_body = resolve(&doc, &responses[&success]).get("content").is_some();
        assert_eq!(
            has_body,
            success != "204",
            "{id}: a {success} answer's body"
        );
        let secured = op
            .get("security")
            .or_else(|| doc.get("security"))
            .and_then(Value::as_array)
            .is_some_and(|s| {
                !s.is_empty()
                    && s.iter()
                        .all(|r| r.as_object().is_some_and(|r| !r.is_empty()))
            });
        assert!(secured, "{id} needs a bearer token");
    }
    let problem = schema(&doc, "Problem");
    for field in [
        "type",
        "title",
        "code",
        "status",
        "traceId",
        "detail",
        "invalidParams",
    ] {
        assert!(
            problem["properties"].get(field).is_some(),
            "Problem.{field}"
        );
    }
}

#[test]
fn every_operation_has_exactly_the_parameters_and_body_the_client_sends() {
    let doc = spec();
    for &e in Endpoint::ALL {
        let id = e.operation_id();
        let op = operation(&doc, e);
        let params = parameters(&doc, op);
        let query: Vec<String> = params
            .keys()
            .filter(|(place, name)| place == "query" && name != account_id::QUERY_PARAMETER)
            .map(|(_, name)| name.clone())
            .collect();
        assert_eq!(query, client_query_names(e), "{id}: query parameters");
        let path: BTreeSet<String> = params
            .iter()
            .filter(|((place, _), _)| place == "path")
            .map(|((_, name), p)| {
                assert_eq!(p["required"], json!(true), "{id}: path parameter {name}");
                name.clone()
            })
            .collect();
        assert_eq!(
            path,
            path_parameter_names(e).into_iter().collect(),
            "{id}: path parameters"
        );
        let headers: Vec<_> = params
            .keys()
            .filter(|(place, name)| place == "header" && name != account_id::HEADER)
            .collect();
        assert!(headers.is_empty(), "{id}: unexpected headers {headers:?}");
        let body = op.get("requestBody").map(|b| resolve(&doc, b));
        assert_eq!(body.is_some(), client_sends_body(e), "{id}: request body");
        if let Some(body) = body {
            assert_eq!(body["required"], json!(true), "{id}: the body is required");
            assert!(
                body.pointer("/content/application~1json/schema").is_some(),
                "{id}: the body is JSON"
            );
        }
    }
}

/// The properties of a schema as name -> schema, checked against [`PROPERTIES`] by name.
fn property_schemas<'a>(doc: &'a Value, name: &str) -> &'a Map<String, Value> {
    let s = schema(doc, name);
    assert_eq!(s["type"], "object", "{name}");
    assert_eq!(
        s["additionalProperties"],
        json!(true),
        "{name}: properties this console does not know are accepted and answered"
    );
    let in_yaml = s["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{name}.properties"));
    let names: BTreeSet<&str> = in_yaml.keys().map(String::as_str).collect();
    let in_code: BTreeSet<&str> = PROPERTIES.iter().map(|p| p.name).collect();
    assert_eq!(
        names,
        in_code,
        "{name} vs properties::PROPERTIES\n missing: {:?}\n extra: {:?}",
        in_code.difference(&names).collect::<Vec<_>>(),
        names.difference(&in_code).collect::<Vec<_>>()
    );
    in_yaml
}

#[test]
fn the_properties_schema_is_the_property_table() {
    let doc = spec();
    assert_eq!(PROPERTIES.len(), 49);
    for (name, make) in [
        ("Properties", property_schema as fn(&PropertySpec) -> Value),
        ("PropertiesUpdate", update_property_schema),
    ] {
        let in_yaml = property_schemas(&doc, name);
        for p in PROPERTIES {
            let want = make(p);
            assert_eq!(
                &in_yaml[p.name],
                &want,
                "{name}.{}: regenerate openapi.yaml (python3 scripts/gen-openapi.py); expected\n{}",
                p.name,
                serde_json::to_string_pretty(&want).unwrap()
            );
        }
    }
    let update = operation(&doc, Endpoint::UpdateProperties);
    assert_eq!(
        resolve(&doc, &update["requestBody"]).pointer("/content/application~1json/schema/$ref"),
        Some(&json!("#/components/schemas/PropertiesUpdate"))
    );
    for e in [Endpoint::GetProperties, Endpoint::UpdateProperties] {
        assert_eq!(
            operation(&doc, e).pointer("/responses/200/content/application~1json/schema/$ref"),
            Some(&json!("#/components/schemas/Properties")),
            "{}",
            e.operation_id()
        );
    }
}

/// What the schema says about properties, written out rather than derived: only documented
/// rules constrain a value.
#[test]
fn the_properties_schema_carries_only_documented_rules() {
    let doc = spec();
    let properties = property_schemas(&doc, "Properties");
    let update = property_schemas(&doc, "PropertiesUpdate");
    let with = |key: &str| -> BTreeSet<&str> {
        properties
            .iter()
            .filter(|(_, s)| s.get(key).is_some())
            .map(|(n, _)| n.as_str())
            .collect()
    };
    // No value lists and no defaults: the reference's lists are cut off and its samples are
    // examples.
    for key in ["enum", "default", "const", "maxLength", "maximum", "format"] {
        assert_eq!(with(key), BTreeSet::new(), "{key}");
    }
    for (name, s) in properties {
        assert!(s.pointer("/items/enum").is_none(), "{name}: items enum");
        let text = s["description"].as_str().unwrap_or_default();
        assert!(text.contains("Documented: "), "{name}: {text}");
    }
    assert_eq!(
        with("contentEncoding"),
        BTreeSet::from(["firebaseServiceAccount"])
    );
    assert_eq!(
        with("readOnly"),
        BTreeSet::from([
            "maximumSessionExpiry",
            "clientDebugDataEnabledOsTypes",
            "hwKeyValidationStrategy"
        ])
    );
    // Patterns: counts and durations, versions, countries; nothing else (no chosen format for
    // the App Attest app ID, continents or OS types).
    let counts = [
        "amountFailuresAllowed",
        "activationCodeLength",
        "maxPinCodeLength",
        "pinCodeLength",
        "sessionExpiry",
        "maximumSessionExpiry",
        "apnExpiry",
        "firebaseTimeToLive",
        "recoveryCodeMinLength",
        "recoveryCodeMaxLength",
        "recoveryCodeAmountFailuresAllowed",
        "geofencingTimeout",
        "attestationIosAppAttestTimeout",
        "attestationAndroidPlayIntegrityTimeout",
    ];
    let versions = [
        "minimumRequiredEncapApiVersionAndroid",
        "minimumRequiredEncapApiVersionIos",
        "encapApiBlacklistAndroid",
        "encapApiBlacklistIos",
    ];
    let countries = [
        "geofencingActivationAllowedCountries",
        "geofencingActivationDeniedCountries",
        "geofencingAuthenticationAllowedCountries",
        "geofencingAuthenticationDeniedCountries",
    ];
    let patterned: BTreeSet<&str> = counts
        .iter()
        .chain(&versions)
        .chain(&countries)
        .copied()
        .collect();
    assert_eq!(with("pattern"), patterned);
    for name in counts {
        assert_eq!(properties[name]["pattern"], "^[0-9]+$", "{name}");
        assert_eq!(
            properties[name]["type"],
            json!(["string", "integer"]),
            "{name}"
        );
        assert_eq!(properties[name]["minimum"], json!(0), "{name}");
    }
    for name in versions {
        let pattern = properties[name]["pattern"].as_str().unwrap();
        // Two-part versions (the reference's statistics write 3.21) are versions too.
        assert!(
            pattern.contains(r"(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)(?:\."),
            "{name}"
        );
    }
    for name in countries {
        assert!(
            properties[name]["pattern"]
                .as_str()
                .unwrap()
                .contains("[A-Z]{2}"),
            "{name}"
        );
    }
    // Types: strings, three arrays of strings, null for the risk data only; the numbers and
    // booleans the sandbox also takes.
    let typed = |types: Value| -> BTreeSet<&str> {
        properties
            .iter()
            .filter(|(_, s)| s["type"] == types)
            .map(|(n, _)| n.as_str())
            .collect()
    };
    assert_eq!(
        typed(json!("array")),
        BTreeSet::from(["allowedAuthMethods", "allowedAuthMethodsForAuthAndActivate"])
    );
    assert_eq!(
        typed(json!(["array", "null"])),
        BTreeSet::from(["enabledRiskData"])
    );
    assert_eq!(
        typed(json!(["string", "boolean"])),
        BTreeSet::from([
            "nativePushEnabled",
            "recoveryEnabled",
            "apnsNotificationSoundEnabled",
            "apnsTimeSensitiveInterruptionLevelEnabled"
        ])
    );
    assert_eq!(typed(json!(["string", "integer"])).len(), counts.len());
    assert_eq!(typed(json!("string")).len(), 49 - 3 - 4 - counts.len());
    // Examples, where the reference has one; secrets have none.
    assert_eq!(properties["apnExpiry"]["example"], "1");
    assert_eq!(properties["lockScope"]["example"], "DEVICE");
    assert_eq!(
        properties["allowedAuthMethodsForAuthAndActivate"]["example"],
        json!(["DEVICE:PIN"])
    );
    assert!(properties["firebaseServiceAccount"]
        .get("example")
        .is_none());
    // The known values of a chosen list are in the description.
    let lock_scope = properties["lockScope"]["description"].as_str().unwrap();
    assert!(
        lock_scope.contains("Known values: DEVICE, AUTH_METHOD."),
        "{lock_scope}"
    );
    assert!(lock_scope.contains("Chosen by the console"), "{lock_scope}");
    // In an update, every updatable property may be null (the sandbox removes it); the
    // read-only ones keep their type.
    for (name, s) in update {
        let types = s["type"].clone();
        let nullable =
            types == json!("null") || types.as_array().is_some_and(|t| t.contains(&json!("null")));
        let read_only = property_spec(name).is_some_and(|p| p.read_only);
        assert_eq!(nullable, !read_only, "PropertiesUpdate.{name}: {types}");
    }
}

#[test]
fn every_fixture_is_an_example_of_its_operation() {
    let doc = spec();
    let on_disk: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    let listed: BTreeSet<String> = EXAMPLES.iter().map(|(f, _, _)| f.to_string()).collect();
    assert_eq!(on_disk, listed, "every fixture is placed in EXAMPLES");
    for &(file, endpoint, place) in EXAMPLES {
        let value = fixture(file);
        let op = operation(&doc, endpoint);
        let content = match place {
            Place::Request => resolve(&doc, &op["requestBody"]).get("content"),
            Place::Response(status) => op["responses"]
                .get(status.to_string())
                .map(|r| resolve(&doc, r))
                .and_then(|r| r.get("content")),
        };
        let content = content.unwrap_or_else(|| {
            panic!(
                "{file}: {} has no {place:?} content",
                endpoint.operation_id()
            )
        });
        let examples = example_values(&doc, content);
        assert!(
            examples.contains(&&value),
            "{file} is not an example of {} {place:?} (regenerate openapi.yaml)",
            endpoint.operation_id()
        );
    }
}

#[test]
fn the_enums_are_the_models() {
    let doc = spec();
    fn names<T: Copy>(all: &[T], text: fn(T) -> &'static str) -> Value {
        json!(all.iter().map(|v| text(*v)).collect::<Vec<_>>())
    }
    for (name, values) in [
        (
            "EnabledState",
            names(EnabledState::ALL, EnabledState::as_str),
        ),
        ("AccountType", names(AccountType::ALL, AccountType::as_str)),
        (
            "CertificateState",
            names(CertificateState::ALL, CertificateState::as_str),
        ),
        (
            "DeviceStatisticsType",
            names(DeviceStatisticsType::ALL, DeviceStatisticsType::as_str),
        ),
        ("Platform", names(Platform::ALL, Platform::as_str)),
    ] {
        assert_eq!(schema(&doc, name)["enum"], values, "{name}");
    }
    let state = schema(&doc, "DeviceState");
    let types: Vec<_> = state["oneOf"]
        .as_array()
        .expect("DeviceState.oneOf")
        .iter()
        .map(|s| s["type"].clone())
        .collect();
    assert_eq!(types, vec![json!("integer"), json!("string")]);
    let described = state.to_string();
    for (code, name) in DeviceState::CODES {
        assert!(
            described.contains(&format!("{code} = {name}")),
            "DeviceState {code}"
        );
    }
    let number = schema(&doc, "NumberString");
    assert_eq!(
        (&number["type"], &number["pattern"]),
        (&json!("string"), &json!("^[0-9]+$"))
    );
}

/// What the model does with one sample: which fields it writes, which it cannot do without,
/// and whether it keeps a field it does not know.
fn check_model<T: DeserializeOwned + Serialize>(doc: &Value, name: &str, sample: Value) {
    let s = schema(doc, name);
    let declared: BTreeSet<&str> = s["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{name} has no properties"))
        .keys()
        .map(String::as_str)
        .collect();
    let required: BTreeSet<&str> = s
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let object = sample.as_object().expect("samples are objects").clone();

    let model: T = serde_json::from_value(sample.clone())
        .unwrap_or_else(|e| panic!("{name}: the sample does not read: {e}"));
    let written = serde_json::to_value(&model).expect("models serialize");
    for key in written.as_object().expect("an object").keys() {
        assert!(
            declared.contains(key.as_str()),
            "{name}: {key} is written but not declared"
        );
    }
    for key in &required {
        assert!(
            object.contains_key(*key),
            "{name}: the sample lacks required {key}"
        );
    }
    for key in object.keys() {
        assert!(
            declared.contains(key.as_str()),
            "{name}: {key} is not declared"
        );
        let mut without = object.clone();
        without.remove(key);
        let reads = serde_json::from_value::<T>(Value::Object(without)).is_ok();
        assert_eq!(
            reads,
            !required.contains(key.as_str()),
            "{name}: `{key}` is {} by the model but {} in the schema",
            if reads { "optional" } else { "required" },
            if required.contains(key.as_str()) {
                "required"
            } else {
                "optional"
            },
        );
    }

    let mut with_unknown = object;
    with_unknown.insert("zzNotAField".into(), json!("kept?"));
    let model: T =
        serde_json::from_value(Value::Object(with_unknown)).expect("unknown fields read");
    let keeps = serde_json::to_value(&model).expect("serializes")["zzNotAField"] == "kept?";
    assert_eq!(
        s.get("additionalProperties") == Some(&json!(true)),
        keeps,
        "{name}: additionalProperties: true exactly when the model keeps unknown fields (`extra`)"
    );
    assert_ne!(
        s.get("additionalProperties"),
        Some(&json!(false)),
        "{name}: the model ignores unknown fields, so they are not forbidden"
    );
}

#[test]
fn the_model_schemas_are_the_models() {
    let doc = spec();
    let d = &doc;
    check_model::<Account>(d, "Account", fixture("get-account.response.json"));
    check_model::<Account>(d, "Account", fixture("add-account.response.json"));
    check_model::<SandboxProperties>(
        d,
        "SandboxProperties",
        json!({"sandboxDeviceLimit": "100", "numberOfDevices": "0"}),
    );
    check_model::<AccountStatistics>(
        d,
        "AccountStatistics",
        json!({"numberOfActiveDevices": "0", "numberOfActiveUsers": "0"}),
    );
    check_model::<AccountConfiguration>(
        d,
        "AccountConfiguration",
        fixture("get-account.response.json")["configurations"][0].clone(),
    );
    check_model::<AccountStateUpdate>(
        d,
        "AccountStateUpdate",
        fixture("update-account.request.json"),
    );
    check_model::<AccountStateUpdated>(
        d,
        "AccountStateUpdated",
        fixture("update-account.response.json"),
    );
    check_model::<ApnsToken>(d, "ApnsToken", fixture("get-apns-token.response.json"));
    check_model::<ApnsTokenList>(
        d,
        "ApnsTokenList",
        fixture("list-apns-tokens.response.json"),
    );
    check_model::<NewApnsToken>(d, "NewApnsToken", fixture("add-apns-token.request.json"));
    check_model::<ApplicationConfiguration>(
        d,
        "ApplicationConfiguration",
        fixture("get-application-configuration.response.json"),
    );
    check_model::<ConfigurationState>(
        d,
        "ConfigurationState",
        fixture("get-configuration-state.response.json"),
    );
    check_model::<ApnsUuid>(d, "ApnsUuid", fixture("get-apns-uuid.response.json"));
    let certificates = fixture("list-signing-certificates.response.json");
    check_model::<SigningCertificate>(
        d,
        "SigningCertificate",
        certificates["signingCertificates"][1].clone(),
    );
    check_model::<SigningCertificateList>(d, "SigningCertificateList", certificates);
    check_model::<E2eKey>(d, "E2eKey", fixture("get-e2e-key.response.json"));
    check_model::<E2eKeyList>(d, "E2eKeyList", fixture("list-e2e-keys.response.json"));
    check_model::<NewE2eKey>(d, "NewE2eKey", fixture("create-e2e-key.request.json"));
    check_model::<E2eKeyState>(
        d,
        "E2eKeyState",
        fixture("update-e2e-key-state.request.json"),
    );
    let risk = fixture("get-risk-indicators.response.json");
    check_model::<RiskIndicatorsConfiguration>(
        d,
        "RiskIndicatorsConfiguration",
        risk["riskIndicatorsConfiguration"].clone(),
    );
    check_model::<RiskIndicators>(d, "RiskIndicators", risk);
    check_model::<LockDevicesRequest>(
        d,
        "LockDevicesRequest",
        fixture("lock-devices.request.json"),
    );
    check_model::<LockedDevices>(d, "LockedDevices", fixture("lock-devices.response.json"));
    let usage = fixture("statistics-by-days.response.json");
    check_model::<StateCounts>(d, "StateCounts", usage["users"].clone());
    check_model::<UsageStatistics>(d, "UsageStatistics", usage);
    let detailed = fixture("detailed-device-statistics.response.json");
    check_model::<CountShare>(d, "CountShare", detailed["platforms"][0].clone());
    check_model::<DetailedDeviceStatistics>(d, "DetailedDeviceStatistics", detailed);
    let suspicious = fixture("suspicious-device-hashes.response.json");
    check_model::<SuspiciousCount>(d, "SuspiciousCount", suspicious["count"].clone());
    let hash = suspicious["suspiciousDeviceHashes"][0].clone();
    check_model::<UserDevices>(d, "UserDevices", hash["users"][0].clone());
    check_model::<Device>(d, "Device", hash["users"][0]["devices"][0].clone());
    check_model::<SuspiciousDeviceHash>(d, "SuspiciousDeviceHash", hash);
    check_model::<SuspiciousDeviceHashes>(d, "SuspiciousDeviceHashes", suspicious);
    let by_hash = fixture("devices-by-hash.response.json");
    check_model::<Device>(d, "Device", by_hash[0]["devices"][0].clone());
    check_model::<Problem>(d, "Problem", fixture("account-id-missing.problem.json"));
    check_model::<Problem>(
        d,
        "Problem",
        json!({"type": "about:blank", "title": "Request validation failed", "status": 400,
               "invalidParams": [{"name": "state", "reason": "Not one of: ENABLED, DISABLED."}]}),
    );
    check_model::<InvalidParam>(d, "InvalidParam", json!({"name": "state", "reason": "r"}));
}

// ---------------------------------------------------------------- for the generator

/// Writes what the code knows to `$OPENAPI_CONTRACT_OUT`, for `scripts/gen-openapi.py`.
#[test]
#[ignore = "run by scripts/gen-openapi.py"]
fn dump_contract_for_the_generator() {
    let out = std::env::var("OPENAPI_CONTRACT_OUT").expect("OPENAPI_CONTRACT_OUT is set");
    let endpoints: Vec<Value> = Endpoint::ALL
        .iter()
        .map(|&e| {
            json!({
                "method": e.method().as_str().to_ascii_lowercase(),
                "path": format!("/{}", e.template()),
                "operationId": e.operation_id(),
                "summary": e.summary(),
                "successStatus": success_status(e),
                "queryParameters": client_query_names(e),
                "pathParameters": path_parameter_names(e),
                "requestBody": client_sends_body(e),
            })
        })
        .collect();
    let examples: Vec<Value> = EXAMPLES
        .iter()
        .map(|(file, e, place)| {
            json!({
                "fixture": file,
                "operationId": e.operation_id(),
                "in": match place {
                    Place::Request => "request".to_owned(),
                    Place::Response(status) => status.to_string(),
                },
            })
        })
        .collect();
    let properties: Vec<Value> = PROPERTIES
        .iter()
        .map(|p| json!([p.name, property_schema(p)]))
        .collect();
    let properties_update: Vec<Value> = PROPERTIES
        .iter()
        .map(|p| json!([p.name, update_property_schema(p)]))
        .collect();
    fn strs<T: Copy>(all: &[T], text: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|v| text(*v)).collect()
    }
    let dump = json!({
        "accountId": { "query": account_id::QUERY_PARAMETER, "header": account_id::HEADER },
        "endpoints": endpoints,
        "examples": examples,
        "properties": properties,
        "propertiesUpdate": properties_update,
        "enums": {
            "EnabledState": strs(EnabledState::ALL, EnabledState::as_str),
            "AccountType": strs(AccountType::ALL, AccountType::as_str),
            "CertificateState": strs(CertificateState::ALL, CertificateState::as_str),
            "DeviceStatisticsType": strs(DeviceStatisticsType::ALL, DeviceStatisticsType::as_str),
            "Platform": strs(Platform::ALL, Platform::as_str),
        },
        "deviceStateCodes": DeviceState::CODES,
    });
    std::fs::write(&out, serde_json::to_string_pretty(&dump).unwrap() + "\n")
        .unwrap_or_else(|e| panic!("{out}: {e}"));
}
