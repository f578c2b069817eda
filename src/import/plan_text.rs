//! Reading a plan from exported text: the approving act's header, the
//! appendix title, the table and its footnotes.
//!
//! The text this reads looks like this (tabs shown as «→»):
//!
//! ```text
//! ДЕПАРТАМЕНТ СОЦИАЛЬНОЙ ЗАЩИТЫ НАСЕЛЕНИЯ      issuer, in capitals
//! ТОМСКОЙ ОБЛАСТИ
//! РАСПОРЯЖЕНИЕ                                 kind of act
//! 03.04. 2017                                  date (stray spaces allowed)
//! № 149                                        number
//! Об утверждении плана мероприятий …           the act's title
//! …                                            the act's text (skipped)
//! Приложение.
//! План мероприятий («дорожная карта") …        the plan's title, up to the table
//! п/п→Механизм …→Срок→…                        column header row
//! I. Реализация принципа …→→→→→                section row
//! 1.→Размещение …→1→постоянно→Сухорослова И.П.→  item row
//! * - стадии отражают …                        footnote
//! ```
//!
//! Rows are tab-separated; a line that starts neither an item, a section
//! nor a footnote continues the last cell of the row before it (a cell
//! printed over several lines). Stray HTML is turned into line breaks. Every
//! repair is reported as a [`Diagnostic`].

use super::{Diagnostic, ImportError, PlanImport};
use crate::act::{Act, ActKind};
use crate::plan::{Cell, Column, Footnote, Item, Plan, Row, Section};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Reads a plan of measures from exported text.
///
/// It reads the header of the approving act (the issuing body in capitals,
/// which becomes the genitive form citations use; the kind of act; the date;
/// the number; the act's title), the plan's title (the lines after
/// «Приложение»), the column header row (the line whose first cell is «п/п»
/// or «№ п/п»; that column holds the item numbers and is not a column of the
/// plan), section rows («I. Title», Cyrillic look-alike numerals read as
/// Latin), item rows («1.» → item `"1"`) and footnotes («* - text»).
///
/// Column ids come from keywords of the printed titles («Срок» →
/// `"deadline"`, «Ответственный исполнитель» → `"responsible"`, …), or
/// `"col{N}"` when no keyword fits.
///
/// Repairs are reported in [`PlanImport::diagnostics`]: an empty cell more
/// than the table has columns is dropped; an empty cell that pushed the
/// rest of a row one column right (shown by a column that only such rows
/// fill) is dropped and the row moved back; HTML is converted to line
/// breaks; the issuer is kept as printed when the rule for its genitive
/// form does not apply. No text of the table is dropped: cells beyond the
/// last column are added to the last column, with a diagnostic.
///
/// # Errors
/// An [`ImportError`] with the line and column where reading failed: no
/// column header row, no kind of act, date, number or issuer in the header,
/// no plan title, no items, or an item, section or footnote mark used twice.
///
/// # Example
/// ```
/// let text = "МИНИСТЕРСТВО ТРУДА И СОЦИАЛЬНОЙ ЗАЩИТЫ РОССИЙСКОЙ ФЕДЕРАЦИИ\n\
///             ПРИКАЗ\n\
///             02.08.2013\n\
///             № 342\n\
///             О плане работы\n\
///             \n\
///             Приложение\n\
///             План работы\n\
///             № п/п\tМероприятие\tСрок\n\
///             I. Открытость\t\t\n\
///             1.\tРазмещение <p>приказа</p>\tIII кв. 2013 г.\n";
/// let import = planver::import::read_plan(text)?;
/// let plan = &import.plan;
/// assert_eq!(plan.act.citation(), "приказа Министерства труда и социальной защиты Российской Федерации от 02.08.2013 № 342");
/// assert_eq!(plan.title, "План работы");
/// assert_eq!(plan.columns[1].id, "deadline");
/// assert_eq!(plan.items[0].number, "1");
/// assert_eq!(plan.items[0].section.as_deref(), Some("I"));
/// assert_eq!(plan.items[0].rows[0]["measure"].text, "Размещение\nприказа");
/// assert_eq!(import.diagnostics.len(), 1); // the HTML that was converted
/// # Ok::<(), planver::import::ImportError>(())
/// ```
pub fn read_plan(text: &str) -> Result<PlanImport, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut reader = Reader {
        lines: &lines,
        diagnostics: Vec::new(),
    };
    let header = lines
        .iter()
        .position(|l| l.contains('\t') && is_number_heading(first_cell(l)))
        .ok_or_else(|| {
            ImportError::new(
                1,
                1,
                "no column header row: no tab-separated line whose first cell is «п/п» or «№ п/п»",
            )
        })?;
    let head = reader.read_head(header)?;
    let plan = reader.read_table(header, head)?;
    let mut diagnostics = reader.diagnostics;
    diagnostics.sort_by_key(|d| (d.line, d.column));
    Ok(PlanImport { plan, diagnostics })
}

struct Reader<'a> {
    lines: &'a [&'a str],
    diagnostics: Vec<Diagnostic>,
}

/// What the header of the approving act and the appendix say.
struct Head {
    act: Act,
    title: String,
}

/// A cell as split from a line: its raw text and where it starts.
#[derive(Debug, Clone)]
struct RawCell {
    text: String,
    line: usize,
    column: usize,
}

#[derive(Debug)]
enum Kind {
    Header,
    Section {
        number: String,
        value: u32,
        cyrillic: bool,
        number_column: usize,
    },
    Item {
        number: String,
    },
    Footnote {
        mark: String,
    },
}

/// One row of the table (or a footnote) with the lines that continue it.
#[derive(Debug)]
struct Record {
    kind: Kind,
    line: usize,
    cells: Vec<RawCell>,
}

impl Record {
    /// Continues the record with a line that starts nothing new: its first
    /// cell continues the record's last cell, the others are new cells.
    fn extend(&mut self, cells: Vec<RawCell>) {
        let mut cells = cells.into_iter();
        if let Some(first) = cells.next() {
            if !first.text.trim().is_empty() {
                match self.cells.last_mut() {
                    Some(last) if !last.text.trim().is_empty() => {
                        last.text.push('\n');
                        last.text.push_str(&first.text);
                    }
                    Some(last) => *last = first,
                    None => self.cells.push(first),
                }
            }
        }
        self.cells.extend(cells);
    }
}

/// An item row on its way into the plan.
struct ItemRow {
    number: String,
    line: usize,
    section: Option<String>,
    cells: Vec<RawCell>,
}

