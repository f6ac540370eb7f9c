//! CSV export: the table's text (built by `crate::logic::analytics`) as a file
//! download (see `browser::download`).

use crate::browser;
use leptos::prelude::*;

/// Offers `text` as `filename`. A UTF-8 byte-order mark goes first, so spreadsheet programs
/// read non-ASCII text right.
pub fn download_csv(filename: &str, text: &str) {
    browser::download(
        filename,
        "text/csv;charset=utf-8",
        &format!("\u{FEFF}{text}"),
    );
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
        <button type="button" class="csv-button" id=id aria-label=format!("Export CSV of {what}")
            disabled=move || disabled.get()
            on:click=move |_| {
                let (name, text) = file.run(());
                download_csv(&name, &text);
            }>
            "Export CSV"
        </button>
    }
}
