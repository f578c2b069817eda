//! Orders as files: a `.txt` order with its `<name>.meta.json` side file,
//! and the checks a bundle makes of the editions its orders say they amend.

use super::header::citations;
use super::{OrderDiagnostic, OrderImport, OrderMeta, OrderReadOptions, Severity, read_order};
use crate::error::Error;
use crate::order::Order;
use crate::plan::Plan;
use std::path::{Path, PathBuf};

/// The side file of an order: `587.txt` → `587.meta.json`.
fn meta_path(path: &Path) -> PathBuf {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    path.with_file_name(format!("{stem}.meta.json"))
}

/// Reads an order from a text file, with the facts of its side file
/// `<name>.meta.json` ([`OrderMeta`]) when there is one, and checks it
/// against `plan` when given.
///
/// # Errors
/// [`Error::Io`] when a file cannot be read, [`Error::Bundle`] when the text
/// is not UTF-8, [`Error::Json`] when the side file is not valid. What the
/// text itself says wrongly is in the import's diagnostics, not an error.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let import = planver::import::read_order_file("fixtures/seeds/004_c4094d245a957aa1.txt", None)?;
/// assert_eq!(import.order.act.number, "587");
/// assert_eq!(import.order.operations.len(), 12);
/// # Ok(()) }
/// ```
pub fn read_order_file(path: impl AsRef<Path>, plan: Option<&Plan>) -> Result<OrderImport, Error> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Bundle {
        path: path.to_path_buf(),
        message: format!(
            "not valid UTF-8 (byte {} is not part of a UTF-8 character)",
            e.utf8_error().valid_up_to() + 1
        ),
    })?;
    let side = meta_path(path);
    let meta = if side.exists() {
        crate::bundle::read_json::<OrderMeta>(&side)?
    } else {
        OrderMeta::default()
    };
    let mut options = OrderReadOptions::new().meta(meta);
    if let Some(plan) = plan {
        options = options.plan(plan);
    }
    Ok(read_order(&text, &options))
}

/// Reads a bundle's `.txt` order. Errors in the text fail the load, naming
/// the file, line and column; warnings and assumptions come back.
pub(crate) fn load_for_bundle(path: &Path, plan: &Plan) -> Result<(Order, OrderImport), Error> {
    let import = read_order_file(path, Some(plan))?;
    if let Some(first) = import.errors().next() {
        let more = import.errors().count() - 1;
        let mut message = first.message.clone();
        if !first.sentence.is_empty() {
            message.push_str(&format!(": «{}»", first.sentence));
        }
        if more > 0 {
            message.push_str(&format!(
                " (and {more} more error{})",
                if more == 1 { "" } else { "s" }
            ));
        }
        return Err(Error::Text {
            path: path.to_path_buf(),
            line: first.line,
            column: first.column,
            message,
        });
    }
    Ok((import.order.clone(), import))
}

/// Checks the editions `.txt` orders say they amend («(в редакции
/// распоряжения от … № …)») against the bundle: a warning when that act is
/// neither the plan's nor one of the orders, or when it comes at or after
/// the order that names it.
pub(crate) fn check_editions(
    plan: &Plan,
    orders: &[(Order, PathBuf)],
    imported: &[(usize, OrderImport)],
) -> Vec<(PathBuf, OrderDiagnostic)> {
    let mut out = Vec::new();
    for (index, import) in imported {
        let Some((order, path)) = orders.get(*index) else {
            continue;
        };
        let Some(amends) = &order.amends else {
            continue;
        };
        let (line, column) = import.amends_at.unwrap_or((1, 1));
        let key = (order.effective_date(), order.act.date);
        for cite in citations(amends) {
            let is_plan = plan.act.number == cite.number && plan.act.date == cite.date;
            if is_plan {
                continue;
            }
            let named = format!("№ {} от {}", cite.number, crate::format_date(cite.date));
            let found = orders
                .iter()
                .find(|(o, _)| o.act.number == cite.number && o.act.date == cite.date);
            let message = match found {
                None => Some(format!(
                    "the edition it amends names an act ({named}) that is neither the plan's act nor an order of the bundle"
                )),
                Some((other, _)) if (other.effective_date(), other.act.date) >= key => {
                    Some(format!(
                        "the edition it amends names an order ({named}) that comes at or after this one"
                    ))
                }
                Some(_) => None,
            };
            if let Some(message) = message {
                out.push((
                    path.clone(),
                    OrderDiagnostic {
                        severity: Severity::Warning,
                        line,
                        column,
                        length: 1,
                        message,
                        sentence: amends.clone(),
                    },
                ));
            }
        }
    }
    out
}

/// Everything a bundle keeps of its `.txt` orders: their warnings and
/// assumptions, then the checks of the editions they amend.
pub(crate) fn bundle_diagnostics(
    plan: &Plan,
    orders: &[(Order, PathBuf)],
    imported: Vec<(usize, OrderImport)>,
) -> Vec<(PathBuf, OrderDiagnostic)> {
    let mut out = Vec::new();
    for (index, import) in &imported {
        if let Some((_, path)) = orders.get(*index) {
            for d in import.diagnostics.iter().chain(&import.assumptions) {
                out.push((path.clone(), d.clone()));
            }
        }
    }
    out.extend(check_editions(plan, orders, &imported));
    out
}

/// Checks the edition an imported order says it amends («(в редакции
/// распоряжения от … № …)») against a bundle's plan and orders, as if the
/// order were added to the bundle: a warning when that act is neither the
/// plan's nor one of the orders, or comes at or after this order.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// use planver::import::{edition_warnings, read_order, OrderReadOptions};
/// let bundle = planver::Bundle::load("fixtures/mintrud-2013-342")?;
/// let text = "к приказу Минтруда России от 01.12.2014 № 700\n\n\
///     Внести в план работы, утвержденный приказом от 02.08.2013 № 342 \
///     (в редакции приказа от 01.01.2014 № 1), следующие изменения:\n\
///     1. Пункт 12 исключить.\n";
/// let import = read_order(text, &OrderReadOptions::new().plan(&bundle.plan));
/// let warnings = edition_warnings(&import, &bundle.plan, &bundle.orders);
/// assert_eq!(warnings.len(), 1);
/// assert!(warnings[0].message.contains("№ 1 от 01.01.2014"));
/// # Ok(()) }
/// ```
pub fn edition_warnings(
    import: &OrderImport,
    plan: &Plan,
    orders: &[(Order, PathBuf)],
) -> Vec<OrderDiagnostic> {
    let mut all = orders.to_vec();
    all.push((import.order.clone(), PathBuf::new()));
    let imported = vec![(all.len() - 1, import.clone())];
    check_editions(plan, &all, &imported)
        .into_iter()
        .map(|(_, d)| d)
        .collect()
}
