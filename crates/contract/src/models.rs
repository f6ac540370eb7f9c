//! Requests and responses of every operation of the MobileID Admin API.
//!
//! Resources keep fields this version does not know in `extra`, so a resource read and sent
//! back loses nothing.

use crate::lenient::{NumberString, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// Unknown fields of a resource, kept as they came.
pub type Extra = Map<String, Value>;

/// An enum the API spells as fixed strings (`ENABLED`, `allbasic`, …).
///
/// The reference's value lists are incomplete, so every such enum is open: a value this
/// version does not know reads as `Other`, is shown as it came and is sent back unchanged; a
/// response is never refused for it.
pub trait ApiEnum: Copy + 'static {
    /// Every known value, in the reference's order.
    fn all() -> &'static [Self];
    fn as_str(self) -> &'static str;
    /// A known value only (for the console's own filters and forms).
    fn parse(text: &str) -> Option<Self>;
}

/// The one copy of an unknown enum value, kept for the life of the program so the enums stay
/// `Copy`; an API sends only a handful of distinct values, so this stays small.
fn intern(text: &str) -> &'static str {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    static SEEN: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut seen = SEEN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(known) = seen.get(text) {
        return known;
    }
    let kept: &'static str = Box::leak(text.to_owned().into_boxed_str());
    seen.insert(kept);
    kept
}

macro_rules! api_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value the reference does not list, exactly as the API sent it.
            Other(&'static str),
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ $name::Other(text) => text }
            }
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
            /// Any value, known or not.
            pub fn from_api(text: &str) -> Self {
                Self::parse(text).unwrap_or_else(|| $name::Other(intern(text)))
            }
            pub fn is_known(self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
                Ok(Self::from_api(&text))
            }
        }
        #[cfg(feature = "openapi")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                crate::openapi::enum_schema(Self::ALL.iter().map(|v| v.as_str()), &[$($doc),*])
            }
        }
        impl ApiEnum for $name {
            fn all() -> &'static [Self] { Self::ALL }
            fn as_str(self) -> &'static str { $name::as_str(self) }
            fn parse(text: &str) -> Option<Self> { $name::parse(text) }
        }
    };
}

api_enum!(
    /// Whether an account, a configuration or an E2E key is in use.
    EnabledState { Enabled = "ENABLED", Disabled = "DISABLED" }
);
api_enum!(
    /// Sandbox accounts have a device limit; production accounts do not.
    AccountType { Sandbox = "SANDBOX", Production = "PRODUCTION" }
);
api_enum!(
    /// The state of a signing certificate, also its list's filter.
    CertificateState { Active = "ACTIVE", Deactivated = "DEACTIVATED" }
);
api_enum!(
    /// `type` of the detailed device statistics.
    DeviceStatisticsType { AllBasic = "allbasic", Platform = "platform", SdkVersion = "sdkversion" }
);
api_enum!(
    /// `platform` of the detailed device statistics.
    Platform { Android = "Android", Ios = "iOS" }
);

// ---------------------------------------------------------------- accounts

