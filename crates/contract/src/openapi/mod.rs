//! `openapi.yaml`, built from the code: the operations of the endpoint table
//! ([`Endpoint::ALL`], descriptions from its doc comments), the JSON Schemas of the models
//! (derived with `schemars` from their serde attributes and doc comments), the reference's
//! samples (`fixtures/`) as examples. `cargo run -p mobileid-admin-contract --features openapi
//! --bin openapi` writes it; `tests/openapi.rs` checks the committed file is what this writes.
//!
//! Only with the `openapi` feature, which the console's wasm build does not enable.

mod emit;
mod properties;
mod wire;

pub use properties::{property_schema, update_property_schema, Properties, PropertiesUpdate};
pub use wire::{allowed_nr_of_users_with_same_device_hash, enum_schema, DeviceHash};

use crate::account_id;
use crate::error::Problem;
use crate::models::*;
use crate::Endpoint;
use schemars::generate::SchemaSettings;
use schemars::{json_schema, Schema, SchemaGenerator};
use serde_json::json;
use serde_yaml_ng::{Mapping, Value as Yaml};

/// A doc comment's lines (as `#[doc]` gives them, each with its leading space) as one text:
/// lines joined by spaces, paragraphs by a blank line.
pub fn doc_text(lines: &[&str]) -> String {
    let mut paragraphs: Vec<String> = vec![String::new()];
    for line in lines {
        let line = line.trim();
        let current = paragraphs.last_mut().expect("one paragraph at least");
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(String::new());
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    paragraphs.retain(|p| !p.is_empty());
    paragraphs.join("\n\n")
}

// ---------------------------------------------------------------- the reference's samples

/// Where a sample belongs: the request body, or the answer with this status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Request,
    Response(u16),
}

/// A sample of Signicat's API reference (a file of `fixtures/`) and the operation it belongs to.
pub struct Sample {
    pub file: &'static str,
    pub endpoint: Endpoint,
    pub place: Place,
    pub json: &'static str,
}

macro_rules! samples {
    ($($file:literal => $endpoint:ident, $place:expr;)+) => {
        /// Every sample of `fixtures/`, placed.
        pub const SAMPLES: &[Sample] = {
            use Place::*;
            &[$(Sample {
                file: $file,
                endpoint: Endpoint::$endpoint,
                place: $place,
                json: include_str!(concat!("../../fixtures/", $file)),
            }),+]
        };
    };
}

samples! {
    "get-account.response.json" => GetAccount, Response(200);
    "add-account.response.json" => AddAccount, Response(201);
    "update-account.request.json" => UpdateAccount, Request;
    "update-account.response.json" => UpdateAccount, Response(200);
    "list-apns-tokens.response.json" => ListApnsTokens, Response(200);
    "add-apns-token.request.json" => AddApnsToken, Request;
    "add-apns-token.response.json" => AddApnsToken, Response(201);
    "get-apns-token.response.json" => GetApnsToken, Response(200);
    "account-id-missing.problem.json" => DeleteApnsToken, Response(400);
    "get-configuration-state.response.json" => GetConfigurationState, Response(200);
    "update-configuration-state.request.json" => UpdateConfigurationState, Request;
    "update-configuration-state.response.json" => UpdateConfigurationState, Response(200);
    "get-apns-uuid.response.json" => GetApnsUuid, Response(200);
    "update-apns-uuid.request.json" => UpdateApnsUuid, Request;
    "update-apns-uuid.response.json" => UpdateApnsUuid, Response(200);
    "get-properties.response.json" => GetProperties, Response(200);
    "update-properties.request.json" => UpdateProperties, Request;
    "update-properties.response.json" => UpdateProperties, Response(200);
    "get-application-configuration.response.json" => GetApplicationConfiguration, Response(200);
    "list-signing-certificates.response.json" => ListSigningCertificates, Response(200);
    "update-e2e-key-state.request.json" => UpdateE2eKeyState, Request;
    "update-e2e-key-state.response.json" => UpdateE2eKeyState, Response(200);
    "list-e2e-keys.response.json" => ListE2eKeys, Response(200);
    "create-e2e-key.request.json" => CreateE2eKey, Request;
    "create-e2e-key.response.json" => CreateE2eKey, Response(201);
    "get-e2e-key.response.json" => GetE2eKey, Response(200);
    "delete-e2e-key.account-id-missing.problem.json" => DeleteE2eKey, Response(400);
    "get-risk-indicators.response.json" => GetRiskIndicators, Response(200);
    "update-risk-indicators.request.json" => UpdateRiskIndicators, Request;
    "update-risk-indicators.response.json" => UpdateRiskIndicators, Response(200);
    "lock-devices.request.json" => LockDevices, Request;
    "lock-devices.response.json" => LockDevices, Response(200);
    "statistics-by-days.response.json" => StatisticsByDays, Response(200);
    "statistics-by-date-range.response.json" => StatisticsByDateRange, Response(200);
    "detailed-device-statistics.response.json" => DetailedDeviceStatistics, Response(200);
    "suspicious-device-hashes.response.json" => SuspiciousDeviceHashes, Response(200);
    "devices-by-hash.response.json" => DevicesByHash, Response(200);
}

impl Sample {
    /// The sample, its keys in the reference's order (YAML reads JSON).
    fn yaml(&self) -> Yaml {
        serde_yaml_ng::from_str(self.json).unwrap_or_else(|e| panic!("fixtures/{}: {e}", self.file))
    }
}

