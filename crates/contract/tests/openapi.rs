//! `openapi.yaml` (at the repository root) checked against the code and the reference.
//!
//! The document is built from the code (`mobileid_admin_contract::openapi`): the operations
//! come from the endpoint table, the schemas are derived from the models. So the tests here do
//! not re-check what holds by construction; they check the committed file is what the code
//! writes, and compare the document with what is independent of it:
//!
//! * every sample of Signicat's API reference (`fixtures/`) validates against the schema of
//!   the operation and place it samples, and so does every example the document carries;
//! * the schemas refuse what the models refuse, and the property patterns take and refuse the
//!   values written out here;
//! * each model schema declares the fields its model writes, requires exactly the fields the
//!   model cannot do without, and allows unknown fields exactly where the model keeps them;
//! * every operation has exactly the query and path parameters and the body the client sends;
//! * the `Properties` schema carries only the rules the reference documents.
//!
//! When the first test fails after a change to the contract, regenerate:
//! `cargo run -p mobileid-admin-contract --features openapi --bin openapi -- openapi.yaml`.

use mobileid_admin_contract::account_id;
use mobileid_admin_contract::models::*;
use mobileid_admin_contract::openapi::{self, Place, SAMPLES};
use mobileid_admin_contract::properties::{spec as property_spec, PROPERTIES};
use mobileid_admin_contract::{ApiClient, Endpoint, InvalidParam, Problem};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------- the document

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

/// The committed `openapi.yaml`, read as YAML.
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

/// The operation of `endpoint` in the document.
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

/// A validator of `schema` (a part of `doc`), with the document's components to resolve its
/// references; formats (`uuid`, `date`) are checked too.
fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = match schema {
        Value::Object(map) => map.clone(),
        other => panic!("a schema is an object: {other}"),
    };
    root.insert("components".into(), doc["components"].clone());
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&Value::Object(root))
        .unwrap_or_else(|e| panic!("not a JSON Schema: {e}\n{schema}"))
}

/// The reasons `value` does not match `schema`; empty when it does.
fn errors(doc: &Value, schema: &Value, value: &Value) -> Vec<String> {
    validator(doc, schema)
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// The schema of the body at a sample's place (the request, or the answer with a status).
fn schema_of_place(doc: &Value, endpoint: Endpoint, place: Place) -> &Value {
    let op = operation(doc, endpoint);
    let id = endpoint.operation_id();
    let holder = match place {
        Place::Request => &op["requestBody"],
        Place::Response(status) => op["responses"]
            .get(status.to_string())
            .unwrap_or_else(|| panic!("{id} has no {status} answer")),
    };
    let content = resolve(doc, holder)["content"]
        .as_object()
        .unwrap_or_else(|| panic!("{id} {place:?} has no content"));
    let (_, media) = content.iter().next().expect("one media type");
    &media["schema"]
}

// ---------------------------------------------------------------- generated equals committed

#[test]
fn openapi_yaml_is_what_the_code_generates() {
    let path = repo_root().join("openapi.yaml");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = openapi::yaml();
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        panic!(
            "openapi.yaml is not what the code generates (first difference at line {}: {:?} \
             committed, {:?} generated); regenerate it: {}",
            line + 1,
            committed.lines().nth(line),
            generated.lines().nth(line),
            openapi::GENERATE_COMMAND
        );
    }
    // And it reads back as the document it was written from.
    let read: Value = serde_yaml_ng::from_str(&generated).expect("YAML");
    let built: Value = serde_json::to_value(openapi::document()).expect("JSON");
    assert_eq!(read, built, "the YAML text reads back as the document");
}

// ---------------------------------------------------------------- the reference's samples

#[test]
fn every_sample_of_the_reference_validates_against_its_schema() {
    let doc = spec();
    let on_disk: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    let placed: BTreeSet<String> = SAMPLES.iter().map(|s| s.file.to_owned()).collect();
    assert_eq!(
        on_disk, placed,
        "every fixture is placed in openapi::SAMPLES"
    );
    for sample in SAMPLES {
        let value = fixture(sample.file);
        let schema = schema_of_place(&doc, sample.endpoint, sample.place);
        let errors = errors(&doc, schema, &value);
        assert!(
            errors.is_empty(),
            "{} ({} {:?}) does not match {schema}:\n{}",
            sample.file,
            sample.endpoint.operation_id(),
            sample.place,
            errors.join("\n")
        );
    }
}

