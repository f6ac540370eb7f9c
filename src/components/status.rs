//! The loading indicator (one for every request in flight) and the toasts.

use crate::state::toasts;
use leptos::prelude::*;

/// The progress bar and the toast region; mounted once by the shell.
#[component]
pub fn StatusArea() -> impl IntoView {
    let (in_flight, toasts) = (toasts::in_flight(), toasts::toasts());
    let busy = move || in_flight.get() > 0;
    view! {
        <div class="progress" class:active=busy id="loading" aria-hidden=move || (!busy()).to_string()>
            <span class="visually-hidden" role="status">{move || if busy() { "Loading…" } else { "" }}</span>
        </div>
        <div class="toasts" aria-live="polite">
            <For each=move || toasts.get() key=|t| t.id let:toast>
                <div class="toast" class:error=toast.is_error role=if toast.is_error { "alert" } else { "status" }>
                    <span>{toast.text.clone()}</span>
                    <button class="link" aria-label="Dismiss"
                        on:click=move |_| toasts.update(|t| t.retain(|x| x.id != toast.id))>
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
