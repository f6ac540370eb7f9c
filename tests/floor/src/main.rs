//! The benchmark's floor (scripts/bench.sh): a Leptos CSR page that renders a sign-in screen
//! whose link is an OAuth 2.0 authorization request with PKCE S256 built by the `oauth2` crate,
//! then sets a performance mark like the console's `mobileid-console-ready`. Its bytes and time
//! to interactive are what the console's are compared with.

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    use oauth2::{AuthUrl, ClientId, CsrfToken, PkceCodeChallenge, RedirectUrl};

    let authorize_url = move || {
        let here = window().location().href().unwrap_or_default();
        let client = oauth2::basic::BasicClient::new(ClientId::new("floor".into()))
            .set_auth_uri(AuthUrl::new(format!("{here}oauth/authorize")).expect("a URL"))
            .set_redirect_uri(RedirectUrl::new(here).expect("a URL"));
        let (challenge, _verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, _state) = client
            .authorize_url(CsrfToken::new_random)
            .set_pkce_challenge(challenge)
            .url();
        url.to_string()
    };
    let (signed_in, _) = signal(false);
    leptos::mount::mount_to_body(move || {
        view! {
            <main>
                <h1>"Floor"</h1>
                <Show when=move || !signed_in.get()>
                    <a id="sign-in" href=authorize_url()>"Sign in"</a>
                </Show>
            </main>
        }
    });
    request_animation_frame(|| {
        if let Some(performance) = window().performance() {
            let _ = performance.mark("floor-ready");
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("mobileid-floor is a wasm32 page: scripts/bench.sh builds it with trunk");
}
