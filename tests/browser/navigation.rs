//! Moving between screens: each screen's code is fetched when it is first shown, and a screen
//! left before its code arrived is never built.

use mobileid_e2e::{sandbox_config, wait_until, Harness, SCREENS};
use serde_json::Value;

/// Records every `fetch` the console makes (the URL), in `window.__fetched`.
const RECORD_FETCHES: &str = "
    window.__fetched = [];
    const fetchOriginal = window.fetch;
    window.fetch = function (resource, init) {
        window.__fetched.push(String(typeof resource === 'string' ? resource : (resource.url || resource.href || resource)));
        return fetchOriginal.apply(this, arguments);
    };
    return true;";

/// Opens the E2E keys screen and, in the same event, moves on to the signing certificates: the
/// E2E keys module is then still on its way.
const HOP_THROUGH_E2E_KEYS: &str = "
    window.addEventListener('hashchange',
        () => { location.hash = '#/signing-certificates'; }, { once: true });
    location.hash = '#/e2e-keys';
    return true;";

const E2E_MODULE_LOADED: &str = "
    return performance.getEntriesByType('resource')
        .some(e => e.name.includes('split_e2e_keys_view'));";

/// How many times the console asked the API for the E2E key list.
async fn e2e_key_list_reads(h: &Harness) -> usize {
    let fetched = h.eval("return window.__fetched;").await;
    let api = h.sandbox.api_base();
    fetched
        .as_array()
        .expect("the fetches are recorded")
        .iter()
        .filter_map(Value::as_str)
        .filter(|url| url.starts_with(&api) && url.contains("e2e-keys"))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screen_left_before_its_code_arrived_is_never_built() {
    let h = Harness::start(sandbox_config("navigation")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h.eval(RECORD_FETCHES).await;
    h.eval(HOP_THROUGH_E2E_KEYS).await;
    h.find("#certificate-0-fingerprint-status").await;
    wait_until("the E2E keys module arrived", async || {
        h.eval(E2E_MODULE_LOADED).await == Value::Bool(true)
    })
    .await;
    // Shown for real now: its one read of the list is the only one. A screen built from the
    // module that arrived after it was left would have read the list too.
    h.click("#nav-e2e-keys").await;
    h.find("#e2e-keys-table").await;
    assert_eq!(
        e2e_key_list_reads(&h).await,
        1,
        "the E2E key list is read once, by the screen shown"
    );
    h.click("#nav-account").await;
    h.find("#account-state").await;
    h.finish().await;
}

/// How long after a screen was opened it is left: before its module arrives, while its reads
/// are out, as their answers land, after.
const LEAVE_AFTER_MS: &[u32] = &[0, 4, 8, 12, 16, 20, 25, 30, 40, 50, 70, 100, 150];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_any_screen_at_any_moment_of_its_loading_is_clean() {
    let mut h = Harness::start(sandbox_config("navigation-leave")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    for (slug, _) in SCREENS {
        // Left for a screen that is quick to recognise, never the screen itself.
        let (next, next_ready) = if *slug == "account" {
            ("signing-certificates", "#certificate-0-fingerprint-status")
        } else {
            ("account", "#account-state")
        };
        for delay in LEAVE_AFTER_MS {
            h.eval(&format!(
                "location.hash = '#/{slug}';
                 setTimeout(() => {{ location.hash = '#/{next}'; }}, {delay});
                 return true;"
            ))
            .await;
            h.wait_for_url(&format!("#/{next}")).await;
            h.find(next_ready).await;
            let errors = h.take_console_errors().await;
            assert!(
                errors.is_empty(),
                "{slug} left after {delay} ms: {errors:#?}"
            );
        }
    }
    h.finish().await;
}

/// From now on, fetching the statistics screen's module fails as a network failure does.
const FAIL_STATISTICS_MODULE: &str = "
    window.__fetchBeforeFailing = window.fetch;
    window.fetch = function (resource, init) {
        const url = String(typeof resource === 'string' ? resource : (resource.url || resource.href || resource));
        if (url.includes('split_statistics_view')) {
            return Promise.reject(new TypeError('Failed to fetch'));
        }
        return window.__fetchBeforeFailing.apply(this, arguments);
    };
    return true;";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screen_whose_code_cannot_be_fetched_says_so_and_try_again_loads_it() {
    let mut h = Harness::start(sandbox_config("navigation-module-failure")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h.eval(FAIL_STATISTICS_MODULE).await;
    h.click("#nav-statistics").await;
    h.wait_for_text("#module-error", "This screen could not be loaded")
        .await;
    // The console goes on: its header and the other screens still work.
    h.click("#nav-account").await;
    h.find("#account-state").await;
    h.click("#nav-statistics").await;
    h.find("#module-retry").await;
    h.eval("window.fetch = window.__fetchBeforeFailing; return true;")
        .await;
    // The module loader reports each failed fetch on the console; nothing else went there.
    let errors = h.take_console_errors().await;
    assert!(
        !errors.is_empty()
            && errors
                .iter()
                .all(|e| e.contains("__wasm_split.js") && e.contains("Failed to fetch")),
        "only the loader's reports of the failed fetches: {errors:#?}"
    );
    h.click("#module-retry").await;
    h.find("main svg").await;
    assert!(!h.exists("#module-error").await, "the error is gone");
    h.finish().await;
}
