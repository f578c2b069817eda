//! Restated table text: the cells of items given in an order («N.→цель→
//! мероприятие→…»), as exports print them — one cell per line after a tab,
//! or one row per line with tabs between cells, cells over several lines —
//! turned into rows keyed by column.

use crate::plan::{Cell, Plan, Row};
use std::ops::Range;

/// A cell as printed: its text (lines trimmed at the end, blank lines
/// dropped), its bytes, and what it says about the layout.
#[derive(Debug, Clone)]
pub(super) struct RawCell {
    pub(super) text: String,
    pub(super) span: Range<usize>,
    /// The cell ended at a line break (the next cell starts a line).
    pub(super) ends_line: bool,
    /// The cell starts a line or a quoted block.
    pub(super) starts_line: bool,
    /// The item number when the cell is a number cell («13.»).
    pub(super) number: Option<String>,
}

/// A problem with restated text, with the bytes it concerns.
pub(super) type Problem = (Range<usize>, String);

/// Splits quoted blocks into cells. Tabs separate cells; a line that starts
/// with an item number («22.→…») starts a new cell even without a tab
/// before it.
pub(super) fn cells(text: &str, blocks: &[Range<usize>]) -> Vec<RawCell> {
    let mut out = Vec::new();
    for block in blocks {
        let mut seg_start = block.start;
        let body = &text[block.clone()];
        let mut pieces: Vec<Range<usize>> = Vec::new();
        for (i, _) in body.match_indices('\t') {
            pieces.push(seg_start..block.start + i);
            seg_start = block.start + i + 1;
        }
        pieces.push(seg_start..block.end);
        let first = out.len();
        for (k, piece) in pieces.into_iter().enumerate() {
            split_number_lines(text, piece, k == 0, &mut out);
        }
        for i in first..out.len() {
            out[i].starts_line = i == first || out[i].starts_line || out[i - 1].ends_line;
        }
    }
    out
}

/// One tab-separated piece; a last line that is an item number («22.») is
/// the number cell of the next row.
fn split_number_lines(text: &str, piece: Range<usize>, block_start: bool, out: &mut Vec<RawCell>) {
    let raw = &text[piece.clone()];
    let trimmed = raw.trim_end();
    if let Some(nl) = trimmed.rfind('\n') {
        let last = trimmed[nl + 1..].trim();
        if number_cell(last).is_some() {
            // Blank lines at the start of a block are not a cell.
            if !(block_start && trimmed[..nl].trim().is_empty()) {
                out.push(make_cell(text, piece.start..piece.start + nl, true));
            }
            let start = piece.start + nl + 1;
            let mut number = make_cell(text, start..piece.end, raw.ends_with('\n'));
            number.starts_line = true;
            out.push(number);
            return;
        }
    }
    let ends_line = raw[trimmed.len()..].contains('\n');
    out.push(make_cell(text, piece, ends_line));
}

fn make_cell(text: &str, span: Range<usize>, ends_line: bool) -> RawCell {
    let raw = &text[span.clone()];
    let mut lines: Vec<&str> = Vec::new();
    for (k, line) in raw.split('\n').enumerate() {
        let line = if k == 0 { line.trim() } else { line.trim_end() };
        if !line.trim().is_empty() {
            lines.push(line);
        }
    }
    let text_out = lines.join("\n");
    let number = number_cell(text_out.trim()).map(str::to_string);
    RawCell {
        text: text_out,
        span,
        ends_line,
        starts_line: false,
        number,
    }
}

/// «13.» → «13»; «2.21.» → «2.21».
pub(super) fn number_cell(cell: &str) -> Option<&str> {
    let n = cell.strip_suffix('.')?;
    let ok = !n.is_empty()
        && n.split('.')
            .all(|p| !p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()));
    ok.then_some(n)
}

/// «5. Текст пункта» printed without a tab: the number and the text.
fn number_and_text(cell: &str) -> Option<(&str, &str)> {
    let (head, rest) = cell.split_once([' ', '\u{a0}'])?;
    let n = number_cell(head)?;
    let rest = rest.trim_start();
    (!rest.is_empty()).then_some((n, rest))
}

