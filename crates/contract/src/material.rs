//! Cryptographic material the console shows or sends, read without any web dependency so it
//! is tested natively: PEM armour, X.509 signing certificates (a summary for display and the
//! SHA-256 fingerprint), Apple `.p8` APNs keys (checked and Base64-encoded as the API wants
//! them) and public keys of E2E keys.
//!
//! Fingerprints are lowercase colon-separated hex of the SHA-256 of the DER, as the API shows
//! them (`29:ce:22:…`).
//!
//! Private keys: [`ApnsPrivateKey`] holds the PKCS#8 DER in a [`Zeroizing`] buffer (wiped when
//! dropped), its `Debug` prints no key material, and every intermediate copy made here is
//! zeroized too. What leaves this module is the Base64 for the request body, itself
//! [`Zeroizing`].

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use der::asn1::{ObjectIdentifier, UintRef};
use der::{Decode, Encode, Reader, SliceReader};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::fmt;
use x509_cert::Certificate;
use zeroize::{Zeroize, Zeroizing};

// ---------------------------------------------------------------- object identifiers

const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_RSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const OID_SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const OID_ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");

/// Signature algorithms by OID (the common ones; others show as their dotted OID).
const SIGNATURE_ALGORITHMS: &[(&str, &str)] = &[
    ("1.2.840.10045.4.3.2", "ECDSA with SHA-256"),
    ("1.2.840.10045.4.3.3", "ECDSA with SHA-384"),
    ("1.2.840.10045.4.3.4", "ECDSA with SHA-512"),
    ("1.2.840.113549.1.1.5", "RSA with SHA-1"),
    ("1.2.840.113549.1.1.11", "RSA with SHA-256"),
    ("1.2.840.113549.1.1.12", "RSA with SHA-384"),
    ("1.2.840.113549.1.1.13", "RSA with SHA-512"),
    ("1.2.840.113549.1.1.10", "RSA-PSS"),
    ("1.3.101.112", "Ed25519"),
    ("1.3.101.113", "Ed448"),
];

/// Attribute types of distinguished names (RFC 4514 short names and a few common others).
/// Written out here rather than taken from `const-oid`'s database, which would add its whole
/// table to the console's WebAssembly.
const NAME_ATTRIBUTES: &[(&str, &str)] = &[
    ("2.5.4.3", "CN"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.9", "STREET"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.5", "serialNumber"),
    ("2.5.4.97", "organizationIdentifier"),
    ("0.9.2342.19200300.100.1.1", "UID"),
    ("0.9.2342.19200300.100.1.25", "DC"),
    ("1.2.840.113549.1.9.1", "emailAddress"),
];

fn curve_name(oid: &ObjectIdentifier) -> String {
    match *oid {
        OID_P256 => "P-256".into(),
        OID_P384 => "P-384".into(),
        OID_P521 => "P-521".into(),
        OID_SECP256K1 => "secp256k1".into(),
        other => other.to_string(),
    }
}

fn curve_bits(oid: &ObjectIdentifier) -> Option<u32> {
    match *oid {
        OID_P256 | OID_SECP256K1 => Some(256),
        OID_P384 => Some(384),
        OID_P521 => Some(521),
        _ => None,
    }
}

// ---------------------------------------------------------------- fingerprints

/// `ab:6b:bb:…`: lowercase hex, colon-separated.
pub fn colon_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The SHA-256 fingerprint of DER bytes, as the API writes it.
pub fn sha256_fingerprint(der: &[u8]) -> String {
    colon_hex(&Sha256::digest(der))
}

/// The SHA-1 fingerprint of DER bytes, as the API writes it (APNs tokens carry one besides
/// the SHA-256).
pub fn sha1_fingerprint(der: &[u8]) -> String {
    colon_hex(&Sha1::digest(der))
}

/// Whether two fingerprints are the same value, whatever their case and separators
/// (`AB:CD`, `ab cd`, `abcd`). Empty fingerprints never match.
pub fn same_fingerprint(a: &str, b: &str) -> bool {
    let hex = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, ':' | ' ' | '-'))
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let (a, b) = (hex(a), hex(b));
    !a.is_empty() && a == b
}

