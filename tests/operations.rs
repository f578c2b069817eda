//! Every operation, applied to a small plan; every failing operation gives
//! its documented error.

use planver::{ApplyErrorKind, Error, History, ItemStatus, Mode, Operation, Options, Order, Plan};
use serde_json::json;

fn plan() -> Plan {
    serde_json::from_value(json!({
        "title": "План мероприятий",
        "act": {"kind": "распоряжение", "issuer": "Департамента", "number": "149", "date": "2017-04-03"},
        "columns": [
            {"id": "measure", "title": "Мероприятие"},
            {"id": "deadline", "title": "Срок"},
            {"id": "responsible", "title": "Ответственный исполнитель"}
        ],
        "sections": [
            {"number": "I", "title": "Открытость"},
            {"number": "II", "title": "Открытые данные"}
        ],
        "items": [
            {"number": "1", "section": "I", "rows": [{"measure": "Размещение на Сайте порядка", "deadline": "постоянно", "responsible": "Аносова И.А."}]},
            {"number": "2", "section": "I", "rows": [{"measure": "Размещение перечня", "deadline": "I полугодие 2017", "responsible": "Сухорослова И.П., Аносова И.А."}]},
            {"number": "3", "section": "II", "rows": [
                {"measure": "Актуализация наборов", "deadline": "2017", "responsible": "Аносова И.А."},
                {"measure": "Публикация справочников", "deadline": "2018", "responsible": "Новикова Н.В."}
            ]}
        ],
        "footnotes": [{"number": "*", "text": "стадии отражают формирование"}]
    }))
    .unwrap()
}

fn order(number: &str, date: &str, ops: serde_json::Value) -> Order {
    serde_json::from_value(json!({
        "act": {"kind": "распоряжение", "issuer": "Департамента", "number": number, "date": date},
        "operations": ops
    }))
    .unwrap()
}

fn apply(ops: serde_json::Value) -> Result<History, Error> {
    History::build(plan(), vec![order("45", "2018-02-15", ops)])
}

fn after(ops: serde_json::Value) -> History {
    match apply(ops) {
        Ok(h) => h,
        Err(e) => panic!("{e}"),
    }
}

fn text(h: &History, item: &str, column: &str) -> String {
    let v = h.item_at(item, "2018-02-15".parse().unwrap()).unwrap();
    v.version().column_text(h.column_index(column).unwrap())
}

fn refused(ops: serde_json::Value) -> planver::ApplyError {
    match apply(ops) {
        Err(Error::Apply(e)) => *e,
        Err(other) => panic!("expected an apply error, got {other}"),
        Ok(_) => panic!("expected an apply error, got success"),
    }
}

#[test]
fn replace_words_in_a_column_of_several_items() {
    let h = after(
        json!([{"op": "replace_words", "items": ["1", "2"], "column": "Ответственный исполнитель", "from": "Аносова И.А.", "to": "Иванова А.А."}]),
    );
    assert_eq!(text(&h, "1", "responsible"), "Иванова А.А.");
    assert_eq!(
        text(&h, "2", "responsible"),
        "Сухорослова И.П., Иванова А.А."
    );
    // The other column and the base revision are untouched.
    assert_eq!(text(&h, "1", "measure"), "Размещение на Сайте порядка");
    let base = h.item_at("1", "2018-02-14".parse().unwrap()).unwrap();
    assert!(base.version().text().contains("Аносова И.А."));
}

#[test]
fn replace_words_everywhere() {
    let h = after(
        json!([{"op": "replace_words", "items": "all", "from": "Аносова И.А.", "to": "Иванова А.А."}]),
    );
    for item in ["1", "2", "3"] {
        let v = h.item_at(item, "2018-03-01".parse().unwrap()).unwrap();
        assert!(!v.version().text().contains("Аносова"), "item {item}");
    }
}

#[test]
fn replace_tolerates_spacing_and_quotes_but_not_case() {
    let h = after(
        json!([{"op": "replace_words", "items": ["2"], "from": "I  полугодие\u{a0}2017", "to": "II полугодие 2017"}]),
    );
    assert_eq!(text(&h, "2", "deadline"), "II полугодие 2017");
    let e =
        refused(json!([{"op": "replace_words", "items": ["2"], "from": "размещение", "to": "x"}]));
    assert_eq!(e.kind, ApplyErrorKind::WordsNotFound);
}

