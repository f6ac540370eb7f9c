//! Screenshots of every screen (a look at the product, not a test):
//! `cargo run -p mobileid-e2e --bin screenshots` writes target/screenshots/*.png
//! (build the console first: scripts/build-console.sh): every screen at 1280 and 390 px wide,
//! in the light and the dark scheme; then the boolean switches, the flagged-hash table, a
//! device hash's view, the account chooser, the review dialog of an edit, and at the end the
//! signed-out screen. `MOBILEID_E2E_DARK=1` also makes the sign-in screen dark (the browser's
//! preference).

use mobileid_e2e::{sandbox_config, Harness, SCREENS};
use std::path::PathBuf;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&out).expect("output folder");
    let h = Harness::start(sandbox_config("screenshots")).await;
    h.open_console().await;
    h.find("#sign-in").await;
    let save = |name: &str, png: Vec<u8>| {
        let path = out.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        println!("{}", path.display());
    };
    save("00-sign-in", h.browser.screenshot().await.unwrap());
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    for (width, height) in [(1280, 900), (390, 844)] {
        h.browser.set_window_size(width, height).await.unwrap();
        for scheme in ["light", "dark"] {
            // As config.json's `theme.scheme` or the host's theme message sets it.
            h.eval(&format!(
                "document.documentElement.dataset.scheme = '{scheme}'; return true;"
            ))
            .await;
            for (i, (slug, ready)) in SCREENS.iter().enumerate() {
                h.click(&format!("#nav-{slug}")).await;
                h.find(ready).await;
                tokio::time::sleep(std::time::Duration::from_millis(400)).await;
                let name = format!("{:02}-{slug}-{width}-{scheme}", i + 1);
                save(&name, h.browser.screenshot().await.unwrap());
                // And the element that proves the data is there, in the middle of the window.
                h.eval(&format!(
                    "document.querySelector({}).scrollIntoView({{block: 'center'}});",
                    serde_json::json!(ready)
                ))
                .await;
                save(
                    &format!("{name}-detail"),
                    h.browser.screenshot().await.unwrap(),
                );
            }
            let n = SCREENS.len();
            // The boolean switches (the push group).
            h.click("#nav-configuration").await;
            h.find("#prop-nativePushEnabled").await;
            h.eval("document.getElementById('prop-apnsNotificationSoundEnabled').scrollIntoView({block: 'center'});")
                .await;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            save(
                &format!("{:02}-switches-{width}-{scheme}", n + 2),
                h.browser.screenshot().await.unwrap(),
            );
            // The flagged-hash table (shortened hashes with copy buttons, pager).
            h.click("#nav-risk").await;
            h.find("#hash-table tbody tr").await;
            h.eval("document.getElementById('hash-table').scrollIntoView({block: 'start'});")
                .await;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            save(
                &format!("{:02}-hash-table-{width}-{scheme}", n + 4),
                h.browser.screenshot().await.unwrap(),
            );
            // A device hash's view (shortened ids with copy buttons).
            h.click("#hash-table tbody tr .hash-link").await;
            h.find("#hash-devices").await;
            h.eval("document.getElementById('hash-devices').scrollIntoView({block: 'center'});")
                .await;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            save(
                &format!("{:02}-hash-detail-{width}-{scheme}", n + 3),
                h.browser.screenshot().await.unwrap(),
            );
            h.click("#back-to-list").await;
            h.find("#hash-table").await;
            // The account chooser in the header (known accounts offered), then Cancel.
            h.click("#change-account").await;
            h.find("#account-id-input").await;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            save(
                &format!("{:02}-account-chooser-{width}-{scheme}", n + 5),
                h.browser.screenshot().await.unwrap(),
            );
            h.click(".account-switcher button[type=button]").await;
            h.find("#change-account").await;
            // A dialog: the review of an edit before saving (then the edit is undone).
            h.click("#nav-configuration").await;
            let field = "#prop-amountFailuresAllowed";
            let original = h.value(field).await;
            h.fill(field, if original == "7" { "8" } else { "7" }).await;
            h.wait_for_text("#change-count", "1 unsaved change").await;
            h.click("#save-properties").await;
            h.find("#review-diff").await;
            tokio::time::sleep(std::time::Duration::from_millis(400)).await;
            let name = format!("{:02}-review-dialog-{width}-{scheme}", SCREENS.len() + 1);
            save(&name, h.browser.screenshot().await.unwrap());
            h.click("#review-cancel").await;
            h.fill(field, &original).await;
            h.wait_for_text("#change-count", "No unsaved changes").await;
        }
    }
    // Signed out, in the last scheme and width.
    h.click("#sign-out").await;
    h.find("#signin-message").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    save("99-signed-out", h.browser.screenshot().await.unwrap());
    h.finish().await;
}
