//! Typed confirmations: the admin types a name to confirm a destructive action.

/// What a typed confirmation compares: dashes of any kind as `-`, runs of spaces as one,
/// no spaces at the ends. Case still counts.
pub fn normalise_typed_name(text: &str) -> String {
    text.replace(
        [
            '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2212}',
        ],
        "-",
    )
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ")
}

#[cfg(test)]
mod tests {
    use super::normalise_typed_name;

    #[test]
    fn dashes_of_any_kind_and_runs_of_spaces_count_as_one_but_case_counts() {
        assert_eq!(
            normalise_typed_name("  Sample \u{2013} Account\u{2212}1 "),
            "Sample - Account-1"
        );
        assert_eq!(normalise_typed_name("a\tb\n c"), "a b c");
        assert_ne!(
            normalise_typed_name("Sample"),
            normalise_typed_name("sample")
        );
    }
}