// ---------------------------------------------------------------- building YAML

/// What goes into the document: YAML values, kept in the order they are put.
trait IntoYaml {
    fn into_yaml(self) -> Yaml;
}

impl IntoYaml for Yaml {
    fn into_yaml(self) -> Yaml {
        self
    }
}

impl IntoYaml for serde_json::Value {
    fn into_yaml(self) -> Yaml {
        serde_yaml_ng::to_value(self).expect("JSON is YAML")
    }
}

impl IntoYaml for Schema {
    fn into_yaml(self) -> Yaml {
        schema_yaml(self.as_value())
    }
}

/// The order of a schema's keys in the document, for readers: what it is first, then what it
/// holds; other keywords follow in alphabetical order.
const SCHEMA_KEYS: &[&str] = &[
    "$ref",
    "type",
    "format",
    "description",
    "enum",
    "required",
    "properties",
    "items",
    "additionalProperties",
    "anyOf",
    "oneOf",
];

/// A JSON Schema with its keys in [`SCHEMA_KEYS`] order, its subschemas too (the names under
/// `properties` keep their order).
fn schema_yaml(schema: &serde_json::Value) -> Yaml {
    let Some(object) = schema.as_object() else {
        return schema.clone().into_yaml();
    };
    let rank = |key: &str| {
        SCHEMA_KEYS
            .iter()
            .position(|k| *k == key)
            .unwrap_or(SCHEMA_KEYS.len())
    };
    let mut keys: Vec<&String> = object.keys().collect();
    keys.sort_by_key(|k| (rank(k), k.as_str()));
    let mut out = Mapping::new();
    for key in keys {
        let value = &object[key];
        let value = match key.as_str() {
            "properties" => Yaml::Mapping(
                value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, s)| (Yaml::String(name.clone()), schema_yaml(s)))
                    .collect(),
            ),
            "items" | "additionalProperties" => schema_yaml(value),
            "anyOf" | "oneOf" => Yaml::Sequence(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(schema_yaml)
                    .collect(),
            ),
            _ => value.clone().into_yaml(),
        };
        out.insert(Yaml::String(key.clone()), value);
    }
    Yaml::Mapping(out)
}

impl IntoYaml for &str {
    fn into_yaml(self) -> Yaml {
        Yaml::String(self.to_owned())
    }
}

impl IntoYaml for String {
    fn into_yaml(self) -> Yaml {
        Yaml::String(self)
    }
}

impl IntoYaml for bool {
    fn into_yaml(self) -> Yaml {
        Yaml::Bool(self)
    }
}

impl IntoYaml for Vec<Yaml> {
    fn into_yaml(self) -> Yaml {
        Yaml::Sequence(self)
    }
}

/// A mapping, in the order written.
macro_rules! map {
    ($($key:expr => $value:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut m = Mapping::new();
        $(m.insert(Yaml::String(String::from($key)), IntoYaml::into_yaml($value));)*
        Yaml::Mapping(m)
    }};
}

fn insert(target: &mut Yaml, key: &str, value: impl IntoYaml) {
    target
        .as_mapping_mut()
        .expect("a mapping")
        .insert(Yaml::String(key.to_owned()), value.into_yaml());
}

fn reference(kind: &str, name: &str) -> Yaml {
    map! { "$ref" => format!("#/components/{kind}/{name}") }
}

// ---------------------------------------------------------------- prose and constants

const SIGNICAT_SERVER: &str = "https://api.signicat.com/mobileid/admin";
const SANDBOX_SERVER: &str = "http://127.0.0.1:8080/api";
const AUTHORIZATION_URL: &str = "https://api.signicat.com/auth/open/connect/authorize";
const TOKEN_URL: &str = "https://api.signicat.com/auth/open/connect/token";
const SAMPLE_ACCOUNT: &str = "a-sdge-abcdefghijk123456789";
const TRACE_ID: &str = "4bf239c088089f2bca77d3a413909f1c";

/// The command that writes `openapi.yaml`.
pub const GENERATE_COMMAND: &str =
    "cargo run -p mobileid-admin-contract --features openapi --bin openapi -- openapi.yaml";

