//! Statistics: how many people use the app, and on what. Two tabs, whose state lives in the
//! URL so a view can be bookmarked and shared:
//!
//! * overview — users and devices (total, activated, locked) for the last N days
//!   (`#/statistics?tab=overview&days=30`) or a date range (`…&from=2026-01-01&to=2026-02-01`);
//! * devices — detailed device statistics by platform and SDK version
//!   (`#/statistics?tab=devices&type=sdkversion&platform=Android`).
//!
//! Validation, chart scaling, percentages, sorting and CSV come from
//! `crate::logic::analytics`.

use crate::api;
use crate::components::api_error_view::ApiErrorView;
use crate::components::api_resource::{suspended, ApiResource};
use crate::components::chart::{BarChart, ShareChart};
use crate::components::csv::CsvButton;
use crate::components::form_field::{FormField, Messages};
use crate::components::sort::{dir_from_param, dir_param, SortHeader};
use crate::logic::analytics::{
    csv_file_name, date_range_warnings, days_warning, format_count, format_tenths, parse_days,
    share_rows, shares_csv, sort_shares, top_with_other, usage_csv, validate_date_range, Date,
    Period, PeriodError, ShareColumn, ShareRow, SortDir, MAX_DAYS, QUICK_DAYS,
};
use crate::router::{Page, Route};
use crate::state::accounts::chosen_account_signal;
use leptos::prelude::*;
use mobileid_admin_contract::models::{
    DetailedDeviceStatistics, DeviceStatisticsType, Platform, UsageStatistics,
};

/// Today in the admin's time zone (what `<input type="date">` calls today).
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date::new(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_else(|| Date::from_unix_millis(js_sys::Date::now()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Overview,
    Devices,
}

impl Tab {
    const ALL: [Tab; 2] = [Tab::Overview, Tab::Devices];

    fn param(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Devices => "devices",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Users and devices",
            Tab::Devices => "Platforms and SDK versions",
        }
    }
}

fn kind_label(kind: DeviceStatisticsType) -> &'static str {
    match kind {
        DeviceStatisticsType::AllBasic => "Platforms and SDK versions",
        DeviceStatisticsType::Platform => "Platforms only",
        DeviceStatisticsType::SdkVersion => "SDK versions of one platform",
        // Never asked for by the console; shown as it is.
        DeviceStatisticsType::Other(text) => text,
    }
}

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let route = Route::current();
    let today = today();
    let tab = RwSignal::new(match route.param("tab") {
        Some("devices") => Tab::Devices,
        _ => Tab::Overview,
    });
    // The period: from the URL, or 30 days with a note when the URL's is not valid.
    let (initial, url_problem) = match Period::from_params(
        route.param("days"),
        route.param("from"),
        route.param("to"),
        today,
    ) {
        Ok(p) => (p, None),
        Err(PeriodError::Days(m)) => (Period::default(), Some(m)),
        Err(PeriodError::Range(e)) => {
            (Period::default(), Some(e.from.or(e.to).unwrap_or_default()))
        }
    };
    let period = RwSignal::new(initial);
    let kind = RwSignal::new(
        route
            .param("type")
            .and_then(DeviceStatisticsType::parse)
            .unwrap_or(DeviceStatisticsType::AllBasic),
    );
    let platform = RwSignal::new(route.param("platform").and_then(Platform::parse));

    // The address bar follows the view.
    Effect::new(move |_| {
        let mut params = vec![("tab", tab.get().param().to_string())];
        params.extend(period.get().params());
        let k = kind.get();
        if k != DeviceStatisticsType::AllBasic {
            params.push(("type", k.as_str().to_string()));
        }
        if let Some(p) = platform.get() {
            params.push(("platform", p.as_str().to_string()));
        }
        // Each table's sort is its own to write (see `ShareSection`); kept here.
        let current = Route::current();
        let table_params: Vec<(String, String)> = current
            .params
            .into_iter()
            .filter(|(k, _)| k.ends_with("-sort") || k.ends_with("-dir"))
            .collect();
        params.extend(table_params.iter().map(|(k, v)| (k.as_str(), v.clone())));
        Route::replace(Page::Statistics, &params);
    });

    let select_tab = move |t: Tab| {
        tab.set(t);
        crate::browser::focus(&format!("tab-{}", t.param()));
    };
    let on_tab_key = move |ev: leptos::ev::KeyboardEvent| {
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowLeft" => match tab.get_untracked() {
                Tab::Overview => Tab::Devices,
                Tab::Devices => Tab::Overview,
            },
            "Home" => Tab::Overview,
            "End" => Tab::Devices,
            _ => return,
        };
        ev.prevent_default();
        select_tab(next);
    };

    view! {
        <h1 class="page-title">"Statistics"</h1>
        {url_problem.map(|m| view! {
            <div class="banner error" role="alert" id="url-problem">
                "The address asked for a period that cannot be shown: " {m} " Showing the last 30 days instead."
            </div>
        })}
        <div class="tabs" role="tablist" aria-label="Statistics" on:keydown=on_tab_key>
            {Tab::ALL.into_iter().map(|t| view! {
                <button type="button" role="tab" id=format!("tab-{}", t.param())
                    aria-controls=format!("panel-{}", t.param())
                    aria-selected=move || (tab.get() == t).to_string()
                    tabindex=move || if tab.get() == t { "0" } else { "-1" }
                    on:click=move |_| tab.set(t)>
                    {t.title()}
                </button>
            }).collect_view()}
        </div>
        <div role="tabpanel" id="panel-overview" aria-labelledby="tab-overview" tabindex="-1"
            hidden=move || tab.get() != Tab::Overview>
            <Overview period=period today=today />
        </div>
        <div role="tabpanel" id="panel-devices" aria-labelledby="tab-devices" tabindex="-1"
            hidden=move || tab.get() != Tab::Devices>
            <DeviceStatistics kind=kind platform=platform />
        </div>
    }
}

