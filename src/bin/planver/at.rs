//! `planver at`: the plan, or one item, in force on a date.

use crate::{Format, text};
use chrono::NaiveDate;
use planver::cache::Scope;
use planver::{EffectiveAssumption, History, format_date};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The bundle folder: plan.json and amendments/*.json.
    bundle: PathBuf,
    /// The date (YYYY-MM-DD or DD.MM.YYYY); default: today.
    #[arg(long, value_parser = crate::parse_date)]
    date: Option<NaiveDate>,
    /// One item, by its display number on that date.
    #[arg(long)]
    item: Option<String>,
    /// List the items whose deadline (срок) falls by this date
    /// (YYYY-MM-DD or DD.MM.YYYY), as the plan stands on --date.
    #[arg(long, value_parser = crate::parse_date, conflicts_with = "item")]
    due_by: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Apply what can be applied and list refused operations, instead of
    /// stopping at the first.
    #[arg(long)]
    lenient: bool,
}

#[derive(Serialize)]
struct PendingJson {
    act: String,
    number: String,
    signed: NaiveDate,
    effective: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    effective_assumed: Option<EffectiveAssumption>,
}

/// An act in force or pending whose effective date is assumed, for JSON.
#[derive(Serialize)]
struct AssumedJson {
    act: String,
    effective: NaiveDate,
    effective_assumed: EffectiveAssumption,
}

/// The acts that made revision `index` (and the pending ones) whose
/// effective dates are assumed, not known: the revision shown rests on them.
fn assumed(history: &History, index: usize, pending: &[usize]) -> Vec<usize> {
    let mut acts: Vec<usize> = history.revisions()[1..=index]
        .iter()
        .flat_map(|r| r.acts.iter().copied())
        .chain(pending.iter().copied())
        .filter(|&a| history.acts()[a].effective_assumed.is_some())
        .collect();
    acts.sort_unstable();
    acts.dedup();
    acts
}

fn assumed_json(history: &History, acts: &[usize]) -> Vec<AssumedJson> {
    acts.iter()
        .filter_map(|&a| {
            let e = &history.acts()[a];
            Some(AssumedJson {
                act: e.act.to_string(),
                effective: e.effective,
                effective_assumed: e.effective_assumed?,
            })
        })
        .collect()
}

/// Says, in the header, which dates the answer rests on are assumptions.
fn assumed_text(history: &History, acts: &[usize], out: &mut String) {
    for &a in acts {
        let e = &history.acts()[a];
        if let Some(why) = e.effective_assumed {
            let _ = writeln!(
                out,
                "Внимание: дата вступления в силу ({}) предположена — {}: {why}",
                format_date(e.effective),
                e.act
            );
        }
    }
}

fn pending_json(history: &History, acts: impl IntoIterator<Item = usize>) -> Vec<PendingJson> {
    let mut seen = Vec::new();
    acts.into_iter()
        .filter(|a| {
            let new = !seen.contains(a);
            seen.push(*a);
            new
        })
        .map(|a| {
            let e = &history.acts()[a];
            PendingJson {
                act: e.act.to_string(),
                number: e.act.number.clone(),
                signed: e.act.date,
                effective: e.effective,
                effective_assumed: e.effective_assumed,
            }
        })
        .collect()
}

fn refusals_text(history: &History, out: &mut String) {
    if !history.refusals().is_empty() {
        let _ = writeln!(out, "\nНе применены (операции отклонены):");
        for r in history.refusals() {
            let _ = writeln!(out, "  {}", r.error);
        }
    }
}

pub fn run(args: Args) -> Result<ExitCode, planver::Error> {
    let scope = match (&args.item, args.due_by) {
        (Some(number), None) => Scope::Item(number.clone()),
        _ => Scope::All,
    };
    let history = crate::load(&args.bundle, args.lenient, scope)?;
    let date = args
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    if let Some(by) = args.due_by {
        return due(&history, date, by, args.format);
    }
    match &args.item {
        Some(number) => item(&history, number, date, args.format),
        None => plan(&history, date, args.format),
    }
}

fn item(
    history: &History,
    number: &str,
    date: NaiveDate,
    format: Format,
) -> Result<ExitCode, planver::Error> {
    let at = history.item_at(number, date)?;
    let pending: Vec<usize> = at.pending().iter().map(|p| p.act).collect();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                date: NaiveDate,
                revision_from: NaiveDate,
                revision_until: Option<NaiveDate>,
                item: text::ItemJson<'a>,
                pending: Vec<PendingJson>,
                #[serde(skip_serializing_if = "Vec::is_empty")]
                effective_assumed: Vec<AssumedJson>,
                refused: Vec<String>,
            }
            text::print_json(&Out {
                date,
                revision_from: at.revision().from,
                revision_until: at.revision().until,
                item: text::item_json(history, at.version()),
                effective_assumed: assumed_json(
                    history,
                    &assumed(history, at.revision().index, &pending),
                ),
                pending: pending_json(history, pending),
                refused: history
                    .refusals()
                    .iter()
                    .map(|r| r.error.to_string())
                    .collect(),
            })?;
        }
        Format::Text => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{}\nРедакция на {} (действует с {})\n",
                history.title(),
                format_date(date),
                format_date(at.revision().from)
            );
            let assumed = assumed(history, at.revision().index, &pending);
            if !assumed.is_empty() {
                assumed_text(history, &assumed, &mut out);
                out.push('\n');
            }
            text::item(history, at.version(), &mut out);
            pending_text(history, &pending, date, &mut out);
            refusals_text(history, &mut out);
            text::print(&out);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn pending_text(history: &History, acts: &[usize], date: NaiveDate, out: &mut String) {
    let mut seen = Vec::new();
    for &a in acts {
        if seen.contains(&a) {
            continue;
        }
        if seen.is_empty() {
            let _ = writeln!(out, "\nНе вступили в силу на {}:", format_date(date));
        }
        seen.push(a);
        let e = &history.acts()[a];
        let _ = writeln!(
            out,
            "  {} — вступает в силу с {}{}",
            e.act,
            format_date(e.effective),
            if e.effective_assumed.is_some() {
                " (предположительно)"
            } else {
                ""
            }
        );
    }
}

fn plan(history: &History, date: NaiveDate, format: Format) -> Result<ExitCode, planver::Error> {
    let revision = history.revision_at(date)?;
    let pending = history.pending_at(date);
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                title: &'a str,
                date: NaiveDate,
                revision_from: NaiveDate,
                revision_until: Option<NaiveDate>,
                acts_in_force: Vec<String>,
                sections: &'a [planver::SectionVersion],
                items: Vec<text::ItemJson<'a>>,
                footnotes: Vec<FootnoteJson<'a>>,
                pending: Vec<PendingJson>,
                #[serde(skip_serializing_if = "Vec::is_empty")]
                effective_assumed: Vec<AssumedJson>,
                refused: Vec<String>,
            }
            #[derive(Serialize)]
            struct FootnoteJson<'a> {
                number: &'a str,
                text: &'a str,
                source: text::SourceJson,
            }
            text::print_json(&Out {
                title: history.title(),
                date,
                revision_from: revision.info().from,
                revision_until: revision.info().until,
                acts_in_force: acts_in_force(history, revision.info().index),
                sections: revision.sections(),
                items: revision
                    .items()
                    .map(|v| text::item_json(history, v))
                    .collect(),
                footnotes: revision
                    .footnotes()
                    .iter()
                    .map(|f| FootnoteJson {
                        number: &f.number,
                        text: &f.text,
                        source: text::source_json(history, f.source),
                    })
                    .collect(),
                effective_assumed: assumed_json(
                    history,
                    &assumed(history, revision.info().index, &pending),
                ),
                pending: pending_json(history, pending),
                refused: history
                    .refusals()
                    .iter()
                    .map(|r| r.error.to_string())
                    .collect(),
            })?;
        }
        Format::Text => {
            let mut out = String::new();
            let _ = writeln!(out, "{}", history.title());
            let _ = writeln!(out, "Утвержден: {}", history.acts()[0].act);
            let _ = writeln!(
                out,
                "Редакция на {} (действует с {})",
                format_date(date),
                format_date(revision.info().from)
            );
            let acts = acts_in_force(history, revision.info().index);
            if !acts.is_empty() {
                let _ = writeln!(out, "С изменениями, внесенными:");
                for a in acts {
                    let _ = writeln!(out, "  {a}");
                }
            }
            assumed_text(
                history,
                &assumed(history, revision.info().index, &pending),
                &mut out,
            );
            let mut section: Option<&str> = None;
            for v in revision.items() {
                if v.section.as_deref() != section {
                    section = v.section.as_deref();
                    if let Some(s) = revision
                        .sections()
                        .iter()
                        .find(|s| Some(s.id.as_str()) == section)
                    {
                        let _ = writeln!(out, "\n{}. {}", s.number, s.title);
                        if let Some(note) = history.edition_note(s.source) {
                            let _ = writeln!(out, "{note}");
                        }
                    }
                }
                out.push('\n');
                text::item(history, v, &mut out);
            }
            if !revision.footnotes().is_empty() {
                let _ = writeln!(out, "\nСноски:");
                for f in revision.footnotes() {
                    let _ = writeln!(out, "  {} {}", f.number, f.text);
                    if let Some(note) = history.edition_note(f.source) {
                        let _ = writeln!(out, "    {note}");
                    }
                }
            }
            pending_text(history, &pending, date, &mut out);
            refusals_text(history, &mut out);
            text::print(&out);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The amending acts in force in revision `index`, with their effective dates.
fn acts_in_force(history: &History, index: usize) -> Vec<String> {
    history.revisions()[1..=index]
        .iter()
        .flat_map(|r| r.acts.iter())
        .map(|&a| {
            let e = &history.acts()[a];
            if e.effective == e.act.date {
                e.act.to_string()
            } else {
                format!("{} (вступил в силу с {})", e.act, format_date(e.effective))
            }
        })
        .collect()
}

/// `--due-by`: what falls due by a date, in the revision in force on `date`.
fn due(
    history: &History,
    date: NaiveDate,
    by: NaiveDate,
    format: Format,
) -> Result<ExitCode, planver::Error> {
    let revision = history.revision_at(date)?;
    let list = planver::due_by(&revision, date, by);
    if format == Format::Json {
        #[derive(Serialize)]
        struct Out<'a> {
            title: &'a str,
            revision_from: NaiveDate,
            #[serde(flatten)]
            list: &'a planver::DueList,
        }
        text::print_json(&Out {
            title: history.title(),
            revision_from: revision.info().from,
            list: &list,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\nСроки по {} — редакция на {} (действует с {})",
        history.title(),
        format_date(by),
        format_date(date),
        format_date(revision.info().from)
    );
    // Heading, entries, and how to say the date.
    let sections: [(String, &[planver::DueEntry], &str, &str); 4] = [
        (
            format!("Сроки, наступающие по {}", format_date(by)),
            &list.dated,
            "до ",
            "",
        ),
        (
            format!(
                "Периодические сроки с {} по {}",
                format_date(date),
                format_date(by)
            ),
            &list.recurring,
            "ближайший срок ",
            "дата в периоде не указана",
        ),
        ("Постоянно".into(), &list.continuous, "", ""),
        (
            "Проверьте по тексту акта (срок не распознан или неправдоподобен)".into(),
            &list.unclear,
            "",
            "",
        ),
    ];
    let mut assumed = false;
    for (heading, entries, prefix, undated) in sections {
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{heading}:");
        for e in entries {
            let d = &e.deadline;
            let mut line = format!("  п. {}", d.item);
            if revision.item(&d.item).is_some_and(|v| v.rows.len() > 1) {
                let _ = write!(line, ", строка {}", d.row);
            }
            match e.date {
                Some(x) => {
                    let _ = write!(line, " — {prefix}{}", format_date(x));
                }
                None if !undated.is_empty() => {
                    let _ = write!(line, " — {undated}");
                }
                None => {}
            }
            let term = d.deadline.terms().get(e.term);
            if let Some(scope) = term.and_then(|t| t.scope.as_deref()) {
                let _ = write!(line, " ({scope})");
            }
            if e.expired {
                line.push_str(", срок истек");
            }
            let words: Vec<&str> = d.deadline.text().split_whitespace().collect();
            let _ = write!(line, " — «{}»", words.join(" "));
            if d.deadline.terms().iter().any(|t| !t.assumptions.is_empty()) {
                assumed = true;
                line.push_str(" (?)");
            }
            let _ = writeln!(out, "{line}");
        }
    }
    if list.dated.is_empty()
        && list.recurring.is_empty()
        && list.continuous.is_empty()
        && list.unclear.is_empty()
    {
        let _ = writeln!(out, "\nНет пунктов со сроком по {}.", format_date(by));
    }
    if assumed {
        let _ = writeln!(
            out,
            "\n(?) — срок прочитан с допущением (опечатка, неполный текст); подробности: planver check"
        );
    }
    text::print(&out);
    Ok(ExitCode::SUCCESS)
}
