//! The base document: a plan of measures (план мероприятий) as a table.

use crate::act::Act;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// A plan of measures: the base document that amendment orders change.
///
/// A plan is a table. Its [`columns`](Plan::columns) (графы) have stable ids
/// and the titles printed in the table head; its [`items`](Plan::items)
/// (пункты) carry display numbers such as `"10"` or `"91.1"` and belong to
/// roman-numbered [`sections`](Plan::sections) (разделы). An item holds one or
/// more [`Row`]s: the Mintrud plan gives each item one goal and then several
/// measures, each with its own result, deadline and responsible officials.
///
/// # Example
/// ```
/// let plan: planver::Plan = serde_json::from_str(r#"{
///   "title": "План мероприятий",
///   "act": {"kind": "приказ", "issuer": "Минтруда России", "number": "342", "date": "2013-08-02"},
///   "columns": [{"id": "measure", "title": "Мероприятие"}],
///   "items": [{"number": "1", "rows": [{"measure": "Размещение приказа"}]}]
/// }"#)?;
/// plan.validate()?;
/// assert_eq!(plan.items[0].id(), "1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The plan's title as printed.
    pub title: String,
    /// The act that approved the plan (утверждающий акт).
    pub act: Act,
    /// The date the plan took effect, when it differs from the date the act
    /// was signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
    /// The columns (графы), in printed order.
    pub columns: Vec<Column>,
    /// The sections (разделы), in printed order. A plan without sections
    /// leaves this empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// The items (пункты), in printed order.
    pub items: Vec<Item>,
    /// The footnotes (сноски), in printed order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<Footnote>,
    /// Free notes about the document: where it came from, what was
    /// reconstructed and from what.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A column (графа) of the plan's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// A stable id used in JSON (`"responsible"`).
    pub id: String,
    /// The title as printed in the table head («Ответственный исполнитель»).
    pub title: String,
    /// True when the title was not in any source text and was reconstructed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub reconstructed: bool,
}

/// A section (раздел) of the plan: «I. Реализация принципа информационной открытости».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// A stable id; defaults to the number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The printed number, usually roman («IV»).
    pub number: String,
    /// The title as printed.
    pub title: String,
}

impl Section {
    /// The stable id: the explicit id, or else the number.
    pub fn id(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.number)
    }
}

/// An item (пункт) of the plan.
///
/// The display [`number`](Item::number) can change (renumbering); the
/// [`id`](Item::id()) does not, so an item's history survives renumbering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// A stable id; defaults to the display number in the base plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The display number («10», «91.1»).
    pub number: String,
    /// The id of the section the item belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The item's rows; most items have one.
    pub rows: Vec<Row>,
}

impl Item {
    /// The stable id: the explicit id, or else the display number.
    pub fn id(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.number)
    }
}

/// One row of an item: cells keyed by column id. A column without a cell is
/// empty in that row (a goal printed once for several measures, say).
pub type Row = BTreeMap<String, Cell>;

/// The text of one cell, and whether it was reconstructed.
///
/// In JSON a cell is a plain string, or an object when it needs to say more:
/// `{"text": "И.В. Никитина", "reconstructed": true, "note": "из п. 1 приказа № 587"}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(from = "CellRepr", into = "CellRepr")]
pub struct Cell {
    /// The text as printed. Line breaks inside the cell are kept.
    pub text: String,
    /// True when the wording is not from a source document but rebuilt from
    /// what a later act says of it. Never present such text as the original.
    pub reconstructed: bool,
    /// Where the text came from, or how it was reconstructed.
    pub note: Option<String>,
}

impl Cell {
    /// A cell with text taken from a source document.
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            reconstructed: false,
            note: None,
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::new(text)
    }
}

#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
enum CellRepr {
    /// A cell's text.
    Plain(String),
    /// A cell with its text and what is known of its origin.
    Full {
        text: String,
        #[serde(default, skip_serializing_if = "is_false")]
        reconstructed: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
}

impl From<CellRepr> for Cell {
    fn from(repr: CellRepr) -> Cell {
        match repr {
            CellRepr::Plain(text) => Cell::new(text),
            CellRepr::Full {
                text,
                reconstructed,
                note,
            } => Cell {
                text,
                reconstructed,
                note,
            },
        }
    }
}

impl From<Cell> for CellRepr {
    fn from(cell: Cell) -> CellRepr {
        if !cell.reconstructed && cell.note.is_none() {
            CellRepr::Plain(cell.text)
        } else {
            CellRepr::Full {
                text: cell.text,
                reconstructed: cell.reconstructed,
                note: cell.note,
            }
        }
    }
}

/// A footnote (сноска): «1 Определены организационной структурой …».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    /// The footnote's mark («1», «2.1», «*»).
    pub number: String,
    /// The footnote's text.
    pub text: String,
    /// True when the text was reconstructed rather than taken from a source.
    #[serde(default, skip_serializing_if = "is_false")]
    pub reconstructed: bool,
}

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

/// What is wrong with a plan, found by [`Plan::validate`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanProblem {
    /// Two columns share an id.
    #[error("column id \"{0}\" is used twice")]
    DuplicateColumn(String),
    /// Two sections share an id.
    #[error("section id \"{0}\" is used twice")]
    DuplicateSection(String),
    /// Two items share a display number.
    #[error("item number \"{0}\" is used twice")]
    DuplicateItemNumber(String),
    /// Two items share a stable id.
    #[error("item id \"{0}\" is used twice")]
    DuplicateItemId(String),
    /// An item has an empty display number.
    #[error("item {index} has an empty number")]
    EmptyItemNumber {
        /// 1-based position of the item in `items`.
        index: usize,
    },
    /// A cell names a column the plan does not have.
    #[error("item \"{item}\" has a cell in unknown column \"{column}\"")]
    UnknownColumn {
        /// The item's display number.
        item: String,
        /// The unknown column id.
        column: String,
    },
    /// An item names a section the plan does not have.
    #[error("item \"{item}\" names unknown section \"{section}\"")]
    UnknownSection {
        /// The item's display number.
        item: String,
        /// The unknown section id.
        section: String,
    },
    /// An item has no rows.
    #[error("item \"{0}\" has no rows")]
    NoRows(String),
    /// Two footnotes share a mark.
    #[error("footnote \"{0}\" is used twice")]
    DuplicateFootnote(String),
    /// The plan has no columns.
    #[error("the plan has no columns")]
    NoColumns,
}

