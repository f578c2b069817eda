//! Comparing revisions («сравнение редакций»): what changed between the
//! plan in force on one date and on another, down to the words, and which
//! acts changed it.
//!
//! A [`Diff`] compares two revisions by the **stable identity** of items,
//! not by their display numbers, so a renumbered item is one item whose
//! number changed, not one item removed and another added. It lists:
//!
//! - [`ItemChange`]s: items added, repealed, excluded, restored, restated,
//!   amended, renumbered or moved ([`ItemChangeKind`]), each with its
//!   [`CellChange`]s — a word-level [`WordDiff`] per changed cell;
//! - [`FootnoteChange`]s and [`SectionChange`]s;
//! - [`MetadataChange`]s of the plan itself (title, approving act,
//!   columns), which only differ between revisions of different histories.
//!
//! Every change names the acts, among those that took effect between the
//! two revisions, that caused it ([`Diff::acts`]).
//!
//! Within one [`History`], a diff costs time in proportion to what changed
//! between the two revisions, not to the size of the plan: each revision
//! records which items its orders touched.
//!
//! Renderers live apart, in [`crate::render`]: terminal text, JSON (the
//! `Serialize` impl of [`Diff`], described by [`crate::schema::diff`]) and a
//! printable HTML redline.

mod apply;
mod json;
mod words;

pub use words::{Piece, WordDiff, WordOp};

pub(crate) use json::DiffJson;

use crate::act::Act;
use crate::error::Error;
use crate::history::History;
use crate::operation::Operation;
use crate::plan::Column;
use crate::revision::{
    ActEntry, FootnoteVersion, ItemStatus, ItemVersion, Revision, RevisionInfo, RowVersion,
    SectionVersion, Source,
};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use words::Compare;

/// How to compare two revisions.
///
/// # Example
/// ```
/// use planver::DiffOptions;
/// use std::time::Duration;
/// let options = DiffOptions::default()
///     .exact_whitespace(true)
///     .timeout(Duration::from_millis(50))
///     .item("10");
/// assert!(options.exact_whitespace);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DiffOptions {
    /// Count differences of spacing, quote and dash style as changes. Off by
    /// default: exported texts differ in those ways without meaning to
    /// (see [`crate::matching`]).
    pub exact_whitespace: bool,
    /// How long the word-level comparison of one cell may take. A cell
    /// that takes longer is compared coarsely and flagged
    /// ([`WordDiff::is_coarse`]). Default: 200 ms.
    pub timeout: Duration,
    /// Compare only the item with this display number (in either
    /// revision); footnotes, sections and metadata are then left out.
    pub item: Option<String>,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            exact_whitespace: false,
            timeout: Compare::default().timeout,
            item: None,
        }
    }
}

impl DiffOptions {
    /// Sets [`exact_whitespace`](DiffOptions::exact_whitespace).
    pub fn exact_whitespace(mut self, yes: bool) -> DiffOptions {
        self.exact_whitespace = yes;
        self
    }

    /// Sets [`timeout`](DiffOptions::timeout).
    pub fn timeout(mut self, timeout: Duration) -> DiffOptions {
        self.timeout = timeout;
        self
    }

    /// Sets [`item`](DiffOptions::item).
    pub fn item(mut self, number: impl Into<String>) -> DiffOptions {
        self.item = Some(number.into());
        self
    }

    fn compare(&self) -> Compare {
        Compare {
            exact: self.exact_whitespace,
            timeout: self.timeout,
        }
    }
}

/// An act that took effect between the two revisions compared.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let diff = history.diff(0, 1);
/// assert_eq!(diff.acts()[0].entry.act.number, "587");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DiffAct {
    /// Its index in [`History::acts`] (of the newer revision's history).
    pub index: usize,
    /// The act and the date it took effect.
    pub entry: ActEntry,
}

/// What happened to an item. An item can have several kinds at once: renumbered
/// and amended, say.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// use planver::ItemChangeKind;
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let diff = history.diff(0, 1);
/// assert!(diff.item("1").unwrap().is(ItemChangeKind::Restated));
/// assert!(diff.item("10").unwrap().is(ItemChangeKind::Amended));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ItemChangeKind {
    /// Added to the list («дополнить пунктом»).
    Added,
    /// Repealed («признать утратившим силу»): still listed, no longer in force.
    Repealed,
    /// Excluded («исключить»): gone from the list.
    Excluded,
    /// In force again after being repealed (restated after repeal).
    Restored,
    /// Restated as a whole («изложить в новой редакции»).
    Restated,
    /// Its wording changed, other than by restating it whole.
    Amended,
    /// Its display number changed («считать пунктом»).
    Renumbered,
    /// It moved to another section or another place in the list.
    Moved,
}

impl ItemChangeKind {
    /// The kind's name in JSON: `"added"`, `"repealed"`, …
    ///
    /// # Example
    /// ```
    /// assert_eq!(planver::ItemChangeKind::Renumbered.name(), "renumbered");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            ItemChangeKind::Added => "added",
            ItemChangeKind::Repealed => "repealed",
            ItemChangeKind::Excluded => "excluded",
            ItemChangeKind::Restored => "restored",
            ItemChangeKind::Restated => "restated",
            ItemChangeKind::Amended => "amended",
            ItemChangeKind::Renumbered => "renumbered",
            ItemChangeKind::Moved => "moved",
        }
    }

    /// How a lawyer would say it, in Russian: «исключен», «изложен в новой
    /// редакции», …
    ///
    /// # Example
    /// ```
    /// assert_eq!(planver::ItemChangeKind::Repealed.russian(), "утратил силу");
    /// ```
    pub fn russian(self) -> &'static str {
        match self {
            ItemChangeKind::Added => "добавлен",
            ItemChangeKind::Repealed => "утратил силу",
            ItemChangeKind::Excluded => "исключен",
            ItemChangeKind::Restored => "вновь действует",
            ItemChangeKind::Restated => "изложен в новой редакции",
            ItemChangeKind::Amended => "изменен",
            ItemChangeKind::Renumbered => "перенумерован",
            ItemChangeKind::Moved => "перемещен",
        }
    }
}

