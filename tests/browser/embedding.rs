//! Embedded in a portal: a portal page on a second origin (served here, on another port) frames
//! the console; the admin signs in through a popup, edits and saves; the portal hears the
//! console's height and route and drives it; a third origin is ignored; a portal the sandbox's
//! `frame-ancestors` does not list gets no console; a blocked or closed sign-in popup says so
//! and "Try again" signs in. And the themes: axe in the light and dark schemes, at 1280 and
//! 360 px.

use mobileid_e2e::{sandbox_config, wait_until, Harness, PASSWORD, USER};
use mobileid_sandbox::store::SAMPLE_ACCOUNT;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The portal: `/portal.html` frames `console` and records every message from its origin in
/// `window.received`; `/other.html` (opened on another origin) posts a navigate message to the
/// console when told to.
async fn serve_portal(listener: tokio::net::TcpListener, console: String) {
    let console_origin = url::Url::parse(&console)
        .unwrap()
        .origin()
        .ascii_serialization();
    let port = listener.local_addr().unwrap().port();
    let portal = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title></head>
<body><h1>Company portal</h1>
<iframe id="console" title="MobileID console" src="{console}" style="width:100%;height:600px;border:0" onload="window.consoleFrameLoaded = true"></iframe>
<iframe id="other" title="Another site" src="http://localhost:{port}/other.html" style="width:10px;height:10px"></iframe>
<script>
window.received = [];
window.addEventListener('message', e => {{
  if (e.origin !== '{console_origin}') return;
  window.received.push(e.data);
  if (e.data && e.data.type === 'mobileid-console:height')
    document.getElementById('console').style.height = e.data.height + 'px';
}});
window.send = m => document.getElementById('console').contentWindow.postMessage(m, '{console_origin}');
</script></body></html>"#
    );
    let other = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Other</title></head><body><script>
window.addEventListener('message', () => {
  parent.frames[0].postMessage({type: 'mobileid-console:navigate', version: 1, route: '#/risk'}, '*');
});
</script></body></html>"#
        .to_string();
    loop {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        let (portal, other) = (portal.clone(), other.clone());
        tokio::spawn(async move {
            let mut buffer = vec![0u8; 8192];
            let n = stream.read(&mut buffer).await.unwrap_or(0);
            let request = String::from_utf8_lossy(&buffer[..n]);
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, body) = match path.as_str() {
                "/portal.html" => ("200 OK", portal),
                "/other.html" => ("200 OK", other),
                _ => ("204 No Content", String::new()),
            };
            let response = format!(
                "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
        });
    }
}

/// A sandbox whose console the portal on `127.0.0.1:<portal port>` may frame, and the portal.
async fn start_with_portal(label: &str, frame_ancestor: Option<&str>) -> (Harness, u16) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut config = sandbox_config(label);
    config.frame_ancestors = vec![frame_ancestor
        .map(str::to_string)
        .unwrap_or_else(|| format!("http://127.0.0.1:{port}"))];
    let h = Harness::start(config).await;
    tokio::spawn(serve_portal(listener, h.console_url()));
    (h, port)
}

async fn enter_console(h: &Harness) {
    h.browser.enter_parent_frame().await.ok();
    h.browser.enter_frame(0).await.expect("the console's frame");
}

async fn received(h: &Harness) -> Vec<Value> {
    h.browser.enter_parent_frame().await.ok();
    let v = h.eval("return window.received || [];").await;
    v.as_array().cloned().unwrap_or_default()
}

