//! Reads an OpenAPI document (YAML or JSON) and finds where it puts each of the 28 operations of
//! the Admin API: the `endpoints` map (operationId → `"METHOD path"`) that the console's
//! `config.json` and the sandbox's `--endpoints` take. The `endpoints-from-openapi` command
//! prints it.
//!
//! * An operation is matched by its `summary`, compared with [`Endpoint::summary`] without
//!   regard to case, spaces or punctuation ("Get APNs tokens" = "get-APNs tokens."); failing
//!   that, by its `operationId`, compared the same way with [`Endpoint::operation_id`].
//! * Paths become relative to the API base: when every matched path starts with a server's
//!   path (`servers: [{url: https://api.signicat.com/mobileid/admin}]` and paths
//!   `/mobileid/admin/…`), that prefix goes; when a server stops short of the API base
//!   (`https://api.signicat.com`, paths `/mobileid/admin/…`), the rest of the base goes.
//! * Path parameters take the built-in names by place (`{id}` → `{apnsTokenId}`).
//! * Operations it cannot match, and operations of the Admin API it does not find, are
//!   reported (the command prints them on stderr).

use mobileid_admin_contract::Endpoint;
use serde_json::Value;
use std::collections::BTreeMap;

/// The API base's path at Signicat (`https://api.signicat.com/mobileid/admin/`).
pub const DEFAULT_BASE_PATH: &str = "/mobileid/admin";

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// What a document gives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extracted {
    /// operationId → `"METHOD path"`, the path relative to the API base.
    pub endpoints: BTreeMap<String, String>,
    /// The document's operations matching none of the Admin API's (`METHOD path (summary)`).
    pub unmatched: Vec<String>,
    /// The Admin API's operations the document does not have.
    pub missing: Vec<&'static str>,
    /// Other remarks (a prefix stripped, an operation matched twice, …).
    pub notes: Vec<String>,
}

/// Parses YAML or JSON (JSON is read as JSON first, so tabs and long lines are no problem).
pub fn parse_document(text: &str) -> Result<Value, String> {
    if text.trim_start().starts_with('{') {
        if let Ok(value) = serde_json::from_str(text) {
            return Ok(value);
        }
    }
    let mut yaml: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(text).map_err(|e| format!("not YAML or JSON: {e}"))?;
    yaml.apply_merge()
        .map_err(|e| format!("bad YAML merge key: {e}"))?;
    Ok(yaml_to_json(yaml))
}

/// YAML → JSON, keys as strings (`200:` → `"200"`).
fn yaml_to_json(value: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => serde_json::to_value(&n).unwrap_or(Value::Null),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        other => serde_yaml_ng::to_string(&other)
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

/// Lower case, letters and digits only, words separated by one space.
pub fn normalise(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn by_summary(summary: &str) -> Option<Endpoint> {
    let wanted = normalise(summary);
    Endpoint::ALL
        .iter()
        .copied()
        .find(|e| !wanted.is_empty() && normalise(e.summary()) == wanted)
}

fn by_operation_id(id: &str) -> Option<Endpoint> {
    let wanted: String = normalise(id).replace(' ', "");
    Endpoint::ALL
        .iter()
        .copied()
        .find(|e| !wanted.is_empty() && normalise(e.operation_id()).replace(' ', "") == wanted)
}

/// The path of a server URL: `https://host/mobileid/admin/` → `/mobileid/admin`, `/api` →
/// `/api`, `https://host` → ``.
fn server_path(url: &str) -> String {
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None if url.starts_with('/') => url,
        None => "",
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.trim_end_matches('/').to_string()
}

/// Whether `path` is `prefix` followed by more segments.
fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// `{x}` placeholders renamed, by place, to `names`; `None` when the counts differ.
fn rename_parameters(path: &str, names: &[&str]) -> Option<String> {
    let mut out = String::new();
    let mut rest = path;
    let mut names = names.iter();
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}')?;
        out.push_str(&rest[..open]);
        out.push('{');
        out.push_str(names.next()?);
        out.push('}');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    names.next().is_none().then_some(out)
}

fn placeholders(template: &str) -> Vec<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// The `endpoints` map of an OpenAPI document; `base_path` is the API base's path
/// ([`DEFAULT_BASE_PATH`]).
pub fn extract(document: &Value, base_path: &str) -> Extracted {
    let mut out = Extracted::default();
    let base_path = base_path.trim_end_matches('/');
    // Every operation of the document: (endpoint, method, path).
    let mut found: Vec<(Endpoint, String, String)> = Vec::new();
    let paths = document.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        let Some(item) = item.as_object() else {
            continue;
        };
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let summary = operation.get("summary").and_then(Value::as_str);
            let operation_id = operation.get("operationId").and_then(Value::as_str);
            let endpoint = summary
                .and_then(by_summary)
                .or_else(|| operation_id.and_then(by_operation_id));
            let method = method.to_ascii_uppercase();
            let described = format!(
                "{method} {path} ({})",
                summary
                    .or(operation_id)
                    .unwrap_or("no summary nor operationId")
            );
            match endpoint {
                None => out.unmatched.push(described),
                Some(e) if found.iter().any(|(f, _, _)| *f == e) => {
                    out.unmatched.push(format!(
                        "{described}: {} is already at another operation",
                        e.operation_id()
                    ));
                }
                Some(e) => found.push((e, method, path.clone())),
            }
        }
    }

    // The prefix between the document's paths and the API base.
    let mut servers: Vec<String> = document
        .get("servers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("url").and_then(Value::as_str))
        .map(server_path)
        .collect();
    if servers.is_empty() {
        // OpenAPI: no servers means the document's own host, at `/`.
        servers.push(String::new());
    }
    let all_under =
        |prefix: &str| !found.is_empty() && found.iter().all(|(_, _, p)| under(p, prefix));
    let repeated = servers
        .iter()
        .find(|s| !s.is_empty() && all_under(s))
        .cloned();
    let rest_of_base = servers
        .iter()
        .filter_map(|s| base_path.strip_prefix(s.as_str()))
        .find(|rest| rest.starts_with('/') && all_under(rest))
        .map(str::to_string);
    let strip = repeated.or(rest_of_base).unwrap_or_default();
    if !strip.is_empty() {
        out.notes.push(format!(
            "paths are taken relative to {strip} (from the servers)"
        ));
    }

    for (endpoint, method, path) in found {
        let relative = path.strip_prefix(strip.as_str()).unwrap_or(&path);
        let relative = relative.trim_start_matches('/');
        let Some(relative) = rename_parameters(relative, &placeholders(endpoint.template())) else {
            out.unmatched.push(format!(
                "{method} {path}: {} needs the parameters {:?}",
                endpoint.operation_id(),
                placeholders(endpoint.template())
            ));
            continue;
        };
        out.endpoints.insert(
            endpoint.operation_id().to_string(),
            format!("{method} {relative}"),
        );
    }
    out.missing = Endpoint::ALL
        .iter()
        .map(|e| e.operation_id())
        .filter(|id| !out.endpoints.contains_key(*id))
        .collect();
    out
}

