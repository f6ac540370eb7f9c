//! The application-configuration property schema and its validator.
//!
//! [`PROPERTIES`] is the single source of truth for the 49 properties of an application
//! configuration: their API names, labels, groups, kinds, defaults, help texts and flags. The
//! console's editor, the sandbox server and the tests all read it; nothing else lists the
//! properties.
//!
//! Values travel as the API sends them ([`PropertyValues`]): JSON strings, numbers and booleans
//! included (`"3"`, `"false"`), except the three list properties, which are JSON arrays of
//! strings. The validator works on those JSON values directly, so what it accepts is exactly what
//! would be sent.
//!
//! The reference's "Allowed values" lists are cut off for most properties. Where this module had
//! to choose a bound or a set of values, the spec's [`PropertySpec::chosen_bounds`] says so (and the
//! same sentence ends its help text); [`chosen_bounds`] lists them all.
//!
//! Secrets (the Firebase service account and the Play Integrity keys) are write-only. A GET
//! returns them as whatever the server likes (the reference's sample says
//! `"<Base64 encoded string>"`, which is not Base64), so they are never validated on read:
//! [`validate_properties`] only notes whether they are set, and their format is checked by
//! [`validate_value`] (as the user types) and [`validate_update`] (when they are sent).

use crate::error::InvalidParam;
use crate::models::PropertyValues;
use serde_json::Value;
use std::fmt;

/// The largest whole number the server stores for counts and lengths: Signicat's Application
/// configuration page gives their ranges as "From 0 to MAXINT" (a Java `int`).
pub const MAXINT: i64 = i32::MAX as i64;

// ---------------------------------------------------------------- value sets

/// Authentication methods, as listed in the reference's "Get properties" sample.
pub const AUTH_METHODS: &[&str] = &[
    "DEVICE",
    "DEVICE:PIN",
    "DEVICE:STRONG_TOUCH_ID",
    "DEVICE:IOS_FACE_ID",
    "DEVICE:ANDROID_BIOMETRIC_PROMPT",
    "DEVICE:SERVER_SIDE_FACE",
];

/// Character sets of generated codes, PINs and recovery codes.
pub const CHARACTER_SETS: &[&str] = &["ANY", "NUMERIC", "ALPHA", "ALPHANUMERIC"];

/// How strictly hardware-protected keys are required.
pub const HW_KEY_STRATEGIES: &[&str] = &["SUPPORTED", "REQUIRED_IF_SUPPORTED", "REQUIRED"];

/// Geofencing and attestation modes.
pub const MODES: &[&str] = &["OFF", "OPTIONAL", "REQUIRED"];

/// Apple's App Attest environments.
pub const APP_ATTEST_ENVIRONMENTS: &[&str] = &["PRODUCTION", "DEVELOPMENT"];

/// APNs servers.
pub const APN_CONFIGS: &[&str] = &["PRODUCTION", "SANDBOX"];

/// What a lock after too many failed attempts covers: the whole device, or only the
/// authentication method that failed (Signicat's release note on the lock scope describes these
/// two; the spelling of the second is the console's choice).
pub const LOCK_SCOPES: &[&str] = &["DEVICE", "AUTH_METHOD"];

/// Risk attributes: `ALL` (the reference's example) and the six of its "Get properties" sample.
pub const RISK_DATA: &[&str] = &[
    "ALL",
    "deviceHash",
    "deviceModel",
    "deviceManufacturer",
    "operatingSystemFingerprint",
    "operatingSystemVersion",
    "operatingSystemType",
];

/// Operating systems of `clientDebugDataEnabledOsTypes`.
pub const OS_TYPES: &[&str] = &["IOS", "ANDROID"];

/// Two-letter continent codes, as GeoNames (which the reference points to) spells them.
pub const CONTINENTS: &[&str] = &["AF", "AN", "AS", "EU", "NA", "OC", "SA"];

/// Every officially assigned ISO 3166-1 alpha-2 country code, sorted.
pub const ISO_3166_1_ALPHA_2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Codes outside ISO 3166-1 that are accepted anyway: GeoNames, which the reference points to,
/// gives Kosovo the user-assigned code `XK`, so a device there is located as `XK`.
pub const EXTRA_COUNTRY_CODES: &[&str] = &["XK"];

/// Whether `code` is accepted as a country: ISO 3166-1 alpha-2 (capitals) or one of
/// [`EXTRA_COUNTRY_CODES`].
pub fn is_country_code(code: &str) -> bool {
    ISO_3166_1_ALPHA_2.binary_search(&code).is_ok() || EXTRA_COUNTRY_CODES.contains(&code)
}

// ---------------------------------------------------------------- schema types

/// Sections of the editor, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Authentication,
    Activation,
    Pin,
    Sessions,
    Push,
    Recovery,
    Geofencing,
    Attestation,
    RiskData,
    SdkVersions,
    Locking,
}

impl Group {
    /// Every group, in display order.
    pub const ALL: [Group; 11] = [
        Group::Authentication,
        Group::Activation,
        Group::Pin,
        Group::Sessions,
        Group::Push,
        Group::Recovery,
        Group::Geofencing,
        Group::Attestation,
        Group::RiskData,
        Group::SdkVersions,
        Group::Locking,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Group::Authentication => "Authentication",
            Group::Activation => "Activation",
            Group::Pin => "PIN",
            Group::Sessions => "Sessions",
            Group::Push => "Push",
            Group::Recovery => "Recovery",
            Group::Geofencing => "Geofencing",
            Group::Attestation => "Attestation",
            Group::RiskData => "Risk data",
            Group::SdkVersions => "SDK versions",
            Group::Locking => "Locking",
        }
    }

    /// The properties of this group, in table order.
    pub fn properties(self) -> impl Iterator<Item = &'static PropertySpec> {
        PROPERTIES.iter().filter(move |p| p.group == self)
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Where a rule comes from, which decides what breaking it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Provenance {
    /// Stated in the API reference: breaking it is an error that blocks sending the field.
    Documented,
    /// The console's choice where the reference is silent or cut off: breaking it is a
    /// warning that names its source and never blocks. The server decides.
    Chosen,
}

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Shown at the field; blocks nothing.
    Warning,
    /// Blocks sending the field.
    Error,
}

/// A format rule for free text (always [`Provenance::Chosen`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextRule {
    /// Apple's App Attest application ID: the 10-character team ID, a period, the bundle ID
    /// (`ABCDE12345.com.example.app`).
    AppAttestAppId,
}

impl TextRule {
    /// What the rule asks for.
    pub fn describe(self) -> &'static str {
        match self {
            TextRule::AppAttestAppId => {
                "the 10-character team ID, a period and the bundle ID, e.g. \
                 ABCDE12345.com.example.app"
            }
        }
    }

    pub fn matches(self, text: &str) -> bool {
        match self {
            TextRule::AppAttestAppId => is_app_attest_app_id(text),
        }
    }
}

/// What a property's value is, and so how it is checked, edited and shown.
///
/// The JSON type of each kind is documented (every value a string, three arrays of strings)
/// and so is what [`Kind::describe_documented`] says; everything [`Kind::describe_chosen`] says
/// is the console's guess. Every kind but [`Kind::EnumList`] is sent as a JSON string; for the
/// optional kinds the empty string means "not set".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A whole number ≥ 0 as a string (`"3"`). Chosen: `min..=max`; no `max` means [`MAXINT`].
    Integer { min: i64, max: Option<i64> },
    /// A duration in whole milliseconds ≥ 0 as a string (`"300000"`). Chosen: at most `max`.
    Millis { max: Option<i64> },
    /// `"true"` or `"false"` (chosen: the samples' values).
    Boolean,
    /// One value; the known ones are listed, others are kept with a warning.
    Enum(&'static [&'static str]),
    /// A JSON array of strings (`["DEVICE","DEVICE:PIN"]`); the known values are listed, others
    /// are kept with a warning. `nullable`: `null` is a documented value of its own.
    EnumList {
        values: &'static [&'static str],
        nullable: bool,
    },
    /// A comma-separated string of values (`"IOS, ANDROID"`), known values listed.
    EnumCsv(&'static [&'static str]),
    /// A semantic version (`3.7.0`), documented; three parts chosen.
    SemVer,
    /// Comma-separated semantic versions (`3.5.3, 3.6.8`), documented; three parts chosen.
    SemVerList,
    /// Comma-separated continent codes ([`CONTINENTS`], chosen).
    Continents,
    /// Comma-separated ISO 3166-1 alpha-2 country codes ([`is_country_code`]), documented.
    Countries,
    /// A write-only secret; Base64 with the given provenance.
    Secret { base64: Provenance },
    /// Free text, with an optional (chosen) format rule.
    Text { pattern: Option<TextRule> },
}

impl Kind {
    /// Whether the API value is a JSON array.
    pub fn is_list(&self) -> bool {
        matches!(self, Kind::EnumList { .. })
    }

