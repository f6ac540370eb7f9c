//! Application configuration: overview (uuid, appId, state), state with confirmation, APNs
//! UUID, and the property editor — rendered from the contract's property table, validated as
//! the admin types, saved after a review of the diff and a check for concurrent changes.

use crate::api;
use crate::browser::{self, session_storage};
use crate::components::account::chosen_account_signal;
use crate::components::api_error_view::ApiErrorView;
use crate::components::api_resource::{suspended, ApiResource};
use crate::components::confirm::{sync_modal, ConfirmDialog};
use crate::components::copy::CopyableCode;
use crate::components::error_banner::ErrorBanner;
use crate::components::fields::Field;
use crate::components::status::notify;
use crate::components::unsaved;
use crate::logic::property_draft::{
    duration_to_millis, human_duration, label_of, widget, Conflict, DiffRow, ImportReport,
    PropertyDraft, Widget,
};
use leptos::html::{Dialog, Input, Textarea};
use leptos::prelude::*;
use leptos::task::spawn_local;
use mobileid_admin_contract::models::{
    is_uuid, ApplicationConfiguration, EnabledState, PropertyValues,
};
use mobileid_admin_contract::properties::{
    rules_of, FieldProblem, Group, Kind, PropertySpec, Severity, NULL_TEXT, PROPERTIES,
};
use mobileid_admin_contract::ApiError;
use std::collections::BTreeMap;

fn draft_key() -> String {
    let account = chosen_account_signal()
        .get_untracked()
        .unwrap_or_else(|| "token".into());
    crate::auth::user_key(&format!("draft.properties.{account}"))
}

fn input_id(name: &str) -> String {
    format!("prop-{name}")
}

/// Everything the editor's fields share.
#[derive(Clone, Copy)]
struct Editor {
    draft: RwSignal<PropertyDraft>,
    /// The draft's errors and warnings (see `PropertyDraft::problems`).
    problems: Memo<Vec<FieldProblem>>,
    /// `invalidParams` of the last failed save, until the field is edited again.
    server_errors: RwSignal<BTreeMap<String, String>>,
    filter: RwSignal<String>,
    /// Which fields show besides the search: all, the changed ones, or those with a finding.
    show: RwSignal<ShowOnly>,
}

/// The editor's view filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ShowOnly {
    All,
    Changed,
    Flagged,
}

impl Editor {
    /// What the field shows: the server's reason, else its first error, else its first
    /// warning.
    fn message(&self, name: &str) -> Option<FieldProblem> {
        if let Some(m) = self.server_errors.with(|e| e.get(name).cloned()) {
            return Some(FieldProblem::error(name, m));
        }
        self.problems.with(|problems| {
            let mine = || problems.iter().filter(|p| p.name == name);
            mine()
                .find(|p| p.is_error())
                .or_else(|| mine().next())
                .cloned()
        })
    }

    /// What blocks saving: the draft's errors (one per field), then the server's reasons
    /// from the last failed save.
    fn all_errors(&self) -> Vec<FieldProblem> {
        let mut all: Vec<FieldProblem> = Vec::new();
        self.problems.with(|problems| {
            for p in problems.iter().filter(|p| p.is_error()) {
                if !all.iter().any(|e| e.name == p.name) {
                    all.push(p.clone());
                }
            }
        });
        self.server_errors.with(|server| {
            for (name, message) in server {
                if !all.iter().any(|e| &e.name == name) {
                    all.push(FieldProblem::error(name, message.clone()));
                }
            }
        });
        all
    }

    fn has_errors(&self) -> bool {
        self.problems
            .with(|problems| problems.iter().any(FieldProblem::is_error))
    }

