//! The MobileID Admin Console: a Leptos single-page app for the Signicat MobileID Admin API.
//!
//! Start-up: load `config.json`, finish a login callback if this page load is one, then show
//! the signed-in shell or the sign-in screen.

pub mod api;
pub mod auth;
pub mod browser;
pub mod components;
pub mod embed;
pub mod logic;
pub mod pages;
pub mod router;
pub mod state;

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
    /// On the way to the identity provider.
    Redirecting,
    /// Signed in, but the API refuses the sign-in: another login would loop.
    Refused(String),
    /// Framed by a page that may not embed the console.
    FrameRefused(String),
}

// The signed-in shell is split off like the page views (src/pages/mod.rs): scripts/build-console.sh
// moves it, and the code only it reaches (header, navigation, API client), into a module of its
// own, so the sign-in screen does not wait for it (issue 13).
#[leptos::wasm_split::wasm_split(
    signed_in_shell,
    wasm_split_path = ::leptos::wasm_split,
    preload(#[doc(hidden)] __preload_signed_in_shell),
    fallible
)]
pub(crate) fn signed_in_shell() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <Shell /> }.into_any())
}

#[component]
pub fn App() -> impl IntoView {
    // The sign-in popup of a framed console: it only hands the callback back.
    if let Some(note) = embed::hand_back_popup_callback() {
        return view! {
            <main class="center">
                <p class="card" id="sign-in-window">{note}</p>
            </main>
        }
        .into_any();
    }
    let (phase, set_phase) = signal(Phase::Starting);
    auth::on_refused(move |message| set_phase.set(Phase::Refused(message)));
    embed::on_sign_in_needed(move || {
        set_phase.set(Phase::SignedOut {
            message: Some("Sign in again to continue.".into()),
        })
    });
    spawn_local(async move {
        let next = match auth::start().await {
            Ok(outcome) => match embed::start() {
                Err(refused) => Phase::FrameRefused(refused),
                Ok(()) => match outcome {
                    auth::StartOutcome::SignedIn => Phase::SignedIn,
                    auth::StartOutcome::SignedOut(message) => Phase::SignedOut { message },
                    auth::StartOutcome::Redirecting => Phase::Redirecting,
                },
            },
            Err(auth::StartError::Config(e)) => Phase::BadConfig(e.to_string()),
        };
        set_phase.set(next);
        // For scripts/bench.sh: the first screen is on the page and usable.
        request_animation_frame(|| {
            if let Some(performance) = browser::window().performance() {
                let _ = performance.mark(READY_MARK);
            }
            // Once the first screen is up, the modules of the signed-in shell and of the
            // account page (the first page after a login) are fetched in the background while
            // the sign-in screen waits, so signing in does not then wait for them. Not earlier:
            // fetched at start-up, they delayed the first screen (bench median 665 ms, not 196).
            spawn_local(async {
                // A preload that fails is no harm: the module is fetched again when needed.
                let _ = __preload_signed_in_shell().await;
                let _ = pages::__preload_account_view().await;
            });
        });
    });
    // The host hears when the console is ready, signed in or not.
    Effect::new(move |_| match phase.get() {
        Phase::SignedIn => embed::announce_ready(true),
        Phase::SignedOut { .. } => embed::announce_ready(false),
        _ => {}
    });
    let framed = embed::is_framed();
    (move || {
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
                        "Put a valid config.json next to index.html (see the README: apiBaseUrl, issuer or authorizeUrl and tokenUrl, clientId, scopes, redirectPath, accountId, endpoints)."
                    </p>
                </section>
            </main>
        }
        .into_any(),
        Phase::SignedOut { message } if framed => view! {
            <embed::FramedSignIn message=message
                on_signed_in=Callback::new(move |_| set_phase.set(Phase::SignedIn)) />
        }
        .into_any(),
        Phase::SignedOut { message } => view! { <SignedOut message=message /> }.into_any(),
        Phase::FrameRefused(message) => view! {
            <main class="center">
                <section class="card error-screen" role="alert" id="frame-refused">
                    <h1>"The console cannot be shown here"</h1>
                    <p>{message}</p>
                </section>
            </main>
        }
        .into_any(),

        Phase::SignedIn => {
            // Try again fetches the shell's module anew (a failed load is not remembered).
            let attempt = RwSignal::new(0u32);
            (move || {
                attempt.track();
                Suspend::new(async move {
                    signed_in_shell().await.unwrap_or_else(|_| view! {
                        <main class="center">
                            <section class="card error-screen" role="alert" id="module-error">
                                <h1>"The console could not be loaded"</h1>
                                <p>"Part of its code did not arrive: the network, a proxy, or a new version deployed meanwhile. You are signed in; nothing was changed."</p>
                                <button type="button" class="primary" id="module-retry"
                                    on:click=move |_| attempt.update(|n| *n += 1)>"Try again"</button>
                            </section>
                        </main>
                    }.into_any())
                })
            })
            .into_any()
        }
        Phase::Redirecting => view! {
            <main class="center" aria-busy="true">
                <p class="muted" id="redirecting">"Signing you in again…"</p>
            </main>
        }
        .into_any(),
        Phase::Refused(message) => view! {
            <main class="center">
                <section class="card error-screen" role="alert" id="sign-in-refused">
                    <h1>"The API refuses this sign-in"</h1>
                    <p>{message}</p>
                    <button type="button" id="sign-out-refused" on:click=move |_| {
                        spawn_local(auth::sign_out(auth::SignOut::Requested));
                    }>"Sign out"</button>
                </section>
            </main>
        }
        .into_any(),
    }
    })
    .into_any()
}
