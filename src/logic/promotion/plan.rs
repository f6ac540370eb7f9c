//! The plan: what to change on the target, as a file, as calls, and its checks.

use super::comparison::compare;
use super::items::{all_items, comparable, shown, Item, Settings, RISK_SETTING};
use crate::logic::console_config::KnownAccount;
use mobileid_admin_contract::models::{is_uuid, PropertyValues};
use mobileid_admin_contract::properties::{check_changes, FieldProblem, Severity};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;

/// `format` of a promotion plan file.
pub const PLAN_FORMAT: &str = "mobileid-promotion-plan/1";

/// One account as read for a comparison.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub account: KnownAccount,
    pub settings: Settings,
}

/// A field that is there, even as `null`, is `Some`; only a missing field is `None`.
pub(super) fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// One change of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanStep {
    pub item: Item,
    pub label: String,
    /// On the target when compared (`None`: not set; JSON `null` is a value of its own).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub before: Option<Value>,
    /// What the target is to hold (`None`: removed; the risk setting only).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub after: Option<Value>,
}

/// What to change on the target, reviewed: exported before applying, or applied at once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromotionPlan {
    pub format: String,
    pub created_at: String,
    /// The signed-in user who compared and chose, as the provider names them.
    pub created_by: String,
    pub source: KnownAccount,
    pub target: KnownAccount,
    /// The target as compared, secrets only as set or not: a change since stops the promotion.
    pub target_basis: Settings,
    pub steps: Vec<PlanStep>,
}

/// A call that applies part of a plan.
#[derive(Clone, Debug, PartialEq)]
pub enum Operation {
    /// One PATCH with only the selected properties.
    UpdateProperties(PropertyValues),
    /// `None`: remove the setting.
    SetRiskIndicators(Option<u64>),
    UpdateApnsUuid(String),
    UpdateConfigurationState(String),
}

impl Operation {
    /// The reference's operation (`operationId` of the endpoint table).
    pub fn operation_id(&self) -> &'static str {
        match self {
            Operation::UpdateProperties(_) => "updateProperties",
            Operation::SetRiskIndicators(_) => "updateRiskIndicators",
            Operation::UpdateApnsUuid(_) => "updateApnsUuid",
            Operation::UpdateConfigurationState(_) => "updateConfigurationState",
        }
    }

    /// The items it changes.
    pub fn items(&self) -> Vec<Item> {
        match self {
            Operation::UpdateProperties(values) => {
                values.keys().map(|n| Item::Property(n.clone())).collect()
            }
            Operation::SetRiskIndicators(_) => vec![Item::RiskIndicators],
            Operation::UpdateApnsUuid(_) => vec![Item::ApnsUuid],
            Operation::UpdateConfigurationState(_) => vec![Item::ConfigurationState],
        }
    }

    /// The request body, for the record.
    pub fn body(&self) -> Value {
        match self {
            Operation::UpdateProperties(values) => Value::Object(values.clone()),
            Operation::SetRiskIndicators(n) => serde_json::json!({
                "riskIndicatorsConfiguration": { RISK_SETTING: n.map(|n| n.to_string()) }
            }),
            Operation::UpdateApnsUuid(uuid) => serde_json::json!({ "apnsUuid": uuid }),
            Operation::UpdateConfigurationState(state) => serde_json::json!({ "state": state }),
        }
    }
}

/// A row that is reviewed before applying.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewRow {
    pub item: Item,
    pub label: String,
    pub api_name: String,
    pub now: String,
    pub new: String,
}

/// Something on the target that is not as it was compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanConflict {
    pub item: Item,
    pub label: String,
    pub compared: String,
    pub now: String,
    /// Whether the plan changes it.
    pub in_plan: bool,
}

