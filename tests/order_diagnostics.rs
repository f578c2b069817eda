//! What the order reader says when it cannot read a text, or reads it with
//! an assumption: messages, places (line and column in characters) and the
//! sentence, pinned as snapshots. Each snapshot shows the source line with
//! a caret under the place.

use planver::Plan;
use planver::import::{OrderImport, OrderReadOptions, read_order};
use serde_json::json;

const HEADER: &str = "к приказу Минтруда России от 29.08.2014 № 587\n\n";

fn plan() -> Plan {
    serde_json::from_value(json!({
        "title": "План мероприятий",
        "act": {"kind": "распоряжение", "issuer": "Департамента", "number": "149", "date": "2017-04-03"},
        "columns": [
            {"id": "measure", "title": "Мероприятие"},
            {"id": "deadline", "title": "Срок"}
        ],
        "items": [
            {"number": "1", "rows": [{"measure": "Размещение порядка", "deadline": "2017 год"}]},
            {"number": "2", "rows": [{"measure": "Взаимодействие с Министерством финансов"}]},
            {"number": "3", "rows": [{"measure": "Взаимодействие с Министерством финансов и казначейством"}]}
        ]
    }))
    .expect("the test plan is valid")
}

/// Every diagnostic and assumption, each with its source line and a caret.
fn report(text: &str, import: &OrderImport) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for d in import.diagnostics.iter().chain(&import.assumptions) {
        out.push_str(&format!("{d}\n"));
        if let Some(line) = lines.get(d.line - 1) {
            let shown = line.replace('\t', "→");
            out.push_str(&format!("  | {shown}\n"));
            let pad: String = " ".repeat(d.column - 1);
            let marks: String = "^".repeat(
                d.length
                    .min(shown.chars().count().saturating_sub(d.column - 1))
                    .max(1),
            );
            out.push_str(&format!("  | {pad}{marks}\n"));
        }
    }
    out
}

fn read(body: &str) -> String {
    let text = format!("{HEADER}{body}");
    let import = read_order(&text, &OrderReadOptions::new());
    report(&text, &import)
}

fn read_with_plan(body: &str) -> String {
    let text = format!("{HEADER}{body}");
    let plan = plan();
    let import = read_order(&text, &OrderReadOptions::new().plan(&plan));
    report(&text, &import)
}

#[test]
fn restated_in_an_appendix_not_given() {
    insta::assert_snapshot!(read(
        "1. План изложить в новой редакции согласно приложению (прилагается)."
    ));
}

#[test]
fn a_word_that_does_not_fit() {
    insta::assert_snapshot!(read("1. В пункте 10 слова «А» переписать."));
}

#[test]
fn a_quote_left_open() {
    insta::assert_snapshot!(read(
        "1. В пункте 10 слова «А заменить словами «Б».\n2. Пункт 3 исключить."
    ));
}

#[test]
fn a_stray_closing_quote() {
    insta::assert_snapshot!(read("1. В пункте 10 слова А» заменить словами «Б»."));
}

#[test]
fn a_column_the_plan_does_not_have() {
    insta::assert_snapshot!(read_with_plan(
        "1. В пункте 2 в графе «Срок исполнения» слова «А» заменить словами «Б»."
    ));
}

#[test]
fn an_item_the_plan_does_not_have() {
    insta::assert_snapshot!(read_with_plan("1. Пункт 7 исключить."));
}

#[test]
fn words_added_without_a_place() {
    // No anchor words: at the end of a cell, and no column says which.
    insta::assert_snapshot!(read("1. Пункт 5 дополнить словами «, далее постоянно»."));
}

#[test]
fn no_verb() {
    insta::assert_snapshot!(read("1. В пункте 5 слова «А» словами «Б»."));
}

#[test]
fn a_position_without_a_plan() {
    insta::assert_snapshot!(read(
        "1. Позицию, касающуюся Министерства финансов, исключить."
    ));
}

#[test]
fn a_position_that_matches_two_items() {
    insta::assert_snapshot!(read_with_plan(
        "1. Позицию, касающуюся Министерства финансов, исключить."
    ));
}

#[test]
fn lists_that_do_not_pair() {
    insta::assert_snapshot!(read(
        "1. В пункте 5 цифры «1», «2» заменить соответственно цифрами «3», «4», «5»."
    ));
}

#[test]
fn a_header_date_without_its_month() {
    let text = "к приказу Минтруда России от «29» 2014 г. № 587\n\n1. Пункт 5 исключить.";
    let import = read_order(text, &OrderReadOptions::new());
    insta::assert_snapshot!(report(text, &import));
}

#[test]
fn effective_on_publication_not_given() {
    insta::assert_snapshot!(read(
        "1. Пункт 5 исключить.\n2. Настоящий приказ вступает в силу через 10 дней после дня его официального опубликования."
    ));
}

#[test]
fn restated_without_the_new_text() {
    insta::assert_snapshot!(read(
        "1. Пункт 5 изложить в следующей редакции:\n2. Пункт 6 исключить."
    ));
}

#[test]
fn restated_text_of_another_item() {
    insta::assert_snapshot!(read(
        "1. Пункт 5 изложить в следующей редакции: «6.\tТекст»."
    ));
}

#[test]
fn a_numbered_point_that_is_no_formula() {
    insta::assert_snapshot!(read("1. Пункт 5 исключить.\n2. Разное прочее."));
}

#[test]
fn repealing_another_act_is_not_a_change() {
    insta::assert_snapshot!(read(
        "1. Пункт 5 исключить.\n2. Признать утратившим силу приказ Минтруда России от 01.01.2013 № 1."
    ));
}

#[test]
fn a_paragraph_restated() {
    insta::assert_snapshot!(read(
        "1. Абзац второй пункта 5 изложить в следующей редакции: «Текст»."
    ));
}

