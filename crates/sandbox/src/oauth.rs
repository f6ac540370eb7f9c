//! A small OpenID provider / OAuth 2.0 authorization server for public clients, shaped like a
//! real identity provider:
//!
//! * discovery (`/.well-known/openid-configuration`), with `iss` on every authorization
//!   response (RFC 9207);
//! * the authorization code grant with PKCE (S256 only), single-use codes (a reused code revokes
//!   what it issued), exact redirect URIs;
//! * a provider session (an HttpOnly, SameSite=Lax cookie) so a later authorization request is
//!   answered at once, unless `prompt=login`; `prompt=none` answers `login_required` without one;
//! * refresh tokens rotated on use, in families with reuse detection (RFC 9700 §4.14.2): an
//!   already-used refresh token revokes its whole family and the family's access tokens; a
//!   family lives at most as long as the provider session it was made in;
//! * revocation (RFC 7009) and RP-initiated logout (`end_session_endpoint`);
//! * HS256-signed JWT access tokens whose claims carry the user's organisation and default
//!   account, like Signicat's tokens do, and ES256-signed ID tokens (`openid` scope);
//! * optionally, access tokens of an external OpenID provider (`--trust-issuer`,
//!   `--trust-jwks`), accepted as the demo admin.

pub mod jwt;

use crate::problem::ApiProblem;
use crate::store::{RefreshFamily, RefreshUse, Store};
use crate::AppState;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use hmac::{Hmac, Mac};
use jwt::{b64, EsKey, Jwks};
use mobileid_admin_contract::login::{constant_time_eq, s256_challenge};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The provider session's cookie (HttpOnly, SameSite=Lax, path `/oauth/`).
pub const SESSION_COOKIE: &str = "mobileid_sandbox_session";
/// How long a failed sign-in waits before the form comes back (slows down password guessing).
pub const FAILED_LOGIN_DELAY: Duration = Duration::from_millis(300);
/// An authorization code is exchangeable this long.
pub const CODE_TTL_SECS: u64 = 120;
/// A used code is remembered this long, so that its reuse revokes what it issued.
const USED_CODE_MEMORY_SECS: u64 = 600;
/// ID tokens last as long as access tokens, but at least this long.
const MIN_ID_TOKEN_TTL_SECS: u64 = 300;
/// The scopes the discovery document lists.
pub const SCOPES_SUPPORTED: [&str; 3] = ["openid", "profile", crate::DEFAULT_SCOPE];

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
    /// How long one refresh token may wait to be used (each refresh issues a new one).
    pub refresh_token_ttl: Duration,
    /// Absolute lifetime of a provider session, and so of the refresh-token families made in
    /// it (`--session-ttl`, default 8 h).
    pub session_ttl: Duration,
    /// Redirect URIs accepted besides the sandbox's own console URL.
    pub extra_redirect_uris: Vec<String>,
}

/// An external OpenID provider whose access tokens the API accepts (`--trust-issuer`).
pub struct TrustedIssuer {
    pub issuer: String,
    pub audience: String,
    /// Re-read when a token names a key it does not have (the provider rotated its keys).
    jwks_file: Option<PathBuf>,
    jwks: RwLock<Jwks>,
}

impl TrustedIssuer {
    pub fn new(issuer: String, audience: String, jwks: Jwks) -> Self {
        TrustedIssuer {
            issuer,
            audience,
            jwks_file: None,
            jwks: RwLock::new(jwks),
        }
    }

    /// With the keys of a JWKS file (EC P-256 for ES256, RSA for RS256).
    pub fn from_file(issuer: String, audience: String, file: PathBuf) -> Result<Self, String> {
        let jwks = read_jwks(&file)?;
        Ok(TrustedIssuer {
            issuer,
            audience,
            jwks_file: Some(file),
            jwks: RwLock::new(jwks),
        })
    }

    fn verify_signature(&self, parts: &jwt::Parts<'_>) -> Result<(), &'static str> {
        let first = self
            .jwks
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .verify(parts);
        match (first, &self.jwks_file) {
            (Err(e), Some(file)) if e.starts_with("no key") => {
                let fresh = read_jwks(file).map_err(|_| e)?;
                let answer = fresh.verify(parts);
                *self.jwks.write().unwrap_or_else(|e| e.into_inner()) = fresh;
                answer
            }
            (answer, _) => answer,
        }
    }
}

fn read_jwks(file: &std::path::Path) -> Result<Jwks, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    Jwks::parse(&text).map_err(|e| format!("{}: {e}", file.display()))
}

struct PendingCode {
    client_id: String,
    redirect_uri: String,
    code_challenge: String,
    username: String,
    scope: String,
    nonce: String,
    /// The provider session the code was issued in.
    sid: String,
    auth_time: u64,
    session_expires: u64,
    issued: u64,
    used: bool,
    /// The refresh-token family the exchange started.
    family: Option<String>,
}

