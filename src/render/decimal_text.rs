//! A `Decimal` rounded for display and written as text in one step, on
//! its integer mantissa and scale: what [`super::numbers`] does with
//! `round_dp_with_strategy` (half away from zero), `rescale` and
//! `Display`, without their 96-bit loops (a table of a national file
//! writes 200,000 amounts and shares). Exact: integer arithmetic only,
//! never a float. Where the rounded digits do not fit 64 bits, nothing is
//! written and the caller takes the `Decimal` way.
#![warn(clippy::arithmetic_side_effects)]

use rust_decimal::Decimal;

/// Room for the text: a sign, 20 digits of a `u64`, a point and up to 28
/// zeros before the digits (`0.000…`) fit well within it.
pub(super) const TEXT_ROOM: usize = 64;

/// Most places the quick way pads to: beyond, the `Decimal` way.
const MOST_DECIMALS: u32 = 9;

/// `value` rounded half away from zero to at most `decimals` places (with
/// `exactly`, then padded with zeros to exactly `decimals`), as
/// `Decimal`'s `Display` writes the result, in `room`; `None` where the
/// rounded digits do not fit 64 bits or `decimals` is above
/// [`MOST_DECIMALS`].
pub(super) fn rounded_text(
    value: Decimal,
    decimals: u32,
    exactly: bool,
    room: &mut [u8; TEXT_ROOM],
) -> Option<&str> {
    if decimals > MOST_DECIMALS {
        return None;
    }
    let (negative, digits, scale) = rounded(value, decimals)?;
    let (digits, scale) = match exactly {
        // `rescale` to more places multiplies the digits.
        true if scale < decimals => {
            let factor = 10u64.checked_pow(decimals.checked_sub(scale)?)?;
            (digits.checked_mul(factor)?, decimals)
        }
        _ => (digits, scale),
    };
    written(negative, digits, scale, room)
}

/// `round_dp_with_strategy(decimals, MidpointAwayFromZero)` of `value`, as
/// its sign, digits and scale; `None` where the digits do not fit 64 bits.
fn rounded(value: Decimal, decimals: u32) -> Option<(bool, u64, u32)> {
    let negative = value.is_sign_negative();
    let mantissa = value.mantissa().unsigned_abs();
    let scale = value.scale();
    let Some(dropped) = scale.checked_sub(decimals).filter(|&dropped| dropped > 0) else {
        // No more places than asked: the value as it is, its sign too
        // (a zero written `-0` keeps it).
        return Some((negative, u64::try_from(mantissa).ok()?, scale));
    };
    if mantissa == 0 {
        // A zero keeps its sign, at the places asked.
        return Some((negative, 0, decimals));
    }
    // `dropped` ≤ 28: 10^28 fits u128.
    let divisor = 10u128.checked_pow(dropped)?;
    let kept = mantissa.checked_div(divisor)?;
    let rest = mantissa.checked_rem(divisor)?;
    // Half a unit of the last place kept, or more: away from zero.
    let half = divisor.checked_div(2)?;
    let kept = if rest >= half {
        kept.checked_add(1)?
    } else {
        kept
    };
    // A result of zero has no sign.
    Some((negative && kept != 0, u64::try_from(kept).ok()?, decimals))
}

/// The text `Decimal`'s `Display` gives `digits × 10^-scale` with the sign
/// `negative`: the digits with a point before the last `scale` of them,
/// zeros in front where there are fewer, `0` before a leading point.
fn written(negative: bool, digits: u64, scale: u32, room: &mut [u8; TEXT_ROOM]) -> Option<&str> {
    let mut figures = itoa::Buffer::new();
    let figures = figures.format(digits).as_bytes();
    let scale = usize::try_from(scale).ok()?;
    // A zero is written by its places alone (`0.00`), or `0`.
    let figures = if digits == 0 { &[][..] } else { figures };
    let padded = figures.len().max(scale);
    let whole = padded.checked_sub(scale)?;
    let mut at = 0usize;
    let mut push = |byte: u8| -> Option<()> {
        *room.get_mut(at)? = byte;
        at = at.checked_add(1)?;
        Some(())
    };
    if negative {
        push(b'-')?;
    }
    if whole == 0 {
        push(b'0')?;
    }
    for index in 0..padded {
        if index == whole && scale > 0 {
            push(b'.')?;
        }
        // Zeros in front of digits fewer than the places.
        let zeros = padded.checked_sub(figures.len())?;
        let digit = match index.checked_sub(zeros) {
            Some(of_figures) => *figures.get(of_figures)?,
            None => b'0',
        };
        push(digit)?;
    }
    // Only ASCII bytes were written.
    std::str::from_utf8(room.get(..at)?).ok()
}

#[cfg(test)]
mod tests {
    // In a test an overflow panics, and a panic is a failing test.
    #![allow(clippy::arithmetic_side_effects)]
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::RoundingStrategy;

