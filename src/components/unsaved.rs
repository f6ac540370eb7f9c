//! Unsaved work: a page with unsaved edits says so here; leaving the page or closing the tab
//! then asks first.

use std::cell::Cell;

thread_local! {
    static UNSAVED: Cell<bool> = const { Cell::new(false) };
}

pub fn set_unsaved(unsaved: bool) {
    UNSAVED.with(|u| u.set(unsaved));
}

pub fn has_unsaved() -> bool {
    UNSAVED.with(Cell::get)
}

/// Asks before throwing away unsaved edits; `true` means go ahead.
pub fn confirm_leave() -> bool {
    !has_unsaved()
        || crate::browser::window()
            .confirm_with_message(
                "You have unsaved changes. They are kept as a draft in this tab, but not saved. Leave this page?",
            )
            .unwrap_or(false)
}
