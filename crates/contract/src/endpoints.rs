//! Every operation of the Admin API: method and path, in this one table.
//!
//! The reference text gives no paths. These are chosen in Signicat's REST style, relative to
//! the configurable base (`https://api.signicat.com/mobileid/admin/`), and documented in
//! `openapi.yaml`. They are guesses: a deployer corrects any of them without a rebuild through
//! `config.json`'s `endpoints` map (operationId → `"METHOD path"`), read into an [`EndpointMap`]
//! which the client (and, for tests, the sandbox) route through.
//!
//! Templates use `{name}` for path parameters, the syntax of OpenAPI and of axum 0.8.

use http::Method;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::collections::BTreeMap;
use std::fmt;

/// Everything but RFC 3986 unreserved characters is encoded inside a path segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

macro_rules! endpoints {
    ($($(#[doc = $doc:literal])* $variant:ident => $method:ident $path:literal, $op_id:literal, $summary:literal;)+) => {
        /// One operation of the Admin API.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Endpoint { $($(#[doc = $doc])* $variant),+ }

        impl Endpoint {
            pub const ALL: &'static [Endpoint] = &[$(Endpoint::$variant),+];

            pub fn method(self) -> Method {
                match self { $(Endpoint::$variant => Method::$method),+ }
            }

            /// Path template relative to the API base, e.g. `apns-tokens/{apnsTokenId}`.
            pub fn template(self) -> &'static str {
                match self { $(Endpoint::$variant => $path),+ }
            }

            /// The `operationId` in `openapi.yaml`.
            pub fn operation_id(self) -> &'static str {
                match self { $(Endpoint::$variant => $op_id),+ }
            }

            /// The operation's name in the API reference.
            pub fn summary(self) -> &'static str {
                match self { $(Endpoint::$variant => $summary),+ }
            }

            /// The variant's doc comment: the operation's description in `openapi.yaml`.
            #[cfg(feature = "openapi")]
            pub fn description(self) -> String {
                match self { $(Endpoint::$variant => crate::openapi::doc_text(&[$($doc),*])),+ }
            }
        }
    };
}

