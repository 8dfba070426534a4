//! Korean numerals: `1조 2,000억원`, `3억 5천만원`, `2천5백만원`, read
//! exactly, and the last figure after 억 or 조 that could be read two ways.
//! Japanese books write the same numerals in kanji: `1兆 2,000億円`.

use super::error::Readings;
use super::figure::Figure;
use super::text::{Segment, parse_number_or_hint};
use super::unit::unknown_unit;
use super::{AmountError, Currency};

/// The multipliers inside a suffix: `천` (10^3) and the like below 만,
/// then at most one of 만/억/조, then an optional currency word (`원`).
/// Japanese books write the same myriad numerals: 千 百 十, 万 億 兆, 円.
struct KoreanSuffix {
    small: u32,
    /// The power of ten of 만/억/조 and how it is written.
    big: Option<(u32, &'static str)>,
    /// The currency the suffix ends with (`원`, `円`, `달러`).
    currency: Option<Currency>,
}

fn korean_suffix(suffix: &str) -> Option<KoreanSuffix> {
    let compact: String = suffix.chars().filter(|c| !c.is_whitespace()).collect();
    let mut rest = compact.as_str();
    let mut currency = None;
    for (word, named) in [
        ("원", Currency::Krw),
        ("円", Currency::Jpy),
        ("달러", Currency::Usd),
    ] {
        if let Some(before) = rest.strip_suffix(word) {
            currency = Some(named);
            rest = before;
            break;
        }
    }
    let mut small = 0;
    for (words, exponent) in [(["천", "千"], 3), (["백", "百"], 2), (["십", "十"], 1)] {
        if let Some(after) = words.iter().find_map(|word| rest.strip_prefix(word)) {
            small += exponent;
            rest = after;
        }
    }
    let big = match rest {
        "" => None,
        "만" => Some((4, "만")),
        "억" => Some((8, "억")),
        "조" => Some((12, "조")),
        "万" => Some((4, "万")),
        "億" => Some((8, "億")),
        "兆" => Some((12, "兆")),
        _ => return None,
    };
    Some(KoreanSuffix {
        small,
        big,
        currency,
    })
}

/// The currency a compound names by its last word (`1조 2,000억원`), if
/// any.
pub(super) fn compound_currency(pieces: &[Segment<'_>]) -> Option<Currency> {
    korean_suffix(pieces.last()?.suffix)?.currency
}

/// `3억 5천` and `2억 100`: figures after the last 억 or 조 that end
/// without a unit could be meant in the next smaller unit (3억 5천만원, as
/// people say it) or in won (3억 5,000원); both spellings are offered,
/// with the base unit of `currency` (`円` in a yen file).
/// After 만 nothing is in between, so `5만 3천` is 53,000 won.
/// `offset` is where the pieces start in `written`.
pub(super) fn ambiguous_last_figure(
    written: &str,
    offset: usize,
    pieces: &[Segment<'_>],
    currency: Currency,
) -> Option<AmountError> {
    let suffixes: Vec<KoreanSuffix> = pieces
        .iter()
        .map(|piece| korean_suffix(piece.suffix))
        .collect::<Option<_>>()?;
    let last_big = suffixes.iter().rposition(|suffix| suffix.big.is_some())?;
    let (after, next_unit) = match suffixes[last_big].big? {
        (12, "조") => ("조", "억"),
        (8, "억") => ("억", "만"),
        (12, "兆") => ("兆", "億"),
        (8, "億") => ("億", "万"),
        _ => return None,
    };
    let trailing = pieces.get(last_big + 1..).filter(|t| !t.is_empty())?;
    if suffixes.last()?.currency.is_some() {
        return None;
    }
    let in_won = korean_compound(trailing, currency)
        .ok()?
        .into_amount(false)
        .ok()?
        .won();
    let before_trailing = &written[..offset + trailing[0].start];
    let base = currency.myriads().base;
    Some(AmountError::AmbiguousLastFigure {
        after,
        next_unit,
        base,
        readings: Box::new(Readings {
            in_next_unit: format!("{written}{next_unit}{base}"),
            in_won: format!(
                "{before_trailing}{}{base}",
                crate::render::numbers::group_thousands(&in_won.to_string())
            ),
        }),
    })
}

/// Reads Korean compound numerals exactly: `1조 2천억`, `3억 5,000만원`,
/// `2천5백만원`. Groups before 만/억/조 add up and are multiplied by it;
/// the big units must come in decreasing order.
/// An unknown unit is matched against the units of `currency`, the
/// file's, for a suggestion.
pub(super) fn korean_compound(
    pieces: &[Segment<'_>],
    currency: Currency,
) -> Result<Figure, AmountError> {
    let mut total: Option<Figure> = None;
    let mut group: Option<Figure> = None;
    let mut last_big = u32::MAX;
    let add = |acc: Option<Figure>, f: Figure| match acc {
        Some(a) => a.checked_add(f).map(Some),
        None => Ok(Some(f)),
    };
    for piece in pieces {
        let Some(suffix) = korean_suffix(piece.suffix) else {
            return Err(unknown_unit(piece.suffix, currency));
        };
        // `천만원` means one 천만: a missing number before a multiplier is 1.
        let big = suffix.big.map(|(exponent, _)| exponent);
        let number = if piece.number.is_empty() && suffix.small + big.unwrap_or(0) > 0 {
            Figure {
                mantissa: 1,
                exponent: 0,
            }
        } else {
            parse_number_or_hint(piece.number)?
        };
        group = add(group, number.scaled(suffix.small))?;
        if let Some(big) = big {
            if big >= last_big {
                return Err(AmountError::BadCompound(format!(
                    "`{}` after a larger or equal unit",
                    piece.suffix
                )));
            }
            last_big = big;
            let scaled_group = group.take().map(|g| g.scaled(big));
            if let Some(g) = scaled_group {
                total = add(total, g)?;
            }
        }
    }
    if let Some(rest) = group {
        total = add(total, rest)?;
    }
    total.ok_or(AmountError::Empty)
}

#[cfg(test)]
mod tests {
    use crate::amount::test_support::*;
    use proptest::prelude::*;

    #[test]
    fn korean_units_and_compounds() {
        assert_eq!(won_of("2,646억원", Unit::WON), "264600000000");
        assert_eq!(won_of("2646억", Unit::WON), "264600000000");
        assert_eq!(won_of("1조 2,000억원", Unit::WON), "1200000000000");
        assert_eq!(won_of("1조 2천억", Unit::WON), "1200000000000");
        assert_eq!(won_of("3억 5,000만원", Unit::WON), "350000000");
        assert_eq!(won_of("2천5백만원", Unit::WON), "25000000");
        assert_eq!(won_of("천만원", Unit::WON), "10000000");
        assert_eq!(won_of("264.6십억원", Unit::WON), "264600000000");
        assert_eq!(won_of("500천원", Unit::WON), "500000");
        assert_eq!(won_of("3,000원", billion()), "3000");
        assert_eq!(won_of("1조 5억 20원", Unit::WON), "1000500000020");
    }

    #[test]
    fn a_last_figure_without_a_unit_after_eok_or_jo_is_ambiguous() {
        let ambiguous = |text: &str| match Amount::parse(text, Unit::WON) {
            Err(error @ AmountError::AmbiguousLastFigure { .. }) => error.to_string(),
            other => panic!("{text}: {other:?}"),
        };
        // Once read as 300,005,000 and 200,000,100 won.
        assert_eq!(
            ambiguous("3억 5천"),
            "has a last figure without a unit after 억 (만 or 원?): write \"3억 5천만원\" or \"3억 5,000원\""
        );
        assert_eq!(
            ambiguous("2억 100"),
            "has a last figure without a unit after 억 (만 or 원?): write \"2억 100만원\" or \"2억 100원\""
        );
        assert_eq!(
            ambiguous("1조 2천"),
            "has a last figure without a unit after 조 (억 or 원?): write \"1조 2천억원\" or \"1조 2,000원\""
        );
        // The sign and the spelling before the last figure are kept;
        // 2천5백 is 2,500 and 1.5천 is 1,500.
        assert_eq!(
            ambiguous("-3억5천"),
            "has a last figure without a unit after 억 (만 or 원?): write \"-3억5천만원\" or \"-3억5,000원\""
        );
        assert_eq!(
            ambiguous("1조 2천억 2천5백"),
            "has a last figure without a unit after 억 (만 or 원?): write \"1조 2천억 2천5백만원\" or \"1조 2천억 2,500원\""
        );
        assert!(ambiguous("3억 1.5천").ends_with("\"3억 1,500원\""));
        // Both suggestions read back as the figures they stand for:
        // 3억 + 5천만 = 350,000,000; 3억 + 5,000 = 300,005,000.
        assert_eq!(won_of("3억 5천만원", Unit::WON), "350000000");
        assert_eq!(won_of("3억 5,000원", Unit::WON), "300005000");
        assert_eq!(won_of("3억 5천원", Unit::WON), "300005000");
        assert_eq!(won_of("3억 5천 원", Unit::WON), "300005000");
        assert_eq!(won_of("2억 100원", Unit::WON), "200000100");
        // Unambiguous: a last figure with 만/억/조, or after 만 (nothing
        // lies between 만 and won): 5만 + 3천 = 53,000.
        assert_eq!(won_of("5억원", Unit::WON), "500000000");
        assert_eq!(won_of("5억", Unit::WON), "500000000");
        assert_eq!(won_of("3억 5천만", Unit::WON), "350000000");
        assert_eq!(won_of("1조 2천억", Unit::WON), "1200000000000");
        assert_eq!(won_of("5만 3천", Unit::WON), "53000");
        assert_eq!(won_of("2천 500", Unit::WON), "2500");
        assert_eq!(won_of("5천", Unit::WON), "5000");
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 64,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// A last figure without a unit after 억 is never read: both
        /// spellings offered read back as a·10^8 + b·10^4 and a·10^8 + b.
        #[test]
        fn both_readings_of_a_last_figure_read_back(a in 1u64..100_000, b in 1u64..10_000) {
            let text = format!("{a}억 {b}");
            let Err(AmountError::AmbiguousLastFigure { readings, .. }) = Amount::parse(&text, Unit::WON) else {
                panic!("{text} was read");
            };
            let read = |t: &str| Amount::parse(t, Unit::WON).unwrap().won();
            let eok = Decimal::from(a) * pow10(8);
            prop_assert_eq!(read(&readings.in_next_unit), eok + Decimal::from(b) * pow10(4));
            prop_assert_eq!(read(&readings.in_won), eok + Decimal::from(b));
        }
    }

    #[test]
    fn korean_compound_units_must_decrease() {
        assert!(matches!(
            Amount::parse("2억 1조", Unit::WON),
            Err(AmountError::BadCompound(_))
        ));
        assert!(matches!(
            Amount::parse("2억 1억", Unit::WON),
            Err(AmountError::BadCompound(_))
        ));
    }
}
