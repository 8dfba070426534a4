//! Exact decimal arithmetic on top of `rust_decimal`.
//!
//! `Decimal` holds 96 bits of mantissa (28–29 significant digits). When a
//! sum needs more, `Decimal::checked_add` does not fail: it drops the
//! finest digits and rounds (`12345678901234567890 + 0.12345678901234567890`
//! gives `…890.123456789`). The program promises exact sums, so every sum
//! and difference goes through [`exact_sum`], which either returns the
//! exact value or says why it cannot.
//!
//! Quotients (shares, averages) can never be exact in general; they are
//! rounded for display only, digit by digit from the exact fraction by
//! [`rounded_quotient`], so what is shown is the true value correctly
//! rounded, never a rounding of a rounding.
#![warn(clippy::arithmetic_side_effects)]

use rust_decimal::Decimal;

/// Why an exact result could not be formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Inexact {
    /// Beyond `Decimal`'s range (about 7.9e28).
    #[error("is too large to be held exactly (beyond 79,228,162,514,264,337,593,543,950,335 won)")]
    TooLarge,
    /// Within range, but with more significant digits than `Decimal` holds.
    #[error("cannot be held exactly: it needs more than 28 significant digits")]
    TooPrecise,
}

impl Inexact {
    /// The reason said of figures in `currency`: the limit of `TooLarge`
    /// is in that currency (`… won`, `… yen`, `… dollars`).
    pub fn said_in(self, currency: crate::amount::Currency) -> String {
        match self {
            Inexact::TooLarge => format!(
                "is too large to be held exactly (beyond 79,228,162,514,264,337,593,543,950,335 {currency})"
            ),
            Inexact::TooPrecise => self.to_string(),
        }
    }
}

/// The exact sum `a + b`, or why `Decimal` cannot hold it.
pub fn exact_sum(a: Decimal, b: Decimal) -> Result<Decimal, Inexact> {
    let sum = a.checked_add(b).ok_or(Inexact::TooLarge)?;
    // `Decimal` only ever rounds by lowering the scale below the finer
    // operand's, so a sum that keeps that scale is exact; only the rare
    // sum that lost scale needs the full check.
    if sum.scale() >= a.scale().max(b.scale()) {
        return Ok(sum);
    }
    match reference_sum(a, b) {
        Some(exact) => Ok(exact),
        None => Err(Inexact::TooPrecise),
    }
}

/// The exact difference `a - b`, or why `Decimal` cannot hold it.
pub fn exact_difference(a: Decimal, b: Decimal) -> Result<Decimal, Inexact> {
    exact_sum(a, negated(b))
}

/// `-value`. Negation only flips the sign bit: it is always exact and
/// cannot overflow (Decimal's range is symmetric).
pub fn negated(value: Decimal) -> Decimal {
    let mut negated = value;
    negated.set_sign_negative(!value.is_sign_negative());
    negated
}

/// `a + b` worked out in `i128` at the finer of the two (normalized)
/// scales; `None` when the exact sum does not fit a `Decimal`.
fn reference_sum(a: Decimal, b: Decimal) -> Option<Decimal> {
    let (a, b) = (a.normalize(), b.normalize());
    let scale = a.scale().max(b.scale());
    let at_scale = |value: Decimal| {
        let factor = 10i128.checked_pow(scale.checked_sub(value.scale())?)?;
        value.mantissa().checked_mul(factor)
    };
    // An operand that overflows i128 at the common scale, or a sum that
    // does, is far beyond a Decimal's 96 bits: the last digit of the finer
    // operand is not zero, so the sum cannot drop it.
    let mut mantissa = at_scale(a)?.checked_add(at_scale(b)?)?;
    let mut scale = scale;
    while scale > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale = scale.saturating_sub(1);
    }
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

/// `numerator / denominator × 10^shift`, rounded half away from zero to
/// `decimals` places, as decimal text (`-1234.50`): exact long division,
/// so the rounding is of the true quotient. `None` for a zero
/// denominator.
///
/// The text may have more digits than a `Decimal` holds.
pub fn rounded_quotient(
    numerator: Decimal,
    denominator: Decimal,
    shift: i32,
    decimals: u32,
) -> Option<String> {
    if denominator.is_zero() {
        return None;
    }
    quick_rounded_quotient(numerator, denominator, shift, decimals)
        .or_else(|| rounded_quotient_by_digits(numerator, denominator, shift, decimals))
}