#[test]
fn insert_and_delete_words() {
    let h = after(json!([
        {"op": "insert_words", "items": ["1"], "column": "measure", "anchor": {"after": "на Сайте"}, "words": "Департамента"},
        {"op": "insert_words", "items": ["1"], "column": "measure", "anchor": {"before": "порядка"}, "words": "актуального"},
        {"op": "delete_words", "items": ["2"], "column": "responsible", "words": "Сухорослова И.П.,"}
    ]));
    assert_eq!(
        text(&h, "1", "measure"),
        "Размещение на Сайте Департамента актуального порядка"
    );
    assert_eq!(text(&h, "2", "responsible"), "Аносова И.А.");
}

#[test]
fn operations_in_one_order_apply_in_sequence() {
    // The second operation sees the wording the first one left.
    let h = after(json!([
        {"op": "restate_cell", "item": "1", "column": "deadline", "text": "2018 год"},
        {"op": "replace_words", "items": ["1"], "column": "deadline", "from": "2018", "to": "2019"}
    ]));
    assert_eq!(text(&h, "1", "deadline"), "2019 год");
}

#[test]
fn restate_item_row_and_cell() {
    let h = after(json!([
        {"op": "restate_item", "item": "1", "rows": [{"measure": "Новое мероприятие", "deadline": "2018"}]},
        {"op": "restate_row", "item": "3", "row": 2, "cells": {"measure": "Справочники", "deadline": "2019"}},
        {"op": "restate_cell", "item": "3", "row": 1, "column": 2, "text": "2020"}
    ]));
    assert_eq!(text(&h, "1", "measure"), "Новое мероприятие");
    assert_eq!(text(&h, "1", "responsible"), "");
    assert_eq!(text(&h, "3", "deadline"), "2020\n2019");
}

#[test]
fn rows_are_added_and_removed() {
    let h = after(json!([
        {"op": "add_row", "item": "1", "cells": {"measure": "Вторая строка"}},
        {"op": "remove_row", "item": "3", "row": 1}
    ]));
    let one = h.item_at("1", "2018-02-15".parse().unwrap()).unwrap();
    assert_eq!(one.version().rows.len(), 2);
    assert_eq!(text(&h, "3", "measure"), "Публикация справочников");
}

#[test]
fn add_items_after_an_item_and_at_the_end_of_a_section() {
    let h = after(json!([
        {"op": "add_item", "number": "1.1", "position": {"after": "1"}, "rows": [{"measure": "Вставка"}]},
        {"op": "add_item", "number": "2.1", "position": {"end_of_section": "I"}, "rows": [{"measure": "Конец раздела I"}]},
        {"op": "add_section", "number": "III", "title": "Новый раздел"},
        {"op": "add_item", "number": "4", "position": {"end_of_section": "III"}, "rows": [{"measure": "В новом разделе"}]}
    ]));
    let rev = h.revision_at("2018-02-15".parse().unwrap()).unwrap();
    let numbers: Vec<&str> = rev.items().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["1", "1.1", "2", "2.1", "3", "4"]);
    assert_eq!(rev.item("2.1").unwrap().section.as_deref(), Some("I"));
    assert_eq!(rev.item("4").unwrap().section.as_deref(), Some("III"));
    assert_eq!(rev.sections().len(), 3);
}

#[test]
fn add_sections_before_a_section_first_and_in_the_middle() {
    let h = after(json!([
        {"op": "add_section", "number": "0", "title": "Вводный", "before": "I"},
        {"op": "add_item", "number": "0.1", "position": {"end_of_section": "0"}, "rows": [{"measure": "Первым"}]},
        {"op": "add_item", "number": "0.2", "position": {"end_of_section": "0"}, "rows": [{"measure": "Вторым"}]},
        {"op": "add_section", "number": "I.1", "title": "Между", "id": "i1", "before": "II"},
        {"op": "add_item", "number": "2.5", "position": {"end_of_section": "I.1"}, "rows": [{"measure": "Между разделами"}]},
        {"op": "add_item", "number": "2.1", "position": {"end_of_section": "I"}, "rows": [{"measure": "Конец раздела I"}]},
        {"op": "add_section", "number": "I.0", "title": "Перед между", "before": "i1"}
    ]));
    let rev = h.revision_at("2018-02-15".parse().unwrap()).unwrap();
    let sections: Vec<&str> = rev.sections().iter().map(|s| s.number.as_str()).collect();
    assert_eq!(sections, ["0", "I", "I.0", "I.1", "II"]);
    let numbers: Vec<&str> = rev.items().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["0.1", "0.2", "1", "2", "2.1", "2.5", "3"]);
    assert_eq!(rev.item("0.1").unwrap().section.as_deref(), Some("0"));
    assert_eq!(rev.item("0.2").unwrap().section.as_deref(), Some("0"));
    assert_eq!(rev.item("2.5").unwrap().section.as_deref(), Some("i1"));
    assert_eq!(rev.item("2.1").unwrap().section.as_deref(), Some("I"));
}

