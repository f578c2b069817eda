//! A whole amendment order as a portal prints it — a capitals header, the
//! title, a preamble, «Внести … следующие изменения:» with numbered and
//! lettered sub-points, the clause on taking effect, a closing clause and a
//! signature — read against the Tomsk plan and applied.
//!
//! The order (`fixtures/formulas/tomsk-45.txt`) is written for these tests
//! in the drafting formulas; it is not a published act.

use chrono::NaiveDate;
use planver::import::{OrderReadOptions, Severity, read_order};
use planver::{Bundle, History, Operation, Position};

const ORDER: &str = "fixtures/formulas/tomsk-45.txt";

fn date(s: &str) -> NaiveDate {
    s.parse().expect("a YYYY-MM-DD date")
}

#[test]
fn the_whole_order_reads_and_applies() {
    let bundle = Bundle::load("fixtures/tomsk-2017-149").expect("the Tomsk bundle loads");
    let text = std::fs::read_to_string(ORDER).expect("readable");
    let import = read_order(&text, &OrderReadOptions::new().plan(&bundle.plan));
    let errors: Vec<String> = import
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let order = &import.order;
    assert_eq!(
        order.act.citation(),
        "распоряжения Департамента социальной защиты населения Томской области от 15.02.2018 № 45"
    );
    assert_eq!(
        order.act.title.as_deref(),
        Some(
            "О внесении изменений в распоряжение Департамента социальной защиты населения Томской области от 03.04.2017 № 149"
        )
    );
    assert!(
        order
            .amends
            .as_deref()
            .is_some_and(|a| a.starts_with("план мероприятий («дорожную карту»)"))
    );
    // Retroactive: the changes apply from 1 January 2018.
    assert_eq!(order.effective, Some(date("2018-01-01")));

    let points: Vec<&str> = order
        .operations
        .iter()
        .map(|op| match op {
            Operation::ReplaceWords { point, .. }
            | Operation::InsertWords { point, .. }
            | Operation::RestateItem { point, .. }
            | Operation::RepealItem { point, .. }
            | Operation::AddItem { point, .. } => point.as_deref().unwrap_or("-"),
            _ => "?",
        })
        .collect();
    assert_eq!(
        points,
        ["1.1", "1.2", "1.3", "1.4а", "1.4б", "1.5", "1.6", "1.7"]
    );
    let Operation::AddItem { position, rows, .. } = &order.operations[6] else {
        panic!("point 6 adds an item");
    };
    assert_eq!(position, &Position::EndOfSection("X".into()));
    assert_eq!(
        rows[0]["mechanism"].text,
        "Размещение на Сайте сведений о доходах «руководителей» подведомственных учреждений"
    );
    // The column by number is said as an assumption.
    assert!(import.assumptions.iter().any(
        |a| a.message.contains("графа 4") && a.message.contains("«Ответственный исполнитель»")
    ));

    let history =
        History::build(bundle.plan.clone(), vec![order.clone()]).expect("applies strictly");
    let after = history
        .revision_at(date("2018-01-01"))
        .expect("in force")
        .to_plan();
    let item = |n: &str| after.items.iter().find(|i| i.number == n).expect("item");
    assert_eq!(item("5").rows[0]["deadline"].text, "I полугодие 2018");
    assert_eq!(item("90").rows[0]["responsible"].text, "Аносова И.А.");
    assert!(
        item("6").rows[0]["mechanism"]
            .text
            .contains("в том числе компьютеров")
    );
    assert!(
        item("6").rows[0]["mechanism"]
            .text
            .contains("оформления запроса заявителем")
    );
    assert!(
        item("6").rows[0]["mechanism"]
            .text
            .contains("исполнительного органа государственной власти")
    );
    assert_eq!(after.items.last().map(|i| i.number.as_str()), Some("92"));
    let before = history
        .revision_at(date("2017-12-31"))
        .expect("in force")
        .to_plan();
    let item = |n: &str| before.items.iter().find(|i| i.number == n).expect("item");
    assert_eq!(item("5").rows[0]["deadline"].text, "I полугодие 2017");
    assert_eq!(before.items.len(), 91);
}
