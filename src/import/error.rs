//! Why an import failed, and what is wrong with one row. Rows are named by
//! their number as a spreadsheet shows them: the header is row 1 (in a CSV
//! file, the record number; in a worksheet, the sheet's row).

use crate::amount::AmountError;
use crate::error::quote;

/// Why an import could not produce a year file (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or read at all.
    #[error("{file}: {reason}")]
    Unreadable { file: String, reason: String },
    #[error("unknown --map key `{key}`{}; use id, name, category, amount or count.NAME", suggestion_suffix(.suggestion))]
    UnknownMapKey {
        key: String,
        suggestion: Option<&'static str>,
    },
    #[error("missing --map {key}=COLUMN: the {key} of each item must come from a column")]
    MissingMap { key: &'static str },
    #[error("--map {key} is given twice")]
    MappedTwice { key: String },
    #[error("--map {key}= names no column")]
    EmptyMap { key: String },
    #[error(
        "`{name}` cannot name a count: use letters, digits, `-` and `_` (e.g. count.companies)"
    )]
    BadCountName { name: String },
    #[error("{file}: the file is empty: no header row")]
    NoHeader { file: String },
    #[error("{file}: no column `{column}` ({used_as}); the header row has: {}", list_headers(.headers))]
    MissingColumn {
        file: String,
        column: String,
        /// `mapped to amount`, `named in --filter`.
        used_as: String,
        headers: Vec<String>,
    },
    #[error(
        "{file}: the header `{column}` appears {count} times, so --map and --filter cannot tell the columns apart"
    )]
    AmbiguousColumn {
        file: String,
        column: String,
        count: usize,
    },
    #[error("{file}:{row}: the header row {reason}")]
    HeaderEncoding {
        file: String,
        row: usize,
        reason: String,
    },
    #[error("{file}:{row}: cannot read CSV: {reason}")]
    Csv {
        file: String,
        row: usize,
        reason: String,
    },
    #[error("{file}: cannot read the spreadsheet: {reason}")]
    Spreadsheet { file: String, reason: String },
    #[error("{file}: no sheet named `{sheet}`; the sheets are: {}", .sheets.join(", "))]
    NoSuchSheet {
        file: String,
        sheet: String,
        sheets: Vec<String>,
    },
    #[error("{file}: --sheet applies to spreadsheets only, and this is a CSV file")]
    SheetOfCsv { file: String },
    /// Rows that cannot be imported; nothing is written.
    #[error("{}", bad_rows_message(.file, *.count, .listed))]
    BadRows {
        file: String,
        count: usize,
        /// The first rows at fault, in file order.
        listed: Vec<RowError>,
    },
}

fn suggestion_suffix(suggestion: &Option<&'static str>) -> String {
    suggestion
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// The headers for an error message: quoted only where needed, and at most
/// a line's worth of them.
fn list_headers(headers: &[String]) -> String {
    const MAX_LISTED: usize = 30;
    let mut listed: Vec<String> = headers
        .iter()
        .take(MAX_LISTED)
        .map(|header| {
            if header.is_empty()
                || header.contains([',', '"'])
                || header.chars().any(char::is_control)
            {
                quote(header)
            } else {
                header.clone()
            }
        })
        .collect();
    if headers.len() > MAX_LISTED {
        listed.push(format!("… ({} in all)", headers.len()));
    }
    listed.join(", ")
}

fn bad_rows_message(file: &str, count: usize, listed: &[RowError]) -> String {
    let hints = hints(listed);
    if let ([only], 1) = (listed, count) {
        return match hints {
            Some(hints) => format!("{only} ({hints})"),
            None => only.to_string(),
        };
    }
    let mut message = format!("{file}: {count} rows cannot be imported; nothing was written");
    for error in listed {
        message.push_str(&format!("\n  {error}"));
    }
    if count > listed.len() {
        message.push_str(&format!("\n  … and {} more", count - listed.len()));
    }
    if let Some(hints) = hints {
        message.push_str(&format!("\n{hints}"));
    }
    message
}

/// What the options can do about the rows at fault.
fn hints(listed: &[RowError]) -> Option<String> {
    let mut hints = Vec::new();
    if listed.iter().any(|e| e.problem.is_skippable()) {
        hints.push("--skip-bad-rows skips rows that cannot be read");
    }
    if listed
        .iter()
        .any(|e| matches!(e.problem, RowProblem::DuplicateId { .. }))
    {
        hints.push("--sum-duplicates adds up rows that share an id");
    }
    (!hints.is_empty()).then(|| hints.join("; "))
}

/// A row that cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{row}: {problem}")]
pub struct RowError {
    pub file: String,
    /// The row as a spreadsheet shows it (the CSV header is row 1).
    pub row: usize,
    pub problem: RowProblem,
}

/// What is wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    #[error("the row {reason}")]
    Encoding { reason: &'static str },
    #[error("the row has {fields} fields, so it has no column `{column}` (field {position})")]
    ShortRow {
        column: String,
        fields: usize,
        position: usize,
    },
    #[error("`{column}` ({role}) is empty")]
    EmptyCell { column: String, role: String },
    #[error("`{column}` ({role}) holds {kind} {value}, not text or a number")]
    NotText {
        column: String,
        role: String,
        kind: &'static str,
        value: String,
    },
    #[error("`{column}` = {value} {reason}")]
    BadAmount {
        column: String,
        value: String,
        reason: AmountError,
    },
    #[error(
        "`{column}` = {value} is a spreadsheet number with more than 15 significant digits, \
         which a spreadsheet does not keep exactly; store the column as text"
    )]
    InexactNumber { column: String, value: String },
    #[error("`{column}` = {value} is not a count: {reason}")]
    BadCount {
        column: String,
        value: String,
        reason: &'static str,
    },
    #[error("`{column}` = {value} cannot be a category: {reason}")]
    BadCategory {
        column: String,
        value: String,
        reason: &'static str,
    },
    #[error("duplicate id `{id}`: first used at row {first_row}")]
    DuplicateId { id: String, first_row: usize },
    #[error("id `{id}` was first used at row {first_row} with a different {field}")]
    DuplicateDiffers {
        id: String,
        first_row: usize,
        field: &'static str,
    },
    #[error("the amounts of id `{id}` add up to more than can be held exactly")]
    SumOverflow { id: String },
}

impl RowProblem {
    /// Whether `--skip-bad-rows` may skip the row. A row that reads well
    /// but clashes with another (a duplicate id) is never skipped: which of
    /// the two to keep is not ours to guess.
    pub fn is_skippable(&self) -> bool {
        !matches!(
            self,
            RowProblem::DuplicateId { .. }
                | RowProblem::DuplicateDiffers { .. }
                | RowProblem::SumOverflow { .. }
        )
    }
}
