//! Login: OAuth 2.0 authorization code with PKCE (S256) as a public client of whatever
//! identity provider `config.json` names, using the `oauth2` crate over `fetch`. No client
//! secret exists in the browser.
//!
//! Where things live:
//! * the access and refresh tokens in memory only (unless the deployer chose
//!   `refreshTokenStorage: "sessionStorage"`); after a reload the console goes back through the
//!   provider, whose session makes that one quick redirect;
//! * the PKCE verifier, `state` and `nonce` in `sessionStorage` only while the browser is at the
//!   provider; the code and state leave the address bar before anything else happens;
//! * every stored item under a namespace of this deployment ([`key`]); drafts and the chosen
//!   account also under the signed-in user ([`user_key`]), so two consoles on one origin, or two
//!   users of one tab, never see each other's data.
//!
//! Sign-out revokes the tokens (RFC 7009) and ends the provider session where the provider
//! offers those endpoints; a refresh still in flight cannot bring tokens back.

pub mod idle;

use crate::browser::{self, session_storage};
use crate::logic::console_config::{
    apply_discovery, parse_console_config, short_hash, ConfigError, RefreshTokenStorage,
    ResolvedConfig,
};
use crate::logic::embedding::POPUP_STATE_PREFIX;
use crate::logic::login::{
    check_id_token, verify_callback, CallbackParams, IdClaims, PendingLogin, Tokens,
};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, CsrfToken, EndpointNotSet, EndpointSet, ExtraTokenFields,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, Scope,
    StandardRevocableToken, StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};

/// The OpenID Connect part of a token response: the ID token.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct IdTokenFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id_token: Option<String>,
}

impl ExtraTokenFields for IdTokenFields {}

type ConsoleTokenResponse = StandardTokenResponse<IdTokenFields, BasicTokenType>;

type ConsoleOAuthClient = oauth2::Client<
    BasicErrorResponse,
    ConsoleTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// The signed-in user: who the ID token names, and the ID token (for end-session).
#[derive(Clone, Default, Serialize, Deserialize)]
struct SignedInUser {
    name: String,
    /// Short hash of issuer + subject: the user's part of storage keys.
    storage_id: String,
    #[serde(default)]
    id_token: Option<String>,
}

/// What survives a reload when the deployer keeps the refresh token in `sessionStorage`.
#[derive(Serialize, Deserialize)]
struct StoredSession {
    tokens: Tokens,
    user: SignedInUser,
}

thread_local! {
    static CONFIG: RefCell<Option<ResolvedConfig>> = const { RefCell::new(None) };
    static NAMESPACE: RefCell<String> = RefCell::new("mobileid.unconfigured".into());
    static TOKENS: RefCell<Option<Tokens>> = const { RefCell::new(None) };
    static USER: RefCell<Option<SignedInUser>> = const { RefCell::new(None) };
    /// The refresh under way, shared by every request that needs it (refresh tokens are
    /// single-use, so two parallel refreshes would sign the user out), with its ticket.
    static REFRESHING: RefCell<Option<(u64, SharedRefresh)>> = const { RefCell::new(None) };
    static NEXT_TICKET: Cell<u64> = const { Cell::new(0) };
    /// Bumped by sign-out: a token answer that arrives for an older session is dropped.
    static SESSION: Cell<u64> = const { Cell::new(0) };
    /// Set once the browser is on its way to the provider: later 401s start no other login.
    static LEAVING: Cell<bool> = const { Cell::new(false) };
    /// Set by a code exchange, cleared by the first API answer that is not a 401: a 401 right
    /// after a fresh sign-in means the API refuses this sign-in, and another login would loop.
    static FRESH_SIGN_IN: Cell<bool> = const { Cell::new(false) };
    /// Where a refused sign-in is reported (the app's error screen).
    static ON_REFUSED: RefCell<Option<RefusalHandler>> = const { RefCell::new(None) };
}

/// Shows a refused sign-in.
type RefusalHandler = Box<dyn Fn(String)>;

/// A refresh in flight, awaited by every request that needs a fresh token.
type SharedRefresh = Shared<LocalBoxFuture<'static, Result<(), String>>>;

