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
//!
//! This module holds the server's state (codes, provider sessions, refresh-token families)
//! and makes and checks its tokens; the endpoints are one module each: `authorize` (the login
//! page), `token`, `revoke`, `logout`, `discovery` (with the JWKS); `jwt` signs and verifies.

mod authorize;
mod discovery;
pub mod jwt;
mod logout;
mod pkce;
mod revoke;
mod token;

pub use authorize::{authorize_page, authorize_submit, login_css, AuthorizeParams};
pub use discovery::{discovery, discovery_document, jwks};
pub use logout::{logout, logout_post, LogoutParams};
pub use revoke::{revoke, RevokeParams};
pub use token::{token, ClientCredentials, PublicClientForm, TokenParams};

use authorize::{error_page, escape, provider_page, redirect_with, MALFORMED_REQUEST};
use token::token_error;

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
use pkce::{constant_time_eq, s256_challenge};
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
