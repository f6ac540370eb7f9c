//! The console's runtime configuration (`config.json`, fetched at start), so one build deploys
//! anywhere: which API, which authorization server, which client id and scopes.

pub use super::embedding::{EmbeddingConfig, Scheme, SignInMode, ThemeConfig, ThemeTokens};
use mobileid_admin_contract::endpoints::{EndpointMap, EndpointMapError};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use thiserror::Error;
use url::Url;

/// `config.json` as written by whoever deploys the console.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConsoleConfig {
    /// Base of the Admin API, e.g. `https://api.signicat.com/mobileid/admin/`.
    pub api_base_url: String,
    /// The OpenID provider: its endpoints come from `{issuer}/.well-known/openid-configuration`
    /// (then `authorizeUrl` and `tokenUrl` may be left out; given, they win).
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub authorize_url: Option<String>,
    #[serde(default)]
    pub token_url: Option<String>,
    /// RFC 7009 token revocation; sign-out revokes the tokens there.
    #[serde(default)]
    pub revocation_url: Option<String>,
    /// OpenID RP-initiated logout; sign-out ends the provider session there.
    #[serde(default)]
    pub end_session_url: Option<String>,
    pub client_id: String,
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Where the authorization server sends the browser back, relative to the console's own
    /// URL; empty means the console's index page. Must stay on the console's origin.
    #[serde(default)]
    pub redirect_path: String,
    /// A fixed account id sent as `Signicat-AccountId`; `null` lets the token decide.
    #[serde(default)]
    pub account_id: Option<String>,
    /// Shown in the header, e.g. "Sandbox" or "Production".
    #[serde(default)]
    pub environment_label: Option<String>,
    /// Corrections of the built-in endpoint table, by operationId: `"METHOD path"` or
    /// `"path"`, relative to `apiBaseUrl` (the reference gives no paths; ours are guesses).
    #[serde(default)]
    pub endpoints: BTreeMap<String, String>,
    /// Where the refresh token lives: `"memory"` (the default: a reload goes back through the
    /// provider) or `"sessionStorage"` (for providers without sessions; weaker: any script of
    /// the console's origin can read it).
    #[serde(default)]
    pub refresh_token_storage: RefreshTokenStorage,
    /// Minutes without a click or a key before the console signs out (0: never); default 30.
    #[serde(default)]
    pub idle_timeout_minutes: Option<f64>,
    /// The organisation's accounts, as the deployer knows them (the API cannot list them):
    /// offered by the account chooser and the compare screen besides typing an id.
    #[serde(default)]
    pub accounts: Vec<KnownAccount>,
    /// Running inside a portal's frame: which origins may frame and talk to the console, and
    /// how it signs in there (see `embedding`).
    #[serde(default)]
    pub embedding: EmbeddingConfig,
    /// Colour scheme and the few tokens a deployer may override (checked, no free CSS).
    #[serde(default)]
    pub theme: ThemeConfig,
}

/// An account the console offers by name: its id, a label for people, and whether it is a
/// production account (promotions to it are confirmed by typing the label).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KnownAccount {
    pub id: String,
    /// Empty: the id is shown.
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub production: bool,
}

