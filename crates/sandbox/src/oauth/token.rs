//! `/token`: the authorization-code and refresh-token grants.

use super::*;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

#[derive(Debug, Default, Deserialize)]
pub struct TokenParams {
    #[serde(default)]
    grant_type: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    redirect_uri: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    code_verifier: String,
    #[serde(default)]
    refresh_token: String,
    #[serde(default)]
    client_secret: String,
}

/// RFC 6749 §5.2 error answer.
pub(super) fn token_error(code: &str, description: &str) -> Response {
    let status = if code == "invalid_client" {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::BAD_REQUEST
    };
    let body = json!({ "error": code, "error_description": description });
    (
        status,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
        Json(body),
    )
        .into_response()
}

fn malformed_form(rejection: FormRejection) -> Response {
    token_error(
        "invalid_request",
        &format!("The body must be application/x-www-form-urlencoded parameters, each once ({rejection})."),
    )
}

/// The checks of a public client at the token and revocation endpoints.
#[allow(clippy::result_large_err)]
fn check_public_client(auth: &AuthServer, client_id: &str, secret: &str) -> Result<(), Response> {
    if client_id != auth.settings.client_id {
        return Err(token_error("invalid_client", "Unknown client_id."));
    }
    if !secret.is_empty() {
        // A public client has no secret; one sent from a browser is a leak, not a credential.
        return Err(token_error(
            "invalid_client",
            "This is a public client: no client_secret.",
        ));
    }
    Ok(())
}

/// The parameters of the token and revocation endpoints that name the client.
pub trait ClientCredentials {
    /// `client_id` and `client_secret`, as sent.
    fn credentials(&self) -> (&str, &str);
}

/// The form of a request to the token or revocation endpoint, readable and sent by the public
/// client. Any other request is answered with the RFC 6749 error, before the handler runs.
pub struct PublicClientForm<P>(pub P);

impl<P: DeserializeOwned + ClientCredentials> FromRequest<AppState> for PublicClientForm<P> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let Form(params) = Form::<P>::from_request(request, state)
            .await
            .map_err(malformed_form)?;
        let (client_id, secret) = params.credentials();
        check_public_client(&state.auth, client_id, secret)?;
        Ok(PublicClientForm(params))
    }
}

impl ClientCredentials for TokenParams {
    fn credentials(&self) -> (&str, &str) {
        (&self.client_id, &self.client_secret)
    }
}

/// Exchanges a code (single use: a second exchange revokes what the first issued).
#[allow(clippy::result_large_err)]
fn exchange_code(state: &AppState, p: &TokenParams) -> Result<(RefreshFamily, String), Response> {
    let auth = &state.auth;
    let now = unix_now();
    let mut codes = auth.codes.lock().unwrap_or_else(|e| e.into_inner());
    codes.retain(|_, c| c.issued + USED_CODE_MEMORY_SECS > now);
    let Some(code) = codes.get_mut(&p.code) else {
        return Err(token_error(
            "invalid_grant",
            "The authorization code is unknown or has expired.",
        ));
    };
    if code.used {
        if let Some(family) = &code.family {
            auth.store
                .revoke_refresh_family(family)
                .map_err(|e| ApiProblem::from(e).into_response())?;
        }
        return Err(token_error(
            "invalid_grant",
            "The authorization code was already used: the tokens it issued are revoked.",
        ));
    }
    // Used from now on, whether the exchange succeeds or not.
    code.used = true;
    if code.issued + CODE_TTL_SECS < now {
        return Err(token_error(
            "invalid_grant",
            "The authorization code has expired.",
        ));
    }
    if code.client_id != p.client_id || code.redirect_uri != p.redirect_uri {
        return Err(token_error(
            "invalid_grant",
            "client_id or redirect_uri does not match the authorization request.",
        ));
    }
    if p.code_verifier.len() < 43 || s256_challenge(&p.code_verifier) != code.code_challenge {
        return Err(token_error(
            "invalid_grant",
            "The PKCE code_verifier does not match the code_challenge.",
        ));
    }
    let family = RefreshFamily {
        id: random_token(16),
        username: code.username.clone(),
        client_id: code.client_id.clone(),
        scope: code.scope.clone(),
        session: code.sid.clone(),
        auth_time: code.auth_time as i64,
        expires: code.session_expires as i64,
    };
    auth.store
        .create_refresh_family(&family)
        .map_err(|e| ApiProblem::from(e).into_response())?;
    code.family = Some(family.id.clone());
    auth.code_grants.fetch_add(1, Ordering::SeqCst);
    Ok((family, code.nonce.clone()))
}

