//! The record of an applied promotion.

use super::items::{comparable, shown, Item, Settings, RISK_SETTING};
use super::plan::{present, Operation, PromotionPlan};
use crate::logic::console_config::KnownAccount;
use mobileid_admin_contract::error::ApiError;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `format` of a promotion record file.
pub const RECORD_FORMAT: &str = "mobileid-promotion-record/1";

/// What became of a call or a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Applied,
    Failed,
    /// Not sent, because an earlier call failed.
    NotSent,
}

impl Outcome {
    pub fn text(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Failed => "failed",
            Outcome::NotSent => "not sent",
        }
    }
}

/// One call to the API and its answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationOutcome {
    pub operation: String,
    pub request: Value,
    pub outcome: Outcome,
    /// The HTTP status of a failed call (a successful one is 2xx).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// The API's `traceId`, where it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    /// The API's answer: the body of a success (secrets masked), the problem of a failure.
    #[serde(default)]
    pub answer: Value,
}

impl OperationOutcome {
    /// A call the API accepted, with its answer.
    pub fn applied(op: &Operation, answer: Value) -> Self {
        let answer = match (op, answer) {
            (Operation::UpdateProperties(_), Value::Object(values)) => Value::Object(
                Settings {
                    properties: values,
                    ..Settings::default()
                }
                .masked()
                .properties,
            ),
            (_, other) => other,
        };
        let trace_id = answer
            .get("traceId")
            .and_then(Value::as_str)
            .map(str::to_string);
        OperationOutcome {
            operation: op.operation_id().into(),
            request: op.body(),
            outcome: Outcome::Applied,
            http_status: None,
            trace_id,
            answer,
        }
    }

    /// A call that failed.
    pub fn failed(op: &Operation, error: &ApiError) -> Self {
        let (status, trace, answer) = match error.problem() {
            Some(p) => (
                Some(p.status),
                p.trace_id.clone(),
                serde_json::to_value(p).unwrap_or_default(),
            ),
            None => (
                None,
                None,
                serde_json::json!({ "error": error.to_string() }),
            ),
        };
        OperationOutcome {
            operation: op.operation_id().into(),
            request: op.body(),
            outcome: Outcome::Failed,
            http_status: status,
            trace_id: trace,
            answer,
        }
    }

    /// A call left out after an earlier failure.
    pub fn not_sent(op: &Operation) -> Self {
        OperationOutcome {
            operation: op.operation_id().into(),
            request: op.body(),
            outcome: Outcome::NotSent,
            http_status: None,
            trace_id: None,
            answer: Value::Null,
        }
    }

    /// The value of `item` in the answer of a successful call.
    fn answered(&self, item: &Item) -> Option<Value> {
        match item {
            Item::Property(name) => self.answer.get(name).cloned(),
            Item::RiskIndicators => self
                .answer
                .get("riskIndicatorsConfiguration")
                .and_then(|c| c.get(RISK_SETTING))
                .cloned(),
            Item::ApnsUuid => self.answer.get("apnsUuid").cloned(),
            Item::ConfigurationState => self.answer.get("state").cloned(),
        }
        .filter(|v| !v.is_null())
    }
}

/// One change as it happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordChange {
    pub item: Item,
    pub label: String,
    /// On the target just before applying.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub before: Option<Value>,
    /// What the plan asked for.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub requested: Option<Value>,
    /// What the API answered it holds now (`None` when not applied, or the answer leaves it
    /// out).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub after: Option<Value>,
    pub outcome: Outcome,
}

/// The record of an applied promotion: who, when, which accounts, each value before and after,
/// and every call with the API's answer and `traceId`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromotionRecord {
    pub format: String,
    /// The signed-in user who applied it, as the provider names them.
    pub applied_by: String,
    pub applied_at: String,
    pub planned_by: String,
    pub planned_at: String,
    pub source: KnownAccount,
    pub target: KnownAccount,
    /// Every change was applied.
    pub complete: bool,
    pub changes: Vec<RecordChange>,
    pub operations: Vec<OperationOutcome>,
}

