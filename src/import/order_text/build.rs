//! From clauses to operations: what each formula does to which unit, with
//! targets and columns checked against a plan when one is given.

use super::grammar::{Clause, Link, Phrase, Ref, RefAt, Role, Unit, Verb};
use super::quotes::Quote;
use super::source::Notes;
use super::table;
use crate::matching::normalize;
use crate::operation::{Anchor, Occurrence, Operation, Position, Targets};
use crate::plan::{Plan, Row};
use std::ops::Range;

/// A column as a formula names it: by title or by number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ColRef {
    pub(super) text: String,
    pub(super) span: Range<usize>,
    pub(super) by_number: bool,
}

/// Where a formula acts, as far as its address says. Coarser levels
/// (items, sections, positions, «по всему тексту», footnotes, the title)
/// come first; then sub-items, rows, columns, абзацы, sentences.
#[derive(Debug, Clone, Default)]
pub(super) struct Loc {
    pub(super) items: Option<Vec<(String, Range<usize>)>>,
    pub(super) sections: Option<Vec<RefAt>>,
    pub(super) position: Option<RefAt>,
    pub(super) all: Option<Range<usize>>,
    pub(super) footnotes: Option<Vec<(String, Range<usize>)>>,
    pub(super) title: Option<Range<usize>>,
    pub(super) sub: Option<Vec<RefAt>>,
    pub(super) rows: Option<Vec<(usize, Range<usize>)>>,
    pub(super) columns: Option<Vec<ColRef>>,
    /// Абзацы (lines of a cell or footnote), 1-based, as named.
    pub(super) paragraph: Option<Vec<(usize, Range<usize>)>>,
    /// «в предложении втором»: no operation addresses a sentence.
    pub(super) sentence: Option<(u32, Range<usize>)>,
    /// The order amends an act («Внести в распоряжение …»): units that are
    /// not said to be in its appendix are the act's own.
    pub(super) in_act: bool,
    /// The plan or its appendix is named here or in an enclosing point.
    pub(super) in_plan: bool,
}

impl Loc {
    fn coarse(&self) -> bool {
        self.items.is_some()
            || self.sections.is_some()
            || self.position.is_some()
            || self.footnotes.is_some()
            || self.title.is_some()
    }

    /// True when the address names nothing.
    pub(super) fn is_empty(&self) -> bool {
        !self.coarse()
            && self.all.is_none()
            && self.sub.is_none()
            && self.rows.is_none()
            && self.columns.is_none()
            && self.paragraph.is_none()
            && self.sentence.is_none()
    }

    /// Fills what this address leaves out from an enclosing one: the levels
    /// coarser than the coarsest it names.
    pub(super) fn inherit(mut self, outer: &Loc) -> Loc {
        let level = if self.coarse() {
            0
        } else if self.sub.is_some() {
            1
        } else if self.rows.is_some() {
            2
        } else if self.columns.is_some() {
            3
        } else if self.paragraph.is_some() {
            4
        } else if self.sentence.is_some() {
            5
        } else {
            6
        };
        if level > 0 && !self.coarse() {
            self.items = outer.items.clone();
            self.sections = outer.sections.clone();
            self.position = outer.position.clone();
            self.footnotes = outer.footnotes.clone();
            self.title = outer.title.clone();
            if self.all.is_none() {
                self.all = outer.all.clone();
            }
        }
        if level > 1 && self.sub.is_none() {
            self.sub = outer.sub.clone();
        }
        if level > 2 && self.rows.is_none() {
            self.rows = outer.rows.clone();
        }
        if level > 3 && self.columns.is_none() {
            self.columns = outer.columns.clone();
        }
        if level > 4 && self.paragraph.is_none() {
            self.paragraph = outer.paragraph.clone();
        }
        if level > 5 && self.sentence.is_none() {
            self.sentence = outer.sentence.clone();
        }
        self.in_act |= outer.in_act;
        self.in_plan |= outer.in_plan;
        self
    }
}

/// Marks a section's number in [`Builder::added`].
const SECTION_MARK: char = '§';

/// Marks a footnote's mark in [`Builder::added`].
const FOOTNOTE_MARK: char = '¶';

/// Where a new section goes: after one section, right before one, or
/// (neither) at the end.
struct SectionPlace {
    after: Option<String>,
    before: Option<String>,
}

/// A problem: the bytes it concerns and what is wrong.
type Fail = (Range<usize>, String);

/// Where a word-level change applies: items (or all, or a footnote),
/// column, row, абзац.
type WordTarget = (Targets, Option<String>, Option<usize>, Option<usize>);

/// Builds operations from clauses.
pub(super) struct Builder<'b, 's, 'a> {
    pub(super) text: &'b str,
    pub(super) quotes: &'b [Quote],
    pub(super) plan: Option<&'b Plan>,
    pub(super) notes: &'b mut Notes<'s, 'a>,
    /// Items added so far by this order, and sections and footnotes,
    /// marked with [`SECTION_MARK`] and [`FOOTNOTE_MARK`] before the
    /// number so that they are not taken for items.
    pub(super) added: Vec<String>,
}

fn expand(a: &str, b: &str) -> Result<Vec<String>, String> {
    let (pa, la) = a.rsplit_once('.').map_or(("", a), |(p, l)| (p, l));
    let (pb, lb) = b.rsplit_once('.').map_or(("", b), |(p, l)| (p, l));
    let (Ok(x), Ok(y)) = (la.parse::<u32>(), lb.parse::<u32>()) else {
        return Err(format!("the range «{a}–{b}» is not of numbers"));
    };
    if pa != pb || y < x || y - x > 500 {
        return Err(format!("the range «{a}–{b}» cannot be counted out"));
    }
    Ok((x..=y)
        .map(|n| {
            if pa.is_empty() {
                n.to_string()
            } else {
                format!("{pa}.{n}")
            }
        })
        .collect())
}

