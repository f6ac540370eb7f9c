//! The rules over several properties ([`CROSS_FIELD_RULES`]), each with its provenance, and
//! the [`View`] they read values through (only values without errors count).

use super::schema::Provenance;
use super::single_value::{check_items, list_items, parse_whole, validate_value};
use super::table::spec;
use crate::models::PropertyValues;
use serde_json::Value;
use std::fmt;

/// A rule over several properties, checked only when one of its fields changes.
pub struct CrossFieldRule {
    /// The properties it reads; a change to any of them checks it.
    pub fields: &'static [&'static str],
    pub provenance: Provenance,
    /// What the rule says, and where it comes from.
    pub describe: &'static str,
    pub(super) check: fn(&View<'_>) -> Vec<(String, String)>,
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
    pub(super) values: &'a PropertyValues,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::properties::test_support::{errors, names, s, sample, sample_with, values};
    use crate::properties::{check_changes, FieldProblem, Severity, TextRule};
    use serde_json::json;

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
}