/// An item's number, section and status on one side of a diff.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let diff = history.diff(0, 1);
/// let old = diff.item("10").unwrap().before().unwrap();
/// assert_eq!(old.number, "10");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ItemHead {
    /// The display number.
    pub number: String,
    /// The id of its section.
    pub section: Option<String>,
    /// In force or repealed (an excluded item has no head on that side).
    pub status: ItemStatus,
}

impl ItemHead {
    fn of(v: &ItemVersion) -> ItemHead {
        ItemHead {
            number: v.number.clone(),
            section: v.section.clone(),
            status: v.status,
        }
    }
}

/// What happened to one item between the two revisions.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let diff = history.diff(0, 1);
/// let item = diff.item("10").unwrap();
/// assert_eq!(item.number(), "10");
/// assert_eq!(item.cells().len(), 2);
/// assert_eq!(diff.act(item.acts()[0]).unwrap().entry.act.number, "587");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    id: Arc<str>,
    old: Option<ItemHead>,
    new: Option<ItemHead>,
    kinds: Vec<ItemChangeKind>,
    cells: Vec<CellChange>,
    acts: Vec<usize>,
    /// For each row of the new version, the row of the old one it continues.
    rows: Vec<Option<u32>>,
    /// For added and moved items: the id of the item listed before it in
    /// the newer revision (`Some(None)`: first in the list).
    place: Option<Option<Arc<str>>>,
}

impl ItemChange {
    /// The stable id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The display number: in the newer revision, or the older one for an
    /// excluded item.
    pub fn number(&self) -> &str {
        match (&self.new, &self.old) {
            (Some(h), _) | (None, Some(h)) => &h.number,
            (None, None) => &self.id,
        }
    }

    /// Number, section and status in the older revision; `None` when the
    /// item was not listed there.
    pub fn before(&self) -> Option<&ItemHead> {
        self.old.as_ref()
    }

    /// Number, section and status in the newer revision; `None` when the
    /// item is not listed there (excluded).
    pub fn after(&self) -> Option<&ItemHead> {
        self.new.as_ref()
    }

    /// What happened, in a fixed order (added, repealed, excluded, restored,
    /// restated, amended, renumbered, moved).
    pub fn kinds(&self) -> &[ItemChangeKind] {
        &self.kinds
    }

    /// True when this happened to the item.
    pub fn is(&self, kind: ItemChangeKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// The changed cells, in reading order. For an added item, every cell
    /// (inserted); for an excluded one, every cell (deleted).
    pub fn cells(&self) -> &[CellChange] {
        &self.cells
    }

    /// The acts that caused the change: indices into [`History::acts`],
    /// looked up with [`Diff::act`].
    pub fn acts(&self) -> &[usize] {
        &self.acts
    }
}

/// Whether a cell was added, removed or changed.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let diff = history.diff(0, 1);
/// assert_eq!(diff.item("10").unwrap().cells()[0].kind(), planver::CellChangeKind::Changed);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CellChangeKind {
    /// The cell has text only in the newer revision.
    Added,
    /// The cell has text only in the older revision.
    Removed,
    /// The cell's wording changed.
    Changed,
}

/// One cell that changed, with its word-level redline.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// use planver::WordOp;
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let diff = history.diff(0, 1);
/// let cell = &diff.item("10").unwrap().cells()[0];
/// assert_eq!(diff.column(cell).title, "Результаты и сроки реализации");
/// assert!(cell.words().ops().any(|op| op == WordOp::Insert("2014")));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellChange {
    old_row: Option<usize>,
    new_row: Option<usize>,
    column: usize,
    words: WordDiff,
    acts: Vec<usize>,
    reconstructed: bool,
    /// Whether the cell exists in the older and the newer version (a cell
    /// can exist with empty text).
    present: (bool, bool),
}

impl CellChange {
    /// Added, removed or changed.
    pub fn kind(&self) -> CellChangeKind {
        match self.present {
            (false, _) => CellChangeKind::Added,
            (_, false) => CellChangeKind::Removed,
            _ => CellChangeKind::Changed,
        }
    }

    /// The 0-based row in the older version of the item, if the row was there.
    pub fn old_row(&self) -> Option<usize> {
        self.old_row
    }

    /// The 0-based row in the newer version, if the row is there.
    pub fn new_row(&self) -> Option<usize> {
        self.new_row
    }

    /// The column: an index into [`Diff::columns`].
    pub fn column(&self) -> usize {
        self.column
    }

    /// The old and new text and the word-level redline between them.
    pub fn words(&self) -> &WordDiff {
        &self.words
    }

    /// The acts that changed the cell: indices into [`History::acts`].
    pub fn acts(&self) -> &[usize] {
        &self.acts
    }

    /// True when the newer text is reconstructed, not from a source document.
    pub fn reconstructed(&self) -> bool {
        self.reconstructed
    }
}

/// Whether a footnote or section was added, changed or removed.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let diff = history.diff(0, 1);
/// assert!(diff.footnotes().all(|f| f.kind() == planver::ChangeKind::Added));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChangeKind {
    /// Only in the newer revision.
    Added,
    /// In both, different.
    Changed,
    /// Only in the older revision.
    Removed,
}

impl ChangeKind {
    /// The name in JSON: `"added"`, `"changed"`, `"removed"`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(planver::ChangeKind::Removed.name(), "removed");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Removed => "removed",
        }
    }
}

/// A footnote (сноска) added, changed or removed.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let diff = history.diff(0, 1);
/// let marks: Vec<&str> = diff.footnotes().map(|f| f.number()).collect();
/// assert_eq!(marks, ["1", "2.1", "2.2", "3", "4"]);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteChange {
    number: String,
    kind: ChangeKind,
    words: WordDiff,
    acts: Vec<usize>,
    reconstructed: bool,
    /// Position in the newer list.
    index: Option<usize>,
}

impl FootnoteChange {
    /// The footnote's mark.
    pub fn number(&self) -> &str {
        &self.number
    }

    /// Added, changed or removed.
    pub fn kind(&self) -> ChangeKind {
        self.kind
    }

    /// The old and new text and the redline between them.
    pub fn words(&self) -> &WordDiff {
        &self.words
    }

    /// The acts that caused the change: indices into [`History::acts`].
    pub fn acts(&self) -> &[usize] {
        &self.acts
    }
}

