//! CSV export: the table's text (built by the contract's `analytics` module) as a file
//! download, through a `Blob`, an object URL and an `<a download>`.

use crate::browser;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Offers `text` as `filename`. A UTF-8 byte-order mark goes first, so spreadsheet programs
/// read non-ASCII text right. The object URL is revoked a moment later, once the download has
/// started (revoking it at once can cancel the download in some browsers).
pub fn download_csv(filename: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(&format!("\u{FEFF}{text}")));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let anchor = browser::window()
        .document()
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(anchor) = anchor {
        anchor.set_href(&url);
        anchor.set_download(filename);
        anchor.click();
    }
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(10_000).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
}

/// An "Export CSV" button; `file` gives the file name and the CSV text when clicked, so the
/// export holds what the table shows at that moment (filtered and sorted).
#[component]
pub fn CsvButton(
    #[prop(into)] id: String,
    /// What the button exports, for its accessible name ("Export platforms as CSV").
    #[prop(into)]
    what: String,
    file: Callback<(), (String, String)>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <button type="button" class="csv-button" id=id aria-label=format!("Export {what} as CSV")
            disabled=move || disabled.get()
            on:click=move |_| {
                let (name, text) = file.run(());
                download_csv(&name, &text);
            }>
            "Export CSV"
        </button>
    }
}
