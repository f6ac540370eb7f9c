//! X.509 signing certificates: the summary the console shows, their validity window and their
//! SHA-256 fingerprint.

use super::fingerprint::{colon_hex, same_fingerprint, sha256_fingerprint};
use super::oid::{oid_name, NAME_ATTRIBUTES, SIGNATURE_ALGORITHMS};
use super::pem::{decode_pem, PemError};
use super::public_key::{describe_spki, key_description};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use der::{Decode, Encode};
use x509_cert::Certificate;

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
        key_description(&self.public_key_algorithm, self.public_key_bits)
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
            let key = oid_name(NAME_ATTRIBUTES, &atv.oid);
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
    let (public_key_algorithm, public_key_bits) = describe_spki(&tbs.subject_public_key_info);
    let signature_algorithm = oid_name(SIGNATURE_ALGORITHMS, &cert.signature_algorithm.oid);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::material::pem::encode_pem;
    use crate::material::test_support::{
        certificate, p256_key, RSA_PKCS8, TEST_CERTIFICATE, TEST_CERTIFICATE_SHA256,
    };

    /// 2030-01-01T00:00:00Z.
    const JAN_2030: i64 = 1_893_456_000;

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
}
