//! How published tables and articles write figures, beyond plain numbers:
//! approximations ("약 5조 7,000억원", "5조 7천억 가량", "about", "~",
//! "over", "이상"), signs (▲ and △ for a decrease, "5%↑" and "30.1%↓") and
//! nil ("-" or "–" in a table cell). The loader turns such a text into the
//! plain spelling [`crate::amount`] reads, and remembers what kind of
//! approximation it was.
//!
//! Kept apart from the amount parser on purpose: these spellings are only
//! accepted where the format says so (stated figures and amounts), and
//! the parser stays strict about digits.

use rust_decimal::Decimal;
use serde::Serialize;

/// How exactly a figure was printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Approx {
    /// As written: known to half a unit of its last digit.
    #[default]
    Exact,
    /// "약", "about", "~", "가량": known only to its last non-zero digit.
    About,
    /// "over", "이상", "more than": the true figure is at least this.
    AtLeast,
    /// "under", "이하", "up to": the true figure is at most this.
    AtMost,
    /// "대" after it ("9%대", "1,700억원대"): the bracket from the figure up
    /// to one unit of its last non-zero digit more (9% up to 10%), away
    /// from zero for a decrease.
    Bracket,
}

impl Approx {
    /// A word for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Approx::Exact => "exactly",
            Approx::About => "about",
            Approx::AtLeast => "at least",
            Approx::AtMost => "at most",
            Approx::Bracket => "in the bracket of",
        }
    }
}

/// Words before a figure, longest first where one begins another.
const BEFORE: &[(&str, Approx)] = &[
    ("approximately", Approx::About),
    ("approx.", Approx::About),
    ("approx", Approx::About),
    ("about", Approx::About),
    ("around", Approx::About),
    ("roughly", Approx::About),
    ("some", Approx::About),
    ("대략", Approx::About),
    ("약", Approx::About),
    ("~", Approx::About),
    ("≈", Approx::About),
    ("more than", Approx::AtLeast),
    ("at least", Approx::AtLeast),
    ("over", Approx::AtLeast),
    ("above", Approx::AtLeast),
    ("less than", Approx::AtMost),
    ("at most", Approx::AtMost),
    ("up to", Approx::AtMost),
    ("under", Approx::AtMost),
    ("below", Approx::AtMost),
];

/// Words after a figure.
const AFTER: &[(&str, Approx)] = &[
    ("가량", Approx::About),
    ("정도", Approx::About),
    // "A little more than": 2억원 남짓 is 2억 up to 3억, as 2억원대 is.
    ("남짓", Approx::Bracket),
    ("안팎", Approx::About),
    ("내외", Approx::About),
    // 1조 7,000억원대: in the 1조 7,000억s (1조 7,000억 up to 1조 8,000억).
    ("원대", Approx::Bracket),
    ("대", Approx::Bracket),
    ("이상", Approx::AtLeast),
    ("초과", Approx::AtLeast),
    ("넘게", Approx::AtLeast),
    ("이하", Approx::AtMost),
    ("미만", Approx::AtMost),
];

/// Splits the approximation words off a figure's text: `"약 5조
/// 7,000억원"` is `("5조 7,000억원", About)`, `"1,200여억원"` is
/// `("1,200억원", Bracket)` (1,200-odd 억: 1,200억 up to 1,300억). A text
/// without any is returned as it is.
pub fn split_approximation(text: &str) -> (String, Approx) {
    let mut rest = text.trim();
    let mut approx = Approx::Exact;
    let starts_with = |word: &str| {
        rest.get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
    };
    if let Some((word, kind)) = BEFORE.iter().find(|(word, _)| starts_with(word)) {
        rest = rest[word.len()..].trim_start();
        approx = *kind;
    }
    for (word, kind) in AFTER {
        if let Some(before) = rest.strip_suffix(word) {
            rest = before.trim_end();
            approx = *kind;
            break;
        }
    }
    // 여 between a number and its unit: 1,200여억원, 30여만 원, 5천여억.
    let mut text = String::with_capacity(rest.len());
    let mut chars = rest.chars().peekable();
    let mut previous: Option<char> = None;
    while let Some(c) = chars.next() {
        let after_number =
            previous.is_some_and(|p| p.is_ascii_digit() || "십백천만억조".contains(p));
        let before_unit = chars.peek().is_none_or(|next| "만억조원 ".contains(*next));
        if c == '여' && after_number && before_unit {
            // 餘, "and more": never less than the figure.
            approx = Approx::Bracket;
        } else {
            text.push(c);
        }
        previous = Some(c);
    }
    (text, approx)
}

/// The spelling the amount parser reads, for the signs and nil of tables:
/// `▲3.5` is `-3.5` (a decrease, as Korean budget tables print it), and a
/// lone `-`, `–` or `—` is `0`. `None` when there is nothing to change.
pub fn plain_sign(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if matches!(trimmed, "-" | "–" | "—" | "−") {
        return Some("0".to_owned());
    }
    if let Some((rest, decrease)) = change_word(trimmed) {
        let rest = plain_sign(rest).unwrap_or_else(|| rest.to_owned());
        return Some(if decrease { format!("-{rest}") } else { rest });
    }
    trimmed
        .strip_prefix('▲')
        .map(|rest| format!("-{}", rest.trim_start()))
}

