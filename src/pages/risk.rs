//! Risk: is anyone abusing the app? Three parts:
//!
//! * the risk indicators configuration (`allowedNrOfUsersWithSameDeviceHash`), edited like the
//!   configuration editor: inline validation, a review of old → new, server errors at the field;
//!   the setting can be removed (sent as JSON `null`: the reference's "To delete an existing
//!   property, supply value |" is cut off, `null` is the console's reading), and an absent
//!   setting reads "Not set (the server's default applies)". Risk-indicator properties this
//!   console does not know are shown read-only and sent back unchanged with every save;
//! * the suspicious device hashes (shared by more users than allowed): totals and a sortable,
//!   filterable, paged table (fast with thousands of rows: only one page is in the DOM);
//! * one hash (`#/risk?hash=…`): its devices by user, and locking all of them.
//!
//! The list's settings live in the URL too: `#/risk?threshold=2&detailed=false&hash=…`.

use crate::api;
use crate::browser::{self, session_storage};
use crate::components::account::{chosen_account, chosen_account_signal};
use crate::components::api_error_view::ApiErrorView;
use crate::components::api_resource::{suspended, ApiResource};
use crate::components::api_value::{device_state_hint, device_state_text};
use crate::components::confirm::{sync_modal, ConfirmDialog};
use crate::components::copy::{CopyButton, CopyableCode, ShortCode};
use crate::components::csv::CsvButton;
use crate::components::error_banner::{describe, ErrorBanner};
use crate::components::fields::{Field, JsonFields};
use crate::components::sort::{dir_from_param, dir_param, page_from_param, SortHeader};
use crate::components::status::notify;
use crate::logic::analytics::{
    csv_file_name, devices_csv, format_count, hash_rows, hashes_csv, lock_summary, page_slice,
    parse_allowed_users, select_hash_rows, validate_device_hash, HashColumn, HashRow, SortDir,
};
use crate::pages::statistics::today;
use crate::router::{Page, Route};
use leptos::html::Dialog;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mobileid_admin_contract::lenient::Timestamp;
use mobileid_admin_contract::models::{
    Extra, RiskIndicators, SuspiciousCount, SuspiciousDeviceHash, UserDevices,
};
use mobileid_admin_contract::ApiError;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// Rows of the flagged-hash table on one page.
const PER_PAGE: usize = 50;

/// The flagged-hash list's view in the address: `q` (filter), `sort` and `dir`, `page` (from 1).
const LIST_PARAMS: [&str; 4] = ["q", "sort", "dir", "page"];
/// The API name of the risk setting.
const ALLOWED: &str = "allowedNrOfUsersWithSameDeviceHash";

/// The suspicious device hashes, read for (account, threshold, detailed).
type HashList = ApiResource<Arc<ListData>, (Option<String>, Option<u64>, bool)>;

/// How an absent risk setting reads.
const NOT_SET: &str = "Not set (the server's default applies)";

/// The account's risk indicators configuration as the API gave it.
#[derive(Clone, Debug, PartialEq)]
struct RiskSetting {
    /// `allowedNrOfUsersWithSameDeviceHash`; `None`: not set, the server's default applies.
    allowed: Option<u64>,
    /// Properties this console does not know: shown read-only, sent back unchanged.
    extra: Extra,
}

impl RiskSetting {
    fn from_answer(answer: RiskIndicators) -> Self {
        let config = answer.risk_indicators_configuration;
        RiskSetting {
            allowed: config
                .allowed_nr_of_users_with_same_device_hash
                .map(|n| n.0),
            extra: config.extra,
        }
    }
}

/// A value of the setting for display: the number, or [`NOT_SET`].
fn allowed_text(allowed: Option<u64>) -> String {
    allowed.map_or_else(|| NOT_SET.to_string(), |n| n.to_string())
}

/// The `invalidParams` reason for the risk setting, if the server gave one.
fn field_reason(error: &ApiError) -> Option<String> {
    error.problem().and_then(|p| {
        p.invalid_params
            .iter()
            .find(|i| i.name.ends_with(ALLOWED))
            .map(|i| i.reason.clone())
    })
}

fn stamp(t: &Option<Timestamp>) -> String {
    t.as_ref()
        .map(|t| t.to_string())
        .unwrap_or_else(|| "—".into())
}

/// A flagged-hash list as loaded, with its table rows.
#[derive(Debug)]
struct ListData {
    count: SuspiciousCount,
    aggregated_at: Option<Timestamp>,
    detailed: bool,
    hashes: Vec<SuspiciousDeviceHash>,
    rows: Vec<HashRow>,
}

