//! Drafting an amendment order: the inverse of reading one.
//!
//! [`draft`] writes the text of an amendment order that turns one revision
//! into another; see its documentation for the formulas and how the text
//! is checked.

use crate::act::{Act, ActKind, format_date};
use crate::diff::{Diff, DiffOptions, WordDiff, WordOp};
use crate::history::History;
use crate::import::{OrderReadOptions, read_order};
use crate::matching;
use crate::operation::{Anchor, Occurrence, Operation, Position, Targets};
use crate::order::Order;
use crate::plan::{Cell, Column, Plan, Row};
use crate::revision::{ItemStatus, ItemVersion, Revision};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;

/// The number a drafted act gets when none is given: it is a draft.
///
/// # Example
/// ```
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342").unwrap().history().unwrap();
/// let draft = history.draft(0, 1, &Default::default());
/// assert_eq!(draft.act.number, planver::DRAFT_NUMBER);
/// assert!(draft.text.starts_with("Проект"));
/// ```
pub const DRAFT_NUMBER: &str = "ПРОЕКТ";

/// The act a drafted order is headed with. Whatever is not given is a
/// placeholder: the kind and issuer of the act that approved the plan,
/// the number [`DRAFT_NUMBER`] (and the text is then marked «Проект»),
/// and the date the second revision took effect (or the first, when
/// drafting backwards), so that the order applies after the revision it
/// amends.
///
/// # Example
/// ```
/// use planver::{ActKind, DraftOptions};
/// let options = DraftOptions::default()
///     .kind(ActKind::Rasporyazhenie)
///     .issuer("Департамента социальной защиты населения Томской области")
///     .number("45")
///     .date("2018-02-15".parse().unwrap());
/// assert_eq!(options.number.as_deref(), Some("45"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DraftOptions {
    /// The kind of act (приказ, распоряжение, …).
    pub kind: Option<ActKind>,
    /// The issuer, in the genitive case («Минтруда России»).
    pub issuer: Option<String>,
    /// The act's number.
    pub number: Option<String>,
    /// The date signed; the order takes effect that day.
    pub date: Option<NaiveDate>,
}

impl DraftOptions {
    /// Sets the kind of act.
    ///
    /// # Example
    /// ```
    /// let o = planver::DraftOptions::default().kind(planver::ActKind::Prikaz);
    /// assert_eq!(o.kind, Some(planver::ActKind::Prikaz));
    /// ```
    pub fn kind(mut self, kind: ActKind) -> DraftOptions {
        self.kind = Some(kind);
        self
    }

    /// Sets the issuer, in the genitive case.
    ///
    /// # Example
    /// ```
    /// let o = planver::DraftOptions::default().issuer("Минтруда России");
    /// assert_eq!(o.issuer.as_deref(), Some("Минтруда России"));
    /// ```
    pub fn issuer(mut self, issuer: impl Into<String>) -> DraftOptions {
        self.issuer = Some(issuer.into());
        self
    }

    /// Sets the act's number.
    ///
    /// # Example
    /// ```
    /// let o = planver::DraftOptions::default().number("587");
    /// assert_eq!(o.number.as_deref(), Some("587"));
    /// ```
    pub fn number(mut self, number: impl Into<String>) -> DraftOptions {
        self.number = Some(number.into());
        self
    }

    /// Sets the date signed.
    ///
    /// # Example
    /// ```
    /// let o = planver::DraftOptions::default().date("2014-08-29".parse().unwrap());
    /// assert_eq!(o.date.unwrap().to_string(), "2014-08-29");
    /// ```
    pub fn date(mut self, date: NaiveDate) -> DraftOptions {
        self.date = Some(date);
        self
    }
}

/// What a drafted note says about the draft.
///
/// # Example
/// ```
/// use planver::DraftNoteKind;
/// assert_ne!(DraftNoteKind::Fallback, DraftNoteKind::Inexact);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DraftNoteKind {
    /// A point did not read back or apply as drafted, and the item is
    /// drafted another way: restated whole, or (when its restatement cannot
    /// be written) word by word. The draft is still exact.
    Fallback,
    /// The draft does not turn the first revision into the second exactly:
    /// no formula makes this change, or its text cannot be written so that
    /// it reads back as it is.
    Inexact,
}

/// Something the drafter had to do differently, or could not do.
///
/// # Example
/// ```
/// use planver::{DraftNote, DraftNoteKind};
/// let note = DraftNote { kind: DraftNoteKind::Inexact, item: Some("5".into()), message: "x".into() };
/// assert_eq!(note.to_string(), "item 5: inexact: x");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DraftNote {
    /// Restated instead, or inexact.
    pub kind: DraftNoteKind,
    /// The item concerned, by its display number, if one is.
    pub item: Option<String>,
    /// What happened, and why.
    pub message: String,
}

impl fmt::Display for DraftNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(item) = &self.item {
            write!(f, "item {item}: ")?;
        }
        let kind = match self.kind {
            DraftNoteKind::Fallback => "fallback",
            DraftNoteKind::Inexact => "inexact",
        };
        write!(f, "{kind}: {}", self.message)
    }
}

/// A drafted amendment order: its text, the act it is headed with, the
/// operations the text says (as [`crate::import::read_order`] reads them),
/// and notes on what could not be drafted exactly.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let draft = history.draft(0, 1, &planver::DraftOptions::default().number("587"));
/// let order = draft.order();
/// assert_eq!(order.act.number, "587");
/// assert_eq!(order.operations, draft.operations);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Draft {
    /// The act in the header.
    pub act: Act,
    /// The plan and edition amended, as the text names them.
    pub amends: String,
    /// The order's text.
    pub text: String,
    /// The operations the text says, with the order's points.
    pub operations: Vec<Operation>,
    /// Fallbacks and what could not be drafted exactly.
    pub notes: Vec<DraftNote>,
}

impl Draft {
    /// The drafted order: the act, the operations, taking effect the day it
    /// is signed.
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
    /// let order = history.draft(0, 1, &Default::default()).order();
    /// assert_eq!(order.effective_date(), order.act.date);
    /// # Ok(()) }
    /// ```
    pub fn order(&self) -> Order {
        Order {
            act: self.act.clone(),
            effective: None,
            effective_assumed: None,
            amends: Some(self.amends.clone()),
            operations: self.operations.clone(),
        }
    }

    /// True when the text, read back and applied to the first revision,
    /// gives the second exactly (no [`DraftNoteKind::Inexact`] note).
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
    /// assert!(history.draft(0, 1, &Default::default()).is_exact());
    /// # Ok(()) }
    /// ```
    pub fn is_exact(&self) -> bool {
        self.notes.iter().all(|n| n.kind != DraftNoteKind::Inexact)
    }
}

impl History {
    /// Drafts the order that turns revision `from` into revision `to`. See
    /// [`draft`].
    ///
    /// # Panics
    /// When either index is not below `revisions().len()`.
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
    /// let draft = history.draft(0, 1, &Default::default());
    /// assert!(draft.text.contains("Пункты 1–4 изложить в следующей редакции:"));
    /// # Ok(()) }
    /// ```
    pub fn draft(&self, from: usize, to: usize, options: &DraftOptions) -> Draft {
        draft(&self.revision(from), &self.revision(to), options)
    }
}

/// Drafts the text of an amendment order, in Russian, that turns revision
/// `from` into revision `to` (of one history or of two), with the formulas
/// a drafter would use, and checks it by reading it back and applying it.
///
/// | what changed | formula |
/// |---|---|
/// | a few words of a cell | «В пункте 10 в графе «Ответственный исполнитель» слова «И.В. Никитина» заменить словами «Ф.И. Воронин».» — «слово», «слова» or «цифры» by what is quoted |
/// | words only added | «… после слов «A» дополнить словами «B»», or «перед словами «A» …» at the start of a cell |
/// | words only taken out | «… слова «A» исключить» |
/// | the same change in several items | «В пунктах 10, 11 в графе «…» …» |
/// | the same change everywhere in a column | one formula: every occurrence is changed |
/// | several changes of one item | «В пункте 10:» (or «В пункте 10 в графе «…»:») and sub-points а), б), … |
/// | whole lines (абзацы) of a cell, most of it staying, when that quotes less | «Абзац второй графы «Мероприятие» пункта 5 изложить в следующей редакции: «…».», «Графу «…» пункта 5 после абзаца второго дополнить абзацем следующего содержания: «…».», «Абзацы второй и третий графы «…» пункта 5 исключить.» |
/// | most of a cell | «Графу «Срок» пункта 5 изложить в следующей редакции: «…».» |
/// | most of an item, its rows, or a repealed item | «Пункт 5 изложить в следующей редакции:» and the item's table text, one cell per line; neighbours together: «Пункты 1–4 изложить …» |
/// | an item repealed / excluded | «Пункт 5 признать утратившим силу.» / «Пункты 5, 7 исключить.» |
/// | numbers changed | «Пункты 5–7 считать соответственно пунктами 6–8.» |
/// | an item added | «После пункта 4 дополнить пунктом 4.1 следующего содержания:», «Перед пунктом 5 дополнить пунктом …» (first in its section or the plan), or «Раздел II дополнить пунктом …» |
/// | a section added | «Дополнить разделом III следующего содержания: «III. …».», «После раздела II дополнить разделом …» before sections that stay, or «Перед разделом I дополнить разделом …» before them all |
/// | a section's title | «Наименование раздела II изложить в следующей редакции: «…».» |
/// | footnotes | «Дополнить сносками 1, 2.1 следующего содержания: …», «Сноску 3 изложить в следующей редакции: …», «Сноску 3 исключить.» |
///
/// Changes come in the order of the first revision (addressed by the
/// numbers items have there), then the renumbering, sections' titles and
/// new sections, new items in the order of the second revision, and
/// footnotes. The header is a
/// placeholder act ([`DraftOptions`]), then «Внести в план …, утвержденный
/// … (в редакции …), следующие изменения:» and the numbered points.
///
/// Quoted words come from the diff's word-level edit script: changes a
/// word apart are merged into one phrase, the phrase is widened to whole
/// words (and the dots of initials) and then word by word until it occurs
/// exactly once where the formula points — the column of the item, or of
/// one row of it («в строке 2») — so the change cannot land anywhere else.
/// Every formula is checked by applying it the way [`History`] applies
/// operations.
///
/// The text is written for [`crate::import::read_order`] and checked with
/// it: each point is read back and must give exactly the operations it was
/// drafted for; then the whole order is read back and applied to the first
/// revision, and must give the second — numbers, order, sections, status
/// and every cell's text. An item whose point does not read back or apply
/// is drafted again another way: restated whole, then word by word however
/// much changed ([`DraftNoteKind::Fallback`]). What still differs is said
/// in [`Draft::notes`] ([`DraftNoteKind::Inexact`]): changes no formula
/// makes (a section renumbered or removed, an item put among
/// the items of another section, a cell left with no text by anything but
/// taking its words out) and text that cannot be quoted so that it reads
/// back as it is (spaces at the ends of lines, blank lines or tabs inside
/// a cell, quotes the reader cannot pair).
///
/// When the revisions do not differ, the order has no points.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let (before, after) = (history.revision(0), history.revision(1));
/// let draft = planver::draft(&before, &after, &planver::DraftOptions::default());
/// assert!(draft.is_exact(), "{:?}", draft.notes);
/// assert!(draft.text.contains(
///     "В пунктах 10, 11 в графе «Ответственный исполнитель» слова «И.В. Никитина» заменить словами «Ф.И. Воронин»."
/// ));
/// // The text reads back as the operations it was drafted for (with the
/// // plan it amends, so that restated cells are keyed by column id).
/// let plan = history.revision(0).to_plan();
/// let options = planver::import::OrderReadOptions::new().plan(&plan);
/// let import = planver::import::read_order(&draft.text, &options);
/// assert!(!import.has_errors());
/// assert_eq!(import.order.operations, draft.operations);
/// # Ok(()) }
/// ```
pub fn draft(from: &Revision<'_>, to: &Revision<'_>, options: &DraftOptions) -> Draft {
    let exact = DiffOptions::default().exact_whitespace(true);
    match Diff::between_with(from, to, &exact) {
        Ok(diff) => draft_diff(&diff, from, to, options),
        Err(_) => draft_scripts(&HashMap::new(), from, to, options),
    }
}

/// Drafts the order from a [`Diff`] already made between `from` and `to`:
/// its word-level edit scripts choose the quoted words. The diff should be
/// exact about spacing ([`DiffOptions::exact_whitespace`]); where it is
/// not, or has no script for a cell, the cell's words are compared anew.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let diff = history.diff_with(0, 1, &planver::DiffOptions::default().exact_whitespace(true))?;
/// let draft = planver::draft_diff(&diff, &history.revision(0), &history.revision(1), &Default::default());
/// assert!(draft.text.contains("цифры «20134» заменить цифрами «2014»"));
/// # Ok(()) }
/// ```
pub fn draft_diff(
    diff: &Diff,
    from: &Revision<'_>,
    to: &Revision<'_>,
    options: &DraftOptions,
) -> Draft {
    let columns = from.history().columns();
    let mut scripts: HashMap<(String, usize, usize), &WordDiff> = HashMap::new();
    for item in diff.items() {
        for cell in item.cells() {
            let (Some(or), Some(nr)) = (cell.old_row(), cell.new_row()) else {
                continue;
            };
            if or != nr {
                continue;
            }
            let id = &diff.column(cell).id;
            if let Some(c) = columns.iter().position(|x| &x.id == id) {
                scripts.insert((item.id().to_string(), or, c), cell.words());
            }
        }
    }
    draft_scripts(&scripts, from, to, options)
}

type Scripts<'d> = HashMap<(String, usize, usize), &'d WordDiff>;

fn draft_scripts(
    scripts: &Scripts<'_>,
    from: &Revision<'_>,
    to: &Revision<'_>,
    options: &DraftOptions,
) -> Draft {
    let drafter = Drafter::new(scripts, from, to, options);
    drafter.run()
}

// ---------------------------------------------------------------------------
// Word-level edits of one column: choosing the quoted words.

/// A word-level formula, as the text will say it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Edit {
    /// «слова «from» заменить словами «to»»
    Replace { from: String, to: String },
    /// «после слов «anchor» дополнить словами «words»»
    After { anchor: String, words: String },
    /// «перед словами «anchor» дополнить словами «words»»
    Before { anchor: String, words: String },
    /// «слова «words» исключить»
    Delete { words: String },
}

impl Edit {
    /// How many characters the formula quotes.
    fn quoted(&self) -> usize {
        let n = |s: &str| s.chars().count();
        match self {
            Edit::Replace { from, to } => n(from) + n(to),
            Edit::After { anchor, words } | Edit::Before { anchor, words } => n(anchor) + n(words),
            Edit::Delete { words } => n(words),
        }
    }
}

