use super::{plural, HashList, RiskSetting, ALLOWED};
use crate::api;
use crate::browser::{self, focus_soon};
use crate::components::api_error_view::ApiErrorView;
use crate::components::api_resource::suspended;
use crate::components::api_value::timestamp_text;
use crate::components::checkbox::LabelledCheckbox;
use crate::components::confirm::ConfirmDialog;
use crate::components::copy::{CopyButton, ShortCode};
use crate::components::csv::CsvButton;
use crate::components::fields::Field;
use crate::components::form_field::{FormField, Messages};
use crate::components::sort::{dir_from_param, dir_param, page_from_param, SortHeader};
use crate::logic::analytics::{
    csv_file_name, format_count, hashes_csv, page_slice, parse_allowed_users, select_hash_rows,
    HashColumn, SortDir,
};
use crate::logic::error_text::describe;
use crate::pages::statistics::today;
use crate::router::{Page, Route};
use crate::state::toasts::notify;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeSet;

// ---------------------------------------------------------------- suspicious hashes

/// Rows of the flagged-hash table on one page.
const PER_PAGE: usize = 50;

#[component]
pub(super) fn SuspiciousList(
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
    // Empty: the account's own setting applies; said as the help and shown as the placeholder.
    let threshold_help = move || match current_setting.with(|c| c.as_ref().map(|c| c.allowed)) {
        None => "Empty: the account's risk setting (…).".to_string(),
        Some(Some(n)) => format!("Empty: the account's risk setting ({n})."),
        Some(None) => {
            "Empty: the account's risk setting, which is not set (the server's default applies)."
                .to_string()
        }
    };
    let threshold_placeholder = move || {
        current_setting.with(|c| {
            c.as_ref()
                .and_then(|c| c.allowed)
                .map(|n| n.to_string())
                .unwrap_or_default()
        })
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
                <FormField id="threshold" label="Flag hashes shared by more users than"
                    value=threshold_text problem=threshold_problem help=threshold_help
                    messages=Messages::OneLine("threshold-help") placeholder=threshold_placeholder
                    name=ALLOWED input_type="text" inputmode="numeric" input_class="short" autocomplete="off">
                    <button type="submit" id="apply-threshold">"Show"</button>
                    <LabelledCheckbox id="detailed" label="List devices (detailed)" checked=detailed />
                </FormField>
            </form>
            <Suspense fallback=|| view! { <p class="muted" aria-busy="true" id="hashes-loading">"Loading the suspicious device hashes…"</p> }>
            {suspended(move || Suspend::new(async move { match list.await {
                Err(e) => view! { <ApiErrorView error=e retry=move || list.refetch() /> }.into_any(),
                Ok(d) => view! {
                    <dl class="fields" id="suspicious-totals">
                        <Field label="Flagged device hashes" value=format_count(d.count.unique_device_hashes) id="suspicious-unique" />
                        <Field label="Devices with a flagged hash" value=format_count(d.count.total) id="suspicious-total" />
                        <Field label="Users of these devices" value=format_count(d.count.active_users) id="suspicious-active-users" />
                        <Field label="Aggregated at" value=timestamp_text(&d.aggregated_at) id="suspicious-aggregated-at" />
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
                                            <td class="nowrap">{r.last_used.clone().unwrap_or_else(|| "—".into())}</td>
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
