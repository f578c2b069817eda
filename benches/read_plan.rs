//! Reading plans of measures from exported table text.
//!
//! - `tomsk_seed`: the Tomsk plan as exported (48 KB, 91 items in ten
//!   sections, cells over several lines, stray HTML, a footnote).
//! - `synthetic`: a plan of 10,000 items in 20 sections printed the same
//!   way (the seed's header, then rows of five tab-separated cells; every
//!   seventh item has a cell over two lines, every eleventh a second row),
//!   about 3 MB — the cost of the table reader at the scale of a large
//!   consolidated plan.
//!
//! Throughput is in bytes of text. Run with `cargo bench --bench read_plan`;
//! medians are in `target/criterion/read_plan/*/new/estimates.json`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use planver::import::read_plan;
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

const SEED: &str = "fixtures/seeds/000_73cc27860602cb3c.txt";

fn roman(mut n: usize) -> String {
    const DIGITS: &[(usize, &str)] = &[(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut out = String::new();
    for &(value, digit) in DIGITS {
        while n >= value {
            out.push_str(digit);
            n -= value;
        }
    }
    out
}

/// The seed's act header and column header, then `items` items in
/// `sections` sections.
fn synthetic(seed: &str, items: usize, sections: usize) -> String {
    let header_end = seed
        .find("п/п\t")
        .and_then(|at| seed[at..].find('\n').map(|nl| at + nl + 1))
        .expect("the seed has a column header row");
    let mut text = seed[..header_end].to_string();
    const MEASURES: &[&str] = &[
        "Размещение на официальном сайте актуального порядка обеспечения доступа к информации о деятельности Департамента",
        "Организация и проведение заседаний общественного совета при Департаменте, размещение протоколов на Сайте",
        "Обеспечение работы «горячей линии» по вопросам предоставления мер социальной поддержки",
        "Размещение и актуализация на Сайте сведений о подведомственных учреждениях",
    ];
    const DEADLINES: &[&str] = &[
        "постоянно",
        "I полугодие 2017",
        "IV кв. 2018 г.",
        "ежегодно до 1 февраля",
        "2017-2018, далее постоянно",
    ];
    const RESPONSIBLE: &[&str] = &[
        "Сухорослова И.П., Аносова И.А.",
        "Аносова И.А.",
        "Киньякина М.А.",
    ];
    let per_section = items.div_ceil(sections);
    let mut number = 0;
    for s in 1..=sections {
        let _ = writeln!(text, "{}. Раздел {s} плана мероприятий\t\t\t\t\t", roman(s));
        for _ in 0..per_section {
            number += 1;
            if number > items {
                break;
            }
            let measure = MEASURES[number % MEASURES.len()];
            let deadline = DEADLINES[number % DEADLINES.len()];
            let responsible = RESPONSIBLE[number % RESPONSIBLE.len()];
            let stage = 1 + number % 3;
            if number % 7 == 0 {
                // A cell over two lines, as a .docx export prints it.
                let _ = writeln!(
                    text,
                    "{number}.\t{measure};\nразмещение отчета на Сайте\t{stage}\t{deadline}\t{responsible}\t"
                );
            } else {
                let _ = writeln!(
                    text,
                    "{number}.\t{measure}\t{stage}\t{deadline}\t{responsible}\t"
                );
            }
            if number % 11 == 0 {
                let _ = writeln!(
                    text,
                    "\tИнформирование граждан через средства массовой информации\t2\tежегодно\t{responsible}\t"
                );
            }
        }
    }
    text
}

fn bench(c: &mut Criterion) {
    let seed = std::fs::read_to_string(SEED).expect("the seed is readable");
    let big = synthetic(&seed, 10_000, 20);
    // The bench measures reading that succeeds and reads every item.
    let read = read_plan(&big).expect("the synthetic plan reads");
    assert_eq!(read.plan.items.len(), 10_000);
    assert_eq!(read.plan.sections.len(), 20);
    assert_eq!(
        read_plan(&seed).expect("the seed reads").plan.items.len(),
        91
    );

    let mut group = c.benchmark_group("read_plan");
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Bytes(seed.len() as u64));
    group.bench_function("tomsk_seed", |b| b.iter(|| read_plan(black_box(&seed))));
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.sample_size(20);
    group.bench_function("synthetic", |b| b.iter(|| read_plan(black_box(&big))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
