//! Comparing two accounts and promoting chosen settings from one (the source, e.g. a sandbox
//! account) to the other (the target, e.g. production) as a reviewed, recorded change. Pure:
//! the page reads both accounts; this module says what differs, what may be copied, exactly
//! what to send, whether the target changed since the comparison, and what the record says.
//!
//! * Compared: every property (the schema's and any the API sends that this console does not
//!   know), the risk indicator setting, the APNs UUID and the configuration state. Known
//!   properties compare as the editor does (a count sent as a JSON number equals the same count
//!   as a string) and are sent as the editor would send them; properties this console does not
//!   know, and values it does not know, are compared and carried exactly as the API sent them.
//! * Write-only secrets are never compared, copied, planned or recorded: each side shows only
//!   "set", "not shown" (the API left it out) or "not set", and their rows cannot be selected.
//! * Read-only properties, and properties the source does not have, cannot be promoted (the
//!   reference documents no way to remove a property); the risk setting can be removed.
//! * A plan carries the target as it was compared (secrets only as set or not); any difference
//!   in a fresh read of the target stops the promotion. The plan is a file another admin can
//!   import and apply (four eyes); it never holds a secret value.

use super::console_config::KnownAccount;
use super::property_draft::{label_of, property_text, SECRET_SET};
use mobileid_admin_contract::error::ApiError;
use mobileid_admin_contract::models::{is_uuid, PropertyValues};
use mobileid_admin_contract::properties::{
    check_changes, from_form_text, spec, to_form_text, FieldProblem, Group, Severity,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;

/// `format` of a promotion plan file.
pub const PLAN_FORMAT: &str = "mobileid-promotion-plan/1";
/// `format` of a promotion record file.
pub const RECORD_FORMAT: &str = "mobileid-promotion-record/1";

/// Properties whose values normally differ between a sandbox and a production account: Apple's
/// App Attest environment and the APNs server. Flagged "usually differs"; "all differing,
/// except flagged" leaves them out.
pub const USUALLY_DIFFERS: &[&str] = &["attestationIosAppAttestEnvironment", "apnConfig"];

/// The API name of the risk indicator setting.
pub const RISK_SETTING: &str = "allowedNrOfUsersWithSameDeviceHash";

/// How many accounts the console remembers from the session.
pub const REMEMBERED_ACCOUNTS: usize = 20;

// ---------------------------------------------------------------- what is compared

/// One thing that can differ between two accounts.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Item {
    /// The application configuration's state (Update state of application configuration).
    ConfigurationState,
    /// The application configuration's APNs UUID.
    ApnsUuid,
    /// A property of the application configuration, by API name.
    Property(String),
    /// `allowedNrOfUsersWithSameDeviceHash` of the risk indicators configuration.
    RiskIndicators,
}

impl Item {
    /// A stable key for pages and files: `property-sessionExpiry`, `riskIndicators`, …
    pub fn key(&self) -> String {
        match self {
            Item::ConfigurationState => "configurationState".into(),
            Item::ApnsUuid => "apnsUuid".into(),
            Item::Property(name) => format!("property-{name}"),
            Item::RiskIndicators => "riskIndicators".into(),
        }
    }

    pub fn from_key(key: &str) -> Option<Item> {
        match key {
            "configurationState" => Some(Item::ConfigurationState),
            "apnsUuid" => Some(Item::ApnsUuid),
            "riskIndicators" => Some(Item::RiskIndicators),
            _ => key
                .strip_prefix("property-")
                .filter(|n| !n.is_empty())
                .map(|n| Item::Property(n.to_string())),
        }
    }

    /// What people call it.
    pub fn label(&self) -> String {
        match self {
            Item::ConfigurationState => "Configuration state".into(),
            Item::ApnsUuid => "APNs UUID".into(),
            Item::Property(name) => label_of(name),
            Item::RiskIndicators => "Users allowed per device hash".into(),
        }
    }

    /// The name the API uses for it.
    pub fn api_name(&self) -> &str {
        match self {
            Item::ConfigurationState => "state",
            Item::ApnsUuid => "apnsUuid",
            Item::Property(name) => name,
            Item::RiskIndicators => RISK_SETTING,
        }
    }

