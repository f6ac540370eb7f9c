//! Values from the API as they are shown: timestamps, and the open enums (states, account
//! types) as they came. The reference's value
//! lists are incomplete, so a value this console does not know is shown exactly as the API
//! sent it, with a small hint, never hidden and never refused.

use leptos::prelude::*;
use mobileid_admin_contract::lenient::Timestamp;
use mobileid_admin_contract::models::{ApiEnum, DeviceState};

/// A timestamp as the API sent it; "—" when it sent none.
pub fn timestamp_text(t: &Option<Timestamp>) -> String {
    t.as_ref()
        .map(|t| t.to_string())
        .unwrap_or_else(|| "—".into())
}

/// An API name (`geofencingActivationMode`) in code type, with a break opportunity before each
/// of its words: a narrow column wraps it at `Activation`, not at any letter.
pub fn api_name(name: &str) -> impl IntoView {
    let words = api_name_words(name)
        .into_iter()
        .enumerate()
        .map(|(i, word)| view! { {(i > 0).then(|| view! { <wbr /> })}{word} })
        .collect_view();
    view! { <code class="api-name">{words}</code> }
}

/// The words of an API name: a word starts at a capital after a small letter or a digit
/// (`apnsUUID`: apns, UUID).
fn api_name_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        let starts_word = c.is_ascii_uppercase()
            && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
        match words.last_mut() {
            Some(word) if !starts_word => word.push(c),
            _ => words.push(c.to_string()),
        }
        previous = Some(c);
    }
    words
}

/// The hint's visible words.
pub const NOT_KNOWN: &str = "not known to this console";

/// The longer explanation (title and accessible description) for an unknown value.
pub fn unknown_explanation(value: &str, known: &[&str]) -> String {
    format!(
        "“{value}” is not one of the values this console knows ({}). It is shown as the API sent it and kept unchanged.",
        known.join(", ")
    )
}

/// Whether `value` is one of the values the console knows.
pub fn is_known<E: ApiEnum>(value: E) -> bool {
    E::parse(value.as_str()).is_some()
}

/// A small "not known to this console" chip, explained on hover and to screen readers.
#[component]
pub fn UnknownHint(#[prop(into)] explanation: String) -> impl IntoView {
    view! {
        <span class="warn-chip unknown-value" title=explanation.clone()>
            {NOT_KNOWN}
            <span class="visually-hidden">{format!(": {explanation}")}</span>
        </span>
    }
}

/// The chip for an enum value, when the console does not know it.
pub fn enum_hint<E: ApiEnum>(value: E) -> Option<impl IntoView> {
    (!is_known(value)).then(|| {
        let known: Vec<&str> = E::all().iter().map(|v| v.as_str()).collect();
        view! { <UnknownHint explanation=unknown_explanation(value.as_str(), &known) /> }
    })
}

/// A device state for display: a known code shows its name (`2` → `ACTIVE`), a known name in
/// capitals, and anything else exactly as it came.
pub fn device_state_text(state: &DeviceState) -> String {
    state.shown()
}

/// The chip for a device state, when the console does not know it.
pub fn device_state_hint(state: &DeviceState) -> Option<impl IntoView> {
    (!state.is_known()).then(|| {
        let known: Vec<String> = DeviceState::CODES
            .iter()
            .map(|(code, name)| format!("{code} or {name}"))
            .collect();
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        let what = match state {
            DeviceState::Code(c) => format!("state code {c}"),
            DeviceState::Name(n) => n.clone(),
        };
        view! { <UnknownHint explanation=unknown_explanation(&what, &known) /> }
    })
}

#[cfg(test)]
mod tests {
    use super::api_name_words;

    #[test]
    fn api_names_split_into_their_words_and_acronyms_stay_whole() {
        assert_eq!(
            api_name_words("geofencingActivationMode"),
            ["geofencing", "Activation", "Mode"]
        );
        assert_eq!(api_name_words("apnsUUID"), ["apns", "UUID"]);
        assert_eq!(api_name_words("e2eKeyId"), ["e2e", "Key", "Id"]);
        assert_eq!(api_name_words("state"), ["state"]);
        assert_eq!(api_name_words(""), Vec::<String>::new());
    }
}