/// A signed-in user at the provider (the cookie's session).
#[derive(Clone, Debug)]
struct ProviderSession {
    /// Public id (`sid` in ID tokens); the cookie's value is another, secret one.
    sid: String,
    username: String,
    auth_time: u64,
    expires: u64,
}

pub struct AuthServer {
    key: Vec<u8>,
    id_key: EsKey,
    store: Arc<Store>,
    /// The port the browser reaches the sandbox on: the issuer is `http://127.0.0.1:PORT`.
    port: AtomicU16,
    codes: Mutex<HashMap<String, PendingCode>>,
    /// By the SHA-256 of the cookie's value.
    sessions: Mutex<HashMap<String, ProviderSession>>,
    pub settings: OAuthSettings,
    trusted: Option<TrustedIssuer>,
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
    /// The refresh-token family (grant) the token belongs to; empty for tokens made outside a
    /// grant ([`AuthServer::issue_access_token`]) and for an external provider's tokens.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fid: String,
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn random_token(bytes: usize) -> String {
    let data: Vec<u8> = (0..bytes).map(|_| rand::random::<u8>()).collect();
    b64(&data)
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn has_scope(scope: &str, wanted: &str) -> bool {
    scope.split_whitespace().any(|s| s == wanted)
}

impl AuthServer {
    pub fn new(
        store: Arc<Store>,
        key: Vec<u8>,
        id_token_key: &p256::SecretKey,
        settings: OAuthSettings,
        trusted: Option<TrustedIssuer>,
    ) -> Self {
        AuthServer {
            key,
            id_key: EsKey::new(id_token_key),
            store,
            port: AtomicU16::new(0),
            codes: Mutex::new(HashMap::new()),
            sessions: Mutex::new(HashMap::new()),
            settings,
            trusted,
            generation: AtomicU64::new(0),
            code_grants: AtomicU64::new(0),
            refresh_grants: AtomicU64::new(0),
        }
    }

    /// The port the sandbox is bound to (set by [`crate::start`] once it is known).
    pub fn set_port(&self, port: u16) {
        self.port.store(port, Ordering::SeqCst);
    }

    pub fn port(&self) -> u16 {
        self.port.load(Ordering::SeqCst)
    }

    /// `http://127.0.0.1:PORT`: the sandbox's root as the browser reaches it, from the bound
    /// address (never from a request's Host header).
    pub fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port())
    }

    /// The external provider whose tokens the API accepts, if any.
    pub fn trusted_issuer(&self) -> Option<&TrustedIssuer> {
        self.trusted.as_ref()
    }