/// The record of applying `plan` to a target that held `before` (its fresh read), given the
/// outcome of each of [`PromotionPlan::operations`].
pub fn build_record(
    plan: &PromotionPlan,
    before: &Settings,
    outcomes: Vec<OperationOutcome>,
    applied_by: &str,
    applied_at: &str,
) -> PromotionRecord {
    let before = before.masked();
    let ops = plan.operations();
    let changes: Vec<RecordChange> = plan
        .steps
        .iter()
        .map(|step| {
            let outcome = ops
                .iter()
                .position(|op| op.items().contains(&step.item))
                .and_then(|i| outcomes.get(i));
            RecordChange {
                item: step.item.clone(),
                label: step.label.clone(),
                before: before.value(&step.item),
                requested: step.after.clone(),
                after: outcome
                    .filter(|o| o.outcome == Outcome::Applied)
                    .and_then(|o| o.answered(&step.item)),
                outcome: outcome.map_or(Outcome::NotSent, |o| o.outcome),
            }
        })
        .collect();
    PromotionRecord {
        format: RECORD_FORMAT.into(),
        applied_by: applied_by.into(),
        applied_at: applied_at.into(),
        planned_by: plan.created_by.clone(),
        planned_at: plan.created_at.clone(),
        source: plan.source.clone(),
        target: plan.target.clone(),
        complete: changes.iter().all(|c| c.outcome == Outcome::Applied),
        changes,
        operations: outcomes,
    }
}

fn account_line(account: &KnownAccount) -> String {
    format!(
        "{} ({}{})",
        account.shown(),
        account.id,
        if account.production {
            ", production"
        } else {
            ""
        }
    )
}

impl PromotionRecord {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The file name of the record, without extension.
    pub fn file_stem(&self) -> String {
        let when: String = self
            .applied_at
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(15)
            .collect();
        format!("mobileid-promotion-{}-{when}", self.target.id)
    }

