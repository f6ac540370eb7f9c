//! `mobileid-sandbox`: runs the sandbox until Ctrl-C.

use clap::Parser;
use mobileid_sandbox::{start, FaultConfig, SandboxConfig};
use std::path::PathBuf;
use std::time::Duration;

/// The latency `--faults` adds at most, unless `--fault-latency-ms` says otherwise.
const DEFAULT_FAULT_LATENCY_MS: u64 = 300;

/// A local, stateful emulator of the Signicat MobileID Admin API, with an OpenID provider and
/// a static server for the built console.
#[derive(Debug, Parser)]
#[command(
    name = "mobileid-sandbox",
    max_term_width = 100,
    after_help = "Environment: MOBILEID_SANDBOX_USER, MOBILEID_SANDBOX_PASSWORD override the demo login."
)]
struct Options {
    /// The port on 127.0.0.1 (0: any free port)
    #[arg(long, value_name = "N", default_value_t = 8080)]
    port: u16,
    /// Where the sandbox keeps its state (SQLite), created on first start
    #[arg(long, value_name = "DIR", default_value = ".sandbox-data")]
    data_dir: PathBuf,
    /// Serve the built console from DIR (without it: the API and the sign-in only)
    #[arg(long = "dist", value_name = "DIR")]
    dist: Option<PathBuf>,
    /// Where the console is mounted, e.g. /admin/mobileid/ (default /)
    #[arg(long, value_name = "/path/")]
    base_path: Option<String>,
    /// The demo user's name (default admin)
    #[arg(long, value_name = "NAME", env = "MOBILEID_SANDBOX_USER")]
    user: Option<String>,
    /// The demo user's password (default mobileid)
    #[arg(
        long,
        value_name = "PASS",
        env = "MOBILEID_SANDBOX_PASSWORD",
        hide_env_values = true
    )]
    password: Option<String>,
    /// Lifetime of the access tokens (default 300, 5 min)
    #[arg(long, value_name = "SECONDS")]
    access_token_ttl: Option<u64>,
    /// Also accept URI as a redirect URI and post-logout redirect URI (besides the console's
    /// own URL at 127.0.0.1 and localhost); repeatable
    #[arg(long, value_name = "URI")]
    redirect_uri: Vec<String>,
    /// Absolute lifetime of a sign-in at the provider (the SSO cookie) and of the refresh
    /// tokens issued in it (default 28800, 8 h)
    #[arg(long, value_name = "SECONDS")]
    session_ttl: Option<u64>,
    /// Also accept access tokens of this OpenID provider (its exact `iss`) as the demo admin;
    /// their signature is checked with --trust-jwks
    #[arg(long, value_name = "URL", requires = "trust_jwks")]
    trust_issuer: Option<String>,
    /// The provider's public keys: a JWKS JSON file (EC P-256 for ES256, RSA for RS256),
    /// re-read when a token names an unknown key
    #[arg(long, value_name = "FILE", requires = "trust_issuer")]
    trust_jwks: Option<PathBuf>,
    /// The `aud` the provider's tokens must contain (default mobileid-admin)
    #[arg(long, value_name = "AUD")]
    trust_audience: Option<String>,
    /// Let these portal origins frame the console (CSP frame-ancestors on the console's files;
    /// default 'none'); repeatable, or several separated by commas or spaces; the console's
    /// config.json lists them as embedding.parentOrigins. https, or http on loopback; never *
    #[arg(long, value_name = "ORIGIN...", value_parser = parent_origins)]
    frame_ancestors: Vec<ParentOrigins>,
    /// Serve the operations where FILE puts them: a JSON object {"operationId": "METHOD path"}
    /// (paths relative to the API base; what endpoints-from-openapi prints); the console's
    /// config.json gets the same map
    #[arg(long, value_name = "FILE")]
    endpoints: Option<PathBuf>,
    /// Refuse every update of property NAME with invalidParams REASON (a server-side rule the
    /// console cannot know); repeatable
    #[arg(long, value_name = "NAME=REASON", value_parser = property_rejection)]
    reject_property: Vec<(String, String)>,
    /// Print an access token of the demo user for this data directory and exit (for API tools:
    /// curl, Schemathesis); it lasts --access-token-ttl seconds
    #[arg(long)]
    print_access_token: bool,
    /// Answer RATE (0 to 1) of API requests with a 503 or a 429 (Retry-After: 1) and delay the
    /// others by up to --fault-latency-ms (default 300)
    #[arg(long, value_name = "RATE", value_parser = fault_rate)]
    faults: Option<f64>,
    /// The most a request that does not fail is delayed (alone: delays without failures)
    #[arg(long, value_name = "MS")]
    fault_latency_ms: Option<u64>,
    /// Answer a wrong sha256Fingerprint for the first signing certificate
    #[arg(long)]
    wrong_certificate_fingerprint: bool,
}

