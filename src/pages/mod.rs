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
use leptos::wasm_split::{wasm_split, SplitLoaderError};

// Each screen's view is split off (`wasm_split`, as Leptos' `#[lazy]` does, plus `fallible`):
// scripts/build-console.sh moves it (and what only it uses) into a wasm module of its own,
// fetched when the screen is first shown, so the sign-in screen does not wait for code it never
// runs (issue 13). A module that cannot be fetched is an `Err`, shown with Try again, not a
// panic that would stop the whole console.

#[wasm_split(account_view, wasm_split_path = ::leptos::wasm_split, preload(#[doc(hidden)] __preload_account_view), fallible)]
pub(crate) fn account_view() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <account::AccountPage /> }.into_any())
}

#[wasm_split(configuration_view, wasm_split_path = ::leptos::wasm_split, preload(#[doc(hidden)] __preload_configuration_view), fallible)]
fn configuration_view() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <configuration::ConfigurationPage /> }.into_any())
}

#[wasm_split(apns_tokens_view, wasm_split_path = ::leptos::wasm_split, preload(#[doc(hidden)] __preload_apns_tokens_view), fallible)]
fn apns_tokens_view() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <apns_tokens::ApnsTokensPage /> }.into_any())
}

#[wasm_split(e2e_keys_view, wasm_split_path = ::leptos::wasm_split, preload(#[doc(hidden)] __preload_e2e_keys_view), fallible)]
fn e2e_keys_view() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <e2e_keys::E2eKeysPage /> }.into_any())
}

#[wasm_split(signing_certificates_view, wasm_split_path = ::leptos::wasm_split, preload(#[doc(hidden)] __preload_signing_certificates_view), fallible)]
fn signing_certificates_view() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <signing_certificates::SigningCertificatesPage /> }.into_any())
}

#[wasm_split(statistics_view, wasm_split_path = ::leptos::wasm_split, preload(#[doc(hidden)] __preload_statistics_view), fallible)]
fn statistics_view() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <statistics::StatisticsPage /> }.into_any())
}

#[wasm_split(risk_view, wasm_split_path = ::leptos::wasm_split, preload(#[doc(hidden)] __preload_risk_view), fallible)]
fn risk_view() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <risk::RiskPage /> }.into_any())
}

#[wasm_split(compare_view, wasm_split_path = ::leptos::wasm_split, preload(#[doc(hidden)] __preload_compare_view), fallible)]
fn compare_view() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <compare::ComparePage /> }.into_any())
}

/// The screen for a page (see `router::Page` for how to add one).
pub fn render(page: Option<Page>) -> AnyView {
    let Some(page) = page else {
        return view! { <not_found::NotFound /> }.into_any();
    };
    // Try again loads the module anew (a failed load is not remembered).
    let attempt = RwSignal::new(0u32);
    (move || {
        attempt.track();
        Suspend::new(async move {
            build(page).await.unwrap_or_else(|_| {
                view! { <ModuleNotLoaded page retry=move || attempt.update(|n| *n += 1) /> }
                    .into_any()
            })
        })
    })
    .into_any()
}

/// Builds `page`'s screen once its module is there.
async fn build(page: Page) -> Result<AnyView, SplitLoaderError> {
    match page {
        Page::Account => account_view().await,
        Page::Configuration => configuration_view().await,
        Page::ApnsTokens => apns_tokens_view().await,
        Page::E2eKeys => e2e_keys_view().await,
        Page::SigningCertificates => signing_certificates_view().await,
        Page::Statistics => statistics_view().await,
        Page::Risk => risk_view().await,
        Page::Compare => compare_view().await,
    }
}

/// A screen whose code could not be fetched (the network, or a deployment replaced meanwhile).
#[component]
fn ModuleNotLoaded(page: Page, retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <h1 class="page-title">{page.title()}</h1>
        <div class="banner error" role="alert" id="module-error">
            <strong class="error-title">"This screen could not be loaded"</strong>
            <p class="error-detail">
                "Its code did not arrive: the network, a proxy, or a new version of the console deployed meanwhile. Nothing was changed. Try again, or reload the page."
            </p>
            <button type="button" id="module-retry" on:click=move |_| retry()>"Try again"</button>
        </div>
    }
}
