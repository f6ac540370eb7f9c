use super::dialogs::{ConflictDialog, ReviewDialog};
use super::fields::PropertyField;
use super::other_properties::OtherProperties;
use super::{input_id, Editor, ShowOnly};
use crate::api;
use crate::browser;
use crate::components::error_banner::ErrorBanner;
use crate::logic::property_draft::{label_of, Conflict, DiffRow, ImportReport, PropertyDraft};
use crate::state::accounts::chosen_account_signal;
use crate::state::toasts::notify;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mobileid_admin_contract::models::PropertyValues;
use mobileid_admin_contract::properties::{FieldProblem, Group, PropertySpec, PROPERTIES};
use mobileid_admin_contract::ApiError;
use std::collections::BTreeMap;

#[component]
pub(super) fn PropertyEditor(editor: Editor, restored: RwSignal<bool>) -> impl IntoView {
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
            .or_else(|| crate::state::current_account::current_account().map(|a| a.id))
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
        browser::take_chosen_file(import_input, move |text| {
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