#[derive(Debug)]
pub enum StartOutcome {
    SignedIn,
    /// With the reason to show, if any (refused callback, expired session…).
    SignedOut(Option<String>),
    /// On the way back through the provider (a reload of a signed-in tab).
    Redirecting,
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

/// A storage key of this deployment.
pub fn key(name: &str) -> String {
    NAMESPACE.with(|ns| format!("{}.{name}", ns.borrow()))
}

/// A storage key of this deployment and the signed-in user.
pub fn user_key(name: &str) -> String {
    let user = USER
        .with(|u| u.borrow().as_ref().map(|u| u.storage_id.clone()))
        .unwrap_or_else(|| "-".into());
    key(&format!("u{user}.{name}"))
}

const PENDING: &str = "login";
const STORED_SESSION: &str = "session";
/// Set while this tab is signed in: a reload goes back through the provider at once.
const SIGNED_IN_MARK: &str = "signed-in";
/// A message for the sign-in screen after a sign-out that left the page.
const SIGNED_OUT_NOTE: &str = "signed-out";

async fn get_text(url: &str) -> Result<String, String> {
    let response = gloo_net::http::Request::get(url)
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {} for {url}", response.status()));
    }
    response.text().await.map_err(|e| e.to_string())
}

async fn load_config() -> Result<ResolvedConfig, ConfigError> {
    // Relative to the page, so the console works under any sub-path.
    let text = get_text("config.json")
        .await
        .map_err(ConfigError::NotLoaded)?;
    let mut config = parse_console_config(&text, &browser::page_url())?;
    if let Some(url) = config.discovery_url() {
        match get_text(&url).await {
            Ok(document) => apply_discovery(&mut config, &document)?,
            // Endpoints given in config.json still work without the document.
            Err(_) if !config.needs_discovery() => {}
            Err(e) => return Err(ConfigError::Discovery(e)),
        }
    }
    Ok(config)
}

/// Start-up: a login callback's code and state leave the address bar first, then the
/// configuration loads, then the callback is checked (or the session resumed).
pub async fn start() -> Result<StartOutcome, StartError> {
    let params = CallbackParams::from_query(&browser::query());
    if params.is_callback() {
        // Before anything else (even config.json), the code and state leave the address bar
        // and the history.
        browser::replace_url(&browser::page_url());
    }

    let config = load_config().await.map_err(StartError::Config)?;
    NAMESPACE.with(|ns| *ns.borrow_mut() = config.storage_namespace());
    CONFIG.with(|c| *c.borrow_mut() = Some(config.clone()));

    if let Some(note) = session_storage::get(&key(SIGNED_OUT_NOTE)) {
        session_storage::remove(&key(SIGNED_OUT_NOTE));
        if !params.is_callback() {
            return Ok(StartOutcome::SignedOut(Some(note)));
        }
    }

    if params.is_callback() {
        let pending: Option<PendingLogin> = session_storage::get_json(&key(PENDING));
        session_storage::remove(&key(PENDING));
        if let Some(p) = &pending {
            browser::replace_url(&format!("{}{}", browser::page_url(), p.return_to));
        }
        let verified = match verify_callback(
            pending.as_ref(),
            &params,
            config.issuer.as_deref(),
            config.require_iss,
        ) {
            Ok(v) => v,
            Err(refused) => {
                // A forged callback must not end a session this tab already has; but with a
                // sign-in pending, the tab was signing in anew, so nothing is kept.
                if pending.is_some() {
                    forget_session();
                }
                return Ok(StartOutcome::SignedOut(Some(refused.to_string())));
            }
        };
        return Ok(
            match exchange_code(
                &config,
                verified.code,
                verified.code_verifier,
                verified.nonce,
            )
            .await
            {
                Ok(()) => StartOutcome::SignedIn,
                Err(message) => StartOutcome::SignedOut(Some(message)),
            },
        );
    }

    if config.refresh_token_storage == RefreshTokenStorage::SessionStorage {
        if let Some(stored) = session_storage::get_json::<StoredSession>(&key(STORED_SESSION)) {
            let needs_refresh = stored.tokens.needs_refresh(browser::now_ms());
            TOKENS.with(|t| *t.borrow_mut() = Some(stored.tokens));
            USER.with(|u| *u.borrow_mut() = Some(stored.user));
            if needs_refresh && refresh().await.is_err() {
                return Ok(StartOutcome::SignedOut(Some(
                    "Your session has expired. Sign in again to continue where you left off."
                        .into(),
                )));
            }
            return Ok(StartOutcome::SignedIn);
        }
    }
    if session_storage::get(&key(SIGNED_IN_MARK)).is_some() && !crate::embed::is_framed() {
        // The tab was signed in: back through the provider to the same page.
        begin_login(browser::hash());
        return Ok(StartOutcome::Redirecting);
    }
    Ok(StartOutcome::SignedOut(None))
}

