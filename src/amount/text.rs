//! Amounts written as strings: `"264.6 billion won"`, `"₩30,000,000"`,
//! `"-3.5"` in the file's unit, and the accounting `(1,234)` importers read.

use super::figure::{Figure, parse_plain_number, split_sign};
use super::korean::{ambiguous_last_figure, compound_currency, korean_compound};
use super::{Amount, AmountError, Currency, Readings, Unit};

/// An error about the figure inside `(…)`, with its suggestions in
/// parentheses too, so that they keep the figure negative.
pub(super) fn in_parentheses(error: AmountError) -> AmountError {
    match error {
        AmountError::SpacedDigits(joined) => AmountError::SpacedDigits(format!("({joined})")),
        AmountError::AmbiguousLastFigure {
            after,
            next_unit,
            base,
            readings,
        } => AmountError::AmbiguousLastFigure {
            after,
            next_unit,
            base,
            readings: Box::new(Readings {
                in_next_unit: format!("({})", readings.in_next_unit),
                in_won: format!("({})", readings.in_won),
            }),
        },
        other => other,
    }
}

/// One `number suffix` piece of a string amount, e.g. `2,000` and `억원`,
/// and the byte offset where it starts in the text split.
pub(super) struct Segment<'a> {
    pub(super) number: &'a str,
    pub(super) suffix: &'a str,
    pub(super) start: usize,
}

fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || c == ',' || c == '.'
}

/// Splits `1조 2,000억원` into `(1, 조)` and `(2,000, 억원)`.
fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let start = text.len() - rest.len();
        let number_end = rest.find(|c| !is_number_char(c)).unwrap_or(rest.len());
        let (number, after) = rest.split_at(number_end);
        let suffix_end = after
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(after.len());
        let (suffix, next) = after.split_at(suffix_end);
        pieces.push(Segment {
            number,
            suffix: suffix.trim(),
            start,
        });
        rest = next.trim_start();
    }
    pieces
}

pub(super) fn parse_amount_text(text: &str, default_unit: Unit) -> Result<Amount, AmountError> {
    read_amount_text(text, default_unit).map_err(|error| error.in_currency(default_unit.currency()))
}

fn read_amount_text(text: &str, default_unit: Unit) -> Result<Amount, AmountError> {
    let (negative, unsigned) = split_sign(text);
    let (sign_currency, unsigned) = match Currency::strip_sign(unsigned) {
        Some((currency, rest)) => (Some(currency), rest),
        None => (None, unsigned),
    };
    let currency = sign_currency.unwrap_or(default_unit.currency());
    if unsigned.is_empty() {
        return Err(AmountError::Empty);
    }
    if ["nan", "inf", "infinity"]
        .iter()
        .any(|word| unsigned.eq_ignore_ascii_case(word))
    {
        return Err(AmountError::NotFinite);
    }
    let pieces = segments(unsigned);
    // Every piece but the last has a unit: a bare number followed by more
    // digits is a number split by white space (`1 234억원`), never a sum.
    let (last, leading) = pieces.split_last().ok_or(AmountError::Empty)?;
    if leading.iter().any(|piece| piece.suffix.is_empty()) {
        return Err(AmountError::SpacedDigits(join_spaced_digits(text.trim())));
    }
    if leading.is_empty()
        && let Some(unit) = plain_unit(last.suffix, default_unit, sign_currency)
    {
        in_file_currency(unit.currency(), sign_currency, default_unit)?;
        let figure = parse_number_or_hint(last.number)?;
        return figure.scaled(unit.exponent()).into_amount(negative);
    }
    let figure = korean_compound(&pieces, currency)?;
    let named = compound_currency(&pieces).unwrap_or(currency);
    in_file_currency(named, sign_currency, default_unit)?;
    // `unsigned` is what is left of the trimmed text after the sign and
    // the currency sign, so the text before it is their spelling.
    let written = text.trim();
    let before_pieces = &written[..written.len() - unsigned.len()];
    if let Some(ambiguous) = ambiguous_last_figure(written, before_pieces.len(), &pieces, named) {
        return Err(ambiguous);
    }
    figure.into_amount(negative)
}

