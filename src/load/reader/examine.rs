//! A batch of a large file that the quick way could not take, examined
//! for what the plain way would make of the same tables inside the whole
//! file (see [`crate::load::stream`]): a cut that fell inside a
//! multi-line string, a syntax error, problems in its fields, or nothing
//! that can be said from the batch alone.
//!
//! The whole file is parsed in two passes: its syntax first (every table
//! and value in order, by `toml_parser`), then its meaning (tables
//! defined twice, values that do not decode), and the parser reports the
//! first error it meets, so any syntax error anywhere comes before any
//! error of meaning. A batch that starts just after a part of the file
//! that parsed on its own, and whose last token is the line end it ends
//! with, is lexed and parsed exactly as inside the whole file up to that
//! end: its first syntax error is the whole file's, unless the parser had
//! to look past the end to report it (a list left open); the caller rules
//! that out by parsing the batch again with the next one after it. Its
//! errors of meaning and its fields' problems are the whole file's when
//! every table header in it stays within the batch (`[[item]]`,
//! `[item.parts]`, `[total.stated]` after a `[[total]]` of its own):
//! another header could extend, or repeat, a table of the top of the file
//! or of another batch.

use std::cell::RefCell;

use toml::de::DeTable;
use toml_parser::parser::{RecursionGuard, ValidateWhitespace, parse_document};

use super::{Claims, Reader, quoted_key_hint};
use crate::amount::Unit;
use crate::error::InvalidInput;
use crate::load::lines::LineIndex;
use crate::model::{Item, Total};

/// How deep `toml` lets lists and tables nest (its own limit, without its
/// `unbounded` feature).
const NESTING_LIMIT: u32 = 80;

/// What a batch is, read as part of the whole file.
#[derive(Debug)]
pub(crate) enum Examined {
    /// Its last token is not the line end it ends with: a multi-line
    /// string runs on past the batch (a cut at a guess), to be read with
    /// what follows.
    Unfinished,
    /// A syntax error: the first in the file if nothing before it has
    /// one, and the parser reports the same with what follows the batch.
    Syntax(InvalidInput),
    /// The first error of meaning (a table defined twice, a value that
    /// does not decode), the whole file's first if no batch has a syntax
    /// error.
    Meaning(InvalidInput),
    /// The batch parses; its fields' problems in the order the loader
    /// finds them, with the ids and totals its tables claim.
    Problems(Vec<InvalidInput>, Claims),
    /// The batch parses and has no problem at all.
    Read(Vec<Item>, Vec<Total>),
    /// Nothing can be said from the batch alone: the plain way decides.
    Undecided,
}

/// Examines a batch: text that starts with an `[[item]]` header at the
/// start of line `lines_before + 1`, just after a part of the file that
/// parsed on its own. `last`: the batch ends the file, so nothing runs
/// on past it.
pub(crate) fn examine_batch(
    text: &str,
    file: &str,
    lines_before: usize,
    unit: Unit,
    last: bool,
) -> Examined {
    // The plain way reports a NUL byte before anything else.
    if text.contains('\0') {
        return Examined::Undecided;
    }
    let source = toml_parser::Source::new(text);
    let tokens = source.lex().into_vec();
    if !last && !ends_with_its_line_end(&tokens, text.len()) {
        return Examined::Unfinished;
    }
    let reader = Reader {
        file,
        lines: LineIndex::after_lines(text, lines_before),
        problems: RefCell::new(Vec::new()),
        unknown_fields_at: RefCell::default(),
        claims: Some(RefCell::default()),
    };
    let syntax_error = {
        let mut events = Vec::with_capacity(tokens.len());
        let mut whitespace = ValidateWhitespace::new(&mut events, source);
        let mut receiver = RecursionGuard::new(&mut whitespace, NESTING_LIMIT);
        let mut first: Option<toml_parser::ParseError> = None;
        parse_document(&tokens, &mut receiver, &mut first);
        first.is_some()
    };
    drop(tokens);
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            if !hint_stays_on_its_line(text, span.start) {
                return Examined::Undecided;
            }
            reader.syntax_error(&error);
            let Some(problem) = reader.problems.into_inner().pop() else {
                return Examined::Undecided;
            };
            return if syntax_error {
                Examined::Syntax(problem)
            } else if headers_stay_in_batch(text) {
                Examined::Meaning(problem)
            } else {
                Examined::Undecided
            };
        }
    };
    // `toml` parses what `toml_parser` finds wrong only if it repairs it.
    if syntax_error || !headers_stay_in_batch(text) {
        return Examined::Undecided;
    }
    let (items, totals) = reader.batch_tables(&root, unit);
    let problems = reader.problems.into_inner();
    if problems.is_empty() {
        return Examined::Read(items, totals);
    }
    let claims = reader.claims.map(RefCell::into_inner).unwrap_or_default();
    Examined::Problems(problems, claims)
}

