//! A small OAuth 2.0 authorization server: authorization code grant with PKCE (S256 only) for
//! public clients, refresh tokens (rotated on use), and HS256-signed JWT access tokens whose
//! claims carry the user's organisation and default account, like Signicat's tokens do.

use crate::problem::ApiProblem;
use crate::AppState;
use axum::extract::{Form, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use mobileid_admin_contract::login::{constant_time_eq, s256_challenge};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A person who can sign in to the sandbox.
#[derive(Clone, Debug)]
pub struct DemoUser {
    pub username: String,
    pub password: String,
    pub display_name: String,
    pub organisation_id: String,
    /// The account the token names by default (the console can choose another).
    pub account_id: Option<String>,
}

#[derive(Clone, Debug)]
pub struct OAuthSettings {
    pub client_id: String,
    pub users: Vec<DemoUser>,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    /// Redirect URIs accepted besides the sandbox's own console URL.
    pub extra_redirect_uris: Vec<String>,
}

struct PendingCode {
    client_id: String,
    redirect_uri: String,
    code_challenge: String,
    username: String,
    scope: String,
    expires: u64,
}

pub struct AuthServer {
    key: Vec<u8>,
    codes: Mutex<HashMap<String, PendingCode>>,
    pub settings: OAuthSettings,
    /// Tokens of an older generation are refused: [`AuthServer::revoke_all_access_tokens`].
    generation: AtomicU64,
    /// How many tokens each grant issued (tests check that a refresh happened).
    pub code_grants: AtomicU64,
    pub refresh_grants: AtomicU64,
}

/// What an access token says.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub sub: String,
    pub name: String,
    pub client_id: String,
    pub scope: String,
    pub organisation_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signicat_accountid: Option<String>,
    pub iat: u64,
    pub exp: u64,
    pub jti: String,
    #[serde(default)]
    pub generation: u64,
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn random_token(bytes: usize) -> String {
    let data: Vec<u8> = (0..bytes).map(|_| rand::random::<u8>()).collect();
    URL_SAFE_NO_PAD.encode(data)
}

impl AuthServer {
    pub fn new(key: Vec<u8>, settings: OAuthSettings) -> Self {
        AuthServer {
            key,
            codes: Mutex::new(HashMap::new()),
            settings,
            generation: AtomicU64::new(0),
            code_grants: AtomicU64::new(0),
            refresh_grants: AtomicU64::new(0),
        }
    }

    /// Makes every access token issued so far invalid (as if the server's sessions ended).
    pub fn revoke_all_access_tokens(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    fn user(&self, username: &str) -> Option<&DemoUser> {
        self.settings.users.iter().find(|u| u.username == username)
    }

    fn sign(&self, data: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        mac.update(data.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    pub fn issue_access_token(&self, user: &DemoUser, client_id: &str, scope: &str) -> String {
        let now = unix_now();
        let claims = Claims {
            iss: "mobileid-sandbox".into(),
            sub: user.username.clone(),
            name: user.display_name.clone(),
            client_id: client_id.into(),
            scope: scope.into(),
            organisation_id: user.organisation_id.clone(),
            signicat_accountid: user.account_id.clone(),
            iat: now,
            exp: now + self.settings.access_token_ttl.as_secs().max(1),
            jti: random_token(9),
            generation: self.generation.load(Ordering::SeqCst),
        };
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).expect("claims"));
        let signed = format!("{header}.{payload}");
        let signature = self.sign(&signed);
        format!("{signed}.{signature}")
    }

    /// Checks signature and expiry of a bearer token.
    pub fn verify(&self, token: &str) -> Result<Claims, &'static str> {
        let mut parts = token.rsplitn(2, '.');
        let signature = parts.next().ok_or("malformed token")?;
        let signed = parts.next().ok_or("malformed token")?;
        let expected = self.sign(signed);
        // Compared in constant time: a timing leak would let a caller forge signatures.
        if !constant_time_eq(expected.as_bytes(), signature.as_bytes()) {
            return Err("invalid token signature");
        }
        let payload = signed.split('.').nth(1).ok_or("malformed token")?;
        let bytes = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| "malformed token")?;
        let claims: Claims = serde_json::from_slice(&bytes).map_err(|_| "malformed token")?;
        if claims.generation != self.generation.load(Ordering::SeqCst) {
            return Err("the access token has been revoked");
        }
        if claims.exp <= unix_now() {
            return Err("the access token has expired");
        }
        Ok(claims)
    }
}

// ---------------------------------------------------------------- /authorize