// ---------------------------------------------------------------- overview

#[component]
fn Overview(period: RwSignal<Period>, today: Date) -> impl IntoView {
    let chosen = chosen_account_signal();
    let usage = ApiResource::new(
        move || (chosen.get(), period.get()),
        |(_, period), abort| async move {
            let client = api::client();
            let call = match period {
                Period::Days(n) => client.statistics_by_days(n),
                Period::Range(f, t) => {
                    client.statistics_by_date_range(&f.to_string(), &t.to_string())
                }
            };
            api::send_abortable(call, &abort).await
        },
    );

    // The custom number of days.
    let days_text = RwSignal::new(match period.get_untracked() {
        Period::Days(n) if !QUICK_DAYS.contains(&n) => n.to_string(),
        _ => String::new(),
    });
    let days_touched = RwSignal::new(false);
    let days_error = move || {
        if !days_touched.get() {
            return None;
        }
        parse_days(&days_text.get()).err()
    };
    // Above the console's own limit: said at the field, and the request is still sent.
    let days_warning_text = move || parse_days(&days_text.get()).ok().and_then(days_warning);
    let apply_days = move || {
        days_touched.set(true);
        match parse_days(&days_text.get_untracked()) {
            Ok(n) => period.set(Period::Days(n)),
            Err(_) => crate::browser::focus("days-input"),
        }
    };

    // The date range.
    let (from0, to0) = match period.get_untracked() {
        Period::Range(f, t) => (f.to_string(), t.to_string()),
        Period::Days(_) => (String::new(), String::new()),
    };
    let from_text = RwSignal::new(from0);
    let to_text = RwSignal::new(to0);
    let range_submitted = RwSignal::new(false);
    let range_errors = Memo::new(move |_| {
        validate_date_range(&from_text.get(), &to_text.get(), today)
            .err()
            .unwrap_or_default()
    });
    // An empty field is only an error once the admin asked for the range.
    let from_error = move || {
        range_errors
            .get()
            .from
            .filter(|_| range_submitted.get() || !from_text.get().is_empty())
    };
    let to_error = move || {
        range_errors
            .get()
            .to
            .filter(|_| range_submitted.get() || !to_text.get().is_empty())
    };
    // Days after today: warnings at the field, never blocking.
    let range_warnings =
        Memo::new(move |_| date_range_warnings(&from_text.get(), &to_text.get(), today));
    let from_warning = move || range_warnings.get().from;
    let to_warning = move || range_warnings.get().to;
    let apply_range = move || {
        range_submitted.set(true);
        match validate_date_range(&from_text.get_untracked(), &to_text.get_untracked(), today) {
            Ok((f, t)) => period.set(Period::Range(f, t)),
            Err(e) => crate::browser::focus(if e.from.is_some() {
                "from-date"
            } else {
                "to-date"
            }),
        }
    };

    view! {
        <section class="card" id="period-controls">
            <h2>"Period"</h2>
            <p class="muted" id="period-now">{move || format!("Showing {}.", period.get().describe())}</p>
            <p class="warning-text" id="period-warning" aria-live="polite">
                {move || period.get().warnings(today).join(" ")}
            </p>
            <div class="period-forms">
                <div class="quick-picks" role="group" aria-label="Last days">
                    {QUICK_DAYS.iter().map(|&n| view! {
                        <button type="button" id=format!("days-{n}")
                            aria-pressed=move || (period.get() == Period::Days(n)).to_string()
                            on:click=move |_| { days_touched.set(false); period.set(Period::Days(n)); }>
                            {format!("{n} days")}
                        </button>
                    }).collect_view()}
                </div>
                <form class="inline-form" id="days-form" novalidate on:submit=move |ev| { ev.prevent_default(); apply_days(); }>
                    <FormField id="days-input" label="Last days" value=days_text problem=days_error
                        help=format!(
                            "1 or more days, counting back from today (the console warns above {}).",
                            format_count(u64::from(MAX_DAYS))
                        )
                        warning=days_warning_text messages=Messages::OneLine("days-help")
                        name="nrOfDays" input_type="number" inputmode="numeric" min="1" input_class="short"
                        on_input=Callback::new(move |()| days_touched.set(true))>
                        <button type="submit" id="apply-days">"Show"</button>
                    </FormField>
                </form>
                <form class="date-range" id="range-form" novalidate on:submit=move |ev| { ev.prevent_default(); apply_range(); }>
                    <FormField id="from-date" label="From" value=from_text problem=from_error
                        help="First day included." warning=from_warning
                        messages=Messages::OneLine("from-date-help") box_class="field"
                        name="fromDate" input_type="date" />
                    <FormField id="to-date" label="To" value=to_text problem=to_error
                        help=format!("Last day included (today is {today}).") warning=to_warning
                        messages=Messages::OneLine("to-date-help") box_class="field"
                        name="toDate" input_type="date" />
                    <button type="submit" id="apply-range">"Show range"</button>
                </form>
            </div>
        </section>
        <Suspense fallback=|| view! {
            <p class="muted" aria-busy="true" id="overview-loading">"Loading the statistics…"</p>
        }>
            {suspended(move || Suspend::new(async move { match usage.await {
                Err(e) => view! { <ApiErrorView error=e retry=move || usage.refetch() /> }.into_any(),
                Ok(s) => usage_view(s).into_any(),
            }}))}
        </Suspense>
    }
}

