//! Discovery (`/.well-known/openid-configuration`) and the ID tokens' keys (`/oauth/jwks`).

use super::*;

/// The OpenID Provider Metadata (and RFC 8414 authorization server metadata).
pub fn discovery_document(auth: &AuthServer) -> Value {
    let issuer = auth.issuer();
    json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/oauth/authorize"),
        "token_endpoint": format!("{issuer}/oauth/token"),
        "revocation_endpoint": format!("{issuer}/oauth/revoke"),
        "end_session_endpoint": format!("{issuer}/oauth/logout"),
        "jwks_uri": format!("{issuer}/oauth/jwks"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["none"],
        "revocation_endpoint_auth_methods_supported": ["none"],
        "scopes_supported": SCOPES_SUPPORTED,
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES256"],
        "prompt_values_supported": ["none", "login"],
        "claims_supported": [
            "iss", "sub", "aud", "iat", "exp", "auth_time", "nonce", "sid", "at_hash",
            "name", "preferred_username"
        ],
        "authorization_response_iss_parameter_supported": true,
    })
}

/// `GET /.well-known/openid-configuration` (also `/.well-known/oauth-authorization-server`).
pub async fn discovery(State(state): State<AppState>) -> Response {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Json(discovery_document(&state.auth)),
    )
        .into_response()
}

/// `GET /oauth/jwks`: the ID tokens' public key.
pub async fn jwks(State(state): State<AppState>) -> Response {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Json(state.auth.jwks()),
    )
        .into_response()
}
