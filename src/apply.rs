//! Applying orders: the working state that operations edit, and the commit
//! of each effective date into the history's timelines.
//!
//! Orders apply by effective date, then by date signed, then in the order
//! given; operations of one order apply in sequence. Operations are atomic:
//! each one checks everything it needs before it changes anything, so a
//! refused operation (in lenient mode) leaves no trace.

use crate::act::Act;
use crate::error::{ApplyError, ApplyErrorKind, Error};
use crate::history::{History, NONE, Timeline, Touch};
use crate::matching;
use crate::operation::{Anchor, Occurrence, Operation, Position, Targets};
use crate::order::Order;
use crate::plan::{Column, Plan, Row};
use crate::revision::{
    ActEntry, CellVersion, FootnoteVersion, ItemStatus, ItemVersion, Refusal, RevisionInfo,
    RowVersion, SectionVersion, Source,
};
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// An operation's refusal; boxed, because the error is large and rare.
type Refused = Box<ApplyError>;

/// How to treat an operation that cannot apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Mode {
    /// Stop at the first operation that cannot apply, with its error. The default.
    #[default]
    Strict,
    /// Apply everything else and record each refusal in the history's
    /// report ([`History::refusals`]). Nothing is skipped silently.
    Lenient,
}

struct Slot {
    current: Arc<ItemVersion>,
    timeline: Timeline,
    dirty: bool,
}

struct Working<'a> {
    columns: &'a [Column],
    /// The columns' titles, folded for matching.
    titles: Vec<String>,
    acts: &'a [ActEntry],
    slots: Vec<Slot>,
    next: Vec<u32>,
    /// The slot before each slot in the list, so that adding before an
    /// item or at the end of a section does not walk from the head.
    prev: Vec<u32>,
    /// Each slot's section as an interned key (`NONE`: no section), beside
    /// `next`, so that finding the end of a section walks two flat arrays.
    section_of: Vec<u32>,
    section_keys: HashMap<String, u32>,
    /// True while the list runs section by section in the sections' order,
    /// items without a section first — as every plan does unless its JSON
    /// interleaves sections, and as every position keeps it. Then the end
    /// of a section is read from `last_of` instead of walking the list.
    grouped: bool,
    /// Per section key, the last item of that section in the list, and the
    /// last item without a section; kept while `grouped`.
    last_of: Vec<u32>,
    last_unsectioned: u32,
    head: u32,
    tail: u32,
    live: HashMap<String, u32>,
    gone: HashMap<String, u32>,
    ids: HashSet<Arc<str>>,
    sections: Vec<SectionVersion>,
    sections_dirty: bool,
    footnotes: Vec<FootnoteVersion>,
    footnotes_dirty: bool,
    touched: Vec<u32>,
    numbers: HashMap<String, Vec<(u32, u32)>>,
    rev: u32,
}

/// What an operation needs to know about itself for edits and messages.
struct Ctx<'a> {
    act_index: usize,
    act: &'a Act,
    path: Option<&'a PathBuf>,
    op: usize,
    formula: &'static str,
    point: Option<&'a str>,
    effective: NaiveDate,
}

impl Ctx<'_> {
    fn source(&self) -> Source {
        Source {
            act: self.act_index,
            operation: Some(self.op),
        }
    }

    fn fail(
        &self,
        kind: ApplyErrorKind,
        item: Option<&str>,
        column: Option<String>,
        words: Option<&str>,
    ) -> Refused {
        Box::new(ApplyError {
            act: self.act.to_string(),
            path: self.path.cloned(),
            operation: self.op + 1,
            formula: self.formula,
            point: self.point.map(str::to_string),
            item: item.map(str::to_string),
            column,
            words: words.map(str::to_string),
            kind,
        })
    }
}

/// A match of quoted words: row, cell position in the row, byte range.
type Match = (usize, usize, Range<usize>);

