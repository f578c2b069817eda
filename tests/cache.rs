//! The history index on disk (`planver::cache`): answers with it equal
//! answers without it, on the fixtures and on generated histories; a
//! changed bundle, a damaged file and concurrent writers are all handled.

use chrono::{Days, NaiveDate};
use planver::cache::{Cache, Previous, Scope, Status, Written};
use planver::{Bundle, DiffOptions, History, Operation, Options, Source};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

// ---------------------------------------------------------------------------
// Scratch folders and bundles.

fn scratch(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "planver-cache-{}-{}-{name}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Sets every file's modification time an hour back (or `ago` back): a
/// cache is only written once the inputs have settled.
fn age(bundle: &Path, ago: Duration) {
    let when = SystemTime::now() - ago;
    for entry in walk(bundle) {
        std::fs::File::options()
            .write(true)
            .open(&entry)
            .unwrap()
            .set_modified(when)
            .unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A fixture copied to a scratch folder, aged.
fn fixture(name: &str) -> PathBuf {
    let dir = scratch(name).join("bundle");
    copy_dir(&Path::new("fixtures").join(name), &dir);
    age(&dir, Duration::from_secs(3600));
    dir
}

fn write_bundle(dir: &Path, plan: &Value, orders: &[Value]) {
    std::fs::create_dir_all(dir.join("amendments")).unwrap();
    std::fs::write(
        dir.join("plan.json"),
        serde_json::to_vec_pretty(plan).unwrap(),
    )
    .unwrap();
    for (i, order) in orders.iter().enumerate() {
        std::fs::write(
            dir.join("amendments").join(format!("{:04}.json", i + 1)),
            serde_json::to_vec_pretty(order).unwrap(),
        )
        .unwrap();
    }
}

// ---------------------------------------------------------------------------
// A generator of histories whose every operation applies: it keeps the live
// numbers, which items are repealed, and unique words in each item.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Live {
    number: String,
    repealed: bool,
    /// Words that occur once in the item's "measure" cell of row 1.
    tokens: Vec<String>,
    rows: usize,
}

struct Gen {
    rng: Rng,
    live: Vec<Live>,
    counter: usize,
    footnotes: Vec<String>,
    sections: Vec<String>,
}

impl Gen {
    fn token(&mut self) -> String {
        self.counter += 1;
        format!("Т{}х", self.counter)
    }

    fn fresh_number(&mut self) -> String {
        self.counter += 1;
        format!("{}", 1000 + self.counter)
    }

    fn row(&mut self, with_tokens: &mut Vec<String>) -> Value {
        let (a, b) = (self.token(), self.token());
        with_tokens.push(a.clone());
        with_tokens.push(b.clone());
        let responsible = ["Иванов И.И.", "Петров П.П.", "Сидорова С.С."][self.rng.below(3)];
        json!({
            "measure": format!("Мероприятие {a} по плану {b}"),
            "deadline": format!("{} год", 2014 + self.rng.below(10)),
            "responsible": responsible,
        })
    }

    fn in_force(&mut self) -> Option<usize> {
        let candidates: Vec<usize> = (0..self.live.len())
            .filter(|&i| !self.live[i].repealed)
            .collect();
        (!candidates.is_empty()).then(|| candidates[self.rng.below(candidates.len())])
    }

    fn any_live(&mut self) -> Option<usize> {
        (!self.live.is_empty()).then(|| self.rng.below(self.live.len()))
    }

    /// One operation that applies to the current state, or `None`.
    fn operation(&mut self, point: usize) -> Option<Value> {
        let point = point.to_string();
        let op = match self.rng.below(19) {
            0..=2 => {
                let i = self.in_force()?;
                let k = self.rng.below(self.live[i].tokens.len());
                let from = self.live[i].tokens[k].clone();
                let to = self.token();
                self.live[i].tokens[k] = to.clone();
                let column = ["measure", "Наименование мероприятия", "1"][self.rng.below(3)];
                json!({"op": "replace_words", "point": point, "items": [self.live[i].number],
                       "column": column, "from": from, "to": to})
            }
            3 => {
                let i = self.in_force()?;
                let anchor = self.live[i].tokens[0].clone();
                let words = self.token();
                self.live[i].tokens.push(words.clone());
                json!({"op": "insert_words", "point": point, "items": [self.live[i].number],
                       "column": "measure", "anchor": {"after": anchor}, "words": words})
            }
            4 => {
                let i = self.in_force()?;
                if self.live[i].tokens.len() < 2 {
                    return None;
                }
                let words = self.live[i].tokens.pop()?;
                json!({"op": "delete_words", "point": point, "items": [self.live[i].number],
                       "column": "measure", "words": words})
            }
            5 => {
                let i = self.in_force()?;
                let text = format!("до {} года", 2015 + self.rng.below(10));
                json!({"op": "restate_cell", "point": point, "item": self.live[i].number,
                       "row": 1, "column": "deadline", "text": text})
            }
            6 => {
                let i = self.any_live()?;
                let mut tokens = Vec::new();
                let row = self.row(&mut tokens);
                self.live[i].tokens = tokens;
                self.live[i].repealed = false;
                self.live[i].rows = 1;
                json!({"op": "restate_item", "point": point, "item": self.live[i].number, "rows": [row]})
            }
            7 => {
                let i = self.in_force()?;
                self.live[i].repealed = true;
                json!({"op": "repeal_item", "point": point, "item": self.live[i].number})
            }
            8 => {
                let i = self.any_live()?;
                if self.live.len() < 5 {
                    return None;
                }
                let gone = self.live.remove(i);
                json!({"op": "exclude_item", "point": point, "item": gone.number})
            }
            9 => {
                let after = self.any_live()?;
                let number = self.fresh_number();
                let mut tokens = Vec::new();
                let row = self.row(&mut tokens);
                let position = if self.rng.below(4) == 0 && self.sections.len() > 2 {
                    json!({"end_of_section": self.sections[self.sections.len() - 1]})
                } else {
                    json!({"after": self.live[after].number})
                };
                self.live.push(Live {
                    number: number.clone(),
                    repealed: false,
                    tokens,
                    rows: 1,
                });
                json!({"op": "add_item", "point": point, "number": number, "position": position, "rows": [row]})
            }
            10 => {
                let i = self.any_live()?;
                let to = self.fresh_number();
                let from = std::mem::replace(&mut self.live[i].number, to.clone());
                json!({"op": "renumber", "point": point, "from": [from], "to": [to]})
            }
            11 => {
                let i = self.in_force()?;
                self.live[i].rows += 1;
                json!({"op": "add_row", "point": point, "item": self.live[i].number,
                       "cells": {"deadline": "ежегодно", "responsible": "Смирнов А.А."}})
            }
            12 => {
                let i = self.in_force()?;
                if self.live[i].rows < 2 {
                    return None;
                }
                let row = self.live[i].rows;
                self.live[i].rows -= 1;
                json!({"op": "remove_row", "point": point, "item": self.live[i].number, "row": row})
            }
            13 => {
                self.counter += 1;
                let mark = self.counter.to_string();
                self.footnotes.push(mark.clone());
                json!({"op": "add_footnote", "point": point, "number": mark,
                       "text": format!("Сноска {} о сроках", self.counter)})
            }
            14 => {
                if self.footnotes.is_empty() {
                    return None;
                }
                let k = self.rng.below(self.footnotes.len());
                if self.rng.below(2) == 0 {
                    let mark = self.footnotes.remove(k);
                    json!({"op": "remove_footnote", "point": point, "number": mark})
                } else {
                    let text = format!("Сноска в редакции {}", self.token());
                    json!({"op": "restate_footnote", "point": point, "number": self.footnotes[k], "text": text})
                }
            }
            15 => {
                let i = self.in_force()?;
                let year = 2015 + self.rng.below(10);
                if self.rng.below(2) == 0 {
                    json!({"op": "add_paragraph", "point": point, "item": self.live[i].number,
                           "row": 1, "column": "deadline", "text": format!("далее до {year} года")})
                } else {
                    json!({"op": "restate_paragraph", "point": point, "item": self.live[i].number,
                           "row": 1, "column": "Срок исполнения", "paragraph": 1,
                           "text": format!("{year} год")})
                }
            }
            16 => {
                let i = self.in_force()?;
                let anchor = if self.rng.below(2) == 0 {
                    "end"
                } else {
                    "start"
                };
                json!({"op": "insert_words", "point": point, "items": [self.live[i].number],
                       "column": "responsible", "row": 1, "paragraph": 1, "anchor": anchor,
                       "words": self.token()})
            }
            17 => {
                let i = self.in_force()?;
                json!({"op": "add_paragraph", "point": point, "item": self.live[i].number,
                       "row": 1, "column": 3, "after": 0, "text": "Ответственный:"})
            }
            _ => {
                self.counter += 1;
                let number = format!("S{}", self.counter);
                let mut op = json!({"op": "add_section", "point": point, "number": number,
                                    "title": format!("Раздел {}", self.counter)});
                // A third of the new sections go right before another.
                if self.rng.below(3) == 0 {
                    let k = self.rng.below(self.sections.len());
                    op["before"] = json!(self.sections[k]);
                }
                self.sections.push(number);
                op
            }
        };
        Some(op)
    }
}

/// A plan of `items` items and `orders` orders, all of which apply.
fn generate(seed: u64, items: usize, orders: usize) -> (Value, Vec<Value>) {
    let mut g = Gen {
        rng: Rng(seed),
        live: Vec::new(),
        counter: 0,
        footnotes: vec!["1".into()],
        sections: vec!["I".into(), "II".into()],
    };
    let mut plan_items = Vec::new();
    for n in 1..=items {
        let mut tokens = Vec::new();
        let mut rows = vec![g.row(&mut tokens)];
        if g.rng.below(4) == 0 {
            rows.push(json!({"deadline": "постоянно", "responsible": "Орлов О.О."}));
        }
        let section = if n * 2 <= items { "I" } else { "II" };
        g.live.push(Live {
            number: n.to_string(),
            repealed: false,
            tokens,
            rows: rows.len(),
        });
        plan_items.push(json!({"number": n.to_string(), "section": section, "rows": rows}));
    }
    let plan = json!({
        "title": "План мероприятий (проверка индекса)",
        "act": {"kind": "приказ", "issuer": "Минтруда России", "number": "100", "date": "2014-01-10"},
        "columns": [
            {"id": "measure", "title": "Наименование мероприятия"},
            {"id": "deadline", "title": "Срок исполнения"},
            {"id": "responsible", "title": "Ответственный исполнитель"}
        ],
        "sections": [{"number": "I", "title": "Первый"}, {"number": "II", "title": "Второй"}],
        "items": plan_items,
        "footnotes": [{"number": "1", "text": "Исходная сноска"}]
    });
    let mut signed = NaiveDate::from_ymd_opt(2014, 1, 10).unwrap();
    let mut effective = signed;
    let mut out = Vec::new();
    for k in 0..orders {
        // Dates never go back, so orders apply in the order made.
        signed = signed + Days::new(g.rng.below(40) as u64);
        let delay = if g.rng.below(5) == 0 {
            g.rng.below(60) as u64
        } else {
            0
        };
        effective = effective.max(signed + Days::new(delay));
        let mut operations = Vec::new();
        let wanted = 1 + g.rng.below(6);
        let mut tries = 0;
        while operations.len() < wanted && tries < 50 {
            tries += 1;
            if let Some(op) = g.operation(operations.len() + 1) {
                operations.push(op);
            }
        }
        let mut order = json!({
            "act": {"kind": if k % 5 == 0 { "распоряжение" } else { "приказ" },
                    "issuer": "Минтруда России", "number": format!("{}", 200 + k),
                    "date": signed.to_string(),
                    "title": "О внесении изменений в План мероприятий"},
            "operations": operations
        });
        if effective != signed {
            order["effective"] = json!(effective.to_string());
        }
        out.push(order);
    }
    (plan, out)
}

fn generated_bundle(seed: u64, items: usize, orders: usize) -> PathBuf {
    let dir = scratch(&format!("gen-{seed}")).join("bundle");
    let (plan, orders) = generate(seed, items, orders);
    write_bundle(&dir, &plan, &orders);
    age(&dir, Duration::from_secs(3600));
    dir
}

// ---------------------------------------------------------------------------
// Comparing a history from the cache with one built from the bundle.

fn built(bundle: &Path) -> History {
    Bundle::load(bundle).unwrap().history().unwrap()
}

fn operation(h: &History, source: Source) -> Option<Operation> {
    let op = source.operation?;
    h.order(source.act)?.operations.get(op).cloned()
}

/// Every first day of a revision, the day before it, and a late date.
fn dates(h: &History) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    for r in h.revisions() {
        out.push(r.from);
        out.push(r.from - Days::new(1));
    }
    if let Some(last) = h.revisions().last() {
        out.push(last.from + Days::new(400));
    }
    out
}

/// Every display number any revision listed, and one no revision did.
fn numbers(h: &History) -> Vec<String> {
    let mut out: Vec<String> = (0..h.revisions().len())
        .flat_map(|i| {
            h.revision(i)
                .items()
                .map(|v| v.number.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort();
    out.dedup();
    out.push("999999".into());
    out
}

fn same_item(cached: &History, full: &History, number: &str) {
    for date in dates(full) {
        match (cached.item_at(number, date), full.item_at(number, date)) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.version(), b.version(), "item {number} on {date}");
                assert_eq!(a.revision(), b.revision());
                assert_eq!(a.status_note(), b.status_note());
                let pending = |p: Vec<planver::Pending<'_>>| -> Vec<_> {
                    p.iter()
                        .map(|p| (p.act, p.operation, p.act_entry.clone()))
                        .collect()
                };
                assert_eq!(pending(a.pending()), pending(b.pending()));
                for (_, c) in a.version().cells() {
                    assert_eq!(cached.edition_note(c.source), full.edition_note(c.source));
                    assert_eq!(operation(cached, c.source), operation(full, c.source));
                    assert_eq!(cached.act(c.source), full.act(c.source));
                }
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            (a, b) => panic!(
                "item {number} on {date}: {:?} vs {:?}",
                a.map(|a| a.version().clone()),
                b.map(|b| b.version().clone())
            ),
        }
    }
    match (cached.item_log(number), full.item_log(number)) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.len(), b.len(), "log of {number}");
            for (x, y) in a.iter().zip(&b) {
                assert_eq!(x.revision, y.revision);
                assert_eq!(x.version, y.version);
                assert_eq!(x.operations, y.operations);
                for &(act, op) in &x.operations {
                    let source = Source {
                        act,
                        operation: Some(op),
                    };
                    assert_eq!(operation(cached, source), operation(full, source));
                }
            }
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("log of {number}: {} vs {}", a.is_ok(), b.is_ok()),
    }
}