impl KnownAccount {
    /// The label, or the id when there is none.
    pub fn shown(&self) -> &str {
        if self.label.trim().is_empty() {
            &self.id
        } else {
            self.label.trim()
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RefreshTokenStorage {
    #[default]
    Memory,
    SessionStorage,
}

/// The default idle timeout, in minutes.
pub const DEFAULT_IDLE_MINUTES: f64 = 30.0;

/// The configuration with every URL made absolute against the console's location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedConfig {
    pub api_base_url: String,
    /// The provider's issuer identifier, when known (from `issuer` or discovery).
    pub issuer: Option<String>,
    pub authorize_url: String,
    pub token_url: String,
    pub revocation_url: Option<String>,
    pub end_session_url: Option<String>,
    pub redirect_url: String,
    /// The console's own address (where a sign-out comes back to).
    pub console_url: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub account_id: Option<String>,
    pub environment_label: Option<String>,
    pub endpoints: EndpointMap,
    /// Whether the callback must carry `iss` equal to [`ResolvedConfig::issuer`] (RFC 9207):
    /// the provider said so in its discovery document.
    pub require_iss: bool,
    pub refresh_token_storage: RefreshTokenStorage,
    /// 0 means never.
    pub idle_timeout_ms: u64,
    /// `accounts` of `config.json`: ids trimmed, each id once (the first entry wins).
    pub accounts: Vec<KnownAccount>,
    /// `embedding.parentOrigins`, checked and serialised as origins.
    pub parent_origins: Vec<String>,
    pub sign_in: SignInMode,
    /// `theme`, checked: the scheme and the custom properties to set.
    pub theme: ThemeTokens,
}

impl ResolvedConfig {
    /// Whether endpoints still have to be read from the provider's discovery document.
    pub fn needs_discovery(&self) -> bool {
        self.issuer.is_some() && (self.authorize_url.is_empty() || self.token_url.is_empty())
    }

    /// Where the discovery document is.
    pub fn discovery_url(&self) -> Option<String> {
        self.issuer.as_ref().map(|issuer| {
            format!(
                "{}/.well-known/openid-configuration",
                issuer.trim_end_matches('/')
            )
        })
    }

    /// The prefix of every key this deployment keeps in the tab's storage: derived from what
    /// makes a deployment (the console's address, the client, the provider, the API), so two
    /// consoles on one origin never read each other's sessions or drafts.
    pub fn storage_namespace(&self) -> String {
        let identity = [
            self.console_url.as_str(),
            self.client_id.as_str(),
            self.issuer.as_deref().unwrap_or(&self.token_url),
            self.api_base_url.as_str(),
        ]
        .join("\n");
        format!("mobileid.{}", short_hash(&identity))
    }
}

/// The first 12 hex digits of SHA-256: a stable, short, non-reversible name.
pub fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ConfigError {
    #[error("config.json could not be loaded: {0}")]
    NotLoaded(String),
    #[error("config.json is not valid: {0}")]
    Malformed(String),
    #[error("config.json: `{field}` is not a usable URL ({value:?}): {reason}")]
    BadUrl {
        field: &'static str,
        value: String,
        reason: String,
    },
    #[error("config.json: `{0}` must not be empty")]
    Empty(&'static str),
    #[error("config.json: `{0}` is still the example value; set your OAuth client's id")]
    Placeholder(&'static str),
    #[error("config.json: {0}")]
    Endpoints(EndpointMapError),
    #[error("The identity provider's discovery document could not be used: {0}")]
    Discovery(String),
    #[error("config.json: {0}")]
    Embedding(String),
    #[error("config.json: theme: {0}")]
    Theme(String),
}

/// `https`, or `http` on a loopback host only (a local sandbox or provider): tokens must never
/// cross a network in clear text.
fn check_transport(field: &'static str, url: &Url) -> Result<(), ConfigError> {
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        "http" => Err(ConfigError::BadUrl {
            field,
            value: url.to_string(),
            reason: "https is required (http only for 127.0.0.1 or localhost)".into(),
        }),
        _ => Err(ConfigError::BadUrl {
            field,
            value: url.to_string(),
            reason: "only https (and http on loopback) is allowed".into(),
        }),
    }
}

/// Parses `config.json` and resolves its URLs against `console_url` (the page's address
/// without query or fragment).
pub fn parse_console_config(text: &str, console_url: &str) -> Result<ResolvedConfig, ConfigError> {
    let config: ConsoleConfig =
        serde_json::from_str(text).map_err(|e| ConfigError::Malformed(e.to_string()))?;
    let base = Url::parse(console_url).map_err(|e| ConfigError::BadUrl {
        field: "(console location)",
        value: console_url.into(),
        reason: e.to_string(),
    })?;
    let resolve = |field: &'static str, value: &str| -> Result<String, ConfigError> {
        if value.trim().is_empty() && field != "redirectPath" {
            return Err(ConfigError::Empty(field));
        }
        let url = base.join(value.trim()).map_err(|e| ConfigError::BadUrl {
            field,
            value: value.into(),
            reason: e.to_string(),
        })?;
        check_transport(field, &url)?;
        Ok(url.to_string())
    };
    let optional = |field: &'static str, value: &Option<String>| {
        value
            .as_deref()
            .filter(|v| !v.trim().is_empty())
            .map(|v| resolve(field, v))
            .transpose()
    };
    if config.client_id.trim().is_empty() {
        return Err(ConfigError::Empty("clientId"));
    }
    if config.client_id.contains("REPLACE") {
        // The shipped example: the deployment has not been configured yet.
        return Err(ConfigError::Placeholder("clientId"));
    }
    let mut api_base_url = resolve("apiBaseUrl", &config.api_base_url)?;
    if !api_base_url.ends_with('/') {
        api_base_url.push('/');
    }
    let mut redirect =
        Url::parse(&resolve("redirectPath", &config.redirect_path)?).expect("resolved URLs parse");
    redirect.set_query(None);
    redirect.set_fragment(None);
    if redirect.origin() != base.origin() {
        return Err(ConfigError::BadUrl {
            field: "redirectPath",
            value: config.redirect_path.clone(),
            reason: "the redirect must come back to the console's own origin".into(),
        });
    }
    let mut console = base.clone();
    console.set_query(None);
    console.set_fragment(None);
    // An issuer is an identifier: absolute, compared as written (without a trailing slash).
    let issuer = match config
        .issuer
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        Some(issuer) => {
            let url = Url::parse(issuer).map_err(|e| ConfigError::BadUrl {
                field: "issuer",
                value: issuer.into(),
                reason: e.to_string(),
            })?;
            check_transport("issuer", &url)?;
            Some(issuer.trim_end_matches('/').to_string())
        }
        None => None,
    };
    let authorize_url = optional("authorizeUrl", &config.authorize_url)?;
    let token_url = optional("tokenUrl", &config.token_url)?;
    if issuer.is_none() {
        if authorize_url.is_none() {
            return Err(ConfigError::Empty("authorizeUrl (or issuer)"));
        }
        if token_url.is_none() {
            return Err(ConfigError::Empty("tokenUrl (or issuer)"));
        }
    }
    Ok(ResolvedConfig {
        api_base_url,
        issuer,
        authorize_url: authorize_url.unwrap_or_default(),
        token_url: token_url.unwrap_or_default(),
        revocation_url: optional("revocationUrl", &config.revocation_url)?,
        end_session_url: optional("endSessionUrl", &config.end_session_url)?,
        redirect_url: redirect.to_string(),
        console_url: console.to_string(),
        client_id: config.client_id.trim().to_string(),
        scopes: config
            .scopes
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect(),
        account_id: config.account_id.filter(|a| !a.trim().is_empty()),
        environment_label: config.environment_label,
        endpoints: EndpointMap::parse(&config.endpoints).map_err(ConfigError::Endpoints)?,
        require_iss: false,
        refresh_token_storage: config.refresh_token_storage,
        idle_timeout_ms: (config
            .idle_timeout_minutes
            .unwrap_or(DEFAULT_IDLE_MINUTES)
            .max(0.0)
            * 60_000.0) as u64,
        accounts: known_accounts(config.accounts)?,
        parent_origins: parent_origins(&config.embedding)?,
        sign_in: config.embedding.sign_in,
        theme: config.theme.tokens().map_err(ConfigError::Theme)?,
    })
}

