//! Money as written in budget files: exact decimal amounts in won, the units
//! they are written in, and the precision of the last digit written.
//!
//! Every figure is read digit for digit into a `Decimal`; nothing passes
//! through `f64`. Values that a `Decimal` cannot hold exactly (more than 28
//! significant digits, or beyond its range) are errors, never roundings.
//!
//! - [`Unit`] (`unit.rs`): the units a file may name and their spellings;
//! - [`Currency`] (`currency.rs`): won, yen or dollars, never mixed;
//! - [`Amount`] (here): the exact figure and its arithmetic;
//! - `figure.rs`: digits as written, and TOML number literals;
//! - `text.rs`: amounts written as strings (`"264.6 billion won"`);
//! - `korean.rs`: Korean numerals (`1조 2,000억원`) and their ambiguities;
//! - `hint.rs`: what to write instead of `(1,234)` or full-width digits;
//! - [`AmountError`] (`error.rs`): why a figure could not be read.

mod currency;
mod error;
mod figure;
mod hint;
mod korean;
mod text;
mod unit;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::exact::{Inexact, exact_difference, exact_sum};

pub use currency::{Currency, MixedCurrencies, Myriads, one_currency, one_currency_for};
pub use error::{AmountError, Readings};
pub use unit::Unit;

use figure::{parse_scientific, split_sign};
use text::{in_parentheses, parse_amount_text};

/// Most significant digits a figure may have and still be held exactly.
pub const MAX_SIGNIFICANT_DIGITS: usize = 28;
/// An exact amount of money in won, with the precision it was written to.
///
/// `precision` is the power of ten (in won) of the last digit written:
/// `264.6 billion won` has precision 8 (a tenth of a billion), `2,646억원`
/// also 8, `30 million won` 6. Sums keep the finest precision of their terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    won: Decimal,
    precision: i32,
}

/// Amounts serialize as the exact decimal in won, as a string.
impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.won)
    }
}

/// Precision of a figure nobody wrote (an empty sum): shown with no decimals.
const UNWRITTEN: i32 = i32::MAX / 2;

impl Amount {
    pub const ZERO: Amount = Amount {
        won: Decimal::ZERO,
        precision: UNWRITTEN,
    };

    pub fn new(won: Decimal, precision: i32) -> Amount {
        Amount { won, precision }
    }

    /// Reads a TOML number literal (`264.6`, `1_000`, `2.5e3`) in `unit`.
    pub fn from_toml_literal(literal: &str, unit: Unit) -> Result<Amount, AmountError> {
        let literal: std::borrow::Cow<'_, str> = if literal.as_bytes().contains(&b'_') {
            literal.replace('_', "").into()
        } else {
            literal.into()
        };
        let (negative, unsigned) = split_sign(&literal);
        let in_currency = |error: AmountError| error.in_currency(unit.currency());
        let mut figure = parse_scientific(unsigned).map_err(in_currency)?;
        figure.exponent += unit.exponent() as i32;
        figure.into_amount(negative).map_err(in_currency)
    }

    /// Reads an amount written as a string: `"264.6 billion won"`,
    /// `"2,646억원"`, `"1조 2,000억원"`, `"₩30,000,000"`, `"-3.5"`.
    /// A bare number is in `default_unit`.
    pub fn parse(text: &str, default_unit: Unit) -> Result<Amount, AmountError> {
        parse_amount_text(text, default_unit)
            .map_err(|error| hint::rewritten_error(text, default_unit).unwrap_or(error))
    }

    /// Reads an amount as spreadsheets and accounting exports write it:
    /// everything [`Amount::parse`] reads, and also `(1,234)` for a
    /// negative figure. Only importers use this; year files keep their
    /// stricter syntax.
    pub fn parse_accounting(text: &str, default_unit: Unit) -> Result<Amount, AmountError> {
        let trimmed = text.trim();
        match trimmed
            .strip_prefix('(')
            .and_then(|rest| rest.strip_suffix(')'))
        {
            Some(inner) => {
                let inner = inner.trim();
                if inner.starts_with(['-', '−', '△', '+', '(']) {
                    return Err(AmountError::NotANumber(
                        "parentheses already make the figure negative".into(),
                    ));
                }
                let amount = parse_amount_text(inner, default_unit).map_err(in_parentheses)?;
                Ok(Amount {
                    won: -amount.won,
                    precision: amount.precision,
                })
            }
            None => Amount::parse(trimmed, default_unit),
        }
    }

    pub fn won(self) -> Decimal {
        self.won
    }

    pub fn precision(self) -> i32 {
        self.precision
    }

    pub fn is_zero(self) -> bool {
        self.won.is_zero()
    }

    /// The exact sum; `None` if `Decimal` cannot hold it exactly (too
    /// large, or too many significant digits: never rounded).
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.exact_add(other).ok()
    }

    /// The exact difference; `None` if `Decimal` cannot hold it exactly.
    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.exact_sub(other).ok()
    }

    /// The exact sum, or why it cannot be held exactly.
    pub fn exact_add(self, other: Amount) -> Result<Amount, Inexact> {
        Ok(Amount {
            won: exact_sum(self.won, other.won)?,
            precision: self.precision.min(other.precision),
        })
    }

    /// The exact difference, or why it cannot be held exactly.
    pub fn exact_sub(self, other: Amount) -> Result<Amount, Inexact> {
        Ok(Amount {
            won: exact_difference(self.won, other.won)?,
            precision: self.precision.min(other.precision),
        })
    }

    /// The exact value in `unit`, with as many decimals as the figure was
    /// written with (`264.6 billion won` in billion won is `264.6`, in 억원
    /// `2646`, in won `264600000000`).
    pub fn in_unit(self, unit: Unit) -> Decimal {
        let value = shift_down(self.won, unit.exponent());
        let written_decimals = (unit.exponent() as i64 - self.precision as i64).clamp(0, 28) as u32;
        let mut normalized = value.normalize();
        if normalized.scale() < written_decimals {
            normalized.rescale(written_decimals);
        }
        normalized
    }

    /// How many decimals the figure has in `unit`, as written.
    pub fn written_decimals(self, unit: Unit) -> u32 {
        self.in_unit(unit).scale()
    }
}

