//! Compare accounts: two accounts side by side (every property, the risk indicator setting,
//! the APNs UUID and the configuration state), and the promotion of chosen rows from the source
//! to the target as a reviewed, recorded change: the target is read again first (a change made
//! there since the comparison stops the promotion), its warnings and errors are shown as the
//! editor shows them, a production target is confirmed by typing its label, the properties go
//! in one PATCH, and a record (JSON and a readable summary) can be downloaded. A plan can be
//! exported instead and applied by another admin (four eyes).
//!
//! The logic lives in the `crate::logic::promotion` module; this page reads, shows and sends.

use crate::api;
use crate::auth;
use crate::browser::{self, session_storage};
use crate::components::account::KnownAccountOptions;
use crate::components::api_resource::ApiResource;
use crate::components::api_value::api_name;
use crate::components::checkbox::LabelledCheckbox;
use crate::components::confirm::sync_modal;
use crate::components::error_banner::ErrorBanner;
use crate::components::form_field::{FormField, Messages};
use crate::logic::console_config::KnownAccount;
use crate::logic::promotion::{
    build_plan, build_record, compare, default_selection, groups, CompareRow, Item, Operation,
    OperationOutcome, PlanConflict, PromotionPlan, PromotionRecord, RowStatus, Settings, Snapshot,
};
use crate::logic::typed_name::normalise_typed_name;
use crate::router::{Page, Route};
use crate::state::accounts::{
    account_id_problem, chosen_account, known_account, known_account_hint, known_accounts_signal,
    remember_account,
};
use crate::state::current_account::current_account_signal;
use crate::state::toasts::notify;
use leptos::html::{Dialog, Input};
use leptos::prelude::*;
use leptos::task::spawn_local;
use mobileid_admin_contract::models::{AccountType, EnabledState, Extra};
use mobileid_admin_contract::properties::{FieldProblem, Severity};
use mobileid_admin_contract::{ApiError, Call};
use serde::de::DeserializeOwned;
use std::collections::BTreeSet;
use web_sys::AbortSignal;

/// Where the items the admin flags "usually differs" are kept: per deployment and user.
fn marked_key() -> String {
    auth::user_key("compare.usuallyDiffers")
}

fn load_marked() -> BTreeSet<Item> {
    session_storage::get_json::<Vec<String>>(&marked_key())
        .unwrap_or_default()
        .iter()
        .filter_map(|k| Item::from_key(k))
        .collect()
}

fn now_iso() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

/// A failed read, with the account it was for.
#[derive(Clone, Debug)]
struct ReadError {
    account: String,
    error: ApiError,
}

/// One account as read: the snapshot, and the risk-indicator properties this console does not
/// know (sent back unchanged with the risk setting).
#[derive(Clone, Debug)]
struct Read {
    snapshot: Snapshot,
    risk_extra: Extra,
}

/// Sends a read, abortable when `abort` is given (a comparison a newer one supersedes), else
/// to its end (the reads a review or a promotion makes of the target).
async fn send_read<T: DeserializeOwned>(
    call: Call<T>,
    abort: Option<&AbortSignal>,
) -> Result<T, ApiError> {
    match abort {
        Some(abort) => api::send_abortable(call, abort).await,
        None => api::send(call).await,
    }
}

/// Reads everything the comparison needs of one account, with `Signicat-AccountId: id`.
async fn read_account(id: String, abort: Option<&AbortSignal>) -> Result<Read, ReadError> {
    let client = api::client().with_account_id(Some(id.clone()));
    let failed = |error| ReadError {
        account: id.clone(),
        error,
    };
    let known = known_account(&id);
    // The name and type are nice to have: the label and the production flag may come from
    // config.json instead.
    let account = send_read(client.get_account(false), abort).await.ok();
    let properties = send_read(client.get_properties(), abort)
        .await
        .map_err(failed)?;
    let risk = send_read(client.get_risk_indicators(), abort)
        .await
        .map_err(failed)?;
    let apns = send_read(client.get_apns_uuid(), abort)
        .await
        .map_err(failed)?;
    let state = send_read(client.get_configuration_state(), abort)
        .await
        .map_err(failed)?;
    let label = known
        .as_ref()
        .map(|k| k.label.trim().to_string())
        .filter(|l| !l.is_empty())
        .or_else(|| {
            account
                .as_ref()
                .map(|a| a.name.trim().to_string())
                .filter(|n| !n.is_empty())
        })
        .unwrap_or_default();
    let production = account
        .as_ref()
        .is_some_and(|a| a.account_type == AccountType::Production)
        || known.as_ref().is_some_and(|k| k.production);
    let me = KnownAccount {
        id: id.clone(),
        label,
        production,
    };
    remember_account(me.clone());
    let config = risk.risk_indicators_configuration;
    Ok(Read {
        snapshot: Snapshot {
            account: me,
            settings: Settings {
                properties,
                allowed_users_per_device_hash: config
                    .allowed_nr_of_users_with_same_device_hash
                    .map(|n| n.0),
                apns_uuid: Some(apns.apns_uuid),
                state: Some(state.state.as_str().to_string()),
            },
        },
        risk_extra: config.extra,
    })
}

