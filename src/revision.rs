//! Revisions: the text in force from one effective date to the next, and the
//! versioned pieces it is made of.

use crate::act::Act;
use crate::history::History;
use crate::order::EffectiveAssumption;
use crate::plan::{self, Cell, Plan, Row};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;

/// Which act, and which of its operations, gave a piece of text its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Source {
    /// Index into [`History::acts`]; `0` is the act that approved the plan.
    pub act: usize,
    /// The 0-based operation within the order; `None` for the base plan.
    pub operation: Option<usize>,
}

impl Source {
    /// The base plan.
    pub const BASE: Source = Source {
        act: 0,
        operation: None,
    };

    /// True when the wording is the base plan's.
    pub fn is_base(self) -> bool {
        self.act == 0
    }
}

/// An act as the history knows it: the act itself, the date it took effect,
/// and whether it approved the plan or amended it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActEntry {
    /// The act.
    pub act: Act,
    /// The date its wording took effect.
    pub effective: NaiveDate,
    /// Set when that date is assumed rather than known (see
    /// [`EffectiveAssumption`]): show it wherever the date is shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_assumed: Option<EffectiveAssumption>,
    /// True for the act that approved the plan; false for amendment orders.
    pub is_base: bool,
    /// The file it was loaded from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
}

/// One cell of an item version: its text and where the text came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellVersion {
    /// Index into the plan's columns.
    pub column: usize,
    /// The text as it stands.
    pub text: Arc<str>,
    /// The act and operation that last set this cell's wording.
    pub source: Source,
    /// True when the text is reconstructed, not taken from a source document.
    pub reconstructed: bool,
}

/// One row of an item version; cells are sorted by column.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct RowVersion {
    /// The non-empty cells, in column order.
    pub cells: Vec<CellVersion>,
}

impl RowVersion {
    /// The cell in the column with this index.
    pub fn cell(&self, column: usize) -> Option<&CellVersion> {
        self.cells
            .binary_search_by_key(&column, |c| c.column)
            .ok()
            .map(|i| &self.cells[i])
    }
}

/// Whether an item is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ItemStatus {
    /// In force (действует).
    InForce,
    /// Repealed (утратил силу): the number stays, marked as repealed.
    Repealed {
        /// The act and operation that repealed it.
        by: Source,
        /// The date it lost force.
        since: NaiveDate,
    },
    /// Excluded (исключен): the item left the list.
    Excluded {
        /// The act and operation that excluded it.
        by: Source,
        /// The date it was excluded.
        since: NaiveDate,
    },
}

/// An item as it stands in one or more revisions. Versions are shared
/// between revisions until an operation touches the item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemVersion {
    /// The stable id: unchanged by renumbering.
    pub id: Arc<str>,
    /// The display number.
    pub number: String,
    /// The id of the section the item belongs to.
    pub section: Option<String>,
    /// In force, repealed or excluded.
    pub status: ItemStatus,
    /// The rows.
    pub rows: Vec<RowVersion>,
}

impl ItemVersion {
    /// True unless repealed or excluded.
    pub fn in_force(&self) -> bool {
        self.status == ItemStatus::InForce
    }

    /// Every cell of the item, with its row index, in reading order.
    pub fn cells(&self) -> impl Iterator<Item = (usize, &CellVersion)> {
        self.rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| row.cells.iter().map(move |c| (r, c)))
    }

    /// All text of one column, rows joined by a line break.
    pub fn column_text(&self, column: usize) -> String {
        let parts: Vec<&str> = self
            .rows
            .iter()
            .filter_map(|r| r.cell(column))
            .map(|c| &*c.text)
            .collect();
        parts.join("\n")
    }

    /// All text of the item, cells joined by line breaks.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = self.cells().map(|(_, c)| &*c.text).collect();
        parts.join("\n")
    }

    pub(crate) fn to_item(&self, columns: &[plan::Column]) -> plan::Item {
        plan::Item {
            id: (*self.id != *self.number).then(|| self.id.to_string()),
            number: self.number.clone(),
            section: self.section.clone(),
            rows: self
                .rows
                .iter()
                .map(|row| {
                    row.cells
                        .iter()
                        .map(|c| {
                            let mut cell = Cell::new(&*c.text);
                            cell.reconstructed = c.reconstructed;
                            (columns[c.column].id.clone(), cell)
                        })
                        .collect::<Row>()
                })
                .collect(),
        }
    }
}

