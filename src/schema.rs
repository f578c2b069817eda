//! JSON Schemas of the data formats, generated from the types themselves.

use crate::expectation::Expectation;
use crate::order::Order;
use crate::plan::Plan;

/// The JSON Schema of `plan.json`.
///
/// # Example
/// ```
/// let schema = planver::schema::plan();
/// assert_eq!(schema["title"], "Plan");
/// ```
pub fn plan() -> serde_json::Value {
    tidy(schemars::schema_for!(Plan).to_value())
}

/// The JSON Schema of an order in `amendments/`.
pub fn order() -> serde_json::Value {
    tidy(schemars::schema_for!(Order).to_value())
}

/// The JSON Schema of `expectations.json`: an array of expectations.
pub fn expectations() -> serde_json::Value {
    tidy(schemars::schema_for!(Vec<Expectation>).to_value())
}

/// Cuts the Rust examples and error sections out of descriptions taken from
/// doc comments: a schema reader wants the prose, not doctests.
fn tidy(mut schema: serde_json::Value) -> serde_json::Value {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(d)) = map.get_mut("description") {
                    for marker in ["\n# Example", "\n# Errors", "\n```"] {
                        if let Some(at) = d.find(marker) {
                            d.truncate(at);
                        }
                    }
                    let trimmed = d.trim_end().to_string();
                    *d = trimmed;
                }
                map.values_mut().for_each(walk);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut schema);
    schema
}

/// The JSON Schema of a diff: `planver diff --format json`, or a
/// [`Diff`](crate::Diff) serialized with serde.
///
/// # Example
/// ```
/// let schema = planver::schema::diff();
/// assert_eq!(schema["title"], "Diff");
/// ```
pub fn diff() -> serde_json::Value {
    schemars::schema_for!(crate::diff::DiffJson<'static>).to_value()
}
