//! Accounts: "Get MobileID account" (with the statistics switch), "Add MobileID account"
//! (onboarding) and enable/disable with confirmation.

use crate::api;
use crate::components::api_error_view::ApiErrorView;
use crate::components::api_resource::{suspended, ApiResource};
use crate::components::api_value::enum_hint;
use crate::components::api_value::timestamp_text;
use crate::components::checkbox::LabelledCheckbox;
use crate::components::confirm::ConfirmDialog;
use crate::components::copy::CopyableCode;
use crate::components::error_banner::ErrorBanner;
use crate::components::fields::{value_text, Field, JsonFields};
use crate::components::form_field::FormField;
use crate::components::state_badge::state_badge;
use crate::logic::error_text::describe;
use crate::logic::error_text::invalid_param;
use crate::state::accounts::chosen_account_signal;
use crate::state::toasts::notify;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mobileid_admin_contract::models::{Account, EnabledState};
use mobileid_admin_contract::ApiError;

/// Onboarding types the console suggests. The reference names `onboardingType` but documents
/// no value: these are the console's guess, offered, never required.
const ONBOARDING_TYPES: &[&str] = &["MOBILEID"];

/// The warning for an onboarding type the console does not suggest; `None` for none or a
/// suggested one.
fn onboarding_type_warning(kind: &str) -> Option<String> {
    let kind = kind.trim();
    (!kind.is_empty() && !ONBOARDING_TYPES.contains(&kind)).then(|| {
        format!(
            "“{kind}” is not a value the console suggests ({}). The reference names onboardingType but documents no values, so it is sent as typed and the server decides.",
            ONBOARDING_TYPES.join(", ")
        )
    })
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

#[component]
pub fn AccountPage() -> impl IntoView {
    let chosen = chosen_account_signal();
    let with_statistics = RwSignal::new(true);
    // Read again whenever the account or the statistics switch change.
    let account = ApiResource::new(
        move || (chosen.get(), with_statistics.get()),
        |(_, statistics), abort| async move {
            api::send_abortable(api::client().get_account(statistics), &abort)
                .await
                .map(Box::new)
        },
    );

    let confirm_open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    // The state the confirmed action sets: chosen by the button pressed (an account in a state
    // this console does not know offers both).
    let target = RwSignal::new(EnabledState::Disabled);
    let ask_state = Callback::new(move |to: EnabledState| {
        target.set(to);
        confirm_open.set(true);
    });
    let change_state = Callback::new(move |()| {
        let target = target.get_untracked();
        busy.set(true);
        spawn_local(async move {
            match api::send(api::client().update_account(target)).await {
                Ok(updated) => {
                    let verb = match updated.state {
                        EnabledState::Enabled => "enabled".to_string(),
                        EnabledState::Disabled => "disabled".to_string(),
                        other => format!("now in the state {other}"),
                    };
                    notify(format!("Account {} {verb}.", updated.id), false);
                    account.refetch();
                }
                Err(e) => notify(
                    format!("Could not change the account state: {}", describe(&e)),
                    true,
                ),
            }
            busy.try_set(false);
        });
    });

    // Empty: no onboardingType is sent.
    let onboarding_type = RwSignal::new(String::new());
    let onboard_error = RwSignal::new(None::<ApiError>);
    let onboard = move || {
        busy.set(true);
        onboard_error.set(None);
        let kind = onboarding_type.get_untracked().trim().to_string();
        spawn_local(async move {
            let kind = (!kind.is_empty()).then_some(kind);
            match api::send(api::client().add_account(kind.as_deref())).await {
                Ok(onboarded) => {
                    notify(
                        format!("{} is now onboarded for MobileID.", onboarded.name),
                        false,
                    );
                    // The answer is the account: shown without reading it again.
                    account.set(Ok(Box::new(onboarded)));
                }
                Err(e) => {
                    notify(format!("Onboarding failed: {}", describe(&e)), true);
                    onboard_error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    let onboarding_error = move || onboard_error.with(|e| invalid_param(e, "onboardingType"));
    let onboarding_warning = move || onboarding_type.with(|k| onboarding_type_warning(k));

    let confirm_title = Signal::derive(move || match target.get() {
        EnabledState::Enabled => "Enable this account?".to_string(),
        _ => "Disable this account?".to_string(),
    });
    let confirm_message = Signal::derive(move || {
        match target.get() {
        EnabledState::Enabled => "Users of this account will be able to authenticate with MobileID again.".to_string(),
        _ => "While the account is disabled, its users cannot authenticate with MobileID. You can enable it again at any time.".to_string(),
    }
    });
    let confirm_label = Signal::derive(move || match target.get() {
        EnabledState::Enabled => "Enable account".to_string(),
        _ => "Disable account".to_string(),
    });

    view! {
        <h1 class="page-title">"Account"</h1>
        // Another account or the statistics switch keep the account shown until the new one is in.
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the account…"</p> }>
        {suspended(move || Suspend::new(async move { match account.await {
            Err(e) if is_not_onboarded(&e) => view! {
                <section class="card" id="onboarding">
                    <h2>"Not onboarded for MobileID"</h2>
                    <p>{e.problem().and_then(|p| p.detail.clone()).unwrap_or_default()}</p>
                    <form class="stack" novalidate on:submit=move |ev| { ev.prevent_default(); onboard(); }>
                        {move || onboard_error.get().map(|e| view! { <ErrorBanner error=e /> })}
                        <FormField id="onboarding-type" label="Onboarding type (optional)"
                            value=onboarding_type problem=onboarding_error
                            help=format!(
                                "Leave empty to send none. Suggested: {}. The reference names this parameter but documents no values.",
                                ONBOARDING_TYPES.join(", ")
                            )
                            warning=onboarding_warning name="onboardingType" list="onboarding-types"
                            autocomplete="off" spellcheck="false" placeholder="(none)"
                            on_input=Callback::new(move |()| onboard_error.set(None))>
                            <datalist id="onboarding-types">
                                {ONBOARDING_TYPES.iter().map(|t| view! { <option value=*t></option> }).collect_view()}
                            </datalist>
                        </FormField>
                        <button type="submit" class="primary" id="add-account" disabled=move || busy.get()>
                            "Add MobileID account"
                        </button>
                    </form>
                </section>
            }.into_any(),
            Err(e) => view! { <ApiErrorView error=e retry=move || account.refetch() /> }.into_any(),
            Ok(account) => account_view(*account, with_statistics, busy, ask_state).into_any(),
        }}))}
        </Transition>
        <ConfirmDialog open=confirm_open title=confirm_title message=confirm_message
            confirm_label=confirm_label on_confirm=change_state
            danger=Signal::derive(move || target.get() != EnabledState::Enabled) />
    }
}

fn account_view(
    account: Account,
    with_statistics: RwSignal<bool>,
    busy: RwSignal<bool>,
    ask_state: Callback<EnabledState>,
) -> impl IntoView {
    let enabled = account.state == EnabledState::Enabled;
    let disabled = account.state == EnabledState::Disabled;
    let type_hint = enum_hint(account.account_type);
    // Known states offer the one change; a state this console does not know offers both, as
    // nothing says which of them the account is closer to.
    let actions = if enabled || disabled {
        let to = if enabled {
            EnabledState::Disabled
        } else {
            EnabledState::Enabled
        };
        view! {
            <button type="button" id="toggle-account-state" class:danger=enabled
                disabled=move || busy.get() on:click=move |_| ask_state.run(to)>
                {if enabled { "Disable account" } else { "Enable account" }}
            </button>
        }
        .into_any()
    } else {
        let shown = account.state.to_string();
        view! {
            <p class="muted" id="account-state-unknown">
                {format!("The account's state “{shown}” is not one this console knows (ENABLED, DISABLED), so it cannot tell which change applies: you may set either.")}
            </p>
            <button type="button" id="enable-account"
                disabled=move || busy.get() on:click=move |_| ask_state.run(EnabledState::Enabled)>
                "Enable account"
            </button>
            <button type="button" id="disable-account" class="danger"
                disabled=move || busy.get() on:click=move |_| ask_state.run(EnabledState::Disabled)>
                "Disable account"
            </button>
        }
        .into_any()
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
                {state_badge(account.state, Some("account-state".to_string()))}
            </div>
            <dl class="fields">
                <Field label="Account ID" value=account.id.clone() id="account-id" />
                <div class="field-row">
                    <dt>"Type"</dt>
                    <dd><span id="account-type">{account.account_type.to_string()}</span>{type_hint}</dd>
                </div>
                <Field label="Organisation" value=account.organisation_id.clone().unwrap_or_default() />
                <Field label="Created" value=timestamp_text(&account.created) />
                <Field label="Modified" value=timestamp_text(&account.modified) />
                <Field label="Onboarded for MobileID" value=yes_no(account.onboarded_for_mobile_id) />
                <Field label="Onboarded for passkeys" value=yes_no(account.onboarded_for_passkeys) />
                <JsonFields map=extra />
            </dl>
            <div class="actions">{actions}</div>
        </section>
        {sandbox}
        <section class="card">
            <div class="page-header">
                <h2>"Statistics"</h2>
                <LabelledCheckbox id="with-statistics" label="Include statistics" checked=with_statistics />
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
                                    <td><CopyableCode text=c.id.clone() label="configuration ID" /></td>
                                    <td>{c.description.clone()}</td>
                                    <td>{yes_no(c.default)}</td>
                                    <td><CopyableCode text=c.account_id.clone() label="account ID" /></td>
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
