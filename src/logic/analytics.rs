//! The pure side of the statistics and risk screens: what they validate (date ranges, number
//! of days, device hashes), how they scale charts (nice axis ticks, percentages that sum to
//! 100), how they sort, filter and page tables, and the CSV they export.
//!
//! Nothing here touches the browser: "today" is a parameter, so every rule is tested natively.

use mobileid_admin_contract::models::{
    CountShare, DeviceState, SuspiciousDeviceHash, UsageStatistics, UserDevices,
};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

// ---------------------------------------------------------------- dates

/// A calendar day (proleptic Gregorian), as the API spells it: `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The day, if it exists (years 1 to 9999).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Strictly `YYYY-MM-DD` (what `<input type="date">` gives), and a day that exists.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &text[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        Date::new(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// The day of a Unix time in milliseconds (UTC), as `js_sys::Date::now()` gives it.
    pub fn from_unix_millis(millis: f64) -> Date {
        Date::from_days_since_epoch((millis / 86_400_000.0).floor() as i64)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Above this many days (ten years), "statistics by number of days" gets a warning. The
/// console's own choice: the reference types `nrOfDays` as `integer <int32>` and states no
/// limit, so a larger number is still sent and the server decides.
pub use mobileid_admin_contract::limits::MAX_DAYS;

/// The largest `nrOfDays` the reference's type (`integer <int32>`) can carry.
pub const MAX_DAYS_INT32: u32 = i32::MAX as u32;

/// The quick picks of the overview.
pub const QUICK_DAYS: &[u32] = &[7, 30, 90, 365];

/// A number of days for "statistics by number of days". Errors only for what the reference's
/// type rules out (`integer <int32>`, a number of days counting back): empty, not a whole
/// number, 0, or beyond a 32-bit integer. More than [`MAX_DAYS`] is a warning
/// ([`days_warning`]), not an error.
pub fn parse_days(text: &str) -> Result<u32, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("Enter a number of days.".into());
    }
    if !t.bytes().all(|c| c.is_ascii_digit()) {
        return Err(
            "Enter a whole number of days, 1 or more (no sign, decimals or spaces).".into(),
        );
    }
    match t.parse::<u32>() {
        Ok(0) => Err("Enter a whole number of days, 1 or more: 0 days is no period.".into()),
        Ok(n) if n <= MAX_DAYS_INT32 => Ok(n),
        _ => Err(format!(
            "At most {}: the reference types nrOfDays as a 32-bit integer.",
            format_count(u64::from(MAX_DAYS_INT32))
        )),
    }
}

/// The warning for a number of days above the console's own limit ([`MAX_DAYS`]); it names its
/// source and does not stop the request.
pub fn days_warning(days: u32) -> Option<String> {
    (days > MAX_DAYS).then(|| {
        format!(
            "More than {} days (ten years) is above the console's own limit; the reference states no limit for nrOfDays, so the request is sent and the server decides.",
            format_count(u64::from(MAX_DAYS))
        )
    })
}

/// What is wrong with a date range, by field (`None`: that field is fine).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RangeErrors {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// What is unusual about a date range, by field: shown, never blocking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RangeWarnings {
    pub from: Option<String>,
    pub to: Option<String>,
}

impl RangeWarnings {
    pub fn is_empty(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

fn check_date(text: &str, which: &str, today: Date) -> Result<Date, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("Choose the {which} date."));
    }
    Date::parse(t).ok_or_else(|| {
        format!("The {which} date must be a real day, written YYYY-MM-DD (e.g. {today}).")
    })
}

/// A date range for "statistics by date range": both days given, real and written
/// `YYYY-MM-DD`, and `from` not after `to` (that error is shown at `to`). A day after `today`
/// is not an error: see [`date_range_warnings`]. `today` only serves as the example.
pub fn validate_date_range(from: &str, to: &str, today: Date) -> Result<(Date, Date), RangeErrors> {
    let f = check_date(from, "start", today);
    let t = check_date(to, "end", today);
    match (f, t) {
        (Ok(f), Ok(t)) if f <= t => Ok((f, t)),
        (Ok(f), Ok(_)) => Err(RangeErrors {
            from: None,
            to: Some(format!(
                "The end date cannot be before the start date ({f})."
            )),
        }),
        (f, t) => Err(RangeErrors {
            from: f.err(),
            to: t.err(),
        }),
    }
}

/// Warnings for days after `today`, each field on its own (a day that does not parse has its
/// error instead). The console expects figures up to today, but the reference does not say so:
/// its own example answers a `toDate` after its `aggregatedAt`. The request is still sent.
pub fn date_range_warnings(from: &str, to: &str, today: Date) -> RangeWarnings {
    let future = |text: &str, which: &str| {
        Date::parse(text.trim()).filter(|d| *d > today).map(|d| {
            format!(
                "The {which} date {d} is after today ({today}). The console expects figures up to today, but the reference does not forbid a later day (its own example has a toDate after its aggregatedAt), so the request is sent and the server decides."
            )
        })
    };
    RangeWarnings {
        from: future(from, "start"),
        to: future(to, "end"),
    }
}

/// The period of the statistics overview, as it lives in the URL: `days=30` or
/// `from=2026-01-01&to=2026-02-01`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Days(u32),
    Range(Date, Date),
}

impl Default for Period {
    fn default() -> Self {
        Period::Days(mobileid_admin_contract::limits::DEFAULT_DAYS)
    }
}

impl Period {
    /// Reads the URL parameters; a range wins over days; nothing gives the default (30 days).
    pub fn from_params(
        days: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        today: Date,
    ) -> Result<Period, PeriodError> {
        if from.is_some() || to.is_some() {
            return validate_date_range(from.unwrap_or(""), to.unwrap_or(""), today)
                .map(|(f, t)| Period::Range(f, t))
                .map_err(PeriodError::Range);
        }
        match days {
            None => Ok(Period::default()),
            Some(d) => parse_days(d).map(Period::Days).map_err(PeriodError::Days),
        }
    }

    /// The URL parameters of this period.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Period::Days(n) => vec![("days", n.to_string())],
            Period::Range(f, t) => vec![("from", f.to_string()), ("to", t.to_string())],
        }
    }

    /// The warnings of this period (above the console's day limit, days after `today`).
    pub fn warnings(&self, today: Date) -> Vec<String> {
        match self {
            Period::Days(n) => days_warning(*n).into_iter().collect(),
            Period::Range(f, t) => {
                let w = date_range_warnings(&f.to_string(), &t.to_string(), today);
                w.from.into_iter().chain(w.to).collect()
            }
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Period::Days(1) => "the last day".into(),
            Period::Days(n) => format!("the last {n} days"),
            Period::Range(f, t) => format!("{f} to {t}"),
        }
    }
}

/// Why a period from the URL was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeriodError {
    Days(String),
    Range(RangeErrors),
}

// ---------------------------------------------------------------- risk indicators

