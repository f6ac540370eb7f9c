//! Which account the console works on: the token's by default; an admin may choose another,
//! which is then sent as the `Signicat-AccountId` header (never also as the query parameter).
//! And the accounts it offers to choose from.

use crate::auth;
use crate::browser::session_storage;
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
    super::app_signal(&KNOWN, || {
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
    super::app_signal(&CHOSEN, || {
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
