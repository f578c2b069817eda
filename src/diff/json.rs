//! The JSON form of a diff, for tools. The types here exist to be
//! serialized and to generate the JSON Schema ([`crate::schema::diff`]);
//! their doc comments are the format's documentation.

use super::{CellChangeKind, ChangeKind, Diff, ItemChangeKind, MetadataChange, WordOp};
use crate::revision::ItemStatus;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Serialize, Serializer};

/// The differences between two revisions of a plan («сравнение редакций»):
/// what changed, down to the words, and which acts changed it. Produced by
/// `planver diff --format json`.
#[derive(Serialize, JsonSchema)]
#[serde(rename = "Diff")]
pub(crate) struct DiffJson<'a> {
    /// The plan's title, in the newer revision.
    title: &'a str,
    /// The older revision.
    from: RevisionJson,
    /// The newer revision.
    to: RevisionJson,
    /// True when differences of spacing and quote style counted as changes.
    exact_whitespace: bool,
    /// True when some cell took too long to compare and its redline is
    /// coarser than it could be (still correct).
    coarse: bool,
    /// The display number the comparison was restricted to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<&'a str>,
    /// The acts that took effect between the two revisions, in order of
    /// application. Changes refer to them by `index`.
    acts: Vec<ActJson>,
    /// Counts of changes by kind.
    summary: SummaryJson,
    /// Changed items, in document order.
    items: Vec<ItemJson<'a>>,
    /// Footnotes (сноски) added, changed or removed.
    footnotes: Vec<FootnoteJson<'a>>,
    /// Sections (разделы) added, changed or removed.
    sections: Vec<SectionJson<'a>>,
    /// Changes of the plan itself (only between revisions of different
    /// histories).
    metadata: Vec<MetadataJson>,
}

/// A revision: the text in force from one date to the next.
#[derive(Serialize, JsonSchema)]
struct RevisionJson {
    /// 0 for the base plan, then one per effective date.
    index: usize,
    /// The first day it is in force.
    from: NaiveDate,
    /// The first day the next revision is in force, if there is one.
    until: Option<NaiveDate>,
}

/// An act that took effect between the two revisions.
#[derive(Serialize, JsonSchema)]
struct ActJson {
    /// The act's index in the history (0 is the act that approved the
    /// plan); changes list these in their `acts`.
    index: usize,
    /// The act as cited: «приказ Минтруда России от 29.08.2014 № 587».
    act: String,
    /// Its number («587»).
    number: String,
    /// The date it was signed.
    date: NaiveDate,
    /// The date it took effect.
    effective: NaiveDate,
    /// Present when that date is assumed, not known, with the reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    effective_assumed: Option<crate::EffectiveAssumption>,
    /// The edition note: «(в ред. приказа Минтруда России от 29.08.2014 № 587)».
    note: String,
}

/// Counts of changes by kind.
#[derive(Serialize, JsonSchema, Default)]
struct SummaryJson {
    /// Items changed in any way.
    items: usize,
    /// Items added.
    added: usize,
    /// Items repealed.
    repealed: usize,
    /// Items excluded.
    excluded: usize,
    /// Items in force again.
    restored: usize,
    /// Items restated whole.
    restated: usize,
    /// Items whose wording changed otherwise.
    amended: usize,
    /// Items renumbered.
    renumbered: usize,
    /// Items moved.
    moved: usize,
    /// Cells changed, added or removed.
    cells: usize,
    /// Footnotes added, changed or removed.
    footnotes: usize,
    /// Sections added, changed or removed.
    sections: usize,
}

/// How an item changed (several at once are possible).
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum ItemKindJson {
    /// Added to the list.
    Added,
    /// Repealed (утратил силу): still listed.
    Repealed,
    /// Excluded (исключен): gone from the list.
    Excluded,
    /// In force again after a repeal.
    Restored,
    /// Restated whole (изложен в новой редакции).
    Restated,
    /// Wording changed otherwise.
    Amended,
    /// Display number changed.
    Renumbered,
    /// Moved to another section or place.
    Moved,
}

impl From<ItemChangeKind> for ItemKindJson {
    fn from(k: ItemChangeKind) -> Self {
        match k {
            ItemChangeKind::Added => ItemKindJson::Added,
            ItemChangeKind::Repealed => ItemKindJson::Repealed,
            ItemChangeKind::Excluded => ItemKindJson::Excluded,
            ItemChangeKind::Restored => ItemKindJson::Restored,
            ItemChangeKind::Restated => ItemKindJson::Restated,
            ItemChangeKind::Amended => ItemKindJson::Amended,
            ItemChangeKind::Renumbered => ItemKindJson::Renumbered,
            ItemChangeKind::Moved => ItemKindJson::Moved,
        }
    }
}

/// Whether an item is in force on one side.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum StatusJson {
    /// In force.
    InForce,
    /// Repealed (утратил силу).
    Repealed,
}