impl<'b, 's, 'a> Builder<'b, 's, 'a> {
    fn quote_text(&self, q: usize) -> &'b str {
        self.quotes
            .get(q)
            .map_or("", |quote| &self.text[quote.inner.clone()])
    }

    fn fail(&mut self, clause: &Clause, (at, message): Fail) {
        self.notes.error(at, clause.span.clone(), message);
    }

    /// Numbers of a numbered unit's references, ranges counted out.
    fn numbers(&self, refs: &[RefAt]) -> Result<Vec<(String, Range<usize>)>, Fail> {
        let mut out = Vec::new();
        for r in refs {
            match &r.r {
                Ref::Num(n) => out.push((n.clone(), r.span.clone())),
                Ref::Range(a, b) => {
                    for n in expand(a, b).map_err(|m| (r.span.clone(), m))? {
                        out.push((n, r.span.clone()));
                    }
                }
                Ref::Roman(n) => out.push((n.clone(), r.span.clone())),
                Ref::Quote(q) => {
                    let t = self.quote_text(*q).trim();
                    out.push((t.to_string(), r.span.clone()));
                }
                Ref::Ordinal(n) => out.push((n.to_string(), r.span.clone())),
                Ref::About(_) => {
                    return Err((r.span.clone(), "a position here is not understood".into()));
                }
            }
        }
        Ok(out)
    }

    /// The address the links of a phrase name.
    pub(super) fn loc(&self, links: &[Link]) -> Result<Loc, Fail> {
        let mut loc = Loc::default();
        for link in links {
            let twice = || {
                (
                    link.span.clone(),
                    format!("«{}» is named twice in one address", link.unit.name()),
                )
            };
            match link.unit {
                Unit::Item => {
                    if loc.items.is_some() {
                        return Err(twice());
                    }
                    let numbers = self.numbers(&link.refs)?;
                    if numbers.is_empty() {
                        return Err((
                            link.span.clone(),
                            "which item? no number after «пункт»".into(),
                        ));
                    }
                    loc.items = Some(numbers);
                }
                Unit::SubItem => {
                    if loc.sub.is_some() {
                        return Err(twice());
                    }
                    if link.refs.is_empty() {
                        return Err((
                            link.span.clone(),
                            "which sub-item? no number after «подпункт»".into(),
                        ));
                    }
                    loc.sub = Some(link.refs.clone());
                }
                Unit::Row => {
                    if loc.rows.is_some() {
                        return Err(twice());
                    }
                    let mut rows = Vec::new();
                    for (n, span) in self.numbers(&link.refs)? {
                        let Ok(r) = n.parse::<usize>() else {
                            return Err((span, format!("row «{n}» is not a row number")));
                        };
                        rows.push((r, span));
                    }
                    if rows.is_empty() {
                        return Err((
                            link.span.clone(),
                            "which row? no number after «строка»".into(),
                        ));
                    }
                    loc.rows = Some(rows);
                }
                Unit::Column => {
                    if loc.columns.is_some() {
                        return Err(twice());
                    }
                    let mut cols = Vec::new();
                    for r in &link.refs {
                        let (text, by_number) = match &r.r {
                            Ref::Quote(q) => (self.quote_text(*q).trim().to_string(), false),
                            Ref::Num(n) => (n.clone(), true),
                            Ref::Ordinal(n) => (n.to_string(), true),
                            Ref::Range(a, b) => {
                                for n in expand(a, b).map_err(|m| (r.span.clone(), m))? {
                                    cols.push(ColRef {
                                        text: n,
                                        span: r.span.clone(),
                                        by_number: true,
                                    });
                                }
                                continue;
                            }
                            _ => {
                                return Err((
                                    r.span.clone(),
                                    "a column is named by its title in quotes or by its number"
                                        .into(),
                                ));
                            }
                        };
                        cols.push(ColRef {
                            text,
                            span: r.span.clone(),
                            by_number,
                        });
                    }
                    if cols.is_empty() {
                        return Err((
                            link.span.clone(),
                            "which column? no title or number after «графа»".into(),
                        ));
                    }
                    loc.columns = Some(cols);
                }
                Unit::Paragraph => {
                    if loc.paragraph.is_some() {
                        return Err(twice());
                    }
                    let mut paragraphs = Vec::new();
                    for (n, span) in self.numbers(&link.refs)? {
                        match n.parse::<usize>() {
                            Ok(0) => {
                                return Err((span, "абзацы are counted from 1".into()));
                            }
                            Ok(p) => paragraphs.push((p, span)),
                            Err(_) => {
                                return Err((span, format!("«{n}» is not an абзац's number")));
                            }
                        }
                    }
                    if paragraphs.is_empty() {
                        return Err((
                            link.span.clone(),
                            "which абзац? name it, as «абзац второй»".into(),
                        ));
                    }
                    loc.paragraph = Some(paragraphs);
                }
                Unit::Sentence => {
                    let which = || {
                        (
                            link.span.clone(),
                            "which предложение? name one, as «предложение второе»".to_string(),
                        )
                    };
                    let n = match link.refs.as_slice() {
                        [
                            RefAt {
                                r: Ref::Ordinal(n),
                                span,
                            },
                        ] => (*n, span.clone()),
                        [
                            RefAt {
                                r: Ref::Num(s),
                                span,
                            },
                        ] => match s.parse() {
                            Ok(n) => (n, span.clone()),
                            Err(_) => return Err(which()),
                        },
                        _ => return Err(which()),
                    };
                    loc.sentence = Some(n);
                }
                Unit::Position => match link.refs.first() {
                    Some(r) => loc.position = Some(r.clone()),
                    None => {
                        return Err((
                            link.span.clone(),
                            "which position? «позиция, касающаяся …» names it".into(),
                        ));
                    }
                },
                Unit::Footnote => {
                    let marks = self.numbers(&link.refs)?;
                    loc.footnotes = Some(marks);
                }
                Unit::Section => {
                    if link.refs.is_empty() {
                        return Err((
                            link.span.clone(),
                            "which section? no number or title after «раздел»".into(),
                        ));
                    }
                    loc.sections = Some(link.refs.clone());
                }
                Unit::Title => loc.title = Some(link.span.clone()),
                Unit::Text | Unit::Plan | Unit::Appendix => loc.all = Some(link.span.clone()),
                Unit::Words | Unit::Digits | Unit::Numbers | Unit::Letters => {
                    return Err((
                        link.span.clone(),
                        "quoted words cannot be an address".into(),
                    ));
                }
            }
        }
        Ok(loc)
    }

    /// The address of a clause: its address phrases, «по всему тексту», and
    /// what the enclosing points and earlier clauses say.
    pub(super) fn clause_loc(&self, clause: &Clause, outer: &Loc) -> Result<Loc, Fail> {
        let links: Vec<Link> = clause
            .with_role(Role::Address)
            .flat_map(|p| p.links.iter().cloned())
            .collect();
        let mut loc = self.loc(&links)?;
        if let Some(all) = &clause.all {
            loc.all = Some(all.clone());
        }
        loc.in_plan = clause.names_plan;
        Ok(loc.inherit(outer))
    }

    /// Builds the operations of one clause. Returns the clause's address,
    /// for the clauses after it.
    pub(super) fn clause(
        &mut self,
        clause: &Clause,
        outer: &Loc,
        prev_verb: Option<Verb>,
        point: Option<&str>,
        out: &mut Vec<Operation>,
    ) -> (Option<Loc>, Option<Verb>) {
        let in_act = outer.in_act || clause.act_text.is_some();
        if in_act && !outer.in_plan && !clause.names_plan && clause.verb.is_some() {
            self.notes.warning(
                clause.span.clone(),
                clause.span.clone(),
                "this changes the text of the act itself, not the plan in its appendix: not read as a change of the plan",
            );
            return (None, None);
        }
        if let Some(first) = clause.unknown.first() {
            let word = self.text[first.clone()].to_string();
            self.notes.error(
                first.clone(),
                clause.span.clone(),
                format!("not understood: «{word}» does not fit the formula"),
            );
            return (None, None);
        }
        if let Some(at) = &clause.names_act {
            self.notes.warning(
                at.clone(),
                clause.span.clone(),
                "this repeals another act, not a unit of the plan: ignored",
            );
            return (None, None);
        }
        let loc = match self.clause_loc(clause, outer) {
            Ok(l) => l,
            Err(f) => {
                self.fail(clause, f);
                return (None, None);
            }
        };
        if let Some(at) = &clause.numbered_appendix {
            self.notes.assume(
                at.clone(),
                clause.span.clone(),
                "the appendix named by number is taken to be the plan",
            );
        }
        let verb = match (clause.verb.as_ref(), prev_verb) {
            (Some((v, _)), _) => *v,
            (None, Some(v))
                if clause.dash || clause.phrases.iter().any(|p| p.role == Role::Instrument) =>
            {
                v
            }
            (None, _) => {
                let only_address = clause.phrases.iter().all(|p| p.role == Role::Address)
                    && clause.content.is_empty();
                if only_address {
                    // «В пункте 5:» — an address for the points under it.
                    return (Some(loc), prev_verb);
                }
                self.notes.error(
                    clause.span.clone(),
                    clause.span.clone(),
                    "no verb: the formula says neither заменить, исключить, изложить, дополнить, признать утратившим силу nor считать",
                );
                return (None, None);
            }
        };
        let before = out.len();
        let result = match verb {
            Verb::Replace => self.replace(clause, &loc, out),
            Verb::Exclude => self.exclude(clause, &loc, out),
            Verb::Restate => self.restate(clause, &loc, out),
            Verb::Add => self.add(clause, &loc, out),
            Verb::Repeal => self.repeal(clause, &loc, out),
            Verb::Renumber => self.renumber(clause, &loc, out),
        };
        if let Err(f) = result {
            out.truncate(before);
            self.fail(clause, f);
            return (Some(loc), Some(verb));
        }
        if let Some(p) = point {
            for op in &mut out[before..] {
                set_point(op, p);
            }
        }
        (Some(loc), Some(verb))
    }

    fn quotes_of(&self, phrases: &[&Phrase]) -> Vec<(String, Range<usize>)> {
        phrases
            .iter()
            .flat_map(|p| p.head().refs.iter())
            .filter_map(|r| match r.r {
                Ref::Quote(q) => Some((self.quote_text(q).to_string(), r.span.clone())),
                _ => None,
            })
            .collect()
    }

    fn word_objects(&self, clause: &Clause) -> Vec<(String, Range<usize>)> {
        let phrases: Vec<&Phrase> = clause
            .phrases
            .iter()
            .filter(|p| matches!(p.role, Role::Object | Role::Instead) && p.head().unit.is_words())
            .collect();
        self.quotes_of(&phrases)
    }

    fn word_instruments(&self, clause: &Clause) -> Vec<(String, Range<usize>)> {
        let phrases: Vec<&Phrase> = clause
            .with_role(Role::Instrument)
            .filter(|p| p.head().unit.is_words())
            .collect();
        let mut out = self.quotes_of(&phrases);
        for r in &clause.plain_to {
            if let Ref::Quote(q) = r.r {
                out.push((self.quote_text(q).to_string(), r.span.clone()));
            }
        }
        if out.is_empty() && !phrases.is_empty() {
            // «заменить словами следующего содержания: «…»»
            for &q in &clause.content {
                out.push((self.quote_text(q).to_string(), self.quotes[q].span()));
            }
        }
        out
    }

    fn substring(clause: &Clause) -> bool {
        clause.phrases.iter().any(|p| {
            p.head().unit == Unit::Letters
                && matches!(
                    p.role,
                    Role::Object | Role::Instead | Role::After | Role::Before
                )
        })
    }

    /// The targets of a word-level change: items (or all, or a footnote),
    /// column, row, абзац.
    fn word_targets(
        &mut self,
        clause: &Clause,
        loc: &Loc,
    ) -> Result<(Vec<WordTarget>, Option<Occurrence>), Fail> {
        if let Some(t) = &loc.title {
            return Err((
                t.clone(),
                "words inside a title (наименование) have no operation: restate the title («наименование раздела II изложить в следующей редакции: «…»»)".into(),
            ));
        }
        let paragraphs: Vec<Option<usize>> = match &loc.paragraph {
            Some(p) => p.iter().map(|(n, _)| Some(*n)).collect(),
            None => vec![None],
        };
        if let Some(marks) = &loc.footnotes {
            // A footnote has no items, rows or columns to narrow it down.
            let other = loc
                .columns
                .as_ref()
                .and_then(|c| c.first().map(|c| c.span.clone()))
                .or_else(|| {
                    loc.rows
                        .as_ref()
                        .and_then(|r| r.first().map(|r| r.1.clone()))
                })
                .or_else(|| {
                    loc.items
                        .as_ref()
                        .and_then(|i| i.first().map(|i| i.1.clone()))
                });
            if let Some(at) = other {
                return Err((
                    at,
                    "a footnote has no items, rows or columns: name the footnote alone («в сноске 1 слова …»)".into(),
                ));
            }
            let mut out = Vec::new();
            for (mark, span) in marks {
                self.check_footnote(mark, span.clone(), clause);
                for p in &paragraphs {
                    out.push((Targets::Footnote(mark.clone()), None, None, *p));
                }
            }
            return Ok((out, self.sentence_occurrence(clause, loc)));
        }
        let mut pairs: Vec<(String, Option<usize>)> = Vec::new();
        let mut all = false;
        if let Some(items) = &loc.items {
            for (n, span) in items {
                match &loc.sub {
                    Some(subs) => {
                        for s in subs {
                            pairs.push(self.sub_item(n, s)?);
                        }
                    }
                    None => {
                        self.check_item(n, span.clone(), clause);
                        pairs.push((n.clone(), None));
                    }
                }
            }
        } else if let Some(p) = &loc.position {
            let (item, row) = self.position(p)?;
            pairs.push((item, row));
        } else if let Some(sections) = &loc.sections {
            for n in self.section_items(sections)? {
                pairs.push((n, None));
            }
        } else if loc.all.is_some() {
            all = true;
        } else {
            return Err((
                clause.span.clone(),
                "the formula does not say where: no item, position, footnote or «по всему тексту»"
                    .into(),
            ));
        }
        let rows: Vec<Option<usize>> = match &loc.rows {
            Some(rows) => rows.iter().map(|(r, _)| Some(*r)).collect(),
            None => vec![None],
        };
        let columns: Vec<Option<String>> = match &loc.columns {
            Some(cols) => {
                let mut out = Vec::new();
                for c in cols {
                    out.push(Some(self.column(c, clause)?));
                }
                out
            }
            None => vec![None],
        };
        let mut occurrence = self.sentence_occurrence(clause, loc);
        if let (Some(named), None) = (&loc.paragraph, &loc.columns) {
            // An абзац is a line of a cell; without a column, the line of
            // that number in any cell of the item. The words must then be
            // found once, so that they cannot change in another cell.
            let at = named.first().map_or(clause.span.clone(), |p| p.1.clone());
            self.notes.assume(
                at,
                clause.span.clone(),
                "no column is named: the абзац is looked for in every cell of the item, and the words must occur there once",
            );
            occurrence = Some(Occurrence::Single);
        }
        let mut out = Vec::new();
        for column in &columns {
            for p in &paragraphs {
                if all {
                    for row in &rows {
                        out.push((Targets::All, column.clone(), *row, *p));
                    }
                    continue;
                }
                // Group items by row.
                let mut groups: Vec<(Option<usize>, Vec<String>)> = Vec::new();
                for (item, own_row) in &pairs {
                    for row in &rows {
                        let row = own_row.or(*row);
                        match groups.iter_mut().find(|(r, _)| *r == row) {
                            Some((_, items)) => {
                                if !items.contains(item) {
                                    items.push(item.clone());
                                }
                            }
                            None => groups.push((row, vec![item.clone()])),
                        }
                    }
                }
                for (row, items) in groups {
                    out.push((Targets::Items(items), column.clone(), row, *p));
                }
            }
        }
        Ok((out, occurrence))
    }

    /// «в предложении втором»: no operation addresses a sentence, so the
    /// change applies to the whole unit and the words must occur there once.
    fn sentence_occurrence(&mut self, clause: &Clause, loc: &Loc) -> Option<Occurrence> {
        loc.sentence.as_ref().map(|(n, span)| {
            self.notes.assume(
                span.clone(),
                clause.span.clone(),
                format!("operations do not address a sentence: the change applies to the whole unit and the words must occur there once (sentence {n})"),
            );
            Occurrence::Single
        })
    }

    fn replace(
        &mut self,
        clause: &Clause,
        loc: &Loc,
        out: &mut Vec<Operation>,
    ) -> Result<(), Fail> {
        // «Пункт 5 слово «A» заменить …»: the unit named first is the address.
        let loc = &self.object_loc(clause, loc)?;
        let froms = self.word_objects(clause);
        let tos = self.word_instruments(clause);
        if froms.is_empty() {
            return Err((
                clause.span.clone(),
                "which words? no quoted words to replace («слова «…»»)".into(),
            ));
        }
        if tos.is_empty() {
            return Err((
                clause.span.clone(),
                "replace with what? no quoted new words («словами «…»»)".into(),
            ));
        }
        let substring = Self::substring(clause);
        let (targets, occurrence) = self.word_targets(clause, loc)?;
        let occurrence = self.nth(clause).or(occurrence).unwrap_or_default();
        let item_count = match &targets.first() {
            Some((Targets::Items(items), _, _, _)) => items.len(),
            _ => 0,
        };
        // Per-item replacements: «в пунктах 3 и 5 слово «A» заменить
        // соответственно словами «B» и «C»».
        if clause.respectively
            && froms.len() == 1
            && tos.len() > 1
            && tos.len() == item_count
            && targets.len() == 1
        {
            let (Targets::Items(items), column, row, paragraph) = &targets[0] else {
                return Err((
                    clause.span.clone(),
                    "«соответственно» pairs nothing here".into(),
                ));
            };
            for (item, (to, _)) in items.iter().zip(&tos) {
                out.push(Operation::ReplaceWords {
                    point: None,
                    items: Targets::Items(vec![item.clone()]),
                    column: column.clone(),
                    row: *row,
                    paragraph: *paragraph,
                    from: froms[0].0.clone(),
                    to: to.clone(),
                    occurrence,
                    substring,
                });
            }
            return Ok(());
        }
        let pairs = pair(&froms, &tos, clause)?;
        for (items, column, row, paragraph) in &targets {
            for (from, to) in &pairs {
                out.push(Operation::ReplaceWords {
                    point: None,
                    items: items.clone(),
                    column: column.clone(),
                    row: *row,
                    paragraph: *paragraph,
                    from: from.clone(),
                    to: to.clone(),
                    occurrence,
                    substring,
                });
            }
        }
        Ok(())
    }

    fn nth(&self, clause: &Clause) -> Option<Occurrence> {
        clause
            .nth
            .as_ref()
            .map(|(n, _)| Occurrence::Nth(*n as usize))
    }

    fn exclude(
        &mut self,
        clause: &Clause,
        loc: &Loc,
        out: &mut Vec<Operation>,
    ) -> Result<(), Fail> {
        let words = self.word_objects(clause);
        if !words.is_empty() {
            let substring = Self::substring(clause);
            let loc = &self.object_loc(clause, loc)?;
            let (targets, occurrence) = self.word_targets(clause, loc)?;
            let occurrence = self.nth(clause).or(occurrence).unwrap_or_default();
            for (items, column, row, paragraph) in &targets {
                for (w, _) in &words {
                    out.push(Operation::DeleteWords {
                        point: None,
                        items: items.clone(),
                        column: column.clone(),
                        row: *row,
                        paragraph: *paragraph,
                        words: w.clone(),
                        occurrence,
                        substring,
                    });
                }
            }
            return Ok(());
        }
        let (unit, target) = self.unit_target(clause, loc)?;
        match unit {
            Unit::Item | Unit::SubItem | Unit::Position => {
                let mut rows_removed: Vec<(String, usize)> = Vec::new();
                for (item, row) in self.items_of(clause, &target, unit)? {
                    match row {
                        Some(r) => rows_removed.push((item, r)),
                        None => out.push(Operation::ExcludeItem { point: None, item }),
                    }
                }
                push_row_removals(rows_removed, out);
                Ok(())
            }
            Unit::Row => {
                let item = self.single_item(clause, &target)?;
                let rows = target.rows.clone().unwrap_or_default();
                push_row_removals(
                    rows.into_iter().map(|(r, _)| (item.clone(), r)).collect(),
                    out,
                );
                Ok(())
            }
            Unit::Footnote => {
                for (mark, _) in target.footnotes.clone().unwrap_or_default() {
                    out.push(Operation::RemoveFootnote {
                        point: None,
                        number: mark,
                    });
                }
                Ok(())
            }
            Unit::Paragraph => self.delete_paragraphs(clause, &target, out),
            other => Err(self.unsupported(clause, other, "исключить")),
        }
    }

    fn repeal(&mut self, clause: &Clause, loc: &Loc, out: &mut Vec<Operation>) -> Result<(), Fail> {
        let (unit, target) = self.unit_target(clause, loc)?;
        match unit {
            Unit::Item | Unit::SubItem | Unit::Position => {
                for (item, row) in self.items_of(clause, &target, unit)? {
                    if row.is_some() {
                        return Err((
                            clause.span.clone(),
                            "a row cannot be repealed (признать утратившей силу): only items"
                                .into(),
                        ));
                    }
                    out.push(Operation::RepealItem { point: None, item });
                }
                Ok(())
            }
            // An абзац that loses force leaves the cell: the lines of a
            // cell have no status of their own.
            Unit::Paragraph => self.delete_paragraphs(clause, &target, out),
            other => Err(self.unsupported(clause, other, "признать утратившим силу")),
        }
    }

    fn renumber(
        &mut self,
        clause: &Clause,
        _loc: &Loc,
        out: &mut Vec<Operation>,
    ) -> Result<(), Fail> {
        if let Some(p) = clause.objects().find(|p| p.head().unit == Unit::Paragraph) {
            // «абзацы третий – пятый считать соответственно абзацами
            // четвертым – шестым»: абзацы are counted, not numbered, so the
            // sentence changes nothing; said, so that it is seen.
            let to = clause
                .with_role(Role::Instrument)
                .find(|p| p.head().unit == Unit::Paragraph);
            let (from, to) = match to {
                Some(t) => (self.numbers(&p.head().refs)?, self.numbers(&t.head().refs)?),
                None => {
                    return Err((
                        clause.span.clone(),
                        "renumbered as what? «считать абзацами …»".into(),
                    ));
                }
            };
            if from.len() != to.len() || from.is_empty() {
                return Err((
                    clause.span.clone(),
                    format!("{} абзацы renumbered as {} numbers", from.len(), to.len()),
                ));
            }
            self.notes.assume(
                p.span(),
                clause.span.clone(),
                "абзацы are counted, not numbered: renumbering them changes nothing",
            );
            return Ok(());
        }
        let from: Vec<String> = match clause
            .objects()
            .find(|p| matches!(p.head().unit, Unit::Item | Unit::SubItem))
        {
            Some(p) => self
                .numbers(&p.head().refs)?
                .into_iter()
                .map(|x| x.0)
                .collect(),
            None => {
                return Err((
                    clause.span.clone(),
                    "which items? «пункты … считать пунктами …»".into(),
                ));
            }
        };
        let to: Vec<String> = match clause
            .with_role(Role::Instrument)
            .find(|p| matches!(p.head().unit, Unit::Item | Unit::SubItem))
        {
            Some(p) => self
                .numbers(&p.head().refs)?
                .into_iter()
                .map(|x| x.0)
                .collect(),
            None => {
                return Err((
                    clause.span.clone(),
                    "renumbered as what? «считать пунктами …»".into(),
                ));
            }
        };
        if from.len() != to.len() || from.is_empty() {
            return Err((
                clause.span.clone(),
                format!("{} items renumbered as {} numbers", from.len(), to.len()),
            ));
        }
        out.push(Operation::Renumber {
            point: None,
            from,
            to,
        });
        Ok(())
    }

    fn restate(
        &mut self,
        clause: &Clause,
        loc: &Loc,
        out: &mut Vec<Operation>,
    ) -> Result<(), Fail> {
        if let Some(at) = &clause.annex {
            return Err((at.clone(), "the new wording is in an appendix («согласно приложению») that this text does not contain: import the restated plan itself".into()));
        }
        let (unit, target) = self.unit_target(clause, loc)?;
        if clause.content.is_empty() {
            return Err((
                clause.span.clone(),
                "the new wording is not in the text: no quoted text after the formula".into(),
            ));
        }
        match unit {
            Unit::Item | Unit::SubItem => {
                let numbers: Vec<(String, Option<usize>)> = self.items_of(clause, &target, unit)?;
                if let Some((n, _)) = numbers.iter().find(|(_, r)| r.is_some()) {
                    return Err((
                        clause.span.clone(),
                        format!("sub-item of «{n}» is a row: restate it as a row"),
                    ));
                }
                let expected: Vec<String> = numbers.into_iter().map(|x| x.0).collect();
                for (number, rows) in self.table_items(clause, &expected)? {
                    out.push(Operation::RestateItem {
                        point: None,
                        item: number,
                        rows,
                    });
                }
                Ok(())
            }
            Unit::Position => {
                let (item, row) = match &target.position {
                    Some(p) => self.position(p)?,
                    None => return Err((clause.span.clone(), "which position?".into())),
                };
                let cells = self.content_cells(clause)?;
                match row {
                    Some(r) => out.push(Operation::RestateRow {
                        point: None,
                        item,
                        row: r,
                        cells,
                    }),
                    None => {
                        let rows = self
                            .table_items(clause, std::slice::from_ref(&item))
                            .or_else(|_| Ok::<_, Fail>(vec![(item.clone(), vec![cells])]))?;
                        for (number, rows) in rows {
                            out.push(Operation::RestateItem {
                                point: None,
                                item: number,
                                rows,
                            });
                        }
                    }
                }
                Ok(())
            }
            Unit::Column => {
                let items = self.items_of(clause, &target, Unit::Item)?;
                let columns = target.columns.clone().unwrap_or_default();
                let texts: Vec<String> = clause
                    .content
                    .iter()
                    .map(|&q| table::cell_text(self.text, self.quotes[q].inner.clone()))
                    .collect();
                let pairs = items.len() * columns.len();
                if texts.len() != 1 && texts.len() != pairs {
                    return Err((
                        clause.span.clone(),
                        format!("{} new wordings for {} cells", texts.len(), pairs),
                    ));
                }
                let mut k = 0;
                for (item, own_row) in &items {
                    for c in &columns {
                        let column = self.column(c, clause)?;
                        let text = texts.get(k).or(texts.first()).cloned().unwrap_or_default();
                        k += 1;
                        let row = own_row
                            .or_else(|| target.rows.as_ref().and_then(|r| r.first().map(|x| x.0)));
                        out.push(Operation::RestateCell {
                            point: None,
                            item: item.clone(),
                            row,
                            column,
                            text,
                        });
                    }
                }
                Ok(())
            }
            Unit::Row => {
                let item = self.single_item(clause, &target)?;
                let rows = target.rows.clone().unwrap_or_default();
                if rows.len() != clause.content.len() {
                    return Err((
                        clause.span.clone(),
                        format!(
                            "{} rows named, {} new wordings given",
                            rows.len(),
                            clause.content.len()
                        ),
                    ));
                }
                for ((row, _), &q) in rows.iter().zip(&clause.content) {
                    let cells = self.cells_of(&[q])?;
                    out.push(Operation::RestateRow {
                        point: None,
                        item: item.clone(),
                        row: *row,
                        cells,
                    });
                }
                Ok(())
            }
            Unit::Footnote => {
                let marks = target.footnotes.clone().unwrap_or_default();
                let texts = self.footnote_texts(clause, &marks)?;
                for (number, text) in texts {
                    out.push(Operation::RestateFootnote {
                        point: None,
                        number,
                        text,
                    });
                }
                Ok(())
            }
            Unit::Paragraph => self.restate_paragraphs(clause, &target, out),
            Unit::Title => self.restate_title(clause, loc, &target, out),
            Unit::Section => self.restate_section(clause, &target, out),
            other => Err(self.unsupported(clause, other, "изложить в новой редакции")),
        }
    }

    fn add(&mut self, clause: &Clause, loc: &Loc, out: &mut Vec<Operation>) -> Result<(), Fail> {
        let anchors: Vec<&Phrase> = clause
            .phrases
            .iter()
            .filter(|p| matches!(p.role, Role::After | Role::Before) && p.head().unit.is_words())
            .collect();
        if !anchors.is_empty() {
            let words = self.word_instruments(clause);
            if words.is_empty() {
                return Err((
                    clause.span.clone(),
                    "add which words? no quoted words («словами «…»»)".into(),
                ));
            }
            let substring = Self::substring(clause);
            let loc = &self.object_loc(clause, loc)?;
            let (targets, occurrence) = self.word_targets(clause, loc)?;
            let occurrence = self.nth(clause).or(occurrence).unwrap_or_default();
            let mut anchored: Vec<(Anchor, Range<usize>)> = Vec::new();
            for p in &anchors {
                for r in &p.head().refs {
                    if let Ref::Quote(q) = r.r {
                        let a = self.quote_text(q).to_string();
                        let anchor = if p.role == Role::After {
                            Anchor::After(a)
                        } else {
                            Anchor::Before(a)
                        };
                        anchored.push((anchor, r.span.clone()));
                    }
                }
            }
            let names: Vec<(String, Range<usize>)> = anchored
                .iter()
                .map(|(a, s)| (format!("{a:?}"), s.clone()))
                .collect();
            let pairs = pair(&names, &words, clause)?;
            for (items, column, row, paragraph) in &targets {
                for (k, (_, w)) in pairs.iter().enumerate() {
                    let anchor = anchored.get(k).or(anchored.first()).map(|x| x.0.clone());
                    let Some(anchor) = anchor else { continue };
                    out.push(Operation::InsertWords {
                        point: None,
                        items: items.clone(),
                        column: column.clone(),
                        row: *row,
                        paragraph: *paragraph,
                        anchor,
                        words: w.clone(),
                        occurrence,
                        substring,
                    });
                }
            }
            return Ok(());
        }
        let Some(instrument) = clause.with_role(Role::Instrument).next() else {
            return Err((
                clause.span.clone(),
                "add what? no «пунктом», «строкой», «сноской», «словами» … after «дополнить»"
                    .into(),
            ));
        };
        let head = instrument.head().clone();
        match head.unit {
            Unit::Words | Unit::Digits | Unit::Numbers | Unit::Letters => {
                self.add_at_end(clause, loc, &head, out)
            }
            Unit::Paragraph => self.add_paragraphs(clause, loc, &head, out),
            Unit::Item | Unit::SubItem => {
                let numbers: Vec<String> =
                    self.numbers(&head.refs)?.into_iter().map(|x| x.0).collect();
                let items = self.table_items(clause, &numbers)?;
                let mut position =
                    self.first_position(clause, loc, items.first().map(|x| x.0.as_str()))?;
                for (number, rows) in items {
                    out.push(Operation::AddItem {
                        point: None,
                        number: number.clone(),
                        id: None,
                        position: position.clone(),
                        rows,
                    });
                    self.added.push(number.clone());
                    position = Position::After(number);
                }
                Ok(())
            }
            Unit::Row => {
                let target = self.object_loc(clause, loc)?;
                let anchor = self.place_anchor(clause)?;
                // «перед строкой 1 пункта 9», «перед позицией, касающейся …»:
                // the anchor names the row, and may name the item.
                let anchored = match anchor {
                    Some(p) => self.row_anchor(p)?,
                    None => None,
                };
                let named = target.items.is_some() || target.position.is_some();
                let anchor_item = anchored.as_ref().and_then(|(i, _)| i.clone());
                if !named && anchor_item.is_none() {
                    // A table whose rows are items: the rows carry numbers.
                    let numbers: Vec<String> =
                        self.numbers(&head.refs)?.into_iter().map(|x| x.0).collect();
                    let items = self.table_items(clause, &numbers)?;
                    let mut position =
                        self.first_position(clause, loc, items.first().map(|x| x.0.as_str()))?;
                    for (number, rows) in items {
                        out.push(Operation::AddItem {
                            point: None,
                            number: number.clone(),
                            id: None,
                            position: position.clone(),
                            rows,
                        });
                        self.added.push(number.clone());
                        position = Position::After(number);
                    }
                    return Ok(());
                }
                let item = match (named, anchor_item) {
                    (false, Some(i)) => i,
                    (_, other) => {
                        let item = match &target.position {
                            Some(p) if target.items.is_none() => self.position(p)?.0,
                            _ => self.single_item(clause, &target)?,
                        };
                        if let (Some(o), Some(p)) = (other, anchor) {
                            if o != item {
                                return Err((
                                    p.span(),
                                    format!(
                                        "the new row is added to item {item}, but placed by a row of item {o}"
                                    ),
                                ));
                            }
                        }
                        item
                    }
                };
                let mut after_row = match (anchor, anchored) {
                    (None, _) => None,
                    (Some(p), Some((_, row))) => {
                        if row == 0 {
                            return Err((p.span(), "rows are counted from 1".into()));
                        }
                        // «перед строкой N» is after row N − 1; before the
                        // first row is `after_row: 0`.
                        Some(if p.role == Role::Before { row - 1 } else { row })
                    }
                    (Some(p), None) => {
                        return Err((p.span(), "a new row goes after or before a row of the item («после строки 2», «перед строкой 1»)".into()));
                    }
                };
                for &q in &clause.content {
                    let cells = self.cells_of(&[q])?;
                    out.push(Operation::AddRow {
                        point: None,
                        item: item.clone(),
                        after_row,
                        cells,
                    });
                    after_row = after_row.map(|r: usize| r + 1);
                }
                if clause.content.is_empty() {
                    return Err((
                        clause.span.clone(),
                        "the new row is not in the text: no quoted text after the formula".into(),
                    ));
                }
                Ok(())
            }
            Unit::Footnote => {
                let marks = self.numbers(&head.refs)?;
                for (number, text) in self.footnote_texts(clause, &marks)? {
                    self.added.push(format!("{FOOTNOTE_MARK}{number}"));
                    out.push(Operation::AddFootnote {
                        point: None,
                        number,
                        text,
                    });
                }
                Ok(())
            }
            Unit::Section => self.add_section(clause, &head, out),
            other => Err(self.unsupported(clause, other, "дополнить")),
        }
    }

    /// «графу «Срок» пункта 5 дополнить словами «…»», «абзац второй графы
    /// … дополнить словами …», «сноску 2 дополнить словами …»: the words go
    /// at the end of the cell, абзац or footnote named. Only a column (or a
    /// footnote) says which cell: «пункт 5 дополнить словами» names none.
    fn add_at_end(
        &mut self,
        clause: &Clause,
        loc: &Loc,
        head: &Link,
        out: &mut Vec<Operation>,
    ) -> Result<(), Fail> {
        if let Some(p) = self.place_anchor(clause)? {
            return Err((
                p.span(),
                "words are added after or before words («после слов «…»»), or at the end of a cell, not after a unit".into(),
            ));
        }
        let words = self.word_instruments(clause);
        let (words, at) = match words.as_slice() {
            [(w, at)] => (w.clone(), at.clone()),
            [] => {
                return Err((
                    head.span.clone(),
                    "add which words? no quoted words («словами «…»»)".into(),
                ));
            }
            [_, (_, at), ..] => {
                return Err((
                    at.clone(),
                    "words added at the end of a cell come in one quotation".into(),
                ));
            }
        };
        if words.trim().is_empty() {
            return Err((at, "the words to add are empty".into()));
        }
        if let Some((_, at)) = &clause.nth {
            return Err((
                at.clone(),
                "words added at the end of a cell have no occurrence to choose".into(),
            ));
        }
        let target = self.object_loc(clause, loc)?;
        if let Some((_, at)) = &target.sentence {
            return Err((
                at.clone(),
                "operations do not address a sentence, so the end of one is not known: add the words after quoted words («после слов «…»»)".into(),
            ));
        }
        if target.footnotes.is_none() && target.columns.is_none() {
            return Err((
                head.span.clone(),
                "«дополнить словами» with no «после слов «…»» adds the words at the end of a cell: name the column («графу «Срок» пункта 5 дополнить словами …»)".into(),
            ));
        }
        let (targets, _) = self.word_targets(clause, &target)?;
        for (items, column, row, paragraph) in targets {
            out.push(Operation::InsertWords {
                point: None,
                items,
                column,
                row,
                paragraph,
                anchor: Anchor::End,
                words: words.clone(),
                occurrence: Occurrence::All,
                substring: false,
            });
        }
        Ok(())
    }

    /// The cells an абзац formula acts in: item, row and column, each named
    /// (a column must be: an абзац is a line of one cell).
    fn paragraph_cells(
        &mut self,
        clause: &Clause,
        target: &Loc,
    ) -> Result<Vec<(String, Option<usize>, String)>, Fail> {
        if let Some(f) = &target.footnotes {
            let at = f.first().map_or(clause.span.clone(), |x| x.1.clone());
            return Err((
                at,
                "абзацы of a footnote have no operation: restate the footnote («сноску 1 изложить в следующей редакции …»)".into(),
            ));
        }
        let Some(columns) = target.columns.clone() else {
            let at = target
                .paragraph
                .as_ref()
                .and_then(|p| p.first().map(|x| x.1.clone()))
                .unwrap_or_else(|| clause.span.clone());
            return Err((
                at,
                "an абзац is a line of one cell: name the column («абзац второй графы «…» пункта 5»)".into(),
            ));
        };
        let items = self.items_of(clause, target, Unit::Item)?;
        let rows: Vec<Option<usize>> = match &target.rows {
            Some(rows) => rows.iter().map(|(r, _)| Some(*r)).collect(),
            None => vec![None],
        };
        let mut out = Vec::new();
        for (item, own_row) in &items {
            for row in &rows {
                for c in &columns {
                    let column = self.column(c, clause)?;
                    out.push((item.clone(), own_row.or(*row), column));
                }
            }
        }
        Ok(out)
    }

    /// The new абзацы' texts: one per quotation.
    fn paragraph_texts(&self, clause: &Clause) -> Result<Vec<String>, Fail> {
        if clause.content.is_empty() {
            return Err((
                clause.span.clone(),
                "the new абзац is not in the text: no quoted text after the formula".into(),
            ));
        }
        let mut out = Vec::with_capacity(clause.content.len());
        for &q in &clause.content {
            let text = table::cell_text(self.text, self.quotes[q].inner.clone());
            if text.trim().is_empty() {
                return Err((self.quotes[q].span(), "the new абзац is empty".into()));
            }
            out.push(text);
        }
        Ok(out)
    }

    /// «графу «X» пункта 5 дополнить абзацем (абзацами) следующего
    /// содержания: «…»», placed «после абзаца второго», «перед абзацем
    /// первым», or by its number («дополнить абзацем третьим»); at the end
    /// when nothing places it.
    fn add_paragraphs(
        &mut self,
        clause: &Clause,
        loc: &Loc,
        head: &Link,
        out: &mut Vec<Operation>,
    ) -> Result<(), Fail> {
        let mut target = self.object_loc(clause, loc)?;
        if let Some(p) = target.paragraph.as_ref().and_then(|p| p.first()) {
            return Err((
                p.1.clone(),
                "which абзац does the new one follow? «после абзаца второго дополнить абзацем …»"
                    .into(),
            ));
        }
        let mut after: Option<usize> = None;
        if let Some(anchor) = self.place_anchor(clause)? {
            if anchor.head().unit != Unit::Paragraph {
                return Err((
                    anchor.span(),
                    "a new абзац goes after or before an абзац («после абзаца второго»)".into(),
                ));
            }
            let mut named = self.loc(&anchor.links)?;
            let n = match named.paragraph.take().as_deref() {
                Some([(n, _)]) => *n,
                _ => {
                    return Err((
                        anchor.span(),
                        "a new абзац goes after or before one абзац: name one".into(),
                    ));
                }
            };
            // «после абзаца второго графы «…» пункта 5»: the anchor may
            // name the cell too.
            merge_cell(&mut target, named, anchor.span())?;
            // «перед абзацем первым» is after 0 (`loc` refuses абзац 0).
            after = Some(if anchor.role == Role::Before {
                n.saturating_sub(1)
            } else {
                n
            });
        }
        if let Some(first) = head.refs.first() {
            // «дополнить абзацем третьим»: the new абзац's own number.
            let numbers = self.numbers(&head.refs)?;
            let n = match numbers.first().map(|(n, _)| n.parse::<usize>()) {
                Some(Ok(n)) if n >= 1 => n,
                _ => return Err((first.span.clone(), "абзацы are counted from 1".into())),
            };
            match after {
                Some(a) if a + 1 != n => {
                    return Err((
                        first.span.clone(),
                        format!("the new абзац is numbered {n}, but placed after абзац {a}"),
                    ));
                }
                _ => after = Some(n.saturating_sub(1)),
            }
        }
        let texts = self.paragraph_texts(clause)?;
        let own = self.numbers(&head.refs)?;
        if own.len() > 1 && own.len() != texts.len() {
            return Err((
                head.span.clone(),
                format!("{} абзацы named, {} texts given", own.len(), texts.len()),
            ));
        }
        for (item, row, column) in self.paragraph_cells(clause, &target)? {
            let mut at = after;
            for text in &texts {
                out.push(Operation::AddParagraph {
                    point: None,
                    item: item.clone(),
                    row,
                    column: column.clone(),
                    after: at,
                    text: text.clone(),
                });
                // The next one follows this one, however many lines it has.
                at = at.map(|a| a + text.split('\n').count());
            }
        }
        Ok(())
    }

    /// «абзацы второй и третий графы «X» пункта 5 изложить в следующей
    /// редакции: «…»; «…»» — as many quotations as абзацы, each restated;
    /// or, for абзацы in a row, any number of quotations in their place.
    fn restate_paragraphs(
        &mut self,
        clause: &Clause,
        target: &Loc,
        out: &mut Vec<Operation>,
    ) -> Result<(), Fail> {
        let named = target.paragraph.clone().unwrap_or_default();
        let texts = self.paragraph_texts(clause)?;
        let numbers: Vec<usize> = named.iter().map(|p| p.0).collect();
        let Some((&head, rest)) = numbers.split_first() else {
            return Err((
                clause.span.clone(),
                "which абзац? name it, as «абзац второй»".into(),
            ));
        };
        let in_a_row = numbers.windows(2).all(|w| w[1] == w[0] + 1);
        if numbers.len() != texts.len() && !in_a_row {
            return Err((
                clause.span.clone(),
                format!(
                    "{} абзацы named, {} new wordings given",
                    numbers.len(),
                    texts.len()
                ),
            ));
        }
        if !numbers.windows(2).all(|w| w[0] < w[1]) {
            let at = named.last().map_or(clause.span.clone(), |p| p.1.clone());
            return Err((at, "абзацы are named in their order, each once".into()));
        }
        for (item, row, column) in self.paragraph_cells(clause, target)? {
            let restate = |paragraph: usize, text: String| Operation::RestateParagraph {
                point: None,
                item: item.clone(),
                row,
                column: column.clone(),
                paragraph,
                text,
            };
            if numbers.len() == texts.len() {
                // From the last, so that a new wording of several lines
                // does not move the абзацы still to be restated.
                for (n, text) in numbers.iter().zip(&texts).rev() {
                    out.push(restate(*n, text.clone()));
                }
            } else {
                // The run of абзацы gives way to the new ones: all but the
                // first taken out (from the last), the first restated as
                // all the new text.
                for &n in rest.iter().rev() {
                    out.push(Operation::DeleteParagraph {
                        point: None,
                        item: item.clone(),
                        row,
                        column: column.clone(),
                        paragraph: n,
                    });
                }
                out.push(restate(head, texts.join("\n")));
            }
        }
        Ok(())
    }

    /// «абзац третий графы «X» пункта 5 исключить» (or «признать
    /// утратившим силу»): the абзацы leave the cell, the last first.
    fn delete_paragraphs(
        &mut self,
        clause: &Clause,
        target: &Loc,
        out: &mut Vec<Operation>,
    ) -> Result<(), Fail> {
        let mut numbers: Vec<usize> = target.paragraph.iter().flatten().map(|p| p.0).collect();
        numbers.sort_unstable();
        numbers.dedup();
        for (item, row, column) in self.paragraph_cells(clause, target)? {
            for &n in numbers.iter().rev() {
                out.push(Operation::DeleteParagraph {
                    point: None,
                    item: item.clone(),
                    row,
                    column: column.clone(),
                    paragraph: n,
                });
            }
        }
        Ok(())
    }

    /// The one section a formula names, by number (or by title, found in
    /// the plan), checked against the plan.
    fn one_section(&mut self, clause: &Clause, sections: &[RefAt]) -> Result<String, Fail> {
        let [s] = sections else {
            let at = sections
                .get(1)
                .map_or(clause.span.clone(), |s| s.span.clone());
            return Err((at, "one section per formula: name one".into()));
        };
        let number = self.section_ref(s)?;
        if let Some(plan) = self.plan {
            let known = plan
                .sections
                .iter()
                .any(|x| x.number == number || x.id() == number)
                || self.added_sections().any(|a| a == number);
            if !known {
                self.notes.warning(
                    s.span.clone(),
                    clause.span.clone(),
                    format!("the plan has no section «{number}» (an earlier order may add it)"),
                );
            }
        }
        Ok(number)
    }

    /// The one line of a quoted heading or title, «Раздел » left out; more
    /// lines are a problem (a title is one line).
    fn heading_line(&self, clause: &Clause) -> Result<(String, Range<usize>), Fail> {
        let q = match clause.content.as_slice() {
            [q] => *q,
            [] => {
                return Err((
                    clause.span.clone(),
                    "the new title is not in the text: no quoted text after the formula".into(),
                ));
            }
            [_, q, ..] => {
                return Err((
                    self.quotes[*q].span(),
                    "a section's title is one quotation".into(),
                ));
            }
        };
        let inner = self.quotes[q].inner.clone();
        let body = &self.text[inner.clone()];
        let mut lines = body.lines().filter(|l| !l.trim().is_empty());
        let first = lines.next().unwrap_or("").trim();
        if lines.next().is_some() {
            return Err((
                self.quotes[q].span(),
                "a section's title is one line; this quotation has more: restate the items on their own («пункты … изложить …»)".into(),
            ));
        }
        let first = first.strip_prefix("Раздел ").unwrap_or(first).trim();
        if first.is_empty() {
            return Err((self.quotes[q].span(), "the new title is empty".into()));
        }
        Ok((first.to_string(), self.quotes[q].span()))
    }

    /// «наименование раздела II изложить в следующей редакции: «…»» (the
    /// section named in the chain or by the address around it). A heading
    /// quoted with the section's number, «II. …», gives the title after it.
    fn restate_title(
        &mut self,
        clause: &Clause,
        loc: &Loc,
        target: &Loc,
        out: &mut Vec<Operation>,
    ) -> Result<(), Fail> {
        let at = target.title.clone().unwrap_or_else(|| clause.span.clone());
        let sections = target.sections.clone().or_else(|| loc.sections.clone());
        let Some(sections) = sections.filter(|_| target.items.is_none()) else {
            return Err((
                at,
                "only a section's title (наименование раздела …) has an operation; the plan's own title (наименование) has none".into(),
            ));
        };
        let section = self.one_section(clause, &sections)?;
        let (line, quoted) = self.heading_line(clause)?;
        // Only a number with its dot is taken for the heading's number:
        // a title may start with a roman-looking word («I этап …»).
        let title = match line.split_once(char::is_whitespace) {
            Some((first, rest)) if first.ends_with('.') => match split_heading(&line) {
                (Some(n), _) if n == section => rest.trim().to_string(),
                (Some(n), _) => {
                    return Err((
                        quoted,
                        format!("the title of section {section} is quoted with the number {n}"),
                    ));
                }
                (None, _) => line.clone(),
            },
            _ => line.clone(),
        };
        if title.is_empty() {
            return Err((quoted, "the new title is empty".into()));
        }
        out.push(Operation::RestateSection {
            point: None,
            section,
            title,
        });
        Ok(())
    }

    /// «раздел II изложить в следующей редакции: «II. Новое наименование»»:
    /// when the quotation is the section's heading alone, its title. A
    /// section restated with its items has no operation.
    fn restate_section(
        &mut self,
        clause: &Clause,
        target: &Loc,
        out: &mut Vec<Operation>,
    ) -> Result<(), Fail> {
        let sections = target.sections.clone().unwrap_or_default();
        let section = self.one_section(clause, &sections)?;
        let (line, quoted) = self.heading_line(clause)?;
        let title = match split_heading(&line) {
            (Some(n), title) if n == section => title.to_string(),
            (Some(n), _) => {
                return Err((
                    quoted,
                    format!(
                        "the formula restates section {section}, but the quoted heading numbers it {n}"
                    ),
                ));
            }
            (None, _) => {
                return Err((
                    quoted,
                    format!(
                        "«раздел {section} изложить» is read only as its heading restated, and the quotation is no heading of it («{section}. …»)"
                    ),
                ));
            }
        };
        if title.is_empty() {
            return Err((quoted, "the new title is empty".into()));
        }
        self.notes.assume(
            quoted,
            clause.span.clone(),
            format!("the quotation is the heading of section {section} alone: its title is restated, and its items stay"),
        );
        out.push(Operation::RestateSection {
            point: None,
            section,
            title,
        });
        Ok(())
    }

    fn add_section(
        &mut self,
        clause: &Clause,
        head: &Link,
        out: &mut Vec<Operation>,
    ) -> Result<(), Fail> {
        let Some(&first) = clause.content.first() else {
            return Err((
                clause.span.clone(),
                "the new section is not in the text: no quoted text after the formula".into(),
            ));
        };
        let inner = self.quotes[first].inner.clone();
        let body = &self.text[inner.clone()];
        let first_line_len = body.find('\n').unwrap_or(body.len());
        let heading = body[..first_line_len].trim().trim_end_matches('\t').trim();
        let heading = heading.strip_prefix("Раздел ").unwrap_or(heading);
        let (printed, title) = split_heading(heading);
        let title = title.to_string();
        let named = self.numbers(&head.refs)?;
        if let Some((_, at)) = named.get(1) {
            return Err((
                at.clone(),
                "one section per formula: «дополнить разделом …» adds one, with its quoted heading"
                    .into(),
            ));
        }
        let number = match (named.into_iter().next(), printed) {
            (Some((n, at)), Some(p)) if n != p => {
                return Err((
                    at,
                    format!("the formula adds section {n}, but the quoted heading numbers it {p}"),
                ));
            }
            (Some((n, _)), _) => n,
            (None, Some(p)) => p,
            (None, None) => {
                return Err((
                    clause.span.clone(),
                    "the new section's number is neither in the formula nor in its heading".into(),
                ));
            }
        };
        if title.is_empty() {
            return Err((
                inner.start..inner.start + first_line_len,
                "the new section has no title".into(),
            ));
        }
        let SectionPlace { after, before } = self.section_place(clause, &number)?;
        self.added.push(format!("{SECTION_MARK}{number}"));
        out.push(Operation::AddSection {
            point: None,
            number: number.clone(),
            title,
            id: None,
            after,
            before,
        });
        // Items that follow the heading, in the same or further quotes.
        let rest_start = inner.start + first_line_len;
        let mut blocks = Vec::with_capacity(clause.content.len());
        blocks.push(rest_start..inner.end);
        blocks.extend(
            clause.content[1..]
                .iter()
                .map(|&q| self.quotes[q].inner.clone()),
        );
        let blocks: Vec<Range<usize>> = blocks
            .into_iter()
            .filter(|b| !self.text[b.clone()].trim().is_empty())
            .collect();
        if blocks.is_empty() {
            return Ok(());
        }
        let items = self.items_from_blocks(clause, &blocks, &[])?;
        let mut position = Position::EndOfSection(number);
        for (n, rows) in items {
            out.push(Operation::AddItem {
                point: None,
                number: n.clone(),
                id: None,
                position: position.clone(),
                rows,
            });
            self.added.push(n.clone());
            position = Position::After(n);
        }
        Ok(())
    }

    /// The phrase that places what is added («после пункта 5», «перед
    /// строкой 1»), if any; naming two places is a problem.
    fn place_anchor<'c>(&self, clause: &'c Clause) -> Result<Option<&'c Phrase>, Fail> {
        let mut anchors = clause
            .phrases
            .iter()
            .filter(|p| matches!(p.role, Role::After | Role::Before) && !p.head().unit.is_words());
        let first = anchors.next();
        if let Some(second) = anchors.next() {
            return Err((
                second.span(),
                "the place of the addition is named twice".into(),
            ));
        }
        Ok(first)
    }

    /// The row an anchor of a new row names, with the item when it names
    /// one: «строки 2 (пункта 9)», or a position that is one row of an
    /// item. `None` when the anchor names no row (an item, a section).
    fn row_anchor(&mut self, anchor: &Phrase) -> Result<Option<(Option<String>, usize)>, Fail> {
        match anchor.head().unit {
            Unit::Row => {
                let l = self.loc(&anchor.links)?;
                let row = match l.rows.as_deref() {
                    Some([(r, _)]) => *r,
                    _ => {
                        return Err((
                            anchor.span(),
                            "a new row goes after or before one row: name one".into(),
                        ));
                    }
                };
                let item = match &l.position {
                    Some(p) if l.items.is_none() => Some(self.position(p)?.0),
                    _ => match &l.items {
                        Some(items) => match items.as_slice() {
                            [(i, _)] => Some(i.clone()),
                            _ => {
                                return Err((
                                    anchor.span(),
                                    "rows belong to one item: name exactly one".into(),
                                ));
                            }
                        },
                        None => None,
                    },
                };
                Ok(Some((item, row)))
            }
            Unit::Position => {
                let Some(r) = anchor.head().refs.first() else {
                    return Err((anchor.span(), "which position?".into()));
                };
                Ok(match self.position(r)? {
                    (item, Some(row)) => Some((Some(item), row)),
                    (_, None) => None,
                })
            }
            _ => Ok(None),
        }
    }

    /// A section's number from a reference: the number, or the title found
    /// in the plan.
    fn section_ref(&self, s: &RefAt) -> Result<String, Fail> {
        match &s.r {
            Ref::Roman(n) | Ref::Num(n) => Ok(n.clone()),
            Ref::Quote(q) => {
                let t = normalize(self.quote_text(*q));
                match self
                    .plan
                    .and_then(|p| p.sections.iter().find(|x| normalize(&x.title) == t))
                {
                    Some(sec) => Ok(sec.number.clone()),
                    None => Err((
                        s.span.clone(),
                        "the section named by its title can only be found in a plan: give one"
                            .into(),
                    )),
                }
            }
            _ => Err((s.span.clone(), "which section?".into())),
        }
    }

    /// Where a new section goes: after a section («после раздела V»),
    /// right before one («перед разделом VI», so that it can go first),
    /// or, for a number under another («V.1», «VII.3»), after the one
    /// numbered before it. `None` for both: at the end.
    fn section_place(&mut self, clause: &Clause, number: &str) -> Result<SectionPlace, Fail> {
        let Some(anchor) = self.place_anchor(clause)? else {
            return Ok(SectionPlace {
                after: self.section_after_previous(number, clause),
                before: None,
            });
        };
        if anchor.head().unit != Unit::Section {
            return Err((
                anchor.span(),
                "a new section goes after or before a section («после раздела V», «перед разделом VI»)".into(),
            ));
        }
        let [s] = anchor.head().refs.as_slice() else {
            return Err((
                anchor.span(),
                "a new section goes after or before one section: name one".into(),
            ));
        };
        let named = self.section_ref(s)?;
        let in_plan = self.plan.map(|p| {
            p.sections
                .iter()
                .any(|x| x.number == named || x.id() == named)
        });
        if in_plan == Some(false) && !self.added_sections().any(|a| a == named) {
            self.notes.warning(
                s.span.clone(),
                clause.span.clone(),
                format!("the plan has no section «{named}» (an earlier order may add it)"),
            );
        }
        Ok(if anchor.role == Role::After {
            SectionPlace {
                after: Some(named),
                before: None,
            }
        } else {
            SectionPlace {
                after: None,
                before: Some(named),
            }
        })
    }

    /// Sections added so far by this order, in order.
    fn added_sections(&self) -> impl Iterator<Item = &str> {
        self.added
            .iter()
            .filter_map(|a| a.strip_prefix(SECTION_MARK))
    }

    /// After the section numbered just before `number` when it is numbered
    /// under another: «VII.3» after «VII.2» (or the last section under it),
    /// «V.1» after «V». A section numbered on its own («XI») goes at the
    /// end, as «дополнить разделом» says.
    fn section_after_previous(&mut self, number: &str, clause: &Clause) -> Option<String> {
        let (prefix, last) = number.rsplit_once('.')?;
        let n = last.parse::<u32>().ok()?;
        let mut candidates: Vec<String> = (1..n)
            .rev()
            .take(50)
            .map(|k| format!("{prefix}.{k}"))
            .collect();
        candidates.push(prefix.to_string());
        // The sections known: the plan's, then those this order added
        // (each after the ones before it in the list, as added).
        let mut known: Vec<&str> = self
            .plan
            .map(|p| p.sections.iter().map(|s| s.number.as_str()).collect())
            .unwrap_or_default();
        known.extend(self.added_sections());
        let Some((c, k)) = candidates
            .iter()
            .find_map(|c| known.iter().position(|s| s == c).map(|k| (c, k)))
        else {
            let c = candidates.first()?.clone();
            if self.plan.is_some() {
                self.notes.warning(
                    clause.span.clone(),
                    clause.span.clone(),
                    format!(
                        "no section numbered before {number} in the plan: section {number} goes at the end"
                    ),
                );
                return None;
            }
            self.notes.assume(
                clause.span.clone(),
                clause.span.clone(),
                format!(
                    "section {number} placed after section {c}, the number before it; give a plan (or «после раздела …») to check"
                ),
            );
            return Some(c);
        };
        // The last section under it: «VII.2.1» after «VII.2».
        let under = format!("{c}.");
        let last = known
            .iter()
            .skip(k + 1)
            .rfind(|s| s.starts_with(&under))
            .map_or(c.clone(), |s| s.to_string());
        self.notes.assume(
            clause.span.clone(),
            clause.span.clone(),
            format!("section {number} placed after section {last}, the one numbered before it"),
        );
        Some(last)
    }

    fn unsupported(&self, clause: &Clause, unit: Unit, what: &str) -> Fail {
        let at = clause
            .phrases
            .iter()
            .find(|p| p.head().unit == unit)
            .map_or(clause.span.clone(), Phrase::span);
        (
            at,
            format!("«{what}» for a {} has no operation in planver", unit.name()),
        )
    }

    /// The unit an object-taking verb acts on and the address it has: the
    /// object phrase (with its genitive chain) inside the clause's address,
    /// or, when there is no object, the finest unit of the address.
    fn unit_target(&mut self, clause: &Clause, loc: &Loc) -> Result<(Unit, Loc), Fail> {
        if let Some(p) = clause.objects().find(|p| !p.head().unit.is_words()) {
            let own = self.loc(&p.links)?;
            let unit = p.head().unit;
            return Ok((unit, own.inherit(loc)));
        }
        let unit = if loc.paragraph.is_some() {
            Unit::Paragraph
        } else if loc.columns.is_some() {
            Unit::Column
        } else if loc.rows.is_some() {
            Unit::Row
        } else if loc.sub.is_some() {
            Unit::SubItem
        } else if loc.items.is_some() {
            Unit::Item
        } else if loc.position.is_some() {
            Unit::Position
        } else if loc.footnotes.is_some() {
            Unit::Footnote
        } else if loc.sections.is_some() {
            Unit::Section
        } else if loc.title.is_some() {
            Unit::Title
        } else {
            return Err((
                clause.span.clone(),
                "the formula does not say which unit: no item, row, column or footnote".into(),
            ));
        };
        Ok((unit, loc.clone()))
    }

    /// The address for «дополнить»: its object («пункт 9 дополнить …») in
    /// the clause's address.
    fn object_loc(&mut self, clause: &Clause, loc: &Loc) -> Result<Loc, Fail> {
        match clause.objects().find(|p| !p.head().unit.is_words()) {
            Some(p) => Ok(self.loc(&p.links)?.inherit(loc)),
            None => Ok(loc.clone()),
        }
    }

    /// Items (with the row, when a sub-item or position is a row) a target
    /// names.
    fn items_of(
        &mut self,
        clause: &Clause,
        target: &Loc,
        unit: Unit,
    ) -> Result<Vec<(String, Option<usize>)>, Fail> {
        if unit == Unit::Position || (target.items.is_none() && target.position.is_some()) {
            let Some(p) = &target.position else {
                return Err((clause.span.clone(), "which position?".into()));
            };
            return Ok(vec![self.position(p)?]);
        }
        let Some(items) = &target.items else {
            if let Some(sections) = &target.sections {
                return Ok(self
                    .section_items(sections)?
                    .into_iter()
                    .map(|n| (n, None))
                    .collect());
            }
            return Err((
                clause.span.clone(),
                "which item? the formula names none".into(),
            ));
        };
        let mut out = Vec::new();
        for (n, span) in items {
            match &target.sub {
                Some(subs) => {
                    for s in subs {
                        out.push(self.sub_item(n, s)?);
                    }
                }
                None => {
                    self.check_item(n, span.clone(), clause);
                    out.push((n.clone(), None));
                }
            }
        }
        Ok(out)
    }

    fn single_item(&mut self, clause: &Clause, target: &Loc) -> Result<String, Fail> {
        let items = self.items_of(clause, target, Unit::Item)?;
        match items.as_slice() {
            [(item, None)] => Ok(item.clone()),
            [(item, Some(_))] => Err((clause.span.clone(), format!("«{item}»: a row of a row?"))),
            _ => Err((
                clause.span.clone(),
                "rows belong to one item: name exactly one".into(),
            )),
        }
    }

    /// Warns when a plan is given and has no such item (an earlier order may
    /// add it).
    fn check_item(&mut self, number: &str, span: Range<usize>, clause: &Clause) {
        if let Some(plan) = self.plan {
            if !plan.items.iter().any(|i| i.number == number)
                && !self.added.iter().any(|a| a == number)
            {
                self.notes.warning(
                    span,
                    clause.span.clone(),
                    format!("the plan has no item «{number}» (an earlier order may add it)"),
                );
            }
        }
    }

    /// Warns when a plan is given and has no such footnote (an earlier
    /// order, or this one, may add it).
    fn check_footnote(&mut self, mark: &str, span: Range<usize>, clause: &Clause) {
        if let Some(plan) = self.plan {
            let added = format!("{FOOTNOTE_MARK}{mark}");
            if !plan.footnotes.iter().any(|f| f.number == mark) && !self.added.contains(&added) {
                self.notes.warning(
                    span,
                    clause.span.clone(),
                    format!("the plan has no footnote «{mark}» (an earlier order may add it)"),
                );
            }
        }
    }

    /// A column reference, checked against the plan.
    fn column(&mut self, c: &ColRef, clause: &Clause) -> Result<String, Fail> {
        if let Some(plan) = self.plan {
            let Some(index) = plan.column_index(&c.text) else {
                let titles: Vec<String> = plan
                    .columns
                    .iter()
                    .map(|c| format!("«{}»", c.title))
                    .collect();
                return Err((
                    c.span.clone(),
                    format!(
                        "the plan has no column «{}» (its columns: {})",
                        c.text,
                        titles.join(", ")
                    ),
                ));
            };
            if c.by_number {
                let title = plan.columns[index].title.clone();
                self.notes.assume(
                    c.span.clone(),
                    clause.span.clone(),
                    format!("графа {} read as the plan's column {} «{title}», counted without a column of item numbers", c.text, index + 1),
                );
            }
        } else if c.by_number {
            self.notes.assume(
                c.span.clone(),
                clause.span.clone(),
                format!("графа {} read as the plan's column {}, counted without a column of item numbers; give a plan to check", c.text, c.text),
            );
        }
        Ok(c.text.clone())
    }

    /// «подпункт 2 пункта 1.1»: item «1.1.2» when the plan has it (or when
    /// there is no plan, with a note), else row 2 of item 1.1.
    fn sub_item(&mut self, item: &str, sub: &RefAt) -> Result<(String, Option<usize>), Fail> {
        let (label, numeric) = match &sub.r {
            Ref::Num(n) => (n.clone(), n.parse::<usize>().ok()),
            Ref::Quote(q) => (
                self.quote_text(*q).trim().trim_end_matches(')').to_string(),
                None,
            ),
            Ref::Ordinal(n) => (n.to_string(), Some(*n as usize)),
            _ => return Err((sub.span.clone(), "which sub-item?".into())),
        };
        let candidates = if numeric.is_some() {
            vec![format!("{item}.{label}")]
        } else {
            vec![
                format!("{item}{label}"),
                format!("{item}.{label}"),
                format!("{item} {label})"),
            ]
        };
        match self.plan {
            Some(plan) => {
                if let Some(found) = candidates
                    .iter()
                    .find(|c| plan.items.iter().any(|i| &i.number == *c) || self.added.contains(c))
                {
                    return Ok((found.clone(), None));
                }
                if let (Some(n), Some(it)) = (numeric, plan.items.iter().find(|i| i.number == item))
                {
                    if n >= 1 && n <= it.rows.len() {
                        self.notes.assume(sub.span.clone(), sub.span.clone(), format!("подпункт {label} пункта {item} read as row {n} of item {item}: the plan has no item {}", candidates[0]));
                        return Ok((item.to_string(), Some(n)));
                    }
                }
                Err((
                    sub.span.clone(),
                    format!(
                        "the plan has neither item {} nor a row {label} in item {item}",
                        candidates[0]
                    ),
                ))
            }
            None if numeric.is_some() => {
                self.notes.assume(
                    sub.span.clone(),
                    sub.span.clone(),
                    format!(
                        "подпункт {label} пункта {item} read as item {}; give a plan to check",
                        candidates[0]
                    ),
                );
                Ok((candidates[0].clone(), None))
            }
            None => Err((
                sub.span.clone(),
                format!("sub-item «{label}» of item {item} can only be found in a plan: give one"),
            )),
        }
    }

    /// Items of sections named by number or title (needs a plan).
    fn section_items(&mut self, sections: &[RefAt]) -> Result<Vec<String>, Fail> {
        let Some(plan) = self.plan else {
            let at = sections.first().map_or(0..0, |s| s.span.clone());
            return Err((
                at,
                "the items of a section can only be found in a plan: give one".into(),
            ));
        };
        let mut out = Vec::new();
        for s in sections {
            let wanted = match &s.r {
                Ref::Roman(n) | Ref::Num(n) => plan.sections.iter().find(|x| &x.number == n),
                Ref::Quote(q) => {
                    let t = normalize(self.quote_text(*q));
                    plan.sections.iter().find(|x| normalize(&x.title) == t)
                }
                _ => None,
            };
            let Some(section) = wanted else {
                return Err((s.span.clone(), "the plan has no such section".into()));
            };
            let id = section.id().to_string();
            out.extend(
                plan.items
                    .iter()
                    .filter(|i| i.section.as_deref() == Some(id.as_str()))
                    .map(|i| i.number.clone()),
            );
        }
        Ok(out)
    }

    /// «позиция, касающаяся …»: the one item (and row) of the plan whose
    /// text has every word of the description (compared by stem, so the
    /// genitive of the formula finds the nominative of the table).
    fn position(&mut self, p: &RefAt) -> Result<(String, Option<usize>), Fail> {
        let about = match &p.r {
            Ref::About(span) => self.text[span.clone()].to_string(),
            Ref::Quote(q) => self.quote_text(*q).to_string(),
            _ => return Err((p.span.clone(), "which position?".into())),
        };
        let Some(plan) = self.plan else {
            return Err((
                p.span.clone(),
                format!(
                    "a position («касающаяся {}») can only be found in a plan: give one",
                    about.trim()
                ),
            ));
        };
        let stems: Vec<String> = about
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(stem)
            .collect();
        if stems.is_empty() {
            return Err((
                p.span.clone(),
                "the position's description has no words to look for".into(),
            ));
        }
        let mut matches: Vec<(String, Option<usize>)> = Vec::new();
        for item in &plan.items {
            let row_hits: Vec<usize> = item
                .rows
                .iter()
                .enumerate()
                .filter(|(_, row)| {
                    let words: Vec<String> = row
                        .values()
                        .flat_map(|c| {
                            c.text
                                .split(|ch: char| !ch.is_alphanumeric())
                                .map(|w| w.to_lowercase())
                                .collect::<Vec<_>>()
                        })
                        .collect();
                    stems
                        .iter()
                        .all(|s| words.iter().any(|w| w.starts_with(s.as_str())))
                })
                .map(|(i, _)| i + 1)
                .collect();
            match row_hits.as_slice() {
                [] => {}
                [r] if item.rows.len() > 1 => matches.push((item.number.clone(), Some(*r))),
                _ => matches.push((item.number.clone(), None)),
            }
        }
        match matches.len() {
            1 => {
                let (item, row) = matches.remove(0);
                let what = match row {
                    Some(r) => format!("row {r} of item {item}"),
                    None => format!("item {item}"),
                };
                self.notes.assume(
                    p.span.clone(),
                    p.span.clone(),
                    format!(
                        "the position «касающаяся {}» is {what} of the plan",
                        about.trim()
                    ),
                );
                Ok((item, row))
            }
            0 => Err((
                p.span.clone(),
                format!("no row of the plan is about «{}»", about.trim()),
            )),
            _ => {
                let list: Vec<String> = matches.iter().map(|(i, _)| i.clone()).collect();
                Err((
                    p.span.clone(),
                    format!(
                        "several items are about «{}»: {}",
                        about.trim(),
                        list.join(", ")
                    ),
                ))
            }
        }
    }

    /// Where the first of the added items goes: after or before the item
    /// an anchor names («после пункта 5», «перед пунктом 5»), at the end of
    /// the section the formula names, or after the item numbered just
    /// before it.
    fn first_position(
        &mut self,
        clause: &Clause,
        loc: &Loc,
        number: Option<&str>,
    ) -> Result<Position, Fail> {
        if let Some(anchor) = self.place_anchor(clause)? {
            let target = self.loc(&anchor.links)?.inherit(&Loc::default());
            let unit = anchor.head().unit;
            let items = self.items_of(clause, &target, unit)?;
            return match (anchor.role, items.as_slice()) {
                // Right before item N, in N's section (items_of has
                // warned if the plan does not have it).
                (Role::Before, [(item, None)]) => Ok(Position::Before(item.clone())),
                (Role::Before, _) => Err((anchor.span(), "add before which item? name one".into())),
                (_, [(item, None)]) => Ok(Position::After(item.clone())),
                _ => Err((anchor.span(), "add after which item? name one".into())),
            };
        }
        let target = self.object_loc(clause, loc)?;
        if let Some(sections) = &target.sections {
            if target.items.is_none() {
                return Ok(Position::EndOfSection(self.section_ref(&sections[0])?));
            }
        }
        let Some(number) = number else {
            return Ok(Position::End);
        };
        Ok(self.after_previous(number, clause))
    }

    /// After the item numbered just before `number`: «2.3» after «2.2» (or
    /// the last item under it), «2.1» after «2», «14» after «13».
    fn after_previous(&mut self, number: &str, clause: &Clause) -> Position {
        let mut candidates = Vec::new();
        let (prefix, last) = number
            .rsplit_once('.')
            .map_or(("", number), |(p, l)| (p, l));
        if let Ok(n) = last.parse::<u32>() {
            for k in (1..n).rev().take(50) {
                candidates.push(if prefix.is_empty() {
                    k.to_string()
                } else {
                    format!("{prefix}.{k}")
                });
            }
            if !prefix.is_empty() {
                candidates.push(prefix.to_string());
            }
        }
        let known = |c: &str, plan: Option<&Plan>, added: &[String]| {
            plan.is_some_and(|p| p.items.iter().any(|i| i.number == c))
                || added.iter().any(|a| a == c)
        };
        match self.plan {
            Some(plan) => {
                for c in &candidates {
                    if known(c, Some(plan), &self.added) {
                        // The last item under it: «2.2.1» after «2.2».
                        let under = format!("{c}.");
                        let start = plan.items.iter().position(|i| &i.number == c);
                        let mut last = c.clone();
                        if let Some(s) = start {
                            for i in &plan.items[s + 1..] {
                                if i.number.starts_with(&under) {
                                    last = i.number.clone();
                                } else {
                                    break;
                                }
                            }
                        }
                        self.notes.assume(
                            clause.span.clone(),
                            clause.span.clone(),
                            format!(
                                "item {number} placed after item {last}, the one numbered before it"
                            ),
                        );
                        return Position::After(last);
                    }
                }
                self.notes.warning(clause.span.clone(), clause.span.clone(), format!("no item numbered before {number} in the plan: item {number} goes at the end"));
                Position::End
            }
            None => match candidates.first() {
                Some(c) => {
                    self.notes.assume(clause.span.clone(), clause.span.clone(), format!("item {number} placed after item {c}, the number before it; give a plan (or «после пункта …») to check"));
                    Position::After(c.clone())
                }
                None => {
                    self.notes.assume(
                        clause.span.clone(),
                        clause.span.clone(),
                        format!("item {number} goes at the end of the plan"),
                    );
                    Position::End
                }
            },
        }
    }

    /// The restated or added items in the clause's quoted text.
    fn table_items(
        &mut self,
        clause: &Clause,
        expected: &[String],
    ) -> Result<Vec<(String, Vec<Row>)>, Fail> {
        if clause.content.is_empty() {
            return Err((
                clause.span.clone(),
                "the new text is not in the text: no quoted text after the formula".into(),
            ));
        }
        let blocks: Vec<Range<usize>> = clause
            .content
            .iter()
            .map(|&q| self.quotes[q].inner.clone())
            .collect();
        self.items_from_blocks(clause, &blocks, expected)
    }

    fn items_from_blocks(
        &mut self,
        clause: &Clause,
        blocks: &[Range<usize>],
        expected: &[String],
    ) -> Result<Vec<(String, Vec<Row>)>, Fail> {
        let cells = table::cells(self.text, blocks);
        let items = table::split_items(&cells, expected)?;
        let per_line: Vec<&[table::RawCell]> = items
            .iter()
            .map(|(_, r)| &cells[r.clone()])
            .filter(|c| table::cell_per_line(c))
            .collect();
        let width = match self.plan {
            Some(plan) => Some(plan.columns.len() + 1),
            None if per_line.is_empty() => None,
            None => {
                match table::infer_width(&per_line) {
                    Some(w) => {
                        self.notes.assume(
                        blocks[0].clone(),
                        clause.span.clone(),
                        format!("the restated rows are read as {} cells each (the item number and {} columns), as the text splits evenly so; give a plan to check", w, w - 1),
                    );
                        Some(w)
                    }
                    None => {
                        return Err((blocks[0].clone(), "the restated text does not split into rows of equal width: give a plan".into()));
                    }
                }
            }
        };
        let mut out = Vec::new();
        for (number, range) in items {
            let rows = table::rows(&cells[range.clone()], width, self.plan)?;
            if rows.is_empty() {
                let at = cells
                    .get(range.start)
                    .map_or(blocks[0].clone(), |c| c.span.clone());
                return Err((at, format!("item {number} has no text")));
            }
            out.push((number, rows));
        }
        Ok(out)
    }

    fn content_cells(&mut self, clause: &Clause) -> Result<Row, Fail> {
        self.cells_of(&clause.content)
    }

    fn cells_of(&mut self, quotes: &[usize]) -> Result<Row, Fail> {
        let blocks: Vec<Range<usize>> = quotes
            .iter()
            .map(|&q| self.quotes[q].inner.clone())
            .collect();
        let cells = table::cells(self.text, &blocks);
        let row = table::row_cells(&cells, self.plan)?;
        if row.is_empty() {
            let at = blocks.first().cloned().unwrap_or(0..0);
            return Err((at, "the new row has no text".into()));
        }
        Ok(row)
    }

    /// Footnote texts: each quotation starts with its mark («1 Текст»).
    fn footnote_texts(
        &mut self,
        clause: &Clause,
        marks: &[(String, Range<usize>)],
    ) -> Result<Vec<(String, String)>, Fail> {
        if clause.content.is_empty() {
            return Err((
                clause.span.clone(),
                "the footnote's text is not in the text: no quoted text after the formula".into(),
            ));
        }
        if !marks.is_empty() && marks.len() != clause.content.len() {
            return Err((
                clause.span.clone(),
                format!(
                    "{} footnotes named, {} texts given",
                    marks.len(),
                    clause.content.len()
                ),
            ));
        }
        let mut out = Vec::new();
        for (k, &q) in clause.content.iter().enumerate() {
            let text = table::cell_text(self.text, self.quotes[q].inner.clone());
            let (lead, rest) = split_mark(&text);
            let number = match marks.get(k) {
                Some((m, span)) => {
                    if lead.as_deref() != Some(m.as_str()) && lead.is_some() {
                        return Err((self.quotes[q].span(), format!("footnote {m}: the text starts with mark «{}»", lead.unwrap_or_default())));
                    }
                    let _ = span;
                    m.clone()
                }
                None => match &lead {
                    Some(m) => m.clone(),
                    None => return Err((self.quotes[q].span(), "the footnote's mark is neither in the formula nor at the start of its text".into())),
                },
            };
            let text = if lead.is_some() { rest } else { text.clone() };
            if text.trim().is_empty() {
                return Err((
                    self.quotes[q].span(),
                    format!("footnote {number} has no text"),
                ));
            }
            out.push((number, text));
        }
        Ok(out)
    }
}

