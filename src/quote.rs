//! The one way text from the input — file content, file names — is shown
//! on a terminal, in a log or in an error message.
//!
//! Budget files and their names come from pull requests, spreadsheets and
//! scraped portals, so their text may hold what a terminal or a log viewer
//! acts on instead of showing: control characters (a newline can forge a
//! log line or a table row, ESC/OSC/C1 sequences can rewrite the screen or
//! set the window title), bidi overrides that reorder what is read, and
//! zero-width characters that make two different names look the same.
//! Every such character is shown as a visible escape, `\u{1b}`, never sent.
//!
//! - [`visible`]: the whole text, on one line.
//! - [`visible_lines`]: the same, but keeps line breaks (for table cells
//!   whose lines the layout put there; data must pass through [`visible`]
//!   before it enters such a cell).
//! - [`log_line`]: [`visible`], and unable to start a CI workflow command.
//! - [`excerpt`]: a short quoted excerpt for error messages, in time
//!   bounded by its length whatever the size of the value.
//!
//! A backslash is not escaped by [`visible`], so a name that spells
//! `\u{1b}` literally looks like an escaped ESC; the text can still never
//! act on the terminal, which is what matters here.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::Path;

/// Whether `c` must be shown as an escape rather than sent as it is:
/// control characters (C0, DEL, C1), bidi embeddings, overrides and
/// isolates (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F,
/// U+061C), zero-width characters (U+200B–U+200D, U+FEFF), line and
/// paragraph separators (U+2028, U+2029), interlinear annotation marks
/// (U+FFF9–U+FFFB) and the non-characters U+FFFE and U+FFFF (which XML
/// forbids).
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{FFFE}'
                | '\u{FFFF}'
        )
}

/// Whether `text` may hold a [hidden](is_hidden) character, judged by its
/// bytes alone: every hidden character is an ASCII control or DEL, or
/// starts with one of four bytes in UTF-8 (0xC2 for C1 controls, 0xD8 for
/// U+061C, 0xE2 for U+200B–U+2069, 0xEF for U+FEFF and U+FFF9–U+FFFF).
/// Most text, Hangul included, has none of them and is passed over
/// without decoding a character (every row of a national file is).
fn may_hide(text: &str) -> bool {
    bytes_may_hide(text.as_bytes())
}

/// [`may_hide`] of text as bytes.
pub(crate) fn bytes_may_hide(bytes: &[u8]) -> bool {
    // Without a shortcut inside a chunk, the compiler checks its 32 bytes
    // at once (a line of every row of a national file is about 300).
    let hides =
        |b: u8| (b < 0x20) | (b == 0x7F) | (b == 0xC2) | (b == 0xD8) | (b == 0xE2) | (b == 0xEF);
    let (chunks, rest) = bytes.as_chunks::<32>();
    chunks
        .iter()
        .any(|chunk| chunk.iter().fold(false, |found, &b| found | hides(b)))
        || rest.iter().any(|&b| hides(b))
}

/// `text` with every hidden character (line breaks too) shown as
/// `\u{…}`: one line that cannot act on a terminal or a log.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !may_hide(text) {
        return Cow::Borrowed(text);
    }
    escape_where(text, is_hidden)
}

/// Like [`visible`], but line breaks (`\n`) are kept.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    if !may_hide(text) {
        return Cow::Borrowed(text);
    }
    escape_where(text, |c| c != '\n' && is_hidden(c))
}

fn escape_where(text: &str, hidden: impl Fn(char) -> bool) -> Cow<'_, str> {
    let Some(first) = text.find(&hidden) else {
        return Cow::Borrowed(text);
    };
    let mut shown = String::with_capacity(text.len() + 8);
    shown.push_str(&text[..first]);
    for c in text[first..].chars() {
        if hidden(c) {
            push_escape(&mut shown, c);
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

fn push_escape(shown: &mut String, c: char) {
    // Writing to a String cannot fail.
    let _ = write!(shown, "\\u{{{:x}}}", u32::from(c));
}

/// A line of a log that CI runners read, made [`visible`] and inert: it
/// cannot start a GitHub Actions workflow command, which the runner
/// recognises by `::` at the start of a line (after spaces) or by `##[`
/// anywhere in it (the older syntax). The `:` or `[` that would start one
/// is shown as `\u{3a}` or `\u{5b}`.
pub fn log_line(text: &str) -> Cow<'_, str> {
    let shown = visible(text);
    let indent = shown.len() - shown.trim_start().len();
    let starts_command = shown[indent..].starts_with("::");
    if !starts_command && !shown.contains("##[") {
        return shown;
    }
    let mut line = shown.replace("##[", "##\\u{5b}");
    if starts_command {
        line.replace_range(indent..indent + 1, "\\u{3a}");
    }
    Cow::Owned(line)
}

/// JSON text with every hidden character that JSON writers leave raw (DEL,
/// C1, bidi, zero-width, U+2028/U+2029, U+FFFE/U+FFFF; writers already
/// escape C0) written as a `\uXXXX` escape. Outside its strings JSON is
/// ASCII, so each such character is inside a string, where the escape
/// means the same character: the data stays exact, and the text is safe on
/// a terminal. All hidden characters are in the Basic Multilingual Plane.
pub fn json_visible(json: String) -> String {
    if !may_hide(&json) || !json.contains(is_hidden) {
        return json;
    }
    let mut shown = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_hidden(c) && c != '\n' {
            let _ = write!(shown, "\\u{:04x}", u32::from(c));
        } else {
            shown.push(c);
        }
    }
    shown
}

