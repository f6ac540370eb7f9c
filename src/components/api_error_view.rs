//! A read that failed, as every page shows it: the API's error (title, detail, `traceId`, the
//! way to onboarding for an account that is not onboarded) and, where reading again can help,
//! "Try again".

use crate::api;
use crate::components::error_banner::ErrorBanner;
use leptos::prelude::*;
use mobileid_admin_contract::ApiError;

#[component]
pub fn ApiErrorView(
    error: ApiError,
    /// Reads again; without it there is no "Try again" (e.g. a detail view links back instead).
    #[prop(optional, into)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    // A read superseded by a newer one failed nobody: its successor is on the way.
    if api::is_superseded(&error) {
        return ().into_any();
    }
    view! {
        <ErrorBanner error=error />
        {retry.map(|retry| view! {
            <button type="button" on:click=move |_| retry.run(())>"Try again"</button>
        })}
    }
    .into_any()
}
