use super::{plural, HashList, ListData};
use crate::api;
use crate::browser::focus_soon;
use crate::components::api_error_view::ApiErrorView;
use crate::components::api_resource::{suspended, ApiResource};
use crate::components::api_value::timestamp_text;
use crate::components::api_value::{device_state_hint, device_state_text};
use crate::components::confirm::ConfirmDialog;
use crate::components::copy::{CopyableCode, ShortCode};
use crate::components::csv::CsvButton;
use crate::components::error_banner::ErrorBanner;
use crate::logic::analytics::{
    csv_file_name, devices_csv, format_count, lock_summary, validate_device_hash,
};
use crate::logic::error_text::describe;
use crate::pages::statistics::today;
use crate::state::accounts::chosen_account_signal;
use crate::state::toasts::notify;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mobileid_admin_contract::lenient::Timestamp;
use mobileid_admin_contract::models::UserDevices;
use mobileid_admin_contract::ApiError;
use std::collections::HashMap;
use std::sync::Arc;

// ---------------------------------------------------------------- one hash

#[component]
pub(super) fn HashDetail(hash: RwSignal<Option<String>>, list: HashList) -> impl IntoView {
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
                                    <td class="nowrap">{timestamp_text(&d.last_used)}</td>
                                    <td class="nowrap">{timestamp_text(&created_at)}</td>
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
