//! Benchmarks of building a history and querying it, on a generated plan of
//! 10,000 items amended by 5,000 orders with 50,000 operations over ten
//! years (see `common/mod.rs`).
//!
//! Targets: one item on a date in under 1 µs once built; the whole history
//! built in well under a second; memory far below a full copy per revision.
//!
//! `cargo bench --bench history` measures wall time (groups `build`,
//! `query`); `PLANVER_BENCH_CPU=1 cargo bench --bench history` measures the
//! thread's CPU time instead (groups `build (cpu)`, `query (cpu)`), which
//! is steadier on a machine shared with other work. Setup prints the data
//! set, the operations by kind, and memory figures counted from the data.
//! Medians: `target/criterion/<group>/<bench>/new/estimates.json`.

mod common;

use chrono::{Days, NaiveDate};
use common::{Config, Generated, Rng};
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{BatchSize, Criterion, SamplingMode};
use planver::History;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::hint::black_box;
use std::mem::size_of;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

struct Fixture {
    generated: Generated,
    history: History,
    /// Random dates from the plan's date to a year after the last order.
    dates: Vec<NaiveDate>,
    /// Random `(number, date)` pairs where the number exists on the date.
    pairs: Vec<(String, NaiveDate)>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let started = Instant::now();
        let generated = common::generate(&Config::default());
        let generation = started.elapsed();
        let started = Instant::now();
        let history = History::build(generated.plan.clone(), generated.orders.clone())
            .unwrap_or_else(|e| panic!("the generated orders must apply strictly: {e}"));
        let build = started.elapsed();
        assert!(history.refusals().is_empty(), "no operation may be refused");
        generated.check(&history);

        let mut rng = Rng::new(0xda7e);
        let first = generated.plan.effective_date();
        let days = (generated.last_effective - first).num_days() as usize + 365;
        let dates: Vec<NaiveDate> = (0..1024)
            .map(|_| first + Days::new(rng.below(days) as u64))
            .collect();
        let mut pairs = Vec::with_capacity(4096);
        while pairs.len() < 4096 {
            let number = rng.pick(&generated.numbers);
            let date = first + Days::new(rng.below(days) as u64);
            if history.item_at(number, date).is_ok() {
                pairs.push((number.clone(), date));
            }
        }

        eprintln!(
            "\nplanver bench data: {} items in {} sections, {} orders, {} operations, {} revisions \
             ({} effective dates, {} .. {}); generated in {:.2?}, first build {:.2?}",
            generated.plan.items.len(),
            generated.plan.sections.len(),
            generated.orders.len(),
            generated.operations(),
            history.revisions().len(),
            history.revisions().len() - 1,
            first,
            generated.last_effective,
            generation,
            build,
        );
        eprintln!("operations by kind: {:?}", generated.counts);
        memory_report(&history);
        // A cross-check from the allocator's side: how much the process
        // grows while one more history is built (it keeps the orders too).
        let (plan, orders) = (generated.plan.clone(), generated.orders.clone());
        let before = rss_bytes();
        let again = History::build(plan, orders).unwrap();
        let after = rss_bytes();
        if let (Some(before), Some(after)) = (before, after) {
            eprintln!(
                "memory: resident set grew by {:.1} MiB while building one more history",
                after.saturating_sub(before) as f64 / (1024.0 * 1024.0)
            );
        }
        drop(again);
        Fixture {
            generated,
            history,
            dates,
            pairs,
        }
    })
}

/// Prints what the history stores against a full copy per revision, counted
/// from the data: every revision is materialised, shared versions and cell
/// texts are recognised by pointer.
/// The process's resident set size, on Linux.
fn rss_bytes() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Hashes pointers by one multiplication: the sets below see tens of
/// millions of lookups.
#[derive(Default)]
struct PtrHasher(u64);

impl Hasher for PtrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only usize keys are hashed")
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(26);
    }
}

type PtrSet = HashSet<usize, BuildHasherDefault<PtrHasher>>;

