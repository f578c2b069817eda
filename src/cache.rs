//! The history index on disk: a bundle's built history, kept between runs.
//!
//! Building a [`History`] reads every file of a bundle and applies every
//! order. On a plan of thousands of items amended by hundreds of orders
//! that takes a good part of a second — every time the command line is
//! run. A [`Cache`] keeps what the build derived (item timelines, the
//! number index, the revision table, acts, columns, the orders) in one
//! binary file **outside the bundle**, and answers later runs from it for
//! as long as the bundle's files are unchanged. It is only a derived index:
//! revisions are still derived from the base plan and the orders, once,
//! and the file can be deleted at any time.
//!
//! ```
//! # fn main() -> Result<(), planver::Error> {
//! use planver::cache::{Cache, Scope};
//! # let dir = std::env::temp_dir().join(format!("planver-doc-cache-{}", std::process::id()));
//! let cache = Cache::open_in("fixtures/mintrud-2013-342", Some(&dir), &Default::default())?;
//! // Item 10 only: reads the header, the number index and item 10's versions.
//! let history = cache.history(&Scope::Item("10".into()))?;
//! let item = history.item_at("10", "2014-09-01".parse().unwrap())?;
//! assert!(item.version().text().contains("Ф.И. Воронин"));
//! # let _ = std::fs::remove_dir_all(&dir);
//! # Ok(()) }
//! ```
//!
//! # Where, and when it is trusted
//!
//! The file lives in `$PLANVER_CACHE_DIR`, else `$XDG_CACHE_HOME/planver`,
//! else `~/.cache/planver` ([`default_dir`]), one file per bundle, named
//! after the bundle's canonical path. It is used only when all of these
//! match what it recorded:
//!
//! - the planver version, the cache format, and the running executable
//!   (its path, size and modification time: a rebuilt planver never reads
//!   an index written by the previous build);
//! - the canonical path of the bundle;
//! - for `plan.json`, `expectations.json` and every entry of
//!   `amendments/`: the name, size, modification and change times, inode
//!   and mode.
//!
//! Anything else is a stale cache, and the history is built from the
//! bundle again and written anew. A content hash of the inputs is not part
//! of the check: it would mean reading every file on every run, which costs
//! more than the rest of a point-in-time question. Instead, a history
//! built from files modified within the last two seconds is not written at
//! all (file times are coarse: a second edit within the same tick could
//! leave size and times unchanged), so a cache is never newer than the
//! edits it could miss.
//!
//! # Damage
//!
//! Every part of the file carries a 64-bit checksum, checked when that
//! part is read; the header also records the file's length. A truncated,
//! overwritten or otherwise damaged file is never trusted: the history is
//! built from the bundle and the file is written again. Decoding is
//! bounds-checked throughout and never panics. Files are written to a
//! temporary name in the same folder and renamed into place, so concurrent
//! runs never see half a file: the last writer wins, and both wrote the
//! same thing.
//!
//! # Reading only what a question needs
//!
//! The file is laid out as a fixed header, a metadata section (title,
//! columns, acts, revisions, sections, footnotes), a hashed number index,
//! a slot table with one fixed-size entry per item and the items'
//! timelines, the per-revision lists of items changed, the document order,
//! and the orders themselves. A [`Scope`] says what will be asked, and
//! [`Cache::history`] reads only that: one item on one date reads the
//! header, the metadata, one bucket of the number index, one slot entry,
//! that item's versions, and the orders that touched it.
//!
//! The history so returned is a **narrowed** history: it answers the
//! questions of its scope exactly as the full history would (same item
//! versions, provenance, pending changes, diffs), but it holds only the
//! items its scope needs, and orders that played no part in the answer
//! are present with their act and no operations. Ask [`Scope::All`] for
//! the whole history.

use crate::act::{Act, ActKind};
use crate::bundle::Bundle;
use crate::error::Error;
use crate::history::{History, NONE, Options, Timeline, Touch};
use crate::operation::{Anchor, Occurrence, Operation, Position, Targets};
use crate::order::{EffectiveAssumption, Order};
use crate::plan::Column;
use crate::plan::{Cell, Row};
use crate::revision::{
    ActEntry, CellVersion, FootnoteVersion, ItemStatus, ItemVersion, RevisionInfo, RowVersion,
    SectionVersion, Source,
};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The first bytes of every cache file.
const MAGIC: [u8; 8] = *b"PLANVER\x1a";
/// The layout version; bumped whenever the layout changes (4: a new
/// section's `before`).
const FORMAT: u32 = 4;
/// Magic, format, header length, header checksum, reserved.
const FIXED: usize = 32;
/// One entry of a record table: offset, length, extra, checksum.
const ENTRY: usize = 24;
/// Inputs modified this recently are not trusted to be final.
const RACY: Duration = Duration::from_secs(2);
/// Reads of records closer than this are merged into one.
const GAP: u64 = 64 * 1024;

/// The sections of a cache file, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sec {
    Meta = 0,
    Layout,
    NumTable,
    NumBlob,
    SlotTable,
    SlotBlob,
    ChangedTable,
    ChangedBlob,
    Order,
    OrderTable,
    OrderBlob,
}

const SECTIONS: usize = 11;

/// The file is not what it says: damaged, truncated, or not a cache file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Corrupt;

type R<T> = Result<T, Corrupt>;

impl From<std::io::Error> for Corrupt {
    fn from(_: std::io::Error) -> Corrupt {
        Corrupt
    }
}

// ---------------------------------------------------------------------------
// Public interface.

/// What [`Cache::history`] will be asked: it reads only that much of the
/// cache file.
///
/// # Example
/// ```
/// use planver::cache::Scope;
/// let one_item = Scope::Item("10".into());
/// let act_diff = Scope::Act { number: "587".into(), item: None };
/// assert_ne!(one_item, act_diff);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scope {
    /// Everything: the same history as [`Bundle::history`].
    All,
    /// The items that ever held this display number: for
    /// [`History::item_at`] and [`History::item_log`] with that number.
    Item(String),
    /// What [`History::diff_with`] needs to compare the revisions in force
    /// on two dates, optionally only one item ([`crate::DiffOptions::item`]).
    Between {
        /// The older date.
        from: NaiveDate,
        /// The newer date.
        to: NaiveDate,
        /// Only this item, by display number.
        item: Option<String>,
    },
    /// What [`History::diff_with`] needs to compare the revisions around the
    /// act with this number ([`History::act_revisions`]).
    Act {
        /// The act's number («587»).
        number: String,
        /// Only this item, by display number.
        item: Option<String>,
    },
}

/// What the cache file held when the cache was opened, and what was done.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// use planver::cache::{Cache, Previous, Status, Written};
/// # let dir = std::env::temp_dir().join(format!("planver-doc-status-{}", std::process::id()));
/// let first = Cache::open_in("fixtures/tomsk-2017-149", Some(&dir), &Default::default())?;
/// assert_eq!(first.status(), Status::Built { previous: Previous::Missing, written: Written::Yes });
/// let second = Cache::open_in("fixtures/tomsk-2017-149", Some(&dir), &Default::default())?;
/// assert_eq!(second.status(), Status::Fresh);
/// # let _ = std::fs::remove_dir_all(&dir);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Status {
    /// The cache file matched the bundle; answers come from it.
    Fresh,
    /// The history was built from the bundle.
    Built {
        /// What the cache held before.
        previous: Previous,
        /// Whether the new cache file was written, or why not.
        written: Written,
    },
}

/// What the cache held before a build.
///
/// # Example
/// ```
/// assert_ne!(planver::cache::Previous::Stale, planver::cache::Previous::Damaged);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Previous {
    /// No cache file (or no cache folder).
    Missing,
    /// A cache file of another version of the bundle or of planver.
    Stale,
    /// A file that is not a whole, intact cache file: never trusted.
    Damaged,
}

/// Whether a built history was written to the cache, or why not.
///
/// # Example
/// ```
/// assert_ne!(planver::cache::Written::Yes, planver::cache::Written::Racy);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Written {
    /// Written.
    Yes,
    /// No cache folder: none given, and no home folder to put one in.
    NoFolder,
    /// Some input was modified less than two seconds ago: a later edit
    /// within the same clock tick could go unnoticed, so the cache waits.
    Racy,
    /// Operations were refused (lenient mode): only histories that apply
    /// cleanly are cached.
    Refusals,
    /// The bundle's files cannot be recorded: a name that is not UTF-8, or
    /// a file that cannot be examined.
    Unsupported,
    /// The file could not be written (permissions, disk full).
    Failed,
}

/// A bundle's history, from the cache file when it is up to date, or built
/// from the bundle (and written to the cache) when not.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// use planver::cache::{Cache, Scope};
/// # let dir = std::env::temp_dir().join(format!("planver-doc-cache2-{}", std::process::id()));
/// let bundle = "fixtures/mintrud-2013-342";
/// let cached = Cache::open_in(bundle, Some(&dir), &Default::default())?.history(&Scope::All)?;
/// let built = planver::Bundle::load(bundle)?.history()?;
/// assert_eq!(cached.revision(1).to_plan(), built.revision(1).to_plan());
/// # let _ = std::fs::remove_dir_all(&dir);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Cache {
    bundle: PathBuf,
    options: Options,
    target: Option<Target>,
    status: Status,
    state: State,
}

/// Where a bundle's cache file goes, and what it must match.
#[derive(Debug, Clone)]
struct Target {
    file: PathBuf,
    canonical: PathBuf,
    inputs: Inputs,
    started: SystemTime,
}

#[derive(Debug)]
enum State {
    Fresh(Box<Reader>),
    Built(Box<History>),
}

/// The cache folder: `$PLANVER_CACHE_DIR`, else `$XDG_CACHE_HOME/planver`,
/// else `~/.cache/planver` (`%LOCALAPPDATA%\planver` on Windows without a
/// home). `None` when none of these is set.
///
/// # Example
/// ```
/// if let Some(dir) = planver::cache::default_dir() {
///     assert!(dir.is_absolute() || std::env::var_os("PLANVER_CACHE_DIR").is_some());
/// }
/// ```
pub fn default_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var("PLANVER_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = var("XDG_CACHE_HOME").filter(|d| Path::new(d).is_absolute()) {
        return Some(PathBuf::from(dir).join("planver"));
    }
    if let Some(home) = var("HOME") {
        return Some(PathBuf::from(home).join(".cache").join("planver"));
    }
    var("LOCALAPPDATA").map(|d| PathBuf::from(d).join("planver"))
}

impl Cache {
    /// Opens the cache of the bundle at `bundle` in the [`default_dir`].
    ///
    /// # Errors
    /// Only the errors of [`Bundle::load`] and [`Bundle::history_with`],
    /// when the history has to be built: a missing, stale or damaged cache
    /// file, or one that cannot be written, is never an error.
    ///
    /// # Example
    /// ```no_run
    /// # fn main() -> Result<(), planver::Error> {
    /// let history = planver::cache::Cache::open("fixtures/mintrud-2013-342", &Default::default())?
    ///     .history(&planver::cache::Scope::Item("10".into()))?;
    /// # Ok(()) }
    /// ```
    pub fn open(bundle: impl AsRef<Path>, options: &Options) -> Result<Cache, Error> {
        Cache::open_in(bundle, default_dir().as_deref(), options)
    }

