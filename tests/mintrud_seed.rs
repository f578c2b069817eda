//! The Mintrud bundle (`fixtures/mintrud-2013-342`) checked against the text
//! it was built from: order No. 587 of 29.08.2014 as exported
//! (`fixtures/seeds/004_c4094d245a957aa1.txt`).
//!
//! Nothing here repeats the bundle's wording: the restated items and the
//! footnotes are compared word for word with the seed, and the base plan,
//! which the sources do not contain, must say at every cell that it is
//! reconstructed.

use chrono::NaiveDate;
use planver::matching::normalize;
use planver::{Bundle, History, ItemVersion, Operation};

const BUNDLE: &str = "fixtures/mintrud-2013-342";
const SEED: &str = "fixtures/seeds/004_c4094d245a957aa1.txt";

fn date(s: &str) -> NaiveDate {
    s.parse().expect("a YYYY-MM-DD date")
}

fn bundle() -> Bundle {
    Bundle::load(BUNDLE).expect("the bundle loads")
}

fn history() -> History {
    bundle().history().expect("order 587 applies strictly")
}

fn seed() -> String {
    std::fs::read_to_string(SEED).expect("the seed is readable")
}

/// Whitespace-separated words, a non-breaking space counting as a space.
fn words(text: &str) -> Vec<String> {
    text.replace('\u{a0}', " ")
        .split_whitespace()
        .map(String::from)
        .collect()
}

/// The seed's lines between the line that opens `point` and the line that
/// opens the next point of the order.
fn point_body(seed: &str, point: &str, next: &str) -> Vec<String> {
    let lines: Vec<&str> = seed.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(&format!("{point}. ")))
        .unwrap_or_else(|| panic!("point {point} not found in the seed"));
    let end = lines
        .iter()
        .position(|l| l.starts_with(&format!("{next}. ")))
        .unwrap_or_else(|| panic!("point {next} not found in the seed"));
    lines[start + 1..end]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

/// The number of a restated item when `line` is the cell that opens it:
/// a TAB, then «N. (the opening quote only on the first item of a block).
fn item_number(line: &str) -> Option<String> {
    let cell = line.strip_prefix('\t')?.trim().trim_start_matches('«');
    let number = cell.strip_suffix('.')?;
    (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit())).then(|| number.to_string())
}

/// Point 3 of the seed: each restated item's number and its words, the
/// number cell and the quotes that wrap the restated text dropped.
fn seed_items() -> Vec<(String, Vec<String>)> {
    let body = point_body(&seed(), "3", "4");
    let starts: Vec<(usize, String)> = body
        .iter()
        .enumerate()
        .filter_map(|(i, l)| item_number(l).map(|n| (i, n)))
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, (at, number))| {
            let until = starts.get(k + 1).map_or(body.len(), |(next, _)| *next);
            let mut w = words(&body[*at..until].join("\n"));
            let first = w.remove(0);
            assert_eq!(first.trim_start_matches('«'), format!("{number}."));
            if let Some(last) = w.last_mut() {
                if let Some(kept) = last.strip_suffix("»;").or_else(|| last.strip_suffix("».")) {
                    *last = kept.to_string();
                }
            }
            if w.last().is_some_and(|l| l.is_empty()) {
                w.pop();
            }
            (number.clone(), w)
        })
        .collect()
}

/// The words of an item's cells in reading order: row by row, columns in
/// the plan's order.
fn item_words(history: &History, item: &ItemVersion) -> Vec<String> {
    let mut out = Vec::new();
    for row in &item.rows {
        for column in 0..history.columns().len() {
            if let Some(cell) = row.cell(column) {
                out.extend(words(&cell.text));
            }
        }
    }
    out
}

fn column_has(item: &ItemVersion, column: usize, words: &str) -> bool {
    normalize(&item.column_text(column)).contains(&normalize(words))
}

#[test]
fn restated_items_are_the_seed_word_for_word() {
    let history = history();
    let restated = seed_items();
    let numbers: Vec<&str> = restated.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "13"]);

    // The order restates exactly the items the seed's point 3 restates.
    let bundle = bundle();
    let order = &bundle.orders[0].0;
    let ops: Vec<&str> = order
        .operations
        .iter()
        .filter_map(|op| match op {
            Operation::RestateItem { item, .. } => Some(item.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ops, numbers);

    for (number, expected) in &restated {
        let item = history.item_at(number, date("2014-08-29")).unwrap();
        let version = item.version();
        let have = item_words(&history, version);
        if have != *expected {
            let at = have
                .iter()
                .zip(expected)
                .position(|(a, b)| a != b)
                .unwrap_or(have.len().min(expected.len()));
            panic!(
                "item {number}: word {at} differs: bundle {:?}, seed {:?} ({} vs {} words)",
                have.get(at.saturating_sub(3)..(at + 3).min(have.len())),
                expected.get(at.saturating_sub(3)..(at + 3).min(expected.len())),
                have.len(),
                expected.len()
            );
        }
        // Every cell is in the order's wording, and only the first row
        // carries the goal (later rows leave number and goal empty).
        for (_, cell) in version.cells() {
            assert_eq!(
                history.edition_note(cell.source).as_deref(),
                Some("(в ред. приказа Минтруда России от 29.08.2014 № 587)"),
                "item {number}"
            );
            assert!(!cell.reconstructed, "item {number}");
        }
        let goal = history.column_index("goal").unwrap();
        assert!(version.rows[0].cell(goal).is_some(), "item {number}");
        assert!(
            version.rows[1..].iter().all(|r| r.cell(goal).is_none()),
            "item {number}: a goal in a later row"
        );
    }
}

#[test]
fn footnotes_are_the_seed_word_for_word() {
    let history = history();
    // Point 4 is the last point: its body runs to the end of the text.
    let seed = seed();
    let lines: Vec<(String, Vec<String>)> = seed
        .lines()
        .skip_while(|l| !l.starts_with("4. "))
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut w = words(l);
            let mark = w.remove(0).trim_start_matches('«').to_string();
            let last = w.pop().unwrap();
            let kept = last
                .strip_suffix("»;")
                .or_else(|| last.strip_suffix("»."))
                .unwrap_or_else(|| panic!("footnote {mark} does not end in »; or ».: {last}"));
            if !kept.is_empty() {
                w.push(kept.to_string());
            }
            (mark, w)
        })
        .collect();
    assert!(!lines.is_empty());

    let before = history.revision_at(date("2014-08-28")).unwrap();
    assert!(before.footnotes().is_empty());
    let after = history.revision_at(date("2014-08-29")).unwrap();
    let have: Vec<(String, Vec<String>)> = after
        .footnotes()
        .iter()
        .map(|f| (f.number.clone(), words(&f.text)))
        .collect();
    assert_eq!(have, lines);
}

