//! The history of a plan: every revision, and the index that answers
//! point-in-time questions without replaying anything.
//!
//! Building a history applies every order once. Each item keeps a timeline
//! of versions, one per revision that changed it; unchanged items are shared
//! between revisions, so memory grows with what changed, not with the number
//! of revisions. A display-number index maps each number to the item that
//! held it from each revision on. "Item 10 on 1 September 2014" is three
//! binary searches and a hash lookup.

use crate::act::Act;
use crate::apply::{self, Mode};
use crate::error::Error;
use crate::order::Order;
use crate::plan::{Column, Plan};
use crate::revision::{
    ActEntry, FootnoteVersion, ItemVersion, Refusal, Revision, RevisionInfo, SectionVersion, Source,
};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// "No slot": the end of a linked list, or a number no item holds.
pub(crate) const NONE: u32 = u32::MAX;

/// One operation's mark on an item: which revision, act and operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Touch {
    pub(crate) rev: u32,
    pub(crate) act: u32,
    pub(crate) op: u32,
}

/// The versions of one item, by revision, and the operations that made them.
#[derive(Debug, Clone)]
pub(crate) struct Timeline {
    pub(crate) versions: Vec<(u32, Arc<ItemVersion>)>,
    pub(crate) touches: Vec<Touch>,
}

/// A plan's base text and amendment orders, applied: every revision, each
/// cell's provenance, and an index for point-in-time queries.
///
/// Orders apply by **effective date, then date signed, then the order in
/// which they were given**; the operations of one order apply in sequence.
/// All orders taking effect on one date make one revision.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let item = history.item_at("10", "2014-09-01".parse().unwrap())?;
/// let responsible = history.column_index("Ответственный исполнитель").unwrap();
/// assert!(item.version().column_text(responsible).contains("Ф.И. Воронин"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct History {
    pub(crate) title: String,
    pub(crate) columns: Vec<Column>,
    pub(crate) acts: Vec<ActEntry>,
    pub(crate) orders: Vec<Order>,
    pub(crate) revisions: Vec<RevisionInfo>,
    pub(crate) items: Vec<Timeline>,
    pub(crate) order: Vec<u32>,
    pub(crate) numbers: HashMap<String, Vec<(u32, u32)>>,
    pub(crate) sections: Vec<(u32, Vec<SectionVersion>)>,
    pub(crate) footnotes: Vec<(u32, Vec<FootnoteVersion>)>,
    pub(crate) refusals: Vec<Refusal>,
    /// For each revision, the slots its orders touched (sorted, unique).
    pub(crate) changed: Vec<Vec<u32>>,
    /// For each slot, its position in `order`.
    pub(crate) rank: Vec<u32>,
}

/// Options for building a [`History`].
///
/// # Example
/// ```
/// use planver::{Mode, Options};
/// let options = Options::default().mode(Mode::Lenient);
/// assert_eq!(options.mode, Mode::Lenient);
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// Strict (the default) or lenient.
    pub mode: Mode,
}

impl Options {
    /// Sets the mode.
    pub fn mode(mut self, mode: Mode) -> Options {
        self.mode = mode;
        self
    }
}

