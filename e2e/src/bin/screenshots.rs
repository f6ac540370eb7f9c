//! Screenshots of every screen (a look at the product, not a test):
//! `cargo run -p mobileid-e2e --bin screenshots` writes target/screenshots/*.png
//! (build the console first: scripts/build-console.sh): every screen at 1280 and 360 px wide,
//! in the light and the dark scheme. `MOBILEID_E2E_DARK=1` also makes the sign-in screen dark.

use mobileid_e2e::{sandbox_config, Harness};
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
    for (width, height) in [(1280, 900), (360, 780)] {
        h.browser.set_window_size(width, height).await.unwrap();
        for scheme in ["light", "dark"] {
            // As config.json's `theme.scheme` or the host's theme message sets it.
            h.eval(&format!(
                "document.documentElement.dataset.scheme = '{scheme}'; return true;"
            ))
            .await;
            for (i, (slug, ready)) in mobileid_e2e::SCREENS.iter().enumerate() {
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
        }
    }
    h.finish().await;
}
