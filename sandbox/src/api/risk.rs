//! Risk indicators configuration (per account) and locking the devices of a device hash.
//!
//! Choices the reference does not settle:
//! * `allowedNrOfUsersWithSameDeviceHash` is a whole number from 1 to 2147483647, sent as a
//!   string (as the reference does) or as a JSON number; it is answered as a string. `null`
//!   deletes it, which restores the default, 1. It is required in an update, and other names in
//!   `riskIndicatorsConfiguration` are refused (400).
//! * Locking sets every device with the hash that is not DELETED to LOCKED and answers their
//!   ids, most recently used first, including devices that were locked already (so locking is
//!   idempotent). A hash no device of the account has is a 404; a hash whose devices are all
//!   DELETED answers an empty list.
//! * The device hash must be URL-safe Base64 (`A–Z a–z 0–9 - _`, optional `=` padding).

use super::{check_device_hash, json, parse_body, route, ApiProblem, ApiResult, Caller};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use mobileid_admin_contract::lenient::NumberString;
use mobileid_admin_contract::models::{LockedDevices, RiskIndicators, RiskIndicatorsConfiguration};
use mobileid_admin_contract::Endpoint;
use serde::Deserialize;
use serde_json::Value;

/// The allowance when none is set.
pub const DEFAULT_ALLOWED_USERS: u64 = 1;
/// The largest allowance (a Java `int`, like the other counts of the API).
pub const MAX_ALLOWED_USERS: u64 = i32::MAX as u64;

const FIELD: &str = "riskIndicatorsConfiguration.allowedNrOfUsersWithSameDeviceHash";

fn answer(allowed: u64) -> RiskIndicators {
    RiskIndicators {
        risk_indicators_configuration: RiskIndicatorsConfiguration {
            allowed_nr_of_users_with_same_device_hash: Some(NumberString(allowed)),
            extra: Default::default(),
        },
    }
}

async fn get_risk(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let c = state
        .store
        .configuration(&account.id)?
        .ok_or_else(|| ApiProblem::not_found("application configuration", &account.id))?;
    Ok(json(StatusCode::OK, &answer(c.risk_allowed_users)))
}

/// The new allowance of an update body.
pub fn parse_allowed_users(body: &Value) -> ApiResult<u64> {
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
    if let Some(unknown) = config
        .keys()
        .find(|k| *k != "allowedNrOfUsersWithSameDeviceHash")
    {
        return Err(ApiProblem::invalid_one(
            &format!("riskIndicatorsConfiguration.{unknown}"),
            "Unknown property.",
        ));
    }
    let reason = || format!("Must be a whole number from 1 to {MAX_ALLOWED_USERS}, such as \"3\".");
    let number = match config.get("allowedNrOfUsersWithSameDeviceHash") {
        None => return Err(ApiProblem::invalid_one(FIELD, "Required.")),
        Some(Value::Null) => return Ok(DEFAULT_ALLOWED_USERS),
        Some(Value::String(text))
            if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) =>
        {
            text.parse::<u64>().ok()
        }
        Some(Value::Number(n)) => n.as_u64(),
        Some(_) => None,
    };
    match number {
        Some(n) if (1..=MAX_ALLOWED_USERS).contains(&n) => Ok(n),
        _ => Err(ApiProblem::invalid_one(FIELD, reason())),
    }
}

async fn update_risk(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let body: Value = parse_body(&body)?;
    let allowed = parse_allowed_users(&body)?;
    state
        .store
        .update_configuration(&account.id, |c| {
            c.risk_allowed_users = allowed;
            Ok::<_, ApiProblem>(())
        })?
        .unwrap_or_else(|| {
            Err(ApiProblem::not_found(
                "application configuration",
                &account.id,
            ))
        })?;
    let answer = answer(allowed);
    state.store.record(
        &account.id,
        Endpoint::UpdateRiskIndicators.operation_id(),
        &serde_json::to_value(&answer).unwrap_or_default(),
    )?;
    Ok(json(StatusCode::OK, &answer))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LockBody {
    device_hash: Option<String>,
}

async fn lock_devices(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let body: LockBody = parse_body(&body)?;
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

pub fn routes() -> Router<AppState> {
    let r = Router::new();
    let r = route(r, Endpoint::GetRiskIndicators, get_risk);
    let r = route(r, Endpoint::UpdateRiskIndicators, update_risk);
    route(r, Endpoint::LockDevices, lock_devices)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> Result<u64, String> {
        parse_allowed_users(&v).map_err(|p| p.0.invalid_params[0].name.clone())
    }

    #[test]
    fn allowances_are_whole_numbers_of_at_least_one() {
        let body = |v: Value| json!({ "riskIndicatorsConfiguration": { "allowedNrOfUsersWithSameDeviceHash": v } });
        assert_eq!(parse(body(json!("4"))), Ok(4));
        assert_eq!(parse(body(json!(3))), Ok(3));
        assert_eq!(parse(body(Value::Null)), Ok(1));
        for bad in [
            json!("0"),
            json!("-1"),
            json!("1.5"),
            json!(""),
            json!("x"),
            json!(true),
        ] {
            assert_eq!(parse(body(bad)), Err(FIELD.into()));
        }
        assert_eq!(parse(json!({})), Err("riskIndicatorsConfiguration".into()));
        assert_eq!(
            parse(json!({ "riskIndicatorsConfiguration": { "other": "1" } })),
            Err("riskIndicatorsConfiguration.other".into())
        );
    }
}