fn info_description() -> String {
    format!(
        "The Signicat MobileID Admin API as implemented by this project: the admin console calls \
it and the sandbox (`mobileid-sandbox`) emulates it. Every request/response sample of Signicat's \
API reference is included as an example.

**The paths are this project's choice and are TO BE CHECKED.** The API reference this project \
works from gives each operation's name, parameters and samples, but no paths. The paths here are \
chosen in Signicat's REST style, relative to the API base `{SIGNICAT_SERVER}/`, and must be \
checked against Signicat's published OpenAPI specification. They all come from one table, \
`crates/contract/src/endpoints.rs`: one edit there corrects the console, the sandbox and the tests \
(`crates/contract/tests/openapi.rs` then fails until this file is regenerated with \
`{GENERATE_COMMAND}`).

**Which account.** Every operation acts on one Signicat account. By default it is the account \
the access token names (machine clients configured on an account, or a person's default \
account). The query parameter `signicat-accountid` or the header `Signicat-AccountId` chooses \
another account of the caller's organisation, but **never both**: a request naming an account \
in both ways is rejected with 400 `account_id_ambiguous`, even when the two are equal. No \
account at all is 400 `account_id_missing`; an account outside the caller's organisation is 404 \
`account_not_found`. Every operation but \"Add MobileID account\" needs the account to be \
onboarded for MobileID (404 `account_not_onboarded` otherwise). The console sends the header, \
never the query parameter.

**Numbers as strings.** Counts, limits and property values travel as JSON strings (`\"100\"`, \
`\"false\"`), as the real API sends them (`NumberString`); clients of this project also read a \
JSON number. The sandbox also takes a JSON number for a count or duration property and a JSON \
boolean for a flag property, and answers them as sent. Statistics counts are JSON numbers.

**Timestamps** are strings in several spellings (see `Timestamp`); values without a zone are UTC.

**Unknown fields.** Resources whose schema has `additionalProperties: true` may carry fields this \
version does not know; the console keeps them when it sends a resource back. Request bodies \
ignore unknown fields. Application-configuration properties this version does not know are \
accepted, stored and answered as sent (a newer server knows more properties).

**Property rules.** The `Properties` schema states only what Signicat's API reference \
documents: the JSON types, whole numbers for counts and durations, semantic versions (two-part \
ones such as `3.21` included), ISO 3166-1 alpha-2 country lists, Base64 for the Firebase \
service account, the read-only properties. Where the reference's lists and ranges are cut off, \
the console's own choices (known values, ranges, formats, relations between properties) are in \
each property's description: the console shows them as warnings and never refuses a value for \
them; the server decides. The reference's samples are examples, not defaults.

**Errors** are `application/problem+json` (RFC 7807) with a `traceId`; `invalidParams` names \
each rejected parameter, body field or property with the reason.

**The sandbox** (second server) serves this API under `/api/` and the OAuth 2.0 endpoints at \
`/oauth/authorize` and `/oauth/token` (authorization code with PKCE S256; public client \
`mobileid-console`, scope `mobileid-admin`). With its fault injection on it also answers 429 \
(with `Retry-After`) and 503, so clients can be tested against both."
    )
}

const ACCOUNT_ID_RULE: &str = "A request names at most one account explicitly: the query \
    parameter `signicat-accountid` or the header `Signicat-AccountId`, never both (400 \
    `account_id_ambiguous`, even when equal). Without either, the account of the access token \
    is used.";

const TAGS: &[(&str, &str)] = &[
    (
        "Accounts",
        "Onboarding and administration of the MobileID account.",
    ),
    (
        "APNs tokens",
        "Apple Push Notification service tokens of the organisation (production and sandbox), \
         used by every account of the organisation.",
    ),
    (
        "Application configuration",
        "The account's application configuration: its state, its APNs UUID and its properties.",
    ),
    (
        "Signing certificates",
        "Certificates whose keys sign the JWTs of MobileID signatures, current and previously \
         used.",
    ),
    (
        "E2E keys",
        "End-to-end encryption keys between the MobileID server and the SDK.",
    ),
    (
        "Risk indicators",
        "Risk indicator configuration of the account.",
    ),
    ("Devices", "Devices by device hash: listing and locking."),
    (
        "Statistics",
        "User and device statistics, and device hashes shared by several users. Statistics are \
         not live data.",
    ),
];

// Ids every fresh sandbox has (crates/sandbox/src/seed.rs: SEEDED_APNS_TOKENS, SEEDED_E2E_KEYS,
// store::NEW_ACCOUNT), used as examples so that Schemathesis reaches every operation with a 2xx
// (scripts/schemathesis-coverage.py): the first of each pair is read and updated, the second
// deleted; the account not yet onboarded is onboarded.
const SEEDED_APNS_TOKENS: [&str; 2] = [
    "82a634bf-a485-457c-90c4-88ddd5631922",
    "c21d007a-d8ad-4856-a9ab-cee11a65de31",
];
const SEEDED_E2E_KEYS: [&str; 2] = [
    "5d1c4e2a-7b3f-4a8e-9c60-e2e0000000a1",
    "5d1c4e2a-7b3f-4a8e-9c60-e2e0000000b2",
];
const NOT_ONBOARDED_ACCOUNT: &str = "a-sdge-NotOnboarded00000001";
/// A throwaway EC P-256 key in PKCS#8 DER (what an Apple .p8 file holds), Base64: generated
/// for this example only, never used anywhere.
const TEST_ONLY_APNS_KEY: &str = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgMO1dd6kgqcjz1/I3NheGDyDsGQdy9T4JxjcVQYGTCSOhRANCAAQ41CspbOzaZ90wacGJN8dK+vgmHpVMIdus9dhbmxaDVpyTgOdQCq2P2aC5qUBW/uVuX+678MSyCy29tjvVQNxt";

const REFERENCE_SAMPLE: &str = "Sample of the API reference";

// ---------------------------------------------------------------- the operations

/// The success status of each operation: 201 where something is created, 204 where something
/// is deleted (no body), 200 otherwise.
pub fn success_status(endpoint: Endpoint) -> u16 {
    use Endpoint::*;
    match endpoint {
        AddAccount | AddApnsToken | CreateE2eKey => 201,
        DeleteApnsToken | DeleteE2eKey => 204,
        _ => 200,
    }
}

/// What the document says of an operation beyond the endpoint table.
struct Operation {
    tag: &'static str,
    /// Parameters beyond the account id.
    parameters: Vec<Yaml>,
    body: Option<Schema>,
    /// The success answer's description and body.
    ok: (&'static str, Option<Schema>),
}

fn query(name: &str, required: bool, description: &str, schema: impl IntoYaml) -> Yaml {
    map! {
        "name" => name,
        "in" => "query",
        "required" => required,
        "description" => description,
        "schema" => schema,
    }
}

fn with_example(mut parameter: Yaml, example: impl IntoYaml) -> Yaml {
    insert(&mut parameter, "example", example);
    parameter
}

fn bool_query(name: &str, default: bool, description: &str) -> Yaml {
    with_example(
        query(
            name,
            false,
            description,
            json_schema!({"type": "boolean", "default": default}),
        ),
        default,
    )
}

fn operation(endpoint: Endpoint, g: &mut SchemaGenerator) -> Operation {
    use Endpoint::*;
    let op = |tag, parameters, body: Option<Schema>, ok| Operation {
        tag,
        parameters,
        body,
        ok,
    };
    let apns_token_id = || vec![reference("parameters", "ApnsTokenId")];
    let e2e_key_id = || vec![reference("parameters", "E2eKeyId")];
    match endpoint {
        GetAccount => op(
            "Accounts",
            vec![bool_query(
                "statistics",
                true,
                "Whether the account's statistics (`numberOfActiveDevices`, \
                 `numberOfActiveUsers`) are included. Returned statistics are not live data.",
            )],
            None,
            ("The account.", Some(g.subschema_for::<Account>())),
        ),
        AddAccount => op(
            "Accounts",
            vec![query(
                "onboardingType",
                false,
                "What to onboard for. The reference names the parameter but not its values; \
                 this project accepts `MOBILEID` (the default).",
                json_schema!({"type": "string", "enum": ["MOBILEID"]}),
            )],
            None,
            (
                "The account, onboarded.",
                Some(g.subschema_for::<Account>()),
            ),
        ),
        UpdateAccount => op(
            "Accounts",
            vec![],
            Some(g.subschema_for::<AccountStateUpdate>()),
            (
                "The account's new state.",
                Some(g.subschema_for::<AccountStateUpdated>()),
            ),
        ),
        ListApnsTokens => op(
            "APNs tokens",
            vec![],
            None,
            ("The APNs tokens.", Some(g.subschema_for::<ApnsTokenList>())),
        ),
        AddApnsToken => op(
            "APNs tokens",
            vec![],
            Some(g.subschema_for::<NewApnsToken>()),
            (
                "The APNs token added.",
                Some(g.subschema_for::<ApnsToken>()),
            ),
        ),
        GetApnsToken => op(
            "APNs tokens",
            apns_token_id(),
            None,
            ("The APNs token.", Some(g.subschema_for::<ApnsToken>())),
        ),
        DeleteApnsToken => op("APNs tokens", apns_token_id(), None, ("Deleted.", None)),
        GetApplicationConfiguration => op(
            "Application configuration",
            vec![],
            None,
            (
                "The application configuration.",
                Some(g.subschema_for::<ApplicationConfiguration>()),
            ),
        ),
        GetConfigurationState => op(
            "Application configuration",
            vec![],
            None,
            ("The state.", Some(g.subschema_for::<ConfigurationState>())),
        ),
        UpdateConfigurationState => op(
            "Application configuration",
            vec![],
            Some(g.subschema_for::<ConfigurationState>()),
            (
                "The new state.",
                Some(g.subschema_for::<ConfigurationState>()),
            ),
        ),
        GetApnsUuid => op(
            "Application configuration",
            vec![],
            None,
            ("The APNs UUID.", Some(g.subschema_for::<ApnsUuid>())),
        ),
        UpdateApnsUuid => op(
            "Application configuration",
            vec![],
            Some(g.subschema_for::<ApnsUuid>()),
            ("The new APNs UUID.", Some(g.subschema_for::<ApnsUuid>())),
        ),
        GetProperties => op(
            "Application configuration",
            vec![],
            None,
            ("The properties.", Some(g.subschema_for::<Properties>())),
        ),
        UpdateProperties => op(
            "Application configuration",
            vec![],
            Some(g.subschema_for::<PropertiesUpdate>()),
            (
                "All the properties, after the change.",
                Some(g.subschema_for::<Properties>()),
            ),
        ),
        ListSigningCertificates => op(
            "Signing certificates",
            vec![query(
                "state",
                false,
                "Only certificates in this state. Absent: all of them.",
                g.subschema_for::<CertificateState>(),
            )],
            None,
            (
                "The signing certificates.",
                Some(g.subschema_for::<SigningCertificateList>()),
            ),
        ),
        ListE2eKeys => op(
            "E2E keys",
            vec![query(
                "state",
                false,
                "Only keys in this state. Absent: all of them.",
                g.subschema_for::<EnabledState>(),
            )],
            None,
            ("The E2E keys.", Some(g.subschema_for::<E2eKeyList>())),
        ),
        CreateE2eKey => op(
            "E2E keys",
            vec![],
            Some(g.subschema_for::<NewE2eKey>()),
            ("The E2E key created.", Some(g.subschema_for::<E2eKey>())),
        ),
        GetE2eKey => op(
            "E2E keys",
            e2e_key_id(),
            None,
            ("The E2E key.", Some(g.subschema_for::<E2eKey>())),
        ),
        UpdateE2eKeyState => op(
            "E2E keys",
            e2e_key_id(),
            Some(g.subschema_for::<E2eKeyState>()),
            (
                "The key's new state.",
                Some(g.subschema_for::<E2eKeyState>()),
            ),
        ),
        DeleteE2eKey => op("E2E keys", e2e_key_id(), None, ("Deleted.", None)),
        GetRiskIndicators => op(
            "Risk indicators",
            vec![],
            None,
            (
                "The risk indicator configuration.",
                Some(g.subschema_for::<RiskIndicators>()),
            ),
        ),
        UpdateRiskIndicators => op(
            "Risk indicators",
            vec![],
            Some(g.subschema_for::<RiskIndicatorsUpdate>()),
            (
                "The new risk indicator configuration.",
                Some(g.subschema_for::<RiskIndicators>()),
            ),
        ),
        LockDevices => op(
            "Devices",
            vec![],
            Some(g.subschema_for::<LockDevicesRequest>()),
            (
                "The devices locked.",
                Some(g.subschema_for::<LockedDevices>()),
            ),
        ),
        StatisticsByDays => op(
            "Statistics",
            vec![with_example(
                query(
                    "nrOfDays",
                    false,
                    "The number of days to aggregate over, today included, counting back from \
                     today (whole UTC days).",
                    json_schema!({"type": "integer", "format": "int32", "minimum": 1, "maximum": 3650,
                           "default": 30}),
                ),
                json!(150),
            )],
            None,
            (
                "The statistics.",
                Some(g.subschema_for::<UsageStatistics>()),
            ),
        ),
        StatisticsByDateRange => op(
            "Statistics",
            vec![
                with_example(
                    query(
                        "fromDate",
                        false,
                        "The first day aggregated, `YYYY-MM-DD` (UTC). Default: 29 days before \
                         `toDate`.",
                        json_schema!({"type": "string", "format": "date"}),
                    ),
                    "2024-04-04",
                ),
                with_example(
                    query(
                        "toDate",
                        false,
                        "The last day aggregated, `YYYY-MM-DD` (UTC), included; not before \
                         `fromDate` (400). Default: today.",
                        json_schema!({"type": "string", "format": "date"}),
                    ),
                    "2026-06-06",
                ),
            ],
            None,
            (
                "The statistics.",
                Some(g.subschema_for::<UsageStatistics>()),
            ),
        ),
        DetailedDeviceStatistics => op(
            "Statistics",
            vec![
                with_example(
                    query(
                        "type",
                        true,
                        "What to aggregate: `allbasic` (per platform and per SDK version), \
                         `platform` or `sdkversion`.",
                        g.subschema_for::<DeviceStatisticsType>(),
                    ),
                    "allbasic",
                ),
                with_example(
                    query(
                        "platform",
                        false,
                        "Only devices of this platform. Required with `type=sdkversion` (400 \
                         without it); optional otherwise.",
                        g.subschema_for::<Platform>(),
                    ),
                    "Android",
                ),
            ],
            None,
            (
                "The statistics.",
                Some(g.subschema_for::<crate::models::DetailedDeviceStatistics>()),
            ),
        ),
        SuspiciousDeviceHashes => op(
            "Statistics",
            vec![
                with_example(
                    query(
                        "allowedNrOfUsersWithSameDeviceHash",
                        false,
                        "How many users may have devices with the same hash before it is \
                         flagged as suspicious. Default: the account's risk indicators \
                         configuration.",
                        json_schema!({"type": "integer", "format": "int64", "minimum": 1}),
                    ),
                    json!(3),
                ),
                bool_query(
                    "detailed",
                    false,
                    "Whether the answer lists every device id and state of each user.",
                ),
            ],
            None,
            (
                "The suspicious device hashes.",
                Some(g.subschema_for::<crate::models::SuspiciousDeviceHashes>()),
            ),
        ),
        DevicesByHash => op(
            "Devices",
            vec![with_example(
                query(
                    "deviceHash",
                    true,
                    "The device hash, URL-safe Base64 (`A–Z a–z 0–9 - _`, optional `=` padding) \
                     that decodes.",
                    g.subschema_for::<DeviceHash>(),
                ),
                "wBHQ4HC3yLEUvEwnX5EBTBAbKkCia35WwO1dxqiFvYo=",
            )],
            None,
            (
                "The users and their devices.",
                Some(g.subschema_for::<crate::models::DevicesByHash>()),
            ),
        ),
    }
}

/// The account-id parameters, and the path parameters with a seeded id as example.
fn parameter_components() -> Yaml {
    let id_description = format!(
        "The Signicat account to act on, e.g. `{SAMPLE_ACCOUNT}`. Optional: by default the \
         account of the access token. {ACCOUNT_ID_RULE}"
    );
    let path = |name: &str, description: &str, example: &str| {
        map! {
            "name" => name,
            "in" => "path",
            "required" => true,
            "description" => description,
            "schema" => json_schema!({"type": "string"}),
            "example" => example,
        }
    };
    map! {
        "AccountIdQuery" => account_id_query(&id_description),
        "AccountIdHeader" => map! {
            "name" => account_id::HEADER,
            "in" => "header",
            "required" => false,
            "description" => id_description.as_str(),
            "schema" => json_schema!({"type": "string"}),
        },
        "ApnsTokenId" => path("apnsTokenId", "The id of the APNs token.", SEEDED_APNS_TOKENS[0]),
        "E2eKeyId" => path("e2eKeyId", "The id of the E2E key.", SEEDED_E2E_KEYS[0]),
    }
}

fn account_id_query(id_description: &str) -> Yaml {
    map! {
        "name" => account_id::QUERY_PARAMETER,
        "in" => "query",
        "required" => false,
        "description" => format!(
            "{id_description} The sandbox also takes the spelling `signicat-accountId`."
        ),
        "schema" => json_schema!({"type": "string"}),
    }
}

/// Per operation, a parameter whose example differs from the shared component's: the
/// operation gets its own copy of it (see `SEEDED_APNS_TOKENS`).
fn own_example(endpoint: Endpoint) -> Option<(&'static str, &'static str)> {
    match endpoint {
        Endpoint::AddAccount => Some(("AccountIdQuery", NOT_ONBOARDED_ACCOUNT)),
        Endpoint::DeleteApnsToken => Some(("ApnsTokenId", SEEDED_APNS_TOKENS[1])),
        Endpoint::DeleteE2eKey => Some(("E2eKeyId", SEEDED_E2E_KEYS[1])),
        _ => None,
    }
}

/// Per operation, a request body the sandbox accepts, next to the reference's samples.
fn sandbox_request(endpoint: Endpoint) -> Option<Yaml> {
    match endpoint {
        Endpoint::AddApnsToken => Some(map! {
            "name" => "Schemathesis APNs token",
            "description" => "Added by the contract tests",
            "privateKey" => TEST_ONLY_APNS_KEY,
            "keyId" => "TESTKEY123",
            "teamId" => "TESTTEAM45",
        }),
        _ => None,
    }
}

/// OpenAPI links from an operation's success answer to the operations that take what it
/// returned (Schemathesis' stateful phase follows them).
fn links(endpoint: Endpoint) -> Option<Yaml> {
    use Endpoint::*;
    let link = |target: Endpoint, parameter: &str, value: &str| {
        map! {
            "operationId" => target.operation_id(),
            "parameters" => map! { parameter => value },
        }
    };
    let first_hash = "$response.body#/suspiciousDeviceHashes/0/deviceHash";
    Some(match endpoint {
        AddApnsToken => map! {
            "GetApnsToken" => link(GetApnsToken, "apnsTokenId", "$response.body#/id"),
            "DeleteApnsToken" => link(DeleteApnsToken, "apnsTokenId", "$response.body#/id"),
        },
        ListApnsTokens => map! {
            "GetFirstApnsToken" =>
                link(GetApnsToken, "apnsTokenId", "$response.body#/apnsTokens/0/id"),
        },
        CreateE2eKey => map! {
            "GetE2eKey" => link(GetE2eKey, "e2eKeyId", "$response.body#/id"),
            "UpdateE2eKeyState" => link(UpdateE2eKeyState, "e2eKeyId", "$response.body#/id"),
            "DeleteE2eKey" => link(DeleteE2eKey, "e2eKeyId", "$response.body#/id"),
        },
        ListE2eKeys => map! {
            "GetFirstE2eKey" => link(GetE2eKey, "e2eKeyId", "$response.body#/e2eKeys/0/id"),
        },
        SuspiciousDeviceHashes => map! {
            "DevicesOfFirstHash" => link(DevicesByHash, "deviceHash", first_hash),
            "LockFirstHash" => map! {
                "operationId" => LockDevices.operation_id(),
                "requestBody" => map! { "deviceHash" => first_hash },
            },
        },
        _ => return None,
    })
}

/// The reference's samples of one place of an operation, as named examples.
fn examples(endpoint: Endpoint, place: Place) -> Option<Yaml> {
    let samples: Vec<&Sample> = SAMPLES
        .iter()
        .filter(|s| s.endpoint == endpoint && s.place == place)
        .collect();
    if samples.is_empty() {
        return None;
    }
    let mut out = Mapping::new();
    for (i, sample) in samples.iter().enumerate() {
        let name = if i == 0 {
            "reference".to_owned()
        } else {
            format!("reference{}", i + 1)
        };
        out.insert(
            Yaml::String(name),
            map! { "summary" => REFERENCE_SAMPLE, "value" => sample.yaml() },
        );
    }
    Some(Yaml::Mapping(out))
}

fn operation_yaml(endpoint: Endpoint, g: &mut SchemaGenerator, components: &Yaml) -> Yaml {
    let spec = operation(endpoint, g);
    let mut parameters = vec![
        reference("parameters", "AccountIdQuery"),
        reference("parameters", "AccountIdHeader"),
    ];
    parameters.extend(spec.parameters);
    if let Some((name, example)) = own_example(endpoint) {
        let shared = reference("parameters", name);
        for p in parameters.iter_mut().filter(|p| **p == shared) {
            *p = with_example(components[name].clone(), example);
        }
    }
    let mut op = map! {
        "operationId" => endpoint.operation_id(),
        "summary" => endpoint.summary(),
        "description" => endpoint.description(),
        "tags" => vec![spec.tag.into_yaml()],
        "parameters" => parameters,
    };
    if let Some(body) = spec.body {
        let mut media = map! { "schema" => body };
        let mut request_examples = examples(endpoint, Place::Request).unwrap_or_default();
        if let Some(value) = sandbox_request(endpoint) {
            insert(
                &mut request_examples,
                "sandbox",
                map! {
                    "summary" => "A request the sandbox accepts (a seeded id, a valid test-only key)",
                    "value" => value,
                },
            );
        }
        if !request_examples.is_null() {
            insert(&mut media, "examples", request_examples);
        }
        insert(
            &mut op,
            "requestBody",
            map! {
                "required" => true,
                "content" => map! { "application/json" => media },
            },
        );
    }
    let status = success_status(endpoint);
    let (description, schema) = spec.ok;
    let mut ok = map! { "description" => description };
    if let Some(schema) = schema {
        let mut media = map! { "schema" => schema };
        if let Some(examples) = examples(endpoint, Place::Response(status)) {
            insert(&mut media, "examples", examples);
        }
        insert(&mut ok, "content", map! { "application/json" => media });
    }
    if status == 201 {
        insert(
            &mut ok,
            "headers",
            map! {
                "Location" => map! {
                    "description" => "Where the resource created is read (the sandbox sends it; \
                                      whether Signicat's API does is TO BE CHECKED).",
                    "schema" => json_schema!({"type": "string"}),
                },
            },
        );
    }
    if let Some(links) = links(endpoint) {
        insert(&mut ok, "links", links);
    }
    let mut responses = map! { status.to_string() => ok };
    let mut errors = vec![400, 401, 404];
    if endpoint == Endpoint::AddAccount {
        errors.push(409);
    }
    errors.extend([429, 503]);
    for code in errors {
        insert(
            &mut responses,
            &code.to_string(),
            reference("responses", error_component(code)),
        );
    }
    insert(&mut op, "responses", responses);
    op
}

// ---------------------------------------------------------------- errors

fn error_component(status: u16) -> &'static str {
    match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        404 => "NotFound",
        409 => "Conflict",
        429 => "TooManyRequests",
        503 => "ServiceUnavailable",
        other => panic!("no error response for {other}"),
    }
}

