//! The error type: what went wrong, where, and with which words.

use chrono::NaiveDate;
use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong in planver.
///
/// Each variant carries what a user needs to find and fix the cause: the
/// file, the place in it, the act, the operation, the item, the column and
/// the words.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path that could not be read.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A JSON file is not valid, or does not have the expected shape.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What serde_json said.
        message: String,
    },
    /// A text file (an order in `.txt`) says something that cannot be read.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Text {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What could not be read, and the sentence.
        message: String,
    },
    /// A plan breaks a rule of the model (duplicate numbers, unknown columns…).
    #[error("{}invalid plan: {problem}", where_(path))]
    InvalidPlan {
        /// The plan's file, when it came from one.
        path: Option<PathBuf>,
        /// What is wrong.
        problem: crate::plan::PlanProblem,
    },
    /// An order cannot be placed in the history at all.
    #[error("{}{act}: {problem}", where_(path))]
    InvalidOrder {
        /// The order's file, when it came from one.
        path: Option<PathBuf>,
        /// The act, in the nominative case.
        act: String,
        /// What is wrong.
        problem: String,
    },
    /// An operation could not be applied.
    #[error(transparent)]
    Apply(Box<ApplyError>),
    /// A date before the plan took effect was asked for.
    #[error("the plan is not in force on {}: it took effect on {}", crate::format_date(*date), crate::format_date(*plan_date))]
    BeforePlan {
        /// The date asked for.
        date: NaiveDate,
        /// The date the plan took effect.
        plan_date: NaiveDate,
    },
    /// No item has this number on this date.
    #[error("no item \"{number}\" on {}", crate::format_date(*date))]
    NoSuchItem {
        /// The display number asked for.
        number: String,
        /// The date asked for.
        date: NaiveDate,
    },
    /// No act with this number is in the history.
    #[error("no act numbered \"{0}\" in the history")]
    NoSuchAct(String),
    /// A diff was applied to a plan that is not the text it was made from.
    #[error("the diff does not apply: {message}")]
    DiffMismatch {
        /// What is missing or reads differently.
        message: String,
    },
    /// Output could not be produced (a value could not be serialized).
    #[error("cannot write {what}: {message}")]
    Output {
        /// What was being written («JSON»).
        what: String,
        /// Why it failed.
        message: String,
    },
    /// A bundle folder does not have the expected layout.
    #[error("{}: {message}", path.display())]
    Bundle {
        /// The folder or file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

fn where_(path: &Option<PathBuf>) -> String {
    match path {
        Some(p) => format!("{}: ", p.display()),
        None => String::new(),
    }
}

impl From<ApplyError> for Error {
    fn from(e: ApplyError) -> Error {
        Error::Apply(Box::new(e))
    }
}

impl Error {
    /// Reads a serde_json error on `path` into an [`Error::Json`].
    pub(crate) fn json(path: impl Into<PathBuf>, text: &str, e: &serde_json::Error) -> Error {
        // serde_json counts columns in bytes; people count characters.
        let line = e.line();
        let column = text
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| {
                let mut byte = e.column().saturating_sub(1).min(l.len());
                while !l.is_char_boundary(byte) {
                    byte -= 1;
                }
                l[..byte].chars().count() + 1
            })
            .unwrap_or(e.column())
            .max(1);
        let mut message = e.to_string();
        if let Some(at) = message.rfind(" at line ") {
            message.truncate(at);
        }
        Error::Json {
            path: path.into(),
            line,
            column,
            message,
        }
    }
}

/// An operation that could not be applied, with everything needed to find it.
///
/// # Example
/// ```
/// # use planver::*;
/// let plan: Plan = serde_json::from_str(r#"{"title": "План",
///   "act": {"kind": "приказ", "issuer": "Минтруда России", "number": "342", "date": "2013-08-02"},
///   "columns": [{"id": "resp", "title": "Ответственный исполнитель"}],
///   "items": [{"number": "10", "rows": [{"resp": "И.В. Никитина"}]}]}"#)?;
/// let order: Order = serde_json::from_str(r#"{
///   "act": {"kind": "приказ", "issuer": "Минтруда России", "number": "587", "date": "2014-08-29"},
///   "operations": [{"op": "replace_words", "items": ["10"], "column": "resp", "from": "А.А. Петров", "to": "Ф.И. Воронин"}]}"#)?;
/// let Err(Error::Apply(e)) = History::build(plan, vec![order]) else { panic!() };
/// assert_eq!(e.kind, ApplyErrorKind::WordsNotFound);
/// assert_eq!(e.to_string(), "приказ Минтруда России от 29.08.2014 № 587, operation 1 (заменить слова): \
///     item \"10\", column «Ответственный исполнитель»: words «А.А. Петров» not found");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyError {
    /// The act, in the nominative case.
    pub act: String,
    /// The order's file, when it came from one.
    pub path: Option<PathBuf>,
    /// The 1-based position of the operation in its order.
    pub operation: usize,
    /// The drafting formula of the operation.
    pub formula: &'static str,
    /// The order's own point, when the operation records it.
    pub point: Option<String>,
    /// The item's display number, when one was involved.
    pub item: Option<String>,
    /// The column's printed title (or the reference given, when unknown).
    pub column: Option<String>,
    /// The words involved.
    pub words: Option<String>,
    /// What went wrong.
    pub kind: ApplyErrorKind,
}

