//! A confirmation dialog on the native `<dialog>`: modal, focus kept inside, Escape cancels.

use leptos::html::Dialog;
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] message: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    on_confirm: Callback<()>,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    sync_modal(dialog, move || open.get());
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby="confirm-title"
            aria-describedby="confirm-message" on:close=move |_| open.set(false)>
            <h2 id="confirm-title">{title}</h2>
            <p id="confirm-message">{message}</p>
            <div class="actions">
                <button type="button" id="confirm-cancel" on:click=move |_| open.set(false)>"Cancel"</button>
                <button type="button" id="confirm-ok" class:danger=danger class="primary"
                    on:click=move |_| {
                        open.set(false);
                        on_confirm.run(());
                    }>
                    {confirm_label}
                </button>
            </div>
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
