//! Wrapping text into a table's columns: at spaces, after `-` and `/`,
//! never between a sign and its figure; names end in `…` rather than break
//! inside a word. Widths are terminal columns (Hangul takes two).

use super::table::{INDENT, MAX_NAME_LINES};

/// Columns a text takes on a terminal (Hangul takes two each), as
/// comfy-table measures it: printable ASCII (a column a byte, whatever
/// comes around it) is counted without looking characters up.
pub(super) fn width_of(text: &str) -> usize {
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return text.len();
    }
    // Printable ASCII and Hangul syllables (two columns each; no sequence
    // of them is measured otherwise) are counted without looking them up,
    // as most names of a budget book are written; any other character
    // sends the text to unicode-width.
    let mut width = 0usize;
    for c in text.chars() {
        let columns = match c {
            ' '..='~' => 1,
            '\u{AC00}'..='\u{D7A3}' => 2,
            _ => return unicode_width::UnicodeWidthStr::width(text),
        };
        width = width.saturating_add(columns);
    }
    width
}

/// Wraps `text` into lines of at most `width` columns after `indent`
/// spaces, breaking at spaces (inside a word only when it is longer than
/// a line), continuing lines indented two more; at most `max_lines`, the
/// last ending in `…` if the text goes on.
pub(super) fn wrap(text: &str, width: usize, indent: usize, max_lines: usize) -> Vec<String> {
    wrap_with(text, width, indent, max_lines, Overlong::Split)
}

/// Wraps a name like [`wrap`], in at most [`MAX_NAME_LINES`] lines; a word
/// longer than a line ends in `…` there rather than going on in pieces
/// (`Indus…`, not `Indu` / `st` / `r…`).
pub(super) fn wrap_name(text: &str, width: usize, indent: usize) -> Vec<String> {
    wrap_with(text, width, indent, MAX_NAME_LINES, Overlong::Ellipsis)
}

/// What becomes of a word longer than a line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Overlong {
    /// It goes on over the next lines.
    Split,
    /// It is cut, ending in `…`.
    Ellipsis,
}

fn wrap_with(
    text: &str,
    width: usize,
    indent: usize,
    max_lines: usize,
    overlong: Overlong,
) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_width = 0usize;
    let first_room = width.saturating_sub(indent).max(1);
    let next_room = width.saturating_sub(indent.saturating_add(INDENT)).max(1);
    let room = |lines: &[String]| {
        if lines.is_empty() {
            first_room
        } else {
            next_room
        }
    };
    for (word, spaced) in pieces(text) {
        let word_width = width_of(&word);
        let gap = usize::from(spaced && !line.is_empty());
        if line_width.saturating_add(gap).saturating_add(word_width) <= room(&lines) {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(&word);
            line_width = line_width.saturating_add(gap).saturating_add(word_width);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line_width = 0;
        }
        if overlong == Overlong::Ellipsis && word_width > room(&lines) {
            let keep = room(&lines).saturating_sub(1);
            for c in word.chars() {
                let c_width = c.width().unwrap_or(0);
                if line_width.saturating_add(c_width) > keep {
                    break;
                }
                line.push(c);
                line_width = line_width.saturating_add(c_width);
            }
            line.push('…');
            lines.push(std::mem::take(&mut line));
            line_width = 0;
            continue;
        }
        for c in word.chars() {
            let c_width = c.width().unwrap_or(0);
            if line_width.saturating_add(c_width) > room(&lines) && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            line.push(c);
            line_width = line_width.saturating_add(c_width);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last_room = if max_lines == 1 {
            first_room
        } else {
            next_room
        };
        let last = lines.last_mut().expect("at least one line");
        if !last.ends_with('…') {
            while width_of(last).saturating_add(1) > last_room && last.pop().is_some() {}
            last.push('…');
        }
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(index, line)| {
            let spaces = if index == 0 {
                indent
            } else {
                indent.saturating_add(INDENT)
            };
            format!("{}{line}", " ".repeat(spaces))
        })
        .collect()
}

/// Signs and brackets that belong to the figure after them: a line never
/// breaks between `≤` and `400.67`.
const BOUND_TO_NEXT: &[&str] = &["≤", "≥", "<", ">", "~", "±", "△", "▲", "약"];

