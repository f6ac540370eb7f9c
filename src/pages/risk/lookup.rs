use crate::browser;
use crate::components::form_field::{FormField, Messages};
use crate::logic::analytics::validate_device_hash;
use leptos::prelude::*;

// ---------------------------------------------------------------- look up one hash

#[component]
pub(super) fn HashLookup(hash: RwSignal<Option<String>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let problem = move || {
        if !touched.get() {
            return None;
        }
        validate_device_hash(&text.get()).err().map(str::to_string)
    };
    let submit = move || {
        touched.set(true);
        match validate_device_hash(&text.get_untracked()) {
            Ok(h) => {
                hash.set(Some(h.to_string()));
                focus_soon("hash-detail-title");
            }
            Err(_) => browser::focus("hash-lookup"),
        }
    };
    view! {
        <section class="card" id="hash-lookup-card">
            <h2>"Look up a device hash"</h2>
            <form class="inline-form" id="hash-lookup-form" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <FormField id="hash-lookup" label="Device hash" value=text problem=problem
                    help="URL-safe Base64, as in the list below." messages=Messages::OneLine("hash-lookup-help")
                    name="deviceHash" input_class="hash-input" autocomplete="off" spellcheck="false"
                    placeholder="wBHQ4HC3yLEUvEwnX5EBTBAbKkCia35WwO1dxqiFvYo="
                    on_blur=Callback::new(move |()| if !text.get_untracked().is_empty() { touched.set(true) })>
                    <button type="submit" id="hash-lookup-submit">"Show devices"</button>
                </FormField>
            </form>
        </section>
    }
}

/// Focuses an element once the view that holds it has been rendered.
use browser::focus_soon;
