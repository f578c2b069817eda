//! `planver`: the plan in force on a date, its history, and checks, for
//! people at a terminal and for tools (`--format json`).

mod at;
mod check;
mod diff;
mod draft;
mod import;
mod index;
mod log;
mod text;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use planver::cache::{Cache, Scope};
use planver::{Bundle, History, Mode, Options};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Amendment-aware plan versioning: the text in force on any date, and
/// which act gave each cell its wording.
#[derive(Parser, Debug)]
#[command(name = "planver", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Build the history from the bundle, without reading or writing the
    /// history index (see `planver index`).
    #[arg(long, global = true)]
    no_cache: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// The plan, or one item, in force on a date, with provenance notes.
    At(at::Args),
    /// The revisions and the acts behind them, or one item's history.
    Log(log::Args),
    /// Load a bundle, apply every order (collecting every refusal), verify
    /// expectations.
    /// Exit code 0 only when clean.
    Check(check::Args),
    /// Compare two revisions: what changed between two dates, or what one
    /// act changed (`--act 587`), with a word-level redline.
    Diff(diff::Args),
    /// Draft the text of the amendment order that turns the revision in
    /// force on one date into the revision in force on another, checked by
    /// reading it back. Exit code 0 only when it does so exactly.
    Draft(draft::Args),
    /// Read the text of an order or a plan into JSON, with diagnostics
    /// that point at the line and column.
    Import(import::Args),
    /// Build the bundle's history index now (it is otherwise built on first
    /// use), or say whether it is up to date.
    Index(index::Args),
    /// Print the JSON Schema of a data format.
    Schema {
        /// Which format.
        #[arg(value_enum, default_value_t = SchemaKind::Plan)]
        kind: SchemaKind,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SchemaKind {
    /// plan.json
    Plan,
    /// amendments/*.json
    Order,
    /// expectations.json
    Expectations,
    /// the output of `planver diff --format json`
    Diff,
}

/// Output for people (`text`) or tools (`json`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text, in Russian legal terms.
    #[default]
    Text,
    /// JSON, for tools.
    Json,
}

/// Parses `YYYY-MM-DD` or the Russian `DD.MM.YYYY`.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .map_err(|_| {
            format!("invalid date \"{s}\": expected YYYY-MM-DD (or DD.MM.YYYY) of a real day")
        })
}

/// A bundle folder argument.
#[derive(clap::Args, Debug)]
pub struct BundleArg {
    /// The bundle folder: plan.json and amendments/*.json.
    pub bundle: PathBuf,
}

/// Set by `--no-cache`.
static NO_CACHE: AtomicBool = AtomicBool::new(false);

/// The bundle's history, from the history index when it is up to date
/// (narrowed to what `scope` asks; see `planver::cache`), else built from
/// the bundle, and the index written for next time. With `--no-cache`,
/// always built. The answers are the same either way.
pub fn load(bundle: &Path, lenient: bool, scope: Scope) -> Result<History, planver::Error> {
    let mode = if lenient { Mode::Lenient } else { Mode::Strict };
    let options = Options::default().mode(mode);
    if NO_CACHE.load(Ordering::Relaxed) {
        return Bundle::load(bundle)?.history_with(&options);
    }
    Cache::open(bundle, &options)?.history(&scope)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    NO_CACHE.store(cli.no_cache, Ordering::Relaxed);
    let result = match cli.command {
        Command::At(args) => at::run(args),
        Command::Log(args) => log::run(args),
        Command::Check(args) => check::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Draft(args) => draft::run(args),
        Command::Import(args) => import::run(args),
        Command::Index(args) => index::run(args),
        Command::Schema { kind } => {
            let schema = match kind {
                SchemaKind::Plan => planver::schema::plan(),
                SchemaKind::Order => planver::schema::order(),
                SchemaKind::Expectations => planver::schema::expectations(),
                SchemaKind::Diff => planver::schema::diff(),
            };
            text::print_json(&schema).map(|()| ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("planver: error: {e}");
            ExitCode::from(2)
        }
    }
}
