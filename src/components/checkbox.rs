//! A checkbox with its label around it, tied to a boolean signal.

use leptos::prelude::*;

/// `<label class="switch"><input type=checkbox id=…> label</label>`, checked while `checked`.
#[component]
pub fn LabelledCheckbox(
    id: &'static str,
    label: &'static str,
    checked: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <label class="switch" for=id>
            <input type="checkbox" id=id prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev)) />
            " " {label}
        </label>
    }
}