/// `Sample Account (a-sdge-…, production)`.
fn describe(account: &KnownAccount) -> String {
    format!(
        "{} ({}{})",
        account.shown(),
        account.id,
        if account.production {
            ", PRODUCTION"
        } else {
            ""
        }
    )
}

/// The two accounts the admin asked to compare (checked ids, trimmed, different).
#[derive(Clone, Debug, PartialEq)]
struct Pair {
    source: String,
    target: String,
}

/// Both accounts as compared.
#[derive(Clone, Debug, PartialEq)]
struct Comparison {
    source: Snapshot,
    target: Snapshot,
}

/// Reads both accounts of `pair` at once; the first failure ends the comparison.
async fn read_pair(pair: Pair, abort: &AbortSignal) -> Result<Comparison, ReadError> {
    let (source, target) = futures::future::try_join(
        read_account(pair.source, Some(abort)),
        read_account(pair.target, Some(abort)),
    )
    .await?;
    Ok(Comparison {
        source: source.snapshot,
        target: target.snapshot,
    })
}

/// The review of a plan against the target as just read.
#[derive(Clone, Debug)]
struct Review {
    plan: PromotionPlan,
    problems: Vec<FieldProblem>,
    imported: bool,
}

/// What the form says under an account-id input: the id's problem, else what the console
/// knows of the account, else an example.
fn account_id_messages(
    id: RwSignal<String>,
    example: &'static str,
) -> (Signal<Option<String>>, Signal<String>) {
    (
        Signal::derive(move || account_id_problem(&id.get()).map(str::to_string)),
        Signal::derive(move || known_account_hint(&id.get()).unwrap_or_else(|| example.into())),
    )
}

