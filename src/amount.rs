//! Money as written in budget files: exact decimal amounts in won, the units
//! they are written in, and the precision of the last digit written.
//!
//! Every figure is read digit for digit into a `Decimal`; nothing passes
//! through `f64`. Values that a `Decimal` cannot hold exactly (more than 28
//! significant digits, or beyond its range) are errors, never roundings.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::exact::{Inexact, exact_difference, exact_sum};

/// Most significant digits a figure may have and still be held exactly.
pub const MAX_SIGNIFICANT_DIGITS: usize = 28;

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

/// An exact amount of money in won, with the precision it was written to.
///
/// `precision` is the power of ten (in won) of the last digit written:
/// `264.6 billion won` has precision 8 (a tenth of a billion), `2,646억원`
/// also 8, `30 million won` 6. Sums keep the finest precision of their terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    won: Decimal,
    precision: i32,
}

/// Amounts serialize as the exact decimal in won, as a string.
impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.won)
    }
}

/// Precision of a figure nobody wrote (an empty sum): shown with no decimals.
const UNWRITTEN: i32 = i32::MAX / 2;

impl Amount {
    pub const ZERO: Amount = Amount {
        won: Decimal::ZERO,
        precision: UNWRITTEN,
    };

    pub fn new(won: Decimal, precision: i32) -> Amount {
        Amount { won, precision }
    }

    /// Reads a TOML number literal (`264.6`, `1_000`, `2.5e3`) in `unit`.
    pub fn from_toml_literal(literal: &str, unit: Unit) -> Result<Amount, AmountError> {
        let literal: std::borrow::Cow<'_, str> = if literal.contains('_') {
            literal.replace('_', "").into()
        } else {
            literal.into()
        };
        let (negative, unsigned) = split_sign(&literal);
        let mut figure = parse_scientific(unsigned)?;
        figure.exponent += unit.exponent as i32;
        figure.into_amount(negative)
    }

    /// Reads an amount written as a string: `"264.6 billion won"`,
    /// `"2,646억원"`, `"1조 2,000억원"`, `"₩30,000,000"`, `"-3.5"`.
    /// A bare number is in `default_unit`.
    pub fn parse(text: &str, default_unit: Unit) -> Result<Amount, AmountError> {
        parse_amount_text(text, default_unit)
    }

    /// Reads an amount as spreadsheets and accounting exports write it:
    /// everything [`Amount::parse`] reads, and also `(1,234)` for a
    /// negative figure. Only importers use this; year files keep their
    /// stricter syntax.
    pub fn parse_accounting(text: &str, default_unit: Unit) -> Result<Amount, AmountError> {
        let trimmed = text.trim();
        match trimmed
            .strip_prefix('(')
            .and_then(|rest| rest.strip_suffix(')'))
        {
            Some(inner) => {
                let inner = inner.trim();
                if inner.starts_with(['-', '−', '△', '+', '(']) {
                    return Err(AmountError::NotANumber(
                        "parentheses already make the figure negative".into(),
                    ));
                }
                let amount = parse_amount_text(inner, default_unit).map_err(in_parentheses)?;
                Ok(Amount {
                    won: -amount.won,
                    precision: amount.precision,
                })
            }
            None => parse_amount_text(trimmed, default_unit),
        }
    }

    pub fn won(self) -> Decimal {
        self.won
    }

    pub fn precision(self) -> i32 {
        self.precision
    }

    pub fn is_zero(self) -> bool {
        self.won.is_zero()
    }

    /// The exact sum; `None` if `Decimal` cannot hold it exactly (too
    /// large, or too many significant digits: never rounded).
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.exact_add(other).ok()
    }

    /// The exact difference; `None` if `Decimal` cannot hold it exactly.
    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.exact_sub(other).ok()
    }

    /// The exact sum, or why it cannot be held exactly.
    pub fn exact_add(self, other: Amount) -> Result<Amount, Inexact> {
        Ok(Amount {
            won: exact_sum(self.won, other.won)?,
            precision: self.precision.min(other.precision),
        })
    }

    /// The exact difference, or why it cannot be held exactly.
    pub fn exact_sub(self, other: Amount) -> Result<Amount, Inexact> {
        Ok(Amount {
            won: exact_difference(self.won, other.won)?,
            precision: self.precision.min(other.precision),
        })
    }

    /// The exact value in `unit`, with as many decimals as the figure was
    /// written with (`264.6 billion won` in billion won is `264.6`, in 억원
    /// `2646`, in won `264600000000`).
    pub fn in_unit(self, unit: Unit) -> Decimal {
        let value = shift_down(self.won, unit.exponent);
        let written_decimals = (unit.exponent as i64 - self.precision as i64).clamp(0, 28) as u32;
        let mut normalized = value.normalize();
        if normalized.scale() < written_decimals {
            normalized.rescale(written_decimals);
        }
        normalized
    }

    /// How many decimals the figure has in `unit`, as written.
    pub fn written_decimals(self, unit: Unit) -> u32 {
        self.in_unit(unit).scale()
    }
}