/// A plan whose items interleave sections, so that the end of a section
/// is found by walking the list: a section put first still takes its
/// items at the head.
#[test]
fn a_section_put_first_in_a_plan_of_interleaved_sections() {
    let mut plan = plan();
    plan.items[1].section = Some("II".into());
    plan.items[2].section = Some("I".into());
    let order = order(
        "45",
        "2018-02-15",
        json!([
            {"op": "add_section", "number": "0", "title": "Вводный", "before": "I"},
            {"op": "add_item", "number": "0.1", "position": {"end_of_section": "0"}, "rows": [{"measure": "Первым"}]}
        ]),
    );
    let h = History::build(plan, vec![order]).unwrap();
    let rev = h.revision_at("2018-02-15".parse().unwrap()).unwrap();
    let numbers: Vec<&str> = rev.items().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["0.1", "1", "2", "3"]);
    let sections: Vec<&str> = rev.sections().iter().map(|s| s.number.as_str()).collect();
    assert_eq!(sections, ["0", "I", "II"]);
}

#[test]
fn add_items_before_an_item() {
    let h = after(json!([
        {"op": "add_item", "number": "0", "position": {"before": "1"}, "rows": [{"measure": "Первым"}]},
        {"op": "add_item", "number": "2.9", "position": {"before": "3"}, "rows": [{"measure": "Перед третьим"}]}
    ]));
    let rev = h.revision_at("2018-02-15".parse().unwrap()).unwrap();
    let numbers: Vec<&str> = rev.items().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["0", "1", "2", "2.9", "3"]);
    // An item takes the section of the item it precedes.
    assert_eq!(rev.item("0").unwrap().section.as_deref(), Some("I"));
    assert_eq!(rev.item("2.9").unwrap().section.as_deref(), Some("II"));
    let e = refused(
        json!([{"op": "add_item", "number": "9", "position": {"before": "8"}, "rows": [{"measure": "x"}]}]),
    );
    assert_eq!(e.kind, ApplyErrorKind::NoSuchItem);
}

#[test]
fn repeal_keeps_the_number_and_exclude_removes_it() {
    let h = after(json!([
        {"op": "repeal_item", "item": "1"},
        {"op": "exclude_item", "item": "2"}
    ]));
    let date = "2018-02-15".parse().unwrap();
    let rev = h.revision_at(date).unwrap();
    let numbers: Vec<&str> = rev.items().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["1", "3"]);
    let one = h.item_at("1", date).unwrap();
    assert!(matches!(one.version().status, ItemStatus::Repealed { .. }));
    assert_eq!(
        one.status_note().unwrap(),
        "Пункт 1 утратил силу с 15.02.2018 — распоряжение Департамента от 15.02.2018 № 45"
    );
    let two = h.item_at("2", date).unwrap();
    assert_eq!(
        two.status_note().unwrap(),
        "Пункт 2 исключен с 15.02.2018 — распоряжение Департамента от 15.02.2018 № 45"
    );
}

#[test]
fn renumbering_keeps_identity_and_history() {
    let h = after(json!([{"op": "renumber", "from": ["2", "3"], "to": ["3", "4"]}]));
    let date = "2018-02-15".parse().unwrap();
    let four = h.item_at("4", date).unwrap();
    assert_eq!(&*four.version().id, "3");
    let three = h.item_at("3", date).unwrap();
    assert_eq!(&*three.version().id, "2");
    assert!(h.item_at("2", date).is_err());
    // Item 4's history reaches back to when it was item 3.
    let log = h.item_log("4").unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].version.number, "3");
}