/// A section's heading as quoted: its number («V.», «VII.3», «VII.3.») and
/// title. A number of digits alone needs its dot («2.»), so that a title
/// that starts with a year («2018 год …») is not read as a number.
fn split_heading(heading: &str) -> (Option<String>, &str) {
    let (first, rest) = heading
        .split_once(char::is_whitespace)
        .unwrap_or((heading, ""));
    let dotted = first.strip_suffix('.');
    let number = section_number(dotted.unwrap_or(first))
        .filter(|n| dotted.is_some() || !n.bytes().all(|b| b.is_ascii_digit()));
    match number {
        Some(n) => (Some(n), rest.trim()),
        None => (None, heading),
    }
}

/// «V», «VII.3», «2.1» (Cyrillic look-alikes read as Latin) → the section
/// number; anything else → `None`.
fn section_number(text: &str) -> Option<String> {
    let (head, tail) = text.split_once('.').unwrap_or((text, ""));
    let head = if head.bytes().all(|b| b.is_ascii_digit()) && !head.is_empty() {
        head.to_string()
    } else {
        super::grammar::roman(head)?
    };
    if tail.is_empty() {
        return Some(head);
    }
    tail.split('.')
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{head}.{tail}"))
}

/// A footnote's leading mark: «2.1 Текст» → («2.1», «Текст»); «* Текст».
fn split_mark(text: &str) -> (Option<String>, String) {
    let trimmed = text.trim_start();
    let end = trimmed
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == '*'))
        .map_or(trimmed.len(), |(i, _)| i);
    let mark = trimmed[..end].trim_end_matches('.');
    let rest = &trimmed[end..];
    if mark.is_empty() || !rest.starts_with(char::is_whitespace) {
        return (None, text.to_string());
    }
    (Some(mark.to_string()), rest.trim_start().to_string())
}

