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

/// The screen for a page (see `router::Page` for how to add one).
pub fn render(page: Option<Page>) -> AnyView {
    match page.filter(|p| Page::ALL.contains(p)) {
        Some(Page::Account) => view! { <account::AccountPage /> }.into_any(),
        Some(Page::Configuration) => view! { <configuration::ConfigurationPage /> }.into_any(),
        Some(Page::ApnsTokens) => view! { <apns_tokens::ApnsTokensPage /> }.into_any(),
        Some(Page::E2eKeys) => view! { <e2e_keys::E2eKeysPage /> }.into_any(),
        Some(Page::SigningCertificates) => {
            view! { <signing_certificates::SigningCertificatesPage /> }.into_any()
        }
        Some(Page::Statistics) => view! { <statistics::StatisticsPage /> }.into_any(),
        Some(Page::Risk) => view! { <risk::RiskPage /> }.into_any(),
        Some(Page::Compare) => view! { <compare::ComparePage /> }.into_any(),
        _ => view! { <not_found::NotFound /> }.into_any(),
    }
}
