//! A confirmation dialog for what cannot be undone: the action is enabled only once the user
//! has typed the resource's name exactly. Native `<dialog>`: modal, Escape cancels.

use crate::components::confirm::sync_modal;
use crate::logic::typed_name::normalise_typed_name;
use crate::state::current_account::current_account;
use leptos::html::Dialog;
use leptos::prelude::*;

#[component]
pub fn TypedConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] message: Signal<String>,
    /// What must be typed (the resource's name).
    #[prop(into)]
    expected: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let typed = RwSignal::new(String::new());
    // Every opening starts with an empty box.
    Effect::new(move |_| {
        if open.get() {
            typed.set(String::new());
        }
    });
    sync_modal(dialog, move || open.get());
    let matches = move || {
        let want = expected.get();
        !want.is_empty() && normalise_typed_name(&typed.get()) == normalise_typed_name(&want)
    };
    let confirm = move || {
        if matches() {
            open.set(false);
            on_confirm.run(());
        }
    };
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby="typed-confirm-title"
            aria-describedby="typed-confirm-message" on:close=move |_| open.set(false)>
            <h2 id="typed-confirm-title">{title}</h2>
            <p id="typed-confirm-message">{message}</p>
            <p id="typed-confirm-account">{move || current_account().map(|a| format!("Account: {}.", a.phrase()))}</p>
            <form class="stack" on:submit=move |ev| { ev.prevent_default(); confirm(); }>
                <label for="typed-confirm-input">
                    "Type " <strong class="typed-expected">{expected}</strong> " to confirm"
                </label>
                <input id="typed-confirm-input" name="confirmName" autocomplete="off" spellcheck="false"
                    aria-describedby="typed-confirm-help"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev)) />
                <span id="typed-confirm-help" class="muted">
                    {move || if matches() { "The name matches." } else { "The name must match, including case (any dash or spacing will do)." }}
                </span>
                <div class="actions">
                    <button type="button" id="typed-confirm-cancel" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" id="typed-confirm-ok" class="primary danger"
                        disabled=move || !matches()>
                        {confirm_label}
                    </button>
                </div>
            </form>
        </dialog>
    }
}
