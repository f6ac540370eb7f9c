//! A sans-IO client of the Admin API: each method returns a [`Call`] holding the
//! `http::Request` to send; whoever sends it (gloo-net in the browser, a native client in
//! tests) hands the `http::Response` back to [`Call::parse`].

use crate::account_id;
use crate::endpoints::{Endpoint, EndpointMap};
use crate::error::{ApiError, Problem};
use crate::models::*;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderValue, Request, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::marker::PhantomData;

/// Builds requests against one API base for one (optional) explicit account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient {
    base: String,
    account_id: Option<String>,
    endpoints: EndpointMap,
}

/// The answer to a delete: the reference gives no status, so 200 with any body (or none),
/// 202 and 204 all count as done; the body is not read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Deleted;

impl<'de> serde::Deserialize<'de> for Deleted {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Deleted)
    }
}

/// A request ready to send, and how to read its answer.
#[derive(Debug)]
pub struct Call<T> {
    pub endpoint: Endpoint,
    pub request: Request<Vec<u8>>,
    /// Why the request could not be built (e.g. an unusable base URL); such a call must not
    /// be sent: `request` is then an empty placeholder.
    pub invalid: Option<String>,
    answer: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Call<T> {
    /// Reads the answer to this call.
    pub fn parse(&self, response: Response<Vec<u8>>) -> Result<T, ApiError> {
        parse_response(response.status().as_u16(), response.body())
    }

    /// The request with a bearer token added (the token is the transport's business).
    pub fn authorized(mut self, access_token: &str) -> Self {
        if let Ok(value) = HeaderValue::from_str(&format!("Bearer {access_token}")) {
            self.request.headers_mut().insert(AUTHORIZATION, value);
        }
        self
    }
}

/// Reads an answer: 2xx bodies as `T` (an empty body as JSON `null`, so `()` reads a 204),
/// anything else as problem+json.
pub fn parse_response<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, ApiError> {
    if !(200..300).contains(&status) {
        let mut problem = serde_json::from_slice::<Problem>(body).unwrap_or_else(|_| Problem {
            title: http::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Error")
                .to_string(),
            detail: (!body.is_empty())
                .then(|| String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned()),
            ..Problem::default()
        });
        problem.status = status;
        return Err(ApiError::Problem(problem));
    }
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| ApiError::Parse {
        status,
        path: e.path().to_string(),
        message: e.into_inner().to_string(),
    })
}

impl ApiClient {
    /// `base` is the API root, e.g. `https://api.signicat.com/mobileid/admin/`.
    pub fn new(base: &str) -> Self {
        let mut base = base.trim().to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        ApiClient {
            base,
            account_id: None,
            endpoints: EndpointMap::default(),
        }
    }

    /// Routes every call through the deployer's corrections of the endpoint table.
    pub fn with_endpoints(mut self, endpoints: EndpointMap) -> Self {
        self.endpoints = endpoints;
        self
    }

    /// Sends `Signicat-AccountId` with every request; `None` lets the token decide.
    /// The query parameter is never used, so a request never names two accounts.
    pub fn with_account_id(mut self, account_id: Option<String>) -> Self {
        self.account_id = account_id.filter(|a| !a.trim().is_empty());
        self
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }

    fn call<T>(
        &self,
        endpoint: Endpoint,
        params: &[&str],
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
    ) -> Call<T> {
        let mut uri = format!("{}{}", self.base, self.endpoints.path(endpoint, params));
        if !query.is_empty() {
            let mut q = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in query {
                q.append_pair(k, v);
            }
            uri.push('?');
            uri.push_str(&q.finish());
        }
        let mut builder = Request::builder()
            .method(self.endpoints.method(endpoint))
            .uri(uri)
            .header(ACCEPT, "application/json");
        if let Some(account) = &self.account_id {
            builder = builder.header(account_id::HEADER, account.as_str());
        }
        if body.is_some() {
            builder = builder.header(CONTENT_TYPE, "application/json");
        }
        let (request, invalid) = match builder.body(body.unwrap_or_default()) {
            Ok(request) => (request, None),
            // Only an unusable base URL gets here: never send the placeholder.
            Err(e) => (Request::new(Vec::new()), Some(e.to_string())),
        };
        Call {
            endpoint,
            request,
            invalid,
            answer: PhantomData,
        }
    }

    fn json<B: Serialize>(body: &B) -> Option<Vec<u8>> {
        Some(serde_json::to_vec(body).expect("models serialize"))
    }