impl Plan {
    /// Checks that ids and numbers are unique and that every cell and item
    /// refers to a column and section that exist.
    ///
    /// # Errors
    /// The first [`PlanProblem`] found, in document order.
    ///
    /// # Example
    /// ```
    /// let mut plan: planver::Plan = serde_json::from_str(r#"{
    ///   "title": "План", "act": {"kind": "приказ", "issuer": "X", "number": "1", "date": "2017-04-03"},
    ///   "columns": [{"id": "m", "title": "Мероприятие"}],
    ///   "items": [{"number": "1", "rows": [{"m": "a"}]}, {"number": "1", "rows": [{"m": "b"}]}]
    /// }"#)?;
    /// assert!(plan.validate().is_err());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn validate(&self) -> Result<(), PlanProblem> {
        if self.columns.is_empty() {
            return Err(PlanProblem::NoColumns);
        }
        let mut seen = HashSet::new();
        for c in &self.columns {
            if !seen.insert(c.id.as_str()) {
                return Err(PlanProblem::DuplicateColumn(c.id.clone()));
            }
        }
        let columns = seen;
        let mut sections = HashSet::new();
        for s in &self.sections {
            if !sections.insert(s.id()) {
                return Err(PlanProblem::DuplicateSection(s.id().to_string()));
            }
        }
        let mut numbers = HashSet::new();
        let mut ids = HashSet::new();
        for (index, item) in self.items.iter().enumerate() {
            if item.number.trim().is_empty() {
                return Err(PlanProblem::EmptyItemNumber { index: index + 1 });
            }
            if !numbers.insert(item.number.as_str()) {
                return Err(PlanProblem::DuplicateItemNumber(item.number.clone()));
            }
            if !ids.insert(item.id()) {
                return Err(PlanProblem::DuplicateItemId(item.id().to_string()));
            }
            if let Some(section) = &item.section {
                if !sections.contains(section.as_str()) {
                    return Err(PlanProblem::UnknownSection {
                        item: item.number.clone(),
                        section: section.clone(),
                    });
                }
            }
            if item.rows.is_empty() {
                return Err(PlanProblem::NoRows(item.number.clone()));
            }
            for row in &item.rows {
                for column in row.keys() {
                    if !columns.contains(column.as_str()) {
                        return Err(PlanProblem::UnknownColumn {
                            item: item.number.clone(),
                            column: column.clone(),
                        });
                    }
                }
            }
        }
        let mut marks = HashSet::new();
        for f in &self.footnotes {
            if !marks.insert(f.number.as_str()) {
                return Err(PlanProblem::DuplicateFootnote(f.number.clone()));
            }
        }
        Ok(())
    }

    /// The date the plan took effect: [`effective`](Plan::effective), or
    /// else the date its act was signed.
    pub fn effective_date(&self) -> NaiveDate {
        self.effective.unwrap_or(self.act.date)
    }

    /// The column with this id, printed title, or 1-based number.
    pub fn column(&self, reference: &str) -> Option<&Column> {
        self.column_index(reference).map(|i| &self.columns[i])
    }

    /// The position of a column named by id, printed title (compared after
    /// normalising spaces, quotes and dashes), or 1-based number («4»).
    pub fn column_index(&self, reference: &str) -> Option<usize> {
        column_index(&self.columns, reference)
    }
}

pub(crate) fn column_index(columns: &[Column], reference: &str) -> Option<usize> {
    if let Some(i) = columns.iter().position(|c| c.id == reference) {
        return Some(i);
    }
    let wanted = crate::matching::normalize(reference);
    if let Some(i) = columns
        .iter()
        .position(|c| crate::matching::normalize(&c.title) == wanted)
    {
        return Some(i);
    }
    match reference.trim().parse::<usize>() {
        Ok(n) if n >= 1 && n <= columns.len() => Some(n - 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_strings_or_objects() {
        let row: Row = serde_json::from_str(
            r#"{"a": "x", "b": {"text": "y", "reconstructed": true, "note": "n"}}"#,
        )
        .unwrap();
        assert_eq!(row["a"], Cell::new("x"));
        assert!(row["b"].reconstructed);
        let back = serde_json::to_string(&row).unwrap();
        assert_eq!(
            back,
            r#"{"a":"x","b":{"text":"y","reconstructed":true,"note":"n"}}"#
        );
    }

    #[test]
    fn columns_resolve_by_id_title_or_number() {
        let columns = vec![
            Column {
                id: "measure".into(),
                title: "Мероприятие".into(),
                reconstructed: false,
            },
            Column {
                id: "responsible".into(),
                title: "Ответственный\u{a0}исполнитель".into(),
                reconstructed: false,
            },
        ];
        assert_eq!(column_index(&columns, "responsible"), Some(1));
        assert_eq!(
            column_index(&columns, "Ответственный  исполнитель"),
            Some(1)
        );
        assert_eq!(column_index(&columns, "2"), Some(1));
        assert_eq!(column_index(&columns, "3"), None);
        assert_eq!(column_index(&columns, "Срок"), None);
    }
}
