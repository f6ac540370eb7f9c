//! Serves the built console (`dist/`) under the base path, with a `config.json` that points
//! the console at this sandbox.

use crate::{AppState, SandboxConfig, DEFAULT_SCOPE};
use axum::extract::Request;
use axum::extract::State;
use axum::http::header;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use mobileid_admin_contract::endpoints::EndpointMap;
use mobileid_admin_contract::Endpoint;
use serde::Serialize;
use std::collections::BTreeMap;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

/// The runtime configuration for a console served by this sandbox: the fields of the
/// console's `config.json` (README, "Deploying the console") that the sandbox sets, with the
/// same names. The browser tests prove the console starts on it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxConsoleConfig {
    pub api_base_url: &'static str,
    /// The provider's identifier must be exact (`http://127.0.0.1:PORT`); a console that knows
    /// OpenID discovery takes the provider's endpoints from it.
    pub issuer: String,
    /// The other URLs are absolute paths, so the same answer works for whichever host name
    /// the browser used.
    pub authorize_url: &'static str,
    pub token_url: &'static str,
    pub client_id: String,
    pub scopes: Vec<&'static str>,
    pub redirect_path: &'static str,
    /// Always `null`: the token decides the account.
    pub account_id: Option<String>,
    pub environment_label: &'static str,
    pub accounts: Vec<KnownAccount>,
    /// `--frame-ancestors`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embedding: Option<Embedding>,
    /// When the sandbox serves moved operations (`--endpoints`): operationId →
    /// `"METHOD path"`, for every operation not where the built-in table puts it.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub endpoints: BTreeMap<String, String>,
}

/// An entry of `config.json`'s `accounts`: an account the console offers by name, and whether
/// promotions to it are confirmed by typing its label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KnownAccount {
    pub id: String,
    pub label: String,
    pub production: bool,
}

/// `config.json`'s `embedding`, as far as the sandbox sets it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Embedding {
    pub parent_origins: Vec<String>,
}

/// The `config.json` of a console served by this sandbox, whose provider is `issuer`.
pub fn console_config(config: &SandboxConfig, issuer: &str) -> SandboxConsoleConfig {
    SandboxConsoleConfig {
        api_base_url: "/api/",
        issuer: issuer.to_string(),
        authorize_url: "/oauth/authorize",
        token_url: "/oauth/token",
        client_id: config.oauth.client_id.clone(),
        scopes: vec!["openid", "profile", DEFAULT_SCOPE],
        redirect_path: "",
        account_id: None,
        environment_label: "Sandbox",
        accounts: known_accounts(),
        embedding: (!config.frame_ancestors.is_empty()).then(|| Embedding {
            parent_origins: config.frame_ancestors.clone(),
        }),
        endpoints: moved_endpoints(&config.endpoints),
    }
}

/// The seeded, onboarded accounts of the organisation (the API cannot list them), the
/// PRODUCTION ones marked.
pub fn known_accounts() -> Vec<KnownAccount> {
    use crate::seed::{
        LEGACY_ACCOUNT_ID, LEGACY_ACCOUNT_NAME, PRODUCTION_COPY_ACCOUNT_ID,
        PRODUCTION_COPY_ACCOUNT_NAME,
    };
    use crate::store::{PRODUCTION_ACCOUNT, SAMPLE_ACCOUNT};
    [
        (SAMPLE_ACCOUNT, "Sample Account", false),
        (
            PRODUCTION_COPY_ACCOUNT_ID,
            PRODUCTION_COPY_ACCOUNT_NAME,
            true,
        ),
        (PRODUCTION_ACCOUNT, "Production Account", true),
        (LEGACY_ACCOUNT_ID, LEGACY_ACCOUNT_NAME, false),
    ]
    .into_iter()
    .map(|(id, label, production)| KnownAccount {
        id: id.into(),
        label: label.into(),
        production,
    })
    .collect()
}

