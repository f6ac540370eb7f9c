//! `/revoke`: token revocation (RFC 7009).

use super::*;

#[derive(Debug, Default, Deserialize)]
pub struct RevokeParams {
    #[serde(default)]
    token: String,
    #[serde(default)]
    token_type_hint: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    client_secret: String,
}

impl ClientCredentials for RevokeParams {
    fn credentials(&self) -> (&str, &str) {
        (&self.client_id, &self.client_secret)
    }
}

/// `POST /oauth/revoke` (RFC 7009): a refresh token revokes its whole grant; an access token
/// is revoked alone. Unknown, foreign or already revoked tokens are answered 200 all the same.
pub async fn revoke(
    State(state): State<AppState>,
    PublicClientForm(p): PublicClientForm<RevokeParams>,
) -> Response {
    let auth = &state.auth;
    if p.token.is_empty() {
        return token_error("invalid_request", "token is required.");
    }
    // The hint only says where to look first; both kinds are tried.
    let as_refresh = || -> Result<bool, rusqlite::Error> {
        match auth.store.refresh_token_family(&sha256_hex(&p.token))? {
            Some((family, client)) => {
                if client == p.client_id {
                    auth.store.revoke_refresh_family(&family)?;
                }
                Ok(true)
            }
            None => Ok(false),
        }
    };
    let as_access = || -> Result<bool, rusqlite::Error> {
        let Ok(parts) = jwt::split(&p.token) else {
            return Ok(false);
        };
        if parts.alg() != "HS256"
            || !constant_time_eq(&auth.hmac(parts.signing_input.as_bytes()), &parts.signature)
        {
            return Ok(false);
        }
        let Ok(claims) = serde_json::from_value::<Claims>(parts.claims) else {
            return Ok(false);
        };
        if claims.client_id == p.client_id {
            auth.store
                .revoke_access_token(&claims.jti, claims.exp as i64)?;
        }
        Ok(true)
    };
    let result = if p.token_type_hint == "access_token" {
        as_access().and_then(|done| if done { Ok(true) } else { as_refresh() })
    } else {
        as_refresh().and_then(|done| if done { Ok(true) } else { as_access() })
    };
    if let Err(e) = result {
        return ApiProblem::from(e).into_response();
    }
    (
        StatusCode::OK,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
    )
        .into_response()
}