#[allow(clippy::result_large_err)]
fn refresh(state: &AppState, p: &TokenParams) -> Result<RefreshFamily, Response> {
    let auth = &state.auth;
    let used = auth
        .store
        .use_refresh_token(
            &sha256_hex(&p.refresh_token),
            &p.client_id,
            unix_now() as i64,
        )
        .map_err(|e| ApiProblem::from(e).into_response())?;
    let refused = |description| Err(token_error("invalid_grant", description));
    match used {
        RefreshUse::Rotated(family) => {
            auth.refresh_grants.fetch_add(1, Ordering::SeqCst);
            Ok(family)
        }
        RefreshUse::Unknown => refused("The refresh token is unknown."),
        RefreshUse::WrongClient => refused("The refresh token was not issued to this client."),
        RefreshUse::Reused => {
            refused("The refresh token was already used: every token of its grant is now revoked.")
        }
        RefreshUse::Revoked => refused("The refresh token has been revoked."),
        RefreshUse::Expired => refused("The refresh token has expired."),
    }
}

/// `POST /oauth/token`: the authorization code and refresh token grants.
pub async fn token(
    State(state): State<AppState>,
    PublicClientForm(p): PublicClientForm<TokenParams>,
) -> Response {
    let auth = &state.auth;
    let (family, nonce) = match p.grant_type.as_str() {
        "authorization_code" => match exchange_code(&state, &p) {
            Ok((family, nonce)) => (family, Some(nonce)),
            Err(r) => return r,
        },
        "refresh_token" => match refresh(&state, &p) {
            Ok(family) => (family, None),
            Err(r) => return r,
        },
        "" => return token_error("invalid_request", "grant_type is required."),
        _ => {
            return token_error(
                "unsupported_grant_type",
                "Only authorization_code and refresh_token are supported.",
            )
        }
    };
    let Some(user) = auth.user(&family.username).cloned() else {
        return token_error("invalid_grant", "The user no longer exists.");
    };
    let now = unix_now();
    // Nothing of a grant outlives it (nor so the provider session it was made in).
    let remaining = (family.expires - now as i64).max(0) as u64;
    if remaining == 0 {
        return token_error("invalid_grant", "The grant has expired: sign in again.");
    }
    let access_ttl = auth
        .settings
        .access_token_ttl
        .as_secs()
        .max(1)
        .min(remaining);
    let mut claims = auth.access_claims(&user, &family.client_id, &family.scope, now + access_ttl);
    claims.fid = family.id.clone();
    let access_token = auth.sign_access_token(&claims);
    let refresh_token = random_token(32);
    let refresh_expires =
        (now + auth.settings.refresh_token_ttl.as_secs()).min(family.expires as u64);
    if let Err(e) = auth.store.put_refresh_token(
        &sha256_hex(&refresh_token),
        &family.id,
        refresh_expires as i64,
    ) {
        return ApiProblem::from(e).into_response();
    }
    let mut body = json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": access_ttl,
        "refresh_token": refresh_token,
        "scope": family.scope,
    });
    if has_scope(&family.scope, "openid") {
        body["id_token"] = auth
            .id_token(&user, &family, nonce.as_deref(), &access_token)
            .into();
    }
    (
        StatusCode::OK,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
        Json(body),
    )
        .into_response()
}
