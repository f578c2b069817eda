//! Applying a diff to a plan document: the older revision's text becomes
//! the newer one's. This is how the diff is tested — compare, apply, and
//! check that nothing was lost — and how a consolidated text can be carried
//! forward by what changed.

use super::{ChangeKind, Diff, ItemChange};
use crate::error::Error;
use crate::plan::{Cell, Footnote, Item, Plan, Row, Section};
use std::collections::HashMap;
use std::sync::Arc;

fn mismatch(message: String) -> Error {
    Error::DiffMismatch { message }
}

impl Diff {
    /// Applies the diff to the older revision's text ([`Revision::to_plan`])
    /// and returns the newer revision's text.
    ///
    /// Items are found by stable id. Every changed cell and footnote is
    /// checked first: its text in `plan` must be the text the diff started
    /// from. The result equals the newer revision's `to_plan()`, except that
    /// differences of spacing and quote style the diff ignored (unless
    /// [`exact_whitespace`](crate::DiffOptions::exact_whitespace)) keep the
    /// older form, and cells whose text did not change keep their
    /// `reconstructed` flag.
    ///
    /// A diff restricted to one item ([`crate::DiffOptions::item`]) applies
    /// to that item only.
    ///
    /// # Errors
    /// [`Error::DiffMismatch`] when `plan` is not the text the diff was
    /// made from: an item, cell, footnote or section is missing or reads
    /// differently.
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
    /// let options = planver::DiffOptions::default().exact_whitespace(true);
    /// let diff = history.diff_with(0, 1, &options)?;
    /// let before = history.revision(0).to_plan();
    /// assert_eq!(diff.apply_to(&before)?, history.revision(1).to_plan());
    /// # Ok(()) }
    /// ```
    ///
    /// [`Revision::to_plan`]: crate::Revision::to_plan
    pub fn apply_to(&self, plan: &Plan) -> Result<Plan, Error> {
        let mut out = plan.clone();
        if self.only_item.is_none() {
            out.title = self.title.clone();
            out.act = self.plan_act.clone();
            out.columns = self.columns[..self.new_columns].to_vec();
            out.effective = Some(self.to.from);
        }
        out.items = self.apply_items(plan)?;
        if self.only_item.is_none() {
            out.footnotes = self.apply_footnotes(&plan.footnotes)?;
            out.sections = self.apply_sections(&plan.sections)?;
        }
        Ok(out)
    }

