//! The quote scanner: finds the top-level quotations of the text, with
//! quotes nested inside quotes («…«…»…»), mixed «ёлочки» and "straight"
//! quotes, and recovery from quotes left open.
//!
//! A regular expression cannot pair nested quotes; this scanner keeps a
//! stack. It distinguishes a **block** quotation — one that opens a line or
//! follows a colon, as restated text does — from an **inline** one, such as
//! the words of «слова «A» заменить»: an inline quotation opened at the top
//! level must close on its own line, so one missing closing quote does not
//! swallow the rest of the order.

use super::source::{Notes, Source};
use std::ops::Range;

/// A top-level quotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Quote {
    /// The byte offset of the opening quote.
    pub(super) open: usize,
    /// The text between the quotes.
    pub(super) inner: Range<usize>,
    /// The byte offset just past the closing quote (or the end of the text
    /// when it never closes).
    pub(super) end: usize,
    /// True when the quotation opens a line or follows a colon.
    pub(super) block: bool,
}

impl Quote {
    pub(super) fn span(&self) -> Range<usize> {
        self.open..self.end
    }
}

#[derive(Debug, Clone, Copy)]
struct Open {
    pos: usize,
    ch: char,
    block: bool,
    line: usize,
}

/// Scans the whole text for top-level quotations, in order.
///
/// Only line breaks and quote characters matter, so the scan jumps from one
/// byte that can start them to the next (`\n`, `"`, and the lead bytes of
/// «», „“”) instead of decoding every character.
pub(super) fn scan(source: &Source, notes: &mut Notes) -> Vec<Quote> {
    let text = source.text;
    let bytes = text.as_bytes();
    let mut quotes = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut line = 0usize;
    let mut line_start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if !matches!(b, b'\n' | b'"' | 0xC2 | 0xE2) {
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        match c {
            '\n' => {
                end_of_line(text, &mut stack, (line, line_start), notes);
                line += 1;
                line_start = i + 1;
            }
            '«' | '„' => {
                let block = stack.is_empty() && opens_block(text, line_start, i);
                stack.push(Open {
                    pos: i,
                    ch: c,
                    block,
                    line,
                });
            }
            '“' if stack.last().is_some_and(|o| o.ch == '„') => {
                close(
                    text,
                    &mut stack,
                    &mut quotes,
                    (i, c),
                    (line, line_start),
                    notes,
                );
            }
            '“' => {
                let block = stack.is_empty() && opens_block(text, line_start, i);
                stack.push(Open {
                    pos: i,
                    ch: c,
                    block,
                    line,
                });
            }
            '»' | '”' => close(
                text,
                &mut stack,
                &mut quotes,
                (i, c),
                (line, line_start),
                notes,
            ),
            '"' => {
                let prev = text[..i].chars().next_back();
                let next = text[i + 1..].chars().next();
                let top_straight = stack.last().is_some_and(|o| o.ch == '"');
                let glued_before =
                    prev.is_some_and(|p| p.is_alphanumeric() || ".,;:!?)…".contains(p));
                let opening =
                    !top_straight && !glued_before && next.is_some_and(|n| !n.is_whitespace());
                if opening {
                    let block = stack.is_empty() && opens_block(text, line_start, i);
                    stack.push(Open {
                        pos: i,
                        ch: c,
                        block,
                        line,
                    });
                } else if !stack.is_empty() {
                    close(
                        text,
                        &mut stack,
                        &mut quotes,
                        (i, c),
                        (line, line_start),
                        notes,
                    );
                }
                // A lone straight quote outside any quotation (an inch mark, a
                // typo) is text.
            }
            _ => {}
        }
        i += c.len_utf8();
    }
    end_of_line(text, &mut stack, (line, line_start), notes);
    if let Some(first) = stack.first().copied() {
        notes.error(
            first.pos..first.pos + first.ch.len_utf8(),
            first.pos..text.len(),
            "this quote is never closed: the rest of the text is read as quoted",
        );
        quotes.push(Quote {
            open: first.pos,
            inner: first.pos + first.ch.len_utf8()..text.len(),
            end: text.len(),
            block: first.block,
        });
    }
    quotes
}

/// A quotation is a block when nothing but spaces precede it on its line, or
/// it follows a colon or a semicolon (the end of the previous block).
fn opens_block(text: &str, line_start: usize, at: usize) -> bool {
    let before = text[..at].trim_end();
    before.len() < line_start || matches!(before.chars().next_back(), Some(':' | ';'))
}

