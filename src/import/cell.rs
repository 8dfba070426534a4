//! One cell of an imported row and how it is read as text, an amount or
//! a count.
//!
//! CSV cells are text. Spreadsheet cells can also be numbers, which
//! `calamine` hands over as `f64` (that is how XLSX stores them). Such a
//! number is read back as the shortest decimal that turns into the same
//! `f64` — what was typed — and accepted only when that decimal has at most
//! 15 significant digits: every decimal of up to 15 significant digits
//! survives the trip through `f64` unchanged (`f64` holds 15 decimal
//! digits, and spreadsheets keep no more), so the decimal read is exactly
//! the one typed. Longer ones (`0.30000000000000004` from a formula,
//! integers beyond 2^53) are refused rather than guessed at. The `f64` is
//! never used in arithmetic.

use std::borrow::Cow;

use crate::amount::{Amount, AmountError, Unit};
use crate::error::quote;
use crate::import::error::RowProblem;

/// Most significant digits of a spreadsheet number read as a decimal.
const MAX_SHEET_DIGITS: usize = 15;

/// A cell as the source gives it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    /// A spreadsheet integer (XLS, ODS and XLSB can store these).
    Integer(i64),
    /// A spreadsheet number as stored: a binary float (see the module doc).
    SheetFloat(f64),
    Bool(bool),
    /// Dates, durations and error values (`#N/A`): never text or amounts.
    Other {
        kind: &'static str,
        shown: String,
    },
}

/// The column a cell is read for, to name it in problems.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column<'a> {
    /// The header, as named in `--map`.
    pub name: &'a str,
    /// What the column is mapped to: `name`, `amount`, `count.companies`.
    pub role: &'a str,
}

impl Cell {
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as trimmed text, or `None` for a value that has none (an
    /// error value, a date) or a spreadsheet number that cannot be read
    /// exactly. Used by filters.
    pub fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Cell::Empty => Some(Cow::Borrowed("")),
            Cell::Text(text) => Some(Cow::Borrowed(text.trim())),
            Cell::Integer(integer) => Some(Cow::Owned(integer.to_string())),
            Cell::SheetFloat(float) => sheet_number_text(*float).map(Cow::Owned),
            Cell::Bool(value) => Some(Cow::Owned(value.to_string())),
            Cell::Other { .. } => None,
        }
    }

    /// Non-empty text for a name, a category segment or an id.
    pub fn required_text(&self, column: Column<'_>) -> Result<String, RowProblem> {
        let text = self.text().ok_or_else(|| self.not_text(column))?;
        if text.is_empty() {
            return Err(RowProblem::EmptyCell {
                column: column.name.to_owned(),
                role: column.role.to_owned(),
            });
        }
        Ok(text.into_owned())
    }

    /// An amount in `unit`, read exactly: thousands separators, `△`, `-`
    /// and parentheses for negatives, as [`Amount::parse_accounting`].
    pub fn amount(&self, column: Column<'_>, unit: Unit) -> Result<Amount, RowProblem> {
        let bad = |value: &str, reason| RowProblem::BadAmount {
            column: column.name.to_owned(),
            value: quote(value),
            reason,
        };
        match self {
            Cell::Empty => Err(self.empty(column)),
            Cell::Text(text) if text.trim().is_empty() => Err(self.empty(column)),
            Cell::Text(text) => Amount::parse_accounting(text, unit)
                .map_err(|reason| bad(text, digitless_is_not_a_number(text, reason))),
            Cell::Integer(integer) => {
                let text = integer.to_string();
                Amount::parse_accounting(&text, unit).map_err(|r| bad(&text, r))
            }
            Cell::SheetFloat(float) => {
                let text = self.sheet_number(*float, column)?;
                Amount::parse_accounting(&text, unit).map_err(|r| bad(&text, r))
            }
            Cell::Bool(_) | Cell::Other { .. } => Err(self.not_text(column)),
        }
    }

    /// A count: a whole number ≥ 1, or `N+` for at least N; thousands
    /// separators allowed. An empty cell or 0 means no count.
    pub fn count(&self, column: Column<'_>) -> Result<Option<(u64, bool)>, RowProblem> {
        let text = match self {
            Cell::SheetFloat(float) => Cow::Owned(self.sheet_number(*float, column)?),
            _ => self.text().ok_or_else(|| self.not_text(column))?,
        };
        let bad = |reason| RowProblem::BadCount {
            column: column.name.to_owned(),
            value: quote(&text),
            reason,
        };
        let (number, at_least) = match text.strip_suffix('+') {
            Some(number) => (number.trim(), true),
            None => (text.as_ref(), false),
        };
        if number.is_empty() && !at_least {
            return Ok(None);
        }
        if number.starts_with(['-', '△', '(']) {
            return Err(bad("counts cannot be negative"));
        }
        match number.replace(',', "").parse::<u64>() {
            Ok(0) if !at_least => Ok(None),
            Ok(0) => Err(bad("`0+` says nothing; leave the cell empty")),
            Ok(count) => Ok(Some((count, at_least))),
            Err(_) => Err(bad("write a whole number, optionally followed by `+`")),
        }
    }

    fn sheet_number(&self, float: f64, column: Column<'_>) -> Result<String, RowProblem> {
        sheet_number_text(float).ok_or_else(|| RowProblem::InexactNumber {
            column: column.name.to_owned(),
            value: float.to_string(),
        })
    }

    fn empty(&self, column: Column<'_>) -> RowProblem {
        RowProblem::EmptyCell {
            column: column.name.to_owned(),
            role: column.role.to_owned(),
        }
    }

    fn not_text(&self, column: Column<'_>) -> RowProblem {
        let (kind, shown) = match self {
            Cell::Other { kind, shown } => (*kind, quote(shown)),
            Cell::Bool(value) => ("a boolean", value.to_string()),
            Cell::SheetFloat(float) => {
                return RowProblem::InexactNumber {
                    column: column.name.to_owned(),
                    value: float.to_string(),
                };
            }
            _ => ("a value", String::new()),
        };
        RowProblem::NotText {
            column: column.name.to_owned(),
            role: column.role.to_owned(),
            kind,
            value: shown,
        }
    }
}

