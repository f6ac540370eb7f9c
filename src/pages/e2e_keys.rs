//! E2E keys: "Get E2E keys" (state filter; search by name in the browser), "Create E2E key",
//! "Get E2E key", "Change E2E key state" and "Delete E2E key" (the name must be typed).
//!
//! The reference: "Ensure that you do not share E2E keys between sandbox and production
//! accounts". Keys carry no environment, so the page reads their names
//! ([`e2e_key_environment_warning`]) against the current account and warns.

use super::key_common::{
    describe, detail_href, go_to, invalid_param, limit_note, selected_id, timestamp_text,
};
use crate::api;
use crate::components::api_error_view::ApiErrorView;
use crate::components::api_resource::{suspended, ApiResource};
use crate::components::confirm::ConfirmDialog;
use crate::components::copy::CopyableCode;
use crate::components::error_banner::ErrorBanner;
use crate::components::fields::{Field, JsonFields};
use crate::components::form_field::FormField;
use crate::components::state_badge::state_badge;
use crate::components::typed_confirm::TypedConfirmDialog;
use crate::logic::e2e_key_names::e2e_key_environment_warning;
use crate::router::Page;
use crate::state::accounts::chosen_account_signal;
use crate::state::toasts::notify;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mobileid_admin_contract::material::{parse_public_key_base64, same_fingerprint};
use mobileid_admin_contract::models::{Account, E2eKey, EnabledState, NewE2eKey};
use mobileid_admin_contract::ApiError;

/// The current account (for the sandbox/production warning); `None` until loaded or when it
/// cannot be read (the warning is then off).
type AccountSignal = Signal<Option<Account>>;

fn environment_warning(account: AccountSignal, key_name: &str) -> Option<String> {
    account.with(|a| {
        a.as_ref()
            .and_then(|a| e2e_key_environment_warning(key_name, &a.id, &a.name, a.account_type))
    })
}

const HEURISTIC: &str = "Keys do not record whether they are for sandbox or production, but their names usually say which account they are for (onboarding names each account's key “<account name> - default E2E key”). The console compares the names with the current account and warns when a key's name mentions an account ID other than the current account's, is another account's default key, says “sandbox” or “test” while the current account is a PRODUCTION account, or says “prod”, “production” or “live” while it is a SANDBOX account. It is a hint drawn from the name only: check before you use a key.";