    // ------------------------------------------------------------ accounts

    pub fn get_account(&self, statistics: bool) -> Call<Account> {
        self.call(
            Endpoint::GetAccount,
            &[],
            &[("statistics", statistics.to_string())],
            None,
        )
    }

    pub fn add_account(&self, onboarding_type: Option<&str>) -> Call<Account> {
        let query: Vec<_> = onboarding_type
            .filter(|t| !t.is_empty())
            .map(|t| ("onboardingType", t.to_string()))
            .into_iter()
            .collect();
        self.call(Endpoint::AddAccount, &[], &query, None)
    }

    pub fn update_account(&self, state: EnabledState) -> Call<AccountStateUpdated> {
        self.call(
            Endpoint::UpdateAccount,
            &[],
            &[],
            Self::json(&AccountStateUpdate { state }),
        )
    }

    // ------------------------------------------------------------ APNs tokens

    pub fn list_apns_tokens(&self) -> Call<ApnsTokenList> {
        self.call(Endpoint::ListApnsTokens, &[], &[], None)
    }

    pub fn add_apns_token(&self, token: &NewApnsToken) -> Call<ApnsToken> {
        self.call(Endpoint::AddApnsToken, &[], &[], Self::json(token))
    }

    pub fn get_apns_token(&self, id: &str) -> Call<ApnsToken> {
        self.call(Endpoint::GetApnsToken, &[id], &[], None)
    }

    pub fn delete_apns_token(&self, id: &str) -> Call<Deleted> {
        self.call(Endpoint::DeleteApnsToken, &[id], &[], None)
    }

    // ------------------------------------------------------------ application configuration

    pub fn get_application_configuration(&self) -> Call<ApplicationConfiguration> {
        self.call(Endpoint::GetApplicationConfiguration, &[], &[], None)
    }

    pub fn get_configuration_state(&self) -> Call<ConfigurationState> {
        self.call(Endpoint::GetConfigurationState, &[], &[], None)
    }

    pub fn update_configuration_state(&self, state: EnabledState) -> Call<ConfigurationState> {
        let body = Self::json(&ConfigurationState { state });
        self.call(Endpoint::UpdateConfigurationState, &[], &[], body)
    }

    pub fn get_apns_uuid(&self) -> Call<ApnsUuid> {
        self.call(Endpoint::GetApnsUuid, &[], &[], None)
    }

    pub fn update_apns_uuid(&self, apns_uuid: &str) -> Call<ApnsUuid> {
        let body = Self::json(&ApnsUuid {
            apns_uuid: apns_uuid.to_string(),
        });
        self.call(Endpoint::UpdateApnsUuid, &[], &[], body)
    }

    pub fn get_properties(&self) -> Call<PropertyValues> {
        self.call(Endpoint::GetProperties, &[], &[], None)
    }

    /// Sends only the given properties; the answer holds all of them.
    pub fn update_properties(&self, changed: &PropertyValues) -> Call<PropertyValues> {
        self.call(Endpoint::UpdateProperties, &[], &[], Self::json(changed))
    }

    // ------------------------------------------------------------ signing certificates

    pub fn list_signing_certificates(
        &self,
        state: Option<CertificateState>,
    ) -> Call<SigningCertificateList> {
        let query: Vec<_> = state
            .map(|s| ("state", s.to_string()))
            .into_iter()
            .collect();
        self.call(Endpoint::ListSigningCertificates, &[], &query, None)
    }

    // ------------------------------------------------------------ E2E keys

    pub fn list_e2e_keys(&self, state: Option<EnabledState>) -> Call<E2eKeyList> {
        let query: Vec<_> = state
            .map(|s| ("state", s.to_string()))
            .into_iter()
            .collect();
        self.call(Endpoint::ListE2eKeys, &[], &query, None)
    }

    pub fn create_e2e_key(&self, key: &NewE2eKey) -> Call<E2eKey> {
        self.call(Endpoint::CreateE2eKey, &[], &[], Self::json(key))
    }

    pub fn get_e2e_key(&self, id: &str) -> Call<E2eKey> {
        self.call(Endpoint::GetE2eKey, &[id], &[], None)
    }

    pub fn update_e2e_key_state(&self, id: &str, state: EnabledState) -> Call<E2eKeyState> {
        self.call(
            Endpoint::UpdateE2eKeyState,
            &[id],
            &[],
            Self::json(&E2eKeyState { state }),
        )
    }