/// Divides by 10^exponent exactly when `Decimal` can hold the result.
pub fn shift_down(value: Decimal, exponent: u32) -> Decimal {
    let mut shifted = value;
    if shifted.scale() + exponent <= 28 && shifted.set_scale(value.scale() + exponent).is_ok() {
        return shifted;
    }
    value / pow10(exponent)
}

/// 10^exponent as a `Decimal` (exponent at most 28).
pub fn pow10(exponent: u32) -> Decimal {
    Decimal::from_i128_with_scale(10i128.pow(exponent.min(28)), 0)
}

#[cfg(test)]
mod test_support {
    pub use super::{Amount, AmountError, Unit, pow10};
    pub use rust_decimal::Decimal;
    use std::str::FromStr;

    pub fn billion() -> Unit {
        Unit::parse("billion won").unwrap()
    }

    pub fn won_of(text: &str, unit: Unit) -> String {
        Amount::parse(text, unit).unwrap().won().to_string()
    }

    pub fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;

    #[test]
    fn precision_is_the_last_written_digit() {
        let precision = |text: &str, unit: Unit| Amount::parse(text, unit).unwrap().precision();
        assert_eq!(precision("264.6", billion()), 8);
        assert_eq!(precision("240.40", billion()), 7);
        assert_eq!(precision("2,646억원", Unit::WON), 8);
        assert_eq!(precision("1조 2,000억원", Unit::WON), 8);
        assert_eq!(precision("1조 2천억", Unit::WON), 11);
        assert_eq!(precision("30 million won", Unit::WON), 6);
        assert_eq!(precision("0.05 won", Unit::WON), -2);
    }

    #[test]
    fn trailing_zeros_are_kept_in_display() {
        let amount = Amount::parse("240.40", billion()).unwrap();
        assert_eq!(amount.in_unit(billion()).to_string(), "240.40");
        assert_eq!(amount.in_unit(Unit::WON).to_string(), "240400000000");
        assert_eq!(
            amount.in_unit(Unit::parse("억원").unwrap()).to_string(),
            "2404.0"
        );
        let loans = Amount::parse("264.6", billion()).unwrap();
        assert_eq!(
            loans.in_unit(Unit::parse("trillion").unwrap()),
            dec("0.2646")
        );
    }

    #[test]
    fn sums_keep_the_finest_precision() {
        let a = Amount::parse("240.4", billion()).unwrap();
        let b = Amount::parse("24.25", billion()).unwrap();
        let sum = a.checked_add(b).unwrap();
        assert_eq!(sum.won(), dec("264650000000"));
        assert_eq!(sum.precision(), 7);
        assert_eq!(Amount::ZERO.checked_add(a), Some(a));
        assert_eq!(Amount::ZERO.in_unit(billion()).to_string(), "0");
    }
}
