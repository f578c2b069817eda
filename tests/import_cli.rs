//! `planver import order|plan`: given a text, running the command produces
//! this JSON, these diagnostics with the source line and a caret, and this
//! exit code.

use std::path::PathBuf;
use std::process::{Command, Output};

fn planver(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planver"))
        .args(args)
        .output()
        .expect("planver runs")
}

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("planver-import-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("written");
    path
}

#[test]
fn the_seed_order_reads_to_the_bundles_json() {
    let out = planver(&[
        "import",
        "order",
        "fixtures/seeds/004_c4094d245a957aa1.txt",
        "--plan",
        "fixtures/mintrud-2013-342",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: planver::Order = serde_json::from_slice(&out.stdout).expect("order JSON");
    let bundle = planver::Bundle::load("fixtures/mintrud-2013-342").expect("loads");
    assert_eq!(read, bundle.orders[0].0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("12 operations, takes effect 29.08.2014 (assumed"),
        "{stderr}"
    );
}

#[test]
fn errors_show_the_line_with_a_caret_and_exit_1() {
    let file = temp(
        "bad.txt",
        "к приказу Минтруда России от 01.12.2014 № 700\n\n1. В пункте 10 в графе «Срок исполнения» слова «А» заменить словами «Б».\n",
    );
    let json = file.with_extension("json");
    let out = planver(&[
        "import",
        "order",
        file.to_str().expect("utf-8 path"),
        "--plan",
        "fixtures/mintrud-2013-342",
        "-o",
        json.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!json.exists(), "nothing is written when there are errors");
    let stderr =
        String::from_utf8_lossy(&out.stderr).replace(file.to_str().unwrap_or(""), "bad.txt");
    insta::assert_snapshot!(stderr);
}

#[test]
fn output_file_and_meta_file() {
    let file = temp(
        "701.txt",
        "к приказу Минтруда России от 01.12.2014 № 701\n\n1. Пункт 12 признать утратившим силу.\n2. Настоящий приказ вступает в силу со дня его официального опубликования.\n",
    );
    temp("701.meta.json", r#"{"published": "2014-12-05"}"#);
    let json = file.with_extension("json");
    let out = planver(&[
        "import",
        "order",
        file.to_str().expect("utf-8 path"),
        "-o",
        json.to_str().expect("utf-8 path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let order: planver::Order =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("written"))
            .expect("order JSON");
    assert_eq!(order.effective_date().to_string(), "2014-12-05");
    assert_eq!(order.operations.len(), 1);
}

#[test]
fn the_tomsk_plan_imports() {
    let out = planver(&["import", "plan", "fixtures/seeds/000_73cc27860602cb3c.txt"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: planver::Plan = serde_json::from_slice(&out.stdout).expect("plan JSON");
    assert_eq!(plan.items.len(), 91);
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let out = planver(&["import", "order", "no/such/file.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));
}
