//! Order No. 587 of Mintrud read from its text (the seed) against the
//! hand-written bundle `fixtures/mintrud-2013-342`, and bundles that hold
//! orders as `.txt` files with `.meta.json` side files.

use chrono::NaiveDate;
use planver::import::{OrderReadOptions, Severity, read_order, read_order_file};
use planver::{Bundle, History};
use std::path::{Path, PathBuf};

const BUNDLE: &str = "fixtures/mintrud-2013-342";
const SEED: &str = "fixtures/seeds/004_c4094d245a957aa1.txt";

fn date(s: &str) -> NaiveDate {
    s.parse().expect("a YYYY-MM-DD date")
}

fn seed() -> String {
    std::fs::read_to_string(SEED).expect("the seed is readable")
}

fn bundle() -> Bundle {
    Bundle::load(BUNDLE).expect("the bundle loads")
}

#[test]
fn with_the_plan_the_seed_reads_as_the_hand_written_order() {
    let bundle = bundle();
    let import = read_order(&seed(), &OrderReadOptions::new().plan(&bundle.plan));
    assert!(import.diagnostics.is_empty(), "{:#?}", import.diagnostics);
    assert_eq!(import.order, bundle.orders[0].0);
}

#[test]
fn without_a_plan_the_seed_gives_the_same_revision() {
    let bundle = bundle();
    let import = read_order(&seed(), &OrderReadOptions::new());
    assert!(!import.has_errors(), "{:#?}", import.diagnostics);
    let imported = History::build(bundle.plan.clone(), vec![import.order]).expect("applies");
    let written = bundle.history().expect("applies");
    for day in ["2014-08-28", "2014-08-29", "2015-01-01"] {
        let a = imported.revision_at(date(day)).expect("in force").to_plan();
        let b = written.revision_at(date(day)).expect("in force").to_plan();
        assert_eq!(a, b, "{day}");
    }
}

#[test]
fn the_seed_says_what_it_assumed() {
    let import = read_order(&seed(), &OrderReadOptions::new());
    let notes: Vec<String> = import.assumptions.iter().map(|a| a.to_string()).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("no clause on taking effect")),
        "{notes:#?}"
    );
    // Without a plan the rows are split by counting cells: said, not hidden.
    assert!(
        notes.iter().any(|n| n.contains("5 cells each")),
        "{notes:#?}"
    );
    assert!(
        import
            .assumptions
            .iter()
            .all(|a| a.severity == Severity::Note)
    );
}

/// A bundle in a fresh temporary folder: the Mintrud plan and the given
/// files under amendments/.
fn temp_bundle(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("planver-order-seed-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("amendments")).expect("temp folder");
    std::fs::copy(Path::new(BUNDLE).join("plan.json"), dir.join("plan.json")).expect("plan copied");
    for (file, text) in files {
        std::fs::write(dir.join("amendments").join(file), text).expect("file written");
    }
    dir
}

#[test]
fn a_bundle_reads_txt_orders_as_if_imported() {
    let dir = temp_bundle("txt", &[("587.txt", &seed())]);
    let loaded = Bundle::load(&dir).expect("loads");
    assert_eq!(loaded.orders[0].0, bundle().orders[0].0);
    // Assumptions stay available on the bundle.
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|(p, d)| p.ends_with("587.txt") && d.severity == Severity::Note)
    );
    let report = loaded.check().expect("checks");
    assert!(report.is_clean(), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_meta_file_gives_facts_the_text_lacks() {
    let text = seed().replace(
        "4. Дополнить сносками",
        "5. Настоящий приказ вступает в силу через 10 дней после дня его официального опубликования.\n4. Дополнить сносками",
    );
    let without = temp_bundle("nometa", &[("587.txt", &text)]);
    let b = Bundle::load(&without).expect("loads");
    assert_eq!(b.orders[0].0.effective_date(), date("2014-08-29"));
    assert!(
        b.diagnostics
            .iter()
            .any(|(_, d)| d.message.contains("date of official publication"))
    );

    let with = temp_bundle(
        "meta",
        &[
            ("587.txt", &text),
            ("587.meta.json", r#"{"published": "2014-09-05"}"#),
        ],
    );
    let b = Bundle::load(&with).expect("loads");
    assert_eq!(b.orders[0].0.effective_date(), date("2014-09-15"));
    let import = read_order_file(with.join("amendments/587.txt"), None).expect("reads");
    assert_eq!(import.order.effective, Some(date("2014-09-15")));
    let _ = std::fs::remove_dir_all(&without);
    let _ = std::fs::remove_dir_all(&with);
}

#[test]
fn errors_in_a_txt_order_fail_the_load_with_file_line_and_column() {
    let text = seed().replace("заменить словом", "переписать словом");
    let dir = temp_bundle("bad", &[("587.txt", &text)]);
    let err = Bundle::load(&dir).expect_err("fails").to_string();
    assert!(err.contains("587.txt:7:"), "{err}");
    assert!(err.contains("переписать"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn editions_named_are_checked_against_the_bundle() {
    let order = |number: &str, day: &str, edition: &str| {
        format!(
            "к приказу Минтруда России от {day} № {number}\n\n\
             Внести в план работы, утвержденный приказом Министерства труда и социальной защиты Российской Федерации от 2 августа 2013 г. № 342{edition}, следующие изменения:\n\
             1. В пункте 10 слово «Ф.И. Воронин» заменить словом «А.Б. Петров».\n"
        )
    };
    let later = order(
        "700",
        "01.12.2014",
        " (в редакции приказа от 29.08.2014 № 587)",
    );
    let missing = order(
        "701",
        "02.12.2014",
        " (в редакции приказа от 01.01.2014 № 1)",
    );
    let early = order(
        "500",
        "01.08.2014",
        " (в редакции приказа от 29.08.2014 № 587)",
    );
    let dir = temp_bundle(
        "editions",
        &[
            ("587.txt", &seed()),
            ("700.txt", &later),
            ("701.txt", &missing),
            ("500.txt", &early),
        ],
    );
    let b = Bundle::load(&dir).expect("loads");
    let warnings: Vec<String> = b
        .diagnostics
        .iter()
        .filter(|(_, d)| d.severity == Severity::Warning)
        .map(|(p, d)| {
            format!(
                "{}: {}",
                p.file_name().and_then(|n| n.to_str()).unwrap_or(""),
                d.message
            )
        })
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("701.txt") && w.contains("neither the plan's act nor an order")),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("500.txt") && w.contains("comes at or after")),
        "{warnings:#?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
