//! The emulated Admin API: who is calling (bearer token), for which account (the account-id
//! rule), and one module per resource.
//!
//! Every operation is served on the method and path of [`crate::SandboxConfig::endpoints`]: the
//! contract's built-in table unless `--endpoints FILE` moves some (as a deployer's
//! `config.json` does for the console).
//!
//! A request body is read by the [`ApiJson`] extractor before the handler runs (as a Spring
//! `@RequestBody` is), after the token and the account rules ([`Onboarded`]): a body that
//! cannot be read is a 400 for an onboarded account, even with an id that does not exist.

pub mod account;
pub mod apns_tokens;
pub mod configuration;
pub mod e2e_keys;
pub mod property_rules;
pub mod risk;
pub mod signing_certificates;
pub mod statistics;

use crate::oauth::Claims;
use crate::problem::{ApiProblem, ApiResult};
use crate::store::AccountRow;
use crate::{AppState, RecordedRequest, ScriptedFault};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter};
use axum::Router;
use mobileid_admin_contract::account_id::{self, resolve_account_id};
use mobileid_admin_contract::endpoints::EndpointMap;
use mobileid_admin_contract::limits::{is_device_hash, LIST_LIMIT};
use mobileid_admin_contract::models::ApiEnum;
use mobileid_admin_contract::models::EnabledState;
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
        if state.config.api_refuses_tokens {
            return Err(ApiProblem::unauthorized(
                "This API does not accept tokens of this audience or scope.",
            ));
        }
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
        .map_err(|e| ApiProblem(Box::new(e.problem(crate::problem::trace_id()))))?;

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

/// A [`Caller`] whose account is onboarded for MobileID. Operations with a body take it, so
/// that the account rule answers (404 `account_not_onboarded`) before the body is read.
pub struct Onboarded(pub Caller);

impl FromRequestParts<AppState> for Onboarded {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let caller = Caller::from_request_parts(parts, state).await?;
        caller.onboarded()?;
        Ok(Onboarded(caller))
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

/// A JSON request body. One that cannot be read is answered with a problem+json 400 whose
/// `invalidParams` names the failing field (`body` when it is missing or not JSON), where
/// axum's `Json` would answer plain text. The content type is not checked.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiProblem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            ApiProblem::new(
                e.status().as_u16(),
                "unreadable_body",
                "The request body cannot be read",
                e.body_text(),
            )
        })?;
        parse_body(&bytes).map(ApiJson)
    }
}

/// Reads a JSON body, naming the failing field in `invalidParams`.
fn parse_body<T: DeserializeOwned>(bytes: &[u8]) -> ApiResult<T> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiProblem::invalid_one("body", "A JSON body is required."));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // Malformed JSON is the body's fault, wherever the parser stopped.
        let name = if path == "." || inner.is_syntax() || inner.is_eof() {
            "body".to_string()
        } else {
            path
        };
        ApiProblem::invalid(vec![InvalidParam {
            name,
            reason: inner.to_string(),
        }])
    })?;
    de.end()
        .map_err(|e| ApiProblem::invalid_one("body", e.to_string()))?;
    Ok(value)
}

/// The [`LIST_LIMIT`] most recently created of `items` (given oldest first), still oldest
/// first: a list always shows what was just created, at its end.
pub fn most_recent<T>(mut items: Vec<T>) -> Vec<T> {
    let skip = items.len().saturating_sub(LIST_LIMIT);
    items.drain(..skip);
    items
}

/// A resource as stored in the `resources` table, read back into its model.
fn from_stored<T: DeserializeOwned>(value: serde_json::Value) -> ApiResult<T> {
    serde_json::from_value(value).map_err(|e| ApiProblem::internal(format!("stored data: {e}")))
}

/// Every resource of `kind` stored under `scope` (an organisation or an account), oldest
/// first, read back into its model.
pub fn stored_resources<T: DeserializeOwned>(
    state: &AppState,
    kind: &str,
    scope: &str,
) -> ApiResult<Vec<T>> {
    state
        .store
        .resources(kind, scope)?
        .into_iter()
        .map(from_stored)
        .collect()
}

/// The query string, read by hand so that a bad value is a 400 problem naming the parameter
/// (axum's `Query` would answer a plain-text 400). Names are matched exactly; a repeated
/// parameter counts by its first value.
pub struct QueryParams(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let pairs = parts
            .uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        Ok(QueryParams(pairs))
    }
}

