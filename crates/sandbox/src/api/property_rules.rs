//! The sandbox's own referee for "Update properties of application configuration": it checks an
//! update as a real server would, with its own code and its own copy of every list (it does not
//! share the console's validator, so the two can disagree, and a browser test can show the
//! console learning a rule from `invalidParams`).
//!
//! Every failure is one `invalidParams` entry `{name, reason}` naming the property, and nothing
//! is stored unless every check passes ([`check_update`]).
//!
//! # Rules the API reference documents
//! * Every value is a JSON string, except the arrays of strings `allowedAuthMethods`,
//!   `enabledRiskData` and `allowedAuthMethodsForAuthAndActivate`. `enabledRiskData` may be
//!   `null` (the always-collected risk data is still collected).
//! * `maximumSessionExpiry` and `clientDebugDataEnabledOsTypes` cannot be updated ("you will
//!   still see these properties returned").
//! * `firebaseServiceAccount` "has to be Base64 encoded".
//! * `minimumRequiredEncapApiVersionAndroid`/`…Ios` are versions, `encapApiBlacklistAndroid`/
//!   `…Ios` comma-separated versions ("3.5.3, 3.6.8").
//! * `geofencing…AllowedCountries`/`…DeniedCountries` are comma-separated ISO 3166-1 alpha-2
//!   codes.
//! * Every value of `allowedAuthMethodsForAuthAndActivate` "must be present in" the
//!   `allowedAuthMethods` (checked over the stored values merged with the update, only when the
//!   update has one of the two).
//! * `attestationIosAppAttestAppId` "is required when using Apple App Attest service": it must
//!   not be empty when `attestationIosAppAttestMode` is anything but `OFF` (checked over the
//!   merged values, only when the update has one of the two).
//!
//! # The sandbox's readings of what the reference leaves open
//! * Counts and durations ([`WHOLE_NUMBERS`]) are whole numbers from 0: "Allowed values: From |"
//!   is cut off, and none of them can be negative.
//! * Lenient like a real server: a count, duration or flag may also be sent as a JSON number or
//!   boolean (stored as sent). A version has 2 or 3 dot-separated numeric parts (the
//!   reference's statistics show `3.21`); version lists and country lists may have spaces after
//!   the commas; country codes are compared without regard to case, and `XK` (Kosovo) counts.
//!   An empty string is allowed for versions, version lists, country lists and the secrets.
//! * `hwKeyValidationStrategy` is answered by GET but is in neither the update body nor the
//!   not-updatable list: the sandbox refuses to update it.
//! * A property name the sandbox does not know is accepted and stored as sent (a newer server
//!   knows more properties), and so is any value of a property whose value list the reference
//!   cuts off (auth methods, `lockScope`, modes, …). A property sent as `null` (other than
//!   `enabledRiskData`) is removed from the configuration.
//! * Relations the reference does not state are not enforced: `pinCodeLength` above
//!   `maxPinCodeLength` ("a hint to the client and not enforced by the server"), native push
//!   without an `apnsBundleId` (Firebase only), Play Integrity on without its keys.
//! * The Play Integrity keys are write-only secrets like `firebaseServiceAccount`
//!   ([`SECRET_PROPERTIES`]) but have no format rule.
//!
//! # Limits of the sandbox's own ([`OWN_LIMITS`])
//! The console cannot know these; it learns them only from `invalidParams`:
//! * `sessionExpiry` must not exceed the stored `maximumSessionExpiry` (checked when the update
//!   has `sessionExpiry`).
//! * `activationCodeLength` is at most [`MAX_ACTIVATION_CODE_LENGTH`] (64).
//! * `geofencingTimeout` is at most [`MAX_GEOFENCING_TIMEOUT_MS`] (60000 ms).

use mobileid_admin_contract::models::PropertyValues;
use mobileid_admin_contract::InvalidParam;
use serde_json::Value;

/// Write-only properties: answered masked once set, absent while unset.
pub const SECRET_PROPERTIES: [&str; 3] = [
    "firebaseServiceAccount",
    "attestationAndroidPlayIntegrityDecryptionKey",
    "attestationAndroidPlayIntegrityVerificationKey",
];

/// Whether `name` is a write-only property.
pub fn is_secret(name: &str) -> bool {
    SECRET_PROPERTIES.contains(&name)
}

