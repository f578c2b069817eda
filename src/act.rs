//! Legal acts: the act that approves a plan and the orders that amend it.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of a legal act (вид акта).
///
/// The JSON value is the Russian word in the nominative case, as printed on
/// the act: `"приказ"`, `"распоряжение"`, …
///
/// # Example
/// ```
/// use planver::ActKind;
/// assert_eq!(ActKind::Prikaz.genitive(), "приказа");
/// assert_eq!(ActKind::Rasporyazhenie.to_string(), "распоряжение");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub enum ActKind {
    /// приказ — an order of a ministry or agency.
    #[serde(rename = "приказ")]
    Prikaz,
    /// распоряжение — a directive.
    #[serde(rename = "распоряжение")]
    Rasporyazhenie,
    /// постановление — a resolution.
    #[serde(rename = "постановление")]
    Postanovlenie,
    /// указ — a decree.
    #[serde(rename = "указ")]
    Ukaz,
    /// решение — a decision.
    #[serde(rename = "решение")]
    Reshenie,
    /// закон — a law.
    #[serde(rename = "закон")]
    Zakon,
}

impl ActKind {
    /// The nominative form: «приказ».
    pub fn nominative(self) -> &'static str {
        match self {
            ActKind::Prikaz => "приказ",
            ActKind::Rasporyazhenie => "распоряжение",
            ActKind::Postanovlenie => "постановление",
            ActKind::Ukaz => "указ",
            ActKind::Reshenie => "решение",
            ActKind::Zakon => "закон",
        }
    }

    /// The genitive form used in citations: «(в ред. приказа …)».
    pub fn genitive(self) -> &'static str {
        match self {
            ActKind::Prikaz => "приказа",
            ActKind::Rasporyazhenie => "распоряжения",
            ActKind::Postanovlenie => "постановления",
            ActKind::Ukaz => "указа",
            ActKind::Reshenie => "решения",
            ActKind::Zakon => "закона",
        }
    }
}

impl fmt::Display for ActKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.nominative())
    }
}

/// A legal act: its kind, issuer, number, date signed and title.
///
/// `issuer` is written the way citations write it, in the genitive case:
/// «Минтруда России», «Департамента социальной защиты населения Томской
/// области». This is the form Russian legal databases print after the kind
/// of act, so planver never has to inflect a name.
///
/// # Example
/// ```
/// use planver::{Act, ActKind};
/// let act = Act::new(ActKind::Prikaz, "Минтруда России", "587", "2014-08-29".parse()?);
/// assert_eq!(act.citation(), "приказа Минтруда России от 29.08.2014 № 587");
/// assert_eq!(act.to_string(), "приказ Минтруда России от 29.08.2014 № 587");
/// # Ok::<(), chrono::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Act {
    /// вид акта.
    pub kind: ActKind,
    /// Who issued the act, in the genitive case («Минтруда России»).
    pub issuer: String,
    /// The act's number as printed («587», «1187-р»).
    pub number: String,
    /// The date the act was signed (дата подписания).
    pub date: NaiveDate,
    /// The act's title, if known («О внесении изменений в …»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Act {
    /// An act without a title.
    pub fn new(
        kind: ActKind,
        issuer: impl Into<String>,
        number: impl Into<String>,
        date: NaiveDate,
    ) -> Act {
        Act {
            kind,
            issuer: issuer.into(),
            number: number.into(),
            date,
            title: None,
        }
    }

    /// The act in the genitive case, as in «в ред. приказа Минтруда России
    /// от 29.08.2014 № 587».
    pub fn citation(&self) -> String {
        format!(
            "{} {} от {} № {}",
            self.kind.genitive(),
            self.issuer,
            format_date(self.date),
            self.number
        )
    }

    /// The provenance note that legal databases print after a changed unit:
    /// «(в ред. приказа Минтруда России от 29.08.2014 № 587)».
    pub fn edition_note(&self) -> String {
        format!("(в ред. {})", self.citation())
    }
}

impl fmt::Display for Act {
    /// The act in the nominative case: «приказ Минтруда России от 29.08.2014 № 587».
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} от {} № {}",
            self.kind.nominative(),
            self.issuer,
            format_date(self.date),
            self.number
        )
    }
}

/// A date the way Russian legal texts print it: `29.08.2014`.
///
/// # Example
/// ```
/// let d = chrono::NaiveDate::from_ymd_opt(2018, 3, 1).unwrap();
/// assert_eq!(planver::format_date(d), "01.03.2018");
/// ```
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_uses_russian_kind_names() {
        let act: Act = serde_json::from_str(
            r#"{"kind":"распоряжение","issuer":"Департамента","number":"45","date":"2018-02-15"}"#,
        )
        .unwrap();
        assert_eq!(act.kind, ActKind::Rasporyazhenie);
        assert_eq!(
            act.edition_note(),
            "(в ред. распоряжения Департамента от 15.02.2018 № 45)"
        );
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let err = serde_json::from_str::<Act>(
            r#"{"kind":"приказ","issuer":"X","number":"1","date":"2018-02-15","nubmer":"2"}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("nubmer"));
    }
}
