//! Generates a plan history twice: as a planver bundle and as a git
//! repository with one commit per effective date, for
//! `benches/compare_git.sh`.
//!
//! ```text
//! cargo run --release --example gen_history -- ITEMS ORDERS OUT [--layout items|file]
//! ```
//!
//! writes
//!
//! - `OUT/bundle/`: `plan.json` and `amendments/NNNNN.json`, one order per
//!   file, named in the order of application;
//! - `OUT/git/`: a bare git repository built with `git fast-import`: the
//!   base plan, then one commit per effective date, author and committer
//!   date set to that date (00:00 UTC). With `--layout items` (the default)
//!   the plan is kept as one file per item, `items/<number>.tsv`, beside
//!   `sections.tsv` and `footnotes.tsv`; with `--layout file` as one file,
//!   `plan.tsv`, one line per item. Either way an item is one line,
//!   `number<TAB>status<TAB>cells…` (rows follow each other, four cells a
//!   row; line breaks and tabs inside cells are written `\n` and `\t`);
//! - `OUT/questions.sh`: the questions the script asks, as shell
//!   variables (`ITEM`, `DATE`, `FROM`, `TO`, `REVISIONS`, …).
//!
//! The plan and orders come from the deterministic generator the criterion
//! benches use (`benches/common`): realistic text, every kind of operation
//! (абзацы, words at the end or start of a cell and in footnotes, sections'
//! titles and items put before another included), all of which apply in
//! strict mode. The git side is written from the
//! history planver builds, so both sides hold the same text on every date.

#[path = "../benches/common/mod.rs"]
mod common;

use chrono::{Datelike, Months, NaiveDate};
use planver::{History, ItemStatus, ItemVersion, Revision};
use std::collections::BTreeMap;
use std::error::Error;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// One file per item: what makes git fastest (see `benches/compare_git.sh`).
    Items,
    /// One file for the whole plan, one line per item.
    File,
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_history ITEMS ORDERS OUT [--layout items|file]";
    let (items, orders, out, rest) = match args.as_slice() {
        [items, orders, out, rest @ ..] => (
            items.parse::<usize>()?,
            orders.parse::<usize>()?,
            PathBuf::from(out),
            rest,
        ),
        _ => return Err(usage.into()),
    };
    let layout = match rest {
        [] => Layout::Items,
        [flag, value] if flag == "--layout" && value == "items" => Layout::Items,
        [flag, value] if flag == "--layout" && value == "file" => Layout::File,
        _ => return Err(usage.into()),
    };
    if items == 0 || orders == 0 {
        return Err("ITEMS and ORDERS must be positive".into());
    }

    let generated = generate(items, orders)?;
    let history = History::build(generated.plan.clone(), generated.orders.clone())?;
    // Strict building refuses nothing; the text must be what the generator
    // tracked, as the benches check.
    generated.check(&history);

    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    write_bundle(&out.join("bundle"), &generated)?;
    write_git(&out.join("git"), &history, layout)?;
    let questions = questions(&history, layout)?;
    std::fs::write(out.join("questions.sh"), questions)?;
    Ok(())
}

/// The generator insists on making every kind of operation at least once,
/// and one kind is rare (one in 10,000); on a small history some seeds make
/// none. Try the next seed then: still deterministic.
fn generate(items: usize, orders: usize) -> Result<common::Generated> {
    let base = common::Config::default();
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut found = None;
    for attempt in 0..256 {
        let config = common::Config {
            seed: base.seed + attempt,
            items,
            sections: (items / 100).clamp(1, 40),
            orders,
            operations: orders * 10,
            ..base.clone()
        };
        if let Ok(generated) = std::panic::catch_unwind(|| common::generate(&config)) {
            found = Some(generated);
            break;
        }
    }
    std::panic::set_hook(hook);
    found.ok_or_else(|| "the generator failed on 256 seeds".into())
}

