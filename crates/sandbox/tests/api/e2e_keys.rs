//! E2E keys.

use crate::harness::{
    assert_invalid, assert_status, colon_hex_sha256, with_body, with_query, Harness,
};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use mobileid_admin_contract::models::*;
use serde_json::json;

#[tokio::test]
async fn e2e_keys_are_created_read_listed_changed_and_deleted() {
    let h = Harness::start("e2e");
    let seeded = h.ok(h.api.list_e2e_keys(None)).await.e2e_keys;
    let names: Vec<&str> = seeded.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Sample Account - default E2E key",
            "Production Account - default E2E key"
        ]
    );

    let new = NewE2eKey {
        name: "Test key".into(),
        description: "for the test".into(),
    };
    let response = h.raw(h.api.create_e2e_key(&new)).await;
    assert_eq!(response.status(), 201);
    let key: E2eKey = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(
        (key.name.as_str(), key.description.as_str(), key.state),
        ("Test key", "for the test", EnabledState::Enabled)
    );
    assert_eq!(key.created_by.as_deref(), Some("admin"));
    let spki = STANDARD.decode(&key.public_key).expect("Base64");
    use p256::pkcs8::DecodePublicKey;
    p256::PublicKey::from_public_key_der(&spki).expect("a P-256 SubjectPublicKeyInfo");
    assert_eq!(key.sha256_fingerprint, colon_hex_sha256(&spki));

    assert_eq!(h.ok(h.api.get_e2e_key(&key.id)).await, key);
    let list = h.ok(h.api.list_e2e_keys(None)).await.e2e_keys;
    assert_eq!(list.last(), Some(&key));

    let changed = h
        .ok(h.api.update_e2e_key_state(&key.id, EnabledState::Disabled))
        .await;
    assert_eq!(changed.state, EnabledState::Disabled);
    assert_eq!(
        h.ok(h.api.get_e2e_key(&key.id)).await.state,
        EnabledState::Disabled
    );
    let disabled = h
        .ok(h.api.list_e2e_keys(Some(EnabledState::Disabled)))
        .await
        .e2e_keys;
    assert_eq!(
        disabled.iter().map(|k| &k.id).collect::<Vec<_>>(),
        [&key.id]
    );
    let enabled = h
        .ok(h.api.list_e2e_keys(Some(EnabledState::Enabled)))
        .await
        .e2e_keys;
    assert_eq!(enabled, seeded);
    assert_invalid(
        h.call(with_query(h.api.list_e2e_keys(None), "state=ON"))
            .await,
        "state",
    );
    let bad_state = with_body(
        h.api.update_e2e_key_state(&key.id, EnabledState::Enabled),
        r#"{"state":"ON"}"#,
    );
    assert_invalid(h.call(bad_state).await, "state");

    h.ok(h.api.delete_e2e_key(&key.id)).await;
    for result in [
        h.call(h.api.get_e2e_key(&key.id)).await.map(|_| ()),
        h.call(h.api.update_e2e_key_state(&key.id, EnabledState::Enabled))
            .await
            .map(|_| ()),
        h.call(h.api.delete_e2e_key(&key.id)).await.map(|_| ()),
    ] {
        assert_status(result, 404, "not_found");
    }
    assert_eq!(h.audit("createE2eKey").len(), 1);
    assert_eq!(h.audit("updateE2eKeyState").len(), 1);
    assert_eq!(h.audit("deleteE2eKey"), vec![json!({ "id": key.id })]);

    for body in [
        r#"{"name":""}"#,
        r#"{"name":"  "}"#,
        r#"{"description":"x"}"#,
    ] {
        let call = with_body(h.api.create_e2e_key(&new), body);
        assert_invalid(h.call(call).await, "name");
    }

    let mut last = String::new();
    for n in 0..21 {
        let new = NewE2eKey {
            name: format!("Bulk {n}"),
            description: String::new(),
        };
        last = h.ok(h.api.create_e2e_key(&new)).await.id;
    }
    let list = h.ok(h.api.list_e2e_keys(None)).await.e2e_keys;
    assert_eq!(list.len(), 20);
    assert_eq!(list[19].id, last);
    assert_eq!(list[0].name, "Bulk 1");
    h.finish();
}