// ---------------------------------------------------------------- PEM

/// One PEM block: its label (`CERTIFICATE`, `PRIVATE KEY`, …) and its decoded bytes.
pub struct PemBlock {
    pub label: String,
    pub der: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for PemBlock {
    // The block may be a private key: its bytes are never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PemBlock")
            .field("label", &self.label)
            .field("len", &self.der.len())
            .finish()
    }
}

/// Why a PEM text could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PemError {
    #[error("no -----BEGIN …----- line")]
    NoBegin,
    /// The text stops before its `-----END …-----` line: a truncated file or paste.
    #[error("the -----END {0}----- line is missing (the text is cut short)")]
    NoEnd(String),
    #[error("the text holds more than one PEM block")]
    SeveralBlocks,
    /// RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`): a legacy encrypted key.
    #[error("the block has headers ({0}); it is probably encrypted")]
    Headers(String),
    #[error("the Base64 inside the block is damaged")]
    Base64,
    #[error("the block is empty")]
    Empty,
}

/// The label of the first `-----BEGIN LABEL-----` line, if any.
pub fn pem_label(text: &str) -> Option<String> {
    let start = text.find("-----BEGIN ")? + "-----BEGIN ".len();
    let rest = &text[start..];
    let end = rest.find("-----")?;
    let label = &rest[..end];
    (!label.contains('\n')).then(|| label.trim().to_string())
}

/// Reads the one PEM block in `text`. Lenient where files in the wild differ (line lengths,
/// CRLF, surrounding whitespace or explanatory text), strict about truncation and headers.
pub fn decode_pem(text: &str) -> Result<PemBlock, PemError> {
    let label = pem_label(text).ok_or(PemError::NoBegin)?;
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let body_start = text.find(&begin).ok_or(PemError::NoBegin)? + begin.len();
    let rest = &text[body_start..];
    let body_end = rest
        .find(&end)
        .ok_or_else(|| PemError::NoEnd(label.clone()))?;
    if rest[body_end + end.len()..].contains("-----BEGIN ") {
        return Err(PemError::SeveralBlocks);
    }
    let body = &rest[..body_end];
    if let Some(line) = body.lines().find(|l| l.contains(':')) {
        let name = line
            .split(':')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        return Err(PemError::Headers(name));
    }
    let compact: Zeroizing<String> =
        Zeroizing::new(body.chars().filter(|c| !c.is_whitespace()).collect());
    if compact.is_empty() {
        return Err(PemError::Empty);
    }
    let der = Zeroizing::new(
        STANDARD
            .decode(compact.as_bytes())
            .map_err(|_| PemError::Base64)?,
    );
    Ok(PemBlock { label, der })
}

/// PEM text for DER bytes: 64-character lines, LF line endings, a final newline.
pub fn encode_pem(label: &str, der: &[u8]) -> Zeroizing<String> {
    let b64 = Zeroizing::new(STANDARD.encode(der));
    let mut out = Zeroizing::new(String::with_capacity(b64.len() + b64.len() / 64 + 64));
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        // Base64 is ASCII: every chunk is valid UTF-8.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

// ---------------------------------------------------------------- certificates

/// What the console shows of a signing certificate, read from its PEM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateSummary {
    /// X.509 version: 1, 2 or 3.
    pub version: u8,
    /// `CN=…, O=…, C=…`: attributes in certificate order, as `openssl x509 -subject` prints
    /// them, with RFC 4514 short names and escaping.
    pub subject: String,
    pub issuer: String,
    /// Colon-separated hex of the serial number's bytes.
    pub serial: String,
    /// `YYYY-MM-DD HH:MM:SS UTC`.
    pub not_before: String,
    pub not_after: String,
    /// Seconds since the Unix epoch.
    pub not_before_unix: u64,
    pub not_after_unix: u64,
    /// `EC P-256`, `RSA`, `Ed25519`, or the dotted OID of another algorithm.
    pub public_key_algorithm: String,
    /// Key size in bits, where the algorithm has one.
    pub public_key_bits: Option<u32>,
    pub signature_algorithm: String,
    /// Computed here, over the certificate's DER.
    pub sha256_fingerprint: String,
}

