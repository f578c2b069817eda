//! Deadlines (сроки): the phrases of a plan's «Срок» column read into
//! structured values kept beside the original text, a lint for implausible
//! ones, and the question «what falls due by a date?».
//!
//! A deadline phrase is read into [`Term`]s, one per thing it says:
//!
//! | phrase | [`TermKind`] | latest date |
//! |---|---|---|
//! | «до 10.04.2017» | [`By`](TermKind::By) a [`Due::Date`] | 10.04.2017 |
//! | «не позднее 1 апреля года, следующего за отчетным» | [`By`](TermKind::By) a [`Due::FollowingYear`] | — (depends on the reporting year) |
//! | «IV кв. 2014 г.», «1 кв. 2018», «I квартал 2015 года» | [`Quarter`](TermKind::Quarter) | the quarter's last day |
//! | «I полугодие 2017», «1 полугодие 2017» | [`Half`](TermKind::Half) | 30.06 or 31.12 |
//! | «декабрь 2017 г.», «в марте 2018 года» | [`Month`](TermKind::Month) | the month's last day |
//! | «2018», «2018 год» | [`Year`](TermKind::Year) | 31.12 |
//! | «2017-2018» | [`Years`](TermKind::Years) | 31.12 of the last year |
//! | «ежегодно до 1 февраля» | [`Recurring`](TermKind::Recurring) | — ([`Term::next_due`] gives the next one) |
//! | «постоянно», «на регулярной основе», «по мере необходимости» | [`Continuous`](TermKind::Continuous) | — |
//! | anything else | [`Unparsed`](TermKind::Unparsed) | — |
//!
//! «далее – …» marks the terms after it as a continuation ([`Term::then`]):
//! «IV кв. 2013 г., далее – на регулярной основе» is a quarter, then a
//! continuous obligation.
//!
//! Nothing is lost: the [`Deadline`] keeps the text as written, each term
//! keeps the words it was read from, and words that are not understood stay
//! as an [`Unparsed`](TermKind::Unparsed) term. Where the reading rests on an
//! assumption — «Полугодие 2017» without a number, the letter «И» where a
//! roman numeral belongs, a word split in two by a line break — the term
//! says so in its [`assumptions`](Term::assumptions), and
//! [`lint_deadlines`] reports it.
//!
//! ```
//! use planver::{Deadline, TermKind};
//!
//! let d = Deadline::parse("1 кв. 2018, далее постоянно");
//! assert_eq!(d.terms()[0].kind, TermKind::Quarter { quarter: 1, year: 2018 });
//! assert_eq!(d.latest(), "2018-03-31".parse().ok());
//! assert!(d.terms()[1].then);
//! assert!(matches!(d.terms()[1].kind, TermKind::Continuous { .. }));
//! assert_eq!(d.text(), "1 кв. 2018, далее постоянно");
//! ```

use crate::act::format_date;
use crate::history::History;
use crate::plan::{Column, Plan};
use crate::revision::{ItemVersion, Revision};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

/// A deadline phrase (срок) and what it says: the text as written and the
/// [`Term`]s read from it.
///
/// # Example
/// ```
/// use planver::{Deadline, Due, Period, TermKind};
///
/// let d = Deadline::parse("1 полугодие 2017, далее ежегодно до 1 февраля года, следующего за отчетным");
/// assert_eq!(d.terms().len(), 2);
/// assert_eq!(d.terms()[0].kind, TermKind::Half { half: 1, year: 2017 });
/// assert_eq!(
///     d.terms()[1].kind,
///     TermKind::Recurring { every: Period::Year, due: Some(Due::FollowingYear { day: 1, month: 2 }) }
/// );
/// assert!(d.falls_by("2017-06-30".parse()?));
/// assert!(!d.falls_by("2017-06-29".parse()?));
/// # Ok::<(), chrono::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    text: String,
    terms: Vec<Term>,
}

/// One thing a deadline phrase says: «IV кв. 2014 г.», «далее постоянно».
///
/// # Example
/// ```
/// let d = planver::Deadline::parse("IV кв. 2013 г. - в части ОС");
/// let term = &d.terms()[0];
/// assert_eq!(term.text, "IV кв. 2013 г. - в части ОС");
/// assert_eq!(term.scope.as_deref(), Some("в части ОС"));
/// assert_eq!(term.latest(), "2013-12-31".parse().ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// What the words say.
    pub kind: TermKind,
    /// The words this term was read from, as written.
    pub text: String,
    /// Where [`text`](Term::text) is in the deadline's text, in bytes.
    pub span: Range<usize>,
    /// True when the term follows «далее» («затем», «в дальнейшем»): it
    /// applies after the terms before it.
    pub then: bool,
    /// The part of the measure the term is for: «в части ОС».
    pub scope: Option<String>,
    /// What the reading assumed; empty when the words are unambiguous.
    pub assumptions: Vec<Assumption>,
}

/// What a deadline term says.
///
/// # Example
/// ```
/// use planver::{Deadline, TermKind};
/// assert_eq!(Deadline::parse("2019-2020").terms()[0].kind, TermKind::Years { from: 2019, to: 2020 });
/// assert_eq!(Deadline::parse("2018 год").terms()[0].kind, TermKind::Year { year: 2018 });
/// assert!(matches!(Deadline::parse("по согласованию").terms()[0].kind, TermKind::Unparsed));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum TermKind {
    /// By a date: «до 10.04.2017», «не позднее 1 апреля года, следующего за
    /// отчетным».
    By {
        /// The date, absolute or relative.
        due: Due,
    },
    /// A quarter: «IV кв. 2014 г.», «1 кв. 2018», «I квартал 2015 года».
    /// The number is as written; a year has quarters 1 to 4 and the lint
    /// reports any other.
    Quarter {
        /// The quarter's number as written (1–4 in a sound text).
        quarter: u32,
        /// The year as written.
        year: i32,
    },
    /// A half-year: «I полугодие 2017», «1 полугодие 2017».
    Half {
        /// The half's number as written (1 or 2 in a sound text).
        half: u32,
        /// The year as written.
        year: i32,
    },
    /// A month: «декабрь 2017 г.», «в марте 2018 года».
    Month {
        /// The month, 1–12.
        month: u32,
        /// The year as written.
        year: i32,
    },
    /// A year: «2018», «2018 год», «в течение 2018 года».
    Year {
        /// The year as written.
        year: i32,
    },
    /// A range of years: «2017-2018», «2019 – 2020 гг.».
    Years {
        /// The first year.
        from: i32,
        /// The last year.
        to: i32,
    },
    /// A recurring deadline: «ежегодно», «ежегодно до 1 февраля»,
    /// «ежеквартально до 10 числа месяца, следующего за отчетным».
    Recurring {
        /// How often.
        every: Period,
        /// By when in each period, if the text says.
        due: Option<Due>,
    },
    /// A continuous obligation: «постоянно», «на постоянной основе», «на
    /// регулярной основе», «по мере необходимости».
    Continuous {
        /// The condition, if any: «по мере изменения набора открытых данных».
        condition: Option<String>,
    },
    /// Words not understood as a deadline; [`Term::text`] holds them.
    Unparsed,
}

/// A date a deadline names: absolute, or relative to a reporting period.
///
/// # Example
/// ```
/// use planver::{Deadline, Due, TermKind};
/// let d = Deadline::parse("не позднее 14.05. года, следующего за отчетным");
/// assert_eq!(d.terms()[0].kind, TermKind::By { due: Due::FollowingYear { day: 14, month: 5 } });
/// assert_eq!(Due::FollowingYear { day: 14, month: 5 }.to_string(), "14 мая года, следующего за отчетным");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Due {
    /// A calendar date: «10.04.2017», «10 апреля 2017 г.».
    Date {
        /// The date.
        date: NaiveDate,
    },
    /// A day of a month, with no year: «1 февраля».
    DayMonth {
        /// The day of the month.
        day: u32,
        /// The month, 1–12.
        month: u32,
    },
    /// A day of the year after the reporting one: «1 апреля года,
    /// следующего за отчетным», «1 мая следующего за отчетным года».
    FollowingYear {
        /// The day of the month.
        day: u32,
        /// The month, 1–12.
        month: u32,
    },
    /// A day of the month after the reporting period: «10 числа месяца,
    /// следующего за отчетным».
    FollowingMonth {
        /// The day of the month.
        day: u32,
    },
    /// A day of the month: «до 5 числа».
    DayOfMonth {
        /// The day of the month.
        day: u32,
    },
}

/// How often a recurring deadline comes round.
///
/// # Example
/// ```
/// assert_eq!(planver::Period::Quarter.to_string(), "ежеквартально");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Period {
    /// ежедневно.
    Day,
    /// еженедельно.
    Week,
    /// ежемесячно.
    Month,
    /// ежеквартально.
    Quarter,
    /// раз в полугодие.
    HalfYear,
    /// ежегодно.
    Year,
}

/// An assumption a reading rests on, for a person to check against the
/// official text.
///
/// # Example
/// ```
/// use planver::{Assumption, Deadline, TermKind};
/// let d = Deadline::parse("Полугодие 2017");
/// assert_eq!(d.terms()[0].kind, TermKind::Half { half: 1, year: 2017 });
/// assert_eq!(d.terms()[0].assumptions, [Assumption::UnnumberedHalf]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Assumption {
    /// «Полугодие 2017» without a number is read as the first half-year: the
    /// half that a plan approved in spring reaches first, and the reading
    /// that gives the earlier, safer date.
    UnnumberedHalf,
    /// The text has a misprint, read as the word it stands for: «И
    /// полугодие» as «I полугодие», «ежекварталь но» as «ежеквартально».
    Misprint {
        /// What the text has.
        written: String,
        /// How it was read.
        read: String,
    },
    /// The words stop short: «постоянно по мере» with no condition after.
    Incomplete {
        /// The words that stop short.
        text: String,
    },
}