#[component]
pub fn E2eKeysPage() -> impl IntoView {
    let route = crate::router::use_route();
    let selected = selected_id(route);
    let chosen = chosen_account_signal();
    // The list's filters live in the address too, so a reload, a bookmark or Back keeps them.
    let start = crate::router::Route::current();
    let state_filter = RwSignal::new(start.param("state").and_then(EnabledState::parse));
    let search = RwSignal::new(start.param("q").unwrap_or_default().to_string());
    Effect::new(move |_| {
        let state = state_filter
            .get()
            .map(|s| s.to_string())
            .unwrap_or_default();
        let q = search.get().trim().to_string();
        crate::router::Route::update_params(Page::E2eKeys, &[("state", state), ("q", q)]);
    });
    // The account tells a sandbox from a production one (the environment warning).
    let account_read = ApiResource::new(
        move || chosen.get(),
        |_, abort| async move { api::send_abortable(api::client().get_account(false), &abort).await },
    );
    let account: AccountSignal = Signal::derive(move || account_read.get().and_then(Result::ok));
    let list = ApiResource::new(
        move || (chosen.get(), state_filter.get()),
        |(_, filter), abort| async move {
            api::send_abortable(api::client().list_e2e_keys(filter), &abort)
                .await
                .map(|l| l.e2e_keys)
        },
    );
    // The selected key; refetched after a state change, not after a delete (its key is gone).
    let detail = ApiResource::new(
        move || selected.get(),
        |id, abort| async move {
            match id {
                Some(id) => api::send_abortable(api::client().get_e2e_key(&id), &abort)
                    .await
                    .map(Some),
                None => Ok(None),
            }
        },
    );

    // Enable / disable, with an explanation of what disabling does.
    let pending_state = RwSignal::new(None::<(E2eKey, EnabledState)>);
    let state_open = RwSignal::new(false);
    let ask_state = Callback::new(move |(key, target): (E2eKey, EnabledState)| {
        pending_state.set(Some((key, target)));
        state_open.set(true);
    });
    let change_state = Callback::new(move |()| {
        let Some((key, target)) = pending_state.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api::send(api::client().update_e2e_key_state(&key.id, target)).await {
                Ok(answer) => {
                    let verb = match answer.state {
                        EnabledState::Enabled => "enabled".to_string(),
                        EnabledState::Disabled => "disabled".to_string(),
                        other => format!("now in the state {other}"),
                    };
                    notify(format!("E2E key “{}” {verb}.", key.name), false);
                    list.refetch();
                    detail.refetch();
                }
                Err(e) => notify(
                    format!(
                        "Could not change the state of “{}”: {}",
                        key.name,
                        describe(&e)
                    ),
                    true,
                ),
            }
        });
    });
    // The console only ever asks for ENABLED or DISABLED.
    let state_title = Signal::derive(move || match pending_state.get() {
        Some((k, EnabledState::Enabled)) => format!("Enable the E2E key “{}”?", k.name),
        Some((k, _)) => format!("Disable the E2E key “{}”?", k.name),
        None => String::new(),
    });
    let state_message = Signal::derive(move || {
        match pending_state.get() {
        Some((_, EnabledState::Enabled)) => "Client requests that use this key will work again.".to_string(),
        Some(_) => "A disabled key no longer works for client requests: apps that encrypt their MobileID traffic with it get errors until the key is enabled again.".to_string(),
        None => String::new(),
    }
    });
    let state_label = Signal::derive(move || match pending_state.get() {
        Some((_, EnabledState::Disabled)) => "Disable key".to_string(),
        _ => "Enable key".to_string(),
    });

    // Delete: the key's name must be typed.
    let pending_delete = RwSignal::new(None::<E2eKey>);
    let delete_open = RwSignal::new(false);
    let ask_delete = Callback::new(move |key: E2eKey| {
        pending_delete.set(Some(key));
        delete_open.set(true);
    });
    let delete = Callback::new(move |()| {
        let Some(key) = pending_delete.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api::send(api::client().delete_e2e_key(&key.id)).await {
                Ok(_) => {
                    notify(format!("E2E key “{}” deleted.", key.name), false);
                    if selected.try_get_untracked().flatten().as_deref() == Some(&key.id) {
                        go_to(&Page::E2eKeys.href());
                    }
                    list.refetch();
                }
                Err(e) => notify(
                    format!(
                        "Could not delete the E2E key “{}”: {}",
                        key.name,
                        describe(&e)
                    ),
                    true,
                ),
            }
        });
    });
    let delete_expected = Signal::derive(move || {
        pending_delete
            .get()
            .map(|k| if k.name.is_empty() { k.id } else { k.name })
            .unwrap_or_default()
    });
    let delete_title = Signal::derive(move || {
        pending_delete
            .get()
            .map(|k| format!("Delete the E2E key “{}”?", k.name))
            .unwrap_or_default()
    });
    let delete_message = Signal::derive(|| {
        "This cannot be undone. Apps that still use this key for end-to-end encryption will fail. If you are not sure, disable the key instead.".to_string()
    });

    let creating = RwSignal::new(false);
    let created = RwSignal::new(None::<E2eKey>);
    let on_created = Callback::new(move |key: E2eKey| {
        creating.set(false);
        notify(format!("E2E key “{}” created.", key.name), false);
        created.set(Some(key));
        list.refetch();
    });

    view! {
        <h1 class="page-title">"E2E keys"</h1>
        <p class="muted intro">
            "E2E keys encrypt the traffic between your apps and MobileID end to end. Keys belong to your organisation. Do not share E2E keys between sandbox and production accounts."
        </p>
        <details class="explain">
            <summary>"How the sandbox/production warning works"</summary>
            <p id="e2e-heuristic">{HEURISTIC}</p>
        </details>
        {move || selected.get().map(|_| view! {
            <E2eKeyDetail key=detail account=account on_state=ask_state on_delete=ask_delete />
        })}
        {move || created.get().map(|key| view! {
            <CreatedKey key=key account=account on_close=Callback::new(move |()| created.set(None)) />
        })}
        <section class="card" id="e2e-keys">
            <div class="page-header">
                <h2>"Keys"</h2>
                <button type="button" class="primary" id="show-create-e2e-key"
                    aria-expanded=move || creating.get().to_string() aria-controls="create-e2e-key"
                    on:click=move |_| {
                        creating.update(|c| *c = !*c);
                        if creating.get_untracked() {
                            crate::browser::focus_soon("e2e-name");
                        }
                    }>
                    "Create E2E key"
                </button>
            </div>
            <Show when=move || creating.get()>
                <CreateE2eKeyForm account=account on_created=on_created
                    on_cancel=Callback::new(move |()| creating.set(false)) />
            </Show>
            <div class="filters">
                <div class="form-field">
                    <label for="e2e-state-filter">"State"</label>
                    <select id="e2e-state-filter" name="state"
                        prop:value=move || state_filter.get().map(|s| s.to_string()).unwrap_or_default()
                        on:change=move |ev| state_filter.set(EnabledState::parse(&event_target_value(&ev)))>
                        <option value="">"All"</option>
                        <option value="ENABLED">"ENABLED"</option>
                        <option value="DISABLED">"DISABLED"</option>
                    </select>
                </div>
                <div class="form-field">
                    <label for="e2e-search">"Search by name"</label>
                    <input type="search" id="e2e-search" name="search" autocomplete="off"
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev)) />
                </div>
            </div>
            <Transition fallback=|| view! { <p class="muted" aria-busy="true" id="e2e-keys-loading">"Loading E2E keys…"</p> }>
                {suspended(move || Suspend::new(async move { match list.await {
                    Err(e) => view! { <ApiErrorView error=e retry=move || list.refetch() /> }.into_any(),
                    Ok(keys) if keys.is_empty() => view! {
                        <p class="empty" id="e2e-keys-empty">
                            {match state_filter.get_untracked() {
                                Some(s) => format!("No {s} E2E keys."),
                                None => "No E2E keys yet. Create one for each app that encrypts its MobileID traffic.".to_string(),
                            }}
                        </p>
                    }.into_any(),
                    // The search filters what was read, as it is typed.
                    Ok(keys) => (move || {
                        let total = keys.len();
                        let needle = search.get().trim().to_lowercase();
                        let shown: Vec<E2eKey> = keys
                            .iter()
                            .filter(|k| needle.is_empty() || k.name.to_lowercase().contains(&needle))
                            .cloned()
                            .collect();
                        let note = if needle.is_empty() {
                            limit_note(total, "keys")
                        } else {
                            format!("{} of {} keys match “{}”. {}", shown.len(), total, search.get().trim(), limit_note(total, "keys"))
                        };
                        view! {
                            <p class="muted" id="e2e-keys-count">{note}</p>
                            {if shown.is_empty() {
                                view! { <p class="empty" id="e2e-keys-no-match">"No key name matches the search."</p> }.into_any()
                            } else {
                                keys_table(shown, account).into_any()
                            }}
                        }
                    }).into_any(),
                }}))}
            </Transition>
        </section>
        <ConfirmDialog open=state_open title=state_title message=state_message
            confirm_label=state_label on_confirm=change_state
            danger=false />
        <TypedConfirmDialog open=delete_open title=delete_title message=delete_message
            expected=delete_expected confirm_label=Signal::derive(|| "Delete key".to_string())
            on_confirm=delete />
    }
}

