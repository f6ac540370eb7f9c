//! Signing certificates.

use crate::common::unique_dir;
use crate::harness::{assert_invalid, colon_hex_sha256, config, pem_der, with_query, Harness};
use mobileid_admin_contract::models::*;
use mobileid_sandbox::store::PRODUCTION_ACCOUNT;

#[tokio::test]
async fn signing_certificates_are_real_and_filtered_by_state() {
    let h = Harness::start("certificates");
    let all = h
        .ok(h.api.list_signing_certificates(None))
        .await
        .signing_certificates;
    let states: Vec<CertificateState> = all.iter().map(|c| c.state).collect();
    use CertificateState::*;
    assert_eq!(states, [Active, Active, Deactivated]);
    for certificate in &all {
        assert!(certificate
            .certificate
            .starts_with("-----BEGIN CERTIFICATE-----"));
        let der = pem_der(&certificate.certificate);
        assert_eq!(certificate.sha256_fingerprint, colon_hex_sha256(&der));
        assert!(certificate.activated_at.is_some());
        assert_eq!(
            certificate.deactivated_at.is_some(),
            certificate.state == Deactivated
        );
    }
    let active = h
        .ok(h.api.list_signing_certificates(Some(Active)))
        .await
        .signing_certificates;
    assert_eq!(active, all[..2]);
    let deactivated = h
        .ok(h.api.list_signing_certificates(Some(Deactivated)))
        .await
        .signing_certificates;
    assert_eq!(deactivated, all[2..]);
    let bad = with_query(h.api.list_signing_certificates(None), "state=EXPIRED");
    assert_invalid(h.call(bad).await, "state");
    // Per account.
    let production = h
        .api
        .clone()
        .with_account_id(Some(PRODUCTION_ACCOUNT.into()));
    let other = h.ok(production.list_signing_certificates(None)).await;
    assert_eq!(other.signing_certificates.len(), 3);
    assert_ne!(other.signing_certificates, all);
    h.finish();

    // With the fault switched on, the first one is answered with a wrong fingerprint.
    let mut config = config(unique_dir("wrong-fingerprint"));
    config.wrong_certificate_fingerprint = true;
    let h = Harness::with(config);
    let all = h
        .ok(h.api.list_signing_certificates(None))
        .await
        .signing_certificates;
    let computed: Vec<String> = all
        .iter()
        .map(|c| colon_hex_sha256(&pem_der(&c.certificate)))
        .collect();
    assert_ne!(all[0].sha256_fingerprint, computed[0]);
    assert_eq!(all[0].sha256_fingerprint[2..], computed[0][2..]);
    assert_eq!(all[1].sha256_fingerprint, computed[1]);
    h.finish();
}
