//! Test helpers shared by the promotion submodules' tests.

use super::items::{Item, Settings};
use super::plan::Snapshot;
use crate::logic::console_config::KnownAccount;
use mobileid_admin_contract::models::PropertyValues;
use serde_json::{json, Value};

pub(super) fn props(v: Value) -> PropertyValues {
    serde_json::from_value(v).unwrap()
}

pub(super) fn account(id: &str, label: &str, production: bool) -> KnownAccount {
    KnownAccount {
        id: id.into(),
        label: label.into(),
        production,
    }
}

/// A sandbox account: the reference's sample, a secret set, an unknown property.
pub(super) fn sandbox() -> Snapshot {
    let mut properties: PropertyValues = serde_json::from_str(include_str!(
        "../../../crates/contract/fixtures/get-properties.response.json"
    ))
    .unwrap();
    properties.extend(props(json!({
        "firebaseServiceAccount": "********",
        "passkeyRegistrationEnabled": "true",
        "futureSetting": {"level": 2},
        "lockScope": "USER",
        "amountFailuresAllowed": 3,
    })));
    Snapshot {
        account: account("a-sdge-sample", "Sample Account", false),
        settings: Settings {
            properties,
            allowed_users_per_device_hash: Some(1),
            apns_uuid: Some("82a634bf-a485-457c-90c4-88ddd5631922".into()),
            state: Some("ENABLED".into()),
        },
    }
}

/// Its production counterpart: a handful of differences.
pub(super) fn production() -> Snapshot {
    let mut s = sandbox();
    s.account = account("a-spge-prod", "Sample Production", true);
    let p = &mut s.settings.properties;
    p.remove("firebaseServiceAccount");
    p.remove("passkeyRegistrationEnabled");
    p.extend(props(json!({
        "sessionExpiry": "120000",
        "amountFailuresAllowed": "5",
        "geofencingActivationMode": "OPTIONAL",
        "attestationIosAppAttestEnvironment": "DEVELOPMENT",
        "apnConfig": "PRODUCTION",
        "futureSetting": {"level": 1},
        "maximumSessionExpiry": "1000",
    })));
    s.settings.allowed_users_per_device_hash = Some(3);
    s
}

pub(super) fn prop(name: &str) -> Item {
    Item::Property(name.into())
}
