//! Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) on every screen, and the main flow
//! from the keyboard alone.

use mobileid_e2e::fantoccini::key::Key;
use mobileid_e2e::{sandbox_config, Harness};
use serde_json::Value;

fn axe_source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (scripts/install-tools.sh installs axe-core)",
            path.display()
        )
    })
}

/// Runs axe on the page as it is; returns one line per violation.
async fn axe_violations(h: &Harness) -> Vec<String> {
    h.eval(&format!("{}\nreturn true;", axe_source())).await;
    let result = h
        .browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
                .then(r => done(r.violations.map(v =>
                    `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)))
                .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe runs");
    result
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_passes_axe() {
    let h = Harness::start(sandbox_config("axe")).await;
    h.open_console().await;
    h.find("#sign-in").await;
    let mut report = Vec::new();
    for v in axe_violations(&h).await {
        report.push(format!("sign-in screen: {v}"));
    }
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    for (slug, ready) in mobileid_e2e::SCREENS {
        h.click(&format!("#nav-{slug}")).await;
        h.find(ready).await;
        for v in axe_violations(&h).await {
            report.push(format!("{slug}: {v}"));
        }
    }
    h.finish().await;
    assert!(
        report.is_empty(),
        "accessibility violations:\n{}",
        report.join("\n")
    );
}

async fn press(h: &Harness, key: Key) {
    let active = h.browser.active_element().await.expect("a focused element");
    active
        .send_keys(&char::from(key).to_string())
        .await
        .expect("key press");
}

async fn active_id(h: &Harness) -> String {
    h.eval("return document.activeElement ? document.activeElement.id : ''")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Tabs until the element with `id` has focus.
async fn tab_to(h: &Harness, id: &str) {
    for _ in 0..60 {
        if active_id(h).await == id {
            return;
        }
        press(h, Key::Tab).await;
    }
    panic!("#{id} cannot be reached with Tab");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_and_disable_the_account_with_the_keyboard_alone() {
    let h = Harness::start(sandbox_config("keyboard")).await;
    h.open_console().await;
    h.find("#sign-in").await;
    tab_to(&h, "sign-in").await;
    press(&h, Key::Enter).await;
    // The sandbox's login form: autofocus on the user name.
    h.find("input[name=username]").await;
    h.browser
        .active_element()
        .await
        .unwrap()
        .send_keys(mobileid_e2e::USER)
        .await
        .unwrap();
    press(&h, Key::Tab).await;
    h.browser
        .active_element()
        .await
        .unwrap()
        .send_keys(mobileid_e2e::PASSWORD)
        .await
        .unwrap();
    press(&h, Key::Enter).await;
    h.wait_for_text("#account-name", "Sample Account").await;

    tab_to(&h, "toggle-account-state").await;
    press(&h, Key::Enter).await;
    h.wait_for_text("#confirm-title", "Disable").await;
    // Focus is inside the dialog; Escape cancels.
    assert!(
        active_id(&h).await.starts_with("confirm-"),
        "focus moved into the dialog"
    );
    press(&h, Key::Escape).await;
    let open = h.eval("return document.querySelector('dialog').open").await;
    assert_eq!(open, Value::Bool(false), "Escape closed the dialog");
    assert_eq!(
        active_id(&h).await,
        "toggle-account-state",
        "focus went back to the button"
    );
    assert_eq!(h.text("#account-state").await, "ENABLED");

    tab_to(&h, "toggle-account-state").await;
    press(&h, Key::Enter).await;
    h.find("#confirm-ok").await;
    tab_to(&h, "confirm-ok").await;
    press(&h, Key::Enter).await;
    h.wait_for_text("#account-state", "DISABLED").await;
    h.finish().await;
}
