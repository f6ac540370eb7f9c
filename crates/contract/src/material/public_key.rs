//! Public keys (SubjectPublicKeyInfo): the algorithm and size shown for a certificate's key
//! and for the Base64 public keys of E2E keys.

use super::fingerprint::sha256_fingerprint;
use super::oid::{
    curve_bits, curve_name, OID_EC_PUBLIC_KEY, OID_ED25519, OID_ED448, OID_RSA, OID_RSA_PSS,
};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use der::asn1::{ObjectIdentifier, UintRef};
use der::{Decode, Reader, SliceReader};
use x509_cert::spki::SubjectPublicKeyInfoOwned;

/// A public key given as the Base64 of its DER (SubjectPublicKeyInfo), as E2E keys carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKeySummary {
    /// `EC P-256 (256 bits)`, `RSA 2048 bits`, …
    pub description: String,
    /// SHA-256 of the DER.
    pub sha256_fingerprint: String,
}

/// Reads a Base64 SubjectPublicKeyInfo; `None` when it is not one (the console then shows
/// the text only).
pub fn parse_public_key_base64(text: &str) -> Option<PublicKeySummary> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let der = STANDARD.decode(compact.as_bytes()).ok()?;
    let spki = SubjectPublicKeyInfoOwned::from_der(&der).ok()?;
    let (algorithm, bits) = describe_spki(&spki);
    Some(PublicKeySummary {
        description: key_description(&algorithm, bits),
        sha256_fingerprint: sha256_fingerprint(&der),
    })
}

/// `EC P-256 (256 bits)`, `RSA 2048 bits`, `Ed25519 (256 bits)`: an algorithm as
/// [`describe_spki`] names it, with its size where it has one.
pub(super) fn key_description(algorithm: &str, bits: Option<u32>) -> String {
    match bits {
        Some(b) if algorithm.starts_with("RSA") => format!("{algorithm} {b} bits"),
        Some(b) => format!("{algorithm} ({b} bits)"),
        None => algorithm.to_string(),
    }
}

/// The modulus size of an RSA public key (PKCS#1 `RSAPublicKey`), in bits.
fn rsa_modulus_bits(public_key: &[u8]) -> Option<u32> {
    let mut reader = SliceReader::new(public_key).ok()?;
    let bits = reader
        .sequence(|seq| {
            let modulus = UintRef::decode(seq)?;
            let _exponent = UintRef::decode(seq)?;
            let bytes = modulus.as_bytes();
            let first = bytes.first().copied().unwrap_or(0);
            Ok((bytes.len() as u32) * 8 - first.leading_zeros())
        })
        .ok()?;
    Some(bits)
}

/// Algorithm and size of a SubjectPublicKeyInfo.
pub(super) fn describe_spki(spki: &SubjectPublicKeyInfoOwned) -> (String, Option<u32>) {
    let parameters = spki.algorithm.parameters.as_ref();
    let key_bytes = spki.subject_public_key.raw_bytes();
    match spki.algorithm.oid {
        OID_EC_PUBLIC_KEY => {
            match parameters.and_then(|p| p.decode_as::<ObjectIdentifier>().ok()) {
                Some(curve) => (format!("EC {}", curve_name(&curve)), curve_bits(&curve)),
                None => ("EC (explicit parameters)".into(), None),
            }
        }
        OID_RSA => ("RSA".into(), rsa_modulus_bits(key_bytes)),
        OID_RSA_PSS => ("RSA-PSS".into(), rsa_modulus_bits(key_bytes)),
        OID_ED25519 => ("Ed25519".into(), Some(256)),
        OID_ED448 => ("Ed448".into(), Some(456)),
        other => (other.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::material::certificate::parse_certificate;
    use crate::material::pem::decode_pem;
    use crate::material::test_support::{
        certificate, p256_key, RSA_PKCS8, TEST_SPKI_BASE64, TEST_SPKI_SHA256,
    };
    use der::Encode;

    #[test]
    fn other_key_types_are_described() {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap();
        let cert = certificate(&key, "p384", (2024, 1, 1), (2034, 1, 1));
        let s = parse_certificate(&cert.pem()).unwrap();
        assert_eq!(s.public_key_description(), "EC P-384 (384 bits)");
        assert_eq!(s.signature_algorithm, "ECDSA with SHA-384");
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
        let cert = certificate(&key, "ed", (2024, 1, 1), (2034, 1, 1));
        let s = parse_certificate(&cert.pem()).unwrap();
        assert_eq!(s.public_key_algorithm, "Ed25519");

        // RSA sizes come from the modulus: 1024 bits for the test vector's public key.
        let rsa = decode_pem(RSA_PKCS8).unwrap();
        let info = pkcs8::PrivateKeyInfo::from_der(&rsa.der).unwrap();
        let mut reader = SliceReader::new(info.private_key).unwrap();
        let (n, e) = reader
            .sequence(|seq| {
                let _version = UintRef::decode(seq)?;
                let n = UintRef::decode(seq)?.as_bytes().to_vec();
                let e = UintRef::decode(seq)?.as_bytes().to_vec();
                while !seq.is_finished() {
                    let _ = der::Any::decode(seq)?;
                }
                Ok((n, e))
            })
            .unwrap();
        let public = {
            let mut body = UintRef::new(&n).unwrap().to_der().unwrap();
            body.extend(UintRef::new(&e).unwrap().to_der().unwrap());
            let length = der::Length::try_from(body.len()).unwrap();
            let mut out = der::Header::new(der::Tag::Sequence, length)
                .unwrap()
                .to_der()
                .unwrap();
            out.extend(body);
            out
        };
        assert_eq!(rsa_modulus_bits(&public), Some(1024));
    }

    #[test]
    fn rsa_sizes_are_written_plainly_and_other_sizes_in_brackets() {
        // What certificates and E2E public keys both show.
        assert_eq!(key_description("RSA", Some(2048)), "RSA 2048 bits");
        assert_eq!(key_description("RSA-PSS", Some(3072)), "RSA-PSS 3072 bits");
        assert_eq!(
            key_description("EC P-256", Some(256)),
            "EC P-256 (256 bits)"
        );
        assert_eq!(key_description("RSA", None), "RSA");
        assert_eq!(key_description("1.2.3.4", None), "1.2.3.4");
    }

    #[test]
    fn public_keys_of_e2e_keys_are_described() {
        let key = p256_key();
        let spki = rcgen::PublicKeyData::subject_public_key_info(&key);
        let summary = parse_public_key_base64(&STANDARD.encode(&spki)).unwrap();
        assert_eq!(summary.description, "EC P-256 (256 bits)");
        assert_eq!(summary.sha256_fingerprint, sha256_fingerprint(&spki));
        assert_eq!(parse_public_key_base64("cHVibGljS2V5VmFsdWU="), None);
        assert_eq!(parse_public_key_base64("not base64!"), None);
    }

    #[test]
    fn a_public_key_exported_by_openssl_has_the_fingerprint_openssl_computed() {
        let summary = parse_public_key_base64(TEST_SPKI_BASE64).unwrap();
        assert_eq!(summary.sha256_fingerprint, TEST_SPKI_SHA256);
        assert_eq!(summary.description, "EC P-256 (256 bits)");
    }
}
