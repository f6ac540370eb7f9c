//! Pure console logic: no web APIs, no signals, no I/O, so it builds and is tested natively
//! (`cargo test -p mobileid-console --lib`), as Leptos' `counter_without_macros` tests a CSR
//! crate. The pages and components call it; the API itself is the contract crate's.
//!
//! * [`analytics`]: the statistics and risk screens (validation, chart scaling, percentages,
//!   sorting, paging, CSV).
//! * [`property_draft`]: the configuration form's draft of property values.
//! * [`promotion`]: comparing two accounts and promoting settings from one to the other (the
//!   diff, the plan and its checks, the record).
//! * [`console_config`], [`embedding`]: the runtime configuration (`config.json`) and the
//!   embedding in a portal.
//! * [`login`]: the login bookkeeping (PKCE, `state`).
//! * [`e2e_key_names`]: the warning on E2E key names that point at another account or
//!   environment.

pub mod analytics;
pub mod console_config;
pub mod e2e_key_names;
pub mod embedding;
pub mod error_text;
pub mod login;
pub mod promotion;
pub mod property_draft;
pub mod typed_name;