    fn warning_count(&self) -> usize {
        self.problems.with(|problems| {
            problems
                .iter()
                .filter(|p| p.severity == Severity::Warning)
                .map(|p| p.name.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        })
    }

    fn edit(&self, name: &str, change: impl FnOnce(&mut PropertyDraft)) {
        self.draft.update(change);
        self.server_errors.update(|e| {
            e.remove(name);
        });
    }

    fn visible(&self, spec: &PropertySpec) -> bool {
        self.shown_by_filter(spec.name)
            && (self.matches(spec.name, spec.label) || self.text_matches(spec.help))
    }

    /// The view filter: every field, the changed ones, or those with an error or warning.
    fn shown_by_filter(&self, name: &str) -> bool {
        match self.show.get() {
            ShowOnly::All => true,
            ShowOnly::Changed => self.draft.with(|d| d.is_changed(name)),
            ShowOnly::Flagged => self.message(name).is_some(),
        }
    }

    fn text_matches(&self, text: &str) -> bool {
        let filter = self.filter.get().trim().to_lowercase();
        !filter.is_empty() && text.to_lowercase().contains(&filter)
    }

    fn matches(&self, name: &str, label: &str) -> bool {
        let filter = self.filter.get().trim().to_lowercase();
        filter.is_empty()
            || name.to_lowercase().contains(&filter)
            || label.to_lowercase().contains(&filter)
    }

    /// "2 changed · 1 to fix · 3 warnings" for a section's entry in the section list.
    fn group_counts(&self, group: Group) -> String {
        let mut changed = 0;
        let mut errors = 0;
        let mut warnings = 0;
        for spec in group.properties() {
            if self.draft.with(|d| d.is_changed(spec.name)) {
                changed += 1;
            }
            match self.message(spec.name).map(|m| m.severity) {
                Some(Severity::Error) => errors += 1,
                Some(Severity::Warning) => warnings += 1,
                None => {}
            }
        }
        let mut parts = Vec::new();
        if changed > 0 {
            parts.push(format!("{changed} changed"));
        }
        if errors > 0 {
            parts.push(format!("{errors} to fix"));
        }
        if warnings > 0 {
            parts.push(format!("{warnings} with a warning"));
        }
        parts.join(" · ")
    }
}

#[component]
pub fn ConfigurationPage() -> impl IntoView {
    let chosen = chosen_account_signal();

    let draft = RwSignal::new(PropertyDraft::default());
    let loaded = RwSignal::new(false);
    let restored = RwSignal::new(false);
    let problems = Memo::new(move |_| draft.with(PropertyDraft::problems));
    let editor = Editor {
        draft,
        problems,
        server_errors: RwSignal::new(BTreeMap::new()),
        filter: RwSignal::new(String::new()),
        show: RwSignal::new(ShowOnly::All),
    };

    // The storage key of the account the draft belongs to, fixed when the draft is loaded, so
    // edits made while another account loads are never filed under it.
    let draft_owner = StoredValue::new(None::<String>);

    let configuration = ApiResource::new(
        move || chosen.get(),
        move |_, abort| {
            let key = draft_key();
            async move {
                let result =
                    api::send_abortable(api::client().get_application_configuration(), &abort)
                        .await;
                match &result {
                    Ok(config) => {
                        // Reading the same account again (after a state change, "Try again")
                        // keeps the edits in memory, new secrets included; conflicts are
                        // checked when saving.
                        let same_account = draft_owner.get_value().as_deref() == Some(key.as_str());
                        let keep = same_account && draft.with_untracked(PropertyDraft::is_dirty);
                        if !keep {
                            let mut fresh = PropertyDraft::new(config.properties.clone());
                            // A draft from before a reload or a re-login comes back (secrets
                            // never do).
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
                    // Superseded: the newer read decides what the draft becomes.
                    Err(e) if api::is_superseded(e) => {}
                    Err(_) if draft_owner.get_value().as_deref() != Some(key.as_str()) => {
                        // Another account that cannot be read: nothing of the previous
                        // account's draft may stay on screen (or be saved to this one).
                        draft_owner.set_value(None);
                        loaded.try_set(false);
                        draft.try_set(PropertyDraft::default());
                    }
                    Err(_) => {}
                }
                result
            }
        },
    );

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
        // Reading again (another account, a state change) keeps the overview until the answer.
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the configuration…"</p> }>
            {suspended(move || Suspend::new(async move { match configuration.await {
                Err(e) => view! { <ApiErrorView error=e retry=move || configuration.refetch() /> }.into_any(),
                Ok(config) => view! {
                    <Overview config=config on_state_changed=Callback::new(move |()| configuration.refetch()) />
                }.into_any(),
            }}))}
        </Transition>
        <Show when=move || loaded.get()>
            <PropertyEditor editor=editor restored=restored />
        </Show>
    }
}

#[component]
fn Overview(config: ApplicationConfiguration, on_state_changed: Callback<()>) -> impl IntoView {
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
                    on_state_changed.run(());
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
                <div class="field-row"><dt>"UUID"</dt><dd><CopyableCode text=config.uuid.clone() label="configuration UUID" id="configuration-uuid" /></dd></div>
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
    let import_report = RwSignal::new(None::<Result<ImportReport, FieldProblem>>);
    let import_input = NodeRef::<Input>::new();

    let invalid = move || editor.has_errors();
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
                Err(mut e) => {
                    // Every edit stays; the server's reasons go to their fields (and to the
                    // summary that links to them), once each: the banner keeps the title,
                    // detail and trace id.
                    let mut to_fields = false;
                    if let ApiError::Problem(p) = &mut e {
                        let map: BTreeMap<String, String> = p
                            .invalid_params
                            .drain(..)
                            .map(|i| (i.name, i.reason))
                            .collect();
                        to_fields = !map.is_empty();
                        // A detail that only repeats the reasons would say them a third time.
                        if to_fields
                            && p.detail
                                .as_deref()
                                .is_some_and(|d| map.values().all(|r| d.contains(r.as_str())))
                        {
                            p.detail = None;
                        }
                        editor.server_errors.try_set(map);
                    }
                    save_error.try_set(Some(e));
                    // The admin may be far down the page: bring them to what went wrong.
                    request_animation_frame(move || {
                        browser::focus(if to_fields {
                            "error-summary"
                        } else {
                            "save-error"
                        });
                    });
                }
            }
            saving.try_set(false);
        });
    };

    let export = move || {
        let account = chosen_account_signal()
            .get_untracked()
            .or_else(|| crate::components::current_account::current_account().map(|a| a.id))
            .unwrap_or_else(|| "account".into());
        let date = crate::pages::statistics::today();
        let text = draft.with_untracked(PropertyDraft::export_json);
        browser::download(
            &format!("mobileid-properties-{account}-{date}.json"),
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
            let result = candidate.import_json(&text);
            if let Ok(report) = &result {
                draft.try_set(candidate);
                if report.applied.is_empty() {
                    notify("The file has no changes against the current values.", false);
                } else {
                    open_review("Imported changes (not saved yet)", !invalid());
                }
            }
            import_report.try_set(Some(result));
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
            {move || import_report.get().map(|result| match result {
                Err(problem) => view! {
                    <div class="banner error" role="alert" id="import-errors">
                        <strong>"The file was not imported; nothing changed: "</strong>{problem.message}
                    </div>
                }.into_any(),
                Ok(report) => {
                    let skipped = report.skipped.clone();
                    let warnings = report.warnings.clone();
                    let warned = !skipped.is_empty() || !warnings.is_empty();
                    view! {
                        <div class="banner" class:warning=warned
                            role="status" id="import-report">
                            <strong>{format!("Imported {} change{} (not saved yet).", report.applied.len(), if report.applied.len() == 1 { "" } else { "s" })}</strong>
                            {(!skipped.is_empty()).then(|| view! {
                                <p>"Skipped, because the API reference forbids the value:"</p>
                                <ul id="import-skipped">{skipped.into_iter().map(|p| view! { <li>{format!("{}: {}", label_of(&p.name), p.message)}</li> }).collect_view()}</ul>
                            })}
                            {(!warnings.is_empty()).then(|| view! {
                                <p>"Applied with a warning:"</p>
                                <ul id="import-warnings">{warnings.into_iter().map(|p| view! { <li>{format!("{}: {}", label_of(&p.name), p.message)}</li> }).collect_view()}</ul>
                            })}
                            {(!report.ignored.is_empty()).then(|| view! {
                                <p class="muted">{format!("Left alone (read-only or write-only): {}.", report.ignored.join(", "))}</p>
                            })}
                            <button type="button" class="link" on:click=move |_| import_report.set(None)>"Dismiss"</button>
                        </div>
                    }.into_any()
                }
            })}
            {move || save_error.get().map(|e| view! {
                <div id="save-error" tabindex="-1">
                    <ErrorBanner error=e />
                    // The edits are kept: trying again re-reads the server and reviews them anew.
                    <button type="button" id="save-retry" on:click=move |_| start_save()>"Try again"</button>
                </div>
            })}
            <Show when=move || { error_count() > 0 }>
                <div class="banner error" role="alert" id="error-summary" tabindex="-1">
                    <strong>{move || format!("{} to fix before saving:", match error_count() { 1 => "1 problem".to_string(), n => format!("{n} problems") })}</strong>
                    <ul>
                        {move || editor.all_errors().into_iter().map(|e| {
                            let target = input_id(&e.name);
                            let label = label_of(&e.name);
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
                <input id="property-filter" type="search" placeholder="Label, API name or help"
                    prop:value=move || editor.filter.get()
                    on:input=move |ev| editor.filter.set(event_target_value(&ev)) />
                <label for="property-show">"Show"</label>
                <select id="property-show" on:change=move |ev| editor.show.set(match event_target_value(&ev).as_str() {
                    "changed" => ShowOnly::Changed,
                    "flagged" => ShowOnly::Flagged,
                    _ => ShowOnly::All,
                })>
                    <option value="all">"All properties"</option>
                    <option value="changed">"Changed only"</option>
                    <option value="flagged">"With an error or warning"</option>
                </select>
                <span class="spacer"></span>
                <span class="muted" id="warning-count">{move || match editor.warning_count() {
                    0 => String::new(),
                    1 => "1 field with a warning".to_string(),
                    n => format!("{n} fields with a warning"),
                }}</span>
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
                    {move || if saving.get() { "Saving…" } else { "Review and save…" }}
                </button>
            </div>
            <nav class="section-list" aria-label="Sections of the properties">
                <ul>
                    {Group::ALL.iter().map(|group| {
                        let group = *group;
                        let heading = format!("group-{}", group.label().to_lowercase().replace(' ', "-"));
                        view! {
                            <li>
                                <button type="button" class="link" id=format!("section-{heading}")
                                    on:click=move |_| {
                                        editor.filter.set(String::new());
                                        editor.show.set(ShowOnly::All);
                                        browser::focus(&heading);
                                    }>
                                    {group.label()}
                                </button>
                                <span class="muted section-counts">{move || editor.group_counts(group)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
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
                        <h3 id=heading tabindex="-1">{group.label()}</h3>
                        {specs.into_iter().map(|spec| view! { <PropertyField spec=spec editor=editor /> }).collect_view()}
                    </section>
                }
            }).collect_view()}
            <OtherProperties editor=editor />
            <p class="muted" id="no-property-matches" role="status"
                hidden=move || editor.filter.with(|f| f.trim().is_empty())
                    || PROPERTIES.iter().any(|s| editor.visible(s))
                    || draft.with(|d| d.unknown_names().iter().any(|n| editor.matches(n, n)))>
                {move || format!("No property matches “{}”.", editor.filter.get().trim())}
            </p>
        </section>
        <ReviewDialog rows=review title=review_title can_save=review_can_save on_save=Callback::new(move |()| send()) />
        <ConflictDialog conflicts=conflicts on_resolve=Callback::new(resolve_conflict) />
    }
}

/// The message line under a field: an error (blocks) or a warning (does not), and the
/// `aria-invalid` that goes with it.
#[component]
fn FieldMessage(editor: Editor, name: String, id: String) -> impl IntoView {
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
fn PropertyField(spec: &'static PropertySpec, editor: Editor) -> impl IntoView {
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
                " " <code class="api-name">{name}</code>
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

/// Properties the server sent that this console does not know: shown with their raw value,
/// editable as text with a warning, kept by export and import.
#[component]
fn OtherProperties(editor: Editor) -> impl IntoView {
    let draft = editor.draft;
    let names = Memo::new(move |_| draft.with(PropertyDraft::unknown_names));
    view! {
        <Show when=move || !names.with(Vec::is_empty)>
            <section class="property-group" aria-labelledby="group-other" id="other-properties"
                hidden=move || !names.get().iter().any(|n| editor.matches(n, n))>
                <h3 id="group-other">"Other properties"</h3>
                <p class="muted">"The API sent these, but this console does not know them. They are kept as they are; an edit is sent as typed (JSON where the server's value is not a string), and the server decides."</p>
                <For each=move || names.get() key=|n| n.clone() let:name>
                    <UnknownPropertyField name=name editor=editor />
                </For>
            </section>
        </Show>
    }
}

#[component]
fn UnknownPropertyField(name: String, editor: Editor) -> impl IntoView {
    let draft = editor.draft;
    let id = input_id(&name);
    let message_id = format!("{id}-message");
    let shown_name = name.clone();
    let visible_name = name.clone();
    let text = {
        let name = name.clone();
        move || draft.with(|d| d.text(&name))
    };
    let changed = {
        let name = name.clone();
        move || draft.with(|d| d.is_changed(&name))
    };
    let on_input = {
        let name = name.clone();
        move |ev| {
            let value = event_target_value(&ev);
            editor.edit(&name, |d| d.set_text(&name, value));
        }
    };
    let reset = {
        let name = name.clone();
        move |_| editor.edit(&name, |d| d.reset(&name))
    };
    view! {
        <div class="property" class:changed=changed.clone() hidden=move || !editor.matches(&visible_name, &visible_name)>
            <div class="property-label">
                <label for=id.clone()>{shown_name.clone()}</label>
                " " <span class="tag">"not known to this console"</span>
            </div>
            <input id=id.clone() name=shown_name autocomplete="off" spellcheck="false"
                prop:value=text on:input=on_input aria-describedby=message_id.clone() />
            <FieldMessage editor=editor name=name id=message_id />
            <div class="field-actions">
                <Show when=changed.clone()>
                    <button type="button" class="link" on:click=reset.clone()>"Reset to the server's value"</button>
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
    // A GET may leave write-only values out: absent is "not shown", never "not set".
    let is_set = move || {
        draft.with(|d| {
            d.base
                .get(name)
                .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
        })
    };
    let replaced = move || draft.with(|d| d.has_new_secret(name));
    let status = move || match (replaced(), is_set()) {
        (true, _) => "New value ready — sent on save",
        (false, true) => "Set (the value is never shown)",
        (false, false) => "Not shown by the API",
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
    let invalid = move || {
        editor
            .message(name)
            .is_some_and(|m| m.is_error())
            .to_string()
    };
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
                {move || if open.get() { "Cancel" } else if is_set() { "Replace…" } else { "Set a new value…" }}
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
