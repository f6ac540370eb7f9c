//! JSON Schemas of the types whose wire form is not what their Rust type says: the lenient
//! types of [`crate::lenient`], the open enums, and strings with a documented shape.

use crate::lenient::{NumberString, Timestamp};
use crate::models::DeviceState;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

/// The schema of an [`api_enum`](crate::models) type: its known values. (The models read any
/// other value too, but the sandbox refuses one in a request.)
pub fn enum_schema<'a>(values: impl Iterator<Item = &'a str>, doc: &[&str]) -> Schema {
    let values: Vec<&str> = values.collect();
    let mut schema = json_schema!({ "type": "string", "enum": values });
    let description = super::doc_text(doc);
    if !description.is_empty() {
        schema.insert("description".into(), description.into());
    }
    schema
}

impl JsonSchema for NumberString {
    fn schema_name() -> Cow<'static, str> {
        "NumberString".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // What the model reads: the API's string of digits, or a JSON number.
        json_schema!({
            "description": "A whole number, sent as a JSON string (`\"100\"`) as the API does; \
                            clients of this project also read a JSON number.",
            "anyOf": [
                { "type": "string", "pattern": "^[0-9]+$" },
                { "type": "integer", "minimum": 0 },
            ],
        })
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A timestamp exactly as the API sends it. Spellings seen: \
                            `2023-09-06T06:47:20.000Z`, `2026-04-10T10:32:42Z`, \
                            `2026-03-31T08:08:48.607000` (no zone) and \
                            `2026-03-31 08:21:40.584` (a space, no zone). Values without a zone \
                            are UTC. Not `format: date-time`, which two of the spellings are \
                            not.",
        })
    }
}

impl JsonSchema for DeviceState {
    fn schema_name() -> Cow<'static, str> {
        "DeviceState".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes = DeviceState::CODES
            .iter()
            .map(|(code, name)| format!("{code} = {name}"))
            .collect::<Vec<_>>()
            .join(", ");
        json_schema!({
            "description": "A device state: a number in the suspicious device hashes, a name in \
                            \"Get devices by device hash\". The reference shows the same devices \
                            as 2/ACTIVE and 3/DELETED; the other codes are inferred and TO BE \
                            CHECKED.",
            "oneOf": [
                { "type": "integer", "description": format!("The state's code: {codes}.") },
                { "type": "string", "description": "The state's name, e.g. ACTIVE or DELETED." },
            ],
        })
    }
}

/// The shape of a device hash: URL-safe Base64 (optional `=` padding). The models keep it as
/// a plain `String`; this names its schema.
pub struct DeviceHash;

impl JsonSchema for DeviceHash {
    fn schema_name() -> Cow<'static, str> {
        "DeviceHash".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[A-Za-z0-9_-]+={0,2}$",
            "description": "A device hash: URL-safe Base64 (`A–Z a–z 0–9 - _`, optional `=` \
                            padding) that decodes.",
        })
    }
}

/// `allowedNrOfUsersWithSameDeviceHash` as the sandbox reads and answers it: narrower than
/// [`NumberString`] (at least 1, at most `i32::MAX`), and `null` in an update.
pub fn allowed_nr_of_users_with_same_device_hash(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "description": "How many users may share a device hash before it is flagged: a whole \
                        number from 1 to 2147483647, answered as a string. An update may send \
                        it as a JSON number too, and `null` restores the default, 1.",
        "anyOf": [
            { "type": "string", "pattern": "^0*[1-9][0-9]*$" },
            { "type": "integer", "minimum": 1, "maximum": i32::MAX },
            { "type": "null" },
        ],
    })
}
