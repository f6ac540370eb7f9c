//! Unsaved work: a page with unsaved edits says so here; leaving the page or signing out then
//! asks first, in the console's own dialog (`components::leave_guard`) (closing the tab uses the browser's prompt, the
//! only one a page may show then).

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

/// Whether the leave guard's dialog is open.
pub fn open_signal() -> RwSignal<bool> {
    super::app_signal(&OPEN, || false)
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

/// The admin stays: what was to happen once they left is dropped.
pub fn stay() {
    PENDING.with(|p| p.borrow_mut().take());
    open_signal().set(false);
}

/// The admin leaves: the edits are no longer counted as unsaved and what waited runs.
pub fn leave() {
    open_signal().set(false);
    set_unsaved(false);
    if let Some(action) = PENDING.with(|p| p.borrow_mut().take()) {
        action();
    }
}
