//! The idle timeout: no click and no key for the configured time ends the session (drafts are
//! kept); a warning comes first, with a way to stay signed in.

use crate::browser;
use std::cell::Cell;

thread_local! {
    static LAST_ACTIVITY_MS: Cell<f64> = Cell::new(browser::now_ms());
}

/// A click or a key press: the admin is here.
pub fn note_activity() {
    LAST_ACTIVITY_MS.with(|t| t.set(browser::now_ms()));
}

/// What the idle clock says now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum IdleState {
    Active,
    /// Signing out in this many whole seconds unless the admin does something.
    Warning(u32),
    Expired,
}

/// How long before the end the warning shows: a minute, or half of a short timeout.
fn warning_lead_ms(timeout_ms: f64) -> f64 {
    (timeout_ms / 2.0).min(60_000.0)
}

/// The state for `timeout_ms` (0: never).
pub fn idle_state(timeout_ms: u64) -> IdleState {
    if timeout_ms == 0 {
        return IdleState::Active;
    }
    let timeout = timeout_ms as f64;
    let idle = browser::now_ms() - LAST_ACTIVITY_MS.with(Cell::get);
    let left = timeout - idle;
    if left <= 0.0 {
        IdleState::Expired
    } else if left <= warning_lead_ms(timeout) {
        IdleState::Warning((left / 1000.0).ceil() as u32)
    } else {
        IdleState::Active
    }
}
