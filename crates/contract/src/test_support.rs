//! What other crates' tests take from the contract (feature `test-support`, enabled by the
//! console as a dev-dependency only): proptest strategies over the API's values.

use proptest::prelude::*;
use serde_json::{json, Value};

/// Any JSON value, biased towards the values the rules care about (also used by the
/// console's property-draft tests).
pub fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        // Fractions exact in binary: serde_json's default parser may be a unit off in
        // the last place for long decimals, which would be a change on re-import.
        (-1_000_000i64..1_000_000).prop_map(|n| json!(n as f64 / 8.0)),
        "\\PC{0,16}".prop_map(Value::String),
        prop::sample::select(vec![
            "",
            " ",
            "3",
            "-1",
            "99999999999",
            "true",
            "USER",
            "REQUIRED",
            "OPTIONAL",
            "3.21",
            "3.x",
            "SE, ZZ",
            "SE, XK",
            "<key>",
            "QUJD",
            "DEVICE",
            "DEVICE:PASSKEY",
            "null",
            "600000",
            "300000",
            "187200000",
        ])
        .prop_map(|t| json!(t)),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,4}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
