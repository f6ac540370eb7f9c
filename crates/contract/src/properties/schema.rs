//! The types that describe a property: its [`Group`] in the editor, its [`Kind`] (what the
//! value is, and so how it is checked, edited and shown), the [`PropertySpec`] itself, and the
//! [`Provenance`] and [`Severity`] of a rule.

use super::form_text::from_form_text;
use super::known_values::{CONTINENTS, ISO_3166_1_ALPHA_2};
use super::single_value::is_app_attest_app_id;
use super::table::{DOCUMENTED_READ_ONLY, PROPERTIES};
use serde_json::Value;
use std::fmt;

/// Sections of the editor, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Authentication,
    Activation,
    Pin,
    Sessions,
    Push,
    Recovery,
    Geofencing,
    Attestation,
    RiskData,
    SdkVersions,
    Locking,
}

impl Group {
    /// Every group, in display order.
    pub const ALL: [Group; 11] = [
        Group::Authentication,
        Group::Activation,
        Group::Pin,
        Group::Sessions,
        Group::Push,
        Group::Recovery,
        Group::Geofencing,
        Group::Attestation,
        Group::RiskData,
        Group::SdkVersions,
        Group::Locking,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Group::Authentication => "Authentication",
            Group::Activation => "Activation",
            Group::Pin => "PIN",
            Group::Sessions => "Sessions",
            Group::Push => "Push",
            Group::Recovery => "Recovery",
            Group::Geofencing => "Geofencing",
            Group::Attestation => "Attestation",
            Group::RiskData => "Risk data",
            Group::SdkVersions => "SDK versions",
            Group::Locking => "Locking",
        }
    }

    /// The properties of this group, in table order.
    pub fn properties(self) -> impl Iterator<Item = &'static PropertySpec> {
        PROPERTIES.iter().filter(move |p| p.group == self)
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Where a rule comes from, which decides what breaking it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Provenance {
    /// Stated in the API reference: breaking it is an error that blocks sending the field.
    Documented,
    /// The console's choice where the reference is silent or cut off: breaking it is a
    /// warning that names its source and never blocks. The server decides.
    Chosen,
}

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Shown at the field; blocks nothing.
    Warning,
    /// Blocks sending the field.
    Error,
}

/// A format rule for free text (always [`Provenance::Chosen`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextRule {
    /// Apple's App Attest application ID: the 10-character team ID, a period, the bundle ID
    /// (`ABCDE12345.com.example.app`).
    AppAttestAppId,
}

impl TextRule {
    /// What the rule asks for.
    pub fn describe(self) -> &'static str {
        match self {
            TextRule::AppAttestAppId => {
                "the 10-character team ID, a period and the bundle ID, e.g. \
                 ABCDE12345.com.example.app"
            }
        }
    }

    pub fn matches(self, text: &str) -> bool {
        match self {
            TextRule::AppAttestAppId => is_app_attest_app_id(text),
        }
    }
}

/// What a property's value is, and so how it is checked, edited and shown.
///
/// The JSON type of each kind is documented (every value a string, three arrays of strings)
/// and so is what [`Kind::describe_documented`] says; everything [`Kind::describe_chosen`] says
/// is the console's guess. Every kind but [`Kind::EnumList`] is sent as a JSON string; for the
/// optional kinds the empty string means "not set".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A whole number ≥ 0 as a string (`"3"`). Chosen: `min..=max`; no `max` means
    /// [`MAXINT`](super::MAXINT).
    Integer { min: i64, max: Option<i64> },
    /// A duration in whole milliseconds ≥ 0 as a string (`"300000"`). Chosen: at most `max`.
    Millis { max: Option<i64> },
    /// `"true"` or `"false"` (chosen: the samples' values).
    Boolean,
    /// One value; the known ones are listed, others are kept with a warning.
    Enum(&'static [&'static str]),
    /// A JSON array of strings (`["DEVICE","DEVICE:PIN"]`); the known values are listed, others
    /// are kept with a warning. `nullable`: `null` is a documented value of its own.
    EnumList {
        values: &'static [&'static str],
        nullable: bool,
    },
    /// A comma-separated string of values (`"IOS, ANDROID"`), known values listed.
    EnumCsv(&'static [&'static str]),
    /// A semantic version (`3.7.0`), documented; three parts chosen.
    SemVer,
    /// Comma-separated semantic versions (`3.5.3, 3.6.8`), documented; three parts chosen.
    SemVerList,
    /// Comma-separated continent codes ([`CONTINENTS`], chosen).
    Continents,
    /// Comma-separated ISO 3166-1 alpha-2 country codes
    /// ([`is_country_code`](super::is_country_code)), documented.
    Countries,
    /// A write-only secret; Base64 with the given provenance.
    Secret { base64: Provenance },
    /// Free text, with an optional (chosen) format rule.
    Text { pattern: Option<TextRule> },
}

