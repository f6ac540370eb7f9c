//! The signals of `state`, created on first use under the app's root owner.

use leptos::prelude::*;
use std::cell::Cell;
use std::thread::LocalKey;

thread_local! {
    /// Owns every app-wide signal and is never cleaned up. A signal is disposed with the
    /// owner that was current when it was created: were that whatever asked first (a page, a
    /// resource's run, the signed-in shell), leaving it would dispose the signal under every
    /// other reader, and the next read panics.
    static ROOT: Owner = Owner::new_root(None);
}

/// Where an app-wide signal is kept once created.
pub type Slot<T> = LocalKey<Cell<Option<RwSignal<T>>>>;

/// The signal kept in `slot`, created with `initial()` under the app's root owner on first use.
pub fn app_signal<T: Send + Sync + 'static>(
    slot: &'static Slot<T>,
    initial: impl FnOnce() -> T,
) -> RwSignal<T> {
    if let Some(signal) = slot.with(Cell::get) {
        return signal;
    }
    let value = initial();
    let signal = ROOT.with(|root| root.with(|| RwSignal::new(value)));
    slot.with(|s| s.set(Some(signal)));
    signal
}
