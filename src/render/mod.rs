//! Renderers of a [`Diff`]: terminal text, JSON and a printable HTML
//! redline. They only read the diff; nothing here compares anything.
//!
//! ```
//! # fn main() -> Result<(), planver::Error> {
//! use planver::render;
//! let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
//! let diff = history.diff(0, 1);
//! let text = render::text(&diff, &render::TextOptions::default());
//! assert!(text.contains("[-20134-]{+2014+}"));
//! let html = render::html(&diff);
//! assert!(html.contains("<del>20134</del><ins>2014</ins>"));
//! let json = render::json(&diff)?;
//! assert!(json.contains("\"op\": \"insert\""));
//! # Ok(()) }
//! ```

mod html;
mod text;

pub use html::html;
pub use text::{TextOptions, text};

use crate::diff::Diff;
use crate::error::Error;
use crate::format_date;
use crate::revision::{ItemStatus, RevisionInfo};

/// The diff as pretty-printed JSON, in the format of
/// [`crate::schema::diff`].
///
/// # Errors
/// [`Error::Output`] if serialization fails (it does not for diffs built
/// by planver).
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let json: serde_json::Value = serde_json::from_str(&planver::render::json(&history.diff(0, 1))?).unwrap();
/// assert_eq!(json["summary"]["items"], 7);
/// # Ok(()) }
/// ```
pub fn json(diff: &Diff) -> Result<String, Error> {
    serde_json::to_string_pretty(diff).map_err(|e| Error::Output {
        what: "JSON".into(),
        message: e.to_string(),
    })
}

/// «редакция 1, действует с 29.08.2014 по 31.12.2014».
fn revision_label(r: &RevisionInfo) -> String {
    let mut s = format!("редакция {}, действует с {}", r.index, format_date(r.from));
    if let Some(until) = r.until.and_then(|u| u.pred_opt()) {
        s.push_str(&format!(" по {}", format_date(until)));
    }
    s
}

/// The acts behind a change, as cited: «приказ Минтруда России от
/// 29.08.2014 № 587».
fn acts_label(diff: &Diff, acts: &[usize]) -> String {
    acts.iter()
        .filter_map(|&a| diff.act(a))
        .map(|a| a.entry.act.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// What happened to an item, in Russian: «перенумерован (был пункт 5),
/// изменен».
fn item_kinds(item: &crate::ItemChange) -> String {
    use crate::ItemChangeKind as K;
    item.kinds()
        .iter()
        .map(|&k| match k {
            K::Renumbered => match item.before() {
                Some(old) => format!("перенумерован (был пункт {})", old.number),
                None => k.russian().to_string(),
            },
            K::Repealed => match item.after().map(|h| h.status) {
                Some(ItemStatus::Repealed { since, .. }) => {
                    format!("утратил силу с {}", format_date(since))
                }
                _ => k.russian().to_string(),
            },
            K::Moved => {
                let section = |h: Option<&crate::ItemHead>| {
                    h.and_then(|h| h.section.clone())
                        .unwrap_or_else(|| "—".to_string())
                };
                let (a, b) = (section(item.before()), section(item.after()));
                if a != b {
                    format!("перемещен (раздел {a} → {b})")
                } else {
                    k.russian().to_string()
                }
            }
            _ => k.russian().to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// «сноска добавлена», … for footnotes and sections.
fn change_word(kind: crate::ChangeKind, feminine: bool) -> &'static str {
    use crate::ChangeKind as K;
    match (kind, feminine) {
        (K::Added, true) => "добавлена",
        (K::Added, false) => "добавлен",
        (K::Changed, true) => "изменена",
        (K::Changed, false) => "изменен",
        (K::Removed, true) => "исключена",
        (K::Removed, false) => "исключен",
    }
}

/// The label of a cell: «Мероприятие» or «строка 3, Мероприятие».
fn cell_label(diff: &Diff, item: &crate::ItemChange, cell: &crate::CellChange) -> String {
    let title = &diff.column(cell).title;
    let multi = item
        .cells()
        .iter()
        .any(|c| c.new_row().unwrap_or(0) > 0 || c.old_row().unwrap_or(0) > 0);
    if !multi {
        return title.clone();
    }
    match (cell.old_row(), cell.new_row()) {
        (_, Some(r)) => format!("строка {}, {title}", r + 1),
        (Some(r), None) => format!("строка {} (исключена), {title}", r + 1),
        (None, None) => title.clone(),
    }
}

/// The line of metadata changes, in Russian.
fn metadata_line(m: &crate::MetadataChange) -> String {
    use crate::MetadataChange as M;
    match m {
        M::Title { old, new } => format!("Наименование: «{old}» → «{new}»"),
        M::Act { old, new } => format!("Утверждающий акт: {old} → {new}"),
        M::ColumnAdded { title, .. } => format!("Добавлена графа «{title}»"),
        M::ColumnRemoved { title, .. } => format!("Исключена графа «{title}»"),
        M::ColumnRetitled { old, new, .. } => format!("Графа «{old}» названа «{new}»"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revision_labels_end_the_day_before_the_next() {
        let r = RevisionInfo {
            index: 0,
            from: chrono::NaiveDate::from_ymd_opt(2013, 8, 2).unwrap(),
            until: chrono::NaiveDate::from_ymd_opt(2014, 8, 29),
            acts: vec![0],
        };
        assert_eq!(
            revision_label(&r),
            "редакция 0, действует с 02.08.2013 по 28.08.2014"
        );
    }
}