impl fmt::Display for Assumption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Assumption::UnnumberedHalf => {
                f.write_str("«полугодие» without a number read as the first half-year")
            }
            Assumption::Misprint { written, read } => {
                write!(f, "«{}» read as «{read}»", collapse(written))
            }
            Assumption::Incomplete { text } => write!(f, "«{}» stops short", collapse(text)),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Period::Day => "ежедневно",
            Period::Week => "еженедельно",
            Period::Month => "ежемесячно",
            Period::Quarter => "ежеквартально",
            Period::HalfYear => "раз в полугодие",
            Period::Year => "ежегодно",
        })
    }
}

const MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

fn month_name(month: u32) -> &'static str {
    month
        .checked_sub(1)
        .and_then(|i| MONTHS.get(i as usize))
        .copied()
        .unwrap_or("?")
}

impl fmt::Display for Due {
    /// The date in the words of a plan: «1 апреля года, следующего за отчетным».
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Due::Date { date } => f.write_str(&format_date(date)),
            Due::DayMonth { day, month } => write!(f, "{day} {}", month_name(month)),
            Due::FollowingYear { day, month } => write!(
                f,
                "{day} {} года, следующего за отчетным",
                month_name(month)
            ),
            Due::FollowingMonth { day } => {
                write!(f, "{day} числа месяца, следующего за отчетным")
            }
            Due::DayOfMonth { day } => write!(f, "{day} числа"),
        }
    }
}

impl Due {
    /// The calendar date, when the deadline names one.
    ///
    /// # Example
    /// ```
    /// use planver::Due;
    /// let date = "2017-04-10".parse()?;
    /// assert_eq!(Due::Date { date }.date(), Some(date));
    /// assert_eq!(Due::DayMonth { day: 1, month: 2 }.date(), None);
    /// # Ok::<(), chrono::ParseError>(())
    /// ```
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Due::Date { date } => Some(date),
            _ => None,
        }
    }
}

impl TermKind {
    /// The last day the term allows: the date of «до …», the last day of a
    /// quarter, half-year, year or range of years. `None` for recurring,
    /// continuous and unparsed terms, for dates relative to a reporting
    /// period, and for periods that do not exist (quarter V).
    ///
    /// # Example
    /// ```
    /// use planver::TermKind;
    /// let q = TermKind::Quarter { quarter: 4, year: 2014 };
    /// assert_eq!(q.latest(), "2014-12-31".parse().ok());
    /// assert_eq!(TermKind::Quarter { quarter: 5, year: 2014 }.latest(), None);
    /// ```
    pub fn latest(&self) -> Option<NaiveDate> {
        match *self {
            TermKind::By { due } => due.date(),
            TermKind::Quarter { quarter, year } if (1..=4).contains(&quarter) => {
                last_day_of_month(year, quarter * 3)
            }
            TermKind::Half { half, year } if (1..=2).contains(&half) => {
                last_day_of_month(year, half * 6)
            }
            TermKind::Month { month, year } => last_day_of_month(year, month),
            TermKind::Year { year } => NaiveDate::from_ymd_opt(year, 12, 31),
            TermKind::Years { from, to } if from <= to => NaiveDate::from_ymd_opt(to, 12, 31),
            _ => None,
        }
    }

    /// True for a term with a date: by a date, a quarter, a half-year, a
    /// year or a range of years.
    ///
    /// # Example
    /// ```
    /// use planver::TermKind;
    /// assert!(TermKind::Year { year: 2018 }.is_dated());
    /// assert!(!TermKind::Continuous { condition: None }.is_dated());
    /// ```
    pub fn is_dated(&self) -> bool {
        matches!(
            self,
            TermKind::By { .. }
                | TermKind::Quarter { .. }
                | TermKind::Half { .. }
                | TermKind::Month { .. }
                | TermKind::Year { .. }
                | TermKind::Years { .. }
        )
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month >= 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

impl Term {
    /// The last day the term allows; see [`TermKind::latest`].
    ///
    /// # Example
    /// ```
    /// let d = planver::Deadline::parse("до 10.04.2017");
    /// assert_eq!(d.terms()[0].latest(), "2017-04-10".parse().ok());
    /// ```
    pub fn latest(&self) -> Option<NaiveDate> {
        self.kind.latest()
    }

    /// For a recurring term, the first date it falls due on or after
    /// `from`: «ежегодно до 1 февраля» from 02.02.2018 is 01.02.2019;
    /// «ежеквартально до 10 числа месяца, следующего за отчетным» comes
    /// round on the 10th of January, April, July and October. `None` when
    /// the term is not recurring or does not say when in the period.
    ///
    /// # Example
    /// ```
    /// let d = planver::Deadline::parse("ежегодно до 1 февраля");
    /// let next = d.terms()[0].next_due("2018-02-02".parse()?);
    /// assert_eq!(next, "2019-02-01".parse().ok());
    /// # Ok::<(), chrono::ParseError>(())
    /// ```
    pub fn next_due(&self, from: NaiveDate) -> Option<NaiveDate> {
        let TermKind::Recurring {
            every,
            due: Some(due),
        } = self.kind
        else {
            return None;
        };
        let (day, months): (u32, &[u32]) = match (every, due) {
            (_, Due::Date { date }) => return (date >= from).then_some(date),
            (Period::Year, Due::DayMonth { day, month } | Due::FollowingYear { day, month }) => (
                day,
                std::slice::from_ref(MONTH_NUMBERS.get(month.checked_sub(1)? as usize)?),
            ),
            (Period::Quarter, Due::FollowingMonth { day }) => (day, &[1, 4, 7, 10]),
            (Period::HalfYear, Due::FollowingMonth { day }) => (day, &[1, 7]),
            (Period::Month, Due::FollowingMonth { day } | Due::DayOfMonth { day }) => {
                (day, &MONTH_NUMBERS)
            }
            _ => return None,
        };
        let (mut y, mut m) = (from.year(), from.month());
        for _ in 0..26 {
            if months.contains(&m) {
                let last = last_day_of_month(y, m)?.day();
                let date = NaiveDate::from_ymd_opt(y, m, day.min(last))?;
                if date >= from {
                    return Some(date);
                }
            }
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        None
    }
}

const MONTH_NUMBERS: [u32; 12] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

impl Serialize for Term {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Repr<'a> {
            #[serde(flatten)]
            kind: &'a TermKind,
            text: &'a str,
            span: &'a Range<usize>,
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            then: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            scope: &'a Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            latest: Option<NaiveDate>,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            assumptions: &'a [Assumption],
        }
        Repr {
            kind: &self.kind,
            text: &self.text,
            span: &self.span,
            then: self.then,
            scope: &self.scope,
            latest: self.latest(),
            assumptions: &self.assumptions,
        }
        .serialize(serializer)
    }
}

impl Deadline {
    /// Reads a deadline phrase. Never fails: words that are not understood
    /// become [`Unparsed`](TermKind::Unparsed) terms.
    ///
    /// # Example
    /// ```
    /// use planver::{Deadline, TermKind};
    /// let d = Deadline::parse("IV кв. 2013 г., далее – на регулярной основе");
    /// assert_eq!(d.terms()[0].kind, TermKind::Quarter { quarter: 4, year: 2013 });
    /// assert_eq!(d.terms()[1].kind, TermKind::Continuous { condition: None });
    /// assert!(d.terms()[1].then);
    /// ```
    pub fn parse(text: &str) -> Deadline {
        let raws = parse_raw(text);
        Deadline::from_raw(text, &raws, 0)
    }

    fn from_raw(text: &str, raws: &[Raw], offset: usize) -> Deadline {
        let terms = raws
            .iter()
            .map(|r| Term {
                kind: r.kind.clone(),
                text: text
                    .get(r.span.start - offset..r.span.end - offset)
                    .unwrap_or("")
                    .to_string(),
                span: r.span.start - offset..r.span.end - offset,
                then: r.then,
                scope: r.scope.clone(),
                assumptions: r.assumptions.clone(),
            })
            .collect();
        Deadline {
            text: text.to_string(),
            terms,
        }
    }

    /// The phrase as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The terms read from the phrase, in reading order.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The latest date among the dated terms: the day by which everything
    /// with a date is due. `None` when no term has a date.
    ///
    /// # Example
    /// ```
    /// let d = planver::Deadline::parse("IV кв. 2013 г. - в части ОС, IV кв. 2014 г. - в части ЭС");
    /// assert_eq!(d.latest(), "2014-12-31".parse().ok());
    /// ```
    pub fn latest(&self) -> Option<NaiveDate> {
        self.terms.iter().filter_map(Term::latest).max()
    }

    /// True when some dated term falls due on or before `date`.
    ///
    /// # Example
    /// ```
    /// let d = planver::Deadline::parse("2017-2018, далее постоянно");
    /// assert!(d.falls_by("2018-12-31".parse()?));
    /// assert!(!d.falls_by("2018-12-30".parse()?));
    /// # Ok::<(), chrono::ParseError>(())
    /// ```
    pub fn falls_by(&self, date: NaiveDate) -> bool {
        self.terms
            .iter()
            .any(|t| t.latest().is_some_and(|l| l <= date))
    }

    /// True when every word was understood: no [`Unparsed`](TermKind::Unparsed) term.
    ///
    /// # Example
    /// ```
    /// assert!(planver::Deadline::parse("постоянно").is_understood());
    /// assert!(!planver::Deadline::parse("по графику").is_understood());
    /// ```
    pub fn is_understood(&self) -> bool {
        !self.terms.iter().any(|t| t.kind == TermKind::Unparsed)
    }
}

impl fmt::Display for Deadline {
    /// The phrase as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&str> for Deadline {
    fn from(text: &str) -> Deadline {
        Deadline::parse(text)
    }
}

/// A deadline phrase found inside a longer cell.
///
/// # Example
/// ```
/// let cell = "Информация размещена на официальном сайте,\nIII кв. 2014 г.";
/// let found = planver::find_deadlines(cell);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].deadline.text(), "III кв. 2014 г.");
/// assert_eq!(&cell[found[0].span.clone()], "III кв. 2014 г.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundDeadline {
    /// Where the phrase is in the cell, in bytes.
    pub span: Range<usize>,
    /// The phrase, read.
    pub deadline: Deadline,
}