/// The operations `map` moves, as `config.json`'s `endpoints` spells them.
pub fn moved_endpoints(map: &EndpointMap) -> BTreeMap<String, String> {
    Endpoint::ALL
        .iter()
        .filter(|&&e| map.method(e) != e.method() || map.template(e) != e.template())
        .map(|&e| {
            (
                e.operation_id().to_string(),
                format!("{} {}", map.method(e), map.template(e)),
            )
        })
        .collect()
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
        axum::Json(console_config(&state.config, &state.issuer())),
    )
        .into_response()
}

/// Browsers ask for `/favicon.ico` on every origin, also on the login pages.
async fn favicon() -> Response {
    (
        [(header::CONTENT_TYPE, "image/svg+xml")],
        include_str!("../../../public/favicon.svg"),
    )
        .into_response()
}

/// Files whose name carries trunk's content hash (`main-0123456789abcdef.css`) never change:
/// browsers may keep them for a year. Everything else (index.html, config.json) is revalidated.
fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let value = if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(value));
    response
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
    let router = if base == "/" {
        router.fallback_service(files)
    } else {
        router.nest_service(base.trim_end_matches('/'), files)
    };
    // As a CDN would: compressed (brotli or gzip, as the browser accepts) and cached.
    router
        .layer(axum::middleware::from_fn(cache_headers))
        .layer(CompressionLayer::new())
}

#[cfg(test)]
mod tests {
    #[test]
    fn config_json_names_the_moved_operations_only() {
        use super::*;
        let mut config = SandboxConfig::new(0, "unused".into());
        let issuer = "http://127.0.0.1:8080";
        let answer = serde_json::to_value(console_config(&config, issuer)).unwrap();
        assert!(answer.get("endpoints").is_none());
        assert!(answer.get("embedding").is_none());
        assert_eq!(answer["issuer"], issuer);
        assert_eq!(answer["accounts"][1]["production"], true);
        let production: Vec<&str> = answer["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["production"] == true)
            .map(|a| a["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            production,
            [
                crate::seed::PRODUCTION_COPY_ACCOUNT_ID,
                crate::store::PRODUCTION_ACCOUNT
            ]
        );
        assert_eq!(
            answer["accounts"][0],
            serde_json::json!({
                "id": crate::store::SAMPLE_ACCOUNT,
                "label": "Sample Account",
                "production": false
            })
        );
        for field in [
            "apiBaseUrl",
            "authorizeUrl",
            "tokenUrl",
            "clientId",
            "redirectPath",
        ] {
            assert!(answer[field].is_string(), "{field} in {answer}");
        }
        assert_eq!(answer["accountId"], serde_json::Value::Null);
        assert_eq!(
            answer["scopes"],
            serde_json::json!(["openid", "profile", "mobileid-admin"])
        );
        let entries = [
            ("listApnsTokens".to_string(), "GET apns/tokens".to_string()),
            ("getAccount".to_string(), "GET accounts".to_string()),
            ("updateAccount".to_string(), "PUT accounts".to_string()),
        ];
        config.endpoints = EndpointMap::parse(&entries.into_iter().collect()).unwrap();
        assert_eq!(
            serde_json::to_value(console_config(&config, issuer)).unwrap()["endpoints"],
            serde_json::json!({
                "listApnsTokens": "GET apns/tokens",
                "updateAccount": "PUT accounts"
            })
        );
    }

    #[test]
    fn frame_ancestors_reach_config_json() {
        use super::*;
        let mut config = SandboxConfig::new(0, "unused".into());
        config.frame_ancestors = vec!["http://127.0.0.1:9000".into()];
        let answer = console_config(&config, "http://127.0.0.1:8080");
        assert_eq!(
            serde_json::to_value(answer).unwrap()["embedding"],
            serde_json::json!({ "parentOrigins": ["http://127.0.0.1:9000"] })
        );
    }

    #[test]
    fn only_content_hashed_files_are_cached_for_long() {
        use super::is_content_hashed as hashed;
        assert!(hashed("/main-565347f56dff357e.css"));
        assert!(hashed("/admin/mobileid-console-a825889236f44492_bg.wasm"));
        assert!(hashed("/init-605d5a6650b0e2be.js"));
        assert!(!hashed("/index.html"));
        assert!(!hashed("/config.json"));
        assert!(!hashed("/admin/mobileid/"));
    }
}