/// [`rounded_quotient`] in one `u128` division where the scaled
/// numerator and denominator fit (an average of any amount a file holds
/// over a count, shown with a few decimals): the same rounding of the
/// true quotient, half away from zero, without a digit at a time. `None`
/// where they do not fit, or the denominator is zero.
fn quick_rounded_quotient(
    numerator: Decimal,
    denominator: Decimal,
    shift: i32,
    decimals: u32,
) -> Option<String> {
    let negative =
        numerator.is_sign_negative() != denominator.is_sign_negative() && !numerator.is_zero();
    let (mut n, mut d) = (
        numerator.mantissa().unsigned_abs(),
        denominator.mantissa().unsigned_abs(),
    );
    // As in `rounded_quotient_by_digits`: (n / d) × 10^exponent, rounded.
    let exponent = i64::from(denominator.scale())
        .checked_sub(i64::from(numerator.scale()))?
        .checked_add(i64::from(shift))?
        .checked_add(i64::from(decimals))?;
    let power = |exponent: i64| 10u128.checked_pow(u32::try_from(exponent.unsigned_abs()).ok()?);
    if exponent >= 0 {
        n = n.checked_mul(power(exponent)?)?;
    } else {
        d = d.checked_mul(power(exponent)?)?;
    }
    let quotient = n.checked_div(d)?;
    // Half away from zero: what is left is at least half the divisor.
    let round_up = n.checked_rem(d)? >= d.checked_sub(d / 2)?;
    let quotient = if round_up {
        quotient.checked_add(1)?
    } else {
        quotient
    };
    let decimals = usize::try_from(decimals).ok()?;
    let padded = format!("{quotient:0>width$}", width = decimals.checked_add(1)?);
    let split = padded.len().checked_sub(decimals)?;
    let (integer, fraction) = padded.split_at(split);
    let sign = if negative && quotient != 0 { "-" } else { "" };
    Some(if fraction.is_empty() {
        format!("{sign}{integer}")
    } else {
        format!("{sign}{integer}.{fraction}")
    })
}

/// [`rounded_quotient`] by long division, a digit at a time (any sizes).
fn rounded_quotient_by_digits(
    numerator: Decimal,
    denominator: Decimal,
    shift: i32,
    decimals: u32,
) -> Option<String> {
    if denominator.is_zero() {
        return None;
    }
    let negative =
        numerator.is_sign_negative() != denominator.is_sign_negative() && !numerator.is_zero();
    // n/10^ns ÷ d/10^ds × 10^shift = (n / d) × 10^(ds - ns + shift).
    let n = numerator.mantissa().unsigned_abs();
    let d = denominator.mantissa().unsigned_abs();
    // Each term is at most 2^32 in size: the sum cannot overflow i64.
    let exponent = i64::from(denominator.scale())
        .saturating_sub(i64::from(numerator.scale()))
        .saturating_add(i64::from(shift))
        .saturating_add(i64::from(decimals));
    // The result is round(n × 10^exponent / d) / 10^decimals. Long
    // division yields the integer quotient first, then one digit per step.
    let mut digits = n.checked_div(d)?.to_string();
    let mut remainder = n.checked_rem(d)?;
    let mut exponent = exponent;
    while exponent > 0 {
        // remainder < d < 2^96, so remainder × 10 < 2^100 fits u128.
        let widened = remainder.checked_mul(10)?;
        let digit = u32::try_from(widened.checked_div(d)?).ok()?;
        digits.push(char::from_digit(digit, 10)?);
        remainder = widened.checked_rem(d)?;
        exponent = exponent.saturating_sub(1);
    }
    // A negative exponent drops digits already produced: they join the
    // remainder as a larger divisor would.
    let mut dropped = String::new();
    while exponent < 0 {
        match digits.pop() {
            Some(digit) => dropped.insert(0, digit),
            None => dropped.insert(0, '0'),
        }
        exponent = exponent.saturating_add(1);
    }
    let round_up = if dropped.is_empty() {
        // Round half away from zero: remainder / divisor ≥ 1/2.
        remainder.checked_mul(2)? >= d
    } else {
        // The dropped digits are at least half a unit of the last kept
        // one exactly when the first of them is 5 or more.
        dropped.as_bytes()[0] >= b'5'
    };
    if digits.is_empty() {
        digits.push('0');
    }
    if round_up {
        digits = increment(&digits);
    }
    let decimals = usize::try_from(decimals).ok()?;
    let digits = digits.trim_start_matches('0');
    let padded = format!("{digits:0>width$}", width = decimals.checked_add(1)?);
    let split = padded.len().checked_sub(decimals)?;
    let (integer, fraction) = padded.split_at(split);
    let is_zero = padded.bytes().all(|b| b == b'0');
    let sign = if negative && !is_zero { "-" } else { "" };
    Some(if fraction.is_empty() {
        format!("{sign}{integer}")
    } else {
        format!("{sign}{integer}.{fraction}")
    })
}

