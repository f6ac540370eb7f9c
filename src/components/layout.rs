//! The signed-in shell: header (user, account, sign-out), navigation, loading bar, toasts.

use crate::auth;
use crate::components::account::AccountSwitcher;
use crate::components::idle_warning::IdleWarning;
use crate::components::leave_guard::LeaveGuardDialog;
use crate::components::status::StatusArea;
use crate::pages;
use crate::router::{Page, Route};
use crate::state::current_account::{current_account_signal, track_current_account};
use crate::state::unsaved;
use leptos::prelude::*;

#[component]
pub fn Shell() -> impl IntoView {
    // A bare URL shows the account page; say so in the address, so a bookmark, a reload
    // or a return from login lands on the same page.
    if Route::current().page.is_some() && crate::browser::hash().is_empty() {
        crate::browser::replace_url(&format!(
            "{}{}",
            crate::browser::page_url(),
            Page::Account.href()
        ));
    }
    // Which page is shown, and a counter that renders it again. Every real navigation (a link,
    // back/forward, a pasted address: `hashchange`) renders the page again, so it shows what the
    // address says; pages that follow their own `?id=…` keep their data instead. Pages that
    // only write their parameters use replaceState, which is no navigation.
    let page = RwSignal::new(Route::current().page);
    // The route, for the pages (`router::use_route`): this is the one `hashchange` listener.
    let route = RwSignal::new(Route::current());
    provide_context(route.read_only());
    let generation = RwSignal::new(0u32);
    let listener = window_event_listener(leptos::ev::hashchange, move |ev| {
        let next = Route::current().page;
        let leaving = page.get_untracked() != next;
        if leaving && unsaved::has_unsaved() {
            // Stay for now: put the old address back (no other hashchange), and go on to the
            // new one only if the admin chooses to leave.
            crate::browser::replace_url(&ev.old_url());
            let target = ev.new_url();
            unsaved::leave_then(move || {
                let _ = crate::browser::window().location().set_href(&target);
            });
            return;
        }
        if leaving {
            unsaved::set_unsaved(false);
        }
        if leaving || !next.is_some_and(Page::follows_own_params) {
            // The page is built again and reads the new route then; the old one, on its way
            // out, hears nothing (its effects would run while it is torn down).
            route.update_untracked(|r| *r = Route::current());
            generation.update(|g| *g += 1);
        } else {
            route.set(Route::current());
        }
        page.set(next);
    });
    // Closing or reloading the tab with unsaved edits asks first (the draft is kept anyway).
    let before_unload = window_event_listener(leptos::ev::beforeunload, |ev| {
        if unsaved::has_unsaved() {
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
    on_cleanup(move || {
        listener.remove();
        before_unload.remove();
    });
    // Every page change names the page in the title and, after a navigation, moves focus to
    // its heading, so a screen reader and the keyboard start where the content does.
    Effect::new(move |previous: Option<u32>| {
        let current = generation.get();
        let title = page
            .get()
            .map(|p| format!("{} · MobileID Admin", p.title()))
            .unwrap_or_else(|| "MobileID Admin".into());
        if let Some(document) = crate::browser::window().document() {
            document.set_title(&title);
        }
        crate::embed::announce_route(Some(&title));
        if previous.is_some() {
            focus_heading_once_shown(FRAMES_TO_WAIT_FOR_HEADING);
        }
        current
    });
    let user = auth::user_name();
    track_current_account();
    let current = current_account_signal();
    let signing_out = RwSignal::new(false);
    let environment = auth::config().environment_label;
    view! {
        <button type="button" class="skip-link" id="skip-to-content"
            on:click=move |_| focus_page_heading()>"Skip to content"</button>
        <header class="topbar">
            <span class="brand">"MobileID Admin"</span>
            // The deployment's name from config.json, as plain text: the account chip beside it,
            // from the API, is what says sandbox or production.
            {environment.map(|e| view! { <span class="deployment-name" id="deployment-name">"Deployment: " {e}</span> })}
            <span id="current-account-chip" class="account-chip"
                class:production=move || current.with(|c| c.as_ref().is_some_and(|a| a.is_production()))>
                {move || current.get().map(|a| format!("{} · {}", a.label(), a.account_type.as_str()))
                    .unwrap_or_else(|| "Account loading…".into())}
            </span>
            <AccountSwitcher />
            // Who is signed in and the way out, together: on a narrow window they wrap as one.
            <div class="session">
                {(!user.is_empty()).then(|| view! {
                    <span class="user">"Signed in as " <strong id="signed-in-user">{user}</strong></span>
                })}
                <button type="button" id="sign-out" disabled=move || signing_out.get() on:click=move |_| {
                    unsaved::leave_then(move || {
                        signing_out.set(true);
                        leptos::task::spawn_local(auth::sign_out(auth::SignOut::Requested));
                    });
                }>{move || if signing_out.get() { "Signing out…" } else { "Sign out" }}</button>
            </div>
        </header>
        <StatusArea />
        <IdleWarning />
        <LeaveGuardDialog />
        <div class="layout">
            <nav aria-label="Main" class="sidenav">
                <ul>
                    {Page::ALL.iter().map(|p| {
                        let p = *p;
                        view! {
                            <li>
                                <a href=p.href() id=format!("nav-{}", p.slug())
                                    aria-current=move || (page.get() == Some(p)).then_some("page")>
                                    {p.title()}
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
            <main id="main" tabindex="-1">
                {move || {
                    generation.track();
                    pages::render(page.get_untracked())
                }}
            </main>
        </div>
    }
}

/// About two seconds of frames: how long a navigation waits for the new page's heading.
const FRAMES_TO_WAIT_FOR_HEADING: u32 = 120;

/// After a navigation: focuses the new page's heading once it is there (a screen whose code is
/// still on its way has none yet), or the main area when it does not come in time.
fn focus_heading_once_shown(frames_left: u32) {
    request_animation_frame(move || {
        let shown = crate::browser::window()
            .document()
            .and_then(|d| d.query_selector("main h1").ok().flatten())
            .is_some();
        if !shown && frames_left > 0 {
            focus_heading_once_shown(frames_left - 1);
        } else {
            focus_page_heading();
        }
    });
}

/// Focuses the page's heading (or the main area), without scrolling past it.
fn focus_page_heading() {
    use wasm_bindgen::JsCast;
    let Some(document) = crate::browser::window().document() else {
        return;
    };
    let target = document
        .query_selector("main h1")
        .ok()
        .flatten()
        .or_else(|| document.get_element_by_id("main"));
    if let Some(element) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        if !element.has_attribute("tabindex") {
            let _ = element.set_attribute("tabindex", "-1");
        }
        let _ = element.focus();
    }
}
