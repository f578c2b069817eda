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
    /// Set when the effective date is not known from the text and its facts
    /// but assumed (the date signed), with the reason: shown wherever the
    /// date is shown. The order reader sets it; absent means the date is as
    /// stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_assumed: Option<EffectiveAssumption>,
    /// The edition the order says it amends, as written in its preamble
    /// («в редакции приказа … от … № …»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amends: Option<String>,
    /// The operations, in the order given.
    pub operations: Vec<Operation>,
}

/// Why an order's effective date is an assumption rather than a fact.
///
/// Russian orders often take effect «со дня официального опубликования» or
/// «через 10 дней после дня его официального опубликования», and the text
/// of the order does not carry its own publication date. Until that fact is
/// given (the `published` field of a `.meta.json` beside a `.txt` order),
/// planver uses the date signed and says so.
///
/// # Example
/// ```
/// use planver::EffectiveAssumption;
/// let a = EffectiveAssumption::PublicationUnknown { days_after: 10 };
/// assert_eq!(
///     a.to_string(),
///     "акт вступает в силу через 10 дней после дня официального опубликования, \
///      дата которого не указана; принята дата подписания"
/// );
/// let json = serde_json::to_string(&a)?;
/// assert_eq!(json, r#"{"reason":"publication_unknown","days_after":10}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "reason", rename_all = "snake_case", deny_unknown_fields)]
pub enum EffectiveAssumption {
    /// The order takes effect on (or some days after) its official
    /// publication, and the publication date was not given.
    PublicationUnknown {
        /// Days after publication the clause names (0 for «со дня
        /// официального опубликования»).
        days_after: u32,
    },
    /// The text has no clause on taking effect at all.
    NoClause,
}

impl std::fmt::Display for EffectiveAssumption {
    /// The reason, in the Russian terms the CLI prints.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            EffectiveAssumption::PublicationUnknown { days_after: 0 } => f.write_str(
                "акт вступает в силу со дня официального опубликования, дата которого \
                 не указана; принята дата подписания",
            ),
            EffectiveAssumption::PublicationUnknown { days_after } => write!(
                f,
                "акт вступает в силу через {days_after} {} после дня официального \
                 опубликования, дата которого не указана; принята дата подписания",
                days_word(days_after)
            ),
            EffectiveAssumption::NoClause => f.write_str(
                "в тексте акта нет положения о вступлении в силу; принята дата подписания",
            ),
        }
    }
}

/// «день», «дня» or «дней», as Russian agrees the noun with a number.
fn days_word(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=14) => "дней",
        (1, _) => "день",
        (2..=4, _) => "дня",
        _ => "дней",
    }
}

impl Order {
    /// The date the order takes effect: [`effective`](Order::effective), or
    /// else the date signed.
    pub fn effective_date(&self) -> NaiveDate {
        self.effective.unwrap_or(self.act.date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_agree_with_their_number() {
        let say = |d| EffectiveAssumption::PublicationUnknown { days_after: d }.to_string();
        assert!(say(1).contains("через 1 день "));
        assert!(say(3).contains("через 3 дня "));
        assert!(say(10).contains("через 10 дней "));
        assert!(say(12).contains("через 12 дней "));
        assert!(say(21).contains("через 21 день "));
        assert!(say(0).contains("со дня официального опубликования"));
    }
}