#[component]
pub fn RiskPage() -> impl IntoView {
    let route = Route::current();
    let threshold_param = route.param("threshold").unwrap_or("").to_string();
    // `None`: the account's setting.
    let applied = RwSignal::new(parse_allowed_users(&threshold_param).ok());
    let threshold_text = RwSignal::new(if applied.get_untracked().is_some() {
        threshold_param.trim().to_string()
    } else {
        String::new()
    });
    let detailed = RwSignal::new(route.param("detailed") != Some("false"));
    let hash = RwSignal::new(
        route
            .param("hash")
            .map(str::to_string)
            .filter(|h| !h.trim().is_empty()),
    );
    // `None` until loaded.
    let current_setting = RwSignal::new(None::<RiskSetting>);
    // Lives here, not in the list: the list keeps its rows, filter, sort and page while one
    // hash is shown, and the hash's view reads creation times from it.
    let chosen = chosen_account_signal();
    let list: HashList = ApiResource::new(
        move || (chosen.get(), applied.get(), detailed.get()),
        |(_, allowed, detailed), abort| async move {
            let answer = api::send_abortable(
                api::client().suspicious_device_hashes(allowed, detailed),
                &abort,
            )
            .await?;
            let rows = hash_rows(&answer.suspicious_device_hashes);
            Ok(Arc::new(ListData {
                count: answer.count,
                aggregated_at: answer.aggregated_at,
                detailed,
                hashes: answer.suspicious_device_hashes,
                rows,
            }))
        },
    );

    Effect::new(move |_| {
        let mut params = Vec::new();
        if let Some(n) = applied.get() {
            params.push(("threshold", n.to_string()));
        }
        if !detailed.get() {
            params.push(("detailed", "false".to_string()));
        }
        let shown = hash.get();
        if let Some(h) = &shown {
            params.push(("hash", h.clone()));
        }
        // The list's own view (filter, sort, page) is the list's to write; kept here, so it
        // is still in the address after a hash and Back.
        let current = Route::current();
        for key in LIST_PARAMS {
            if let Some(value) = current.param(key) {
                params.push((key, value.to_string()));
            }
        }
        // Into or out of a hash is a step Back undoes; other changes rewrite the entry.
        if Route::current().param("hash").map(str::to_string) != shown {
            Route::push(Page::Risk, &params);
        } else {
            Route::replace(Page::Risk, &params);
        }
    });
    // Back and Forward between the list and a hash: the page follows the address itself
    // (the list keeps its rows, filter, sort and page meanwhile).
    let history = window_event_listener(leptos::ev::hashchange, move |_| {
        let wanted = Route::current()
            .param("hash")
            .map(str::to_string)
            .filter(|h| !h.trim().is_empty());
        if hash.get_untracked() != wanted {
            hash.set(wanted);
        }
    });
    on_cleanup(move || history.remove());

    let on_saved = Callback::new(move |()| {
        // The account's setting is the list's default.
        if applied.get_untracked().is_none() {
            list.refetch();
        }
    });

    view! {
        <h1 class="page-title">"Risk & devices"</h1>
        <RiskConfig current=current_setting on_saved=on_saved />
        <HashLookup hash=hash />
        <div id="suspicious-wrapper" hidden=move || hash.get().is_some()>
            <SuspiciousList list=list applied=applied threshold_text=threshold_text detailed=detailed
                current_setting=current_setting hash=hash />
        </div>
        <Show when=move || hash.get().is_some()>
            <HashDetail hash=hash list=list />
        </Show>
    }
}

// ---------------------------------------------------------------- risk configuration