fn usage_view(s: UsageStatistics) -> impl IntoView {
    let empty = s.users.total == 0 && s.devices.total == 0;
    let caption = format!(
        "Users and devices by state, {} to {}",
        s.from_date, s.to_date
    );
    let groups = vec![
        (
            "Users".to_string(),
            vec![
                s.users.total,
                s.users.with_activated_state,
                s.users.with_locked_state,
            ],
        ),
        (
            "Devices".to_string(),
            vec![
                s.devices.total,
                s.devices.with_activated_state,
                s.devices.with_locked_state,
            ],
        ),
    ];
    let series = vec!["Total".to_string(), "Activated".into(), "Locked".into()];
    let csv_stats = s.clone();
    let file = Callback::new(move |()| {
        (
            csv_file_name(
                &format!("usage {} {}", csv_stats.from_date, csv_stats.to_date),
                today(),
            ),
            usage_csv(&csv_stats),
        )
    });
    let row = |what: &'static str,
               id: &'static str,
               c: mobileid_admin_contract::models::StateCounts| {
        view! {
            <tr>
                <th scope="row">{what}</th>
                <td class="numeric" id=format!("{id}-total")>{format_count(c.total)}</td>
                <td class="numeric" id=format!("{id}-activated")>{format_count(c.with_activated_state)}</td>
                <td class="numeric" id=format!("{id}-locked")>{format_count(c.with_locked_state)}</td>
            </tr>
        }
    };
    view! {
        <section class="card" id="overview-result">
            <div class="page-header">
                <h2>"Users and devices"</h2>
                <CsvButton id="export-overview" what="users and devices" file=file />
            </div>
            <p class="muted" id="overview-period">
                "From " <time datetime=s.from_date.clone()>{s.from_date.clone()}</time>
                " to " <time datetime=s.to_date.clone()>{s.to_date.clone()}</time>
                ", both days included. A device counts when it was in use during the period; activated and locked are their states now."
            </p>
            <table class="table numbers" id="overview-table">
                <caption class="visually-hidden">{caption.clone()}</caption>
                <thead><tr>
                    <td></td>
                    <th scope="col" class="numeric">"Total"</th>
                    <th scope="col" class="numeric">"Activated"</th>
                    <th scope="col" class="numeric">"Locked"</th>
                </tr></thead>
                <tbody>
                    {row("Users", "users", s.users)}
                    {row("Devices", "devices", s.devices)}
                </tbody>
            </table>
            {if empty {
                view! { <p class="muted" id="overview-empty">"No users or devices in this period."</p> }.into_any()
            } else {
                view! { <BarChart id="overview-chart" caption=caption series=series groups=groups /> }.into_any()
            }}
        </section>
    }
}

