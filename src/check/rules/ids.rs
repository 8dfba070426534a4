//! Ids with blank or invisible characters at either end. Ids are compared
//! as written, so `"b "` copied from a web page is another item than `b`
//! to `diff`, `trend` and `check`: the pair shows up as one removed and
//! one new item, and the change between them is lost. The loader keeps
//! the id as written (the format never reinterprets a value); `check`
//! points at it.

use super::FileReport;
use crate::check::rule;
use crate::check::said::{Edge, Said};
use crate::model::{Item, Position};

/// The first blank or invisible character at either end of `id`, and
/// which end (the start first).
pub(in crate::check) fn spaced_end(id: &str) -> Option<(Edge, char)> {
    let first = id.chars().next().filter(|&c| is_blank(c));
    let last = id.chars().next_back().filter(|&c| is_blank(c));
    first
        .map(|c| (Edge::Start, c))
        .or(last.map(|c| (Edge::End, c)))
}

/// White space, and the characters that show as nothing but are not white
/// space to Unicode (zero-width spaces and joiners, the byte-order mark),
/// which text copied from web pages and word processors carries.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Warns of an item whose id starts or ends with such a character.
pub(super) fn id_spaced(item: &Item, out: &mut FileReport<'_>) {
    let Some((edge, character)) = spaced_end(&item.id) else {
        return;
    };
    let at = Position {
        line: item.line,
        column: 1,
    };
    out.on(rule::ID_SPACES, at).warning(Said::IdSpaced {
        id: item.id.clone(),
        trimmed: item.id.trim_matches(is_blank).to_owned(),
        edge,
        character,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_invisible_characters_at_either_end_are_found() {
        assert_eq!(spaced_end("b "), Some((Edge::End, ' ')));
        assert_eq!(spaced_end(" b"), Some((Edge::Start, ' ')));
        assert_eq!(spaced_end("\tb "), Some((Edge::Start, '\t')));
        assert_eq!(spaced_end("b\u{a0}"), Some((Edge::End, '\u{a0}')));
        assert_eq!(spaced_end("\u{3000}사업"), Some((Edge::Start, '\u{3000}')));
        assert_eq!(spaced_end("b\u{200b}"), Some((Edge::End, '\u{200b}')));
        assert_eq!(spaced_end("\u{feff}b"), Some((Edge::Start, '\u{feff}')));
    }

    #[test]
    fn spaces_inside_an_id_are_its_own() {
        assert_eq!(spaced_end("b"), None);
        assert_eq!(spaced_end("a b"), None);
        assert_eq!(spaced_end("청년 창업"), None);
        assert_eq!(spaced_end(""), None);
    }
}