fn same_all(cached: &History, full: &History) {
    assert_eq!(cached.title(), full.title());
    assert_eq!(cached.columns(), full.columns());
    assert_eq!(cached.acts(), full.acts());
    assert_eq!(cached.revisions(), full.revisions());
    assert_eq!(cached.stored_versions(), full.stored_versions());
    for act in 0..full.acts().len() {
        assert_eq!(cached.order(act), full.order(act), "order of act {act}");
    }
    for i in 0..full.revisions().len() {
        let (a, b) = (cached.revision(i), full.revision(i));
        assert!(a.items().eq(b.items()), "revision {i}");
        assert_eq!(a.sections(), b.sections());
        assert_eq!(a.footnotes(), b.footnotes());
        if i > 0 {
            assert_eq!(cached.items_changed(i - 1, i), full.items_changed(i - 1, i));
        }
    }
    for number in numbers(full) {
        same_item(cached, full, &number);
    }
}

fn same_diff(cached: &History, full: &History, from: usize, to: usize, item: Option<&str>) {
    // A generous deadline: on a busy machine the default one could make one
    // side's comparison of a long cell coarse and not the other's.
    let mut options = DiffOptions::default().timeout(Duration::from_secs(120));
    if let Some(item) = item {
        options = options.item(item);
    }
    match (
        cached.diff_with(from, to, &options),
        full.diff_with(from, to, &options),
    ) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "diff {from}..{to} of {item:?}"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("diff {from}..{to}: {} vs {}", a.is_ok(), b.is_ok()),
    }
}

