//! CSV input, streamed one record at a time: the delimiter is sniffed from
//! the header line, the encoding (UTF-8, with or without a byte order
//! mark, or CP949/EUC-KR) from the first record that is not plain ASCII.
//!
//! Rows are numbered by record, the header being row 1, as a spreadsheet
//! shows the file; that is also the line number unless a quoted cell holds
//! a line break. (The `csv` crate's own line numbers are off by one after
//! CRLF line ends, which most Korean exports use.)
//!
//! Records are split on raw bytes and decoded afterwards. That is safe for
//! CP949 too: its two-byte characters never contain the bytes of a
//! delimiter, a quote or a line break.

use std::io::{Cursor, Read};

use csv::{ByteRecord, ReaderBuilder};

use crate::import::cell::Cell;
use crate::import::error::{ImportError, RowProblem};
use crate::import::source::SourceRow;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// The text encoding of a CSV file, decided once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextEncoding {
    /// Only ASCII seen so far: every candidate reads it the same.
    Undecided,
    Utf8,
    Cp949,
}

impl TextEncoding {
    /// Decodes a record's fields, deciding the encoding on the first
    /// record with a byte beyond ASCII: UTF-8 if the record is valid
    /// UTF-8, else CP949 if it is valid CP949.
    fn decode(&mut self, record: &ByteRecord) -> Result<Vec<String>, &'static str> {
        if *self == TextEncoding::Undecided && !record.as_slice().is_ascii() {
            *self = if std::str::from_utf8(record.as_slice()).is_ok() {
                TextEncoding::Utf8
            } else if cp949(record.as_slice()).is_some() {
                TextEncoding::Cp949
            } else {
                return Err("is neither UTF-8 nor CP949/EUC-KR text");
            };
        }
        record
            .iter()
            .map(|field| match self {
                TextEncoding::Undecided | TextEncoding::Utf8 => std::str::from_utf8(field)
                    .map(str::to_owned)
                    .map_err(|_| "is not valid UTF-8, unlike the rows before it"),
                TextEncoding::Cp949 => {
                    cp949(field).ok_or("is not valid CP949/EUC-KR, unlike the rows before it")
                }
            })
            .collect()
    }
}

