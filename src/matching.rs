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
    start: Vec<u32>,
    /// For each byte of `text`: where its character ends in the original.
    end: Vec<u32>,
}

impl Folded {
    fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut start = Vec::with_capacity(original.len());
        let mut end = Vec::with_capacity(original.len());
        for (at, c) in original.char_indices() {
            let Some(f) = fold(c) else { continue };
            let after = (at + c.len_utf8()) as u32;
            if f == ' ' && text.ends_with(' ') {
                // A run of whitespace folds into one space spanning the run.
                if let Some(last) = end.last_mut() {
                    *last = after;
                }
                continue;
            }
            text.push(f);
            for _ in 0..f.len_utf8() {
                start.push(at as u32);
                end.push(after);
            }
        }
        Folded { text, start, end }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Characters that folding drops: a text holding one can match a needle
/// that its raw bytes do not contain.
const DROPPED: [char; 5] = ['\u{200b}', '\u{200c}', '\u{200d}', '\u{feff}', '\u{ad}'];

/// Quoted words prepared for searching many cells: folded once, with a
/// literal key for a fast first check.
///
/// # Example
/// ```
/// use planver::matching::Needle;
/// let needle = Needle::new("И.В.  Никитина");
/// assert_eq!(needle.find("Д.В. Баснак, И.В.\u{a0}Никитина", true).len(), 1);
/// assert!(needle.find("Д.В. Баснак", true).is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct Needle {
    folded: String,
    /// The longest stretch of the needle that folding leaves as it is: it
    /// must occur literally in any text that matches.
    key: String,
    first_is_word: bool,
    last_is_word: bool,
}

impl Needle {
    /// Prepares `words` for searching.
    pub fn new(words: &str) -> Needle {
        let folded = normalize(words);
        let key = folded
            .split([' ', '"', '-'])
            .max_by_key(|part| part.len())
            .unwrap_or("")
            .to_string();
        Needle {
            first_is_word: folded.chars().next().is_some_and(is_word_char),
            last_is_word: folded.chars().next_back().is_some_and(is_word_char),
            folded,
            key,
        }
    }

    /// True when the words are empty once spacing is folded away.
    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    /// Every non-overlapping occurrence in `haystack`, as byte ranges of
    /// `haystack`. See [`find`].
    pub fn find(&self, haystack: &str, whole_words: bool) -> Vec<Range<usize>> {
        if self.folded.is_empty() {
            return Vec::new();
        }
        // Most cells do not contain the words: rule them out without folding.
        if !haystack.contains(self.key.as_str()) && !haystack.contains(DROPPED) {
            return Vec::new();
        }
        let folded = Folded::new(haystack);
        let mut found = Vec::new();
        for (at, m) in folded.text.match_indices(self.folded.as_str()) {
            let range = folded.start[at] as usize..folded.end[at + m.len() - 1] as usize;
            if whole_words {
                let glued_before = self.first_is_word
                    && haystack[..range.start]
                        .chars()
                        .next_back()
                        .is_some_and(is_word_char);
                let glued_after = self.last_is_word
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
}

/// Finds every non-overlapping occurrence of `needle` in `haystack`, as byte
/// ranges of `haystack`.
///
/// With `whole_words`, a match must not be glued to a letter or digit on a
/// side where the needle itself begins or ends with one: «слово» in the
/// formula means a whole word. To search many texts for the same words,
/// prepare them once with [`Needle`].
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
    Needle::new(needle).find(haystack, whole_words)
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
        fn the_key_never_rules_out_a_real_match(s in "[а-я «»\"\u{a0}\u{ad}\u{200b}\n–-]{0,40}", a in 0usize..40, len in 1usize..10) {
            // Whatever the text holds, a slice of it is found in it.
            let chars: Vec<char> = s.chars().collect();
            let a = a.min(chars.len());
            let b = (a + len).min(chars.len());
            let needle: String = chars[a..b].iter().collect();
            if !normalize(&needle).is_empty() {
                prop_assert!(!find(&s, &needle, false).is_empty(), "{:?} in {:?}", needle, s);
            }
        }

        #[test]
        fn normalize_is_idempotent(s in "\\PC{0,40}") {
            let n = normalize(&s);
            prop_assert_eq!(normalize(&n), n.clone());
        }
    }
}
