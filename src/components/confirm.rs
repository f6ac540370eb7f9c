//! A confirmation dialog on the native `<dialog>`: modal, focus kept inside, Escape cancels.

use crate::logic::typed_name::normalise_typed_name;
use crate::state::current_account::current_account;
use leptos::html::Dialog;
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] message: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    on_confirm: Callback<()>,
    /// A destructive action: named with the account it touches, styled as danger, and on a
    /// PRODUCTION account confirmed by typing the account's name.
    #[prop(optional, into)]
    danger: Signal<bool>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| {
        if open.get() {
            typed.set(String::new());
        }
    });
    sync_modal(dialog, move || open.get());
    let account = move || danger.get().then(current_account).flatten();
    let needs_typing = move || account().is_some_and(|a| a.is_production());
    let typed_ok = move || {
        !needs_typing()
            || account().is_some_and(|a| {
                normalise_typed_name(&typed.get()) == normalise_typed_name(&a.label())
            })
    };
    let confirm = move || {
        if typed_ok() {
            open.set(false);
            on_confirm.run(());
        }
    };
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby="confirm-title"
            aria-describedby="confirm-message confirm-account" on:close=move |_| open.set(false)>
            <h2 id="confirm-title">{title}</h2>
            <p id="confirm-message">{message}</p>
            <p id="confirm-account" class:production-warning=needs_typing>{move || account().map(|a| {
                if a.is_production() {
                    format!("This acts on the PRODUCTION {}.", a.phrase())
                } else {
                    format!("This acts on the {}.", a.phrase())
                }
            })}</p>
            <form class="stack" on:submit=move |ev| { ev.prevent_default(); confirm(); }>
                <Show when=needs_typing>
                    <label for="confirm-typed">
                        "Type the account's name " <strong>{move || account().map(|a| a.label())}</strong> " to confirm"
                    </label>
                    <input id="confirm-typed" name="confirmAccount" autocomplete="off" spellcheck="false"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev)) />
                </Show>
                <div class="actions">
                    <button type="button" id="confirm-cancel" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" id="confirm-ok" class:danger=move || danger.get() class="primary"
                        disabled=move || !typed_ok()>
                        {confirm_label}
                    </button>
                </div>
            </form>
        </dialog>
    }
}

/// Shows `dialog` as a modal (focus trapped, Escape closes) while `open()` is true and closes
/// it otherwise: every dialog of the console opens this way.
pub fn sync_modal(dialog: NodeRef<Dialog>, open: impl Fn() -> bool + 'static) {
    Effect::new(move |_| {
        let wanted = open();
        if let Some(d) = dialog.get() {
            if wanted && !d.open() {
                let _ = d.show_modal();
            } else if !wanted && d.open() {
                d.close();
            }
        }
    });
}
