//! Units of money: a power of ten of won and the name it is shown with, in
//! every spelling a file, a string amount or `--unit` may use.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{AmountError, pow10};

/// A unit of money: a power of ten of won and the name it is shown with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    exponent: u32,
    name: &'static str,
}

/// The units a file, a string amount or `--unit` may name.
/// Korean and English spellings of the same power of ten are distinct units
/// so that output keeps the language the user chose.
const UNITS: &[(&[&str], u32, &str)] = &[
    (&["won", "krw", "₩"], 0, "won"),
    (&["원"], 0, "원"),
    (&["thousand", "thousandwon"], 3, "thousand won"),
    (&["천", "천원"], 3, "천원"),
    (&["만", "만원"], 4, "만원"),
    (&["million", "millionwon"], 6, "million won"),
    (&["백만", "백만원"], 6, "백만원"),
    (&["억", "억원"], 8, "억원"),
    (&["billion", "billionwon"], 9, "billion won"),
    (&["십억", "십억원"], 9, "십억원"),
    (&["trillion", "trillionwon"], 12, "trillion won"),
    (&["조", "조원"], 12, "조원"),
];

impl Unit {
    pub const WON: Unit = Unit {
        exponent: 0,
        name: "won",
    };

    /// Reads a unit name such as `billion won`, `억원`, `million` or `원`.
    /// Case and white space do not matter.
    pub fn parse(text: &str) -> Option<Unit> {
        let key: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        UNITS
            .iter()
            .find(|(spellings, _, _)| spellings.contains(&key.as_str()))
            .map(|&(_, exponent, name)| Unit { exponent, name })
    }

    /// The canonical names, for help texts and suggestions.
    pub fn names() -> impl Iterator<Item = &'static str> {
        UNITS.iter().map(|&(_, _, name)| name)
    }

    /// Every spelling [`Unit::parse`] knows, lower case and without white
    /// space, for the year file's JSON Schema.
    pub fn spellings() -> impl Iterator<Item = &'static str> {
        UNITS
            .iter()
            .flat_map(|&(spellings, _, _)| spellings.iter().copied())
    }

    /// The power of ten of won this unit stands for.
    pub fn exponent(self) -> u32 {
        self.exponent
    }

    pub fn name(self) -> &'static str {
        self.name
    }

    /// Whether the unit is spelled in Korean (`억원`), which also selects
    /// Korean units when a readable unit is picked automatically.
    pub fn is_korean(self) -> bool {
        !self.name.is_ascii()
    }

    /// The readable unit for `won`: the largest unit of the same language
    /// of which the value is at least one.
    pub fn readable_for(won: Decimal, korean: bool) -> Unit {
        let ladder: &[&str] = if korean {
            &["조원", "억원", "만원", "원"]
        } else {
            &["trillion won", "billion won", "million won", "won"]
        };
        let magnitude = won.abs();
        ladder
            .iter()
            .filter_map(|name| Unit::parse(name))
            .find(|unit| magnitude >= pow10(unit.exponent))
            .unwrap_or(if korean {
                Unit {
                    exponent: 0,
                    name: "원",
                }
            } else {
                Unit::WON
            })
    }
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

pub(super) fn unknown_unit(suffix: &str) -> AmountError {
    let shown: String = suffix.chars().take(24).collect();
    let key = shown.to_lowercase();
    let suggestion = UNITS
        .iter()
        .flat_map(|&(spellings, _, name)| {
            spellings
                .iter()
                .copied()
                .chain(std::iter::once(name))
                .map(move |spelling| (spelling, name))
        })
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
