//! The layout of an order: paragraphs, and the numbered and lettered points
//! (1., 1), а)) that hold the changes, nested as the text nests them.

use super::quotes::Quote;
use super::source::Source;
use std::ops::Range;

/// How a point is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// «1.», «1.1.»
    Dot,
    /// «1)»
    Paren,
    /// «а)»
    Letter,
}

/// A paragraph: a numbered point with the lines that follow it, or a run of
/// unnumbered lines.
#[derive(Debug, Clone)]
pub(super) struct Para {
    /// From the first character to the end of the last line (trimmed).
    pub(super) span: Range<usize>,
    /// Where the text after the point's mark starts.
    pub(super) body: usize,
    /// The point's mark, as printed, without its «.» or «)».
    pub(super) mark: Option<(String, Style)>,
    /// The point's full label: «3», «1а», «2.1».
    pub(super) label: Option<String>,
    /// The index of the enclosing point.
    pub(super) parent: Option<usize>,
}

impl Para {
    pub(super) fn body_range(&self) -> Range<usize> {
        self.body..self.span.end.max(self.body)
    }
}

/// Splits the text into paragraphs. Lines that start inside a quotation
/// belong to the paragraph the quotation is in.
pub(super) fn paragraphs(source: &Source, quotes: &[Quote]) -> Vec<Para> {
    let text = source.text;
    let mut paras: Vec<Para> = Vec::new();
    let mut styles: Vec<Style> = Vec::new();
    // The last point seen at each level.
    let mut open_points: Vec<usize> = Vec::new();
    let mut qi = 0;
    let mut prev_blank = true;
    for line in 0..source.line_count() {
        let range = source.line_range(line);
        while qi < quotes.len() && quotes[qi].end <= range.start {
            qi += 1;
        }
        let inside = quotes
            .get(qi)
            .is_some_and(|q| q.open < range.start && range.start < q.end);
        let content = &text[range.clone()];
        let blank = content.trim().is_empty();
        if inside {
            if let Some(p) = paras.last_mut() {
                if !blank {
                    p.span.end = p.span.end.max(trimmed_end(text, range.clone()));
                }
            }
            prev_blank = blank;
            continue;
        }
        if blank {
            prev_blank = true;
            continue;
        }
        let lead = content.len() - content.trim_start().len();
        let first = range.start + lead;
        let end = trimmed_end(text, range.clone());
        if let Some((mark, style, body)) = point_mark(&text[first..range.end]) {
            let level = match styles.iter().position(|s| *s == style) {
                Some(k) => {
                    styles.truncate(k + 1);
                    k
                }
                None => {
                    styles.push(style);
                    styles.len() - 1
                }
            };
            open_points.truncate(level);
            let parent = level
                .checked_sub(1)
                .and_then(|l| open_points.get(l).copied());
            let label = match parent.and_then(|p| paras[p].label.clone()) {
                Some(parent_label) if style == Style::Letter => format!("{parent_label}{mark}"),
                Some(parent_label) => format!("{parent_label}.{mark}"),
                None => mark.clone(),
            };
            paras.push(Para {
                span: first..end,
                body: first + body,
                mark: Some((mark, style)),
                label: Some(label),
                parent,
            });
            open_points.push(paras.len() - 1);
        } else {
            let continues = match paras.last() {
                None => false,
                Some(p) => {
                    let starts_quote_or_cell = content.starts_with('\t')
                        || content.trim_start().starts_with(['«', '"', '„', '“']);
                    let expects = text[p.span.clone()].trim_end().ends_with(':');
                    !prev_blank || starts_quote_or_cell || expects
                }
            };
            if continues {
                if let Some(p) = paras.last_mut() {
                    p.span.end = p.span.end.max(end);
                }
            } else {
                if is_appendix_heading(&text[first..end]) {
                    styles.clear();
                    open_points.clear();
                }
                paras.push(Para {
                    span: first..end,
                    body: first,
                    mark: None,
                    label: None,
                    parent: None,
                });
            }
        }
        prev_blank = false;
    }
    paras
}

fn trimmed_end(text: &str, range: Range<usize>) -> usize {
    range.start + text[range].trim_end().len()
}

