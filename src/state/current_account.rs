//! The account the console acts on, as the API describes it (name and type), so the header
//! and every destructive dialog can say which account and which environment an action
//! touches. Loaded by the shell whenever the chosen account changes.

use super::accounts::chosen_account_signal;
use crate::api;
use crate::components::api_resource::ApiResource;
use leptos::prelude::*;
use mobileid_admin_contract::models::AccountType;
use std::cell::Cell;

/// What the header and the dialogs show of the current account.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountSummary {
    pub id: String,
    pub name: String,
    pub account_type: AccountType,
}

impl AccountSummary {
    pub fn is_production(&self) -> bool {
        self.account_type == AccountType::Production
    }

    /// "Sample Account" (or the id when the account has no name).
    pub fn label(&self) -> String {
        if self.name.trim().is_empty() {
            self.id.clone()
        } else {
            self.name.trim().to_string()
        }
    }

    /// `account “Sample Account” (SANDBOX, a-sdge-…)`, for sentences.
    pub fn phrase(&self) -> String {
        format!(
            "account “{}” ({}, {})",
            self.label(),
            self.account_type.as_str(),
            self.id
        )
    }
}

thread_local! {
    static CURRENT: Cell<Option<RwSignal<Option<AccountSummary>>>> = const { Cell::new(None) };
}

/// The current account (None until loaded, or when the API cannot say).
pub fn current_account_signal() -> RwSignal<Option<AccountSummary>> {
    super::app_signal(&CURRENT, || None)
}

pub fn current_account() -> Option<AccountSummary> {
    current_account_signal().get_untracked()
}

/// Reads the chosen account's name and type from the API, again whenever the choice changes.
pub fn track_current_account() {
    let current = current_account_signal();
    let chosen = chosen_account_signal();
    // The same kind of resource as the pages' (abortable; one compiled `LocalResource`).
    let loaded = ApiResource::new(
        move || chosen.get(),
        |_, abort| async move { api::send_abortable(api::client().get_account(false), &abort).await },
    );
    Effect::new(move |_| {
        chosen.track();
        current.set(None);
    });
    Effect::new(move |_| {
        if let Some(Ok(account)) = loaded.get() {
            current.set(Some(AccountSummary {
                id: account.id,
                name: account.name,
                account_type: account.account_type,
            }));
        }
    });
}