    /// Opens the cache of the bundle at `bundle` in the folder `dir`
    /// (created when missing); with `None`, builds without caching.
    ///
    /// # Errors
    /// As [`Cache::open`].
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// let cache = planver::cache::Cache::open_in("fixtures/tomsk-2017-149", None, &Default::default())?;
    /// assert!(cache.file().is_none());
    /// # Ok(()) }
    /// ```
    pub fn open_in(
        bundle: impl AsRef<Path>,
        dir: Option<&Path>,
        options: &Options,
    ) -> Result<Cache, Error> {
        let bundle = bundle.as_ref().to_path_buf();
        let started = SystemTime::now();
        let place = dir.and_then(|dir| {
            let canonical = std::fs::canonicalize(&bundle).ok()?;
            Some((dir.join(file_name(&canonical)), canonical))
        });
        let (target, previous) = match place {
            None => (None, Previous::Missing),
            Some((file, canonical)) => {
                // One thread: on a busy machine a second one would mostly
                // wait to be scheduled.
                let inputs = Inputs::stat(&bundle);
                let opened = match inputs {
                    Some(_) => Reader::open(&file, &canonical),
                    None => Err(Previous::Missing),
                };
                let Some(inputs) = inputs else {
                    let (history, _) = build(&bundle, options, None)?;
                    return Ok(Cache {
                        bundle,
                        options: options.clone(),
                        target: None,
                        status: Status::Built {
                            previous: Previous::Missing,
                            written: Written::Unsupported,
                        },
                        state: State::Built(Box::new(history)),
                    });
                };
                let target = Target {
                    file,
                    canonical,
                    inputs,
                    started,
                };
                match opened {
                    Ok(reader) if reader.fingerprint == target.inputs.fingerprint => {
                        return Ok(Cache {
                            bundle,
                            options: options.clone(),
                            target: Some(target),
                            status: Status::Fresh,
                            state: State::Fresh(Box::new(reader)),
                        });
                    }
                    Ok(_) => (Some(target), Previous::Stale),
                    Err(previous) => (Some(target), previous),
                }
            }
        };
        let (history, written) = build(&bundle, options, target.as_ref())?;
        Ok(Cache {
            bundle,
            options: options.clone(),
            target,
            status: Status::Built { previous, written },
            state: State::Built(Box::new(history)),
        })
    }

    /// What the cache held, and whether it was written.
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// use planver::cache::{Cache, Status, Previous, Written};
    /// let cache = Cache::open_in("fixtures/tomsk-2017-149", None, &Default::default())?;
    /// assert_eq!(cache.status(), Status::Built { previous: Previous::Missing, written: Written::NoFolder });
    /// # Ok(()) }
    /// ```
    pub fn status(&self) -> Status {
        self.status
    }

    /// The cache file, when there is a cache folder.
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// # let dir = std::env::temp_dir().join(format!("planver-doc-file-{}", std::process::id()));
    /// let cache = planver::cache::Cache::open_in("fixtures/tomsk-2017-149", Some(&dir), &Default::default())?;
    /// assert!(cache.file().unwrap().starts_with(&dir));
    /// # let _ = std::fs::remove_dir_all(&dir);
    /// # Ok(()) }
    /// ```
    pub fn file(&self) -> Option<&Path> {
        self.target.as_ref().map(|t| t.file.as_path())
    }

    /// The history, narrowed to `scope` when it comes from the cache file
    /// (see the [module documentation](self)); the whole history when it
    /// was just built. A cache file found damaged while reading is
    /// replaced: the history is built from the bundle and written again.
    ///
    /// # Errors
    /// As [`Cache::open`], when the history has to be built.
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// use planver::cache::{Cache, Scope};
    /// # let dir = std::env::temp_dir().join(format!("planver-doc-hist-{}", std::process::id()));
    /// let bundle = "fixtures/mintrud-2013-342";
    /// # Cache::open_in(bundle, Some(&dir), &Default::default())?;
    /// let scope = Scope::Act { number: "587".into(), item: None };
    /// let history = Cache::open_in(bundle, Some(&dir), &Default::default())?.history(&scope)?;
    /// let (before, after) = history.act_revisions("587")?;
    /// let full = planver::Bundle::load(bundle)?.history()?;
    /// assert_eq!(history.diff(before, after), full.diff(before, after));
    /// # let _ = std::fs::remove_dir_all(&dir);
    /// # Ok(()) }
    /// ```
    pub fn history(self, scope: &Scope) -> Result<History, Error> {
        match self.state {
            State::Built(history) => Ok(*history),
            State::Fresh(reader) => match reader.load(scope, &self.bundle) {
                Ok(history) => Ok(history),
                Err(Corrupt) => Ok(build(&self.bundle, &self.options, self.target.as_ref())?.0),
            },
        }
    }
}

/// Builds the history from the bundle and writes the cache when it may.
fn build(
    bundle: &Path,
    options: &Options,
    target: Option<&Target>,
) -> Result<(History, Written), Error> {
    let history = Bundle::load(bundle)?.history_with(options)?;
    let Some(target) = target else {
        return Ok((history, Written::NoFolder));
    };
    let written = if !history.refusals().is_empty() {
        Written::Refusals
    } else if target.inputs.is_racy(target.started) {
        Written::Racy
    } else {
        match encode(
            &history,
            bundle,
            &target.canonical,
            target.inputs.fingerprint,
        ) {
            None => Written::Unsupported,
            Some(bytes) => match write_atomically(&target.file, &bytes) {
                Ok(()) => Written::Yes,
                Err(_) => Written::Failed,
            },
        }
    };
    Ok((history, written))
}

/// `<folder name>-<hash of the canonical path>.pvx`.
fn file_name(canonical: &Path) -> String {
    let name: String = canonical
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    format!(
        "{name}-{:016x}.pvx",
        hash(canonical.as_os_str().as_encoded_bytes())
    )
}

fn write_atomically(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = file.parent().unwrap_or(Path::new("."));
    if !dir.exists() {
        std::fs::create_dir_all(dir)?;
        // Backup tools skip folders tagged this way.
        let _ = std::fs::write(
            dir.join("CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n# planver's history index; safe to delete.\n",
        );
    }
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temp = dir.join(format!(
        ".{name}.{}.{nanos}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = File::create_new(&temp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| std::fs::rename(&temp, file));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    tidy(dir, file);
    result
}

/// At most this many index files are kept in a cache folder.
const KEEP: usize = 64;

/// Removes what crashed writers left (temporary files over an hour old),
/// and the index files written longest ago beyond [`KEEP`] (bundles that
/// moved or went away leave theirs behind). Runs only after a build, which
/// costs far more.
fn tidy(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    let mut indexes = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(modified) = entry.metadata().and_then(|m| m.modified()) else {
            continue;
        };
        match path.extension().and_then(|e| e.to_str()) {
            Some("tmp")
                if modified
                    .checked_add(Duration::from_secs(3600))
                    .is_some_and(|t| t < now) =>
            {
                let _ = std::fs::remove_file(&path);
            }
            Some("pvx") if path != keep => indexes.push((modified, path)),
            _ => {}
        }
    }
    if indexes.len() >= KEEP {
        indexes.sort();
        for (_, path) in &indexes[..indexes.len() + 1 - KEEP] {
            let _ = std::fs::remove_file(path);
        }
    }
}

// ---------------------------------------------------------------------------
// The fingerprint of the inputs.

#[derive(Debug, Clone)]
struct Inputs {
    fingerprint: u64,
    newest: SystemTime,
}

impl Inputs {
    /// Stats `plan.json`, `expectations.json` and every entry of
    /// `amendments/`. `None` when something cannot be read: the build will
    /// say what.
    fn stat(bundle: &Path) -> Option<Inputs> {
        let mut e = Enc::default();
        e.bytes(b"planver inputs");
        e.u32(FORMAT);
        e.str(env!("CARGO_PKG_VERSION"));
        e.u64(executable_id());
        let mut newest = UNIX_EPOCH;
        let mut add = |e: &mut Enc, m: &std::fs::Metadata| {
            let modified = m.modified().unwrap_or(UNIX_EPOCH);
            newest = newest.max(modified);
            stat_bytes(e, m, modified);
        };
        add(&mut e, &std::fs::metadata(bundle.join("plan.json")).ok()?);
        match std::fs::metadata(bundle.join("expectations.json")) {
            Ok(m) => {
                e.u8(1);
                add(&mut e, &m);
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => e.u8(0),
            Err(_) => return None,
        }
        let amendments = bundle.join("amendments");
        match std::fs::read_dir(&amendments) {
            Ok(entries) => {
                e.u8(1);
                let entries: Vec<std::fs::DirEntry> = entries.collect::<Result<_, _>>().ok()?;
                let mut files = stat_entries(&entries)?;
                files.sort_by(|a, b| a.0.cmp(&b.0));
                e.usize(files.len());
                for (name, meta) in &files {
                    e.bytes(name.as_encoded_bytes());
                    add(&mut e, meta);
                }
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => e.u8(0),
            Err(_) => return None,
        }
        Some(Inputs {
            fingerprint: hash(&e.0),
            newest,
        })
    }

    fn is_racy(&self, started: SystemTime) -> bool {
        // A time too far ahead to add to is racy too.
        self.newest.checked_add(RACY).is_none_or(|t| t > started)
    }
}

type Stat = (std::ffi::OsString, std::fs::Metadata);

/// The metadata of directory entries (of their targets, for symbolic
/// links). Relative to the open folder: no path is walked again.
fn stat_entries(entries: &[std::fs::DirEntry]) -> Option<Vec<Stat>> {
    entries
        .iter()
        .map(|entry| {
            let symlink = entry.file_type().ok()?.is_symlink();
            let meta = if symlink {
                std::fs::metadata(entry.path()).ok()?
            } else {
                entry.metadata().ok()?
            };
            Some((entry.file_name(), meta))
        })
        .collect()
}

fn stat_bytes(e: &mut Enc, m: &std::fs::Metadata, modified: SystemTime) {
    e.u64(m.len());
    let since = |t: SystemTime| match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs(), d.subsec_nanos()),
        Err(before) => (
            u64::MAX - before.duration().as_secs(),
            before.duration().subsec_nanos(),
        ),
    };
    let (secs, nanos) = since(modified);
    e.u64(secs);
    e.u32(nanos);
    e.u8(u8::from(m.is_dir()) | (u8::from(m.is_file()) << 1));
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        e.u64(m.ino());
        e.u64(m.dev());
        e.u64(m.ctime() as u64);
        e.u64(m.ctime_nsec() as u64);
        e.u32(m.mode());
    }
}

/// The running executable's path, size and modification time: a planver
/// rebuilt with other code reads no index the previous build wrote.
fn executable_id() -> u64 {
    static ID: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *ID.get_or_init(|| {
        let mut e = Enc::default();
        if let Ok(exe) = std::env::current_exe() {
            e.bytes(exe.as_os_str().as_encoded_bytes());
            if let Ok(m) = std::fs::metadata(&exe) {
                let modified = m.modified().unwrap_or(UNIX_EPOCH);
                stat_bytes(&mut e, &m, modified);
            }
        }
        hash(&e.0)
    })
}

// ---------------------------------------------------------------------------
// Checksums.

/// A fast 64-bit hash for detecting damage (not an adversary): a word at a
/// time, each step a bijection of the state, so that any change confined
/// to one word always changes the result.
fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h: u64 = 0x243f_6a88_85a3_08d3 ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(K);
        h ^= h >> 29;
    }
    let rest = chunks.remainder();
    let mut word = [0u8; 8];
    word[..rest.len()].copy_from_slice(rest);
    h = (h ^ u64::from_le_bytes(word)).wrapping_mul(K);
    finish(h)
}