/// At a line break, an inline quotation opened at the top level on this line
/// and still open was not a quotation: report it and forget it.
fn end_of_line(
    text: &str,
    stack: &mut Vec<Open>,
    (line, line_start): (usize, usize),
    notes: &mut Notes,
) {
    let Some(first) = stack.first().copied() else {
        return;
    };
    if first.block || first.line != line {
        return;
    }
    notes.error(
        first.pos..first.pos + first.ch.len_utf8(),
        line_start..line_end_from(text, first.pos),
        "this quote is not closed on its line: the words it opens cannot be read",
    );
    stack.clear();
}

fn close(
    text: &str,
    stack: &mut Vec<Open>,
    quotes: &mut Vec<Quote>,
    (at, ch): (usize, char),
    (line, line_start): (usize, usize),
    notes: &mut Notes,
) {
    let Some(top) = stack.pop() else {
        notes.warning(
            at..at + ch.len_utf8(),
            line_start..line_end_from(text, at),
            "a closing quote without an opening one: read as text",
        );
        return;
    };
    // An inline quotation inside a block that opened on an earlier line and
    // closes where a block usually ends («…»; at the end of a line) was
    // never closed: this quote closes the one below it.
    if !stack.is_empty() && top.line != line && ends_block_here(text, at + ch.len_utf8()) {
        notes.warning(
            top.pos..top.pos + top.ch.len_utf8(),
            top.pos..line_end_from(text, top.pos),
            "this quote inside the quoted text is never closed; the quoted text is taken to end at the closing quote at the end of a later line",
        );
        close(text, stack, quotes, (at, ch), (line, line_start), notes);
        return;
    }
    if stack.is_empty() {
        quotes.push(Quote {
            open: top.pos,
            inner: top.pos + top.ch.len_utf8()..at,
            end: at + ch.len_utf8(),
            block: top.block,
        });
    }
}

/// The end of the line holding `at`, looking at most a few hundred bytes
/// ahead (a sentence for a message, not a scan of the text).
fn line_end_from(text: &str, at: usize) -> usize {
    let limit = super::source::floor_char(text, (at + 600).min(text.len()));
    text[at..limit].find('\n').map_or(limit, |n| at + n)
}

/// True when only «;», «.» or «,» and spaces follow on the line.
fn ends_block_here(text: &str, after: usize) -> bool {
    let mut solid = 0;
    for (k, c) in text[after..].char_indices() {
        if c == '\n' {
            return true;
        }
        if k > 64 {
            return false;
        }
        if !c.is_whitespace() {
            solid += 1;
            if solid > 1 || !matches!(c, ';' | '.' | ',') {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> (Vec<String>, usize) {
        let source = Source::new(text);
        let mut notes = Notes::new(&source);
        let q = scan(&source, &mut notes);
        (
            q.iter()
                .map(|q| text[q.inner.clone()].to_string())
                .collect(),
            notes.diagnostics.len(),
        )
    }

    #[test]
    fn nested_quotes_stay_inside() {
        let (q, d) = quotes("слова «приказ «О плане» от 2013 г.» заменить словами «нет»");
        assert_eq!(q, ["приказ «О плане» от 2013 г.", "нет"]);
        assert_eq!(d, 0);
    }

    #[test]
    fn straight_and_mixed_quotes() {
        let (q, _) = quotes("слова \"А\" заменить словами «Б \"В\" Г\"");
        assert_eq!(q, ["А", "Б \"В\" Г"]);
        let (q, _) = quotes("слова „А“ и “Б”");
        assert_eq!(q, ["А", "Б"]);
    }

    #[test]
    fn block_quotes_span_lines() {
        let (q, d) = quotes("изложить:\n«1.\n\tтекст «в кавычках»\n\tещё»;\n2. Пункт 5 исключить.");
        assert_eq!(q, ["1.\n\tтекст «в кавычках»\n\tещё"]);
        assert_eq!(d, 0);
    }

    #[test]
    fn an_inline_quote_left_open_is_dropped_at_the_line_end() {
        let (q, d) = quotes("слова «А заменить словами «Б»\n2. слова «В» исключить");
        assert_eq!(q, ["В"]);
        assert_eq!(d, 1);
    }

    #[test]
    fn an_unclosed_inner_quote_does_not_swallow_the_next_point() {
        let (q, d) = quotes("изложить:\n«1.\n\tсеть «Интернет\n\tещё»;\n2. слова «В» исключить");
        assert_eq!(q, ["1.\n\tсеть «Интернет\n\tещё", "В"]);
        assert_eq!(d, 1);
    }

    #[test]
    fn a_stray_closing_quote_is_text() {
        let (q, d) = quotes("слова А» заменить «Б»");
        assert_eq!(q, ["Б"]);
        assert_eq!(d, 1);
    }
}