    /// Makes every access token issued so far invalid (as if the server's sessions ended).
    pub fn revoke_all_access_tokens(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Test hook: ends everything a user could still be signed in with. Access tokens, refresh
    /// tokens (every family), pending codes and provider sessions (so the next authorization
    /// request shows the login form).
    pub fn end_all_sessions(&self) {
        self.revoke_all_access_tokens();
        if let Err(e) = self.store.delete_all_refresh_tokens() {
            eprintln!("mobileid-sandbox: cannot delete refresh tokens: {e}");
        }
        self.codes.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Test hook: whether this refresh token would be accepted now (unused, unexpired, its
    /// family not revoked).
    pub fn refresh_token_is_active(&self, refresh_token: &str) -> bool {
        self.store
            .refresh_token_active(&sha256_hex(refresh_token), unix_now() as i64)
            .unwrap_or(false)
    }

    /// Test hook: how many refresh tokens would be accepted now.
    pub fn active_refresh_tokens(&self) -> usize {
        self.store
            .active_refresh_tokens(unix_now() as i64)
            .unwrap_or(0)
    }

    /// Test hook: how many provider sessions (sign-ins at the provider) are live.
    pub fn active_sessions(&self) -> usize {
        let now = unix_now();
        self.sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .filter(|s| s.expires > now)
            .count()
    }

    fn user(&self, username: &str) -> Option<&DemoUser> {
        self.settings.users.iter().find(|u| u.username == username)
    }

    /// The user with this name and password. Every user is compared, and names and passwords
    /// as SHA-256 digests in constant time, so the answer's timing tells nothing.
    fn check_password(&self, username: &str, password: &str) -> Option<&DemoUser> {
        let name = Sha256::digest(username.as_bytes());
        let pass = Sha256::digest(password.as_bytes());
        let mut found = None;
        for user in &self.settings.users {
            let name_ok = constant_time_eq(&Sha256::digest(user.username.as_bytes()), &name);
            let pass_ok = constant_time_eq(&Sha256::digest(user.password.as_bytes()), &pass);
            if std::hint::black_box(name_ok & pass_ok) {
                found = Some(user);
            }
        }
        found
    }

    fn hmac(&self, data: &[u8]) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }

    fn sign_access_token(&self, claims: &Claims) -> String {
        let header = json!({ "alg": "HS256", "typ": "JWT" });
        let claims = serde_json::to_value(claims).expect("claims");
        jwt::encode(&header, &claims, |data| self.hmac(data))
    }

    fn access_claims(&self, user: &DemoUser, client_id: &str, scope: &str, exp: u64) -> Claims {
        Claims {
            iss: self.issuer(),
            sub: user.username.clone(),
            name: user.display_name.clone(),
            client_id: client_id.into(),
            scope: scope.into(),
            organisation_id: user.organisation_id.clone(),
            signicat_accountid: user.account_id.clone(),
            iat: unix_now(),
            exp,
            jti: random_token(12),
            generation: self.generation.load(Ordering::SeqCst),
            fid: String::new(),
        }
    }

    /// An access token outside any grant (tests, `--print-access-token`).
    pub fn issue_access_token(&self, user: &DemoUser, client_id: &str, scope: &str) -> String {
        let exp = unix_now() + self.settings.access_token_ttl.as_secs().max(1);
        self.sign_access_token(&self.access_claims(user, client_id, scope, exp))
    }

    /// The public keys ID tokens are signed with (`jwks_uri`).
    pub fn jwks(&self) -> Value {
        json!({ "keys": [self.id_key.jwk()] })
    }

    /// Checks that an ID token was signed by this server; answers its claims (expiry and
    /// audience not checked).
    pub fn verify_id_token(&self, id_token: &str) -> Result<Value, &'static str> {
        let claims = self.id_key.verify(id_token)?;
        if claims["iss"].as_str() != Some(self.issuer().as_str()) {
            return Err("the ID token is of another issuer");
        }
        Ok(claims)
    }

    /// Checks a bearer token: the sandbox's own (signature, expiry, revocation), or, with
    /// `--trust-issuer`, the external provider's (issuer, audience, signature, expiry).
    pub fn verify(&self, token: &str) -> Result<Claims, &'static str> {
        let parts = jwt::split(token)?;
        if let Some(trusted) = &self.trusted {
            if parts.claims["iss"].as_str() == Some(trusted.issuer.as_str()) {
                return self.verify_external(trusted, &parts);
            }
        }
        // Compared in constant time: a timing leak would let a caller forge signatures.
        if parts.alg() != "HS256"
            || !constant_time_eq(&self.hmac(parts.signing_input.as_bytes()), &parts.signature)
        {
            return Err("invalid token signature");
        }
        let claims: Claims = serde_json::from_value(parts.claims).map_err(|_| "malformed token")?;
        if claims.generation != self.generation.load(Ordering::SeqCst) {
            return Err("the access token has been revoked");
        }
        if claims.exp <= unix_now() {
            return Err("the access token has expired");
        }
        if self
            .store
            .access_token_revoked(&claims.jti, &claims.fid)
            .unwrap_or(true)
        {
            return Err("the access token has been revoked");
        }
        Ok(claims)
    }