#[derive(Clone, Debug, Default, Deserialize)]
pub struct AuthorizeParams {
    #[serde(default)]
    response_type: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    redirect_uri: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    code_challenge: String,
    #[serde(default)]
    code_challenge_method: String,
    // Only in the form post.
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign-in error</title>\
         <link rel=\"stylesheet\" href=\"login.css\"></head><body><main class=\"card\">\
         <h1>Sign-in error</h1><p role=\"alert\" id=\"error\">{}</p></main></body></html>",
        escape(message)
    );
    (status, Html(body)).into_response()
}

fn redirect_with(redirect_uri: &str, pairs: &[(&str, &str)]) -> Response {
    let mut url = match url::Url::parse(redirect_uri) {
        Ok(u) => u,
        Err(_) => return error_page(StatusCode::BAD_REQUEST, "The redirect_uri is not a URL."),
    };
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in pairs {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
    }
    Redirect::to(url.as_str()).into_response()
}

/// Validates what must be right before anything is redirected back (RFC 6749 §4.1.2.1):
/// with a wrong client or redirect URI, the user sees an error and is not sent anywhere.
// The error is the page to answer with; its size does not matter on this path.
#[allow(clippy::result_large_err)]
fn check_client(
    state: &AppState,
    headers: &HeaderMap,
    p: &AuthorizeParams,
) -> Result<(), Response> {
    if p.client_id != state.auth.settings.client_id {
        return Err(error_page(StatusCode::BAD_REQUEST, "Unknown client_id."));
    }
    if !state.redirect_uri_allowed(headers, &p.redirect_uri) {
        return Err(error_page(
            StatusCode::BAD_REQUEST,
            "The redirect_uri is not registered for this client.",
        ));
    }
    Ok(())
}

/// Errors that are reported to the client through the redirect.
#[allow(clippy::result_large_err)]
fn check_request(p: &AuthorizeParams) -> Result<(), Response> {
    if p.response_type != "code" {
        return Err(redirect_with(
            &p.redirect_uri,
            &[("error", "unsupported_response_type"), ("state", &p.state)],
        ));
    }
    if p.code_challenge_method != "S256" || p.code_challenge.len() < 43 {
        return Err(redirect_with(
            &p.redirect_uri,
            &[
                ("error", "invalid_request"),
                (
                    "error_description",
                    "PKCE with code_challenge_method=S256 is required",
                ),
                ("state", &p.state),
            ],
        ));
    }
    Ok(())
}

fn login_form(p: &AuthorizeParams, error: Option<&str>) -> Response {
    let hidden = [
        ("response_type", &p.response_type),
        ("client_id", &p.client_id),
        ("redirect_uri", &p.redirect_uri),
        ("scope", &p.scope),
        ("state", &p.state),
        ("code_challenge", &p.code_challenge),
        ("code_challenge_method", &p.code_challenge_method),
    ]
    .iter()
    .map(|(k, v)| {
        format!(
            "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
            escape(v)
        )
    })
    .collect::<String>();
    let error = error
        .map(|e| {
            format!(
                "<p class=\"error\" role=\"alert\" id=\"login-error\">{}</p>",
                escape(e)
            )
        })
        .unwrap_or_default();
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Sign in — MobileID sandbox</title><link rel=\"stylesheet\" href=\"login.css\"></head>\
         <body><main class=\"card\"><h1>Sign in</h1>\
         <p class=\"muted\">MobileID sandbox authorization server. This is not Signicat.</p>{error}\
         <form method=\"post\" action=\"authorize\">{hidden}\
         <label for=\"username\">Username</label>\
         <input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus value=\"{}\">\
         <label for=\"password\">Password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\
         <button type=\"submit\" id=\"sign-in\">Sign in</button></form></main></body></html>",
        escape(&p.username)
    );
    let status = if error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    };
    (status, Html(body)).into_response()
}

pub async fn authorize_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<AuthorizeParams>,
) -> Response {
    if let Err(r) = check_client(&state, &headers, &p) {
        return r;
    }
    if let Err(r) = check_request(&p) {
        return r;
    }
    login_form(&p, None)
}

