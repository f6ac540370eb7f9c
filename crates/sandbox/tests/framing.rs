//! `--frame-ancestors`: the console's files may be framed by the listed portal origins; the
//! API and the sign-in pages never.

mod common;

use common::unique_dir;
use mobileid_sandbox::{start, SandboxConfig};

/// The body of a GET, as text.
async fn body_text(http: &reqwest::Client, url: &str) -> String {
    http.get(url).send().await.unwrap().text().await.unwrap()
}

async fn csp(http: &reqwest::Client, url: &str) -> String {
    let r = http.get(url).send().await.unwrap();
    r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn only_the_console_files_name_the_portal_origins() {
    let dist = unique_dir("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>console</title>",
    )
    .unwrap();
    let data = unique_dir("data");
    let mut config = SandboxConfig::new(0, data.clone());
    config.dist_dir = Some(dist.clone());
    let plain = start(config.clone()).await.unwrap();
    let http = reqwest::Client::new();
    let console = csp(&http, &plain.url()).await;
    assert!(console.contains("frame-ancestors 'none'"), "{console}");
    let text = body_text(&http, &format!("{}config.json", plain.url())).await;
    assert!(!text.contains("embedding"), "{text}");
    plain.stop().await;

    config.frame_ancestors = vec![
        "http://127.0.0.1:9000".into(),
        "https://portal.example.com".into(),
    ];
    let framed = start(config).await.unwrap();
    let base = framed.url();
    for path in ["", "index.html", "config.json", "#/account"] {
        let policy = csp(&http, &format!("{base}{path}")).await;
        assert!(
            policy.contains("frame-ancestors http://127.0.0.1:9000 https://portal.example.com"),
            "{path}: {policy}"
        );
        assert!(!policy.contains('*'), "{policy}");
        // Nothing else is loosened.
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{policy}"
        );
    }
    let text = body_text(&http, &format!("{base}config.json")).await;
    assert!(
        text.contains(r#""embedding":{"parentOrigins":["http://127.0.0.1:9000","https://portal.example.com"]}"#),
        "{text}"
    );
    let login = csp(
        &http,
        &format!(
            "http://{}/oauth/authorize?client_id=mobileid-console&response_type=code",
            framed.addr
        ),
    )
    .await;
    assert!(login.contains("frame-ancestors 'none'"), "{login}");
    let api = csp(&http, &format!("{}accounts", framed.api_base())).await;
    assert!(api.contains("frame-ancestors 'none'"), "{api}");
    framed.stop().await;
    let _ = std::fs::remove_dir_all(dist);
    let _ = std::fs::remove_dir_all(data);
}
