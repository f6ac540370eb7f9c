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
//!
//! [`Zeroizing`]: zeroize::Zeroizing

mod apns_key;
mod apple_id;
mod certificate;
mod fingerprint;
mod oid;
mod pem;
mod public_key;
#[cfg(test)]
mod test_support;

pub use apns_key::{wipe, ApnsPrivateKey, KeyFileError};
pub use apple_id::{apple_id_error, apple_id_warning, is_apple_id_format, AppleId};
pub use certificate::{
    certificate_der, parse_certificate, CertificateError, CertificateSummary, Validity,
    EXPIRY_WARNING_DAYS,
};
pub use fingerprint::{colon_hex, same_fingerprint, sha1_fingerprint, sha256_fingerprint};
pub use pem::{decode_pem, encode_pem, pem_label, PemBlock, PemError};
pub use public_key::{parse_public_key_base64, PublicKeySummary};
