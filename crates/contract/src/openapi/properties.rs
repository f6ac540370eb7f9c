//! The `Properties` and `PropertiesUpdate` schemas, made from the property table
//! ([`PROPERTIES`]): only what the reference documents constrains a value.

use crate::properties::{rules_of, Kind, PropertySpec, Provenance, PROPERTIES};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};
use std::borrow::Cow;

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

/// The JSON Schema of one property in `Properties`: only what the reference documents. The
/// console's own choices (value lists, ranges, formats, relations) are in the description, as
/// warnings: the server decides, and the sandbox takes any value the reference does not
/// forbid. No defaults: the reference's samples are examples.
///
/// Secrets have no pattern, because a GET answers them with a placeholder (the reference's
/// `"<Base64 encoded string>"`, the sandbox's `"********"`).
pub fn property_schema(p: &PropertySpec) -> Value {
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

/// The schema of one property in an update: that of [`property_schema`], and `null` for every
/// updatable property (the sandbox removes a property sent as `null`; `enabledRiskData` keeps
/// it as its value).
pub fn update_property_schema(p: &PropertySpec) -> Value {
    let mut s = property_schema(p);
    let mut types = json_types(p);
    if !p.read_only && !types.contains(&"null") {
        types.push("null");
    }
    s["type"] = type_value(&types);
    s
}

fn object_of(description: &str, property: fn(&PropertySpec) -> Value) -> Schema {
    let properties: Map<String, Value> = PROPERTIES
        .iter()
        .map(|p| (p.name.to_owned(), property(p)))
        .collect();
    json_schema!({
        "type": "object",
        "description": description,
        "properties": properties,
        "additionalProperties": true,
    })
}

/// The properties of an application configuration (`components.schemas.Properties`).
pub struct Properties;

impl JsonSchema for Properties {
    fn schema_name() -> Cow<'static, str> {
        "Properties".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        object_of(
            "The properties of an application configuration, by API name. Values are strings \
             (numbers and booleans included: `\"3\"`, `\"false\"`), except the list \
             properties, which are arrays of strings; `enabledRiskData` may be `null` (only \
             the always-collected risk data). Only what the API reference documents \
             constrains a value; the console's own choices are in each description and are \
             warnings, never refusals. Properties this version does not know are answered as \
             the server holds them. Write-only properties (secrets) are answered masked once \
             set, and absent while unset.",
            property_schema,
        )
    }
}

/// The body of "Update properties" (`components.schemas.PropertiesUpdate`).
pub struct PropertiesUpdate;

impl JsonSchema for PropertiesUpdate {
    fn schema_name() -> Cow<'static, str> {
        "PropertiesUpdate".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        object_of(
            "An update of the properties: only those sent change. Each property's schema is \
             that of `Properties`, and `null` removes an updatable property (`enabledRiskData: \
             null` is a value of its own). The read-only properties are rejected. Properties \
             this version does not know are stored as sent.",
            update_property_schema,
        )
    }
}