/// Lower-case stem for comparing a description with table text.
fn stem(word: &str) -> String {
    let lower = word.to_lowercase().replace('ё', "е");
    let n = lower.chars().count();
    let keep = if n <= 4 { n } else { (n - 2).max(4) };
    lower.chars().take(keep).collect()
}

/// Puts the cell an anchor names («после абзаца второго графы «…» пункта
/// 5») into the target; naming another cell than the formula's is a
/// problem, never a choice between them.
fn merge_cell(target: &mut Loc, named: Loc, at: Range<usize>) -> Result<(), Fail> {
    let conflict = || {
        Err((
            at.clone(),
            "the new абзац is added to one cell, but placed by an абзац of another".to_string(),
        ))
    };
    let numbers = |v: &Option<Vec<(String, Range<usize>)>>| {
        v.as_ref()
            .map(|v| v.iter().map(|x| x.0.clone()).collect::<Vec<_>>())
    };
    if named.items.is_some() {
        if target.items.is_some() && numbers(&target.items) != numbers(&named.items) {
            return conflict();
        }
        target.items = named.items;
    }
    if named.position.is_some() {
        if target.position.is_some()
            && target.position.as_ref().map(|p| &p.r) != named.position.as_ref().map(|p| &p.r)
        {
            return conflict();
        }
        target.position = named.position;
    }
    if named.sub.is_some() {
        if target.sub.is_some()
            && target
                .sub
                .as_ref()
                .map(|s| s.iter().map(|x| &x.r).collect::<Vec<_>>())
                != named
                    .sub
                    .as_ref()
                    .map(|s| s.iter().map(|x| &x.r).collect::<Vec<_>>())
        {
            return conflict();
        }
        target.sub = named.sub;
    }
    if named.rows.is_some() {
        let rows = |v: &Option<Vec<(usize, Range<usize>)>>| {
            v.as_ref()
                .map(|v| v.iter().map(|x| x.0).collect::<Vec<_>>())
        };
        if target.rows.is_some() && rows(&target.rows) != rows(&named.rows) {
            return conflict();
        }
        target.rows = named.rows;
    }
    if named.columns.is_some() {
        let texts = |v: &Option<Vec<ColRef>>| {
            v.as_ref()
                .map(|v| v.iter().map(|c| c.text.clone()).collect::<Vec<_>>())
        };
        if target.columns.is_some() && texts(&target.columns) != texts(&named.columns) {
            return conflict();
        }
        target.columns = named.columns;
    }
    if named.footnotes.is_some() {
        target.footnotes = named.footnotes;
    }
    Ok(())
}