    fn apply_items(&self, plan: &Plan) -> Result<Vec<Item>, Error> {
        let index: HashMap<&str, usize> = plan
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.id(), i))
            .collect();
        let mut items: Vec<Option<Item>> = plan.items.iter().cloned().map(Some).collect();
        // Items placed anew (added or moved), by the id of the item before them.
        let mut placed: HashMap<Option<Arc<str>>, Item> = HashMap::new();
        for change in &self.items {
            let at = index.get(change.id()).copied();
            let Some(head) = &change.new else {
                let at = at.ok_or_else(|| {
                    mismatch(format!("item \"{}\" is not in the plan", change.number()))
                })?;
                items[at] = None;
                continue;
            };
            let old = match (&change.old, at) {
                (None, _) => None,
                (Some(_), Some(at)) => items[at].take(),
                (Some(_), None) => {
                    return Err(mismatch(format!(
                        "item \"{}\" is not in the plan",
                        change.number()
                    )));
                }
            };
            let item = self.rebuild_item(change, head, old.as_ref())?;
            match (&change.place, at) {
                (Some(after), _) => {
                    placed.insert(after.clone(), item);
                }
                (None, Some(at)) => items[at] = Some(item),
                (None, None) => {
                    return Err(mismatch(format!(
                        "item \"{}\" has no place in the plan",
                        change.number()
                    )));
                }
            }
        }
        let mut out = Vec::with_capacity(items.len() + placed.len());
        let mut emit_chain = |after: Option<Arc<str>>, out: &mut Vec<Item>| {
            let mut key = after;
            while let Some(item) = placed.remove(&key) {
                key = Some(Arc::from(item.id()));
                out.push(item);
            }
        };
        emit_chain(None, &mut out);
        for item in items.into_iter().flatten() {
            let id: Arc<str> = Arc::from(item.id());
            out.push(item);
            emit_chain(Some(id), &mut out);
        }
        if !placed.is_empty() {
            return Err(mismatch(format!(
                "{} added or moved item(s) follow items not in the plan",
                placed.len()
            )));
        }
        Ok(out)
    }

    fn rebuild_item(
        &self,
        change: &ItemChange,
        head: &super::ItemHead,
        old: Option<&Item>,
    ) -> Result<Item, Error> {
        let old_rows: &[Row] = old.map(|i| &i.rows[..]).unwrap_or(&[]);
        let mut rows: Vec<Row> = change
            .rows
            .iter()
            .map(|r| match r {
                Some(r) => old_rows.get(*r as usize).cloned().ok_or_else(|| {
                    mismatch(format!("item \"{}\" has no row {}", change.number(), r + 1))
                }),
                None => Ok(Row::new()),
            })
            .collect::<Result<_, _>>()?;
        for cell in &change.cells {
            let column = &self.columns[cell.column];
            if let Some(r) = cell.old_row {
                let text = old_rows
                    .get(r)
                    .and_then(|row| find_cell(row, &self.columns, cell.column))
                    .map(|(_, c)| c.text.as_str())
                    .unwrap_or("");
                if !super::words::same(text, cell.words.old(), &self.compare()) {
                    return Err(mismatch(format!(
                        "item \"{}\", row {}, column «{}» reads «{}», not «{}»",
                        change.number(),
                        r + 1,
                        column.title,
                        text,
                        cell.words.old()
                    )));
                }
            }
            let Some(r) = cell.new_row else { continue };
            let row = rows.get_mut(r).ok_or_else(|| {
                mismatch(format!("item \"{}\" has no row {}", change.number(), r + 1))
            })?;
            if let Some((key, _)) = find_cell(row, &self.columns, cell.column) {
                let key = key.to_string();
                row.remove(&key);
            }
            if cell.present.1 {
                let mut c = Cell::new(cell.words.new_text());
                c.reconstructed = cell.reconstructed;
                row.insert(column.id.clone(), c);
            }
        }
        Ok(Item {
            id: (*change.id != *head.number).then(|| change.id.to_string()),
            number: head.number.clone(),
            section: head.section.clone(),
            rows,
        })
    }

    fn compare(&self) -> super::words::Compare {
        super::words::Compare {
            exact: self.exact,
            ..Default::default()
        }
    }

    fn apply_footnotes(&self, old: &[Footnote]) -> Result<Vec<Footnote>, Error> {
        let mut out: Vec<Footnote> = Vec::with_capacity(old.len() + self.footnotes.len());
        for f in old {
            let change = self.footnotes.iter().find(|c| c.number == f.number);
            match change.map(|c| (c.kind, c)) {
                None => out.push(f.clone()),
                Some((ChangeKind::Added, _)) => {
                    return Err(mismatch(format!(
                        "footnote «{}» is already in the plan",
                        f.number
                    )));
                }
                Some((kind, c)) => {
                    if !super::words::same(&f.text, c.words.old(), &self.compare()) {
                        return Err(mismatch(format!(
                            "footnote «{}» reads «{}», not «{}»",
                            f.number,
                            f.text,
                            c.words.old()
                        )));
                    }
                    if kind == ChangeKind::Changed {
                        out.push(Footnote {
                            number: f.number.clone(),
                            text: c.words.new_text().to_string(),
                            reconstructed: c.reconstructed,
                        });
                    }
                }
            }
        }
        for c in &self.footnotes {
            if c.kind == ChangeKind::Removed && !old.iter().any(|f| f.number == c.number) {
                return Err(mismatch(format!(
                    "footnote «{}» is not in the plan",
                    c.number
                )));
            }
            if let (ChangeKind::Added, Some(index)) = (c.kind, c.index) {
                out.insert(
                    index.min(out.len()),
                    Footnote {
                        number: c.number.clone(),
                        text: c.words.new_text().to_string(),
                        reconstructed: c.reconstructed,
                    },
                );
            }
        }
        Ok(out)
    }

    fn apply_sections(&self, old: &[Section]) -> Result<Vec<Section>, Error> {
        let mut out: Vec<Section> = Vec::with_capacity(old.len() + self.sections.len());
        for s in old {
            match self.sections.iter().find(|c| c.id == s.id()) {
                None => out.push(s.clone()),
                Some(c) => match (&c.old, &c.new) {
                    (Some(_), Some(new)) => out.push(Section {
                        id: (c.id != new.number).then(|| c.id.clone()),
                        number: new.number.clone(),
                        title: new.title.clone(),
                    }),
                    (Some(_), None) => {}
                    (None, _) => {
                        return Err(mismatch(format!(
                            "section «{}» is already in the plan",
                            s.number
                        )));
                    }
                },
            }
        }
        for c in &self.sections {
            if c.old.is_some() && !old.iter().any(|s| s.id() == c.id) {
                return Err(mismatch(format!("section «{}» is not in the plan", c.id)));
            }
            if let (None, Some(new), Some(index)) = (&c.old, &c.new, c.index) {
                out.insert(
                    index.min(out.len()),
                    Section {
                        id: (c.id != new.number).then(|| c.id.clone()),
                        number: new.number.clone(),
                        title: new.title.clone(),
                    },
                );
            }
        }
        Ok(out)
    }
}

/// The cell of a plan row in a column (rows are keyed by column id, but a
/// hand-written plan may key them by title or number).
fn find_cell<'r>(
    row: &'r Row,
    columns: &[crate::plan::Column],
    column: usize,
) -> Option<(&'r str, &'r Cell)> {
    if let Some((k, c)) = row.get_key_value(columns[column].id.as_str()) {
        return Some((k.as_str(), c));
    }
    row.iter()
        .find(|(k, _)| crate::plan::column_index(columns, k) == Some(column))
        .map(|(k, c)| (k.as_str(), c))
}