#[test]
fn footnotes_are_added_restated_and_removed() {
    let h = after(json!([
        {"op": "add_footnote", "number": "2.1", "text": "вторая"},
        {"op": "add_footnote", "number": "1", "text": "первая"},
        {"op": "restate_footnote", "number": "1", "text": "первая, новая"},
        {"op": "remove_footnote", "number": "*"}
    ]));
    let rev = h.revision_at("2018-02-15".parse().unwrap()).unwrap();
    let marks: Vec<(&str, &str)> = rev
        .footnotes()
        .iter()
        .map(|f| (f.number.as_str(), &*f.text))
        .collect();
    assert_eq!(marks, [("1", "первая, новая"), ("2.1", "вторая")]);
}

#[test]
fn every_failure_has_its_documented_error() {
    let cases: Vec<(serde_json::Value, ApplyErrorKind)> = vec![
        (
            json!({"op": "repeal_item", "item": "99"}),
            ApplyErrorKind::NoSuchItem,
        ),
        (
            json!({"op": "replace_words", "items": ["1"], "column": "Графа", "from": "a", "to": "b"}),
            ApplyErrorKind::NoSuchColumn,
        ),
        (
            json!({"op": "replace_words", "items": ["1"], "from": "нет таких слов", "to": "b"}),
            ApplyErrorKind::WordsNotFound,
        ),
        (
            json!({"op": "replace_words", "items": ["1", "2"], "from": "порядка", "to": "b"}),
            ApplyErrorKind::WordsNotFound,
        ),
        (
            json!({"op": "replace_words", "items": ["3"], "from": "Аносова И.А.", "to": "b", "occurrence": {"nth": 2}}),
            ApplyErrorKind::NotEnoughMatches {
                wanted: 2,
                found: 1,
            },
        ),
        (
            json!({"op": "restate_cell", "item": "3", "column": "deadline", "text": "x"}),
            ApplyErrorKind::RowNeeded { rows: 2 },
        ),
        (
            json!({"op": "restate_row", "item": "1", "row": 2, "cells": {}}),
            ApplyErrorKind::NoSuchRow { row: 2, rows: 1 },
        ),
        (
            json!({"op": "add_item", "number": "2", "rows": [{"measure": "x"}]}),
            ApplyErrorKind::NumberTaken,
        ),
        (
            json!({"op": "add_item", "number": "5", "id": "1", "rows": [{"measure": "x"}]}),
            ApplyErrorKind::IdTaken,
        ),
        (
            json!({"op": "add_item", "number": "5", "position": {"end_of_section": "IX"}, "rows": [{"measure": "x"}]}),
            ApplyErrorKind::NoSuchSection,
        ),
        (
            json!({"op": "add_item", "number": "5", "rows": [{"графа": "x"}]}),
            ApplyErrorKind::NoSuchColumn,
        ),
        (
            json!({"op": "add_section", "number": "II", "title": "x"}),
            ApplyErrorKind::SectionExists,
        ),
        (
            json!({"op": "add_section", "number": "0", "title": "x", "before": "IX"}),
            ApplyErrorKind::NoSuchSection,
        ),
        (
            json!({"op": "add_section", "number": "I.1", "title": "x", "after": "I", "before": "II"}),
            ApplyErrorKind::Invalid(
                "section I.1 is placed both after section I and before section II: give one of `after` and `before`".into(),
            ),
        ),
        (
            json!({"op": "add_footnote", "number": "*", "text": "x"}),
            ApplyErrorKind::FootnoteExists,
        ),
        (
            json!({"op": "remove_footnote", "number": "7"}),
            ApplyErrorKind::NoSuchFootnote,
        ),
        (
            json!({"op": "remove_row", "item": "1", "row": 1}),
            ApplyErrorKind::Invalid(
                "an item keeps at least one row; exclude the item instead".into(),
            ),
        ),
        (
            json!({"op": "renumber", "from": ["1"], "to": ["2"]}),
            ApplyErrorKind::NumberTaken,
        ),
        (
            json!({"op": "renumber", "from": ["1", "2"], "to": ["5"]}),
            ApplyErrorKind::Invalid(
                "«считать пунктами» needs as many new numbers as old ones".into(),
            ),
        ),
    ];
    for (op, kind) in cases {
        let e = refused(json!([op]));
        assert_eq!(e.kind, kind, "{op}");
        assert_eq!(e.operation, 1);
        assert!(
            e.to_string()
                .starts_with("распоряжение Департамента от 15.02.2018 № 45, operation 1"),
            "{e}"
        );
    }
}

