//! Thin, typed access to the browser: location, history, sessionStorage, timers.

use wasm_bindgen::JsValue;

pub fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

/// The page's address without query and fragment: the console's own URL.
pub fn page_url() -> String {
    let l = window().location();
    format!(
        "{}{}",
        l.origin().unwrap_or_default(),
        l.pathname().unwrap_or_default()
    )
}

pub fn query() -> String {
    window().location().search().unwrap_or_default()
}

pub fn hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Replaces the address without a reload or a history entry (removes `?code=…&state=…`).
pub fn replace_url(url: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(url));
    }
}

/// A new history entry (no reload, no `hashchange`).
pub fn push_url(url: &str) {
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(url));
    }
}

pub fn navigate_away(url: &str) {
    let _ = window().location().assign(url);
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// `sessionStorage`: lives as long as the tab, never shared with other tabs or written to disk
/// beyond the session. The only storage the console uses.
pub mod session_storage {
    fn storage() -> Option<web_sys::Storage> {
        super::window().session_storage().ok().flatten()
    }

    pub fn get(key: &str) -> Option<String> {
        storage()?.get_item(key).ok().flatten()
    }

    pub fn set(key: &str, value: &str) {
        if let Some(s) = storage() {
            let _ = s.set_item(key, value);
        }
    }

    pub fn remove(key: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(key);
        }
    }

    /// Removes every key that starts with `prefix`.
    pub fn remove_prefixed(prefix: &str) {
        let Some(storage) = storage() else {
            return;
        };
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(prefix))
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }

    pub fn get_json<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
        serde_json::from_str(&get(key)?).ok()
    }

    pub fn set_json<T: serde::Serialize>(key: &str, value: &T) {
        if let Ok(text) = serde_json::to_string(value) {
            set(key, &text);
        }
    }
}

/// Offers `text` as a file download (properties, CSV tables, certificates), through a `Blob`,
/// an object URL and an `<a download>`.
pub fn download(filename: &str, mime: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = window().document().expect("a document");
    if let Ok(anchor) = document.create_element("a") {
        if let Ok(anchor) = anchor.dyn_into::<web_sys::HtmlAnchorElement>() {
            anchor.set_href(&url);
            anchor.set_download(filename);
            anchor.click();
        }
    }
    // Revoked a moment later, once the download has started: revoking at once can cancel it
    // in some browsers.
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(10_000).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
}

/// The text of the first file chosen in an `<input type=file>`, if any.
pub async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Option<String> {
    let file = input.files()?.get(0)?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?;
    text.as_string()
}

/// Reads the file chosen in `input` (if any), clears the choice (choosing the same file again
/// is then a change too), and hands its text to `then`.
pub fn take_chosen_file(
    input: leptos::prelude::NodeRef<leptos::html::Input>,
    then: impl FnOnce(String) + 'static,
) {
    use leptos::prelude::GetUntracked;
    let Some(input) = input.get_untracked() else {
        return;
    };
    leptos::task::spawn_local(async move {
        let Some(text) = read_chosen_file(&input).await else {
            return;
        };
        input.set_value("");
        then(text);
    });
}

/// Moves keyboard focus to the element with this id (error summaries link to fields).
/// Focuses `id` once the view that is about to show it has rendered.
pub fn focus_soon(id: &'static str) {
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(0).await;
        focus(id);
    });
}

pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = window().document().and_then(|d| d.get_element_by_id(id)) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
            el.scroll_into_view();
        }
    }
}
