//! Statistics over the account's devices: by number of days, by date range, detailed (platforms
//! and SDK versions), suspicious device hashes, and the devices of one hash.
//!
//! Choices the reference does not settle:
//! * Periods are whole UTC days, both ends included; "today" is the UTC date (or the one a
//!   test froze in `SandboxConfig::today`). `nrOfDays=n` is the period from today −
//!   (n − 1) days to today; `nrOfDays` is optional (default 30) and must be a whole number from
//!   1 to 3650 (the upper bound is the sandbox's own limit, answered like every bad parameter:
//!   400 problem+json with `invalidParams` naming `nrOfDays`). `fromDate`/`toDate` are
//!   `YYYY-MM-DD`, optional (`toDate` defaults to today, `fromDate` to 29 days before
//!   `toDate`), and `fromDate` must not be after `toDate`. `toDate` may lie in the future (the
//!   reference's example does): days after today simply have no use yet.
//! * A device counts in a period when its life (from `created` to its last use) overlaps the
//!   period, whatever its state now: `devices.total`. `withActivatedState`/`withLockedState`
//!   count those of them that are ACTIVE/LOCKED now. `users.total` counts the distinct users of
//!   those devices, and `users.withActivatedState`/`withLockedState` the users with at least
//!   one such ACTIVE/LOCKED device.
//! * Detailed statistics count the registered devices (every state but DELETED), like the
//!   account's `numberOfDevices`. `type=allbasic` answers platforms and SDK versions,
//!   `type=platform` platforms only, `type=sdkversion` SDK versions only. `platform` (`Android`
//!   or `iOS`) is required with `type=sdkversion` and optional otherwise, where it restricts
//!   the counts to that platform. Shares are percentages rounded to 2 decimals, largest first.
//! * Suspicious device hashes: a hash is flagged when more than
//!   `allowedNrOfUsersWithSameDeviceHash` (default: the account's risk configuration; a whole
//!   number ≥ 1) distinct users have a not-DELETED device with it. Only not-DELETED devices are
//!   counted and listed: `count.total` is their number, `count.activeUsers` the distinct users
//!   among them, `count.uniqueDeviceHashes` the flagged hashes. Hashes come with the most users
//!   first; users and devices most recently used first. `detailed=false` (the default) lists
//!   each hash's users with an empty `devices` list; `detailed=true` adds the devices (numeric
//!   state, `lastUsed` and `created` as `2026-03-31T08:08:48.607000`).
//! * Devices by hash lists every device with the hash, DELETED ones included, grouped by user
//!   (most recently used first), state by name, `lastUsed` as `2026-03-31 08:21:40.584`. A hash
//!   no device has answers an empty list (it is a search, not a resource).

use super::{check_device_hash, json, route, ApiProblem, ApiResult, Caller, QueryParams};
use crate::store::{format_seconds, DeviceColumn, DeviceRow};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use mobileid_admin_contract::endpoints::EndpointMap;
use mobileid_admin_contract::lenient::Timestamp;
use mobileid_admin_contract::models::{
    CountShare, DetailedDeviceStatistics, Device, DeviceState, DeviceStatisticsType, Platform,
    SuspiciousCount, SuspiciousDeviceHash, SuspiciousDeviceHashes, UsageStatistics, UserDevices,
};
use mobileid_admin_contract::Endpoint;
use std::collections::HashSet;
use time::{Date, OffsetDateTime};

pub const DEFAULT_NR_OF_DAYS: i64 = 30;
pub const MAX_NR_OF_DAYS: i64 = 3650;

/// The sandbox's today: [`crate::SandboxConfig::today`] when frozen, else the UTC date now.
fn today(state: &AppState) -> Date {
    state
        .config
        .today
        .unwrap_or_else(|| OffsetDateTime::now_utc().date())
}

/// `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Reads a `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    if text.len() != 10 {
        return None;
    }
    Date::parse(text, &format).ok()
}

fn date_param(query: &QueryParams, name: &str) -> ApiResult<Option<Date>> {
    match query.get(name) {
        None => Ok(None),
        Some(text) => parse_date(text).map(Some).ok_or_else(|| {
            ApiProblem::invalid_one(
                name,
                format!("Must be a date as YYYY-MM-DD, such as 2024-04-04, not {text:?}."),
            )
        }),
    }
}