enum Edit<'a> {
    Replace(&'a str),
    After(&'a str),
    Before(&'a str),
    Delete,
}

pub(crate) fn build(
    plan: Plan,
    orders: Vec<(Order, Option<PathBuf>)>,
    mode: Mode,
    plan_path: Option<PathBuf>,
) -> Result<History, Error> {
    plan.validate().map_err(|problem| Error::InvalidPlan {
        path: plan_path.clone(),
        problem,
    })?;
    let base_date = plan.effective_date();
    let mut orders = orders;
    // Stable: equal dates keep the order in which they were given.
    orders.sort_by_key(|(o, _)| (o.effective_date(), o.act.date));
    for (order, path) in &orders {
        if order.act.date < plan.act.date {
            return Err(Error::InvalidOrder {
                path: path.clone(),
                act: order.act.to_string(),
                problem: format!(
                    "signed on {}, before the plan was approved on {}",
                    crate::format_date(order.act.date),
                    crate::format_date(plan.act.date)
                ),
            });
        }
        if order.effective_date() < base_date {
            return Err(Error::InvalidOrder {
                path: path.clone(),
                act: order.act.to_string(),
                problem: format!(
                    "takes effect on {}, before the plan took effect on {}",
                    crate::format_date(order.effective_date()),
                    crate::format_date(base_date)
                ),
            });
        }
    }
    let mut acts = vec![ActEntry {
        act: plan.act.clone(),
        effective: base_date,
        effective_assumed: None,
        is_base: true,
        path: plan_path,
    }];
    acts.extend(orders.iter().map(|(o, path)| ActEntry {
        act: o.act.clone(),
        effective: o.effective_date(),
        effective_assumed: o.effective_assumed,
        is_base: false,
        path: path.clone(),
    }));

    let mut revisions = vec![RevisionInfo {
        index: 0,
        from: base_date,
        until: None,
        acts: vec![0],
    }];
    let mut refusals = Vec::new();
    let mut changed = vec![Vec::new()];
    let (slots_out, order_out, numbers, sections, footnotes) = {
        let mut w = Working::new(&plan, &acts)?;
        let mut sections_tl = vec![(0u32, w.sections.clone())];
        let mut footnotes_tl = vec![(0u32, w.footnotes.clone())];
        let mut i = 0;
        while i < orders.len() {
            let date = orders[i].0.effective_date();
            let rev = revisions.len() as u32;
            w.rev = rev;
            let mut rev_acts = Vec::new();
            while i < orders.len() && orders[i].0.effective_date() == date {
                let (order, path) = &orders[i];
                let act_index = i + 1;
                rev_acts.push(act_index);
                for (op_index, op) in order.operations.iter().enumerate() {
                    let ctx = Ctx {
                        act_index,
                        act: &order.act,
                        path: path.as_ref(),
                        op: op_index,
                        formula: op.formula(),
                        point: op.point(),
                        effective: date,
                    };
                    if let Err(error) = w.apply(&ctx, op) {
                        match mode {
                            Mode::Strict => return Err(Error::Apply(error)),
                            Mode::Lenient => refusals.push(Refusal {
                                revision: rev as usize,
                                act: act_index,
                                operation: op_index,
                                error: *error,
                            }),
                        }
                    }
                }
                i += 1;
            }
            changed.push(w.commit(&mut sections_tl, &mut footnotes_tl));
            if let Some(last) = revisions.last_mut() {
                last.until = Some(date);
            }
            revisions.push(RevisionInfo {
                index: rev as usize,
                from: date,
                until: None,
                acts: rev_acts,
            });
        }
        let mut order_out = Vec::with_capacity(w.slots.len());
        let mut at = w.head;
        while at != NONE {
            order_out.push(at);
            at = w.next[at as usize];
        }
        let slots: Vec<Timeline> = w.slots.into_iter().map(|s| s.timeline).collect();
        (slots, order_out, w.numbers, sections_tl, footnotes_tl)
    };
    let mut rank = vec![0u32; slots_out.len()];
    for (position, &slot) in order_out.iter().enumerate() {
        rank[slot as usize] = position as u32;
    }
    Ok(History {
        changed,
        rank,
        title: plan.title,
        columns: plan.columns,
        acts,
        orders: orders.into_iter().map(|(o, _)| o).collect(),
        revisions,
        items: slots_out,
        order: order_out,
        numbers,
        sections,
        footnotes,
        refusals,
    })
}

/// The columns' titles as matching sees them, computed once per build so
/// that naming a column by its title does not fold every title again.
fn folded_titles(columns: &[Column]) -> Vec<String> {
    columns
        .iter()
        .map(|c| matching::normalize(&c.title))
        .collect()
}

/// [`crate::plan::column_index`] with the titles folded beforehand: by id,
/// then by printed title, then by 1-based number.
fn column_position(columns: &[Column], titles: &[String], reference: &str) -> Option<usize> {
    if let Some(i) = columns.iter().position(|c| c.id == reference) {
        return Some(i);
    }
    let wanted = matching::normalize(reference);
    if let Some(i) = titles.iter().position(|t| *t == wanted) {
        return Some(i);
    }
    match reference.trim().parse::<usize>() {
        Ok(n) if n >= 1 && n <= columns.len() => Some(n - 1),
        _ => None,
    }
}

fn row_version(
    columns: &[Column],
    titles: &[String],
    row: &Row,
    source: Source,
) -> Result<RowVersion, (String, ())> {
    let mut cells = Vec::with_capacity(row.len());
    for (column, cell) in row {
        let Some(index) = column_position(columns, titles, column) else {
            return Err((column.clone(), ()));
        };
        cells.push(CellVersion {
            column: index,
            text: Arc::from(cell.text.as_str()),
            source,
            reconstructed: cell.reconstructed,
        });
    }
    cells.sort_by_key(|c| c.column);
    Ok(RowVersion { cells })
}

/// Orders footnote marks naturally: «2» < «2.1» < «2.2» < «10»; other marks
/// («*») after numbers, by text.
fn footnote_order(a: &str, b: &str) -> Ordering {
    let key = |s: &str| -> Option<Vec<u64>> { s.split('.').map(|p| p.parse().ok()).collect() };
    match (key(a), key(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

impl<'a> Working<'a> {
    fn new(plan: &'a Plan, acts: &'a [ActEntry]) -> Result<Working<'a>, Error> {
        let n = plan.items.len();
        let mut w = Working {
            columns: &plan.columns,
            titles: folded_titles(&plan.columns),
            acts,
            slots: Vec::with_capacity(n),
            next: Vec::with_capacity(n),
            prev: Vec::with_capacity(n),
            section_of: Vec::with_capacity(n),
            section_keys: HashMap::new(),
            grouped: false,
            last_of: Vec::new(),
            last_unsectioned: NONE,
            head: NONE,
            tail: NONE,
            live: HashMap::with_capacity(n),
            gone: HashMap::new(),
            ids: HashSet::with_capacity(n),
            sections: plan
                .sections
                .iter()
                .map(|s| SectionVersion {
                    id: s.id().to_string(),
                    number: s.number.clone(),
                    title: s.title.clone(),
                    source: Source::BASE,
                })
                .collect(),
            sections_dirty: false,
            footnotes: plan
                .footnotes
                .iter()
                .map(|f| FootnoteVersion {
                    number: f.number.clone(),
                    text: Arc::from(f.text.as_str()),
                    source: Source::BASE,
                    reconstructed: f.reconstructed,
                })
                .collect(),
            footnotes_dirty: false,
            touched: Vec::new(),
            numbers: HashMap::with_capacity(n),
            rev: 0,
        };
        w.footnotes
            .sort_by(|a, b| footnote_order(&a.number, &b.number));
        for item in &plan.items {
            let rows = item
                .rows
                .iter()
                .map(|r| row_version(&plan.columns, &w.titles, r, Source::BASE))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|(column, ())| Error::InvalidPlan {
                    path: None,
                    problem: crate::plan::PlanProblem::UnknownColumn {
                        item: item.number.clone(),
                        column,
                    },
                })?;
            let id: Arc<str> = Arc::from(item.id());
            let version = Arc::new(ItemVersion {
                id: id.clone(),
                number: item.number.clone(),
                section: item.section.clone(),
                status: ItemStatus::InForce,
                rows,
            });
            let slot = w.slots.len() as u32;
            w.ids.insert(id);
            w.live.insert(item.number.clone(), slot);
            w.numbers.insert(item.number.clone(), vec![(0, slot)]);
            w.slots.push(Slot {
                current: version.clone(),
                timeline: Timeline {
                    versions: vec![(0, version)],
                    touches: Vec::new(),
                },
                dirty: false,
            });
            w.next.push(NONE);
            w.prev.push(NONE);
            let key = w.section_key(item.section.as_deref());
            w.section_of.push(key);
            w.link_after(w.tail, slot);
        }
        w.index_sections();
        Ok(w)
    }

    /// Finds whether the base list runs section by section, and the last
    /// item of each section.
    fn index_sections(&mut self) {
        let mut rank_of = vec![usize::MAX; self.section_keys.len()];
        for (i, s) in self.sections.iter().enumerate() {
            if let Some(&key) = self.section_keys.get(s.id.as_str()) {
                rank_of[key as usize] = i;
            }
        }
        self.last_of = vec![NONE; self.section_keys.len()];
        self.last_unsectioned = NONE;
        self.grouped = true;
        // Items without a section rank first (0), sections from 1.
        let mut last_rank = 0;
        let mut at = self.head;
        while at != NONE {
            let key = self.section_of[at as usize];
            let rank = if key == NONE {
                self.last_unsectioned = at;
                0
            } else {
                self.last_of[key as usize] = at;
                rank_of[key as usize].saturating_add(1)
            };
            if rank < last_rank || rank == usize::MAX {
                self.grouped = false;
            }
            last_rank = rank;
            at = self.next[at as usize];
        }
    }

    /// The item a new one at the end of section `target` (an index into
    /// `sections`) follows: the last whose section is the target or an
    /// earlier one, items without a section counting as earlier; `NONE`
    /// for the head.
    fn end_of_section(&self, target: usize) -> u32 {
        if self.grouped {
            let found = self.sections[..=target]
                .iter()
                .rev()
                .filter_map(|s| self.section_keys.get(s.id.as_str()))
                .map(|&key| self.last_of.get(key as usize).copied().unwrap_or(NONE))
                .find(|&last| last != NONE)
                .unwrap_or(self.last_unsectioned);
            // Small lists are checked against the walk in debug builds.
            debug_assert!(
                self.slots.len() > 10_000 || found == self.walk_to_end_of_section(target)
            );
            return found;
        }
        self.walk_to_end_of_section(target)
    }

    /// [`end_of_section`](Self::end_of_section) by walking back from the
    /// end: for lists that interleave sections.
    fn walk_to_end_of_section(&self, target: usize) -> u32 {
        let mut earlier = vec![true; self.section_keys.len()];
        for (i, s) in self.sections.iter().enumerate() {
            if let Some(&key) = self.section_keys.get(s.id.as_str()) {
                earlier[key as usize] = i <= target;
            }
        }
        let mut after = self.tail;
        while after != NONE {
            let key = self.section_of[after as usize];
            if key == NONE || earlier[key as usize] {
                break;
            }
            after = self.prev[after as usize];
        }
        after
    }

    /// The interned key of a section id, for `section_of`.
    fn section_key(&mut self, section: Option<&str>) -> u32 {
        let Some(id) = section else { return NONE };
        if let Some(&key) = self.section_keys.get(id) {
            return key;
        }
        let key = self.section_keys.len() as u32;
        self.section_keys.insert(id.to_string(), key);
        key
    }

    /// Links `slot` after `after` (or at the head when `after` is NONE).
    fn link_after(&mut self, after: u32, slot: u32) {
        if after == NONE {
            self.next[slot as usize] = self.head;
            self.head = slot;
        } else {
            self.next[slot as usize] = self.next[after as usize];
            self.next[after as usize] = slot;
        }
        self.prev[slot as usize] = after;
        match self.next[slot as usize] {
            NONE => self.tail = slot,
            next => self.prev[next as usize] = slot,
        }
        if self.grouped {
            // Every position keeps the list grouped, and a new item is the
            // last of its section exactly when it follows the last one (or
            // the section had none): after an item, at the end of a section
            // or of the plan — never when it goes before an item.
            let key = self.section_of[slot as usize];
            let last = if key == NONE {
                &mut self.last_unsectioned
            } else {
                if self.last_of.len() <= key as usize {
                    self.last_of.resize(key as usize + 1, NONE);
                }
                &mut self.last_of[key as usize]
            };
            if *last == NONE || *last == after {
                *last = slot;
            }
        }
    }

    fn commit(
        &mut self,
        sections: &mut Vec<(u32, Vec<SectionVersion>)>,
        footnotes: &mut Vec<(u32, Vec<FootnoteVersion>)>,
    ) -> Vec<u32> {
        let mut touched = std::mem::take(&mut self.touched);
        for &slot in &touched {
            let s = &mut self.slots[slot as usize];
            s.timeline.versions.push((self.rev, s.current.clone()));
            s.dirty = false;
        }
        touched.sort_unstable();
        if self.sections_dirty {
            sections.push((self.rev, self.sections.clone()));
            self.sections_dirty = false;
        }
        if self.footnotes_dirty {
            footnotes.push((self.rev, self.footnotes.clone()));
            self.footnotes_dirty = false;
        }
        touched
    }

    /// Marks a slot as changed by this operation and returns its version for editing.
    fn touch(&mut self, slot: u32, ctx: &Ctx) -> &mut ItemVersion {
        let s = &mut self.slots[slot as usize];
        if !s.dirty {
            s.dirty = true;
            self.touched.push(slot);
        }
        let touch = Touch {
            rev: self.rev,
            act: ctx.act_index as u32,
            op: ctx.op as u32,
        };
        if s.timeline.touches.last() != Some(&touch) {
            s.timeline.touches.push(touch);
        }
        Arc::make_mut(&mut s.current)
    }

    fn assign_number(&mut self, number: &str, slot: u32) {
        let entries = self.numbers.entry(number.to_string()).or_default();
        match entries.last_mut() {
            Some(last) if last.0 == self.rev => last.1 = slot,
            _ => entries.push((self.rev, slot)),
        }
    }

    fn act_name(&self, source: Source) -> String {
        self.acts[source.act].act.to_string()
    }

    fn resolve(&self, ctx: &Ctx, number: &str, allow_repealed: bool) -> Result<u32, Refused> {
        if let Some(&slot) = self.live.get(number) {
            if let ItemStatus::Repealed { by, .. } = self.slots[slot as usize].current.status {
                if !allow_repealed {
                    let by = self.act_name(by);
                    return Err(ctx.fail(
                        ApplyErrorKind::ItemRepealed { by },
                        Some(number),
                        None,
                        None,
                    ));
                }
            }
            return Ok(slot);
        }
        if let Some(&slot) = self.gone.get(number) {
            if let ItemStatus::Excluded { by, .. } = self.slots[slot as usize].current.status {
                let by = self.act_name(by);
                return Err(ctx.fail(
                    ApplyErrorKind::ItemExcluded { by },
                    Some(number),
                    None,
                    None,
                ));
            }
        }
        Err(ctx.fail(ApplyErrorKind::NoSuchItem, Some(number), None, None))
    }

    fn resolve_column(
        &self,
        ctx: &Ctx,
        column: &str,
        item: Option<&str>,
    ) -> Result<usize, Refused> {
        column_position(self.columns, &self.titles, column).ok_or_else(|| {
            ctx.fail(
                ApplyErrorKind::NoSuchColumn,
                item,
                Some(column.to_string()),
                None,
            )
        })
    }

    fn rows(&self, ctx: &Ctx, item: &str, rows: &[Row]) -> Result<Vec<RowVersion>, Refused> {
        if rows.is_empty() {
            return Err(ctx.fail(
                ApplyErrorKind::Invalid("an item needs at least one row".into()),
                Some(item),
                None,
                None,
            ));
        }
        rows.iter().map(|r| self.row(ctx, item, r)).collect()
    }

    fn row(&self, ctx: &Ctx, item: &str, row: &Row) -> Result<RowVersion, Refused> {
        row_version(self.columns, &self.titles, row, ctx.source()).map_err(|(column, ())| {
            ctx.fail(ApplyErrorKind::NoSuchColumn, Some(item), Some(column), None)
        })
    }

    fn row_index(&self, ctx: &Ctx, slot: u32, row: usize) -> Result<usize, Refused> {
        let v = &self.slots[slot as usize].current;
        if row == 0 || row > v.rows.len() {
            return Err(ctx.fail(
                ApplyErrorKind::NoSuchRow {
                    row,
                    rows: v.rows.len(),
                },
                Some(&v.number),
                None,
                None,
            ));
        }
        Ok(row - 1)
    }

    fn section_index(&self, reference: &str) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| s.id == reference)
            .or_else(|| self.sections.iter().position(|s| s.number == reference))
    }

    fn apply(&mut self, ctx: &Ctx, op: &Operation) -> Result<(), Refused> {
        match op {
            Operation::ReplaceWords {
                items,
                column,
                row,
                paragraph,
                from,
                to,
                occurrence,
                substring,
                ..
            } => self.edit_words(
                ctx,
                &Place {
                    targets: items,
                    column: column.as_deref(),
                    row: *row,
                    paragraph: *paragraph,
                },
                Some(from),
                *occurrence,
                !*substring,
                Edit::Replace(to),
            ),
            Operation::InsertWords {
                items,
                column,
                row,
                paragraph,
                anchor,
                words,
                occurrence,
                substring,
                ..
            } => {
                let (needle, edit) = match anchor {
                    Anchor::After(a) => (Some(a.as_str()), Edit::After(words)),
                    Anchor::Before(a) => (Some(a.as_str()), Edit::Before(words)),
                    Anchor::End => (None, Edit::After(words)),
                    Anchor::Start => (None, Edit::Before(words)),
                };
                self.edit_words(
                    ctx,
                    &Place {
                        targets: items,
                        column: column.as_deref(),
                        row: *row,
                        paragraph: *paragraph,
                    },
                    needle,
                    *occurrence,
                    !*substring,
                    edit,
                )
            }
            Operation::DeleteWords {
                items,
                column,
                row,
                paragraph,
                words,
                occurrence,
                substring,
                ..
            } => self.edit_words(
                ctx,
                &Place {
                    targets: items,
                    column: column.as_deref(),
                    row: *row,
                    paragraph: *paragraph,
                },
                Some(words),
                *occurrence,
                !*substring,
                Edit::Delete,
            ),
            Operation::RestateParagraph {
                item,
                row,
                column,
                paragraph,
                text,
                ..
            } => self.edit_paragraphs(ctx, item, *row, column, |lines| {
                if text.trim().is_empty() {
                    return Err(ApplyErrorKind::Invalid(
                        "the new абзац is empty; delete the абзац instead".into(),
                    ));
                }
                let at = paragraph_index(lines, *paragraph)?;
                lines.splice(at..=at, text.split('\n').map(str::to_string));
                Ok(())
            }),
            Operation::AddParagraph {
                item,
                row,
                column,
                after,
                text,
                ..
            } => self.edit_paragraphs(ctx, item, *row, column, |lines| {
                if text.trim().is_empty() {
                    return Err(ApplyErrorKind::Invalid("the new абзац is empty".into()));
                }
                let at = match after {
                    None => lines.len(),
                    Some(0) => 0,
                    Some(n) => paragraph_index(lines, *n)? + 1,
                };
                lines.splice(at..at, text.split('\n').map(str::to_string));
                Ok(())
            }),
            Operation::DeleteParagraph {
                item,
                row,
                column,
                paragraph,
                ..
            } => self.edit_paragraphs(ctx, item, *row, column, |lines| {
                let at = paragraph_index(lines, *paragraph)?;
                lines.remove(at);
                Ok(())
            }),
            Operation::RestateItem { item, rows, .. } => {
                let slot = self.resolve(ctx, item, true)?;
                let rows = self.rows(ctx, item, rows)?;
                let v = self.touch(slot, ctx);
                v.rows = rows;
                v.status = ItemStatus::InForce;
                Ok(())
            }
            Operation::RestateCell {
                item,
                row,
                column,
                text,
                ..
            } => {
                let slot = self.resolve(ctx, item, false)?;
                let column = self.resolve_column(ctx, column, Some(item))?;
                let r = self.cell_row(ctx, slot, item, *row, column)?;
                let source = ctx.source();
                let v = self.touch(slot, ctx);
                let cells = &mut v.rows[r].cells;
                let cell = CellVersion {
                    column,
                    text: Arc::from(text.as_str()),
                    source,
                    reconstructed: false,
                };
                match cells.binary_search_by_key(&column, |c| c.column) {
                    Ok(i) if text.is_empty() => {
                        cells.remove(i);
                    }
                    Ok(i) => cells[i] = cell,
                    Err(_) if text.is_empty() => {}
                    Err(i) => cells.insert(i, cell),
                }
                Ok(())
            }
            Operation::RestateRow {
                item, row, cells, ..
            } => {
                let slot = self.resolve(ctx, item, false)?;
                let r = self.row_index(ctx, slot, *row)?;
                let new = self.row(ctx, item, cells)?;
                self.touch(slot, ctx).rows[r] = new;
                Ok(())
            }
            Operation::AddRow {
                item,
                after_row,
                cells,
                ..
            } => {
                let slot = self.resolve(ctx, item, false)?;
                let at = match after_row {
                    None => self.slots[slot as usize].current.rows.len(),
                    Some(0) => 0,
                    Some(r) => self.row_index(ctx, slot, *r)? + 1,
                };
                let new = self.row(ctx, item, cells)?;
                self.touch(slot, ctx).rows.insert(at, new);
                Ok(())
            }
            Operation::RemoveRow { item, row, .. } => {
                let slot = self.resolve(ctx, item, false)?;
                let r = self.row_index(ctx, slot, *row)?;
                if self.slots[slot as usize].current.rows.len() == 1 {
                    return Err(ctx.fail(
                        ApplyErrorKind::Invalid(
                            "an item keeps at least one row; exclude the item instead".into(),
                        ),
                        Some(item),
                        None,
                        None,
                    ));
                }
                self.touch(slot, ctx).rows.remove(r);
                Ok(())
            }
            Operation::AddItem {
                number,
                id,
                position,
                rows,
                ..
            } => self.add_item(ctx, number, id.as_deref(), position, rows),
            Operation::AddSection {
                number,
                title,
                id,
                after,
                before,
                ..
            } => {
                let id = id.clone().unwrap_or_else(|| number.clone());
                if self.section_index(&id).is_some() || self.section_index(number).is_some() {
                    return Err(ctx.fail(ApplyErrorKind::SectionExists, None, None, Some(number)));
                }
                // A new section is empty, so wherever it goes the list
                // stays grouped section by section: no item moves.
                let at = match (after, before) {
                    (Some(a), Some(b)) => {
                        return Err(ctx.fail(
                            ApplyErrorKind::Invalid(format!(
                                "section {number} is placed both after section {a} and before section {b}: give one of `after` and `before`"
                            )),
                            None,
                            None,
                            Some(number),
                        ));
                    }
                    (None, None) => self.sections.len(),
                    (Some(a), None) => {
                        self.section_index(a).ok_or_else(|| {
                            ctx.fail(ApplyErrorKind::NoSuchSection, None, None, Some(a))
                        })? + 1
                    }
                    (None, Some(b)) => self.section_index(b).ok_or_else(|| {
                        ctx.fail(ApplyErrorKind::NoSuchSection, None, None, Some(b))
                    })?,
                };
                self.sections.insert(
                    at,
                    SectionVersion {
                        id,
                        number: number.clone(),
                        title: title.clone(),
                        source: ctx.source(),
                    },
                );
                self.sections_dirty = true;
                Ok(())
            }
            Operation::RestateSection { section, title, .. } => {
                if title.trim().is_empty() {
                    return Err(ctx.fail(
                        ApplyErrorKind::Invalid("the new title is empty".into()),
                        None,
                        None,
                        Some(section),
                    ));
                }
                let at = self.section_index(section).ok_or_else(|| {
                    ctx.fail(ApplyErrorKind::NoSuchSection, None, None, Some(section))
                })?;
                let s = &mut self.sections[at];
                s.title = title.clone();
                s.source = ctx.source();
                self.sections_dirty = true;
                Ok(())
            }
            Operation::RepealItem { item, .. } => {
                let slot = self.resolve(ctx, item, false)?;
                let status = ItemStatus::Repealed {
                    by: ctx.source(),
                    since: ctx.effective,
                };
                self.touch(slot, ctx).status = status;
                Ok(())
            }
            Operation::ExcludeItem { item, .. } => {
                let slot = self.resolve(ctx, item, true)?;
                let status = ItemStatus::Excluded {
                    by: ctx.source(),
                    since: ctx.effective,
                };
                self.touch(slot, ctx).status = status;
                self.live.remove(item);
                self.gone.insert(item.clone(), slot);
                Ok(())
            }
            Operation::Renumber { from, to, .. } => self.renumber(ctx, from, to),
            Operation::AddFootnote { number, text, .. } => {
                if self.footnotes.iter().any(|f| f.number == *number) {
                    return Err(ctx.fail(ApplyErrorKind::FootnoteExists, None, None, Some(number)));
                }
                let at = self
                    .footnotes
                    .iter()
                    .position(|f| footnote_order(&f.number, number) == Ordering::Greater)
                    .unwrap_or(self.footnotes.len());
                self.footnotes.insert(
                    at,
                    FootnoteVersion {
                        number: number.clone(),
                        text: Arc::from(text.as_str()),
                        source: ctx.source(),
                        reconstructed: false,
                    },
                );
                self.footnotes_dirty = true;
                Ok(())
            }
            Operation::RestateFootnote { number, text, .. } => {
                let source = ctx.source();
                let f = self
                    .footnotes
                    .iter_mut()
                    .find(|f| f.number == *number)
                    .ok_or_else(|| {
                        ctx.fail(ApplyErrorKind::NoSuchFootnote, None, None, Some(number))
                    })?;
                f.text = Arc::from(text.as_str());
                f.source = source;
                f.reconstructed = false;
                self.footnotes_dirty = true;
                Ok(())
            }
            Operation::RemoveFootnote { number, .. } => {
                let at = self
                    .footnotes
                    .iter()
                    .position(|f| f.number == *number)
                    .ok_or_else(|| {
                        ctx.fail(ApplyErrorKind::NoSuchFootnote, None, None, Some(number))
                    })?;
                self.footnotes.remove(at);
                self.footnotes_dirty = true;
                Ok(())
            }
        }
    }

    fn add_item(
        &mut self,
        ctx: &Ctx,
        number: &str,
        id: Option<&str>,
        position: &Position,
        rows: &[Row],
    ) -> Result<(), Refused> {
        if self.live.contains_key(number) {
            return Err(ctx.fail(
                ApplyErrorKind::NumberTaken,
                Some(number),
                None,
                Some(number),
            ));
        }
        let id: Arc<str> = match id {
            Some(id) if self.ids.contains(id) => {
                return Err(ctx.fail(ApplyErrorKind::IdTaken, Some(number), None, Some(id)));
            }
            Some(id) => Arc::from(id),
            None => {
                let base = format!("{number}@{}", ctx.act.number);
                let mut candidate = base.clone();
                let mut n = 2;
                while self.ids.contains(candidate.as_str()) {
                    candidate = format!("{base}#{n}");
                    n += 1;
                }
                Arc::from(candidate)
            }
        };
        let (after, section) = match position {
            Position::After(anchor) => {
                let slot = self.resolve(ctx, anchor, true)?;
                (slot, self.slots[slot as usize].current.section.clone())
            }
            Position::Before(anchor) => {
                let slot = self.resolve(ctx, anchor, true)?;
                (
                    self.prev[slot as usize],
                    self.slots[slot as usize].current.section.clone(),
                )
            }
            Position::EndOfSection(reference) => {
                let target = self.section_index(reference).ok_or_else(|| {
                    ctx.fail(
                        ApplyErrorKind::NoSuchSection,
                        Some(number),
                        None,
                        Some(reference),
                    )
                })?;
                let after = self.end_of_section(target);
                (after, Some(self.sections[target].id.clone()))
            }
            Position::End => {
                let section = (self.tail != NONE)
                    .then(|| self.slots[self.tail as usize].current.section.clone())
                    .flatten();
                (self.tail, section)
            }
        };
        let rows = self.rows(ctx, number, rows)?;
        let slot = self.slots.len() as u32;
        let key = self.section_key(section.as_deref());
        let version = Arc::new(ItemVersion {
            id: id.clone(),
            number: number.to_string(),
            section,
            status: ItemStatus::InForce,
            rows,
        });
        self.slots.push(Slot {
            current: version,
            timeline: Timeline {
                versions: Vec::new(),
                touches: Vec::new(),
            },
            dirty: false,
        });
        self.next.push(NONE);
        self.prev.push(NONE);
        self.section_of.push(key);
        self.link_after(after, slot);
        self.ids.insert(id);
        self.live.insert(number.to_string(), slot);
        self.gone.remove(number);
        self.assign_number(number, slot);
        self.touch(slot, ctx);
        Ok(())
    }

    fn renumber(&mut self, ctx: &Ctx, from: &[String], to: &[String]) -> Result<(), Refused> {
        let invalid = |why: &str| ctx.fail(ApplyErrorKind::Invalid(why.into()), None, None, None);
        if from.len() != to.len() || from.is_empty() {
            return Err(invalid(
                "«считать пунктами» needs as many new numbers as old ones",
            ));
        }
        if from.iter().collect::<HashSet<_>>().len() != from.len()
            || to.iter().collect::<HashSet<_>>().len() != to.len()
        {
            return Err(invalid("a number appears twice in the renumbering"));
        }
        let slots = from
            .iter()
            .map(|n| self.resolve(ctx, n, true))
            .collect::<Result<Vec<_>, _>>()?;
        let moving: HashSet<u32> = slots.iter().copied().collect();
        for number in to {
            if let Some(holder) = self.live.get(number.as_str()) {
                if !moving.contains(holder) {
                    return Err(ctx.fail(
                        ApplyErrorKind::NumberTaken,
                        Some(number),
                        None,
                        Some(number),
                    ));
                }
            }
        }
        for number in from {
            self.live.remove(number.as_str());
        }
        for (slot, number) in slots.iter().zip(to) {
            self.touch(*slot, ctx).number = number.clone();
            self.live.insert(number.clone(), *slot);
            self.gone.remove(number.as_str());
            self.assign_number(number, *slot);
        }
        let taken: HashSet<&String> = to.iter().collect();
        for number in from {
            if !taken.contains(number) {
                self.assign_number(number, NONE);
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    /// The row of a one-cell operation: the one given, or the only one.
    fn cell_row(
        &self,
        ctx: &Ctx,
        slot: u32,
        item: &str,
        row: Option<usize>,
        column: usize,
    ) -> Result<usize, Refused> {
        let rows = self.slots[slot as usize].current.rows.len();
        match row {
            Some(r) => self.row_index(ctx, slot, r),
            None if rows == 1 => Ok(0),
            None => Err(ctx.fail(
                ApplyErrorKind::RowNeeded { rows },
                Some(item),
                Some(self.columns[column].title.clone()),
                None,
            )),
        }
    }

    /// Changes the абзацы (lines) of one cell through `change`; the cell
    /// keeps its reconstructed flag, as with word edits, since the rest of
    /// its text is as it was.
    fn edit_paragraphs(
        &mut self,
        ctx: &Ctx,
        item: &str,
        row: Option<usize>,
        column: &str,
        change: impl FnOnce(&mut Vec<String>) -> Result<(), ApplyErrorKind>,
    ) -> Result<(), Refused> {
        let slot = self.resolve(ctx, item, false)?;
        let column = self.resolve_column(ctx, column, Some(item))?;
        let r = self.cell_row(ctx, slot, item, row, column)?;
        let cells = &self.slots[slot as usize].current.rows[r].cells;
        let at = cells.binary_search_by_key(&column, |c| c.column);
        let (mut lines, reconstructed) = match at {
            Ok(i) => (
                cells[i].text.split('\n').map(str::to_string).collect(),
                cells[i].reconstructed,
            ),
            Err(_) => (Vec::new(), false),
        };
        change(&mut lines).map_err(|kind| {
            ctx.fail(
                kind,
                Some(item),
                Some(self.columns[column].title.clone()),
                None,
            )
        })?;
        let text = lines.join("\n");
        let source = ctx.source();
        let cells = &mut self.touch(slot, ctx).rows[r].cells;
        let cell = CellVersion {
            column,
            text: Arc::from(text.as_str()),
            source,
            reconstructed,
        };
        match at {
            Ok(i) if text.is_empty() => {
                cells.remove(i);
            }
            Ok(i) => cells[i] = cell,
            Err(_) if text.is_empty() => {}
            Err(i) => cells.insert(i, cell),
        }
        Ok(())
    }

    /// Word edits inside a footnote («в сноске 1 слова … заменить …»).
    #[allow(clippy::too_many_arguments)] // the same parameters as edit_words
    fn edit_footnote_words(
        &mut self,
        ctx: &Ctx,
        mark: &str,
        place: &Place,
        needle: Option<&str>,
        occurrence: Occurrence,
        whole_words: bool,
        edit: Edit,
    ) -> Result<(), Refused> {
        let fail = |kind| ctx.fail(kind, None, None, needle.or(Some(mark)));
        if place.column.is_some() || place.row.is_some() {
            return Err(fail(ApplyErrorKind::Invalid(
                "a footnote has no columns or rows".into(),
            )));
        }
        let at = self
            .footnotes
            .iter()
            .position(|f| f.number == mark)
            .ok_or_else(|| ctx.fail(ApplyErrorKind::NoSuchFootnote, None, None, Some(mark)))?;
        let text = &self.footnotes[at].text;
        let within = match place.paragraph {
            None => 0..text.len(),
            Some(n) => paragraph_range(text, n).ok_or_else(|| {
                fail(ApplyErrorKind::NoSuchParagraph {
                    paragraph: n,
                    paragraphs: text.split('\n').count(),
                })
            })?,
        };
        let found: Vec<Range<usize>> = match needle {
            Some(needle) => matching::Needle::new(needle)
                .find(&text[within.clone()], whole_words)
                .into_iter()
                .map(|r| r.start + within.start..r.end + within.start)
                .collect(),
            // One empty range at the start or end: where the words go.
            None if matches!(edit, Edit::Before(_)) => {
                std::iter::once(within.start..within.start).collect()
            }
            None => std::iter::once(within.end..within.end).collect(),
        };
        if found.is_empty() {
            return Err(fail(ApplyErrorKind::WordsNotFound));
        }
        let found = chosen(found, occurrence).map_err(fail)?;
        let new = edited(text, &found, &edit);
        let f = &mut self.footnotes[at];
        f.text = Arc::from(new);
        f.source = ctx.source();
        self.footnotes_dirty = true;
        Ok(())
    }

    fn edit_words(
        &mut self,
        ctx: &Ctx,
        place: &Place,
        needle: Option<&str>,
        occurrence: Occurrence,
        whole_words: bool,
        edit: Edit,
    ) -> Result<(), Refused> {
        let Place {
            targets,
            column,
            row,
            paragraph,
        } = *place;
        let words = needle.map(matching::Needle::new);
        if words.as_ref().is_some_and(|w| w.is_empty()) {
            return Err(ctx.fail(
                ApplyErrorKind::Invalid("the words to find are empty".into()),
                None,
                None,
                needle,
            ));
        }
        let footnote = matches!(targets, Targets::Footnote(_));
        if words.is_none() && ((column.is_none() && !footnote) || occurrence != Occurrence::All) {
            // «дополнить словами» with no anchor adds at the end of one
            // cell: without a column there is no saying which.
            return Err(ctx.fail(
                ApplyErrorKind::Invalid(
                    "words added at the end or start of a cell need the column (and no occurrence)"
                        .into(),
                ),
                None,
                None,
                None,
            ));
        }
        if paragraph == Some(0) {
            return Err(ctx.fail(
                ApplyErrorKind::Invalid("абзацы are counted from 1".into()),
                None,
                None,
                needle,
            ));
        }
        if let Targets::Footnote(mark) = targets {
            return self.edit_footnote_words(
                ctx,
                mark,
                place,
                needle,
                occurrence,
                whole_words,
                edit,
            );
        }
        let column = match column {
            Some(c) => Some(self.resolve_column(ctx, c, None)?),
            None => None,
        };
        let column_title = column.map(|c| self.columns[c].title.clone());
        let slots: Vec<u32> = match targets {
            Targets::Items(numbers) => {
                let mut seen = HashSet::new();
                let mut slots = Vec::with_capacity(numbers.len());
                for n in numbers {
                    let slot = self.resolve(ctx, n, false)?;
                    if seen.insert(slot) {
                        slots.push(slot);
                    }
                }
                slots
            }
            Targets::All => {
                let mut slots = Vec::new();
                let mut at = self.head;
                while at != NONE {
                    if self.slots[at as usize].current.in_force() {
                        slots.push(at);
                    }
                    at = self.next[at as usize];
                }
                slots
            }
            // Handled above, before columns are resolved.
            Targets::Footnote(_) => Vec::new(),
        };
        let explicit = matches!(targets, Targets::Items(_));
        // Find everything first: an operation either applies whole or not at all.
        let mut plan: Vec<(u32, Vec<Match>)> = Vec::new();
        for slot in slots {
            let v = &self.slots[slot as usize].current;
            let rows = match row {
                Some(r) if r == 0 || r > v.rows.len() => {
                    if explicit {
                        return Err(ctx.fail(
                            ApplyErrorKind::NoSuchRow {
                                row: r,
                                rows: v.rows.len(),
                            },
                            Some(&v.number),
                            column_title.clone(),
                            needle,
                        ));
                    }
                    continue;
                }
                Some(r) => r - 1..r,
                None => 0..v.rows.len(),
            };
            let fail = |kind| ctx.fail(kind, Some(&v.number), column_title.clone(), needle);
            let mut found = Vec::new();
            let mut short = None;
            for r in rows {
                for (c, cell) in v.rows[r].cells.iter().enumerate() {
                    if column.is_some_and(|col| col != cell.column) {
                        continue;
                    }
                    let within = match paragraph {
                        None => 0..cell.text.len(),
                        Some(n) => match paragraph_range(&cell.text, n) {
                            Some(range) => range,
                            None => {
                                short = Some(cell.text.split('\n').count());
                                continue;
                            }
                        },
                    };
                    match &words {
                        Some(words) => {
                            for range in words.find(&cell.text[within.clone()], whole_words) {
                                found.push((
                                    r,
                                    c,
                                    range.start + within.start..range.end + within.start,
                                ));
                            }
                        }
                        None if matches!(edit, Edit::Before(_)) => {
                            found.push((r, c, within.start..within.start));
                        }
                        None => found.push((r, c, within.end..within.end)),
                    }
                }
            }
            if words.is_none() && found.len() > 1 {
                return Err(fail(ApplyErrorKind::RowNeeded { rows: v.rows.len() }));
            }
            if let (true, Some(paragraphs), Some(n)) = (found.is_empty(), short, paragraph) {
                if explicit {
                    return Err(fail(ApplyErrorKind::NoSuchParagraph {
                        paragraph: n,
                        paragraphs,
                    }));
                }
                continue;
            }
            if found.is_empty() {
                if explicit && words.is_none() {
                    // Words go at the end of a cell that is not there.
                    return Err(fail(ApplyErrorKind::Invalid(
                        "the cell is empty: there is nothing to add the words to; restate the cell"
                            .into(),
                    )));
                }
                if explicit {
                    return Err(fail(ApplyErrorKind::WordsNotFound));
                }
                continue;
            }
            let found = chosen(found, occurrence).map_err(fail)?;
            plan.push((slot, found));
        }
        if plan.is_empty() {
            return Err(ctx.fail(ApplyErrorKind::WordsNotFound, None, column_title, needle));
        }
        let source = ctx.source();
        for (slot, found) in plan {
            let v = self.touch(slot, ctx);
            // All edits of one cell in one pass: linear in the cell's length
            // however many matches it has.
            let mut i = 0;
            while i < found.len() {
                let (r, c) = (found[i].0, found[i].1);
                let mut j = i;
                while j < found.len() && found[j].0 == r && found[j].1 == c {
                    j += 1;
                }
                let ranges: Vec<Range<usize>> = found[i..j].iter().map(|m| m.2.clone()).collect();
                let cell = &mut v.rows[r].cells[c];
                cell.text = Arc::from(edited(&cell.text, &ranges, &edit));
                cell.source = source;
                // A word edit does not make the rest of a reconstructed
                // cell original: the flag stays.
                i = j;
            }
        }
        Ok(())
    }
}

/// Where a word-level operation looks: the items, and within each the
/// column, row and абзац, when given.
#[derive(Clone, Copy)]
struct Place<'a> {
    targets: &'a Targets,
    column: Option<&'a str>,
    row: Option<usize>,
    paragraph: Option<usize>,
}

/// The matches an occurrence rule picks, or why it cannot.
fn chosen<T>(mut found: Vec<T>, occurrence: Occurrence) -> Result<Vec<T>, ApplyErrorKind> {
    match occurrence {
        Occurrence::All => Ok(found),
        Occurrence::Single if found.len() > 1 => Err(ApplyErrorKind::TooManyMatches {
            found: found.len(),
            allowed: 1,
        }),
        Occurrence::Single => Ok(found),
        Occurrence::Nth(n) if n == 0 || n > found.len() => Err(ApplyErrorKind::NotEnoughMatches {
            wanted: n,
            found: found.len(),
        }),
        Occurrence::Nth(n) => Ok(vec![found.swap_remove(n - 1)]),
    }
}

/// The byte range of the 1-based абзац `n` (line) of `text`.
fn paragraph_range(text: &str, n: usize) -> Option<Range<usize>> {
    let mut start = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i + 1 == n {
            return Some(start..start + line.len());
        }
        start += line.len() + 1;
    }
    None
}

/// The 0-based index of the 1-based абзац `n` among `lines`.
fn paragraph_index(lines: &[String], n: usize) -> Result<usize, ApplyErrorKind> {
    if n == 0 || n > lines.len() {
        return Err(ApplyErrorKind::NoSuchParagraph {
            paragraph: n,
            paragraphs: lines.len(),
        });
    }
    Ok(n - 1)
}

fn starts_with_punctuation(words: &str) -> bool {
    words
        .chars()
        .next()
        .is_some_and(|c| matches!(c, ',' | '.' | ';' | ':' | ')' | '»' | '"' | '!' | '?'))
}

/// Applies one edit at each of `ranges` (ascending, not overlapping).
fn edited(text: &str, ranges: &[Range<usize>], edit: &Edit) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 16);
    let mut at = 0;
    for range in ranges {
        let (start, end) = match edit {
            Edit::Delete => widened(text, range),
            _ => (range.start, range.end),
        };
        let start = start.max(at);
        let end = end.max(start);
        match edit {
            Edit::Replace(to) => {
                out.push_str(&text[at..start]);
                out.push_str(to);
                at = end;
            }
            Edit::After(words) => {
                out.push_str(&text[at..end]);
                // No space at the start of a line or after one already there.
                let prev = text[..end].chars().next_back();
                if !starts_with_punctuation(words) && prev.is_some_and(|c| !c.is_whitespace()) {
                    out.push(' ');
                }
                out.push_str(words);
                at = end;
            }
            Edit::Before(words) => {
                out.push_str(&text[at..start]);
                out.push_str(words);
                if text[start..]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace())
                {
                    out.push(' ');
                }
                at = start;
            }
            Edit::Delete => {
                out.push_str(&text[at..start]);
                at = end;
            }
        }
    }
    out.push_str(&text[at..]);
    out
}