/// The splitmix64 finaliser.
fn finish(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The checksum of a record and the extra number its table entry carries.
fn record_check(record: &[u8], extra: u32) -> u64 {
    hash(record) ^ finish(u64::from(extra) + 1)
}

// ---------------------------------------------------------------------------
// Encoding.

#[derive(Default)]
struct Enc(Vec<u8>);

impl Enc {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }

    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    /// LEB128.
    fn var(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn usize(&mut self, v: usize) {
        self.var(v as u64);
    }

    fn bytes(&mut self, b: &[u8]) {
        self.usize(b.len());
        self.0.extend_from_slice(b);
    }

    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }

    fn bool(&mut self, b: bool) {
        self.u8(u8::from(b));
    }

    /// 0 for none, 1 for no clause, 2 + days for a publication not given.
    fn assumption(&mut self, a: Option<EffectiveAssumption>) {
        self.var(match a {
            None => 0,
            Some(EffectiveAssumption::NoClause) => 1,
            Some(EffectiveAssumption::PublicationUnknown { days_after }) => {
                2 + u64::from(days_after)
            }
        });
    }

    fn date(&mut self, d: NaiveDate) {
        let days = i64::from(chrono::Datelike::num_days_from_ce(&d));
        self.var(((days << 1) ^ (days >> 63)) as u64);
    }

    fn source(&mut self, s: Source) {
        self.usize(s.act);
        self.var(s.operation.map_or(0, |o| o as u64 + 1));
    }
}

struct Dec<'a> {
    b: &'a [u8],
}

impl<'a> Dec<'a> {
    fn new(b: &'a [u8]) -> Dec<'a> {
        Dec { b }
    }

    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        if n > self.b.len() {
            return Err(Corrupt);
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(head)
    }

    fn u8(&mut self) -> R<u8> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> R<u32> {
        let mut w = [0u8; 4];
        w.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(w))
    }

    fn u64(&mut self) -> R<u64> {
        let mut w = [0u8; 8];
        w.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(w))
    }

    fn var(&mut self) -> R<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                return Err(Corrupt);
            }
            v |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Corrupt)
    }

    fn usize(&mut self) -> R<usize> {
        usize::try_from(self.var()?).map_err(|_| Corrupt)
    }

    fn u32v(&mut self) -> R<u32> {
        u32::try_from(self.var()?).map_err(|_| Corrupt)
    }

    /// A count of things each at least one byte long: never more than the
    /// bytes left, so that damage cannot ask for a huge allocation.
    fn count(&mut self) -> R<usize> {
        let n = self.usize()?;
        if n > self.b.len() {
            return Err(Corrupt);
        }
        Ok(n)
    }

    /// An index below `bound`.
    fn index(&mut self, bound: usize) -> R<usize> {
        let i = self.usize()?;
        if i < bound { Ok(i) } else { Err(Corrupt) }
    }

    fn bytes(&mut self) -> R<&'a [u8]> {
        let n = self.usize()?;
        self.take(n)
    }

    fn str(&mut self) -> R<&'a str> {
        std::str::from_utf8(self.bytes()?).map_err(|_| Corrupt)
    }

    fn string(&mut self) -> R<String> {
        Ok(self.str()?.to_string())
    }

    fn opt_string(&mut self) -> R<Option<String>> {
        match self.u8()? {
            0 => Ok(None),
            1 => Ok(Some(self.string()?)),
            _ => Err(Corrupt),
        }
    }

    fn bool(&mut self) -> R<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Corrupt),
        }
    }

    fn assumption(&mut self) -> R<Option<EffectiveAssumption>> {
        Ok(match self.var()? {
            0 => None,
            1 => Some(EffectiveAssumption::NoClause),
            n => Some(EffectiveAssumption::PublicationUnknown {
                days_after: u32::try_from(n - 2).map_err(|_| Corrupt)?,
            }),
        })
    }

    fn date(&mut self) -> R<NaiveDate> {
        let z = self.var()?;
        let days = ((z >> 1) as i64) ^ -((z & 1) as i64);
        i32::try_from(days)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .ok_or(Corrupt)
    }

    fn source(&mut self, acts: usize) -> R<Source> {
        let act = self.index(acts)?;
        let operation = match self.usize()? {
            0 => None,
            n => Some(n - 1),
        };
        Ok(Source { act, operation })
    }

    fn end(&self) -> R<()> {
        if self.b.is_empty() {
            Ok(())
        } else {
            Err(Corrupt)
        }
    }
}

// ---------------------------------------------------------------------------
// The metadata section.

/// Everything every question needs: small, read whole.
#[derive(Debug)]
struct Meta {
    title: String,
    columns: Vec<Column>,
    /// The acts, without their files: those are made from the bundle path
    /// given when a history is made, out of `paths`.
    acts: Vec<ActEntry>,
    paths: Vec<ActPath>,
    revisions: Vec<RevisionInfo>,
    slots: usize,
}

/// The sections and footnotes in force from each revision that changed
/// them: read by whole-plan questions and diffs only.
type Layout = (
    Vec<(u32, Vec<SectionVersion>)>,
    Vec<(u32, Vec<FootnoteVersion>)>,
);

fn kind_code(kind: ActKind) -> u8 {
    match kind {
        ActKind::Prikaz => 0,
        ActKind::Rasporyazhenie => 1,
        ActKind::Postanovlenie => 2,
        ActKind::Ukaz => 3,
        ActKind::Reshenie => 4,
        ActKind::Zakon => 5,
    }
}

fn kind_of(code: u8) -> R<ActKind> {
    Ok(match code {
        0 => ActKind::Prikaz,
        1 => ActKind::Rasporyazhenie,
        2 => ActKind::Postanovlenie,
        3 => ActKind::Ukaz,
        4 => ActKind::Reshenie,
        5 => ActKind::Zakon,
        _ => return Err(Corrupt),
    })
}

/// How an act's file is recorded: relative to the bundle, so that the
/// paths come out as `Bundle::load` makes them from the path given now.
#[derive(Debug)]
enum ActPath {
    None,
    Plan,
    Amendment(String),
}

fn act_path(path: Option<&Path>, bundle: &Path) -> Option<ActPath> {
    let Some(path) = path else {
        return Some(ActPath::None);
    };
    if path == bundle.join("plan.json") {
        return Some(ActPath::Plan);
    }
    let name = path.file_name()?.to_str()?;
    (path == bundle.join("amendments").join(name)).then(|| ActPath::Amendment(name.to_string()))
}

fn encode_meta(h: &History, paths: &[ActPath]) -> Vec<u8> {
    let mut e = Enc::default();
    e.str(&h.title);
    e.usize(h.columns.len());
    for c in &h.columns {
        e.str(&c.id);
        e.str(&c.title);
        e.bool(c.reconstructed);
    }
    // Issuers and titles repeat from act to act: each is stored once.
    let mut strings = Strings::default();
    let refs: Vec<(usize, Option<usize>)> = h
        .acts
        .iter()
        .map(|a| {
            (
                strings.intern(&a.act.issuer),
                a.act.title.as_deref().map(|t| strings.intern(t)),
            )
        })
        .collect();
    e.usize(strings.list.len());
    for s in &strings.list {
        e.str(s);
    }
    e.usize(h.acts.len());
    for ((a, path), (issuer, title)) in h.acts.iter().zip(paths).zip(refs) {
        e.u8(kind_code(a.act.kind));
        e.usize(issuer);
        e.str(&a.act.number);
        e.date(a.act.date);
        e.var(title.map_or(0, |t| t as u64 + 1));
        e.date(a.effective);
        e.assumption(a.effective_assumed);
        e.bool(a.is_base);
        match path {
            ActPath::None => e.u8(0),
            ActPath::Plan => e.u8(1),
            ActPath::Amendment(name) => {
                e.u8(2);
                e.str(name);
            }
        }
    }
    e.usize(h.revisions.len());
    for r in &h.revisions {
        e.date(r.from);
        match r.until {
            None => e.u8(0),
            Some(d) => {
                e.u8(1);
                e.date(d);
            }
        }
        e.usize(r.acts.len());
        for &a in &r.acts {
            e.usize(a);
        }
    }
    e.usize(h.items.len());
    e.0
}

/// Sections and footnotes, each distinct string stored once: a footnote
/// list is stored again whenever one footnote changes.
fn encode_layout(h: &History) -> Vec<u8> {
    let mut strings = Strings::default();
    let mut intern = |s| strings.intern(s);
    let mut body = Enc::default();
    body.usize(h.sections.len());
    for (rev, list) in &h.sections {
        body.var(u64::from(*rev));
        body.usize(list.len());
        for s in list {
            body.usize(intern(&s.id));
            body.usize(intern(&s.number));
            body.usize(intern(&s.title));
            body.source(s.source);
        }
    }
    body.usize(h.footnotes.len());
    for (rev, list) in &h.footnotes {
        body.var(u64::from(*rev));
        body.usize(list.len());
        for f in list {
            body.usize(intern(&f.number));
            body.usize(intern(&f.text));
            body.source(f.source);
            body.bool(f.reconstructed);
        }
    }
    let mut e = Enc::default();
    e.usize(strings.list.len());
    for s in &strings.list {
        e.str(s);
    }
    e.0.extend_from_slice(&body.0);
    e.0
}

/// Distinct strings, in order of first use.
#[derive(Default)]
struct Strings<'a> {
    list: Vec<&'a str>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Strings<'a> {
    fn intern(&mut self, s: &'a str) -> usize {
        *self.index.entry(s).or_insert_with(|| {
            self.list.push(s);
            self.list.len() - 1
        })
    }
}

fn decode_layout(b: &[u8], bounds: Bounds) -> R<Layout> {
    let mut d = Dec::new(b);
    let n = d.count()?;
    let mut strings: Vec<Arc<str>> = Vec::with_capacity(n);
    for _ in 0..n {
        strings.push(Arc::from(d.str()?));
    }
    let string =
        |d: &mut Dec<'_>| -> R<Arc<str>> { strings.get(d.usize()?).cloned().ok_or(Corrupt) };
    let n = d.count()?;
    let mut sections = Vec::with_capacity(n);
    for _ in 0..n {
        let rev = rev_index(&mut d, bounds.revisions)?;
        let k = d.count()?;
        let mut list = Vec::with_capacity(k);
        for _ in 0..k {
            list.push(SectionVersion {
                id: string(&mut d)?.to_string(),
                number: string(&mut d)?.to_string(),
                title: string(&mut d)?.to_string(),
                source: d.source(bounds.acts)?,
            });
        }
        sections.push((rev, list));
    }
    let n = d.count()?;
    let mut footnotes = Vec::with_capacity(n);
    for _ in 0..n {
        let rev = rev_index(&mut d, bounds.revisions)?;
        let k = d.count()?;
        let mut list = Vec::with_capacity(k);
        for _ in 0..k {
            list.push(FootnoteVersion {
                number: string(&mut d)?.to_string(),
                text: string(&mut d)?,
                source: d.source(bounds.acts)?,
                reconstructed: d.bool()?,
            });
        }
        footnotes.push((rev, list));
    }
    d.end()?;
    Ok((sections, footnotes))
}