    /// The record as text people read.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        out.push_str("MobileID configuration promotion\n\n");
        out.push_str(&format!(
            "Applied by:  {}\n",
            if self.applied_by.is_empty() {
                "(the provider gave no name)"
            } else {
                &self.applied_by
            }
        ));
        out.push_str(&format!("Applied at:  {}\n", self.applied_at));
        out.push_str(&format!(
            "Planned by:  {} at {}\n",
            if self.planned_by.is_empty() {
                "(no name)"
            } else {
                &self.planned_by
            },
            self.planned_at
        ));
        out.push_str(&format!("Source:      {}\n", account_line(&self.source)));
        out.push_str(&format!("Target:      {}\n", account_line(&self.target)));
        out.push_str(&format!(
            "Result:      {}\n\nChanges on the target:\n",
            if self.complete {
                "every change applied"
            } else {
                "NOT every change applied (see below)"
            }
        ));
        for c in &self.changes {
            out.push_str(&format!(
                "- {} ({}): {} -> {}  [{}",
                c.label,
                c.item.api_name(),
                shown(&c.item, c.before.as_ref()),
                shown(&c.item, c.requested.as_ref()),
                c.outcome.text()
            ));
            if c.outcome == Outcome::Applied
                && comparable(&c.item, c.after.as_ref())
                    != comparable(&c.item, c.requested.as_ref())
            {
                out.push_str(&format!(
                    "; the API answered {}",
                    shown(&c.item, c.after.as_ref())
                ));
            }
            out.push_str("]\n");
        }
        out.push_str("\nCalls to the API:\n");
        for o in &self.operations {
            out.push_str(&format!("- {}: {}", o.operation, o.outcome.text()));
            if let Some(status) = o.http_status {
                out.push_str(&format!(", HTTP {status}"));
            }
            if let Some(title) = o.answer.get("title").and_then(Value::as_str) {
                if o.outcome == Outcome::Failed {
                    out.push_str(&format!(", {title}"));
                }
            }
            out.push_str(&format!(
                ", traceId {}\n",
                o.trace_id.as_deref().unwrap_or("(none given)")
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::promotion::build_plan;
    use crate::logic::promotion::test_support::{production, prop, sandbox};
    use serde_json::json;
    use std::collections::BTreeSet;

    #[test]
    fn the_record_lists_each_change_before_and_after_with_the_apis_answers() {
        let (s, t) = (sandbox(), production());
        let selection: BTreeSet<Item> = [
            prop("sessionExpiry"),
            prop("amountFailuresAllowed"),
            Item::RiskIndicators,
            Item::ApnsUuid,
        ]
        .into();
        let mut s2 = s.clone();
        s2.settings.apns_uuid = Some("c21d007a-d8ad-4856-a9ab-cee11a65de31".into());
        let plan = build_plan(&s2, &t, &selection, "Ada Admin", "2026-01-01T10:00:00Z").unwrap();
        let ops = plan.operations();
        assert_eq!(ops.len(), 3);
        let mut answer = t.settings.properties.clone();
        answer.insert("sessionExpiry".into(), json!("300000"));
        answer.insert("amountFailuresAllowed".into(), json!("3"));
        answer.insert("firebaseServiceAccount".into(), json!("c2VjcmV0"));
        let problem = mobileid_admin_contract::Problem {
            title: "Busy".into(),
            status: 503,
            trace_id: Some("4bf239c088089f2bca77d3a413909f1c".into()),
            ..Default::default()
        };
        let outcomes = vec![
            OperationOutcome::applied(&ops[0], Value::Object(answer)),
            OperationOutcome::failed(&ops[1], &ApiError::Problem(problem)),
            OperationOutcome::not_sent(&ops[2]),
        ];
        let record = build_record(
            &plan,
            &t.settings,
            outcomes,
            "Bob Reviewer",
            "2026-01-02T09:30:00.000Z",
        );
        assert_eq!(record.format, RECORD_FORMAT);
        assert!(!record.complete);
        type Change = (String, Option<Value>, Option<Value>, Option<Value>, Outcome);
        let changes: Vec<Change> = record
            .changes
            .iter()
            .map(|c| {
                (
                    c.item.key(),
                    c.before.clone(),
                    c.requested.clone(),
                    c.after.clone(),
                    c.outcome,
                )
            })
            .collect();
        assert_eq!(
            changes,
            [
                (
                    "apnsUuid".to_string(),
                    Some(json!("82a634bf-a485-457c-90c4-88ddd5631922")),
                    Some(json!("c21d007a-d8ad-4856-a9ab-cee11a65de31")),
                    None,
                    Outcome::NotSent
                ),
                (
                    "property-sessionExpiry".to_string(),
                    Some(json!("120000")),
                    Some(json!("300000")),
                    Some(json!("300000")),
                    Outcome::Applied
                ),
                (
                    "property-amountFailuresAllowed".to_string(),
                    Some(json!("5")),
                    Some(json!("3")),
                    Some(json!("3")),
                    Outcome::Applied
                ),
                (
                    "riskIndicators".to_string(),
                    Some(json!("3")),
                    Some(json!("1")),
                    None,
                    Outcome::Failed
                ),
            ]
        );
        let json = record.to_json();
        assert!(!json.contains("c2VjcmV0"), "secrets in answers are masked");
        assert_eq!(
            record.operations[1].trace_id.as_deref(),
            Some("4bf239c088089f2bca77d3a413909f1c")
        );
        let back: PromotionRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back, record);
        let summary = record.summary();
        for expected in [
            "Applied by:  Bob Reviewer",
            "Planned by:  Ada Admin at 2026-01-01T10:00:00Z",
            "Target:      Sample Production (a-spge-prod, production)",
            "- Session expiry (sessionExpiry): 120000 -> 300000  [applied]",
            "Users allowed per device hash (allowedNrOfUsersWithSameDeviceHash): 3 -> 1  [failed]",
            "- updateRiskIndicators: failed, HTTP 503, Busy, traceId 4bf239c088089f2bca77d3a413909f1c",
            "NOT every change applied",
        ] {
            assert!(summary.contains(expected), "{expected}\n{summary}");
        }
        assert_eq!(
            record.file_stem(),
            "mobileid-promotion-a-spge-prod-20260102T093000"
        );
    }
}