/// The pieces a line may break between: words, and the parts of a word
/// after a `-` or `/` (`business-`, `support`), each with whether a space
/// comes before it. A sign or bracket stays with the word after it
/// (`≤ 400.67` is one piece).
pub(super) fn pieces(text: &str) -> Vec<(String, bool)> {
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let mut bound: Option<String> = None;
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        if BOUND_TO_NEXT.contains(&word) {
            bound = Some(match bound.take() {
                Some(before) => format!("{before} {word}"),
                None => word.to_owned(),
            });
            continue;
        }
        for (index, piece) in word.split_inclusive(['-', '/']).enumerate() {
            match (index, bound.take()) {
                (0, Some(sign)) => pieces.push((format!("{sign} {piece}"), true)),
                _ => pieces.push((piece.to_owned(), index == 0)),
            }
        }
    }
    if let Some(sign) = bound {
        pieces.push((sign, true));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_wrap_under_their_indentation() {
        // 20 columns, indented 4: 16 for the first line, 14 for the next.
        assert_eq!(
            wrap("Working-capital loans for SMEs", 20, 4, 3),
            ["    Working-capital", "      loans for SMEs"]
        );
        assert_eq!(wrap("finance", 20, 0, 3), ["finance"]);
        // A word longer than a line is cut inside.
        assert_eq!(
            wrap("abcdefghij", 4, 0, 5),
            ["abcd", "  ef", "  gh", "  ij"]
        );
        // Hangul takes two columns a character: 8 columns hold 청년 (4),
        // not 청년 일자리 (11); continuing lines have 6. Four lines are
        // more than three: the third ends in `…`.
        assert_eq!(
            wrap("청년 일자리 지원 사업", 8, 0, 3),
            ["청년", "  일자리", "  지원…"]
        );
        // A last line too full for `…` gives up characters for it.
        assert_eq!(wrap("aaaa bbbb cccc", 4, 0, 2), ["aaaa", "  b…"]);
        // A word breaks after `-` or `/` before it breaks anywhere else.
        assert_eq!(
            wrap("business-support", 10, 0, 3),
            ["business-", "  support"]
        );
        assert_eq!(wrap("a/b c", 10, 0, 3), ["a/b c"]);
    }

    #[test]
    fn a_sign_stays_with_its_figure() {
        // 10 columns: `≤ 400.67` (8) fits, `million` does not after it;
        // the sign never ends a line.
        assert_eq!(
            wrap("≤ 400.67 million won", 10, 0, 5),
            ["≤ 400.67", "  million", "  won"]
        );
        assert_eq!(
            pieces("a ≤ 5 b")
                .into_iter()
                .map(|(p, _)| p)
                .collect::<Vec<_>>(),
            ["a", "≤ 5", "b"]
        );
        // A sign at the end stays a piece of its own.
        assert_eq!(pieces("≤").len(), 1);
    }

    #[test]
    fn a_category_breaks_after_its_slash() {
        assert_eq!(
            wrap("investment/incentives", 14, 0, 5),
            ["investment/", "  incentives"]
        );
    }

    #[test]
    fn a_name_word_longer_than_a_line_ends_in_an_ellipsis() {
        // 8 columns, indented 2: 6 for the first line (`Indus…`), 4 for
        // the next (`com…`); `infrastructure` would be a fourth line.
        assert_eq!(
            wrap_name("Industrial complex infrastructure", 8, 2),
            ["  Indus…", "    com…", "    inf…"]
        );
        assert_eq!(wrap_name("Total", 8, 0), ["Total"]);
    }

    #[test]
    fn hangul_and_ascii_take_their_columns() {
        // 청년 (2 × 2) + space (1) + ab1 (3): 8; 힣 is the last syllable.
        assert_eq!(width_of("청년 ab1"), 8);
        assert_eq!(width_of("가힣"), 4);
        // 한 followed by a trailing jamo (ᆫ, U+11AB) stays two columns.
        assert_eq!(width_of("한\u{11AB}"), 2);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// The shortcut for ASCII and Hangul syllables measures any text as
        /// unicode-width does: mixed with jamo, emoji, joiners, variation
        /// selectors, wide and zero-width characters.
        #[test]
        fn widths_are_unicode_widths(
            text in "[ -~\t가-힣\u{1100}-\u{11FF}\u{200D}\u{FE0F}\u{0301}😀一-龥ｱ-ﾝ]{0,12}"
        ) {
            proptest::prop_assert_eq!(
                width_of(&text),
                unicode_width::UnicodeWidthStr::width(text.as_str())
            );
        }
    }
}
