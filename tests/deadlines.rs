//! Deadlines (сроки): every real phrase of both seeds is read, the lint
//! finds the Mintrud plan's «IV кв. 20134 г.» exactly while it was in force,
//! `planver at --due-by` lists what falls due, `planver check` warns, and no
//! input makes the reader panic or lose text.

use planver::{
    Assumption, Bundle, Deadline, DeadlineProblem, Plan, TermKind, find_deadlines, lint_deadlines,
};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};

const TOMSK_SEED: &str = "fixtures/seeds/000_73cc27860602cb3c.txt";
const TOMSK: &str = "fixtures/tomsk-2017-149";
const MINTRUD: &str = "fixtures/mintrud-2013-342";

/// The «Срок» cell of every item row of the Tomsk seed, by item number.
/// The cell is the fourth; rows 62–67 have an empty cell before it.
fn tomsk_seed_deadlines() -> BTreeMap<u32, String> {
    let text = std::fs::read_to_string(TOMSK_SEED).unwrap();
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        let Some(number) = cells[0]
            .strip_suffix('.')
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if cells.len() < 5 {
            continue;
        }
        let deadline = if cells[3].trim().is_empty() {
            cells[4]
        } else {
            cells[3]
        };
        out.insert(number, deadline.trim().to_string());
    }
    out
}

#[test]
fn every_tomsk_deadline_is_read() {
    let deadlines = tomsk_seed_deadlines();
    assert_eq!(deadlines.len(), 91);
    let mut assumed: BTreeMap<u32, Vec<Assumption>> = BTreeMap::new();
    for (number, text) in &deadlines {
        let d = Deadline::parse(text);
        assert_eq!(d.text(), text);
        assert!(
            d.is_understood(),
            "item {number}: «{text}» has unparsed words: {:?}",
            d.terms()
        );
        // Every item's deadline has a date, a recurrence or «постоянно».
        assert!(!d.terms().is_empty(), "item {number}");
        for t in d.terms() {
            assumed
                .entry(*number)
                .or_default()
                .extend(t.assumptions.iter().cloned());
        }
    }
    assumed.retain(|_, a| !a.is_empty());
    let misprint = |w: &str, r: &str| Assumption::Misprint {
        written: w.into(),
        read: r.into(),
    };
    // The only doubtful readings, each a real oddity of the source.
    let expected: BTreeMap<u32, Vec<Assumption>> = [
        (28, vec![Assumption::UnnumberedHalf]),
        (29, vec![Assumption::UnnumberedHalf]),
        (30, vec![Assumption::UnnumberedHalf]),
        (31, vec![Assumption::UnnumberedHalf]),
        (32, vec![misprint("И", "I")]),
        (46, vec![misprint("ежекварталь но", "ежеквартально")]),
        (
            87,
            vec![Assumption::Incomplete {
                text: "по мере".into(),
            }],
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(assumed, expected);

    // A sample of the readings, with their latest dates.
    let read = |n: u32| Deadline::parse(&deadlines[&n]);
    assert_eq!(read(2).latest(), "2017-06-30".parse().ok());
    assert_eq!(read(8).latest(), "2017-06-30".parse().ok());
    assert_eq!(read(9).latest(), "2020-12-31".parse().ok());
    assert_eq!(read(16).latest(), "2018-03-31".parse().ok());
    assert_eq!(read(49).latest(), "2018-12-31".parse().ok());
    assert_eq!(read(1).latest(), None);
    assert_eq!(read(38).latest(), None);
    let d = read(21);
    assert!(d.terms()[1].then);
    assert!(matches!(d.terms()[1].kind, TermKind::Recurring { .. }));
}

#[test]
fn the_tomsk_bundle_reads_the_same_deadlines_as_the_seed() {
    let bundle = Bundle::load(TOMSK).unwrap();
    let seed = tomsk_seed_deadlines();
    let from_bundle: BTreeMap<u32, String> = planver::item_deadlines(&bundle.plan)
        .into_iter()
        .map(|d| (d.item.parse().unwrap(), d.deadline.text().to_string()))
        .collect();
    assert_eq!(from_bundle, seed);
}

#[test]
fn the_tomsk_lint_reports_only_the_doubtful_readings() {
    let bundle = Bundle::load(TOMSK).unwrap();
    let findings = lint_deadlines(&bundle.plan);
    let items: Vec<&str> = findings.iter().map(|f| f.item.as_str()).collect();
    assert_eq!(items, ["28", "29", "30", "31", "32", "46", "87"]);
    assert!(
        findings
            .iter()
            .all(|f| matches!(f.problem, DeadlineProblem::Assumed { .. }) && f.column == "Срок")
    );
    assert_eq!(
        findings[4].to_string(),
        "item \"32\", row 1, column «Срок»: assumed: «И» read as «I»: «И полугодие 2017»"
    );
}

#[test]
fn every_mintrud_result_cell_ends_with_its_deadline() {
    let text = std::fs::read_to_string(format!("{MINTRUD}/amendments/587.json")).unwrap();
    let order: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut cells = 0;
    for op in order["operations"].as_array().unwrap() {
        for row in op["rows"].as_array().into_iter().flatten() {
            let Some(cell) = row["result"].as_str() else {
                continue;
            };
            cells += 1;
            let found = find_deadlines(cell);
            let last = found
                .last()
                .unwrap_or_else(|| panic!("no deadline in «{cell}»"));
            assert_eq!(last.span.end, cell.trim_end().len(), "«{cell}»");
            for f in &found {
                assert_eq!(&cell[f.span.clone()], f.deadline.text());
                assert!(f.deadline.is_understood());
                assert!(f.deadline.latest().is_some(), "«{}»", f.deadline.text());
            }
        }
    }
    assert_eq!(cells, 32);
}

#[test]
fn the_year_20134_is_flagged_until_order_587_fixed_it() {
    let bundle = Bundle::load(MINTRUD).unwrap();
    let history = bundle.history().unwrap();

    let before = history.revision_at("2014-08-28".parse().unwrap()).unwrap();
    let findings = lint_deadlines(&before);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(
        (f.item.as_str(), f.row, f.column.as_str(), f.text.as_str()),
        ("10", 1, "Результаты и сроки реализации", "IV кв. 20134 г.")
    );
    assert_eq!(
        f.problem,
        DeadlineProblem::ImplausibleYear {
            year: 20134,
            approved: "2013-08-02".parse().unwrap()
        }
    );

    for date in ["2014-08-29", "2014-09-01", "2016-01-01"] {
        let after = history.revision_at(date.parse().unwrap()).unwrap();
        assert_eq!(lint_deadlines(&after), [], "{date}");
    }

    // The base plan alone has it too.
    assert_eq!(lint_deadlines(&bundle.plan).len(), 1);

    // Over the whole history: once, with the days it was in force.
    let findings = lint_deadlines(&history);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].since, "2013-08-02".parse().ok());
    assert_eq!(findings[0].until, "2014-08-29".parse().ok());
    assert!(
        findings[0]
            .to_string()
            .ends_with("(wording in force from 02.08.2013 to 28.08.2014)")
    );
}

