//! Browser tests: the built console (`dist/`) in headless Chromium against the sandbox, one
//! module per area. One test binary links once; `cargo test -p mobileid-e2e --test browser
//! -- configuration::` runs one area.

mod accessibility;
mod compare;
mod configuration;
mod embedding;
mod environment;
mod fidelity;
mod idle;
mod keys_and_certificates;
mod lists_and_switches;
mod login_and_account;
mod navigation;
mod oidc_provider;
mod reflow;
mod retry_after;
mod risk_triage;
mod security;
mod sign_in;
mod statistics_and_risk;
