//! Word-level comparison of two texts: the redline inside one cell or
//! footnote.
//!
//! Texts are split on Unicode word boundaries (UAX #29), so a Russian word
//! is one token whatever its ending, «20134» is one token, and each
//! punctuation mark is a token of its own. Tokens are compared after the
//! folding of [`crate::matching`] (spaces, quotes, dashes), unless the
//! comparison is exact. Short runs of spaces and punctuation between two
//! changes are absorbed into the change, so «И.В. Никитина» → «Ф.И. Воронин»
//! reads as one replacement rather than two.

use similar::{Algorithm, DiffOp, DiffableStr};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One piece of a word-level comparison, borrowed from the texts compared.
///
/// # Example
/// ```
/// use planver::{WordDiff, WordOp};
/// let diff = WordDiff::new("IV кв. 20134 г.", "IV кв. 2014 г.");
/// let ops: Vec<WordOp> = diff.ops().collect();
/// assert_eq!(ops, [WordOp::Equal("IV кв. "), WordOp::Delete("20134"),
///                  WordOp::Insert("2014"), WordOp::Equal(" г.")]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WordOp<'a> {
    /// Text present on both sides (as it reads in the newer text).
    Equal(&'a str),
    /// Text only in the older text: struck out in a redline.
    Delete(&'a str),
    /// Text only in the newer text: underlined in a redline.
    Insert(&'a str),
}

impl<'a> WordOp<'a> {
    /// The text of the piece.
    ///
    /// # Example
    /// ```
    /// assert_eq!(planver::WordOp::Insert("2014").text(), "2014");
    /// ```
    pub fn text(self) -> &'a str {
        match self {
            WordOp::Equal(t) | WordOp::Delete(t) | WordOp::Insert(t) => t,
        }
    }
}

/// A piece of a compact redline: changed and nearby words, or a gap of
/// unchanged words left out. See [`WordDiff::compact`].
///
/// # Example
/// ```
/// use planver::{Piece, WordDiff};
/// let old = "один два три четыре пять шесть семь восемь девять десять";
/// let new = "один два три четыре пять шесть семь восемь девять 10";
/// let diff = WordDiff::new(old, new);
/// let pieces = diff.compact(2);
/// assert!(matches!(pieces[0], Piece::Gap(_)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Piece<'a> {
    /// Words to show.
    Op(WordOp<'a>),
    /// Unchanged words left out: how many words.
    Gap(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Equal,
    Delete,
    Insert,
}

/// One segment: a tag and byte ranges of the old and new texts (the range
/// of the side a segment does not use is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seg {
    tag: Tag,
    old: Range<u32>,
    new: Range<u32>,
}

/// The word-level comparison of an older and a newer text.
///
/// Keeps both texts (shared, not copied) and the edit script as byte
/// ranges into them.
///
/// # Example
/// ```
/// use planver::{WordDiff, WordOp};
/// let diff = WordDiff::new("И.В. Никитина", "Ф.И. Воронин");
/// let ops: Vec<WordOp> = diff.ops().collect();
/// assert_eq!(ops, [WordOp::Delete("И.В. Никитина"), WordOp::Insert("Ф.И. Воронин")]);
/// assert!(!diff.is_coarse());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordDiff {
    old: Arc<str>,
    new: Arc<str>,
    segs: Vec<Seg>,
    coarse: bool,
}

/// How two texts are compared: exactly, or with the folding of
/// [`crate::matching::normalize`]; and how long a comparison may take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Compare {
    pub(crate) exact: bool,
    pub(crate) timeout: Duration,
}

impl Default for Compare {
    fn default() -> Self {
        Compare {
            exact: false,
            timeout: Duration::from_millis(200),
        }
    }
}

impl WordDiff {
    /// Compares two texts word by word, ignoring differences of spacing,
    /// quote and dash style (see [`crate::matching`]), with no time limit
    /// beyond the default of 200 ms.
    ///
    /// # Example
    /// ```
    /// let diff = planver::WordDiff::new("администрации", "Администрации");
    /// assert!(diff.has_changes());
    /// ```
    pub fn new(old: &str, new: &str) -> WordDiff {
        WordDiff::compare(Arc::from(old), Arc::from(new), &Compare::default())
    }