fn write_bundle(dir: &Path, generated: &common::Generated) -> Result<()> {
    let amendments = dir.join("amendments");
    std::fs::create_dir_all(&amendments)?;
    std::fs::write(
        dir.join("plan.json"),
        serde_json::to_string_pretty(&generated.plan)?,
    )?;
    for (i, order) in generated.orders.iter().enumerate() {
        std::fs::write(
            amendments.join(format!("{:05}.json", i + 1)),
            serde_json::to_string_pretty(order)?,
        )?;
    }
    Ok(())
}

/// One item as a line: `number<TAB>status<TAB>cells…`, four cells a row.
fn item_line(history: &History, v: &ItemVersion) -> String {
    let mut line = v.number.clone();
    line.push('\t');
    line.push_str(match v.status {
        ItemStatus::InForce => "действует",
        ItemStatus::Repealed { .. } => "утратил силу",
        _ => "исключен",
    });
    for row in &v.rows {
        for column in 0..history.columns().len() {
            line.push('\t');
            if let Some(cell) = row.cell(column) {
                line.push_str(&escape(&cell.text));
            }
        }
    }
    line.push('\n');
    line
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
}

fn sections_file(revision: &Revision<'_>) -> String {
    let mut out = String::new();
    for s in revision.sections() {
        let _ = writeln!(out, "{}\t{}", s.number, escape(&s.title));
    }
    out
}

fn footnotes_file(revision: &Revision<'_>) -> String {
    let mut out = String::new();
    for f in revision.footnotes() {
        let _ = writeln!(out, "{}\t{}", f.number, escape(&f.text));
    }
    out
}

fn item_path(number: &str) -> String {
    format!("items/{number}.tsv")
}

/// Seconds since the epoch of a date's midnight, UTC.
fn timestamp(date: NaiveDate) -> i64 {
    date.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default()
}

fn blob(stream: &mut Vec<u8>, path: &str, content: &str) {
    let _ = write!(stream, "M 100644 inline {path}\ndata {}\n", content.len());
    stream.extend_from_slice(content.as_bytes());
    stream.push(b'\n');
}

fn write_git(dir: &Path, history: &History, layout: Layout) -> Result<()> {
    run(Command::new("git")
        .args(["init", "-q", "--bare", "-b", "main"])
        .arg(dir))?;
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["fast-import", "--quiet", "--done"])
        .stdin(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().ok_or("no stdin for git fast-import")?;
    for (index, info) in history.revisions().iter().enumerate() {
        let mut stream = Vec::new();
        let when = timestamp(info.from);
        let acts: Vec<String> = info
            .acts
            .iter()
            .map(|&a| history.acts()[a].act.to_string())
            .collect();
        let message = format!("Редакция с {}\n\n{}\n", info.from, acts.join("\n"));
        let _ = write!(
            stream,
            "commit refs/heads/main\n\
             author planver bench <bench@planver.invalid> {when} +0000\n\
             committer planver bench <bench@planver.invalid> {when} +0000\n\
             data {}\n{message}\n",
            message.len()
        );
        let revision = history.revision(index);
        match layout {
            Layout::File => {
                stream.extend_from_slice(b"deleteall\n");
                let mut plan = String::new();
                for v in revision.items() {
                    plan.push_str(&item_line(history, v));
                }
                blob(&mut stream, "plan.tsv", &plan);
                blob(&mut stream, "sections.tsv", &sections_file(&revision));
                blob(&mut stream, "footnotes.tsv", &footnotes_file(&revision));
            }
            Layout::Items if index == 0 => {
                for v in revision.items() {
                    blob(&mut stream, &item_path(&v.number), &item_line(history, v));
                }
                blob(&mut stream, "sections.tsv", &sections_file(&revision));
                blob(&mut stream, "footnotes.tsv", &footnotes_file(&revision));
            }
            Layout::Items => {
                let changed = history.items_changed(index - 1, index);
                let listed = |v: Option<&ItemVersion>| {
                    v.filter(|v| !matches!(v.status, ItemStatus::Excluded { .. }))
                        .map(|v| v.number.clone())
                };
                // Every old path first, then every new one: one commit may
                // move 5 to 6 and 6 to 7.
                for (old, new) in &changed {
                    if let Some(number) = listed(*old) {
                        if listed(*new).as_deref() != Some(number.as_str()) {
                            let _ = writeln!(stream, "D {}", item_path(&number));
                        }
                    }
                }
                for (_, new) in &changed {
                    if let Some(v) = new.filter(|v| listed(Some(v)).is_some()) {
                        blob(&mut stream, &item_path(&v.number), &item_line(history, v));
                    }
                }
                let before = history.revision(index - 1);
                if before.sections() != revision.sections() {
                    blob(&mut stream, "sections.tsv", &sections_file(&revision));
                }
                if before.footnotes() != revision.footnotes() {
                    blob(&mut stream, "footnotes.tsv", &footnotes_file(&revision));
                }
            }
        }
        stream.push(b'\n');
        stdin.write_all(&stream)?;
    }
    stdin.write_all(b"done\n")?;
    drop(stdin);
    if !child.wait()?.success() {
        return Err("git fast-import failed".into());
    }
    // What a git user who cares about speed would do: a commit graph with
    // changed-path Bloom filters makes `git log -- path` skip commits.
    run(Command::new("git").arg("-C").arg(dir).args([
        "commit-graph",
        "write",
        "--reachable",
        "--changed-paths",
    ]))?;
    Ok(())
}