impl Reader<'_> {
    fn diag(&mut self, line: usize, column: usize, message: impl Into<String>) {
        let text = self.lines.get(line.wrapping_sub(1)).copied().unwrap_or("");
        self.diagnostics.push(Diagnostic {
            line,
            column,
            message: message.into(),
            excerpt: excerpt(text, column),
        });
    }

    /// Reads the act and the plan's title from the lines above the table.
    fn read_head(&mut self, header: usize) -> Result<Head, ImportError> {
        let all = self.lines;
        let lines = &all[..header];
        let (kind_at, kind) = lines
            .iter()
            .enumerate()
            .find_map(|(i, l)| act_kind(l).map(|k| (i, k)))
            .ok_or_else(|| {
                ImportError::new(
                    1,
                    1,
                    "no kind of act (РАСПОРЯЖЕНИЕ, ПРИКАЗ, ПОСТАНОВЛЕНИЕ…) on a line of its own above the table",
                )
            })?;
        let kind_line = kind_at + 1;
        let kind_printed = lines[kind_at].trim();

        // The issuing body: the lines in capitals just above the kind of act.
        let mut issuer_lines = Vec::new();
        for i in (0..kind_at).rev() {
            let l = lines[i].trim();
            if l.is_empty() {
                continue;
            }
            if !is_capitals(l) {
                break;
            }
            issuer_lines.push(i);
        }
        issuer_lines.reverse();
        let Some(&first_issuer) = issuer_lines.first() else {
            return Err(ImportError::new(
                kind_line,
                1,
                format!("no issuing body in capitals above «{kind_printed}»"),
            ));
        };
        let printed = issuer_lines
            .iter()
            .flat_map(|&i| lines[i].split_whitespace())
            .collect::<Vec<_>>()
            .join(" ");
        let issuer = match issuer_genitive(&printed) {
            Ok(issuer) => issuer,
            Err(why) => {
                let column = leading_chars(lines[first_issuer]) + 1;
                self.diag(
                    first_issuer + 1,
                    column,
                    format!("issuer kept as printed, not put in the genitive: {why}"),
                );
                printed
            }
        };

        // Date and number, then the act's title.
        let mut date = None;
        let mut number = None;
        let mut title_at = None;
        for (i, line) in lines.iter().enumerate().skip(kind_at + 1) {
            if line.trim().is_empty() {
                continue;
            }
            if date.is_some() && number.is_some() {
                title_at = Some(i);
                break;
            }
            let d = find_date(line);
            let n = find_number(line);
            if d.is_none() && n.is_none() {
                title_at = Some(i);
                break;
            }
            date = date.or(d);
            number = number.or(n);
        }
        let date = date.ok_or_else(|| {
            ImportError::new(
                kind_line + 1,
                1,
                format!("no date (such as 03.04.2017) below «{kind_printed}»"),
            )
        })?;
        let number = number.ok_or_else(|| {
            ImportError::new(
                kind_line + 1,
                1,
                format!("no number (such as «№ 149») below «{kind_printed}»"),
            )
        })?;
        let act_title = title_at.and_then(|at| {
            let first = lines[at].trim_start();
            if !(first.starts_with("О ")
                || first.starts_with("Об ")
                || first.starts_with("О\u{a0}"))
            {
                return None;
            }
            let block: Vec<&str> = lines[at..]
                .iter()
                .take_while(|l| !l.trim().is_empty())
                .copied()
                .collect();
            Some(clean_title(&block))
        });

        // The plan's title: the lines after «Приложение», up to the table.
        let from = title_at.unwrap_or(kind_at + 1);
        let appendix = (from..header).find(|&i| {
            lines[i]
                .trim_start()
                .to_lowercase()
                .starts_with("приложение")
        });
        let title_lines: Vec<&str> = match appendix {
            Some(at) => lines[at + 1..header]
                .iter()
                .filter(|l| !l.trim().is_empty() && !is_appendix_stamp(l))
                .copied()
                .collect(),
            None => {
                let end = (from..header)
                    .rev()
                    .find(|&i| !lines[i].trim().is_empty())
                    .map_or(from, |i| i + 1);
                let start = (from..end)
                    .rev()
                    .find(|&i| lines[i].trim().is_empty())
                    .map_or(from, |i| i + 1);
                if start < end {
                    self.diag(
                        start + 1,
                        1,
                        "no «Приложение» line: the plan's title is taken from the lines above the table",
                    );
                }
                lines[start..end].to_vec()
            }
        };
        let mut title = clean_title(&title_lines);
        if title.is_empty() {
            match &act_title {
                Some(t) => {
                    self.diag(
                        header + 1,
                        1,
                        "no plan title above the table: the act's title is used",
                    );
                    title = t.clone();
                }
                None => {
                    return Err(ImportError::new(
                        header + 1,
                        1,
                        "no plan title: no lines after «Приложение» above the table",
                    ));
                }
            }
        }
        Ok(Head {
            act: Act {
                kind,
                issuer,
                number,
                date,
                title: act_title,
            },
            title,
        })
    }

    /// Reads the table from the column header row on.
    fn read_table(&mut self, header: usize, head: Head) -> Result<Plan, ImportError> {
        let records = self.records(header);
        let mut records = records.into_iter();
        let Some(header_record) = records.next() else {
            return Err(ImportError::new(header + 1, 1, "no column header row"));
        };
        let columns = self.columns(&header_record)?;

        let mut sections: Vec<Section> = Vec::new();
        let mut section_lines: HashMap<String, usize> = HashMap::new();
        let mut rows: Vec<ItemRow> = Vec::new();
        let mut item_lines: HashMap<String, usize> = HashMap::new();
        let mut footnotes: Vec<(Footnote, usize)> = Vec::new();
        let mut last_section: Option<u32> = None;

        for record in records {
            match record.kind {
                Kind::Header => {}
                Kind::Section {
                    number,
                    value,
                    cyrillic,
                    number_column,
                } => {
                    if let Some(&first) = section_lines.get(&number) {
                        return Err(ImportError::new(
                            record.line,
                            number_column,
                            format!("section {number} appears twice (first at line {first})"),
                        ));
                    }
                    section_lines.insert(number.clone(), record.line);
                    if cyrillic {
                        self.diag(
                            record.line,
                            number_column,
                            format!(
                                "section number written with Cyrillic letters; read as Latin «{number}»"
                            ),
                        );
                    }
                    let expected = last_section.map_or(1, |v| v + 1);
                    if value != expected {
                        self.diag(
                            record.line,
                            number_column,
                            format!(
                                "section {number} is out of sequence (expected {})",
                                to_roman(expected)
                            ),
                        );
                    }
                    last_section = Some(value);
                    let mut cells = record.cells.into_iter();
                    let mut title = cells
                        .next()
                        .map(|c| single_line(&clean_text(&c.text).text))
                        .unwrap_or_default();
                    for c in cells {
                        let extra = single_line(&clean_text(&c.text).text);
                        if !extra.is_empty() {
                            self.diag(
                                c.line,
                                c.column,
                                "text in another cell of a section row added to the section's title",
                            );
                            title.push(' ');
                            title.push_str(&extra);
                        }
                    }
                    sections.push(Section {
                        id: None,
                        number,
                        title,
                    });
                }
                Kind::Item { number } => {
                    if let Some(&first) = item_lines.get(&number) {
                        return Err(ImportError::new(
                            record.line,
                            1,
                            format!("item {number} appears twice (first at line {first})"),
                        ));
                    }
                    item_lines.insert(number.clone(), record.line);
                    let mut cells = Vec::with_capacity(record.cells.len());
                    for c in record.cells {
                        let cleaned = clean_text(&c.text);
                        if !cleaned.tags.is_empty() {
                            self.diag(
                                c.line,
                                c.column,
                                format!(
                                    "HTML converted to plain text ({}): paragraphs and list items on lines of their own",
                                    cleaned.tags.join(", ")
                                ),
                            );
                        }
                        cells.push(RawCell {
                            text: cleaned.text,
                            ..c
                        });
                    }
                    let mut row = ItemRow {
                        number,
                        line: record.line,
                        section: sections.last().map(|s| s.id().to_string()),
                        cells,
                    };
                    self.fit(&mut row, &columns);
                    rows.push(row);
                }
                Kind::Footnote { mark } => {
                    if let Some((_, first)) = footnotes.iter().find(|(f, _)| f.number == mark) {
                        return Err(ImportError::new(
                            record.line,
                            1,
                            format!("footnote «{mark}» appears twice (first at line {first})"),
                        ));
                    }
                    let raw: Vec<&str> = record.cells.iter().map(|c| c.text.as_str()).collect();
                    let text = clean_text(&raw.join(" ")).text;
                    if text.is_empty() {
                        self.diag(record.line, 1, format!("footnote «{mark}» has no text"));
                    }
                    footnotes.push((
                        Footnote {
                            number: mark,
                            text,
                            reconstructed: false,
                        },
                        record.line,
                    ));
                }
            }
        }

        if rows.is_empty() {
            return Err(ImportError::new(
                header + 1,
                1,
                "no items below the column header row (rows whose first cell is a number such as «1.»)",
            ));
        }
        self.unshift(&mut rows, &columns);

        for (f, line) in &footnotes {
            let mark = f.number.as_str();
            let used = columns.iter().any(|c| c.title.contains(mark))
                || rows
                    .iter()
                    .any(|r| r.cells.iter().any(|c| c.text.contains(mark)));
            if !used {
                self.diag(
                    *line,
                    1,
                    format!("footnote «{mark}» is not referenced in the table"),
                );
            }
        }

        let items = rows
            .into_iter()
            .map(|r| {
                let mut row = Row::new();
                for (cell, column) in r.cells.into_iter().zip(&columns) {
                    if !cell.text.is_empty() {
                        row.insert(column.id.clone(), Cell::new(cell.text));
                    }
                }
                if row.is_empty() {
                    self.diag(r.line, 1, format!("item {} has no text", r.number));
                }
                Item {
                    id: None,
                    number: r.number,
                    section: r.section,
                    rows: vec![row],
                }
            })
            .collect();
        let plan = Plan {
            title: head.title,
            act: head.act,
            effective: None,
            columns,
            sections,
            items,
            footnotes: footnotes.into_iter().map(|(f, _)| f).collect(),
            notes: Vec::new(),
        };
        plan.validate().map_err(|problem| {
            ImportError::new(
                header + 1,
                1,
                format!("the plan read is not valid: {problem}"),
            )
        })?;
        Ok(plan)
    }

    /// Splits the table into records: the header row, then section rows,
    /// item rows and footnotes, each with the lines that continue it.
    fn records(&mut self, header: usize) -> Vec<Record> {
        let lines = self.lines;
        let mut records = Vec::new();
        let mut cells = split_cells(lines[header], header + 1);
        if !cells.is_empty() {
            cells.remove(0);
        }
        records.push(Record {
            kind: Kind::Header,
            line: header + 1,
            cells,
        });
        let mut items = 0usize;
        for (i, line) in lines.iter().enumerate().skip(header + 1) {
            let line_no = i + 1;
            if line.trim().is_empty() {
                continue;
            }
            if let Some((mark, text_column, text)) = footnote_start(line) {
                records.push(Record {
                    kind: Kind::Footnote { mark },
                    line: line_no,
                    cells: vec![RawCell {
                        text,
                        line: line_no,
                        column: text_column,
                    }],
                });
                continue;
            }
            let mut cells = split_cells(line, line_no);
            if let Some(start) = cells.first().and_then(section_start) {
                cells[0] = RawCell {
                    text: start.title,
                    line: line_no,
                    column: start.title_column,
                };
                records.push(Record {
                    kind: Kind::Section {
                        number: start.number,
                        value: start.value,
                        cyrillic: start.cyrillic,
                        number_column: start.number_column,
                    },
                    line: line_no,
                    cells,
                });
                continue;
            }
            if cells.len() > 1 {
                if let Some(number) = item_number(&cells[0].text) {
                    if items == 0 && is_column_numbering(&cells) {
                        self.diag(line_no, 1, "row of column numbers skipped");
                        continue;
                    }
                    items += 1;
                    cells.remove(0);
                    records.push(Record {
                        kind: Kind::Item { number },
                        line: line_no,
                        cells,
                    });
                    continue;
                }
            }
            if let Some(last) = records.last_mut() {
                last.extend(cells);
            }
        }
        records
    }

    /// The plan's columns from the header record (the «п/п» cell removed).
    fn columns(&mut self, header: &Record) -> Result<Vec<Column>, ImportError> {
        let mut titles: Vec<(String, &RawCell)> = header
            .cells
            .iter()
            .map(|c| (single_line(&clean_text(&c.text).text), c))
            .collect();
        while titles.last().is_some_and(|(t, _)| t.is_empty()) {
            titles.pop();
        }
        if titles.is_empty() {
            return Err(ImportError::new(
                header.line,
                1,
                "the column header row has no columns after «п/п»",
            ));
        }
        let mut columns: Vec<Column> = Vec::with_capacity(titles.len());
        for (k, (title, cell)) in titles.into_iter().enumerate() {
            if title.is_empty() {
                self.diag(cell.line, cell.column, "column without a title");
            }
            let base = column_id(&title).map_or_else(|| format!("col{}", k + 1), str::to_string);
            let mut id = base.clone();
            let mut n = 2;
            while columns.iter().any(|c| c.id == id) {
                id = format!("{base}_{n}");
                n += 1;
            }
            columns.push(Column {
                id,
                title,
                reconstructed: false,
            });
        }
        Ok(columns)
    }

    /// Fits one item row to the columns: drops empty cells beyond them and
    /// adds the text of non-empty ones to the last column.
    fn fit(&mut self, row: &mut ItemRow, columns: &[Column]) {
        let n = columns.len();
        while row.cells.len() > n {
            if row.cells.last().is_some_and(|c| c.text.is_empty()) {
                if let Some(c) = row.cells.pop() {
                    self.diag(
                        c.line,
                        c.column,
                        format!("empty extra cell dropped (the table has {n} columns after «п/п»)"),
                    );
                }
                continue;
            }
            let last = row.cells.len() - 1;
            if let Some(k) = row.cells[..last].iter().position(|c| c.text.is_empty()) {
                let c = row.cells.remove(k);
                self.diag(
                    c.line,
                    c.column,
                    format!(
                        "empty extra cell dropped (the table has {n} columns after «п/п»); the cells after it moved one column left"
                    ),
                );
                continue;
            }
            break;
        }
        if row.cells.len() > n {
            let extra = row.cells.split_off(n);
            let title = columns.last().map_or("", |c| c.title.as_str());
            if let (Some(first), Some(last)) = (extra.first(), row.cells.last_mut()) {
                let message = format!(
                    "{} cell(s) beyond the last column; their text was added to column «{title}»",
                    extra.len()
                );
                let (line, column) = (first.line, first.column);
                for e in &extra {
                    if !last.text.is_empty() {
                        last.text.push('\n');
                    }
                    last.text.push_str(&e.text);
                }
                self.diag(line, column, message);
            }
        }
    }

    /// Repairs rows shifted right by a spurious empty cell.
    ///
    /// A row has a gap when an empty cell comes before a non-empty one. When
    /// most rows have no gap, and the last filled cell of a gapped row is in
    /// a column that no row without a gap fills, the gap is taken as an
    /// export artefact: the empty cell is dropped and the cells after it
    /// move one column left.
    fn unshift(&mut self, rows: &mut [ItemRow], columns: &[Column]) {
        fn last_filled(cells: &[RawCell]) -> Option<usize> {
            cells.iter().rposition(|c| !c.text.is_empty())
        }
        fn gap(cells: &[RawCell]) -> Option<usize> {
            let last = last_filled(cells)?;
            cells[..last].iter().position(|c| c.text.is_empty())
        }
        let mut used = vec![false; columns.len()];
        let mut regular = 0usize;
        for r in rows.iter().filter(|r| gap(&r.cells).is_none()) {
            regular += 1;
            for (k, c) in r.cells.iter().enumerate() {
                if !c.text.is_empty() && k < used.len() {
                    used[k] = true;
                }
            }
        }
        let gapped = rows.len() - regular;
        if gapped == 0 || regular <= gapped {
            return;
        }
        for r in rows.iter_mut() {
            while let (Some(k), Some(last)) = (gap(&r.cells), last_filled(&r.cells)) {
                if used.get(last).copied().unwrap_or(true) {
                    break;
                }
                let c = r.cells.remove(k);
                let title = columns.get(last).map_or("", |c| c.title.as_str());
                self.diag(
                    c.line,
                    c.column,
                    format!(
                        "empty extra cell dropped; the cells after it moved one column left \
                         (column «{title}» is filled only in rows with such a gap)"
                    ),
                );
            }
        }
    }
}