/// The statistics of the whole days `from..=to`.
fn usage(state: &AppState, account_id: &str, from: Date, to: Date) -> ApiResult<UsageStatistics> {
    let start = format!("{}T00:00:00.000Z", format_date(from));
    // The day after `to`; 'U' sorts after every "THH:…" of the last representable day.
    let end = match to.next_day() {
        Some(next) => format!("{}T00:00:00.000Z", format_date(next)),
        None => format!("{}U", format_date(to)),
    };
    let (users, devices) = state.store.usage_counts(account_id, &start, &end)?;
    Ok(UsageStatistics {
        from_date: format_date(from),
        to_date: format_date(to),
        users,
        devices,
    })
}

async fn by_days(
    State(state): State<AppState>,
    caller: Caller,
    query: QueryParams,
) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let days = query
        .integer("nrOfDays", 1, MAX_NR_OF_DAYS)?
        .unwrap_or(DEFAULT_NR_OF_DAYS);
    let to = today(&state);
    let from = to
        .checked_sub(time::Duration::days(days - 1))
        .unwrap_or(Date::MIN);
    Ok(json(StatusCode::OK, &usage(&state, &account.id, from, to)?))
}

async fn by_date_range(
    State(state): State<AppState>,
    caller: Caller,
    query: QueryParams,
) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let from = date_param(&query, "fromDate")?;
    let to = date_param(&query, "toDate")?.unwrap_or_else(|| today(&state));
    let from = from.unwrap_or_else(|| {
        to.checked_sub(time::Duration::days(DEFAULT_NR_OF_DAYS - 1))
            .unwrap_or(Date::MIN)
    });
    if from > to {
        return Err(ApiProblem::invalid_one(
            "fromDate",
            format!(
                "Must not be after toDate ({} is after {}).",
                format_date(from),
                format_date(to)
            ),
        ));
    }
    Ok(json(StatusCode::OK, &usage(&state, &account.id, from, to)?))
}

/// Counts with their share of `total`, in percent rounded to 2 decimals.
fn shares(counts: Vec<(String, u64)>, total: u64) -> Vec<CountShare> {
    counts
        .into_iter()
        .map(|(name, count)| CountShare {
            name,
            count,
            percentage: if total == 0 {
                0.0
            } else {
                (count as f64 * 10_000.0 / total as f64).round() / 100.0
            },
        })
        .collect()
}

async fn detailed(
    State(state): State<AppState>,
    caller: Caller,
    query: QueryParams,
) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    query.required("type")?;
    let kind = query
        .one_of::<DeviceStatisticsType>("type")?
        .unwrap_or(DeviceStatisticsType::AllBasic);
    let platform = query.one_of::<Platform>("platform")?;
    if kind == DeviceStatisticsType::SdkVersion && platform.is_none() {
        return Err(ApiProblem::invalid_one(
            "platform",
            "Required with type=sdkversion: Android or iOS.",
        ));
    }
    let platform = platform.map(Platform::as_str);
    let platforms = state
        .store
        .device_counts(&account.id, DeviceColumn::Platform, platform)?;
    let total: u64 = platforms.iter().map(|(_, n)| n).sum();
    let sdk_versions = match kind {
        DeviceStatisticsType::Platform => None,
        _ => Some(
            state
                .store
                .device_counts(&account.id, DeviceColumn::SdkVersion, platform)?,
        ),
    };
    let answer = DetailedDeviceStatistics {
        account_id: account.id.clone(),
        aggregated_at: Some(Timestamp(format_seconds(OffsetDateTime::now_utc()))),
        total,
        platforms: (kind != DeviceStatisticsType::SdkVersion).then(|| shares(platforms, total)),
        sdkversions: sdk_versions.map(|v| shares(v, total)),
        extra: Default::default(),
    };
    Ok(json(StatusCode::OK, &answer))
}

/// `2026-03-31T08:08:48.607Z` → `2026-03-31T08:08:48.607000` (the suspicious-hash spelling).
pub fn micros_without_zone(stored: &str) -> String {
    let text = stored.trim_end_matches('Z');
    match text.rsplit_once('.') {
        Some((_, fraction)) if fraction.len() == 3 => format!("{text}000"),
        _ => text.to_string(),
    }
}

/// `2026-03-31T08:21:40.584Z` → `2026-03-31 08:21:40.584` (the devices-by-hash spelling).
pub fn millis_with_space(stored: &str) -> String {
    stored.trim_end_matches('Z').replacen('T', " ", 1)
}

/// Devices grouped by user, users in the order of their first device.
fn by_user(devices: Vec<DeviceRow>, device: impl Fn(DeviceRow) -> Device) -> Vec<UserDevices> {
    let mut users: Vec<UserDevices> = Vec::new();
    for row in devices {
        let user = row.user_id.clone();
        let device = device(row);
        match users.iter_mut().find(|u| u.user_id == user) {
            Some(u) => u.devices.push(device),
            None => users.push(UserDevices {
                user_id: user,
                devices: vec![device],
            }),
        }
    }
    users
}

