//! The real keys and certificates behind APNs tokens, E2E keys and signing certificates. Reading
//! keys and fingerprinting them is the contract's (`material`); making them is the sandbox's.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use mobileid_admin_contract::material::ApnsPrivateKey;
use p256::pkcs8::{EncodePrivateKey, EncodePublicKey};
use p256::SecretKey;
use rand::RngCore;

// The fingerprints are the contract's (one spelling for the console and the sandbox), named
// here too for the tests that hash the keys this module makes.
pub use mobileid_admin_contract::material::{sha1_fingerprint, sha256_fingerprint};

/// A fresh P-256 private key drawn from `rng` (a seeded one gives the same key every time).
pub fn random_p256(rng: &mut impl RngCore) -> SecretKey {
    loop {
        let mut bytes = [0u8; 32];
        rng.fill_bytes(&mut bytes);
        // Zero and values ≥ the group order (probability ~2^-32) are not keys: draw again.
        if let Ok(key) = SecretKey::from_slice(&bytes) {
            return key;
        }
    }
}

/// The DER of a key's PKCS#8 document, as inside an Apple `.p8` file.
pub fn pkcs8_der(key: &SecretKey) -> Vec<u8> {
    key.to_pkcs8_der()
        .map(|doc| doc.as_bytes().to_vec())
        .unwrap_or_default()
}

/// The `.p8` file's text (`-----BEGIN PRIVATE KEY-----`), for tests and demos.
pub fn pkcs8_pem(key: &SecretKey) -> String {
    key.to_pkcs8_pem(p256::pkcs8::LineEnding::LF)
        .map(|pem| pem.to_string())
        .unwrap_or_default()
}

/// The SubjectPublicKeyInfo DER of the key's public half.
pub fn public_key_spki_der(key: &SecretKey) -> Vec<u8> {
    key.public_key()
        .to_public_key_der()
        .map(|doc| doc.as_bytes().to_vec())
        .unwrap_or_default()
}

/// Fingerprints of an APNs private key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyFingerprints {
    pub sha1: String,
    pub sha256: String,
}

impl KeyFingerprints {
    /// Of the PKCS#8 DER of a key.
    pub fn of_der(der: &[u8]) -> Self {
        KeyFingerprints {
            sha1: sha1_fingerprint(der),
            sha256: sha256_fingerprint(der),
        }
    }
}

/// Checks an "Add APNs token" `privateKey`: the Base64 (standard alphabet, whitespace ignored)
/// of an Apple `.p8` file, that is PKCS#8 PEM text (`-----BEGIN PRIVATE KEY-----`) or the raw
/// PKCS#8 DER, holding an EC P-256 key (APNs signs its JWTs with ES256). Answers the
/// fingerprints of the PKCS#8 DER; the key itself is not kept (the contract's
/// [`ApnsPrivateKey`] zeroizes its copy).
pub fn apns_key_fingerprints(private_key_base64: &str) -> Result<KeyFingerprints, String> {
    let compact: String = private_key_base64.split_whitespace().collect();
    let p8 = STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| "Must be the Base64 (A–Z, a–z, 0–9, + and /, = padding) of the .p8 file.")?;
    let key = ApnsPrivateKey::from_p8(&p8).map_err(|e| e.to_string())?;
    Ok(KeyFingerprints {
        sha1: key.sha1_fingerprint(),
        sha256: key.sha256_fingerprint(),
    })
}

/// A self-signed X.509 certificate: PEM text and the SHA-256 fingerprint of its DER.
#[derive(Clone, Debug)]
pub struct GeneratedCertificate {
    pub pem: String,
    pub sha256_fingerprint: String,
}

/// A self-signed ECDSA P-256 certificate with subject `CN=<common_name>`, valid in
/// `[not_before, not_after]`.
pub fn self_signed_certificate(
    common_name: &str,
    not_before: time::OffsetDateTime,
    not_after: time::OffsetDateTime,
) -> Result<GeneratedCertificate, rcgen::Error> {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new())?;
    let mut name = rcgen::DistinguishedName::new();
    name.push(rcgen::DnType::CommonName, common_name);
    name.push(rcgen::DnType::OrganizationName, "Signicat MobileID sandbox");
    params.distinguished_name = name;
    params.not_before = not_before;
    params.not_after = not_after;
    params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
    let serial: [u8; 16] = rand::random();
    let mut serial = serial.to_vec();
    serial[0] &= 0x7f; // positive
    params.serial_number = Some(rcgen::SerialNumber::from_slice(&serial));
    let cert = params.self_signed(&key)?;
    Ok(GeneratedCertificate {
        pem: cert.pem(),
        sha256_fingerprint: sha256_fingerprint(cert.der()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn apns_keys_are_read_from_pem_or_der_and_other_things_are_refused() {
        let key = random_p256(&mut rand::rngs::StdRng::seed_from_u64(7));
        let der = pkcs8_der(&key);
        let want = KeyFingerprints::of_der(&der);
        assert_eq!(want.sha256.len(), 32 * 3 - 1);
        assert_eq!(want.sha1.len(), 20 * 3 - 1);
        let pem = pkcs8_pem(&key);
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        assert_eq!(
            apns_key_fingerprints(&STANDARD.encode(&pem)),
            Ok(want.clone())
        );
        assert_eq!(apns_key_fingerprints(&STANDARD.encode(&der)), Ok(want));

        assert!(apns_key_fingerprints("replace with base64 encoded private key").is_err());
        assert!(apns_key_fingerprints(&STANDARD.encode("hello")).is_err());
        let sec1 = pem.replace("PRIVATE KEY", "EC PRIVATE KEY");
        let err = apns_key_fingerprints(&STANDARD.encode(sec1)).unwrap_err();
        assert!(err.contains("EC PRIVATE KEY"), "{err}");
    }

    #[test]
    fn certificates_are_pem_with_the_fingerprint_of_their_der() {
        let now = time::OffsetDateTime::now_utc();
        let cert =
            self_signed_certificate("MobileID JWT signing 1", now, now + time::Duration::days(1))
                .unwrap();
        assert!(cert.pem.starts_with("-----BEGIN CERTIFICATE-----"));
        let body: String = cert
            .pem
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        let der = STANDARD.decode(body).unwrap();
        assert_eq!(cert.sha256_fingerprint, sha256_fingerprint(&der));
    }
}