/// The items of restated text: each expected number's cells, in order. With
/// no expected numbers, every number cell that starts a line opens an item.
pub(super) fn split_items(
    cells: &[RawCell],
    expected: &[String],
) -> Result<Vec<(String, Range<usize>)>, Problem> {
    let mut starts: Vec<(usize, String)> = Vec::new();
    let mut want = 0;
    for (i, cell) in cells.iter().enumerate() {
        let starts_line = cell.starts_line;
        let number = cell
            .number
            .clone()
            .or_else(|| number_and_text(&cell.text).map(|(n, _)| n.to_string()));
        let Some(number) = number else {
            if i == 0 {
                return Err((
                    cell.span.clone(),
                    "the restated text does not start with the item's number («N.»)".into(),
                ));
            }
            continue;
        };
        if !starts_line && i != 0 {
            continue;
        }
        if expected.is_empty() {
            starts.push((i, number));
            continue;
        }
        if want < expected.len() && same_number(&number, &expected[want]) {
            starts.push((i, number));
            want += 1;
        } else if i == 0 {
            return Err((
                cell.span.clone(),
                format!(
                    "the restated text starts with item «{number}», but the formula names item {}",
                    expected[0]
                ),
            ));
        } else if expected[want.min(expected.len())..]
            .iter()
            .any(|e| same_number(&number, e))
        {
            return Err((
                cell.span.clone(),
                format!(
                    "the restated text gives item «{number}» out of the order the formula names"
                ),
            ));
        }
    }
    if !expected.is_empty() && want < expected.len() {
        let at = cells.last().map_or(0..0, |c| c.span.clone());
        return Err((
            at,
            format!(
                "the restated text has no item {} that the formula names",
                expected[want]
            ),
        ));
    }
    let mut out = Vec::new();
    for (k, (at, number)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(cells.len(), |(next, _)| *next);
        out.push((number.clone(), *at..end));
    }
    Ok(out)
}

fn same_number(printed: &str, wanted: &str) -> bool {
    printed.trim_end_matches('.') == wanted.trim_end_matches('.')
}

/// True when the item is printed one cell per line (the number alone on
/// its line), so rows are told apart only by the number of columns.
pub(super) fn cell_per_line(cells: &[RawCell]) -> bool {
    cells.first().is_some_and(|c| c.ends_line) && cells.len() > 1
}

/// The width of a row (number cell included) that splits every item into
/// rows whose number cells, after the first, are empty. The smallest that
/// fits all items.
pub(super) fn infer_width(items: &[&[RawCell]]) -> Option<usize> {
    let longest = items.iter().map(|c| c.len()).max()?;
    (2..=longest.max(2)).find(|&w| items.iter().all(|cells| fits(cells, w)))
}

fn fits(cells: &[RawCell], width: usize) -> bool {
    (1..)
        .map(|k| k * width)
        .take_while(|&at| at < cells.len())
        .all(|at| cells[at].text.is_empty())
}