pub async fn authorize_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(p): Form<AuthorizeParams>,
) -> Response {
    if let Err(r) = check_client(&state, &headers, &p) {
        return r;
    }
    if let Err(r) = check_request(&p) {
        return r;
    }
    let auth = &state.auth;
    let ok = auth
        .user(&p.username)
        .is_some_and(|u| u.password == p.password);
    if !ok {
        return login_form(&p, Some("Wrong username or password."));
    }
    let code = random_token(32);
    auth.codes.lock().unwrap_or_else(|e| e.into_inner()).insert(
        code.clone(),
        PendingCode {
            client_id: p.client_id.clone(),
            redirect_uri: p.redirect_uri.clone(),
            code_challenge: p.code_challenge.clone(),
            username: p.username.clone(),
            scope: p.scope.clone(),
            expires: unix_now() + 120,
        },
    );
    redirect_with(&p.redirect_uri, &[("code", &code), ("state", &p.state)])
}

pub async fn login_css() -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/css"))],
        include_str!("login.css"),
    )
        .into_response()
}

// ---------------------------------------------------------------- /token

#[derive(Debug, Default, Deserialize)]
pub struct TokenParams {
    #[serde(default)]
    grant_type: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    redirect_uri: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    code_verifier: String,
    #[serde(default)]
    refresh_token: String,
    #[serde(default)]
    client_secret: String,
}

#[derive(Serialize)]
struct TokenResponse {
    access_token: String,
    token_type: &'static str,
    expires_in: u64,
    refresh_token: String,
    scope: String,
}

/// RFC 6749 §5.2 error answer.
fn token_error(code: &str, description: &str) -> Response {
    let status = if code == "invalid_client" {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::BAD_REQUEST
    };
    let body = serde_json::json!({ "error": code, "error_description": description });
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

pub async fn token(State(state): State<AppState>, Form(p): Form<TokenParams>) -> Response {
    let auth = &state.auth;
    if p.client_id != auth.settings.client_id {
        return token_error("invalid_client", "Unknown client_id.");
    }
    if !p.client_secret.is_empty() {
        // A public client has no secret; one sent from a browser is a leak, not a credential.
        return token_error(
            "invalid_client",
            "This is a public client: no client_secret.",
        );
    }
    let (username, scope) = match p.grant_type.as_str() {
        "authorization_code" => {
            // Removed before any check: a code is single-use even when the exchange fails.
            let pending = auth
                .codes
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&p.code);
            let Some(pending) = pending else {
                return token_error(
                    "invalid_grant",
                    "The authorization code is unknown or was already used.",
                );
            };
            if pending.expires < unix_now() {
                return token_error("invalid_grant", "The authorization code has expired.");
            }
            if pending.client_id != p.client_id || pending.redirect_uri != p.redirect_uri {
                return token_error(
                    "invalid_grant",
                    "client_id or redirect_uri does not match the authorization request.",
                );
            }
            if p.code_verifier.len() < 43
                || s256_challenge(&p.code_verifier) != pending.code_challenge
            {
                return token_error(
                    "invalid_grant",
                    "The PKCE code_verifier does not match the code_challenge.",
                );
            }
            auth.code_grants.fetch_add(1, Ordering::SeqCst);
            (pending.username, pending.scope)
        }
        "refresh_token" => match state.store.take_refresh_token(&p.refresh_token) {
            Ok(Some((username, client_id, scope, expires))) => {
                if client_id != p.client_id || expires < unix_now() as i64 {
                    return token_error(
                        "invalid_grant",
                        "The refresh token is expired or not for this client.",
                    );
                }
                auth.refresh_grants.fetch_add(1, Ordering::SeqCst);
                (username, scope)
            }
            Ok(None) => {
                return token_error(
                    "invalid_grant",
                    "The refresh token is unknown or was already used.",
                )
            }
            Err(e) => return ApiProblem::from(e).into_response(),
        },
        "" => return token_error("invalid_request", "grant_type is required."),
        _ => {
            return token_error(
                "unsupported_grant_type",
                "Only authorization_code and refresh_token are supported.",
            )
        }
    };
    let Some(user) = auth.user(&username).cloned() else {
        return token_error("invalid_grant", "The user no longer exists.");
    };
    let access_token = auth.issue_access_token(&user, &p.client_id, &scope);
    let refresh_token = random_token(32);
    let expires = unix_now() + auth.settings.refresh_token_ttl.as_secs();
    if let Err(e) = state.store.put_refresh_token(
        &refresh_token,
        &username,
        &p.client_id,
        &scope,
        expires as i64,
    ) {
        return ApiProblem::from(e).into_response();
    }
    let body = TokenResponse {
        access_token,
        token_type: "Bearer",
        expires_in: auth.settings.access_token_ttl.as_secs().max(1),
        refresh_token,
        scope,
    };
    (
        StatusCode::OK,
        [(header::CACHE_CONTROL, "no-store")],
        Json(body),
    )
        .into_response()
}
