//! The formulas of Russian amendment drafting, each with its variants, and
//! the operations the order reader makes of them.
//!
//! Every case is the text of an order's point (a header naming the act is
//! put before it) and the operations expected, as JSON. Cases marked `plan`
//! are read against a small plan, so that positions («позиция, касающаяся
//! …»), sections and column numbers resolve.

use planver::Plan;
use planver::import::{OrderImport, OrderReadOptions, Severity, read_order};
use serde_json::{Value, json};

const HEADER: &str = "к приказу Минтруда России от 29.08.2014 № 587\n\n";

fn plan() -> Plan {
    serde_json::from_value(json!({
        "title": "План мероприятий",
        "act": {"kind": "распоряжение", "issuer": "Департамента", "number": "149", "date": "2017-04-03"},
        "columns": [
            {"id": "measure", "title": "Мероприятие"},
            {"id": "stage", "title": "Стадия"},
            {"id": "deadline", "title": "Срок"},
            {"id": "responsible", "title": "Ответственный исполнитель"}
        ],
        "sections": [
            {"number": "I", "title": "Открытость"},
            {"number": "II", "title": "Открытые данные"}
        ],
        "items": [
            {"number": "1", "section": "I", "rows": [{"measure": "Размещение порядка", "deadline": "2017 год"}]},
            {"number": "1.1", "section": "I", "rows": [{"measure": "Подпункт", "deadline": "2017"}]},
            {"number": "1.1.2", "section": "I", "rows": [{"measure": "Подподпункт", "deadline": "2017"}]},
            {"number": "1.4", "section": "I", "rows": [{"measure": "Обновление", "deadline": "2017"}]},
            {"number": "2", "section": "I", "rows": [{"measure": "Взаимодействие с Министерством финансов", "responsible": "Аносова И.А."}]},
            {"number": "3", "section": "II", "rows": [{"measure": "Наборы данных", "deadline": "2017"}]},
            {"number": "9", "section": "II", "rows": [
                {"measure": "Мера один", "deadline": "2017"},
                {"measure": "Мера два, касающаяся отчетов", "deadline": "2018"}
            ]},
            {"number": "13", "section": "II", "rows": [{"measure": "Последний", "deadline": "2019"}]}
        ]
    }))
    .expect("the test plan is valid")
}

fn read(text: &str, with_plan: bool) -> OrderImport {
    let full = format!("{HEADER}{text}");
    let plan = plan();
    let mut options = OrderReadOptions::new();
    if with_plan {
        options = options.plan(&plan);
    }
    read_order(&full, &options)
}

struct Case {
    name: &'static str,
    text: &'static str,
    plan: bool,
    ops: Value,
}

fn case(name: &'static str, text: &'static str, ops: Value) -> Case {
    Case {
        name,
        text,
        plan: false,
        ops,
    }
}

fn with_plan(name: &'static str, text: &'static str, ops: Value) -> Case {
    Case {
        name,
        text,
        plan: true,
        ops,
    }
}

