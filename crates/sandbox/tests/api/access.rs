//! The token and account-id rules every operation applies, and the answer to a body that
//! cannot be read.

use crate::harness::{
    assert_invalid, assert_status, with_body, with_query, Harness, NO_ACCOUNT_USER,
};
use mobileid_admin_contract::models::NewE2eKey;
use mobileid_admin_contract::{account_id, Endpoint, Problem};
use mobileid_sandbox::store::{NEW_ACCOUNT, PRODUCTION_ACCOUNT, SAMPLE_ACCOUNT};

#[tokio::test]
async fn every_operation_applies_the_token_and_account_rules() {
    let h = Harness::start("rules");
    let no_account = h.token_for(NO_ACCOUNT_USER);
    let base = h.api_base();
    let request = |endpoint: Endpoint, token: Option<&str>, query: &str, header: Option<&str>| {
        let mut builder = http::Request::builder()
            .method(endpoint.method())
            .uri(format!("{base}{}{query}", endpoint.path(&["x"])));
        if let Some(token) = token {
            builder = builder.header("Authorization", format!("Bearer {token}"));
        }
        if let Some(account) = header {
            builder = builder.header(account_id::HEADER, account);
        }
        builder.body(Vec::new()).expect("a request")
    };
    let code = |response: &http::Response<Vec<u8>>| {
        let problem: Problem = serde_json::from_slice(response.body()).expect("problem+json");
        (response.status().as_u16(), problem.code.unwrap_or_default())
    };
    assert_eq!(Endpoint::ALL.len(), 28);
    for &endpoint in Endpoint::ALL {
        let op = endpoint.operation_id();
        let r = h.exchange(&request(endpoint, None, "", None)).await;
        assert_eq!(code(&r), (401, "unauthorized".into()), "{op}");
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{op}"
        );
        let r = h
            .exchange(&request(endpoint, Some("not.a.token"), "", None))
            .await;
        assert_eq!(r.status(), 401, "{op}");

        let r = h
            .exchange(&request(endpoint, Some(&no_account), "", None))
            .await;
        assert_eq!(code(&r), (400, "account_id_missing".into()), "{op}");

        let query = format!("?{}={SAMPLE_ACCOUNT}", account_id::QUERY_PARAMETER);
        let r = h
            .exchange(&request(
                endpoint,
                Some(&h.token),
                &query,
                Some(SAMPLE_ACCOUNT),
            ))
            .await;
        assert_eq!(code(&r), (400, "account_id_ambiguous".into()), "{op}");

        let r = h
            .exchange(&request(
                endpoint,
                Some(&h.token),
                "",
                Some("a-sdge-NoSuchAccount"),
            ))
            .await;
        assert_eq!(code(&r), (404, "account_not_found".into()), "{op}");

        if endpoint != Endpoint::AddAccount {
            let r = h
                .exchange(&request(endpoint, Some(&h.token), "", Some(NEW_ACCOUNT)))
                .await;
            assert_eq!(code(&r), (404, "account_not_onboarded".into()), "{op}");
        }
    }
    // The account chosen by header or query is the one served.
    let production = h
        .ok(h
            .api
            .clone()
            .with_account_id(Some(PRODUCTION_ACCOUNT.into()))
            .get_application_configuration())
        .await;
    assert_eq!(production.app_id, PRODUCTION_ACCOUNT);
    let by_query = with_query(
        h.api.get_application_configuration(),
        &format!("{}={PRODUCTION_ACCOUNT}", account_id::QUERY_PARAMETER),
    );
    assert_eq!(h.ok(by_query).await.app_id, PRODUCTION_ACCOUNT);
    // A token without an account works with an explicit one.
    let explicit = h.api.clone().with_account_id(Some(SAMPLE_ACCOUNT.into()));
    let risk = h
        .call_as(explicit.get_risk_indicators(), Some(&no_account))
        .await
        .expect("the header names the account");
    assert!(risk
        .risk_indicators_configuration
        .allowed_nr_of_users_with_same_device_hash
        .is_some());
    h.finish();
}

#[tokio::test]
async fn unreadable_bodies_are_problem_json_400s_naming_the_field() {
    let h = Harness::start("bodies");
    let create = || {
        h.api.create_e2e_key(&NewE2eKey {
            name: "unused".into(),
            description: String::new(),
        })
    };
    for (body, field) in [
        ("", "body"),
        ("  \n", "body"),
        ("{\"name\": ", "body"),
        ("[]", "body"),
        ("{\"name\": 5}", "name"),
        ("{\"name\": \"x\"} trailing", "body"),
    ] {
        let response = h.raw(with_body(create(), body)).await;
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json",
            "{body:?}"
        );
        assert_invalid(create().parse(response), field);
    }
    // The account rule answers first: a bad body for an account not onboarded is a 404.
    let not_onboarded = h.api.clone().with_account_id(Some(NEW_ACCOUNT.into()));
    let call = with_body(
        not_onboarded.update_risk_indicators(2),
        "{\"riskIndicatorsConfiguration\": ",
    );
    assert_status(h.call(call).await, 404, "account_not_onboarded");
    assert!(h.audit("createE2eKey").is_empty());
    h.finish();
}
