//! Login: OAuth 2.0 authorization code with PKCE (S256) as a public client, using the `oauth2`
//! crate over `fetch`. No client secret exists in the browser.
//!
//! Where things live: the tokens in memory and in `sessionStorage` (so a reload keeps the
//! session but nothing outlives the tab); the PKCE verifier and `state` in `sessionStorage`
//! only while the browser is at the authorization server. The code and state are removed from
//! the address bar as soon as the page reads them.

use crate::browser::{self, session_storage};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use mobileid_admin_contract::console_config::{parse_console_config, ConfigError, ResolvedConfig};
use mobileid_admin_contract::login::{
    read_claims, verify_callback, CallbackParams, PendingLogin, TokenClaims, Tokens,
};
use oauth2::basic::BasicClient;
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, CsrfToken, EndpointNotSet, EndpointSet,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, Scope,
    TokenResponse, TokenUrl,
};
use std::cell::RefCell;

const PENDING_KEY: &str = "mobileid.login";
const TOKENS_KEY: &str = "mobileid.tokens";
/// Everything the console keeps in `sessionStorage` starts with this, so sign-out can clear it.
pub const STORAGE_PREFIX: &str = "mobileid.";

thread_local! {
    static CONFIG: RefCell<Option<ResolvedConfig>> = const { RefCell::new(None) };
    static TOKENS: RefCell<Option<Tokens>> = const { RefCell::new(None) };
    /// The refresh under way, shared by every request that needs it: refresh tokens are
    /// single-use, so two parallel refreshes would sign the user out.
    static REFRESHING: RefCell<Option<SharedRefresh>> = const { RefCell::new(None) };
}

/// A refresh in flight, awaited by every request that needs a fresh token.
type SharedRefresh = Shared<LocalBoxFuture<'static, Result<(), String>>>;

type ConsoleOAuthClient =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

#[derive(Debug)]
pub enum StartOutcome {
    SignedIn,
    /// With the reason to show, if any (refused callback, expired session…).
    SignedOut(Option<String>),
}

#[derive(Debug)]
pub enum StartError {
    Config(ConfigError),
}

/// The runtime configuration (loaded by [`start`]).
pub fn config() -> ResolvedConfig {
    CONFIG
        .with(|c| c.borrow().clone())
        .expect("config is loaded at start")
}

async fn load_config() -> Result<ResolvedConfig, ConfigError> {
    // Relative to the page, so the console works under any sub-path.
    let response = gloo_net::http::Request::get("config.json")
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(|e| ConfigError::NotLoaded(e.to_string()))?;
    if !response.ok() {
        return Err(ConfigError::NotLoaded(format!(
            "HTTP {} for config.json",
            response.status()
        )));
    }
    let text = response
        .text()
        .await
        .map_err(|e| ConfigError::NotLoaded(e.to_string()))?;
    parse_console_config(&text, &browser::page_url())
}

/// Start-up: a login callback's code and state leave the address bar first, then the
/// configuration loads, then the callback is checked (or a stored session resumed).
pub async fn start() -> Result<StartOutcome, StartError> {
    let params = CallbackParams::from_query(&browser::query());
    let pending: Option<PendingLogin> = if params.is_callback() {
        let pending = session_storage::get_json(PENDING_KEY);
        session_storage::remove(PENDING_KEY);
        // Before anything else (even config.json), the code and state leave the address bar
        // and the history.
        let return_to = pending
            .as_ref()
            .map(|p: &PendingLogin| p.return_to.clone())
            .unwrap_or_default();
        browser::replace_url(&format!("{}{}", browser::page_url(), return_to));
        pending
    } else {
        None
    };

    let config = load_config().await.map_err(StartError::Config)?;
    CONFIG.with(|c| *c.borrow_mut() = Some(config.clone()));

    if params.is_callback() {
        let verified = match verify_callback(pending.as_ref(), &params) {
            Ok(v) => v,
            Err(refused) => {
                // A forged callback must not end a session this tab already has; but with a
                // sign-in pending, the tab was signing in anew, so nothing is kept.
                if pending.is_some() {
                    clear_tokens();
                }
                return Ok(StartOutcome::SignedOut(Some(refused.to_string())));
            }
        };
        return Ok(
            match exchange_code(&config, verified.code, verified.code_verifier).await {
                Ok(()) => StartOutcome::SignedIn,
                Err(message) => StartOutcome::SignedOut(Some(message)),
            },
        );
    }

    let stored: Option<Tokens> = session_storage::get_json(TOKENS_KEY);
    let Some(tokens) = stored else {
        return Ok(StartOutcome::SignedOut(None));
    };
    let needs_refresh = tokens.needs_refresh(browser::now_ms());
    TOKENS.with(|t| *t.borrow_mut() = Some(tokens));
    if needs_refresh && refresh().await.is_err() {
        return Ok(StartOutcome::SignedOut(Some(
            "Your session has expired. Sign in again to continue where you left off.".into(),
        )));
    }
    Ok(StartOutcome::SignedIn)
}

