//! What the key and certificate pages (APNs tokens, E2E keys, signing certificates) share:
//! the selected item, error texts, list-limit wording.

use crate::browser;
use crate::router::{Page, Route};
use leptos::prelude::*;
use mobileid_admin_contract::limits::LIST_LIMIT;

/// The `id` parameter of the route.
pub fn selected_id(route: ReadSignal<Route>) -> Memo<Option<String>> {
    Memo::new(move |_| route.with(|r| r.param("id").map(str::to_string)))
}

/// `#/page?id=…`
pub fn detail_href(page: Page, id: &str) -> String {
    Route::fragment(page, &[("id", id.to_string())])
}

/// Goes to a page's list (from a detail view).
pub fn go_to(href: &str) {
    let _ = browser::window().location().set_hash(href);
}

pub use crate::components::api_value::timestamp_text;

pub use crate::logic::error_text::describe;

pub use crate::logic::error_text::invalid_param;

/// "Showing 3 tokens; the API returns at most 20 (it has no paging)."
pub fn limit_note(shown: usize, noun_plural: &str) -> String {
    if shown >= LIST_LIMIT {
        format!("Showing {shown} {noun_plural}: the API returns at most {LIST_LIMIT} and has no paging, so older ones may exist that are not listed.")
    } else {
        format!("Showing {shown}; the API returns at most {LIST_LIMIT} {noun_plural} per list.")
    }
}

/// Seconds since the epoch, from the browser's clock.
pub fn now_unix() -> i64 {
    (browser::now_ms() / 1000.0) as i64
}
