//! The bookkeeping of an OAuth 2.0 authorization-code login with PKCE, without I/O: what is
//! kept between leaving for the authorization server and coming back, and the checks on the
//! way back. The browser side generates the values (with the `oauth2` crate); the sandbox
//! verifies the same S256 transform.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// Kept in `sessionStorage` while the browser is at the authorization server, removed on
/// return whatever the outcome.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLogin {
    pub state: String,
    pub code_verifier: String,
    /// The console route to show after login (e.g. `#/account`).
    pub return_to: String,
}

/// What the authorization server appended to the redirect URL.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CallbackParams {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

impl CallbackParams {
    /// Reads a query string (`?code=…&state=…` or without the `?`).
    pub fn from_query(query: &str) -> Self {
        let mut p = CallbackParams::default();
        for (k, v) in url::form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            let v = Some(v.into_owned());
            match k.as_ref() {
                "code" => p.code = v,
                "state" => p.state = v,
                "error" => p.error = v,
                "error_description" => p.error_description = v,
                _ => {}
            }
        }
        p
    }

    /// Whether this page load is a return from the authorization server.
    pub fn is_callback(&self) -> bool {
        self.code.is_some() || self.error.is_some()
    }
}

/// A code that may be exchanged, with what is needed to exchange it.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifiedCallback {
    pub code: String,
    pub code_verifier: String,
    pub return_to: String,
}

// The code, the verifier and the state are credentials for a few minutes: Debug leaves them out.
impl std::fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingLogin")
            .field("return_to", &self.return_to)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for CallbackParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackParams")
            .field("has_code", &self.code.is_some())
            .field("error", &self.error)
            .field("error_description", &self.error_description)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for VerifiedCallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifiedCallback")
            .field("return_to", &self.return_to)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CallbackError {
    #[error("Sign-in was refused: the response does not belong to a sign-in started in this browser tab (no pending sign-in).")]
    NoPendingLogin,
    #[error("Sign-in was refused: the response's state does not match the sign-in started in this tab. Nothing was stored; please sign in again.")]
    StateMismatch,
    #[error("The authorization server refused the sign-in: {0}")]
    Denied(String),
    #[error("The authorization server's response has no authorization code.")]
    NoCode,
}

/// Checks a callback against the pending login. `state` is compared in constant time.
pub fn verify_callback(
    pending: Option<&PendingLogin>,
    params: &CallbackParams,
) -> Result<VerifiedCallback, CallbackError> {
    let pending = pending.ok_or(CallbackError::NoPendingLogin)?;
    let state = params.state.as_deref().unwrap_or_default();
    if !constant_time_eq(state.as_bytes(), pending.state.as_bytes()) {
        return Err(CallbackError::StateMismatch);
    }
    if let Some(error) = &params.error {
        let text = match &params.error_description {
            Some(d) => format!("{error} ({d})"),
            None => error.clone(),
        };
        return Err(CallbackError::Denied(text));
    }
    let code = params
        .code
        .clone()
        .filter(|c| !c.is_empty())
        .ok_or(CallbackError::NoCode)?;
    Ok(VerifiedCallback {
        code,
        code_verifier: pending.code_verifier.clone(),
        return_to: pending.return_to.clone(),
    })
}

/// `BASE64URL(SHA256(verifier))`, RFC 7636 §4.2.
pub fn s256_challenge(code_verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(code_verifier.as_bytes()))
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// When to refresh: this many seconds before the access token expires (or a quarter of the
/// token's lifetime, for short-lived tokens).
pub const REFRESH_MARGIN_SECS: f64 = 30.0;

/// Tokens of a signed-in session (kept in memory and `sessionStorage` only).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// Milliseconds since the epoch.
    pub expires_at_ms: f64,
    /// The lifetime the server gave, in milliseconds (0 when unknown).
    #[serde(default)]
    pub lifetime_ms: f64,
}

impl std::fmt::Debug for Tokens {
    // Tokens must not reach a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("expires_at_ms", &self.expires_at_ms)
            .finish_non_exhaustive()
    }
}

