//! The act's metadata as printed in the header of an order or of its
//! appendix: kind, issuer, number, date signed, title, and which plan (and
//! which edition of it) the order amends.

use crate::act::ActKind;
use chrono::NaiveDate;
use std::ops::Range;

/// The kind of act named by a word in any case form: «приказ», «приказу»,
/// «приказом», «РАСПОРЯЖЕНИЕ», «распоряжения», «постановлением», «указа».
pub(super) fn act_kind(word: &str) -> Option<ActKind> {
    let w = super::tokens::lowercase(word);
    let kind = match w.as_str() {
        "приказ" | "приказа" | "приказу" | "приказом" | "приказе" | "приказы" | "приказов"
        | "приказам" | "приказами" => ActKind::Prikaz,
        "распоряжение"
        | "распоряжения"
        | "распоряжению"
        | "распоряжением"
        | "распоряжении"
        | "распоряжений"
        | "распоряжениями" => ActKind::Rasporyazhenie,
        "постановление"
        | "постановления"
        | "постановлению"
        | "постановлением"
        | "постановлении"
        | "постановлений"
        | "постановлениями" => ActKind::Postanovlenie,
        "указ" | "указа" | "указу" | "указом" | "указе" | "указов" => {
            ActKind::Ukaz
        }
        "решение" | "решения" | "решению" | "решением" | "решении" => {
            ActKind::Reshenie
        }
        _ => return None,
    };
    Some(kind)
}

