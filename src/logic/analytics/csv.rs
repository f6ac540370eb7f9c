//! CSV: the exports of the statistics and risk tables.

use super::chart::tenths_number;
use super::dates::Date;
use super::device_hashes::HashRow;
use super::shares::ShareRow;
use mobileid_admin_contract::models::{DeviceState, UsageStatistics, UserDevices};
use std::borrow::Cow;

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
    use crate::logic::analytics::test_support::{d, device, flagged};
    use crate::logic::analytics::{hash_rows, share_rows};
    use mobileid_admin_contract::models::{CountShare, StateCounts, SuspiciousDeviceHash};
    use proptest::prelude::*;

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