fn keys_table(keys: Vec<E2eKey>, account: AccountSignal) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="table" id="e2e-keys-table">
                <thead><tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"State"</th>
                    <th scope="col">"Created"</th>
                    <th scope="col">"SHA-256 fingerprint"</th>
                </tr></thead>
                <tbody>
                    {keys.into_iter().map(|k| {
                        let name = k.name.clone();
                        let warning = move || environment_warning(account, &name);
                        view! {
                            <tr id=format!("e2e-key-{}", k.id)>
                                <td>
                                    <a href=detail_href(Page::E2eKeys, &k.id) class="key-name">{k.name.clone()}</a>
                                    {move || warning().map(|w| view! {
                                        <span class="warn-chip" title=w.clone()>"Check environment"</span>
                                        <span class="visually-hidden">{w}</span>
                                    })}
                                    {(!k.description.is_empty()).then(|| view! { <div class="muted small">{k.description.clone()}</div> })}
                                </td>
                                <td>{state_badge(k.state, None)}</td>
                                <td class="nowrap">{timestamp_text(&k.created)}</td>
                                <td><CopyableCode text=k.sha256_fingerprint.clone() label="SHA-256 fingerprint" /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The public key, its type, and whether the API's fingerprint is the SHA-256 of it.
fn public_key_fields(key: &E2eKey, id_prefix: &'static str) -> impl IntoView {
    let parsed = parse_public_key_base64(&key.public_key);
    let verified = parsed
        .as_ref()
        .is_some_and(|p| same_fingerprint(&p.sha256_fingerprint, &key.sha256_fingerprint));
    view! {
        <div class="field-row wide">
            <dt>"SHA-256 fingerprint"</dt>
            <dd>
                <CopyableCode text=key.sha256_fingerprint.clone() label="SHA-256 fingerprint" id=format!("{id_prefix}-fingerprint") />
                {verified.then(|| view! {
                    <span class="verify ok" id=format!("{id_prefix}-fingerprint-verified")>
                        "Matches the SHA-256 of the public key, computed in your browser."
                    </span>
                })}
            </dd>
        </div>
        <div class="field-row wide">
            <dt>"Public key"</dt>
            <dd>
                <CopyableCode text=key.public_key.clone() label="public key" id=format!("{id_prefix}-public-key") />
                {parsed.map(|p| view! { <span class="muted">" " {p.description}</span> })}
            </dd>
        </div>
    }
}

#[component]
fn E2eKeyDetail(
    key: ApiResource<Option<E2eKey>, Option<String>>,
    account: AccountSignal,
    on_state: Callback<(E2eKey, EnabledState)>,
    on_delete: Callback<E2eKey>,
) -> impl IntoView {
    view! {
        <section class="card detail" id="e2e-key-detail" aria-labelledby="e2e-key-detail-title">
            // A refetch after a state change keeps the key shown until the new answer is in.
            <Transition fallback=|| view! {
                <h2 id="e2e-key-detail-title">"E2E key"</h2>
                <p class="muted" aria-busy="true">"Loading the E2E key…"</p>
            }>
            {suspended(move || Suspend::new(async move { match key.await {
                Ok(None) => ().into_any(),
                Err(e) => view! {
                    <h2 id="e2e-key-detail-title">"E2E key"</h2>
                    <ApiErrorView error=e />
                    <a href=Page::E2eKeys.href()>"Back to the list"</a>
                }.into_any(),
                Ok(Some(k)) => {
                    let enabled = k.state == EnabledState::Enabled;
                    let disabled = k.state == EnabledState::Disabled;
                    let for_delete = k.clone();
                    let name = k.name.clone();
                    let shown_state = k.state.to_string();
                    // A known state offers the one change; a state this console does not know
                    // offers both, as nothing says which of them applies.
                    let state_actions = if enabled || disabled {
                        let target = if enabled { EnabledState::Disabled } else { EnabledState::Enabled };
                        let for_state = k.clone();
                        view! {
                            <button type="button" id="toggle-e2e-state" class:danger=enabled
                                on:click=move |_| on_state.run((for_state.clone(), target))>
                                {if enabled { "Disable key" } else { "Enable key" }}
                            </button>
                        }.into_any()
                    } else {
                        let (for_enable, for_disable) = (k.clone(), k.clone());
                        view! {
                            <button type="button" id="enable-e2e-key"
                                on:click=move |_| on_state.run((for_enable.clone(), EnabledState::Enabled))>
                                "Enable key"
                            </button>
                            <button type="button" id="disable-e2e-key" class="danger"
                                on:click=move |_| on_state.run((for_disable.clone(), EnabledState::Disabled))>
                                "Disable key"
                            </button>
                        }.into_any()
                    };
                    view! {
                        <div class="page-header">
                            <h2 id="e2e-key-detail-title">{k.name.clone()}</h2>
                            {state_badge(k.state, Some("e2e-detail-state".to_string()))}
                            <a href=Page::E2eKeys.href() id="close-e2e-key">"Back to the list"</a>
                        </div>
                        {move || environment_warning(account, &name).map(|w| view! {
                            <div class="banner warning" role="alert" id="e2e-detail-warning">
                                <strong>"Sandbox or production? "</strong>{w}
                            </div>
                        })}
                        <dl class="fields">
                            <div class="field-row"><dt>"ID"</dt><dd><CopyableCode text=k.id.clone() label="key ID" id="e2e-detail-id" /></dd></div>
                            <Field label="Description" value=k.description.clone() id="e2e-detail-description" />
                            <Field label="Created" value=timestamp_text(&k.created) />
                            <Field label="Created by" value=k.created_by.clone().unwrap_or_else(|| "—".into()) />
                            {public_key_fields(&k, "e2e-detail")}
                            <JsonFields map=k.extra.clone() />
                        </dl>
                        <p class="muted" id="e2e-detail-state-note">
                            {if enabled {
                                "Disabling the key makes it stop working for client requests; you can enable it again later.".to_string()
                            } else if disabled {
                                "This key is disabled: client requests that use it are refused.".to_string()
                            } else {
                                format!("The key's state “{shown_state}” is not one this console knows (ENABLED, DISABLED), so it cannot tell which change applies: you may set either.")
                            }}
                        </p>
                        <div class="actions">
                            {state_actions}
                            <button type="button" class="danger" id="delete-e2e-key"
                                on:click=move |_| on_delete.run(for_delete.clone())>
                                "Delete key"
                            </button>
                        </div>
                    }.into_any()
                }
            }}))}
            </Transition>
        </section>
    }
}

#[component]
fn CreatedKey(key: E2eKey, account: AccountSignal, on_close: Callback<()>) -> impl IntoView {
    let name = key.name.clone();
    view! {
        <section class="card created" id="e2e-created" aria-labelledby="e2e-created-title">
            <div class="page-header">
                <h2 id="e2e-created-title">"Key created: " {key.name.clone()}</h2>
                <button type="button" class="link" id="close-e2e-created" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
            {move || environment_warning(account, &name).map(|w| view! {
                <div class="banner warning" role="alert" id="e2e-created-warning">{w}</div>
            })}
            <p>"Give the public key and its fingerprint to the app that will use this key."</p>
            <dl class="fields">
                <div class="field-row"><dt>"ID"</dt><dd><CopyableCode text=key.id.clone() label="key ID" id="e2e-created-id" /></dd></div>
                <div class="field-row"><dt>"State"</dt><dd>{state_badge(key.state, None)}</dd></div>
                {public_key_fields(&key, "e2e-created")}
            </dl>
            <p><a href=detail_href(Page::E2eKeys, &key.id)>"Open the key"</a></p>
        </section>
    }
}

#[component]
fn CreateE2eKeyForm(
    account: AccountSignal,
    on_created: Callback<E2eKey>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let server_error = RwSignal::new(None::<ApiError>);
    let name_problem = move || {
        invalid_param(&server_error.get(), "name").or_else(|| {
            (submitted.get() && name.get().trim().is_empty())
                .then(|| "A name is required.".to_string())
        })
    };
    let description_problem = move || invalid_param(&server_error.get(), "description");
    let warning = move || {
        let n = name.get();
        if n.trim().is_empty() {
            None
        } else {
            environment_warning(account, &n)
        }
    };
    let submit = move || {
        submitted.set(true);
        server_error.set(None);
        if busy.get_untracked() || name_problem().is_some() {
            return;
        }
        let body = NewE2eKey {
            name: name.get_untracked().trim().to_string(),
            description: description.get_untracked().trim().to_string(),
        };
        busy.set(true);
        spawn_local(async move {
            let result = api::send(api::client().create_e2e_key(&body)).await;
            busy.try_set(false);
            match result {
                Ok(key) => on_created.run(key),
                Err(e) => {
                    server_error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <form class="card nested add-form" id="create-e2e-key" novalidate
            on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <h3>"Create an E2E key"</h3>
            {move || server_error.get().map(|e| view! { <ErrorBanner error=e /> })}
            <div class="form-grid">
                <FormField id="e2e-name" label="Name" value=name problem=name_problem
                    help="Say which app and account the key is for, e.g. “MyApp iOS – a-sdge-…”."
                    also_described_by="e2e-create-warning" box_class="form-field"
                    name="name" required=true autocomplete="off" />
                <FormField id="e2e-description" label="Description" value=description
                    problem=description_problem box_class="form-field" name="description" autocomplete="off" />
            </div>
            <p id="e2e-create-warning" class="warning-text" aria-live="polite">
                {move || warning().map(|w| format!("Sandbox or production? {w}"))}
            </p>
            <div class="actions">
                <button type="button" id="cancel-create-e2e-key" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                <button type="submit" class="primary" id="create-e2e-key-submit" disabled=move || busy.get()>
                    {move || if busy.get() { "Creating…" } else { "Create key" }}
                </button>
            </div>
        </form>
    }
}