/// The source text around a column, tabs shown as «→».
fn excerpt(line: &str, column: usize) -> String {
    const BEFORE: usize = 30;
    const AFTER: usize = 30;
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(BEFORE);
    let end = at.saturating_add(AFTER).min(chars.len());
    let mut s = String::new();
    if start > 0 {
        s.push('…');
    }
    s.extend(
        chars[start..end]
            .iter()
            .map(|&c| if c == '\t' { '→' } else { c }),
    );
    if end < chars.len() {
        s.push('…');
    }
    s
}

/// The number of characters before the first non-space one.
fn leading_chars(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).count()
}

fn first_cell(line: &str) -> &str {
    line.split('\t').next().unwrap_or("")
}

/// «п/п», «№ п/п», «N п/п», «№»: the heading of the item number column.
fn is_number_heading(cell: &str) -> bool {
    let t: String = cell
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    matches!(t.as_str(), "п/п" | "№п/п" | "nп/п" | "№" | "№пп" | "nпп")
}

/// Splits a line at tabs; columns are 1-based and counted in characters.
fn split_cells(line: &str, line_no: usize) -> Vec<RawCell> {
    let mut cells = Vec::new();
    let mut text = String::new();
    let mut start = 1;
    for (k, c) in line.chars().enumerate() {
        if c == '\t' {
            cells.push(RawCell {
                text: std::mem::take(&mut text),
                line: line_no,
                column: start,
            });
            start = k + 2;
        } else {
            text.push(c);
        }
    }
    cells.push(RawCell {
        text,
        line: line_no,
        column: start,
    });
    cells
}