/// `미정` or `n/a` in an amount column is not a number; the amount parser
/// would read its letters as an unknown unit.
fn digitless_is_not_a_number(text: &str, reason: AmountError) -> AmountError {
    match reason {
        AmountError::UnknownUnit { .. } if !text.chars().any(|c| c.is_ascii_digit()) => {
            AmountError::NotANumber(String::new())
        }
        other => other,
    }
}

/// The decimal a spreadsheet number was typed as, if it can be known
/// exactly (see the module doc). Rust prints an `f64` as the shortest
/// decimal that reads back as the same `f64`, never in exponent form.
pub(crate) fn sheet_number_text(float: f64) -> Option<String> {
    if !float.is_finite() {
        return None;
    }
    let text = float.to_string();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let significant = digits.trim_start_matches('0').trim_end_matches('0');
    (significant.len() <= MAX_SHEET_DIGITS).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AMOUNT: Column<'static> = Column {
        name: "예산액",
        role: "amount",
    };

    fn thousand() -> Unit {
        Unit::parse("천원").unwrap()
    }

    fn won(cell: Cell) -> String {
        cell.amount(AMOUNT, thousand()).unwrap().won().to_string()
    }

    #[test]
    fn spreadsheet_numbers_read_as_typed() {
        assert_eq!(sheet_number_text(1234.0).as_deref(), Some("1234"));
        assert_eq!(sheet_number_text(0.1).as_deref(), Some("0.1"));
        assert_eq!(sheet_number_text(-2.5).as_deref(), Some("-2.5"));
        assert_eq!(
            sheet_number_text(1e20).as_deref(),
            Some("100000000000000000000")
        );
        // 15 significant digits survive; 2^53 + 1 is not a float at all,
        // and 0.1 + 0.2 is a float whose shortest decimal has 17 digits.
        assert_eq!(
            sheet_number_text(123456789012.345).as_deref(),
            Some("123456789012.345")
        );
        assert_eq!(sheet_number_text(9007199254740993.0), None);
        assert_eq!(sheet_number_text(0.1 + 0.2), None);
        assert_eq!(sheet_number_text(f64::NAN), None);
        assert_eq!(sheet_number_text(f64::INFINITY), None);
    }

    #[test]
    fn amounts_in_the_column_unit() {
        // 천원: 1,250,000 천원 = 1,250,000,000 won.
        assert_eq!(won(Cell::Text("1,250,000".into())), "1250000000");
        assert_eq!(won(Cell::Text(" △12,000 ".into())), "-12000000");
        assert_eq!(won(Cell::Text("(500)".into())), "-500000");
        assert_eq!(won(Cell::Integer(7)), "7000");
        assert_eq!(won(Cell::SheetFloat(1234.5)), "1234500");
        assert_eq!(won(Cell::SheetFloat(0.001)), "1");
    }

    #[test]
    fn bad_amounts_name_column_and_value() {
        let problem = |text: &str| {
            Cell::Text(text.into())
                .amount(AMOUNT, thousand())
                .unwrap_err()
                .to_string()
        };
        assert_eq!(problem("미정"), "`예산액` = \"미정\" is not a number");
        // Dollars became a currency with issue 15: in a file in 천원 they
        // are another currency; a currency the tool does not know is still
        // an unknown unit.
        assert_eq!(
            problem("12 pesos"),
            "`예산액` = \"12 pesos\" has an unknown unit `pesos`"
        );
        assert_eq!(
            problem("12 dollars"),
            "`예산액` = \"12 dollars\" is in dollars, but the file's unit is in won; a file holds amounts in one currency (no exchange rate is applied)"
        );
        assert_eq!(
            problem("1,2345"),
            "`예산액` = \"1,2345\" has a misplaced thousands separator (write `1,234,567` or `1234567`)"
        );
        // A space is no thousands separator, in a CSV cell or a
        // spreadsheet's text cell alike (both are `Cell::Text`); once read
        // as 1 + 234 = 235 천원.
        assert_eq!(
            problem("1 234"),
            "`예산액` = \"1 234\" has digits separated by a space, which is not a thousands separator; for one number write \"1,234\""
        );
        assert_eq!(
            problem("(1 234)"),
            "`예산액` = \"(1 234)\" has digits separated by a space, which is not a thousands separator; for one number write \"(1,234)\""
        );
        assert_eq!(
            problem("(3억 5천)"),
            "`예산액` = \"(3억 5천)\" has a last figure without a unit after 억 (만 or 원?): write \"(3억 5천만원)\" or \"(3억 5,000원)\""
        );
        // Korean numerals without digits are amounts all the same.
        assert_eq!(won(Cell::Text("천만원".into())), "10000000");
        assert_eq!(
            Cell::Empty
                .amount(AMOUNT, thousand())
                .unwrap_err()
                .to_string(),
            "`예산액` (amount) is empty"
        );
        assert!(matches!(
            Cell::SheetFloat(0.1 + 0.2).amount(AMOUNT, thousand()),
            Err(RowProblem::InexactNumber { .. })
        ));
        assert!(matches!(
            Cell::Other {
                kind: "an error value",
                shown: "#N/A".into()
            }
            .amount(AMOUNT, thousand()),
            Err(RowProblem::NotText { .. })
        ));
    }

    #[test]
    fn counts() {
        let column = Column {
            name: "기업수",
            role: "count.companies",
        };
        let count = |cell: Cell| cell.count(column);
        assert_eq!(count(Cell::Text("1,200+".into())), Ok(Some((1200, true))));
        assert_eq!(count(Cell::Text(" 12 ".into())), Ok(Some((12, false))));
        assert_eq!(count(Cell::SheetFloat(9.0)), Ok(Some((9, false))));
        assert_eq!(count(Cell::Integer(3)), Ok(Some((3, false))));
        assert_eq!(count(Cell::Empty), Ok(None));
        assert_eq!(count(Cell::Text("0".into())), Ok(None));
        assert!(count(Cell::Text("-3".into())).is_err());
        assert!(count(Cell::Text("many".into())).is_err());
        assert!(count(Cell::SheetFloat(1.5)).is_err());
    }

    #[test]
    fn text_of_cells() {
        assert_eq!(
            Cell::Text("  경주시 ".into()).text().as_deref(),
            Some("경주시")
        );
        assert_eq!(Cell::SheetFloat(1001.0).text().as_deref(), Some("1001"));
        assert_eq!(
            Cell::Other {
                kind: "a date",
                shown: "2025-01-01".into()
            }
            .text(),
            None
        );
        assert!(Cell::Text(" ".into()).is_blank());
        assert!(!Cell::Integer(0).is_blank());
    }
}
