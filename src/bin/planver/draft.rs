//! `planver draft`: the text of the amendment order that turns the revision
//! in force on one date into the revision in force on another.

use chrono::NaiveDate;
use planver::cache::Scope;
use planver::{ActKind, DraftNoteKind, DraftOptions};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The bundle folder: plan.json and amendments/*.json.
    bundle: PathBuf,
    /// Amend the revision in force on this date (YYYY-MM-DD or DD.MM.YYYY)…
    #[arg(long, value_parser = crate::parse_date)]
    from: NaiveDate,
    /// …into the revision in force on this date.
    #[arg(long, value_parser = crate::parse_date)]
    to: NaiveDate,
    /// Write the text to this file instead of stdout.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// The order's number (default: ПРОЕКТ, and the text is marked «Проект»).
    #[arg(long)]
    number: Option<String>,
    /// The date the order is signed and takes effect (default: the date the
    /// later revision took effect).
    #[arg(long, value_parser = crate::parse_date)]
    date: Option<NaiveDate>,
    /// The kind of act: приказ, распоряжение, постановление, указ, решение
    /// (default: the kind of the act that approved the plan).
    #[arg(long, value_parser = parse_kind)]
    kind: Option<ActKind>,
    /// The issuer, in the genitive case, as citations print it («Минтруда
    /// России»; default: the issuer of the act that approved the plan).
    #[arg(long)]
    issuer: Option<String>,
}

/// A kind of act by its Russian name, in any letter case.
fn parse_kind(s: &str) -> Result<ActKind, String> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_lowercase())).map_err(|_| {
        format!(
            "unknown kind of act \"{s}\": expected приказ, распоряжение, постановление, указ, решение or закон"
        )
    })
}

/// Exit code 0 when the text, read back and applied, gives the later
/// revision exactly; 1 when the notes say what it does not do.
pub fn run(args: Args) -> Result<ExitCode, planver::Error> {
    let history = crate::load(&args.bundle, false, Scope::All)?;
    let from = history.revision_index_at(args.from)?;
    let to = history.revision_index_at(args.to)?;
    let mut options = DraftOptions::default();
    if let Some(kind) = args.kind {
        options = options.kind(kind);
    }
    if let Some(issuer) = args.issuer {
        options = options.issuer(issuer);
    }
    if let Some(number) = args.number {
        options = options.number(number);
    }
    if let Some(date) = args.date {
        options = options.date(date);
    }
    let draft = history.draft(from, to, &options);
    match &args.output {
        Some(path) => std::fs::write(path, &draft.text).map_err(|source| planver::Error::Io {
            path: path.clone(),
            source,
        })?,
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(draft.text.as_bytes()) {
                Ok(()) => {}
                // A closed pipe (`| head`) is not an error worth reporting.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(source) => {
                    return Err(planver::Error::Io {
                        path: "<stdout>".into(),
                        source,
                    });
                }
            }
        }
    }
    for note in &draft.notes {
        let level = match note.kind {
            DraftNoteKind::Inexact => "warning",
            _ => "note",
        };
        eprintln!("planver: {level}: {note}");
    }
    Ok(if draft.is_exact() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
