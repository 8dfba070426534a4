//! TOML to the checked model: the parsed document is walked field by
//! field, and every problem found on the way is collected with its line,
//! column and the value as written. This part holds the reader itself and
//! what every table shares (allowed fields, wrong types, syntax errors);
//! [`tables`] reads the file's tables, [`values`] single values.

mod examine;
mod tables;
mod values;

pub(crate) use examine::{Examined, examine_batch};

pub use values::MAX_CATEGORY_DEPTH;
pub(crate) use values::{WrittenCount, category_value, count_value};

use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::amount::Unit;
use crate::error::{InvalidInput, Problem};
use crate::load::lines::LineIndex;
use crate::model::{Item, Position, Total, YearFile};

/// Largest text whose every syntax error is listed; beyond it only the
/// first is, because the TOML parser keeps each error with a copy of its
/// context and a file of garbage has one per byte.
pub(crate) const RECOVERY_LIMIT: usize = 256 * 1024;

/// A value read, or the one problem that keeps it from being read.
pub(super) type Found<T> = Result<T, Box<InvalidInput>>;

/// How many syntax errors to collect.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum SyntaxErrors {
    First,
    Every,
}

/// Reads a whole file's text, collecting syntax errors as `syntax` asks.
pub(super) fn read_text(
    text: &str,
    file: &str,
    syntax: SyntaxErrors,
) -> Result<YearFile, Vec<InvalidInput>> {
    let reader = Reader {
        file,
        lines: LineIndex::new(text),
        problems: RefCell::new(Vec::new()),
        unknown_fields_at: RefCell::default(),
        claims: None,
    };
    let recover = text.len() <= RECOVERY_LIMIT;
    let every_syntax_error = |reader: &Reader<'_>| {
        let (root, mut errors) = DeTable::parse_recoverable(text);
        errors.sort_by_key(|error| error.span().map_or(0, |span| span.start));
        errors
            .into_iter()
            .for_each(|error| reader.syntax_error(&error));
        root
    };
    let root = match (syntax, recover) {
        (SyntaxErrors::Every, true) => every_syntax_error(&reader),
        _ => match DeTable::parse(text) {
            Ok(root) => root,
            // The parser's own first error is not always the first in the
            // file; `check` lists them all, and the first must be the same.
            Err(_) if recover => {
                every_syntax_error(&reader);
                return Err(reader.problems.into_inner());
            }
            Err(error) => {
                reader.syntax_error(&error);
                return Err(reader.problems.into_inner());
            }
        },
    };
    // Fields of a file that does not parse are read only once it does:
    // what the parser recovered would give misleading problems.
    if reader.has_problems() {
        return Err(reader.problems.into_inner());
    }
    let year_file = reader.year_file(root.as_ref(), root.span());
    let problems = reader.problems.into_inner();
    match year_file {
        Some(year_file) if problems.is_empty() => Ok(year_file),
        _ => Err(problems),
    }
}

/// Reads one batch of a large file: text that starts with an `[[item]]`
/// header at the start of line `lines_before + 1` and holds only item and
/// total tables. Positions are those in the whole file. `None` when the
/// batch has any problem at all: the caller then reads the whole file the
/// plain way, which reports the problem exactly as it always does.
pub(crate) fn parse_batch(
    text: &str,
    file: &str,
    lines_before: usize,
    unit: Unit,
) -> Option<(Vec<Item>, Vec<Total>)> {
    let (items, totals, problems) = read_batch(text, file, lines_before, unit)?;
    problems.is_empty().then_some((items, totals))
}

/// The problems of a batch as [`parse_batch`] reads it (in the order
/// found); `None` when it does not parse as TOML.
pub(crate) fn batch_problems(
    text: &str,
    file: &str,
    lines_before: usize,
    unit: Unit,
) -> Option<Vec<InvalidInput>> {
    read_batch(text, file, lines_before, unit).map(|(_, _, problems)| problems)
}

/// A batch's items, totals and problems; `None` when it does not parse.
fn read_batch(
    text: &str,
    file: &str,
    lines_before: usize,
    unit: Unit,
) -> Option<(Vec<Item>, Vec<Total>, Vec<InvalidInput>)> {
    let root = DeTable::parse(text).ok()?;
    let reader = Reader {
        file,
        lines: LineIndex::after_lines(text, lines_before),
        problems: RefCell::new(Vec::new()),
        unknown_fields_at: RefCell::default(),
        claims: None,
    };
    let (items, totals) = reader.batch_tables(&root, unit);
    Some((items, totals, reader.problems.into_inner()))
}