impl Tokens {
    pub fn needs_refresh(&self, now_ms: f64) -> bool {
        let mut margin = REFRESH_MARGIN_SECS * 1000.0;
        if self.lifetime_ms > 0.0 {
            margin = margin.min(self.lifetime_ms / 4.0);
        }
        self.expires_at_ms - now_ms < margin
    }
}

/// The readable claims of an access token (a JWT); the signature is the API's business.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct TokenClaims {
    #[serde(default)]
    pub sub: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub signicat_accountid: Option<String>,
    #[serde(default)]
    pub organisation_id: Option<String>,
}

/// Reads a JWT's payload for display (user name, default account). Opaque tokens give `None`.
pub fn read_claims(access_token: &str) -> Option<TokenClaims> {
    let payload = access_token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending() -> PendingLogin {
        PendingLogin {
            state: "s-123".into(),
            code_verifier: "v".repeat(43),
            return_to: "#/account".into(),
        }
    }

    #[test]
    fn a_matching_callback_yields_the_code_and_verifier() {
        let params = CallbackParams::from_query("?code=abc&state=s-123");
        assert!(params.is_callback());
        let ok = verify_callback(Some(&pending()), &params).unwrap();
        assert_eq!(ok.code, "abc");
        assert_eq!(ok.code_verifier, "v".repeat(43));
        assert_eq!(ok.return_to, "#/account");
    }

    #[test]
    fn a_wrong_or_missing_state_is_refused() {
        for q in ["code=abc&state=evil", "code=abc", "code=abc&state=s-12"] {
            let params = CallbackParams::from_query(q);
            assert_eq!(
                verify_callback(Some(&pending()), &params),
                Err(CallbackError::StateMismatch),
                "{q}"
            );
        }
        let params = CallbackParams::from_query("code=abc&state=s-123");
        assert_eq!(
            verify_callback(None, &params),
            Err(CallbackError::NoPendingLogin)
        );
    }

    #[test]
    fn server_errors_and_missing_codes_are_reported() {
        let denied =
            CallbackParams::from_query("error=access_denied&error_description=no&state=s-123");
        assert_eq!(
            verify_callback(Some(&pending()), &denied),
            Err(CallbackError::Denied("access_denied (no)".into()))
        );
        let empty = CallbackParams::from_query("state=s-123&code=");
        assert_eq!(
            verify_callback(Some(&pending()), &empty),
            Err(CallbackError::NoCode)
        );
        assert!(!CallbackParams::from_query("foo=bar").is_callback());
    }

    #[test]
    fn debug_output_carries_no_code_verifier_or_state() {
        let params = CallbackParams::from_query("code=the-code&state=s-123");
        let ok = verify_callback(Some(&pending()), &params).unwrap();
        for text in [
            format!("{params:?}"),
            format!("{ok:?}"),
            format!("{:?}", pending()),
        ] {
            assert!(
                !text.contains("the-code") && !text.contains("vvvv") && !text.contains("s-123"),
                "{text}"
            );
        }
    }

    #[test]
    fn s256_matches_rfc_7636_appendix_b() {
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn tokens_refresh_before_expiry_and_never_print() {
        let t = Tokens {
            access_token: "secret-token".into(),
            refresh_token: Some("secret-refresh".into()),
            expires_at_ms: 100_000.0,
            lifetime_ms: 0.0,
        };
        assert!(!t.needs_refresh(60_000.0));
        assert!(t.needs_refresh(75_000.0));
        // A 4-second token is refreshed in its last second, not at once.
        let short = Tokens {
            expires_at_ms: 104_000.0,
            lifetime_ms: 4_000.0,
            ..t.clone()
        };
        assert!(!short.needs_refresh(100_000.0));
        assert!(short.needs_refresh(103_500.0));
        assert!(!format!("{t:?}").contains("secret"));
    }

    #[test]
    fn claims_are_read_from_a_jwt_payload() {
        let payload =
            URL_SAFE_NO_PAD.encode(br#"{"sub":"admin","name":"Demo","signicat_accountid":"a-1"}"#);
        let claims = read_claims(&format!("h.{payload}.sig")).unwrap();
        assert_eq!(claims.sub, "admin");
        assert_eq!(claims.signicat_accountid.as_deref(), Some("a-1"));
        assert_eq!(read_claims("opaque"), None);
    }
}