/// Every scope, asked of a cache in `dir`, against the built history.
fn check_scopes(bundle: &Path, dir: &Path, full: &History, exhaustive: bool) {
    let open = || Cache::open_in(bundle, Some(dir), &Options::default()).unwrap();
    same_all(&open().history(&Scope::All).unwrap(), full);
    let numbers = numbers(full);
    let step = if exhaustive {
        1
    } else {
        (numbers.len() / 12).max(1)
    };
    for number in numbers.iter().step_by(step) {
        let cached = open().history(&Scope::Item(number.clone())).unwrap();
        same_item(&cached, full, number);
    }
    let revisions = full.revisions();
    let last = revisions.len() - 1;
    let mut pairs = vec![
        (0, last),
        (last, 0),
        (0, 0),
        (last / 2, last),
        (1.min(last), last / 3),
    ];
    for i in 1..=last {
        if exhaustive || i % 7 == 0 {
            pairs.push((i - 1, i));
        }
    }
    for (from, to) in pairs {
        // A date names the last revision that took effect on it (an order
        // may take effect on the plan's own date).
        let (from_date, to_date) = (revisions[from].from, revisions[to].from);
        let from = full.revision_index_at(from_date).unwrap();
        let to = full.revision_index_at(to_date).unwrap();
        let scope = Scope::Between {
            from: from_date,
            to: to_date,
            item: None,
        };
        same_diff(&open().history(&scope).unwrap(), full, from, to, None);
        for number in numbers.iter().step_by((numbers.len() / 4).max(1)) {
            let scope = Scope::Between {
                from: from_date,
                to: to_date,
                item: Some(number.clone()),
            };
            same_diff(
                &open().history(&scope).unwrap(),
                full,
                from,
                to,
                Some(number),
            );
        }
    }
    for act in full
        .acts()
        .iter()
        .skip(1)
        .step_by(if exhaustive { 1 } else { 5 })
    {
        let number = act.act.number.clone();
        let scope = Scope::Act {
            number: number.clone(),
            item: None,
        };
        let cached = open().history(&scope).unwrap();
        match (cached.act_revisions(&number), full.act_revisions(&number)) {
            (Ok((a, b)), Ok(pair)) => {
                assert_eq!((a, b), pair);
                same_diff(&cached, full, a, b, None);
            }
            (x, y) => assert_eq!(x.is_err(), y.is_err()),
        }
    }
    // Dates out of range fail the same way.
    let early = revisions[0].from - Days::new(1);
    let cached = open()
        .history(&Scope::Between {
            from: early,
            to: revisions[last].from,
            item: None,
        })
        .unwrap();
    assert_eq!(
        cached.revision_index_at(early).unwrap_err().to_string(),
        full.revision_index_at(early).unwrap_err().to_string()
    );
}