impl History {
    /// Applies `orders` to `plan`, strictly.
    ///
    /// # Errors
    /// [`Error::InvalidPlan`] when the plan breaks a rule of the model,
    /// [`Error::InvalidOrder`] when an order is dated before the plan, and
    /// [`Error::Apply`] for the first operation that cannot apply.
    ///
    /// # Example
    /// ```
    /// # use planver::*;
    /// let plan: Plan = serde_json::from_str(r#"{"title": "План",
    ///   "act": {"kind": "распоряжение", "issuer": "Департамента", "number": "149", "date": "2017-04-03"},
    ///   "columns": [{"id": "deadline", "title": "Срок"}],
    ///   "items": [{"number": "49", "rows": [{"deadline": "2018"}]}]}"#)?;
    /// let order: Order = serde_json::from_str(r#"{
    ///   "act": {"kind": "распоряжение", "issuer": "Департамента", "number": "45", "date": "2018-02-15"},
    ///   "effective": "2018-03-01",
    ///   "operations": [{"op": "repeal_item", "item": "49"}]}"#)?;
    /// let history = History::build(plan, vec![order])?;
    /// assert_eq!(history.revisions().len(), 2);
    /// let item = history.item_at("49", "2018-03-01".parse()?)?;
    /// assert_eq!(item.status_note().as_deref(),
    ///     Some("Пункт 49 утратил силу с 01.03.2018 — распоряжение Департамента от 15.02.2018 № 45"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build(plan: Plan, orders: Vec<Order>) -> Result<History, Error> {
        History::build_with(plan, orders, &Options::default())
    }

    /// Applies `orders` to `plan` with options (lenient mode, say).
    ///
    /// # Errors
    /// As [`History::build`]; in lenient mode, operations that cannot apply
    /// are recorded in [`History::refusals`] instead.
    pub fn build_with(plan: Plan, orders: Vec<Order>, options: &Options) -> Result<History, Error> {
        apply::build(
            plan,
            orders.into_iter().map(|o| (o, None)).collect(),
            options.mode,
            None,
        )
    }

    pub(crate) fn build_from_files(
        plan: Plan,
        plan_path: PathBuf,
        orders: Vec<(Order, PathBuf)>,
        options: &Options,
    ) -> Result<History, Error> {
        apply::build(
            plan,
            orders.into_iter().map(|(o, p)| (o, Some(p))).collect(),
            options.mode,
            Some(plan_path),
        )
    }

    /// The plan's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The plan's columns.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The position of a column named by id, printed title or 1-based number.
    pub fn column_index(&self, reference: &str) -> Option<usize> {
        crate::plan::column_index(&self.columns, reference)
    }

    /// Every act: the approving act first, then the orders in the order of
    /// application.
    pub fn acts(&self) -> &[ActEntry] {
        &self.acts
    }

    /// The act behind a source.
    pub fn act(&self, source: Source) -> &ActEntry {
        &self.acts[source.act]
    }

    /// The order behind an act index (`None` for the base plan's act).
    pub fn order(&self, act: usize) -> Option<&Order> {
        act.checked_sub(1).and_then(|i| self.orders.get(i))
    }

    /// The index of the act with this number («587»); the latest one when
    /// several share it.
    ///
    /// # Errors
    /// [`Error::NoSuchAct`] when none has it.
    pub fn find_act(&self, number: &str) -> Result<usize, Error> {
        self.acts
            .iter()
            .rposition(|a| a.act.number == number)
            .ok_or_else(|| Error::NoSuchAct(number.to_string()))
    }

    /// The note legal databases print after a unit whose wording an order
    /// set: «(в ред. приказа Минтруда России от 29.08.2014 № 587)». `None`
    /// for base wording.
    pub fn edition_note(&self, source: Source) -> Option<String> {
        (!source.is_base()).then(|| self.acts[source.act].act.edition_note())
    }

    /// The list of revisions: the base, then one per effective date.
    pub fn revisions(&self) -> &[RevisionInfo] {
        &self.revisions
    }

    /// Operations refused in lenient mode, in order of application.
    pub fn refusals(&self) -> &[Refusal] {
        &self.refusals
    }

    /// The index of the revision in force on `date`.
    ///
    /// # Errors
    /// [`Error::BeforePlan`] when the plan was not yet in force.
    pub fn revision_index_at(&self, date: NaiveDate) -> Result<usize, Error> {
        match self.revisions.partition_point(|r| r.from <= date) {
            0 => Err(Error::BeforePlan {
                date,
                plan_date: self.revisions[0].from,
            }),
            n => Ok(n - 1),
        }
    }

    /// The whole plan in force on `date`.
    ///
    /// # Errors
    /// [`Error::BeforePlan`] when the plan was not yet in force.
    pub fn revision_at(&self, date: NaiveDate) -> Result<Revision<'_>, Error> {
        Ok(self.revision(self.revision_index_at(date)?))
    }

    /// The revision with this index.
    ///
    /// # Panics
    /// When `index` is not below `revisions().len()`.
    pub fn revision(&self, index: usize) -> Revision<'_> {
        let rev = index as u32;
        let items = self
            .order
            .iter()
            .filter_map(|&slot| self.version_at(slot, rev))
            .filter(|v| !matches!(v.status, crate::ItemStatus::Excluded { .. }))
            .collect();
        Revision {
            history: self,
            info: &self.revisions[index],
            items,
            sections: latest(&self.sections, rev),
            footnotes: latest(&self.footnotes, rev),
        }
    }

    pub(crate) fn version_at(&self, slot: u32, rev: u32) -> Option<&Arc<ItemVersion>> {
        let versions = &self.items[slot as usize].versions;
        match versions.partition_point(|(r, _)| *r <= rev) {
            0 => None,
            n => Some(&versions[n - 1].1),
        }
    }

    fn slot_for(&self, number: &str, rev: u32) -> Option<u32> {
        let entries = self.numbers.get(number)?;
        match entries.partition_point(|(r, _)| *r <= rev) {
            0 => None,
            n => Some(entries[n - 1].1).filter(|&s| s != NONE),
        }
    }

    /// One item as it stood on `date`, answered from the index.
    ///
    /// A repealed or excluded item is returned too: its
    /// [`status_note`](ItemAt::status_note) says so.
    ///
    /// # Errors
    /// [`Error::BeforePlan`], or [`Error::NoSuchItem`] when no item had
    /// that number on that date.
    pub fn item_at(&self, number: &str, date: NaiveDate) -> Result<ItemAt<'_>, Error> {
        let rev = self.revision_index_at(date)? as u32;
        let no_such = || Error::NoSuchItem {
            number: number.to_string(),
            date,
        };
        let slot = self.slot_for(number, rev).ok_or_else(no_such)?;
        let version = self.version_at(slot, rev).ok_or_else(no_such)?;
        Ok(ItemAt {
            history: self,
            slot,
            date,
            revision: &self.revisions[rev as usize],
            version,
        })
    }

    /// Every version of the item that has (or last had) this display
    /// number, oldest first, with the acts that made each.
    ///
    /// # Errors
    /// [`Error::NoSuchItem`] when no item ever had the number.
    pub fn item_log(&self, number: &str) -> Result<Vec<ItemLogEntry<'_>>, Error> {
        let slot = self
            .numbers
            .get(number)
            .and_then(|e| e.iter().rev().map(|(_, s)| *s).find(|&s| s != NONE))
            .ok_or_else(|| Error::NoSuchItem {
                number: number.to_string(),
                date: self.revisions[self.revisions.len() - 1].from,
            })?;
        let timeline = &self.items[slot as usize];
        Ok(timeline
            .versions
            .iter()
            .map(|(rev, version)| {
                let mut acts: Vec<(usize, usize)> = timeline
                    .touches
                    .iter()
                    .filter(|t| t.rev == *rev)
                    .map(|t| (t.act as usize, t.op as usize))
                    .collect();
                acts.dedup();
                ItemLogEntry {
                    revision: &self.revisions[*rev as usize],
                    version,
                    operations: acts,
                }
            })
            .collect())
    }

    /// Orders signed on or before `date` that take effect after it: the
    /// changes pending on that date (indices into [`History::acts`]).
    pub fn pending_at(&self, date: NaiveDate) -> Vec<usize> {
        self.acts
            .iter()
            .enumerate()
            .filter(|(_, a)| !a.is_base && a.act.date <= date && a.effective > date)
            .map(|(i, _)| i)
            .collect()
    }

    /// The number of item versions stored: a measure of how much the
    /// history shares (a full copy per revision would store
    /// `items × revisions`).
    pub fn stored_versions(&self) -> usize {
        self.items.iter().map(|t| t.versions.len()).sum()
    }
}