/// One change of an existing item's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    /// A word-level edit of a column, in every row (`None`) or one (1-based).
    Words {
        column: usize,
        row: Option<usize>,
        edit: Edit,
    },
    /// A cell restated; empty text takes the cell out.
    Cell {
        column: usize,
        row: Option<usize>,
        text: String,
    },
    /// Rows added after row `after` (1-based, as the rows stand then), or
    /// at the end: each row's cells, column by column.
    AddRows {
        after: Option<usize>,
        rows: Vec<Vec<Option<String>>>,
    },
    /// Rows taken out (1-based, as the rows stand then).
    RemoveRows { rows: Vec<usize> },
    /// Абзацы (lines) of a cell: `old` lines from line `first` (1-based)
    /// give way to the lines `new` — taken out when `new` is empty, added
    /// before line `first` when `old` is 0 (at the end of the cell when
    /// `at_end`).
    Lines {
        column: usize,
        row: Option<usize>,
        first: usize,
        old: usize,
        new: Vec<String>,
        at_end: bool,
    },
}

/// A changed stretch: bytes of the old text and of the new text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hunk {
    old: Range<usize>,
    new: Range<usize>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

fn prev_char(t: &str, i: usize) -> Option<(usize, char)> {
    t[..i].char_indices().next_back()
}

fn next_char(t: &str, i: usize) -> Option<char> {
    t[i..].chars().next()
}

/// The changed stretches of an edit script, checked against the texts.
fn hunks_from_script(words: &WordDiff, old: &str, new: &str) -> Option<Vec<Hunk>> {
    if words.old() != old || words.new_text() != new {
        return None;
    }
    let (mut o, mut n) = (0usize, 0usize);
    let mut out: Vec<Hunk> = Vec::new();
    let mut open: Option<Hunk> = None;
    for op in words.ops() {
        match op {
            WordOp::Equal(t) => {
                if old.get(o..o + t.len()) != Some(t) || new.get(n..n + t.len()) != Some(t) {
                    return None;
                }
                out.extend(open.take());
                o += t.len();
                n += t.len();
            }
            WordOp::Delete(t) => {
                if old.get(o..o + t.len()) != Some(t) {
                    return None;
                }
                let h = open.get_or_insert(Hunk {
                    old: o..o,
                    new: n..n,
                });
                o += t.len();
                h.old.end = o;
            }
            WordOp::Insert(t) => {
                if new.get(n..n + t.len()) != Some(t) {
                    return None;
                }
                let h = open.get_or_insert(Hunk {
                    old: o..o,
                    new: n..n,
                });
                n += t.len();
                h.new.end = n;
            }
        }
    }
    out.extend(open);
    (o == old.len() && n == new.len()).then_some(out)
}

/// One changed stretch: what is left between the common beginning and the
/// common end of the two texts.
fn hunks_simple(old: &str, new: &str) -> Vec<Hunk> {
    if old == new {
        return Vec::new();
    }
    let mut p = 0;
    for ((i, a), b) in old.char_indices().zip(new.chars()) {
        if a != b {
            break;
        }
        p = i + a.len_utf8();
    }
    let mut s = 0;
    for (a, b) in old[p..].chars().rev().zip(new[p..].chars().rev()) {
        if a != b {
            break;
        }
        s += a.len_utf8();
    }
    vec![Hunk {
        old: p..old.len() - s,
        new: p..new.len() - s,
    }]
}

/// Tokens for a finer comparison: words, runs of spaces, single marks.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let class = |c: char| -> u8 {
        if is_word(c) {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        }
    };
    let mut prev: Option<u8> = None;
    for (i, c) in s.char_indices() {
        let k = class(c);
        if prev.is_some_and(|p| p != k || k == 2) {
            out.push(&s[start..i]);
            start = i;
        }
        prev = Some(k);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// A changed stretch split where its two sides have words in common: «2017
/// и 2017» → «2018 и 2018» is two changes of «2017», not one of three
/// words.
fn finer(old: &str, new: &str, h: &Hunk) -> Vec<Hunk> {
    let (Some(a), Some(b)) = (old.get(h.old.clone()), new.get(h.new.clone())) else {
        return vec![h.clone()];
    };
    let (ta, tb) = (tokens(a), tokens(b));
    let offsets = |t: &[&str], base: usize| -> Vec<usize> {
        let mut at = base;
        let mut out = Vec::with_capacity(t.len() + 1);
        for x in t {
            out.push(at);
            at += x.len();
        }
        out.push(at);
        out
    };
    let (oa, ob) = (offsets(&ta, h.old.start), offsets(&tb, h.new.start));
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ta, &tb) {
        let (tag, ra, rb) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        out.push(Hunk {
            old: oa[ra.start]..oa[ra.end],
            new: ob[rb.start]..ob[rb.end],
        });
    }
    out
}

/// Merges stretches that only a word or two apart, so the formula quotes
/// one phrase instead of two.
fn merge_hunks(old: &str, hunks: Vec<Hunk>) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::with_capacity(hunks.len());
    for h in hunks {
        if let Some(last) = out.last_mut() {
            let gap = &old[last.old.end..h.old.start];
            let words = gap
                .split(|c: char| !is_word(c))
                .filter(|w| !w.is_empty())
                .count();
            if words <= 1 && gap.chars().count() <= 12 && !gap.contains('\n') {
                last.old.end = h.old.end;
                last.new.end = h.new.end;
                continue;
            }
        }
        out.push(h);
    }
    out
}

/// Characters the quote scanner pairs: only balanced «ёлочки», nothing else.
fn quotable(s: &str) -> bool {
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '«' => depth += 1,
            '»' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            '"' | '„' | '“' | '”' | '‟' => return false,
            _ => {}
        }
    }
    depth == 0
}

/// Words that can stand in a quotation inside a sentence, as they are.
fn inline(s: &str) -> bool {
    !s.is_empty() && !s.contains(['\n', '\r', '\t']) && quotable(s)
}

/// Words to find: line breaks and tabs read as spaces (matching folds
/// them anyway).
fn flat(s: &str) -> String {
    s.replace(['\n', '\r', '\t'], " ")
}

/// The same test as the history's: inserted words that start with a
/// punctuation mark get no space before them.
fn starts_with_punctuation(words: &str) -> bool {
    words
        .chars()
        .next()
        .is_some_and(|c| matches!(c, ',' | '.' | ';' | ':' | ')' | '»' | '"' | '!' | '?'))
}

/// The span a deletion removes: the words and one adjoining space.
fn widened(text: &str, range: &Range<usize>) -> Range<usize> {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let is_space = |c: Option<char>| c.is_some_and(|c| c == ' ' || c == '\u{a0}');
    if is_space(after) && (before.is_none() || is_space(before)) {
        range.start..range.end + after.map_or(0, char::len_utf8)
    } else if is_space(before) {
        range.start - before.map_or(0, char::len_utf8)..range.end
    } else {
        range.clone()
    }
}

/// One edit at each of `ranges`, as the history makes it.
fn edited(text: &str, ranges: &[Range<usize>], edit: &Edit) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut at = 0;
    for range in ranges {
        let span = match edit {
            Edit::Delete { .. } => widened(text, range),
            _ => range.clone(),
        };
        let start = span.start.max(at);
        let end = span.end.max(start);
        match edit {
            Edit::Replace { to, .. } => {
                out.push_str(&text[at..start]);
                out.push_str(to);
                at = end;
            }
            Edit::After { words, .. } => {
                out.push_str(&text[at..end]);
                if !starts_with_punctuation(words) {
                    out.push(' ');
                }
                out.push_str(words);
                at = end;
            }
            Edit::Before { words, .. } => {
                out.push_str(&text[at..start]);
                out.push_str(words);
                out.push(' ');
                at = start;
            }
            Edit::Delete { .. } => {
                out.push_str(&text[at..start]);
                at = end;
            }
        }
    }
    out.push_str(&text[at..]);
    out
}

/// Applies a word-level edit to the cells of one column of an item (row
/// by row; `row` is 1-based), as the history applies it: every whole-word
/// occurrence, in every addressed cell. `None` when the words are nowhere.
fn simulate(
    cells: &[Option<String>],
    row: Option<usize>,
    edit: &Edit,
) -> Option<Vec<Option<String>>> {
    let needle = match edit {
        Edit::Replace { from, .. } => from,
        Edit::After { anchor, .. } | Edit::Before { anchor, .. } => anchor,
        Edit::Delete { words } => words,
    };
    let needle = matching::Needle::new(needle);
    if needle.is_empty() {
        return None;
    }
    let mut out = cells.to_vec();
    let mut any = false;
    for (i, cell) in cells.iter().enumerate() {
        if row.is_some_and(|r| r != i + 1) {
            continue;
        }
        let Some(text) = cell else { continue };
        let found = needle.find(text, true);
        if found.is_empty() {
            continue;
        }
        any = true;
        out[i] = Some(edited(text, &found, edit));
    }
    any.then_some(out)
}

/// Moves left over spaces (not past a line break) and then over the word
/// before them: the start of the phrase one word longer.
fn grow_left(t: &str, x: usize) -> Option<usize> {
    let mut i = x;
    while let Some((j, c)) = prev_char(t, i) {
        if !c.is_whitespace() {
            break;
        }
        if c == '\n' || c == '\r' {
            return None;
        }
        i = j;
    }
    let mut moved = false;
    while let Some((j, c)) = prev_char(t, i) {
        if c.is_whitespace() {
            break;
        }
        i = j;
        moved = true;
    }
    moved.then_some(i)
}

/// Moves right over spaces (not past a line break) and then over the word
/// after them: the end of the phrase one word longer.
fn grow_right(t: &str, y: usize) -> Option<usize> {
    let mut i = y;
    while let Some(c) = next_char(t, i) {
        if !c.is_whitespace() {
            break;
        }
        if c == '\n' || c == '\r' {
            return None;
        }
        i += c.len_utf8();
    }
    let mut moved = false;
    while let Some(c) = next_char(t, i) {
        if c.is_whitespace() {
            break;
        }
        i += c.len_utf8();
        moved = true;
    }
    moved.then_some(i)
}

/// Widens `[a, b)` of `t` (to be replaced by `repl`) to whole words: a
/// quoted word is a whole word.
fn whole_words(t: &str, a: usize, b: usize, repl: &str) -> (usize, usize) {
    let (mut x, mut y) = (a, b);
    loop {
        let first_old = next_char(t, x).filter(|_| x < y);
        let first_new = t[x..a].chars().next().or_else(|| repl.chars().next());
        let glued = first_old.is_some_and(is_word) || first_new.is_some_and(is_word);
        match prev_char(t, x) {
            Some((j, c)) if is_word(c) && glued => x = j,
            _ => break,
        }
    }
    loop {
        let last_old = t[x..y].chars().next_back();
        let last_new = t[b..y]
            .chars()
            .next_back()
            .or_else(|| repl.chars().next_back());
        let glued = last_old.is_some_and(is_word) || last_new.is_some_and(is_word);
        match next_char(t, y) {
            Some(c) if is_word(c) && glued => y += c.len_utf8(),
            _ => break,
        }
    }
    (x, y)
}

/// Widens `[x, y)` over the dots of initials and short abbreviations
/// («И.П.», «т. ч.», «кв.»): they belong to the word they end.
fn abbreviations(t: &str, mut x: usize, mut y: usize) -> (usize, usize) {
    let run_before = |i: usize| -> (usize, bool) {
        let mut n = 0;
        let mut letters = true;
        let mut j = i;
        while let Some((k, c)) = prev_char(t, j) {
            if !is_word(c) {
                break;
            }
            letters &= c.is_alphabetic();
            n += 1;
            j = k;
        }
        (n, letters)
    };
    if next_char(t, y) == Some('.') {
        let (n, letters) = run_before(y);
        if (1..=3).contains(&n) && letters {
            y += 1;
        }
    }
    // «И.В. Никитина» from «В»: the initials before it.
    while let Some((k, '.')) = prev_char(t, x) {
        let (n, letters) = run_before(k);
        if n == 1 && letters {
            x = prev_char(t, k).map_or(k, |(j, _)| j);
        } else {
            break;
        }
    }
    (x, y)
}

/// «слова «A» заменить словами «B»»: the phrase around `[a, b)`, widened
/// word by word (left first, then right, in turn) until `check` accepts it.
fn replacement(
    t: &str,
    a: usize,
    b: usize,
    repl: &str,
    check: &dyn Fn(&Edit) -> bool,
) -> Option<Edit> {
    if repl.contains(['\n', '\r', '\t']) {
        return None;
    }
    let (x, y) = whole_words(t, a, b, repl);
    let (mut x, mut y) = abbreviations(t, x, y);
    for step in 0..64 {
        if x < y {
            let from = &t[x..y];
            let to = format!("{}{repl}{}", &t[x..a], &t[b..y]);
            if inline(&to) && quotable(from) && !from.trim().is_empty() {
                let edit = Edit::Replace {
                    from: flat(from),
                    to,
                };
                if check(&edit) {
                    return Some(edit);
                }
            }
        }
        let (left, right) = (grow_left(t, x), grow_right(t, y));
        match (step % 2 == 0, left, right) {
            (true, Some(l), _) | (false, Some(l), None) => x = l,
            (_, _, Some(r)) => y = r,
            (_, None, None) => return None,
        }
    }
    None
}

fn char_positions(t: &str, around: usize, span: usize) -> Vec<usize> {
    let mut out: Vec<usize> = t
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(t.len()))
        .filter(|&i| i + span >= around && i <= around + span)
        .collect();
    // Nearest first.
    out.sort_by_key(|&i| i.abs_diff(around));
    out
}

/// An anchor too short to read well on its own: fewer than four letters
/// or digits.
fn short(anchor: &str) -> bool {
    anchor.chars().filter(|c| is_word(*c)).count() < 4
}