fn plan(deadlines: &[&str]) -> Plan {
    let items: Vec<serde_json::Value> = deadlines
        .iter()
        .enumerate()
        .map(|(i, d)| serde_json::json!({"number": (i + 1).to_string(), "rows": [{"deadline": d}]}))
        .collect();
    serde_json::from_value(serde_json::json!({
        "title": "План",
        "act": {"kind": "распоряжение", "issuer": "Департамента", "number": "149", "date": "2017-04-03"},
        "columns": [{"id": "measure", "title": "Мероприятие"}, {"id": "deadline", "title": "Срок"}],
        "items": items,
    }))
    .unwrap()
}

#[test]
fn the_lint_finds_each_kind_of_problem() {
    let p = plan(&[
        "V кв. 2018",
        "3 полугодие 2018",
        "2019-2017",
        "IV кв. 2016 г.",
        "до 01.03.2017",
        "по графику",
        "I полугодие 2017, далее постоянно",
        "2045",
        "2042",
    ]);
    let found: Vec<(String, DeadlineProblem)> = lint_deadlines(&p)
        .into_iter()
        .map(|f| (f.item, f.problem))
        .collect();
    let approved = "2017-04-03".parse().unwrap();
    let expected = vec![
        ("1".into(), DeadlineProblem::NoSuchQuarter { quarter: 5 }),
        ("2".into(), DeadlineProblem::NoSuchHalf { half: 3 }),
        (
            "3".into(),
            DeadlineProblem::ReversedYears {
                from: 2019,
                to: 2017,
            },
        ),
        (
            "4".into(),
            DeadlineProblem::BeforeApproval {
                latest: "2016-12-31".parse().unwrap(),
                approved,
            },
        ),
        (
            "5".into(),
            DeadlineProblem::BeforeApproval {
                latest: "2017-03-01".parse().unwrap(),
                approved,
            },
        ),
        ("6".into(), DeadlineProblem::Unparsed),
        (
            "8".into(),
            DeadlineProblem::ImplausibleYear {
                year: 2045,
                approved,
            },
        ),
    ];
    assert_eq!(found, expected);
}

#[test]
fn reconstructed_placeholders_are_not_reported_as_unparsed() {
    let mut p = plan(&["[текст графы в источниках отсутствует]"]);
    let cell = p.items[0].rows[0].get_mut("deadline").unwrap();
    cell.reconstructed = true;
    assert_eq!(lint_deadlines(&p), []);
}

