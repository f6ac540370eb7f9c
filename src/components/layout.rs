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
    let route = RwSignal::new(Route::current());
    let listener =
        window_event_listener(leptos::ev::hashchange, move |_| route.set(Route::current()));
    on_cleanup(move || listener.remove());
    let claims = auth::claims();
    let user = claims.name.clone().unwrap_or_else(|| claims.sub.clone());
    let environment = auth::config().environment_label;
    // A new address renders the page again (so a pasted or bookmarked link, or back/forward,
    // shows what it says), except for pages that follow their own parameters and keep their
    // data meanwhile. Pages that only write their parameters use replaceState: no re-render.
    let view_key = Memo::new(move |_| {
        route.with(|r| {
            let own = r.page.is_some_and(Page::follows_own_params);
            (r.page, if own { Vec::new() } else { r.params.clone() })
        })
    });
    let page = Memo::new(move |_| view_key.with(|(page, _)| *page));
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
                    view_key.track();
                    pages::render(page.get_untracked())
                }}
            </main>
        </div>
    }
}
