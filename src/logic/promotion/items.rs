//! What is compared: the items, an account's settings, what a side shows of a secret.

use crate::logic::property_draft::{label_of, property_text, SECRET_SET};
use mobileid_admin_contract::models::PropertyValues;
use mobileid_admin_contract::properties::{from_form_text, spec, to_form_text, Group};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;

/// Properties whose values normally differ between a sandbox and a production account: Apple's
/// App Attest environment and the APNs server. Flagged "usually differs"; "all differing,
/// except flagged" leaves them out.
pub const USUALLY_DIFFERS: &[&str] = &["attestationIosAppAttestEnvironment", "apnConfig"];

/// The API name of the risk indicator setting.
pub const RISK_SETTING: &str = "allowedNrOfUsersWithSameDeviceHash";

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

    pub(super) fn is_secret(&self) -> bool {
        matches!(self, Item::Property(name) if spec(name).is_some_and(|s| s.secret))
    }

    pub(super) fn is_read_only(&self) -> bool {
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
pub(super) fn comparable(item: &Item, value: Option<&Value>) -> Option<Value> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::promotion::test_support::prop;
    use serde_json::json;

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
}