#[test]
fn too_many_matches_when_the_wording_allows_one() {
    let e = refused(
        json!([{"op": "replace_words", "items": ["2"], "from": "И", "to": "b", "occurrence": "single", "substring": true}]),
    );
    assert!(
        matches!(e.kind, ApplyErrorKind::TooManyMatches { allowed: 1, .. }),
        "{e}"
    );
    assert_eq!(e.item.as_deref(), Some("2"));
    assert_eq!(e.words.as_deref(), Some("И"));
}

#[test]
fn amending_a_repealed_or_excluded_item_is_refused() {
    let h = History::build(
        plan(),
        vec![
            order(
                "45",
                "2018-02-15",
                json!([{"op": "repeal_item", "item": "1"}, {"op": "exclude_item", "item": "2"}]),
            ),
            order(
                "46",
                "2018-03-01",
                json!([{"op": "replace_words", "items": ["1"], "from": "порядка", "to": "x"}]),
            ),
        ],
    );
    let Err(Error::Apply(e)) = h else {
        panic!("expected refusal")
    };
    assert!(matches!(e.kind, ApplyErrorKind::ItemRepealed { .. }), "{e}");
    let h = History::build(
        plan(),
        vec![
            order(
                "45",
                "2018-02-15",
                json!([{"op": "exclude_item", "item": "2"}]),
            ),
            order(
                "46",
                "2018-03-01",
                json!([{"op": "repeal_item", "item": "2"}]),
            ),
        ],
    );
    let Err(Error::Apply(e)) = h else {
        panic!("expected refusal")
    };
    assert!(matches!(e.kind, ApplyErrorKind::ItemExcluded { .. }), "{e}");
}

#[test]
fn lenient_mode_applies_the_rest_and_records_refusals() {
    let ops = json!([
        {"op": "repeal_item", "item": "99"},
        {"op": "repeal_item", "item": "1"},
        {"op": "replace_words", "items": ["2"], "from": "нет", "to": "x"}
    ]);
    let h = History::build_with(
        plan(),
        vec![order("45", "2018-02-15", ops)],
        &Options::default().mode(Mode::Lenient),
    )
    .unwrap();
    let refused: Vec<usize> = h.refusals().iter().map(|r| r.operation).collect();
    assert_eq!(refused, [0, 2]);
    let one = h.item_at("1", "2018-02-15".parse().unwrap()).unwrap();
    assert!(!one.version().in_force());
    let rev = h.revision_at("2018-02-15".parse().unwrap()).unwrap();
    assert_eq!(rev.refusals().count(), 2);
}

#[test]
fn refused_operations_leave_no_trace() {
    // Item 1 matches, item 2 does not: in lenient mode nothing changes.
    let ops = json!([{"op": "replace_words", "items": ["1", "2"], "from": "порядка", "to": "x"}]);
    let h = History::build_with(
        plan(),
        vec![order("45", "2018-02-15", ops)],
        &Options::default().mode(Mode::Lenient),
    )
    .unwrap();
    assert_eq!(text(&h, "1", "measure"), "Размещение на Сайте порядка");
}

#[test]
fn orders_apply_by_effective_date_then_date_signed_then_given_order() {
    let mut late = order(
        "47",
        "2018-01-10",
        json!([{"op": "restate_cell", "item": "1", "column": "deadline", "text": "третья"}]),
    );
    late.effective = Some("2018-06-01".parse().unwrap());
    let a = order(
        "45",
        "2018-02-15",
        json!([{"op": "restate_cell", "item": "1", "column": "deadline", "text": "первая"}]),
    );
    let b = order(
        "46",
        "2018-02-15",
        json!([{"op": "restate_cell", "item": "1", "column": "deadline", "text": "вторая"}]),
    );
    let h = History::build(plan(), vec![late, b.clone(), a.clone()]).unwrap();
    // Same effective and signing date: the order given wins, b then a.
    assert_eq!(text(&h, "1", "deadline"), "первая");
    assert_eq!(h.revisions().len(), 3);
    let june = h.item_at("1", "2018-06-01".parse().unwrap()).unwrap();
    assert_eq!(june.version().column_text(1), "третья");
    // On 2018-02-15 order 47 was signed but not in force: pending.
    let feb = h.item_at("1", "2018-02-15".parse().unwrap()).unwrap();
    let pending: Vec<&str> = feb
        .pending()
        .iter()
        .map(|p| p.act_entry.act.number.as_str())
        .collect();
    assert_eq!(pending, ["47"]);
}

