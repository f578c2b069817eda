//! The engine's word edits and абзац ranges (src/apply.rs `edited`,
//! `widened`, `paragraph_range`), mirrored for the generators' models so
//! that a model's text stays byte for byte equal to the engine's. Shared by
//! the benches' generator (`benches/common`) and the corpus generator
//! (`examples/corpus.rs`): one mirror to keep in step with the engine.

use std::ops::Range;

/// What an edit does at each matched range.
pub enum Edit<'a> {
    Replace(&'a str),
    After(&'a str),
    Before(&'a str),
    Delete,
}

/// True when inserted words start with punctuation, so no space goes before them.
pub fn starts_with_punctuation(words: &str) -> bool {
    words
        .chars()
        .next()
        .is_some_and(|c| matches!(c, ',' | '.' | ';' | ':' | ')' | '»' | '"' | '!' | '?'))
}

/// The engine's edit of the matched ranges of one cell (src/apply.rs
/// `edited`: ascending, non-overlapping ranges, one pass), mirrored so that
/// the model's text stays equal to the engine's.
pub fn edited(text: &str, ranges: &[Range<usize>], edit: &Edit) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 16);
    let mut at = 0;
    for range in ranges {
        let (start, end) = match edit {
            Edit::Delete => widened(text, range),
            _ => (range.start, range.end),
        };
        let start = start.max(at);
        let end = end.max(start);
        match edit {
            Edit::Replace(to) => {
                out.push_str(&text[at..start]);
                out.push_str(to);
                at = end;
            }
            Edit::After(words) => {
                out.push_str(&text[at..end]);
                // No space at the start of a line or after one already there.
                let prev = text[..end].chars().next_back();
                if !starts_with_punctuation(words) && prev.is_some_and(|c| !c.is_whitespace()) {
                    out.push(' ');
                }
                out.push_str(words);
                at = end;
            }
            Edit::Before(words) => {
                out.push_str(&text[at..start]);
                out.push_str(words);
                if text[start..]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace())
                {
                    out.push(' ');
                }
                at = start;
            }
            Edit::Delete => {
                out.push_str(&text[at..start]);
                at = end;
            }
        }
    }
    out.push_str(&text[at..]);
    out
}

/// The byte range of the 1-based абзац `n` (line) of `text`, as the engine
/// counts them (src/apply.rs `paragraph_range`).
pub fn paragraph_range(text: &str, n: usize) -> Option<Range<usize>> {
    let mut start = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i + 1 == n {
            return Some(start..start + line.len());
        }
        start += line.len() + 1;
    }
    None
}

/// The span a deletion removes: the words and one adjoining space.
fn widened(text: &str, range: &Range<usize>) -> (usize, usize) {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let is_space = |c: Option<char>| c.is_some_and(|c| c == ' ' || c == '\u{a0}');
    if is_space(after) && (before.is_none() || is_space(before)) {
        (range.start, range.end + after.map_or(0, char::len_utf8))
    } else if is_space(before) {
        (range.start - before.map_or(0, char::len_utf8), range.end)
    } else {
        (range.start, range.end)
    }
}
