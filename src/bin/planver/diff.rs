//! `planver diff`: what changed between two dates, or what one act changed.

use chrono::NaiveDate;
use clap::ValueEnum;
use planver::cache::Scope;
use planver::render::{self, TextOptions};
use planver::{DiffOptions, History};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("range").required(true).args(["from", "act"])))]
pub struct Args {
    /// The bundle folder: plan.json and amendments/*.json.
    bundle: PathBuf,
    /// Compare the revision in force on this date (YYYY-MM-DD or DD.MM.YYYY)…
    #[arg(long, value_parser = crate::parse_date, requires = "to")]
    from: Option<NaiveDate>,
    /// …with the revision in force on this date.
    #[arg(long, value_parser = crate::parse_date, requires = "from")]
    to: Option<NaiveDate>,
    /// Compare the revision just before the act with this number took
    /// effect with the one just after («587»).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    act: Option<String>,
    /// Only this item, by its display number (in either revision).
    #[arg(long)]
    item: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Write to this file instead of stdout.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// Count differences of spacing, quotes and dashes as changes.
    #[arg(long)]
    exact_whitespace: bool,
    /// Unchanged words shown around each change in text output.
    #[arg(long, default_value_t = 6)]
    context: usize,
    /// Colour text output: auto (when writing to a terminal), always, never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Apply what can be applied instead of stopping at the first refused
    /// operation.
    #[arg(long)]
    lenient: bool,
}

/// Output of `planver diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Readable text with a word-level redline.
    Text,
    /// JSON, for tools (its JSON Schema: `planver::schema::diff()`).
    Json,
    /// A self-contained HTML page, printable on A4.
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn revisions(history: &History, args: &Args) -> Result<(usize, usize), planver::Error> {
    match (&args.act, args.from, args.to) {
        (Some(act), _, _) => history.act_revisions(act),
        (None, Some(from), Some(to)) => Ok((
            history.revision_index_at(from)?,
            history.revision_index_at(to)?,
        )),
        // clap requires one of the two forms.
        _ => Err(planver::Error::NoSuchAct(String::new())),
    }
}

pub fn run(args: Args) -> Result<ExitCode, planver::Error> {
    let scope = match (&args.act, args.from, args.to) {
        (Some(number), _, _) => Scope::Act {
            number: number.clone(),
            item: args.item.clone(),
        },
        (None, Some(from), Some(to)) => Scope::Between {
            from,
            to,
            item: args.item.clone(),
        },
        _ => Scope::All,
    };
    let history = crate::load(&args.bundle, args.lenient, scope)?;
    let (from, to) = revisions(&history, &args)?;
    let mut options = DiffOptions::default().exact_whitespace(args.exact_whitespace);
    if let Some(item) = &args.item {
        options = options.item(item.clone());
    }
    let diff = history.diff_with(from, to, &options)?;
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let body = match args.format {
        DiffFormat::Text => render::text(
            &diff,
            &TextOptions::default().color(color).context(args.context),
        ),
        DiffFormat::Json => {
            let mut s = render::json(&diff)?;
            s.push('\n');
            s
        }
        DiffFormat::Html => render::html(&diff),
    };
    match &args.output {
        Some(path) => std::fs::write(path, body).map_err(|source| planver::Error::Io {
            path: path.clone(),
            source,
        })?,
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(body.as_bytes()) {
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
    Ok(ExitCode::SUCCESS)
}
