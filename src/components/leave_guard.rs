//! The dialog that asks before unsaved edits are left behind (rendered once, by the shell).

use crate::components::confirm::sync_modal;
use crate::state::unsaved;
use leptos::html::Dialog;
use leptos::prelude::*;

/// The leave guard's dialog (rendered once, by the shell).
#[component]
pub fn LeaveGuardDialog() -> impl IntoView {
    let open = unsaved::open_signal();
    let dialog = NodeRef::<Dialog>::new();
    sync_modal(dialog, move || open.get());
    let (stay, leave) = (unsaved::stay, unsaved::leave);
    view! {
        <dialog node_ref=dialog class="dialog" id="leave-guard" aria-labelledby="leave-title"
            aria-describedby="leave-text" on:close=move |_| stay()>
            <h2 id="leave-title">"Leave with unsaved changes?"</h2>
            <p id="leave-text">"Your changes are kept as a draft in this tab, but they are not saved."</p>
            <div class="actions">
                <button type="button" class="primary" id="leave-stay" on:click=move |_| stay()>"Stay on this page"</button>
                <button type="button" id="leave-go" on:click=move |_| leave()>"Leave"</button>
            </div>
        </dialog>
    }
}
