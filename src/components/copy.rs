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

/// Characters kept at each end of a shortened value.
const HEAD: usize = 8;
const TAIL: usize = 6;

/// `value` middle-elided to its first 8 and last 6 characters ("3A:5F:0C…:9E:21"), or `None`
/// when it is short enough to show whole. Enough to tell values apart at a glance and to match
/// one read aloud; the whole value stays in the page (see [`ShortCode`]).
pub fn elided(value: &str) -> Option<String> {
    let chars: Vec<char> = value.chars().collect();
    // Shortening must save more than the ellipsis costs.
    if chars.len() <= HEAD + TAIL + 4 {
        return None;
    }
    let head: String = chars[..HEAD].iter().collect();
    let tail: String = chars[chars.len() - TAIL..].iter().collect();
    Some(format!("{head}…{tail}"))
}

/// A long id, hash or fingerprint in monospace, middle-elided. The whole value is the element's
/// `title` (on hover), its text for screen readers (visually hidden; the short form is hidden
/// from them), and its `data-full` attribute (for tests and scripts). Short values show whole.
#[component]
pub fn ShortCode(
    #[prop(into)] text: String,
    #[prop(optional, into)] id: MaybeProp<String>,
) -> impl IntoView {
    let id = move || id.get();
    match elided(&text) {
        None => {
            let full = text.clone();
            view! { <code id=id data-full=full>{text}</code> }.into_any()
        }
        Some(short) => {
            let (full, title) = (text.clone(), text.clone());
            view! {
            <code id=id class="short-code" data-full=full title=title>
                <span aria-hidden="true">{short}</span>
                <span class="visually-hidden">{text}</span>
            </code>
            }
            .into_any()
        }
    }
}

/// A value in monospace, shortened when long ([`ShortCode`]), with its copy button (which
/// copies the whole value). The button's id is `{id}-copy`.
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
            <ShortCode text=text id=id />
            <CopyButton text=Signal::derive(move || value.clone()) label=label id=button_id />
        </span>
    }
}
