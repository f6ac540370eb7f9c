use super::Editor;
use crate::browser;
use leptos::html::{Input, Textarea};
use leptos::prelude::*;
use leptos::task::spawn_local;
use mobileid_admin_contract::properties::PropertySpec;

/// A write-only secret: shows whether it is set, takes a new value from a paste or a file,
/// keeps it in memory only and never shows it back.
#[component]
pub(super) fn SecretInput(
    spec: &'static PropertySpec,
    editor: Editor,
    id: String,
    described_by: String,
) -> impl IntoView {
    let name = spec.name;
    let draft = editor.draft;
    let open = RwSignal::new(false);
    let paste = NodeRef::<Textarea>::new();
    let file = NodeRef::<Input>::new();
    // A GET may leave write-only values out: absent is "not shown", never "not set".
    let is_set = move || {
        draft.with(|d| {
            d.base
                .get(name)
                .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
        })
    };
    let replaced = move || draft.with(|d| d.has_new_secret(name));
    let status = move || match (replaced(), is_set()) {
        (true, _) => "New value ready — sent on save",
        (false, true) => "Set (the value is never shown)",
        (false, false) => "Not shown by the API",
    };
    // Whatever was pasted or chosen leaves the page as soon as it is taken or the form closes.
    let clear_inputs = move || {
        if let Some(area) = paste.get_untracked() {
            area.set_value("");
        }
        if let Some(input) = file.get_untracked() {
            input.set_value("");
        }
    };
    let take = move |text: String| {
        editor.edit(name, |d| d.set_secret(name, &text));
        clear_inputs();
        open.set(false);
    };
    let invalid = move || {
        editor
            .message(name)
            .is_some_and(|m| m.is_error())
            .to_string()
    };
    let from_file = move || {
        let Some(input) = file.get_untracked() else {
            return;
        };
        spawn_local(async move {
            if let Some(text) = browser::read_chosen_file(&input).await {
                input.set_value("");
                take(text);
            }
        });
    };
    view! {
        <div class="secret" id=id.clone() tabindex="-1">
            <span class="secret-status" id=format!("{id}-status")>{status}</span>
            <button type="button" class="link" id=format!("{id}-replace")
                aria-describedby=described_by.clone() aria-invalid=invalid
                on:click=move |_| {
                    if open.get_untracked() {
                        clear_inputs();
                    }
                    open.update(|o| *o = !*o);
                }>
                {move || if open.get() { "Cancel" } else if is_set() { "Replace…" } else { "Set a new value…" }}
            </button>
            <Show when=replaced>
                <button type="button" class="link" on:click=move |_| {
                    clear_inputs();
                    editor.edit(name, |d| d.reset(name));
                }>"Forget new value"</button>
            </Show>
            <div class="secret-form" hidden=move || !open.get()>
                <label for=format!("{id}-paste")>"Paste the new value"</label>
                <textarea id=format!("{id}-paste") name=name node_ref=paste rows="3" autocomplete="off"
                    spellcheck="false" aria-describedby=described_by.clone() aria-invalid=invalid></textarea>
                <button type="button" id=format!("{id}-use") on:click=move |_| {
                    let text = paste.get_untracked().map(|a| a.value()).unwrap_or_default();
                    if !text.trim().is_empty() {
                        take(text);
                    }
                }>"Use pasted value"</button>
                <label for=format!("{id}-file")>"or read it from a file"</label>
                <input type="file" id=format!("{id}-file") name=name node_ref=file on:change=move |_| from_file() />
                <p class="muted">"Base64 text is sent as it is; anything else (such as a serviceAccount.json) is Base64-encoded for you. The value is never shown again and never stored in this browser."</p>
            </div>
        </div>
    }
}