#[component]
pub fn ComparePage() -> impl IntoView {
    let source = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let form_problem = RwSignal::new(None::<String>);
    // The comparison is a resource keyed on the pair: comparing another pair (or the same one
    // again) aborts the reads still out, and leaving the page aborts them too.
    let compared = RwSignal::new(None::<Pair>);
    let comparison_read = ApiResource::new(
        move || compared.get(),
        |pair, abort| async move {
            match pair {
                Some(pair) => read_pair(pair, &abort).await.map(Some),
                None => Ok(None),
            }
        },
    );
    // The last comparison read, shown (as before) while the next one is on its way.
    let comparison = Memo::new(move |_| comparison_read.get().and_then(Result::ok).flatten());
    let loading = move || compared.with(Option::is_some) && comparison_read.settled().is_none();
    // A failed read of the target before a review or a promotion.
    let target_read_error = RwSignal::new(None::<ReadError>);
    let read_error = move || {
        comparison_read
            .get()
            .and_then(Result::err)
            .or_else(|| target_read_error.get())
    };

    let marked = RwSignal::new(load_marked());
    let selection = RwSignal::new(BTreeSet::<Item>::new());
    let filter = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let show_equal = RwSignal::new(false);

    let review = RwSignal::new(None::<Review>);
    let conflicts = RwSignal::new(None::<(PromotionPlan, Vec<PlanConflict>)>);
    let plan_error = RwSignal::new(None::<String>);
    let apply_error = RwSignal::new(None::<ApiError>);
    let applying = RwSignal::new(false);
    let record = RwSignal::new(None::<PromotionRecord>);
    let import_input = NodeRef::<Input>::new();

    let (source_problem, source_help) =
        account_id_messages(source, "An account id, e.g. your sandbox.");
    let (target_problem, target_help) =
        account_id_messages(target, "An account id, e.g. production.");

    let rows = Memo::new(move |_| {
        comparison.with(|c| {
            c.as_ref()
                .map(|c| marked.with(|m| compare(&c.source.settings, &c.target.settings, m)))
                .unwrap_or_default()
        })
    });

    let run_compare = move || {
        let (s, t) = (
            source.get_untracked().trim().to_string(),
            target.get_untracked().trim().to_string(),
        );
        let problem = if s.is_empty() || t.is_empty() {
            Some("Choose a source and a target account.".to_string())
        } else if s == t {
            Some("Choose two different accounts.".to_string())
        } else {
            account_id_problem(&s)
                .or_else(|| account_id_problem(&t))
                .map(str::to_string)
        };
        form_problem.set(problem.clone());
        if problem.is_some() {
            return;
        }
        Route::replace(
            Page::Compare,
            &[("source", s.clone()), ("target", t.clone())],
        );
        target_read_error.set(None);
        // A selection belongs to the comparison it was made on.
        selection.set(BTreeSet::new());
        let pair = Some(Pair {
            source: s,
            target: t,
        });
        if compared.with_untracked(|c| *c == pair) {
            comparison_read.refetch();
        } else {
            compared.set(pair);
        }
    };

    // Start from the address (a bookmark, a reload), else the chosen account (or the sign-in's,
    // once the shell has read it) against the first known production account; compare at once
    // when both are known. Once: the form is the admin's after that.
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        let route = Route::current();
        let Some(s) = route
            .param("source")
            .map(str::to_string)
            .or_else(chosen_account)
            .or_else(|| current_account_signal().with(|a| a.as_ref().map(|a| a.id.clone())))
        else {
            return false;
        };
        let t = route.param("target").map(str::to_string).or_else(|| {
            known_accounts_signal().with_untracked(|all| {
                all.iter()
                    .find(|a| a.production && a.id != s)
                    .map(|a| a.id.clone())
            })
        });
        untrack(|| {
            if source.get().is_empty() {
                source.set(s);
            }
            if target.get().is_empty() {
                target.set(t.unwrap_or_default());
            }
            if !source.get().is_empty() && !target.get().is_empty() {
                run_compare();
            }
        });
        true
    });

    // The target is read again; a change since the comparison stops here, else the review.
    let start_review = move |plan: PromotionPlan, imported: bool| {
        plan_error.set(None);
        apply_error.set(None);
        conflicts.set(None);
        spawn_local(async move {
            match read_account(plan.target.id.clone(), None).await {
                Ok(fresh) => {
                    let found = plan.conflicts(&fresh.snapshot.settings);
                    if found.is_empty() {
                        let problems = plan.problems(&fresh.snapshot.settings.properties);
                        review.try_set(Some(Review {
                            plan,
                            problems,
                            imported,
                        }));
                    } else {
                        conflicts.try_set(Some((plan, found)));
                    }
                }
                Err(e) => {
                    target_read_error.try_set(Some(e));
                }
            }
        });
    };

    let current_plan = move || -> Result<PromotionPlan, String> {
        let Some(c) = comparison.get_untracked() else {
            return Err("Compare two accounts first.".into());
        };
        build_plan(
            &c.source,
            &c.target,
            &selection.get_untracked(),
            &auth::user_name(),
            &now_iso(),
        )
    };

    let open_review = move || match current_plan() {
        Ok(plan) => start_review(plan, false),
        Err(e) => plan_error.set(Some(e)),
    };

    let export_plan = move |plan: &PromotionPlan| {
        browser::download(&plan.file_name(), "application/json", &plan.to_json());
        notify(
            "Plan exported. Another admin can import it here and apply it.",
            false,
        );
    };

    let import_plan = move || {
        browser::take_chosen_file(import_input, move |text| {
            match PromotionPlan::from_json(&text) {
                Ok(plan) => {
                    source.try_set(plan.source.id.clone());
                    target.try_set(plan.target.id.clone());
                    start_review(plan, true);
                }
                Err(e) => {
                    plan_error.try_set(Some(format!("The plan was not imported: {e}")));
                }
            }
        });
    };

    // Apply: read the target once more (the record's "before"), stop on any change, then the
    // calls in order; the first failure leaves the rest unsent.
    let apply = move || {
        let Some(Review { plan, problems, .. }) = review.get_untracked() else {
            return;
        };
        if PromotionPlan::blocked_by(&problems) || applying.get_untracked() {
            return;
        }
        review.set(None);
        applying.set(true);
        spawn_local(async move {
            let fresh = match read_account(plan.target.id.clone(), None).await {
                Ok(fresh) => fresh,
                Err(e) => {
                    target_read_error.try_set(Some(e));
                    applying.try_set(false);
                    return;
                }
            };
            let found = plan.conflicts(&fresh.snapshot.settings);
            if !found.is_empty() {
                conflicts.try_set(Some((plan, found)));
                applying.try_set(false);
                return;
            }
            let client = api::client().with_account_id(Some(plan.target.id.clone()));
            let mut outcomes = Vec::new();
            let mut failed = None;
            for op in plan.operations() {
                if failed.is_some() {
                    outcomes.push(OperationOutcome::not_sent(&op));
                    continue;
                }
                let answer: Result<serde_json::Value, ApiError> = match &op {
                    Operation::UpdateProperties(values) => {
                        api::send(client.update_properties(values))
                            .await
                            .map(serde_json::Value::Object)
                    }
                    Operation::SetRiskIndicators(n) => {
                        api::send(client.set_risk_indicators(*n, &fresh.risk_extra))
                            .await
                            .map(|r| serde_json::to_value(r).unwrap_or_default())
                    }
                    Operation::UpdateApnsUuid(uuid) => api::send(client.update_apns_uuid(uuid))
                        .await
                        .map(|r| serde_json::to_value(r).unwrap_or_default()),
                    Operation::UpdateConfigurationState(state) => {
                        api::send(client.update_configuration_state(EnabledState::from_api(state)))
                            .await
                            .map(|r| serde_json::to_value(r).unwrap_or_default())
                    }
                };
                match answer {
                    Ok(answer) => outcomes.push(OperationOutcome::applied(&op, answer)),
                    Err(e) => {
                        outcomes.push(OperationOutcome::failed(&op, &e));
                        failed = Some(e);
                    }
                }
            }
            let done = build_record(
                &plan,
                &fresh.snapshot.settings,
                outcomes,
                &auth::user_name(),
                &now_iso(),
            );
            let complete = done.complete;
            let count = done.changes.len();
            record.try_set(Some(done));
            apply_error.try_set(failed);
            applying.try_set(false);
            if complete {
                notify(
                    format!(
                        "Promoted {count} change{} to {}.",
                        if count == 1 { "" } else { "s" },
                        plan.target.shown()
                    ),
                    false,
                );
            }
            // Show both accounts as they are now (unless the page is gone).
            if source.try_get_untracked().is_none() {
                return;
            }
            source.try_set(plan.source.id.clone());
            target.try_set(plan.target.id.clone());
            run_compare();
            browser::focus("promotion-record");
        });
    };

    let toggle_mark = move |item: Item| {
        marked.update(|m| {
            if !m.remove(&item) {
                m.insert(item.clone());
            }
        });
        selection.update(|s| {
            s.remove(&item);
        });
        let keys: Vec<String> = marked.with_untracked(|m| m.iter().map(Item::key).collect());
        session_storage::set_json(&marked_key(), &keys);
    };

    let visible = move |row: &CompareRow| {
        let text = filter.get().trim().to_lowercase();
        let g = group.get();
        (g.is_empty() || g == row.group)
            && (text.is_empty()
                || row.label.to_lowercase().contains(&text)
                || row.api_name.to_lowercase().contains(&text))
            && (show_equal.get() || !row.folded())
    };

    let differing =
        move || rows.with(|r| r.iter().filter(|r| r.status == RowStatus::Differs).count());
    let folded = move || rows.with(|r| r.iter().filter(|r| r.folded()).count());
    let selected = move || selection.with(BTreeSet::len);

    view! {
        <h1 class="page-title">"Compare accounts"</h1>
        <p class="intro muted">"Two accounts side by side: every property, the risk indicator setting, the APNs UUID and the configuration state. Select what differs to promote it from the source to the target, after a review against the target as it is then. Write-only secrets are never read or copied."</p>
        <section class="card" id="compare-setup" aria-labelledby="compare-setup-title">
            <h2 id="compare-setup-title" class="visually-hidden">"Accounts"</h2>
            <KnownAccountOptions id="compare-known-accounts" />
            <form class="compare-form" id="compare-form" on:submit=move |ev| { ev.prevent_default(); run_compare(); }>
                <FormField id="compare-source" label="Source (copy from)" value=source
                    problem=source_problem help=source_help messages=Messages::OneLine("compare-source-hint")
                    box_class="form-field" name="source" autocomplete="off" spellcheck="false"
                    list="compare-known-accounts" placeholder="a-sdge-…" />
                <button type="button" id="compare-swap" class="swap" on:click=move |_| {
                    let (s, t) = (source.get_untracked(), target.get_untracked());
                    source.set(t);
                    target.set(s);
                }>"Swap ⇄"</button>
                <FormField id="compare-target" label="Target (copy to)" value=target
                    problem=target_problem help=target_help messages=Messages::OneLine("compare-target-hint")
                    box_class="form-field" name="target" autocomplete="off" spellcheck="false"
                    list="compare-known-accounts" placeholder="a-spge-…" />
                <button type="submit" class="primary" id="compare-run">"Compare"</button>
                // Not a disabled button: comparing another pair (or the same again) while a
                // read hangs replaces it.
                <span class="muted" id="compare-status" role="status">
                    {move || loading().then_some("Reading both accounts…")}
                </span>
            </form>
            {move || form_problem.get().map(|p| view! { <p class="field-error" role="alert" id="compare-form-problem">{p}</p> })}
            <div class="actions import-plan">
                <input type="file" id="import-plan" class="visually-hidden" accept=".json,application/json"
                    node_ref=import_input on:change=move |_| import_plan() />
                <label class="button-like" for="import-plan">"Import a promotion plan…"</label>
            </div>
        </section>

        {move || read_error().map(|e| view! {
            <div id="compare-error">
                <p class="field-error">{format!("Could not read account {}:", e.account)}</p>
                <ErrorBanner error=e.error />
            </div>
        })}
        {move || plan_error.get().map(|e| view! {
            <div class="banner error" role="alert" id="plan-error">{e}</div>
        })}
        <ConflictBanner conflicts=conflicts on_again=Callback::new(move |()| {
            conflicts.set(None);
            run_compare();
        }) />
        <RecordSection record=record apply_error=apply_error />

        <Show when=move || comparison.with(Option::is_some)>
            <section class="card" id="compare-result" aria-labelledby="compare-result-title">
                <div class="page-header">
                    <h2 id="compare-result-title">{move || comparison.with(|c| c.as_ref().map(|c| format!("{} → {}", c.source.account.shown(), c.target.account.shown())).unwrap_or_default())}</h2>
                    <span class="muted" id="compare-summary" aria-live="polite">{move || format!(
                        "{} differ{} · {} equal folded · {} selected",
                        differing(), if differing() == 1 { "s" } else { "" }, folded(), selected()
                    )}</span>
                </div>
                <p class="muted" id="compare-accounts">{move || comparison.with(|c| c.as_ref().map(|c| format!(
                    "Source: {}. Target: {}.", describe(&c.source.account), describe(&c.target.account)
                )).unwrap_or_default())}</p>
                <div class="table-tools compare-toolbar">
                    <label for="compare-filter">"Find"</label>
                    <input id="compare-filter" type="search" placeholder="Label or API name"
                        prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev)) />
                    <label for="compare-group">"Group"</label>
                    <select id="compare-group" prop:value=move || group.get()
                        on:change=move |ev| group.set(event_target_value(&ev))>
                        <option value="">"All groups"</option>
                        {groups().into_iter().map(|g| view! { <option value=g>{g}</option> }).collect_view()}
                    </select>
                    <LabelledCheckbox id="compare-show-equal" label="Show equal rows" checked=show_equal />
                    <span class="spacer"></span>
                    <button type="button" id="compare-select-differing"
                        on:click=move |_| selection.set(rows.with(|r| default_selection(r)))>
                        "Select all differing, except flagged"
                    </button>
                    <button type="button" id="compare-select-none" disabled=move || selected() == 0
                        on:click=move |_| selection.set(BTreeSet::new())>"Clear selection"</button>
                    <button type="button" id="export-plan" disabled=move || selected() == 0
                        on:click=move |_| match current_plan() {
                            Ok(plan) => export_plan(&plan),
                            Err(e) => plan_error.set(Some(e)),
                        }>"Export plan"</button>
                    <button type="button" class="primary" id="promote-open"
                        disabled=move || selected() == 0 || applying.get()
                        on:click=move |_| open_review()>
                        {move || match (applying.get(), selected()) {
                            (true, _) => "Promoting…".to_string(),
                            (false, 0) => "Review and promote…".to_string(),
                            (false, n) => format!("Review and promote {n}…"),
                        }}
                    </button>
                </div>
                <div class="table-scroll">
                    <table class="table compare-table" id="compare-table">
                        <caption class="visually-hidden">"Settings of the source and the target account"</caption>
                        <thead><tr>
                            <th scope="col">"Promote"</th>
                            <th scope="col">"Setting"</th>
                            <th scope="col">"Source"</th>
                            <th scope="col">"Target"</th>
                            <th scope="col">"Notes"</th>
                        </tr></thead>
                        {move || {
                            let all = rows.get();
                            groups().into_iter().map(|g| {
                                let in_group: Vec<CompareRow> = all.iter().filter(|r| r.group == g).cloned().collect();
                                let for_hidden = in_group.clone();
                                let equal = in_group.iter().filter(|r| r.folded()).count();
                                view! {
                                    <tbody hidden=move || !for_hidden.iter().any(visible)>
                                        <tr class="group-row"><td colspan="5">
                                            <strong>{g}</strong>
                                            {(equal > 0).then(|| view! { <span class="muted">{format!(" · {equal} equal")}</span> })}
                                        </td></tr>
                                        {in_group.into_iter().map(|row| view! {
                                            <CompareLine row=row selection=selection visible=Callback::new(move |r: CompareRow| visible(&r))
                                                on_mark=Callback::new(toggle_mark) />
                                        }).collect_view()}
                                    </tbody>
                                }
                            }).collect_view()
                        }}
                    </table>
                </div>
                <p class="muted" id="compare-nothing" hidden=move || rows.with(|r| r.iter().any(visible))>
                    "No row matches. Equal rows are folded: tick “Show equal rows” to see them."
                </p>
            </section>
        </Show>
        <PromoteDialog review=review applying=applying
            on_apply=Callback::new(move |()| apply())
            on_export=Callback::new(move |plan: PromotionPlan| export_plan(&plan)) />
    }
}