/// An error about the figure inside `(…)`, with its suggestions in
/// parentheses too, so that they keep the figure negative.
fn in_parentheses(error: AmountError) -> AmountError {
    match error {
        AmountError::SpacedDigits(joined) => AmountError::SpacedDigits(format!("({joined})")),
        AmountError::AmbiguousLastFigure {
            after,
            next_unit,
            readings,
        } => AmountError::AmbiguousLastFigure {
            after,
            next_unit,
            readings: Box::new(Readings {
                in_next_unit: format!("({})", readings.in_next_unit),
                in_won: format!("({})", readings.in_won),
            }),
        },
        other => other,
    }
}

/// Divides by 10^exponent exactly when `Decimal` can hold the result.
pub fn shift_down(value: Decimal, exponent: u32) -> Decimal {
    let mut shifted = value;
    if shifted.scale() + exponent <= 28 && shifted.set_scale(value.scale() + exponent).is_ok() {
        return shifted;
    }
    value / pow10(exponent)
}

/// 10^exponent as a `Decimal` (exponent at most 28).
pub fn pow10(exponent: u32) -> Decimal {
    Decimal::from_i128_with_scale(10i128.pow(exponent.min(28)), 0)
}

/// Why a figure could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("is empty")]
    Empty,
    #[error("is not a number{}", hint_suffix(.0))]
    NotANumber(String),
    #[error("has a misplaced thousands separator (write `1,234,567` or `1234567`)")]
    MisplacedSeparator,
    /// `"1 234억원"`: digits split by white space, with the value joined
    /// into one number, as a suggestion.
    #[error(
        "has digits separated by a space, which is not a thousands separator; for one number write {}",
        crate::quote::excerpt(.0)
    )]
    SpacedDigits(String),
    /// `"3억 5천"`: a last figure without a unit after 억 or 조, which
    /// could be meant in the next smaller unit or in won. The readings
    /// are boxed to keep the error (and every `Result` with it) small.
    #[error(
        "has a last figure without a unit after {after} ({next_unit} or 원?): write {} or {}",
        crate::quote::excerpt(&.readings.in_next_unit),
        crate::quote::excerpt(&.readings.in_won)
    )]
    AmbiguousLastFigure {
        after: &'static str,
        next_unit: &'static str,
        readings: Box<Readings>,
    },
    #[error("has an unknown unit `{}`{}", crate::quote::visible(.unit), suggestion_suffix(.suggestion))]
    UnknownUnit {
        unit: String,
        suggestion: Option<&'static str>,
    },
    #[error("mixes units in a way that cannot be read: {0}")]
    BadCompound(String),
    #[error("has {0} significant digits; at most 28 can be held exactly")]
    TooManyDigits(usize),
    #[error(
        "is too large to be held exactly (more than 79,228,162,514,264,337,593,543,950,335 won)"
    )]
    Overflow,
    #[error("has more than 28 decimal places in won")]
    TooFine,
    #[error("is not finite (inf and nan are not amounts)")]
    NotFinite,
}

/// The two explicit spellings of an ambiguous amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readings {
    /// The last figure in the unit after the last 억 or 조: `3억 5천만원`.
    pub in_next_unit: String,
    /// The last figure in won: `3억 5,000원`.
    pub in_won: String,
}

