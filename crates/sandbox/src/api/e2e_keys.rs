//! End-to-end (E2E) keys: list, create, get, change state, delete. Organisation-wide: "a list
//! of the E2E key objects for the organisation that the account belongs to".
//!
//! Choices the reference does not settle:
//! * Creating generates a real P-256 key pair. `publicKey` is the standard Base64 of the
//!   public key's SubjectPublicKeyInfo DER, `sha256Fingerprint` the SHA-256 of that DER in
//!   lowercase colon-separated hex. The private key is dropped: the sandbox decrypts nothing.
//! * `createdBy` is the caller's token subject (`sub`); onboarding's default key says
//!   [`crate::seed::ONBOARDING_CREATOR`].
//! * Creating answers 201 Created, deleting 204 No Content; any state may be deleted.
//! * A list holds the 20 most recently created keys (after the state filter), oldest first.
//!   An unknown `state` filter is a 400.

use super::{
    create_org_resource, delete_org_resource, get_org_resource, json, load_org_resource,
    most_recent, route, stored_resources, ApiJson, Caller, Onboarded, OrgResource, StateBody,
};
use super::{ApiProblem, ApiResult, QueryParams};
use crate::crypto::{public_key_spki_der, random_p256, sha256_fingerprint};
use crate::store::now_millis;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use mobileid_admin_contract::endpoints::EndpointMap;
use mobileid_admin_contract::lenient::Timestamp;
use mobileid_admin_contract::models::{E2eKey, E2eKeyList, E2eKeyState, EnabledState};
use mobileid_admin_contract::{Endpoint, InvalidParam};
use serde::Deserialize;

/// The `resources` kind of E2E keys.
pub const KIND: &str = "e2e_key";

impl OrgResource for E2eKey {
    const KIND: &'static str = KIND;
    const NAME: &'static str = "E2E key";
    const CREATE: Endpoint = Endpoint::CreateE2eKey;
    const GET: Endpoint = Endpoint::GetE2eKey;
    const DELETE: Endpoint = Endpoint::DeleteE2eKey;

    fn id(&self) -> &str {
        &self.id
    }
}

/// A new, enabled E2E key with a freshly generated key pair.
pub fn generate_key(name: &str, description: &str, created_by: &str) -> E2eKey {
    let secret = random_p256(&mut rand::rng());
    let spki = public_key_spki_der(&secret);
    E2eKey {
        id: uuid::Uuid::new_v4().to_string(),
        name: name.into(),
        description: description.into(),
        created_by: Some(created_by.into()),
        created: Some(Timestamp(now_millis())),
        sha256_fingerprint: sha256_fingerprint(&spki),
        public_key: STANDARD.encode(&spki),
        state: EnabledState::Enabled,
        extra: Default::default(),
    }
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    query: QueryParams,
) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let filter = query.one_of::<EnabledState>("state")?;
    let mut keys: Vec<E2eKey> = stored_resources(&state, KIND, &account.organisation_id)?;
    keys.retain(|k| filter.is_none_or(|s| k.state == s));
    let answer = E2eKeyList {
        e2e_keys: most_recent(keys),
    };
    Ok(json(StatusCode::OK, &answer))
}

#[derive(Deserialize)]
struct CreateBody {
    name: Option<String>,
    description: Option<String>,
}

async fn create(
    State(state): State<AppState>,
    Onboarded(caller): Onboarded,
    ApiJson(body): ApiJson<CreateBody>,
) -> ApiResult<Response> {
    let account = &caller.account;
    let name = body.name.as_deref().map(str::trim).unwrap_or_default();
    if name.is_empty() {
        return Err(ApiProblem::invalid(vec![InvalidParam {
            name: "name".into(),
            reason: "A name is required.".into(),
        }]));
    }
    let description = body
        .description
        .as_deref()
        .map(str::trim)
        .unwrap_or_default();
    let key = generate_key(name, description, &caller.claims.sub);
    create_org_resource(&state, account, &key)
}

async fn update_state(
    State(state): State<AppState>,
    Onboarded(caller): Onboarded,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<StateBody>,
) -> ApiResult<Response> {
    let account = &caller.account;
    let mut key: E2eKey = load_org_resource(&state, &id, &account.organisation_id)?;
    let new_state = body.enabled_state()?;
    key.state = new_state;
    state.store.put_resource(
        KIND,
        &id,
        &account.organisation_id,
        &serde_json::to_value(&key).unwrap_or_default(),
    )?;
    let answer = E2eKeyState { state: new_state };
    state.store.record(
        &account.id,
        Endpoint::UpdateE2eKeyState.operation_id(),
        &serde_json::json!({ "id": id, "state": new_state }),
    )?;
    Ok(json(StatusCode::OK, &answer))
}

pub fn routes(map: &EndpointMap) -> Router<AppState> {
    let r = Router::new();
    let r = route(r, map, Endpoint::ListE2eKeys, list);
    let r = route(r, map, Endpoint::CreateE2eKey, create);
    let r = route(r, map, Endpoint::GetE2eKey, get_org_resource::<E2eKey>);
    let r = route(r, map, Endpoint::UpdateE2eKeyState, update_state);
    route(
        r,
        map,
        Endpoint::DeleteE2eKey,
        delete_org_resource::<E2eKey>,
    )
}
