//! problem+json answers, shaped like the real API's (with a `traceId` on every one).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use mobileid_admin_contract::{InvalidParam, Problem};

/// A fresh 32-hex-digit trace id, as in the reference's samples.
pub fn trace_id() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An error answer of the emulated API (boxed: handlers return it by value in `Err`).
#[derive(Debug)]
pub struct ApiProblem(pub Box<Problem>);

impl ApiProblem {
    pub fn new(status: u16, code: &str, title: &str, detail: impl Into<String>) -> Self {
        ApiProblem(Box::new(Problem {
            title: title.to_string(),
            code: Some(code.to_string()),
            status,
            trace_id: Some(trace_id()),
            detail: Some(detail.into()),
            ..Problem::default()
        }))
    }

    pub fn not_found(what: &str, id: &str) -> Self {
        Self::new(
            404,
            "not_found",
            &format!("{what} not found"),
            format!("No {what} with id {id}."),
        )
    }

    pub fn invalid(params: Vec<InvalidParam>) -> Self {
        let detail = params
            .iter()
            .map(|p| format!("{}: {}", p.name, p.reason))
            .collect::<Vec<_>>()
            .join("; ");
        let mut p = Self::new(400, "invalid_request", "Request validation failed", detail);
        p.0.invalid_params = params;
        p
    }

    pub fn invalid_one(name: &str, reason: impl Into<String>) -> Self {
        Self::invalid(vec![InvalidParam {
            name: name.into(),
            reason: reason.into(),
        }])
    }

    pub fn unauthorized(detail: &str) -> Self {
        Self::new(401, "unauthorized", "Unauthorized", detail)
    }

    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new(500, "internal_error", "Internal server error", detail)
    }
}

impl From<rusqlite::Error> for ApiProblem {
    fn from(e: rusqlite::Error) -> Self {
        ApiProblem::internal(format!("storage: {e}"))
    }
}

impl IntoResponse for ApiProblem {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self.0).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiProblem>;