fn act_kind(line: &str) -> Option<ActKind> {
    let word: String = line
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    match word.as_str() {
        "ПРИКАЗ" => Some(ActKind::Prikaz),
        "РАСПОРЯЖЕНИЕ" => Some(ActKind::Rasporyazhenie),
        "ПОСТАНОВЛЕНИЕ" => Some(ActKind::Postanovlenie),
        "УКАЗ" => Some(ActKind::Ukaz),
        "РЕШЕНИЕ" => Some(ActKind::Reshenie),
        _ => None,
    }
}

/// A line of at least two letters, none of them lowercase.
fn is_capitals(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !line.chars().any(char::is_lowercase)
}

/// The head nouns the genitive rule knows, with their genitive forms.
const HEAD_NOUNS: &[(&str, &str)] = &[
    ("ДЕПАРТАМЕНТ", "Департамента"),
    ("МИНИСТЕРСТВО", "Министерства"),
    ("АДМИНИСТРАЦИЯ", "Администрации"),
    ("КОМИТЕТ", "Комитета"),
    ("УПРАВЛЕНИЕ", "Управления"),
    ("АГЕНТСТВО", "Агентства"),
];

/// The issuing body as citations write it, from its name in capitals:
/// «ДЕПАРТАМЕНТ СОЦИАЛЬНОЙ ЗАЩИТЫ НАСЕЛЕНИЯ ТОМСКОЙ ОБЛАСТИ» →
/// «Департамента социальной защиты населения Томской области».
///
/// Only the head noun changes: the words after it already stand in the
/// genitive («(департамент) чего? социальной защиты»). They are lowercased,
/// except the proper names the rule can see: the adjective before
/// «области», «края», «района», «автономного округа»; «Российской
/// Федерации», «России»; the word after «Республики» and «города». Anything
/// else — an unknown head noun, quotes, digits, a second head noun — is an
/// `Err` saying why, and the caller keeps the name as printed.
fn issuer_genitive(printed: &str) -> Result<String, String> {
    let words: Vec<&str> = printed.split_whitespace().collect();
    let Some((head, rest)) = words.split_first() else {
        return Err("the name is empty".into());
    };
    let upper = |w: &str| w.to_uppercase();
    let Some(&(_, head_genitive)) = HEAD_NOUNS.iter().find(|(h, _)| *h == upper(head)) else {
        return Err(format!(
            "«{head}» is not a head noun the rule knows (департамент, министерство, администрация, комитет, управление, агентство)"
        ));
    };
    if rest.is_empty() {
        return Err("the name has no words after its head noun".into());
    }
    if printed
        .chars()
        .any(|c| matches!(c, '«' | '»' | '"' | '“' | '”' | '„') || c.is_ascii_digit())
    {
        return Err("names with quotes or digits are not handled".into());
    }
    if let Some(second) = rest
        .iter()
        .find(|w| HEAD_NOUNS.iter().any(|(h, _)| *h == upper(w)))
    {
        return Err(format!(
            "the name has a second head noun («{second}»): several bodies?"
        ));
    }
    let upper: Vec<String> = rest.iter().map(|w| upper(w)).collect();
    let mut out: Vec<String> = rest.iter().map(|w| w.to_lowercase()).collect();
    for i in 0..upper.len() {
        match upper[i].as_str() {
            "ОБЛАСТИ" | "КРАЯ" | "РАЙОНА" if i > 0 => {
                out[i - 1] = capitalize(&out[i - 1])
            }
            "ОКРУГА" if i > 1 && upper[i - 1] == "АВТОНОМНОГО" => {
                out[i - 2] = capitalize(&out[i - 2]);
            }
            "ФЕДЕРАЦИИ" if i > 0 && upper[i - 1] == "РОССИЙСКОЙ" => {
                out[i - 1] = "Российской".into();
                out[i] = "Федерации".into();
            }
            "РОССИИ" => out[i] = "России".into(),
            "РЕСПУБЛИКИ" => {
                out[i] = "Республики".into();
                if i + 1 < out.len() {
                    out[i + 1] = capitalize(&out[i + 1]);
                }
            }
            "ГОРОДА" if i + 1 < out.len() => out[i + 1] = capitalize(&out[i + 1]),
            _ => {}
        }
    }
    Ok(format!("{head_genitive} {}", out.join(" ")))
}