    /// A text that was added whole.
    pub(crate) fn inserted(new: Arc<str>) -> WordDiff {
        let len = new.len() as u32;
        WordDiff {
            old: Arc::from(""),
            segs: if len == 0 {
                Vec::new()
            } else {
                vec![Seg {
                    tag: Tag::Insert,
                    old: 0..0,
                    new: 0..len,
                }]
            },
            new,
            coarse: false,
        }
    }

    /// A text that was removed whole.
    pub(crate) fn deleted(old: Arc<str>) -> WordDiff {
        let len = old.len() as u32;
        WordDiff {
            new: Arc::from(""),
            segs: if len == 0 {
                Vec::new()
            } else {
                vec![Seg {
                    tag: Tag::Delete,
                    old: 0..len,
                    new: 0..0,
                }]
            },
            old,
            coarse: false,
        }
    }

    pub(crate) fn compare(old: Arc<str>, new: Arc<str>, how: &Compare) -> WordDiff {
        if old.is_empty() {
            return WordDiff::inserted(new);
        }
        if new.is_empty() {
            return WordDiff::deleted(old);
        }
        let old_tokens = DiffableStr::tokenize_unicode_words(&*old);
        let new_tokens = DiffableStr::tokenize_unicode_words(&*new);
        // Short texts cannot take long: no deadline, so no clock reads in
        // the inner loop, and no chance that a busy machine makes a short
        // comparison coarse.
        let deadline = if old_tokens.len() + new_tokens.len() <= SHORT {
            None
        } else {
            Instant::now().checked_add(how.timeout)
        };
        let ops = if how.exact {
            similar::capture_diff_slices_deadline(
                Algorithm::Myers,
                &old_tokens,
                &new_tokens,
                deadline,
            )
        } else {
            similar::capture_diff_slices_by_key_deadline(
                Algorithm::Myers,
                &old_tokens,
                &new_tokens,
                |t| token_key(t),
                deadline,
            )
        };
        let coarse = deadline.is_some_and(|d| Instant::now() > d);
        let old_at = offsets(&old_tokens);
        let new_at = offsets(&new_tokens);
        let span = |at: &[u32], start: usize, len: usize| at[start]..at[start + len];
        let mut segs: Vec<Seg> = Vec::with_capacity(ops.len() + 1);
        for op in ops {
            match op {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    let old = span(&old_at, old_index, len);
                    let new = span(&new_at, new_index, len);
                    let at_end =
                        old_index + len == old_tokens.len() && new_index + len == new_tokens.len();
                    let absorb = !segs.is_empty()
                        && !at_end
                        && old_tokens[old_index..old_index + len]
                            .iter()
                            .all(|t| !t.chars().any(is_word_char))
                        && len <= 3;
                    if absorb {
                        push(
                            &mut segs,
                            Seg {
                                tag: Tag::Delete,
                                old,
                                new: new.start..new.start,
                            },
                        );
                        push(
                            &mut segs,
                            Seg {
                                tag: Tag::Insert,
                                old: 0..0,
                                new,
                            },
                        );
                    } else {
                        push(
                            &mut segs,
                            Seg {
                                tag: Tag::Equal,
                                old,
                                new,
                            },
                        );
                    }
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => push(
                    &mut segs,
                    Seg {
                        tag: Tag::Delete,
                        old: span(&old_at, old_index, old_len),
                        new: 0..0,
                    },
                ),
                DiffOp::Insert {
                    new_index, new_len, ..
                } => push(
                    &mut segs,
                    Seg {
                        tag: Tag::Insert,
                        old: 0..0,
                        new: span(&new_at, new_index, new_len),
                    },
                ),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    push(
                        &mut segs,
                        Seg {
                            tag: Tag::Delete,
                            old: span(&old_at, old_index, old_len),
                            new: 0..0,
                        },
                    );
                    push(
                        &mut segs,
                        Seg {
                            tag: Tag::Insert,
                            old: 0..0,
                            new: span(&new_at, new_index, new_len),
                        },
                    );
                }
            }
        }
        WordDiff {
            old,
            new,
            segs: cleanup(segs),
            coarse,
        }
    }

    /// The older text.
    pub fn old(&self) -> &str {
        &self.old
    }

    /// The newer text.
    pub fn new_text(&self) -> &str {
        &self.new
    }

    /// True when a time limit cut the comparison short: the script is
    /// still correct (it turns the old text into the new one) but may mark
    /// more words as changed than a full comparison would.
    pub fn is_coarse(&self) -> bool {
        self.coarse
    }

    /// True when some words were deleted or inserted.
    pub fn has_changes(&self) -> bool {
        self.segs.iter().any(|s| s.tag != Tag::Equal)
    }

    /// The edit script: equal, deleted and inserted pieces in reading
    /// order. Within one change, the deletion comes before the insertion.
    ///
    /// Joining the equal and deleted pieces gives the older text (up to
    /// spacing and quote style when the comparison was not exact); joining
    /// the equal and inserted pieces gives the newer text, exactly.
    pub fn ops(&self) -> impl Iterator<Item = WordOp<'_>> + '_ {
        self.segs.iter().map(|s| match s.tag {
            Tag::Equal => WordOp::Equal(&self.new[s.new.start as usize..s.new.end as usize]),
            Tag::Delete => WordOp::Delete(&self.old[s.old.start as usize..s.old.end as usize]),
            Tag::Insert => WordOp::Insert(&self.new[s.new.start as usize..s.new.end as usize]),
        })
    }

    /// The older text as the script rebuilds it: equal and deleted pieces.
    /// Equal pieces read as in the older text.
    #[cfg(test)]
    pub(crate) fn rebuilt_old(&self) -> String {
        let mut out = String::with_capacity(self.old.len());
        for s in &self.segs {
            if s.tag != Tag::Insert {
                out.push_str(&self.old[s.old.start as usize..s.old.end as usize]);
            }
        }
        out
    }

    /// The newer text as the script rebuilds it: equal and inserted pieces.
    #[cfg(test)]
    pub(crate) fn rebuilt_new(&self) -> String {
        let mut out = String::with_capacity(self.new.len());
        for s in &self.segs {
            if s.tag != Tag::Delete {
                out.push_str(&self.new[s.new.start as usize..s.new.end as usize]);
            }
        }
        out
    }

    /// The redline with long unchanged stretches left out: `context` words
    /// are kept on each side of a change; what is left out becomes a
    /// [`Piece::Gap`] counting its words.
    pub fn compact(&self, context: usize) -> Vec<Piece<'_>> {
        let ops: Vec<WordOp<'_>> = self.ops().collect();
        let mut out = Vec::with_capacity(ops.len());
        let last = ops.len().saturating_sub(1);
        for (i, op) in ops.iter().enumerate() {
            let WordOp::Equal(text) = *op else {
                out.push(Piece::Op(*op));
                continue;
            };
            let words = word_spans(text);
            let keep_head = if i == 0 { 0 } else { context };
            let keep_tail = if i == last { 0 } else { context };
            if words.len() <= keep_head + keep_tail + 1 {
                out.push(Piece::Op(*op));
                continue;
            }
            let gap = words.len() - keep_head - keep_tail;
            if keep_head > 0 {
                let end = words[keep_head - 1].end;
                out.push(Piece::Op(WordOp::Equal(&text[..end])));
            }
            out.push(Piece::Gap(gap));
            if keep_tail > 0 {
                let start = words[words.len() - keep_tail].start;
                out.push(Piece::Op(WordOp::Equal(&text[start..])));
            }
        }
        out
    }
}

