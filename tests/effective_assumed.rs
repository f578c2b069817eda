//! An effective date the text does not settle («со дня официального
//! опубликования» with no publication date given) is assumed to be the date
//! signed, and the assumption is shown wherever the date is: in the library's
//! acts, in `at`, `log` and `diff` (text, JSON and HTML), and through the
//! on-disk index unchanged.

use chrono::NaiveDate;
use planver::{Bundle, EffectiveAssumption, History};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

const ORDER_701: &str = "к приказу Минтруда России от 01.12.2014 № 701\n\n\
    1. В пункте 10 в графе «Ответственный исполнитель» слова «Ф.И. Воронин» заменить словами «А.Б. Петров».\n\
    2. Настоящий приказ вступает в силу через 10 дней после дня его официального опубликования.\n";

/// The Mintrud fixture plus order 701 as text, and its meta file if given.
fn bundle(meta: Option<&str>) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "planver-assumed-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let bundle = dir.join("bundle");
    std::fs::create_dir_all(bundle.join("amendments")).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/mintrud-2013-342");
    std::fs::copy(fixture.join("plan.json"), bundle.join("plan.json")).unwrap();
    std::fs::copy(
        fixture.join("amendments/587.json"),
        bundle.join("amendments/587.json"),
    )
    .unwrap();
    std::fs::write(bundle.join("amendments/701.txt"), ORDER_701).unwrap();
    if let Some(meta) = meta {
        std::fs::write(bundle.join("amendments/701.meta.json"), meta).unwrap();
    }
    // The index is only written once its inputs have settled: age them.
    let settled = SystemTime::now() - Duration::from_secs(3600);
    for name in ["plan.json", "amendments/587.json", "amendments/701.txt"] {
        std::fs::File::options()
            .write(true)
            .open(bundle.join(name))
            .unwrap()
            .set_modified(settled)
            .unwrap();
    }
    bundle
}

fn history(bundle: &Path) -> History {
    Bundle::load(bundle).unwrap().history().unwrap()
}

fn planver(args: &[&str], cache: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_planver"))
        .args(args)
        .env("PLANVER_CACHE_DIR", cache)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "planver {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_history_knows_the_date_is_assumed() {
    let h = history(&bundle(None));
    let e = &h.acts()[2];
    assert_eq!(e.act.number, "701");
    assert_eq!(e.effective, NaiveDate::from_ymd_opt(2014, 12, 1).unwrap());
    assert_eq!(
        e.effective_assumed,
        Some(EffectiveAssumption::PublicationUnknown { days_after: 10 })
    );
    // The plan's own act is not flagged; order 587 (the seed is its annex
    // alone) has no clause on taking effect, which is flagged as such.
    assert_eq!(h.acts()[0].effective_assumed, None);
    assert_eq!(
        h.acts()[1].effective_assumed,
        Some(EffectiveAssumption::NoClause)
    );
}

