//! Risk triage: a "Locked" column that counts right, and several hashes locked in one
//! reviewed step.

use mobileid_e2e::{sandbox_config, wait_until, Harness};

async fn locked_cell(h: &Harness, hash: &str) -> String {
    h.eval(&format!(
        "const row = document.querySelector('#hash-table tr[data-hash=\"{hash}\"]');
         return row ? row.children[4].innerText : null;"
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_hashes_are_locked_in_one_reviewed_step() {
    let h = Harness::start(sandbox_config("risk-triage")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    h.click("#nav-risk").await;
    h.find("#hash-table tbody tr").await;
    let hashes = h
        .eval("return [...document.querySelectorAll('#hash-table tbody tr')].slice(0, 2).map(r => r.dataset.hash);")
        .await;
    let hashes: Vec<String> = serde_json::from_value(hashes).unwrap();
    assert_eq!(hashes.len(), 2);
    assert!(h.attr("#lock-selected", "disabled").await.is_some());
    for hash in &hashes {
        h.click(&format!(
            "#hash-table tr[data-hash=\"{hash}\"] .select-hash"
        ))
        .await;
    }
    h.wait_for_text("#lock-selected", "2 selected hashes").await;
    h.click("#lock-selected").await;
    let message = h
        .wait_for_text("#confirm-message", "no way to unlock")
        .await;
    assert!(
        hashes.iter().all(|hash| message.contains(hash.as_str())),
        "{message}"
    );
    h.click("#confirm-ok").await;
    // The list is read again and counts the locked devices.
    for hash in &hashes {
        wait_until(
            &format!("the Locked column of {hash} counts its locked devices"),
            async || {
                locked_cell(&h, hash)
                    .await
                    .parse::<u32>()
                    .is_ok_and(|n| n > 0)
            },
        )
        .await;
    }
    h.finish().await;
}