/// A section's printed number and title on one side of a diff.
///
/// # Example
/// ```
/// let head = planver::SectionHead { number: "I".into(), title: "Общие положения".into() };
/// assert_eq!(head.number, "I");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionHead {
    /// The printed number.
    pub number: String,
    /// The printed title.
    pub title: String,
}

/// A section (раздел) added, renumbered, retitled or removed.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// assert_eq!(history.diff(0, 1).sections().count(), 0);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionChange {
    id: String,
    old: Option<SectionHead>,
    new: Option<SectionHead>,
    acts: Vec<usize>,
    index: Option<usize>,
}

impl SectionChange {
    /// The section's stable id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Added, changed (renumbered or retitled) or removed.
    pub fn kind(&self) -> ChangeKind {
        match (&self.old, &self.new) {
            (None, _) => ChangeKind::Added,
            (_, None) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        }
    }

    /// Number and title in the older revision.
    pub fn before(&self) -> Option<&SectionHead> {
        self.old.as_ref()
    }

    /// Number and title in the newer revision.
    pub fn after(&self) -> Option<&SectionHead> {
        self.new.as_ref()
    }

    /// The acts that caused the change: indices into [`History::acts`].
    pub fn acts(&self) -> &[usize] {
        &self.acts
    }
}

/// A change of the plan itself. Revisions of one history share these; they
/// differ only when revisions of different histories are compared.
///
/// # Example
/// ```
/// let change = planver::MetadataChange::Title { old: "План".into(), new: "План работы".into() };
/// assert!(matches!(change, planver::MetadataChange::Title { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MetadataChange {
    /// The plan's title.
    Title {
        /// The older title.
        old: String,
        /// The newer title.
        new: String,
    },
    /// The act that approved the plan.
    Act {
        /// The older act.
        old: Box<Act>,
        /// The newer act.
        new: Box<Act>,
    },
    /// A column only the newer plan has.
    ColumnAdded {
        /// Its id.
        id: String,
        /// Its title.
        title: String,
    },
    /// A column only the older plan has.
    ColumnRemoved {
        /// Its id.
        id: String,
        /// Its title.
        title: String,
    },
    /// A column whose printed title changed.
    ColumnRetitled {
        /// Its id.
        id: String,
        /// The older title.
        old: String,
        /// The newer title.
        new: String,
    },
}

/// The differences between two revisions: typed changes, each with the
/// acts that caused it. Built by [`History::diff`], [`History::diff_with`]
/// or [`Diff::between`]; rendered by [`crate::render`]; serialized as the
/// JSON described by [`crate::schema::diff`].
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// use planver::{ChangeKind, WordOp};
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let before = history.revision_at("2014-08-28".parse().unwrap())?;
/// let after = history.revision_at("2014-08-29".parse().unwrap())?;
/// let diff = planver::Diff::between(&before, &after);
///
/// let numbers: Vec<&str> = diff.items().map(|c| c.number()).collect();
/// assert_eq!(numbers, ["1", "2", "3", "4", "10", "11", "13"]);
/// assert_eq!(diff.footnotes().filter(|f| f.kind() == ChangeKind::Added).count(), 5);
///
/// // Item 10: «И.В. Никитина» → «Ф.И. Воронин», by order No. 587.
/// let responsible = diff.column_index("Ответственный исполнитель").unwrap();
/// let cell = diff.item("10").unwrap().cells().iter().find(|c| c.column() == responsible).unwrap();
/// let ops: Vec<WordOp> = cell.words().ops().collect();
/// assert_eq!(ops, [WordOp::Delete("И.В. Никитина"), WordOp::Insert("Ф.И. Воронин")]);
/// assert_eq!(diff.act(cell.acts()[0]).unwrap().entry.act.number, "587");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    title: String,
    plan_act: Act,
    columns: Vec<Column>,
    /// How many of `columns` the newer plan has (the rest are the older
    /// plan's own).
    new_columns: usize,
    from: RevisionInfo,
    to: RevisionInfo,
    acts: Vec<DiffAct>,
    items: Vec<ItemChange>,
    footnotes: Vec<FootnoteChange>,
    sections: Vec<SectionChange>,
    metadata: Vec<MetadataChange>,
    exact: bool,
    only_item: Option<String>,
}

impl Diff {
    /// Compares two revisions with the default options.
    ///
    /// Revisions of one history are compared through its index, in time
    /// proportional to what changed. Revisions of different histories
    /// (two bundles, say) are compared item by item, by stable id.
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
    /// let r = history.revision(1);
    /// assert!(planver::Diff::between(&r, &r).is_empty());
    /// # Ok(()) }
    /// ```
    pub fn between(from: &Revision<'_>, to: &Revision<'_>) -> Diff {
        let options = DiffOptions::default();
        // Without an item filter nothing can fail.
        match Diff::between_with(from, to, &options) {
            Ok(diff) => diff,
            Err(_) => Diff::empty(from, to),
        }
    }

    /// Compares two revisions with options.
    ///
    /// # Errors
    /// [`Error::NoSuchItem`] when [`DiffOptions::item`] names an item that
    /// neither revision lists.
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// use planver::{Diff, DiffOptions};
    /// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
    /// let diff = Diff::between_with(&history.revision(0), &history.revision(1),
    ///     &DiffOptions::default().item("10"))?;
    /// assert_eq!(diff.items().count(), 1);
    /// assert_eq!(diff.footnotes().count(), 0);
    /// # Ok(()) }
    /// ```
    pub fn between_with(
        from: &Revision<'_>,
        to: &Revision<'_>,
        options: &DiffOptions,
    ) -> Result<Diff, Error> {
        if std::ptr::eq(from.history, to.history) {
            return from
                .history
                .diff_with(from.info.index, to.info.index, options);
        }
        build_generic(from, to, options)
    }

