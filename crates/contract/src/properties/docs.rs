//! The rules of each property as documentation ([`rules_of`]) and the README's table made from
//! them ([`rules_table_markdown`]), kept current by the test `the_readme_rules_table_is_current`.

use super::cross_field::CROSS_FIELD_RULES;
use super::schema::{PropertySpec, Provenance};
use super::table::PROPERTIES;

/// The rules of one property, with their provenance, for documentation: `(documented,
/// chosen)`; cross-field rules are listed under each of their fields.
pub fn rules_of(spec: &PropertySpec) -> (Vec<String>, Vec<String>) {
    let mut documented = vec![spec.kind.describe_documented()];
    if spec.documented_read_only() {
        documented.push("Not updatable.".into());
    }
    let mut chosen: Vec<String> = spec
        .kind
        .describe_chosen()
        .into_iter()
        .chain(spec.chosen_bounds.map(str::to_owned))
        .collect();
    if spec.read_only && !spec.documented_read_only() {
        chosen.push("Read-only in the console: not in the reference's update body.".into());
    }
    for rule in CROSS_FIELD_RULES
        .iter()
        .filter(|r| r.fields.contains(&spec.name))
    {
        match rule.provenance {
            Provenance::Documented => documented.push(rule.describe.into()),
            Provenance::Chosen => chosen.push(rule.describe.into()),
        }
    }
    (documented, chosen)
}

