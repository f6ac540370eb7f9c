//! The idle-timeout warning: a minute before the session ends for inactivity, a dialog counts
//! down with a button to stay signed in; at zero the console signs out and keeps the drafts.

use crate::auth::idle::{idle_state, note_activity, IdleState};
use crate::auth::{self, SignOut};
use crate::components::confirm::sync_modal;
use leptos::html::Dialog;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

#[component]
pub fn IdleWarning() -> impl IntoView {
    let timeout_ms = auth::config().idle_timeout_ms;
    let seconds_left = RwSignal::new(None::<u32>);
    let signing_out = StoredValue::new(false);
    note_activity();
    let activity = [
        window_event_listener(leptos::ev::pointerdown, |_| note_activity()),
        window_event_listener(leptos::ev::keydown, |_| note_activity()),
    ];
    let tick = set_interval_with_handle(
        move || match idle_state(timeout_ms) {
            IdleState::Active => seconds_left.set(None),
            IdleState::Warning(s) => seconds_left.set(Some(s)),
            IdleState::Expired => {
                if !signing_out.get_value() {
                    signing_out.set_value(true);
                    spawn_local(auth::sign_out(SignOut::Idle));
                }
            }
        },
        Duration::from_millis(500),
    )
    .ok();
    on_cleanup(move || {
        for listener in activity {
            listener.remove();
        }
        if let Some(tick) = tick {
            tick.clear();
        }
    });
    let dialog = NodeRef::<Dialog>::new();
    sync_modal(dialog, move || seconds_left.get().is_some());
    view! {
        <dialog node_ref=dialog class="dialog" id="idle-warning" aria-labelledby="idle-title"
            aria-describedby="idle-text">
            <h2 id="idle-title">"Still there?"</h2>
            <p id="idle-text" aria-live="polite">{move || format!(
                "You will be signed out in {} seconds because nothing happened for a while. Unsaved changes are kept either way.",
                seconds_left.get().unwrap_or(0)
            )}</p>
            <div class="actions">
                <button type="button" class="primary" id="idle-stay" on:click=move |_| {
                    note_activity();
                    seconds_left.set(None);
                }>"Stay signed in"</button>
            </div>
        </dialog>
    }
}
