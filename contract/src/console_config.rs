//! The console's runtime configuration (`config.json`, fetched at start), so one build deploys
//! anywhere: which API, which authorization server, which client id and scopes.

use crate::endpoints::{EndpointMap, EndpointMapError};
use serde::Deserialize;
use std::collections::BTreeMap;
use thiserror::Error;
use url::Url;

/// `config.json` as written by whoever deploys the console.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConsoleConfig {
    /// Base of the Admin API, e.g. `https://api.signicat.com/mobileid/admin/`.
    pub api_base_url: String,
    pub authorize_url: String,
    pub token_url: String,
    pub client_id: String,
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Where the authorization server sends the browser back, relative to the console's own
    /// URL; empty means the console's index page.
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
}

/// The configuration with every URL made absolute against the console's location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedConfig {
    pub api_base_url: String,
    pub authorize_url: String,
    pub token_url: String,
    pub redirect_url: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub account_id: Option<String>,
    pub environment_label: Option<String>,
    pub endpoints: EndpointMap,
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
        if url.scheme() != "https" && url.scheme() != "http" {
            return Err(ConfigError::BadUrl {
                field,
                value: value.into(),
                reason: "only http and https are allowed".into(),
            });
        }
        Ok(url.to_string())
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
    Ok(ResolvedConfig {
        api_base_url,
        authorize_url: resolve("authorizeUrl", &config.authorize_url)?,
        token_url: resolve("tokenUrl", &config.token_url)?,
        redirect_url: redirect.to_string(),
        client_id: config.client_id.trim().to_string(),
        scopes: config
            .scopes
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect(),
        account_id: config.account_id.filter(|a| !a.trim().is_empty()),
        environment_label: config.environment_label,
        endpoints: EndpointMap::parse(&config.endpoints).map_err(ConfigError::Endpoints)?,
    })
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
        let base = "http://h/";
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
            c.endpoints.template(crate::Endpoint::ListApnsTokens),
            "apns/tokens"
        );
        let wrong = SANDBOX.replace(
            "\"redirectPath\"",
            "\"endpoints\":{\"listApnsTokenz\":\"GET x\"},\"redirectPath\"",
        );
        let err = parse_console_config(&wrong, base).unwrap_err().to_string();
        assert!(err.contains("listApnsTokenz"), "{err}");
        let typo = SANDBOX.replace("clientId", "clientID");
        assert!(parse_console_config(&typo, base)
            .unwrap_err()
            .to_string()
            .contains("clientID"));
    }
}