    /// The unit to show next to the value.
    pub fn unit(&self) -> Option<&'static str> {
        matches!(self, Kind::Millis { .. }).then_some("ms")
    }

    /// The values a picker offers, for the kinds that have a known set. The set is open: a
    /// value outside it is shown, kept and can be typed.
    pub fn options(&self) -> &'static [&'static str] {
        match self {
            Kind::Boolean => &["true", "false"],
            Kind::Enum(values) | Kind::EnumList { values, .. } | Kind::EnumCsv(values) => values,
            Kind::Continents => CONTINENTS,
            Kind::Countries => &ISO_3166_1_ALPHA_2,
            _ => &[],
        }
    }

    /// What the reference states about the value (breaking it is an error).
    pub fn describe_documented(&self) -> String {
        match *self {
            Kind::Integer { .. } => "A whole number of 0 or more, sent as a string.".into(),
            Kind::Millis { .. } => {
                "A whole number of milliseconds, 0 or more, sent as a string.".into()
            }
            Kind::Boolean | Kind::Enum(_) | Kind::EnumCsv(_) | Kind::Continents => {
                "A string.".into()
            }
            Kind::EnumList {
                nullable: false, ..
            } => "A JSON array of strings.".into(),
            Kind::EnumList { nullable: true, .. } => {
                "A JSON array of strings, or null (only the always-collected data).".into()
            }
            Kind::SemVer => "A semantic version such as 3.7.0, or empty.".into(),
            Kind::SemVerList => "Comma-separated semantic versions such as 3.5.3, 3.6.8.".into(),
            Kind::Countries => "Comma-separated ISO 3166-1 alpha-2 country codes (SE, NO).".into(),
            Kind::Secret {
                base64: Provenance::Documented,
            } => "Base64 (A–Z, a–z, 0–9, + and /, = padding). Write-only.".into(),
            Kind::Secret { .. } => "Write-only.".into(),
            Kind::Text { .. } => "Free text.".into(),
        }
    }

    /// What the console expects beyond that (breaking it is a warning), if anything.
    pub fn describe_chosen(&self) -> Option<String> {
        match *self {
            Kind::Integer { min, max } => Some(format!(
                "From {min} to {}.",
                max.map_or("MAXINT".to_string(), |m| m.to_string())
            )),
            Kind::Millis { max: Some(max) } => Some(format!("At most {max} ms.")),
            Kind::Millis { max: None } => None,
            Kind::Boolean => Some("true or false.".into()),
            Kind::Enum(values) => Some(format!("Known values: {}.", values.join(", "))),
            Kind::EnumList { values, .. } | Kind::EnumCsv(values) => {
                Some(format!("Known values: {}.", values.join(", ")))
            }
            Kind::SemVer | Kind::SemVerList => Some("Three parts (3.7.0).".into()),
            Kind::Continents => Some(format!("Known codes: {}.", CONTINENTS.join(", "))),
            Kind::Countries => None,
            Kind::Secret {
                base64: Provenance::Chosen,
            } => Some("Base64.".into()),
            Kind::Secret { .. } => None,
            Kind::Text { pattern } => pattern.map(|rule| format!("{}.", capitalise(rule.describe()))),
        }
    }

    /// Whether this kind carries a rule the console chose (and so needs a `chosen` note).
    pub fn has_chosen_rule(&self) -> bool {
        self.describe_chosen().is_some()
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One property of an application configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PropertySpec {
    /// The API name.
    pub name: &'static str,
    pub label: &'static str,
    pub group: Group,
    pub kind: Kind,
    /// The reference's sample value as the API sends it (for [`Kind::EnumList`], the items
    /// comma-separated); empty when it has none. An example, never a default: the reference
    /// states no defaults and calls its samples illustrative.
    pub example: &'static str,
    /// What the property does, in plain words.
    pub help: &'static str,
    /// Shown, never sent.
    pub read_only: bool,
    /// Write-only: never shown, never validated on read.
    pub secret: bool,
    /// The source of the rules the console chose for this property (see
    /// [`Kind::describe_chosen`]); every property with such a rule has one.
    pub chosen_bounds: Option<&'static str>,
}

impl PropertySpec {
    /// The reference's example as the API would send it; `None` for secrets and properties
    /// without one.
    pub fn example_value(&self) -> Option<Value> {
        if self.secret || self.example.is_empty() {
            return None;
        }
        Some(from_form_text(self, self.example))
    }

    /// Whether the reference lists this property as not updatable (as opposed to the console
    /// choosing not to send it).
    pub fn documented_read_only(&self) -> bool {
        DOCUMENTED_READ_ONLY.contains(&self.name)
    }
}

/// "It is not currently possible to update the following properties with this endpoint".
pub const DOCUMENTED_READ_ONLY: &[&str] = &["maximumSessionExpiry", "clientDebugDataEnabledOsTypes"];

/// Builds a [`PropertySpec`].
macro_rules! property {
    (
        $name:literal, $label:literal, $group:ident, $kind:expr,
        example: $example:literal,
        help: $help:literal
        $(, chosen: $chosen:expr)?
        $(, read_only: $read_only:literal)?
        $(, secret: $secret:literal)?
        $(,)?
    ) => {
        PropertySpec {
            name: $name,
            label: $label,
            group: Group::$group,
            kind: $kind,
            example: $example,
            help: $help,
            read_only: property!(@flag $($read_only)?),
            secret: property!(@flag $($secret)?),
            chosen_bounds: property!(@note $($chosen)?),
        }
    };
    (@flag) => { false };
    (@flag $value:literal) => { $value };
    (@note) => { None };
    (@note $note:expr) => { Some($note) };
}

/// Notes shared by several properties (a rule the console chose, and why).
const BOOLEAN_NOTE: &str =
    "true and false are the values of the reference's samples; its list of allowed values is cut \
     off.";
const VERSION_NOTE: &str = "Three-part versions (3.7.0) are what the console expects; the \
     reference's own statistics show two-part ones (3.21), so those only get a warning.";
const MAXINT_NOTE: &str =
    "At most MAXINT (2147483647), as Signicat's Application configuration page gives it; the \
     reference's range is cut off.";
const SECRET_BASE64_NOTE: &str = "Base64 is the console's guess (the Firebase service account \
     is documented as Base64; these keys are not).";

const NON_NEGATIVE_COUNT: Kind = Kind::Integer { min: 0, max: None };
const DURATION: Kind = Kind::Millis { max: None };

/// FCM's largest time to live: 28 days.
const FCM_MAX_TTL_MS: i64 = 28 * 24 * 60 * 60 * 1000;

/// Every property of an application configuration, grouped in display order.
pub static PROPERTIES: &[PropertySpec] = &[
    // ------------------------------------------------------------ Authentication
    property!(
        "allowedAuthMethods", "Allowed authentication methods", Authentication,
        Kind::EnumList { values: AUTH_METHODS, nullable: false },
        example: "DEVICE, DEVICE:PIN, DEVICE:STRONG_TOUCH_ID, DEVICE:IOS_FACE_ID, \
                  DEVICE:ANDROID_BIOMETRIC_PROMPT, DEVICE:SERVER_SIDE_FACE",
        help: "The authentication methods that devices can activate and use to authenticate.",
        chosen: "The allowed values are the six of the reference's sample; the reference gives \
                 no complete list.",
    ),
    property!(
        "allowedAuthMethodsForAuthAndActivate", "Methods for activating a new method",
        Authentication, Kind::EnumList { values: AUTH_METHODS, nullable: false },
        example: "DEVICE:PIN",
        help: "The authentication methods that can be used to authenticate while activating a \
               new authentication method. Each must also be an allowed authentication method.",
        chosen: "The known values are the six of the reference's sample; the reference gives no \
                 complete list.",
    ),
    property!(
        "hwKeyValidationStrategy", "Hardware-protected key validation", Authentication,
        Kind::Enum(HW_KEY_STRATEGIES),
        example: "SUPPORTED",
        help: "How strictly devices must use hardware-protected keys. Read-only here: the \
               reference's update body does not list it.",
        chosen: "Values SUPPORTED, REQUIRED_IF_SUPPORTED and REQUIRED chosen by the console; the \
                 reference shows only SUPPORTED.",
        read_only: true,
    ),
    // ------------------------------------------------------------ Activation
    property!(
        "activationCodeType", "Activation code characters", Activation,
        Kind::Enum(CHARACTER_SETS),
        example: "NUMERIC",
        help: "The characters the generated activation code is made of.",
        chosen: "Values ANY, NUMERIC, ALPHA and ALPHANUMERIC come from Signicat's Application \
                 configuration page; the reference's list is cut off.",
    ),
    property!(
        "activationCodeLength", "Activation code length", Activation,
        Kind::Integer { min: 4, max: None },
        example: "6",
        help: "The length in characters of the generated activation code: from 4 to MAXINT \
               (Signicat's Application configuration page).",
        chosen: "From 4 to MAXINT is what Signicat's Application configuration page gives; the \
                 reference's range is cut off.",
    ),
    // ------------------------------------------------------------ PIN
    property!(
        "pinCodeType", "PIN characters", Pin, Kind::Enum(CHARACTER_SETS),
        example: "NUMERIC",
        help: "The characters a PIN may contain. A hint to the client SDK; the server does not \
               enforce it.",
        chosen: "Values ANY, NUMERIC, ALPHA and ALPHANUMERIC chosen by the console (those of the \
                 activation code); the reference's list is cut off.",
    ),
    property!(
        "pinCodeLength", "PIN length", Pin, NON_NEGATIVE_COUNT,
        example: "6",
        help: "The length in characters of the PIN; at most the maximum PIN length. Enforced by \
               the client SDK, not by the server.",
        chosen: "Range 0 to MAXINT chosen by the console; the reference's range is cut off.",
    ),
    property!(
        "maxPinCodeLength", "Maximum PIN length", Pin, NON_NEGATIVE_COUNT,
        example: "6",
        help: "The maximum length in characters of the PIN.",
        chosen: "Range 0 to MAXINT chosen by the console; the reference's range is cut off.",
    ),
    // ------------------------------------------------------------ Sessions
    property!(
        "sessionExpiry", "Session expiry", Sessions, DURATION,
        example: "300000",
        help: "How long a new client session stays valid, in milliseconds; at most the maximum \
               session expiry. After it, the session can no longer be used.",
    ),
    property!(
        "maximumSessionExpiry", "Maximum session expiry", Sessions, DURATION,
        example: "187200000",
        help: "The upper limit of the session expiry, in milliseconds. Read-only: Signicat \
               support changes it.",
        read_only: true,
    ),
    // ------------------------------------------------------------ Push
    property!(
        "nativePushEnabled", "Native push", Push, Kind::Boolean,
        example: "false",
        help: "Send push messages through Firebase Cloud Messaging and Apple APNs. Needs the \
               APNs bundle ID.",
        chosen: BOOLEAN_NOTE,
    ),
    property!(
        "apnConfig", "APNs server", Push, Kind::Enum(APN_CONFIGS),
        example: "PRODUCTION",
        help: "Which APNs server push messages go to: PRODUCTION for App Store and TestFlight \
               builds, SANDBOX for development builds.",
        chosen: "Values PRODUCTION and SANDBOX, and the default PRODUCTION, chosen by the console; \
                 the reference's list is cut off.",
    ),
    property!(
        "apnsBundleId", "APNs bundle ID", Push, Kind::Text { pattern: None },
        example: "",
        help: "The iOS app's bundle ID, the topic of push messages sent to APNs. Required when \
               native push is enabled.",
    ),
    property!(
        "apnExpiry", "APNs expiry", Push, DURATION,
        example: "1",
        help: "How long APNs keeps trying to deliver a message, in milliseconds, before \
               discarding it. APNs tries at least once whatever the value.",
    ),
    property!(
        "apnsNotificationSoundEnabled", "Notification sound on iOS", Push, Kind::Boolean,
        example: "true",
        help: "Play a sound for push messages on iOS devices.",
        chosen: BOOLEAN_NOTE,
    ),
    property!(
        "apnsTimeSensitiveInterruptionLevelEnabled", "Time-sensitive notifications on iOS", Push,
        Kind::Boolean,
        example: "true",
        help: "Send iOS push messages as time-sensitive, so they reach the user even in Focus \
               mode.",
        chosen: BOOLEAN_NOTE,
    ),
    property!(
        "firebaseTimeToLive", "Firebase time to live", Push,
        Kind::Millis { max: Some(FCM_MAX_TTL_MS) },
        example: "0",
        help: "The longest a Firebase Cloud Messaging message may wait for delivery, in \
               milliseconds; 0 means deliver now or never.",
        chosen: "Upper bound 2419200000 ms (28 days, Firebase's largest time to live) chosen by \
                 the console; the reference gives none.",
    ),
    property!(
        "firebaseServiceAccount", "Firebase service account", Push,
        Kind::Secret { base64: Provenance::Documented },
        example: "",
        help: "The Base64 of the Firebase project's service account file (serviceAccount.json). \
               Write-only: it is never shown.",
        secret: true,
    ),
    // ------------------------------------------------------------ Recovery
    property!(
        "recoveryEnabled", "Recovery", Recovery, Kind::Boolean,
        example: "false",
        help: "Let users set up recovery with an alternative set of credentials.",
        chosen: BOOLEAN_NOTE,
    ),
    property!(
        "recoveryCodeFormat", "Recovery code characters", Recovery, Kind::Enum(CHARACTER_SETS),
        example: "NUMERIC",
        help: "The characters a recovery code may contain. A hint to the client SDK; the server \
               does not enforce it.",
        chosen: "Values ANY, NUMERIC, ALPHA and ALPHANUMERIC chosen by the console (those of the \
                 activation code); the reference's list is cut off.",
    ),
    property!(
        "recoveryCodeMinLength", "Minimum recovery code length", Recovery, NON_NEGATIVE_COUNT,
        example: "6",
        help: "The minimum length in characters of the recovery code; at most the maximum \
               length. From 0 to MAXINT (Signicat's Application configuration page).",
        chosen: MAXINT_NOTE,
    ),
    property!(
        "recoveryCodeMaxLength", "Maximum recovery code length", Recovery, NON_NEGATIVE_COUNT,
        example: "50",
        help: "The maximum length in characters of the recovery code. From 0 to MAXINT \
               (Signicat's Application configuration page).",
        chosen: MAXINT_NOTE,
    ),
    property!(
        "recoveryCodeAmountFailuresAllowed", "Recovery attempts before lock", Recovery,
        NON_NEGATIVE_COUNT,
        example: "3",
        help: "How many failed recovery code attempts a client may make before its recovery is \
               locked. From 0 to MAXINT (Signicat's Application configuration page).",
        chosen: MAXINT_NOTE,
    ),
    // ------------------------------------------------------------ Geofencing
    property!(
        "geofencingActivationMode", "Geofencing at activation", Geofencing, Kind::Enum(MODES),
        example: "OFF",
        help: "Whether the device's country is checked when it is activated.",
        chosen: "Values OFF, OPTIONAL and REQUIRED are those of the reference's examples; its list \
                 is cut off.",
    ),
    property!(
        "geofencingActivationAllowedContinents", "Activation: allowed continents", Geofencing,
        Kind::Continents,
        example: "",
        help: "Continents where activation is allowed, comma-separated.",
        chosen: "Codes AF, AN, AS, EU, NA, OC and SA are GeoNames'; the reference's list is cut \
                 off.",
    ),
    property!(
        "geofencingActivationAllowedCountries", "Activation: allowed countries", Geofencing,
        Kind::Countries,
        example: "",
        help: "Countries where activation is allowed in addition to the allowed continents, as \
               comma-separated ISO 3166-1 alpha-2 codes.",
        chosen: "XK (Kosovo, as GeoNames codes it) is accepted besides the ISO codes.",
    ),
    property!(
        "geofencingActivationDeniedCountries", "Activation: denied countries", Geofencing,
        Kind::Countries,
        example: "",
        help: "Countries where activation is denied even inside an allowed continent, as \
               comma-separated ISO 3166-1 alpha-2 codes. A country cannot be both allowed and \
               denied.",
        chosen: "XK (Kosovo, as GeoNames codes it) is accepted besides the ISO codes.",
    ),
    property!(
        "geofencingAuthenticationMode", "Geofencing at authentication", Geofencing,
        Kind::Enum(MODES),
        example: "OFF",
        help: "Whether the device's country is checked when it authenticates.",
        chosen: "Values OFF, OPTIONAL and REQUIRED are those of the reference's examples; its list \
                 is cut off.",
    ),
    property!(
        "geofencingAuthenticationAllowedContinents", "Authentication: allowed continents",
        Geofencing, Kind::Continents,
        example: "",
        help: "Continents where authentication is allowed, comma-separated.",
        chosen: "Codes AF, AN, AS, EU, NA, OC and SA are GeoNames'; the reference's list is cut \
                 off.",
    ),
    property!(
        "geofencingAuthenticationAllowedCountries", "Authentication: allowed countries",
        Geofencing, Kind::Countries,
        example: "",
        help: "Countries where authentication is allowed in addition to the allowed continents, \
               as comma-separated ISO 3166-1 alpha-2 codes.",
        chosen: "XK (Kosovo, as GeoNames codes it) is accepted besides the ISO codes.",
    ),
    property!(
        "geofencingAuthenticationDeniedCountries", "Authentication: denied countries", Geofencing,
        Kind::Countries,
        example: "",
        help: "Countries where authentication is denied even inside an allowed continent, as \
               comma-separated ISO 3166-1 alpha-2 codes. A country cannot be both allowed and \
               denied.",
        chosen: "XK (Kosovo, as GeoNames codes it) is accepted besides the ISO codes.",
    ),
    property!(
        "geofencingTimeout", "Geofencing timeout", Geofencing, DURATION,
        example: "10000",
        help: "How long the SDK waits for the location lookup and reverse geocoding, in \
               milliseconds, before going on without a country.",
    ),
    // ------------------------------------------------------------ Attestation
    property!(
        "attestationIosAppAttestMode", "App Attest (iOS)", Attestation, Kind::Enum(MODES),
        example: "OFF",
        help: "Whether iOS apps must prove themselves with Apple's App Attest. Needs the App \
               Attest app ID.",
        chosen: "Values OFF, OPTIONAL and REQUIRED are those of the reference's examples; its list \
                 is cut off.",
    ),
    property!(
        "attestationIosAppAttestEnvironment", "App Attest environment", Attestation,
        Kind::Enum(APP_ATTEST_ENVIRONMENTS),
        example: "PRODUCTION",
        help: "The App Attest environment the app uses.",
        chosen: "DEVELOPMENT (Apple's other App Attest environment) chosen by the console; the \
                 reference shows only PRODUCTION.",
    ),
    property!(
        "attestationIosAppAttestAppId", "App Attest app ID", Attestation,
        Kind::Text { pattern: Some(TextRule::AppAttestAppId) },
        example: "",
        help: "The team ID, a period and the bundle ID (ABCDE12345.com.example.app). Required \
               when App Attest is on.",
        chosen: "The team ID is taken as 10 capital letters or digits (Apple's format), although \
                 the reference says \"10-digit\".",
    ),
    property!(
        "attestationIosAppAttestTimeout", "App Attest timeout", Attestation, DURATION,
        example: "20000",
        help: "How long an App Attest attestation request may take, in milliseconds.",
    ),
    property!(
        "attestationAndroidPlayIntegrityMode", "Play Integrity (Android)", Attestation,
        Kind::Enum(MODES),
        example: "OFF",
        help: "Whether Android apps must prove themselves with Google Play Integrity (clients \
               3.17 or newer). Needs the package name, the timeout and both keys.",
        chosen: "Values OFF, OPTIONAL and REQUIRED are those of the reference's examples; its list \
                 is cut off.",
    ),
    property!(
        "attestationAndroidPackageName", "Android package name", Attestation,
        Kind::Text { pattern: None },
        example: "",
        help: "The APK's package name. Required when Play Integrity is on.",
    ),
    property!(
        "attestationAndroidPlayIntegrityTimeout", "Play Integrity timeout", Attestation, DURATION,
        example: "200000",
        help: "How long a request to Play Integrity may take, in milliseconds. Required when \
               Play Integrity is on.",
    ),
    property!(
        "attestationAndroidPlayIntegrityDecryptionKey", "Play Integrity decryption key",
        Attestation, Kind::Secret { base64: Provenance::Chosen },
        example: "",
        help: "The key that decrypts the integrity token, in Base64. Required when Play \
               Integrity is on. Write-only: it is never shown.",
        chosen: SECRET_BASE64_NOTE,
        secret: true,
    ),
    property!(
        "attestationAndroidPlayIntegrityVerificationKey", "Play Integrity verification key",
        Attestation, Kind::Secret { base64: Provenance::Chosen },
        example: "",
        help: "The key that verifies the integrity token, in Base64. Required when Play \
               Integrity is on. Write-only: it is never shown.",
        chosen: SECRET_BASE64_NOTE,
        secret: true,
    ),
    // ------------------------------------------------------------ Risk data
    property!(
        "enabledRiskData", "Collected risk data", RiskData,
        Kind::EnumList { values: RISK_DATA, nullable: true },
        example: "deviceHash, deviceModel, deviceManufacturer, operatingSystemFingerprint, \
                  operatingSystemVersion, operatingSystemType",
        help: "The risk attributes collected from devices; ALL collects every attribute. Some \
               risk data is always collected, even when this is empty.",
        chosen: "The allowed values are ALL (the reference's example) and the six attributes of \
                 its sample; the full list of risk attributes is not in the reference.",
    ),
    property!(
        "clientDebugDataEnabledOsTypes", "Client debug data", RiskData, Kind::EnumCsv(OS_TYPES),
        example: "IOS,ANDROID",
        help: "The operating systems whose clients send debug data, comma-separated. Read-only: \
               Signicat support changes it.",
        chosen: "Values IOS and ANDROID are those of the reference's sample, which writes them \
                 with and without a space after the comma; both are accepted.",
        read_only: true,
    ),
    // ------------------------------------------------------------ SDK versions
    property!(
        "minimumRequiredEncapApiVersionAndroid", "Minimum Android SDK version", SdkVersions,
        Kind::SemVer,
        example: "",
        help: "The lowest Android client SDK version allowed, e.g. 3.7.0. It can only narrow the \
               server's own minimum, not extend it. Empty: no extra minimum.",
        chosen: VERSION_NOTE,
    ),
    property!(
        "minimumRequiredEncapApiVersionIos", "Minimum iOS SDK version", SdkVersions,
        Kind::SemVer,
        example: "",
        help: "The lowest iOS client SDK version allowed, e.g. 3.7.0. It can only narrow the \
               server's own minimum, not extend it. Empty: no extra minimum.",
        chosen: VERSION_NOTE,
    ),
    property!(
        "encapApiBlacklistAndroid", "Blocked Android SDK versions", SdkVersions, Kind::SemVerList,
        example: "",
        help: "Android client SDK versions to reject, comma-separated, e.g. 3.5.3, 3.6.8.",
        chosen: VERSION_NOTE,
    ),
    property!(
        "encapApiBlacklistIos", "Blocked iOS SDK versions", SdkVersions, Kind::SemVerList,
        example: "",
        help: "iOS client SDK versions to reject, comma-separated, e.g. 3.5.3, 3.6.8.",
        chosen: VERSION_NOTE,
    ),
    // ------------------------------------------------------------ Locking
    property!(
        "amountFailuresAllowed", "Failed attempts before lock", Locking, NON_NEGATIVE_COUNT,
        example: "3",
        help: "How many failed authentications a client may make before it is locked. From 0 to \
               MAXINT (Signicat's Application configuration page).",
        chosen: MAXINT_NOTE,
    ),
    property!(
        "lockScope", "Lock scope", Locking, Kind::Enum(LOCK_SCOPES),
        example: "DEVICE",
        help: "What a lock after too many failed attempts covers: the whole device (DEVICE) or \
               only the authentication method that failed (AUTH_METHOD).",
        chosen: "AUTH_METHOD is the console's spelling of the scope Signicat's release notes call \
                 \"Authentication method\"; the reference shows only DEVICE.",
    ),
];

/// The spec of the property with this API name.
pub fn spec(name: &str) -> Option<&'static PropertySpec> {
    PROPERTIES.iter().find(|p| p.name == name)
}