fn decode_meta(b: &[u8]) -> R<Meta> {
    let mut d = Dec::new(b);
    let title = d.string()?;
    let n = d.count()?;
    let mut columns = Vec::with_capacity(n);
    for _ in 0..n {
        columns.push(Column {
            id: d.string()?,
            title: d.string()?,
            reconstructed: d.bool()?,
        });
    }
    if columns.is_empty() {
        return Err(Corrupt);
    }
    let n = d.count()?;
    let mut strings = Vec::with_capacity(n);
    for _ in 0..n {
        strings.push(d.str()?);
    }
    let n = d.count()?;
    let mut acts = Vec::with_capacity(n);
    let mut paths = Vec::with_capacity(n);
    for _ in 0..n {
        let kind = kind_of(d.u8()?)?;
        let issuer = strings.get(d.usize()?).ok_or(Corrupt)?.to_string();
        let number = d.string()?;
        let date = d.date()?;
        let title = match d.usize()? {
            0 => None,
            t => Some(strings.get(t - 1).ok_or(Corrupt)?.to_string()),
        };
        let effective = d.date()?;
        let effective_assumed = d.assumption()?;
        let is_base = d.bool()?;
        paths.push(match d.u8()? {
            0 => ActPath::None,
            1 => ActPath::Plan,
            2 => ActPath::Amendment(d.string()?),
            _ => return Err(Corrupt),
        });
        acts.push(ActEntry {
            act: Act {
                kind,
                issuer,
                number,
                date,
                title,
            },
            effective,
            effective_assumed,
            is_base,
            path: None,
        });
    }
    if acts.is_empty() {
        return Err(Corrupt);
    }
    let n = d.count()?;
    let mut revisions = Vec::with_capacity(n);
    for index in 0..n {
        let from = d.date()?;
        let until = match d.u8()? {
            0 => None,
            1 => Some(d.date()?),
            _ => return Err(Corrupt),
        };
        let k = d.count()?;
        let mut list = Vec::with_capacity(k);
        for _ in 0..k {
            list.push(d.index(acts.len())?);
        }
        revisions.push(RevisionInfo {
            index,
            from,
            until,
            acts: list,
        });
    }
    if revisions.is_empty() {
        return Err(Corrupt);
    }
    let slots = d.usize()?;
    if slots >= NONE as usize {
        return Err(Corrupt);
    }
    d.end()?;
    Ok(Meta {
        title,
        columns,
        acts,
        paths,
        revisions,
        slots,
    })
}

fn rev_index(d: &mut Dec<'_>, revisions: usize) -> R<u32> {
    let rev = d.u32v()?;
    if (rev as usize) < revisions {
        Ok(rev)
    } else {
        Err(Corrupt)
    }
}

// ---------------------------------------------------------------------------
// Item timelines.

/// What a timeline's references must stay below.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    columns: usize,
    acts: usize,
    revisions: usize,
    slots: usize,
}

fn encode_timeline(t: &Timeline) -> Vec<u8> {
    // Distinct cell texts, in order of first use: most versions change one
    // cell and keep the rest.
    let mut texts: Vec<&str> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (_, v) in &t.versions {
        for row in &v.rows {
            for c in &row.cells {
                index.entry(&c.text).or_insert_with(|| {
                    texts.push(&c.text);
                    texts.len() - 1
                });
            }
        }
    }
    let mut e = Enc::default();
    e.usize(texts.len());
    for text in &texts {
        e.str(text);
    }
    // Revisions first, so that a reader knows which versions it wants
    // before it reads them.
    e.usize(t.versions.len());
    for (rev, _) in &t.versions {
        e.var(u64::from(*rev));
    }
    let mut previous: Option<&ItemVersion> = None;
    for (_, v) in &t.versions {
        match previous {
            Some(p) if p.id == v.id => e.u8(0),
            _ => {
                e.u8(1);
                e.str(&v.id);
            }
        }
        match previous {
            Some(p) if p.number == v.number => e.u8(0),
            _ => {
                e.u8(1);
                e.str(&v.number);
            }
        }
        match (&v.section, previous) {
            (None, _) => e.u8(0),
            (Some(s), Some(p)) if p.section.as_ref() == Some(s) => e.u8(1),
            (Some(s), _) => {
                e.u8(2);
                e.str(s);
            }
        }
        match v.status {
            ItemStatus::InForce => e.u8(0),
            ItemStatus::Repealed { by, since } => {
                e.u8(1);
                e.source(by);
                e.date(since);
            }
            ItemStatus::Excluded { by, since } => {
                e.u8(2);
                e.source(by);
                e.date(since);
            }
        }
        e.usize(v.rows.len());
        for row in &v.rows {
            e.usize(row.cells.len());
            for c in &row.cells {
                e.usize(c.column);
                e.usize(index.get(&*c.text).copied().unwrap_or(0));
                e.source(c.source);
                e.bool(c.reconstructed);
            }
        }
        previous = Some(v);
    }
    e.usize(t.touches.len());
    for touch in &t.touches {
        e.var(u64::from(touch.rev));
        e.var(u64::from(touch.act));
        e.var(u64::from(touch.op));
    }
    e.0
}

/// Which versions of a timeline to keep: all, or those in force in two
/// revisions (and the touches between them), which is all a diff asks.
#[derive(Debug, Clone, Copy)]
enum Window {
    All,
    Between(u32, u32),
}

fn decode_timeline(b: &[u8], bounds: Bounds, window: Window) -> R<Timeline> {
    let mut d = Dec::new(b);
    let n = d.count()?;
    // Checked as UTF-8 only when used.
    let mut raw: Vec<&[u8]> = Vec::with_capacity(n);
    for _ in 0..n {
        raw.push(d.bytes()?);
    }
    // Texts become shared strings only when a kept version uses them.
    let mut texts: Vec<Option<Arc<str>>> = vec![None; n];
    let n = d.count()?;
    let mut revs = Vec::with_capacity(n);
    for _ in 0..n {
        let rev = rev_index(&mut d, bounds.revisions)?;
        if revs.last().is_some_and(|&last| last >= rev) {
            return Err(Corrupt);
        }
        revs.push(rev);
    }
    let in_force = |at: u32| revs.partition_point(|&r| r <= at).checked_sub(1);
    let keep = |i: usize| match window {
        Window::All => true,
        Window::Between(lo, hi) => in_force(lo) == Some(i) || in_force(hi) == Some(i),
    };
    let mut versions: Vec<(u32, Arc<ItemVersion>)> = Vec::with_capacity(n.min(8));
    let mut previous: Option<(Arc<str>, String, Option<String>)> = None;
    for (i, &rev) in revs.iter().enumerate() {
        let wanted = keep(i);
        let id = match (d.u8()?, &previous) {
            (0, Some(p)) => p.0.clone(),
            (1, _) => Arc::from(d.str()?),
            _ => return Err(Corrupt),
        };
        let number = match (d.u8()?, &previous) {
            (0, Some(p)) => p.1.clone(),
            (1, _) => d.string()?,
            _ => return Err(Corrupt),
        };
        let section = match (d.u8()?, &previous) {
            (0, _) => None,
            (1, Some(p)) if p.2.is_some() => p.2.clone(),
            (2, _) => Some(d.string()?),
            _ => return Err(Corrupt),
        };
        let status = match d.u8()? {
            0 => ItemStatus::InForce,
            1 => ItemStatus::Repealed {
                by: d.source(bounds.acts)?,
                since: d.date()?,
            },
            2 => ItemStatus::Excluded {
                by: d.source(bounds.acts)?,
                since: d.date()?,
            },
            _ => return Err(Corrupt),
        };
        let k = d.count()?;
        let mut rows = Vec::with_capacity(if wanted { k } else { 0 });
        for _ in 0..k {
            let m = d.count()?;
            let mut cells = Vec::with_capacity(if wanted { m } else { 0 });
            for _ in 0..m {
                let column = d.index(bounds.columns)?;
                let t = d.usize()?;
                let source = d.source(bounds.acts)?;
                let reconstructed = d.bool()?;
                let slot = texts.get_mut(t).ok_or(Corrupt)?;
                if !wanted {
                    continue;
                }
                let text = match slot {
                    Some(text) => text.clone(),
                    None => {
                        let text = std::str::from_utf8(raw[t]).map_err(|_| Corrupt)?;
                        slot.insert(Arc::from(text)).clone()
                    }
                };
                cells.push(CellVersion {
                    column,
                    text,
                    source,
                    reconstructed,
                });
            }
            if wanted {
                rows.push(RowVersion { cells });
            }
        }
        if wanted {
            previous = Some((id.clone(), number.clone(), section.clone()));
            versions.push((
                rev,
                Arc::new(ItemVersion {
                    id,
                    number,
                    section,
                    status,
                    rows,
                }),
            ));
        } else {
            previous = Some((id, number, section));
        }
    }
    let n = d.count()?;
    let mut touches = Vec::with_capacity(n.min(16));
    for _ in 0..n {
        let rev = rev_index(&mut d, bounds.revisions)?;
        let act = d.u32v()?;
        if act as usize >= bounds.acts {
            return Err(Corrupt);
        }
        let op = d.u32v()?;
        let inside = match window {
            Window::All => true,
            Window::Between(lo, hi) => rev > lo && rev <= hi,
        };
        if inside {
            touches.push(Touch { rev, act, op });
        }
    }
    d.end()?;
    Ok(Timeline { versions, touches })
}

/// A display number's entries: `(revision, slot)` pairs; slot `NONE` when
/// the number was given up.
fn encode_number(e: &mut Enc, number: &str, entries: &[(u32, u32)]) {
    e.str(number);
    e.usize(entries.len());
    for &(rev, slot) in entries {
        e.var(u64::from(rev));
        e.var(if slot == NONE { 0 } else { u64::from(slot) + 1 });
    }
}

type NumberEntries = Vec<(String, Vec<(u32, u32)>)>;

fn decode_bucket(b: &[u8], bounds: Bounds) -> R<NumberEntries> {
    let mut d = Dec::new(b);
    let n = d.count()?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let number = d.string()?;
        let k = d.count()?;
        let mut entries = Vec::with_capacity(k);
        for _ in 0..k {
            let rev = rev_index(&mut d, bounds.revisions)?;
            let slot = match d.usize()? {
                0 => NONE,
                s if s <= bounds.slots => (s - 1) as u32,
                _ => return Err(Corrupt),
            };
            entries.push((rev, slot));
        }
        out.push((number, entries));
    }
    d.end()?;
    Ok(out)
}

fn decode_changed(b: &[u8], bounds: Bounds) -> R<Vec<u32>> {
    let mut d = Dec::new(b);
    let n = d.count()?;
    let mut out = Vec::with_capacity(n);
    let mut previous = 0u64;
    for i in 0..n {
        let delta = d.var()?;
        let slot = if i == 0 {
            delta
        } else {
            previous.checked_add(delta).ok_or(Corrupt)?
        };
        if slot >= bounds.slots as u64 {
            return Err(Corrupt);
        }
        out.push(slot as u32);
        previous = slot;
    }
    d.end()?;
    Ok(out)
}

// ---------------------------------------------------------------------------
// Orders.

fn opt_usize(e: &mut Enc, v: Option<usize>) {
    e.var(v.map_or(0, |v| v as u64 + 1));
}