/// `allowedNrOfUsersWithSameDeviceHash`: how many users may share a device hash before it is
/// flagged. A whole number, 1 or more; the upper limit is the API's to enforce (its answer is
/// shown at the field).
pub fn parse_allowed_users(text: &str) -> Result<u64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("Enter how many users may share a device hash: 1 or more.".into());
    }
    if !t.bytes().all(|c| c.is_ascii_digit()) {
        return Err("Enter a whole number, 1 or more (no sign, decimals or spaces).".into());
    }
    match t.parse::<u64>() {
        Ok(0) => Err("At least 1: a device hash always has one user.".into()),
        Ok(n) => Ok(n),
        Err(_) => Err("This number is too large.".into()),
    }
}

// ---------------------------------------------------------------- device hashes

/// The longest device hash accepted (the API's are 44 characters).
pub const MAX_DEVICE_HASH_LEN: usize = 512;

/// A device hash as the API wants it: URL-safe Base64 (`A–Z a–z 0–9 - _`, `=` padding
/// optional) that decodes. Answers the trimmed hash or a message for the field.
pub fn validate_device_hash(text: &str) -> Result<&str, &'static str> {
    let hash = text.trim();
    if hash.is_empty() {
        return Err("Enter a device hash.");
    }
    if hash.len() > MAX_DEVICE_HASH_LEN {
        return Err("A device hash is at most 512 characters.");
    }
    if hash.contains(['+', '/']) {
        return Err(
            "Device hashes are URL-safe Base64: use - and _ where standard Base64 has + and /.",
        );
    }
    let body = hash.trim_end_matches('=');
    if !body
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    {
        return Err("A device hash has only the characters A–Z, a–z, 0–9, - and _, with = padding only at the end.");
    }
    if !mobileid_admin_contract::limits::is_device_hash(hash) {
        return Err("This is not complete URL-safe Base64: check that nothing was cut off.");
    }
    Ok(hash)
}

// ---------------------------------------------------------------- chart scaling

/// A value axis starting at 0: `ticks` are `0, step, 2·step, …, max`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Axis {
    pub max: u64,
    pub step: u64,
    pub ticks: Vec<u64>,
}

/// A "nice" axis for counts up to `max_value`: the step is 1, 2 or 5 times a power of ten,
/// the smallest such that at most `target_ticks` steps reach `max_value`. A zero maximum
/// gives the axis 0–1.
pub fn nice_axis(max_value: u64, target_ticks: usize) -> Axis {
    let target = target_ticks.max(1) as u128;
    let wanted = u128::from(max_value.max(1));
    let mut power: u128 = 1;
    let step = 'found: loop {
        for mult in [1u128, 2, 5] {
            let s = mult * power;
            if s * target >= wanted {
                break 'found s;
            }
        }
        power *= 10;
    };
    let steps = wanted.div_ceil(step);
    let max = (steps * step).min(u128::from(u64::MAX)) as u64;
    let step = step as u64;
    let ticks = (0..=steps as u64).map(|i| i * step).collect();
    Axis { max, step, ticks }
}

/// Where `value` falls on an axis of `length` units (0 at the origin).
pub fn scale(value: u64, axis_max: u64, length: f64) -> f64 {
    if axis_max == 0 {
        0.0
    } else {
        value as f64 / axis_max as f64 * length
    }
}

/// `12345` → `12,345`.
pub fn format_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A short axis label: `950`, `9,500`, `12k`, `1.5M`.
pub fn compact_count(n: u64) -> String {
    fn short(n: u64, unit: u64, suffix: &str) -> String {
        let tenths = (n * 10 + unit / 2) / unit;
        if tenths.is_multiple_of(10) || tenths >= 1000 {
            format!("{}{suffix}", (tenths + 5) / 10)
        } else {
            format!("{}.{}{suffix}", tenths / 10, tenths % 10)
        }
    }
    match n {
        0..=9_999 => format_count(n),
        10_000..=999_999 => short(n, 1_000, "k"),
        1_000_000..=999_999_999 => short(n, 1_000_000, "M"),
        _ => short(n / 1_000, 1_000_000, "G"),
    }
}

// ---------------------------------------------------------------- percentages

/// Each count's share of their sum in tenths of a percent, rounded by the largest-remainder
/// method so that the shares sum to exactly 1000 (100.0 %). All zero when the sum is zero.
pub fn percent_tenths(counts: &[u64]) -> Vec<u32> {
    let total: u128 = counts.iter().map(|&c| u128::from(c)).sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let exact: Vec<(u128, u128)> = counts
        .iter()
        .map(|&c| {
            let scaled = u128::from(c) * 1000;
            (scaled / total, scaled % total)
        })
        .collect();
    let mut shares: Vec<u32> = exact.iter().map(|(q, _)| *q as u32).collect();
    let missing = 1000 - shares.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    // Largest remainder first; ties to the larger count, then to the earlier item.
    order.sort_by(|&a, &b| {
        exact[b]
            .1
            .cmp(&exact[a].1)
            .then(counts[b].cmp(&counts[a]))
            .then(a.cmp(&b))
    });
    for &i in order.iter().take(missing as usize) {
        shares[i] += 1;
    }
    shares
}

/// `333` → `33.3 %`.
pub fn format_tenths(tenths: u32) -> String {
    format!("{}.{} %", tenths / 10, tenths % 10)
}

/// `333` → `33.3` (for CSV).
pub fn tenths_number(tenths: u32) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A row of a share table: a platform or an SDK version, its count and its share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareRow {
    pub name: String,
    pub count: u64,
    /// Tenths of a percent, from the counts (see [`percent_tenths`]).
    pub tenths: u32,
}

/// The share rows of an API list. Shares are recomputed from the counts, so that they always
/// sum to 100 % and agree with the counts shown next to them.
pub fn share_rows(items: &[CountShare]) -> Vec<ShareRow> {
    let counts: Vec<u64> = items.iter().map(|i| i.count).collect();
    items
        .iter()
        .zip(percent_tenths(&counts))
        .map(|(i, tenths)| ShareRow {
            name: i.name.clone(),
            count: i.count,
            tenths,
        })
        .collect()
}

/// The `keep` largest rows (by count, then name), and the rest summed up as one row named
/// `other` when there is more than one left over. Shares are recomputed.
pub fn top_with_other(rows: &[ShareRow], keep: usize, other: &str) -> Vec<ShareRow> {
    let mut sorted = rows.to_vec();
    sort_shares(&mut sorted, ShareColumn::Count, SortDir::Descending);
    if sorted.len() > keep + 1 {
        let rest: u64 = sorted[keep..].iter().map(|r| r.count).sum();
        sorted.truncate(keep);
        sorted.push(ShareRow {
            name: other.to_string(),
            count: rest,
            tenths: 0,
        });
    }
    let counts: Vec<u64> = sorted.iter().map(|r| r.count).collect();
    for (row, tenths) in sorted.iter_mut().zip(percent_tenths(&counts)) {
        row.tenths = tenths;
    }
    sorted
}