/// «после слов «A» дополнить словами «B»» or «перед словами «A» …»: `ins`
/// inserted at `p`. The inserted words may slide over spaces so that the
/// history's own spacing (one space between the anchor and the words)
/// gives exactly the new text.
fn insertion(t: &str, p: usize, ins: &str, check: &dyn Fn(&Edit) -> bool) -> Option<Edit> {
    if ins.contains(['\n', '\r', '\t']) || ins.is_empty() {
        return None;
    }
    let goal = format!("{}{ins}{}", &t[..p], &t[p..]);
    let len = ins.len();
    let clean = |w: &str| inline(w) && w.trim() == w;
    // After an anchor that ends at q.
    for q in char_positions(t, p, 16) {
        if q > p || q == 0 {
            continue;
        }
        if prev_char(t, q).is_none_or(|(_, c)| c.is_whitespace()) {
            continue;
        }
        if goal.get(q + len..) != Some(&t[q..]) {
            continue;
        }
        for s in [0usize, 1] {
            let Some(words) = goal.get(q + s..q + len) else {
                continue;
            };
            if (s == 1) == starts_with_punctuation(words)
                || (s == 1 && goal.get(q..q + 1) != Some(" "))
                || !clean(words)
            {
                continue;
            }
            let mut x = q;
            while let Some((j, c)) = prev_char(t, x) {
                if c.is_whitespace() {
                    break;
                }
                x = j;
            }
            // «после слов «2018 год»», not «после слова «год»».
            while short(&t[x..q]) {
                match grow_left(t, x) {
                    Some(l) => x = l,
                    None => break,
                }
            }
            for _ in 0..32 {
                let anchor = &t[x..q];
                if quotable(anchor) {
                    let edit = Edit::After {
                        anchor: flat(anchor),
                        words: words.to_string(),
                    };
                    if check(&edit) {
                        return Some(edit);
                    }
                }
                x = grow_left(t, x)?;
            }
        }
    }
    // Before an anchor that starts at q.
    for q in char_positions(t, p, 16) {
        if q < p || q >= t.len() {
            continue;
        }
        if next_char(t, q).is_none_or(char::is_whitespace) {
            continue;
        }
        if goal.get(..q) != Some(&t[..q])
            || goal.get(q + len..) != Some(&t[q..])
            || goal.get(q + len - 1..q + len) != Some(" ")
        {
            continue;
        }
        let Some(words) = goal.get(q..q + len - 1) else {
            continue;
        };
        if !clean(words) {
            continue;
        }
        let mut y = q;
        while let Some(c) = next_char(t, y) {
            if c.is_whitespace() {
                break;
            }
            y += c.len_utf8();
        }
        while short(&t[q..y]) {
            match grow_right(t, y) {
                Some(r) => y = r,
                None => break,
            }
        }
        for _ in 0..32 {
            let anchor = &t[q..y];
            if quotable(anchor) {
                let edit = Edit::Before {
                    anchor: flat(anchor),
                    words: words.to_string(),
                };
                if check(&edit) {
                    return Some(edit);
                }
            }
            y = grow_right(t, y)?;
        }
    }
    None
}

/// «слова «A» исключить»: `[a, b)` of `t` taken out. The words quoted are
/// the stretch without its spaces; the history takes one adjoining space
/// with them.
fn deletion(t: &str, a: usize, b: usize, check: &dyn Fn(&Edit) -> bool) -> Option<Edit> {
    let goal = format!("{}{}", &t[..a], &t[b..]);
    let len = b - a;
    for u in char_positions(t, a, 16) {
        let Some(span) = t.get(u..u + len) else {
            continue;
        };
        if format!("{}{}", &t[..u], &t[u + len..]) != goal {
            continue;
        }
        let words = span.trim();
        if words.is_empty() || !quotable(words) {
            continue;
        }
        let x = u + (span.len() - span.trim_start().len());
        let (wx, wy) = whole_words(t, x, x + words.len(), "");
        if (wx, wy) != (x, x + words.len()) {
            continue;
        }
        let edit = Edit::Delete { words: flat(words) };
        if check(&edit) {
            return Some(edit);
        }
    }
    None
}

/// The edits that turn the cells of one column of an item (`old`, row by
/// row) into `new`, one changed stretch after another, each quoting words
/// that occur exactly once where it points. `scripts` are the diff's
/// changed stretches of each row, when it has them. `None` when some
/// stretch cannot be drafted word by word.
fn column_edits(
    old: &[Option<String>],
    new: &[Option<String>],
    scripts: &[Option<Vec<Hunk>>],
) -> Option<Vec<(Option<usize>, Edit)>> {
    if old.len() != new.len() {
        return None;
    }
    let mut hunks: Vec<Vec<Hunk>> = Vec::with_capacity(old.len());
    for r in 0..old.len() {
        let h = match (&old[r], &new[r]) {
            (Some(o), Some(n)) if o != n => scripts
                .get(r)
                .cloned()
                .flatten()
                .unwrap_or_else(|| hunks_simple(o, n)),
            (a, b) if a == b => Vec::new(),
            _ => return None,
        };
        hunks.push(h);
    }
    // One formula for every stretch, when they all say the same.
    let fine: Vec<Vec<Hunk>> = hunks
        .iter()
        .enumerate()
        .map(|(r, hs)| match (&old[r], &new[r]) {
            (Some(o), Some(n)) => hs.iter().flat_map(|h| finer(o, n, h)).collect(),
            _ => Vec::new(),
        })
        .collect();
    if let Some(edit) = uniform(old, new, &fine, &hunks) {
        return Some(vec![(None, edit)]);
    }
    let hunks: Vec<Vec<Hunk>> = hunks
        .into_iter()
        .zip(old)
        .map(|(h, o)| match o {
            Some(o) => merge_hunks(o, h),
            None => h,
        })
        .collect();
    let mut cells = old.to_vec();
    let mut out = Vec::new();
    for r in 0..old.len() {
        let Some(target) = new[r].as_deref() else {
            continue;
        };
        let Some(original) = old[r].as_deref() else {
            continue;
        };
        let mut delta: isize = 0;
        for h in &hunks[r] {
            // The stretch as one formula, or else its finer parts one by one.
            let parts = [vec![h.clone()], finer(original, target, h)];
            let mut done = false;
            for hs in parts {
                let mut d = delta;
                let mut at = cells.clone();
                let mut edits = Vec::new();
                let ok = hs.iter().all(|h| {
                    let (Some(a), Some(b)) = (
                        h.old.start.checked_add_signed(d),
                        h.old.end.checked_add_signed(d),
                    ) else {
                        return false;
                    };
                    let Some(repl) = target.get(h.new.clone()) else {
                        return false;
                    };
                    d += repl.len() as isize - (b - a) as isize;
                    match choose(&at, r, a, b, repl) {
                        Some((row, edit, after)) => {
                            edits.push((row, edit));
                            at = after;
                            true
                        }
                        None => false,
                    }
                });
                if ok {
                    delta = d;
                    cells = at;
                    out.extend(edits);
                    done = true;
                    break;
                }
            }
            if !done {
                return None;
            }
        }
        if cells[r].as_deref() != Some(target) {
            return None;
        }
    }
    Some(out)
}

/// The same replacement (or deletion) everywhere the words occur in the
/// column: «цифры «2017» заменить цифрами «2018»» once for three rows.
fn uniform(
    old: &[Option<String>],
    new: &[Option<String>],
    fine: &[Vec<Hunk>],
    coarse: &[Vec<Hunk>],
) -> Option<Edit> {
    if fine.iter().map(Vec::len).sum::<usize>() < 2 {
        // A single stretch: the general search finds the shortest phrase.
        return None;
    }
    // Each stretch, as whole words, is a candidate; the shorter first.
    let mut candidates: Vec<(String, String)> = Vec::new();
    for hunks in [fine, coarse] {
        for (r, hs) in hunks.iter().enumerate() {
            let (Some(o), Some(n)) = (&old[r], &new[r]) else {
                continue;
            };
            for h in hs {
                let Some(repl) = n.get(h.new.clone()) else {
                    continue;
                };
                let (x, y) = whole_words(o, h.old.start, h.old.end, repl);
                let (x, y) = abbreviations(o, x, y);
                let Some(from) = o.get(x..y) else { continue };
                let to = format!("{}{repl}{}", &o[x..h.old.start], &o[h.old.end..y]);
                let pair = (from.to_string(), to);
                if !candidates.contains(&pair) {
                    candidates.push(pair);
                }
            }
        }
    }
    candidates.into_iter().find_map(|(from, to)| {
        if from.trim() != from || from.is_empty() || !quotable(&from) || from.contains('\n') {
            return None;
        }
        let edit = if to.is_empty() {
            Edit::Delete { words: from }
        } else if inline(&to) {
            Edit::Replace { from, to }
        } else {
            return None;
        };
        (simulate(old, None, &edit).as_deref() == Some(new)).then_some(edit)
    })
}

/// The formula for one changed stretch `[a, b)` of row `r` (replaced by
/// `repl`): addressed to the column in every row when its words occur
/// once there, else to the row. Returns the row address, the edit and the
/// cells after it.
fn choose(
    cells: &[Option<String>],
    r: usize,
    a: usize,
    b: usize,
    repl: &str,
) -> Option<(Option<usize>, Edit, Vec<Option<String>>)> {
    let t = cells.get(r)?.as_deref()?;
    let goal_text = format!("{}{repl}{}", t.get(..a)?, t.get(b..)?);
    let mut goal = cells.to_vec();
    goal[r] = Some(goal_text);
    let rows: Vec<Option<usize>> = if cells.len() > 1 {
        vec![None, Some(r + 1)]
    } else {
        vec![None]
    };
    // What the two sides have in common at their ends is not changed: «,
    // Иванов» → «,» is «Иванов» taken out.
    let old_part = t.get(a..b)?;
    let prefix: usize = old_part
        .chars()
        .zip(repl.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let suffix: usize = old_part[prefix..]
        .chars()
        .rev()
        .zip(repl[prefix..].chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let shrunk = (a + prefix, b - suffix, &repl[prefix..repl.len() - suffix]);
    let mut tries = vec![shrunk];
    if shrunk != (a, b, repl) {
        tries.push((a, b, repl));
    }
    for row in rows {
        let check = |e: &Edit| simulate(cells, row, e).as_deref() == Some(&goal[..]);
        for &(a, b, repl) in &tries {
            let found = if a == b {
                insertion(t, a, repl, &check)
            } else if repl.is_empty() {
                deletion(t, a, b, &check)
            } else {
                None
            };
            if let Some(edit) = found.or_else(|| replacement(t, a, b, repl, &check)) {
                return Some((row, edit, goal));
            }
        }
    }
    None
}

/// What a formula costs besides what it quotes, in characters: its
/// address and verb, roughly («в пункте 5 в графе «…» … заменить …»).
const FORMULA: usize = 40;

/// What the абзац formulas of `changes` cost, as [`FORMULA`] counts.
fn lines_cost(changes: &[Change]) -> usize {
    changes
        .iter()
        .map(|c| match c {
            Change::Lines { new, .. } => {
                FORMULA + new.iter().map(|l| l.chars().count()).sum::<usize>()
            }
            _ => FORMULA,
        })
        .sum()
}

/// The абзац formulas that turn each cell of column `column` into its new
/// text, when every change is of whole lines that can be quoted as they
/// are and most of each cell stays: one change per run of changed lines,
/// the last first (so that the lines before it keep their numbers).
/// `None` when some cell changes otherwise (appears, goes, is mostly
/// rewritten — a drafter restates that — or has a new line that cannot be
/// quoted).
fn line_changes(
    column: usize,
    old: &[Option<String>],
    new: &[Option<String>],
    multi: bool,
) -> Option<Vec<Change>> {
    let mut out = Vec::new();
    for (r, (o, n)) in old.iter().zip(new).enumerate() {
        if o == n {
            continue;
        }
        let (Some(o), Some(n)) = (o, n) else {
            return None;
        };
        if n.is_empty() {
            // Every line taken out takes the cell out too.
            return None;
        }
        let a: Vec<&str> = o.split('\n').collect();
        let b: Vec<&str> = n.split('\n').collect();
        // Runs of changed lines: the old lines and the new ones.
        let mut runs: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        let mut kept = 0usize;
        for op in similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b) {
            let (tag, x, y) = op.as_tag_tuple();
            if tag == similar::DiffTag::Equal {
                kept += b[y].iter().map(|l| l.chars().count()).sum::<usize>();
                continue;
            }
            match runs.last_mut() {
                Some((px, py)) if px.end == x.start && py.end == y.start => {
                    px.end = x.end;
                    py.end = y.end;
                }
                _ => runs.push((x, y)),
            }
        }
        let quoted: usize = runs
            .iter()
            .flat_map(|(_, y)| &b[y.clone()])
            .map(|l| l.chars().count())
            .sum();
        if kept == 0 || quoted > kept {
            return None;
        }
        for (x, y) in runs.into_iter().rev() {
            let lines: Vec<String> = b[y].iter().map(|l| l.to_string()).collect();
            // The reader trims a quoted абзац and cannot quote an empty one.
            if !lines.iter().all(|l| inline(l) && l.trim() == *l) {
                return None;
            }
            out.push(Change::Lines {
                column,
                row: multi.then_some(r + 1),
                first: x.start + 1,
                old: x.len(),
                at_end: x.is_empty() && x.start == a.len(),
                new: lines,
            });
        }
    }
    Some(out)
}

/// «абзац второй», «абзацы второй и третий», «абзацы второй – четвертый»:
/// `count` абзацы from `first`.
fn paragraphs_named(first: usize, count: usize) -> String {
    let last = first + count - 1;
    match count {
        1 => format!("абзац {}", ordinal_nominative(first)),
        2 => format!(
            "абзацы {} и {}",
            ordinal_nominative(first),
            ordinal_nominative(last)
        ),
        _ => format!(
            "абзацы {} – {}",
            ordinal_nominative(first),
            ordinal_nominative(last)
        ),
    }
}

/// Ordinal stems up to twenty, as the reader knows them; further абзацы
/// are named by number.
const ORDINALS: [&str; 20] = [
    "перв",
    "втор",
    "трет",
    "четверт",
    "пят",
    "шест",
    "седьм",
    "восьм",
    "девят",
    "десят",
    "одиннадцат",
    "двенадцат",
    "тринадцат",
    "четырнадцат",
    "пятнадцат",
    "шестнадцат",
    "семнадцат",
    "восемнадцат",
    "девятнадцат",
    "двадцат",
];

/// «второй», «третий», «шестой»; a number beyond twenty.
fn ordinal_nominative(n: usize) -> String {
    match n.checked_sub(1).and_then(|i| ORDINALS.get(i)) {
        Some(stem) => {
            let ending = match n {
                3 => "ий",
                2 | 6 | 7 | 8 => "ой",
                _ => "ый",
            };
            format!("{stem}{ending}")
        }
        None => n.to_string(),
    }
}

/// «второго», «третьего»; a number beyond twenty.
fn ordinal_genitive(n: usize) -> String {
    match n.checked_sub(1).and_then(|i| ORDINALS.get(i)) {
        Some(stem) => format!("{stem}{}", if n == 3 { "ьего" } else { "ого" }),
        None => n.to_string(),
    }
}

/// True when the word-level edits quote too much of the cell to be worth
/// it: a drafter would restate the cell.
fn restate_rather(edits: &[Edit], old: &str, new: &str) -> bool {
    if edits.len() > 3 {
        return true;
    }
    let size = old.chars().count() + new.chars().count();
    let quoted: usize = edits.iter().map(Edit::quoted).sum();
    size > 60 && quoted * 10 > size * 6
}

// ---------------------------------------------------------------------------
// Wording: the formulas as text.

/// Digits only (with dots or commas between them): «цифры».
fn is_digits(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit())
        && s.chars().next_back().is_some_and(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

fn one_word(s: &str) -> bool {
    !s.trim().contains(char::is_whitespace)
}

/// «слово» / «слова» / «цифры» as the object of a formula.
fn object(s: &str) -> &'static str {
    if is_digits(s) {
        "цифры"
    } else if one_word(s) {
        "слово"
    } else {
        "слова"
    }
}

/// «словом» / «словами» / «цифрами» as the instrument.
fn instrument(s: &str) -> &'static str {
    if is_digits(s) {
        "цифрами"
    } else if one_word(s) {
        "словом"
    } else {
        "словами"
    }
}

