//! The Tomsk plan (распоряжение Департамента социальной защиты населения
//! Томской области от 03.04.2017 № 149) read from its raw export must equal
//! the committed fixture, and the reader must never panic.

use planver::Plan;
use planver::import::read_plan;
use proptest::prelude::*;

const SEED: &str = "fixtures/seeds/000_73cc27860602cb3c.txt";
const BUNDLE: &str = "fixtures/tomsk-2017-149";

fn seed() -> String {
    std::fs::read_to_string(SEED).expect("the Tomsk seed is readable")
}

#[test]
fn seed_reads_as_the_committed_fixture() {
    let import = read_plan(&seed()).expect("the seed reads as a plan");
    let fixture: Plan = serde_json::from_str(
        &std::fs::read_to_string(format!("{BUNDLE}/plan.json")).expect("plan.json is readable"),
    )
    .expect("plan.json is a plan");
    // Through JSON, as the fixture was made.
    let read: Plan = serde_json::from_value(serde_json::to_value(&import.plan).unwrap()).unwrap();
    assert_eq!(
        read, fixture,
        "regenerate with `cargo run --example import_plan -- {SEED}`"
    );
    assert_eq!(import.plan, fixture);

    let plan = &import.plan;
    assert_eq!(plan.items.len(), 91);
    assert_eq!(plan.sections.len(), 10);
    assert_eq!(plan.columns.len(), 5);
    let item = |n: &str| plan.items.iter().find(|i| i.number == n).unwrap();
    assert_eq!(item("21").section.as_deref(), Some("III"));
    assert_eq!(item("78").section.as_deref(), Some("X"));
    for n in 62..=67 {
        let row = &item(&n.to_string()).rows[0];
        assert!(row.contains_key("deadline"), "item {n}");
        assert!(!row.contains_key("status"), "item {n}");
    }
}

#[test]
fn seed_diagnostics_are_the_known_repairs() {
    let import = read_plan(&seed()).unwrap();
    let shifted: Vec<usize> = import
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("empty extra cell dropped"))
        .map(|d| d.line)
        .collect();
    assert_eq!(shifted, [114, 115, 116, 118, 119, 120]);
    let html = import
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("HTML"))
        .count();
    assert_eq!(html, 7);
    assert!(
        import
            .diagnostics
            .iter()
            .any(|d| d.line == 132 && d.column == 1 && d.message.contains("Cyrillic"))
    );
    assert_eq!(import.diagnostics.len(), 14, "{:#?}", import.diagnostics);
}

#[test]
fn tomsk_bundle_holds() {
    planver::assert_bundle(BUNDLE);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC*") {
        let _ = read_plan(&text);
    }

    #[test]
    fn never_panics_on_table_like_text(
        text in "(п/п|1\\.|I\\. |Х\\. |\\* - |<ul>|</p>|&nbsp;|[а-яА-Я0-9 .]{0,8}|\t|\n){0,60}"
    ) {
        let _ = read_plan(&text);
    }

    #[test]
    fn never_panics_on_mutated_seed(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, "\\PC{0,3}"), 1..12)
    ) {
        let seed = seed();
        let mut lines: Vec<String> = seed.lines().map(str::to_string).collect();
        for (at, kind, junk) in edits {
            if lines.is_empty() {
                break;
            }
            let i = at.index(lines.len());
            match kind {
                0 => { lines.remove(i); }
                1 => { let l = lines[i].clone(); lines.insert(i, l); }
                2 => { let l = lines.remove(i); let j = at.index(lines.len() + 1); lines.insert(j, l); }
                _ => {
                    let mut chars: Vec<char> = lines[i].chars().collect();
                    let k = at.index(chars.len() + 1);
                    chars.splice(k..k, junk.chars());
                    lines[i] = chars.into_iter().collect();
                }
            }
        }
        let text = lines.join("\n");
        if let Ok(import) = read_plan(&text) {
            prop_assert!(import.plan.validate().is_ok());
            for d in &import.diagnostics {
                prop_assert!(d.line >= 1 && d.line <= lines.len().max(1));
                prop_assert!(d.column >= 1);
            }
        }
    }
}