fn strings(e: &mut Enc, list: &[String]) {
    e.usize(list.len());
    for s in list {
        e.str(s);
    }
}

fn row(e: &mut Enc, row: &Row) {
    e.usize(row.len());
    for (column, cell) in row {
        e.str(column);
        e.str(&cell.text);
        e.bool(cell.reconstructed);
        e.opt_str(cell.note.as_deref());
    }
}

fn rows(e: &mut Enc, rows: &[Row]) {
    e.usize(rows.len());
    for r in rows {
        row(e, r);
    }
}

fn targets(e: &mut Enc, t: &Targets) {
    match t {
        Targets::All => e.u8(0),
        Targets::Items(items) => {
            e.u8(1);
            strings(e, items);
        }
        Targets::Footnote(mark) => {
            e.u8(2);
            e.str(mark);
        }
    }
}

fn occurrence(e: &mut Enc, o: Occurrence) {
    match o {
        Occurrence::All => e.u8(0),
        Occurrence::Single => e.u8(1),
        Occurrence::Nth(n) => {
            e.u8(2);
            e.usize(n);
        }
    }
}

/// An order, field by field: far quicker to read back than its JSON.
fn encode_order(order: &Order) -> Option<Vec<u8>> {
    let mut e = Enc::default();
    e.u8(kind_code(order.act.kind));
    e.str(&order.act.issuer);
    e.str(&order.act.number);
    e.date(order.act.date);
    e.opt_str(order.act.title.as_deref());
    match order.effective {
        None => e.u8(0),
        Some(d) => {
            e.u8(1);
            e.date(d);
        }
    }
    e.assumption(order.effective_assumed);
    e.opt_str(order.amends.as_deref());
    e.usize(order.operations.len());
    for op in &order.operations {
        encode_operation(&mut e, op)?;
    }
    Some(e.0)
}

fn encode_operation(e: &mut Enc, op: &Operation) -> Option<()> {
    use Operation::*;
    match op {
        ReplaceWords {
            point,
            items,
            column,
            row: r,
            paragraph,
            from,
            to,
            occurrence: o,
            substring,
        } => {
            e.u8(0);
            e.opt_str(point.as_deref());
            targets(e, items);
            e.opt_str(column.as_deref());
            opt_usize(e, *r);
            opt_usize(e, *paragraph);
            e.str(from);
            e.str(to);
            occurrence(e, *o);
            e.bool(*substring);
        }
        InsertWords {
            point,
            items,
            column,
            row: r,
            paragraph,
            anchor,
            words,
            occurrence: o,
            substring,
        } => {
            e.u8(1);
            e.opt_str(point.as_deref());
            targets(e, items);
            e.opt_str(column.as_deref());
            opt_usize(e, *r);
            opt_usize(e, *paragraph);
            match anchor {
                Anchor::After(w) => {
                    e.u8(0);
                    e.str(w);
                }
                Anchor::Before(w) => {
                    e.u8(1);
                    e.str(w);
                }
                Anchor::End => e.u8(2),
                Anchor::Start => e.u8(3),
            }
            e.str(words);
            occurrence(e, *o);
            e.bool(*substring);
        }
        DeleteWords {
            point,
            items,
            column,
            row: r,
            paragraph,
            words,
            occurrence: o,
            substring,
        } => {
            e.u8(2);
            e.opt_str(point.as_deref());
            targets(e, items);
            e.opt_str(column.as_deref());
            opt_usize(e, *r);
            opt_usize(e, *paragraph);
            e.str(words);
            occurrence(e, *o);
            e.bool(*substring);
        }
        RestateItem {
            point,
            item,
            rows: r,
        } => {
            e.u8(3);
            e.opt_str(point.as_deref());
            e.str(item);
            rows(e, r);
        }
        RestateCell {
            point,
            item,
            row: r,
            column,
            text,
        } => {
            e.u8(4);
            e.opt_str(point.as_deref());
            e.str(item);
            opt_usize(e, *r);
            e.str(column);
            e.str(text);
        }
        RestateRow {
            point,
            item,
            row: r,
            cells,
        } => {
            e.u8(5);
            e.opt_str(point.as_deref());
            e.str(item);
            e.usize(*r);
            row(e, cells);
        }
        AddRow {
            point,
            item,
            after_row,
            cells,
        } => {
            e.u8(6);
            e.opt_str(point.as_deref());
            e.str(item);
            opt_usize(e, *after_row);
            row(e, cells);
        }
        RemoveRow {
            point,
            item,
            row: r,
        } => {
            e.u8(7);
            e.opt_str(point.as_deref());
            e.str(item);
            e.usize(*r);
        }
        AddItem {
            point,
            number,
            id,
            position,
            rows: r,
        } => {
            e.u8(8);
            e.opt_str(point.as_deref());
            e.str(number);
            e.opt_str(id.as_deref());
            match position {
                Position::After(n) => {
                    e.u8(0);
                    e.str(n);
                }
                Position::EndOfSection(s) => {
                    e.u8(1);
                    e.str(s);
                }
                Position::End => e.u8(2),
                Position::Before(n) => {
                    e.u8(3);
                    e.str(n);
                }
            }
            rows(e, r);
        }
        AddSection {
            point,
            number,
            title,
            id,
            after,
            before,
        } => {
            e.u8(9);
            e.opt_str(point.as_deref());
            e.str(number);
            e.str(title);
            e.opt_str(id.as_deref());
            e.opt_str(after.as_deref());
            e.opt_str(before.as_deref());
        }
        RepealItem { point, item } => {
            e.u8(10);
            e.opt_str(point.as_deref());
            e.str(item);
        }
        ExcludeItem { point, item } => {
            e.u8(11);
            e.opt_str(point.as_deref());
            e.str(item);
        }
        Renumber { point, from, to } => {
            e.u8(12);
            e.opt_str(point.as_deref());
            strings(e, from);
            strings(e, to);
        }
        AddFootnote {
            point,
            number,
            text,
        } => {
            e.u8(13);
            e.opt_str(point.as_deref());
            e.str(number);
            e.str(text);
        }
        RestateFootnote {
            point,
            number,
            text,
        } => {
            e.u8(14);
            e.opt_str(point.as_deref());
            e.str(number);
            e.str(text);
        }
        RemoveFootnote { point, number } => {
            e.u8(15);
            e.opt_str(point.as_deref());
            e.str(number);
        }
        RestateParagraph {
            point,
            item,
            row: r,
            column,
            paragraph,
            text,
        } => {
            e.u8(16);
            e.opt_str(point.as_deref());
            e.str(item);
            opt_usize(e, *r);
            e.str(column);
            e.usize(*paragraph);
            e.str(text);
        }
        AddParagraph {
            point,
            item,
            row: r,
            column,
            after,
            text,
        } => {
            e.u8(17);
            e.opt_str(point.as_deref());
            e.str(item);
            opt_usize(e, *r);
            e.str(column);
            opt_usize(e, *after);
            e.str(text);
        }
        DeleteParagraph {
            point,
            item,
            row: r,
            column,
            paragraph,
        } => {
            e.u8(18);
            e.opt_str(point.as_deref());
            e.str(item);
            opt_usize(e, *r);
            e.str(column);
            e.usize(*paragraph);
        }
        RestateSection {
            point,
            section,
            title,
        } => {
            e.u8(19);
            e.opt_str(point.as_deref());
            e.str(section);
            e.str(title);
        }
        // An operation added after this codec: kept as JSON.
        #[allow(unreachable_patterns)]
        other => {
            e.u8(255);
            e.bytes(&serde_json::to_vec(other).ok()?);
        }
    }
    Some(())
}

impl Dec<'_> {
    fn opt_usize(&mut self) -> R<Option<usize>> {
        Ok(match self.usize()? {
            0 => None,
            n => Some(n - 1),
        })
    }

    fn strings(&mut self) -> R<Vec<String>> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.string()?);
        }
        Ok(out)
    }

    fn row(&mut self) -> R<Row> {
        let n = self.count()?;
        let mut row = Row::new();
        for _ in 0..n {
            let column = self.string()?;
            let cell = Cell {
                text: self.string()?,
                reconstructed: self.bool()?,
                note: self.opt_string()?,
            };
            row.insert(column, cell);
        }
        Ok(row)
    }

    fn rows(&mut self) -> R<Vec<Row>> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.row()?);
        }
        Ok(out)
    }

    fn targets(&mut self) -> R<Targets> {
        match self.u8()? {
            0 => Ok(Targets::All),
            1 => Ok(Targets::Items(self.strings()?)),
            2 => Ok(Targets::Footnote(self.string()?)),
            _ => Err(Corrupt),
        }
    }

    fn occurrence(&mut self) -> R<Occurrence> {
        match self.u8()? {
            0 => Ok(Occurrence::All),
            1 => Ok(Occurrence::Single),
            2 => Ok(Occurrence::Nth(self.usize()?)),
            _ => Err(Corrupt),
        }
    }

    fn operation(&mut self) -> R<Operation> {
        use Operation::*;
        let tag = self.u8()?;
        if tag == 255 {
            return serde_json::from_slice(self.bytes()?).map_err(|_| Corrupt);
        }
        let point = self.opt_string()?;
        Ok(match tag {
            0 => ReplaceWords {
                point,
                items: self.targets()?,
                column: self.opt_string()?,
                row: self.opt_usize()?,
                paragraph: self.opt_usize()?,
                from: self.string()?,
                to: self.string()?,
                occurrence: self.occurrence()?,
                substring: self.bool()?,
            },
            1 => InsertWords {
                point,
                items: self.targets()?,
                column: self.opt_string()?,
                row: self.opt_usize()?,
                paragraph: self.opt_usize()?,
                anchor: match self.u8()? {
                    0 => Anchor::After(self.string()?),
                    1 => Anchor::Before(self.string()?),
                    2 => Anchor::End,
                    3 => Anchor::Start,
                    _ => return Err(Corrupt),
                },
                words: self.string()?,
                occurrence: self.occurrence()?,
                substring: self.bool()?,
            },
            2 => DeleteWords {
                point,
                items: self.targets()?,
                column: self.opt_string()?,
                row: self.opt_usize()?,
                paragraph: self.opt_usize()?,
                words: self.string()?,
                occurrence: self.occurrence()?,
                substring: self.bool()?,
            },
            3 => RestateItem {
                point,
                item: self.string()?,
                rows: self.rows()?,
            },
            4 => RestateCell {
                point,
                item: self.string()?,
                row: self.opt_usize()?,
                column: self.string()?,
                text: self.string()?,
            },
            5 => RestateRow {
                point,
                item: self.string()?,
                row: self.usize()?,
                cells: self.row()?,
            },
            6 => AddRow {
                point,
                item: self.string()?,
                after_row: self.opt_usize()?,
                cells: self.row()?,
            },
            7 => RemoveRow {
                point,
                item: self.string()?,
                row: self.usize()?,
            },
            8 => AddItem {
                point,
                number: self.string()?,
                id: self.opt_string()?,
                position: match self.u8()? {
                    0 => Position::After(self.string()?),
                    1 => Position::EndOfSection(self.string()?),
                    2 => Position::End,
                    3 => Position::Before(self.string()?),
                    _ => return Err(Corrupt),
                },
                rows: self.rows()?,
            },
            9 => AddSection {
                point,
                number: self.string()?,
                title: self.string()?,
                id: self.opt_string()?,
                after: self.opt_string()?,
                before: self.opt_string()?,
            },
            10 => RepealItem {
                point,
                item: self.string()?,
            },
            11 => ExcludeItem {
                point,
                item: self.string()?,
            },
            12 => Renumber {
                point,
                from: self.strings()?,
                to: self.strings()?,
            },
            13 => AddFootnote {
                point,
                number: self.string()?,
                text: self.string()?,
            },
            14 => RestateFootnote {
                point,
                number: self.string()?,
                text: self.string()?,
            },
            15 => RemoveFootnote {
                point,
                number: self.string()?,
            },
            16 => RestateParagraph {
                point,
                item: self.string()?,
                row: self.opt_usize()?,
                column: self.string()?,
                paragraph: self.usize()?,
                text: self.string()?,
            },
            17 => AddParagraph {
                point,
                item: self.string()?,
                row: self.opt_usize()?,
                column: self.string()?,
                after: self.opt_usize()?,
                text: self.string()?,
            },
            18 => DeleteParagraph {
                point,
                item: self.string()?,
                row: self.opt_usize()?,
                column: self.string()?,
                paragraph: self.usize()?,
            },
            19 => RestateSection {
                point,
                section: self.string()?,
                title: self.string()?,
            },
            _ => return Err(Corrupt),
        })
    }
}