/// «слова» / «слов» / «цифр» after «после».
fn genitive(s: &str) -> &'static str {
    if is_digits(s) {
        "цифр"
    } else if one_word(s) {
        "слова"
    } else {
        "слов"
    }
}

/// The formula of an edit, without its address.
fn edit_text(edit: &Edit) -> String {
    match edit {
        Edit::Replace { from, to } => format!(
            "{} «{from}» заменить {} «{to}»",
            object(from),
            instrument(to)
        ),
        Edit::After { anchor, words } => format!(
            "после {} «{anchor}» дополнить {} «{words}»",
            genitive(anchor),
            instrument(words)
        ),
        Edit::Before { anchor, words } => format!(
            "перед {} «{anchor}» дополнить {} «{words}»",
            instrument(anchor),
            instrument(words)
        ),
        Edit::Delete { words } => format!("{} «{words}» исключить", object(words)),
    }
}

/// Display numbers for a formula: runs of three or more consecutive
/// numbers as a range («5–7»).
fn number_list(numbers: &[String]) -> String {
    let split = |n: &str| -> Option<(String, u64)> {
        let (prefix, last) = n.rsplit_once('.').map_or(("", n), |(p, l)| (p, l));
        let v: u64 = last.parse().ok()?;
        (!last.starts_with('0') || last == "0").then(|| (prefix.to_string(), v))
    };
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        if let Some((prefix, v)) = split(&numbers[i]) {
            while j + 1 < numbers.len()
                && split(&numbers[j + 1]) == Some((prefix.clone(), v + (j + 1 - i) as u64))
            {
                j += 1;
            }
        }
        if j - i >= 2 {
            parts.push(format!("{}–{}", numbers[i], numbers[j]));
        } else {
            parts.extend(numbers[i..=j].iter().cloned());
        }
        i = j + 1;
    }
    parts.join(", ")
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The kind of act after «утвержденный»: «приказом».
fn instrumental(kind: ActKind) -> &'static str {
    match kind {
        ActKind::Prikaz => "приказом",
        ActKind::Rasporyazhenie => "распоряжением",
        ActKind::Postanovlenie => "постановлением",
        ActKind::Ukaz => "указом",
        ActKind::Reshenie => "решением",
        ActKind::Zakon => "законом",
    }
}

/// The kind of act after «к»: «к приказу».
fn dative(kind: ActKind) -> &'static str {
    match kind {
        ActKind::Prikaz => "приказу",
        ActKind::Rasporyazhenie => "распоряжению",
        ActKind::Postanovlenie => "постановлению",
        ActKind::Ukaz => "указу",
        ActKind::Reshenie => "решению",
        ActKind::Zakon => "закону",
    }
}

/// The kind of act in the genitive plural: «(в редакции приказов …)».
fn genitive_plural(kind: ActKind) -> &'static str {
    match kind {
        ActKind::Prikaz => "приказов",
        ActKind::Rasporyazhenie => "распоряжений",
        ActKind::Postanovlenie => "постановлений",
        ActKind::Ukaz => "указов",
        ActKind::Reshenie => "решений",
        ActKind::Zakon => "законов",
    }
}

/// «Настоящий приказ» / «Настоящее распоряжение».
fn this_act(kind: ActKind) -> String {
    let adjective = match kind {
        ActKind::Prikaz | ActKind::Ukaz | ActKind::Zakon => "Настоящий",
        _ => "Настоящее",
    };
    format!("{adjective} {}", kind.nominative())
}

/// Head nouns of issuers in the genitive, and their nominative in
/// capitals, for a capitals header («ДЕПАРТАМЕНТ …»).
const HEADS: &[(&str, &str)] = &[
    ("Департамента", "ДЕПАРТАМЕНТ"),
    ("Министерства", "МИНИСТЕРСТВО"),
    ("Администрации", "АДМИНИСТРАЦИЯ"),
    ("Комитета", "КОМИТЕТ"),
    ("Управления", "УПРАВЛЕНИЕ"),
    ("Агентства", "АГЕНТСТВО"),
    ("Правительства", "ПРАВИТЕЛЬСТВО"),
    ("Службы", "СЛУЖБА"),
    ("Инспекции", "ИНСПЕКЦИЯ"),
    ("Комиссии", "КОМИССИЯ"),
    ("Губернатора", "ГУБЕРНАТОР"),
    ("Мэра", "МЭР"),
    ("Главы", "ГЛАВА"),
    ("Президента", "ПРЕЗИДЕНТ"),
];

/// The issuer as a capitals header prints it, when its head noun is one a
/// reader puts back in the genitive.
fn issuer_capitals(issuer: &str) -> Option<String> {
    let (head, rest) = issuer.split_once(' ').unwrap_or((issuer, ""));
    let (_, nominative) = HEADS.iter().find(|(g, _)| *g == head)?;
    Some(
        format!("{nominative} {}", rest.to_uppercase())
            .trim()
            .to_string(),
    )
}

// ---------------------------------------------------------------------------
// Points of the order.

/// What a point does, for merging neighbours («Пункты 5, 7 исключить»).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Restate,
    Repeal,
    Exclude,
    Other,
}

/// One part of a point: a formula and the operations it makes.
#[derive(Debug, Clone)]
struct Part {
    text: String,
    ops: Vec<Operation>,
}

/// A point of the order: one formula, or an address heading lettered
/// sub-points.
#[derive(Debug, Clone)]
struct Point {
    kind: Kind,
    head: Option<String>,
    parts: Vec<Part>,
    /// Items of the first revision whose wording the point changes: they
    /// fall back to a restatement if it does not read back.
    ids: Vec<String>,
    /// The display numbers it is about, for notes and merging.
    numbers: Vec<String>,
    /// A restatement's quoted table text, for merging neighbours («Пункты
    /// 1–4 изложить в следующей редакции: «1. …»; «2. …»; …»).
    blocks: Vec<String>,
}

impl Point {
    fn one(kind: Kind, text: String, ops: Vec<Operation>, numbers: Vec<String>) -> Point {
        Point {
            kind,
            head: None,
            parts: vec![Part { text, ops }],
            ids: Vec::new(),
            numbers,
            blocks: Vec::new(),
        }
    }

    /// The point's text, numbered `n`, and its operations with the
    /// order's point set («3», «3а»).
    fn render(&self, n: usize) -> (String, Vec<Operation>) {
        let mut ops = Vec::new();
        let text = match &self.head {
            None if self.parts.len() == 1 => {
                let label = n.to_string();
                for op in &self.parts[0].ops {
                    ops.push(with_point(op, &label));
                }
                format!("{n}. {}.", capitalized(&self.parts[0].text))
            }
            head => {
                let mut s = format!("{n}. {}:", capitalized(head.as_deref().unwrap_or("")));
                let last = self.parts.len().saturating_sub(1);
                for (k, part) in self.parts.iter().enumerate() {
                    let letter = LETTERS.get(k).copied().unwrap_or('я');
                    let label = format!("{n}{letter}");
                    for op in &part.ops {
                        ops.push(with_point(op, &label));
                    }
                    let end = if k == last { '.' } else { ';' };
                    s.push_str(&format!("\n{letter}) {}{end}", part.text));
                }
                s
            }
        };
        (text, ops)
    }
}

/// Letters of sub-points, as drafters use them (no ё, й, ъ, ы, ь).
const LETTERS: &[char] = &[
    'а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'к', 'л', 'м', 'н', 'о', 'п', 'р', 'с', 'т', 'у',
    'ф', 'х', 'ц', 'ч', 'ш', 'щ', 'э', 'ю', 'я',
];

/// An operation with the order's point set.
fn with_point(op: &Operation, label: &str) -> Operation {
    let mut op = op.clone();
    *op.point_mut() = Some(label.to_string());
    op
}

/// The item's table text as a restatement or addition quotes it: the
/// number, then one cell per line after a tab, every column of every row
/// (continuation rows start with an empty number cell).
fn item_block(number: &str, rows: &[Vec<Option<String>>]) -> String {
    let mut s = format!("«{number}.");
    for (r, row) in rows.iter().enumerate() {
        if r > 0 {
            s.push_str("\n\t");
        }
        for cell in row {
            s.push_str("\n\t");
            s.push_str(cell.as_deref().unwrap_or(""));
        }
    }
    s.push('»');
    s
}

/// A row as «дополнить строкой» quotes it: an empty number cell, then the
/// cells, separated by tabs.
fn row_quote(cells: &[Option<String>]) -> String {
    let texts: Vec<&str> = cells.iter().map(|c| c.as_deref().unwrap_or("")).collect();
    format!("«\t{}»", texts.join("\t"))
}

/// Rows of two versions of an item in reading order: `(Some(o), Some(n))`
/// for a row kept (maybe changed), `(Some(o), None)` for one taken out,
/// `(None, Some(n))` for one added. Rows are matched by their cells; of
/// the rows between two matches, as many as can be are paired in order.
fn align_rows(
    old: &[Vec<Option<String>>],
    new: &[Vec<Option<String>>],
) -> Vec<(Option<usize>, Option<usize>)> {
    if old.len() == new.len() {
        return (0..old.len()).map(|r| (Some(r), Some(r))).collect();
    }
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, old, new) {
        let (_, a, b) = op.as_tag_tuple();
        let common = a.len().min(b.len());
        for k in 0..common {
            out.push((Some(a.start + k), Some(b.start + k)));
        }
        for r in a.clone().skip(common) {
            out.push((Some(r), None));
        }
        for r in b.clone().skip(common) {
            out.push((None, Some(r)));
        }
    }
    out
}

/// How the rows of an item change, as formulas make the change: rows kept
/// (paired, first revision → second), rows added after a row as they stand
/// then (`None`: at the end), rows taken out (1-based, after the
/// additions) and which rows of the first revision those are.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RowChanges {
    pairs: Vec<(usize, usize)>,
    additions: Vec<(Option<usize>, Vec<usize>)>,
    removals: Vec<usize>,
    gone: Vec<usize>,
}

/// The row formulas for an alignment. `None` when a row must go before
/// the first row that stays: no formula adds a row there.
fn row_changes(seq: &[(Option<usize>, Option<usize>)], old_len: usize) -> Option<RowChanges> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Entry {
        Old(usize),
        New(usize),
    }
    let mut cur: Vec<Entry> = (0..old_len).map(Entry::Old).collect();
    let mut pairs = Vec::new();
    let mut gone = Vec::new();
    let mut additions: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    let mut last: Option<Entry> = None;
    let mut last_was_added = false;
    for &(o, n) in seq {
        match (o, n) {
            (Some(o), n) => {
                match n {
                    Some(n) => pairs.push((o, n)),
                    None => gone.push(o),
                }
                last = Some(Entry::Old(o));
                last_was_added = false;
            }
            (None, Some(n)) => {
                let anchor = cur.iter().position(|e| Some(*e) == last)?;
                cur.insert(anchor + 1, Entry::New(n));
                let at_end = anchor + 2 == cur.len();
                match additions.last_mut() {
                    Some((_, rows)) if last_was_added => rows.push(n),
                    _ => additions.push(((!at_end).then_some(anchor + 1), vec![n])),
                }
                last = Some(Entry::New(n));
                last_was_added = true;
            }
            (None, None) => {}
        }
    }
    let mut removals: Vec<usize> = gone
        .iter()
        .filter_map(|&o| cur.iter().position(|e| *e == Entry::Old(o)).map(|i| i + 1))
        .collect();
    removals.sort_unstable();
    Some(RowChanges {
        pairs,
        additions,
        removals,
        gone,
    })
}

/// New wording after «изложить в следующей редакции»: on the same line
/// when it has one line.
fn content(text: &str) -> String {
    if text.contains('\n') {
        format!(":\n«{text}»")
    } else {
        format!(": «{text}»")
    }
}

// ---------------------------------------------------------------------------
// The drafter.

/// How much of its address a formula says: all of it, or what the
/// heading of its sub-points leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Address {
    /// «В пункте 10 в графе «…» …»
    Full,
    /// Under «В пункте 10:»: «в графе «…» …»
    Item,
    /// Under «В пункте 10 в графе «…»:»: the formula alone.
    Column,
}

/// How an item of the first revision is drafted: as its changes suggest,
/// restated whole, or word by word however much changed — each the
/// fallback of the one before when a point does not read back or apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Normal,
    Restate,
    Words,
}

/// What happens to an item of the first revision.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fate {
    /// Its wording is drafted change by change.
    Changes(Vec<Change>),
    /// Restated whole.
    Restate,
    /// Its wording stays.
    Same,
}

struct Drafter<'a, 'h> {
    scripts: &'a Scripts<'a>,
    from: &'a Revision<'h>,
    to: &'a Revision<'h>,
    columns: Vec<Column>,
    plan: Plan,
    act: Act,
    marked: bool,
    old_items: Vec<&'h ItemVersion>,
    new_items: Vec<&'h ItemVersion>,
    new_by_id: HashMap<&'h str, usize>,
    old_by_id: HashMap<&'h str, usize>,
    /// Items of both revisions whose place or section changed: excluded and
    /// added anew.
    moved: HashSet<&'h str>,
}

impl<'a, 'h> Drafter<'a, 'h> {
    fn new(
        scripts: &'a Scripts<'a>,
        from: &'a Revision<'h>,
        to: &'a Revision<'h>,
        options: &DraftOptions,
    ) -> Drafter<'a, 'h> {
        let plan = from.to_plan();
        let base = &plan.act;
        let default_date = to.info().from.max(from.info().from);
        let act = Act::new(
            options.kind.unwrap_or(base.kind),
            options
                .issuer
                .clone()
                .unwrap_or_else(|| base.issuer.clone()),
            options
                .number
                .clone()
                .unwrap_or_else(|| DRAFT_NUMBER.to_string()),
            options.date.unwrap_or(default_date),
        );
        let old_items: Vec<&'h ItemVersion> = from.items().collect();
        let new_items: Vec<&'h ItemVersion> = to.items().collect();
        let old_by_id: HashMap<&'h str, usize> = old_items
            .iter()
            .enumerate()
            .map(|(i, v)| (&*v.id, i))
            .collect();
        let new_by_id: HashMap<&'h str, usize> = new_items
            .iter()
            .enumerate()
            .map(|(i, v)| (&*v.id, i))
            .collect();
        let moved = moved_items(&old_items, &new_items, &old_by_id);
        Drafter {
            scripts,
            from,
            to,
            columns: from.history().columns().to_vec(),
            act,
            marked: options.number.is_none(),
            plan,
            old_items,
            new_items,
            new_by_id,
            old_by_id,
            moved,
        }
    }