endpoints! {
    /// Returns the MobileID account: its type and state, sandbox limits, statistics and
    /// configurations.
    GetAccount => GET "accounts", "getAccount", "Get MobileID account";
    /// Onboards the account for MobileID: creates its MobileID account, its default application
    /// configuration and its first E2E key. This is a prerequisite of every other operation. An
    /// account already onboarded is 409.
    AddAccount => POST "accounts", "addAccount", "Add MobileID account";
    /// Enables or disables the account.
    UpdateAccount => PATCH "accounts", "updateAccount", "Update MobileID account";

    /// Lists the APNs tokens of the organisation the account belongs to, production and sandbox
    /// ones. The real API lists at most 20.
    ListApnsTokens => GET "apns-tokens", "listApnsTokens", "Get APNs tokens";
    /// Adds an APNs token. An APNs token can be used by every account of the organisation. The
    /// private key is never returned.
    AddApnsToken => POST "apns-tokens", "addApnsToken", "Add APNs token";
    /// Returns one APNs token of the organisation.
    GetApnsToken => GET "apns-tokens/{apnsTokenId}", "getApnsToken", "Get APNs token";
    /// Deletes an APNs token of the organisation.
    DeleteApnsToken => DELETE "apns-tokens/{apnsTokenId}", "deleteApnsToken", "Delete APNs token";

    /// Returns the account's application configuration: its UUID, state and properties.
    /// Write-only properties (secrets) are masked once set.
    GetApplicationConfiguration => GET "application-configuration", "getApplicationConfiguration", "Get application configuration";
    /// Returns the state of the application configuration.
    GetConfigurationState => GET "application-configuration/state", "getConfigurationState", "Get state of application configuration";
    /// Enables or disables the application configuration.
    UpdateConfigurationState => PUT "application-configuration/state", "updateConfigurationState", "Update state of application configuration";
    /// Returns the APNs UUID of the application configuration: the APNs token its push messages
    /// use.
    GetApnsUuid => GET "application-configuration/apns-uuid", "getApnsUuid", "Get APNs UUID of application configuration";
    /// Sets the APNs UUID of the application configuration.
    UpdateApnsUuid => PUT "application-configuration/apns-uuid", "updateApnsUuid", "Update APNs UUID of application configuration";
    /// Returns the properties of the application configuration. Write-only properties (secrets)
    /// are masked once set and absent while unset.
    GetProperties => GET "application-configuration/properties", "getProperties", "Get properties of application configuration";
    /// Changes the given properties and returns all of them. Each value is checked against what
    /// the reference documents (its JSON type, whole numbers, versions, country codes, Base64
    /// for the Firebase service account), then the documented relations over the stored values
    /// merged with the changes, only when the update has one of their properties: every method
    /// for activation must be an allowed method, and App Attest needs its app ID. Nothing is
    /// stored unless all pass, and every problem is an entry of `invalidParams`. Read-only names
    /// (`maximumSessionExpiry`, `clientDebugDataEnabledOsTypes`: Signicat support changes them;
    /// `hwKeyValidationStrategy`: not in the reference's update body) are rejected; unknown
    /// names are stored as sent; `null` removes a property (`enabledRiskData: null` is a value
    /// of its own). The sandbox has a few limits of its own (e.g. `sessionExpiry` at most the
    /// stored `maximumSessionExpiry`), which it reports the same way.
    UpdateProperties => PATCH "application-configuration/properties", "updateProperties", "Update properties of application configuration";

    /// Lists the signing certificates: the current ones and those whose keys were used before.
    ListSigningCertificates => GET "signing-certificates", "listSigningCertificates", "Get list of signing certificates";

    /// Lists the E2E keys of the organisation the account belongs to, production and sandbox
    /// ones. The real API lists at most 20.
    ListE2eKeys => GET "e2e-keys", "listE2eKeys", "Get E2E keys";
    /// Creates an E2E key: the server generates the key pair and returns the public key.
    CreateE2eKey => POST "e2e-keys", "createE2eKey", "Create E2E key";
    /// Returns one E2E key.
    GetE2eKey => GET "e2e-keys/{e2eKeyId}", "getE2eKey", "Get E2E key";
    /// Enables or disables an E2E key. A disabled key can no longer be used for client
    /// requests.
    UpdateE2eKeyState => PUT "e2e-keys/{e2eKeyId}/state", "updateE2eKeyState", "Change E2E key state";
    /// Deletes an E2E key.
    DeleteE2eKey => DELETE "e2e-keys/{e2eKeyId}", "deleteE2eKey", "Delete E2E key";

    /// Returns the account's risk indicator configuration.
    GetRiskIndicators => GET "risk-indicators-configuration", "getRiskIndicators", "Get risk indicators configuration";
    /// Updates the account's risk indicator configuration.
    UpdateRiskIndicators => PUT "risk-indicators-configuration", "updateRiskIndicators", "Update risk indicators configuration";
    /// Locks every device with the given device hash and returns their ids.
    LockDevices => POST "devices/lock", "lockDevices", "Lock devices by device hash";

    /// Active user and device statistics over the given number of days, counting back from
    /// today.
    StatisticsByDays => GET "statistics", "getStatisticsByDays", "Get statistics by number of days";
    /// Active user and device statistics between two dates.
    StatisticsByDateRange => GET "statistics/date-range", "getStatisticsByDateRange", "Get statistics by date range";
    /// Detailed device statistics: devices per platform and per SDK version.
    DetailedDeviceStatistics => GET "statistics/devices", "getDetailedDeviceStatistics", "Get detailed device statistics";
    /// Device hashes shared by more users than allowed: every device hash that belongs to two
    /// or more users, with their devices.
    SuspiciousDeviceHashes => GET "statistics/suspicious-device-hashes", "getSuspiciousDeviceHashes", "Get suspicious device hashes";
    /// The devices with the given device hash, grouped by the user that registered them.
    DevicesByHash => GET "devices", "getDevicesByDeviceHash", "Get devices by device hash";
}

