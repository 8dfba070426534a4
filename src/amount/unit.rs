//! Units of money: a power of ten of a currency and the name it is shown with, in
//! every spelling a file, a string amount or `--unit` may use.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{AmountError, Currency, pow10};

/// A unit of money: a power of ten of a currency's base unit (won, yen,
/// dollars) and the name it is shown with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    exponent: u32,
    name: &'static str,
    currency: Currency,
}

use Currency::{Jpy, Krw, Usd};

/// The units a file, a string amount or `--unit` may name, each with its
/// spellings (lower case, without white space), power of ten, canonical
/// name and currency. Korean (or Japanese) and English spellings of the
/// same power of ten are distinct units so that output keeps the language
/// the user chose. The won units come first: help texts list them first.
const UNITS: &[(&[&str], u32, &str, Currency)] = &[
    (&["won", "krw", "₩"], 0, "won", Krw),
    (&["원"], 0, "원", Krw),
    (&["thousand", "thousandwon"], 3, "thousand won", Krw),
    (&["천", "천원"], 3, "천원", Krw),
    (&["만", "만원"], 4, "만원", Krw),
    (&["million", "millionwon"], 6, "million won", Krw),
    (&["백만", "백만원"], 6, "백만원", Krw),
    (&["억", "억원"], 8, "억원", Krw),
    (&["billion", "billionwon"], 9, "billion won", Krw),
    (&["십억", "십억원"], 9, "십억원", Krw),
    (&["trillion", "trillionwon"], 12, "trillion won", Krw),
    (&["조", "조원"], 12, "조원", Krw),
    (&["yen", "jpy", "¥"], 0, "yen", Jpy),
    (&["円"], 0, "円", Jpy),
    (&["thousandyen"], 3, "thousand yen", Jpy),
    (&["千円"], 3, "千円", Jpy),
    (&["万円"], 4, "万円", Jpy),
    (&["millionyen"], 6, "million yen", Jpy),
    (&["百万円"], 6, "百万円", Jpy),
    (&["億円"], 8, "億円", Jpy),
    (&["billionyen"], 9, "billion yen", Jpy),
    (&["十億円"], 9, "十億円", Jpy),
    (&["trillionyen"], 12, "trillion yen", Jpy),
    (&["兆円"], 12, "兆円", Jpy),
    (&["dollars", "dollar", "usd", "$"], 0, "dollars", Usd),
    (&["달러"], 0, "달러", Usd),
    (
        &["thousanddollars", "thousanddollar", "thousandusd"],
        3,
        "thousand dollars",
        Usd,
    ),
    (&["천달러"], 3, "천달러", Usd),
    (&["만달러"], 4, "만달러", Usd),
    (
        &["milliondollars", "milliondollar", "millionusd"],
        6,
        "million dollars",
        Usd,
    ),
    (&["백만달러"], 6, "백만달러", Usd),
    (&["억달러"], 8, "억달러", Usd),
    (
        &["billiondollars", "billiondollar", "billionusd"],
        9,
        "billion dollars",
        Usd,
    ),
    (&["십억달러"], 9, "십억달러", Usd),
    (
        &["trilliondollars", "trilliondollar", "trillionusd"],
        12,
        "trillion dollars",
        Usd,
    ),
    (&["조달러"], 12, "조달러", Usd),
];

/// Words that name a power of ten and no currency: in an amount they are
/// in the currency of the file (`"1.5 million"` in a dollar file is 1.5
/// million dollars). Alone, as a file's `unit`, they keep meaning won.
const MAGNITUDES: &[(&str, u32)] = &[
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("trillion", 12),
    ("천", 3),
    ("만", 4),
    ("백만", 6),
    ("억", 8),
    ("십억", 9),
    ("조", 12),
    ("千", 3),
    ("万", 4),
    ("百万", 6),
    ("億", 8),
    ("十億", 9),
    ("兆", 12),
];

impl Unit {
    pub const WON: Unit = Unit {
        exponent: 0,
        name: "won",
        currency: Krw,
    };

    /// Reads a unit name such as `billion won`, `억원`, `million`, `원`,
    /// `百万円` or `million dollars`. Case and white space do not matter;
    /// a bare `million` or `억` is in won.
    pub fn parse(text: &str) -> Option<Unit> {
        let key = unit_key(text);
        UNITS
            .iter()
            .find(|(spellings, ..)| spellings.contains(&key.as_str()))
            .map(|&(_, exponent, name, currency)| Unit {
                exponent,
                name,
                currency,
            })
    }

    /// Reads a unit written after a figure in a file in `currency`: a word
    /// that names only a power of ten (`million`, `억`, `億`) is that power
    /// of the file's currency, in the same script; anything else as
    /// [`Unit::parse`] reads it.
    pub fn parse_in(text: &str, currency: Currency) -> Option<Unit> {
        let key = unit_key(text);
        let magnitude = MAGNITUDES.iter().find(|&&(word, _)| word == key);
        let Some(&(word, exponent)) = magnitude else {
            return Unit::parse(text);
        };
        let in_currency = |unit: &Unit| {
            unit.currency == currency
                && unit.exponent == exponent
                && unit.name.is_ascii() == word.is_ascii()
        };
        UNITS
            .iter()
            .map(|&(_, exponent, name, currency)| Unit {
                exponent,
                name,
                currency,
            })
            .find(in_currency)
            .or_else(|| Unit::parse(text))
    }