    fn title(&self, column: usize) -> &str {
        self.columns.get(column).map_or("", |c| c.title.as_str())
    }

    /// The cells of one column of an item, row by row.
    fn column_cells(item: &ItemVersion, column: usize) -> Vec<Option<String>> {
        item.rows
            .iter()
            .map(|r| r.cell(column).map(|c| c.text.to_string()))
            .collect()
    }

    fn table(&self, item: &ItemVersion) -> Vec<Vec<Option<String>>> {
        item.rows
            .iter()
            .map(|r| {
                (0..self.columns.len())
                    .map(|c| r.cell(c).map(|x| x.text.to_string()))
                    .collect()
            })
            .collect()
    }

    /// The rows as a restatement's operation has them: cells keyed by
    /// column id.
    fn rows(&self, item: &ItemVersion) -> Vec<Row> {
        item.rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .filter_map(|c| {
                        let id = self.columns.get(c.column)?.id.clone();
                        Some((id, Cell::new(&*c.text)))
                    })
                    .collect()
            })
            .collect()
    }

    /// How an item's wording changes between the revisions.
    fn fate(&self, old: &ItemVersion, new: &ItemVersion, level: Level) -> Fate {
        let same_rows = old.rows.len() == new.rows.len()
            && old.rows.iter().zip(&new.rows).all(|(a, b)| {
                a.cells.len() == b.cells.len()
                    && a.cells
                        .iter()
                        .zip(&b.cells)
                        .all(|(x, y)| x.column == y.column && x.text == y.text)
            });
        let repealed = !old.in_force();
        if repealed && !new.in_force() && same_rows {
            return Fate::Same;
        }
        if level == Level::Restate || repealed {
            // Only a restatement changes a repealed item (and restores it).
            return Fate::Restate;
        }
        if same_rows {
            return Fate::Same;
        }
        let old_table = self.table(old);
        let new_table = self.table(new);
        let Some(rows) = row_changes(&align_rows(&old_table, &new_table), old.rows.len()) else {
            return Fate::Restate;
        };
        if level == Level::Normal && rows.pairs.len() * 2 < new.rows.len() {
            // Most rows are new: a restatement reads better.
            return Fate::Restate;
        }
        // The rows of the first version, each as its counterpart reads
        // (rows to be taken out stay as they are until then).
        let inter: Vec<&Vec<Option<String>>> = (0..old_table.len())
            .map(|o| {
                rows.pairs
                    .iter()
                    .find(|(a, _)| *a == o)
                    .map_or(&old_table[o], |(_, n)| &new_table[*n])
            })
            .collect();
        let mut changes = Vec::new();
        let mut touched = 0usize;
        let mut restated = 0usize;
        let mut cells_total = 0usize;
        let multi = old.rows.len() > 1;
        for c in 0..self.columns.len() {
            let o = Self::column_cells(old, c);
            let n: Vec<Option<String>> = inter.iter().map(|r| r[c].clone()).collect();
            cells_total += o
                .iter()
                .zip(&n)
                .filter(|(a, b)| a.is_some() || b.is_some())
                .count();
            if o == n {
                continue;
            }
            let scripts: Vec<Option<Vec<Hunk>>> = (0..o.len())
                .map(|r| {
                    let (Some(a), Some(b)) = (&o[r], &n[r]) else {
                        return None;
                    };
                    // The diff's script is of the row with the same index.
                    if !rows.pairs.contains(&(r, r)) {
                        return None;
                    }
                    self.scripts
                        .get(&(old.id.to_string(), r, c))
                        .and_then(|w| hunks_from_script(w, a, b))
                })
                .collect();
            touched += o.iter().zip(&n).filter(|(a, b)| a != b).count();
            // Whole lines added, taken out or replaced: the абзац formulas,
            // when they quote less than the word formulas or the cell.
            let lines = if level == Level::Normal {
                line_changes(c, &o, &n, multi)
            } else {
                None
            };
            let words = column_edits(&o, &n, &scripts).filter(|edits| {
                // Restate cells mostly rewritten — unless the new text is
                // empty: only words taken out leave an empty cell.
                let empty = n.iter().any(|t| t.as_deref() == Some(""));
                empty || level == Level::Words || {
                    let e: Vec<Edit> = edits.iter().map(|(_, e)| e.clone()).collect();
                    let (ot, nt) = (joined(&o), joined(&n));
                    !restate_rather(&e, &ot, &nt)
                }
            });
            let usual: usize = match &words {
                Some(edits) => edits.iter().map(|(_, e)| FORMULA + e.quoted()).sum(),
                None => o
                    .iter()
                    .zip(&n)
                    .filter(|(a, b)| a != b)
                    .map(|(_, b)| FORMULA + b.as_deref().map_or(0, |t| t.chars().count()))
                    .sum(),
            };
            if let Some(lines) = lines.filter(|l| lines_cost(l) < usual) {
                changes.extend(lines);
                continue;
            }
            match words {
                Some(edits) => {
                    for (row, edit) in edits {
                        changes.push(Change::Words {
                            column: c,
                            row,
                            edit,
                        });
                    }
                }
                None => {
                    for r in 0..o.len() {
                        if o[r] != n[r] {
                            restated += 1;
                            changes.push(Change::Cell {
                                column: c,
                                row: multi.then_some(r + 1),
                                text: n[r].clone().unwrap_or_default(),
                            });
                        }
                    }
                }
            }
        }
        let count = |row: &Vec<Option<String>>| row.iter().flatten().count();
        for (after, added) in rows.additions {
            let cells: Vec<Vec<Option<String>>> =
                added.iter().map(|&n| new_table[n].clone()).collect();
            let n: usize = cells.iter().map(count).sum();
            touched += n;
            restated += n;
            cells_total += n;
            changes.push(Change::AddRows { after, rows: cells });
        }
        if !rows.removals.is_empty() {
            let n: usize = rows.gone.iter().map(|&o| count(&old_table[o])).sum();
            touched += n;
            restated += n;
            changes.push(Change::RemoveRows {
                rows: rows.removals,
            });
        }
        let has_empty = new
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .any(|c| c.text.is_empty());
        let most = touched * 2 > cells_total && restated * 2 > touched;
        let all = touched == cells_total && restated == touched && cells_total > 1;
        if level == Level::Normal && !has_empty && (changes.len() > 5 || most || all) {
            return Fate::Restate;
        }
        Fate::Changes(changes)
    }

    /// The address and formula of a change, and its operation.
    fn change_part(&self, number: &str, change: &Change, address: Address) -> Part {
        let full = address == Address::Full;
        match change {
            Change::Words { column, row, edit } => {
                let title = self.title(*column);
                let row_text = row.map(|r| format!("в строке {r} ")).unwrap_or_default();
                let text = match address {
                    Address::Full => format!(
                        "в пункте {number} {row_text}в графе «{title}» {}",
                        edit_text(edit)
                    ),
                    Address::Item => {
                        format!("{row_text}в графе «{title}» {}", edit_text(edit))
                    }
                    Address::Column => edit_text(edit),
                };
                Part {
                    text,
                    ops: vec![word_op(vec![number.to_string()], title, *row, edit)],
                }
            }
            Change::Cell { column, row, text } => {
                let title = self.title(*column);
                let row_text = row.map(|r| format!(" строки {r}")).unwrap_or_default();
                let item_text = if full {
                    format!(" пункта {number}")
                } else {
                    String::new()
                };
                Part {
                    text: format!(
                        "графу «{title}»{row_text}{item_text} изложить в следующей редакции{}",
                        content(text)
                    ),
                    ops: vec![Operation::RestateCell {
                        point: None,
                        item: number.to_string(),
                        row: *row,
                        column: title.to_string(),
                        text: text.clone(),
                    }],
                }
            }
            Change::AddRows { after, rows } => {
                let subject = if full {
                    format!("пункт {number} ")
                } else {
                    String::new()
                };
                let place = after
                    .map(|r| format!("после строки {r} "))
                    .unwrap_or_default();
                let unit = if rows.len() == 1 {
                    "строкой"
                } else {
                    "строками"
                };
                let quotes: Vec<String> = rows.iter().map(|r| row_quote(r)).collect();
                let text = if rows.len() == 1 {
                    format!(
                        "{subject}{place}дополнить {unit} следующего содержания: {}",
                        quotes.join("")
                    )
                } else {
                    format!(
                        "{subject}{place}дополнить {unit} следующего содержания:\n{}",
                        quotes.join(";\n")
                    )
                };
                let ops = rows
                    .iter()
                    .enumerate()
                    .map(|(k, r)| Operation::AddRow {
                        point: None,
                        item: number.to_string(),
                        after_row: after.map(|a| a + k),
                        cells: self.row_of(r),
                    })
                    .collect();
                Part { text, ops }
            }
            Change::Lines {
                column,
                row,
                first,
                old,
                new,
                at_end,
            } => self.lines_part(number, *column, *row, *first, *old, new, *at_end, full),
            Change::RemoveRows { rows } => {
                let numbers: Vec<String> = rows.iter().map(usize::to_string).collect();
                let which = if rows.len() == 1 {
                    format!("строку {}", numbers[0])
                } else {
                    format!("строки {}", number_list(&numbers))
                };
                let of = if full {
                    format!(" пункта {number}")
                } else {
                    String::new()
                };
                let mut ops: Vec<Operation> = rows
                    .iter()
                    .map(|&r| Operation::RemoveRow {
                        point: None,
                        item: number.to_string(),
                        row: r,
                    })
                    .collect();
                // The reader takes rows out from the last.
                ops.reverse();
                Part {
                    text: format!("{which}{of} исключить"),
                    ops,
                }
            }
        }
    }

    /// The абзац formula of a change of a cell's lines, and its operations
    /// as the reader makes them.
    #[allow(clippy::too_many_arguments)] // the fields of Change::Lines
    fn lines_part(
        &self,
        number: &str,
        column: usize,
        row: Option<usize>,
        first: usize,
        old: usize,
        new: &[String],
        at_end: bool,
        full: bool,
    ) -> Part {
        let title = self.title(column);
        let row_text = row.map(|r| format!(" строки {r}")).unwrap_or_default();
        let item_text = if full {
            format!(" пункта {number}")
        } else {
            String::new()
        };
        let quotes: Vec<String> = new.iter().map(|l| format!("«{l}»")).collect();
        let quoted = if quotes.len() == 1 {
            format!(": {}", quotes[0])
        } else {
            format!(":\n{}", quotes.join(";\n"))
        };
        let item = number.to_string();
        let col = title.to_string();
        let delete = |paragraph: usize| Operation::DeleteParagraph {
            point: None,
            item: item.clone(),
            row,
            column: col.clone(),
            paragraph,
        };
        let restate = |paragraph: usize, text: String| Operation::RestateParagraph {
            point: None,
            item: item.clone(),
            row,
            column: col.clone(),
            paragraph,
            text,
        };
        if old == 0 {
            let place = if at_end {
                String::new()
            } else if first == 1 {
                "перед абзацем первым ".to_string()
            } else {
                format!("после абзаца {} ", ordinal_genitive(first - 1))
            };
            let unit = if new.len() == 1 {
                "абзацем"
            } else {
                "абзацами"
            };
            let ops = new
                .iter()
                .enumerate()
                .map(|(k, l)| Operation::AddParagraph {
                    point: None,
                    item: item.clone(),
                    row,
                    column: col.clone(),
                    after: (!at_end).then_some(first - 1 + k),
                    text: l.clone(),
                })
                .collect();
            return Part {
                text: format!(
                    "графу «{title}»{row_text}{item_text} {place}дополнить {unit} следующего содержания{quoted}"
                ),
                ops,
            };
        }
        let which = paragraphs_named(first, old);
        let cell = format!("графы «{title}»{row_text}{item_text}");
        let last = first + old - 1;
        if new.is_empty() {
            return Part {
                text: format!("{which} {cell} исключить"),
                // The reader takes абзацы out from the last.
                ops: (first..=last).rev().map(delete).collect(),
            };
        }
        let ops = if new.len() == old {
            // Restated from the last, as the reader has them.
            (first..=last)
                .rev()
                .map(|p| restate(p, new[p - first].clone()))
                .collect()
        } else {
            // The run gives way to the new lines: all but the first taken
            // out, the first restated as all of them.
            let mut ops: Vec<Operation> = (first + 1..=last).rev().map(delete).collect();
            ops.push(restate(first, new.join("\n")));
            ops
        };
        Part {
            text: format!("{which} {cell} изложить в следующей редакции{quoted}"),
            ops,
        }
    }

    /// A row's cells keyed by column id, as an operation has them.
    fn row_of(&self, cells: &[Option<String>]) -> Row {
        cells
            .iter()
            .enumerate()
            .filter_map(|(c, t)| {
                let text = t.as_ref()?;
                Some((self.columns.get(c)?.id.clone(), Cell::new(text.as_str())))
            })
            .collect()
    }

    fn restate_point(&self, number: &str, new: &ItemVersion) -> Point {
        let block = item_block(number, &self.table(new));
        let text = format!("пункт {number} изложить в следующей редакции:\n{block}");
        let op = Operation::RestateItem {
            point: None,
            item: number.to_string(),
            rows: self.rows(new),
        };
        let mut p = Point::one(Kind::Restate, text, vec![op], vec![number.to_string()]);
        p.ids = vec![new.id.to_string()];
        p.blocks = vec![block];
        p
    }

    /// Where each added (or moved) item goes, in the order of the second
    /// revision: after the item before it there, when it is in the same
    /// section; else after an item that the order excludes from just
    /// there, which is then excluded after the additions; else before the
    /// first item that stays after it in its section (it opens the section
    /// or the plan); else at the end of its section. Returns the placements
    /// — index in the second revision, the formula's lead, the position —
    /// and those excluded items.
    #[allow(clippy::type_complexity)]
    fn placements(
        &self,
        notes: &mut Vec<DraftNote>,
    ) -> (Vec<(usize, String, Position)>, HashSet<&'h str>) {
        let fresh =
            |v: &ItemVersion| !self.old_by_id.contains_key(&*v.id) || self.moved.contains(&*v.id);
        let section_number = |id: &Option<String>| -> Option<String> {
            let id = id.as_deref()?;
            self.to
                .sections()
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.number.clone())
        };
        let mut out = Vec::new();
        let mut late: HashSet<&'h str> = HashSet::new();
        for (j, new) in self.new_items.iter().enumerate() {
            if !fresh(new) {
                continue;
            }
            let prev = j.checked_sub(1).map(|p| self.new_items[p]);
            if let Some(p) = prev.filter(|p| p.section == new.section) {
                out.push((
                    j,
                    format!("после пункта {} дополнить", p.number),
                    Position::After(p.number.clone()),
                ));
                continue;
            }
            // After the item excluded from just before the first item that
            // stays and comes after it (or from the end of the list).
            let next = self.new_items[j + 1..].iter().find(|v| !fresh(v));
            let before = match next {
                Some(y) => self.old_by_id.get(&*y.id).copied(),
                None => Some(self.old_items.len()),
            };
            let anchor = before
                .and_then(|i| i.checked_sub(1))
                .map(|i| self.old_items[i])
                .filter(|p| {
                    !self.new_by_id.contains_key(&*p.id)
                        && p.section == new.section
                        && !self.new_items.iter().any(|v| v.number == p.number)
                });
            if let Some(p) = anchor {
                late.insert(&*p.id);
                out.push((
                    j,
                    format!("после пункта {} дополнить", p.number),
                    Position::After(p.number.clone()),
                ));
                continue;
            }
            // Before the first item that stays after it, in its section
            // («перед пунктом N»): the item opens its section, or the plan.
            // Items are renumbered before any is added, so N is the number
            // the item has in the second revision.
            if let Some(y) = next.filter(|y| y.section == new.section) {
                out.push((
                    j,
                    format!("перед пунктом {} дополнить", y.number),
                    Position::Before(y.number.clone()),
                ));
                continue;
            }
            // At the end of its section: no item that stays comes after it
            // there.
            match section_number(&new.section) {
                Some(s) => {
                    out.push((
                        j,
                        format!("раздел {s} дополнить"),
                        Position::EndOfSection(s),
                    ));
                }
                None => {
                    notes.push(inexact(
                        Some(&new.number),
                        "the item comes first, outside any section: no formula adds an item there"
                            .into(),
                    ));
                    out.push((j, "дополнить".to_string(), Position::End));
                }
            }
        }
        (out, late)
    }

    /// Every point of the order, in order.
    fn points(
        &self,
        forced: &HashMap<String, Level>,
        merge: bool,
        notes: &mut Vec<DraftNote>,
    ) -> Vec<Point> {
        let mut points: Vec<Point> = Vec::new();
        let (placements, late) = self.placements(notes);
        // 1. Items of the first revision, in its order: wording, repeal,
        //    exclusion — addressed by the numbers they have there.
        let mut fates: Vec<(usize, Fate)> = Vec::new();
        for (i, old) in self.old_items.iter().enumerate() {
            let Some(&j) = self.new_by_id.get(&*old.id) else {
                continue;
            };
            if self.moved.contains(&*old.id) {
                continue;
            }
            let new = self.new_items[j];
            let level = forced.get(&*old.id).copied().unwrap_or(Level::Normal);
            fates.push((i, self.fate(old, new, level)));
        }
        // The same single edit of a column in several items: one point.
        let mut groups: HashMap<(usize, Edit), Vec<usize>> = HashMap::new();
        for (k, (_, fate)) in fates.iter().enumerate() {
            let Fate::Changes(changes) = fate else {
                continue;
            };
            for ch in changes {
                if let Change::Words {
                    column,
                    row: None,
                    edit,
                } = ch
                {
                    let alone = changes
                        .iter()
                        .filter(|c| match c {
                            Change::Words { column: x, .. }
                            | Change::Cell { column: x, .. }
                            | Change::Lines { column: x, .. } => x == column,
                            // Row formulas come after the words of the rows
                            // that stay.
                            Change::AddRows { .. } | Change::RemoveRows { .. } => false,
                        })
                        .count()
                        == 1;
                    if alone {
                        groups.entry((*column, edit.clone())).or_default().push(k);
                    }
                }
            }
        }
        groups.retain(|_, v| v.len() > 1);
        let mut shared: Vec<((usize, Edit), Vec<usize>)> = groups.into_iter().collect();
        shared.sort_by_key(|(_, v)| v.clone());
        let mut group_at: HashMap<usize, Vec<usize>> = HashMap::new();
        for (g, ((column, edit), members)) in shared.iter().enumerate() {
            group_at.entry(members[0]).or_default().push(g);
            for &k in members {
                if let Fate::Changes(changes) = &mut fates[k].1 {
                    changes.retain(|c| {
                        !matches!(c, Change::Words { column: x, row: None, edit: e } if x == column && e == edit)
                    });
                }
            }
        }
        let fate_of: HashMap<usize, usize> = fates
            .iter()
            .enumerate()
            .map(|(k, (i, _))| (*i, k))
            .collect();
        for (i, old) in self.old_items.iter().enumerate() {
            let number = old.number.as_str();
            let Some(&k) = fate_of.get(&i) else {
                // Gone from the second revision, or moved: excluded here
                // (or after the additions, when an added item follows it).
                if late.contains(&*old.id) {
                    continue;
                }
                points.push(Point::one(
                    Kind::Exclude,
                    format!("пункт {number} исключить"),
                    vec![Operation::ExcludeItem {
                        point: None,
                        item: number.to_string(),
                    }],
                    vec![number.to_string()],
                ));
                continue;
            };
            for &g in group_at.get(&k).map(Vec::as_slice).unwrap_or(&[]) {
                let ((column, edit), members) = &shared[g];
                let numbers: Vec<String> = members
                    .iter()
                    .map(|&m| self.old_items[fates[m].0].number.clone())
                    .collect();
                let title = self.title(*column);
                let text = format!(
                    "в пунктах {} в графе «{title}» {}",
                    number_list(&numbers),
                    edit_text(edit)
                );
                let op = word_op(numbers.clone(), title, None, edit);
                let mut p = Point::one(Kind::Text, text, vec![op], numbers);
                p.ids = members
                    .iter()
                    .map(|&m| self.old_items[fates[m].0].id.to_string())
                    .collect();
                points.push(p);
            }
            let Some(new) = self.new_by_id.get(&*old.id).map(|&j| self.new_items[j]) else {
                continue;
            };
            match &fates[k].1 {
                Fate::Same => {}
                Fate::Restate => points.push(self.restate_point(number, new)),
                Fate::Changes(changes) if changes.is_empty() => {}
                Fate::Changes(changes) => {
                    // Several word-level changes of one column: the column
                    // goes in the heading.
                    let one_column = match changes.as_slice() {
                        [Change::Words { column, row: None, .. }, rest @ ..] => rest
                            .iter()
                            .all(|c| matches!(c, Change::Words { column: x, row: None, .. } if x == column))
                            .then_some(*column),
                        _ => None,
                    };
                    let (head, address) = match one_column {
                        Some(c) => (
                            format!("в пункте {number} в графе «{}»", self.title(c)),
                            Address::Column,
                        ),
                        None => (format!("в пункте {number}"), Address::Item),
                    };
                    let mut p = if changes.len() == 1 {
                        let part = self.change_part(number, &changes[0], Address::Full);
                        Point::one(Kind::Text, part.text, part.ops, vec![number.to_string()])
                    } else {
                        Point {
                            kind: Kind::Text,
                            head: Some(head),
                            parts: changes
                                .iter()
                                .map(|c| self.change_part(number, c, address))
                                .collect(),
                            ids: Vec::new(),
                            numbers: vec![number.to_string()],
                            blocks: Vec::new(),
                        }
                    };
                    p.ids = vec![old.id.to_string()];
                    points.push(p);
                }
            }
            if !new.in_force() && (old.in_force() || fates[k].1 == Fate::Restate) {
                points.push(repeal_point(number));
            }
        }
        // 2. Numbers.
        let mut from_numbers = Vec::new();
        let mut to_numbers = Vec::new();
        for old in &self.old_items {
            if self.moved.contains(&*old.id) {
                continue;
            }
            if let Some(&j) = self.new_by_id.get(&*old.id) {
                let new = self.new_items[j];
                if new.number != old.number {
                    from_numbers.push(old.number.clone());
                    to_numbers.push(new.number.clone());
                }
            }
        }
        if !from_numbers.is_empty() {
            let text = if from_numbers.len() == 1 {
                format!(
                    "пункт {} считать пунктом {}",
                    from_numbers[0], to_numbers[0]
                )
            } else {
                format!(
                    "пункты {} считать соответственно пунктами {}",
                    number_list(&from_numbers),
                    number_list(&to_numbers)
                )
            };
            let op = Operation::Renumber {
                point: None,
                from: from_numbers.clone(),
                to: to_numbers,
            };
            points.push(Point::one(Kind::Other, text, vec![op], from_numbers));
        }
        // 3. Sections.
        let old_sections = self.from.sections();
        let new_sections = self.to.sections();
        let last_old = new_sections
            .iter()
            .rposition(|s| old_sections.iter().any(|o| o.id == s.id));
        for (k, s) in new_sections.iter().enumerate() {
            match old_sections.iter().find(|o| o.id == s.id) {
                Some(o) if o.number != s.number => {
                    notes.push(inexact(
                        None,
                        format!(
                            "section {} «{}» is now {} «{}»: no formula renumbers a section",
                            o.number, o.title, s.number, s.title
                        ),
                    ));
                }
                Some(o) if o.title != s.title => {
                    let text = format!(
                        "наименование раздела {} изложить в следующей редакции: «{}»",
                        s.number,
                        title_quote(&s.number, &s.title)
                    );
                    let op = Operation::RestateSection {
                        point: None,
                        section: s.number.clone(),
                        title: s.title.clone(),
                    };
                    points.push(Point::one(Kind::Other, text, vec![op], Vec::new()));
                }
                Some(_) => {}
                None => {
                    // After the section before it, as it is numbered when
                    // the point applies (sections are not renumbered), when
                    // sections that stay come after it or its number would
                    // place it by itself («V.1» after «V»); right before
                    // the first section that stays when it comes before
                    // them all; else at the end.
                    let before_staying = last_old.is_some_and(|l| l > k);
                    let prev = k.checked_sub(1).and_then(|p| new_sections.get(p)).map(|p| {
                        old_sections
                            .iter()
                            .find(|o| o.id == p.id)
                            .map_or_else(|| p.number.clone(), |o| o.number.clone())
                    });
                    let after = prev.filter(|_| before_staying || s.number.contains('.'));
                    let before = if before_staying && after.is_none() {
                        new_sections[k + 1..]
                            .iter()
                            .find_map(|n| old_sections.iter().find(|o| o.id == n.id))
                            .map(|o| o.number.clone())
                    } else {
                        None
                    };
                    if before_staying && after.is_none() && before.is_none() {
                        notes.push(inexact(
                            None,
                            format!(
                                "section {} comes before the sections that stay, and none of them is found to place it before",
                                s.number
                            ),
                        ));
                    }
                    let lead = match (&after, &before) {
                        (Some(a), _) => format!("после раздела {a} дополнить"),
                        (None, Some(b)) => format!("перед разделом {b} дополнить"),
                        (None, None) => "дополнить".to_string(),
                    };
                    let text = format!(
                        "{lead} разделом {} следующего содержания: «{}. {}»",
                        s.number, s.number, s.title
                    );
                    let op = Operation::AddSection {
                        point: None,
                        number: s.number.clone(),
                        title: s.title.clone(),
                        id: None,
                        after,
                        before,
                    };
                    points.push(Point::one(Kind::Other, text, vec![op], Vec::new()));
                }
            }
        }
        for o in old_sections {
            if !new_sections.iter().any(|s| s.id == o.id) {
                notes.push(inexact(
                    None,
                    format!(
                        "section {} «{}» is gone: no formula removes a section",
                        o.number, o.title
                    ),
                ));
            }
        }
        // 4. Items added (and moved), in the order of the second revision.
        let mut added_repealed = Vec::new();
        for (j, lead, position) in placements {
            let new = self.new_items[j];
            let number = new.number.as_str();
            let text = format!(
                "{lead} пунктом {number} следующего содержания:\n{}",
                item_block(number, &self.table(new))
            );
            let op = Operation::AddItem {
                point: None,
                number: number.to_string(),
                id: None,
                position,
                rows: self.rows(new),
            };
            points.push(Point::one(
                Kind::Other,
                text,
                vec![op],
                vec![number.to_string()],
            ));
            if !new.in_force() {
                added_repealed.push(number.to_string());
            }
        }
        for number in added_repealed {
            points.push(repeal_point(&number));
        }
        for old in &self.old_items {
            if late.contains(&*old.id) {
                points.push(Point::one(
                    Kind::Exclude,
                    format!("пункт {} исключить", old.number),
                    vec![Operation::ExcludeItem {
                        point: None,
                        item: old.number.clone(),
                    }],
                    vec![old.number.clone()],
                ));
            }
        }
        // 5. Footnotes.
        let old_notes = self.from.footnotes();
        let new_notes = self.to.footnotes();
        let mut removed = Vec::new();
        for o in old_notes {
            if !new_notes.iter().any(|f| f.number == o.number) {
                removed.push(o.number.clone());
            }
        }
        if !removed.is_empty() {
            let text = if removed.len() == 1 {
                format!("сноску {} исключить", removed[0])
            } else {
                format!("сноски {} исключить", removed.join(", "))
            };
            let ops = removed
                .iter()
                .map(|n| Operation::RemoveFootnote {
                    point: None,
                    number: n.clone(),
                })
                .collect();
            points.push(Point::one(Kind::Other, text, ops, Vec::new()));
        }
        for f in new_notes {
            if let Some(o) = old_notes.iter().find(|o| o.number == f.number) {
                if o.text != f.text {
                    let mark = if is_mark(&f.number) {
                        format!(" {}", f.number)
                    } else {
                        String::new()
                    };
                    let text = format!(
                        "сноску{mark} изложить в следующей редакции{}",
                        content(&format!("{} {}", f.number, f.text))
                    );
                    let op = Operation::RestateFootnote {
                        point: None,
                        number: f.number.clone(),
                        text: f.text.to_string(),
                    };
                    points.push(Point::one(Kind::Other, text, vec![op], Vec::new()));
                }
            }
        }
        let added: Vec<_> = new_notes
            .iter()
            .filter(|f| !old_notes.iter().any(|o| o.number == f.number))
            .collect();
        let (marked, unmarked): (Vec<_>, Vec<_>) = added.iter().partition(|f| is_mark(&f.number));
        if marked.len() == 1 {
            footnote_point(&mut points, marked[0], true);
        } else if !marked.is_empty() {
            let marks: Vec<&str> = marked.iter().map(|f| f.number.as_str()).collect();
            let quotes: Vec<String> = marked
                .iter()
                .map(|f| format!("«{} {}»", f.number, f.text))
                .collect();
            let text = format!(
                "дополнить сносками {} следующего содержания:\n{}",
                marks.join(", "),
                quotes.join(";\n")
            );
            let ops = marked
                .iter()
                .map(|f| Operation::AddFootnote {
                    point: None,
                    number: f.number.clone(),
                    text: f.text.to_string(),
                })
                .collect();
            points.push(Point::one(Kind::Other, text, ops, Vec::new()));
        }
        for f in unmarked {
            footnote_point(&mut points, f, false);
        }
        merge_points(points, merge)
    }

    /// «Внести в план …, утвержденный …»: the plan amended, and the edition.
    fn amends(&self) -> String {
        let title = &self.plan.title;
        let plan = match title.strip_prefix("План ") {
            Some(rest) => format!("план {rest}"),
            None if title.to_lowercase().starts_with("план") => {
                let mut chars = title.chars();
                chars
                    .next()
                    .map(|c| c.to_lowercase().chain(chars).collect())
                    .unwrap_or_default()
            }
            None => format!("план «{title}»"),
        };
        let base = &self.plan.act;
        let mut s = format!(
            "{plan}, утвержденный {} {} от {} № {}",
            instrumental(base.kind),
            base.issuer,
            format_date(base.date),
            base.number
        );
        let history = self.from.history();
        let editions: Vec<&Act> = history
            .acts()
            .iter()
            .filter(|a| !a.is_base && a.effective <= self.from.info().from)
            .map(|a| &a.act)
            .collect();
        if let Some(first) = editions.first() {
            let same = editions
                .iter()
                .all(|a| a.kind == first.kind && a.issuer == first.issuer);
            let list = if editions.len() == 1 {
                first.citation()
            } else if same {
                let dates: Vec<String> = editions
                    .iter()
                    .map(|a| format!("от {} № {}", format_date(a.date), a.number))
                    .collect();
                format!(
                    "{} {} {}",
                    genitive_plural(first.kind),
                    first.issuer,
                    dates.join(", ")
                )
            } else {
                editions
                    .iter()
                    .map(|a| a.citation())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            s.push_str(&format!(" (в редакции {list})"));
        }
        s
    }

    /// The header: the act, in a capitals header when its issuer can be
    /// printed so, else as the stamp of the order's appendix.
    fn headers(&self) -> Vec<String> {
        let a = &self.act;
        let mark = if self.marked { "Проект\n\n" } else { "" };
        let dated = format!("от {} № {}", format_date(a.date), a.number);
        let mut out = Vec::new();
        if let Some(caps) = issuer_capitals(&a.issuer) {
            out.push(format!(
                "{mark}{caps}\n\n{}\n\n{dated}",
                a.kind.nominative().to_uppercase()
            ));
        }
        out.push(format!(
            "{mark}Приложение\nк {} {}\n{dated}",
            dative(a.kind),
            a.issuer
        ));
        out
    }

    /// The header the reader reads as the act itself.
    fn header(&self, notes: &mut Vec<DraftNote>) -> String {
        let headers = self.headers();
        for h in &headers {
            let probe = format!("{h}\n\n1. Пункт 1 исключить.\n");
            let import = read_order(&probe, &OrderReadOptions::new());
            if !import.has_errors()
                && import.order.act.kind == self.act.kind
                && import.order.act.issuer == self.act.issuer
                && import.order.act.number == self.act.number
                && import.order.act.date == self.act.date
            {
                return h.clone();
            }
        }
        notes.push(inexact(
            None,
            format!(
                "the header does not read back as {}: give the act's facts beside the text",
                self.act
            ),
        ));
        headers.last().cloned().unwrap_or_default()
    }

    /// Reads one point back, alone under the header, and says why it does
    /// not give the operations it was drafted for.
    fn reads_back(
        &self,
        header: &str,
        point: &Point,
        seen: &mut HashMap<String, Result<(), String>>,
    ) -> Result<(), String> {
        let (text, ops) = point.render(1);
        // The operations are what the text says: a point read once is known.
        let key = format!("{text}\u{0}{ops:?}");
        if let Some(known) = seen.get(&key) {
            return known.clone();
        }
        let result = self.read_point(header, &text, &ops);
        seen.insert(key, result.clone());
        result
    }

    fn read_point(&self, header: &str, text: &str, ops: &[Operation]) -> Result<(), String> {
        let doc = format!("{header}\n\n{text}\n");
        let import = read_order(&doc, &OrderReadOptions::new().plan(&self.plan));
        let header_lines = header.lines().count();
        if let Some(e) = import.errors().find(|d| d.line > header_lines) {
            return Err(format!("the reader says: {}", e.message));
        }
        if import.order.operations != ops {
            return Err("the reader reads other operations than drafted".into());
        }
        Ok(())
    }

    fn run(self) -> Draft {
        let ids = |r: &Revision<'_>| -> Vec<String> {
            r.history().columns().iter().map(|c| c.id.clone()).collect()
        };
        let same_columns = ids(self.from) == ids(self.to);
        if !same_columns || self.nothing_changed() {
            let mut notes = Vec::new();
            if !same_columns {
                notes.push(inexact(
                    None,
                    "the two plans have different columns: no formula adds, removes or moves a column"
                        .into(),
                ));
            }
            let header = self.header(&mut notes);
            let (text, operations) = self.assemble(&header, &[]);
            return Draft {
                act: self.act.clone(),
                amends: self.amends(),
                text,
                operations,
                notes,
            };
        }
        let mut forced: HashMap<String, Level> = HashMap::new();
        let mut fallback_notes: Vec<DraftNote> = Vec::new();
        // Moves an item on to the next way of drafting it, saying why.
        let mut escalate = |forced: &mut HashMap<String, Level>, id: &str, why: &str| -> bool {
            let level = forced.get(id).copied().unwrap_or(Level::Normal);
            let (next, how) = match level {
                Level::Normal => (Level::Restate, "the item is restated"),
                Level::Restate => (Level::Words, "the item is drafted word by word"),
                Level::Words => return false,
            };
            forced.insert(id.to_string(), next);
            fallback_notes.push(DraftNote {
                kind: DraftNoteKind::Fallback,
                item: self.old_number(id),
                message: format!("{why}: {how}"),
            });
            true
        };
        let mut round = 0;
        let mut merge = true;
        let mut seen: HashMap<String, Result<(), String>> = HashMap::new();
        loop {
            round += 1;
            let mut notes = Vec::new();
            let header = self.header(&mut notes);
            let points = self.points(&forced, merge, &mut notes);
            // Each point must read back as drafted.
            let mut again = false;
            let mut failing: Vec<(usize, String)> = Vec::new();
            for (k, p) in points.iter().enumerate() {
                if let Err(why) = self.reads_back(&header, p, &mut seen) {
                    if merge && p.kind == Kind::Restate && p.numbers.len() > 1 {
                        // Restated one by one, the items cannot be mistaken
                        // for one another.
                        merge = false;
                        again = true;
                        break;
                    }
                    let why = format!("point {} does not read back as drafted ({why})", k + 1);
                    let mut moved_on = false;
                    if round <= 8 {
                        for id in &p.ids {
                            moved_on |= escalate(&mut forced, id, &why);
                        }
                    }
                    if moved_on {
                        again = true;
                    } else {
                        failing.push((k, why));
                    }
                }
            }
            if again {
                continue;
            }
            for (k, why) in failing {
                let item = points[k].numbers.first().cloned();
                notes.push(DraftNote {
                    kind: DraftNoteKind::Inexact,
                    item,
                    message: why,
                });
            }
            let (text, operations) = self.assemble(&header, &points);
            // The whole order, read back and applied.
            let import = read_order(&text, &OrderReadOptions::new().plan(&self.plan));
            if import.has_errors() || import.order.operations != operations {
                let why = import
                    .errors()
                    .next()
                    .map_or("other operations than drafted".to_string(), |d| {
                        d.to_string()
                    });
                notes.push(inexact(
                    None,
                    format!("the order does not read back as drafted: {why}"),
                ));
            }
            let mismatches = self.verify(&import.order);
            let mut retry = false;
            for (number, why) in mismatches {
                let id = number.as_deref().and_then(|n| self.old_id_for_new(n));
                let why = format!("the order applied does not give the new wording ({why})");
                match id {
                    Some(id) if round <= 8 && escalate(&mut forced, &id, &why) => retry = true,
                    _ => notes.push(inexact(number.as_deref(), why)),
                }
            }
            if retry {
                continue;
            }
            let mut all = fallback_notes;
            all.extend(notes);
            let mut seen = HashSet::new();
            all.retain(|n| seen.insert(n.clone()));
            return Draft {
                act: self.act.clone(),
                amends: self.amends(),
                text,
                operations: import.order.operations,
                notes: all,
            };
        }
    }

    /// True when the revisions read the same: the order has no points.
    fn nothing_changed(&self) -> bool {
        compare(self.from, self.to).is_empty()
    }

    fn old_number(&self, id: &str) -> Option<String> {
        self.old_by_id
            .get(id)
            .map(|&i| self.old_items[i].number.clone())
    }

    /// The item of the first revision that has display number `number` in
    /// the second.
    fn old_id_for_new(&self, number: &str) -> Option<String> {
        let new = self.new_items.iter().find(|v| v.number == number)?;
        (self.old_by_id.contains_key(&*new.id) && !self.moved.contains(&*new.id))
            .then(|| new.id.to_string())
    }

    fn assemble(&self, header: &str, points: &[Point]) -> (String, Vec<Operation>) {
        let mut text = format!(
            "{header}\n\nВнести в {}, следующие изменения:\n\n",
            self.amends()
        );
        let mut ops = Vec::new();
        for (k, p) in points.iter().enumerate() {
            let (t, o) = p.render(k + 1);
            text.push_str(&t);
            text.push('\n');
            ops.extend(o);
        }
        text.push_str(&format!(
            "\n{} вступает в силу со дня подписания.\n",
            this_act(self.act.kind)
        ));
        (text, ops)
    }

    /// Applies the order read back to the first revision and compares the
    /// result with the second: `(item number, what differs)`.
    fn verify(&self, order: &Order) -> Vec<(Option<String>, String)> {
        let mut order = order.clone();
        order.act.date = self.act.date;
        // The first revision as a plan keeps the wording of repealed items
        // but not their status: repeal them first.
        let repealed: Vec<Operation> = self
            .old_items
            .iter()
            .filter(|v| !v.in_force())
            .map(|v| Operation::RepealItem {
                point: None,
                item: v.number.clone(),
            })
            .collect();
        let mut orders = Vec::with_capacity(2);
        if !repealed.is_empty() {
            orders.push(Order {
                act: Act::new(
                    self.plan.act.kind,
                    self.plan.act.issuer.clone(),
                    "",
                    self.plan.effective_date(),
                ),
                effective: None,
                effective_assumed: None,
                amends: None,
                operations: repealed,
            });
        }
        orders.push(order);
        // Leniently: one operation that cannot apply does not hide what the
        // others do.
        let options = crate::history::Options::default().mode(crate::apply::Mode::Lenient);
        let history = match History::build_with(self.plan.clone(), orders, &options) {
            Ok(h) => h,
            Err(e) => {
                return vec![(None, format!("the order does not apply: {e}"))];
            }
        };
        let mut out: Vec<(Option<String>, String)> = history
            .refusals()
            .iter()
            .map(|r| (None, format!("an operation does not apply: {}", r.error)))
            .collect();
        let result = history.revision(history.revisions().len() - 1);
        out.extend(compare(&result, self.to));
        out
    }
}