/// One row of the comparison.
#[component]
fn CompareLine(
    row: CompareRow,
    selection: RwSignal<BTreeSet<Item>>,
    visible: Callback<CompareRow, bool>,
    on_mark: Callback<Item>,
) -> impl IntoView {
    let key = row.item.key();
    let box_id = format!("promote-{}", key);
    let item = row.item.clone();
    let checked = {
        let item = item.clone();
        move || selection.with(|s| s.contains(&item))
    };
    let toggle = {
        let item = item.clone();
        move |ev| {
            let on = event_target_checked(&ev);
            selection.update(|s| {
                if on {
                    s.insert(item.clone());
                } else {
                    s.remove(&item);
                }
            });
        }
    };
    let for_visible = row.clone();
    let mark_item = item.clone();
    let selectable = row.selectable();
    let status_text = match row.status {
        RowStatus::Same => "equal",
        RowStatus::Differs => "differs",
        RowStatus::Unknown => "cannot be compared",
    };
    view! {
        <tr data-item=key class="compare-row"
            class:differs=row.status == RowStatus::Differs
            class:unknown=row.status == RowStatus::Unknown
            class:flagged=row.usually_differs
            hidden=move || !visible.run(for_visible.clone())>
            <td>
                <input type="checkbox" id=box_id name="promote" value=row.item.key()
                    aria-label=format!("Promote {}", row.label)
                    disabled=!selectable
                    prop:checked=checked on:change=toggle />
            </td>
            <th scope="row">
                {row.label.clone()} " " {api_name(&row.api_name)}
            </th>
            <td class="source">{row.source.clone()}</td>
            <td class="target">{row.target.clone()}</td>
            <td class="notes">
                <span class="visually-hidden">{status_text}</span>
                {(row.status == RowStatus::Differs).then(|| view! { <span class="tag differs-tag">"differs"</span> })}
                {row.secret.then(|| view! { <span class="tag">"write-only"</span> })}
                {row.usually_differs.then(|| view! { <span class="tag usually-differs">"usually differs"</span> })}
                {row.not_copyable.clone().filter(|_| row.status != RowStatus::Same).map(|why| view! { <span class="muted small why">{why}</span> })}
                {(!row.secret && (row.marked || !row.usually_differs)).then(|| {
                    let item = mark_item.clone();
                    view! {
                        <button type="button" class="link small mark" aria-pressed=row.marked.to_string()
                            on:click=move |_| on_mark.run(item.clone())>
                            {if row.marked { "Unflag" } else { "Flag as usually differs" }}
                        </button>
                    }
                })}
            </td>
        </tr>
    }
}