    /// An external provider's token is accepted as the first demo user (the demo admin), on
    /// the same default account, with the provider's subject.
    fn verify_external(
        &self,
        trusted: &TrustedIssuer,
        parts: &jwt::Parts<'_>,
    ) -> Result<Claims, &'static str> {
        trusted.verify_signature(parts)?;
        let c = &parts.claims;
        let now = unix_now();
        let exp = c["exp"].as_u64().ok_or("the access token has no exp")?;
        if exp <= now {
            return Err("the access token has expired");
        }
        if c["nbf"].as_u64().is_some_and(|nbf| nbf > now + 60) {
            return Err("the access token is not valid yet");
        }
        let audience = trusted.audience.as_str();
        let aud_ok = match &c["aud"] {
            Value::String(a) => a == audience,
            Value::Array(list) => list.iter().any(|a| a.as_str() == Some(audience)),
            _ => false,
        };
        if !aud_ok {
            return Err("the access token is not for this API (aud)");
        }
        let sub = c["sub"].as_str().ok_or("the access token has no sub")?;
        let text = |name: &str| c[name].as_str().map(str::to_string);
        let scope = match &c["scope"] {
            Value::Array(list) => list
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" "),
            other => other.as_str().unwrap_or_default().to_string(),
        };
        let user = self.settings.users.first().ok_or("no demo user")?;
        Ok(Claims {
            iss: trusted.issuer.clone(),
            sub: sub.to_string(),
            name: text("name")
                .or_else(|| text("preferred_username"))
                .unwrap_or_else(|| sub.to_string()),
            client_id: text("client_id")
                .or_else(|| text("azp"))
                .unwrap_or_default(),
            scope,
            organisation_id: user.organisation_id.clone(),
            signicat_accountid: user.account_id.clone(),
            iat: c["iat"].as_u64().unwrap_or(now),
            exp,
            jti: text("jti").unwrap_or_default(),
            generation: self.generation.load(Ordering::SeqCst),
            fid: String::new(),
        })
    }

    // ------------------------------------------------------------ provider sessions

    fn cookie_value(headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == SESSION_COOKIE)
            .map(|(_, value)| value.to_string())
    }

    /// The live provider session of the request's cookie.
    fn session_of(&self, headers: &HeaderMap) -> Option<ProviderSession> {
        let value = Self::cookie_value(headers)?;
        let now = unix_now();
        let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        sessions.retain(|_, s| s.expires > now);
        sessions.get(&sha256_hex(&value)).cloned()
    }

    /// Signs `username` in at the provider: the session and its `Set-Cookie` value.
    fn start_session(&self, username: &str, replaces: Option<&str>) -> (ProviderSession, String) {
        let value = random_token(32);
        let now = unix_now();
        let ttl = self.settings.session_ttl.as_secs().max(1);
        let session = ProviderSession {
            sid: random_token(12),
            username: username.to_string(),
            auth_time: now,
            expires: now + ttl,
        };
        let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(old) = replaces {
            sessions.remove(&sha256_hex(old));
        }
        sessions.insert(sha256_hex(&value), session.clone());
        let cookie = format!(
            "{SESSION_COOKIE}={value}; Path=/oauth/; HttpOnly; SameSite=Lax; Max-Age={ttl}"
        );
        (session, cookie)
    }

    /// Ends the request's provider session and the session `sid` (from an ID token hint),
    /// revoking the grants made in them.
    fn end_session(&self, headers: &HeaderMap, sid: Option<&str>) {
        let mut ended = Vec::new();
        {
            let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(value) = Self::cookie_value(headers) {
                if let Some(s) = sessions.remove(&sha256_hex(&value)) {
                    ended.push(s.sid);
                }
            }
            if let Some(sid) = sid {
                sessions.retain(|_, s| s.sid != sid);
                ended.push(sid.to_string());
            }
        }
        for sid in ended {
            if let Err(e) = self.store.revoke_session_families(&sid) {
                eprintln!("mobileid-sandbox: cannot revoke the session's grants: {e}");
            }
        }
    }

    fn issue_code(&self, p: &AuthorizeParams, session: &ProviderSession) -> String {
        let code = random_token(32);
        let now = unix_now();
        let mut codes = self.codes.lock().unwrap_or_else(|e| e.into_inner());
        codes.retain(|_, c| c.issued + USED_CODE_MEMORY_SECS > now);
        codes.insert(
            code.clone(),
            PendingCode {
                client_id: p.client_id.clone(),
                redirect_uri: p.redirect_uri.clone(),
                code_challenge: p.code_challenge.clone(),
                username: session.username.clone(),
                scope: p.scope.clone(),
                nonce: p.nonce.clone(),
                sid: session.sid.clone(),
                auth_time: session.auth_time,
                session_expires: session.expires,
                issued: now,
                used: false,
                family: None,
            },
        );
        code
    }

    fn id_token(
        &self,
        user: &DemoUser,
        family: &RefreshFamily,
        nonce: Option<&str>,
        access_token: &str,
    ) -> String {
        let now = unix_now();
        let ttl = self
            .settings
            .access_token_ttl
            .as_secs()
            .max(MIN_ID_TOKEN_TTL_SECS);
        let digest = Sha256::digest(access_token.as_bytes());
        let mut claims = json!({
            "iss": self.issuer(),
            "sub": user.username,
            "aud": family.client_id,
            "iat": now,
            "exp": now + ttl,
            "auth_time": family.auth_time,
            "sid": family.session,
            "at_hash": b64(&digest[..16]),
            "name": user.display_name,
            "preferred_username": user.username,
        });
        if let Some(nonce) = nonce.filter(|n| !n.is_empty()) {
            claims["nonce"] = nonce.into();
        }
        self.id_key.sign(&claims)
    }
}

// ---------------------------------------------------------------- pages

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
    #[serde(default)]
    nonce: String,
    #[serde(default)]
    prompt: String,
    #[serde(default)]
    login_hint: String,
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

/// A page of the provider: not cached, not framed, no script, forms posted only here (and,
/// as the answer to the login form redirects there, to `form_target`'s origin).
fn provider_page(status: StatusCode, body: String, form_target: Option<&str>) -> Response {
    let extra = form_target
        .and_then(|u| url::Url::parse(u).ok())
        .map(|u| u.origin())
        .filter(url::Origin::is_tuple)
        .map(|o| format!(" {}", o.ascii_serialization()))
        .unwrap_or_default();
    let csp = format!(
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'{extra}; \
         frame-ancestors 'none'; base-uri 'none'"
    );
    let mut response = (status, Html(body)).into_response();
    let headers = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign-in error</title>\
         <link rel=\"stylesheet\" href=\"login.css\"></head><body><main class=\"card\">\
         <h1>Sign-in error</h1><p role=\"alert\" id=\"error\">{}</p></main></body></html>",
        escape(message)
    );
    provider_page(status, body, None)
}