impl Endpoint {
    /// The path with its parameters filled in (percent-encoded), relative to the API base.
    pub fn path(self, params: &[&str]) -> String {
        fill_template(self.template(), params)
    }

    /// The axum route, e.g. `/apns-tokens/{apnsTokenId}`.
    pub fn route(self) -> String {
        format!("/{}", self.template())
    }

    /// The operation with this `operationId`.
    pub fn from_operation_id(id: &str) -> Option<Endpoint> {
        Endpoint::ALL
            .iter()
            .copied()
            .find(|e| e.operation_id() == id)
    }
}

/// `{name}` placeholders of a template, in order.
fn placeholders(template: &str) -> Vec<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

fn fill_template(template: &str, params: &[&str]) -> String {
    let mut out = String::new();
    let mut rest = template;
    let mut values = params.iter();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .unwrap_or(rest.len() - 1);
        let value = values.next().copied().unwrap_or_default();
        out.extend(utf8_percent_encode(value, PATH_SEGMENT));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The method and path template of every operation: the built-in table, with the deployer's
/// corrections (`config.json`'s `endpoints`) laid over it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndpointMap {
    overrides: BTreeMap<&'static str, (Method, String)>,
}

/// Why an `endpoints` entry was refused; names the operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointMapError {
    UnknownOperation(String),
    BadEntry { operation: String, reason: String },
}

impl fmt::Display for EndpointMapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EndpointMapError::UnknownOperation(id) => write!(
                f,
                "`endpoints`: `{id}` is not an operation of the Admin API (use the operationId, \
                 e.g. listApnsTokens)"
            ),
            EndpointMapError::BadEntry { operation, reason } => {
                write!(f, "`endpoints.{operation}`: {reason}")
            }
        }
    }
}

impl std::error::Error for EndpointMapError {}

