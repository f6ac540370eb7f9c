//! The application configuration: state, APNs UUID and properties, refereed by the sandbox's own
//! property rules.

use crate::common::unique_dir;
use crate::harness::{assert_invalid, config, problem, with_body, Harness};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use mobileid_admin_contract::models::*;
use mobileid_sandbox::api::configuration::answered_properties;
use mobileid_sandbox::seed::{sample_properties, LEGACY_ACCOUNT_ID, SEEDED_APNS_TOKENS};
use mobileid_sandbox::store::SAMPLE_ACCOUNT;
use serde_json::{json, Map, Value};

#[tokio::test]
async fn the_application_configuration_state_apns_uuid_and_properties_are_kept() {
    let h = Harness::start("configuration");
    let configuration = h.ok(h.api.get_application_configuration()).await;
    assert_eq!(configuration.app_id, SAMPLE_ACCOUNT);
    assert_eq!(configuration.state, EnabledState::Enabled);
    assert_eq!(
        configuration.properties,
        answered_properties(&sample_properties()),
        "the reference's sample, secrets masked"
    );
    assert_eq!(
        configuration.properties["firebaseServiceAccount"],
        "********"
    );
    uuid::Uuid::parse_str(&configuration.uuid).expect("a UUID");

    // State.
    let state = h.ok(h.api.get_configuration_state()).await;
    assert_eq!(state.state, EnabledState::Enabled);
    let updated = h
        .ok(h.api.update_configuration_state(EnabledState::Disabled))
        .await;
    assert_eq!(updated.state, EnabledState::Disabled);
    assert_eq!(
        h.ok(h.api.get_configuration_state()).await.state,
        EnabledState::Disabled
    );
    assert_eq!(
        h.ok(h.api.get_application_configuration()).await.state,
        EnabledState::Disabled
    );
    let call = || h.api.update_configuration_state(EnabledState::Enabled);
    assert_invalid(
        h.call(with_body(call(), r#"{"state":"PAUSED"}"#)).await,
        "state",
    );
    assert_invalid(h.call(with_body(call(), "{}")).await, "state");
    assert_invalid(h.call(with_body(call(), "")).await, "body");
    assert_invalid(h.call(with_body(call(), "{not json")).await, "body");
    assert_eq!(
        h.audit("updateConfigurationState"),
        vec![json!({ "state": "DISABLED" })]
    );

    // APNs UUID: the seeded configuration pushes through the first seeded token.
    let apns = h.ok(h.api.get_apns_uuid()).await;
    assert_eq!(apns.apns_uuid, SEEDED_APNS_TOKENS[0]);
    let new_id = "12EF6F3A-A12A-4C5E-BB1B-1D75A9F37D59";
    let updated = h.ok(h.api.update_apns_uuid(new_id)).await;
    assert_eq!(updated.apns_uuid, new_id.to_lowercase());
    assert_eq!(
        h.ok(h.api.get_apns_uuid()).await.apns_uuid,
        new_id.to_lowercase()
    );
    for bad in ["ENABLED", "", "12ef6f3aa12a4c5ebb1b1d75a9f37d59"] {
        assert_invalid(h.call(h.api.update_apns_uuid(bad)).await, "apnsUuid");
    }
    assert_invalid(
        h.call(with_body(h.api.update_apns_uuid(new_id), "{}"))
            .await,
        "apnsUuid",
    );
    assert_eq!(h.audit("updateApnsUuid").len(), 1);

    // Properties.
    let defaults = answered_properties(&sample_properties());
    assert_eq!(h.ok(h.api.get_properties()).await, defaults);
    let change = |pairs: Value| -> PropertyValues { serde_json::from_value(pairs).unwrap() };
    let answer = h
        .ok(h
            .api
            .update_properties(&change(json!({ "amountFailuresAllowed": "5" }))))
        .await;
    let mut expected = defaults.clone();
    expected.insert("amountFailuresAllowed".into(), "5".into());
    assert_eq!(answer, expected);
    assert_eq!(h.ok(h.api.get_properties()).await, expected);
    assert_eq!(
        h.audit("updateProperties"),
        vec![json!({ "amountFailuresAllowed": "5" })]
    );

    // Refused updates change and record nothing.
    let refused = [
        (
            json!({ "maximumSessionExpiry": "1" }),
            "maximumSessionExpiry",
        ),
        (
            json!({ "clientDebugDataEnabledOsTypes": "IOS" }),
            "clientDebugDataEnabledOsTypes",
        ),
        (
            json!({ "hwKeyValidationStrategy": "REQUIRED" }),
            "hwKeyValidationStrategy",
        ),
        (
            json!({ "amountFailuresAllowed": "-1" }),
            "amountFailuresAllowed",
        ),
        (json!({ "lockScope": 5 }), "lockScope"),
        (
            json!({ "firebaseServiceAccount": "not base64!" }),
            "firebaseServiceAccount",
        ),
    ];
    for (body, name) in refused {
        assert_invalid(h.call(h.api.update_properties(&change(body))).await, name);
    }
    let not_an_object = with_body(h.api.update_properties(&Map::new()), "[1]");
    assert_invalid(h.call(not_an_object).await, "body");
    assert_eq!(h.ok(h.api.get_properties()).await, expected);
    assert_eq!(h.audit("updateProperties").len(), 1);
    // An empty update changes nothing and is not recorded.
    assert_eq!(h.ok(h.api.update_properties(&Map::new())).await, expected);
    assert_eq!(h.audit("updateProperties").len(), 1);

    // Secrets are write-only.
    let secret = STANDARD.encode(r#"{"type":"service_account"}"#);
    let response = h
        .raw(
            h.api
                .update_properties(&change(json!({ "firebaseServiceAccount": secret }))),
        )
        .await;
    assert_eq!(response.status(), 200);
    let text = String::from_utf8(response.body().clone()).unwrap();
    assert!(!text.contains(&secret), "{text}");
    let properties = h.ok(h.api.get_properties()).await;
    assert_eq!(properties["firebaseServiceAccount"], "********");
    let audit = h.audit("updateProperties");
    assert_eq!(audit[1], json!({ "firebaseServiceAccount": "********" }));
    let configuration = h.ok(h.api.get_application_configuration()).await;
    assert_eq!(configuration.properties, properties);
    h.finish();
}

fn properties(value: Value) -> PropertyValues {
    serde_json::from_value(value).expect("an object")
}

#[tokio::test]
async fn property_updates_are_refereed_by_the_sandboxs_own_rules() {
    let mut config = config(unique_dir("property-rules"));
    config.property_rejections = vec![(
        "apnsBundleId".into(),
        "Bundle id not registered with Apple.".into(),
    )];
    let h = Harness::with(config);
    let before = h.ok(h.api.get_properties()).await;

    // Each rule the reference documents, and each of the sandbox's own limits: refused with
    // invalidParams naming the property, nothing stored, nothing recorded.
    let refused = [
        // Values are strings, except three arrays of strings.
        (json!({ "apnConfig": ["PRODUCTION"] }), "apnConfig"),
        (
            json!({ "allowedAuthMethods": "DEVICE:PIN" }),
            "allowedAuthMethods",
        ),
        (json!({ "enabledRiskData": [1, 2] }), "enabledRiskData"),
        (
            json!({ "allowedAuthMethods": null, "allowedAuthMethodsForAuthAndActivate": 7 }),
            "allowedAuthMethodsForAuthAndActivate",
        ),
        // Not updatable.
        (
            json!({ "maximumSessionExpiry": "1" }),
            "maximumSessionExpiry",
        ),
        (
            json!({ "clientDebugDataEnabledOsTypes": "IOS" }),
            "clientDebugDataEnabledOsTypes",
        ),
        (
            json!({ "hwKeyValidationStrategy": "REQUIRED" }),
            "hwKeyValidationStrategy",
        ),
        // Base64.
        (
            json!({ "firebaseServiceAccount": "{\"type\": \"service_account\"}" }),
            "firebaseServiceAccount",
        ),
        // Versions.
        (
            json!({ "minimumRequiredEncapApiVersionAndroid": "3" }),
            "minimumRequiredEncapApiVersionAndroid",
        ),
        (
            json!({ "minimumRequiredEncapApiVersionIos": "3.7.0-beta" }),
            "minimumRequiredEncapApiVersionIos",
        ),
        (
            json!({ "encapApiBlacklistAndroid": "3.5.3, latest" }),
            "encapApiBlacklistAndroid",
        ),
        (
            json!({ "encapApiBlacklistIos": "3.5.3;3.6.8" }),
            "encapApiBlacklistIos",
        ),
        // Countries.
        (
            json!({ "geofencingActivationAllowedCountries": "UK" }),
            "geofencingActivationAllowedCountries",
        ),
        (
            json!({ "geofencingActivationDeniedCountries": "RU,," }),
            "geofencingActivationDeniedCountries",
        ),
        (
            json!({ "geofencingAuthenticationAllowedCountries": "USA" }),
            "geofencingAuthenticationAllowedCountries",
        ),
        (
            json!({ "geofencingAuthenticationDeniedCountries": "EU" }),
            "geofencingAuthenticationDeniedCountries",
        ),
        // Methods for activation must be allowed, checked over stored ∪ changes.
        (
            json!({ "allowedAuthMethodsForAuthAndActivate": ["DEVICE:PASSKEY"] }),
            "allowedAuthMethodsForAuthAndActivate",
        ),
        (
            json!({ "allowedAuthMethods": ["DEVICE"] }),
            "allowedAuthMethods",
        ),
        // App Attest needs an app id.
        (
            json!({ "attestationIosAppAttestMode": "REQUIRED" }),
            "attestationIosAppAttestAppId",
        ),
        // Counts and durations.
        (json!({ "sessionExpiry": "-1" }), "sessionExpiry"),
        (json!({ "apnExpiry": "1.5" }), "apnExpiry"),
        (json!({ "firebaseTimeToLive": -5 }), "firebaseTimeToLive"),
        (
            json!({ "recoveryCodeMinLength": "six" }),
            "recoveryCodeMinLength",
        ),
        (
            json!({ "attestationIosAppAttestTimeout": "" }),
            "attestationIosAppAttestTimeout",
        ),
        (
            json!({ "attestationAndroidPlayIntegrityTimeout": true }),
            "attestationAndroidPlayIntegrityTimeout",
        ),
        // The sandbox's own limits.
        (json!({ "sessionExpiry": "187200001" }), "sessionExpiry"),
        (
            json!({ "activationCodeLength": "65" }),
            "activationCodeLength",
        ),
        (json!({ "geofencingTimeout": 60001 }), "geofencingTimeout"),
        // --reject-property.
        (json!({ "apnsBundleId": "com.example.app" }), "apnsBundleId"),
    ];
    for (body, name) in &refused {
        let p = problem(
            h.call(h.api.update_properties(&properties(body.clone())))
                .await,
        );
        assert_eq!(p.status, 400, "{body}: {p:?}");
        let names: Vec<&str> = p.invalid_params.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, [*name], "{body}: {p:?}");
        assert!(!p.invalid_params[0].reason.is_empty());
    }
    let p = problem(
        h.call(
            h.api
                .update_properties(&properties(json!({ "apnsBundleId": "x" }))),
        )
        .await,
    );
    assert_eq!(
        p.invalid_params[0].reason,
        "Bundle id not registered with Apple."
    );
    // Every failure is its own entry, and a good value beside them is not stored either.
    let p = problem(
        h.call(h.api.update_properties(&properties(json!({
            "lockScope": "USER",
            "activationCodeLength": "65",
            "geofencingActivationAllowedCountries": "NO, XX",
            "maximumSessionExpiry": "1",
        }))))
        .await,
    );
    let mut names: Vec<&str> = p.invalid_params.iter().map(|i| i.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "activationCodeLength",
            "geofencingActivationAllowedCountries",
            "maximumSessionExpiry"
        ]
    );
    assert_eq!(h.ok(h.api.get_properties()).await, before);
    assert!(h.audit("updateProperties").is_empty());

    // What the reference allows, and what it does not forbid, is accepted.
    let accepted = json!({
        // Unknown names (a newer server) and unknown values (cut-off lists).
        "passkeyRegistrationEnabled": "true",
        "futureSetting": { "level": 2 },
        "lockScope": "USER",
        "activationCodeType": "EMOJI",
        "allowedAuthMethods": ["DEVICE", "DEVICE:PIN", "DEVICE:PASSKEY"],
        "allowedAuthMethodsForAuthAndActivate": ["DEVICE:PIN", "DEVICE:PASSKEY"],
        // Lenient types, stored as sent.
        "amountFailuresAllowed": 5,
        "recoveryEnabled": true,
        // Versions with two parts, lists with spaces, any case of a country code, Kosovo.
        "minimumRequiredEncapApiVersionAndroid": "3.21",
        "minimumRequiredEncapApiVersionIos": "",
        "encapApiBlacklistIos": "3.5.3, 3.6.8",
        "geofencingActivationAllowedCountries": "NO, se,XK",
        "geofencingAuthenticationDeniedCountries": "",
        // Not a server rule: a hint to the client.
        "pinCodeLength": "8",
        "maxPinCodeLength": "6",
        // Native push without a bundle id; Play Integrity keys in any format.
        "nativePushEnabled": "true",
        "attestationAndroidPlayIntegrityMode": "REQUIRED",
        "attestationAndroidPlayIntegrityDecryptionKey": "any key text",
        // App Attest with its app id.
        "attestationIosAppAttestMode": "REQUIRED",
        "attestationIosAppAttestAppId": "ABCDE12345.com.example.app",
        "sessionExpiry": "187200000",
        "activationCodeLength": "64",
        "enabledRiskData": null,
    });
    let answer = h
        .ok(h.api.update_properties(&properties(accepted.clone())))
        .await;
    for (name, value) in accepted.as_object().unwrap() {
        let expected = if name == "attestationAndroidPlayIntegrityDecryptionKey" {
            json!("********")
        } else {
            value.clone()
        };
        assert_eq!(answer.get(name), Some(&expected), "{name}");
    }
    assert_eq!(h.ok(h.api.get_properties()).await, answer);
    assert_eq!(h.audit("updateProperties").len(), 1);
    assert_eq!(
        h.audit("updateProperties")[0]["attestationAndroidPlayIntegrityDecryptionKey"],
        "********"
    );

    // null removes a property (enabledRiskData keeps its null); the audit shows the removal.
    let answer = h
        .ok(h.api.update_properties(&properties(json!({
            "futureSetting": null,
            "apnConfig": null,
            "attestationAndroidPlayIntegrityDecryptionKey": null,
        }))))
        .await;
    for name in [
        "futureSetting",
        "apnConfig",
        "attestationAndroidPlayIntegrityDecryptionKey",
    ] {
        assert!(!answer.contains_key(name), "{name}");
    }
    assert_eq!(answer["enabledRiskData"], Value::Null);
    assert_eq!(answer["passkeyRegistrationEnabled"], "true");
    assert_eq!(
        h.audit("updateProperties")[1],
        json!({
            "futureSetting": null,
            "apnConfig": null,
            "attestationAndroidPlayIntegrityDecryptionKey": null
        })
    );
    // The subset rule is checked only when one of the two lists changes, over the merge.
    let answer = h
        .ok(h.api.update_properties(&properties(json!({
            "allowedAuthMethods": ["DEVICE:PIN", "DEVICE:PASSKEY"]
        }))))
        .await;
    assert_eq!(
        answer["allowedAuthMethods"],
        json!(["DEVICE:PIN", "DEVICE:PASSKEY"])
    );
    h.finish();
}

#[tokio::test]
async fn the_legacy_account_keeps_its_odd_values_through_an_update() {
    let h = Harness::start("legacy");
    let legacy = h
        .api
        .clone()
        .with_account_id(Some(LEGACY_ACCOUNT_ID.into()));
    assert!(mobileid_sandbox::api::property_rules::is_secret(
        "firebaseServiceAccount"
    ));

    let configuration = h.ok(legacy.get_application_configuration()).await;
    assert_eq!(configuration.app_id, LEGACY_ACCOUNT_ID);
    assert_eq!(configuration.state, EnabledState::Enabled);
    let odd = &configuration.properties;
    assert_eq!(
        odd["allowedAuthMethods"],
        json!([
            "DEVICE",
            "DEVICE:PIN",
            "DEVICE:ANDROID_BIOMETRIC_PROMPT",
            "DEVICE:PASSKEY"
        ])
    );
    assert_eq!(
        odd["allowedAuthMethodsForAuthAndActivate"],
        json!(["DEVICE:PIN"])
    );
    assert_eq!(odd["lockScope"], "USER");
    assert_eq!(odd["nativePushEnabled"], "true");
    assert!(!odd.contains_key("apnsBundleId"));
    assert_eq!(odd["firebaseServiceAccount"], "********");
    assert_eq!(
        (&odd["pinCodeLength"], &odd["maxPinCodeLength"]),
        (&json!("8"), &json!("6"))
    );
    assert_eq!(odd["attestationAndroidPlayIntegrityMode"], "REQUIRED");
    assert!(odd["attestationAndroidPackageName"]
        .as_str()
        .is_some_and(|p| !p.is_empty()));
    assert!(odd["attestationAndroidPlayIntegrityTimeout"].is_string());
    assert!(!odd.contains_key("attestationAndroidPlayIntegrityDecryptionKey"));
    assert!(!odd.contains_key("attestationAndroidPlayIntegrityVerificationKey"));
    assert_eq!(odd["enabledRiskData"], Value::Null);
    assert_eq!(odd["passkeyRegistrationEnabled"], "true");
    assert_eq!(odd["futureSetting"], json!({ "level": 2 }));
    assert_eq!(odd["amountFailuresAllowed"], json!(5));
    assert_eq!(h.ok(legacy.get_properties()).await, *odd);

    // Only sessionExpiry changes; everything else, unknown ones included, stays as it was.
    let answer = h
        .ok(legacy.update_properties(&properties(json!({ "sessionExpiry": "600000" }))))
        .await;
    let mut expected = odd.clone();
    expected.insert("sessionExpiry".into(), json!("600000"));
    assert_eq!(answer, expected);
    assert_eq!(h.ok(legacy.get_properties()).await, expected);
    let stored = h
        .state
        .store
        .configuration(LEGACY_ACCOUNT_ID)
        .unwrap()
        .unwrap();
    assert!(stored.properties["firebaseServiceAccount"]
        .as_str()
        .is_some_and(|s| s.len() > 20 && s != "********"));
    assert_eq!(
        h.audit("updateProperties"),
        vec![json!({ "sessionExpiry": "600000" })]
    );
    // The sample account is untouched.
    assert_eq!(
        h.ok(h.api.get_properties()).await,
        answered_properties(&sample_properties())
    );

    // Every other page works for it.
    let account = h.ok(legacy.get_account(true)).await;
    assert_eq!(
        (account.id.as_str(), account.name.as_str()),
        (LEGACY_ACCOUNT_ID, "Legacy Android App")
    );
    assert_eq!(account.account_type, AccountType::Sandbox);
    assert!(account.onboarded_for_mobile_id);
    let devices = account.sandbox_properties.unwrap().number_of_devices.0;
    assert!((1..100).contains(&devices), "{devices}");
    let basic = h
        .ok(legacy.detailed_device_statistics(DeviceStatisticsType::AllBasic, None))
        .await;
    let platforms: Vec<&str> = basic
        .platforms
        .as_ref()
        .unwrap()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(platforms, ["Android"]);
    assert!(h.ok(legacy.statistics_by_days(3650)).await.devices.total > 0);
    h.ok(legacy.suspicious_device_hashes(None, true)).await;
    assert_eq!(
        h.ok(legacy.get_risk_indicators())
            .await
            .risk_indicators_configuration
            .allowed_nr_of_users_with_same_device_hash
            .map(|n| n.0),
        Some(1)
    );
    assert_eq!(
        h.ok(legacy.list_signing_certificates(None))
            .await
            .signing_certificates
            .len(),
        3
    );
    assert_eq!(
        h.ok(legacy.list_e2e_keys(None)).await,
        h.ok(h.api.list_e2e_keys(None)).await,
        "the organisation's keys"
    );
    assert_eq!(h.ok(legacy.list_apns_tokens()).await.apns_tokens.len(), 2);
    h.ok(legacy.get_apns_uuid()).await;
    h.finish();
}