/// Builds the plan for `selection`; every selected item must be a selectable row.
pub fn build_plan(
    source: &Snapshot,
    target: &Snapshot,
    selection: &BTreeSet<Item>,
    created_by: &str,
    created_at: &str,
) -> Result<PromotionPlan, String> {
    if source.account.id == target.account.id {
        return Err("The source and the target are the same account.".into());
    }
    let rows = compare(&source.settings, &target.settings, &BTreeSet::new());
    for item in selection {
        match rows.iter().find(|r| &r.item == item) {
            Some(row) if row.selectable() => {}
            Some(row) => {
                return Err(format!(
                    "{} cannot be promoted: {}",
                    row.label,
                    row.not_copyable
                        .clone()
                        .unwrap_or_else(|| "both accounts hold the same value.".into())
                ))
            }
            None => return Err(format!("{} is not compared.", item.label())),
        }
    }
    let steps: Vec<PlanStep> = rows
        .iter()
        .filter(|r| selection.contains(&r.item))
        .map(|r| PlanStep {
            item: r.item.clone(),
            label: r.label.clone(),
            before: target.settings.value(&r.item),
            after: comparable(&r.item, source.settings.value(&r.item).as_ref()),
        })
        .collect();
    if steps.is_empty() {
        return Err("Nothing is selected.".into());
    }
    Ok(PromotionPlan {
        format: PLAN_FORMAT.into(),
        created_at: created_at.into(),
        created_by: created_by.into(),
        source: source.account.clone(),
        target: target.account.clone(),
        target_basis: target.settings.masked(),
        steps,
    })
}