#[component]
fn RiskConfig(current: RwSignal<Option<RiskSetting>>, on_saved: Callback<()>) -> impl IntoView {
    let chosen = chosen_account_signal();
    let text = RwSignal::new(String::new());
    let server_error = RwSignal::new(None::<String>);
    let save_error = RwSignal::new(None::<ApiError>);
    // The value someone else saved meanwhile, when a save found one (`Some(None)`: removed).
    let conflict = RwSignal::new(None::<Option<u64>>);
    let review_open = RwSignal::new(false);
    let remove_open = RwSignal::new(false);
    // Who the removal is for, as the confirmation names it.
    let remove_account = RwSignal::new(String::new());
    let saving = RwSignal::new(false);
    let saved_allowed = move || current.with(|c| c.as_ref().and_then(|c| c.allowed));
    let saved_text = move || saved_allowed().map(|n| n.to_string()).unwrap_or_default();

    // The answer goes to `current` and the field; the resource only says how the read went.
    let setting = ApiResource::new(
        move || chosen.get(),
        move |_, abort| async move {
            let answer = api::send_abortable(api::client().get_risk_indicators(), &abort).await?;
            let setting = RiskSetting::from_answer(answer);
            let shown = setting.allowed.map(|n| n.to_string()).unwrap_or_default();
            current.try_set(Some(setting));
            // An unsaved value from before a reload or a re-login comes back.
            let draft = session_storage::get(&risk_draft_key()).filter(|d| *d != shown);
            text.try_set(draft.unwrap_or(shown));
            server_error.try_set(None);
            Ok(())
        },
    );

    // Keep an unsaved value in the tab (it is no secret), like the configuration editor.
    Effect::new(move |_| {
        let value = text.get();
        if current.with(Option::is_none) {
            return;
        }
        if value.trim() == saved_text() {
            session_storage::remove(&risk_draft_key());
        } else {
            session_storage::set(&risk_draft_key(), value.trim());
        }
    });

    // An empty field with no setting saved is no edit; an empty field over a saved value is
    // (removing goes through "Remove setting").
    let problem = move || {
        server_error.get().or_else(|| {
            let t = text.get();
            if t.trim().is_empty() && saved_allowed().is_none() {
                None
            } else {
                parse_allowed_users(&t).err()
            }
        })
    };
    let wanted = move || parse_allowed_users(&text.get()).ok();
    let unchanged = move || {
        let t = text.get();
        if t.trim().is_empty() {
            saved_allowed().is_none()
        } else {
            wanted() == saved_allowed()
        }
    };
    // Sets (`Some`) or removes (`None`) the setting.
    let last_target = StoredValue::new(None::<Option<u64>>);
    let send = Callback::new(move |target: Option<u64>| {
        last_target.set_value(Some(target));
        review_open.set(false);
        remove_open.set(false);
        saving.set(true);
        save_error.set(None);
        server_error.set(None);
        spawn_local(async move {
            // Re-read first: a change made meanwhile is shown, not overwritten.
            let extra = match api::send(api::client().get_risk_indicators()).await {
                Ok(r) => {
                    let now = RiskSetting::from_answer(r);
                    let before = current.get_untracked().and_then(|c| c.allowed);
                    if now.allowed != before {
                        conflict.try_set(Some(now.allowed));
                        current.try_set(Some(now));
                        saving.try_set(false);
                        return;
                    }
                    // The freshest unknown properties go back unchanged.
                    let extra = now.extra.clone();
                    current.try_set(Some(now));
                    extra
                }
                Err(e) => {
                    save_error.try_set(Some(e));
                    saving.try_set(false);
                    return;
                }
            };
            match api::send(api::client().set_risk_indicators(target, &extra)).await {
                Ok(r) => {
                    let mut saved = RiskSetting::from_answer(r);
                    // An answer without the new value: take the one sent.
                    if target.is_some() && saved.allowed.is_none() {
                        saved.allowed = target;
                    }
                    // An answer without the other properties does not drop them.
                    if saved.extra.is_empty() {
                        saved.extra = extra;
                    }
                    let message = match (target, saved.allowed) {
                        (Some(_), Some(n)) => format!("Risk setting saved: {ALLOWED} is now {n}."),
                        (None, None) => format!("Risk setting removed: {ALLOWED} is not set, so the server's default applies."),
                        (None, Some(n)) => format!("Risk setting removed: the server now reports {ALLOWED} as {n}."),
                        (Some(_), None) => format!("Risk setting saved: {ALLOWED} is not set."),
                    };
                    text.try_set(saved.allowed.map(|n| n.to_string()).unwrap_or_default());
                    current.try_set(Some(saved));
                    conflict.try_set(None);
                    session_storage::remove(&risk_draft_key());
                    notify(message, false);
                    on_saved.run(());
                }
                Err(e) => {
                    // The edit stays; the reason goes to the field when it is about the field.
                    match field_reason(&e) {
                        Some(reason) => {
                            server_error.try_set(Some(reason));
                            browser::focus("risk-allowed-users");
                        }
                        None => {
                            save_error.try_set(Some(e.clone()));
                        }
                    }
                    let what = if target.is_some() { "saved" } else { "removed" };
                    notify(
                        format!("The risk setting was not {what}: {}", describe(&e)),
                        true,
                    );
                }
            }
            saving.try_set(false);
        });
    });
    // The removal names the account: read its name first (the id alone when that fails).
    let ask_remove = move |_| {
        saving.set(true);
        spawn_local(async move {
            let fallback = chosen_account()
                .map(|id| format!("account {id}"))
                .unwrap_or_else(|| "the account of your sign-in".to_string());
            let label = match api::send(api::client().get_account(false)).await {
                Ok(a) if !a.name.trim().is_empty() => {
                    format!("account “{}” ({})", a.name.trim(), a.id)
                }
                Ok(a) => format!("account {}", a.id),
                Err(_) => fallback,
            };
            remove_account.try_set(label);
            saving.try_set(false);
            remove_open.try_set(true);
        });
    };
    let remove_title =
        Signal::derive(move || format!("Remove the risk setting of {}?", remove_account.get()));
    let remove_message = Signal::derive(move || {
        format!(
            "{ALLOWED} (now {}) will be removed for {}: the console sends it as null, its reading of the reference's cut-off note on deleting a property. The server's default then applies to which device hashes count as suspicious; no device is locked by this.",
            allowed_text(saved_allowed()),
            remove_account.get()
        )
    });

    view! {
        <section class="card" id="risk-config">
            <h2>"Risk indicators configuration"</h2>
            // Another account keeps the form until its setting is in.
            <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the risk configuration…"</p> }>
            {suspended(move || Suspend::new(async move { match setting.await {
                Err(e) => view! { <ApiErrorView error=e retry=move || setting.refetch() /> }.into_any(),
                Ok(()) => view! {
                    <form class="stack" id="risk-form" novalidate on:submit=move |ev| {
                        ev.prevent_default();
                        if problem().is_none() && !unchanged() {
                            review_open.set(true);
                        } else if problem().is_some() {
                            browser::focus("risk-allowed-users");
                        }
                    }>
                        <label for="risk-allowed-users">"Users allowed per device hash"</label>
                        <input id="risk-allowed-users" name=ALLOWED type="text" inputmode="numeric"
                            autocomplete="off" class="short"
                            placeholder=move || if saved_allowed().is_none() { "Not set" } else { "" }
                            prop:value=move || text.get()
                            aria-invalid=move || problem().is_some().to_string()
                            aria-describedby="risk-allowed-users-help"
                            on:input=move |ev| { text.set(event_target_value(&ev)); server_error.set(None); } />
                        <span id="risk-allowed-users-help" class=move || if problem().is_some() { "field-error" } else { "muted" }>
                            {move || problem().unwrap_or_else(|| format!(
                                "{ALLOWED}: a device hash shared by more users than this is flagged as suspicious. {}",
                                match current.with(|c| c.as_ref().map(|c| c.allowed)) {
                                    None => "Now unknown.".to_string(),
                                    Some(Some(n)) => format!("Now {n}."),
                                    Some(None) => format!("{NOT_SET}."),
                                }
                            ))}
                        </span>
                        <p id="risk-current" class="muted">
                            "Saved value: "
                            <strong>{move || allowed_text(saved_allowed())}</strong>
                        </p>
                        {move || {
                            let extra = current.with(|c| c.as_ref().map(|c| c.extra.clone()).unwrap_or_default());
                            (!extra.is_empty()).then(|| view! {
                                <div id="risk-other-settings">
                                    <h3>"Other risk settings"</h3>
                                    <p class="muted">"Settings this console does not know, shown as the API sent them. They are read-only here and sent back unchanged when you save."</p>
                                    <dl class="fields"><JsonFields map=extra /></dl>
                                </div>
                            })
                        }}
                        {move || save_error.get().map(|e| view! {
                            <div id="risk-save-error">
                                <ErrorBanner error=e />
                                // A failed write keeps the value; one click sends it again.
                                <button type="button" id="risk-retry" on:click=move |_| {
                                    if let Some(target) = last_target.get_value() {
                                        send.run(target);
                                    }
                                }>"Try again"</button>
                            </div>
                        })}
                        {move || conflict.get().map(|n| view! {
                            <p class="banner error" role="alert" id="risk-conflict">
                                {match n {
                                    Some(n) => format!("Nothing was saved: someone changed this setting to {n} while you were editing. Check your value and save again."),
                                    None => "Nothing was saved: someone removed this setting while you were editing. Check your value and save again.".to_string(),
                                }}
                            </p>
                        })}
                        <div class="actions">
                            <button type="button" id="risk-reset" disabled=move || unchanged() && server_error.get().is_none()
                                on:click=move |_| {
                                    text.set(saved_text());
                                    server_error.set(None);
                                    save_error.set(None);
                                }>"Discard changes"</button>
                            <button type="button" class="danger" id="risk-remove"
                                disabled=move || saved_allowed().is_none() || saving.get()
                                title=move || if saved_allowed().is_none() { NOT_SET.to_string() } else { String::new() }
                                on:click=ask_remove>
                                "Remove setting"
                            </button>
                            <button type="submit" class="primary" id="risk-save"
                                disabled=move || problem().is_some() || unchanged() || saving.get()>
                                "Review and save…"
                            </button>
                        </div>
                    </form>
                }.into_any(),
            }}))}
            </Transition>
            <RiskReview open=review_open old=Signal::derive(move || allowed_text(saved_allowed()))
                new=Signal::derive(move || wanted().map(|n| n.to_string()).unwrap_or_default())
                on_save=Callback::new(move |()| if let Some(n) = wanted() { send.run(Some(n)) }) />
            <RiskRemoval open=remove_open title=remove_title message=remove_message
                on_remove=Callback::new(move |()| send.run(None)) />
        </section>
    }
}

