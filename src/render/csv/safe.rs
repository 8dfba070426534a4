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
