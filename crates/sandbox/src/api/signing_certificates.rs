//! Signing certificates: the list, per account (the certificates whose keys sign the account's
//! JWTs).
//!
//! Choices the reference does not settle:
//! * Each onboarded account has three real, self-signed ECDSA P-256 X.509 certificates
//!   ([`crate::seed::signing_certificates`]), listed newest first: an ACTIVE one valid for a
//!   year from onboarding, an ACTIVE one expiring 10 days after onboarding (so the console can
//!   warn), and a DEACTIVATED, expired one.
//! * `sha256Fingerprint` is the SHA-256 of the certificate's DER, lowercase colon-separated hex.
//!   With `SandboxConfig::wrong_certificate_fingerprint` the account's first certificate is
//!   answered with a wrong fingerprint (its first byte flipped).
//! * No 20-object limit (the reference states none for this list). An unknown `state` filter is
//!   a 400.

use super::{json, route, stored_resources, ApiResult, Caller, QueryParams};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use mobileid_admin_contract::endpoints::EndpointMap;
use mobileid_admin_contract::models::{
    CertificateState, SigningCertificate, SigningCertificateList,
};
use mobileid_admin_contract::Endpoint;

/// The `resources` kind of signing certificates (scoped by account).
pub const KIND: &str = "signing_certificate";

/// The fingerprint with its first byte flipped (`29:ce:…` → `d6:ce:…`).
pub fn flip_first_byte(fingerprint: &str) -> String {
    let (first, rest) = fingerprint.split_at(fingerprint.len().min(2));
    match u8::from_str_radix(first, 16) {
        Ok(byte) => format!("{:02x}{rest}", byte ^ 0xff),
        Err(_) => format!("00{rest}"),
    }
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    query: QueryParams,
) -> ApiResult<Response> {
    let account = caller.onboarded()?;
    let filter = query.one_of::<CertificateState>("state")?;
    let mut certificates: Vec<SigningCertificate> = stored_resources(&state, KIND, &account.id)?;
    if state.config.wrong_certificate_fingerprint {
        if let Some(first) = certificates.first_mut() {
            first.sha256_fingerprint = flip_first_byte(&first.sha256_fingerprint);
        }
    }
    certificates.retain(|c| filter.is_none_or(|s| c.state == s));
    let answer = SigningCertificateList {
        signing_certificates: certificates,
    };
    Ok(json(StatusCode::OK, &answer))
}

pub fn routes(map: &EndpointMap) -> Router<AppState> {
    route(Router::new(), map, Endpoint::ListSigningCertificates, list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flipping_changes_only_the_first_byte() {
        assert_eq!(flip_first_byte("29:ce:22"), "d6:ce:22");
        assert_eq!(flip_first_byte("ff"), "00");
    }
}