/// A section's new title as «наименование раздела II изложить …» quotes
/// it: the title alone, unless the reader would take its start for the
/// section's heading («Раздел …», «1. …»); then after the section's number,
/// which the reader takes off.
fn title_quote(number: &str, title: &str) -> String {
    let first = title.split_whitespace().next().unwrap_or("");
    if title.starts_with("Раздел ") || first.ends_with('.') {
        format!("{number}. {title}")
    } else {
        title.to_string()
    }
}

/// Item numbers that a reader reads as numbers («10», «2.21»).
fn is_mark(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn footnote_point(points: &mut Vec<Point>, f: &crate::revision::FootnoteVersion, named: bool) {
    let mark = if named {
        format!(" {}", f.number)
    } else {
        String::new()
    };
    let text = format!(
        "дополнить сноской{mark} следующего содержания{}",
        content(&format!("{} {}", f.number, f.text))
    );
    let op = Operation::AddFootnote {
        point: None,
        number: f.number.clone(),
        text: f.text.to_string(),
    };
    points.push(Point::one(Kind::Other, text, vec![op], Vec::new()));
}

fn repeal_point(number: &str) -> Point {
    Point::one(
        Kind::Repeal,
        format!("пункт {number} признать утратившим силу"),
        vec![Operation::RepealItem {
            point: None,
            item: number.to_string(),
        }],
        vec![number.to_string()],
    )
}

/// Neighbouring exclusions (or repeals) as one point: «Пункты 5, 7
/// исключить».
fn merge_points(points: Vec<Point>, restatements: bool) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if let Some(last) = out.last_mut() {
            if restatements && p.kind == Kind::Restate && last.kind == Kind::Restate {
                last.numbers.extend(p.numbers.iter().cloned());
                last.ids.extend(p.ids.iter().cloned());
                last.blocks.extend(p.blocks.iter().cloned());
                let ops: Vec<Operation> = p.parts.into_iter().flat_map(|x| x.ops).collect();
                if let Some(part) = last.parts.first_mut() {
                    part.ops.extend(ops);
                    part.text = format!(
                        "пункты {} изложить в следующей редакции:\n{}",
                        number_list(&last.numbers),
                        last.blocks.join(";\n")
                    );
                }
                continue;
            }
            if matches!(p.kind, Kind::Exclude | Kind::Repeal) && last.kind == p.kind {
                last.numbers.extend(p.numbers.iter().cloned());
                let ops: Vec<Operation> = p.parts.into_iter().flat_map(|x| x.ops).collect();
                if let Some(part) = last.parts.first_mut() {
                    part.ops.extend(ops);
                    part.text = match p.kind {
                        Kind::Exclude => {
                            format!("пункты {} исключить", number_list(&last.numbers))
                        }
                        _ => format!(
                            "пункты {} признать утратившими силу",
                            number_list(&last.numbers)
                        ),
                    };
                }
                continue;
            }
        }
        out.push(p);
    }
    out
}

