//! Checks of a whole set of values: what an update meets ([`check_changes`]: each changed
//! value, then every cross-field rule one of whose fields changed) and what the server already
//! holds ([`check_stored`]: warnings only), as [`FieldProblem`]s tied to fields.

use super::cross_field::{View, CROSS_FIELD_RULES};
use super::schema::{Provenance, Severity};
use super::single_value::check_value;
use super::table::spec;
use crate::error::InvalidParam;
use crate::models::PropertyValues;
use std::fmt;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::properties::test_support::{
        any_json, base64, error, names, parse, s, sample, sample_with, values, warning,
    };
    use crate::properties::{reference_examples, PROPERTIES};
    use proptest::prelude::*;
    use serde_json::json;

    const UPDATE_REQUEST: &str = include_str!("../../fixtures/update-properties.request.json");
    const UPDATE_RESPONSE: &str = include_str!("../../fixtures/update-properties.response.json");
    const GET_CONFIGURATION: &str =
        include_str!("../../fixtures/get-application-configuration.response.json");

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

    // ------------------------------------------------------------ updates and stored values

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

    // ------------------------------------------------------------ properties

    proptest! {
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
}
