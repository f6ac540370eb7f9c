//! Requests in flight (for the loading indicator) and toasts: requests start from async code,
//! outside any component, so these live here, in signals owned by the app's root.

use leptos::prelude::*;
use std::cell::Cell;

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u32,
    pub text: String,
    pub is_error: bool,
}

thread_local! {
    static IN_FLIGHT: Cell<Option<RwSignal<u32>>> = const { Cell::new(None) };
    static TOASTS: Cell<Option<RwSignal<Vec<Toast>>>> = const { Cell::new(None) };
    static NEXT_TOAST: Cell<u32> = const { Cell::new(1) };
}

/// How many requests are in flight.
pub fn in_flight() -> RwSignal<u32> {
    super::app_signal(&IN_FLIGHT, || 0)
}

/// The toasts showing, oldest first.
pub fn toasts() -> RwSignal<Vec<Toast>> {
    super::app_signal(&TOASTS, Vec::new)
}

/// Counts one request in flight for as long as it lives.
pub struct Busy(());

impl Busy {
    pub fn start() -> Busy {
        in_flight().try_update(|n| *n += 1);
        Busy(())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        in_flight().try_update(|n| *n = n.saturating_sub(1));
    }
}

/// Shows a short message; errors stay until dismissed, others go after a few seconds.
/// How many toasts show at once.
const MAX_TOASTS: usize = 3;

pub fn notify(text: impl Into<String>, is_error: bool) {
    let toasts = toasts();
    let id = NEXT_TOAST.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    toasts.try_update(|t| {
        t.push(Toast {
            id,
            text: text.into(),
            is_error,
        });
        // At most three at a time: the oldest give way.
        while t.len() > MAX_TOASTS {
            t.remove(0);
        }
    });
    if !is_error {
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(5_000).await;
            toasts.try_update(|t| t.retain(|x| x.id != id));
        });
    }
}
