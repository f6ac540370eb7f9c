//! Apple `.p8` APNs signing keys: checked (EC P-256, PKCS#8), wiped when dropped, and
//! Base64-encoded as the API wants them.

use super::fingerprint::{sha1_fingerprint, sha256_fingerprint};
use super::oid::{
    curve_name, OID_EC_PUBLIC_KEY, OID_ED25519, OID_ED448, OID_P256, OID_RSA, OID_RSA_PSS,
};
use super::pem::{decode_pem, encode_pem, pem_label, PemError};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use der::Decode;
use std::fmt;
use zeroize::{Zeroize, Zeroizing};

/// Why a file or text is not an APNs `.p8` key. Messages say what was found and what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileError {
    #[error("The file is empty.")]
    Empty,
    #[error("This is neither PEM text (-----BEGIN PRIVATE KEY-----) nor a PKCS#8 DER file. Choose the AuthKey_….p8 file Apple gave you.")]
    Unrecognised,
    #[error("The key text is incomplete: the -----END {0}----- line is missing. The file or the paste was cut short; load the whole .p8 file again.")]
    Truncated(String),
    #[error("The key text is damaged ({0}). Load the .p8 file again, unchanged.")]
    Damaged(String),
    #[error("This is a certificate (-----BEGIN {0}-----), not a private key. APNs needs the .p8 private key file.")]
    Certificate(String),
    #[error("This is a public key, not a private key. APNs needs the .p8 private key file.")]
    PublicKey,
    #[error("This key is encrypted. Apple's .p8 files are not; use the original file (or decrypt it: openssl pkcs8 -in key.pem -out key.p8).")]
    Encrypted,
    #[error("This is an EC key in SEC1 form (-----BEGIN EC PRIVATE KEY-----). Convert it to PKCS#8 first: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.p8.")]
    Sec1,
    #[error("This is an RSA private key. APNs token keys are EC P-256 (ES256) keys in PKCS#8 form, as in Apple's .p8 files.")]
    Rsa,
    #[error("This EC key is on curve {0}. APNs token keys are on P-256 (ES256).")]
    OtherCurve(String),
    #[error("This is a {0} private key. APNs token keys are EC P-256 (ES256) keys.")]
    OtherAlgorithm(String),
    #[error("Expected -----BEGIN PRIVATE KEY-----, found -----BEGIN {0}-----.")]
    OtherLabel(String),
    #[error("This is not a valid PKCS#8 private key ({0}). The file may be damaged or cut short.")]
    NotPkcs8(String),
    #[error("This is not a valid P-256 private key ({0}).")]
    InvalidKey(String),
}

/// A checked APNs signing key: an EC P-256 private key in PKCS#8 form, as in Apple's `.p8`
/// files. The DER is wiped from memory when this is dropped; `Debug` shows no key material.
pub struct ApnsPrivateKey {
    der: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for ApnsPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApnsPrivateKey")
            .field("algorithm", &"EC P-256")
            .field("der_len", &self.der.len())
            .field("der", &"<redacted>")
            .finish()
    }
}