    /// The `Decimal` way: rounded, rescaled with `exactly`, displayed.
    fn by_decimal(value: Decimal, decimals: u32, exactly: bool) -> String {
        let mut rounded =
            value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
        if exactly {
            rounded.rescale(decimals);
        }
        rounded.to_string()
    }

    fn quick(value: Decimal, decimals: u32, exactly: bool) -> Option<String> {
        let mut room = [0; TEXT_ROOM];
        rounded_text(value, decimals, exactly, &mut room).map(str::to_owned)
    }

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn figures_are_written_as_decimal_writes_them_rounded() {
        // 2.345 to 2 places: the dropped 5 is half a cent, away from zero.
        assert_eq!(quick(dec("2.345"), 2, false).as_deref(), Some("2.35"));
        assert_eq!(quick(dec("-2.345"), 2, false).as_deref(), Some("-2.35"));
        // 2.3449 is below the half: 2.34.
        assert_eq!(quick(dec("2.3449"), 2, false).as_deref(), Some("2.34"));
        // Fewer places than asked stay (8,262,105.00 keeps its two zeros;
        // 1.5 is not padded), unless exactly that many are asked.
        assert_eq!(
            quick(dec("8262105.00"), 2, false).as_deref(),
            Some("8262105.00")
        );
        assert_eq!(quick(dec("1.5"), 2, false).as_deref(), Some("1.5"));
        assert_eq!(quick(dec("1.5"), 2, true).as_deref(), Some("1.50"));
        // 0.004 rounds to zero, which has no sign; 0.005 to 0.01.
        assert_eq!(quick(dec("-0.004"), 2, true).as_deref(), Some("0.00"));
        assert_eq!(quick(dec("0.005"), 2, true).as_deref(), Some("0.01"));
        // 0.05 at 2 places: a zero before the point.
        assert_eq!(quick(dec("0.05"), 2, false).as_deref(), Some("0.05"));
        assert_eq!(quick(Decimal::ZERO, 0, false).as_deref(), Some("0"));
        // 9.995 rounds up past the point: 10.00.
        assert_eq!(quick(dec("9.995"), 2, true).as_deref(), Some("10.00"));
        // 2^64 = 18,446,744,073,709,551,616 does not fit 64 bits.
        assert_eq!(quick(dec("18446744073709551616"), 2, false), None);
        assert_eq!(
            quick(dec("18446744073709551615"), 2, false).as_deref(),
            Some("18446744073709551615")
        );
    }

    /// A zero written with a minus sign keeps it, as `Decimal` writes it.
    #[test]
    fn a_negative_zero_keeps_its_sign() {
        for scale in [0, 2, 5] {
            let mut zero = Decimal::new(0, scale);
            zero.set_sign_negative(true);
            for decimals in [0, 2, 4] {
                for exactly in [false, true] {
                    assert_eq!(
                        quick(zero, decimals, exactly),
                        Some(by_decimal(zero, decimals, exactly)),
                        "-0 at scale {scale}, {decimals} places, exactly {exactly}"
                    );
                }
            }
        }
    }

    /// Mantissas of every size a `Decimal` holds, small ones, and ones
    /// near 2^64.
    fn mantissa() -> impl Strategy<Value = i128> {
        let limit = (1i128 << 96) - 1;
        prop_oneof![
            -limit..=limit,
            -100_000i128..100_000,
            (0u64..1000).prop_map(|below| i128::from(u64::MAX - below)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 2048,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// Wherever the quick way writes a figure, it writes what the
        /// `Decimal` way does; it gives way only where the digits do not
        /// fit 64 bits or more places are asked than it pads to.
        #[test]
        fn the_quick_way_writes_what_decimal_does(
            mantissa in mantissa(),
            scale in 0u32..=28,
            decimals in 0u32..=12,
            exactly in any::<bool>(),
        ) {
            let value = Decimal::from_i128_with_scale(mantissa, scale);
            let expected = by_decimal(value, decimals, exactly);
            match quick(value, decimals, exactly) {
                Some(text) => prop_assert_eq!(text, expected),
                None => {
                    let digits = expected.trim_start_matches('-').replace('.', "");
                    let fits = digits.parse::<u64>().is_ok();
                    prop_assert!(!fits || decimals > MOST_DECIMALS, "gave way on {}", expected);
                }
            }
        }

        /// Ties (a 5 and zeros right after the last place kept) and their
        /// neighbours one unit either side round as `Decimal` rounds them.
        #[test]
        fn ties_round_as_decimal_rounds_them(
            kept in 0i128..100_000,
            dropped in 1u32..=12,
            decimals in 0u32..=6,
            nudge in -1i128..=1,
            negative in any::<bool>(),
            exactly in any::<bool>(),
        ) {
            let tie = kept * 10i128.pow(dropped) + 5 * 10i128.pow(dropped - 1) + nudge;
            let mantissa = if negative { -tie } else { tie };
            let value = Decimal::from_i128_with_scale(mantissa, decimals + dropped);
            prop_assert_eq!(quick(value, decimals, exactly), Some(by_decimal(value, decimals, exactly)));
        }
    }
}