    fn empty(from: &Revision<'_>, to: &Revision<'_>) -> Diff {
        let h = to.history;
        Diff {
            title: h.title().to_string(),
            plan_act: h.acts()[0].act.clone(),
            columns: h.columns().to_vec(),
            new_columns: h.columns().len(),
            from: from.info.clone(),
            to: to.info.clone(),
            acts: Vec::new(),
            items: Vec::new(),
            footnotes: Vec::new(),
            sections: Vec::new(),
            metadata: Vec::new(),
            exact: false,
            only_item: None,
        }
    }

    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
            && self.footnotes.is_empty()
            && self.sections.is_empty()
            && self.metadata.is_empty()
    }

    /// The newer revision's plan title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The older revision.
    pub fn from(&self) -> &RevisionInfo {
        &self.from
    }

    /// The newer revision.
    pub fn to(&self) -> &RevisionInfo {
        &self.to
    }

    /// True when spacing and quote style counted as changes.
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// The item number the diff was restricted to, if any.
    pub fn only_item(&self) -> Option<&str> {
        self.only_item.as_deref()
    }

    /// True when some cell was compared coarsely (its time ran out).
    pub fn is_coarse(&self) -> bool {
        self.items
            .iter()
            .flat_map(|i| &i.cells)
            .any(|c| c.words.is_coarse())
            || self.footnotes.iter().any(|f| f.words.is_coarse())
    }

    /// The acts that took effect between the two revisions, in order of
    /// application.
    pub fn acts(&self) -> &[DiffAct] {
        &self.acts
    }

    /// The act with this index in [`History::acts`], if it took effect
    /// between the two revisions.
    pub fn act(&self, index: usize) -> Option<&DiffAct> {
        self.acts
            .binary_search_by_key(&index, |a| a.index)
            .ok()
            .map(|i| &self.acts[i])
    }

    /// The columns cells refer to: the newer plan's, then any only the
    /// older plan had.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// A cell's column.
    pub fn column(&self, cell: &CellChange) -> &Column {
        &self.columns[cell.column]
    }

    /// The index of a column named by id, title or 1-based number.
    pub fn column_index(&self, reference: &str) -> Option<usize> {
        crate::plan::column_index(&self.columns, reference)
    }

    /// The changed items, in document order.
    pub fn items(&self) -> impl ExactSizeIterator<Item = &ItemChange> + '_ {
        self.items.iter()
    }

    /// The change of the item with this display number (in the newer
    /// revision, or the older one for an item no longer listed).
    pub fn item(&self, number: &str) -> Option<&ItemChange> {
        self.items
            .iter()
            .find(|c| c.new.as_ref().is_some_and(|h| h.number == number))
            .or_else(|| {
                self.items
                    .iter()
                    .find(|c| c.old.as_ref().is_some_and(|h| h.number == number))
            })
    }

    /// The changed items of one kind, in document order.
    pub fn items_of(&self, kind: ItemChangeKind) -> impl Iterator<Item = &ItemChange> + '_ {
        self.items.iter().filter(move |c| c.is(kind))
    }

    /// Items added.
    pub fn added(&self) -> impl Iterator<Item = &ItemChange> + '_ {
        self.items_of(ItemChangeKind::Added)
    }

    /// Items repealed.
    pub fn repealed(&self) -> impl Iterator<Item = &ItemChange> + '_ {
        self.items_of(ItemChangeKind::Repealed)
    }

    /// Items excluded.
    pub fn excluded(&self) -> impl Iterator<Item = &ItemChange> + '_ {
        self.items_of(ItemChangeKind::Excluded)
    }

    /// Items restated as a whole.
    pub fn restated(&self) -> impl Iterator<Item = &ItemChange> + '_ {
        self.items_of(ItemChangeKind::Restated)
    }

    /// Items renumbered.
    pub fn renumbered(&self) -> impl Iterator<Item = &ItemChange> + '_ {
        self.items_of(ItemChangeKind::Renumbered)
    }

    /// Items moved.
    pub fn moved(&self) -> impl Iterator<Item = &ItemChange> + '_ {
        self.items_of(ItemChangeKind::Moved)
    }

    /// Every changed cell, with its item, in document order.
    pub fn cells(&self) -> impl Iterator<Item = (&ItemChange, &CellChange)> + '_ {
        self.items
            .iter()
            .flat_map(|i| i.cells.iter().map(move |c| (i, c)))
    }

    /// Footnotes added, changed or removed, in the newer order (removed
    /// ones last).
    pub fn footnotes(&self) -> impl ExactSizeIterator<Item = &FootnoteChange> + '_ {
        self.footnotes.iter()
    }

    /// Sections added, changed or removed.
    pub fn sections(&self) -> impl ExactSizeIterator<Item = &SectionChange> + '_ {
        self.sections.iter()
    }

    /// Changes of the plan itself.
    pub fn metadata(&self) -> impl ExactSizeIterator<Item = &MetadataChange> + '_ {
        self.metadata.iter()
    }
}

impl History {
    /// Compares revision `from` with revision `to` (indices into
    /// [`History::revisions`]; `from` may be the later one), with the
    /// default options. Costs time in proportion to what changed.
    ///
    /// # Panics
    /// When either index is not below `revisions().len()`.
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
    /// let diff = history.diff(0, 1);
    /// assert_eq!(diff.items().count(), 7);
    /// assert!(history.diff(1, 1).is_empty());
    /// # Ok(()) }
    /// ```
    pub fn diff(&self, from: usize, to: usize) -> Diff {
        match self.diff_with(from, to, &DiffOptions::default()) {
            Ok(diff) => diff,
            // Only an item filter can fail, and there is none.
            Err(_) => Diff::empty(&self.revision(from), &self.revision(to)),
        }
    }

    /// Compares two revisions with options.
    ///
    /// # Errors
    /// [`Error::NoSuchItem`] when [`DiffOptions::item`] names an item that
    /// neither revision lists.
    ///
    /// # Panics
    /// When either index is not below `revisions().len()`.
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// use planver::DiffOptions;
    /// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
    /// let diff = history.diff_with(0, 1, &DiffOptions::default().item("10"))?;
    /// assert_eq!(diff.items().next().unwrap().number(), "10");
    /// assert!(history.diff_with(0, 1, &DiffOptions::default().item("99")).is_err());
    /// # Ok(()) }
    /// ```
    pub fn diff_with(&self, from: usize, to: usize, options: &DiffOptions) -> Result<Diff, Error> {
        build_indexed(self, from, to, options)
    }

