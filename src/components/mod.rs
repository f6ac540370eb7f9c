//! Widgets shared by the pages.

pub mod account;
pub mod api_error_view;
pub mod api_resource;
pub mod api_value;
pub mod chart;
pub mod checkbox;
pub mod confirm;
pub mod copy;
pub mod csv;
pub mod error_banner;
pub mod fields;
pub mod form_field;
pub mod idle_warning;
pub mod layout;
pub mod leave_guard;
pub mod sort;
pub mod state_badge;
pub mod status;
pub mod typed_confirm;
