//! The clause on when the order takes effect: «вступает в силу с 1 марта
//! 2018 года», «со дня подписания», «со дня его официального
//! опубликования», «через 10 дней после дня его официального
//! опубликования», «распространяется на правоотношения, возникшие с …».

use super::header::find_date;
use chrono::NaiveDate;

/// When the order takes effect, as the clause words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Start {
    /// On a stated date.
    Date(NaiveDate),
    /// `days` after the date signed (0: «со дня подписания»).
    Signed {
        /// Days added to the date signed.
        days: i64,
    },
    /// `days` after the date of official publication, which the text does
    /// not give.
    Published {
        /// Days added to the date of publication.
        days: i64,
    },
}

/// What an effective-date clause says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Effect {
    /// «вступает в силу …», when the clause says it; `None` when the words
    /// after «вступает в силу» were not understood.
    pub(super) start: Option<Start>,
    /// True when the clause has «вступает в силу».
    pub(super) has_start: bool,
    /// «распространяется на правоотношения, возникшие с …».
    pub(super) retroactive: Option<NaiveDate>,
    /// True when the clause has a retroactive part whose date was not read.
    pub(super) retroactive_unread: bool,
    /// How the days were counted, to state as an assumption.
    pub(super) counting: Option<&'static str>,
}

/// Reads an effective-date clause; `None` when `text` is not one.
pub(super) fn read(text: &str) -> Option<Effect> {
    let lower = super::tokens::lowercase(text)
        .replace(['\u{a0}', '\n', '\t', '\r'], " ")
        .replace('ё', "е");
    let lower = collapse(&lower);
    let start_at = [
        "вступает в силу",
        "вступают в силу",
        "вступил в силу",
        "вступит в силу",
    ]
    .iter()
    .filter_map(|p| lower.find(p).map(|i| i + p.len()))
    .min();
    let retro_at = ["правоотношения", "правоотношениям"]
        .iter()
        .filter_map(|p| lower.find(p).map(|i| i + p.len()))
        .min()
        .filter(|_| lower.contains("распространя") || lower.contains("применя"));
    if start_at.is_none() && retro_at.is_none() {
        return None;
    }
    let mut effect = Effect {
        start: None,
        has_start: start_at.is_some(),
        retroactive: None,
        retroactive_unread: false,
        counting: None,
    };
    if let Some(at) = start_at {
        let end = retro_at
            .and_then(|r| lower[..r].rfind(" и ").filter(|&i| i >= at))
            .unwrap_or(lower.len());
        let (start, counting) = read_start(lower[at..end].trim());
        effect.start = start;
        effect.counting = counting;
    }
    if let Some(at) = retro_at {
        match find_date(&lower[at..]) {
            Some((date, _)) => effect.retroactive = Some(date),
            None => effect.retroactive_unread = true,
        }
    }
    Some(effect)
}

fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// The words after «вступает в силу».
fn read_start(rest: &str) -> (Option<Start>, Option<&'static str>) {
    let publication = rest.contains("опубликовани");
    let signing =
        rest.contains("подписани") || rest.contains("принятия") || rest.contains("издания");
    // «через 10 дней после …», «по истечении 10 дней после дня …»
    if let Some(days) = days_count(rest) {
        let expiry = rest.contains("истечени");
        let total = if expiry { days + 1 } else { days };
        let counting = if expiry {
            "«по истечении N дней после дня» counted as N + 1 days after that day"
        } else {
            "«через N дней после дня» counted as N days after that day"
        };
        if publication {
            return (Some(Start::Published { days: total }), Some(counting));
        }
        if signing {
            return (Some(Start::Signed { days: total }), Some(counting));
        }
        return (None, None);
    }
    if publication {
        if rest.starts_with("после") {
            return (
                Some(Start::Published { days: 1 }),
                Some("«после официального опубликования» read as the day after publication"),
            );
        }
        return (Some(Start::Published { days: 0 }), None);
    }
    if signing {
        return (Some(Start::Signed { days: 0 }), None);
    }
    if let Some((date, _)) = find_date(rest) {
        if rest.starts_with('с') {
            return (Some(Start::Date(date)), None);
        }
    }
    (None, None)
}

/// The number of days in «через 10 дней», «по истечении десяти дней».
fn days_count(rest: &str) -> Option<i64> {
    let words: Vec<&str> = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let at = words
        .iter()
        .position(|w| matches!(*w, "дней" | "дня" | "день" | "календарных" | "рабочих"))?;
    if words.get(at).is_some_and(|w| *w == "рабочих") {
        // Working days depend on the calendar: not counted here.
        return None;
    }
    let before = words.get(at.checked_sub(1)?)?;
    if let Ok(n) = before.parse::<i64>() {
        return Some(n);
    }
    let n = match *before {
        "один" | "одного" => 1,
        "два" | "двух" => 2,
        "три" | "трех" => 3,
        "пять" | "пяти" => 5,
        "семь" | "семи" => 7,
        "десять" | "десяти" => 10,
        "четырнадцать" | "четырнадцати" => 14,
        "тридцать" | "тридцати" => 30,
        _ => {
            // «10 (десяти) дней»
            let before2 = words.get(at.checked_sub(2)?)?;
            return before2.parse().ok();
        }
    };
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn clauses() {
        let e = read("Настоящий приказ вступает в силу с 1 марта 2018 года.").unwrap();
        assert_eq!(e.start, Some(Start::Date(d(2018, 3, 1))));
        let e = read("Настоящее распоряжение вступает в силу со дня его подписания.").unwrap();
        assert_eq!(e.start, Some(Start::Signed { days: 0 }));
        let e = read("вступает в силу со дня официального опубликования").unwrap();
        assert_eq!(e.start, Some(Start::Published { days: 0 }));
        let e =
            read("вступает в силу через 10 дней после дня его официального опубликования").unwrap();
        assert_eq!(e.start, Some(Start::Published { days: 10 }));
        let e = read(
            "вступает в силу по истечении десяти дней после дня его официального опубликования",
        )
        .unwrap();
        assert_eq!(e.start, Some(Start::Published { days: 11 }));
        let e = read(
            "вступает в силу со дня подписания и распространяется на правоотношения, возникшие с 1 января 2013 года",
        )
        .unwrap();
        assert_eq!(e.start, Some(Start::Signed { days: 0 }));
        assert_eq!(e.retroactive, Some(d(2013, 1, 1)));
        assert!(read("Контроль за исполнением оставляю за собой").is_none());
        let e = read("вступает в силу в установленном порядке").unwrap();
        assert_eq!(e.start, None);
    }
}
