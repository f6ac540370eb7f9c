//! Accounts: "Get MobileID account" (with the statistics switch), "Add MobileID account"
//! (onboarding) and enable/disable with confirmation.

use crate::api;
use crate::components::account::chosen_account_signal;
use crate::components::confirm::ConfirmDialog;
use crate::components::error_banner::{describe, ErrorBanner};
use crate::components::fields::{value_text, Field, JsonFields};
use crate::components::status::{notify, Latest};
use leptos::prelude::*;
use leptos::task::spawn_local;
use mobileid_admin_contract::models::{Account, AccountType, EnabledState};
use mobileid_admin_contract::ApiError;

/// Onboarding types offered (the reference names the parameter but not its values).
const ONBOARDING_TYPES: &[&str] = &["MOBILEID"];

#[derive(Clone, Debug)]
enum AccountView {
    Loading,
    Ready(Box<Account>),
    /// The account exists but is not onboarded for MobileID yet.
    NotOnboarded(ApiError),
    Failed(ApiError),
}

fn is_not_onboarded(error: &ApiError) -> bool {
    error.problem().and_then(|p| p.code.as_deref()) == Some("account_not_onboarded")
}

fn yes_no(v: bool) -> &'static str {
    if v {
        "Yes"
    } else {
        "No"
    }
}

fn timestamp(t: &Option<mobileid_admin_contract::lenient::Timestamp>) -> String {
    t.as_ref()
        .map(|t| t.to_string())
        .unwrap_or_else(|| "—".into())
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let chosen = chosen_account_signal();
    let with_statistics = RwSignal::new(true);
    let reload = RwSignal::new(0u32);
    let state = RwSignal::new(AccountView::Loading);
    let latest = Latest::new();

    // Loads on mount and whenever the account, the statistics switch or `reload` change; an
    // older answer arriving late is dropped.
    Effect::new(move |_| {
        chosen.track();
        reload.track();
        let statistics = with_statistics.get();
        let this = latest.start();
        spawn_local(async move {
            let result = api::send(api::client().get_account(statistics)).await;
            if !latest.is_current(this) {
                return;
            }
            state.try_set(match result {
                Ok(account) => AccountView::Ready(Box::new(account)),
                Err(e) if is_not_onboarded(&e) => AccountView::NotOnboarded(e),
                Err(e) => AccountView::Failed(e),
            });
        });
    });

    let confirm_open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let current_state = move || match state.get() {
        AccountView::Ready(a) => Some(a.state),
        _ => None,
    };
    let target_state = move || match current_state() {
        Some(EnabledState::Enabled) => EnabledState::Disabled,
        _ => EnabledState::Enabled,
    };
    let change_state = Callback::new(move |()| {
        let target = target_state();
        busy.set(true);
        spawn_local(async move {
            match api::send(api::client().update_account(target)).await {
                Ok(updated) => {
                    let verb = if updated.state == EnabledState::Enabled {
                        "enabled"
                    } else {
                        "disabled"
                    };
                    notify(format!("Account {} {verb}.", updated.id), false);
                    reload.try_update(|n| *n += 1);
                }
                Err(e) => notify(
                    format!("Could not change the account state: {}", describe(&e)),
                    true,
                ),
            }
            busy.try_set(false);
        });
    });

    let onboarding_type = RwSignal::new(ONBOARDING_TYPES[0].to_string());
    let onboard = move || {
        busy.set(true);
        let kind = onboarding_type.get_untracked();
        spawn_local(async move {
            match api::send(api::client().add_account(Some(&kind))).await {
                Ok(account) => {
                    notify(
                        format!("{} is now onboarded for MobileID.", account.name),
                        false,
                    );
                    state.try_set(AccountView::Ready(Box::new(account)));
                }
                Err(e) => notify(format!("Onboarding failed: {}", describe(&e)), true),
            }
            busy.try_set(false);
        });
    };

    let confirm_title = Signal::derive(move || match target_state() {
        EnabledState::Disabled => "Disable this account?".to_string(),
        EnabledState::Enabled => "Enable this account?".to_string(),
    });
    let confirm_message = Signal::derive(move || {
        match target_state() {
        EnabledState::Disabled => "While the account is disabled, its users cannot authenticate with MobileID. You can enable it again at any time.".to_string(),
        EnabledState::Enabled => "Users of this account will be able to authenticate with MobileID again.".to_string(),
    }
    });
    let confirm_label = Signal::derive(move || match target_state() {
        EnabledState::Disabled => "Disable account".to_string(),
        EnabledState::Enabled => "Enable account".to_string(),
    });

    view! {
        <h1 class="page-title">"Account"</h1>
        {move || match state.get() {
            AccountView::Loading => view! { <p class="muted" aria-busy="true">"Loading the account…"</p> }.into_any(),
            AccountView::Failed(e) => view! {
                <ErrorBanner error=e />
                <button type="button" on:click=move |_| reload.update(|n| *n += 1)>"Try again"</button>
            }.into_any(),
            AccountView::NotOnboarded(e) => view! {
                <section class="card" id="onboarding">
                    <h2>"Not onboarded for MobileID"</h2>
                    <p>{e.problem().and_then(|p| p.detail.clone()).unwrap_or_default()}</p>
                    <form class="stack" on:submit=move |ev| { ev.prevent_default(); onboard(); }>
                        <label for="onboarding-type">"Onboarding type"</label>
                        <select id="onboarding-type" name="onboardingType"
                            on:change=move |ev| onboarding_type.set(event_target_value(&ev))>
                            {ONBOARDING_TYPES.iter().map(|t| view! { <option value=*t>{*t}</option> }).collect_view()}
                        </select>
                        <button type="submit" class="primary" id="add-account" disabled=move || busy.get()>
                            "Add MobileID account"
                        </button>
                    </form>
                </section>
            }.into_any(),
            AccountView::Ready(account) => account_view(*account, with_statistics, busy, confirm_open).into_any(),
        }}
        <ConfirmDialog open=confirm_open title=confirm_title message=confirm_message
            confirm_label=confirm_label on_confirm=change_state danger=true />
    }
}

