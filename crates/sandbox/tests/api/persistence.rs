//! What survives a restart, where created resources are read, and the seeded ids.

use crate::harness::{config, new_token, p8_base64, with_query, Harness};
use mobileid_admin_contract::account_id;
use mobileid_admin_contract::models::*;
use mobileid_sandbox::seed::{SAMPLE_DEVICE_HASH, SEEDED_APNS_TOKENS, SEEDED_E2E_KEYS};
use mobileid_sandbox::store::NEW_ACCOUNT;
use serde_json::{json, Value};

#[tokio::test]
async fn state_survives_a_restart() {
    let h = Harness::start("restart");
    let key = h
        .ok(h.api.create_e2e_key(&NewE2eKey {
            name: "Survivor".into(),
            description: String::new(),
        }))
        .await;
    let token = h
        .ok(h.api.add_apns_token(&new_token("Survivor", &p8_base64())))
        .await;
    let change: PropertyValues =
        serde_json::from_value(json!({ "amountFailuresAllowed": "7" })).unwrap();
    h.ok(h.api.update_properties(&change)).await;
    h.ok(h.api.update_configuration_state(EnabledState::Disabled))
        .await;
    h.ok(h.api.update_risk_indicators(5)).await;
    h.ok(h.api.lock_devices(SAMPLE_DEVICE_HASH)).await;
    let certificates = h.ok(h.api.list_signing_certificates(None)).await;
    let statistics = h.ok(h.api.statistics_by_days(3650)).await;
    let old_token = h.token.clone();
    let dir = h.stop();

    let mut h = Harness::with(config(dir));
    // Tokens stay valid: the signing key is kept.
    h.token = old_token;
    assert_eq!(h.ok(h.api.get_e2e_key(&key.id)).await, key);
    assert_eq!(h.ok(h.api.get_apns_token(&token.id)).await, token);
    assert_eq!(
        h.ok(h.api.get_properties()).await["amountFailuresAllowed"],
        "7"
    );
    assert_eq!(
        h.ok(h.api.get_configuration_state()).await.state,
        EnabledState::Disabled
    );
    let risk = h.ok(h.api.get_risk_indicators()).await;
    assert_eq!(
        risk.risk_indicators_configuration
            .allowed_nr_of_users_with_same_device_hash
            .map(|n| n.0),
        Some(5)
    );
    assert_eq!(
        h.ok(h.api.list_signing_certificates(None)).await,
        certificates
    );
    let again = h.ok(h.api.statistics_by_days(3650)).await;
    assert_eq!(again, statistics, "devices are not seeded twice");
    let devices = h.ok(h.api.devices_by_hash(SAMPLE_DEVICE_HASH)).await;
    assert_eq!(
        devices[0].devices[0].state.as_ref().unwrap().name(),
        "LOCKED"
    );
    assert_eq!(h.ok(h.api.list_e2e_keys(None)).await.e2e_keys.len(), 3);
    h.finish();
}

#[tokio::test]
async fn a_created_resource_says_where_it_is_read_and_seeded_keys_have_fixed_ids() {
    let h = Harness::start("location");
    let origin = h.url();
    let origin = origin.trim_end_matches('/');
    let read = |location: &str| {
        http::Request::get(format!("{origin}{location}"))
            .header("authorization", format!("Bearer {}", h.token))
            .body(Vec::new())
            .unwrap()
    };

    let new = NewE2eKey {
        name: "Located key".into(),
        description: String::new(),
    };
    let response = h.raw(h.api.create_e2e_key(&new)).await;
    assert_eq!(response.status(), 201);
    let key: E2eKey = serde_json::from_slice(response.body()).unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(location, format!("/api/e2e-keys/{}", key.id));
    let again = h.exchange(&read(&location)).await;
    assert_eq!(again.status(), 200);
    assert_eq!(serde_json::from_slice::<E2eKey>(again.body()).unwrap(), key);

    let response = h
        .raw(
            h.api
                .add_apns_token(&new_token("Located token", &p8_base64())),
        )
        .await;
    assert_eq!(response.status(), 201);
    let token: ApnsToken = serde_json::from_slice(response.body()).unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(location, format!("/api/apns-tokens/{}", token.id));
    assert_eq!(h.exchange(&read(&location)).await.status(), 200);

    // Onboarding names the account it onboarded.
    let response = h
        .raw(with_query(
            h.api.add_account(None),
            &format!("{}={NEW_ACCOUNT}", account_id::QUERY_PARAMETER),
        ))
        .await;
    assert_eq!(response.status(), 201, "{:?}", response.body());
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(
        location,
        format!(
            "/api/accounts?{}={NEW_ACCOUNT}",
            account_id::QUERY_PARAMETER
        )
    );
    let account = h.exchange(&read(&location)).await;
    assert_eq!(account.status(), 200);
    assert_eq!(
        serde_json::from_slice::<Value>(account.body()).unwrap()["id"],
        NEW_ACCOUNT
    );

    // The default keys of the seeded accounts have fixed ids, which openapi.yaml gives as
    // examples (the contract's `openapi` generator) with the seeded APNs tokens and the account not yet
    // onboarded: the contract tests reach every operation with them.
    for (account, id) in SEEDED_E2E_KEYS {
        let key = h.ok(h.api.get_e2e_key(id)).await;
        assert!(key.name.ends_with("default E2E key"), "{account}: {key:?}");
    }
    let openapi = include_str!("../../../../openapi.yaml");
    let ids = SEEDED_E2E_KEYS.iter().map(|(_, id)| *id);
    for id in ids.chain(SEEDED_APNS_TOKENS).chain([NEW_ACCOUNT]) {
        assert!(
            openapi.contains(&format!("example: {id}\n"))
                || openapi.contains(&format!("example: \"{id}\"\n")),
            "openapi.yaml has {id} as an example: run cargo run -p mobileid-admin-contract --features openapi --bin openapi -- openapi.yaml"
        );
    }
    h.finish();
}
