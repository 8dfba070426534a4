//! Where imported rows come from: a CSV file read record by record, or a
//! worksheet of a spreadsheet. Both give a header row and then numbered
//! rows of [`Cell`]s.

mod csv_rows;
mod sheet_rows;

use std::cell::Cell as Counter;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

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

/// An open input file, and how many of its bytes have been read.
pub(crate) struct Source {
    rows: Rows,
    read: Rc<Counter<u64>>,
}

enum Rows {
    Csv(csv_rows::CsvRows),
    Sheet(sheet_rows::SheetRows),
}

/// A reader that counts the bytes it reads, for a progress bar.
struct Counting<R> {
    inner: R,
    read: Rc<Counter<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get().saturating_add(n as u64));
        Ok(n)
    }
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
        let read = Rc::new(Counter::new(0));
        let mut input: Box<dyn Read> = if stdin {
            Box::new(std::io::stdin().lock())
        } else {
            if path.is_dir() {
                return Err(unreadable(
                    "is a directory (name a CSV or spreadsheet file)".into(),
                ));
            }
            let file = File::open(path).map_err(|e| unreadable(describe_io_error(&e)))?;
            Box::new(Counting {
                inner: file,
                read: Rc::clone(&read),
            })
        };
        let prefix = read_prefix(&mut input).map_err(|e| unreadable(describe_io_error(&e)))?;
        if is_spreadsheet(&prefix) {
            if stdin {
                return Err(unreadable(
                    "is a spreadsheet; name the file instead of piping it".into(),
                ));
            }
            let rows = sheet_rows::SheetRows::open(path, sheet)?;
            // A spreadsheet is read whole when it is opened.
            read.set(std::fs::metadata(path).map_or(0, |m| m.len()));
            return Ok(Source {
                rows: Rows::Sheet(rows),
                read,
            });
        }
        if sheet.is_some() {
            return Err(ImportError::SheetOfCsv {
                file: file.to_owned(),
            });
        }
        Ok(Source {
            rows: Rows::Csv(csv_rows::CsvRows::open(file, prefix, input)?),
            read,
        })
    }

    /// Bytes of the file read so far.
    pub fn bytes_read(&self) -> u64 {
        self.read.get()
    }

    pub fn file(&self) -> &str {
        match &self.rows {
            Rows::Csv(rows) => rows.file(),
            Rows::Sheet(rows) => rows.file(),
        }
    }

    pub fn headers(&self) -> &[String] {
        match &self.rows {
            Rows::Csv(rows) => rows.headers(),
            Rows::Sheet(rows) => rows.headers(),
        }
    }

    /// The next data row; `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<SourceRow>, ImportError> {
        match &mut self.rows {
            Rows::Csv(rows) => rows.next_row(),
            Rows::Sheet(rows) => Ok(rows.next_row()),
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