fn account_view(
    account: Account,
    with_statistics: RwSignal<bool>,
    busy: RwSignal<bool>,
    confirm_open: RwSignal<bool>,
) -> impl IntoView {
    let enabled = account.state == EnabledState::Enabled;
    let type_label = match account.account_type {
        AccountType::Sandbox => "SANDBOX",
        AccountType::Production => "PRODUCTION",
    };
    let sandbox = account.sandbox_properties.clone().map(|s| {
        let limit = s.sandbox_device_limit.0;
        let used = s.number_of_devices.0;
        view! {
            <section class="card">
                <h2>"Sandbox limits"</h2>
                <dl class="fields">
                    <Field label="Device limit" value=limit.to_string() id="sandbox-device-limit" />
                    <Field label="Devices" value=format!("{used} of {limit}") id="sandbox-devices" />
                </dl>
                <meter min="0" max=limit.to_string() value=used.to_string() aria-label="Devices used of the sandbox limit"></meter>
                <JsonFields map=s.extra.clone() />
            </section>
        }
    });
    let statistics = account.statistics.clone();
    let configurations = account.configurations.clone();
    let extra = account.extra.clone();
    view! {
        <section class="card">
            <div class="page-header">
                <h2 id="account-name">{account.name.clone()}</h2>
                <span class="badge" class:ok=enabled class:off=!enabled id="account-state">{account.state.to_string()}</span>
            </div>
            <dl class="fields">
                <Field label="Account ID" value=account.id.clone() id="account-id" />
                <Field label="Type" value=type_label id="account-type" />
                <Field label="Organisation" value=account.organisation_id.clone().unwrap_or_default() />
                <Field label="Created" value=timestamp(&account.created) />
                <Field label="Modified" value=timestamp(&account.modified) />
                <Field label="Onboarded for MobileID" value=yes_no(account.onboarded_for_mobile_id) />
                <Field label="Onboarded for passkeys" value=yes_no(account.onboarded_for_passkeys) />
                <JsonFields map=extra />
            </dl>
            <div class="actions">
                <button type="button" id="toggle-account-state" class:danger=enabled
                    disabled=move || busy.get() on:click=move |_| confirm_open.set(true)>
                    {if enabled { "Disable account" } else { "Enable account" }}
                </button>
            </div>
        </section>
        {sandbox}
        <section class="card">
            <div class="page-header">
                <h2>"Statistics"</h2>
                <label class="switch">
                    <input type="checkbox" id="with-statistics" prop:checked=move || with_statistics.get()
                        on:change=move |ev| with_statistics.set(event_target_checked(&ev)) />
                    " Include statistics"
                </label>
            </div>
            {match statistics {
                Some(s) => view! {
                    <dl class="fields">
                        <Field label="Active devices" value=s.number_of_active_devices.to_string() id="active-devices" />
                        <Field label="Active users" value=s.number_of_active_users.to_string() id="active-users" />
                        <JsonFields map=s.extra.clone() />
                    </dl>
                    <p class="muted">"Statistics are aggregated by the service, not live data."</p>
                }.into_any(),
                None => view! { <p class="muted">"Statistics not requested."</p> }.into_any(),
            }}
        </section>
        <section class="card">
            <h2>"Configurations"</h2>
            {if configurations.is_empty() {
                view! { <p class="muted">"No configurations."</p> }.into_any()
            } else {
                view! {
                    <table class="table" id="configurations">
                        <thead><tr>
                            <th scope="col">"ID"</th><th scope="col">"Description"</th><th scope="col">"Default"</th>
                            <th scope="col">"Account"</th><th scope="col">"Properties"</th><th scope="col">"Additional features"</th>
                        </tr></thead>
                        <tbody>
                            {configurations.into_iter().map(|c| view! {
                                <tr>
                                    <td><code>{c.id.clone()}</code></td>
                                    <td>{c.description.clone()}</td>
                                    <td>{yes_no(c.default)}</td>
                                    <td><code>{c.account_id.clone()}</code></td>
                                    <td><dl class="compact">{c.properties.iter().map(|(k, v)| view! {
                                        <div><dt>{k.clone()}</dt><dd>{value_text(v)}</dd></div>
                                    }).collect_view()}</dl></td>
                                    <td><dl class="compact">{c.additional_features.iter().map(|(k, v)| view! {
                                        <div><dt>{k.clone()}</dt><dd>{value_text(v)}</dd></div>
                                    }).collect_view()}</dl></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
