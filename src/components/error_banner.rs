//! Shows an API error with what an admin needs to report it: title, detail and `traceId`.

use leptos::prelude::*;
use mobileid_admin_contract::ApiError;

#[component]
pub fn ErrorBanner(error: ApiError) -> impl IntoView {
    let (title, detail, trace, params) = match &error {
        ApiError::Problem(p) => (
            format!("{} (HTTP {})", p.title, p.status),
            p.detail.clone(),
            p.trace_id.clone(),
            p.invalid_params
                .iter()
                .map(|i| format!("{}: {}", i.name, i.reason))
                .collect::<Vec<_>>(),
        ),
        ApiError::Network(message) => (
            "The API could not be reached".to_string(),
            Some(plain_network_error(message)),
            None,
            Vec::new(),
        ),
        ApiError::Parse { .. } => (
            "Unexpected answer from the API".to_string(),
            Some(error.to_string()),
            None,
            Vec::new(),
        ),
    };
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

/// What a browser's network failure means for the admin ("TypeError: Failed to fetch" says
/// nothing): no answer came, so nothing was changed by this request.
pub fn plain_network_error(message: &str) -> String {
    if message.contains("Failed to fetch") || message.contains("NetworkError") {
        "No answer: the network, a proxy or the API's CORS settings stopped the request. \
         Nothing was changed; check the connection and try again."
            .to_string()
    } else {
        message.to_string()
    }
}

/// One line for a toast: title, detail and trace id.
pub fn describe(error: &ApiError) -> String {
    match error.problem() {
        Some(p) => {
            let mut text = p.title.clone();
            if let Some(d) = &p.detail {
                text.push_str(": ");
                text.push_str(d);
            }
            if let Some(t) = &p.trace_id {
                text.push_str(&format!(" (trace ID {t})"));
            }
            text
        }
        None => match error {
            ApiError::Network(message) => {
                format!(
                    "The API could not be reached. {}",
                    plain_network_error(message)
                )
            }
            other => other.to_string(),
        },
    }
}