/// Where an unsaved risk value waits, per account.
fn risk_draft_key() -> String {
    let account = chosen_account_signal()
        .get_untracked()
        .unwrap_or_else(|| "token".into());
    crate::auth::user_key(&format!("draft.risk.{account}"))
}

/// The review before saving: the setting, its value now and the new one.
#[component]
fn RiskReview(
    open: RwSignal<bool>,
    old: Signal<String>,
    new: Signal<String>,
    on_save: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    sync_modal(dialog, move || open.get());
    view! {
        <dialog node_ref=dialog class="dialog" id="risk-review" aria-labelledby="risk-review-title"
            on:close=move |_| open.set(false)>
            <h2 id="risk-review-title">"Save the risk setting?"</h2>
            <table class="table" id="risk-review-diff">
                <thead><tr><th scope="col">"Setting"</th><th scope="col">"Now"</th><th scope="col">"New"</th></tr></thead>
                <tbody>
                    <tr>
                        <td><code class="api-name">{ALLOWED}</code></td>
                        <td class="old">{move || old.get()}</td>
                        <td class="new">{move || new.get()}</td>
                    </tr>
                </tbody>
            </table>
            <p class="muted">"Which device hashes count as suspicious changes at once; no device is locked by this."</p>
            <div class="actions">
                <button type="button" id="risk-review-cancel" on:click=move |_| open.set(false)>"Back to editing"</button>
                <button type="button" class="primary" id="risk-review-confirm" on:click=move |_| on_save.run(())>
                    "Save 1 change"
                </button>
            </div>
        </dialog>
    }
}

/// The confirmation before removing the setting (its own ids: the lock confirmation of the
/// hash view may be on the page too).
#[component]
fn RiskRemoval(
    open: RwSignal<bool>,
    title: Signal<String>,
    message: Signal<String>,
    on_remove: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    sync_modal(dialog, move || open.get());
    view! {
        <dialog node_ref=dialog class="dialog" id="risk-remove-dialog" aria-labelledby="risk-remove-title"
            aria-describedby="risk-remove-message" on:close=move |_| open.set(false)>
            <h2 id="risk-remove-title">{title}</h2>
            <p id="risk-remove-message">{message}</p>
            <div class="actions">
                <button type="button" id="risk-remove-cancel" on:click=move |_| open.set(false)>"Cancel"</button>
                <button type="button" class="primary danger" id="risk-remove-confirm"
                    on:click=move |_| {
                        open.set(false);
                        on_remove.run(());
                    }>
                    "Remove setting"
                </button>
            </div>
        </dialog>
    }
}

// ---------------------------------------------------------------- look up one hash

