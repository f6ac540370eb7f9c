//! Risk indicators configuration (per account), the suspicious device hashes it flags, the
//! devices of one hash, and locking the devices of a hash.
//!
//! Choices the reference does not settle:
//! * An update changes the properties it names and keeps the others. `null` removes a property
//!   ("To delete an existing property, supply value |" is cut off; `null` is the sandbox's
//!   reading): without `allowedNrOfUsersWithSameDeviceHash` GET answers
//!   `{"riskIndicatorsConfiguration": {}}` and suspicious hashes use the default allowance, 1.
//! * `allowedNrOfUsersWithSameDeviceHash` is a whole number from 1 to 2147483647, sent as a
//!   string (as the reference does) or as a JSON number; it is answered as a string.
//! * Other names in `riskIndicatorsConfiguration` are risk indicators of a newer server: stored
//!   and answered as sent. An update must name at least one property.
//! * Locking sets every device with the hash that is not DELETED to LOCKED and answers their
//!   ids, most recently used first, including devices that were locked already (so locking is
//!   idempotent). A hash no device of the account has is a 404; a hash whose devices are all
//!   DELETED answers an empty list.
//! * The device hash must be URL-safe Base64 (`A–Z a–z 0–9 - _`, optional `=` padding).
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

use super::{
    check_device_hash, configuration, json, recorded_answer, route, ApiJson, ApiProblem, ApiResult,
    Caller, Onboarded, QueryParams,
};
use crate::store::{format_seconds, ConfigurationRow, DeviceRow, RISK_ALLOWED_USERS};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use mobileid_admin_contract::endpoints::EndpointMap;
use mobileid_admin_contract::lenient::Timestamp;
use mobileid_admin_contract::models::{
    Device, DeviceState, LockedDevices, SuspiciousCount, SuspiciousDeviceHash,
    SuspiciousDeviceHashes, UserDevices,
};
use mobileid_admin_contract::{Endpoint, InvalidParam};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashSet;
use time::OffsetDateTime;

/// The allowance when none is set.
pub const DEFAULT_ALLOWED_USERS: u64 = crate::store::DEFAULT_RISK_ALLOWED_USERS;
/// The largest allowance (a Java `int`, like the other counts of the API).
pub const MAX_ALLOWED_USERS: u64 = i32::MAX as u64;

const FIELD: &str = "riskIndicatorsConfiguration.allowedNrOfUsersWithSameDeviceHash";

fn answer(c: &ConfigurationRow) -> Value {
    serde_json::json!({ "riskIndicatorsConfiguration": c.risk_configuration() })
}

async fn get_risk(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let c = configuration::load(&state, account)?;
    Ok(json(StatusCode::OK, &answer(&c)))
}

/// What an update changes: the allowance (`Some(None)` removes it) and the other properties
/// (`null` removes one).
#[derive(Debug, Default, PartialEq)]
pub struct RiskUpdate {
    pub allowed: Option<Option<u64>>,
    pub others: Map<String, Value>,
}

impl RiskUpdate {
    pub fn apply(&self, c: &mut ConfigurationRow) {
        match self.allowed {
            Some(Some(n)) => {
                c.risk_allowed_users = n;
                c.risk_allowed_users_set = true;
            }
            Some(None) => {
                c.risk_allowed_users = DEFAULT_ALLOWED_USERS;
                c.risk_allowed_users_set = false;
            }
            None => {}
        }
        for (name, value) in &self.others {
            if value.is_null() {
                c.risk_extra.remove(name);
            } else {
                c.risk_extra.insert(name.clone(), value.clone());
            }
        }
    }
}

/// Reads an update body; every bad property is one entry of `invalidParams`.
pub fn parse_update(body: &Value) -> ApiResult<RiskUpdate> {
    let Some(config) = body.get("riskIndicatorsConfiguration") else {
        return Err(ApiProblem::invalid_one(
            "riskIndicatorsConfiguration",
            "Required.",
        ));
    };
    let Some(config) = config.as_object() else {
        return Err(ApiProblem::invalid_one(
            "riskIndicatorsConfiguration",
            "Must be an object.",
        ));
    };
    if config.is_empty() {
        return Err(ApiProblem::invalid_one(
            "riskIndicatorsConfiguration",
            format!("Name at least one property, such as {RISK_ALLOWED_USERS}."),
        ));
    }
    let mut update = RiskUpdate::default();
    let mut errors = Vec::new();
    for (name, value) in config {
        if name != RISK_ALLOWED_USERS {
            update.others.insert(name.clone(), value.clone());
            continue;
        }
        let number = match value {
            Value::Null => {
                update.allowed = Some(None);
                continue;
            }
            Value::String(text) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
                text.parse::<u64>().ok()
            }
            Value::Number(n) => n.as_u64(),
            _ => None,
        };
        match number {
            Some(n) if (1..=MAX_ALLOWED_USERS).contains(&n) => update.allowed = Some(Some(n)),
            _ => errors.push(InvalidParam {
                name: FIELD.into(),
                reason: format!(
                    "Must be a whole number from 1 to {MAX_ALLOWED_USERS}, such as \"3\" \
                     (or null to remove it)."
                ),
            }),
        }
    }
    if errors.is_empty() {
        Ok(update)
    } else {
        Err(ApiProblem::invalid(errors))
    }
}