async fn suspicious(
    State(state): State<AppState>,
    caller: Caller,
    query: QueryParams,
) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let allowed = match query.integer(
        "allowedNrOfUsersWithSameDeviceHash",
        1,
        super::risk::MAX_ALLOWED_USERS as i64,
    )? {
        Some(n) => n as u64,
        None => state
            .store
            .configuration(&account.id)?
            .map_or(super::risk::DEFAULT_ALLOWED_USERS, |c| c.risk_allowed_users),
    };
    let detailed = query.bool("detailed", false)?;
    let rows = state.store.suspicious_devices(&account.id, allowed)?;
    let total = rows.len() as u64;
    let active_users: HashSet<&str> = rows.iter().map(|d| d.user_id.as_str()).collect();
    let active_users = active_users.len() as u64;

    let mut hashes: Vec<(String, Vec<DeviceRow>)> = Vec::new();
    for row in rows {
        match hashes.last_mut() {
            Some((hash, devices)) if *hash == row.device_hash => devices.push(row),
            _ => hashes.push((row.device_hash.clone(), vec![row])),
        }
    }
    let mut flagged: Vec<SuspiciousDeviceHash> = hashes
        .into_iter()
        .map(|(device_hash, devices)| {
            let mut users = by_user(devices, |d| Device {
                device_id: d.id,
                state: Some(DeviceState::Code(d.state)),
                last_used: Some(Timestamp(micros_without_zone(&d.last_used))),
                created: Some(Timestamp(micros_without_zone(&d.created))),
                account_id: None,
                extra: Default::default(),
            });
            if !detailed {
                users.iter_mut().for_each(|u| u.devices.clear());
            }
            SuspiciousDeviceHash {
                device_hash,
                users,
                extra: Default::default(),
            }
        })
        .collect();
    flagged.sort_by(|a, b| {
        b.users
            .len()
            .cmp(&a.users.len())
            .then_with(|| a.device_hash.cmp(&b.device_hash))
    });
    let answer = SuspiciousDeviceHashes {
        account_id: account.id.clone(),
        aggregated_at: Some(Timestamp(format_seconds(OffsetDateTime::now_utc()))),
        count: SuspiciousCount {
            total,
            unique_device_hashes: flagged.len() as u64,
            active_users,
        },
        suspicious_device_hashes: flagged,
    };
    Ok(json(StatusCode::OK, &answer))
}

async fn devices_by_hash(
    State(state): State<AppState>,
    caller: Caller,
    query: QueryParams,
) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let hash = check_device_hash(query.get("deviceHash"))?;
    let rows = state.store.devices_with_hash(&account.id, hash)?;
    let answer = by_user(rows, |d| Device {
        device_id: d.id,
        state: Some(DeviceState::Name(DeviceState::Code(d.state).name())),
        last_used: Some(Timestamp(millis_with_space(&d.last_used))),
        // Not in the reference's sample; answered anyway so a drill-in can show it.
        created: Some(Timestamp(millis_with_space(&d.created))),
        account_id: Some(d.account_id),
        extra: Default::default(),
    });
    Ok(json(StatusCode::OK, &answer))
}

pub fn routes(map: &EndpointMap) -> Router<AppState> {
    let r = Router::new();
    let r = route(r, map, Endpoint::StatisticsByDays, by_days);
    let r = route(r, map, Endpoint::StatisticsByDateRange, by_date_range);
    let r = route(r, map, Endpoint::DetailedDeviceStatistics, detailed);
    let r = route(r, map, Endpoint::SuspiciousDeviceHashes, suspicious);
    route(r, map, Endpoint::DevicesByHash, devices_by_hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_timestamps_are_spelled_as_in_the_reference() {
        let d = parse_date("2024-04-04").unwrap();
        assert_eq!(format_date(d), "2024-04-04");
        for bad in [
            "2024-4-4",
            "2024-02-30",
            "04/04/2024",
            "2024-04-04T00:00",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(
            micros_without_zone("2026-03-31T08:08:48.607Z"),
            "2026-03-31T08:08:48.607000"
        );
        assert_eq!(
            millis_with_space("2026-03-31T08:21:40.584Z"),
            "2026-03-31 08:21:40.584"
        );
    }

    #[test]
    fn shares_are_rounded_percentages() {
        let s = shares(vec![("a".into(), 2), ("b".into(), 1)], 3);
        assert_eq!((s[0].percentage, s[1].percentage), (66.67, 33.33));
        assert_eq!(shares(vec![("a".into(), 0)], 0)[0].percentage, 0.0);
    }
}
