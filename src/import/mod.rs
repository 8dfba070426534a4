//! Importing open fiscal data: CSV and spreadsheet exports from portals
//! such as Local Finance 365 turned into a year file.
//!
//! The pieces, one concern each: `source` opens the file and yields rows
//! of cells (CSV streamed record by record, spreadsheets through
//! `calamine`); `mapping` finds the mapped columns and filters by header
//! name and reads one row into a draft item; `collect` gathers drafts
//! into items, derives ids and handles rows that share an id; `write`
//! writes the year file. Memory grows with the items kept, not with the
//! rows read.
#![warn(clippy::arithmetic_side_effects)]

mod cell;
mod collect;
mod error;
mod mapping;
mod source;
mod write;

use std::path::Path;

use crate::amount::Unit;
use crate::load::progress::{Progress, Silent};
use crate::load::{display_name, is_stdin};
use crate::model::Status;

pub use collect::derived_id;
pub use error::{ImportError, RowError, RowProblem};
pub use mapping::{ColumnMap, Filters, MAP_KEYS};

use collect::Collector;
use source::Source;

/// Most rows that a failed import lists, and most skipped rows that are
/// named one by one in warnings; the rest are counted.
const MAX_ROWS_LISTED: usize = 20;

/// What to import and how.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub year: i64,
    pub region: String,
    /// Unit of the amount column; becomes the file's `unit`.
    pub unit: Unit,
    pub phase: Option<String>,
    /// Status written on every item; `None` leaves the default (actual).
    pub status: Option<Status>,
    /// `KEY=COLUMN` pairs as given to `--map`.
    pub maps: Vec<(String, String)>,
    /// `COLUMN=VALUE` pairs as given to `--filter`.
    pub filters: Vec<(String, String)>,
    /// Worksheet of a spreadsheet; `None` for the first.
    pub sheet: Option<String>,
    pub skip_bad_rows: bool,
    pub sum_duplicates: bool,
}

/// A finished import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The year file, ready to be written.
    pub toml: String,
    /// Items written.
    pub items: usize,
    /// Data rows read (blank rows not counted).
    pub rows_read: usize,
    /// Rows that passed the filters.
    pub rows_kept: usize,
    /// Rows skipped because they could not be read (`--skip-bad-rows`).
    pub rows_skipped: usize,
    /// Lines for standard error: skipped rows, filters that matched nothing.
    pub warnings: Vec<String>,
}

/// Imports `path` (CSV, or a spreadsheet: XLSX, XLS, XLSB, ODS).
pub fn import(path: impl AsRef<Path>, options: &ImportOptions) -> Result<Imported, ImportError> {
    import_reporting(path, options, &Silent)
}

/// [`import`], telling `progress` how reading the file goes: a CSV file
/// byte by byte as its records are read; a spreadsheet, which is read
/// whole, at once. Standard input has no size and reports nothing.
pub fn import_reporting(
    path: impl AsRef<Path>,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<Imported, ImportError> {
    let path = path.as_ref();
    let size = std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file() && !is_stdin(path))
        .map(|m| m.len());
    if let Some(size) = size {
        progress.start(&display_name(path), size);
    }
    let imported = import_rows(path, options, progress);
    progress.finish();
    imported
}

