//! One validated text input: its label, the input, and the help, warning and problem that
//! describe it, tied together by `for`, `aria-invalid` and `aria-describedby`.

use leptos::prelude::*;

/// How a field says its help, warning and problem.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Messages {
    /// Each in an element of its own, there even when empty so that the input's
    /// `aria-describedby` always names it: `ID-help`, `ID-warning` (a polite live region) and
    /// `ID-error`. A warning or a problem then never hides the help.
    #[default]
    Separate,
    /// One element with this id that says the most pressing: the problem, else the warning,
    /// else the help, its class saying which. For a field that shares a row with other fields
    /// or with its button, where three lines would not fit.
    OneLine(&'static str),
}

/// What one message element of a field says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line {
    Help,
    Warning,
    Problem,
    /// The problem, else the warning, else the help.
    MostPressing,
}

/// The message elements of a field, by id, in the order they stand. The input's
/// `aria-describedby` is made from the same list, so it names only elements that exist.
fn message_lines(
    id: &str,
    messages: Messages,
    has_help: bool,
    has_warning: bool,
) -> Vec<(String, Line)> {
    match messages {
        Messages::Separate => [
            has_help.then(|| (format!("{id}-help"), Line::Help)),
            has_warning.then(|| (format!("{id}-warning"), Line::Warning)),
            Some((format!("{id}-error"), Line::Problem)),
        ]
        .into_iter()
        .flatten()
        .collect(),
        Messages::OneLine(line_id) => vec![(line_id.to_string(), Line::MostPressing)],
    }
}

/// The input's `aria-describedby`: its own message elements, then any other element named.
fn described_by(lines: &[(String, Line)], also: Option<&str>) -> String {
    lines
        .iter()
        .map(|(id, _)| id.as_str())
        .chain(also)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The class of a one-line message: what it says decides how it looks.
fn most_pressing_class(has_problem: bool, has_warning: bool) -> &'static str {
    if has_problem {
        "field-error"
    } else if has_warning {
        "warning-text"
    } else {
        "muted"
    }
}

/// A labelled text input with its messages. The input is invalid (`aria-invalid="true"`)
/// exactly while `problem` says something.
#[component]
pub fn FormField(
    /// The input's id; the ids of its own message elements are made from it.
    id: &'static str,
    label: &'static str,
    /// The text in the input, as typed.
    value: RwSignal<String>,
    /// What is wrong with the value (the page's check or the server's answer); said at the
    /// field and marks the input invalid.
    #[prop(into)]
    problem: Signal<Option<String>>,
    /// What to type; without it the field has no help.
    #[prop(optional, into)]
    help: Option<Signal<String>>,
    /// What looks odd but is still sent; without it the field has no warning.
    #[prop(optional, into)]
    warning: Option<Signal<Option<String>>>,
    #[prop(optional)] messages: Messages,
    /// The id of an element outside the field that describes the input too (a warning that
    /// concerns the whole form).
    #[prop(optional)]
    also_described_by: Option<&'static str>,
    /// The class of a box around label, input and messages; without it they stand in the form
    /// itself (a row of an inline form, a stack).
    #[prop(optional)]
    box_class: Option<&'static str>,
    /// The input's `name`: what the API calls the value.
    name: &'static str,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] input_class: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] spellcheck: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] min: Option<&'static str>,
    /// The id of a `datalist` with suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
    #[prop(optional, into)] placeholder: Option<Signal<String>>,
    /// What an edit does besides setting `value` (forgetting a server's answer about the old
    /// value, marking the field as touched).
    #[prop(optional)]
    on_input: Option<Callback<()>>,
    #[prop(optional)] on_blur: Option<Callback<()>>,
    /// What stands between the input and its messages: its form's button, a `datalist`.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let lines = message_lines(id, messages, help.is_some(), warning.is_some());
    let aria_described_by = described_by(&lines, also_described_by);
    let warning_now = move || warning.and_then(|w| w.get());
    let help_now = move || help.map(|h| h.get()).unwrap_or_default();
    let message_views = lines
        .into_iter()
        .map(|(line_id, line)| match line {
            Line::Help => view! { <span id=line_id class="muted">{help_now}</span> }.into_any(),
            Line::Warning => view! {
                <span id=line_id class="warning-text" aria-live="polite">{warning_now}</span>
            }
            .into_any(),
            Line::Problem => view! {
                <span id=line_id class="field-error">{move || problem.get()}</span>
            }
            .into_any(),
            Line::MostPressing => view! {
                <span id=line_id
                    class=move || most_pressing_class(problem.with(Option::is_some), warning_now().is_some())>
                    {move || problem.get().or_else(warning_now).unwrap_or_else(help_now)}
                </span>
            }
            .into_any(),
        })
        .collect_view();
    let parts = view! {
        <label for=id>{label}</label>
        <input id=id name=name type=input_type class=input_class required=required
            autocomplete=autocomplete spellcheck=spellcheck inputmode=inputmode min=min list=list
            placeholder=move || placeholder.map(|p| p.get())
            aria-invalid=move || problem.with(Option::is_some).to_string()
            aria-describedby=aria_described_by
            prop:value=move || value.get()
            on:input=move |ev| {
                value.set(event_target_value(&ev));
                if let Some(also) = on_input {
                    also.run(());
                }
            }
            on:blur=move |_| {
                if let Some(also) = on_blur {
                    also.run(());
                }
            } />
        {children.map(|c| c())}
        {message_views}
    };
    match box_class {
        Some(class) => view! { <div class=class>{parts}</div> }.into_any(),
        None => parts.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(lines: &[(String, Line)]) -> Vec<&str> {
        lines.iter().map(|(id, _)| id.as_str()).collect()
    }

    #[test]
    fn separate_messages_have_an_element_each_and_the_problem_always() {
        let bare = message_lines("apns-name", Messages::Separate, false, false);
        assert_eq!(ids(&bare), ["apns-name-error"]);
        let full = message_lines("apns-key-id", Messages::Separate, true, true);
        assert_eq!(
            full.iter().map(|(_, line)| *line).collect::<Vec<_>>(),
            [Line::Help, Line::Warning, Line::Problem]
        );
        assert_eq!(
            described_by(&full, None),
            "apns-key-id-help apns-key-id-warning apns-key-id-error"
        );
    }

    #[test]
    fn one_line_is_the_only_element_whatever_the_field_says() {
        let lines = message_lines(
            "apns-uuid",
            Messages::OneLine("apns-uuid-message"),
            true,
            true,
        );
        assert_eq!(
            lines,
            [("apns-uuid-message".to_string(), Line::MostPressing)]
        );
        assert_eq!(described_by(&lines, None), "apns-uuid-message");
    }

    #[test]
    fn an_element_outside_the_field_is_named_last() {
        let lines = message_lines("e2e-name", Messages::Separate, true, false);
        assert_eq!(
            described_by(&lines, Some("e2e-create-warning")),
            "e2e-name-help e2e-name-error e2e-create-warning"
        );
    }

    #[test]
    fn a_problem_outweighs_a_warning_which_outweighs_the_help() {
        assert_eq!(most_pressing_class(true, true), "field-error");
        assert_eq!(most_pressing_class(false, true), "warning-text");
        assert_eq!(most_pressing_class(false, false), "muted");
    }
}