fn oauth_client(config: &ResolvedConfig) -> Result<ConsoleOAuthClient, String> {
    Ok(oauth2::Client::new(ClientId::new(config.client_id.clone()))
        .set_auth_uri(AuthUrl::new(config.authorize_url.clone()).map_err(|e| e.to_string())?)
        .set_token_uri(TokenUrl::new(config.token_url.clone()).map_err(|e| e.to_string())?)
        .set_redirect_uri(
            RedirectUrl::new(config.redirect_url.clone()).map_err(|e| e.to_string())?,
        ))
}

/// Leaves for the provider; `return_to` is the route to show afterwards. Once the browser is
/// leaving, later calls do nothing (one login at a time). Inside a portal's frame, where the
/// provider's page cannot show, the sign-in screen offers the popup instead.
pub fn begin_login(return_to: String) {
    if crate::embed::is_framed() {
        crate::embed::sign_in_needed();
        return;
    }
    if LEAVING.with(|l| l.replace(true)) {
        return;
    }
    let (url, pending) = match authorization_request(&config(), return_to, false) {
        Ok(x) => x,
        Err(e) => {
            LEAVING.with(|l| l.set(false));
            web_sys::console::error_1(&format!("cannot start sign-in: {e}").into());
            return;
        }
    };
    session_storage::set_json(&key(PENDING), &pending);
    browser::navigate_away(&url);
}

