//! `check`: validates budget files for CI and fact-checks the figures a
//! publisher printed (`[[total]]` tables and `stated` figures) against what
//! the files add up to.
//!
//! Everything the loader rejects becomes a finding, with every other
//! problem of the file; files that load are then checked figure by figure
//! (`rules`, reporting through a per-file collector), comparing rounded
//! figures with exact interval arithmetic ([`interval`]). The result is
//! plain data ([`CheckReport`]) whose findings say what they found as
//! typed figures ([`said`]); [`render`] words them, in English or Korean,
//! and turns the report into text or JSON.
#![warn(clippy::arithmetic_side_effects)]

mod collect;
pub mod interval;
pub mod render;
mod roster;
mod rules;
pub mod said;
mod streamed;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{InvalidInput, LoadError};
use crate::load::progress::{Progress, Silent};
use crate::load::{display_name, parse_bytes_recoverable, read_bytes};
use crate::model::YearFile;

use collect::Collector;
pub use interval::Interval;
use rules::Facts;
use said::Said;

/// Stable ids of the rules this module adds to the loader's (see
/// [`Problem::rule`]).
pub mod rule {
    pub const PARTS_SUM: &str = "parts-sum";
    pub const TOTAL_MISMATCH: &str = "total-mismatch";
    pub const STATED_CHANGE: &str = "stated-change";
    pub const STATED_CHANGE_PCT: &str = "stated-change-pct";
    pub const STATED_SHARE: &str = "stated-share";
    pub const STATED_TOGETHER: &str = "stated-together";
    pub const YEAR_FILENAME: &str = "year-filename";
    pub const DUPLICATE_YEAR: &str = "duplicate-year";
    pub const CATEGORY_CHANGED: &str = "category-changed";
    pub const ID_SPACES: &str = "id-spaces";
    pub const CATEGORY_SPELLING: &str = "category-spelling";
    pub const NO_ITEMS: &str = "no-items";
    pub const SUM_OVERFLOW: &str = "sum-overflow";
    pub const SYNTAX: &str = "syntax";
}

/// Version of the JSON report; raised only on an incompatible change.
pub const REPORT_VERSION: u32 = 1;

/// How serious a finding is. Errors fail the check; warnings fail it with
/// `--deny warnings`; information never does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Which findings besides errors fail the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail the check too.
    Warnings,
}

/// Something wrong, doubtful or worth knowing at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    /// A stable id such as `parts-sum`, for filtering and documentation.
    pub rule: &'static str,
    /// What was found, with the figures involved; worded by
    /// [`render::words`].
    pub said: Said,
    pub figures: Option<Figures>,
}

/// A check that was made and passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passed {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub rule: &'static str,
    pub said: Said,
    pub figures: Option<Figures>,
}

/// The numbers behind a comparison of a stated figure with a computed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// The base unit of the file's currency (`won`, `yen`, `dollars`) for
    /// amounts, `percent` for percentages.
    pub unit: &'static str,
    /// The figure as written in the file.
    pub stated: Decimal,
    /// The same figure computed from the other written figures as they stand.
    pub computed: Decimal,
    /// Every value the computed figure can take when each written input
    /// lies anywhere within half a unit of its last digit.
    pub possible: Interval,
}

/// What `check` found in a set of files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub version: u32,
    /// The files checked, in order.
    pub files: Vec<String>,
    pub counts: Counts,
    /// In file order, then by line and column.
    pub findings: Vec<Finding>,
    pub passed: Vec<Passed>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub passed: usize,
}

impl CheckReport {
    /// Whether the check fails: errors, or warnings when they are denied.
    pub fn fails(&self, deny: Option<Deny>) -> bool {
        self.counts.errors > 0 || (deny == Some(Deny::Warnings) && self.counts.warnings > 0)
    }
}

/// Checks files and directories (each directory's `*.toml` files, sorted
/// by name). An input that cannot be read at all, or a set of inputs
/// without any budget file, is an error; everything else is a finding.
pub fn check<P: AsRef<Path>>(paths: &[P]) -> Result<CheckReport, LoadError> {
    check_reporting(paths, &Silent)
}

/// [`check`], telling `progress` how reading large files goes. A large
/// file is checked while it is read, in batches, keeping only the items
/// the rules look at one by one (see [`streamed`]), and a file with
/// problems is listed batch by batch where that gives the plain way's list
/// (see [`crate::load::stream`]); a small file, standard input and the
/// rest are read whole.
pub fn check_reporting<P: AsRef<Path>>(
    paths: &[P],
    progress: &dyn Progress,
) -> Result<CheckReport, LoadError> {
    let files = budget_files(paths)?;
    let with_others = files.len() > 1;
    let mut read = Vec::with_capacity(files.len());
    let mut names = Vec::with_capacity(files.len());
    for path in &files {
        let name = display_name(path).into_owned();
        read.push(match streamed::read(path, &name, with_others, progress) {
            Some(Ok(checked)) => Read::Loaded(Box::new((checked.file, checked.facts))),
            Some(Err(problems)) => Read::Problems(problems),
            None => Read::plain(&read_bytes(path)?, &name),
        });
        names.push(name);
    }
    Ok(check_read(read, names))
}

/// The budget files named by `paths` (directories as the `*.toml` files
/// in them, sorted by name), each once.
pub fn budget_files<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = crate::load::budget_files(paths)?;
    let mut seen = HashSet::new();
    files.retain(|file| seen.insert(file.clone()));
    Ok(files)
}

/// Where each file comes in the report (the first place, if given twice).
pub(crate) fn file_order(files: &[String]) -> HashMap<&str, usize> {
    let mut order = HashMap::with_capacity(files.len());
    for (index, file) in files.iter().enumerate() {
        order.entry(file.as_str()).or_insert(index);
    }
    order
}

/// Checks files already read: `(name, bytes)` pairs.
pub fn check_bytes(inputs: &[(String, Vec<u8>)]) -> CheckReport {
    let read = inputs
        .iter()
        .map(|(name, bytes)| Read::plain(bytes, name))
        .collect();
    let files: Vec<String> = inputs.iter().map(|(name, _)| name.clone()).collect();
    check_read(read, files)
}

/// A file as the rules take it: loaded, with the facts of all its items,
/// or the loader's problems with it.
enum Read {
    Loaded(Box<(YearFile, Facts)>),
    Problems(Vec<InvalidInput>),
}

impl Read {
    /// A whole file read the plain way, every problem listed.
    fn plain(bytes: &[u8], name: &str) -> Read {
        match parse_bytes_recoverable(bytes, name) {
            Ok(file) => {
                let facts = Facts::of(&file);
                Read::Loaded(Box::new((file, facts)))
            }
            Err(problems) => Read::Problems(problems),
        }
    }
}

/// Applies the rules to files read, named `files` in the report.
fn check_read(read: Vec<Read>, files: Vec<String>) -> CheckReport {
    let mut out = Collector::default();
    let mut loaded = Vec::new();
    for file in read {
        match file {
            Read::Loaded(checked) => loaded.push(*checked),
            Read::Problems(problems) => out.loader_problems(problems),
        }
    }
    let usable: Vec<(&YearFile, &Facts)> = loaded
        .iter()
        .filter(|(file, facts)| rules::check_file_with(file, facts, &mut out.file(&file.path)))
        .map(|(file, facts)| (file, facts))
        .collect();
    rules::check_years(&usable, &mut out);
    out.into_report(files)
}
