//! Embedded in a company portal: the console in an iframe of another origin.
//!
//! * **Who may frame it**: the server's CSP `frame-ancestors` (the real guard), and
//!   `config.json`'s `embedding.parentOrigins`: framed by any other origin, the console refuses
//!   to start.
//! * **Sign-in**: the provider's page cannot show in a frame, so the framed console opens the
//!   authorization request in a popup (from the click, so popup blockers let it through). The
//!   popup comes back to the console's own URL with a `state` marked as a popup's, hands the
//!   callback to `window.opener` with `postMessage(…, location.origin)`, and closes; the framed
//!   console checks the sender (its own origin, the popup it opened), then `state`/`iss`
//!   against its own pending sign-in (in memory) and exchanges the code with its own verifier.
//! * **The host protocol** (version 1, see the README): `postMessage` only to and from the
//!   listed origins and the parent window; anything else is ignored and counted.
//! * **Theme**: the scheme and the few checked tokens of `config.json` or of the host.

use crate::logic::console_config::SignInMode;
use crate::logic::embedding::{
    parse_host_message, parse_sign_in_callback, sign_in_callback_message, ConsoleMessage,
    HostMessage, Scheme, ThemeTokens, POPUP_STATE_PREFIX,
};
use crate::logic::login::CallbackParams;
use crate::{auth, browser};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// The host's origin, once known (one of `parentOrigins`).
    static PARENT_ORIGIN: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Messages ignored (wrong origin or sender, unknown shape).
    static IGNORED: Cell<u32> = const { Cell::new(0) };
    static LAST_HEIGHT: Cell<u32> = const { Cell::new(0) };
    static LAST_UNSAVED: Cell<Option<bool>> = const { Cell::new(None) };
    static SIGN_IN_NEEDED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Whether the console runs inside a frame.
pub fn is_framed() -> bool {
    let window = browser::window();
    match window.parent() {
        Ok(Some(parent)) => !js_sys::Object::is(parent.as_ref(), window.as_ref()),
        _ => false,
    }
}

fn origin() -> String {
    browser::window().location().origin().unwrap_or_default()
}