/// The origins of one `--frame-ancestors`, checked.
#[derive(Clone, Debug)]
struct ParentOrigins(Vec<String>);

fn parent_origins(value: &str) -> Result<ParentOrigins, String> {
    value
        .split([',', ' '])
        .filter(|o| !o.is_empty())
        .map(parent_origin)
        .collect::<Result<_, _>>()
        .map(ParentOrigins)
}

/// One portal origin as the console's `embedding.parentOrigins` accepts it: exactly an origin
/// (what the browser sends as `Origin`: no path, no trailing slash, no wildcard), https, or
/// http on the loopback address.
fn parent_origin(text: &str) -> Result<String, String> {
    // The URL parser takes `*` as part of a host name.
    if text.contains('*') {
        return Err(format!("{text:?} is a wildcard; list each portal origin"));
    }
    let url = url::Url::parse(text).map_err(|e| format!("{text:?} is not an origin: {e}"))?;
    let origin = url.origin().ascii_serialization();
    if origin != text {
        return Err(format!("{text:?} is not an origin such as {origin:?}"));
    }
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match url.scheme() {
        "https" => Ok(origin),
        "http" if loopback => Ok(origin),
        _ => Err(format!(
            "{text:?} must be https (http only on 127.0.0.1 or localhost)"
        )),
    }
}

fn property_rejection(value: &str) -> Result<(String, String), String> {
    let (name, reason) = value.split_once('=').ok_or("takes NAME=REASON")?;
    Ok((name.trim().to_string(), reason.trim().to_string()))
}

fn fault_rate(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err("takes a rate from 0 to 1".into()),
    }
}

impl Options {
    /// The sandbox these options describe; `--endpoints` is read here.
    fn sandbox_config(self) -> Result<SandboxConfig, String> {
        let mut config = SandboxConfig::new(self.port, self.data_dir);
        config.dist_dir = self.dist;
        let user = &mut config.oauth.users[0];
        if let Some(username) = self.user {
            user.username = username;
        }
        if let Some(password) = self.password {
            user.password = password;
        }
        if let Some(base_path) = self.base_path {
            config.base_path = base_path;
        }
        if let Some(secs) = self.access_token_ttl {
            config.oauth.access_token_ttl = Duration::from_secs(secs);
        }
        config.oauth.extra_redirect_uris = self.redirect_uri;
        if let Some(secs) = self.session_ttl {
            config.oauth.session_ttl = Duration::from_secs(secs);
        }
        config.trust_issuer = self.trust_issuer;
        config.trust_jwks = self.trust_jwks;
        config.trust_audience = self.trust_audience;
        config.frame_ancestors = self.frame_ancestors.into_iter().flat_map(|o| o.0).collect();
        if self.faults.is_some() || self.fault_latency_ms.is_some() {
            config.faults = Some(FaultConfig {
                rate: self.faults.unwrap_or(0.0),
                latency_ms: self.fault_latency_ms.unwrap_or(DEFAULT_FAULT_LATENCY_MS),
            });
        }
        if let Some(file) = self.endpoints {
            config.endpoints = mobileid_sandbox::load_endpoints(&file)?;
        }
        config.wrong_certificate_fingerprint = self.wrong_certificate_fingerprint;
        config.property_rejections = self.reject_property;
        Ok(config)
    }
}

