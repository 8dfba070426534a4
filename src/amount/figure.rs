//! Digits as written: a figure keeps every digit and the position of the
//! last one (its precision), and becomes an [`Amount`] only if a `Decimal`
//! holds it exactly. Also TOML number literals (`2.5e3`).

use rust_decimal::Decimal;

use super::{Amount, AmountError, MAX_SIGNIFICANT_DIGITS};

/// A decimal figure as written: `mantissa × 10^exponent`, where the
/// exponent is the position of the last digit written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Figure {
    pub(super) mantissa: i128,
    pub(super) exponent: i32,
}

impl Figure {
    pub(super) fn scaled(self, exponent: u32) -> Figure {
        Figure {
            mantissa: self.mantissa,
            exponent: self.exponent + exponent as i32,
        }
    }

    /// The exact sum, aligned to the finer of the two last digits.
    pub(super) fn checked_add(self, other: Figure) -> Result<Figure, AmountError> {
        let exponent = self.exponent.min(other.exponent);
        let align = |f: Figure| -> Result<i128, AmountError> {
            let shift = u32::try_from(f.exponent - exponent).map_err(|_| AmountError::OVERFLOW)?;
            10i128
                .checked_pow(shift)
                .and_then(|factor| f.mantissa.checked_mul(factor))
                .ok_or(AmountError::OVERFLOW)
        };
        let mantissa = align(self)?
            .checked_add(align(other)?)
            .ok_or(AmountError::OVERFLOW)?;
        Ok(Figure { mantissa, exponent })
    }

    pub(super) fn into_amount(self, negative: bool) -> Result<Amount, AmountError> {
        let digits = significant_digits(self.mantissa);
        if digits > MAX_SIGNIFICANT_DIGITS {
            return Err(AmountError::TooManyDigits(digits));
        }
        let signed = if negative {
            -self.mantissa
        } else {
            self.mantissa
        };
        let won = if self.exponent >= 0 {
            let factor = u32::try_from(self.exponent)
                .ok()
                .and_then(|e| 10i128.checked_pow(e))
                .ok_or(AmountError::OVERFLOW)?;
            let whole = signed.checked_mul(factor).ok_or(AmountError::OVERFLOW)?;
            Decimal::try_from_i128_with_scale(whole, 0).map_err(|_| AmountError::OVERFLOW)?
        } else {
            let scale = self.exponent.unsigned_abs();
            if scale > 28 {
                return Err(AmountError::TOO_FINE);
            }
            Decimal::try_from_i128_with_scale(signed, scale).map_err(|_| AmountError::OVERFLOW)?
        };
        Ok(Amount {
            won,
            precision: self.exponent,
        })
    }
}

fn significant_digits(mantissa: i128) -> usize {
    // The digits of a non-zero number: one more than its power of ten
    // (counted, not written out: every amount read passes here).
    match mantissa.unsigned_abs().checked_ilog10() {
        Some(power) => power as usize + 1,
        None => 1,
    }
}

pub(super) fn split_sign(text: &str) -> (bool, &str) {
    let text = text.trim();
    for (sign, negative) in [("-", true), ("−", true), ("△", true), ("+", false)] {
        if let Some(rest) = text.strip_prefix(sign) {
            return (negative, rest.trim_start());
        }
    }
    (false, text)
}

/// Reads plain digits with an optional fraction, keeping every digit.
/// Commas are thousands separators and must sit between groups of three.
pub(super) fn parse_plain_number(text: &str) -> Result<Figure, AmountError> {
    // Bytes, not `char` patterns: every amount read passes here.
    let (integer, fraction) = match memchr::memchr(b'.', text.as_bytes()) {
        // `.` is one byte: both sides are char boundaries.
        Some(dot) => (&text[..dot], &text[dot + 1..]),
        None => (text, ""),
    };
    let malformed = || AmountError::NotANumber(String::new());
    if integer.is_empty() && fraction.is_empty() || text.ends_with('.') || text.starts_with('.') {
        return Err(malformed());
    }
    if integer.as_bytes().contains(&b',') && !commas_group_thousands(integer) {
        return Err(AmountError::MisplacedSeparator);
    }
    // One pass over the digits, without allocating: leading zeros are not
    // significant; every other digit is, trailing zeros included.
    let mut mantissa: i128 = 0;
    let mut significant = 0usize;
    let digits = integer
        .bytes()
        .filter(|&b| b != b',')
        .chain(fraction.bytes());
    for byte in digits {
        if !byte.is_ascii_digit() {
            return Err(malformed());
        }
        if significant == 0 && byte == b'0' {
            continue;
        }
        significant += 1;
        if significant <= MAX_SIGNIFICANT_DIGITS {
            mantissa = mantissa * 10 + i128::from(byte - b'0');
        }
    }
    if fraction.bytes().any(|b| !b.is_ascii_digit()) {
        return Err(malformed());
    }
    if significant > MAX_SIGNIFICANT_DIGITS {
        return Err(AmountError::TooManyDigits(significant));
    }
    Ok(Figure {
        mantissa,
        exponent: -(fraction.len() as i32),
    })
}

