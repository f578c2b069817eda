//! Drafting is the inverse of reading: the text of an order drafted
//! between two revisions, read back with the first revision as the plan
//! and applied to it, gives the second revision — numbers, order,
//! sections, status and every cell's text, exactly.

mod common;

use common::{Sections, config, history, order, orders_json, plan_json};
use planver::import::{OrderReadOptions, read_order};
use planver::{Bundle, Draft, DraftOptions, History, ItemStatus, Operation, Order, Plan, Revision};
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestCaseResult};
use serde_json::{Value, json};

/// An item as drafting must reproduce it: number, section number, in
/// force or not, and its rows' cells (column id → text).
type Shape = (String, Option<String>, bool, Vec<Vec<(String, String)>>);

fn shapes(r: &Revision<'_>) -> Vec<Shape> {
    let columns = r.history().columns();
    r.items()
        .map(|v| {
            let section = v.section.as_deref().and_then(|id| {
                r.sections()
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| s.number.clone())
            });
            let rows = v
                .rows
                .iter()
                .map(|row| {
                    row.cells
                        .iter()
                        .map(|c| (columns[c.column].id.clone(), c.text.to_string()))
                        .collect()
                })
                .collect();
            (
                v.number.clone(),
                section,
                v.status == ItemStatus::InForce,
                rows,
            )
        })
        .collect()
}

fn footnotes(r: &Revision<'_>) -> Vec<(String, String)> {
    r.footnotes()
        .iter()
        .map(|f| (f.number.clone(), f.text.to_string()))
        .collect()
}

fn sections(r: &Revision<'_>) -> Vec<(String, String)> {
    r.sections()
        .iter()
        .map(|s| (s.number.clone(), s.title.clone()))
        .collect()
}

/// Reads the drafted text back against the first revision, applies it,
/// and returns the result's last revision as (items, footnotes, sections),
/// or why it could not.
#[allow(clippy::type_complexity)]
fn read_and_apply(
    draft: &Draft,
    from: &Revision<'_>,
) -> Result<(Vec<Shape>, Vec<(String, String)>, Vec<(String, String)>), String> {
    if draft.operations.is_empty() {
        // Nothing to change: an order without points (which the reader
        // rightly says has no changes).
        return Ok((shapes(from), footnotes(from), sections(from)));
    }
    let base = &from.to_plan();
    let import = read_order(&draft.text, &OrderReadOptions::new().plan(base));
    let errors: Vec<String> = import.errors().map(|d| d.to_string()).collect();
    if !errors.is_empty() {
        return Err(format!("errors reading the draft back: {errors:#?}"));
    }
    if import.order.operations != draft.operations {
        return Err(format!(
            "read back as other operations:\n{:#?}\nvs\n{:#?}",
            import.order.operations, draft.operations
        ));
    }
    let history = History::build(base.clone(), with_status(from, import.order))
        .map_err(|e| format!("the draft does not apply: {e}"))?;
    let last = history.revision(history.revisions().len() - 1);
    Ok((shapes(&last), footnotes(&last), sections(&last)))
}

/// The orders to apply to `from.to_plan()`: a plan document keeps the
/// wording of repealed items but not their status, so an order dated the
/// day the revision took effect repeals them first; then the draft.
fn with_status(from: &Revision<'_>, order: Order) -> Vec<Order> {
    let repealed: Vec<Operation> = from
        .items()
        .filter(|v| !v.in_force())
        .map(|v| {
            serde_json::from_value(json!({"op": "repeal_item", "item": v.number}))
                .expect("an operation")
        })
        .collect();
    let mut orders = Vec::new();
    if !repealed.is_empty() {
        let mut status = order.clone();
        status.act.number = "status".into();
        status.act.date = from.info().from;
        status.effective = None;
        status.operations = repealed;
        orders.push(status);
    }
    orders.push(order);
    orders
}

