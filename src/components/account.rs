//! The account switcher in the header and the account-id inputs' list of known accounts.

use crate::components::form_field::{FormField, Messages};
use crate::logic::console_config::KnownAccount;
use crate::state::accounts::{
    account_id_problem, choose_account, chosen_account_signal, known_account_hint,
    known_accounts_signal, remember_account,
};
use crate::state::current_account::current_account_signal;
use leptos::prelude::*;

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
    let problem = move || account_id_problem(&draft.get()).map(str::to_string);
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
    let help = move || match known_account_hint(&draft.get()) {
        Some(hint) => hint,
        None if known.with(Vec::is_empty) => "Empty uses the account of your sign-in.".to_string(),
        None => "Pick a known account or type an id; empty uses the account of your sign-in."
            .to_string(),
    };
    let apply = move || {
        if problem().is_some() {
            return;
        }
        let value = draft.get_untracked().trim().to_string();
        choose_account((!value.is_empty()).then_some(value));
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
                    <FormField id="account-id-input" label="Account ID" value=draft problem=problem
                        help=help messages=Messages::OneLine("account-id-help")
                        name="accountId" autocomplete="off" spellcheck="false" placeholder="a-sdge-…"
                        list="known-accounts">
                        <KnownAccountOptions id="known-accounts" />
                    </FormField>
                    <button type="submit" id="apply-account" disabled=move || problem().is_some()>"Use"</button>
                    <button type="button" on:click=move |_| editing.set(false)>"Cancel"</button>
                </form>
            </Show>
        </div>
    }
}