fn main() {
    let options = Options::parse();
    let print_token = options.print_access_token;
    let config = options.sandbox_config().unwrap_or_else(|e| {
        eprintln!("--endpoints: {e}");
        std::process::exit(2)
    });
    if print_token {
        match mobileid_sandbox::demo_access_token(config) {
            Ok(token) => println!("{token}"),
            Err(e) => {
                eprintln!("mobileid-sandbox: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async move {
        let user = config.oauth.users[0].clone();
        let has_console = config.dist_dir.is_some();
        let faults = config.faults;
        let moved = mobileid_sandbox::console::moved_endpoints(&config.endpoints).len();
        let trusted = config.trust_issuer.clone();
        let sandbox = match start(config).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("mobileid-sandbox: cannot start: {e}");
                std::process::exit(1);
            }
        };
        if has_console {
            println!("MobileID console (sandbox): {}", sandbox.url());
        }
        println!("Admin API:                  {}", sandbox.api_base());
        println!(
            "OpenID provider (issuer):   {}",
            sandbox.state.issuer()
        );
        if let Some(issuer) = trusted {
            println!("Also trusted (tokens):      {issuer}");
        }
        println!(
            "Demo login:                 {} / {}",
            user.username, user.password
        );
        if let Some(f) = faults {
            println!(
                "Fault injection:            {:.0}% of API requests fail (503/429), others wait up to {} ms",
                f.rate * 100.0,
                f.latency_ms
            );
        }
        if moved > 0 {
            println!("Moved operations (--endpoints): {moved}");
        }
        println!("Press Ctrl-C to stop.");
        let _ = tokio::signal::ctrl_c().await;
        sandbox.stop().await;
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn config(args: &[&str]) -> SandboxConfig {
        let options = Options::try_parse_from([&["mobileid-sandbox"], args].concat())
            .unwrap_or_else(|e| panic!("{args:?}: {e}"));
        options.sandbox_config().expect("a config")
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Options::command().debug_assert();
    }

    #[test]
    fn options_set_the_sandbox_config_and_absent_ones_keep_its_defaults() {
        let defaults = config(&[]);
        let built_in = SandboxConfig::new(8080, PathBuf::from(".sandbox-data"));
        assert_eq!(defaults.port, built_in.port);
        assert_eq!(defaults.data_dir, built_in.data_dir);
        assert_eq!(defaults.base_path, built_in.base_path);
        assert_eq!(
            defaults.oauth.access_token_ttl,
            built_in.oauth.access_token_ttl
        );
        assert_eq!(defaults.faults, None);

        let set = config(&[
            "--port=9",
            "--base-path",
            "/admin/mobileid/",
            "--user",
            "carol",
            "--access-token-ttl",
            "60",
            "--redirect-uri",
            "http://a/",
            "--redirect-uri",
            "http://b/",
            "--frame-ancestors",
            "http://127.0.0.1:9000, https://portal.example",
            "--frame-ancestors",
            "https://other.example",
            "--reject-property",
            " apnsBundleId = not registered ",
            "--fault-latency-ms",
            "5",
            "--wrong-certificate-fingerprint",
        ]);
        assert_eq!(set.port, 9);
        assert_eq!(set.base_path, "/admin/mobileid/");
        assert_eq!(set.oauth.users[0].username, "carol");
        assert_eq!(
            set.oauth.users[0].password,
            built_in.oauth.users[0].password
        );
        assert_eq!(set.oauth.access_token_ttl, Duration::from_secs(60));
        assert_eq!(set.oauth.extra_redirect_uris, ["http://a/", "http://b/"]);
        assert_eq!(
            set.frame_ancestors,
            [
                "http://127.0.0.1:9000",
                "https://portal.example",
                "https://other.example"
            ]
        );
        assert_eq!(
            set.property_rejections,
            [("apnsBundleId".to_string(), "not registered".to_string())]
        );
        // The latency alone: delays without failures.
        assert_eq!(
            set.faults,
            Some(FaultConfig {
                rate: 0.0,
                latency_ms: 5
            })
        );
        assert!(set.wrong_certificate_fingerprint);
        assert_eq!(
            config(&["--faults", "0.25"]).faults,
            Some(FaultConfig {
                rate: 0.25,
                latency_ms: DEFAULT_FAULT_LATENCY_MS
            })
        );
    }

    #[test]
    fn parent_origins_are_origins_only() {
        for good in [
            "https://portal.example",
            "https://portal.example:8443",
            "http://127.0.0.1:9000",
            "http://localhost:9000",
        ] {
            assert_eq!(parent_origin(good).as_deref(), Ok(good));
        }
        for bad in [
            "*",
            "https://*.example",
            "https://portal.example/",
            "https://portal.example/app",
            "https://portal.example?x=1",
            "https://user@portal.example",
            "http://portal.example",
            "portal.example",
            "null",
        ] {
            assert!(parent_origin(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn bad_values_are_refused_naming_the_option() {
        for args in [
            &["--faults", "1.5"][..],
            &["--faults", "often"],
            &["--reject-property", "no-reason"],
            &["--frame-ancestors", "*"],
            &["--port", "70000"],
            &["--trust-issuer", "https://id.example"],
            &["--unknown"],
        ] {
            let err = Options::try_parse_from([&["mobileid-sandbox"], args].concat())
                .expect_err("refused");
            assert!(err.to_string().contains(args[0]), "{args:?}: {err}");
        }
    }
}