    pub fn delete_e2e_key(&self, id: &str) -> Call<Deleted> {
        self.call(Endpoint::DeleteE2eKey, &[id], &[], None)
    }

    // ------------------------------------------------------------ risk

    pub fn get_risk_indicators(&self) -> Call<RiskIndicators> {
        self.call(Endpoint::GetRiskIndicators, &[], &[], None)
    }

    /// Sets `allowedNrOfUsersWithSameDeviceHash` (and nothing else).
    pub fn update_risk_indicators(&self, allowed_users_per_hash: u64) -> Call<RiskIndicators> {
        self.set_risk_indicators(Some(allowed_users_per_hash), &Extra::new())
    }

    /// Sets `allowedNrOfUsersWithSameDeviceHash` (`Some`) or removes it (`None`, sent as JSON
    /// `null`: the console's reading of the reference's cut sentence "To delete an existing
    /// property, supply value |"). `extra` is the risk-indicator properties this console does
    /// not know, as the GET gave them: they are sent back unchanged.
    pub fn set_risk_indicators(
        &self,
        allowed_users_per_hash: Option<u64>,
        extra: &Extra,
    ) -> Call<RiskIndicators> {
        let body = RiskIndicatorsUpdate {
            risk_indicators_configuration: RiskIndicatorsConfigurationUpdate {
                allowed_nr_of_users_with_same_device_hash: Some(
                    allowed_users_per_hash.map(crate::lenient::NumberString),
                ),
                extra: extra.clone(),
            },
        };
        self.call(Endpoint::UpdateRiskIndicators, &[], &[], Self::json(&body))
    }

    pub fn lock_devices(&self, device_hash: &str) -> Call<LockedDevices> {
        let body = Self::json(&LockDevicesRequest {
            device_hash: device_hash.to_string(),
        });
        self.call(Endpoint::LockDevices, &[], &[], body)
    }

    // ------------------------------------------------------------ statistics

    pub fn statistics_by_days(&self, nr_of_days: u32) -> Call<UsageStatistics> {
        self.call(
            Endpoint::StatisticsByDays,
            &[],
            &[("nrOfDays", nr_of_days.to_string())],
            None,
        )
    }

    /// Dates as `YYYY-MM-DD`.
    pub fn statistics_by_date_range(&self, from: &str, to: &str) -> Call<UsageStatistics> {
        let query = [("fromDate", from.to_string()), ("toDate", to.to_string())];
        self.call(Endpoint::StatisticsByDateRange, &[], &query, None)
    }

    pub fn detailed_device_statistics(
        &self,
        kind: DeviceStatisticsType,
        platform: Option<Platform>,
    ) -> Call<DetailedDeviceStatistics> {
        let mut query = vec![("type", kind.to_string())];
        if let Some(p) = platform {
            query.push(("platform", p.to_string()));
        }
        self.call(Endpoint::DetailedDeviceStatistics, &[], &query, None)
    }

    pub fn suspicious_device_hashes(
        &self,
        allowed_users_per_hash: Option<u64>,
        detailed: bool,
    ) -> Call<SuspiciousDeviceHashes> {
        let mut query = vec![("detailed", detailed.to_string())];
        if let Some(n) = allowed_users_per_hash {
            query.push(("allowedNrOfUsersWithSameDeviceHash", n.to_string()));
        }
        self.call(Endpoint::SuspiciousDeviceHashes, &[], &query, None)
    }

