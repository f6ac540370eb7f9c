//! The README's security promises, proven in the browser and on the wire: a strict CSP on
//! everything the sandbox serves and in the built `index.html`, which blocks an injected inline
//! script; no token in `localStorage` or cookies, and `sessionStorage` holding only the keys
//! the README lists (`src/auth/mod.rs` `key`/`user_key` and their callers).

use mobileid_e2e::{dist_dir, sandbox_config, Harness, SCREENS};
use serde_json::{json, Value};

/// The sources of `directive` in `policy`, falling back to `default-src` as browsers do.
fn sources<'a>(policy: &'a str, directive: &str) -> Option<Vec<&'a str>> {
    let find = |name: &str| {
        policy.split(';').find_map(|d| {
            let mut words = d.split_whitespace();
            (words.next() == Some(name)).then(|| words.collect::<Vec<_>>())
        })
    };
    find(directive).or_else(|| find("default-src"))
}

/// Every policy the sandbox sends: scripts only from itself (the console's files and wasm) or
/// none at all (the login form), styles only from itself, no plugins, a fixed base, no inline
/// code anywhere, and a word on who may frame it (its value is the embedding settings').
fn check_policy(path: &str, policy: &str) {
    let script = sources(policy, "script-src").unwrap_or_default();
    assert!(
        script == ["'self'", "'wasm-unsafe-eval'"] || script == ["'none'"],
        "{path}: script-src {script:?}: {policy}"
    );
    let style = sources(policy, "style-src").unwrap_or_default();
    assert!(
        style == ["'self'"] || style == ["'none'"],
        "{path}: style-src {style:?}: {policy}"
    );
    assert_eq!(
        sources(policy, "object-src"),
        Some(vec!["'none'"]),
        "{path}: {policy}"
    );
    let base = sources(policy, "base-uri").unwrap_or_default();
    assert!(
        base == ["'self'"] || base == ["'none'"],
        "{path}: base-uri {base:?}: {policy}"
    );
    assert!(
        sources(policy, "default-src").is_some(),
        "{path}: no default-src: {policy}"
    );
    assert!(
        !policy
            .split_whitespace()
            .any(|t| t == "'unsafe-inline'" || t == "'unsafe-eval'" || t == "'unsafe-hashes'"),
        "{path}: the CSP allows inline code: {policy}"
    );
    assert!(
        policy.contains("frame-ancestors"),
        "{path}: the CSP does not say who may frame it: {policy}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_path_the_sandbox_serves_carries_the_csp() {
    let sandbox = mobileid_e2e::mobileid_sandbox::start(sandbox_config("csp-header"))
        .await
        .expect("sandbox starts");
    let base = sandbox.url();
    let origin = base.trim_end_matches('/').to_string();
    let mut paths: Vec<String> = [
        "/",
        "/index.html",
        "/config.json",
        "/favicon.ico",
        "/no-such-page",
        "/oauth/authorize",
        "/oauth/authorize?response_type=code&client_id=mobileid-console",
        "/oauth/token",
        "/oauth/jwks",
        "/oauth/logout",
        "/oauth/login.css",
        "/.well-known/openid-configuration",
        "/.well-known/oauth-authorization-server",
        "/api/accounts",
        "/api/no-such-operation",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    for entry in std::fs::read_dir(dist_dir()).expect("dist") {
        let name = entry.expect("a dist entry").file_name();
        paths.push(format!("/{}", name.to_string_lossy()));
    }
    let client = reqwest::Client::new();
    for path in &paths {
        for post in [false, true] {
            let url = format!("{origin}{path}");
            let request = if post {
                client.post(&url).body("")
            } else {
                client.get(&url)
            };
            let response = request.send().await.expect("the sandbox answers");
            let policies: Vec<String> = response
                .headers()
                .get_all("content-security-policy")
                .iter()
                .map(|v| v.to_str().unwrap_or_default().to_string())
                .collect();
            let label = format!(
                "{} {path} ({})",
                if post { "POST" } else { "GET" },
                response.status()
            );
            assert_eq!(policies.len(), 1, "{label}: one CSP header: {policies:?}");
            check_policy(&label, &policies[0]);
        }
    }
    let data = sandbox.state.config.data_dir.clone();
    sandbox.stop().await;
    let _ = std::fs::remove_dir_all(data);
}

/// The attributes of every start tag in `html`, as `(tag, attribute name)`.
fn tags_and_attributes(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if rest.starts_with('!') || rest.starts_with('/') {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        // Attribute names, skipping values (quoted or not).
        let mut chars = tag[name.len()..].chars().peekable();
        let mut word = String::new();
        while let Some(c) = chars.next() {
            if c == '=' {
                if !word.is_empty() {
                    out.push((name.to_ascii_lowercase(), word.to_ascii_lowercase()));
                    word.clear();
                }
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                match chars.peek().copied() {
                    Some(q @ ('"' | '\'')) => {
                        chars.next();
                        for c in chars.by_ref() {
                            if c == q {
                                break;
                            }
                        }
                    }
                    _ => {
                        while chars.peek().is_some_and(|c| !c.is_whitespace()) {
                            chars.next();
                        }
                    }
                }
            } else if c.is_whitespace() || c == '/' {
                if !word.is_empty() {
                    out.push((name.to_ascii_lowercase(), word.to_ascii_lowercase()));
                    word.clear();
                }
            } else {
                word.push(c);
            }
        }
        if !word.is_empty() {
            out.push((name.to_ascii_lowercase(), word.to_ascii_lowercase()));
        }
        out.push((name.to_ascii_lowercase(), String::new()));
    }
    out
}

#[test]
fn the_built_index_has_the_csp_meta_and_no_inline_code() {
    let html = std::fs::read_to_string(dist_dir().join("index.html")).expect("index.html");
    let meta = html
        .split("<meta")
        .skip(1)
        .find(|m| m.contains("Content-Security-Policy"))
        .expect("a CSP <meta> in dist/index.html");
    for directive in [
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
    ] {
        assert!(meta.contains(directive), "the <meta> lacks `{directive}`");
    }
    assert!(!meta.contains("unsafe-inline"), "{meta}");

    let attributes = tags_and_attributes(&html);
    let scripts = attributes
        .iter()
        .filter(|(t, a)| t == "script" && a.is_empty());
    let scripts_with_src = attributes
        .iter()
        .filter(|(t, a)| t == "script" && a == "src");
    assert_eq!(
        scripts.count(),
        scripts_with_src.count(),
        "every <script> has a src (no inline script)"
    );
    for (tag, attribute) in &attributes {
        assert!(
            attribute != "style" && !attribute.starts_with("on"),
            "<{tag} {attribute}=…> is inline code"
        );
    }
    assert!(!attributes.iter().any(|(t, _)| t == "style"), "no <style>");

    // The checker itself sees what it must refuse.
    let bad = tags_and_attributes(
        r#"<div style="x"><script>1</script><img onerror='y' src=a x="onload=1">"#,
    );
    assert!(bad.contains(&("div".into(), "style".into())));
    assert!(bad.contains(&("img".into(), "onerror".into())));
    assert!(bad.contains(&("img".into(), "src".into())));
    assert!(bad.contains(&("img".into(), "x".into())));
    assert!(!bad
        .iter()
        .any(|(_, a)| a == "a" || a == "y" || a.starts_with("onload")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_injected_inline_script_is_refused_by_the_csp() {
    let mut h = Harness::start(sandbox_config("csp-canary")).await;
    h.open_console().await;
    h.find("#sign-in").await;
    let v = h
        .browser
        .execute_async(
            "const done = arguments[0];
             window.__injectedRan = false;
             document.addEventListener('securitypolicyviolation', (e) => done({
               directive: e.effectiveDirective, blocked: e.blockedURI, ran: window.__injectedRan,
             }), { once: true });
             const s = document.createElement('script');
             s.textContent = 'window.__injectedRan = true;';
             document.body.appendChild(s);",
            vec![],
        )
        .await
        .expect("a securitypolicyviolation event");
    assert_eq!(v["directive"], json!("script-src-elem"), "{v}");
    assert_eq!(v["blocked"], json!("inline"), "{v}");
    assert_eq!(
        h.eval("return window.__injectedRan").await,
        json!(false),
        "the injected script did not run"
    );
    // Chromium reports the refusal as a console error, once per policy that refuses: the
    // header's and the <meta>'s. This test provokes exactly those two.
    let messages = h.console_messages().await;
    let refusals: Vec<_> = messages
        .iter()
        .filter(|(level, m)| level == "SEVERE" && m.contains("Content Security Policy"))
        .collect();
    assert_eq!(refusals.len(), 2, "{messages:#?}");
    assert!(
        refusals
            .iter()
            .all(|(_, m)| m.contains("Executing inline script violates")),
        "{refusals:#?}"
    );
    let others: Vec<_> = messages
        .iter()
        .filter(|(level, m)| level == "SEVERE" && !m.contains("Content Security Policy"))
        .collect();
    assert!(others.is_empty(), "{others:#?}");
    h.finish().await;
}

/// Where the browser is, for the storage check: at the sandbox's login form, a pending
/// sign-in (`<namespace>.login`) is allowed.
#[derive(Clone, Copy, PartialEq)]
enum At {
    LoginForm,
    Console,
}

fn is_hex12(s: &str) -> bool {
    s.len() == 12
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether `name` (after `<namespace>.`) is a key the README allows.
fn allowed_key(name: &str, at: At) -> bool {
    match name {
        "signed-in" | "signed-out" => return true,
        "login" => return at == At::LoginForm,
        _ => {}
    }
    let Some(user) = name.strip_prefix('u') else {
        return false;
    };
    let Some((hash, rest)) = user.split_once('.') else {
        return false;
    };
    if !is_hex12(hash) {
        return false;
    }
    match rest {
        "accountId" | "knownAccounts" | "compare.usuallyDiffers" => true,
        _ => ["draft.properties.", "draft.risk."]
            .iter()
            .any(|p| rest.strip_prefix(p).is_some_and(|a| !a.is_empty())),
    }
}

#[test]
fn the_storage_rules_accept_the_readme_keys_only() {
    let u = "u0123456789ab";
    for ok in [
        "signed-in".to_string(),
        format!("{u}.accountId"),
        format!("{u}.knownAccounts"),
        format!("{u}.draft.properties.a-spge-1"),
        format!("{u}.draft.risk.a-spge-1"),
        format!("{u}.compare.usuallyDiffers"),
    ] {
        assert!(allowed_key(&ok, At::Console), "{ok}");
    }
    assert!(allowed_key("login", At::LoginForm));
    for bad in [
        "login",
        "session",
        "tokens",
        "u-.accountId",
        "u0123456789ab.tokens",
        "u0123456789ab.draft.properties.",
    ] {
        assert!(!allowed_key(bad, At::Console), "{bad}");
    }
}

/// `localStorage` is empty, `document.cookie` holds no token, and every `sessionStorage` key
/// is one of this deployment's allowed keys, with no token in any value.
async fn check_storage(h: &Harness, at: At, place: &str) -> Vec<String> {
    let v: Value = h
        .eval(
            "const session = [];
             for (let i = 0; i < sessionStorage.length; i++) {
               const k = sessionStorage.key(i);
               session.push([k, sessionStorage.getItem(k)]);
             }
             return { local: localStorage.length, cookie: document.cookie, session };",
        )
        .await;
    assert_eq!(v["local"], json!(0), "{place}: localStorage is used: {v}");
    let cookie = v["cookie"].as_str().unwrap_or_default();
    assert!(
        !cookie.contains("eyJ") && !cookie.to_ascii_lowercase().contains("token"),
        "{place}: a token in document.cookie: {cookie}"
    );
    let mut keys = Vec::new();
    for entry in v["session"].as_array().expect("entries") {
        let key = entry[0].as_str().unwrap_or_default();
        let value = entry[1].as_str().unwrap_or_default();
        let (namespace, name) = key
            .strip_prefix("mobileid.")
            .and_then(|k| k.split_once('.'))
            .unwrap_or(("", ""));
        assert!(
            is_hex12(namespace) && allowed_key(name, at),
            "{place}: sessionStorage holds {key}={value}"
        );
        for token_like in ["eyJ", "access_token", "refresh_token", "id_token"] {
            assert!(
                !value.contains(token_like),
                "{place}: {key} holds a token: {value}"
            );
        }
        keys.push(name.to_string());
    }
    keys
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storage_holds_only_what_the_readme_says_on_every_page_and_after_a_refresh() {
    let h = Harness::start(sandbox_config("storage")).await;
    h.open_console().await;
    h.click("#sign-in").await;
    h.find("input[name=username]").await;
    let keys = check_storage(&h, At::LoginForm, "login form").await;
    assert!(
        keys.iter().any(|k| k == "login"),
        "the pending sign-in: {keys:?}"
    );
    h.submit_login_form(mobileid_e2e::USER, mobileid_e2e::PASSWORD)
        .await;
    h.wait_for_text("#account-name", "Sample Account").await;
    let keys = check_storage(&h, At::Console, "after sign-in").await;
    assert!(
        !keys.iter().any(|k| k == "login"),
        "the pending sign-in is gone"
    );
    assert!(keys.iter().any(|k| k == "signed-in"), "{keys:?}");

    for (slug, ready) in SCREENS {
        h.click(&format!("#nav-{slug}")).await;
        h.find(ready).await;
        check_storage(&h, At::Console, slug).await;
    }

    // A draft is kept in the tab (its key and value are checked like any other).
    h.click("#nav-configuration").await;
    h.fill("#prop-amountFailuresAllowed", "7").await;
    h.wait_for_text("#change-count", "1 unsaved change").await;
    let keys = check_storage(&h, At::Console, "with a draft").await;
    assert!(
        keys.iter().any(|k| k.contains(".draft.properties.")),
        "{keys:?}"
    );

    // A refresh goes back through the provider and keeps to the same rules.
    h.browser.refresh().await.expect("reload");
    h.find("#draft-restored").await;
    check_storage(&h, At::Console, "after a refresh").await;
    h.finish().await;
}