async fn update_risk(
    State(state): State<AppState>,
    Onboarded(caller): Onboarded,
    ApiJson(body): ApiJson<Value>,
) -> ApiResult<Response> {
    let account = &caller.account;
    let update = parse_update(&body)?;
    let updated = configuration::update(&state, account, |c| {
        update.apply(c);
        Ok(c.clone())
    })?;
    recorded_answer(
        &state,
        account,
        Endpoint::UpdateRiskIndicators,
        &answer(&updated),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LockBody {
    device_hash: Option<String>,
}

async fn lock_devices(
    State(state): State<AppState>,
    Onboarded(caller): Onboarded,
    ApiJson(body): ApiJson<LockBody>,
) -> ApiResult<Response> {
    let account = &caller.account;
    let hash = check_device_hash(body.device_hash.as_deref())?;
    let Some(locked) = state.store.lock_devices(&account.id, hash)? else {
        return Err(ApiProblem::new(
            404,
            "not_found",
            "Device hash not found",
            format!(
                "No device of account {} has the device hash {hash}.",
                account.id
            ),
        ));
    };
    let answer = LockedDevices {
        locked_devices: locked,
    };
    state.store.record(
        &account.id,
        Endpoint::LockDevices.operation_id(),
        &serde_json::json!({ "deviceHash": hash, "lockedDevices": answer.locked_devices }),
    )?;
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
        MAX_ALLOWED_USERS as i64,
    )? {
        Some(n) => n as u64,
        None => state
            .store
            .configuration(&account.id)?
            .map_or(DEFAULT_ALLOWED_USERS, |c| c.risk_allowed_users),
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
    let r = route(r, map, Endpoint::GetRiskIndicators, get_risk);
    let r = route(r, map, Endpoint::UpdateRiskIndicators, update_risk);
    let r = route(r, map, Endpoint::LockDevices, lock_devices);
    let r = route(r, map, Endpoint::SuspiciousDeviceHashes, suspicious);
    route(r, map, Endpoint::DevicesByHash, devices_by_hash)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> Result<RiskUpdate, Vec<String>> {
        parse_update(&v).map_err(|p| p.0.invalid_params.iter().map(|i| i.name.clone()).collect())
    }

    fn allowed(v: Value) -> Result<Option<Option<u64>>, Vec<String>> {
        parse(json!({ "riskIndicatorsConfiguration": { "allowedNrOfUsersWithSameDeviceHash": v } }))
            .map(|u| u.allowed)
    }

    #[test]
    fn allowances_are_whole_numbers_of_at_least_one_or_null() {
        assert_eq!(allowed(json!("4")), Ok(Some(Some(4))));
        assert_eq!(allowed(json!(3)), Ok(Some(Some(3))));
        assert_eq!(allowed(Value::Null), Ok(Some(None)));
        for bad in [
            json!("0"),
            json!("-1"),
            json!("1.5"),
            json!(""),
            json!("x"),
            json!(true),
        ] {
            assert_eq!(allowed(bad), Err(vec![FIELD.to_string()]));
        }
        assert_eq!(
            parse(json!({})),
            Err(vec!["riskIndicatorsConfiguration".into()])
        );
        assert_eq!(
            parse(json!({ "riskIndicatorsConfiguration": {} })),
            Err(vec!["riskIndicatorsConfiguration".into()])
        );
    }

    #[test]
    fn other_properties_are_kept_and_null_removes() {
        let update = parse(json!({ "riskIndicatorsConfiguration": { "other": "1" } })).unwrap();
        assert_eq!(update.allowed, None);
        assert_eq!(update.others["other"], "1");
        let mut row = ConfigurationRow {
            account_id: "a".into(),
            uuid: "u".into(),
            state: mobileid_admin_contract::models::EnabledState::Enabled,
            apns_uuid: "x".into(),
            properties: Map::new(),
            description: String::new(),
            risk_allowed_users: 3,
            risk_allowed_users_set: true,
            risk_extra: Map::new(),
        };
        update.apply(&mut row);
        assert_eq!(
            Value::Object(row.risk_configuration()),
            json!({ "allowedNrOfUsersWithSameDeviceHash": "3", "other": "1" })
        );
        let removal = parse(json!({ "riskIndicatorsConfiguration": {
            "allowedNrOfUsersWithSameDeviceHash": null, "other": null } }))
        .unwrap();
        removal.apply(&mut row);
        assert_eq!(Value::Object(row.risk_configuration()), json!({}));
        assert_eq!(row.risk_allowed_users, DEFAULT_ALLOWED_USERS);
    }

    #[test]
    fn device_timestamps_are_spelled_as_in_the_reference() {
        assert_eq!(
            micros_without_zone("2026-03-31T08:08:48.607Z"),
            "2026-03-31T08:08:48.607000"
        );
        assert_eq!(
            millis_with_space("2026-03-31T08:21:40.584Z"),
            "2026-03-31 08:21:40.584"
        );
    }
}
