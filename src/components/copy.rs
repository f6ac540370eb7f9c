//! A copy-to-clipboard button for IDs, fingerprints and public keys, with feedback ("Copied",
//! or what to do when the browser refuses) announced through an `aria-live` region.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Feedback {
    Idle,
    Copied,
    Failed,
}

/// Writes `text` with `navigator.clipboard.writeText`; `false` when the browser has no
/// clipboard API here (not a secure context) or refuses (no permission, page not focused).
pub async fn write_clipboard(text: &str) -> bool {
    let navigator = crate::browser::window().navigator();
    // `navigator.clipboard` is undefined outside secure contexts: check before calling.
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok();
    let Some(clipboard) = clipboard.filter(|c| !c.is_undefined() && !c.is_null()) else {
        return false;
    };
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// `label` names what is copied ("fingerprint", "key ID"): the button reads "Copy" (or
/// `caption`) and is announced as "Copy fingerprint".
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    #[prop(into)] label: String,
    #[prop(optional, into)] id: MaybeProp<String>,
    /// The button's visible text; "Copy" by default.
    #[prop(optional, into)]
    caption: Option<String>,
) -> impl IntoView {
    let feedback = RwSignal::new(Feedback::Idle);
    let generation = StoredValue::new(0u32);
    let copy = move |_| {
        let value = text.get_untracked();
        let this = generation.get_value() + 1;
        generation.set_value(this);
        spawn_local(async move {
            let ok = write_clipboard(&value).await;
            feedback.try_set(if ok {
                Feedback::Copied
            } else {
                Feedback::Failed
            });
            gloo_timers::future::TimeoutFuture::new(if ok { 2_000 } else { 6_000 }).await;
            if generation.try_get_value() == Some(this) {
                feedback.try_set(Feedback::Idle);
            }
        });
    };
    let aria_label = format!("Copy {label}");
    let caption = caption.unwrap_or_else(|| "Copy".to_string());
    view! {
        <span class="copy">
            <button type="button" class="copy-button" id=move || id.get() aria-label=aria_label on:click=copy>
                {caption}
            </button>
            <span class="copy-feedback" aria-live="polite"
                class:error=move || feedback.get() == Feedback::Failed>
                {move || match feedback.get() {
                    Feedback::Idle => "",
                    Feedback::Copied => "Copied",
                    Feedback::Failed => "Copy failed: select the text and copy it",
                }}
            </span>
        </span>
    }
}

/// A value in monospace with its copy button.
#[component]
pub fn CopyableCode(
    #[prop(into)] text: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] id: Option<String>,
) -> impl IntoView {
    let button_id = id.as_ref().map(|i| format!("{i}-copy"));
    let value = text.clone();
    view! {
        <span class="copyable">
            <code id=id>{text}</code>
            <CopyButton text=Signal::derive(move || value.clone()) label=label id=button_id />
        </span>
    }
}
