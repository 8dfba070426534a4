//! A `Decimal` written exactly as its own `Display` (and its serde string)
//! writes it, without the formatter: every row of a national file writes
//! two or three figures, and `Decimal`'s `Display` takes a division of its
//! 96-bit mantissa per digit, then pads through `fmt`.
//!
//! The text is the mantissa's digits with the point `scale` digits from
//! the right (zeros in front where the mantissa has fewer digits than the
//! scale, one zero before the point), after a `-` when the sign is
//! negative (a negative zero too, as `Display` writes it).

use rust_decimal::Decimal;

/// Appends `value` to `out`, exactly as `value.to_string()` would.
pub fn push_decimal(out: &mut Vec<u8>, value: Decimal) {
    if value.is_sign_negative() {
        out.push(b'-');
    }
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(value.mantissa().unsigned_abs()).as_bytes();
    let scale = value.scale() as usize;
    if scale == 0 {
        out.extend_from_slice(digits);
    } else if let Some(whole) = digits.len().checked_sub(scale).filter(|&whole| whole > 0) {
        let (whole, fraction) = digits.split_at(whole);
        out.extend_from_slice(whole);
        out.push(b'.');
        out.extend_from_slice(fraction);
    } else {
        out.extend_from_slice(b"0.");
        // Fewer than 28 zeros: the scale is at most 28.
        let zeros = scale.saturating_sub(digits.len());
        out.extend(std::iter::repeat_n(b'0', zeros));
        out.extend_from_slice(digits);
    }
}

/// [`push_decimal`] into a fresh string.
#[cfg(test)]
fn decimal_text(value: Decimal) -> String {
    let mut out = Vec::new();
    push_decimal(&mut out, value);
    String::from_utf8(out).expect("digits, a point and a sign are ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn writes_what_display_writes() {
        // Written by hand: the mantissa's digits with the point `scale`
        // digits from the right.
        for (value, text) in [
            (dec("0"), "0"),
            (dec("0.00"), "0.00"),
            (dec("7157335000"), "7157335000"),
            (dec("-3.1"), "-3.1"),
            (dec("0.0042"), "0.0042"),
            (dec("-0.5"), "-0.5"),
            (dec("12.340"), "12.340"),
            (Decimal::MAX, "79228162514264337593543950335"),
            (Decimal::MIN, "-79228162514264337593543950335"),
            // Mantissa 1 at scale 28: 27 zeros after the point, then 1.
            (Decimal::new(1, 28), "0.0000000000000000000000000001"),
        ] {
            assert_eq!(decimal_text(value), text);
            assert_eq!(
                value.to_string(),
                text,
                "the hand-written text is Display's"
            );
        }
    }

    #[test]
    fn a_negative_zero_is_written_as_display_writes_it() {
        // Whatever sign a zero keeps, the text is Display's.
        let mut zero = Decimal::new(0, 2);
        zero.set_sign_negative(true);
        assert_eq!(decimal_text(zero), zero.to_string());
        assert_eq!(decimal_text(-Decimal::ZERO), (-Decimal::ZERO).to_string());
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 512,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// Every `Decimal` (any mantissa, sign and scale) comes out as its
        /// `Display` and its serde string (`serde_json` writes the latter).
        #[test]
        fn every_decimal_is_written_as_rust_decimal_writes_it(
            lo in proptest::prop_oneof![proptest::num::u32::ANY, 0u32..1000],
            mid in proptest::prop_oneof![proptest::num::u32::ANY, proptest::strategy::Just(0u32)],
            hi in proptest::prop_oneof![proptest::num::u32::ANY, proptest::strategy::Just(0u32)],
            negative in proptest::bool::ANY,
            scale in 0u32..=28,
        ) {
            let value = Decimal::from_parts(lo, mid, hi, negative, scale);
            let text = decimal_text(value);
            proptest::prop_assert_eq!(&text, &value.to_string());
            proptest::prop_assert_eq!(
                format!("\"{text}\""),
                serde_json::to_string(&value).unwrap()
            );
        }
    }
}
