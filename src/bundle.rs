//! Plan bundles: a folder with `plan.json`, `amendments/*.json` and,
//! optionally, `expectations.json`.

use crate::apply::Mode;
use crate::error::Error;
use crate::expectation::{CheckReport, Expectation};
use crate::history::{History, Options};
use crate::order::Order;
use crate::plan::Plan;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// A plan bundle as loaded from disk.
///
/// ```text
/// fixtures/mintrud-2013-342/
/// ├── plan.json            the base plan
/// ├── amendments/          one order per file, any names; read in name order,
/// │   └── 587.json         applied by effective date (see History)
/// └── expectations.json    optional: statements `planver check` verifies
/// ```
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// let bundle = planver::Bundle::load("fixtures/mintrud-2013-342")?;
/// assert_eq!(bundle.orders.len(), 1);
/// let report = bundle.check()?;
/// assert!(report.is_clean(), "{report}");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The bundle's folder.
    pub path: PathBuf,
    /// The base plan.
    pub plan: Plan,
    /// The orders with the files they came from, in file-name order.
    pub orders: Vec<(Order, PathBuf)>,
    /// The statements of `expectations.json`; empty when there is none.
    pub expectations: Vec<Expectation>,
    /// Warnings and assumptions of the orders read from `.txt` (their
    /// errors fail the load), and of the editions they say they amend.
    pub diagnostics: Vec<(PathBuf, crate::import::OrderDiagnostic)>,
}

/// Reads and parses one JSON file, with errors that name the file and place.
pub(crate) fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, Error> {
    let text = read_text(path)?;
    serde_json::from_str(&text).map_err(|e| Error::json(path, &text, &e))
}

