//! Sorting: the sort direction and the natural order of names.

use std::cmp::Ordering;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_naturally() {
        let mut v = vec!["3.21", "3.9", "10.0", "3.10.1", "3.10", "beta"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["3.9", "3.10", "3.10.1", "3.21", "10.0", "beta"]);
        assert_eq!(natural_cmp("iOS", "ios"), Ordering::Less);
        assert_eq!(natural_cmp("a02", "a2"), Ordering::Less); // equal numbers: text decides
    }
}
