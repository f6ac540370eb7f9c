//! The YAML text of the document, written so that YAML 1.1 readers (PyYAML, under Schemathesis
//! and the scripts) read exactly the strings meant: a string is written plain only when it
//! cannot be read as anything else (no date, number, boolean or null look-alike); otherwise it
//! is a JSON string, which YAML reads as the same string. Samples (`value:`) are written as
//! their JSON, which is YAML too, keys in the reference's order.

use serde_yaml_ng::Value as Yaml;

/// Words YAML 1.1 reads as a boolean or null.
const RESERVED: &[&str] = &[
    "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
];

fn reserved(text: &str) -> bool {
    RESERVED.contains(&text.to_ascii_lowercase().as_str())
}

/// `[A-Za-z_$/][A-Za-z0-9_.$/+{}-]*`, not a reserved word.
fn plain_key(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || "_$/".contains(c))
        && chars.all(|c| c.is_ascii_alphanumeric() || "_.$/+{}-".contains(c))
        && !reserved(text)
}

/// `[A-Za-z][A-Za-z0-9_./+-]*( [A-Za-z0-9_./+()-]+)*`, not a reserved word: words that start
/// with a letter, single spaces between them, no `:` or `#`.
fn plain_value(text: &str) -> bool {
    let mut words = text.split(' ');
    let first = words.next().unwrap_or_default();
    first.starts_with(|c: char| c.is_ascii_alphabetic())
        && first
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./+-".contains(c))
        && words.all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_./+()-".contains(c))
        })
        && !reserved(text)
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string is JSON")
}

fn key(text: &str) -> String {
    if plain_key(text) {
        text.to_owned()
    } else {
        quoted(text)
    }
}

fn scalar(value: &Yaml) -> String {
    match value {
        Yaml::Null => "null".into(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Number(n) => serde_json::to_string(n).expect("a number is JSON"),
        Yaml::String(s) if plain_value(s) => s.clone(),
        Yaml::String(s) => quoted(s),
        other => panic!("not a scalar: {other:?}"),
    }
}

/// A multi-line string as a literal block, when it can be one exactly.
fn block(text: &str, indent: usize) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    if text.ends_with('\n')
        || lines
            .iter()
            .any(|l| l.trim_end() != *l || l.starts_with(' '))
    {
        return None;
    }
    let pad = " ".repeat(indent);
    let body: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect();
    Some(format!("|-\n{}", body.join("\n")))
}

fn is_empty_collection(value: &Yaml) -> Option<&'static str> {
    match value {
        Yaml::Mapping(m) if m.is_empty() => Some("{}"),
        Yaml::Sequence(s) if s.is_empty() => Some("[]"),
        _ => None,
    }
}

/// Appends `head` (`key:` or `-`) and its value.
fn entry(head: String, value: &Yaml, indent: usize, out: &mut Vec<String>, sample: bool) {
    if let Some(empty) = is_empty_collection(value) {
        out.push(format!("{head} {empty}"));
    } else if sample && matches!(value, Yaml::Mapping(_) | Yaml::Sequence(_)) {
        let json = serde_json::to_string_pretty(value).expect("a sample is JSON");
        let pad = " ".repeat(indent + 2);
        out.push(format!(
            "{head} {}",
            json.replace('\n', &format!("\n{pad}"))
        ));
    } else if matches!(value, Yaml::Mapping(_) | Yaml::Sequence(_)) {
        out.push(head);
        collection(value, indent + 2, out);
    } else if let Some(text) = value
        .as_str()
        .filter(|s| s.contains('\n'))
        .and_then(|s| block(s, indent + 2))
    {
        out.push(format!("{head} {text}"));
    } else {
        out.push(format!("{head} {}", scalar(value)));
    }
}

/// Appends the entries of a mapping, or the items of a sequence, at `indent`.
fn collection(value: &Yaml, indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    match value {
        Yaml::Mapping(m) => {
            for (k, v) in m {
                let k = k.as_str().expect("keys are strings");
                entry(format!("{pad}{}:", key(k)), v, indent, out, k == "value");
            }
        }
        Yaml::Sequence(items) => {
            for item in items {
                if matches!(item, Yaml::Mapping(m) if !m.is_empty()) {
                    let mut nested = Vec::new();
                    collection(item, indent + 2, &mut nested);
                    nested[0] = format!("{pad}- {}", &nested[0][indent + 2..]);
                    out.extend(nested);
                } else {
                    entry(format!("{pad}-"), item, indent, out, false);
                }
            }
        }
        other => panic!("not a collection: {other:?}"),
    }
}

/// The YAML text of a mapping.
pub fn to_yaml(document: &Yaml) -> String {
    let mut out = Vec::new();
    collection(document, 0, &mut out);
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_that_yaml_1_1_reads_otherwise_are_quoted() {
        for text in [
            "2024-04-04",
            "2022-12-11T12:35:52.000Z",
            "3.1.0",
            "100",
            "yes",
            "Off",
            "a: b",
            "# c",
            "",
        ] {
            assert_eq!(scalar(&Yaml::String(text.into())), quoted(text), "{text}");
        }
        for text in ["Accounts", "Get MobileID account", "application/json"] {
            assert_eq!(scalar(&Yaml::String(text.into())), text);
        }
    }
}