/// The built-in table as an `endpoints` map (what the repository's `openapi.yaml` gives).
pub fn built_in() -> BTreeMap<String, String> {
    Endpoint::ALL
        .iter()
        .map(|e| {
            (
                e.operation_id().to_string(),
                format!("{} {}", e.method(), e.template()),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn summaries_match_without_case_spaces_or_punctuation() {
        assert_eq!(normalise("  Get-APNs   tokens. "), "get apns tokens");
        assert_eq!(
            by_summary("GET APNS TOKENS"),
            Some(Endpoint::ListApnsTokens)
        );
        assert_eq!(by_summary("Get APNs token"), Some(Endpoint::GetApnsToken));
        assert_eq!(by_summary("Get all the tokens"), None);
        assert_eq!(
            by_operation_id("list_apns_tokens"),
            Some(Endpoint::ListApnsTokens)
        );
    }

    #[test]
    fn parameters_take_the_built_in_names_by_place() {
        assert_eq!(
            rename_parameters("keys/{id}/state", &["e2eKeyId"]).as_deref(),
            Some("keys/{e2eKeyId}/state")
        );
        assert_eq!(rename_parameters("keys", &["e2eKeyId"]), None);
        assert_eq!(rename_parameters("keys/{a}/{b}", &["e2eKeyId"]), None);
    }

    #[test]
    fn server_prefixes_are_stripped_either_way() {
        assert_eq!(
            server_path("https://api.signicat.com/mobileid/admin/"),
            "/mobileid/admin"
        );
        assert_eq!(server_path("http://127.0.0.1:8080/api"), "/api");
        assert_eq!(server_path("https://api.signicat.com"), "");
        // A host-only server: the paths carry the API base.
        let document = json!({
            "servers": [{ "url": "https://api.signicat.com" }],
            "paths": {
                "/mobileid/admin/apns/tokens/{id}": {
                    "get": { "summary": "get APNs token" },
                    "delete": { "operationId": "deleteApnsToken" }
                },
                "/mobileid/admin/health": { "get": { "summary": "Health" } }
            }
        });
        let out = extract(&document, DEFAULT_BASE_PATH);
        assert_eq!(
            out.endpoints["getApnsToken"],
            "GET apns/tokens/{apnsTokenId}"
        );
        assert_eq!(
            out.endpoints["deleteApnsToken"],
            "DELETE apns/tokens/{apnsTokenId}"
        );
        assert_eq!(out.unmatched, ["GET /mobileid/admin/health (Health)"]);
        assert_eq!(out.missing.len(), 26);
        // No servers and relative paths: as they are.
        let document =
            json!({ "paths": { "/e2e/keys": { "post": { "summary": "Create E2E key" } } } });
        assert_eq!(
            extract(&document, DEFAULT_BASE_PATH).endpoints["createE2eKey"],
            "POST e2e/keys"
        );
    }

    #[test]
    fn an_operation_matched_twice_is_reported() {
        let document = json!({ "paths": {
            "/a": { "get": { "summary": "Get E2E keys" } },
            "/b": { "get": { "summary": "get e2e keys" } }
        } });
        let out = extract(&document, DEFAULT_BASE_PATH);
        assert_eq!(out.endpoints.len(), 1);
        assert_eq!(out.unmatched.len(), 1, "{:?}", out.unmatched);
    }

    #[test]
    fn yaml_keys_become_strings() {
        let value = parse_document(
            "paths:\n  /x:\n    get:\n      responses:\n        200:\n          description: ok\n",
        )
        .unwrap();
        assert_eq!(
            value["paths"]["/x"]["get"]["responses"]["200"]["description"],
            "ok"
        );
        assert_eq!(parse_document("{\"a\":\t1}").unwrap(), json!({ "a": 1 }));
        assert!(parse_document(": : :\n- [").is_err());
    }
}