    /// The section it is listed under, like the editor's groups.
    pub fn group(&self) -> &'static str {
        match self {
            Item::ConfigurationState | Item::ApnsUuid => "Application configuration",
            Item::Property(name) => spec(name).map_or(OTHER_PROPERTIES, |s| s.group.label()),
            Item::RiskIndicators => "Risk indicators",
        }
    }

    fn is_secret(&self) -> bool {
        matches!(self, Item::Property(name) if spec(name).is_some_and(|s| s.secret))
    }

    fn is_read_only(&self) -> bool {
        matches!(self, Item::Property(name) if spec(name).is_some_and(|s| s.read_only))
    }

    /// Whether the console flags it "usually differs" of its own accord.
    pub fn usually_differs(&self) -> bool {
        matches!(self, Item::Property(name) if USUALLY_DIFFERS.contains(&name.as_str()))
    }
}

/// The group of properties this console does not know.
pub const OTHER_PROPERTIES: &str = "Other properties";

/// The groups in the order the compare screen lists them.
pub fn groups() -> Vec<&'static str> {
    let mut groups = vec!["Application configuration"];
    groups.extend(Group::ALL.iter().map(|g| g.label()));
    groups.push(OTHER_PROPERTIES);
    groups.push("Risk indicators");
    groups
}

/// What can be promoted of one account, as the API answered.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    #[serde(default)]
    pub properties: PropertyValues,
    /// `None`: not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_users_per_device_hash: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apns_uuid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

impl Settings {
    /// The value of an item as the API spells it (`None`: the account has none).
    pub fn value(&self, item: &Item) -> Option<Value> {
        match item {
            Item::ConfigurationState => self.state.clone().map(Value::String),
            Item::ApnsUuid => self.apns_uuid.clone().map(Value::String),
            Item::Property(name) => self.properties.get(name).cloned(),
            Item::RiskIndicators => self
                .allowed_users_per_device_hash
                .map(|n| Value::String(n.to_string())),
        }
    }

    /// The same settings with every set secret replaced by a marker: what may be kept in a plan
    /// or a record.
    pub fn masked(&self) -> Settings {
        let mut masked = self.clone();
        for (name, value) in masked.properties.iter_mut() {
            if spec(name).is_some_and(|s| s.secret) && SecretPresence::of(Some(value)).is_set() {
                *value = Value::String(SECRET_SET.into());
            }
        }
        masked
    }
}

/// Every item of two accounts, in display order: the configuration's state and APNs UUID, the
/// schema's properties group by group, the properties this console does not know (by name),
/// the risk setting.
pub fn all_items(a: &Settings, b: &Settings) -> Vec<Item> {
    let mut items = vec![Item::ConfigurationState, Item::ApnsUuid];
    for group in Group::ALL {
        items.extend(
            group
                .properties()
                .map(|s| Item::Property(s.name.to_string())),
        );
    }
    let unknown: BTreeSet<&String> = a
        .properties
        .keys()
        .chain(b.properties.keys())
        .filter(|n| spec(n).is_none())
        .collect();
    items.extend(unknown.into_iter().map(|n| Item::Property(n.clone())));
    items.push(Item::RiskIndicators);
    items
}

/// What a side shows of a write-only secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SecretPresence {
    /// A value came back (masked or not).
    Set,
    /// The API left it out: it may or may not be set.
    NotShown,
    /// `null` or empty.
    NotSet,
}

impl SecretPresence {
    pub fn of(value: Option<&Value>) -> SecretPresence {
        match value {
            None => SecretPresence::NotShown,
            Some(Value::Null) => SecretPresence::NotSet,
            Some(Value::String(s)) if s.is_empty() => SecretPresence::NotSet,
            Some(_) => SecretPresence::Set,
        }
    }

    pub fn is_set(self) -> bool {
        self == SecretPresence::Set
    }

    pub fn text(self) -> &'static str {
        match self {
            SecretPresence::Set => "set",
            SecretPresence::NotShown => "not shown",
            SecretPresence::NotSet => "not set",
        }
    }
}