impl History {
    /// The items that changed between two revisions, as pairs of (version
    /// in `from`, version in `to`), in document order. An item added after
    /// `from` has no old version. Costs time in proportion to what changed,
    /// not to the size of the plan: each revision records what it touched.
    ///
    /// Pairs whose versions are equal (changed and changed back) are left
    /// out.
    ///
    /// # Panics
    /// When either index is not below `revisions().len()`.
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
    /// let changed = history.items_changed(0, 1);
    /// let numbers: Vec<&str> = changed.iter().map(|(_, new)| new.unwrap().number.as_str()).collect();
    /// assert_eq!(numbers, ["1", "2", "3", "4", "10", "11", "13"]);
    /// # Ok(()) }
    /// ```
    pub fn items_changed(
        &self,
        from: usize,
        to: usize,
    ) -> Vec<(Option<&ItemVersion>, Option<&ItemVersion>)> {
        let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
        let mut slots: Vec<u32> = self.changed[lo + 1..=hi]
            .iter()
            .flatten()
            .copied()
            .collect();
        slots.sort_unstable_by_key(|&s| self.rank[s as usize]);
        slots.dedup();
        slots
            .into_iter()
            .filter_map(|slot| {
                let old = self.version_at(slot, from as u32).map(|v| &**v);
                let new = self.version_at(slot, to as u32).map(|v| &**v);
                (old != new).then_some((old, new))
            })
            .collect()
    }
}

fn latest<T>(timeline: &[(u32, Vec<T>)], rev: u32) -> &[T] {
    match timeline.partition_point(|(r, _)| *r <= rev) {
        0 => &[],
        n => &timeline[n - 1].1,
    }
}

/// One item on one date: its version, the revision, and what is pending.
#[derive(Debug, Clone, Copy)]
pub struct ItemAt<'h> {
    history: &'h History,
    slot: u32,
    date: NaiveDate,
    revision: &'h RevisionInfo,
    version: &'h Arc<ItemVersion>,
}

