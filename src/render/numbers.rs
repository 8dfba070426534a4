//! Figures as text. The one rounding rule of the program lives here:
//! half away from zero, at display time only.
//!
//! - A written figure (an amount, a subtotal) shows the decimals it was
//!   written with in the display unit, rounded if there are more than
//!   `--decimals` (`240.40` stays `240.40`; `0.2646` trillion shows `0.26`).
//! - A quotient (share, average, percent change) shows exactly `--decimals`.

use rust_decimal::{Decimal, RoundingStrategy};

use super::decimal_text::{TEXT_ROOM, rounded_text};
use crate::amount::{Amount, Currency, Unit, pow10, shift_down};
use crate::exact::rounded_quotient;

/// A figure's text as Korean tables write it: a decrease marked with `△`
/// rather than `-` (`-3.1` is `△3.1`).
pub fn korean_negative(text: &str) -> String {
    match text.strip_prefix('-') {
        Some(rest) => format!("△{rest}"),
        None => text.to_owned(),
    }
}

/// A figure in won shown exactly in `unit`: grouped, no trailing zeros, no
/// rounding (`53,532.1` for 5,353,210,000,000 won in 억원).
pub fn exact_in(won: Decimal, unit: Unit) -> String {
    group_thousands(&shift_down(won, unit.exponent()).normalize().to_string())
}