fn oauth_client(config: &ResolvedConfig) -> Result<ConsoleOAuthClient, String> {
    Ok(BasicClient::new(ClientId::new(config.client_id.clone()))
        .set_auth_uri(AuthUrl::new(config.authorize_url.clone()).map_err(|e| e.to_string())?)
        .set_token_uri(TokenUrl::new(config.token_url.clone()).map_err(|e| e.to_string())?)
        .set_redirect_uri(
            RedirectUrl::new(config.redirect_url.clone()).map_err(|e| e.to_string())?,
        ))
}

/// Leaves for the authorization server; `return_to` is the route to show afterwards.
pub fn begin_login(return_to: String) {
    let config = config();
    let client = match oauth_client(&config) {
        Ok(c) => c,
        Err(e) => {
            web_sys::console::error_1(&format!("cannot start sign-in: {e}").into());
            return;
        }
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(CsrfToken::new_random)
        .set_pkce_challenge(challenge);
    for scope in &config.scopes {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let (url, state) = request.url();
    session_storage::set_json(
        PENDING_KEY,
        &PendingLogin {
            state: state.secret().clone(),
            code_verifier: verifier.secret().clone(),
            return_to,
        },
    );
    browser::navigate_away(url.as_str());
}

/// A 401 the refresh could not cure: sign in again and come back to the same page.
pub fn login_again() {
    clear_tokens();
    begin_login(browser::hash());
}

fn describe<E: std::error::Error>(
    error: RequestTokenError<E, oauth2::basic::BasicErrorResponse>,
) -> String {
    match error {
        RequestTokenError::ServerResponse(r) => match r.error_description() {
            Some(d) => format!("Sign-in failed: {} ({d})", r.error()),
            None => format!("Sign-in failed: {}", r.error()),
        },
        RequestTokenError::Request(e) => {
            format!("The authorization server could not be reached: {e}")
        }
        RequestTokenError::Parse(e, _) => {
            format!("The authorization server's answer is not valid: {e}")
        }
        RequestTokenError::Other(e) => format!("Sign-in failed: {e}"),
    }
}

fn keep_tokens(response: &oauth2::basic::BasicTokenResponse, previous_refresh: Option<String>) {
    let lifetime = response
        .expires_in()
        .map(|d| d.as_secs_f64())
        .unwrap_or(300.0);
    let tokens = Tokens {
        access_token: response.access_token().secret().clone(),
        refresh_token: response
            .refresh_token()
            .map(|r| r.secret().clone())
            .or(previous_refresh),
        expires_at_ms: browser::now_ms() + lifetime * 1000.0,
        lifetime_ms: lifetime * 1000.0,
    };
    session_storage::set_json(TOKENS_KEY, &tokens);
    TOKENS.with(|t| *t.borrow_mut() = Some(tokens));
}

async fn exchange_code(
    config: &ResolvedConfig,
    code: String,
    verifier: String,
) -> Result<(), String> {
    let client = oauth_client(config)?;
    let response = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(verifier))
        .request_async(&crate::api::fetch)
        .await
        .map_err(describe)?;
    keep_tokens(&response, None);
    Ok(())
}

async fn do_refresh() -> Result<(), String> {
    let refresh_token = TOKENS
        .with(|t| t.borrow().as_ref().and_then(|t| t.refresh_token.clone()))
        .ok_or_else(|| "no refresh token".to_string())?;
    let client = oauth_client(&config())?;
    let result = client
        .exchange_refresh_token(&RefreshToken::new(refresh_token.clone()))
        .request_async(&crate::api::fetch)
        .await;
    match result {
        Ok(response) => {
            keep_tokens(&response, Some(refresh_token));
            Ok(())
        }
        Err(e) => {
            clear_tokens();
            Err(describe(e))
        }
    }
}

/// Refreshes the access token; concurrent callers share one refresh.
pub async fn refresh() -> Result<(), String> {
    let shared = REFRESHING.with(|r| {
        r.borrow_mut()
            .get_or_insert_with(|| do_refresh().boxed_local().shared())
            .clone()
    });
    let result = shared.await;
    REFRESHING.with(|r| *r.borrow_mut() = None);
    result
}

/// An access token valid for at least the refresh margin, refreshing first if needed.
pub async fn access_token() -> Option<String> {
    let tokens = TOKENS.with(|t| t.borrow().clone())?;
    if !tokens.needs_refresh(browser::now_ms()) {
        return Some(tokens.access_token);
    }
    refresh().await.ok()?;
    TOKENS.with(|t| t.borrow().as_ref().map(|t| t.access_token.clone()))
}

fn clear_tokens() {
    TOKENS.with(|t| *t.borrow_mut() = None);
    session_storage::remove(TOKENS_KEY);
}

/// Who is signed in, read from the access token.
pub fn claims() -> TokenClaims {
    TOKENS
        .with(|t| {
            t.borrow()
                .as_ref()
                .and_then(|t| read_claims(&t.access_token))
        })
        .unwrap_or_default()
}

/// Sign-out: forgets the tokens and everything else this console kept in the tab.
pub fn sign_out() {
    clear_tokens();
    if let Some(storage) = browser::window().session_storage().ok().flatten() {
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(STORAGE_PREFIX))
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }
}