/// The text with every run of digit groups split by white space joined
/// into one number with thousands grouped: `1 234억원` → `1,234억원`.
fn join_spaced_digits(text: &str) -> String {
    let mut joined = String::with_capacity(text.len() + 4);
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        joined.push_str(&rest[..start]);
        rest = &rest[start..];
        let mut digits = String::new();
        loop {
            let end = rest.find(|c| !is_number_char(c)).unwrap_or(rest.len());
            digits.extend(rest[..end].chars().filter(|&c| c != ','));
            let after = rest[end..].trim_start();
            let spaced = after.len() < rest.len() - end;
            if spaced && after.starts_with(|c: char| c.is_ascii_digit()) {
                rest = after;
            } else {
                rest = &rest[end..];
                break;
            }
        }
        joined.push_str(&crate::render::numbers::group_thousands(&digits));
    }
    joined.push_str(rest);
    joined
}

/// The unit of a one-number amount: the suffix's unit, or the default.
/// `₩30,000,000`, `$1,500` and `¥500` are in the sign's base unit
/// whatever the file's unit; `$1.5 million` is in million dollars.
fn plain_unit(suffix: &str, default_unit: Unit, sign: Option<Currency>) -> Option<Unit> {
    if suffix.is_empty() {
        return Some(match sign {
            Some(currency) => Unit::base_of(currency, false),
            None => default_unit,
        });
    }
    Unit::parse_in(suffix, sign.unwrap_or(default_unit.currency()))
}

/// An amount is in the currency of its file's unit: `"30억원"` in a yen
/// file is an error, never a figure in yen. A sign must agree with the
/// unit after the figure (`$5 billion won` is not read).
fn in_file_currency(
    named: Currency,
    sign: Option<Currency>,
    default_unit: Unit,
) -> Result<(), AmountError> {
    if let Some(sign) = sign.filter(|&sign| sign != named) {
        return Err(AmountError::BadCompound(format!(
            "a sign of {sign} before a unit in {named}"
        )));
    }
    let expected = default_unit.currency();
    if named != expected {
        return Err(AmountError::OtherCurrency {
            found: named,
            expected,
        });
    }
    Ok(())
}

