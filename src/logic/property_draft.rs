//! The property editor's model, without any UI: the server's values, the admin's edits as
//! form text, new secrets, and everything derived from them (what to send, errors and
//! warnings, the review diff, conflicts with a concurrent change, import and export).
//!
//! Only what the admin changes is judged: a value already on the server gets at most a
//! warning, and a rule across fields is checked only when one of its fields changed. Values
//! and properties this console does not know are kept, shown, and sent back unchanged.
//!
//! What may be stored (in the browser's `sessionStorage`, to survive a reload or a re-login)
//! is exactly what serde serialises: the base and the non-secret edits. New secrets are
//! `#[serde(skip)]`: they exist in memory only, until they are sent.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use mobileid_admin_contract::models::PropertyValues;
use mobileid_admin_contract::properties::{
    check_changes, check_stored, check_value, spec, text_of, value_of, FieldProblem, Kind,
    PropertySpec, Severity, CROSS_FIELD_RULES, PROPERTIES,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PropertyDraft {
    /// The server's values when editing started (secrets as the server masks them).
    pub base: PropertyValues,
    /// Form text of each edited, non-secret property, by API name.
    pub edits: BTreeMap<String, String>,
    /// New secret values (Base64, as sent). Never serialised, never shown.
    #[serde(skip)]
    secrets: BTreeMap<String, String>,
}

/// What a set secret becomes in the draft's base. The real API may answer a secret's value
/// (the reference's sample shows one); the draft keeps only that it is set, so nothing secret
/// can reach storage through the base.
pub const SECRET_SET: &str = "(set)";

fn mask_secrets(mut values: PropertyValues) -> PropertyValues {
    for (name, value) in values.iter_mut() {
        let set = !matches!(value, Value::Null) && value.as_str() != Some("");
        if spec(name).is_some_and(|s| s.secret) && set {
            *value = Value::String(SECRET_SET.into());
        }
    }
    values
}

impl std::fmt::Debug for PropertyDraft {
    // New secrets must not reach a log: only their names are shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PropertyDraft")
            .field("base", &self.base)
            .field("edits", &self.edits)
            .field("new_secrets", &self.secrets.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// One line of the review dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffRow {
    pub name: String,
    pub label: String,
    pub old: String,
    pub new: String,
}

/// A property the server changed since editing started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub name: String,
    pub label: String,
    pub base: String,
    pub theirs: String,
    /// The admin's own value, when the admin edited it too.
    pub mine: Option<String>,
}

/// What an import did. Nothing is refused but what the reference forbids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub applied: Vec<String>,
    /// Read-only and secret properties in the file are left alone.
    pub ignored: Vec<String>,
    /// Values that break a documented rule: listed, not applied.
    pub skipped: Vec<FieldProblem>,
    /// Applied, with the console's warnings (unknown properties, values outside a known set).
    pub warnings: Vec<FieldProblem>,
}

/// The label of any property: the schema's, or the API name of one this console does not know.
pub fn label_of(name: &str) -> String {
    spec(name).map_or_else(|| name.to_owned(), |s| s.label.to_owned())
}

/// A property's value in words: "(not set)", what a null list means, "(empty)", or its text.
pub fn property_text(name: &str, value: Option<&Value>) -> String {
    match value {
        None => "(not set)".into(),
        Some(Value::Null)
            if spec(name)
                .is_some_and(|s| matches!(s.kind, Kind::EnumList { nullable: true, .. })) =>
        {
            "null (only the always-collected data)".into()
        }
        Some(Value::Null) => "(not set)".into(),
        Some(v) => {
            let text = text_of(name, v);
            if text.is_empty() {
                "(empty)".into()
            } else {
                text
            }
        }
    }
}

/// A value as the editor's review and conflicts show it: a secret only as "set", and
/// durations read at a glance ("300000 ms (5 min)").
fn shown(name: &str, value: Option<&Value>) -> String {
    let spec = spec(name);
    let text = property_text(name, value);
    let set = value.is_some_and(|v| !v.is_null());
    if set && spec.is_some_and(|s| s.secret) {
        return "set".into();
    }
    let millis = spec.is_some_and(|s| matches!(s.kind, Kind::Millis { .. }));
    match human_duration(&text) {
        Some(human) if set && millis => format!("{text} ms ({human})"),
        _ => text,
    }
}

/// A secret as the admin gave it, as the API wants it: text that is already Base64 is sent as
/// it is; anything else (e.g. a Firebase `serviceAccount.json`) is Base64-encoded.
pub fn secret_to_base64(text: &str) -> String {
    let compact: String = text.split_whitespace().collect();
    let is_base64 = !compact.is_empty()
        && compact.len().is_multiple_of(4)
        && STANDARD.decode(compact.as_bytes()).is_ok();
    if is_base64 {
        compact
    } else {
        STANDARD.encode(text.trim().as_bytes())
    }
}

/// Whether the admin may edit this property: known and neither read-only nor secret, or one
/// this console does not know (edited as text).
fn editable(name: &str) -> bool {
    spec(name).is_none_or(|s| !s.read_only && !s.secret)
}

impl PropertyDraft {
    pub fn new(base: PropertyValues) -> Self {
        PropertyDraft {
            base: mask_secrets(base),
            ..Default::default()
        }
    }

    /// The server's value as form text.
    pub fn base_text(&self, name: &str) -> String {
        self.base
            .get(name)
            .map(|value| text_of(name, value))
            .unwrap_or_default()
    }

    /// What the field shows: the edit, or the server's value.
    pub fn text(&self, name: &str) -> String {
        self.edits
            .get(name)
            .cloned()
            .unwrap_or_else(|| self.base_text(name))
    }

