//! Spreadsheet input through `calamine`: XLSX, XLSM, XLSB, XLS and ODS.
//! The first worksheet, or the one named by `--sheet`; the header is the
//! first used row. Rows are numbered as the spreadsheet shows them.

use calamine::{Data, Range, Reader, open_workbook_auto};

use crate::import::cell::Cell;
use crate::import::error::ImportError;
use crate::import::source::SourceRow;

pub(crate) struct SheetRows {
    file: String,
    range: Range<Data>,
    headers: Vec<String>,
    /// 0-based spreadsheet row of the header.
    header_row: usize,
    /// Index in `range` of the next data row.
    next: usize,
}

impl SheetRows {
    pub fn open(path: &str, sheet: Option<&str>) -> Result<SheetRows, ImportError> {
        let unreadable = |reason: String| ImportError::Spreadsheet {
            file: path.to_owned(),
            reason,
        };
        let mut workbook = open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
        let names = workbook.sheet_names();
        let name = match sheet {
            Some(wanted) => names
                .iter()
                .find(|name| name.as_str() == wanted)
                .ok_or_else(|| ImportError::NoSuchSheet {
                    file: path.to_owned(),
                    sheet: wanted.to_owned(),
                    sheets: names.clone(),
                })?,
            None => names
                .first()
                .ok_or_else(|| unreadable("it has no worksheet".into()))?,
        }
        .clone();
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| unreadable(format!("sheet `{name}`: {e}")))?;
        let Some((header_row, _)) = range.start() else {
            return Err(ImportError::NoHeader {
                file: path.to_owned(),
            });
        };
        let headers = range
            .rows()
            .next()
            .unwrap_or_default()
            .iter()
            .map(header_text)
            .collect();
        Ok(SheetRows {
            file: path.to_owned(),
            range,
            headers,
            header_row: header_row as usize,
            next: 1,
        })
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    pub fn next_row(&mut self) -> Option<SourceRow> {
        if self.next >= self.range.height() {
            return None;
        }
        let cells = (0..self.range.width())
            .map(|column| {
                self.range
                    .get((self.next, column))
                    .map_or(Cell::Empty, cell)
            })
            .collect();
        let number = self.header_row + self.next + 1;
        self.next += 1;
        Some(SourceRow {
            number,
            cells: Ok(cells),
        })
    }
}

fn header_text(data: &Data) -> String {
    match cell(data).text() {
        Some(text) => text.into_owned(),
        None => data.to_string().trim().to_owned(),
    }
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::Int(integer) => Cell::Integer(*integer),
        Data::Float(float) => Cell::SheetFloat(*float),
        Data::Bool(value) => Cell::Bool(*value),
        Data::DateTime(_) | Data::DateTimeIso(_) => Cell::Other {
            kind: "a date",
            shown: data.to_string(),
        },
        Data::DurationIso(_) => Cell::Other {
            kind: "a duration",
            shown: data.to_string(),
        },
        Data::Error(_) => Cell::Other {
            kind: "an error value",
            shown: data.to_string(),
        },
    }
}