/// Where "now" is in a certificate's validity window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    NotYetValid {
        starts_in_days: i64,
    },
    /// `expires_in_days` is whole days left, rounded down (0: expires within a day).
    Valid {
        expires_in_days: i64,
    },
    Expired {
        days_ago: i64,
    },
}

/// Certificates expiring in fewer days than this are flagged.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

const DAY: i64 = 86_400;

impl Validity {
    /// Valid, but expiring in fewer than [`EXPIRY_WARNING_DAYS`] days.
    pub fn expires_soon(self) -> bool {
        matches!(self, Validity::Valid { expires_in_days } if expires_in_days < EXPIRY_WARNING_DAYS)
    }

    /// `expires in 12 days`, `expired 3 days ago`, `not valid before 2 days from now`.
    pub fn describe(self) -> String {
        fn days(n: i64) -> String {
            if n == 1 {
                "1 day".into()
            } else {
                format!("{n} days")
            }
        }
        match self {
            Validity::NotYetValid { starts_in_days } => {
                format!("not valid yet: starts in {}", days(starts_in_days))
            }
            Validity::Valid { expires_in_days: 0 } => "expires in less than a day".into(),
            Validity::Valid { expires_in_days } => format!("expires in {}", days(expires_in_days)),
            Validity::Expired { days_ago: 0 } => "expired less than a day ago".into(),
            Validity::Expired { days_ago } => format!("expired {} ago", days(days_ago)),
        }
    }
}

impl CertificateSummary {
    /// Where `now_unix` (seconds since the epoch) is in the validity window.
    pub fn validity(&self, now_unix: i64) -> Validity {
        let not_before = self.not_before_unix as i64;
        let not_after = self.not_after_unix as i64;
        if now_unix < not_before {
            Validity::NotYetValid {
                starts_in_days: (not_before - now_unix).div_euclid(DAY),
            }
        } else if now_unix > not_after {
            Validity::Expired {
                days_ago: (now_unix - not_after).div_euclid(DAY),
            }
        } else {
            Validity::Valid {
                expires_in_days: (not_after - now_unix).div_euclid(DAY),
            }
        }
    }

    /// Whether the API's fingerprint is the one computed from the certificate.
    pub fn fingerprint_matches(&self, reported: &str) -> bool {
        same_fingerprint(&self.sha256_fingerprint, reported)
    }

    /// `EC P-256 (256 bits)`, `RSA 2048 bits`.
    pub fn public_key_description(&self) -> String {
        match self.public_key_bits {
            Some(bits) if self.public_key_algorithm.starts_with("RSA") => {
                format!("{} {bits} bits", self.public_key_algorithm)
            }
            Some(bits) => format!("{} ({bits} bits)", self.public_key_algorithm),
            None => self.public_key_algorithm.clone(),
        }
    }
}

/// Why a certificate could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    #[error("The certificate text is empty.")]
    Empty,
    #[error("The PEM text cannot be read: {0}.")]
    Pem(PemError),
    #[error("Expected a certificate (-----BEGIN CERTIFICATE-----), found -----BEGIN {0}-----.")]
    WrongLabel(String),
    #[error("Neither PEM text nor the Base64 of a DER certificate.")]
    NotPemOrBase64,
    #[error("Not a valid X.509 certificate: {0}.")]
    Der(String),
}

fn time_text(time: &x509_cert::time::Time) -> String {
    let t = time.to_date_time();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minutes(),
        t.seconds()
    )
}

