//! The API tests' harness: a sandbox's router, called in-process without a port, the contract's client, and the
//! assertions every resource's tests share.

use crate::common::unique_dir;
use axum::body::Body;
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use mobileid_admin_contract::models::*;
use mobileid_admin_contract::{ApiClient, ApiError, Call, Problem};
use mobileid_sandbox::oauth::DemoUser;
use mobileid_sandbox::store::SAMPLE_ORGANISATION;
use mobileid_sandbox::{
    open_state, router, AppState, SandboxConfig, DEFAULT_CLIENT_ID, DEFAULT_SCOPE,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt::Debug;
use std::path::PathBuf;
use tower::ServiceExt;

/// A machine client of the organisation whose token names no account.
pub const NO_ACCOUNT_USER: &str = "machine-without-account";

pub fn config(dir: PathBuf) -> SandboxConfig {
    let mut config = SandboxConfig::new(0, dir);
    config.oauth.users.push(DemoUser {
        username: NO_ACCOUNT_USER.into(),
        password: "unused".into(),
        display_name: "Machine client without an account".into(),
        organisation_id: SAMPLE_ORGANISATION.into(),
        account_id: None,
    });
    config
}

/// The port the sandbox believes it is served on. Requests go straight to its router
/// (`Router::oneshot`), so nothing listens there; URLs and the Host check use it.
const PORT: u16 = 8080;

/// A sandbox's state and router on a data directory, with the contract's client and a token of
/// the demo admin.
pub struct Harness {
    pub state: AppState,
    app: Router,
    dir: PathBuf,
    pub api: ApiClient,
    pub token: String,
}

impl Harness {
    pub fn start(name: &str) -> Self {
        Self::with(config(unique_dir(name)))
    }

    pub fn with(config: SandboxConfig) -> Self {
        let dir = config.data_dir.clone();
        let state = open_state(config).expect("the sandbox's state opens");
        state.auth.set_port(PORT);
        let app = router(state.clone());
        let mut harness = Harness {
            api: ApiClient::new(&format!("http://127.0.0.1:{PORT}/api/")),
            state,
            app,
            dir,
            token: String::new(),
        };
        harness.token = harness.token_for("admin");
        harness
    }

    /// Where the API is: `http://127.0.0.1:PORT/api/`.
    pub fn api_base(&self) -> String {
        format!("http://127.0.0.1:{PORT}/api/")
    }

    /// Where the console is: `http://127.0.0.1:PORT/` and its base path.
    pub fn url(&self) -> String {
        format!(
            "http://127.0.0.1:{PORT}{}",
            self.state.config.normalized_base_path()
        )
    }

    pub fn token_for(&self, username: &str) -> String {
        let user = self
            .state
            .config
            .oauth
            .users
            .iter()
            .find(|u| u.username == username)
            .expect("a configured user");
        self.state
            .auth
            .issue_access_token(user, DEFAULT_CLIENT_ID, DEFAULT_SCOPE)
    }

    /// Hands a request to the sandbox's router, as a server would, and the answer back as an
    /// `http::Response`.
    pub async fn exchange(&self, request: &http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
        let mut forwarded = http::Request::builder()
            .method(request.method().clone())
            .uri(request.uri().clone());
        if let Some(headers) = forwarded.headers_mut() {
            headers.extend(request.headers().clone());
        }
        let forwarded = forwarded
            .body(Body::from(request.body().clone()))
            .expect("a request");
        let response = self
            .app
            .clone()
            .oneshot(forwarded)
            .await
            .expect("the router answers");
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX)
            .await
            .expect("a body");
        http::Response::from_parts(parts, body.to_vec())
    }

    pub async fn call_as<T: DeserializeOwned>(
        &self,
        call: Call<T>,
        token: Option<&str>,
    ) -> Result<T, ApiError> {
        let call = match token {
            Some(token) => call.authorized(token),
            None => call,
        };
        let response = self.exchange(&call.request).await;
        call.parse(response)
    }

    /// As the demo admin.
    pub async fn call<T: DeserializeOwned>(&self, call: Call<T>) -> Result<T, ApiError> {
        self.call_as(call, Some(&self.token.clone())).await
    }

    /// As the demo admin, expecting success.
    pub async fn ok<T: DeserializeOwned>(&self, call: Call<T>) -> T {
        let endpoint = call.endpoint;
        self.call(call)
            .await
            .unwrap_or_else(|e| panic!("{} failed: {e:?}", endpoint.operation_id()))
    }

    /// The raw answer (status, headers, body) to a call as the demo admin.
    pub async fn raw<T: DeserializeOwned>(&self, call: Call<T>) -> http::Response<Vec<u8>> {
        let call = call.authorized(&self.token);
        self.exchange(&call.request).await
    }

    pub fn audit(&self, operation: &str) -> Vec<Value> {
        self.state.store.audit(operation).expect("audit")
    }

    /// Drops the state and the router (closing the store) and answers the data directory.
    pub fn stop(self) -> PathBuf {
        self.dir
    }

    pub fn finish(self) {
        let dir = self.stop();
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// The same call with another query string.
pub fn with_query<T>(mut call: Call<T>, query: &str) -> Call<T> {
    let uri = call.request.uri().to_string();
    let base = uri.split('?').next().unwrap_or_default().to_string();
    *call.request.uri_mut() = format!("{base}?{query}").parse().expect("a URI");
    call
}

/// The same call with another body.
pub fn with_body<T>(mut call: Call<T>, body: &str) -> Call<T> {
    *call.request.body_mut() = body.as_bytes().to_vec();
    call
}

pub fn problem<T: Debug>(result: Result<T, ApiError>) -> Problem {
    match result {
        Err(ApiError::Problem(p)) => p,
        other => panic!("expected a problem, got {other:?}"),
    }
}

#[track_caller]
pub fn assert_status<T: Debug>(result: Result<T, ApiError>, status: u16, code: &str) {
    let p = problem(result);
    assert_eq!((p.status, p.code.as_deref()), (status, Some(code)), "{p:?}");
    assert!(p.trace_id.is_some(), "{p:?}");
}

#[track_caller]
pub fn assert_invalid<T: Debug>(result: Result<T, ApiError>, name: &str) {
    let p = problem(result);
    assert_eq!(p.status, 400, "{p:?}");
    assert!(
        p.invalid_params.iter().any(|i| i.name == name),
        "expected invalidParams naming {name}: {p:?}"
    );
}

pub fn colon_hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

pub fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).expect("PEM body is Base64")
}

pub fn p8_base64() -> String {
    let key = mobileid_sandbox::crypto::random_p256(&mut rand::rng());
    STANDARD.encode(mobileid_sandbox::crypto::pkcs8_pem(&key))
}

pub fn new_token(name: &str, key: &str) -> NewApnsToken {
    NewApnsToken {
        name: name.into(),
        description: "added by the test".into(),
        private_key: key.into(),
        key_id: "AB12CD34EF".into(),
        team_id: "EDFG5678GH".into(),
    }
}
