//! Statistics over the account's devices: by number of days, by date range, and detailed
//! (platforms and SDK versions). Suspicious device hashes and the devices of one hash are risk
//! views: [`super::risk`].
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

use super::{json, route, ApiProblem, ApiResult, Caller, QueryParams};
use crate::store::{format_seconds, DeviceColumn};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use mobileid_admin_contract::endpoints::EndpointMap;
use mobileid_admin_contract::lenient::Timestamp;
use mobileid_admin_contract::limits::{DEFAULT_DAYS, MAX_DAYS};
use mobileid_admin_contract::models::{
    CountShare, DetailedDeviceStatistics, DeviceStatisticsType, Platform, UsageStatistics,
};
use mobileid_admin_contract::Endpoint;
use time::{Date, OffsetDateTime};

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
        .integer("nrOfDays", 1, i64::from(MAX_DAYS))?
        .unwrap_or(i64::from(DEFAULT_DAYS));
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
        to.checked_sub(time::Duration::days(i64::from(DEFAULT_DAYS) - 1))
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

pub fn routes(map: &EndpointMap) -> Router<AppState> {
    let r = Router::new();
    let r = route(r, map, Endpoint::StatisticsByDays, by_days);
    let r = route(r, map, Endpoint::StatisticsByDateRange, by_date_range);
    route(r, map, Endpoint::DetailedDeviceStatistics, detailed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_spelled_as_in_the_reference() {
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
    }

    #[test]
    fn shares_are_rounded_percentages() {
        let s = shares(vec![("a".into(), 2), ("b".into(), 1)], 3);
        assert_eq!((s[0].percentage, s[1].percentage), (66.67, 33.33));
        assert_eq!(shares(vec![("a".into(), 0)], 0)[0].percentage, 0.0);
    }
}
