//! The MobileID sandbox: a local, stateful emulator of the Signicat MobileID Admin API, an
//! OAuth 2.0 authorization server with PKCE, and a static server for the built console.
//!
//! It binds to loopback only. Tests start it in-process with [`start`] on port 0.

pub mod api;
pub mod console;
pub mod crypto;
pub mod oauth;
pub mod openapi_endpoints;
pub mod problem;
pub mod seed;
pub mod store;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use mobileid_admin_contract::endpoints::EndpointMap;
use oauth::{AuthServer, DemoUser, OAuthSettings, TrustedIssuer};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use store::Store;
use tower_http::cors::{Any, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

pub const DEFAULT_CLIENT_ID: &str = "mobileid-console";
pub const DEFAULT_SCOPE: &str = "mobileid-admin";
/// The audience an external provider's access token must name (`--trust-audience`).
pub const DEFAULT_TRUST_AUDIENCE: &str = "mobileid-admin";

/// How to run a sandbox.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Always a loopback address.
    pub port: u16,
    pub data_dir: PathBuf,
    /// The built console (`dist/`); `None` serves only the API and the login.
    pub dist_dir: Option<PathBuf>,
    /// Where the console is mounted, e.g. `/` or `/admin/mobileid/`.
    pub base_path: String,
    pub oauth: OAuthSettings,
    /// Serve this text as the console's `config.json` instead of the generated one (tests of
    /// a broken deployment).
    pub console_config_override: Option<String>,
    /// "List signing certificates" answers a wrong `sha256Fingerprint` (first byte flipped) for
    /// the account's first certificate, so a test can show the console catching the mismatch.
    pub wrong_certificate_fingerprint: bool,
    /// Server-side rules the console cannot know (e.g. "bundle id not registered with Apple"):
    /// an update of property `.0` is refused with `invalidParams` reason `.1`.
    pub property_rejections: Vec<(String, String)>,
    /// Test hook: the API answers 401 to every token, as an API does whose audience or scopes
    /// the sign-in does not match.
    pub api_refuses_tokens: bool,
    /// Random failures and latency on the API (`--faults RATE`); `None` (the default) is off.
    pub faults: Option<FaultConfig>,
    /// Where each operation is served (`--endpoints FILE`): the contract's built-in table by
    /// default. The console's `config.json` carries the same map when it is not the default.
    /// [`api::check_routes`] says whether a map can be served.
    pub endpoints: EndpointMap,
    /// Access tokens of this external OpenID provider are accepted as the demo admin
    /// (`--trust-issuer URL`): its `iss`, exactly. Needs [`SandboxConfig::trust_jwks`].
    pub trust_issuer: Option<String>,
    /// The provider's public keys (`--trust-jwks FILE`): a JWKS with EC P-256 (ES256) and/or
    /// RSA (RS256) keys, re-read when a token names a key it does not hold.
    pub trust_jwks: Option<PathBuf>,
    /// The `aud` the provider's tokens must contain (`--trust-audience`); `None` is
    /// [`DEFAULT_TRUST_AUDIENCE`].
    pub trust_audience: Option<String>,
    /// The portal origins that may frame the console (`--frame-ancestors`): the console's
    /// files get `frame-ancestors` with these (empty: `'none'`), and its `config.json` lists
    /// them as `embedding.parentOrigins`. The API and the sign-in pages keep `'none'`.
    pub frame_ancestors: Vec<String>,
    /// The date statistics count back from (`nrOfDays`, and the defaults of a date range);
    /// `None` (the default) is the UTC date of the wall clock at each request. Tests freeze it
    /// so their expected periods cannot move under them at midnight. A library field only.
    pub today: Option<time::Date>,
}

/// Fault injection on the `/api` routes: see [`api::faults`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FaultConfig {
    /// The probability (0 to 1) that a request fails with a 503 or a 429 (`Retry-After: 1`).
    pub rate: f64,
    /// Requests that do not fail are delayed by a random 0 to `latency_ms` milliseconds.
    pub latency_ms: u64,
}

