//! `planver log`: the revisions and the acts behind them, or one item's history.

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
    /// One item's history, by display number (its latest one).
    #[arg(long)]
    item: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Apply what can be applied and list refused operations.
    #[arg(long)]
    lenient: bool,
}

#[derive(Serialize)]
struct ActJson {
    act: String,
    kind: String,
    issuer: String,
    number: String,
    signed: NaiveDate,
    effective: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    effective_assumed: Option<EffectiveAssumption>,
    #[serde(skip_serializing_if = "Option::is_none")]
    operations: Option<usize>,
}

fn act_json(history: &History, a: usize) -> ActJson {
    let e = &history.acts()[a];
    ActJson {
        act: e.act.to_string(),
        kind: e.act.kind.to_string(),
        issuer: e.act.issuer.clone(),
        number: e.act.number.clone(),
        signed: e.act.date,
        effective: e.effective,
        effective_assumed: e.effective_assumed,
        operations: history.order(a).map(|o| o.operations.len()),
    }
}

pub fn run(args: Args) -> Result<ExitCode, planver::Error> {
    let scope = match &args.item {
        Some(number) => Scope::Item(number.clone()),
        None => Scope::All,
    };
    let history = crate::load(&args.bundle, args.lenient, scope)?;
    match &args.item {
        None => revisions(&history, args.format),
        Some(number) => item(&history, number, args.format),
    }
}

fn revisions(history: &History, format: Format) -> Result<ExitCode, planver::Error> {
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Rev {
                index: usize,
                from: NaiveDate,
                until: Option<NaiveDate>,
                acts: Vec<ActJson>,
            }
            let revs: Vec<Rev> = history
                .revisions()
                .iter()
                .map(|r| Rev {
                    index: r.index,
                    from: r.from,
                    until: r.until,
                    acts: r.acts.iter().map(|&a| act_json(history, a)).collect(),
                })
                .collect();
            text::print_json(&revs)?;
        }
        Format::Text => {
            let mut out = String::new();
            let _ = writeln!(out, "{}\nРедакции:", history.title());
            for r in history.revisions() {
                let period = match r.until {
                    Some(u) => format!(
                        "с {} по {}",
                        format_date(r.from),
                        format_date(u.pred_opt().unwrap_or(u))
                    ),
                    None => format!("с {}", format_date(r.from)),
                };
                let _ = writeln!(out, "  {:>3}. {period}", r.index);
                for &a in &r.acts {
                    let e = &history.acts()[a];
                    match history.order(a) {
                        None => {
                            let _ = writeln!(out, "       исходная редакция — {}", e.act);
                        }
                        Some(o) => {
                            let _ = writeln!(
                                out,
                                "       {} — операций: {}",
                                e.act,
                                o.operations.len()
                            );
                            if e.effective != e.act.date {
                                let _ = writeln!(
                                    out,
                                    "       подписан {}, вступил в силу {}",
                                    format_date(e.act.date),
                                    format_date(e.effective)
                                );
                            }
                            if let Some(why) = e.effective_assumed {
                                let _ = writeln!(
                                    out,
                                    "       внимание: дата вступления в силу предположена — {why}"
                                );
                            }
                        }
                    }
                }
            }
            text::print(&out);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn item(history: &History, number: &str, format: Format) -> Result<ExitCode, planver::Error> {
    let log = history.item_log(number)?;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Entry<'a> {
                from: NaiveDate,
                until: Option<NaiveDate>,
                operations: Vec<OpJson>,
                item: text::ItemJson<'a>,
            }
            #[derive(Serialize)]
            struct OpJson {
                act: String,
                operation: usize,
                #[serde(skip_serializing_if = "Option::is_none")]
                point: Option<String>,
                formula: &'static str,
                #[serde(skip_serializing_if = "Option::is_none")]
                effective_assumed: Option<EffectiveAssumption>,
            }
            let entries: Vec<Entry> = log
                .iter()
                .map(|e| Entry {
                    from: e.revision.from,
                    until: e.revision.until,
                    operations: e
                        .operations
                        .iter()
                        .filter_map(|&(a, op)| {
                            let o = history.order(a)?.operations.get(op)?;
                            Some(OpJson {
                                act: history.acts()[a].act.to_string(),
                                operation: op + 1,
                                point: o.point().map(str::to_string),
                                formula: o.formula(),
                                effective_assumed: history.acts()[a].effective_assumed,
                            })
                        })
                        .collect(),
                    item: text::item_json(history, e.version),
                })
                .collect();
            text::print_json(&entries)?;
        }
        Format::Text => {
            let mut out = String::new();
            let id = log
                .last()
                .map(|e| e.version.id.to_string())
                .unwrap_or_default();
            let _ = writeln!(out, "История пункта {number} (идентификатор «{id}»)");
            for e in &log {
                let _ = writeln!(out, "\nс {}:", format_date(e.revision.from));
                if e.operations.is_empty() {
                    let _ = writeln!(out, "  исходная редакция — {}", history.acts()[0].act);
                }
                let mut warned = Vec::new();
                for &(a, op) in &e.operations {
                    let Some(o) = history.order(a).and_then(|o| o.operations.get(op)) else {
                        continue;
                    };
                    if !warned.contains(&a) {
                        warned.push(a);
                        if let Some(why) = history.acts()[a].effective_assumed {
                            let _ = writeln!(
                                out,
                                "  внимание: дата вступления в силу ({}) предположена — {}: {why}",
                                format_date(history.acts()[a].effective),
                                history.acts()[a].act
                            );
                        }
                    }
                    let point = o.point().map(|p| format!("п. {p}, ")).unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "  {} — {point}операция {}: {}",
                        history.acts()[a].act,
                        op + 1,
                        o.formula()
                    );
                }
                let mut body = String::new();
                text::item(history, e.version, &mut body);
                let _ = writeln!(out, "{}", text::indent(&body, 2));
            }
            text::print(&out);
        }
    }
    Ok(ExitCode::SUCCESS)
}
