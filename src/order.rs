//! Amendment orders: an act and the ordered operations it makes.

use crate::act::Act;
use crate::operation::Operation;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An amendment order (акт о внесении изменений): the act, the date it takes
/// effect, and its operations in the order given.
///
/// The operations of one order apply **in sequence**: each sees the text left
/// by those before it. So «пункт 10 изложить …» followed by a word replacement
/// in item 10 replaces words of the new wording.
///
/// # Example
/// ```
/// let order: planver::Order = serde_json::from_str(r#"{
///   "act": {"kind": "приказ", "issuer": "Минтруда России", "number": "587", "date": "2014-08-29"},
///   "operations": [{"op": "repeal_item", "item": "5"}]
/// }"#)?;
/// assert_eq!(order.effective_date().to_string(), "2014-08-29");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// The amending act.
    pub act: Act,
    /// The date the changes take effect (вступает в силу). Absent means the
    /// date signed. May be later, or earlier (retroactive effect,
    /// «распространяется на правоотношения, возникшие с …»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
    /// The edition the order says it amends, as written in its preamble
    /// («в редакции приказа … от … № …»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amends: Option<String>,
    /// The operations, in the order given.
    pub operations: Vec<Operation>,
}

impl Order {
    /// The date the order takes effect: [`effective`](Order::effective), or
    /// else the date signed.
    pub fn effective_date(&self) -> NaiveDate {
        self.effective.unwrap_or(self.act.date)
    }
}
