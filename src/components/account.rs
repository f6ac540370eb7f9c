//! Which account the console works on: the token's by default; an admin may choose another,
//! which is then sent as the `Signicat-AccountId` header (never also as the query parameter).

use crate::auth;
use crate::browser::session_storage;
use crate::components::current_account::current_account_signal;
use crate::logic::console_config::KnownAccount;
use crate::logic::promotion::{merge_known_accounts, remember_account as remember};
use leptos::prelude::*;
use std::cell::Cell;

/// Where the chosen account is kept: per deployment and user.
fn chosen_key() -> String {
    auth::user_key("accountId")
}

/// Where the accounts used in this session are kept: per deployment and user.
fn remembered_key() -> String {
    auth::user_key("knownAccounts")
}

thread_local! {
    static CHOSEN: Cell<Option<RwSignal<Option<String>>>> = const { Cell::new(None) };
    static KNOWN: Cell<Option<RwSignal<Vec<KnownAccount>>>> = const { Cell::new(None) };
}

/// The accounts the console offers (the API cannot list them): `config.json`'s `accounts`,
/// then those used in this session.
pub fn known_accounts_signal() -> RwSignal<Vec<KnownAccount>> {
    super::app_signal::app_signal(&KNOWN, || {
        let remembered: Vec<KnownAccount> =
            session_storage::get_json(&remembered_key()).unwrap_or_default();
        merge_known_accounts(&auth::config().accounts, &remembered)
    })
}

/// The known account with this id, if any.
pub fn known_account(id: &str) -> Option<KnownAccount> {
    let id = id.trim();
    known_accounts_signal().with_untracked(|all| all.iter().find(|a| a.id == id).cloned())
}

/// Remembers an account used in this session (with its name and type once the API gave them).
pub fn remember_account(account: KnownAccount) {
    if account.id.trim().is_empty() {
        return;
    }
    let mut remembered: Vec<KnownAccount> =
        session_storage::get_json(&remembered_key()).unwrap_or_default();
    remember(&mut remembered, account);
    session_storage::set_json(&remembered_key(), &remembered);
    known_accounts_signal().set(merge_known_accounts(&auth::config().accounts, &remembered));
}

/// The options of an account-id input: every known account, by id, labelled.
#[component]
pub fn KnownAccountOptions(id: &'static str) -> impl IntoView {
    let known = known_accounts_signal();
    view! {
        <datalist id=id>
            <For each=move || known.get() key=|a| (a.id.clone(), a.label.clone(), a.production) let:account>
                <option value=account.id.clone()
                    label=format!("{}{}", account.shown(), if account.production { " (production)" } else { "" })>
                </option>
            </For>
        </datalist>
    }
}

/// What the console knows of an account id, for a hint next to the input.
pub fn known_account_hint(id: &str) -> Option<String> {
    let id = id.trim();
    let account = known_accounts_signal().with(|all| all.iter().find(|a| a.id == id).cloned());
    account.map(|a| {
        format!(
            "{}{}",
            a.shown(),
            if a.production {
                " — a production account"
            } else {
                ""
            }
        )
    })
}

/// The chosen account as a signal: pages read it to reload when it changes.
pub fn chosen_account_signal() -> RwSignal<Option<String>> {
    super::app_signal::app_signal(&CHOSEN, || {
        session_storage::get(&chosen_key()).or_else(|| auth::config().account_id)
    })
}

/// The explicit account id to send, if any.
pub fn chosen_account() -> Option<String> {
    chosen_account_signal().get_untracked()
}

/// Chooses the account to send (`None`: the sign-in's own), as the header's "Use" does; for
/// the host's `mobileid-console:choose-account`.
pub fn choose_account(id: Option<String>) {
    let id = id.filter(|i| account_id_problem(i).is_none() && !i.trim().is_empty());
    match &id {
        Some(id) => session_storage::set(&chosen_key(), id.trim()),
        None => session_storage::remove(&chosen_key()),
    }
    chosen_account_signal().set(id.map(|i| i.trim().to_string()));
}

/// Account ids look like `a-sdge-abcdefghijk123456789`; be lenient but refuse obvious junk.
pub fn account_id_problem(text: &str) -> Option<&'static str> {
    let t = text.trim();
    if t.is_empty() {
        None
    } else if t.len() > 64 || !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Some("An account id has only letters, digits and dashes (at most 64).")
    } else {
        None
    }
}

#[component]
pub fn AccountSwitcher() -> impl IntoView {
    let chosen = chosen_account_signal();
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    // Access tokens may be opaque: the sign-in's own account is whatever the API answers
    // without an explicit id.
    let shown = Signal::derive(move || match chosen.get() {
        Some(id) => format!("{id} (chosen)"),
        None => "the account of your sign-in".into(),
    });
    let problem = move || account_id_problem(&draft.get());
    // Every account the header loads is remembered, with its name and type.
    Effect::new(move |_| {
        if let Some(a) = current_account_signal().get() {
            remember_account(KnownAccount {
                production: a.is_production(),
                label: a.name.clone(),
                id: a.id,
            });
        }
    });
    let known = known_accounts_signal();
    let apply = move || {
        if problem().is_some() {
            return;
        }
        let value = draft.get_untracked().trim().to_string();
        if value.is_empty() {
            session_storage::remove(&chosen_key());
            chosen.set(None);
        } else {
            session_storage::set(&chosen_key(), &value);
            chosen.set(Some(value));
        }
        editing.set(false);
    };
    view! {
        <div class="account-switcher">
            <Show when=move || editing.get() fallback=move || view! {
                <span class="muted">"Account: "</span>
                <code id="current-account">{shown}</code>
                <button type="button" class="link" id="change-account" on:click=move |_| {
                    draft.set(chosen.get_untracked().unwrap_or_default());
                    editing.set(true);
                }>"Change"</button>
            }>
                <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); apply(); }>
                    <label for="account-id-input">"Account ID"</label>
                    <input id="account-id-input" name="accountId" autocomplete="off" spellcheck="false"
                        placeholder="a-sdge-…" list="known-accounts"
                        aria-invalid=move || problem().is_some().to_string()
                        aria-describedby="account-id-help"
                        prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev)) />
                    <KnownAccountOptions id="known-accounts" />
                    <span id="account-id-help" class=move || if problem().is_some() { "field-error" } else { "muted" }>
                        {move || match (problem(), known_account_hint(&draft.get())) {
                            (Some(p), _) => p.to_string(),
                            (None, Some(hint)) => hint,
                            (None, None) if known.with(Vec::is_empty) => "Empty uses the account of your sign-in.".to_string(),
                            (None, None) => "Pick a known account or type an id; empty uses the account of your sign-in.".to_string(),
                        }}
                    </span>
                    <button type="submit" id="apply-account" disabled=move || problem().is_some()>"Use"</button>
                    <button type="button" on:click=move |_| editing.set(false)>"Cancel"</button>
                </form>
            </Show>
        </div>
    }
}
