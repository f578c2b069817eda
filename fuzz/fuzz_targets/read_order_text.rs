//! The order reader on arbitrary text, with and without a plan to resolve
//! against: never a panic or a hang; diagnostics point inside the text; an
//! order read without errors applies (strictly or leniently) without panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planver::import::{OrderReadOptions, read_order};
use std::sync::OnceLock;

fn plan() -> &'static planver::Plan {
    static PLAN: OnceLock<planver::Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let text = include_str!("../../fixtures/mintrud-2013-342/plan.json");
        serde_json::from_str(text).unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.split('\n').count();
    for options in [
        OrderReadOptions::new(),
        OrderReadOptions::new().plan(plan()),
    ] {
        let import = read_order(text, &options);
        for d in import.diagnostics.iter().chain(&import.assumptions) {
            assert!(d.line >= 1 && d.line <= lines, "line {} of {lines}", d.line);
            assert!(d.column >= 1);
        }
        let json = serde_json::to_string(&import.order).unwrap();
        let back: planver::Order = serde_json::from_str(&json).unwrap();
        assert_eq!(back, import.order);
        if !import.has_errors() && options.plan.is_some() {
            let _ = planver::History::build_with(
                plan().clone(),
                vec![import.order],
                &planver::Options::default().mode(planver::Mode::Lenient),
            );
        }
    }
});