/// Answered by GET, refused in an update: the two the reference lists, and
/// `hwKeyValidationStrategy` (the sandbox's choice: it is not in the update body).
pub const NOT_UPDATABLE: [&str; 3] = [
    "maximumSessionExpiry",
    "clientDebugDataEnabledOsTypes",
    "hwKeyValidationStrategy",
];

/// The only property that keeps a `null` (it does not remove it).
pub const NULLABLE: &str = "enabledRiskData";

/// The largest `activationCodeLength` (the sandbox's own limit).
pub const MAX_ACTIVATION_CODE_LENGTH: u64 = 64;
/// The largest `geofencingTimeout` in milliseconds (the sandbox's own limit).
pub const MAX_GEOFENCING_TIMEOUT_MS: u64 = 60_000;

/// The sandbox's own limits, property and rule, as the README cites them.
pub const OWN_LIMITS: [(&str, &str); 3] = [
    (
        "sessionExpiry",
        "must not exceed the stored maximumSessionExpiry (checked when sessionExpiry changes)",
    ),
    ("activationCodeLength", "at most 64"),
    ("geofencingTimeout", "at most 60000 (one minute)"),
];

/// Counts and durations: whole numbers from 0.
pub const WHOLE_NUMBERS: [&str; 13] = [
    "amountFailuresAllowed",
    "activationCodeLength",
    "maxPinCodeLength",
    "pinCodeLength",
    "sessionExpiry",
    "apnExpiry",
    "firebaseTimeToLive",
    "recoveryCodeMinLength",
    "recoveryCodeMaxLength",
    "recoveryCodeAmountFailuresAllowed",
    "geofencingTimeout",
    "attestationIosAppAttestTimeout",
    "attestationAndroidPlayIntegrityTimeout",
];

/// What a known property's value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Any JSON string.
    Text,
    /// A whole number from 0, as a string or a JSON number.
    WholeNumber,
    /// A string (`"true"`, `"false"`, the reference lists no values) or a JSON boolean.
    Flag,
    /// An array of strings.
    StringList,
    /// A version such as `3.21` or `3.7.0`, or empty.
    Version,
    /// Comma-separated versions, or empty.
    VersionList,
    /// Comma-separated ISO 3166-1 alpha-2 codes, or empty.
    Countries,
    /// Base64, or empty.
    Base64,
}

/// Every property the sandbox knows: the 46 of the update body and the 3 answered only by GET.
pub const KNOWN_PROPERTIES: [(&str, Kind); 49] = [
    ("amountFailuresAllowed", Kind::WholeNumber),
    ("activationCodeType", Kind::Text),
    ("activationCodeLength", Kind::WholeNumber),
    ("allowedAuthMethods", Kind::StringList),
    ("apnConfig", Kind::Text),
    ("enabledRiskData", Kind::StringList),
    ("maxPinCodeLength", Kind::WholeNumber),
    ("pinCodeLength", Kind::WholeNumber),
    ("pinCodeType", Kind::Text),
    ("sessionExpiry", Kind::WholeNumber),
    ("minimumRequiredEncapApiVersionAndroid", Kind::Version),
    ("minimumRequiredEncapApiVersionIos", Kind::Version),
    ("apnExpiry", Kind::WholeNumber),
    ("encapApiBlacklistAndroid", Kind::VersionList),
    ("encapApiBlacklistIos", Kind::VersionList),
    ("nativePushEnabled", Kind::Flag),
    ("firebaseTimeToLive", Kind::WholeNumber),
    ("firebaseServiceAccount", Kind::Base64),
    ("attestationAndroidPackageName", Kind::Text),
    ("apnsBundleId", Kind::Text),
    ("allowedAuthMethodsForAuthAndActivate", Kind::StringList),
    ("recoveryEnabled", Kind::Flag),
    ("recoveryCodeMinLength", Kind::WholeNumber),
    ("recoveryCodeMaxLength", Kind::WholeNumber),
    ("recoveryCodeFormat", Kind::Text),
    ("recoveryCodeAmountFailuresAllowed", Kind::WholeNumber),
    ("apnsNotificationSoundEnabled", Kind::Flag),
    ("geofencingActivationMode", Kind::Text),
    ("geofencingActivationAllowedContinents", Kind::Text),
    ("geofencingActivationAllowedCountries", Kind::Countries),
    ("geofencingActivationDeniedCountries", Kind::Countries),
    ("geofencingAuthenticationMode", Kind::Text),
    ("geofencingAuthenticationAllowedContinents", Kind::Text),
    ("geofencingAuthenticationAllowedCountries", Kind::Countries),
    ("geofencingAuthenticationDeniedCountries", Kind::Countries),
    ("geofencingTimeout", Kind::WholeNumber),
    ("attestationIosAppAttestMode", Kind::Text),
    ("attestationIosAppAttestEnvironment", Kind::Text),
    ("attestationIosAppAttestTimeout", Kind::WholeNumber),
    ("attestationIosAppAttestAppId", Kind::Text),
    ("apnsTimeSensitiveInterruptionLevelEnabled", Kind::Flag),
    ("attestationAndroidPlayIntegrityMode", Kind::Text),
    ("attestationAndroidPlayIntegrityTimeout", Kind::WholeNumber),
    ("attestationAndroidPlayIntegrityDecryptionKey", Kind::Text),
    ("attestationAndroidPlayIntegrityVerificationKey", Kind::Text),
    ("lockScope", Kind::Text),
    // Answered by GET only.
    ("maximumSessionExpiry", Kind::WholeNumber),
    ("hwKeyValidationStrategy", Kind::Text),
    ("clientDebugDataEnabledOsTypes", Kind::Text),
];

