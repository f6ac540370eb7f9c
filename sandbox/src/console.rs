//! Serves the built console (`dist/`) under the base path, with a `config.json` that points
//! the console at this sandbox.

use crate::{AppState, SandboxConfig, DEFAULT_SCOPE};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// The runtime configuration for a console served by this sandbox. URLs are absolute paths,
/// so the same answer works for whichever host name the browser used.
pub fn console_config(config: &SandboxConfig) -> serde_json::Value {
    serde_json::json!({
        "apiBaseUrl": "/api/",
        "authorizeUrl": "/oauth/authorize",
        "tokenUrl": "/oauth/token",
        "clientId": config.oauth.client_id,
        "scopes": [DEFAULT_SCOPE],
        "redirectPath": "",
        "accountId": null,
        "environmentLabel": "Sandbox"
    })
}

async fn config_json(State(state): State<AppState>) -> Response {
    if let Some(text) = &state.config.console_config_override {
        return (
            [
                (header::CACHE_CONTROL, "no-store"),
                (header::CONTENT_TYPE, "application/json"),
            ],
            text.clone(),
        )
            .into_response();
    }
    (
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(console_config(&state.config)),
    )
        .into_response()
}

/// Browsers ask for `/favicon.ico` on every origin, also on the login pages.
async fn favicon() -> Response {
    (
        [(header::CONTENT_TYPE, "image/svg+xml")],
        include_str!("../../public/favicon.svg"),
    )
        .into_response()
}

pub fn routes(config: &SandboxConfig) -> Router<AppState> {
    let base = config.normalized_base_path();
    let mut router = Router::new()
        .route(&format!("{base}config.json"), get(config_json))
        .route("/favicon.ico", get(favicon));
    if base != "/" {
        let target = base.clone();
        router = router.route("/", get(move || async move { Redirect::to(&target) }));
    }
    let Some(dist) = &config.dist_dir else {
        return router;
    };
    let index = dist.join("index.html");
    let files = ServeDir::new(dist).fallback(ServeFile::new(index));
    if base == "/" {
        router.fallback_service(files)
    } else {
        router.nest_service(base.trim_end_matches('/'), files)
    }
}