    pub fn devices_by_hash(&self, device_hash: &str) -> Call<DevicesByHash> {
        let query = [("deviceHash", device_hash.to_string())];
        self.call(Endpoint::DevicesByHash, &[], &query, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_carry_method_path_query_and_the_account_header_never_the_query() {
        let client = ApiClient::new("https://api.example.test/mobileid/admin")
            .with_account_id(Some("a-sdge-x".into()));
        let call = client.get_account(false);
        assert_eq!(call.request.method(), http::Method::GET);
        assert_eq!(
            call.request.uri().to_string(),
            "https://api.example.test/mobileid/admin/accounts?statistics=false"
        );
        assert_eq!(call.request.headers()[account_id::HEADER], "a-sdge-x");
        assert!(!call
            .request
            .uri()
            .to_string()
            .contains(account_id::QUERY_PARAMETER));
        let none = ApiClient::new("http://x/").with_account_id(Some("  ".into()));
        assert!(none
            .get_account(true)
            .request
            .headers()
            .get(account_id::HEADER)
            .is_none());
    }

    #[test]
    fn bodies_are_json() {
        let call = ApiClient::new("http://x/").update_account(EnabledState::Disabled);
        assert_eq!(call.request.method(), http::Method::PATCH);
        assert_eq!(call.request.body(), br#"{"state":"DISABLED"}"#);
        assert_eq!(call.request.headers()[CONTENT_TYPE], "application/json");
        let authed = call.authorized("tok");
        assert_eq!(authed.request.headers()[AUTHORIZATION], "Bearer tok");
    }

    #[test]
    fn risk_settings_are_set_removed_with_null_and_unknown_properties_go_back() {
        let client = ApiClient::new("http://x/");
        let removal = client.set_risk_indicators(None, &Extra::new());
        assert_eq!(removal.endpoint, Endpoint::UpdateRiskIndicators);
        assert_eq!(
            std::str::from_utf8(removal.request.body()).unwrap(),
            r#"{"riskIndicatorsConfiguration":{"allowedNrOfUsersWithSameDeviceHash":null}}"#
        );
        assert_eq!(removal.request.headers()[CONTENT_TYPE], "application/json");
        assert_eq!(
            std::str::from_utf8(client.update_risk_indicators(3).request.body()).unwrap(),
            r#"{"riskIndicatorsConfiguration":{"allowedNrOfUsersWithSameDeviceHash":"3"}}"#
        );
        let mut extra = Extra::new();
        extra.insert("futureSetting".into(), serde_json::json!({"a": [1, "b"]}));
        let body: serde_json::Value =
            serde_json::from_slice(client.set_risk_indicators(Some(4), &extra).request.body())
                .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"riskIndicatorsConfiguration": {
                "allowedNrOfUsersWithSameDeviceHash": "4",
                "futureSetting": {"a": [1, "b"]}
            }})
        );
        // An answer without the setting reads as "not set".
        let answer =
            parse_response::<RiskIndicators>(200, br#"{"riskIndicatorsConfiguration":{}}"#)
                .unwrap();
        assert_eq!(
            answer
                .risk_indicators_configuration
                .allowed_nr_of_users_with_same_device_hash,
            None
        );
    }

    #[test]
    fn problems_parse_errors_and_empty_bodies() {
        let call = ApiClient::new("http://x/").delete_e2e_key("k");
        let ok = Response::builder().status(204).body(Vec::new()).unwrap();
        assert_eq!(call.parse(ok), Ok(Deleted));
        for (status, body) in [
            (200, &br#"{"deleted":true}"#[..]),
            (200, b""),
            (202, b"null"),
        ] {
            let answer = Response::builder()
                .status(status)
                .body(body.to_vec())
                .unwrap();
            assert_eq!(call.parse(answer), Ok(Deleted), "{status}");
        }

        let body = br#"{"title":"Nope","code":"account_id_missing","status":400,"traceId":"t1","invalidParams":[{"name":"state","reason":"bad"}]}"#;
        let err = parse_response::<Account>(400, body).unwrap_err();
        let p = err.problem().unwrap();
        assert_eq!((p.status, p.trace_id.as_deref()), (400, Some("t1")));
        assert_eq!(p.invalid_params[0].name, "state");

        let err = parse_response::<Account>(502, b"<html>bad gateway</html>").unwrap_err();
        assert_eq!(err.problem().unwrap().title, "Bad Gateway");

        // A value the reference does not list is kept, not refused, and sent back as it came.
        let account =
            parse_response::<Account>(200, br#"{"id":"a","type":"STAGING","state":"ON"}"#).unwrap();
        assert_eq!(account.state.as_str(), "ON");
        assert!(!account.account_type.is_known());
        assert_eq!(
            serde_json::to_value(&account).unwrap()["type"],
            serde_json::json!("STAGING")
        );
        let err = parse_response::<Account>(200, br#"{"id":"a","type":"SANDBOX","state":7}"#)
            .unwrap_err();
        match err {
            ApiError::Parse { path, .. } => assert_eq!(path, "state"),
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    #[test]
    fn a_request_that_cannot_be_built_says_so() {
        let call = ApiClient::new("ht tp://bad base/").get_account(false);
        assert!(call.invalid.is_some());
        let fine = ApiClient::new("https://api.example.com/").get_account(false);
        assert_eq!(fine.invalid, None);
    }
}
