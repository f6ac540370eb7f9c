//! Object identifiers and the names shown for them: key algorithms, curves, signature
//! algorithms and the attribute types of distinguished names.

use der::asn1::ObjectIdentifier;

pub(super) const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub(super) const OID_RSA_PSS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
pub(super) const OID_EC_PUBLIC_KEY: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub(super) const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const OID_SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
pub(super) const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
pub(super) const OID_ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");

/// Signature algorithms by OID (the common ones; others show as their dotted OID).
pub(super) const SIGNATURE_ALGORITHMS: &[(&str, &str)] = &[
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
pub(super) const NAME_ATTRIBUTES: &[(&str, &str)] = &[
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

/// The name `table` gives `oid`, or its dotted form when the table does not know it.
pub(super) fn oid_name(table: &[(&str, &str)], oid: &ObjectIdentifier) -> String {
    let dotted = oid.to_string();
    table
        .iter()
        .find(|(o, _)| *o == dotted)
        .map(|(_, name)| (*name).to_string())
        .unwrap_or(dotted)
}

pub(super) fn curve_name(oid: &ObjectIdentifier) -> String {
    match *oid {
        OID_P256 => "P-256".into(),
        OID_P384 => "P-384".into(),
        OID_P521 => "P-521".into(),
        OID_SECP256K1 => "secp256k1".into(),
        other => other.to_string(),
    }
}

pub(super) fn curve_bits(oid: &ObjectIdentifier) -> Option<u32> {
    match *oid {
        OID_P256 | OID_SECP256K1 => Some(256),
        OID_P384 => Some(384),
        OID_P521 => Some(521),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_oids_are_named_and_others_shown_dotted() {
        let ecdsa_sha256 = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
        assert_eq!(
            oid_name(SIGNATURE_ALGORITHMS, &ecdsa_sha256),
            "ECDSA with SHA-256"
        );
        let common_name = ObjectIdentifier::new_unwrap("2.5.4.3");
        assert_eq!(oid_name(NAME_ATTRIBUTES, &common_name), "CN");
        // Known to one table only: the other shows the dotted OID.
        assert_eq!(oid_name(SIGNATURE_ALGORITHMS, &common_name), "2.5.4.3");
        let unknown = ObjectIdentifier::new_unwrap("1.2.3.4.5");
        assert_eq!(oid_name(NAME_ATTRIBUTES, &unknown), "1.2.3.4.5");
    }
}