fn import_rows(
    path: &Path,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<Imported, ImportError> {
    let map = ColumnMap::parse(&options.maps)?;
    if map.amount_is_budget() && options.phase.is_none() {
        return Err(ImportError::BudgetWithoutPhase {
            column: map.amount_column().to_owned(),
        });
    }
    let filters = Filters::parse(&options.filters);
    let mut source = Source::open(path, options.sheet.as_deref())?;
    let mut reported = ReportedBytes::default();
    let file = source.file().to_owned();
    let columns = map.resolve(source.headers(), &file)?;
    let filter = filters.resolve(source.headers(), &file)?;

    let mut collector = Collector::new(options.sum_duplicates);
    let mut outcome = Outcome::default();
    while let Some(row) = source.next_row()? {
        reported.advance_to(source.bytes_read(), progress);
        if row.is_blank() {
            continue;
        }
        // Counts of rows read: below usize::MAX.
        outcome.rows_read = outcome.rows_read.saturating_add(1);
        let result = row.cells().and_then(|cells| {
            if !filter.keeps(cells) {
                return Ok(false);
            }
            let draft = columns.read(cells, options.unit)?;
            collector.add(draft, row.number)?;
            Ok(true)
        });
        match result {
            Ok(kept) => outcome.rows_kept = outcome.rows_kept.saturating_add(usize::from(kept)),
            Err(problem) => outcome.bad_row(
                RowError {
                    file: file.clone(),
                    row: row.number,
                    problem,
                },
                options.skip_bad_rows,
            ),
        }
    }
    outcome.finish(&file, collector, options)
}

/// Bytes of the input already told to the progress bar, told in steps of
/// at least [`ReportedBytes::STEP`] so that a row costs no more than a
/// comparison.
#[derive(Default)]
struct ReportedBytes(u64);

impl ReportedBytes {
    const STEP: u64 = 64 * 1024;

    fn advance_to(&mut self, read: u64, progress: &dyn Progress) {
        let step = read.saturating_sub(self.0);
        if step >= Self::STEP {
            progress.advance(step);
            self.0 = read;
        }
    }
}

/// Counts and problems gathered while reading rows.
#[derive(Default)]
struct Outcome {
    rows_read: usize,
    rows_kept: usize,
    /// Rows that stop the import, the first [`MAX_ROWS_LISTED`] of them.
    errors: Vec<RowError>,
    error_count: usize,
    /// Rows skipped with `--skip-bad-rows`, the first few of them.
    skipped: Vec<RowError>,
    skipped_count: usize,
}

impl Outcome {
    fn bad_row(&mut self, error: RowError, skip_bad_rows: bool) {
        let (list, count) = if skip_bad_rows && error.problem.is_skippable() {
            (&mut self.skipped, &mut self.skipped_count)
        } else {
            (&mut self.errors, &mut self.error_count)
        };
        *count = count.saturating_add(1);
        if list.len() < MAX_ROWS_LISTED {
            list.push(error);
        }
    }

    fn finish(
        self,
        file: &str,
        collector: Collector,
        options: &ImportOptions,
    ) -> Result<Imported, ImportError> {
        if self.error_count > 0 {
            return Err(ImportError::BadRows {
                file: file.to_owned(),
                count: self.error_count,
                listed: self.errors,
            });
        }
        let shown = crate::quote::visible(file);
        let mut warnings: Vec<String> = self
            .skipped
            .iter()
            .map(|error| {
                format!(
                    "{}:{}: row skipped: {}",
                    crate::quote::visible(&error.file),
                    error.row,
                    error.problem
                )
            })
            .collect();
        if self.skipped_count > self.skipped.len() {
            warnings.push(format!(
                "… and {} more rows skipped",
                self.skipped_count.saturating_sub(self.skipped.len())
            ));
        }
        if self.skipped_count > 0 {
            warnings.push(format!(
                "{shown}: skipped {} of {} rows because they could not be read",
                self.skipped_count, self.rows_read
            ));
        }
        if self.rows_read == 0 {
            warnings.push(format!(
                "{shown}: no data rows below the header; the year file has no items"
            ));
        }
        if self.rows_kept == 0 && !options.filters.is_empty() && self.rows_read > 0 {
            warnings.push(format!(
                "{shown}: no row matched the filters; the year file has no items"
            ));
        }
        let items = collector.into_items();
        let source_name = Path::new(file).file_name().map_or_else(
            || file.to_owned(),
            |name| name.to_string_lossy().into_owned(),
        );
        Ok(Imported {
            toml: write::year_file(options, &source_name, &items),
            items: items.len(),
            rows_read: self.rows_read,
            rows_kept: self.rows_kept,
            rows_skipped: self.skipped_count,
            warnings,
        })
    }
}