fn decode_order(b: &[u8]) -> R<Order> {
    let mut d = Dec::new(b);
    let act = Act {
        kind: kind_of(d.u8()?)?,
        issuer: d.string()?,
        number: d.string()?,
        date: d.date()?,
        title: d.opt_string()?,
    };
    let effective = match d.u8()? {
        0 => None,
        1 => Some(d.date()?),
        _ => return Err(Corrupt),
    };
    let effective_assumed = d.assumption()?;
    let amends = d.opt_string()?;
    let n = d.count()?;
    let mut operations = Vec::with_capacity(n);
    for _ in 0..n {
        operations.push(d.operation()?);
    }
    d.end()?;
    Ok(Order {
        act,
        effective,
        effective_assumed,
        amends,
        operations,
    })
}

// ---------------------------------------------------------------------------
// Writing a file.

/// A table of records and the blob they live in.
#[derive(Default)]
struct Records {
    table: Vec<u8>,
    blob: Vec<u8>,
}

impl Records {
    fn push(&mut self, record: &[u8], extra: u32) -> Option<()> {
        let offset = self.blob.len() as u64;
        let len = u32::try_from(record.len()).ok()?;
        self.table.extend_from_slice(&offset.to_le_bytes());
        self.table.extend_from_slice(&len.to_le_bytes());
        self.table.extend_from_slice(&extra.to_le_bytes());
        self.table
            .extend_from_slice(&record_check(record, extra).to_le_bytes());
        self.blob.extend_from_slice(record);
        Some(())
    }
}

fn bucket_of(number: &str, buckets: usize) -> usize {
    (hash(number.as_bytes()) as usize) & (buckets - 1)
}

/// The whole file, or `None` when the history cannot be recorded.
fn encode(h: &History, bundle: &Path, canonical: &Path, fingerprint: u64) -> Option<Vec<u8>> {
    let paths: Vec<ActPath> = h
        .acts
        .iter()
        .map(|a| act_path(a.path.as_deref(), bundle))
        .collect::<Option<_>>()?;
    if h.items.len() >= NONE as usize || h.orders.len() + 1 != h.acts.len() {
        return None;
    }
    let mut sections: Vec<Vec<u8>> = Vec::with_capacity(SECTIONS);
    sections.push(encode_meta(h, &paths));
    sections.push(encode_layout(h));

    let buckets = h.numbers.len().max(1).next_power_of_two();
    type Bucket<'a> = Vec<(&'a String, &'a Vec<(u32, u32)>)>;
    let mut by_bucket: Vec<Bucket<'_>> = vec![Vec::new(); buckets];
    for (number, entries) in &h.numbers {
        by_bucket[bucket_of(number, buckets)].push((number, entries));
    }
    let mut numbers = Records::default();
    for mut bucket in by_bucket {
        bucket.sort();
        let mut e = Enc::default();
        e.usize(bucket.len());
        for (number, entries) in bucket {
            encode_number(&mut e, number, entries);
        }
        numbers.push(&e.0, 0)?;
    }
    sections.push(numbers.table);
    sections.push(numbers.blob);

    let mut slots = Records::default();
    for (slot, timeline) in h.items.iter().enumerate() {
        slots.push(&encode_timeline(timeline), *h.rank.get(slot)?)?;
    }
    sections.push(slots.table);
    sections.push(slots.blob);

    let mut changed = Records::default();
    for list in &h.changed {
        let mut list = list.clone();
        list.sort_unstable();
        list.dedup();
        let mut e = Enc::default();
        e.usize(list.len());
        let mut previous = 0u32;
        for (i, &slot) in list.iter().enumerate() {
            // Sorted and unique: store the gaps.
            e.var(u64::from(if i == 0 { slot } else { slot - previous }));
            previous = slot;
        }
        changed.push(&e.0, 0)?;
    }
    sections.push(changed.table);
    sections.push(changed.blob);

    let mut order = Vec::with_capacity(h.order.len() * 4);
    for &slot in &h.order {
        order.extend_from_slice(&slot.to_le_bytes());
    }
    sections.push(order);

    let mut orders = Records::default();
    for order in &h.orders {
        orders.push(&encode_order(order)?, 0)?;
    }
    sections.push(orders.table);
    sections.push(orders.blob);

    // The header body has a fixed length for given strings, so offsets can
    // be computed before it is written.
    let header = |spans: &[(u64, u64, u64)], total: u64| {
        let mut e = Enc::default();
        e.str(env!("CARGO_PKG_VERSION"));
        e.bytes(canonical.as_os_str().as_encoded_bytes());
        e.u64(fingerprint);
        e.u64(total);
        e.u8(SECTIONS as u8);
        for &(offset, len, check) in spans {
            e.u64(offset);
            e.u64(len);
            e.u64(check);
        }
        e.0
    };
    let body_len = header(&[(0, 0, 0); SECTIONS], 0).len();
    let mut offset = (FIXED + body_len) as u64;
    let mut spans = Vec::with_capacity(SECTIONS);
    for s in &sections {
        spans.push((offset, s.len() as u64, hash(s)));
        offset += s.len() as u64;
    }
    let body = header(&spans, offset);
    let mut out = Vec::with_capacity(offset as usize);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&u32::try_from(body.len()).ok()?.to_le_bytes());
    out.extend_from_slice(&hash(&body).to_le_bytes());
    out.extend_from_slice(&[0u8; 8]);
    out.extend_from_slice(&body);
    for s in &sections {
        out.extend_from_slice(s);
    }
    Some(out)
}

// ---------------------------------------------------------------------------
// Reading a file.

#[derive(Debug, Clone, Copy, Default)]
struct Span {
    offset: u64,
    len: u64,
    check: u64,
}

/// One entry of a record table.
#[derive(Debug, Clone, Copy)]
struct Entry {
    offset: u64,
    len: u64,
    extra: u32,
    check: u64,
}

#[derive(Debug)]
struct Reader {
    file: File,
    spans: [Span; SECTIONS],
    /// The fingerprint of the inputs the file was made from.
    fingerprint: u64,
    bounds: Bounds,
    meta: Meta,
}

fn read_at(file: &File, offset: u64, len: u64) -> R<Vec<u8>> {
    let len = usize::try_from(len).map_err(|_| Corrupt)?;
    let mut buf = vec![0u8; len];
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(&mut buf, offset)?;
    }
    #[cfg(not(unix))]
    {
        use std::io::{Read, Seek, SeekFrom};
        let mut f = file;
        f.seek(SeekFrom::Start(offset))?;
        f.read_exact(&mut buf)?;
    }
    Ok(buf)
}

