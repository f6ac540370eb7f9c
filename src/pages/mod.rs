//! One module per screen (per API resource).

pub mod account;
pub mod apns_tokens;
pub mod compare;
pub mod configuration;
pub mod e2e_keys;
mod key_common;
pub mod not_found;
pub mod risk;
pub mod signed_out;
pub mod signing_certificates;
pub mod statistics;

use crate::router::Page;
use leptos::prelude::*;

// Each screen's view is `#[lazy]`: scripts/build-console.sh splits it (and what only it uses)
// into a wasm module of its own, fetched when the screen is first shown, so the sign-in screen
// does not wait for code it never runs (issue 13). A module that cannot be fetched aborts the
// console, as a failed load of the main wasm does.

#[lazy]
pub(crate) fn account_view() -> AnyView {
    view! { <account::AccountPage /> }.into_any()
}

#[lazy]
fn configuration_view() -> AnyView {
    view! { <configuration::ConfigurationPage /> }.into_any()
}

#[lazy]
fn apns_tokens_view() -> AnyView {
    view! { <apns_tokens::ApnsTokensPage /> }.into_any()
}

#[lazy]
fn e2e_keys_view() -> AnyView {
    view! { <e2e_keys::E2eKeysPage /> }.into_any()
}

#[lazy]
fn signing_certificates_view() -> AnyView {
    view! { <signing_certificates::SigningCertificatesPage /> }.into_any()
}

#[lazy]
fn statistics_view() -> AnyView {
    view! { <statistics::StatisticsPage /> }.into_any()
}

#[lazy]
fn risk_view() -> AnyView {
    view! { <risk::RiskPage /> }.into_any()
}

#[lazy]
fn compare_view() -> AnyView {
    view! { <compare::ComparePage /> }.into_any()
}

/// The screen for a page (see `router::Page` for how to add one).
pub fn render(page: Option<Page>) -> AnyView {
    match page.filter(|p| Page::ALL.contains(p)) {
        Some(Page::Account) => Suspend::new(account_view()).into_any(),
        Some(Page::Configuration) => Suspend::new(configuration_view()).into_any(),
        Some(Page::ApnsTokens) => Suspend::new(apns_tokens_view()).into_any(),
        Some(Page::E2eKeys) => Suspend::new(e2e_keys_view()).into_any(),
        Some(Page::SigningCertificates) => Suspend::new(signing_certificates_view()).into_any(),
        Some(Page::Statistics) => Suspend::new(statistics_view()).into_any(),
        Some(Page::Risk) => Suspend::new(risk_view()).into_any(),
        Some(Page::Compare) => Suspend::new(compare_view()).into_any(),
        _ => view! { <not_found::NotFound /> }.into_any(),
    }
}