/// `embedding.parentOrigins`: each an origin (https, http only on loopback), never `*`.
fn parent_origins(embedding: &EmbeddingConfig) -> Result<Vec<String>, ConfigError> {
    let mut out: Vec<String> = Vec::new();
    for origin in &embedding.parent_origins {
        let origin =
            super::embedding::check_parent_origin(origin).map_err(ConfigError::Embedding)?;
        if !out.contains(&origin) {
            out.push(origin);
        }
    }
    Ok(out)
}

/// `accounts` as the console uses them: ids trimmed and never empty, each id once.
fn known_accounts(accounts: Vec<KnownAccount>) -> Result<Vec<KnownAccount>, ConfigError> {
    let mut out: Vec<KnownAccount> = Vec::new();
    for account in accounts {
        let id = account.id.trim().to_string();
        if id.is_empty() {
            return Err(ConfigError::Empty("accounts[].id"));
        }
        if !out.iter().any(|a| a.id == id) {
            out.push(KnownAccount {
                id,
                label: account.label.trim().to_string(),
                production: account.production,
            });
        }
    }
    Ok(out)
}

/// The parts of an OpenID provider's discovery document the console uses.
#[derive(Clone, Debug, Default, Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    #[serde(default)]
    revocation_endpoint: Option<String>,
    #[serde(default)]
    end_session_endpoint: Option<String>,
    #[serde(default)]
    code_challenge_methods_supported: Vec<String>,
    #[serde(default)]
    authorization_response_iss_parameter_supported: bool,
}