impl Reader {
    /// Opens and checks a cache file, all but the fingerprint of the
    /// inputs, which the caller compares.
    fn open(path: &Path, canonical: &Path) -> Result<Reader, Previous> {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Previous::Missing),
            Err(_) => return Err(Previous::Damaged),
        };
        let size = file.metadata().map_err(|_| Previous::Damaged)?.len();
        let fixed = read_at(&file, 0, FIXED as u64).map_err(|_| Previous::Damaged)?;
        let mut d = Dec::new(&fixed);
        let fixed_fields = (|| -> R<(u64, u32, u32, u64)> {
            let magic = d.u64()?;
            Ok((magic, d.u32()?, d.u32()?, d.u64()?))
        })()
        .map_err(|_| Previous::Damaged)?;
        let (magic, format, body_len, body_check) = fixed_fields;
        if magic.to_le_bytes() != MAGIC {
            return Err(Previous::Damaged);
        }
        if format != FORMAT {
            return Err(Previous::Stale);
        }
        if FIXED as u64 + u64::from(body_len) > size {
            return Err(Previous::Damaged);
        }
        let body =
            read_at(&file, FIXED as u64, u64::from(body_len)).map_err(|_| Previous::Damaged)?;
        if hash(&body) != body_check {
            return Err(Previous::Damaged);
        }
        let mut d = Dec::new(&body);
        let header = (|| -> R<_> {
            let version = d.str()?;
            let path = d.bytes()?;
            let stored_fingerprint = d.u64()?;
            let total = d.u64()?;
            if usize::from(d.u8()?) != SECTIONS {
                return Err(Corrupt);
            }
            let mut spans = [Span::default(); SECTIONS];
            for span in &mut spans {
                *span = Span {
                    offset: d.u64()?,
                    len: d.u64()?,
                    check: d.u64()?,
                };
            }
            d.end()?;
            Ok((
                version == env!("CARGO_PKG_VERSION"),
                path == canonical.as_os_str().as_encoded_bytes(),
                stored_fingerprint,
                total,
                spans,
            ))
        })()
        .map_err(|_| Previous::Damaged)?;
        let (same_version, same_path, stored_fingerprint, total, spans) = header;
        if total != size {
            return Err(Previous::Damaged);
        }
        if !same_version || !same_path {
            return Err(Previous::Stale);
        }
        let mut end = FIXED as u64 + u64::from(body_len);
        for span in &spans {
            if span.offset != end || span.len > size - span.offset {
                return Err(Previous::Damaged);
            }
            end = span.offset + span.len;
        }
        let span = spans[Sec::Meta as usize];
        let bytes = read_at(&file, span.offset, span.len).map_err(|_| Previous::Damaged)?;
        if hash(&bytes) != span.check {
            return Err(Previous::Damaged);
        }
        let meta = decode_meta(&bytes).map_err(|_| Previous::Damaged)?;
        let reader = Reader {
            file,
            spans,
            fingerprint: stored_fingerprint,
            bounds: Bounds {
                columns: meta.columns.len(),
                acts: meta.acts.len(),
                revisions: meta.revisions.len(),
                slots: meta.slots,
            },
            meta,
        };
        let tables = [
            (Sec::NumTable, None),
            (Sec::SlotTable, Some(reader.meta.slots)),
            (Sec::ChangedTable, Some(reader.meta.revisions.len())),
            (Sec::OrderTable, Some(reader.meta.acts.len() - 1)),
        ];
        for (table, count) in tables {
            let len = reader.spans[table as usize].len;
            let ok = len % ENTRY as u64 == 0
                && count.is_none_or(|c| len == (c * ENTRY) as u64)
                && (table != Sec::NumTable || (len / ENTRY as u64).is_power_of_two());
            if !ok {
                return Err(Previous::Damaged);
            }
        }
        if reader.spans[Sec::Order as usize].len != (reader.meta.slots * 4) as u64 {
            return Err(Previous::Damaged);
        }
        Ok(reader)
    }

    /// A whole section, checked.
    fn section(&self, sec: Sec) -> R<Vec<u8>> {
        let span = self.spans[sec as usize];
        let bytes = read_at(&self.file, span.offset, span.len)?;
        if hash(&bytes) == span.check {
            Ok(bytes)
        } else {
            Err(Corrupt)
        }
    }

    /// Entries `range` of a record table (checked with their records).
    fn entries(&self, table: Sec, range: std::ops::Range<usize>) -> R<Vec<Entry>> {
        let span = self.spans[table as usize];
        let count = (span.len / ENTRY as u64) as usize;
        if range.start > range.end || range.end > count {
            return Err(Corrupt);
        }
        let bytes = read_at(
            &self.file,
            span.offset + (range.start * ENTRY) as u64,
            ((range.end - range.start) * ENTRY) as u64,
        )?;
        let mut d = Dec::new(&bytes);
        let mut out = Vec::with_capacity(range.end - range.start);
        for _ in range {
            out.push(Entry {
                offset: d.u64()?,
                len: u64::from(d.u32()?),
                extra: d.u32()?,
                check: d.u64()?,
            });
        }
        Ok(out)
    }

    /// The records of `entries` in `blob`, checked, in the order given.
    fn records(&self, blob: Sec, entries: &[Entry]) -> R<Vec<Vec<u8>>> {
        let mut out: Vec<Vec<u8>> = vec![Vec::new(); entries.len()];
        self.each_record(blob, entries, |k, record| {
            out[k] = record.to_vec();
            Ok(())
        })?;
        Ok(out)
    }

    /// Calls `f(index into entries, record)` for each record, checked, in
    /// file order. Records close to each other are read together.
    fn each_record(
        &self,
        blob: Sec,
        entries: &[Entry],
        mut f: impl FnMut(usize, &[u8]) -> R<()>,
    ) -> R<()> {
        let span = self.spans[blob as usize];
        for e in entries {
            if e.offset > span.len || e.len > span.len - e.offset {
                return Err(Corrupt);
            }
        }
        let mut by_offset: Vec<usize> = (0..entries.len()).collect();
        by_offset.sort_by_key(|&i| entries[i].offset);
        let mut i = 0;
        while i < by_offset.len() {
            let start = entries[by_offset[i]].offset;
            let mut end = start + entries[by_offset[i]].len;
            let mut j = i + 1;
            while j < by_offset.len() && entries[by_offset[j]].offset <= end + GAP {
                end = end.max(entries[by_offset[j]].offset + entries[by_offset[j]].len);
                j += 1;
            }
            let chunk = read_at(&self.file, span.offset + start, end - start)?;
            for &k in &by_offset[i..j] {
                let e = entries[k];
                let from = (e.offset - start) as usize;
                let record = &chunk[from..from + e.len as usize];
                if record_check(record, e.extra) != e.check {
                    return Err(Corrupt);
                }
                f(k, record)?;
            }
            i = j;
        }
        Ok(())
    }

    /// The entries of these display numbers (those that exist).
    fn numbers(&self, wanted: &[&str]) -> R<HashMap<String, Vec<(u32, u32)>>> {
        let buckets = (self.spans[Sec::NumTable as usize].len / ENTRY as u64) as usize;
        let mut out = HashMap::new();
        for number in wanted {
            let b = bucket_of(number, buckets);
            let entries = self.entries(Sec::NumTable, b..b + 1)?;
            let records = self.records(Sec::NumBlob, &entries)?;
            for record in &records {
                for (n, list) in decode_bucket(record, self.bounds)? {
                    if n == *number {
                        out.insert(n, list);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Timelines of these slots, with their ranks.
    fn timelines(
        &self,
        slots: &BTreeSet<u32>,
        window: Window,
    ) -> R<BTreeMap<u32, (u32, Timeline)>> {
        // Read runs of neighbouring entries with one call each.
        let list: Vec<u32> = slots.iter().copied().collect();
        let mut entries = Vec::with_capacity(list.len());
        let mut i = 0;
        while i < list.len() {
            let mut j = i + 1;
            while j < list.len() && list[j] - list[j - 1] < 64 {
                j += 1;
            }
            let run = self.entries(Sec::SlotTable, list[i] as usize..list[j - 1] as usize + 1)?;
            for &slot in &list[i..j] {
                entries.push(run[(slot - list[i]) as usize]);
            }
            i = j;
        }
        let bounds = self.bounds;
        let mut out = BTreeMap::new();
        self.each_record(Sec::SlotBlob, &entries, |k, record| {
            let entry = entries[k];
            if entry.extra as usize >= bounds.slots {
                return Err(Corrupt);
            }
            out.insert(
                list[k],
                (entry.extra, decode_timeline(record, bounds, window)?),
            );
            Ok(())
        })?;
        Ok(out)
    }

    /// The orders of these acts (1-based act indices).
    fn orders(&self, acts: &BTreeSet<usize>) -> R<BTreeMap<usize, Order>> {
        let list: Vec<usize> = acts.iter().copied().filter(|&a| a >= 1).collect();
        // Runs of neighbouring entries are read with one call each.
        let mut entries = Vec::with_capacity(list.len());
        let mut i = 0;
        while i < list.len() {
            let mut j = i + 1;
            while j < list.len() && list[j] - list[j - 1] < 64 {
                j += 1;
            }
            let run = self.entries(Sec::OrderTable, list[i] - 1..list[j - 1])?;
            for &act in &list[i..j] {
                entries.push(run[act - list[i]]);
            }
            i = j;
        }
        let records = self.records(Sec::OrderBlob, &entries)?;
        let mut out = BTreeMap::new();
        for (act, record) in list.into_iter().zip(records) {
            out.insert(act, decode_order(&record)?);
        }
        Ok(out)
    }

    /// The history `scope` asks for.
    fn load(self, scope: &Scope, bundle: &Path) -> R<History> {
        let (reader, mut history) = self.skeleton(bundle);
        match scope {
            Scope::All => reader.fill_all(&mut history)?,
            Scope::Item(number) => {
                let numbers = reader.numbers(&[number])?;
                let slots = slots_of(&numbers);
                let timelines = reader.timelines(&slots, Window::All)?;
                // The orders behind the item's wording, status and touches.
                let mut acts = BTreeSet::new();
                for (_, t) in timelines.values() {
                    acts.extend(t.touches.iter().map(|t| t.act as usize));
                    for (_, v) in &t.versions {
                        if let ItemStatus::Repealed { by, .. } | ItemStatus::Excluded { by, .. } =
                            v.status
                        {
                            acts.insert(by.act);
                        }
                        acts.extend(v.cells().map(|(_, c)| c.source.act));
                    }
                }
                let parts = Parts {
                    timelines,
                    numbers,
                    changed: Vec::new(),
                    orders: reader.orders(&acts)?,
                    layout: None,
                };
                fill(&mut history, parts);
            }
            Scope::Between { from, to, item } => {
                // When a date is out of range, the same question of the
                // full history fails the same way: the skeleton will do.
                if let (Ok(a), Ok(b)) = (
                    history.revision_index_at(*from),
                    history.revision_index_at(*to),
                ) {
                    let parts = reader.diff_parts(&history, a, b, item.as_deref())?;
                    fill(&mut history, parts);
                }
            }
            Scope::Act { number, item } => {
                if let Ok((a, b)) = history.act_revisions(number) {
                    let parts = reader.diff_parts(&history, a, b, item.as_deref())?;
                    fill(&mut history, parts);
                }
            }
        }
        Ok(history)
    }

    /// A history with the metadata and no items; orders have their act
    /// and no operations.
    fn skeleton(mut self, bundle: &Path) -> (Reader, History) {
        let meta = std::mem::replace(
            &mut self.meta,
            Meta {
                title: String::new(),
                columns: Vec::new(),
                acts: Vec::new(),
                paths: Vec::new(),
                revisions: Vec::new(),
                slots: 0,
            },
        );
        let amendments = bundle.join("amendments");
        let acts: Vec<ActEntry> = meta
            .acts
            .into_iter()
            .zip(meta.paths)
            .map(|(a, path)| ActEntry {
                path: match path {
                    ActPath::None => None,
                    ActPath::Plan => Some(bundle.join("plan.json")),
                    ActPath::Amendment(name) => Some(amendments.join(name)),
                },
                ..a
            })
            .collect();
        let orders = acts
            .iter()
            .skip(1)
            .map(|entry| Order {
                act: entry.act.clone(),
                effective: (entry.effective != entry.act.date).then_some(entry.effective),
                effective_assumed: entry.effective_assumed,
                amends: None,
                operations: Vec::new(),
            })
            .collect();
        let revisions = meta.revisions.len();
        let history = History {
            title: meta.title,
            columns: meta.columns,
            acts,
            orders,
            revisions: meta.revisions,
            items: Vec::new(),
            order: Vec::new(),
            numbers: HashMap::new(),
            sections: Vec::new(),
            footnotes: Vec::new(),
            refusals: Vec::new(),
            changed: vec![Vec::new(); revisions],
            rank: Vec::new(),
        };
        (self, history)
    }

    /// What comparing revisions `from` and `to` needs: the items changed
    /// in between (or the items with one number), the item listed before
    /// each item that appears, and the orders in between.
    fn diff_parts(
        &self,
        history: &History,
        from: usize,
        to: usize,
        item: Option<&str>,
    ) -> R<Parts> {
        let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
        let mut changed = Vec::new();
        let (numbers, slots) = match item {
            Some(number) => {
                let numbers = self.numbers(&[number])?;
                let slots = slots_of(&numbers);
                (numbers, slots)
            }
            None => {
                let entries = self.entries(Sec::ChangedTable, lo + 1..hi + 1)?;
                let records = self.records(Sec::ChangedBlob, &entries)?;
                let mut slots = BTreeSet::new();
                for (rev, record) in (lo + 1..=hi).zip(&records) {
                    let list = decode_changed(record, self.bounds)?;
                    slots.extend(list.iter().copied());
                    changed.push((rev, list));
                }
                (HashMap::new(), slots)
            }
        };
        let window = Window::Between(lo as u32, hi as u32);
        let mut timelines = self.timelines(&slots, window)?;
        // An item that appears in `to` is placed after the item listed
        // before it: walk back through the document order to it.
        let visible = |t: &Timeline, rev: usize| {
            version_at(t, rev as u32)
                .is_some_and(|v| !matches!(v.status, ItemStatus::Excluded { .. }))
        };
        let appearing: Vec<u32> = timelines
            .iter()
            .filter(|(_, (_, t))| visible(t, to) && !visible(t, from))
            .map(|(_, (rank, _))| *rank)
            .collect();
        if !appearing.is_empty() {
            let order = self.section(Sec::Order)?;
            let slot_at = |position: usize| -> R<u32> {
                let mut w = [0u8; 4];
                w.copy_from_slice(order.get(position * 4..position * 4 + 4).ok_or(Corrupt)?);
                let slot = u32::from_le_bytes(w);
                if (slot as usize) < self.bounds.slots {
                    Ok(slot)
                } else {
                    Err(Corrupt)
                }
            };
            // All walks step together, so that each step is one batch of reads.
            let mut walkers: Vec<usize> = appearing.iter().map(|&r| r as usize).collect();
            while !walkers.is_empty() {
                let mut steps = Vec::with_capacity(walkers.len());
                let mut wanted = BTreeSet::new();
                for position in walkers.into_iter().filter(|&p| p > 0) {
                    let slot = slot_at(position - 1)?;
                    if !timelines.contains_key(&slot) {
                        wanted.insert(slot);
                    }
                    steps.push((position - 1, slot));
                }
                timelines.extend(self.timelines(&wanted, window)?);
                walkers = steps
                    .into_iter()
                    .filter(|(_, slot)| !timelines.get(slot).is_some_and(|(_, t)| visible(t, to)))
                    .map(|(position, _)| position)
                    .collect();
            }
        }
        let acts: BTreeSet<usize> = history.revisions[lo + 1..=hi]
            .iter()
            .flat_map(|r| r.acts.iter().copied())
            .collect();
        Ok(Parts {
            timelines,
            numbers,
            changed,
            orders: self.orders(&acts)?,
            layout: Some(self.layout()?),
        })
    }

    fn layout(&self) -> R<Layout> {
        decode_layout(&self.section(Sec::Layout)?, self.bounds)
    }

    /// Everything.
    fn fill_all(&self, history: &mut History) -> R<()> {
        let bounds = self.bounds;
        let slots = bounds.slots;
        let all_slots: BTreeSet<u32> = (0..slots as u32).collect();
        let timelines = self.timelines(&all_slots, Window::All)?;
        let mut items = Vec::with_capacity(slots);
        let mut rank = Vec::with_capacity(slots);
        for (_, (r, t)) in timelines {
            rank.push(r);
            items.push(t);
        }
        let bucket_count = (self.spans[Sec::NumTable as usize].len / ENTRY as u64) as usize;
        let entries = self.entries(Sec::NumTable, 0..bucket_count)?;
        let mut numbers = HashMap::new();
        for record in self.records(Sec::NumBlob, &entries)? {
            numbers.extend(decode_bucket(&record, bounds)?);
        }
        let entries = self.entries(Sec::ChangedTable, 0..bounds.revisions)?;
        let mut changed = Vec::with_capacity(bounds.revisions);
        for record in self.records(Sec::ChangedBlob, &entries)? {
            changed.push(decode_changed(&record, bounds)?);
        }
        let order_bytes = self.section(Sec::Order)?;
        let mut order = Vec::with_capacity(slots);
        let mut seen = vec![false; slots];
        for chunk in order_bytes.chunks_exact(4) {
            let mut w = [0u8; 4];
            w.copy_from_slice(chunk);
            let slot = u32::from_le_bytes(w);
            let s = seen.get_mut(slot as usize).ok_or(Corrupt)?;
            if std::mem::replace(s, true) || rank.get(slot as usize) != Some(&(order.len() as u32))
            {
                return Err(Corrupt);
            }
            order.push(slot);
        }
        let all_acts: BTreeSet<usize> = (1..bounds.acts).collect();
        let orders: Vec<Order> = self.orders(&all_acts)?.into_values().collect();
        let (sections, footnotes) = self.layout()?;
        history.items = items;
        history.order = order;
        history.rank = rank;
        history.numbers = numbers;
        history.changed = changed;
        history.orders = orders;
        history.sections = sections;
        history.footnotes = footnotes;
        Ok(())
    }
}

/// The slots a number's entries name.
fn slots_of(numbers: &HashMap<String, Vec<(u32, u32)>>) -> BTreeSet<u32> {
    numbers
        .values()
        .flatten()
        .map(|&(_, s)| s)
        .filter(|&s| s != NONE)
        .collect()
}

/// Puts the loaded slots (renumbered in document order), the numbers and
/// change lists that name them, and the loaded orders into a skeleton.
fn fill(history: &mut History, parts: Parts) {
    let Parts {
        timelines,
        numbers,
        changed,
        orders,
        layout,
    } = parts;
    let mut by_rank: Vec<(u32, u32, Timeline)> = timelines
        .into_iter()
        .map(|(slot, (rank, t))| (rank, slot, t))
        .collect();
    by_rank.sort_by_key(|(rank, _, _)| *rank);
    let local: HashMap<u32, u32> = by_rank
        .iter()
        .enumerate()
        .map(|(i, (_, slot, _))| (*slot, i as u32))
        .collect();
    let map = |slot: u32| {
        if slot == NONE {
            Some(NONE)
        } else {
            local.get(&slot).copied()
        }
    };
    history.numbers = numbers
        .into_iter()
        .filter_map(|(number, entries)| {
            let entries: Option<Vec<(u32, u32)>> = entries
                .into_iter()
                .map(|(rev, slot)| map(slot).map(|s| (rev, s)))
                .collect();
            entries.map(|e| (number, e))
        })
        .collect();
    for (rev, list) in changed {
        if let Some(target) = history.changed.get_mut(rev) {
            *target = list
                .into_iter()
                .filter_map(|s| local.get(&s).copied())
                .collect();
        }
    }
    let count = by_rank.len() as u32;
    history.items = by_rank.into_iter().map(|(_, _, t)| t).collect();
    history.order = (0..count).collect();
    history.rank = (0..count).collect();
    for (act, order) in orders {
        if let Some(target) = act.checked_sub(1).and_then(|i| history.orders.get_mut(i)) {
            *target = order;
        }
    }
    if let Some((sections, footnotes)) = layout {
        history.sections = sections;
        history.footnotes = footnotes;
    }
}

/// What a narrowed history is made of.
#[derive(Default)]
struct Parts {
    /// Slot → (rank, timeline).
    timelines: BTreeMap<u32, (u32, Timeline)>,
    numbers: HashMap<String, Vec<(u32, u32)>>,
    /// (revision, slots changed).
    changed: Vec<(usize, Vec<u32>)>,
    /// Act index → order.
    orders: BTreeMap<usize, Order>,
    /// Sections and footnotes; none when the scope needs none.
    layout: Option<Layout>,
}

fn version_at(t: &Timeline, rev: u32) -> Option<&Arc<ItemVersion>> {
    match t.versions.partition_point(|(r, _)| *r <= rev) {
        0 => None,
        n => Some(&t.versions[n - 1].1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_dates_round_trip() {
        let mut e = Enc::default();
        for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            e.var(v);
        }
        let dates = ["0001-01-01", "1969-12-31", "2014-08-29", "9999-12-31"];
        for d in dates {
            e.date(d.parse().unwrap());
        }
        let mut d = Dec::new(&e.0);
        for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(d.var().unwrap(), v);
        }
        for date in dates {
            assert_eq!(d.date().unwrap(), date.parse::<NaiveDate>().unwrap());
        }
        assert!(d.end().is_ok());
    }

    #[test]
    fn a_changed_word_always_changes_the_hash() {
        let base: Vec<u8> = (0..100u8).collect();
        for i in 0..base.len() {
            let mut changed = base.clone();
            changed[i] ^= 0x40;
            assert_ne!(hash(&base), hash(&changed), "byte {i}");
        }
        assert_ne!(hash(b""), hash(b"\0"));
    }

    /// Every operation kind, with every optional field both ways, reads
    /// back from its binary form as it was written.
    #[test]
    fn every_operation_round_trips() {
        let ops = serde_json::json!([
            {"op": "replace_words", "point": "1", "items": ["1", "2"], "column": "Срок", "row": 2,
             "paragraph": 3, "from": "а", "to": "б", "occurrence": {"nth": 2}, "substring": true},
            {"op": "replace_words", "items": "all", "from": "а", "to": "б", "occurrence": "single"},
            {"op": "insert_words", "items": ["1"], "anchor": {"after": "а"}, "words": "б"},
            {"op": "insert_words", "items": ["1"], "anchor": {"before": "а"}, "words": "б"},
            {"op": "insert_words", "items": ["1"], "column": 2, "paragraph": 1, "anchor": "end", "words": "б"},
            {"op": "insert_words", "items": ["1"], "column": 2, "anchor": "start", "words": "б"},
            {"op": "delete_words", "items": ["1"], "column": "x", "paragraph": 2, "words": "б"},
            {"op": "replace_words", "items": {"footnote": "*"}, "from": "а", "to": "б"},
            {"op": "restate_item", "item": "1", "rows": [{"a": "б"}, {"a": {"text": "в", "reconstructed": true, "note": "г"}}]},
            {"op": "restate_cell", "item": "1", "row": 1, "column": "a", "text": "б"},
            {"op": "restate_row", "item": "1", "row": 2, "cells": {"a": "б"}},
            {"op": "restate_paragraph", "point": "2а", "item": "1", "row": 1, "column": "a", "paragraph": 2, "text": "б"},
            {"op": "restate_paragraph", "item": "1", "column": "a", "paragraph": 1, "text": "б"},
            {"op": "add_paragraph", "item": "1", "row": 3, "column": "a", "after": 0, "text": "б"},
            {"op": "add_paragraph", "item": "1", "column": "a", "text": "б\nв"},
            {"op": "delete_paragraph", "item": "1", "row": 1, "column": "a", "paragraph": 4},
            {"op": "delete_paragraph", "item": "1", "column": 1, "paragraph": 1},
            {"op": "add_row", "item": "1", "after_row": 1, "cells": {"a": "б"}},
            {"op": "remove_row", "item": "1", "row": 2},
            {"op": "add_item", "number": "2.1", "id": "x", "position": {"after": "2"}, "rows": [{"a": "б"}]},
            {"op": "add_item", "number": "9", "position": {"end_of_section": "II"}, "rows": [{"a": "б"}]},
            {"op": "add_item", "number": "10", "rows": [{"a": "б"}]},
            {"op": "add_item", "number": "0.1", "position": {"before": "1"}, "rows": [{"a": "б"}]},
            {"op": "add_section", "number": "III", "title": "т", "id": "3", "after": "II"},
            {"op": "add_section", "point": "5", "number": "0", "title": "т", "before": "I"},
            {"op": "add_section", "number": "IV", "title": "т"},
            {"op": "restate_section", "point": "4", "section": "III", "title": "у"},
            {"op": "repeal_item", "item": "1"},
            {"op": "exclude_item", "item": "1"},
            {"op": "renumber", "from": ["1", "2"], "to": ["2", "3"]},
            {"op": "add_footnote", "number": "*", "text": "б"},
            {"op": "restate_footnote", "number": "*", "text": "б"},
            {"op": "remove_footnote", "number": "*"}
        ]);
        let order: Order = serde_json::from_value(serde_json::json!({
            "act": {"kind": "приказ", "issuer": "Минтруда России", "number": "1", "date": "2014-01-01"},
            "effective_assumed": {"reason": "publication_unknown", "days_after": 10},
            "operations": ops
        }))
        .unwrap();
        let bytes = encode_order(&order).unwrap();
        assert_eq!(decode_order(&bytes).unwrap(), order);
    }

    #[test]
    fn counts_cannot_exceed_the_bytes_left() {
        let mut e = Enc::default();
        e.var(1 << 40);
        assert_eq!(Dec::new(&e.0).count(), Err(Corrupt));
    }
}
