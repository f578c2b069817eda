//! The source text: byte offsets to lines and columns counted in characters,
//! and the collector of diagnostics.

use super::{OrderDiagnostic, Severity};
use std::collections::HashMap;
use std::ops::Range;

/// The text being read, with the byte offset where each line starts.
pub(super) struct Source<'a> {
    pub(super) text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    pub(super) fn new(text: &'a str) -> Source<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source { text, line_starts }
    }

    /// The 0-based line holding byte `pos`.
    pub(super) fn line_index(&self, pos: usize) -> usize {
        match self.line_starts.binary_search(&pos) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The byte range of 0-based line `line`, without its line break.
    pub(super) fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.line_starts[line];
        let mut end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    pub(super) fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line and 1-based column in characters of byte `pos`.
    pub(super) fn line_col(&self, pos: usize) -> (usize, usize) {
        let pos = floor_char(self.text, pos.min(self.text.len()));
        let line = self.line_index(pos);
        let start = self.line_starts[line];
        (line + 1, self.text[start..pos].chars().count() + 1)
    }
}

/// The nearest char boundary at or before `pos`.
pub(super) fn floor_char(text: &str, mut pos: usize) -> usize {
    while pos > 0 && !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// Diagnostics and assumptions, collected as the reader goes.
pub(super) struct Notes<'s, 'a> {
    source: &'s Source<'a>,
    pub(super) diagnostics: Vec<OrderDiagnostic>,
    pub(super) assumptions: Vec<OrderDiagnostic>,
    /// Where each diagnostic is, to merge reports at one place.
    at: HashMap<(usize, usize), usize>,
    /// Reports left out past the limit.
    pub(super) suppressed: usize,
    errors_suppressed: bool,
}

/// How many diagnostics (and as many assumptions) are kept: text that is
/// not an order at all must not cost time per error.
pub(super) const LIMIT: usize = 200;

/// How much of a sentence a diagnostic quotes, in characters.
const SENTENCE_LIMIT: usize = 300;

impl<'s, 'a> Notes<'s, 'a> {
    pub(super) fn new(source: &'s Source<'a>) -> Notes<'s, 'a> {
        Notes {
            source,
            diagnostics: Vec::new(),
            assumptions: Vec::new(),
            at: HashMap::new(),
            suppressed: 0,
            errors_suppressed: false,
        }
    }

    fn make(
        &self,
        severity: Severity,
        at: Range<usize>,
        sentence: Range<usize>,
        message: String,
    ) -> OrderDiagnostic {
        let text = self.source.text;
        let start = floor_char(text, at.start.min(text.len()));
        let (line, column) = self.source.line_col(start);
        let line_end = self.source.line_range(line - 1).end;
        let end = floor_char(text, at.end.clamp(start, line_end.max(start)));
        let length = text[start..end].chars().count().max(1);
        let s0 = floor_char(text, sentence.start.min(text.len()));
        let s1 = floor_char(text, sentence.end.clamp(s0, text.len()));
        OrderDiagnostic {
            severity,
            line,
            column,
            length,
            message,
            sentence: one_line(&text[s0..s1], SENTENCE_LIMIT),
        }
    }

    fn push(
        &mut self,
        severity: Severity,
        at: Range<usize>,
        sentence: Range<usize>,
        message: String,
    ) {
        if self.diagnostics.len() >= LIMIT {
            self.suppressed += 1;
            self.errors_suppressed |= severity == Severity::Error;
            return;
        }
        let d = self.make(severity, at, sentence, message);
        // A second report at one place adds nothing, except that an error
        // makes a warning there an error.
        if let Some(&i) = self.at.get(&(d.line, d.column)) {
            if severity == Severity::Error {
                self.diagnostics[i].severity = Severity::Error;
            }
            return;
        }
        self.at.insert((d.line, d.column), self.diagnostics.len());
        self.diagnostics.push(d);
    }

    pub(super) fn error(
        &mut self,
        at: Range<usize>,
        sentence: Range<usize>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Error, at, sentence, message.into());
    }

    pub(super) fn warning(
        &mut self,
        at: Range<usize>,
        sentence: Range<usize>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Warning, at, sentence, message.into());
    }

    pub(super) fn assume(
        &mut self,
        at: Range<usize>,
        sentence: Range<usize>,
        message: impl Into<String>,
    ) {
        if self.assumptions.len() >= LIMIT {
            return;
        }
        let d = self.make(Severity::Note, at, sentence, message.into());
        self.assumptions.push(d);
    }

    pub(super) fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// A sentence on one line: runs of whitespace become one space, tabs show as
/// «→», and long text is cut with «…».
pub(super) fn one_line(text: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut space = false;
    for c in text.chars() {
        if count >= limit {
            out.push('…');
            break;
        }
        if c == '\t' {
            out.push('→');
            space = false;
            count += 1;
        } else if c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
                count += 1;
            }
            space = true;
        } else {
            out.push(c);
            space = false;
            count += 1;
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let s = Source::new("первая\nвторая строка\r\nтретья");
        assert_eq!(s.line_col(0), (1, 1));
        let at = "первая\nвторая ".len();
        assert_eq!(s.line_col(at), (2, 8));
        assert_eq!(&s.text[s.line_range(1)], "вторая строка");
        assert_eq!(s.line_count(), 3);
        assert_eq!(s.line_col(s.text.len()), (3, 7));
    }

    #[test]
    fn sentences_are_one_line() {
        assert_eq!(one_line(" a\t b \n\n c ", 100), "a→ b c");
        assert_eq!(one_line("абвгд", 3), "абв…");
    }
}
