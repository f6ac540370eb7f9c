//! Every operation of the Admin API: method and path, in this one table.
//!
//! The reference text gives no paths. These are chosen in Signicat's REST style, relative to
//! the configurable base (`https://api.signicat.com/mobileid/admin/`), and documented in
//! `openapi.yaml`. TO CHECK against Signicat's published OpenAPI specification: correcting a
//! path here corrects the console, the sandbox and the tests at once.
//!
//! Templates use `{name}` for path parameters, the syntax of OpenAPI and of axum 0.8.

use http::Method;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986 unreserved characters is encoded inside a path segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

macro_rules! endpoints {
    ($($variant:ident => $method:ident $path:literal, $op_id:literal, $summary:literal;)+) => {
        /// One operation of the Admin API.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Endpoint { $($variant),+ }

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
        }
    };
}

endpoints! {
    GetAccount => GET "accounts", "getAccount", "Get MobileID account";
    AddAccount => POST "accounts", "addAccount", "Add MobileID account";
    UpdateAccount => PATCH "accounts", "updateAccount", "Update MobileID account";

    ListApnsTokens => GET "apns-tokens", "listApnsTokens", "Get APNs tokens";
    AddApnsToken => POST "apns-tokens", "addApnsToken", "Add APNs token";
    GetApnsToken => GET "apns-tokens/{apnsTokenId}", "getApnsToken", "Get APNs token";
    DeleteApnsToken => DELETE "apns-tokens/{apnsTokenId}", "deleteApnsToken", "Delete APNs token";

    GetApplicationConfiguration => GET "application-configuration", "getApplicationConfiguration", "Get application configuration";
    GetConfigurationState => GET "application-configuration/state", "getConfigurationState", "Get state of application configuration";
    UpdateConfigurationState => PUT "application-configuration/state", "updateConfigurationState", "Update state of application configuration";
    GetApnsUuid => GET "application-configuration/apns-uuid", "getApnsUuid", "Get APNs UUID of application configuration";
    UpdateApnsUuid => PUT "application-configuration/apns-uuid", "updateApnsUuid", "Update APNs UUID of application configuration";
    GetProperties => GET "application-configuration/properties", "getProperties", "Get properties of application configuration";
    UpdateProperties => PATCH "application-configuration/properties", "updateProperties", "Update properties of application configuration";

    ListSigningCertificates => GET "signing-certificates", "listSigningCertificates", "Get list of signing certificates";

    ListE2eKeys => GET "e2e-keys", "listE2eKeys", "Get E2E keys";
    CreateE2eKey => POST "e2e-keys", "createE2eKey", "Create E2E key";
    GetE2eKey => GET "e2e-keys/{e2eKeyId}", "getE2eKey", "Get E2E key";
    UpdateE2eKeyState => PUT "e2e-keys/{e2eKeyId}/state", "updateE2eKeyState", "Change E2E key state";
    DeleteE2eKey => DELETE "e2e-keys/{e2eKeyId}", "deleteE2eKey", "Delete E2E key";

    GetRiskIndicators => GET "risk-indicators-configuration", "getRiskIndicators", "Get risk indicators configuration";
    UpdateRiskIndicators => PUT "risk-indicators-configuration", "updateRiskIndicators", "Update risk indicators configuration";
    LockDevices => POST "devices/lock", "lockDevices", "Lock devices by device hash";

    StatisticsByDays => GET "statistics", "getStatisticsByDays", "Get statistics by number of days";
    StatisticsByDateRange => GET "statistics/date-range", "getStatisticsByDateRange", "Get statistics by date range";
    DetailedDeviceStatistics => GET "statistics/devices", "getDetailedDeviceStatistics", "Get detailed device statistics";
    SuspiciousDeviceHashes => GET "statistics/suspicious-device-hashes", "getSuspiciousDeviceHashes", "Get suspicious device hashes";
    DevicesByHash => GET "devices", "getDevicesByDeviceHash", "Get devices by device hash";
}

impl Endpoint {
    /// The path with its parameters filled in (percent-encoded), relative to the API base.
    pub fn path(self, params: &[&str]) -> String {
        let mut out = String::new();
        let mut rest = self.template();
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

    /// The axum route, e.g. `/apns-tokens/{apnsTokenId}`.
    pub fn route(self) -> String {
        format!("/{}", self.template())
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
}
