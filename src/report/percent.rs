//! Percentages, exact to `Decimal`'s 28 significant digits: shares of a
//! total and changes from a base. Rounding happens only when displayed.
#![warn(clippy::arithmetic_side_effects)]

use rust_decimal::Decimal;

/// `part` as a percentage of `whole`; `None` when `whole` is zero.
pub fn percent_of(part: Decimal, whole: Decimal) -> Option<Decimal> {
    match part.checked_mul(Decimal::ONE_HUNDRED) {
        Some(hundredfold) => hundredfold.checked_div(whole),
        // Beyond Decimal's range a hundredfold: divide first, losing two of
        // the quotient's 28 digits rather than the whole figure.
        None => part.checked_div(whole)?.checked_mul(Decimal::ONE_HUNDRED),
    }
}

/// `(new - old) / |old| × 100`: positive for an increase whatever the sign
/// of the base; `None` from zero to something (no finite answer).
pub fn percent_change(old: Decimal, new: Decimal) -> Option<Decimal> {
    if old.is_zero() {
        return new.is_zero().then_some(Decimal::ZERO);
    }
    percent_of(new.checked_sub(old)?, old.abs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn percent_change_from_every_kind_of_base() {
        // 240.4 -> 264.6: 24.2 / 240.4 = 10.0665...%
        assert_eq!(
            percent_change(dec("240.4"), dec("264.6"))
                .unwrap()
                .round_dp(2),
            dec("10.07")
        );
        assert_eq!(
            percent_change(dec("3.5"), dec("4.3")).unwrap().round_dp(2),
            dec("22.86")
        );
        assert_eq!(percent_change(dec("0"), dec("5")), None);
        assert_eq!(percent_change(dec("0"), dec("0")), Some(dec("0")));
        // A smaller refund (-10 -> -5) is an increase: +50%.
        assert_eq!(percent_change(dec("-10"), dec("-5")), Some(dec("50")));
        assert_eq!(percent_change(dec("-10"), dec("-15")), Some(dec("-50")));
        assert_eq!(percent_change(dec("10"), dec("-10")), Some(dec("-200")));
    }
}