impl SandboxConfig {
    pub fn new(port: u16, data_dir: PathBuf) -> Self {
        SandboxConfig {
            port,
            data_dir,
            dist_dir: None,
            base_path: "/".into(),
            console_config_override: None,
            api_refuses_tokens: false,
            wrong_certificate_fingerprint: false,
            property_rejections: Vec::new(),
            faults: None,
            endpoints: EndpointMap::default(),
            trust_issuer: None,
            trust_jwks: None,
            trust_audience: None,
            frame_ancestors: Vec::new(),
            today: None,
            oauth: OAuthSettings {
                client_id: DEFAULT_CLIENT_ID.into(),
                users: vec![DemoUser {
                    username: "admin".into(),
                    password: "mobileid".into(),
                    display_name: "Demo Admin".into(),
                    organisation_id: store::SAMPLE_ORGANISATION.into(),
                    account_id: Some(store::SAMPLE_ACCOUNT.into()),
                }],
                access_token_ttl: Duration::from_secs(300),
                refresh_token_ttl: Duration::from_secs(8 * 3600),
                session_ttl: Duration::from_secs(8 * 3600),
                extra_redirect_uris: Vec::new(),
            },
        }
    }

    /// `/admin/mobileid` → `/admin/mobileid/`.
    pub fn normalized_base_path(&self) -> String {
        let trimmed = self.base_path.trim_matches('/');
        if trimmed.is_empty() {
            "/".into()
        } else {
            format!("/{trimmed}/")
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    pub auth: Arc<AuthServer>,
    pub config: Arc<SandboxConfig>,
    /// Faults to answer the next API requests with, in order, and (when switched on) a log of
    /// the API requests: resilience tests script them, where `--faults` is random.
    pub scripted_faults: Arc<std::sync::Mutex<FaultScript>>,
}

/// A fault a test scripts: the status (429 or 503) and the `Retry-After` it carries, in
/// seconds (none: no header).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScriptedFault {
    pub status: u16,
    pub retry_after_secs: Option<u32>,
    /// Only a request with this method gets the fault (others pass it by); `None`: the next
    /// request, whatever it is.
    pub method: Option<&'static str>,
}

impl ScriptedFault {
    /// 429 "Too many requests" with `Retry-After: secs`.
    pub fn too_many(secs: u32) -> ScriptedFault {
        ScriptedFault {
            status: 429,
            retry_after_secs: Some(secs),
            method: None,
        }
    }

    /// The same fault, kept for the next request with `method` (e.g. the save's `PATCH`,
    /// whatever reads the page makes meanwhile).
    pub fn on(self, method: &'static str) -> ScriptedFault {
        ScriptedFault {
            method: Some(method),
            ..self
        }
    }

    /// 503 "Service unavailable", without `Retry-After`.
    pub fn unavailable() -> ScriptedFault {
        ScriptedFault {
            status: 503,
            retry_after_secs: None,
            method: None,
        }
    }
}

/// An API request the fault layer saw: when it arrived, what it asked and how it was answered.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub at: std::time::Instant,
    pub method: String,
    /// The path and query, as sent.
    pub uri: String,
    pub status: u16,
}

/// The faults to answer the next API requests with and the log of API requests (`None`, the
/// default, records nothing; a test switches it on with `Some(Vec::new())`).
#[derive(Debug, Default)]
pub struct FaultScript {
    pub faults: std::collections::VecDeque<ScriptedFault>,
    pub requests: Option<Vec<RecordedRequest>>,
}

impl AppState {
    /// The API requests logged since a test switched the log on (empty while it is off).
    pub fn logged_requests(&self) -> Vec<RecordedRequest> {
        let script = self.scripted_faults.lock().unwrap();
        script.requests.clone().unwrap_or_default()
    }

    /// `http://127.0.0.1:PORT`, from the bound address: see [`AuthServer::issuer`].
    pub fn issuer(&self) -> String {
        self.auth.issuer()
    }

    /// The redirect URIs (and post-logout redirect URIs) registered for the console: its own
    /// URL on 127.0.0.1 and localhost at the bound port, with or without `index.html`, and
    /// every `--redirect-uri`. Never derived from a request's Host header.
    pub fn registered_redirect_uris(&self) -> Vec<String> {
        let port = self.auth.port();
        let base = self.config.normalized_base_path();
        let mut uris: Vec<String> = ["127.0.0.1", "localhost"]
            .iter()
            .flat_map(|host| {
                let own = format!("http://{host}:{port}{base}");
                [format!("{own}index.html"), own]
            })
            .collect();
        uris.extend(self.config.oauth.extra_redirect_uris.iter().cloned());
        uris
    }