/// The kind of a known property; `None` for a name the sandbox does not know.
pub fn kind(name: &str) -> Option<Kind> {
    KNOWN_PROPERTIES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, kind)| *kind)
}

/// ISO 3166-1 alpha-2: the 249 officially assigned codes, and `XK` (Kosovo, user-assigned but
/// in GeoNames, which the reference points to).
pub const COUNTRY_CODES: [&str; 250] = [
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
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW", "XK",
];

/// Whether `code` is an ISO 3166-1 alpha-2 code (any case).
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2
        && COUNTRY_CODES
            .iter()
            .any(|known| known.eq_ignore_ascii_case(code))
}

/// `3.21` or `3.7.0`: 2 or 3 dot-separated runs of digits.
pub fn is_version(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The items of a comma-separated list, spaces around each trimmed; `None` for an empty item.
fn list_items(text: &str) -> Option<Vec<&str>> {
    let items: Vec<&str> = text.split(',').map(str::trim).collect();
    (!items.iter().any(|i| i.is_empty())).then_some(items)
}

/// Standard Base64 (padding optional; line breaks and spaces ignored).
pub fn is_base64(text: &str) -> bool {
    use base64::engine::{general_purpose::GeneralPurpose, DecodePaddingMode};
    use base64::Engine;
    const ENGINE: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    !compact.is_empty() && ENGINE.decode(compact).is_ok()
}

/// A whole number from 0, sent as a string of digits or as a JSON number.
pub fn whole_number(value: &Value) -> Option<u64> {
    match value {
        Value::String(text) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            // More digits than a u64 holds is still a whole number: cap it.
            Some(text.parse().unwrap_or(u64::MAX))
        }
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Why `value` is not a valid value of the known property `name` of `kind`, if it is not.
fn check_value(name: &str, kind: Kind, value: &Value) -> Option<String> {
    let not_a_string = || Some(format!("Must be a JSON string, not {}.", describe(value)));
    match kind {
        Kind::StringList => match value {
            Value::Null if name == NULLABLE => None,
            Value::Array(items) => items
                .iter()
                .position(|i| !i.is_string())
                .map(|at| format!("Must be an array of strings: item {at} is not a string.")),
            _ => Some(format!(
                "Must be an array of strings, such as [\"DEVICE:PIN\"], not {}.",
                describe(value)
            )),
        },
        Kind::WholeNumber => match whole_number(value) {
            Some(_) => None,
            None => Some(match value {
                Value::String(text) => {
                    format!("Must be a whole number from 0, such as \"300000\", not {text:?}.")
                }
                Value::Number(n) => format!("Must be a whole number from 0, not {n}."),
                other => format!(
                    "Must be a whole number from 0 as a string, such as \"3\", not {}.",
                    describe(other)
                ),
            }),
        },
        Kind::Flag => match value {
            Value::String(_) | Value::Bool(_) => None,
            _ => Some(format!(
                "Must be a string such as \"true\" or \"false\", not {}.",
                describe(value)
            )),
        },
        Kind::Text => match value {
            Value::String(_) => None,
            _ => not_a_string(),
        },
        Kind::Version => match value {
            Value::String(text) if text.trim().is_empty() || is_version(text.trim()) => None,
            Value::String(text) => Some(format!(
                "Must be a version such as 3.21 or 3.7.0 (2 or 3 numbers separated by dots), \
                 not {text:?}."
            )),
            _ => not_a_string(),
        },
        Kind::VersionList => match value {
            Value::String(text) if text.trim().is_empty() => None,
            Value::String(text) => match list_items(text) {
                None => Some("Must be versions separated by commas, without empty items.".into()),
                Some(items) => items.iter().find(|v| !is_version(v)).map(|bad| {
                    format!(
                        "Must be versions separated by commas, such as \"3.5.3, 3.6.8\": \
                         {bad:?} is not a version."
                    )
                }),
            },
            _ => not_a_string(),
        },
        Kind::Countries => match value {
            Value::String(text) if text.trim().is_empty() => None,
            Value::String(text) => match list_items(text) {
                None => Some(
                    "Must be ISO 3166-1 alpha-2 country codes separated by commas, without \
                     empty items."
                        .into(),
                ),
                Some(items) => items.iter().find(|c| !is_country_code(c)).map(|bad| {
                    format!(
                        "Must be ISO 3166-1 alpha-2 country codes separated by commas, such as \
                         \"NO, SE\": {bad:?} is not one."
                    )
                }),
            },
            _ => not_a_string(),
        },
        Kind::Base64 => match value {
            Value::String(text) if text.trim().is_empty() || is_base64(text) => None,
            Value::String(_) => Some("Must be Base64 encoded.".into()),
            _ => not_a_string(),
        },
    }
}

/// The value a property will have after the update: the change if there is one (`None` when it
/// removes the property), else the stored value.
fn merged<'a>(
    stored: &'a PropertyValues,
    changes: &'a PropertyValues,
    name: &str,
) -> Option<&'a Value> {
    match changes.get(name) {
        Some(Value::Null) if name != NULLABLE => None,
        Some(value) => Some(value),
        None => stored.get(name),
    }
}

