//! Widgets shared by the pages.

pub mod account;
pub mod confirm;
pub mod error_banner;
pub mod fields;
pub mod layout;
pub mod status;