fn hint_suffix(hint: &str) -> String {
    if hint.is_empty() {
        String::new()
    } else {
        format!(" ({hint})")
    }
}

fn suggestion_suffix(suggestion: &Option<&'static str>) -> String {
    suggestion
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}

/// A decimal figure as written: `mantissa × 10^exponent`, where the
/// exponent is the position of the last digit written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Figure {
    mantissa: i128,
    exponent: i32,
}

impl Figure {
    fn scaled(self, exponent: u32) -> Figure {
        Figure {
            mantissa: self.mantissa,
            exponent: self.exponent + exponent as i32,
        }
    }

    /// The exact sum, aligned to the finer of the two last digits.
    fn checked_add(self, other: Figure) -> Result<Figure, AmountError> {
        let exponent = self.exponent.min(other.exponent);
        let align = |f: Figure| -> Result<i128, AmountError> {
            let shift = u32::try_from(f.exponent - exponent).map_err(|_| AmountError::Overflow)?;
            10i128
                .checked_pow(shift)
                .and_then(|factor| f.mantissa.checked_mul(factor))
                .ok_or(AmountError::Overflow)
        };
        let mantissa = align(self)?
            .checked_add(align(other)?)
            .ok_or(AmountError::Overflow)?;
        Ok(Figure { mantissa, exponent })
    }

    fn into_amount(self, negative: bool) -> Result<Amount, AmountError> {
        let digits = significant_digits(self.mantissa);
        if digits > MAX_SIGNIFICANT_DIGITS {
            return Err(AmountError::TooManyDigits(digits));
        }
        let signed = if negative {
            -self.mantissa
        } else {
            self.mantissa
        };
        let won = if self.exponent >= 0 {
            let factor = u32::try_from(self.exponent)
                .ok()
                .and_then(|e| 10i128.checked_pow(e))
                .ok_or(AmountError::Overflow)?;
            let whole = signed.checked_mul(factor).ok_or(AmountError::Overflow)?;
            Decimal::try_from_i128_with_scale(whole, 0).map_err(|_| AmountError::Overflow)?
        } else {
            let scale = self.exponent.unsigned_abs();
            if scale > 28 {
                return Err(AmountError::TooFine);
            }
            Decimal::try_from_i128_with_scale(signed, scale).map_err(|_| AmountError::Overflow)?
        };
        Ok(Amount {
            won,
            precision: self.exponent,
        })
    }
}

fn significant_digits(mantissa: i128) -> usize {
    if mantissa == 0 {
        1
    } else {
        mantissa.unsigned_abs().to_string().len()
    }
}

fn split_sign(text: &str) -> (bool, &str) {
    let text = text.trim();
    for (sign, negative) in [("-", true), ("−", true), ("△", true), ("+", false)] {
        if let Some(rest) = text.strip_prefix(sign) {
            return (negative, rest.trim_start());
        }
    }
    (false, text)
}

/// Reads plain digits with an optional fraction, keeping every digit.
/// Commas are thousands separators and must sit between groups of three.
fn parse_plain_number(text: &str) -> Result<Figure, AmountError> {
    let (integer, fraction) = match text.split_once('.') {
        Some((i, f)) => (i, f),
        None => (text, ""),
    };
    let malformed = || AmountError::NotANumber(String::new());
    if integer.is_empty() && fraction.is_empty() || text.ends_with('.') || text.starts_with('.') {
        return Err(malformed());
    }
    if integer.contains(',') && !commas_group_thousands(integer) {
        return Err(AmountError::MisplacedSeparator);
    }
    // One pass over the digits, without allocating: leading zeros are not
    // significant; every other digit is, trailing zeros included.
    let mut mantissa: i128 = 0;
    let mut significant = 0usize;
    let digits = integer
        .bytes()
        .filter(|&b| b != b',')
        .chain(fraction.bytes());
    for byte in digits {
        if !byte.is_ascii_digit() {
            return Err(malformed());
        }
        if significant == 0 && byte == b'0' {
            continue;
        }
        significant += 1;
        if significant <= MAX_SIGNIFICANT_DIGITS {
            mantissa = mantissa * 10 + i128::from(byte - b'0');
        }
    }
    if fraction.bytes().any(|b| !b.is_ascii_digit()) {
        return Err(malformed());
    }
    if significant > MAX_SIGNIFICANT_DIGITS {
        return Err(AmountError::TooManyDigits(significant));
    }
    Ok(Figure {
        mantissa,
        exponent: -(fraction.len() as i32),
    })
}