impl EndpointMap {
    /// Reads `{"operationId": "METHOD path"}` (or just `"path"`, keeping the method). A path
    /// is relative to the API base, may start with `/`, and must name exactly the built-in
    /// template's parameters (`{apnsTokenId}`, `{e2eKeyId}`).
    pub fn parse(entries: &BTreeMap<String, String>) -> Result<Self, EndpointMapError> {
        let mut overrides = BTreeMap::new();
        for (id, entry) in entries {
            let endpoint = Endpoint::from_operation_id(id)
                .ok_or_else(|| EndpointMapError::UnknownOperation(id.clone()))?;
            let bad = |reason: String| EndpointMapError::BadEntry {
                operation: id.clone(),
                reason,
            };
            let entry = entry.trim();
            let (method, path) = match entry.split_once(char::is_whitespace) {
                Some((method, path)) => {
                    let method = match method.to_ascii_uppercase().as_str() {
                        "GET" => Method::GET,
                        "POST" => Method::POST,
                        "PUT" => Method::PUT,
                        "PATCH" => Method::PATCH,
                        "DELETE" => Method::DELETE,
                        other => return Err(bad(format!("`{other}` is not an HTTP method"))),
                    };
                    (method, path.trim())
                }
                None => (endpoint.method(), entry),
            };
            let path = path.trim_start_matches('/');
            if path.contains("://") || path.starts_with('/') || path.contains("..") {
                return Err(bad(format!(
                    "`{path}` must be a path relative to apiBaseUrl, not a URL"
                )));
            }
            if path
                .chars()
                .any(|c| c.is_whitespace() || c == '?' || c == '#')
            {
                return Err(bad(format!(
                    "`{path}` must be a path without spaces, query or fragment"
                )));
            }
            if path.matches('{').count() != path.matches('}').count() {
                return Err(bad(format!("`{path}` has an unclosed `{{`")));
            }
            let mut wanted = placeholders(endpoint.template());
            let mut given = placeholders(path);
            wanted.sort_unstable();
            given.sort_unstable();
            if wanted != given {
                let names = |list: &[&str]| {
                    if list.is_empty() {
                        "none".to_string()
                    } else {
                        list.iter()
                            .map(|n| format!("{{{n}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                };
                return Err(bad(format!(
                    "`{path}` must have the parameters {} (it has {})",
                    names(&wanted),
                    names(&given)
                )));
            }
            overrides.insert(endpoint.operation_id(), (method, path.to_string()));
        }
        Ok(EndpointMap { overrides })
    }

    pub fn method(&self, endpoint: Endpoint) -> Method {
        self.overrides
            .get(endpoint.operation_id())
            .map(|(m, _)| m.clone())
            .unwrap_or_else(|| endpoint.method())
    }

    pub fn template(&self, endpoint: Endpoint) -> &str {
        self.overrides
            .get(endpoint.operation_id())
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| endpoint.template())
    }

    /// The path with its parameters filled in, relative to the API base.
    pub fn path(&self, endpoint: Endpoint, params: &[&str]) -> String {
        fill_template(self.template(endpoint), params)
    }

    /// The axum route of the operation under this map.
    pub fn route(&self, endpoint: Endpoint) -> String {
        format!("/{}", self.template(endpoint))
    }

    /// Whether the deployer moved any operation.
    pub fn is_default(&self) -> bool {
        self.overrides.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn there_are_28_operations_each_with_a_unique_method_and_path() {
        assert_eq!(Endpoint::ALL.len(), 28);
        let unique: HashSet<_> = Endpoint::ALL
            .iter()
            .map(|e| (e.method(), e.template()))
            .collect();
        assert_eq!(unique.len(), 28);
        let ids: HashSet<_> = Endpoint::ALL.iter().map(|e| e.operation_id()).collect();
        assert_eq!(ids.len(), 28);
    }

    #[test]
    fn path_parameters_are_filled_and_encoded() {
        assert_eq!(Endpoint::GetApnsToken.path(&["abc"]), "apns-tokens/abc");
        assert_eq!(
            Endpoint::UpdateE2eKeyState.path(&["a/b c"]),
            "e2e-keys/a%2Fb%20c/state"
        );
        assert_eq!(Endpoint::GetAccount.path(&[]), "accounts");
    }

    fn map(entries: &[(&str, &str)]) -> Result<EndpointMap, EndpointMapError> {
        EndpointMap::parse(
            &entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn an_endpoint_map_moves_only_the_operations_it_names() {
        let m = map(&[
            ("listApnsTokens", "GET /apns/tokens"),
            ("deleteApnsToken", "post apns/tokens/{apnsTokenId}/delete"),
            ("getProperties", "application-configuration/props"),
        ])
        .unwrap();
        assert_eq!(m.template(Endpoint::ListApnsTokens), "apns/tokens");
        assert_eq!(m.method(Endpoint::DeleteApnsToken), Method::POST);
        assert_eq!(
            m.path(Endpoint::DeleteApnsToken, &["a b"]),
            "apns/tokens/a%20b/delete"
        );
        // A bare path keeps the built-in method.
        assert_eq!(m.method(Endpoint::GetProperties), Method::GET);
        assert_eq!(
            m.route(Endpoint::GetProperties),
            "/application-configuration/props"
        );
        // Everything else is the built-in table.
        assert_eq!(m.template(Endpoint::GetAccount), "accounts");
        assert_eq!(m.method(Endpoint::UpdateAccount), Method::PATCH);
        assert!(EndpointMap::default().is_default() && !m.is_default());
    }

    #[test]
    fn bad_endpoint_entries_name_the_operation() {
        let unknown = map(&[("listApnsTokenz", "GET x")]).unwrap_err();
        assert!(unknown.to_string().contains("listApnsTokenz"));
        for (entry, says) in [
            ("FETCH apns", "not an HTTP method"),
            ("GET https://evil.example/x", "not a URL"),
            ("GET apns/{id}", "parameters {apnsTokenId}"),
            ("GET apns/{apnsTokenId", "unclosed"),
            ("GET apns?x=1", "without spaces, query"),
        ] {
            let err = map(&[("getApnsToken", entry)]).unwrap_err().to_string();
            assert!(
                err.contains("getApnsToken") && err.contains(says),
                "{entry}: {err}"
            );
        }
    }
}
