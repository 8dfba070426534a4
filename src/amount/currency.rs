//! Currencies. A unit carries one; a year file is in the currency of its
//! `unit` (won when it names none), and every amount in it must be in that
//! currency. Figures in different currencies are never added, compared or
//! converted.

use std::fmt;

use serde::Serialize;

use super::{Unit, pow10};

/// A currency a unit may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Currency {
    /// South Korean won, the default of every file.
    #[default]
    Krw,
    /// Japanese yen.
    Jpy,
    /// United States dollars.
    Usd,
}

impl Currency {
    /// The ISO 4217 code: `KRW`, `JPY`, `USD`.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Krw => "KRW",
            Currency::Jpy => "JPY",
            Currency::Usd => "USD",
        }
    }

    /// The English name of the currency's base unit, as machine formats
    /// label their amounts (`"unit": "won"`).
    pub fn base_name(self) -> &'static str {
        match self {
            Currency::Krw => "won",
            Currency::Jpy => "yen",
            Currency::Usd => "dollars",
        }
    }

    /// The words of the myriad notation (10^12, 10^8, 10^4) and the base
    /// unit, as budget books in the currency write them: `조 억 만 원`,
    /// `兆 億 万 円`; dollars in Korean, `조 억 만 달러`.
    pub fn myriads(self) -> Myriads {
        match self {
            Currency::Krw => Myriads {
                jo: "조",
                eok: "억",
                man: "만",
                base: "원",
            },
            Currency::Jpy => Myriads {
                jo: "兆",
                eok: "億",
                man: "万",
                base: "円",
            },
            Currency::Usd => Myriads {
                jo: "조",
                eok: "억",
                man: "만",
                base: "달러",
            },
        }
    }

    /// The currency a sign or code written before a figure names:
    /// `₩30,000`, `$1.5 million`, `¥500`, `USD 10`.
    pub(super) fn strip_sign(text: &str) -> Option<(Currency, &str)> {
        const SIGNS: &[(&str, Currency)] = &[
            ("₩", Currency::Krw),
            ("￦", Currency::Krw),
            ("KRW", Currency::Krw),
            ("krw", Currency::Krw),
            ("US$", Currency::Usd),
            ("$", Currency::Usd),
            ("USD", Currency::Usd),
            ("usd", Currency::Usd),
            ("¥", Currency::Jpy),
            ("￥", Currency::Jpy),
            ("JPY", Currency::Jpy),
            ("jpy", Currency::Jpy),
        ];
        SIGNS.iter().find_map(|&(sign, currency)| {
            text.strip_prefix(sign)
                .map(|rest| (currency, rest.trim_start()))
        })
    }
}

/// The words of one currency's myriad notation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Myriads {
    pub jo: &'static str,
    pub eok: &'static str,
    pub man: &'static str,
    pub base: &'static str,
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.base_name())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.base_name())
    }
}

/// Figures that cannot be shown together: they are in different
/// currencies, and no exchange rate is ever applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MixedCurrencies {
    /// Two files of one report.
    #[error(
        "{} is in {} but {} is in {}; figures in different currencies are never compared or added (no exchange rate is applied)",
        crate::quote::visible(.first_file),
        .first,
        crate::quote::visible(.other_file),
        .other
    )]
    Files {
        first_file: String,
        first: Currency,
        other_file: String,
        other: Currency,
    },
    /// `--unit` names a unit of another currency than the files'.
    #[error(
        "--unit {unit} is in {unit_currency} but {} is in {currency}; use a unit in {currency}, such as {suggestion}",
        crate::quote::visible(.file)
    )]
    Unit {
        unit: &'static str,
        unit_currency: Currency,
        file: String,
        currency: Currency,
        /// The unit of the same size and script in the files' currency.
        suggestion: &'static str,
    },
}

/// The one currency of `files` (path and currency), or the first pair
/// that differs. No files: won.
pub fn one_currency<'a>(
    files: impl IntoIterator<Item = (&'a str, Currency)>,
) -> Result<Currency, MixedCurrencies> {
    let mut files = files.into_iter();
    let Some((first_file, first)) = files.next() else {
        return Ok(Currency::Krw);
    };
    match files.find(|&(_, currency)| currency != first) {
        Some((other_file, other)) => Err(MixedCurrencies::Files {
            first_file: first_file.to_owned(),
            first,
            other_file: other_file.to_owned(),
            other,
        }),
        None => Ok(first),
    }
}

/// The files' one currency, and `asked` (a `--unit`) in it: an amount is
/// never shown in a unit of another currency.
pub fn one_currency_for<'a>(
    files: impl IntoIterator<Item = (&'a str, Currency)> + Clone,
    asked: Option<Unit>,
) -> Result<Currency, MixedCurrencies> {
    let currency = one_currency(files.clone())?;
    match (asked, files.into_iter().next()) {
        (Some(unit), Some((file, _))) if unit.currency() != currency => {
            Err(MixedCurrencies::Unit {
                unit: unit.name(),
                unit_currency: unit.currency(),
                file: file.to_owned(),
                currency,
                suggestion: Unit::readable_in(pow10(unit.exponent()), unit.is_korean(), currency)
                    .name(),
            })
        }
        _ => Ok(currency),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_currencies_name_both_files() {
        assert_eq!(one_currency([]), Ok(Currency::Krw));
        assert_eq!(
            one_currency([("a.toml", Currency::Jpy), ("b.toml", Currency::Jpy)]),
            Ok(Currency::Jpy)
        );
        let error = one_currency([
            ("a.toml", Currency::Krw),
            ("b.toml", Currency::Krw),
            ("c.toml", Currency::Usd),
        ])
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "a.toml is in won but c.toml is in dollars; figures in different currencies are never compared or added (no exchange rate is applied)"
        );
        let files = [("y.toml", Currency::Jpy)];
        let billion_won = Unit::parse("billion won");
        assert_eq!(
            one_currency_for(files, billion_won)
                .unwrap_err()
                .to_string(),
            "--unit billion won is in won but y.toml is in yen; use a unit in yen, such as billion yen"
        );
        assert_eq!(
            one_currency_for(files, Unit::parse("億円")),
            Ok(Currency::Jpy)
        );
        assert_eq!(one_currency_for(files, None), Ok(Currency::Jpy));
    }

    #[test]
    fn signs_name_their_currency() {
        assert_eq!(Currency::strip_sign("$1.5"), Some((Currency::Usd, "1.5")));
        assert_eq!(Currency::strip_sign("US$ 2"), Some((Currency::Usd, "2")));
        assert_eq!(Currency::strip_sign("¥500"), Some((Currency::Jpy, "500")));
        assert_eq!(Currency::strip_sign("KRW 1"), Some((Currency::Krw, "1")));
        assert_eq!(Currency::strip_sign("1,000"), None);
    }
}