fn whole_number(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

impl PromotionPlan {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a plan file and checks that it can be applied as it says: the format, two
    /// different accounts, only promotable items, each once, with values they can take. Any
    /// secret in the file's target basis is masked on the way in.
    pub fn from_json(text: &str) -> Result<PromotionPlan, String> {
        let mut plan: PromotionPlan =
            serde_json::from_str(text).map_err(|e| format!("This is not a promotion plan: {e}"))?;
        if plan.format != PLAN_FORMAT {
            return Err(format!(
                "This is not a promotion plan of this console (format {:?}, expected {PLAN_FORMAT:?}).",
                plan.format
            ));
        }
        if plan.source.id.trim().is_empty() || plan.target.id.trim().is_empty() {
            return Err("The plan names no source or no target account.".into());
        }
        if plan.source.id == plan.target.id {
            return Err("The plan's source and target are the same account.".into());
        }
        if plan.steps.is_empty() {
            return Err("The plan changes nothing.".into());
        }
        let mut seen = BTreeSet::new();
        for step in &plan.steps {
            if !seen.insert(step.item.clone()) {
                return Err(format!("The plan changes {} twice.", step.item.label()));
            }
            if step.item.is_secret() {
                return Err(format!(
                    "The plan sets {}, a write-only secret: secrets are never promoted.",
                    step.item.label()
                ));
            }
            if step.item.is_read_only() {
                return Err(format!(
                    "The plan sets {}, which is read-only.",
                    step.item.label()
                ));
            }
            let fits = match (&step.item, &step.after) {
                (Item::RiskIndicators, None) => true,
                (Item::RiskIndicators, Some(v)) => whole_number(v).is_some(),
                (Item::ApnsUuid | Item::ConfigurationState, Some(Value::String(_))) => true,
                (Item::Property(_), Some(_)) => true,
                _ => false,
            };
            if !fits {
                return Err(format!(
                    "The plan's new value of {} cannot be sent.",
                    step.item.label()
                ));
            }
        }
        plan.target_basis = plan.target_basis.masked();
        Ok(plan)
    }

    /// The file name of the plan.
    pub fn file_name(&self) -> String {
        format!(
            "mobileid-promotion-plan-{}-to-{}.json",
            self.source.id, self.target.id
        )
    }

    /// The body of the one PATCH: only the plan's properties.
    pub fn property_changes(&self) -> PropertyValues {
        self.steps
            .iter()
            .filter_map(|s| match (&s.item, &s.after) {
                (Item::Property(name), Some(value)) => Some((name.clone(), value.clone())),
                _ => None,
            })
            .collect()
    }

    /// The calls that apply the plan, in order: the properties (one PATCH), the risk setting,
    /// the APNs UUID, the configuration state.
    pub fn operations(&self) -> Vec<Operation> {
        let mut ops = Vec::new();
        let properties = self.property_changes();
        if !properties.is_empty() {
            ops.push(Operation::UpdateProperties(properties));
        }
        let step = |item: Item| self.steps.iter().find(|s| s.item == item);
        if let Some(s) = step(Item::RiskIndicators) {
            ops.push(Operation::SetRiskIndicators(
                s.after.as_ref().and_then(whole_number),
            ));
        }
        if let Some(Value::String(uuid)) = step(Item::ApnsUuid).and_then(|s| s.after.clone()) {
            ops.push(Operation::UpdateApnsUuid(uuid));
        }
        if let Some(Value::String(state)) =
            step(Item::ConfigurationState).and_then(|s| s.after.clone())
        {
            ops.push(Operation::UpdateConfigurationState(state));
        }
        ops
    }

    /// The review: each change as now on the target and as it will be.
    pub fn review(&self) -> Vec<ReviewRow> {
        self.steps
            .iter()
            .map(|s| ReviewRow {
                item: s.item.clone(),
                label: s.label.clone(),
                api_name: s.item.api_name().to_string(),
                now: shown(&s.item, s.before.as_ref()),
                new: shown(&s.item, s.after.as_ref()),
            })
            .collect()
    }

    /// The target's errors (documented rules: they block applying) and warnings (the console's
    /// choices: they do not) for this change, judged against the target's current properties
    /// exactly as the editor judges a save.
    pub fn problems(&self, target_properties: &PropertyValues) -> Vec<FieldProblem> {
        let mut problems = check_changes(target_properties, &self.property_changes());
        for step in &self.steps {
            match (&step.item, &step.after) {
                (Item::ApnsUuid, Some(Value::String(uuid))) if !is_uuid(uuid) => {
                    problems.push(FieldProblem::warning(
                        "apnsUuid",
                        "Not a UUID such as 12ef6f3a-a12a-4c5e-bb1b-1d75a9f37d59; the server decides.",
                    ))
                }
                (Item::ConfigurationState, Some(Value::String(state)))
                    if state != "ENABLED" && state != "DISABLED" =>
                {
                    problems.push(FieldProblem::warning(
                        "state",
                        format!("{state} is neither ENABLED nor DISABLED; the server decides."),
                    ))
                }
                _ => {}
            }
        }
        problems
    }

    /// Whether `problems` hold an error (which blocks applying).
    pub fn blocked_by(problems: &[FieldProblem]) -> bool {
        problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// What is different on the target now (`fresh`) from when it was compared. Empty: the
    /// plan may be applied.
    pub fn conflicts(&self, fresh: &Settings) -> Vec<PlanConflict> {
        let fresh = fresh.masked();
        all_items(&self.target_basis, &fresh)
            .into_iter()
            .filter(|item| {
                let (was, now) = (self.target_basis.value(item), fresh.value(item));
                comparable(item, was.as_ref()) != comparable(item, now.as_ref())
            })
            .map(|item| PlanConflict {
                label: item.label(),
                compared: shown(&item, self.target_basis.value(&item).as_ref()),
                now: shown(&item, fresh.value(&item).as_ref()),
                in_plan: self.steps.iter().any(|s| s.item == item),
                item,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::promotion::test_support::{account, production, prop, props, sandbox};
    use mobileid_admin_contract::properties::spec;
    use serde_json::json;

    #[test]
    fn a_plan_sends_only_the_selection_in_one_patch_and_the_other_calls() {
        let (s, t) = (sandbox(), production());
        let selection: BTreeSet<Item> = [
            prop("sessionExpiry"),
            prop("amountFailuresAllowed"),
            prop("geofencingActivationMode"),
            prop("futureSetting"),
            Item::RiskIndicators,
        ]
        .into();
        let plan = build_plan(&s, &t, &selection, "Ada Admin", "2026-01-01T00:00:00Z").unwrap();
        assert_eq!(plan.format, PLAN_FORMAT);
        assert_eq!(plan.target.id, "a-spge-prod");
        let ops = plan.operations();
        assert_eq!(
            ops,
            vec![
                Operation::UpdateProperties(props(json!({
                    "sessionExpiry": "300000",
                    "amountFailuresAllowed": "3",
                    "geofencingActivationMode": "OFF",
                    "futureSetting": {"level": 2},
                }))),
                Operation::SetRiskIndicators(Some(1)),
            ],
            "the JSON number goes as the editor sends it; the unknown object as it is"
        );
        let review = plan.review();
        assert_eq!(review.len(), 5);
        let session = review
            .iter()
            .find(|r| r.item == prop("sessionExpiry"))
            .unwrap();
        assert_eq!(
            (session.now.as_str(), session.new.as_str()),
            ("120000", "300000")
        );
        let risk = review
            .iter()
            .find(|r| r.item == Item::RiskIndicators)
            .unwrap();
        assert_eq!((risk.now.as_str(), risk.new.as_str()), ("3", "1"));

        // Nothing the rows refuse, nothing twice, not the same account, not nothing.
        assert!(build_plan(&s, &t, &[prop("lockScope")].into(), "a", "b")
            .unwrap_err()
            .contains("same value"));
        assert!(build_plan(&s, &s, &selection, "a", "b").is_err());
        assert!(build_plan(&s, &t, &BTreeSet::new(), "a", "b").is_err());

        // The risk setting, the APNs UUID and the state have their own calls; removing the risk
        // setting is a call too.
        let mut s2 = s.clone();
        s2.settings.allowed_users_per_device_hash = None;
        s2.settings.apns_uuid = Some("c21d007a-d8ad-4856-a9ab-cee11a65de31".into());
        s2.settings.state = Some("DISABLED".into());
        let all: BTreeSet<Item> = [
            Item::RiskIndicators,
            Item::ApnsUuid,
            Item::ConfigurationState,
        ]
        .into();
        let plan = build_plan(&s2, &t, &all, "a", "b").unwrap();
        assert_eq!(
            plan.operations(),
            vec![
                Operation::SetRiskIndicators(None),
                Operation::UpdateApnsUuid("c21d007a-d8ad-4856-a9ab-cee11a65de31".into()),
                Operation::UpdateConfigurationState("DISABLED".into()),
            ]
        );
        assert_eq!(
            plan.operations()[0].body(),
            json!({"riskIndicatorsConfiguration": {"allowedNrOfUsersWithSameDeviceHash": null}})
        );
        let review = plan.review();
        let risk = review
            .iter()
            .find(|r| r.item == Item::RiskIndicators)
            .unwrap();
        assert_eq!(risk.new, "(not set)");
    }

    #[test]
    fn the_targets_errors_block_and_its_warnings_do_not() {
        let (mut s, t) = (sandbox(), production());
        s.settings
            .properties
            .insert("sessionExpiry".into(), json!("soon"));
        s.settings
            .properties
            .insert("activationCodeLength".into(), json!("2"));
        let plan = build_plan(
            &s,
            &t,
            &[prop("sessionExpiry"), prop("activationCodeLength")].into(),
            "a",
            "b",
        )
        .unwrap();
        let problems = plan.problems(&t.settings.properties);
        assert!(PromotionPlan::blocked_by(&problems));
        let names: Vec<(&str, Severity)> = problems
            .iter()
            .map(|p| (p.name.as_str(), p.severity))
            .collect();
        assert!(
            names.contains(&("sessionExpiry", Severity::Error)),
            "{names:?}"
        );
        assert!(
            names.contains(&("activationCodeLength", Severity::Warning)),
            "{names:?}"
        );
        let ok = build_plan(&s, &t, &[prop("activationCodeLength")].into(), "a", "b").unwrap();
        let problems = ok.problems(&t.settings.properties);
        assert!(!problems.is_empty() && !PromotionPlan::blocked_by(&problems));
    }

    #[test]
    fn a_change_on_the_target_since_the_comparison_is_a_conflict() {
        let (s, t) = (sandbox(), production());
        let plan = build_plan(
            &s,
            &t,
            &[prop("sessionExpiry"), Item::RiskIndicators].into(),
            "a",
            "b",
        )
        .unwrap();
        assert!(plan.conflicts(&t.settings).is_empty());
        // A new masked placeholder for the same secret is no change.
        let mut same = t.settings.clone();
        same.properties.insert(
            "attestationAndroidPlayIntegrityDecryptionKey".into(),
            json!(null),
        );
        let conflicts = plan.conflicts(&same);
        assert_eq!(
            conflicts.len(),
            1,
            "not shown -> not set is a change: {conflicts:?}"
        );

        let mut fresh = t.settings.clone();
        fresh
            .properties
            .insert("sessionExpiry".into(), json!("90000"));
        fresh.properties.insert("lockScope".into(), json!("DEVICE"));
        fresh.allowed_users_per_device_hash = Some(3);
        let conflicts = plan.conflicts(&fresh);
        let seen: Vec<(String, String, String, bool)> = conflicts
            .iter()
            .map(|c| (c.item.key(), c.compared.clone(), c.now.clone(), c.in_plan))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "property-sessionExpiry".into(),
                    "120000".into(),
                    "90000".into(),
                    true
                ),
                (
                    "property-lockScope".into(),
                    "USER".into(),
                    "DEVICE".into(),
                    false
                ),
            ]
        );
        // A plan read back from its file checks the same way.
        let read = PromotionPlan::from_json(&plan.to_json()).unwrap();
        assert_eq!(read, plan);
        assert_eq!(read.conflicts(&fresh), conflicts);
        let mut newer = t.settings.clone();
        newer
            .properties
            .insert("brandNewProperty".into(), json!("x"));
        assert_eq!(plan.conflicts(&newer)[0].item, prop("brandNewProperty"));
    }

    #[test]
    fn plan_files_are_checked_when_imported() {
        let (s, t) = (sandbox(), production());
        let plan = build_plan(&s, &t, &[prop("sessionExpiry")].into(), "a", "b").unwrap();
        let file: Value = serde_json::from_str(&plan.to_json()).unwrap();
        let with = |path: &str, value: Value| {
            let mut f = file.clone();
            *f.pointer_mut(path).unwrap() = value;
            PromotionPlan::from_json(&f.to_string())
        };
        assert!(PromotionPlan::from_json("{").is_err());
        assert!(PromotionPlan::from_json("{}").is_err());
        assert!(with("/format", json!("other/1"))
            .unwrap_err()
            .contains("format"));
        assert!(with("/target/id", json!("a-sdge-sample")).is_err());
        assert!(with("/steps", json!([])).is_err());
        assert!(
            with("/steps/0/item", json!({"property": "maximumSessionExpiry"}))
                .unwrap_err()
                .contains("read-only")
        );
        let mut no_value = file.clone();
        no_value["steps"][0]
            .as_object_mut()
            .unwrap()
            .remove("after");
        assert!(PromotionPlan::from_json(&no_value.to_string()).is_err());
        assert!(
            with("/steps/0/after", Value::Null).is_ok(),
            "null is a value"
        );
        let mut risk = file.clone();
        risk["steps"][0] = json!({"item": "riskIndicators", "label": "x", "after": "soon"});
        assert!(PromotionPlan::from_json(&risk.to_string()).is_err());
        risk["steps"][0]["after"] = json!("4");
        assert!(PromotionPlan::from_json(&risk.to_string()).is_ok());
        let mut twice = file.clone();
        let step = twice["steps"][0].clone();
        twice["steps"].as_array_mut().unwrap().push(step);
        assert!(PromotionPlan::from_json(&twice.to_string())
            .unwrap_err()
            .contains("twice"));
        assert_eq!(
            plan.file_name(),
            "mobileid-promotion-plan-a-sdge-sample-to-a-spge-prod.json"
        );
    }

    use proptest::prelude::*;

    fn any_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<u32>().prop_map(|n| json!(n)),
            "[A-Za-z0-9 ,:]{0,12}".prop_map(Value::String),
            prop::collection::vec("[A-Z:]{1,8}".prop_map(Value::String), 0..3)
                .prop_map(Value::Array),
            Just(json!({"level": 2})),
        ]
    }

    fn any_settings() -> impl Strategy<Value = Settings> {
        let names: Vec<&'static str> = mobileid_admin_contract::properties::PROPERTIES
            .iter()
            .map(|p| p.name)
            .chain(["zzUnknown", "zzOther"])
            .collect();
        (
            prop::collection::vec((prop::sample::select(names), any_value()), 0..30),
            prop::option::of(0u64..10),
            prop::option::of(prop::sample::select(vec!["ENABLED", "DISABLED", "PAUSED"])),
            any::<bool>(),
        )
            .prop_map(|(values, risk, state, secrets)| {
                let mut properties: PropertyValues = values
                    .into_iter()
                    .map(|(n, v)| (n.to_string(), v))
                    .collect();
                if secrets {
                    for name in [
                        "firebaseServiceAccount",
                        "attestationAndroidPlayIntegrityDecryptionKey",
                    ] {
                        properties.insert(name.into(), json!("U0VDUkVULVZBTFVF"));
                    }
                }
                Settings {
                    properties,
                    allowed_users_per_device_hash: risk,
                    apns_uuid: None,
                    state: state.map(str::to_string),
                }
            })
    }

    proptest! {
        /// Whatever the two accounts hold: every differing, selectable row can be planned; the
        /// plan sends exactly the source's values (unknown ones as they are), never a secret,
        /// reads back from its file unchanged and finds no conflict with the target it was
        /// made against.
        #[test]
        fn any_plan_is_exact_and_never_carries_a_secret(s in any_settings(), t in any_settings()) {
            let source = Snapshot { account: account("a-s", "S", false), settings: s };
            let target = Snapshot { account: account("a-t", "T", true), settings: t };
            let rows = compare(&source.settings, &target.settings, &BTreeSet::new());
            let selection: BTreeSet<Item> =
                rows.iter().filter(|r| r.selectable()).map(|r| r.item.clone()).collect();
            for r in &rows {
                prop_assert!(!(r.secret && r.selectable()));
                prop_assert!(!(r.folded() && r.selectable()));
            }
            if selection.is_empty() {
                return Ok(());
            }
            let plan = build_plan(&source, &target, &selection, "a", "b").unwrap();
            let file = plan.to_json();
            prop_assert!(!file.contains("U0VDUkVULVZBTFVF"));
            prop_assert_eq!(&PromotionPlan::from_json(&file).unwrap(), &plan);
            prop_assert!(plan.conflicts(&target.settings).is_empty());
            for (name, value) in plan.property_changes() {
                prop_assert!(!spec(&name).is_some_and(|s| s.secret || s.read_only));
                if spec(&name).is_none() {
                    prop_assert_eq!(Some(&value), source.settings.properties.get(&name));
                }
            }
            // Once applied, the target holds what the source holds: nothing differs any more.
            let mut applied = target.settings.clone();
            applied.properties.extend(plan.property_changes());
            for op in plan.operations() {
                match op {
                    Operation::SetRiskIndicators(n) => applied.allowed_users_per_device_hash = n,
                    Operation::UpdateApnsUuid(u) => applied.apns_uuid = Some(u),
                    Operation::UpdateConfigurationState(st) => applied.state = Some(st),
                    Operation::UpdateProperties(_) => {}
                }
            }
            let after = compare(&source.settings, &applied, &BTreeSet::new());
            prop_assert!(after.iter().all(|r| !r.selectable()), "{:?}",
                after.iter().filter(|r| r.selectable()).collect::<Vec<_>>());
        }
    }
}
