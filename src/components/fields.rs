//! Read-only display of resource fields, including fields this console does not know.

use leptos::prelude::*;
use serde_json::{Map, Value};

/// A definition-list row.
#[component]
pub fn Field(
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    #[prop(optional, into)] id: String,
) -> impl IntoView {
    view! {
        <div class="field-row">
            <dt>{label}</dt>
            <dd id=id>{value}</dd>
        </div>
    }
}

/// A JSON value as text: strings bare, everything else as compact JSON.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// Every entry of a JSON object, for fields the API may add.
#[component]
pub fn JsonFields(map: Map<String, Value>) -> impl IntoView {
    map.into_iter()
        .map(|(k, v)| view! { <Field label=k value=value_text(&v) /> })
        .collect_view()
}
