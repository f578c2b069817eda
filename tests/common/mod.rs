//! Generated plans and amendment orders for the property tests
//! (`tests/properties.rs`, `tests/diff.rs`, `tests/draft.rs`), used with
//! `mod common;`.
//!
//! One generator for all three: plans of one to nine items in sections I
//! and II, with one or two rows each, multi-line («абзацы») cells and rows
//! without the last column; orders of every operation kind, valid and
//! invalid alike (unknown items, columns and words, paragraphs past the
//! end), some taking effect after signing. What differs between the tests
//! is a parameter: whether sections come in order, how many orders.

use planver::{History, Mode, Options, Order, Plan};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{Value, json};
use std::ops::Range;

/// The words cells are made of and operations look for: initials with
/// dots, quotes, digits, a trailing comma, a dash in brackets.
pub const WORDS: &[&str] = &[
    "план",
    "Сайт",
    "Аносова И.А.",
    "2017",
    "IV кв.",
    "«открытость»",
    "сроки",
    "Департамент",
    "2018 год,",
    "(далее – План)",
];

/// `default_cases` cases, or `PROPTEST_CASES` if set; as many rejected
/// cases allowed as cases (or proptest's default, if more).
pub fn config(default_cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default_cases);
    let defaults = Config::default();
    Config {
        cases,
        max_global_rejects: cases.max(defaults.max_global_rejects),
        ..defaults
    }
}

/// One to five of [`WORDS`] on one line.
pub fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..6).prop_map(|w| w.join(" "))
}

/// Text of one to three абзацы (lines), as multi-line cells have.
pub fn paragraphs() -> impl Strategy<Value = String> {
    prop::collection::vec(text(), 1..4).prop_map(|p| p.join("\n"))
}

/// An item's display number, present in the plan or not.
pub fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..12).prop_map(|n| n.to_string()),
        (1u32..12).prop_map(|n| format!("{n}.1"))
    ]
}

/// A column by id, by title, by number, none (every column, or the first
/// for operations that need one), or one the plan does not have.
pub fn column() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("measure")),
        Just(json!("Срок")),
        Just(json!(3)),
        Just(Value::Null),
        Just(json!("Нет такой графы")),
    ]
}

/// A row: a multi-line measure, a deadline, and half the time a
/// responsible official.
pub fn row() -> impl Strategy<Value = Value> {
    (paragraphs(), text(), text(), any::<bool>()).prop_map(|(m, d, r, full)| {
        if full {
            json!({"measure": m, "deadline": d, "responsible": r})
        } else {
            json!({"measure": m, "deadline": d})
        }
    })
}

/// How a generated plan puts its items into sections I and II.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code)] // each test binary uses one
pub enum Sections {
    /// Each item in either, in any order.
    Any,
    /// Section I, then section II, as plans print them.
    InOrder,
}

/// A plan of one to nine items numbered 1…n, one or two rows each.
pub fn plan_json(sections: Sections) -> impl Strategy<Value = Value> {
    (
        1usize..10,
        prop::collection::vec(prop::collection::vec(row(), 1..3), 10),
        prop::collection::vec(0usize..2, 10),
        0usize..10,
    )
        .prop_map(move |(n, rows, any, first_of_ii)| {
            let items = (0..n)
                .map(|i| {
                    let section = match sections {
                        Sections::Any => any[i],
                        Sections::InOrder => usize::from(i >= first_of_ii),
                    };
                    json!({"number": (i + 1).to_string(), "section": (["I", "II"][section]), "rows": rows[i]})
                })
                .collect();
            plan(items)
        })
}

/// The plan of these items: three columns (measure, deadline,
/// responsible), sections I and II, footnote 1.
pub fn plan(items: Vec<Value>) -> Value {
    json!({
        "title": "План мероприятий",
        "act": {"kind": "приказ", "issuer": "Минтруда России", "number": "342", "date": "2013-08-02"},
        "columns": [
            {"id": "measure", "title": "Мероприятие"},
            {"id": "deadline", "title": "Срок"},
            {"id": "responsible", "title": "Ответственный исполнитель"}
        ],
        "sections": [{"number": "I", "title": "Первый"}, {"number": "II", "title": "Второй"}],
        "items": items,
        "footnotes": [{"number": "1", "text": "сноска"}]
    })
}