/// The README's table of every property's rules (kept equal by a test).
pub fn rules_table_markdown() -> String {
    let cell = |items: &[String]| items.join(" ").replace('|', "\\|");
    let mut out = String::from(
        "| Property | Documented (an error, blocks) | Chosen by the console (a warning) |\n\
         | --- | --- | --- |\n",
    );
    for spec in PROPERTIES {
        let (documented, chosen) = rules_of(spec);
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            spec.name,
            cell(&documented),
            if chosen.is_empty() {
                "—".into()
            } else {
                cell(&chosen)
            }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::properties::spec;
    use crate::properties::test_support::s;
    use std::collections::BTreeSet;

    // ------------------------------------------------------------ provenance

    #[test]
    fn every_chosen_rule_has_a_source_and_every_property_a_documented_type() {
        for p in PROPERTIES {
            if p.kind.has_chosen_rule() {
                assert!(
                    p.chosen_bounds.is_some(),
                    "{}: {:?} is the console's choice but has no chosen note",
                    p.name,
                    p.kind.describe_chosen()
                );
            }
            if let Some(note) = p.chosen_bounds {
                assert!(
                    !note.trim().is_empty() && note.ends_with('.'),
                    "{}: {note:?}",
                    p.name
                );
            }
            let (documented, chosen) = rules_of(p);
            assert_eq!(
                documented.first(),
                Some(&p.kind.describe_documented()),
                "{}: the documented type comes first",
                p.name
            );
            assert!(
                documented.iter().all(|r| !r.trim().is_empty()),
                "{}",
                p.name
            );
            assert!(chosen.iter().all(|r| !r.trim().is_empty()), "{}", p.name);
            if p.kind.has_chosen_rule() {
                assert!(!chosen.is_empty(), "{}", p.name);
            }
            for rule in CROSS_FIELD_RULES
                .iter()
                .filter(|r| r.fields.contains(&p.name))
            {
                let listed = match rule.provenance {
                    Provenance::Documented => &documented,
                    Provenance::Chosen => &chosen,
                };
                assert!(listed.contains(&rule.describe.to_owned()), "{}", p.name);
            }
        }
        assert!(rules_of(s("hwKeyValidationStrategy"))
            .1
            .iter()
            .any(|r| r.contains("Read-only in the console")));
        assert!(rules_of(s("maximumSessionExpiry"))
            .0
            .contains(&"Not updatable.".to_owned()));
        for rule in CROSS_FIELD_RULES {
            assert!(!rule.describe.trim().is_empty(), "{rule:?}");
            assert!(rule.fields.len() >= 2, "{rule:?}");
            for field in rule.fields {
                assert!(spec(field).is_some(), "{rule:?}: {field}");
            }
        }
        // Which relations the reference states: written out, not read from the table.
        let documented: BTreeSet<Vec<&str>> = CROSS_FIELD_RULES
            .iter()
            .filter(|r| r.provenance == Provenance::Documented)
            .map(|r| r.fields.to_vec())
            .collect();
        assert_eq!(
            documented,
            BTreeSet::from([
                vec!["allowedAuthMethodsForAuthAndActivate", "allowedAuthMethods"],
                vec![
                    "attestationIosAppAttestMode",
                    "attestationIosAppAttestAppId"
                ],
            ])
        );
        assert_eq!(CROSS_FIELD_RULES.len(), 9);
    }

    // ------------------------------------------------------------ the README

    const README_BEGIN: &str = "<!-- property-rules:begin -->";
    const README_END: &str = "<!-- property-rules:end -->";
    const README_HEADING: &str = "## Property rules: documented or chosen";
    const README_INTRO: &str = "What the console checks in each application-configuration \
property, and where each rule comes from. A rule the API reference states is an error that \
blocks saving the field; a rule the console chose where the reference is silent or cut off is a \
warning that names its source and never blocks: the server decides. Values already on the \
server only ever get warnings, and a rule across fields is checked only when one of its fields \
changes. Generated from `crates/contract/src/properties/docs.rs` (`rules_table_markdown`); a \
test keeps it current (`UPDATE_README=1 cargo test -p mobileid-admin-contract readme` rewrites \
it).";

    /// `readme` with the rules table between the markers; the section is added before
    /// "Deploying the console" when it is missing.
    fn with_rules_table(readme: &str, table: &str) -> String {
        let block = format!("{README_BEGIN}\n{table}{README_END}");
        if let (Some(begin), Some(end)) = (readme.find(README_BEGIN), readme.find(README_END)) {
            assert!(
                begin < end,
                "README.md: the property-rules markers are out of order"
            );
            return format!(
                "{}{block}{}",
                &readme[..begin],
                &readme[end + README_END.len()..]
            );
        }
        let section = format!("{README_HEADING}\n\n{README_INTRO}\n\n{block}\n\n");
        match readme.find("\n## Deploying the console") {
            Some(at) => format!("{}\n{section}{}", &readme[..at], &readme[at + 1..]),
            None => format!("{}\n\n{section}", readme.trim_end()),
        }
    }

    #[test]
    fn with_rules_table_inserts_then_replaces() {
        let readme = "# T\n\n## A\n\ntext\n\n## Deploying the console\n\nmore\n";
        let once = with_rules_table(readme, "| a |\n");
        assert!(once.contains(&format!(
            "text\n\n{README_HEADING}\n\n{README_INTRO}\n\n{README_BEGIN}\n| a |\n{README_END}\n\n## Deploying the console\n"
        )));
        let twice = with_rules_table(&once, "| b |\n");
        assert_eq!(twice, once.replace("| a |", "| b |"));
        assert_eq!(with_rules_table(&twice, "| b |\n"), twice);
    }

    #[test]
    fn the_readme_rules_table_is_current() {
        let table = rules_table_markdown();
        assert_eq!(table.lines().count(), 2 + PROPERTIES.len());
        for p in PROPERTIES {
            assert!(table.contains(&format!("| `{}` |", p.name)), "{}", p.name);
        }
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
        let readme = std::fs::read_to_string(&path).expect("README.md");
        if std::env::var("UPDATE_README").as_deref() == Ok("1") {
            let updated = with_rules_table(&readme, &table);
            if updated != readme {
                std::fs::write(&path, updated).expect("README.md is writable");
            }
            return;
        }
        let begin = readme
            .find(&format!("{README_BEGIN}\n"))
            .expect("README.md has the property-rules:begin marker (UPDATE_README=1 adds it)");
        let end = readme
            .find(README_END)
            .expect("README.md has the property-rules:end marker");
        assert_eq!(
            &readme[begin + README_BEGIN.len() + 1..end],
            table,
            "the README's property rules are stale: run UPDATE_README=1 cargo test -p \
             mobileid-admin-contract readme"
        );
    }
}
