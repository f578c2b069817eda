//! `planver check`: load, apply everything, verify expectations.

use crate::{Format, text};
use planver::{Bundle, DeadlineFinding, Mode, Options};
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
    /// Fail (exit code 1) on warnings too, such as implausible deadlines.
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: Args) -> Result<ExitCode, planver::Error> {
    let bundle = Bundle::load(&args.bundle)?;
    let report = bundle.check()?;
    let warnings = warnings(&bundle)?;
    let text_warnings = bundle
        .diagnostics
        .iter()
        .filter(|(_, d)| d.severity == planver::import::Severity::Warning)
        .count();
    let denied = args.deny_warnings && (!warnings.is_empty() || text_warnings > 0);
    let code = if report.is_clean() && !denied {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    match args.format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                clean: bool,
                orders: usize,
                expectations: usize,
                refused: Vec<String>,
                failed: Vec<FailedJson>,
                warnings: &'a [DeadlineFinding],
                text_orders: Vec<TextJson>,
            }
            /// What the reader of a `.txt` order warned about or assumed.
            #[derive(Serialize)]
            struct TextJson {
                path: String,
                severity: String,
                line: usize,
                column: usize,
                message: String,
            }
            #[derive(Serialize)]
            struct FailedJson {
                index: usize,
                note: Option<String>,
                message: String,
            }
            text::print_json(&Out {
                clean: report.is_clean() && !denied,
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
                warnings: &warnings,
                text_orders: bundle
                    .diagnostics
                    .iter()
                    .map(|(path, d)| TextJson {
                        path: path.display().to_string(),
                        severity: d.severity.to_string(),
                        line: d.line,
                        column: d.column,
                        message: d.message.clone(),
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
            // What the reader of `.txt` orders warned about or assumed, with
            // the source line underlined.
            for (path, d) in &bundle.diagnostics {
                match std::fs::read_to_string(path) {
                    Ok(source) => {
                        let _ = writeln!(out, "{}", crate::import::snippet(path, &source, d));
                    }
                    Err(_) => {
                        let _ = writeln!(
                            out,
                            "{}: {}:{}:{}: {}",
                            d.severity,
                            path.display(),
                            d.line,
                            d.column,
                            d.message
                        );
                    }
                }
            }
            let _ = writeln!(out, "{report}");
            for w in &warnings {
                let _ = writeln!(out, "warning: {w}");
            }
            match (report.is_clean(), warnings.len() + text_warnings) {
                (false, _) => {}
                (true, 0) => {
                    let _ = writeln!(out, "ok");
                }
                (true, n) if denied => {
                    let _ = writeln!(out, "{n} warning(s), denied by --deny-warnings");
                }
                (true, n) => {
                    let _ = writeln!(out, "ok, {n} warning(s)");
                }
            }
            text::print(&out);
        }
    }
    Ok(code)
}

/// Deadlines that look wrong, in every wording the bundle has had.
fn warnings(bundle: &Bundle) -> Result<Vec<DeadlineFinding>, planver::Error> {
    let history = bundle.history_with(&Options::default().mode(Mode::Lenient))?;
    Ok(planver::lint_deadlines(&history))
}