/// An item's number, section and status on one side.
#[derive(Serialize, JsonSchema)]
struct ItemSideJson<'a> {
    /// The display number.
    number: &'a str,
    /// The id of its section.
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
    /// In force or repealed.
    status: StatusJson,
    /// For a repealed item, the date it lost force.
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<NaiveDate>,
}

/// One changed item.
#[derive(Serialize, JsonSchema)]
struct ItemJson<'a> {
    /// The stable id (unchanged by renumbering).
    id: &'a str,
    /// The display number: the newer one, or the older for an excluded item.
    number: &'a str,
    /// What happened to it.
    changes: Vec<ItemKindJson>,
    /// Number, section and status in the older revision; null when not listed there.
    old: Option<ItemSideJson<'a>>,
    /// Number, section and status in the newer revision; null when not listed there.
    new: Option<ItemSideJson<'a>>,
    /// The acts that caused the change (their `index`).
    acts: Vec<usize>,
    /// The cells that changed.
    cells: Vec<CellJson<'a>>,
}

/// Whether a cell, footnote or section was added, removed or changed.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum KindJson {
    /// Only in the newer revision.
    Added,
    /// Only in the older revision.
    Removed,
    /// In both, different.
    Changed,
}

/// One changed cell and its redline.
#[derive(Serialize, JsonSchema)]
struct CellJson<'a> {
    /// Added, removed or changed.
    change: KindJson,
    /// The column's id.
    column: &'a str,
    /// The column's printed title.
    title: &'a str,
    /// The 1-based row in the older version; null when the row is new.
    old_row: Option<usize>,
    /// The 1-based row in the newer version; null when the row is gone.
    new_row: Option<usize>,
    /// The older text ("" for an added cell).
    old: &'a str,
    /// The newer text ("" for a removed cell).
    new: &'a str,
    /// The redline: joining `equal` and `delete` pieces gives the older
    /// text (up to spacing and quote style), `equal` and `insert` the newer.
    words: Vec<WordJson<'a>>,
    /// True when the comparison ran out of time and is coarser than it could be.
    coarse: bool,
    /// True when the newer text is reconstructed, not from a source document.
    reconstructed: bool,
    /// The acts that changed the cell (their `index`).
    acts: Vec<usize>,
}

/// One piece of a redline.
#[derive(Serialize, JsonSchema)]
struct WordJson<'a> {
    /// `equal`, `delete` (struck out) or `insert` (underlined).
    op: OpJson,
    /// The text of the piece.
    text: &'a str,
}

/// The kind of a redline piece.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum OpJson {
    /// On both sides.
    Equal,
    /// Only in the older text.
    Delete,
    /// Only in the newer text.
    Insert,
}

/// A footnote added, changed or removed.
#[derive(Serialize, JsonSchema)]
struct FootnoteJson<'a> {
    /// The footnote's mark («2.1»).
    number: &'a str,
    /// Added, removed or changed.
    change: KindJson,
    /// The older text ("" when added).
    old: &'a str,
    /// The newer text ("" when removed).
    new: &'a str,
    /// The redline.
    words: Vec<WordJson<'a>>,
    /// The acts that caused the change (their `index`).
    acts: Vec<usize>,
}

/// A section's number and title on one side.
#[derive(Serialize, JsonSchema)]
struct SectionSideJson<'a> {
    /// The printed number.
    number: &'a str,
    /// The printed title.
    title: &'a str,
}

/// A section added, changed or removed.
#[derive(Serialize, JsonSchema)]
struct SectionJson<'a> {
    /// The stable id.
    id: &'a str,
    /// Added, removed or changed.
    change: KindJson,
    /// In the older revision; null when added.
    old: Option<SectionSideJson<'a>>,
    /// In the newer revision; null when removed.
    new: Option<SectionSideJson<'a>>,
    /// The acts that caused the change (their `index`).
    acts: Vec<usize>,
}

/// A change of the plan itself.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "change", rename_all = "snake_case")]
enum MetadataJson {
    /// The title changed.
    Title {
        /// Older title.
        old: String,
        /// Newer title.
        new: String,
    },
    /// The approving act differs.
    Act {
        /// Older act, as cited.
        old: String,
        /// Newer act, as cited.
        new: String,
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
    /// A column's title changed.
    ColumnRetitled {
        /// Its id.
        id: String,
        /// Older title.
        old: String,
        /// Newer title.
        new: String,
    },
}

fn words(w: &super::WordDiff) -> Vec<WordJson<'_>> {
    w.ops()
        .map(|op| match op {
            WordOp::Equal(text) => WordJson {
                op: OpJson::Equal,
                text,
            },
            WordOp::Delete(text) => WordJson {
                op: OpJson::Delete,
                text,
            },
            WordOp::Insert(text) => WordJson {
                op: OpJson::Insert,
                text,
            },
        })
        .collect()
}

fn kind(k: ChangeKind) -> KindJson {
    match k {
        ChangeKind::Added => KindJson::Added,
        ChangeKind::Removed => KindJson::Removed,
        ChangeKind::Changed => KindJson::Changed,
    }
}

