//! Serde helpers for the quirks of the real API: numbers sent as strings, and timestamps with
//! or without `Z`, with a space or a `T` between date and time.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A non-negative integer the API sends as a JSON string (`"100"`) or, sometimes, as a number.
/// It is sent back as a string, as the API does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NumberString(pub u64);

impl Serialize for NumberString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for NumberString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(n) => Ok(NumberString(n)),
            Raw::Text(t) => t.trim().parse().map(NumberString).map_err(|_| {
                serde::de::Error::custom(format!("expected a whole number, got {t:?}"))
            }),
        }
    }
}

impl fmt::Display for NumberString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A timestamp exactly as the API sent it (kept so a resource is re-sent unchanged), with a
/// normalised reading for display and sorting.
///
/// Seen in the reference: `2023-09-06T06:47:20.000Z`, `2026-04-10T10:32:42Z`,
/// `2026-03-31T08:08:48.607000` (no zone) and `2026-03-31 08:21:40.584` (space, no zone).
/// Values without a zone are taken as UTC.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub String);

impl Timestamp {
    /// `YYYY-MM-DD HH:MM:SS UTC`, or `None` when the text is not a timestamp.
    pub fn normalized(&self) -> Option<String> {
        let (date, time) = self.parts()?;
        Some(format!("{date} {time} UTC"))
    }

    /// The calendar date, `YYYY-MM-DD`.
    pub fn date(&self) -> Option<&str> {
        self.parts().map(|(d, _)| d)
    }

    fn parts(&self) -> Option<(&str, &str)> {
        let s = self.0.trim();
        if s.len() < 19 {
            return None;
        }
        let (date, rest) = s.split_at(10);
        let sep = rest.as_bytes()[0];
        if sep != b'T' && sep != b' ' {
            return None;
        }
        let time = &rest[1..9];
        let date_ok = date.as_bytes().iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
        let time_ok = time.as_bytes().iter().enumerate().all(|(i, c)| {
            if i == 2 || i == 5 {
                *c == b':'
            } else {
                c.is_ascii_digit()
            }
        });
        let tail = &rest[9..];
        let tail_ok = tail
            .trim_end_matches('Z')
            .trim_start_matches('.')
            .bytes()
            .all(|c| c.is_ascii_digit());
        (date_ok && time_ok && tail_ok).then_some((date, time))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.normalized() {
            Some(n) => f.write_str(&n),
            None => f.write_str(&self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_string_accepts_strings_and_numbers_and_sends_strings() {
        let a: NumberString = serde_json::from_str("\"100\"").unwrap();
        let b: NumberString = serde_json::from_str("100").unwrap();
        assert_eq!(a, b);
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"100\"");
        assert!(serde_json::from_str::<NumberString>("\"ten\"").is_err());
        assert!(serde_json::from_str::<NumberString>("-1").is_err());
    }

    #[test]
    fn timestamps_in_every_spelling_of_the_reference_normalise() {
        for (raw, want) in [
            ("2023-09-06T06:47:20.000Z", "2023-09-06 06:47:20 UTC"),
            ("2026-04-10T10:32:42Z", "2026-04-10 10:32:42 UTC"),
            ("2026-03-31T08:08:48.607000", "2026-03-31 08:08:48 UTC"),
            ("2026-03-31 08:21:40.584", "2026-03-31 08:21:40 UTC"),
        ] {
            assert_eq!(
                Timestamp(raw.into()).normalized().as_deref(),
                Some(want),
                "{raw}"
            );
        }
        assert_eq!(Timestamp("yesterday".into()).normalized(), None);
        assert_eq!(Timestamp("2026-03-31X08:21:40".into()).normalized(), None);
    }
}
