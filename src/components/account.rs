//! Which account the console works on: the token's by default; an admin may choose another,
//! which is then sent as the `Signicat-AccountId` header (never also as the query parameter).

use crate::auth;
use crate::browser::session_storage;
use leptos::prelude::*;
use std::cell::Cell;

/// Where the chosen account is kept: per deployment and user.
fn chosen_key() -> String {
    auth::user_key("accountId")
}

thread_local! {
    static CHOSEN: Cell<Option<RwSignal<Option<String>>>> = const { Cell::new(None) };
}

/// The chosen account as a signal: pages read it to reload when it changes.
pub fn chosen_account_signal() -> RwSignal<Option<String>> {
    CHOSEN.with(|c| match c.get() {
        Some(s) => s,
        None => {
            let initial = session_storage::get(&chosen_key()).or_else(|| auth::config().account_id);
            let s = RwSignal::new(initial);
            c.set(Some(s));
            s
        }
    })
}

/// The explicit account id to send, if any.
pub fn chosen_account() -> Option<String> {
    chosen_account_signal().get_untracked()
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
                        placeholder="a-sdge-…"
                        aria-invalid=move || problem().is_some().to_string()
                        aria-describedby="account-id-help"
                        prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev)) />
                    <span id="account-id-help" class=move || if problem().is_some() { "field-error" } else { "muted" }>
                        {move || problem().unwrap_or("Empty uses the account of your sign-in.")}
                    </span>
                    <button type="submit" id="apply-account" disabled=move || problem().is_some()>"Use"</button>
                    <button type="button" on:click=move |_| editing.set(false)>"Cancel"</button>
                </form>
            </Show>
        </div>
    }
}
