//! The diff as text for a terminal: coloured, or with wdiff-style marks
//! (`[-deleted-]{+inserted+}`) when plain.

use super::{acts_label, cell_label, change_word, item_kinds, metadata_line, revision_label};
use crate::diff::{Diff, Piece, WordDiff, WordOp};
use std::fmt::Write as _;

/// How to render a diff as text.
///
/// # Example
/// ```
/// let options = planver::render::TextOptions::default().color(true).context(3);
/// assert!(options.color);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TextOptions {
    /// ANSI colours (red struck-out deletions, green underlined insertions).
    /// Off by default; the CLI turns it on when stdout is a terminal.
    pub color: bool,
    /// Unchanged words kept on each side of a change; longer unchanged
    /// stretches are shown as «…». Default: 6.
    pub context: usize,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            color: false,
            context: 6,
        }
    }
}

impl TextOptions {
    /// Sets [`color`](TextOptions::color).
    pub fn color(mut self, yes: bool) -> TextOptions {
        self.color = yes;
        self
    }

    /// Sets [`context`](TextOptions::context).
    pub fn context(mut self, words: usize) -> TextOptions {
        self.context = words;
        self
    }
}

struct Style {
    color: bool,
}

impl Style {
    fn bold(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn dim(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[2m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn deleted(&self, s: &str, out: &mut String) {
        if self.color {
            // Colour each line apart so a pager keeps the colour on wrapped lines.
            let parts: Vec<String> = s
                .split('\n')
                .map(|l| {
                    if l.is_empty() {
                        String::new()
                    } else {
                        format!("\x1b[9;31m{l}\x1b[0m")
                    }
                })
                .collect();
            out.push_str(&parts.join("\n"));
        } else {
            let _ = write!(out, "[-{s}-]");
        }
    }

    fn inserted(&self, s: &str, out: &mut String) {
        if self.color {
            let parts: Vec<String> = s
                .split('\n')
                .map(|l| {
                    if l.is_empty() {
                        String::new()
                    } else {
                        format!("\x1b[4;32m{l}\x1b[0m")
                    }
                })
                .collect();
            out.push_str(&parts.join("\n"));
        } else {
            let _ = write!(out, "{{+{s}+}}");
        }
    }
}

/// The diff as text: a header with the two revisions and the acts between
/// them, a summary line, then each changed item with a compact word-level
/// redline of each changed cell, then footnotes, sections and metadata.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let text = planver::render::text(&history.diff(0, 1), &Default::default());
/// assert!(text.contains("Изменены пункты: 1, 2, 3, 4, 10, 11, 13"));
/// assert!(text.contains("[-И.В. Никитина-]{+Ф.И. Воронин+}"));
/// # Ok(()) }
/// ```
pub fn text(diff: &Diff, options: &TextOptions) -> String {
    let st = Style {
        color: options.color,
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", st.bold("Сравнение редакций"));
    let _ = writeln!(out, "{}", diff.title());
    let _ = writeln!(out, "Было:  {}", revision_label(diff.from()));
    let _ = writeln!(out, "Стало: {}", revision_label(diff.to()));
    if !diff.acts().is_empty() {
        let _ = writeln!(out, "Изменения внесены:");
        for a in diff.acts() {
            let _ = writeln!(
                out,
                "  {} (вступил в силу {})",
                a.entry.act,
                crate::format_date(a.entry.effective)
            );
            if let Some(why) = a.entry.effective_assumed {
                let _ = writeln!(
                    out,
                    "    внимание: дата вступления в силу предположена — {why}"
                );
            }
        }
    }
    if let Some(item) = diff.only_item() {
        let _ = writeln!(out, "Только пункт {item}");
    }
    out.push('\n');
    if diff.is_empty() {
        let _ = writeln!(out, "Изменений нет.");
        return out;
    }
    if diff.items().len() > 0 {
        let numbers: Vec<&str> = diff.items().map(|i| i.number()).collect();
        let _ = writeln!(out, "Изменены пункты: {}", numbers.join(", "));
    }
    for kind in [
        crate::ChangeKind::Added,
        crate::ChangeKind::Changed,
        crate::ChangeKind::Removed,
    ] {
        let marks: Vec<&str> = diff
            .footnotes()
            .filter(|f| f.kind() == kind)
            .map(|f| f.number())
            .collect();
        if !marks.is_empty() {
            let word = match kind {
                crate::ChangeKind::Added => "добавлены",
                crate::ChangeKind::Changed => "изменены",
                _ => "исключены",
            };
            let _ = writeln!(out, "Сноски {word}: {}", marks.join(", "));
        }
    }
    if diff.is_coarse() {
        let _ = writeln!(
            out,
            "Внимание: часть граф сравнена грубо (истекло время сравнения)."
        );
    }
    for item in diff.items() {
        out.push('\n');
        let _ = writeln!(
            out,
            "{} — {}",
            st.bold(&format!("Пункт {}", item.number())),
            item_kinds(item)
        );
        let acts = acts_label(diff, item.acts());
        if !acts.is_empty() {
            let _ = writeln!(out, "  {}", st.dim(&acts));
        }
        for cell in item.cells() {
            let _ = writeln!(out, "  {}:", cell_label(diff, item, cell));
            let mut body = String::new();
            redline(cell.words(), options.context, &st, &mut body);
            let _ = writeln!(out, "{}", indent(&body, 4));
            if cell.words().is_coarse() {
                let _ = writeln!(out, "    {}", st.dim("[сравнено грубо: истекло время]"));
            }
            if cell.reconstructed() {
                let _ = writeln!(out, "    {}", st.dim("[текст реконструирован]"));
            }
            let acts = acts_label(diff, cell.acts());
            if !acts.is_empty() && cell.acts() != item.acts() {
                let _ = writeln!(out, "    {}", st.dim(&format!("({acts})")));
            }
        }
    }
    if diff.footnotes().len() > 0 {
        let _ = writeln!(out, "\n{}", st.bold("Сноски"));
        for f in diff.footnotes() {
            let _ = writeln!(
                out,
                "  Сноска {} — {}",
                f.number(),
                change_word(f.kind(), true)
            );
            let mut body = String::new();
            redline(f.words(), options.context, &st, &mut body);
            let _ = writeln!(out, "{}", indent(&body, 4));
            let acts = acts_label(diff, f.acts());
            if !acts.is_empty() {
                let _ = writeln!(out, "    {}", st.dim(&format!("({acts})")));
            }
        }
    }
    if diff.sections().len() > 0 {
        let _ = writeln!(out, "\n{}", st.bold("Разделы"));
        for s in diff.sections() {
            let label = |h: &crate::SectionHead| format!("{}. {}", h.number, h.title);
            let line = match (s.before(), s.after()) {
                (Some(a), Some(b)) => format!("{} → {}", label(a), label(b)),
                (Some(a), None) => label(a),
                (None, Some(b)) => label(b),
                (None, None) => s.id().to_string(),
            };
            let _ = writeln!(
                out,
                "  Раздел {} — {}: {line}",
                s.id(),
                change_word(s.kind(), false)
            );
        }
    }
    if diff.metadata().len() > 0 {
        let _ = writeln!(out, "\n{}", st.bold("Сведения о плане"));
        for m in diff.metadata() {
            let _ = writeln!(out, "  {}", metadata_line(m));
        }
    }
    out
}

fn redline(words: &WordDiff, context: usize, st: &Style, out: &mut String) {
    for piece in words.compact(context) {
        match piece {
            Piece::Op(WordOp::Equal(t)) => out.push_str(t),
            Piece::Op(WordOp::Delete(t)) => st.deleted(t, out),
            Piece::Op(WordOp::Insert(t)) => st.inserted(t, out),
            Piece::Gap(_) => out.push('…'),
        }
    }
}

fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.split('\n')
        .map(|l| format!("{pad}{}", l.trim_end()))
        .collect::<Vec<_>>()
        .join("\n")
}
