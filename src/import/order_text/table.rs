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
    /// The tab before the cell opens its line (only spaces before it), and
    /// the line is not the block's first. Printed one row per line, such a
    /// line starts with an empty cell — the number cell of a row that
    /// continues an item; printed one cell per line, the tab only
    /// separates cells.
    pub(super) lead_tab: bool,
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
            let at = out.len();
            split_number_lines(text, piece.clone(), k == 0, &mut out);
            if k > 0 {
                if let Some(cell) = out.get_mut(at) {
                    cell.lead_tab = tab_opens_line(&text[block.start..piece.start - 1]);
                }
            }
        }
        for i in first..out.len() {
            out[i].starts_line = i == first || out[i].starts_line || out[i - 1].ends_line;
        }
    }
    out
}

/// True when the text before a tab ends with a line break and spaces: the
/// tab opens its line.
fn tab_opens_line(before: &str) -> bool {
    let rest = before.trim_end_matches(|c: char| c != '\n' && c.is_whitespace());
    rest.ends_with('\n')
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
            let ends_line = raw[trimmed.len()..].contains('\n');
            let mut number = make_cell(text, start..piece.end, ends_line);
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
        lead_tab: false,
    }
}

/// «13.» → «13»; «2.21.» → «2.21».
pub(super) fn number_cell(cell: &str) -> Option<&str> {
    bare_number(cell.strip_suffix('.')?)
}

/// «13» or «2.21»: an item's number printed without its final dot.
fn bare_number(cell: &str) -> Option<&str> {
    let ok = !cell.is_empty()
        && cell
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()));
    ok.then_some(cell)
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
            .or_else(|| number_and_text(&cell.text).map(|(n, _)| n.to_string()))
            .or_else(|| {
                // «10.1<TAB>…»: a number cell printed without its dot is
                // taken only where the formula expects that very number and
                // the row goes on along the same line, so a year or a count
                // alone in a cell (or alone on its line, where an item is
                // printed one cell per line) never opens an item.
                let bare = bare_number(cell.text.trim())?;
                let expected_here = expected.get(want)?;
                ((starts_line || i == 0) && !cell.ends_line && same_number(bare, expected_here))
                    .then(|| bare.to_string())
            });
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
///
/// Printed one cell per line, rows are told apart by the width. Printed one
/// row per line, each line is a row; a line that starts with a tab starts
/// with the empty number cell of a row that continues the item. Cells are
/// placed by position, so a row must give every cell (empty ones as empty
/// text between tabs): with a plan, the number cell and one cell per
/// column; without one, as many as the item's longest row. A row with
/// fewer, or with text beyond them, is a problem, never a shifted row.
pub(super) fn rows(
    cells: &[RawCell],
    width: Option<usize>,
    plan: Option<&Plan>,
) -> Result<Vec<Row>, Problem> {
    let Some(first) = cells.first() else {
        return Ok(Vec::new());
    };
    let split;
    let cells: &[RawCell] = match number_and_text(&first.text).filter(|_| first.number.is_none()) {
        Some((n, rest)) => {
            // «5. Текст пункта»: the number and the first column's text in
            // one cell, told apart here; the rest is read as usual.
            let mut number = empty_like(first);
            number.text = format!("{n}.");
            number.number = Some(n.to_string());
            number.starts_line = first.starts_line;
            let mut text = first.clone();
            text.text = rest.to_string();
            text.starts_line = false;
            split = [vec![number, text], cells[1..].to_vec()].concat();
            &split
        }
        None => cells,
    };
    let blanks: Vec<RawCell> = cells.iter().map(empty_like).collect();
    let groups = if cell_per_line(cells) {
        by_width(cells, width, plan.is_some())?
    } else if plan.is_none() && one_cell_per_line_after_first(cells) {
        // Rows of two cells, or wider rows printed one cell per line after
        // the first: only the plan's columns tell.
        return Err((
            first.span.clone(),
            "after its first line the item has one cell per line: these are rows of one cell, or wider rows printed one cell per line, and only the plan's columns tell; give a plan".into(),
        ));
    } else {
        let row_width = plan.and(width);
        match by_lines(cells, &blanks, row_width) {
            Ok(groups) => groups,
            // Number and first cell on one line, then one cell per line:
            // when the rows do not fit the plan's columns line by line, the
            // cells may still be one per line.
            Err(problem) => match row_width.filter(|_| one_cell_per_line_after_first(cells)) {
                Some(w) => by_width(cells, Some(w), true).map_err(|_| problem)?,
                None => return Err(problem),
            },
        }
    };
    build(&groups, plan)
}

