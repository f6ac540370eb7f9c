//! Between API values and the editor's text: lists as comma-separated items, secrets never
//! shown, and the values of properties this console does not know kept as JSON.

use super::schema::{Kind, PropertySpec};
use super::table::spec;
use serde_json::Value;

/// The form text of `null` in a list that documents `null` ([`Kind::EnumList`] `nullable`).
pub const NULL_TEXT: &str = "null";

/// The form's text for an API value: list items joined with `", "`, strings as they are.
/// Secrets give the empty string: they are write-only and never put back into a form.
pub fn to_form_text(spec: &PropertySpec, value: &Value) -> String {
    if spec.secret {
        return String::new();
    }
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Value::Null if matches!(spec.kind, Kind::EnumList { nullable: true, .. }) => {
            NULL_TEXT.into()
        }
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The API value for the form's text: an array for [`Kind::EnumList`] (empty items dropped;
/// [`NULL_TEXT`] is `null` where documented), otherwise the trimmed string. Base64 loses all
/// whitespace, so a wrapped paste still works.
pub fn from_form_text(spec: &PropertySpec, text: &str) -> Value {
    match spec.kind {
        Kind::EnumList { nullable: true, .. } if text.trim() == NULL_TEXT => Value::Null,
        Kind::EnumList { .. } => Value::Array(
            text.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| Value::String(item.to_owned()))
                .collect(),
        ),
        Kind::Secret { .. } => Value::String(text.split_whitespace().collect()),
        _ => Value::String(text.trim().to_owned()),
    }
}

/// The form text of a property this console does not know: a string as it is, anything else
/// as JSON.
pub fn unknown_to_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The value to send for an unknown property's text: JSON again when the server's value was
/// not a string and the text is JSON, otherwise the text as a string.
pub fn unknown_from_text(text: &str, server: Option<&Value>) -> Value {
    let was_string = matches!(server, None | Some(Value::String(_)));
    if !was_string {
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            return value;
        }
    }
    Value::String(text.to_owned())
}

/// The form text of any property, known or not.
pub fn text_of(name: &str, value: &Value) -> String {
    match spec(name) {
        Some(spec) => to_form_text(spec, value),
        None => unknown_to_text(value),
    }
}

/// The value to send for any property's text; `server` is the server's value, if any.
pub fn value_of(name: &str, text: &str, server: Option<&Value>) -> Value {
    match spec(name) {
        Some(spec) => from_form_text(spec, text),
        None => unknown_from_text(text, server),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::properties::test_support::s;
    use crate::properties::{MAXINT, PROPERTIES};
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn form_text_round_trips() {
        let methods = s("allowedAuthMethods");
        let value = json!(["DEVICE", "DEVICE:PIN"]);
        assert_eq!(to_form_text(methods, &value), "DEVICE, DEVICE:PIN");
        assert_eq!(from_form_text(methods, "DEVICE,DEVICE:PIN, "), value);
        assert_eq!(from_form_text(methods, " "), json!([]));
        assert_eq!(from_form_text(methods, "null"), json!(["null"]));
        assert_eq!(to_form_text(methods, &Value::Null), "");
        let risk = s("enabledRiskData");
        assert_eq!(to_form_text(risk, &Value::Null), NULL_TEXT);
        assert_eq!(from_form_text(risk, " null "), Value::Null);
        assert_eq!(from_form_text(risk, ""), json!([]));
        assert_eq!(
            from_form_text(s("sessionExpiry"), " 300000 "),
            json!("300000")
        );
        assert_eq!(to_form_text(s("amountFailuresAllowed"), &json!(5)), "5");
        assert_eq!(
            to_form_text(s("clientDebugDataEnabledOsTypes"), &json!("IOS, ANDROID")),
            "IOS, ANDROID"
        );
        let secret = s("firebaseServiceAccount");
        assert_eq!(to_form_text(secret, &json!("c2VjcmV0")), "", "never shown");
        assert_eq!(from_form_text(secret, "QUJD\nREVG\n"), json!("QUJDREVG"));
        for p in PROPERTIES.iter().filter(|p| !p.secret) {
            if let Some(value) = p.example_value() {
                assert_eq!(
                    from_form_text(p, &to_form_text(p, &value)),
                    value,
                    "{}",
                    p.name
                );
            }
        }
    }

    #[test]
    fn unknown_properties_keep_their_json() {
        let object = json!({"enabled": true, "level": 2});
        let text = unknown_to_text(&object);
        assert_eq!(unknown_from_text(&text, Some(&object)), object);
        assert_eq!(unknown_to_text(&json!("365")), "365");
        assert_eq!(unknown_from_text("365", Some(&json!("365"))), json!("365"));
        assert_eq!(unknown_from_text("365", None), json!("365"));
        assert_eq!(unknown_from_text("6", Some(&json!(5))), json!(6));
        assert_eq!(unknown_from_text("six", Some(&json!(5))), json!("six"));
        assert_eq!(unknown_from_text("[1,2]", Some(&json!([]))), json!([1, 2]));
        // Dispatch on the name.
        assert_eq!(text_of("futureFeature", &object), text);
        assert_eq!(value_of("futureFeature", &text, Some(&object)), object);
        assert_eq!(text_of("enabledRiskData", &Value::Null), NULL_TEXT);
        assert_eq!(value_of("enabledRiskData", NULL_TEXT, None), Value::Null);
        assert_eq!(
            value_of("amountFailuresAllowed", "4", Some(&json!(5))),
            json!("4")
        );
    }

    proptest! {
        #[test]
        fn form_text_of_valid_numbers_round_trips(n in 0i64..=MAXINT) {
            let p = s("amountFailuresAllowed");
            let value = json!(n.to_string());
            prop_assert_eq!(from_form_text(p, &to_form_text(p, &value)), value);
        }
    }
}