/// A MobileID account. Unknown fields are allowed and kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Account {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// Absent on a new account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<String>,
    /// The Signicat account id.
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(rename = "type")]
    pub account_type: AccountType,
    pub state: EnabledState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox_properties: Option<SandboxProperties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistics: Option<AccountStatistics>,
    #[serde(default)]
    pub configurations: Vec<AccountConfiguration>,
    #[serde(default)]
    pub onboarded_for_mobile_id: bool,
    #[serde(default)]
    pub onboarded_for_passkeys: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Limits of a sandbox account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SandboxProperties {
    pub sandbox_device_limit: NumberString,
    pub number_of_devices: NumberString,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Present when `statistics=true`. Not live data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccountStatistics {
    pub number_of_active_devices: NumberString,
    pub number_of_active_users: NumberString,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A configuration of the account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccountConfiguration {
    pub id: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub default: bool,
    #[serde(default)]
    pub account_id: String,
    /// Free-form string properties (`applicationId`, `inactiveDeviceDeleteRetentionTime`, …).
    #[serde(default)]
    pub properties: Map<String, Value>,
    /// Feature flags, e.g. `passportScanEnabled`.
    #[serde(default)]
    pub additional_features: Map<String, Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Body of "Update account" (enable/disable).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AccountStateUpdate {
    pub state: EnabledState,
}

/// Response of "Update account".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccountStateUpdated {
    pub id: String,
    pub state: EnabledState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<String>,
    /// Shown masked: it is an API key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encap_api_key: Option<String>,
    /// Sandbox accounts only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox_device_limit: Option<NumberString>,
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------- APNs tokens

/// An APNs token. Unknown fields are allowed and kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApnsToken {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub sha1_fingerprint: String,
    #[serde(default)]
    pub sha256_fingerprint: String,
    /// Key ID of the APNs token.
    #[serde(default)]
    pub key_id: String,
    /// Team ID of the Apple Developer account.
    #[serde(default)]
    pub team_id: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApnsTokenList {
    #[serde(default)]
    pub apns_tokens: Vec<ApnsToken>,
}

/// Body of "Add APNs token". `private_key` is the Base64 of the `.p8` file: never log it.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct NewApnsToken {
    /// The token's name.
    #[cfg_attr(feature = "openapi", schemars(length(min = 1)))]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The Base64 of the token's private key (`.p8` file). Never returned.
    #[cfg_attr(feature = "openapi", schemars(length(min = 1), extend("contentEncoding" = "base64")))]
    pub private_key: String,
    /// Key ID of the APNs token.
    #[cfg_attr(feature = "openapi", schemars(length(min = 1)))]
    pub key_id: String,
    /// Team ID of the Apple Developer account.
    #[cfg_attr(feature = "openapi", schemars(length(min = 1)))]
    pub team_id: String,
}

impl fmt::Debug for NewApnsToken {
    // The private key must never reach a log, so Debug leaves it out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewApnsToken")
            .field("name", &self.name)
            .field("description", &self.description)
            .field("private_key", &"<redacted>")
            .field("key_id", &self.key_id)
            .field("team_id", &self.team_id)
            .finish()
    }
}

// ---------------------------------------------------------------- application configuration

/// An application configuration. Unknown fields are allowed and kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApplicationConfiguration {
    pub uuid: String,
    #[serde(default)]
    pub app_id: String,
    pub state: EnabledState,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(with = "crate::openapi::Properties"))]
    pub properties: PropertyValues,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Property values by API name. Values are strings or arrays of strings, as the API sends them;
/// [`crate::properties`] knows what each one means.
pub type PropertyValues = Map<String, Value>;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ConfigurationState {
    pub state: EnabledState,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApnsUuid {
    /// A UUID in its hyphenated form (answered in lower case).
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "uuid")))]
    pub apns_uuid: String,
}

/// `8-4-4-4-12` hexadecimal digits, as in `12ef6f3a-a12a-4c5e-bb1b-1d75a9f37d59`.
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

// ---------------------------------------------------------------- signing certificates

/// A signing certificate, current or used before. Unknown fields are allowed and kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SigningCertificate {
    /// The certificate, PEM.
    pub certificate: String,
    #[serde(default)]
    pub sha256_fingerprint: String,
    pub state: CertificateState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activated_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deactivated_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SigningCertificateList {
    #[serde(default)]
    pub signing_certificates: Vec<SigningCertificate>,
}

// ---------------------------------------------------------------- E2E keys

/// An E2E key. Unknown fields are allowed and kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct E2eKey {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub sha256_fingerprint: String,
    /// The Base64 of the public key.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(extend("contentEncoding" = "base64")))]
    pub public_key: String,
    pub state: EnabledState,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct E2eKeyList {
    #[serde(default)]
    pub e2e_keys: Vec<E2eKey>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewE2eKey {
    /// The key's name.
    #[cfg_attr(feature = "openapi", schemars(length(min = 1)))]
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// Body and response of "Change E2E key state".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct E2eKeyState {
    pub state: EnabledState,
}

// ---------------------------------------------------------------- risk

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RiskIndicators {
    pub risk_indicators_configuration: RiskIndicatorsConfiguration,
}

/// The account's risk indicator settings. Unknown fields are allowed and kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RiskIndicatorsConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::allowed_nr_of_users_with_same_device_hash")
    )]
    pub allowed_nr_of_users_with_same_device_hash: Option<NumberString>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Body of "Update risk indicators" as the console sends it.