/// «ханты-мансийского» → «Ханты-Мансийского».
fn capitalize(word: &str) -> String {
    word.split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// The first date in a line: «03.04.2017», «03.04. 2017», «от 3 апреля 2017 г.»,
/// ««29» августа 2014 г.».
fn find_date(line: &str) -> Option<NaiveDate> {
    let chars: Vec<char> = line.chars().collect();
    for start in 0..chars.len() {
        if chars[start].is_ascii_digit() && (start == 0 || !chars[start - 1].is_ascii_digit()) {
            if let Some(d) = numeric_date_at(&chars, start) {
                return Some(d);
            }
        }
    }
    let spaced: String = line
        .chars()
        .map(|c| {
            if matches!(c, '«' | '»' | '"' | '“' | '”' | '„') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    for k in 1..words.len().saturating_sub(1) {
        let Some(month) = month(&words[k].to_lowercase()) else {
            continue;
        };
        let Ok(day) = words[k - 1].parse::<u32>() else {
            continue;
        };
        let year: String = words[k + 1]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if year.chars().count() != 4 {
            continue;
        }
        let Ok(year) = year.parse::<i32>() else {
            continue;
        };
        if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
            return Some(d);
        }
    }
    None
}

fn month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ];
    MONTHS
        .iter()
        .position(|m| *m == word)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// dd.mm.yyyy at `start`, with any spaces around the dots.
fn numeric_date_at(chars: &[char], start: usize) -> Option<NaiveDate> {
    let (day, i) = digits(chars, start, 1, 2)?;
    let i = dot(chars, i)?;
    let (month, i) = digits(chars, i, 1, 2)?;
    let i = dot(chars, i)?;
    let (year, i) = digits(chars, i, 4, 4)?;
    if chars.get(i).is_some_and(char::is_ascii_digit) {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

fn digits(chars: &[char], start: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let mut value = 0u32;
    let mut i = start;
    while let Some(d) = chars
        .get(i)
        .filter(|c| c.is_ascii_digit())
        .and_then(|c| c.to_digit(10))
    {
        if i - start == max {
            return None;
        }
        value = value * 10 + d;
        i += 1;
    }
    (i - start >= min).then_some((value, i))
}

/// Spaces, a dot, spaces.
fn dot(chars: &[char], mut i: usize) -> Option<usize> {
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    if chars.get(i) != Some(&'.') {
        return None;
    }
    i += 1;
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    Some(i)
}

/// The act's number after «№»: «№ 149» → «149», «№ 1187-р» → «1187-р».
fn find_number(line: &str) -> Option<String> {
    let at = line.find('№')?;
    let number: String = line[at + '№'.len_utf8()..]
        .trim_start()
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let number = number.trim_end_matches([',', '.', ';']);
    (!number.is_empty()).then(|| number.to_string())
}

/// Lines of an appendix's stamp that are not its title: «к распоряжению …»,
/// «от … № …», «УТВЕРЖДЕН».
fn is_appendix_stamp(line: &str) -> bool {
    let l = line.trim_start().to_lowercase();
    ["к ", "от ", "№", "утвержден", "приложение", "(в ред"]
        .iter()
        .any(|p| l.starts_with(p))
}

/// Title lines joined into one, HTML removed.
fn clean_title(lines: &[&str]) -> String {
    single_line(&clean_text(&lines.join("\n")).text)
}

/// Lines joined by single spaces.
fn single_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A section row's start: «I. Title», «Х. Title» (Cyrillic Х), «Раздел II. Title».
struct SectionStart {
    number: String,
    value: u32,
    cyrillic: bool,
    number_column: usize,
    title: String,
    title_column: usize,
}

fn section_start(cell: &RawCell) -> Option<SectionStart> {
    let chars: Vec<char> = cell.text.chars().collect();
    let mut i = 0;
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    let mut prefixed = false;
    let word: String = chars[i..]
        .iter()
        .take_while(|c| c.is_alphabetic())
        .flat_map(|c| c.to_lowercase())
        .collect();
    if word == "раздел" {
        i += 6;
        prefixed = true;
        while chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
    }
    let number_start = i;
    let mut latin = String::new();
    let mut cyrillic = false;
    while let Some(&c) = chars.get(i) {
        let l = match c {
            'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M' => c,
            'І' => {
                cyrillic = true;
                'I'
            }
            'Х' => {
                cyrillic = true;
                'X'
            }
            _ => break,
        };
        latin.push(l);
        i += 1;
    }
    if latin.is_empty() {
        return None;
    }
    let value = roman_value(&latin)?;
    match chars.get(i) {
        Some('.') => i += 1,
        Some(c) if prefixed && c.is_whitespace() => {}
        _ => return None,
    }
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    let first = *chars.get(i)?;
    if !(first.is_uppercase() || matches!(first, '«' | '"')) {
        return None;
    }
    Some(SectionStart {
        number: latin,
        value,
        cyrillic,
        number_column: cell.column + number_start,
        title: chars[i..].iter().collect(),
        title_column: cell.column + i,
    })
}

/// The value of a canonical roman numeral («IV» → 4); `None` for «IIII».
fn roman_value(s: &str) -> Option<u32> {
    let value_of = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    if s.chars().count() > 16 {
        return None;
    }
    let values: Vec<i64> = s.chars().map(value_of).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (k, v) in values.iter().enumerate() {
        if values.get(k + 1).is_some_and(|next| next > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    let total = u32::try_from(total).ok()?;
    (total > 0 && total < 4000 && to_roman(total) == s).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            s.push_str(numeral);
            n -= value;
        }
    }
    s
}

/// An item number cell: «1.» → «1», «91.1» → «91.1».
fn item_number(cell: &str) -> Option<String> {
    let t = cell.trim();
    let t = t.strip_suffix('.').unwrap_or(t);
    let ok = !t.is_empty()
        && t.split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
    ok.then(|| t.to_string())
}

/// «1→2→3→4→5→6»: the row that numbers the columns under the header.
fn is_column_numbering(cells: &[RawCell]) -> bool {
    let filled: Vec<&str> = cells
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    filled.len() >= 3
        && filled.len()
            == cells
                .iter()
                .take_while(|c| !c.text.trim().is_empty())
                .count()
        && filled
            .iter()
            .enumerate()
            .all(|(k, t)| t.strip_suffix('.').unwrap_or(t) == (k + 1).to_string())
}

/// A footnote line: «* - text», «** text». Returns the mark, where the text
/// starts and the text.
fn footnote_start(line: &str) -> Option<(String, usize, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut i = leading_chars(line);
    let mark_start = i;
    while chars.get(i) == Some(&'*') {
        i += 1;
    }
    if i == mark_start {
        return None;
    }
    let mark: String = chars[mark_start..i].iter().collect();
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    if chars.get(i).is_some_and(|c| matches!(c, '-' | '–' | '—')) {
        i += 1;
        while chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
    }
    let text: String = chars[i..]
        .iter()
        .map(|&c| if c == '\t' { ' ' } else { c })
        .collect();
    Some((mark, i + 1, text.trim_end().to_string()))
}

/// The column ids: the first keyword (in this order) that starts a word of
/// the title gives the id.
const COLUMN_IDS: &[(&str, &str)] = &[
    ("стади", "stage"),
    ("отметк", "status"),
    ("статус", "status"),
    ("ответствен", "responsible"),
    ("исполнител", "responsible"),
    ("результат", "result"),
    ("срок", "deadline"),
    ("механизм", "mechanism"),
    ("инструмент", "mechanism"),
    ("мероприяти", "measure"),
    ("показател", "indicator"),
    ("примечани", "note"),
];

fn column_id(title: &str) -> Option<&'static str> {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    COLUMN_IDS
        .iter()
        .find(|(kw, _)| words.iter().any(|w| w.starts_with(kw)))
        .map(|(_, id)| *id)
}

/// Cell text with HTML turned into line breaks and each line trimmed.
struct Cleaned {
    text: String,
    /// The tags and entities met, as printed the first time (`<p>`, `<ul>`).
    tags: Vec<String>,
}

/// Tags that break a line.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "td",
    "th",
    "table",
    "tbody",
    "thead",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "dl",
    "dt",
    "dd",
];

/// Turns HTML in a cell into plain text: `<p>` and `</p>` into paragraph
/// breaks, `<ul>`/`</ul>` into line breaks, the « - item; - item» runs of
/// a list into lines of their own, other tags into nothing; decodes the
/// common entities. Each line is trimmed and empty lines are dropped.
fn clean_text(raw: &str) -> Cleaned {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::new();
    let mut list: Option<String> = None;
    let mut tags: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '<' {
            if let Some((name, closing, end)) = tag_at(&chars, i) {
                let shown = format!("<{name}>");
                if !tags.contains(&shown) {
                    tags.push(shown);
                }
                match (name.as_str(), closing) {
                    ("ul" | "ol", false) => match list.as_mut() {
                        Some(l) => l.push('\n'),
                        None => {
                            out.push('\n');
                            list = Some(String::new());
                        }
                    },
                    ("ul" | "ol", true) => {
                        if let Some(l) = list.take() {
                            flush_list(&mut out, &l);
                        }
                        out.push('\n');
                    }
                    (name, _) if BLOCK_TAGS.contains(&name) => {
                        list.as_mut().unwrap_or(&mut out).push('\n');
                    }
                    _ => {}
                }
                i = end;
                continue;
            }
        }
        if c == '&' {
            if let Some((decoded, end)) = entity_at(&chars, i) {
                let shown: String = chars[i..end].iter().collect();
                if !tags.contains(&shown) {
                    tags.push(shown);
                }
                list.as_mut().unwrap_or(&mut out).push(decoded);
                i = end;
                continue;
            }
        }
        list.as_mut().unwrap_or(&mut out).push(c);
        i += 1;
    }
    if let Some(l) = list.take() {
        flush_list(&mut out, &l);
    }
    let text = out
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Cleaned { text, tags }
}