/// The draft between two revisions reproduces the second.
fn check_round_trip(from: &Revision<'_>, to: &Revision<'_>) -> Result<Draft, String> {
    let draft = planver::draft(from, to, &DraftOptions::default());
    let (items, notes, secs) =
        read_and_apply(&draft, from).map_err(|e| format!("{e}\n--- draft:\n{}", draft.text))?;
    let want = (shapes(to), footnotes(to), sections(to));
    if (items.clone(), notes.clone(), secs.clone()) != want {
        let ids = |r: &Revision<'_>| -> Vec<String> {
            r.items()
                .map(|v| format!("{} {} {:?}", v.id, v.number, v.status))
                .collect()
        };
        return Err(format!(
            "the draft does not reproduce the revision\n--- draft:\n{}\n--- notes: {:#?}\n--- got:\n{items:?}\n{notes:?}\n{secs:?}\n--- want:\n{:?}\n{:?}\n{:?}\n--- ids from: {:#?}\n--- ids to: {:#?}",
            draft.text,
            draft.notes,
            want.0,
            want.1,
            want.2,
            ids(from),
            ids(to)
        ));
    }
    if !draft.is_exact() {
        return Err(format!(
            "exact, but the draft says it is not: {:#?}",
            draft.notes
        ));
    }
    Ok(draft)
}

fn mintrud() -> History {
    Bundle::load("fixtures/mintrud-2013-342")
        .expect("the bundle loads")
        .history()
        .expect("it applies")
}

#[test]
fn mintrud_587_is_drafted_back() {
    let history = mintrud();
    let from = history
        .revision_at("2014-08-28".parse().unwrap())
        .expect("in force");
    let to = history
        .revision_at("2014-08-29".parse().unwrap())
        .expect("in force");
    let draft = check_round_trip(&from, &to).unwrap_or_else(|e| panic!("{e}"));
    assert!(draft.notes.is_empty(), "{:#?}", draft.notes);
    // The formulas a drafter would use.
    for wording in [
        "2. В пунктах 10, 11 в графе «Ответственный исполнитель» слова «И.В. Никитина» заменить словами «Ф.И. Воронин».",
        "3. В пункте 10 в графе «Результаты и сроки реализации» цифры «20134» заменить цифрами «2014».",
        "1. Пункты 1–4 изложить в следующей редакции:\n«1.\n\tОрганизационно – правовое обеспечение",
        "5. Дополнить сносками 1, 2.1, 2.2, 3, 4 следующего содержания:\n«1 Определены",
    ] {
        assert!(
            draft.text.contains(wording),
            "{wording}\n--- in:\n{}",
            draft.text
        );
    }
    insta::assert_snapshot!("mintrud_587", draft.text);
}

#[test]
fn mintrud_drafted_with_the_act_of_587_reads_as_587() {
    let history = mintrud();
    let options = DraftOptions::default()
        .number("587")
        .date("2014-08-29".parse().unwrap());
    let draft = history.draft(0, 1, &options);
    assert!(!draft.text.starts_with("Проект"));
    let import = read_order(&draft.text, &OrderReadOptions::new());
    assert!(!import.has_errors(), "{:#?}", import.diagnostics);
    assert_eq!(
        import.order.act.to_string(),
        "приказ Минтруда России от 29.08.2014 № 587"
    );
    // The same operations as the hand-written fixture, up to the points
    // and the grouping of restatements.
    let fixture = &history.order(1).expect("order 587").operations;
    let kinds = |ops: &[Operation]| -> Vec<&'static str> {
        let mut k: Vec<&'static str> = ops.iter().map(Operation::formula).collect();
        k.sort_unstable();
        k
    };
    assert_eq!(kinds(&draft.operations), kinds(fixture));
}

#[test]
fn tomsk_45_is_drafted_back() {
    // The Tomsk plan with order No. 45 read from its text.
    let plan = Bundle::load("fixtures/tomsk-2017-149")
        .expect("the bundle loads")
        .plan;
    let text = std::fs::read_to_string("fixtures/formulas/tomsk-45.txt").expect("readable");
    let import = read_order(&text, &OrderReadOptions::new().plan(&plan));
    assert!(!import.has_errors(), "{:#?}", import.diagnostics);
    let history = History::build(plan, vec![import.order]).expect("applies");
    let draft = check_round_trip(&history.revision(0), &history.revision(1))
        .unwrap_or_else(|e| panic!("{e}"));
    // A capitals header: the issuer prints in the nominative.
    assert!(
        draft
            .text
            .starts_with("Проект\n\nДЕПАРТАМЕНТ СОЦИАЛЬНОЙ ЗАЩИТЫ НАСЕЛЕНИЯ ТОМСКОЙ ОБЛАСТИ\n\nРАСПОРЯЖЕНИЕ\n\nот 01.01.2018 № ПРОЕКТ"),
        "{}",
        draft.text
    );
    assert!(
        draft.text.contains("признать утратившим силу"),
        "{}",
        draft.text
    );
    assert!(
        draft
            .text
            .contains("После пункта 91 дополнить пунктом 92 следующего содержания:"),
        "{}",
        draft.text
    );
    insta::assert_snapshot!("tomsk_45", draft.text);
}

