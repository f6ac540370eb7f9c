//! The MobileID Admin Console: a Leptos single-page app for the Signicat MobileID Admin API.
//!
//! Start-up: load `config.json`, finish a login callback if this page load is one, then show
//! the signed-in shell or the sign-in screen.

pub mod api;
pub mod auth;
pub mod browser;
pub mod components;
pub mod pages;
pub mod router;

use components::layout::Shell;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pages::signed_out::SignedOut;

/// The `performance.mark` set when the first screen is interactive (read by the benchmark).
pub const READY_MARK: &str = "mobileid-console-ready";

/// What the app is showing, before and after start-up.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Starting,
    /// `config.json` is missing or wrong: nothing else can work.
    BadConfig(String),
    SignedOut {
        message: Option<String>,
    },
    SignedIn,
}

#[component]
pub fn App() -> impl IntoView {
    let (phase, set_phase) = signal(Phase::Starting);
    spawn_local(async move {
        let next = match auth::start().await {
            Ok(auth::StartOutcome::SignedIn) => Phase::SignedIn,
            Ok(auth::StartOutcome::SignedOut(message)) => Phase::SignedOut { message },
            Err(auth::StartError::Config(e)) => Phase::BadConfig(e.to_string()),
        };
        set_phase.set(next);
        // For scripts/bench.sh: the first screen is on the page and usable.
        request_animation_frame(|| {
            if let Some(performance) = browser::window().performance() {
                let _ = performance.mark(READY_MARK);
            }
        });
    });
    let on_signed_out =
        Callback::new(move |message: Option<String>| set_phase.set(Phase::SignedOut { message }));
    move || {
        match phase.get() {
        Phase::Starting => view! {
            <main class="center" aria-busy="true">
                <p class="muted" id="starting">"Starting the MobileID console…"</p>
            </main>
        }
        .into_any(),
        Phase::BadConfig(message) => view! {
            <main class="center">
                <section class="card error-screen" role="alert" id="config-error">
                    <h1>"The console is not configured"</h1>
                    <p>{message}</p>
                    <p class="muted">
                        "Put a valid config.json next to index.html (see the README: apiBaseUrl, authorizeUrl, tokenUrl, clientId, scopes, redirectPath, accountId)."
                    </p>
                </section>
            </main>
        }
        .into_any(),
        Phase::SignedOut { message } => view! { <SignedOut message=message /> }.into_any(),
        Phase::SignedIn => view! { <Shell on_signed_out=on_signed_out /> }.into_any(),
    }
    }
}
