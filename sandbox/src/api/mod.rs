//! The emulated Admin API: who is calling (bearer token), for which account (the account-id
//! rule), and one module per resource.

pub mod accounts;

use crate::oauth::Claims;
use crate::problem::{ApiProblem, ApiResult};
use crate::store::AccountRow;
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter};
use axum::Router;
use mobileid_admin_contract::account_id::{self, resolve_account_id};
use mobileid_admin_contract::Endpoint;
use mobileid_admin_contract::InvalidParam;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// An authenticated request and the account it is for.
pub struct Caller {
    pub claims: Claims,
    pub account: AccountRow,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .ok_or_else(|| ApiProblem::unauthorized("A bearer access token is required."))?;
        let claims = state
            .auth
            .verify(token.trim())
            .map_err(ApiProblem::unauthorized)?;

        // The reference spells the query parameter `signicat-accountid` and `signicat-accountId`.
        let query_id = parts.uri.query().and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k.eq_ignore_ascii_case(account_id::QUERY_PARAMETER))
                .map(|(_, v)| v.into_owned())
        });
        let header_id = parts
            .headers
            .get(account_id::HEADER)
            .and_then(|v| v.to_str().ok());
        let (id, _) = resolve_account_id(
            claims.signicat_accountid.as_deref(),
            query_id.as_deref(),
            header_id,
        )
        .map_err(|e| ApiProblem(e.problem(crate::problem::trace_id())))?;

        let account = state
            .store
            .account(id)?
            .filter(|a| a.organisation_id == claims.organisation_id);
        let Some(account) = account else {
            return Err(ApiProblem::new(
                404,
                "account_not_found",
                "Account not found",
                format!("No account {id} in your organisation."),
            ));
        };
        Ok(Caller { claims, account })
    }
}

impl Caller {
    /// Every operation but onboarding needs an account onboarded for MobileID.
    pub fn onboarded(&self) -> ApiResult<&AccountRow> {
        if self.account.onboarded {
            Ok(&self.account)
        } else {
            Err(ApiProblem::new(
                404,
                "account_not_onboarded",
                "Account is not onboarded for MobileID",
                format!(
                    "Account {} is not onboarded for MobileID. Use \"Add MobileID account\" first.",
                    self.account.id
                ),
            ))
        }
    }
}

/// Reads a JSON body, naming the failing field in `invalidParams`.
pub fn parse_body<T: DeserializeOwned>(bytes: &[u8]) -> ApiResult<T> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiProblem::invalid_one("body", "A JSON body is required."));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let name = if path == "." {
            "body".to_string()
        } else {
            path
        };
        ApiProblem::invalid(vec![InvalidParam {
            name,
            reason: e.into_inner().to_string(),
        }])
    })
}

/// A JSON answer with a status.
pub fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    (status, axum::Json(body)).into_response()
}

/// Registers a handler on the method and path the contract's endpoint table gives.
pub fn route<H, T>(router: Router<AppState>, endpoint: Endpoint, handler: H) -> Router<AppState>
where
    H: axum::handler::Handler<T, AppState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(endpoint.method()).expect("standard method");
    router.route(&endpoint.route(), on(filter, handler))
}

pub async fn unknown_operation() -> ApiProblem {
    ApiProblem::new(
        404,
        "not_found",
        "Not found",
        "No such operation in the MobileID Admin API.",
    )
}

pub fn router() -> Router<AppState> {
    accounts::routes().fallback(unknown_operation)
}