impl<'h> ItemAt<'h> {
    /// The item's version in force on the date.
    pub fn version(&self) -> &'h ItemVersion {
        self.version
    }

    /// The revision in force on the date.
    pub fn revision(&self) -> &'h RevisionInfo {
        self.revision
    }

    /// The date asked for.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// For a repealed or excluded item, the note legal databases print:
    /// «Пункт 49 утратил силу с 01.03.2018 — распоряжение … № 45».
    pub fn status_note(&self) -> Option<String> {
        self.history.status_note(self.version)
    }

    /// Changes to this item signed on or before the date but taking effect
    /// after it: `(act index, 0-based operation)` pairs.
    pub fn pending(&self) -> Vec<Pending<'h>> {
        let h = self.history;
        let mut out: Vec<Pending<'h>> = Vec::new();
        for t in &h.items[self.slot as usize].touches {
            let entry = &h.acts[t.act as usize];
            if entry.act.date <= self.date && entry.effective > self.date {
                out.push(Pending {
                    act: t.act as usize,
                    operation: t.op as usize,
                    act_entry: entry,
                });
            }
        }
        out
    }
}

/// A change signed but not yet in force on the date asked.
#[derive(Debug, Clone, Copy)]
pub struct Pending<'h> {
    /// Index into [`History::acts`].
    pub act: usize,
    /// The 0-based operation within the order.
    pub operation: usize,
    /// The act and its effective date.
    pub act_entry: &'h ActEntry,
}

/// One version in an item's history.
#[derive(Debug, Clone)]
pub struct ItemLogEntry<'h> {
    /// The revision from which this version is in force.
    pub revision: &'h RevisionInfo,
    /// The version.
    pub version: &'h ItemVersion,
    /// The `(act index, 0-based operation)` pairs that made it; empty for
    /// the base version.
    pub operations: Vec<(usize, usize)>,
}

impl History {
    /// For a repealed or excluded item version, the note legal databases
    /// print: «Пункт 49 утратил силу с 01.03.2018 — распоряжение … № 45».
    pub fn status_note(&self, version: &ItemVersion) -> Option<String> {
        status_note(self, version)
    }
}

fn status_note(history: &History, version: &ItemVersion) -> Option<String> {
    let (verb, by, since) = match version.status {
        crate::ItemStatus::InForce => return None,
        crate::ItemStatus::Repealed { by, since } => ("утратил силу", by, since),
        crate::ItemStatus::Excluded { by, since } => ("исключен", by, since),
    };
    let act: &Act = &history.acts[by.act].act;
    Some(format!(
        "Пункт {} {verb} с {} — {act}",
        version.number,
        crate::format_date(since)
    ))
}

impl History {
    /// The revision's whole text as a plan document. See [`Revision::to_plan`].
    pub fn plan_at(&self, date: NaiveDate) -> Result<Plan, Error> {
        Ok(self.revision_at(date)?.to_plan())
    }
}

/// Helpers for comparing revisions ([`crate::Diff`]): what changed between
/// two revisions, in time proportional to the change.
impl History {
    /// The slots touched by the orders of revisions `lo + 1 ..= hi` (in
    /// either direction), in document order, each once.
    pub(crate) fn changed_slots(&self, from: usize, to: usize) -> Vec<u32> {
        let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
        let mut slots: Vec<u32> = self.changed[lo + 1..=hi]
            .iter()
            .flatten()
            .copied()
            .collect();
        slots.sort_unstable_by_key(|&s| self.rank[s as usize]);
        slots.dedup();
        slots
    }

    /// The operations that touched a slot in revisions `lo + 1 ..= hi`, as
    /// `(act, operation)` pairs in order of application.
    pub(crate) fn touches_between(&self, slot: u32, from: usize, to: usize) -> Vec<(usize, usize)> {
        let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
        let touches = &self.items[slot as usize].touches;
        let start = touches.partition_point(|t| (t.rev as usize) <= lo);
        let end = touches.partition_point(|t| (t.rev as usize) <= hi);
        touches[start..end]
            .iter()
            .map(|t| (t.act as usize, t.op as usize))
            .collect()
    }

    /// The slot holding a display number in a revision.
    pub(crate) fn slot_for_number(&self, number: &str, rev: usize) -> Option<u32> {
        self.slot_for(number, rev as u32)
    }

    /// The position of a slot in document order.
    pub(crate) fn rank_of(&self, slot: u32) -> u32 {
        self.rank[slot as usize]
    }

    /// The item listed right before `slot` in revision `rev` (skipping
    /// excluded items and items not yet added), if any.
    pub(crate) fn listed_before(&self, slot: u32, rev: usize) -> Option<&ItemVersion> {
        let rank = self.rank[slot as usize] as usize;
        self.order[..rank].iter().rev().find_map(|&s| {
            self.version_at(s, rev as u32)
                .map(|v| &**v)
                .filter(|v| !matches!(v.status, crate::ItemStatus::Excluded { .. }))
        })
    }

    /// The sections in force in revision `rev`.
    pub(crate) fn sections_at(&self, rev: usize) -> &[SectionVersion] {
        latest(&self.sections, rev as u32)
    }

    /// The footnotes in force in revision `rev`.
    pub(crate) fn footnotes_at(&self, rev: usize) -> &[FootnoteVersion] {
        latest(&self.footnotes, rev as u32)
    }
}