impl QueryParams {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A required parameter.
    pub fn required(&self, name: &str) -> ApiResult<&str> {
        match self.get(name) {
            Some(v) if !v.trim().is_empty() => Ok(v),
            _ => Err(ApiProblem::invalid_one(
                name,
                "This query parameter is required.",
            )),
        }
    }

    /// `true` or `false`; absent gives `default`.
    pub fn bool(&self, name: &str, default: bool) -> ApiResult<bool> {
        match self.get(name) {
            None => Ok(default),
            Some("true") => Ok(true),
            Some("false") => Ok(false),
            Some(other) => Err(ApiProblem::invalid_one(
                name,
                format!("Must be true or false, not {other:?}."),
            )),
        }
    }

    /// A whole number in `min..=max`; absent gives `None`.
    pub fn integer(&self, name: &str, min: i64, max: i64) -> ApiResult<Option<i64>> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        let reason = || format!("Must be a whole number from {min} to {max}, not {text:?}.");
        let digits = text.strip_prefix('-').unwrap_or(text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ApiProblem::invalid_one(name, reason()));
        }
        match text.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(ApiProblem::invalid_one(name, reason())),
        }
    }

    /// One of an enum's values (exact spelling); absent gives `None`.
    pub fn one_of<T: ApiEnum>(&self, name: &str) -> ApiResult<Option<T>> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        T::parse(text).map(Some).ok_or_else(|| {
            let names: Vec<&str> = T::all().iter().map(|v| v.as_str()).collect();
            ApiProblem::invalid_one(
                name,
                format!("Must be one of {}, not {text:?}.", names.join(", ")),
            )
        })
    }
}

/// A `deviceHash` (body or query): required, URL-safe Base64.
pub fn check_device_hash(value: Option<&str>) -> ApiResult<&str> {
    match value.map(str::trim) {
        None | Some("") => Err(ApiProblem::invalid_one(
            "deviceHash",
            "A device hash is required.",
        )),
        Some(hash) if is_device_hash(hash) => Ok(hash),
        Some(_) => Err(ApiProblem::invalid_one(
            "deviceHash",
            "Must be URL-safe Base64 (A–Z, a–z, 0–9, - and _, optional = padding).",
        )),
    }
}

/// A `{"state": "ENABLED" | "DISABLED"}` body (configuration and E2E key state).
#[derive(serde::Deserialize)]
pub struct StateBody {
    state: Option<String>,
}

impl StateBody {
    /// The state asked for: required, and one of the two.
    pub fn enabled_state(&self) -> ApiResult<EnabledState> {
        match self.state.as_deref() {
            None => Err(ApiProblem::invalid_one(
                "state",
                "Required: ENABLED or DISABLED.",
            )),
            Some(text) => EnabledState::parse(text).ok_or_else(|| {
                ApiProblem::invalid_one(
                    "state",
                    format!("Must be ENABLED or DISABLED, not {text:?}."),
                )
            }),
        }
    }
}

/// A resource the accounts of an organisation share (APNs tokens, E2E keys): stored in the
/// `resources` table under the organisation's id, read and deleted by its id.
pub trait OrgResource: Serialize + DeserializeOwned + 'static {
    /// Its kind in the `resources` table.
    const KIND: &'static str;
    /// What a 404 calls it.
    const NAME: &'static str;
    /// The operation that creates one: its audit records the stored JSON.
    const CREATE: Endpoint;
    /// The operation that reads one: where a created one's `Location` points.
    const GET: Endpoint;
    /// The operation that deletes one: its audit records the id.
    const DELETE: Endpoint;

    fn id(&self) -> &str;
}

/// One resource of the organisation; a 404 when it has none with this id (another
/// organisation's is not found either).
pub fn load_org_resource<R: OrgResource>(
    state: &AppState,
    id: &str,
    organisation: &str,
) -> ApiResult<R> {
    state
        .store
        .resource(R::KIND, id, organisation)?
        .map(from_stored)
        .transpose()?
        .ok_or_else(|| ApiProblem::not_found(R::NAME, id))
}

/// Stores a new resource of the account's organisation, records its creation under
/// [`OrgResource::CREATE`] and answers 201 with its `Location`.
pub fn create_org_resource<R: OrgResource>(
    state: &AppState,
    account: &AccountRow,
    resource: &R,
) -> ApiResult<Response> {
    let stored = serde_json::to_value(resource).unwrap_or_default();
    state
        .store
        .put_resource(R::KIND, resource.id(), &account.organisation_id, &stored)?;
    state
        .store
        .record(&account.id, R::CREATE.operation_id(), &stored)?;
    Ok(created(state, R::GET, &[resource.id()], "", resource))
}

