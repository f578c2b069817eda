//! The catalogue of bad inputs (see docs/bad-inputs.md): each one gives a
//! clear error, or is handled correctly — never a panic.

use planver::{ApplyErrorKind, Bundle, Error, History, Order, Plan, PlanProblem};
use serde_json::{Value, json};
use std::path::PathBuf;

fn base_plan() -> Value {
    json!({
        "title": "План",
        "act": {"kind": "приказ", "issuer": "Минтруда России", "number": "342", "date": "2013-08-02"},
        "columns": [{"id": "measure", "title": "Мероприятие"}, {"id": "responsible", "title": "Ответственный исполнитель"}],
        "sections": [{"number": "I", "title": "Раздел"}],
        "items": [
            {"number": "10", "section": "I", "rows": [{"measure": "Размещение", "responsible": "И.В. Никитина"}]},
            {"number": "11", "section": "I", "rows": [{"measure": "Формирование", "responsible": "И.В. Никитина, Д.В. Баснак"}]}
        ]
    })
}

fn order(number: &str, date: &str, ops: Value) -> Value {
    json!({
        "act": {"kind": "приказ", "issuer": "Минтруда России", "number": number, "date": date},
        "operations": ops
    })
}

fn plan_problem(plan: Value) -> PlanProblem {
    let plan: Plan = serde_json::from_value(plan).unwrap();
    plan.validate().unwrap_err()
}

fn build(plan: Value, orders: Vec<Value>) -> Result<History, Error> {
    let plan: Plan = serde_json::from_value(plan).unwrap();
    let orders: Vec<Order> = orders
        .into_iter()
        .map(|o| serde_json::from_value(o).unwrap())
        .collect();
    History::build(plan, orders)
}

fn apply_error(plan: Value, orders: Vec<Value>) -> planver::ApplyError {
    match build(plan, orders) {
        Err(Error::Apply(e)) => *e,
        Err(e) => panic!("expected an apply error, got {e}"),
        Ok(_) => panic!("expected an apply error, got success"),
    }
}

/// A scratch bundle with raw file contents.
fn bundle(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("planver-bad-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (path, bytes) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

fn load_error(name: &str, files: &[(&str, &[u8])]) -> String {
    match Bundle::load(bundle(name, files)) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("{name}: expected an error"),
    }
}

fn plan_bytes() -> Vec<u8> {
    serde_json::to_vec_pretty(&base_plan()).unwrap()
}

// ---- JSON files ----

#[test]
fn truncated_json() {
    let bytes = plan_bytes();
    let err = load_error("truncated", &[("plan.json", &bytes[..bytes.len() / 2])]);
    assert!(
        err.contains("plan.json:") && err.contains("EOF while parsing"),
        "{err}"
    );
}

#[test]
fn empty_file() {
    let err = load_error("empty", &[("plan.json", b"")]);
    assert!(
        err.contains("plan.json:1:1: EOF while parsing a value"),
        "{err}"
    );
}

#[test]
fn wrong_type() {
    let mut plan = base_plan();
    plan["items"][0]["number"] = json!(10);
    let err = load_error(
        "wrong-type",
        &[("plan.json", &serde_json::to_vec_pretty(&plan).unwrap())],
    );
    assert!(
        err.contains("invalid type: integer `10`, expected a string"),
        "{err}"
    );
}

#[test]
fn unknown_field_is_not_ignored() {
    let mut plan = base_plan();
    plan["items"][0]["nubmer"] = json!("x");
    let err = load_error(
        "unknown-field",
        &[("plan.json", &serde_json::to_vec(&plan).unwrap())],
    );
    assert!(err.contains("unknown field `nubmer`"), "{err}");
}

#[test]
fn null_document() {
    let err = load_error("null", &[("plan.json", b"null")]);
    assert!(err.contains("plan.json:1:"), "{err}");
}

#[test]
fn deeply_nested_json() {
    let deep = "[".repeat(100_000);
    let err = load_error("deep", &[("plan.json", deep.as_bytes())]);
    assert!(
        err.contains("recursion limit exceeded") || err.contains("invalid type"),
        "{err}"
    );
}

#[test]
fn invalid_utf8() {
    let err = load_error(
        "latin1",
        &[("plan.json", b"{\"title\": \"\xcf\xeb\xe0\xed\"}")],
    );
    assert!(err.contains("plan.json: not valid UTF-8 (byte 12"), "{err}");
}

#[test]
fn byte_order_mark_is_accepted() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(plan_bytes());
    Bundle::load(bundle("bom", &[("plan.json", &bytes)])).unwrap();
}