/// The value as compared and as sent: known properties as the editor sends them (form text
/// and back), secrets as their presence only, everything else as it is.
fn comparable(item: &Item, value: Option<&Value>) -> Option<Value> {
    let value = value?;
    match item {
        Item::Property(name) => match spec(name) {
            Some(s) if s.secret => {
                Some(Value::String(SecretPresence::of(Some(value)).text().into()))
            }
            Some(s) => Some(from_form_text(s, &to_form_text(s, value))),
            None => Some(value.clone()),
        },
        _ => Some(value.clone()),
    }
}

/// A value for people: "(not set)", "(empty)", the secret's presence, or its text.
pub fn shown(item: &Item, value: Option<&Value>) -> String {
    if item.is_secret() {
        return SecretPresence::of(value).text().into();
    }
    let Item::Property(name) = item else {
        return match value {
            None | Some(Value::Null) => "(not set)".into(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
    };
    property_text(name, value)
}

// ---------------------------------------------------------------- the comparison

/// How the two sides of a row relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowStatus {
    Same,
    Differs,
    /// A write-only secret: its values cannot be compared.
    Unknown,
}

/// One line of the compare screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompareRow {
    pub item: Item,
    pub group: &'static str,
    pub label: String,
    pub api_name: String,
    pub source: String,
    pub target: String,
    pub status: RowStatus,
    pub secret: bool,
    /// Flagged "usually differs" (by the console, or marked by the admin).
    pub usually_differs: bool,
    /// Marked by the admin (as opposed to the console's own list).
    pub marked: bool,
    /// Why the row cannot be promoted, when it cannot.
    pub not_copyable: Option<String>,
}

impl CompareRow {
    /// Whether the admin may select it for promotion.
    pub fn selectable(&self) -> bool {
        self.status == RowStatus::Differs && self.not_copyable.is_none()
    }

    /// Whether the screen folds it away by default: equal rows, and secrets that show the same
    /// on both sides.
    pub fn folded(&self) -> bool {
        match self.status {
            RowStatus::Same => true,
            RowStatus::Unknown => self.source == self.target,
            RowStatus::Differs => false,
        }
    }
}

/// Why an item cannot be promoted from `source`, if it cannot.
fn not_copyable(item: &Item, source: &Settings) -> Option<String> {
    if item.is_secret() {
        return Some(
            "Write-only: its value cannot be read, so it is never copied. Set it on the target \
             in the editor."
                .into(),
        );
    }
    if item.is_read_only() {
        return Some("Read-only: not updatable through the API.".into());
    }
    match item {
        Item::RiskIndicators => None,
        _ if source.value(item).is_none() => Some(
            "Not set on the source, and the API documents no way to remove it from the target."
                .into(),
        ),
        _ => None,
    }
}

/// Both accounts side by side, every item. `marked` are the items the admin flags "usually
/// differs" besides [`USUALLY_DIFFERS`].
pub fn compare(source: &Settings, target: &Settings, marked: &BTreeSet<Item>) -> Vec<CompareRow> {
    all_items(source, target)
        .into_iter()
        .map(|item| {
            let (s, t) = (source.value(&item), target.value(&item));
            let secret = item.is_secret();
            let status = if secret {
                match (
                    SecretPresence::of(s.as_ref()),
                    SecretPresence::of(t.as_ref()),
                ) {
                    (SecretPresence::NotSet, SecretPresence::NotSet) => RowStatus::Same,
                    (SecretPresence::Set, SecretPresence::NotSet)
                    | (SecretPresence::NotSet, SecretPresence::Set) => RowStatus::Differs,
                    _ => RowStatus::Unknown,
                }
            } else if comparable(&item, s.as_ref()) == comparable(&item, t.as_ref()) {
                RowStatus::Same
            } else {
                RowStatus::Differs
            };
            let is_marked = marked.contains(&item);
            CompareRow {
                group: item.group(),
                label: item.label(),
                api_name: item.api_name().to_string(),
                source: shown(&item, s.as_ref()),
                target: shown(&item, t.as_ref()),
                status,
                secret,
                usually_differs: item.usually_differs() || is_marked,
                marked: is_marked,
                not_copyable: not_copyable(&item, source),
                item,
            }
        })
        .collect()
}

