use super::secret::SecretInput;
use super::{input_id, Editor};
use crate::browser;
use crate::components::api_value::api_name;
use crate::logic::property_draft::{
    duration_to_millis, human_duration, widget, PropertyDraft, Widget,
};
use leptos::prelude::*;
use mobileid_admin_contract::properties::{rules_of, Kind, PropertySpec, Severity, NULL_TEXT};

/// The message line under a field: an error (blocks) or a warning (does not), and the
/// `aria-invalid` that goes with it.
#[component]
pub(super) fn FieldMessage(editor: Editor, name: String, id: String) -> impl IntoView {
    let name = StoredValue::new(name);
    let message = move || editor.message(&name.read_value());
    view! {
        <p id=id aria-live="polite"
            class=move || match message().map(|m| m.severity) {
                Some(Severity::Warning) => "field-warning",
                _ => "field-error",
            }>
            {move || message().map(|m| match m.severity {
                Severity::Warning => format!("Warning: {}", m.message),
                Severity::Error => m.message,
            })}
        </p>
    }
}

/// The options of a single-choice field: the known values, then whatever the server holds or
/// the admin typed that the console does not know (shown, never dropped).
fn open_options(spec: &'static PropertySpec, draft: RwSignal<PropertyDraft>) -> Vec<String> {
    let known = spec.kind.options();
    let (server, current) = draft.with(|d| (d.base_text(spec.name), d.text(spec.name)));
    let mut options: Vec<String> = known.iter().map(|o| (*o).to_string()).collect();
    for extra in [server, current] {
        if !extra.is_empty() && !options.contains(&extra) {
            options.push(extra);
        }
    }
    options
}

/// Whether a boolean property's server value fits a switch: the API's `"true"` or `"false"`,
/// or no value yet. Anything else (`"yes"`, a JSON `true`, a number) keeps the open select,
/// which shows it as it came and sends it back unchanged; a switch would coerce it.
fn switchable(server: Option<&serde_json::Value>) -> bool {
    match server {
        None => true,
        Some(serde_json::Value::String(s)) => s == "true" || s == "false",
        Some(_) => false,
    }
}

/// The value of the "Other value…" entry of an open select.
const OTHER_OPTION: &str = "__other_value__";