// ---------------------------------------------------------------------------
// Round trips.

#[test]
fn fixtures_answer_the_same_from_the_cache() {
    for name in ["mintrud-2013-342", "tomsk-2017-149"] {
        let bundle = fixture(name);
        let dir = bundle.with_file_name("cache");
        let first = Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap();
        assert_eq!(
            first.status(),
            Status::Built {
                previous: Previous::Missing,
                written: Written::Yes
            }
        );
        let second = Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap();
        assert_eq!(second.status(), Status::Fresh, "{name}");
        check_scopes(&bundle, &dir, &built(&bundle), true);
    }
}

#[test]
fn a_generated_history_answers_the_same_from_the_cache() {
    let bundle = generated_bundle(7, 60, 40);
    let dir = bundle.with_file_name("cache");
    let full = built(&bundle);
    assert!(full.revisions().len() > 20, "{}", full.revisions().len());
    Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap();
    let again = Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap();
    assert_eq!(again.status(), Status::Fresh);
    check_scopes(&bundle, &dir, &full, true);
}

#[test]
fn lenient_histories_with_refusals_are_not_cached() {
    let bundle = fixture("mintrud-2013-342");
    let order = json!({
        "act": {"kind": "приказ", "issuer": "Минтруда России", "number": "999", "date": "2015-01-01"},
        "operations": [{"op": "repeal_item", "item": "4242"}]
    });
    std::fs::write(
        bundle.join("amendments/zzz.json"),
        serde_json::to_vec(&order).unwrap(),
    )
    .unwrap();
    age(&bundle, Duration::from_secs(3600));
    let dir = bundle.with_file_name("cache");
    let lenient = Options::default().mode(planver::Mode::Lenient);
    let cache = Cache::open_in(&bundle, Some(&dir), &lenient).unwrap();
    assert_eq!(
        cache.status(),
        Status::Built {
            previous: Previous::Missing,
            written: Written::Refusals
        }
    );
    assert_eq!(cache.history(&Scope::All).unwrap().refusals().len(), 1);
    // Strictly, the bundle does not apply at all: the same error either way.
    let strict = Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap_err();
    let plain = Bundle::load(&bundle).unwrap().history().unwrap_err();
    assert_eq!(strict.to_string(), plain.to_string());
}

