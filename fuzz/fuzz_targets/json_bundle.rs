//! JSON loading and applying: the input is a plan and orders as JSON,
//! separated by NUL bytes. Whatever they hold, planver must answer with a
//! value or an error — no panic, no hang — and its answers must agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planver::{History, Mode, Options, Order, Plan};

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == 0);
    let Some(plan) = parts.next() else { return };
    let Ok(plan) = serde_json::from_slice::<Plan>(plan) else {
        return;
    };
    let orders: Vec<Order> = parts
        .filter_map(|p| serde_json::from_slice::<Order>(p).ok())
        .collect();
    // Round trips of what was read.
    let again: Plan = serde_json::from_str(&serde_json::to_string(&plan).unwrap()).unwrap();
    assert_eq!(again, plan);
    let strict = History::build(plan.clone(), orders.clone());
    let Ok(lenient) = History::build_with(plan, orders, &Options::default().mode(Mode::Lenient))
    else {
        assert!(strict.is_err());
        return;
    };
    // Lenient refuses exactly what strict refuses.
    assert_eq!(strict.is_ok(), lenient.refusals().is_empty());
    for info in lenient.revisions() {
        let revision = lenient.revision(info.index);
        for item in revision.items() {
            let at = lenient.item_at(&item.number, info.from).unwrap();
            assert_eq!(at.version(), item);
            let _ = at.status_note();
            let _ = at.pending();
        }
        let _ = serde_json::to_string(&revision.to_plan()).unwrap();
        let _ = lenient.items_changed(0, info.index);
    }
});
