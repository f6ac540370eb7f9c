//! The loading indicator (one for every request in flight) and toasts.

use leptos::prelude::*;
use std::cell::Cell;

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u32,
    pub text: String,
    pub is_error: bool,
}

#[derive(Clone, Copy)]
struct StatusSignals {
    in_flight: RwSignal<u32>,
    toasts: RwSignal<Vec<Toast>>,
}

thread_local! {
    // Requests start from async code, outside any component: the signals live here.
    static SIGNALS: Cell<Option<StatusSignals>> = const { Cell::new(None) };
    static NEXT_TOAST: Cell<u32> = const { Cell::new(1) };
}

/// Counts one request in flight for as long as it lives.
pub struct Busy(());

impl Busy {
    pub fn start() -> Busy {
        if let Some(s) = SIGNALS.with(Cell::get) {
            s.in_flight.try_update(|n| *n += 1);
        }
        Busy(())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        if let Some(s) = SIGNALS.with(Cell::get) {
            s.in_flight.try_update(|n| *n = n.saturating_sub(1));
        }
    }
}

/// Shows a short message; errors stay until dismissed, others go after a few seconds.
/// How many toasts show at once.
const MAX_TOASTS: usize = 3;

pub fn notify(text: impl Into<String>, is_error: bool) {
    let Some(s) = SIGNALS.with(Cell::get) else {
        return;
    };
    let id = NEXT_TOAST.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    s.toasts.try_update(|t| {
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
            s.toasts.try_update(|t| t.retain(|x| x.id != id));
        });
    }
}

/// The progress bar and the toast region; mounted once by the shell.
#[component]
pub fn StatusArea() -> impl IntoView {
    let signals = StatusSignals {
        in_flight: RwSignal::new(0),
        toasts: RwSignal::new(Vec::new()),
    };
    SIGNALS.with(|s| s.set(Some(signals)));
    on_cleanup(|| SIGNALS.with(|s| s.set(None)));
    let busy = move || signals.in_flight.get() > 0;
    view! {
        <div class="progress" class:active=busy id="loading" aria-hidden=move || (!busy()).to_string()>
            <span class="visually-hidden" role="status">{move || if busy() { "Loading…" } else { "" }}</span>
        </div>
        <div class="toasts" aria-live="polite">
            <For each=move || signals.toasts.get() key=|t| t.id let:toast>
                <div class="toast" class:error=toast.is_error role=if toast.is_error { "alert" } else { "status" }>
                    <span>{toast.text.clone()}</span>
                    <button class="link" aria-label="Dismiss"
                        on:click=move |_| signals.toasts.update(|t| t.retain(|x| x.id != toast.id))>
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
