//! The account's application configuration: the whole of it, its state, its APNs UUID and its
//! properties.
//!
//! Choices the reference does not settle:
//! * `apnsUuid` must be a UUID in its hyphenated form (any case); it is stored and answered in
//!   lower case. It is not checked against the organisation's APNs tokens.
//! * Properties are checked by the sandbox's own referee, [`super::property_rules`] (which rules the
//!   reference documents, which are the sandbox's readings and which limits are its own are
//!   listed there), then by the `--reject-property` rules of [`crate::SandboxConfig`]. Every
//!   problem is one entry of `invalidParams` (400), and nothing is stored unless all pass.
//! * Property names the sandbox does not know are stored and answered as sent; `null` removes a
//!   property (except `enabledRiskData`, where `null` is a value).
//! * Secrets ([`super::property_rules::SECRET_PROPERTIES`]) are write-only: once set they are answered
//!   as [`SECRET_PLACEHOLDER`], and left out while unset. The audit record of an update masks
//!   them the same way.
//! * An empty update (`{}`) changes nothing, is not recorded, and answers the properties.

use super::property_rules::{apply_update, check_update, is_secret};
use super::{json, recorded_answer, route, ApiJson, Caller, Onboarded, StateBody};
use crate::problem::{ApiProblem, ApiResult};
use crate::store::{AccountRow, ConfigurationRow};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use mobileid_admin_contract::endpoints::EndpointMap;
use mobileid_admin_contract::models::{
    ApnsUuid, ApplicationConfiguration, ConfigurationState, PropertyValues,
};
use mobileid_admin_contract::{Endpoint, InvalidParam};
use serde::Deserialize;
use serde_json::Value;

/// What a set secret property is answered as.
pub const SECRET_PLACEHOLDER: &str = "********";

/// The properties as the API answers them: secrets masked (or absent while unset).
pub fn answered_properties(stored: &PropertyValues) -> PropertyValues {
    stored
        .iter()
        .filter_map(|(name, value)| {
            if !is_secret(name) {
                return Some((name.clone(), value.clone()));
            }
            let set = match value {
                Value::String(text) => !text.trim().is_empty(),
                Value::Null => false,
                _ => true,
            };
            set.then(|| (name.clone(), Value::String(SECRET_PLACEHOLDER.into())))
        })
        .collect()
}

/// An update as the audit records it: secrets masked when set (`null` and `""` kept, so a
/// removal shows).
pub fn recorded_changes(changes: &PropertyValues) -> PropertyValues {
    changes
        .iter()
        .map(|(name, value)| {
            let masked = match value {
                Value::Null => Value::Null,
                Value::String(text) if text.trim().is_empty() => value.clone(),
                _ if is_secret(name) => Value::String(SECRET_PLACEHOLDER.into()),
                _ => value.clone(),
            };
            (name.clone(), masked)
        })
        .collect()
}

/// The account's configuration; a 404 when it has none.
pub(super) fn load(state: &AppState, account: &AccountRow) -> ApiResult<ConfigurationRow> {
    state
        .store
        .configuration(&account.id)?
        .ok_or_else(|| ApiProblem::not_found("application configuration", &account.id))
}

/// Changes the configuration under the store's lock; `change` may refuse with a problem. A
/// 404 when the account has no configuration.
pub(super) fn update<T>(
    state: &AppState,
    account: &AccountRow,
    change: impl FnOnce(&mut ConfigurationRow) -> ApiResult<T>,
) -> ApiResult<T> {
    state
        .store
        .update_configuration(&account.id, change)?
        .unwrap_or_else(|| {
            Err(ApiProblem::not_found(
                "application configuration",
                &account.id,
            ))
        })
}

async fn get_configuration(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let c = load(&state, account)?;
    let answer = ApplicationConfiguration {
        uuid: c.uuid,
        app_id: account.id.clone(),
        state: c.state,
        properties: answered_properties(&c.properties),
        extra: Default::default(),
    };
    Ok(json(StatusCode::OK, &answer))
}

async fn get_state(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let c = load(&state, account)?;
    Ok(json(StatusCode::OK, &ConfigurationState { state: c.state }))
}

async fn update_state(
    State(state): State<AppState>,
    Onboarded(caller): Onboarded,
    ApiJson(body): ApiJson<StateBody>,
) -> ApiResult<Response> {
    let account = &caller.account;
    let new_state = body.enabled_state()?;
    update(&state, account, |c| {
        c.state = new_state;
        Ok(())
    })?;
    let answer = ConfigurationState { state: new_state };
    recorded_answer(&state, account, Endpoint::UpdateConfigurationState, &answer)
}

