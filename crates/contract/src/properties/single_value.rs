//! One value checked on its own ([`check_value`]): an error for what the reference states, a
//! warning that names its source for what the console chose. The parsers behind it (whole
//! numbers, comma-separated lists) also serve the rules across fields.

use super::known_values::{is_country_code, CONTINENTS, MAXINT};
use super::schema::{Kind, PropertySpec, Provenance, Severity};
use serde_json::Value;

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

pub(super) fn list_items(value: &Value) -> Result<Vec<String>, String> {
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
pub(super) fn check_items(
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
pub(super) fn parse_whole(text: &str) -> Option<i64> {
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
pub(super) fn is_app_attest_app_id(text: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::properties::test_support::{
        any_json, base64, error, only, s, sample, values, warning, warning_of,
    };
    use crate::properties::{
        check_changes, from_form_text, to_form_text, TextRule, AUTH_METHODS, ISO_3166_1_ALPHA_2,
        PROPERTIES,
    };
    use proptest::prelude::*;
    use serde_json::json;
    use std::collections::BTreeSet;

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

    /// The findings of one string value.
    fn findings(name: &str, text: &str) -> Vec<Finding> {
        check_value(s(name), &json!(text))
    }

    fn check(name: &str, text: &str) -> Result<(), String> {
        validate_value(s(name), &json!(text))
    }

    fn clean(name: &str, text: &str) {
        assert_eq!(findings(name, text), vec![], "{name} = {text:?}");
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

    // ------------------------------------------------------------ provenance

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

    // ------------------------------------------------------------ properties

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