/// Sets `op[key]` to `value` when there is one.
fn with(mut op: Value, key: &str, value: Option<impl Into<Value>>) -> Value {
    if let Some(v) = value {
        op[key] = v.into();
    }
    op
}

/// One operation of any kind; word operations most often.
pub fn operation() -> impl Strategy<Value = Value> {
    let targets = prop_oneof![
        3 => prop::collection::vec(number(), 1..3).prop_map(|v| json!(v)),
        1 => Just(json!("all")),
    ];
    // No row (right for items of one row), or row 1 or 2.
    let row_number = || prop_oneof![Just(None), Just(Some(1)), Just(Some(1)), Just(Some(2))];
    let paragraph = || prop::option::of(1usize..4);
    prop_oneof![
        // Words.
        3 => (targets.clone(), column(), prop::sample::select(WORDS), text()).prop_map(|(items, column, from, to)| {
            let op = json!({"op": "replace_words", "items": items, "from": from, "to": to});
            with(op, "column", Some(column).filter(|c| !c.is_null()))
        }),
        2 => (targets.clone(), prop::sample::select(WORDS), text(), any::<bool>()).prop_map(|(items, anchor, words, after)| {
            let anchor = if after { json!({"after": anchor}) } else { json!({"before": anchor}) };
            json!({"op": "insert_words", "items": items, "anchor": anchor, "words": words})
        }),
        2 => (targets, prop::sample::select(WORDS)).prop_map(|(items, words)| json!({"op": "delete_words", "items": items, "words": words})),
        // Words in an абзац, or at the start or end of a cell.
        2 => (number(), paragraph(), text(), any::<bool>()).prop_map(|(item, p, words, end)| {
            let op = json!({"op": "insert_words", "items": [item], "column": "measure", "anchor": if end { "end" } else { "start" }, "words": words});
            with(op, "paragraph", p)
        }),
        1 => (number(), 1usize..4, prop::sample::select(WORDS), text()).prop_map(|(item, p, from, to)| json!({"op": "replace_words", "items": [item], "column": "measure", "paragraph": p, "from": from, "to": to})),
        1 => (number(), 1usize..4, prop::sample::select(WORDS)).prop_map(|(item, p, words)| json!({"op": "delete_words", "items": [item], "column": "measure", "paragraph": p, "words": words})),
        // Абзацы.
        2 => (number(), row_number(), 1usize..4, text()).prop_map(|(item, r, p, text)| {
            let op = json!({"op": "restate_paragraph", "item": item, "column": "measure", "paragraph": p, "text": text});
            with(op, "row", r)
        }),
        2 => (number(), row_number(), prop::option::of(0usize..4), text()).prop_map(|(item, r, after, text)| {
            let op = json!({"op": "add_paragraph", "item": item, "column": "Мероприятие", "text": text});
            with(with(op, "after", after), "row", r)
        }),
        2 => (number(), row_number(), 1usize..4).prop_map(|(item, r, p)| {
            let op = json!({"op": "delete_paragraph", "item": item, "column": 1, "paragraph": p});
            with(op, "row", r)
        }),
        // Items, rows and cells.
        1 => (number(), prop::collection::vec(row(), 1..3)).prop_map(|(item, rows)| json!({"op": "restate_item", "item": item, "rows": rows})),
        2 => (number(), row_number(), column(), paragraphs()).prop_map(|(item, r, column, text)| {
            let op = json!({"op": "restate_cell", "item": item, "column": if column.is_null() { json!(1) } else { column }, "text": text});
            with(op, "row", r)
        }),
        1 => (number(), 1usize..3, row()).prop_map(|(item, r, cells)| json!({"op": "restate_row", "item": item, "row": r, "cells": cells})),
        1 => (number(), row()).prop_map(|(item, cells)| json!({"op": "add_row", "item": item, "cells": cells})),
        1 => (number(), 1usize..3).prop_map(|(item, r)| json!({"op": "remove_row", "item": item, "row": r})),
        1 => (number(), number(), row()).prop_map(|(n, after, r)| json!({"op": "add_item", "number": n, "position": {"after": after}, "rows": [r]})),
        1 => (number(), prop::sample::select(vec!["I", "II", "III", "0"]), row()).prop_map(|(n, s, r)| json!({"op": "add_item", "number": n, "position": {"end_of_section": s}, "rows": [r]})),
        1 => Just(json!({"op": "add_section", "number": "III", "title": "Третий"})),
        // Put first, or before section II.
        1 => prop::sample::select(vec![("0", "I"), ("I.1", "II")]).prop_map(|(n, before)| json!({"op": "add_section", "number": n, "title": "Вставной", "before": before})),
        1 => number().prop_map(|item| json!({"op": "repeal_item", "item": item})),
        1 => number().prop_map(|item| json!({"op": "exclude_item", "item": item})),
        1 => (number(), number()).prop_map(|(a, b)| json!({"op": "renumber", "from": [a], "to": [b]})),
        1 => (1u32..8).prop_map(|a| json!({"op": "renumber", "from": [a.to_string(), (a + 1).to_string(), (a + 2).to_string()], "to": [(a + 1).to_string(), (a + 2).to_string(), (a + 3).to_string()]})),
        // Footnotes.
        1 => (prop::sample::select(vec!["1", "2", "2.1"]), text()).prop_map(|(n, t)| json!({"op": "add_footnote", "number": n, "text": t})),
        1 => (prop::sample::select(vec!["1", "2"]), text()).prop_map(|(n, t)| json!({"op": "restate_footnote", "number": n, "text": t})),
        1 => prop::sample::select(vec!["1", "2"]).prop_map(|n| json!({"op": "remove_footnote", "number": n})),
    ]
}

