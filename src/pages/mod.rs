//! One module per screen (per API resource).

pub mod account;
pub mod not_found;
pub mod signed_out;