/// Why an operation could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApplyErrorKind {
    /// No item has that number.
    NoSuchItem,
    /// The item was excluded (исключен) earlier.
    ItemExcluded {
        /// The act that excluded it.
        by: String,
    },
    /// The item was repealed (утратил силу) earlier and cannot be amended.
    ItemRepealed {
        /// The act that repealed it.
        by: String,
    },
    /// The plan has no such column.
    NoSuchColumn,
    /// The item has no such row.
    NoSuchRow {
        /// The 1-based row asked for.
        row: usize,
        /// How many rows the item has.
        rows: usize,
    },
    /// The cell has no such абзац (line).
    NoSuchParagraph {
        /// The 1-based абзац asked for.
        paragraph: usize,
        /// How many the cell has.
        paragraphs: usize,
    },
    /// The item has several rows and the operation does not say which.
    RowNeeded {
        /// How many rows the item has.
        rows: usize,
    },
    /// The plan has no such section.
    NoSuchSection,
    /// The plan has no such footnote.
    NoSuchFootnote,
    /// The words are not there.
    WordsNotFound,
    /// The words occur more often than the wording allows.
    TooManyMatches {
        /// How many occurrences there are.
        found: usize,
        /// How many the wording allows.
        allowed: usize,
    },
    /// The n-th occurrence was asked for but there are fewer.
    NotEnoughMatches {
        /// The occurrence asked for.
        wanted: usize,
        /// How many there are.
        found: usize,
    },
    /// An item with that number already exists.
    NumberTaken,
    /// An item with that id already exists.
    IdTaken,
    /// A section with that number or id already exists.
    SectionExists,
    /// A footnote with that mark already exists.
    FootnoteExists,
    /// The operation contradicts itself (renumbering lists of unequal length…).
    Invalid(String),
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}: ", path.display())?;
        }
        write!(f, "{}, operation {}", self.act, self.operation)?;
        match &self.point {
            Some(p) => write!(f, " (point {p}, {})", self.formula)?,
            None => write!(f, " ({})", self.formula)?,
        }
        f.write_str(":")?;
        let mut sep = " ";
        if let Some(item) = &self.item {
            write!(f, "{sep}item \"{item}\"")?;
            sep = ", ";
        }
        if let Some(column) = &self.column {
            write!(f, "{sep}column «{column}»")?;
            sep = ", ";
        }
        if sep == ", " {
            f.write_str(":")?;
        }
        let words = self.words.as_deref().unwrap_or("");
        match &self.kind {
            ApplyErrorKind::NoSuchItem => write!(f, " no such item"),
            ApplyErrorKind::ItemExcluded { by } => write!(f, " the item was excluded by {by}"),
            ApplyErrorKind::ItemRepealed { by } => write!(f, " the item was repealed by {by}"),
            ApplyErrorKind::NoSuchColumn => write!(f, " no such column"),
            ApplyErrorKind::NoSuchRow { row, rows } => {
                write!(f, " no row {row}: the item has {rows}")
            }
            ApplyErrorKind::NoSuchParagraph {
                paragraph,
                paragraphs,
            } => {
                write!(f, " no абзац {paragraph}: the cell has {paragraphs}")
            }
            ApplyErrorKind::RowNeeded { rows } => {
                write!(f, " the item has {rows} rows; say which")
            }
            ApplyErrorKind::NoSuchSection => write!(f, " no such section"),
            ApplyErrorKind::NoSuchFootnote => write!(f, " no footnote «{words}»"),
            ApplyErrorKind::WordsNotFound => write!(f, " words «{words}» not found"),
            ApplyErrorKind::TooManyMatches { found, allowed } => write!(
                f,
                " words «{words}» occur {found} times; the wording allows {allowed}"
            ),
            ApplyErrorKind::NotEnoughMatches { wanted, found } => write!(
                f,
                " occurrence {wanted} of words «{words}» asked for; there are {found}"
            ),
            ApplyErrorKind::NumberTaken => {
                write!(f, " an item numbered \"{words}\" already exists")
            }
            ApplyErrorKind::IdTaken => write!(f, " an item with id \"{words}\" already exists"),
            ApplyErrorKind::SectionExists => write!(f, " section «{words}» already exists"),
            ApplyErrorKind::FootnoteExists => write!(f, " footnote «{words}» already exists"),
            ApplyErrorKind::Invalid(why) => write!(f, " {why}"),
        }
    }
}

impl std::error::Error for ApplyError {}
