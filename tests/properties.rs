//! Invariants of applying orders, over generated plans and orders of every
//! operation kind (valid and invalid alike).

mod common;

use common::{Sections, config, history, lenient, orders_json, parse, plan_json};
use planver::{Error, History, Order, Plan};
use proptest::prelude::*;
use serde_json::Value;

/// Every revision as plain JSON, for comparing histories.
fn snapshot(h: &History) -> Vec<Value> {
    (0..h.revisions().len())
        .map(|i| serde_json::to_value(h.revision(i).to_plan()).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(config(250))]

    #[test]
    fn application_is_deterministic(plan in plan_json(Sections::Any), orders in orders_json(0..5)) {
        let (p, o) = parse(&plan, &orders);
        let a = lenient(p.clone(), o.clone());
        let b = lenient(p, o);
        prop_assert_eq!(snapshot(&a), snapshot(&b));
        prop_assert_eq!(a.refusals(), b.refusals());
    }

    #[test]
    fn the_revision_before_the_first_order_is_the_base(plan in plan_json(Sections::Any), orders in orders_json(0..5)) {
        let (p, o) = parse(&plan, &orders);
        let h = lenient(p.clone(), o);
        let mut base = h.revision(0).to_plan();
        base.effective = None;
        prop_assert_eq!(base, p.clone());
        let before = h.revision_at("2014-01-01".parse().unwrap()).unwrap().to_plan();
        prop_assert_eq!(before.items, p.items);
    }

    #[test]
    fn lenient_refuses_exactly_what_strict_refuses(plan in plan_json(Sections::Any), orders in orders_json(0..5)) {
        let (p, o) = parse(&plan, &orders);
        let strict = History::build(p.clone(), o.clone());
        let lenient = lenient(p, o);
        match strict {
            Ok(h) => {
                prop_assert!(lenient.refusals().is_empty());
                prop_assert_eq!(snapshot(&h), snapshot(&lenient));
            }
            Err(Error::Apply(e)) => {
                prop_assert!(!lenient.refusals().is_empty());
                prop_assert_eq!(&*e, &lenient.refusals()[0].error);
            }
            Err(other) => prop_assert!(false, "unexpected error {}", other),
        }
    }

    #[test]
    fn orders_one_by_one_equal_all_at_once(plan in plan_json(Sections::Any), orders in orders_json(0..5)) {
        let (p, o) = parse(&plan, &orders);
        let all = lenient(p.clone(), o.clone());
        // Each prefix of the history (in application order) is the history of that prefix.
        let mut sorted = o.clone();
        sorted.sort_by_key(|o| (o.effective_date(), o.act.date));
        for k in 0..=sorted.len() {
            let part = lenient(p.clone(), sorted[..k].to_vec());
            let last = part.revisions().len() - 1;
            let date = part.revisions()[last].from;
            if k < sorted.len() && sorted[k].effective_date() == date && k > 0 {
                continue; // the next order shares this revision
            }
            prop_assert_eq!(
                serde_json::to_value(part.revision(last).to_plan()).unwrap(),
                serde_json::to_value(all.revision_at(date).unwrap().to_plan()).unwrap()
            );
        }
    }

    #[test]
    fn provenance_names_an_act_in_force(plan in plan_json(Sections::Any), orders in orders_json(0..5)) {
        let h = history(&plan, &orders);
        for info in h.revisions() {
            let rev = h.revision(info.index);
            for item in rev.items() {
                for (_, cell) in item.cells() {
                    prop_assert!(h.act(cell.source).effective <= info.from);
                }
            }
        }
    }

    #[test]
    fn json_round_trip_is_the_identity(plan in plan_json(Sections::Any), orders in orders_json(0..5)) {
        let (p, o) = parse(&plan, &orders);
        let back: Plan = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        prop_assert_eq!(back, p);
        for order in o {
            let back: Order = serde_json::from_str(&serde_json::to_string(&order).unwrap()).unwrap();
            prop_assert_eq!(back, order);
        }
    }

    #[test]
    fn item_at_agrees_with_the_whole_revision(plan in plan_json(Sections::Any), orders in orders_json(0..5)) {
        let h = history(&plan, &orders);
        for info in h.revisions() {
            let rev = h.revision(info.index);
            for item in rev.items() {
                let at = h.item_at(&item.number, info.from).unwrap();
                prop_assert_eq!(at.version(), item);
            }
        }
    }
}