/// One property, with the widget its kind calls for.
#[component]
pub(super) fn PropertyField(spec: &'static PropertySpec, editor: Editor) -> impl IntoView {
    let name = spec.name;
    let id = input_id(name);
    let help_id = format!("{id}-help");
    let message_id = format!("{id}-message");
    let described_by = format!("{help_id} {message_id}");
    let draft = editor.draft;
    let invalid = move || {
        editor
            .message(name)
            .is_some_and(|m| m.is_error())
            .to_string()
    };
    let changed = move || draft.with(|d| d.is_changed(name));
    let text = move || draft.with(|d| d.text(name));
    // A property the server has no value for shows as "(not set)", not as its first option.
    let unset = draft.with_untracked(|d| !d.base.contains_key(name));
    let input = match widget(spec) {
        _ if spec.read_only => view! {
            <input id=id.clone() name=name readonly aria-readonly="true" class="readonly"
                prop:value=text aria-describedby=described_by.clone() />
        }
        .into_any(),
        Widget::Number | Widget::Text => {
            let numeric = widget(spec) == Widget::Number;
            let millis = spec.kind.unit() == Some("ms");
            view! {
                <input id=id.clone() name=name autocomplete="off" spellcheck="false"
                    inputmode=if numeric && !millis { "numeric" } else { "text" }
                    prop:value=text
                    on:input=move |ev| editor.edit(name, |d| d.set_text(name, event_target_value(&ev)))
                    // A duration may be typed with its unit ("5 min"): kept in milliseconds.
                    on:change=move |ev| {
                        if let Some(ms) = millis.then(|| duration_to_millis(&event_target_value(&ev))).flatten() {
                            editor.edit(name, |d| d.set_text(name, ms.to_string()));
                        }
                    }
                    aria-invalid=invalid aria-describedby=described_by.clone() />
            }
            .into_any()
        }
        Widget::Toggle | Widget::Select => {
            // A boolean is a switch while its value is the API's "true" or "false" (or none);
            // a value the switch cannot show (on the server, or imported) is an open select.
            let as_switch = Memo::new(move |_| {
                widget(spec) == Widget::Toggle
                    && draft.with(|d| switchable(d.base.get(name)))
                    && matches!(text().as_str(), "true" | "false" | "")
            });
            let select_id = id.clone();
            let select_described = described_by.clone();
            let switch_id = id.clone();
            let switch_described = described_by.clone();
            view! {
                <Show when=move || as_switch.get()
                    fallback=move || view! {
                        <OpenSelect spec=spec editor=editor id=select_id.clone()
                            described_by=select_described.clone() unset=unset invalid=Signal::derive(invalid) />
                    }>
                    <SwitchControl name=name editor=editor id=switch_id.clone()
                        described_by=switch_described.clone() />
                </Show>
            }
            .into_any()
        }
        Widget::Checkboxes => view! { <Checkboxes spec=spec editor=editor id=id.clone() described_by=described_by.clone() /> }.into_any(),
        Widget::Secret => view! { <SecretInput spec=spec editor=editor id=id.clone() described_by=described_by.clone() /> }.into_any(),
    };

    let (documented, chosen) = rules_of(spec);
    let duration = move || match spec.kind.unit() {
        Some("ms") => human_duration(&text()).map(|h| format!(" = {h}")),
        _ => None,
    };
    let example = (!spec.example.is_empty() && !spec.secret).then_some(spec.example);

    view! {
        <div class="property" class:changed=changed
            class:invalid=move || editor.message(name).is_some_and(|m| m.is_error())
            class:warned=move || editor.message(name).is_some_and(|m| !m.is_error())
            hidden=move || !editor.visible(spec)>
            <div class="property-label">
                <label for=id.clone() id=format!("{id}-label")>{spec.label}</label>
                " " {api_name(name)}
                {spec.read_only.then(|| view! { <span class="tag">"read-only"</span> })}
                {spec.secret.then(|| view! { <span class="tag">"write-only"</span> })}
                <Show when=changed><span class="tag changed-tag">"changed"</span></Show>
            </div>
            {input}
            <div class="help" id=help_id>
                <p>{spec.help}{duration}</p>
                {example.map(|e| view! { <p class="muted">"Example in the reference: " <code>{e}</code></p> })}
            </div>
            <details class="rules">
                <summary>{if chosen.is_empty() { "Rules" } else { "Rules and the console's guesses" }}</summary>
                <p class="muted rule-documented">"API reference (blocks): " {documented.join(" ")}</p>
                {(!chosen.is_empty()).then(|| view! {
                    <p class="muted rule-chosen">"Console's guess (warns, never blocks): " {chosen.join(" ")}</p>
                })}
            </details>
            <FieldMessage editor=editor name=name.to_string() id=message_id />
            <div class="field-actions">
                <Show when=changed>
                    <button type="button" class="link" on:click=move |_| editor.edit(name, |d| d.reset(name))>
                        "Reset to the server's value"
                    </button>
                </Show>
            </div>
        </div>
    }
}

/// A boolean property as a switch: a button with `role="switch"` named by the field's label.
/// Space and Enter toggle it (it is a button); the edit is the API's text, "true" or "false".
#[component]
fn SwitchControl(
    name: &'static str,
    editor: Editor,
    id: String,
    described_by: String,
) -> impl IntoView {
    let text = move || editor.draft.with(|d| d.text(name));
    let on = move || text() == "true";
    let state_text = move || match text().as_str() {
        "true" => "On",
        "false" => "Off",
        _ => "Off (not set)",
    };
    view! {
        // `prop:value` keeps the API's text readable as the field's value, as in the other
        // widgets.
        <button type="button" role="switch" class="switch-control" id=id.clone() name=name
            aria-checked=move || on().to_string() aria-labelledby=format!("{id}-label")
            aria-describedby=described_by prop:value=text
            on:click=move |_| {
                let next = if on() { "false" } else { "true" };
                editor.edit(name, |d| d.set_text(name, next.to_string()));
            }>
            <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
            <span class="switch-state">{state_text}</span>
        </button>
    }
}

