//! The plan-table reader on arbitrary text: a plan or an error, never a
//! panic or a hang; a plan it returns is valid and survives a JSON round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(import) = planver::import::read_plan(text) {
        let json = serde_json::to_string(&import.plan).unwrap();
        let back: planver::Plan = serde_json::from_str(&json).unwrap();
        assert_eq!(back, import.plan);
        for d in &import.diagnostics {
            assert!(d.line >= 1 && d.column >= 1);
        }
        if import.plan.validate().is_ok() {
            let _ = planver::History::build(import.plan, Vec::new());
        }
    }
});