fn with_no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn redirect_with(redirect_uri: &str, pairs: &[(&str, &str)]) -> Response {
    let mut url = match url::Url::parse(redirect_uri) {
        Ok(u) => u,
        Err(_) => return error_page(StatusCode::BAD_REQUEST, "The redirect URI is not a URL."),
    };
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in pairs {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
    }
    with_no_store(Redirect::to(url.as_str()).into_response())
}

/// An authorization response (RFC 6749 §4.1.2): `pairs`, the `state` and the issuer (RFC 9207).
fn authorization_response(
    state: &AppState,
    p: &AuthorizeParams,
    pairs: &[(&str, &str)],
) -> Response {
    let issuer = state.auth.issuer();
    let mut all = pairs.to_vec();
    all.push(("state", &p.state));
    all.push(("iss", &issuer));
    redirect_with(&p.redirect_uri, &all)
}

fn authorization_error(
    state: &AppState,
    p: &AuthorizeParams,
    error: &str,
    description: &str,
) -> Response {
    authorization_response(
        state,
        p,
        &[("error", error), ("error_description", description)],
    )
}

/// Validates what must be right before anything is redirected back (RFC 6749 §4.1.2.1):
/// with a wrong client or redirect URI, the user sees an error and is not sent anywhere.
// The error is the page to answer with; its size does not matter on this path.
#[allow(clippy::result_large_err)]
fn check_client(state: &AppState, p: &AuthorizeParams) -> Result<(), Response> {
    if p.client_id != state.auth.settings.client_id {
        return Err(error_page(StatusCode::BAD_REQUEST, "Unknown client_id."));
    }
    if !state.redirect_uri_allowed(&p.redirect_uri) {
        return Err(error_page(
            StatusCode::BAD_REQUEST,
            "The redirect_uri is not registered for this client.",
        ));
    }
    Ok(())
}

/// Errors that are reported to the client through the redirect.
#[allow(clippy::result_large_err)]
fn check_request(state: &AppState, p: &AuthorizeParams) -> Result<(), Response> {
    if p.response_type != "code" {
        return Err(authorization_error(
            state,
            p,
            "unsupported_response_type",
            "Only response_type=code is supported.",
        ));
    }
    if p.code_challenge_method != "S256" || p.code_challenge.len() != 43 {
        return Err(authorization_error(
            state,
            p,
            "invalid_request",
            "PKCE with code_challenge_method=S256 is required",
        ));
    }
    let prompt: Vec<&str> = p.prompt.split_whitespace().collect();
    if prompt.contains(&"none") && prompt.len() > 1 {
        return Err(authorization_error(
            state,
            p,
            "invalid_request",
            "prompt=none cannot be combined with other values.",
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
        ("nonce", &p.nonce),
    ]
    .iter()
    .map(|(k, v)| {
        format!(
            "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
            escape(v)
        )
    })
    .collect::<String>();
    let error_html = error
        .map(|e| {
            format!(
                "<p class=\"error\" role=\"alert\" id=\"login-error\">{}</p>",
                escape(e)
            )
        })
        .unwrap_or_default();
    let username = if p.username.is_empty() {
        &p.login_hint
    } else {
        &p.username
    };
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Sign in — MobileID sandbox</title><link rel=\"stylesheet\" href=\"login.css\"></head>\
         <body><main class=\"card\"><h1>Sign in</h1>\
         <p class=\"muted\">MobileID sandbox authorization server. This is not Signicat.</p>{error_html}\
         <form method=\"post\" action=\"authorize\">{hidden}\
         <label for=\"username\">Username</label>\
         <input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus value=\"{}\">\
         <label for=\"password\">Password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\
         <button type=\"submit\" id=\"sign-in\">Sign in</button></form></main></body></html>",
        escape(username)
    );
    let status = if error.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    };
    provider_page(status, body, Some(&p.redirect_uri))
}

/// Issues a code in `session` and sends the browser back with it.
fn code_response(
    state: &AppState,
    p: &AuthorizeParams,
    session: &ProviderSession,
    set_cookie: Option<String>,
) -> Response {
    let code = state.auth.issue_code(p, session);
    let mut response = authorization_response(state, p, &[("code", &code)]);
    if let Some(cookie) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

const MALFORMED_REQUEST: &str = "The request is malformed: a parameter is repeated or is not text.";

/// `GET /oauth/authorize`: the login form, or at once a code when the provider session is live
/// (unless `prompt=login`).
pub async fn authorize_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<AuthorizeParams>, QueryRejection>,
) -> Response {
    let Ok(Query(p)) = query else {
        return error_page(StatusCode::BAD_REQUEST, MALFORMED_REQUEST);
    };
    if let Err(r) = check_client(&state, &p) {
        return r;
    }
    if let Err(r) = check_request(&state, &p) {
        return r;
    }
    let prompt: Vec<&str> = p.prompt.split_whitespace().collect();
    if !prompt.contains(&"login") {
        if let Some(session) = state.auth.session_of(&headers) {
            return code_response(&state, &p, &session, None);
        }
    }
    if prompt.contains(&"none") {
        return authorization_error(
            &state,
            &p,
            "login_required",
            "The user is not signed in at the provider.",
        );
    }
    login_form(&p, None)
}