    /// Exact match against [`AppState::registered_redirect_uris`].
    pub fn redirect_uri_allowed(&self, redirect_uri: &str) -> bool {
        self.registered_redirect_uris()
            .iter()
            .any(|u| u == redirect_uri)
    }

    /// Whether a request's Host names this sandbox (`127.0.0.1:PORT` or `localhost:PORT`): a
    /// page of another site whose name was rebound to 127.0.0.1 (DNS rebinding) sends its own.
    pub fn host_allowed(&self, host: &str) -> bool {
        let port = self.auth.port();
        let host = host.to_ascii_lowercase();
        let (name, host_port) = match host.rsplit_once(':') {
            Some((name, p)) => (name, p.parse::<u16>().ok()),
            None => (host.as_str(), Some(80)),
        };
        (name == "127.0.0.1" || name == "localhost") && host_port == Some(port)
    }
}

/// A running sandbox.
pub struct Sandbox {
    pub addr: SocketAddr,
    pub state: AppState,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Sandbox {
    pub fn url(&self) -> String {
        format!(
            "http://{}{}",
            self.addr,
            self.state.config.normalized_base_path()
        )
    }

    pub fn api_base(&self) -> String {
        format!("http://{}/api/", self.addr)
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

/// Opens the store (seeding it on first start) and the authorization server.
pub fn open_state(config: SandboxConfig) -> std::io::Result<AppState> {
    let to_io = |e: rusqlite::Error| std::io::Error::other(e.to_string());
    let store = Arc::new(Store::open(&config.data_dir).map_err(to_io)?);
    seed::seed_if_empty(&store).map_err(to_io)?;
    // The signing key is kept, so tokens stay valid across a restart.
    let key = match store.meta("jwt_key").map_err(to_io)? {
        Some(k) => k,
        None => {
            let k: [u8; 32] = rand::random();
            let k: String = k.iter().map(|b| format!("{b:02x}")).collect();
            store.set_meta("jwt_key", &k).map_err(to_io)?;
            k
        }
    };
    // The ID tokens' ES256 key, kept too.
    let id_token_key = match store
        .meta("id_token_key")
        .map_err(to_io)?
        .and_then(|hex| decode_hex(&hex))
        .and_then(|bytes| p256::SecretKey::from_slice(&bytes).ok())
    {
        Some(k) => k,
        None => {
            let k = crypto::random_p256(&mut rand::rng());
            let hex: String = k.to_bytes().iter().map(|b| format!("{b:02x}")).collect();
            store.set_meta("id_token_key", &hex).map_err(to_io)?;
            k
        }
    };
    let trusted = match (&config.trust_issuer, &config.trust_jwks) {
        (None, None) => None,
        (Some(issuer), Some(file)) => Some(
            TrustedIssuer::from_file(
                issuer.clone(),
                config
                    .trust_audience
                    .clone()
                    .unwrap_or_else(|| DEFAULT_TRUST_AUDIENCE.into()),
                file.clone(),
            )
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?,
        ),
        _ => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "--trust-issuer and --trust-jwks go together",
            ))
        }
    };
    let auth = AuthServer::new(
        store.clone(),
        key.into_bytes(),
        &id_token_key,
        config.oauth.clone(),
        trusted,
    );
    auth.set_port(config.port);
    Ok(AppState {
        store,
        auth: Arc::new(auth),
        config: Arc::new(config),
        scripted_faults: Arc::default(),
    })
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Reads an `endpoints` file: a JSON object `{"operationId": "METHOD path"}` (the shape of the
/// console's `config.json` `endpoints`, and what `endpoints-from-openapi` prints), checked by
/// [`EndpointMap::parse`] and [`api::check_routes`].
pub fn load_endpoints(path: &std::path::Path) -> Result<EndpointMap, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_endpoints(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// [`load_endpoints`] of a text.
pub fn parse_endpoints(text: &str) -> Result<EndpointMap, String> {
    let entries: std::collections::BTreeMap<String, String> =
        serde_json::from_str(text).map_err(|e| {
            format!("must be a JSON object of \"operationId\": \"METHOD path\" strings ({e})")
        })?;
    let map = EndpointMap::parse(&entries).map_err(|e| e.to_string())?;
    api::check_routes(&map)?;
    Ok(map)
}

/// An access token of the first demo user, valid for a sandbox on the same data directory
/// (for API tools such as Schemathesis or curl).
pub fn demo_access_token(config: SandboxConfig) -> std::io::Result<String> {
    let state = open_state(config)?;
    let user = state.config.oauth.users[0].clone();
    Ok(state
        .auth
        .issue_access_token(&user, &state.config.oauth.client_id, DEFAULT_SCOPE))
}

/// Opens the state, binds 127.0.0.1:`port` and serves.
pub async fn start(config: SandboxConfig) -> std::io::Result<Sandbox> {
    let state = open_state(config)?;
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        state.config.port,
    ))
    .await?;
    let addr = listener.local_addr()?;
    state.auth.set_port(addr.port());
    let app = router(state.clone());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
    });
    Ok(Sandbox {
        addr,
        state,
        shutdown: Some(tx),
        task: Some(task),
    })
}