/// `encoding_rs`'s EUC-KR is the WHATWG one, which is CP949 (Unified
/// Hangul Code), the superset Korean Windows and portals write.
fn cp949(bytes: &[u8]) -> Option<String> {
    encoding_rs::EUC_KR
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

pub(crate) struct CsvRows {
    file: String,
    reader: csv::Reader<Box<dyn Read>>,
    headers: Vec<String>,
    encoding: TextEncoding,
    record: ByteRecord,
    /// Records read so far, the header included.
    records_read: usize,
}

impl CsvRows {
    /// `prefix` holds the bytes already read from `rest` to sniff the file.
    pub fn open(
        file: &str,
        mut prefix: Vec<u8>,
        rest: Box<dyn Read>,
    ) -> Result<CsvRows, ImportError> {
        if prefix.starts_with(b"\xFF\xFE") || prefix.starts_with(b"\xFE\xFF") {
            return Err(ImportError::Unreadable {
                file: file.to_owned(),
                reason: "is UTF-16 text; save it as CSV (UTF-8 or CP949)".into(),
            });
        }
        let mut encoding = TextEncoding::Undecided;
        if prefix.starts_with(UTF8_BOM) {
            prefix.drain(..UTF8_BOM.len());
            encoding = TextEncoding::Utf8;
        }
        let delimiter = sniff_delimiter(&prefix);
        let input: Box<dyn Read> = Box::new(Cursor::new(prefix).chain(rest));
        let reader = ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut rows = CsvRows {
            file: file.to_owned(),
            reader,
            headers: Vec::new(),
            encoding,
            record: ByteRecord::new(),
            records_read: 0,
        };
        rows.headers = rows.read_headers()?;
        Ok(rows)
    }

    fn read_headers(&mut self) -> Result<Vec<String>, ImportError> {
        if !self.read_record()? {
            return Err(ImportError::NoHeader {
                file: self.file.clone(),
            });
        }
        let headers =
            self.encoding
                .decode(&self.record)
                .map_err(|reason| ImportError::HeaderEncoding {
                    file: self.file.clone(),
                    row: self.row_number(),
                    reason: reason.into(),
                })?;
        Ok(headers.iter().map(|h| h.trim().to_owned()).collect())
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    pub fn next_row(&mut self) -> Result<Option<SourceRow>, ImportError> {
        if !self.read_record()? {
            return Ok(None);
        }
        let headers = self.headers.len();
        let cells = self
            .encoding
            .decode(&self.record)
            .map_err(|reason| RowProblem::Encoding { reason })
            .and_then(|fields| no_extra_fields(fields, headers))
            .map(|fields| fields.into_iter().map(Cell::Text).collect());
        Ok(Some(SourceRow {
            number: self.row_number(),
            cells,
        }))
    }

    fn read_record(&mut self) -> Result<bool, ImportError> {
        let more = self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|error| match error.kind() {
                csv::ErrorKind::Io(io) => ImportError::Unreadable {
                    file: self.file.clone(),
                    reason: format!("cannot read: {io}"),
                },
                _ => ImportError::Csv {
                    file: self.file.clone(),
                    row: self.records_read.saturating_add(1),
                    reason: error.to_string(),
                },
            })?;
        self.records_read = self.records_read.saturating_add(usize::from(more));
        Ok(more)
    }

    /// The current record's row: the header is row 1.
    fn row_number(&self) -> usize {
        self.records_read
    }
}

/// A row's fields, unless it has more than the header and one of them
/// holds something: an unquoted `1,234` splits into `1` and `234`, and
/// reading the first alone would be a silently wrong amount. Empty fields
/// past the header (a trailing delimiter, as some exports write) are
/// nothing lost.
fn no_extra_fields(fields: Vec<String>, headers: usize) -> Result<Vec<String>, RowProblem> {
    let extra = fields
        .iter()
        .enumerate()
        .skip(headers)
        .find(|(_, f)| !f.trim().is_empty());
    match extra {
        Some((at, extra)) => Err(RowProblem::ExtraFields {
            fields: fields.len(),
            headers,
            position: at.saturating_add(1),
            value: crate::quote::excerpt(extra),
        }),
        None => Ok(fields),
    }
}

/// The delimiter among `,` tab `;` `|` that the header line uses most
/// (outside quotes); `,` when it uses none (a one-column file) or on a tie
/// with `,`.
fn sniff_delimiter(prefix: &[u8]) -> u8 {
    let header_line = prefix.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for &byte in header_line {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = DELIMITERS.iter().position(|&d| d == byte) {
            counts[i] = counts[i].saturating_add(1);
        }
    }
    let best = counts
        .iter()
        .enumerate()
        .rev()
        .max_by_key(|&(_, count)| count)
        .map_or(0, |(index, _)| index);
    DELIMITERS[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(bytes: &[u8]) -> Result<(Vec<String>, Vec<SourceRow>), ImportError> {
        let mut rows = CsvRows::open("t.csv", bytes.to_vec(), Box::new(std::io::empty()))?;
        let mut all = Vec::new();
        while let Some(row) = rows.next_row()? {
            all.push(row);
        }
        Ok((rows.headers().to_vec(), all))
    }

    fn texts(row: &SourceRow) -> Vec<String> {
        row.cells()
            .unwrap()
            .iter()
            .map(|c| c.text().unwrap().into_owned())
            .collect()
    }

    #[test]
    fn a_field_past_the_header_is_an_error_unless_empty() {
        // `1,234` unquoted: the row has a fifth field, `234`.
        let (_, read) =
            rows(b"id,name,category,amount\na,A,c,1,234\nb,B,c,5,\nc,C,c,6,, \n").unwrap();
        assert!(matches!(
            read[0].cells(),
            Err(RowProblem::ExtraFields {
                fields: 5,
                headers: 4,
                position: 5,
                ..
            })
        ));
        // A trailing delimiter, or blank fields past the header: the row
        // as it is.
        assert_eq!(texts(&read[1]), ["b", "B", "c", "5", ""]);
        assert_eq!(texts(&read[2]), ["c", "C", "c", "6", "", ""]);
        // Quoted, the number is one field.
        let (_, read) = rows(b"id,name,category,amount\na,A,c,\"1,234\"\n").unwrap();
        assert_eq!(texts(&read[0]), ["a", "A", "c", "1,234"]);
    }

    #[test]
    fn delimiters_are_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c\r\n"), b'|');
        assert_eq!(sniff_delimiter(b"\"x;y\",b"), b',');
        assert_eq!(sniff_delimiter(b"one"), b',');
        assert_eq!(sniff_delimiter(b"a,b;c"), b',');
    }

    #[test]
    fn reads_utf8_with_a_bom_and_semicolons() {
        let (headers, rows) =
            rows("\u{feff}코드; 이름 ;금액\r\nA;가;\"1,000\"\r\n".as_bytes()).unwrap();
        assert_eq!(headers, ["코드", "이름", "금액"]);
        assert_eq!(rows[0].number, 2);
        assert_eq!(texts(&rows[0]), ["A", "가", "1,000"]);
    }

    #[test]
    fn quoted_cells_keep_delimiters_and_quotes() {
        let (_, rows) = rows(b"a,b\n\"x, \"\"y\"\"\",\"1,000\"\n").unwrap();
        assert_eq!(texts(&rows[0]), ["x, \"y\"", "1,000"]);
    }

    #[test]
    fn reads_cp949() {
        let (bytes, _, _) =
            encoding_rs::EUC_KR.encode("분야명,예산액\n일반공공행정,\"1,000\"\n똠방각하,2\n");
        let (headers, rows) = rows(&bytes).unwrap();
        assert_eq!(headers, ["분야명", "예산액"]);
        assert_eq!(texts(&rows[0]), ["일반공공행정", "1,000"]);
        // 똠 is outside EUC-KR proper, in CP949's extension.
        assert_eq!(texts(&rows[1]), ["똠방각하", "2"]);
        assert_eq!(rows[1].number, 3);
    }

    #[test]
    fn the_encoding_is_decided_by_the_first_non_ascii_record() {
        let mut bytes = encoding_rs::EUC_KR
            .encode("name,amount\n경주,1\n")
            .0
            .into_owned();
        bytes.extend_from_slice("포항,2\n".as_bytes());
        let (_, rows) = rows(&bytes).unwrap();
        assert!(rows[0].cells().is_ok());
        assert_eq!(
            rows[1].cells().unwrap_err().to_string(),
            "the row is not valid CP949/EUC-KR, unlike the rows before it"
        );
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them() {
        let (_, rows) = rows(b"a,b\r\n\"x\r\ny\",1\r\nz,2\r\n").unwrap();
        assert_eq!(rows[0].number, 2);
        assert_eq!(rows[1].number, 3);
    }

    #[test]
    fn other_encodings_are_refused_at_the_header() {
        // Latin-1 `é` then `,`: neither UTF-8 nor a CP949 two-byte character.
        assert_eq!(
            rows(b"caf\xe9,amount\n").unwrap_err().to_string(),
            "t.csv:1: the header row is neither UTF-8 nor CP949/EUC-KR text"
        );
    }

    #[test]
    fn empty_and_utf16_files_are_refused() {
        assert!(matches!(rows(b""), Err(ImportError::NoHeader { .. })));
        assert!(
            rows(b"\xFF\xFEa\x00")
                .unwrap_err()
                .to_string()
                .contains("UTF-16")
        );
    }
}