    /// Properties the server sent that this console does not know, in name order.
    pub fn unknown_names(&self) -> Vec<String> {
        self.base
            .keys()
            .chain(self.edits.keys())
            .filter(|name| spec(name).is_none())
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// Records the admin's text; text that means the server's value is no edit.
    pub fn set_text(&mut self, name: &str, text: String) {
        if !editable(name) {
            return;
        }
        let server = self.base.get(name);
        let unchanged = match server {
            Some(v) => value_of(name, &text, Some(v)) == value_of(name, &text_of(name, v), Some(v)),
            None => text.trim().is_empty(),
        };
        if unchanged {
            self.edits.remove(name);
        } else {
            self.edits.insert(name.to_string(), text);
        }
    }

    /// The items of a list field as shown (none for `null`).
    pub fn items(&self, name: &str) -> Vec<String> {
        let text = self.text(name);
        if self.is_null(name) {
            return Vec::new();
        }
        text.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// Whether a nullable list is `null` (only the always-collected data).
    pub fn is_null(&self, name: &str) -> bool {
        spec(name).is_some_and(|s| matches!(s.kind, Kind::EnumList { nullable: true, .. }))
            && self.text(name).trim() == mobileid_admin_contract::properties::NULL_TEXT
    }

    /// For list kinds: adds or removes one option; values this console does not know stay,
    /// after the known ones.
    pub fn toggle_option(&mut self, name: &str, option: &str, on: bool) {
        let mut items: Vec<String> = self
            .items(name)
            .into_iter()
            .filter(|s| s != option)
            .collect();
        if on {
            items.push(option.to_string());
            // Keep the schema's order, so the same set always reads the same.
            if let Some(spec) = spec(name) {
                let order = spec.kind.options();
                items.sort_by_key(|i| order.iter().position(|o| o == i).unwrap_or(usize::MAX));
            }
        }
        self.set_text(name, items.join(", "));
    }

    pub fn set_secret(&mut self, name: &str, text: &str) {
        if spec(name).is_some_and(|s| s.secret) && !text.trim().is_empty() {
            self.secrets
                .insert(name.to_string(), secret_to_base64(text));
        }
    }

    pub fn has_new_secret(&self, name: &str) -> bool {
        self.secrets.contains_key(name)
    }

    pub fn clear_secrets(&mut self) {
        self.secrets.clear();
    }

    /// Back to the server's value.
    pub fn reset(&mut self, name: &str) {
        self.edits.remove(name);
        self.secrets.remove(name);
    }

    pub fn is_changed(&self, name: &str) -> bool {
        self.edits.contains_key(name) || self.secrets.contains_key(name)
    }

    pub fn is_dirty(&self) -> bool {
        !self.edits.is_empty() || !self.secrets.is_empty()
    }

    /// Exactly what "Update properties" should send: the changed values only.
    pub fn changes(&self) -> PropertyValues {
        let mut out = PropertyValues::new();
        for (name, text) in &self.edits {
            if editable(name) {
                out.insert(name.clone(), value_of(name, text, self.base.get(name)));
            }
        }
        for (name, value) in &self.secrets {
            out.insert(name.clone(), Value::String(value.clone()));
        }
        out
    }

    /// Everything to show at the fields: the changes judged as they would be sent (errors for
    /// documented rules, warnings for chosen ones), then warnings on the server's own values
    /// that were not changed.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let changes = self.changes();
        let mut problems = check_changes(&self.base, &changes);
        let unchanged: PropertyValues = self
            .base
            .iter()
            .filter(|(name, _)| !changes.contains_key(*name))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        problems.extend(check_stored(&unchanged));
        problems
    }

    /// The errors that block saving, one per field (the first is the most specific).
    pub fn errors(&self) -> Vec<FieldProblem> {
        let mut seen = BTreeSet::new();
        self.problems()
            .into_iter()
            .filter(|p| p.is_error() && seen.insert(p.name.clone()))
            .collect()
    }

    /// The problem of a single field as the admin types: its value on its own (a secret's
    /// new value, or the edit), before the whole draft is checked.
    pub fn field_problem(&self, name: &str) -> Option<FieldProblem> {
        let spec = spec(name)?;
        let value = if spec.secret {
            Value::String(self.secrets.get(name)?.clone())
        } else {
            value_of(name, self.edits.get(name)?, self.base.get(name))
        };
        let mut findings = check_value(spec, &value);
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        findings.into_iter().next().map(|f| FieldProblem {
            name: name.to_owned(),
            message: f.message,
            severity: f.severity,
        })
    }

    /// Names in display order: the schema's, then those this console does not know.
    fn ordered_names<'a>(&self, names: impl Iterator<Item = &'a String>) -> Vec<String> {
        let names: BTreeSet<&String> = names.collect();
        PROPERTIES
            .iter()
            .map(|s| s.name.to_owned())
            .filter(|n| names.contains(n))
            .chain(
                names
                    .iter()
                    .filter(|n| spec(n).is_none())
                    .map(|n| (*n).clone()),
            )
            .collect()
    }

    /// The review dialog: old → new for every change.
    pub fn diff(&self) -> Vec<DiffRow> {
        let changes = self.changes();
        self.ordered_names(changes.keys())
            .into_iter()
            .map(|name| DiffRow {
                label: label_of(&name),
                old: shown(&name, self.base.get(&name)),
                new: if spec(&name).is_some_and(|s| s.secret) {
                    "replaced".into()
                } else {
                    shown(&name, changes.get(&name))
                },
                name,
            })
            .collect()
    }

