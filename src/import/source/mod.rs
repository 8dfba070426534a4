//! Where imported rows come from: a CSV file read record by record, or a
//! worksheet of a spreadsheet. Both give a header row and then numbered
//! rows of [`Cell`]s.

mod csv_rows;
mod sheet_rows;

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::import::cell::Cell;
use crate::import::error::{ImportError, RowProblem};
use crate::load::{display_name, is_stdin};

/// Bytes read ahead to recognise the file type, its encoding and its
/// delimiter: enough for any header line.
const SNIFF_BYTES: usize = 64 * 1024;

/// One data row.
#[derive(Debug, Clone)]
pub(crate) struct SourceRow {
    /// The row as a spreadsheet shows it (the CSV header is row 1).
    pub number: usize,
    /// The cells, or why the row's bytes could not be read as text.
    cells: Result<Vec<Cell>, RowProblem>,
}

impl SourceRow {
    /// A row with nothing in it (trailing `,,,` lines of exports).
    pub fn is_blank(&self) -> bool {
        self.cells
            .as_ref()
            .is_ok_and(|cells| cells.iter().all(Cell::is_blank))
    }

    pub fn cells(&self) -> Result<&[Cell], RowProblem> {
        self.cells.as_deref().map_err(Clone::clone)
    }
}

/// An open input file.
pub(crate) enum Source {
    Csv(csv_rows::CsvRows),
    Sheet(sheet_rows::SheetRows),
}

impl Source {
    /// Opens `path` (`-` for standard input, CSV only) and reads its
    /// header row. Spreadsheets are recognised by their first bytes, not
    /// by their name.
    pub fn open(path: &Path, sheet: Option<&str>) -> Result<Source, ImportError> {
        let stdin = is_stdin(path);
        let file = &*display_name(path);
        let unreadable = |reason: String| ImportError::Unreadable {
            file: file.to_owned(),
            reason,
        };
        let mut input: Box<dyn Read> = if stdin {
            Box::new(std::io::stdin().lock())
        } else {
            if path.is_dir() {
                return Err(unreadable(
                    "is a directory (name a CSV or spreadsheet file)".into(),
                ));
            }
            Box::new(File::open(path).map_err(|e| unreadable(describe_io_error(&e)))?)
        };
        let prefix = read_prefix(&mut input).map_err(|e| unreadable(describe_io_error(&e)))?;
        if is_spreadsheet(&prefix) {
            if stdin {
                return Err(unreadable(
                    "is a spreadsheet; name the file instead of piping it".into(),
                ));
            }
            return Ok(Source::Sheet(sheet_rows::SheetRows::open(path, sheet)?));
        }
        if sheet.is_some() {
            return Err(ImportError::SheetOfCsv {
                file: file.to_owned(),
            });
        }
        Ok(Source::Csv(csv_rows::CsvRows::open(file, prefix, input)?))
    }

    pub fn file(&self) -> &str {
        match self {
            Source::Csv(rows) => rows.file(),
            Source::Sheet(rows) => rows.file(),
        }
    }

    pub fn headers(&self) -> &[String] {
        match self {
            Source::Csv(rows) => rows.headers(),
            Source::Sheet(rows) => rows.headers(),
        }
    }

    /// The next data row; `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<SourceRow>, ImportError> {
        match self {
            Source::Csv(rows) => rows.next_row(),
            Source::Sheet(rows) => Ok(rows.next_row()),
        }
    }
}

fn describe_io_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => format!("cannot read: {error}"),
    }
}

/// Reads until the first line break or [`SNIFF_BYTES`], whichever is first.
fn read_prefix(input: &mut dyn Read) -> std::io::Result<Vec<u8>> {
    let mut prefix = Vec::new();
    let mut chunk = [0u8; 8192];
    while prefix.len() < SNIFF_BYTES && !prefix.contains(&b'\n') {
        let read = input.read(&mut chunk)?;
        if read == 0 {
            break;
        }
        prefix.extend_from_slice(&chunk[..read]);
    }
    Ok(prefix)
}

/// ZIP (XLSX, XLSB, ODS) or OLE compound file (XLS) signatures.
fn is_spreadsheet(prefix: &[u8]) -> bool {
    prefix.starts_with(b"PK\x03\x04") || prefix.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}
