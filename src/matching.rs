//! Tolerant, exact-case matching of quoted words inside cell text.
//!
//! Text exported from portals and word processors differs from the text an
//! order quotes in ways that carry no meaning: non-breaking spaces, runs of
//! whitespace, line breaks inside a cell, «ёлочки» against "straight" quotes,
//! en dashes against hyphens, zero-width characters. Matching ignores those
//! differences and nothing else — letter case counts, because a case-only
//! change («администрации» → «Администрации») is a real change.
//!
//! A match is reported as a byte range of the **original** text, so that an
//! edit replaces exactly the matched span and leaves every other byte alone.

use std::ops::Range;

/// Folds one character for comparison: `None` drops it, `Some(' ')` marks
/// whitespace (collapsed into one space), quotes become `"` and dashes `-`.
fn fold(c: char) -> Option<char> {
    match c {
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}' => None,
        '«' | '»' | '„' | '“' | '”' | '‟' | '"' => Some('"'),
        '–' | '—' | '‑' | '‒' | '−' | '―' => Some('-'),
        c if c.is_whitespace() => Some(' '),
        c => Some(c),
    }
}

/// The text as matching sees it: spaces collapsed and trimmed, quotes and
/// dashes unified, zero-width characters dropped.
///
/// # Example
/// ```
/// assert_eq!(planver::matching::normalize(" «IV\u{a0}кв.\n 2014 г.» – "), "\"IV кв. 2014 г.\" -");
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter_map(fold) {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// True when two texts are equal as matching sees them.
///
/// # Example
/// ```
/// assert!(planver::matching::same_text("2013 – 2015", "2013 -\u{a0}2015"));
/// assert!(!planver::matching::same_text("администрации", "Администрации"));
/// ```
pub fn same_text(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b)
}

/// A text folded for searching, with a map back to the original bytes.
struct Folded {
    text: String,
    /// For each byte of `text`: where its character starts in the original.
    start: Vec<usize>,
    /// For each byte of `text`: where its character ends in the original.
    end: Vec<usize>,
}

impl Folded {
    fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut start = Vec::with_capacity(original.len());
        let mut end = Vec::with_capacity(original.len());
        for (at, c) in original.char_indices() {
            let Some(f) = fold(c) else { continue };
            let after = at + c.len_utf8();
            if f == ' ' && text.ends_with(' ') {
                // A run of whitespace folds into one space spanning the run.
                if let Some(last) = end.last_mut() {
                    *last = after;
                }
                continue;
            }
            text.push(f);
            for _ in 0..f.len_utf8() {
                start.push(at);
                end.push(after);
            }
        }
        Folded { text, start, end }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Finds every non-overlapping occurrence of `needle` in `haystack`, as byte
/// ranges of `haystack`.
///
/// With `whole_words`, a match must not be glued to a letter or digit on a
/// side where the needle itself begins or ends with one: «слово» in the
/// formula means a whole word.
///
/// # Example
/// ```
/// use planver::matching::find;
/// let cell = "Д.В. Баснак,\nИ.В.\u{a0}Никитина";
/// let found = find(cell, "И.В. Никитина", true);
/// assert_eq!(found.len(), 1);
/// assert_eq!(&cell[found[0].clone()], "И.В.\u{a0}Никитина");
/// assert!(find("Никитинаа", "Никитина", true).is_empty());
/// ```
pub fn find(haystack: &str, needle: &str, whole_words: bool) -> Vec<Range<usize>> {
    let needle = normalize(needle);
    if needle.is_empty() {
        return Vec::new();
    }
    let folded = Folded::new(haystack);
    let first = needle.chars().next().is_some_and(is_word_char);
    let last = needle.chars().next_back().is_some_and(is_word_char);
    let mut found = Vec::new();
    for (at, m) in folded.text.match_indices(needle.as_str()) {
        let range = folded.start[at]..folded.end[at + m.len() - 1];
        if whole_words {
            let glued_before = first
                && haystack[..range.start]
                    .chars()
                    .next_back()
                    .is_some_and(is_word_char);
            let glued_after = last
                && haystack[range.end..]
                    .chars()
                    .next()
                    .is_some_and(is_word_char);
            if glued_before || glued_after {
                continue;
            }
        }
        found.push(range);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tolerates_export_artefacts() {
        let cell = "на 2013 –         2015 годы по «государственно-служебной культуры»";
        let r = find(
            cell,
            "на 2013 - 2015 годы по \"государственно-служебной культуры\"",
            true,
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0], 0..cell.len());
    }

    #[test]
    fn case_counts() {
        assert!(find("администрации", "Администрации", true).is_empty());
    }

    #[test]
    fn whole_words_only_where_the_needle_has_letters() {
        assert_eq!(find("IV кв. 20134 г.", "2013", true).len(), 0);
        assert_eq!(find("IV кв. 20134 г.", "2013", false).len(), 1);
        assert_eq!(find("в т.ч. (далее)", "(далее)", true).len(), 1);
    }

    #[test]
    fn newline_inside_cell_matches_space() {
        let cell = "В.Ф. Колбанов,\nД.В. Баснак";
        assert_eq!(
            find(cell, "Колбанов, Д.В.", true),
            vec![cell.find("Колбанов").unwrap()..cell.find(" Баснак").unwrap()]
        );
    }

    proptest! {
        #[test]
        fn matches_map_back_to_equal_text(s in "[а-я «»\"\u{a0}\n–-]{0,40}", a in 0usize..40, len in 1usize..10) {
            let chars: Vec<char> = s.chars().collect();
            let a = a.min(chars.len());
            let b = (a + len).min(chars.len());
            let needle: String = chars[a..b].iter().collect();
            for r in find(&s, &needle, false) {
                prop_assert!(same_text(&s[r.clone()], &needle));
            }
        }

        #[test]
        fn normalize_is_idempotent(s in "\\PC{0,40}") {
            let n = normalize(&s);
            prop_assert_eq!(normalize(&n), n.clone());
        }
    }
}