pub(super) fn parse_number_or_hint(number: &str) -> Result<Figure, AmountError> {
    parse_plain_number(number).map_err(|error| match error {
        AmountError::NotANumber(_) if number.is_empty() => {
            AmountError::NotANumber("a number must come before the unit".into())
        }
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use crate::amount::test_support::*;
    use proptest::prelude::*;

    #[test]
    fn english_amounts_with_units() {
        assert_eq!(won_of("264.6 billion won", Unit::WON), "264600000000");
        assert_eq!(won_of("264.6billion", Unit::WON), "264600000000");
        assert_eq!(won_of("30 million won", Unit::WON), "30000000");
        assert_eq!(won_of("1 trillion won", Unit::WON), "1000000000000");
        assert_eq!(won_of("5 thousand won", Unit::WON), "5000");
        assert_eq!(won_of("₩30,000,000", billion()), "30000000");
        assert_eq!(won_of("KRW 1,000", billion()), "1000");
    }

    #[test]
    fn bare_numbers_take_the_file_unit() {
        assert_eq!(won_of("-3.5", billion()), "-3500000000");
        assert_eq!(won_of("240.4", billion()), "240400000000");
        assert_eq!(won_of("+2", Unit::parse("억원").unwrap()), "200000000");
        assert_eq!(won_of("△3.5", billion()), "-3500000000");
    }

    #[test]
    fn digits_split_by_white_space_are_an_error_with_the_number_joined() {
        let spaced = |text: &str| match Amount::parse(text, Unit::WON) {
            Err(AmountError::SpacedDigits(suggestion)) => suggestion,
            other => panic!("{text}: {other:?}"),
        };
        // Once read as 1 + 234 = 235억원, 12 + 345 + 678 = 1,035 and 10 + 20 = 30.
        assert_eq!(spaced("1 234억원"), "1,234억원");
        assert_eq!(spaced("12 345 678"), "12,345,678");
        assert_eq!(spaced("10 20"), "1,020");
        assert_eq!(spaced("  -1 234.5  "), "-1,234.5");
        assert_eq!(spaced("1,234 567 billion won"), "1,234,567 billion won");
        assert_eq!(spaced("1조 2 000억원"), "1조 2,000억원");
        assert_eq!(spaced("₩30 000 000"), "₩30,000,000");
        // A no-break space or a tab is no separator either.
        assert_eq!(spaced("1\u{a0}234"), "1,234");
        assert_eq!(spaced("1\t234"), "1,234");
        assert_eq!(
            Amount::parse("1 234억원", Unit::WON)
                .unwrap_err()
                .to_string(),
            "has digits separated by a space, which is not a thousands separator; for one number write \"1,234억원\""
        );
        // What stays valid: a space between groups that each have a unit,
        // and between a number and its unit.
        assert_eq!(won_of("1 trillion won", Unit::WON), "1000000000000");
        assert_eq!(won_of("2,646 억원", Unit::WON), "264600000000");
        assert_eq!(won_of("1조 5억 20원", Unit::WON), "1000500000020");
    }

    /// `n` with its digit groups split by spaces, as some exports write it.
    fn spaced_thousands(n: u64) -> String {
        crate::render::numbers::group_thousands(&n.to_string()).replace(',', " ")
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 64,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// Digits split by spaces are never added up: the error's
        /// suggestion reads back as the one number they spell.
        #[test]
        fn spaced_digits_suggest_the_number_they_spell(n in 1_000u64.., eok in any::<bool>()) {
            let unit = if eok { "억원" } else { "" };
            let text = format!("{}{unit}", spaced_thousands(n));
            let Err(AmountError::SpacedDigits(suggestion)) = Amount::parse(&text, Unit::WON) else {
                panic!("{text} was read");
            };
            let expected = Decimal::from(n) * pow10(if eok { 8 } else { 0 });
            prop_assert_eq!(Amount::parse(&suggestion, Unit::WON).unwrap().won(), expected);
        }
    }

    #[test]
    fn malformed_amounts_say_why() {
        assert_eq!(Amount::parse("", Unit::WON), Err(AmountError::Empty));
        assert_eq!(Amount::parse("  - ", Unit::WON), Err(AmountError::Empty));
        assert_eq!(
            Amount::parse("26,46", Unit::WON),
            Err(AmountError::MisplacedSeparator)
        );
        assert!(matches!(
            Amount::parse("12 bilion won", Unit::WON),
            Err(AmountError::UnknownUnit {
                suggestion: Some("billion won"),
                ..
            })
        ));
        // Issue 15 made dollars a currency (see the currency tests); a
        // currency the tool does not know is still an unknown unit.
        assert!(matches!(
            Amount::parse("12 pesos", Unit::WON),
            Err(AmountError::UnknownUnit {
                suggestion: None,
                ..
            })
        ));
        assert!(matches!(
            Amount::parse("1.2.3", Unit::WON),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            Amount::parse("billion won", Unit::WON),
            Err(AmountError::NotANumber(_))
        ));
    }

    #[test]
    fn accounting_negatives_and_separators() {
        let thousand = Unit::parse("천원").unwrap();
        let won = |text: &str| {
            Amount::parse_accounting(text, thousand)
                .unwrap()
                .won()
                .to_string()
        };
        // 1,234 천원 = 1,234,000 won; every negative spelling gives the same.
        assert_eq!(won("1,234"), "1234000");
        assert_eq!(won(" (1,234) "), "-1234000");
        assert_eq!(won("( 1,234 )"), "-1234000");
        assert_eq!(won("△1,234"), "-1234000");
        assert_eq!(won("-1,234"), "-1234000");
        // 12.5 천원 = 12,500 won, written to the won.
        assert_eq!(won("(12.5)"), "-12500");
        assert_eq!(
            Amount::parse_accounting("(12.5)", thousand)
                .unwrap()
                .precision(),
            2
        );
        assert!(matches!(
            Amount::parse_accounting("(-5)", thousand),
            Err(AmountError::NotANumber(_))
        ));
        assert_eq!(
            Amount::parse_accounting("()", thousand),
            Err(AmountError::Empty)
        );
        assert!(Amount::parse_accounting("(1,234", thousand).is_err());
        // The year-file syntax itself is unchanged: no parentheses there.
        assert!(Amount::parse("(1,234)", thousand).is_err());
    }

    #[test]
    fn amounts_in_yen_and_dollars_follow_the_file_currency() {
        let yen = Unit::parse("億円").unwrap();
        let dollars = Unit::parse("million dollars").unwrap();
        // 115兆5,415億円 = 115×10^12 + 5,415×10^8 = 115,541,500,000,000 yen.
        assert_eq!(won_of("115兆5,415億円", yen), "115541500000000");
        assert_eq!(won_of("115兆 5415億", yen), "115541500000000");
        // 38兆2778億円 (no spaces, as Japanese releases print it).
        assert_eq!(won_of("38兆2778億円", yen), "38277800000000");
        // Bare figures and bare magnitude words take the file's currency:
        // 2.5 億円 = 250,000,000 yen; 500 百万円 = 500,000,000 yen.
        assert_eq!(won_of("2.5", yen), "250000000");
        assert_eq!(won_of("500百万円", yen), "500000000");
        assert_eq!(won_of("3億", yen), "300000000");
        assert_eq!(won_of("¥1,200", yen), "1200");
        assert_eq!(won_of("1.5 billion yen", yen), "1500000000");
        // $489.6 million = 489,600,000 dollars; "1.5 million" in a dollar
        // file is 1,500,000 dollars; 2억 달러 = 200,000,000 dollars.
        assert_eq!(won_of("$489.6 million", dollars), "489600000");
        assert_eq!(won_of("489.6", dollars), "489600000");
        assert_eq!(won_of("1.5 million", dollars), "1500000");
        assert_eq!(won_of("USD 2,000", dollars), "2000");
        assert_eq!(won_of("US$ 3 billion", dollars), "3000000000");
        assert_eq!(won_of("7 million USD", dollars), "7000000");
        assert_eq!(won_of("2억 달러", dollars), "200000000");
        assert_eq!(won_of("2억달러", dollars), "200000000");
    }

    #[test]
    fn unknown_units_suggest_a_unit_of_the_file_currency() {
        let suggestion =
            |text: &str, unit: &str| match Amount::parse(text, Unit::parse(unit).unwrap()) {
                Err(AmountError::UnknownUnit { suggestion, .. }) => suggestion,
                other => panic!("{text}: {other:?}"),
            };
        // `bilion` is one letter from `billion`, which in a dollar file is
        // billion dollars; in a won file it stays billion won.
        assert_eq!(
            suggestion("12 bilion", "million dollars"),
            Some("billion dollars")
        );
        assert_eq!(suggestion("12 bilion", "억원"), Some("billion won"));
        assert_eq!(suggestion("$3 milion", "dollars"), Some("million dollars"));
        assert_eq!(suggestion("3 milion", "億円"), Some("million yen"));
        assert_eq!(suggestion("5 dolars", "million dollars"), Some("dollars"));
        assert_eq!(suggestion("3 억달라", "million dollars"), Some("억달러"));
        // `wons` is near no unit a dollar file may hold: no suggestion,
        // rather than `won`, which the file could not use.
        assert_eq!(suggestion("5 wons", "million dollars"), None);
        assert_eq!(suggestion("5 wons", "won"), Some("won"));
    }

    #[test]
    fn an_amount_in_another_currency_is_an_error() {
        let yen = Unit::parse("百万円").unwrap();
        let other = |text: &str, unit: Unit| Amount::parse(text, unit).unwrap_err().to_string();
        assert_eq!(
            other("30억원", yen),
            "is in won, but the file's unit is in yen; a file holds amounts in one currency (no exchange rate is applied)"
        );
        assert_eq!(
            other("$5", yen),
            "is in dollars, but the file's unit is in yen; a file holds amounts in one currency (no exchange rate is applied)"
        );
        assert!(
            other("12 dollars", Unit::WON)
                .starts_with("is in dollars, but the file's unit is in won")
        );
        assert!(other("5億円", Unit::WON).starts_with("is in yen, but"));
        assert!(other("₩3,000", Unit::parse("dollars").unwrap()).starts_with("is in won, but"));
        assert_eq!(
            other("$5 billion won", Unit::WON),
            "mixes units in a way that cannot be read: a sign of dollars before a unit in won"
        );
        // In a won file, today's spellings keep their meaning.
        assert_eq!(won_of("1.5 million", Unit::WON), "1500000");
        assert_eq!(won_of("₩30,000,000", eok_won()), "30000000");
    }

    fn eok_won() -> Unit {
        Unit::parse("억원").unwrap()
    }

    #[test]
    fn ambiguous_last_figures_are_offered_in_the_file_currency() {
        let yen = Unit::parse("億円").unwrap();
        let ambiguous = Amount::parse("3億 5千", yen).unwrap_err().to_string();
        // 3億 + 5千万 = 350,000,000; 3億 + 5,000 = 300,005,000 yen.
        assert_eq!(
            ambiguous,
            "has a last figure without a unit after 億 (万 or 円?): write \"3億 5千万円\" or \"3億 5,000円\""
        );
        assert_eq!(won_of("3億 5千万円", yen), "350000000");
        assert_eq!(won_of("3億 5,000円", yen), "300005000");
    }
}
