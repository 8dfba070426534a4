//! Figures the year-file syntax does not read, but whose meaning is plain:
//! `"(1,234)"`, an accounting negative; `"–5"`, a negative whose minus
//! sign became a dash on its way through a word processor or a PDF; and
//! `"１２３"`, digits typed in full width by an East Asian input method.
//! Each is an error still (a year file keeps one spelling of a negative
//! and of a digit, and a dash also joins ranges: "5–7"), but one that says
//! what to write instead of naming `(`, `–` or `１２３` a unit.

use super::text::parse_amount_text;
use super::{AmountError, Unit};

/// A better error for `text` than the plain reading's, when `text` is one
/// of the spellings above and the figure inside reads.
pub(super) fn rewritten_error(text: &str, default_unit: Unit) -> Option<AmountError> {
    let trimmed = text.trim();
    if let Some(inner) = trimmed
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(')'))
        .map(str::trim)
    {
        let unsigned = !inner.starts_with(['-', '−', '△', '▲', '+', '(']);
        return (unsigned && parse_amount_text(inner, default_unit).is_ok())
            .then(|| AmountError::AccountingNegative(format!("-{inner}")));
    }
    if let Some(error) = dash_for_minus(trimmed, default_unit) {
        return Some(error);
    }
    let half_width = half_width_digits(trimmed)?;
    parse_amount_text(&half_width, default_unit)
        .is_ok()
        .then_some(AmountError::FullWidthDigits(half_width))
}

/// `"–5"` and the like: the figure after the dash, if it reads and has no
/// sign of its own, with a minus sign.
fn dash_for_minus(text: &str, default_unit: Unit) -> Option<AmountError> {
    let rest = text.strip_prefix(DASHES)?.trim_start();
    let dash = text.chars().next()?;
    let unsigned = !rest.starts_with(['-', '−', '△', '▲', '+']);
    (unsigned && parse_amount_text(rest, default_unit).is_ok())
        .then(|| AmountError::DashForMinus(dash.to_string(), format!("-{rest}")))
}

/// Dashes that stand in for a minus sign in copied figures: hyphen,
/// figure dash, en dash, em dash, small and full-width hyphen-minus (the
/// minus sign `−` itself reads).
const DASHES: [char; 6] = ['‐', '‒', '–', '—', '﹣', '－'];

/// `text` with its full-width digits, comma, point and minus made plain;
/// `None` when it has no full-width digit.
fn half_width_digits(text: &str) -> Option<String> {
    if !text.chars().any(|c| ('０'..='９').contains(&c)) {
        return None;
    }
    Some(
        text.chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '，' => ',',
                '．' => '.',
                '－' => '-',
                '＋' => '+',
                other => other,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use crate::amount::{Amount, AmountError, Unit};

    fn error_of(text: &str) -> AmountError {
        Amount::parse(text, Unit::parse("천원").unwrap()).unwrap_err()
    }

    #[test]
    fn an_accounting_negative_says_how_to_write_it() {
        assert_eq!(
            error_of("(1,234)"),
            AmountError::AccountingNegative("-1,234".into())
        );
        assert_eq!(
            error_of(" ( 2,646억원 ) "),
            AmountError::AccountingNegative("-2,646억원".into())
        );
        assert_eq!(
            error_of("(1,234)").to_string(),
            "is an accounting negative in parentheses, which a year file does not read; write \"-1,234\""
        );
    }

    #[test]
    fn parentheses_around_what_does_not_read_keep_the_plain_error() {
        // A sign inside, nothing inside, or an unknown unit inside: no
        // figure to suggest, so the plain reading's error stands.
        for text in ["(-5)", "(△5)", "()", "(12 pesos)", "((1))"] {
            assert!(
                !matches!(error_of(text), AmountError::AccountingNegative(_)),
                "{text}"
            );
        }
    }

    #[test]
    fn a_dash_for_a_minus_sign_says_how_to_write_it() {
        assert_eq!(
            error_of("–5"),
            AmountError::DashForMinus("–".into(), "-5".into())
        );
        assert_eq!(
            error_of("— 1,234억원"),
            AmountError::DashForMinus("—".into(), "-1,234억원".into())
        );
        assert_eq!(
            error_of("－3").to_string(),
            "starts with \"－\", a dash, not a minus sign; write \"-3\""
        );
        // A range, a dash alone, a second sign: nothing to suggest.
        for text in ["5–7", "–", "–-5", "– pesos"] {
            assert!(
                !matches!(error_of(text), AmountError::DashForMinus(..)),
                "{text}"
            );
        }
    }

    #[test]
    fn full_width_digits_say_how_to_write_them() {
        assert_eq!(
            error_of("１２３"),
            AmountError::FullWidthDigits("123".into())
        );
        assert_eq!(
            error_of("１，２３４．５억원"),
            AmountError::FullWidthDigits("1,234.5억원".into())
        );
        assert_eq!(
            error_of("－３").to_string(),
            "has full-width digits; write \"-3\""
        );
        // Full-width digits with an unknown unit: nothing to suggest.
        assert!(matches!(
            error_of("１２ pesos"),
            AmountError::UnknownUnit { .. }
        ));
    }

    #[test]
    fn what_reads_is_never_rewritten() {
        let unit = Unit::parse("천원").unwrap();
        // 1,234 천원 = 1,234,000 won; -3.5 천원 = -3,500 won.
        assert_eq!(
            Amount::parse("1,234", unit).unwrap().won().to_string(),
            "1234000"
        );
        assert_eq!(
            Amount::parse("-3.5", unit).unwrap().won().to_string(),
            "-3500"
        );
    }
}
