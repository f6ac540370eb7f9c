//! Dates: calendar days, numbers of days, date ranges and the overview's period.

use super::chart::format_count;
use std::fmt;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::analytics::test_support::d;
    use proptest::prelude::*;

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
}