/// The authorization request (URL) and what the callback is checked against. A popup's
/// `state` carries [`POPUP_STATE_PREFIX`], so its callback page hands the code back.
fn authorization_request(
    config: &ResolvedConfig,
    return_to: String,
    popup: bool,
) -> Result<(String, PendingLogin), String> {
    let client = oauth_client(config)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(move || {
            let random = CsrfToken::new_random();
            if popup {
                CsrfToken::new(format!("{POPUP_STATE_PREFIX}{}", random.secret()))
            } else {
                random
            }
        })
        .set_pkce_challenge(challenge);
    for scope in &config.scopes {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let nonce = config
        .scopes
        .iter()
        .any(|s| s == "openid")
        .then(|| CsrfToken::new_random().secret().clone());
    if let Some(nonce) = &nonce {
        request = request.add_extra_param("nonce", nonce.clone());
    }
    let (url, state) = request.url();
    Ok((
        url.to_string(),
        PendingLogin {
            state: state.secret().clone(),
            code_verifier: verifier.secret().clone(),
            return_to,
            nonce,
        },
    ))
}

/// Sign-in from a portal's frame, step 1: the authorization request to open in a popup and the
/// pending sign-in, which the framed console keeps in memory (never in storage, which the
/// popup does not share).
pub fn popup_authorization(return_to: String) -> Result<(String, PendingLogin), String> {
    authorization_request(&config(), return_to, true)
}

/// Step 2: the popup handed back its callback (`?code=…&state=…&iss=…`): checked against the
/// pending sign-in (`state` in constant time, `iss`), then the code is exchanged with this
/// console's own verifier.
pub async fn finish_popup_login(pending: PendingLogin, query: &str) -> Result<(), String> {
    let config = config();
    let params = CallbackParams::from_query(query);
    let verified = verify_callback(
        Some(&pending),
        &params,
        config.issuer.as_deref(),
        config.require_iss,
    )
    .map_err(|refused| refused.to_string())?;
    exchange_code(
        &config,
        verified.code,
        verified.code_verifier,
        verified.nonce,
    )
    .await?;
    if !pending.return_to.is_empty() {
        browser::replace_url(&format!("{}{}", browser::page_url(), pending.return_to));
    }
    Ok(())
}

/// A 401 the refresh could not cure: sign in again and come back to the same page. Right
/// after a fresh sign-in, another login would only loop: the API refuses this sign-in.
pub fn login_again() {
    if FRESH_SIGN_IN.with(Cell::get) {
        refuse_sign_in(
            "The API refuses this sign-in (401 right after signing in). Check the scopes and \
             the audience of the console's client at the identity provider."
                .into(),
        );
        return;
    }
    forget_tokens();
    begin_login(browser::hash());
}

/// Where a refused sign-in is shown (set once by the app).
pub fn on_refused(show: impl Fn(String) + 'static) {
    ON_REFUSED.with(|r| *r.borrow_mut() = Some(Box::new(show)));
}

fn refuse_sign_in(message: String) {
    ON_REFUSED.with(|r| {
        if let Some(show) = r.borrow().as_ref() {
            show(message);
        }
    });
}

/// The API answered something other than 401: the sign-in works.
pub fn note_api_accepted() {
    FRESH_SIGN_IN.with(|f| f.set(false));
}

fn describe<E: std::error::Error>(error: RequestTokenError<E, BasicErrorResponse>) -> String {
    match error {
        RequestTokenError::ServerResponse(r) => match r.error_description() {
            Some(d) => format!("Sign-in failed: {} ({d})", r.error()),
            None => format!("Sign-in failed: {}", r.error()),
        },
        RequestTokenError::Request(e) => {
            format!("The identity provider could not be reached: {e}")
        }
        RequestTokenError::Parse(e, _) => {
            format!("The identity provider's answer is not valid: {e}")
        }
        RequestTokenError::Other(e) => format!("Sign-in failed: {e}"),
    }
}

/// Keeps a token answer, unless the session it was asked for has ended meanwhile.
fn keep_tokens(response: &ConsoleTokenResponse, previous_refresh: Option<String>, session: u64) {
    if SESSION.with(Cell::get) != session {
        return; // Signed out while the answer was on its way.
    }
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
    TOKENS.with(|t| *t.borrow_mut() = Some(tokens));
    store_session();
}

/// Writes what the deployer allows to survive a reload.
fn store_session() {
    session_storage::set(&key(SIGNED_IN_MARK), "1");
    if config().refresh_token_storage != RefreshTokenStorage::SessionStorage {
        return;
    }
    let tokens = TOKENS.with(|t| t.borrow().clone());
    let user = USER.with(|u| u.borrow().clone());
    if let (Some(tokens), Some(user)) = (tokens, user) {
        session_storage::set_json(&key(STORED_SESSION), &StoredSession { tokens, user });
    }
}

async fn exchange_code(
    config: &ResolvedConfig,
    code: String,
    verifier: String,
    nonce: Option<String>,
) -> Result<(), String> {
    let session = SESSION.with(Cell::get);
    let client = oauth_client(config)?;
    let response = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(verifier))
        .request_async(&crate::api::fetch)
        .await
        .map_err(describe)?;
    let identity = config.issuer.as_deref().unwrap_or(&config.token_url);
    let user = match &response.extra_fields().id_token {
        Some(id_token) => {
            let claims: IdClaims = check_id_token(
                id_token,
                config.issuer.as_deref(),
                &config.client_id,
                nonce.as_deref(),
            )
            .map_err(|e| format!("Sign-in refused: {e}"))?;
            SignedInUser {
                name: claims.display_name(),
                storage_id: short_hash(&format!("{identity}\n{}", claims.sub)),
                id_token: Some(id_token.clone()),
            }
        }
        // A provider without OpenID Connect: the session is bound to the deployment only.
        None => SignedInUser {
            name: String::new(),
            storage_id: short_hash(identity),
            id_token: None,
        },
    };
    USER.with(|u| *u.borrow_mut() = Some(user));
    FRESH_SIGN_IN.with(|f| f.set(true));
    LEAVING.with(|l| l.set(false));
    keep_tokens(&response, None, session);
    Ok(())
}

async fn do_refresh() -> Result<(), String> {
    let session = SESSION.with(Cell::get);
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
            keep_tokens(&response, Some(refresh_token), session);
            Ok(())
        }
        Err(e) => {
            if SESSION.with(Cell::get) == session {
                forget_tokens();
            }
            Err(describe(e))
        }
    }
}

