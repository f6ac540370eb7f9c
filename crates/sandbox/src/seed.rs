//! The sandbox's first-start data, and onboarding (which creates an account's configuration,
//! its default E2E key and its signing certificates).
//!
//! Devices are drawn from a seeded random generator, so every fresh sandbox has the same users,
//! devices and hashes; their times are spread back from the moment of seeding.
//!
//! The sample account gets 10,000+ devices of ~7,000 users: ~60 % Android and ~40 % iOS, SDK
//! versions 3.17 to 3.23 (newer ones more common), mostly ACTIVE with some DELETED, LOCKED and
//! ACTIVATING, created over the last two years. [`SHARED_HASHES`] device hashes are each shared
//! by 2 to 6 users (so they are suspicious with the default allowance of 1 user per hash), and
//! so is the reference's sample hash [`SAMPLE_DEVICE_HASH`], with the reference's device ids.
//! Its sandbox device limit is 20,000, above its number of devices.
//!
//! Every onboarded account's properties start as the reference's own "Get properties" sample
//! ([`sample_properties`]). [`LEGACY_ACCOUNT`], a sandbox account of the same organisation,
//! holds the odd-but-legal values a real configuration can have ([`legacy_properties`]); it has
//! 60-odd Android devices, its own signing certificates and no E2E key of its own (E2E keys and
//! APNs tokens are the organisation's). [`PRODUCTION_COPY_ACCOUNT_ID`] is the sample app's
//! PRODUCTION account, whose configuration differs from the sample's in a handful of ways (the
//! compare screen's example).

