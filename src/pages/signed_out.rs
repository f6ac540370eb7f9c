//! The sign-in screen (also shown after sign-out, an expired session or a refused callback).

use crate::{auth, browser};
use leptos::prelude::*;

#[component]
pub fn SignedOut(message: Option<String>) -> impl IntoView {
    let environment = auth::config().environment_label;
    view! {
        <main class="center">
            <section class="card signin">
                <h1>"MobileID Admin Console"</h1>
                {environment.map(|e| view! { <p class="env-badge">{e}</p> })}
                {message.map(|m| view! { <p class="banner" role="alert" id="signin-message">{m}</p> })}
                <p>"Sign in with your organisation account to manage MobileID."</p>
                <button type="button" class="primary" id="sign-in" on:click=move |_| {
                    auth::begin_login(browser::hash());
                }>"Sign in"</button>
            </section>
        </main>
    }
}
