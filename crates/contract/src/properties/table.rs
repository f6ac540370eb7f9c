//! [`PROPERTIES`], the table of the 49 properties in display order, with the notes of the
//! rules the console chose; the reference's list of properties it cannot update
//! ([`DOCUMENTED_READ_ONLY`]); the look-ups over the table ([`spec`], [`chosen_bounds`],
//! [`reference_examples`]).

use super::known_values::{
    APN_CONFIGS, APP_ATTEST_ENVIRONMENTS, AUTH_METHODS, CHARACTER_SETS, HW_KEY_STRATEGIES,
    LOCK_SCOPES, MODES, OS_TYPES, RISK_DATA,
};
use super::schema::{Group, Kind, PropertySpec, Provenance, TextRule};
use crate::models::PropertyValues;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::properties::test_support::{s, sample};
    use crate::properties::{check_stored, check_value};
    use serde_json::json;
    use std::collections::BTreeSet;

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
}