// ---------------------------------------------------------------------------
// Invalidation.

#[test]
fn a_changed_order_file_is_noticed() {
    let bundle = fixture("mintrud-2013-342");
    let dir = bundle.with_file_name("cache");
    let open = || Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap();
    open();
    assert_eq!(open().status(), Status::Fresh);
    let order_path = walk(&bundle.join("amendments"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    let original = std::fs::read_to_string(&order_path).unwrap();
    assert!(original.contains("Ф.И. Воронин"));

    // A longer text.
    std::fs::write(
        &order_path,
        original.replace("Ф.И. Воронин", "Ф.И. Воронин-Петров"),
    )
    .unwrap();
    age(&bundle, Duration::from_secs(1800));
    let cache = open();
    assert_eq!(
        cache.status(),
        Status::Built {
            previous: Previous::Stale,
            written: Written::Yes
        }
    );
    let date = "2014-09-01".parse().unwrap();
    let item = |h: &History| h.item_at("10", date).unwrap().version().text();
    assert!(item(&cache.history(&Scope::All).unwrap()).contains("Воронин-Петров"));
    assert!(item(&open().history(&Scope::Item("10".into())).unwrap()).contains("Воронин-Петров"));

    // The same length, and the modification time put back as it was: the
    // change time still tells.
    let meta = std::fs::metadata(&order_path).unwrap();
    std::fs::write(
        &order_path,
        original.replace("Ф.И. Воронин", "Ф.И. Воронин-Павлов"),
    )
    .unwrap();
    std::fs::File::options()
        .write(true)
        .open(&order_path)
        .unwrap()
        .set_modified(meta.modified().unwrap())
        .unwrap();
    assert_eq!(std::fs::metadata(&order_path).unwrap().len(), meta.len());
    let cache = open();
    assert!(matches!(
        cache.status(),
        Status::Built {
            previous: Previous::Stale,
            ..
        }
    ));
    assert!(item(&cache.history(&Scope::All).unwrap()).contains("Воронин-Павлов"));

    // A new order file, and a removed one.
    age(&bundle, Duration::from_secs(900));
    open();
    assert_eq!(open().status(), Status::Fresh);
    let extra = json!({
        "act": {"kind": "приказ", "issuer": "Минтруда России", "number": "700", "date": "2015-03-01"},
        "operations": [{"op": "repeal_item", "item": "13"}]
    });
    std::fs::write(
        bundle.join("amendments/extra.json"),
        serde_json::to_vec(&extra).unwrap(),
    )
    .unwrap();
    age(&bundle, Duration::from_secs(600));
    let cache = open();
    assert!(matches!(
        cache.status(),
        Status::Built {
            previous: Previous::Stale,
            ..
        }
    ));
    let late = "2015-03-01".parse().unwrap();
    let repealed = |h: &History| h.item_at("13", late).unwrap().status_note().is_some();
    assert!(repealed(&cache.history(&Scope::All).unwrap()));
    assert!(repealed(
        &open().history(&Scope::Item("13".into())).unwrap()
    ));
    std::fs::remove_file(bundle.join("amendments/extra.json")).unwrap();
    assert!(matches!(
        open().status(),
        Status::Built {
            previous: Previous::Stale,
            ..
        }
    ));
    assert_eq!(open().status(), Status::Fresh);
}

#[test]
fn files_modified_just_now_are_not_cached_yet() {
    let bundle = scratch("racy").join("bundle");
    copy_dir(Path::new("fixtures/tomsk-2017-149"), &bundle);
    let dir = bundle.with_file_name("cache");
    let cache = Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap();
    assert_eq!(
        cache.status(),
        Status::Built {
            previous: Previous::Missing,
            written: Written::Racy
        }
    );
    assert!(!cache.file().unwrap().exists());
    age(&bundle, Duration::from_secs(10));
    let cache = Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap();
    assert_eq!(
        cache.status(),
        Status::Built {
            previous: Previous::Missing,
            written: Written::Yes
        }
    );
}

#[test]
fn another_bundle_path_or_a_missing_bundle() {
    let bundle = fixture("tomsk-2017-149");
    let dir = bundle.with_file_name("cache");
    Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap();
    // The same folder by another path: the same cache file, and the acts'
    // paths as given this time.
    let other = bundle.join("..").join("bundle");
    let cache = Cache::open_in(&other, Some(&dir), &Options::default()).unwrap();
    assert_eq!(cache.status(), Status::Fresh);
    assert_eq!(
        cache.history(&Scope::All).unwrap().acts(),
        built(&other).acts()
    );
    // No bundle at all: the error of loading it.
    let missing = bundle.with_file_name("nothing-here");
    let err = Cache::open_in(&missing, Some(&dir), &Options::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        Bundle::load(&missing).unwrap_err().to_string()
    );
}

// ---------------------------------------------------------------------------
// Damage.

fn cache_file(dir: &Path) -> PathBuf {
    walk(dir)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "pvx"))
        .unwrap()
}

