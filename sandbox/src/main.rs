//! `mobileid-sandbox`: runs the sandbox until Ctrl-C.

use mobileid_sandbox::{start, SandboxConfig};
use std::path::PathBuf;
use std::time::Duration;

const USAGE: &str = "mobileid-sandbox [--port N] [--data-dir DIR] [--dist DIR] [--base-path /path/]
                 [--user NAME] [--password PASS] [--access-token-ttl SECONDS]
                 [--redirect-uri URI]...
Environment: MOBILEID_SANDBOX_USER, MOBILEID_SANDBOX_PASSWORD override the demo login.";

fn main() {
    let mut config = SandboxConfig::new(8080, PathBuf::from(".sandbox-data"));
    if let Ok(user) = std::env::var("MOBILEID_SANDBOX_USER") {
        config.oauth.users[0].username = user;
    }
    if let Ok(password) = std::env::var("MOBILEID_SANDBOX_PASSWORD") {
        config.oauth.users[0].password = password;
    }
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
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async move {
        let user = config.oauth.users[0].clone();
        let has_console = config.dist_dir.is_some();
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
            "Demo login:                 {} / {}",
            user.username, user.password
        );
        println!("Press Ctrl-C to stop.");
        let _ = tokio::signal::ctrl_c().await;
        sandbox.stop().await;
    });
}