/// Pairs old and new words: one to one, or all to one.
fn pair(
    froms: &[(String, Range<usize>)],
    tos: &[(String, Range<usize>)],
    clause: &Clause,
) -> Result<Vec<(String, String)>, Fail> {
    if froms.len() == tos.len() {
        return Ok(froms
            .iter()
            .zip(tos)
            .map(|(f, t)| (f.0.clone(), t.0.clone()))
            .collect());
    }
    if tos.len() == 1 && !clause.respectively {
        return Ok(froms
            .iter()
            .map(|f| (f.0.clone(), tos[0].0.clone()))
            .collect());
    }
    let at = tos.first().map_or(clause.span.clone(), |t| t.1.clone());
    Err((
        at,
        format!(
            "{} quoted words against {} replacements: they do not pair up",
            froms.len(),
            tos.len()
        ),
    ))
}

/// Removes rows from the last, so earlier row numbers stay valid.
fn push_row_removals(mut rows: Vec<(String, usize)>, out: &mut Vec<Operation>) {
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    rows.dedup();
    for (item, row) in rows {
        out.push(Operation::RemoveRow {
            point: None,
            item,
            row,
        });
    }
}

/// Sets the order's point on an operation.
fn set_point(op: &mut Operation, p: &str) {
    *op.point_mut() = Some(p.to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_count_out() {
        assert_eq!(expand("5", "7").unwrap(), ["5", "6", "7"]);
        assert_eq!(expand("1.5", "1.7").unwrap(), ["1.5", "1.6", "1.7"]);
        assert!(expand("7", "5").is_err());
        assert!(expand("1.5", "2.7").is_err());
    }

    #[test]
    fn section_headings() {
        assert_eq!(
            split_heading("V. Новый раздел"),
            (Some("V".into()), "Новый раздел")
        );
        assert_eq!(
            split_heading("VII.3. Новый"),
            (Some("VII.3".into()), "Новый")
        );
        assert_eq!(
            split_heading("VII.3 Новый"),
            (Some("VII.3".into()), "Новый")
        );
        assert_eq!(split_heading("Х. Десятый"), (Some("X".into()), "Десятый"));
        assert_eq!(split_heading("2. Второй"), (Some("2".into()), "Второй"));
        assert_eq!(
            split_heading("2.1 Подраздел"),
            (Some("2.1".into()), "Подраздел")
        );
        assert_eq!(split_heading("2018 год"), (None, "2018 год"));
        assert_eq!(split_heading("Открытость"), (None, "Открытость"));
        assert_eq!(section_number("V.1a"), None);
    }

    #[test]
    fn footnote_marks() {
        assert_eq!(
            split_mark("2.1 По итогам"),
            (Some("2.1".into()), "По итогам".into())
        );
        assert_eq!(split_mark("* Стадии"), (Some("*".into()), "Стадии".into()));
        assert_eq!(split_mark("Текст"), (None, "Текст".into()));
    }
}