/// Opens the cache in `dir` after `damage`, asks every kind of scope, and
/// checks the answers against the built history.
fn survives(bundle: &Path, dir: &Path, full: &History, bytes: &[u8], damage: &str) {
    let file = cache_file(dir);
    eprintln!("damage: {damage}");
    std::fs::write(&file, bytes).unwrap();
    let open = || Cache::open_in(bundle, Some(dir), &Options::default()).unwrap();
    let revisions = full.revisions();
    let last = revisions.len() - 1;
    let item = "10";
    let cached = open().history(&Scope::Item(item.into())).unwrap();
    same_item(&cached, full, item);
    std::fs::write(&file, bytes).unwrap();
    let scope = Scope::Between {
        from: revisions[0].from,
        to: revisions[last].from,
        item: None,
    };
    let first = full.revision_index_at(revisions[0].from).unwrap();
    same_diff(&open().history(&scope).unwrap(), full, first, last, None);
    std::fs::write(&file, bytes).unwrap();
    let cached = open().history(&Scope::All).unwrap();
    same_all(&cached, full);
    // Whatever was there, a whole file is there now.
    let after = Cache::open_in(bundle, Some(dir), &Options::default()).unwrap();
    assert_eq!(after.status(), Status::Fresh, "{damage}");
}

#[test]
fn damaged_cache_files_are_rebuilt() {
    let bundle = fixture("mintrud-2013-342");
    let dir = bundle.with_file_name("cache");
    let full = built(&bundle);
    Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap();
    let good = std::fs::read(cache_file(&dir)).unwrap();
    let len = good.len();

    for cut in [0, 1, 8, 31, 32, 100, len / 3, len / 2, len - 1] {
        survives(
            &bundle,
            &dir,
            &full,
            &good[..cut],
            &format!("truncated to {cut}"),
        );
    }
    let mut longer = good.clone();
    longer.extend_from_slice(b"more");
    survives(&bundle, &dir, &full, &longer, "longer");
    let mut rng = Rng(42);
    let noise: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
    survives(&bundle, &dir, &full, &noise, "random bytes");
    let mut magic_noise = good[..32].to_vec();
    magic_noise.extend(noise[32..].iter());
    survives(
        &bundle,
        &dir,
        &full,
        &magic_noise,
        "a header and random bytes",
    );
    for position in (0..len).step_by((len / 200).max(1)) {
        let mut flipped = good.clone();
        flipped[position] ^= 0x5a;
        survives(
            &bundle,
            &dir,
            &full,
            &flipped,
            &format!("byte {position} flipped"),
        );
    }
}