/// Completes the configuration from the provider's discovery document: the issuer must be the
/// configured one exactly, PKCE with S256 must be offered, every endpoint must pass the same
/// transport rule as `config.json`'s own URLs. Endpoints given in `config.json` win.
pub fn apply_discovery(config: &mut ResolvedConfig, document: &str) -> Result<(), ConfigError> {
    let doc: Discovery = serde_json::from_str(document)
        .map_err(|e| ConfigError::Discovery(format!("not a discovery document: {e}")))?;
    let expected = config.issuer.clone().unwrap_or_default();
    if doc.issuer.trim_end_matches('/') != expected {
        return Err(ConfigError::Discovery(format!(
            "it names the issuer {:?}, not {expected:?}",
            doc.issuer
        )));
    }
    if !doc
        .code_challenge_methods_supported
        .iter()
        .any(|m| m == "S256")
    {
        return Err(ConfigError::Discovery(
            "the provider does not offer PKCE with S256 (code_challenge_methods_supported)".into(),
        ));
    }
    let checked = |field: &'static str, value: &str| -> Result<String, ConfigError> {
        let url = Url::parse(value).map_err(|e| ConfigError::BadUrl {
            field,
            value: value.into(),
            reason: e.to_string(),
        })?;
        check_transport(field, &url)?;
        Ok(url.to_string())
    };
    if config.authorize_url.is_empty() {
        config.authorize_url = checked("authorization_endpoint", &doc.authorization_endpoint)?;
    }
    if config.token_url.is_empty() {
        config.token_url = checked("token_endpoint", &doc.token_endpoint)?;
    }
    if config.revocation_url.is_none() {
        config.revocation_url = doc
            .revocation_endpoint
            .as_deref()
            .map(|u| checked("revocation_endpoint", u))
            .transpose()?;
    }
    if config.end_session_url.is_none() {
        config.end_session_url = doc
            .end_session_endpoint
            .as_deref()
            .map(|u| checked("end_session_endpoint", u))
            .transpose()?;
    }
    config.require_iss = doc.authorization_response_iss_parameter_supported;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SANDBOX: &str = r#"{"apiBaseUrl":"/api","authorizeUrl":"/oauth/authorize",
        "tokenUrl":"/oauth/token","clientId":"mobileid-console","scopes":["mobileid-admin"],
        "redirectPath":"","accountId":null,"environmentLabel":"Sandbox"}"#;

    #[test]
    fn relative_urls_resolve_against_the_console_under_any_sub_path() {
        let c = parse_console_config(SANDBOX, "http://127.0.0.1:8080/admin/mobileid/").unwrap();
        assert_eq!(c.api_base_url, "http://127.0.0.1:8080/api/");
        assert_eq!(c.authorize_url, "http://127.0.0.1:8080/oauth/authorize");
        assert_eq!(c.redirect_url, "http://127.0.0.1:8080/admin/mobileid/");
        assert_eq!(c.scopes, vec!["mobileid-admin"]);
        assert_eq!(c.account_id, None);
        let root = parse_console_config(SANDBOX, "http://localhost:9/index.html").unwrap();
        assert_eq!(root.redirect_url, "http://localhost:9/index.html");
    }

    #[test]
    fn absolute_urls_are_kept() {
        let text = r#"{"apiBaseUrl":"https://api.signicat.com/mobileid/admin/",
            "authorizeUrl":"https://api.signicat.com/auth/open/connect/authorize",
            "tokenUrl":"https://api.signicat.com/auth/open/connect/token","clientId":"c",
            "redirectPath":"callback","accountId":"a-sdge-x"}"#;
        let c = parse_console_config(text, "https://portal.example.com/tools/mobileid/").unwrap();
        assert_eq!(c.api_base_url, "https://api.signicat.com/mobileid/admin/");
        assert_eq!(
            c.redirect_url,
            "https://portal.example.com/tools/mobileid/callback"
        );
        assert_eq!(c.account_id.as_deref(), Some("a-sdge-x"));
    }

    #[test]
    fn bad_files_name_the_problem() {
        let base = "http://localhost/";
        assert!(matches!(
            parse_console_config("{", base),
            Err(ConfigError::Malformed(_))
        ));
        let missing = r#"{"apiBaseUrl":"/api/","authorizeUrl":"/a","clientId":"c"}"#;
        let err = parse_console_config(missing, base).unwrap_err();
        assert!(err.to_string().contains("tokenUrl"), "{err}");
        let empty = SANDBOX.replace("\"mobileid-console\"", "\"  \"");
        assert_eq!(
            parse_console_config(&empty, base),
            Err(ConfigError::Empty("clientId"))
        );
        let js = SANDBOX.replace("\"/oauth/token\"", "\"javascript:alert(1)\"");
        assert!(matches!(
            parse_console_config(&js, base),
            Err(ConfigError::BadUrl {
                field: "tokenUrl",
                ..
            })
        ));
        let placeholder = SANDBOX.replace("mobileid-console", "REPLACE-WITH-YOUR-PUBLIC-CLIENT-ID");
        assert_eq!(
            parse_console_config(&placeholder, base),
            Err(ConfigError::Placeholder("clientId"))
        );
        let moved = SANDBOX.replace(
            "\"redirectPath\"",
            "\"endpoints\":{\"listApnsTokens\":\"GET apns/tokens\"},\"redirectPath\"",
        );
        let c = parse_console_config(&moved, base).unwrap();
        assert_eq!(
            c.endpoints
                .template(mobileid_admin_contract::Endpoint::ListApnsTokens),
            "apns/tokens"
        );
        let wrong = SANDBOX.replace(
            "\"redirectPath\"",
            "\"endpoints\":{\"listApnsTokenz\":\"GET x\"},\"redirectPath\"",
        );
        let err = parse_console_config(&wrong, base).unwrap_err().to_string();
        assert!(err.contains("listApnsTokenz"), "{err}");
        // Tokens never travel in clear text beyond loopback; the redirect stays home.
        let remote = SANDBOX.replace("\"/oauth/token\"", "\"http://idp.example.com/token\"");
        let err = parse_console_config(&remote, base).unwrap_err().to_string();
        assert!(err.contains("tokenUrl") && err.contains("https"), "{err}");
        let remote_api = SANDBOX.replace("\"/api\"", "\"http://10.0.0.8/api\"");
        assert!(parse_console_config(&remote_api, base)
            .unwrap_err()
            .to_string()
            .contains("apiBaseUrl"));
        let away = SANDBOX.replace(
            "\"redirectPath\":\"\"",
            "\"redirectPath\":\"https://evil.example/cb\"",
        );
        assert!(parse_console_config(&away, base)
            .unwrap_err()
            .to_string()
            .contains("redirectPath"));
        let typo = SANDBOX.replace("clientId", "clientID");
        assert!(parse_console_config(&typo, base)
            .unwrap_err()
            .to_string()
            .contains("clientID"));
    }

    const WITH_ISSUER: &str = r#"{"apiBaseUrl":"/api","issuer":"https://idp.example.com/",
        "clientId":"c","scopes":["openid"]}"#;

    fn discovery(issuer: &str, methods: &str, iss: bool) -> String {
        format!(
            r#"{{"issuer":"{issuer}","authorization_endpoint":"{issuer}/auth",
            "token_endpoint":"{issuer}/token","revocation_endpoint":"{issuer}/revoke",
            "end_session_endpoint":"{issuer}/logout","code_challenge_methods_supported":{methods},
            "authorization_response_iss_parameter_supported":{iss}}}"#
        )
    }

    #[test]
    fn an_issuer_is_completed_by_discovery() {
        let mut c = parse_console_config(WITH_ISSUER, "https://portal.example.com/m/").unwrap();
        assert!(c.needs_discovery());
        assert_eq!(
            c.discovery_url().unwrap(),
            "https://idp.example.com/.well-known/openid-configuration"
        );
        apply_discovery(
            &mut c,
            &discovery("https://idp.example.com", r#"["plain","S256"]"#, true),
        )
        .unwrap();
        assert_eq!(c.authorize_url, "https://idp.example.com/auth");
        assert_eq!(c.token_url, "https://idp.example.com/token");
        assert_eq!(
            c.revocation_url.as_deref(),
            Some("https://idp.example.com/revoke")
        );
        assert_eq!(
            c.end_session_url.as_deref(),
            Some("https://idp.example.com/logout")
        );
        assert!(c.require_iss);
        assert_eq!(c.idle_timeout_ms, 30 * 60_000);
        assert_eq!(c.refresh_token_storage, RefreshTokenStorage::Memory);
    }

    #[test]
    fn discovery_refuses_another_issuer_no_s256_and_clear_text() {
        let fresh = || parse_console_config(WITH_ISSUER, "https://portal.example.com/m/").unwrap();
        let other = apply_discovery(
            &mut fresh(),
            &discovery("https://evil.example", r#"["S256"]"#, false),
        );
        assert!(other.unwrap_err().to_string().contains("evil.example"));
        let plain = apply_discovery(
            &mut fresh(),
            &discovery("https://idp.example.com", r#"["plain"]"#, false),
        );
        assert!(plain.unwrap_err().to_string().contains("S256"));
        let none = apply_discovery(
            &mut fresh(),
            &discovery("https://idp.example.com", "[]", false),
        );
        assert!(none.is_err());
        let clear = discovery("https://idp.example.com", r#"["S256"]"#, false).replace(
            "https://idp.example.com/token",
            "http://idp.example.com/token",
        );
        assert!(apply_discovery(&mut fresh(), &clear)
            .unwrap_err()
            .to_string()
            .contains("token_endpoint"));
    }

    #[test]
    fn each_deployment_has_its_own_storage_namespace() {
        let at = |path: &str, text: &str| {
            parse_console_config(text, &format!("http://127.0.0.1:8080{path}"))
                .unwrap()
                .storage_namespace()
        };
        let production = at("/prod/", SANDBOX);
        assert_eq!(production, at("/prod/", SANDBOX), "stable");
        assert_ne!(production, at("/test/", SANDBOX), "another path");
        assert_ne!(
            production,
            at(
                "/prod/",
                &SANDBOX.replace("mobileid-console", "other-client")
            ),
            "another client"
        );
        assert_ne!(
            production,
            at("/prod/", &SANDBOX.replace("\"/api\"", "\"/api2\"")),
            "another API"
        );
        assert!(production.starts_with("mobileid.") && production.len() == "mobileid.".len() + 12);
    }

    #[test]
    fn known_accounts_are_optional_trimmed_and_listed_once() {
        let base = "http://localhost/";
        assert!(parse_console_config(SANDBOX, base)
            .unwrap()
            .accounts
            .is_empty());
        let listed = SANDBOX.replace(
            "\"redirectPath\"",
            r#""accounts":[{"id":" a-sdge-one ","label":"One"},
                {"id":"a-spge-two","label":"Two","production":true},
                {"id":"a-sdge-one","label":"Again"},{"id":"a-sdge-three"}],"redirectPath""#,
        );
        let c = parse_console_config(&listed, base).unwrap();
        let shown: Vec<(&str, &str, bool)> = c
            .accounts
            .iter()
            .map(|a| (a.id.as_str(), a.shown(), a.production))
            .collect();
        assert_eq!(
            shown,
            [
                ("a-sdge-one", "One", false),
                ("a-spge-two", "Two", true),
                ("a-sdge-three", "a-sdge-three", false)
            ]
        );
        let empty = SANDBOX.replace(
            "\"redirectPath\"",
            r#""accounts":[{"id":" "}],"redirectPath""#,
        );
        assert_eq!(
            parse_console_config(&empty, base),
            Err(ConfigError::Empty("accounts[].id"))
        );
        let typo = SANDBOX.replace(
            "\"redirectPath\"",
            r#""accounts":[{"id":"a","lable":"x"}],"redirectPath""#,
        );
        assert!(parse_console_config(&typo, base)
            .unwrap_err()
            .to_string()
            .contains("lable"));
    }

    #[test]
    fn embedding_and_theme_are_optional_and_checked() {
        let base = "http://127.0.0.1:8080/";
        let plain = parse_console_config(SANDBOX, base).unwrap();
        assert!(plain.parent_origins.is_empty());
        assert_eq!(plain.sign_in, SignInMode::Popup);
        assert_eq!(plain.theme, ThemeTokens::default());
        let with = |extra: &str| {
            parse_console_config(
                &SANDBOX.replace("\"redirectPath\"", &format!("{extra},\"redirectPath\"")),
                base,
            )
        };
        let c = with(
            r##""embedding":{"parentOrigins":["https://portal.example.com","http://127.0.0.1:9000"],"signIn":"redirect"},
               "theme":{"scheme":"dark","accent":"#aa0000","fontFamily":"Inter","radius":"0.25rem"}"##,
        )
        .unwrap();
        assert_eq!(
            c.parent_origins,
            ["https://portal.example.com", "http://127.0.0.1:9000"]
        );
        assert_eq!(c.sign_in, SignInMode::Redirect);
        assert_eq!(c.theme.scheme, Some(Scheme::Dark));
        assert!(c
            .theme
            .properties
            .contains(&("--theme-radius", "0.25rem".to_string())));
        for bad in [
            r#""embedding":{"parentOrigins":["*"]}"#,
            r#""embedding":{"parentOrigins":["http://portal.example.com"]}"#,
            r#""embedding":{"signIn":"iframe"}"#,
            r#""embedding":{"other":1}"#,
            r#""theme":{"accent":"red"}"#,
            r#""theme":{"fontFamily":"x;}body{display:none"}"#,
            r#""theme":{"radius":"10vw"}"#,
            r#""theme":{"scheme":"sepia"}"#,
            r#""theme":{"css":"body{}"}"#,
        ] {
            assert!(with(bad).is_err(), "{bad}");
        }
    }
}
