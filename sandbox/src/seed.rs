//! The sandbox's first-start data, and onboarding (which creates an account's configuration).

use crate::store::*;
use mobileid_admin_contract::models::{AccountType, EnabledState};
use mobileid_admin_contract::properties::default_properties;
use rusqlite::Result;

const SEEDED: &str = "seeded_v1";

/// Seeds the reference's sample account (and a few more) on first start only.
pub fn seed_if_empty(store: &Store) -> Result<()> {
    if store.meta(SEEDED)?.is_some() {
        return Ok(());
    }
    let accounts = [
        (
            SAMPLE_ACCOUNT,
            "Sample Account",
            AccountType::Sandbox,
            true,
            "2023-09-06T06:47:20.000Z",
        ),
        (
            PRODUCTION_ACCOUNT,
            "Production Account",
            AccountType::Production,
            true,
            "2024-02-01T09:00:00.000Z",
        ),
        (
            NEW_ACCOUNT,
            "New Team Account",
            AccountType::Sandbox,
            false,
            "2026-01-15T12:00:00.000Z",
        ),
    ];
    for (id, name, account_type, onboarded, created) in accounts {
        let row = AccountRow {
            id: id.into(),
            organisation_id: SAMPLE_ORGANISATION.into(),
            name: name.into(),
            account_type,
            state: EnabledState::Enabled,
            onboarded: false,
            created: created.into(),
            modified: created.into(),
            device_limit: if account_type == AccountType::Sandbox {
                100
            } else {
                0
            },
            encap_api_key: format!(
                "M2NhZjFmYTItNmUyMi00NGFk{}",
                &uuid::Uuid::new_v4().simple().to_string()[..12]
            ),
        };
        store.insert_account(&row)?;
        if onboarded {
            onboard(store, &row)?;
        }
    }
    store.set_meta(SEEDED, &now())
}

/// "Add MobileID account": the account gets its application configuration.
pub fn onboard(store: &Store, account: &AccountRow) -> Result<()> {
    store.insert_configuration(&ConfigurationRow {
        account_id: account.id.clone(),
        uuid: uuid::Uuid::new_v4().to_string(),
        state: EnabledState::Enabled,
        apns_uuid: uuid::Uuid::new_v4().to_string(),
        properties: default_properties(),
        description: "Created by admin.".into(),
        risk_allowed_users: 1,
    })?;
    store.set_onboarded(&account.id)
}