/// Every choice the console made where the reference is silent or cut off: `(name, note)`.
pub fn chosen_bounds() -> Vec<(&'static str, &'static str)> {
    PROPERTIES
        .iter()
        .filter_map(|p| p.chosen_bounds.map(|note| (p.name, note)))
        .collect()
}

/// The reference's sample value of every property that has one, as the API would send it.
/// Secrets are absent.
pub fn reference_examples() -> PropertyValues {
    PROPERTIES
        .iter()
        .filter_map(|p| p.example_value().map(|v| (p.name.to_owned(), v)))
        .collect()
}

// ---------------------------------------------------------------- form text

/// The form text of `null` in a list that documents `null` ([`Kind::EnumList`] `nullable`).
pub const NULL_TEXT: &str = "null";

/// The form's text for an API value: list items joined with `", "`, strings as they are.
/// Secrets give the empty string: they are write-only and never put back into a form.
pub fn to_form_text(spec: &PropertySpec, value: &Value) -> String {
    if spec.secret {
        return String::new();
    }
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Value::Null if matches!(spec.kind, Kind::EnumList { nullable: true, .. }) => {
            NULL_TEXT.into()
        }
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The API value for the form's text: an array for [`Kind::EnumList`] (empty items dropped;
/// [`NULL_TEXT`] is `null` where documented), otherwise the trimmed string. Base64 loses all
/// whitespace, so a wrapped paste still works.
pub fn from_form_text(spec: &PropertySpec, text: &str) -> Value {
    match spec.kind {
        Kind::EnumList { nullable: true, .. } if text.trim() == NULL_TEXT => Value::Null,
        Kind::EnumList { .. } => Value::Array(
            text.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| Value::String(item.to_owned()))
                .collect(),
        ),
        Kind::Secret { .. } => Value::String(text.split_whitespace().collect()),
        _ => Value::String(text.trim().to_owned()),
    }
}

/// The form text of a property this console does not know: a string as it is, anything else
/// as JSON.
pub fn unknown_to_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The value to send for an unknown property's text: JSON again when the server's value was
/// not a string and the text is JSON, otherwise the text as a string.
pub fn unknown_from_text(text: &str, server: Option<&Value>) -> Value {
    let was_string = matches!(server, None | Some(Value::String(_)));
    if !was_string {
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            return value;
        }
    }
    Value::String(text.to_owned())
}

/// The form text of any property, known or not.
pub fn text_of(name: &str, value: &Value) -> String {
    match spec(name) {
        Some(spec) => to_form_text(spec, value),
        None => unknown_to_text(value),
    }
}

/// The value to send for any property's text; `server` is the server's value, if any.
pub fn value_of(name: &str, text: &str, server: Option<&Value>) -> Value {
    match spec(name) {
        Some(spec) => from_form_text(spec, text),
        None => unknown_from_text(text, server),
    }
}

// ---------------------------------------------------------------- findings

/// One finding about one value, before it is tied to a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
}

impl Finding {
    fn error(message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Error,
            message: message.into(),
        }
    }
}

/// A finding shown next to the field named `name` (an API name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub name: String,
    pub message: String,
    pub severity: Severity,
}

impl FieldProblem {
    pub fn error(name: &str, message: impl Into<String>) -> Self {
        FieldProblem {
            name: name.to_owned(),
            message: message.into(),
            severity: Severity::Error,
        }
    }