/// Turns one item's cells into rows. `width` counts the number cell; with a
/// plan, columns are keyed by id, else by 1-based number.
pub(super) fn rows(
    cells: &[RawCell],
    width: Option<usize>,
    plan: Option<&Plan>,
) -> Result<Vec<Row>, Problem> {
    let Some(first) = cells.first() else {
        return Ok(Vec::new());
    };
    if let Some((_, rest)) = number_and_text(&first.text).filter(|_| first.number.is_none()) {
        // «5. Текст пункта»: one row, the text in the first column.
        let number = empty_like(first);
        let mut text = first.clone();
        text.text = rest.to_string();
        let mut group = vec![&number, &text];
        group.extend(&cells[1..]);
        return build(&[group], plan);
    }
    let mut groups: Vec<Vec<&RawCell>> = Vec::new();
    if cell_per_line(cells) {
        let Some(width) = width else {
            return Err((first.span.clone(), "rows cannot be told apart".into()));
        };
        for chunk in cells.chunks(width) {
            groups.push(chunk.iter().collect());
        }
        for g in groups.iter().skip(1) {
            if let Some(c) = g.first().filter(|c| !c.text.is_empty()) {
                return Err((
                    c.span.clone(),
                    format!(
                        "the restated text does not split into rows of {width} cells: this cell should start a row and be empty"
                    ),
                ));
            }
        }
    } else {
        let mut current = Vec::new();
        for cell in cells {
            current.push(cell);
            if cell.ends_line {
                groups.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            groups.push(current);
        }
        for g in groups.iter_mut() {
            while g.len() > 1 && g.last().is_some_and(|c| c.text.is_empty()) {
                g.pop();
            }
        }
        for g in groups.iter().skip(1) {
            if let Some(c) = g
                .first()
                .filter(|c| !c.text.is_empty() && c.number.is_some())
            {
                return Err((
                    c.span.clone(),
                    "a second item number inside one item's restated text".into(),
                ));
            }
        }
    }
    build(&groups, plan)
}

fn empty_like(cell: &RawCell) -> RawCell {
    RawCell {
        text: String::new(),
        span: cell.span.start..cell.span.start,
        ends_line: false,
        starts_line: false,
        number: None,
    }
}

fn build(groups: &[Vec<&RawCell>], plan: Option<&Plan>) -> Result<Vec<Row>, Problem> {
    let mut rows = Vec::new();
    for group in groups {
        let mut row = Row::new();
        for (j, cell) in group.iter().enumerate().skip(1) {
            if cell.text.is_empty() {
                continue;
            }
            let key = match plan {
                Some(plan) => match plan.columns.get(j - 1) {
                    Some(c) => c.id.clone(),
                    None => {
                        return Err((
                            cell.span.clone(),
                            format!("a cell beyond the plan's {} columns", plan.columns.len()),
                        ));
                    }
                },
                None => j.to_string(),
            };
            row.insert(key, Cell::new(cell.text.clone()));
        }
        if !row.is_empty() {
            rows.push(row);
        }
    }
    Ok(rows)
}

/// Cells of a row given without the item number (a restated or added row):
/// with a plan, a first cell beyond the plan's columns is the number cell;
/// without one, an empty or numeric first cell is.
pub(super) fn row_cells(cells: &[RawCell], plan: Option<&Plan>) -> Result<Row, Problem> {
    let has_number_cell = match plan {
        Some(plan) => cells.len() > plan.columns.len(),
        None => {
            cells.len() > 1
                && cells
                    .first()
                    .is_some_and(|c| c.text.is_empty() || c.number.is_some())
        }
    };
    let placeholder = cells.first().map(empty_like);
    let mut group: Vec<&RawCell> = Vec::with_capacity(cells.len() + 1);
    if !has_number_cell {
        group.extend(placeholder.as_ref());
    }
    group.extend(cells);
    let rows = build(&[group], plan)?;
    Ok(rows.into_iter().next().unwrap_or_default())
}

/// Quoted text as one cell's text: lines trimmed at the end, blank lines
/// dropped, the first line trimmed.
pub(super) fn cell_text(text: &str, span: Range<usize>) -> String {
    make_cell(text, span, false).text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Vec<RawCell> {
        cells(text, std::slice::from_ref(&(0..text.len())))
    }

    #[test]
    fn one_cell_per_line() {
        let text = "1.\n\tЦель\n\tМера один\n\n\tИтог,\nIII кв.\n\tИванов \n В.В.\n\n\t\n\t\n\tМера два\n\tИтог два\n\tПетров";
        let c = whole(text);
        let texts: Vec<&str> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "1.",
                "Цель",
                "Мера один",
                "Итог,\nIII кв.",
                "Иванов\n В.В.",
                "",
                "",
                "Мера два",
                "Итог два",
                "Петров"
            ]
        );
        assert!(cell_per_line(&c));
        assert_eq!(infer_width(&[&c]), Some(5));
        let rows = rows(&c, Some(5), None).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["1"].text, "Цель");
        assert!(!rows[1].contains_key("1"));
        assert_eq!(rows[1]["4"].text, "Петров");
    }

    #[test]
    fn one_row_per_line() {
        let text =
            "21.1.\tРазмещение\t1\t2018\tАносова И.А.\t\n21.2.\tОбновление\t2\t2019\tНовикова";
        let c = whole(text);
        let items = split_items(&c, &["21.1".into(), "21.2".into()]).unwrap();
        assert_eq!(items.len(), 2);
        let first = rows(&c[items[0].1.clone()], None, None).unwrap();
        assert_eq!(first.len(), 1);
        assert_eq!(first[0]["4"].text, "Аносова И.А.");
        let second = rows(&c[items[1].1.clone()], None, None).unwrap();
        assert_eq!(second[0]["1"].text, "Обновление");
    }

    #[test]
    fn number_and_text_without_tab() {
        let text = "5. Текст пункта.";
        let c = whole(text);
        let items = split_items(&c, &["5".into()]).unwrap();
        let r = rows(&c[items[0].1.clone()], None, None).unwrap();
        assert_eq!(r[0]["1"].text, "Текст пункта.");
    }

    #[test]
    fn wrong_number_is_a_problem() {
        let c = whole("6.\tТекст");
        assert!(split_items(&c, &["5".into()]).is_err());
    }
}
