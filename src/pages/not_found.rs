use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Page not found"</h1>
            <p>"There is no such screen. " <a href="#/account">"Go to the account"</a></p>
        </section>
    }
}