    pub fn warning(name: &str, message: impl Into<String>) -> Self {
        FieldProblem {
            name: name.to_owned(),
            message: message.into(),
            severity: Severity::Warning,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

impl From<FieldProblem> for InvalidParam {
    fn from(problem: FieldProblem) -> Self {
        InvalidParam {
            name: problem.name,
            reason: problem.message,
        }
    }
}

/// The sentence every warning ends with: where the rule comes from, and who decides.
fn chosen_warning(spec: &PropertySpec, problem: String) -> Finding {
    let source = spec
        .chosen_bounds
        .unwrap_or("The reference does not state this rule.");
    Finding {
        severity: Severity::Warning,
        message: format!("{problem} {source} The server decides."),
    }
}

/// Every finding about one value as it would be sent: errors for what the reference states
/// (the JSON type, negative counts, malformed versions and country codes, Base64 where
/// documented), warnings for the console's own guesses.
pub fn check_value(spec: &PropertySpec, value: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut chosen = |problem: String| findings.push(chosen_warning(spec, problem));
    if let Kind::EnumList { values, nullable } = spec.kind {
        let items = match value {
            Value::Null if nullable => return Vec::new(),
            Value::Null => {
                chosen("null is documented only for the collected risk data.".into());
                return findings;
            }
            _ => match list_items(value) {
                Ok(items) => items,
                Err(message) => return vec![Finding::error(message)],
            },
        };
        let unknown: Vec<&str> = items
            .iter()
            .map(String::as_str)
            .filter(|item| !values.contains(item))
            .collect();
        if let Err(message) = check_items(
            &unknown,
            |_| false,
            "is not a value this console knows",
            "are not values this console knows",
        ) {
            chosen(message);
        }
        return findings;
    }
    let text = match as_text(value) {
        Ok(text) => text,
        Err(message) => return vec![Finding::error(message)],
    };
    match spec.kind {
        Kind::Integer { min, max } => match parse_whole(text) {
            None => return vec![Finding::error("Must be a whole number, such as 3.")],
            Some(n) if n < 0 => return vec![Finding::error("Must be 0 or more.")],
            Some(n) if n < min => chosen(format!("{n} is below {min}.")),
            Some(n) if n > max.unwrap_or(MAXINT) => {
                chosen(format!("{n} is above {}.", max.unwrap_or(MAXINT)))
            }
            Some(_) => {}
        },
        Kind::Millis { max } => match parse_whole(text) {
            None => {
                return vec![Finding::error(
                    "Must be a whole number of milliseconds, such as 300000.",
                )]
            }
            Some(n) if n < 0 => return vec![Finding::error("Must be 0 or more milliseconds.")],
            Some(n) if max.is_some_and(|m| n > m) => {
                chosen(format!("{n} ms is above {} ms.", max.unwrap_or_default()))
            }
            Some(_) => {}
        },
        Kind::Boolean => {
            if !text.is_empty() && text != "true" && text != "false" {
                chosen(format!("\"{text}\" is neither true nor false."))
            }
        }
        Kind::Enum(values) => {
            if !text.is_empty() && !values.contains(&text) {
                chosen(format!("{text} is not a value this console knows."))
            }
        }
        Kind::EnumCsv(values) => match csv_items(text) {
            Ok(items) => {
                if let Err(message) = check_items(
                    &items,
                    |item| values.contains(&item),
                    "is not a value this console knows",
                    "are not values this console knows",
                ) {
                    chosen(message)
                }
            }
            Err(message) => chosen(message),
        },
        Kind::SemVer => {
            if !text.is_empty() && !is_semver(text) {
                if is_short_version(text) {
                    chosen(format!("{text} has two parts, not three."))
                } else {
                    return vec![Finding::error(
                        "Must be a semantic version such as 3.7.0.",
                    )];
                }
            }
        }
        Kind::SemVerList => {
            let items = match csv_items(text) {
                Ok(items) => items,
                Err(message) => return vec![Finding::error(message)],
            };
            let bad: Vec<&str> = items
                .iter()
                .copied()
                .filter(|v| !is_semver(v) && !is_short_version(v))
                .collect();
            if let Err(message) = check_items(
                &bad,
                |_| false,
                "is not a semantic version such as 3.7.0",
                "are not semantic versions such as 3.7.0",
            ) {
                return vec![Finding::error(message)];
            }
            let short: Vec<&str> = items
                .iter()
                .copied()
                .filter(|v| is_short_version(v))
                .collect();
            if let Err(message) = check_items(
                &short,
                |_| false,
                "has two parts, not three",
                "have two parts, not three",
            ) {
                chosen(message)
            }
        }
        Kind::Continents => match csv_items(text) {
            Ok(items) => {
                if let Err(message) = check_items(
                    &items,
                    |item| CONTINENTS.contains(&item),
                    "is not a continent code this console knows",
                    "are not continent codes this console knows",
                ) {
                    chosen(message)
                }
            }
            Err(message) => chosen(message),
        },
        Kind::Countries => {
            let items = match csv_items(text) {
                Ok(items) => items,
                Err(message) => return vec![Finding::error(message)],
            };
            if let Err(message) = check_items(
                &items,
                is_country_code,
                "is not an ISO 3166-1 alpha-2 country code (two capitals, e.g. SE)",
                "are not ISO 3166-1 alpha-2 country codes (two capitals, e.g. SE)",
            ) {
                return vec![Finding::error(message)];
            }
        }
        Kind::Secret { base64 } => {
            if text.is_empty() {
                return vec![Finding::error("Must not be empty.")];
            }
            if !is_base64(text) {
                let message = "Not Base64 (A–Z, a–z, 0–9, + and /, with optional = padding).";
                match base64 {
                    Provenance::Documented => return vec![Finding::error(message)],
                    Provenance::Chosen => chosen(message.into()),
                }
            }
        }
        Kind::Text { pattern } => {
            if let Some(rule) = pattern.filter(|rule| !text.is_empty() && !rule.matches(text)) {
                chosen(format!("Expected {}.", rule.describe()))
            }
        }
        Kind::EnumList { .. } => unreachable!("handled above"),
    }
    findings
}

/// The first error of a value, if it has one (warnings are not errors).
pub fn validate_value(spec: &PropertySpec, value: &Value) -> Result<(), String> {
    match check_value(spec, value)
        .into_iter()
        .find(|f| f.severity == Severity::Error)
    {
        Some(error) => Err(error.message),
        None => Ok(()),
    }
}

/// The string inside `value`; anything else is an error that says what to send instead.
fn as_text(value: &Value) -> Result<&str, String> {
    match value {
        Value::String(text) => Ok(text),
        Value::Number(n) => Err(format!(
            "Must be sent as a string (\"{n}\"), not as a number."
        )),
        Value::Bool(b) => Err(format!(
            "Must be sent as a string (\"{b}\"), not as a boolean."
        )),
        Value::Null => Err("A value is required.".into()),
        Value::Array(_) | Value::Object(_) => Err("Must be a single string.".into()),
    }
}

fn list_items(value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| "Every item of the list must be a string.".to_owned())
            })
            .collect(),
        // The reference's own example for `enabledRiskData` is the string "ALL".
        Value::String(text) => Ok(csv_items(text)?.into_iter().map(str::to_owned).collect()),
        Value::Null => Ok(Vec::new()),
        _ => Err("Must be a list of strings.".into()),
    }
}

/// The trimmed items of a comma-separated string; the empty string is the empty list.
fn csv_items(text: &str) -> Result<Vec<&str>, String> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    text.split(',')
        .map(str::trim)
        .map(|item| {
            if item.is_empty() {
                Err("The list has an empty item: remove the extra comma.".to_owned())
            } else {
                Ok(item)
            }
        })
        .collect()
}

/// Names every item `valid` rejects: "XX is not …." or "XX, YY are not …."
fn check_items(
    items: &[&str],
    valid: impl Fn(&str) -> bool,
    singular: &str,
    plural: &str,
) -> Result<(), String> {
    let bad: Vec<&str> = items.iter().copied().filter(|item| !valid(item)).collect();
    match bad.as_slice() {
        [] => Ok(()),
        [one] => Err(format!("{one} {singular}.")),
        many => Err(format!("{} {plural}.", many.join(", "))),
    }
}

/// A whole number written plainly: optional minus sign, then digits only (no `+`, spaces or
/// decimals, which the server's parser may not take).
fn parse_whole(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_version_number(part: &str) -> bool {
    !part.is_empty()
        && part.bytes().all(|b| b.is_ascii_digit())
        && (part == "0" || !part.starts_with('0'))
}

/// `MAJOR.MINOR`, as the reference's statistics write SDK versions (`3.21`).
fn is_short_version(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 2 && parts.iter().all(|p| is_version_number(p))
}

/// Semantic Versioning 2.0.0: `MAJOR.MINOR.PATCH`, optional `-pre.release` and `+build`.
fn is_semver(text: &str) -> bool {
    fn identifiers(text: &str, numbers_canonical: bool) -> bool {
        text.split('.').all(|id| {
            !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && (!numbers_canonical
                    || !id.bytes().all(|b| b.is_ascii_digit())
                    || is_version_number(id))
        })
    }
    let (rest, build) = match text.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (text, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| is_version_number(p))
        && pre.is_none_or(|p| identifiers(p, true))
        && build.is_none_or(|b| identifiers(b, false))
}

/// Standard Base64 alphabet, with or without `=` padding, and of a length that decodes.
fn is_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    let padding = text.len() - body.len();
    if body.is_empty()
        || padding > 2
        || !body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
    {
        return false;
    }
    match body.len() % 4 {
        1 => false,
        remainder => padding == 0 || (remainder != 0 && padding == 4 - remainder),
    }
}

/// `ABCDE12345.com.example.app`: a team ID of 10 capitals or digits, then a bundle ID of
/// dot-separated letters, digits and hyphens.
fn is_app_attest_app_id(text: &str) -> bool {
    let Some((team, bundle)) = text.split_once('.') else {
        return false;
    };
    team.len() == 10
        && team
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && bundle.split('.').all(|segment| {
            !segment.is_empty()
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

// ---------------------------------------------------------------- rules across fields

/// A rule over several properties, checked only when one of its fields changes.
pub struct CrossFieldRule {
    /// The properties it reads; a change to any of them checks it.
    pub fields: &'static [&'static str],
    pub provenance: Provenance,
    /// What the rule says, and where it comes from.
    pub describe: &'static str,
    check: fn(&View<'_>) -> Vec<(String, String)>,
}

impl fmt::Debug for CrossFieldRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CrossFieldRule")
            .field("fields", &self.fields)
            .field("provenance", &self.provenance)
            .finish()
    }
}

/// Reads a set of values for the cross-field rules: only values without errors count, so a
/// bad value gets its own error and no follow-on ones. Secrets absent from the set are
/// unknown (a GET may leave them out), never "not set".
pub struct View<'a> {
    values: &'a PropertyValues,
}

impl View<'_> {
    fn valid(&self, name: &str) -> Option<&Value> {
        let spec = spec(name)?;
        let value = self.values.get(name)?;
        validate_value(spec, value).ok().map(|()| value)
    }

    fn text(&self, name: &str) -> Option<&str> {
        self.valid(name)?.as_str()
    }

    fn number(&self, name: &str) -> Option<i64> {
        parse_whole(self.text(name)?)
    }

    fn items(&self, name: &str) -> Option<Vec<String>> {
        list_items(self.valid(name)?).ok()
    }

    /// Set: present and not empty (valid or not; a bad value has its own finding).
    fn is_set(&self, name: &str) -> bool {
        match self.values.get(name) {
            Some(Value::String(text)) => !text.trim().is_empty(),
            Some(Value::Array(items)) => !items.is_empty(),
            Some(Value::Null) | None => false,
            Some(_) => true,
        }
    }
}

fn at_most(view: &View<'_>, lesser: &str, greater: &str, what: &str) -> Vec<(String, String)> {
    match (view.number(lesser), view.number(greater)) {
        (Some(a), Some(b)) if a > b => vec![(
            lesser.to_owned(),
            format!("{what}: {a} is more than {b}."),
        )],
        _ => Vec::new(),
    }
}

fn required_when(view: &View<'_>, mode: &str, needs: &[&str], what: &str) -> Vec<(String, String)> {
    let Some(on) = view.text(mode).filter(|m| !m.is_empty() && *m != "OFF") else {
        return Vec::new();
    };
    needs
        .iter()
        .filter(|name| !spec(name).is_some_and(|s| s.secret) && !view.is_set(name))
        .map(|name| ((*name).to_owned(), format!("Needed when {what} is {on}.")))
        .collect()
}

