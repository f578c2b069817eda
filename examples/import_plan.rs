//! Reads a plan from exported text and prints it as planver JSON.
//!
//! ```text
//! cargo run --example import_plan -- fixtures/seeds/000_73cc27860602cb3c.txt > plan.json
//! ```
//!
//! The plan goes to standard output, pretty-printed; what the reader
//! repaired or doubted goes to standard error, one line each, so that it
//! can be checked against the source before the JSON is committed.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("usage: import_plan <exported-text-file>");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let import = match planver::import::read_plan(&text) {
        Ok(import) => import,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    for d in &import.diagnostics {
        eprintln!("{path}: {d}");
    }
    match serde_json::to_string_pretty(&import.plan) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::FAILURE
        }
    }
}