fn read_text(path: &Path) -> Result<String, Error> {
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
    // A byte-order mark is harmless; serde_json would reject it.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

impl Bundle {
    /// Loads a bundle folder.
    ///
    /// # Errors
    /// [`Error::Io`] when a file cannot be read, [`Error::Json`] when one
    /// is not valid JSON of the expected shape, [`Error::InvalidPlan`] when
    /// the plan breaks a rule of the model, and [`Error::Bundle`] when the
    /// folder's layout is wrong (no `plan.json`, a file in `amendments/`
    /// that is not an order).
    pub fn load(path: impl AsRef<Path>) -> Result<Bundle, Error> {
        let path = path.as_ref();
        let meta = std::fs::metadata(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if !meta.is_dir() {
            return Err(Error::Bundle {
                path: path.to_path_buf(),
                message: "not a folder; a bundle is a folder with plan.json and amendments/".into(),
            });
        }
        let plan_path = path.join("plan.json");
        if !plan_path.exists() {
            return Err(Error::Bundle {
                path: path.to_path_buf(),
                message: "no plan.json in the bundle".into(),
            });
        }
        let plan: Plan = read_json(&plan_path)?;
        plan.validate().map_err(|problem| Error::InvalidPlan {
            path: Some(plan_path.clone()),
            problem,
        })?;
        let mut orders = Vec::new();
        let mut imported = Vec::new();
        let amendments = path.join("amendments");
        if amendments.exists() {
            let entries = std::fs::read_dir(&amendments).map_err(|source| Error::Io {
                path: amendments.clone(),
                source,
            })?;
            let mut files = Vec::new();
            for entry in entries {
                let entry = entry.map_err(|source| Error::Io {
                    path: amendments.clone(),
                    source,
                })?;
                files.push(entry.path());
            }
            files.sort();
            for file in files {
                let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name.starts_with('.') || name.ends_with(".meta.json") {
                    continue;
                }
                match file.extension().and_then(|e| e.to_str()) {
                    Some("json") => {
                        let order: Order = read_json(&file)?;
                        orders.push((order, file));
                    }
                    Some("txt") => {
                        let (order, import) =
                            crate::import::order_text::load_for_bundle(&file, &plan)?;
                        imported.push((orders.len(), import));
                        orders.push((order, file));
                    }
                    _ => {
                        return Err(Error::Bundle {
                            path: file,
                            message:
                                "not an order: amendments/ holds orders as .json or .txt files"
                                    .into(),
                        });
                    }
                }
            }
        }
        let expectations_path = path.join("expectations.json");
        let expectations = if expectations_path.exists() {
            read_json(&expectations_path)?
        } else {
            Vec::new()
        };
        let diagnostics = crate::import::order_text::bundle_diagnostics(&plan, &orders, imported);
        Ok(Bundle {
            path: path.to_path_buf(),
            plan,
            orders,
            expectations,
            diagnostics,
        })
    }

    /// Applies the orders strictly.
    ///
    /// # Errors
    /// As [`History::build`]; errors name the order's file.
    pub fn history(&self) -> Result<History, Error> {
        self.history_with(&Options::default())
    }

    /// Applies the orders with options.
    ///
    /// # Errors
    /// As [`History::build_with`]; errors name the order's file.
    pub fn history_with(&self, options: &Options) -> Result<History, Error> {
        History::build_from_files(
            self.plan.clone(),
            self.path.join("plan.json"),
            self.orders.clone(),
            options,
        )
    }

    /// Applies everything (leniently, so that every refusal is found) and
    /// verifies the expectations.
    ///
    /// # Errors
    /// Only when the history cannot be built at all ([`Error::InvalidOrder`]);
    /// refused operations and failed expectations are in the report.
    pub fn check(&self) -> Result<CheckReport, Error> {
        let history = self.history_with(&Options::default().mode(Mode::Lenient))?;
        let mut report = crate::expectation::check(&history, &self.expectations);
        for (order, path) in &self.orders {
            if let Some(amends) = &order.amends {
                let numbers = act_numbers(amends);
                if !numbers.is_empty() && !numbers.contains(&self.plan.act.number.as_str()) {
                    report.inconsistencies.push(format!(
                        "{}: {} says it amends «{amends}», but the plan was approved by {}",
                        path.display(),
                        order.act,
                        self.plan.act
                    ));
                }
            }
        }
        Ok(report)
    }
}

/// The act numbers cited in a text: what follows each «№».
fn act_numbers(text: &str) -> Vec<&str> {
    text.split('№')
        .skip(1)
        .filter_map(|rest| {
            rest.trim_start_matches(|c: char| c.is_whitespace())
                .split(|c: char| c.is_whitespace() || matches!(c, ',' | ')' | ';' | '»'))
                .next()
                .map(|n| n.trim_end_matches('.'))
                .filter(|n| !n.is_empty())
        })
        .collect()
}

/// Loads the bundle at `path`, applies it and verifies its expectations;
/// panics with a readable report when anything fails. For a project's own
/// `cargo test`:
///
/// ```
/// // In tests/history.rs of your project, under #[test]:
/// fn our_plan_history_holds() {
///     planver::assert_bundle("fixtures/mintrud-2013-342");
/// }
/// # our_plan_history_holds();
/// ```
///
/// # Panics
/// When the bundle cannot be loaded, an operation is refused, or an
/// expectation fails.
#[track_caller]
pub fn assert_bundle(path: impl AsRef<Path>) {
    let path = path.as_ref();
    let report = Bundle::load(path).and_then(|b| b.check());
    match report {
        Err(e) => panic!("bundle {} cannot be loaded: {e}", path.display()),
        Ok(r) if !r.is_clean() => panic!("bundle {}:\n{r}", path.display()),
        Ok(_) => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn act_numbers_are_read_after_the_sign() {
        assert_eq!(
            super::act_numbers(
                "утвержденный приказом от 2 августа 2013 г. № 342 (в ред. от 01.01.2014 №\u{a0}1187-р)"
            ),
            ["342", "1187-р"]
        );
    }
}