#[component]
fn HashLookup(hash: RwSignal<Option<String>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let problem = move || {
        if !touched.get() {
            return None;
        }
        validate_device_hash(&text.get()).err()
    };
    let submit = move || {
        touched.set(true);
        match validate_device_hash(&text.get_untracked()) {
            Ok(h) => {
                hash.set(Some(h.to_string()));
                focus_soon("hash-detail-title");
            }
            Err(_) => browser::focus("hash-lookup"),
        }
    };
    view! {
        <section class="card" id="hash-lookup-card">
            <h2>"Look up a device hash"</h2>
            <form class="inline-form" id="hash-lookup-form" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <label for="hash-lookup">"Device hash"</label>
                <input id="hash-lookup" name="deviceHash" class="hash-input" autocomplete="off" spellcheck="false"
                    placeholder="wBHQ4HC3yLEUvEwnX5EBTBAbKkCia35WwO1dxqiFvYo="
                    prop:value=move || text.get()
                    aria-invalid=move || problem().is_some().to_string()
                    aria-describedby="hash-lookup-help"
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:blur=move |_| if !text.get_untracked().is_empty() { touched.set(true) } />
                <button type="submit" id="hash-lookup-submit">"Show devices"</button>
                <span id="hash-lookup-help" class=move || if problem().is_some() { "field-error" } else { "muted" }>
                    {move || problem().unwrap_or("URL-safe Base64, as in the list below.")}
                </span>
            </form>
        </section>
    }
}

/// Focuses an element once the view that holds it has been rendered.
use browser::focus_soon;

// ---------------------------------------------------------------- suspicious hashes