#[test]
fn a_cache_from_another_bundle_is_not_used() {
    let one = fixture("mintrud-2013-342");
    let two = fixture("tomsk-2017-149");
    let dir = one.with_file_name("cache");
    let other_dir = two.with_file_name("cache");
    Cache::open_in(&one, Some(&dir), &Options::default()).unwrap();
    Cache::open_in(&two, Some(&other_dir), &Options::default()).unwrap();
    // Put the Tomsk index where the Mintrud one belongs.
    std::fs::copy(cache_file(&other_dir), cache_file(&dir)).unwrap();
    let cache = Cache::open_in(&one, Some(&dir), &Options::default()).unwrap();
    assert!(matches!(
        cache.status(),
        Status::Built {
            previous: Previous::Stale,
            ..
        }
    ));
    same_all(&cache.history(&Scope::All).unwrap(), &built(&one));
}

// ---------------------------------------------------------------------------
// Concurrency.

#[test]
fn concurrent_writers_leave_one_whole_file() {
    let bundle = generated_bundle(11, 40, 25);
    let dir = bundle.with_file_name("cache");
    let full = built(&bundle);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    let mut statuses = Vec::new();
                    for _ in 0..5 {
                        let cache =
                            Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap();
                        statuses.push(cache.status());
                        let history = cache.history(&Scope::All).unwrap();
                        assert_eq!(history.acts(), full.acts());
                        // Make the next open rewrite the file now and then.
                        if statuses.len() % 2 == 0 {
                            let _ = std::fs::write(cache_file(&dir), b"damaged");
                        }
                    }
                    statuses
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    });
    let leftovers: Vec<PathBuf> = walk(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let pvx = walk(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pvx"))
        .count();
    assert_eq!(pvx, 1);
    let cache = Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap();
    if cache.status() != Status::Fresh {
        // The last writer may have left the damage behind: it is rebuilt.
        assert!(matches!(cache.status(), Status::Built { .. }));
    }
    same_all(&cache.history(&Scope::All).unwrap(), &full);
}

#[test]
fn the_cache_folder_is_kept_tidy() {
    let bundle = fixture("tomsk-2017-149");
    let dir = bundle.with_file_name("cache");
    std::fs::create_dir_all(&dir).unwrap();
    let old = SystemTime::now() - Duration::from_secs(7200);
    for i in 0..70 {
        let path = dir.join(format!("gone-{i}.pvx"));
        std::fs::write(&path, b"an index of a bundle that went away").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old + Duration::from_secs(i))
            .unwrap();
    }
    let crashed = dir.join(".x.pvx.1.2.3.tmp");
    std::fs::write(&crashed, b"half").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&crashed)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let cache = Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap();
    let file = cache.file().unwrap().to_path_buf();
    assert!(file.exists());
    assert!(!crashed.exists());
    let indexes: Vec<PathBuf> = walk(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pvx"))
        .collect();
    assert_eq!(indexes.len(), 64);
    // The oldest went first.
    assert!(!dir.join("gone-0.pvx").exists());
    assert!(dir.join("gone-69.pvx").exists());
}

// ---------------------------------------------------------------------------
// The command line: every output byte-identical with and without the index.

fn planver(args: &[&str], cache: &Path) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_planver"))
        .args(args)
        .env("PLANVER_CACHE_DIR", cache)
        .output()
        .unwrap();
    (out.stdout, out.stderr, out.status.code())
}

fn cli_is_identical(bundle: &Path, questions: &[Vec<String>]) {
    let cache = bundle.with_file_name("cli-cache");
    let b = bundle.to_str().unwrap();
    let (out, _, code) = planver(&["index", b], &cache);
    assert_eq!(code, Some(0), "{}", String::from_utf8_lossy(&out));
    for question in questions {
        let mut args: Vec<&str> = question.iter().map(String::as_str).collect();
        args.insert(1, b);
        let with = planver(&args, &cache);
        let mut no_cache = args.clone();
        no_cache.insert(0, "--no-cache");
        let without = planver(&no_cache, &cache);
        assert!(
            with == without,
            "planver {}: with the index\n{}\n{}\nwithout\n{}\n{}",
            args.join(" "),
            String::from_utf8_lossy(&with.0),
            String::from_utf8_lossy(&with.1),
            String::from_utf8_lossy(&without.0),
            String::from_utf8_lossy(&without.1)
        );
    }
    // The index was used, not rebuilt.
    let (out, _, _) = planver(&["index", b], &cache);
    assert!(String::from_utf8_lossy(&out).ends_with("up to date\n"));
}

