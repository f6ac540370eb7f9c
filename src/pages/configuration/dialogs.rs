use crate::components::api_value::api_name;
use crate::components::confirm::sync_modal;
use crate::logic::property_draft::{Conflict, DiffRow};
use leptos::html::Dialog;
use leptos::prelude::*;

#[component]
pub(super) fn ReviewDialog(
    rows: RwSignal<Vec<DiffRow>>,
    title: RwSignal<String>,
    can_save: RwSignal<bool>,
    on_save: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    sync_modal(dialog, move || !rows.with(Vec::is_empty));
    view! {
        <dialog node_ref=dialog class="dialog wide" aria-labelledby="review-title" id="review-dialog"
            on:close=move |_| rows.set(Vec::new())>
            <h2 id="review-title">{move || title.get()}</h2>
            <table class="table" id="review-diff">
                <thead><tr><th scope="col">"Property"</th><th scope="col">"Now"</th><th scope="col">"New"</th></tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|r| {
                        let key = r.name.clone();
                        view! {
                        <tr data-name=key>
                            <td>{r.label} " " {api_name(&r.name)}</td>
                            <td class="old">{r.old}</td>
                            <td class="new">{r.new}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
            <div class="actions">
                <button type="button" id="review-cancel" on:click=move |_| rows.set(Vec::new())>
                    {move || if can_save.get() { "Back to editing" } else { "Close" }}
                </button>
                <Show when=move || can_save.get()>
                    <button type="button" class="primary" id="review-confirm" on:click=move |_| on_save.run(())>
                        {move || format!("Save {} change{}", rows.with(Vec::len), if rows.with(Vec::len) == 1 { "" } else { "s" })}
                    </button>
                </Show>
            </div>
        </dialog>
    }
}

#[component]
pub(super) fn ConflictDialog(
    conflicts: RwSignal<Vec<Conflict>>,
    on_resolve: Callback<bool>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    sync_modal(dialog, move || !conflicts.with(Vec::is_empty));
    view! {
        <dialog node_ref=dialog class="dialog wide" aria-labelledby="conflict-title" id="conflict-dialog"
            on:close=move |_| conflicts.set(Vec::new())>
            <h2 id="conflict-title">"Someone changed these properties meanwhile"</h2>
            <p>"Nothing was saved. Choose whose values to keep where you both changed a property; the others take the new server values."</p>
            <table class="table" id="conflict-table">
                <thead><tr>
                    <th scope="col">"Property"</th><th scope="col">"When you started"</th>
                    <th scope="col">"Now on the server"</th><th scope="col">"Yours"</th>
                </tr></thead>
                <tbody>
                    {move || conflicts.get().into_iter().map(|c| {
                        let key = c.name.clone();
                        view! {
                        <tr data-name=key>
                            <td>{c.label} " " {api_name(&c.name)}</td>
                            <td>{c.base}</td>
                            <td class="theirs">{c.theirs}</td>
                            <td class="mine">{c.mine.unwrap_or_else(|| "(not changed by you)".into())}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
            <div class="actions">
                <button type="button" id="conflict-cancel" on:click=move |_| conflicts.set(Vec::new())>"Cancel"</button>
                <button type="button" id="conflict-theirs" on:click=move |_| on_resolve.run(false)>"Use the server's values"</button>
                <button type="button" class="primary" id="conflict-mine" on:click=move |_| on_resolve.run(true)>"Keep my values"</button>
            </div>
        </dialog>
    }
}