#[test]
fn provenance_names_the_act_and_operation() {
    let h = after(
        json!([{"op": "replace_words", "point": "1", "items": ["1"], "column": "responsible", "from": "Аносова И.А.", "to": "Иванова А.А."}]),
    );
    let v = h.item_at("1", "2018-02-15".parse().unwrap()).unwrap();
    let cell = v.version().rows[0].cell(2).unwrap();
    assert_eq!(cell.source.operation, Some(0));
    assert_eq!(
        h.edition_note(cell.source).unwrap(),
        "(в ред. распоряжения Департамента от 15.02.2018 № 45)"
    );
    let untouched = v.version().rows[0].cell(0).unwrap();
    assert!(untouched.source.is_base());
    assert_eq!(h.edition_note(untouched.source), None);
}

#[test]
fn dates_before_the_plan_are_errors() {
    let e = History::build(plan(), vec![order("1", "2016-01-01", json!([]))]).unwrap_err();
    assert!(matches!(e, Error::InvalidOrder { .. }), "{e}");
    let h = after(json!([]));
    let e = h.item_at("1", "2017-01-01".parse().unwrap()).unwrap_err();
    assert!(matches!(e, Error::BeforePlan { .. }), "{e}");
}

#[test]
fn formulas_are_named_for_every_operation() {
    let op: Operation =
        serde_json::from_value(json!({"op": "renumber", "from": ["1"], "to": ["2"]})).unwrap();
    assert_eq!(op.formula(), "считать пунктами");
}

#[test]
fn word_edits_keep_a_reconstructed_cell_marked_and_restatement_clears_it() {
    let mut p = plan();
    p.items[0].rows[0]
        .get_mut("deadline")
        .unwrap()
        .reconstructed = true;
    let h = History::build(
        p,
        vec![
            order("45", "2018-02-15", json!([{"op": "replace_words", "items": ["1"], "from": "постоянно", "to": "ежегодно"}])),
            order("46", "2018-03-01", json!([{"op": "restate_cell", "item": "1", "column": "deadline", "text": "2019"}])),
        ],
    )
    .unwrap();
    let cell = |date: &str| {
        let at = h.item_at("1", date.parse().unwrap()).unwrap();
        at.version().rows[0].cell(1).unwrap().clone()
    };
    assert!(cell("2018-02-15").reconstructed);
    assert_eq!(&*cell("2018-02-15").text, "ежегодно");
    assert!(!cell("2018-03-01").reconstructed);
}

/// A plan whose cell has three абзацы (lines), as the Tomsk seed's cells do.
fn with_paragraphs(ops: serde_json::Value) -> Result<History, Error> {
    let mut plan = plan();
    plan.items[0].rows[0].insert(
        "measure".into(),
        "Размещение на Сайте:\nпорядка приема;\nграфика приема".into(),
    );
    History::build(plan, vec![order("45", "2018-02-15", ops)])
}