use crate::api::{apns_tokens, e2e_keys, signing_certificates};
use crate::crypto::{self, KeyFingerprints};
use crate::store::*;
use base64::engine::general_purpose::URL_SAFE;
use base64::Engine;
use mobileid_admin_contract::lenient::Timestamp;
use mobileid_admin_contract::limits::{
    DEVICE_ACTIVATING, DEVICE_ACTIVE, DEVICE_DELETED, DEVICE_LOCKED,
};
use mobileid_admin_contract::models::PropertyValues;
use mobileid_admin_contract::models::{
    AccountType, ApnsToken, CertificateState, EnabledState, SigningCertificate,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::Result;
use time::{Duration, OffsetDateTime};

/// Accounts, configurations.
const SEEDED: &str = "seeded_v1";
/// Devices, APNs tokens, E2E keys, signing certificates (added to stores seeded before them).
const SEEDED_RESOURCES: &str = "seeded_v2";
/// The legacy account (added to stores seeded before it).
const SEEDED_LEGACY: &str = "seeded_v3";
/// The sample app's production account (added to stores seeded before it).
const SEEDED_PRODUCTION_COPY: &str = "seeded_v4";

/// The sample app's PRODUCTION account, next to the sandbox [`SAMPLE_ACCOUNT`]: what a
/// promotion from the sandbox goes to. Its configuration differs from the sample's in a handful
/// of realistic ways ([`production_copy_properties`]): a shorter session, more failures
/// allowed, activation geofenced to Europe, Apple's other App Attest environment and an APNs
/// server (both of which usually differ between environments), no Firebase service account,
/// and 3 users allowed per device hash (the sample allows 1).
pub const PRODUCTION_COPY_ACCOUNT_ID: &str = "a-spge-SampleProduction0001";

/// [`PRODUCTION_COPY_ACCOUNT_ID`]'s name.
pub const PRODUCTION_COPY_ACCOUNT_NAME: &str = "Sample App Production";

/// [`PRODUCTION_COPY_ACCOUNT_ID`]'s users allowed per device hash.
pub const PRODUCTION_COPY_RISK_ALLOWED_USERS: u64 = 3;

/// An onboarded sandbox account whose configuration holds odd-but-legal values: a method
/// outside the sample's six, a lock scope the console does not list, Android-only native push,
/// a PIN length above the maximum, Play Integrity on without its keys, `enabledRiskData: null`,
/// properties of a newer server and a count sent as a JSON number.
pub const LEGACY_ACCOUNT_ID: &str = "a-sdge-legacyandroid0000001";

/// The legacy account's name.
pub const LEGACY_ACCOUNT_NAME: &str = "Legacy Android App";

/// The reference's "Get properties" sample, as every onboarded account starts.
pub fn sample_properties() -> PropertyValues {
    serde_json::from_str(include_str!(
        "../../contract/fixtures/get-properties.response.json"
    ))
    .expect("the reference's sample is a JSON object")
}

/// [`LEGACY_ACCOUNT_ID`]'s properties: the sample with the odd-but-legal cases laid over it.
pub fn legacy_properties() -> PropertyValues {
    let mut properties = sample_properties();
    let odd = serde_json::json!({
        // A method outside the sample's six; activation still by PIN only.
        "allowedAuthMethods": ["DEVICE", "DEVICE:PIN", "DEVICE:ANDROID_BIOMETRIC_PROMPT", "DEVICE:PASSKEY"],
        "allowedAuthMethodsForAuthAndActivate": ["DEVICE:PIN"],
        // A value the console does not list.
        "lockScope": "USER",
        // Android-only native push: Firebase, no apnsBundleId.
        "nativePushEnabled": "true",
        "firebaseServiceAccount": base64::engine::general_purpose::STANDARD
            .encode(r#"{"type":"service_account","project_id":"legacy-android-app"}"#),
        // "A hint to the client and not enforced by the server".
        "pinCodeLength": "8",
        "maxPinCodeLength": "6",
        // Play Integrity on; its two keys are write-only and not stored at all.
        "attestationAndroidPlayIntegrityMode": "REQUIRED",
        "attestationAndroidPackageName": "com.example.legacyandroid",
        "attestationAndroidPlayIntegrityTimeout": "30000",
        // The always-collected risk data only.
        "enabledRiskData": null,
        // Properties of a newer server.
        "passkeyRegistrationEnabled": "true",
        "futureSetting": { "level": 2 },
        // A count as a JSON number.
        "amountFailuresAllowed": 5,
    });
    if let serde_json::Value::Object(odd) = odd {
        properties.extend(odd);
    }
    properties.remove("apnsBundleId");
    properties.remove("attestationAndroidPlayIntegrityDecryptionKey");
    properties.remove("attestationAndroidPlayIntegrityVerificationKey");
    properties
}

/// [`PRODUCTION_COPY_ACCOUNT_ID`]'s properties: the sample with its differences laid over it.
pub fn production_copy_properties() -> PropertyValues {
    let mut properties = sample_properties();
    let differences = serde_json::json!({
        "sessionExpiry": "120000",
        "amountFailuresAllowed": "5",
        "geofencingActivationMode": "REQUIRED",
        "geofencingActivationAllowedContinents": "EU",
        // Left on Apple's development environment: the compare screen flags it.
        "attestationIosAppAttestEnvironment": "DEVELOPMENT",
        "apnConfig": "PRODUCTION",
    });
    if let serde_json::Value::Object(differences) = differences {
        properties.extend(differences);
    }
    // Push goes through APNs only: no Firebase service account is set.
    properties.remove("firebaseServiceAccount");
    properties
}

/// `createdBy` of the E2E key that onboarding creates.
pub const ONBOARDING_CREATOR: &str = "mobileid-onboarding";

/// The reference's sample device hash, shared by two users of the sample account.
pub const SAMPLE_DEVICE_HASH: &str = "wBHQ4HC3yLEUvEwnX5EBTBAbKkCia35WwO1dxqiFvYo=";

/// The sample account's device limit (the reference's 100 is far below its seeded devices).
pub const SAMPLE_DEVICE_LIMIT: u64 = 20_000;

/// How many hashes of the sample account are shared by several users (besides the sample one).
pub const SHARED_HASHES: usize = 320;

/// The reference's APNs token ids, kept for the two seeded tokens.
pub const SEEDED_APNS_TOKENS: [&str; 2] = [
    "82a634bf-a485-457c-90c4-88ddd5631922",
    "c21d007a-d8ad-4856-a9ab-cee11a65de31",
];

/// The ids of the default E2E keys of the sample and the production account: fixed (other
/// accounts' keys get random ids), so that the OpenAPI document's examples of `e2eKeyId` name
/// keys every fresh sandbox has (`cargo run -p mobileid-admin-contract --features openapi --bin openapi`).
pub const SEEDED_E2E_KEYS: [(&str, &str); 2] = [
    (SAMPLE_ACCOUNT, "5d1c4e2a-7b3f-4a8e-9c60-e2e0000000a1"),
    (PRODUCTION_ACCOUNT, "5d1c4e2a-7b3f-4a8e-9c60-e2e0000000b2"),
];

/// Seeds the reference's sample account (and a few more) on first start only.
pub fn seed_if_empty(store: &Store) -> Result<()> {
    if store.meta(SEEDED)?.is_none() {
        seed_accounts(store)?;
        store.set_meta(SEEDED, &now())?;
    }
    if store.meta(SEEDED_RESOURCES)?.is_none() {
        seed_resources(store)?;
        store.set_meta(SEEDED_RESOURCES, &now())?;
    }
    if store.meta(SEEDED_LEGACY)?.is_none() {
        seed_legacy_account(store)?;
        store.set_meta(SEEDED_LEGACY, &now())?;
    }
    if store.meta(SEEDED_PRODUCTION_COPY)?.is_none() {
        seed_production_copy(store)?;
        store.set_meta(SEEDED_PRODUCTION_COPY, &now())?;
    }
    Ok(())
}

/// [`PRODUCTION_COPY_ACCOUNT_ID`]: onboarded, with [`production_copy_properties`], the sample's
/// APNs token and its own signing certificates (no E2E key or devices of its own).
fn seed_production_copy(store: &Store) -> Result<()> {
    if store.account(PRODUCTION_COPY_ACCOUNT_ID)?.is_some() {
        return Ok(());
    }
    let row = sample_organisation_account(
        PRODUCTION_COPY_ACCOUNT_ID,
        PRODUCTION_COPY_ACCOUNT_NAME,
        AccountType::Production,
        "2024-03-04T09:15:00.000Z",
    );
    let configuration = ConfigurationRow {
        apns_uuid: SEEDED_APNS_TOKENS[0].into(),
        risk_allowed_users: PRODUCTION_COPY_RISK_ALLOWED_USERS,
        ..new_configuration(
            &row.id,
            production_copy_properties(),
            "The sample app in production.",
        )
    };
    insert_onboarded_account(store, &row, &configuration)
}

/// [`LEGACY_ACCOUNT_ID`]: onboarded, with [`legacy_properties`], its signing certificates and a
/// few Android devices (no E2E key: the organisation's keys serve it).
fn seed_legacy_account(store: &Store) -> Result<()> {
    if store.account(LEGACY_ACCOUNT_ID)?.is_some() {
        return Ok(());
    }
    let row = sample_organisation_account(
        LEGACY_ACCOUNT_ID,
        LEGACY_ACCOUNT_NAME,
        AccountType::Sandbox,
        "2021-05-17T08:30:00.000Z",
    );
    let configuration = new_configuration(
        &row.id,
        legacy_properties(),
        "Migrated from the legacy Android app.",
    );
    insert_onboarded_account(store, &row, &configuration)?;
    let mut rng = StdRng::seed_from_u64(0x1E6A_C1A5);
    let devices = DevicePlan {
        account_id: LEGACY_ACCOUNT_ID,
        users: 40,
        extra_devices: 12,
        shared_hashes: 2,
    }
    .draw(&mut rng, OffsetDateTime::now_utc());
    let devices: Vec<DeviceRow> = devices
        .into_iter()
        .map(|d| DeviceRow {
            platform: "Android".into(),
            // An older app: older SDKs.
            sdk_version: match d.sdk_version.as_str() {
                "3.22" | "3.23" => "3.19".into(),
                other => other.into(),
            },
            ..d
        })
        .collect();
    store.insert_devices(&devices)
}

fn seed_accounts(store: &Store) -> Result<()> {
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
        let row = sample_organisation_account(id, name, account_type, created);
        store.insert_account(&row)?;
        if onboarded {
            onboard(store, &row)?;
        }
    }
    Ok(())
}

/// A seeded account of [`SAMPLE_ORGANISATION`]: enabled, last modified when created, not yet
/// onboarded (onboarding marks it last, once its configuration and resources exist). A
/// sandbox account has the reference's device limit, 100, except [`SAMPLE_ACCOUNT`]
/// ([`SAMPLE_DEVICE_LIMIT`]); a production account has none (0).
fn sample_organisation_account(
    id: &str,
    name: &str,
    account_type: AccountType,
    created: &str,
) -> AccountRow {
    AccountRow {
        id: id.into(),
        organisation_id: SAMPLE_ORGANISATION.into(),
        name: name.into(),
        account_type,
        state: EnabledState::Enabled,
        onboarded: false,
        created: created.into(),
        modified: created.into(),
        device_limit: match account_type {
            _ if id == SAMPLE_ACCOUNT => SAMPLE_DEVICE_LIMIT,
            AccountType::Sandbox => 100,
            _ => 0,
        },
        encap_api_key: format!(
            "M2NhZjFmYTItNmUyMi00NGFk{}",
            &uuid::Uuid::new_v4().simple().to_string()[..12]
        ),
    }
}

/// A new, enabled configuration of `properties`, with a random APNs UUID and the default
/// risk allowance set.
fn new_configuration(
    account_id: &str,
    properties: PropertyValues,
    description: &str,
) -> ConfigurationRow {
    ConfigurationRow {
        account_id: account_id.into(),
        uuid: uuid::Uuid::new_v4().to_string(),
        state: EnabledState::Enabled,
        apns_uuid: uuid::Uuid::new_v4().to_string(),
        properties,
        description: description.into(),
        risk_allowed_users: DEFAULT_RISK_ALLOWED_USERS,
        risk_allowed_users_set: true,
        risk_extra: Default::default(),
    }
}

/// Inserts `row` onboarded with `configuration` and its own signing certificates, but no E2E
/// key of its own: the organisation's keys serve it.
fn insert_onboarded_account(
    store: &Store,
    row: &AccountRow,
    configuration: &ConfigurationRow,
) -> Result<()> {
    store.insert_account(row)?;
    store.insert_configuration(configuration)?;
    put_signing_certificates(store, &row.id)?;
    store.set_onboarded(&row.id)
}

/// Stores a fresh set of [`signing_certificates`] for the account.
fn put_signing_certificates(store: &Store, account_id: &str) -> Result<()> {
    for certificate in signing_certificates(OffsetDateTime::now_utc())? {
        let json = serde_json::to_value(&certificate).unwrap_or_default();
        let id = uuid::Uuid::new_v4().to_string();
        store.put_resource(signing_certificates::KIND, &id, account_id, &json)?;
    }
    Ok(())
}

/// "Add MobileID account": the account gets its application configuration, its default E2E
/// key and its signing certificates.
pub fn onboard(store: &Store, account: &AccountRow) -> Result<()> {
    store.insert_configuration(&new_configuration(
        &account.id,
        sample_properties(),
        "Created by admin.",
    ))?;
    ensure_account_resources(store, account)?;
    store.set_onboarded(&account.id)
}

/// The name of the E2E key onboarding creates ("E2E keys have the account name in the E2E key
/// name").
pub fn default_e2e_key_name(account: &AccountRow) -> String {
    format!("{} - default E2E key", account.name)
}

/// Creates what onboarding gives an account, unless it has it already.
fn ensure_account_resources(store: &Store, account: &AccountRow) -> Result<()> {
    if store
        .resources(signing_certificates::KIND, &account.id)?
        .is_empty()
    {
        put_signing_certificates(store, &account.id)?;
    }
    let name = default_e2e_key_name(account);
    let has_default = store
        .resources(e2e_keys::KIND, &account.organisation_id)?
        .iter()
        .any(|k| k["name"] == name.as_str());
    if !has_default {
        let mut key = e2e_keys::generate_key(
            &name,
            "Default key generated at onboarding",
            ONBOARDING_CREATOR,
        );
        if let Some((_, id)) = SEEDED_E2E_KEYS.iter().find(|(a, _)| *a == account.id) {
            key.id = id.to_string();
        }
        let json = serde_json::to_value(&key).unwrap_or_default();
        store.put_resource(e2e_keys::KIND, &key.id, &account.organisation_id, &json)?;
    }
    Ok(())
}

/// An account's signing certificates, newest first: `MobileID JWT signing 3` (ACTIVE, valid for
/// a year from `now`), `… 2` (ACTIVE, expires 10 days after `now`) and `… 1` (DEACTIVATED when
/// 2 was activated, expired since).
pub fn signing_certificates(now: OffsetDateTime) -> Result<Vec<SigningCertificate>> {
    let day = Duration::days(1);
    let plan = [
        (3, now, now + 365 * day, CertificateState::Active, now, None),
        (
            2,
            now - 355 * day,
            now + 10 * day,
            CertificateState::Active,
            now - 355 * day,
            None,
        ),
        (
            1,
            now - 730 * day,
            now - 350 * day,
            CertificateState::Deactivated,
            now - 730 * day,
            Some(now - 355 * day),
        ),
    ];
    plan.into_iter()
        .map(
            |(n, not_before, not_after, state, activated, deactivated)| {
                let generated = crypto::self_signed_certificate(
                    &format!("MobileID JWT signing {n}"),
                    not_before,
                    not_after,
                )
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
                Ok(SigningCertificate {
                    certificate: generated.pem,
                    sha256_fingerprint: generated.sha256_fingerprint,
                    state,
                    activated_at: Some(Timestamp(format_millis(activated))),
                    deactivated_at: deactivated.map(|t| Timestamp(format_millis(t))),
                    extra: Default::default(),
                })
            },
        )
        .collect()
}

fn seed_resources(store: &Store) -> Result<()> {
    for id in [SAMPLE_ACCOUNT, PRODUCTION_ACCOUNT, NEW_ACCOUNT] {
        if let Some(account) = store.account(id)?.filter(|a| a.onboarded) {
            ensure_account_resources(store, &account)?;
        }
    }
    let mut rng = StdRng::seed_from_u64(0x5EED_A9B5);
    if store
        .resources(apns_tokens::KIND, SAMPLE_ORGANISATION)?
        .is_empty()
    {
        let tokens = [
            (
                "Sample app APNs token",
                "Production push for the sample app",
                "2022-12-11T12:35:52.000Z",
                "AB12CD34EF",
            ),
            (
                "Sample app APNs token (development)",
                "Development push for the sample app",
                "2022-12-11T12:35:53.000Z",
                "ZX98YW76VU",
            ),
        ];
        for ((name, description, created, key_id), id) in tokens.into_iter().zip(SEEDED_APNS_TOKENS)
        {
            let key = crypto::random_p256(&mut rng);
            let fingerprints = KeyFingerprints::of_der(&crypto::pkcs8_der(&key));
            let token = ApnsToken {
                id: id.into(),
                name: name.into(),
                description: description.into(),
                created: Some(Timestamp(created.into())),
                sha1_fingerprint: fingerprints.sha1,
                sha256_fingerprint: fingerprints.sha256,
                key_id: key_id.into(),
                team_id: "EDFG5678GH".into(),
                extra: Default::default(),
            };
            let json = serde_json::to_value(&token).unwrap_or_default();
            store.put_resource(apns_tokens::KIND, id, SAMPLE_ORGANISATION, &json)?;
        }
        // The sample configuration pushes through the first token.
        store.update_configuration(SAMPLE_ACCOUNT, |c| {
            c.apns_uuid = SEEDED_APNS_TOKENS[0].into();
            Ok::<_, ()>(())
        })?;
    }
    store.lock().execute(
        "UPDATE accounts SET device_limit=?2 WHERE id=?1 AND device_limit<?2",
        rusqlite::params![SAMPLE_ACCOUNT, SAMPLE_DEVICE_LIMIT],
    )?;
    let now = OffsetDateTime::now_utc();
    let has_devices = |id: &str| -> Result<bool> {
        store.lock().query_row(
            "SELECT EXISTS(SELECT 1 FROM devices WHERE account_id=?1)",
            [id],
            |r| r.get(0),
        )
    };
    if !has_devices(SAMPLE_ACCOUNT)? {
        let mut devices = DevicePlan {
            account_id: SAMPLE_ACCOUNT,
            users: 7_000,
            extra_devices: 4_000,
            shared_hashes: SHARED_HASHES,
        }
        .draw(&mut rng, now);
        devices.extend(sample_hash_devices());
        store.insert_devices(&devices)?;
    }
    if !has_devices(PRODUCTION_ACCOUNT)? {
        let devices = DevicePlan {
            account_id: PRODUCTION_ACCOUNT,
            users: 300,
            extra_devices: 80,
            shared_hashes: 12,
        }
        .draw(&mut rng, now);
        store.insert_devices(&devices)?;
    }
    Ok(())
}

/// The reference's devices of [`SAMPLE_DEVICE_HASH`], with its ids and times. Two of them are
/// not deleted, one per user, so the hash is suspicious, and locking it locks exactly the two
/// devices of the reference's "Lock devices" sample.
fn sample_hash_devices() -> Vec<DeviceRow> {
    let device = |id: &str, user: &str, state: i64, created: &str, last_used: &str| DeviceRow {
        id: id.into(),
        account_id: SAMPLE_ACCOUNT.into(),
        user_id: user.into(),
        device_hash: SAMPLE_DEVICE_HASH.into(),
        platform: "Android".into(),
        sdk_version: "3.21".into(),
        state,
        created: created.into(),
        last_used: last_used.into(),
    };
    let (first, second) = (
        "b13069a0-408f-4981-bcdb-a42a8d1060ee",
        "8ebc86af-c341-404b-8cf0-7077449d6cf4",
    );
    vec![
        device(
            "3eb60ed3-970c-4cdb-8607-b4a5c8745d39",
            first,
            DEVICE_DELETED,
            "2026-03-31T08:08:48.591Z",
            "2026-03-31T08:08:48.607Z",
        ),
        device(
            "294ffdd7-4306-49dc-aa5e-72c4bed89d18",
            first,
            DEVICE_ACTIVE,
            "2026-03-31T08:21:40.572Z",
            "2026-03-31T08:21:40.584Z",
        ),
        device(
            "46af605e-a4c0-47da-9554-b6c0dc3fcd3a",
            second,
            DEVICE_ACTIVE,
            "2026-03-20T10:13:47.094Z",
            "2026-03-20T10:13:47.107Z",
        ),
        device(
            "1cf7985e-8dfd-4943-8f7c-878235296c20",
            second,
            DEVICE_DELETED,
            "2026-03-20T10:11:35.230Z",
            "2026-03-20T10:11:35.249Z",
        ),
    ]
}

/// SDK versions and how common each is.
const SDK_VERSIONS: [(&str, u32); 7] = [
    ("3.17", 3),
    ("3.18", 5),
    ("3.19", 8),
    ("3.20", 12),
    ("3.21", 20),
    ("3.22", 26),
    ("3.23", 26),
];

/// The devices of one account: every user has one device, `extra_devices` more go to random
/// users, and `shared_hashes` hashes are each registered by 2 to 6 users.
struct DevicePlan {
    account_id: &'static str,
    users: usize,
    extra_devices: usize,
    shared_hashes: usize,
}

impl DevicePlan {
    fn draw(&self, rng: &mut StdRng, now: OffsetDateTime) -> Vec<DeviceRow> {
        let users: Vec<String> = (0..self.users).map(|_| random_uuid(rng)).collect();
        let mut devices =
            Vec::with_capacity(self.users + self.extra_devices + self.shared_hashes * 4);
        let owners =
            (0..self.users).chain((0..self.extra_devices).map(|_| rng.random_range(0..self.users)));
        let owners: Vec<usize> = owners.collect();
        for owner in owners {
            let state = random_state(rng);
            let platform = random_platform(rng);
            let hash = random_hash(rng);
            devices.push(self.device(rng, now, &users[owner], &hash, platform, state));
        }
        for _ in 0..self.shared_hashes {
            let hash = random_hash(rng);
            let platform = random_platform(rng);
            let sharers = [2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6][rng.random_range(0..11)];
            let mut chosen: Vec<usize> = Vec::with_capacity(sharers);
            while chosen.len() < sharers.min(self.users) {
                let user = rng.random_range(0..self.users);
                if !chosen.contains(&user) {
                    chosen.push(user);
                }
            }
            for (i, user) in chosen.into_iter().enumerate() {
                // The first two users keep theirs registered: the hash is always suspicious.
                let state = loop {
                    let s = random_state(rng);
                    if i >= 2 || s != DEVICE_DELETED {
                        break s;
                    }
                };
                devices.push(self.device(rng, now, &users[user], &hash, platform, state));
            }
        }
        devices
    }

    fn device(
        &self,
        rng: &mut StdRng,
        now: OffsetDateTime,
        user: &str,
        hash: &str,
        platform: &str,
        state: i64,
    ) -> DeviceRow {
        const TWO_YEARS_MS: i64 = 730 * 24 * 3600 * 1000;
        let created = now - Duration::milliseconds(rng.random_range(60_000..TWO_YEARS_MS));
        let age_ms = (now - created).whole_milliseconds() as f64;
        let u: f64 = rng.random();
        let last_used = match state {
            // Never finished activating: used only while registering.
            DEVICE_ACTIVATING => created + Duration::milliseconds(rng.random_range(10..600_000)),
            // Deleted some time after creation, used until then.
            DEVICE_DELETED => created + Duration::milliseconds((age_ms * u) as i64),
            // In use: mostly recently.
            _ => now - Duration::milliseconds((age_ms * u * u * u) as i64),
        }
        .min(now);
        let mut pick = rng.random_range(0..SDK_VERSIONS.iter().map(|(_, w)| w).sum::<u32>());
        let sdk_version = SDK_VERSIONS
            .iter()
            .find(|(_, weight)| {
                let hit = pick < *weight;
                pick = pick.saturating_sub(*weight);
                hit
            })
            .map_or("3.23", |(v, _)| v);
        DeviceRow {
            id: random_uuid(rng),
            account_id: self.account_id.into(),
            user_id: user.into(),
            device_hash: hash.into(),
            platform: platform.into(),
            sdk_version: sdk_version.into(),
            state,
            created: format_millis(created),
            last_used: format_millis(last_used),
        }
    }
}

fn random_uuid(rng: &mut StdRng) -> String {
    uuid::Builder::from_random_bytes(rng.random())
        .into_uuid()
        .to_string()
}

/// URL-safe Base64 of 32 random bytes, `=`-padded like the reference's sample.
fn random_hash(rng: &mut StdRng) -> String {
    let bytes: [u8; 32] = rng.random();
    URL_SAFE.encode(bytes)
}

fn random_platform(rng: &mut StdRng) -> &'static str {
    if rng.random_bool(0.6) {
        "Android"
    } else {
        "iOS"
    }
}