#[component]
fn SuspiciousList(
    list: HashList,
    applied: RwSignal<Option<u64>>,
    threshold_text: RwSignal<String>,
    detailed: RwSignal<bool>,
    current_setting: RwSignal<Option<RiskSetting>>,
    hash: RwSignal<Option<String>>,
) -> impl IntoView {
    // Filter, sort and page come from the address and go back to it, so a reload or Back
    // from a hash shows the same rows.
    let route = Route::current();
    let filter = RwSignal::new(route.param("q").unwrap_or_default().to_string());
    let default_sort = (HashColumn::Users, SortDir::Descending);
    let sort = RwSignal::new((
        route
            .param("sort")
            .and_then(HashColumn::from_param)
            .unwrap_or(default_sort.0),
        route
            .param("dir")
            .and_then(dir_from_param)
            .unwrap_or(default_sort.1),
    ));
    let page = RwSignal::new(page_from_param(route.param("page")).unwrap_or(0));
    // Several hashes locked in one reviewed step.
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let lock_open = RwSignal::new(false);
    let locking = RwSignal::new(false);
    let lock_selected = Callback::new(move |()| {
        let hashes: Vec<String> = selected.get_untracked().into_iter().collect();
        locking.set(true);
        spawn_local(async move {
            let mut locked = 0usize;
            let mut failed = Vec::new();
            for h in &hashes {
                match api::send(api::client().lock_devices(h)).await {
                    Ok(answer) => locked += answer.locked_devices.len(),
                    Err(e) => failed.push(format!("{h}: {}", describe(&e))),
                }
            }
            if failed.is_empty() {
                notify(
                    format!(
                        "Locked {} of {}.",
                        plural(locked, "device", "devices"),
                        plural(hashes.len(), "hash", "hashes")
                    ),
                    false,
                );
                selected.try_set(BTreeSet::new());
            } else {
                notify(
                    format!("Some hashes could not be locked: {}", failed.join("; ")),
                    true,
                );
            }
            locking.try_set(false);
            list.refetch();
        });
    });

    // The rows to show, filtered and sorted (indices into the list's rows).
    let order = Memo::new(move |_| {
        let (column, dir) = sort.get();
        let needle = filter.get();
        match list.settled() {
            Some(Ok(d)) => select_hash_rows(&d.rows, &needle, column, dir),
            _ => Vec::new(),
        }
    });
    let slice = move || page_slice(order.with(Vec::len), page.get(), PER_PAGE);
    // A new filter or sort starts at the first page (not the first run: the address's page).
    Effect::new(move |first_run: Option<()>| {
        filter.track();
        sort.track();
        if first_run.is_some() {
            page.set(0);
        }
    });
    Effect::new(move |_| {
        let (column, dir) = sort.get();
        let is_default = (column, dir) == default_sort;
        let shown_page = page.get();
        // Only while the list is shown: a hash's view has its own address.
        if hash.with_untracked(Option::is_some) {
            return;
        }
        Route::update_params(
            Page::Risk,
            &[
                ("q", filter.get().trim().to_string()),
                (
                    "sort",
                    if is_default {
                        String::new()
                    } else {
                        column.as_param().to_string()
                    },
                ),
                (
                    "dir",
                    if is_default {
                        String::new()
                    } else {
                        dir_param(dir).to_string()
                    },
                ),
                (
                    "page",
                    if shown_page == 0 {
                        String::new()
                    } else {
                        (shown_page + 1).to_string()
                    },
                ),
            ],
        );
    });

    let threshold_problem = move || {
        let t = threshold_text.get();
        if t.trim().is_empty() {
            None
        } else {
            parse_allowed_users(&t).err()
        }
    };
    let apply_threshold = move || {
        let t = threshold_text.get_untracked();
        if t.trim().is_empty() {
            applied.set(None);
        } else if let Ok(n) = parse_allowed_users(&t) {
            applied.set(Some(n));
        } else {
            browser::focus("threshold");
        }
    };
    let file = Callback::new(move |()| {
        let text = match untrack(|| list.settled()) {
            Some(Ok(d)) => order.with_untracked(|o| hashes_csv(&d.rows, o, d.detailed)),
            _ => String::new(),
        };
        (csv_file_name("suspicious device hashes", today()), text)
    });
    let drill = move |h: String| {
        hash.set(Some(h));
        focus_soon("hash-detail-title");
    };

    view! {
        <section class="card" id="suspicious">
            <div class="page-header">
                <h2 id="suspicious-title" tabindex="-1">"Suspicious device hashes"</h2>
                <CsvButton id="export-hashes" what="the flagged device hashes" file=file
                    disabled=Signal::derive(move || order.with(Vec::is_empty)) />
            </div>
            <form class="inline-form" id="threshold-form" novalidate on:submit=move |ev| { ev.prevent_default(); apply_threshold(); }>
                <label for="threshold">"Flag hashes shared by more users than"</label>
                <input id="threshold" name=ALLOWED type="text" inputmode="numeric" class="short" autocomplete="off"
                    placeholder=move || current_setting.with(|c| c.as_ref().and_then(|c| c.allowed).map(|n| n.to_string()).unwrap_or_default())
                    prop:value=move || threshold_text.get()
                    aria-invalid=move || threshold_problem().is_some().to_string()
                    aria-describedby="threshold-help"
                    on:input=move |ev| threshold_text.set(event_target_value(&ev)) />
                <button type="submit" id="apply-threshold">"Show"</button>
                <label class="switch">
                    <input type="checkbox" id="detailed" prop:checked=move || detailed.get()
                        on:change=move |ev| detailed.set(event_target_checked(&ev)) />
                    " List devices (detailed)"
                </label>
                <span id="threshold-help" class=move || if threshold_problem().is_some() { "field-error" } else { "muted" }>
                    {move || threshold_problem().unwrap_or_else(|| match current_setting.with(|c| c.as_ref().map(|c| c.allowed)) {
                        None => "Empty: the account's risk setting (…).".to_string(),
                        Some(Some(n)) => format!("Empty: the account's risk setting ({n})."),
                        Some(None) => "Empty: the account's risk setting, which is not set (the server's default applies).".to_string(),
                    })}
                </span>
            </form>
            <Suspense fallback=|| view! { <p class="muted" aria-busy="true" id="hashes-loading">"Loading the suspicious device hashes…"</p> }>
            {suspended(move || Suspend::new(async move { match list.await {
                Err(e) => view! { <ApiErrorView error=e retry=move || list.refetch() /> }.into_any(),
                Ok(d) => view! {
                    <dl class="fields" id="suspicious-totals">
                        <Field label="Flagged device hashes" value=format_count(d.count.unique_device_hashes) id="suspicious-unique" />
                        <Field label="Devices with a flagged hash" value=format_count(d.count.total) id="suspicious-total" />
                        <Field label="Users of these devices" value=format_count(d.count.active_users) id="suspicious-active-users" />
                        <Field label="Aggregated at" value=stamp(&d.aggregated_at) id="suspicious-aggregated-at" />
                    </dl>
                    {(!d.detailed).then(|| view! {
                        <p class="muted" id="not-detailed">"Device counts need the detailed list: switch on “List devices”."</p>
                    })}
                }.into_any(),
            }}))}
            </Suspense>
            <Show when=move || matches!(list.settled(), Some(Ok(d)) if !d.rows.is_empty())
                fallback=move || view! {
                    <Show when=move || matches!(list.settled(), Some(Ok(_)))>
                        <p class="empty" id="hashes-empty">"No device hash is shared by more users than allowed."</p>
                    </Show>
                }>
                <div class="table-tools">
                    <label for="hash-filter">"Filter by hash or user id"</label>
                    <input id="hash-filter" type="search" autocomplete="off" spellcheck="false"
                        aria-describedby="hash-count"
                        prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev)) />
                    <span id="hash-count" class="muted" aria-live="polite">
                        {move || {
                            let all = match list.settled() { Some(Ok(d)) => d.rows.len(), _ => 0 };
                            format!("{} of {} hashes match", format_count(order.with(Vec::len) as u64), format_count(all as u64))
                        }}
                    </span>
                </div>
                <div class="table-tools">
                    <button type="button" class="danger" id="lock-selected"
                        disabled=move || selected.with(BTreeSet::is_empty) || locking.get()
                        on:click=move |_| lock_open.set(true)>
                        {move || match selected.with(BTreeSet::len) {
                            0 => "Lock the devices of selected hashes…".to_string(),
                            n => format!("Lock the devices of {}…", plural(n, "selected hash", "selected hashes")),
                        }}
                    </button>
                </div>
                <table class="table" id="hash-table">
                    <caption class="visually-hidden">"Flagged device hashes, sortable; one page at a time"</caption>
                    <thead><tr>
                        <th scope="col"><span class="visually-hidden">"Select"</span></th>
                        <SortHeader label="Device hash" column=HashColumn::Hash sort=sort id="sort-hash" />
                        <SortHeader label="Users" column=HashColumn::Users sort=sort numeric=true id="sort-users" />
                        <SortHeader label="Devices" column=HashColumn::Devices sort=sort numeric=true id="sort-devices" />
                        <SortHeader label="Locked" column=HashColumn::Locked sort=sort numeric=true id="sort-locked" />
                        <SortHeader label="Last used" column=HashColumn::LastUsed sort=sort desc_first=true id="sort-last-used" />
                    </tr></thead>
                    <tbody>
                        {move || {
                            let s = slice();
                            list.settled().map(|l| {
                                let Ok(d) = l else { return Vec::new() };
                                let detailed = d.detailed;
                                order.with(|o| o[s.start..s.end].iter().map(|&i| {
                                    let r = &d.rows[i];
                                    let h = r.device_hash.clone();
                                    let key = r.device_hash.clone();
                                    let copy_hash = r.device_hash.clone();
                                    let toggle_key = key.clone();
                                    view! {
                                        <tr data-hash=r.device_hash.clone()>
                                            <td><input type="checkbox" class="select-hash"
                                                aria-label=format!("Select hash {}", r.device_hash)
                                                prop:checked=move || selected.with(|s| s.contains(&key))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    let k = toggle_key.clone();
                                                    selected.update(|s| { if on { s.insert(k); } else { s.remove(&k); } });
                                                } /></td>
                                            <td class="hash-cell"><button type="button" class="link hash-link" on:click=move |_| drill(h.clone())>
                                                <ShortCode text=r.device_hash.clone() />
                                            </button>
                                            <CopyButton text=Signal::derive(move || copy_hash.clone()) label="device hash" /></td>
                                            <td class="numeric">{r.users}</td>
                                            <td class="numeric">{if detailed { r.devices.to_string() } else { "—".into() }}</td>
                                            <td class="numeric">{if detailed { r.locked.to_string() } else { "—".into() }}</td>
                                            <td>{r.last_used.clone().unwrap_or_else(|| "—".into())}</td>
                                        </tr>
                                    }
                                }).collect::<Vec<_>>())
                            }).unwrap_or_default()
                        }}
                    </tbody>
                </table>
                <nav class="pager" aria-label="Pages of flagged hashes">
                    <button type="button" id="page-prev" disabled=move || slice().page == 0
                        on:click=move |_| page.set(slice().page.saturating_sub(1))>"Previous"</button>
                    <span id="page-status" aria-live="polite">
                        {move || {
                            let s = slice();
                            format!("{} · page {} of {}", s.describe("hashes"), s.page + 1, s.pages)
                        }}
                    </span>
                    <button type="button" id="page-next" disabled=move || { let s = slice(); s.page + 1 >= s.pages }
                        on:click=move |_| page.set(slice().page + 1)>"Next"</button>
                </nav>
                <Show when=move || lock_open.get()>
                    <ConfirmDialog open=lock_open
                        title=Signal::derive(move || format!("Lock the devices of {}?", plural(selected.with(BTreeSet::len), "hash", "hashes")))
                        message=Signal::derive(move || format!(
                            "Every device that is not deleted of these hashes will be locked: {}. Locked devices can no longer be used to authenticate, and this API offers no way to unlock them.",
                            selected.with(|s| s.iter().cloned().collect::<Vec<_>>().join(", "))
                        ))
                        confirm_label="Lock devices".to_string() on_confirm=lock_selected danger=true />
                </Show>
            </Show>
        </section>
    }
}

