//! The `planver` command line: given a bundle, running a command, produces
//! this output and exit code. Bad input gives a short error naming the file,
//! the place and the cause, and a non-zero exit — never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn planver(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planver"))
        .args(args)
        .output()
        .expect("the planver binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch bundle folder with the given files.
fn bundle(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("planver-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const PLAN: &str = r#"{
  "title": "План",
  "act": {"kind": "распоряжение", "issuer": "Департамента", "number": "149", "date": "2017-04-03"},
  "columns": [{"id": "measure", "title": "Мероприятие"}, {"id": "deadline", "title": "Срок"}],
  "items": [
    {"number": "48", "rows": [{"measure": "Включение показателей", "deadline": "1 кв. 2018"}]},
    {"number": "49", "rows": [{"measure": "Создание общественной приемной", "deadline": "2018"}]}
  ]
}"#;

const REPEAL: &str = r#"{
  "act": {"kind": "распоряжение", "issuer": "Департамента", "number": "45", "date": "2018-02-15"},
  "effective": "2018-03-01",
  "operations": [{"op": "repeal_item", "point": "1", "item": "49"}]
}"#;

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn at_shows_an_item_with_provenance_and_pending_changes() {
    let dir = bundle(
        "pending",
        &[("plan.json", PLAN), ("amendments/45.json", REPEAL)],
    );
    let o = planver(&["at", path(&dir), "--item", "49", "--date", "2018-02-20"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Создание общественной приемной"), "{out}");
    assert!(out.contains("Не вступили в силу на 20.02.2018"), "{out}");
    assert!(
        out.contains("распоряжение Департамента от 15.02.2018 № 45 — вступает в силу с 01.03.2018"),
        "{out}"
    );

    let o = planver(&["at", path(&dir), "--item", "49", "--date", "01.03.2018"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(
        "Пункт 49 утратил силу с 01.03.2018 — распоряжение Департамента от 15.02.2018 № 45"
    ));
}

#[test]
fn at_json_is_for_tools() {
    let dir = bundle(
        "json",
        &[("plan.json", PLAN), ("amendments/45.json", REPEAL)],
    );
    let o = planver(&[
        "at",
        path(&dir),
        "--item",
        "49",
        "--date",
        "2018-03-01",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["item"]["status"], "repealed");
    assert_eq!(v["revision_from"], "2018-03-01");
    let o = planver(&["at", path(&dir), "--date", "2018-03-01", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 2);
}

#[test]
fn log_lists_revisions_and_item_history() {
    let dir = bundle(
        "log",
        &[("plan.json", PLAN), ("amendments/45.json", REPEAL)],
    );
    let o = planver(&["log", path(&dir)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("с 03.04.2017 по 28.02.2018"), "{out}");
    assert!(
        out.contains("подписан 15.02.2018, вступил в силу 01.03.2018"),
        "{out}"
    );
    let o = planver(&["log", path(&dir), "--item", "49"]);
    let out = stdout(&o);
    assert!(
        out.contains("п. 1, операция 1: признать утратившим силу"),
        "{out}"
    );
}

#[test]
fn check_fails_loudly_on_refusals_and_expectations() {
    let bad_order = REPEAL.replace("\"49\"", "\"50\"");
    let expectations = r#"[{"date": "2018-03-01", "item": "49", "status": "repealed", "note": "п. 49 утратил силу"}]"#;
    let dir = bundle(
        "check",
        &[
            ("plan.json", PLAN),
            ("amendments/45.json", &bad_order),
            ("expectations.json", expectations),
        ],
    );
    let o = planver(&["check", path(&dir)]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("45.json: распоряжение Департамента от 15.02.2018 № 45, operation 1 (point 1, признать утратившим силу): item \"50\": no such item"), "{out}");
    assert!(
        out.contains("expectation 1 failed — п. 49 утратил силу"),
        "{out}"
    );

    let dir = bundle(
        "check-ok",
        &[
            ("plan.json", PLAN),
            ("amendments/45.json", REPEAL),
            ("expectations.json", expectations),
        ],
    );
    let o = planver(&["check", path(&dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn bad_input_names_the_file_the_place_and_the_cause() {
    // A missing folder.
    let o = planver(&["at", "/nonexistent/bundle"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("planver: error: /nonexistent/bundle: "),
        "{}",
        stderr(&o)
    );

    // Invalid JSON: file, line and column (in characters).
    let dir = bundle(
        "badjson",
        &[("plan.json", "{\n  \"title\": \"План\",\n  \"act\": тут\n}")],
    );
    let o = planver(&["at", path(&dir)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("plan.json:3:10: expected value"), "{err}");

    // Wrong shape: an unknown field.
    let dir = bundle(
        "unknown-field",
        &[("plan.json", &PLAN.replace("\"columns\"", "\"colums\""))],
    );
    let err = stderr(&planver(&["at", path(&dir)]));
    assert!(err.contains("unknown field `colums`"), "{err}");

    // An unknown item.
    let dir = bundle("unknown-item", &[("plan.json", PLAN)]);
    let o = planver(&["at", path(&dir), "--item", "99", "--date", "2018-01-01"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no item \"99\" on 01.01.2018"),
        "{}",
        stderr(&o)
    );

    // An impossible date.
    let o = planver(&["at", path(&dir), "--date", "2018-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("invalid date \"2018-02-30\""),
        "{}",
        stderr(&o)
    );

    // A date before the plan.
    let o = planver(&["at", path(&dir), "--date", "2016-01-01"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the plan is not in force on 01.01.2016"),
        "{}",
        stderr(&o)
    );

    // A stray file in amendments/ is not silently skipped.
    let dir = bundle(
        "stray",
        &[("plan.json", PLAN), ("amendments/notes.docx", "x")],
    );
    let o = planver(&["check", path(&dir)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("notes.docx: not an order"),
        "{}",
        stderr(&o)
    );

    // Not UTF-8.
    let dir = bundle("latin1", &[("plan.json", "{\"title\": \"\u{fffd}\"}")]);
    std::fs::write(dir.join("plan.json"), b"{\"title\": \"\xcf\xeb\xe0\xed\"}").unwrap();
    let o = planver(&["check", path(&dir)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not valid UTF-8"), "{}", stderr(&o));
}

#[test]
fn schema_is_published() {
    let o = planver(&["schema", "order"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["title"], "Order");
}