fn run(command: &mut Command) -> Result<()> {
    let status = command.status()?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed: {status}").into())
    }
}

/// The questions both sides answer, chosen from the history without regard
/// to which side they favour.
///
/// - The item: among the items of the base plan that still have their
///   base number at the end and never had another, the one with the most
///   versions (the longest history to print), lowest number first.
/// - `DATE`: the first day of the middle revision.
/// - `FROM`..`TO`: a year of amendments from that day on.
fn questions(history: &History, layout: Layout) -> Result<String> {
    let revisions = history.revisions();
    let last = revisions.len() - 1;
    let mut best: Option<(usize, &str)> = None;
    for v in history.revision(last).items() {
        if *v.id != *v.number {
            continue;
        }
        let Ok(log) = history.item_log(&v.number) else {
            continue;
        };
        if log.iter().any(|e| e.version.number != v.number) {
            continue;
        }
        let better = match best {
            None => true,
            Some((n, number)) => {
                log.len() > n
                    || (log.len() == n && (v.number.len(), &*v.number) < (number.len(), number))
            }
        };
        if better {
            best = Some((log.len(), &v.number));
        }
    }
    let (versions, item) = best.ok_or("no item kept its number throughout")?;
    let date = revisions[last / 2].from;
    let to = date
        .checked_add_months(Months::new(12))
        .ok_or("date out of range")?;
    let (from_rev, to_rev) = (
        history.revision_index_at(date)?,
        history.revision_index_at(to)?,
    );
    let changed = history.items_changed(from_rev, to_rev).len();
    let mut counts = BTreeMap::new();
    counts.insert("REVISIONS", revisions.len());
    counts.insert("ACTS", history.acts().len() - 1);
    counts.insert("ITEM_VERSIONS", versions);
    counts.insert("DIFF_ITEMS", changed);
    counts.insert("DIFF_REVISIONS", to_rev - from_rev);
    let mut out = String::new();
    let _ = writeln!(out, "ITEM='{item}'");
    let _ = writeln!(out, "DATE={date}");
    let _ = writeln!(out, "FROM={date}");
    let _ = writeln!(out, "TO={to}");
    let _ = writeln!(out, "FIRST={}", revisions[0].from);
    let _ = writeln!(out, "LAST={}", revisions[last].from);
    let _ = writeln!(
        out,
        "LAYOUT={}",
        match layout {
            Layout::Items => "items",
            Layout::File => "file",
        }
    );
    for (k, v) in counts {
        let _ = writeln!(out, "{k}={v}");
    }
    let _ = writeln!(
        out,
        "YEARS={}",
        revisions[last].from.year() - revisions[0].from.year()
    );
    Ok(out)
}
