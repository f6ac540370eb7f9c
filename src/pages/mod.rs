//! One module per screen (per API resource).

pub mod account;
pub mod not_found;
pub mod signed_out;

use crate::router::Page;
use leptos::prelude::*;

/// The screen for a page (see `router::Page` for how to add one).
pub fn render(page: Option<Page>) -> AnyView {
    match page.filter(|p| Page::ALL.contains(p)) {
        Some(Page::Account) => view! { <account::AccountPage /> }.into_any(),
        _ => view! { <not_found::NotFound /> }.into_any(),
    }
}
