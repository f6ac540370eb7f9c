use crate::logic::property_draft::PropertyDraft;
use leptos::prelude::*;
use mobileid_admin_contract::properties::{FieldProblem, Group, PropertySpec, Severity};
use std::collections::BTreeMap;

/// Everything the editor's fields share.
#[derive(Clone, Copy)]
pub(super) struct Editor {
    pub(super) draft: RwSignal<PropertyDraft>,
    /// The draft's errors and warnings (see `PropertyDraft::problems`).
    pub(super) problems: Memo<Vec<FieldProblem>>,
    /// `invalidParams` of the last failed save, until the field is edited again.
    pub(super) server_errors: RwSignal<BTreeMap<String, String>>,
    pub(super) filter: RwSignal<String>,
    /// Which fields show besides the search: all, the changed ones, or those with a finding.
    pub(super) show: RwSignal<ShowOnly>,
}

/// The editor's view filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ShowOnly {
    All,
    Changed,
    Flagged,
}

impl Editor {
    /// What the field shows: the server's reason, else its first error, else its first
    /// warning.
    pub(super) fn message(&self, name: &str) -> Option<FieldProblem> {
        if let Some(m) = self.server_errors.with(|e| e.get(name).cloned()) {
            return Some(FieldProblem::error(name, m));
        }
        self.problems.with(|problems| {
            let mine = || problems.iter().filter(|p| p.name == name);
            mine()
                .find(|p| p.is_error())
                .or_else(|| mine().next())
                .cloned()
        })
    }

    /// What blocks saving: the draft's errors (one per field), then the server's reasons
    /// from the last failed save.
    pub(super) fn all_errors(&self) -> Vec<FieldProblem> {
        let mut all: Vec<FieldProblem> = Vec::new();
        self.problems.with(|problems| {
            for p in problems.iter().filter(|p| p.is_error()) {
                if !all.iter().any(|e| e.name == p.name) {
                    all.push(p.clone());
                }
            }
        });
        self.server_errors.with(|server| {
            for (name, message) in server {
                if !all.iter().any(|e| &e.name == name) {
                    all.push(FieldProblem::error(name, message.clone()));
                }
            }
        });
        all
    }

    pub(super) fn has_errors(&self) -> bool {
        self.problems
            .with(|problems| problems.iter().any(FieldProblem::is_error))
    }

    pub(super) fn warning_count(&self) -> usize {
        self.problems.with(|problems| {
            problems
                .iter()
                .filter(|p| p.severity == Severity::Warning)
                .map(|p| p.name.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        })
    }

    pub(super) fn edit(&self, name: &str, change: impl FnOnce(&mut PropertyDraft)) {
        self.draft.update(change);
        self.server_errors.update(|e| {
            e.remove(name);
        });
    }

    pub(super) fn visible(&self, spec: &PropertySpec) -> bool {
        self.shown_by_filter(spec.name)
            && (self.matches(spec.name, spec.label) || self.text_matches(spec.help))
    }

    /// The view filter: every field, the changed ones, or those with an error or warning.
    fn shown_by_filter(&self, name: &str) -> bool {
        match self.show.get() {
            ShowOnly::All => true,
            ShowOnly::Changed => self.draft.with(|d| d.is_changed(name)),
            ShowOnly::Flagged => self.message(name).is_some(),
        }
    }

    fn text_matches(&self, text: &str) -> bool {
        let filter = self.filter.get().trim().to_lowercase();
        !filter.is_empty() && text.to_lowercase().contains(&filter)
    }

    pub(super) fn matches(&self, name: &str, label: &str) -> bool {
        let filter = self.filter.get().trim().to_lowercase();
        filter.is_empty()
            || name.to_lowercase().contains(&filter)
            || label.to_lowercase().contains(&filter)
    }

    /// "2 changed · 1 to fix · 3 warnings" for a section's entry in the section list.
    pub(super) fn group_counts(&self, group: Group) -> String {
        let mut changed = 0;
        let mut errors = 0;
        let mut warnings = 0;
        for spec in group.properties() {
            if self.draft.with(|d| d.is_changed(spec.name)) {
                changed += 1;
            }
            match self.message(spec.name).map(|m| m.severity) {
                Some(Severity::Error) => errors += 1,
                Some(Severity::Warning) => warnings += 1,
                None => {}
            }
        }
        let mut parts = Vec::new();
        if changed > 0 {
            parts.push(format!("{changed} changed"));
        }
        if errors > 0 {
            parts.push(format!("{errors} to fix"));
        }
        if warnings > 0 {
            parts.push(format!("{warnings} with a warning"));
        }
        parts.join(" · ")
    }
}
