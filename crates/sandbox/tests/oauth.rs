//! The sandbox's authorization server as a real identity provider behaves, over HTTP against a
//! sandbox started in-process: discovery, `iss` on the authorization response, PKCE (S256
//! only), exact redirect URIs, single-use codes, refresh-token families with reuse detection,
//! revocation, the provider session (SSO) and its end, ID tokens, the Host check, RFC 6749
//! error bodies, the login page's headers, and access tokens of a trusted external provider.

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::unique_dir;
use mobileid_admin_contract::Endpoint;
use mobileid_sandbox::{start, Sandbox, SandboxConfig, DEFAULT_CLIENT_ID};
use p256::ecdsa::signature::Signer;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const VERIFIER: &str = "a-pkce-code-verifier-that-is-long-enough-0123456789";
/// `VERIFIER`'s S256 challenge, worked out apart from the sandbox:
/// `printf %s "$VERIFIER" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d =`.
const CHALLENGE: &str = "K7M1UWQn90E5MVbwQ4ZwuLqXz1lXaDItfGfYO9Iq0Tk";
const SCOPE: &str = "openid profile mobileid-admin";

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The claims of a JWT (not verified).
fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON")
}

fn location(r: &reqwest::Response) -> url::Url {
    let text = r
        .headers()
        .get("location")
        .unwrap_or_else(|| panic!("a redirect, got {}", r.status()))
        .to_str()
        .unwrap();
    url::Url::parse(text).expect("an absolute URL")
}

fn query(url: &url::Url) -> HashMap<String, String> {
    url.query_pairs().into_owned().collect()
}

/// `name=value` of the provider's session cookie, if the answer sets one.
fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("mobileid_sandbox_session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
}

struct Provider {
    sandbox: Option<Sandbox>,
    dir: PathBuf,
    http: reqwest::Client,
}

/// What the browser brings back from a sign-in.
struct SignIn {
    code: String,
    cookie: String,
}

impl Provider {
    async fn start(name: &str) -> Self {
        Self::with(SandboxConfig::new(0, unique_dir(name))).await
    }

    async fn with(config: SandboxConfig) -> Self {
        let dir = config.data_dir.clone();
        let sandbox = start(config).await.expect("the sandbox starts");
        Provider {
            sandbox: Some(sandbox),
            dir,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }

    fn sandbox(&self) -> &Sandbox {
        self.sandbox.as_ref().expect("running")
    }

    fn issuer(&self) -> String {
        self.sandbox().state.issuer()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.issuer())
    }

    /// The console's URL: a registered redirect URI.
    fn redirect_uri(&self) -> String {
        self.sandbox().url()
    }

