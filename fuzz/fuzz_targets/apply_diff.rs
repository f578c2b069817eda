//! Apply and diff: a plan and orders as JSON (NUL-separated); every pair of
//! revisions diffs without panics, renders in every format, and the diff
//! turns the first revision into the second.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planver::{DiffOptions, History, Mode, Options, Order, Plan};

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == 0);
    let Some(plan) = parts.next() else { return };
    let Ok(plan) = serde_json::from_slice::<Plan>(plan) else {
        return;
    };
    let orders: Vec<Order> = parts
        .filter_map(|p| serde_json::from_slice(p).ok())
        .collect();
    let Ok(history) = History::build_with(plan, orders, &Options::default().mode(Mode::Lenient))
    else {
        return;
    };
    let n = history.revisions().len().min(6);
    let exact = DiffOptions::default().exact_whitespace(true);
    for from in 0..n {
        for to in 0..n {
            let diff = history.diff(from, to);
            let _ = planver::render::text(&diff, &Default::default());
            let _ = planver::render::html(&diff);
            let _ = planver::render::json(&diff).unwrap();
            let exact_diff = history.diff_with(from, to, &exact).unwrap();
            let before = history.revision(from).to_plan();
            let after = history.revision(to).to_plan();
            let applied = exact_diff
                .apply_to(&before)
                .expect("a diff applies to its own first revision");
            assert_eq!(applied.items, after.items);
            assert_eq!(applied.footnotes, after.footnotes);
        }
    }
});
