//! Signing certificates: "Get list of signing certificates" (state filter). Each certificate is
//! parsed in the browser from its PEM ([`parse_certificate`]): subject, issuer, serial,
//! validity (with the days left), public key; its SHA-256 fingerprint is computed here and
//! compared with the one the API reports, and a mismatch is shown as an error.

use super::key_common::timestamp_text;
use crate::api;
use crate::browser;
use crate::components::api_error_view::ApiErrorView;
use crate::components::api_resource::{suspended, ApiResource};
use crate::components::copy::{CopyButton, CopyableCode};
use crate::components::fields::{Field, JsonFields};
use crate::components::state_badge::state_badge;
use crate::router::Page;
use crate::state::accounts::chosen_account_signal;
use leptos::prelude::*;
use mobileid_admin_contract::material::{parse_certificate, Validity, EXPIRY_WARNING_DAYS};
use mobileid_admin_contract::models::{CertificateState, SigningCertificate};

#[component]
pub fn SigningCertificatesPage() -> impl IntoView {
    let route = crate::router::use_route();
    let chosen = chosen_account_signal();
    // `#/signing-certificates?state=ACTIVE` keeps the filter in the address.
    let initial = route.with_untracked(|r| r.param("state").and_then(CertificateState::parse));
    let filter = RwSignal::new(initial);
    // `sort=expiry-asc` keeps the order in the address too (a reload shows the same list).
    let initial_order = route.with_untracked(|r| CertificateOrder::from_param(r.param("sort")));
    let order = RwSignal::new(initial_order);
    let list = ApiResource::new(
        move || (chosen.get(), filter.get()),
        |(_, state), abort| async move {
            api::send_abortable(api::client().list_signing_certificates(state), &abort)
                .await
                .map(|l| l.signing_certificates)
        },
    );
    let set_filter = move |value: String| {
        let state = CertificateState::parse(&value);
        filter.set(state);
        crate::router::Route::update_params(
            Page::SigningCertificates,
            &[("state", state.map(|s| s.to_string()).unwrap_or_default())],
        );
    };
    let set_order = move |value: String| {
        let chosen = CertificateOrder::from_param(Some(&value));
        order.set(chosen);
        crate::router::Route::update_params(
            Page::SigningCertificates,
            &[("sort", chosen.as_param().to_string())],
        );
    };

    view! {
        <h1 class="page-title">"Signing certificates"</h1>
        <p class="muted intro">
            "The certificates of the keys that sign this account's MobileID tokens. Each one is read and checked in your browser: its SHA-256 fingerprint is computed here and compared with the one the API reports."
        </p>
        <section class="card" id="signing-certificates">
            <div class="filters">
                <div class="form-field">
                    <label for="certificate-state-filter">"State"</label>
                    <select id="certificate-state-filter" name="state"
                        on:change=move |ev| set_filter(event_target_value(&ev))>
                        <option value="" selected=initial.is_none()>"All"</option>
                        {CertificateState::ALL.iter().map(|s| view! {
                            <option value=s.as_str() selected=initial == Some(*s)>{s.as_str()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-field">
                    <label for="certificate-sort">"Order"</label>
                    <select id="certificate-sort" name="sort"
                        on:change=move |ev| set_order(event_target_value(&ev))>
                        {CertificateOrder::ALL.iter().map(|o| view! {
                            <option value=o.as_param() selected=initial_order == *o>{o.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <Transition fallback=|| view! { <p class="muted" aria-busy="true" id="certificates-loading">"Loading signing certificates…"</p> }>
                {suspended(move || Suspend::new(async move { match list.await {
                    Err(e) => view! { <ApiErrorView error=e retry=move || list.refetch() /> }.into_any(),
                    Ok(certs) if certs.is_empty() => view! {
                        <p class="empty" id="certificates-empty">
                            {match filter.get_untracked() {
                                Some(s) => format!("No {s} signing certificates."),
                                None => "This account has no signing certificates.".to_string(),
                            }}
                        </p>
                    }.into_any(),
                    Ok(certs) => {
                        let count = certs.len();
                        view! {
                            <p class="muted" id="certificates-count">
                                {format!("{count} certificate{}.", if count == 1 { "" } else { "s" })}
                            </p>
                            // Its own reactive closure: a new order re-sorts without a new read.
                            {move || {
                                let mut certs = certs.clone();
                                order.get().sort(&mut certs);
                                certs.into_iter().enumerate().map(|(i, c)| certificate_card(i, c)).collect_view()
                            }}
                        }.into_any()
                    }
                }}))}
            </Transition>
        </section>
    }
}

/// The order of the certificate cards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CertificateOrder {
    /// As the API lists them (newest first in the sandbox).
    Listed,
    ExpirySoonest,
    ExpiryLatest,
}

impl CertificateOrder {
    const ALL: [CertificateOrder; 3] = [
        CertificateOrder::Listed,
        CertificateOrder::ExpirySoonest,
        CertificateOrder::ExpiryLatest,
    ];

    /// In the address; the API's order is the default and leaves `sort` out.
    fn as_param(self) -> &'static str {
        match self {
            CertificateOrder::Listed => "",
            CertificateOrder::ExpirySoonest => "expiry-asc",
            CertificateOrder::ExpiryLatest => "expiry-desc",
        }
    }

    fn from_param(text: Option<&str>) -> CertificateOrder {
        CertificateOrder::ALL
            .into_iter()
            .find(|o| Some(o.as_param()) == text)
            .unwrap_or(CertificateOrder::Listed)
    }

    fn label(self) -> &'static str {
        match self {
            CertificateOrder::Listed => "As the API lists them",
            CertificateOrder::ExpirySoonest => "Expiry, soonest first",
            CertificateOrder::ExpiryLatest => "Expiry, latest first",
        }
    }

    /// Sorts by the validity end read from each PEM; one that cannot be read goes last.
    fn sort(self, certs: &mut [SigningCertificate]) {
        let expiry = |c: &SigningCertificate| {
            parse_certificate(&c.certificate)
                .ok()
                .map(|s| s.not_after_unix)
        };
        match self {
            CertificateOrder::Listed => {}
            CertificateOrder::ExpirySoonest => {
                certs.sort_by_key(|c| expiry(c).unwrap_or(u64::MAX));
            }
            CertificateOrder::ExpiryLatest => {
                certs.sort_by_key(|c| std::cmp::Reverse(expiry(c).map_or(0, |e| e + 1)));
            }
        }
    }
}

fn certificate_card(index: usize, cert: SigningCertificate) -> impl IntoView {
    let id = format!("certificate-{index}");
    let parsed = parse_certificate(&cert.certificate);
    let reported = cert.sha256_fingerprint.clone();
    let title = match &parsed {
        Ok(s) => s
            .subject
            .split(", ")
            .find_map(|part| part.strip_prefix("CN="))
            .map(str::to_string)
            .unwrap_or_else(|| s.subject.clone()),
        Err(_) => format!("Certificate {}", index + 1),
    };
    let pem = cert.certificate.trim().to_string();
    let fingerprint_for_name = match &parsed {
        Ok(s) => s.sha256_fingerprint.clone(),
        Err(_) => reported.clone(),
    };
    let download = move |_| {
        let short: String = fingerprint_for_name
            .chars()
            .filter(|c| c.is_ascii_hexdigit())
            .take(16)
            .collect();
        let name = if short.is_empty() {
            format!("signing-certificate-{}.pem", index + 1)
        } else {
            format!("signing-certificate-{short}.pem")
        };
        browser::download(&name, "application/x-pem-file", &format!("{pem}\n"));
    };
    let body = match parsed {
        Err(e) => view! {
            <div class="banner error" role="alert" id=format!("{id}-parse-error")>
                <strong>"This certificate could not be read. "</strong>{e.to_string()}
                <p>"Its fingerprint cannot be checked. The API reports: " <code>{reported.clone()}</code></p>
            </div>
        }
        .into_any(),
        Ok(s) => {
            let now = super::key_common::now_unix();
            let validity = s.validity(now);
            let validity_class = match validity {
                Validity::Expired { .. } | Validity::NotYetValid { .. } => "validity error",
                v if v.expires_soon() => "validity warn",
                _ => "validity ok",
            };
            let validity_note = match validity {
                v if v.expires_soon() => format!(
                    "{} — fewer than {EXPIRY_WARNING_DAYS} days left",
                    v.describe()
                ),
                v => v.describe(),
            };
            let matches = s.fingerprint_matches(&reported);
            let computed = s.sha256_fingerprint.clone();
            let verdict = if matches {
                view! {
                    <p class="verify ok" id=format!("{id}-fingerprint-status")>
                        "Fingerprint verified: the SHA-256 computed in your browser matches the one the API reports."
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <div class="banner error" role="alert" id=format!("{id}-fingerprint-status")>
                        <strong class="error-title">"Fingerprint mismatch"</strong>
                        <p>"The SHA-256 of this certificate, computed in your browser, is not the fingerprint the API reports. Do not rely on this certificate until the difference is explained."</p>
                        <p>"Computed: " <code>{computed.clone()}</code></p>
                        <p>"Reported by the API: " <code>{if reported.is_empty() { "(none)".to_string() } else { reported.clone() }}</code></p>
                    </div>
                }
                .into_any()
            };
            view! {
                {verdict}
                <dl class="fields">
                    <Field label="Subject" value=s.subject.clone() id=format!("{id}-subject") />
                    <Field label="Issuer" value=s.issuer.clone() id=format!("{id}-issuer") />
                    <div class="field-row"><dt>"Serial number"</dt><dd><CopyableCode text=s.serial.clone() label="serial number" id=format!("{id}-serial") /></dd></div>
                    <Field label="Valid from" value=s.not_before.clone() id=format!("{id}-not-before") />
                    <div class="field-row">
                        <dt>"Valid until"</dt>
                        <dd id=format!("{id}-not-after")>{s.not_after.clone()}
                            <span class=validity_class id=format!("{id}-validity")>{validity_note}</span>
                        </dd>
                    </div>
                    <Field label="Public key" value=s.public_key_description() id=format!("{id}-public-key") />
                    <Field label="Signature algorithm" value=s.signature_algorithm.clone() id=format!("{id}-signature-algorithm") />
                    <Field label="X.509 version" value=s.version.to_string() />
                    <div class="field-row wide"><dt>"SHA-256 (computed here)"</dt><dd><CopyableCode text=computed.clone() label="computed SHA-256 fingerprint" id=format!("{id}-computed-fingerprint") /></dd></div>
                </dl>
            }
            .into_any()
        }
    };
    let copy_text = cert.sha256_fingerprint.clone();
    view! {
        <article class="card cert" id=id.clone() aria-labelledby=format!("{id}-title")>
            <div class="page-header">
                <h3 id=format!("{id}-title")>{title}</h3>
                {state_badge(cert.state, Some(format!("{id}-state")))}
            </div>
            {body}
            <dl class="fields">
                <Field label="Activated at" value=timestamp_text(&cert.activated_at) id=format!("{id}-activated") />
                <Field label="Deactivated at" value=timestamp_text(&cert.deactivated_at) id=format!("{id}-deactivated") />
                <div class="field-row wide"><dt>"SHA-256 (reported by the API)"</dt><dd><CopyableCode text=cert.sha256_fingerprint.clone() label="reported SHA-256 fingerprint" id=format!("{id}-reported-fingerprint") /></dd></div>
                <JsonFields map=cert.extra.clone() />
            </dl>
            <div class="actions">
                <button type="button" id=format!("{id}-download") on:click=download>"Download PEM"</button>
                <CopyButton text=Signal::derive(move || copy_text.clone()) label="fingerprint"
                    caption="Copy fingerprint" id=format!("{id}-copy-fingerprint") />
            </div>
        </article>
    }
}