/// `POST /oauth/authorize`: the login form's answer.
pub async fn authorize_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<AuthorizeParams>, FormRejection>,
) -> Response {
    let Ok(Form(p)) = form else {
        return error_page(StatusCode::BAD_REQUEST, MALFORMED_REQUEST);
    };
    if let Err(r) = check_client(&state, &p) {
        return r;
    }
    if let Err(r) = check_request(&state, &p) {
        return r;
    }
    let auth = &state.auth;
    let Some(user) = auth.check_password(&p.username, &p.password) else {
        tokio::time::sleep(FAILED_LOGIN_DELAY).await;
        return login_form(&p, Some("Wrong username or password."));
    };
    let old = AuthServer::cookie_value(&headers);
    let (session, cookie) = auth.start_session(&user.username, old.as_deref());
    code_response(&state, &p, &session, Some(cookie))
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

/// RFC 6749 §5.2 error answer.
fn token_error(code: &str, description: &str) -> Response {
    let status = if code == "invalid_client" {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::BAD_REQUEST
    };
    let body = json!({ "error": code, "error_description": description });
    (
        status,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
        Json(body),
    )
        .into_response()
}

fn malformed_form(rejection: FormRejection) -> Response {
    token_error(
        "invalid_request",
        &format!("The body must be application/x-www-form-urlencoded parameters, each once ({rejection})."),
    )
}

/// The checks of a public client at the token and revocation endpoints.
#[allow(clippy::result_large_err)]
fn check_public_client(auth: &AuthServer, client_id: &str, secret: &str) -> Result<(), Response> {
    if client_id != auth.settings.client_id {
        return Err(token_error("invalid_client", "Unknown client_id."));
    }
    if !secret.is_empty() {
        // A public client has no secret; one sent from a browser is a leak, not a credential.
        return Err(token_error(
            "invalid_client",
            "This is a public client: no client_secret.",
        ));
    }
    Ok(())
}

/// Exchanges a code (single use: a second exchange revokes what the first issued).
#[allow(clippy::result_large_err)]
fn exchange_code(state: &AppState, p: &TokenParams) -> Result<(RefreshFamily, String), Response> {
    let auth = &state.auth;
    let now = unix_now();
    let mut codes = auth.codes.lock().unwrap_or_else(|e| e.into_inner());
    codes.retain(|_, c| c.issued + USED_CODE_MEMORY_SECS > now);
    let Some(code) = codes.get_mut(&p.code) else {
        return Err(token_error(
            "invalid_grant",
            "The authorization code is unknown or has expired.",
        ));
    };
    if code.used {
        if let Some(family) = &code.family {
            auth.store
                .revoke_refresh_family(family)
                .map_err(|e| ApiProblem::from(e).into_response())?;
        }
        return Err(token_error(
            "invalid_grant",
            "The authorization code was already used: the tokens it issued are revoked.",
        ));
    }
    // Used from now on, whether the exchange succeeds or not.
    code.used = true;
    if code.issued + CODE_TTL_SECS < now {
        return Err(token_error(
            "invalid_grant",
            "The authorization code has expired.",
        ));
    }
    if code.client_id != p.client_id || code.redirect_uri != p.redirect_uri {
        return Err(token_error(
            "invalid_grant",
            "client_id or redirect_uri does not match the authorization request.",
        ));
    }
    if p.code_verifier.len() < 43 || s256_challenge(&p.code_verifier) != code.code_challenge {
        return Err(token_error(
            "invalid_grant",
            "The PKCE code_verifier does not match the code_challenge.",
        ));
    }
    let family = RefreshFamily {
        id: random_token(16),
        username: code.username.clone(),
        client_id: code.client_id.clone(),
        scope: code.scope.clone(),
        session: code.sid.clone(),
        auth_time: code.auth_time as i64,
        expires: code.session_expires as i64,
    };
    auth.store
        .create_refresh_family(&family)
        .map_err(|e| ApiProblem::from(e).into_response())?;
    code.family = Some(family.id.clone());
    auth.code_grants.fetch_add(1, Ordering::SeqCst);
    Ok((family, code.nonce.clone()))
}

#[allow(clippy::result_large_err)]
fn refresh(state: &AppState, p: &TokenParams) -> Result<RefreshFamily, Response> {
    let auth = &state.auth;
    let used = auth
        .store
        .use_refresh_token(
            &sha256_hex(&p.refresh_token),
            &p.client_id,
            unix_now() as i64,
        )
        .map_err(|e| ApiProblem::from(e).into_response())?;
    let refused = |description| Err(token_error("invalid_grant", description));
    match used {
        RefreshUse::Rotated(family) => {
            auth.refresh_grants.fetch_add(1, Ordering::SeqCst);
            Ok(family)
        }
        RefreshUse::Unknown => refused("The refresh token is unknown."),
        RefreshUse::WrongClient => refused("The refresh token was not issued to this client."),
        RefreshUse::Reused => {
            refused("The refresh token was already used: every token of its grant is now revoked.")
        }
        RefreshUse::Revoked => refused("The refresh token has been revoked."),
        RefreshUse::Expired => refused("The refresh token has expired."),
    }
}

/// `POST /oauth/token`: the authorization code and refresh token grants.
pub async fn token(
    State(state): State<AppState>,
    form: Result<Form<TokenParams>, FormRejection>,
) -> Response {
    let p = match form {
        Ok(Form(p)) => p,
        Err(rejection) => return malformed_form(rejection),
    };
    let auth = &state.auth;
    if let Err(r) = check_public_client(auth, &p.client_id, &p.client_secret) {
        return r;
    }
    let (family, nonce) = match p.grant_type.as_str() {
        "authorization_code" => match exchange_code(&state, &p) {
            Ok((family, nonce)) => (family, Some(nonce)),
            Err(r) => return r,
        },
        "refresh_token" => match refresh(&state, &p) {
            Ok(family) => (family, None),
            Err(r) => return r,
        },
        "" => return token_error("invalid_request", "grant_type is required."),
        _ => {
            return token_error(
                "unsupported_grant_type",
                "Only authorization_code and refresh_token are supported.",
            )
        }
    };
    let Some(user) = auth.user(&family.username).cloned() else {
        return token_error("invalid_grant", "The user no longer exists.");
    };
    let now = unix_now();
    // Nothing of a grant outlives it (nor so the provider session it was made in).
    let remaining = (family.expires - now as i64).max(0) as u64;
    if remaining == 0 {
        return token_error("invalid_grant", "The grant has expired: sign in again.");
    }
    let access_ttl = auth
        .settings
        .access_token_ttl
        .as_secs()
        .max(1)
        .min(remaining);
    let mut claims = auth.access_claims(&user, &family.client_id, &family.scope, now + access_ttl);
    claims.fid = family.id.clone();
    let access_token = auth.sign_access_token(&claims);
    let refresh_token = random_token(32);
    let refresh_expires =
        (now + auth.settings.refresh_token_ttl.as_secs()).min(family.expires as u64);
    if let Err(e) = auth.store.put_refresh_token(
        &sha256_hex(&refresh_token),
        &family.id,
        refresh_expires as i64,
    ) {
        return ApiProblem::from(e).into_response();
    }
    let mut body = json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": access_ttl,
        "refresh_token": refresh_token,
        "scope": family.scope,
    });
    if has_scope(&family.scope, "openid") {
        body["id_token"] = auth
            .id_token(&user, &family, nonce.as_deref(), &access_token)
            .into();
    }
    (
        StatusCode::OK,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
        Json(body),
    )
        .into_response()
}