/// The strict policy the console runs under: no inline script or style, wasm allowed.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// [`CONTENT_SECURITY_POLICY`] with the identity providers the console talks to (discovery,
/// token, revocation) added to `connect-src`: this sandbox's issuer (the console may be opened
/// on `localhost`) and the external provider of `--trust-issuer`.
pub fn content_security_policy(state: &AppState) -> String {
    let mut sources = vec![state.issuer()];
    if let Some(origin) = state
        .config
        .trust_issuer
        .as_deref()
        .and_then(|i| url::Url::parse(i).ok())
        .map(|u| u.origin())
        .filter(url::Origin::is_tuple)
    {
        sources.push(origin.ascii_serialization());
    }
    CONTENT_SECURITY_POLICY.replace(
        "connect-src 'self'",
        &format!("connect-src 'self' {}", sources.join(" ")),
    )
}

/// [`content_security_policy`] for the console's own files: `frame-ancestors` lists the portal
/// origins of `--frame-ancestors` (`'none'` without any). Nothing else changes.
pub fn console_content_security_policy(state: &AppState) -> String {
    let policy = content_security_policy(state);
    if state.config.frame_ancestors.is_empty() {
        return policy;
    }
    policy.replace(
        "frame-ancestors 'none'",
        &format!("frame-ancestors {}", state.config.frame_ancestors.join(" ")),
    )
}

/// Refuses requests whose Host is not this sandbox (421): see [`AppState::host_allowed`].
async fn check_host(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.to_string()));
    match host {
        Some(host) if state.host_allowed(&host) => next.run(request).await,
        _ => (
            StatusCode::MISDIRECTED_REQUEST,
            [(header::CACHE_CONTROL, "no-store")],
            "This server answers only at 127.0.0.1 or localhost on its own port.",
        )
            .into_response(),
    }
}

pub fn router(state: AppState) -> Router {
    // The API and the provider's endpoints for public clients (discovery, keys, token,
    // revocation) are called from wherever the console is hosted, with bearer tokens or
    // nothing and no cookies: any origin may call them, as real providers allow.
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods(Any)
        .allow_headers(Any)
        .expose_headers(Any);
    // Random (`--faults`) and scripted faults; without either, the layer passes requests on.
    let api = api::router(&state.config.endpoints).layer(axum::middleware::from_fn_with_state(
        state.clone(),
        api::faults,
    ));
    // CORS outside the faults, so that an injected failure is readable by the console.
    let api = api.layer(cors.clone());
    let oauth = Router::new()
        .route(
            "/authorize",
            get(oauth::authorize_page).post(oauth::authorize_submit),
        )
        .route("/token", post(oauth::token).layer(cors.clone()))
        .route("/revoke", post(oauth::revoke).layer(cors.clone()))
        .route("/jwks", get(oauth::jwks).layer(cors.clone()))
        .route("/logout", get(oauth::logout).post(oauth::logout_post))
        .route("/login.css", get(oauth::login_css));
    let well_known = Router::new()
        .route("/openid-configuration", get(oauth::discovery))
        .route("/oauth-authorization-server", get(oauth::discovery))
        .layer(cors);
    let csp = HeaderValue::from_str(&content_security_policy(&state))
        .unwrap_or(HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    let console_csp = HeaderValue::from_str(&console_content_security_policy(&state))
        .unwrap_or(HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    Router::new()
        .nest("/api", api)
        .nest("/oauth", oauth)
        .nest("/.well-known", well_known)
        .merge(
            console::routes(&state.config).layer(SetResponseHeaderLayer::overriding(
                header::CONTENT_SECURITY_POLICY,
                console_csp,
            )),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            check_host,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .with_state(state)
}