fn to_js(value: &serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

fn from_js(value: &JsValue) -> Option<serde_json::Value> {
    let text = js_sys::JSON::stringify(value).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

// ------------------------------------------------------------------ the sign-in popup

/// In the sign-in popup, back from the provider with a popup's `state`: hands the callback to
/// the framed console that opened it (same origin only) and closes. Returns what to show if the
/// window stays open (no opener any more), or `None` when this page is no such callback.
pub fn hand_back_popup_callback() -> Option<String> {
    let query = browser::query();
    let params = CallbackParams::from_query(&query);
    let popup_state = params
        .state
        .as_deref()
        .is_some_and(|s| s.starts_with(POPUP_STATE_PREFIX));
    if !params.is_callback() || !popup_state {
        return None;
    }
    // The code leaves the address bar before anything else; this window never exchanges it.
    browser::replace_url(&browser::page_url());
    let window = browser::window();
    let opener = window
        .opener()
        .ok()
        .filter(|o| o.is_object())
        // The opener's window belongs to another realm: `instanceof Window` is false there.
        .map(|o| o.unchecked_into::<web_sys::Window>());
    match opener {
        Some(opener) => {
            // Delivered only if the opener is on this very origin (the framed console).
            let _ = opener.post_message(&to_js(&sign_in_callback_message(&query)), &origin());
            let _ = window.close();
            Some("Signed in. This window closes itself; you can close it if it stays open.".into())
        }
        None => Some(
            "This sign-in window lost the console that opened it. Close it and sign in again \
             from the portal."
                .into(),
        ),
    }
}

/// Inside a frame: where [`auth::begin_login`] sends a sign-in it cannot do there (the sign-in
/// screen with its button).
pub fn on_sign_in_needed(show: impl Fn() + 'static) {
    SIGN_IN_NEEDED.with(|s| *s.borrow_mut() = Some(Box::new(show)));
}

/// Called by [`auth::begin_login`] when framed.
pub fn sign_in_needed() {
    SIGN_IN_NEEDED.with(|s| {
        if let Some(show) = s.borrow().as_ref() {
            show();
        }
    });
}

/// Opens the authorization request in a popup (call from a click) and finishes the sign-in
/// when the popup hands the callback back. `done` gets the outcome.
fn sign_in_with_popup(done: impl Fn(Result<(), String>) + 'static) {
    let (url, pending) = match auth::popup_authorization(browser::hash()) {
        Ok(x) => x,
        Err(e) => return done(Err(e)),
    };
    let window = browser::window();
    let popup =
        match window.open_with_url_and_target_and_features(
            &url,
            "mobileid-console-sign-in",
            "popup,width=520,height=720",
        ) {
            Ok(Some(popup)) => popup,
            _ => return done(Err(
                "The sign-in window was blocked. Allow pop-ups for this portal, then try again."
                    .into(),
            )),
        };
    let done = Rc::new(done);
    let finished = Rc::new(Cell::new(false));
    let listener: Rc<RefCell<Option<WindowListenerHandle>>> = Rc::default();
    let interval: Rc<RefCell<Option<gloo_timers::callback::Interval>>> = Rc::default();
    let stop = {
        let (listener, interval) = (listener.clone(), interval.clone());
        move || {
            if let Some(l) = listener.borrow_mut().take() {
                l.remove();
            }
            interval.borrow_mut().take();
        }
    };
    let pending = Rc::new(RefCell::new(Some(pending)));
    let handle = {
        let (popup, done, finished, stop) =
            (popup.clone(), done.clone(), finished.clone(), stop.clone());
        window_event_listener(leptos::ev::message, move |event: web_sys::MessageEvent| {
            let from_popup = event
                .source()
                .is_some_and(|s| js_sys::Object::is(s.as_ref(), popup.as_ref()));
            if event.origin() != origin() || !from_popup {
                return;
            }
            let Some(query) = from_js(&event.data()).and_then(|d| parse_sign_in_callback(&d))
            else {
                return;
            };
            let Some(pending) = pending.borrow_mut().take() else {
                return;
            };
            finished.set(true);
            stop();
            let done = done.clone();
            leptos::task::spawn_local(async move {
                done(auth::finish_popup_login(pending, &query).await);
            });
        })
    };
    *listener.borrow_mut() = Some(handle);
    let watch = {
        let (done, finished) = (done.clone(), finished.clone());
        gloo_timers::callback::Interval::new(500, move || {
            if !finished.get() && popup.closed().unwrap_or(true) {
                finished.set(true);
                stop();
                done(Err(
                    "The sign-in window was closed before the sign-in finished.".into(),
                ));
            }
        })
    };
    *interval.borrow_mut() = Some(watch);
}

/// The sign-in screen inside a portal's frame: a button that opens the popup (or, if the
/// deployer chose `signIn: "redirect"`, takes the whole window to the console).
#[component]
pub fn FramedSignIn(message: Option<String>, on_signed_in: Callback<()>) -> impl IntoView {
    let config = auth::config();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let redirect = config.sign_in == SignInMode::Redirect;
    let click = move |_| {
        error.set(None);
        if redirect {
            // Top-level, the console signs in as usual (the provider's page cannot be framed).
            let target = format!("{}{}", auth::config().console_url, browser::hash());
            if let Ok(Some(top)) = browser::window().top() {
                if top.location().set_href(&target).is_ok() {
                    return;
                }
            }
            let _ = browser::window().open_with_url_and_target(&target, "_blank");
            return;
        }
        busy.set(true);
        sign_in_with_popup(move |outcome| {
            busy.set(false);
            match outcome {
                Ok(()) => on_signed_in.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <main class="center">
            <section class="card signin">
                <h1>"MobileID Admin Console"</h1>
                {config.environment_label.map(|e| view! { <p class="env-badge">{e}</p> })}
                {message.map(|m| view! { <p class="banner" role="alert" id="signin-message">{m}</p> })}
                <p>{if redirect {
                    "Sign in with your organisation account. The console opens in this window, outside the portal."
                } else {
                    "Sign in with your organisation account: the sign-in opens in a small window."
                }}</p>
                <p class="banner error" role="alert" id="popup-error" hidden=move || error.with(Option::is_none)>
                    {move || error.get()}
                </p>
                <button type="button" class="primary" id="sign-in" disabled=move || busy.get()
                    on:click=click>
                    {move || if busy.get() { "Signing in…" } else if error.with(Option::is_some) { "Try again" } else { "Sign in" }}
                </button>
            </section>
        </main>
    }
}

// ------------------------------------------------------------------ the host protocol

/// Starts the link with the host when framed. `Err` says why the console refuses to run in
/// this frame (its parent is not one of `parentOrigins`).
pub fn start() -> Result<(), String> {
    let config = auth::config();
    apply_theme(&config.theme);
    if !is_framed() {
        return Ok(());
    }
    let allowed = config.parent_origins.clone();
    let refused = |who: &str| {
        Err(format!(
            "The console may not be embedded {who}. Its deployer lists the portals that may embed \
             it (embedding.parentOrigins in config.json, and frame-ancestors in the server's \
             Content-Security-Policy)."
        ))
    };
    if allowed.is_empty() {
        return refused("in another page");
    }
    // Chromium and Safari name the parent's origin; elsewhere the referrer, or the host's
    // first valid message, does.
    let location = browser::window().location();
    let ancestor = js_sys::Reflect::get(&location, &"ancestorOrigins".into())
        .ok()
        .filter(|l| !l.is_undefined())
        .and_then(|list| js_sys::Reflect::get(&list, &"0".into()).ok())
        .and_then(|o| o.as_string());
    let referrer = browser::window()
        .document()
        .map(|d| d.referrer())
        .and_then(|r| url::Url::parse(&r).ok())
        .map(|u| u.origin().ascii_serialization());
    match ancestor.or(referrer) {
        Some(parent) if allowed.contains(&parent) => {
            PARENT_ORIGIN.with(|p| *p.borrow_mut() = Some(parent))
        }
        Some(parent) if parent != "null" => return refused(&format!("by {parent}")),
        _ => {}
    }
    if let Some(html) = browser::window()
        .document()
        .and_then(|d| d.document_element())
    {
        let _ = html.class_list().add_1("embedded");
    }
    let listener =
        window_event_listener(leptos::ev::message, move |event: web_sys::MessageEvent| {
            on_host_message(&event, &allowed);
        });
    std::mem::forget(listener); // For the page's lifetime.
    observe_height();
    Ok(())
}

fn ignore(reason: &str, origin: &str) {
    let count = IGNORED.with(|i| {
        i.set(i.get() + 1);
        i.get()
    });
    web_sys::console::debug_1(
        &format!("mobileid-console: message {count} ignored ({reason}) from {origin}").into(),
    );
    if let Some(html) = browser::window()
        .document()
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("data-ignored-messages", &count.to_string());
    }
}

fn on_host_message(event: &web_sys::MessageEvent, allowed: &[String]) {
    let sender = event.origin();
    if sender == origin() {
        return; // The sign-in popup's hand-back: see sign_in_with_popup.
    }
    let from_parent = match (event.source(), browser::window().parent()) {
        (Some(source), Ok(Some(parent))) => js_sys::Object::is(source.as_ref(), parent.as_ref()),
        _ => false,
    };
    if !allowed.contains(&sender) || !from_parent {
        return ignore("not from an allowed portal", &sender);
    }
    let known = PARENT_ORIGIN.with(|p| p.borrow().clone());
    match known {
        Some(parent) if parent != sender => return ignore("not from the parent's origin", &sender),
        Some(_) => {}
        None => {
            PARENT_ORIGIN.with(|p| *p.borrow_mut() = Some(sender.clone()));
        }
    }
    let Some(message) = from_js(&event.data()).and_then(|d| parse_host_message(&d)) else {
        return ignore("unknown shape or version", &sender);
    };
    match message {
        HostMessage::Navigate { route } => {
            let _ = browser::window().location().set_hash(&route);
        }
        HostMessage::ChooseAccount { account_id } => {
            crate::state::accounts::choose_account(account_id);
        }
        HostMessage::Theme(tokens) => apply_theme(&tokens),
        HostMessage::Hello => {
            LAST_HEIGHT.with(|h| h.set(0));
            report_height();
            announce_route(None);
            if let Some(unsaved) = LAST_UNSAVED.with(Cell::get) {
                post(&ConsoleMessage::Unsaved { unsaved });
            }
        }
    }
}

/// Sends a message to the host, if there is one and its origin is known.
fn post(message: &ConsoleMessage) {
    let Some(parent_origin) = PARENT_ORIGIN.with(|p| p.borrow().clone()) else {
        return;
    };
    if let Ok(Some(parent)) = browser::window().parent() {
        let _ = parent.post_message(&to_js(&message.to_json()), &parent_origin);
    }
}

/// `mobileid-console:ready`: started; whether a user is signed in.
pub fn announce_ready(signed_in: bool) {
    post(&ConsoleMessage::Ready { signed_in });
    LAST_HEIGHT.with(|h| h.set(0));
    report_height();
}

/// `mobileid-console:route`: the route shown and the title (`None`: the document's).
pub fn announce_route(title: Option<&str>) {
    let title = title.map(str::to_string).unwrap_or_else(|| {
        browser::window()
            .document()
            .map(|d| d.title())
            .unwrap_or_default()
    });
    post(&ConsoleMessage::Route {
        route: browser::hash(),
        title,
    });
}

/// `mobileid-console:unsaved`, when the state changes.
pub fn announce_unsaved(unsaved: bool) {
    if LAST_UNSAVED.with(|l| l.replace(Some(unsaved))) != Some(unsaved) {
        post(&ConsoleMessage::Unsaved { unsaved });
    }
}

fn report_height() {
    let Some(html) = browser::window()
        .document()
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let height = html.get_bounding_client_rect().height().ceil().max(0.0) as u32;
    if LAST_HEIGHT.with(|h| h.replace(height)) != height {
        post(&ConsoleMessage::Height { height });
    }
}

/// `mobileid-console:height` whenever the content's height changes.
fn observe_height() {
    let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new(report_height);
    if let (Ok(observer), Some(html)) = (
        web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()),
        browser::window()
            .document()
            .and_then(|d| d.document_element()),
    ) {
        observer.observe(&html);
    }
    callback.forget(); // For the page's lifetime.
}

// ------------------------------------------------------------------ theme

/// Sets the scheme (`data-scheme` on `<html>`; automatic removes it) and the checked custom
/// properties. Nothing but [`ThemeTokens`] ever reaches the styles.
pub fn apply_theme(tokens: &ThemeTokens) {
    let Some(html) = browser::window()
        .document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    match tokens.scheme {
        Some(Scheme::Auto) => {
            let _ = html.remove_attribute("data-scheme");
        }
        Some(scheme) => {
            let _ = html.set_attribute("data-scheme", scheme.as_str());
        }
        None => {}
    }
    let style = html.style();
    for (name, value) in &tokens.properties {
        let _ = style.set_property(name, value);
    }
}