#[test]
fn crlf_line_ends_are_accepted() {
    let text = String::from_utf8(plan_bytes())
        .unwrap()
        .replace('\n', "\r\n");
    Bundle::load(bundle("crlf", &[("plan.json", text.as_bytes())])).unwrap();
}

#[test]
fn unknown_operation() {
    let o = order("587", "2014-08-29", json!([{"op": "rewrite_everything"}]));
    let err = load_error(
        "unknown-op",
        &[
            ("plan.json", &plan_bytes()),
            ("amendments/587.json", &serde_json::to_vec(&o).unwrap()),
        ],
    );
    assert!(
        err.contains("587.json:") && err.contains("unknown variant `rewrite_everything`"),
        "{err}"
    );
}

#[test]
fn unknown_act_kind() {
    let mut o = order("587", "2014-08-29", json!([]));
    o["act"]["kind"] = json!("письмо");
    let err = load_error(
        "kind",
        &[
            ("plan.json", &plan_bytes()),
            ("amendments/587.json", &serde_json::to_vec(&o).unwrap()),
        ],
    );
    assert!(err.contains("unknown variant `письмо`"), "{err}");
}

#[test]
fn impossible_date_in_an_order() {
    let o = order("587", "2014-02-30", json!([]));
    let err = load_error(
        "date",
        &[
            ("plan.json", &plan_bytes()),
            ("amendments/587.json", &serde_json::to_vec(&o).unwrap()),
        ],
    );
    assert!(
        err.contains("587.json:") && err.contains("input is out of range"),
        "{err}"
    );
}

#[test]
fn targets_that_are_neither_a_list_nor_all() {
    let bad = json!({"op": "replace_words", "items": "some", "from": "a", "to": "b"});
    let e = serde_json::from_value::<planver::Operation>(bad).unwrap_err();
    assert!(
        e.to_string()
            .contains("an array of item numbers, the string \"all\", or {\"footnote\": mark}"),
        "{e}"
    );
    let empty = json!({"op": "replace_words", "items": [], "from": "a", "to": "b"});
    assert!(serde_json::from_value::<planver::Operation>(empty).is_err());
    let typo = json!({"op": "replace_words", "items": {"footnot": "1"}, "from": "a", "to": "b"});
    let e = serde_json::from_value::<planver::Operation>(typo).unwrap_err();
    assert!(e.to_string().contains("unknown field `footnot`"), "{e}");
}

// ---- bundle layout ----

#[test]
fn missing_folder() {
    let err = Bundle::load("/nonexistent/planver/bundle").unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err}");
    assert!(
        err.to_string().starts_with("/nonexistent/planver/bundle: "),
        "{err}"
    );
}

#[test]
fn bundle_is_a_file() {
    let dir = bundle("is-file", &[("plan.json", &plan_bytes())]);
    let err = Bundle::load(dir.join("plan.json")).unwrap_err();
    assert!(err.to_string().contains("not a folder"), "{err}");
}

#[test]
fn missing_plan_json() {
    let err = load_error("no-plan", &[("amendments/587.json", b"{}")]);
    assert!(err.contains("no plan.json in the bundle"), "{err}");
}

#[test]
fn stray_file_in_amendments() {
    let err = load_error(
        "stray",
        &[
            ("plan.json", &plan_bytes()),
            ("amendments/notes.docx", b"x"),
        ],
    );
    assert!(err.contains("notes.docx: not an order"), "{err}");
}

#[test]
fn invalid_expectations() {
    let err = load_error(
        "bad-expect",
        &[
            ("plan.json", &plan_bytes()),
            ("expectations.json", b"[{\"date\": \"x\"}]"),
        ],
    );
    assert!(err.contains("expectations.json:1:"), "{err}");
}