impl ApnsPrivateKey {
    /// Reads a `.p8` file's bytes: PEM text (the usual form), raw PKCS#8 DER, or the Base64 of
    /// either (what the API takes, if that is what was pasted).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyFileError> {
        Self::read(bytes, true)
    }

    /// Reads pasted text (PEM, or the Base64 of a `.p8` file).
    pub fn from_text(text: &str) -> Result<Self, KeyFileError> {
        Self::read(text.as_bytes(), true)
    }

    /// Reads exactly a `.p8` file's bytes: PEM text or raw PKCS#8 DER, not their Base64 (for
    /// the API's `privateKey` once its Base64 is decoded: encoding it twice is an error).
    pub fn from_p8(bytes: &[u8]) -> Result<Self, KeyFileError> {
        Self::read(bytes, false)
    }

    fn read(bytes: &[u8], allow_base64: bool) -> Result<Self, KeyFileError> {
        // Binary DER first, untouched: trimming "white space" off it could cut key bytes
        // (a key whose last byte is 0x20 or 0x0a is as valid as any other).
        if bytes.first() == Some(&0x30) {
            if let Ok(key) = Self::from_der(bytes) {
                return Ok(key);
            }
        }
        let trimmed = trim_ascii(bytes);
        if trimmed.is_empty() {
            return Err(KeyFileError::Empty);
        }
        if let Ok(text) = std::str::from_utf8(trimmed) {
            if text.contains("-----BEGIN ") {
                return Self::from_pem(text);
            }
        }
        let der_error = if trimmed[0] == 0x30 {
            match Self::from_der(trimmed) {
                Ok(key) => return Ok(key),
                Err(e) => Some(e),
            }
        } else {
            None
        };
        if allow_base64
            && trimmed
                .iter()
                .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
        {
            // The Base64 of a .p8 file, as the API takes it.
            let compact: Zeroizing<Vec<u8>> = Zeroizing::new(
                trimmed
                    .iter()
                    .copied()
                    .filter(|b| !b.is_ascii_whitespace())
                    .collect(),
            );
            if let Ok(decoded) = STANDARD.decode(&compact[..]) {
                let decoded = Zeroizing::new(decoded);
                return Self::read(&decoded, false);
            }
        }
        Err(der_error.unwrap_or(KeyFileError::Unrecognised))
    }

    fn from_pem(text: &str) -> Result<Self, KeyFileError> {
        let label = pem_label(text).unwrap_or_default();
        match label.as_str() {
            "CERTIFICATE"
            | "X509 CERTIFICATE"
            | "TRUSTED CERTIFICATE"
            | "CERTIFICATE REQUEST"
            | "NEW CERTIFICATE REQUEST" => return Err(KeyFileError::Certificate(label)),
            "PUBLIC KEY" | "EC PUBLIC KEY" | "RSA PUBLIC KEY" => {
                return Err(KeyFileError::PublicKey)
            }
            "ENCRYPTED PRIVATE KEY" => return Err(KeyFileError::Encrypted),
            _ => {}
        }
        let block = match decode_pem(text) {
            Ok(block) => block,
            Err(PemError::NoEnd(label)) => return Err(KeyFileError::Truncated(label)),
            Err(PemError::Headers(_)) => return Err(KeyFileError::Encrypted),
            Err(e) => return Err(KeyFileError::Damaged(e.to_string())),
        };
        match block.label.as_str() {
            "PRIVATE KEY" => Self::from_der(&block.der),
            "EC PRIVATE KEY" => Err(KeyFileError::Sec1),
            "RSA PRIVATE KEY" => Err(KeyFileError::Rsa),
            other => Err(KeyFileError::OtherLabel(other.to_string())),
        }
    }

    fn from_der(der: &[u8]) -> Result<Self, KeyFileError> {
        let info = pkcs8::PrivateKeyInfo::from_der(der)
            .map_err(|e| KeyFileError::NotPkcs8(e.to_string()))?;
        match info.algorithm.oid {
            OID_EC_PUBLIC_KEY => {}
            OID_RSA | OID_RSA_PSS => return Err(KeyFileError::Rsa),
            OID_ED25519 => return Err(KeyFileError::OtherAlgorithm("Ed25519".into())),
            OID_ED448 => return Err(KeyFileError::OtherAlgorithm("Ed448".into())),
            other => return Err(KeyFileError::OtherAlgorithm(other.to_string())),
        }
        let curve = info
            .algorithm
            .parameters_oid()
            .map_err(|e| KeyFileError::InvalidKey(format!("no named curve: {e}")))?;
        if curve != OID_P256 {
            return Err(KeyFileError::OtherCurve(curve_name(&curve)));
        }
        // Checks the SEC1 structure and that the scalar is in range; the key is wiped when
        // `secret` drops at the end of this statement.
        let secret =
            p256::SecretKey::try_from(info).map_err(|e| KeyFileError::InvalidKey(e.to_string()))?;
        drop(secret);
        Ok(ApnsPrivateKey {
            der: Zeroizing::new(der.to_vec()),
        })
    }

    /// Size of the PKCS#8 DER, in bytes.
    pub fn der_len(&self) -> usize {
        self.der.len()
    }

    /// SHA-256 of the PKCS#8 DER (not secret: a hash of the key).
    pub fn sha256_fingerprint(&self) -> String {
        sha256_fingerprint(&self.der)
    }

    /// SHA-1 of the PKCS#8 DER.
    pub fn sha1_fingerprint(&self) -> String {
        sha1_fingerprint(&self.der)
    }

    /// `EC P-256 private key (PKCS#8), 138 bytes`: what the console shows instead of the key.
    pub fn summary(&self) -> String {
        format!("EC P-256 private key (PKCS#8), {} bytes", self.der.len())
    }

    /// The API's `privateKey`: the Base64 of the `.p8` file's text, normalised (PKCS#8 PEM,
    /// 64-character lines, LF). Wiped when dropped.
    pub fn to_api_base64(&self) -> Zeroizing<String> {
        let pem = encode_pem("PRIVATE KEY", &self.der);
        Zeroizing::new(STANDARD.encode(pem.as_bytes()))
    }
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// Wipes a string in place (for copies of key text the console had to make).
pub fn wipe(text: &mut String) {
    text.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::material::test_support::{
        certificate, p256_key, RSA_PKCS8, TEST_P8, TEST_P8_SHA256,
    };

    /// A P-384 key in PKCS#8 PEM (`openssl genpkey -algorithm EC -pkeyopt
    /// ec_paramgen_curve:P-384`). Test data.
    const P384_PKCS8: &str = "-----BEGIN PRIVATE KEY-----
MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDB4Re+eBDCgbycEH/us
39443OQgHJbR6W/7tEvl3zNxOcqYjoZmZqYzrpHuTWxDxuqhZANiAATy1vWPi37Q
mB/nJyCS4hzXbttu6t+ggv3nPpp7p47QD6PwDmV5PODvc3Bi4WGAVzjOYr6AOJbP
x4y2FGAHF21VAunDFXcgj0DYlzw5jjIT0SWch0VuGjxcjyCIT9L1vNQ=
-----END PRIVATE KEY-----
";

    #[test]
    fn a_der_key_ending_in_a_white_space_byte_is_read_whole() {
        // Once in ~40 keys the DER ends in a byte that is ASCII white space.
        let der = (0..2000)
            .map(|_| p256_key().serialize_der())
            .find(|d| d.last().is_some_and(|b| b.is_ascii_whitespace()))
            .expect("such a key within 2000 tries");
        let key = ApnsPrivateKey::from_bytes(&der).unwrap();
        assert_eq!(key.sha256_fingerprint(), sha256_fingerprint(&der));
    }

    #[test]
    fn a_real_p256_p8_key_is_accepted_and_encoded_for_the_api() {
        let key = p256_key();
        let pem = key.serialize_pem();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let der = key.serialize_der();
        let loaded = ApnsPrivateKey::from_bytes(pem.as_bytes()).unwrap();
        assert_eq!(loaded.der_len(), der.len());
        assert_eq!(loaded.sha256_fingerprint(), sha256_fingerprint(&der));
        assert_eq!(
            loaded.summary(),
            format!("EC P-256 private key (PKCS#8), {} bytes", der.len())
        );

        // The API gets the Base64 of the PEM text; decoding it gives the same key back.
        let b64 = loaded.to_api_base64();
        let text = String::from_utf8(STANDARD.decode(b64.as_bytes()).unwrap()).unwrap();
        assert!(text.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        assert!(text.ends_with("-----END PRIVATE KEY-----\n"));
        assert!(text.lines().all(|l| l.len() <= 64));
        assert_eq!(decode_pem(&text).unwrap().der.as_slice(), der.as_slice());

        // The same key from DER, CRLF PEM, pasted text, or the Base64 the API takes.
        for input in [
            der.clone(),
            pem.replace('\n', "\r\n").into_bytes(),
            format!("\n\n{pem}\n").into_bytes(),
            b64.as_bytes().to_vec(),
        ] {
            let k = ApnsPrivateKey::from_bytes(&input).unwrap();
            assert_eq!(k.sha256_fingerprint(), loaded.sha256_fingerprint());
        }
        assert!(ApnsPrivateKey::from_text(&pem).is_ok());

        // A `.p8` file exactly (the API's `privateKey` once decoded): PEM or DER, and the
        // Base64 of one is refused there, not decoded a second time.
        for p8 in [pem.as_bytes(), der.as_slice()] {
            let k = ApnsPrivateKey::from_p8(p8).unwrap();
            assert_eq!(k.sha1_fingerprint(), sha1_fingerprint(&der));
        }
        assert_eq!(
            ApnsPrivateKey::from_p8(b64.as_bytes()).unwrap_err(),
            KeyFileError::Unrecognised
        );

        // Debug never shows key material.
        let debug = format!("{loaded:?}");
        assert!(debug.contains("redacted"), "{debug}");
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        for line in pem.lines().filter(|l| !l.starts_with("-----")) {
            assert!(!debug.contains(line));
        }
        assert!(!debug.contains(&body[..16]));
    }

    #[test]
    fn rsa_keys_truncated_files_and_certificates_are_refused() {
        assert_eq!(
            ApnsPrivateKey::from_bytes(RSA_PKCS8.as_bytes()).unwrap_err(),
            KeyFileError::Rsa
        );
        let rsa_der = decode_pem(RSA_PKCS8).unwrap().der.to_vec();
        assert_eq!(
            ApnsPrivateKey::from_bytes(&rsa_der).unwrap_err(),
            KeyFileError::Rsa
        );
        let pkcs1 = RSA_PKCS8.replace("PRIVATE KEY", "RSA PRIVATE KEY");
        assert_eq!(
            ApnsPrivateKey::from_text(&pkcs1).unwrap_err(),
            KeyFileError::Rsa
        );

        // Truncated: the PEM text cut in half, and the DER cut short.
        let key = p256_key();
        let pem = key.serialize_pem();
        let half = &pem[..pem.len() / 2];
        let err = ApnsPrivateKey::from_text(half).unwrap_err();
        assert_eq!(err, KeyFileError::Truncated("PRIVATE KEY".into()));
        assert!(err.to_string().contains("cut short"), "{err}");
        let der = key.serialize_der();
        assert!(matches!(
            ApnsPrivateKey::from_bytes(&der[..der.len() - 10]).unwrap_err(),
            KeyFileError::NotPkcs8(_)
        ));
        // A damaged Base64 body.
        let damaged = pem.replacen('M', "*", 1);
        assert!(matches!(
            ApnsPrivateKey::from_text(&damaged).unwrap_err(),
            KeyFileError::Damaged(_) | KeyFileError::NotPkcs8(_)
        ));

        // A certificate, whole or cut short.
        let cert = certificate(&key, "apns", (2024, 1, 1), (2030, 1, 1)).pem();
        let err = ApnsPrivateKey::from_text(&cert).unwrap_err();
        assert_eq!(err, KeyFileError::Certificate("CERTIFICATE".into()));
        assert!(err.to_string().contains("not a private key"));
        assert_eq!(
            ApnsPrivateKey::from_text(&cert[..40]).unwrap_err(),
            KeyFileError::Certificate("CERTIFICATE".into())
        );

        // Other keys and other things.
        assert_eq!(
            ApnsPrivateKey::from_text(P384_PKCS8).unwrap_err(),
            KeyFileError::OtherCurve("P-384".into())
        );
        let ed = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
        assert_eq!(
            ApnsPrivateKey::from_text(&ed.serialize_pem()).unwrap_err(),
            KeyFileError::OtherAlgorithm("Ed25519".into())
        );
        assert_eq!(
            ApnsPrivateKey::from_text(&pem.replace("PRIVATE KEY", "EC PRIVATE KEY")).unwrap_err(),
            KeyFileError::Sec1
        );
        assert_eq!(
            ApnsPrivateKey::from_text(&pem.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"))
                .unwrap_err(),
            KeyFileError::Encrypted
        );
        assert_eq!(
            ApnsPrivateKey::from_text(&key.public_key_pem()).unwrap_err(),
            KeyFileError::PublicKey
        );
        assert_eq!(
            ApnsPrivateKey::from_text("   \n").unwrap_err(),
            KeyFileError::Empty
        );
        assert_eq!(
            ApnsPrivateKey::from_text("hello, world").unwrap_err(),
            KeyFileError::Unrecognised
        );
        assert_eq!(
            ApnsPrivateKey::from_bytes(&[0xff, 0xd8, 0xff, 0xe0]).unwrap_err(),
            KeyFileError::Unrecognised
        );
    }

    #[test]
    fn an_apns_key_made_by_openssl_has_the_fingerprint_openssl_computed() {
        let key = ApnsPrivateKey::from_text(TEST_P8).unwrap();
        assert_eq!(key.sha256_fingerprint(), TEST_P8_SHA256);
        let from_file = ApnsPrivateKey::from_bytes(TEST_P8.as_bytes()).unwrap();
        assert_eq!(from_file.sha256_fingerprint(), TEST_P8_SHA256);
        // What the API is sent is the same PKCS#8 document (the file's Base64 body), so the
        // sandbox fingerprints what openssl did.
        let body = |pem: &str| -> String {
            pem.lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<String>()
        };
        let sent = STANDARD.decode(key.to_api_base64().as_bytes()).unwrap();
        assert_eq!(
            body(std::str::from_utf8(&sent).unwrap()),
            body(TEST_P8),
            "the .p8 is sent as it is"
        );
    }
}
