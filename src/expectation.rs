//! Expectations: statements about a plan's history that `planver check`
//! verifies, for teams that keep regression fixtures of their own plans.

use crate::history::History;
use crate::matching::normalize;
use crate::revision::{ItemStatus, Refusal};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One statement about the plan on a date, such as "item 10 on 2014-09-01
/// contains «Ф.И. Воронин» in column «Ответственный исполнитель», in the
/// wording of order 587".
///
/// Text comparisons ignore spacing, quote and dash style, but not letter
/// case (see [`crate::matching`]).
///
/// # Example
/// ```
/// let e: planver::Expectation = serde_json::from_str(r#"{
///   "date": "2014-09-01", "item": "10", "column": "Ответственный исполнитель",
///   "contains": "Ф.И. Воронин", "source": "587"
/// }"#)?;
/// assert_eq!(e.item.as_deref(), Some("10"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The date the statement is about.
    pub date: NaiveDate,
    /// What the statement checks, in words, for reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The item's display number on that date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// A column of the item (id, printed title or number); absent means the
    /// whole item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// A footnote mark; the text checks then apply to the footnote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footnote: Option<String>,
    /// The text contains these words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<String>,
    /// The text does not contain these words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_contains: Option<String>,
    /// The text is exactly this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,
    /// The item's status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ExpectedStatus>,
    /// The number of the act that set the wording («587»), or `"base"`.
    /// With a column, every cell of the column must come from it; without,
    /// at least one cell of the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The number of items listed on that date (in force or repealed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<usize>,
    /// The number of sections on that date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sections: Option<usize>,
    /// The number of footnotes on that date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footnotes: Option<usize>,
}

/// An item's expected status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExpectedStatus {
    /// In force.
    InForce,
    /// Repealed (утратил силу).
    Repealed,
    /// Excluded (исключен).
    Excluded,
    /// No item has the number on that date.
    Absent,
}

/// An expectation that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// 1-based position in `expectations.json`.
    pub index: usize,
    /// The statement.
    pub expectation: Expectation,
    /// What was found instead.
    pub message: String,
}

/// What `planver check` found: refused operations and failed expectations.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Operations that could not apply.
    pub refusals: Vec<Refusal>,
    /// Expectations that did not hold.
    pub failures: Vec<Failure>,
    /// How many expectations were verified.
    pub expectations: usize,
    /// Inconsistencies of the bundle itself, such as an order that says it
    /// amends a plan other than this one.
    pub inconsistencies: Vec<String>,
}

impl CheckReport {
    /// True when every operation applied and every expectation held.
    pub fn is_clean(&self) -> bool {
        self.refusals.is_empty() && self.failures.is_empty() && self.inconsistencies.is_empty()
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for i in &self.inconsistencies {
            writeln!(f, "inconsistent: {i}")?;
        }
        for r in &self.refusals {
            writeln!(f, "refused: {}", r.error)?;
        }
        for failure in &self.failures {
            let what = failure.expectation.note.as_deref().unwrap_or("");
            writeln!(
                f,
                "expectation {} failed{}{}: {}",
                failure.index,
                if what.is_empty() { "" } else { " — " },
                what,
                failure.message
            )?;
        }
        write!(
            f,
            "{} refused operation(s), {} of {} expectation(s) failed",
            self.refusals.len(),
            self.failures.len(),
            self.expectations
        )
    }
}

/// Verifies `expectations` against `history`.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let bundle = planver::Bundle::load("fixtures/mintrud-2013-342")?;
/// let history = bundle.history()?;
/// let e: planver::Expectation = serde_json::from_str(
///     r#"{"date": "2014-08-28", "item": "10", "contains": "Ф.И. Воронин"}"#).unwrap();
/// let report = planver::check(&history, &[e]);
/// assert_eq!(report.failures.len(), 1);
/// # Ok(()) }
/// ```
pub fn check(history: &History, expectations: &[Expectation]) -> CheckReport {
    let mut report = CheckReport {
        refusals: history.refusals().to_vec(),
        failures: Vec::new(),
        expectations: expectations.len(),
        inconsistencies: Vec::new(),
    };
    for (i, e) in expectations.iter().enumerate() {
        if let Err(message) = verify(history, e) {
            report.failures.push(Failure {
                index: i + 1,
                expectation: e.clone(),
                message,
            });
        }
    }
    report
}