#[test]
fn expectation_with_an_unknown_column_fails_the_check() {
    let dir = bundle(
        "expect-column",
        &[
            ("plan.json", &plan_bytes()),
            (
                "expectations.json",
                r#"[{"date": "2014-01-01", "item": "10", "column": "Графа", "contains": "x"}]"#
                    .as_bytes(),
            ),
        ],
    );
    let report = Bundle::load(dir).unwrap().check().unwrap();
    assert_eq!(report.failures.len(), 1);
    assert!(
        report.failures[0].message.contains("no column «Графа»"),
        "{report}"
    );
}

// ---- the plan model ----

#[test]
fn duplicate_item_numbers() {
    let mut plan = base_plan();
    plan["items"][1]["number"] = json!("10");
    assert_eq!(
        plan_problem(plan),
        PlanProblem::DuplicateItemNumber("10".into())
    );
}

#[test]
fn duplicate_item_ids() {
    let mut plan = base_plan();
    plan["items"][1]["id"] = json!("10");
    assert_eq!(
        plan_problem(plan),
        PlanProblem::DuplicateItemId("10".into())
    );
}

#[test]
fn unknown_column_in_a_cell() {
    let mut plan = base_plan();
    plan["items"][0]["rows"][0]["deadline"] = json!("2014");
    assert_eq!(
        plan_problem(plan),
        PlanProblem::UnknownColumn {
            item: "10".into(),
            column: "deadline".into()
        }
    );
}

#[test]
fn duplicate_column_ids() {
    let mut plan = base_plan();
    plan["columns"][1]["id"] = json!("measure");
    assert_eq!(
        plan_problem(plan),
        PlanProblem::DuplicateColumn("measure".into())
    );
}

#[test]
fn unknown_section() {
    let mut plan = base_plan();
    plan["items"][0]["section"] = json!("IX");
    assert!(matches!(
        plan_problem(plan),
        PlanProblem::UnknownSection { .. }
    ));
}

#[test]
fn item_without_rows() {
    let mut plan = base_plan();
    plan["items"][0]["rows"] = json!([]);
    assert_eq!(plan_problem(plan), PlanProblem::NoRows("10".into()));
}

#[test]
fn empty_item_number() {
    let mut plan = base_plan();
    plan["items"][0]["number"] = json!(" ");
    assert_eq!(
        plan_problem(plan),
        PlanProblem::EmptyItemNumber { index: 1 }
    );
}

#[test]
fn plan_without_columns() {
    let mut plan = base_plan();
    plan["columns"] = json!([]);
    assert_eq!(plan_problem(plan), PlanProblem::NoColumns);
}

#[test]
fn duplicate_footnotes() {
    let mut plan = base_plan();
    plan["footnotes"] = json!([{"number": "1", "text": "a"}, {"number": "1", "text": "b"}]);
    assert_eq!(
        plan_problem(plan),
        PlanProblem::DuplicateFootnote("1".into())
    );
}

#[test]
fn invalid_plan_in_a_bundle_names_the_file() {
    let mut plan = base_plan();
    plan["items"][1]["number"] = json!("10");
    let err = load_error(
        "dup-bundle",
        &[("plan.json", &serde_json::to_vec(&plan).unwrap())],
    );
    assert!(
        err.ends_with("plan.json: invalid plan: item number \"10\" is used twice"),
        "{err}"
    );
}

// ---- orders in time ----

#[test]
fn order_dated_before_the_plan() {
    let err = build(base_plan(), vec![order("1", "2012-01-01", json!([]))]).unwrap_err();
    assert!(
        err.to_string()
            .contains("signed on 01.01.2012, before the plan was approved on 02.08.2013"),
        "{err}"
    );
}

#[test]
fn order_taking_effect_before_the_plan() {
    let mut o = order("1", "2014-01-01", json!([]));
    o["effective"] = json!("2013-01-01");
    let err = build(base_plan(), vec![o]).unwrap_err();
    assert!(
        err.to_string()
            .contains("takes effect on 01.01.2013, before the plan took effect"),
        "{err}"
    );
}