    /// An authorization request's parameters, `changes` replacing or adding (an empty value
    /// removes the parameter).
    fn params(&self, changes: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut params: Vec<(String, String)> = [
            ("response_type", "code"),
            ("client_id", DEFAULT_CLIENT_ID),
            ("redirect_uri", &self.redirect_uri()),
            ("scope", SCOPE),
            ("state", "state-1"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
            ("nonce", "nonce-1"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (k, v) in changes {
            params.retain(|(name, _)| name != k);
            if !v.is_empty() {
                params.push((k.to_string(), v.to_string()));
            }
        }
        params
    }

    async fn authorize(&self, changes: &[(&str, &str)], cookie: Option<&str>) -> reqwest::Response {
        let mut request = self
            .http
            .get(self.url("/oauth/authorize"))
            .query(&self.params(changes));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("an answer")
    }

    async fn login(
        &self,
        changes: &[(&str, &str)],
        username: &str,
        password: &str,
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut form = self.params(changes);
        form.push(("username".into(), username.into()));
        form.push(("password".into(), password.into()));
        let mut request = self.http.post(self.url("/oauth/authorize")).form(&form);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("an answer")
    }

    /// Through the login form: the code and the provider's session cookie.
    async fn sign_in_with(&self, changes: &[(&str, &str)]) -> SignIn {
        let r = self.login(changes, "admin", "mobileid", None).await;
        assert_eq!(r.status(), 303, "{:?}", r.text().await);
        let cookie = session_cookie(&r).expect("a session cookie");
        let params = query(&location(&r));
        SignIn {
            code: params["code"].clone(),
            cookie,
        }
    }

    async fn sign_in(&self) -> SignIn {
        self.sign_in_with(&[]).await
    }

    async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let r = self
            .http
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .expect("an answer");
        let status = r.status().as_u16();
        if status == 200 || status >= 400 {
            assert_eq!(
                r.headers()
                    .get("cache-control")
                    .map(|v| v.to_str().unwrap()),
                Some("no-store"),
                "{path}"
            );
        }
        let bytes = r.bytes().await.unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn exchange(&self, code: &str) -> (u16, Value) {
        let redirect_uri = self.redirect_uri();
        self.post_form(
            "/oauth/token",
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", &redirect_uri),
                ("client_id", DEFAULT_CLIENT_ID),
                ("code_verifier", VERIFIER),
            ],
        )
        .await
    }

    /// Signs in and exchanges the code: the token response.
    async fn tokens(&self) -> Value {
        let sign_in = self.sign_in().await;
        let (status, body) = self.exchange(&sign_in.code).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    async fn refresh(&self, refresh_token: &str) -> (u16, Value) {
        self.post_form(
            "/oauth/token",
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
                ("client_id", DEFAULT_CLIENT_ID),
            ],
        )
        .await
    }

    async fn revoke(&self, token: &str, hint: &str) -> u16 {
        self.post_form(
            "/oauth/revoke",
            &[
                ("token", token),
                ("token_type_hint", hint),
                ("client_id", DEFAULT_CLIENT_ID),
            ],
        )
        .await
        .0
    }

    /// The API's answer to "Get account" with this bearer token.
    async fn api_status(&self, token: &str) -> u16 {
        self.http
            .get(format!(
                "{}{}",
                self.sandbox().api_base(),
                Endpoint::GetAccount.path(&[])
            ))
            .bearer_auth(token)
            .send()
            .await
            .expect("an answer")
            .status()
            .as_u16()
    }

    async fn finish(mut self) {
        if let Some(sandbox) = self.sandbox.take() {
            sandbox.stop().await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} in {v}"))
}

// ---------------------------------------------------------------- discovery

#[tokio::test]
async fn the_discovery_document_names_the_issuer_and_every_endpoint() {
    let p = Provider::start("discovery").await;
    let issuer = p.issuer();
    assert_eq!(
        issuer,
        format!("http://127.0.0.1:{}", p.sandbox().addr.port())
    );
    let r = p
        .http
        .get(p.url("/.well-known/openid-configuration"))
        .header("origin", "https://elsewhere.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    let doc: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(doc["issuer"], issuer);
    assert_eq!(
        doc["authorization_endpoint"],
        format!("{issuer}/oauth/authorize")
    );
    assert_eq!(doc["token_endpoint"], format!("{issuer}/oauth/token"));
    assert_eq!(doc["revocation_endpoint"], format!("{issuer}/oauth/revoke"));
    assert_eq!(
        doc["end_session_endpoint"],
        format!("{issuer}/oauth/logout")
    );
    assert_eq!(doc["jwks_uri"], format!("{issuer}/oauth/jwks"));
    assert_eq!(doc["response_types_supported"], json!(["code"]));
    assert_eq!(
        doc["grant_types_supported"],
        json!(["authorization_code", "refresh_token"])
    );
    assert_eq!(doc["code_challenge_methods_supported"], json!(["S256"]));
    assert_eq!(
        doc["token_endpoint_auth_methods_supported"],
        json!(["none"])
    );
    assert_eq!(doc["authorization_response_iss_parameter_supported"], true);
    assert_eq!(
        doc["id_token_signing_alg_values_supported"],
        json!(["ES256"])
    );
    assert_eq!(doc["subject_types_supported"], json!(["public"]));
    let scopes = doc["scopes_supported"].as_array().unwrap();
    assert!(scopes.contains(&json!("openid")) && scopes.contains(&json!("mobileid-admin")));

    // RFC 8414's name for the same document.
    let r = p
        .http
        .get(p.url("/.well-known/oauth-authorization-server"))
        .send()
        .await
        .unwrap();
    let same: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(same, doc);

    // The keys, readable from anywhere.
    let r = p
        .http
        .get(p.url("/oauth/jwks"))
        .header("origin", "https://elsewhere.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    let jwks: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(jwks["keys"][0]["kty"], "EC");
    assert_eq!(jwks["keys"][0]["crv"], "P-256");
    assert_eq!(jwks["keys"][0]["alg"], "ES256");
    assert!(jwks["keys"][0].get("d").is_none(), "no private part");

    // The console's config.json names the issuer and asks for openid.
    let r = p.http.get(p.url("/config.json")).send().await.unwrap();
    let config: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(config["issuer"], issuer);
    assert_eq!(config["authorizeUrl"], "/oauth/authorize");
    assert_eq!(config["tokenUrl"], "/oauth/token");
    assert!(config["scopes"]
        .as_array()
        .unwrap()
        .contains(&json!("openid")));
    p.finish().await;
}

#[tokio::test]
async fn the_token_and_revocation_endpoints_answer_cors_preflights() {
    let p = Provider::start("preflight").await;
    for path in ["/oauth/token", "/oauth/revoke"] {
        let r = p
            .http
            .request(reqwest::Method::OPTIONS, p.url(path))
            .header("origin", "https://console.example")
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        assert_eq!(r.headers()["access-control-allow-origin"], "*", "{path}");
    }
    p.finish().await;
}

// ---------------------------------------------------------------- authorization endpoint

#[tokio::test]
async fn the_login_page_is_not_cached_framed_or_scripted() {
    let p = Provider::start("login-headers").await;
    let r = p.authorize(&[], None).await;
    assert_eq!(r.status(), 200);
    let headers = r.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("form-action 'self'"), "{csp}");
    assert!(!csp.contains("script-src"), "no script at all: {csp}");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    let page = r.text().await.unwrap();
    assert!(page.contains("name=\"password\""), "{page}");
    assert!(page.contains("name=\"nonce\" value=\"nonce-1\""), "{page}");
    // The error page too.
    let r = p.authorize(&[("client_id", "someone-else")], None).await;
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    assert_eq!(r.headers()["cache-control"], "no-store");
    p.finish().await;
}

#[tokio::test]
async fn the_callback_carries_code_state_and_iss_and_so_do_errors() {
    let p = Provider::start("iss").await;
    let r = p.login(&[], "admin", "mobileid", None).await;
    assert_eq!(r.status(), 303);
    let back = location(&r);
    assert!(back.as_str().starts_with(&p.redirect_uri()), "{back}");
    let params = query(&back);
    assert_eq!(params["state"], "state-1");
    assert_eq!(params["iss"], p.issuer());
    assert!(params["code"].len() >= 32);
    assert_eq!(r.headers()["cache-control"], "no-store");

    let r = p.authorize(&[("response_type", "token")], None).await;
    let params = query(&location(&r));
    assert_eq!(params["error"], "unsupported_response_type");
    assert_eq!(params["state"], "state-1");
    assert_eq!(params["iss"], p.issuer());
    assert!(!params.contains_key("code"));
    p.finish().await;
}

#[tokio::test]
async fn pkce_is_required_and_only_s256_is_accepted() {
    let p = Provider::start("pkce").await;
    for changes in [
        vec![
            ("code_challenge_method", "plain"),
            ("code_challenge", VERIFIER),
        ],
        vec![("code_challenge_method", "")],
        vec![("code_challenge", "")],
        vec![("code_challenge", "too-short")],
    ] {
        let r = p.authorize(&changes, None).await;
        let params = query(&location(&r));
        assert_eq!(params["error"], "invalid_request", "{changes:?}");
        assert!(params["error_description"].contains("S256"), "{changes:?}");
        assert_eq!(params["iss"], p.issuer());
        assert_eq!(params["state"], "state-1");
        // The login form refuses the same.
        let r = p.login(&changes, "admin", "mobileid", None).await;
        assert!(query(&location(&r)).contains_key("error"), "{changes:?}");
        assert!(session_cookie(&r).is_none());
    }
    // A wrong verifier is refused, and the code is spent.
    let sign_in = p.sign_in().await;
    let redirect_uri = p.redirect_uri();
    let wrong = "another-pkce-code-verifier-that-is-long-enough-000000";
    let (status, body) = p
        .post_form(
            "/oauth/token",
            &[
                ("grant_type", "authorization_code"),
                ("code", &sign_in.code),
                ("redirect_uri", &redirect_uri),
                ("client_id", DEFAULT_CLIENT_ID),
                ("code_verifier", wrong),
            ],
        )
        .await;
    assert_eq!((status, str_of(&body, "error")), (400, "invalid_grant"));
    assert_eq!(p.exchange(&sign_in.code).await.0, 400, "single use");
    p.finish().await;
}

#[tokio::test]
async fn redirect_uris_must_match_a_registered_one_exactly() {
    let mut config = SandboxConfig::new(0, unique_dir("redirect"));
    config
        .oauth
        .extra_redirect_uris
        .push("http://127.0.0.1:9/elsewhere/".into());
    let p = Provider::with(config).await;
    let own = p.redirect_uri();
    let port = p.sandbox().addr.port();
    for wrong in [
        format!("{own}?x=1"),
        format!("{own}#fragment"),
        format!("{own}other"),
        own.trim_end_matches('/').to_string(),
        format!("http://127.0.0.1:{}/", port.wrapping_add(1)),
        format!("https://127.0.0.1:{port}/"),
        "https://evil.example/".to_string(),
        "http://127.0.0.1:9/elsewhere".to_string(),
    ] {
        let r = p.authorize(&[("redirect_uri", &wrong)], None).await;
        assert_eq!(r.status(), 400, "{wrong}");
        assert!(r.headers().get("location").is_none(), "{wrong}");
        let r = p
            .login(&[("redirect_uri", &wrong)], "admin", "mobileid", None)
            .await;
        assert_eq!(r.status(), 400, "{wrong}");
    }
    for right in [
        own.clone(),
        format!("{own}index.html"),
        format!("http://localhost:{port}/"),
        "http://127.0.0.1:9/elsewhere/".to_string(),
    ] {
        let r = p.authorize(&[("redirect_uri", &right)], None).await;
        assert_eq!(r.status(), 200, "{right}");
    }
    // The exchange names the same redirect URI, exactly.
    let sign_in = p.sign_in().await;
    let (status, body) = p
        .post_form(
            "/oauth/token",
            &[
                ("grant_type", "authorization_code"),
                ("code", &sign_in.code),
                ("redirect_uri", &format!("{own}index.html")),
                ("client_id", DEFAULT_CLIENT_ID),
                ("code_verifier", VERIFIER),
            ],
        )
        .await;
    assert_eq!((status, str_of(&body, "error")), (400, "invalid_grant"));
    p.finish().await;
}

#[tokio::test]
async fn a_wrong_password_is_refused_slowly_and_starts_no_session() {
    let p = Provider::start("password").await;
    for (user, password) in [("admin", "wrong"), ("nobody", "mobileid"), ("admin", "")] {
        let started = Instant::now();
        let r = p.login(&[], user, password, None).await;
        assert!(started.elapsed() >= Duration::from_millis(300), "{user}");
        assert_eq!(r.status(), 401, "{user}");
        assert!(session_cookie(&r).is_none());
        assert!(r.headers().get("location").is_none());
        let page = r.text().await.unwrap();
        assert!(page.contains("id=\"login-error\""), "{page}");
    }
    assert_eq!(p.sandbox().state.auth.active_sessions(), 0);
    p.finish().await;
}

// ---------------------------------------------------------------- provider session (SSO)

#[tokio::test]
async fn a_live_provider_session_answers_at_once_unless_prompt_login() {
    let p = Provider::start("sso").await;
    let r = p.login(&[], "admin", "mobileid", None).await;
    let set_cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("mobileid_sandbox_session="))
        .expect("a session cookie");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/oauth/", "Max-Age=28800"] {
        assert!(set_cookie.contains(flag), "{flag}: {set_cookie}");
    }
    let cookie = session_cookie(&r).unwrap();
    assert_eq!(p.sandbox().state.auth.active_sessions(), 1);

    // Another authorization request (a reload, another tab): a code at once, no form.
    let r = p
        .authorize(&[("state", "state-2"), ("nonce", "nonce-2")], Some(&cookie))
        .await;
    assert_eq!(r.status(), 303);
    let params = query(&location(&r));
    assert_eq!(params["state"], "state-2");
    assert_eq!(params["iss"], p.issuer());
    let (status, body) = p.exchange(&params["code"]).await;
    assert_eq!(status, 200, "{body}");
    let id = claims(str_of(&body, "id_token"));
    assert_eq!(id["nonce"], "nonce-2");
    assert_eq!(id["sub"], "admin");

    // prompt=login: the form all the same.
    let r = p.authorize(&[("prompt", "login")], Some(&cookie)).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("name=\"password\""));

    // prompt=none: a code with the session, login_required without.
    let r = p.authorize(&[("prompt", "none")], Some(&cookie)).await;
    assert!(query(&location(&r)).contains_key("code"));
    let r = p.authorize(&[("prompt", "none")], None).await;
    let params = query(&location(&r));
    assert_eq!(params["error"], "login_required");
    assert_eq!(params["iss"], p.issuer());

    // A made-up cookie is no session.
    let r = p
        .authorize(&[], Some("mobileid_sandbox_session=forged"))
        .await;
    assert_eq!(r.status(), 200);
    p.finish().await;
}

#[tokio::test]
async fn the_provider_session_and_its_refresh_tokens_end_after_the_session_lifetime() {
    let mut config = SandboxConfig::new(0, unique_dir("session-ttl"));
    config.oauth.session_ttl = Duration::from_secs(2);
    let p = Provider::with(config).await;
    let sign_in = p.sign_in().await;
    let (status, body) = p.exchange(&sign_in.code).await;
    assert_eq!(status, 200);
    assert!(body["expires_in"].as_u64().unwrap() <= 2, "{body}");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let r = p.authorize(&[], Some(&sign_in.cookie)).await;
    assert_eq!(r.status(), 200, "the form again");
    let (status, body) = p.refresh(str_of(&body, "refresh_token")).await;
    assert_eq!((status, str_of(&body, "error")), (400, "invalid_grant"));
    p.finish().await;
}

// ---------------------------------------------------------------- codes and tokens

#[tokio::test]
async fn a_code_is_single_use_and_its_reuse_revokes_what_it_issued() {
    let p = Provider::start("code-reuse").await;
    let sign_in = p.sign_in().await;
    let (status, tokens) = p.exchange(&sign_in.code).await;
    assert_eq!(status, 200, "{tokens}");
    let access = str_of(&tokens, "access_token");
    let refresh = str_of(&tokens, "refresh_token");
    assert_eq!(p.api_status(access).await, 200);
    assert!(p.sandbox().state.auth.refresh_token_is_active(refresh));

    let (status, body) = p.exchange(&sign_in.code).await;
    assert_eq!((status, str_of(&body, "error")), (400, "invalid_grant"));
    assert_eq!(
        p.api_status(access).await,
        401,
        "the access token is revoked"
    );
    assert!(!p.sandbox().state.auth.refresh_token_is_active(refresh));
    let (status, body) = p.refresh(refresh).await;
    assert_eq!((status, str_of(&body, "error")), (400, "invalid_grant"));
    // An unknown code.
    let (status, body) = p.exchange("made-up").await;
    assert_eq!((status, str_of(&body, "error")), (400, "invalid_grant"));
    p.finish().await;
}

#[tokio::test]
async fn the_id_token_says_who_signed_in_for_which_client() {
    let p = Provider::start("id-token").await;
    let before = now();
    let tokens = p.tokens().await;
    let id_token = str_of(&tokens, "id_token");
    // Signed by the key the JWKS publishes.
    let auth = &p.sandbox().state.auth;
    let verified = auth.verify_id_token(id_token).expect("a valid signature");
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(id_token.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["kid"], auth.jwks()["keys"][0]["kid"]);
    let c = claims(id_token);
    assert_eq!(c, verified);
    assert_eq!(c["iss"], p.issuer());
    assert_eq!(c["sub"], "admin");
    assert_eq!(c["aud"], DEFAULT_CLIENT_ID);
    assert_eq!(c["name"], "Demo Admin");
    assert_eq!(c["preferred_username"], "admin");
    assert_eq!(c["nonce"], "nonce-1");
    let iat = c["iat"].as_u64().unwrap();
    assert!(iat >= before && iat <= now());
    assert!(c["exp"].as_u64().unwrap() > iat);
    assert!(c["auth_time"].as_u64().unwrap() <= iat);
    let digest = <sha2::Sha256 as sha2::Digest>::digest(str_of(&tokens, "access_token"));
    assert_eq!(c["at_hash"], URL_SAFE_NO_PAD.encode(&digest[..16]));
    // The access token is issued by the same issuer.
    assert_eq!(claims(str_of(&tokens, "access_token"))["iss"], p.issuer());

    // A refresh brings a new ID token for the same sign-in, without the nonce.
    let (status, refreshed) = p.refresh(str_of(&tokens, "refresh_token")).await;
    assert_eq!(status, 200);
    let again = claims(str_of(&refreshed, "id_token"));
    assert_eq!(again["sub"], "admin");
    assert_eq!(again["auth_time"], c["auth_time"]);
    assert!(again.get("nonce").is_none());

    // Without openid: no ID token.
    let sign_in = p.sign_in_with(&[("scope", "mobileid-admin")]).await;
    let (status, body) = p.exchange(&sign_in.code).await;
    assert_eq!(status, 200);
    assert!(body.get("id_token").is_none(), "{body}");
    assert_eq!(body["scope"], "mobileid-admin");
    p.finish().await;
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_revokes_its_family() {
    let p = Provider::start("rotation").await;
    let auth = &p.sandbox().state.auth;
    let tokens = p.tokens().await;
    let first = str_of(&tokens, "refresh_token").to_string();
    let (status, second) = p.refresh(&first).await;
    assert_eq!(status, 200);
    let second_refresh = str_of(&second, "refresh_token").to_string();
    assert_ne!(second_refresh, first, "rotated");
    assert!(!auth.refresh_token_is_active(&first));
    assert!(auth.refresh_token_is_active(&second_refresh));
    let (status, third) = p.refresh(&second_refresh).await;
    assert_eq!(status, 200);
    let third_refresh = str_of(&third, "refresh_token").to_string();
    let third_access = str_of(&third, "access_token").to_string();
    assert_eq!(p.api_status(&third_access).await, 200);
    // Another grant of the same user, which reuse elsewhere must leave alone.
    let other = p.tokens().await;
    assert_eq!(auth.active_refresh_tokens(), 2);

    // The first token again (stolen and replayed, say): the family is revoked.
    let (status, body) = p.refresh(&first).await;
    assert_eq!((status, str_of(&body, "error")), (400, "invalid_grant"));
    assert!(!auth.refresh_token_is_active(&third_refresh));
    let (status, body) = p.refresh(&third_refresh).await;
    assert_eq!((status, str_of(&body, "error")), (400, "invalid_grant"));
    assert_eq!(p.api_status(&third_access).await, 401);
    assert_eq!(auth.active_refresh_tokens(), 1);
    assert_eq!(p.api_status(str_of(&other, "access_token")).await, 200);
    let (status, _) = p.refresh(str_of(&other, "refresh_token")).await;
    assert_eq!(status, 200);
    // Another client cannot use a refresh token.
    let (status, body) = p
        .post_form(
            "/oauth/token",
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", "anything"),
                ("client_id", "someone-else"),
            ],
        )
        .await;
    assert_eq!((status, str_of(&body, "error")), (401, "invalid_client"));
    p.finish().await;
}

#[tokio::test]
async fn revocation_ends_a_refresh_tokens_family_or_one_access_token() {
    let p = Provider::start("revoke").await;
    let auth = &p.sandbox().state.auth;

    // A refresh token: its whole family and the family's access tokens.
    let tokens = p.tokens().await;
    let (_, rotated) = p.refresh(str_of(&tokens, "refresh_token")).await;
    let refresh = str_of(&rotated, "refresh_token");
    let access = str_of(&rotated, "access_token");
    assert_eq!(p.revoke(refresh, "refresh_token").await, 200);
    assert!(!auth.refresh_token_is_active(refresh));
    assert_eq!(p.refresh(refresh).await.0, 400);
    assert_eq!(p.api_status(access).await, 401);
    // Again, and with the wrong hint: still 200.
    assert_eq!(p.revoke(refresh, "access_token").await, 200);

    // An access token alone: the API refuses it; the refresh token still works.
    let tokens = p.tokens().await;
    let access = str_of(&tokens, "access_token");
    assert_eq!(p.revoke(access, "access_token").await, 200);
    assert_eq!(p.api_status(access).await, 401);
    let (status, refreshed) = p.refresh(str_of(&tokens, "refresh_token")).await;
    assert_eq!(status, 200);
    assert_eq!(p.api_status(str_of(&refreshed, "access_token")).await, 200);
    // Without a hint.
    assert_eq!(p.revoke(str_of(&refreshed, "access_token"), "").await, 200);
    assert_eq!(p.api_status(str_of(&refreshed, "access_token")).await, 401);

    // Unknown tokens: 200 (RFC 7009 §2.2).
    assert_eq!(p.revoke("not-a-token", "").await, 200);
    assert_eq!(p.revoke("a.b.c", "access_token").await, 200);
    // An unknown client, a secret, no token: errors.
    let (status, body) = p
        .post_form(
            "/oauth/revoke",
            &[("token", "x"), ("client_id", "someone-else")],
        )
        .await;
    assert_eq!((status, str_of(&body, "error")), (401, "invalid_client"));
    let (status, body) = p
        .post_form(
            "/oauth/revoke",
            &[
                ("token", "x"),
                ("client_id", DEFAULT_CLIENT_ID),
                ("client_secret", "s"),
            ],
        )
        .await;
    assert_eq!((status, str_of(&body, "error")), (401, "invalid_client"));
    let (status, body) = p
        .post_form("/oauth/revoke", &[("client_id", DEFAULT_CLIENT_ID)])
        .await;
    assert_eq!((status, str_of(&body, "error")), (400, "invalid_request"));
    p.finish().await;
}

#[tokio::test]
async fn token_endpoint_errors_are_rfc_6749_json() {
    let p = Provider::start("errors").await;
    type Form<'a> = Vec<(&'a str, &'a str)>;
    let cases: Vec<(Form, u16, &str)> = vec![
        (
            vec![("client_id", DEFAULT_CLIENT_ID)],
            400,
            "invalid_request",
        ),
        (
            vec![("client_id", DEFAULT_CLIENT_ID), ("grant_type", "password")],
            400,
            "unsupported_grant_type",
        ),
        (
            vec![
                ("client_id", DEFAULT_CLIENT_ID),
                ("grant_type", "client_credentials"),
            ],
            400,
            "unsupported_grant_type",
        ),
        (
            vec![("grant_type", "authorization_code")],
            401,
            "invalid_client",
        ),
        (
            vec![
                ("grant_type", "refresh_token"),
                ("client_id", DEFAULT_CLIENT_ID),
                ("client_secret", "leaked"),
            ],
            401,
            "invalid_client",
        ),
        (
            vec![
                ("grant_type", "refresh_token"),
                ("client_id", DEFAULT_CLIENT_ID),
            ],
            400,
            "invalid_grant",
        ),
    ];
    for (form, status, error) in cases {
        let r = p
            .http
            .post(p.url("/oauth/token"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), status, "{form:?}");
        assert_eq!(r.headers()["content-type"], "application/json", "{form:?}");
        assert_eq!(r.headers()["cache-control"], "no-store");
        let body: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(body["error"], error, "{form:?}");
        assert!(body["error_description"].is_string());
    }
    // Not a form, or a parameter twice: invalid_request, in JSON too.
    for (content_type, body) in [
        ("application/json", r#"{"grant_type":"refresh_token"}"#),
        (
            "application/x-www-form-urlencoded",
            "grant_type=refresh_token&grant_type=authorization_code&client_id=mobileid-console",
        ),
    ] {
        let r = p
            .http
            .post(p.url("/oauth/token"))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{body}");
        let answer: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(answer["error"], "invalid_request", "{body}");
    }
    p.finish().await;
}

// ---------------------------------------------------------------- end session

#[tokio::test]
async fn end_session_signs_out_and_returns_only_to_a_registered_uri() {
    let p = Provider::start("logout").await;
    let auth = &p.sandbox().state.auth;
    let sign_in = p.sign_in().await;
    let (_, tokens) = p.exchange(&sign_in.code).await;
    let id_token = str_of(&tokens, "id_token");
    let redirect_uri = p.redirect_uri();

    let r = p
        .http
        .get(p.url("/oauth/logout"))
        .query(&[
            ("client_id", DEFAULT_CLIENT_ID),
            ("post_logout_redirect_uri", &redirect_uri),
            ("id_token_hint", id_token),
            ("state", "bye-1"),
        ])
        .header("cookie", &sign_in.cookie)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    let back = location(&r);
    assert!(back.as_str().starts_with(&redirect_uri), "{back}");
    assert_eq!(query(&back)["state"], "bye-1");
    let cleared = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("mobileid_sandbox_session="))
        .expect("the cookie is cleared");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert_eq!(auth.active_sessions(), 0);
    // The session's grant ends with it.
    assert_eq!(auth.active_refresh_tokens(), 0);
    assert_eq!(p.api_status(str_of(&tokens, "access_token")).await, 401);
    // The old cookie no longer skips the form.
    let r = p.authorize(&[], Some(&sign_in.cookie)).await;
    assert_eq!(r.status(), 200);

    // An unregistered post-logout URI: signed out all the same, but not sent there.
    let sign_in = p.sign_in().await;
    let r = p
        .http
        .get(p.url("/oauth/logout"))
        .query(&[
            ("client_id", DEFAULT_CLIENT_ID),
            ("post_logout_redirect_uri", "https://evil.example/"),
            ("state", "bye-2"),
        ])
        .header("cookie", &sign_in.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("location").is_none());
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    let page = r.text().await.unwrap();
    assert!(page.contains("You are signed out"), "{page}");
    assert!(!page.contains("evil.example"), "{page}");
    assert_eq!(auth.active_sessions(), 0);

    // A registered URI, but the client is not identified (or the hint is forged): no redirect.
    for query_params in [
        vec![("post_logout_redirect_uri", redirect_uri.as_str())],
        vec![
            ("post_logout_redirect_uri", redirect_uri.as_str()),
            ("id_token_hint", "forged.id.token"),
        ],
        vec![
            ("post_logout_redirect_uri", redirect_uri.as_str()),
            ("client_id", "someone-else"),
        ],
    ] {
        let r = p
            .http
            .get(p.url("/oauth/logout"))
            .query(&query_params)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{query_params:?}");
        assert!(r.headers().get("location").is_none(), "{query_params:?}");
    }
    // The ID token alone names the client; POST works as GET.
    let r = p
        .http
        .post(p.url("/oauth/logout"))
        .form(&[
            ("post_logout_redirect_uri", redirect_uri.as_str()),
            ("id_token_hint", id_token),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    // Nothing at all: the page.
    let r = p.http.get(p.url("/oauth/logout")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("You are signed out"));
    p.finish().await;
}

#[tokio::test]
async fn end_all_sessions_ends_tokens_and_provider_sessions() {
    let p = Provider::start("end-all").await;
    let auth = &p.sandbox().state.auth;
    let sign_in = p.sign_in().await;
    let (_, tokens) = p.exchange(&sign_in.code).await;
    assert_eq!(
        (auth.active_sessions(), auth.active_refresh_tokens()),
        (1, 1)
    );
    auth.end_all_sessions();
    assert_eq!(
        (auth.active_sessions(), auth.active_refresh_tokens()),
        (0, 0)
    );
    assert_eq!(p.api_status(str_of(&tokens, "access_token")).await, 401);
    assert_eq!(p.refresh(str_of(&tokens, "refresh_token")).await.0, 400);
    let r = p.authorize(&[], Some(&sign_in.cookie)).await;
    assert_eq!(r.status(), 200, "the login form");
    p.finish().await;
}

// ---------------------------------------------------------------- Host header

#[tokio::test]
async fn requests_for_another_host_are_refused() {
    let p = Provider::start("host").await;
    let port = p.sandbox().addr.port();
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "127.0.0.1".to_string(),
    ] {
        for path in [
            "/oauth/authorize",
            "/.well-known/openid-configuration",
            "/config.json",
        ] {
            let r = p
                .http
                .get(p.url(path))
                .header("host", &host)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 421, "{host} {path}");
        }
    }
    // localhost is this sandbox too, and what it answers does not depend on the name used.
    let r = p
        .http
        .get(p.url("/.well-known/openid-configuration"))
        .header("host", format!("LOCALHOST:{port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let doc: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(doc["issuer"], p.issuer());
    // A redirect URI on the Host's name is not registered because the Host says so.
    let r = p
        .http
        .get(p.url("/oauth/authorize"))
        .query(&p.params(&[("redirect_uri", &format!("http://localhost:{port}/x"))]))
        .header("host", format!("localhost:{port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    p.finish().await;
}

// ---------------------------------------------------------------- an external provider

const EXTERNAL: &str = "https://op.example.test";

fn es256_token(key: &p256::ecdsa::SigningKey, kid: &str, claims: &Value) -> String {
    let header = json!({ "alg": "ES256", "typ": "at+jwt", "kid": kid });
    let signed = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature: p256::ecdsa::Signature = key.sign(signed.as_bytes());
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

fn ec_jwk(key: &p256::ecdsa::SigningKey, kid: &str) -> Value {
    let point = key.verifying_key().to_encoded_point(false);
    json!({
        "kty": "EC", "crv": "P-256", "kid": kid, "use": "sig", "alg": "ES256",
        "x": URL_SAFE_NO_PAD.encode(point.x().unwrap()),
        "y": URL_SAFE_NO_PAD.encode(point.y().unwrap()),
    })
}

fn signing_key(seed: u8) -> p256::ecdsa::SigningKey {
    p256::ecdsa::SigningKey::from_slice(&[seed; 32]).unwrap()
}

#[tokio::test]
async fn tokens_of_a_trusted_provider_are_accepted_as_the_demo_admin() {
    let rs256: Value =
        serde_json::from_str(include_str!("data/rs256.json")).expect("the RS256 vector");
    let dir = unique_dir("trust");
    std::fs::create_dir_all(&dir).unwrap();
    let jwks_file = dir.join("jwks.json");
    let key = signing_key(7);
    let mut keys = vec![ec_jwk(&key, "ec-1")];
    keys.extend(rs256["jwks"]["keys"].as_array().unwrap().iter().cloned());
    std::fs::write(&jwks_file, json!({ "keys": keys }).to_string()).unwrap();
    let mut config = SandboxConfig::new(0, dir.join("data"));
    config.trust_issuer = Some(EXTERNAL.into());
    config.trust_jwks = Some(jwks_file.clone());
    let p = Provider::with(config).await;

    let good = json!({
        "iss": EXTERNAL, "sub": "external-user-1", "aud": ["other-api", "mobileid-admin"],
        "exp": now() + 300, "iat": now(), "scope": "openid mobileid-admin",
        "client_id": "mobileid-console", "name": "External Admin"
    });
    let token = es256_token(&key, "ec-1", &good);
    assert_eq!(p.api_status(&token).await, 200);
    let caller = p.sandbox().state.auth.verify(&token).unwrap();
    assert_eq!(caller.sub, "external-user-1");
    assert_eq!(caller.name, "External Admin");
    assert_eq!(
        caller.signicat_accountid.as_deref(),
        Some(mobileid_sandbox::store::SAMPLE_ACCOUNT),
        "the demo admin's default account"
    );
    // aud as a plain string, and no kid in the header.
    let mut plain = good.clone();
    plain["aud"] = json!("mobileid-admin");
    assert_eq!(p.api_status(&es256_token(&key, "ec-1", &plain)).await, 200);

    // RS256, verified with the JWKS's RSA key.
    assert_eq!(p.api_status(rs256["valid"].as_str().unwrap()).await, 200);
    assert_eq!(p.api_status(rs256["expired"].as_str().unwrap()).await, 401);
    let rsa = rs256["valid"].as_str().unwrap();
    let tampered_rsa = format!("{}A", &rsa[..rsa.len() - 1]);
    assert_eq!(p.api_status(&tampered_rsa).await, 401);

    let refused = |changes: Value| {
        let mut claims = good.clone();
        for (k, v) in changes.as_object().unwrap() {
            if v.is_null() {
                claims.as_object_mut().unwrap().remove(k);
            } else {
                claims[k] = v.clone();
            }
        }
        es256_token(&key, "ec-1", &claims)
    };
    for (why, token) in [
        (
            "wrong issuer",
            refused(json!({ "iss": "https://other.example" })),
        ),
        (
            "issuer with a slash",
            refused(json!({ "iss": "https://op.example.test/" })),
        ),
        ("expired", refused(json!({ "exp": now() - 5 }))),
        ("no exp", refused(json!({ "exp": null }))),
        ("wrong audience", refused(json!({ "aud": "other-api" }))),
        ("no audience", refused(json!({ "aud": null }))),
        ("not yet valid", refused(json!({ "nbf": now() + 3600 }))),
        ("another key", es256_token(&signing_key(9), "ec-1", &good)),
        ("unknown kid", es256_token(&key, "ec-unknown", &good)),
    ] {
        assert_eq!(p.api_status(&token).await, 401, "{why}");
    }
    // A valid signature over other claims.
    let token = es256_token(&key, "ec-1", &good);
    let mut parts: Vec<&str> = token.split('.').collect();
    let forged = URL_SAFE_NO_PAD.encode(
        json!({"iss": EXTERNAL, "sub": "x", "aud": "mobileid-admin", "exp": now() + 300})
            .to_string(),
    );
    parts[1] = &forged;
    assert_eq!(p.api_status(&parts.join(".")).await, 401, "bad signature");
    // alg none and HS256 are not the provider's.
    for alg in ["none", "HS256"] {
        let header = URL_SAFE_NO_PAD.encode(json!({ "alg": alg, "kid": "ec-1" }).to_string());
        let token = format!("{header}.{}.{}", token.split('.').nth(1).unwrap(), "c2ln");
        assert_eq!(p.api_status(&token).await, 401, "{alg}");
    }
    // The sandbox's own tokens still work.
    let user = p.sandbox().state.config.oauth.users[0].clone();
    let own = p
        .sandbox()
        .state
        .auth
        .issue_access_token(&user, DEFAULT_CLIENT_ID, "mobileid-admin");
    assert_eq!(p.api_status(&own).await, 200);

    // The provider rotates its keys: the file is read again for an unknown kid.
    let rotated = signing_key(11);
    std::fs::write(
        &jwks_file,
        json!({ "keys": [ec_jwk(&rotated, "ec-2")] }).to_string(),
    )
    .unwrap();
    assert_eq!(
        p.api_status(&es256_token(&rotated, "ec-2", &good)).await,
        200
    );

    // The console may call the provider.
    let r = p.http.get(p.url("/")).send().await.unwrap();
    let csp = r
        .headers()
        .get("content-security-policy")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(
        csp.contains("connect-src 'self' http://127.0.0.1:"),
        "{csp}"
    );
    assert!(csp.contains(EXTERNAL), "{csp}");
    p.finish().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_trusted_issuer_needs_a_readable_jwks_with_a_usable_key() {
    let dir = unique_dir("trust-config");
    std::fs::create_dir_all(&dir).unwrap();
    let mut config = SandboxConfig::new(0, dir.join("data"));
    config.trust_issuer = Some(EXTERNAL.into());
    assert!(start(config.clone()).await.is_err(), "no JWKS");
    config.trust_jwks = Some(dir.join("missing.json"));
    assert!(start(config.clone()).await.is_err(), "unreadable");
    let file = dir.join("jwks.json");
    std::fs::write(&file, r#"{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}"#).unwrap();
    config.trust_jwks = Some(file);
    let error = start(config).await.err().expect("no usable key");
    assert!(error.to_string().contains("no EC P-256 or RSA"), "{error}");
    let _ = std::fs::remove_dir_all(dir);
}
