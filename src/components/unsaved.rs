//! Unsaved work: a page with unsaved edits says so here; leaving the page or signing out then
//! asks first, in the console's own dialog (closing the tab uses the browser's prompt, the
//! only one a page may show then).

use crate::components::confirm::sync_modal;
use leptos::html::Dialog;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};

thread_local! {
    static UNSAVED: Cell<bool> = const { Cell::new(false) };
    /// What to do once the admin agrees to leave.
    static PENDING: RefCell<Option<Box<dyn FnOnce()>>> = const { RefCell::new(None) };
    static OPEN: Cell<Option<RwSignal<bool>>> = const { Cell::new(None) };
}

pub fn set_unsaved(unsaved: bool) {
    UNSAVED.with(|u| u.set(unsaved));
    // A portal embedding the console hears of it (`mobileid-console:unsaved`).
    crate::embed::announce_unsaved(unsaved);
}

pub fn has_unsaved() -> bool {
    UNSAVED.with(Cell::get)
}

fn open_signal() -> RwSignal<bool> {
    super::app_signal::app_signal(&OPEN, || false)
}

/// Runs `leave` at once without unsaved edits; otherwise asks first and runs it only if the
/// admin chooses to leave (the edits stay as a draft in this tab either way).
pub fn leave_then(leave: impl FnOnce() + 'static) {
    if !has_unsaved() {
        leave();
        return;
    }
    PENDING.with(|p| *p.borrow_mut() = Some(Box::new(leave)));
    open_signal().set(true);
}

/// The leave guard's dialog (rendered once, by the shell).
#[component]
pub fn LeaveGuardDialog() -> impl IntoView {
    let open = open_signal();
    let dialog = NodeRef::<Dialog>::new();
    sync_modal(dialog, move || open.get());
    let stay = move || {
        PENDING.with(|p| p.borrow_mut().take());
        open.set(false);
    };
    let leave = move || {
        open.set(false);
        set_unsaved(false);
        if let Some(action) = PENDING.with(|p| p.borrow_mut().take()) {
            action();
        }
    };
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