fn text_checks(e: &Expectation, text: &str) -> Result<(), String> {
    let have = normalize(text);
    if let Some(want) = &e.contains {
        if !have.contains(&normalize(want)) {
            return Err(format!("«{want}» not found in «{text}»"));
        }
    }
    if let Some(unwanted) = &e.not_contains {
        if have.contains(&normalize(unwanted)) {
            return Err(format!("«{unwanted}» found in «{text}»"));
        }
    }
    if let Some(want) = &e.equals {
        if have != normalize(want) {
            return Err(format!("text is «{text}», expected «{want}»"));
        }
    }
    Ok(())
}

fn verify(h: &History, e: &Expectation) -> Result<(), String> {
    let revision = h.revision_at(e.date).map_err(|err| err.to_string())?;
    if let Some(n) = e.items {
        let have = revision.items().len();
        if have != n {
            return Err(format!("{have} items, expected {n}"));
        }
    }
    if let Some(n) = e.sections {
        let have = revision.sections().len();
        if have != n {
            return Err(format!("{have} sections, expected {n}"));
        }
    }
    if let Some(n) = e.footnotes {
        let have = revision.footnotes().len();
        if have != n {
            return Err(format!("{have} footnotes, expected {n}"));
        }
    }
    if let Some(mark) = &e.footnote {
        let f = revision
            .footnotes()
            .iter()
            .find(|f| f.number == *mark)
            .ok_or_else(|| format!("no footnote «{mark}»"))?;
        text_checks(e, &f.text)?;
        if let Some(src) = &e.source {
            check_source(h, src, std::iter::once(f.source))?;
        }
        return Ok(());
    }
    let Some(number) = &e.item else {
        return Ok(());
    };
    let item = match h.item_at(number, e.date) {
        Ok(item) => item,
        Err(_) if e.status == Some(ExpectedStatus::Absent) => return Ok(()),
        Err(err) => return Err(err.to_string()),
    };
    let v = item.version();
    if let Some(status) = e.status {
        let have = match v.status {
            ItemStatus::InForce => ExpectedStatus::InForce,
            ItemStatus::Repealed { .. } => ExpectedStatus::Repealed,
            ItemStatus::Excluded { .. } => ExpectedStatus::Excluded,
        };
        if have != status {
            return Err(format!("item {number} is {have:?}, expected {status:?}"));
        }
    }
    let column = match &e.column {
        Some(c) => Some(
            h.column_index(c)
                .ok_or_else(|| format!("no column «{c}» in the plan"))?,
        ),
        None => None,
    };
    let text = match column {
        Some(c) => v.column_text(c),
        None => v.text(),
    };
    text_checks(e, &text)?;
    if let Some(src) = &e.source {
        let sources: Vec<_> = v
            .cells()
            .filter(|(_, c)| column.is_none_or(|col| col == c.column))
            .map(|(_, c)| c.source)
            .collect();
        if column.is_some() {
            check_source(h, src, sources.into_iter())?;
        } else if !sources.iter().any(|s| source_is(h, src, *s)) {
            return Err(format!(
                "no cell of item {number} is in the wording of «{src}»"
            ));
        }
    }
    Ok(())
}

fn source_is(h: &History, want: &str, s: crate::Source) -> bool {
    if want == "base" {
        s.is_base()
    } else {
        !s.is_base() && h.act(s).act.number == want
    }
}

fn check_source(
    h: &History,
    want: &str,
    mut sources: impl Iterator<Item = crate::Source>,
) -> Result<(), String> {
    match sources.find(|s| !source_is(h, want, *s)) {
        None => Ok(()),
        Some(s) => Err(format!(
            "wording is from {}, expected «{want}»",
            h.act(s).act
        )),
    }
}