/// Finds the deadline phrases inside a longer cell, such as the Mintrud
/// plan's «Результаты и сроки реализации», where the deadline follows the
/// result on its own line: «…размещен на официальном сайте,\nIII кв. 2013
/// г.». Each phrase is a run of terms with nothing else between them
/// («IV кв. 2014 г.,\nдалее –\nна регулярной основе» is one). The rest of
/// the cell is not a deadline and is left out.
///
/// # Example
/// ```
/// use planver::{TermKind, find_deadlines};
/// let cell = "Сформирован соответствующий план-график мероприятий\n на 2013 - 2018 годы,\nIV кв. 2013 г.,\nдалее –\nна регулярной основе";
/// let found = find_deadlines(cell);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].deadline.text(), "IV кв. 2013 г.,\nдалее –\nна регулярной основе");
/// assert_eq!(found[0].deadline.terms()[0].kind, TermKind::Quarter { quarter: 4, year: 2013 });
/// ```
pub fn find_deadlines(text: &str) -> Vec<FoundDeadline> {
    let raws = parse_raw(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < raws.len() {
        if raws[i].kind == TermKind::Unparsed {
            i += 1;
            continue;
        }
        let first = i;
        while i < raws.len() && raws[i].kind != TermKind::Unparsed {
            i += 1;
        }
        let group = &raws[first..i];
        let start = group[0].lead;
        let end = group[group.len() - 1].span.end;
        let phrase = text.get(start..end).unwrap_or("");
        found.push(FoundDeadline {
            span: start..end,
            deadline: Deadline::from_raw(phrase, group, start),
        });
    }
    found
}

// ---------------------------------------------------------------------------
// Reading

/// A term as the reader finds it, before it becomes a public [`Term`].
#[derive(Debug, Clone)]
struct Raw {
    kind: TermKind,
    span: Range<usize>,
    /// Where the term's lead-in («далее –») starts; `span.start` without one.
    lead: usize,
    then: bool,
    scope: Option<String>,
    assumptions: Vec<Assumption>,
}

/// Case-folds a letter for comparison: lower case, «ё» as «е».
fn fold(c: char) -> char {
    match c {
        'ё' | 'Ё' => 'е',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‑' | '−')
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{b}' | '\u{c}'
    )
}

fn is_inline_space(c: char) -> bool {
    c.is_whitespace() && !is_line_break(c)
}

/// A position in the text being read.
#[derive(Debug, Clone, Copy)]
struct Cursor<'s> {
    s: &'s str,
    pos: usize,
}