#[test]
fn two_orders_on_the_same_day_apply_in_the_order_given() {
    let a = order(
        "10",
        "2014-08-29",
        json!([{"op": "replace_words", "items": ["10"], "from": "И.В. Никитина", "to": "Ф.И. Воронин"}]),
    );
    let b = order(
        "11",
        "2014-08-29",
        json!([{"op": "replace_words", "items": ["10"], "from": "Ф.И. Воронин", "to": "А.Г. Китин"}]),
    );
    let h = build(base_plan(), vec![a.clone(), b.clone()]).unwrap();
    assert_eq!(h.revisions().len(), 2, "one revision per effective date");
    let v = h.item_at("10", "2014-08-29".parse().unwrap()).unwrap();
    assert!(v.version().text().contains("А.Г. Китин"));
    // The other way round, the second order's words are not there yet.
    let e = apply_error(base_plan(), vec![b, a]);
    assert_eq!(e.kind, ApplyErrorKind::WordsNotFound);
}

#[test]
fn repealed_then_amended() {
    let e = apply_error(
        base_plan(),
        vec![
            order(
                "1",
                "2014-01-01",
                json!([{"op": "repeal_item", "item": "10"}]),
            ),
            order(
                "2",
                "2014-02-01",
                json!([{"op": "replace_words", "items": ["10"], "from": "Размещение", "to": "x"}]),
            ),
        ],
    );
    assert!(matches!(e.kind, ApplyErrorKind::ItemRepealed { .. }), "{e}");
    assert!(
        e.to_string()
            .contains("the item was repealed by приказ Минтруда России от 01.01.2014 № 1"),
        "{e}"
    );
}

#[test]
fn excluded_then_amended() {
    let e = apply_error(
        base_plan(),
        vec![
            order(
                "1",
                "2014-01-01",
                json!([{"op": "exclude_item", "item": "10"}]),
            ),
            order(
                "2",
                "2014-02-01",
                json!([{"op": "restate_item", "item": "10", "rows": [{"measure": "x"}]}]),
            ),
        ],
    );
    assert!(matches!(e.kind, ApplyErrorKind::ItemExcluded { .. }), "{e}");
}

#[test]
fn empty_order_makes_an_unchanged_revision() {
    let h = build(base_plan(), vec![order("1", "2014-01-01", json!([]))]).unwrap();
    assert_eq!(h.revisions().len(), 2);
    assert!(h.items_changed(0, 1).is_empty());
    assert_eq!(h.revision(0).to_plan().items, h.revision(1).to_plan().items);
}

#[test]
fn order_naming_another_plan_is_reported() {
    let mut o = order("587", "2014-08-29", json!([]));
    o["amends"] = json!("план, утвержденный приказом Минтруда России от 2 августа 2013 г. № 999");
    let dir = bundle(
        "other-plan",
        &[
            ("plan.json", &plan_bytes()),
            ("amendments/587.json", &serde_json::to_vec(&o).unwrap()),
        ],
    );
    let report = Bundle::load(dir).unwrap().check().unwrap();
    assert!(!report.is_clean());
    let text = report.to_string();
    assert!(
        text.contains("says it amends") && text.contains("№ 999") && text.contains("№ 342"),
        "{text}"
    );
}

// ---- operations ----

#[test]
fn unknown_column_in_an_operation() {
    let e = apply_error(
        base_plan(),
        vec![order(
            "1",
            "2014-01-01",
            json!([{"op": "replace_words", "items": ["10"], "column": "Срок", "from": "a", "to": "b"}]),
        )],
    );
    assert_eq!(e.kind, ApplyErrorKind::NoSuchColumn);
    assert_eq!(e.column.as_deref(), Some("Срок"));
}

#[test]
fn words_in_one_item_but_not_the_other() {
    let e = apply_error(
        base_plan(),
        vec![order(
            "1",
            "2014-01-01",
            json!([{"op": "replace_words", "items": ["10", "11"], "from": "Размещение", "to": "x"}]),
        )],
    );
    assert_eq!(e.kind, ApplyErrorKind::WordsNotFound);
    assert_eq!(e.item.as_deref(), Some("11"));
}