// ---------------------------------------------------------------- one hash

#[component]
fn HashDetail(hash: RwSignal<Option<String>>, list: HashList) -> impl IntoView {
    let chosen = chosen_account_signal();
    let locked = RwSignal::new(None::<Vec<String>>);
    let lock_error = RwSignal::new(None::<ApiError>);
    let confirm_open = RwSignal::new(false);
    let locking = RwSignal::new(false);

    // A different hash starts afresh.
    Effect::new(move |_| {
        hash.track();
        locked.set(None);
        lock_error.set(None);
    });
    // What the hash is, checked before anything is asked (`Err`: why it is not one).
    let checked_hash = Memo::new(move |_| {
        hash.get().map(|text| {
            validate_device_hash(&text)
                .map(str::to_string)
                .map_err(str::to_string)
        })
    });
    let devices = ApiResource::new(
        move || (chosen.get(), checked_hash.get().and_then(Result::ok)),
        |(_, h), abort| async move {
            match h {
                Some(h) => api::send_abortable(api::client().devices_by_hash(&h), &abort).await,
                None => Ok(Vec::new()),
            }
        },
    );

    let summary = move || match devices.settled() {
        Some(Ok(users)) => lock_summary(&users),
        _ => Default::default(),
    };
    let lock = Callback::new(move |()| {
        let Some(text) = hash.get_untracked() else {
            return;
        };
        let Ok(h) = validate_device_hash(&text).map(str::to_string) else {
            return;
        };
        locking.set(true);
        lock_error.set(None);
        spawn_local(async move {
            match api::send(api::client().lock_devices(&h)).await {
                Ok(answer) => {
                    let n = answer.locked_devices.len();
                    notify(
                        format!(
                            "{} {} locked.",
                            format_count(n as u64),
                            if n == 1 { "device" } else { "devices" }
                        ),
                        false,
                    );
                    locked.try_set(Some(answer.locked_devices));
                    devices.refetch();
                }
                Err(e) => {
                    notify(
                        format!("The devices were not locked: {}", describe(&e)),
                        true,
                    );
                    lock_error.try_set(Some(e));
                }
            }
            locking.try_set(false);
        });
    });
    let back = move |_| {
        hash.set(None);
        focus_soon("suspicious-title");
    };

    view! {
        <section class="card" id="hash-detail">
            <div class="page-header">
                <h2 id="hash-detail-title" tabindex="-1">"Devices with this hash"</h2>
                <button type="button" id="back-to-list" on:click=back>"Back to the list"</button>
            </div>
            <p class="hash">{move || view! { <CopyableCode text=hash.get().unwrap_or_default() label="device hash" id="detail-hash" /> }}</p>
            {move || lock_error.get().map(|e| view! { <ErrorBanner error=e /> })}
            {move || locked.get().map(|ids| view! {
                <div class="banner ok" role="status" id="locked-devices">
                    <strong>{format!("Locked {} {}:", format_count(ids.len() as u64), if ids.len() == 1 { "device" } else { "devices" })}</strong>
                    {if ids.is_empty() {
                        view! { <p>"None: every device with this hash is deleted."</p> }.into_any()
                    } else {
                        view! { <ul class="ids">{ids.into_iter().map(|id| view! { <li><ShortCode text=id /></li> }).collect_view()}</ul> }.into_any()
                    }}
                </div>
            })}
            {move || match checked_hash.get() {
                Some(Err(m)) => view! { <p class="field-error" role="alert" id="detail-invalid">{m}</p> }.into_any(),
                _ => view! {
                    <Suspense fallback=|| view! { <p class="muted" aria-busy="true" id="detail-loading">"Loading the devices…"</p> }>
                    {suspended(move || Suspend::new(async move { match devices.await {
                        Err(e) => view! { <ApiErrorView error=e retry=move || devices.refetch() /> }.into_any(),
                        Ok(users) if users.is_empty() => view! {
                            <p class="empty" id="detail-empty">"No device of this account has this hash."</p>
                        }.into_any(),
                        Ok(users) => {
                            let h = hash.get_untracked().unwrap_or_default();
                            // Tracked: the list may arrive after the devices.
                            (move || {
                                let created = created_times(list.settled(), &h);
                                devices_view(h.clone(), users.clone(), created, summary(), locking, confirm_open)
                            }).into_any()
                        }
                    }}))}
                    </Suspense>
                }.into_any(),
            }}
            <ConfirmDialog open=confirm_open
                title=Signal::derive(move || {
                    let s = summary();
                    format!("Lock {} {}?", format_count(s.devices as u64), if s.devices == 1 { "device" } else { "devices" })
                })
                message=Signal::derive(move || summary().sentence())
                confirm_label="Lock devices".to_string() on_confirm=lock danger=true />
        </section>
    }
}