/// Rows of an item printed one cell per line: `width` cells each, the
/// number cell of every row after the first empty.
/// With `exact` (the width is the plan's), the last row too must give
/// every cell.
fn by_width(
    cells: &[RawCell],
    width: Option<usize>,
    exact: bool,
) -> Result<Vec<Vec<&RawCell>>, Problem> {
    let Some(width) = width.filter(|&w| w > 0) else {
        let at = cells.first().map_or(0..0, |c| c.span.clone());
        return Err((at, "rows cannot be told apart".into()));
    };
    let groups: Vec<Vec<&RawCell>> = cells.chunks(width).map(|c| c.iter().collect()).collect();
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
    if let Some(last) = groups.last().filter(|g| exact && g.len() < width) {
        if let Some(c) = last.iter().rfind(|c| !c.text.is_empty()) {
            return Err((
                c.span.clone(),
                format!(
                    "the last row has {} cells where the plan has {width} (the number cell and {} columns): cells are placed by position, so a row must give every cell, empty ones on their own lines",
                    last.len(),
                    width - 1
                ),
            ));
        }
    }
    Ok(groups)
}

/// Cells grouped by the lines (and quoted blocks) they are printed on; a
/// line that starts with a tab gets the empty cell before the tab, taken
/// from `blanks` (one per cell). Lines of nothing but empty cells are left
/// out.
fn lines<'c>(cells: &'c [RawCell], blanks: &'c [RawCell]) -> Vec<Vec<&'c RawCell>> {
    let mut lines: Vec<Vec<&RawCell>> = Vec::new();
    let mut current: Vec<&RawCell> = Vec::new();
    for (cell, blank) in cells.iter().zip(blanks) {
        // A new line, or a new quoted block, starts a row.
        if (cell.lead_tab || cell.starts_line) && !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if cell.lead_tab {
            current.push(blank);
        }
        current.push(cell);
        if cell.ends_line {
            lines.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines.retain(|l| l.iter().any(|c| !c.text.is_empty()));
    lines
}

/// Rows of an item printed one row per line. `width`, from a plan, is the
/// number of cells every row must have (the number cell included).
fn by_lines<'c>(
    cells: &'c [RawCell],
    blanks: &'c [RawCell],
    width: Option<usize>,
) -> Result<Vec<Vec<&'c RawCell>>, Problem> {
    let mut lines = lines(cells, blanks);
    for line in lines.iter().skip(1) {
        if let Some(c) = line.first().filter(|c| !c.text.is_empty()) {
            let message = if c.number.is_some() {
                "a second item number inside one item's restated text".to_string()
            } else {
                "this row of the item does not start with an empty number cell (a tab at the start of the line): its cells cannot be placed in columns".to_string()
            };
            return Err((c.span.clone(), message));
        }
    }
    let filled = |l: &[&RawCell]| {
        l.iter()
            .rposition(|c| !c.text.is_empty())
            .map_or(0, |i| i + 1)
    };
    // Without a plan, every row must reach as far as the longest.
    let longest = lines.iter().map(|l| filled(l)).max().unwrap_or(0);
    for line in &lines {
        let at = line
            .iter()
            .find(|c| !c.text.is_empty())
            .map_or(0..0, |c| c.span.clone());
        let given = line.len();
        match width {
            Some(w) if given < w => {
                return Err((
                    at,
                    format!(
                        "this row has {given} cells where the plan has {w} (the number cell and {} columns): cells are placed by position, so a row must give every cell, empty ones as tabs",
                        w - 1
                    ),
                ));
            }
            Some(w) if filled(line) > w => {
                let beyond = line[w..]
                    .iter()
                    .find(|c| !c.text.is_empty())
                    .map_or(at, |c| c.span.clone());
                return Err((
                    beyond,
                    format!(
                        "this row has {} cells where the plan has {w} (the number cell and {} columns): a cell beyond the plan's columns",
                        filled(line),
                        w - 1
                    ),
                ));
            }
            None if given < longest => {
                return Err((
                    at,
                    format!(
                        "this row has {given} cells where another row of the item has {longest}: cells are placed by position, so a row must give every cell, empty ones as tabs (or give a plan)"
                    ),
                ));
            }
            _ => {}
        }
    }
    for line in lines.iter_mut() {
        while line.len() > 1 && line.last().is_some_and(|c| c.text.is_empty()) {
            line.pop();
        }
    }
    Ok(lines)
}

