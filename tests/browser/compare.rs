//! Compare accounts and promote, in a real browser against the sandbox: the sample (sandbox)
//! account against its production counterpart; chosen rows promoted after a review and a typed
//! confirmation; the target read back through the API; the record; a change on the target
//! since the comparison; a plan exported by one admin and applied by another; a comparison
//! replaced while its read waits.

use mobileid_admin_contract::models::PropertyValues;
use mobileid_admin_contract::{ApiClient, Call};
use mobileid_e2e::mobileid_sandbox::oauth::DemoUser;
use mobileid_e2e::mobileid_sandbox::seed::{
    sample_properties, PRODUCTION_COPY_ACCOUNT_ID, PRODUCTION_COPY_ACCOUNT_NAME,
    PRODUCTION_COPY_RISK_ALLOWED_USERS,
};
use mobileid_e2e::mobileid_sandbox::store::{SAMPLE_ACCOUNT, SAMPLE_ORGANISATION};
use mobileid_e2e::mobileid_sandbox::{ScriptedFault, DEFAULT_SCOPE};
use mobileid_e2e::{sandbox_config, Harness};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// A call to the sandbox's API as the demo admin, expecting success: what the API says, not
/// what the store holds.
async fn api<T: DeserializeOwned>(h: &Harness, call: Call<T>) -> T {
    let state = &h.sandbox.state;
    let user = state.config.oauth.users[0].clone();
    let token = state
        .auth
        .issue_access_token(&user, &state.config.oauth.client_id, DEFAULT_SCOPE);
    let call = call.authorized(&token);
    let request = &call.request;
    let response = reqwest::Client::new()
        .request(request.method().clone(), request.uri().to_string())
        .headers(request.headers().clone())
        .body(request.body().clone())
        .send()
        .await
        .expect("the sandbox answers");
    let status = response.status();
    let body = response.bytes().await.expect("a body").to_vec();
    let answer = http::Response::builder()
        .status(status)
        .body(body)
        .expect("a response");
    call.parse(answer)
        .unwrap_or_else(|e| panic!("{} failed: {e}", call.endpoint.operation_id()))
}

fn target_api(h: &Harness) -> ApiClient {
    ApiClient::new(&h.sandbox.api_base()).with_account_id(Some(PRODUCTION_COPY_ACCOUNT_ID.into()))
}

/// Everything the compare screen compares of the target, read through the API.
async fn target_state(h: &Harness) -> (PropertyValues, Option<u64>, String, String) {
    let client = target_api(h);
    let properties = api(h, client.get_properties()).await;
    let risk = api(h, client.get_risk_indicators())
        .await
        .risk_indicators_configuration
        .allowed_nr_of_users_with_same_device_hash
        .map(|n| n.0);
    let apns = api(h, client.get_apns_uuid()).await.apns_uuid;
    let state = api(h, client.get_configuration_state())
        .await
        .state
        .to_string();
    (properties, risk, apns, state)
}

fn property_updates(h: &Harness) -> Vec<Value> {
    h.sandbox.state.store.audit("updateProperties").unwrap()
}

fn row(item: &str) -> String {
    format!("#compare-table tr[data-item='{item}']")
}

fn checkbox(item: &str) -> String {
    format!("{} input[type=checkbox]", row(item))
}

async fn displayed(h: &Harness, css: &str) -> bool {
    h.find(css).await.is_displayed().await.unwrap_or(false)
}

async fn disabled(h: &Harness, css: &str) -> bool {
    h.attr(css, "disabled").await.is_some()
}