impl<'s> Cursor<'s> {
    fn rest(&self) -> &'s str {
        self.s.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek2(&self) -> Option<char> {
        self.rest().chars().nth(1)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, f: impl Fn(char) -> bool) -> bool {
        match self.peek() {
            Some(c) if f(c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    /// Skips white space, line breaks included; true when there was some.
    fn ws(&mut self) -> bool {
        let start = self.pos;
        while self.eat(char::is_whitespace) {}
        self.pos > start
    }

    fn inline_ws(&mut self) {
        while self.eat(is_inline_space) {}
    }

    /// Matches `p` ignoring case (and «ё»), with no word boundary check.
    fn lit(&mut self, p: &str) -> bool {
        let mut chars = self.rest().char_indices();
        let mut end = 0;
        for pc in p.chars() {
            match chars.next() {
                Some((i, c)) if fold(c) == fold(pc) => end = i + c.len_utf8(),
                _ => return false,
            }
        }
        self.pos += end;
        true
    }

    /// True when no letter or digit follows.
    fn boundary(&self) -> bool {
        !self.peek().is_some_and(char::is_alphanumeric)
    }

    /// Matches a whole word.
    fn word(&mut self, w: &str) -> bool {
        let save = self.pos;
        if self.lit(w) && self.boundary() {
            true
        } else {
            self.pos = save;
            false
        }
    }

    /// Matches whole words separated by white space.
    fn phrase(&mut self, words: &[&str]) -> bool {
        let save = self.pos;
        for (i, w) in words.iter().enumerate() {
            if (i > 0 && !self.ws()) || !self.word(w) {
                self.pos = save;
                return false;
            }
        }
        true
    }

    fn any_phrase(&mut self, phrases: &[&[&str]]) -> bool {
        phrases.iter().any(|p| self.phrase(p))
    }

    fn letters(&mut self) {
        while self.eat(char::is_alphabetic) {}
    }

    /// A run of `min..=max` ASCII digits, not part of a longer run.
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.pos;
        while self.eat(|c| c.is_ascii_digit()) {}
        let n = self.pos - start;
        if n < min || n > max || n > 9 {
            self.pos = start;
            return None;
        }
        self.s.get(start..self.pos)?.parse().ok()
    }
}

/// Runs `f`; on `None`, puts the cursor back.
fn attempt<'s, T>(c: &mut Cursor<'s>, f: impl FnOnce(&mut Cursor<'s>) -> Option<T>) -> Option<T> {
    let save = c.pos;
    let r = f(c);
    if r.is_none() {
        c.pos = save;
    }
    r
}

type Read = (TermKind, Vec<Assumption>);

const CONNECTORS: &[&[&str]] = &[
    &["и", "далее"],
    &["а", "далее"],
    &["далее"],
    &["в", "дальнейшем"],
    &["в", "последующем"],
    &["впоследствии"],
    &["затем"],
];

/// «далее», «далее –», «в дальнейшем:».
fn connector(c: &mut Cursor) -> bool {
    if !c.any_phrase(CONNECTORS) {
        return false;
    }
    let after = c.pos;
    c.ws();
    if !(c.eat(is_dash) || c.eat(|ch| ch == ':')) {
        c.pos = after;
    }
    true
}

fn year(c: &mut Cursor) -> Option<i32> {
    c.digits(4, 5).and_then(|y| i32::try_from(y).ok())
}

/// «г.», «года», «гг.», «годы» after a year.
fn year_suffix(c: &mut Cursor) -> bool {
    attempt(c, |c| {
        c.ws();
        (c.lit("г.г.")
            || c.lit("гг.")
            || c.word("гг")
            || c.word("годы")
            || c.word("годов")
            || c.word("года")
            || c.word("году")
            || c.word("год")
            || c.lit("г.")
            || c.word("г"))
        .then_some(())
    })
    .is_some()
}

fn roman(c: &mut Cursor) -> Option<u32> {
    attempt(c, |c| {
        let mut values = Vec::new();
        while let Some(ch) = c.peek() {
            let v = match ch {
                'I' | 'І' | 'Ⅰ' => 1,
                'V' => 5,
                'X' | 'Х' => 10,
                _ => break,
            };
            if values.len() > 8 {
                return None;
            }
            values.push(v);
            c.bump();
        }
        if values.is_empty() || !c.boundary() {
            return None;
        }
        let mut total: i64 = 0;
        for (i, &v) in values.iter().enumerate() {
            if values.get(i + 1).is_some_and(|&next| next > v) {
                total -= v;
            } else {
                total += v;
            }
        }
        u32::try_from(total).ok().filter(|&t| t > 0)
    })
}

/// The number of a quarter or half-year: «IV», «1», «1-й», «первое», and
/// the misprint «И» for «I».
fn ordinal(c: &mut Cursor) -> Option<(u32, Vec<Assumption>)> {
    if let Some(v) = roman(c) {
        return Some((v, Vec::new()));
    }
    if let Some(n) = attempt(c, |c| {
        let n = c.digits(1, 2)?;
        attempt(c, |c| {
            c.eat(is_dash).then_some(())?;
            ["й", "го", "е", "ое", "ый", "ом", "м"]
                .iter()
                .any(|s| c.word(s))
                .then_some(())
        });
        c.boundary().then_some(n)
    }) {
        return Some((n, Vec::new()));
    }
    for (stem, v) in [("перв", 1), ("втор", 2), ("трет", 3), ("четверт", 4)] {
        if attempt(c, |c| {
            c.lit(stem).then_some(())?;
            c.letters();
            Some(())
        })
        .is_some()
        {
            return Some((v, Vec::new()));
        }
    }
    attempt(c, |c| {
        (c.bump()? == 'И' && c.boundary()).then_some(())?;
        Some((
            1,
            vec![Assumption::Misprint {
                written: "И".into(),
                read: "I".into(),
            }],
        ))
    })
}

fn quarter(c: &mut Cursor) -> Option<Read> {
    attempt(c, |c| {
        let (quarter, notes) = ordinal(c)?;
        c.ws();
        let marker = c.lit("кв.")
            || c.word("кв")
            || (c.lit("квартал") && {
                c.letters();
                true
            });
        if !marker {
            return None;
        }
        c.ws();
        let year = year(c)?;
        year_suffix(c);
        Some((TermKind::Quarter { quarter, year }, notes))
    })
}

fn half(c: &mut Cursor) -> Option<Read> {
    attempt(c, |c| {
        let numbered = attempt(c, |c| {
            let o = ordinal(c)?;
            c.ws();
            Some(o)
        });
        if !c.lit("полугоди") {
            return None;
        }
        c.letters();
        c.ws();
        let year = year(c)?;
        year_suffix(c);
        let (half, notes) = numbered.unwrap_or((1, vec![Assumption::UnnumberedHalf]));
        Some((TermKind::Half { half, year }, notes))
    })
}

fn years(c: &mut Cursor) -> Option<Read> {
    attempt(c, |c| {
        let from_word = attempt(c, |c| (c.word("с") && c.ws()).then_some(())).is_some();
        let from = year(c)?;
        if from_word {
            year_suffix(c);
            c.ws();
            c.word("по").then_some(())?;
        } else {
            c.ws();
            c.eat(is_dash).then_some(())?;
        }
        c.ws();
        let to = year(c)?;
        year_suffix(c);
        Some((TermKind::Years { from, to }, Vec::new()))
    })
}

fn single_year(c: &mut Cursor) -> Option<Read> {
    attempt(c, |c| {
        let start = c.pos;
        let year = year(c)?;
        let five = c.pos - start == 5;
        // A bare five-digit number is not read as a year; «20134 г.» is.
        if !year_suffix(c) && five {
            return None;
        }
        Some((TermKind::Year { year }, Vec::new()))
    })
}

/// «в», «в течение», «до конца», «не позднее» before a period.
fn period(c: &mut Cursor) -> Option<Read> {
    attempt(c, |c| {
        attempt(c, |c| {
            c.any_phrase(&[
                &["в", "течение"],
                &["до", "конца"],
                &["не", "позднее"],
                &["не", "позже"],
                &["в"],
                &["во"],
            ])
            .then_some(())?;
            c.ws().then_some(())
        });
        quarter(c)
            .or_else(|| half(c))
            .or_else(|| month_year(c))
            .or_else(|| years(c))
            .or_else(|| single_year(c))
    })
}

/// The months in the nominative, genitive and prepositional cases.
const MONTH_FORMS: [[&str; 3]; 12] = [
    ["январь", "января", "январе"],
    ["февраль", "февраля", "феврале"],
    ["март", "марта", "марте"],
    ["апрель", "апреля", "апреле"],
    ["май", "мая", "мае"],
    ["июнь", "июня", "июне"],
    ["июль", "июля", "июле"],
    ["август", "августа", "августе"],
    ["сентябрь", "сентября", "сентябре"],
    ["октябрь", "октября", "октябре"],
    ["ноябрь", "ноября", "ноябре"],
    ["декабрь", "декабря", "декабре"],
];

/// «декабрь 2017 г.», «в марте 2018 года» (after «в»), «до конца декабря 2017 года».
fn month_year(c: &mut Cursor) -> Option<Read> {
    attempt(c, |c| {
        let month = MONTH_FORMS
            .iter()
            .position(|forms| forms.iter().any(|f| c.word(f)))?;
        c.ws().then_some(())?;
        let year = year(c)?;
        year_suffix(c);
        Some((
            TermKind::Month {
                month: month as u32 + 1,
                year,
            },
            Vec::new(),
        ))
    })
}

fn month(c: &mut Cursor) -> Option<u32> {
    MONTHS.iter().position(|m| c.word(m)).map(|i| i as u32 + 1)
}

fn valid_day_month(day: u32, month: u32) -> Option<()> {
    NaiveDate::from_ymd_opt(2000, month, day).map(|_| ())
}

/// «10.04.2017», «10.04.2017 г.», «10 апреля 2017 года».
fn date(c: &mut Cursor) -> Option<NaiveDate> {
    attempt(c, |c| {
        let d = c.digits(1, 2)?;
        let (m, y) = if c.lit(".") {
            let m = c.digits(1, 2)?;
            c.lit(".").then_some(())?;
            (m, c.digits(4, 4)?)
        } else {
            c.ws().then_some(())?;
            let m = month(c)?;
            c.ws().then_some(())?;
            (m, c.digits(4, 4)?)
        };
        year_suffix(c);
        NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
    })
}

/// Words that may follow a relative date, such as «года, следующего за
/// отчетным»; matched when every one of `required` is among them.
fn tail(c: &mut Cursor, vocabulary: &[&str], required: &[&str]) -> bool {
    let save = c.pos;
    let mut seen = Vec::new();
    while let Some(w) = attempt(c, |c| {
        c.ws();
        c.eat(|ch| ch == ',');
        c.ws();
        vocabulary.iter().find(|w| c.word(w)).copied()
    }) {
        seen.push(w);
    }
    if !seen.is_empty() && required.iter().all(|r| seen.contains(r)) {
        true
    } else {
        c.pos = save;
        false
    }
}

const FOLLOWING_YEAR: &[&str] = &[
    "года",
    "годом",
    "следующего",
    "за",
    "отчетным",
    "отчетного",
    "периодом",
];

const FOLLOWING_MONTH: &[&str] = &[
    "месяца",
    "месяцем",
    "следующего",
    "за",
    "отчетным",
    "отчетного",
    "кварталом",
    "квартала",
    "периодом",
    "периода",
];

fn due(c: &mut Cursor) -> Option<Due> {
    if let Some(date) = date(c) {
        return Some(Due::Date { date });
    }
    attempt(c, |c| {
        let day = c.digits(1, 2)?;
        let month = attempt(c, |c| {
            c.lit(".").then_some(())?;
            let m = c.digits(1, 2)?;
            c.lit(".").then_some(())?;
            Some(m)
        })
        .or_else(|| {
            attempt(c, |c| {
                c.ws().then_some(())?;
                month(c)
            })
        });
        if let Some(month) = month {
            valid_day_month(day, month)?;
            return Some(if tail(c, FOLLOWING_YEAR, &["следующего"]) {
                Due::FollowingYear { day, month }
            } else {
                Due::DayMonth { day, month }
            });
        }
        attempt(c, |c| {
            c.eat(is_dash).then_some(())?;
            c.word("го").then_some(())
        });
        c.ws();
        c.word("числа").then_some(())?;
        (1..=31).contains(&day).then_some(())?;
        Some(if tail(c, FOLLOWING_MONTH, &["следующего"]) {
            Due::FollowingMonth { day }
        } else {
            Due::DayOfMonth { day }
        })
    })
}

const BY: &[&[&str]] = &[
    &["в", "срок", "до"],
    &["не", "позднее"],
    &["не", "позже"],
    &["до"],
    &["по"],
    &["к"],
];

fn by(c: &mut Cursor) -> Option<Read> {
    attempt(c, |c| {
        c.any_phrase(BY).then_some(())?;
        c.ws().then_some(())?;
        let due = due(c)?;
        Some((TermKind::By { due }, Vec::new()))
    })
}

fn bare_due(c: &mut Cursor) -> Option<Read> {
    due(c).map(|due| (TermKind::By { due }, Vec::new()))
}

const ADVERBS: &[(&str, Period)] = &[
    ("ежегодно", Period::Year),
    ("ежеквартально", Period::Quarter),
    ("ежемесячно", Period::Month),
    ("еженедельно", Period::Week),
    ("ежедневно", Period::Day),
    ("ежеполугодно", Period::HalfYear),
];

/// A word split in two by a line break or a stray space: «ежекварталь но».
fn split_word(c: &mut Cursor, w: &str) -> Option<String> {
    let chars: Vec<char> = w.chars().collect();
    for k in 3..chars.len().saturating_sub(1) {
        let head: String = chars[..k].iter().collect();
        let rest: String = chars[k..].iter().collect();
        let found = attempt(c, |c| {
            let start = c.pos;
            c.lit(&head).then_some(())?;
            let hyphen = c.eat(|ch| ch == '-' || ch == '\u{ad}');
            let space = c.ws();
            (hyphen || space).then_some(())?;
            c.word(&rest).then_some(())?;
            c.s.get(start..c.pos).map(str::to_string)
        });
        if found.is_some() {
            return found;
        }
    }
    None
}

fn every(c: &mut Cursor, notes: &mut Vec<Assumption>) -> Option<Period> {
    if let Some((_, p)) = ADVERBS.iter().find(|(w, _)| c.word(w)) {
        return Some(*p);
    }
    if c.rest().chars().next().map(fold) == Some('е') {
        for (w, p) in ADVERBS {
            if let Some(written) = split_word(c, w) {
                notes.push(Assumption::Misprint {
                    written,
                    read: (*w).to_string(),
                });
                return Some(*p);
            }
        }
    }
    attempt(c, |c| {
        if c.word("один") || c.word("1") {
            c.ws();
        }
        c.phrase(&["раз", "в"]).then_some(())?;
        c.ws().then_some(())?;
        [
            ("год", Period::Year),
            ("квартал", Period::Quarter),
            ("полугодие", Period::HalfYear),
            ("полгода", Period::HalfYear),
            ("месяц", Period::Month),
            ("неделю", Period::Week),
        ]
        .iter()
        .find(|(w, _)| c.word(w))
        .map(|(_, p)| *p)
    })
}

fn recurring(c: &mut Cursor) -> Option<Read> {
    attempt(c, |c| {
        let mut notes = Vec::new();
        let every = every(c, &mut notes)?;
        let due = attempt(c, |c| {
            c.ws();
            c.eat(|ch| ch == ',');
            c.ws();
            c.any_phrase(&[
                &["в", "срок", "до"],
                &["не", "позднее"],
                &["не", "позже"],
                &["до"],
            ])
            .then_some(())?;
            c.ws().then_some(())?;
            due(c)
        });
        Some((TermKind::Recurring { every, due }, notes))
    })
}

const CONTINUOUS: &[&[&str]] = &[
    &["постоянно"],
    &["на", "постоянной", "основе"],
    &["на", "регулярной", "основе"],
    &["на", "систематической", "основе"],
    &["в", "постоянном", "режиме"],
    &["регулярно"],
    &["систематически"],
    &["непрерывно"],
    &["в", "течение", "всего", "периода"],
];

fn continuous(c: &mut Cursor) -> Option<Read> {
    attempt(c, |c| {
        let basis = c.any_phrase(CONTINUOUS);
        let condition_start = attempt(c, |c| {
            if basis {
                c.ws();
            }
            let start = c.pos;
            c.any_phrase(&[
                &["по", "мере"],
                &["по", "необходимости"],
                &["при", "необходимости"],
            ])
            .then_some(start)
        });
        if !basis && condition_start.is_none() {
            return None;
        }
        let mut notes = Vec::new();
        let condition = condition_start.map(|start| {
            while let Some(ch) = c.peek() {
                if matches!(ch, ',' | ';') || is_line_break(ch) {
                    break;
                }
                c.bump();
            }
            let text = c.s.get(start..c.pos).unwrap_or("").trim_end();
            c.pos = start + text.len();
            text.to_string()
        });
        if let Some(text) = &condition {
            let mut k = Cursor { s: text, pos: 0 };
            if k.phrase(&["по", "мере"]) && k.rest().trim().is_empty() {
                notes.push(Assumption::Incomplete { text: text.clone() });
            }
        }
        Some((TermKind::Continuous { condition }, notes))
    })
}

fn term(c: &mut Cursor) -> Option<Read> {
    recurring(c)
        .or_else(|| continuous(c))
        .or_else(|| by(c))
        .or_else(|| period(c))
        .or_else(|| bare_due(c))
}

/// «- в части ОС», «(в части ЭС)» after a term.
fn scope(c: &mut Cursor) -> Option<String> {
    attempt(c, |c| {
        c.ws();
        let paren = c.eat(|ch| ch == '(');
        if !paren {
            c.eat(is_dash);
            c.ws();
        }
        let start = c.pos;
        c.phrase(&["в", "части"]).then_some(())?;
        while let Some(ch) = c.peek() {
            if (paren && ch == ')') || (!paren && matches!(ch, ',' | ';')) || is_line_break(ch) {
                break;
            }
            c.bump();
        }
        let text = c.s.get(start..c.pos)?.trim_end().to_string();
        if paren {
            c.eat(|ch| ch == ')').then_some(())?;
        } else {
            c.pos = start + text.len();
        }
        Some(text)
    })
}

/// True when a term may end here: at the end, a line break, punctuation,
/// a dash, or «далее».
fn at_term_end(c: &Cursor) -> bool {
    let mut k = *c;
    k.inline_ws();
    match k.peek() {
        None => true,
        Some(ch) if is_line_break(ch) || matches!(ch, ',' | ';' | '(' | ')') || is_dash(ch) => true,
        Some('.') => !k.peek2().is_some_and(|d| d.is_ascii_digit()),
        Some(_) => connector(&mut k),
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | '.' | ':') || is_dash(c)
}

fn parse_raw(s: &str) -> Vec<Raw> {
    let mut c = Cursor { s, pos: 0 };
    let mut out: Vec<Raw> = Vec::new();
    let mut then: Option<usize> = None;
    let mut pending: Option<Raw> = None;
    loop {
        while c.eat(is_separator) {}
        if c.peek().is_none() {
            break;
        }
        let start = c.pos;
        if connector(&mut c) {
            then.get_or_insert(start);
            continue;
        }
        let mut k = c;
        if let Some((kind, assumptions)) = term(&mut k) {
            let bare = k;
            let scoped = scope(&mut k).map(|text| (text, k));
            let end = match scoped {
                Some((text, after)) if at_term_end(&after) => Some((Some(text), after)),
                _ if at_term_end(&bare) => Some((None, bare)),
                _ => None,
            };
            if let Some((scope, after)) = end {
                out.extend(pending.take());
                out.push(Raw {
                    kind,
                    span: start..after.pos,
                    lead: then.unwrap_or(start),
                    then: then.is_some(),
                    scope,
                    assumptions,
                });
                then = None;
                c = after;
                continue;
            }
        }
        // Not a deadline: the words up to the next comma, semicolon, line
        // break or «далее» stay as they are.
        while let Some(ch) = c.peek() {
            if matches!(ch, ',' | ';') || is_line_break(ch) {
                break;
            }
            if is_inline_space(ch) {
                // Skip the run at once, so long runs of spaces stay linear.
                let mut k = c;
                k.inline_ws();
                if connector(&mut k.clone()) {
                    break;
                }
                c = k;
                continue;
            }
            c.bump();
        }
        if c.pos == start {
            c.bump();
        }
        let end = start + s.get(start..c.pos).unwrap_or("").trim_end().len();
        match &mut pending {
            Some(p) => p.span.end = end,
            None => {
                pending = Some(Raw {
                    kind: TermKind::Unparsed,
                    span: start..end,
                    lead: then.unwrap_or(start),
                    then: then.is_some(),
                    scope: None,
                    assumptions: Vec::new(),
                })
            }
        }
        then = None;
    }
    out.extend(pending.take());
    if let Some(start) = then {
        // «далее» with nothing after it.
        let end = start + s.get(start..).unwrap_or("").trim_end().len();
        out.push(Raw {
            kind: TermKind::Unparsed,
            span: start..end,
            lead: start,
            then: false,
            scope: None,
            assumptions: Vec::new(),
        });
    }
    out
}

// ---------------------------------------------------------------------------
// Deadlines in a plan

/// How a column holds deadlines.
///
/// # Example
/// ```
/// use planver::{Column, DeadlineColumn, deadline_column};
/// let column = |title: &str| Column { id: "c".into(), title: title.into(), reconstructed: false };
/// assert_eq!(deadline_column(&column("Срок")), Some(DeadlineColumn::Whole));
/// assert_eq!(deadline_column(&column("Результаты и сроки реализации")), Some(DeadlineColumn::Within));
/// assert_eq!(deadline_column(&column("Ответственный исполнитель")), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DeadlineColumn {
    /// The whole cell is a deadline: «Срок», «Сроки реализации», «Срок
    /// исполнения». Words not understood in it are reported.
    Whole,
    /// The deadline is inside other text: «Результаты и сроки реализации».
    /// Only the phrases [`find_deadlines`] finds are read.
    Within,
}

/// Whether a column holds deadlines, judged by its id and title: a title
/// that starts with «Срок» (or the id `deadline`) holds them whole; a title
/// that mentions «срок» elsewhere holds them inside other text.
///
/// # Example
/// ```
/// use planver::{Column, DeadlineColumn, deadline_column};
/// let c = Column { id: "deadline".into(), title: "Дата".into(), reconstructed: false };
/// assert_eq!(deadline_column(&c), Some(DeadlineColumn::Whole));
/// ```
pub fn deadline_column(column: &Column) -> Option<DeadlineColumn> {
    let id = column.id.to_lowercase();
    let title: String = column.title.chars().map(fold).collect();
    let title = title.trim();
    if matches!(id.as_str(), "deadline" | "deadlines" | "due" | "srok")
        || title.starts_with("срок")
        || title.starts_with("период исполнения")
        || title.starts_with("период реализации")
    {
        Some(DeadlineColumn::Whole)
    } else if title.contains("срок") {
        Some(DeadlineColumn::Within)
    } else {
        None
    }
}

/// What to read deadlines from: a [`Plan`], a [`Revision`], or a whole
/// [`History`] (every wording that was ever in force, each once, with the
/// dates it was in force).
///
/// Functions that take it accept `&plan`, `&revision` or `&history`
/// directly.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let revision = history.revision_at("2014-09-01".parse().unwrap())?;
/// let found = planver::item_deadlines(&revision);
/// assert!(found.iter().any(|d| d.item == "10" && d.deadline.text() == "IV кв. 2014 г."));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum PlanText<'a> {
    /// A plan document: every item.
    Plan(&'a Plan),
    /// A revision: the items in force in it.
    Revision(&'a Revision<'a>),
    /// A history: every wording of every item while it was in force.
    History(&'a History),
}

impl<'a> From<&'a Plan> for PlanText<'a> {
    fn from(plan: &'a Plan) -> PlanText<'a> {
        PlanText::Plan(plan)
    }
}

impl<'a, 'h: 'a> From<&'a Revision<'h>> for PlanText<'a> {
    fn from(revision: &'a Revision<'h>) -> PlanText<'a> {
        PlanText::Revision(revision)
    }
}

impl<'a> From<&'a History> for PlanText<'a> {
    fn from(history: &'a History) -> PlanText<'a> {
        PlanText::History(history)
    }
}

/// A deadline in a plan: where it stands and what it says.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let all = planver::item_deadlines(&history);
/// let typo = all.iter().find(|d| d.deadline.text() == "IV кв. 20134 г.").unwrap();
/// assert_eq!((typo.item.as_str(), typo.row, typo.column_title.as_str()), ("10", 1, "Результаты и сроки реализации"));
/// assert_eq!(typo.since, "2013-08-02".parse().ok());
/// assert_eq!(typo.until, "2014-08-29".parse().ok());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemDeadline {
    /// The item's display number.
    pub item: String,
    /// The item's stable id.
    pub item_id: String,
    /// The row within the item, counted from 1.
    pub row: usize,
    /// The column's index.
    pub column: usize,
    /// The column's title («Срок»).
    pub column_title: String,
    /// Whether the cell is all deadline or the deadline was found inside it.
    pub holds: DeadlineColumn,
    /// Whether the cell's text is reconstructed rather than from a source.
    pub reconstructed: bool,
    /// The deadline.
    pub deadline: Deadline,
    /// For a [`History`]: the first day this wording was in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    /// For a [`History`]: the first day it no longer was, if it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

/// One cell, wherever it comes from.
struct CellRef<'a> {
    item: &'a str,
    item_id: &'a str,
    row: usize,
    column: usize,
    text: &'a str,
    reconstructed: bool,
}

