//! Comparing revisions of a 10,000-item plan, side by side with the naive
//! approach: `similar` over the two revisions' full text.
//!
//! - `one_item`: an order changes one cell of one item. planver's diff
//!   looks only at what the order touched; the naive diff reads everything.
//! - `whole_plan`: an order changes a cell in every item (throughput in
//!   bytes of cell text of both revisions), within one history and between
//!   two histories (every item compared by id).
//!
//! Run with `cargo bench --bench diff`; medians are in
//! `target/criterion/*/*/new/estimates.json`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use planver::{Diff, History, Order, Plan};
use serde_json::{Value, json};
use std::hint::black_box;
use std::time::Duration;

const ITEMS: usize = 10_000;

const WORDS: &[&str] = &[
    "размещение",
    "информации",
    "о",
    "деятельности",
    "Министерства",
    "на",
    "официальном",
    "сайте",
    "в",
    "сети",
    "«Интернет»",
    "обеспечение",
    "открытости",
    "рассмотрение",
    "обращений",
    "граждан",
    "и",
    "организаций",
    "с",
    "учетом",
    "мнения",
    "референтных",
    "групп,",
    "экспертного",
    "сообщества",
];

/// A deterministic pseudo-random sentence of `n` words.
fn sentence(seed: usize, n: usize) -> String {
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(12345);
    let mut words = Vec::with_capacity(n);
    for _ in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        words.push(WORDS[x % WORDS.len()]);
    }
    let mut s = words.join(" ");
    if let Some(first) = s.chars().next() {
        let upper: String = first.to_uppercase().collect();
        s.replace_range(..first.len_utf8(), &upper);
    }
    s
}

fn plan() -> Plan {
    let items: Vec<Value> = (1..=ITEMS)
        .map(|i| {
            json!({
                "number": i.to_string(),
                "section": if i <= ITEMS / 2 { "I" } else { "II" },
                "rows": [{
                    "measure": sentence(i, 30),
                    "result": format!("{}, IV кв. {} г.", sentence(i + ITEMS, 10), 2014 + i % 5),
                    "deadline": "2018",
                    "responsible": format!("И.В. Исполнитель{}, директора департаментов", i % 40),
                }]
            })
        })
        .collect();
    serde_json::from_value(json!({
        "title": "План мероприятий",
        "act": {"kind": "приказ", "issuer": "Минтруда России", "number": "342", "date": "2013-08-02"},
        "columns": [
            {"id": "measure", "title": "Мероприятие"},
            {"id": "result", "title": "Результаты"},
            {"id": "deadline", "title": "Срок"},
            {"id": "responsible", "title": "Ответственный исполнитель"}
        ],
        "sections": [{"number": "I", "title": "Первый"}, {"number": "II", "title": "Второй"}],
        "items": items
    }))
    .expect("the generated plan is valid")
}

fn order(number: &str, date: &str, ops: Value) -> Order {
    serde_json::from_value(json!({
        "act": {"kind": "приказ", "issuer": "Минтруда России", "number": number, "date": date},
        "operations": ops
    }))
    .expect("the generated order is valid")
}

/// The whole text of a revision, one cell per line: what a naive diff compares.
fn full_text(h: &History, rev: usize) -> String {
    let mut out = String::new();
    for item in h.revision(rev).items() {
        out.push_str(&item.number);
        out.push('\n');
        for (_, cell) in item.cells() {
            out.push_str(&cell.text);
            out.push('\n');
        }
    }
    out
}

fn cell_bytes(h: &History, rev: usize) -> u64 {
    h.revision(rev)
        .items()
        .flat_map(|i| i.cells().map(|(_, c)| c.text.len() as u64))
        .sum()
}

fn naive(old: &str, new: &str) -> usize {
    let diff = similar::TextDiff::from_lines(old, new);
    diff.ops()
        .iter()
        .filter(|op| op.tag() != similar::DiffTag::Equal)
        .count()
}

fn one_item(c: &mut Criterion) {
    let h = History::build(
        plan(),
        vec![order(
            "587",
            "2014-08-29",
            json!([{"op": "replace_words", "items": ["5000"], "column": "responsible",
                    "from": "Исполнитель0", "to": "Ф.И. Воронин"}]),
        )],
    )
    .expect("the history builds");
    assert_eq!(h.diff(0, 1).items().count(), 1);
    let (old, new) = (full_text(&h, 0), full_text(&h, 1));
    let mut g = c.benchmark_group("one_item");
    g.bench_function("planver", |b| b.iter(|| black_box(h.diff(0, 1))));
    g.bench_function("planver_with_revisions", |b| {
        b.iter(|| {
            let (r0, r1) = (h.revision(0), h.revision(1));
            black_box(Diff::between(&r0, &r1))
        })
    });
    g.sample_size(20);
    g.bench_function("naive_similar_lines", |b| {
        b.iter(|| black_box(naive(&old, &new)))
    });
    g.finish();
}

fn whole_plan(c: &mut Criterion) {
    let h = History::build(
        plan(),
        vec![order(
            "600",
            "2015-01-01",
            json!([
                {"op": "replace_words", "items": "all", "column": "deadline", "from": "2018", "to": "2019"},
                {"op": "replace_words", "items": "all", "column": "result", "from": "IV кв.", "to": "III кв."}
            ]),
        )],
    )
    .expect("the history builds");
    assert_eq!(h.diff(0, 1).items().count(), ITEMS);
    // The same two texts as separate histories: compared item by item, by id.
    let before = History::build(h.revision(0).to_plan(), vec![]).expect("builds");
    let after = History::build(h.revision(1).to_plan(), vec![]).expect("builds");
    let bytes = cell_bytes(&h, 0) + cell_bytes(&h, 1);
    let (old, new) = (full_text(&h, 0), full_text(&h, 1));
    let mut g = c.benchmark_group("whole_plan");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(8));
    g.bench_function("planver", |b| b.iter(|| black_box(h.diff(0, 1))));
    g.bench_function("planver_two_histories", |b| {
        b.iter(|| {
            let (r0, r1) = (before.revision(0), after.revision(0));
            black_box(Diff::between(&r0, &r1))
        })
    });
    g.bench_function("naive_similar_lines", |b| {
        b.iter(|| black_box(naive(&old, &new)))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    targets = one_item, whole_plan
}
criterion_main!(benches);
