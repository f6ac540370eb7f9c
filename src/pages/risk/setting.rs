use super::{RiskSetting, ALLOWED};
use crate::api;
use crate::browser::{self, session_storage};
use crate::components::api_error_view::ApiErrorView;
use crate::components::api_resource::{suspended, ApiResource};
use crate::components::api_value::api_name;
use crate::components::confirm::sync_modal;
use crate::components::error_banner::ErrorBanner;
use crate::components::fields::JsonFields;
use crate::components::form_field::{FormField, Messages};
use crate::logic::analytics::parse_allowed_users;
use crate::logic::error_text::describe;
use crate::state::accounts::{chosen_account, chosen_account_signal};
use crate::state::toasts::notify;
use leptos::html::Dialog;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mobileid_admin_contract::ApiError;

// ---------------------------------------------------------------- risk configuration

/// How an absent risk setting reads.
const NOT_SET: &str = "Not set (the server's default applies)";

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

#[component]
pub(super) fn RiskConfig(
    current: RwSignal<Option<RiskSetting>>,
    on_saved: Callback<()>,
) -> impl IntoView {
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
    let allowed_help = move || {
        format!(
            "{ALLOWED}: a device hash shared by more users than this is flagged as suspicious. {}",
            match current.with(|c| c.as_ref().map(|c| c.allowed)) {
                None => "Now unknown.".to_string(),
                Some(Some(n)) => format!("Now {n}."),
                Some(None) => format!("{NOT_SET}."),
            }
        )
    };
    let allowed_placeholder = move || {
        if saved_allowed().is_none() {
            "Not set"
        } else {
            ""
        }
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
                        <FormField id="risk-allowed-users" label="Users allowed per device hash"
                            value=text problem=problem help=allowed_help placeholder=allowed_placeholder
                            messages=Messages::OneLine("risk-allowed-users-help")
                            name=ALLOWED input_type="text" inputmode="numeric" autocomplete="off" input_class="short"
                            on_input=Callback::new(move |()| server_error.set(None)) />
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
                        <td>{api_name(ALLOWED)}</td>
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