fn cell_deadlines(
    columns: &[Column],
    kinds: &[Option<DeadlineColumn>],
    cell: CellRef,
) -> Vec<ItemDeadline> {
    let Some(Some(holds)) = kinds.get(cell.column).copied() else {
        return Vec::new();
    };
    let make = |deadline: Deadline| ItemDeadline {
        item: cell.item.to_string(),
        item_id: cell.item_id.to_string(),
        row: cell.row + 1,
        column: cell.column,
        column_title: columns
            .get(cell.column)
            .map(|c| c.title.clone())
            .unwrap_or_default(),
        holds,
        reconstructed: cell.reconstructed,
        deadline,
        since: None,
        until: None,
    };
    match holds {
        DeadlineColumn::Within => find_deadlines(cell.text)
            .into_iter()
            .map(|f| make(f.deadline))
            .collect(),
        _ if cell.text.trim().is_empty() => Vec::new(),
        _ => vec![make(Deadline::parse(cell.text))],
    }
}

fn version_deadlines(
    columns: &[Column],
    kinds: &[Option<DeadlineColumn>],
    version: &ItemVersion,
) -> Vec<ItemDeadline> {
    version
        .cells()
        .flat_map(|(row, cell)| {
            cell_deadlines(
                columns,
                kinds,
                CellRef {
                    item: &version.number,
                    item_id: &version.id,
                    row,
                    column: cell.column,
                    text: &cell.text,
                    reconstructed: cell.reconstructed,
                },
            )
        })
        .collect()
}

