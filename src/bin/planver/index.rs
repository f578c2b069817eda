//! `planver index`: build the history index of a bundle now, or say that it
//! is up to date.

use planver::cache::{Cache, Previous, Status, Written};
use planver::{Error, Options};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The bundle folder: plan.json and amendments/*.json.
    bundle: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    if crate::NO_CACHE.load(std::sync::atomic::Ordering::Relaxed) {
        eprintln!("planver: --no-cache: nothing to index");
        return Ok(ExitCode::from(2));
    }
    let mut cache = Cache::open(&args.bundle, &Options::default())?;
    if let Status::Built {
        written: Written::Racy,
        ..
    } = cache.status()
    {
        // Files modified in the last two seconds: wait until an edit
        // within the same clock tick can no longer go unnoticed.
        std::thread::sleep(Duration::from_millis(2100));
        cache = Cache::open(&args.bundle, &Options::default())?;
    }
    let file = cache
        .file()
        .map(|f| f.display().to_string())
        .unwrap_or_else(|| "(no cache folder)".into());
    let (message, code) = match cache.status() {
        Status::Fresh => ("up to date".to_string(), 0),
        Status::Built { previous, written } => {
            let was = match previous {
                Previous::Missing => "built",
                Previous::Stale => "rebuilt (the bundle or planver changed)",
                Previous::Damaged => "rebuilt (the old index was damaged)",
                _ => "rebuilt",
            };
            match written {
                Written::Yes => (was.to_string(), 0),
                Written::NoFolder => (
                    "not written: no cache folder (set PLANVER_CACHE_DIR or HOME)".into(),
                    1,
                ),
                Written::Racy => (
                    "not written: the bundle is still being modified".into(),
                    1,
                ),
                Written::Refusals => (
                    "not written: operations were refused; only histories that apply cleanly are indexed".into(),
                    1,
                ),
                Written::Unsupported => (
                    "not written: file names that are not UTF-8".into(),
                    1,
                ),
                _ => ("not written: the cache folder is not writable".into(), 1),
            }
        }
        _ => ("unknown".into(), 1),
    };
    println!("{file}: {message}");
    Ok(ExitCode::from(code))
}