fn invalid(name: &str, reason: impl Into<String>) -> InvalidParam {
    InvalidParam {
        name: name.to_string(),
        reason: reason.into(),
    }
}

/// Every reason to refuse `changes` over the `stored` properties; empty when the update may be
/// applied (with [`apply_update`]).
pub fn check_update(stored: &PropertyValues, changes: &PropertyValues) -> Vec<InvalidParam> {
    let mut errors = Vec::new();
    for (name, value) in changes {
        if NOT_UPDATABLE.contains(&name.as_str()) {
            errors.push(invalid(
                name,
                "This property cannot be updated; it is answered for information only.",
            ));
            continue;
        }
        if value.is_null() {
            // Removes the property (or, for enabledRiskData, keeps the always-collected data).
            continue;
        }
        let Some(kind) = kind(name) else {
            // A property of a newer server: stored as sent.
            continue;
        };
        if let Some(reason) = check_value(name, kind, value) {
            errors.push(invalid(name, reason));
        }
    }
    let refused: Vec<String> = errors.iter().map(|e| e.name.clone()).collect();
    let valid = |name: &str| !refused.iter().any(|r| r == name);

    // allowedAuthMethodsForAuthAndActivate ⊆ allowedAuthMethods.
    const ALLOWED: &str = "allowedAuthMethods";
    const FOR_ACTIVATE: &str = "allowedAuthMethodsForAuthAndActivate";
    if (changes.contains_key(ALLOWED) || changes.contains_key(FOR_ACTIVATE))
        && valid(ALLOWED)
        && valid(FOR_ACTIVATE)
    {
        if let (Some(Value::Array(allowed)), Some(Value::Array(for_activate))) = (
            merged(stored, changes, ALLOWED),
            merged(stored, changes, FOR_ACTIVATE),
        ) {
            let missing: Vec<&str> = for_activate
                .iter()
                .filter(|m| !allowed.contains(m))
                .filter_map(Value::as_str)
                .collect();
            if !missing.is_empty() {
                let name = if changes.contains_key(FOR_ACTIVATE) {
                    FOR_ACTIVATE
                } else {
                    ALLOWED
                };
                errors.push(invalid(
                    name,
                    format!(
                        "Every method of {FOR_ACTIVATE} must be present in {ALLOWED}: {} is not.",
                        missing.join(", ")
                    ),
                ));
            }
        }
    }

    // App Attest on ⇒ an app id.
    const MODE: &str = "attestationIosAppAttestMode";
    const APP_ID: &str = "attestationIosAppAttestAppId";
    if (changes.contains_key(MODE) || changes.contains_key(APP_ID)) && valid(MODE) && valid(APP_ID)
    {
        let mode = merged(stored, changes, MODE).and_then(Value::as_str);
        let on =
            mode.is_some_and(|m| !m.trim().is_empty() && !m.trim().eq_ignore_ascii_case("OFF"));
        let has_id = merged(stored, changes, APP_ID)
            .and_then(Value::as_str)
            .is_some_and(|id| !id.trim().is_empty());
        if on && !has_id {
            errors.push(invalid(
                APP_ID,
                format!(
                    "Required when using Apple App Attest ({MODE} is {}).",
                    mode.unwrap_or_default()
                ),
            ));
        }
    }

    // The sandbox's own limits.
    if let Some(expiry) = changes.get("sessionExpiry").and_then(whole_number) {
        if let Some(maximum) = stored.get("maximumSessionExpiry").and_then(whole_number) {
            if expiry > maximum {
                errors.push(invalid(
                    "sessionExpiry",
                    format!("Must not exceed maximumSessionExpiry ({maximum} ms)."),
                ));
            }
        }
    }
    if let Some(length) = changes.get("activationCodeLength").and_then(whole_number) {
        if length > MAX_ACTIVATION_CODE_LENGTH {
            errors.push(invalid(
                "activationCodeLength",
                format!("Must be at most {MAX_ACTIVATION_CODE_LENGTH}."),
            ));
        }
    }
    if let Some(timeout) = changes.get("geofencingTimeout").and_then(whole_number) {
        if timeout > MAX_GEOFENCING_TIMEOUT_MS {
            errors.push(invalid(
                "geofencingTimeout",
                format!("Must be at most {MAX_GEOFENCING_TIMEOUT_MS} ms."),
            ));
        }
    }
    errors
}