/// The deadlines of a plan, a revision or a history, in document order
/// (for a history: by the date each wording took effect). Cells of
/// [`DeadlineColumn::Whole`] columns give one deadline each; cells of
/// [`DeadlineColumn::Within`] columns give each phrase
/// [`find_deadlines`] finds. Repealed and excluded items are left out.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let revision = history.revision_at("2014-09-01".parse().unwrap())?;
/// let item4: Vec<String> = planver::item_deadlines(&revision)
///     .into_iter()
///     .filter(|d| d.item == "1" && d.row == 4)
///     .map(|d| d.deadline.text().to_string())
///     .collect();
/// assert_eq!(item4, ["IV кв. 2013 г.", "III\u{a0}кв. 2014 г."]);
/// # Ok(()) }
/// ```
pub fn item_deadlines<'a>(text: impl Into<PlanText<'a>>) -> Vec<ItemDeadline> {
    collect(text.into()).1
}

/// The approval date and the deadlines.
fn collect(text: PlanText) -> (NaiveDate, Vec<ItemDeadline>) {
    match text {
        PlanText::Plan(plan) => {
            let kinds: Vec<_> = plan.columns.iter().map(deadline_column).collect();
            let mut out = Vec::new();
            for item in &plan.items {
                for (r, row) in item.rows.iter().enumerate() {
                    for (i, column) in plan.columns.iter().enumerate() {
                        if let Some(cell) = row.get(&column.id) {
                            out.extend(cell_deadlines(
                                &plan.columns,
                                &kinds,
                                CellRef {
                                    item: &item.number,
                                    item_id: item.id(),
                                    row: r,
                                    column: i,
                                    text: &cell.text,
                                    reconstructed: cell.reconstructed,
                                },
                            ));
                        }
                    }
                }
            }
            (plan.act.date, out)
        }
        PlanText::Revision(revision) => {
            let history = revision.history();
            let columns = history.columns();
            let kinds: Vec<_> = columns.iter().map(deadline_column).collect();
            let out = revision
                .items()
                .filter(|v| v.in_force())
                .flat_map(|v| version_deadlines(columns, &kinds, v))
                .collect();
            (approved(history), out)
        }
        PlanText::History(history) => (approved(history), history_deadlines(history)),
    }
}

fn approved(history: &History) -> NaiveDate {
    history
        .acts()
        .first()
        .map(|a| a.act.date)
        .unwrap_or(NaiveDate::MIN)
}

fn history_deadlines(history: &History) -> Vec<ItemDeadline> {
    let columns = history.columns();
    let kinds: Vec<_> = columns.iter().map(deadline_column).collect();
    let mut out: Vec<ItemDeadline> = Vec::new();
    let mut open: HashMap<String, Vec<usize>> = HashMap::new();
    for (k, info) in history.revisions().iter().enumerate() {
        let versions: Vec<(String, Option<&ItemVersion>)> = if k == 0 {
            history
                .revision(0)
                .items()
                .map(|v| (v.id.to_string(), Some(v)))
                .collect()
        } else {
            history
                .items_changed(k - 1, k)
                .into_iter()
                .filter_map(|(old, new)| new.or(old).map(|v| (v.id.to_string(), new)))
                .collect()
        };
        for (id, version) in versions {
            let mut fresh = match version {
                Some(v) if v.in_force() => version_deadlines(columns, &kinds, v),
                _ => Vec::new(),
            };
            let mut still = Vec::new();
            for index in open.remove(&id).unwrap_or_default() {
                let kept = out.get(index).and_then(|old| {
                    fresh.iter().position(|n| {
                        n.item == old.item
                            && n.row == old.row
                            && n.column == old.column
                            && n.deadline.text == old.deadline.text
                    })
                });
                match kept {
                    Some(pos) => {
                        fresh.remove(pos);
                        still.push(index);
                    }
                    None => {
                        if let Some(old) = out.get_mut(index) {
                            old.until = Some(info.from);
                        }
                    }
                }
            }
            for mut d in fresh {
                d.since = Some(info.from);
                still.push(out.len());
                out.push(d);
            }
            open.insert(id, still);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The lint

/// How far after the plan's approval a deadline's year is still plausible.
pub const PLAUSIBLE_YEARS_AFTER: i32 = 25;
/// How far before the plan's approval a deadline's year is still a
/// plausible misdating rather than a misprint.
pub const PLAUSIBLE_YEARS_BEFORE: i32 = 5;

/// What is implausible about a deadline.
///
/// # Example
/// ```
/// use planver::DeadlineProblem;
/// let p = DeadlineProblem::NoSuchQuarter { quarter: 5 };
/// assert_eq!(p.to_string(), "there is no quarter 5");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DeadlineProblem {
    /// A year far from the plan's date: «IV кв. 20134 г.». Plausible years
    /// run from [`PLAUSIBLE_YEARS_BEFORE`] before the approval year to
    /// [`PLAUSIBLE_YEARS_AFTER`] after it.
    ImplausibleYear {
        /// The year as written.
        year: i32,
        /// The date the plan was approved.
        approved: NaiveDate,
    },
    /// A quarter that does not exist: «V кв. 2014 г.».
    NoSuchQuarter {
        /// The number as written.
        quarter: u32,
    },
    /// A half-year that does not exist: «3 полугодие 2017».
    NoSuchHalf {
        /// The number as written.
        half: u32,
    },
    /// A range of years that runs backwards: «2019-2017».
    ReversedYears {
        /// The first year as written.
        from: i32,
        /// The last year as written.
        to: i32,
    },
    /// The deadline passed before the plan was approved.
    BeforeApproval {
        /// The deadline's latest date.
        latest: NaiveDate,
        /// The date the plan was approved.
        approved: NaiveDate,
    },
    /// Words in a deadline column not understood as a deadline.
    Unparsed,
    /// The reading rests on an assumption a person should check.
    Assumed {
        /// The assumption.
        assumption: Assumption,
    },
}

impl fmt::Display for DeadlineProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeadlineProblem::ImplausibleYear { year, approved } => write!(
                f,
                "implausible year {year} for a plan approved on {}",
                format_date(*approved)
            ),
            DeadlineProblem::NoSuchQuarter { quarter } => {
                write!(f, "there is no quarter {quarter}")
            }
            DeadlineProblem::NoSuchHalf { half } => write!(f, "there is no half-year {half}"),
            DeadlineProblem::ReversedYears { from, to } => {
                write!(f, "the years run backwards, from {from} to {to}")
            }
            DeadlineProblem::BeforeApproval { latest, approved } => write!(
                f,
                "the deadline {} is before the plan was approved on {}",
                format_date(*latest),
                format_date(*approved)
            ),
            DeadlineProblem::Unparsed => f.write_str("not read as a deadline"),
            DeadlineProblem::Assumed { assumption } => write!(f, "assumed: {assumption}"),
        }
    }
}

/// An implausible or doubtful deadline, with the item, row, column and
/// words it is about.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let revision = history.revision_at("2014-08-28".parse().unwrap())?;
/// let findings = planver::lint_deadlines(&revision);
/// assert_eq!(
///     findings[0].to_string(),
///     "item \"10\", row 1, column «Результаты и сроки реализации»: \
///      implausible year 20134 for a plan approved on 02.08.2013: «IV кв. 20134 г.»"
/// );
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineFinding {
    /// The item's display number.
    pub item: String,
    /// The item's stable id.
    pub item_id: String,
    /// The row within the item, counted from 1.
    pub row: usize,
    /// The column's title.
    pub column: String,
    /// The column's index.
    pub column_index: usize,
    /// The words the finding is about.
    pub text: String,
    /// The whole deadline phrase they are part of.
    pub deadline: String,
    /// What is wrong.
    #[serde(flatten)]
    pub problem: DeadlineProblem,
    /// For a [`History`]: the first day the wording was in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    /// For a [`History`]: the first day it no longer was, if it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

/// Collapses runs of white space, line breaks included, to one space.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl fmt::Display for DeadlineFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "item \"{}\", row {}, column «{}»: {}: «{}»",
            self.item,
            self.row,
            self.column,
            self.problem,
            collapse(&self.text)
        )?;
        match (self.since, self.until.and_then(|u| u.pred_opt())) {
            (Some(since), Some(last)) => write!(
                f,
                " (wording in force from {} to {})",
                format_date(since),
                format_date(last)
            ),
            (Some(since), None) => write!(f, " (wording in force from {})", format_date(since)),
            _ => Ok(()),
        }
    }
}

fn plausible(year: i32, approved: NaiveDate) -> bool {
    let base = approved.year();
    (base - PLAUSIBLE_YEARS_BEFORE..=base + PLAUSIBLE_YEARS_AFTER).contains(&year)
}

fn problems(
    term: &Term,
    holds: DeadlineColumn,
    reconstructed: bool,
    approved: NaiveDate,
) -> Vec<DeadlineProblem> {
    let mut out = Vec::new();
    let years: Vec<i32> = match term.kind {
        TermKind::Quarter { quarter, year } => {
            if !(1..=4).contains(&quarter) {
                out.push(DeadlineProblem::NoSuchQuarter { quarter });
            }
            vec![year]
        }
        TermKind::Half { half, year } => {
            if !(1..=2).contains(&half) {
                out.push(DeadlineProblem::NoSuchHalf { half });
            }
            vec![year]
        }
        TermKind::Month { year, .. } | TermKind::Year { year } => vec![year],
        TermKind::Years { from, to } => {
            if from > to {
                out.push(DeadlineProblem::ReversedYears { from, to });
            }
            vec![from, to]
        }
        TermKind::By {
            due: Due::Date { date },
        } => vec![date.year()],
        TermKind::Unparsed if holds == DeadlineColumn::Whole && !reconstructed => {
            out.push(DeadlineProblem::Unparsed);
            Vec::new()
        }
        _ => Vec::new(),
    };
    let mut implausible = false;
    for year in years {
        if !plausible(year, approved) {
            implausible = true;
            out.push(DeadlineProblem::ImplausibleYear { year, approved });
        }
    }
    if !implausible {
        if let Some(latest) = term.latest().filter(|&l| l < approved) {
            out.push(DeadlineProblem::BeforeApproval { latest, approved });
        }
    }
    out.extend(term.assumptions.iter().map(|a| DeadlineProblem::Assumed {
        assumption: a.clone(),
    }));
    out
}