fn name_text(name: &x509_cert::name::Name) -> String {
    use der::asn1::{Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
    use der::{Tag, Tagged};
    let mut parts = Vec::new();
    // In DER order, as `openssl x509 -subject` shows names (RFC 4514 would reverse them).
    for rdn in name.0.iter() {
        let mut atvs = Vec::new();
        for atv in rdn.0.iter() {
            let oid = atv.oid.to_string();
            let key = NAME_ATTRIBUTES
                .iter()
                .find(|(o, _)| *o == oid)
                .map(|(_, k)| (*k).to_string())
                .unwrap_or(oid);
            let value = match atv.value.tag() {
                Tag::Utf8String => Utf8StringRef::try_from(&atv.value)
                    .ok()
                    .map(|s| s.as_str().to_string()),
                Tag::PrintableString => PrintableStringRef::try_from(&atv.value)
                    .ok()
                    .map(|s| s.as_str().to_string()),
                Tag::Ia5String => Ia5StringRef::try_from(&atv.value)
                    .ok()
                    .map(|s| s.as_str().to_string()),
                Tag::TeletexString => TeletexStringRef::try_from(&atv.value)
                    .ok()
                    .map(|s| s.as_str().to_string()),
                _ => None,
            }
            .map(|v| {
                let mut escaped = String::with_capacity(v.len());
                for c in v.chars() {
                    if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';') {
                        escaped.push('\\');
                    }
                    escaped.push(c);
                }
                escaped
            })
            .unwrap_or_else(|| {
                let der = atv.value.to_der().unwrap_or_default();
                format!("#{}", colon_hex(&der).replace(':', ""))
            });
            atvs.push(format!("{key}={value}"));
        }
        parts.push(atvs.join("+"));
    }
    if parts.is_empty() {
        "(empty)".into()
    } else {
        parts.join(", ")
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
fn describe_spki(
    algorithm: &ObjectIdentifier,
    parameters: Option<&der::Any>,
    key_bytes: &[u8],
) -> (String, Option<u32>) {
    match *algorithm {
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

/// The DER of a certificate given as PEM text or as the bare Base64 of its DER.
pub fn certificate_der(text: &str) -> Result<Vec<u8>, CertificateError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CertificateError::Empty);
    }
    if text.contains("-----BEGIN ") {
        let block = decode_pem(text).map_err(CertificateError::Pem)?;
        if block.label != "CERTIFICATE" {
            return Err(CertificateError::WrongLabel(block.label));
        }
        return Ok(block.der.to_vec());
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| CertificateError::NotPemOrBase64)
}

/// Reads a certificate (PEM text, or the bare Base64 of its DER) into what the console shows.
pub fn parse_certificate(text: &str) -> Result<CertificateSummary, CertificateError> {
    let der = certificate_der(text)?;
    let cert = Certificate::from_der(&der).map_err(|e| CertificateError::Der(e.to_string()))?;
    let tbs = &cert.tbs_certificate;
    let spki = &tbs.subject_public_key_info;
    let (public_key_algorithm, public_key_bits) = describe_spki(
        &spki.algorithm.oid,
        spki.algorithm.parameters.as_ref(),
        spki.subject_public_key.raw_bytes(),
    );
    let signature_oid = cert.signature_algorithm.oid.to_string();
    let signature_algorithm = SIGNATURE_ALGORITHMS
        .iter()
        .find(|(o, _)| *o == signature_oid)
        .map(|(_, n)| (*n).to_string())
        .unwrap_or(signature_oid);
    let version = match tbs.version {
        x509_cert::Version::V1 => 1,
        x509_cert::Version::V2 => 2,
        x509_cert::Version::V3 => 3,
    };
    Ok(CertificateSummary {
        version,
        subject: name_text(&tbs.subject),
        issuer: name_text(&tbs.issuer),
        serial: colon_hex(tbs.serial_number.as_bytes()),
        not_before: time_text(&tbs.validity.not_before),
        not_after: time_text(&tbs.validity.not_after),
        not_before_unix: tbs.validity.not_before.to_unix_duration().as_secs(),
        not_after_unix: tbs.validity.not_after.to_unix_duration().as_secs(),
        public_key_algorithm,
        public_key_bits,
        signature_algorithm,
        sha256_fingerprint: sha256_fingerprint(&der),
    })
}

// ---------------------------------------------------------------- public keys (E2E keys)

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
    let spki = x509_cert::spki::SubjectPublicKeyInfoOwned::from_der(&der).ok()?;
    let (algorithm, bits) = describe_spki(
        &spki.algorithm.oid,
        spki.algorithm.parameters.as_ref(),
        spki.subject_public_key.raw_bytes(),
    );
    let description = match bits {
        Some(b) if algorithm.starts_with("RSA") => format!("{algorithm} {b} bits"),
        Some(b) => format!("{algorithm} ({b} bits)"),
        None => algorithm,
    };
    Some(PublicKeySummary {
        description,
        sha256_fingerprint: sha256_fingerprint(&der),
    })
}

