use super::fields::FieldMessage;
use super::{input_id, Editor};
use crate::logic::property_draft::PropertyDraft;
use leptos::prelude::*;

/// Properties the server sent that this console does not know: shown with their raw value,
/// editable as text with a warning, kept by export and import.
#[component]
pub(super) fn OtherProperties(editor: Editor) -> impl IntoView {
    let draft = editor.draft;
    let names = Memo::new(move |_| draft.with(PropertyDraft::unknown_names));
    view! {
        <Show when=move || !names.with(Vec::is_empty)>
            <section class="property-group" aria-labelledby="group-other" id="other-properties"
                hidden=move || !names.get().iter().any(|n| editor.matches(n, n))>
                <h3 id="group-other">"Other properties"</h3>
                <p class="muted">"The API sent these, but this console does not know them. They are kept as they are; an edit is sent as typed (JSON where the server's value is not a string), and the server decides."</p>
                <For each=move || names.get() key=|n| n.clone() let:name>
                    <UnknownPropertyField name=name editor=editor />
                </For>
            </section>
        </Show>
    }
}

#[component]
fn UnknownPropertyField(name: String, editor: Editor) -> impl IntoView {
    let draft = editor.draft;
    let id = input_id(&name);
    let message_id = format!("{id}-message");
    let shown_name = name.clone();
    let visible_name = name.clone();
    let text = {
        let name = name.clone();
        move || draft.with(|d| d.text(&name))
    };
    let changed = {
        let name = name.clone();
        move || draft.with(|d| d.is_changed(&name))
    };
    let on_input = {
        let name = name.clone();
        move |ev| {
            let value = event_target_value(&ev);
            editor.edit(&name, |d| d.set_text(&name, value));
        }
    };
    let reset = {
        let name = name.clone();
        move |_| editor.edit(&name, |d| d.reset(&name))
    };
    view! {
        <div class="property" class:changed=changed.clone() hidden=move || !editor.matches(&visible_name, &visible_name)>
            <div class="property-label">
                <label for=id.clone()>{shown_name.clone()}</label>
                " " <span class="tag">"not known to this console"</span>
            </div>
            <input id=id.clone() name=shown_name autocomplete="off" spellcheck="false"
                prop:value=text on:input=on_input aria-describedby=message_id.clone() />
            <FieldMessage editor=editor name=name id=message_id />
            <div class="field-actions">
                <Show when=changed.clone()>
                    <button type="button" class="link" on:click=reset.clone()>"Reset to the server's value"</button>
                </Show>
            </div>
        </div>
    }
}
