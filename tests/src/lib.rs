//! Browser-test harness: the built console (`dist/`) served by an in-process sandbox, driven
//! in headless Chromium through chromedriver.
//!
//! Every test gets its own sandbox (fresh data directory, port 0), its own chromedriver and a
//! fresh Chromium profile, and ends with [`Harness::finish`], which fails on any console error.

use fantoccini::elements::Element;
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use mobileid_sandbox::{Sandbox, SandboxConfig};
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use fantoccini;
pub use mobileid_sandbox;

pub mod risk_table;

/// Every screen of the console (its navigation slug) and an element that shows it has
/// loaded its data. Each element is on its own screen only: one the previous screen also has
/// (a `main table`) would be found before the new screen is even built.
pub const SCREENS: &[(&str, &str)] = &[
    ("account", "#account-state"),
    ("configuration", "#prop-amountFailuresAllowed"),
    ("apns-tokens", "#apns-tokens-table"),
    ("e2e-keys", "#e2e-keys-table"),
    ("signing-certificates", "#certificate-0-fingerprint-status"),
    ("statistics", "main svg"),
    ("risk", "#hash-table"),
    ("compare", "#compare-table"),
];

/// Waits, polling every 100 ms, until `check` answers true; fails after 15 s naming `what`.
/// For conditions the `Harness::wait_for_*` helpers do not cover; a test never sleeps a fixed
/// time unless time passing is the behaviour it tests.
pub async fn wait_until(what: &str, check: impl AsyncFnMut() -> bool) {
    wait_until_within(WAIT, what, check).await;
}