// ---------------------------------------------------------------- /revoke

#[derive(Debug, Default, Deserialize)]
pub struct RevokeParams {
    #[serde(default)]
    token: String,
    #[serde(default)]
    token_type_hint: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    client_secret: String,
}

/// `POST /oauth/revoke` (RFC 7009): a refresh token revokes its whole grant; an access token
/// is revoked alone. Unknown, foreign or already revoked tokens are answered 200 all the same.
pub async fn revoke(
    State(state): State<AppState>,
    form: Result<Form<RevokeParams>, FormRejection>,
) -> Response {
    let p = match form {
        Ok(Form(p)) => p,
        Err(rejection) => return malformed_form(rejection),
    };
    let auth = &state.auth;
    if let Err(r) = check_public_client(auth, &p.client_id, &p.client_secret) {
        return r;
    }
    if p.token.is_empty() {
        return token_error("invalid_request", "token is required.");
    }
    // The hint only says where to look first; both kinds are tried.
    let as_refresh = || -> Result<bool, rusqlite::Error> {
        match auth.store.refresh_token_family(&sha256_hex(&p.token))? {
            Some((family, client)) => {
                if client == p.client_id {
                    auth.store.revoke_refresh_family(&family)?;
                }
                Ok(true)
            }
            None => Ok(false),
        }
    };
    let as_access = || -> Result<bool, rusqlite::Error> {
        let Ok(parts) = jwt::split(&p.token) else {
            return Ok(false);
        };
        if parts.alg() != "HS256"
            || !constant_time_eq(&auth.hmac(parts.signing_input.as_bytes()), &parts.signature)
        {
            return Ok(false);
        }
        let Ok(claims) = serde_json::from_value::<Claims>(parts.claims) else {
            return Ok(false);
        };
        if claims.client_id == p.client_id {
            auth.store
                .revoke_access_token(&claims.jti, claims.exp as i64)?;
        }
        Ok(true)
    };
    let result = if p.token_type_hint == "access_token" {
        as_access().and_then(|done| if done { Ok(true) } else { as_refresh() })
    } else {
        as_refresh().and_then(|done| if done { Ok(true) } else { as_access() })
    };
    if let Err(e) = result {
        return ApiProblem::from(e).into_response();
    }
    (
        StatusCode::OK,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
    )
        .into_response()
}

