//! Tokens of the formula text: words (compared in lower case), numbers,
//! top-level quotations and punctuation, each with its place in the source.

use super::quotes::Quote;
use std::borrow::Cow;
use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind<'t> {
    /// A word, lower-cased (borrowed when the text has it so); hyphenated
    /// words stay whole.
    Word(Cow<'t, str>),
    /// Digits with inner dots: «10», «1.1», «2.21».
    Num(&'t str),
    /// A top-level quotation: its index in the scanner's list.
    Quote(usize),
    /// Any other character that is not a space.
    Punct(char),
}

/// A token and its bytes in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token<'t> {
    pub(super) kind: Kind<'t>,
    pub(super) span: Range<usize>,
}

impl Token<'_> {
    pub(super) fn word(&self) -> Option<&str> {
        match &self.kind {
            Kind::Word(w) => Some(w.as_ref()),
            _ => None,
        }
    }

    pub(super) fn is_word(&self, w: &str) -> bool {
        self.word() == Some(w)
    }

    pub(super) fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    pub(super) fn is_dash(&self) -> bool {
        matches!(self.kind, Kind::Punct('-' | '–' | '—' | '‑' | '−'))
    }
}

/// A letter, with fast paths for ASCII and the Russian alphabet.
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' => true,
        c if c.is_ascii() => false,
        c => c.is_alphabetic(),
    }
}

/// A word in lower case, «ё» read as «е»; fast for Russian and ASCII, and
/// borrowed when nothing changes.
fn lower(word: &str) -> Cow<'_, str> {
    let unchanged = word.chars().all(|c| {
        matches!(c, 'a'..='z' | 'а'..='я' | '-') || (c.is_ascii() && !c.is_ascii_uppercase())
    });
    if unchanged {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'А'..='Я' => out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
            'Ё' | 'ё' => out.push('е'),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            c if c.is_ascii() || ('а'..='я').contains(&c) => out.push(c),
            c => out.extend(c.to_lowercase()),
        }
    }
    Cow::Owned(out)
}

/// `str::to_lowercase`, fast for text of ASCII, basic Cyrillic (А–я, Ё,
/// ё) and caseless punctuation (NBSP, «», dashes, №), for which it gives
/// the same string without the general Unicode tables; any other text goes
/// to `str::to_lowercase`.
pub(super) fn lowercase(text: &str) -> String {
    let simple = text.chars().all(|c| {
        c.is_ascii()
            || matches!(c, 'А'..='я' | 'Ё' | 'ё' | '\u{a0}'..='\u{bf}' | '\u{2000}'..='\u{206f}' | '№')
    });
    if !simple {
        return text.to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'А'..='Я' => out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
            'Ё' => out.push('ё'),
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}

/// Splits `range` of `text` into tokens; a top-level quotation is one token.
pub(super) fn tokenize<'t>(text: &'t str, range: Range<usize>, quotes: &[Quote]) -> Vec<Token<'t>> {
    let mut out = Vec::with_capacity(range.len().min(1 << 16) / 8);
    let mut qi = quotes.partition_point(|q| q.end <= range.start);
    let mut i = range.start;
    let end = range.end.min(text.len());
    while i < end {
        if let Some(q) = quotes.get(qi) {
            if q.open == i {
                out.push(Token {
                    kind: Kind::Quote(qi),
                    span: q.open..q.end.min(end),
                });
                i = q.end;
                qi += 1;
                continue;
            }
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}' {
            i += len;
            continue;
        }
        if is_letter(c) {
            let start = i;
            let mut j = i;
            let mut prev_hyphen = false;
            for (k, ch) in text[i..end].char_indices() {
                if is_letter(ch) {
                    prev_hyphen = false;
                    j = i + k + ch.len_utf8();
                } else if ch == '-' && !prev_hyphen && k > 0 {
                    // A hyphen joins two letters: «утратившими-либо» stays one word.
                    let after = text[i + k + 1..end].chars().next();
                    if after.is_some_and(is_letter) {
                        prev_hyphen = true;
                        continue;
                    }
                    break;
                } else {
                    break;
                }
            }
            let word = lower(&text[start..j]);
            out.push(Token {
                kind: Kind::Word(word),
                span: start..j,
            });
            i = j;
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            let bytes = text.as_bytes();
            let mut j = i;
            loop {
                while j < end && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                if j + 1 < end && bytes[j] == b'.' && bytes[j + 1].is_ascii_digit() {
                    j += 1;
                    continue;
                }
                break;
            }
            out.push(Token {
                kind: Kind::Num(&text[start..j]),
                span: start..j,
            });
            i = j;
            continue;
        }
        out.push(Token {
            kind: Kind::Punct(c),
            span: i..i + len,
        });
        i += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_numbers_quotes_punctuation() {
        let text = "В пунктах 10, 1.1 слово «А» — Ёлка утратившими-силу";
        let quotes = vec![Quote {
            open: text.find('«').unwrap(),
            inner: 0..0,
            end: text.find('»').unwrap() + '»'.len_utf8(),
            block: false,
        }];
        let kinds: Vec<Kind> = tokenize(text, 0..text.len(), &quotes)
            .into_iter()
            .map(|t| t.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                Kind::Word("в".into()),
                Kind::Word("пунктах".into()),
                Kind::Num("10"),
                Kind::Punct(','),
                Kind::Num("1.1"),
                Kind::Word("слово".into()),
                Kind::Quote(0),
                Kind::Punct('—'),
                Kind::Word("елка".into()),
                Kind::Word("утратившими-силу".into()),
            ]
        );
    }

    #[test]
    fn the_fast_lowercase_is_str_to_lowercase() {
        let ranges = [
            0u32..0x80,
            0xa0..0xc0,
            0x400..0x460,
            0x2000..0x2070,
            0x2116..0x2117,
            0x3a3..0x3a4,
        ];
        for r in ranges {
            for c in r.filter_map(char::from_u32) {
                for s in [c.to_string(), format!("Ab{c}Яё"), format!("{c}{c}Σ {c}")] {
                    assert_eq!(lowercase(&s), s.to_lowercase(), "{c:?}");
                }
            }
        }
        assert_eq!(
            lowercase("ПРИКАЗ «О ПЛАНЕ» № 5 — Ёлка"),
            "приказ «о плане» № 5 — ёлка"
        );
    }
}
