//! The application-configuration property schema and its validator.
//!
//! [`PROPERTIES`] is the console's table of the 49 properties of an application configuration:
//! API names, labels, groups, kinds, the reference's examples, help texts and flags. The editor
//! renders from it. The sandbox does not read it: it is an independent referee with rules of
//! its own.
//!
//! Every rule has a provenance ([`Provenance`]). What the reference states (the JSON types, the
//! three arrays, Base64 for the Firebase service account, ISO 3166-1 country codes, semantic
//! versions, the not-updatable list, activation methods within the allowed methods, the App
//! Attest app id when App Attest is on) is *documented*: breaking it is an error that blocks
//! sending the field. Everything else is *chosen* by the console where the reference is silent
//! or cut off (value lists, ranges, formats, most rules across fields): breaking it is a warning
//! that names its source ([`PropertySpec::chosen_bounds`], [`CrossFieldRule::describe`]) and
//! never blocks; the server decides, and its `invalidParams` land on the fields.
//!
//! Only what the admin changes is judged ([`check_changes`]); values already on the server get
//! warnings at most ([`check_stored`]). Values and properties this console does not know are
//! kept and sent back unchanged ([`text_of`], [`value_of`]).
//!
//! Secrets (the Firebase service account and the Play Integrity keys) are write-only. A GET
//! masks them, answers a placeholder or leaves them out, so they are never judged on read;
//! a new value is checked when it is typed and sent.

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
            Kind::Text { pattern } => {
                pattern.map(|rule| format!("{}.", capitalise(rule.describe())))
            }
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
pub const DOCUMENTED_READ_ONLY: &[&str] =
    &["maximumSessionExpiry", "clientDebugDataEnabledOsTypes"];

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
        help: "The length in characters of the PIN, usually no more than the maximum PIN \
               length. A hint enforced by the client SDK, not by the server.",
        chosen: MAXINT_NOTE,
    ),
    property!(
        "maxPinCodeLength", "Maximum PIN length", Pin, NON_NEGATIVE_COUNT,
        example: "6",
        help: "The maximum length in characters of the PIN.",
        chosen: MAXINT_NOTE,
    ),
    // ------------------------------------------------------------ Sessions
    property!(
        "sessionExpiry", "Session expiry", Sessions, DURATION,
        example: "300000",
        help: "How long a new client session stays valid, in milliseconds, usually no more than \
               the maximum session expiry. After it, the session can no longer be used.",
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
        help: "Send push messages through Firebase Cloud Messaging and Apple APNs (iOS devices \
               also need the APNs bundle ID).",
        chosen: BOOLEAN_NOTE,
    ),
    property!(
        "apnConfig", "APNs server", Push, Kind::Enum(APN_CONFIGS),
        example: "PRODUCTION",
        help: "Which APNs server push messages go to: PRODUCTION for App Store and TestFlight \
               builds, SANDBOX for development builds.",
        chosen: "Values PRODUCTION and SANDBOX chosen by the console (Apple's two APNs servers); \
                 the reference's list is cut off.",
    ),
    property!(
        "apnsBundleId", "APNs bundle ID", Push, Kind::Text { pattern: None },
        example: "",
        help: "The iOS app's bundle ID, the topic of push messages sent to APNs; needed for \
               native push to iOS devices.",
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
        help: "The minimum length in characters of the recovery code, usually no more than the \
               maximum length. A hint to the client SDK, not enforced by the server.",
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
               comma-separated ISO 3166-1 alpha-2 codes.",
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
               comma-separated ISO 3166-1 alpha-2 codes.",
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
        help: "Whether iOS apps must prove themselves with Apple's App Attest. The App Attest app \
               ID is required when it is on.",
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
               3.17 or newer). When it is on, the package name, the timeout and both keys are \
               likely needed.",
        chosen: "Values OFF, OPTIONAL and REQUIRED are those of the reference's examples; its list \
                 is cut off.",
    ),
    property!(
        "attestationAndroidPackageName", "Android package name", Attestation,
        Kind::Text { pattern: None },
        example: "",
        help: "The APK's package name, used by Play Integrity.",
    ),
    property!(
        "attestationAndroidPlayIntegrityTimeout", "Play Integrity timeout", Attestation, DURATION,
        example: "200000",
        help: "How long a request to Play Integrity may take, in milliseconds.",
    ),
    property!(
        "attestationAndroidPlayIntegrityDecryptionKey", "Play Integrity decryption key",
        Attestation, Kind::Secret { base64: Provenance::Chosen },
        example: "",
        help: "The key that decrypts the integrity token, used by Play Integrity. Write-only: \
               it is never shown.",
        chosen: SECRET_BASE64_NOTE,
        secret: true,
    ),
    property!(
        "attestationAndroidPlayIntegrityVerificationKey", "Play Integrity verification key",
        Attestation, Kind::Secret { base64: Provenance::Chosen },
        example: "",
        help: "The key that verifies the integrity token, used by Play Integrity. Write-only: \
               it is never shown.",
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
        Kind::Integer { .. } | Kind::Millis { .. } if is_huge_whole(text) => chosen(format!(
            "{text} is too large for the server to store (above {MAXINT})."
        )),
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
                    return vec![Finding::error("Must be a semantic version such as 3.7.0.")];
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
                match base64 {
                    // Base64 of something is never empty.
                    Provenance::Documented => return vec![Finding::error("Must not be empty.")],
                    Provenance::Chosen => chosen("The new value is empty.".into()),
                }
                return findings;
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

/// Digits only, too many for a 64-bit number: still a whole number of 0 or more.
fn is_huge_whole(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.parse::<i64>().is_err()
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
        (Some(a), Some(b)) if a > b => {
            vec![(lesser.to_owned(), format!("{what}: {a} is more than {b}."))]
        }
        _ => Vec::new(),
    }
}

fn required_when(view: &View<'_>, mode: &str, needs: &[&str], what: &str) -> Vec<(String, String)> {
    let Some(on) = view
        .text(mode)
        .filter(|m| !m.is_empty() && !m.eq_ignore_ascii_case("OFF"))
    else {
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
    match check_items(
        &both,
        |_| false,
        "is both allowed and denied",
        "are both allowed and denied",
    ) {
        Ok(()) => Vec::new(),
        Err(message) => vec![
            (allowed.to_owned(), message.clone()),
            (denied.to_owned(), message),
        ],
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
        fields: &[
            "attestationIosAppAttestMode",
            "attestationIosAppAttestAppId",
        ],
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
        check: |view| {
            at_most(
                view,
                "pinCodeLength",
                "maxPinCodeLength",
                "PIN length above its maximum",
            )
        },
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
            Some(spec) => {
                problems.extend(check_value(spec, value).into_iter().map(|f| FieldProblem {
                    name: name.clone(),
                    message: f.message,
                    severity: f.severity,
                }))
            }
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
    for rule in CROSS_FIELD_RULES
        .iter()
        .filter(|r| r.fields.contains(&spec.name))
    {
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
            if chosen.is_empty() {
                "—".into()
            } else {
                cell(&chosen)
            }
        ));
    }
    out
}

// ---------------------------------------------------------------- tests

#[cfg(test)]
pub(crate) mod tests {
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