    /// The revisions just before and just after an act took effect: the
    /// pair to compare to see what the act changed. With several acts of
    /// the same number, the latest.
    ///
    /// # Errors
    /// [`Error::NoSuchAct`] when no amendment order has that number (the
    /// act that approved the plan has no revision before it).
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
    /// assert_eq!(history.act_revisions("587")?, (0, 1));
    /// assert!(history.act_revisions("342").is_err());
    /// # Ok(()) }
    /// ```
    pub fn act_revisions(&self, number: &str) -> Result<(usize, usize), Error> {
        let act = self
            .acts()
            .iter()
            .rposition(|a| !a.is_base && a.act.number == number)
            .ok_or_else(|| Error::NoSuchAct(number.to_string()))?;
        let rev = self
            .revisions()
            .iter()
            .position(|r| r.acts.contains(&act))
            .ok_or_else(|| Error::NoSuchAct(number.to_string()))?;
        Ok((rev.saturating_sub(1), rev))
    }
}

/// What the builders share: the comparison, the acts in range, the columns.
struct Ctx<'a> {
    how: Compare,
    /// The history whose acts and orders provenance refers to.
    history: &'a History,
    /// Indices into `history.acts()` of the acts between the revisions.
    acts: std::ops::Range<usize>,
    /// For each column of the older plan, its index in the diff's columns.
    old_columns: Vec<usize>,
    /// Column references of operations, resolved once each: resolving a
    /// printed title normalises every title.
    column_refs: std::cell::RefCell<HashMap<String, Option<usize>>>,
}

impl Ctx<'_> {
    fn in_range(&self, act: usize) -> bool {
        self.acts.contains(&act)
    }

    fn source_act(&self, source: Source) -> Option<usize> {
        self.in_range(source.act).then_some(source.act)
    }

    fn column_of(&self, reference: &str) -> Option<usize> {
        if let Some(&known) = self.column_refs.borrow().get(reference) {
            return known;
        }
        let found = self.history.column_index(reference);
        self.column_refs
            .borrow_mut()
            .insert(reference.to_string(), found);
        found
    }

    fn operation(&self, act: usize, op: usize) -> Option<&Operation> {
        self.history.order(act).and_then(|o| o.operations.get(op))
    }

    /// True when an operation can have changed a cell in this column.
    fn op_touches_column(&self, act: usize, op: usize, column: usize) -> bool {
        let is = |reference: &Option<String>| {
            reference
                .as_deref()
                .is_none_or(|r| self.column_of(r) == Some(column))
        };
        match self.operation(act, op) {
            Some(
                Operation::ReplaceWords { column: c, .. }
                | Operation::InsertWords { column: c, .. }
                | Operation::DeleteWords { column: c, .. },
            ) => is(c),
            Some(Operation::RestateCell { column: c, .. }) => self.column_of(c) == Some(column),
            Some(
                Operation::RestateItem { .. }
                | Operation::RestateRow { .. }
                | Operation::AddRow { .. }
                | Operation::RemoveRow { .. }
                | Operation::AddItem { .. },
            ) => true,
            _ => false,
        }
    }
}

/// The acts of the revisions after `lo` up to `hi`, as a range of act
/// indices (they are contiguous: acts are numbered in order of application).
fn act_range(history: &History, from: usize, to: usize) -> std::ops::Range<usize> {
    let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
    let revisions = history.revisions();
    let first = revisions[lo + 1..=hi]
        .iter()
        .flat_map(|r| r.acts.first())
        .next()
        .copied();
    let last = revisions[lo + 1..=hi]
        .iter()
        .rev()
        .flat_map(|r| r.acts.last())
        .next()
        .copied();
    match (first, last) {
        (Some(a), Some(b)) => a..b + 1,
        _ => 0..0,
    }
}

fn diff_acts(history: &History, range: std::ops::Range<usize>) -> Vec<DiffAct> {
    range
        .map(|index| DiffAct {
            index,
            entry: history.acts()[index].clone(),
        })
        .collect()
}

fn visible(v: Option<&ItemVersion>) -> Option<&ItemVersion> {
    v.filter(|v| !matches!(v.status, ItemStatus::Excluded { .. }))
}

fn sorted(mut acts: Vec<usize>) -> Vec<usize> {
    acts.sort_unstable();
    acts.dedup();
    acts
}

