//! The application-configuration property schema and its validator.
//!
//! [`PROPERTIES`] is the console's table of the 49 properties of an application configuration:
//! API names, labels, groups, kinds, the reference's examples, help texts and flags. The editor
//! renders from it. The sandbox does not read it: it is an independent referee with rules of
//! its own.
//!
//! Every rule has a provenance ([`Provenance`]). What the reference states (the JSON types, the
//! three arrays, Base64 for the Firebase service account, ISO 3166-1 country codes, semantic
//! versions, the not-updatable list, activation methods within the allowed methods, the App
//! Attest app id when App Attest is on) is *documented*: breaking it is an error that blocks
//! sending the field. Everything else is *chosen* by the console where the reference is silent
//! or cut off (value lists, ranges, formats, most rules across fields): breaking it is a warning
//! that names its source ([`PropertySpec::chosen_bounds`], [`CrossFieldRule::describe`]) and
//! never blocks; the server decides, and its `invalidParams` land on the fields.
//!
//! Only what the admin changes is judged ([`check_changes`]); values already on the server get
//! warnings at most ([`check_stored`]). Values and properties this console does not know are
//! kept and sent back unchanged ([`text_of`], [`value_of`]).
//!
//! Secrets (the Firebase service account and the Play Integrity keys) are write-only. A GET
//! masks them, answers a placeholder or leaves them out, so they are never judged on read;
//! a new value is checked when it is typed and sent.

mod cross_field;
mod docs;
mod form_text;
mod known_values;
mod schema;
mod single_value;
mod table;
#[cfg(test)]
pub(crate) mod test_support;
mod value_sets;

pub use cross_field::{CrossFieldRule, View, CROSS_FIELD_RULES};
pub use docs::{rules_of, rules_table_markdown};
pub use form_text::{
    from_form_text, text_of, to_form_text, unknown_from_text, unknown_to_text, value_of, NULL_TEXT,
};
pub use known_values::{
    is_country_code, APN_CONFIGS, APP_ATTEST_ENVIRONMENTS, AUTH_METHODS, CHARACTER_SETS,
    CONTINENTS, EXTRA_COUNTRY_CODES, HW_KEY_STRATEGIES, ISO_3166_1_ALPHA_2, LOCK_SCOPES, MAXINT,
    MODES, OS_TYPES, RISK_DATA,
};
pub use schema::{Group, Kind, PropertySpec, Provenance, Severity, TextRule};
pub use single_value::{check_value, validate_value, Finding};
pub use table::{chosen_bounds, reference_examples, spec, DOCUMENTED_READ_ONLY, PROPERTIES};
pub use value_sets::{check_changes, check_stored, FieldProblem};
