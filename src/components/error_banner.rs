//! Shows an API error with what an admin needs to report it: title, detail and `traceId`.

use crate::logic::error_text::ErrorText;
use leptos::prelude::*;
use mobileid_admin_contract::ApiError;

#[component]
pub fn ErrorBanner(error: ApiError) -> impl IntoView {
    let text = ErrorText::of(&error);
    let title = text.heading();
    let ErrorText {
        detail,
        params,
        trace_id: trace,
        ..
    } = text;
    // An account not yet onboarded answers 404 everywhere: the way out is onboarding.
    let not_onboarded = error.problem().is_some_and(|p| {
        p.status == 404
            && [
                p.code.as_deref(),
                Some(p.title.as_str()),
                p.detail.as_deref(),
            ]
            .into_iter()
            .flatten()
            .any(|t| t.to_lowercase().contains("onboard"))
    });
    view! {
        <div class="banner error" role="alert">
            <strong class="error-title">{title}</strong>
            {not_onboarded.then(|| view! {
                <p class="onboarding-hint">
                    "This account is not onboarded for MobileID yet. "
                    <a href="#/account" id="go-onboard">"Add the MobileID account on the Account page"</a>
                    " first."
                </p>
            })}
            {detail.map(|d| view! { <p class="error-detail">{d}</p> })}
            {(!params.is_empty()).then(|| view! {
                <ul>{params.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            })}
            {trace.map(|t| view! { <p class="trace">"Trace ID: " <code class="trace-id">{t}</code></p> })}
        </div>
    }
}