/// Compares two versions of one item (either may be missing or excluded).
/// `touches` are the `(act, operation)` pairs that touched it in range.
fn item_change(
    ctx: &Ctx<'_>,
    old: Option<&ItemVersion>,
    new: Option<&ItemVersion>,
    touches: &[(usize, usize)],
    after: impl FnOnce() -> Option<Arc<str>>,
    moved_in_list: bool,
) -> Option<ItemChange> {
    let (old_v, new_v) = (visible(old), visible(new));
    let id: Arc<str> = match (new_v, old_v) {
        (Some(v), _) | (None, Some(v)) => v.id.clone(),
        (None, None) => return None,
    };
    let mut kinds = Vec::new();
    let mut cells = Vec::new();
    let mut rows = Vec::new();
    let mut place = None;
    let touch_acts = |column: Option<usize>| -> Vec<usize> {
        touches
            .iter()
            .filter(|(a, o)| column.is_none_or(|c| ctx.op_touches_column(*a, *o, c)))
            .map(|(a, _)| *a)
            .filter(|a| ctx.in_range(*a))
            .collect()
    };
    match (old_v, new_v) {
        (None, Some(n)) => {
            kinds.push(ItemChangeKind::Added);
            place = Some(after());
            rows = vec![None; n.rows.len()];
            for (r, row) in n.rows.iter().enumerate() {
                for c in &row.cells {
                    let mut acts = touch_acts(Some(c.column));
                    acts.extend(ctx.source_act(c.source));
                    cells.push(CellChange {
                        old_row: None,
                        new_row: Some(r),
                        column: c.column,
                        words: WordDiff::inserted(c.text.clone()),
                        acts: sorted(acts),
                        reconstructed: c.reconstructed,
                        present: (false, true),
                    });
                }
            }
        }
        (Some(o), None) => {
            kinds.push(ItemChangeKind::Excluded);
            for (r, row) in o.rows.iter().enumerate() {
                for c in &row.cells {
                    cells.push(CellChange {
                        old_row: Some(r),
                        new_row: None,
                        column: ctx.old_columns[c.column],
                        words: WordDiff::deleted(c.text.clone()),
                        acts: Vec::new(),
                        reconstructed: c.reconstructed,
                        present: (true, false),
                    });
                }
            }
        }
        (Some(o), Some(n)) => {
            match (o.status, n.status) {
                (ItemStatus::InForce, ItemStatus::Repealed { .. }) => {
                    kinds.push(ItemChangeKind::Repealed)
                }
                (ItemStatus::Repealed { .. }, ItemStatus::InForce) => {
                    kinds.push(ItemChangeKind::Restored)
                }
                _ => {}
            }
            rows = compare_rows(ctx, o, n, &mut cells, &touch_acts);
            let restated = touches.iter().any(|(a, op)| {
                ctx.in_range(*a)
                    && matches!(ctx.operation(*a, *op), Some(Operation::RestateItem { .. }))
            }) || n.rows.iter().flat_map(|r| &r.cells).any(|c| {
                c.source.operation.is_some_and(|op| {
                    ctx.in_range(c.source.act)
                        && matches!(
                            ctx.operation(c.source.act, op),
                            Some(Operation::RestateItem { .. })
                        )
                })
            });
            if restated && (!cells.is_empty() || o.rows.len() != n.rows.len()) {
                kinds.push(ItemChangeKind::Restated);
            } else if !cells.is_empty() || o.rows.len() != n.rows.len() {
                kinds.push(ItemChangeKind::Amended);
            }
            if o.number != n.number {
                kinds.push(ItemChangeKind::Renumbered);
            }
            if o.section != n.section || moved_in_list {
                kinds.push(ItemChangeKind::Moved);
                if moved_in_list {
                    place = Some(after());
                }
            }
            if kinds.is_empty() {
                return None;
            }
        }
        (None, None) => return None,
    }
    let mut acts = touch_acts(None);
    for v in [old, new].into_iter().flatten() {
        if let ItemStatus::Repealed { by, .. } | ItemStatus::Excluded { by, .. } = v.status {
            acts.extend(ctx.source_act(by));
        }
    }
    for c in &cells {
        acts.extend_from_slice(&c.acts);
    }
    kinds.sort_unstable();
    Some(ItemChange {
        id,
        old: old_v.map(ItemHead::of),
        new: new_v.map(ItemHead::of),
        kinds,
        cells,
        acts: sorted(acts),
        rows,
        place,
    })
}

/// Aligns the rows of two versions of an item and compares the cells of
/// aligned rows. Returns, for each new row, the old row it continues.
fn compare_rows(
    ctx: &Ctx<'_>,
    o: &ItemVersion,
    n: &ItemVersion,
    cells: &mut Vec<CellChange>,
    touch_acts: &dyn Fn(Option<usize>) -> Vec<usize>,
) -> Vec<Option<u32>> {
    let mut map: Vec<Option<u32>> = vec![None; n.rows.len()];
    // (old row, new row) pairs in reading order; None on one side for a
    // row only the other has.
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    if o.rows.len() == n.rows.len() {
        pairs.extend((0..n.rows.len()).map(|r| (Some(r), Some(r))));
    } else {
        let key = |row: &RowVersion| -> Vec<String> {
            row.cells
                .iter()
                .map(|c| {
                    if ctx.how.exact {
                        c.text.to_string()
                    } else {
                        crate::matching::normalize(&c.text)
                    }
                })
                .collect()
        };
        let old_keys: Vec<Vec<String>> = o.rows.iter().map(key).collect();
        let new_keys: Vec<Vec<String>> = n.rows.iter().map(key).collect();
        for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_keys, &new_keys) {
            let (_, old_range, new_range) = op.as_tag_tuple();
            let common = old_range.len().min(new_range.len());
            for k in 0..common {
                pairs.push((Some(old_range.start + k), Some(new_range.start + k)));
            }
            for r in old_range.clone().skip(common) {
                pairs.push((Some(r), None));
            }
            for r in new_range.clone().skip(common) {
                pairs.push((None, Some(r)));
            }
        }
    }
    for (or, nr) in pairs {
        if let (Some(or), Some(nr)) = (or, nr) {
            map[nr] = Some(or as u32);
        }
        let old_cells = or.map(|r| &o.rows[r].cells[..]).unwrap_or(&[]);
        let new_cells = nr.map(|r| &n.rows[r].cells[..]).unwrap_or(&[]);
        let (mut i, mut j) = (0, 0);
        while i < old_cells.len() || j < new_cells.len() {
            let oc = old_cells.get(i);
            let nc = new_cells.get(j);
            let old_col = oc.map(|c| ctx.old_columns[c.column]);
            let take_old = match (old_col, nc) {
                (Some(a), Some(b)) => a <= b.column,
                (Some(_), None) => true,
                _ => false,
            };
            let take_new = match (old_col, nc) {
                (Some(a), Some(b)) => b.column <= a,
                (None, Some(_)) => true,
                _ => false,
            };
            let oc = if take_old { oc } else { None };
            let nc = if take_new { nc } else { None };
            i += usize::from(take_old);
            j += usize::from(take_new);
            let column = nc.map(|c| c.column).or(old_col).unwrap_or(0);
            let (words, reconstructed) = match (oc, nc) {
                (Some(a), Some(b)) => {
                    if words::same(&a.text, &b.text, &ctx.how) {
                        continue;
                    }
                    (
                        WordDiff::compare(a.text.clone(), b.text.clone(), &ctx.how),
                        b.reconstructed,
                    )
                }
                (Some(a), None) => (WordDiff::deleted(a.text.clone()), false),
                (None, Some(b)) => (WordDiff::inserted(b.text.clone()), b.reconstructed),
                (None, None) => continue,
            };
            let mut acts = touch_acts(Some(column));
            if let Some(b) = nc {
                acts.extend(ctx.source_act(b.source));
            }
            cells.push(CellChange {
                old_row: or,
                new_row: nr,
                column,
                words,
                acts: sorted(acts),
                reconstructed,
                present: (oc.is_some(), nc.is_some()),
            });
        }
    }
    map
}

