//! Risk: is anyone abusing the app? Three parts:
//!
//! * the risk indicators configuration (`allowedNrOfUsersWithSameDeviceHash`), edited like the
//!   configuration editor: inline validation, a review of old → new, server errors at the field;
//!   the setting can be removed (sent as JSON `null`: the reference's "To delete an existing
//!   property, supply value |" is cut off, `null` is the console's reading), and an absent
//!   setting reads "Not set (the server's default applies)". Risk-indicator properties this
//!   console does not know are shown read-only and sent back unchanged with every save;
//! * the suspicious device hashes (shared by more users than allowed): totals and a sortable,
//!   filterable, paged table (fast with thousands of rows: only one page is in the DOM);
//! * one hash (`#/risk?hash=…`): its devices by user, and locking all of them.
//!
//! The list's settings live in the URL too: `#/risk?threshold=2&detailed=false&hash=…`.

use crate::api;
use crate::components::api_resource::ApiResource;
use crate::logic::analytics::{format_count, hash_rows, parse_allowed_users, HashRow};
use crate::router::{Page, Route};
use crate::state::accounts::chosen_account_signal;
use leptos::prelude::*;
use mobileid_admin_contract::lenient::Timestamp;
use mobileid_admin_contract::models::{
    Extra, RiskIndicators, SuspiciousCount, SuspiciousDeviceHash,
};
use std::sync::Arc;

mod hash_detail;
mod lookup;
mod setting;
mod suspicious;

use hash_detail::HashDetail;
use lookup::HashLookup;
use setting::RiskConfig;
use suspicious::SuspiciousList;

/// The flagged-hash list's view in the address: `q` (filter), `sort` and `dir`, `page` (from 1).
const LIST_PARAMS: [&str; 4] = ["q", "sort", "dir", "page"];
/// The API name of the risk setting.
const ALLOWED: &str = "allowedNrOfUsersWithSameDeviceHash";

/// The suspicious device hashes, read for (account, threshold, detailed).
type HashList = ApiResource<Arc<ListData>, (Option<String>, Option<u64>, bool)>;

/// The account's risk indicators configuration as the API gave it.
#[derive(Clone, Debug, PartialEq)]
struct RiskSetting {
    /// `allowedNrOfUsersWithSameDeviceHash`; `None`: not set, the server's default applies.
    allowed: Option<u64>,
    /// Properties this console does not know: shown read-only, sent back unchanged.
    extra: Extra,
}

impl RiskSetting {
    fn from_answer(answer: RiskIndicators) -> Self {
        let config = answer.risk_indicators_configuration;
        RiskSetting {
            allowed: config
                .allowed_nr_of_users_with_same_device_hash
                .map(|n| n.0),
            extra: config.extra,
        }
    }
}

/// A flagged-hash list as loaded, with its table rows.
#[derive(Debug)]
struct ListData {
    count: SuspiciousCount,
    aggregated_at: Option<Timestamp>,
    detailed: bool,
    hashes: Vec<SuspiciousDeviceHash>,
    rows: Vec<HashRow>,
}

#[component]
pub fn RiskPage() -> impl IntoView {
    let route = Route::current();
    let threshold_param = route.param("threshold").unwrap_or("").to_string();
    // `None`: the account's setting.
    let applied = RwSignal::new(parse_allowed_users(&threshold_param).ok());
    let threshold_text = RwSignal::new(if applied.get_untracked().is_some() {
        threshold_param.trim().to_string()
    } else {
        String::new()
    });
    let detailed = RwSignal::new(route.param("detailed") != Some("false"));
    let hash = RwSignal::new(
        route
            .param("hash")
            .map(str::to_string)
            .filter(|h| !h.trim().is_empty()),
    );
    // `None` until loaded.
    let current_setting = RwSignal::new(None::<RiskSetting>);
    // Lives here, not in the list: the list keeps its rows, filter, sort and page while one
    // hash is shown, and the hash's view reads creation times from it.
    let chosen = chosen_account_signal();
    let list: HashList = ApiResource::new(
        move || (chosen.get(), applied.get(), detailed.get()),
        |(_, allowed, detailed), abort| async move {
            let answer = api::send_abortable(
                api::client().suspicious_device_hashes(allowed, detailed),
                &abort,
            )
            .await?;
            let rows = hash_rows(&answer.suspicious_device_hashes);
            Ok(Arc::new(ListData {
                count: answer.count,
                aggregated_at: answer.aggregated_at,
                detailed,
                hashes: answer.suspicious_device_hashes,
                rows,
            }))
        },
    );

    Effect::new(move |_| {
        let mut params = Vec::new();
        if let Some(n) = applied.get() {
            params.push(("threshold", n.to_string()));
        }
        if !detailed.get() {
            params.push(("detailed", "false".to_string()));
        }
        let shown = hash.get();
        if let Some(h) = &shown {
            params.push(("hash", h.clone()));
        }
        // The list's own view (filter, sort, page) is the list's to write; kept here, so it
        // is still in the address after a hash and Back.
        let current = Route::current();
        for key in LIST_PARAMS {
            if let Some(value) = current.param(key) {
                params.push((key, value.to_string()));
            }
        }
        // Into or out of a hash is a step Back undoes; other changes rewrite the entry.
        if Route::current().param("hash").map(str::to_string) != shown {
            Route::push(Page::Risk, &params);
        } else {
            Route::replace(Page::Risk, &params);
        }
    });
    // Back and Forward between the list and a hash: the page follows the address itself
    // (the list keeps its rows, filter, sort and page meanwhile).
    let route = crate::router::use_route();
    Effect::new(move |_| {
        let wanted = route.with(|r| {
            r.param("hash")
                .map(str::to_string)
                .filter(|h| !h.trim().is_empty())
        });
        if hash.get_untracked() != wanted {
            hash.set(wanted);
        }
    });

    let on_saved = Callback::new(move |()| {
        // The account's setting is the list's default.
        if applied.get_untracked().is_none() {
            list.refetch();
        }
    });

    view! {
        <h1 class="page-title">"Risk & devices"</h1>
        <RiskConfig current=current_setting on_saved=on_saved />
        <HashLookup hash=hash />
        <div id="suspicious-wrapper" hidden=move || hash.get().is_some()>
            <SuspiciousList list=list applied=applied threshold_text=threshold_text detailed=detailed
                current_setting=current_setting hash=hash />
        </div>
        <Show when=move || hash.get().is_some()>
            <HashDetail hash=hash list=list />
        </Show>
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        format_count(n as u64),
        if n == 1 { one } else { many }
    )
}