/// A section as it stands in a revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionVersion {
    /// The stable id.
    pub id: String,
    /// The printed number.
    pub number: String,
    /// The printed title.
    pub title: String,
    /// The act that set it.
    pub source: Source,
}

/// A footnote as it stands in a revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FootnoteVersion {
    /// The mark («2.1»).
    pub number: String,
    /// The text.
    pub text: Arc<str>,
    /// The act and operation that last set its wording.
    pub source: Source,
    /// True when the text was reconstructed.
    pub reconstructed: bool,
}

/// A revision in the list of revisions: the date it took effect, the date
/// the next one did, and the acts that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionInfo {
    /// 0 for the base plan, then one per effective date.
    pub index: usize,
    /// The first day this revision is in force.
    pub from: NaiveDate,
    /// The first day the next revision is in force, if there is one.
    pub until: Option<NaiveDate>,
    /// The acts (indices into [`History::acts`]) that took effect on `from`.
    pub acts: Vec<usize>,
}

/// An operation that was refused in lenient mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The revision whose orders contained the operation.
    pub revision: usize,
    /// The act (index into [`History::acts`]).
    pub act: usize,
    /// The 0-based operation within its order.
    pub operation: usize,
    /// Why it was refused.
    pub error: crate::ApplyError,
}

/// The whole plan in force in one revision.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let bundle = planver::Bundle::load("fixtures/mintrud-2013-342")?;
/// let history = bundle.history()?;
/// let revision = history.revision_at("2014-09-01".parse().unwrap())?;
/// assert!(revision.item("10").is_some());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Revision<'h> {
    pub(crate) history: &'h History,
    pub(crate) info: &'h RevisionInfo,
    pub(crate) items: Vec<&'h Arc<ItemVersion>>,
    pub(crate) sections: &'h [SectionVersion],
    pub(crate) footnotes: &'h [FootnoteVersion],
}

impl<'h> Revision<'h> {
    /// When this revision took effect, and which acts made it.
    pub fn info(&self) -> &'h RevisionInfo {
        self.info
    }

    /// The history this revision belongs to.
    pub fn history(&self) -> &'h History {
        self.history
    }

    /// The items listed in this revision, in order: in force and repealed
    /// ones (a repealed number stays in the list); excluded items are gone.
    pub fn items(&self) -> impl ExactSizeIterator<Item = &'h ItemVersion> + '_ {
        self.items.iter().map(|a| &***a)
    }

    /// The item with this display number.
    pub fn item(&self, number: &str) -> Option<&'h ItemVersion> {
        self.items().find(|i| i.number == number)
    }

    /// The sections, in order.
    pub fn sections(&self) -> &'h [SectionVersion] {
        self.sections
    }

    /// The footnotes, in order.
    pub fn footnotes(&self) -> &'h [FootnoteVersion] {
        self.footnotes
    }

    /// Refusals recorded while applying this revision's orders (lenient mode).
    pub fn refusals(&self) -> impl Iterator<Item = &'h Refusal> + '_ {
        let index = self.info.index;
        self.history
            .refusals()
            .iter()
            .filter(move |r| r.revision == index)
    }

    /// The revision as a plan document: the consolidated text, without
    /// provenance. Repealed items are kept with their last wording.
    pub fn to_plan(&self) -> Plan {
        let h = self.history;
        Plan {
            title: h.title().to_string(),
            act: h.acts()[0].act.clone(),
            effective: Some(self.info.from),
            columns: h.columns().to_vec(),
            sections: self
                .sections
                .iter()
                .map(|s| plan::Section {
                    id: (s.id != s.number).then(|| s.id.clone()),
                    number: s.number.clone(),
                    title: s.title.clone(),
                })
                .collect(),
            items: self.items().map(|i| i.to_item(h.columns())).collect(),
            footnotes: self
                .footnotes
                .iter()
                .map(|f| plan::Footnote {
                    number: f.number.clone(),
                    text: f.text.to_string(),
                    reconstructed: f.reconstructed,
                })
                .collect(),
            notes: Vec::new(),
        }
    }
}