fn planver(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planver"))
        .args(args)
        .output()
        .expect("the planver binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn at_due_by_lists_what_falls_due() {
    let o = planver(&[
        "at",
        TOMSK,
        "--date",
        "2017-05-01",
        "--due-by",
        "2017-06-30",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(
        out.contains("Сроки по 30.06.2017 — редакция на 01.05.2017"),
        "{out}"
    );
    assert!(
        out.contains(
            "Сроки, наступающие по 30.06.2017:\n  п. 2 — до 30.06.2017 — «I полугодие 2017»"
        ),
        "{out}"
    );
    assert!(
        out.contains("  п. 8 — до 30.06.2017 — «II кв. 2017, далее постоянно»"),
        "{out}"
    );
    assert!(
        out.contains("  п. 32 — до 30.06.2017 — «И полугодие 2017, далее ежегодно не позднее 1 апреля года, следующего за отчетным» (?)"),
        "{out}"
    );
    // Later deadlines are not listed; «далее постоянно» after them has not begun.
    assert!(!out.contains("п. 7 "), "{out}");
    assert!(!out.contains("п. 16 "), "{out}");
    // Recurring and continuous obligations are listed apart.
    assert!(out.contains("Периодические сроки с 01.05.2017 по 30.06.2017:\n  п. 38 — дата в периоде не указана — «ежегодно»"), "{out}");
    assert!(out.contains("Постоянно:\n  п. 1 — «постоянно»"), "{out}");
    assert!(out.contains("(?) — срок прочитан с допущением"), "{out}");

    // A quarterly report due in the window.
    let out = stdout(&planver(&[
        "at",
        TOMSK,
        "--date",
        "2017-07-01",
        "--due-by",
        "2017-07-31",
    ]));
    assert!(out.contains("  п. 46 — ближайший срок 10.07.2017 — «1 полугодие 2017, далее ежекварталь но до 10 числа месяца, следующего за отчетным» (?)"), "{out}");
    assert!(out.contains("  п. 36 — ближайший срок 15.07.2017"), "{out}");

    // JSON for tools.
    let o = planver(&[
        "at",
        TOMSK,
        "--date",
        "2017-05-01",
        "--due-by",
        "2017-06-30",
        "--format",
        "json",
    ]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["by"], "2017-06-30");
    assert_eq!(v["on"], "2017-05-01");
    let dated = v["dated"].as_array().unwrap();
    assert_eq!(dated[0]["item"], "2");
    assert_eq!(dated[0]["date"], "2017-06-30");
    assert_eq!(dated[0]["expired"], false);
    assert_eq!(dated[0]["deadline"]["terms"][0]["kind"], "half");
    assert_eq!(dated[0]["deadline"]["terms"][0]["latest"], "2017-06-30");
    assert!(
        v["continuous"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["item"] == "1")
    );
}

#[test]
fn at_due_by_shows_the_mintrud_typo_for_checking_until_it_was_fixed() {
    let out = stdout(&planver(&[
        "at",
        MINTRUD,
        "--date",
        "2014-08-28",
        "--due-by",
        "2014-12-31",
    ]));
    assert!(
        out.contains("Проверьте по тексту акта (срок не распознан или неправдоподобен):\n  п. 10 — «IV кв. 20134 г.»"),
        "{out}"
    );
    let out = stdout(&planver(&[
        "at",
        MINTRUD,
        "--date",
        "2014-08-29",
        "--due-by",
        "2014-12-31",
    ]));
    assert!(
        out.contains("  п. 10 — до 31.12.2014 — «IV кв. 2014 г.»"),
        "{out}"
    );
    assert!(
        out.contains("  п. 1, строка 6 — до 31.12.2013 (в части ОС), срок истек — «IV кв. 2013 г. - в части ОС, IV кв. 2014 г. - в части ЭС»"),
        "{out}"
    );
    assert!(!out.contains("Проверьте"), "{out}");

    // --due-by answers for the whole plan, not one item.
    let o = planver(&["at", MINTRUD, "--item", "10", "--due-by", "2014-12-31"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_warns_about_deadlines_and_deny_warnings_fails() {
    let o = planver(&["check", MINTRUD]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("warning: item \"10\", row 1, column «Результаты и сроки реализации»: implausible year 20134 for a plan approved on 02.08.2013: «IV кв. 20134 г.» (wording in force from 02.08.2013 to 28.08.2014)"), "{out}");
    assert!(out.contains("ok, 1 warning(s)"), "{out}");

    let o = planver(&["check", MINTRUD, "--deny-warnings"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("1 warning(s), denied by --deny-warnings"));

    let o = planver(&["check", MINTRUD, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["clean"], true);
    assert_eq!(v["warnings"][0]["problem"], "implausible_year");
    assert_eq!(v["warnings"][0]["year"], 20134);
    assert_eq!(v["warnings"][0]["item"], "10");
}

#[test]
fn check_with_deny_warnings_passes_a_bundle_without_doubtful_deadlines() {
    let dir: PathBuf =
        std::env::temp_dir().join(format!("planver-deadlines-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let p = plan(&["I полугодие 2017", "2018-2019, далее постоянно"]);
    std::fs::write(dir.join("plan.json"), serde_json::to_string(&p).unwrap()).unwrap();
    let o = planver(&["check", dir.to_str().unwrap(), "--deny-warnings"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).ends_with("ok\n"), "{}", stdout(&o));
}

/// Fragments of real deadline phrases, and noise.
const FRAGMENTS: &[&str] = &[
    "IV кв. 2014 г.",
    "1 кв. 2018",
    "I полугодие 2017",
    "Полугодие 2017",
    "И полугодие",
    "2017-2018",
    "2018 год",
    "20134",
    "ежегодно",
    "ежекварталь но",
    "до 1 февраля",
    "не позднее 14.05. года, следующего за отчетным",
    "до 10 числа месяца, следующего за отчетным",
    "далее",
    "далее –",
    "постоянно",
    "по мере",
    "на регулярной основе",
    "в части ОС",
    "-",
    ",",
    "\n",
    ".",
    "(",
    ")",
    "«",
    "г.",
    "кв.",
    "31.02.2017",
    "10.04.2017",
    "Размещение на Сайте",
    "в марте 2018 года",
    "при необходимости",
];

fn phrase() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(FRAGMENTS), 0..8).prop_map(|f| f.join(" ")),
        prop::collection::vec(prop::sample::select(FRAGMENTS), 0..8).prop_map(|f| f.concat()),
        any::<String>(),
        "[IVXИ0-9 .,\\-–кв\u{a0}\nгодполугиеадлпстян]{0,40}",
    ]
}

const CONNECTOR_WORDS: &[&str] = &[
    "и",
    "а",
    "далее",
    "в",
    "дальнейшем",
    "последующем",
    "впоследствии",
    "затем",
];

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | '.' | ':' | '-' | '–' | '—' | '‑' | '−')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Reading never panics, keeps the text, and every word outside the
    /// terms is a separator or a «далее».
    #[test]
    fn parsing_keeps_every_word(text in phrase()) {
        let d = Deadline::parse(&text);
        prop_assert_eq!(d.text(), text.as_str());
        let mut covered = vec![false; text.len()];
        let mut last_end = 0;
        for t in d.terms() {
            prop_assert!(t.span.start >= last_end && t.span.end <= text.len());
            prop_assert_eq!(text.get(t.span.clone()), Some(t.text.as_str()));
            prop_assert!(!t.text.is_empty());
            covered[t.span.clone()].iter_mut().for_each(|c| *c = true);
            last_end = t.span.end;
        }
        let mut rest = String::new();
        for (i, c) in text.char_indices() {
            rest.push(if covered[i] { ' ' } else { c });
        }
        for word in rest.split(is_separator).filter(|w| !w.is_empty()) {
            prop_assert!(
                CONNECTOR_WORDS.contains(&word.to_lowercase().as_str()),
                "«{}» of «{}» is in no term: {:?}", word, text, d.terms()
            );
        }
        // Deterministic.
        prop_assert_eq!(Deadline::parse(&text), d);
    }

    /// Found phrases point into the cell and read the same on their own.
    #[test]
    fn found_phrases_point_into_the_cell(text in phrase()) {
        for f in find_deadlines(&text) {
            prop_assert_eq!(text.get(f.span.clone()), Some(f.deadline.text()));
            prop_assert!(f.deadline.is_understood());
            let alone = Deadline::parse(f.deadline.text());
            prop_assert_eq!(alone.terms().len(), f.deadline.terms().len());
        }
    }
}

#[test]
fn long_and_odd_cells_are_read_in_linear_time() {
    let cases = [
        " ".repeat(200_000),
        "1 ".repeat(100_000),
        "IV кв. ".repeat(50_000),
        "по мере ".repeat(50_000),
        "далее ".repeat(50_000),
        "2017-".repeat(50_000),
        "ежегодно до 1 февраля, ".repeat(20_000),
        "еже ".repeat(50_000),
        ",".repeat(200_000),
    ];
    let start = std::time::Instant::now();
    for text in &cases {
        let d = Deadline::parse(text);
        assert_eq!(d.text(), text);
        let _ = find_deadlines(text);
    }
    // Generous: a quadratic reader would take minutes.
    assert!(
        start.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
}