/// Signed in, on the compare screen, with the sample account against its production
/// counterpart (the defaults: the sign-in's account and the first known production account).
async fn compare_screen(h: &Harness) {
    h.click("#nav-compare").await;
    h.find("#compare-table").await;
    h.wait_for_text("#compare-result-title", PRODUCTION_COPY_ACCOUNT_NAME)
        .await;
    assert_eq!(h.value("#compare-source").await, SAMPLE_ACCOUNT);
    assert_eq!(h.value("#compare-target").await, PRODUCTION_COPY_ACCOUNT_ID);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_properties_and_the_risk_setting_are_promoted_and_recorded() {
    let h = Harness::start(sandbox_config("compare-promote")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    let (before, risk_before, apns_before, state_before) = target_state(&h).await;
    assert_eq!(risk_before, Some(PRODUCTION_COPY_RISK_ALLOWED_USERS));
    compare_screen(&h).await;

    // The known accounts (config.json's) are offered; the ones used are remembered in the tab.
    let offered = h
        .attr(
            &format!("#compare-known-accounts option[value='{PRODUCTION_COPY_ACCOUNT_ID}']"),
            "label",
        )
        .await
        .unwrap_or_default();
    assert_eq!(
        offered,
        format!("{PRODUCTION_COPY_ACCOUNT_NAME} (production)")
    );
    let storage = h.storage_dump().await;
    assert!(
        storage
            .lines()
            .any(|l| l.contains(".knownAccounts=") && l.contains(PRODUCTION_COPY_ACCOUNT_ID)),
        "{storage}"
    );

    // Differing rows show, equal ones are folded; what usually differs is flagged; a secret
    // shows only whether it is set and cannot be selected.
    h.wait_for_text(&row("property-sessionExpiry"), "300000")
        .await;
    assert!(h
        .text(&row("property-sessionExpiry"))
        .await
        .contains("120000"));
    let env = h
        .wait_for_text(
            &row("property-attestationIosAppAttestEnvironment"),
            "usually differs",
        )
        .await;
    assert!(
        env.contains("DEVELOPMENT") && env.contains("PRODUCTION"),
        "{env}"
    );
    let secret = h
        .wait_for_text(&row("property-firebaseServiceAccount"), "not shown")
        .await;
    assert!(
        secret.contains("set") && secret.contains("write-only"),
        "{secret}"
    );
    assert!(disabled(&h, &checkbox("property-firebaseServiceAccount")).await);
    assert!(
        !displayed(&h, &row("property-pinCodeLength")).await,
        "equal rows are folded"
    );
    h.click("#compare-show-equal").await;
    assert!(displayed(&h, &row("property-pinCodeLength")).await);
    h.click("#compare-show-equal").await;

    // Filter by group and by text.
    h.set_value("#compare-group", "Sessions").await;
    assert!(displayed(&h, &row("property-sessionExpiry")).await);
    assert!(!displayed(&h, &row("property-amountFailuresAllowed")).await);
    h.set_value("#compare-group", "").await;
    h.fill("#compare-filter", "failures").await;
    assert!(displayed(&h, &row("property-amountFailuresAllowed")).await);
    assert!(!displayed(&h, &row("property-sessionExpiry")).await);
    h.fill("#compare-filter", "").await;

    // "All differing, except flagged" leaves out what usually differs and what cannot be copied.
    h.click("#compare-select-differing").await;
    let selected: Value = h
        .eval(
            "return [...document.querySelectorAll('#compare-table input[type=checkbox]:checked')]
                .map(e => e.value);",
        )
        .await;
    let selected: Vec<String> = serde_json::from_value(selected).unwrap();
    assert!(
        selected.contains(&"property-sessionExpiry".to_string()),
        "{selected:?}"
    );
    for left_out in [
        "property-attestationIosAppAttestEnvironment",
        "property-apnConfig",
        "property-firebaseServiceAccount",
    ] {
        assert!(!selected.contains(&left_out.to_string()), "{left_out}");
    }
    h.click("#compare-select-none").await;

    // Three differing properties and the risk setting.
    for item in [
        "property-sessionExpiry",
        "property-amountFailuresAllowed",
        "property-geofencingActivationMode",
        "riskIndicators",
    ] {
        h.click(&checkbox(item)).await;
    }
    h.wait_for_text("#compare-summary", "4 selected").await;
    h.click("#promote-open").await;

    // The review: the target's values now and the new ones; production wants its name typed.
    let diff = h.wait_for_text("#promote-diff", "sessionExpiry").await;
    for expected in [
        "120000",
        "300000",
        "amountFailuresAllowed",
        "REQUIRED",
        "OFF",
    ] {
        assert!(diff.contains(expected), "{expected}: {diff}");
    }
    let rows = h
        .eval("return document.querySelectorAll('#promote-diff tbody tr').length;")
        .await;
    assert_eq!(rows, json!(4));
    assert!(!h.exists("#promote-errors").await);
    assert!(
        disabled(&h, "#promote-confirm").await,
        "not before the name is typed"
    );
    h.fill("#promote-typed", "Sample App Prod").await;
    assert!(disabled(&h, "#promote-confirm").await);
    h.fill("#promote-typed", PRODUCTION_COPY_ACCOUNT_NAME).await;
    assert!(!disabled(&h, "#promote-confirm").await);
    h.click("#promote-confirm").await;
    h.wait_for_text("#record-result", "4 changes applied").await;

    // The target holds them, and nothing else changed (read back through the API).
    let (after, risk_after, apns_after, state_after) = target_state(&h).await;
    let sample = sample_properties();
    let promoted = [
        "sessionExpiry",
        "amountFailuresAllowed",
        "geofencingActivationMode",
    ];
    for name in promoted {
        assert_eq!(after.get(name), sample.get(name), "{name} promoted");
        assert_ne!(after.get(name), before.get(name), "{name} changed");
    }
    for (name, value) in &before {
        if !promoted.contains(&name.as_str()) {
            assert_eq!(after.get(name), Some(value), "{name} is as it was");
        }
    }
    assert_eq!(after.len(), before.len());
    assert_eq!(risk_after, Some(1));
    assert_eq!((apns_after, state_after), (apns_before, state_before));
    // One PATCH with exactly the three properties.
    assert_eq!(
        property_updates(&h),
        vec![json!({
            "sessionExpiry": "300000",
            "amountFailuresAllowed": "3",
            "geofencingActivationMode": "OFF"
        })]
    );

    // The record lists exactly those changes, with who, when and the API's answers.
    h.capture_downloads().await;
    h.click("#download-record-json").await;
    let (name, text) = h.downloads(1).await.remove(0);
    assert!(
        name.starts_with(&format!("mobileid-promotion-{PRODUCTION_COPY_ACCOUNT_ID}")),
        "{name}"
    );
    let record: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(record["format"], "mobileid-promotion-record/1");
    assert_eq!(record["complete"], true);
    assert_eq!(record["appliedBy"], "Demo Admin");
    assert!(record["appliedAt"].as_str().unwrap().starts_with("20"));
    assert_eq!(record["source"]["id"], SAMPLE_ACCOUNT);
    assert_eq!(record["target"]["id"], PRODUCTION_COPY_ACCOUNT_ID);
    assert_eq!(record["target"]["production"], true);
    let changes: Vec<(String, Value, Value, String)> = record["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                serde_json::to_string(&c["item"]).unwrap(),
                c["before"].clone(),
                c["after"].clone(),
                c["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            (
                r#"{"property":"sessionExpiry"}"#.to_string(),
                json!("120000"),
                json!("300000"),
                "applied".to_string()
            ),
            (
                r#"{"property":"geofencingActivationMode"}"#.to_string(),
                json!("REQUIRED"),
                json!("OFF"),
                "applied".to_string()
            ),
            (
                r#"{"property":"amountFailuresAllowed"}"#.to_string(),
                json!("5"),
                json!("3"),
                "applied".to_string()
            ),
            (
                r#""riskIndicators""#.to_string(),
                json!("3"),
                json!("1"),
                "applied".to_string()
            ),
        ]
    );
    let operations: Vec<&str> = record["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["operation"].as_str().unwrap())
        .collect();
    assert_eq!(operations, ["updateProperties", "updateRiskIndicators"]);
    assert_eq!(
        record["operations"][0]["answer"]["sessionExpiry"], "300000",
        "the API's answer"
    );
    h.click("#download-record-summary").await;
    let (name, summary) = h.downloads(2).await.remove(1);
    assert!(name.ends_with(".txt"), "{name}");
    for expected in [
        "Applied by:  Demo Admin",
        "Session expiry (sessionExpiry): 120000 -> 300000  [applied]",
        "(allowedNrOfUsersWithSameDeviceHash): 3 -> 1  [applied]",
        "- updateProperties: applied",
    ] {
        assert!(summary.contains(expected), "{expected}\n{summary}");
    }

    // The comparison now shows the promoted rows as equal.
    h.wait_for_text("#compare-summary", "0 selected").await;
    assert!(!displayed(&h, &row("property-sessionExpiry")).await);
    assert!(displayed(&h, &row("property-attestationIosAppAttestEnvironment")).await);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_on_the_target_stops_the_promotion_and_a_plan_is_applied_by_another_admin() {
    let mut config = sandbox_config("compare-conflict");
    config.oauth.users.push(DemoUser {
        username: "reviewer".into(),
        password: "second-pair-of-eyes".into(),
        display_name: "Rita Reviewer".into(),
        organisation_id: SAMPLE_ORGANISATION.into(),
        account_id: Some(SAMPLE_ACCOUNT.into()),
    });
    let h = Harness::start(config).await;
    let store = h.sandbox.state.store.clone();
    let set_target = |name: &str, value: &str| {
        store
            .update_configuration(PRODUCTION_COPY_ACCOUNT_ID, |c| {
                c.properties.insert(name.into(), json!(value));
                Ok::<_, ()>(())
            })
            .unwrap()
            .unwrap()
            .unwrap();
    };
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    compare_screen(&h).await;

    // Changed after the comparison, before the review: the review reads the target again.
    h.click(&checkbox("property-sessionExpiry")).await;
    h.click(&checkbox("property-amountFailuresAllowed")).await;
    set_target("sessionExpiry", "90000");
    h.click("#promote-open").await;
    let conflict = h
        .wait_for_text(
            "#promote-conflicts tr[data-item='property-sessionExpiry']",
            "90000",
        )
        .await;
    assert!(
        conflict.contains("120000") && conflict.contains("yes"),
        "{conflict}"
    );
    assert!(!h.exists("#promote-dialog[open]").await);
    assert!(property_updates(&h).is_empty(), "nothing was sent");

    // Compare again; changed while the review is open: applying reads it again and stops.
    h.click("#compare-again").await;
    h.wait_for_text(&row("property-sessionExpiry"), "90000")
        .await;
    h.click(&checkbox("property-sessionExpiry")).await;
    h.click("#promote-open").await;
    h.wait_for_text("#promote-diff", "90000").await;
    set_target("lockScope", "AUTH_METHOD");
    h.fill("#promote-typed", PRODUCTION_COPY_ACCOUNT_NAME).await;
    h.click("#promote-confirm").await;
    let conflict = h
        .wait_for_text(
            "#promote-conflicts tr[data-item='property-lockScope']",
            "AUTH_METHOD",
        )
        .await;
    assert!(
        conflict.contains("no"),
        "not in the plan, still a change: {conflict}"
    );
    assert!(property_updates(&h).is_empty(), "nothing was sent");
    assert!(!h.exists("#promotion-record").await);

    // A plan exported by this admin…
    h.click("#compare-again").await;
    h.wait_for_text(&row("property-lockScope"), "AUTH_METHOD")
        .await;
    h.click(&checkbox("property-sessionExpiry")).await;
    h.click(&checkbox("riskIndicators")).await;
    h.capture_downloads().await;
    h.click("#export-plan").await;
    let (name, plan_text) = h.downloads(1).await.remove(0);
    assert_eq!(
        name,
        format!("mobileid-promotion-plan-{SAMPLE_ACCOUNT}-to-{PRODUCTION_COPY_ACCOUNT_ID}.json")
    );
    let plan: Value = serde_json::from_str(&plan_text).unwrap();
    assert_eq!(plan["createdBy"], "Demo Admin");
    assert_eq!(plan["steps"].as_array().unwrap().len(), 2);
    assert!(
        !plan_text.contains("********"),
        "no secret, not even masked"
    );
    let dir = mobileid_e2e::temp_dir("compare-plan");
    let file = dir.join("plan.json");
    std::fs::write(&file, &plan_text).unwrap();
    h.click("#sign-out").await;
    h.wait_for_text("#signin-message", "signed out").await;

    // …is imported by another in a session of their own, checked against the live target…
    h.click("#sign-in").await;
    h.submit_login_form("reviewer", "second-pair-of-eyes").await;
    h.wait_for_text("#signed-in-user", "Rita Reviewer").await;
    h.click("#nav-compare").await;
    h.find("#compare-table").await;
    set_target("geofencingTimeout", "5000");
    h.choose_file("#import-plan", &file).await;
    h.wait_for_text(
        "#promote-conflicts tr[data-item='property-geofencingTimeout']",
        "5000",
    )
    .await;
    assert!(property_updates(&h).is_empty());
    set_target("geofencingTimeout", "10000");

    // …and, with the target as planned, applies the same change.
    h.choose_file("#import-plan", &file).await;
    h.wait_for_text("#promote-imported", "made by Demo Admin")
        .await;
    let diff = h.wait_for_text("#promote-diff", "sessionExpiry").await;
    assert!(diff.contains("90000") && diff.contains("300000"), "{diff}");
    h.fill("#promote-typed", PRODUCTION_COPY_ACCOUNT_NAME).await;
    h.click("#promote-confirm").await;
    h.wait_for_text("#record-result", "2 changes applied").await;
    assert_eq!(
        property_updates(&h),
        vec![json!({"sessionExpiry": "300000"})],
        "exactly the plan's properties, in one PATCH"
    );
    let (after, risk, _, _) = target_state(&h).await;
    assert_eq!(after["sessionExpiry"], "300000");
    assert_eq!(after["lockScope"], "AUTH_METHOD", "not in the plan: kept");
    assert_eq!(risk, Some(1));
    h.capture_downloads().await;
    h.click("#download-record-json").await;
    let (_, text) = h.downloads(1).await.remove(0);
    let record: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(record["appliedBy"], "Rita Reviewer");
    assert_eq!(record["plannedBy"], "Demo Admin");
    assert_eq!(record["plannedAt"], plan["createdAt"]);
    let items: Vec<&Value> = record["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["item"])
        .collect();
    let planned: Vec<&Value> = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["item"])
        .collect();
    assert_eq!(items, planned);
    let _ = std::fs::remove_dir_all(dir);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comparison_replaced_while_its_read_waits_is_dropped_not_retried() {
    let mut h = Harness::start(sandbox_config("compare-superseded")).await;
    h.open_console().await;
    h.sign_in().await;
    compare_screen(&h).await;
    // The next API request is refused for 5 s: comparing the same pair again waits on it.
    h.script_faults(&[ScriptedFault::too_many(5)]);
    h.click("#compare-run").await;
    let refused = h.answered("GET", "/api/", 429).await;
    h.allow_failed_api_request(&refused);
    h.wait_for_text("#compare-status", "Reading both accounts")
        .await;
    // Another pair meanwhile: its reads go out at once, not after the wait.
    let changed = Instant::now();
    h.click("#compare-swap").await;
    h.click("#compare-run").await;
    h.wait_for_text(
        "#compare-result-title",
        &format!("{PRODUCTION_COPY_ACCOUNT_NAME} → "),
    )
    .await;
    let shown = changed.elapsed();
    assert!(
        shown < Duration::from_secs(4),
        "the new pair showed {shown:?} after Compare, not at once"
    );
    assert_eq!(h.value("#compare-source").await, PRODUCTION_COPY_ACCOUNT_ID);
    // Past the moment the replaced read would have been sent again (5 s after the 429).
    tokio::time::sleep(Duration::from_secs(7).saturating_sub(refused.at.elapsed())).await;
    let late: Vec<_> = h
        .logged_requests("GET", "/api/")
        .into_iter()
        .filter(|r| r.at > refused.at + Duration::from_millis(4500))
        .collect();
    assert!(
        late.is_empty(),
        "the replaced read was sent again: {late:?}"
    );
    assert_eq!(h.text("#compare-status").await, "");
    assert!(!h.exists("#compare-error").await, "the admin saw no error");
    h.finish().await;
}
