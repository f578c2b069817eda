//! Shared pieces of terminal and JSON output.

use planver::{CellVersion, History, ItemVersion};
use serde::Serialize;
use std::io::Write;

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), planver::Error> {
    // Buffered: a line-buffered stdout would make a system call per line.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let write = serde_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    match write {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(planver::Error::Io {
            path: "<stdout>".into(),
            source,
        }),
    }
}

/// Indents every line of `text` by `by` spaces.
pub fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines()
        .map(|l| format!("{pad}{}", l.trim_end()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One item in readable form: each cell with its column title and, after
/// cells set by an order, the edition note.
pub fn item(history: &History, version: &ItemVersion, out: &mut String) {
    use std::fmt::Write as _;
    let _ = writeln!(out, "Пункт {}", version.number);
    if let Some(note) = history.status_note(version) {
        let _ = writeln!(out, "  {note}");
    }
    for (r, row) in version.rows.iter().enumerate() {
        if version.rows.len() > 1 {
            let _ = writeln!(out, "  — строка {}", r + 1);
        }
        for cell in &row.cells {
            cell_text(history, cell, out);
        }
    }
}

fn cell_text(history: &History, cell: &CellVersion, out: &mut String) {
    use std::fmt::Write as _;
    let title = &history.columns()[cell.column].title;
    let _ = writeln!(out, "  {title}:");
    let _ = writeln!(out, "{}", indent(&cell.text, 4));
    if cell.reconstructed {
        let _ = writeln!(
            out,
            "    [реконструировано: полный текст в источниках отсутствует]"
        );
    }
    if let Some(note) = history.edition_note(cell.source) {
        let _ = writeln!(out, "    {note}");
    }
}

/// A cell as JSON for tools.
#[derive(Serialize)]
pub struct CellJson<'a> {
    pub row: usize,
    pub column: &'a str,
    pub title: &'a str,
    pub text: &'a str,
    pub reconstructed: bool,
    pub source: SourceJson,
}

/// Where a wording came from, as JSON.
#[derive(Serialize)]
pub struct SourceJson {
    pub act: String,
    pub number: String,
    pub date: chrono::NaiveDate,
    pub effective: chrono::NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

pub fn source_json(history: &History, source: planver::Source) -> SourceJson {
    let entry = history.act(source);
    let point = source.operation.and_then(|op| {
        history
            .order(source.act)
            .and_then(|o| o.operations.get(op))
            .and_then(|o| o.point().map(str::to_string))
    });
    SourceJson {
        act: entry.act.to_string(),
        number: entry.act.number.clone(),
        date: entry.act.date,
        effective: entry.effective,
        operation: source.operation.map(|o| o + 1),
        point,
        note: history.edition_note(source),
    }
}

/// An item as JSON for tools.
#[derive(Serialize)]
pub struct ItemJson<'a> {
    pub number: &'a str,
    pub id: &'a str,
    pub section: Option<&'a str>,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_note: Option<String>,
    pub cells: Vec<CellJson<'a>>,
}

pub fn item_json<'a>(history: &'a History, v: &'a ItemVersion) -> ItemJson<'a> {
    ItemJson {
        number: &v.number,
        id: &v.id,
        section: v.section.as_deref(),
        status: match v.status {
            planver::ItemStatus::Repealed { .. } => "repealed",
            planver::ItemStatus::Excluded { .. } => "excluded",
            _ => "in_force",
        },
        status_note: history.status_note(v),
        cells: v
            .cells()
            .map(|(row, c)| {
                let column = &history.columns()[c.column];
                CellJson {
                    row: row + 1,
                    column: &column.id,
                    title: &column.title,
                    text: &c.text,
                    reconstructed: c.reconstructed,
                    source: source_json(history, c.source),
                }
            })
            .collect(),
    }
}

/// Writes text to stdout, ignoring a closed pipe.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
}
