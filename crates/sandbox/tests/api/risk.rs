//! Risk indicators, suspicious device hashes and locking.

use crate::harness::{assert_invalid, assert_status, with_body, with_query, Harness};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use mobileid_admin_contract::models::*;
use mobileid_sandbox::seed::SAMPLE_DEVICE_HASH;
use mobileid_sandbox::store::SAMPLE_ACCOUNT;
use serde_json::{json, Map, Value};

#[tokio::test]
async fn risk_indicators_drive_suspicious_hashes_and_locking_locks() {
    let h = Harness::start("risk");
    let allowed = |r: RiskIndicators| {
        r.risk_indicators_configuration
            .allowed_nr_of_users_with_same_device_hash
            .map(|n| n.0)
    };
    assert_eq!(allowed(h.ok(h.api.get_risk_indicators()).await), Some(1));
    let default_flagged = h
        .ok(h.api.suspicious_device_hashes(None, false))
        .await
        .count
        .unique_device_hashes;
    assert_eq!(
        allowed(h.ok(h.api.update_risk_indicators(3)).await),
        Some(3)
    );
    assert_eq!(allowed(h.ok(h.api.get_risk_indicators()).await), Some(3));
    let fewer = h
        .ok(h.api.suspicious_device_hashes(None, false))
        .await
        .count
        .unique_device_hashes;
    assert!(
        0 < fewer && fewer < default_flagged,
        "{fewer} < {default_flagged}"
    );
    let field = "riskIndicatorsConfiguration.allowedNrOfUsersWithSameDeviceHash";
    let put = |body: &str| with_body(h.api.update_risk_indicators(1), body);
    for body in [
        r#"{"riskIndicatorsConfiguration":{"allowedNrOfUsersWithSameDeviceHash":"0"}}"#,
        r#"{"riskIndicatorsConfiguration":{"allowedNrOfUsersWithSameDeviceHash":"two"}}"#,
        r#"{"riskIndicatorsConfiguration":{"allowedNrOfUsersWithSameDeviceHash":"-3"}}"#,
    ] {
        assert_invalid(h.call(put(body)).await, field);
    }
    assert_invalid(h.call(put("{}")).await, "riskIndicatorsConfiguration");
    assert_invalid(
        h.call(put(r#"{"riskIndicatorsConfiguration":{}}"#)).await,
        "riskIndicatorsConfiguration",
    );
    assert_eq!(allowed(h.ok(h.api.get_risk_indicators()).await), Some(3));
    // Unknown risk indicators are kept and answered; null removes a property.
    let newer = r#"{"riskIndicatorsConfiguration":{"maxDevicesPerUser":"4"}}"#;
    let answer = h.ok(put(newer)).await;
    assert_eq!(allowed(answer.clone()), Some(3), "the others are kept");
    assert_eq!(
        answer.risk_indicators_configuration.extra["maxDevicesPerUser"],
        "4"
    );
    let reset = r#"{"riskIndicatorsConfiguration":{"allowedNrOfUsersWithSameDeviceHash":null,"maxDevicesPerUser":null}}"#;
    assert_eq!(allowed(h.ok(put(reset)).await), None);
    let raw = h.raw(h.api.get_risk_indicators()).await;
    let body: Value = serde_json::from_slice(raw.body()).unwrap();
    assert_eq!(body, json!({ "riskIndicatorsConfiguration": {} }));
    // Without an allowance, suspicious hashes use the default, 1.
    assert_eq!(
        h.ok(h.api.suspicious_device_hashes(None, false))
            .await
            .count
            .unique_device_hashes,
        default_flagged
    );
    assert_eq!(
        allowed(h.ok(h.api.set_risk_indicators(Some(1), &Map::new())).await),
        Some(1)
    );
    assert_eq!(h.audit("updateRiskIndicators").len(), 4);

    // The reference's sample hash: two users, one device of each still registered.
    let before = h.ok(h.api.devices_by_hash(SAMPLE_DEVICE_HASH)).await;
    let users: Vec<&str> = before.iter().map(|u| u.user_id.as_str()).collect();
    assert_eq!(
        users,
        [
            "b13069a0-408f-4981-bcdb-a42a8d1060ee",
            "8ebc86af-c341-404b-8cf0-7077449d6cf4"
        ]
    );
    let states = |users: &DevicesByHash| -> Vec<(String, String)> {
        users
            .iter()
            .flat_map(|u| &u.devices)
            .map(|d| (d.device_id.clone(), d.state.as_ref().unwrap().name()))
            .collect()
    };
    let device = &before[0].devices[0];
    assert_eq!(device.device_id, "294ffdd7-4306-49dc-aa5e-72c4bed89d18");
    assert_eq!(device.state, Some(DeviceState::Name("ACTIVE".into())));
    assert_eq!(device.account_id.as_deref(), Some(SAMPLE_ACCOUNT));
    assert_eq!(
        device.last_used.as_ref().map(|t| t.0.as_str()),
        Some("2026-03-31 08:21:40.584")
    );
    let locked_before = h
        .ok(h.api.statistics_by_days(3650))
        .await
        .devices
        .with_locked_state;

    let locked = h.ok(h.api.lock_devices(SAMPLE_DEVICE_HASH)).await;
    assert_eq!(
        locked.locked_devices,
        [
            "294ffdd7-4306-49dc-aa5e-72c4bed89d18",
            "46af605e-a4c0-47da-9554-b6c0dc3fcd3a"
        ]
    );
    let after = h.ok(h.api.devices_by_hash(SAMPLE_DEVICE_HASH)).await;
    let expected: Vec<(String, String)> = states(&before)
        .into_iter()
        .map(|(id, state)| {
            let state = if state == "DELETED" {
                state
            } else {
                "LOCKED".into()
            };
            (id, state)
        })
        .collect();
    assert_eq!(states(&after), expected);
    assert!(states(&after).iter().any(|(_, s)| s == "DELETED"));
    let locked_after = h
        .ok(h.api.statistics_by_days(3650))
        .await
        .devices
        .with_locked_state;
    assert_eq!(locked_after, locked_before + 2);
    // Locking again is idempotent.
    let again = h.ok(h.api.lock_devices(SAMPLE_DEVICE_HASH)).await;
    assert_eq!(again, locked);
    assert_eq!(h.audit("lockDevices").len(), 2);

    // Unknown and malformed hashes.
    let unknown = STANDARD.encode([0u8; 32]);
    assert_status(h.call(h.api.lock_devices(&unknown)).await, 404, "not_found");
    assert_eq!(h.ok(h.api.devices_by_hash(&unknown)).await, vec![]);
    for bad in ["a+b/c=", "not base64!", "", "abcde"] {
        assert_invalid(h.call(h.api.lock_devices(bad)).await, "deviceHash");
        assert_invalid(h.call(h.api.devices_by_hash(bad)).await, "deviceHash");
    }
    assert_invalid(
        h.call(with_body(h.api.lock_devices("x"), "{}")).await,
        "deviceHash",
    );
    assert_invalid(
        h.call(with_query(h.api.devices_by_hash("x"), "")).await,
        "deviceHash",
    );
    assert_eq!(h.audit("lockDevices").len(), 2);
    h.finish();
}
