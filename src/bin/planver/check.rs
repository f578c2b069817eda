//! `planver check`: load, apply everything, verify expectations.

use crate::{Format, text};
use planver::Bundle;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The bundle folder: plan.json, amendments/*.json, expectations.json.
    bundle: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(args: Args) -> Result<ExitCode, planver::Error> {
    let bundle = Bundle::load(&args.bundle)?;
    let report = bundle.check()?;
    let code = if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    match args.format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out {
                clean: bool,
                orders: usize,
                expectations: usize,
                refused: Vec<String>,
                failed: Vec<FailedJson>,
            }
            #[derive(Serialize)]
            struct FailedJson {
                index: usize,
                note: Option<String>,
                message: String,
            }
            text::print_json(&Out {
                clean: report.is_clean(),
                orders: bundle.orders.len(),
                expectations: report.expectations,
                refused: report
                    .refusals
                    .iter()
                    .map(|r| r.error.to_string())
                    .collect(),
                failed: report
                    .failures
                    .iter()
                    .map(|f| FailedJson {
                        index: f.index,
                        note: f.expectation.note.clone(),
                        message: f.message.clone(),
                    })
                    .collect(),
            })?;
        }
        Format::Text => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{}: plan {} items, {} order(s)",
                args.bundle.display(),
                bundle.plan.items.len(),
                bundle.orders.len()
            );
            let _ = writeln!(out, "{report}");
            if report.is_clean() {
                let _ = writeln!(out, "ok");
            }
            text::print(&out);
        }
    }
    Ok(code)
}
