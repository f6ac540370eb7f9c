//! `endpoints-from-openapi [--base-path /mobileid/admin] FILE`: reads an OpenAPI document
//! (YAML or JSON; `-` for stdin) and prints the `endpoints` map (operationId → `"METHOD path"`)
//! for the console's `config.json` or the sandbox's `--endpoints`. The operations it cannot
//! match, and those of the Admin API it does not find, go to stderr. See
//! [`mobileid_sandbox::openapi_endpoints`].

use mobileid_sandbox::openapi_endpoints::{extract, parse_document, DEFAULT_BASE_PATH};
use std::io::Read;

const USAGE: &str = "endpoints-from-openapi [--base-path PATH] FILE
  Prints the endpoints map (operationId -> \"METHOD path\") of an OpenAPI document (YAML or
  JSON, - for stdin), paths relative to the API base, for config.json's `endpoints` or the
  sandbox's --endpoints. Operations are matched by summary (case, spaces and punctuation
  ignored), else by operationId; what it cannot match is listed on stderr.
  --base-path PATH    the API base's path (default /mobileid/admin)";

fn fail(message: &str) -> ! {
    eprintln!("endpoints-from-openapi: {message}");
    std::process::exit(2)
}

fn main() {
    let mut base_path = DEFAULT_BASE_PATH.to_string();
    let mut file = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            "--base-path" => {
                base_path = args
                    .next()
                    .unwrap_or_else(|| fail(&format!("--base-path needs a value\n{USAGE}")));
            }
            _ if file.is_none() => file = Some(arg),
            other => fail(&format!("unexpected {other}\n{USAGE}")),
        }
    }
    let Some(file) = file else {
        fail(USAGE);
    };
    let text = if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .unwrap_or_else(|e| fail(&format!("cannot read stdin: {e}")));
        text
    } else {
        std::fs::read_to_string(&file).unwrap_or_else(|e| fail(&format!("cannot read {file}: {e}")))
    };
    let document = parse_document(&text).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
    let extracted = extract(&document, &base_path);
    for note in &extracted.notes {
        eprintln!("note: {note}");
    }
    for operation in &extracted.unmatched {
        eprintln!("not matched: {operation}");
    }
    for id in &extracted.missing {
        eprintln!("not in the document: {id}");
    }
    let json = serde_json::to_string_pretty(&extracted.endpoints).unwrap_or_default();
    println!("{json}");
    if extracted.endpoints.is_empty() {
        std::process::exit(1);
    }
}
