//! The two comparisons the authorization server makes: PKCE's S256 transform and a
//! constant-time equality for secrets. Written here rather than taken from the console: the
//! sandbox is the referee of the console's PKCE, so it computes S256 itself.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// `BASE64URL(SHA256(verifier))`, RFC 7636 §4.2.
pub fn s256_challenge(code_verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(code_verifier.as_bytes()))
}

/// Equal bytes, in a time that does not depend on where they differ (slices of different
/// lengths are unequal).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_matches_rfc_7636_appendix_b() {
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn constant_time_eq_compares_length_and_every_byte() {
        assert!(constant_time_eq(b"", b""));
        assert!(constant_time_eq(b"state", b"state"));
        assert!(!constant_time_eq(b"state", b"statf"));
        assert!(!constant_time_eq(b"state", b"stat"));
        assert!(!constant_time_eq(b"Xtate", b"state"));
    }
}