/// A change written with its direction after it: `281억 감소` (a decrease),
/// `1,417억 증가`. The figure, and whether it is a decrease.
fn change_word(text: &str) -> Option<(&str, bool)> {
    const WORDS: [(&str, bool); 4] = [
        ("감소", true),
        ("감액", true),
        ("증가", false),
        ("증액", false),
    ];
    WORDS.iter().find_map(|(word, decrease)| {
        text.strip_suffix(word)
            .map(|rest| (rest.trim_end(), *decrease))
            .filter(|(rest, _)| !rest.is_empty() && !rest.starts_with(['-', '−', '△', '▲']))
    })
}

/// A percentage's text without `%` and its arrows: `"5%↑"` is `5`,
/// `"30.1%↓"` is `-30.1`, `"▲0.5%"` is `-0.5`, `"-"` is `0`.
pub fn plain_percent(text: &str) -> String {
    let mut text = text.trim();
    let mut negative = false;
    if let Some((rest, decrease)) = change_word(text) {
        text = rest;
        negative = decrease;
    }
    if let Some(rest) = text.strip_suffix('↑') {
        text = rest.trim_end();
    } else if let Some(rest) = text.strip_suffix('↓') {
        text = rest.trim_end();
        negative = true;
    }
    let text = text.trim_end_matches('%').trim();
    let text = match plain_sign(text) {
        Some(plain) => plain,
        None => text
            .strip_prefix('△')
            .map_or_else(|| text.to_owned(), |rest| format!("-{}", rest.trim_start())),
    };
    if negative && !text.starts_with('-') {
        format!("-{text}")
    } else {
        text
    }
}

/// The power of ten of the last non-zero digit of `value` written to
/// `precision`: what "약 5조 7,000억" is known to (the 1,000억). Zero keeps
/// its precision.
pub fn magnitude(value: Decimal, precision: i32) -> i32 {
    if value.is_zero() {
        return precision;
    }
    let mut magnitude = precision;
    while let Some(unit) = crate::check::interval::unit(magnitude + 1) {
        if !(value % unit).is_zero() {
            break;
        }
        magnitude += 1;
    }
    magnitude
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (String, Approx) {
        split_approximation(text)
    }

    #[test]
    fn approximation_words_are_split_off() {
        assert_eq!(
            split("약 5조 7,000억원"),
            ("5조 7,000억원".into(), Approx::About)
        );
        assert_eq!(split("5조 7천억 가량"), ("5조 7천억".into(), Approx::About));
        assert_eq!(
            split("about 5.7 trillion won"),
            ("5.7 trillion won".into(), Approx::About)
        );
        assert_eq!(split("~3%"), ("3%".into(), Approx::About));
        assert_eq!(split("over 600"), ("600".into(), Approx::AtLeast));
        assert_eq!(split("1조원 이상"), ("1조원".into(), Approx::AtLeast));
        assert_eq!(split("10억 미만"), ("10억".into(), Approx::AtMost));
        assert_eq!(
            split("1조 7000억원대"),
            ("1조 7000억".into(), Approx::Bracket)
        );
        assert_eq!(split("9%대"), ("9%".into(), Approx::Bracket));
        // 여 and 남짓 say "and a little more": a bracket, as 대 is.
        assert_eq!(split("1,200여억원"), ("1,200억원".into(), Approx::Bracket));
        assert_eq!(split("5천여억"), ("5천억".into(), Approx::Bracket));
        assert_eq!(split("2억원 남짓"), ("2억원".into(), Approx::Bracket));
        assert_eq!(split("2,646억원"), ("2,646억원".into(), Approx::Exact));
        // 여 elsewhere is not an approximation.
        assert_eq!(split("여유 1억"), ("여유 1억".into(), Approx::Exact));
    }

    #[test]
    fn table_signs_and_nil_become_plain() {
        assert_eq!(plain_sign("▲3.5"), Some("-3.5".into()));
        assert_eq!(plain_sign("–"), Some("0".into()));
        assert_eq!(plain_sign(" - "), Some("0".into()));
        assert_eq!(plain_sign("3.5"), None);
        assert_eq!(plain_sign("-3.5"), None);
        assert_eq!(plain_sign("281억 감소"), Some("-281억".into()));
        assert_eq!(plain_sign("1,417억 증가"), Some("1,417억".into()));
    }

    #[test]
    fn percent_arrows_and_signs() {
        assert_eq!(plain_percent("5%↑"), "5");
        assert_eq!(plain_percent("30.1%↓"), "-30.1");
        assert_eq!(plain_percent("▲0.5%"), "-0.5");
        assert_eq!(plain_percent("△0.5%"), "-0.5");
        assert_eq!(plain_percent("-"), "0");
        assert_eq!(plain_percent("11.54%"), "11.54");
        assert_eq!(plain_percent("0.5% 감소"), "-0.5");
    }

    #[test]
    fn a_round_figure_is_known_to_its_last_non_zero_digit() {
        let d = |text: &str| text.parse::<Decimal>().unwrap();
        // 5조 7,000억 in won, written to the 억 (10^8): known to 1,000억.
        assert_eq!(magnitude(d("5700000000000"), 8), 11);
        assert_eq!(magnitude(d("5.8"), -1), -1);
        assert_eq!(magnitude(d("5"), 0), 0);
        assert_eq!(magnitude(d("50"), 0), 1);
        assert_eq!(magnitude(d("0"), 8), 8);
    }
}