/// Rounds half away from zero to at most `decimals` places.
pub fn round(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// A written amount in `unit`, with thousands separators.
pub fn amount(value: Amount, unit: Unit, decimals: u32) -> String {
    let mut text = String::new();
    amount_into(value, unit, decimals, &mut text);
    text
}

/// [`amount`], appended to `out`.
pub fn amount_into(value: Amount, unit: Unit, decimals: u32, out: &mut String) {
    let value = value.in_unit(unit);
    let mut room = [0; TEXT_ROOM];
    match rounded_text(value, decimals, false, &mut room) {
        Some(text) => group_thousands_into(text, out),
        None => grouped_into(round(value, decimals), out),
    }
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

/// `won / count` shown in `unit` with exactly `decimals` places: the exact
/// quotient rounded once (half away from zero), so an average of a huge
/// amount never shows digits a 28-digit `Decimal` quotient had already
/// rounded away.
pub fn average_in(won: Decimal, count: u64, unit: Unit, decimals: u32) -> String {
    let shift = i32::try_from(unit.exponent()).map_or(i32::MIN, i32::saturating_neg);
    rounded_quotient(won, Decimal::from(count), shift, decimals)
        .map_or_else(|| "n/a".to_owned(), |text| group_thousands(&text))
}

/// A value with exactly `decimals` places and thousands separators.
pub fn fixed(value: Decimal, decimals: u32) -> String {
    let mut text = String::new();
    fixed_into(value, decimals, &mut text);
    text
}

/// [`fixed`], appended to `out`.
pub fn fixed_into(value: Decimal, decimals: u32, out: &mut String) {
    let mut room = [0; TEXT_ROOM];
    if let Some(text) = rounded_text(value, decimals, true, &mut room) {
        group_thousands_into(text, out);
        return;
    }
    let mut rounded = round(value, decimals);
    rounded.rescale(decimals);
    grouped_into(rounded, out);
}

/// `value` as `Decimal` writes it, grouped by [`group_thousands`], appended
/// to `out`: written first into a buffer on the stack (the text of any
/// `Decimal` fits), rather than into a string of its own.
fn grouped_into(value: Decimal, out: &mut String) {
    use std::fmt::Write;
    let mut written = StackText::default();
    match write!(written, "{value}") {
        Ok(()) => group_thousands_into(written.as_str(), out),
        Err(_) => group_thousands_into(&value.to_string(), out),
    }
}

/// A short text written on the stack; writing more than it holds fails.
struct StackText {
    bytes: [u8; 64],
    len: usize,
}

impl Default for StackText {
    fn default() -> StackText {
        StackText {
            bytes: [0; 64],
            len: 0,
        }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        // Only whole `str`s are written in (see `write_str`).
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        let end = self
            .len
            .checked_add(text.len())
            .filter(|&end| end <= self.bytes.len())
            .ok_or(std::fmt::Error)?;
        self.bytes[self.len..end].copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// A percentage with exactly `decimals` places, or `n/a`.
pub fn percent(value: Option<Decimal>, decimals: u32) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{}%", fixed(v, decimals)))
}

/// Korean budget-book style, exact: every 조, 억 and 만 of the figure and
/// the 원 below them, nothing rounded: 5,450,500천원 is `54억 5,050만원`,
/// 5,450,500,123원 `54억 5,050만 123원`. Groups that are zero are left
/// out, and there are no decimals unless the figure has fractions of a
/// won.
pub fn korean_exact(value: Amount) -> String {
    korean_exact_in(value, Currency::Krw)
}

/// [`korean_exact`] in the myriad words of `currency`: `54億 5,050万円`.
pub fn korean_exact_in(value: Amount, currency: Currency) -> String {
    let words = currency.myriads();
    let won = value.won().normalize();
    let sign = if won.is_sign_negative() { "-" } else { "" };
    let mut rest = won.abs();
    let mut groups = Vec::new();
    for (exponent, name) in [(12, words.jo), (8, words.eok), (4, words.man)] {
        // Exact: the remainder, and the multiple of 10^exponent above it
        // divided by 10^exponent. Neither can fail for a nonzero divisor.
        let unit = pow10(exponent);
        let Some((group, below)) = split_at_power(rest, unit) else {
            continue;
        };
        if !group.is_zero() {
            groups.push(format!("{}{name}", group_thousands(&group.to_string())));
        }
        rest = below;
    }
    if !rest.is_zero() || groups.is_empty() {
        groups.push(group_thousands(&rest.normalize().to_string()));
    }
    format!("{sign}{}{}", groups.join(" "), words.base)
}

/// Korean budget-book style rounded to `decimals` places of the unit it
/// ends in: `1조 2,000억원`, `2,646억원`, `54.51억원`, `3,500만원`,
/// `500원`. A figure the rounding leaves exact drops its trailing zeros
/// (`25억원`, not `25.00억원`); a figure the rounding changed keeps every
/// decimal it was rounded to (229,900,000원 is `2.30억원`, never `2.3억원`,
/// which would read as exactly 230,000,000원).
/// A figure that rounds up to the next unit is shown in it: 99,995,000원
/// at no decimals is `1억원`, not `10,000만원`.
pub fn korean_compound(value: Amount, decimals: u32) -> String {
    korean_compound_in(value, decimals, Currency::Krw)
}

/// [`korean_compound`] in the myriad words of `currency`: `1兆 2,000億円`.
pub fn korean_compound_in(value: Amount, decimals: u32, currency: Currency) -> String {
    let words = currency.myriads();
    let magnitude = value.won().abs();
    let unit_of = |exponent: u32| Unit::readable_in(pow10(exponent), true, currency);
    // The figure rounded in a unit below 억, while it stays below 10,000
    // of that unit once rounded (the next unit up is 10,000 of it).
    let below_eok = |exponent: u32| {
        let unit = unit_of(exponent);
        let number = shown_rounded(value.in_unit(unit), decimals);
        (number.abs() < Decimal::from(10_000))
            .then(|| with_unit(group_thousands(&number.to_string()), unit))
    };
    if magnitude < pow10(4)
        && let Some(text) = below_eok(0)
    {
        return text;
    }
    if magnitude < pow10(8)
        && let Some(text) = below_eok(4)
    {
        return text;
    }
    let in_eok = shown_rounded(value.in_unit(unit_of(8)), decimals);
    let sign = if in_eok.is_sign_negative() { "-" } else { "" };
    let Some((jo, mut eok)) = split_at_power(in_eok.abs(), Decimal::from(10_000)) else {
        return with_unit(group_thousands(&in_eok.to_string()), unit_of(8));
    };
    // The 억 group carries the figure's decimals: a rounded figure keeps
    // them even where the group is zero (`1조 0.00억원`), since `1조원`
    // would claim an exact trillion.
    eok.rescale(in_eok.scale());
    let jo_text = group_thousands(&jo.to_string());
    let eok_text = group_thousands(&eok.to_string());
    let (jo_word, eok_word, base) = (words.jo, words.eok, words.base);
    if jo.is_zero() {
        format!("{sign}{eok_text}{eok_word}{base}")
    } else if eok.is_zero() && eok.scale() == 0 {
        format!("{sign}{jo_text}{jo_word}{base}")
    } else {
        format!("{sign}{jo_text}{jo_word} {eok_text}{eok_word}{base}")
    }
}

/// `value` rounded to `decimals` places as a figure shows it: without
/// trailing zeros when the rounding lost nothing (`25.00` is `25`,
/// `54.5` stays `54.5`), with exactly `decimals` places when it did
/// (`2.299` at two places is `2.30`), so a shown `2.3` always means an
/// exact 2.3.
fn shown_rounded(value: Decimal, decimals: u32) -> Decimal {
    let mut rounded = round(value, decimals);
    if rounded == value {
        return rounded.normalize();
    }
    rounded.rescale(decimals);
    rounded
}

/// `value` as whole multiples of `unit` and what is left below it, both
/// exact; `None` only for a zero `unit`.
fn split_at_power(value: Decimal, unit: Decimal) -> Option<(Decimal, Decimal)> {
    let below = value.checked_rem(unit)?;
    let whole = value.checked_sub(below)?.checked_div(unit)?.trunc();
    Some((whole, below))
}

/// Inserts `,` between groups of three digits of the integer part.
pub fn group_thousands(number: &str) -> String {
    let mut grouped = String::new();
    group_thousands_into(number, &mut grouped);
    grouped
}

/// [`group_thousands`], appended to `grouped`.
fn group_thousands_into(number: &str, grouped: &mut String) {
    let (sign, unsigned) = match number.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", number),
    };
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    grouped.reserve(number.len().saturating_add(integer.len() / 3));
    grouped.push_str(sign);
    for (i, digit) in integer.chars().enumerate() {
        if i > 0 && integer.len().saturating_sub(i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if let Some(fraction) = fraction {
        grouped.push('.');
        grouped.push_str(fraction);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn korean_figures_mark_decreases_with_a_triangle() {
        assert_eq!(korean_negative("-3.1"), "△3.1");
        assert_eq!(korean_negative("3.1"), "3.1");
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
        // 5,450,500천원 = 54.505억원, rounded half away from zero to 54.51.
        let thousand = |text: &str| Amount::parse(text, unit("천원")).unwrap();
        assert_eq!(korean_compound(thousand("5450500"), 2), "54.51억원");
        // 2,500,000천원 = 25억원 exactly: no decimals added.
        assert_eq!(korean_compound(thousand("2500000"), 2), "25억원");
        // -12,000천원 = -1,200만원 exactly.
        assert_eq!(korean_compound(thousand("-12000"), 2), "-1,200만원");
    }

    #[test]
    fn korean_compounds_that_round_up_to_the_next_unit_are_shown_in_it() {
        let won = |text: &str| Amount::parse(text, Unit::WON).unwrap();
        // 99,995,000원 = 9,999.5만원, which rounds (half away from zero) to
        // 10,000만원 = 1억원.
        assert_eq!(korean_compound(won("99995000"), 0), "1억원");
        assert_eq!(korean_compound(won("-99995000"), 0), "-1억원");
        // 99,994,999원 = 9,999.4999만원 rounds to 9,999만원: it stays.
        assert_eq!(korean_compound(won("99994999"), 0), "9,999만원");
        // 9,999.5원 rounds to 10,000원 = 1만원.
        assert_eq!(korean_compound(won("9999.5"), 0), "1만원");
        // 99,999,999원 = 9,999.9999만원 rounds at 2 decimals to 10,000만원,
        // so it is shown in 억: 0.99999999억 rounds to 1.00억, and a
        // rounded figure keeps its two decimals (`1억원` would be exact).
        assert_eq!(korean_compound(won("99999999"), 2), "1.00억원");
        // 9,999.995억원 rounds at 2 decimals to 10,000.00억원 = 1조 0.00억:
        // rounded, so not the exact-looking `1조원`.
        assert_eq!(korean_compound(won("999999500000"), 2), "1조 0.00억원");
    }

    #[test]
    fn korean_compounds_drop_trailing_zeros_only_when_exact() {
        let won = |text: &str| Amount::parse(text, Unit::WON).unwrap();
        // 229,900,000원 = 2.299억원, rounded at 2 decimals to 2.30: the
        // rounding lost 0.001억 (100,000원), so the zero stays.
        assert_eq!(korean_compound(won("229900000"), 2), "2.30억원");
        // The same figure at 1 decimal: 2.299 -> 2.3, rounded, one decimal.
        assert_eq!(korean_compound(won("229900000"), 1), "2.3억원");
        // 230,000,000원 = 2.3억원 exactly: 2.30 drops its zero.
        assert_eq!(korean_compound(won("230000000"), 2), "2.3억원");
        // 2,500,000,000원 = 25억원 exactly: no decimals at all.
        assert_eq!(korean_compound(won("2500000000"), 2), "25억원");
        // -12,000,000원 = -1,200만원 exactly.
        assert_eq!(korean_compound(won("-12000000"), 2), "-1,200만원");
        // 2,729,900,000원 = 27.299억 -> 27.30억 (rounded, keeps its zero).
        assert_eq!(korean_compound(won("2729900000"), 2), "27.30억원");
        // -2,729,900,000원: the same, negative (half away from zero).
        assert_eq!(korean_compound(won("-2729900000"), 2), "-27.30억원");
        // 12,000,400원 = 1,200.04만원 -> 1,200.0만원 at 1 decimal: rounded.
        assert_eq!(korean_compound(won("12000400"), 1), "1,200.0만원");
        // 12,000,400원 at 0 decimals: 1,200만원, rounded but with no
        // decimals to keep.
        assert_eq!(korean_compound(won("12000400"), 0), "1,200만원");
        // 1,200,000,400,000원 = 1조 2,000.004억 -> 1조 2,000.00억 at 2.
        assert_eq!(korean_compound(won("1200000400000"), 2), "1조 2,000.00억원");
        // 1,200,050,000,000원 = 1조 2,000.5억 exactly: written decimals only.
        assert_eq!(korean_compound(won("1200050000000"), 2), "1조 2,000.5억원");
        // 9,999원 stays in 원; 9,999.4원 at 0 decimals rounds to 9,999원.
        assert_eq!(korean_compound(won("9999.4"), 0), "9,999원");
        // 0.125원 at 2 decimals: 0.13원, rounded; 0.5원 exact at 2: 0.5원.
        assert_eq!(korean_compound(won("0.125"), 2), "0.13원");
        assert_eq!(korean_compound(won("0.5"), 2), "0.5원");
    }

    #[test]
    fn korean_exact_shows_every_group() {
        let thousand = |text: &str| Amount::parse(text, unit("천원")).unwrap();
        let won = |text: &str| Amount::parse(text, Unit::WON).unwrap();
        // 5,450,500천원 = 5,450,500,000원 = 54억 + 5,050만.
        assert_eq!(korean_exact(thousand("5450500")), "54억 5,050만원");
        // 2,500,000천원 = 2,500,000,000원 = 25억.
        assert_eq!(korean_exact(thousand("2500000")), "25억원");
        // -12,000천원 = -12,000,000원 = -1,200만.
        assert_eq!(korean_exact(thousand("-12000")), "-1,200만원");
        // 1,200,000,050,123원 = 1조 + 2,000억 (200,000,000,000) + 5만 + 123.
        assert_eq!(korean_exact(won("1200000050123")), "1조 2,000억 5만 123원");
        // 1,000,000,050,123원 = 1조 + 5만 + 123: the 억 group of zero is left out.
        assert_eq!(korean_exact(won("1000000050123")), "1조 5만 123원");
        // 3조 exactly; 12,345조 groups its 조 with a comma.
        assert_eq!(korean_exact(won("3000000000000")), "3조원");
        assert_eq!(korean_exact(won("12345000000000000")), "12,345조원");
        assert_eq!(korean_exact(won("0")), "0원");
        assert_eq!(korean_exact(won("500")), "500원");
        // 0.5원 of a figure written in won with a fraction stays.
        assert_eq!(korean_exact(won("10000.50")), "1만 0.5원");
        // 240.40 billion = 240,400,000,000원 = 2,404억.
        let billion = Amount::parse("240.40", unit("billion")).unwrap();
        assert_eq!(korean_exact(billion), "2,404억원");
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

    #[test]
    fn averages_round_the_exact_quotient() {
        // 236.6e9 / 9 = 26,288,888,888.888… won = 262.888… 억원
        assert_eq!(
            average_in(dec("236600000000"), 9, unit("억원"), 2),
            "262.89"
        );
        // 5e28 / 3 = 16,666,666,666,666,666,666,666,666,666.666… won;
        // Decimal's own quotient would be …667 with nothing after the point.
        assert_eq!(
            average_in(dec("50000000000000000000000000000"), 3, unit("won"), 2),
            "16,666,666,666,666,666,666,666,666,666.67"
        );
        // -7 / 2 = -3.5 → -4 at 0 decimals (half away from zero)
        assert_eq!(average_in(dec("-7"), 2, unit("won"), 0), "-4");
        assert_eq!(average_in(dec("1"), 0, unit("won"), 2), "n/a");
    }
}