// ---------------------------------------------------------------- /logout

#[derive(Debug, Default, Deserialize)]
pub struct LogoutParams {
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    post_logout_redirect_uri: String,
    #[serde(default)]
    id_token_hint: String,
    #[serde(default)]
    state: String,
}

fn clear_session_cookie() -> HeaderValue {
    HeaderValue::from_static(
        "mobileid_sandbox_session=; Path=/oauth/; HttpOnly; SameSite=Lax; Max-Age=0",
    )
}

fn signed_out_page(note: Option<&str>) -> Response {
    let note = note
        .map(|n| {
            format!(
                "<p class=\"muted\" id=\"signed-out-note\">{}</p>",
                escape(n)
            )
        })
        .unwrap_or_default();
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Signed out — MobileID sandbox</title><link rel=\"stylesheet\" href=\"login.css\">\
         </head><body><main class=\"card\"><h1 id=\"signed-out\">You are signed out</h1>\
         <p>You have been signed out of the MobileID sandbox.</p>{note}</main></body></html>"
    );
    provider_page(StatusCode::OK, body, None)
}

/// RP-initiated logout: ends the provider session (and the grants made in it), then returns to
/// `post_logout_redirect_uri` if it is registered for the client, with `state`.
fn end_session(state: &AppState, headers: &HeaderMap, p: LogoutParams) -> Response {
    let auth = &state.auth;
    let client_id = &auth.settings.client_id;
    // The hint must be an ID token of ours, for our client; its expiry does not matter.
    let hint = (!p.id_token_hint.is_empty()).then(|| {
        auth.verify_id_token(&p.id_token_hint)
            .ok()
            .filter(|c| c["aud"].as_str() == Some(client_id.as_str()))
    });
    let hint_sid = hint
        .as_ref()
        .and_then(|h| h.as_ref())
        .and_then(|c| c["sid"].as_str());
    auth.end_session(headers, hint_sid);
    let client_named = p.client_id == *client_id || matches!(hint, Some(Some(_)));
    let client_ok = client_named
        && (p.client_id.is_empty() || p.client_id == *client_id)
        && !matches!(hint, Some(None));
    let mut response = if p.post_logout_redirect_uri.is_empty() {
        signed_out_page(None)
    } else if !client_ok {
        signed_out_page(Some(
            "The application that sent you here could not be identified, so you stay here.",
        ))
    } else if !state.redirect_uri_allowed(&p.post_logout_redirect_uri) {
        signed_out_page(Some(
            "The address to return to is not registered for this application, so you stay here.",
        ))
    } else {
        redirect_with(&p.post_logout_redirect_uri, &[("state", &p.state)])
    };
    response
        .headers_mut()
        .append(header::SET_COOKIE, clear_session_cookie());
    response
}

/// `GET /oauth/logout`.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<LogoutParams>, QueryRejection>,
) -> Response {
    match query {
        Ok(Query(p)) => end_session(&state, &headers, p),
        Err(_) => error_page(StatusCode::BAD_REQUEST, MALFORMED_REQUEST),
    }
}

/// `POST /oauth/logout` (the specification allows both).
pub async fn logout_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<LogoutParams>, FormRejection>,
) -> Response {
    match form {
        Ok(Form(p)) => end_session(&state, &headers, p),
        Err(_) => error_page(StatusCode::BAD_REQUEST, MALFORMED_REQUEST),
    }
}

// ---------------------------------------------------------------- discovery

/// The OpenID Provider Metadata (and RFC 8414 authorization server metadata).
pub fn discovery_document(auth: &AuthServer) -> Value {
    let issuer = auth.issuer();
    json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/oauth/authorize"),
        "token_endpoint": format!("{issuer}/oauth/token"),
        "revocation_endpoint": format!("{issuer}/oauth/revoke"),
        "end_session_endpoint": format!("{issuer}/oauth/logout"),
        "jwks_uri": format!("{issuer}/oauth/jwks"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["none"],
        "revocation_endpoint_auth_methods_supported": ["none"],
        "scopes_supported": SCOPES_SUPPORTED,
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES256"],
        "prompt_values_supported": ["none", "login"],
        "claims_supported": [
            "iss", "sub", "aud", "iat", "exp", "auth_time", "nonce", "sid", "at_hash",
            "name", "preferred_username"
        ],
        "authorization_response_iss_parameter_supported": true,
    })
}

/// `GET /.well-known/openid-configuration` (also `/.well-known/oauth-authorization-server`).
pub async fn discovery(State(state): State<AppState>) -> Response {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Json(discovery_document(&state.auth)),
    )
        .into_response()
}

/// `GET /oauth/jwks`: the ID tokens' public key.
pub async fn jwks(State(state): State<AppState>) -> Response {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Json(state.auth.jwks()),
    )
        .into_response()
}