///
/// The reference: "To delete an existing property, supply value |" (cut off). The console's
/// reading is JSON `null`, so a property here is left out (`None`), removed (`Some(None)`,
/// sent as `null`) or set (`Some(Some(n))`). `extra` holds the properties this console does not
/// know, as the GET gave them, so they go back unchanged.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "openapi",
    schemars(description = "Body of \"Update risk indicators configuration\".")
)]
#[serde(rename_all = "camelCase")]
pub struct RiskIndicatorsUpdate {
    pub risk_indicators_configuration: RiskIndicatorsConfigurationUpdate,
}

/// The settings to change, at least one. Fields this console does not know are sent back as
/// the GET gave them; the sandbox stores them as sent.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(extend("minProperties" = 1)))]
#[serde(rename_all = "camelCase")]
pub struct RiskIndicatorsConfigurationUpdate {
    // `default`: optional in the schema (schema_with hides the `Option` from schemars); the
    // sandbox takes any one property, a field this console does not know included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::allowed_nr_of_users_with_same_device_hash")
    )]
    pub allowed_nr_of_users_with_same_device_hash: Option<Option<NumberString>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct LockDevicesRequest {
    #[cfg_attr(feature = "openapi", schemars(with = "crate::openapi::DeviceHash"))]
    pub device_hash: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct LockedDevices {
    /// The ids of the devices locked.
    #[serde(default)]
    pub locked_devices: Vec<String>,
}

// ---------------------------------------------------------------- statistics

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UsageStatistics {
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date")))]
    pub from_date: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date")))]
    pub to_date: String,
    pub users: StateCounts,
    pub devices: StateCounts,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct StateCounts {
    pub total: u64,
    pub with_activated_state: u64,
    pub with_locked_state: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DetailedDeviceStatistics {
    #[serde(default)]
    pub account_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregated_at: Option<Timestamp>,
    pub total: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platforms: Option<Vec<CountShare>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdkversions: Option<Vec<CountShare>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CountShare {
    pub name: String,
    pub count: u64,
    /// Its share of the total, in percent.
    #[cfg_attr(feature = "openapi", schemars(range(min = 0, max = 100)))]
    pub percentage: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SuspiciousDeviceHashes {
    #[serde(default)]
    pub account_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregated_at: Option<Timestamp>,
    pub count: SuspiciousCount,
    #[serde(default)]
    pub suspicious_device_hashes: Vec<SuspiciousDeviceHash>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SuspiciousCount {
    pub total: u64,
    pub unique_device_hashes: u64,
    pub active_users: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SuspiciousDeviceHash {
    pub device_hash: String,
    #[serde(default)]
    pub users: Vec<UserDevices>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Devices of one user. Used by the suspicious-hash list and by "devices by device hash".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserDevices {
    pub user_id: String,
    #[serde(default)]
    pub devices: Vec<Device>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub device_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<DeviceState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// "Devices by device hash" answers a bare array of users.
pub type DevicesByHash = Vec<UserDevices>;

/// A device state: a number in the suspicious-hash list, a name in "devices by device hash".
///
/// The reference shows the same two devices as `2`/`ACTIVE` and `3`/`DELETED`; `1` (activating)
/// and `4` (locked) are inferred and to be checked against Signicat's published spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DeviceState {
    Code(i64),
    Name(String),
}

impl DeviceState {
    pub const CODES: &'static [(i64, &'static str)] = crate::limits::DEVICE_STATES;

    /// Whether this console knows the state (a code or name of [`Self::CODES`]).
    pub fn is_known(&self) -> bool {
        match self {
            DeviceState::Code(c) => Self::CODES.iter().any(|(code, _)| code == c),
            DeviceState::Name(n) => Self::CODES
                .iter()
                .any(|(_, name)| name.eq_ignore_ascii_case(n)),
        }
    }

    /// The value exactly as the API sent it (`3`, `ACTIVE`, `Suspended`).
    pub fn as_sent(&self) -> String {
        match self {
            DeviceState::Code(c) => c.to_string(),
            DeviceState::Name(n) => n.clone(),
        }
    }

    /// For display and export: the name of a known state, anything else exactly as it came.
    pub fn shown(&self) -> String {
        if self.is_known() {
            self.name()
        } else {
            self.as_sent()
        }
    }

    /// The state's name, whichever way it was sent.
    pub fn name(&self) -> String {
        match self {
            DeviceState::Name(n) => n.to_ascii_uppercase(),
            DeviceState::Code(c) => Self::CODES
                .iter()
                .find(|(code, _)| code == c)
                .map(|(_, n)| (*n).to_string())
                .unwrap_or_else(|| format!("STATE {c}")),
        }
    }
}
