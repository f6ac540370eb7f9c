//! APNs tokens: list, add, get, delete. Organisation-wide: "An APNs token can be used by all
//! accounts in the same organisation", so they are stored under the caller's organisation.
//!
//! Choices the reference does not settle:
//! * `privateKey` is the Base64 of the Apple `.p8` file: PKCS#8 PEM text (or the raw PKCS#8
//!   DER) of an EC P-256 key. Anything else (RSA, SEC1 `EC PRIVATE KEY`, garbage) is a 400 on
//!   `privateKey`. The key is never stored nor answered: only its fingerprints, the SHA-1 and
//!   SHA-256 of the PKCS#8 DER in lowercase colon-separated hex.
//! * `keyId` and `teamId` are required and must not be blank; nothing more is checked (Apple's
//!   identifiers have 10 characters, but the reference's samples, `ABCD1234` and `EDFG5678`,
//!   have 8, and it states no format). They are stored trimmed.
//! * Adding answers 201 Created, deleting 204 No Content; an unknown id (or one of another
//!   organisation) is a 404.
//! * A list holds the 20 most recently added tokens, oldest first.

use super::{
    create_org_resource, delete_org_resource, get_org_resource, json, most_recent, route,
    stored_resources, ApiJson, Caller, Onboarded, OrgResource,
};
use crate::crypto::apns_key_fingerprints;
use crate::problem::{ApiProblem, ApiResult};
use crate::store::now_millis;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use mobileid_admin_contract::endpoints::EndpointMap;
use mobileid_admin_contract::lenient::Timestamp;
use mobileid_admin_contract::models::{ApnsToken, ApnsTokenList};
use mobileid_admin_contract::{Endpoint, InvalidParam};
use serde::Deserialize;

/// The `resources` kind of APNs tokens.
pub const KIND: &str = "apns_token";

impl OrgResource for ApnsToken {
    const KIND: &'static str = KIND;
    const NAME: &'static str = "APNs token";
    const CREATE: Endpoint = Endpoint::AddApnsToken;
    const GET: Endpoint = Endpoint::GetApnsToken;
    const DELETE: Endpoint = Endpoint::DeleteApnsToken;

    fn id(&self) -> &str {
        &self.id
    }
}

/// The body, with every field optional so that each missing one is named in `invalidParams`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddBody {
    name: Option<String>,
    description: Option<String>,
    private_key: Option<String>,
    key_id: Option<String>,
    team_id: Option<String>,
}

async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let tokens: Vec<ApnsToken> = stored_resources(&state, KIND, &account.organisation_id)?;
    let answer = ApnsTokenList {
        apns_tokens: most_recent(tokens),
    };
    Ok(json(StatusCode::OK, &answer))
}

async fn add(
    State(state): State<AppState>,
    Onboarded(caller): Onboarded,
    ApiJson(body): ApiJson<AddBody>,
) -> ApiResult<Response> {
    let account = &caller.account;
    let mut errors = Vec::new();
    let mut invalid = |name: &str, reason: String| {
        errors.push(InvalidParam {
            name: name.into(),
            reason,
        })
    };
    let name = body.name.as_deref().map(str::trim).unwrap_or_default();
    if name.is_empty() {
        invalid("name", "A name is required.".into());
    }
    let fingerprints = match body.private_key.as_deref().map(str::trim) {
        None | Some("") => {
            invalid(
                "privateKey",
                "The Base64 of the .p8 private key file is required.".into(),
            );
            None
        }
        Some(key) => match apns_key_fingerprints(key) {
            Ok(f) => Some(f),
            Err(reason) => {
                invalid("privateKey", reason);
                None
            }
        },
    };
    for (field, value) in [("keyId", &body.key_id), ("teamId", &body.team_id)] {
        if value
            .as_deref()
            .map(str::trim)
            .unwrap_or_default()
            .is_empty()
        {
            invalid(field, "Required.".into());
        }
    }
    let Some(fingerprints) = fingerprints.filter(|_| errors.is_empty()) else {
        return Err(ApiProblem::invalid(errors));
    };
    let token = ApnsToken {
        id: uuid::Uuid::new_v4().to_string(),
        name: name.to_string(),
        description: body.description.unwrap_or_default().trim().to_string(),
        created: Some(Timestamp(now_millis())),
        sha1_fingerprint: fingerprints.sha1,
        sha256_fingerprint: fingerprints.sha256,
        key_id: body.key_id.unwrap_or_default().trim().to_string(),
        team_id: body.team_id.unwrap_or_default().trim().to_string(),
        extra: Default::default(),
    };
    // The token holds the metadata only: the private key never leaves this handler, so neither
    // the store nor the audit sees it.
    create_org_resource(&state, account, &token)
}

pub fn routes(map: &EndpointMap) -> Router<AppState> {
    let r = Router::new();
    let r = route(r, map, Endpoint::ListApnsTokens, list);
    let r = route(r, map, Endpoint::AddApnsToken, add);
    let r = route(
        r,
        map,
        Endpoint::GetApnsToken,
        get_org_resource::<ApnsToken>,
    );
    route(
        r,
        map,
        Endpoint::DeleteApnsToken,
        delete_org_resource::<ApnsToken>,
    )
}