#[test]
fn more_matches_than_the_wording_allows() {
    let mut plan = base_plan();
    plan["items"][0]["rows"][0]["responsible"] = json!("И.В. Никитина, И.В. Никитина");
    let e = apply_error(
        plan,
        vec![order(
            "1",
            "2014-01-01",
            json!([{"op": "replace_words", "items": ["10"], "from": "И.В. Никитина", "to": "x", "occurrence": "single"}]),
        )],
    );
    assert_eq!(
        e.kind,
        ApplyErrorKind::TooManyMatches {
            found: 2,
            allowed: 1
        }
    );
}

#[test]
fn empty_words() {
    let e = apply_error(
        base_plan(),
        vec![order(
            "1",
            "2014-01-01",
            json!([{"op": "delete_words", "items": ["10"], "words": " \u{a0} "}]),
        )],
    );
    assert!(matches!(e.kind, ApplyErrorKind::Invalid(_)), "{e}");
}

#[test]
fn zeroth_occurrence() {
    let e = apply_error(
        base_plan(),
        vec![order(
            "1",
            "2014-01-01",
            json!([{"op": "delete_words", "items": ["10"], "words": "Размещение", "occurrence": {"nth": 0}}]),
        )],
    );
    assert_eq!(
        e.kind,
        ApplyErrorKind::NotEnoughMatches {
            wanted: 0,
            found: 1
        }
    );
}

// ---- text as exported ----

#[test]
fn nbsp_tabs_crlf_and_line_breaks_inside_cells_match() {
    let mut plan = base_plan();
    plan["items"][0]["rows"][0]["responsible"] = json!("Д.В.\tБаснак,\r\nИ.В.\u{a0}Никитина");
    let h = build(plan, vec![order("1", "2014-01-01", json!([{"op": "replace_words", "items": ["10"], "from": "Баснак, И.В. Никитина", "to": "Баснак, Ф.И. Воронин"}]))]).unwrap();
    let v = h.item_at("10", "2014-01-01".parse().unwrap()).unwrap();
    // Only the matched span changed: the tab before it is kept.
    assert_eq!(v.version().column_text(1), "Д.В.\tБаснак, Ф.И. Воронин");
}

#[test]
fn deeply_nested_quotes_in_words() {
    let nested = format!("{}текст{}", "«".repeat(200), "»".repeat(200));
    let mut plan = base_plan();
    plan["items"][0]["rows"][0]["measure"] = json!(format!("Приказ {nested} размещен"));
    let h = build(plan, vec![order("1", "2014-01-01", json!([{"op": "delete_words", "items": ["10"], "words": nested.replace(['«', '»'], "\"")}]))]).unwrap();
    let v = h.item_at("10", "2014-01-01".parse().unwrap()).unwrap();
    assert_eq!(v.version().column_text(0), "Приказ размещен");
}

#[test]
fn one_megabyte_cell() {
    let big = "Размещение информации на официальном сайте. ".repeat(24_000);
    assert!(big.len() > 1_000_000);
    let mut plan = base_plan();
    plan["items"][0]["rows"][0]["measure"] = json!(big);
    let h = build(
        plan,
        vec![order(
            "1",
            "2014-01-01",
            json!([{"op": "replace_words", "items": ["10"], "from": "сайте", "to": "Сайте"}]),
        )],
    )
    .unwrap();
    let v = h.item_at("10", "2014-01-01".parse().unwrap()).unwrap();
    let text = v.version().column_text(0);
    assert_eq!(text.matches("Сайте").count(), 24_000);
    assert!(!text.contains("сайте"));
}

#[test]
fn one_hundred_thousand_items() {
    let mut plan = base_plan();
    plan["items"] = Value::Array(
        (1..=100_000)
            .map(|n| json!({"number": n.to_string(), "rows": [{"measure": format!("Мероприятие {n}")}]}))
            .collect(),
    );
    let h = build(
        plan,
        vec![order(
            "1",
            "2014-01-01",
            json!([{"op": "repeal_item", "item": "99999"}]),
        )],
    )
    .unwrap();
    assert_eq!(
        h.revision_at("2014-01-01".parse().unwrap())
            .unwrap()
            .items()
            .len(),
        100_000
    );
    let v = h.item_at("99999", "2014-01-01".parse().unwrap()).unwrap();
    assert!(!v.version().in_force());
    assert_eq!(h.stored_versions(), 100_001);
}

