//! Application configuration: overview (uuid, appId, state), state with confirmation, APNs
//! UUID, and the property editor — rendered from the contract's property table, validated as
//! the admin types, saved after a review of the diff and a check for concurrent changes.

use crate::api;
use crate::browser::session_storage;
use crate::components::api_error_view::ApiErrorView;
use crate::components::api_resource::{suspended, ApiResource};
use crate::logic::property_draft::PropertyDraft;
use crate::state::accounts::chosen_account_signal;
use crate::state::unsaved;
use leptos::prelude::*;
use std::collections::BTreeMap;

mod dialogs;
mod editor;
mod fields;
mod other_properties;
mod overview;
mod properties;
mod secret;

use editor::{Editor, ShowOnly};
use overview::Overview;
use properties::PropertyEditor;

fn draft_key() -> String {
    let account = chosen_account_signal()
        .get_untracked()
        .unwrap_or_else(|| "token".into());
    crate::auth::user_key(&format!("draft.properties.{account}"))
}

fn input_id(name: &str) -> String {
    format!("prop-{name}")
}

#[component]
pub fn ConfigurationPage() -> impl IntoView {
    let chosen = chosen_account_signal();

    let draft = RwSignal::new(PropertyDraft::default());
    let loaded = RwSignal::new(false);
    let restored = RwSignal::new(false);
    let problems = Memo::new(move |_| draft.with(PropertyDraft::problems));
    let editor = Editor {
        draft,
        problems,
        server_errors: RwSignal::new(BTreeMap::new()),
        filter: RwSignal::new(String::new()),
        show: RwSignal::new(ShowOnly::All),
    };

    // The storage key of the account the draft belongs to, fixed when the draft is loaded, so
    // edits made while another account loads are never filed under it.
    let draft_owner = StoredValue::new(None::<String>);

    let configuration = ApiResource::new(
        move || chosen.get(),
        move |_, abort| {
            let key = draft_key();
            async move {
                let result =
                    api::send_abortable(api::client().get_application_configuration(), &abort)
                        .await;
                match &result {
                    Ok(config) => {
                        // Reading the same account again (after a state change, "Try again")
                        // keeps the edits in memory, new secrets included; conflicts are
                        // checked when saving.
                        let same_account = draft_owner.get_value().as_deref() == Some(key.as_str());
                        let keep = same_account && draft.with_untracked(PropertyDraft::is_dirty);
                        if !keep {
                            let mut fresh = PropertyDraft::new(config.properties.clone());
                            // A draft from before a reload or a re-login comes back (secrets
                            // never do).
                            if let Some(stored) = session_storage::get_json::<PropertyDraft>(&key) {
                                if stored.is_dirty() {
                                    fresh = stored;
                                    restored.try_set(true);
                                }
                            }
                            draft_owner.set_value(Some(key));
                            draft.try_set(fresh);
                        }
                        loaded.try_set(true);
                    }
                    // Superseded: the newer read decides what the draft becomes.
                    Err(e) if api::is_superseded(e) => {}
                    Err(_) if draft_owner.get_value().as_deref() != Some(key.as_str()) => {
                        // Another account that cannot be read: nothing of the previous
                        // account's draft may stay on screen (or be saved to this one).
                        draft_owner.set_value(None);
                        loaded.try_set(false);
                        draft.try_set(PropertyDraft::default());
                    }
                    Err(_) => {}
                }
                result
            }
        },
    );

    // Keep the draft in the tab's storage (without secrets) and tell the shell about it.
    Effect::new(move |_| {
        let current = draft.get();
        if !loaded.get() {
            return;
        }
        let Some(key) = draft_owner.get_value() else {
            return;
        };
        unsaved::set_unsaved(current.is_dirty());
        if current.edits.is_empty() {
            session_storage::remove(&key);
        } else {
            session_storage::set_json(&key, &current);
        }
    });
    on_cleanup(|| unsaved::set_unsaved(false));

    view! {
        <h1 class="page-title">"Application configuration"</h1>
        // Reading again (another account, a state change) keeps the overview until the answer.
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the configuration…"</p> }>
            {suspended(move || Suspend::new(async move { match configuration.await {
                Err(e) => view! { <ApiErrorView error=e retry=move || configuration.refetch() /> }.into_any(),
                Ok(config) => view! {
                    <Overview config=config on_state_changed=Callback::new(move |()| configuration.refetch()) />
                }.into_any(),
            }}))}
        </Transition>
        <Show when=move || loaded.get()>
            <PropertyEditor editor=editor restored=restored />
        </Show>
    }
}
