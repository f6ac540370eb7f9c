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
    let dir = std::env::temp_dir().join(format!("mobileid-e2e-{label}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// A sandbox configuration for a test, serving the built console.
pub fn sandbox_config(label: &str) -> SandboxConfig {
    let mut config = SandboxConfig::new(0, temp_dir(label));
    config.dist_dir = Some(dist_dir());
    config
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub struct Harness {
    pub sandbox: Sandbox,
    pub browser: Client,
    /// Console messages already checked by [`Harness::take_console_errors`].
    allowed_errors: Vec<String>,
    _driver: Driver,
    profile: PathBuf,
}

/// chromedriver's legacy log endpoint: Chromium's console messages.
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "type": "browser" }).to_string()))
    }
}

impl Harness {
    /// Starts a sandbox with `config`, chromedriver and a fresh headless Chromium.
    pub async fn start(config: SandboxConfig) -> Harness {
        let sandbox = mobileid_sandbox::start(config).await.expect("sandbox starts");
        let port = free_port();
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let driver = Driver(
            Command::new(&chromedriver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {chromedriver}: {e}")),
        );
        let deadline = Instant::now() + WAIT;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
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
                ]
            }),
        );
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let browser = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a chromedriver session");
        Harness { sandbox, browser, allowed_errors: Vec::new(), _driver: driver, profile }
    }

    /// The console's URL (with a trailing slash).
    pub fn console_url(&self) -> String {
        self.sandbox.url()
    }

    pub async fn open_console(&self) {
        self.browser.goto(&self.console_url()).await.expect("console loads");
    }

    pub async fn find(&self, css: &str) -> Element {
        self.browser
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}; page: {}", self.page_excerpt_blocking()))
    }

    pub async fn exists(&self, css: &str) -> bool {
        self.browser.find(Locator::Css(css)).await.is_ok()
    }

    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
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
                panic!("{css} never showed {expected:?}; page: {}", self.page_text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        el.clear().await.ok();
        el.send_keys(text).await.unwrap_or_else(|e| panic!("cannot type into {css}: {e}"));
    }

    pub async fn page_text(&self) -> String {
        match self.browser.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    fn page_excerpt_blocking(&self) -> String {
        "(see the assertion above)".into()
    }

    pub async fn eval(&self, script: &str) -> Value {
        self.browser.execute(script, vec![]).await.expect("script runs")
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
        self.browser.current_url().await.map(|u| u.to_string()).unwrap_or_default()
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

    /// Console messages at error level (uncaught exceptions, panics, CSP violations…).
    pub async fn take_console_errors(&mut self) -> Vec<String> {
        let log = self.browser.issue_cmd(BrowserLog).await.unwrap_or(Value::Null);
        let errors: Vec<String> = log
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|e| e["level"] == "SEVERE")
                    .filter_map(|e| e["message"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        errors.into_iter().filter(|e| !self.allowed_errors.iter().any(|a| e.contains(a))).collect()
    }

    /// Console errors containing `fragment` are expected from now on (e.g. a 401 the test
    /// provokes, which Chromium logs as a failed resource load).
    pub fn allow_console_error(&mut self, fragment: &str) {
        self.allowed_errors.push(fragment.to_string());
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
