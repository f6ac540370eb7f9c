//! Accounts: get (with statistics), add (onboarding), update state.
//!
//! Choices the reference does not settle:
//! * `onboardingType` (add) is optional and any value is accepted: the reference names the
//!   parameter but documents no value.
//! * The account state of an update is `ENABLED` or `DISABLED` (anything else is a 400 on
//!   `state`).

use super::{json, route, ApiJson, Caller, Onboarded, QueryParams};
use crate::problem::{ApiProblem, ApiResult};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use mobileid_admin_contract::endpoints::EndpointMap;
use mobileid_admin_contract::lenient::NumberString;
use mobileid_admin_contract::models::*;
use mobileid_admin_contract::Endpoint;

async fn get_account(
    State(state): State<AppState>,
    caller: Caller,
    query: QueryParams,
) -> ApiResult<Response> {
    // Default true, as in the reference.
    let statistics = query.bool("statistics", true)?;
    let account = caller.onboarded()?;
    Ok(json(
        StatusCode::OK,
        &state.store.account_view(account, statistics)?,
    ))
}

async fn add_account(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    // `onboardingType`, if any, is accepted whatever its value.
    if caller.account.onboarded {
        return Err(ApiProblem::new(
            409,
            "account_already_onboarded",
            "Account is already onboarded",
            format!(
                "Account {} is already onboarded for MobileID.",
                caller.account.id
            ),
        ));
    }
    crate::seed::onboard(&state.store, &caller.account)?;
    let account = state
        .store
        .account(&caller.account.id)?
        .ok_or_else(|| ApiProblem::internal("account vanished"))?;
    // Where the account is read: its own id named, as the token's default may be another.
    let query = format!(
        "{}={}",
        mobileid_admin_contract::account_id::QUERY_PARAMETER,
        account.id
    );
    Ok(super::created(
        &state,
        Endpoint::GetAccount,
        &[],
        &query,
        &state.store.account_view(&account, true)?,
    ))
}

async fn update_account(
    State(state): State<AppState>,
    Onboarded(caller): Onboarded,
    ApiJson(update): ApiJson<AccountStateUpdate>,
) -> ApiResult<Response> {
    let account = &caller.account;
    if !update.state.is_known() {
        return Err(ApiProblem::invalid_one(
            "state",
            format!(
                "Must be ENABLED or DISABLED, not {:?}.",
                update.state.as_str()
            ),
        ));
    }
    state.store.set_account_state(&account.id, update.state)?;
    state.store.record(
        &account.id,
        "updateAccount",
        &serde_json::to_value(&update).unwrap_or_default(),
    )?;
    let answer = AccountStateUpdated {
        id: account.id.clone(),
        state: update.state,
        organisation_id: Some(account.organisation_id.clone()),
        encap_api_key: Some(account.encap_api_key.clone()),
        sandbox_device_limit: (account.account_type == AccountType::Sandbox)
            .then_some(NumberString(account.device_limit)),
        extra: Default::default(),
    };
    Ok(json(StatusCode::OK, &answer))
}

pub fn routes(map: &EndpointMap) -> Router<AppState> {
    let r = Router::new();
    let r = route(r, map, Endpoint::GetAccount, get_account);
    let r = route(r, map, Endpoint::AddAccount, add_account);
    route(r, map, Endpoint::UpdateAccount, update_account)
}
