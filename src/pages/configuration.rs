//! Application configuration: overview (uuid, appId, state), state with confirmation, APNs
//! UUID, and the property editor — rendered from the contract's property table, validated as
//! the admin types, saved after a review of the diff and a check for concurrent changes.

use crate::api;
use crate::browser::{self, session_storage};
use crate::components::account::chosen_account_signal;
use crate::components::confirm::{sync_modal, ConfirmDialog};
use crate::components::error_banner::ErrorBanner;
use crate::components::fields::Field;
use crate::components::status::notify;
use crate::components::unsaved;
use leptos::html::{Dialog, Input, Textarea};
use leptos::prelude::*;
use leptos::task::spawn_local;
use mobileid_admin_contract::models::{
    is_uuid, ApplicationConfiguration, EnabledState, PropertyValues,
};
use mobileid_admin_contract::properties::{FieldError, Group, PropertySpec};
use mobileid_admin_contract::property_draft::{
    human_duration, widget, Conflict, DiffRow, PropertyDraft, Widget,
};
use mobileid_admin_contract::ApiError;
use std::collections::BTreeMap;

fn draft_key() -> String {
    let account = chosen_account_signal()
        .get_untracked()
        .unwrap_or_else(|| "token".into());
    format!("mobileid.draft.properties.{account}")
}

fn input_id(name: &str) -> String {
    format!("prop-{name}")
}

/// Everything the editor's fields share.
#[derive(Clone, Copy)]
struct Editor {
    draft: RwSignal<PropertyDraft>,
    errors: Memo<Vec<FieldError>>,
    /// `invalidParams` of the last failed save, until the field is edited again.
    server_errors: RwSignal<BTreeMap<String, String>>,
    filter: RwSignal<String>,
}

impl Editor {
    fn message(&self, name: &'static str) -> Option<String> {
        if let Some(m) = self.server_errors.with(|e| e.get(name).cloned()) {
            return Some(m);
        }
        self.errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.name == name)
                .map(|e| e.message.clone())
        })
    }

    /// The draft's errors, then the server's reasons from the last failed save.
    fn all_errors(&self) -> Vec<FieldError> {
        let mut all = self.errors.get();
        self.server_errors.with(|server| {
            for (name, message) in server {
                if !all.iter().any(|e| &e.name == name) {
                    all.push(FieldError {
                        name: name.clone(),
                        message: message.clone(),
                    });
                }
            }
        });
        all
    }

    fn edit(&self, name: &'static str, change: impl FnOnce(&mut PropertyDraft)) {
        self.draft.update(change);
        self.server_errors.update(|e| {
            e.remove(name);
        });
    }

    fn visible(&self, spec: &PropertySpec) -> bool {
        let filter = self.filter.get().trim().to_lowercase();
        filter.is_empty()
            || spec.name.to_lowercase().contains(&filter)
            || spec.label.to_lowercase().contains(&filter)
    }
}