/// `count` orders, 600, 601, …, each of one to seven operations, signed
/// on distinct days of January to May 2014; one in three takes effect
/// later, on the first of a month from May to September (so several
/// orders may make one revision).
pub fn orders_json(count: Range<usize>) -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec(
        (1u32..6, 0u32..3, prop::collection::vec(operation(), 1..8)),
        count,
    )
    .prop_map(|orders| {
        orders
            .into_iter()
            .enumerate()
            .map(|(i, (month, late, ops))| {
                let mut order = order(i, &format!("2014-0{month}-1{}", i % 10), json!(ops));
                if late > 1 {
                    order["effective"] = json!(format!("2014-0{}-01", month + 4));
                }
                order
            })
            .collect()
    })
}

/// Order `600 + i` of Mintrud, signed on `date`.
pub fn order(i: usize, date: &str, operations: Value) -> Value {
    json!({
        "act": {"kind": "приказ", "issuer": "Минтруда России", "number": (600 + i).to_string(), "date": date},
        "operations": operations
    })
}

/// The plan and orders, deserialized.
pub fn parse(plan: &Value, orders: &[Value]) -> (Plan, Vec<Order>) {
    let plan: Plan = serde_json::from_value(plan.clone()).expect("a plan");
    let orders = orders
        .iter()
        .map(|o| serde_json::from_value(o.clone()).expect("an order"))
        .collect();
    (plan, orders)
}

/// The history built leniently: refused operations leave no trace.
pub fn lenient(plan: Plan, orders: Vec<Order>) -> History {
    History::build_with(plan, orders, &Options::default().mode(Mode::Lenient))
        .expect("lenient histories build")
}

/// [`parse`], then [`lenient`].
pub fn history(plan: &Value, orders: &[Value]) -> History {
    let (plan, orders) = parse(plan, orders);
    lenient(plan, orders)
}