// ---------------------------------------------------------------- devices

#[component]
fn DeviceStatistics(
    kind: RwSignal<DeviceStatisticsType>,
    platform: RwSignal<Option<Platform>>,
) -> impl IntoView {
    let chosen = chosen_account_signal();
    // The API needs a platform for SDK versions of one platform.
    let platform_error = move || {
        (kind.get() == DeviceStatisticsType::SdkVersion && platform.get().is_none())
            .then_some("Choose Android or iOS: SDK versions are counted per platform.")
    };
    // Nothing is asked while the form is not valid (`None`).
    let devices = ApiResource::new(
        move || (chosen.get(), kind.get(), platform.get()),
        |(_, kind, platform), abort| async move {
            if kind == DeviceStatisticsType::SdkVersion && platform.is_none() {
                return Ok(None);
            }
            api::send_abortable(
                api::client().detailed_device_statistics(kind, platform),
                &abort,
            )
            .await
            .map(Some)
        },
    );

    view! {
        <section class="card" id="device-controls">
            <h2>"Devices"</h2>
            <div class="inline-form">
                <label for="device-stats-type">"Show"</label>
                <select id="device-stats-type" name="type"
                    on:change=move |ev| {
                        if let Some(k) = DeviceStatisticsType::parse(&event_target_value(&ev)) {
                            kind.set(k);
                        }
                    }>
                    {DeviceStatisticsType::ALL.iter().map(|&k| view! {
                        <option value=k.as_str() prop:selected=move || kind.get() == k>{kind_label(k)}</option>
                    }).collect_view()}
                </select>
                <label for="device-stats-platform">"Platform"</label>
                <select id="device-stats-platform" name="platform"
                    aria-invalid=move || platform_error().is_some().to_string()
                    aria-describedby="device-stats-platform-help"
                    on:change=move |ev| platform.set(Platform::parse(&event_target_value(&ev)))>
                    <option value="" prop:selected=move || platform.get().is_none()>"All platforms"</option>
                    {Platform::ALL.iter().map(|&p| view! {
                        <option value=p.as_str() prop:selected=move || platform.get() == Some(p)>{p.as_str()}</option>
                    }).collect_view()}
                </select>
                <span id="device-stats-platform-help" class=move || if platform_error().is_some() { "field-error" } else { "muted" }>
                    {move || platform_error().unwrap_or("Counts registered devices (every state but deleted).")}
                </span>
            </div>
        </section>
        <Suspense fallback=|| view! {
            <p class="muted" aria-busy="true" id="devices-loading">"Loading the device statistics…"</p>
        }>
            {suspended(move || Suspend::new(async move { match devices.await {
                Err(e) => view! { <ApiErrorView error=e retry=move || devices.refetch() /> }.into_any(),
                Ok(None) => ().into_any(),
                Ok(Some(s)) => detailed_view(s, platform.get_untracked()).into_any(),
            }}))}
        </Suspense>
    }
}