fn allowed_and_denied(view: &View<'_>, allowed: &str, denied: &str) -> Vec<(String, String)> {
    let (Some(a), Some(d)) = (view.items(allowed), view.items(denied)) else {
        return Vec::new();
    };
    let mut both: Vec<&str> = d
        .iter()
        .filter(|c| a.contains(c))
        .map(String::as_str)
        .collect();
    both.sort_unstable();
    both.dedup();
    match check_items(&both, |_| false, "is both allowed and denied", "are both allowed and denied") {
        Ok(()) => Vec::new(),
        Err(message) => vec![(allowed.to_owned(), message.clone()), (denied.to_owned(), message)],
    }
}

/// Every rule across properties, with its provenance.
pub static CROSS_FIELD_RULES: &[CrossFieldRule] = &[
    CrossFieldRule {
        fields: &["allowedAuthMethodsForAuthAndActivate", "allowedAuthMethods"],
        provenance: Provenance::Documented,
        describe: "Each method for activating a new method must be an allowed method \
                   (reference: \"must be present in the allowedAuthMethods\").",
        check: |view| {
            let (Some(for_activation), Some(allowed)) = (
                view.items("allowedAuthMethodsForAuthAndActivate"),
                view.items("allowedAuthMethods"),
            ) else {
                return Vec::new();
            };
            let missing: Vec<&str> = for_activation
                .iter()
                .filter(|m| !allowed.contains(m))
                .map(String::as_str)
                .collect();
            match check_items(
                &missing,
                |_| false,
                "is not an allowed authentication method",
                "are not allowed authentication methods",
            ) {
                Ok(()) => Vec::new(),
                Err(message) => vec![("allowedAuthMethodsForAuthAndActivate".into(), message)],
            }
        },
    },
    CrossFieldRule {
        fields: &["attestationIosAppAttestMode", "attestationIosAppAttestAppId"],
        provenance: Provenance::Documented,
        describe: "The App Attest app ID is needed when App Attest is on (reference: \"required \
                   when using Apple App Attest service\").",
        check: |view| {
            required_when(
                view,
                "attestationIosAppAttestMode",
                &["attestationIosAppAttestAppId"],
                "App Attest mode",
            )
        },
    },
    CrossFieldRule {
        fields: &["pinCodeLength", "maxPinCodeLength"],
        provenance: Provenance::Chosen,
        describe: "PIN length at most the maximum PIN length: the console's reading of the \
                   names; the reference calls the PIN length a hint the server does not enforce.",
        check: |view| at_most(view, "pinCodeLength", "maxPinCodeLength", "PIN length above its maximum"),
    },
    CrossFieldRule {
        fields: &["recoveryCodeMinLength", "recoveryCodeMaxLength"],
        provenance: Provenance::Chosen,
        describe: "Minimum recovery code length at most the maximum: the console's reading of \
                   the names; the reference calls both hints the server does not enforce.",
        check: |view| {
            at_most(
                view,
                "recoveryCodeMinLength",
                "recoveryCodeMaxLength",
                "Minimum recovery code length above the maximum",
            )
        },
    },
    CrossFieldRule {
        fields: &["sessionExpiry", "maximumSessionExpiry"],
        provenance: Provenance::Chosen,
        describe: "Session expiry at most the maximum session expiry: the console's reading of \
                   the names; the reference does not state it.",
        check: |view| {
            at_most(
                view,
                "sessionExpiry",
                "maximumSessionExpiry",
                "Session expiry (ms) above the maximum session expiry",
            )
        },
    },
    CrossFieldRule {
        fields: &[
            "geofencingActivationAllowedCountries",
            "geofencingActivationDeniedCountries",
        ],
        provenance: Provenance::Chosen,
        describe: "A country is not both allowed and denied at activation: the console's \
                   choice; the reference does not say which would win.",
        check: |view| {
            allowed_and_denied(
                view,
                "geofencingActivationAllowedCountries",
                "geofencingActivationDeniedCountries",
            )
        },
    },
    CrossFieldRule {
        fields: &[
            "geofencingAuthenticationAllowedCountries",
            "geofencingAuthenticationDeniedCountries",
        ],
        provenance: Provenance::Chosen,
        describe: "A country is not both allowed and denied at authentication: the console's \
                   choice; the reference does not say which would win.",
        check: |view| {
            allowed_and_denied(
                view,
                "geofencingAuthenticationAllowedCountries",
                "geofencingAuthenticationDeniedCountries",
            )
        },
    },
    CrossFieldRule {
        fields: &[
            "attestationAndroidPlayIntegrityMode",
            "attestationAndroidPackageName",
            "attestationAndroidPlayIntegrityTimeout",
        ],
        provenance: Provenance::Chosen,
        describe: "Play Integrity on needs the package name and the timeout: the console's \
                   reading of the reference's notes (\"This is required if …\"), which are cut \
                   off. The write-only keys are never judged: a GET may leave them out.",
        check: |view| {
            required_when(
                view,
                "attestationAndroidPlayIntegrityMode",
                &[
                    "attestationAndroidPackageName",
                    "attestationAndroidPlayIntegrityTimeout",
                    "attestationAndroidPlayIntegrityDecryptionKey",
                    "attestationAndroidPlayIntegrityVerificationKey",
                ],
                "Play Integrity mode",
            )
        },
    },
    CrossFieldRule {
        fields: &["nativePushEnabled", "apnsBundleId"],
        provenance: Provenance::Chosen,
        describe: "Native push on suggests an APNs bundle ID: the console's reading of a cut-off \
                   note (\"required when using …\"). An Android-only app pushes through \
                   Firebase without one.",
        check: |view| {
            if view.text("nativePushEnabled") == Some("true") && !view.is_set("apnsBundleId") {
                vec![(
                    "apnsBundleId".into(),
                    "Native push is on without an APNs bundle ID: iOS devices get no push \
                     messages (fine for an Android-only app)."
                        .into(),
                )]
            } else {
                Vec::new()
            }
        },
    },
];

// ---------------------------------------------------------------- sets of values

/// What sending `changes` over the server's `current` values would meet: each changed value
/// checked on its own, then every cross-field rule one of whose fields changed, over the
/// merged values. Documented rules give errors, chosen ones warnings; a property this
/// console does not know is a warning (the server decides).
pub fn check_changes(current: &PropertyValues, changes: &PropertyValues) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let mut merged = current.clone();
    for (name, value) in changes {
        match spec(name) {
            None => problems.push(FieldProblem::warning(
                name,
                "This console does not know this property: it is sent as typed, and the server \
                 decides.",
            )),
            Some(spec) if spec.read_only => problems.push(FieldProblem::error(
                name,
                if spec.documented_read_only() {
                    "Not updatable through the API (the reference says so; Signicat support can \
                     change it)."
                } else {
                    "Not in the reference's update body, so this console does not send it."
                },
            )),
            Some(spec) => problems.extend(check_value(spec, value).into_iter().map(|f| {
                FieldProblem {
                    name: name.clone(),
                    message: f.message,
                    severity: f.severity,
                }
            })),
        }
        merged.insert(name.clone(), value.clone());
    }
    let view = View { values: &merged };
    for rule in CROSS_FIELD_RULES {
        if !rule.fields.iter().any(|f| changes.contains_key(*f)) {
            continue;
        }
        for (name, message) in (rule.check)(&view) {
            problems.push(match rule.provenance {
                Provenance::Documented => FieldProblem::error(&name, message),
                Provenance::Chosen => FieldProblem::warning(
                    &name,
                    format!("{message} ({}) The server decides.", rule.describe),
                ),
            });
        }
    }
    problems
}

/// Findings about values already on the server: shown as warnings, never blocking, because
/// the server accepted them. Secrets are not judged (a GET masks or omits them).
pub fn check_stored(values: &PropertyValues) -> Vec<FieldProblem> {
    values
        .iter()
        .filter_map(|(name, value)| Some((spec(name).filter(|s| !s.secret)?, name, value)))
        .flat_map(|(spec, name, value)| {
            check_value(spec, value).into_iter().map(move |f| {
                FieldProblem::warning(
                    name,
                    format!("The server holds this value as it is. {}", f.message),
                )
            })
        })
        .collect()
}

/// The rules of one property, with their provenance, for documentation: `(documented,
/// chosen)`; cross-field rules are listed under each of their fields.
pub fn rules_of(spec: &PropertySpec) -> (Vec<String>, Vec<String>) {
    let mut documented = vec![spec.kind.describe_documented()];
    if spec.documented_read_only() {
        documented.push("Not updatable.".into());
    }
    let mut chosen: Vec<String> = spec
        .kind
        .describe_chosen()
        .into_iter()
        .chain(spec.chosen_bounds.map(str::to_owned))
        .collect();
    if spec.read_only && !spec.documented_read_only() {
        chosen.push("Read-only in the console: not in the reference's update body.".into());
    }
    for rule in CROSS_FIELD_RULES.iter().filter(|r| r.fields.contains(&spec.name)) {
        match rule.provenance {
            Provenance::Documented => documented.push(rule.describe.into()),
            Provenance::Chosen => chosen.push(rule.describe.into()),
        }
    }
    (documented, chosen)
}

/// The README's table of every property's rules (kept equal by a test).
pub fn rules_table_markdown() -> String {
    let cell = |items: &[String]| items.join(" ").replace('|', "\\|");
    let mut out = String::from(
        "| Property | Documented (an error, blocks) | Chosen by the console (a warning) |\n\
         | --- | --- | --- |\n",
    );
    for spec in PROPERTIES {
        let (documented, chosen) = rules_of(spec);
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            spec.name,
            cell(&documented),
            if chosen.is_empty() { "—".into() } else { cell(&chosen) }
        ));
    }
    out
}