/// Applies a checked update: each value is stored as sent; `null` removes the property, except
/// `enabledRiskData`, which keeps it.
pub fn apply_update(stored: &mut PropertyValues, changes: &PropertyValues) {
    for (name, value) in changes {
        if value.is_null() && name != NULLABLE {
            stored.remove(name);
        } else {
            stored.insert(name.clone(), value.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn props(v: Value) -> PropertyValues {
        serde_json::from_value(v).unwrap()
    }

    fn sample() -> PropertyValues {
        props(json!({
            "allowedAuthMethods": ["DEVICE", "DEVICE:PIN"],
            "allowedAuthMethodsForAuthAndActivate": ["DEVICE:PIN"],
            "maximumSessionExpiry": "187200000",
            "sessionExpiry": "300000",
            "attestationIosAppAttestMode": "OFF",
        }))
    }

    /// The names `invalidParams` would hold for `changes` over [`sample`].
    fn refused(changes: Value) -> Vec<String> {
        check_update(&sample(), &props(changes))
            .into_iter()
            .map(|e| e.name)
            .collect()
    }

    #[test]
    fn the_tables_cover_the_reference() {
        // 46 in the update body, 3 more in the GET samples only.
        assert_eq!(KNOWN_PROPERTIES.len(), 49);
        let mut names: Vec<&str> = KNOWN_PROPERTIES.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 49);
        for name in WHOLE_NUMBERS
            .iter()
            .chain(&NOT_UPDATABLE)
            .chain(&SECRET_PROPERTIES)
        {
            assert!(kind(name).is_some(), "{name}");
        }
        for name in WHOLE_NUMBERS {
            assert_eq!(kind(name), Some(Kind::WholeNumber), "{name}");
        }
        let sample: PropertyValues = serde_json::from_str(include_str!(
            "../../../contract/fixtures/get-properties.response.json"
        ))
        .unwrap();
        for name in sample.keys() {
            assert!(kind(name).is_some(), "{name}");
        }
        let mut codes = COUNTRY_CODES.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 250);
    }

    #[test]
    fn values_are_strings_except_the_three_lists() {
        assert!(refused(json!({ "lockScope": "DEVICE", "activationCodeType": "ANY" })).is_empty());
        assert_eq!(refused(json!({ "lockScope": 1 })), ["lockScope"]);
        assert_eq!(refused(json!({ "apnsBundleId": ["x"] })), ["apnsBundleId"]);
        assert_eq!(
            refused(json!({ "allowedAuthMethods": "DEVICE" })),
            ["allowedAuthMethods"]
        );
        assert_eq!(
            refused(json!({ "enabledRiskData": ["deviceHash", 3] })),
            ["enabledRiskData"]
        );
        assert!(refused(json!({ "enabledRiskData": null })).is_empty());
        assert!(refused(json!({ "enabledRiskData": ["ALL"] })).is_empty());
        // Lenient: numbers and booleans where they look like one.
        assert!(
            refused(json!({ "amountFailuresAllowed": 5, "nativePushEnabled": true })).is_empty()
        );
        assert_eq!(
            refused(json!({ "nativePushEnabled": 1 })),
            ["nativePushEnabled"]
        );
        assert_eq!(refused(json!({ "apnConfig": true })), ["apnConfig"]);
    }

    #[test]
    fn unknown_names_and_values_are_accepted() {
        assert!(refused(json!({
            "futureSetting": { "level": 2 },
            "passkeyRegistrationEnabled": "true",
            "lockScope": "USER",
            "allowedAuthMethods": ["DEVICE", "DEVICE:PIN", "DEVICE:PASSKEY"],
            "activationCodeType": "EMOJI",
        }))
        .is_empty());
    }

    #[test]
    fn some_properties_cannot_be_updated() {
        for name in NOT_UPDATABLE {
            assert_eq!(refused(json!({ name: "1" })), [name]);
            assert_eq!(refused(json!({ name: null })), [name]);
        }
    }

    #[test]
    fn counts_and_durations_are_whole_numbers_from_zero() {
        for name in WHOLE_NUMBERS {
            if name == "maximumSessionExpiry" {
                continue;
            }
            assert!(refused(json!({ name: "0" })).is_empty(), "{name}");
            for bad in [
                json!("-1"),
                json!("1.5"),
                json!(""),
                json!(" 3"),
                json!(-1),
                json!(2.5),
                json!("x"),
            ] {
                assert_eq!(refused(json!({ name: bad })), [name], "{name} {bad}");
            }
        }
    }

    #[test]
    fn the_firebase_service_account_is_base64() {
        assert!(refused(
            json!({ "firebaseServiceAccount": "eyJ0eXBlIjoic2VydmljZV9hY2NvdW50In0=" })
        )
        .is_empty());
        assert!(refused(json!({ "firebaseServiceAccount": "eyJ0eXBl\nIjoic2Vy" })).is_empty());
        assert!(refused(json!({ "firebaseServiceAccount": "" })).is_empty());
        assert_eq!(
            refused(json!({ "firebaseServiceAccount": "not base64!" })),
            ["firebaseServiceAccount"]
        );
        // The Play Integrity keys are secrets without a format rule.
        assert!(
            refused(json!({ "attestationAndroidPlayIntegrityDecryptionKey": "any text!" }))
                .is_empty()
        );
    }

    #[test]
    fn versions_have_two_or_three_numeric_parts() {
        for good in ["3.21", "3.7.0", "", "10.0.12"] {
            assert!(
                refused(json!({ "minimumRequiredEncapApiVersionIos": good })).is_empty(),
                "{good}"
            );
        }
        for bad in ["3", "3.7.0.1", "v3.7", "3.x", "3..7", "latest"] {
            assert_eq!(
                refused(json!({ "minimumRequiredEncapApiVersionAndroid": bad })),
                ["minimumRequiredEncapApiVersionAndroid"],
                "{bad}"
            );
        }
        for good in ["3.5.3, 3.6.8", "3.5.3,3.6", "3.21", ""] {
            assert!(
                refused(json!({ "encapApiBlacklistAndroid": good })).is_empty(),
                "{good}"
            );
        }
        for bad in ["3.5.3,", "3.5.3, x", "3.5.3;3.6.8", ",3.6"] {
            assert_eq!(
                refused(json!({ "encapApiBlacklistIos": bad })),
                ["encapApiBlacklistIos"],
                "{bad}"
            );
        }
    }

    #[test]
    fn geofencing_countries_are_iso_codes() {
        for good in ["US", "NO, SE,DK", "XK", "", "gb"] {
            assert!(
                refused(json!({ "geofencingActivationAllowedCountries": good })).is_empty(),
                "{good}"
            );
        }
        for name in [
            "geofencingActivationAllowedCountries",
            "geofencingActivationDeniedCountries",
            "geofencingAuthenticationAllowedCountries",
            "geofencingAuthenticationDeniedCountries",
        ] {
            for bad in ["UK", "USA", "NO,", "EU", "N O"] {
                assert_eq!(refused(json!({ name: bad })), [name], "{name} {bad}");
            }
        }
    }

    #[test]
    fn methods_for_activation_must_be_allowed() {
        assert_eq!(
            refused(json!({ "allowedAuthMethodsForAuthAndActivate": ["DEVICE:IOS_FACE_ID"] })),
            ["allowedAuthMethodsForAuthAndActivate"]
        );
        assert_eq!(
            refused(json!({ "allowedAuthMethods": ["DEVICE"] })),
            ["allowedAuthMethods"]
        );
        assert!(refused(json!({
            "allowedAuthMethods": ["DEVICE:IOS_FACE_ID"],
            "allowedAuthMethodsForAuthAndActivate": ["DEVICE:IOS_FACE_ID"]
        }))
        .is_empty());
        // Only when one of the two changes: a stored mismatch does not block other updates.
        let mut stored = sample();
        stored.insert("allowedAuthMethods".into(), json!(["DEVICE"]));
        assert!(check_update(&stored, &props(json!({ "lockScope": "DEVICE" }))).is_empty());
    }

    #[test]
    fn app_attest_needs_an_app_id() {
        assert_eq!(
            refused(json!({ "attestationIosAppAttestMode": "REQUIRED" })),
            ["attestationIosAppAttestAppId"]
        );
        assert_eq!(
            refused(
                json!({ "attestationIosAppAttestMode": "OPTIONAL", "attestationIosAppAttestAppId": " " })
            ),
            ["attestationIosAppAttestAppId"]
        );
        assert!(refused(json!({
            "attestationIosAppAttestMode": "REQUIRED",
            "attestationIosAppAttestAppId": "ABCDE12345.com.example.app"
        }))
        .is_empty());
        assert!(refused(json!({ "attestationIosAppAttestMode": "OFF" })).is_empty());
        let mut stored = sample();
        stored.insert("attestationIosAppAttestMode".into(), json!("REQUIRED"));
        stored.insert(
            "attestationIosAppAttestAppId".into(),
            json!("ABCDE12345.com.example.app"),
        );
        assert_eq!(
            check_update(
                &stored,
                &props(json!({ "attestationIosAppAttestAppId": null }))
            )
            .into_iter()
            .map(|e| e.name)
            .collect::<Vec<_>>(),
            ["attestationIosAppAttestAppId"]
        );
    }

    #[test]
    fn the_sandboxs_own_limits() {
        assert_eq!(
            refused(json!({ "sessionExpiry": "187200001" })),
            ["sessionExpiry"]
        );
        assert!(refused(json!({ "sessionExpiry": "187200000" })).is_empty());
        assert_eq!(
            refused(json!({ "activationCodeLength": "65" })),
            ["activationCodeLength"]
        );
        assert!(refused(json!({ "activationCodeLength": 64 })).is_empty());
        assert_eq!(
            refused(json!({ "geofencingTimeout": "60001" })),
            ["geofencingTimeout"]
        );
        // Every failure is its own entry.
        assert_eq!(
            refused(json!({ "activationCodeLength": "65", "lockScope": 3, "clientDebugDataEnabledOsTypes": "IOS" })).len(),
            3
        );
    }

    #[test]
    fn null_removes_a_property_but_enabled_risk_data_keeps_it() {
        let mut stored = sample();
        apply_update(
            &mut stored,
            &props(json!({ "sessionExpiry": null, "enabledRiskData": null, "new": 1 })),
        );
        assert!(!stored.contains_key("sessionExpiry"));
        assert_eq!(stored["enabledRiskData"], Value::Null);
        assert_eq!(stored["new"], 1);
    }
}