/// Refreshes the access token; concurrent callers share one refresh.
pub async fn refresh() -> Result<(), String> {
    let (ticket, shared) = REFRESHING.with(|r| {
        r.borrow_mut()
            .get_or_insert_with(|| {
                let ticket = NEXT_TICKET.with(|n| {
                    let t = n.get() + 1;
                    n.set(t);
                    t
                });
                (ticket, do_refresh().boxed_local().shared())
            })
            .clone()
    });
    let result = shared.await;
    // Only the refresh this caller waited for is cleared, never a newer one.
    REFRESHING.with(|r| {
        let mut current = r.borrow_mut();
        if current.as_ref().is_some_and(|(t, _)| *t == ticket) {
            *current = None;
        }
    });
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

/// Drops the tokens (memory and storage); the user and the drafts stay.
fn forget_tokens() {
    TOKENS.with(|t| *t.borrow_mut() = None);
    session_storage::remove(&key(STORED_SESSION));
}

/// Drops the whole session of this tab: tokens, user, the signed-in mark.
fn forget_session() {
    SESSION.with(|s| s.set(s.get() + 1));
    REFRESHING.with(|r| *r.borrow_mut() = None);
    forget_tokens();
    USER.with(|u| *u.borrow_mut() = None);
    session_storage::remove(&key(SIGNED_IN_MARK));
}

/// The signed-in user's name as the provider gives it (empty when it gives none).
pub fn user_name() -> String {
    USER.with(|u| u.borrow().as_ref().map(|u| u.name.clone()))
        .unwrap_or_default()
}

/// Why the session ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignOut {
    /// The admin asked: everything this console kept for the user goes too (drafts included;
    /// the unsaved-changes guard asked first).
    Requested,
    /// No activity for the configured time: drafts stay for the next sign-in.
    Idle,
}

/// Sign-out: the tokens are revoked at the provider, the session there is ended, and the page
/// starts afresh (so no in-memory state survives).
pub async fn sign_out(why: SignOut) {
    let config = config();
    let tokens = TOKENS.with(|t| t.borrow().clone());
    let id_token = USER.with(|u| u.borrow().as_ref().and_then(|u| u.id_token.clone()));
    let user_prefix = user_key("");
    forget_session();
    // The drafts are in storage (or deliberately dropped): leaving must not ask again.
    crate::state::unsaved::set_unsaved(false);
    if why == SignOut::Requested {
        session_storage::remove_prefixed(&user_prefix);
    }
    if let (Some(url), Some(tokens)) = (&config.revocation_url, &tokens) {
        if let Some(refresh) = &tokens.refresh_token {
            revoke(url, &config.client_id, refresh, "refresh_token").await;
        }
        revoke(url, &config.client_id, &tokens.access_token, "access_token").await;
    }
    let note = match why {
        SignOut::Requested => "You have signed out.",
        SignOut::Idle => {
            "You were signed out after a period without activity. Your unsaved changes are \
             kept: sign in to continue."
        }
    };
    session_storage::set(&key(SIGNED_OUT_NOTE), note);
    match &config.end_session_url {
        // In a portal's frame the provider's page cannot show: the console starts afresh.
        Some(end_session) if !crate::embed::is_framed() => {
            let mut url = match url::Url::parse(end_session) {
                Ok(url) => url,
                Err(_) => return browser::navigate_away(&config.console_url),
            };
            {
                let mut query = url.query_pairs_mut();
                query.append_pair("client_id", &config.client_id);
                query.append_pair("post_logout_redirect_uri", &config.console_url);
                if let Some(hint) = &id_token {
                    query.append_pair("id_token_hint", hint);
                }
            }
            browser::navigate_away(url.as_str());
        }
        _ => browser::navigate_away(&config.console_url),
    }
}

/// RFC 7009: tells the provider a token is no longer needed. Failures are logged, not shown:
/// the session in this tab is over either way.
async fn revoke(url: &str, client_id: &str, token: &str, hint: &str) {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("token", token)
        .append_pair("token_type_hint", hint)
        .append_pair("client_id", client_id)
        .finish();
    let request = http::Request::builder()
        .method(http::Method::POST)
        .uri(url)
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(body.into_bytes());
    let outcome = match request {
        Ok(request) => crate::api::fetch(request)
            .await
            .map(|r| r.status().as_u16())
            .map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    if !matches!(outcome, Ok(200)) {
        web_sys::console::warn_1(
            &format!("token revocation ({hint}) did not succeed: {outcome:?}").into(),
        );
    }
}