/// [`wait_until`] with another timeout, for conditions that take longer by design (an idle
/// timeout, a token lifetime).
pub async fn wait_until_within(
    timeout: Duration,
    what: &str,
    mut check: impl AsyncFnMut() -> bool,
) {
    let deadline = Instant::now() + timeout;
    while !check().await {
        assert!(
            Instant::now() < deadline,
            "never happened within {timeout:?}: {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub const USER: &str = "admin";
pub const PASSWORD: &str = "mobileid";
const WAIT: Duration = Duration::from_secs(15);

/// The built console. `MOBILEID_DIST` overrides the default `<workspace>/dist`.
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("MOBILEID_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    assert!(
        dir.join("index.html").exists(),
        "no built console at {}: run scripts/build-console.sh first",
        dir.display()
    );
    dir
}

/// A unique, empty directory under the system temp dir.
pub fn temp_dir(label: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!(
        "mobileid-e2e-{label}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A nonce for the console canary (unique per call in this process).
fn canary_nonce() -> String {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    format!("{}-{nanos}-{n}", std::process::id())
}

/// A count as the console shows it, in groups of three digits (`12,345`). Written here, not
/// taken from the console, so the browser tests check the console's formatting rather than
/// repeat it.
pub fn grouped(n: u64) -> String {
    let mut groups = vec![(n % 1000).to_string()];
    let mut rest = n / 1000;
    while rest > 0 {
        let last = groups.len() - 1;
        groups[last] = format!("{:03}", groups[last].parse::<u64>().unwrap_or(0));
        groups.push((rest % 1000).to_string());
        rest /= 1000;
    }
    groups.reverse();
    groups.join(",")
}

/// The URL and status of Chromium's "failed to load resource" console error:
/// `URL - Failed to load resource: the server responded with a status of 401 (Unauthorized)`.
pub fn failed_request(message: &str) -> Option<(&str, u16)> {
    let (url, rest) = message.split_once(" - Failed to load resource: ")?;
    let status = rest
        .strip_prefix("the server responded with a status of ")?
        .split(' ')
        .next()?
        .parse()
        .ok()?;
    Some((url, status))
}

/// Whether `message` is the failed-request error of an allowed `(url, status)`: the URL
/// exactly (a path is taken on `origin`), the status exactly.
pub fn is_allowed_failure(message: &str, origin: &str, allowed: &[(String, u16)]) -> bool {
    let Some((url, status)) = failed_request(message) else {
        return false;
    };
    allowed.iter().any(|(allowed_url, allowed_status)| {
        let absolute = if allowed_url.starts_with('/') {
            format!("{origin}{allowed_url}")
        } else {
            allowed_url.clone()
        };
        *allowed_status == status && absolute == url
    })
}

/// Whether `message` is Chromium's refusal to frame one of `urls` (exactly) for the CSP's
/// `frame-ancestors`.
pub fn is_allowed_frame_refusal(message: &str, urls: &[String]) -> bool {
    message.contains("frame-ancestors")
        && urls.iter().any(|url| {
            message.contains(&format!(
                "Framing '{url}' violates the following Content Security Policy directive"
            ))
        })
}

/// A sandbox configuration for a test, serving the built console.
pub fn sandbox_config(label: &str) -> SandboxConfig {
    let mut config = SandboxConfig::new(0, temp_dir(label));
    config.dist_dir = Some(dist_dir());
    config
}

/// chromedriver in a process group of its own, with the Chromium it starts: dropping it kills
/// the whole group, so a test that panics before closing the browser leaves no Chromium behind.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts chromedriver on a free port and waits until it accepts connections. The port is
    /// chosen before chromedriver binds it, so another process may take it first: chromedriver
    /// then exits, and the start is tried again on another port.
    async fn start() -> Driver {
        use std::os::unix::process::CommandExt;
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let mut last_failure = String::new();
        for _attempt in 0..5 {
            let port = free_port();
            let mut driver = Driver {
                child: Command::new(&chromedriver)
                    .arg(format!("--port={port}"))
                    .process_group(0)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap_or_else(|e| panic!("cannot start {chromedriver}: {e}")),
                port,
            };
            let deadline = Instant::now() + WAIT;
            loop {
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    // Ours, not a process that took the port: chromedriver is still running.
                    if let Ok(None) = driver.child.try_wait() {
                        return driver;
                    }
                }
                if let Ok(Some(status)) = driver.child.try_wait() {
                    last_failure = format!("chromedriver exited ({status}) on port {port}");
                    break;
                }
                assert!(Instant::now() < deadline, "chromedriver did not start");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        panic!("chromedriver did not start: {last_failure}");
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group's id is chromedriver's pid (`process_group(0)`).
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Harness {
    pub sandbox: Sandbox,
    pub browser: Client,
    /// Failed requests a test provokes (exact URL, status), which Chromium logs as errors.
    allowed_failures: Vec<(String, u16)>,
    /// Framed URLs whose refusal by `frame-ancestors` a test provokes.
    allowed_frame_refusals: Vec<String>,
    _driver: Driver,
    profile: PathBuf,
    /// The OpenID Provider the console signs in with, when started with
    /// [`Harness::start_with_oidc_provider`] (stopped with the harness).
    pub provider: Option<oidc::OidcProvider>,
}

/// chromedriver's legacy log endpoint: Chromium's console messages.
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}

impl Harness {
    /// Starts a sandbox with `config`, chromedriver and a fresh headless Chromium.
    pub async fn start(config: SandboxConfig) -> Harness {
        let sandbox = mobileid_sandbox::start(config)
            .await
            .expect("sandbox starts");
        let profile = temp_dir("chromium-profile");
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let mut caps = Capabilities::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                    // MOBILEID_E2E_DARK=1: the dark colour scheme (for screenshots).
                    if std::env::var_os("MOBILEID_E2E_DARK").is_some() {
                        "--force-dark-mode"
                    } else {
                        "--no-default-browser-check"
                    },
                ]
            }),
        );
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        // "Leave site?" (unsaved changes) is accepted, so a test can reload a page with a draft.
        caps.insert("unhandledPromptBehavior".into(), json!("accept"));
        // A port another process took between chromedriver's start and our first request
        // refuses the session: start another chromedriver, a few times.
        let mut attempts = 0;
        let (driver, browser) = loop {
            let driver = Driver::start().await;
            let session = ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{}", driver.port))
                .await;
            match session {
                Ok(browser) => break (driver, browser),
                Err(e) if attempts < 3 => {
                    attempts += 1;
                    eprintln!("chromedriver session refused ({e}); starting another");
                    drop(driver);
                }
                Err(e) => panic!("a chromedriver session: {e}"),
            }
        };
        Harness {
            sandbox,
            browser,
            allowed_failures: Vec::new(),
            allowed_frame_refusals: Vec::new(),
            _driver: driver,
            profile,
            provider: None,
        }
    }

    /// The console's URL (with a trailing slash).
    pub fn console_url(&self) -> String {
        self.sandbox.url()
    }

    pub async fn open_console(&self) {
        self.browser
            .goto(&self.console_url())
            .await
            .expect("console loads");
    }

    /// Waits for the element. Errors while the page navigates (a login redirect, a reload)
    /// are retried like "not there yet", so a test does not fail on the timing of a redirect.
    pub async fn find(&self, css: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.browser.find(Locator::Css(css)).await {
                Ok(element) => return element,
                Err(e) if Instant::now() > deadline => {
                    panic!("no element {css}: {e}; page: {}", self.page_text().await)
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    pub async fn exists(&self, css: &str) -> bool {
        self.browser.find(Locator::Css(css)).await.is_ok()
    }

    /// Clicks like a user: the element is first scrolled to the middle of the window, clear of
    /// sticky toolbars.
    ///
    /// An element that is in the page but not yet usable (a dialog still opening, a button
    /// about to be enabled) is waited for, not clicked too early.
    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let el = self.find(css).await;
            let arg = serde_json::to_value(&el).expect("element reference");
            let _ = self
                .browser
                .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
                .await;
            match el.click().await {
                Ok(()) => return,
                Err(e)
                    if Instant::now() < deadline && e.to_string().contains("not interactable") =>
                {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("cannot click {css}: {e}"),
            }
        }
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap_or_default()
    }

    /// Waits until the element's text contains `expected`.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(el) = self.browser.find(Locator::Css(css)).await {
                if let Ok(text) = el.text().await {
                    if text.contains(expected) {
                        return text;
                    }
                    if Instant::now() > deadline {
                        panic!("{css} shows {text:?}, expected {expected:?}");
                    }
                }
            }
            if Instant::now() > deadline {
                panic!(
                    "{css} never showed {expected:?}; page: {}",
                    self.page_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element's text is exactly `expected` (where a substring would match a
    /// longer number too).
    pub async fn wait_for_exact_text(&self, css: &str, expected: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let shown = match self.browser.find(Locator::Css(css)).await {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if shown == expected {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{css} shows {shown:?}, expected {expected:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Replaces the field's text as a user would: the old text goes (with an `input` event,
    /// which WebDriver's clear does not send), then the new text is typed.
    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        let arg = serde_json::to_value(&el).expect("element reference");
        self.browser
            .execute(
                "arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                vec![arg],
            )
            .await
            .unwrap_or_else(|e| panic!("cannot clear {css}: {e}"));
        if !text.is_empty() {
            el.send_keys(text)
                .await
                .unwrap_or_else(|e| panic!("cannot type into {css}: {e}"));
        }
    }

    pub async fn page_text(&self) -> String {
        match self.browser.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    pub async fn eval(&self, script: &str) -> Value {
        self.browser
            .execute(script, vec![])
            .await
            .expect("script runs")
    }

    /// Every `sessionStorage` and `localStorage` entry, as `key=value` lines.
    pub async fn storage_dump(&self) -> String {
        let v = self
            .eval(
                "const out = [];
                 for (const s of [sessionStorage, localStorage])
                   for (let i = 0; i < s.length; i++) out.push(s.key(i) + '=' + s.getItem(s.key(i)));
                 return out.join('\\n');",
            )
            .await;
        v.as_str().unwrap_or_default().to_string()
    }

    pub async fn current_url(&self) -> String {
        self.browser
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    /// From the console's sign-in screen through the sandbox's login form and back.
    pub async fn sign_in(&self) {
        self.click("#sign-in").await;
        self.submit_login_form(USER, PASSWORD).await;
    }

    /// Fills and submits the sandbox's login form (the browser must be on it).
    pub async fn submit_login_form(&self, user: &str, password: &str) {
        self.fill("input[name=username]", user).await;
        self.fill("input[name=password]", password).await;
        self.click("#sign-in").await;
    }

    /// Chromium's console log since the last read, as `(level, message)`. Fails the test when
    /// the log cannot be read: a check that cannot see errors must not pass.
    async fn read_browser_log(&self) -> Vec<(String, String)> {
        let log = self
            .browser
            .issue_cmd(BrowserLog)
            .await
            .unwrap_or_else(|e| panic!("the browser's console log cannot be read: {e}"));
        let entries = log
            .as_array()
            .unwrap_or_else(|| panic!("the browser's console log is not a list: {log}"));
        entries
            .iter()
            .map(|e| {
                (
                    e["level"].as_str().unwrap_or_default().to_string(),
                    e["message"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// Console messages at error level (uncaught exceptions, panics, CSP violations…) that
    /// are not an allowed failed request ([`Harness::allow_failed_request`]).
    ///
    /// Fails closed: it first logs a canary (`console.error` with a fresh nonce) and reads the
    /// log until the canary shows, so messages logged before it are all in, and a log that
    /// does not show errors fails the test instead of passing it.
    pub async fn take_console_errors(&mut self) -> Vec<String> {
        let canary = format!("mobileid-e2e-canary-{}", canary_nonce());
        self.browser
            .execute("console.error(arguments[0]);", vec![json!(canary)])
            .await
            .unwrap_or_else(|e| panic!("cannot log the console canary: {e}"));
        let deadline = Instant::now() + WAIT;
        let mut errors = Vec::new();
        loop {
            let mut seen = false;
            for (level, message) in self.read_browser_log().await {
                if message.contains(&canary) {
                    assert_eq!(level, "SEVERE", "the canary was logged as {level}");
                    seen = true;
                } else if level == "SEVERE" {
                    errors.push(message);
                }
            }
            if seen {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the console canary never reached the log: console errors cannot be checked"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let origin = self.console_origin();
        errors
            .into_iter()
            .filter(|e| !is_allowed_failure(e, &origin, &self.allowed_failures))
            .filter(|e| !is_allowed_frame_refusal(e, &self.allowed_frame_refusals))
            .collect()
    }

    /// From now on, Chromium's error for refusing to frame exactly `url` (the CSP's
    /// `frame-ancestors` does not list the parent) is expected.
    pub fn allow_frame_refusal(&mut self, url: &str) {
        self.allowed_frame_refusals.push(url.to_string());
    }

    /// `http://127.0.0.1:PORT` (the console's and the sandbox API's origin).
    fn console_origin(&self) -> String {
        let url = url::Url::parse(&self.console_url()).expect("the console URL");
        url.origin().ascii_serialization()
    }

    /// From now on, Chromium's "failed to load resource" error for exactly this request is
    /// expected (a 401 or 404 the test provokes). `url` is absolute or a path (with its
    /// query) on the sandbox's origin, and must match the logged URL exactly, as must
    /// `status`. Nothing else a test can allow: any other console error fails it.
    pub fn allow_failed_request(&mut self, url: &str, status: u16) {
        self.allowed_failures.push((url.to_string(), status));
    }

    /// Ends the test: fails on any console error, closes the browser, stops the sandbox.
    pub async fn finish(mut self) {
        let errors = self.take_console_errors().await;
        let _ = self.browser.clone().close().await;
        let _ = std::fs::remove_dir_all(&self.profile);
        let data = self.sandbox.state.config.data_dir.clone();
        self.sandbox.stop().await;
        let _ = std::fs::remove_dir_all(data);
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    }
}

/// Scripted API faults and the sandbox's request log ([`mobileid_sandbox::FaultScript`]).
impl Harness {
    /// Switches the request log on (emptied) and scripts `faults` for the next API requests.
    pub fn script_faults(&self, faults: &[mobileid_sandbox::ScriptedFault]) {
        let mut script = self.sandbox.state.scripted_faults.lock().unwrap();
        script.requests = Some(Vec::new());
        script.faults.extend(faults.iter().copied());
    }

    /// The logged API requests whose path and query contain `prefix` (less a leading `/api`).
    pub fn logged_requests(
        &self,
        method: &str,
        prefix: &str,
    ) -> Vec<mobileid_sandbox::RecordedRequest> {
        let path = prefix.trim_start_matches("/api");
        self.sandbox
            .state
            .logged_requests()
            .into_iter()
            .filter(|r| r.method == method && r.uri.contains(path))
            .collect()
    }

    /// The first logged request to `prefix` answered with `status`, once it is there.
    pub async fn answered(
        &self,
        method: &str,
        prefix: &str,
        status: u16,
    ) -> mobileid_sandbox::RecordedRequest {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(r) = self
                .logged_requests(method, prefix)
                .into_iter()
                .find(|r| r.status == status)
            {
                return r;
            }
            assert!(
                Instant::now() < deadline,
                "no {method} {prefix} answered {status}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Expects Chromium's "failed to load resource" error for `request` (as the sandbox
    /// logged it, under the API base) answered with `status`.
    pub fn allow_failed_api_request(&mut self, request: &mobileid_sandbox::RecordedRequest) {
        let logged_url = if request.uri.starts_with("/api/") {
            request.uri.clone()
        } else {
            format!("/api{}", request.uri)
        };
        self.allow_failed_request(&logged_url, request.status);
    }
}

/// Helpers for forms the WebDriver cannot type into reliably (date inputs, selects), CSV
/// downloads and in-page timing.
impl Harness {
    /// Sets an input's or a select's value as the user would, firing `input` and `change`.
    pub async fn set_value(&self, css: &str, value: &str) {
        self.find(css).await;
        self.browser
            .execute(
                "const el = document.querySelector(arguments[0]);
                 el.value = arguments[1];
                 el.dispatchEvent(new Event('input', { bubbles: true }));
                 el.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![json!(css), json!(value)],
            )
            .await
            .unwrap_or_else(|e| panic!("cannot set {css}: {e}"));
    }

    /// An attribute of the first element matching `css` (waits for the element).
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.find(css).await.attr(name).await.ok().flatten()
    }

    /// The current value of a form field (what the user sees in it).
    pub async fn value(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Waits until the address bar contains `expected`.
    pub async fn wait_for_url(&self, expected: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let url = self.current_url().await;
            if url.contains(expected) {
                return url;
            }
            assert!(
                Instant::now() < deadline,
                "the URL {url} never contained {expected:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// From now on, the text of every `Blob` the page turns into an object URL (the console's
    /// downloads) is kept; [`Harness::downloads`] reads it.
    pub async fn capture_downloads(&self) {
        self.eval(
            "window.__downloads = [];
             const create = URL.createObjectURL.bind(URL);
             URL.createObjectURL = (blob) => {
               if (blob instanceof Blob) blob.text().then((t) => window.__downloads.push(t));
               return create(blob);
             };
             HTMLAnchorElement.prototype.click = function () { window.__downloadNames = (window.__downloadNames || []).concat([this.download]); };",
        )
        .await;
    }

    /// The downloads captured so far: (file name, text), waiting for at least `count`.
    pub async fn downloads(&self, count: usize) -> Vec<(String, String)> {
        let deadline = Instant::now() + WAIT;
        loop {
            let v = self
                .eval("return [window.__downloadNames || [], window.__downloads || []];")
                .await;
            let names: Vec<String> = serde_json::from_value(v[0].clone()).unwrap_or_default();
            let texts: Vec<String> = serde_json::from_value(v[1].clone()).unwrap_or_default();
            if texts.len() >= count && names.len() >= count {
                return names.into_iter().zip(texts).collect();
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} downloads, got {}",
                texts.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs `action` (JavaScript) in the page and answers the milliseconds, measured with
    /// `performance.now()`, until an element matching `done_css` exists whose text contains
    /// `done_text`: `(until the DOM shows it, until the next frame is painted)`.
    pub async fn time_in_page(&self, action: &str, done_css: &str, done_text: &str) -> (f64, f64) {
        let script = format!(
            "const [doneCss, doneText, finish] = arguments;
             const shown = () => {{
               for (const el of document.querySelectorAll(doneCss))
                 if (el.textContent.includes(doneText)) return true;
               return false;
             }};
             const t0 = performance.now();
             let settled = false;
             const settle = () => {{
               if (settled) return;
               settled = true;
               const dom = performance.now() - t0;
               requestAnimationFrame(() => setTimeout(() => finish([dom, performance.now() - t0]), 0));
             }};
             const observer = new MutationObserver(() => {{ if (shown()) {{ observer.disconnect(); settle(); }} }});
             observer.observe(document.body, {{ subtree: true, childList: true, characterData: true, attributes: true }});
             {action}
             if (shown()) {{ observer.disconnect(); settle(); }}"
        );
        let v = self
            .browser
            .execute_async(&script, vec![json!(done_css), json!(done_text)])
            .await
            .unwrap_or_else(|e| panic!("timing script failed: {e}"));
        (
            v[0].as_f64().unwrap_or(f64::NAN),
            v[1].as_f64().unwrap_or(f64::NAN),
        )
    }
}

/// Helpers for the keys-and-certificates tests.
impl Harness {
    /// Every console message so far, at any level, as `(level, message)`. Reading the log
    /// empties it: check errors in what this returns (and [`Harness::finish`] still checks the
    /// messages that come after).
    pub async fn console_messages(&mut self) -> Vec<(String, String)> {
        self.read_browser_log().await
    }

    /// The whole DOM as HTML, plus the current value of every input and textarea (which the
    /// HTML does not show): everything the page holds as text.
    pub async fn dom_text_and_values(&self) -> String {
        let v = self
            .eval(
                "const values = [...document.querySelectorAll('input, textarea, select')]
                   .map(e => e.id + '=' + e.value);
                 return document.documentElement.outerHTML + '\\n' + document.body.innerText
                   + '\\n' + values.join('\\n');",
            )
            .await;
        v.as_str().unwrap_or_default().to_string()
    }

    /// Waits until no element matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        while self.exists(css).await {
            assert!(Instant::now() < deadline, "{css} is still there");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Chooses a file in an `<input type=file>` (chromedriver takes the path as keys).
    pub async fn choose_file(&self, css: &str, path: &std::path::Path) {
        let path = path.to_str().expect("a UTF-8 path");
        self.find(css)
            .await
            .send_keys(path)
            .await
            .unwrap_or_else(|e| panic!("cannot choose {path} in {css}: {e}"));
    }
}

/// The console against a certified OpenID Provider: npm `oidc-provider`
/// (`tests/oidc-provider/provider.mjs`, installed in `scripts/`), run by Node in a child process.
pub mod oidc {
    use super::{temp_dir, Harness, WAIT};
    use mobileid_sandbox::SandboxConfig;
    use serde_json::{json, Value};
    use std::io::{BufRead, BufReader, Write};
    use std::path::PathBuf;
    use std::process::{Child, Command, Stdio};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    /// The console's client id at the provider.
    pub const CLIENT_ID: &str = "mobileid-console";
    /// The Admin API's resource indicator (RFC 8707): the console sends none, the provider
    /// defaults to it.
    pub const RESOURCE: &str = "urn:mobileid-admin";
    /// The access token's `aud`, which the sandbox checks (`--trust-audience`).
    pub const AUDIENCE: &str = "mobileid-admin";
    /// The scopes the console asks for: the ID token with the user's name (`profile`) and the
    /// API's scope. (`offline_access` is left out: OpenID Connect grants it only with
    /// `prompt=consent`; the provider gives the console a refresh token without it.)
    pub const SCOPES: &[&str] = &["openid", "profile", AUDIENCE];
    /// The test's confidential client at the provider, allowed to introspect tokens.
    const INTROSPECTOR: &str = "e2e-introspector";

    /// How to start the provider.
    #[derive(Clone, Debug)]
    pub struct ProviderOptions {
        pub access_token_ttl: Duration,
        pub refresh_token_ttl: Duration,
    }

    impl Default for ProviderOptions {
        fn default() -> Self {
            ProviderOptions {
                access_token_ttl: Duration::from_secs(300),
                refresh_token_ttl: Duration::from_secs(8 * 3600),
            }
        }
    }

    /// A running oidc-provider, stopped on drop. Its stdout is read as it comes: the listening
    /// and ready lines, then one JSON object per event (see `provider.mjs`).
    pub struct OidcProvider {
        child: Child,
        lines: std::sync::mpsc::Receiver<String>,
        stderr_path: PathBuf,
        /// `http://127.0.0.1:PORT`, also the URL everything is found from (discovery).
        pub issuer: String,
        /// The provider's public keys (JWKS), as the sandbox's `--trust-jwks` reads them.
        pub jwks_path: PathBuf,
        introspection_secret: String,
        events: Arc<Mutex<Vec<Value>>>,
        dir: PathBuf,
    }

    impl Drop for OidcProvider {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    /// `tests/oidc-provider/provider.mjs`.
    pub fn provider_script() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("oidc-provider/provider.mjs")
    }

    impl OidcProvider {
        /// Starts the provider for a console at `console_url` (its redirect URI and
        /// post-logout redirect URI) and waits until it serves.
        pub async fn start(options: &ProviderOptions, console_url: &str) -> OidcProvider {
            let mut provider = OidcProvider::listen(options).await;
            provider.serve_console(console_url).await;
            provider
        }

        /// Starts the provider on a port of its own and waits until it listens: its issuer and
        /// keys are known, but it serves nothing until [`OidcProvider::serve_console`] names
        /// the console (so the console's server can be started after it, on any free port).
        pub async fn listen(options: &ProviderOptions) -> OidcProvider {
            let dir = temp_dir("oidc-provider");
            let jwks_path = dir.join("jwks.json");
            let stderr_path = dir.join("stderr.log");
            let introspection_secret: String = {
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0);
                format!("secret-{}-{nanos}", std::process::id())
            };
            let node = std::env::var("NODE").unwrap_or_else(|_| "node".into());
            let script = provider_script();
            let mut child = Command::new(&node)
                .arg(&script)
                .args(["--port", "0", "--client-id", CLIENT_ID])
                .arg("--redirect-uri-from-stdin")
                .arg("--jwks-out")
                .arg(&jwks_path)
                .args(["--resource", RESOURCE, "--audience", AUDIENCE])
                .args(["--api-scope", AUDIENCE])
                .args([
                    "--access-token-ttl",
                    &options.access_token_ttl.as_secs().to_string(),
                ])
                .args([
                    "--refresh-token-ttl",
                    &options.refresh_token_ttl.as_secs().to_string(),
                ])
                .args(["--introspection-client-id", INTROSPECTOR])
                .args(["--introspection-secret", &introspection_secret])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(
                    std::fs::File::create(&stderr_path)
                        .map(Stdio::from)
                        .unwrap_or_else(|_| Stdio::null()),
                )
                .spawn()
                .unwrap_or_else(|e| {
                    panic!(
                        "cannot start {node} {}: {e} (Node 20 and scripts/node_modules/oidc-provider \
                         are needed: scripts/install-tools.sh)",
                        script.display()
                    )
                });
            let stdout = child.stdout.take().expect("piped stdout");
            let events = Arc::new(Mutex::new(Vec::new()));
            let (lines_tx, lines) = std::sync::mpsc::channel::<String>();
            {
                let events = events.clone();
                std::thread::spawn(move || {
                    for line in BufReader::new(stdout).lines() {
                        let Ok(line) = line else { break };
                        if let Ok(event) = serde_json::from_str::<Value>(&line) {
                            events.lock().unwrap().push(event);
                        } else {
                            let _ = lines_tx.send(line);
                        }
                    }
                });
            }
            let mut provider = OidcProvider {
                child,
                lines,
                stderr_path,
                issuer: String::new(),
                jwks_path,
                introspection_secret,
                events,
                dir,
            };
            provider.issuer = provider.wait_for_line("LISTENING ").await;
            assert!(provider.jwks_path.exists(), "the provider wrote no JWKS");
            provider
        }

        /// Names the console (its redirect and post-logout redirect URI) and waits until the
        /// provider serves.
        pub async fn serve_console(&mut self, console_url: &str) {
            let stdin = self.child.stdin.as_mut().expect("piped stdin");
            writeln!(stdin, "{console_url}")
                .and_then(|()| stdin.flush())
                .expect("the provider reads its redirect URI");
            let issuer = self.wait_for_line("READY ").await;
            assert_eq!(issuer, self.issuer);
        }

        /// The rest of the next stdout line that starts with `prefix`.
        async fn wait_for_line(&mut self, prefix: &str) -> String {
            let deadline = Instant::now() + WAIT;
            loop {
                if let Ok(line) = self.lines.try_recv() {
                    if let Some(rest) = line.strip_prefix(prefix) {
                        return rest.trim().to_string();
                    }
                    continue;
                }
                if let Ok(Some(status)) = self.child.try_wait() {
                    panic!(
                        "oidc-provider exited ({status}): {}",
                        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
                    );
                }
                assert!(
                    Instant::now() < deadline,
                    "oidc-provider never printed {prefix:?}: {}",
                    std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }

        /// Every event so far, oldest first.
        pub fn events(&self) -> Vec<Value> {
            self.events.lock().unwrap().clone()
        }

        /// The events called `name` (`grant.success`, `revocation`…).
        pub fn events_named(&self, name: &str) -> Vec<Value> {
            self.events()
                .into_iter()
                .filter(|e| e["event"] == name)
                .collect()
        }

        /// Waits for an event called `name` that `matches`, among those after the first `skip`.
        pub async fn wait_for_event(
            &self,
            name: &str,
            skip: usize,
            matches: impl Fn(&Value) -> bool,
        ) -> Value {
            let deadline = Instant::now() + WAIT;
            loop {
                if let Some(e) = self
                    .events()
                    .into_iter()
                    .skip(skip)
                    .find(|e| e["event"] == name && matches(e))
                {
                    return e;
                }
                assert!(
                    Instant::now() < deadline,
                    "the provider never reported {name}; events: {:#?}",
                    self.events()
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }

        /// Token grants of `grant_type` (`authorization_code`, `refresh_token`) so far.
        pub fn grants(&self, grant_type: &str) -> usize {
            self.events_named("grant.success")
                .iter()
                .filter(|e| e["grant_type"] == grant_type)
                .count()
        }

        /// The refresh token the provider issued last.
        pub fn last_refresh_token(&self) -> Option<String> {
            self.events_named("grant.success")
                .iter()
                .rev()
                .find_map(|e| e["refresh_token"].as_str().map(str::to_string))
        }

        /// The `state` of the last authorization request that needed the user (login or
        /// consent): the console's pending sign-in.
        pub fn last_interaction_state(&self) -> Option<String> {
            self.events_named("interaction.started")
                .iter()
                .rev()
                .find_map(|e| e["state"].as_str().map(str::to_string))
        }

        /// The provider's metadata (OpenID Connect Discovery).
        pub async fn discovery(&self) -> Value {
            reqwest::get(format!("{}/.well-known/openid-configuration", self.issuer))
                .await
                .expect("discovery answers")
                .json()
                .await
                .expect("discovery is JSON")
        }

        /// Token introspection (RFC 7662) by the test's confidential client: whether the
        /// provider still takes `token`, with its claims.
        pub async fn introspect(&self, token: &str) -> Value {
            let endpoint = self.discovery().await["introspection_endpoint"]
                .as_str()
                .expect("an introspection endpoint")
                .to_string();
            reqwest::Client::new()
                .post(endpoint)
                .basic_auth(INTROSPECTOR, Some(&self.introspection_secret))
                .form(&[("token", token)])
                .send()
                .await
                .expect("introspection answers")
                .json()
                .await
                .expect("introspection is JSON")
        }
    }

    /// The `config.json` that points a console (with the API at `api_base`) at the provider
    /// `issuer`: the endpoints come from its discovery document.
    pub fn console_config_json(api_base: &str, issuer: &str) -> String {
        serde_json::to_string_pretty(&json!({
            "apiBaseUrl": api_base,
            "issuer": issuer,
            "clientId": CLIENT_ID,
            "scopes": SCOPES,
            "redirectPath": "",
            "accountId": null,
            "environmentLabel": "oidc-provider"
        }))
        .expect("JSON")
    }

    impl Harness {
        /// Starts oidc-provider, then a sandbox (with `config`) that serves the console a
        /// `config.json` pointing at the provider and whose API trusts the provider's access
        /// tokens, then the browser. `options` sets the token lifetimes.
        pub async fn start_with_oidc_provider(
            mut config: SandboxConfig,
            options: impl FnOnce(&mut ProviderOptions),
        ) -> Harness {
            let mut provider_options = ProviderOptions::default();
            options(&mut provider_options);
            // The provider first (the sandbox must know its issuer and keys), then the sandbox
            // on any free port, then the provider learns the console's URL (its client's
            // redirect URI). `apiBaseUrl` is relative: the sandbox serves the API too.
            let mut provider = OidcProvider::listen(&provider_options).await;
            config.console_config_override = Some(console_config_json("/api/", &provider.issuer));
            config.trust_issuer = Some(provider.issuer.clone());
            config.trust_jwks = Some(provider.jwks_path.clone());
            config.trust_audience = Some(AUDIENCE.to_string());
            let mut h = Harness::start(config).await;
            provider.serve_console(&h.console_url()).await;
            h.provider = Some(provider);
            h
        }

        /// The provider of [`Harness::start_with_oidc_provider`].
        pub fn provider(&self) -> &OidcProvider {
            self.provider
                .as_ref()
                .expect("started with Harness::start_with_oidc_provider")
        }

        /// Whether the browser is on one of the provider's pages.
        pub async fn at_provider(&self) -> bool {
            self.current_url()
                .await
                .starts_with(&format!("{}/", self.provider().issuer))
        }

        /// Waits for the browser to be back on the console, past any provider page.
        pub async fn wait_back_in_console(&self) {
            let deadline = Instant::now() + WAIT;
            loop {
                let url = self.current_url().await;
                if url.starts_with(&self.console_url()) {
                    return;
                }
                assert!(
                    Instant::now() < deadline,
                    "still at {url}; page: {}",
                    self.page_text().await
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }

        /// Signs in at oidc-provider's development pages as `login` (any name works; its
        /// password is not checked), gives consent when asked, and waits to be back in the
        /// console. The browser must be on its way to the provider's login form.
        pub async fn sign_in_at_provider(&self, login: &str) {
            self.wait_for_provider_login_form().await;
            self.fill("input[name=login]", login).await;
            self.fill("input[name=password]", "any password").await;
            self.click("button.login-submit").await;
            // The consent page (first sign-in of this user with this client), then the console.
            let deadline = Instant::now() + WAIT;
            loop {
                let url = self.current_url().await;
                if url.starts_with(&self.console_url()) {
                    return;
                }
                if self.at_provider().await
                    && self.exists("form input[name=prompt][value=consent]").await
                {
                    self.click("button.login-submit").await;
                }
                assert!(
                    Instant::now() < deadline,
                    "not back in the console: {url}; page: {}",
                    self.page_text().await
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }

        /// Waits for the provider's login form (which only shows when it has no session).
        pub async fn wait_for_provider_login_form(&self) {
            let deadline = Instant::now() + WAIT;
            while !(self.at_provider().await && self.exists("input[name=login]").await) {
                assert!(
                    Instant::now() < deadline,
                    "no login form at the provider: {}; page: {}",
                    self.current_url().await,
                    self.page_text().await
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }

        /// At the provider's end-session page (RP-initiated logout): confirms, then waits to
        /// be back in the console (its post-logout redirect URI).
        pub async fn confirm_sign_out_at_provider(&self) {
            let deadline = Instant::now() + WAIT;
            loop {
                if self.current_url().await.starts_with(&self.console_url())
                    && !self.at_provider().await
                    && !self
                        .provider()
                        .events_named("end_session.success")
                        .is_empty()
                {
                    return;
                }
                if self.at_provider().await && self.exists("button[name=logout]").await {
                    self.click("button[name=logout]").await;
                }
                assert!(
                    Instant::now() < deadline,
                    "the provider did not end the session: {}; page: {}",
                    self.current_url().await,
                    self.page_text().await
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn the_config_names_the_issuer_and_no_endpoint() {
            let text = super::console_config_json("/api/", "http://127.0.0.1:2");
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["issuer"], "http://127.0.0.1:2");
            assert!(v.get("authorizeUrl").is_none() && v.get("tokenUrl").is_none());
        }
    }
}

impl Harness {
    /// Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is; one line per
    /// violation.
    pub async fn axe_violations(&self) -> Vec<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../scripts/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (scripts/install-tools.sh installs axe-core)",
                path.display()
            )
        });
        self.eval(&format!("{source}\nreturn true;")).await;
        let result = self
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
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::{failed_request, grouped, is_allowed_failure};

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(10_042), "10,042");
        assert_eq!(grouped(1_000_007), "1,000,007");
        assert_eq!(grouped(u64::MAX), "18,446,744,073,709,551,615");
    }

    const ORIGIN: &str = "http://127.0.0.1:4000";

    fn failure(url: &str, status: &str) -> String {
        format!("{url} - Failed to load resource: the server responded with a status of {status}")
    }

    #[test]
    fn a_failed_request_is_read_from_chromiums_message() {
        let m = failure("http://127.0.0.1:4000/api/x?a=1", "401 (Unauthorized)");
        assert_eq!(
            failed_request(&m),
            Some(("http://127.0.0.1:4000/api/x?a=1", 401))
        );
        assert_eq!(failed_request("Uncaught TypeError: 401"), None);
        assert_eq!(failed_request("console-api 1:2 \"401\""), None);
    }

    #[test]
    fn only_the_exact_framed_url_is_allowed() {
        let m = "security - Framing 'http://127.0.0.1:4000/' violates the following Content \
                 Security Policy directive: \"frame-ancestors https://p.example\".";
        let allowed = vec!["http://127.0.0.1:4000/".to_string()];
        assert!(super::is_allowed_frame_refusal(m, &allowed));
        let other = vec!["http://127.0.0.1:4000/x".to_string()];
        assert!(!super::is_allowed_frame_refusal(m, &other));
    }

    #[test]
    fn only_the_exact_url_and_status_are_allowed() {
        let allowed = vec![("/api/x".to_string(), 401)];
        let ok = failure("http://127.0.0.1:4000/api/x", "401 (Unauthorized)");
        assert!(is_allowed_failure(&ok, ORIGIN, &allowed));
        for other in [
            failure("http://127.0.0.1:4000/api/x", "400 (Bad Request)"),
            failure("http://127.0.0.1:4000/api/x?y=1", "401 (Unauthorized)"),
            failure("http://127.0.0.1:4000/api/xy", "401 (Unauthorized)"),
            failure("http://127.0.0.1:4001/api/x", "401 (Unauthorized)"),
            "Uncaught Error: /api/x 401".to_string(),
        ] {
            assert!(!is_allowed_failure(&other, ORIGIN, &allowed), "{other}");
        }
        let absolute = vec![("http://127.0.0.1:4000/api/x".to_string(), 401)];
        assert!(is_allowed_failure(&ok, ORIGIN, &absolute));
    }
}