// ---------------------------------------------------------------- sorting

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortDir {
    #[default]
    Ascending,
    Descending,
}

impl SortDir {
    pub fn toggled(self) -> SortDir {
        match self {
            SortDir::Ascending => SortDir::Descending,
            SortDir::Descending => SortDir::Ascending,
        }
    }

    /// The value of `aria-sort`.
    pub fn aria(self) -> &'static str {
        match self {
            SortDir::Ascending => "ascending",
            SortDir::Descending => "descending",
        }
    }

    pub fn apply(self, ordering: Ordering) -> Ordering {
        match self {
            SortDir::Ascending => ordering,
            SortDir::Descending => ordering.reverse(),
        }
    }

    pub fn as_param(self) -> &'static str {
        match self {
            SortDir::Ascending => "asc",
            SortDir::Descending => "desc",
        }
    }

    pub fn from_param(text: &str) -> Option<SortDir> {
        match text {
            "asc" => Some(SortDir::Ascending),
            "desc" => Some(SortDir::Descending),
            _ => None,
        }
    }
}

/// Compares names so that digit runs count as numbers: `3.9` < `3.21` < `10.0`, `iOS` and
/// `ios` next to each other.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                if start < i {
                    out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                }
                start = i;
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(cb.iter()) {
        let ord = match (x, y) {
            ((true, p), (true, q)) => {
                let (p, q) = (p.trim_start_matches('0'), q.trim_start_matches('0'));
                p.len().cmp(&q.len()).then_with(|| p.cmp(q))
            }
            ((_, p), (_, q)) => p.to_lowercase().cmp(&q.to_lowercase()),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

/// Columns of a share table; the percentage sorts as the count does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShareColumn {
    Name,
    Count,
}

pub fn sort_shares(rows: &mut [ShareRow], column: ShareColumn, dir: SortDir) {
    rows.sort_by(|a, b| {
        let ord = match column {
            ShareColumn::Name => natural_cmp(&a.name, &b.name),
            ShareColumn::Count => a.count.cmp(&b.count),
        };
        dir.apply(ord).then_with(|| natural_cmp(&a.name, &b.name))
    });
}

// ---------------------------------------------------------------- suspicious device hashes

/// A row of the flagged-hash table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HashRow {
    pub device_hash: String,
    pub users: usize,
    /// Devices listed for the hash (0 when the list is not detailed).
    pub devices: usize,
    /// Of those, the locked ones.
    pub locked: usize,
    /// The latest `lastUsed` of its devices, normalised (`YYYY-MM-DD HH:MM:SS UTC`).
    pub last_used: Option<String>,
    /// Lower-case hash and user ids: what the filter searches.
    search: String,
}

/// The table rows of a suspicious-hash list.
pub fn hash_rows(list: &[SuspiciousDeviceHash]) -> Vec<HashRow> {
    list.iter()
        .map(|h| {
            let devices = h.users.iter().map(|u| u.devices.len()).sum();
            let locked = h
                .users
                .iter()
                .flat_map(|u| &u.devices)
                .filter(|d| d.state.as_ref().map(DeviceState::name).as_deref() == Some("LOCKED"))
                .count();
            let last_used = h
                .users
                .iter()
                .flat_map(|u| &u.devices)
                .filter_map(|d| d.last_used.as_ref().and_then(|t| t.normalized()))
                .max();
            let mut search = h.device_hash.to_lowercase();
            for u in &h.users {
                search.push('\n');
                search.push_str(&u.user_id.to_lowercase());
            }
            HashRow {
                device_hash: h.device_hash.clone(),
                users: h.users.len(),
                devices,
                locked,
                last_used,
                search,
            }
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashColumn {
    Hash,
    Users,
    Devices,
    Locked,
    LastUsed,
}

impl HashColumn {
    pub const ALL: &'static [HashColumn] = &[
        HashColumn::Hash,
        HashColumn::Users,
        HashColumn::Devices,
        HashColumn::Locked,
        HashColumn::LastUsed,
    ];

    pub fn as_param(self) -> &'static str {
        match self {
            HashColumn::Hash => "hash",
            HashColumn::Users => "users",
            HashColumn::Devices => "devices",
            HashColumn::Locked => "locked",
            HashColumn::LastUsed => "lastUsed",
        }
    }

    pub fn from_param(text: &str) -> Option<HashColumn> {
        HashColumn::ALL
            .iter()
            .copied()
            .find(|c| c.as_param() == text)
    }
}

/// The indices of the rows whose hash or user id contains `filter` (ignoring case and
/// surrounding blanks), in the order asked for; ties keep hash order.
pub fn select_hash_rows(
    rows: &[HashRow],
    filter: &str,
    column: HashColumn,
    dir: SortDir,
) -> Vec<usize> {
    let needle = filter.trim().to_lowercase();
    let mut picked: Vec<usize> = (0..rows.len())
        .filter(|&i| needle.is_empty() || rows[i].search.contains(&needle))
        .collect();
    picked.sort_by(|&a, &b| {
        let (x, y) = (&rows[a], &rows[b]);
        let ord = match column {
            HashColumn::Hash => Ordering::Equal,
            HashColumn::Users => x.users.cmp(&y.users),
            HashColumn::Devices => x.devices.cmp(&y.devices),
            HashColumn::Locked => x.locked.cmp(&y.locked),
            HashColumn::LastUsed => x.last_used.cmp(&y.last_used),
        };
        let by_hash = x.device_hash.cmp(&y.device_hash);
        if column == HashColumn::Hash {
            dir.apply(by_hash)
        } else {
            dir.apply(ord).then(by_hash)
        }
    });
    picked
}

/// One page of a table: rows `start..end` of `total`, page `page` (0-based) of `pages`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageSlice {
    pub page: usize,
    pub pages: usize,
    pub start: usize,
    pub end: usize,
    pub total: usize,
}

/// The page `page` of `total` rows, `per_page` a page; a page past the end shows the last.
pub fn page_slice(total: usize, page: usize, per_page: usize) -> PageSlice {
    let per_page = per_page.max(1);
    let pages = total.div_ceil(per_page).max(1);
    let page = page.min(pages - 1);
    let start = (page * per_page).min(total);
    let end = (start + per_page).min(total);
    PageSlice {
        page,
        pages,
        start,
        end,
        total,
    }
}

impl PageSlice {
    /// `Rows 51–100 of 812` (or `No rows`).
    pub fn describe(&self, noun: &str) -> String {
        if self.total == 0 {
            format!("No {noun}")
        } else {
            format!(
                "{}–{} of {} {noun}",
                format_count(self.start as u64 + 1),
                format_count(self.end as u64),
                format_count(self.total as u64)
            )
        }
    }
}

