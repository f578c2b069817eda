//! Properties of the order reader: it never panics, on any text or on any
//! mutation of a real order; it is deterministic; every diagnostic points
//! inside the text; and it stays fast on hostile input.

use planver::import::{OrderImport, OrderReadOptions, read_order};
use proptest::prelude::*;
use std::sync::OnceLock;

const SEED: &str = "fixtures/seeds/004_c4094d245a957aa1.txt";

fn seed() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| std::fs::read_to_string(SEED).expect("the seed is readable"))
}

fn plan() -> &'static planver::Plan {
    static PLAN: OnceLock<planver::Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        planver::Bundle::load("fixtures/mintrud-2013-342")
            .expect("the bundle loads")
            .plan
    })
}

/// Every diagnostic and assumption points at a character of the text (or
/// just past the end of its line).
fn places_are_inside(text: &str, import: &OrderImport) -> Result<(), TestCaseError> {
    let lines: Vec<&str> = text.split('\n').collect();
    for d in import.diagnostics.iter().chain(&import.assumptions) {
        prop_assert!(
            d.line >= 1 && d.line <= lines.len().max(1),
            "{d} in {} lines",
            lines.len()
        );
        let width = lines.get(d.line - 1).map_or(0, |l| l.chars().count());
        prop_assert!(
            d.column >= 1 && d.column <= width + 1,
            "{d}: line has {width} characters"
        );
        prop_assert!(d.length >= 1);
    }
    Ok(())
}

/// Text from the pieces orders are made of: formula words, numbers, quotes
/// of every kind, tabs, line breaks, punctuation.
fn order_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "1. ",
        "2) ",
        "а) ",
        "\n",
        "\t",
        " ",
        "«",
        "»",
        "\"",
        "„",
        "“",
        "”",
        ":",
        ";",
        ",",
        ".",
        "–",
        "в пункте ",
        "пункты ",
        "5",
        "1.1",
        "5–7",
        "в графе ",
        "«Срок»",
        "слова ",
        "словами ",
        "заменить ",
        "исключить",
        "изложить в следующей редакции:",
        "дополнить ",
        "пунктом ",
        "сноской ",
        "строкой ",
        "после слов ",
        "признать утратившим силу",
        "считать ",
        "соответственно ",
        "по всему тексту ",
        "позицию, касающуюся ",
        "следующего содержания:",
        "Внести изменение в план, заменив ",
        "вступает в силу ",
        "с 1 марта 2018 года",
        "к приказу Минтруда России от 29.08.2014 № 587",
        "РАСПОРЯЖЕНИЕ",
        "№ 45",
        "подпункта 2 ",
        "раздела II ",
        "абзац второй ",
        "(в редакции приказа от 01.01.2014 № 1)",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_any_text(text in any::<String>()) {
        let import = read_order(&text, &OrderReadOptions::new());
        places_are_inside(&text, &import)?;
    }

    #[test]
    fn never_panics_on_order_like_text(text in order_like()) {
        let a = read_order(&text, &OrderReadOptions::new());
        places_are_inside(&text, &a)?;
        let b = read_order(&text, &OrderReadOptions::new().plan(plan()));
        places_are_inside(&text, &b)?;
        // Deterministic.
        prop_assert_eq!(read_order(&text, &OrderReadOptions::new()), a);
    }

    #[test]
    fn never_panics_on_mutations_of_the_seed(
        cuts in prop::collection::vec((0usize..70_000, 0usize..400), 0..4),
        inserts in prop::collection::vec((0usize..70_000, order_like()), 0..4),
    ) {
        let mut text: Vec<char> = seed().chars().collect();
        for (at, len) in cuts {
            let at = at % (text.len() + 1);
            let end = (at + len).min(text.len());
            text.drain(at..end);
        }
        for (at, piece) in inserts {
            let at = at % (text.len() + 1);
            text.splice(at..at, piece.chars());
        }
        let text: String = text.into_iter().collect();
        let import = read_order(&text, &OrderReadOptions::new().plan(plan()));
        places_are_inside(&text, &import)?;
    }
}

#[test]
fn hostile_input_stays_linear() {
    // Long lines of quotes, stray closing quotes, tabs and markers: each
    // must read in well under a second.
    let cases = [
        "«".repeat(200_000),
        "»".repeat(200_000),
        format!("{}\n{}", "«".repeat(100_000), "»;".repeat(100_000)),
        "1. В пункте 5 слова «А» переписать.\n".repeat(20_000),
        "\t".repeat(200_000),
        format!(
            "1. Пункты 1 изложить в следующей редакции:\n«1.{}»",
            "\n\t".repeat(100_000)
        ),
    ];
    for text in &cases {
        let start = std::time::Instant::now();
        let import = read_order(text, &OrderReadOptions::new());
        let took = start.elapsed();
        assert!(
            took.as_secs_f64() < 5.0,
            "{} bytes took {took:?}",
            text.len()
        );
        assert!(import.diagnostics.len() <= 201);
    }
}

#[test]
fn reading_the_seed_is_deterministic() {
    let a = read_order(seed(), &OrderReadOptions::new().plan(plan()));
    let b = read_order(seed(), &OrderReadOptions::new().plan(plan()));
    assert_eq!(a, b);
}