/// The number and the first cell on one line, then one cell per line: the
/// shape that reads either as rows of two cells or as rows of the plan's
/// width printed one cell per line.
fn one_cell_per_line_after_first(cells: &[RawCell]) -> bool {
    cells.len() > 2
        && !cell_per_line(cells)
        && cells[1].ends_line
        && cells[2..].iter().all(|c| c.lead_tab)
}

fn empty_like(cell: &RawCell) -> RawCell {
    RawCell {
        text: String::new(),
        span: cell.span.start..cell.span.start,
        ends_line: false,
        starts_line: false,
        number: None,
        lead_tab: false,
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

/// Cells of a row given without the item number (a restated or added row).
/// An empty or numeric first cell is the number cell. With a plan, the row
/// must give a cell for every column, and cells beyond them must be empty:
/// cells are placed by position, so a row short of cells would be shifted.
/// One quote holds one row.
pub(super) fn row_cells(cells: &[RawCell], plan: Option<&Plan>) -> Result<Row, Problem> {
    let Some(first) = cells.first() else {
        return Ok(Row::new());
    };
    let blanks: Vec<RawCell> = cells.iter().map(empty_like).collect();
    let lines = lines(cells, &blanks);
    if lines.len() > 1 && lines.iter().any(|l| l.len() > 2) {
        let at = lines[1]
            .iter()
            .find(|c| !c.text.is_empty())
            .map_or(first.span.clone(), |c| c.span.clone());
        return Err((
            at,
            "the quoted row has several lines of cells, as several rows would: one quote holds one row («строками следующего содержания: «…»; «…»»)".into(),
        ));
    }
    let number_like = first.text.is_empty() || first.number.is_some();
    let has_number_cell = match plan {
        Some(plan) => {
            let given = cells.len() - usize::from(number_like);
            let w = plan.columns.len();
            if given < w {
                let at = cells
                    .iter()
                    .rfind(|c| !c.text.is_empty())
                    .map_or(first.span.clone(), |c| c.span.clone());
                let number = if number_like {
                    " after the number cell"
                } else {
                    ""
                };
                return Err((
                    at,
                    format!(
                        "the row has {given} cells{number} where the plan has {w} columns: cells are placed by position, so a row must give every cell, empty ones as tabs"
                    ),
                ));
            }
            number_like
        }
        None => cells.len() > 1 && number_like,
    };
    let placeholder = empty_like(first);
    let mut group: Vec<&RawCell> = Vec::with_capacity(cells.len() + 1);
    if !has_number_cell {
        group.push(&placeholder);
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
    fn a_number_cell_without_its_dot_opens_only_the_item_expected() {
        let text = "10.1\tМера\t2018\tИванов\n2018\tМера два\t2019\tПетров";
        let c = whole(text);
        let items = split_items(&c, &["10.1".into()]).unwrap();
        assert_eq!(
            items.len(),
            1,
            "the year «2018» alone in a cell opens no item"
        );
        assert_eq!(items[0].0, "10.1");
        assert!(split_items(&c, &["10.2".into()]).is_err());
    }

    #[test]
    fn number_and_text_without_tab() {
        let text = "5. Текст пункта.";
        let c = whole(text);
        let items = split_items(&c, &["5".into()]).unwrap();
        let r = rows(&c[items[0].1.clone()], None, None).unwrap();
        assert_eq!(r[0]["1"].text, "Текст пункта.");
    }

    fn plan(columns: usize) -> Plan {
        let columns: Vec<serde_json::Value> = (1..=columns)
            .map(|k| serde_json::json!({"id": format!("c{k}"), "title": format!("Графа {k}")}))
            .collect();
        serde_json::from_value(serde_json::json!({
            "title": "План",
            "act": {"kind": "приказ", "issuer": "Минтруда России", "number": "1", "date": "2014-01-01"},
            "columns": columns,
            "items": []
        }))
        .unwrap()
    }

    /// The rows of the one item in `text`, as `column → text` pairs.
    fn read(text: &str, plan: Option<&Plan>) -> Result<Vec<Vec<(String, String)>>, Problem> {
        let c = whole(text);
        let width = plan.map(|p| p.columns.len() + 1);
        let rows = rows(&c, width, plan)?;
        Ok(rows
            .into_iter()
            .map(|r| r.into_iter().map(|(k, v)| (k, v.text)).collect())
            .collect())
    }

    fn pairs(row: &[(&str, &str)]) -> Vec<(String, String)> {
        row.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_line_that_starts_with_a_tab_is_a_row_with_an_empty_number_cell() {
        // The number cell of a continuation row is empty: the line starts
        // with the tab after it. Read before as the row's first cell lost.
        let two = "85.\tМера A\tСрок B\tИсполнитель C\tПримечание D\n\tМера A2\tСрок B2\tИсполнитель C2\tПримечание D2";
        let three = format!("{two}\n\tМера A3\tСрок B3\tИсполнитель C3\tПримечание D3");
        let p = plan(4);
        for (text, n) in [(two.to_string(), 2), (three, 3)] {
            for plan in [None, Some(&p)] {
                let rows = read(&text, plan).unwrap();
                assert_eq!(rows.len(), n, "{text:?}");
                for (k, row) in rows.iter().enumerate() {
                    let suffix = if k == 0 {
                        String::new()
                    } else {
                        (k + 1).to_string()
                    };
                    let keys: Vec<String> = match plan {
                        Some(_) => (1..=4).map(|c| format!("c{c}")).collect(),
                        None => (1..=4).map(|c| c.to_string()).collect(),
                    };
                    let want: Vec<(String, String)> = keys
                        .into_iter()
                        .zip(["Мера A", "Срок B", "Исполнитель C", "Примечание D"])
                        .map(|(k, v)| (k, format!("{v}{suffix}")))
                        .collect();
                    assert_eq!(row, &want, "row {} of {text:?}", k + 1);
                }
            }
        }
    }

    #[test]
    fn rows_per_line_with_cells_over_several_lines_and_trailing_tabs() {
        let text = "85.\tМера A\tIII кв.\n2014 г.\tИванов\t\n\tМера A2\t\tПетров,\nСидоров\t";
        let rows = read(text, Some(&plan(3))).unwrap();
        assert_eq!(
            rows,
            [
                pairs(&[
                    ("c1", "Мера A"),
                    ("c2", "III кв.\n2014 г."),
                    ("c3", "Иванов")
                ]),
                pairs(&[("c1", "Мера A2"), ("c3", "Петров,\nСидоров")]),
            ]
        );
    }

    #[test]
    fn a_row_short_of_cells_is_a_problem_not_a_shift() {
        let p = plan(4);
        // The continuation row lacks one cell: read by position, «Срок B2»
        // would fall under the first column.
        let text = "85.\tМера A\tСрок B\tИсполнитель C\tПримечание D\n\tСрок B2\tИсполнитель C2\tПримечание D2";
        let (at, message) = read(text, Some(&p)).unwrap_err();
        assert_eq!(&text[at], "Срок B2");
        assert!(
            message.contains("4 cells where the plan has 5"),
            "{message}"
        );
        let (at, message) = read(text, None).unwrap_err();
        assert_eq!(&text[at], "Срок B2");
        assert!(
            message.contains("another row of the item has 5"),
            "{message}"
        );
        // The first row too.
        let (_, message) = read("85.\tМера A\tСрок B", Some(&p)).unwrap_err();
        assert!(
            message.contains("3 cells where the plan has 5"),
            "{message}"
        );
    }

    #[test]
    fn a_row_with_cells_beyond_the_plan_is_a_problem() {
        let text = "85.\tA\tB\tC\tD\tE\n\tA2\tB2\tC2\tD2";
        let (at, message) = read(text, Some(&plan(4))).unwrap_err();
        assert_eq!(text[at].trim(), "E");
        assert!(
            message.contains("6 cells where the plan has 5"),
            "{message}"
        );
        // Empty cells beyond the plan's columns are only trailing tabs.
        assert_eq!(
            read("85.\tA\tB\tC\tD\t\t", Some(&plan(4))).unwrap().len(),
            1
        );
    }

    #[test]
    fn a_continuation_row_with_text_in_the_number_cell_is_a_problem() {
        // Two quoted blocks: the second row has no empty number cell.
        let text = "85.\tA\tB»; «A2\tB2";
        let blocks = [
            0..text.find('»').unwrap(),
            text.rfind('«').unwrap() + '«'.len_utf8()..text.len(),
        ];
        let c = cells(text, &blocks);
        let (at, message) = rows(&c, None, None).unwrap_err();
        assert_eq!(&text[at], "A2");
        assert!(message.contains("empty number cell"), "{message}");
    }

    #[test]
    fn number_and_first_cell_on_a_line_then_one_cell_per_line() {
        // Read line by line, rows of two cells would not fit the plan; one
        // cell per line they do.
        let text =
            "85.\tМера A\n\tСрок B\n\tИсполнитель C\n\t\n\tМера A2\n\tСрок B2\n\tИсполнитель C2";
        let c = whole(text);
        assert!(one_cell_per_line_after_first(&c));
        let rows = read(text, Some(&plan(3))).unwrap();
        assert_eq!(
            rows,
            [
                pairs(&[("c1", "Мера A"), ("c2", "Срок B"), ("c3", "Исполнитель C")]),
                pairs(&[
                    ("c1", "Мера A2"),
                    ("c2", "Срок B2"),
                    ("c3", "Исполнитель C2")
                ]),
            ]
        );
        // Without a plan, nothing tells.
        let (_, message) = read(text, None).unwrap_err();
        assert!(
            message.contains("only the plan's columns tell"),
            "{message}"
        );
        // Against a plan of one column, the same text is rows of one cell.
        assert_eq!(read(text, Some(&plan(1))).unwrap().len(), 6);
    }

    #[test]
    fn one_cell_per_line_with_a_plan_needs_every_cell_of_the_last_row() {
        let text = "1.\n\tЦель\n\tМера\n\tИтог\n\t\n\tЦель два\n\tМера два";
        let (at, message) = read(text, Some(&plan(3))).unwrap_err();
        assert_eq!(&text[at], "Мера два");
        assert!(message.contains("last row has 3 cells"), "{message}");
        let full = format!("{text}\n\t");
        assert_eq!(read(&full, Some(&plan(3))).unwrap().len(), 2);
    }

    #[test]
    fn a_row_given_alone_must_fit_the_plan() {
        let p = plan(3);
        let row = |text: &str| row_cells(&whole(text), Some(&p));
        let r = row("\tМера\t2\t2020").unwrap();
        assert_eq!(r["c1"].text, "Мера");
        assert_eq!(r["c3"].text, "2020");
        let r = row("Мера\t2\t2020").unwrap();
        assert_eq!(r["c1"].text, "Мера");
        let (_, message) = row("\tМера\t2020").unwrap_err();
        assert!(
            message.contains("2 cells after the number cell where the plan has 3"),
            "{message}"
        );
        let (_, message) = row("Мера\t2020").unwrap_err();
        assert!(
            message.contains("2 cells where the plan has 3"),
            "{message}"
        );
        assert!(row("\tМера\t2\t2020\tЛишнее").is_err());
        // Two rows in one quote.
        let (_, message) = row("\tМера\t2\t2020\n\tМера два\t3\t2021").unwrap_err();
        assert!(message.contains("one quote holds one row"), "{message}");
    }

    #[test]
    fn wrong_number_is_a_problem() {
        let c = whole("6.\tТекст");
        assert!(split_items(&c, &["5".into()]).is_err());
    }
}
