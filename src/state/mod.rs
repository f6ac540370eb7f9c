//! What the whole console shares outside any one component: the chosen and known accounts,
//! the current account, requests in flight and toasts, unsaved edits.

pub mod accounts;
mod app_signal;
pub mod current_account;
pub mod toasts;
pub mod unsaved;

use app_signal::app_signal;