/// Footnote changes between two lists, matched by mark.
fn footnote_changes(
    ctx: &Ctx<'_>,
    old: &[FootnoteVersion],
    new: &[FootnoteVersion],
) -> Vec<FootnoteChange> {
    if std::ptr::eq(old, new) {
        return Vec::new();
    }
    let ops_acts = |number: &str| -> Vec<usize> {
        ctx.acts
            .clone()
            .filter(|&a| {
                ctx.history.order(a).is_some_and(|o| {
                    o.operations.iter().any(|op| match op {
                        Operation::AddFootnote { number: n, .. }
                        | Operation::RestateFootnote { number: n, .. }
                        | Operation::RemoveFootnote { number: n, .. } => n == number,
                        _ => false,
                    })
                })
            })
            .collect()
    };
    let by_number: HashMap<&str, &FootnoteVersion> =
        old.iter().map(|f| (f.number.as_str(), f)).collect();
    let mut out = Vec::new();
    for (index, f) in new.iter().enumerate() {
        let (kind, words) = match by_number.get(f.number.as_str()) {
            None => (ChangeKind::Added, WordDiff::inserted(f.text.clone())),
            Some(o) if words::same(&o.text, &f.text, &ctx.how) => continue,
            Some(o) => (
                ChangeKind::Changed,
                WordDiff::compare(o.text.clone(), f.text.clone(), &ctx.how),
            ),
        };
        let mut acts = ops_acts(&f.number);
        acts.extend(ctx.source_act(f.source));
        out.push(FootnoteChange {
            number: f.number.clone(),
            kind,
            words,
            acts: sorted(acts),
            reconstructed: f.reconstructed,
            index: Some(index),
        });
    }
    let numbers: HashMap<&str, ()> = new.iter().map(|f| (f.number.as_str(), ())).collect();
    for o in old {
        if !numbers.contains_key(o.number.as_str()) {
            out.push(FootnoteChange {
                number: o.number.clone(),
                kind: ChangeKind::Removed,
                words: WordDiff::deleted(o.text.clone()),
                acts: sorted(ops_acts(&o.number)),
                reconstructed: false,
                index: None,
            });
        }
    }
    out
}

/// Section changes between two lists, matched by id.
fn section_changes(
    ctx: &Ctx<'_>,
    old: &[SectionVersion],
    new: &[SectionVersion],
) -> Vec<SectionChange> {
    if std::ptr::eq(old, new) {
        return Vec::new();
    }
    let head = |s: &SectionVersion| SectionHead {
        number: s.number.clone(),
        title: s.title.clone(),
    };
    let by_id: HashMap<&str, &SectionVersion> = old.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut out = Vec::new();
    for (index, s) in new.iter().enumerate() {
        let o = by_id.get(s.id.as_str());
        if let Some(o) = o {
            if o.number == s.number && words::same(&o.title, &s.title, &ctx.how) {
                continue;
            }
        }
        out.push(SectionChange {
            id: s.id.clone(),
            old: o.map(|o| head(o)),
            new: Some(head(s)),
            acts: ctx.source_act(s.source).into_iter().collect(),
            index: Some(index),
        });
    }
    let ids: HashMap<&str, ()> = new.iter().map(|s| (s.id.as_str(), ())).collect();
    for o in old {
        if !ids.contains_key(o.id.as_str()) {
            out.push(SectionChange {
                id: o.id.clone(),
                old: Some(head(o)),
                new: None,
                acts: Vec::new(),
                index: None,
            });
        }
    }
    out
}

/// Within one history: only the items the orders in range touched.
fn build_indexed(
    history: &History,
    from: usize,
    to: usize,
    options: &DiffOptions,
) -> Result<Diff, Error> {
    let acts = act_range(history, from, to);
    let ctx = Ctx {
        how: options.compare(),
        history,
        acts: acts.clone(),
        old_columns: (0..history.columns().len()).collect(),
        column_refs: Default::default(),
    };
    let slots = match &options.item {
        Some(number) => {
            // The item that has the number in either revision: two items
            // when one was excluded and another took its number.
            let mut slots: Vec<u32> = [
                history.slot_for_number(number, from),
                history.slot_for_number(number, to),
            ]
            .into_iter()
            .flatten()
            .collect();
            if slots.is_empty() {
                return Err(Error::NoSuchItem {
                    number: number.clone(),
                    date: history.revisions()[to].from,
                });
            }
            slots.dedup();
            slots.sort_by_key(|&s| history.rank_of(s));
            slots
        }
        None => history.changed_slots(from, to),
    };
    let mut items = Vec::new();
    if from != to {
        for slot in slots {
            let old = history.version_at(slot, from as u32);
            let new = history.version_at(slot, to as u32);
            if let (Some(a), Some(b)) = (old, new) {
                if Arc::ptr_eq(a, b) || a == b {
                    continue;
                }
            }
            let touches = history.touches_between(slot, from, to);
            let after = || history.listed_before(slot, to).map(|v| v.id.clone());
            items.extend(item_change(
                &ctx,
                old.map(|v| &**v),
                new.map(|v| &**v),
                &touches,
                after,
                false,
            ));
        }
    }
    let (footnotes, sections) = if options.item.is_some() {
        (Vec::new(), Vec::new())
    } else {
        (
            footnote_changes(&ctx, history.footnotes_at(from), history.footnotes_at(to)),
            section_changes(&ctx, history.sections_at(from), history.sections_at(to)),
        )
    };
    Ok(Diff {
        title: history.title().to_string(),
        plan_act: history.acts()[0].act.clone(),
        columns: history.columns().to_vec(),
        new_columns: history.columns().len(),
        from: history.revisions()[from].clone(),
        to: history.revisions()[to].clone(),
        acts: diff_acts(history, acts),
        items,
        footnotes,
        sections,
        metadata: Vec::new(),
        exact: options.exact_whitespace,
        only_item: options.item.clone(),
    })
}