/// A single choice: the known values, any other value as it came (marked), and "Other value…"
/// to type one the console does not list.
#[component]
fn OpenSelect(
    spec: &'static PropertySpec,
    editor: Editor,
    id: String,
    described_by: String,
    /// The server has no value: "(not set)" is shown rather than the first option.
    unset: bool,
    invalid: Signal<String>,
) -> impl IntoView {
    let name = spec.name;
    let draft = editor.draft;
    let text = move || draft.with(|d| d.text(name));
    let other_open = RwSignal::new(false);
    let toggle = widget(spec) == Widget::Toggle;
    let other_id = format!("{id}-other");
    let other_for = other_id.clone();
    view! {
        <div class="open-select">
            <select id=id.clone() name=name aria-invalid=invalid aria-describedby=described_by.clone()
                prop:value=move || if other_open.get() { OTHER_OPTION.to_string() } else { text() }
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if value == OTHER_OPTION {
                        other_open.set(true);
                        browser::focus(&format!("{}-other", input_id(name)));
                    } else {
                        other_open.set(false);
                        editor.edit(name, |d| d.set_text(name, value));
                    }
                }>
                {unset.then(|| view! { <option value="">"(not set)"</option> })}
                {move || open_options(spec, draft).into_iter().map(|o| {
                    let known = spec.kind.options().contains(&o.as_str());
                    let label = match (toggle, o.as_str(), known) {
                        (true, "true", _) => "true — on".to_string(),
                        (true, "false", _) => "false — off".to_string(),
                        (_, _, true) => o.clone(),
                        (_, _, false) => format!("{o} (not known to this console)"),
                    };
                    view! { <option value=o>{label}</option> }
                }).collect_view()}
                <option value=OTHER_OPTION>"Other value…"</option>
            </select>
            <Show when=move || other_open.get()>
                <label for=other_for.clone() class="visually-hidden">{format!("{}: other value", spec.label)}</label>
                <input id=other_id.clone() class="other-value" autocomplete="off" spellcheck="false"
                    placeholder="Type the value the API expects"
                    prop:value=text aria-describedby=described_by.clone()
                    on:input=move |ev| editor.edit(name, |d| d.set_text(name, event_target_value(&ev))) />
            </Show>
        </div>
    }
}

/// A list of values: a box per known value, a box per value the server holds or the admin
/// added that the console does not know, a field to add another, and for a list that
/// documents `null`, that choice of its own.
#[component]
fn Checkboxes(
    spec: &'static PropertySpec,
    editor: Editor,
    id: String,
    described_by: String,
) -> impl IntoView {
    let name = spec.name;
    let draft = editor.draft;
    let nullable = matches!(spec.kind, Kind::EnumList { nullable: true, .. });
    let is_null = move || draft.with(|d| d.is_null(name));
    let options = move || {
        let mut options: Vec<String> = spec
            .kind
            .options()
            .iter()
            .map(|o| (*o).to_string())
            .collect();
        draft.with(|d| {
            let server: Vec<String> = d
                .base_text(name)
                .split(',')
                .map(|s| s.trim().to_string())
                .collect();
            for item in server.into_iter().chain(d.items(name)) {
                if !item.is_empty() && item != NULL_TEXT && !options.contains(&item) {
                    options.push(item);
                }
            }
        });
        options
    };
    let add_id = format!("{id}-add");
    let add_for = add_id.clone();
    let new_value = RwSignal::new(String::new());
    let add = move || {
        let value = new_value.get_untracked().trim().to_string();
        if !value.is_empty() {
            editor.edit(name, |d| d.toggle_option(name, &value, true));
            new_value.set(String::new());
        }
    };
    let null_id = format!("{id}-null");
    let null_for = null_id.clone();
    view! {
        <div class="checkboxes" role="group" id=id.clone() aria-labelledby=format!("{id}-label")
            aria-describedby=described_by aria-invalid=move || editor.message(name).is_some_and(|m| m.is_error()).to_string() tabindex="-1">
            {nullable.then(|| view! {
                <label for=null_for class="checkbox null-choice">
                    <input type="checkbox" id=null_id prop:checked=is_null
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            editor.edit(name, |d| d.set_text(name, if on { NULL_TEXT.to_string() } else { String::new() }));
                        } />
                    "Only the always-collected attributes (sent as null)"
                </label>
            })}
            {move || options().into_iter().enumerate().map(|(i, option)| {
                let known = spec.kind.options().contains(&option.as_str());
                let box_id = format!("{}-{i}", input_id(name));
                let label_for = box_id.clone();
                let value = option.clone();
                let checked = {
                    let option = option.clone();
                    move || draft.with(|d| d.items(name).contains(&option))
                };
                view! {
                    <label for=label_for class="checkbox" class:unknown-value=!known>
                        <input type="checkbox" id=box_id name=name value=option.clone() prop:checked=checked
                            disabled=is_null
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                editor.edit(name, |d| d.toggle_option(name, &value, on));
                            } />
                        {option.clone()}
                        {(!known).then(|| view! { <span class="tag">"not known to this console"</span> })}
                    </label>
                }
            }).collect_view()}
            <span class="add-value">
                <label for=add_for>"Add a value"</label>
                <input id=add_id autocomplete="off" spellcheck="false" disabled=is_null
                    prop:value=move || new_value.get()
                    on:input=move |ev| new_value.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); add(); } />
                <button type="button" class="link" id=format!("{id}-add-button") disabled=is_null on:click=move |_| add()>"Add"</button>
            </span>
        </div>
    }
}
