//! The diff as a self-contained, printable HTML page: a redline with
//! `<ins>` and `<del>`, a list of changed items at the top, and CSS for A4
//! paper. No scripts, no fonts or images from the network; a
//! Content-Security-Policy forbids both. Every piece of text from the plan
//! or the acts is escaped.

use super::{acts_label, cell_label, change_word, item_kinds, metadata_line, revision_label};
use crate::diff::{Diff, WordDiff, WordOp};
use std::fmt::Write as _;

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "PT Serif", "Times New Roman", Times, serif; font-size: 12pt; line-height: 1.4;
       color: #111; background: #fff; margin: 0 auto; max-width: 190mm; padding: 12mm 10mm; }
h1 { font-size: 17pt; margin: 0 0 4pt; }
h2 { font-size: 13.5pt; margin: 16pt 0 6pt; border-bottom: 1px solid #999; padding-bottom: 2pt; }
p { margin: 3pt 0; }
.plan { font-style: italic; }
table { border-collapse: collapse; width: 100%; }
table.revisions th { text-align: left; font-weight: normal; color: #444; width: 16%; padding: 1pt 6pt 1pt 0; vertical-align: top; }
table.revisions td { padding: 1pt 0; }
ul { margin: 3pt 0; padding-left: 18pt; }
nav.changed { border: 1px solid #bbb; background: #f7f7f4; padding: 6pt 10pt; margin: 10pt 0; }
nav.changed h2 { border: none; margin: 0 0 4pt; }
nav.changed ul.changed-items { columns: 2; column-gap: 18pt; }
nav.changed a { color: #0645ad; }
section.item { margin-top: 14pt; }
section.item h2 .kind, h3 .kind { font-weight: normal; font-size: 11pt; color: #444; }
p.acts { color: #444; font-size: 10pt; }
table.cells th, table.cells td { border: 1px solid #999; padding: 3pt 5pt; vertical-align: top; text-align: left; }
table.cells thead th { background: #eee; font-size: 10pt; }
table.cells tbody th { width: 26%; font-weight: normal; background: #fafafa; }
td.text { white-space: pre-wrap; overflow-wrap: anywhere; }
td.text .note { display: block; color: #555; font-size: 9.5pt; white-space: normal; margin-top: 2pt; }
ins { text-decoration: underline; text-decoration-thickness: 1.5px; background: #d8f5d8; color: #05400a; }
del + ins { margin-left: 0.2em; }
del { text-decoration: line-through; text-decoration-thickness: 1.5px; background: #fbdada; color: #7a0b0b; }
.legend { font-size: 10pt; color: #444; margin-top: 18pt; border-top: 1px solid #999; padding-top: 4pt; }
.empty { font-style: italic; }
.coarse, .assumed { color: #8a5300; }
@page { size: A4; margin: 16mm 14mm 18mm 20mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav.changed { background: none; }
  nav.changed a { color: inherit; text-decoration: none; }
  ins, del { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3 { break-after: avoid; }
  table.cells tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"#;

/// Escapes text for HTML content and attribute values.
fn esc(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn e(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    esc(s, &mut out);
    out
}

/// The diff as a self-contained HTML page, ready to open in a browser or
/// print on A4. Insertions are `<ins>`, deletions `<del>`; the list of
/// changed items at the top links to each item. All text is escaped: a
/// cell that reads `<script>` shows those characters.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let history = planver::Bundle::load("fixtures/mintrud-2013-342")?.history()?;
/// let page = planver::render::html(&history.diff(0, 1));
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(page.contains("<del>И.В. Никитина</del><ins>Ф.И. Воронин</ins>"));
/// assert!(!page.contains("<script"));
/// # Ok(()) }
/// ```
pub fn html(diff: &Diff) -> String {
    let mut o = String::with_capacity(16 * 1024);
    let title = format!("Сравнение редакций — {}", diff.title());
    o.push_str("<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    o.push_str("<meta name=\"generator\" content=\"planver\">\n");
    let _ = writeln!(o, "<title>{}</title>", e(&title));
    let _ = writeln!(o, "<style>{STYLE}</style>\n</head>\n<body>");

    // Header: the plan, the two revisions, the acts between them.
    o.push_str("<header>\n<h1>Сравнение редакций</h1>\n");
    let _ = writeln!(o, "<p class=\"plan\">{}</p>", e(diff.title()));
    o.push_str("<table class=\"revisions\">\n");
    let _ = writeln!(
        o,
        "<tr><th>Было</th><td>{}</td></tr>\n<tr><th>Стало</th><td>{}</td></tr>",
        e(&revision_label(diff.from())),
        e(&revision_label(diff.to()))
    );
    if !diff.acts().is_empty() {
        o.push_str("<tr><th>Изменения внесены</th><td><ul class=\"acts\">");
        for a in diff.acts() {
            let _ = write!(
                o,
                "<li>{} (вступил в силу {})",
                e(&a.entry.act.to_string()),
                e(&crate::format_date(a.entry.effective))
            );
            if let Some(why) = a.entry.effective_assumed {
                let _ = write!(
                    o,
                    "<br><span class=\"assumed\">Внимание: дата вступления в силу предположена — {}</span>",
                    e(&why.to_string())
                );
            }
            o.push_str("</li>");
        }
        o.push_str("</ul></td></tr>\n");
    }
    if let Some(item) = diff.only_item() {
        let _ = writeln!(
            o,
            "<tr><th>Сравнивается</th><td>пункт {}</td></tr>",
            e(item)
        );
    }
    o.push_str("</table>\n</header>\n");

    // The list of changes.
    o.push_str("<nav class=\"changed\">\n");
    if diff.is_empty() {
        o.push_str("<p class=\"empty\">Изменений нет.</p>\n");
    }
    if diff.items().len() > 0 {
        let _ = writeln!(
            o,
            "<h2>Измененные пункты ({})</h2>\n<ul class=\"changed-items\">",
            diff.items().len()
        );
        for (i, item) in diff.items().enumerate() {
            let _ = writeln!(
                o,
                "<li><a href=\"#item-{i}\">Пункт {}</a> — {}</li>",
                e(item.number()),
                e(&item_kinds(item))
            );
        }
        o.push_str("</ul>\n");
    }
    if diff.footnotes().len() > 0 {
        o.push_str("<h2>Сноски</h2>\n<ul class=\"changed-footnotes\">\n");
        for f in diff.footnotes() {
            let _ = writeln!(
                o,
                "<li><a href=\"#footnote-{}\">Сноска {}</a> — {}</li>",
                e(&anchor(f.number())),
                e(f.number()),
                change_word(f.kind(), true)
            );
        }
        o.push_str("</ul>\n");
    }
    if diff.is_coarse() {
        o.push_str("<p class=\"coarse\">Часть граф сравнена грубо: истекло время сравнения.</p>\n");
    }
    o.push_str("</nav>\n<main>\n");

    // Each item.
    for (i, item) in diff.items().enumerate() {
        let _ = writeln!(
            o,
            "<section class=\"item\" id=\"item-{i}\">\n<h2>Пункт {} <span class=\"kind\">— {}</span></h2>",
            e(item.number()),
            e(&item_kinds(item))
        );
        let acts = acts_label(diff, item.acts());
        if !acts.is_empty() {
            let _ = writeln!(o, "<p class=\"acts\">{}</p>", e(&acts));
        }
        if !item.cells().is_empty() {
            o.push_str("<table class=\"cells\">\n<thead><tr><th>Графа</th><th>Текст с изменениями</th></tr></thead>\n<tbody>\n");
            for cell in item.cells() {
                let _ = write!(
                    o,
                    "<tr><th scope=\"row\">{}</th><td class=\"text\">",
                    e(&cell_label(diff, item, cell))
                );
                redline(cell.words(), &mut o);
                if cell.words().is_coarse() {
                    o.push_str("<span class=\"note coarse\">сравнено грубо: истекло время</span>");
                }
                if cell.reconstructed() {
                    o.push_str("<span class=\"note\">текст реконструирован</span>");
                }
                let acts = acts_label(diff, cell.acts());
                if !acts.is_empty() && cell.acts() != item.acts() {
                    let _ = write!(o, "<span class=\"note\">({})</span>", e(&acts));
                }
                o.push_str("</td></tr>\n");
            }
            o.push_str("</tbody>\n</table>\n");
        }
        o.push_str("</section>\n");
    }

    if diff.footnotes().len() > 0 {
        o.push_str(
            "<section class=\"footnotes\">\n<h2>Сноски</h2>\n<table class=\"cells\">\n<tbody>\n",
        );
        for f in diff.footnotes() {
            let _ = write!(
                o,
                "<tr id=\"footnote-{}\"><th scope=\"row\">Сноска {} <span class=\"kind\">— {}</span></th><td class=\"text\">",
                e(&anchor(f.number())),
                e(f.number()),
                change_word(f.kind(), true)
            );
            redline(f.words(), &mut o);
            let acts = acts_label(diff, f.acts());
            if !acts.is_empty() {
                let _ = write!(o, "<span class=\"note\">({})</span>", e(&acts));
            }
            o.push_str("</td></tr>\n");
        }
        o.push_str("</tbody>\n</table>\n</section>\n");
    }

    if diff.sections().len() > 0 {
        o.push_str("<section class=\"sections\">\n<h2>Разделы</h2>\n<ul>\n");
        for s in diff.sections() {
            let label = |h: &crate::SectionHead| e(&format!("{}. {}", h.number, h.title));
            let line = match (s.before(), s.after()) {
                (Some(a), Some(b)) => format!("<del>{}</del> <ins>{}</ins>", label(a), label(b)),
                (Some(a), None) => format!("<del>{}</del>", label(a)),
                (None, Some(b)) => format!("<ins>{}</ins>", label(b)),
                (None, None) => e(s.id()),
            };
            let _ = writeln!(
                o,
                "<li>Раздел {} — {}: {line}</li>",
                e(s.id()),
                change_word(s.kind(), false)
            );
        }
        o.push_str("</ul>\n</section>\n");
    }

    if diff.metadata().len() > 0 {
        o.push_str("<section class=\"metadata\">\n<h2>Сведения о плане</h2>\n<ul>\n");
        for m in diff.metadata() {
            let _ = writeln!(o, "<li>{}</li>", e(&metadata_line(m)));
        }
        o.push_str("</ul>\n</section>\n");
    }

    o.push_str("</main>\n<footer class=\"legend\">\n");
    o.push_str("<p><ins>Подчеркнуто</ins> — включено, <del>зачеркнуто</del> — исключено. ");
    if diff.is_exact() {
        o.push_str("Различия в пробелах и кавычках учтены.");
    } else {
        o.push_str("Различия только в пробелах, кавычках и тире не показаны.");
    }
    o.push_str("</p>\n<p>Подготовлено planver.</p>\n</footer>\n</body>\n</html>\n");
    o
}

/// An anchor-safe form of a footnote mark.
fn anchor(mark: &str) -> String {
    mark.chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}

fn redline(words: &WordDiff, o: &mut String) {
    for op in words.ops() {
        match op {
            WordOp::Equal(t) => esc(t, o),
            WordOp::Delete(t) => {
                o.push_str("<del>");
                esc(t, o);
                o.push_str("</del>");
            }
            WordOp::Insert(t) => {
                o.push_str("<ins>");
                esc(t, o);
                o.push_str("</ins>");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            e("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