    /// Every error message the validator may give, and the reference's words it rests on. A
    /// new error that is not here fails `every_constraint_has_its_provenance`: either the
    /// reference states it (add it here, with the quote) or it is the console's choice (make
    /// it a warning).
    const DOCUMENTED_ERRORS: &[(&str, &str)] = &[
        (
            "Must be sent as a string",
            "every body field is typed `string`",
        ),
        ("A value is required.", "every body field is typed `string`"),
        (
            "Must be a single string.",
            "every body field is typed `string`",
        ),
        ("Must be a list of strings.", "\"Array of strings\""),
        (
            "Every item of the list must be a string.",
            "\"Array of strings\"",
        ),
        (
            "Must be a whole number, such as 3.",
            "\"Allowed values: From …\" of a count",
        ),
        (
            "Must be 0 or more.",
            "\"Allowed values: From …\" of a count or length",
        ),
        (
            "Must be a whole number of milliseconds, such as 300000.",
            "\"(in milliseconds)\", \"Allowed values: From …\"",
        ),
        (
            "Must be 0 or more milliseconds.",
            "\"Allowed values: From …\" of a duration",
        ),
        (
            "Must be a semantic version such as 3.7.0.",
            "\"Semantic version, such as …\"",
        ),
        (
            "not a semantic version such as 3.7.0.",
            "\"Comma-separated semantic version such as …\"",
        ),
        (
            "not semantic versions such as 3.7.0.",
            "\"Comma-separated semantic version such as …\"",
        ),
        (
            "The list has an empty item: remove the extra comma.",
            "\"Comma-separated list of …\"",
        ),
        (
            "ISO 3166-1 alpha-2 country code",
            "\"ISO 3166-1 alpha-2 two-letter country code\"",
        ),
        ("Not Base64", "\"The field has to be Base64 encoded.\""),
        (
            "Must not be empty.",
            "\"The field has to be Base64 encoded.\" (no content)",
        ),
    ];

    /// Errors that rest on no statement of the reference: none (the list stays, so a new one
    /// must be named here to pass).
    const KNOWN_UNDOCUMENTED_ERRORS: &[(&str, &str)] = &[];

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

    /// The findings of one string value.
    fn findings(name: &str, text: &str) -> Vec<Finding> {
        check_value(s(name), &json!(text))
    }

    fn check(name: &str, text: &str) -> Result<(), String> {
        validate_value(s(name), &json!(text))
    }

    /// The one finding of `value`, as (severity, message).
    fn only(name: &str, value: Value) -> (Severity, String) {
        match check_value(s(name), &value).as_slice() {
            [one] => (one.severity, one.message.clone()),
            other => panic!("{name} = {value}: expected one finding, got {other:?}"),
        }
    }

    /// The one finding of a string value, which must be an error: its message.
    fn error(name: &str, text: &str) -> String {
        let (severity, message) = only(name, json!(text));
        assert_eq!(severity, Severity::Error, "{name} = {text:?}: {message}");
        message
    }

    /// The one finding of a string value, which must be a warning: its message. A warning
    /// always names its source and says who decides.
    fn warning(name: &str, text: &str) -> String {
        warning_of(name, json!(text))
    }

    fn warning_of(name: &str, value: Value) -> String {
        let (severity, message) = only(name, value.clone());
        assert_eq!(severity, Severity::Warning, "{name} = {value}: {message}");
        let note = s(name).chosen_bounds.expect("a warning has a chosen note");
        assert!(
            message.ends_with(&format!("{note} The server decides.")),
            "{name}: {message}"
        );
        message
    }

    fn clean(name: &str, text: &str) {
        assert_eq!(findings(name, text), vec![], "{name} = {text:?}");
    }

    /// The fields `problems` point at, in order.
    fn names(problems: &[FieldProblem]) -> Vec<&str> {
        problems.iter().map(|p| p.name.as_str()).collect()
    }

