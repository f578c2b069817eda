//! `planver import order|plan`: read the text people have — an amendment
//! order, a plan table — into planver's JSON, saying exactly what could not
//! be read, with the source line and a caret under the place.

use planver::Bundle;
use planver::import::{OrderDiagnostic, OrderMeta, OrderReadOptions, Severity};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand, Debug)]
enum What {
    /// Read an amendment order's text into order JSON. Errors (exit code 1)
    /// name the line and column; assumptions are printed as notes.
    Order {
        /// The order's text (UTF-8), as copied from a portal or database.
        file: PathBuf,
        /// A bundle whose plan resolves and checks items and columns, and
        /// whose orders the amended edition is checked against.
        #[arg(long)]
        plan: Option<PathBuf>,
        /// Facts beside the text (publication date, effective date, act
        /// number, kind, issuer, date, title); by default `<STEM>.meta.json`
        /// next to the text when it exists (`587.txt` → `587.meta.json`).
        #[arg(long)]
        meta: Option<PathBuf>,
        /// Write the order JSON here instead of stdout (not written when
        /// there are errors).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Read a plan table exported from .docx/.rtf into plan JSON.
    Plan {
        /// The plan's text (UTF-8).
        file: PathBuf,
        /// Write the plan JSON here instead of stdout (not written when
        /// the text cannot be read).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

pub fn run(args: Args) -> Result<ExitCode, planver::Error> {
    match args.what {
        What::Order {
            file,
            plan,
            meta,
            output,
        } => order(&file, plan.as_deref(), meta.as_deref(), output.as_deref()),
        What::Plan { file, output } => plan(&file, output.as_deref()),
    }
}

fn read_text(path: &Path) -> Result<String, planver::Error> {
    let bytes = std::fs::read(path).map_err(|source| planver::Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| planver::Error::Bundle {
        path: path.to_path_buf(),
        message: format!(
            "not valid UTF-8 (byte {} is not part of a UTF-8 character)",
            e.utf8_error().valid_up_to() + 1
        ),
    })
}

fn read_meta(path: &Path) -> Result<OrderMeta, planver::Error> {
    let text = read_text(path)?;
    serde_json::from_str(&text).map_err(|e| planver::Error::Bundle {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

fn order(
    file: &Path,
    bundle: Option<&Path>,
    meta: Option<&Path>,
    output: Option<&Path>,
) -> Result<ExitCode, planver::Error> {
    let text = read_text(file)?;
    let bundle = bundle.map(Bundle::load).transpose()?;
    let side = file.with_file_name(format!(
        "{}.meta.json",
        file.file_stem().and_then(|s| s.to_str()).unwrap_or("")
    ));
    let meta = match meta {
        Some(m) => read_meta(m)?,
        None if side.exists() => read_meta(&side)?,
        None => OrderMeta::default(),
    };
    let mut options = OrderReadOptions::new().meta(meta);
    if let Some(b) = &bundle {
        options = options.plan(&b.plan);
    }
    let import = planver::import::read_order(&text, &options);
    let mut diagnostics = import.diagnostics.clone();
    if let Some(b) = &bundle {
        diagnostics.extend(planver::import::edition_warnings(
            &import, &b.plan, &b.orders,
        ));
    }
    let mut report = String::new();
    for d in diagnostics.iter().chain(&import.assumptions) {
        report.push_str(&snippet(file, &text, d));
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let order = &import.order;
    let _ = writeln!(
        report,
        "{}: {} — {} operation{}, takes effect {}{}",
        file.display(),
        order.act,
        order.operations.len(),
        if order.operations.len() == 1 { "" } else { "s" },
        planver::format_date(order.effective_date()),
        if import
            .assumptions
            .iter()
            .any(|a| a.message.contains("effect") || a.message.contains("date signed"))
        {
            " (assumed, see the notes above)"
        } else {
            ""
        }
    );
    if errors > 0 {
        let _ = writeln!(
            report,
            "{errors} error{}: the order is incomplete and must not be applied",
            if errors == 1 { "" } else { "s" }
        );
    }
    eprint!("{report}");
    write_json(order, output, errors > 0)?;
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn plan(file: &Path, output: Option<&Path>) -> Result<ExitCode, planver::Error> {
    let text = read_text(file)?;
    match planver::import::read_plan(&text) {
        Ok(import) => {
            let mut report = String::new();
            for d in &import.diagnostics {
                report.push_str(&render(
                    file, &text, "note", d.line, d.column, 1, &d.message,
                ));
            }
            let _ = writeln!(
                report,
                "{}: {} items, {} columns, {} sections",
                file.display(),
                import.plan.items.len(),
                import.plan.columns.len(),
                import.plan.sections.len()
            );
            eprint!("{report}");
            write_json(&import.plan, output, false)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprint!(
                "{}",
                render(file, &text, "error", e.line, e.column, 1, &e.message)
            );
            Ok(ExitCode::from(1))
        }
    }
}

fn write_json<T: serde::Serialize>(
    value: &T,
    output: Option<&Path>,
    errors: bool,
) -> Result<(), planver::Error> {
    match output {
        None => crate::text::print_json(value),
        Some(_) if errors => {
            eprintln!("nothing written: fix the errors first");
            Ok(())
        }
        Some(path) => {
            let mut json =
                serde_json::to_string_pretty(value).map_err(|e| planver::Error::Output {
                    what: "JSON".into(),
                    message: e.to_string(),
                })?;
            json.push('\n');
            std::fs::write(path, json).map_err(|source| planver::Error::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    }
}

/// A diagnostic of the order reader with its source line and a caret under
/// the place; `planver check` can print a bundle's diagnostics with it.
pub fn snippet(path: &Path, text: &str, d: &OrderDiagnostic) -> String {
    render(
        path,
        text,
        &d.severity.to_string(),
        d.line,
        d.column,
        d.length,
        &d.message,
    )
}

/// How many characters of a long line are shown around the place.
const WINDOW: usize = 100;

/// Renders, rustc-style:
///
/// ```text
/// error: not understood: «переписать» does not fit the formula
///  --> order.txt:3:26
///   |
/// 3 | 1. В пункте 10 слова «А» переписать.
///   |                          ^^^^^^^^^^
/// ```
///
/// Columns count characters; tabs show as «→»; a long line is cut to a
/// window around the place, with «…».
fn render(
    path: &Path,
    text: &str,
    severity: &str,
    line: usize,
    column: usize,
    length: usize,
    message: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{severity}: {message}");
    let _ = writeln!(out, " --> {}:{line}:{column}", path.display());
    let Some(source) = text.lines().nth(line.saturating_sub(1)) else {
        return out;
    };
    let chars: Vec<char> = source
        .chars()
        .map(|c| if c == '\t' { '→' } else { c })
        .collect();
    let at = column.saturating_sub(1).min(chars.len());
    let len = length.clamp(1, WINDOW);
    let (start, lead) = if at > WINDOW / 2 && chars.len() > WINDOW {
        (at - WINDOW / 3, "…")
    } else {
        (0, "")
    };
    let end = (start + WINDOW).max(at + len).min(chars.len());
    let tail = if end < chars.len() { "…" } else { "" };
    let shown: String = chars[start..end].iter().collect();
    let gutter = line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{line} | {lead}{}{tail}", shown.trim_end());
    let offset = lead.chars().count() + (at - start);
    let carets = len.min(end.saturating_sub(at)).max(1);
    let _ = writeln!(out, "{pad} | {}{}", " ".repeat(offset), "^".repeat(carets));
    out
}