/// A month named in the genitive case, as dates print it.
fn month(word: &str) -> Option<u32> {
    let m = match super::tokens::lowercase(word).as_str() {
        "января" => 1,
        "февраля" => 2,
        "марта" => 3,
        "апреля" => 4,
        "мая" => 5,
        "июня" => 6,
        "июля" => 7,
        "августа" => 8,
        "сентября" => 9,
        "октября" => 10,
        "ноября" => 11,
        "декабря" => 12,
        _ => return None,
    };
    Some(m)
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Reads `min..=max` ASCII digits at byte `i`; not glued to more digits.
fn digits(text: &str, i: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let bytes = text.as_bytes();
    let mut j = i;
    while j < bytes.len() && bytes[j].is_ascii_digit() && j - i < max {
        j += 1;
    }
    if j - i < min || (j < bytes.len() && bytes[j].is_ascii_digit()) {
        return None;
    }
    text[i..j].parse().ok().map(|n| (n, j))
}

fn skip_spaces(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next() {
        if !is_space(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// A date starting at byte `i`: «29.08.2014», «03.04. 2017», «29 августа
/// 2014 г.», «"29" августа 2014 года». Returns the date and where it ends.
fn date_at(text: &str, i: usize) -> Option<(NaiveDate, usize)> {
    let (day, j) = digits(text, i, 1, 2)?;
    // Numeric: dd.mm.yyyy, stray spaces allowed after the dots.
    if text[j..].starts_with('.') {
        let k = skip_spaces(text, j + 1);
        let (m, k) = digits(text, k, 1, 2)?;
        if !text[k..].starts_with('.') {
            return None;
        }
        let k = skip_spaces(text, k + 1);
        let (y, k) = digits(text, k, 4, 4)?;
        return NaiveDate::from_ymd_opt(y as i32, m, day).map(|d| (d, k));
    }
    // Words: the day (maybe in quotes), the month's name, the year.
    let mut k = j;
    if let Some(c) = text[k..].chars().next() {
        if matches!(c, '»' | '"' | '”' | '“') {
            k += c.len_utf8();
        }
    }
    let k = skip_spaces(text, k);
    if k == j {
        return None;
    }
    let word_end = text[k..]
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(text.len(), |(n, _)| k + n);
    let m = month(&text[k..word_end])?;
    let y0 = skip_spaces(text, word_end);
    let (y, mut end) = digits(text, y0, 4, 4)?;
    // «г.», «года»
    let after = skip_spaces(text, end);
    for suffix in ["года", "г."] {
        if text[after..].starts_with(suffix) {
            end = after + suffix.len();
            break;
        }
    }
    NaiveDate::from_ymd_opt(y as i32, m, day).map(|d| (d, end))
}

/// The first date in `text`, with its bytes.
pub(super) fn find_date(text: &str) -> Option<(NaiveDate, Range<usize>)> {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if !b.is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            continue;
        }
        // A day may be quoted: «29» августа.
        if let Some((date, end)) = date_at(text, i) {
            let start = if i > 0 && matches!(text[..i].chars().next_back(), Some('«' | '"' | '“'))
            {
                i - text[..i].chars().next_back().map_or(0, char::len_utf8)
            } else {
                i
            };
            return Some((date, start..end));
        }
    }
    None
}

/// A date's text at the very start of `text` (after spaces).
pub(super) fn date_at_start(text: &str) -> Option<(NaiveDate, usize)> {
    let i = skip_spaces(text, 0);
    let c = text[i..].chars().next()?;
    let j = if matches!(c, '«' | '"' | '“') {
        i + c.len_utf8()
    } else {
        i
    };
    date_at(text, j)
}

/// The act number after «№» (or the «N» legal databases print): «587»,
/// «1187-р», «342н». Returns it and its bytes.
pub(super) fn find_number(text: &str) -> Option<(String, Range<usize>)> {
    let mut search = 0;
    while let Some(rel) = text[search..].find(['№', 'N']) {
        let at = search + rel;
        let sign = text[at..].chars().next().map_or(1, char::len_utf8);
        search = at + sign;
        if text[at..].starts_with('N') {
            // Only a standalone Latin N followed by a space: «N 587».
            let glued = text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if glued || !text[at + 1..].starts_with([' ', '\u{a0}']) {
                continue;
            }
        }
        let start = skip_spaces(text, at + sign);
        let end = text[start..]
            .char_indices()
            .find(|(_, c)| is_space(*c) || matches!(c, ',' | ';' | '(' | ')' | '«' | '»' | '"'))
            .map_or(text.len(), |(n, _)| start + n);
        let number = text[start..end].trim_end_matches(['.', ':']);
        if number.chars().next().is_some_and(|c| c.is_alphanumeric()) {
            return Some((number.to_string(), at..start + number.len()));
        }
    }
    None
}

/// A reference to an act: «приказом Минтруда России от 2 августа 2013 г.
/// № 342», «распоряжения от 15.02.2018 № 45».
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Citation {
    pub(super) kind: Option<ActKind>,
    pub(super) date: NaiveDate,
    pub(super) number: String,
    /// From «от» to the end of the number.
    pub(super) span: Range<usize>,
}

/// Every «от DATE № NUMBER» in `text`, with the kind of act named before it
/// (for lists, «приказов … от …, от …», the kind named last).
pub(super) fn citations(text: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    let mut kind = None;
    let mut i = 0;
    let mut last_word_end = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c.is_alphabetic() {
            let end = text[i..]
                .char_indices()
                .find(|(_, c)| !c.is_alphabetic())
                .map_or(text.len(), |(n, _)| i + n);
            let word = &text[i..end];
            if let Some(k) = act_kind(word) {
                kind = Some(k);
            }
            if word == "от" || word == "ОТ" {
                let d = skip_spaces(text, end);
                if let Some((date, after)) = date_at_start(&text[d..]) {
                    let after = d + after;
                    let rest = &text[after..];
                    let lead = rest.len() - rest.trim_start().len();
                    if rest.trim_start().starts_with(['№', 'N']) {
                        if let Some((number, span)) = find_number(&text[after + lead..]) {
                            if span.start == 0 {
                                out.push(Citation {
                                    kind,
                                    date,
                                    number,
                                    span: i..after + lead + span.end,
                                });
                                i = after + lead + span.end;
                                last_word_end = i;
                                continue;
                            }
                        }
                    }
                }
            }
            i = end;
            last_word_end = end;
            continue;
        }
        i += c.len_utf8();
    }
    let _ = last_word_end;
    out
}

/// Head nouns of issuing bodies: nominative (upper case) → genitive.
const HEAD_NOUNS: &[(&str, &str)] = &[
    ("ДЕПАРТАМЕНТ", "Департамента"),
    ("МИНИСТЕРСТВО", "Министерства"),
    ("АДМИНИСТРАЦИЯ", "Администрации"),
    ("КОМИТЕТ", "Комитета"),
    ("УПРАВЛЕНИЕ", "Управления"),
    ("АГЕНТСТВО", "Агентства"),
    ("ПРАВИТЕЛЬСТВО", "Правительства"),
    ("СЛУЖБА", "Службы"),
    ("ИНСПЕКЦИЯ", "Инспекции"),
    ("КОМИССИЯ", "Комиссии"),
    ("ГУБЕРНАТОР", "Губернатора"),
    ("МЭР", "Мэра"),
    ("ГЛАВА", "Главы"),
    ("ПРЕЗИДЕНТ", "Президента"),
];

/// The genitive form of an issuer printed in capitals in the nominative
/// («ДЕПАРТАМЕНТ СОЦИАЛЬНОЙ ЗАЩИТЫ НАСЕЛЕНИЯ ТОМСКОЙ ОБЛАСТИ» →
/// «Департамента социальной защиты населения Томской области»).
///
/// The rule changes the head noun only; the words after it are already in
/// the genitive. Names it does not know are an error for the caller to
/// report.
pub(super) fn issuer_genitive(printed: &str) -> Result<String, String> {
    let words: Vec<&str> = printed.split_whitespace().collect();
    let Some((head, rest)) = words.split_first() else {
        return Err("the issuer's name is empty".into());
    };
    let head_upper = head.to_uppercase();
    let Some(&(_, genitive)) = HEAD_NOUNS.iter().find(|(h, _)| *h == head_upper) else {
        return Err(format!(
            "«{head}» is not a head noun the genitive rule knows"
        ));
    };
    if printed.contains(['«', '»', '"']) {
        return Err("names with quotes are not handled by the genitive rule".into());
    }
    let upper: Vec<String> = rest.iter().map(|w| w.to_uppercase()).collect();
    let mut out: Vec<String> = rest.iter().map(|w| super::tokens::lowercase(w)).collect();
    for i in 0..upper.len() {
        match upper[i].as_str() {
            "ОБЛАСТИ" | "КРАЯ" | "РАЙОНА" if i > 0 => {
                out[i - 1] = capitalize(&out[i - 1])
            }
            "ОКРУГА" if i > 1 && upper[i - 1] == "АВТОНОМНОГО" => {
                out[i - 2] = capitalize(&out[i - 2]);
            }
            "ФЕДЕРАЦИИ" if i > 0 && upper[i - 1] == "РОССИЙСКОЙ" => {
                out[i - 1] = "Российской".into();
                out[i] = "Федерации".into();
            }
            "РОССИИ" => out[i] = "России".into(),
            "РЕСПУБЛИКИ" => {
                out[i] = "Республики".into();
                if i + 1 < out.len() {
                    out[i + 1] = capitalize(&out[i + 1]);
                }
            }
            "ГОРОДА" if i + 1 < out.len() => out[i + 1] = capitalize(&out[i + 1]),
            _ => {}
        }
    }
    if out.is_empty() {
        Ok(genitive.to_string())
    } else {
        Ok(format!("{genitive} {}", out.join(" ")))
    }
}

fn capitalize(word: &str) -> String {
    word.split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// True when a line is written in capitals (at least two letters).
pub(super) fn is_capitals(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| !c.is_lowercase())
}

/// Lines joined by single spaces, each trimmed.
pub(super) fn joined(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_every_print() {
        assert_eq!(
            find_date("от\u{a0}«29» августа 2014 г. № 587").map(|x| x.0),
            Some(d(2014, 8, 29))
        );
        assert_eq!(find_date("03.04. 2017").map(|x| x.0), Some(d(2017, 4, 3)));
        assert_eq!(
            find_date("от 15.02.2018 № 45").map(|x| x.0),
            Some(d(2018, 2, 15))
        );
        assert_eq!(
            find_date("с 1 марта 2018 года").map(|x| x.0),
            Some(d(2018, 3, 1))
        );
        assert_eq!(find_date("«29» 2014 г."), None);
        assert_eq!(find_date("31.02.2017"), None);
        let (_, span) = find_date("от «29» августа 2014 г. №").unwrap();
        assert_eq!(&"от «29» августа 2014 г. №"[span], "«29» августа 2014 г.");
    }

    #[test]
    fn numbers() {
        assert_eq!(find_number("№ 1187-р,").map(|x| x.0), Some("1187-р".into()));
        assert_eq!(find_number("N 45 от").map(|x| x.0), Some("45".into()));
        assert_eq!(find_number("№587.").map(|x| x.0), Some("587".into()));
        assert_eq!(find_number("OGRN 5"), None);
    }

    #[test]
    fn kinds_in_any_case() {
        assert_eq!(act_kind("приказу"), Some(ActKind::Prikaz));
        assert_eq!(act_kind("РАСПОРЯЖЕНИЕ"), Some(ActKind::Rasporyazhenie));
        assert_eq!(act_kind("постановлением"), Some(ActKind::Postanovlenie));
        assert_eq!(act_kind("указа"), Some(ActKind::Ukaz));
        assert_eq!(act_kind("указанный"), None);
    }

    #[test]
    fn citations_in_editions() {
        let c = citations("(в редакции распоряжений от 15.02.2018 № 45, от 1 марта 2019 г. № 7-р)");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].kind, Some(ActKind::Rasporyazhenie));
        assert_eq!(c[1].number, "7-р");
        assert_eq!(c[1].date, d(2019, 3, 1));
    }

    #[test]
    fn genitive_issuers() {
        assert_eq!(
            issuer_genitive("ДЕПАРТАМЕНТ СОЦИАЛЬНОЙ ЗАЩИТЫ НАСЕЛЕНИЯ ТОМСКОЙ ОБЛАСТИ").unwrap(),
            "Департамента социальной защиты населения Томской области"
        );
        assert_eq!(
            issuer_genitive("ПРАВИТЕЛЬСТВО РОССИЙСКОЙ ФЕДЕРАЦИИ").unwrap(),
            "Правительства Российской Федерации"
        );
        assert!(issuer_genitive("ООО «РОМАШКА»").is_err());
    }
}
