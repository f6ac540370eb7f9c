//! The property editor's model, without any UI: the server's values, the admin's edits as
//! form text, new secrets, and everything derived from them (what to send, errors, the
//! review diff, conflicts with a concurrent change, import and export).
//!
//! What may be stored (in the browser's `sessionStorage`, to survive a reload or a re-login)
//! is exactly what serde serialises: the base and the non-secret edits. New secrets are
//! `#[serde(skip)]`: they exist in memory only, until they are sent.

use crate::models::PropertyValues;
use crate::properties::{
    from_form_text, spec, to_form_text, validate_update, validate_value, FieldError, Kind,
    PropertySpec, PROPERTIES,
};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

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

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub applied: Vec<String>,
    /// Read-only and secret properties in the file are left alone.
    pub ignored: Vec<String>,
}

fn shown(spec: &PropertySpec, value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "(not set)".into(),
        Some(_) if spec.secret => "set".into(),
        Some(v) => {
            let text = to_form_text(spec, v);
            if text.is_empty() {
                "(empty)".into()
            } else {
                text
            }
        }
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

impl PropertyDraft {
    pub fn new(base: PropertyValues) -> Self {
        PropertyDraft {
            base: mask_secrets(base),
            ..Default::default()
        }
    }

    /// The server's value as form text.
    pub fn base_text(&self, name: &str) -> String {
        match (spec(name), self.base.get(name)) {
            (Some(spec), Some(value)) => to_form_text(spec, value),
            _ => String::new(),
        }
    }

    /// What the field shows: the edit, or the server's value.
    pub fn text(&self, name: &str) -> String {
        self.edits
            .get(name)
            .cloned()
            .unwrap_or_else(|| self.base_text(name))
    }

    /// Records the admin's text; text equal to the server's value is no edit.
    pub fn set_text(&mut self, name: &str, text: String) {
        let Some(spec) = spec(name).filter(|s| !s.read_only && !s.secret) else {
            return;
        };
        let unchanged = match self.base.get(name) {
            Some(v) => from_form_text(spec, &text) == from_form_text(spec, &to_form_text(spec, v)),
            None => text.trim().is_empty(),
        };
        if unchanged {
            self.edits.remove(name);
        } else {
            self.edits.insert(name.to_string(), text);
        }
    }

    /// For list kinds: adds or removes one option.
    pub fn toggle_option(&mut self, name: &str, option: &str, on: bool) {
        let mut items: Vec<String> = self
            .text(name)
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty() && s != option)
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

    /// To the schema's default (for a property with one).
    pub fn reset_to_default(&mut self, name: &str) {
        if let Some(spec) = spec(name) {
            self.set_text(name, spec.default.to_string());
        }
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
            if let Some(spec) = spec(name).filter(|s| !s.read_only) {
                out.insert(name.clone(), from_form_text(spec, text));
            }
        }
        for (name, value) in &self.secrets {
            out.insert(name.clone(), Value::String(value.clone()));
        }
        out
    }

    /// Errors of the draft as it would be sent: each changed value, then the cross-field rules
    /// over the server's values with the changes applied.
    pub fn errors(&self) -> Vec<FieldError> {
        let mut errors: Vec<FieldError> = validate_update(&self.base, &self.changes())
            .into_iter()
            .map(|p| FieldError {
                name: p.name,
                message: p.reason,
            })
            .collect();
        // One message per field is enough; the first is the most specific.
        let mut seen = std::collections::HashSet::new();
        errors.retain(|e| seen.insert(e.name.clone()));
        errors
    }

    /// The error of a single field as the admin types (before the whole draft is checked).
    pub fn field_error(&self, name: &str) -> Option<String> {
        let spec = spec(name)?;
        if spec.secret {
            let value = self.secrets.get(name)?;
            return validate_value(spec, &Value::String(value.clone())).err();
        }
        let text = self.edits.get(name)?;
        validate_value(spec, &from_form_text(spec, text)).err()
    }

    /// The review dialog: old → new for every change.
    pub fn diff(&self) -> Vec<DiffRow> {
        let changes = self.changes();
        PROPERTIES
            .iter()
            .filter_map(|spec| {
                let new = changes.get(spec.name)?;
                Some(DiffRow {
                    name: spec.name.into(),
                    label: spec.label.into(),
                    old: shown(spec, self.base.get(spec.name)),
                    new: if spec.secret {
                        "replaced".into()
                    } else {
                        shown(spec, Some(new))
                    },
                })
            })
            .collect()
    }

    /// Properties the server changed since `base` was read (`fresh` is a new read).
    pub fn conflicts(&self, fresh: &PropertyValues) -> Vec<Conflict> {
        PROPERTIES
            .iter()
            .filter(|spec| !spec.secret && self.base.get(spec.name) != fresh.get(spec.name))
            .map(|spec| Conflict {
                name: spec.name.into(),
                label: spec.label.into(),
                base: shown(spec, self.base.get(spec.name)),
                theirs: shown(spec, fresh.get(spec.name)),
                mine: self
                    .edits
                    .get(spec.name)
                    .map(|t| shown(spec, Some(&from_form_text(spec, t)))),
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

    /// The properties as JSON, for a file: secrets and read-only values left out.
    pub fn export_json(&self) -> String {
        let mut out = serde_json::Map::new();
        for spec in PROPERTIES.iter().filter(|s| !s.secret && !s.read_only) {
            let text = self.text(spec.name);
            if self.base.contains_key(spec.name) || !text.is_empty() {
                out.insert(spec.name.into(), from_form_text(spec, &text));
            }
        }
        serde_json::to_string_pretty(&Value::Object(out)).unwrap_or_default()
    }

    /// Applies an exported file as edits, after checking every value with the schema. Nothing
    /// is applied when anything is wrong.
    pub fn import_json(&mut self, text: &str) -> Result<ImportReport, Vec<FieldError>> {
        let parsed: Value = serde_json::from_str(text).map_err(|e| {
            vec![FieldError {
                name: "file".into(),
                message: format!("Not valid JSON: {e}"),
            }]
        })?;
        let Value::Object(map) = parsed else {
            return Err(vec![FieldError {
                name: "file".into(),
                message: "Expected a JSON object of property names and values.".into(),
            }]);
        };
        let mut errors = Vec::new();
        let mut report = ImportReport::default();
        let mut staged = Vec::new();
        for (name, value) in &map {
            match spec(name) {
                None => errors.push(FieldError {
                    name: name.clone(),
                    message: "Unknown property.".into(),
                }),
                Some(spec) if spec.read_only || spec.secret => report.ignored.push(name.clone()),
                Some(spec) => match validate_value(spec, value) {
                    Ok(()) => staged.push((name.clone(), to_form_text(spec, value))),
                    Err(message) => errors.push(FieldError {
                        name: name.clone(),
                        message,
                    }),
                },
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut candidate = self.clone();
        for (name, text) in &staged {
            candidate.set_text(name, text.clone());
        }
        let cross = candidate.errors();
        if !cross.is_empty() {
            return Err(cross);
        }
        for (name, _) in staged {
            if candidate.is_changed(&name) {
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
        Kind::EnumList(_) | Kind::Continents => Widget::Checkboxes,
        Kind::Base64Secret => Widget::Secret,
        _ => Widget::Text,
    }
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
    use crate::properties::default_properties;

    fn draft() -> PropertyDraft {
        let mut base = default_properties();
        base.insert("firebaseServiceAccount".into(), "********".into());
        PropertyDraft::new(base)
    }

    #[test]
    fn only_changed_values_are_sent_and_reverting_is_no_change() {
        let mut d = draft();
        assert!(!d.is_dirty());
        d.set_text("amountFailuresAllowed", "5".into());
        d.set_text("pinCodeLength", "6".into()); // same as the server
        assert_eq!(d.changes().len(), 1);
        assert_eq!(d.changes()["amountFailuresAllowed"], "5");
        d.set_text("amountFailuresAllowed", "3".into());
        assert!(!d.is_dirty());
    }

    #[test]
    fn read_only_properties_are_never_edited_or_sent() {
        let mut d = draft();
        d.set_text("maximumSessionExpiry", "1".into());
        assert!(d.changes().is_empty());
    }

    #[test]
    fn list_options_toggle_in_schema_order() {
        let mut d = draft();
        d.toggle_option("allowedAuthMethods", "DEVICE:PIN", false);
        assert!(!d.text("allowedAuthMethods").contains("DEVICE:PIN"));
        d.toggle_option("allowedAuthMethods", "DEVICE:PIN", true);
        assert!(!d.is_dirty(), "same set again: {:?}", d.edits);
    }

    #[test]
    fn errors_cover_values_and_cross_field_rules() {
        let mut d = draft();
        d.set_text("activationCodeLength", "2".into());
        d.set_text("pinCodeLength", "8".into());
        let errors = d.errors();
        assert!(
            errors.iter().any(|e| e.name == "activationCodeLength"),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|e| e.name == "pinCodeLength"),
            "{errors:?}"
        );
        assert!(d.field_error("activationCodeLength").is_some());
        assert!(
            d.field_error("pinCodeLength").is_none(),
            "8 is fine on its own"
        );
        d.set_text("maxPinCodeLength", "8".into());
        d.set_text("activationCodeLength", "8".into());
        assert!(d.errors().is_empty(), "{:?}", d.errors());
    }

    #[test]
    fn secrets_the_server_answers_are_masked_in_the_base_and_debug_output() {
        let mut base = default_properties();
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
    }

    #[test]
    fn the_diff_shows_old_and_new() {
        let mut d = draft();
        d.set_text("sessionExpiry", "60000".into());
        let diff = d.diff();
        assert_eq!(diff.len(), 1);
        assert_eq!(
            (diff[0].old.as_str(), diff[0].new.as_str()),
            ("300000", "60000")
        );
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

    #[test]
    fn export_then_import_round_trips_and_bad_files_change_nothing() {
        let mut d = draft();
        d.set_text("amountFailuresAllowed", "5".into());
        let file = d.export_json();
        assert!(!file.contains("firebaseServiceAccount") && !file.contains("maximumSessionExpiry"));
        let mut other = draft();
        let report = other.import_json(&file).unwrap();
        assert_eq!(report.applied, vec!["amountFailuresAllowed".to_string()]);
        assert_eq!(other.changes(), d.changes());

        let mut untouched = draft();
        let errors = untouched
            .import_json(r#"{"pinCodeLength": "x", "nope": "1"}"#)
            .unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(!untouched.is_dirty());
        let cross = untouched
            .import_json(r#"{"pinCodeLength": "9"}"#)
            .unwrap_err();
        assert_eq!(cross[0].name, "pinCodeLength");
        assert!(untouched.import_json("[1]").is_err());
        let ignored = untouched
            .import_json(r#"{"maximumSessionExpiry": "1"}"#)
            .unwrap();
        assert_eq!(ignored.ignored, vec!["maximumSessionExpiry".to_string()]);
    }

    #[test]
    fn durations_read_at_a_glance() {
        assert_eq!(human_duration("300000").as_deref(), Some("5 min"));
        assert_eq!(human_duration("187200000").as_deref(), Some("52 h"));
        assert_eq!(human_duration("1500").as_deref(), Some("1500 ms"));
        assert_eq!(human_duration("x"), None);
    }
}