/// What "lock devices by device hash" will do: the devices it still has to lock (neither
/// DELETED nor LOCKED), how many are locked already, and how many users the former belong to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LockSummary {
    pub devices: usize,
    pub already_locked: usize,
    pub users: usize,
}

pub fn lock_summary(users: &[UserDevices]) -> LockSummary {
    let mut summary = LockSummary::default();
    for u in users {
        let mut any = false;
        for d in &u.devices {
            match d.state.as_ref().map(DeviceState::name).as_deref() {
                Some("DELETED") => {}
                Some("LOCKED") => summary.already_locked += 1,
                _ => {
                    any = true;
                    summary.devices += 1;
                }
            }
        }
        summary.users += usize::from(any);
    }
    summary
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        format_count(n as u64),
        if n == 1 { one } else { many }
    )
}

impl LockSummary {
    /// `5 devices of 3 users will be locked.`
    pub fn sentence(&self) -> String {
        if self.devices == 0 {
            return if self.already_locked > 0 {
                "Every device with this hash that is not deleted is locked already.".into()
            } else {
                "No device with this hash can be locked: every one is deleted.".into()
            };
        }
        let mut text = format!(
            "{} of {} will be locked.",
            plural(self.devices, "device", "devices"),
            plural(self.users, "user", "users")
        );
        if self.already_locked > 0 {
            text.push_str(&format!(
                " ({} locked already.)",
                plural(self.already_locked, "other is", "others are")
            ));
        }
        text.push_str(
            " Locked devices can no longer be used to authenticate, and this API offers no way \
             to unlock them (the reference has no unlock operation).",
        );
        text
    }
}

// ---------------------------------------------------------------- CSV

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or
/// surrounding blanks. A field a spreadsheet would run as a formula (starting with `=`, `+`,
/// `@`, a tab or a carriage return, or `-` followed by anything but an identifier or a
/// number) gets a leading `'`. Device hashes may start with `-` and stay untouched: they
/// cannot call a function.
pub fn csv_field(value: &str) -> Cow<'_, str> {
    let risky = match value.as_bytes().first() {
        Some(b'=' | b'+' | b'@' | b'\t' | b'\r') => true,
        Some(b'-') => !value[1..]
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'=' | b'.')),
        _ => false,
    };
    let value: Cow<'_, str> = if risky {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    };
    let needs_quotes = value.contains([',', '"', '\n', '\r', ';'])
        || value.starts_with(' ')
        || value.ends_with(' ');
    if needs_quotes {
        Cow::Owned(format!("\"{}\"", value.replace('"', "\"\"")))
    } else {
        value
    }
}

/// A CSV document: the header, then the rows; CRLF line ends (RFC 4180).
pub fn csv<R, F>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = Vec<F>>,
    F: AsRef<str>,
{
    let mut out = String::new();
    let mut line = |fields: &mut dyn Iterator<Item = Cow<'_, str>>| {
        let mut first = true;
        for f in fields {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&f);
        }
        out.push_str("\r\n");
    };
    line(&mut header.iter().map(|h| csv_field(h)));
    for row in rows {
        line(&mut row.iter().map(|f| csv_field(f.as_ref())));
    }
    out
}

/// The overview: one row for users, one for devices.
pub fn usage_csv(stats: &UsageStatistics) -> String {
    let row = |what: &str, c: &mobileid_admin_contract::models::StateCounts| {
        vec![
            stats.from_date.clone(),
            stats.to_date.clone(),
            what.to_string(),
            c.total.to_string(),
            c.with_activated_state.to_string(),
            c.with_locked_state.to_string(),
        ]
    };
    csv(
        &["fromDate", "toDate", "what", "total", "activated", "locked"],
        [row("users", &stats.users), row("devices", &stats.devices)],
    )
}

/// A share table: name, count, percentage (one decimal, summing to 100).
pub fn shares_csv(name_header: &str, rows: &[ShareRow]) -> String {
    csv(
        &[name_header, "count", "percentage"],
        rows.iter()
            .map(|r| vec![r.name.clone(), r.count.to_string(), tenths_number(r.tenths)]),
    )
}

/// The flagged-hash table, in the order shown (`order` indexes `rows`).
/// Without the detailed list the devices are unknown: those cells stay empty (not 0).
pub fn hashes_csv(rows: &[HashRow], order: &[usize], detailed: bool) -> String {
    csv(
        &["deviceHash", "users", "devices", "lastUsed"],
        order.iter().map(|&i| {
            let r = &rows[i];
            vec![
                r.device_hash.clone(),
                r.users.to_string(),
                if detailed {
                    r.devices.to_string()
                } else {
                    String::new()
                },
                r.last_used.clone().unwrap_or_default(),
            ]
        }),
    )
}

/// "Devices by device hash": one line per device.
pub fn devices_csv(device_hash: &str, users: &[UserDevices]) -> String {
    let stamp = |t: &Option<mobileid_admin_contract::lenient::Timestamp>| {
        t.as_ref()
            .map(|t| t.normalized().unwrap_or_else(|| t.0.clone()))
            .unwrap_or_default()
    };
    csv(
        &[
            "deviceHash",
            "userId",
            "deviceId",
            "state",
            "lastUsed",
            "created",
            "accountId",
        ],
        users.iter().flat_map(|u| {
            u.devices.iter().map(move |d| {
                vec![
                    device_hash.to_string(),
                    u.user_id.clone(),
                    d.device_id.clone(),
                    d.state.as_ref().map(DeviceState::shown).unwrap_or_default(),
                    stamp(&d.last_used),
                    stamp(&d.created),
                    d.account_id.clone().unwrap_or_default(),
                ]
            })
        }),
    )
}

/// A download name: `mobileid-<what>-<today>.csv`, `what` reduced to `a-z0-9-`.
pub fn csv_file_name(what: &str, today: Date) -> String {
    let slug: String = what
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("mobileid-{slug}-{today}.csv")
}

#[cfg(test)]
mod tests {
    use super::*;
    use mobileid_admin_contract::lenient::Timestamp;
    use mobileid_admin_contract::models::{Device, StateCounts};
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    // ------------------------------------------------------------ dates

    #[test]
    fn dates_parse_strictly_and_only_real_days() {
        assert_eq!(
            d("2024-02-29"),
            Date {
                year: 2024,
                month: 2,
                day: 29
            }
        );
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-4-01",
            "2026-04-1",
            "20260401",
            "2026/04/01",
            " 2026-04-01",
            "2026-04-01T00:00",
            "",
            "abcd-ef-gh",
            "+202-04-01",
            "0000-01-01",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(d("2026-04-01").to_string(), "2026-04-01");
    }