fn commas_group_thousands(integer: &str) -> bool {
    let mut groups = integer.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// Reads a TOML-style decimal literal with an optional exponent (`2.5e3`).
pub(super) fn parse_scientific(text: &str) -> Result<Figure, AmountError> {
    // Digits with a point at most (nearly every figure of a file): no
    // exponent, no name of a number, no comma to look for.
    if text
        .bytes()
        .all(|byte| byte.is_ascii_digit() || byte == b'.')
    {
        let figure = parse_plain_number(text)?;
        return if figure.exponent.abs() < 1000 {
            Ok(figure)
        } else {
            Err(AmountError::OVERFLOW)
        };
    }
    parse_scientific_in_general(text)
}

/// [`parse_scientific`] of any text.
fn parse_scientific_in_general(text: &str) -> Result<Figure, AmountError> {
    let names_infinity_or_nan = text
        .as_bytes()
        .windows(3)
        .any(|w| w.eq_ignore_ascii_case(b"inf") || w.eq_ignore_ascii_case(b"nan"));
    if names_infinity_or_nan {
        return Err(AmountError::NotFinite);
    }
    let (number, exponent) = match text.split_once(['e', 'E']) {
        Some((number, exponent)) => {
            let exponent: i32 = exponent
                .parse()
                .map_err(|_| AmountError::NotANumber(String::new()))?;
            (number, exponent)
        }
        None => (text, 0),
    };
    if number.contains(',') {
        return Err(AmountError::NotANumber(String::new()));
    }
    let figure = parse_plain_number(number)?;
    let exponent = figure
        .exponent
        .checked_add(exponent)
        .filter(|e| e.abs() < 1000)
        .ok_or(AmountError::OVERFLOW)?;
    Ok(Figure {
        mantissa: figure.mantissa,
        exponent,
    })
}

#[cfg(test)]
mod tests {
    use crate::amount::test_support::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 256,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// Digits and points (the quick way) read as any text is read:
        /// the same figure, or the same error.
        #[test]
        fn digits_and_points_read_as_any_text(text in "[0-9.]{0,40}") {
            let quick = super::parse_scientific(&text);
            let general = super::parse_scientific_in_general(&text);
            prop_assert_eq!(format!("{quick:?}"), format!("{general:?}"));
        }
    }

    #[test]
    fn toml_literals_are_read_exactly() {
        let literal = |text: &str| Amount::from_toml_literal(text, billion()).unwrap();
        assert_eq!(literal("264.6").won(), dec("264600000000"));
        assert_eq!(literal("0.1").won(), dec("100000000"));
        assert_eq!(literal("1_000").won(), dec("1000000000000"));
        assert_eq!(literal("2.5e3").won(), dec("2500000000000"));
        assert_eq!(literal("-3.5").won(), dec("-3500000000"));
        assert_eq!(literal("240.40").precision(), 7);
        assert_eq!(
            Amount::from_toml_literal("0.1", Unit::WON)
                .unwrap()
                .won()
                .to_string(),
            "0.1"
        );
    }

    #[test]
    fn non_finite_and_huge_literals_are_errors() {
        for text in ["inf", "-inf", "nan", "+nan"] {
            assert_eq!(
                Amount::from_toml_literal(text, Unit::WON),
                Err(AmountError::NotFinite)
            );
        }
        for text in ["NaN", "-Infinity", "inf"] {
            assert_eq!(Amount::parse(text, Unit::WON), Err(AmountError::NotFinite));
        }
        assert_eq!(
            Amount::from_toml_literal("1e400", Unit::WON),
            Err(AmountError::OVERFLOW)
        );
        assert_eq!(
            Amount::from_toml_literal("1e-400", Unit::WON),
            Err(AmountError::TOO_FINE)
        );
        assert_eq!(
            Amount::from_toml_literal("1e-30", Unit::WON),
            Err(AmountError::TOO_FINE)
        );
    }

    #[test]
    fn twenty_eight_significant_digits_is_the_limit() {
        let ok = "1234567890123456789012345678";
        assert_eq!(ok.len(), 28);
        assert_eq!(won_of(ok, Unit::WON), ok);
        let too_many = "12345678901234567890123456789";
        assert_eq!(
            Amount::parse(too_many, Unit::WON),
            Err(AmountError::TooManyDigits(29))
        );
        assert_eq!(
            Amount::from_toml_literal("123456789012345678901234567890", Unit::WON),
            Err(AmountError::TooManyDigits(30))
        );
        // Leading zeros are not significant.
        assert!(Amount::parse("0000000000000000000000000000001", Unit::WON).is_ok());
        // Within 28 digits, but beyond Decimal's range once in won.
        assert_eq!(
            Amount::parse("1234567890123456789 trillion won", Unit::WON),
            Err(AmountError::OVERFLOW)
        );
    }
}