/// Whether `[[item]]` and `[[total]]` tables may follow the top of a large
/// file (the text before its first batch): not when it writes `item` or
/// `total` some other way (`item = []`, `total = [{ amount = 1 }]`,
/// `item.x = 1`), which TOML forbids extending. The batches after it are
/// parsed on their own, so this is asked of the top alone.
pub(crate) fn tables_may_follow(head: &str) -> bool {
    let mut text = String::with_capacity(head.len() + 24);
    text.push_str(head);
    text.push_str("\n[[item]]\n[[total]]\n");
    DeTable::parse(&text).is_ok()
}

/// For a key TOML cannot take unquoted (`일자리 = 5`, `counts.일자리 = 5`),
/// the same line with its parts quoted as needed: `"일자리" = 5`,
/// `counts."일자리" = 5`. `offset` is where the parser stopped, inside the
/// key; the value is shown up to the end of the line or of an inline
/// table's entry.
fn quoted_key_hint(text: &str, offset: usize) -> Option<String> {
    let ends_key = |c: char| {
        c.is_whitespace() || matches!(c, '=' | ',' | '{' | '}' | '[' | ']' | '"' | '\'' | '#')
    };
    let start = text.get(..offset)?.rfind(ends_key).map_or(0, |at| {
        at + text[at..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text
        .get(offset..)?
        .find(ends_key)
        .map_or(text.len(), |at| offset + at);
    let key = text.get(start..end).filter(|key| !key.is_empty())?;
    let is_bare = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    let quoted: Vec<String> = key
        .split('.')
        .map(|part| {
            if is_bare(part) {
                part.to_owned()
            } else {
                format!("\"{part}\"")
            }
        })
        .collect();
    let mut hint = quoted.join(".");
    let after = text[end..].trim_start_matches([' ', '\t']);
    if let Some(value) = after.strip_prefix('=') {
        let value = value.trim_start_matches([' ', '\t']);
        let value_end = match value.strip_prefix('"') {
            Some(rest) => rest.find('"').map_or(value.len(), |at| at + 2),
            None => value
                .find([',', '}', '#', '\n', '\r'])
                .unwrap_or(value.len()),
        };
        let value = value[..value_end].trim_end();
        if !value.is_empty() {
            hint.push_str(" = ");
            hint.push_str(value);
        }
    }
    Some(crate::quote::short(&hint))
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_owned()
}

/// Walks the parsed TOML, builds the checked model and collects every
/// problem on the way. A part of the model with a problem is left out,
/// and the file is only returned when there is none.
struct Reader<'a> {
    file: &'a str,
    lines: LineIndex<'a>,
    problems: RefCell<Vec<InvalidInput>>,
    /// Where unknown fields were recorded: a misspelt field stands for the
    /// missing one too, and is recorded once.
    unknown_fields_at: RefCell<HashSet<(usize, usize)>>,
    /// The ids and printed totals the tables claim, when a batch is
    /// examined (see [`examine`]); `None` on the usual way.
    claims: Option<RefCell<Claims>>,
}

/// The ids (with their items' header lines) and the printed totals' categories
/// (with their header lines) that the tables of a text claim, in file order,
/// broken tables' included: a later table that repeats one is a repeat.
#[derive(Debug, Default)]
pub(crate) struct Claims {
    pub(crate) ids: Vec<(String, usize)>,
    pub(crate) totals: Vec<(Option<crate::model::CategoryPath>, usize)>,
}

type Value<'i> = Spanned<DeValue<'i>>;

/// The fields of one TOML table, checked against the ones allowed there.
struct Fields<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    name: String,
    /// Each unknown field that looks like a misspelt allowed one: the
    /// allowed one and the problem recorded.
    misspelt: Vec<(String, InvalidInput)>,
}

impl<'t, 'i> Fields<'t, 'i> {
    fn get(&self, field: &str) -> Option<&'t Value<'i>> {
        self.table.get(field)
    }
}

impl<'a> Reader<'a> {
    fn error(&self, span: &Range<usize>, problem: Problem) -> Box<InvalidInput> {
        let (line, column) = self.lines.position(span.start);
        Box::new(InvalidInput {
            file: self.file.to_owned(),
            line,
            column,
            problem,
        })
    }

    fn position(&self, span: &Range<usize>) -> Position {
        let (line, column) = self.lines.position(span.start);
        Position { line, column }
    }

    fn record(&self, problem: InvalidInput) {
        if matches!(problem.problem, Problem::UnknownField { .. }) {
            let at = (problem.line, problem.column);
            if !self.unknown_fields_at.borrow_mut().insert(at) {
                return;
            }
        }
        self.problems.borrow_mut().push(problem);
    }

    /// The value, or `None` with the problem recorded.
    fn keep<T>(&self, found: Found<T>) -> Option<T> {
        found.map_err(|problem| self.record(*problem)).ok()
    }

    fn has_problems(&self) -> bool {
        !self.problems.borrow().is_empty()
    }

    fn problem_count(&self) -> usize {
        self.problems.borrow().len()
    }

    fn syntax_error(&self, error: &toml::de::Error) {
        let span = error.span().unwrap_or(0..0);
        let mut message = first_line(error.message());
        if message.starts_with("invalid unquoted key")
            && let Some(quoted) = quoted_key_hint(self.lines.text, span.start)
        {
            message.push_str("; keys in Hangul or with other characters must be quoted: write ");
            message.push_str(&quoted);
        }
        self.record(*self.error(&span, Problem::Syntax(message)));
    }

    /// The item and total tables of a batch (a batch holds nothing else;
    /// any other field is recorded as unknown).
    fn batch_tables(
        &self,
        root: &toml::Spanned<DeTable<'_>>,
        unit: Unit,
    ) -> (Vec<Item>, Vec<Total>) {
        let fields = self.fields(
            root.get_ref(),
            root.span(),
            "the top level".into(),
            &["item", "total"],
        );
        let items = fields
            .get("item")
            .map(|value| self.items(value, unit))
            .unwrap_or_default();
        let totals = fields
            .get("total")
            .map(|value| self.totals(value, unit))
            .unwrap_or_default();
        (items, totals)
    }

    /// The table's fields; every field not in `allowed` is recorded.
    fn fields<'t, 'i>(
        &self,
        table: &'t DeTable<'i>,
        span: Range<usize>,
        name: String,
        allowed: &[&str],
    ) -> Fields<'t, 'i> {
        let mut misspelt = Vec::new();
        for key in table.keys() {
            if !allowed.contains(&key.as_ref().as_ref()) {
                let suggestion = nearest(key.as_ref(), allowed);
                let problem = *self.error(
                    &key.span(),
                    Problem::UnknownField {
                        field: key.as_ref().to_string(),
                        table: name.clone(),
                        suggestion: suggestion.clone(),
                    },
                );
                if let Some(suggestion) = suggestion {
                    misspelt.push((suggestion, problem.clone()));
                }
                self.record(problem);
            }
        }
        Fields {
            table,
            span,
            name,
            misspelt,
        }
    }

    fn required<'t, 'i>(
        &self,
        fields: &Fields<'t, 'i>,
        field: &'static str,
    ) -> Found<&'t Value<'i>> {
        fields.get(field).ok_or_else(|| {
            // `ammount = 1` is one mistake, not two: the misspelling
            // (recorded already, and only once) stands for the missing field.
            let misspelling = fields.misspelt.iter().find(|(meant, _)| meant == field);
            match misspelling {
                Some((_, problem)) => Box::new(problem.clone()),
                None => self.error(
                    &fields.span,
                    Problem::MissingField {
                        field,
                        table: fields.name.clone(),
                    },
                ),
            }
        })
    }

    /// A field read with `read`, or `default` when it is absent.
    fn optional<'t, 'i, T>(
        &self,
        fields: &Fields<'t, 'i>,
        field: &str,
        default: T,
        read: impl FnOnce(&'t Value<'i>) -> Found<T>,
    ) -> Option<T> {
        match fields.get(field) {
            Some(value) => self.keep(read(value)),
            None => Some(default),
        }
    }

    fn wrong_type(
        &self,
        field: &str,
        expected: &'static str,
        value: &Value<'_>,
    ) -> Box<InvalidInput> {
        self.error(
            &value.span(),
            Problem::WrongType {
                field: field.into(),
                expected,
                found: value.as_ref().type_str(),
            },
        )
    }
}

/// The allowed name closest to a misspelt one, if any is close.
pub(crate) fn nearest(word: &str, candidates: &[&str]) -> Option<String> {
    // The distance is at least the difference in length, so a word much
    // longer than every candidate is not compared at all: comparing costs
    // the product of the lengths, seconds for a key of megabytes.
    let longest = candidates.iter().map(|c| c.chars().count()).max()?;
    let allowance = longest / 3 + 1;
    if word.chars().take(longest + allowance + 1).count() > longest + allowance {
        return None;
    }
    candidates
        .iter()
        .map(|&c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(distance, candidate)| distance <= (candidate.chars().count() / 3).max(1))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate.to_owned())
}
