//! Risk indicators, device hashes and suspicious device hashes (their table, paging, locking).

use super::chart::format_count;
use super::sorting::SortDir;
use mobileid_admin_contract::models::{DeviceState, SuspiciousDeviceHash, UserDevices};
use std::cmp::Ordering;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::analytics::test_support::{device, flagged};
    use proptest::prelude::*;

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
}