/// The mark of a point at the start of `line`: «1. », «1.1. », «2) », «а) ».
/// Returns the mark, its style and the byte offset of the text after it.
pub(super) fn point_mark(line: &str) -> Option<(String, Style, usize)> {
    let bytes = line.as_bytes();
    let mut i = 0;
    if bytes.first().is_some_and(u8::is_ascii_digit) {
        // Digits with inner dots: 1, 1.1, 12.3.4 — no leading zeros.
        let mut part_start = 0;
        loop {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let part = &line[part_start..i];
            if part.is_empty() || part.len() > 4 || (part.len() > 1 && part.starts_with('0')) {
                return None;
            }
            if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
                i += 1;
                part_start = i;
                continue;
            }
            break;
        }
        let mark = line[..i].to_string();
        let style = match bytes.get(i) {
            Some(b'.') => Style::Dot,
            Some(b')') => Style::Paren,
            _ => return None,
        };
        if style == Style::Paren && mark.contains('.') {
            return None;
        }
        let after = i + 1;
        return spaced(line, after).map(|body| (mark, style, body));
    }
    let mut chars = line.char_indices();
    let (_, c) = chars.next()?;
    if ('а'..='я').contains(&c) || c == 'ё' {
        let (j, close) = chars.next()?;
        if close == ')' {
            return spaced(line, j + 1).map(|body| (c.to_string(), Style::Letter, body));
        }
    }
    None
}

/// The text after a mark must start after a space (not a tab: «1.→…» is a
/// table row) and must not be a digit («03.04. 2017» is a date).
fn spaced(line: &str, after: usize) -> Option<usize> {
    let rest = &line[after..];
    let first = rest.chars().next()?;
    if first != ' ' && first != '\u{a0}' {
        return None;
    }
    let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
    if trimmed.is_empty() || trimmed.starts_with(|c: char| c.is_ascii_digit() || c == '\t') {
        return None;
    }
    Some(after + (rest.len() - trimmed.len()))
}

/// Headings after which the numbering of points starts again: the appendix
/// that holds the changes.
fn is_appendix_heading(text: &str) -> bool {
    // Only how it starts matters: lower-case no more than that.
    let end = text.char_indices().nth(24).map_or(text.len(), |(i, _)| i);
    let lower = super::tokens::lowercase(&text[..end]);
    lower.starts_with("приложение")
        || lower.starts_with("утвержден")
        || lower.starts_with("изменения")
        || lower.starts_with("изменение,")
        || lower.starts_with("перечень изменений")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::order_text::quotes::scan;
    use crate::import::order_text::source::Notes;

    fn layout(text: &str) -> Vec<(Option<String>, String)> {
        let source = Source::new(text);
        let mut notes = Notes::new(&source);
        let quotes = scan(&source, &mut notes);
        paragraphs(&source, &quotes)
            .into_iter()
            .map(|p| (p.label.clone(), text[p.body_range()].to_string()))
            .collect()
    }

    #[test]
    fn marks() {
        assert_eq!(point_mark("1. В пункте"), Some(("1".into(), Style::Dot, 3)));
        assert_eq!(point_mark("1.1. В пункте").map(|m| m.0), Some("1.1".into()));
        assert_eq!(point_mark("2) в пункте").map(|m| m.1), Some(Style::Paren));
        assert_eq!(point_mark("б) в пункте").map(|m| m.1), Some(Style::Letter));
        assert_eq!(point_mark("03.04. 2017"), None);
        assert_eq!(point_mark("1.\tтекст"), None);
        assert_eq!(point_mark("2018 год"), None);
        assert_eq!(point_mark("1.1 текст"), None);
    }

    #[test]
    fn nested_points_get_labels() {
        let paras = layout(
            "Шапка\n\n1. Внести изменения:\nа) пункт 1 исключить;\nб) пункт 2 исключить.\n2) x\n2. Контроль оставляю за собой.\n\nМинистр",
        );
        let labels: Vec<Option<&str>> = paras.iter().map(|p| p.0.as_deref()).collect();
        assert_eq!(
            labels,
            [
                None,
                Some("1"),
                Some("1а"),
                Some("1б"),
                Some("1б.2"),
                Some("2"),
                None
            ]
        );
    }

    #[test]
    fn quoted_lines_belong_to_their_point() {
        let paras = layout(
            "3. Пункт 1 изложить:\n\n\t«1.\n2. не пункт\n\tтекст»;\n\n4. Пункт 2 исключить.",
        );
        assert_eq!(paras.len(), 2);
        assert!(paras[0].1.ends_with("текст»;"));
    }
}