    /// Properties the server changed since `base` was read (`fresh` is a new read).
    pub fn conflicts(&self, fresh: &PropertyValues) -> Vec<Conflict> {
        let fresh_masked = mask_secrets(fresh.clone());
        self.ordered_names(self.base.keys().chain(fresh.keys()))
            .into_iter()
            .filter(|name| {
                !spec(name).is_some_and(|s| s.secret)
                    && self.base.get(name) != fresh_masked.get(name)
            })
            .map(|name| Conflict {
                label: label_of(&name),
                base: shown(&name, self.base.get(&name)),
                theirs: shown(&name, fresh.get(&name)),
                mine: self
                    .edits
                    .get(&name)
                    .map(|t| shown(&name, Some(&value_of(&name, t, self.base.get(&name))))),
                name,
            })
            .collect()
    }

    /// Moves the draft onto a newer server state. With `keep_mine`, the admin's edits stay
    /// (and will overwrite); otherwise the server's new values win where both changed.
    pub fn rebase(&mut self, fresh: PropertyValues, keep_mine: bool) {
        let conflicting: Vec<String> = self
            .conflicts(&fresh)
            .into_iter()
            .filter(|c| c.mine.is_some())
            .map(|c| c.name)
            .collect();
        let edits = std::mem::take(&mut self.edits);
        self.base = mask_secrets(fresh);
        for (name, text) in edits {
            if keep_mine || !conflicting.contains(&name) {
                self.set_text(&name, text);
            }
        }
    }

    /// The properties as JSON, for a file: the server's values exactly as it sent them
    /// (unknown properties and values included) with the admin's edits laid over; secrets and
    /// read-only values left out.
    pub fn export_json(&self) -> String {
        let mut out = serde_json::Map::new();
        for (name, value) in &self.base {
            if editable(name) {
                out.insert(name.clone(), value.clone());
            }
        }
        for (name, value) in self.changes() {
            if editable(&name) {
                out.insert(name, value);
            }
        }
        serde_json::to_string_pretty(&Value::Object(out)).unwrap_or_default()
    }

    /// Applies a file as edits. Numbers and booleans are taken as the strings the API sends;
    /// properties and values this console does not know are applied with a warning; values
    /// that break a documented rule are listed and skipped. Only a file that is not a JSON
    /// object is refused.
    pub fn import_json(&mut self, text: &str) -> Result<ImportReport, FieldProblem> {
        let parsed: Value = serde_json::from_str(text)
            .map_err(|e| FieldProblem::error("file", format!("Not valid JSON: {e}")))?;
        let Value::Object(map) = parsed else {
            return Err(FieldProblem::error(
                "file",
                "Expected a JSON object of property names and values.",
            ));
        };
        let mut report = ImportReport::default();
        let mut candidate = self.clone();
        let mut staged = Vec::new();
        for (name, value) in &map {
            match spec(name) {
                Some(spec) if spec.read_only || spec.secret => report.ignored.push(name.clone()),
                // Removing a property is not an edit the editor offers (only the documented
                // `null` of a list is); the file's `null` is left alone, and said so.
                Some(spec) if value.is_null() && !spec.kind.is_list() => {
                    report.ignored.push(name.clone())
                }
                Some(spec) => {
                    let value = match value {
                        Value::Number(_) | Value::Bool(_) if !spec.kind.is_list() => {
                            Value::String(value.to_string())
                        }
                        other => other.clone(),
                    };
                    let text = mobileid_admin_contract::properties::to_form_text(spec, &value);
                    candidate.set_text(name, text);
                    staged.push(name.clone());
                }
                None => {
                    candidate.set_text(
                        name,
                        mobileid_admin_contract::properties::unknown_to_text(value),
                    );
                    staged.push(name.clone());
                }
            }
        }
        // Skip what breaks a documented rule, until nothing staged does: an error on a staged
        // field skips that field; an error a staged field causes elsewhere (a rule across
        // fields) skips the staged fields of that rule.
        let before: BTreeSet<(String, String)> = self
            .errors()
            .into_iter()
            .map(|e| (e.name, e.message))
            .collect();
        loop {
            let caused: Vec<FieldProblem> = candidate
                .errors()
                .into_iter()
                .filter(|e| !before.contains(&(e.name.clone(), e.message.clone())))
                .collect();
            let mut skipped_any = false;
            for problem in caused {
                let culprits: Vec<String> = if staged.contains(&problem.name) {
                    vec![problem.name.clone()]
                } else {
                    CROSS_FIELD_RULES
                        .iter()
                        .filter(|r| r.fields.contains(&problem.name.as_str()))
                        .flat_map(|r| r.fields.iter().map(|f| (*f).to_owned()))
                        .filter(|f| staged.contains(f))
                        .collect()
                };
                for name in culprits {
                    if !candidate.is_changed(&name) {
                        continue;
                    }
                    candidate.reset(&name);
                    let message = if name == problem.name {
                        problem.message.clone()
                    } else {
                        format!("{}: {}", label_of(&problem.name), problem.message)
                    };
                    report.skipped.push(FieldProblem::error(&name, message));
                    skipped_any = true;
                }
            }
            if !skipped_any {
                break;
            }
        }
        let problems = candidate.problems();
        for name in staged {
            if candidate.is_changed(&name) {
                report.warnings.extend(
                    problems
                        .iter()
                        .filter(|p| p.name == name && p.severity == Severity::Warning)
                        .cloned(),
                );
                report.applied.push(name);
            }
        }
        *self = candidate;
        Ok(report)
    }
}

/// How a field is edited, derived from its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Widget {
    Text,
    Number,
    Toggle,
    Select,
    Checkboxes,
    Secret,
}

