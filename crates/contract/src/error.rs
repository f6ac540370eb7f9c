//! Errors of the Admin API as the console and the tests see them.

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// An RFC 7807 problem+json body, as the Admin API answers every error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// A URI reference naming the problem type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub problem_type: Option<String>,
    #[serde(default)]
    pub title: String,
    /// A machine-readable code, e.g. `account_id_missing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The HTTP status.
    #[serde(default)]
    pub status: u16,
    /// Quote it to Signicat support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Each rejected parameter, body field or property, with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
}

/// One rejected parameter, body field or property.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct InvalidParam {
    /// The API name of the parameter, body field or property.
    pub name: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.title, self.status)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        if let Some(trace) = &self.trace_id {
            write!(f, " [traceId {trace}]")?;
        }
        Ok(())
    }
}

/// Everything a call to the Admin API can end in, other than success.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ApiError {
    /// The API answered with an error status (usually with problem+json).
    #[error("{0}")]
    Problem(Problem),
    /// The request did not get an answer (offline, DNS, CORS, connection refused…).
    #[error("The API could not be reached: {0}")]
    Network(String),
    /// The API answered, but not in the shape this console knows.
    #[error("Unexpected response (HTTP {status}) at `{path}`: {message}")]
    Parse {
        status: u16,
        path: String,
        message: String,
    },
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Problem(p) => Some(p.status),
            ApiError::Parse { status, .. } => Some(*status),
            ApiError::Network(_) => None,
        }
    }

    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ApiError::Problem(p) => Some(p),
            _ => None,
        }
    }

    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }
}