/// An HTML tag at `i`: its lowercase name, whether it closes, and the index
/// after its `>`.
fn tag_at(chars: &[char], i: usize) -> Option<(String, bool, usize)> {
    let mut j = i + 1;
    let closing = chars.get(j) == Some(&'/');
    if closing {
        j += 1;
    }
    let start = j;
    if !chars.get(j).is_some_and(char::is_ascii_alphabetic) {
        return None;
    }
    while chars.get(j).is_some_and(char::is_ascii_alphanumeric) {
        j += 1;
    }
    let name: String = chars[start..j]
        .iter()
        .map(char::to_ascii_lowercase)
        .collect();
    match chars.get(j) {
        Some('>') => return Some((name, closing, j + 1)),
        Some(c) if c.is_whitespace() || *c == '/' => {}
        _ => return None,
    }
    while let Some(&c) = chars.get(j) {
        match c {
            '>' => return Some((name, closing, j + 1)),
            '<' => return None,
            _ => j += 1,
        }
        if j - i > 1000 {
            return None;
        }
    }
    None
}

/// An HTML entity at `i`: the character and the index after its `;`.
fn entity_at(chars: &[char], i: usize) -> Option<(char, usize)> {
    let end = (i + 1..chars.len().min(i + 12)).find(|&j| chars[j] == ';')?;
    let name: String = chars[i + 1..end].iter().collect();
    let c = match name.as_str() {
        "nbsp" => '\u{a0}',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "laquo" => '«',
        "raquo" => '»',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        _ => {
            let code = name.strip_prefix('#')?;
            let n = match code.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => code.parse().ok()?,
            };
            char::from_u32(n)?
        }
    };
    Some((c, end + 1))
}

/// Puts a list's text into `out`, one item a line.
fn flush_list(out: &mut String, list: &str) {
    out.push('\n');
    for piece in list.split('\n') {
        for item in list_items(piece) {
            out.push_str(item);
            out.push('\n');
        }
    }
}