    /// The canonical names, for help texts and suggestions.
    pub fn names() -> impl Iterator<Item = &'static str> {
        UNITS.iter().map(|&(_, _, name, _)| name)
    }

    /// Every spelling [`Unit::parse`] knows, lower case and without white
    /// space, for the year file's JSON Schema.
    pub fn spellings() -> impl Iterator<Item = &'static str> {
        UNITS
            .iter()
            .flat_map(|&(spellings, ..)| spellings.iter().copied())
    }

    /// The power of ten of the currency's base unit this unit stands for.
    pub fn exponent(self) -> u32 {
        self.exponent
    }

    pub fn name(self) -> &'static str {
        self.name
    }

    /// The currency of the unit.
    pub fn currency(self) -> Currency {
        self.currency
    }

    /// The base unit of `currency`: in its myriad script (`원`, `円`,
    /// `달러`) or in English (`won`, `yen`, `dollars`).
    pub fn base_of(currency: Currency, korean: bool) -> Unit {
        Unit::readable_in(Decimal::ZERO, korean, currency)
    }

    /// Whether the unit is spelled in Korean (`억원`) or Japanese (`億円`),
    /// which also selects the myriad units (조/억/만) when a readable unit
    /// is picked automatically.
    pub fn is_korean(self) -> bool {
        !self.name.is_ascii()
    }

    /// The readable unit for `won`: the largest unit of the same language
    /// of which the value is at least one.
    pub fn readable_for(won: Decimal, korean: bool) -> Unit {
        Unit::readable_in(won, korean, Krw)
    }

    /// The readable unit for `value` in `currency`: the largest of its
    /// units in the same script of which the value is at least one.
    pub fn readable_in(value: Decimal, korean: bool, currency: Currency) -> Unit {
        let ladder: &[u32] = if korean {
            &[12, 8, 4, 0]
        } else {
            &[12, 9, 6, 0]
        };
        let magnitude = value.abs();
        let unit_of = |exponent: u32| {
            UNITS
                .iter()
                .find(|&&(_, e, name, c)| {
                    e == exponent && c == currency && name.is_ascii() != korean
                })
                .map(|&(_, exponent, name, currency)| Unit {
                    exponent,
                    name,
                    currency,
                })
        };
        ladder
            .iter()
            .filter_map(|&exponent| unit_of(exponent))
            .find(|unit| magnitude >= pow10(unit.exponent))
            .or_else(|| unit_of(0))
            .unwrap_or(Unit::WON)
    }
}

/// A unit name as the table spells it: lower case, no white space.
fn unit_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name)
    }
}

/// An unknown unit in an amount of a file in `currency`, with the nearest
/// spelling of a unit of that currency as a suggestion: a misspelt
/// `bilion` in a dollar file suggests `billion dollars`, never a unit in
/// won, which the file could not hold.
pub(super) fn unknown_unit(suffix: &str, currency: Currency) -> AmountError {
    let shown: String = suffix.chars().take(24).collect();
    let key = unit_key(&shown);
    let units = UNITS
        .iter()
        .filter(|&&(.., unit_currency)| unit_currency == currency)
        .flat_map(|&(spellings, _, name, _)| {
            spellings
                .iter()
                .copied()
                .chain(std::iter::once(name))
                .map(move |spelling| (spelling, name))
        });
    // A bare `million` or `억` is a unit of the file's currency.
    let magnitudes = MAGNITUDES
        .iter()
        .filter_map(|&(word, _)| Unit::parse_in(word, currency).map(|unit| (word, unit.name)));
    let suggestion = units
        .chain(magnitudes)
        .map(|(spelling, name)| (strsim::levenshtein(&key, spelling), name))
        .filter(|&(distance, _)| distance <= 2)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name);
    AmountError::UnknownUnit {
        unit: shown,
        suggestion,
    }
}

#[cfg(test)]
mod tests {
    use crate::amount::test_support::*;

    #[test]
    fn every_unit_spelling_is_read() {
        let cases = [
            ("won", 0),
            ("원", 0),
            ("KRW", 0),
            ("thousand won", 3),
            ("천원", 3),
            ("만원", 4),
            ("만", 4),
            ("million won", 6),
            ("Million", 6),
            ("백만원", 6),
            ("억원", 8),
            ("억 원", 8),
            ("billion won", 9),
            ("billion  won", 9),
            ("십억원", 9),
            ("trillion won", 12),
            ("조원", 12),
            ("조", 12),
        ];
        for (name, exponent) in cases {
            assert_eq!(
                Unit::parse(name).map(Unit::exponent),
                Some(exponent),
                "{name}"
            );
        }
        assert_eq!(Unit::parse("bilion won"), None);
        assert!(Unit::parse("억원").unwrap().is_korean());
        assert!(!billion().is_korean());
    }

    #[test]
    fn readable_units_follow_the_language() {
        assert_eq!(
            Unit::readable_for(dec("400666666.67"), false).name(),
            "million won"
        );
        assert_eq!(
            Unit::readable_for(dec("26288888888"), false).name(),
            "billion won"
        );
        assert_eq!(
            Unit::readable_for(dec("-3500000000"), false).name(),
            "billion won"
        );
        assert_eq!(Unit::readable_for(dec("999"), false).name(), "won");
        assert_eq!(Unit::readable_for(dec("264600000000"), true).name(), "억원");
        assert_eq!(
            Unit::readable_for(dec("1200000000000"), true).name(),
            "조원"
        );
    }
}
