//! Accounts: onboarding, reading and changing an account's state.

use crate::harness::{assert_invalid, assert_status, problem, with_body, Harness};
use mobileid_admin_contract::models::*;
use mobileid_sandbox::store::NEW_ACCOUNT;

#[tokio::test]
async fn onboarding_creates_the_configuration_key_and_certificates() {
    let h = Harness::start("onboarding");
    let new = h.api.clone().with_account_id(Some(NEW_ACCOUNT.into()));
    assert_status(
        h.call(new.get_application_configuration()).await,
        404,
        "account_not_onboarded",
    );
    // Any onboardingType: the reference documents no value.
    let account = h.ok(new.add_account(Some("SOMETHING_NEWER"))).await;
    assert!(account.onboarded_for_mobile_id);
    let configuration = h.ok(new.get_application_configuration()).await;
    assert_eq!(configuration.app_id, NEW_ACCOUNT);
    let certificates = h.ok(new.list_signing_certificates(None)).await;
    assert_eq!(certificates.signing_certificates.len(), 3);
    let keys = h.ok(new.list_e2e_keys(None)).await.e2e_keys;
    let default = keys.last().unwrap();
    assert_eq!(default.name, "New Team Account - default E2E key");
    assert_eq!(
        h.ok(new.statistics_by_days(3650)).await.devices.total,
        0,
        "a new account has no devices"
    );
    let suspicious = h.ok(new.suspicious_device_hashes(None, true)).await;
    assert_eq!(suspicious.count, SuspiciousCount::default());
    let basic = h
        .ok(new.detailed_device_statistics(DeviceStatisticsType::AllBasic, None))
        .await;
    assert_eq!((basic.total, basic.platforms), (0, Some(vec![])));
    h.finish();
}

#[tokio::test]
async fn account_state_updates_refuse_unknown_states() {
    let h = Harness::start("account-state");
    let call = || h.api.update_account(EnabledState::Enabled);
    assert_invalid(
        h.call(with_body(call(), r#"{"state":"PAUSED"}"#)).await,
        "state",
    );
    assert!(h.audit("updateAccount").is_empty());
    let updated = h.ok(h.api.update_account(EnabledState::Disabled)).await;
    assert_eq!(updated.state, EnabledState::Disabled);
    h.finish();
}

#[tokio::test]
async fn update_account_changes_the_state_that_get_account_shows_and_records_it() {
    let h = Harness::start("update-account");
    let before = h.ok(h.api.get_account(false)).await;
    assert_eq!(before.state, EnabledState::Enabled);

    let updated = h.ok(h.api.update_account(EnabledState::Disabled)).await;
    assert_eq!(updated.id, before.id);
    assert_eq!(updated.state, EnabledState::Disabled);
    assert_eq!(updated.organisation_id, before.organisation_id);
    assert!(updated.encap_api_key.is_some(), "{updated:?}");
    // The sample account is a sandbox account: its device limit comes back.
    assert!(updated.sandbox_device_limit.is_some(), "{updated:?}");
    assert_eq!(
        h.ok(h.api.get_account(false)).await.state,
        EnabledState::Disabled,
        "the account is read back disabled"
    );
    let audit = h.audit("updateAccount");
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert!(audit[0].to_string().contains("DISABLED"), "{audit:?}");

    // And back; the answer is the same for a repeat (idempotent).
    for _ in 0..2 {
        let enabled = h.ok(h.api.update_account(EnabledState::Enabled)).await;
        assert_eq!(enabled.state, EnabledState::Enabled);
    }
    assert_eq!(
        h.ok(h.api.get_account(false)).await.state,
        EnabledState::Enabled
    );
    assert_eq!(h.audit("updateAccount").len(), 3);

    // Not onboarded: nothing to update. A body without `state`: a 400.
    let new = h.api.clone().with_account_id(Some(NEW_ACCOUNT.into()));
    assert_status(
        h.call(new.update_account(EnabledState::Disabled)).await,
        404,
        "account_not_onboarded",
    );
    let bad = h
        .call(with_body(h.api.update_account(EnabledState::Enabled), "{}"))
        .await;
    assert_eq!(problem(bad).status, 400);
    assert_eq!(
        h.audit("updateAccount").len(),
        3,
        "refused updates are not recorded"
    );
    h.finish();
}

#[tokio::test]
async fn adding_an_account_already_onboarded_is_a_conflict_that_changes_nothing() {
    let h = Harness::start("add-account-conflict");
    let before = h.ok(h.api.get_account(true)).await;
    let keys_before = h.ok(h.api.list_e2e_keys(None)).await.e2e_keys;
    for onboarding_type in [None, Some("SOMETHING_NEWER")] {
        assert_status(
            h.call(h.api.add_account(onboarding_type)).await,
            409,
            "account_already_onboarded",
        );
    }
    let after = h.ok(h.api.get_account(true)).await;
    assert_eq!(
        serde_json::to_value(&after).unwrap(),
        serde_json::to_value(&before).unwrap(),
        "the account is unchanged"
    );
    assert_eq!(
        h.ok(h.api.list_e2e_keys(None)).await.e2e_keys,
        keys_before,
        "no new default key"
    );

    // The first add of a new account succeeds (201); the second is the conflict.
    let new = h.api.clone().with_account_id(Some(NEW_ACCOUNT.into()));
    let created = h.raw(new.add_account(None)).await;
    assert_eq!(created.status(), 201);
    assert_status(
        h.call(new.add_account(None)).await,
        409,
        "account_already_onboarded",
    );
    assert_eq!(
        h.ok(new.list_signing_certificates(None))
            .await
            .signing_certificates
            .len(),
        3
    );
    h.finish();
}