/// A change on the target since the comparison: nothing was sent.
#[component]
fn ConflictBanner(
    conflicts: RwSignal<Option<(PromotionPlan, Vec<PlanConflict>)>>,
    on_again: Callback<()>,
) -> impl IntoView {
    view! {
        {move || conflicts.get().map(|(plan, found)| view! {
            <section class="banner error" role="alert" id="promote-conflicts" aria-labelledby="promote-conflicts-title">
                <h2 id="promote-conflicts-title">{format!("{} changed since the comparison", plan.target.shown())}</h2>
                <p>"Nothing was promoted. Compare again to see the target as it is now, and choose again."</p>
                <table class="table" id="conflict-table">
                    <thead><tr>
                        <th scope="col">"Setting"</th><th scope="col">"When compared"</th>
                        <th scope="col">"Now on the target"</th><th scope="col">"In the plan"</th>
                    </tr></thead>
                    <tbody>
                        {found.into_iter().map(|c| view! {
                            <tr data-item=c.item.key()>
                                <th scope="row">{c.label} " " {api_name(c.item.api_name())}</th>
                                <td>{c.compared}</td>
                                <td class="theirs">{c.now}</td>
                                <td>{if c.in_plan { "yes" } else { "no" }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <div class="actions">
                    <button type="button" id="conflict-dismiss" on:click=move |_| conflicts.set(None)>"Dismiss"</button>
                    <button type="button" class="primary" id="compare-again" on:click=move |_| on_again.run(())>"Compare again"</button>
                </div>
            </section>
        })}
    }
}

/// The review: each change as on the target now and as it will be, the target's errors (they
/// block) and warnings (they do not), and for a production target its label typed.
#[component]
fn PromoteDialog(
    review: RwSignal<Option<Review>>,
    applying: RwSignal<bool>,
    on_apply: Callback<()>,
    on_export: Callback<PromotionPlan>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| {
        if review.with(Option::is_some) {
            typed.set(String::new());
        }
    });
    sync_modal(dialog, move || review.with(Option::is_some));
    let plan = move || review.with(|r| r.as_ref().map(|r| r.plan.clone()));
    let production = move || plan().is_some_and(|p| p.target.production);
    let expected = move || {
        plan()
            .map(|p| p.target.shown().to_string())
            .unwrap_or_default()
    };
    let typed_ok = move || {
        !production() || normalise_typed_name(&typed.get()) == normalise_typed_name(&expected())
    };
    let problems =
        move || review.with(|r| r.as_ref().map(|r| r.problems.clone()).unwrap_or_default());
    let errors = move || {
        problems()
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .collect::<Vec<_>>()
    };
    let warnings = move || {
        problems()
            .into_iter()
            .filter(|p| p.severity == Severity::Warning)
            .collect::<Vec<_>>()
    };
    let blocked = move || !errors().is_empty();
    let count = move || plan().map(|p| p.steps.len()).unwrap_or(0);
    let problem_line = |p: FieldProblem| {
        let label = Item::Property(p.name.clone()).label();
        view! { <li data-name=p.name.clone()>{format!("{label}: {}", p.message)}</li> }
    };
    view! {
        <dialog node_ref=dialog class="dialog wide" aria-labelledby="promote-title" id="promote-dialog"
            on:close=move |_| review.set(None)>
            <h2 id="promote-title">{move || plan().map(|p| format!("Promote to {}", p.target.shown())).unwrap_or_default()}</h2>
            <p id="promote-accounts">{move || plan().map(|p| format!(
                "From {} to {}. The target was read again just now: these are its values.",
                describe(&p.source), describe(&p.target)
            ))}</p>
            <Show when=move || review.with(|r| r.as_ref().is_some_and(|r| r.imported))>
                <p class="notice" id="promote-imported">{move || plan().map(|p| format!(
                    "An imported plan, made by {} at {}.",
                    if p.created_by.is_empty() { "(no name)".to_string() } else { p.created_by.clone() }, p.created_at
                ))}</p>
            </Show>
            <table class="table" id="promote-diff">
                <thead><tr><th scope="col">"Setting"</th><th scope="col">"Now on the target"</th><th scope="col">"New"</th></tr></thead>
                <tbody>
                    {move || plan().map(|p| p.review().into_iter().map(|r| view! {
                        <tr data-item=r.item.key()>
                            <th scope="row">{r.label} " " {api_name(&r.api_name)}</th>
                            <td class="old">{r.now}</td>
                            <td class="new">{r.new}</td>
                        </tr>
                    }).collect_view())}
                </tbody>
            </table>
            <Show when=blocked>
                <div class="banner error" role="alert" id="promote-errors">
                    <strong>{move || format!("{} on the target to fix first (the API reference forbids these values):", match errors().len() { 1 => "1 problem".to_string(), n => format!("{n} problems") })}</strong>
                    <ul>{move || errors().into_iter().map(problem_line).collect_view()}</ul>
                </div>
            </Show>
            <Show when=move || !warnings().is_empty()>
                <div class="banner warning" id="promote-warnings">
                    <strong>"Warnings (the console's own checks; they do not block, the server decides):"</strong>
                    <ul>{move || warnings().into_iter().map(problem_line).collect_view()}</ul>
                </div>
            </Show>
            <form class="stack" on:submit=move |ev| {
                ev.prevent_default();
                if typed_ok() && !blocked() {
                    on_apply.run(());
                }
            }>
                <Show when=production>
                    <p class="production-warning" id="promote-production">{move || format!("{} is a PRODUCTION account.", expected())}</p>
                    <label for="promote-typed">
                        "Type the target account's name " <strong class="typed-expected">{expected}</strong> " to confirm"
                    </label>
                    <input id="promote-typed" name="confirmTarget" autocomplete="off" spellcheck="false"
                        aria-describedby="promote-production"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev)) />
                </Show>
                <div class="actions">
                    <button type="button" id="promote-cancel" on:click=move |_| review.set(None)>"Cancel"</button>
                    <button type="button" id="promote-export" on:click=move |_| {
                        if let Some(p) = plan() {
                            on_export.run(p);
                        }
                    }>"Export plan"</button>
                    <button type="submit" class="primary" id="promote-confirm"
                        class:danger=production
                        disabled=move || blocked() || !typed_ok() || applying.get()>
                        {move || format!("Apply {} change{}", count(), if count() == 1 { "" } else { "s" })}
                    </button>
                </div>
            </form>
        </dialog>
    }
}

/// The record of the last promotion: on screen, and as JSON and a readable summary.
#[component]
fn RecordSection(
    record: RwSignal<Option<PromotionRecord>>,
    apply_error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let download_json = move |_| {
        if let Some(r) = record.get_untracked() {
            browser::download(
                &format!("{}.json", r.file_stem()),
                "application/json",
                &r.to_json(),
            );
        }
    };
    let download_summary = move |_| {
        if let Some(r) = record.get_untracked() {
            browser::download(
                &format!("{}.txt", r.file_stem()),
                "text/plain",
                &r.summary(),
            );
        }
    };
    view! {
        {move || record.get().map(|r| {
            let applied = r.changes.iter().filter(|c| c.outcome == crate::logic::promotion::Outcome::Applied).count();
            view! {
                <section class="card" class:record-incomplete=!r.complete id="promotion-record" tabindex="-1"
                    aria-labelledby="promotion-record-title">
                    <div class="page-header">
                        <h2 id="promotion-record-title">"Promotion record"</h2>
                        <div class="actions">
                            <button type="button" id="download-record-json" on:click=download_json>"Download record (JSON)"</button>
                            <button type="button" id="download-record-summary" on:click=download_summary>"Download summary (text)"</button>
                        </div>
                    </div>
                    <p id="record-result" class:production-warning=!r.complete>{if r.complete {
                        format!("{applied} change{} applied to {}.", if applied == 1 { "" } else { "s" }, describe(&r.target))
                    } else {
                        format!("Stopped: {applied} of {} changes applied to {}. The record says which.", r.changes.len(), describe(&r.target))
                    }}</p>
                    {move || apply_error.get().map(|e| view! { <ErrorBanner error=e /> })}
                    <p class="muted">{format!(
                        "Applied by {} at {}; planned by {} at {}; from {}.",
                        if r.applied_by.is_empty() { "(no name)" } else { r.applied_by.as_str() }, r.applied_at,
                        if r.planned_by.is_empty() { "(no name)" } else { r.planned_by.as_str() }, r.planned_at,
                        describe(&r.source)
                    )}</p>
                    <table class="table" id="record-table">
                        <thead><tr>
                            <th scope="col">"Setting"</th><th scope="col">"Before"</th>
                            <th scope="col">"After (as the API answered)"</th><th scope="col">"Outcome"</th>
                        </tr></thead>
                        <tbody>
                            {r.changes.iter().map(|c| view! {
                                <tr data-item=c.item.key()>
                                    <th scope="row">{c.label.clone()} " " {api_name(c.item.api_name())}</th>
                                    <td>{crate::logic::promotion::shown(&c.item, c.before.as_ref())}</td>
                                    <td>{if c.outcome == crate::logic::promotion::Outcome::Applied {
                                        crate::logic::promotion::shown(&c.item, c.after.as_ref())
                                    } else {
                                        format!("(wanted {})", crate::logic::promotion::shown(&c.item, c.requested.as_ref()))
                                    }}</td>
                                    <td>{c.outcome.text()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <h3>"Calls to the API"</h3>
                    <ul id="record-calls">
                        {r.operations.iter().map(|o| view! {
                            <li>
                                <code>{o.operation.clone()}</code>{format!(": {}", o.outcome.text())}
                                {o.http_status.map(|s| format!(", HTTP {s}"))}
                                {match o.trace_id.clone() {
                                    Some(t) => view! { ", traceId " <code class="trace-id">{t}</code> }.into_any(),
                                    None => view! { <span class="muted">", no traceId given"</span> }.into_any(),
                                }}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })}
    }
}
