//! The statistics operations against numbers worked out by hand. A fresh sandbox, its today
//! frozen at 2026-03-31 (`SandboxConfig::today`), gets eight devices on an account that has
//! none (the seeded production copy of the sample account); every expected number below is
//! derived in a comment from the table in [`DEVICES`], never from the sandbox's own code.
//!
//! The rules, as `crates/sandbox/src/api/statistics.rs` states them: a device counts in a
//! period of whole UTC days when its life (`created` to `lastUsed`) overlaps the period,
//! whatever its state now, and counts as activated/locked when it is ACTIVE/LOCKED now; a user
//! counts with at least one such device. Detailed statistics and suspicious hashes count the
//! devices that are not DELETED; a hash is flagged when more than the allowed number of users
//! have such a device with it. Devices by hash lists every device, most recently used first.

mod common;

use common::{send, unique_dir};
use mobileid_admin_contract::lenient::Timestamp;
use mobileid_admin_contract::limits::{
    DEVICE_ACTIVATING, DEVICE_ACTIVE, DEVICE_DELETED, DEVICE_LOCKED,
};
use mobileid_admin_contract::models::{
    CountShare, Device, DeviceState, DeviceStatisticsType, Platform, StateCounts, SuspiciousCount,
    UsageStatistics, UserDevices,
};
use mobileid_admin_contract::{ApiClient, Call};
use mobileid_sandbox::oauth::DemoUser;
use mobileid_sandbox::seed::{PRODUCTION_COPY_ACCOUNT_ID, PRODUCTION_COPY_RISK_ALLOWED_USERS};
use mobileid_sandbox::store::{DeviceRow, SAMPLE_ORGANISATION};
use mobileid_sandbox::{start, Sandbox, SandboxConfig, DEFAULT_CLIENT_ID, DEFAULT_SCOPE};
use serde::de::DeserializeOwned;
use std::path::PathBuf;

// Device hashes are the URL-safe Base64 of 32 bytes: 43 characters, the last with its two low
// bits zero, and one `=`.
const HASH_A: &str = "HashAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
const HASH_B: &str = "HashBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBE=";
const HASH_C: &str = "HashCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCI=";

/// (id, user, hash, platform, SDK version, state, created, last used).
type Seeded = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const DEVICES: [Seeded; 8] = [
    ("d1", "u1", HASH_A, "Android", "3.21", DEVICE_ACTIVE,     "2026-03-01T10:00:00.000Z", "2026-03-30T09:00:00.000Z"),
    ("d2", "u2", HASH_A, "iOS",     "3.22", DEVICE_ACTIVE,     "2026-03-25T08:00:00.000Z", "2026-03-31T07:00:00.000Z"),
    ("d3", "u3", HASH_A, "Android", "3.21", DEVICE_LOCKED,     "2026-02-01T12:00:00.000Z", "2026-03-10T12:00:00.000Z"),
    ("d4", "u3", HASH_B, "Android", "3.20", DEVICE_DELETED,    "2025-12-01T00:00:00.000Z", "2026-01-15T00:00:00.000Z"),
    ("d5", "u4", HASH_B, "iOS",     "3.22", DEVICE_ACTIVATING, "2026-03-31T23:59:59.999Z", "2026-03-31T23:59:59.999Z"),
    ("d6", "u5", HASH_B, "Android", "3.20", DEVICE_ACTIVE,     "2025-06-01T00:00:00.000Z", "2025-06-30T23:59:59.999Z"),
    ("d7", "u1", HASH_C, "iOS",     "3.22", DEVICE_DELETED,    "2026-03-20T00:00:00.000Z", "2026-03-29T00:00:00.000Z"),
    ("d8", "u6", HASH_A, "iOS",     "3.22", DEVICE_DELETED,    "2026-03-15T00:00:00.000Z", "2026-03-16T00:00:00.000Z"),
];

const ACCOUNT: &str = PRODUCTION_COPY_ACCOUNT_ID;

struct Oracle {
    sandbox: Option<Sandbox>,
    dir: PathBuf,
    api: ApiClient,
    token: String,
    http: reqwest::Client,
}