fn commas_group_thousands(integer: &str) -> bool {
    let mut groups = integer.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// Reads a TOML-style decimal literal with an optional exponent (`2.5e3`).
fn parse_scientific(text: &str) -> Result<Figure, AmountError> {
    let names_infinity_or_nan = text
        .as_bytes()
        .windows(3)
        .any(|w| w.eq_ignore_ascii_case(b"inf") || w.eq_ignore_ascii_case(b"nan"));
    if names_infinity_or_nan {
        return Err(AmountError::NotFinite);
    }
    let (number, exponent) = match text.split_once(['e', 'E']) {
        Some((number, exponent)) => {
            let exponent: i32 = exponent
                .parse()
                .map_err(|_| AmountError::NotANumber(String::new()))?;
            (number, exponent)
        }
        None => (text, 0),
    };
    if number.contains(',') {
        return Err(AmountError::NotANumber(String::new()));
    }
    let figure = parse_plain_number(number)?;
    let exponent = figure
        .exponent
        .checked_add(exponent)
        .filter(|e| e.abs() < 1000)
        .ok_or(AmountError::Overflow)?;
    Ok(Figure {
        mantissa: figure.mantissa,
        exponent,
    })
}

/// One `number suffix` piece of a string amount, e.g. `2,000` and `억원`,
/// and the byte offset where it starts in the text split.
struct Segment<'a> {
    number: &'a str,
    suffix: &'a str,
    start: usize,
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

/// The Korean multipliers inside a suffix: `천` (10^3) and the like below
/// 만, then at most one of 만/억/조, then an optional `원`.
struct KoreanSuffix {
    small: u32,
    big: Option<u32>,
    /// The suffix ends in `원`.
    won: bool,
}

fn korean_suffix(suffix: &str) -> Option<KoreanSuffix> {
    let compact: String = suffix.chars().filter(|c| !c.is_whitespace()).collect();
    let won = compact.ends_with('원');
    let mut rest = compact.strip_suffix('원').unwrap_or(&compact);
    let mut small = 0;
    for (word, exponent) in [("천", 3), ("백", 2), ("십", 1)] {
        if let Some(after) = rest.strip_prefix(word) {
            small += exponent;
            rest = after;
        }
    }
    let big = match rest {
        "" => None,
        "만" => Some(4),
        "억" => Some(8),
        "조" => Some(12),
        _ => return None,
    };
    Some(KoreanSuffix { small, big, won })
}

fn parse_amount_text(text: &str, default_unit: Unit) -> Result<Amount, AmountError> {
    let (negative, unsigned) = split_sign(text);
    let (unsigned, currency_sign) = strip_currency_sign(unsigned);
    if unsigned.is_empty() {
        return Err(AmountError::Empty);
    }
    if ["nan", "inf", "infinity"].contains(&unsigned.to_ascii_lowercase().as_str()) {
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
        && let Some(unit) = plain_unit(last.suffix, default_unit, currency_sign)
    {
        let figure = parse_number_or_hint(last.number)?;
        return figure.scaled(unit.exponent).into_amount(negative);
    }
    let figure = korean_compound(&pieces)?;
    // `unsigned` is what is left of the trimmed text after the sign and
    // the currency sign, so the text before it is their spelling.
    let written = text.trim();
    let before_pieces = &written[..written.len() - unsigned.len()];
    if let Some(ambiguous) = ambiguous_last_figure(written, before_pieces.len(), &pieces) {
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

/// `3억 5천` and `2억 100`: figures after the last 억 or 조 that end
/// without a unit could be meant in the next smaller unit (3억 5천만원, as
/// people say it) or in won (3억 5,000원); both spellings are offered.
/// After 만 nothing is in between, so `5만 3천` is 53,000 won.
/// `offset` is where the pieces start in `written`.
fn ambiguous_last_figure(
    written: &str,
    offset: usize,
    pieces: &[Segment<'_>],
) -> Option<AmountError> {
    let suffixes: Vec<KoreanSuffix> = pieces
        .iter()
        .map(|piece| korean_suffix(piece.suffix))
        .collect::<Option<_>>()?;
    let last_big = suffixes.iter().rposition(|suffix| suffix.big.is_some())?;
    let (after, next_unit) = match suffixes[last_big].big? {
        12 => ("조", "억원"),
        8 => ("억", "만원"),
        _ => return None,
    };
    let trailing = pieces.get(last_big + 1..).filter(|t| !t.is_empty())?;
    if suffixes.last()?.won {
        return None;
    }
    let in_won = korean_compound(trailing)
        .ok()?
        .into_amount(false)
        .ok()?
        .won();
    let before_trailing = &written[..offset + trailing[0].start];
    Some(AmountError::AmbiguousLastFigure {
        after,
        next_unit: &next_unit[..next_unit.len() - '원'.len_utf8()],
        readings: Box::new(Readings {
            in_next_unit: format!("{written}{next_unit}"),
            in_won: format!(
                "{before_trailing}{}원",
                crate::render::numbers::group_thousands(&in_won.to_string())
            ),
        }),
    })
}

/// `₩30,000,000` and `KRW 30,000,000` are in won whatever the file's unit.
fn strip_currency_sign(text: &str) -> (&str, bool) {
    for sign in ["₩", "￦", "KRW", "krw"] {
        if let Some(rest) = text.strip_prefix(sign) {
            return (rest.trim_start(), true);
        }
    }
    (text, false)
}

/// The unit of a one-number amount: the suffix's unit, or the default.
fn plain_unit(suffix: &str, default_unit: Unit, currency_sign: bool) -> Option<Unit> {
    if suffix.is_empty() {
        return Some(if currency_sign {
            Unit::WON
        } else {
            default_unit
        });
    }
    Unit::parse(suffix)
}

fn parse_number_or_hint(number: &str) -> Result<Figure, AmountError> {
    parse_plain_number(number).map_err(|error| match error {
        AmountError::NotANumber(_) if number.is_empty() => {
            AmountError::NotANumber("a number must come before the unit".into())
        }
        other => other,
    })
}

/// Reads Korean compound numerals exactly: `1조 2천억`, `3억 5,000만원`,
/// `2천5백만원`. Groups before 만/억/조 add up and are multiplied by it;
/// the big units must come in decreasing order.
fn korean_compound(pieces: &[Segment<'_>]) -> Result<Figure, AmountError> {
    let mut total: Option<Figure> = None;
    let mut group: Option<Figure> = None;
    let mut last_big = u32::MAX;
    let add = |acc: Option<Figure>, f: Figure| match acc {
        Some(a) => a.checked_add(f).map(Some),
        None => Ok(Some(f)),
    };
    for piece in pieces {
        let Some(suffix) = korean_suffix(piece.suffix) else {
            return Err(unknown_unit(piece.suffix));
        };
        // `천만원` means one 천만: a missing number before a multiplier is 1.
        let number = if piece.number.is_empty() && suffix.small + suffix.big.unwrap_or(0) > 0 {
            Figure {
                mantissa: 1,
                exponent: 0,
            }
        } else {
            parse_number_or_hint(piece.number)?
        };
        group = add(group, number.scaled(suffix.small))?;
        if let Some(big) = suffix.big {
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

fn unknown_unit(suffix: &str) -> AmountError {
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
    use super::*;
    use std::str::FromStr;

    fn billion() -> Unit {
        Unit::parse("billion won").unwrap()
    }

    fn won_of(text: &str, unit: Unit) -> String {
        Amount::parse(text, unit).unwrap().won().to_string()
    }

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

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

    use proptest::prelude::*;

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

    #[test]
    fn precision_is_the_last_written_digit() {
        let precision = |text: &str, unit: Unit| Amount::parse(text, unit).unwrap().precision();
        assert_eq!(precision("264.6", billion()), 8);
        assert_eq!(precision("240.40", billion()), 7);
        assert_eq!(precision("2,646억원", Unit::WON), 8);
        assert_eq!(precision("1조 2,000억원", Unit::WON), 8);
        assert_eq!(precision("1조 2천억", Unit::WON), 11);
        assert_eq!(precision("30 million won", Unit::WON), 6);
        assert_eq!(precision("0.05 won", Unit::WON), -2);
    }

    #[test]
    fn trailing_zeros_are_kept_in_display() {
        let amount = Amount::parse("240.40", billion()).unwrap();
        assert_eq!(amount.in_unit(billion()).to_string(), "240.40");
        assert_eq!(amount.in_unit(Unit::WON).to_string(), "240400000000");
        assert_eq!(
            amount.in_unit(Unit::parse("억원").unwrap()).to_string(),
            "2404.0"
        );
        let loans = Amount::parse("264.6", billion()).unwrap();
        assert_eq!(
            loans.in_unit(Unit::parse("trillion").unwrap()),
            dec("0.2646")
        );
    }

    #[test]
    fn toml_literals_are_read_exactly() {
        let literal = |text: &str| Amount::from_toml_literal(text, billion()).unwrap();
        assert_eq!(literal("264.6").won(), dec("264600000000"));
        assert_eq!(literal("0.1").won(), dec("100000000"));
        assert_eq!(literal("1_000").won(), dec("1000000000000"));
        assert_eq!(literal("2.5e3").won(), dec("2500000000000"));
        assert_eq!(literal("-3.5").won(), dec("-3500000000"));
        assert_eq!(literal("240.40").precision(), 7);
        assert_eq!(
            Amount::from_toml_literal("0.1", Unit::WON)
                .unwrap()
                .won()
                .to_string(),
            "0.1"
        );
    }

    #[test]
    fn non_finite_and_huge_literals_are_errors() {
        for text in ["inf", "-inf", "nan", "+nan"] {
            assert_eq!(
                Amount::from_toml_literal(text, Unit::WON),
                Err(AmountError::NotFinite)
            );
        }
        for text in ["NaN", "-Infinity", "inf"] {
            assert_eq!(Amount::parse(text, Unit::WON), Err(AmountError::NotFinite));
        }
        assert_eq!(
            Amount::from_toml_literal("1e400", Unit::WON),
            Err(AmountError::Overflow)
        );
        assert_eq!(
            Amount::from_toml_literal("1e-400", Unit::WON),
            Err(AmountError::TooFine)
        );
        assert_eq!(
            Amount::from_toml_literal("1e-30", Unit::WON),
            Err(AmountError::TooFine)
        );
    }

    #[test]
    fn twenty_eight_significant_digits_is_the_limit() {
        let ok = "1234567890123456789012345678";
        assert_eq!(ok.len(), 28);
        assert_eq!(won_of(ok, Unit::WON), ok);
        let too_many = "12345678901234567890123456789";
        assert_eq!(
            Amount::parse(too_many, Unit::WON),
            Err(AmountError::TooManyDigits(29))
        );
        assert_eq!(
            Amount::from_toml_literal("123456789012345678901234567890", Unit::WON),
            Err(AmountError::TooManyDigits(30))
        );
        // Leading zeros are not significant.
        assert!(Amount::parse("0000000000000000000000000000001", Unit::WON).is_ok());
        // Within 28 digits, but beyond Decimal's range once in won.
        assert_eq!(
            Amount::parse("1234567890123456789 trillion won", Unit::WON),
            Err(AmountError::Overflow)
        );
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
        assert!(matches!(
            Amount::parse("12 dollars", Unit::WON),
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
    fn sums_keep_the_finest_precision() {
        let a = Amount::parse("240.4", billion()).unwrap();
        let b = Amount::parse("24.25", billion()).unwrap();
        let sum = a.checked_add(b).unwrap();
        assert_eq!(sum.won(), dec("264650000000"));
        assert_eq!(sum.precision(), 7);
        assert_eq!(Amount::ZERO.checked_add(a), Some(a));
        assert_eq!(Amount::ZERO.in_unit(billion()).to_string(), "0");
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