/// Absorbs short unchanged stretches squeezed between larger changes, so a
/// rewritten sentence reads as one replacement instead of a patchwork of
/// coincidental common words («и», «в»). An unchanged stretch goes when it
/// is no longer than the changes on either side of it.
fn cleanup(segs: Vec<Seg>) -> Vec<Seg> {
    let len = |s: &Seg| (s.old.len() + s.new.len()) as u32;
    let changed_run = |run: &[Seg]| -> u32 {
        run.iter()
            .map(|s| match s.tag {
                Tag::Delete => s.old.len() as u32,
                Tag::Insert => s.new.len() as u32,
                Tag::Equal => 0,
            })
            .max()
            .unwrap_or(0)
    };
    if segs.len() < 3 {
        return segs;
    }
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    for (i, seg) in segs.iter().enumerate() {
        let middle = seg.tag == Tag::Equal && i > 0 && i + 1 < segs.len();
        if middle {
            let before_start = out
                .iter()
                .rposition(|s| s.tag == Tag::Equal)
                .map_or(0, |p| p + 1);
            let after_end = segs[i + 1..]
                .iter()
                .position(|s| s.tag == Tag::Equal)
                .map_or(segs.len(), |p| i + 1 + p);
            let before = changed_run(&out[before_start..]);
            let after = changed_run(&segs[i + 1..after_end]);
            if len(seg) / 2 <= before.min(after) {
                push(
                    &mut out,
                    Seg {
                        tag: Tag::Delete,
                        old: seg.old.clone(),
                        new: seg.new.start..seg.new.start,
                    },
                );
                push(
                    &mut out,
                    Seg {
                        tag: Tag::Insert,
                        old: 0..0,
                        new: seg.new.clone(),
                    },
                );
                continue;
            }
        }
        push(&mut out, seg.clone());
    }
    out
}