pub fn widget(spec: &PropertySpec) -> Widget {
    match spec.kind {
        Kind::Integer { .. } | Kind::Millis { .. } => Widget::Number,
        Kind::Boolean => Widget::Toggle,
        Kind::Enum(_) => Widget::Select,
        Kind::EnumList { .. } | Kind::Continents => Widget::Checkboxes,
        Kind::Secret { .. } => Widget::Secret,
        _ => Widget::Text,
    }
}

/// A duration typed with a unit ("5 min", "1.5 h", "30 s", "250 ms", "2 d") in whole
/// milliseconds; `None` for anything else (plain digits are milliseconds already).
pub fn duration_to_millis(text: &str) -> Option<u64> {
    let text = text.trim().to_lowercase();
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.trim().parse().ok()?;
    let factor = match unit.trim() {
        "ms" => 1.0,
        "s" | "sec" | "secs" | "second" | "seconds" => 1_000.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60_000.0,
        "h" | "hour" | "hours" => 3_600_000.0,
        "d" | "day" | "days" => 86_400_000.0,
        _ => return None,
    };
    let millis = number * factor;
    (number >= 0.0 && millis.is_finite() && millis.fract() == 0.0 && millis <= u64::MAX as f64)
        .then_some(millis as u64)
}

/// "300000" ms → "5 min", to read a duration at a glance.
pub fn human_duration(text: &str) -> Option<String> {
    let ms: u64 = text.trim().parse().ok()?;
    let (value, unit) = match ms {
        0 => return Some("no limit / immediate".into()),
        ms if ms % 86_400_000 == 0 => (ms / 86_400_000, "d"),
        ms if ms % 3_600_000 == 0 => (ms / 3_600_000, "h"),
        ms if ms % 60_000 == 0 => (ms / 60_000, "min"),
        ms if ms % 1_000 == 0 => (ms / 1_000, "s"),
        ms => (ms, "ms"),
    };
    Some(format!("{value} {unit}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mobileid_admin_contract::properties::{reference_examples, NULL_TEXT};
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn a_value_reads_the_same_everywhere_and_the_review_adds_secrets_and_durations() {
        // The words the comparison shows (`property_text`)…
        assert_eq!(property_text("sessionExpiry", None), "(not set)");
        assert_eq!(
            property_text("sessionExpiry", Some(&Value::Null)),
            "(not set)"
        );
        assert_eq!(
            property_text("enabledRiskData", Some(&Value::Null)),
            "null (only the always-collected data)"
        );
        assert_eq!(property_text("sessionExpiry", Some(&json!(""))), "(empty)");
        assert_eq!(
            property_text("sessionExpiry", Some(&json!("300000"))),
            "300000"
        );
        assert_eq!(property_text("notKnownHere", Some(&json!([1, 2]))), "[1,2]");
        // …and the editor's review: the same, but a secret is only "set" and a duration
        // reads at a glance.
        assert_eq!(
            shown("sessionExpiry", Some(&json!("300000"))),
            "300000 ms (5 min)"
        );
        assert_eq!(shown("sessionExpiry", Some(&json!(""))), "(empty)");
        assert_eq!(shown("sessionExpiry", None), "(not set)");
        assert_eq!(
            shown("firebaseServiceAccount", Some(&json!("c2VjcmV0"))),
            "set"
        );
        assert_eq!(
            shown("firebaseServiceAccount", Some(&Value::Null)),
            "(not set)"
        );
        assert_eq!(
            shown("enabledRiskData", Some(&Value::Null)),
            "null (only the always-collected data)"
        );
    }

    fn values(json: Value) -> PropertyValues {
        match json {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    fn draft() -> PropertyDraft {
        let mut base = reference_examples();
        base.insert("firebaseServiceAccount".into(), "********".into());
        PropertyDraft::new(base)
    }

    /// A configuration as a real server may hold it: a method this console does not know, a
    /// lock scope outside its list, native push without an APNs bundle ID, a PIN length above
    /// its maximum, Play Integrity on with its keys absent from the GET, `null` risk data,
    /// properties this console does not know (one of them an object) and a count sent as a
    /// JSON number.
    fn odd() -> PropertyValues {
        let mut base = reference_examples();
        base.extend(values(json!({
            "allowedAuthMethods": ["DEVICE", "DEVICE:PIN", "DEVICE:PASSKEY"],
            "lockScope": "USER",
            "nativePushEnabled": "true",
            "pinCodeLength": "8",
            "maxPinCodeLength": "6",
            "attestationAndroidPlayIntegrityMode": "REQUIRED",
            "attestationAndroidPackageName": "no.example.app",
            "enabledRiskData": null,
            "amountFailuresAllowed": 5,
            "firebaseServiceAccount": "<Base64 encoded string>",
            "inactiveDeviceDeleteRetentionTime": "365",
            "futureFeature": {"enabled": true, "level": 2}
        })));
        assert!(!base.contains_key("apnsBundleId"));
        assert!(!base.contains_key("attestationAndroidPlayIntegrityDecryptionKey"));
        base
    }

    fn sorted(mut names: Vec<String>) -> Vec<String> {
        names.sort();
        names
    }

    fn problem_names(problems: &[FieldProblem]) -> Vec<String> {
        sorted(problems.iter().map(|p| p.name.clone()).collect())
    }

    // ------------------------------------------------------------ editing

    #[test]
    fn only_changed_values_are_sent_and_reverting_is_no_change() {
        let mut d = draft();
        assert!(!d.is_dirty());
        d.set_text("amountFailuresAllowed", "5".into());
        d.set_text("pinCodeLength", "6".into()); // same as the server
        d.set_text("sessionExpiry", " 300000 ".into()); // the same, once trimmed
        assert_eq!(d.changes(), values(json!({"amountFailuresAllowed": "5"})));
        d.set_text("amountFailuresAllowed", "3".into());
        assert!(!d.is_dirty());
        d.set_text("apnsBundleId", "  ".into()); // not set on the server, and still empty
        assert!(!d.is_dirty());
    }

    #[test]
    fn read_only_properties_are_never_edited_or_sent() {
        let mut d = draft();
        d.set_text("maximumSessionExpiry", "1".into());
        d.set_text("clientDebugDataEnabledOsTypes", "IOS".into());
        d.set_text("hwKeyValidationStrategy", "REQUIRED".into());
        d.set_secret("sessionExpiry", "QUJD");
        assert!(d.changes().is_empty());
        assert!(!d.is_dirty());
    }

    #[test]
    fn list_options_toggle_in_schema_order_and_keep_unknown_values() {
        let mut d = draft();
        d.toggle_option("allowedAuthMethods", "DEVICE:PIN", false);
        assert!(!d.text("allowedAuthMethods").contains("DEVICE:PIN"));
        d.toggle_option("allowedAuthMethods", "DEVICE:PIN", true);
        assert!(!d.is_dirty(), "same set again: {:?}", d.edits);

        let mut d = PropertyDraft::new(odd());
        d.toggle_option("allowedAuthMethods", "DEVICE:PIN", false);
        assert_eq!(d.items("allowedAuthMethods"), ["DEVICE", "DEVICE:PASSKEY"]);
        d.toggle_option("allowedAuthMethods", "DEVICE:PIN", true);
        assert!(!d.is_dirty(), "{:?}", d.edits);
        assert_eq!(
            d.items("allowedAuthMethods"),
            ["DEVICE", "DEVICE:PIN", "DEVICE:PASSKEY"]
        );
    }

    #[test]
    fn null_risk_data_is_its_own_value() {
        let mut d = PropertyDraft::new(odd());
        assert!(d.is_null("enabledRiskData"));
        assert_eq!(d.text("enabledRiskData"), NULL_TEXT);
        assert!(d.items("enabledRiskData").is_empty());
        assert!(!d.is_null("allowedAuthMethods"));
        d.toggle_option("enabledRiskData", "ALL", true);
        assert_eq!(d.changes(), values(json!({"enabledRiskData": ["ALL"]})));
        let diff = d.diff();
        assert_eq!(
            (diff[0].old.as_str(), diff[0].new.as_str()),
            ("null (only the always-collected data)", "ALL")
        );
        // Emptied, the list is an empty array: not the same as null.
        d.set_text("enabledRiskData", String::new());
        assert_eq!(d.changes(), values(json!({"enabledRiskData": []})));
        assert_eq!(d.errors(), vec![]);
        d.set_text("enabledRiskData", NULL_TEXT.into());
        assert!(!d.is_dirty());
    }

    #[test]
    fn chosen_rules_warn_and_documented_ones_block() {
        let mut d = draft();
        d.set_text("activationCodeLength", "2".into()); // below Signicat's page's 4
        d.set_text("pinCodeLength", "8".into()); // above the maximum PIN length, 6
        assert_eq!(d.errors(), vec![], "chosen rules never block");
        let problems = d.problems();
        assert_eq!(
            problem_names(&problems),
            ["activationCodeLength", "pinCodeLength"]
        );
        assert!(problems.iter().all(|p| p.severity == Severity::Warning));
        let field = d.field_problem("activationCodeLength").expect("a warning");
        assert_eq!(field.severity, Severity::Warning);
        assert!(
            d.field_problem("pinCodeLength").is_none(),
            "8 is fine on its own"
        );
        d.set_text("maxPinCodeLength", "8".into());
        assert_eq!(problem_names(&d.problems()), ["activationCodeLength"]);

        // Documented: a count is not negative; the methods for activating a new method are
        // allowed methods; App Attest needs its app ID.
        d.set_text("activationCodeLength", "-2".into());
        d.set_text("allowedAuthMethods", "DEVICE".into());
        d.set_text("attestationIosAppAttestMode", "REQUIRED".into());
        assert_eq!(
            problem_names(&d.errors()),
            [
                "activationCodeLength",
                "allowedAuthMethodsForAuthAndActivate",
                "attestationIosAppAttestAppId"
            ]
        );
        assert_eq!(
            d.field_problem("activationCodeLength").map(|p| p.severity),
            Some(Severity::Error)
        );
        assert_eq!(d.field_problem("futureFeature"), None);
        d.set_text("activationCodeLength", "6".into());
        d.set_text("allowedAuthMethods", "DEVICE, DEVICE:PIN".into());
        d.set_text(
            "attestationIosAppAttestAppId",
            "ABCDE12345.com.example.app".into(),
        );
        assert_eq!(d.errors(), vec![]);
    }

    #[test]
    fn the_odd_configuration_blocks_nothing_until_edited() {
        let mut d = PropertyDraft::new(odd());
        assert_eq!(d.errors(), vec![]);
        let problems = d.problems();
        assert!(problems.iter().all(|p| p.severity == Severity::Warning));
        assert_eq!(
            problem_names(&problems),
            ["allowedAuthMethods", "amountFailuresAllowed", "lockScope"]
        );
        assert_eq!(
            d.unknown_names(),
            ["futureFeature", "inactiveDeviceDeleteRetentionTime"]
        );
        assert_eq!(d.text("amountFailuresAllowed"), "5");
        assert_eq!(
            serde_json::from_str::<Value>(&d.text("futureFeature")).unwrap(),
            json!({"enabled": true, "level": 2})
        );

        d.set_text("sessionExpiry", "600000".into());
        assert_eq!(d.errors(), vec![]);
        assert_eq!(d.changes(), values(json!({"sessionExpiry": "600000"})));
        assert_eq!(d.diff().len(), 1);
        // The chosen cross-field rules of the untouched fields stay quiet.
        assert!(d.problems().iter().all(|p| ![
            "apnsBundleId",
            "pinCodeLength",
            "attestationAndroidPlayIntegrityTimeout"
        ]
        .contains(&p.name.as_str())));

        // Touching a field of a chosen relation warns, and still blocks nothing.
        d.set_text("maxPinCodeLength", "7".into());
        d.set_text("nativePushEnabled", "false".into());
        d.set_text("nativePushEnabled", "true".into());
        assert_eq!(d.errors(), vec![]);
        assert!(d
            .problems()
            .iter()
            .any(|p| p.name == "pinCodeLength" && p.severity == Severity::Warning));
    }

    #[test]
    fn unknown_properties_are_edited_as_their_json() {
        let mut d = PropertyDraft::new(odd());
        d.set_text("futureFeature", r#"{"enabled": false, "level": 2}"#.into());
        d.set_text("inactiveDeviceDeleteRetentionTime", "400".into());
        assert_eq!(
            d.changes(),
            values(json!({
                "futureFeature": {"enabled": false, "level": 2},
                "inactiveDeviceDeleteRetentionTime": "400"
            }))
        );
        assert_eq!(d.errors(), vec![]);
        let warned: Vec<FieldProblem> = d
            .problems()
            .into_iter()
            .filter(|p| p.message.contains("does not know this property"))
            .collect();
        assert_eq!(
            problem_names(&warned),
            ["futureFeature", "inactiveDeviceDeleteRetentionTime"]
        );
        assert_eq!(d.diff()[0].label, "futureFeature");
    }

    // ------------------------------------------------------------ secrets

    #[test]
    fn secrets_the_server_answers_are_masked_in_the_base_and_debug_output() {
        let mut base = reference_examples();
        base.insert(
            "firebaseServiceAccount".into(),
            "eyJyZWFsIjoic2VjcmV0In0=".into(),
        );
        let mut d = PropertyDraft::new(base);
        assert_eq!(d.base["firebaseServiceAccount"], SECRET_SET);
        d.set_secret("attestationAndroidPlayIntegrityDecryptionKey", "QUJDRA==");
        let stored = serde_json::to_string(&d).unwrap();
        assert!(!stored.contains("eyJyZWFsIjoic2VjcmV0In0=") && !stored.contains("QUJDRA=="));
        let debug = format!("{d:?}");
        assert!(
            !debug.contains("QUJDRA==")
                && debug.contains("attestationAndroidPlayIntegrityDecryptionKey")
        );
        assert_eq!(
            d.field_problem("attestationAndroidPlayIntegrityDecryptionKey"),
            None
        );
        assert_eq!(d.errors(), vec![]);
    }

    #[test]
    fn secrets_are_sent_encoded_but_never_serialised() {
        let mut d = draft();
        d.set_secret("firebaseServiceAccount", "{\"type\": \"service_account\"}");
        let sent = d.changes()["firebaseServiceAccount"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(
            STANDARD.decode(&sent).unwrap(),
            b"{\"type\": \"service_account\"}"
        );
        assert_eq!(d.errors(), vec![]);
        let stored = serde_json::to_string(&d).unwrap();
        assert!(
            !stored.contains(&sent) && !stored.contains("service_account"),
            "{stored}"
        );
        let back: PropertyDraft = serde_json::from_str(&stored).unwrap();
        assert!(!back.is_dirty());
        assert_eq!(d.diff()[0].new, "replaced");
        assert_eq!(d.diff()[0].old, "set");
        assert_eq!(secret_to_base64("QUJD"), "QUJD", "Base64 is kept as it is");
        d.set_secret("firebaseServiceAccount", "   ");
        assert!(
            d.has_new_secret("firebaseServiceAccount"),
            "blank text is no new secret"
        );
        d.clear_secrets();
        assert!(!d.is_dirty());
    }

    // ------------------------------------------------------------ review and conflicts

    #[test]
    fn the_diff_shows_old_and_new() {
        let mut d = draft();
        d.set_text("sessionExpiry", "60000".into());
        let diff = d.diff();
        assert_eq!(diff.len(), 1);
        assert_eq!(
            (diff[0].old.as_str(), diff[0].new.as_str()),
            ("300000 ms (5 min)", "60000 ms (1 min)")
        );
        assert_eq!(diff[0].label, "Session expiry");
    }

    #[test]
    fn concurrent_changes_are_detected_and_rebased() {
        let mut d = draft();
        d.set_text("amountFailuresAllowed", "5".into());
        d.set_text("sessionExpiry", "60000".into());
        let mut fresh = d.base.clone();
        fresh.insert("amountFailuresAllowed".into(), "7".into());
        fresh.insert("geofencingTimeout".into(), "5000".into());
        let conflicts = d.conflicts(&fresh);
        assert_eq!(conflicts.len(), 2);
        let mine = conflicts
            .iter()
            .find(|c| c.name == "amountFailuresAllowed")
            .unwrap();
        assert_eq!(
            (mine.theirs.as_str(), mine.mine.as_deref()),
            ("7", Some("5"))
        );

        let mut theirs = d.clone();
        theirs.rebase(fresh.clone(), false);
        assert_eq!(theirs.text("amountFailuresAllowed"), "7");
        assert_eq!(theirs.changes().len(), 1, "sessionExpiry is still mine");
        d.rebase(fresh, true);
        assert_eq!(d.changes()["amountFailuresAllowed"], "5");
        assert!(d.conflicts(&d.base.clone()).is_empty());
    }

    // ------------------------------------------------------------ export and import

    #[test]
    fn export_writes_the_server_values_as_sent_and_import_gives_them_back() {
        let d = PropertyDraft::new(odd());
        let file = d.export_json();
        let exported: Value = serde_json::from_str(&file).unwrap();
        assert_eq!(
            exported["amountFailuresAllowed"],
            json!(5),
            "the JSON number"
        );
        assert_eq!(
            exported["allowedAuthMethods"],
            json!(["DEVICE", "DEVICE:PIN", "DEVICE:PASSKEY"])
        );
        assert_eq!(exported["enabledRiskData"], Value::Null);
        assert_eq!(
            exported["futureFeature"],
            json!({"enabled": true, "level": 2})
        );
        assert_eq!(exported["inactiveDeviceDeleteRetentionTime"], json!("365"));
        assert_eq!(exported["lockScope"], json!("USER"));
        for left_out in [
            "firebaseServiceAccount",
            "maximumSessionExpiry",
            "clientDebugDataEnabledOsTypes",
            "hwKeyValidationStrategy",
        ] {
            assert!(exported.get(left_out).is_none(), "{left_out}");
        }

        let mut fresh = PropertyDraft::new(odd());
        let report = fresh.import_json(&file).unwrap();
        assert_eq!(report, ImportReport::default());
        assert!(!fresh.is_dirty(), "{:?}", fresh.changes());
        assert_eq!(fresh.export_json(), file);

        // With an edit, the edit is laid over and comes back as the only change.
        let mut edited = PropertyDraft::new(odd());
        edited.set_text("sessionExpiry", "600000".into());
        let file = edited.export_json();
        assert!(file.contains("\"sessionExpiry\": \"600000\""));
        let mut fresh = PropertyDraft::new(odd());
        let report = fresh.import_json(&file).unwrap();
        assert_eq!(report.applied, ["sessionExpiry"]);
        assert_eq!(fresh.changes(), edited.changes());
        assert_eq!(fresh.errors(), vec![]);
    }

    #[test]
    fn import_applies_an_unknown_property_with_a_warning() {
        let mut d = PropertyDraft::new(odd());
        let report = d.import_json(r#"{"brandNewSetting": "on"}"#).unwrap();
        assert_eq!(report.applied, ["brandNewSetting"]);
        assert_eq!(report.skipped, vec![]);
        assert_eq!(problem_names(&report.warnings), ["brandNewSetting"]);
        assert_eq!(report.warnings[0].severity, Severity::Warning);
        assert_eq!(d.changes(), values(json!({"brandNewSetting": "on"})));
        assert_eq!(d.errors(), vec![]);
    }

    #[test]
    fn import_skips_only_what_breaks_a_documented_rule() {
        let mut d = PropertyDraft::new(odd());
        let report = d
            .import_json(
                r#"{"geofencingActivationAllowedCountries": "SE, ZZ",
                    "geofencingActivationDeniedCountries": "RU",
                    "amountFailuresAllowed": "4",
                    "lockScope": "AUTH_METHOD",
                    "activationCodeLength": "2"}"#,
            )
            .unwrap();
        assert_eq!(
            report.skipped,
            vec![FieldProblem::error(
                "geofencingActivationAllowedCountries",
                "ZZ is not an ISO 3166-1 alpha-2 country code (two capitals, e.g. SE)."
            )]
        );
        assert_eq!(
            sorted(report.applied.clone()),
            [
                "activationCodeLength",
                "amountFailuresAllowed",
                "geofencingActivationDeniedCountries",
                "lockScope"
            ]
        );
        assert_eq!(problem_names(&report.warnings), ["activationCodeLength"]);
        assert_eq!(
            d.changes(),
            values(json!({
                "geofencingActivationDeniedCountries": "RU",
                "amountFailuresAllowed": "4",
                "lockScope": "AUTH_METHOD",
                "activationCodeLength": "2"
            }))
        );
        assert_eq!(d.errors(), vec![]);

        // A documented cross-field rule broken by the file's own values skips that value.
        let mut d = draft();
        let report = d
            .import_json(r#"{"allowedAuthMethodsForAuthAndActivate": ["DEVICE:PASSKEY"], "recoveryEnabled": "true"}"#)
            .unwrap();
        assert_eq!(
            problem_names(&report.skipped),
            ["allowedAuthMethodsForAuthAndActivate"]
        );
        assert_eq!(report.applied, ["recoveryEnabled"]);
        assert_eq!(d.errors(), vec![]);
    }

    #[test]
    fn import_takes_numbers_and_booleans_as_strings() {
        let mut d = draft();
        let report = d
            .import_json(r#"{"amountFailuresAllowed": 4, "recoveryEnabled": true}"#)
            .unwrap();
        assert_eq!(
            sorted(report.applied),
            ["amountFailuresAllowed", "recoveryEnabled"]
        );
        assert_eq!(report.warnings, vec![]);
        assert_eq!(
            d.changes(),
            values(json!({"amountFailuresAllowed": "4", "recoveryEnabled": "true"}))
        );
        assert_eq!(d.errors(), vec![]);
    }

    #[test]
    fn import_refuses_only_what_is_not_a_json_object_and_ignores_read_only_and_secrets() {
        let mut d = draft();
        assert_eq!(d.import_json("[1]").unwrap_err().name, "file");
        assert_eq!(d.import_json("{nope").unwrap_err().name, "file");
        assert!(!d.is_dirty());
        let report = d
            .import_json(
                r#"{"maximumSessionExpiry": "1", "hwKeyValidationStrategy": "REQUIRED",
                    "firebaseServiceAccount": "QUJD"}"#,
            )
            .unwrap();
        assert_eq!(
            sorted(report.ignored),
            [
                "firebaseServiceAccount",
                "hwKeyValidationStrategy",
                "maximumSessionExpiry"
            ]
        );
        assert!(report.applied.is_empty());
        assert!(!d.is_dirty());
        assert_eq!(d.import_json("{}").unwrap(), ImportReport::default());
    }

    // ------------------------------------------------------------ display

    #[test]
    fn the_review_shows_durations_with_units() {
        let mut d = draft();
        d.set_text("sessionExpiry", "600000".into());
        let row = d.diff().remove(0);
        assert_eq!(row.old, "300000 ms (5 min)");
        assert_eq!(row.new, "600000 ms (10 min)");
    }

    #[test]
    fn durations_are_typed_with_units() {
        assert_eq!(duration_to_millis("5 min"), Some(300_000));
        assert_eq!(duration_to_millis("1.5h"), Some(5_400_000));
        assert_eq!(duration_to_millis(" 30 s "), Some(30_000));
        assert_eq!(duration_to_millis("250 ms"), Some(250));
        assert_eq!(duration_to_millis("2 days"), Some(172_800_000));
        assert_eq!(duration_to_millis("300000"), None, "digits are ms already");
        assert_eq!(
            duration_to_millis("0.0001 s"),
            None,
            "not whole milliseconds"
        );
        assert_eq!(duration_to_millis("-1 s"), None);
        assert_eq!(duration_to_millis("5 weeks"), None);
    }

    #[test]
    fn durations_read_at_a_glance() {
        assert_eq!(human_duration("300000").as_deref(), Some("5 min"));
        assert_eq!(human_duration("187200000").as_deref(), Some("52 h"));
        assert_eq!(human_duration("1500").as_deref(), Some("1500 ms"));
        assert_eq!(human_duration("x"), None);
    }

    #[test]
    fn widgets_follow_the_kind() {
        let w = |name: &str| widget(spec(name).unwrap());
        assert_eq!(w("sessionExpiry"), Widget::Number);
        assert_eq!(w("amountFailuresAllowed"), Widget::Number);
        assert_eq!(w("nativePushEnabled"), Widget::Toggle);
        assert_eq!(w("lockScope"), Widget::Select);
        assert_eq!(w("allowedAuthMethods"), Widget::Checkboxes);
        assert_eq!(
            w("geofencingActivationAllowedContinents"),
            Widget::Checkboxes
        );
        assert_eq!(w("firebaseServiceAccount"), Widget::Secret);
        assert_eq!(
            w("attestationAndroidPlayIntegrityVerificationKey"),
            Widget::Secret
        );
        assert_eq!(w("apnsBundleId"), Widget::Text);
        assert_eq!(w("geofencingActivationAllowedCountries"), Widget::Text);
    }

    // ------------------------------------------------------------ properties

    use mobileid_admin_contract::test_support::any_json;

    /// Known names with arbitrary JSON values, and names this console does not know.
    fn any_configuration() -> impl Strategy<Value = PropertyValues> {
        (
            prop::collection::vec((0usize..PROPERTIES.len(), any_json()), 0..60),
            prop::collection::vec(("zz[a-zA-Z]{1,8}", any_json()), 0..4),
        )
            .prop_map(|(known, unknown)| {
                known
                    .into_iter()
                    .map(|(i, v)| (PROPERTIES[i].name.to_owned(), v))
                    .chain(unknown)
                    .collect()
            })
    }

    proptest! {
        /// Whatever the server holds, an unchanged configuration has nothing that blocks; and
        /// a valid change to a field whose only cross-field rule is chosen blocks nothing
        /// either, and is the only change.
        #[test]
        fn an_unchanged_configuration_never_blocks(base in any_configuration()) {
            let mut d = PropertyDraft::new(base);
            prop_assert_eq!(d.errors(), vec![]);
            prop_assert!(d.problems().iter().all(|p| p.severity == Severity::Warning));
            prop_assert!(d.changes().is_empty());

            let spec = spec("sessionExpiry").unwrap();
            let same = mobileid_admin_contract::properties::from_form_text(spec, &d.base_text("sessionExpiry"));
            let target = if same == json!("600000") { "700000" } else { "600000" };
            d.set_text("sessionExpiry", target.into());
            prop_assert_eq!(d.errors(), vec![]);
            let mut expected = PropertyValues::new();
            expected.insert("sessionExpiry".into(), json!(target));
            prop_assert_eq!(d.changes(), expected);
        }

        /// Exporting and importing into a draft of the same base changes nothing.
        #[test]
        fn export_then_import_is_no_change(base in any_configuration()) {
            let d = PropertyDraft::new(base.clone());
            let mut fresh = PropertyDraft::new(base);
            let report = fresh.import_json(&d.export_json()).unwrap();
            prop_assert!(report.applied.is_empty(), "{:?}", report);
            prop_assert!(!fresh.is_dirty(), "{:?}", fresh.changes());
        }
    }

    #[test]
    fn an_import_that_breaks_a_documented_rule_elsewhere_is_skipped_and_said() {
        let mut draft =
            PropertyDraft::new(mobileid_admin_contract::properties::reference_examples());
        let report = draft
            .import_json(
                r#"{"allowedAuthMethods": ["DEVICE"], "sessionExpiry": "1000", "lockScope": null}"#,
            )
            .unwrap();
        assert_eq!(report.applied, vec!["sessionExpiry".to_string()]);
        assert_eq!(report.skipped.len(), 1, "{report:?}");
        assert_eq!(report.skipped[0].name, "allowedAuthMethods");
        assert!(
            report.skipped[0].message.contains("DEVICE:PIN"),
            "{report:?}"
        );
        assert_eq!(report.ignored, vec!["lockScope".to_string()]);
        assert!(draft.errors().is_empty(), "{:?}", draft.errors());
    }
}