#[test]
fn paragraphs_are_restated_added_and_deleted() {
    let run = |ops| match with_paragraphs(ops) {
        Ok(h) => text(&h, "1", "measure"),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        run(
            json!([{"op": "restate_paragraph", "item": "1", "column": "Мероприятие", "paragraph": 2, "text": "порядка и сроков приема;"}])
        ),
        "Размещение на Сайте:\nпорядка и сроков приема;\nграфика приема"
    );
    assert_eq!(
        run(
            json!([{"op": "add_paragraph", "item": "1", "column": "measure", "text": "адресов приема"}])
        ),
        "Размещение на Сайте:\nпорядка приема;\nграфика приема\nадресов приема"
    );
    assert_eq!(
        run(
            json!([{"op": "add_paragraph", "item": "1", "column": 1, "after": 1, "text": "сведений;"}])
        ),
        "Размещение на Сайте:\nсведений;\nпорядка приема;\nграфика приема"
    );
    assert_eq!(
        run(
            json!([{"op": "add_paragraph", "item": "1", "column": 1, "after": 0, "text": "Ежегодно:"}])
        ),
        "Ежегодно:\nРазмещение на Сайте:\nпорядка приема;\nграфика приема"
    );
    assert_eq!(
        run(json!([{"op": "delete_paragraph", "item": "1", "column": "measure", "paragraph": 3}])),
        "Размещение на Сайте:\nпорядка приема;"
    );
    // Words in one абзац only: «приема» is in the second and the third.
    assert_eq!(
        run(
            json!([{"op": "replace_words", "items": ["1"], "column": "measure", "paragraph": 3, "from": "приема", "to": "работы"}])
        ),
        "Размещение на Сайте:\nпорядка приема;\nграфика работы"
    );
    // «абзац второй … дополнить словами» and «… дополнить словами» at the end.
    assert_eq!(
        run(
            json!([{"op": "insert_words", "items": ["1"], "column": "measure", "paragraph": 2, "anchor": "end", "words": "граждан"}])
        ),
        "Размещение на Сайте:\nпорядка приема; граждан\nграфика приема"
    );
    assert_eq!(
        run(
            json!([{"op": "insert_words", "items": ["1"], "column": "measure", "anchor": "end", "words": ", далее ежегодно"}])
        ),
        "Размещение на Сайте:\nпорядка приема;\nграфика приема, далее ежегодно"
    );
    assert_eq!(
        run(
            json!([{"op": "insert_words", "items": ["1"], "column": "measure", "paragraph": 1, "anchor": "start", "words": "Своевременное"}])
        ),
        "Своевременное Размещение на Сайте:\nпорядка приема;\nграфика приема"
    );
}

#[test]
fn paragraph_operations_keep_provenance_per_cell() {
    let h = with_paragraphs(
        json!([{"op": "delete_paragraph", "point": "3", "item": "1", "column": "measure", "paragraph": 1}]),
    )
    .unwrap();
    let at = h.item_at("1", "2018-02-15".parse().unwrap()).unwrap();
    let cell = at.version().rows[0].cell(0).unwrap();
    assert_eq!(cell.source.act, 1);
    assert_eq!(
        h.order(1).unwrap().operations[0].formula(),
        "абзац исключить"
    );
    // Deleting the only абзац empties the cell; the item keeps its row.
    let h = after(
        json!([{"op": "delete_paragraph", "item": "1", "column": "deadline", "paragraph": 1}]),
    );
    assert_eq!(text(&h, "1", "deadline"), "");
}

#[test]
fn paragraph_failures_say_which_paragraph() {
    let refuse = |ops| match with_paragraphs(ops) {
        Err(Error::Apply(e)) => *e,
        Err(other) => panic!("expected an apply error, got {other}"),
        Ok(_) => panic!("expected an apply error, got success"),
    };
    let e = refuse(
        json!([{"op": "restate_paragraph", "item": "1", "column": "measure", "paragraph": 4, "text": "x"}]),
    );
    assert_eq!(
        e.kind,
        ApplyErrorKind::NoSuchParagraph {
            paragraph: 4,
            paragraphs: 3
        }
    );
    assert!(e.to_string().contains("no абзац 4: the cell has 3"), "{e}");
    let e = refuse(
        json!([{"op": "replace_words", "items": ["1"], "column": "measure", "paragraph": 5, "from": "приема", "to": "x"}]),
    );
    assert!(
        matches!(e.kind, ApplyErrorKind::NoSuchParagraph { paragraph: 5, .. }),
        "{e}"
    );
    // The words are in the cell but not in that абзац.
    let e = refuse(
        json!([{"op": "replace_words", "items": ["1"], "column": "measure", "paragraph": 1, "from": "приема", "to": "x"}]),
    );
    assert_eq!(e.kind, ApplyErrorKind::WordsNotFound);
    // Words at the end need a column, and one row.
    let e = refuse(json!([{"op": "insert_words", "items": ["1"], "anchor": "end", "words": "x"}]));
    assert!(matches!(e.kind, ApplyErrorKind::Invalid(_)), "{e}");
    let e = refuse(
        json!([{"op": "insert_words", "items": ["3"], "column": "measure", "anchor": "end", "words": "x"}]),
    );
    assert_eq!(e.kind, ApplyErrorKind::RowNeeded { rows: 2 });
    // Item 3's second row has a measure but item 1's only row has no goal.
    let e = refuse(
        json!([{"op": "insert_words", "items": ["1"], "column": "measure", "row": 2, "anchor": "end", "words": "x"}]),
    );
    assert_eq!(e.kind, ApplyErrorKind::NoSuchRow { row: 2, rows: 1 });
    let h = with_paragraphs(
        json!([{"op": "restate_cell", "item": "2", "column": "deadline", "text": ""}]),
    )
    .unwrap();
    assert_eq!(text(&h, "2", "deadline"), "");
    let e = refuse(json!([
        {"op": "restate_cell", "item": "2", "column": "deadline", "text": ""},
        {"op": "insert_words", "items": ["2"], "column": "deadline", "anchor": "end", "words": "x"}
    ]));
    assert!(e.to_string().contains("the cell is empty"), "{e}");
    let e = refuse(
        json!([{"op": "restate_paragraph", "item": "1", "column": "measure", "paragraph": 1, "text": " "}]),
    );
    assert!(matches!(e.kind, ApplyErrorKind::Invalid(_)), "{e}");
    let e = refuse(
        json!([{"op": "delete_paragraph", "item": "1", "column": "measure", "paragraph": 0}]),
    );
    assert!(
        matches!(e.kind, ApplyErrorKind::NoSuchParagraph { paragraph: 0, .. }),
        "{e}"
    );
}

