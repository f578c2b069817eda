//! # planver — amendment-aware plan versioning
//!
//! Russian state bodies publish plans of measures («планы мероприятий»,
//! «дорожные карты») as numbered tables, and amend them by later orders:
//! «В пунктах 10, 11 в графе «Ответственный исполнитель» слово «И.В. Никитина»
//! заменить словом «Ф.И. Воронин»». planver keeps a plan as its base document
//! plus its ordered amendment orders, applies them, and answers: what did
//! item 10 say on a date, and which act gave it that wording?
//!
//! ```
//! # fn main() -> Result<(), planver::Error> {
//! use planver::Bundle;
//!
//! // A bundle is a folder: plan.json, amendments/*.json or *.txt, expectations.json.
//! let history = Bundle::load("fixtures/mintrud-2013-342")?.history()?;
//!
//! // Item 10 the day before Mintrud order No. 587 and the day it took effect.
//! let responsible = history.column_index("Ответственный исполнитель").unwrap();
//! let before = history.item_at("10", "2014-08-28".parse().unwrap())?;
//! let after = history.item_at("10", "2014-08-29".parse().unwrap())?;
//! assert!(before.version().column_text(responsible).contains("И.В. Никитина"));
//! assert!(after.version().column_text(responsible).contains("Ф.И. Воронин"));
//!
//! // Which act gave the cell its wording, the way legal databases print it.
//! let cell = after.version().rows[0].cell(responsible).unwrap();
//! assert_eq!(
//!     history.edition_note(cell.source).as_deref(),
//!     Some("(в ред. приказа Минтруда России от 29.08.2014 № 587)")
//! );
//!
//! // What order No. 587 changed: the revisions around it, compared word by word.
//! let (before, after) = history.act_revisions("587")?;
//! let diff = history.diff(before, after);
//! let text = planver::render::text(&diff, &Default::default());
//! assert!(text.contains("[-И.В. Никитина-]{+Ф.И. Воронин+}"));
//! # Ok(()) }
//! ```
//!
//! ## Concepts
//!
//! - [`Plan`] — the base document: [`Act`] that approved it, columns
//!   (графы), [`Section`]s, [`Item`]s with display numbers and stable ids,
//!   [`Row`]s of [`Cell`]s, [`Footnote`]s.
//! - [`Order`] — an amendment order: its act, its effective date, and its
//!   [`Operation`]s, one drafting formula each (replace, insert or delete
//!   words in items, абзацы or footnotes; restate an item, row, cell or
//!   абзац; add or delete rows and абзацы; add, repeal, exclude or renumber
//!   items; add sections or restate their titles; add, restate or remove
//!   footnotes). An order whose effective date rests on a fact its text
//!   lacks carries an [`EffectiveAssumption`], shown wherever the date is.
//! - [`History`] — the plan with every order applied. Orders apply by
//!   effective date, then date signed, then the order given; operations
//!   of one order apply in sequence, each seeing the text left by those
//!   before it. Strict by default: an operation that cannot apply is an
//!   [`ApplyError`] naming the act, the operation, the item, the column and
//!   the words. [`Mode::Lenient`] applies the rest and records every
//!   [`Refusal`].
//! - [`Revision`] — the whole text in force on a date; [`ItemVersion`] — one
//!   item, whose [`CellVersion`]s carry their [`Source`] (provenance).
//! - [`Diff`] — the comparison of two revisions («сравнение редакций»):
//!   items added, repealed, excluded, restated, amended, renumbered or
//!   moved, each changed cell with a word-level [`WordDiff`], footnotes and
//!   sections, and the acts that caused each change. Built by
//!   [`History::diff`] in time proportional to what changed; rendered as
//!   text, JSON or a printable HTML redline by [`render`].
//! - [`Bundle`] — the folder format; [`Expectation`]s and [`check`] /
//!   [`assert_bundle`] verify a history in tests.
//! - [`Deadline`] — deadline phrases («IV кв. 2014 г.», «ежегодно до 1
//!   февраля») read into structured terms beside the original text;
//!   [`lint_deadlines`] flags implausible ones such as the year 20134.
//! - [`matching`] — how quoted words are found in exported text: tolerant of
//!   spacing, quotes and dashes; exact about letter case.
//!
//! Revisions are always derived from the base and the orders; nothing is
//! patched forward. The history's index answers one item on one date
//! without replaying anything.
//!
//! ## Features
//!
//! - `cli` (default): the `planver` command-line tool. Turn it off
//!   (`default-features = false`) to embed the library without clap.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod act;
mod apply;
mod bundle;
pub mod cache;
mod deadline;
mod diff;
mod draft;
mod error;
mod expectation;
mod history;
pub mod import;
pub mod matching;
mod operation;
mod order;
mod plan;
pub mod render;
mod revision;
pub mod schema;

pub use act::{Act, ActKind, format_date};
pub use apply::Mode;
pub use bundle::{Bundle, assert_bundle};
pub use deadline::{
    Assumption, Deadline, DeadlineColumn, DeadlineFinding, DeadlineProblem, Due, DueEntry, DueList,
    FoundDeadline, ItemDeadline, PLAUSIBLE_YEARS_AFTER, PLAUSIBLE_YEARS_BEFORE, Period, PlanText,
    Term, TermKind, deadline_column, due_by, find_deadlines, item_deadlines, lint_deadlines,
};
pub use diff::{
    CellChange, CellChangeKind, ChangeKind, Diff, DiffAct, DiffOptions, FootnoteChange, ItemChange,
    ItemChangeKind, ItemHead, MetadataChange, Piece, SectionChange, SectionHead, WordDiff, WordOp,
};
pub use draft::{DRAFT_NUMBER, Draft, DraftNote, DraftNoteKind, DraftOptions, draft, draft_diff};
pub use error::{ApplyError, ApplyErrorKind, Error};
pub use expectation::{CheckReport, Expectation, ExpectedStatus, Failure, check};
pub use history::{History, ItemAt, ItemLogEntry, Options, Pending};
pub use operation::{Anchor, Occurrence, Operation, Position, Targets};
pub use order::{EffectiveAssumption, Order};
pub use plan::{Cell, Column, Footnote, Item, Plan, PlanProblem, Row, Section};
pub use revision::{
    ActEntry, CellVersion, FootnoteVersion, ItemStatus, ItemVersion, Refusal, Revision,
    RevisionInfo, RowVersion, SectionVersion, Source,
};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Design notes: why planver is built the way it is.
#[doc = include_str!("../DESIGN.md")]
pub mod design {}