impl Oracle {
    async fn start(name: &str) -> Oracle {
        let dir = unique_dir(name);
        let mut config = SandboxConfig::new(0, dir.clone());
        config.today = Some(time::macros::date!(2026 - 03 - 31));
        let admin = DemoUser {
            username: "statistics-admin".into(),
            password: "unused".into(),
            display_name: "Statistics admin".into(),
            organisation_id: SAMPLE_ORGANISATION.into(),
            account_id: Some(ACCOUNT.into()),
        };
        config.oauth.users.push(admin.clone());
        let sandbox = start(config).await.expect("the sandbox starts");
        let store = &sandbox.state.store;
        let conn = store.lock();
        let existing: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM devices WHERE account_id=?1",
                [ACCOUNT],
                |r| r.get(0),
            )
            .unwrap();
        drop(conn);
        assert_eq!(existing, 0, "the account starts without devices");
        let rows: Vec<DeviceRow> = DEVICES
            .iter()
            .map(
                |&(id, user, hash, platform, sdk, state, created, last_used)| DeviceRow {
                    id: id.into(),
                    account_id: ACCOUNT.into(),
                    user_id: user.into(),
                    device_hash: hash.into(),
                    platform: platform.into(),
                    sdk_version: sdk.into(),
                    state,
                    created: created.into(),
                    last_used: last_used.into(),
                },
            )
            .collect();
        store.insert_devices(&rows).unwrap();
        let token = sandbox
            .state
            .auth
            .issue_access_token(&admin, DEFAULT_CLIENT_ID, DEFAULT_SCOPE);
        let api = ApiClient::new(&sandbox.api_base());
        Oracle {
            sandbox: Some(sandbox),
            dir,
            api,
            token,
            http: reqwest::Client::new(),
        }
    }

    async fn ok<T: DeserializeOwned>(&self, call: Call<T>) -> T {
        let call = call.authorized(&self.token);
        let request = &call.request;
        let response = send(&self.http, request).await;
        let mut answer = http::Response::builder().status(response.status());
        for (name, value) in response.headers() {
            answer = answer.header(name, value);
        }
        let body = response.bytes().await.expect("a body").to_vec();
        call.parse(answer.body(body).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e:?}", call.endpoint.operation_id()))
    }

    async fn finish(mut self) {
        if let Some(sandbox) = self.sandbox.take() {
            sandbox.stop().await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn counts(total: u64, with_activated_state: u64, with_locked_state: u64) -> StateCounts {
    StateCounts {
        total,
        with_activated_state,
        with_locked_state,
    }
}

fn usage(from: &str, to: &str, users: StateCounts, devices: StateCounts) -> UsageStatistics {
    UsageStatistics {
        from_date: from.into(),
        to_date: to.into(),
        users,
        devices,
    }
}

fn share(name: &str, count: u64, percentage: f64) -> CountShare {
    CountShare {
        name: name.into(),
        count,
        percentage,
    }
}

#[tokio::test]
async fn usage_statistics_count_the_devices_in_use_during_the_period() {
    let o = Oracle::start("usage").await;

    // nrOfDays=1 is today, 2026-03-31, only: in use that day are d2 (last used 07:00) and d5
    // (created and used at 23:59:59.999, still inside the day); d1 was last used the day
    // before. Users u2 and u4. Activated now: d2 (u2); d5 is ACTIVATING. Locked: none.
    assert_eq!(
        o.ok(o.api.statistics_by_days(1)).await,
        usage("2026-03-31", "2026-03-31", counts(2, 1, 0), counts(2, 1, 0))
    );

    // nrOfDays=30 is 2026-03-02..2026-03-31: d1 (used until 03-30), d2, d3 (until 03-10),
    // d5, d7 (03-20..03-29, DELETED now) and d8 (03-15..03-16, DELETED now) = 6 devices;
    // d4 (last used 01-15) and d6 (06-30 last year) are outside. ACTIVE now: d1, d2 = 2;
    // LOCKED now: d3 = 1. Users: u1 (d1, d7), u2, u3 (d3), u4, u6 = 5; with an ACTIVE
    // device: u1, u2 = 2; with a LOCKED one: u3 = 1.
    assert_eq!(
        o.ok(o.api.statistics_by_days(30)).await,
        usage("2026-03-02", "2026-03-31", counts(5, 2, 1), counts(6, 2, 1))
    );

    // 2026-01-15 alone: only d4, last used exactly at 00:00:00.000 that day (the start of a
    // period is inside it); it is DELETED now. One user (u3), neither activated nor locked.
    assert_eq!(
        o.ok(o.api.statistics_by_date_range("2026-01-15", "2026-01-15"))
            .await,
        usage("2026-01-15", "2026-01-15", counts(1, 0, 0), counts(1, 0, 0))
    );

    // 2025-06-30..2025-12-01: d6 (used until 2025-06-30T23:59:59.999, ACTIVE now) and d4
    // (created 2025-12-01T00:00, the last day of the period; DELETED now) = 2 devices, 1
    // activated; users u5 and u3, of whom u5 has the ACTIVE device.
    assert_eq!(
        o.ok(o.api.statistics_by_date_range("2025-06-30", "2025-12-01"))
            .await,
        usage("2025-06-30", "2025-12-01", counts(2, 1, 0), counts(2, 1, 0))
    );

    // April 2026 lies after the frozen today: no device was in use yet.
    assert_eq!(
        o.ok(o.api.statistics_by_date_range("2026-04-01", "2026-04-30"))
            .await,
        usage("2026-04-01", "2026-04-30", counts(0, 0, 0), counts(0, 0, 0))
    );
    o.finish().await;
}

#[tokio::test]
async fn detailed_statistics_count_the_registered_devices_by_platform_and_sdk_version() {
    let o = Oracle::start("detailed").await;

    // Registered = not DELETED: d1, d2, d3, d5, d6 (d4, d7, d8 are DELETED) = 5.
    // Platforms: Android d1, d3, d6 = 3 (60 %); iOS d2, d5 = 2 (40 %).
    // SDK versions: 3.21 d1, d3 = 2 (40 %); 3.22 d2, d5 = 2 (40 %); 3.20 d6 = 1 (20 %).
    // Equal counts come in name order (3.21 before 3.22).
    let all = o
        .ok(o
            .api
            .detailed_device_statistics(DeviceStatisticsType::AllBasic, None))
        .await;
    assert_eq!(all.account_id, ACCOUNT);
    assert_eq!(all.total, 5);
    assert_eq!(
        all.platforms,
        Some(vec![share("Android", 3, 60.0), share("iOS", 2, 40.0)])
    );
    assert_eq!(
        all.sdkversions,
        Some(vec![
            share("3.21", 2, 40.0),
            share("3.22", 2, 40.0),
            share("3.20", 1, 20.0)
        ])
    );

    // type=platform answers no SDK versions.
    let platforms = o
        .ok(o
            .api
            .detailed_device_statistics(DeviceStatisticsType::Platform, None))
        .await;
    assert_eq!(platforms.total, 5);
    assert_eq!(
        platforms.platforms,
        Some(vec![share("Android", 3, 60.0), share("iOS", 2, 40.0)])
    );
    assert_eq!(platforms.sdkversions, None);

    // Android only: d1, d3 (3.21) and d6 (3.20) = 3; 2 of 3 is 66.67 %, 1 of 3 is 33.33 %.
    let android = o
        .ok(o
            .api
            .detailed_device_statistics(DeviceStatisticsType::SdkVersion, Some(Platform::Android)))
        .await;
    assert_eq!(android.total, 3);
    assert_eq!(android.platforms, None);
    assert_eq!(
        android.sdkversions,
        Some(vec![share("3.21", 2, 66.67), share("3.20", 1, 33.33)])
    );

    // iOS, everything: d2 and d5, both 3.22 (d7 and d8 are DELETED).
    let ios = o
        .ok(o
            .api
            .detailed_device_statistics(DeviceStatisticsType::AllBasic, Some(Platform::Ios)))
        .await;
    assert_eq!(ios.total, 2);
    assert_eq!(ios.platforms, Some(vec![share("iOS", 2, 100.0)]));
    assert_eq!(ios.sdkversions, Some(vec![share("3.22", 2, 100.0)]));
    o.finish().await;
}

/// (device id, state, last used) of a device in a "devices by hash" answer.
type ListedDevice<'a> = (&'a str, Option<&'a DeviceState>, Option<&'a str>);

fn device(id: &str, state: DeviceState, last_used: &str, created: &str) -> Device {
    Device {
        device_id: id.into(),
        state: Some(state),
        last_used: Some(Timestamp(last_used.into())),
        created: Some(Timestamp(created.into())),
        account_id: None,
        extra: Default::default(),
    }
}

#[tokio::test]
async fn suspicious_hashes_are_those_more_users_share_than_allowed() {
    let o = Oracle::start("suspicious").await;

    // Users with a not-DELETED device, per hash: HASH_A u1 (d1), u2 (d2), u3 (d3) = 3 (u6's
    // d8 is DELETED); HASH_B u4 (d5), u5 (d6) = 2 (u3's d4 is DELETED); HASH_C none (d7 is
    // DELETED).
    //
    // Allowed 1: HASH_A (3 > 1) and HASH_B (2 > 1), the one with more users first. Their
    // not-DELETED devices: d1, d2, d3, d5, d6 = 5, of 5 distinct users.
    let one = o.ok(o.api.suspicious_device_hashes(Some(1), false)).await;
    assert_eq!(one.account_id, ACCOUNT);
    assert_eq!(
        one.count,
        SuspiciousCount {
            total: 5,
            unique_device_hashes: 2,
            active_users: 5
        }
    );
    let hashes: Vec<&str> = one
        .suspicious_device_hashes
        .iter()
        .map(|h| h.device_hash.as_str())
        .collect();
    assert_eq!(hashes, [HASH_A, HASH_B]);
    // Not detailed: the users, most recently used first (d2 03-31, d1 03-30, d3 03-10), with
    // no devices.
    let users: Vec<(&str, usize)> = one.suspicious_device_hashes[0]
        .users
        .iter()
        .map(|u| (u.user_id.as_str(), u.devices.len()))
        .collect();
    assert_eq!(users, [("u2", 0), ("u1", 0), ("u3", 0)]);

    // Allowed 2: HASH_A only (3 > 2; HASH_B's 2 is allowed): d1, d2, d3 of u1, u2, u3.
    // Detailed: each user's devices, state as a number, times as the reference spells them.
    let two = o.ok(o.api.suspicious_device_hashes(Some(2), true)).await;
    assert_eq!(
        two.count,
        SuspiciousCount {
            total: 3,
            unique_device_hashes: 1,
            active_users: 3
        }
    );
    assert_eq!(two.suspicious_device_hashes.len(), 1);
    assert_eq!(
        two.suspicious_device_hashes[0].users,
        vec![
            UserDevices {
                user_id: "u2".into(),
                devices: vec![device(
                    "d2",
                    DeviceState::Code(2),
                    "2026-03-31T07:00:00.000000",
                    "2026-03-25T08:00:00.000000"
                )],
            },
            UserDevices {
                user_id: "u1".into(),
                devices: vec![device(
                    "d1",
                    DeviceState::Code(2),
                    "2026-03-30T09:00:00.000000",
                    "2026-03-01T10:00:00.000000"
                )],
            },
            UserDevices {
                user_id: "u3".into(),
                devices: vec![device(
                    "d3",
                    DeviceState::Code(4),
                    "2026-03-10T12:00:00.000000",
                    "2026-02-01T12:00:00.000000"
                )],
            },
        ]
    );

    // Without a number, the account's risk setting applies: 3 for this account, and no hash
    // has more than 3 users.
    assert_eq!(PRODUCTION_COPY_RISK_ALLOWED_USERS, 3);
    let default = o.ok(o.api.suspicious_device_hashes(None, false)).await;
    assert_eq!(
        default.count,
        SuspiciousCount {
            total: 0,
            unique_device_hashes: 0,
            active_users: 0
        }
    );
    assert!(default.suspicious_device_hashes.is_empty());
    o.finish().await;
}

#[tokio::test]
async fn devices_by_hash_lists_every_device_of_the_hash_by_user() {
    let o = Oracle::start("by-hash").await;

    // HASH_A, DELETED included, most recently used first: d2 (03-31, u2), d1 (03-30, u1),
    // d8 (03-16, u6, DELETED), d3 (03-10, u3, LOCKED); one device per user here.
    let a = o.ok(o.api.devices_by_hash(HASH_A)).await;
    let listed: Vec<(&str, Vec<ListedDevice>)> = a
        .iter()
        .map(|u| {
            (
                u.user_id.as_str(),
                u.devices
                    .iter()
                    .map(|d| {
                        (
                            d.device_id.as_str(),
                            d.state.as_ref(),
                            d.last_used.as_ref().map(|t| t.0.as_str()),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    let active = DeviceState::Name("ACTIVE".into());
    let deleted = DeviceState::Name("DELETED".into());
    let locked = DeviceState::Name("LOCKED".into());
    assert_eq!(
        listed,
        vec![
            (
                "u2",
                vec![("d2", Some(&active), Some("2026-03-31 07:00:00.000"))]
            ),
            (
                "u1",
                vec![("d1", Some(&active), Some("2026-03-30 09:00:00.000"))]
            ),
            (
                "u6",
                vec![("d8", Some(&deleted), Some("2026-03-16 00:00:00.000"))]
            ),
            (
                "u3",
                vec![("d3", Some(&locked), Some("2026-03-10 12:00:00.000"))]
            ),
        ]
    );
    assert!(a
        .iter()
        .flat_map(|u| &u.devices)
        .all(|d| d.account_id.as_deref() == Some(ACCOUNT)));

    // HASH_B: d5 (03-31, u4, ACTIVATING), d4 (2026-01-15, u3, DELETED), d6 (2025-06-30, u5).
    let b = o.ok(o.api.devices_by_hash(HASH_B)).await;
    let order: Vec<(&str, &str)> = b
        .iter()
        .flat_map(|u| {
            u.devices
                .iter()
                .map(move |d| (u.user_id.as_str(), d.device_id.as_str()))
        })
        .collect();
    assert_eq!(order, [("u4", "d5"), ("u3", "d4"), ("u5", "d6")]);
    assert_eq!(
        b[0].devices[0].state,
        Some(DeviceState::Name("ACTIVATING".into()))
    );

    // A hash no device has: an empty list, not an error.
    let none = o
        .ok(o
            .api
            .devices_by_hash("HashDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDM="))
        .await;
    assert!(none.is_empty());
    o.finish().await;
}