#[test]
fn a_section_title_is_restated_and_the_diff_shows_it() {
    let h = after(json!([
        {"op": "restate_section", "point": "1", "section": "II", "title": "Открытые данные и сведения"}
    ]));
    let titles = |date: &str| -> Vec<String> {
        h.revision_at(date.parse().unwrap())
            .unwrap()
            .sections()
            .iter()
            .map(|s| format!("{} {}", s.number, s.title))
            .collect()
    };
    assert_eq!(
        titles("2018-02-15"),
        ["I Открытость", "II Открытые данные и сведения"]
    );
    assert_eq!(titles("2018-02-14"), ["I Открытость", "II Открытые данные"]);
    let rev = h.revision_at("2018-02-15".parse().unwrap()).unwrap();
    assert_eq!(rev.sections()[1].source.act, 1);
    assert_eq!(h.diff(0, 1).sections().count(), 1);
    // An unknown section and an empty title are refused.
    let e = refused(json!([{"op": "restate_section", "section": "IX", "title": "т"}]));
    assert_eq!(e.kind, ApplyErrorKind::NoSuchSection);
    let e = refused(json!([{"op": "restate_section", "section": "I", "title": " "}]));
    assert!(matches!(e.kind, ApplyErrorKind::Invalid(_)), "{e}");
}

#[test]
fn words_inside_a_footnote() {
    let h = after(json!([
        {"op": "replace_words", "items": {"footnote": "*"}, "from": "отражают", "to": "показывают"},
        {"op": "insert_words", "items": {"footnote": "*"}, "anchor": "end", "words": "плана"},
        {"op": "delete_words", "items": {"footnote": "*"}, "words": "формирование", "occurrence": "single"}
    ]));
    let rev = h.revision_at("2018-02-15".parse().unwrap()).unwrap();
    assert_eq!(&*rev.footnotes()[0].text, "стадии показывают плана");
    assert_eq!(rev.footnotes()[0].source.act, 1);
    assert_eq!(rev.footnotes()[0].source.operation, Some(2));
    // The items are untouched.
    assert_eq!(text(&h, "1", "measure"), "Размещение на Сайте порядка");
    let e = refused(
        json!([{"op": "replace_words", "items": {"footnote": "9"}, "from": "а", "to": "б"}]),
    );
    assert_eq!(e.kind, ApplyErrorKind::NoSuchFootnote);
    let e = refused(
        json!([{"op": "replace_words", "items": {"footnote": "*"}, "from": "нет таких", "to": "б"}]),
    );
    assert_eq!(e.kind, ApplyErrorKind::WordsNotFound);
    let e = refused(
        json!([{"op": "replace_words", "items": {"footnote": "*"}, "column": "Срок", "from": "стадии", "to": "б"}]),
    );
    assert!(matches!(e.kind, ApplyErrorKind::Invalid(_)), "{e}");
}