async fn get_apns_uuid(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let c = load(&state, account)?;
    Ok(json(
        StatusCode::OK,
        &ApnsUuid {
            apns_uuid: c.apns_uuid,
        },
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApnsUuidBody {
    apns_uuid: Option<String>,
}

/// A UUID in the hyphenated 8-4-4-4-12 form, answered in lower case.
pub fn parse_apns_uuid(text: Option<&str>) -> ApiResult<String> {
    let text = text.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err(ApiProblem::invalid_one("apnsUuid", "A UUID is required."));
    }
    match uuid::Uuid::try_parse(text) {
        Ok(id) if text.len() == 36 => Ok(id.hyphenated().to_string()),
        _ => Err(ApiProblem::invalid_one(
            "apnsUuid",
            format!("Must be a UUID such as 12ef6f3a-a12a-4c5e-bb1b-1d75a9f37d59, not {text:?}."),
        )),
    }
}

async fn update_apns_uuid(
    State(state): State<AppState>,
    Onboarded(caller): Onboarded,
    ApiJson(body): ApiJson<ApnsUuidBody>,
) -> ApiResult<Response> {
    let account = &caller.account;
    let apns_uuid = parse_apns_uuid(body.apns_uuid.as_deref())?;
    update(&state, account, |c| {
        c.apns_uuid = apns_uuid.clone();
        Ok(())
    })?;
    let answer = ApnsUuid { apns_uuid };
    recorded_answer(&state, account, Endpoint::UpdateApnsUuid, &answer)
}

async fn get_properties(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let c = load(&state, account)?;
    Ok(json(StatusCode::OK, &answered_properties(&c.properties)))
}

async fn update_properties(
    State(state): State<AppState>,
    Onboarded(caller): Onboarded,
    ApiJson(changes): ApiJson<PropertyValues>,
) -> ApiResult<Response> {
    let account = &caller.account;
    if changes.is_empty() {
        let c = load(&state, account)?;
        return Ok(json(StatusCode::OK, &answered_properties(&c.properties)));
    }
    let properties = update(&state, account, |c| {
        let mut errors = check_update(&c.properties, &changes);
        errors.extend(
            state
                .config
                .property_rejections
                .iter()
                .filter(|(name, _)| changes.contains_key(name))
                .map(|(name, reason)| InvalidParam {
                    name: name.clone(),
                    reason: reason.clone(),
                }),
        );
        if !errors.is_empty() {
            return Err(ApiProblem::invalid(errors));
        }
        apply_update(&mut c.properties, &changes);
        Ok(c.properties.clone())
    })?;
    state.store.record(
        &account.id,
        Endpoint::UpdateProperties.operation_id(),
        &Value::Object(recorded_changes(&changes)),
    )?;
    Ok(json(StatusCode::OK, &answered_properties(&properties)))
}

pub fn routes(map: &EndpointMap) -> Router<AppState> {
    let r = Router::new();
    let r = route(
        r,
        map,
        Endpoint::GetApplicationConfiguration,
        get_configuration,
    );
    let r = route(r, map, Endpoint::GetConfigurationState, get_state);
    let r = route(r, map, Endpoint::UpdateConfigurationState, update_state);
    let r = route(r, map, Endpoint::GetApnsUuid, get_apns_uuid);
    let r = route(r, map, Endpoint::UpdateApnsUuid, update_apns_uuid);
    let r = route(r, map, Endpoint::GetProperties, get_properties);
    route(r, map, Endpoint::UpdateProperties, update_properties)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_masked_when_set_and_absent_when_not() {
        let stored: PropertyValues = serde_json::from_value(json!({
            "firebaseServiceAccount": "c2VjcmV0",
            "attestationAndroidPlayIntegrityDecryptionKey": "",
            "amountFailuresAllowed": "3"
        }))
        .unwrap();
        let answered = answered_properties(&stored);
        assert_eq!(answered["firebaseServiceAccount"], SECRET_PLACEHOLDER);
        assert!(!answered.contains_key("attestationAndroidPlayIntegrityDecryptionKey"));
        assert_eq!(answered["amountFailuresAllowed"], "3");
        assert_eq!(crate::api::property_rules::SECRET_PROPERTIES.len(), 3);
    }

    #[test]
    fn the_audit_masks_set_secrets_and_keeps_removals() {
        let changes: PropertyValues = serde_json::from_value(json!({
            "firebaseServiceAccount": "c2VjcmV0",
            "attestationAndroidPlayIntegrityDecryptionKey": null,
            "attestationAndroidPlayIntegrityVerificationKey": "",
            "lockScope": "DEVICE"
        }))
        .unwrap();
        assert_eq!(
            Value::Object(recorded_changes(&changes)),
            json!({
                "firebaseServiceAccount": SECRET_PLACEHOLDER,
                "attestationAndroidPlayIntegrityDecryptionKey": null,
                "attestationAndroidPlayIntegrityVerificationKey": "",
                "lockScope": "DEVICE"
            })
        );
    }

    #[test]
    fn apns_uuids_are_hyphenated_uuids() {
        let id = "12EF6F3A-A12A-4C5E-BB1B-1D75A9F37D59";
        assert_eq!(parse_apns_uuid(Some(id)).unwrap(), id.to_lowercase());
        for bad in ["", "ENABLED", "12ef6f3aa12a4c5ebb1b1d75a9f37d59"] {
            let err = parse_apns_uuid(Some(bad)).unwrap_err();
            assert_eq!(err.0.invalid_params[0].name, "apnsUuid");
        }
    }
}