fn side(h: &super::ItemHead) -> ItemSideJson<'_> {
    let (status, since) = match h.status {
        ItemStatus::Repealed { since, .. } => (StatusJson::Repealed, Some(since)),
        _ => (StatusJson::InForce, None),
    };
    ItemSideJson {
        number: &h.number,
        section: h.section.as_deref(),
        status,
        since,
    }
}

impl<'a> DiffJson<'a> {
    pub(crate) fn new(diff: &'a Diff) -> DiffJson<'a> {
        let revision = |r: &crate::RevisionInfo| RevisionJson {
            index: r.index,
            from: r.from,
            until: r.until,
        };
        let mut summary = SummaryJson {
            items: diff.items.len(),
            footnotes: diff.footnotes.len(),
            sections: diff.sections.len(),
            ..SummaryJson::default()
        };
        for item in &diff.items {
            summary.cells += item.cells.len();
            for k in &item.kinds {
                *match k {
                    ItemChangeKind::Added => &mut summary.added,
                    ItemChangeKind::Repealed => &mut summary.repealed,
                    ItemChangeKind::Excluded => &mut summary.excluded,
                    ItemChangeKind::Restored => &mut summary.restored,
                    ItemChangeKind::Restated => &mut summary.restated,
                    ItemChangeKind::Amended => &mut summary.amended,
                    ItemChangeKind::Renumbered => &mut summary.renumbered,
                    ItemChangeKind::Moved => &mut summary.moved,
                } += 1;
            }
        }
        DiffJson {
            title: &diff.title,
            from: revision(&diff.from),
            to: revision(&diff.to),
            exact_whitespace: diff.exact,
            coarse: diff.is_coarse(),
            item: diff.only_item.as_deref(),
            acts: diff
                .acts
                .iter()
                .map(|a| ActJson {
                    index: a.index,
                    act: a.entry.act.to_string(),
                    number: a.entry.act.number.clone(),
                    date: a.entry.act.date,
                    effective: a.entry.effective,
                    effective_assumed: a.entry.effective_assumed,
                    note: a.entry.act.edition_note(),
                })
                .collect(),
            summary,
            items: diff
                .items
                .iter()
                .map(|i| ItemJson {
                    id: &i.id,
                    number: i.number(),
                    changes: i.kinds.iter().map(|&k| k.into()).collect(),
                    old: i.old.as_ref().map(side),
                    new: i.new.as_ref().map(side),
                    acts: i.acts.clone(),
                    cells: i
                        .cells
                        .iter()
                        .map(|c| {
                            let column = &diff.columns[c.column];
                            CellJson {
                                change: match c.kind() {
                                    CellChangeKind::Added => KindJson::Added,
                                    CellChangeKind::Removed => KindJson::Removed,
                                    CellChangeKind::Changed => KindJson::Changed,
                                },
                                column: &column.id,
                                title: &column.title,
                                old_row: c.old_row.map(|r| r + 1),
                                new_row: c.new_row.map(|r| r + 1),
                                old: c.words.old(),
                                new: c.words.new_text(),
                                words: words(&c.words),
                                coarse: c.words.is_coarse(),
                                reconstructed: c.reconstructed,
                                acts: c.acts.clone(),
                            }
                        })
                        .collect(),
                })
                .collect(),
            footnotes: diff
                .footnotes
                .iter()
                .map(|f| FootnoteJson {
                    number: &f.number,
                    change: kind(f.kind),
                    old: f.words.old(),
                    new: f.words.new_text(),
                    words: words(&f.words),
                    acts: f.acts.clone(),
                })
                .collect(),
            sections: diff
                .sections
                .iter()
                .map(|s| SectionJson {
                    id: &s.id,
                    change: kind(s.kind()),
                    old: s.old.as_ref().map(|h| SectionSideJson {
                        number: &h.number,
                        title: &h.title,
                    }),
                    new: s.new.as_ref().map(|h| SectionSideJson {
                        number: &h.number,
                        title: &h.title,
                    }),
                    acts: s.acts.clone(),
                })
                .collect(),
            metadata: diff
                .metadata
                .iter()
                .map(|m| match m {
                    MetadataChange::Title { old, new } => MetadataJson::Title {
                        old: old.clone(),
                        new: new.clone(),
                    },
                    MetadataChange::Act { old, new } => MetadataJson::Act {
                        old: old.to_string(),
                        new: new.to_string(),
                    },
                    MetadataChange::ColumnAdded { id, title } => MetadataJson::ColumnAdded {
                        id: id.clone(),
                        title: title.clone(),
                    },
                    MetadataChange::ColumnRemoved { id, title } => MetadataJson::ColumnRemoved {
                        id: id.clone(),
                        title: title.clone(),
                    },
                    MetadataChange::ColumnRetitled { id, old, new } => {
                        MetadataJson::ColumnRetitled {
                            id: id.clone(),
                            old: old.clone(),
                            new: new.clone(),
                        }
                    }
                })
                .collect(),
        }
    }
}

/// A diff serializes as the JSON described by [`crate::schema::diff`].
impl Serialize for Diff {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        DiffJson::new(self).serialize(s)
    }
}