/// ~78 % ACTIVE, 10 % DELETED, 6 % LOCKED, 6 % ACTIVATING.
fn random_state(rng: &mut StdRng) -> i64 {
    match rng.random_range(0..100) {
        0..78 => DEVICE_ACTIVE,
        78..88 => DEVICE_DELETED,
        88..94 => DEVICE_LOCKED,
        _ => DEVICE_ACTIVATING,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_production_copy_differs_from_the_sample_in_a_handful_of_ways() {
        let dir = std::env::temp_dir().join(format!(
            "mobileid-seed-test-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        let store = Store::open(&dir).unwrap();
        seed_if_empty(&store).unwrap();
        let sample = store.configuration(SAMPLE_ACCOUNT).unwrap().unwrap();
        let copy = store
            .configuration(PRODUCTION_COPY_ACCOUNT_ID)
            .unwrap()
            .unwrap();
        let account = store.account(PRODUCTION_COPY_ACCOUNT_ID).unwrap().unwrap();
        assert_eq!(account.account_type, AccountType::Production);
        assert!(account.onboarded);
        assert_eq!(account.organisation_id, SAMPLE_ORGANISATION);
        let names: std::collections::BTreeSet<&String> = sample
            .properties
            .keys()
            .chain(copy.properties.keys())
            .collect();
        let differing: Vec<&str> = names
            .into_iter()
            .filter(|n| sample.properties.get(*n) != copy.properties.get(*n))
            .map(String::as_str)
            .collect();
        assert_eq!(
            differing,
            [
                "amountFailuresAllowed",
                "apnConfig",
                "attestationIosAppAttestEnvironment",
                "firebaseServiceAccount",
                "geofencingActivationAllowedContinents",
                "geofencingActivationMode",
                "sessionExpiry"
            ]
        );
        assert_eq!(sample.risk_allowed_users, DEFAULT_RISK_ALLOWED_USERS);
        assert_eq!(copy.risk_allowed_users, PRODUCTION_COPY_RISK_ALLOWED_USERS);
        assert_eq!(copy.apns_uuid, sample.apns_uuid);
        assert_eq!(copy.state, sample.state);
        drop(store);
        let _ = std::fs::remove_dir_all(dir);
    }
}