fn memory_report(history: &History) {
    let started = Instant::now();
    let revisions = history.revisions().len();
    let mut listed_total = 0usize; // Σ items listed per revision
    let mut naive_text = 0usize; // Σ cell text bytes per revision
    let mut naive_struct = 0usize; // Σ structure bytes per revision
    // Per distinct version: (text bytes, structure bytes).
    let mut versions: HashMap<usize, (usize, usize), BuildHasherDefault<PtrHasher>> =
        HashMap::default();
    let mut texts = PtrSet::default();
    let mut stored_text = 0usize;
    let mut stored_struct = 0usize;
    for index in 0..revisions {
        let revision = history.revision(index);
        for item in revision.items() {
            listed_total += 1;
            let (text, structure) =
                *versions
                    .entry(item as *const _ as usize)
                    .or_insert_with(|| {
                        let cells: usize = item.rows.iter().map(|r| r.cells.len()).sum();
                        let text: usize = item.cells().map(|(_, c)| c.text.len()).sum();
                        let structure = size_of::<planver::ItemVersion>()
                            + item.number.len()
                            + item.section.as_ref().map_or(0, String::len)
                            + item.rows.len() * size_of::<planver::RowVersion>()
                            + cells * size_of::<planver::CellVersion>();
                        stored_struct += structure;
                        for (_, cell) in item.cells() {
                            if texts.insert(cell.text.as_ptr() as usize) {
                                stored_text += cell.text.len();
                            }
                        }
                        (text, structure)
                    });
            naive_text += text;
            naive_struct += structure;
        }
    }
    let slots = history.revision(revisions - 1).items().len();
    let mb = |b: usize| b as f64 / (1024.0 * 1024.0);
    eprintln!(
        "memory: stored_versions() = {} vs items × revisions = {listed_total} \
         (Σ items listed per revision; {slots} listed now × {revisions} revisions = {}) → {:.3}% of a full copy",
        history.stored_versions(),
        slots * revisions,
        100.0 * history.stored_versions() as f64 / listed_total as f64,
    );
    eprintln!(
        "memory: distinct item versions reachable from revisions = {} (excluded items' last versions are not listed)",
        versions.len()
    );
    eprintln!(
        "memory: cell text stored = {:.1} MiB in {} distinct strings vs full copy = {:.1} MiB ({:.3}%)",
        mb(stored_text),
        texts.len(),
        mb(naive_text),
        100.0 * stored_text as f64 / naive_text as f64,
    );
    eprintln!(
        "memory: text + version structure ≈ {:.1} MiB vs full copy ≈ {:.1} MiB ({:.3}%) [counted in {:.2?}]",
        mb(stored_text + stored_struct),
        mb(naive_text + naive_struct),
        100.0 * (stored_text + stored_struct) as f64 / (naive_text + naive_struct) as f64,
        started.elapsed(),
    );
}

/// Thread CPU time: on a shared machine, wall time also counts the time
/// the thread waits for a core. Chosen with `PLANVER_BENCH_CPU=1`; reported
/// in the groups `* (cpu)`.
struct ThreadCpu(WallTime);

/// `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`: nanosecond resolution, unlike
/// `/proc/thread-self/schedstat`, which moves only at scheduler ticks.
#[cfg(target_os = "linux")]
fn thread_cpu_ns() -> u64 {
    use std::ffi::{c_int, c_long};
    #[repr(C)]
    struct Timespec {
        tv_sec: c_long,
        tv_nsec: c_long,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: c_int, tp: *mut Timespec) -> c_int;
    }
    const CLOCK_THREAD_CPUTIME_ID: c_int = 3;
    let mut ts = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through the pointer, which
    // points to a live, properly laid out `Timespec`.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_ns() -> u64 {
    panic!("PLANVER_BENCH_CPU=1 is supported on Linux only")
}

impl Measurement for ThreadCpu {
    type Intermediate = u64;
    type Value = Duration;

    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, start: u64) -> Duration {
        Duration::from_nanos(thread_cpu_ns() - start)
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        self.0.formatter()
    }
}

fn build_history<M: Measurement>(c: &mut Criterion<M>, suffix: &str) {
    let f = fixture();
    let mut group = c.benchmark_group(format!("build{suffix}"));
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(15));
    group.bench_function("build_history", |b| {
        b.iter_batched(
            || (f.generated.plan.clone(), f.generated.orders.clone()),
            |(plan, orders)| History::build(plan, orders).unwrap(),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn revision_at_random_date<M: Measurement>(c: &mut Criterion<M>, suffix: &str) {
    let f = fixture();
    let mut group = c.benchmark_group(format!("query{suffix}"));
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    let mut i = 0usize;
    group.bench_function("revision_at_random_date", |b| {
        b.iter(|| {
            let date = f.dates[i % f.dates.len()];
            i += 1;
            let revision = f.history.revision_at(black_box(date)).unwrap();
            let mut cells = 0usize;
            for item in revision.items() {
                cells += item.rows.iter().map(|r| r.cells.len()).sum::<usize>();
            }
            black_box(cells)
        })
    });
    group.finish();
}

fn item_at_random_date<M: Measurement>(c: &mut Criterion<M>, suffix: &str) {
    let f = fixture();
    let mut group = c.benchmark_group(format!("query{suffix}"));
    group
        .sample_size(100)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5));
    let mut i = 0usize;
    group.bench_function("item_at_random_date", |b| {
        b.iter(|| {
            let (number, date) = &f.pairs[i % f.pairs.len()];
            i += 1;
            let item = f.history.item_at(black_box(number), black_box(*date));
            black_box(item.map(|it| it.version().rows.len()).unwrap())
        })
    });
    group.finish();
}

fn run<M: Measurement>(mut c: Criterion<M>, suffix: &str) {
    build_history(&mut c, suffix);
    revision_at_random_date(&mut c, suffix);
    item_at_random_date(&mut c, suffix);
    c.final_summary();
}

fn main() {
    if std::env::var_os("PLANVER_BENCH_CPU").is_some_and(|v| v != "0") {
        let c = Criterion::default()
            .with_measurement(ThreadCpu(WallTime))
            .configure_from_args();
        run(c, " (cpu)");
    } else {
        run(Criterion::default().configure_from_args(), "");
    }
}
