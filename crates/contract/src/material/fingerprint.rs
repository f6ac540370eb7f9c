//! Fingerprints: lowercase colon-separated hex of a digest of DER bytes, as the API writes
//! them, and their lenient comparison.

use sha1::Sha1;
use sha2::{Digest, Sha256};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
