//! Text cells made safe to open and to print: a cell a spreadsheet would
//! run as a formula is prefixed with `'` (CWE-1236), and control
//! characters and line breaks are shown, not acted on (CWE-150).

use std::borrow::Cow;

/// Prefixes text that a spreadsheet would treat as a formula with `'`
/// (CWE-1236), and makes control characters and line breaks visible so that
/// a CSV shown on a terminal cannot act on it (CWE-150). Only text columns pass through
/// here; numbers stay numeric.
pub fn safe_text(text: &str) -> String {
    safe_cow(text).into_owned()
}

/// [`safe_text`], borrowing `text` where it is safe as it is.
pub(super) fn safe_cow(text: &str) -> Cow<'_, str> {
    if plainly_safe(text) {
        return Cow::Borrowed(text);
    }
    // Line breaks too: a quoted cell may hold one, but a CSV printed in a
    // log or a terminal would then show a line the data forged; and a cell
    // at a line's start cannot start a CI workflow command.
    let visible = crate::quote::log_line(text);
    if starts_like_a_formula(text) {
        Cow::Owned(format!("'{visible}"))
    } else {
        visible
    }
}

/// Text that [`safe_cow`] keeps as it is, told from its bytes without
/// decoding a character (nearly every name, id and category; every row of
/// a national file writes a million of each): it starts with an ASCII
/// letter or digit or a character of U+4000 to U+EFFF (Hangul, CJK: lead
/// bytes E4 to EE, never white space, never a full-width formula sign,
/// which start with EF), has no byte that may start a hidden character,
/// and no `#` (of a `##[` that a CI runner would read as a command).
fn plainly_safe(text: &str) -> bool {
    let bytes = text.as_bytes();
    let starts_plainly = bytes
        .first()
        .is_some_and(|&first| first.is_ascii_alphanumeric() || (0xE4..=0xEE).contains(&first));
    starts_plainly && !crate::quote::bytes_may_hide(bytes) && memchr::memchr(b'#', bytes).is_none()
}

/// [`safe_text`] of a text made for the record, kept where it is safe.
pub(super) fn safe_string(text: String) -> Cow<'static, str> {
    let changed = match safe_cow(&text) {
        Cow::Owned(safe) => Some(safe),
        Cow::Borrowed(_) => None,
    };
    Cow::Owned(changed.unwrap_or(text))
}

/// Whether a spreadsheet could read the cell as a formula: it starts with
/// `=`, `+`, `-` or `@`, or their full-width forms (`＝＋－＠`, which some
/// spreadsheets in CJK locales accept too), after any spaces; or with a tab
/// or carriage return.
fn starts_like_a_formula(text: &str) -> bool {
    if text.starts_with(['\t', '\r']) {
        return true;
    }
    text.trim_start().starts_with([
        '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the shortcut keeps, the full way keeps too.
    fn kept_both_ways(text: &str) -> bool {
        let full = {
            let visible = crate::quote::log_line(text);
            if starts_like_a_formula(text) {
                Cow::Owned(format!("'{visible}"))
            } else {
                visible
            }
        };
        let kept = plainly_safe(text);
        assert!(!kept || full == text, "{text:?} kept, made {full:?}");
        kept
    }

    #[test]
    fn the_shortcut_keeps_only_what_is_safe() {
        for text in [
            "p0000042",
            "Youth 지원사업 42",
            "교육/지원사업/사업07",
            "中文",
        ] {
            assert!(kept_both_ways(text), "{text:?}");
        }
        for text in [
            "",
            " a",
            "=1+1",
            "-3",
            "@a",
            "\u{3000}a",
            "\u{FF1D}1",
            "::set-output",
            "a ##[group]",
            "a\u{202e}b",
            "a\nb",
            "'quoted",
        ] {
            assert!(!kept_both_ways(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::regressions_beside_the_source())]

        /// On any text, the shortcut never keeps what the full way changes.
        #[test]
        fn the_shortcut_agrees_with_the_full_way(
            text in "[ \t\r\n=+\\-@:#\\[a-z0-9경中\u{3000}\u{FF1D}\u{202e}\u{85}\u{a0}]{0,8}"
        ) {
            kept_both_ways(&text);
        }
    }
}