/// [`OrgResource::GET`]: one resource of the caller's organisation.
pub async fn get_org_resource<R: OrgResource>(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let resource: R = load_org_resource(&state, &id, &account.organisation_id)?;
    Ok(json(StatusCode::OK, &resource))
}

/// [`OrgResource::DELETE`]: 404 when it is not there, recorded under the operation's id, 204
/// when done.
pub async fn delete_org_resource<R: OrgResource>(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    if !state
        .store
        .delete_resource(R::KIND, &id, &account.organisation_id)?
    {
        return Err(ApiProblem::not_found(R::NAME, &id));
    }
    state.store.record(
        &account.id,
        R::DELETE.operation_id(),
        &serde_json::json!({ "id": id }),
    )?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A JSON answer with a status.
pub fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    (status, axum::Json(body)).into_response()
}

/// A 200 answer of `answer` to an update, recorded as the audit body of `operation` (the audit
/// holds what the caller was told).
pub fn recorded_answer<T: Serialize>(
    state: &AppState,
    account: &AccountRow,
    operation: Endpoint,
    answer: &T,
) -> ApiResult<Response> {
    let body = serde_json::to_value(answer).unwrap_or_default();
    state
        .store
        .record(&account.id, operation.operation_id(), &body)?;
    Ok(json(StatusCode::OK, answer))
}

/// A 201 answer: the created resource as JSON, and its `Location`, the path (under the API
/// base `/api/`) where `get` reads it, with `params` filled in and `query` appended.
pub fn created<T: Serialize>(
    state: &AppState,
    get: Endpoint,
    params: &[&str],
    query: &str,
    body: &T,
) -> Response {
    let mut location = format!("/api/{}", state.config.endpoints.path(get, params));
    if !query.is_empty() {
        location.push('?');
        location.push_str(query);
    }
    let mut response = json(StatusCode::CREATED, body);
    if let Ok(value) = axum::http::HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// Registers a handler on the method and path `map` gives the operation.
pub fn route<H, T>(
    router: Router<AppState>,
    map: &EndpointMap,
    endpoint: Endpoint,
    handler: H,
) -> Router<AppState>
where
    H: axum::handler::Handler<T, AppState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(map.method(endpoint)).expect("standard method");
    router.route(&map.route(endpoint), on(filter, handler))
}

/// Whether the sandbox can serve every operation where `map` puts it: no two operations on the
/// same method and path, and no two paths the router cannot tell apart (such as
/// `DELETE keys/{apnsTokenId}` and `GET keys/{e2eKeyId}`: the same path but for the name of
/// its parameter). The reason names the operations or the router's complaint.
pub fn check_routes(map: &EndpointMap) -> Result<(), String> {
    // `a/{x}` and `a/{y}`: one path to the router, which tells parameters by place only.
    let shape = |template: &str| -> String {
        template
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    "{}"
                } else {
                    segment
                }
            })
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut seen: Vec<(http::Method, &str, Endpoint)> = Vec::new();
    for &endpoint in Endpoint::ALL {
        let (method, path) = (map.method(endpoint), map.template(endpoint));
        for (other_method, other_path, other) in &seen {
            if *other_method == method && *other_path == path {
                return Err(format!(
                    "{} and {} are both at {method} {path}",
                    other.operation_id(),
                    endpoint.operation_id()
                ));
            }
            if *other_path != path && shape(other_path) == shape(path) {
                return Err(format!(
                    "{} ({other_path}) and {} ({path}) differ only in the name of a path \
                     parameter: use the same name at the same place",
                    other.operation_id(),
                    endpoint.operation_id()
                ));
            }
        }
        seen.push((method, path, endpoint));
    }
    let map = map.clone();
    std::panic::catch_unwind(move || {
        let _ = router(&map);
    })
    .map_err(|panic| {
        let text = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the router refused the paths".into());
        format!("the paths cannot be routed together: {text}")
    })
}