    fn errors(problems: &[FieldProblem]) -> Vec<FieldProblem> {
        problems.iter().filter(|p| p.is_error()).cloned().collect()
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

    /// `(spec, chosen minimum, chosen maximum, is a duration)` of every number.
    fn numeric_specs() -> Vec<(&'static PropertySpec, i64, i64, bool)> {
        PROPERTIES
            .iter()
            .filter_map(|p| match p.kind {
                Kind::Integer { min, max } => Some((p, min, max.unwrap_or(MAXINT), false)),
                Kind::Millis { max } => Some((p, 0, max.unwrap_or(i64::MAX), true)),
                _ => None,
            })
            .collect()
    }

    fn enum_specs() -> Vec<(&'static PropertySpec, &'static [&'static str])> {
        PROPERTIES
            .iter()
            .filter_map(|p| match p.kind {
                Kind::Enum(values) => Some((p, values)),
                Kind::Boolean => Some((p, &["true", "false"][..])),
                _ => None,
            })
            .collect()
    }

    /// Values of every shape, to probe what each property says about them.
    fn probes() -> Vec<Value> {
        let texts = [
            "",
            " ",
            "3",
            "0",
            "-1",
            "-0",
            "4",
            "3.0",
            "+3",
            "1e3",
            "99999999999",
            "2419200001",
            "true",
            "TRUE",
            "yes",
            "USER",
            "DEVICE",
            "OFF",
            "ON",
            "3.21",
            "3.7.0",
            "3.x",
            "3.5.3, 3.6",
            "3.5.3, 3.x",
            "EU, AM",
            "EU,,NA",
            "SE, XK",
            "SE, ZZ",
            "SE,,NO",
            "se",
            "IOS,WINDOWS",
            "IOS, ANDROID",
            "<key>",
            "<Base64 encoded string>",
            "QUJD",
            "Q",
            "some app id",
            "ABCDE12345.com.example.app",
            "ALL",
            "null",
            "DEVICE, DEVICE:PASSKEY",
            "3.x, 4.y",
        ];
        texts
            .iter()
            .map(|t| json!(t))
            .chain([
                json!(3),
                json!(-1),
                json!(1.5),
                json!(true),
                Value::Null,
                json!([]),
                json!(["DEVICE"]),
                json!(["DEVICE", "DEVICE:PASSKEY"]),
                json!(["deviceHash", "batteryLevel"]),
                json!([3]),
                json!([null]),
                json!({"a": 1}),
            ])
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
            BTreeSet::from([
                "maximumSessionExpiry",
                "clientDebugDataEnabledOsTypes",
                "hwKeyValidationStrategy"
            ])
        );
        // Only the first two are the reference's; the third is not in its update body.
        let documented: BTreeSet<&str> = PROPERTIES
            .iter()
            .filter(|p| p.documented_read_only())
            .map(|p| p.name)
            .collect();
        assert_eq!(
            documented,
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
            assert_eq!(
                p.secret,
                matches!(p.kind, Kind::Secret { .. }),
                "{}",
                p.name
            );
            assert!(!p.label.is_empty() && p.help.ends_with('.'), "{}", p.name);
            assert!(
                !p.secret || p.example.is_empty(),
                "{}: no secret example",
                p.name
            );
        }
        // Base64 is documented for the Firebase service account only.
        assert_eq!(
            s("firebaseServiceAccount").kind,
            Kind::Secret {
                base64: Provenance::Documented
            }
        );
        for key in [
            "attestationAndroidPlayIntegrityDecryptionKey",
            "attestationAndroidPlayIntegrityVerificationKey",
        ] {
            assert_eq!(
                s(key).kind,
                Kind::Secret {
                    base64: Provenance::Chosen
                }
            );
        }
        assert_eq!(
            s("enabledRiskData").kind,
            Kind::EnumList {
                values: RISK_DATA,
                nullable: true
            }
        );
        for list in ["allowedAuthMethods", "allowedAuthMethodsForAuthAndActivate"] {
            assert!(matches!(
                s(list).kind,
                Kind::EnumList {
                    nullable: false,
                    ..
                }
            ));
        }
    }

    #[test]
    fn the_examples_are_the_reference_samples_and_never_block() {
        for p in PROPERTIES {
            if let Some(value) = p.example_value() {
                assert_eq!(check_value(p, &value), vec![], "{}", p.name);
            }
        }
        let examples = reference_examples();
        assert_eq!(check_stored(&examples), vec![]);
        // Every property GET returns, but the write-only secret, plus the APNs server (whose
        // example is that of the update body).
        let mut expected: BTreeSet<String> = sample().keys().cloned().collect();
        expected.remove("firebaseServiceAccount");
        expected.insert("apnConfig".into());
        assert_eq!(examples.keys().cloned().collect::<BTreeSet<_>>(), expected);
        for (name, value) in sample() {
            if !s(&name).secret {
                assert_eq!(examples.get(&name), Some(&value), "{name}");
            }
        }
        // Examples, not defaults: the reference's APNs expiry sample is 1 ms.
        assert_eq!(examples["apnExpiry"], json!("1"));
    }

    #[test]
    fn the_chosen_bounds_can_be_listed() {
        let chosen = chosen_bounds();
        assert!(chosen.len() >= 10);
        assert_eq!(
            chosen.len(),
            PROPERTIES
                .iter()
                .filter(|p| p.chosen_bounds.is_some())
                .count()
        );
        for (name, note) in &chosen {
            assert_eq!(s(name).chosen_bounds, Some(*note));
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

    // ------------------------------------------------------------ provenance

    #[test]
    fn every_chosen_rule_has_a_source_and_every_property_a_documented_type() {
        for p in PROPERTIES {
            if p.kind.has_chosen_rule() {
                assert!(
                    p.chosen_bounds.is_some(),
                    "{}: {:?} is the console's choice but has no chosen note",
                    p.name,
                    p.kind.describe_chosen()
                );
            }
            if let Some(note) = p.chosen_bounds {
                assert!(
                    !note.trim().is_empty() && note.ends_with('.'),
                    "{}: {note:?}",
                    p.name
                );
            }
            let (documented, chosen) = rules_of(p);
            assert_eq!(
                documented.first(),
                Some(&p.kind.describe_documented()),
                "{}: the documented type comes first",
                p.name
            );
            assert!(
                documented.iter().all(|r| !r.trim().is_empty()),
                "{}",
                p.name
            );
            assert!(chosen.iter().all(|r| !r.trim().is_empty()), "{}", p.name);
            if p.kind.has_chosen_rule() {
                assert!(!chosen.is_empty(), "{}", p.name);
            }
            for rule in CROSS_FIELD_RULES
                .iter()
                .filter(|r| r.fields.contains(&p.name))
            {
                let listed = match rule.provenance {
                    Provenance::Documented => &documented,
                    Provenance::Chosen => &chosen,
                };
                assert!(listed.contains(&rule.describe.to_owned()), "{}", p.name);
            }
        }
        assert!(rules_of(s("hwKeyValidationStrategy"))
            .1
            .iter()
            .any(|r| r.contains("Read-only in the console")));
        assert!(rules_of(s("maximumSessionExpiry"))
            .0
            .contains(&"Not updatable.".to_owned()));
        for rule in CROSS_FIELD_RULES {
            assert!(!rule.describe.trim().is_empty(), "{rule:?}");
            assert!(rule.fields.len() >= 2, "{rule:?}");
            for field in rule.fields {
                assert!(spec(field).is_some(), "{rule:?}: {field}");
            }
        }
        // Which relations the reference states: written out, not read from the table.
        let documented: BTreeSet<Vec<&str>> = CROSS_FIELD_RULES
            .iter()
            .filter(|r| r.provenance == Provenance::Documented)
            .map(|r| r.fields.to_vec())
            .collect();
        assert_eq!(
            documented,
            BTreeSet::from([
                vec!["allowedAuthMethodsForAuthAndActivate", "allowedAuthMethods"],
                vec![
                    "attestationIosAppAttestMode",
                    "attestationIosAppAttestAppId"
                ],
            ])
        );
        assert_eq!(CROSS_FIELD_RULES.len(), 9);
    }

    /// Probes every property with values of every shape: each error must be one the reference
    /// states (`DOCUMENTED_ERRORS`), each warning must name the property's chosen note.
    #[test]
    fn every_constraint_has_its_provenance() {
        let mut seen_errors = BTreeSet::new();
        let mut seen_undocumented = BTreeSet::new();
        for p in PROPERTIES {
            for value in probes() {
                for finding in check_value(p, &value) {
                    match finding.severity {
                        Severity::Error => {
                            let known = KNOWN_UNDOCUMENTED_ERRORS
                                .contains(&(p.name, finding.message.as_str()));
                            if known {
                                seen_undocumented.insert((p.name, finding.message.clone()));
                            }
                            // Base64, and so "not empty", is documented for one secret only.
                            let base64_documented = p.kind
                                == Kind::Secret {
                                    base64: Provenance::Documented,
                                };
                            let source = DOCUMENTED_ERRORS
                                .iter()
                                .find(|(text, _)| finding.message.contains(text))
                                .filter(|_| {
                                    base64_documented
                                        || !(finding.message.starts_with("Not Base64")
                                            || finding.message == "Must not be empty.")
                                });
                            assert!(
                                known || source.is_some(),
                                "{} = {value}: the error {:?} rests on nothing the reference \
                                 states",
                                p.name,
                                finding.message
                            );
                            assert!(
                                !finding.message.contains("console"),
                                "{}: {}",
                                p.name,
                                finding.message
                            );
                            if let Some((text, _)) = source {
                                seen_errors.insert(*text);
                            }
                        }
                        Severity::Warning => {
                            let note = p.chosen_bounds.unwrap_or_else(|| {
                                panic!(
                                    "{} = {value}: the warning {:?} has no source",
                                    p.name, finding.message
                                )
                            });
                            assert!(
                                finding
                                    .message
                                    .ends_with(&format!("{note} The server decides.")),
                                "{}: {}",
                                p.name,
                                finding.message
                            );
                        }
                    }
                }
            }
        }
        // The catalogue lists no error that cannot happen.
        let listed: BTreeSet<&str> = DOCUMENTED_ERRORS.iter().map(|(text, _)| *text).collect();
        assert_eq!(seen_errors, listed);
        // And the known exceptions are still there (remove them once fixed).
        let known: BTreeSet<(&str, String)> = KNOWN_UNDOCUMENTED_ERRORS
            .iter()
            .map(|(name, message)| (*name, (*message).to_owned()))
            .collect();
        assert_eq!(seen_undocumented, known);
        assert!(DOCUMENTED_ERRORS.iter().all(|(_, quote)| !quote.is_empty()));
    }

    #[test]
    fn cross_field_rules_block_only_when_documented_and_chosen_ones_name_their_source() {
        // Each rule broken by a change to its first field.
        let cases = [
            json!({"allowedAuthMethodsForAuthAndActivate": ["DEVICE:IOS_FACE_ID"],
                   "allowedAuthMethods": ["DEVICE"]}),
            json!({"attestationIosAppAttestMode": "REQUIRED"}),
            json!({"pinCodeLength": "8"}),
            json!({"recoveryCodeMinLength": "60"}),
            json!({"sessionExpiry": "187200001"}),
            json!({"geofencingActivationAllowedCountries": "SE",
                   "geofencingActivationDeniedCountries": "SE"}),
            json!({"geofencingAuthenticationAllowedCountries": "SE",
                   "geofencingAuthenticationDeniedCountries": "SE"}),
            json!({"attestationAndroidPlayIntegrityMode": "OPTIONAL"}),
            json!({"nativePushEnabled": "true"}),
        ];
        assert_eq!(cases.len(), CROSS_FIELD_RULES.len());
        for (rule, changes) in CROSS_FIELD_RULES.iter().zip(cases) {
            let problems = check_changes(&sample(), &values(changes.clone()));
            assert!(!problems.is_empty(), "{rule:?} is not broken by {changes}");
            for problem in &problems {
                match rule.provenance {
                    Provenance::Documented => assert!(problem.is_error(), "{problem:?}"),
                    Provenance::Chosen => {
                        assert_eq!(problem.severity, Severity::Warning, "{problem:?}");
                        assert!(
                            problem.message.contains(rule.describe)
                                && problem.message.ends_with("The server decides."),
                            "{problem:?}"
                        );
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------ the reference's samples

    #[test]
    fn the_reference_get_properties_samples_raise_nothing() {
        assert_eq!(check_stored(&sample()), vec![]);
        assert_eq!(
            check_stored(&parse(CONFIGURATION_PROPERTIES_SAMPLE)),
            vec![]
        );
        assert_eq!(check_stored(&parse(UPDATE_RESPONSE)), vec![]);
        let configuration: crate::models::ApplicationConfiguration =
            serde_json::from_str(GET_CONFIGURATION).unwrap();
        assert_eq!(check_stored(&configuration.properties), vec![]);
        assert_eq!(sample().len(), 33);
    }

    #[test]
    fn the_reference_update_example_passes() {
        let changes = parse(UPDATE_REQUEST);
        assert_eq!(changes, values(json!({"amountFailuresAllowed": "3"})));
        assert_eq!(check_changes(&sample(), &changes), vec![]);
        assert_eq!(check_changes(&reference_examples(), &changes), vec![]);
        assert_eq!(check_changes(&PropertyValues::new(), &changes), vec![]);
    }

    #[test]
    fn the_reference_field_examples_never_block() {
        // The "Example:" of each field of "Update properties".
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
        assert_eq!(examples.len(), 42);
        for (name, value) in &examples {
            assert_eq!(check_value(s(name), value), vec![], "{name}");
        }
        assert_eq!(check_changes(&sample(), &examples), vec![]);
        // The placeholders: the documented Base64 blocks, the keys and the app ID only warn
        // (the reference's own app ID example is not what the console expects).
        error("firebaseServiceAccount", "<Base64 encoded string>");
        warning("attestationAndroidPlayIntegrityDecryptionKey", "<key>");
        warning("attestationAndroidPlayIntegrityVerificationKey", "<key>");
        warning("attestationIosAppAttestAppId", "some app id");
    }

    // ------------------------------------------------------------ literal expectations

    /// What the reference states and what it does not, written out as literals.
    #[test]
    fn documented_rules_block_and_chosen_ones_warn() {
        // Counts: negative is not a count; beyond MAXINT is Signicat's page, not the reference.
        assert_eq!(error("pinCodeLength", "-1"), "Must be 0 or more.");
        let big = warning("pinCodeLength", "99999999999");
        assert!(big.starts_with("99999999999 is above 2147483647."), "{big}");
        assert!(warning("activationCodeLength", "3").starts_with("3 is below 4."));
        clean("activationCodeLength", "4");
        assert_eq!(
            error("amountFailuresAllowed", "three"),
            "Must be a whole number, such as 3."
        );
        // Durations.
        assert_eq!(
            error("sessionExpiry", "-1"),
            "Must be 0 or more milliseconds."
        );
        assert_eq!(
            error("sessionExpiry", "5 min"),
            "Must be a whole number of milliseconds, such as 300000."
        );
        clean("sessionExpiry", "99999999999");
        assert!(warning("firebaseTimeToLive", "2419200001")
            .starts_with("2419200001 ms is above 2419200000 ms."));
        clean("firebaseTimeToLive", "2419200000");
        // Value sets.
        assert!(warning("lockScope", "USER").starts_with("USER is not a value this console knows."));
        clean("lockScope", "AUTH_METHOD");
        warning("activationCodeType", "HEX");
        warning("apnConfig", "DEVELOPMENT");
        warning("geofencingActivationMode", "ON");
        warning("attestationIosAppAttestEnvironment", "STAGING");
        assert!(
            warning("nativePushEnabled", "yes").starts_with("\"yes\" is neither true nor false.")
        );
        let passkey = warning_of("allowedAuthMethods", json!(["DEVICE", "DEVICE:PASSKEY"]));
        assert!(
            passkey.starts_with("DEVICE:PASSKEY is not a value this console knows."),
            "{passkey}"
        );
        assert!(!passkey.starts_with("DEVICE,"));
        warning_of("enabledRiskData", json!(["deviceHash", "batteryLevel"]));
        warning("clientDebugDataEnabledOsTypes", "IOS,WINDOWS");
        warning("geofencingAuthenticationAllowedContinents", "EU, AM");
        // Versions: the reference's statistics write 3.21.
        let short = warning("minimumRequiredEncapApiVersionAndroid", "3.21");
        assert!(
            short.starts_with("3.21 has two parts, not three."),
            "{short}"
        );
        assert_eq!(
            error("minimumRequiredEncapApiVersionAndroid", "3.x"),
            "Must be a semantic version such as 3.7.0."
        );
        clean("minimumRequiredEncapApiVersionAndroid", "3.7.0");
        clean("minimumRequiredEncapApiVersionAndroid", "");
        assert!(warning("encapApiBlacklistIos", "3.5.3, 3.6").starts_with("3.6 has two parts"));
        assert_eq!(
            error("encapApiBlacklistIos", "3.5.3, 3.x"),
            "3.x is not a semantic version such as 3.7.0."
        );
        // Countries: ISO 3166-1 alpha-2 (documented), and Kosovo as GeoNames codes it.
        clean("geofencingActivationAllowedCountries", "SE, XK");
        assert_eq!(
            error("geofencingActivationAllowedCountries", "SE, ZZ"),
            "ZZ is not an ISO 3166-1 alpha-2 country code (two capitals, e.g. SE)."
        );
        // Secrets: Base64 is documented for the Firebase service account only.
        assert!(
            error("firebaseServiceAccount", "{\"type\": \"service_account\"}")
                .starts_with("Not Base64")
        );
        assert!(warning(
            "attestationAndroidPlayIntegrityDecryptionKey",
            "not base64!"
        )
        .starts_with("Not Base64"));
        clean("attestationAndroidPlayIntegrityDecryptionKey", "QUJD");
        // The App Attest app ID's shape is Apple's, not the reference's "10-digit".
        warning("attestationIosAppAttestAppId", "abcde12345.com.example");
        clean("attestationIosAppAttestAppId", "ABCDE12345.com.example.app");
        // null is documented for the collected risk data, and only there.
        assert_eq!(check_value(s("enabledRiskData"), &Value::Null), vec![]);
        warning_of("allowedAuthMethods", Value::Null);
        // JSON numbers and booleans: every value is documented as a string.
        assert_eq!(
            only("amountFailuresAllowed", json!(3)),
            (
                Severity::Error,
                "Must be sent as a string (\"3\"), not as a number.".into()
            )
        );
        assert_eq!(
            only("recoveryEnabled", json!(true)),
            (
                Severity::Error,
                "Must be sent as a string (\"true\"), not as a boolean.".into()
            )
        );
    }

    #[test]
    fn cross_field_rules_literally() {
        let change = |changes: Value| check_changes(&sample(), &values(changes));
        // Methods for activation must be allowed methods (documented): an error, but only
        // when one of the two changes.
        let narrowed = change(json!({"allowedAuthMethods": ["DEVICE"]}));
        assert_eq!(
            narrowed,
            vec![FieldProblem::error(
                "allowedAuthMethodsForAuthAndActivate",
                "DEVICE:PIN is not an allowed authentication method."
            )]
        );
        let widened = change(
            json!({"allowedAuthMethodsForAuthAndActivate": ["DEVICE:PIN", "DEVICE:PASSKEY"]}),
        );
        assert_eq!(
            names(&errors(&widened)),
            ["allowedAuthMethodsForAuthAndActivate"]
        );
        let stored = sample_with(json!({"allowedAuthMethods": ["DEVICE"]}));
        assert_eq!(
            check_changes(&stored, &values(json!({"sessionExpiry": "600000"}))),
            vec![]
        );
        assert_eq!(
            check_changes(
                &stored,
                &values(json!({"allowedAuthMethodsForAuthAndActivate": ["DEVICE"]}))
            ),
            vec![]
        );

        // App Attest needs its app ID (documented).
        let on = change(json!({"attestationIosAppAttestMode": "REQUIRED"}));
        assert_eq!(
            on,
            vec![FieldProblem::error(
                "attestationIosAppAttestAppId",
                "Needed when App Attest mode is REQUIRED."
            )]
        );
        let emptied = check_changes(
            &sample_with(json!({"attestationIosAppAttestMode": "REQUIRED",
                                "attestationIosAppAttestAppId": "ABCDE12345.com.example.app"})),
            &values(json!({"attestationIosAppAttestAppId": ""})),
        );
        assert_eq!(names(&errors(&emptied)), ["attestationIosAppAttestAppId"]);
        let stored = sample_with(json!({"attestationIosAppAttestMode": "REQUIRED"}));
        assert_eq!(
            check_changes(&stored, &values(json!({"lockScope": "DEVICE"}))),
            vec![]
        );
        assert_eq!(
            change(json!({"attestationIosAppAttestMode": "REQUIRED",
                          "attestationIosAppAttestAppId": "some app id"})),
            vec![FieldProblem {
                name: "attestationIosAppAttestAppId".into(),
                severity: Severity::Warning,
                message: format!(
                    "Expected {}. {} The server decides.",
                    TextRule::AppAttestAppId.describe(),
                    s("attestationIosAppAttestAppId").chosen_bounds.unwrap()
                ),
            }]
        );

        // Native push without a bundle ID: a warning (an Android-only app needs none).
        let push = change(json!({"nativePushEnabled": "true"}));
        assert_eq!(names(&push), ["apnsBundleId"]);
        assert_eq!(push[0].severity, Severity::Warning);
        assert!(push[0].message.contains("Android-only"));
        assert_eq!(
            change(json!({"nativePushEnabled": "true", "apnsBundleId": "com.example.app"})),
            vec![]
        );

        // PIN length above its maximum: a warning, and only when one of the two changes.
        let pin = sample_with(json!({"pinCodeLength": "8", "maxPinCodeLength": "6"}));
        assert_eq!(
            check_changes(&pin, &values(json!({"sessionExpiry": "600000"}))),
            vec![]
        );
        for changes in [
            json!({"pinCodeLength": "8"}),
            json!({"maxPinCodeLength": "6"}),
        ] {
            let problems = check_changes(&pin, &values(changes));
            assert_eq!(names(&problems), ["pinCodeLength"]);
            assert_eq!(problems[0].severity, Severity::Warning);
            assert!(problems[0]
                .message
                .starts_with("PIN length above its maximum: 8 is more than 6."));
        }
        assert_eq!(
            check_changes(&pin, &values(json!({"maxPinCodeLength": "8"}))),
            vec![]
        );
        // A bad value gets its own error, not a follow-on warning.
        let bad = change(json!({"pinCodeLength": "x", "maxPinCodeLength": "4"}));
        assert_eq!(
            bad,
            vec![FieldProblem::error(
                "pinCodeLength",
                "Must be a whole number, such as 3."
            )]
        );

        // Recovery code lengths, session expiry: warnings.
        let recovery = change(json!({"recoveryCodeMinLength": "60"}));
        assert_eq!(names(&recovery), ["recoveryCodeMinLength"]);
        assert!(errors(&recovery).is_empty());
        let session = change(json!({"sessionExpiry": "187200001"}));
        assert_eq!(names(&session), ["sessionExpiry"]);
        assert!(errors(&session).is_empty());
        assert_eq!(change(json!({"sessionExpiry": "187200000"})), vec![]);

        // A country both allowed and denied: a warning at both.
        for stage in ["Activation", "Authentication"] {
            let allowed = format!("geofencing{stage}AllowedCountries");
            let denied = format!("geofencing{stage}DeniedCountries");
            let both = change(json!({ &allowed: "SE, NO", &denied: "RU,SE" }));
            assert_eq!(names(&both), [allowed.as_str(), denied.as_str()]);
            assert!(both.iter().all(|p| p.severity == Severity::Warning
                && p.message.starts_with("SE is both allowed and denied.")));
            assert_eq!(change(json!({ &allowed: "SE, NO", &denied: "RU" })), vec![]);
        }
        assert_eq!(
            change(json!({"geofencingActivationAllowedCountries": "SE",
                          "geofencingAuthenticationDeniedCountries": "SE"})),
            vec![],
            "the two stages are independent"
        );

        // Play Integrity on: package name and timeout warn; the keys are never judged (a GET
        // leaves them out).
        let mut no_timeout = sample();
        no_timeout.remove("attestationAndroidPlayIntegrityTimeout");
        let integrity = check_changes(
            &no_timeout,
            &values(json!({"attestationAndroidPlayIntegrityMode": "REQUIRED"})),
        );
        assert_eq!(
            names(&integrity),
            [
                "attestationAndroidPackageName",
                "attestationAndroidPlayIntegrityTimeout"
            ]
        );
        assert!(errors(&integrity).is_empty());
        assert!(integrity[0]
            .message
            .starts_with("Needed when Play Integrity mode is REQUIRED."));
        assert_eq!(
            change(json!({"attestationAndroidPlayIntegrityMode": "REQUIRED",
                          "attestationAndroidPackageName": "no.example.app"})),
            vec![]
        );
    }

    #[test]
    fn updates_refuse_read_only_names_and_warn_about_unknown_ones() {
        let problems = check_changes(
            &sample(),
            &values(json!({
                "maximumSessionExpiry": "187200000",
                "clientDebugDataEnabledOsTypes": "IOS",
                "hwKeyValidationStrategy": "REQUIRED",
                "applicationId": "x",
                "amountFailuresAllowed": "5"
            })),
        );
        let mut by_name: Vec<(&str, Severity, &str)> = problems
            .iter()
            .map(|p| (p.name.as_str(), p.severity, p.message.as_str()))
            .collect();
        by_name.sort();
        assert_eq!(by_name.len(), 4, "{by_name:?}");
        assert_eq!(
            (by_name[0].0, by_name[0].1),
            ("applicationId", Severity::Warning)
        );
        assert!(by_name[0].2.contains("does not know this property"));
        assert_eq!(
            (by_name[1].0, by_name[1].1),
            ("clientDebugDataEnabledOsTypes", Severity::Error)
        );
        assert!(by_name[1].2.starts_with("Not updatable through the API"));
        assert_eq!(
            (by_name[2].0, by_name[2].1),
            ("hwKeyValidationStrategy", Severity::Error)
        );
        assert!(by_name[2]
            .2
            .starts_with("Not in the reference's update body"));
        // Sending the maximum session expiry is an error, whatever its value.
        assert_eq!(
            (by_name[3].0, by_name[3].1),
            ("maximumSessionExpiry", Severity::Error)
        );
        assert!(by_name[3].2.starts_with("Not updatable through the API"));
        let invalid: Vec<InvalidParam> = problems
            .into_iter()
            .filter(FieldProblem::is_error)
            .map(InvalidParam::from)
            .collect();
        assert_eq!(invalid.len(), 3);
    }

    #[test]
    fn updates_check_each_value_including_secrets() {
        let changes = values(json!({
            "activationCodeLength": "3",
            "firebaseServiceAccount": "<Base64 encoded string>",
            "lockScope": "DEVICE"
        }));
        let problems = check_changes(&sample(), &changes);
        assert_eq!(
            names(&problems),
            ["activationCodeLength", "firebaseServiceAccount"]
        );
        assert_eq!(problems[0].severity, Severity::Warning);
        assert_eq!(
            problems[1],
            FieldProblem::error(
                "firebaseServiceAccount",
                "Not Base64 (A–Z, a–z, 0–9, + and /, with optional = padding)."
            )
        );
        let secret = values(
            json!({"firebaseServiceAccount": base64(br#"{"type":"service_account"}"#, true)}),
        );
        assert_eq!(check_changes(&sample(), &secret), vec![]);
        assert_eq!(
            check_changes(&sample(), &values(json!({"firebaseServiceAccount": ""}))),
            vec![FieldProblem::error(
                "firebaseServiceAccount",
                "Must not be empty."
            )]
        );
    }

    #[test]
    fn stored_values_only_ever_warn_and_secrets_are_not_judged() {
        let odd = sample_with(json!({
            "allowedAuthMethods": ["DEVICE", "DEVICE:PIN", "DEVICE:PASSKEY"],
            "lockScope": "USER",
            "pinCodeLength": "-1",
            "amountFailuresAllowed": 5,
            "enabledRiskData": null,
            "minimumRequiredEncapApiVersionIos": "3.x",
            "firebaseServiceAccount": "********",
            "futureFeature": {"enabled": true}
        }));
        let problems = check_stored(&odd);
        assert!(problems.iter().all(|p| p.severity == Severity::Warning
            && p.message
                .starts_with("The server holds this value as it is.")));
        let mut flagged = names(&problems);
        flagged.sort_unstable();
        assert_eq!(
            flagged,
            [
                "allowedAuthMethods",
                "amountFailuresAllowed",
                "lockScope",
                "minimumRequiredEncapApiVersionIos",
                "pinCodeLength"
            ]
        );
        assert_eq!(check_changes(&odd, &PropertyValues::new()), vec![]);
    }

    // ------------------------------------------------------------ single values

    #[test]
    fn numeric_boundaries() {
        for (p, min, max, millis) in numeric_specs() {
            for n in [min, max] {
                assert_eq!(
                    check_value(p, &json!(n.to_string())),
                    vec![],
                    "{} {n}",
                    p.name
                );
            }
            let below = check_value(p, &json!("-1"));
            assert_eq!(below.len(), 1);
            assert_eq!(below[0].severity, Severity::Error, "{}", p.name);
            if min > 0 {
                let (severity, _) = only(p.name, json!((min - 1).to_string()));
                assert_eq!(severity, Severity::Warning, "{}", p.name);
            }
            if max < i64::MAX {
                let (severity, _) = only(p.name, json!((max + 1).to_string()));
                assert_eq!(severity, Severity::Warning, "{}", p.name);
            }
            for bad in ["", " 3", "3 ", "+3", "3.0", "1e3", "three", "0x10", "-"] {
                let (severity, message) = only(p.name, json!(bad));
                assert_eq!(severity, Severity::Error, "{}: {bad:?}", p.name);
                assert!(
                    message.contains(if millis { "milliseconds" } else { "such as 3" }),
                    "{message}"
                );
            }
            assert!(validate_value(p, &json!(5)).is_err());
        }
        assert_eq!(
            validate_value(s("amountFailuresAllowed"), &Value::Null),
            Err("A value is required.".into())
        );
        assert_eq!(
            check("activationCodeLength", "3"),
            Ok(()),
            "a warning is no error"
        );
    }

    #[test]
    fn booleans_and_enums_warn_outside_their_known_values() {
        for (p, known) in enum_specs() {
            for value in known {
                assert_eq!(check_value(p, &json!(value)), vec![], "{}", p.name);
                if value.to_lowercase() != *value {
                    warning(p.name, &value.to_lowercase());
                }
            }
            assert_eq!(
                check_value(p, &json!("")),
                vec![],
                "{}: empty is unset",
                p.name
            );
            assert!(validate_value(p, &json!(["x"])).is_err());
        }
        for p in PROPERTIES.iter().filter(|p| p.kind == Kind::Boolean) {
            for other in ["TRUE", "False", "1", "0", "yes"] {
                warning(p.name, other);
            }
            assert!(validate_value(p, &json!(true)).is_err());
        }
    }

    #[test]
    fn enum_lists_take_arrays_and_keep_values_they_do_not_know() {
        let methods = s("allowedAuthMethods");
        assert_eq!(check_value(methods, &json!(AUTH_METHODS)), vec![]);
        assert_eq!(check_value(methods, &json!([])), vec![]);
        assert!(
            warning_of("allowedAuthMethods", json!(["DEVICE:FOO", "DEVICE:BAR"]))
                .starts_with("DEVICE:FOO, DEVICE:BAR are not values this console knows.")
        );
        assert_eq!(
            validate_value(methods, &json!(["DEVICE", 3])),
            Err("Every item of the list must be a string.".into())
        );
        assert_eq!(
            validate_value(methods, &json!({"DEVICE": true})),
            Err("Must be a list of strings.".into())
        );
        assert!(validate_value(methods, &json!(3)).is_err());
        let risk = s("enabledRiskData");
        // The reference's example is a bare string, and it gives null a meaning of its own.
        assert_eq!(check_value(risk, &json!("ALL")), vec![]);
        assert_eq!(check_value(risk, &Value::Null), vec![]);
        assert_eq!(check_value(risk, &json!(["ALL", "deviceHash"])), vec![]);
        warning_of("enabledRiskData", json!(["devicehash"]));
        assert!(validate_value(risk, &json!("ALL,,deviceHash")).is_err());
    }

    #[test]
    fn comma_separated_values_take_spaces_after_commas() {
        for text in [
            "IOS,ANDROID",
            "IOS, ANDROID",
            "ANDROID",
            " IOS , ANDROID ",
            "",
        ] {
            clean("clientDebugDataEnabledOsTypes", text);
        }
        assert!(warning("clientDebugDataEnabledOsTypes", "IOS,WINDOWS")
            .starts_with("WINDOWS is not a value this console knows."));
        assert!(warning("clientDebugDataEnabledOsTypes", "IOS,,ANDROID")
            .starts_with("The list has an empty item: remove the extra comma."));
        clean("geofencingAuthenticationAllowedContinents", "EU, NA,AS");
        assert!(
            warning("geofencingAuthenticationAllowedContinents", "EU, AM")
                .starts_with("AM is not a continent code this console knows.")
        );
    }

    #[test]
    fn versions() {
        for good in [
            "3.7.0",
            "0.0.0",
            "10.20.30",
            "1.0.0-alpha.1",
            "1.0.0+build.5",
            "1.0.0-rc-1+001",
        ] {
            clean("minimumRequiredEncapApiVersionIos", good);
        }
        for short in ["3.7", "0.1", "3.21"] {
            warning("minimumRequiredEncapApiVersionIos", short);
        }
        for bad in [
            "3", "v3.7.0", "3.7.0.1", "03.7.0", "3.7.x", "3.7.0-", "3.7.0-01", " ", "3..0", "03.7",
        ] {
            assert_eq!(
                error("minimumRequiredEncapApiVersionIos", bad),
                "Must be a semantic version such as 3.7.0.",
                "{bad:?}"
            );
        }
        clean("encapApiBlacklistIos", "3.5.3,3.6.8");
        clean("encapApiBlacklistIos", "");
        assert!(warning("encapApiBlacklistIos", "3.5, 3.6")
            .starts_with("3.5, 3.6 have two parts, not three."));
        assert_eq!(
            error("encapApiBlacklistIos", "3.x, v3.6.8"),
            "3.x, v3.6.8 are not semantic versions such as 3.7.0."
        );
        assert_eq!(
            error("encapApiBlacklistIos", "3.5.3,,3.6.8"),
            "The list has an empty item: remove the extra comma."
        );
    }

    #[test]
    fn app_ids_and_free_text() {
        let app_id = "attestationIosAppAttestAppId";
        for good in ["ABCDE12345.com.example.app", "1234567890.no.bank-app", ""] {
            clean(app_id, good);
        }
        for bad in [
            "abcde12345.com.example",
            "ABCDE1234.com.example",
            "ABCDE12345",
            "ABCDE12345.",
            "ABCDE12345.com..x",
            "ABCDE12345.com.ex ample",
        ] {
            let message = warning(app_id, bad);
            assert!(
                message.starts_with(&format!(
                    "Expected {}.",
                    TextRule::AppAttestAppId.describe()
                )),
                "{message}"
            );
        }
        clean("apnsBundleId", "any text at all");
        clean("attestationAndroidPackageName", "");
    }

    #[test]
    fn countries() {
        clean("geofencingActivationDeniedCountries", "SE, NO,DK");
        clean("geofencingActivationDeniedCountries", "");
        assert_eq!(
            error("geofencingActivationDeniedCountries", "SE, XX"),
            "XX is not an ISO 3166-1 alpha-2 country code (two capitals, e.g. SE)."
        );
        assert_eq!(
            error("geofencingActivationDeniedCountries", "se, UK"),
            "se, UK are not ISO 3166-1 alpha-2 country codes (two capitals, e.g. SE)."
        );
        assert_eq!(
            error("geofencingActivationDeniedCountries", "SE,,NO"),
            "The list has an empty item: remove the extra comma."
        );
    }

    #[test]
    fn secrets_are_base64() {
        for good in [
            "QUJD",
            "QUI=",
            "QQ==",
            "QQ",
            "QUI",
            "a+b/",
            "ewogICJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCIKfQ==",
        ] {
            for p in PROPERTIES.iter().filter(|p| p.secret) {
                assert_eq!(check_value(p, &json!(good)), vec![], "{}: {good}", p.name);
            }
        }
        for bad in [
            "Q", "QUJD=", "QQ=", "Q===", "====", "QU JD", "QUJD-_", "<key>", "QUJD\n",
        ] {
            error("firebaseServiceAccount", bad);
            warning("attestationAndroidPlayIntegrityVerificationKey", bad);
        }
        // Empty: an error where Base64 is documented, a warning elsewhere.
        assert_eq!(
            validate_value(s("firebaseServiceAccount"), &json!("")),
            Err("Must not be empty.".into())
        );
        for name in [
            "attestationAndroidPlayIntegrityDecryptionKey",
            "attestationAndroidPlayIntegrityVerificationKey",
        ] {
            assert_eq!(validate_value(s(name), &json!("")), Ok(()));
            warning(name, "");
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
        assert_eq!(from_form_text(methods, "null"), json!(["null"]));
        assert_eq!(to_form_text(methods, &Value::Null), "");
        let risk = s("enabledRiskData");
        assert_eq!(to_form_text(risk, &Value::Null), NULL_TEXT);
        assert_eq!(from_form_text(risk, " null "), Value::Null);
        assert_eq!(from_form_text(risk, ""), json!([]));
        assert_eq!(
            from_form_text(s("sessionExpiry"), " 300000 "),
            json!("300000")
        );
        assert_eq!(to_form_text(s("amountFailuresAllowed"), &json!(5)), "5");
        assert_eq!(
            to_form_text(s("clientDebugDataEnabledOsTypes"), &json!("IOS, ANDROID")),
            "IOS, ANDROID"
        );
        let secret = s("firebaseServiceAccount");
        assert_eq!(to_form_text(secret, &json!("c2VjcmV0")), "", "never shown");
        assert_eq!(from_form_text(secret, "QUJD\nREVG\n"), json!("QUJDREVG"));
        for p in PROPERTIES.iter().filter(|p| !p.secret) {
            if let Some(value) = p.example_value() {
                assert_eq!(
                    from_form_text(p, &to_form_text(p, &value)),
                    value,
                    "{}",
                    p.name
                );
            }
        }
    }

    #[test]
    fn unknown_properties_keep_their_json() {
        let object = json!({"enabled": true, "level": 2});
        let text = unknown_to_text(&object);
        assert_eq!(unknown_from_text(&text, Some(&object)), object);
        assert_eq!(unknown_to_text(&json!("365")), "365");
        assert_eq!(unknown_from_text("365", Some(&json!("365"))), json!("365"));
        assert_eq!(unknown_from_text("365", None), json!("365"));
        assert_eq!(unknown_from_text("6", Some(&json!(5))), json!(6));
        assert_eq!(unknown_from_text("six", Some(&json!(5))), json!("six"));
        assert_eq!(unknown_from_text("[1,2]", Some(&json!([]))), json!([1, 2]));
        // Dispatch on the name.
        assert_eq!(text_of("futureFeature", &object), text);
        assert_eq!(value_of("futureFeature", &text, Some(&object)), object);
        assert_eq!(text_of("enabledRiskData", &Value::Null), NULL_TEXT);
        assert_eq!(value_of("enabledRiskData", NULL_TEXT, None), Value::Null);
        assert_eq!(
            value_of("amountFailuresAllowed", "4", Some(&json!(5))),
            json!("4")
        );
    }

    // ------------------------------------------------------------ the README

    const README_BEGIN: &str = "<!-- property-rules:begin -->";
    const README_END: &str = "<!-- property-rules:end -->";
    const README_HEADING: &str = "## Property rules: documented or chosen";
    const README_INTRO: &str = "What the console checks in each application-configuration \
property, and where each rule comes from. A rule the API reference states is an error that \
blocks saving the field; a rule the console chose where the reference is silent or cut off is a \
warning that names its source and never blocks: the server decides. Values already on the \
server only ever get warnings, and a rule across fields is checked only when one of its fields \
changes. Generated from `crates/contract/src/properties.rs` (`rules_table_markdown`); a test keeps it \
current (`UPDATE_README=1 cargo test -p mobileid-admin-contract readme` rewrites it).";

    /// `readme` with the rules table between the markers; the section is added before
    /// "Deploying the console" when it is missing.
    fn with_rules_table(readme: &str, table: &str) -> String {
        let block = format!("{README_BEGIN}\n{table}{README_END}");
        if let (Some(begin), Some(end)) = (readme.find(README_BEGIN), readme.find(README_END)) {
            assert!(
                begin < end,
                "README.md: the property-rules markers are out of order"
            );
            return format!(
                "{}{block}{}",
                &readme[..begin],
                &readme[end + README_END.len()..]
            );
        }
        let section = format!("{README_HEADING}\n\n{README_INTRO}\n\n{block}\n\n");
        match readme.find("\n## Deploying the console") {
            Some(at) => format!("{}\n{section}{}", &readme[..at], &readme[at + 1..]),
            None => format!("{}\n\n{section}", readme.trim_end()),
        }
    }

    #[test]
    fn with_rules_table_inserts_then_replaces() {
        let readme = "# T\n\n## A\n\ntext\n\n## Deploying the console\n\nmore\n";
        let once = with_rules_table(readme, "| a |\n");
        assert!(once.contains(&format!(
            "text\n\n{README_HEADING}\n\n{README_INTRO}\n\n{README_BEGIN}\n| a |\n{README_END}\n\n## Deploying the console\n"
        )));
        let twice = with_rules_table(&once, "| b |\n");
        assert_eq!(twice, once.replace("| a |", "| b |"));
        assert_eq!(with_rules_table(&twice, "| b |\n"), twice);
    }

    #[test]
    fn the_readme_rules_table_is_current() {
        let table = rules_table_markdown();
        assert_eq!(table.lines().count(), 2 + PROPERTIES.len());
        for p in PROPERTIES {
            assert!(table.contains(&format!("| `{}` |", p.name)), "{}", p.name);
        }
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
        let readme = std::fs::read_to_string(&path).expect("README.md");
        if std::env::var("UPDATE_README").as_deref() == Ok("1") {
            let updated = with_rules_table(&readme, &table);
            if updated != readme {
                std::fs::write(&path, updated).expect("README.md is writable");
            }
            return;
        }
        let begin = readme
            .find(&format!("{README_BEGIN}\n"))
            .expect("README.md has the property-rules:begin marker (UPDATE_README=1 adds it)");
        let end = readme
            .find(README_END)
            .expect("README.md has the property-rules:end marker");
        assert_eq!(
            &readme[begin + README_BEGIN.len() + 1..end],
            table,
            "the README's property rules are stale: run UPDATE_README=1 cargo test -p \
             mobileid-admin-contract readme"
        );
    }

    // ------------------------------------------------------------ properties

    /// Any JSON value, biased towards the values the rules care about (also used by the
    /// draft's tests).
    pub(crate) fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            // Fractions exact in binary: serde_json's default parser may be a unit off in
            // the last place for long decimals, which would be a change on re-import.
            (-1_000_000i64..1_000_000).prop_map(|n| json!(n as f64 / 8.0)),
            "\\PC{0,16}".prop_map(Value::String),
            prop::sample::select(vec![
                "",
                " ",
                "3",
                "-1",
                "99999999999",
                "true",
                "USER",
                "REQUIRED",
                "OPTIONAL",
                "3.21",
                "3.x",
                "SE, ZZ",
                "SE, XK",
                "<key>",
                "QUJD",
                "DEVICE",
                "DEVICE:PASSKEY",
                "null",
                "600000",
                "300000",
                "187200000",
            ])
            .prop_map(|t| json!(t)),
        ];
        leaf.prop_recursive(2, 12, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-z]{1,4}", inner, 0..3)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn numbers_block_only_below_zero(
            index in 0usize..64,
            n in prop_oneof![any::<i64>(), -1_000i64..1_000_000_000, 2_000_000_000i64..3_000_000_000],
        ) {
            let specs = numeric_specs();
            let (p, min, max, _) = specs[index % specs.len()];
            let severities: Vec<Severity> =
                check_value(p, &json!(n.to_string())).iter().map(|f| f.severity).collect();
            let expected = if n < 0 {
                vec![Severity::Error]
            } else if n < min || n > max {
                vec![Severity::Warning]
            } else {
                vec![]
            };
            prop_assert_eq!(severities, expected, "{} {}", p.name, n);
        }

        #[test]
        fn other_strings_are_kept_with_a_warning(text in "[A-Za-z_:]{0,24}") {
            for (p, known) in enum_specs() {
                let severities: Vec<Severity> =
                    check_value(p, &json!(text)).iter().map(|f| f.severity).collect();
                let fine = text.is_empty() || known.contains(&text.as_str());
                prop_assert_eq!(severities, if fine { vec![] } else { vec![Severity::Warning] });
            }
            let list = check_value(s("allowedAuthMethods"), &json!([text.clone()]));
            prop_assert!(list.iter().all(|f| f.severity == Severity::Warning));
            prop_assert_eq!(list.is_empty(), AUTH_METHODS.contains(&text.as_str()));
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
            let p = s("allowedAuthMethods");
            prop_assert_eq!(check_value(p, &value), vec![]);
            prop_assert_eq!(from_form_text(p, &to_form_text(p, &value)), value);
        }

        #[test]
        fn semantic_versions_pass(major in any::<u32>(), minor in any::<u32>(), patch in any::<u32>(), pre in proptest::option::of("[a-z]{1,5}(\\.[1-9][0-9]{0,3})?")) {
            let version = match pre {
                Some(pre) => format!("{major}.{minor}.{patch}-{pre}"),
                None => format!("{major}.{minor}.{patch}"),
            };
            prop_assert_eq!(findings("minimumRequiredEncapApiVersionAndroid", &version), vec![]);
            let list = format!("{version}, {major}.{minor}.{patch}");
            prop_assert_eq!(findings("encapApiBlacklistAndroid", &list), vec![]);
        }

        #[test]
        fn other_version_shapes(parts in proptest::collection::vec(0u32..100, 1..6), prefix in "v?", zero in any::<bool>()) {
            let core = parts.iter().map(u32::to_string).collect::<Vec<_>>().join(".");
            let text = format!("{prefix}{}{core}", if zero { "0" } else { "" });
            // A leading zero ("05", "00") is not a version number; two parts only warn.
            let plain = prefix.is_empty() && !zero;
            let expected = match parts.len() {
                3 if plain => vec![],
                2 if plain => vec![Severity::Warning],
                _ => vec![Severity::Error],
            };
            for name in ["minimumRequiredEncapApiVersionAndroid", "encapApiBlacklistAndroid"] {
                let severities: Vec<Severity> =
                    findings(name, &text).iter().map(|f| f.severity).collect();
                prop_assert_eq!(&severities, &expected, "{} {}", name, text);
            }
        }

        #[test]
        fn country_codes(picks in proptest::collection::vec(0usize..249, 0..8), spaced in any::<bool>(), code in "[A-Z]{2}") {
            let name = "geofencingAuthenticationAllowedCountries";
            let list = picks.iter().map(|i| ISO_3166_1_ALPHA_2[*i]).collect::<Vec<_>>().join(if spaced { ", " } else { "," });
            prop_assert_eq!(findings(name, &list), vec![]);
            if is_country_code(&code) {
                prop_assert_eq!(findings(name, &code), vec![]);
            } else {
                prop_assert_eq!(
                    error(name, &code),
                    format!("{code} is not an ISO 3166-1 alpha-2 country code (two capitals, e.g. SE).")
                );
            }
            error(name, &code.to_lowercase());
        }

        #[test]
        fn base64_of_any_bytes_passes(bytes in proptest::collection::vec(any::<u8>(), 1..300), pad in any::<bool>(), junk in "[^A-Za-z0-9+/=]") {
            let encoded = base64(&bytes, pad);
            for p in PROPERTIES.iter().filter(|p| p.secret) {
                prop_assert_eq!(check_value(p, &json!(encoded)), vec![]);
            }
            let broken = format!("{}{junk}{}", &encoded[..1], &encoded[1..]);
            error("firebaseServiceAccount", &broken);
            warning("attestationAndroidPlayIntegrityDecryptionKey", &broken);
        }

        #[test]
        fn form_text_of_valid_numbers_round_trips(n in 0i64..=MAXINT) {
            let p = s("amountFailuresAllowed");
            let value = json!(n.to_string());
            prop_assert_eq!(from_form_text(p, &to_form_text(p, &value)), value);
        }

        /// Whatever the value: no panic, the first error is what `validate_value` says, and
        /// every warning names its source.
        #[test]
        fn any_value_gets_consistent_findings(index in 0usize..49, value in any_json()) {
            let p = &PROPERTIES[index];
            let found = check_value(p, &value);
            let first_error = found.iter().find(|f| f.severity == Severity::Error);
            prop_assert_eq!(
                validate_value(p, &value),
                first_error.map_or(Ok(()), |f| Err(f.message.clone()))
            );
            for f in found.iter().filter(|f| f.severity == Severity::Warning) {
                let note = p.chosen_bounds.expect("a warning has a source");
                let ending = format!("{note} The server decides.");
                prop_assert!(f.message.ends_with(&ending), "{}", f.message);
            }
        }

        /// What the server holds is never an error: nothing blocks an unchanged configuration.
        #[test]
        fn stored_values_never_block(entries in proptest::collection::vec((0usize..49, any_json()), 0..49), unknown in proptest::collection::vec(("zz[a-zA-Z]{1,8}", any_json()), 0..4)) {
            let mut stored: PropertyValues = entries
                .into_iter()
                .map(|(i, v)| (PROPERTIES[i].name.to_owned(), v))
                .collect();
            stored.extend(unknown);
            prop_assert!(check_stored(&stored).iter().all(|p| p.severity == Severity::Warning));
            prop_assert_eq!(check_changes(&stored, &PropertyValues::new()), vec![]);
        }
    }

    #[test]
    fn huge_counts_warn_and_app_attest_off_is_off_in_any_case() {
        let huge = check_value(s("pinCodeLength"), &json!("99999999999999999999"));
        assert_eq!(huge.len(), 1);
        assert_eq!(huge[0].severity, Severity::Warning, "{huge:?}");
        assert_eq!(
            check_value(s("geofencingTimeout"), &json!("99999999999999999999"))[0].severity,
            Severity::Warning
        );
        let off = values(json!({"attestationIosAppAttestMode": "off"}));
        let problems = check_changes(&sample(), &off);
        assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
        assert!(!problems
            .iter()
            .any(|p| p.name == "attestationIosAppAttestAppId"));
    }
}
