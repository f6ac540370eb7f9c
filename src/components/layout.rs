//! The signed-in shell: header (user, account, sign-out), navigation, loading bar, toasts.

use crate::auth;
use crate::components::account::AccountSwitcher;
use crate::components::status::StatusArea;
use crate::components::unsaved;
use crate::pages;
use crate::router::{Page, Route};
use leptos::prelude::*;

#[component]
pub fn Shell(on_signed_out: Callback<Option<String>>) -> impl IntoView {
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
    let generation = RwSignal::new(0u32);
    let listener = window_event_listener(leptos::ev::hashchange, move |ev| {
        let next = Route::current().page;
        let leaving = page.get_untracked() != next;
        if leaving && !unsaved::confirm_leave() {
            // Stay: put the old address back, without another hashchange.
            crate::browser::replace_url(&ev.old_url());
            return;
        }
        if leaving {
            unsaved::set_unsaved(false);
        }
        if leaving || !next.is_some_and(Page::follows_own_params) {
            generation.update(|g| *g += 1);
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
    let claims = auth::claims();
    let user = claims.name.clone().unwrap_or_else(|| claims.sub.clone());
    let environment = auth::config().environment_label;
    view! {
        <header class="topbar">
            <span class="brand">"MobileID Admin"</span>
            {environment.map(|e| view! { <span class="env-badge">{e}</span> })}
            <AccountSwitcher />
            <span class="spacer"></span>
            <span class="user">"Signed in as " <strong id="signed-in-user">{user}</strong></span>
            <button type="button" id="sign-out" on:click=move |_| {
                if !unsaved::confirm_leave() {
                    return;
                }
                unsaved::set_unsaved(false);
                auth::sign_out();
                on_signed_out.run(Some("You have signed out.".into()));
            }>"Sign out"</button>
        </header>
        <StatusArea />
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