#[component]
pub fn ConfigurationPage() -> impl IntoView {
    let chosen = chosen_account_signal();
    let overview = RwSignal::new(None::<Result<ApplicationConfiguration, ApiError>>);
    let reload = RwSignal::new(0u32);

    let draft = RwSignal::new(PropertyDraft::default());
    let loaded = RwSignal::new(false);
    let restored = RwSignal::new(false);
    let errors = Memo::new(move |_| draft.with(PropertyDraft::errors));
    let editor = Editor {
        draft,
        errors,
        server_errors: RwSignal::new(BTreeMap::new()),
        filter: RwSignal::new(String::new()),
    };

    // The storage key of the account the draft belongs to, fixed when the draft is loaded, so
    // edits made while another account loads are never filed under it.
    let draft_owner = StoredValue::new(None::<String>);

    Effect::new(move |_| {
        chosen.track();
        reload.track();
        let key = draft_key();
        spawn_local(async move {
            let result = api::send(api::client().get_application_configuration()).await;
            if let Ok(config) = &result {
                // Reloading the same account (after a state change, "Try again") keeps the edits
                // in memory, new secrets included; conflicts are checked when saving.
                let same_account = draft_owner.get_value().as_deref() == Some(key.as_str());
                let keep = same_account && draft.with_untracked(PropertyDraft::is_dirty);
                if !keep {
                    let mut fresh = PropertyDraft::new(config.properties.clone());
                    // A draft from before a reload or a re-login comes back (secrets never do).
                    if let Some(stored) = session_storage::get_json::<PropertyDraft>(&key) {
                        if stored.is_dirty() {
                            fresh = stored;
                            restored.try_set(true);
                        }
                    }
                    draft_owner.set_value(Some(key));
                    draft.try_set(fresh);
                }
                loaded.try_set(true);
            }
            overview.try_set(Some(result));
        });
    });

    // Keep the draft in the tab's storage (without secrets) and tell the shell about it.
    Effect::new(move |_| {
        let current = draft.get();
        if !loaded.get() {
            return;
        }
        let Some(key) = draft_owner.get_value() else {
            return;
        };
        unsaved::set_unsaved(current.is_dirty());
        if current.edits.is_empty() {
            session_storage::remove(&key);
        } else {
            session_storage::set_json(&key, &current);
        }
    });
    on_cleanup(|| unsaved::set_unsaved(false));

    view! {
        <h1 class="page-title">"Application configuration"</h1>
        {move || match overview.get() {
            None => view! { <p class="muted" aria-busy="true">"Loading the configuration…"</p> }.into_any(),
            Some(Err(e)) => view! {
                <ErrorBanner error=e />
                <button type="button" on:click=move |_| reload.update(|n| *n += 1)>"Try again"</button>
            }.into_any(),
            Some(Ok(config)) => view! { <Overview config=config reload=reload /> }.into_any(),
        }}
        <Show when=move || loaded.get()>
            <PropertyEditor editor=editor restored=restored />
        </Show>
    }
}

#[component]
fn Overview(config: ApplicationConfiguration, reload: RwSignal<u32>) -> impl IntoView {
    let enabled = config.state == EnabledState::Enabled;
    let confirm_open = RwSignal::new(false);
    let target = if enabled {
        EnabledState::Disabled
    } else {
        EnabledState::Enabled
    };
    let change_state = Callback::new(move |()| {
        spawn_local(async move {
            match api::send(api::client().update_configuration_state(target)).await {
                Ok(s) => {
                    notify(
                        format!(
                            "Application configuration {}.",
                            s.state.as_str().to_lowercase()
                        ),
                        false,
                    );
                    reload.try_update(|n| *n += 1);
                }
                Err(e) => notify(format!("Could not change the state: {e}"), true),
            }
        });
    });

    // APNs UUID: loaded with its own operation, edited in place.
    let apns_uuid = RwSignal::new(String::new());
    let apns_saved = RwSignal::new(String::new());
    let apns_error = RwSignal::new(None::<String>);
    spawn_local(async move {
        match api::send(api::client().get_apns_uuid()).await {
            Ok(u) => {
                apns_uuid.try_set(u.apns_uuid.clone());
                apns_saved.try_set(u.apns_uuid);
            }
            Err(e) => {
                apns_error.try_set(Some(format!("Could not read the APNs UUID: {e}")));
            }
        }
    });
    // Checked once the admin has typed something other than the stored value.
    let apns_problem = move || {
        let text = apns_uuid.get();
        (text.trim() != apns_saved.get() && !is_uuid(text.trim()))
            .then(|| "Must be a UUID such as 12ef6f3a-a12a-4c5e-bb1b-1d75a9f37d59.".to_string())
    };
    let save_apns = move || {
        if apns_problem().is_some() {
            return;
        }
        let value = apns_uuid.get_untracked().trim().to_string();
        spawn_local(async move {
            match api::send(api::client().update_apns_uuid(&value)).await {
                Ok(u) => {
                    apns_saved.try_set(u.apns_uuid);
                    apns_error.try_set(None);
                    notify("APNs UUID saved.", false);
                }
                Err(e) => {
                    let field = e
                        .problem()
                        .and_then(|p| p.invalid_params.first().map(|i| i.reason.clone()));
                    apns_error.try_set(Some(field.unwrap_or_else(|| e.to_string())));
                }
            }
        });
    };
    let apns_message = move || apns_error.get().or_else(apns_problem);

    view! {
        <section class="card" id="configuration-overview">
            <div class="page-header">
                <h2>"Overview"</h2>
                <span class="badge" class:ok=enabled class:off=!enabled id="configuration-state">{config.state.to_string()}</span>
            </div>
            <dl class="fields">
                <Field label="UUID" value=config.uuid.clone() id="configuration-uuid" />
                <Field label="Application ID" value=config.app_id.clone() id="configuration-app-id" />
            </dl>
            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); save_apns(); }>
                <label for="apns-uuid">"APNs UUID"</label>
                <input id="apns-uuid" name="apnsUuid" class="uuid" autocomplete="off" spellcheck="false"
                    prop:value=move || apns_uuid.get()
                    on:input=move |ev| { apns_uuid.set(event_target_value(&ev)); apns_error.set(None); }
                    aria-invalid=move || apns_message().is_some().to_string()
                    aria-describedby="apns-uuid-message" />
                <button type="submit" id="save-apns-uuid"
                    disabled=move || apns_message().is_some() || apns_uuid.get().trim() == apns_saved.get()>
                    "Save APNs UUID"
                </button>
                <span id="apns-uuid-message" class=move || if apns_message().is_some() { "field-error" } else { "muted" }>
                    {move || apns_message().unwrap_or_else(|| "The UUID Apple push notifications are sent for.".into())}
                </span>
            </form>
            <div class="actions">
                <button type="button" id="toggle-configuration-state" class:danger=enabled on:click=move |_| confirm_open.set(true)>
                    {if enabled { "Disable configuration" } else { "Enable configuration" }}
                </button>
            </div>
            <ConfirmDialog open=confirm_open
                title=if enabled { "Disable the application configuration?" } else { "Enable the application configuration?" }.to_string()
                message=if enabled {
                    "While it is disabled, the mobile application cannot use MobileID.".to_string()
                } else {
                    "The mobile application will be able to use MobileID again.".to_string()
                }
                confirm_label=if enabled { "Disable" } else { "Enable" }.to_string()
                on_confirm=change_state danger=enabled />
        </section>
    }
}

