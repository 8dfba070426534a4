//! Spreadsheet input through `calamine`: XLSX, XLSM, XLSB, XLS and ODS.
//! The first worksheet, or the one named by `--sheet`; the header is the
//! first used row. Rows are numbered as the spreadsheet shows them.

use std::collections::BTreeMap;
use std::collections::btree_map;
use std::path::Path;

use calamine::{Data, DataType, Reader, Sheets, open_workbook_auto};

use crate::import::cell::Cell;
use crate::import::error::ImportError;
use crate::import::source::SourceRow;
use crate::quote::path_text;

/// The cells present in a sheet, by 0-based row, each row's cells by
/// 0-based column. A sheet is read cell by cell, never as the rectangle it
/// declares: one stray cell at `XFD1048576` must not make every row 16,384
/// cells wide (or the sheet 17 billion cells).
type PresentCells = BTreeMap<u32, Vec<(u32, Data)>>;

pub(crate) struct SheetRows {
    file: String,
    headers: Vec<String>,
    /// 0-based column of the first column (the leftmost cell in the sheet).
    first_column: u32,
    /// The data rows still to give, after the header.
    rows: btree_map::IntoIter<u32, Vec<(u32, Data)>>,
}

impl SheetRows {
    pub fn open(path: &Path, sheet: Option<&str>) -> Result<SheetRows, ImportError> {
        let unreadable = |reason: String| ImportError::Spreadsheet {
            file: path_text(path).into_owned(),
            reason,
        };
        let mut workbook = open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
        let names = workbook.sheet_names();
        let name = match sheet {
            Some(wanted) => names
                .iter()
                .find(|name| name.as_str() == wanted)
                .ok_or_else(|| ImportError::NoSuchSheet {
                    file: path_text(path).into_owned(),
                    sheet: wanted.to_owned(),
                    sheets: names.clone(),
                })?,
            None => names
                .first()
                .ok_or_else(|| unreadable("it has no worksheet".into()))?,
        }
        .clone();
        let mut present = present_cells(&mut workbook, &name)
            .map_err(|e| unreadable(format!("sheet `{name}`: {e}")))?;
        let first_column = present
            .values()
            .flatten()
            .map(|(column, _)| *column)
            .min()
            .unwrap_or(0);
        let Some((_, header)) = present.pop_first() else {
            return Err(ImportError::NoHeader {
                file: path_text(path).into_owned(),
            });
        };
        // The header is as wide as its last named column; cells right of
        // it have no column to go to.
        let width = header
            .iter()
            .map(|(column, _)| column.saturating_sub(first_column).saturating_add(1))
            .max()
            .unwrap_or(0);
        let headers = spread(header, first_column, width)
            .iter()
            .map(header_text)
            .collect();
        Ok(SheetRows {
            file: path_text(path).into_owned(),
            headers,
            first_column,
            rows: present.into_iter(),
        })
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    pub fn next_row(&mut self) -> Option<SourceRow> {
        let (row, cells) = self.rows.next()?;
        let width = u32::try_from(self.headers.len()).unwrap_or(u32::MAX);
        let cells = spread(cells, self.first_column, width)
            .iter()
            .map(cell)
            .collect();
        Some(SourceRow {
            // Rows are numbered from 1 in a spreadsheet; a row index is at
            // most 1,048,575.
            number: usize::try_from(row).map_or(usize::MAX, |row| row.saturating_add(1)),
            cells: Ok(cells),
        })
    }
}

/// Every non-empty cell of the sheet `name`, read one by one where the
/// format allows (XLSX, XLSB); XLS and ODS come as calamine's range.
fn present_cells(
    workbook: &mut Sheets<std::io::BufReader<std::fs::File>>,
    name: &str,
) -> Result<PresentCells, String> {
    let mut present = PresentCells::new();
    let mut keep = |(row, column): (u32, u32), data: Data| {
        if !data.is_empty() {
            present.entry(row).or_default().push((column, data));
        }
    };
    match workbook {
        Sheets::Xlsx(book) => {
            let mut reader = book
                .worksheet_cells_reader(name)
                .map_err(|e| e.to_string())?;
            while let Some(found) = reader.next_cell().map_err(|e| e.to_string())? {
                keep(found.get_position(), Data::from(found.get_value().clone()));
            }
        }
        Sheets::Xlsb(book) => {
            let mut reader = book
                .worksheet_cells_reader(name)
                .map_err(|e| e.to_string())?;
            while let Some(found) = reader.next_cell().map_err(|e| e.to_string())? {
                keep(found.get_position(), Data::from(found.get_value().clone()));
            }
        }
        other => {
            let range = other.worksheet_range(name).map_err(|e| e.to_string())?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (row, column, data) in range.used_cells() {
                let at = |offset: usize, base: u32| {
                    u32::try_from(offset).map_or(u32::MAX, |o| o.saturating_add(base))
                };
                keep((at(row, top), at(column, left)), data.clone());
            }
        }
    }
    Ok(present)
}

/// A row's cells as `width` columns from `first_column`: empty where no
/// cell is, and nothing right of the last column.
fn spread(cells: Vec<(u32, Data)>, first_column: u32, width: u32) -> Vec<Data> {
    let mut row = vec![Data::Empty; usize::try_from(width).unwrap_or(0)];
    for (column, data) in cells {
        let index = column
            .checked_sub(first_column)
            .and_then(|i| usize::try_from(i).ok());
        if let Some(slot) = index.and_then(|i| row.get_mut(i)) {
            *slot = data;
        }
    }
    row
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
