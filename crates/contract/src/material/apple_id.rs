//! Apple key and team identifiers (`keyId`, `teamId`) of APNs tokens: what blocks and what
//! only warns.

/// Which Apple identifier an APNs field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppleId {
    /// `keyId`: the key's identifier (in the `.p8` file's name, `AuthKey_<key ID>.p8`).
    Key,
    /// `teamId`: the Apple developer team.
    Team,
}

impl AppleId {
    fn noun(self) -> &'static str {
        match self {
            AppleId::Key => "key IDs",
            AppleId::Team => "team IDs",
        }
    }
}

/// Whether `text` (trimmed) has Apple's format for key and team identifiers: exactly 10
/// upper-case letters A–Z or digits 0–9.
pub fn is_apple_id_format(text: &str) -> bool {
    let t = text.trim();
    t.len() == 10
        && t.bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// What blocks an APNs `keyId` or `teamId`: the reference documents both as "string
/// non-empty", so only an empty (or blank) value is an error.
pub fn apple_id_error(text: &str) -> Option<&'static str> {
    text.trim()
        .is_empty()
        .then_some("Required: the reference says it must not be empty.")
}

/// A warning (never blocking) when a non-empty `keyId` or `teamId` is not in Apple's format.
/// The format is Apple's, not the reference's: the reference states none and its own samples
/// (`ABCD1234`, `EDFG5678`) have 8 characters, so the server decides.
pub fn apple_id_warning(text: &str, kind: AppleId) -> Option<String> {
    let t = text.trim();
    if t.is_empty() || is_apple_id_format(t) {
        return None;
    }
    let count = t.chars().count();
    let found = if count != 10 {
        format!(
            "this one has {count} character{}",
            if count == 1 { "" } else { "s" }
        )
    } else {
        "this one has other characters".to_string()
    };
    Some(format!(
        "Apple's {} are 10 characters, upper-case letters and digits ({found}); the reference does not state a format and its samples use 8 — the server decides.",
        kind.noun()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_apple_id_is_an_error_and_only_that() {
        for blank in ["", "   ", "\t"] {
            assert!(apple_id_error(blank).is_some(), "{blank:?}");
            // The error says it; no warning on top.
            assert_eq!(apple_id_warning(blank, AppleId::Key), None);
        }
        // Anything non-empty passes: the reference says only "string non-empty".
        for given in [
            "ABCDE12345",
            "ABCD1234",
            "EDFG5678",
            "abcde12345",
            "key-id",
            "X",
        ] {
            assert_eq!(apple_id_error(given), None, "{given}");
        }
    }

    #[test]
    fn apple_ids_out_of_apples_format_are_warnings_naming_the_sources() {
        assert!(is_apple_id_format("ABCDE12345"));
        assert!(is_apple_id_format(" ABCDE12345 "));
        assert_eq!(apple_id_warning("ABCDE12345", AppleId::Key), None);
        assert_eq!(apple_id_warning(" TEAM000001 ", AppleId::Team), None);
        // The reference's own samples: 8 characters.
        let w = apple_id_warning("ABCD1234", AppleId::Key).unwrap();
        assert!(w.starts_with("Apple's key IDs are 10 characters"), "{w}");
        assert!(w.contains("this one has 8 characters"), "{w}");
        assert!(w.contains("the reference does not state a format"), "{w}");
        assert!(w.contains("samples use 8"), "{w}");
        assert!(w.contains("the server decides"), "{w}");
        let w = apple_id_warning("EDFG5678", AppleId::Team).unwrap();
        assert!(w.starts_with("Apple's team IDs"), "{w}");
        // Ten characters, but lower case or punctuation.
        for odd in ["abcde12345", "ABCDE-1234"] {
            assert!(!is_apple_id_format(odd), "{odd}");
            let w = apple_id_warning(odd, AppleId::Team).unwrap();
            assert!(w.contains("other characters"), "{w}");
        }
        assert!(apple_id_warning("X", AppleId::Key)
            .unwrap()
            .contains("has 1 character)"));
    }
}