/// Byte spans of the words (runs of letters and digits) in a text.
fn word_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                spans.push(s..at);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push(s..text.len());
    }
    spans
}

/// Appends a segment, merging it into the last one (or the one before,
/// for a deletion after an insertion) when they can be one.
fn push(segs: &mut Vec<Seg>, seg: Seg) {
    if seg.old.is_empty() && seg.new.is_empty() {
        return;
    }
    let n = segs.len();
    if let Some(last) = segs.last_mut() {
        if last.tag == seg.tag && last.old.end == seg.old.start && last.new.end == seg.new.start {
            last.old.end = seg.old.end;
            last.new.end = seg.new.end;
            return;
        }
    }
    // A deletion right after an insertion goes before it, merged into the
    // deletion before that if there is one: «del ins del ins» becomes
    // «del ins».
    if seg.tag == Tag::Delete && n >= 1 && segs[n - 1].tag == Tag::Insert {
        if n >= 2 && segs[n - 2].tag == Tag::Delete && segs[n - 2].old.end == seg.old.start {
            segs[n - 2].old.end = seg.old.end;
            return;
        }
        segs.insert(n - 1, seg);
        return;
    }
    segs.push(seg);
}

/// The byte offset of each token, and the end of the last.
fn offsets(tokens: &[&str]) -> Vec<u32> {
    let mut at = Vec::with_capacity(tokens.len() + 1);
    let mut pos = 0u32;
    for t in tokens {
        at.push(pos);
        pos += t.len() as u32;
    }
    at.push(pos);
    at
}

/// Texts of at most this many tokens (words and the spaces and marks
/// between them), together, are compared without a deadline, so the result
/// never depends on how busy the machine is: a cell of up to about 2,000
/// words each side. Myers' algorithm on them takes a few milliseconds in a
/// release build (measured: 4,000 tokens a side, 2–3 ms), so the deadline
/// only ever bounds texts far longer than any real cell.
const SHORT: usize = 8000;

/// [`char::is_alphanumeric`], with ASCII and the Russian alphabet answered
/// without a table lookup.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{0410}'..='\u{044f}' | '\u{0401}' | '\u{0451}')
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// A token as the tolerant comparison sees it.
fn token_key<'a>(token: &&'a str) -> Cow<'a, str> {
    let t: &str = token;
    // Most tokens fold to themselves: words, numbers, plain punctuation.
    if t.chars()
        .all(|c| is_word_char(c) || (c.is_ascii_punctuation() && c != '"' && c != '-'))
    {
        return Cow::Borrowed(t);
    }
    if t.chars().all(char::is_whitespace) {
        return Cow::Borrowed(" ");
    }
    let n = crate::matching::normalize(t);
    if n.is_empty() && !t.is_empty() {
        // Whitespace (or zero-width characters) only.
        Cow::Borrowed(" ")
    } else {
        Cow::Owned(n)
    }
}

