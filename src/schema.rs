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
    schemars::schema_for!(Plan).to_value()
}

/// The JSON Schema of an order in `amendments/`.
pub fn order() -> serde_json::Value {
    schemars::schema_for!(Order).to_value()
}

/// The JSON Schema of `expectations.json`: an array of expectations.
pub fn expectations() -> serde_json::Value {
    schemars::schema_for!(Vec<Expectation>).to_value()
}