/// Fault injection (`SandboxConfig::faults`): with probability `rate` a request is answered,
/// without reaching its handler, by a 503 problem or by a 429 problem with `Retry-After: 1`
/// (one or the other at random); any other request is delayed by a random 0 to `latency_ms`
/// milliseconds. Scripted faults ([`crate::FaultScript`]) come first, with the status and
/// `Retry-After` the test chose. Preflight requests are left alone. When the script's log is
/// on, every other API request is recorded with the status it got.
/// An injected fault: 429 or 503, with `Retry-After` when given.
fn fault_response(fault: ScriptedFault) -> Response {
    let mut response = if fault.status == 429 {
        let after = match fault.retry_after_secs {
            Some(1) => "one second".to_string(),
            Some(secs) => format!("{secs} seconds"),
            None => "a while".to_string(),
        };
        ApiProblem::new(
            429,
            "too_many_requests",
            "Too many requests",
            format!("Injected fault (sandbox --faults): retry after {after}."),
        )
        .into_response()
    } else {
        ApiProblem::new(
            503,
            "service_unavailable",
            "Service unavailable",
            "Injected fault (sandbox --faults): the service is temporarily unavailable.",
        )
        .into_response()
    };
    if let Some(secs) = fault.retry_after_secs {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, axum::http::HeaderValue::from(secs));
    }
    response
}

pub async fn faults(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if request.method() == axum::http::Method::OPTIONS {
        return next.run(request).await;
    }
    let arrived = std::time::Instant::now();
    let method = request.method().to_string();
    let uri = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let response = fault_or_handler(&state, request, next).await;
    let mut script = state
        .scripted_faults
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(log) = script.requests.as_mut() {
        log.push(RecordedRequest {
            at: arrived,
            method,
            uri,
            status: response.status().as_u16(),
        });
    }
    response
}

async fn fault_or_handler(
    state: &AppState,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let scripted = {
        let mut script = state
            .scripted_faults
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let method = request.method().as_str();
        script
            .faults
            .iter()
            .position(|f| f.method.is_none_or(|m| m == method))
            .and_then(|i| script.faults.remove(i))
    };
    if let Some(fault) = scripted {
        return fault_response(fault);
    }
    let Some(config) = state.config.faults else {
        return next.run(request).await;
    };
    let (fail, too_many, delay) = {
        use rand::Rng;
        let mut rng = rand::rng();
        (
            rng.random_bool(config.rate.clamp(0.0, 1.0)),
            rng.random_bool(0.5),
            rng.random_range(0..=config.latency_ms),
        )
    };
    if fail {
        return fault_response(if too_many {
            ScriptedFault::too_many(1)
        } else {
            ScriptedFault::unavailable()
        });
    }
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    }
    next.run(request).await
}

pub async fn unknown_operation() -> ApiProblem {
    ApiProblem::new(
        404,
        "not_found",
        "Not found",
        "No such operation in the MobileID Admin API.",
    )
}

/// Every operation, where `map` puts it.
pub fn router(map: &EndpointMap) -> Router<AppState> {
    account::routes(map)
        .merge(apns_tokens::routes(map))
        .merge(configuration::routes(map))
        .merge(signing_certificates::routes(map))
        .merge(e2e_keys::routes(map))
        .merge(risk::routes(map))
        .merge(statistics::routes(map))
        .fallback(unknown_operation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn map(entries: &[(&str, &str)]) -> EndpointMap {
        let entries: BTreeMap<String, String> = entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        EndpointMap::parse(&entries).expect("a valid map")
    }

    #[test]
    fn the_built_in_table_and_moved_operations_can_be_routed() {
        assert_eq!(check_routes(&EndpointMap::default()), Ok(()));
        let moved = map(&[
            ("getApnsToken", "GET apns/tokens/{apnsTokenId}"),
            ("deleteApnsToken", "POST apns/tokens/{apnsTokenId}/delete"),
            ("updateAccount", "PUT accounts"),
        ]);
        assert_eq!(check_routes(&moved), Ok(()));
    }

    #[test]
    fn colliding_operations_are_named() {
        let same = map(&[("getApnsToken", "GET e2e-keys/{apnsTokenId}")]);
        let err = check_routes(&same).unwrap_err();
        assert!(
            err.contains("getApnsToken") && err.contains("getE2eKey"),
            "{err}"
        );
        let ambiguous = map(&[("deleteApnsToken", "DELETE e2e-keys/{apnsTokenId}")]);
        let err = check_routes(&ambiguous).unwrap_err();
        assert!(
            err.contains("deleteApnsToken") && err.contains("path parameter"),
            "{err}"
        );
    }
}