// ---------------------------------------------------------------- tests

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;
    use std::collections::BTreeSet;

    const GET_PROPERTIES: &str = include_str!("../fixtures/get-properties.response.json");
    const UPDATE_REQUEST: &str = include_str!("../fixtures/update-properties.request.json");
    const UPDATE_RESPONSE: &str = include_str!("../fixtures/update-properties.response.json");
    const GET_CONFIGURATION: &str =
        include_str!("../fixtures/get-application-configuration.response.json");

    /// The reference's "Get application configuration" sample, embedded as printed: it writes
    /// `"IOS, ANDROID"` with a space, where the "Get properties" sample writes `"IOS,ANDROID"`.
    const CONFIGURATION_PROPERTIES_SAMPLE: &str = r#"{
        "amountFailuresAllowed": "3", "activationCodeType": "NUMERIC",
        "activationCodeLength": "6",
        "allowedAuthMethods": ["DEVICE", "DEVICE:PIN", "DEVICE:STRONG_TOUCH_ID",
            "DEVICE:IOS_FACE_ID", "DEVICE:ANDROID_BIOMETRIC_PROMPT", "DEVICE:SERVER_SIDE_FACE"],
        "maxPinCodeLength": "6", "pinCodeLength": "6", "pinCodeType": "NUMERIC",
        "maximumSessionExpiry": "187200000", "sessionExpiry": "300000", "apnExpiry": "1",
        "enabledRiskData": ["deviceHash", "deviceModel", "deviceManufacturer",
            "operatingSystemFingerprint", "operatingSystemVersion", "operatingSystemType"],
        "hwKeyValidationStrategy": "SUPPORTED", "nativePushEnabled": "false",
        "firebaseTimeToLive": "0", "firebaseServiceAccount": "<Base64 encoded string>",
        "allowedAuthMethodsForAuthAndActivate": ["DEVICE:PIN"], "recoveryEnabled": "false",
        "recoveryCodeMinLength": "6", "recoveryCodeMaxLength": "50",
        "recoveryCodeFormat": "NUMERIC", "recoveryCodeAmountFailuresAllowed": "3",
        "apnsNotificationSoundEnabled": "true", "geofencingActivationMode": "OFF",
        "geofencingAuthenticationMode": "OFF", "geofencingTimeout": "10000",
        "attestationIosAppAttestMode": "OFF", "attestationIosAppAttestEnvironment": "PRODUCTION",
        "attestationIosAppAttestTimeout": "20000", "attestationAndroidPlayIntegrityMode": "OFF",
        "attestationAndroidPlayIntegrityTimeout": "200000",
        "clientDebugDataEnabledOsTypes": "IOS, ANDROID",
        "apnsTimeSensitiveInterruptionLevelEnabled": "true", "lockScope": "DEVICE"
    }"#;

    const EXPECTED_NAMES: [&str; 49] = [
        // The 33 of "Get properties".
        "amountFailuresAllowed",
        "activationCodeType",
        "activationCodeLength",
        "allowedAuthMethods",
        "maxPinCodeLength",
        "pinCodeLength",
        "pinCodeType",
        "maximumSessionExpiry",
        "sessionExpiry",
        "apnExpiry",
        "enabledRiskData",
        "hwKeyValidationStrategy",
        "nativePushEnabled",
        "firebaseTimeToLive",
        "firebaseServiceAccount",
        "allowedAuthMethodsForAuthAndActivate",
        "recoveryEnabled",
        "recoveryCodeMinLength",
        "recoveryCodeMaxLength",
        "recoveryCodeFormat",
        "recoveryCodeAmountFailuresAllowed",
        "apnsNotificationSoundEnabled",
        "geofencingActivationMode",
        "geofencingAuthenticationMode",
        "geofencingTimeout",
        "attestationIosAppAttestMode",
        "attestationIosAppAttestEnvironment",
        "attestationIosAppAttestTimeout",
        "attestationAndroidPlayIntegrityMode",
        "attestationAndroidPlayIntegrityTimeout",
        "apnsTimeSensitiveInterruptionLevelEnabled",
        "clientDebugDataEnabledOsTypes",
        "lockScope",
        // The 16 only "Update properties" lists.
        "apnConfig",
        "minimumRequiredEncapApiVersionAndroid",
        "minimumRequiredEncapApiVersionIos",
        "encapApiBlacklistAndroid",
        "encapApiBlacklistIos",
        "attestationAndroidPackageName",
        "apnsBundleId",
        "geofencingActivationAllowedContinents",
        "geofencingActivationAllowedCountries",
        "geofencingActivationDeniedCountries",
        "geofencingAuthenticationAllowedContinents",
        "geofencingAuthenticationAllowedCountries",
        "geofencingAuthenticationDeniedCountries",
        "attestationIosAppAttestAppId",
        "attestationAndroidPlayIntegrityDecryptionKey",
        "attestationAndroidPlayIntegrityVerificationKey",
    ];

    fn values(json: Value) -> PropertyValues {
        match json {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    fn parse(text: &str) -> PropertyValues {
        values(serde_json::from_str(text).expect("sample JSON"))
    }

    fn sample() -> PropertyValues {
        parse(GET_PROPERTIES)
    }

    fn s(name: &str) -> &'static PropertySpec {
        spec(name).unwrap_or_else(|| panic!("no spec {name}"))
    }

    fn check(name: &str, text: &str) -> Result<(), String> {
        validate_value(s(name), &json!(text))
    }

    /// The fields `errors` point at, in order.
    fn names(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.name.as_str()).collect()
    }

    fn param_names(errors: &[InvalidParam]) -> Vec<&str> {
        errors.iter().map(|e| e.name.as_str()).collect()
    }

    /// A sample with `changes` applied on top.
    fn sample_with(changes: Value) -> PropertyValues {
        let mut set = sample();
        set.extend(values(changes));
        set
    }

    fn base64(bytes: &[u8], pad: bool) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
            if pad {
                out.extend(std::iter::repeat_n('=', 3 - chunk.len()));
            }
        }
        out
    }

    fn numeric_specs() -> Vec<(&'static PropertySpec, i64, i64)> {
        PROPERTIES
            .iter()
            .filter_map(|p| match p.kind {
                Kind::Integer { min, max } => Some((p, min, max.unwrap_or(MAXINT))),
                Kind::Millis { min, max } => Some((p, min, max.unwrap_or(i64::MAX))),
                _ => None,
            })
            .collect()
    }

    fn enum_specs() -> Vec<(&'static PropertySpec, &'static [&'static str])> {
        PROPERTIES
            .iter()
            .filter_map(|p| match p.kind {
                Kind::Enum(values) => Some((p, values)),
                _ => None,
            })
            .collect()
    }

    // ------------------------------------------------------------ the table

    #[test]
    fn the_table_has_exactly_the_49_properties_each_once() {
        assert_eq!(PROPERTIES.len(), 49);
        let table: BTreeSet<&str> = PROPERTIES.iter().map(|p| p.name).collect();
        assert_eq!(table.len(), 49, "duplicate names in PROPERTIES");
        let expected: BTreeSet<&str> = EXPECTED_NAMES.into_iter().collect();
        assert_eq!(expected.len(), 49);
        assert_eq!(table, expected);
        assert!(PROPERTIES.iter().all(|p| spec(p.name) == Some(p)));
        assert_eq!(spec("applicationId"), None);
    }

    #[test]
    fn the_table_is_in_group_display_order_and_every_group_is_used() {
        assert!(PROPERTIES.windows(2).all(|w| w[0].group <= w[1].group));
        for group in Group::ALL {
            assert!(group.properties().count() > 0, "{group} is empty");
        }
        assert_eq!(
            Group::ALL
                .iter()
                .map(|g| g.properties().count())
                .sum::<usize>(),
            49
        );
        let labels: Vec<&str> = Group::ALL.iter().map(|g| g.label()).collect();
        assert_eq!(
            labels,
            [
                "Authentication",
                "Activation",
                "PIN",
                "Sessions",
                "Push",
                "Recovery",
                "Geofencing",
                "Attestation",
                "Risk data",
                "SDK versions",
                "Locking"
            ]
        );
    }

    #[test]
    fn flags_and_texts_are_as_specified() {
        let read_only: BTreeSet<&str> = PROPERTIES
            .iter()
            .filter(|p| p.read_only)
            .map(|p| p.name)
            .collect();
        assert_eq!(
            read_only,
            BTreeSet::from(["maximumSessionExpiry", "clientDebugDataEnabledOsTypes"])
        );
        let secret: BTreeSet<&str> = PROPERTIES
            .iter()
            .filter(|p| p.secret)
            .map(|p| p.name)
            .collect();
        assert_eq!(
            secret,
            BTreeSet::from([
                "firebaseServiceAccount",
                "attestationAndroidPlayIntegrityDecryptionKey",
                "attestationAndroidPlayIntegrityVerificationKey"
            ])
        );
        for p in PROPERTIES {
            assert_eq!(p.secret, p.kind == Kind::Base64Secret, "{}", p.name);
            assert!(!p.label.is_empty() && p.help.ends_with('.'), "{}", p.name);
            if let Some(note) = p.chosen_bounds {
                assert!(
                    p.help.ends_with(note),
                    "{}: the note must end the help",
                    p.name
                );
            }
        }
    }

    #[test]
    fn every_default_is_valid_and_the_defaults_pass_as_a_set() {
        for p in PROPERTIES {
            if let Some(value) = p.default_value() {
                assert_eq!(validate_value(p, &value), Ok(()), "{}", p.name);
            }
        }
        let defaults = default_properties();
        assert_eq!(validate_properties(&defaults), vec![]);
        // Every property GET returns, but the write-only secret, plus the APNs server.
        let mut expected: BTreeSet<String> = sample().keys().cloned().collect();
        expected.remove("firebaseServiceAccount");
        expected.insert("apnConfig".into());
        assert_eq!(defaults.keys().cloned().collect::<BTreeSet<_>>(), expected);
        // Where the reference's sample has a value, it is the default.
        for (name, value) in sample() {
            if !s(&name).secret {
                assert_eq!(defaults.get(&name), Some(&value), "{name}");
            }
        }
    }

    #[test]
    fn the_chosen_bounds_can_be_listed() {
        let chosen = chosen_bounds();
        assert!(chosen.len() >= 10);
        for (name, note) in &chosen {
            println!("{name}: {note}");
            assert!(s(name).help.contains(note));
        }
    }

    #[test]
    fn the_country_list_is_iso_3166_1_alpha_2() {
        let codes: BTreeSet<&str> = ISO_3166_1_ALPHA_2.into_iter().collect();
        assert_eq!(codes.len(), 249);
        assert!(
            ISO_3166_1_ALPHA_2.windows(2).all(|w| w[0] < w[1]),
            "sorted, for binary search"
        );
        assert!(ISO_3166_1_ALPHA_2
            .iter()
            .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())));
        for code in [
            "SE", "NO", "DK", "FI", "GB", "US", "RU", "AX", "SS", "BQ", "CW", "SX",
        ] {
            assert!(is_country_code(code), "{code}");
        }
        // Not ISO: reserved or withdrawn codes.
        for code in ["UK", "EU", "XX", "AN", "CS", "YU", "ZZ"] {
            assert!(!is_country_code(code), "{code}");
        }
        assert!(is_country_code("XK"));
    }

    // ------------------------------------------------------------ the reference's samples

    #[test]
    fn the_reference_get_properties_samples_pass() {
        assert_eq!(validate_properties(&sample()), vec![]);
        assert_eq!(
            validate_properties(&parse(CONFIGURATION_PROPERTIES_SAMPLE)),
            vec![]
        );
        assert_eq!(validate_properties(&parse(UPDATE_RESPONSE)), vec![]);
        let configuration: crate::models::ApplicationConfiguration =
            serde_json::from_str(GET_CONFIGURATION).unwrap();
        assert_eq!(validate_properties(&configuration.properties), vec![]);
        assert_eq!(sample().len(), 33);
    }

    #[test]
    fn the_reference_update_example_passes() {
        let changes = parse(UPDATE_REQUEST);
        assert_eq!(changes, values(json!({"amountFailuresAllowed": "3"})));
        assert_eq!(validate_update(&sample(), &changes), vec![]);
        assert_eq!(validate_update(&default_properties(), &changes), vec![]);
        assert_eq!(validate_properties(&changes), vec![]);
    }

    #[test]
    fn the_reference_field_examples_pass() {
        // The "Example:" of each field of "Update properties". Left out are the placeholders
        // "<Base64 encoded string>" and "<key>" (not Base64) and "some app id" (not an app ID).
        let examples = parse(
            r#"{
            "amountFailuresAllowed": "3", "activationCodeType": "NUMERIC",
            "activationCodeLength": "10", "allowedAuthMethods": ["DEVICE", "DEVICE:PIN"],
            "apnConfig": "PRODUCTION", "enabledRiskData": "ALL", "maxPinCodeLength": "6",
            "pinCodeLength": "6", "pinCodeType": "NUMERIC", "sessionExpiry": "300000",
            "minimumRequiredEncapApiVersionAndroid": "3.7.0",
            "minimumRequiredEncapApiVersionIos": "3.7.0", "apnExpiry": "86400000",
            "encapApiBlacklistAndroid": "3.5.3, 3.6.8", "encapApiBlacklistIos": "3.5.3, 3.6.8",
            "nativePushEnabled": "false", "firebaseTimeToLive": "0",
            "attestationAndroidPackageName": "the package name", "apnsBundleId": "the bundle id",
            "allowedAuthMethodsForAuthAndActivate": ["DEVICE:PIN"], "recoveryEnabled": "true",
            "recoveryCodeMinLength": "6", "recoveryCodeMaxLength": "50",
            "recoveryCodeFormat": "ALPHA", "recoveryCodeAmountFailuresAllowed": "3",
            "apnsNotificationSoundEnabled": "false", "geofencingActivationMode": "OPTIONAL",
            "geofencingActivationAllowedContinents": "EU",
            "geofencingActivationAllowedCountries": "US",
            "geofencingActivationDeniedCountries": "RU", "geofencingAuthenticationMode": "OFF",
            "geofencingAuthenticationAllowedContinents": "EU",
            "geofencingAuthenticationAllowedCountries": "US",
            "geofencingAuthenticationDeniedCountries": "RU", "geofencingTimeout": "10000",
            "attestationIosAppAttestMode": "OFF",
            "attestationIosAppAttestEnvironment": "PRODUCTION",
            "attestationIosAppAttestTimeout": "20000",
            "apnsTimeSensitiveInterruptionLevelEnabled": "false",
            "attestationAndroidPlayIntegrityMode": "REQUIRED",
            "attestationAndroidPlayIntegrityTimeout": "30000", "lockScope": "DEVICE"
        }"#,
        );
        for (name, value) in examples {
            assert_eq!(validate_value(s(&name), &value), Ok(()), "{name}");
        }
        // The placeholders are not valid values, which is why secrets are not checked on read.
        assert!(check("firebaseServiceAccount", "<Base64 encoded string>").is_err());
        assert!(check("attestationAndroidPlayIntegrityDecryptionKey", "<key>").is_err());
        assert!(check("attestationIosAppAttestAppId", "some app id").is_err());
    }

    // ------------------------------------------------------------ single values

    #[test]
    fn numeric_boundaries_and_messages() {
        for (p, min, max) in numeric_specs() {
            assert_eq!(check(p.name, &min.to_string()), Ok(()), "{}", p.name);
            assert_eq!(check(p.name, &max.to_string()), Ok(()), "{}", p.name);
            assert!(check(p.name, &(min - 1).to_string()).is_err(), "{}", p.name);
            if max < i64::MAX {
                assert!(check(p.name, &(max + 1).to_string()).is_err(), "{}", p.name);
            }
            for bad in ["", " 3", "3 ", "+3", "3.0", "1e3", "three", "0x10", "-"] {
                assert!(check(p.name, bad).is_err(), "{}: {bad:?}", p.name);
            }
        }
        assert_eq!(
            check("activationCodeLength", "3"),
            Err("Must be a whole number of at least 4.".into())
        );
        assert_eq!(
            check("activationCodeLength", "2147483648"),
            Err("Must be a whole number between 4 and 2147483647.".into())
        );
        assert_eq!(
            check("sessionExpiry", "-1"),
            Err("Must be a whole number of milliseconds of at least 0.".into())
        );
        assert_eq!(
            check("firebaseTimeToLive", "2419200001"),
            Err("Must be a whole number of milliseconds between 0 and 2419200000.".into())
        );
        assert_eq!(
            validate_value(s("amountFailuresAllowed"), &json!(3)),
            Err("Must be sent as a string (\"3\"), not as a number.".into())
        );
        assert_eq!(
            validate_value(s("amountFailuresAllowed"), &Value::Null),
            Err("A value is required.".into())
        );
    }

    #[test]
    fn booleans_enums_and_their_messages() {
        for p in PROPERTIES.iter().filter(|p| p.kind == Kind::Boolean) {
            assert_eq!(check(p.name, "true"), Ok(()));
            assert_eq!(check(p.name, "false"), Ok(()));
            for bad in ["TRUE", "False", "1", "0", "yes", ""] {
                assert_eq!(
                    check(p.name, bad),
                    Err("Must be \"true\" or \"false\".".into())
                );
            }
            assert!(validate_value(p, &json!(true)).is_err());
        }
        for (p, allowed) in enum_specs() {
            for value in allowed {
                assert_eq!(check(p.name, value), Ok(()), "{}", p.name);
                assert!(check(p.name, &value.to_lowercase()).is_err(), "{}", p.name);
            }
        }
        assert_eq!(
            check("geofencingActivationMode", "ON"),
            Err("Not one of: OFF, OPTIONAL, REQUIRED.".into())
        );
    }

    #[test]
    fn enum_lists_take_arrays_of_known_values() {
        let methods = s("allowedAuthMethods");
        assert_eq!(validate_value(methods, &json!(AUTH_METHODS)), Ok(()));
        assert_eq!(validate_value(methods, &json!([])), Ok(()));
        assert_eq!(
            validate_value(methods, &json!(["DEVICE", "DEVICE:FOO"])),
            Err(format!(
                "DEVICE:FOO is not one of: {}.",
                AUTH_METHODS.join(", ")
            ))
        );
        assert!(validate_value(methods, &json!(["DEVICE", 3])).is_err());
        assert!(validate_value(methods, &json!({"DEVICE": true})).is_err());
        let risk = s("enabledRiskData");
        // The reference's example is a bare string, and it describes null as "collect only the
        // always-collected data".
        assert_eq!(validate_value(risk, &json!("ALL")), Ok(()));
        assert_eq!(validate_value(risk, &Value::Null), Ok(()));
        assert_eq!(validate_value(risk, &json!(["ALL", "deviceHash"])), Ok(()));
        assert!(validate_value(risk, &json!(["devicehash"])).is_err());
    }

    #[test]
    fn comma_separated_enums_take_spaces_after_commas() {
        for text in [
            "IOS,ANDROID",
            "IOS, ANDROID",
            "ANDROID",
            " IOS , ANDROID ",
            "",
        ] {
            assert_eq!(
                check("clientDebugDataEnabledOsTypes", text),
                Ok(()),
                "{text:?}"
            );
        }
        assert_eq!(
            check("clientDebugDataEnabledOsTypes", "IOS,WINDOWS"),
            Err("WINDOWS is not one of: IOS, ANDROID.".into())
        );
        assert_eq!(
            check("clientDebugDataEnabledOsTypes", "IOS,,ANDROID"),
            Err("The list has an empty item: remove the extra comma.".into())
        );
    }

    #[test]
    fn versions_continents_and_text_rules() {
        for good in [
            "3.7.0",
            "0.0.0",
            "10.20.30",
            "1.0.0-alpha.1",
            "1.0.0+build.5",
            "1.0.0-rc-1+001",
        ] {
            assert_eq!(
                check("minimumRequiredEncapApiVersionIos", good),
                Ok(()),
                "{good}"
            );
        }
        for bad in [
            "3.7", "3", "v3.7.0", "3.7.0.1", "03.7.0", "3.7.x", "3.7.0-", "3.7.0-01", " ", "3..0",
        ] {
            assert_eq!(
                check("minimumRequiredEncapApiVersionIos", bad),
                Err("Must be a semantic version such as 3.7.0.".into()),
                "{bad:?}"
            );
        }
        assert_eq!(check("minimumRequiredEncapApiVersionIos", ""), Ok(()));
        assert_eq!(check("encapApiBlacklistIos", "3.5.3,3.6.8"), Ok(()));
        assert_eq!(
            check("encapApiBlacklistIos", "3.5.3, 3.6"),
            Err("3.6 is not a semantic version such as 3.7.0.".into())
        );
        assert_eq!(
            check("encapApiBlacklistIos", "3.5, 3.6"),
            Err("3.5, 3.6 are not semantic versions such as 3.7.0.".into())
        );

        assert_eq!(
            check("geofencingAuthenticationAllowedContinents", "EU, NA,AS"),
            Ok(())
        );
        assert_eq!(
            check("geofencingAuthenticationAllowedContinents", "EU, AM"),
            Err("AM is not a continent code (AF, AN, AS, EU, NA, OC, SA).".into())
        );

        let app_id = "attestationIosAppAttestAppId";
        for good in ["ABCDE12345.com.example.app", "1234567890.no.bank-app", ""] {
            assert_eq!(check(app_id, good), Ok(()), "{good}");
        }
        for bad in [
            "abcde12345.com.example",
            "ABCDE1234.com.example",
            "ABCDE12345",
            "ABCDE12345.",
            "ABCDE12345.com..x",
            "ABCDE12345.com.ex ample",
        ] {
            assert_eq!(
                check(app_id, bad),
                Err(TextRule::AppAttestAppId.describe().into()),
                "{bad}"
            );
        }
        assert_eq!(check("apnsBundleId", "any text at all"), Ok(()));
    }

    #[test]
    fn countries_and_their_messages() {
        assert_eq!(
            check("geofencingActivationDeniedCountries", "SE, NO,DK"),
            Ok(())
        );
        assert_eq!(check("geofencingActivationDeniedCountries", ""), Ok(()));
        assert_eq!(
            check("geofencingActivationDeniedCountries", "SE, XX"),
            Err("XX is not an ISO 3166-1 alpha-2 country code.".into())
        );
        assert_eq!(
            check("geofencingActivationDeniedCountries", "se, UK"),
            Err("se, UK are not ISO 3166-1 alpha-2 country codes.".into())
        );
    }

    #[test]
    fn secrets_are_non_empty_base64() {
        let key = s("attestationAndroidPlayIntegrityVerificationKey");
        for good in [
            "QUJD",
            "QUI=",
            "QQ==",
            "QQ",
            "QUI",
            "a+b/",
            "ewogICJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCIKfQ==",
        ] {
            assert_eq!(validate_value(key, &json!(good)), Ok(()), "{good}");
        }
        assert_eq!(
            validate_value(key, &json!("")),
            Err("Must not be empty.".into())
        );
        for bad in [
            "Q", "QUJD=", "QQ=", "Q===", "====", "QU JD", "QUJD-_", "<key>", "QUJD\n",
        ] {
            assert!(validate_value(key, &json!(bad)).is_err(), "{bad:?}");
        }
    }

    // ------------------------------------------------------------ form text

    #[test]
    fn form_text_round_trips() {
        let methods = s("allowedAuthMethods");
        let value = json!(["DEVICE", "DEVICE:PIN"]);
        assert_eq!(to_form_text(methods, &value), "DEVICE, DEVICE:PIN");
        assert_eq!(from_form_text(methods, "DEVICE,DEVICE:PIN, "), value);
        assert_eq!(from_form_text(methods, " "), json!([]));
        assert_eq!(to_form_text(s("enabledRiskData"), &Value::Null), "");
        assert_eq!(
            from_form_text(s("sessionExpiry"), " 300000 "),
            json!("300000")
        );
        assert_eq!(
            to_form_text(s("clientDebugDataEnabledOsTypes"), &json!("IOS, ANDROID")),
            "IOS, ANDROID"
        );
        let secret = s("firebaseServiceAccount");
        assert_eq!(to_form_text(secret, &json!("c2VjcmV0")), "", "never shown");
        assert_eq!(from_form_text(secret, "QUJD\nREVG\n"), json!("QUJDREVG"));
        for p in PROPERTIES.iter().filter(|p| !p.secret) {
            if let Some(value) = p.default_value() {
                assert_eq!(
                    from_form_text(p, &to_form_text(p, &value)),
                    value,
                    "{}",
                    p.name
                );
            }
        }
    }

    // ------------------------------------------------------------ cross-field rules

    #[test]
    fn pin_length_must_not_exceed_its_maximum() {
        let bad = sample_with(json!({"pinCodeLength": "6", "maxPinCodeLength": "4"}));
        let errors = validate_properties(&bad);
        assert_eq!(
            errors,
            vec![FieldError::new(
                "pinCodeLength",
                "PIN length (6) must not exceed maximum PIN length (4)."
            )]
        );
        assert_eq!(
            validate_properties(&sample_with(
                json!({"pinCodeLength": "4", "maxPinCodeLength": "4"})
            )),
            vec![]
        );
        // A bad value gets its own error, not a follow-on one.
        let errors = validate_properties(&sample_with(
            json!({"pinCodeLength": "x", "maxPinCodeLength": "4"}),
        ));
        assert_eq!(names(&errors), ["pinCodeLength"]);
        assert_eq!(errors[0].message, "Must be a whole number of at least 0.");
    }

    #[test]
    fn recovery_code_minimum_must_not_exceed_maximum() {
        let bad = sample_with(json!({"recoveryCodeMinLength": "60"}));
        assert_eq!(
            validate_properties(&bad),
            vec![FieldError::new(
                "recoveryCodeMinLength",
                "Minimum recovery code length (60) must not exceed maximum recovery code length (50)."
            )]
        );
        assert_eq!(
            validate_properties(&sample_with(json!({"recoveryCodeMinLength": "50"}))),
            vec![]
        );
    }

    #[test]
    fn session_expiry_must_not_exceed_the_maximum() {
        let bad = sample_with(json!({"sessionExpiry": "187200001"}));
        assert_eq!(
            validate_properties(&bad),
            vec![FieldError::new(
                "sessionExpiry",
                "Session expiry (187200001 ms) must not exceed the maximum session expiry (187200000 ms)."
            )]
        );
        assert_eq!(
            validate_properties(&sample_with(json!({"sessionExpiry": "187200000"}))),
            vec![]
        );
        // On the server, against the stored (read-only) maximum.
        let errors = validate_update(&sample(), &values(json!({"sessionExpiry": "200000000"})));
        assert_eq!(param_names(&errors), ["sessionExpiry"]);
    }

    #[test]
    fn methods_for_activation_must_be_allowed_methods() {
        let bad = sample_with(json!({
            "allowedAuthMethods": ["DEVICE", "DEVICE:IOS_FACE_ID"],
            "allowedAuthMethodsForAuthAndActivate": ["DEVICE:PIN", "DEVICE:IOS_FACE_ID"]
        }));
        assert_eq!(
            validate_properties(&bad),
            vec![FieldError::new(
                "allowedAuthMethodsForAuthAndActivate",
                "DEVICE:PIN is not an allowed authentication method."
            )]
        );
        let fixed = sample_with(json!({
            "allowedAuthMethods": ["DEVICE", "DEVICE:IOS_FACE_ID"],
            "allowedAuthMethodsForAuthAndActivate": ["DEVICE:IOS_FACE_ID"]
        }));
        assert_eq!(validate_properties(&fixed), vec![]);
        // Narrowing the allowed methods on the server checks the stored ones for activation.
        let errors = validate_update(
            &sample(),
            &values(json!({"allowedAuthMethods": ["DEVICE"]})),
        );
        assert_eq!(
            param_names(&errors),
            ["allowedAuthMethodsForAuthAndActivate"]
        );
    }

    #[test]
    fn a_country_cannot_be_both_allowed_and_denied() {
        for stage in ["Activation", "Authentication"] {
            let allowed = format!("geofencing{stage}AllowedCountries");
            let denied = format!("geofencing{stage}DeniedCountries");
            let bad = sample_with(json!({ &allowed: "SE, NO", &denied: "RU,SE" }));
            let errors = validate_properties(&bad);
            assert_eq!(names(&errors), [allowed.as_str(), denied.as_str()]);
            assert!(errors
                .iter()
                .all(|e| e.message == "SE is both allowed and denied."));
            let fixed = sample_with(json!({ &allowed: "SE, NO", &denied: "RU" }));
            assert_eq!(validate_properties(&fixed), vec![]);
        }
        // The two stages are independent.
        let independent = sample_with(json!({
            "geofencingActivationAllowedCountries": "SE",
            "geofencingAuthenticationDeniedCountries": "SE"
        }));
        assert_eq!(validate_properties(&independent), vec![]);
    }

    #[test]
    fn play_integrity_needs_package_timeout_and_keys() {
        let on = json!({"attestationAndroidPlayIntegrityMode": "OPTIONAL"});
        let mut bad = sample_with(on.clone());
        bad.remove("attestationAndroidPlayIntegrityTimeout");
        // In a draft an absent key is "unchanged", so only the plain fields are required.
        let errors = validate_properties(&bad);
        assert_eq!(
            names(&errors),
            [
                "attestationAndroidPackageName",
                "attestationAndroidPlayIntegrityTimeout"
            ]
        );
        assert_eq!(
            errors[0].message,
            "Required when Play Integrity mode is OPTIONAL."
        );
        // On the server the stored values are known: the keys are missing too.
        let errors = validate_update(&sample(), &values(on.clone()));
        assert_eq!(
            param_names(&errors),
            [
                "attestationAndroidPackageName",
                "attestationAndroidPlayIntegrityDecryptionKey",
                "attestationAndroidPlayIntegrityVerificationKey"
            ]
        );
        let fixed = json!({
            "attestationAndroidPlayIntegrityMode": "REQUIRED",
            "attestationAndroidPackageName": "no.example.app",
            "attestationAndroidPlayIntegrityDecryptionKey": base64(b"decryption key", true),
            "attestationAndroidPlayIntegrityVerificationKey": base64(b"verification key", false)
        });
        assert_eq!(validate_properties(&sample_with(fixed.clone())), vec![]);
        assert_eq!(validate_update(&sample(), &values(fixed)), vec![]);
        // Keys already stored on the server count.
        let stored = sample_with(json!({
            "attestationAndroidPlayIntegrityDecryptionKey": "c3RvcmVk",
            "attestationAndroidPlayIntegrityVerificationKey": "c3RvcmVk",
            "attestationAndroidPackageName": "no.example.app"
        }));
        assert_eq!(validate_update(&stored, &values(on)), vec![]);
    }

    #[test]
    fn app_attest_needs_the_app_id() {
        let bad = sample_with(json!({"attestationIosAppAttestMode": "REQUIRED"}));
        assert_eq!(
            validate_properties(&bad),
            vec![FieldError::new(
                "attestationIosAppAttestAppId",
                "Required when App Attest mode is REQUIRED."
            )]
        );
        let empty = sample_with(
            json!({"attestationIosAppAttestMode": "OPTIONAL", "attestationIosAppAttestAppId": ""}),
        );
        assert_eq!(
            names(&validate_properties(&empty)),
            ["attestationIosAppAttestAppId"]
        );
        let fixed = sample_with(json!({
            "attestationIosAppAttestMode": "REQUIRED",
            "attestationIosAppAttestAppId": "ABCDE12345.com.example.app"
        }));
        assert_eq!(validate_properties(&fixed), vec![]);
    }

    #[test]
    fn native_push_needs_the_apns_bundle_id() {
        let bad = sample_with(json!({"nativePushEnabled": "true"}));
        assert_eq!(
            validate_properties(&bad),
            vec![FieldError::new(
                "apnsBundleId",
                "Required when native push is enabled (it is the APNs topic)."
            )]
        );
        let fixed =
            sample_with(json!({"nativePushEnabled": "true", "apnsBundleId": "com.example.app"}));
        assert_eq!(validate_properties(&fixed), vec![]);
        let errors = validate_update(&sample(), &values(json!({"nativePushEnabled": "true"})));
        assert_eq!(param_names(&errors), ["apnsBundleId"]);
    }

    // ------------------------------------------------------------ updates

    #[test]
    fn updates_reject_read_only_and_unknown_names() {
        let changes = values(json!({
            "maximumSessionExpiry": "187200000",
            "clientDebugDataEnabledOsTypes": "IOS",
            "applicationId": "x",
            "amountFailuresAllowed": "5"
        }));
        let errors = validate_update(&sample(), &changes);
        let mut by_name: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.name.as_str(), e.reason.as_str()))
            .collect();
        by_name.sort();
        assert_eq!(by_name.len(), 3);
        assert_eq!(by_name[0], ("applicationId", "Unknown property."));
        assert_eq!(by_name[1].0, "clientDebugDataEnabledOsTypes");
        assert_eq!(by_name[2].0, "maximumSessionExpiry");
        assert!(by_name[1].1.starts_with("Read-only"));
    }

    #[test]
    fn updates_check_each_value_including_secrets() {
        let changes = values(json!({
            "activationCodeLength": "3",
            "firebaseServiceAccount": "<Base64 encoded string>",
            "lockScope": "DEVICE"
        }));
        let errors = validate_update(&sample(), &changes);
        assert_eq!(
            errors,
            vec![
                InvalidParam {
                    name: "activationCodeLength".into(),
                    reason: "Must be a whole number of at least 4.".into()
                },
                InvalidParam {
                    name: "firebaseServiceAccount".into(),
                    reason: "Must be Base64 (A–Z, a–z, 0–9, + and /, with optional = padding)."
                        .into()
                },
            ]
        );
        let secret = values(
            json!({"firebaseServiceAccount": base64(br#"{"type":"service_account"}"#, true)}),
        );
        assert_eq!(validate_update(&sample(), &secret), vec![]);
        assert_eq!(
            param_names(&validate_update(
                &sample(),
                &values(json!({"firebaseServiceAccount": ""}))
            )),
            ["firebaseServiceAccount"]
        );
    }

    #[test]
    fn updates_check_cross_field_rules_over_the_merged_values() {
        // The change alone is fine; with the stored PIN length (6) it is not.
        let errors = validate_update(&sample(), &values(json!({"maxPinCodeLength": "4"})));
        assert_eq!(
            errors,
            vec![InvalidParam {
                name: "pinCodeLength".into(),
                reason: "PIN length (6) must not exceed maximum PIN length (4).".into()
            }]
        );
        let both = values(json!({"maxPinCodeLength": "4", "pinCodeLength": "4"}));
        assert_eq!(validate_update(&sample(), &both), vec![]);
    }

    // ------------------------------------------------------------ properties

    proptest! {
        #[test]
        fn every_number_inside_a_range_passes_and_every_other_fails(
            index in 0usize..64,
            n in prop_oneof![any::<i64>(), -1_000i64..1_000_000_000, 2_000_000_000i64..3_000_000_000],
        ) {
            let specs = numeric_specs();
            let (p, min, max) = specs[index % specs.len()];
            let result = check(p.name, &n.to_string());
            prop_assert_eq!(result.is_ok(), (min..=max).contains(&n), "{} {}", p.name, n);
        }

        #[test]
        fn every_number_inside_each_range_passes(offset in 0i64..=i64::from(i32::MAX)) {
            for (p, min, max) in numeric_specs() {
                let n = min.saturating_add(offset).min(max);
                prop_assert_eq!(check(p.name, &n.to_string()), Ok(()), "{} {}", p.name, n);
                prop_assert!(check(p.name, &(min - 1 - offset).to_string()).is_err());
            }
        }

        #[test]
        fn other_strings_are_not_enum_values(text in "[A-Za-z_:]{0,24}") {
            for (p, allowed) in enum_specs() {
                prop_assert_eq!(check(p.name, &text).is_ok(), allowed.contains(&text.as_str()));
            }
            let list = validate_value(s("allowedAuthMethods"), &json!([text.clone()]));
            prop_assert_eq!(list.is_ok(), AUTH_METHODS.contains(&text.as_str()));
        }

        #[test]
        fn any_subset_of_an_enum_list_passes(mask in any::<u8>()) {
            let subset: Vec<&str> = AUTH_METHODS
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, m)| *m)
                .collect();
            let value = json!(subset);
            prop_assert_eq!(validate_value(s("allowedAuthMethods"), &value), Ok(()));
            let p = s("allowedAuthMethods");
            prop_assert_eq!(from_form_text(p, &to_form_text(p, &value)), value);
        }

        #[test]
        fn semantic_versions_pass(major in any::<u32>(), minor in any::<u32>(), patch in any::<u32>(), pre in proptest::option::of("[a-z]{1,5}(\\.[1-9][0-9]{0,3})?")) {
            let version = match pre {
                Some(pre) => format!("{major}.{minor}.{patch}-{pre}"),
                None => format!("{major}.{minor}.{patch}"),
            };
            prop_assert_eq!(check("minimumRequiredEncapApiVersionAndroid", &version), Ok(()));
            let list = format!("{version}, {major}.{minor}.{patch}");
            prop_assert_eq!(check("encapApiBlacklistAndroid", &list), Ok(()));
        }

        #[test]
        fn other_version_shapes_fail(parts in proptest::collection::vec(0u32..100, 1..6), prefix in "v?", zero in any::<bool>()) {
            let core = parts.iter().map(u32::to_string).collect::<Vec<_>>().join(".");
            let text = format!("{prefix}{}{core}", if zero { "0" } else { "" });
            // A leading zero ("05", "00") is not a semantic version number.
            let valid = prefix.is_empty() && parts.len() == 3 && !zero;
            prop_assert_eq!(check("minimumRequiredEncapApiVersionAndroid", &text).is_ok(), valid, "{}", text);
        }

        #[test]
        fn country_codes(picks in proptest::collection::vec(0usize..249, 0..8), spaced in any::<bool>(), code in "[A-Z]{2}") {
            let list = picks.iter().map(|i| ISO_3166_1_ALPHA_2[*i]).collect::<Vec<_>>().join(if spaced { ", " } else { "," });
            prop_assert_eq!(check("geofencingAuthenticationAllowedCountries", &list), Ok(()));
            let result = check("geofencingAuthenticationAllowedCountries", &code);
            prop_assert_eq!(result.is_ok(), is_country_code(&code));
            if !is_country_code(&code) {
                prop_assert_eq!(result, Err(format!("{code} is not an ISO 3166-1 alpha-2 country code.")));
            }
            prop_assert!(check("geofencingAuthenticationAllowedCountries", &code.to_lowercase()).is_err());
        }

        #[test]
        fn base64_of_any_bytes_passes(bytes in proptest::collection::vec(any::<u8>(), 1..300), pad in any::<bool>(), junk in "[^A-Za-z0-9+/=]") {
            let p = s("firebaseServiceAccount");
            let encoded = base64(&bytes, pad);
            prop_assert_eq!(validate_value(p, &json!(encoded)), Ok(()));
            let broken = format!("{}{junk}{}", &encoded[..1], &encoded[1..]);
            prop_assert!(validate_value(p, &json!(broken)).is_err());
        }

        #[test]
        fn form_text_of_valid_numbers_round_trips(n in 0i64..=MAXINT) {
            let p = s("amountFailuresAllowed");
            let value = json!(n.to_string());
            prop_assert_eq!(from_form_text(p, &to_form_text(p, &value)), value);
        }
    }
}