fn detailed_view(s: DetailedDeviceStatistics, platform: Option<Platform>) -> impl IntoView {
    let aggregated = s
        .aggregated_at
        .as_ref()
        .map(|t| t.to_string())
        .unwrap_or_else(|| "an unknown time".into());
    let scope = platform.map(|p| format!(" on {p}")).unwrap_or_default();
    let platforms = s.platforms.as_ref().map(|p| share_rows(p));
    let sdk_versions = s.sdkversions.as_ref().map(|v| share_rows(v));
    view! {
        <section class="card" id="devices-result">
            <p class="notice" id="aggregated-at">
                <strong>"Aggregated at " {aggregated}</strong>
                ". These figures are a snapshot computed by the service, not live data."
            </p>
            <p id="device-stats-total">{format!("{} registered devices{scope}.", format_count(s.total))}</p>
            {platforms.map(|rows| view! {
                <ShareSection id="platforms" title="Platforms" name_header="Platform" rows=rows />
            })}
            {sdk_versions.map(|rows| view! {
                <ShareSection id="sdk-versions" title=format!("SDK versions{scope}") name_header="SDK version" rows=rows />
            })}
        </section>
    }
}

/// A share chart (the largest rows, the rest as "Other") and a sortable table of every row.
#[component]
fn ShareSection(
    id: &'static str,
    #[prop(into)] title: String,
    name_header: &'static str,
    rows: Vec<ShareRow>,
) -> impl IntoView {
    // The sort is in the address (`platforms-sort=name&platforms-dir=asc`): a reload or a
    // shared link shows the table as it was.
    let default_sort = (ShareColumn::Count, SortDir::Descending);
    let (sort_key, dir_key) = (format!("{id}-sort"), format!("{id}-dir"));
    let route = Route::current();
    let sort = RwSignal::new((
        match route.param(&sort_key) {
            Some("name") => ShareColumn::Name,
            Some("count") => ShareColumn::Count,
            _ => default_sort.0,
        },
        route
            .param(&dir_key)
            .and_then(dir_from_param)
            .unwrap_or(default_sort.1),
    ));
    Effect::new(move |_| {
        let (column, dir) = sort.get();
        let is_default = (column, dir) == default_sort;
        let column = match column {
            ShareColumn::Name => "name",
            ShareColumn::Count => "count",
        };
        let value = |v: &str| {
            if is_default {
                String::new()
            } else {
                v.to_string()
            }
        };
        Route::update_params(
            Page::Statistics,
            &[
                (sort_key.as_str(), value(column)),
                (dir_key.as_str(), value(dir_param(dir))),
            ],
        );
    });
    let all = StoredValue::new(rows.clone());
    let sorted = Memo::new(move |_| {
        let (column, dir) = sort.get();
        let mut rows = all.get_value();
        sort_shares(&mut rows, column, dir);
        rows
    });
    let file = Callback::new(move |()| {
        (
            csv_file_name(id, crate::pages::statistics::today()),
            shares_csv(
                &name_header.to_lowercase().replace(' ', ""),
                &sorted.get_untracked(),
            ),
        )
    });
    let chart_rows = top_with_other(&rows, 8, "Other");
    let empty = rows.is_empty();
    view! {
        <div class="share-section" id=id>
            <div class="page-header">
                <h3>{title.clone()}</h3>
                <CsvButton id=format!("export-{id}") what=title.to_lowercase() file=file disabled=empty />
            </div>
            {if empty {
                view! { <p class="muted">"No devices."</p> }.into_any()
            } else {
                view! {
                    <div class="share-layout">
                        <ShareChart id=format!("{id}-chart") caption=format!("{title}: share of devices") rows=chart_rows />
                        <table class="table" id=format!("{id}-table")>
                            <caption class="visually-hidden">{format!("{title}, sortable")}</caption>
                            <thead><tr>
                                <SortHeader label=name_header column=ShareColumn::Name sort=sort id=format!("{id}-sort-name") />
                                <SortHeader label="Devices" column=ShareColumn::Count sort=sort numeric=true id=format!("{id}-sort-count") />
                                <th scope="col" class="numeric">"Share"</th>
                            </tr></thead>
                            <tbody>
                                {move || sorted.get().into_iter().map(|r| view! {
                                    <tr data-name=r.name.clone()>
                                        <td>{r.name.clone()}</td>
                                        <td class="numeric">{format_count(r.count)}</td>
                                        <td class="numeric">{format_tenths(r.tenths)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </div>
    }
}
