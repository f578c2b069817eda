//! Invariants of applying orders, over generated plans and orders of every
//! operation kind (valid and invalid alike).

use planver::{Error, History, Mode, Options, Order, Plan};
use proptest::prelude::*;
use serde_json::{Value, json};

const WORDS: &[&str] = &[
    "план",
    "Сайт",
    "Аносова И.А.",
    "2017",
    "IV кв.",
    "«открытость»",
    "сроки",
    "Департамент",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..5).prop_map(|w| w.join(" "))
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..12).prop_map(|n| n.to_string()),
        (1u32..12).prop_map(|n| format!("{n}.1"))
    ]
}

fn column() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("measure")),
        Just(json!("Срок")),
        Just(json!(3)),
        Just(Value::Null),
        Just(json!("Нет такой графы")),
    ]
}

/// Text of one to three абзацы (lines), as multi-line cells have.
fn paragraphs() -> impl Strategy<Value = String> {
    prop::collection::vec(text(), 1..4).prop_map(|p| p.join("\n"))
}

fn row() -> impl Strategy<Value = Value> {
    (paragraphs(), text(), text())
        .prop_map(|(m, d, r)| json!({"measure": m, "deadline": d, "responsible": r}))
}

fn plan_json() -> impl Strategy<Value = Value> {
    (1usize..10, prop::collection::vec(row(), 10), prop::collection::vec(0usize..2, 10)).prop_map(
        |(n, rows, sections)| {
            let items: Vec<Value> = (0..n)
                .map(|i| json!({"number": (i + 1).to_string(), "section": (["I", "II"][sections[i]]), "rows": [(rows[i].clone())]}))
                .collect();
            json!({
                "title": "План",
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
        },
    )
}

fn operation() -> impl Strategy<Value = Value> {
    let targets = prop_oneof![
        prop::collection::vec(number(), 1..3).prop_map(|v| json!(v)),
        Just(json!("all")),
    ];
    prop_oneof![
        (targets.clone(), column(), prop::sample::select(WORDS), text()).prop_map(|(items, column, from, to)| {
            let mut op = json!({"op": "replace_words", "items": items, "from": from, "to": to});
            if !column.is_null() { op["column"] = column; }
            op
        }),
        (targets.clone(), prop::sample::select(WORDS), text(), any::<bool>()).prop_map(|(items, anchor, words, after)| {
            let anchor = if after { json!({"after": anchor}) } else { json!({"before": anchor}) };
            json!({"op": "insert_words", "items": items, "anchor": anchor, "words": words})
        }),
        (targets, prop::sample::select(WORDS)).prop_map(|(items, words)| json!({"op": "delete_words", "items": items, "words": words})),
        (number(), prop::collection::vec(row(), 1..3)).prop_map(|(item, rows)| json!({"op": "restate_item", "item": item, "rows": rows})),
        (number(), column(), text()).prop_map(|(item, column, text)| json!({"op": "restate_cell", "item": item, "column": if column.is_null() { json!(1) } else { column }, "text": text})),
        (number(), 1usize..3, row()).prop_map(|(item, r, cells)| json!({"op": "restate_row", "item": item, "row": r, "cells": cells})),
        (number(), row()).prop_map(|(item, cells)| json!({"op": "add_row", "item": item, "cells": cells})),
        (number(), 1usize..3).prop_map(|(item, r)| json!({"op": "remove_row", "item": item, "row": r})),
        (number(), number(), row()).prop_map(|(n, after, r)| json!({"op": "add_item", "number": n, "position": {"after": after}, "rows": [r]})),
        (number(), prop::sample::select(vec!["I", "II", "III"]), row()).prop_map(|(n, s, r)| json!({"op": "add_item", "number": n, "position": {"end_of_section": s}, "rows": [r]})),
        Just(json!({"op": "add_section", "number": "III", "title": "Третий"})),
        number().prop_map(|item| json!({"op": "repeal_item", "item": item})),
        number().prop_map(|item| json!({"op": "exclude_item", "item": item})),
        (number(), number()).prop_map(|(a, b)| json!({"op": "renumber", "from": [a], "to": [b]})),
        (prop::sample::select(vec!["1", "2", "2.1"]), text()).prop_map(|(n, t)| json!({"op": "add_footnote", "number": n, "text": t})),
        (prop::sample::select(vec!["1", "2"]), text()).prop_map(|(n, t)| json!({"op": "restate_footnote", "number": n, "text": t})),
        prop::sample::select(vec!["1", "2"]).prop_map(|n| json!({"op": "remove_footnote", "number": n})),
        (number(), 1usize..4, text()).prop_map(|(item, p, text)| json!({"op": "restate_paragraph", "item": item, "column": "measure", "paragraph": p, "text": text})),
        (number(), prop::option::of(0usize..4), text()).prop_map(|(item, after, text)| {
            let mut op = json!({"op": "add_paragraph", "item": item, "column": "Мероприятие", "text": text});
            if let Some(a) = after { op["after"] = json!(a); }
            op
        }),
        (number(), 1usize..4).prop_map(|(item, p)| json!({"op": "delete_paragraph", "item": item, "column": 1, "paragraph": p})),
        (number(), prop::option::of(1usize..4), text(), any::<bool>()).prop_map(|(item, p, words, end)| {
            let mut op = json!({"op": "insert_words", "items": [item], "column": "measure", "anchor": if end { "end" } else { "start" }, "words": words});
            if let Some(p) = p { op["paragraph"] = json!(p); }
            op
        }),
        (number(), 1usize..4, prop::sample::select(WORDS), text()).prop_map(|(item, p, from, to)| json!({"op": "replace_words", "items": [item], "column": "measure", "paragraph": p, "from": from, "to": to})),
    ]
}

fn orders_json() -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec((1u32..4, 0u32..3, prop::collection::vec(operation(), 1..6)), 0..5).prop_map(|orders| {
        orders
            .into_iter()
            .enumerate()
            .map(|(i, (month, late, ops))| {
                let signed = format!("2014-0{month}-1{}", i % 10);
                let mut order = json!({
                    "act": {"kind": "приказ", "issuer": "Минтруда России", "number": (600 + i).to_string(), "date": signed},
                    "operations": ops
                });
                if late > 1 {
                    order["effective"] = json!(format!("2014-0{}-01", month + 4));
                }
                order
            })
            .collect()
    })
}

fn parse(plan: &Value, orders: &[Value]) -> (Plan, Vec<Order>) {
    let plan: Plan = serde_json::from_value(plan.clone()).unwrap();
    let orders = orders
        .iter()
        .map(|o| serde_json::from_value(o.clone()).unwrap())
        .collect();
    (plan, orders)
}

fn lenient(plan: Plan, orders: Vec<Order>) -> History {
    History::build_with(plan, orders, &Options::default().mode(Mode::Lenient)).unwrap()
}

/// Every revision as plain JSON, for comparing histories.
fn snapshot(h: &History) -> Vec<Value> {
    (0..h.revisions().len())
        .map(|i| serde_json::to_value(h.revision(i).to_plan()).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn application_is_deterministic(plan in plan_json(), orders in orders_json()) {
        let (p, o) = parse(&plan, &orders);
        let a = lenient(p.clone(), o.clone());
        let b = lenient(p, o);
        prop_assert_eq!(snapshot(&a), snapshot(&b));
        prop_assert_eq!(a.refusals(), b.refusals());
    }

    #[test]
    fn the_revision_before_the_first_order_is_the_base(plan in plan_json(), orders in orders_json()) {
        let (p, o) = parse(&plan, &orders);
        let h = lenient(p.clone(), o);
        let mut base = h.revision(0).to_plan();
        base.effective = None;
        prop_assert_eq!(base, p.clone());
        let before = h.revision_at("2014-01-01".parse().unwrap()).unwrap().to_plan();
        prop_assert_eq!(before.items, p.items);
    }

    #[test]
    fn lenient_refuses_exactly_what_strict_refuses(plan in plan_json(), orders in orders_json()) {
        let (p, o) = parse(&plan, &orders);
        let strict = History::build(p.clone(), o.clone());
        let lenient = lenient(p, o);
        match strict {
            Ok(h) => {
                prop_assert!(lenient.refusals().is_empty());
                prop_assert_eq!(snapshot(&h), snapshot(&lenient));
            }
            Err(Error::Apply(e)) => {
                prop_assert!(!lenient.refusals().is_empty());
                prop_assert_eq!(&*e, &lenient.refusals()[0].error);
            }
            Err(other) => prop_assert!(false, "unexpected error {}", other),
        }
    }

    #[test]
    fn orders_one_by_one_equal_all_at_once(plan in plan_json(), orders in orders_json()) {
        let (p, o) = parse(&plan, &orders);
        let all = lenient(p.clone(), o.clone());
        // Each prefix of the history (in application order) is the history of that prefix.
        let mut sorted = o.clone();
        sorted.sort_by_key(|o| (o.effective_date(), o.act.date));
        for k in 0..=sorted.len() {
            let part = lenient(p.clone(), sorted[..k].to_vec());
            let last = part.revisions().len() - 1;
            let date = part.revisions()[last].from;
            if k < sorted.len() && sorted[k].effective_date() == date && k > 0 {
                continue; // the next order shares this revision
            }
            prop_assert_eq!(
                serde_json::to_value(part.revision(last).to_plan()).unwrap(),
                serde_json::to_value(all.revision_at(date).unwrap().to_plan()).unwrap()
            );
        }
    }

    #[test]
    fn provenance_names_an_act_in_force(plan in plan_json(), orders in orders_json()) {
        let (p, o) = parse(&plan, &orders);
        let h = lenient(p, o);
        for info in h.revisions() {
            let rev = h.revision(info.index);
            for item in rev.items() {
                for (_, cell) in item.cells() {
                    prop_assert!(h.act(cell.source).effective <= info.from);
                }
            }
        }
    }

    #[test]
    fn json_round_trip_is_the_identity(plan in plan_json(), orders in orders_json()) {
        let (p, o) = parse(&plan, &orders);
        let back: Plan = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        prop_assert_eq!(back, p);
        for order in o {
            let back: Order = serde_json::from_str(&serde_json::to_string(&order).unwrap()).unwrap();
            prop_assert_eq!(back, order);
        }
    }

    #[test]
    fn item_at_agrees_with_the_whole_revision(plan in plan_json(), orders in orders_json()) {
        let (p, o) = parse(&plan, &orders);
        let h = lenient(p, o);
        for info in h.revisions() {
            let rev = h.revision(info.index);
            for item in rev.items() {
                let at = h.item_at(&item.number, info.from).unwrap();
                prop_assert_eq!(at.version(), item);
            }
        }
    }
}