fn inexact(item: Option<&str>, message: String) -> DraftNote {
    DraftNote {
        kind: DraftNoteKind::Inexact,
        item: item.map(str::to_string),
        message,
    }
}

/// A word-level operation as the reader makes it from the formula.
fn word_op(items: Vec<String>, column: &str, row: Option<usize>, edit: &Edit) -> Operation {
    let items = Targets::Items(items);
    let column = Some(column.to_string());
    match edit {
        Edit::Replace { from, to } => Operation::ReplaceWords {
            point: None,
            items,
            column,
            row,
            paragraph: None,
            from: from.clone(),
            to: to.clone(),
            occurrence: Occurrence::All,
            substring: false,
        },
        Edit::After { anchor, words } => Operation::InsertWords {
            point: None,
            items,
            column,
            row,
            paragraph: None,
            anchor: Anchor::After(anchor.clone()),
            words: words.clone(),
            occurrence: Occurrence::All,
            substring: false,
        },
        Edit::Before { anchor, words } => Operation::InsertWords {
            point: None,
            items,
            column,
            row,
            paragraph: None,
            anchor: Anchor::Before(anchor.clone()),
            words: words.clone(),
            occurrence: Occurrence::All,
            substring: false,
        },
        Edit::Delete { words } => Operation::DeleteWords {
            point: None,
            items,
            column,
            row,
            paragraph: None,
            words: words.clone(),
            occurrence: Occurrence::All,
            substring: false,
        },
    }
}

