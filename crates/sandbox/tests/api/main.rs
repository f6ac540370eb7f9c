//! Every operation of the emulated Admin API: requests built by the contract's sans-IO
//! `ApiClient`, handed to the sandbox's axum router in-process (`Router::oneshot`, no port),
//! answers parsed by the same client. The happy paths (create → get → list → update → delete
//! where the operation exists) and the errors (401, the account-id rule, 404 for unknown ids,
//! 400 with `invalidParams`).
//!
//! One module per resource (named as the sandbox's handler file and the console's page), and
//! [`harness`] for what they share ([`common`]: what every test crate of the sandbox shares).

#[path = "../common/mod.rs"]
mod common;

mod access;
mod account;
mod apns_tokens;
mod configuration;
mod e2e_keys;
mod endpoints;
mod faults;
mod harness;
mod persistence;
mod risk;
mod signing_certificates;
mod statistics;
