//! What the tests of several files here share: the reference's "Get properties" sample,
//! look-ups that name what is missing, one-finding assertions, a Base64 encoder that is not the
//! validator's, and [`any_json`] (from [`crate::test_support`], where the console's tests
//! reach it too).

use super::schema::{PropertySpec, Severity};
use super::single_value::check_value;
use super::table::spec;
use super::value_sets::FieldProblem;
use crate::models::PropertyValues;
use serde_json::{json, Value};

pub(crate) use crate::test_support::any_json;

pub(super) const GET_PROPERTIES: &str = include_str!("../../fixtures/get-properties.response.json");

pub(super) fn values(json: Value) -> PropertyValues {
    match json {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

pub(super) fn parse(text: &str) -> PropertyValues {
    values(serde_json::from_str(text).expect("sample JSON"))
}

pub(super) fn sample() -> PropertyValues {
    parse(GET_PROPERTIES)
}

pub(super) fn s(name: &str) -> &'static PropertySpec {
    spec(name).unwrap_or_else(|| panic!("no spec {name}"))
}

/// The one finding of `value`, as (severity, message).
pub(super) fn only(name: &str, value: Value) -> (Severity, String) {
    match check_value(s(name), &value).as_slice() {
        [one] => (one.severity, one.message.clone()),
        other => panic!("{name} = {value}: expected one finding, got {other:?}"),
    }
}

/// The one finding of a string value, which must be an error: its message.
pub(super) fn error(name: &str, text: &str) -> String {
    let (severity, message) = only(name, json!(text));
    assert_eq!(severity, Severity::Error, "{name} = {text:?}: {message}");
    message
}

/// The one finding of a string value, which must be a warning: its message. A warning
/// always names its source and says who decides.
pub(super) fn warning(name: &str, text: &str) -> String {
    warning_of(name, json!(text))
}

pub(super) fn warning_of(name: &str, value: Value) -> String {
    let (severity, message) = only(name, value.clone());
    assert_eq!(severity, Severity::Warning, "{name} = {value}: {message}");
    let note = s(name).chosen_bounds.expect("a warning has a chosen note");
    assert!(
        message.ends_with(&format!("{note} The server decides.")),
        "{name}: {message}"
    );
    message
}

/// The fields `problems` point at, in order.
pub(super) fn names(problems: &[FieldProblem]) -> Vec<&str> {
    problems.iter().map(|p| p.name.as_str()).collect()
}

pub(super) fn errors(problems: &[FieldProblem]) -> Vec<FieldProblem> {
    problems.iter().filter(|p| p.is_error()).cloned().collect()
}

/// A sample with `changes` applied on top.
pub(super) fn sample_with(changes: Value) -> PropertyValues {
    let mut set = sample();
    set.extend(values(changes));
    set
}

pub(super) fn base64(bytes: &[u8], pad: bool) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
        if pad {
            out.extend(std::iter::repeat_n('=', 3 - chunk.len()));
        }
    }
    out
}