// ---------------------------------------------------------------- APNs private keys

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

// ---------------------------------------------------------------- Apple identifiers

/// Which Apple identifier an APNs field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppleId {
    /// `keyId`: the key's identifier (in the `.p8` file's name, `AuthKey_<key ID>.p8`).
    Key,
    /// `teamId`: the Apple developer team.
    Team,
}

impl AppleId {
    fn noun(self) -> &'static str {
        match self {
            AppleId::Key => "key IDs",
            AppleId::Team => "team IDs",
        }
    }
}

/// Whether `text` (trimmed) has Apple's format for key and team identifiers: exactly 10
/// upper-case letters A–Z or digits 0–9.
pub fn is_apple_id_format(text: &str) -> bool {
    let t = text.trim();
    t.len() == 10
        && t.bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// What blocks an APNs `keyId` or `teamId`: the reference documents both as "string
/// non-empty", so only an empty (or blank) value is an error.
pub fn apple_id_error(text: &str) -> Option<&'static str> {
    text.trim()
        .is_empty()
        .then_some("Required: the reference says it must not be empty.")
}

/// A warning (never blocking) when a non-empty `keyId` or `teamId` is not in Apple's format.
/// The format is Apple's, not the reference's: the reference states none and its own samples
/// (`ABCD1234`, `EDFG5678`) have 8 characters, so the server decides.
pub fn apple_id_warning(text: &str, kind: AppleId) -> Option<String> {
    let t = text.trim();
    if t.is_empty() || is_apple_id_format(t) {
        return None;
    }
    let count = t.chars().count();
    let found = if count != 10 {
        format!(
            "this one has {count} character{}",
            if count == 1 { "" } else { "s" }
        )
    } else {
        "this one has other characters".to_string()
    };
    Some(format!(
        "Apple's {} are 10 characters, upper-case letters and digits ({found}); the reference does not state a format and its samples use 8 — the server decides.",
        kind.noun()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1024-bit RSA key in PKCS#8 PEM, test data shared with the other test suites.
    const RSA_PKCS8: &str = include_str!("../../../tests/data/test-only-rsa-1024.p8");

    /// A P-384 key in PKCS#8 PEM (`openssl genpkey -algorithm EC -pkeyopt
    /// ec_paramgen_curve:P-384`). Test data.
    const P384_PKCS8: &str = "-----BEGIN PRIVATE KEY-----
MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDB4Re+eBDCgbycEH/us
39443OQgHJbR6W/7tEvl3zNxOcqYjoZmZqYzrpHuTWxDxuqhZANiAATy1vWPi37Q
mB/nJyCS4hzXbttu6t+ggv3nPpp7p47QD6PwDmV5PODvc3Bi4WGAVzjOYr6AOJbP
x4y2FGAHF21VAunDFXcgj0DYlzw5jjIT0SWch0VuGjxcjyCIT9L1vNQ=
-----END PRIVATE KEY-----
";

    fn p256_key() -> rcgen::KeyPair {
        rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap()
    }

    fn certificate(
        key: &rcgen::KeyPair,
        cn: &str,
        not_before: (i32, u8, u8),
        not_after: (i32, u8, u8),
    ) -> rcgen::Certificate {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        let mut name = rcgen::DistinguishedName::new();
        name.push(rcgen::DnType::CommonName, cn);
        name.push(rcgen::DnType::OrganizationName, "Signicat, MobileID");
        name.push(rcgen::DnType::CountryName, "NO");
        params.distinguished_name = name;
        params.not_before = rcgen::date_time_ymd(not_before.0, not_before.1, not_before.2);
        params.not_after = rcgen::date_time_ymd(not_after.0, not_after.1, not_after.2);
        params.serial_number = Some(rcgen::SerialNumber::from_slice(&[
            0x01, 0x23, 0x45, 0x67, 0x89,
        ]));
        params.self_signed(key).unwrap()
    }

    /// 2030-01-01T00:00:00Z.
    const JAN_2030: i64 = 1_893_456_000;

    #[test]
    fn fingerprints_are_lowercase_colon_hex_and_compare_leniently() {
        assert_eq!(colon_hex(&[0xab, 0x06, 0xff]), "ab:06:ff");
        assert_eq!(colon_hex(&[]), "");
        // SHA-256 of "abc" (FIPS 180-2 test vector).
        assert_eq!(
            sha256_fingerprint(b"abc"),
            "ba:78:16:bf:8f:01:cf:ea:41:41:40:de:5d:ae:22:23:b0:03:61:a3:96:17:7a:9c:b4:10:ff:61:f2:00:15:ad"
        );
        // SHA-1 of "abc" (FIPS 180-2 test vector).
        assert_eq!(
            sha1_fingerprint(b"abc"),
            "a9:99:3e:36:47:06:81:6a:ba:3e:25:71:78:50:c2:6c:9c:d0:d8:9d"
        );
        assert!(same_fingerprint("AB:CD:EF", "ab:cd:ef"));
        assert!(same_fingerprint("ab cd ef", "abcdef"));
        assert!(!same_fingerprint("ab:cd:ef", "ab:cd:ee"));
        assert!(!same_fingerprint("", ""));
    }

    #[test]
    fn certificates_are_parsed_and_fingerprinted() {
        let key = p256_key();
        let cert = certificate(&key, "MobileID JWT signing 1", (2024, 1, 1), (2030, 1, 21));
        let pem = cert.pem();
        let summary = parse_certificate(&pem).unwrap();
        assert_eq!(summary.version, 3);
        assert_eq!(
            summary.subject,
            "CN=MobileID JWT signing 1, O=Signicat\\, MobileID, C=NO"
        );
        assert_eq!(summary.issuer, summary.subject, "self-signed");
        assert_eq!(summary.serial, "01:23:45:67:89");
        assert_eq!(summary.not_before, "2024-01-01 00:00:00 UTC");
        assert_eq!(summary.not_after, "2030-01-21 00:00:00 UTC");
        assert_eq!(summary.public_key_algorithm, "EC P-256");
        assert_eq!(summary.public_key_bits, Some(256));
        assert_eq!(summary.public_key_description(), "EC P-256 (256 bits)");
        assert_eq!(summary.signature_algorithm, "ECDSA with SHA-256");
        // The fingerprint is the SHA-256 of the DER rcgen produced.
        assert_eq!(summary.sha256_fingerprint, sha256_fingerprint(cert.der()));
        assert_eq!(summary.sha256_fingerprint.len(), 32 * 3 - 1);
        assert!(summary.fingerprint_matches(&summary.sha256_fingerprint.to_uppercase()));
        let mut wrong = summary.sha256_fingerprint.clone();
        wrong.replace_range(0..2, if wrong.starts_with("00") { "01" } else { "00" });
        assert!(!summary.fingerprint_matches(&wrong));

        // CRLF, surrounding text and a single Base64 line are read too; so is bare Base64.
        let crlf = format!("Signing certificate:\r\n{}", pem.replace('\n', "\r\n"));
        assert_eq!(parse_certificate(&crlf).unwrap(), summary);
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let one_line = format!("-----BEGIN CERTIFICATE-----{body}-----END CERTIFICATE-----");
        assert_eq!(parse_certificate(&one_line).unwrap(), summary);
        assert_eq!(parse_certificate(&body).unwrap(), summary);
    }

    #[test]
    fn validity_counts_days_and_warns_under_thirty() {
        let key = p256_key();
        let cert = certificate(&key, "x", (2024, 1, 1), (2030, 1, 21));
        let s = parse_certificate(&cert.pem()).unwrap();
        let v = s.validity(JAN_2030);
        assert_eq!(
            v,
            Validity::Valid {
                expires_in_days: 20
            }
        );
        assert!(v.expires_soon());
        assert_eq!(v.describe(), "expires in 20 days");
        let v = s.validity(JAN_2030 - 31 * DAY);
        assert_eq!(
            v,
            Validity::Valid {
                expires_in_days: 51
            }
        );
        assert!(!v.expires_soon());
        let v = s.validity(JAN_2030 + 21 * DAY + 3600);
        assert_eq!(v, Validity::Expired { days_ago: 1 });
        assert_eq!(v.describe(), "expired 1 day ago");
        assert!(!v.expires_soon());
        let v = s.validity(s.not_before_unix as i64 - 2 * DAY - 5);
        assert_eq!(v, Validity::NotYetValid { starts_in_days: 2 });
        assert_eq!(
            s.validity(s.not_after_unix as i64 - 3600).describe(),
            "expires in less than a day"
        );
    }

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
    fn certificate_errors_say_what_is_wrong() {
        assert_eq!(parse_certificate("  "), Err(CertificateError::Empty));
        assert_eq!(
            parse_certificate("<PEM encoded Certificate>"),
            Err(CertificateError::NotPemOrBase64)
        );
        assert_eq!(
            parse_certificate(RSA_PKCS8),
            Err(CertificateError::WrongLabel("PRIVATE KEY".into()))
        );
        let pem = certificate(&p256_key(), "x", (2024, 1, 1), (2030, 1, 1)).pem();
        let cut = &pem[..pem.len() / 2];
        assert_eq!(
            parse_certificate(cut),
            Err(CertificateError::Pem(PemError::NoEnd("CERTIFICATE".into())))
        );
        // A block whose Base64 decodes but is not a certificate.
        let junk = encode_pem("CERTIFICATE", b"not a certificate");
        assert!(matches!(
            parse_certificate(&junk),
            Err(CertificateError::Der(_))
        ));
    }

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
    fn an_empty_apple_id_is_an_error_and_only_that() {
        for blank in ["", "   ", "\t"] {
            assert!(apple_id_error(blank).is_some(), "{blank:?}");
            // The error says it; no warning on top.
            assert_eq!(apple_id_warning(blank, AppleId::Key), None);
        }
        // Anything non-empty passes: the reference says only "string non-empty".
        for given in [
            "ABCDE12345",
            "ABCD1234",
            "EDFG5678",
            "abcde12345",
            "key-id",
            "X",
        ] {
            assert_eq!(apple_id_error(given), None, "{given}");
        }
    }

    #[test]
    fn apple_ids_out_of_apples_format_are_warnings_naming_the_sources() {
        assert!(is_apple_id_format("ABCDE12345"));
        assert!(is_apple_id_format(" ABCDE12345 "));
        assert_eq!(apple_id_warning("ABCDE12345", AppleId::Key), None);
        assert_eq!(apple_id_warning(" TEAM000001 ", AppleId::Team), None);
        // The reference's own samples: 8 characters.
        let w = apple_id_warning("ABCD1234", AppleId::Key).unwrap();
        assert!(w.starts_with("Apple's key IDs are 10 characters"), "{w}");
        assert!(w.contains("this one has 8 characters"), "{w}");
        assert!(w.contains("the reference does not state a format"), "{w}");
        assert!(w.contains("samples use 8"), "{w}");
        assert!(w.contains("the server decides"), "{w}");
        let w = apple_id_warning("EDFG5678", AppleId::Team).unwrap();
        assert!(w.starts_with("Apple's team IDs"), "{w}");
        // Ten characters, but lower case or punctuation.
        for odd in ["abcde12345", "ABCDE-1234"] {
            assert!(!is_apple_id_format(odd), "{odd}");
            let w = apple_id_warning(odd, AppleId::Team).unwrap();
            assert!(w.contains("other characters"), "{w}");
        }
        assert!(apple_id_warning("X", AppleId::Key)
            .unwrap()
            .contains("has 1 character)"));
    }

    #[test]
    fn pem_blocks_are_read_leniently_and_refused_when_cut_or_doubled() {
        let text = encode_pem("CERTIFICATE", &[1, 2, 3, 4, 5]);
        assert_eq!(
            text.as_str(),
            "-----BEGIN CERTIFICATE-----\nAQIDBAU=\n-----END CERTIFICATE-----\n"
        );
        let block = decode_pem(&text).unwrap();
        assert_eq!(block.label, "CERTIFICATE");
        assert_eq!(block.der.as_slice(), &[1, 2, 3, 4, 5]);
        assert!(!format!("{block:?}").contains("AQID"));
        assert_eq!(decode_pem("nothing").unwrap_err(), PemError::NoBegin);
        let double = format!("{}{}", text.as_str(), text.as_str());
        assert_eq!(decode_pem(&double).unwrap_err(), PemError::SeveralBlocks);
        let headers = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAQID\n-----END RSA PRIVATE KEY-----";
        assert_eq!(
            decode_pem(headers).unwrap_err(),
            PemError::Headers("Proc-Type".into())
        );
        assert_eq!(
            decode_pem("-----BEGIN X-----\n-----END X-----").unwrap_err(),
            PemError::Empty
        );
        assert_eq!(
            decode_pem("-----BEGIN X-----\n@@@@\n-----END X-----").unwrap_err(),
            PemError::Base64
        );
    }

    // Oracles: files made and fingerprinted once with the openssl CLI (the commands and their
    // output are in tests/data/README.md), so no expected value below comes from this module.

    const TEST_P8: &str = include_str!("../../../tests/data/test-only-ec-p256.p8");
    const TEST_CERTIFICATE: &str = include_str!("../../../tests/data/test-only-certificate.pem");
    /// `openssl dgst -sha256` of the PKCS#8 DER inside `test-only-ec-p256.p8`.
    const TEST_P8_SHA256: &str = "15:56:21:0c:2f:1e:f0:aa:57:a2:a4:0f:f7:87:cc:ed:d9:04:48:86:56:a7:bb:5f:17:9f:57:c2:6c:71:ec:fd";
    /// `openssl x509 -fingerprint -sha256` of `test-only-certificate.pem`, lowercased.
    const TEST_CERTIFICATE_SHA256: &str = "b5:35:28:95:14:03:cc:42:b8:e9:08:a8:a2:f2:5b:02:34:4d:66:1e:94:a5:23:f4:be:e8:97:b6:00:c1:4a:e1";
    /// `openssl x509 -pubkey` of the certificate as one Base64 line (its SubjectPublicKeyInfo
    /// DER), and that DER's `openssl dgst -sha256`.
    const TEST_SPKI_BASE64: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEyWpXTHk9bOQyoTcwyJ17mcKnCO2+T1CNHtMmQF8M/Y9ex7LpI0RH99rmO8npgqCyaBHQ/NcKT8MYOjxDpdW1+Q==";
    const TEST_SPKI_SHA256: &str = "54:86:4c:b0:30:65:29:ff:aa:ff:af:3a:f5:9d:21:97:6c:fb:37:e7:df:8b:b6:be:1f:42:d7:53:b4:19:4e:f3";

    #[test]
    fn a_certificate_made_by_openssl_reads_as_openssl_reads_it() {
        let summary = parse_certificate(TEST_CERTIFICATE).unwrap();
        assert_eq!(summary.sha256_fingerprint, TEST_CERTIFICATE_SHA256);
        assert!(summary.fingerprint_matches(&TEST_CERTIFICATE_SHA256.to_uppercase()));
        // openssl -subject: "CN = MobileID test-only certificate, O = mobileid-e2e test data".
        assert_eq!(
            summary.subject,
            "CN=MobileID test-only certificate, O=mobileid-e2e test data"
        );
        assert_eq!(summary.issuer, summary.subject, "self-signed");
        // openssl -serial: 0A1B2C3D4E5F.
        assert_eq!(summary.serial, "0a:1b:2c:3d:4e:5f");
        // openssl -dates: Nov 30 08:24:39 2026 GMT to Nov 6 08:24:39 2126 GMT.
        assert_eq!(summary.not_before, "2026-11-30 08:24:39 UTC");
        assert_eq!(summary.not_after, "2126-11-06 08:24:39 UTC");
        assert_eq!(summary.public_key_description(), "EC P-256 (256 bits)");
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

    #[test]
    fn a_public_key_exported_by_openssl_has_the_fingerprint_openssl_computed() {
        let summary = parse_public_key_base64(TEST_SPKI_BASE64).unwrap();
        assert_eq!(summary.sha256_fingerprint, TEST_SPKI_SHA256);
        assert_eq!(summary.description, "EC P-256 (256 bits)");
    }
}
