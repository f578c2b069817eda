//! Snapshots of the rendered diffs: the Mintrud order 587 as text and as
//! HTML, and a small plan with every kind of change as text (plain and
//! coloured) and JSON. Review changes with `cargo insta review`.

use planver::render::{self, TextOptions};
use planver::{Bundle, History, Order, Plan};
use serde_json::json;

fn mintrud() -> History {
    Bundle::load("fixtures/mintrud-2013-342")
        .unwrap()
        .history()
        .unwrap()
}

fn order(number: &str, date: &str, ops: serde_json::Value) -> Order {
    serde_json::from_value(json!({
        "act": {"kind": "распоряжение", "issuer": "Департамента", "number": number, "date": date},
        "operations": ops
    }))
    .unwrap()
}

/// A plan and two orders that between them add, repeal, exclude, renumber
/// and amend items, add a section, and change footnotes.
fn small() -> History {
    let plan: Plan = serde_json::from_value(json!({
      "title": "План мероприятий «открытого министерства»",
      "act": {"kind": "распоряжение", "issuer": "Департамента", "number": "149", "date": "2017-04-03"},
      "columns": [{"id": "measure", "title": "Мероприятие"}, {"id": "deadline", "title": "Срок"}, {"id": "responsible", "title": "Ответственный исполнитель"}],
      "sections": [{"number": "I", "title": "Открытость"}],
      "items": [
        {"number": "1", "section": "I", "rows": [{"measure": "Размещение плана на официальном сайте в сети «Интернет» в течение десяти рабочих дней со дня утверждения", "deadline": "II кв. 2017 г.", "responsible": "И.А. Аносова"}]},
        {"number": "2", "section": "I", "rows": [{"measure": "Отчет о ходе реализации", "deadline": "ежегодно", "responsible": "И.А. Аносова"}]},
        {"number": "3", "section": "I", "rows": [{"measure": "<script>alert(1)</script> Обсуждение", "deadline": "2018", "responsible": "Департамент"}]}
      ],
      "footnotes": [{"number": "1", "text": "Сноска"}]
    }))
    .unwrap();
    History::build(
        plan,
        vec![
            order(
                "10",
                "2018-01-10",
                json!([
                    {"op": "replace_words", "items": ["1"], "column": "measure", "from": "десяти рабочих дней", "to": "пяти рабочих дней"},
                    {"op": "repeal_item", "item": "2"},
                    {"op": "add_item", "number": "1.1", "position": {"after": "1"}, "rows": [{"measure": "Новое мероприятие", "deadline": "2019"}]}
                ]),
            ),
            order(
                "20",
                "2018-06-01",
                json!([
                    {"op": "renumber", "from": ["3"], "to": ["4"]},
                    {"op": "replace_words", "items": ["4"], "column": "deadline", "from": "2018", "to": "2019"},
                    {"op": "exclude_item", "item": "1.1"},
                    {"op": "add_section", "number": "II", "title": "Контроль"},
                    {"op": "restate_footnote", "number": "1", "text": "Сноска в новой редакции"},
                    {"op": "add_footnote", "number": "2", "text": "Вторая сноска"}
                ]),
            ),
        ],
    )
    .unwrap()
}

#[test]
fn mintrud_587_text() {
    let h = mintrud();
    insta::assert_snapshot!(render::text(&h.diff(0, 1), &TextOptions::default()));
}

#[test]
fn mintrud_587_html() {
    let h = mintrud();
    insta::assert_snapshot!(render::html(&h.diff(0, 1)));
}

#[test]
fn every_kind_of_change_text() {
    let h = small();
    insta::assert_snapshot!(render::text(&h.diff(0, 2), &TextOptions::default()));
    insta::assert_snapshot!(
        "every_kind_of_change_text_coloured",
        render::text(&h.diff(1, 2), &TextOptions::default().color(true))
    );
}

#[test]
fn every_kind_of_change_json() {
    let h = small();
    insta::assert_snapshot!(render::json(&h.diff(0, 2)).unwrap());
}

#[test]
fn every_kind_of_change_html() {
    let h = small();
    insta::assert_snapshot!(render::html(&h.diff(0, 2)));
}

#[test]
fn diff_schema() {
    insta::assert_json_snapshot!(planver::schema::diff());
}