fn problem(title: &str, code: Option<&str>, status: u16, detail: &str) -> Problem {
    Problem {
        problem_type: None,
        title: title.into(),
        code: code.map(Into::into),
        status,
        trace_id: Some(TRACE_ID.into()),
        detail: Some(detail.into()),
        invalid_params: Vec::new(),
    }
}

fn example(summary: &str, value: impl IntoYaml) -> Yaml {
    map! { "summary" => summary, "value" => value }
}

fn problem_example(summary: &str, problem: &Problem) -> Yaml {
    // Through serde_yaml_ng, not serde_json::Value, so the fields keep the struct's order.
    example(
        summary,
        serde_yaml_ng::to_value(problem).expect("a Problem is YAML"),
    )
}

fn problem_response(
    description: &str,
    examples: Yaml,
    headers: Option<Yaml>,
    problem_schema: &Schema,
) -> Yaml {
    let mut response = map! { "description" => description };
    if let Some(headers) = headers {
        insert(&mut response, "headers", headers);
    }
    insert(
        &mut response,
        "content",
        map! {
            "application/problem+json" => map! {
                "schema" => problem_schema.clone(),
                "examples" => examples,
            },
        },
    );
    response
}

fn error_responses(g: &mut SchemaGenerator) -> Yaml {
    let schema = g.subschema_for::<Problem>();
    let missing = SAMPLES
        .iter()
        .find(|s| s.file == "account-id-missing.problem.json")
        .expect("the reference's account-id-missing sample");
    let rule = serde_json::from_str::<Problem>(missing.json)
        .expect("the sample is a Problem")
        .detail
        .unwrap_or_default();
    let mut invalid = problem(
        "Request validation failed",
        Some("invalid_request"),
        400,
        "state: Must be ENABLED or DISABLED, not \"ON\".",
    );
    invalid.invalid_params = vec![crate::InvalidParam {
        name: "state".into(),
        reason: "Must be ENABLED or DISABLED, not \"ON\".".into(),
    }];
    map! {
        "BadRequest" => problem_response(
            "The request is rejected: no account id could be resolved, or more than one was \
             given, or a parameter or body field is invalid (each named in `invalidParams`).",
            map! {
                "accountIdMissing" =>
                    example("Account ID missing (sample of the reference)", missing.yaml()),
                "accountIdAmbiguous" => problem_example(
                    "Account ID given as both query parameter and header",
                    &problem(
                        "Only one Account ID may be specified for this request",
                        Some("account_id_ambiguous"),
                        400,
                        &rule,
                    ),
                ),
                "invalidRequest" =>
                    problem_example("A parameter or body field is invalid", &invalid),
            },
            None,
            &schema,
        ),
        "Unauthorized" => problem_response(
            "No bearer access token, or one that is invalid or expired.",
            map! {
                "unauthorized" => problem_example(
                    "No access token",
                    &problem("Unauthorized", Some("unauthorized"), 401,
                             "A bearer access token is required."),
                ),
            },
            Some(map! {
                "WWW-Authenticate" => map! {
                    "description" => "`Bearer error=\"invalid_token\"`.",
                    "schema" => json_schema!({"type": "string"}),
                },
            }),
            &schema,
        ),
        "NotFound" => problem_response(
            "The account is not in the caller's organisation or not onboarded for MobileID, or \
             what the request names does not exist (the id in the path, or no device has the \
             device hash).",
            map! {
                "accountNotOnboarded" => problem_example(
                    "The account is not onboarded",
                    &problem(
                        "Account is not onboarded for MobileID",
                        Some("account_not_onboarded"),
                        404,
                        &format!("Account {SAMPLE_ACCOUNT} is not onboarded for MobileID. Use \
                                  \"Add MobileID account\" first."),
                    ),
                ),
                "accountNotFound" => problem_example(
                    "No such account in the organisation",
                    &problem("Account not found", Some("account_not_found"), 404,
                             "No account a-sdge-unknown in your organisation."),
                ),
                "notFound" => problem_example(
                    "No such resource",
                    &problem("E2E key not found", Some("not_found"), 404,
                             "No E2E key with id 82a634bf-a485-457c-90c4-88ddd56319ac."),
                ),
            },
            None,
            &schema,
        ),
        "Conflict" => problem_response(
            "The account is already onboarded for MobileID.",
            map! {
                "accountAlreadyOnboarded" => problem_example(
                    "Already onboarded",
                    &problem(
                        "Account is already onboarded",
                        Some("account_already_onboarded"),
                        409,
                        &format!("Account {SAMPLE_ACCOUNT} is already onboarded for MobileID."),
                    ),
                ),
            },
            None,
            &schema,
        ),
        "TooManyRequests" => problem_response(
            "Too many requests: wait `Retry-After` seconds. The sandbox answers this when its \
             fault injection is on.",
            map! {
                "tooManyRequests" => problem_example(
                    "Rate limited",
                    &problem("Too many requests", None, 429, "Retry after 1 second."),
                ),
            },
            Some(map! {
                "Retry-After" => map! {
                    "description" => "How many seconds to wait before trying again.",
                    "required" => true,
                    "schema" => json_schema!({"type": "integer", "minimum": 0}),
                    "example" => json!(1),
                },
            }),
            &schema,
        ),
        "ServiceUnavailable" => problem_response(
            "The service is unavailable for a while. The sandbox answers this when its fault \
             injection is on.",
            map! {
                "serviceUnavailable" => problem_example(
                    "Unavailable",
                    &problem("Service unavailable", None, 503,
                             "The service is temporarily unavailable."),
                ),
            },
            None,
            &schema,
        ),
    }
}