fn state_class(state: &str) -> &'static str {
    match state {
        "ACTIVE" => "badge ok",
        "LOCKED" => "badge locked",
        "DELETED" => "badge off",
        _ => "badge",
    }
}

/// When each device of `hash` was created, from the detailed list of suspicious hashes.
fn created_times(
    list: Option<Result<Arc<ListData>, ApiError>>,
    hash: &str,
) -> HashMap<String, Timestamp> {
    let Some(Ok(d)) = list else {
        return HashMap::new();
    };
    d.hashes
        .iter()
        .filter(|h| h.device_hash == hash)
        .flat_map(|h| &h.users)
        .flat_map(|u| &u.devices)
        .filter_map(|dev| Some((dev.device_id.clone(), dev.created.clone()?)))
        .collect()
}

fn devices_view(
    hash: String,
    users: Vec<UserDevices>,
    created: HashMap<String, Timestamp>,
    summary: crate::logic::analytics::LockSummary,
    locking: RwSignal<bool>,
    confirm_open: RwSignal<bool>,
) -> impl IntoView {
    let device_count: usize = users.iter().map(|u| u.devices.len()).sum();
    let csv_users = users.clone();
    let csv_hash = hash.clone();
    let file = Callback::new(move |()| {
        (
            csv_file_name("devices by device hash", today()),
            devices_csv(&csv_hash, &csv_users),
        )
    });
    // "Devices by device hash" may leave out when a device was created: then the time comes
    // from the detailed list of suspicious hashes, when it has the device.
    view! {
        <p id="detail-summary">
            {format!(
                "{} of {} with this hash; {} still to lock, {} locked already.",
                plural(device_count, "device", "devices"),
                plural(users.len(), "user", "users"),
                format_count(summary.devices as u64),
                format_count(summary.already_locked as u64),
            )}
        </p>
        <div class="actions">
            <CsvButton id="export-devices" what="the devices of this hash" file=file />
            <button type="button" class="danger" id="lock-devices"
                disabled=move || locking.get() || summary.devices == 0
                on:click=move |_| confirm_open.set(true)>
                "Lock all devices of this hash"
            </button>
        </div>
        <table class="table" id="hash-devices">
            <caption class="visually-hidden">"Devices with this hash, grouped by user"</caption>
            <thead><tr>
                <th scope="col">"Device ID"</th>
                <th scope="col">"State"</th>
                <th scope="col">"Last used"</th>
                <th scope="col">"Created"</th>
                <th scope="col">"Account"</th>
            </tr></thead>
            {users.into_iter().map(|u| {
                let n = u.devices.len();
                view! {
                    <tbody class="user-group" data-user-id=u.user_id.clone()>
                        <tr class="group-header">
                            <th scope="rowgroup" colspan="5">
                                "User " <CopyableCode text=u.user_id.clone() label="user ID" />
                                <span class="muted">{format!(" · {}", plural(n, "device", "devices"))}</span>
                            </th>
                        </tr>
                        {u.devices.into_iter().map(|d| {
                            // A state this console does not know is shown as it came, with a hint.
                            let state = d.state.as_ref().map(device_state_text).unwrap_or_else(|| "—".into());
                            let hint = d.state.as_ref().and_then(device_state_hint);
                            let created_at = d.created.clone().or_else(|| created.get(&d.device_id).cloned());
                            view! {
                                <tr data-device-id=d.device_id.clone()>
                                    <td><CopyableCode text=d.device_id.clone() label="device ID" /></td>
                                    <td><span class=state_class(&state) data-state=state.clone()>{state.clone()}</span>{hint}</td>
                                    <td>{stamp(&d.last_used)}</td>
                                    <td>{stamp(&created_at)}</td>
                                    <td><ShortCode text=d.account_id.clone().unwrap_or_else(|| "—".into()) /></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                }
            }).collect_view()}
        </table>
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        format_count(n as u64),
        if n == 1 { one } else { many }
    )
}