/// The span a deletion removes: the words and one adjoining space, so no
/// double space is left.
fn widened(text: &str, range: &Range<usize>) -> (usize, usize) {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let is_space = |c: Option<char>| c.is_some_and(|c| c == ' ' || c == '\u{a0}');
    if is_space(after) && (before.is_none() || is_space(before)) {
        (range.start, range.end + after.map_or(0, char::len_utf8))
    } else if is_space(before) {
        (range.start - before.map_or(0, char::len_utf8), range.end)
    } else {
        (range.start, range.end)
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // one range is a real case here
mod tests {
    use super::*;

    #[test]
    fn deletion_takes_one_space() {
        assert_eq!(edited("a b c", &[2..3], &Edit::Delete), "a c");
        assert_eq!(edited("a b c", &[4..5], &Edit::Delete), "a b");
        assert_eq!(edited("a b c", &[0..1], &Edit::Delete), "b c");
        assert_eq!(edited("a, b", &[1..4], &Edit::Delete), "a");
        assert_eq!(
            edited("a x a y a", &[0..1, 4..5, 8..9], &Edit::Delete),
            "x y"
        );
    }

    #[test]
    fn insertion_spaces_words_but_not_punctuation() {
        assert_eq!(edited("a c", &[0..1], &Edit::After("b")), "a b c");
        assert_eq!(edited("a c", &[0..1], &Edit::After(", b")), "a, b c");
        assert_eq!(edited("a c", &[2..3], &Edit::Before("b")), "a b c");
        assert_eq!(
            edited("a c a", &[0..1, 4..5], &Edit::Before("b")),
            "b a c b a"
        );
        assert_eq!(edited("a c a", &[0..1, 4..5], &Edit::Replace("x")), "x c x");
    }

    #[test]
    fn footnotes_sort_naturally() {
        let mut marks = vec!["10", "2.2", "*", "2", "2.1", "1"];
        marks.sort_by(|a, b| footnote_order(a, b));
        assert_eq!(marks, ["1", "2", "2.1", "2.2", "10", "*"]);
    }
}