#[test]
fn backwards_drafts_read_back_without_errors() {
    // From the later revision to the earlier: footnotes removed, items
    // restated to their old wording.
    let history = mintrud();
    let draft = history.draft(1, 0, &DraftOptions::default());
    let import = read_order(
        &draft.text,
        &OrderReadOptions::new().plan(&history.revision(1).to_plan()),
    );
    assert!(!import.has_errors(), "{:#?}", import.diagnostics);
    assert!(draft.text.contains("Сноски 1, 2.1, 2.2, 3, 4 исключить."));
    check_round_trip(&history.revision(1), &history.revision(0)).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn no_change_drafts_an_order_without_points() {
    let history = mintrud();
    let draft = history.draft(1, 1, &DraftOptions::default());
    assert!(draft.operations.is_empty());
    assert!(draft.is_exact());
}

// ---------------------------------------------------------------------------
// Generated histories: every kind of operation.

/// Text a restatement cannot quote so that it reads back as it is: an
/// empty cell (present, with no text), spaces at the start or at the end
/// of a line, blank lines, tabs. Word-level formulas can still make such
/// text, but not always; drafts that need to write it say so in their
/// notes (checked by the second property).
fn unwritable(text: &str) -> bool {
    text.is_empty()
        || text.trim_start() != text
        || text.contains(['\t', '\r'])
        || text
            .split('\n')
            .any(|line| line.trim().is_empty() || line.trim_end() != line)
}

fn has_unwritable_cells(r: &Revision<'_>) -> bool {
    r.items()
        .flat_map(|v| v.cells().map(|(_, c)| unwritable(&c.text)))
        .any(|e| e)
}

/// The draft from an earlier revision to a later one reproduces it.
fn check_drafted_forwards(plan: &Value, orders: &[Value], pick: (usize, usize)) -> TestCaseResult {
    let h = history(plan, orders);
    let n = h.revisions().len();
    let (a, b) = (pick.0 % n, pick.1 % n);
    let (from, to) = (a.min(b), a.max(b));
    let (from, to) = (h.revision(from), h.revision(to));
    prop_assume!(!has_unwritable_cells(&to));
    if let Err(e) = check_round_trip(&from, &to) {
        prop_assert!(false, "{}", e);
    }
    Ok(())
}

/// Any draft reads back as drafted, and is exact or says it is not.
fn check_drafted_any_way(plan: &Value, orders: &[Value], pick: (usize, usize)) -> TestCaseResult {
    // Backwards too, and with empty cells: what cannot be drafted is
    // said in the notes, and the text still reads as drafted.
    let h = history(plan, orders);
    let n = h.revisions().len();
    let (from, to) = (h.revision(pick.0 % n), h.revision(pick.1 % n));
    let draft = planver::draft(&from, &to, &DraftOptions::default());
    match read_and_apply(&draft, &from) {
        Ok(got) => {
            let want = (shapes(&to), footnotes(&to), sections(&to));
            prop_assert!(
                got == want || !draft.is_exact(),
                "exact, but wrong:\n{}",
                draft.text
            );
        }
        Err(e) => prop_assert!(!draft.is_exact(), "{}\n{}", e, draft.text),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn a_drafted_order_read_back_and_applied_gives_the_later_revision(
        plan in plan_json(Sections::InOrder),
        orders in orders_json(1..5),
        pick in (0usize..8, 0usize..8),
    ) {
        check_drafted_forwards(&plan, &orders, pick)?;
    }

    #[test]
    fn any_draft_reads_back_without_errors_and_says_when_it_is_inexact(
        plan in plan_json(Sections::InOrder),
        orders in orders_json(1..5),
        pick in (0usize..8, 0usize..8),
    ) {
        check_drafted_any_way(&plan, &orders, pick)?;
    }
}

/// A property of one generated history and a pick of two revisions.
type Check = fn(&Value, &[Value], (usize, usize)) -> TestCaseResult;

/// Histories proptest once shrank failures to (their seeds are in
/// tests/draft.proptest-regressions, but make other histories since the
/// generator moved to tests/common).
#[test]
fn past_failures_hold() {
    // Items 1… in these sections, each of one row with these measure and
    // deadline.
    let items = |sections: &[(&str, &str)]| -> Vec<Value> {
        sections
            .iter()
            .enumerate()
            .map(|(i, (section, text))| json!({"number": (i + 1).to_string(), "section": section, "rows": [{"measure": text, "deadline": text}]}))
            .collect()
    };
    let add_item = |number: &str, position: Value, measure: &str| json!({"op": "add_item", "number": number, "position": position, "rows": [{"measure": measure, "deadline": "план"}]});
    let replace = json!({"op": "replace_words", "items": ["1"], "column": "measure", "from": "план", "to": "план"});
    let (i, ii) = (("I", "план"), ("II", "план"));
    let cases = [
        (
            items(&[i, i, i, i, i, ii, ii, ii, ii]),
            vec![order(
                0,
                "2014-01-15",
                json!([{"op": "replace_words", "items": ["1"], "column": "measure", "from": "Сайт", "to": "план"}]),
            )],
            (0, 0),
        ),
        (
            items(&[i, i, ii]),
            vec![
                order(0, "2014-01-15", json!([{"op": "repeal_item", "item": "1"}])),
                order(
                    1,
                    "2014-02-15",
                    json!([add_item("4", json!({"end_of_section": "I"}), "план")]),
                ),
            ],
            (1, 2),
        ),
        (
            items(&[i]),
            vec![
                order(0, "2014-01-15", json!([replace])),
                order(
                    1,
                    "2014-02-15",
                    json!([add_item(
                        "2",
                        json!({"end_of_section": "I"}),
                        "план\n«открытость»"
                    )]),
                ),
                order(
                    2,
                    "2014-03-15",
                    json!([{"op": "delete_words", "items": "all", "words": "«открытость»"}]),
                ),
            ],
            (3, 0),
        ),
        (
            items(&[ii, ii]),
            vec![order(
                0,
                "2014-01-15",
                json!([add_item("3", json!({"after": "1"}), "план"), {"op": "exclude_item", "item": "1"}]),
            )],
            (1, 2),
        ),
        (
            // Sections out of order, as plan_json(Sections::InOrder) no
            // longer makes them.
            items(&[("II", "Сайт"), i, ("II", "Сайт")]),
            vec![
                order(
                    0,
                    "2014-01-15",
                    json!([{"op": "exclude_item", "item": "2"}]),
                ),
                order(1, "2014-02-15", json!([replace])),
                order(
                    2,
                    "2014-03-15",
                    json!([add_item("4", json!({"end_of_section": "I"}), "план")]),
                ),
            ],
            (3, 1),
        ),
    ];
    for (k, (items, orders, pick)) in cases.into_iter().enumerate() {
        let plan = common::plan(items);
        let checks: &[Check] = if k == 4 {
            // Not forwards: a draft cannot place an item among those of
            // another section (and says so).
            &[check_drafted_any_way]
        } else {
            &[check_drafted_forwards, check_drafted_any_way]
        };
        for check in checks {
            match check(&plan, &orders, pick) {
                Ok(()) | Err(TestCaseError::Reject(_)) => {}
                Err(e) => panic!("case {k}: {e}\nplan: {plan}\norders: {orders:?}"),
            }
        }
    }
}

#[test]
fn the_cli_prints_the_draft_and_exits_0_when_it_is_exact() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_planver"))
        .args([
            "--no-cache",
            "draft",
            "fixtures/mintrud-2013-342",
            "--from",
            "2014-08-28",
            "--to",
            "29.08.2014",
            "--number",
            "587",
            "--kind",
            "приказ",
            "--issuer",
            "Минтруда России",
        ])
        .output()
        .expect("planver runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let options = DraftOptions::default().number("587");
    let expected = mintrud().draft(0, 1, &options).text;
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}

/// A plan and an order with every kind of change: the draft says each
/// with its formula.
#[test]
fn every_kind_of_change_is_drafted_with_its_formula() {
    let plan: Plan = serde_json::from_value(json!({
        "title": "План мероприятий по реализации принципов открытости",
        "act": {"kind": "распоряжение", "issuer": "Департамента социальной защиты населения Томской области", "number": "149", "date": "2017-04-03"},
        "columns": [
            {"id": "measure", "title": "Мероприятие"},
            {"id": "deadline", "title": "Срок"},
            {"id": "responsible", "title": "Ответственный исполнитель"}
        ],
        "sections": [{"number": "I", "title": "Открытость"}, {"number": "II", "title": "Открытые данные"}],
        "items": [
            {"number": "1", "section": "I", "rows": [{"measure": "Размещение порядка доступа к информации", "deadline": "2017 год", "responsible": "Сухорослова И.П., Аносова И.А."}]},
            {"number": "2", "section": "I", "rows": [{"measure": "Размещение перечня информации", "deadline": "2017 год", "responsible": "Сухорослова И.П."}]},
            {"number": "3", "section": "I", "rows": [{"measure": "Ведение раздела на Сайте", "deadline": "2018 год", "responsible": "Аносова И.А."}]},
            {"number": "4", "section": "I", "rows": [{"measure": "Публикация отчетов в т. ч. на Сайте", "deadline": "ежегодно, далее постоянно", "responsible": "Аносова И.А."}]},
            {"number": "5", "section": "I", "rows": [{"measure": "Проведение опросов граждан о качестве услуг", "deadline": "IV кв. 2017", "responsible": "Киньякина М.А."}]},
            {"number": "6", "section": "II", "rows": [
                {"measure": "Подготовка наборов данных", "deadline": "2017", "responsible": "Аносова И.А."},
                {"measure": "Публикация наборов данных", "deadline": "2018", "responsible": "Аносова И.А."}
            ]},
            {"number": "7", "section": "II", "rows": [
                {"measure": "Актуализация наборов", "deadline": "2018"},
                {"measure": "Перевод наборов в машиночитаемый вид", "deadline": "2019"}
            ]},
            {"number": "8", "section": "II", "rows": [{"measure": "Мониторинг обращений", "deadline": "постоянно"}]},
            {"number": "9", "section": "II", "rows": [{"measure": "Анализ обращений", "deadline": "постоянно"}]},
            {"number": "10", "section": "II", "rows": [{"measure": "Обучение сотрудников", "deadline": "2018"}]},
            {"number": "11", "section": "II", "rows": [{"measure": "Отчет о реализации плана", "deadline": "ежегодно до 1 февраля"}]}
        ],
        "footnotes": [
            {"number": "1", "text": "Стадии развития механизма открытости."},
            {"number": "2", "text": "В соответствии с методическими рекомендациями."}
        ]
    }))
    .expect("a plan");
    let order: Order = serde_json::from_value(json!({
        "act": {"kind": "распоряжение", "issuer": "Департамента социальной защиты населения Томской области", "number": "45", "date": "2018-02-15"},
        "operations": [
            {"op": "replace_words", "items": ["1", "2"], "column": "responsible", "from": "Сухорослова И.П.", "to": "Петрова Е.В."},
            {"op": "insert_words", "items": ["3"], "column": "deadline", "anchor": {"after": "2018 год"}, "words": ", далее постоянно"},
            {"op": "delete_words", "items": ["4"], "column": "deadline", "words": ", далее постоянно"},
            {"op": "replace_words", "items": ["4"], "column": "measure", "from": "т. ч.", "to": "том числе"},
            {"op": "restate_cell", "item": "5", "column": "measure", "text": "Проведение независимой оценки качества условий оказания услуг организациями социального обслуживания"},
            {"op": "add_row", "item": "6", "cells": {"measure": "Обновление наборов данных", "deadline": "ежеквартально", "responsible": "Аносова И.А."}},
            {"op": "remove_row", "item": "7", "row": 1},
            {"op": "repeal_item", "item": "8"},
            {"op": "exclude_item", "item": "9"},
            {"op": "renumber", "from": ["10", "11"], "to": ["9", "10"]},
            {"op": "add_item", "number": "4.1", "position": {"after": "4"}, "rows": [{"measure": "Размещение сведений о доходах руководителей учреждений", "deadline": "2018", "responsible": "Сухорослова И.П."}]},
            {"op": "add_section", "number": "III", "title": "Общественный контроль"},
            {"op": "add_item", "number": "11", "position": {"end_of_section": "III"}, "rows": [{"measure": "Заседания общественного совета", "deadline": "ежеквартально"}]},
            {"op": "restate_footnote", "number": "1", "text": "Стадии развития механизма (инструмента) открытости."},
            {"op": "remove_footnote", "number": "2"},
            {"op": "add_footnote", "number": "3", "text": "Сведения размещаются в формате открытых данных."}
        ]
    }))
    .expect("an order");
    let history = History::build(plan, vec![order]).expect("applies");
    let draft = check_round_trip(&history.revision(0), &history.revision(1))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(draft.notes.is_empty(), "{:#?}", draft.notes);
    insta::assert_snapshot!("every_kind_of_change", draft.text);
}

#[test]
fn revisions_of_two_histories_are_drafted_by_stable_id() {
    // The Mintrud bundle's base, and order No. 587 read from its text.
    let bundle = Bundle::load("fixtures/mintrud-2013-342").expect("the bundle loads");
    let text =
        std::fs::read_to_string("fixtures/seeds/004_c4094d245a957aa1.txt").expect("readable");
    let import = read_order(&text, &OrderReadOptions::new().plan(&bundle.plan));
    assert!(!import.has_errors(), "{:#?}", import.diagnostics);
    let read = History::build(bundle.plan.clone(), vec![import.order]).expect("applies");
    let fixture = mintrud();
    check_round_trip(&fixture.revision(0), &read.revision(1)).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn plans_with_other_columns_are_not_drafted() {
    let fixture = mintrud();
    let mut plan = fixture.revision(0).to_plan();
    plan.columns[0].id = "aim".into();
    for item in &mut plan.items {
        for row in &mut item.rows {
            if let Some(cell) = row.remove("goal") {
                row.insert("aim".into(), cell);
            }
        }
    }
    let other = History::build(plan, Vec::new()).expect("a plan");
    let draft = planver::draft(
        &fixture.revision(0),
        &other.revision(0),
        &DraftOptions::default(),
    );
    assert!(draft.operations.is_empty());
    assert!(!draft.is_exact());
    assert!(
        draft.notes[0].message.contains("different columns"),
        "{:?}",
        draft.notes
    );
}

/// Sections' titles, sections placed after a section, items that open
/// their section or the plan, and whole lines (абзацы) of cells, in one
/// row or one of several: each with its formula, and the draft exact.
#[test]
fn titles_places_and_paragraphs_are_drafted_with_their_formulas() {
    let plan: Plan = serde_json::from_value(json!({
        "title": "План мероприятий",
        "act": {"kind": "распоряжение", "issuer": "Департамента", "number": "149", "date": "2017-04-03"},
        "columns": [{"id": "measure", "title": "Мероприятие"}, {"id": "deadline", "title": "Срок"}],
        "sections": [
            {"number": "I", "title": "Открытость"},
            {"number": "II", "title": "Открытые данные"},
            {"number": "III", "title": "Контроль"}
        ],
        "items": [
            {"number": "1", "section": "I", "rows": [{"measure": "Первая мера: размещение сведений на официальном сайте Департамента\nвторой абзац меры, длинный\nтретий абзац меры, ещё длиннее", "deadline": "2017"}]},
            {"number": "2", "section": "I", "rows": [{"measure": "Раз\nДва, длинный абзац текста\nТри, длинный абзац текста\nЧетыре, длинный абзац текста", "deadline": "2017\nдалее ежегодно с отчетом"}]},
            {"number": "3", "section": "II", "rows": [
                {"measure": "Третья мера", "deadline": "2018"},
                {"measure": "Публикация данных на сайте\nОбновление данных ежеквартально", "deadline": "2019"}
            ]},
            {"number": "4", "section": "III", "rows": [{"measure": "Четвертая мера", "deadline": "2019"}]}
        ]
    }))
    .expect("a plan");
    let order: Order = serde_json::from_value(json!({
        "act": {"kind": "распоряжение", "issuer": "Департамента", "number": "45", "date": "2018-02-15"},
        "operations": [
            {"op": "restate_section", "section": "II", "title": "Открытые данные и сервисы"},
            {"op": "restate_section", "section": "I", "title": "1. Общие положения"},
            {"op": "add_section", "number": "II.1", "title": "Новый раздел", "after": "II"},
            {"op": "add_item", "number": "2.9", "position": {"before": "3"}, "rows": [{"measure": "Перед третьей", "deadline": "2018"}]},
            {"op": "add_item", "number": "0.5", "position": {"before": "1"}, "rows": [{"measure": "Самая первая", "deadline": "2018"}]},
            {"op": "add_item", "number": "3.1", "position": {"end_of_section": "II.1"}, "rows": [{"measure": "В новом разделе", "deadline": "2018"}]},
            {"op": "restate_paragraph", "item": "1", "column": "measure", "paragraph": 2, "text": "совсем новый второй абзац"},
            {"op": "add_paragraph", "item": "1", "column": "measure", "text": "Последний новый абзац"},
            {"op": "delete_paragraph", "item": "2", "column": "measure", "paragraph": 3},
            {"op": "delete_paragraph", "item": "2", "column": "measure", "paragraph": 2},
            {"op": "add_paragraph", "item": "2", "column": "deadline", "after": 0, "text": "I кв."},
            {"op": "add_paragraph", "item": "3", "row": 2, "column": "measure", "after": 1, "text": "Размещение отчетов"}
        ]
    }))
    .expect("an order");
    let history = History::build(plan, vec![order]).expect("applies");
    let draft = check_round_trip(&history.revision(0), &history.revision(1))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(draft.notes.is_empty(), "{:#?}", draft.notes);
    for wording in [
        "Наименование раздела II изложить в следующей редакции: «Открытые данные и сервисы».",
        "После раздела II дополнить разделом II.1 следующего содержания: «II.1. Новый раздел».",
        "Перед пунктом 1 дополнить пунктом 0.5 следующего содержания:",
        "Перед пунктом 3 дополнить пунктом 2.9 следующего содержания:",
        "абзац второй графы «Мероприятие» изложить в следующей редакции: «совсем новый второй абзац»",
        "абзацы второй и третий графы «Мероприятие» исключить",
        "графу «Срок» перед абзацем первым дополнить абзацем следующего содержания: «I кв.»",
        "Графу «Мероприятие» строки 2 пункта 3 после абзаца первого дополнить абзацем следующего содержания: «Размещение отчетов».",
    ] {
        assert!(
            draft.text.contains(wording),
            "{wording}\n--- in:\n{}",
            draft.text
        );
    }
    insta::assert_snapshot!("titles_places_and_paragraphs", draft.text);
}

/// Sections that come before every section that stays: the first is put
/// «перед разделом I», the next after it, their items at the end of their
/// section; a section between two that stay goes after the one before
/// it. The draft is exact and reads back to the second revision.
#[test]
fn a_section_put_first_is_drafted_before_the_first_that_stays() {
    let plan: Plan = serde_json::from_value(json!({
        "title": "План мероприятий",
        "act": {"kind": "распоряжение", "issuer": "Департамента", "number": "149", "date": "2017-04-03"},
        "columns": [{"id": "measure", "title": "Мероприятие"}],
        "sections": [{"number": "I", "title": "Открытость"}, {"number": "II", "title": "Открытые данные"}],
        "items": [
            {"number": "1", "section": "I", "rows": [{"measure": "Мера"}]},
            {"number": "2", "section": "II", "rows": [{"measure": "Другая мера"}]}
        ]
    }))
    .expect("a plan");
    let order: Order = serde_json::from_value(json!({
        "act": {"kind": "распоряжение", "issuer": "Департамента", "number": "45", "date": "2018-02-15"},
        "operations": [
            {"op": "add_section", "number": "0", "title": "Вводный раздел", "before": "I"},
            {"op": "add_section", "number": "0.1", "title": "Ещё вводный", "after": "0"},
            {"op": "add_section", "number": "I.1", "title": "Между", "before": "II"},
            {"op": "add_item", "number": "0.5", "position": {"end_of_section": "0"}, "rows": [{"measure": "Вводная мера"}]},
            {"op": "add_item", "number": "0.6", "position": {"end_of_section": "0.1"}, "rows": [{"measure": "Ещё одна"}]},
            {"op": "add_item", "number": "1.5", "position": {"end_of_section": "I.1"}, "rows": [{"measure": "Между разделами"}]}
        ]
    }))
    .expect("an order");
    let history = History::build(plan, vec![order]).expect("applies");
    let draft = check_round_trip(&history.revision(0), &history.revision(1))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(draft.is_exact(), "{:#?}", draft.notes);
    assert!(draft.notes.is_empty(), "{:#?}", draft.notes);
    for wording in [
        "Перед разделом I дополнить разделом 0 следующего содержания: «0. Вводный раздел».",
        "После раздела 0 дополнить разделом 0.1 следующего содержания: «0.1. Ещё вводный».",
        "После раздела I дополнить разделом I.1 следующего содержания: «I.1. Между».",
        "Раздел 0 дополнить пунктом 0.5 следующего содержания:",
    ] {
        assert!(
            draft.text.contains(wording),
            "{wording}\n--- in:\n{}",
            draft.text
        );
    }
    insta::assert_snapshot!("a_section_put_first", draft.text);
}