fn questions(full: &History, items: &[&str]) -> Vec<Vec<String>> {
    let revisions = full.revisions();
    let last = revisions.len() - 1;
    let dates = [
        revisions[0].from,
        revisions[last / 2].from,
        revisions[last].from,
        revisions[0].from - Days::new(1),
    ];
    let mut out = Vec::new();
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for item in items {
        for date in dates {
            let date = date.to_string();
            out.push(s(&[
                "at", "--item", item, "--date", &date, "--format", "json",
            ]));
            out.push(s(&["at", "--item", item, "--date", &date]));
        }
        out.push(s(&["log", "--item", item, "--format", "json"]));
        out.push(s(&["log", "--item", item]));
    }
    for date in [dates[1], dates[2]] {
        let date = date.to_string();
        out.push(s(&["at", "--date", &date, "--format", "json"]));
        out.push(s(&["at", "--date", &date]));
    }
    out.push(s(&["log"]));
    out.push(s(&["log", "--format", "json"]));
    for (from, to) in [(0, last), (last, 0), (last / 2, last), (0, 0)] {
        let (from, to) = (
            revisions[from].from.to_string(),
            revisions[to].from.to_string(),
        );
        for format in ["json", "text", "html"] {
            out.push(s(&[
                "diff", "--from", &from, "--to", &to, "--format", format, "--color", "never",
            ]));
        }
        out.push(s(&[
            "diff", "--from", &from, "--to", &to, "--item", items[0],
        ]));
    }
    for act in full.acts().iter().skip(1).take(3) {
        out.push(s(&["diff", "--act", &act.act.number, "--format", "json"]));
    }
    out.push(s(&["diff", "--act", "no-such-act"]));
    out
}

#[test]
fn the_command_line_prints_the_same_bytes_with_and_without_the_index() {
    let bundle = fixture("mintrud-2013-342");
    let full = built(&bundle);
    cli_is_identical(&bundle, &questions(&full, &["10", "1", "13", "404"]));

    let bundle = fixture("tomsk-2017-149");
    let full = built(&bundle);
    let first = full.revision(0).items().next().unwrap().number.clone();
    cli_is_identical(&bundle, &questions(&full, &[&first, "49", "404"]));

    let bundle = generated_bundle(3, 50, 30);
    let full = built(&bundle);
    let mut items: Vec<String> = numbers(&full).into_iter().step_by(9).collect();
    items.push("5".into());
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    cli_is_identical(&bundle, &questions(&full, &items));
}

// ---------------------------------------------------------------------------
// Properties.

proptest! {
    // 12 cases by default; PROPTEST_CASES=500 for a longer search.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(12),
        ..ProptestConfig::default()
    })]

    /// Whatever history, the cache answers every question as the built
    /// history does.
    #[test]
    fn any_generated_history_round_trips(seed in any::<u64>(), items in 3usize..30, orders in 1usize..25) {
        let bundle = generated_bundle(seed, items, orders);
        let dir = bundle.with_file_name("cache");
        let full = built(&bundle);
        Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap();
        check_scopes(&bundle, &dir, &full, false);
        let _ = std::fs::remove_dir_all(bundle.parent().unwrap());
    }

    /// Whatever bytes the cache file holds, the answers are right.
    #[test]
    fn any_damage_is_survived(cuts in prop::collection::vec((0.0f64..1.0, 1u8..=255), 1..4), truncate in prop::option::of(0.0f64..1.0)) {
        let bundle = fixture("tomsk-2017-149");
        let dir = bundle.with_file_name("cache");
        let full = built(&bundle);
        Cache::open_in(&bundle, Some(&dir), &Options::default()).unwrap();
        let mut bytes = std::fs::read(cache_file(&dir)).unwrap();
        for (at, xor) in cuts {
            let last = bytes.len() - 1;
            let i = ((bytes.len() as f64) * at) as usize;
            bytes[i.min(last)] ^= xor;
        }
        if let Some(keep) = truncate {
            bytes.truncate(((bytes.len() as f64) * keep) as usize);
        }
        survives(&bundle, &dir, &full, &bytes, "property");
        let _ = std::fs::remove_dir_all(bundle.parent().unwrap());
    }
}