/// Whether the last token before the end is a line end that ends the
/// text: nothing (a multi-line string) runs on past it.
fn ends_with_its_line_end(tokens: &[toml_parser::lexer::Token], end: usize) -> bool {
    use toml_parser::lexer::TokenKind;
    tokens
        .iter()
        .rev()
        .find(|token| token.kind() != TokenKind::Eof)
        .is_some_and(|token| token.kind() == TokenKind::Newline && token.span().end() == end)
}

/// Whether every table header in the batch names a table of its own:
/// `[[item]]` and its sub-tables, `[[total]]` and, after one, its
/// sub-tables. Every line that starts with `[` is taken for a header
/// (a line of a list written over several lines too, which only makes
/// the answer more cautious).
fn headers_stay_in_batch(text: &str) -> bool {
    let mut total_opened = false;
    for line in text.lines() {
        let line = line.trim_start();
        if !line.starts_with('[') {
            continue;
        }
        if line.starts_with("[[total]]") {
            total_opened = true;
            continue;
        }
        let own = line.starts_with("[[item]]")
            || line.starts_with("[item.")
            || line.starts_with("[[item.")
            || (total_opened && (line.starts_with("[total.") || line.starts_with("[[total.")));
        if !own {
            return false;
        }
    }
    true
}

/// Whether the hint for an unquoted key at `offset` (which quotes the
/// value up to its closing quote) reads nothing past the line: inside the
/// whole file it would read on past the batch.
fn hint_stays_on_its_line(text: &str, offset: usize) -> bool {
    let Some(after) = text.get(offset..) else {
        return true;
    };
    let line_end = after.find('\n').map_or(text.len(), |at| offset + at);
    let on_line = &text[..line_end];
    quoted_key_hint(on_line, offset) == quoted_key_hint(text, offset)
        && !value_string_left_open(&text[offset..line_end])
}

/// Whether the rest of a line, from inside a key, gives a value that
/// opens a `"` string and does not close it on the line.
fn value_string_left_open(rest: &str) -> bool {
    let Some((_, value)) = rest.split_once('=') else {
        return false;
    };
    value
        .trim_start_matches([' ', '\t'])
        .strip_prefix('"')
        .is_some_and(|string| !string.contains('"'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEM: &str = "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\n";

    fn examined(text: &str) -> Examined {
        examine_batch(text, "f.toml", 10, Unit::WON, false)
    }

    #[test]
    fn a_string_that_runs_past_the_batch_is_unfinished() {
        let cut = format!("{ITEM}note = \"\"\"\nnot a header:\n");
        assert!(matches!(examined(&cut), Examined::Unfinished));
        let literal = format!("{ITEM}note = '''\n");
        assert!(matches!(examined(&literal), Examined::Unfinished));
        // At the end of the file nothing runs on: the string is left open,
        // which the parser finds when it decodes the string, at the end
        // (line 18, after the two lines of the string).
        let last = examine_batch(&cut, "f.toml", 10, Unit::WON, true);
        let Examined::Meaning(error) = last else {
            panic!("an error: {last:?}");
        };
        assert_eq!((error.line, error.column), (18, 1));
    }

    #[test]
    fn syntax_errors_are_told_from_errors_of_meaning() {
        // Line 11 is the header; `id = = 3` is line 16, its second `=`
        // in column 6.
        let Examined::Syntax(error) = examined(&format!("{ITEM}id = = 3\n")) else {
            panic!("a syntax error");
        };
        assert_eq!((error.line, error.column), (16, 6));
        let Examined::Meaning(error) = examined(&format!("{ITEM}name = \"B\"\n")) else {
            panic!("an error of meaning");
        };
        // The repeated key `name` at line 16, column 1.
        assert_eq!((error.line, error.column), (16, 1));
    }

    #[test]
    fn problems_come_with_the_ids_and_totals_claimed() {
        let text = format!(
            "{ITEM}\n[[item]]\nid = \"b\"\nname = \"B\"\ncategory = \"c\"\namount = \"x\"\n\n[[total]]\namount = \"y\"\n"
        );
        let Examined::Problems(problems, claims) = examined(&text) else {
            panic!("problems");
        };
        assert_eq!(problems.len(), 2);
        // Item b (header at line 17) is broken and still claims its id;
        // so does the grand total (line 23).
        assert_eq!(claims.ids, [("a".to_owned(), 11), ("b".to_owned(), 17)]);
        assert_eq!(claims.totals, [(None, 23)]);
    }

    #[test]
    fn a_header_that_names_another_table_leaves_the_batch_undecided() {
        assert!(headers_stay_in_batch(&format!(
            "{ITEM}[item.parts]\na = 1\n[[total]]\namount = 1\n[total.stated]\nchange = 1\n"
        )));
        for header in [
            "[region]",
            "[item]",
            "[total.stated]",
            "  [1]],",
            "[ item.parts ]",
        ] {
            assert!(
                !headers_stay_in_batch(&format!("{ITEM}{header}\n")),
                "{header}"
            );
        }
        let other = format!("{ITEM}status = \"maybe\"\n[count_labels]\nx = \"y\"\n");
        assert!(matches!(examined(&other), Examined::Undecided));
    }
}
