//! Figures as text. The one rounding rule of the program lives here:
//! half away from zero, at display time only.
//!
//! - A written figure (an amount, a subtotal) shows the decimals it was
//!   written with in the display unit, rounded if there are more than
//!   `--decimals` (`240.40` stays `240.40`; `0.2646` trillion shows `0.26`).
//! - A quotient (share, average, percent change) shows exactly `--decimals`.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::amount::{Amount, Unit, pow10, shift_down};

/// Rounds half away from zero to at most `decimals` places.
pub fn round(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// A written amount in `unit`, with thousands separators.
pub fn amount(value: Amount, unit: Unit, decimals: u32) -> String {
    group_thousands(&round(value.in_unit(unit), decimals).to_string())
}

/// A written amount in a readable unit of its own, with the unit's name.
pub fn amount_with_unit(value: Amount, unit: Unit, decimals: u32) -> String {
    with_unit(amount(value, unit, decimals), unit)
}

/// `264.6 billion won`, but `2,646억원`: Korean units follow the number
/// without a space.
pub fn with_unit(number: String, unit: Unit) -> String {
    if unit.is_korean() {
        format!("{number}{}", unit.name())
    } else {
        format!("{number} {}", unit.name())
    }
}

/// A quotient in won shown in `unit` with exactly `decimals` places.
pub fn quotient_in(won: Decimal, unit: Unit, decimals: u32) -> String {
    fixed(shift_down(won, unit.exponent()), decimals)
}

/// A value with exactly `decimals` places and thousands separators.
pub fn fixed(value: Decimal, decimals: u32) -> String {
    let mut rounded = round(value, decimals);
    rounded.rescale(decimals);
    group_thousands(&rounded.to_string())
}

/// A percentage with exactly `decimals` places, or `n/a`.
pub fn percent(value: Option<Decimal>, decimals: u32) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{}%", fixed(v, decimals)))
}

/// Korean budget-book style for a written amount: `1조 2,000억원`,
/// `2,646억원`, `3,500만원`, `500원`, keeping the written decimals of the
/// unit it ends in (at most `decimals`).
pub fn korean_compound(value: Amount, decimals: u32) -> String {
    let magnitude = value.won().abs();
    let unit_named = |name: &str| Unit::parse(name).expect("a known unit");
    if magnitude < pow10(4) {
        return with_unit(amount(value, unit_named("원"), decimals), unit_named("원"));
    }
    if magnitude < pow10(8) {
        return with_unit(
            amount(value, unit_named("만원"), decimals),
            unit_named("만원"),
        );
    }
    let in_eok = round(value.in_unit(unit_named("억원")), decimals);
    let sign = if in_eok.is_sign_negative() { "-" } else { "" };
    let jo = (in_eok.abs() / Decimal::from(10_000)).trunc();
    let eok = in_eok.abs() - jo * Decimal::from(10_000);
    let jo_text = group_thousands(&jo.to_string());
    let eok_text = group_thousands(&eok.to_string());
    if jo.is_zero() {
        format!("{sign}{eok_text}억원")
    } else if eok.is_zero() {
        format!("{sign}{jo_text}조원")
    } else {
        format!("{sign}{jo_text}조 {eok_text}억원")
    }
}

/// Inserts `,` between groups of three digits of the integer part.
pub fn group_thousands(number: &str) -> String {
    let (sign, unsigned) = match number.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", number),
    };
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let mut grouped = String::with_capacity(number.len() + integer.len() / 3);
    grouped.push_str(sign);
    for (i, digit) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if let Some(fraction) = fraction {
        grouped.push('.');
        grouped.push_str(fraction);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn unit(name: &str) -> Unit {
        Unit::parse(name).unwrap()
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round(dec("0.125"), 2), dec("0.13"));
        assert_eq!(round(dec("-0.125"), 2), dec("-0.13"));
        assert_eq!(round(dec("0.135"), 2), dec("0.14"));
        assert_eq!(round(dec("2.5"), 0), dec("3"));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands("1234567.891"), "1,234,567.891");
        assert_eq!(group_thousands("-1000"), "-1,000");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(group_thousands("100000"), "100,000");
    }

    #[test]
    fn written_amounts_keep_their_decimals() {
        let loans = Amount::parse("240.40", unit("billion")).unwrap();
        assert_eq!(amount(loans, unit("billion"), 2), "240.40");
        assert_eq!(amount(loans, unit("won"), 2), "240,400,000,000");
        assert_eq!(amount(loans, unit("trillion"), 2), "0.24");
        let planned = Amount::parse("264.6", unit("billion")).unwrap();
        assert_eq!(amount(planned, unit("억원"), 2), "2,646");
        assert_eq!(
            amount_with_unit(planned, unit("billion"), 2),
            "264.6 billion won"
        );
        assert_eq!(amount_with_unit(planned, unit("억원"), 2), "2,646억원");
    }

    #[test]
    fn korean_compounds_like_budget_books() {
        let won = |text: &str| Amount::parse(text, Unit::WON).unwrap();
        assert_eq!(korean_compound(won("1조 2,000억원"), 2), "1조 2,000억원");
        assert_eq!(korean_compound(won("2,646억원"), 2), "2,646억원");
        assert_eq!(korean_compound(won("3조"), 2), "3조원");
        assert_eq!(korean_compound(won("-1조 5억"), 2), "-1조 5억원");
        assert_eq!(korean_compound(won("3,500만원"), 2), "3,500만원");
        assert_eq!(korean_compound(won("500원"), 2), "500원");
        assert_eq!(korean_compound(won("264.65억원"), 1), "264.7억원");
        assert_eq!(korean_compound(won("12345조"), 2), "12,345조원");
    }

    #[test]
    fn quotients_show_exactly_the_decimals_asked() {
        assert_eq!(
            quotient_in(dec("400666666.666"), unit("million"), 2),
            "400.67"
        );
        assert_eq!(quotient_in(dec("100000000"), unit("million"), 2), "100.00");
        assert_eq!(percent(Some(dec("10.0661")), 2), "10.07%");
        assert_eq!(percent(None, 2), "n/a");
        assert_eq!(fixed(dec("1234.5"), 0), "1,235");
    }
}
