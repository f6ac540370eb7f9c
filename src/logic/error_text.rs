//! What an admin reads of an API error, in a banner or in a toast: one source for both, so a
//! failure reads the same wherever it shows.

use mobileid_admin_contract::ApiError;

/// An API error in words: what failed, why, and what to quote when reporting it.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorText {
    pub title: String,
    /// The HTTP status, when the API answered.
    pub status: Option<u16>,
    pub detail: Option<String>,
    /// The fields the API named (`invalidParams`), as `name: reason`.
    pub params: Vec<String>,
    pub trace_id: Option<String>,
}

impl ErrorText {
    pub fn of(error: &ApiError) -> ErrorText {
        match error {
            ApiError::Problem(p) => ErrorText {
                title: p.title.clone(),
                status: Some(p.status),
                detail: p.detail.clone(),
                params: p
                    .invalid_params
                    .iter()
                    .map(|i| format!("{}: {}", i.name, i.reason))
                    .collect(),
                trace_id: p.trace_id.clone(),
            },
            ApiError::Network(message) => ErrorText {
                title: "The API could not be reached".to_string(),
                status: None,
                detail: Some(plain_network_error(message)),
                params: Vec::new(),
                trace_id: None,
            },
            ApiError::Parse { .. } => ErrorText {
                title: "Unexpected answer from the API".to_string(),
                status: None,
                detail: Some(error.to_string()),
                params: Vec::new(),
                trace_id: None,
            },
        }
    }

    /// The banner's heading: the title, and the HTTP status when there is one.
    pub fn heading(&self) -> String {
        match self.status {
            Some(status) => format!("{} (HTTP {status})", self.title),
            None => self.title.clone(),
        }
    }

    /// One line, for a toast: title, detail and trace id.
    pub fn line(&self) -> String {
        let mut text = self.title.clone();
        if let Some(detail) = &self.detail {
            text.push_str(": ");
            text.push_str(detail);
        }
        if let Some(trace) = &self.trace_id {
            text.push_str(&format!(" (trace ID {trace})"));
        }
        text
    }
}

/// The API's reason for one request field (`invalidParams`), if it gave one.
pub fn invalid_param(error: &Option<ApiError>, name: &str) -> Option<String> {
    error
        .as_ref()?
        .problem()?
        .invalid_params
        .iter()
        .find_map(|p| {
            (p.name == name || p.name.ends_with(&format!(".{name}"))).then(|| p.reason.clone())
        })
}

/// An API error in one line, for a toast.
pub fn describe(error: &ApiError) -> String {
    ErrorText::of(error).line()
}

/// What a browser's network failure means for the admin ("TypeError: Failed to fetch" says
/// nothing): no answer came, so nothing was changed by this request.
pub fn plain_network_error(message: &str) -> String {
    if message.contains("Failed to fetch") || message.contains("NetworkError") {
        "No answer: the network, a proxy or the API's CORS settings stopped the request. \
         Nothing was changed; check the connection and try again."
            .to_string()
    } else {
        message.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mobileid_admin_contract::Problem;

    fn problem() -> ApiError {
        let mut p = Problem {
            title: "Invalid request".into(),
            status: 400,
            detail: Some("One field is wrong".into()),
            trace_id: Some("4bf239c0".into()),
            ..Problem::default()
        };
        p.invalid_params = serde_json::from_value(serde_json::json!([
            {"name": "name", "reason": "must not be blank"}
        ]))
        .unwrap();
        ApiError::Problem(p)
    }

    #[test]
    fn a_problem_reads_the_same_in_a_banner_and_in_a_toast() {
        let text = ErrorText::of(&problem());
        assert_eq!(text.heading(), "Invalid request (HTTP 400)");
        assert_eq!(text.params, ["name: must not be blank"]);
        assert_eq!(
            describe(&problem()),
            "Invalid request: One field is wrong (trace ID 4bf239c0)"
        );
    }

    #[test]
    fn a_fields_reason_is_found_by_its_name_or_its_path() {
        let error = Some(problem());
        assert_eq!(
            invalid_param(&error, "name").as_deref(),
            Some("must not be blank")
        );
        let mut nested = problem();
        if let ApiError::Problem(p) = &mut nested {
            p.invalid_params[0].name = "riskIndicatorsConfiguration.name".into();
        }
        assert_eq!(
            invalid_param(&Some(nested), "name").as_deref(),
            Some("must not be blank")
        );
        assert_eq!(invalid_param(&error, "description"), None);
        assert_eq!(invalid_param(&None, "name"), None);
    }

    #[test]
    fn a_failed_fetch_says_that_nothing_was_changed() {
        let error = ApiError::Network("TypeError: Failed to fetch".into());
        let line = describe(&error);
        assert!(
            line.starts_with("The API could not be reached: No answer"),
            "{line}"
        );
        assert!(line.contains("Nothing was changed"), "{line}");
        assert_eq!(
            ErrorText::of(&error).heading(),
            "The API could not be reached"
        );
        assert_eq!(
            plain_network_error("timeout after 30 s"),
            "timeout after 30 s",
            "other messages are kept"
        );
    }
}