/// Adds one to a string of decimal digits.
fn increment(digits: &str) -> String {
    let mut bytes = digits.as_bytes().to_vec();
    for byte in bytes.iter_mut().rev() {
        if *byte == b'9' {
            *byte = b'0';
        } else {
            // A digit below 9 plus one is still a digit.
            *byte = byte.saturating_add(1);
            return String::from_utf8(bytes).unwrap_or_default();
        }
    }
    format!("1{}", String::from_utf8(bytes).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    // In a test an overflow panics, and a panic is a failing test.
    #![allow(clippy::arithmetic_side_effects)]
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn sums_that_decimal_would_round_are_refused() {
        // 20 + 20 significant digits: 40 digits, Decimal keeps 28-29.
        assert_eq!(
            exact_sum(dec("12345678901234567890"), dec("0.12345678901234567890")),
            Err(Inexact::TooPrecise)
        );
        // 10000000000000000조 = 1e28 won; + 0.5 needs 30 digits.
        assert_eq!(
            exact_sum(dec("10000000000000000000000000000"), dec("0.5")),
            Err(Inexact::TooPrecise)
        );
        assert_eq!(
            exact_difference(dec("10000000000000000000000000000"), dec("0.5")),
            Err(Inexact::TooPrecise)
        );
        // 5e28 + 5e28 = 1e29 > 7.9e28.
        assert_eq!(exact_sum(dec("5e28"), dec("5e28")), Err(Inexact::TooLarge));
    }

    #[test]
    fn exact_sums_pass_even_when_decimal_drops_trailing_zeros() {
        // 7922816251426433759354395033.5 + 0.5 = 7922816251426433759354395034
        // (the .0 no longer fits, but the value is exact).
        let sum = exact_sum(dec("7922816251426433759354395033.5"), dec("0.5")).unwrap();
        assert_eq!(sum, dec("7922816251426433759354395034"));
        // 1.00000 + 1e27: the zeros go, the value stays.
        let sum = exact_sum(dec("1.00000"), dec("1e27")).unwrap();
        assert_eq!(sum, dec("1000000000000000000000000001"));
        assert_eq!(exact_sum(dec("240.4"), dec("24.25")), Ok(dec("264.65")));
        assert_eq!(exact_difference(dec("1"), dec("0.25")), Ok(dec("0.75")));
    }

    #[test]
    fn quotients_round_the_true_value_half_away_from_zero() {
        let q = |n: &str, d: &str, shift: i32, decimals: u32| {
            rounded_quotient(dec(n), dec(d), shift, decimals).unwrap()
        };
        // 5e28 / 3 = 16666666666666666666666666666.666…: Decimal's own
        // quotient is ...667 (no decimals left), the true one shows .67.
        assert_eq!(
            q("50000000000000000000000000000", "3", 0, 2),
            "16666666666666666666666666666.67"
        );
        // 236.6e9 / 9 = 26288888888.888…
        assert_eq!(q("236600000000", "9", 0, 2), "26288888888.89");
        // in 억원 (shift -8): 262.88888… → 262.89
        assert_eq!(q("236600000000", "9", -8, 2), "262.89");
        // 1 / 8 = 0.125 → 0.13 (half away from zero), -0.125 → -0.13
        assert_eq!(q("1", "8", 0, 2), "0.13");
        assert_eq!(q("-1", "8", 0, 2), "-0.13");
        assert_eq!(q("1", "-8", 0, 2), "-0.13");
        // 0.0049 → 0.00 without a minus sign
        assert_eq!(q("-0.0049", "1", 0, 2), "0.00");
        // 2.5 / 1 at 0 decimals → 3; 1234.5 shifted down 3 → 1.2345 → 1.23
        assert_eq!(q("2.5", "1", 0, 0), "3");
        assert_eq!(q("1234.5", "1", -3, 2), "1.23");
        // 1 / 3 × 100 (a share) → 33.33; 2/3 × 100 → 66.67
        assert_eq!(q("1", "3", 2, 2), "33.33");
        assert_eq!(q("2", "3", 2, 2), "66.67");
        // 999.996 → 1000.00 carries through every digit
        assert_eq!(q("999.996", "1", 0, 2), "1000.00");
        // dropping whole digits: 1,250 shifted down 4 → 0.125 → 0.13
        assert_eq!(q("1250", "1", -4, 2), "0.13");
        assert_eq!(q("1249", "1", -4, 2), "0.12");
        assert_eq!(q("5", "1", -9, 2), "0.00");
        assert_eq!(rounded_quotient(dec("1"), Decimal::ZERO, 0, 2), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever the digits and scales, a sum is either exact (undoing
        /// it gives back both terms) or refused.
        #[test]
        fn sums_are_exact_or_refused(
            a in any::<i128>(), a_scale in 0u32..=28,
            b in any::<i128>(), b_scale in 0u32..=28,
            bits in 1u32..=96,
        ) {
            let bound = |m: i128| m % (1i128 << bits);
            let a = Decimal::from_i128_with_scale(bound(a), a_scale);
            let b = Decimal::from_i128_with_scale(bound(b), b_scale);
            match (exact_sum(a, b), reference_sum(a, b)) {
                (Ok(sum), Some(reference)) => {
                    prop_assert_eq!(sum, reference);
                    prop_assert_eq!(reference_sum(sum, -b), Some(a));
                }
                (Err(_), None) => {}
                (fast, reference) => prop_assert!(false, "{fast:?} vs {reference:?}"),
            }
        }

        /// The one-division way, wherever it answers, writes what the long
        /// division does: numerators of every size a `Decimal` holds, at
        /// any scale, counts and other divisors, shifts of a unit either
        /// way, and ties (a numerator of 2k + 1 halves over 2).
        #[test]
        fn one_division_agrees_with_the_long_division(
            n in prop_oneof![
                -((1i128 << 96) - 1)..(1i128 << 96),
                -1_000_000i128..1_000_000,
                (-1000i128..1000).prop_map(|k| 2 * k + 1),
            ],
            n_scale in 0u32..=28,
            d in prop_oneof![1i128..1_000_000, 1i128..(1i128 << 96), Just(2i128)],
            d_scale in 0u32..=6,
            shift in -24i32..=24,
            decimals in 0u32..=6,
        ) {
            let n = Decimal::from_i128_with_scale(n, n_scale);
            let d = Decimal::from_i128_with_scale(d, d_scale);
            if let Some(quick) = quick_rounded_quotient(n, d, shift, decimals) {
                prop_assert_eq!(Some(quick), rounded_quotient_by_digits(n, d, shift, decimals));
            }
        }

        /// The long division agrees with Decimal's own quotient wherever
        /// that quotient has digits to spare.
        #[test]
        fn quotients_agree_with_decimal_where_it_is_precise(
            n in -10i64.pow(15)..10i64.pow(15), d in 1u64..1_000_000, decimals in 0u32..4,
        ) {
            let n = Decimal::from(n);
            let d = Decimal::from(d);
            let mut expected = (n / d)
                .round_dp_with_strategy(decimals, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            expected.rescale(decimals);
            let text = rounded_quotient(n, d, 0, decimals).unwrap();
            let expected = expected.to_string();
            let expected = if expected.starts_with("-") && expected.trim_start_matches(['-', '0', '.']).is_empty() {
                expected[1..].to_owned()
            } else {
                expected
            };
            prop_assert_eq!(text, expected);
        }
    }
}
