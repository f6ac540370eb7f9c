//! The Signicat MobileID Admin API contract, without any I/O or web dependency.
//!
//! * [`models`]: serde models of every request and response, lenient where the real API is
//!   (numbers as strings, device states as numbers or names, several timestamp spellings).
//! * [`endpoints`]: every operation's method and path, in one table.
//! * [`client`]: a sans-IO client: builds `http::Request`s and parses `http::Response`s, so the
//!   same code runs over `gloo-net` in the browser and over a native client in tests.
//! * [`error`]: problem+json, network and parse errors in one type.
//! * [`account_id`]: the rule deciding which account a request is for.
//! * [`limits`]: the API's numbers and small format rules (list limit, statistics periods,
//!   device states, device hashes), shared by the console and the sandbox.
//! * [`properties`]: the application-configuration property schema and its validator.
//! * [`material`]: keys and certificates: PEM, X.509 summaries, SHA-256 fingerprints, APNs
//!   `.p8` key checks.
//! * `openapi` (feature `openapi`, not in the console's build): the OpenAPI document, built
//!   from the endpoint table and the models' JSON Schemas.
//! * `test_support` (feature `test-support`, for other crates' tests): proptest strategies.
//!
//! The console's own logic (statistics, the property draft, promotion, runtime configuration,
//! login bookkeeping, the warning on E2E key names) is the console crate's (`src/logic/`).

// Errors carry the whole problem+json body (title, detail, traceId, invalidParams) so every
// screen can show it; calls are few and not hot, so the size of `Result` does not matter.
#![allow(clippy::result_large_err)]

pub mod account_id;
pub mod client;
pub mod endpoints;
pub mod error;
pub mod lenient;
pub mod limits;
pub mod material;
pub mod models;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod properties;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;

pub use client::{ApiClient, Call};
pub use endpoints::Endpoint;
pub use error::{ApiError, InvalidParam, Problem};
