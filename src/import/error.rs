//! Why an import failed, and what is wrong with one row. Rows are named by
//! their number as a spreadsheet shows them: the header is row 1 (in a CSV
//! file, the record number; in a worksheet, the sheet's row).

use crate::amount::AmountError;
use crate::error::quote;
use crate::quote::{short, visible};

/// Why an import could not produce a year file (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or read at all.
    #[error("{}: {reason}", visible(.file))]
    Unreadable { file: String, reason: String },
    #[error("unknown --map key `{}`{}; use id, name, category, amount or count.NAME", short(.key), suggestion_suffix(.suggestion))]
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
    /// `--map amount=예산액` without `--phase`: the items would read as
    /// results (실적), though the column holds budgeted money, and which
    /// budget (proposal, passed, supplementary, final) is for the user to
    /// say, as `--unit` is: a guess could pair it with the wrong base.
    #[error(
        "--map amount={} names a budget figure: give the budget's phase with --phase \
         (예산안, 본예산, 제1회 추경, 최종예산, or proposal, original, supplementary-1, final); \
         without one, every item would read as results (실적), not budgeted money",
        short(.column)
    )]
    BudgetWithoutPhase { column: String },
    #[error(
        "`{name}` cannot name a count: use letters, digits, `-` and `_` (e.g. count.companies)"
    )]
    BadCountName { name: String },
    #[error("{}: the file is empty: no header row", visible(.file))]
    NoHeader { file: String },
    #[error("{}: no column `{}` ({used_as}); the header row has: {}", visible(.file), short(.column), list_headers(.headers))]
    MissingColumn {
        file: String,
        column: String,
        /// `mapped to amount`, `named in --filter`.
        used_as: String,
        headers: Vec<String>,
    },
    #[error(
        "{}: the header `{}` appears {count} times, so --map and --filter cannot tell the columns apart", visible(.file), short(.column)
    )]
    AmbiguousColumn {
        file: String,
        column: String,
        count: usize,
    },
    #[error("{}:{row}: the header row {reason}", visible(.file))]
    HeaderEncoding {
        file: String,
        row: usize,
        reason: String,
    },
    #[error("{}:{row}: cannot read CSV: {reason}", visible(.file))]
    Csv {
        file: String,
        row: usize,
        reason: String,
    },
    #[error("{}: cannot read the spreadsheet: {reason}", visible(.file))]
    Spreadsheet { file: String, reason: String },
    #[error("{}: no sheet named `{}`; the sheets are: {}", visible(.file), short(.sheet), .sheets.iter().map(|s| short(s)).collect::<Vec<_>>().join(", "))]
    NoSuchSheet {
        file: String,
        sheet: String,
        sheets: Vec<String>,
    },
    #[error("{}: --sheet applies to spreadsheets only, and this is a CSV file", visible(.file))]
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
                || header.chars().any(crate::quote::is_hidden)
            {
                quote(header)
            } else {
                short(header)
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
    let mut message = format!(
        "{}: {count} rows cannot be imported; nothing was written",
        visible(file)
    );
    for error in listed {
        message.push_str(&format!("\n  {error}"));
    }
    if count > listed.len() {
        message.push_str(&format!(
            "\n  … and {} more",
            count.saturating_sub(listed.len())
        ));
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
#[error("{}:{row}: {problem}", visible(.file))]
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
    #[error("the row has {fields} fields, so it has no column `{}` (field {position})", short(.column))]
    ShortRow {
        column: String,
        fields: usize,
        position: usize,
    },
    #[error(
        "the row has {fields} fields but the header has {headers}, and field {position} holds \
         {value}: a cell that holds the delimiter must be quoted (a number written 1,234 in a \
         comma-separated file is two fields, 1 and 234)"
    )]
    ExtraFields {
        fields: usize,
        headers: usize,
        position: usize,
        value: String,
    },
    #[error("`{}` ({role}) is empty", short(.column))]
    EmptyCell { column: String, role: String },
    #[error("`{}` ({role}) holds {kind} {value}, not text or a number", short(.column))]
    NotText {
        column: String,
        role: String,
        kind: &'static str,
        value: String,
    },
    #[error("`{}` = {value} {reason}", short(.column))]
    BadAmount {
        column: String,
        value: String,
        reason: AmountError,
    },
    #[error(
        "`{}` = {value} is a spreadsheet number with more than 15 significant digits, \
         which a spreadsheet does not keep exactly; store the column as text",
        short(.column)
    )]
    InexactNumber { column: String, value: String },
    #[error("`{}` = {value} is not a count: {reason}", short(.column))]
    BadCount {
        column: String,
        value: String,
        reason: &'static str,
    },
    #[error("`{}` = {value} cannot be a category: {reason}", short(.column))]
    BadCategory {
        column: String,
        value: String,
        reason: &'static str,
    },
    #[error("duplicate id `{}`: first used at row {first_row}", short(.id))]
    DuplicateId { id: String, first_row: usize },
    #[error("id `{}` was first used at row {first_row} with a different {field}", short(.id))]
    DuplicateDiffers {
        id: String,
        first_row: usize,
        field: &'static str,
    },
    #[error("the amounts of id `{}` add up to more than can be held exactly", short(.id))]
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