/// Revisions of different histories: every item, matched by stable id.
fn build_generic(
    from: &Revision<'_>,
    to: &Revision<'_>,
    options: &DiffOptions,
) -> Result<Diff, Error> {
    let (oh, nh) = (from.history, to.history);
    // Columns: the newer plan's, then the older plan's own.
    let mut columns = nh.columns().to_vec();
    let new_columns = columns.len();
    let mut metadata = Vec::new();
    let old_columns: Vec<usize> = oh
        .columns()
        .iter()
        .map(
            |c| match columns[..new_columns].iter().position(|n| n.id == c.id) {
                Some(i) => {
                    if columns[i].title != c.title {
                        metadata.push(MetadataChange::ColumnRetitled {
                            id: c.id.clone(),
                            old: c.title.clone(),
                            new: columns[i].title.clone(),
                        });
                    }
                    i
                }
                None => {
                    metadata.push(MetadataChange::ColumnRemoved {
                        id: c.id.clone(),
                        title: c.title.clone(),
                    });
                    columns.push(c.clone());
                    columns.len() - 1
                }
            },
        )
        .collect();
    for c in nh.columns() {
        if !oh.columns().iter().any(|o| o.id == c.id) {
            metadata.push(MetadataChange::ColumnAdded {
                id: c.id.clone(),
                title: c.title.clone(),
            });
        }
    }
    if oh.title() != nh.title() {
        metadata.insert(
            0,
            MetadataChange::Title {
                old: oh.title().to_string(),
                new: nh.title().to_string(),
            },
        );
    }
    if oh.acts()[0].act != nh.acts()[0].act {
        metadata.insert(
            usize::from(oh.title() != nh.title()),
            MetadataChange::Act {
                old: Box::new(oh.acts()[0].act.clone()),
                new: Box::new(nh.acts()[0].act.clone()),
            },
        );
    }
    // The acts of the newer history that took effect after the older
    // revision did, up to the newer one.
    let (lo_date, hi_date) = if from.info.from <= to.info.from {
        (from.info.from, to.info.from)
    } else {
        (to.info.from, from.info.from)
    };
    let acts: Vec<usize> = nh
        .acts()
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.is_base && a.effective > lo_date && a.effective <= hi_date)
        .map(|(i, _)| i)
        .collect();
    let act_span = match (acts.first(), acts.last()) {
        (Some(&a), Some(&b)) => a..b + 1,
        _ => 0..0,
    };
    let ctx = Ctx {
        how: options.compare(),
        history: nh,
        acts: act_span.clone(),
        old_columns,
        column_refs: Default::default(),
    };
    let old_items: Vec<&ItemVersion> = from.items().collect();
    let new_items: Vec<&ItemVersion> = to.items().collect();
    let wanted = |v: &ItemVersion| options.item.as_ref().is_none_or(|n| v.number == *n);
    if let Some(number) = &options.item {
        if !old_items
            .iter()
            .chain(&new_items)
            .any(|v| v.number == *number)
        {
            return Err(Error::NoSuchItem {
                number: number.clone(),
                date: to.info.from,
            });
        }
    }
    let old_by_id: HashMap<&str, usize> = old_items
        .iter()
        .enumerate()
        .map(|(i, v)| (&*v.id, i))
        .collect();
    let new_ids: HashMap<&str, ()> = new_items.iter().map(|v| (&*v.id, ())).collect();
    let moved = moved_items(&old_items, &new_items, &old_by_id);
    let mut items = Vec::new();
    // Items of the newer list in its order; items gone from it right
    // after the item that preceded them in the older list.
    let mut gone_after: HashMap<Option<Arc<str>>, Vec<&ItemVersion>> = HashMap::new();
    let mut prev: Option<Arc<str>> = None;
    for v in &old_items {
        if !new_ids.contains_key(&*v.id) {
            gone_after.entry(prev.clone()).or_default().push(v);
        } else {
            prev = Some(v.id.clone());
        }
    }
    let mut emit_gone = |key: Option<Arc<str>>, items: &mut Vec<ItemChange>| {
        for v in gone_after.remove(&key).unwrap_or_default() {
            if wanted(v) {
                items.extend(item_change(&ctx, Some(v), None, &[], || None, false));
            }
        }
    };
    emit_gone(None, &mut items);
    let mut before: Option<Arc<str>> = None;
    for v in &new_items {
        let old = old_by_id.get(&*v.id).map(|&i| old_items[i]);
        let unchanged = old.is_some_and(|o| std::ptr::eq(o, *v) || o == *v);
        let is_moved = moved.contains_key(&*v.id);
        if (!unchanged || is_moved) && (wanted(v) || old.is_some_and(&wanted)) {
            let prior = before.clone();
            items.extend(item_change(&ctx, old, Some(v), &[], || prior, is_moved));
        }
        if old.is_some() {
            emit_gone(Some(v.id.clone()), &mut items);
        }
        before = Some(v.id.clone());
    }
    let (footnotes, sections) = if options.item.is_some() {
        (Vec::new(), Vec::new())
    } else {
        (
            footnote_changes(&ctx, from.footnotes(), to.footnotes()),
            section_changes(&ctx, from.sections(), to.sections()),
        )
    };
    Ok(Diff {
        title: nh.title().to_string(),
        plan_act: nh.acts()[0].act.clone(),
        columns,
        new_columns,
        from: from.info.clone(),
        to: to.info.clone(),
        acts: diff_acts(nh, act_span),
        items,
        footnotes,
        sections,
        metadata: if options.item.is_some() {
            Vec::new()
        } else {
            metadata
        },
        exact: options.exact_whitespace,
        only_item: options.item.clone(),
    })
}

/// Items listed in both revisions whose place in the list changed: those
/// outside a longest run kept in the same relative order.
fn moved_items<'a>(
    old_items: &[&'a ItemVersion],
    new_items: &[&'a ItemVersion],
    old_by_id: &HashMap<&str, usize>,
) -> HashMap<&'a str, ()> {
    // Old positions of the common items, in the newer order.
    let common: Vec<(usize, &'a str)> = new_items
        .iter()
        .filter_map(|v| old_by_id.get(&*v.id).map(|&i| (i, &*old_items[i].id)))
        .collect();
    // Longest increasing subsequence, O(n log n).
    let mut tails: Vec<usize> = Vec::new();
    let mut parent: Vec<Option<usize>> = vec![None; common.len()];
    for (k, &(pos, _)) in common.iter().enumerate() {
        let at = tails.partition_point(|&t| common[t].0 < pos);
        if at > 0 {
            parent[k] = Some(tails[at - 1]);
        }
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut keep = vec![false; common.len()];
    let mut at = tails.last().copied();
    while let Some(k) = at {
        keep[k] = true;
        at = parent[k];
    }
    common
        .iter()
        .zip(keep)
        .filter(|(_, kept)| !kept)
        .map(|((_, id), _)| (*id, ()))
        .collect()
}