/// [`json_visible`] of the JSON text written to `out` from `start`, in
/// place: for writers that write JSON into bytes.
pub fn make_json_visible(out: &mut Vec<u8>, start: usize) {
    let written = &out[start..];
    if !bytes_may_hide(written) {
        return;
    }
    // JSON written from text is UTF-8.
    let Ok(json) = std::str::from_utf8(written) else {
        return;
    };
    if !json.contains(is_hidden) {
        return;
    }
    let shown = json_visible(json.to_owned());
    out.truncate(start);
    out.extend_from_slice(shown.as_bytes());
}

/// A path as text, for messages and output: as it is when it is UTF-8;
/// otherwise each byte that is not shown as `\xNN` (`budget-\xff.toml`),
/// so that nothing is lost to `\u{fffd}` and two such names stay apart.
/// Like any name, it still passes through [`visible`] before it is shown.
pub fn path_text(path: &Path) -> Cow<'_, str> {
    if let Some(text) = path.to_str() {
        return Cow::Borrowed(text);
    }
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut shown = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        shown.push_str(chunk.valid());
        for byte in chunk.invalid() {
            // Writing to a String cannot fail.
            let _ = write!(shown, "\\x{byte:02x}");
        }
    }
    Cow::Owned(shown)
}

/// Most characters of a value quoted in an error message.
pub const EXCERPT_CHARS: usize = 40;

/// A value from the input quoted for an error message: in double quotes,
/// at most [`EXCERPT_CHARS`] characters and then `…`, with `"`, `\`, tabs
/// and line breaks escaped as in Rust (`\"`, `\\`, `\t`, `\n`, `\r`) and
/// every other hidden character as `\u{…}`. Only the start of the value is
/// looked at, so a value of megabytes costs no more than a short one.
pub fn excerpt(value: &str) -> String {
    let mut shown = String::with_capacity(EXCERPT_CHARS + 8);
    shown.push('"');
    let mut chars = value.chars();
    for c in chars.by_ref().take(EXCERPT_CHARS) {
        match c {
            '"' => shown.push_str("\\\""),
            '\\' => shown.push_str("\\\\"),
            '\t' => shown.push_str("\\t"),
            '\n' => shown.push_str("\\n"),
            '\r' => shown.push_str("\\r"),
            c if is_hidden(c) => push_escape(&mut shown, c),
            c => shown.push(c),
        }
    }
    if chars.next().is_some() {
        shown.push('…');
    }
    shown.push('"');
    shown
}