/// Flags implausible and doubtful deadlines in a plan, a revision or a
/// whole history: a year far from the plan's date (the Mintrud plan's «IV
/// кв. 20134 г.»), a quarter or half-year that does not exist, a range of
/// years that runs backwards, a deadline before the plan was approved,
/// words in a deadline column not understood as a deadline (reconstructed
/// placeholders aside), and readings that rest on an
/// [`Assumption`]. Each finding names the item, row, column and words.
///
/// Over a [`History`], each wording is checked once and the finding says
/// when that wording was in force.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let before = history.revision_at("2014-08-28".parse().unwrap())?;
/// let after = history.revision_at("2014-08-29".parse().unwrap())?;
/// assert_eq!(planver::lint_deadlines(&before).len(), 1);
/// assert!(planver::lint_deadlines(&after).is_empty());
/// # Ok(()) }
/// ```
pub fn lint_deadlines<'a>(text: impl Into<PlanText<'a>>) -> Vec<DeadlineFinding> {
    let (approved, deadlines) = collect(text.into());
    let mut out = Vec::new();
    for d in &deadlines {
        for term in d.deadline.terms() {
            for problem in problems(term, d.holds, d.reconstructed, approved) {
                out.push(DeadlineFinding {
                    item: d.item.clone(),
                    item_id: d.item_id.clone(),
                    row: d.row,
                    column: d.column_title.clone(),
                    column_index: d.column,
                    text: term.text.clone(),
                    deadline: d.deadline.text.clone(),
                    problem,
                    since: d.since,
                    until: d.until,
                });
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// What falls due

/// One deadline in a [`DueList`], and the term that put it there.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let revision = history.revision_at("2014-09-01".parse().unwrap())?;
/// let due = planver::due_by(&revision, "2014-09-01".parse().unwrap(), "2014-09-30".parse().unwrap());
/// let entry = &due.dated[0];
/// assert_eq!(entry.date, "2013-09-30".parse().ok());
/// assert!(entry.expired);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueEntry {
    /// The deadline and where it stands.
    #[serde(flatten)]
    pub deadline: ItemDeadline,
    /// The index of the term, in [`Deadline::terms`], that put it here.
    pub term: usize,
    /// The date it falls due: the term's latest date, or a recurring
    /// term's next date; `None` when the text does not say.
    pub date: Option<NaiveDate>,
    /// True when the date is before the day asked about: the deadline had
    /// already passed.
    pub expired: bool,
}

/// What falls due by a date, as a lawyer would list it: dated deadlines,
/// recurring ones that come round in the window, continuous obligations in
/// force, and deadlines to check by hand (not understood, or implausible). An item can be in
/// more than one list («1 полугодие 2017, далее постоянно» is due by
/// 30.06.2017 and then continuous).
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let revision = history.revision_at("2014-09-01".parse().unwrap())?;
/// let due = planver::due_by(&revision, "2014-09-01".parse().unwrap(), "2014-12-31".parse().unwrap());
/// assert!(due.dated.iter().any(|e| e.deadline.item == "10" && e.deadline.deadline.text() == "IV кв. 2014 г."));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DueList {
    /// The day asked about.
    pub on: NaiveDate,
    /// The date deadlines fall due by.
    pub by: NaiveDate,
    /// Dated terms whose latest date is on or before `by`, earliest first;
    /// those before `on` are marked expired.
    pub dated: Vec<DueEntry>,
    /// Recurring terms in force that come round between `on` and `by`, or
    /// that do not say when in the period.
    pub recurring: Vec<DueEntry>,
    /// Continuous obligations in force by `by`.
    pub continuous: Vec<DueEntry>,
    /// Deadlines to check by hand, whatever their date: words in a
    /// deadline column that were not understood, and dates the lint finds
    /// implausible (a year such as 20134, a quarter V). `term` is the first
    /// such term.
    pub unclear: Vec<DueEntry>,
}

/// Lists what falls due by `by` in a revision, as seen on `on`: see
/// [`DueList`]. A term after «далее» starts the day after the dated terms
/// before it end, so «2019-2020, далее постоянно» is not yet continuous in
/// 2018.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let revision = history.revision_at("2014-09-01".parse().unwrap())?;
/// let due = planver::due_by(&revision, "2014-09-01".parse().unwrap(), "2014-09-30".parse().unwrap());
/// assert!(due.dated.iter().all(|e| e.date <= "2014-09-30".parse().ok()));
/// # Ok(()) }
/// ```
pub fn due_by(revision: &Revision, on: NaiveDate, by: NaiveDate) -> DueList {
    let mut list = DueList {
        on,
        by,
        dated: Vec::new(),
        recurring: Vec::new(),
        continuous: Vec::new(),
        unclear: Vec::new(),
    };
    let (approved, deadlines) = collect(PlanText::Revision(revision));
    for d in deadlines {
        let terms = d.deadline.terms();
        let entry = |term: usize, date: Option<NaiveDate>| DueEntry {
            deadline: d.clone(),
            term,
            date,
            expired: date.is_some_and(|x| x < on),
        };
        if let Some(i) = terms.iter().position(|t| {
            t.kind == TermKind::Unparsed
                || problems(t, d.holds, d.reconstructed, approved)
                    .iter()
                    .any(|p| !matches!(p, DeadlineProblem::Assumed { .. }))
        }) {
            list.unclear.push(entry(i, None));
        }
        let mut stage_end: Option<NaiveDate> = None;
        let mut stage_known = true;
        for (i, t) in terms.iter().enumerate() {
            if t.kind.is_dated() {
                match t.latest() {
                    Some(latest) => {
                        if latest <= by {
                            list.dated.push(entry(i, Some(latest)));
                        }
                        stage_end = stage_end.max(Some(latest));
                    }
                    None => stage_known = false,
                }
                continue;
            }
            // When a continuation starts: the day after the stage before it.
            let start = if t.then && stage_known {
                stage_end.and_then(|e| e.succ_opt())
            } else {
                None
            };
            if start.is_some_and(|s| s > by) {
                continue;
            }
            let from = start.map_or(on, |s| s.max(on));
            match t.kind {
                TermKind::Recurring { due, .. } => match (due, t.next_due(from)) {
                    (_, Some(next)) if next <= by => list.recurring.push(entry(i, Some(next))),
                    (_, Some(_)) => {}
                    (Some(Due::Date { .. }), None) => {}
                    (_, None) => list.recurring.push(entry(i, None)),
                },
                TermKind::Continuous { .. } => list.continuous.push(entry(i, None)),
                _ => {}
            }
        }
    }
    list.dated.sort_by_key(|e| e.date);
    list.recurring.sort_by_key(|e| (e.date.is_none(), e.date));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TermKind> {
        Deadline::parse(text)
            .terms()
            .iter()
            .map(|t| t.kind.clone())
            .collect()
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn by_a_date() {
        assert_eq!(
            kinds("до 10.04.2017"),
            [TermKind::By {
                due: Due::Date {
                    date: date("2017-04-10")
                }
            }]
        );
        assert_eq!(
            kinds("в срок до 10 апреля 2017 г."),
            [TermKind::By {
                due: Due::Date {
                    date: date("2017-04-10")
                }
            }]
        );
        assert_eq!(
            kinds("не позднее 1 апреля года, следующего за отчетным"),
            [TermKind::By {
                due: Due::FollowingYear { day: 1, month: 4 }
            }]
        );
        assert_eq!(
            kinds("до 1 февраля"),
            [TermKind::By {
                due: Due::DayMonth { day: 1, month: 2 }
            }]
        );
        let d = Deadline::parse("до 10.04.2017");
        assert_eq!(d.latest(), Some(date("2017-04-10")));
        // An impossible date is not guessed at.
        assert_eq!(kinds("до 31.02.2017"), [TermKind::Unparsed]);
    }

    #[test]
    fn quarters() {
        for (text, quarter, year) in [
            ("IV кв. 2014 г.", 4, 2014),
            ("1 кв. 2018", 1, 2018),
            ("I квартал 2015 года", 1, 2015),
            ("II кв.\u{a0}2014 г.", 2, 2014),
            ("в III квартале 2015 г.", 3, 2015),
            ("1-й квартал 2016", 1, 2016),
            ("четвертый квартал 2016 года", 4, 2016),
            ("V кв. 2014 г.", 5, 2014),
            ("IV кв. 20134 г.", 4, 20134),
        ] {
            assert_eq!(kinds(text), [TermKind::Quarter { quarter, year }], "{text}");
        }
        assert_eq!(
            Deadline::parse("IV кв. 2014 г.").latest(),
            Some(date("2014-12-31"))
        );
        assert_eq!(
            Deadline::parse("1 кв. 2018").latest(),
            Some(date("2018-03-31"))
        );
        assert_eq!(Deadline::parse("V кв. 2014 г.").latest(), None);
    }

    #[test]
    fn half_years() {
        for (text, half, year) in [
            ("I полугодие 2017", 1, 2017),
            ("1 полугодие 2017", 1, 2017),
            ("II полугодие 2017 г.", 2, 2017),
            ("в первом полугодии 2017 года", 1, 2017),
        ] {
            assert_eq!(kinds(text), [TermKind::Half { half, year }], "{text}");
            assert!(Deadline::parse(text).terms()[0].assumptions.is_empty());
        }
        assert_eq!(
            Deadline::parse("I полугодие 2017").latest(),
            Some(date("2017-06-30"))
        );
        assert_eq!(
            Deadline::parse("II полугодие 2017").latest(),
            Some(date("2017-12-31"))
        );
        // Unnumbered: the first half, flagged.
        let d = Deadline::parse("Полугодие 2017");
        assert_eq!(
            d.terms()[0].kind,
            TermKind::Half {
                half: 1,
                year: 2017
            }
        );
        assert_eq!(d.terms()[0].assumptions, [Assumption::UnnumberedHalf]);
        // «И» for «I»: read, flagged.
        let d = Deadline::parse("И полугодие 2017");
        assert_eq!(
            d.terms()[0].kind,
            TermKind::Half {
                half: 1,
                year: 2017
            }
        );
        assert_eq!(
            d.terms()[0].assumptions,
            [Assumption::Misprint {
                written: "И".into(),
                read: "I".into()
            }]
        );
    }

    #[test]
    fn months() {
        for (text, month, year) in [
            ("декабрь 2017 г.", 12, 2017),
            ("в марте 2018 года", 3, 2018),
            ("до конца февраля 2020 г.", 2, 2020),
            ("Май 2019", 5, 2019),
        ] {
            assert_eq!(kinds(text), [TermKind::Month { month, year }], "{text}");
        }
        assert_eq!(
            Deadline::parse("февраль 2020").latest(),
            Some(date("2020-02-29"))
        );
        // «до февраля» is not guessed at: before February, or by its end?
        assert_eq!(kinds("до февраля 2018 г."), [TermKind::Unparsed]);
    }

    #[test]
    fn years_and_ranges() {
        assert_eq!(kinds("2018"), [TermKind::Year { year: 2018 }]);
        assert_eq!(kinds("2018 год"), [TermKind::Year { year: 2018 }]);
        assert_eq!(
            kinds("в течение 2018 года"),
            [TermKind::Year { year: 2018 }]
        );
        assert_eq!(
            kinds("2017-2018"),
            [TermKind::Years {
                from: 2017,
                to: 2018
            }]
        );
        assert_eq!(
            kinds("2019 – 2020 гг."),
            [TermKind::Years {
                from: 2019,
                to: 2020
            }]
        );
        assert_eq!(
            kinds("с 2017 по 2018 годы"),
            [TermKind::Years {
                from: 2017,
                to: 2018
            }]
        );
        assert_eq!(
            Deadline::parse("2019-2020").latest(),
            Some(date("2020-12-31"))
        );
        assert_eq!(Deadline::parse("2020").latest(), Some(date("2020-12-31")));
        // A bare five-digit number is not a year.
        assert_eq!(kinds("20134"), [TermKind::Unparsed]);
    }

    #[test]
    fn recurring() {
        assert_eq!(
            kinds("ежегодно до 1 февраля"),
            [TermKind::Recurring {
                every: Period::Year,
                due: Some(Due::DayMonth { day: 1, month: 2 })
            }]
        );
        assert_eq!(
            kinds("ежегодно до 1 февраля следующего за отчетным года"),
            [TermKind::Recurring {
                every: Period::Year,
                due: Some(Due::FollowingYear { day: 1, month: 2 })
            }]
        );
        assert_eq!(
            kinds("ежеквартально до 10 числа месяца, следующего за отчетным"),
            [TermKind::Recurring {
                every: Period::Quarter,
                due: Some(Due::FollowingMonth { day: 10 })
            }]
        );
        assert_eq!(
            kinds("ежеквартально до 15 числа следующего месяца, за отчетным"),
            [TermKind::Recurring {
                every: Period::Quarter,
                due: Some(Due::FollowingMonth { day: 15 })
            }]
        );
        assert_eq!(
            kinds("ежегодно"),
            [TermKind::Recurring {
                every: Period::Year,
                due: None
            }]
        );
        assert_eq!(
            kinds("один раз в полугодие"),
            [TermKind::Recurring {
                every: Period::HalfYear,
                due: None
            }]
        );
        // A word split by a stray space: read, flagged.
        let d = Deadline::parse("ежекварталь но до 10 числа месяца, следующего за отчетным");
        assert_eq!(
            d.terms()[0].kind,
            TermKind::Recurring {
                every: Period::Quarter,
                due: Some(Due::FollowingMonth { day: 10 })
            }
        );
        assert_eq!(
            d.terms()[0].assumptions,
            [Assumption::Misprint {
                written: "ежекварталь но".into(),
                read: "ежеквартально".into()
            }]
        );
    }

    #[test]
    fn next_due_dates() {
        let first = |text: &str| Deadline::parse(text).terms()[0].clone();
        let t = first("ежегодно до 1 февраля");
        assert_eq!(t.next_due(date("2018-02-01")), Some(date("2018-02-01")));
        assert_eq!(t.next_due(date("2018-02-02")), Some(date("2019-02-01")));
        let t = first("ежеквартально до 10 числа месяца, следующего за отчетным");
        assert_eq!(t.next_due(date("2017-07-11")), Some(date("2017-10-10")));
        let t = first("ежемесячно до 31 числа");
        assert_eq!(t.next_due(date("2017-02-01")), Some(date("2017-02-28")));
        let t = first("ежегодно");
        assert_eq!(t.next_due(date("2017-02-01")), None);
    }

    #[test]
    fn continuous() {
        for text in [
            "постоянно",
            "на постоянной основе",
            "на регулярной основе",
            "Постоянно",
        ] {
            assert_eq!(
                kinds(text),
                [TermKind::Continuous { condition: None }],
                "{text}"
            );
        }
        assert_eq!(
            kinds("постоянно по мере изменения набора открытых данных"),
            [TermKind::Continuous {
                condition: Some("по мере изменения набора открытых данных".into())
            }]
        );
        assert_eq!(
            kinds("по мере необходимости"),
            [TermKind::Continuous {
                condition: Some("по мере необходимости".into())
            }]
        );
        let d = Deadline::parse("постоянно по мере");
        assert_eq!(
            d.terms()[0].assumptions,
            [Assumption::Incomplete {
                text: "по мере".into()
            }]
        );
    }

    #[test]
    fn continuations() {
        let d = Deadline::parse("IV кв. 2013 г., далее – на регулярной основе");
        assert_eq!(
            kinds(d.text()),
            [
                TermKind::Quarter {
                    quarter: 4,
                    year: 2013
                },
                TermKind::Continuous { condition: None }
            ]
        );
        assert!(!d.terms()[0].then);
        assert!(d.terms()[1].then);
        assert_eq!(d.terms()[1].text, "на регулярной основе");
        let d = Deadline::parse("2017, далее ежегодно");
        assert!(d.terms()[1].then);
        let d = Deadline::parse("IV кв. 2014 г.,\nдалее –\nна регулярной основе");
        assert_eq!(d.terms().len(), 2);
        assert!(d.is_understood());
        // «далее» with nothing after is kept, not dropped.
        let d = Deadline::parse("2018, далее");
        assert_eq!(d.terms()[1].kind, TermKind::Unparsed);
        assert_eq!(d.terms()[1].text, "далее");
    }

    #[test]
    fn unparsed_words_are_kept() {
        let d = Deadline::parse("2018 (по согласованию с Минфином), далее постоянно");
        assert_eq!(d.terms()[0].kind, TermKind::Year { year: 2018 });
        assert_eq!(d.terms()[1].kind, TermKind::Unparsed);
        assert_eq!(d.terms()[1].text, "(по согласованию с Минфином)");
        assert!(d.terms()[2].then);
        // A year followed by other words is not a year.
        assert_eq!(kinds("2018 год будет"), [TermKind::Unparsed]);
    }

    #[test]
    fn phrases_inside_mintrud_result_cells() {
        let cell = "Положения об ОС, ЭС, регламенты их работы и сведения о персональном составе  опубликованы на официальном сайте,\nIV кв. 2013 г. -\nв части ОС,\nIV кв. 2014 г. -\nв части ЭС";
        let found = find_deadlines(cell);
        assert_eq!(found.len(), 1);
        let terms = found[0].deadline.terms();
        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0].scope.as_deref(), Some("в части ОС"));
        assert_eq!(terms[1].scope.as_deref(), Some("в части ЭС"));
        assert_eq!(&cell[found[0].span.clone()], found[0].deadline.text());

        let cell = "Разработанный порядок и соответствующие материалы размещены на официальном сайте\nI кв. 2015 г.\nСоответствующие сведения актуальны и регулярно публикуются на официальном сайте\nII кв.\u{a0}2014 г.,\nдалее –\nна регулярной основе";
        let found: Vec<String> = find_deadlines(cell)
            .into_iter()
            .map(|f| f.deadline.text().to_string())
            .collect();
        assert_eq!(
            found,
            [
                "I кв. 2015 г.",
                "II кв.\u{a0}2014 г.,\nдалее –\nна регулярной основе"
            ]
        );

        // «на 2013 - 2018 годы» in the text is a plan's name, not a deadline.
        let cell = "План деятельности Минтруда России\nна 2013 - 2018 годы\nи формы для представления и учета замечаний и предложений размещен на официальном сайте,\nIII\u{a0}кв. 2013 г.";
        let found = find_deadlines(cell);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].deadline.text(), "III\u{a0}кв. 2013 г.");
    }

    #[test]
    fn columns_are_recognised() {
        let column = |id: &str, title: &str| Column {
            id: id.into(),
            title: title.into(),
            reconstructed: false,
        };
        assert_eq!(
            deadline_column(&column("x", "Сроки реализации")),
            Some(DeadlineColumn::Whole)
        );
        assert_eq!(
            deadline_column(&column("x", "Срок исполнения")),
            Some(DeadlineColumn::Whole)
        );
        assert_eq!(deadline_column(&column("x", "Мероприятие")), None);
    }
}
