//! The bookkeeping of an OAuth 2.0 authorization-code login with PKCE, without I/O: what is
//! kept between leaving for the authorization server and coming back, and the checks on the
//! way back. The browser side generates the values (with the `oauth2` crate); the sandbox
//! verifies the S256 transform with its own code.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Kept in `sessionStorage` while the browser is at the authorization server, removed on
/// return whatever the outcome.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLogin {
    pub state: String,
    pub code_verifier: String,
    /// The console route to show after login (e.g. `#/account`).
    pub return_to: String,
    /// The OpenID `nonce` sent with the request; the ID token must carry it back.
    #[serde(default)]
    pub nonce: Option<String>,
}

/// What the authorization server appended to the redirect URL.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CallbackParams {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
    /// RFC 9207: the issuer that sent this response.
    pub iss: Option<String>,
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
                "iss" => p.iss = v,
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
    pub nonce: Option<String>,
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
            .field("iss", &self.iss)
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
    #[error("Sign-in was refused: the response comes from another identity provider ({0}) than the one this console uses. Nothing was stored; please sign in again.")]
    IssuerMismatch(String),
    #[error("Sign-in was refused: the identity provider promised to name itself in its response (iss) and did not. Nothing was stored; please sign in again.")]
    IssuerMissing,
}

/// Checks a callback against the pending login. `state` is compared in constant time; the
/// response's `iss` (RFC 9207) must be the configured `issuer` when it is present, and must be
/// present when the provider advertises it (`require_iss`).
pub fn verify_callback(
    pending: Option<&PendingLogin>,
    params: &CallbackParams,
    issuer: Option<&str>,
    require_iss: bool,
) -> Result<VerifiedCallback, CallbackError> {
    let pending = pending.ok_or(CallbackError::NoPendingLogin)?;
    let state = params.state.as_deref().unwrap_or_default();
    if !constant_time_eq(state.as_bytes(), pending.state.as_bytes()) {
        return Err(CallbackError::StateMismatch);
    }
    match (params.iss.as_deref(), issuer) {
        (Some(iss), Some(expected)) if iss.trim_end_matches('/') != expected => {
            return Err(CallbackError::IssuerMismatch(iss.to_owned()));
        }
        (None, Some(_)) if require_iss => return Err(CallbackError::IssuerMissing),
        _ => {}
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
        nonce: pending.nonce.clone(),
    })
}

/// Equal bytes, in a time that does not depend on where they differ (`state`, `nonce`).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
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

/// Who signed in, from the ID token. Access tokens may be opaque, so the console never reads
/// them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct IdClaims {
    #[serde(default)]
    pub iss: String,
    #[serde(default)]
    pub sub: String,
    #[serde(default)]
    pub aud: Audience,
    #[serde(default)]
    pub nonce: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub preferred_username: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// `aud`: one string or several.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
    #[default]
    None,
}

impl Audience {
    fn contains(&self, client_id: &str) -> bool {
        match self {
            Audience::One(a) => a == client_id,
            Audience::Many(all) => all.iter().any(|a| a == client_id),
            Audience::None => false,
        }
    }
}

impl IdClaims {
    /// The name to show: the name, else the user name, else the e-mail, else the subject.
    pub fn display_name(&self) -> String {
        self.name
            .clone()
            .or_else(|| self.preferred_username.clone())
            .or_else(|| self.email.clone())
            .unwrap_or_else(|| self.sub.clone())
    }
}