/// Every example of the document (parameters, bodies, answers, property examples) matches
/// the schema it illustrates.
#[test]
fn every_example_of_the_document_matches_its_schema() {
    let doc = spec();
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut check = |schema: &Value, value: &Value, place: String| {
        checked += 1;
        for e in errors(&doc, schema, value) {
            failures.push(format!("{place}: {e}"));
        }
    };
    for &endpoint in Endpoint::ALL {
        let op = operation(&doc, endpoint);
        let id = endpoint.operation_id();
        for ((_, name), p) in parameters(&doc, op) {
            if let Some(example) = p.get("example") {
                check(&p["schema"], example, format!("{id} parameter {name}"));
            }
        }
        let mut contents = Vec::new();
        if let Some(body) = op.get("requestBody") {
            contents.push(("request".to_owned(), resolve(&doc, body)));
        }
        for (status, response) in op["responses"].as_object().expect("responses") {
            contents.push((status.clone(), resolve(&doc, response)));
        }
        for (place, holder) in contents {
            let Some(content) = holder.get("content").and_then(Value::as_object) else {
                continue;
            };
            for media in content.values() {
                let examples = media.get("examples").and_then(Value::as_object);
                for (name, example) in examples.into_iter().flatten() {
                    check(
                        &media["schema"],
                        &resolve(&doc, example)["value"],
                        format!("{id} {place} example {name}"),
                    );
                }
            }
        }
    }
    let properties = schema(&doc, "Properties")["properties"]
        .as_object()
        .expect("Properties.properties");
    for (name, s) in properties {
        if let Some(example) = s.get("example") {
            check(s, example, format!("Properties.{name} example"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 80, "only {checked} examples checked");
}

/// The validation above is not vacuous: the schemas refuse what the models and the sandbox
/// refuse.
#[test]
fn the_schemas_refuse_what_the_models_refuse() {
    let doc = spec();
    let refused = |name: &str, value: Value| {
        let errors = errors(&doc, schema(&doc, name), &value);
        assert!(!errors.is_empty(), "{name} takes {value}");
    };
    let mut account = fixture("get-account.response.json");
    account.as_object_mut().unwrap().remove("id");
    refused("Account", account);
    refused("AccountStateUpdate", json!({"state": "ON"}));
    refused("ConfigurationState", json!({}));
    refused("ApnsUuid", json!({"apnsUuid": "not-a-uuid"}));
    refused(
        "NewApnsToken",
        json!({"name": "", "privateKey": "QQ==", "keyId": "k", "teamId": "t"}),
    );
    refused("NewE2eKey", json!({"description": "no name"}));
    refused("LockDevicesRequest", json!({"deviceHash": "not a hash!"}));
    refused(
        "UsageStatistics",
        json!({"fromDate": "yesterday", "toDate": "2024-01-01",
               "users": {"total": 1, "withActivatedState": 1, "withLockedState": 0},
               "devices": {"total": 1, "withActivatedState": 1, "withLockedState": 0}}),
    );
    refused(
        "CountShare",
        json!({"name": "iOS", "count": 1, "percentage": 101.0}),
    );
    refused(
        "SandboxProperties",
        json!({"sandboxDeviceLimit": "ten", "numberOfDevices": "0"}),
    );
    refused("DeviceState", json!(true));
    for allowed in [json!(0), json!("0"), json!(2147483648u64), json!("three")] {
        refused(
            "RiskIndicatorsUpdate",
            json!({"riskIndicatorsConfiguration": {"allowedNrOfUsersWithSameDeviceHash": allowed}}),
        );
    }
    refused("NumberString", json!(-1));
    refused("Problem", json!({"invalidParams": [{"name": "state"}]}));
}

/// What the property patterns take and refuse, written out.
#[test]
fn the_property_schemas_take_and_refuse_the_values_written_here() {
    let doc = spec();
    let properties = &schema(&doc, "Properties")["properties"];
    let expectations: &[(&str, Vec<Value>, Vec<Value>)] = &[
        (
            "pinCodeLength",
            vec![json!("0"), json!("6"), json!("99999999999"), json!(8)],
            vec![
                json!("-1"),
                json!("6 "),
                json!("six"),
                json!(""),
                json!(-1),
                json!(1.5),
                json!(true),
            ],
        ),
        (
            "nativePushEnabled",
            vec![json!("true"), json!("false"), json!("maybe"), json!(true)],
            vec![json!(1), json!(null), json!(["true"])],
        ),
        (
            "lockScope",
            vec![json!("DEVICE"), json!("USER")],
            vec![json!(1), json!(null)],
        ),
        (
            "minimumRequiredEncapApiVersionAndroid",
            vec![
                json!("3.7.0"),
                json!("3.21"),
                json!(""),
                json!("1.0.0-rc.1"),
            ],
            vec![
                json!("3.x"),
                json!("3"),
                json!("v3.7.0"),
                json!("3.7.0.1"),
                json!(3.7),
            ],
        ),
        (
            "encapApiBlacklistIos",
            vec![json!("3.5.3, 3.6.8"), json!("3.21,3.5.3"), json!("")],
            vec![json!("3.5.3,"), json!("3.5.3, x")],
        ),
        (
            "geofencingActivationAllowedCountries",
            vec![json!("SE, XK"), json!("NO,SE"), json!("ZZ"), json!("")],
            vec![json!("SE,"), json!("SWE"), json!("SE; NO")],
        ),
        (
            "attestationIosAppAttestAppId",
            vec![json!("some app id"), json!("ABCDE12345.com.example.app")],
            vec![json!(1)],
        ),
        (
            "allowedAuthMethods",
            vec![json!(["DEVICE", "DEVICE:PASSKEY"]), json!([])],
            vec![json!("DEVICE"), json!(null), json!([3])],
        ),
        (
            "enabledRiskData",
            vec![json!(null), json!(["ALL"])],
            vec![json!("ALL"), json!([null])],
        ),
        (
            "firebaseServiceAccount",
            vec![json!("QUJD")],
            vec![json!(null)],
        ),
    ];
    for (name, takes, refuses) in expectations {
        let s = &properties[*name];
        for value in takes {
            let e = errors(&doc, s, value);
            assert!(e.is_empty(), "Properties.{name} refuses {value}: {e:?}");
        }
        for value in refuses {
            assert!(
                !errors(&doc, s, value).is_empty(),
                "Properties.{name} takes {value}"
            );
        }
    }
    let update = schema(&doc, "PropertiesUpdate");
    let e = errors(
        &doc,
        update,
        &json!({"futureSetting": {"level": 2}, "lockScope": null, "amountFailuresAllowed": 5}),
    );
    assert!(e.is_empty(), "PropertiesUpdate: {e:?}");
    assert!(
        !errors(&doc, update, &json!({"maximumSessionExpiry": null})).is_empty(),
        "a read-only property cannot be removed"
    );
}

// ---------------------------------------------------------------- the client

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
        UpdateApnsUuid => {
            c.update_apns_uuid("12ef6f3a-a12a-4c5e-bb1b-1d75a9f37d59")
                .request
        }
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

/// The `{name}`s of the endpoint's path template.
fn path_parameter_names(endpoint: Endpoint) -> BTreeSet<String> {
    endpoint
        .template()
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(str::to_owned)
        .collect()
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
        assert_eq!(path, path_parameter_names(e), "{id}: path parameters");
        let headers: Vec<_> = params
            .keys()
            .filter(|(place, _)| place == "header")
            .map(|(_, name)| name.as_str())
            .collect();
        assert_eq!(headers, vec![account_id::HEADER], "{id}: headers");
        let body = op.get("requestBody").map(|b| resolve(&doc, b));
        let sends_body = !client_request(e).body().is_empty();
        assert_eq!(body.is_some(), sends_body, "{id}: request body");
        if let Some(body) = body {
            assert_eq!(body["required"], json!(true), "{id}: the body is required");
            // What the client sends matches the schema.
            let sent: Value = serde_json::from_slice(client_request(e).body()).expect("JSON");
            let schema = schema_of_place(&doc, e, Place::Request);
            let errors = errors(&doc, schema, &sent);
            assert!(
                errors.is_empty(),
                "{id}: the client's body {sent}: {errors:?}"
            );
        }
    }
}

// ---------------------------------------------------------------- the properties

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
    assert_eq!(in_yaml.len(), PROPERTIES.len(), "{name}");
    in_yaml
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

// ---------------------------------------------------------------- the models

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
    let e = errors(doc, s, &written);
    assert!(e.is_empty(), "{name}: what the model writes: {e:?}");
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