fn cases() -> Vec<Case> {
    vec![
        // Replacing words: слово / слова / цифры / число, and their variants.
        case(
            "one word",
            "1. В пункте 10 слово «А» заменить словом «Б».",
            json!([{"op": "replace_words", "point": "1", "items": ["10"], "from": "А", "to": "Б"}]),
        ),
        case(
            "several words",
            "1. В пункте 10 слова «IV кв. 2014 г.» заменить словами «I кв. 2015 г.».",
            json!([{"op": "replace_words", "point": "1", "items": ["10"], "from": "IV кв. 2014 г.", "to": "I кв. 2015 г."}]),
        ),
        case(
            "digits",
            "1. В пункте 3 цифры «2017» заменить цифрами «2018».",
            json!([{"op": "replace_words", "point": "1", "items": ["3"], "from": "2017", "to": "2018"}]),
        ),
        case(
            "number",
            "1. В пункте 3 число «15» заменить числом «20».",
            json!([{"op": "replace_words", "point": "1", "items": ["3"], "from": "15", "to": "20"}]),
        ),
        case(
            "заменить на слова",
            "1. В пункте 3 слова «А» заменить на слова «Б».",
            json!([{"op": "replace_words", "point": "1", "items": ["3"], "from": "А", "to": "Б"}]),
        ),
        case(
            "заменить на, bare quote",
            "1. В пункте 3 слово «А» заменить на «Б».",
            json!([{"op": "replace_words", "point": "1", "items": ["3"], "from": "А", "to": "Б"}]),
        ),
        case(
            "colons before the quotes",
            "1. В пункте 3 слова: «А» заменить словами: «Б».",
            json!([{"op": "replace_words", "point": "1", "items": ["3"], "from": "А", "to": "Б"}]),
        ),
        case(
            "вместо слов … читать",
            "1. В пункте 3 вместо слов «А» читать «Б».",
            json!([{"op": "replace_words", "point": "1", "items": ["3"], "from": "А", "to": "Б"}]),
        ),
        case(
            "parallel lists, соответственно",
            "1. В пункте 5 цифры «2017», «2018» и «2019» заменить соответственно цифрами «2018», «2019» и «2020».",
            json!([
                {"op": "replace_words", "point": "1", "items": ["5"], "from": "2017", "to": "2018"},
                {"op": "replace_words", "point": "1", "items": ["5"], "from": "2018", "to": "2019"},
                {"op": "replace_words", "point": "1", "items": ["5"], "from": "2019", "to": "2020"}
            ]),
        ),
        case(
            "several words, one replacement",
            "1. В пункте 5 слова «А» и «Б» заменить словом «В».",
            json!([
                {"op": "replace_words", "point": "1", "items": ["5"], "from": "А", "to": "В"},
                {"op": "replace_words", "point": "1", "items": ["5"], "from": "Б", "to": "В"}
            ]),
        ),
        case(
            "соответственно over items",
            "1. В пунктах 3 и 5 слово «А» заменить соответственно словами «Б» и «В».",
            json!([
                {"op": "replace_words", "point": "1", "items": ["3"], "from": "А", "to": "Б"},
                {"op": "replace_words", "point": "1", "items": ["5"], "from": "А", "to": "В"}
            ]),
        ),
        case(
            "column by title, several items",
            "1. В пунктах 10, 11 в графе «Ответственный исполнитель» слово «И.В. Никитина» заменить словом «Ф.И. Воронин».",
            json!([{"op": "replace_words", "point": "1", "items": ["10", "11"], "column": "Ответственный исполнитель", "from": "И.В. Никитина", "to": "Ф.И. Воронин"}]),
        ),
        case(
            "column by number before the item",
            "1. В графе 4 пункта 7 слова «А» заменить словами «Б».",
            json!([{"op": "replace_words", "point": "1", "items": ["7"], "column": "4", "from": "А", "to": "Б"}]),
        ),
        case(
            "item first, then column by number",
            "1. В пункте 1 в графе 3 слова «А» заменить словами «Б».",
            json!([{"op": "replace_words", "point": "1", "items": ["1"], "column": "3", "from": "А", "to": "Б"}]),
        ),
        case(
            "column of a dotted item",
            "1. В графе 5 пункта 1.1 слова «А» заменить словами «Б».",
            json!([{"op": "replace_words", "point": "1", "items": ["1.1"], "column": "5", "from": "А", "to": "Б"}]),
        ),
        with_plan(
            "column, sub-item, item, section — a genitive chain",
            "1. В графе «Срок» подпункта 2 пункта 1.1 раздела «Открытость» слова «2017» заменить словами «2018».",
            json!([{"op": "replace_words", "point": "1", "items": ["1.1.2"], "column": "Срок", "from": "2017", "to": "2018"}]),
        ),
        case(
            "по всему тексту",
            "1. По всему тексту слова «Минтруд» заменить словами «Минтруд России».",
            json!([{"op": "replace_words", "point": "1", "items": "all", "from": "Минтруд", "to": "Минтруд России"}]),
        ),
        case(
            "in the plan, without a unit",
            "1. В плане мероприятий слова «А» заменить словами «Б».",
            json!([{"op": "replace_words", "point": "1", "items": "all", "from": "А", "to": "Б"}]),
        ),
        case(
            "quotes nested inside quotes",
            "1. В пункте 1 слова «приказ «О плане работы»» заменить словами «приказ «О плане работы на 2013–2015 годы»».",
            json!([{"op": "replace_words", "point": "1", "items": ["1"], "from": "приказ «О плане работы»", "to": "приказ «О плане работы на 2013–2015 годы»"}]),
        ),
        case(
            "a case-only change is a change",
            "1. В пункте 2 слово «администрации» заменить словом «Администрации».",
            json!([{"op": "replace_words", "point": "1", "items": ["2"], "from": "администрации", "to": "Администрации"}]),
        ),
        case(
            "the second occurrence",
            "1. В пункте 3 слово «А» во втором случае заменить словом «Б».",
            json!([{"op": "replace_words", "point": "1", "items": ["3"], "from": "А", "to": "Б", "occurrence": {"nth": 2}}]),
        ),
        case(
            "letters match inside words",
            "1. В пункте 3 букву «а» заменить буквой «б».",
            json!([{"op": "replace_words", "point": "1", "items": ["3"], "from": "а", "to": "б", "substring": true}]),
        ),
        case(
            "an абзац with no column: in any cell, the words once",
            "1. В абзаце втором пункта 5 слова «А» заменить словами «Б».",
            json!([{"op": "replace_words", "point": "1", "items": ["5"], "paragraph": 2, "from": "А", "to": "Б", "occurrence": "single"}]),
        ),
        case(
            "a sentence: the words must occur once",
            "1. В предложении втором пункта 5 слова «А» заменить словами «Б».",
            json!([{"op": "replace_words", "point": "1", "items": ["5"], "from": "А", "to": "Б", "occurrence": "single"}]),
        ),
        case(
            "an elliptic second formula after a dash",
            "1. В пункте 3 слова «А» заменить словами «Б», слова «В» – словами «Г».",
            json!([
                {"op": "replace_words", "point": "1", "items": ["3"], "from": "А", "to": "Б"},
                {"op": "replace_words", "point": "1", "items": ["3"], "from": "В", "to": "Г"}
            ]),
        ),
        case(
            "two formulas share the address",
            "1. В пункте 3 слова «А» заменить словами «Б», слова «В» исключить.",
            json!([
                {"op": "replace_words", "point": "1", "items": ["3"], "from": "А", "to": "Б"},
                {"op": "delete_words", "point": "1", "items": ["3"], "words": "В"}
            ]),
        ),
        // Inserting and deleting words.
        case(
            "после слов дополнить словами",
            "1. В пункте 4 после слов «официальном сайте» дополнить словами «Минтруда России».",
            json!([{"op": "insert_words", "point": "1", "items": ["4"], "anchor": {"after": "официальном сайте"}, "words": "Минтруда России"}]),
        ),
        case(
            "перед словами дополнить словами",
            "1. В графе «Срок» пункта 4 перед словами «2018 год» дополнить словами «I квартал».",
            json!([{"op": "insert_words", "point": "1", "items": ["4"], "column": "Срок", "anchor": {"before": "2018 год"}, "words": "I квартал"}]),
        ),
        case(
            "words deleted",
            "1. В пункте 6 слова «, далее постоянно» исключить.",
            json!([{"op": "delete_words", "point": "1", "items": ["6"], "words": ", далее постоянно"}]),
        ),
        case(
            "several words deleted",
            "1. В пункте 6 слова «А», «Б» исключить.",
            json!([
                {"op": "delete_words", "point": "1", "items": ["6"], "words": "А"},
                {"op": "delete_words", "point": "1", "items": ["6"], "words": "Б"}
            ]),
        ),
        case(
            "the unit as the subject of «дополнить»",
            "1. Пункт 4 после слов «официальном сайте» дополнить словами «Минтруда России».",
            json!([{"op": "insert_words", "point": "1", "items": ["4"], "anchor": {"after": "официальном сайте"}, "words": "Минтруда России"}]),
        ),
        case(
            "a column as the subject of «дополнить»",
            "1. Графу «Срок» пункта 4 после слов «2018 год» дополнить словами «, далее постоянно».",
            json!([{"op": "insert_words", "point": "1", "items": ["4"], "column": "Срок", "anchor": {"after": "2018 год"}, "words": ", далее постоянно"}]),
        ),
        case(
            "words of a row",
            "1. В строке 2 пункта 9 цифры «2018» заменить цифрами «2019».",
            json!([{"op": "replace_words", "point": "1", "items": ["9"], "row": 2, "from": "2018", "to": "2019"}]),
        ),
        case(
            "the address after the verb",
            "1. Цифры «2017» заменить цифрами «2018» в пунктах 3 и 5.",
            json!([{"op": "replace_words", "point": "1", "items": ["3", "5"], "from": "2017", "to": "2018"}]),
        ),
        // Excluding, repealing, renumbering.
        case(
            "item excluded",
            "1. Пункт 9 исключить.",
            json!([{"op": "exclude_item", "point": "1", "item": "9"}]),
        ),
        case(
            "a range excluded",
            "1. Пункты 5–7 исключить.",
            json!([
                {"op": "exclude_item", "point": "1", "item": "5"},
                {"op": "exclude_item", "point": "1", "item": "6"},
                {"op": "exclude_item", "point": "1", "item": "7"}
            ]),
        ),
        case(
            "с … по … excluded",
            "1. Пункты с 5 по 7 исключить.",
            json!([
                {"op": "exclude_item", "point": "1", "item": "5"},
                {"op": "exclude_item", "point": "1", "item": "6"},
                {"op": "exclude_item", "point": "1", "item": "7"}
            ]),
        ),
        case(
            "repealed",
            "1. Пункт 49 признать утратившим силу.",
            json!([{"op": "repeal_item", "point": "1", "item": "49"}]),
        ),
        case(
            "several repealed",
            "1. Пункты 12 и 14 признать утратившими силу.",
            json!([
                {"op": "repeal_item", "point": "1", "item": "12"},
                {"op": "repeal_item", "point": "1", "item": "14"}
            ]),
        ),
        case(
            "renumbered ranges",
            "1. Пункты 5–7 считать соответственно пунктами 6–8.",
            json!([{"op": "renumber", "point": "1", "from": ["5", "6", "7"], "to": ["6", "7", "8"]}]),
        ),
        case(
            "renumbered one",
            "1. Пункт 5.1 считать пунктом 6.",
            json!([{"op": "renumber", "point": "1", "from": ["5.1"], "to": ["6"]}]),
        ),
        // Restating.
        case(
            "item restated as a table row",
            "1. Пункт 5 изложить в следующей редакции:\n«5.\tНовое мероприятие\t1\t2018\tИванов И.И.»;",
            json!([{"op": "restate_item", "point": "1", "item": "5", "rows": [{"1": "Новое мероприятие", "2": "1", "3": "2018", "4": "Иванов И.И."}]}]),
        ),
        case(
            "item restated as plain text",
            "1. Пункт 5 изложить в новой редакции: «5. Текст пункта.».",
            json!([{"op": "restate_item", "point": "1", "item": "5", "rows": [{"1": "Текст пункта."}]}]),
        ),
        with_plan(
            "items restated cell per line, keyed by column id",
            "1. Пункты 1 и 2 изложить в следующей редакции:\n\n\t«1.\n\tМера\n\t1\n\t2018\n\tИванов,\nПетров\n\n\t\n\tВторая мера\n\t2\n\t2019\n\tСидоров»;\n\t«2.\n\tДругое\n\t3\n\t2020\n\tКозлов».",
            json!([
                {"op": "restate_item", "point": "1", "item": "1", "rows": [
                    {"measure": "Мера", "stage": "1", "deadline": "2018", "responsible": "Иванов,\nПетров"},
                    {"measure": "Вторая мера", "stage": "2", "deadline": "2019", "responsible": "Сидоров"}
                ]},
                {"op": "restate_item", "point": "1", "item": "2", "rows": [
                    {"measure": "Другое", "stage": "3", "deadline": "2020", "responsible": "Козлов"}
                ]}
            ]),
        ),
        case(
            "a cell restated",
            "1. Графу «Срок» пункта 5 изложить в следующей редакции: «2019 год».",
            json!([{"op": "restate_cell", "point": "1", "item": "5", "column": "Срок", "text": "2019 год"}]),
        ),
        case(
            "a cell restated, address first",
            "1. В пункте 5 графу 3 изложить в следующей редакции: «2019 год».",
            json!([{"op": "restate_cell", "point": "1", "item": "5", "column": "3", "text": "2019 год"}]),
        ),
        case(
            "a row restated",
            "1. Строку 2 пункта 9 изложить в следующей редакции: «\tМера\t2\t2020»;",
            json!([{"op": "restate_row", "point": "1", "item": "9", "row": 2, "cells": {"1": "Мера", "2": "2", "3": "2020"}}]),
        ),
        // Adding.
        case(
            "item added after a named item",
            "1. После пункта 1.4 дополнить пунктом 1.5 следующего содержания:\n«1.5.\tНовая мера\t1\t2018»;",
            json!([{"op": "add_item", "point": "1", "number": "1.5", "position": {"after": "1.4"}, "rows": [{"1": "Новая мера", "2": "1", "3": "2018"}]}]),
        ),
        case(
            "item added, its number printed without the dot",
            "1. После пункта 1.4 дополнить пунктом 1.5 следующего содержания:\n«1.5\tНовая мера\t1\t2018»;",
            json!([{"op": "add_item", "point": "1", "number": "1.5", "position": {"after": "1.4"}, "rows": [{"1": "Новая мера", "2": "1", "3": "2018"}]}]),
        ),
        case(
            "items added to a section",
            "1. Раздел II дополнить пунктами 2.21 и 2.22 следующего содержания:\n«2.21.\tПервая\t1\n2.22.\tВторая\t2».",
            json!([
                {"op": "add_item", "point": "1", "number": "2.21", "position": {"end_of_section": "II"}, "rows": [{"1": "Первая", "2": "1"}]},
                {"op": "add_item", "point": "1", "number": "2.22", "position": {"after": "2.21"}, "rows": [{"1": "Вторая", "2": "2"}]}
            ]),
        ),
        case(
            "item added after the number before it",
            "1. Дополнить пунктом 14 следующего содержания: «14.\tТекст».",
            json!([{"op": "add_item", "point": "1", "number": "14", "position": {"after": "13"}, "rows": [{"1": "Текст"}]}]),
        ),
        with_plan(
            "a sub-item added after its parent",
            "1. Дополнить подпунктом 1.4.1 следующего содержания: «1.4.1.\tТекст\t\t\t».",
            json!([{"op": "add_item", "point": "1", "number": "1.4.1", "position": {"after": "1.4"}, "rows": [{"measure": "Текст"}]}]),
        ),
        case(
            "a row added",
            "1. Пункт 9 дополнить строкой следующего содержания: «\tМера три\t3»;",
            json!([{"op": "add_row", "point": "1", "item": "9", "cells": {"1": "Мера три", "2": "3"}}]),
        ),
        case(
            "a section added with its item",
            "1. Дополнить разделом V следующего содержания:\n«V. Новый раздел\n21.\tТекст».",
            json!([
                {"op": "add_section", "point": "1", "number": "V", "title": "Новый раздел"},
                {"op": "add_item", "point": "1", "number": "21", "position": {"end_of_section": "V"}, "rows": [{"1": "Текст"}]}
            ]),
        ),
        // Footnotes.
        case(
            "a footnote added",
            "1. Дополнить сноской 5 следующего содержания: «5 Текст сноски.».",
            json!([{"op": "add_footnote", "point": "1", "number": "5", "text": "Текст сноски."}]),
        ),
        case(
            "footnotes added, one quote each",
            "1. Дополнить сносками 1, 2.1 следующего содержания:\n«1 Первая.»;\n«2.1 Вторая.».",
            json!([
                {"op": "add_footnote", "point": "1", "number": "1", "text": "Первая."},
                {"op": "add_footnote", "point": "1", "number": "2.1", "text": "Вторая."}
            ]),
        ),
        case(
            "a footnote restated",
            "1. Сноску 3 изложить в следующей редакции: «3 Новый текст.».",
            json!([{"op": "restate_footnote", "point": "1", "number": "3", "text": "Новый текст."}]),
        ),
        case(
            "a footnote excluded",
            "1. Сноску 3 исключить.",
            json!([{"op": "remove_footnote", "point": "1", "number": "3"}]),
        ),
        case(
            "rows excluded, last first",
            "1. Строки 2 и 3 пункта 9 исключить.",
            json!([
                {"op": "remove_row", "point": "1", "item": "9", "row": 3},
                {"op": "remove_row", "point": "1", "item": "9", "row": 2}
            ]),
        ),
        // The gerund form.
        case(
            "gerund: заменив",
            "Внести изменение в план мероприятий, утвержденный распоряжением Департамента от 03.04.2017 № 149, заменив в графе «Срок» пункта 5 слова «2017 год» словами «2018 год».",
            json!([{"op": "replace_words", "items": ["5"], "column": "Срок", "from": "2017 год", "to": "2018 год"}]),
        ),
        case(
            "gerund: изложив",
            "1. Внести в план мероприятий изменение, изложив пункт 5 в следующей редакции: «5.\tТекст».",
            json!([{"op": "restate_item", "point": "1", "item": "5", "rows": [{"1": "Текст"}]}]),
        ),
        case(
            "gerund: дополнив",
            "1. Внести в план мероприятий изменение, дополнив его после пункта 7 пунктом 7.1 следующего содержания: «7.1.\tТекст».",
            json!([{"op": "add_item", "point": "1", "number": "7.1", "position": {"after": "7"}, "rows": [{"1": "Текст"}]}]),
        ),
        case(
            "gerund: признав утратившим силу",
            "Внести в план мероприятий изменение, признав утратившим силу пункт 5.",
            json!([{"op": "repeal_item", "item": "5"}]),
        ),
        case(
            "gerund: исключив",
            "Внести в план мероприятий изменение, исключив пункты 5 и 6.",
            json!([
                {"op": "exclude_item", "item": "5"},
                {"op": "exclude_item", "item": "6"}
            ]),
        ),
        // Lists of changes: numbered and lettered points inherit addresses.
        case(
            "lettered sub-points under an address",
            "1. В пункте 5:\nа) слова «А» заменить словами «Б»;\nб) в графе «Срок» слова «2017» заменить словами «2018».",
            json!([
                {"op": "replace_words", "point": "1а", "items": ["5"], "from": "А", "to": "Б"},
                {"op": "replace_words", "point": "1б", "items": ["5"], "column": "Срок", "from": "2017", "to": "2018"}
            ]),
        ),
        case(
            "numbered sub-points under «Внести … следующие изменения»",
            "1. Внести в план мероприятий следующие изменения:\n1) пункт 5 исключить;\n2) пункт 6 признать утратившим силу.",
            json!([
                {"op": "exclude_item", "point": "1.1", "item": "5"},
                {"op": "repeal_item", "point": "1.2", "item": "6"}
            ]),
        ),
        case(
            "«Внести в пункт 5 следующие изменения» heads its sub-points",
            "1. Внести в пункт 5 следующие изменения:\nа) слово «А» заменить словом «Б»;\nб) слова «В» исключить.",
            json!([
                {"op": "replace_words", "point": "1а", "items": ["5"], "from": "А", "to": "Б"},
                {"op": "delete_words", "point": "1б", "items": ["5"], "words": "В"}
            ]),
        ),
        case(
            "amending the act: only changes in its appendix are the plan's",
            "1. Внести в распоряжение Департамента от 03.04.2017 № 149 следующие изменения:\n1) в пункте 2 распоряжения слова «А» заменить словами «Б»;\n2) в приложении к распоряжению:\nа) пункт 5 исключить;\nб) в пункте 6 слова «В» исключить.",
            json!([
                {"op": "exclude_item", "point": "1.2а", "item": "5"},
                {"op": "delete_words", "point": "1.2б", "items": ["6"], "words": "В"}
            ]),
        ),
        // Rows addressed by content, sections: need a plan.
        with_plan(
            "позиция, касающаяся …, excluded",
            "1. Позицию, касающуюся Министерства финансов, исключить.",
            json!([{"op": "exclude_item", "point": "1", "item": "2"}]),
        ),
        with_plan(
            "в позиции, касающейся …, a row of a multi-row item",
            "1. В позиции, касающейся отчетов, цифры «2018» заменить цифрами «2019».",
            json!([{"op": "replace_words", "point": "1", "items": ["9"], "row": 2, "from": "2018", "to": "2019"}]),
        ),
        with_plan(
            "a section's items",
            "1. В разделе II в графе «Срок» цифры «2017» заменить цифрами «2018».",
            json!([{"op": "replace_words", "point": "1", "items": ["3", "9", "13"], "column": "Срок", "from": "2017", "to": "2018"}]),
        ),
        with_plan(
            "column by number checked against the plan",
            "1. В графе 3 пункта 13 цифры «2019» заменить цифрами «2020».",
            json!([{"op": "replace_words", "point": "1", "items": ["13"], "column": "3", "from": "2019", "to": "2020"}]),
        ),
        with_plan(
            "позиция, касающаяся …, restated",
            "1. Позицию, касающуюся Министерства финансов, изложить в следующей редакции:\n«2.\tВзаимодействие с Минфином России\t\t\tАносова И.А.»;",
            json!([{"op": "restate_item", "point": "1", "item": "2", "rows": [{"measure": "Взаимодействие с Минфином России", "responsible": "Аносова И.А."}]}]),
        ),
        // Restated table text printed one row per line: a line that starts
        // with a tab is a row of the item whose number cell is empty.
        case(
            "item restated one row per line, two rows",
            "1. Пункт 85 изложить в следующей редакции: «85.\tМера A\tСрок B\tИсполнитель C\tПримечание D\n\tМера A2\tСрок B2\tИсполнитель C2\tПримечание D2».",
            json!([{"op": "restate_item", "point": "1", "item": "85", "rows": [
                {"1": "Мера A", "2": "Срок B", "3": "Исполнитель C", "4": "Примечание D"},
                {"1": "Мера A2", "2": "Срок B2", "3": "Исполнитель C2", "4": "Примечание D2"}
            ]}]),
        ),
        with_plan(
            "item restated one row per line, three rows, keyed by column id",
            "1. Пункт 9 изложить в следующей редакции:\n«9.\tМера один\t1\t2017\tИванов\n\tМера два\t2\t2018\tПетров\n\tМера три\t3\t2019\tСидоров».",
            json!([{"op": "restate_item", "point": "1", "item": "9", "rows": [
                {"measure": "Мера один", "stage": "1", "deadline": "2017", "responsible": "Иванов"},
                {"measure": "Мера два", "stage": "2", "deadline": "2018", "responsible": "Петров"},
                {"measure": "Мера три", "stage": "3", "deadline": "2019", "responsible": "Сидоров"}
            ]}]),
        ),
        with_plan(
            "rows per line: empty cells, cells over several lines, trailing tabs",
            "1. Пункт 9 изложить в следующей редакции:\n«9.\tМера один\t\tIII кв.\n2017 г.\tИванов\t\n\tМера два\t2\t\tПетров,\nСидоров».",
            json!([{"op": "restate_item", "point": "1", "item": "9", "rows": [
                {"measure": "Мера один", "deadline": "III кв.\n2017 г.", "responsible": "Иванов"},
                {"measure": "Мера два", "stage": "2", "responsible": "Петров,\nСидоров"}
            ]}]),
        ),
        with_plan(
            "items restated in mixed layouts: cell per line, then row per line",
            "1. Пункты 1 и 2 изложить в следующей редакции:\n\t«1.\n\tМера\n\t1\n\t2018\n\tИванов»;\n«2.\tДругое\t3\t2020\tКозлов\n\tЕщё одно\t4\t2021\tПетров».",
            json!([
                {"op": "restate_item", "point": "1", "item": "1", "rows": [
                    {"measure": "Мера", "stage": "1", "deadline": "2018", "responsible": "Иванов"}
                ]},
                {"op": "restate_item", "point": "1", "item": "2", "rows": [
                    {"measure": "Другое", "stage": "3", "deadline": "2020", "responsible": "Козлов"},
                    {"measure": "Ещё одно", "stage": "4", "deadline": "2021", "responsible": "Петров"}
                ]}
            ]),
        ),
        with_plan(
            "number and first cell on one line, the rest one cell per line",
            "1. Пункт 9 изложить в следующей редакции:\n«9.\tМера один\n\t1\n\t2017\n\tИванов\n\t\n\tМера два\n\t2\n\t2018\n\tПетров».",
            json!([{"op": "restate_item", "point": "1", "item": "9", "rows": [
                {"measure": "Мера один", "stage": "1", "deadline": "2017", "responsible": "Иванов"},
                {"measure": "Мера два", "stage": "2", "deadline": "2018", "responsible": "Петров"}
            ]}]),
        ),
        with_plan(
            "an item added with two rows, one per line",
            "1. После пункта 1.4 дополнить пунктом 1.5 следующего содержания:\n«1.5.\tМера\t1\t2018\tИванов\n\tМера два\t2\t2019\tПетров».",
            json!([{"op": "add_item", "point": "1", "number": "1.5", "position": {"after": "1.4"}, "rows": [
                {"measure": "Мера", "stage": "1", "deadline": "2018", "responsible": "Иванов"},
                {"measure": "Мера два", "stage": "2", "deadline": "2019", "responsible": "Петров"}
            ]}]),
        ),
        // Places: «перед строкой», «после строки», «перед пунктом».
        case(
            "a row added before the first",
            "1. Пункт 9 перед строкой 1 дополнить строкой следующего содержания: «\tМера ноль\t0».",
            json!([{"op": "add_row", "point": "1", "item": "9", "after_row": 0, "cells": {"1": "Мера ноль", "2": "0"}}]),
        ),
        case(
            "a row added before a row, the item named by the row",
            "1. Перед строкой 2 пункта 9 дополнить строкой следующего содержания: «\tМера\t2».",
            json!([{"op": "add_row", "point": "1", "item": "9", "after_row": 1, "cells": {"1": "Мера", "2": "2"}}]),
        ),
        case(
            "rows added after a row, the item from the point above",
            "1. В пункте 9:\nа) после строки 1 дополнить строками следующего содержания: «\tА\t1»; «\tБ\t2».",
            json!([
                {"op": "add_row", "point": "1а", "item": "9", "after_row": 1, "cells": {"1": "А", "2": "1"}},
                {"op": "add_row", "point": "1а", "item": "9", "after_row": 2, "cells": {"1": "Б", "2": "2"}}
            ]),
        ),
        with_plan(
            "a row added before a position that is a row",
            "1. Перед позицией, касающейся отчетов, дополнить строкой следующего содержания: «\tМера полтора\t\t2018\t».",
            json!([{"op": "add_row", "point": "1", "item": "9", "after_row": 1, "cells": {"measure": "Мера полтора", "deadline": "2018"}}]),
        ),
        with_plan(
            "item added before an item",
            "1. Перед пунктом 1.4 дополнить пунктом 1.3 следующего содержания: «1.3.\tМера\t\t2018\t».",
            json!([{"op": "add_item", "point": "1", "number": "1.3", "position": {"before": "1.4"}, "rows": [{"measure": "Мера", "deadline": "2018"}]}]),
        ),
        case(
            "item added before an item, without a plan",
            "1. Перед пунктом 5 дополнить пунктом 4.1 следующего содержания: «4.1.\tТекст».",
            json!([{"op": "add_item", "point": "1", "number": "4.1", "position": {"before": "5"}, "rows": [{"1": "Текст"}]}]),
        ),
        with_plan(
            "item added before the first item of a section",
            "1. Перед пунктом 3 дополнить пунктом 2.1 следующего содержания: «2.1.\tМера\t\t\t».",
            json!([{"op": "add_item", "point": "1", "number": "2.1", "position": {"before": "3"}, "rows": [{"measure": "Мера"}]}]),
        ),
        with_plan(
            "item added before the first item of the plan",
            "1. Перед пунктом 1 дополнить пунктом 0.1 следующего содержания: «0.1.\tМера\t\t\t».",
            json!([{"op": "add_item", "point": "1", "number": "0.1", "position": {"before": "1"}, "rows": [{"measure": "Мера"}]}]),
        ),
        with_plan(
            "item added before an item, after items the order added",
            "1. После пункта 1.4 дополнить пунктом 1.5 следующего содержания: «1.5.\tМера\t\t\t».\n2. Перед пунктом 2 дополнить пунктом 1.6 следующего содержания: «1.6.\tМера\t\t\t».",
            json!([
                {"op": "add_item", "point": "1", "number": "1.5", "position": {"after": "1.4"}, "rows": [{"measure": "Мера"}]},
                {"op": "add_item", "point": "2", "number": "1.6", "position": {"before": "2"}, "rows": [{"measure": "Мера"}]}
            ]),
        ),
        case(
            "items added before an item: the second after the first",
            "1. Перед пунктом 1.4 дополнить пунктами 1.2 и 1.3 следующего содержания:\n«1.2.\tПервая\n1.3.\tВторая».",
            json!([
                {"op": "add_item", "point": "1", "number": "1.2", "position": {"before": "1.4"}, "rows": [{"1": "Первая"}]},
                {"op": "add_item", "point": "1", "number": "1.3", "position": {"after": "1.2"}, "rows": [{"1": "Вторая"}]}
            ]),
        ),
        with_plan(
            "item added before a position that is an item",
            "1. Перед позицией, касающейся Министерства финансов, дополнить пунктом 1.5 следующего содержания: «1.5.\tМера\t\t\t».",
            json!([{"op": "add_item", "point": "1", "number": "1.5", "position": {"before": "2"}, "rows": [{"measure": "Мера"}]}]),
        ),
        // Sections: after a section, numbered under another.
        case(
            "a section added after a section",
            "1. После раздела V дополнить разделом V.1 следующего содержания:\n«V.1. Новый раздел\n21.\tТекст».",
            json!([
                {"op": "add_section", "point": "1", "number": "V.1", "title": "Новый раздел", "after": "V"},
                {"op": "add_item", "point": "1", "number": "21", "position": {"end_of_section": "V.1"}, "rows": [{"1": "Текст"}]}
            ]),
        ),
        with_plan(
            "a section added before a section",
            "1. Перед разделом II дополнить разделом I.1 следующего содержания: «I.1. Новый раздел».",
            json!([{"op": "add_section", "point": "1", "number": "I.1", "title": "Новый раздел", "before": "II"}]),
        ),
        case(
            "a section added before a section, without a plan",
            "1. Перед разделом VI дополнить разделом V.1 следующего содержания: «V.1. Новый».",
            json!([{"op": "add_section", "point": "1", "number": "V.1", "title": "Новый", "before": "VI"}]),
        ),
        with_plan(
            "a section put first, its number in the formula alone",
            "1. Перед разделом I дополнить разделом 0 следующего содержания: «Новый».",
            json!([{"op": "add_section", "point": "1", "number": "0", "title": "Новый", "before": "I"}]),
        ),
        with_plan(
            "a section put first, with its items",
            "1. Перед разделом I дополнить разделом 0 следующего содержания:\n«0. Вводный раздел\n0.1.\tВводная мера\t\t\t».",
            json!([
                {"op": "add_section", "point": "1", "number": "0", "title": "Вводный раздел", "before": "I"},
                {"op": "add_item", "point": "1", "number": "0.1", "position": {"end_of_section": "0"}, "rows": [{"measure": "Вводная мера"}]}
            ]),
        ),
        with_plan(
            "a section placed before a section, the place after the number",
            "1. Дополнить разделом 0 перед разделом I следующего содержания: «0. Вводный раздел».",
            json!([{"op": "add_section", "point": "1", "number": "0", "title": "Вводный раздел", "before": "I"}]),
        ),
        with_plan(
            "a section placed before one this order added",
            "1. После раздела I дополнить разделом I.2 следующего содержания: «I.2. Второй».\n2. Перед разделом I.2 дополнить разделом I.1 следующего содержания: «I.1. Первый».",
            json!([
                {"op": "add_section", "point": "1", "number": "I.2", "title": "Второй", "after": "I"},
                {"op": "add_section", "point": "2", "number": "I.1", "title": "Первый", "before": "I.2"}
            ]),
        ),
        with_plan(
            "a section placed before a section named by its title",
            "1. Перед разделом «Открытые данные» дополнить разделом I.1 следующего содержания: «I.1. Новый».",
            json!([{"op": "add_section", "point": "1", "number": "I.1", "title": "Новый", "before": "II"}]),
        ),
        case(
            "a section numbered under another goes after the one numbered before it",
            "1. Дополнить разделом VII.3 следующего содержания:\n«Раздел VII.3. Новый раздел\n22.\tТекст».",
            json!([
                {"op": "add_section", "point": "1", "number": "VII.3", "title": "Новый раздел", "after": "VII.2"},
                {"op": "add_item", "point": "1", "number": "22", "position": {"end_of_section": "VII.3"}, "rows": [{"1": "Текст"}]}
            ]),
        ),
        with_plan(
            "sections added one after another, each after the one numbered before it",
            "1. Дополнить разделом I.1 следующего содержания: «I.1. Первый».\n2. Дополнить разделом I.2 следующего содержания: «I.2. Второй».",
            json!([
                {"op": "add_section", "point": "1", "number": "I.1", "title": "Первый", "after": "I"},
                {"op": "add_section", "point": "2", "number": "I.2", "title": "Второй", "after": "I.1"}
            ]),
        ),
        with_plan(
            "a section numbered under another, placed by the plan",
            "1. Дополнить разделом I.1 следующего содержания: «I.1 Новый раздел».",
            json!([{"op": "add_section", "point": "1", "number": "I.1", "title": "Новый раздел", "after": "I"}]),
        ),
        case(
            "items added to a section numbered under another",
            "1. Раздел VII.3 дополнить пунктом 7.3.1 следующего содержания: «7.3.1.\tТекст».",
            json!([{"op": "add_item", "point": "1", "number": "7.3.1", "position": {"end_of_section": "VII.3"}, "rows": [{"1": "Текст"}]}]),
        ),
        // Абзацы: the lines of a cell, named by ordinals in any case, by
        // number, one or several.
        case(
            "words in an абзац of a column",
            "1. В абзаце втором графы «Срок» пункта 5 слова «А» заменить словами «Б».",
            json!([{"op": "replace_words", "point": "1", "items": ["5"], "column": "Срок", "paragraph": 2, "from": "А", "to": "Б"}]),
        ),
        case(
            "the ordinal before «абзац»",
            "1. Во втором абзаце графы «Срок» пункта 5 слово «А» исключить.",
            json!([{"op": "delete_words", "point": "1", "items": ["5"], "column": "Срок", "paragraph": 2, "words": "А"}]),
        ),
        case(
            "an абзац by number, the address first",
            "1. В пункте 5 в графе «Срок» в абзаце 2 после слов «А» дополнить словами «Б».",
            json!([{"op": "insert_words", "point": "1", "items": ["5"], "column": "Срок", "paragraph": 2, "anchor": {"after": "А"}, "words": "Б"}]),
        ),
        case(
            "words in two абзацы",
            "1. В абзацах третьем и четвертом графы 2 пункта 5 цифры «2017» заменить цифрами «2018».",
            json!([
                {"op": "replace_words", "point": "1", "items": ["5"], "column": "2", "paragraph": 3, "from": "2017", "to": "2018"},
                {"op": "replace_words", "point": "1", "items": ["5"], "column": "2", "paragraph": 4, "from": "2017", "to": "2018"}
            ]),
        ),
        case(
            "an абзац restated",
            "1. Абзац второй графы «Мероприятие» пункта 5 изложить в следующей редакции: «Новый текст».",
            json!([{"op": "restate_paragraph", "point": "1", "item": "5", "column": "Мероприятие", "paragraph": 2, "text": "Новый текст"}]),
        ),
        case(
            "the ordinal before «абзац», restated",
            "1. Второй абзац графы «Мероприятие» пункта 5 изложить в новой редакции: «Новый текст».",
            json!([{"op": "restate_paragraph", "point": "1", "item": "5", "column": "Мероприятие", "paragraph": 2, "text": "Новый текст"}]),
        ),
        case(
            "абзацы restated one by one, the last first",
            "1. В пункте 5 в графе 2 абзацы второй и третий изложить в следующей редакции:\n«А»;\n«Б».",
            json!([
                {"op": "restate_paragraph", "point": "1", "item": "5", "column": "2", "paragraph": 3, "text": "Б"},
                {"op": "restate_paragraph", "point": "1", "item": "5", "column": "2", "paragraph": 2, "text": "А"}
            ]),
        ),
        case(
            "a run of абзацы restated as fewer",
            "1. Абзацы второй – четвертый графы «Срок» пункта 5 изложить в следующей редакции: «Один абзац».",
            json!([
                {"op": "delete_paragraph", "point": "1", "item": "5", "column": "Срок", "paragraph": 4},
                {"op": "delete_paragraph", "point": "1", "item": "5", "column": "Срок", "paragraph": 3},
                {"op": "restate_paragraph", "point": "1", "item": "5", "column": "Срок", "paragraph": 2, "text": "Один абзац"}
            ]),
        ),
        case(
            "one абзац restated as two",
            "1. Абзац второй графы «Срок» пункта 5 изложить в следующей редакции: «А»; «Б».",
            json!([{"op": "restate_paragraph", "point": "1", "item": "5", "column": "Срок", "paragraph": 2, "text": "А\nБ"}]),
        ),
        case(
            "an абзац added at the end of a cell",
            "1. Графу «Мероприятие» пункта 5 дополнить абзацем следующего содержания: «Текст».",
            json!([{"op": "add_paragraph", "point": "1", "item": "5", "column": "Мероприятие", "text": "Текст"}]),
        ),
        case(
            "абзацы added after an абзац, each after the one before",
            "1. Графу «Мероприятие» пункта 5 после абзаца второго дополнить абзацами следующего содержания:\n«А»;\n«Б».",
            json!([
                {"op": "add_paragraph", "point": "1", "item": "5", "column": "Мероприятие", "after": 2, "text": "А"},
                {"op": "add_paragraph", "point": "1", "item": "5", "column": "Мероприятие", "after": 3, "text": "Б"}
            ]),
        ),
        case(
            "an абзац added after an абзац that names the cell",
            "1. После абзаца первого графы «Мероприятие» пункта 5 дополнить абзацем следующего содержания: «А».",
            json!([{"op": "add_paragraph", "point": "1", "item": "5", "column": "Мероприятие", "after": 1, "text": "А"}]),
        ),
        case(
            "an абзац added before the first",
            "1. Графу «Мероприятие» пункта 5 перед абзацем первым дополнить абзацем следующего содержания: «А».",
            json!([{"op": "add_paragraph", "point": "1", "item": "5", "column": "Мероприятие", "after": 0, "text": "А"}]),
        ),
        case(
            "an абзац added by its number",
            "1. Графу «Мероприятие» пункта 5 дополнить новым абзацем третьим следующего содержания: «А».",
            json!([{"op": "add_paragraph", "point": "1", "item": "5", "column": "Мероприятие", "after": 2, "text": "А"}]),
        ),
        case(
            "an абзац excluded",
            "1. Абзац третий графы 3 пункта 5 исключить.",
            json!([{"op": "delete_paragraph", "point": "1", "item": "5", "column": "3", "paragraph": 3}]),
        ),
        case(
            "абзацы repealed: they leave the cell, the last first",
            "1. Абзацы второй и четвертый графы «Срок» пункта 5 признать утратившими силу.",
            json!([
                {"op": "delete_paragraph", "point": "1", "item": "5", "column": "Срок", "paragraph": 4},
                {"op": "delete_paragraph", "point": "1", "item": "5", "column": "Срок", "paragraph": 2}
            ]),
        ),
        case(
            "абзацы «со второго по третий»",
            "1. Абзацы со второго по третий графы «Срок» пункта 5 исключить.",
            json!([
                {"op": "delete_paragraph", "point": "1", "item": "5", "column": "Срок", "paragraph": 3},
                {"op": "delete_paragraph", "point": "1", "item": "5", "column": "Срок", "paragraph": 2}
            ]),
        ),
        case(
            "an абзац of a row, the address first",
            "1. В строке 2 пункта 9 в графе «Срок» абзац 2 исключить.",
            json!([{"op": "delete_paragraph", "point": "1", "item": "9", "row": 2, "column": "Срок", "paragraph": 2}]),
        ),
        case(
            "абзац formulas under an address",
            "1. В графе «Мероприятие» пункта 5:\nа) абзац второй исключить;\nб) дополнить абзацем следующего содержания: «В».",
            json!([
                {"op": "delete_paragraph", "point": "1а", "item": "5", "column": "Мероприятие", "paragraph": 2},
                {"op": "add_paragraph", "point": "1б", "item": "5", "column": "Мероприятие", "text": "В"}
            ]),
        ),
        case(
            "абзацы renumbered: nothing to do",
            "1. После абзаца второго графы «Срок» пункта 5 дополнить абзацем следующего содержания: «А».\n2. Абзацы третий – пятый графы «Срок» пункта 5 считать соответственно абзацами четвертым – шестым.",
            json!([{"op": "add_paragraph", "point": "1", "item": "5", "column": "Срок", "after": 2, "text": "А"}]),
        ),
        // Words at the end of a cell, an абзац or a footnote.
        case(
            "words added at the end of a cell",
            "1. Графу «Срок» пункта 5 дополнить словами «, далее ежегодно».",
            json!([{"op": "insert_words", "point": "1", "items": ["5"], "column": "Срок", "anchor": "end", "words": ", далее ежегодно"}]),
        ),
        case(
            "words added at the end of an абзац",
            "1. Абзац второй графы «Срок» пункта 5 дополнить словами «и далее».",
            json!([{"op": "insert_words", "point": "1", "items": ["5"], "column": "Срок", "paragraph": 2, "anchor": "end", "words": "и далее"}]),
        ),
        case(
            "words added at the end of a column of several items",
            "1. В пунктах 5 и 6 графу 3 дополнить словами «г.».",
            json!([{"op": "insert_words", "point": "1", "items": ["5", "6"], "column": "3", "anchor": "end", "words": "г."}]),
        ),
        case(
            "gerund: words added at the end of a cell",
            "Внести в план мероприятий изменение, дополнив графу «Срок» пункта 5 словами «, далее ежегодно».",
            json!([{"op": "insert_words", "items": ["5"], "column": "Срок", "anchor": "end", "words": ", далее ежегодно"}]),
        ),
        case(
            "words added at the end of a footnote",
            "1. Сноску 2 дополнить словами «, в том числе в 2018 году».",
            json!([{"op": "insert_words", "point": "1", "items": {"footnote": "2"}, "anchor": "end", "words": ", в том числе в 2018 году"}]),
        ),
        // Words inside footnotes.
        case(
            "words replaced in a footnote",
            "1. В сноске 1 слова «А» заменить словами «Б».",
            json!([{"op": "replace_words", "point": "1", "items": {"footnote": "1"}, "from": "А", "to": "Б"}]),
        ),
        case(
            "words replaced in two footnotes",
            "1. В сносках 1 и 2 цифры «2017» заменить цифрами «2018».",
            json!([
                {"op": "replace_words", "point": "1", "items": {"footnote": "1"}, "from": "2017", "to": "2018"},
                {"op": "replace_words", "point": "1", "items": {"footnote": "2"}, "from": "2017", "to": "2018"}
            ]),
        ),
        case(
            "words added in a footnote after words",
            "1. В сноске 2.1 после слов «А» дополнить словами «Б».",
            json!([{"op": "insert_words", "point": "1", "items": {"footnote": "2.1"}, "anchor": {"after": "А"}, "words": "Б"}]),
        ),
        case(
            "words taken out of an абзац of a footnote",
            "1. В абзаце втором сноски 3 слово «А» исключить.",
            json!([{"op": "delete_words", "point": "1", "items": {"footnote": "3"}, "paragraph": 2, "words": "А"}]),
        ),
        // Sections' titles.
        case(
            "a section's title restated",
            "1. Наименование раздела II изложить в следующей редакции: «Открытые данные и сервисы».",
            json!([{"op": "restate_section", "point": "1", "section": "II", "title": "Открытые данные и сервисы"}]),
        ),
        case(
            "a section's title restated, the section as the address",
            "1. В разделе II наименование изложить в новой редакции: «Открытые данные».",
            json!([{"op": "restate_section", "point": "1", "section": "II", "title": "Открытые данные"}]),
        ),
        with_plan(
            "a section's title restated, the section named by its title, the heading quoted with its number",
            "1. Наименование раздела «Открытость» изложить в следующей редакции: «I. Открытость и прозрачность».",
            json!([{"op": "restate_section", "point": "1", "section": "I", "title": "Открытость и прозрачность"}]),
        ),
        case(
            "a title that starts with a roman-looking word keeps it",
            "1. Наименование раздела I изложить в следующей редакции: «I этап реализации».",
            json!([{"op": "restate_section", "point": "1", "section": "I", "title": "I этап реализации"}]),
        ),
        case(
            "a section restated as its heading alone",
            "1. Раздел II изложить в следующей редакции: «II. Открытые данные и сервисы».",
            json!([{"op": "restate_section", "point": "1", "section": "II", "title": "Открытые данные и сервисы"}]),
        ),
        case(
            "a section restated as its heading, «Раздел» printed",
            "1. Раздел VII.3 изложить в следующей редакции: «Раздел VII.3. Открытые данные».",
            json!([{"op": "restate_section", "point": "1", "section": "VII.3", "title": "Открытые данные"}]),
        ),
        // Closing clauses are not changes.
        case(
            "closing clauses ignored",
            "1. Пункт 9 исключить.\n2. Контроль за исполнением настоящего приказа оставляю за собой.\n3. Опубликовать настоящий приказ на официальном сайте.\n4. Остальной текст оставить без изменения.",
            json!([{"op": "exclude_item", "point": "1", "item": "9"}]),
        ),
    ]
}