/// Reads an ID token received from the token endpoint and checks what the console relies on
/// (OpenID Connect Core 3.1.3.7: the token came straight from the provider over TLS, so its
/// signature is not what the console checks): the issuer, the audience and the nonce.
pub fn check_id_token(
    id_token: &str,
    issuer: Option<&str>,
    client_id: &str,
    nonce: Option<&str>,
) -> Result<IdClaims, String> {
    let payload = id_token
        .split('.')
        .nth(1)
        .ok_or("The ID token is not a JWT.")?;
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| "The ID token is not readable.")?;
    let claims: IdClaims =
        serde_json::from_slice(&bytes).map_err(|e| format!("The ID token is not valid: {e}"))?;
    if let Some(issuer) = issuer {
        if claims.iss.trim_end_matches('/') != issuer {
            return Err(format!(
                "The ID token comes from another issuer ({}).",
                claims.iss
            ));
        }
    }
    if !claims.aud.contains(client_id) {
        return Err("The ID token is not meant for this console (aud).".into());
    }
    if let Some(nonce) = nonce {
        let echoed = claims.nonce.as_deref().unwrap_or_default();
        if !constant_time_eq(echoed.as_bytes(), nonce.as_bytes()) {
            return Err("The ID token does not answer this sign-in (nonce).".into());
        }
    }
    if claims.sub.is_empty() {
        return Err("The ID token names no user (sub).".into());
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending() -> PendingLogin {
        PendingLogin {
            state: "s-123".into(),
            code_verifier: "v".repeat(43),
            return_to: "#/account".into(),
            nonce: Some("n-1".into()),
        }
    }

    const ISSUER: Option<&str> = Some("https://idp.example.com");

    #[test]
    fn a_matching_callback_yields_the_code_and_verifier() {
        let params = CallbackParams::from_query("?code=abc&state=s-123");
        assert!(params.is_callback());
        let ok = verify_callback(Some(&pending()), &params, ISSUER, false).unwrap();
        assert_eq!(ok.code, "abc");
        assert_eq!(ok.code_verifier, "v".repeat(43));
        assert_eq!(ok.return_to, "#/account");
    }

    #[test]
    fn a_wrong_or_missing_state_is_refused() {
        for q in ["code=abc&state=evil", "code=abc", "code=abc&state=s-12"] {
            let params = CallbackParams::from_query(q);
            assert_eq!(
                verify_callback(Some(&pending()), &params, ISSUER, false),
                Err(CallbackError::StateMismatch),
                "{q}"
            );
        }
        let params = CallbackParams::from_query("code=abc&state=s-123");
        assert_eq!(
            verify_callback(None, &params, ISSUER, false),
            Err(CallbackError::NoPendingLogin)
        );
    }

    #[test]
    fn server_errors_and_missing_codes_are_reported() {
        let denied =
            CallbackParams::from_query("error=access_denied&error_description=no&state=s-123");
        assert_eq!(
            verify_callback(Some(&pending()), &denied, ISSUER, false),
            Err(CallbackError::Denied("access_denied (no)".into()))
        );
        let empty = CallbackParams::from_query("state=s-123&code=");
        assert_eq!(
            verify_callback(Some(&pending()), &empty, ISSUER, false),
            Err(CallbackError::NoCode)
        );
        assert!(!CallbackParams::from_query("foo=bar").is_callback());
    }

    #[test]
    fn debug_output_carries_no_code_verifier_or_state() {
        let params = CallbackParams::from_query("code=the-code&state=s-123");
        let ok = verify_callback(Some(&pending()), &params, ISSUER, false).unwrap();
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
    fn the_issuer_of_the_response_is_checked() {
        let from = |q: &str| CallbackParams::from_query(q);
        let ok = from("code=abc&state=s-123&iss=https%3A%2F%2Fidp.example.com");
        assert!(verify_callback(Some(&pending()), &ok, ISSUER, true).is_ok());
        let evil = from("code=abc&state=s-123&iss=https%3A%2F%2Fevil.example");
        assert_eq!(
            verify_callback(Some(&pending()), &evil, ISSUER, false),
            Err(CallbackError::IssuerMismatch("https://evil.example".into()))
        );
        let missing = from("code=abc&state=s-123");
        assert_eq!(
            verify_callback(Some(&pending()), &missing, ISSUER, true),
            Err(CallbackError::IssuerMissing)
        );
        assert!(verify_callback(Some(&pending()), &missing, ISSUER, false).is_ok());
        // A wrong state is refused before anything else is believed.
        let both = from("code=abc&state=evil&iss=https%3A%2F%2Fevil.example");
        assert_eq!(
            verify_callback(Some(&pending()), &both, ISSUER, true),
            Err(CallbackError::StateMismatch)
        );
        let nonce = verify_callback(Some(&pending()), &ok, ISSUER, true)
            .unwrap()
            .nonce;
        assert_eq!(nonce.as_deref(), Some("n-1"));
    }

    fn jwt(claims: &str) -> String {
        format!("h.{}.sig", URL_SAFE_NO_PAD.encode(claims))
    }

    #[test]
    fn the_id_token_names_the_user_for_this_console_and_this_sign_in() {
        let good = jwt(
            r#"{"iss":"https://idp.example.com","sub":"u1","aud":["c","x"],
            "nonce":"n-1","name":"Ada Admin"}"#,
        );
        let claims = check_id_token(&good, ISSUER, "c", Some("n-1")).unwrap();
        assert_eq!(claims.display_name(), "Ada Admin");
        assert_eq!(claims.sub, "u1");
        for (token, says) in [
            (
                jwt(r#"{"iss":"https://evil.example","sub":"u1","aud":"c","nonce":"n-1"}"#),
                "issuer",
            ),
            (
                jwt(r#"{"iss":"https://idp.example.com","sub":"u1","aud":"d","nonce":"n-1"}"#),
                "aud",
            ),
            (
                jwt(r#"{"iss":"https://idp.example.com","sub":"u1","aud":"c","nonce":"n-2"}"#),
                "nonce",
            ),
            (
                jwt(r#"{"iss":"https://idp.example.com","aud":"c","nonce":"n-1"}"#),
                "sub",
            ),
            ("opaque".to_string(), "JWT"),
        ] {
            let err = check_id_token(&token, ISSUER, "c", Some("n-1")).unwrap_err();
            assert!(err.contains(says), "{says}: {err}");
        }
        let plain = jwt(r#"{"sub":"u2","aud":"c","preferred_username":"ada"}"#);
        assert_eq!(
            check_id_token(&plain, None, "c", None)
                .unwrap()
                .display_name(),
            "ada"
        );
    }
}
