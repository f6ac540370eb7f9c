//! Which account a request is for.
//!
//! The reference: the account id comes from the access token (machine clients configured on an
//! account), from the query parameter `signicat-accountid`, or from the header
//! `Signicat-AccountId`; "a request will be rejected if more than one account ID is specified".
//!
//! Assumption (the reference does not settle it): a person's token names a default account,
//! and an explicit query or header id chooses another account of the organisation; only the two
//! explicit ways together count as "more than one". The console therefore sends the header and
//! never the query parameter.

use crate::error::Problem;

pub const QUERY_PARAMETER: &str = "signicat-accountid";
pub const HEADER: &str = "Signicat-AccountId";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountIdSource {
    Token,
    Query,
    Header,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountIdError {
    Missing,
    MoreThanOne,
}

/// Resolves the account id of a request, or the reason it is rejected.
pub fn resolve_account_id<'a>(
    token: Option<&'a str>,
    query: Option<&'a str>,
    header: Option<&'a str>,
) -> Result<(&'a str, AccountIdSource), AccountIdError> {
    let present = |v: Option<&'a str>| v.map(str::trim).filter(|v| !v.is_empty());
    match (present(query), present(header)) {
        (Some(_), Some(_)) => Err(AccountIdError::MoreThanOne),
        (Some(q), None) => Ok((q, AccountIdSource::Query)),
        (None, Some(h)) => Ok((h, AccountIdSource::Header)),
        (None, None) => present(token)
            .map(|t| (t, AccountIdSource::Token))
            .ok_or(AccountIdError::Missing),
    }
}

const RULE_DETAIL: &str = "An Account ID must be specified for this request. An AccountID can be specified in three ways. 1) For machine clients configured on an Account, the provided access token will specify the account ID. 2) Account ID can be provided as a query parameter `signicat-accountId=<accountId>`. 3) Account ID can be provided as a HTTP Header `Signicat-AccountId: <accountId>`. A request will be rejected if more than one account ID is specified.";

impl AccountIdError {
    /// The 400 problem the API answers with (the reference's "Account ID missing" sample).
    pub fn problem(&self, trace_id: String) -> Problem {
        let (title, code) = match self {
            AccountIdError::Missing => (
                "An Account ID must be specified for this request",
                "account_id_missing",
            ),
            AccountIdError::MoreThanOne => (
                "Only one Account ID may be specified for this request",
                "account_id_ambiguous",
            ),
        };
        Problem {
            title: title.into(),
            code: Some(code.into()),
            status: 400,
            trace_id: Some(trace_id),
            detail: Some(RULE_DETAIL.into()),
            ..Problem::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AccountIdSource::*;

    #[test]
    fn the_token_is_the_default() {
        assert_eq!(
            resolve_account_id(Some("a-1"), None, None),
            Ok(("a-1", Token))
        );
    }

    #[test]
    fn one_explicit_id_chooses_the_account() {
        assert_eq!(
            resolve_account_id(Some("a-1"), Some("a-2"), None),
            Ok(("a-2", Query))
        );
        assert_eq!(
            resolve_account_id(Some("a-1"), None, Some("a-3")),
            Ok(("a-3", Header))
        );
        assert_eq!(
            resolve_account_id(None, None, Some("a-3")),
            Ok(("a-3", Header))
        );
    }

    #[test]
    fn query_and_header_together_are_rejected_even_when_equal() {
        assert_eq!(
            resolve_account_id(Some("a-1"), Some("a-2"), Some("a-2")),
            Err(AccountIdError::MoreThanOne)
        );
    }

    #[test]
    fn nothing_resolvable_is_missing_and_blank_counts_as_absent() {
        assert_eq!(
            resolve_account_id(None, None, None),
            Err(AccountIdError::Missing)
        );
        assert_eq!(
            resolve_account_id(Some(" "), Some(""), None),
            Err(AccountIdError::Missing)
        );
        let p = AccountIdError::Missing.problem("t".into());
        assert_eq!(
            (p.status, p.code.as_deref()),
            (400, Some("account_id_missing"))
        );
    }
}