#[test]
fn every_formula_reads_as_expected() {
    let cases = cases();
    assert!(cases.len() >= 120, "{} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let import = read(c.text, c.plan);
        let errors: Vec<String> = import
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.to_string())
            .collect();
        let ops = serde_json::to_value(&import.order.operations).expect("operations serialize");
        if !errors.is_empty() || ops != c.ops {
            failures.push(format!(
                "{}:\n  errors: {errors:#?}\n  got:      {ops}\n  expected: {}",
                c.name, c.ops
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_case_applies_as_json_of_the_order_schema() {
    // The operations read are valid order JSON: they round-trip.
    for c in cases() {
        let import = read(c.text, c.plan);
        let json = serde_json::to_string(&import.order).expect("serializes");
        let back: planver::Order = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, import.order, "{}", c.name);
    }
}

#[test]
fn the_gerund_form_names_the_plan_amended() {
    let import = read(
        "Внести изменение в план мероприятий, утвержденный распоряжением Департамента от 03.04.2017 № 149 (в редакции распоряжения от 15.02.2018 № 45), заменив в графе «Срок» пункта 5 слова «2017 год» словами «2018 год».",
        false,
    );
    assert_eq!(
        import.order.amends.as_deref(),
        Some(
            "план мероприятий, утвержденный распоряжением Департамента от 03.04.2017 № 149 (в редакции распоряжения от 15.02.2018 № 45)"
        )
    );
}

#[test]
fn whole_word_matching_is_the_default_for_слова() {
    let import = read(
        "1. В пункте 3 слово «план» заменить словом «проект».",
        false,
    );
    let planver::Operation::ReplaceWords { substring, .. } = &import.order.operations[0] else {
        panic!("not a replacement");
    };
    assert!(!substring);
}

/// What the reader cannot place or split exactly is an error at the text,
/// and the point makes no operation: never a shifted row, never an item put
/// somewhere else than the formula says.
#[test]
fn what_cannot_be_read_exactly_is_an_error() {
    let cases: &[(&str, bool, &str, &str)] = &[
        // (text, with plan, the error says, at these words)
        (
            "1. Пункт 9 изложить в следующей редакции: «9.\tМера\t1\t2017\tИванов\n\t2\t2018\tПетров».",
            true,
            "this row has 4 cells where the plan has 5",
            "2",
        ),
        (
            "1. Пункт 9 изложить в следующей редакции: «9.\tМера\t1\t2017\tИванов\tЛишнее».",
            true,
            "a cell beyond the plan's columns",
            "Лишнее",
        ),
        (
            "1. Пункт 9 изложить в следующей редакции: «9.\tМера\t1\t2017\tИванов\n\tМера два\tПетров».",
            false,
            "this row has 3 cells where another row of the item has 5",
            "Мера два",
        ),
        (
            "1. Пункт 9 изложить в следующей редакции: «9.\n\tМера\n\t1\n\t2017\n\tИванов\n\t\n\tМера два\n\t2».",
            true,
            "the last row has 3 cells where the plan has 5",
            "2",
        ),
        (
            "1. Пункт 9 изложить в следующей редакции: «9.\tМера один\n\t1\n\t2017\n\t\n\tМера два\n\t2».",
            false,
            "only the plan's columns tell",
            "9.",
        ),
        (
            "1. Пункт 9 дополнить строкой следующего содержания: «\tМера\t2018».",
            true,
            "the row has 2 cells after the number cell where the plan has 4 columns",
            "2018",
        ),
        (
            "1. Пункт 9 дополнить строкой следующего содержания: «\tМера\t1\t2018\tИванов\n\tМера два\t2\t2019\tПетров».",
            true,
            "one quote holds one row",
            "Мера два",
        ),
        // Абзацы: a line of one cell, so the column is named; the texts
        // pair with the абзацы; the place is one абзац of the same cell.
        (
            "1. Абзац второй пункта 5 изложить в следующей редакции: «Текст».",
            false,
            "an абзац is a line of one cell: name the column",
            "второй",
        ),
        (
            "1. Абзацы второй и четвертый графы «Срок» пункта 5 изложить в следующей редакции: «А».",
            false,
            "2 абзацы named, 1 new wordings given",
            "Абзацы",
        ),
        (
            "1. Абзац 0 графы «Срок» пункта 5 исключить.",
            false,
            "абзацы are counted from 1",
            "0",
        ),
        (
            "1. Графу «Срок» пункта 5 после строки 2 дополнить абзацем следующего содержания: «А».",
            false,
            "a new абзац goes after or before an абзац",
            "строки 2",
        ),
        (
            "1. Графу «Мероприятие» пункта 5 после абзаца второго графы «Срок» дополнить абзацем следующего содержания: «А».",
            false,
            "placed by an абзац of another",
            "абзаца второго графы «Срок»",
        ),
        (
            "1. Графу «Срок» пункта 5 после абзаца третьего дополнить абзацем третьим следующего содержания: «А».",
            false,
            "the new абзац is numbered 3, but placed after абзац 3",
            "третьим",
        ),
        (
            "1. Абзац второй сноски 1 исключить.",
            false,
            "абзацы of a footnote have no operation",
            "1",
        ),
        // Words at the end: of a cell, so a column is named.
        (
            "1. Пункт 5 дополнить словами «, далее ежегодно».",
            false,
            "name the column",
            "словами",
        ),
        (
            "1. Графу «Срок» пункта 5 во втором случае дополнить словами «А».",
            false,
            "no occurrence to choose",
            "во втором случае",
        ),
        // Footnotes have no columns; titles take no word changes.
        (
            "1. В сноске 1 в графе «Срок» слова «А» заменить словами «Б».",
            false,
            "a footnote has no items, rows or columns",
            "«Срок»",
        ),
        (
            "1. В наименовании раздела II слова «А» заменить словами «Б».",
            false,
            "words inside a title (наименование) have no operation",
            "наименовании",
        ),
        (
            "1. Наименование плана изложить в следующей редакции: «План мероприятий».",
            false,
            "only a section's title",
            "Наименование",
        ),
        (
            "1. Наименование раздела II изложить в следующей редакции: «III. Новое».",
            false,
            "the title of section II is quoted with the number III",
            "«III. Новое»",
        ),
        (
            "1. Раздел II изложить в следующей редакции: «II. Новое\n5.\tТекст».",
            false,
            "a section's title is one line",
            "«II. Новое",
        ),
        (
            "1. Раздел II изложить в следующей редакции: «III. Новое».",
            false,
            "the formula restates section II, but the quoted heading numbers it III",
            "«III. Новое»",
        ),
        (
            "1. Раздел II изложить в следующей редакции: «Новое наименование».",
            false,
            "the quotation is no heading of it",
            "«Новое наименование»",
        ),
        (
            "1. После пункта 1 перед пунктом 2 дополнить пунктом 1.5 следующего содержания: «1.5.\tТекст».",
            false,
            "the place of the addition is named twice",
            "пунктом 2",
        ),
        (
            "1. Пункт 9 после пункта 3 дополнить строкой следующего содержания: «\tМера\t2».",
            false,
            "a new row goes after or before a row of the item",
            "пункта 3",
        ),
        (
            "1. Пункт 9 перед строкой 0 дополнить строкой следующего содержания: «\tМера\t2».",
            false,
            "rows are counted from 1",
            "строкой 0",
        ),
        (
            "1. Перед пунктом 3 дополнить разделом I.1 следующего содержания: «I.1. Новый».",
            false,
            "a new section goes after or before a section",
            "пунктом 3",
        ),
        (
            "1. Перед разделами I и II дополнить разделом 0 следующего содержания: «0. Новый».",
            false,
            "a new section goes after or before one section: name one",
            "разделами I и II",
        ),
        (
            "1. Дополнить разделом V.1 следующего содержания: «V.2. Новый».",
            false,
            "the formula adds section V.1, but the quoted heading numbers it V.2",
            "V.1",
        ),
        (
            "1. Дополнить разделами V и VI следующего содержания: «V. Новый».",
            false,
            "one section per formula",
            "VI",
        ),
    ];
    let mut failures = Vec::new();
    for &(text, with_plan, says, at) in cases {
        let full = format!("{HEADER}{text}");
        let import = read(text, with_plan);
        let error = import
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error && d.message.contains(says));
        let Some(error) = error else {
            failures.push(format!(
                "{text:?}: no error saying {says:?}; diagnostics: {:#?}",
                import
                    .diagnostics
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
            ));
            continue;
        };
        // The place, in characters of its line.
        let line = full.lines().nth(error.line - 1).unwrap_or("");
        let shown: String = line
            .chars()
            .skip(error.column - 1)
            .take(at.chars().count())
            .collect();
        if shown != at {
            failures.push(format!(
                "{text:?}: the error points at {shown:?}, not {at:?}"
            ));
        }
        let point = text.lines().last().and_then(|l| l.split('.').next());
        let made = import.order.operations.iter().any(|op| op.point() == point);
        if made {
            failures.push(format!(
                "{text:?}: the point still makes operations: {:?}",
                import.order.operations
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// «перед строкой», «перед пунктом», «перед разделом», read against the
/// plan and applied to it: each addition lands where the formula says.
#[test]
fn additions_before_land_where_the_formula_says() {
    let text = "1. Пункт 9 перед строкой 1 дополнить строкой следующего содержания: «\tМера ноль\t\t2016\t».\n2. Перед пунктом 1.4 дополнить пунктом 1.3 следующего содержания: «1.3.\tМера\t\t2018\t».\n3. Перед разделом II дополнить разделом I.1 следующего содержания: «I.1. Новый раздел».\n4. После раздела I.1 дополнить разделом I.2 следующего содержания: «I.2. Ещё раздел».\n5. Перед разделом I дополнить разделом 0 следующего содержания: «0. Вводный раздел\n0.1.\tВводная мера\t\t\t».";
    let import = read(text, true);
    let errors: Vec<String> = import.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut order = import.order;
    // The test plan is approved in 2017; the header's act is older.
    let date = chrono::NaiveDate::from_ymd_opt(2018, 1, 1).expect("a date");
    order.act.date = date;
    let history = planver::History::build(plan(), vec![order]).expect("the order applies");
    let after = history.revision_at(date).expect("a revision").to_plan();
    let numbers: Vec<&str> = after.items.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(
        numbers,
        [
            "0.1", "1", "1.1", "1.1.2", "1.3", "1.4", "2", "3", "9", "13"
        ]
    );
    assert_eq!(after.items[0].section.as_deref(), Some("0"));
    let nine = &after.items[8];
    let measures: Vec<&str> = nine
        .rows
        .iter()
        .map(|r| r["measure"].text.as_str())
        .collect();
    assert_eq!(
        measures,
        ["Мера ноль", "Мера один", "Мера два, касающаяся отчетов"]
    );
    let sections: Vec<&str> = after.sections.iter().map(|s| s.number.as_str()).collect();
    assert_eq!(sections, ["0", "I", "I.1", "I.2", "II"]);
}

/// «перед разделом N» names N as other references to sections do: a
/// section the plan lacks (and the order has not added) is said in a
/// warning, since an earlier order may add it; the operation keeps N.
#[test]
fn a_section_placed_before_one_the_plan_lacks_is_a_warning() {
    let import = read(
        "1. Перед разделом IX дополнить разделом VIII.1 следующего содержания: «VIII.1. Новый».",
        true,
    );
    assert!(!import.has_errors(), "{:#?}", import.diagnostics);
    let warning = import
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Warning)
        .expect("a warning");
    assert!(
        warning.message.contains("the plan has no section «IX»"),
        "{warning}"
    );
    let ops = serde_json::to_value(&import.order.operations).expect("operations serialize");
    assert_eq!(
        ops,
        json!([{"op": "add_section", "point": "1", "number": "VIII.1", "title": "Новый", "before": "IX"}])
    );
}

/// Абзацы, words at the end of a cell or footnote, words in footnotes and
/// a section's title, read against a plan whose cells have several lines
/// and applied to it: each change lands in the line, cell or footnote the
/// formula names.
#[test]
fn абзацы_footnotes_and_titles_apply_where_the_formula_says() {
    let plan: Plan = serde_json::from_value(json!({
        "title": "План мероприятий",
        "act": {"kind": "распоряжение", "issuer": "Департамента", "number": "149", "date": "2017-04-03"},
        "columns": [
            {"id": "measure", "title": "Мероприятие"},
            {"id": "deadline", "title": "Срок"}
        ],
        "sections": [
            {"number": "I", "title": "Открытость"},
            {"number": "II", "title": "Открытые данные"}
        ],
        "items": [
            {"number": "1", "section": "I", "rows": [{"measure": "Первый абзац\nВторой абзац 2017\nТретий абзац", "deadline": "2017 год"}]},
            {"number": "2", "section": "I", "rows": [{"measure": "Один\nДва\nТри\nЧетыре", "deadline": "I кв.\n2018 г."}]},
            {"number": "3", "section": "II", "rows": [{"measure": "Наборы данных 2017\nПубликация 2017\nОбновление", "deadline": "2017"}]},
            {"number": "4", "section": "II", "rows": [{"measure": "Последний", "deadline": "2019"}]}
        ],
        "footnotes": [
            {"number": "1", "text": "Стадии развития 2017 года.\nВторой абзац сноски."},
            {"number": "2", "text": "По итогам года"}
        ]
    }))
    .expect("the test plan is valid");
    let text = "\
1. В абзаце втором графы «Мероприятие» пункта 1 цифры «2017» заменить цифрами «2018».
2. Абзац третий графы «Мероприятие» пункта 1 изложить в следующей редакции: «Новый третий абзац».
3. Графу «Мероприятие» пункта 1 после абзаца первого дополнить абзацем следующего содержания: «Вставленный абзац».
4. Абзацы второй и третий графы «Мероприятие» пункта 2 исключить.
5. Графу «Мероприятие» пункта 2 дополнить абзацами следующего содержания: «Пять»; «Шесть».
6. Абзац второй графы «Срок» пункта 2 дополнить словами «, далее ежегодно».
7. Графу «Срок» пункта 4 дополнить словами «год».
8. В абзаце первом графы «Мероприятие» пункта 3 цифры «2017» исключить.
9. В сноске 1 цифры «2017» заменить цифрами «2018».
10. Сноску 2 дополнить словами «, в котором реализован план».
11. В абзаце втором сноски 1 слово «сноски» заменить словами «первой сноски».
12. Наименование раздела II изложить в следующей редакции: «Открытые данные и сервисы».
13. Перед пунктом 3 дополнить пунктом 2.1 следующего содержания: «2.1.\tНовая мера\t2018».
14. Абзацы второй – третий графы «Мероприятие» пункта 3 изложить в следующей редакции: «Одна публикация».
";
    let import = read_order(
        &format!("{HEADER}{text}"),
        &OrderReadOptions::new().plan(&plan),
    );
    let errors: Vec<String> = import.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let warnings: Vec<String> = import.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
    let mut order = import.order;
    let date = chrono::NaiveDate::from_ymd_opt(2018, 1, 1).expect("a date");
    order.act.date = date;
    let history = planver::History::build(plan, vec![order]).expect("the order applies");
    let after = history.revision_at(date).expect("a revision").to_plan();
    let cell = |number: &str, column: &str| -> String {
        let item = after
            .items
            .iter()
            .find(|i| i.number == number)
            .unwrap_or_else(|| panic!("item {number}"));
        item.rows[0]
            .get(column)
            .map(|c| c.text.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        cell("1", "measure"),
        "Первый абзац\nВставленный абзац\nВторой абзац 2018\nНовый третий абзац"
    );
    assert_eq!(cell("2", "measure"), "Один\nЧетыре\nПять\nШесть");
    assert_eq!(cell("2", "deadline"), "I кв.\n2018 г., далее ежегодно");
    assert_eq!(cell("4", "deadline"), "2019 год");
    // The words taken out of the first абзац; the run of the other two
    // gives way to one.
    assert_eq!(cell("3", "measure"), "Наборы данных\nОдна публикация");
    let numbers: Vec<&str> = after.items.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "2.1", "3", "4"]);
    let new = after.items.iter().find(|i| i.number == "2.1").expect("2.1");
    assert_eq!(new.section.as_deref(), Some("II"));
    let notes: Vec<(&str, &str)> = after
        .footnotes
        .iter()
        .map(|f| (f.number.as_str(), f.text.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (
                "1",
                "Стадии развития 2018 года.\nВторой абзац первой сноски."
            ),
            ("2", "По итогам года, в котором реализован план")
        ]
    );
    let titles: Vec<&str> = after.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Открытость", "Открытые данные и сервисы"]);
}