impl Kind {
    /// Whether the API value is a JSON array.
    pub fn is_list(&self) -> bool {
        matches!(self, Kind::EnumList { .. })
    }

    /// The unit to show next to the value.
    pub fn unit(&self) -> Option<&'static str> {
        matches!(self, Kind::Millis { .. }).then_some("ms")
    }

    /// The values a picker offers, for the kinds that have a known set. The set is open: a
    /// value outside it is shown, kept and can be typed.
    pub fn options(&self) -> &'static [&'static str] {
        match self {
            Kind::Boolean => &["true", "false"],
            Kind::Enum(values) | Kind::EnumList { values, .. } | Kind::EnumCsv(values) => values,
            Kind::Continents => CONTINENTS,
            Kind::Countries => &ISO_3166_1_ALPHA_2,
            _ => &[],
        }
    }

    /// What the reference states about the value (breaking it is an error).
    pub fn describe_documented(&self) -> String {
        match *self {
            Kind::Integer { .. } => "A whole number of 0 or more, sent as a string.".into(),
            Kind::Millis { .. } => {
                "A whole number of milliseconds, 0 or more, sent as a string.".into()
            }
            Kind::Boolean | Kind::Enum(_) | Kind::EnumCsv(_) | Kind::Continents => {
                "A string.".into()
            }
            Kind::EnumList {
                nullable: false, ..
            } => "A JSON array of strings.".into(),
            Kind::EnumList { nullable: true, .. } => {
                "A JSON array of strings, or null (only the always-collected data).".into()
            }
            Kind::SemVer => "A semantic version such as 3.7.0, or empty.".into(),
            Kind::SemVerList => "Comma-separated semantic versions such as 3.5.3, 3.6.8.".into(),
            Kind::Countries => "Comma-separated ISO 3166-1 alpha-2 country codes (SE, NO).".into(),
            Kind::Secret {
                base64: Provenance::Documented,
            } => "Base64 (A–Z, a–z, 0–9, + and /, = padding). Write-only.".into(),
            Kind::Secret { .. } => "Write-only.".into(),
            Kind::Text { .. } => "Free text.".into(),
        }
    }

    /// What the console expects beyond that (breaking it is a warning), if anything.
    pub fn describe_chosen(&self) -> Option<String> {
        match *self {
            Kind::Integer { min, max } => Some(format!(
                "From {min} to {}.",
                max.map_or("MAXINT".to_string(), |m| m.to_string())
            )),
            Kind::Millis { max: Some(max) } => Some(format!("At most {max} ms.")),
            Kind::Millis { max: None } => None,
            Kind::Boolean => Some("true or false.".into()),
            Kind::Enum(values) => Some(format!("Known values: {}.", values.join(", "))),
            Kind::EnumList { values, .. } | Kind::EnumCsv(values) => {
                Some(format!("Known values: {}.", values.join(", ")))
            }
            Kind::SemVer | Kind::SemVerList => Some("Three parts (3.7.0).".into()),
            Kind::Continents => Some(format!("Known codes: {}.", CONTINENTS.join(", "))),
            Kind::Countries => None,
            Kind::Secret {
                base64: Provenance::Chosen,
            } => Some("Base64.".into()),
            Kind::Secret { .. } => None,
            Kind::Text { pattern } => {
                pattern.map(|rule| format!("{}.", capitalise(rule.describe())))
            }
        }
    }

    /// Whether this kind carries a rule the console chose (and so needs a `chosen` note).
    pub fn has_chosen_rule(&self) -> bool {
        self.describe_chosen().is_some()
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One property of an application configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PropertySpec {
    /// The API name.
    pub name: &'static str,
    pub label: &'static str,
    pub group: Group,
    pub kind: Kind,
    /// The reference's sample value as the API sends it (for [`Kind::EnumList`], the items
    /// comma-separated); empty when it has none. An example, never a default: the reference
    /// states no defaults and calls its samples illustrative.
    pub example: &'static str,
    /// What the property does, in plain words.
    pub help: &'static str,
    /// Shown, never sent.
    pub read_only: bool,
    /// Write-only: never shown, never validated on read.
    pub secret: bool,
    /// The source of the rules the console chose for this property (see
    /// [`Kind::describe_chosen`]); every property with such a rule has one.
    pub chosen_bounds: Option<&'static str>,
}

impl PropertySpec {
    /// The reference's example as the API would send it; `None` for secrets and properties
    /// without one.
    pub fn example_value(&self) -> Option<Value> {
        if self.secret || self.example.is_empty() {
            return None;
        }
        Some(from_form_text(self, self.example))
    }

    /// Whether the reference lists this property as not updatable (as opposed to the console
    /// choosing not to send it).
    pub fn documented_read_only(&self) -> bool {
        DOCUMENTED_READ_ONLY.contains(&self.name)
    }
}
