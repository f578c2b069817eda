//! Reading amendment orders from text.
//!
//! - `seed`: Mintrud order No. 587 as exported (60 KB: two word
//!   replacements, five items restated as table text, five footnotes), read
//!   without and with the plan. Throughput in bytes of text.
//! - `formulas`: a synthetic order of 2,000 numbered points, one formula
//!   each, of every kind (абзацы, words at the end of a cell and items put
//!   before another among them) — the cost of the grammar rather than of
//!   table text.
//!
//! Run with `cargo bench --bench read_order`; medians are in
//! `target/criterion/read_order/*/new/estimates.json`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use planver::import::{OrderReadOptions, read_order};
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

const SEED: &str = "fixtures/seeds/004_c4094d245a957aa1.txt";

fn formulas(points: usize) -> String {
    const FORMULAS: &[&str] = &[
        "В пунктах {n}, {m} в графе «Ответственный исполнитель» слово «И.В. Никитина» заменить словом «Ф.И. Воронин».",
        "В графе «Срок» пункта {n} цифры «2017», «2018» заменить соответственно цифрами «2018», «2019».",
        "В пункте {n} после слов «официальном сайте» дополнить словами «Минтруда России».",
        "В пункте {n} слова «, далее постоянно» исключить.",
        "Пункт {n} изложить в следующей редакции:\n«{n}.\tРазмещение приказа «О плане работы» на сайте\t1\t2018\tИванов И.И.»;",
        "Пункт {n} признать утратившим силу.",
        "После пункта {n} дополнить пунктом {n}.1 следующего содержания:\n«{n}.1.\tНовая мера\t2\t2019\tПетров П.П.».",
        "Внести в пункт {n} следующие изменения:\nа) слово «А» заменить словом «Б»;\nб) слова «В» исключить.",
        "Абзац второй графы «Мероприятие» пункта {n} изложить в следующей редакции: «размещение отчета на Сайте».",
        "Графу «Срок» пункта {n} дополнить словами «, далее ежегодно».",
        "Перед пунктом {m} дополнить пунктом {n}.1 следующего содержания:\n«{n}.1.\tНовая мера\t2\t2019\tПетров П.П.».",
    ];
    let mut text = String::from(
        "к приказу Минтруда России\nот «29» августа 2014 г. № 587\n\nИзменения, вносимые в план работы\n\n",
    );
    for p in 1..=points {
        let f = FORMULAS[p % FORMULAS.len()]
            .replace("{n}", &(p * 2).to_string())
            .replace("{m}", &(p * 2 + 1).to_string());
        let _ = writeln!(text, "{p}. {f}");
    }
    text
}

fn bench(c: &mut Criterion) {
    let seed = std::fs::read_to_string(SEED).expect("the seed is readable");
    let bundle = planver::Bundle::load("fixtures/mintrud-2013-342").expect("the bundle loads");
    let mut group = c.benchmark_group("read_order");
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Bytes(seed.len() as u64));
    group.bench_function("seed", |b| {
        b.iter(|| read_order(black_box(&seed), &OrderReadOptions::new()))
    });
    let with_plan = OrderReadOptions::new().plan(&bundle.plan);
    group.bench_function("seed_with_plan", |b| {
        b.iter(|| read_order(black_box(&seed), &with_plan))
    });
    let synthetic = formulas(2_000);
    // The bench measures reading that succeeds: every formula is read.
    let read = read_order(&synthetic, &OrderReadOptions::new());
    assert!(!read.has_errors(), "{:?}", read.diagnostics.first());
    assert!(read.order.operations.len() >= 2_000);
    group.throughput(Throughput::Bytes(synthetic.len() as u64));
    group.bench_function("formulas", |b| {
        b.iter(|| read_order(black_box(&synthetic), &OrderReadOptions::new()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
