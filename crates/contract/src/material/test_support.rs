//! What the tests of several files here share: an RSA key, a fresh P-256 key, a self-signed
//! certificate, and the openssl oracles.

/// A 1024-bit RSA key in PKCS#8 PEM, test data shared with the other test suites.
pub(super) const RSA_PKCS8: &str = include_str!("../../../../tests/data/test-only-rsa-1024.p8");

pub(super) fn p256_key() -> rcgen::KeyPair {
    rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap()
}

pub(super) fn certificate(
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

// Oracles: files made and fingerprinted once with the openssl CLI (the commands and their
// output are in tests/data/README.md), so no expected value below comes from this module.

pub(super) const TEST_P8: &str = include_str!("../../../../tests/data/test-only-ec-p256.p8");
pub(super) const TEST_CERTIFICATE: &str =
    include_str!("../../../../tests/data/test-only-certificate.pem");
/// `openssl dgst -sha256` of the PKCS#8 DER inside `test-only-ec-p256.p8`.
pub(super) const TEST_P8_SHA256: &str = "15:56:21:0c:2f:1e:f0:aa:57:a2:a4:0f:f7:87:cc:ed:d9:04:48:86:56:a7:bb:5f:17:9f:57:c2:6c:71:ec:fd";
/// `openssl x509 -fingerprint -sha256` of `test-only-certificate.pem`, lowercased.
pub(super) const TEST_CERTIFICATE_SHA256: &str = "b5:35:28:95:14:03:cc:42:b8:e9:08:a8:a2:f2:5b:02:34:4d:66:1e:94:a5:23:f4:be:e8:97:b6:00:c1:4a:e1";
/// `openssl x509 -pubkey` of the certificate as one Base64 line (its SubjectPublicKeyInfo
/// DER), and that DER's `openssl dgst -sha256`.
pub(super) const TEST_SPKI_BASE64: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEyWpXTHk9bOQyoTcwyJ17mcKnCO2+T1CNHtMmQF8M/Y9ex7LpI0RH99rmO8npgqCyaBHQ/NcKT8MYOjxDpdW1+Q==";
pub(super) const TEST_SPKI_SHA256: &str = "54:86:4c:b0:30:65:29:ff:aa:ff:af:3a:f5:9d:21:97:6c:fb:37:e7:df:8b:b6:be:1f:42:d7:53:b4:19:4e:f3";