#[test]
fn no_changes_at_all() {
    insta::assert_snapshot!(read("Настоящий приказ вступает в силу со дня подписания."));
}

#[test]
fn columns_count_characters_not_bytes() {
    let text = format!("{HEADER}1. В пункте 10 слова «Ёлка» переписать.");
    let import = read_order(&text, &OrderReadOptions::new());
    let d = &import.diagnostics[0];
    assert_eq!((d.line, d.column), (3, 29));
    let line = text.lines().nth(2).expect("line 3");
    let at: String = line.chars().skip(d.column - 1).take(d.length).collect();
    assert_eq!(at, "переписать");
}

#[test]
fn a_change_of_the_act_itself_is_not_a_change_of_the_plan() {
    insta::assert_snapshot!(read(
        "1. Внести в распоряжение Департамента от 03.04.2017 № 149 следующие изменения:\n1) в пункте 2 слова «А» заменить словами «Б»;\n2) в приложении к распоряжению пункт 5 исключить."
    ));
}

#[test]
fn an_appendix_named_by_number_is_taken_to_be_the_plan() {
    insta::assert_snapshot!(read("1. В приложении № 2 пункт 5 исключить."));
}

#[test]
fn a_restated_row_short_of_cells() {
    // The second row lacks its «Мероприятие»: read by position, «2018»
    // would be the measure.
    insta::assert_snapshot!(read_with_plan(
        "1. Пункт 1 изложить в следующей редакции: «1.\tМера\t2017\n\t2018»."
    ));
}

#[test]
fn rows_of_one_item_with_different_numbers_of_cells() {
    insta::assert_snapshot!(read(
        "1. Пункт 85 изложить в следующей редакции: «85.\tМера A\tСрок B\tИсполнитель C\n\tСрок B2\tИсполнитель C2»."
    ));
}

#[test]
fn an_item_added_before_one_the_plan_does_not_have() {
    insta::assert_snapshot!(read_with_plan(
        "1. Перед пунктом 7 дополнить пунктом 6.1 следующего содержания: «6.1.\tТекст\t»."
    ));
}

#[test]
fn a_section_added_before_one_the_plan_does_not_have() {
    insta::assert_snapshot!(read_with_plan(
        "1. Перед разделом IX дополнить разделом VIII.1 следующего содержания: «VIII.1. Новый раздел»."
    ));
}

#[test]
fn a_section_numbered_under_another() {
    insta::assert_snapshot!(read(
        "1. Дополнить разделом VII.3 следующего содержания: «VII.3. Новый раздел»."
    ));
}

#[test]
fn paragraphs_and_wordings_that_do_not_pair() {
    insta::assert_snapshot!(read(
        "1. Абзацы второй и четвертый графы «Срок» пункта 5 изложить в следующей редакции: «А»."
    ));
}

#[test]
fn a_new_paragraph_placed_by_a_paragraph_of_another_cell() {
    insta::assert_snapshot!(read(
        "1. Графу «Мероприятие» пункта 5 после абзаца второго графы «Срок» дополнить абзацем следующего содержания: «А»."
    ));
}

#[test]
fn a_new_paragraph_numbered_against_its_place() {
    insta::assert_snapshot!(read(
        "1. Графу «Срок» пункта 5 после абзаца третьего дополнить абзацем третьим следующего содержания: «А»."
    ));
}

#[test]
fn paragraphs_of_a_footnote() {
    insta::assert_snapshot!(read("1. Абзац второй сноски 1 исключить."));
}

#[test]
fn a_paragraph_with_no_column_in_a_word_formula() {
    insta::assert_snapshot!(read(
        "1. В абзаце втором пункта 5 слова «А» заменить словами «Б»."
    ));
}

#[test]
fn paragraphs_renumbered() {
    insta::assert_snapshot!(read(
        "1. Абзац второй графы «Срок» пункта 5 исключить.\n2. Абзацы третий – пятый графы «Срок» пункта 5 считать соответственно абзацами вторым – четвертым."
    ));
}

#[test]
fn a_footnote_with_a_column() {
    insta::assert_snapshot!(read(
        "1. В сноске 1 в графе «Срок» слова «А» заменить словами «Б»."
    ));
}

#[test]
fn a_footnote_the_plan_does_not_have() {
    insta::assert_snapshot!(read_with_plan(
        "1. В сноске 4 слова «А» заменить словами «Б»."
    ));
}

#[test]
fn words_inside_a_section_title() {
    insta::assert_snapshot!(read(
        "1. В наименовании раздела II слова «А» заменить словами «Б»."
    ));
}

#[test]
fn the_plans_own_title() {
    insta::assert_snapshot!(read(
        "1. Наименование плана изложить в следующей редакции: «План мероприятий»."
    ));
}

#[test]
fn a_section_restated_with_its_items() {
    insta::assert_snapshot!(read(
        "1. Раздел II изложить в следующей редакции:\n«II. Новое наименование\n5.\tТекст»."
    ));
}

#[test]
fn a_section_heading_with_another_number() {
    insta::assert_snapshot!(read(
        "1. Раздел II изложить в следующей редакции: «III. Новое наименование».\n2. Наименование раздела II изложить в следующей редакции: «III. Новое наименование»."
    ));
}

#[test]
fn a_section_restated_by_its_heading() {
    insta::assert_snapshot!(read(
        "1. Раздел II изложить в следующей редакции: «II. Новое наименование»."
    ));
}

#[test]
fn a_section_the_plan_does_not_have() {
    insta::assert_snapshot!(read_with_plan(
        "1. Наименование раздела IV изложить в следующей редакции: «Новое наименование»."
    ));
}
