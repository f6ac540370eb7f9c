//! `mobileid-sandbox`: runs the sandbox until Ctrl-C.

use mobileid_sandbox::{start, FaultConfig, SandboxConfig};
use std::path::PathBuf;
use std::time::Duration;

const USAGE: &str = "mobileid-sandbox [--port N] [--data-dir DIR] [--dist DIR] [--base-path /path/]
                 [--user NAME] [--password PASS] [--access-token-ttl SECONDS]
                 [--redirect-uri URI]... [--faults RATE] [--fault-latency-ms MS]
                 [--wrong-certificate-fingerprint] [--print-access-token]
                 [--reject-property NAME=REASON]... [--endpoints FILE]
                 [--session-ttl SECONDS] [--trust-issuer URL --trust-jwks FILE]
                 [--trust-audience AUD] [--frame-ancestors ORIGIN...]
  --redirect-uri URI  also accept URI as a redirect URI and post-logout redirect URI (besides
                      the console's own URL at 127.0.0.1 and localhost)
  --session-ttl SECONDS
                      absolute lifetime of a sign-in at the provider (the SSO cookie) and of
                      the refresh tokens issued in it (default 28800, 8 h)
  --trust-issuer URL  also accept access tokens of this OpenID provider (its exact `iss`) as
                      the demo admin; their signature is checked with --trust-jwks
  --trust-jwks FILE   the provider's public keys: a JWKS JSON file (EC P-256 for ES256, RSA
                      for RS256), re-read when a token names an unknown key
  --trust-audience AUD
                      the `aud` the provider's tokens must contain (default mobileid-admin)
  --frame-ancestors ORIGIN...
                      let these portal origins frame the console (CSP frame-ancestors on the
                      console's files; default 'none'); repeatable, or several separated by
                      commas or spaces; the console's config.json lists them as
                      embedding.parentOrigins. https, or http on loopback; never *
  --endpoints FILE    serve the operations where FILE puts them: a JSON object
                      {\"operationId\": \"METHOD path\"} (paths relative to the API base; what
                      endpoints-from-openapi prints); the console's config.json gets the same map
  --reject-property NAME=REASON
                      refuse every update of property NAME with invalidParams REASON (a
                      server-side rule the console cannot know)
  --print-access-token
                      print an access token of the demo user for this data directory and exit
                      (for API tools: curl, Schemathesis); it lasts --access-token-ttl seconds
  --faults RATE       answer RATE (0 to 1) of API requests with a 503 or a 429 (Retry-After: 1)
                      and delay the others by up to --fault-latency-ms (default 300)
  --wrong-certificate-fingerprint
                      answer a wrong sha256Fingerprint for the first signing certificate
Environment: MOBILEID_SANDBOX_USER, MOBILEID_SANDBOX_PASSWORD override the demo login.";

/// The latency `--faults` adds at most, unless `--fault-latency-ms` says otherwise.
const DEFAULT_FAULT_LATENCY_MS: u64 = 300;

fn main() {
    let mut config = SandboxConfig::new(8080, PathBuf::from(".sandbox-data"));
    if let Ok(user) = std::env::var("MOBILEID_SANDBOX_USER") {
        config.oauth.users[0].username = user;
    }
    if let Ok(password) = std::env::var("MOBILEID_SANDBOX_PASSWORD") {
        config.oauth.users[0].password = password;
    }
    let mut print_token = false;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next().unwrap_or_else(|| {
                eprintln!("{flag} needs a value\n{USAGE}");
                std::process::exit(2)
            })
        };
        match flag.as_str() {
            "--port" => config.port = value().parse().expect("--port takes a number"),
            "--data-dir" => config.data_dir = value().into(),
            "--dist" => config.dist_dir = Some(value().into()),
            "--base-path" => config.base_path = value(),
            "--user" => config.oauth.users[0].username = value(),
            "--password" => config.oauth.users[0].password = value(),
            "--access-token-ttl" => {
                let secs = value().parse().expect("--access-token-ttl takes seconds");
                config.oauth.access_token_ttl = Duration::from_secs(secs);
            }
            "--redirect-uri" => config.oauth.extra_redirect_uris.push(value()),
            "--session-ttl" => {
                let secs = value().parse().expect("--session-ttl takes seconds");
                config.oauth.session_ttl = Duration::from_secs(secs);
            }
            "--trust-issuer" => config.trust_issuer = Some(value()),
            "--trust-jwks" => config.trust_jwks = Some(value().into()),
            "--trust-audience" => config.trust_audience = Some(value()),
            "--frame-ancestors" => {
                for origin in value().split([',', ' ']).filter(|o| !o.is_empty()) {
                    match mobileid_admin_contract::embedding::check_parent_origin(origin) {
                        Ok(origin) => config.frame_ancestors.push(origin),
                        Err(e) => {
                            eprintln!("--frame-ancestors: {e}\n{USAGE}");
                            std::process::exit(2);
                        }
                    }
                }
            }
            "--faults" => {
                let rate: f64 = value().parse().expect("--faults takes a rate from 0 to 1");
                if !(0.0..=1.0).contains(&rate) {
                    eprintln!("--faults takes a rate from 0 to 1\n{USAGE}");
                    std::process::exit(2);
                }
                let latency_ms = config
                    .faults
                    .map_or(DEFAULT_FAULT_LATENCY_MS, |f| f.latency_ms);
                config.faults = Some(FaultConfig { rate, latency_ms });
            }
            "--fault-latency-ms" => {
                let latency_ms = value()
                    .parse()
                    .expect("--fault-latency-ms takes milliseconds");
                let rate = config.faults.map_or(0.0, |f| f.rate);
                config.faults = Some(FaultConfig { rate, latency_ms });
            }
            "--endpoints" => {
                let file = PathBuf::from(value());
                config.endpoints = mobileid_sandbox::load_endpoints(&file).unwrap_or_else(|e| {
                    eprintln!("--endpoints: {e}");
                    std::process::exit(2)
                });
            }
            "--wrong-certificate-fingerprint" => config.wrong_certificate_fingerprint = true,
            "--print-access-token" => print_token = true,
            "--reject-property" => {
                let rule = value();
                let Some((name, reason)) = rule.split_once('=') else {
                    eprintln!("--reject-property takes NAME=REASON\n{USAGE}");
                    std::process::exit(2);
                };
                config
                    .property_rejections
                    .push((name.trim().to_string(), reason.trim().to_string()));
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => {
                eprintln!("unknown option {other}\n{USAGE}");
                std::process::exit(2);
            }
        }
    }
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
