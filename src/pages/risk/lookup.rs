use crate::browser;
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
        validate_device_hash(&text.get()).err()
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
                <label for="hash-lookup">"Device hash"</label>
                <input id="hash-lookup" name="deviceHash" class="hash-input" autocomplete="off" spellcheck="false"
                    placeholder="wBHQ4HC3yLEUvEwnX5EBTBAbKkCia35WwO1dxqiFvYo="
                    prop:value=move || text.get()
                    aria-invalid=move || problem().is_some().to_string()
                    aria-describedby="hash-lookup-help"
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:blur=move |_| if !text.get_untracked().is_empty() { touched.set(true) } />
                <button type="submit" id="hash-lookup-submit">"Show devices"</button>
                <span id="hash-lookup-help" class=move || if problem().is_some() { "field-error" } else { "muted" }>
                    {move || problem().unwrap_or("URL-safe Base64, as in the list below.")}
                </span>
            </form>
        </section>
    }
}

/// Focuses an element once the view that holds it has been rendered.
use browser::focus_soon;