// ---------------------------------------------------------------- the document

/// The schema generator: JSON Schema 2020-12 (OpenAPI 3.1's dialect), named schemas under
/// `components.schemas`, describing what the models read.
fn generator() -> SchemaGenerator {
    SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        })
        .into_generator()
}

/// The whole OpenAPI 3.1 document.
pub fn document() -> Yaml {
    let mut g = generator();
    let parameters = parameter_components();
    let mut paths = Mapping::new();
    for &endpoint in Endpoint::ALL {
        let item = paths
            .entry(Yaml::String(format!("/{}", endpoint.template())))
            .or_insert_with(|| Yaml::Mapping(Mapping::new()));
        let method = endpoint.method().as_str().to_ascii_lowercase();
        let op = operation_yaml(endpoint, &mut g, &parameters);
        insert(item, &method, op);
    }
    let responses = error_responses(&mut g);
    let schemas: Mapping = g
        .take_definitions(true)
        .iter()
        .map(|(name, schema)| (Yaml::String(name.clone()), schema_yaml(schema)))
        .collect();
    map! {
        "openapi" => "3.1.0",
        "info" => map! {
            "title" => "Signicat MobileID Admin API (as implemented by this project)",
            "version" => "0.1.0",
            "description" => info_description(),
        },
        "servers" => vec![
            map! {
                "url" => SIGNICAT_SERVER,
                "description" => "Signicat (the paths are TO BE CHECKED against Signicat's \
                                  published specification)",
            },
            map! {
                "url" => SANDBOX_SERVER,
                "description" => "The local sandbox (`mobileid-sandbox`, default port 8080)",
            },
        ],
        "security" => vec![map! { "signicat" => Vec::new() }],
        "tags" => TAGS
            .iter()
            .map(|(name, description)| map! { "name" => *name, "description" => *description })
            .collect::<Vec<_>>(),
        "paths" => Yaml::Mapping(paths),
        "components" => map! {
            "securitySchemes" => map! {
                "signicat" => map! {
                    "type" => "oauth2",
                    "description" => "A bearer access token from Signicat's OAuth 2.0 server: \
                                      authorization code grant with PKCE (S256). The sandbox \
                                      serves the same flow at `/oauth/authorize` and \
                                      `/oauth/token` (public client `mobileid-console`, scope \
                                      `mobileid-admin`).",
                    "flows" => map! {
                        "authorizationCode" => map! {
                            "authorizationUrl" => AUTHORIZATION_URL,
                            "tokenUrl" => TOKEN_URL,
                            "scopes" => map! {
                                "mobileid-admin" => "The sandbox's scope for this API (the \
                                                     scope of Signicat's server is TO BE \
                                                     CHECKED).",
                            },
                        },
                    },
                },
            },
            "parameters" => parameters,
            "responses" => responses,
            "schemas" => Yaml::Mapping(schemas),
        },
    }
}

const HEADER: &str = "\
# GENERATED from the contract crate (crates/contract/: the endpoint table, the models' types and
# doc comments, the reference's samples in fixtures/): do not edit by hand. Regenerate with
# `cargo run -p mobileid-admin-contract --features openapi --bin openapi -- openapi.yaml`;
# `cargo test -p mobileid-admin-contract --features openapi --test openapi` checks this file.
";

/// `openapi.yaml`, as committed.
pub fn yaml() -> String {
    format!("{HEADER}{}", emit::to_yaml(&document()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_comments_become_one_line_per_paragraph() {
        let doc = [
            " Lists the keys,",
            " at most 20.",
            "",
            " Paragraph two.",
            "",
        ];
        assert_eq!(
            doc_text(&doc),
            "Lists the keys, at most 20.\n\nParagraph two."
        );
        assert_eq!(doc_text(&[]), "");
        assert!(Endpoint::UpdateProperties
            .description()
            .starts_with("Changes the given properties and returns all of them. Each value"));
    }
}