/// Items listed in both revisions whose place changed: those outside a
/// longest run kept in the same relative order, and those whose section
/// changed.
fn moved_items<'h>(
    old_items: &[&'h ItemVersion],
    new_items: &[&'h ItemVersion],
    old_by_id: &HashMap<&'h str, usize>,
) -> HashSet<&'h str> {
    let common: Vec<(usize, &'h ItemVersion)> = new_items
        .iter()
        .filter_map(|v| old_by_id.get(&*v.id).map(|&i| (i, *v)))
        .collect();
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
        .filter(|((i, v), kept)| !kept || old_items[*i].section != v.section)
        .map(|((_, v), _)| &*v.id)
        .collect()
}

/// What an item is for comparing drafts: number, section (by number),
/// in force or not, and every cell's text.
type Shape = (String, Option<String>, bool, Vec<Vec<(usize, String)>>);

fn shape(r: &Revision<'_>, v: &ItemVersion) -> Shape {
    let section = v.section.as_deref().and_then(|id| {
        r.sections()
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.number.clone())
    });
    let rows = v
        .rows
        .iter()
        .map(|row| {
            row.cells
                .iter()
                .map(|c| (c.column, c.text.to_string()))
                .collect()
        })
        .collect();
    (
        v.number.clone(),
        section,
        matches!(v.status, ItemStatus::InForce),
        rows,
    )
}

/// Compares two revisions as drafting must reproduce them: the items'
/// numbers, order, sections, status and cell texts; footnotes; sections.
/// Ids and dates may differ.
fn compare(result: &Revision<'_>, target: &Revision<'_>) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let got: Vec<Shape> = result.items().map(|v| shape(result, v)).collect();
    let want: Vec<Shape> = target.items().map(|v| shape(target, v)).collect();
    let got_by: HashMap<&str, &Shape> = got.iter().map(|s| (s.0.as_str(), s)).collect();
    for w in &want {
        match got_by.get(w.0.as_str()) {
            None => out.push((Some(w.0.clone()), "the item is missing".to_string())),
            Some(g) if g.2 != w.2 => out.push((
                Some(w.0.clone()),
                if w.2 {
                    "the item should be in force".to_string()
                } else {
                    "the item should be repealed".to_string()
                },
            )),
            Some(g) if g.3 != w.3 => {
                out.push((Some(w.0.clone()), "the wording differs".to_string()))
            }
            Some(g) if g.1 != w.1 => {
                out.push((Some(w.0.clone()), "the section differs".to_string()))
            }
            Some(_) => {}
        }
    }
    for g in &got {
        if !want.iter().any(|w| w.0 == g.0) {
            out.push((
                Some(g.0.clone()),
                "the item should not be there".to_string(),
            ));
        }
    }
    if out.is_empty() {
        let a: Vec<&str> = got.iter().map(|s| s.0.as_str()).collect();
        let b: Vec<&str> = want.iter().map(|s| s.0.as_str()).collect();
        if a != b {
            out.push((None, format!("the items come in another order: {a:?}")));
        }
    }
    let notes = |r: &Revision<'_>| -> Vec<(String, String)> {
        r.footnotes()
            .iter()
            .map(|f| (f.number.clone(), f.text.to_string()))
            .collect()
    };
    if notes(result) != notes(target) {
        out.push((None, "the footnotes differ".to_string()));
    }
    let sections = |r: &Revision<'_>| -> Vec<(String, String)> {
        r.sections()
            .iter()
            .map(|s| (s.number.clone(), s.title.clone()))
            .collect()
    };
    if sections(result) != sections(target) {
        out.push((None, "the sections differ".to_string()));
    }
    out
}

/// The cells of a column, joined.
fn joined(cells: &[Option<String>]) -> String {
    cells
        .iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<Option<String>> {
        texts.iter().map(|t| Some(t.to_string())).collect()
    }

    /// The edits for one column, with the diff's script of each row.
    fn edits(old: &[&str], new: &[&str]) -> Option<Vec<(Option<usize>, Edit)>> {
        let scripts: Vec<Option<Vec<Hunk>>> = old
            .iter()
            .zip(new)
            .map(|(o, n)| hunks_from_script(&WordDiff::new(o, n), o, n))
            .collect();
        let result = column_edits(&cells(old), &cells(new), &scripts);
        if let Some(list) = &result {
            // Applied in turn, they give the new wording.
            let mut at = cells(old);
            for (row, edit) in list {
                at = simulate(&at, *row, edit).expect("the words are there");
            }
            assert_eq!(at, cells(new));
        }
        result
    }

    fn replace(from: &str, to: &str) -> Edit {
        Edit::Replace {
            from: from.into(),
            to: to.into(),
        }
    }

    #[test]
    fn a_few_words_are_replaced_as_one_phrase() {
        assert_eq!(
            edits(&["И.В. Никитина"], &["Ф.И. Воронин"]),
            Some(vec![(None, replace("И.В. Никитина", "Ф.И. Воронин"))])
        );
        assert_eq!(
            edits(&["А и Б, далее В"], &["Г и Д, далее В"]),
            Some(vec![(None, replace("А и Б", "Г и Д"))])
        );
    }

    #[test]
    fn quoted_words_are_whole_words_and_initials_keep_their_dots() {
        assert_eq!(
            edits(&["IV кв. 20134 г."], &["IV кв. 2014 г."]),
            Some(vec![(None, replace("20134", "2014"))])
        );
        assert_eq!(
            edits(&["Сухорослова И.П."], &["Аносова И.А."]),
            Some(vec![(None, replace("Сухорослова И.П.", "Аносова И.А."))])
        );
        assert_eq!(
            edits(&["в т. ч. граждан"], &["в том числе граждан"]),
            Some(vec![(None, replace("т. ч.", "том числе"))])
        );
    }

    #[test]
    fn a_phrase_grows_until_it_occurs_once() {
        let got = edits(&["план и план работы"], &["план и проект работы"]).expect("drafted");
        let [(None, Edit::Replace { from, to })] = got.as_slice() else {
            panic!("{got:?}");
        };
        assert_eq!(matching::find("план и план работы", from, true).len(), 1);
        assert!(from.contains("план") && from.len() > "план".len());
        assert!(to.contains("проект"));
    }

    #[test]
    fn the_same_change_everywhere_is_one_formula() {
        assert_eq!(
            edits(&["2017", "до 2017 года"], &["2018", "до 2018 года"]),
            Some(vec![(None, replace("2017", "2018"))])
        );
        assert_eq!(
            edits(&["2017 и 2017"], &["2018 и 2018"]),
            Some(vec![(None, replace("2017", "2018"))])
        );
    }

    #[test]
    fn the_same_change_in_different_company_is_still_one_formula() {
        assert_eq!(
            edits(
                &["В.В. Макаров, Ф.И. Воронин, В.В. Макаров"],
                &["А.А. Черкасов, Ф.И. Воронин, А.А. Черкасов"]
            ),
            Some(vec![(None, replace("В.В. Макаров", "А.А. Черкасов"))])
        );
    }

    #[test]
    fn a_row_is_named_when_the_words_occur_in_other_rows() {
        assert_eq!(
            edits(&["план", "план"], &["план", "проект"]),
            Some(vec![(Some(2), replace("план", "проект"))])
        );
    }

    #[test]
    fn insertions_and_deletions_use_their_own_formulas() {
        assert_eq!(
            edits(&["2018 год"], &["2018 год, далее постоянно"]),
            Some(vec![(
                None,
                Edit::After {
                    anchor: "2018 год".into(),
                    words: ", далее постоянно".into()
                }
            )])
        );
        assert_eq!(
            edits(
                &["оформления запроса на сайте"],
                &["оформления запроса заявителем на сайте"]
            ),
            Some(vec![(
                None,
                Edit::After {
                    anchor: "запроса".into(),
                    words: "заявителем".into()
                }
            )])
        );
        assert_eq!(
            edits(&["2018 год"], &["I квартал 2018 год"]),
            Some(vec![(
                None,
                Edit::Before {
                    anchor: "2018".into(),
                    words: "I квартал".into()
                }
            )])
        );
        assert_eq!(
            edits(&["2018 год, далее постоянно"], &["2018 год"]),
            Some(vec![(
                None,
                Edit::Delete {
                    words: ", далее постоянно".into()
                }
            )])
        );
        assert_eq!(
            edits(&["Иванов, Петров, Сидоров"], &["Иванов, Сидоров"]),
            Some(vec![(
                None,
                Edit::Delete {
                    words: "Петров,".into()
                }
            )])
        );
    }

    #[test]
    fn case_only_changes_are_changes() {
        assert_eq!(
            edits(&["администрации района"], &["Администрации района"]),
            Some(vec![(None, replace("администрации", "Администрации"))])
        );
    }

    #[test]
    fn new_words_with_a_line_break_cannot_be_quoted_in_a_sentence() {
        assert_eq!(edits(&["Иванов"], &["Иванов,\nПетров"]), None);
        // A line break among the old words is only a space to find them.
        assert_eq!(
            edits(&["Иванов,\nПетров"], &["Иванов,\nСидоров"]),
            Some(vec![(None, replace("Петров", "Сидоров"))])
        );
    }

    #[test]
    fn formulas_say_слово_слова_цифры() {
        assert_eq!(
            edit_text(&replace("2017", "2018")),
            "цифры «2017» заменить цифрами «2018»"
        );
        assert_eq!(
            edit_text(&replace("Минтруд", "Минтруд России")),
            "слово «Минтруд» заменить словами «Минтруд России»"
        );
        assert_eq!(
            edit_text(&replace("II кв. 2017", "2018")),
            "слова «II кв. 2017» заменить цифрами «2018»"
        );
        assert_eq!(
            edit_text(&Edit::After {
                anchor: "2018 год".into(),
                words: "далее".into()
            }),
            "после слов «2018 год» дополнить словом «далее»"
        );
        assert_eq!(
            edit_text(&Edit::Before {
                anchor: "2018".into(),
                words: "I квартал".into()
            }),
            "перед цифрами «2018» дополнить словами «I квартал»"
        );
        assert_eq!(
            edit_text(&Edit::Delete {
                words: "1.5".into()
            }),
            "цифры «1.5» исключить"
        );
    }

    #[test]
    fn numbers_are_listed_with_ranges() {
        let list = |v: &[&str]| number_list(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(list(&["10", "11"]), "10, 11");
        assert_eq!(list(&["5", "6", "7", "9"]), "5–7, 9");
        assert_eq!(list(&["1.1", "1.2", "1.3"]), "1.1–1.3");
        assert_eq!(list(&["1.9", "2.1", "2.2"]), "1.9, 2.1, 2.2");
    }

    #[test]
    fn only_balanced_ёлочки_can_be_quoted() {
        assert!(quotable("приказ «О плане»"));
        assert!(!quotable("приказ «О плане"));
        assert!(!quotable("О плане»"));
        assert!(!quotable("\"О плане\""));
        assert!(!inline("Иванов\nПетров"));
    }

    #[test]
    fn mostly_rewritten_cells_are_restated() {
        let old = "Разработка порядка общественного обсуждения программных документов";
        let new = "Утверждение плана работы общественного совета на очередной год";
        assert!(restate_rather(&[replace(old, new)], old, new));
        assert!(!restate_rather(
            &[replace("2017", "2018")],
            "до 2017 года",
            "до 2018 года"
        ));
    }

    #[test]
    fn the_item_block_is_one_cell_per_line() {
        let rows = vec![
            vec![Some("Цель".to_string()), Some("Мера".to_string())],
            vec![None, Some("Мера два".to_string())],
        ];
        assert_eq!(
            item_block("5", &rows),
            "«5.\n\tЦель\n\tМера\n\t\n\t\n\tМера два»"
        );
    }

    fn lines(old: &str, new: &str) -> Option<Vec<Change>> {
        line_changes(0, &[Some(old.to_string())], &[Some(new.to_string())], false)
    }

    fn run(first: usize, old: usize, new: &[&str], at_end: bool) -> Change {
        Change::Lines {
            column: 0,
            row: None,
            first,
            old,
            new: new.iter().map(|s| s.to_string()).collect(),
            at_end,
        }
    }

    #[test]
    fn whole_lines_are_абзацы_the_last_first() {
        let old = "Первый абзац\nВторой абзац\nТретий абзац\nЧетвертый абзац";
        assert_eq!(
            lines(
                old,
                "Первый абзац\nНовый второй\nТретий абзац\nЧетвертый абзац"
            ),
            Some(vec![run(2, 1, &["Новый второй"], false)])
        );
        assert_eq!(
            lines(old, "Первый абзац\nЧетвертый абзац\nПятый"),
            Some(vec![run(5, 0, &["Пятый"], true), run(2, 2, &[], false)])
        );
        assert_eq!(
            lines(
                old,
                "Нулевой\nПервый абзац\nВторой абзац\nТретий абзац\nЧетвертый абзац"
            ),
            Some(vec![run(1, 0, &["Нулевой"], false)])
        );
    }

    #[test]
    fn абзацы_are_not_used_for_cells_mostly_rewritten_or_lines_not_quotable() {
        let old = "Первый абзац\nВторой абзац";
        // Most of the cell is new: a drafter restates it.
        assert_eq!(
            lines(old, "Первый абзац\nСовсем другой и длинный абзац"),
            None
        );
        assert_eq!(lines(old, "Другое"), None);
        // A blank line, spaces at an end, a tab: not quotable as they are.
        let long = "Длинный первый абзац, который остается\nВторой";
        assert_eq!(
            lines(long, "Длинный первый абзац, который остается\n"),
            None
        );
        assert_eq!(
            lines(long, "Длинный первый абзац, который остается\nВторой "),
            None
        );
        assert_eq!(
            lines(long, "Длинный первый абзац, который остается\nВ\tторой"),
            None
        );
        // The cell taken out whole is not a change of its lines.
        assert_eq!(lines(old, ""), None);
    }

    #[test]
    fn абзацы_are_named_by_ordinals() {
        assert_eq!(paragraphs_named(2, 1), "абзац второй");
        assert_eq!(paragraphs_named(2, 2), "абзацы второй и третий");
        assert_eq!(paragraphs_named(3, 3), "абзацы третий – пятый");
        assert_eq!(ordinal_nominative(7), "седьмой");
        assert_eq!(ordinal_genitive(3), "третьего");
        assert_eq!(ordinal_genitive(20), "двадцатого");
        assert_eq!(ordinal_nominative(21), "21");
    }

    #[test]
    fn a_title_quote_keeps_what_the_reader_would_take_for_a_heading() {
        assert_eq!(title_quote("II", "Открытые данные"), "Открытые данные");
        assert_eq!(
            title_quote("II", "1. Общие положения"),
            "II. 1. Общие положения"
        );
        assert_eq!(title_quote("II", "Раздел данных"), "II. Раздел данных");
    }
}
