//! APNs tokens.

use crate::harness::{
    assert_invalid, assert_status, colon_hex_sha256, new_token, p8_base64, pem_der, problem,
    with_body, Harness,
};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use mobileid_admin_contract::models::*;
use mobileid_sandbox::seed::SEEDED_APNS_TOKENS;
use mobileid_sandbox::store::PRODUCTION_ACCOUNT;
use serde_json::json;

#[tokio::test]
async fn apns_tokens_are_added_read_listed_and_deleted_without_keeping_the_key() {
    let h = Harness::start("apns");
    let list = h.ok(h.api.list_apns_tokens()).await;
    let ids: Vec<&str> = list.apns_tokens.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, SEEDED_APNS_TOKENS);
    for t in &list.apns_tokens {
        assert_eq!(t.sha256_fingerprint.len(), 95, "{t:?}");
        assert_eq!(t.sha1_fingerprint.len(), 59, "{t:?}");
    }

    // Add, with the .p8 PEM text and with its raw DER.
    let key = p8_base64();
    let response = h
        .raw(h.api.add_apns_token(&new_token("Test app", &key)))
        .await;
    assert_eq!(response.status(), 201);
    let body = String::from_utf8(response.body().clone()).unwrap();
    assert!(
        !body.contains("privateKey") && !body.contains(&key),
        "{body}"
    );
    let added: ApnsToken = serde_json::from_str(&body).unwrap();
    let pem = String::from_utf8(STANDARD.decode(&key).unwrap()).unwrap();
    let der = pem_der(&pem);
    assert_eq!(added.sha256_fingerprint, colon_hex_sha256(&der));
    assert_eq!(
        added.sha1_fingerprint,
        mobileid_sandbox::crypto::sha1_fingerprint(&der)
    );
    assert_eq!(
        (
            added.name.as_str(),
            added.key_id.as_str(),
            added.team_id.as_str()
        ),
        ("Test app", "AB12CD34EF", "EDFG5678GH")
    );
    assert!(added
        .created
        .as_ref()
        .and_then(|c| c.normalized())
        .is_some());
    let from_der = h
        .ok(h
            .api
            .add_apns_token(&new_token("From DER", &STANDARD.encode(&der))))
        .await;
    assert_eq!(from_der.sha256_fingerprint, added.sha256_fingerprint);

    // Get, list.
    assert_eq!(h.ok(h.api.get_apns_token(&added.id)).await, added);
    let list = h.ok(h.api.list_apns_tokens()).await;
    assert_eq!(list.apns_tokens.len(), 4);
    assert_eq!(list.apns_tokens[2], added, "newest last");
    // The same tokens for every account of the organisation.
    let production = h
        .api
        .clone()
        .with_account_id(Some(PRODUCTION_ACCOUNT.into()));
    assert_eq!(h.ok(production.list_apns_tokens()).await, list);

    // Never stored nor recorded.
    let audit = h.audit("addApnsToken");
    assert_eq!(audit.len(), 2);
    for record in &audit {
        let text = record.to_string();
        assert!(
            !text.contains("privateKey") && !text.contains(&key[..40]),
            "{text}"
        );
    }

    // Delete.
    h.ok(h.api.delete_apns_token(&added.id)).await;
    assert_status(
        h.call(h.api.get_apns_token(&added.id)).await,
        404,
        "not_found",
    );
    assert_status(
        h.call(h.api.delete_apns_token(&added.id)).await,
        404,
        "not_found",
    );
    assert_eq!(h.audit("deleteApnsToken"), vec![json!({ "id": added.id })]);

    // Bad bodies: each field is named.
    let rsa = STANDARD.encode(include_str!("../../../../tests/data/test-only-rsa-1024.p8"));
    let p384 = STANDARD.encode(include_str!("../../../../tests/data/test-only-ec-p384.p8"));
    let sec1 = STANDARD.encode(pem.replace("PRIVATE KEY", "EC PRIVATE KEY"));
    for bad_key in [
        "replace with base64 encoded private key".to_string(),
        STANDARD.encode("not a key"),
        rsa,
        p384,
        sec1,
        String::new(),
    ] {
        let result = h
            .call(h.api.add_apns_token(&new_token("x", &bad_key)))
            .await;
        assert_invalid(result, "privateKey");
    }
    let mut bad = new_token(" ", &key);
    bad.key_id = " ".into();
    bad.team_id = String::new();
    let p = problem(h.call(h.api.add_apns_token(&bad)).await);
    let mut names: Vec<&str> = p.invalid_params.iter().map(|i| i.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["keyId", "name", "teamId"], "{p:?}");
    let missing = with_body(
        h.api.add_apns_token(&bad),
        r#"{"name":"x","keyId":"AB12CD34EF"}"#,
    );
    let p = problem(h.call(missing).await);
    let mut names: Vec<&str> = p.invalid_params.iter().map(|i| i.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["privateKey", "teamId"], "{p:?}");
    assert_invalid(
        h.call(with_body(h.api.add_apns_token(&bad), "[]")).await,
        "body",
    );
    assert_invalid(
        h.call(with_body(h.api.add_apns_token(&bad), r#"{"name":7}"#))
            .await,
        "name",
    );
    assert_eq!(
        h.audit("addApnsToken").len(),
        2,
        "refused adds are not recorded"
    );
    // Any non-blank ids: the reference's samples have 8 characters, Apple's 10.
    let mut short = new_token("Short ids", &key);
    short.key_id = "ABCD1234".into();
    short.team_id = "edfg5678".into();
    let added = h.ok(h.api.add_apns_token(&short)).await;
    assert_eq!(
        (added.key_id.as_str(), added.team_id.as_str()),
        ("ABCD1234", "edfg5678")
    );

    // At most 20 in a list: the 20 most recent, oldest first.
    let mut last = String::new();
    for n in 0..20 {
        last = h
            .ok(h.api.add_apns_token(&new_token(&format!("Bulk {n}"), &key)))
            .await
            .id;
    }
    let list = h.ok(h.api.list_apns_tokens()).await;
    assert_eq!(list.apns_tokens.len(), 20);
    assert_eq!(list.apns_tokens[19].id, last);
    assert_eq!(list.apns_tokens[0].name, "Bulk 0");
    assert!(!list
        .apns_tokens
        .iter()
        .any(|t| t.id == SEEDED_APNS_TOKENS[0]));
    h.finish();
}