#[component]
fn PropertyEditor(editor: Editor, restored: RwSignal<bool>) -> impl IntoView {
    let draft = editor.draft;
    let save_error = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let review = RwSignal::new(Vec::<DiffRow>::new());
    let review_title = RwSignal::new(String::new());
    let review_can_save = RwSignal::new(true);
    let conflicts = RwSignal::new(Vec::<Conflict>::new());
    let fresh = StoredValue::new(None::<PropertyValues>);
    let import_errors = RwSignal::new(Vec::<FieldError>::new());
    let import_input = NodeRef::<Input>::new();

    let invalid = move || !editor.errors.with(Vec::is_empty);
    let dirty = move || draft.with(PropertyDraft::is_dirty);

    let open_review = move |title: &str, can_save: bool| {
        review_title.set(title.to_string());
        review_can_save.set(can_save);
        review.set(draft.with_untracked(PropertyDraft::diff));
    };

    // Save: re-read the server first; a change made meanwhile is shown, not overwritten.
    let start_save = move || {
        if invalid() || !dirty() {
            return;
        }
        save_error.set(None);
        spawn_local(async move {
            match api::send(api::client().get_properties()).await {
                Ok(server) => {
                    let found = draft.with_untracked(|d| d.conflicts(&server));
                    if found.is_empty() {
                        open_review("Review your changes", true);
                    } else {
                        fresh.set_value(Some(server));
                        conflicts.try_set(found);
                    }
                }
                Err(e) => {
                    save_error.try_set(Some(e));
                }
            }
        });
    };

    let resolve_conflict = move |keep_mine: bool| {
        if let Some(server) = fresh.get_value() {
            draft.update(|d| d.rebase(server, keep_mine));
        }
        conflicts.set(Vec::new());
        if !invalid() && dirty() {
            open_review("Review your changes", true);
        }
    };

    let send = move || {
        review.set(Vec::new());
        saving.set(true);
        let changes = draft.with_untracked(PropertyDraft::changes);
        let count = changes.len();
        spawn_local(async move {
            match api::send(api::client().update_properties(&changes)).await {
                Ok(saved) => {
                    // Secrets leave memory with the old draft.
                    draft.try_set(PropertyDraft::new(saved));
                    editor.server_errors.try_set(BTreeMap::new());
                    restored.try_set(false);
                    notify(
                        format!(
                            "Saved {count} propert{}.",
                            if count == 1 { "y" } else { "ies" }
                        ),
                        false,
                    );
                }
                Err(e) => {
                    // Every edit stays; the server's reasons go to their fields.
                    if let Some(p) = e.problem() {
                        let map = p
                            .invalid_params
                            .iter()
                            .map(|i| (i.name.clone(), i.reason.clone()))
                            .collect();
                        editor.server_errors.try_set(map);
                    }
                    save_error.try_set(Some(e));
                }
            }
            saving.try_set(false);
        });
    };

    let export = move || {
        let account = chosen_account_signal()
            .get_untracked()
            .unwrap_or_else(|| "account".into());
        let text = draft.with_untracked(PropertyDraft::export_json);
        browser::download(
            &format!("mobileid-properties-{account}.json"),
            "application/json",
            &text,
        );
    };

    let import = move || {
        let Some(input) = import_input.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let Some(text) = browser::read_chosen_file(&input).await else {
                return;
            };
            input.set_value("");
            let mut candidate = draft.get_untracked();
            match candidate.import_json(&text) {
                Ok(report) => {
                    import_errors.try_set(Vec::new());
                    draft.try_set(candidate);
                    if report.applied.is_empty() {
                        notify("The file has no changes against the current values.", false);
                    } else {
                        open_review("Imported changes (not saved yet)", false);
                    }
                }
                Err(errors) => {
                    import_errors.try_set(errors);
                }
            }
        });
    };

    let error_count = move || editor.all_errors().len();

    view! {
        <section class="card" id="property-editor">
            <div class="page-header">
                <h2>"Properties"</h2>
                <div class="actions">
                    <button type="button" id="export-properties" on:click=move |_| export()>"Export JSON"</button>
                    <input type="file" id="import-properties" class="visually-hidden" accept=".json,application/json"
                        node_ref=import_input on:change=move |_| import() />
                    <label class="button-like" for="import-properties">"Import JSON…"</label>
                </div>
            </div>
            <Show when=move || restored.get() && dirty()>
                <p class="banner" role="status" id="draft-restored">
                    "Your unsaved changes from earlier in this tab were restored. "
                    <button type="button" class="link" on:click=move |_| {
                        draft.update(|d| { d.edits.clear(); d.clear_secrets(); });
                        restored.set(false);
                    }>"Discard them"</button>
                </p>
            </Show>
            <Show when=move || !import_errors.with(Vec::is_empty)>
                <div class="banner error" role="alert" id="import-errors">
                    <strong>"The file was not imported; nothing changed:"</strong>
                    <ul>{move || import_errors.get().into_iter().map(|e| view! { <li>{e.to_string()}</li> }).collect_view()}</ul>
                </div>
            </Show>
            {move || save_error.get().map(|e| view! { <div id="save-error"><ErrorBanner error=e /></div> })}
            <Show when=move || { error_count() > 0 }>
                <div class="banner error" role="alert" id="error-summary">
                    <strong>{move || format!("{} to fix before saving:", match error_count() { 1 => "1 problem".to_string(), n => format!("{n} problems") })}</strong>
                    <ul>
                        {move || editor.all_errors().into_iter().map(|e| {
                            let target = input_id(&e.name);
                            let label = mobileid_admin_contract::properties::spec(&e.name).map(|s| s.label).unwrap_or("File");
                            view! {
                                <li><button type="button" class="link" on:click=move |_| {
                                    // A field hidden by the search cannot take focus.
                                    editor.filter.set(String::new());
                                    browser::focus(&target);
                                }>
                                    {format!("{label}: {}", e.message)}
                                </button></li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            </Show>
            <div class="editor-toolbar">
                <label for="property-filter">"Find a property"</label>
                <input id="property-filter" type="search" placeholder="Label or API name"
                    prop:value=move || editor.filter.get()
                    on:input=move |ev| editor.filter.set(event_target_value(&ev)) />
                <span class="spacer"></span>
                <span class="muted" id="change-count">{move || match draft.with(|d| d.changes().len()) {
                    0 => "No unsaved changes".to_string(),
                    1 => "1 unsaved change".to_string(),
                    n => format!("{n} unsaved changes"),
                }}</span>
                <button type="button" id="discard-changes" disabled=move || !dirty()
                    on:click=move |_| {
                        draft.update(|d| { d.edits.clear(); d.clear_secrets(); });
                        editor.server_errors.set(BTreeMap::new());
                    }>"Discard changes"</button>
                <button type="button" class="primary" id="save-properties"
                    disabled=move || invalid() || !dirty() || saving.get()
                    on:click=move |_| start_save()>
                    {move || if saving.get() { "Saving…" } else { "Save…" }}
                </button>
            </div>
            {Group::ALL.iter().map(|group| {
                let group = *group;
                let specs: Vec<&'static PropertySpec> = group.properties().collect();
                let heading = format!("group-{}", group.label().to_lowercase().replace(' ', "-"));
                let labelled_by = heading.clone();
                let any_visible = {
                    let specs = specs.clone();
                    move || specs.iter().any(|s| editor.visible(s))
                };
                view! {
                    <section class="property-group" aria-labelledby=labelled_by hidden=move || !any_visible()>
                        <h3 id=heading>{group.label()}</h3>
                        {specs.into_iter().map(|spec| view! { <PropertyField spec=spec editor=editor /> }).collect_view()}
                    </section>
                }
            }).collect_view()}
        </section>
        <ReviewDialog rows=review title=review_title can_save=review_can_save on_save=Callback::new(move |()| send()) />
        <ConflictDialog conflicts=conflicts on_resolve=Callback::new(resolve_conflict) />
    }
}

/// One property, with the widget its kind calls for.
#[component]
fn PropertyField(spec: &'static PropertySpec, editor: Editor) -> impl IntoView {
    let name = spec.name;
    let id = input_id(name);
    let help_id = format!("{id}-help");
    let message_id = format!("{id}-message");
    let described_by = format!("{help_id} {message_id}");
    let draft = editor.draft;
    let message = move || editor.message(name);
    let invalid = move || message().is_some().to_string();
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
            view! {
                <input id=id.clone() name=name autocomplete="off" spellcheck="false"
                    inputmode=if numeric { "numeric" } else { "text" }
                    prop:value=text
                    on:input=move |ev| editor.edit(name, |d| d.set_text(name, event_target_value(&ev)))
                    aria-invalid=invalid aria-describedby=described_by.clone() />
            }
            .into_any()
        }
        Widget::Toggle => view! {
            <select id=id.clone() name=name aria-invalid=invalid aria-describedby=described_by.clone()
                prop:value=text
                on:change=move |ev| editor.edit(name, |d| d.set_text(name, event_target_value(&ev)))>
                {unset.then(|| view! { <option value="">"(not set)"</option> })}
                <option value="true">"true — on"</option>
                <option value="false">"false — off"</option>
            </select>
        }
        .into_any(),
        Widget::Select => view! {
            <select id=id.clone() name=name aria-invalid=invalid aria-describedby=described_by.clone()
                prop:value=text
                on:change=move |ev| editor.edit(name, |d| d.set_text(name, event_target_value(&ev)))>
                {unset.then(|| view! { <option value="">"(not set)"</option> })}
                {spec.kind.options().iter().map(|o| view! { <option value=*o>{*o}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        Widget::Checkboxes => view! {
            <div class="checkboxes" role="group" id=id.clone() aria-labelledby=format!("{id}-label")
                aria-describedby=described_by.clone() aria-invalid=invalid tabindex="-1">
                {spec.kind.options().iter().enumerate().map(|(i, option)| {
                    let option: &'static str = option;
                    let box_id = format!("{id}-{i}");
                    let label_for = box_id.clone();
                    let checked = move || draft.with(|d| d.text(name).split(',').any(|s| s.trim() == option));
                    view! {
                        <label for=label_for class="checkbox">
                            <input type="checkbox" id=box_id name=name value=option prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    editor.edit(name, |d| d.toggle_option(name, option, on));
                                } />
                            {option}
                        </label>
                    }
                }).collect_view()}
            </div>
        }
        .into_any(),
        Widget::Secret => view! { <SecretInput spec=spec editor=editor id=id.clone() described_by=described_by.clone() /> }.into_any(),
    };

    let rule = spec.kind.rule();
    let duration = move || match spec.kind.unit() {
        Some("ms") => human_duration(&text()).map(|h| format!(" = {h}")),
        _ => None,
    };
    let has_default = !spec.default.is_empty() && !spec.read_only && !spec.secret;
    let at_default = move || draft.with(|d| d.text(name) == spec.default);

    view! {
        <div class="property" class:changed=changed class:invalid=move || message().is_some()
            hidden=move || !editor.visible(spec)>
            <div class="property-label">
                <label for=id.clone() id=format!("{id}-label")>{spec.label}</label>
                " " <code class="api-name">{name}</code>
                {spec.read_only.then(|| view! { <span class="tag">"read-only"</span> })}
                {spec.secret.then(|| view! { <span class="tag">"write-only"</span> })}
                <Show when=changed><span class="tag changed-tag">"changed"</span></Show>
            </div>
            {input}
            <p class="help" id=help_id>
                {spec.help} " "
                <span class="muted">{format!("Allowed: {}.", rule.trim_end_matches('.'))}{duration}</span>
                {spec.read_only.then_some(" Shown only: Signicat support changes it.")}
            </p>
            <p class="field-error" id=message_id aria-live="polite">{message}</p>
            <div class="field-actions">
                <Show when=changed>
                    <button type="button" class="link" on:click=move |_| editor.edit(name, |d| d.reset(name))>
                        "Reset to server value"
                    </button>
                </Show>
                <Show when=move || has_default && !at_default()>
                    <button type="button" class="link" on:click=move |_| editor.edit(name, |d| d.reset_to_default(name))>
                        {format!("Reset to default ({})", spec.default)}
                    </button>
                </Show>
            </div>
        </div>
    }
}

/// A write-only secret: shows whether it is set, takes a new value from a paste or a file,
/// keeps it in memory only and never shows it back.
#[component]
fn SecretInput(
    spec: &'static PropertySpec,
    editor: Editor,
    id: String,
    described_by: String,
) -> impl IntoView {
    let name = spec.name;
    let draft = editor.draft;
    let open = RwSignal::new(false);
    let paste = NodeRef::<Textarea>::new();
    let file = NodeRef::<Input>::new();
    let is_set = move || draft.with(|d| d.base.get(name).is_some_and(|v| !v.is_null()));
    let replaced = move || draft.with(|d| d.has_new_secret(name));
    let status = move || match (replaced(), is_set()) {
        (true, _) => "New value ready — sent on save",
        (false, true) => "Set",
        (false, false) => "Not set",
    };
    // Whatever was pasted or chosen leaves the page as soon as it is taken or the form closes.
    let clear_inputs = move || {
        if let Some(area) = paste.get_untracked() {
            area.set_value("");
        }
        if let Some(input) = file.get_untracked() {
            input.set_value("");
        }
    };
    let take = move |text: String| {
        editor.edit(name, |d| d.set_secret(name, &text));
        clear_inputs();
        open.set(false);
    };
    let invalid = move || editor.message(name).is_some().to_string();
    let from_file = move || {
        let Some(input) = file.get_untracked() else {
            return;
        };
        spawn_local(async move {
            if let Some(text) = browser::read_chosen_file(&input).await {
                input.set_value("");
                take(text);
            }
        });
    };
    view! {
        <div class="secret" id=id.clone() tabindex="-1">
            <span class="secret-status" id=format!("{id}-status")>{status}</span>
            <button type="button" class="link" id=format!("{id}-replace")
                aria-describedby=described_by.clone() aria-invalid=invalid
                on:click=move |_| {
                    if open.get_untracked() {
                        clear_inputs();
                    }
                    open.update(|o| *o = !*o);
                }>
                {move || if open.get() { "Cancel" } else if is_set() { "Replace…" } else { "Set…" }}
            </button>
            <Show when=replaced>
                <button type="button" class="link" on:click=move |_| {
                    clear_inputs();
                    editor.edit(name, |d| d.reset(name));
                }>"Forget new value"</button>
            </Show>
            <div class="secret-form" hidden=move || !open.get()>
                <label for=format!("{id}-paste")>"Paste the new value"</label>
                <textarea id=format!("{id}-paste") name=name node_ref=paste rows="3" autocomplete="off"
                    spellcheck="false" aria-describedby=described_by.clone() aria-invalid=invalid></textarea>
                <button type="button" id=format!("{id}-use") on:click=move |_| {
                    let text = paste.get_untracked().map(|a| a.value()).unwrap_or_default();
                    if !text.trim().is_empty() {
                        take(text);
                    }
                }>"Use pasted value"</button>
                <label for=format!("{id}-file")>"or read it from a file"</label>
                <input type="file" id=format!("{id}-file") name=name node_ref=file on:change=move |_| from_file() />
                <p class="muted">"Base64 text is sent as it is; anything else (such as a serviceAccount.json) is Base64-encoded for you. The value is never shown again and never stored in this browser."</p>
            </div>
        </div>
    }
}

#[component]
fn ReviewDialog(
    rows: RwSignal<Vec<DiffRow>>,
    title: RwSignal<String>,
    can_save: RwSignal<bool>,
    on_save: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    sync_modal(dialog, move || !rows.with(Vec::is_empty));
    view! {
        <dialog node_ref=dialog class="dialog wide" aria-labelledby="review-title" id="review-dialog"
            on:close=move |_| rows.set(Vec::new())>
            <h2 id="review-title">{move || title.get()}</h2>
            <table class="table" id="review-diff">
                <thead><tr><th scope="col">"Property"</th><th scope="col">"Now"</th><th scope="col">"New"</th></tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|r| {
                        let key = r.name.clone();
                        view! {
                        <tr data-name=key>
                            <td>{r.label} " " <code class="api-name">{r.name}</code></td>
                            <td class="old">{r.old}</td>
                            <td class="new">{r.new}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
            <div class="actions">
                <button type="button" id="review-cancel" on:click=move |_| rows.set(Vec::new())>
                    {move || if can_save.get() { "Back to editing" } else { "Close" }}
                </button>
                <Show when=move || can_save.get()>
                    <button type="button" class="primary" id="review-confirm" on:click=move |_| on_save.run(())>
                        {move || format!("Save {} change{}", rows.with(Vec::len), if rows.with(Vec::len) == 1 { "" } else { "s" })}
                    </button>
                </Show>
            </div>
        </dialog>
    }
}

#[component]
fn ConflictDialog(conflicts: RwSignal<Vec<Conflict>>, on_resolve: Callback<bool>) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    sync_modal(dialog, move || !conflicts.with(Vec::is_empty));
    view! {
        <dialog node_ref=dialog class="dialog wide" aria-labelledby="conflict-title" id="conflict-dialog"
            on:close=move |_| conflicts.set(Vec::new())>
            <h2 id="conflict-title">"Someone changed these properties meanwhile"</h2>
            <p>"Nothing was saved. Choose whose values to keep where you both changed a property; the others take the new server values."</p>
            <table class="table" id="conflict-table">
                <thead><tr>
                    <th scope="col">"Property"</th><th scope="col">"When you started"</th>
                    <th scope="col">"Now on the server"</th><th scope="col">"Yours"</th>
                </tr></thead>
                <tbody>
                    {move || conflicts.get().into_iter().map(|c| {
                        let key = c.name.clone();
                        view! {
                        <tr data-name=key>
                            <td>{c.label} " " <code class="api-name">{c.name}</code></td>
                            <td>{c.base}</td>
                            <td class="theirs">{c.theirs}</td>
                            <td class="mine">{c.mine.unwrap_or_else(|| "(not changed by you)".into())}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
            <div class="actions">
                <button type="button" id="conflict-cancel" on:click=move |_| conflicts.set(Vec::new())>"Cancel"</button>
                <button type="button" id="conflict-theirs" on:click=move |_| on_resolve.run(false)>"Use the server's values"</button>
                <button type="button" class="primary" id="conflict-mine" on:click=move |_| on_resolve.run(true)>"Keep my values"</button>
            </div>
        </dialog>
    }
}
