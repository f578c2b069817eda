//! Tokens of the formula text: words (compared in lower case), numbers,
//! top-level quotations and punctuation, each with its place in the source.

use super::quotes::Quote;
use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// A word, lower-cased; hyphenated words stay whole.
    Word(String),
    /// Digits with inner dots: «10», «1.1», «2.21».
    Num(String),
    /// A top-level quotation: its index in the scanner's list.
    Quote(usize),
    /// Any other character that is not a space.
    Punct(char),
}

/// A token and its bytes in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) kind: Kind,
    pub(super) span: Range<usize>,
}

impl Token {
    pub(super) fn word(&self) -> Option<&str> {
        match &self.kind {
            Kind::Word(w) => Some(w),
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

/// Splits `range` of `text` into tokens; a top-level quotation is one token.
pub(super) fn tokenize(text: &str, range: Range<usize>, quotes: &[Quote]) -> Vec<Token> {
    let mut out = Vec::new();
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
        if c.is_alphabetic() {
            let start = i;
            let mut j = i;
            let mut prev_hyphen = false;
            for (k, ch) in text[i..end].char_indices() {
                if ch.is_alphabetic() {
                    prev_hyphen = false;
                    j = i + k + ch.len_utf8();
                } else if ch == '-' && !prev_hyphen && k > 0 {
                    // A hyphen joins two letters: «утратившими-либо» stays one word.
                    let after = text[i + k + 1..end].chars().next();
                    if after.is_some_and(char::is_alphabetic) {
                        prev_hyphen = true;
                        continue;
                    }
                    break;
                } else {
                    break;
                }
            }
            let word = text[start..j].to_lowercase().replace('ё', "е");
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
                kind: Kind::Num(text[start..j].to_string()),
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
                Kind::Num("10".into()),
                Kind::Punct(','),
                Kind::Num("1.1".into()),
                Kind::Word("слово".into()),
                Kind::Quote(0),
                Kind::Punct('—'),
                Kind::Word("елка".into()),
                Kind::Word("утратившими-силу".into()),
            ]
        );
    }
}