// ---- queries ----

#[test]
fn date_before_the_plan() {
    let h = build(base_plan(), vec![]).unwrap();
    assert!(matches!(
        h.item_at("10", "2013-08-01".parse().unwrap()),
        Err(Error::BeforePlan { .. })
    ));
}

#[test]
fn unknown_item_number() {
    let h = build(base_plan(), vec![]).unwrap();
    let e = h.item_at("12", "2014-01-01".parse().unwrap()).unwrap_err();
    assert_eq!(e.to_string(), "no item \"12\" on 01.01.2014");
    assert!(h.item_log("12").is_err());
}

#[test]
fn unknown_act_number() {
    let h = build(base_plan(), vec![]).unwrap();
    assert!(matches!(h.find_act("587"), Err(Error::NoSuchAct(_))));
}

// ---- orders and plans as text ----

const ORDER_TEXT: &str = "к приказу Минтруда России\nот «29» августа 2014 г. № 587\n\n1. В пунктах 10, 11 в графе «Ответственный исполнитель» слово «И.В. Никитина» заменить словом «Ф.И. Воронин».\n";

fn text_bundle(name: &str, order: &[u8]) -> PathBuf {
    bundle(
        name,
        &[("plan.json", &plan_bytes()), ("amendments/587.txt", order)],
    )
}

fn responsible_on(dir: PathBuf, date: &str) -> String {
    let h = Bundle::load(dir).unwrap().history().unwrap();
    let v = h.item_at("11", date.parse().unwrap()).unwrap();
    v.version().column_text(1)
}

#[test]
fn text_order_with_crlf_bom_and_nbsp_reads_as_plain() {
    let plain = responsible_on(
        text_bundle("txt-plain", ORDER_TEXT.as_bytes()),
        "2014-08-29",
    );
    assert_eq!(plain, "Ф.И. Воронин, Д.В. Баснак");
    let mut odd = "\u{feff}".to_string();
    odd.push_str(
        &ORDER_TEXT
            .replace('\n', "\r\n")
            .replace("10, 11", "10,\u{a0}11"),
    );
    assert_eq!(
        responsible_on(text_bundle("txt-odd", odd.as_bytes()), "2014-08-29"),
        plain
    );
}

#[test]
fn text_order_that_is_not_utf8() {
    let err = load_error(
        "txt-latin1",
        &[
            ("plan.json", &plan_bytes()),
            ("amendments/587.txt", b"\xea \xef\xf0\xe8\xea\xe0\xe7\xf3"),
        ],
    );
    assert!(err.contains("587.txt: not valid UTF-8"), "{err}");
}

#[test]
fn empty_text_order_is_an_error_with_its_place() {
    let err = load_error(
        "txt-empty",
        &[("plan.json", &plan_bytes()), ("amendments/587.txt", b"")],
    );
    assert!(err.contains("587.txt:1:"), "{err}");
}

#[test]
fn text_order_with_deeply_nested_quotes() {
    let nested = format!("{}x{}", "«".repeat(5_000), "»".repeat(5_000));
    let text = format!("{ORDER_TEXT}2. В пункте 10 слова {nested} исключить.\n");
    let import = planver::import::read_order(&text, &planver::import::OrderReadOptions::new());
    // Read or refused with a place, never a panic or a stack overflow.
    assert!(!import.order.operations.is_empty());
}

#[test]
fn text_order_with_unknown_words_is_refused_not_guessed() {
    let text = format!("{ORDER_TEXT}2. Пункт 10 переосмыслить творчески.\n");
    let err = load_error(
        "txt-unknown",
        &[
            ("plan.json", &plan_bytes()),
            ("amendments/587.txt", text.as_bytes()),
        ],
    );
    assert!(err.contains("587.txt:5:"), "{err}");
}

#[test]
fn plan_text_with_crlf_reads_as_with_lf() {
    let seed = std::fs::read_to_string("fixtures/seeds/000_73cc27860602cb3c.txt").unwrap();
    let lf = planver::import::read_plan(&seed).unwrap();
    let crlf = planver::import::read_plan(&seed.replace('\n', "\r\n")).unwrap();
    assert_eq!(lf.plan, crlf.plan);
}