fn of_type<'a>(messages: &'a [Value], kind: &str) -> Vec<&'a Value> {
    messages
        .iter()
        .filter(|m| m["type"] == format!("mobileid-console:{kind}"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_frames_the_console_which_signs_in_by_popup_and_talks_only_to_it() {
    let (h, port) = start_with_portal("embed", None).await;
    let portal = format!("http://127.0.0.1:{port}/portal.html");
    h.browser.goto(&portal).await.unwrap();
    let main_window = h.browser.window().await.unwrap();

    // Signed out, the console says it is ready.
    wait_until("ready (signed out)", async || {
        of_type(&received(&h).await, "ready")
            .iter()
            .any(|m| m["signedIn"] == false && m["version"] == 1)
    })
    .await;

    // Sign in through the popup.
    enter_console(&h).await;
    h.click("#sign-in").await;
    let mut popup = None;
    wait_until("the sign-in popup", async || {
        let windows = h.browser.windows().await.unwrap_or_default();
        popup = windows.into_iter().find(|w| *w != main_window);
        popup.is_some()
    })
    .await;
    let popup = popup.unwrap();
    h.browser.switch_to_window(popup).await.unwrap();
    h.submit_login_form(USER, PASSWORD).await;
    // The popup hands the code back and closes itself.
    wait_until("the popup closes", async || {
        h.browser.windows().await.map(|w| w.len()).unwrap_or(2) == 1
    })
    .await;
    h.browser.switch_to_window(main_window).await.unwrap();
    enter_console(&h).await;
    h.wait_for_text("#account-name", "Sample Account").await;
    let storage = h.storage_dump().await;
    assert!(
        !storage.contains("code="),
        "no code in the frame's storage: {storage}"
    );

    // Edit a property and save.
    h.click("#nav-configuration").await;
    h.fill("#prop-amountFailuresAllowed", "7").await;
    h.wait_for_text("#change-count", "1 unsaved change").await;
    h.click("#save-properties").await;
    h.wait_for_text("#review-diff", "amountFailuresAllowed")
        .await;
    h.click("#review-confirm").await;
    h.wait_for_text("#change-count", "No unsaved changes").await;
    let stored = h
        .sandbox
        .state
        .store
        .configuration(SAMPLE_ACCOUNT)
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.properties.get("amountFailuresAllowed"),
        Some(&Value::from("7"))
    );

    // The portal heard the height, the routes, the unsaved state.
    let messages = received(&h).await;
    assert!(
        of_type(&messages, "ready")
            .iter()
            .any(|m| m["signedIn"] == true),
        "{messages:#?}"
    );
    let heights = of_type(&messages, "height");
    assert!(
        heights
            .iter()
            .any(|m| m["height"].as_u64().unwrap_or(0) > 200),
        "{heights:#?}"
    );
    let routes: Vec<&str> = of_type(&messages, "route")
        .iter()
        .filter_map(|m| m["route"].as_str())
        .collect();
    assert!(routes.contains(&"#/configuration"), "{routes:?}");
    assert!(
        of_type(&messages, "route")
            .iter()
            .any(|m| m["title"].as_str().unwrap_or("").contains("MobileID Admin")),
        "{messages:#?}"
    );
    let unsaved: Vec<&Value> = of_type(&messages, "unsaved")
        .iter()
        .map(|m| &m["unsaved"])
        .collect();
    assert!(unsaved.contains(&&Value::Bool(true)), "{unsaved:?}");
    assert_eq!(unsaved.last(), Some(&&Value::Bool(false)), "{unsaved:?}");
    // The portal sized the frame to the content: no scrollbar inside.
    enter_console(&h).await;
    let scrolls = h
        .eval("return document.documentElement.scrollHeight > window.innerHeight + 1;")
        .await;
    assert_eq!(scrolls, Value::Bool(false), "the frame still scrolls");

    // A third origin's message is ignored (and counted).
    h.browser.enter_parent_frame().await.unwrap();
    h.eval("document.getElementById('other').contentWindow.postMessage('go', '*');")
        .await;
    enter_console(&h).await;
    wait_until("the ignored message is counted", async || {
        h.eval("return document.documentElement.dataset.ignoredMessages || '0';")
            .await
            .as_str()
            .unwrap_or("0")
            != "0"
    })
    .await;
    assert_eq!(
        h.eval("return location.hash;").await,
        "#/configuration",
        "the third origin did not navigate"
    );

    // The portal's own messages: an unknown shape is ignored; navigate changes the page.
    h.browser.enter_parent_frame().await.unwrap();
    h.eval("window.send({type: 'mobileid-console:navigate', version: 9, route: '#/risk'});")
        .await;
    h.eval("window.send({type: 'mobileid-console:navigate', version: 1, route: '#/apns-tokens'});")
        .await;
    enter_console(&h).await;
    h.find("#apns-tokens-table").await;
    assert_eq!(h.eval("return location.hash;").await, "#/apns-tokens");
    wait_until("the portal hears the new route", async || {
        of_type(&received(&h).await, "route")
            .iter()
            .any(|m| m["route"] == "#/apns-tokens")
    })
    .await;
    // And the theme: the host chooses the dark scheme and an accent, checked by the console.
    h.eval(
        "window.send({type: 'mobileid-console:theme', version: 1, scheme: 'dark', accent: '#0a7d3b'});",
    )
    .await;
    enter_console(&h).await;
    wait_until("the dark scheme", async || {
        h.eval("return document.documentElement.dataset.scheme || '';")
            .await
            == "dark"
    })
    .await;
    let accent = h
        .eval("return getComputedStyle(document.documentElement).getPropertyValue('--theme-accent-dark');")
        .await;
    assert!(accent.as_str().unwrap_or("").starts_with('#'), "{accent}");
    h.browser.enter_parent_frame().await.unwrap();
    h.finish().await;
}

/// Clicks the framed console's "Sign in" (or "Try again") and switches to the popup it opens.
async fn click_and_switch_to_popup(
    h: &Harness,
    main_window: &fantoccini::wd::WindowHandle,
) -> fantoccini::wd::WindowHandle {
    enter_console(h).await;
    h.click("#sign-in").await;
    let mut popup = None;
    wait_until("the sign-in popup", async || {
        let windows = h.browser.windows().await.unwrap_or_default();
        popup = windows.into_iter().find(|w| w != main_window);
        popup.is_some()
    })
    .await;
    let popup = popup.unwrap();
    h.browser.switch_to_window(popup.clone()).await.unwrap();
    popup
}

/// Signs in at the provider in the popup, waits for it to close and for the framed console to
/// show the account.
async fn sign_in_in_popup(h: &Harness, main_window: &fantoccini::wd::WindowHandle) {
    h.submit_login_form(USER, PASSWORD).await;
    wait_until("the popup closes", async || {
        h.browser.windows().await.map(|w| w.len()).unwrap_or(2) == 1
    })
    .await;
    h.browser
        .switch_to_window(main_window.clone())
        .await
        .unwrap();
    enter_console(h).await;
    h.wait_for_text("#account-name", "Sample Account").await;
}

/// The framed console's sign-in message, once shown, and the button's label.
async fn popup_error_and_button(h: &Harness) -> (String, String) {
    enter_console(h).await;
    let mut shown = (String::new(), String::new());
    wait_until("the sign-in message", async || {
        let v = h
            .eval(
                "const e = document.getElementById('popup-error');
                 const b = document.getElementById('sign-in');
                 return [e && !e.hidden ? e.textContent : '', b ? b.textContent : '',
                         b ? String(b.disabled) : ''];",
            )
            .await;
        let text = |i: usize| v[i].as_str().unwrap_or("").trim().to_string();
        shown = (text(0), text(1));
        !shown.0.is_empty() && text(2) == "false"
    })
    .await;
    shown
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_sign_in_popup_says_so_and_try_again_signs_in() {
    let (h, port) = start_with_portal("embed-blocked", None).await;
    h.browser
        .goto(&format!("http://127.0.0.1:{port}/portal.html"))
        .await
        .unwrap();
    let main_window = h.browser.window().await.unwrap();
    enter_console(&h).await;
    h.find("#sign-in").await;
    // A popup blocker: window.open gives no window.
    h.eval("window.realOpen = window.open; window.open = () => null; return true;")
        .await;
    h.click("#sign-in").await;
    let (message, button) = popup_error_and_button(&h).await;
    assert!(
        message.contains("blocked") && message.contains("Allow pop-ups"),
        "{message}"
    );
    assert_eq!(button, "Try again");
    assert_eq!(
        h.browser.windows().await.unwrap().len(),
        1,
        "no window opened"
    );
    assert_eq!(
        h.attr("#popup-error", "role").await.as_deref(),
        Some("alert")
    );
    // The user allows pop-ups and tries again.
    h.eval("window.open = window.realOpen; return true;").await;
    click_and_switch_to_popup(&h, &main_window).await;
    sign_in_in_popup(&h, &main_window).await;
    assert!(!h.exists("#popup-error").await, "the message is gone");
    h.browser.enter_parent_frame().await.unwrap();
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_popup_closed_too_early_says_so_and_try_again_signs_in() {
    let (h, port) = start_with_portal("embed-closed", None).await;
    h.browser
        .goto(&format!("http://127.0.0.1:{port}/portal.html"))
        .await
        .unwrap();
    let main_window = h.browser.window().await.unwrap();
    enter_console(&h).await;
    h.find("#sign-in").await;
    click_and_switch_to_popup(&h, &main_window).await;
    // The provider's form is there; the user closes the window instead of signing in.
    h.find("input[name=username]").await;
    h.browser.close_window().await.unwrap();
    h.browser
        .switch_to_window(main_window.clone())
        .await
        .unwrap();
    let (message, button) = popup_error_and_button(&h).await;
    assert!(message.contains("closed before"), "{message}");
    assert_eq!(button, "Try again");
    assert!(!h.exists("#account-name").await, "not signed in");
    click_and_switch_to_popup(&h, &main_window).await;
    sign_in_in_popup(&h, &main_window).await;
    assert!(!h.exists("#popup-error").await, "the message is gone");
    h.browser.enter_parent_frame().await.unwrap();
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_not_in_frame_ancestors_gets_no_console() {
    // The sandbox lists another origin; the portal is on 127.0.0.1.
    let (mut h, port) =
        start_with_portal("embed-refused", Some("https://portal.example.com")).await;
    let console_url = h.console_url();
    h.allow_frame_refusal(&console_url);
    h.browser
        .goto(&format!("http://127.0.0.1:{port}/portal.html"))
        .await
        .unwrap();
    // The frame's load event fires for a refused frame too (with the browser's error page):
    // whatever the frame will show, it shows it now.
    wait_until("the console's frame has loaded", async || {
        h.eval("return window.consoleFrameLoaded === true;").await == Value::Bool(true)
    })
    .await;
    enter_console(&h).await;
    let href = h.eval("return location.href;").await;
    assert!(
        !href.as_str().unwrap_or("").starts_with(&h.console_url()),
        "the console rendered in the frame: {href}"
    );
    assert!(!h.exists("#sign-in").await && !h.exists("#starting").await);
    h.browser.enter_parent_frame().await.unwrap();
    let received = h.eval("return window.received;").await;
    assert_eq!(
        received,
        serde_json::json!([]),
        "no message from a refused frame"
    );
    // The config the sandbox serves names the same list.
    let config: serde_json::Value = reqwest::get(format!("{}config.json", h.console_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        config["embedding"]["parentOrigins"],
        serde_json::json!(["https://portal.example.com"])
    );
    h.finish().await;
}

/// Both schemes (set as `config.json` or the host would: `data-scheme` on `<html>`), at 1280
/// and at 360 px, on every screen: axe finds nothing, and nothing scrolls sideways at 360.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_passes_axe_in_both_schemes_wide_and_narrow() {
    let h = Harness::start(sandbox_config("embed-axe")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    let mut report = Vec::new();
    for (width, height) in [(1280, 900), (360, 780)] {
        h.browser.set_window_size(width, height).await.unwrap();
        for (slug, ready) in mobileid_e2e::SCREENS {
            h.click(&format!("#nav-{slug}")).await;
            h.find(ready).await;
            for scheme in ["light", "dark"] {
                h.eval(&format!(
                    "document.documentElement.dataset.scheme = '{scheme}'; return true;"
                ))
                .await;
                // No transitions: the scheme is in force once the computed style says so.
                wait_until(&format!("the {scheme} scheme on {slug}"), async || {
                    h.eval("return getComputedStyle(document.documentElement).colorScheme;")
                        .await
                        == scheme
                })
                .await;
                for v in h.axe_violations().await {
                    report.push(format!("{width}px {scheme} {slug}: {v}"));
                }
                if width == 360 {
                    let sideways = h
                        .eval("return document.documentElement.scrollWidth > document.documentElement.clientWidth;")
                        .await;
                    if sideways != Value::Bool(false) {
                        report.push(format!(
                            "{width}px {scheme} {slug}: the page scrolls sideways"
                        ));
                    }
                }
            }
        }
    }
    h.finish().await;
    assert!(report.is_empty(), "violations:\n{}", report.join("\n"));
}
