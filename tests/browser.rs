//! The HTML redline in a real browser: headless Chromium loads the page from
//! a file and dumps the DOM it built. The page must list the changed items,
//! mark insertions and deletions, and show source text that looks like
//! markup as text — no script element may exist.
//!
//! Without Chromium the test is skipped loudly, unless
//! `PLANVER_REQUIRE_BROWSER=1` (as in CI), which makes a missing browser a
//! failure.

use planver::{Bundle, Diff, History};
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
    for c in candidates {
        if Path::new(c).exists() {
            return Some(PathBuf::from(c));
        }
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.exists() {
                return Some(p);
            }
        }
    }
    None
}

fn require_browser() -> bool {
    std::env::var("PLANVER_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

/// A fresh temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "planver-browser-{}-{name}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs headless Chromium on a page with extra arguments; returns stdout.
fn run_chromium(browser: &Path, page: &Path, extra: &[&str]) -> String {
    let profile = TempDir::new("profile");
    let url = format!("file://{}", page.display());
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.0.display()))
        .args(extra)
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The Mintrud diff, with a hostile cell added on the newer side.
fn page_diff() -> Diff {
    let history = Bundle::load("fixtures/mintrud-2013-342")
        .unwrap()
        .history()
        .unwrap();
    // A second history whose plan is revision 1 with item 13's goal set to
    // markup: the diff of revision 0 with it shows the markup as a change.
    let mut plan = history.revision(1).to_plan();
    let item = plan.items.iter_mut().find(|i| i.number == "13").unwrap();
    item.rows[0].insert(
        "goal".into(),
        "<script>alert(1)</script> <img src=x onerror=alert(2)> Снижение рисков".into(),
    );
    let other = History::build(plan, vec![]).unwrap();
    let diff = Diff::between(&history.revision(0), &other.revision(0));
    // Leak-free: the diff owns everything it needs.
    drop(other);
    diff
}

#[test]
fn the_redline_renders_in_chromium() {
    let Some(browser) = chromium() else {
        if require_browser() {
            panic!("chromium not found and PLANVER_REQUIRE_BROWSER=1");
        }
        eprintln!();
        eprintln!("==============================================================");
        eprintln!("SKIPPED: chromium not found — the HTML redline was NOT checked");
        eprintln!("in a browser. Install it (apt-get install -y chromium) or set");
        eprintln!("PLANVER_REQUIRE_BROWSER=1 to make this a failure.");
        eprintln!("==============================================================");
        return;
    };
    let diff = page_diff();
    let html = planver::render::html(&diff);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let dir = TempDir::new("page");
    let page = dir.0.join("diff.html");
    std::fs::write(&page, &html).unwrap();

    let dom = run_chromium(&browser, &page, &["--dump-dom"]);
    assert!(dom.contains("<html"), "no DOM dumped: {dom}");
    // The list of changed items at the top, linking to each item.
    let nav = dom
        .find("class=\"changed-items\"")
        .expect("changed-items list");
    let first_item = dom.find("id=\"item-0\"").expect("first item section");
    assert!(nav < first_item, "the list comes before the items");
    for n in ["1", "2", "3", "4", "10", "11", "13"] {
        assert!(
            dom.contains(&format!(">Пункт {n}</a>")),
            "item {n} missing from the list"
        );
    }
    // The redline.
    assert!(dom.contains("<del>И.В. Никитина</del><ins>Ф.И. Воронин</ins>"));
    assert!(dom.contains("<del>20134</del><ins>2014</ins>"));
    // Markup from the source is text, not elements.
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(dom.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(!dom.contains("<script"), "a script element exists");
    assert!(!dom.contains("<img"), "an img element exists");

    // A screenshot at A4 proportions: the page paints.
    let shot = dir.0.join("diff.png");
    run_chromium(
        &browser,
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1240,1754",
            "--hide-scrollbars",
        ],
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    assert!(png.len() > 10_000, "the screenshot is nearly empty");
    if let Ok(keep) = std::env::var("PLANVER_KEEP_SCREENSHOT") {
        let _ = std::fs::copy(&shot, keep);
    }
}
