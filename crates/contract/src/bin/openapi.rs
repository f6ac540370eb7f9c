//! Writes `openapi.yaml`: to the path given, or to standard output.
//!
//! `cargo run -p mobileid-admin-contract --features openapi --bin openapi -- openapi.yaml`

use std::process::ExitCode;

fn main() -> ExitCode {
    let text = mobileid_admin_contract::openapi::yaml();
    match std::env::args_os().nth(1) {
        Some(path) => match std::fs::write(&path, text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("openapi: {}: {e}", path.to_string_lossy());
                ExitCode::FAILURE
            }
        },
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
    }
}
