//! Importers: reading plans from the text people actually have.
//!
//! Plans reach planver as exports from legal portals and word processors:
//! tab-separated table rows, blank lines between them, stray HTML, cells
//! shifted by a spurious empty cell. An importer turns such text into a
//! [`Plan`] and reports every repair it made as a
//! [`Diagnostic`], so that a person can check the result against the source
//! before committing it as a fixture.
//!
//! - [`read_plan`] reads a whole plan — the approving act's header, the
//!   appendix title, the table with its sections and items, the footnotes —
//!   from exported text.
//!
//! ```
//! # fn main() -> Result<(), planver::import::ImportError> {
//! let text = std::fs::read_to_string("fixtures/seeds/000_73cc27860602cb3c.txt").unwrap();
//! let import = planver::import::read_plan(&text)?;
//! assert_eq!(import.plan.items.len(), 91);
//! for d in &import.diagnostics {
//!     println!("{d}");
//! }
//! # Ok(()) }
//! ```

pub mod order_text;
mod plan_text;

pub use order_text::{
    OrderDiagnostic, OrderImport, OrderMeta, OrderReadOptions, Severity, edition_warnings,
    read_order, read_order_file,
};
pub use plan_text::read_plan;

use crate::plan::Plan;
use std::fmt;

/// What an importer produced: the plan and what it had to repair or could
/// not be sure of on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanImport {
    /// The plan read from the text.
    pub plan: Plan,
    /// Repairs and doubts, in the order of the text (by line, then column).
    pub diagnostics: Vec<Diagnostic>,
}

/// A repair the importer made, or something it was not sure of, with the
/// place in the source text.
///
/// # Example
/// ```
/// let d = planver::import::Diagnostic {
///     line: 114,
///     column: 161,
///     message: "empty extra cell dropped".into(),
///     excerpt: "Сайте.→2→→2018-2019".into(),
/// };
/// assert_eq!(d.to_string(), "line 114, column 161: empty extra cell dropped: «Сайте.→2→→2018-2019»");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line of the source text.
    pub line: usize,
    /// 1-based column, in characters (not bytes).
    pub column: usize,
    /// What was done or doubted.
    pub message: String,
    /// The source text around the place, tabs shown as «→».
    pub excerpt: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )?;
        if !self.excerpt.is_empty() {
            write!(f, ": «{}»", self.excerpt)?;
        }
        Ok(())
    }
}

/// Text that could not be read as a plan, with the place where reading
/// failed.
///
/// # Example
/// ```
/// let e = planver::import::read_plan("no table here").unwrap_err();
/// assert_eq!(e.line, 1);
/// assert!(e.to_string().starts_with("line 1, column 1: "));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based line of the source text.
    pub line: usize,
    /// 1-based column, in characters (not bytes).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl ImportError {
    pub(crate) fn new(line: usize, column: usize, message: impl Into<String>) -> ImportError {
        ImportError {
            line,
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ImportError {}