/// At most [`EXCERPT_CHARS`] characters of `value`, made [`visible`], and
/// `…` when some were left out: for names shown without quotes.
pub fn short(value: &str) -> String {
    let end = value
        .char_indices()
        .nth(EXCERPT_CHARS)
        .map_or(value.len(), |(index, _)| index);
    let mut shown = visible(&value[..end]).into_owned();
    if end < value.len() {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hidden_character_is_seen_by_its_bytes() {
        // Every character, encoded: none that is hidden may pass unseen.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if is_hidden(c) {
                assert!(
                    may_hide(c.encode_utf8(&mut [0; 4])),
                    "U+{:04X}",
                    u32::from(c)
                );
            }
        }
        // Hangul and ASCII text is passed over; `·` (U+00B7, 0xC2 0xB7) is
        // looked at more closely, and then found not hidden.
        assert!(!may_hide("경주 2026 (본예산) 49.09%"));
        assert!(may_hide("·") && visible("·") == "·");
        assert!(may_hide("a\u{202e}b"));
        // Bytes are looked at 32 at a time, then one by one: a hidden
        // character is seen wherever it sits in a longer text.
        let long = "경주시 일반공공행정 2026".repeat(5);
        assert!(!may_hide(&long));
        for at in [0, 31, 32, 33, 63, 64, long.len()] {
            let at = (0..=at).rev().find(|&i| long.is_char_boundary(i)).unwrap();
            let mut text = long.clone();
            text.insert(at, '\u{200b}');
            assert!(may_hide(&text), "zero width space at byte {at}");
        }
    }

    use proptest::prelude::*;

    #[cfg(unix)]
    #[test]
    fn paths_that_are_not_utf8_show_their_bytes() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let name = |bytes: &[u8]| path_text(Path::new(OsStr::from_bytes(bytes))).into_owned();
        assert_eq!(name(b"budgets/2025.toml"), "budgets/2025.toml");
        assert_eq!(name("예산.toml".as_bytes()), "예산.toml");
        // 0xff is never UTF-8; 0xec 0x98 begins `예` (ec 98 88) but stops short.
        assert_eq!(name(b"budget-\xff.toml"), "budget-\\xff.toml");
        assert_eq!(name(b"a\xec\x98.toml"), "a\\xec\\x98.toml");
    }

    #[test]
    fn escapes_and_line_breaks_are_shown() {
        assert_eq!(visible("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(visible("bell\u{7}"), "bell\\u{7}");
        assert_eq!(visible("two\nlines"), "two\\u{a}lines");
        assert_eq!(visible_lines("two\nlines\r"), "two\nlines\\u{d}");
        assert_eq!(visible("경주 Loans"), "경주 Loans");
        assert!(matches!(visible("경주"), Cow::Borrowed(_)));
    }

    #[test]
    fn c1_osc_bidi_and_zero_width_are_shown() {
        // C1 CSI (U+009B) and OSC (U+009D), then the bidi override RLO
        // (U+202E), an isolate (U+2066), zero-width space and BOM.
        assert_eq!(
            visible("\u{9b}2J\u{9d}0;t\u{7}"),
            "\\u{9b}2J\\u{9d}0;t\\u{7}"
        );
        assert_eq!(
            visible("a\u{202e}b\u{2066}c\u{200b}d\u{feff}"),
            "a\\u{202e}b\\u{2066}c\\u{200b}d\\u{feff}"
        );
        assert_eq!(visible("\u{ffff}\u{fffe}"), "\\u{ffff}\\u{fffe}");
        for c in ['\u{202a}', '\u{202d}', '\u{2069}', '\u{200c}', '\u{200d}'] {
            assert!(is_hidden(c), "{c:?}");
        }
        // Ordinary punctuation and Hangul stay as they are.
        for c in ['…', '→', '·', '가', '\u{2010}', '\u{2030}', ' '] {
            assert!(!is_hidden(c), "{c:?}");
        }
    }

    #[test]
    fn excerpts_are_short_quoted_and_escaped() {
        assert_eq!(excerpt("264.6억"), "\"264.6억\"");
        assert_eq!(
            excerpt("a\u{1b}[31m\"red\"\nline\\"),
            "\"a\\u{1b}[31m\\\"red\\\"\\nline\\\\\""
        );
        assert_eq!(
            excerpt(&"x".repeat(100)),
            format!("\"{}…\"", "x".repeat(40))
        );
        // Exactly 40 characters: no ellipsis.
        assert_eq!(
            excerpt(&"가".repeat(40)),
            format!("\"{}\"", "가".repeat(40))
        );
        assert_eq!(short(&"y".repeat(41)), format!("{}…", "y".repeat(40)));
        assert_eq!(short("a\nb"), "a\\u{a}b");
    }

    #[test]
    fn log_lines_cannot_start_workflow_commands() {
        assert_eq!(log_line("::error::x"), "\\u{3a}:error::x");
        assert_eq!(log_line("  ::warning::x"), "  \\u{3a}:warning::x");
        assert_eq!(log_line("a ##[error]x"), "a ##\\u{5b}error]x");
        assert_eq!(
            log_line("x\n::error file=README.md::y"),
            "x\\u{a}::error file=README.md::y"
        );
        assert_eq!(log_line("a.toml:3:1: ok"), "a.toml:3:1: ok");
    }

    #[test]
    fn json_keeps_its_value_and_loses_its_hidden_characters() {
        let value = serde_json::json!({ "name": "a\u{202e}b\u{85}\u{ffff}\u{1b}\n" });
        let json = json_visible(serde_json::to_string_pretty(&value).unwrap());
        assert!(json.contains(r#""a\u202eb\u0085\uffff\u001b\n""#), "{json}");
        assert!(!json.chars().any(|c| c != '\n' && is_hidden(c)));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever the input, nothing hidden survives, and a visible text
        /// is one line.
        #[test]
        fn nothing_hidden_survives(text in "\\PC*|[\\x00-\\x1f\\x7f-\\u{9f}\\u{200b}-\\u{202e}\\u{2066}-\\u{2069}\\u{feff}a가]*") {
            prop_assert!(!visible(&text).chars().any(is_hidden));
            prop_assert!(!visible_lines(&text).chars().any(|c| c != '\n' && is_hidden(c)));
            prop_assert!(!excerpt(&text).chars().any(is_hidden));
            prop_assert!(!short(&text).chars().any(is_hidden));
            let line = log_line(&text);
            prop_assert!(!line.trim_start().starts_with("::") && !line.contains("##["));
            prop_assert!(excerpt(&text).chars().count() <= EXCERPT_CHARS * 10 + 3);
        }
    }
}