/// "All differing, except flagged": every selectable row not flagged "usually differs".
pub fn default_selection(rows: &[CompareRow]) -> BTreeSet<Item> {
    rows.iter()
        .filter(|r| r.selectable() && !r.usually_differs)
        .map(|r| r.item.clone())
        .collect()
}

// ---------------------------------------------------------------- the plan

/// One account as read for a comparison.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub account: KnownAccount,
    pub settings: Settings,
}

/// A field that is there, even as `null`, is `Some`; only a missing field is `None`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
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

// ---------------------------------------------------------------- the record

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

// ---------------------------------------------------------------- known accounts

/// The accounts to offer: those of `config.json` first (in their order), then those used in
/// this session, each id once.
pub fn merge_known_accounts(
    configured: &[KnownAccount],
    remembered: &[KnownAccount],
) -> Vec<KnownAccount> {
    let mut out: Vec<KnownAccount> = configured.to_vec();
    for account in remembered {
        if !account.id.trim().is_empty() && !out.iter().any(|a| a.id == account.id) {
            out.push(account.clone());
        }
    }
    out
}

/// Adds `account` to the accounts used in this session (most recent first, at most
/// [`REMEMBERED_ACCOUNTS`]); a label or production flag learnt later replaces an unknown one.
pub fn remember_account(remembered: &mut Vec<KnownAccount>, account: KnownAccount) {
    let id = account.id.trim().to_string();
    if id.is_empty() {
        return;
    }
    let previous = remembered
        .iter()
        .position(|a| a.id == id)
        .map(|i| remembered.remove(i));
    let merged = match previous {
        Some(old) => KnownAccount {
            label: if account.label.trim().is_empty() {
                old.label
            } else {
                account.label
            },
            production: account.production || old.production,
            id,
        },
        None => KnownAccount { id, ..account },
    };
    remembered.insert(0, merged);
    remembered.truncate(REMEMBERED_ACCOUNTS);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn props(v: Value) -> PropertyValues {
        serde_json::from_value(v).unwrap()
    }

    fn account(id: &str, label: &str, production: bool) -> KnownAccount {
        KnownAccount {
            id: id.into(),
            label: label.into(),
            production,
        }
    }

    /// A sandbox account: the reference's sample, a secret set, an unknown property.
    fn sandbox() -> Snapshot {
        let mut properties: PropertyValues = serde_json::from_str(include_str!(
            "../../crates/contract/fixtures/get-properties.response.json"
        ))
        .unwrap();
        properties.extend(props(json!({
            "firebaseServiceAccount": "********",
            "passkeyRegistrationEnabled": "true",
            "futureSetting": {"level": 2},
            "lockScope": "USER",
            "amountFailuresAllowed": 3,
        })));
        Snapshot {
            account: account("a-sdge-sample", "Sample Account", false),
            settings: Settings {
                properties,
                allowed_users_per_device_hash: Some(1),
                apns_uuid: Some("82a634bf-a485-457c-90c4-88ddd5631922".into()),
                state: Some("ENABLED".into()),
            },
        }
    }

    /// Its production counterpart: a handful of differences.
    fn production() -> Snapshot {
        let mut s = sandbox();
        s.account = account("a-spge-prod", "Sample Production", true);
        let p = &mut s.settings.properties;
        p.remove("firebaseServiceAccount");
        p.remove("passkeyRegistrationEnabled");
        p.extend(props(json!({
            "sessionExpiry": "120000",
            "amountFailuresAllowed": "5",
            "geofencingActivationMode": "OPTIONAL",
            "attestationIosAppAttestEnvironment": "DEVELOPMENT",
            "apnConfig": "PRODUCTION",
            "futureSetting": {"level": 1},
            "maximumSessionExpiry": "1000",
        })));
        s.settings.allowed_users_per_device_hash = Some(3);
        s
    }

    fn row<'a>(rows: &'a [CompareRow], item: &Item) -> &'a CompareRow {
        rows.iter().find(|r| &r.item == item).unwrap()
    }

    fn prop(name: &str) -> Item {
        Item::Property(name.into())
    }

    #[test]
    fn every_item_is_compared_in_the_editors_groups() {
        let (s, t) = (sandbox(), production());
        let rows = compare(&s.settings, &t.settings, &BTreeSet::new());
        assert_eq!(
            rows.len(),
            2 + mobileid_admin_contract::properties::PROPERTIES.len() + 2 + 1,
            "state, APNs UUID, the schema, two unknown properties, the risk setting"
        );
        assert_eq!(rows[0].item, Item::ConfigurationState);
        assert_eq!(rows.last().unwrap().item, Item::RiskIndicators);
        let groups = groups();
        let order: Vec<usize> = rows
            .iter()
            .map(|r| groups.iter().position(|g| *g == r.group).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] <= w[1]), "grouped in order");
        assert_eq!(row(&rows, &prop("futureSetting")).group, OTHER_PROPERTIES);

        let differing: Vec<String> = rows
            .iter()
            .filter(|r| r.status == RowStatus::Differs)
            .map(|r| r.item.key())
            .collect();
        assert_eq!(
            differing,
            [
                "property-sessionExpiry",
                "property-maximumSessionExpiry",
                "property-apnConfig",
                "property-geofencingActivationMode",
                "property-attestationIosAppAttestEnvironment",
                "property-amountFailuresAllowed",
                "property-futureSetting",
                "property-passkeyRegistrationEnabled",
                "riskIndicators",
            ]
        );
        // A count sent as a JSON number equals the same count as a string (as in the editor).
        let mut t2 = t.clone();
        t2.settings
            .properties
            .insert("amountFailuresAllowed".into(), json!("3"));
        let rows2 = compare(&s.settings, &t2.settings, &BTreeSet::new());
        assert_eq!(
            row(&rows2, &prop("amountFailuresAllowed")).status,
            RowStatus::Same
        );
        assert!(row(&rows, &prop("lockScope")).folded(), "USER = USER");
    }

    #[test]
    fn secrets_show_only_whether_they_are_set_and_are_never_selectable() {
        let (s, t) = (sandbox(), production());
        let rows = compare(&s.settings, &t.settings, &BTreeSet::new());
        let firebase = row(&rows, &prop("firebaseServiceAccount"));
        assert_eq!(
            (firebase.source.as_str(), firebase.target.as_str()),
            ("set", "not shown")
        );
        assert_eq!(firebase.status, RowStatus::Unknown);
        assert!(firebase.secret && !firebase.selectable() && !firebase.folded());
        let mut t2 = t.clone();
        t2.settings
            .properties
            .insert("firebaseServiceAccount".into(), json!(""));
        let rows2 = compare(&s.settings, &t2.settings, &BTreeSet::new());
        let firebase = row(&rows2, &prop("firebaseServiceAccount"));
        assert_eq!(
            (firebase.target.as_str(), firebase.status),
            ("not set", RowStatus::Differs)
        );
        assert!(!firebase.selectable(), "differs, still never copied");
        let key = row(&rows, &prop("attestationAndroidPlayIntegrityDecryptionKey"));
        assert_eq!(
            (key.source.as_str(), key.status),
            ("not shown", RowStatus::Unknown)
        );
        assert!(key.folded());

        // Neither the selection, the plan nor a forged plan file carries a secret.
        let mut selection = default_selection(&rows2);
        assert!(!selection.contains(&prop("firebaseServiceAccount")));
        selection.insert(prop("firebaseServiceAccount"));
        let err = build_plan(&s, &t2, &selection, "admin", "now").unwrap_err();
        assert!(err.contains("Write-only"), "{err}");
        selection.remove(&prop("firebaseServiceAccount"));
        let plan = build_plan(&s, &t2, &selection, "admin", "now").unwrap();
        let file = plan.to_json();
        assert!(!file.contains("********") && !file.contains("firebaseServiceAccount\": \"*"));
        let mut forged: Value = serde_json::from_str(&file).unwrap();
        forged["steps"].as_array_mut().unwrap().push(json!({
            "item": {"property": "firebaseServiceAccount"}, "label": "x",
            "before": null, "after": "c2VjcmV0"
        }));
        let err = PromotionPlan::from_json(&forged.to_string()).unwrap_err();
        assert!(err.contains("secret"), "{err}");
        // A secret in the target basis is masked on the way in.
        let mut leaky: Value = serde_json::from_str(&file).unwrap();
        leaky["targetBasis"]["properties"]["firebaseServiceAccount"] = json!("c2VjcmV0");
        let read = PromotionPlan::from_json(&leaky.to_string()).unwrap();
        assert!(!read.to_json().contains("c2VjcmV0"));
    }

    #[test]
    fn what_cannot_be_copied_says_why_and_flagged_rows_are_left_out_by_default() {
        let (s, t) = (sandbox(), production());
        let marked: BTreeSet<Item> = [prop("geofencingActivationMode")].into();
        let rows = compare(&s.settings, &t.settings, &marked);
        let read_only = row(&rows, &prop("maximumSessionExpiry"));
        assert!(!read_only.selectable());
        assert!(read_only
            .not_copyable
            .as_deref()
            .unwrap()
            .contains("Read-only"));
        let absent = row(&rows, &prop("apnConfig"));
        assert_eq!(absent.source, "(not set)");
        assert!(absent.not_copyable.as_deref().unwrap().contains("Not set"));
        assert!(absent.usually_differs && !absent.marked);
        let env = row(&rows, &prop("attestationIosAppAttestEnvironment"));
        assert!(env.usually_differs && env.selectable());
        assert!(row(&rows, &prop("geofencingActivationMode")).marked);
        // Unknown properties and values are compared and copied as they are.
        assert!(row(&rows, &prop("futureSetting")).selectable());
        assert!(row(&rows, &prop("passkeyRegistrationEnabled")).selectable());

        let keys: Vec<String> = default_selection(&rows).iter().map(Item::key).collect();
        assert_eq!(
            keys,
            [
                "property-amountFailuresAllowed",
                "property-futureSetting",
                "property-passkeyRegistrationEnabled",
                "property-sessionExpiry",
                "riskIndicators"
            ]
        );
    }

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

    #[test]
    fn known_accounts_come_from_the_config_then_the_session() {
        let configured = vec![account("a-1", "One", false), account("a-2", "Two", true)];
        let mut remembered = Vec::new();
        remember_account(&mut remembered, account("a-3", "", false));
        remember_account(&mut remembered, account(" a-2 ", "", false));
        remember_account(&mut remembered, account("a-3", "Three", true));
        remember_account(&mut remembered, account("  ", "x", false));
        assert_eq!(
            remembered,
            vec![account("a-3", "Three", true), account("a-2", "", false)]
        );
        remember_account(&mut remembered, account("a-3", "", false));
        assert_eq!(
            remembered[0],
            account("a-3", "Three", true),
            "kept what was learnt"
        );
        let merged = merge_known_accounts(&configured, &remembered);
        let ids: Vec<&str> = merged.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a-1", "a-2", "a-3"]);
        assert_eq!(merged[1].label, "Two", "config.json's label wins");
        for i in 0..30 {
            remember_account(&mut remembered, account(&format!("b-{i}"), "", false));
        }
        assert_eq!(remembered.len(), REMEMBERED_ACCOUNTS);
        assert_eq!(remembered[0].id, "b-29");
    }

    #[test]
    fn items_have_stable_keys() {
        for item in [
            Item::ConfigurationState,
            Item::ApnsUuid,
            Item::RiskIndicators,
            prop("sessionExpiry"),
            prop("odd-name"),
        ] {
            assert_eq!(Item::from_key(&item.key()), Some(item));
        }
        assert_eq!(Item::from_key("property-"), None);
        assert_eq!(
            serde_json::to_value(prop("sessionExpiry")).unwrap(),
            json!({"property": "sessionExpiry"})
        );
        assert_eq!(
            serde_json::to_value(Item::RiskIndicators).unwrap(),
            json!("riskIndicators")
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