#[test]
fn a_publication_date_settles_it() {
    let b = bundle(Some(r#"{"published": "2014-12-05"}"#));
    let h = history(&b);
    let e = &h.acts()[2];
    assert_eq!(e.effective, NaiveDate::from_ymd_opt(2014, 12, 15).unwrap());
    assert_eq!(e.effective_assumed, None);
    let cache = b.with_file_name("cache");
    let out = planver(
        &[
            "at",
            b.to_str().unwrap(),
            "--item",
            "10",
            "--date",
            "2015-01-01",
        ],
        &cache,
    );
    assert!(!out.contains("опубликования"), "{out}");
    assert!(out.contains("№ 587: в тексте акта нет положения"), "{out}");
}

#[test]
fn no_clause_at_all_is_an_assumption_too() {
    let b = bundle(None);
    std::fs::write(
        b.join("amendments/701.txt"),
        ORDER_701.lines().take(3).collect::<Vec<_>>().join("\n"),
    )
    .unwrap();
    let h = history(&b);
    assert_eq!(
        h.acts()[2].effective_assumed,
        Some(EffectiveAssumption::NoClause)
    );
}

#[test]
fn every_command_that_shows_the_date_flags_it() {
    let b = bundle(None);
    let cache = b.with_file_name("cache");
    let s = b.to_str().unwrap();
    let warning = "дата вступления в силу (01.12.2014) предположена — приказ Минтруда России от 01.12.2014 № 701: акт вступает в силу через 10 дней после дня официального опубликования, дата которого не указана; принята дата подписания";

    let at_item = planver(&["at", s, "--item", "10", "--date", "2015-01-01"], &cache);
    assert!(
        at_item.contains(&format!("Внимание: {warning}")),
        "{at_item}"
    );
    let at_plan = planver(&["at", s, "--date", "2015-01-01"], &cache);
    assert!(
        at_plan.contains(&format!("Внимание: {warning}")),
        "{at_plan}"
    );
    // Before 701 is signed nothing rests on it.
    let before = planver(&["at", s, "--item", "10", "--date", "2014-09-01"], &cache);
    assert!(!before.contains("№ 701"), "{before}");

    let log_item = planver(&["log", s, "--item", "10"], &cache);
    assert!(
        log_item.contains(&format!("внимание: {warning}")),
        "{log_item}"
    );
    let log = planver(&["log", s], &cache);
    assert!(
        log.contains(
            "внимание: дата вступления в силу предположена — акт вступает в силу через 10 дней"
        ),
        "{log}"
    );

    let diff = planver(
        &["diff", s, "--from", "2014-09-01", "--to", "2015-01-01"],
        &cache,
    );
    assert!(
        diff.contains("внимание: дата вступления в силу предположена"),
        "{diff}"
    );
    let html = planver(
        &[
            "diff",
            s,
            "--from",
            "2014-09-01",
            "--to",
            "2015-01-01",
            "--format",
            "html",
        ],
        &cache,
    );
    assert!(html.contains("class=\"assumed\""), "{html}");

    let expected = serde_json::json!({"reason": "publication_unknown", "days_after": 10});
    for args in [
        vec![
            "at",
            s,
            "--item",
            "10",
            "--date",
            "2015-01-01",
            "--format",
            "json",
        ],
        vec!["at", s, "--date", "2015-01-01", "--format", "json"],
        vec!["log", s, "--format", "json"],
        vec!["log", s, "--item", "10", "--format", "json"],
        vec![
            "diff",
            s,
            "--from",
            "2014-09-01",
            "--to",
            "2015-01-01",
            "--format",
            "json",
        ],
    ] {
        let out = planver(&args, &cache);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(contains(&json, &expected), "{}: {out}", args.join(" "));
    }
}

/// True when `needle` appears as a value anywhere inside `v`.
fn contains(v: &serde_json::Value, needle: &serde_json::Value) -> bool {
    v == needle
        || match v {
            serde_json::Value::Array(a) => a.iter().any(|x| contains(x, needle)),
            serde_json::Value::Object(o) => o.values().any(|x| contains(x, needle)),
            _ => false,
        }
}

#[test]
fn the_index_carries_the_assumption() {
    let b = bundle(None);
    let cache = b.with_file_name("cache");
    let s = b.to_str().unwrap();
    let index = planver(&["index", s], &cache);
    assert!(!index.contains("not written"), "{index}");
    for args in [
        vec!["at", s, "--item", "10", "--date", "2015-01-01"],
        vec!["at", s, "--date", "2015-01-01", "--format", "json"],
        vec!["log", s, "--item", "10"],
        vec!["log", s],
    ] {
        let with = planver(&args, &cache);
        let mut without = vec!["--no-cache"];
        without.extend(&args);
        assert_eq!(with, planver(&without, &cache), "{}", args.join(" "));
        assert!(
            with.contains("предположена") || with.contains("publication_unknown"),
            "{with}"
        );
    }
    assert!(planver(&["index", s], &cache).ends_with("up to date\n"));
}
