//! The comparison: both accounts side by side, item by item.

use super::items::{all_items, comparable, shown, Item, SecretPresence, Settings};
use std::collections::BTreeSet;

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
/// differs" besides [`USUALLY_DIFFERS`](super::items::USUALLY_DIFFERS).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::promotion::test_support::{production, prop, sandbox};
    use crate::logic::promotion::{build_plan, groups, PromotionPlan, OTHER_PROPERTIES};
    use serde_json::{json, Value};

    fn row<'a>(rows: &'a [CompareRow], item: &Item) -> &'a CompareRow {
        rows.iter().find(|r| &r.item == item).unwrap()
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
}