/// True when two texts are equal under the comparison.
pub(crate) fn same(a: &str, b: &str, how: &Compare) -> bool {
    if how.exact {
        a == b
    } else {
        a == b || crate::matching::same_text(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn word_chars_are_the_alphanumeric_chars() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    fn ops(old: &str, new: &str) -> Vec<(char, String)> {
        WordDiff::new(old, new)
            .ops()
            .map(|o| match o {
                WordOp::Equal(t) => ('=', t.to_string()),
                WordOp::Delete(t) => ('-', t.to_string()),
                WordOp::Insert(t) => ('+', t.to_string()),
            })
            .collect()
    }

    #[test]
    fn numbers_are_whole_tokens() {
        assert_eq!(
            ops("IV кв. 20134 г.", "IV кв. 2014 г."),
            [
                ('=', "IV кв. ".into()),
                ('-', "20134".into()),
                ('+', "2014".into()),
                ('=', " г.".into())
            ]
        );
    }

    #[test]
    fn inflections_change_one_word() {
        assert_eq!(
            ops(
                "Размещение приказа на сайте",
                "Размещение приказов на сайте"
            ),
            [
                ('=', "Размещение ".into()),
                ('-', "приказа".into()),
                ('+', "приказов".into()),
                ('=', " на сайте".into())
            ]
        );
    }

    #[test]
    fn punctuation_between_changes_is_absorbed() {
        assert_eq!(
            ops("Д.В. Баснак, И.В. Никитина", "Д.В. Баснак, Ф.И. Воронин"),
            [
                ('=', "Д.В. Баснак, ".into()),
                ('-', "И.В. Никитина".into()),
                ('+', "Ф.И. Воронин".into())
            ]
        );
    }

    #[test]
    fn spacing_and_quotes_are_equal_unless_exact() {
        let d = WordDiff::new("«план»  на 2013 – 2015", "\"план\" на 2013 - 2015 годы");
        let changed: Vec<_> = d.ops().filter(|o| !matches!(o, WordOp::Equal(_))).collect();
        assert_eq!(changed, [WordOp::Insert(" годы")]);
        let exact = WordDiff::compare(
            Arc::from("«план»"),
            Arc::from("\"план\""),
            &Compare {
                exact: true,
                ..Compare::default()
            },
        );
        assert!(exact.has_changes());
    }

    #[test]
    fn case_is_a_change() {
        assert!(WordDiff::new("администрации", "Администрации").has_changes());
    }

    #[test]
    fn compact_leaves_out_long_context() {
        let old = "а б в г д е ж з и к";
        let new = "а б в г д е ж з и л";
        let diff = WordDiff::new(old, new);
        let pieces = diff.compact(2);
        assert_eq!(
            pieces,
            [
                Piece::Gap(7),
                Piece::Op(WordOp::Equal("з и ")),
                Piece::Op(WordOp::Delete("к")),
                Piece::Op(WordOp::Insert("л"))
            ]
        );
    }

    #[test]
    fn a_zero_deadline_is_coarse_but_correct() {
        let old: String = (0..3000).map(|i| format!("слово{} ", i % 97)).collect();
        let new: String = (0..3000).map(|i| format!("слово{} ", i % 89)).collect();
        let d = WordDiff::compare(
            Arc::from(old.as_str()),
            Arc::from(new.as_str()),
            &Compare {
                exact: true,
                timeout: Duration::ZERO,
            },
        );
        assert!(d.is_coarse());
        assert_eq!(d.rebuilt_new(), new);
        assert_eq!(d.rebuilt_old(), old);
    }

    proptest! {
        #[test]
        fn scripts_rebuild_both_texts(a in "[аб в,.«»\"  0-9]{0,30}", b in "[аб в,.«»\"  0-9]{0,30}") {
            let d = WordDiff::compare(Arc::from(a.as_str()), Arc::from(b.as_str()),
                &Compare { exact: true, ..Compare::default() });
            prop_assert_eq!(d.rebuilt_new(), b.clone());
            prop_assert_eq!(d.rebuilt_old(), a.clone());
            let d = WordDiff::new(&a, &b);
            prop_assert_eq!(d.rebuilt_new(), b.clone());
            prop_assert!(crate::matching::same_text(&d.rebuilt_old(), &a));
        }
    }
}
