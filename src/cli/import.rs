//! The arguments of `import FILE ...`, and the options they make for
//! [`crate::import`].

use std::path::PathBuf;

use clap::Args;

use super::units::{UnitNames, parse_unit};
use super::{OutputArgs, ProgressArgs};
use crate::amount::Unit;
use crate::import::ImportOptions;
use crate::model::Status;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// CSV (UTF-8 or CP949, any of , ; tab | as delimiter) or spreadsheet
    /// (XLSX, XLS, XLSB, ODS); `-` reads CSV from standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The budget year of the file written
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i64).range(crate::model::YEARS))]
    pub year: i64,
    /// Who publishes the budget (the file's `region`)
    #[arg(long, value_name = "NAME")]
    pub region: String,
    /// Which column feeds which field, by header name: id, name, amount,
    /// category (several headers joined by `/`, top level first), count.NAME;
    /// repeat for each. Without an id column, ids are derived from the
    /// category path and name
    #[arg(long = "map", value_name = "KEY=COLUMN", required = true,
          value_parser = parse_pair)]
    pub maps: Vec<(String, String)>,
    /// Unit of the amount column (becomes the file's `unit`): won, 원,
    /// thousand, 천원, 만원, million, 백만원, 억원, billion, 십억원, …
    #[arg(long, value_name = "UNIT", hide_possible_values = true,
          value_parser = UnitNames { parse: parse_unit, auto: false })]
    pub unit: Unit,
    /// Keep only rows whose COLUMN holds VALUE; repeat for more values of
    /// one column (any matches) or more columns (all must match)
    #[arg(long = "filter", value_name = "COLUMN=VALUE", value_parser = parse_pair)]
    pub filters: Vec<(String, String)>,
    /// Worksheet to read from a spreadsheet [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
    /// Skip rows that cannot be read, with a warning each, instead of failing
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// Add up the amounts of rows that share an id instead of failing
    #[arg(long)]
    pub sum_duplicates: bool,
    /// The file's `phase`, e.g. 본예산, original, supplementary-1, final;
    /// required when the amount column names a budget figure (예산액)
    #[arg(long, value_name = "TEXT")]
    pub phase: Option<String>,
    /// Status of every item: actual, planned, target or cap [default: actual]
    #[arg(long, value_name = "STATUS", value_parser = parse_status)]
    pub status: Option<Status>,
}

impl ImportArgs {
    pub fn options(&self) -> ImportOptions {
        ImportOptions {
            year: self.year,
            region: self.region.clone(),
            unit: self.unit,
            phase: self.phase.clone(),
            status: self.status,
            maps: self.maps.clone(),
            filters: self.filters.clone(),
            sheet: self.sheet.clone(),
            skip_bad_rows: self.skip_bad_rows,
            sum_duplicates: self.sum_duplicates,
        }
    }
}

fn parse_status(text: &str) -> Result<Status, String> {
    Status::parse(text).ok_or_else(|| format!("use one of: {}", Status::NAMES.join(", ")))
}

/// `KEY=VALUE`, split at the first `=`.
fn parse_pair(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(key, value)| (key.trim().to_owned(), value.trim().to_owned()))
        .filter(|(key, _)| !key.is_empty())
        .ok_or_else(|| format!("expected KEY=VALUE, found `{text}`"))
}