/// Splits « - a; - b» (or «– a, – b») into its items, as printed. The mark
/// is the dash the list starts with; it starts a new item only after «;»,
/// «,», «.» or «:» and a space, and before a space — so «при наличии -
/// планы» stays one item.
fn list_items(piece: &str) -> Vec<&str> {
    let t = piece.trim();
    let Some(marker) = t.chars().next() else {
        return Vec::new();
    };
    if !matches!(marker, '-' | '–' | '—' | '•') {
        return vec![t];
    }
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    let mut starts = vec![0];
    for k in 1..chars.len() {
        if chars[k].1 != marker {
            continue;
        }
        let next_ok = chars.get(k + 1).is_none_or(|&(_, c)| c.is_whitespace());
        let mut p = k;
        while p > 0 && chars[p - 1].1.is_whitespace() {
            p -= 1;
        }
        let prev_ok = p < k && p > 0 && matches!(chars[p - 1].1, ';' | ',' | '.' | ':');
        if next_ok && prev_ok {
            starts.push(chars[k].0);
        }
    }
    let mut items = Vec::with_capacity(starts.len());
    for (n, &s) in starts.iter().enumerate() {
        let e = starts.get(n + 1).copied().unwrap_or(t.len());
        let item = t[s..e].trim();
        if !item.is_empty() {
            items.push(item);
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small plan in the shape of the Tomsk export.
    fn sample(table: &str) -> String {
        format!(
            "\n\nДЕПАРТАМЕНТ СОЦИАЛЬНОЙ ЗАЩИТЫ НАСЕЛЕНИЯ\nТОМСКОЙ ОБЛАСТИ\n\nРАСПОРЯЖЕНИЕ\n\n\
             03.04. 2017\n\n№ 149\n\nОб утверждении плана мероприятий\n\n1. Утвердить план.\n\n\
             Приложение.\n\nПлан мероприятий («дорожная карта»)\n Департамента\n на 2017-2020 годы\n\n\
             п/п\tМеханизм\tСтадия *\tСрок\tОтветственный исполнитель\tОтметка об исполнении\n{table}"
        )
    }

    fn read(table: &str) -> PlanImport {
        match read_plan(&sample(table)) {
            Ok(import) => import,
            Err(e) => panic!("{e}"),
        }
    }

    fn cell<'a>(plan: &'a Plan, item: &str, column: &str) -> &'a str {
        plan.items
            .iter()
            .find(|i| i.number == item)
            .and_then(|i| i.rows[0].get(column))
            .map_or("", |c| c.text.as_str())
    }

    #[test]
    fn header_gives_act_title_and_columns() {
        let import =
            read("I. Открытость\t\t\t\t\t\n1.\tРазмещение\t1\tпостоянно\tАносова И.А.\t\n");
        let plan = &import.plan;
        assert_eq!(plan.act.kind, ActKind::Rasporyazhenie);
        assert_eq!(
            plan.act.issuer,
            "Департамента социальной защиты населения Томской области"
        );
        assert_eq!(plan.act.date, NaiveDate::from_ymd_opt(2017, 4, 3).unwrap());
        assert_eq!(plan.act.number, "149");
        assert_eq!(
            plan.act.title.as_deref(),
            Some("Об утверждении плана мероприятий")
        );
        assert_eq!(
            plan.title,
            "План мероприятий («дорожная карта») Департамента на 2017-2020 годы"
        );
        let ids: Vec<&str> = plan.columns.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            ["mechanism", "stage", "deadline", "responsible", "status"]
        );
        assert_eq!(plan.columns[1].title, "Стадия *");
        assert_eq!(cell(plan, "1", "deadline"), "постоянно");
        assert!(!plan.items[0].rows[0].contains_key("status"));
        assert!(import.diagnostics.is_empty(), "{:?}", import.diagnostics);
    }

    #[test]
    fn issuer_genitive_rule() {
        assert_eq!(
            issuer_genitive("МИНИСТЕРСТВО ТРУДА И СОЦИАЛЬНОЙ ЗАЩИТЫ РОССИЙСКОЙ ФЕДЕРАЦИИ").unwrap(),
            "Министерства труда и социальной защиты Российской Федерации"
        );
        assert_eq!(
            issuer_genitive("АДМИНИСТРАЦИЯ ХАНТЫ-МАНСИЙСКОГО АВТОНОМНОГО ОКРУГА").unwrap(),
            "Администрации Ханты-Мансийского автономного округа"
        );
        assert_eq!(
            issuer_genitive("КОМИТЕТ ПО ОБРАЗОВАНИЮ АДМИНИСТРАЦИИ ГОРОДА ТОМСКА").unwrap(),
            "Комитета по образованию администрации города Томска"
        );
        assert!(issuer_genitive("ГУБЕРНАТОР ТОМСКОЙ ОБЛАСТИ").is_err());
        assert!(issuer_genitive("АДМИНИСТРАЦИЯ МО «ГОРОД ТОМСК»").is_err());
    }

    #[test]
    fn unknown_issuer_is_kept_as_printed_with_a_diagnostic() {
        let text = sample("1.\tа\t1\tпостоянно\tб\n")
            .replace("ДЕПАРТАМЕНТ СОЦИАЛЬНОЙ ЗАЩИТЫ НАСЕЛЕНИЯ", "ГУБЕРНАТОР");
        let import = read_plan(&text).unwrap();
        assert_eq!(import.plan.act.issuer, "ГУБЕРНАТОР ТОМСКОЙ ОБЛАСТИ");
        let d = &import.diagnostics[0];
        assert_eq!((d.line, d.column), (3, 1));
        assert!(d.message.contains("issuer kept as printed"), "{d}");
    }

    #[test]
    fn dates_with_stray_spaces_and_month_names() {
        assert_eq!(
            find_date("03.04. 2017"),
            NaiveDate::from_ymd_opt(2017, 4, 3)
        );
        assert_eq!(
            find_date("от\u{a0}«29» августа 2014 г. № 587"),
            NaiveDate::from_ymd_opt(2014, 8, 29)
        );
        assert_eq!(find_date("31.02.2017"), None);
        assert_eq!(find_date("№ 149"), None);
        assert_eq!(find_number("№ 1187-р,"), Some("1187-р".into()));
    }

    #[test]
    fn section_with_cyrillic_kha() {
        let import = read(
            "IX. Работа пресс-службы\t\t\t\t\t\n77.\tа\t3\t2020\tб\n\
             Х. Независимая экспертиза\t\t\t\t\n78.\tв\t1\tпостоянно\tг\n",
        );
        let plan = &import.plan;
        let numbers: Vec<&str> = plan.sections.iter().map(|s| s.number.as_str()).collect();
        assert_eq!(numbers, ["IX", "X"]);
        assert_eq!(plan.sections[1].title, "Независимая экспертиза");
        assert_eq!(plan.items[1].section.as_deref(), Some("X"));
        let cyrillic: Vec<_> = import
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("Cyrillic"))
            .collect();
        assert_eq!(cyrillic.len(), 1);
        assert_eq!(cyrillic[0].column, 1);
        // IX first is out of sequence.
        assert!(
            import
                .diagnostics
                .iter()
                .any(|d| d.message.contains("out of sequence"))
        );
    }

    #[test]
    fn roman_numerals_and_look_alikes() {
        assert_eq!(roman_value("IV"), Some(4));
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("IC"), None);
        let cell = |t: &str| RawCell {
            text: t.into(),
            line: 1,
            column: 1,
        };
        assert!(section_start(&cell("III кв. 2013 г.")).is_none());
        assert!(section_start(&cell("I полугодие 2017")).is_none());
        assert!(section_start(&cell("М.А.Киньякина")).is_none());
        let s = section_start(&cell("Раздел ІІ Открытые данные")).unwrap();
        assert_eq!((s.number.as_str(), s.cyrillic), ("II", true));
        assert_eq!(s.title, "Открытые данные");
    }

    #[test]
    fn html_lists_become_lines() {
        let import = read(
            "34.\tИнформация, содержащей: <ul style=\"list-style-type: none\"> - реквизиты актов; - ФИО; \
             - сроки, при наличии - планы; - результаты \t2\t2017\tА\n\
             36.\t<p>Сведения, включая:</p> <ul style=\"list-style-type: none\"> – перечень проверок, – протоколы \
             </ul>\t2\t2017\tБ\n",
        );
        let plan = &import.plan;
        assert_eq!(
            cell(plan, "34", "mechanism"),
            "Информация, содержащей:\n- реквизиты актов;\n- ФИО;\n- сроки, при наличии - планы;\n- результаты"
        );
        assert_eq!(
            cell(plan, "36", "mechanism"),
            "Сведения, включая:\n– перечень проверок,\n– протоколы"
        );
        for item in &plan.items {
            for c in item.rows[0].values() {
                assert!(!c.text.contains('<') && !c.text.contains('>'), "{}", c.text);
            }
        }
        let html: Vec<_> = import
            .diagnostics
            .iter()
            .filter(|d| d.message.starts_with("HTML"))
            .collect();
        assert_eq!(html.len(), 2);
        assert!(html[1].message.contains("<p>, <ul>"), "{}", html[1]);
    }

    #[test]
    fn entities_and_inline_tags() {
        let c = clean_text("a&nbsp;<b>b</b> &laquo;c&raquo; <5 &bogus; x<br/>y");
        assert_eq!(c.text, "a\u{a0}b «c» <5 &bogus; x\ny");
    }

    #[test]
    fn shifted_row_moves_back() {
        let mut table = String::new();
        for n in 1..=4 {
            table.push_str(&format!("{n}.\tмера {n}\t1\tпостоянно\tАносова И.А.\n"));
        }
        table.push_str("5.\tмера 5\t2\t\t2018-2019\tГончарова Л.И.\n");
        let import = read(&table);
        let plan = &import.plan;
        assert_eq!(cell(plan, "5", "deadline"), "2018-2019");
        assert_eq!(cell(plan, "5", "responsible"), "Гончарова Л.И.");
        assert_eq!(cell(plan, "5", "status"), "");
        let d: Vec<_> = import
            .diagnostics
            .iter()
            .filter(|d| d.message.starts_with("empty extra cell dropped"))
            .collect();
        assert_eq!(d.len(), 1);
        // «5.→мера 5→2→» is 12 characters; the empty cell starts at 13.
        assert_eq!(d[0].column, 13);
        assert!(d[0].message.contains("Отметка об исполнении"), "{}", d[0]);
    }

    #[test]
    fn gap_in_a_column_others_fill_is_left_alone() {
        let mut table = String::new();
        for n in 1..=4 {
            table.push_str(&format!(
                "{n}.\tмера {n}\t1\tпостоянно\tАносова И.А.\tисполнено\n"
            ));
        }
        table.push_str("5.\tмера 5\t\tпостоянно\tГончарова Л.И.\tисполнено\n");
        let import = read(&table);
        assert_eq!(cell(&import.plan, "5", "stage"), "");
        assert_eq!(cell(&import.plan, "5", "status"), "исполнено");
        assert!(import.diagnostics.is_empty(), "{:?}", import.diagnostics);
    }

    #[test]
    fn extra_cells_beyond_the_columns() {
        let import = read(
            "1.\tа\t1\tпостоянно\tб\t\t\n\
             2.\tа\t1\tпостоянно\tб\tв\tлишнее\n",
        );
        let plan = &import.plan;
        assert_eq!(cell(plan, "1", "responsible"), "б");
        assert_eq!(cell(plan, "2", "status"), "в\nлишнее");
        let msgs: Vec<(usize, usize, &str)> = import
            .diagnostics
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].2.starts_with("empty extra cell dropped"));
        // «1.→а→1→постоянно→б→→» : the seventh cell starts at column 21.
        assert_eq!(msgs[0].1, 21);
        assert!(
            msgs[1]
                .2
                .contains("added to column «Отметка об исполнении»")
        );
    }

    #[test]
    fn continuation_lines_join_the_cell_above() {
        let import = read(
            "1.\tРазработка порядка\nи его утверждение\t1\tIV кв. 2014 г.\tД.В. Баснак,\n\
             В.Ф. Колбанов\n\n2.\tб\t2\tпостоянно\tв\n",
        );
        let plan = &import.plan;
        assert_eq!(
            cell(plan, "1", "mechanism"),
            "Разработка порядка\nи его утверждение"
        );
        assert_eq!(cell(plan, "1", "stage"), "1");
        assert_eq!(
            cell(plan, "1", "responsible"),
            "Д.В. Баснак,\nВ.Ф. Колбанов"
        );
        assert_eq!(cell(plan, "2", "responsible"), "в");
    }

    #[test]
    fn footnote_goes_to_footnotes() {
        let import = read("1.\tа\t1\tпостоянно\tб\n\n* - стадии отражают\nформирование\n");
        let f = &import.plan.footnotes;
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].number, "*");
        assert_eq!(f[0].text, "стадии отражают\nформирование");
        assert!(import.diagnostics.is_empty(), "{:?}", import.diagnostics);
    }

    #[test]
    fn diagnostic_columns_count_characters_not_bytes() {
        // Cyrillic letters are two bytes each in UTF-8.
        let line = "1.\tРазмещение\t1\tпостоянно\tАносова\t\t";
        let import = read(line);
        let d = &import.diagnostics[0];
        assert_eq!(d.line, 23);
        assert_eq!(d.column, line.chars().count() + 1);
        assert_ne!(d.column, line.len() + 1);
        assert_eq!(d.excerpt, "…змещение→1→постоянно→Аносова→→");
    }

    #[test]
    fn column_numbering_row_is_skipped() {
        let import = read("1\t2\t3\t4\t5\t6\n1.\tа\t1\tпостоянно\tб\n");
        assert_eq!(import.plan.items.len(), 1);
        assert_eq!(
            import.diagnostics[0].message,
            "row of column numbers skipped"
        );
    }

    #[test]
    fn garbage_gives_errors_not_panics() {
        for text in [
            "",
            "\t\t\t",
            "п/п\tА",
            "<<<>>>&&&;;\u{feff}",
            "РАСПОРЯЖЕНИЕ\nп/п\tА\n1.\tб",
            "ДЕПАРТАМЕНТ\nРАСПОРЯЖЕНИЕ\n32.13.2017\n№\nп/п\tА\n1.\tб",
        ] {
            assert!(read_plan(text).is_err(), "{text:?}");
        }
        let e = read_plan(&sample("")).unwrap_err();
        assert_eq!(e.line, 22);
        assert!(e.message.starts_with("no items"), "{e}");
        let e = read_plan(&sample("1.\tа\n1.\tб\n")).unwrap_err();
        assert_eq!((e.line, e.column), (24, 1));
        assert!(e.message.contains("item 1 appears twice"), "{e}");
    }
}