#[test]
fn item_10_changes_hands_on_the_day_order_587_is_signed() {
    let history = history();
    let responsible = history.column_index("Ответственный исполнитель").unwrap();
    let result = history
        .column_index("Результаты и сроки реализации")
        .unwrap();

    let before = history.item_at("10", date("2014-08-28")).unwrap();
    assert!(column_has(before.version(), responsible, "И.В. Никитина"));
    assert!(column_has(before.version(), result, "IV кв. 20134 г."));

    for day in ["2014-08-29", "2014-09-01", "2015-12-31"] {
        let after = history.item_at("10", date(day)).unwrap();
        let v = after.version();
        assert!(column_has(v, responsible, "Ф.И. Воронин"), "{day}");
        assert!(!column_has(v, responsible, "Никитина"), "{day}");
        assert!(column_has(v, result, "IV кв. 2014 г."), "{day}");
        assert!(!column_has(v, result, "20134"), "{day}");
    }
    // Item 11 loses И.В. Никитина too; point 2 does not touch it.
    let eleven = history.item_at("11", date("2014-08-29")).unwrap();
    assert!(column_has(eleven.version(), responsible, "Ф.И. Воронин"));
    assert!(!column_has(eleven.version(), responsible, "Никитина"));
}

#[test]
fn the_base_plan_says_it_is_reconstructed() {
    let bundle = bundle();
    let history = history();

    // Words the order quotes from the base text: the only base wording known.
    let quoted: Vec<String> = bundle
        .orders
        .iter()
        .flat_map(|(o, _)| &o.operations)
        .filter_map(|op| match op {
            Operation::ReplaceWords { from, .. } => Some(normalize(from)),
            _ => None,
        })
        .collect();

    for info in history.revisions() {
        let revision = history.revision(info.index);
        for item in revision.items() {
            for (row, cell) in item.cells() {
                let at = format!(
                    "item {} row {} column «{}» from {}",
                    item.number,
                    row + 1,
                    history.columns()[cell.column].title,
                    info.from
                );
                if cell.source.is_base() {
                    assert!(
                        cell.reconstructed,
                        "{at}: base text not marked reconstructed"
                    );
                    let text = normalize(&cell.text);
                    assert!(
                        (text.starts_with('[') && text.ends_with(']')) || quoted.contains(&text),
                        "{at}: «{}» is neither a visible placeholder nor words the order quotes",
                        cell.text
                    );
                } else {
                    // A restatement gives original wording; a word edit of a
                    // reconstructed cell leaves the rest of it reconstructed.
                    let op = history
                        .order(cell.source.act)
                        .and_then(|o| o.operations.get(cell.source.operation.unwrap_or(0)));
                    let restated = matches!(op, Some(Operation::RestateItem { .. }));
                    assert_eq!(
                        cell.reconstructed,
                        !restated,
                        "{at}: reconstructed flag after {:?}",
                        op.map(|o| o.formula())
                    );
                }
            }
        }
    }

    // The base plan itself: every cell reconstructed, with a note saying how.
    for item in &bundle.plan.items {
        for row in &item.rows {
            for (column, cell) in row {
                assert!(
                    cell.reconstructed && cell.note.as_deref().is_some_and(|n| !n.is_empty()),
                    "item {} column {column}",
                    item.number
                );
            }
        }
    }
    assert!(bundle.plan.footnotes.is_empty());
    assert!(bundle.plan.sections.is_empty());
    assert!(!bundle.plan.notes.is_empty());

    // A column title not printed in the order is marked reconstructed.
    let seed = normalize(&seed());
    for column in history.columns() {
        let printed = seed.contains(&normalize(&format!("«{}»", column.title)));
        assert_eq!(column.reconstructed, !printed, "column «{}»", column.title);
    }
}

#[test]
fn bundle_expectations_hold() {
    planver::assert_bundle(BUNDLE);
}