    #[test]
    fn day_arithmetic_matches_the_calendar() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(d("2024-02-28").add_days(1), d("2024-02-29"));
        assert_eq!(d("2023-02-28").add_days(1), d("2023-03-01"));
        assert_eq!(d("2026-01-01").add_days(-1), d("2025-12-31"));
        assert_eq!(Date::from_unix_millis(1_775_817_162_000.0), d("2026-04-10"));
        assert_eq!(Date::from_unix_millis(-1.0), d("1969-12-31"));
    }

    proptest! {
        #[test]
        fn days_round_trip(n in -700_000i64..2_900_000) {
            let date = Date::from_days_since_epoch(n);
            prop_assert_eq!(date.days_since_epoch(), n);
            prop_assert_eq!(Date::parse(&date.to_string()), Some(date));
            prop_assert!(date.add_days(1) > date);
        }
    }

    #[test]
    fn number_of_days_must_be_a_positive_whole_number() {
        assert_eq!(parse_days("30"), Ok(30));
        assert_eq!(parse_days(" 7 "), Ok(7));
        assert_eq!(parse_days("3650"), Ok(3650));
        for bad in ["", "0", "00", "-1", "1.5", "ten", "+3", "1e3", "3 0"] {
            assert!(parse_days(bad).is_err(), "{bad}");
        }
        assert!(parse_days("0").unwrap_err().contains("1 or more"));
        assert!(parse_days("-1").unwrap_err().contains("whole number"));
        assert!(parse_days("ten").unwrap_err().contains("whole number"));
        // Beyond what an int32 carries: the reference's type rules it out.
        assert_eq!(parse_days("2147483647"), Ok(2_147_483_647));
        for too_big in ["2147483648", "99999999999"] {
            assert!(
                parse_days(too_big).unwrap_err().contains("32-bit"),
                "{too_big}"
            );
        }
    }

    #[test]
    fn more_days_than_the_consoles_limit_is_a_warning_not_an_error() {
        assert_eq!(days_warning(3650), None);
        assert_eq!(days_warning(30), None);
        assert_eq!(parse_days("3651"), Ok(3651));
        assert_eq!(parse_days("10000"), Ok(10_000));
        let w = days_warning(3651).unwrap();
        assert!(w.contains("3,650"), "{w}");
        assert!(w.contains("console's own limit"), "{w}");
        assert!(w.contains("reference states no limit"), "{w}");
        assert!(w.contains("request is sent"), "{w}");
        let today = d("2026-04-10");
        assert_eq!(Period::Days(5000).warnings(today), vec![w]);
        assert!(Period::Days(365).warnings(today).is_empty());
    }

    #[test]
    fn a_date_range_is_complete_real_and_ordered() {
        let today = d("2026-04-10");
        assert_eq!(
            validate_date_range("2026-01-01", "2026-02-01", today),
            Ok((d("2026-01-01"), d("2026-02-01")))
        );
        // One day, and today itself, are fine.
        assert!(validate_date_range("2026-04-10", "2026-04-10", today).is_ok());

        // fromDate after toDate: an error at the end date.
        let e = validate_date_range("2026-03-01", "2026-02-01", today).unwrap_err();
        assert_eq!(e.from, None);
        assert!(e.to.unwrap().contains("before the start date (2026-03-01)"));

        // Malformed or missing days.
        let e = validate_date_range("", "2026-02-30", today).unwrap_err();
        assert_eq!(e.from.as_deref(), Some("Choose the start date."));
        assert!(e.to.unwrap().contains("real day"));
        let e = validate_date_range("2026/01/01", "yesterday", today).unwrap_err();
        assert!(e.from.unwrap().contains("YYYY-MM-DD"));
        assert!(e.to.unwrap().contains("YYYY-MM-DD"));
        assert_eq!(
            date_range_warnings("2026/01/01", "yesterday", today),
            RangeWarnings::default()
        );
    }

    #[test]
    fn days_after_today_are_warnings_not_errors() {
        let today = d("2026-04-10");
        // The reference's own example: a toDate after its aggregatedAt.
        assert_eq!(
            validate_date_range("2026-01-01", "2026-06-06", today),
            Ok((d("2026-01-01"), d("2026-06-06")))
        );
        let w = date_range_warnings("2026-01-01", "2026-06-06", today);
        assert_eq!(w.from, None);
        let to = w.to.unwrap();
        assert!(
            to.contains("2026-06-06 is after today (2026-04-10)"),
            "{to}"
        );
        assert!(to.contains("reference does not forbid"), "{to}");
        assert!(to.contains("aggregatedAt"), "{to}");
        assert!(to.contains("request is sent"), "{to}");
        // Both in the future: allowed, both warned.
        assert!(validate_date_range("2026-04-11", "2026-05-01", today).is_ok());
        let w = date_range_warnings("2026-04-11", "2026-05-01", today);
        assert!(w.from.unwrap().contains("start date 2026-04-11"));
        assert!(w.to.is_some());
        assert!(date_range_warnings("2026-04-10", "2026-04-10", today).is_empty());
        // A future start after the end is still the ordering error.
        assert!(validate_date_range("2026-05-01", "2026-04-11", today).is_err());
        assert_eq!(
            Period::Range(d("2026-01-01"), d("2026-06-06"))
                .warnings(today)
                .len(),
            1
        );
    }

    #[test]
    fn periods_come_from_and_go_to_the_url() {
        let today = d("2026-04-10");
        assert_eq!(
            Period::from_params(None, None, None, today),
            Ok(Period::Days(30))
        );
        assert_eq!(
            Period::from_params(Some("90"), None, None, today),
            Ok(Period::Days(90))
        );
        // Above the console's limit, or in the future: shown (with a warning), not refused.
        assert_eq!(
            Period::from_params(Some("5000"), None, None, today),
            Ok(Period::Days(5000))
        );
        assert_eq!(
            Period::from_params(None, Some("2026-04-01"), Some("2026-06-06"), today),
            Ok(Period::Range(d("2026-04-01"), d("2026-06-06")))
        );
        let range = Period::from_params(Some("7"), Some("2026-01-01"), Some("2026-02-01"), today);
        assert_eq!(range, Ok(Period::Range(d("2026-01-01"), d("2026-02-01"))));
        assert_eq!(
            range.unwrap().params(),
            vec![
                ("from", "2026-01-01".to_string()),
                ("to", "2026-02-01".to_string())
            ]
        );
        assert!(matches!(
            Period::from_params(None, Some("2026-01-01"), None, today),
            Err(PeriodError::Range(RangeErrors {
                from: None,
                to: Some(_)
            }))
        ));
        assert!(matches!(
            Period::from_params(Some("0"), None, None, today),
            Err(PeriodError::Days(_))
        ));
        assert_eq!(Period::Days(30).describe(), "the last 30 days");
    }

    #[test]
    fn the_allowed_number_of_users_is_a_whole_number_of_at_least_one() {
        assert_eq!(parse_allowed_users("1"), Ok(1));
        assert_eq!(parse_allowed_users(" 4 "), Ok(4));
        assert_eq!(parse_allowed_users("99999999999"), Ok(99_999_999_999));
        assert!(parse_allowed_users("0").unwrap_err().contains("At least 1"));
        assert!(parse_allowed_users("").unwrap_err().contains("1 or more"));
        for bad in ["-1", "1.5", "3 4", "x", "+2"] {
            assert!(
                parse_allowed_users(bad)
                    .unwrap_err()
                    .contains("whole number"),
                "{bad}"
            );
        }
        assert!(parse_allowed_users("99999999999999999999")
            .unwrap_err()
            .contains("too large"));
    }

    // ------------------------------------------------------------ device hashes

    #[test]
    fn device_hashes_are_url_safe_base64() {
        let sample = "wBHQ4HC3yLEUvEwnX5EBTBAbKkCia35WwO1dxqiFvYo=";
        assert_eq!(validate_device_hash(sample), Ok(sample));
        assert_eq!(validate_device_hash(&format!("  {sample}\n")), Ok(sample));
        // Unpadded and with - and _.
        assert!(validate_device_hash("wBHQ4HC3yLEUvEwnX5EBTBAbKkCia35WwO1dxqiFvYo").is_ok());
        assert!(validate_device_hash("-_-_").is_ok());

        assert_eq!(validate_device_hash("  "), Err("Enter a device hash."));
        assert!(validate_device_hash("ab+/cd==")
            .unwrap_err()
            .contains("URL-safe"));
        assert!(validate_device_hash("abc d")
            .unwrap_err()
            .contains("only the characters"));
        assert!(validate_device_hash("ab=c")
            .unwrap_err()
            .contains("only at the end"));
        assert!(validate_device_hash("abcde")
            .unwrap_err()
            .contains("cut off"));
        assert!(validate_device_hash("a===").is_err());
        // Non-canonical trailing bits do not decode.
        assert!(validate_device_hash("wBHQ4HC3yLEUvEwnX5EBTBAbKkCia35WwO1dxqiFvYp=").is_err());
        assert!(validate_device_hash(&"A".repeat(516)).is_err());
    }

    proptest! {
        #[test]
        fn every_url_safe_encoding_passes_and_any_foreign_character_fails(
            bytes in proptest::collection::vec(any::<u8>(), 1..64),
            pad in any::<bool>(),
            junk in "[^A-Za-z0-9_=-]",
            at in 0usize..100,
        ) {
            use base64::Engine;
            let text = if pad {
                base64::engine::general_purpose::URL_SAFE.encode(&bytes)
            } else {
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes)
            };
            prop_assert_eq!(validate_device_hash(&text), Ok(text.as_str()));
            let mut bad = text.clone();
            let at = at % bad.len();
            bad.insert_str(at, &junk);
            if !junk.trim().is_empty() || (at > 0 && at < text.len()) {
                prop_assert!(validate_device_hash(&bad).is_err(), "{:?}", bad);
            }
        }
    }

    // ------------------------------------------------------------ chart scaling

    #[test]
    fn axes_step_by_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(
            nice_axis(0, 5),
            Axis {
                max: 1,
                step: 1,
                ticks: vec![0, 1]
            }
        );
        assert_eq!(nice_axis(3, 5).ticks, vec![0, 1, 2, 3]);
        assert_eq!(nice_axis(7, 5).ticks, vec![0, 2, 4, 6, 8]);
        assert_eq!(nice_axis(10, 5).ticks, vec![0, 2, 4, 6, 8, 10]);
        assert_eq!(nice_axis(1234, 5).ticks, vec![0, 500, 1000, 1500]);
        assert_eq!(
            nice_axis(2234, 5),
            Axis {
                max: 2500,
                step: 500,
                ticks: vec![0, 500, 1000, 1500, 2000, 2500]
            }
        );
        assert_eq!(nice_axis(10_000, 4).ticks, vec![0, 5000, 10_000]);
        assert_eq!(nice_axis(10_001, 4).step, 5000);
        assert_eq!(nice_axis(10_001, 4).max, 15_000);
    }

    proptest! {
        #[test]
        fn axes_cover_the_data_with_few_even_ticks(max in 0u64..10_000_000_000_000, target in 1usize..12) {
            let a = nice_axis(max, target);
            prop_assert!(a.max >= max && a.max >= 1);
            prop_assert!(a.max < max.max(1) + a.step, "no empty step above the data");
            prop_assert!(a.ticks.len() <= target + 1 && a.ticks.len() >= 2);
            prop_assert_eq!(a.ticks[0], 0);
            prop_assert_eq!(*a.ticks.last().unwrap(), a.max);
            prop_assert!(a.ticks.windows(2).all(|w| w[1] - w[0] == a.step));
            let mut m = a.step;
            while m.is_multiple_of(10) { m /= 10; }
            prop_assert!(matches!(m, 1 | 2 | 5), "step {}", a.step);
            prop_assert!((scale(max, a.max, 200.0) - 200.0).abs() <= 200.0);
            prop_assert!(scale(max, a.max, 200.0) <= 200.0);
        }
    }

    #[test]
    fn counts_format_for_tables_and_axes() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1000), "1,000");
        assert_eq!(format_count(1_234_567), "1,234,567");
        assert_eq!(compact_count(9_500), "9,500");
        assert_eq!(compact_count(10_000), "10k");
        assert_eq!(compact_count(12_500), "12.5k");
        assert_eq!(compact_count(150_000), "150k");
        assert_eq!(compact_count(1_500_000), "1.5M");
        assert_eq!(compact_count(20_000_000), "20M");
        assert_eq!(scale(50, 100, 300.0), 150.0);
        assert_eq!(scale(5, 0, 300.0), 0.0);
    }

    // ------------------------------------------------------------ percentages

    #[test]
    fn percentages_sum_to_exactly_100() {
        assert_eq!(percent_tenths(&[1, 1, 1]), vec![334, 333, 333]);
        assert_eq!(percent_tenths(&[29]), vec![1000]);
        assert_eq!(percent_tenths(&[0, 0]), vec![0, 0]);
        assert_eq!(percent_tenths(&[]), Vec::<u32>::new());
        assert_eq!(percent_tenths(&[2, 1]), vec![667, 333]);
        assert_eq!(percent_tenths(&[999, 1]), vec![999, 1]);
        assert_eq!(format_tenths(334), "33.4 %");
        assert_eq!(format_tenths(1000), "100.0 %");
        assert_eq!(tenths_number(5), "0.5");
    }

    proptest! {
        #[test]
        fn shares_sum_to_1000_and_stay_within_a_tenth(counts in proptest::collection::vec(0u64..1_000_000_000, 1..30)) {
            let shares = percent_tenths(&counts);
            let total: u64 = counts.iter().sum();
            if total == 0 {
                prop_assert!(shares.iter().all(|&s| s == 0));
            } else {
                prop_assert_eq!(shares.iter().sum::<u32>(), 1000);
                for (c, s) in counts.iter().zip(&shares) {
                    let exact = *c as f64 * 1000.0 / total as f64;
                    prop_assert!((exact - f64::from(*s)).abs() < 1.0, "{} vs {}", exact, s);
                }
                // A larger count never gets a smaller share.
                for i in 0..counts.len() {
                    for j in 0..counts.len() {
                        if counts[i] > counts[j] { prop_assert!(shares[i] >= shares[j]); }
                    }
                }
            }
        }
    }

    #[test]
    fn share_rows_recompute_percentages_and_group_the_tail() {
        let items = vec![
            CountShare {
                name: "3.21".into(),
                count: 2,
                percentage: 66.6,
            },
            CountShare {
                name: "3.9".into(),
                count: 1,
                percentage: 33.3,
            },
        ];
        let rows = share_rows(&items);
        assert_eq!(rows[0].tenths + rows[1].tenths, 1000);
        assert_eq!(rows[0].tenths, 667);

        let many: Vec<ShareRow> = (1..=6u64)
            .map(|i| ShareRow {
                name: format!("v{i}"),
                count: i,
                tenths: 0,
            })
            .collect();
        let top = top_with_other(&many, 3, "Other");
        let names: Vec<&str> = top.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["v6", "v5", "v4", "Other"]);
        assert_eq!(top[3].count, 6);
        assert_eq!(top.iter().map(|r| r.tenths).sum::<u32>(), 1000);
        // One row left over stays itself.
        assert_eq!(top_with_other(&many, 5, "Other").len(), 6);
    }

    // ------------------------------------------------------------ sorting and paging

    #[test]
    fn versions_sort_naturally() {
        let mut v = vec!["3.21", "3.9", "10.0", "3.10.1", "3.10", "beta"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["3.9", "3.10", "3.10.1", "3.21", "10.0", "beta"]);
        assert_eq!(natural_cmp("iOS", "ios"), Ordering::Less);
        assert_eq!(natural_cmp("a02", "a2"), Ordering::Less); // equal numbers: text decides
    }

    #[test]
    fn share_tables_sort_by_name_or_count_both_ways() {
        let mut rows = share_rows(&[
            CountShare {
                name: "Android".into(),
                count: 5,
                percentage: 0.0,
            },
            CountShare {
                name: "iOS".into(),
                count: 9,
                percentage: 0.0,
            },
            CountShare {
                name: "Web".into(),
                count: 5,
                percentage: 0.0,
            },
        ]);
        sort_shares(&mut rows, ShareColumn::Count, SortDir::Descending);
        let names: Vec<_> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["iOS", "Android", "Web"]);
        sort_shares(&mut rows, ShareColumn::Name, SortDir::Descending);
        let names: Vec<_> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Web", "iOS", "Android"]);
        assert_eq!(SortDir::Ascending.toggled().aria(), "descending");
        assert_eq!(SortDir::from_param("desc"), Some(SortDir::Descending));
    }

    fn device(id: &str, state: DeviceState, last_used: &str) -> Device {
        Device {
            device_id: id.into(),
            state: Some(state),
            last_used: Some(Timestamp(last_used.into())),
            created: Some(Timestamp("2026-01-01T00:00:00Z".into())),
            account_id: Some("a-sdge-x".into()),
            extra: Default::default(),
        }
    }

    fn flagged(hash: &str, users: &[(&str, usize)]) -> SuspiciousDeviceHash {
        SuspiciousDeviceHash {
            device_hash: hash.into(),
            users: users
                .iter()
                .map(|(u, n)| UserDevices {
                    user_id: (*u).into(),
                    devices: (0..*n)
                        .map(|i| {
                            device(
                                &format!("{u}-{i}"),
                                DeviceState::Code(2),
                                &format!("2026-03-0{}T08:00:00Z", i + 1),
                            )
                        })
                        .collect(),
                })
                .collect(),
            extra: Default::default(),
        }
    }

    #[test]
    fn flagged_hashes_filter_and_sort() {
        let rows = hash_rows(&[
            flagged("bbbb", &[("u1", 1), ("u2", 2)]),
            flagged("AAAA", &[("u3", 1), ("u4", 1), ("u5", 1)]),
            flagged("cccc", &[("u6", 3), ("U7", 1)]),
        ]);
        assert_eq!((rows[0].users, rows[0].devices), (2, 3));
        assert_eq!(
            rows[2].last_used.as_deref(),
            Some("2026-03-03 08:00:00 UTC")
        );

        let by = |f, c, d| select_hash_rows(&rows, f, c, d);
        assert_eq!(by("", HashColumn::Hash, SortDir::Ascending), vec![1, 0, 2]);
        assert_eq!(
            by("", HashColumn::Users, SortDir::Descending),
            vec![1, 0, 2]
        );
        assert_eq!(
            by("", HashColumn::Devices, SortDir::Descending),
            vec![2, 1, 0]
        );
        assert_eq!(
            by("", HashColumn::LastUsed, SortDir::Ascending),
            vec![1, 0, 2]
        );
        assert_eq!(
            by(" aa ", HashColumn::Hash, SortDir::Ascending),
            vec![1],
            "ignores case and blanks"
        );
        assert_eq!(
            by("u7", HashColumn::Hash, SortDir::Ascending),
            vec![2],
            "user ids match too"
        );
        assert!(by("zzz", HashColumn::Hash, SortDir::Ascending).is_empty());
        assert_eq!(
            HashColumn::from_param("lastUsed"),
            Some(HashColumn::LastUsed)
        );
    }

    #[test]
    fn device_states_the_console_does_not_know_are_shown_as_they_came() {
        assert_eq!(DeviceState::Code(2).shown(), "ACTIVE");
        assert_eq!(DeviceState::Name("locked".into()).shown(), "LOCKED");
        assert!(DeviceState::Code(4).is_known());
        for (state, shown) in [
            (DeviceState::Code(9), "9"),
            (DeviceState::Name("Suspended".into()), "Suspended"),
        ] {
            assert!(!state.is_known());
            assert_eq!(state.shown(), shown);
            assert_eq!(state.as_sent(), shown);
        }
        let csv = devices_csv(
            "h",
            &[UserDevices {
                user_id: "u".into(),
                devices: vec![device(
                    "d",
                    DeviceState::Name("Suspended".into()),
                    "2026-03-31 08:21:40.584",
                )],
            }],
        );
        assert!(csv.contains(",d,Suspended,"), "{csv}");
    }

    #[test]
    fn pages_clamp_and_describe_themselves() {
        let p = page_slice(812, 1, 50);
        assert_eq!((p.page, p.pages, p.start, p.end), (1, 17, 50, 100));
        assert_eq!(p.describe("hashes"), "51–100 of 812 hashes");
        let last = page_slice(812, 99, 50);
        assert_eq!((last.page, last.start, last.end), (16, 800, 812));
        let empty = page_slice(0, 3, 50);
        assert_eq!(
            (empty.page, empty.pages, empty.start, empty.end),
            (0, 1, 0, 0)
        );
        assert_eq!(empty.describe("hashes"), "No hashes");
    }

    proptest! {
        #[test]
        fn pages_cover_every_row_once(total in 0usize..5000, per in 1usize..200) {
            let first = page_slice(total, 0, per);
            let mut next = 0;
            for page in 0..first.pages {
                let p = page_slice(total, page, per);
                prop_assert_eq!(p.start, next);
                prop_assert!(p.end - p.start <= per);
                next = p.end;
            }
            prop_assert_eq!(next, total);
        }
    }

    #[test]
    fn the_lock_summary_counts_devices_that_are_not_deleted_and_their_users() {
        let users = vec![
            UserDevices {
                user_id: "u1".into(),
                devices: vec![
                    device(
                        "d1",
                        DeviceState::Name("ACTIVE".into()),
                        "2026-03-01T00:00:00Z",
                    ),
                    device("d2", DeviceState::Code(3), "2026-03-01T00:00:00Z"),
                ],
            },
            UserDevices {
                user_id: "u2".into(),
                devices: vec![device(
                    "d3",
                    DeviceState::Name("DELETED".into()),
                    "2026-03-01T00:00:00Z",
                )],
            },
            UserDevices {
                user_id: "u3".into(),
                devices: vec![
                    device("d4", DeviceState::Code(4), "2026-03-01T00:00:00Z"),
                    device("d5", DeviceState::Code(1), "2026-03-01T00:00:00Z"),
                ],
            },
        ];
        let s = lock_summary(&users);
        assert_eq!(
            s,
            LockSummary {
                devices: 2,
                already_locked: 1,
                users: 2
            }
        );
        assert!(s
            .sentence()
            .starts_with("2 devices of 2 users will be locked. (1 other is locked already.)"));
        assert!(s.sentence().contains("no way to unlock"));
        let done = LockSummary {
            devices: 0,
            already_locked: 6,
            users: 0,
        };
        assert!(done.sentence().contains("locked already"));
        let one = LockSummary {
            devices: 1,
            already_locked: 0,
            users: 1,
        };
        assert!(one
            .sentence()
            .starts_with("1 device of 1 user will be locked."));
        assert!(LockSummary::default().sentence().contains("deleted"));
    }

    // ------------------------------------------------------------ CSV

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field(" padded"), "\" padded\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("-cmd|' /C calc'!A0"), "'-cmd|' /C calc'!A0");
        // A hash starting with '-' and a negative number stay as they are.
        assert_eq!(csv_field("-AbC_9="), "-AbC_9=");
        assert_eq!(csv_field("-1.5"), "-1.5");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn csv_documents_have_a_header_and_crlf_lines() {
        let text = csv(&["name", "count"], [vec!["a,b", "1"], vec!["c", "2"]]);
        assert_eq!(text, "name,count\r\n\"a,b\",1\r\nc,2\r\n");
        let empty = csv::<_, String>(&["x"], Vec::<Vec<String>>::new());
        assert_eq!(empty, "x\r\n");
    }

    #[test]
    fn every_table_exports() {
        let stats = UsageStatistics {
            from_date: "2026-01-01".into(),
            to_date: "2026-02-01".into(),
            users: StateCounts {
                total: 10,
                with_activated_state: 8,
                with_locked_state: 1,
            },
            devices: StateCounts {
                total: 12,
                with_activated_state: 9,
                with_locked_state: 2,
            },
        };
        assert_eq!(
            usage_csv(&stats),
            "fromDate,toDate,what,total,activated,locked\r\n\
             2026-01-01,2026-02-01,users,10,8,1\r\n\
             2026-01-01,2026-02-01,devices,12,9,2\r\n"
        );
        let rows = share_rows(&[
            CountShare {
                name: "Android".into(),
                count: 2,
                percentage: 0.0,
            },
            CountShare {
                name: "iOS".into(),
                count: 1,
                percentage: 0.0,
            },
        ]);
        assert_eq!(
            shares_csv("platform", &rows),
            "platform,count,percentage\r\nAndroid,2,66.7\r\niOS,1,33.3\r\n"
        );
        let hashes = hash_rows(&[
            flagged("-abc", &[("u1", 1), ("u2", 1)]),
            flagged("xyz=", &[("u3", 2)]),
        ]);
        assert_eq!(
            hashes_csv(&hashes, &[1, 0], true),
            "deviceHash,users,devices,lastUsed\r\n\
             xyz=,1,2,2026-03-02 08:00:00 UTC\r\n\
             -abc,2,2,2026-03-01 08:00:00 UTC\r\n"
        );
        assert_eq!(
            hashes_csv(
                &hash_rows(&[SuspiciousDeviceHash {
                    device_hash: "h=".into(),
                    users: vec![
                        UserDevices {
                            user_id: "u".into(),
                            devices: vec![]
                        };
                        2
                    ],
                    extra: Default::default(),
                }]),
                &[0],
                false
            ),
            "deviceHash,users,devices,lastUsed\r\nh=,2,,\r\n",
            "without details the devices are unknown, not 0"
        );
        let devices = devices_csv(
            "h=",
            &[UserDevices {
                user_id: "u1".into(),
                devices: vec![device(
                    "d1",
                    DeviceState::Code(4),
                    "2026-03-31 08:21:40.584",
                )],
            }],
        );
        assert_eq!(
            devices,
            "deviceHash,userId,deviceId,state,lastUsed,created,accountId\r\n\
             h=,u1,d1,LOCKED,2026-03-31 08:21:40 UTC,2026-01-01 00:00:00 UTC,a-sdge-x\r\n"
        );
        assert_eq!(
            csv_file_name("Flagged hashes!", d("2026-04-10")),
            "mobileid-flagged-hashes-2026-04-10.csv"
        );
    }

    proptest! {
        #[test]
        fn csv_round_trips_through_a_reader(fields in proptest::collection::vec("[a-z,\" \n;=+@-]{0,8}", 1..6)) {
            let text = csv(&["h"; 1], fields.iter().map(|f| vec![f.clone()]));
            // A minimal RFC 4180 reader: one field per record.
            let mut records = Vec::new();
            let mut chars = text.chars().peekable();
            let mut field = String::new();
            let mut quoted = false;
            while let Some(c) = chars.next() {
                match (quoted, c) {
                    (true, '"') if chars.peek() == Some(&'"') => { chars.next(); field.push('"'); }
                    (true, '"') => quoted = false,
                    (false, '"') => quoted = true,
                    (false, '\r') => { chars.next(); records.push(std::mem::take(&mut field)); }
                    (_, c) => field.push(c),
                }
            }
            prop_assert_eq!(records.len(), fields.len() + 1);
            for (got, want) in records[1..].iter().zip(&fields) {
                let defused = want.starts_with(['=', '+', '@']) || (want.starts_with('-') && !want[1..].bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'=' | b'.')));
                if defused {
                    prop_assert_eq!(got, &format!("'{want}"));
                } else {
                    prop_assert_eq!(got, want);
                }
            }
        }
    }
}
