//! Reading year files: bytes to text, text to TOML, TOML to a checked
//! [`YearFile`]. Every figure is taken from the literal as written (TOML
//! numbers through their source text), and every error points at a line.
//!
//! The reader does not stop at the first problem: it collects every problem
//! it finds where the file parses, so `check` can report them all, while
//! [`load`] reports the first.

mod fold;
pub mod progress;
pub(crate) mod quick;
pub(crate) mod repeats;
pub mod stream;

pub use fold::{Fold, Folded};
pub use stream::{Batching, fold_file, load_file};

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::amount::{Amount, Unit};
use crate::error::{InvalidInput, LoadError, Problem, quote};
use crate::model::{
    BaseRef, CategoryPath, Count, CountLabels, Item, Located, Part, Percent, Position, Stated,
    Status, Total, YEARS, YearFile,
};
use crate::notation::{Approx, magnitude, plain_percent, plain_sign, split_approximation};

const TOP_LEVEL_FIELDS: &[&str] = &[
    "year",
    "region",
    "unit",
    "phase",
    "base",
    "source",
    "count_labels",
    "item",
    "total",
];
const ITEM_FIELDS: &[&str] = &[
    "id", "name", "category", "amount", "status", "counts", "parts", "note", "source", "overlaps",
    "memo", "stated",
];
const TOTAL_FIELDS: &[&str] = &[
    "category", "amount", "overlaps", "partial", "stated", "note", "source",
];
const STATED_FIELDS: &[&str] = &[
    "change",
    "change_pct",
    "share_pct",
    "base",
    "source",
    "approx",
];

/// Most levels a category path may have.
pub const MAX_CATEGORY_DEPTH: usize = 32;

/// Largest text whose every syntax error is listed; beyond it only the
/// first is, because the TOML parser keeps each error with a copy of its
/// context and a file of garbage has one per byte.
const RECOVERY_LIMIT: usize = 256 * 1024;

/// The name standard input goes by in output and errors.
pub const STDIN_NAME: &str = "<stdin>";

/// Loads a budget file from a path, or from standard input for `-`.
pub fn load(path: &str) -> Result<YearFile, LoadError> {
    let bytes = read_bytes(path)?;
    parse_bytes(&bytes, display_name(path))
}

/// The name a path goes by in output: `<stdin>` for `-`.
pub fn display_name(path: &str) -> &str {
    if path == "-" { STDIN_NAME } else { path }
}

/// Expands directories into the `*.toml` files they hold (sorted by name);
/// other paths are kept as given. A directory without budget files is an
/// error.
pub fn budget_files(inputs: &[String]) -> Result<Vec<String>, LoadError> {
    let mut files = Vec::new();
    for input in inputs {
        if input == "-" || !Path::new(input).is_dir() {
            files.push(input.clone());
            continue;
        }
        let unreadable = |reason: String| LoadError::Unreadable {
            file: input.clone(),
            reason,
        };
        let entries =
            std::fs::read_dir(input).map_err(|e| unreadable(format!("cannot read: {e}")))?;
        let mut found: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            // A directory named `x.toml` is not a budget file; anything else
            // so named (a broken or looping link too) is read, and must be one.
            .filter(|path| path.extension().is_some_and(|e| e == "toml") && !path.is_dir())
            .map(|path| path.to_string_lossy().into_owned())
            .collect();
        if found.is_empty() {
            return Err(unreadable(
                "no budget files (*.toml) in this directory".into(),
            ));
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// The most bytes a year file may have: 1 GiB, about seven million items
/// written the usual way (a national file of three million items is about
/// 500 MB). Input beyond it is refused, so that an endless stream ends in
/// an error instead of filling the memory.
pub const MAX_INPUT_BYTES: usize = 1 << 30;

/// How much is read at a time, and checked before more is read.
const READ_BLOCK: usize = 1 << 20;

/// Reads a budget file's bytes from a path, or standard input for `-`.
///
/// Reading stops early, after the block holding the first NUL byte or the
/// first byte that is not UTF-8: no year file holds one, whatever follows,
/// and [`parse_bytes`] reports it at its line and column from what was
/// read. So binary input and `/dev/zero` end at once. Input longer than
/// [`MAX_INPUT_BYTES`] without such a byte is refused.
pub fn read_bytes(path: &str) -> Result<Vec<u8>, LoadError> {
    let unreadable = |reason: String| LoadError::Unreadable {
        file: display_name(path).to_owned(),
        reason,
    };
    let too_large = || {
        unreadable(format!(
            "larger than {} bytes (1 GiB), the most a year file may have; is it an endless stream?",
            crate::render::numbers::group_thousands(&MAX_INPUT_BYTES.to_string())
        ))
    };
    if path == "-" {
        return match read_capped(std::io::stdin().lock(), 0, MAX_INPUT_BYTES) {
            Ok(Capped::Read(bytes)) => Ok(bytes),
            Ok(Capped::TooLarge) => Err(too_large()),
            Err(e) => Err(unreadable(format!("cannot read standard input: {e}"))),
        };
    }
    if Path::new(path).is_dir() {
        return Err(unreadable(
            "is a directory, not a budget file (name a .toml file)".into(),
        ));
    }
    let opened = std::fs::File::open(path).and_then(|file| {
        let size = file.metadata().map_or(0, |m| m.len());
        let expected = usize::try_from(size).unwrap_or(usize::MAX);
        read_capped(file, expected, MAX_INPUT_BYTES)
    });
    match opened {
        Ok(Capped::Read(bytes)) => Ok(bytes),
        Ok(Capped::TooLarge) => Err(too_large()),
        Err(e) => Err(unreadable(match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".into(),
            std::io::ErrorKind::PermissionDenied => "permission denied".into(),
            _ => format!("cannot read: {e}"),
        })),
    }
}

/// What [`read_capped`] read.
#[derive(Debug, PartialEq, Eq)]
enum Capped {
    /// All the input, or all up to the end of the block that holds its
    /// first NUL or non-UTF-8 byte.
    Read(Vec<u8>),
    /// More than the limit, none of it a NUL or non-UTF-8 byte.
    TooLarge,
}

/// Reads at most `limit` bytes (and one more, to tell that there are more),
/// block by block, stopping after the block that holds the first NUL or
/// non-UTF-8 byte. `expected` is the size if known (0 if not).
fn read_capped(reader: impl Read, expected: usize, limit: usize) -> std::io::Result<Capped> {
    let mut reader = reader.take(limit as u64 + 1);
    // Allocated once: growing by doubling would copy, and hold the old and
    // the new buffer at once (2 GB for an endless pipe). Pages never written
    // cost no memory; where the system will not promise that much (no
    // overcommit), the buffer grows as it fills instead.
    let mut bytes = Vec::new();
    let most = if expected > 0 { expected } else { limit };
    let _ = bytes.try_reserve_exact(most.min(limit) + 1);
    // Bytes before this are UTF-8 without a NUL.
    let mut clean = 0;
    loop {
        let read = (&mut reader)
            .take(READ_BLOCK as u64)
            .read_to_end(&mut bytes)?;
        if read == 0 {
            return Ok(Capped::Read(bytes));
        }
        match first_foreign_byte(&bytes[clean..]) {
            Ok(valid) => clean += valid,
            Err(at) if clean + at < limit => return Ok(Capped::Read(bytes)),
            Err(_) => return Ok(Capped::TooLarge),
        }
        if bytes.len() > limit {
            return Ok(Capped::TooLarge);
        }
    }
}

/// The offset of the first NUL or non-UTF-8 byte as `Err`, or as `Ok` how
/// many bytes are plain UTF-8 (all but a character cut at the end).
fn first_foreign_byte(bytes: &[u8]) -> Result<usize, usize> {
    let valid = match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(error) if error.error_len().is_none() => error.valid_up_to(),
        Err(error) => {
            return Err(
                memchr::memchr(0, &bytes[..error.valid_up_to()]).unwrap_or(error.valid_up_to())
            );
        }
    };
    match memchr::memchr(0, &bytes[..valid]) {
        Some(at) => Err(at),
        None => Ok(valid),
    }
}

/// Parses a budget file's bytes; `file` names it in errors.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<YearFile, LoadError> {
    let text = decode_utf8(bytes, file).map_err(invalid)?;
    parse_str(text, file)
}

/// Parses a budget file's text; `file` names it in errors.
pub fn parse_str(text: &str, file: &str) -> Result<YearFile, LoadError> {
    read_text(text, file, SyntaxErrors::First).map_err(first_problem)
}

/// Parses a budget file's bytes and, if anything is wrong, returns every
/// problem found (never an empty list), in file order: every syntax error
/// if the TOML does not parse, otherwise every problem in its fields.
pub fn parse_bytes_recoverable(bytes: &[u8], file: &str) -> Result<YearFile, Vec<InvalidInput>> {
    let text = decode_utf8(bytes, file).map_err(|problem| vec![*problem])?;
    parse_str_recoverable(text, file)
}

/// [`parse_bytes_recoverable`] for text.
pub fn parse_str_recoverable(text: &str, file: &str) -> Result<YearFile, Vec<InvalidInput>> {
    read_text(text, file, SyntaxErrors::Every)
}

fn invalid(problem: Box<InvalidInput>) -> LoadError {
    LoadError::Invalid(problem)
}

/// The problem nearest the start of the file (of several at one place, the
/// first found): the one `check`, which lists them in file order, shows
/// first.
pub(crate) fn first_problem(problems: Vec<InvalidInput>) -> LoadError {
    match problems
        .into_iter()
        .min_by_key(|problem| (problem.line, problem.column))
    {
        Some(first) => invalid(Box::new(first)),
        None => LoadError::Unreadable {
            file: String::new(),
            reason: "could not be read for an unknown reason".into(),
        },
    }
}

type Found<T> = Result<T, Box<InvalidInput>>;

fn decode_utf8<'b>(bytes: &'b [u8], file: &str) -> Found<&'b str> {
    let at_start = |problem| {
        Box::new(InvalidInput {
            file: file.to_owned(),
            line: 1,
            column: 1,
            problem,
        })
    };
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(at_start(Problem::Utf16));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let at = |offset: usize, problem| {
        let valid = &bytes[..offset];
        let line = memchr::memchr_iter(b'\n', valid).count() + 1;
        let line_start = memchr::memrchr(b'\n', valid).map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        Box::new(InvalidInput {
            file: file.to_owned(),
            line,
            column,
            problem,
        })
    };
    let utf8 = std::str::from_utf8(bytes);
    let checked = utf8
        .as_ref()
        .map_or_else(|e| e.valid_up_to(), |text| text.len());
    // The first foreign byte is reported, whichever kind it is, as when
    // reading stops there (see `read_bytes`).
    if let Some(nul) = memchr::memchr(0, &bytes[..checked]) {
        return Err(at(nul, Problem::NulByte));
    }
    utf8.map_err(|error| {
        let problem = if error.error_len().is_none() {
            // Only the last character is incomplete: UTF-8 cut short.
            Problem::EndsInCharacter
        } else {
            let (_, had_errors) = encoding_rs::EUC_KR.decode_without_bom_handling(bytes);
            Problem::NotUtf8 {
                looks_like_cp949: !had_errors,
            }
        };
        at(error.valid_up_to(), problem)
    })
}

/// How many syntax errors to collect.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SyntaxErrors {
    First,
    Every,
}

fn read_text(text: &str, file: &str, syntax: SyntaxErrors) -> Result<YearFile, Vec<InvalidInput>> {
    let reader = Reader {
        file,
        lines: LineIndex::new(text),
        problems: RefCell::new(Vec::new()),
        unknown_fields_at: RefCell::default(),
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
    };
    let fields = reader.fields(
        root.get_ref(),
        root.span(),
        "the top level".into(),
        &["item", "total"],
    );
    let items = fields
        .get("item")
        .map(|value| reader.items(value, unit))
        .unwrap_or_default();
    let totals = fields
        .get("total")
        .map(|value| reader.totals(value, unit))
        .unwrap_or_default();
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

/// A count as written: a TOML integer's decimal digits, the digits of a
/// hexadecimal, octal or binary one with their radix, or a string.
pub(crate) enum WrittenCount<'w> {
    Integer(&'w str),
    Radix(&'w str, u32),
    Text(&'w str),
}

/// Reads a count (`600`, `"600+"`, `"1,200+"`): the number and whether it
/// is a lower bound, or the cleaned text and why it is not a count.
pub(crate) fn count_value(
    written: WrittenCount<'_>,
) -> Result<(u64, bool), (String, &'static str)> {
    let (written, at_least) = match written {
        WrittenCount::Integer(digits) => (digits.to_owned(), false),
        WrittenCount::Radix(digits, radix) => return count_in_radix(digits, radix),
        WrittenCount::Text(text) => match text.trim().strip_suffix('+') {
            Some(number) => (number.trim().replace(',', ""), true),
            None => (text.trim().replace(',', ""), false),
        },
    };
    if written.starts_with('-') {
        return Err((written, "counts cannot be negative"));
    }
    match written.parse::<u64>() {
        Ok(0) => Err((
            written,
            "counts must be at least 1 (leave the count out instead)",
        )),
        Ok(number) => Ok((number, at_least)),
        Err(_) => Err((written, "write a whole number, optionally followed by `+`")),
    }
}

/// A count written in hexadecimal, octal or binary (`0x10`, `0o17`,
/// `0b101`), read in its radix as TOML defines it: 16, 15, 5.
fn count_in_radix(digits: &str, radix: u32) -> Result<(u64, bool), (String, &'static str)> {
    let prefix = match radix {
        16 => "0x",
        8 => "0o",
        _ => "0b",
    };
    match u64::from_str_radix(digits, radix) {
        Ok(0) => Err((
            format!("{prefix}{digits}"),
            "counts must be at least 1 (leave the count out instead)",
        )),
        Ok(number) => Ok((number, false)),
        Err(_) => Err((
            format!("{prefix}{digits}"),
            "it is larger than 18,446,744,073,709,551,615",
        )),
    }
}

/// Reads a category path, or says why it is not one.
pub(crate) fn category_value(text: &str) -> Result<CategoryPath, &'static str> {
    let path = CategoryPath::parse(text)
        .ok_or("has an empty segment (write paths like `finance/loans`)")?;
    // Subtotals are kept for every level, so the depth is bounded.
    if path.depth() > MAX_CATEGORY_DEPTH {
        return Err("has more than 32 levels");
    }
    Ok(path)
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

/// Byte offsets of line starts, to turn spans into line and column.
struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    /// Lines before `text` in the whole file (for a batch of a large file).
    lines_before: usize,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        Self::after_lines(text, 0)
    }

    fn after_lines(text: &'t str, lines_before: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        LineIndex {
            text,
            starts,
            lines_before,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        (line + self.lines_before, column)
    }
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

    fn year_file(&self, root: &DeTable<'_>, span: Range<usize>) -> Option<YearFile> {
        let fields = self.fields(root, span, "the top level".into(), TOP_LEVEL_FIELDS);
        let year_value = self.keep(self.required(&fields, "year"));
        let year = year_value.and_then(|value| self.keep(self.year(value)));
        let region = self.keep(
            self.required(&fields, "region")
                .and_then(|value| self.text("region", value)),
        );
        // A bad unit is recorded; the items are still read (in won) for
        // their own problems.
        let unit = self.optional(&fields, "unit", Unit::WON, |value| self.unit(value));
        let phase = self.optional_text(&fields, "phase");
        let base = self.optional(&fields, "base", None, |value| {
            self.base_ref("base", value).map(Some)
        });
        let source = self.optional_text(&fields, "source");
        let count_labels = self.optional(&fields, "count_labels", CountLabels::new(), |value| {
            Ok(self.count_labels(value))
        });
        let items = self.optional(&fields, "item", Vec::new(), |value| {
            Ok(self.items(value, unit.unwrap_or(Unit::WON)))
        });
        let totals = self.optional(&fields, "total", Vec::new(), |value| {
            Ok(self.totals(value, unit.unwrap_or(Unit::WON)))
        });
        if self.has_problems() {
            return None;
        }
        Some(YearFile {
            path: self.file.to_owned(),
            year: year?,
            region: region?,
            unit: unit?,
            phase: phase?,
            base: base?,
            source: source?,
            count_labels: count_labels?,
            items: items?,
            totals: totals?,
            year_at: self.position(&year_value?.span()),
        })
    }

    fn items(&self, value: &Value<'_>, unit: Unit) -> Vec<Item> {
        let Some(array) = self.keep(self.array_of_tables("item", value)) else {
            return Vec::new();
        };
        let mut first_line_of_id: HashMap<String, usize> = HashMap::new();
        let mut items = Vec::with_capacity(array.len());
        for element in array {
            let item = self.item(element, unit);
            // An item with other problems still claims its id.
            let id = item
                .as_ref()
                .map(|i| i.id.clone())
                .or_else(|| written_id(element));
            let Some(id) = id else {
                continue;
            };
            if let Some(&first_line) = first_line_of_id.get(&id) {
                let id_span = element
                    .as_ref()
                    .as_table()
                    .and_then(|t| t.get("id"))
                    .map_or(element.span(), Spanned::span);
                self.record(*self.error(&id_span, Problem::DuplicateId { id, first_line }));
                continue;
            }
            let line = self.lines.position(header_span_of(element).start).0;
            first_line_of_id.insert(id, line);
            items.extend(item);
        }
        items
    }

    fn array_of_tables<'t, 'i>(
        &self,
        field: &'static str,
        value: &'t Value<'i>,
    ) -> Found<&'t [Value<'i>]> {
        match value.as_ref() {
            DeValue::Array(array) => Ok(array.as_ref()),
            _ => Err(self.wrong_type(
                field,
                if field == "item" {
                    "an array of tables ([[item]])"
                } else {
                    "an array of tables ([[total]])"
                },
                value,
            )),
        }
    }

    /// The fields of one `[[name]]` element, with the problem count from
    /// before they were read (a reader returns nothing if its table added
    /// problems); `None`, recorded, if the element is not a table.
    fn array_table<'t, 'i>(
        &self,
        element: &'t Value<'i>,
        name: &str,
        expected: &'static str,
        allowed: &[&str],
    ) -> Option<(Fields<'t, 'i>, usize)> {
        let DeValue::Table(table) = element.as_ref() else {
            self.record(*self.wrong_type(name, expected, element));
            return None;
        };
        let problems_before = self.problem_count();
        let span = header_span(table, element.span());
        let fields = self.fields(table, span, format!("[[{name}]]"), allowed);
        Some((fields, problems_before))
    }

    fn item(&self, element: &Value<'_>, unit: Unit) -> Option<Item> {
        let (fields, problems_before) =
            self.array_table(element, "item", "a table ([[item]])", ITEM_FIELDS)?;
        let id = self.keep(
            self.required(&fields, "id")
                .and_then(|v| self.text("id", v)),
        );
        let name = self.keep(
            self.required(&fields, "name")
                .and_then(|v| self.text("name", v)),
        );
        let category_value = self.keep(self.required(&fields, "category"));
        let category = category_value.and_then(|value| self.keep(self.category(value)));
        let amount = self.keep(
            self.required(&fields, "amount")
                .and_then(|value| self.amount("amount", value, unit)),
        );
        let status = self.optional(&fields, "status", Status::Actual, |value| {
            self.status(value)
        });
        let counts = self.optional(
            &fields,
            "counts",
            Vec::new(),
            |value| Ok(self.counts(value)),
        );
        let parts = self.optional(&fields, "parts", Vec::new(), |value| {
            Ok(self.parts(value, unit))
        });
        let note = self.optional_text(&fields, "note");
        let source = self.optional_text(&fields, "source");
        let overlaps = self.optional(&fields, "overlaps", false, |value| {
            self.boolean("overlaps", value)
        });
        let stated = self.optional(&fields, "stated", Vec::new(), |value| {
            Ok(self.stated_list(value, unit))
        });
        let memo = self.optional(&fields, "memo", false, |value| self.boolean("memo", value));
        if self.problem_count() > problems_before {
            return None;
        }
        Some(Item {
            memo: memo?,
            id: id?,
            name: name?,
            category: category?,
            amount: amount?,
            status: status?,
            counts: counts?,
            parts: parts?,
            note: note?,
            source: source?,
            line: self.lines.position(fields.span.start).0,
            category_at: self.position(&category_value?.span()),
            parts_at: fields
                .get("parts")
                .map(|value| self.position(&value.span())),
            overlaps: overlaps?,
            stated: stated?.into(),
        })
    }

    fn totals(&self, value: &Value<'_>, unit: Unit) -> Vec<Total> {
        let Some(array) = self.keep(self.array_of_tables("total", value)) else {
            return Vec::new();
        };
        let mut first_line_of_category: HashMap<Option<CategoryPath>, usize> = HashMap::new();
        let mut totals = Vec::with_capacity(array.len());
        for element in array {
            let total = self.total(element, unit);
            // A total with other problems still claims its category.
            let category = match &total {
                Some(total) => Some(total.category.clone()),
                None => written_total_category(element),
            };
            let Some(category) = category else {
                continue;
            };
            if let Some(&first_line) = first_line_of_category.get(&category) {
                let total = match &category {
                    Some(category) => {
                        format!(
                            "the total of `{}`",
                            crate::quote::short(&category.to_string())
                        )
                    }
                    None => "the grand total".to_owned(),
                };
                self.record(*self.error(
                    &header_span_of(element),
                    Problem::DuplicateTotal { total, first_line },
                ));
                continue;
            }
            let line = self.lines.position(header_span_of(element).start).0;
            first_line_of_category.insert(category, line);
            totals.extend(total);
        }
        totals
    }

    fn total(&self, element: &Value<'_>, unit: Unit) -> Option<Total> {
        let (fields, problems_before) =
            self.array_table(element, "total", "a table ([[total]])", TOTAL_FIELDS)?;
        let category = self.optional(&fields, "category", None, |value| {
            self.category(value).map(Some)
        });
        let amount_value = self.keep(self.required(&fields, "amount"));
        let amount = amount_value.and_then(|value| self.keep(self.amount("amount", value, unit)));
        let overlaps = self.optional(&fields, "overlaps", false, |value| {
            self.boolean("overlaps", value)
        });
        let partial = self.optional(&fields, "partial", false, |value| {
            self.boolean("partial", value)
        });
        let stated = self.optional(&fields, "stated", Vec::new(), |value| {
            Ok(self.stated_list(value, unit))
        });
        let note = self.optional_text(&fields, "note");
        let source = self.optional_text(&fields, "source");
        if self.problem_count() > problems_before {
            return None;
        }
        Some(Total {
            partial: partial?,
            category: category?,
            amount: Located {
                value: amount?,
                at: self.position(&amount_value?.span()),
            },
            overlaps: overlaps?,
            stated: stated?.into(),
            note: note?,
            source: source?,
            line: self.lines.position(fields.span.start).0,
        })
    }

    /// `stated = { ... }`, or a list of them, one per source.
    fn stated_list(&self, value: &Value<'_>, unit: Unit) -> Vec<Stated> {
        match value.as_ref() {
            DeValue::Array(array) => array
                .iter()
                .map(|element| self.stated(element, unit))
                .collect(),
            _ => vec![self.stated(value, unit)],
        }
    }

    /// `stated = { change = 150, change_pct = 11.54, share_pct = 15.3 }`.
    fn stated(&self, value: &Value<'_>, unit: Unit) -> Stated {
        let DeValue::Table(table) = value.as_ref() else {
            self.record(*self.wrong_type(
                "stated",
                "a table such as { change = 150, change_pct = 11.54 }, or a list of them",
                value,
            ));
            return Stated::default();
        };
        let fields = self.fields(table, value.span(), "`stated`".into(), STATED_FIELDS);
        let located = |value: &Value<'_>| self.position(&value.span());
        // `approx = true`: every figure here is a round one.
        let all_approx = fields
            .get("approx")
            .and_then(|value| self.keep(self.boolean("stated.approx", value)))
            .unwrap_or(false);
        let marked = |approx: Approx| {
            if all_approx && approx == Approx::Exact {
                Approx::About
            } else {
                approx
            }
        };
        let percent = |field: &str, value: &Value<'_>| {
            let percent = self.keep(self.percent(field, value))?;
            Some(Located {
                value: percent.approximate(marked(percent.approx)),
                at: located(value),
            })
        };
        let change = fields.get("change").and_then(|value| {
            let (amount, approx) = self.keep(self.stated_amount("stated.change", value, unit))?;
            let approx = marked(approx);
            Some((
                Located {
                    value: approx_amount(amount, approx),
                    at: located(value),
                },
                approx,
            ))
        });
        Stated {
            change: change.map(|(amount, _)| amount),
            change_approx: change.map_or(Approx::Exact, |(_, approx)| approx),
            change_pct: fields
                .get("change_pct")
                .and_then(|value| percent("stated.change_pct", value)),
            share_pct: fields
                .get("share_pct")
                .and_then(|value| percent("stated.share_pct", value)),
            base: fields
                .get("base")
                .and_then(|value| self.keep(self.base_ref("stated.base", value))),
            source: fields
                .get("source")
                .and_then(|value| self.keep(self.text("stated.source", value))),
        }
    }

    /// A stated amount, which may be printed as a round figure ("약 5조
    /// 7,000억원", "1조원 이상") or with a table's signs ("▲3.5", "-").
    fn stated_amount(&self, field: &str, value: &Value<'_>, unit: Unit) -> Found<(Amount, Approx)> {
        let DeValue::String(text) = value.as_ref() else {
            return self.amount(field, value, unit).map(|a| (a, Approx::Exact));
        };
        let (plain, approx) = split_approximation(text);
        let plain = plain_sign(&plain).unwrap_or(plain);
        Amount::parse(&plain, unit)
            .map(|amount| (amount, approx))
            .map_err(|reason| {
                self.error(
                    &value.span(),
                    Problem::BadAmount {
                        field: field.into(),
                        value: quote(text),
                        reason,
                    },
                )
            })
    }

    /// `base = "2025 본예산"`: a year, a phase, or both.
    fn base_ref(&self, field: &str, value: &Value<'_>) -> Found<Located<BaseRef>> {
        let text = self.text(field, value)?;
        let base = BaseRef::parse(&text).ok_or_else(|| {
            self.error(
                &value.span(),
                Problem::BadText {
                    field: field.into(),
                    value: quote(&text),
                    reason: "is not a year and a phase such as \"2025 본예산\"",
                },
            )
        })?;
        Ok(Located {
            value: base,
            at: self.position(&value.span()),
        })
    }

    /// The year: an integer in [`YEARS`], read in its radix.
    fn year(&self, value: &Value<'_>) -> Found<i64> {
        let year = self.integer("year", value)?;
        if YEARS.contains(&year) {
            return Ok(year);
        }
        Err(self.error(
            &value.span(),
            Problem::BadText {
                field: "year".into(),
                value: quote(&self.source_text(value)),
                reason: "is not a year from 1900 to 2199",
            },
        ))
    }

    /// A value's text as written in the file.
    fn source_text(&self, value: &Value<'_>) -> String {
        self.lines
            .text
            .get(value.span())
            .unwrap_or_default()
            .to_owned()
    }

    fn integer(&self, field: &str, value: &Value<'_>) -> Found<i64> {
        match value.as_ref() {
            DeValue::Integer(integer) => i64::from_str_radix(integer.as_str(), integer.radix())
                .map_err(|_| {
                    self.error(
                        &value.span(),
                        Problem::BadText {
                            field: field.into(),
                            value: quote(integer.as_str()),
                            reason: "is out of range",
                        },
                    )
                }),
            _ => Err(self.wrong_type(field, "an integer", value)),
        }
    }

    fn boolean(&self, field: &str, value: &Value<'_>) -> Found<bool> {
        match value.as_ref() {
            DeValue::Boolean(flag) => Ok(*flag),
            _ => Err(self.wrong_type(field, "true or false", value)),
        }
    }

    fn text(&self, field: &str, value: &Value<'_>) -> Found<String> {
        let DeValue::String(text) = value.as_ref() else {
            return Err(self.wrong_type(field, "a string", value));
        };
        if text.trim().is_empty() {
            return Err(self.error(
                &value.span(),
                Problem::BadText {
                    field: field.into(),
                    value: quote(text),
                    reason: "is empty",
                },
            ));
        }
        Ok(text.to_string())
    }

    fn optional_text(&self, fields: &Fields<'_, '_>, field: &str) -> Option<Option<String>> {
        self.optional(fields, field, None, |value| {
            self.text(field, value).map(Some)
        })
    }

    fn unit(&self, value: &Value<'_>) -> Found<Unit> {
        let text = self.text("unit", value)?;
        Unit::parse(&text).ok_or_else(|| {
            self.error(
                &value.span(),
                Problem::UnknownUnit {
                    field: "unit".into(),
                    value: quote(&text),
                    known: Unit::names().collect::<Vec<_>>().join(", "),
                },
            )
        })
    }

    fn category(&self, value: &Value<'_>) -> Found<CategoryPath> {
        let text = self.text("category", value)?;
        category_value(&text).map_err(|reason| {
            self.error(
                &value.span(),
                Problem::BadText {
                    field: "category".into(),
                    value: quote(&text),
                    reason,
                },
            )
        })
    }

    fn status(&self, value: &Value<'_>) -> Found<Status> {
        let text = self.text("status", value)?;
        Status::parse(&text).ok_or_else(|| {
            self.error(
                &value.span(),
                Problem::BadStatus {
                    value: quote(&text),
                    suggestion: nearest(&text, &Status::NAMES),
                },
            )
        })
    }

    fn amount(&self, field: &str, value: &Value<'_>, unit: Unit) -> Found<Amount> {
        let (written, parsed) = match value.as_ref() {
            DeValue::Integer(integer) if integer.radix() == 10 => (
                integer.as_str(),
                Amount::from_toml_literal(integer.as_str(), unit),
            ),
            DeValue::Float(float) => (
                float.as_str(),
                Amount::from_toml_literal(float.as_str(), unit),
            ),
            DeValue::String(text) => {
                // A table's nil ("-") and decrease sign ("▲3.5").
                let plain = plain_sign(text);
                let parsed = Amount::parse(plain.as_deref().unwrap_or(text), unit);
                (text.as_ref(), parsed)
            }
            _ => {
                return Err(self.wrong_type(
                    field,
                    "a decimal number or a string such as \"264.6 billion won\"",
                    value,
                ));
            }
        };
        parsed.map_err(|reason| {
            self.error(
                &value.span(),
                Problem::BadAmount {
                    field: field.into(),
                    value: quote(written),
                    reason,
                },
            )
        })
    }

    /// A percentage: a decimal number, or a string such as `"11.54%"`.
    /// Read digit for digit like an amount, keeping its last digit.
    fn percent(&self, field: &str, value: &Value<'_>) -> Found<Percent> {
        let mut approx = Approx::Exact;
        let plain;
        let written = match value.as_ref() {
            DeValue::Integer(integer) if integer.radix() == 10 => integer.as_str(),
            DeValue::Float(float) => float.as_str(),
            DeValue::String(text) => {
                let (rest, kind) = split_approximation(text);
                approx = kind;
                plain = plain_percent(&rest);
                plain.as_str()
            }
            _ => {
                return Err(self.wrong_type(
                    field,
                    "a decimal number or a string such as \"11.54%\"",
                    value,
                ));
            }
        };
        Amount::from_toml_literal(written, Unit::WON)
            .map(|figure| {
                Percent {
                    value: figure.won(),
                    precision: figure.precision(),
                    approx: Approx::Exact,
                }
                .approximate(approx)
            })
            .map_err(|reason| {
                self.error(
                    &value.span(),
                    Problem::BadAmount {
                        field: field.into(),
                        value: quote(written),
                        reason,
                    },
                )
            })
    }

    fn counts(&self, value: &Value<'_>) -> Vec<Count> {
        let DeValue::Table(table) = value.as_ref() else {
            self.record(*self.wrong_type(
                "counts",
                "a table such as { companies = \"600+\" }",
                value,
            ));
            return Vec::new();
        };
        table
            .iter()
            .filter_map(|(key, count)| {
                let field = format!("counts.{}", key.as_ref());
                let (value, at_least) = self.keep(self.count(&field, count))?;
                Some(Count {
                    name: key.as_ref().to_string(),
                    value,
                    at_least,
                })
            })
            .collect()
    }

    fn count_labels(&self, value: &Value<'_>) -> CountLabels {
        let DeValue::Table(table) = value.as_ref() else {
            self.record(*self.wrong_type(
                "count_labels",
                "a table such as { smes = \"중소기업\" }",
                value,
            ));
            return CountLabels::new();
        };
        table
            .iter()
            .filter_map(|(key, label)| {
                let field = format!("count_labels.{}", key.as_ref());
                let label = self.keep(self.text(&field, label))?;
                Some((key.as_ref().to_string(), label))
            })
            .collect()
    }

    fn count(&self, field: &str, value: &Value<'_>) -> Found<(u64, bool)> {
        let written = match value.as_ref() {
            DeValue::Integer(integer) if integer.radix() == 10 => {
                WrittenCount::Integer(integer.as_str())
            }
            DeValue::Integer(integer) => WrittenCount::Radix(integer.as_str(), integer.radix()),
            DeValue::String(text) => WrittenCount::Text(text),
            _ => {
                return Err(self.wrong_type(
                    field,
                    "a whole number or a string such as \"600+\"",
                    value,
                ));
            }
        };
        count_value(written).map_err(|(written, reason)| {
            self.error(
                &value.span(),
                Problem::BadCount {
                    field: field.into(),
                    value: quote(&written),
                    reason,
                },
            )
        })
    }

    fn parts(&self, value: &Value<'_>, unit: Unit) -> Vec<Part> {
        let DeValue::Table(table) = value.as_ref() else {
            self.record(*self.wrong_type("parts", "a table such as { additional = 24.2 }", value));
            return Vec::new();
        };
        table
            .iter()
            .filter_map(|(key, amount)| {
                let field = format!("parts.{}", key.as_ref());
                Some(Part {
                    name: key.as_ref().to_string(),
                    amount: self.keep(self.amount(&field, amount, unit))?,
                })
            })
            .collect()
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

/// Where an `[[item]]` table starts: its span, or failing that its first key.
/// A stated amount printed as a round figure is known only to its last
/// non-zero digit ("약 5조 7,000억" to the 1,000억).
fn approx_amount(amount: Amount, approx: Approx) -> Amount {
    if approx == Approx::Exact {
        return amount;
    }
    Amount::new(amount.won(), magnitude(amount.won(), amount.precision()))
}

fn header_span(table: &DeTable<'_>, span: Range<usize>) -> Range<usize> {
    let first_key = table.keys().map(|k| k.span()).min_by_key(|s| s.start);
    match first_key {
        Some(key) if span.start > key.start || span.is_empty() => key,
        _ => span,
    }
}

fn header_span_of(element: &Value<'_>) -> Range<usize> {
    match element.as_ref() {
        DeValue::Table(table) => header_span(table, element.span()),
        _ => element.span(),
    }
}

/// The `id` of an `[[item]]` that could not be read, if it has a usable one.
fn written_id(element: &Value<'_>) -> Option<String> {
    let id = element.as_ref().as_table()?.get("id")?.as_ref().as_str()?;
    (!id.trim().is_empty()).then(|| id.to_owned())
}

/// The category of a `[[total]]` that could not be read: `Some(None)` for
/// the grand total, `None` when the category itself is unusable.
fn written_total_category(element: &Value<'_>) -> Option<Option<CategoryPath>> {
    let table = element.as_ref().as_table()?;
    match table.get("category") {
        None => Some(None),
        Some(value) => CategoryPath::parse(value.as_ref().as_str()?).map(Some),
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

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "year = 2025\nregion = \"Gyeongju\"\nunit = \"billion won\"\n";

    fn parse(text: &str) -> Result<YearFile, LoadError> {
        parse_str(text, "t.toml")
    }

    fn error_text(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn reads_a_minimal_file() {
        let file = parse(MINIMAL).unwrap();
        assert_eq!(file.year, 2025);
        assert_eq!(file.region, "Gyeongju");
        assert_eq!(file.unit.name(), "billion won");
        assert!(file.items.is_empty());
    }

    #[test]
    fn unit_defaults_to_won() {
        let file = parse("year = 2025\nregion = \"x\"\n").unwrap();
        assert_eq!(file.unit, Unit::WON);
    }

    #[test]
    fn reads_items_with_every_field() {
        let text = format!(
            "{MINIMAL}\n[[item]]\nid = \"loans\"\nname = \"Loans\"\ncategory = \"finance/loans\"\n\
             amount = 264.6\nstatus = \"planned\"\ncounts = {{ companies = \"600+\", jobs = 12 }}\n\
             parts = {{ carried-over = 240.4, additional = \"24.2 billion won\" }}\nnote = \"n\"\nsource = \"s\"\n"
        );
        let file = parse(&text).unwrap();
        let item = &file.items[0];
        assert_eq!(item.line, 5);
        assert_eq!(item.amount.won().to_string(), "264600000000");
        assert_eq!(item.status, Status::Planned);
        assert_eq!(
            item.category.segments().collect::<Vec<_>>(),
            ["finance", "loans"]
        );
        assert_eq!(item.counts[0].to_string(), "600+");
        assert_eq!(item.counts[1].to_string(), "12");
        assert_eq!(item.parts[0].name, "carried-over");
        assert_eq!(item.parts[1].amount.won().to_string(), "24200000000");
    }

    #[test]
    fn count_labels_are_read_before_or_after_the_items() {
        let before = format!("{MINIMAL}count_labels = {{ smes = \"중소기업\" }}\n");
        assert_eq!(parse(&before).unwrap().count_labels["smes"], "중소기업");
        let after = format!(
            "{MINIMAL}\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\n\
             \n[count_labels]\n\"일자리\" = \"명\"\n"
        );
        assert_eq!(parse(&after).unwrap().count_labels["일자리"], "명");
        assert!(parse(MINIMAL).unwrap().count_labels.is_empty());
        let empty = format!("{MINIMAL}count_labels = {{ smes = \" \" }}\n");
        assert!(
            error_text(&empty).contains("count_labels.smes"),
            "{}",
            error_text(&empty)
        );
        let not_text = format!("{MINIMAL}count_labels = {{ smes = 3 }}\n");
        assert!(error_text(&not_text).contains("`count_labels.smes` must be a string"));
        let not_table = format!("{MINIMAL}count_labels = \"SME\"\n");
        assert!(error_text(&not_table).contains("`count_labels` must be a table"));
    }

    #[test]
    fn unknown_fields_are_named_with_a_suggestion() {
        let text = format!(
            "{MINIMAL}\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\nammount = 1\n"
        );
        assert_eq!(
            error_text(&text),
            "t.toml:9:1: unknown field `ammount` in [[item]]; did you mean `amount`?"
        );
        assert_eq!(
            error_text("yaer = 2025\nregion = \"x\"\n"),
            "t.toml:1:1: unknown field `yaer` in the top level; did you mean `year`?"
        );
    }

    #[test]
    fn missing_fields_point_at_the_table() {
        let text = format!("{MINIMAL}\n[[item]]\nid = \"a\"\nname = \"A\"\namount = 1\n");
        assert_eq!(
            error_text(&text),
            "t.toml:5:1: missing required field `category` in [[item]]"
        );
        assert!(error_text("region = \"x\"\n").contains("missing required field `year`"));
    }

    #[test]
    fn duplicate_ids_name_both_lines() {
        let item = "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\n";
        let text = format!("{MINIMAL}\n{item}\n{item}");
        assert_eq!(
            error_text(&text),
            "t.toml:12:6: duplicate id `a`: first used at line 5"
        );
    }

    #[test]
    fn bad_amounts_quote_the_value() {
        let text = format!(
            "{MINIMAL}\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = \"12 bilion\"\n"
        );
        assert_eq!(
            error_text(&text),
            "t.toml:9:10: `amount` = \"12 bilion\" has an unknown unit `bilion`; did you mean `billion won`?"
        );
    }

    #[test]
    fn wrong_types_say_what_was_expected() {
        assert_eq!(
            error_text("year = \"2025\"\nregion = \"x\"\n"),
            "t.toml:1:8: `year` must be an integer, found string"
        );
    }

    #[test]
    fn counts_must_be_positive_whole_numbers() {
        let with_count = |count: &str| {
            format!(
                "{MINIMAL}[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\ncounts = {{ companies = {count} }}\n"
            )
        };
        assert!(error_text(&with_count("0")).contains("counts must be at least 1"));
        assert!(error_text(&with_count("-3")).contains("counts cannot be negative"));
        assert!(error_text(&with_count("\"many\"")).contains("write a whole number"));
        assert!(error_text(&with_count("1.5")).contains("must be a whole number"));
        let file = parse(&with_count("\"1,200+\"")).unwrap();
        assert_eq!(file.items[0].counts[0].value, 1200);
        assert!(file.items[0].counts[0].at_least);
    }

    #[test]
    fn counts_in_hexadecimal_octal_and_binary_are_read_in_their_radix() {
        let with_counts = |counts: &str| {
            format!(
                "{MINIMAL}[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\ncounts = {{ {counts} }}\n"
            )
        };
        // 0x10 = 16, 0o17 = 8 + 7 = 15, 0b101 = 4 + 1 = 5, 0xFF_FF = 65,535:
        // never the digits as decimal (10, 17, 101).
        let file = parse(&with_counts("a = 0x10, b = 0o17, c = 0b101, d = 0xFF_FF")).unwrap();
        let values: Vec<u64> = file.items[0].counts.iter().map(|c| c.value).collect();
        assert_eq!(values, [16, 15, 5, 65_535]);
        assert!(file.items[0].counts.iter().all(|c| !c.at_least));
        // Column 16: `counts = { a = ` is 15 characters.
        assert_eq!(
            error_text(&with_counts("a = 0x0")),
            "t.toml:9:16: `counts.a` = \"0x0\" is not a count: counts must be at least 1 (leave the count out instead)"
        );
        // 2^64 = 0x1_0000_0000_0000_0000 is one more than any count.
        assert_eq!(
            error_text(&with_counts("a = 0x1_0000_0000_0000_0000")),
            "t.toml:9:16: `counts.a` = \"0x10000000000000000\" is not a count: it is larger than 18,446,744,073,709,551,615"
        );
        let largest = parse(&with_counts("a = 0xFFFF_FFFF_FFFF_FFFF")).unwrap();
        assert_eq!(largest.items[0].counts[0].value, u64::MAX);
    }

    #[test]
    fn amounts_and_percentages_must_be_decimal() {
        let item = |field: &str| {
            format!("{MINIMAL}[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\n{field}\n")
        };
        // A hexadecimal figure has no last decimal digit to be precise to.
        assert!(error_text(&item("amount = 0x10")).contains("`amount` must be a decimal number"));
        assert!(
            error_text(&item("amount = 1\nparts = { a = 0o1 }"))
                .contains("`parts.a` must be a decimal number")
        );
        assert!(
            error_text(&item("amount = 1\nstated = { change_pct = 0b1 }"))
                .contains("`stated.change_pct` must be a decimal number")
        );
    }

    #[test]
    fn years_are_from_1900_to_2199() {
        let with_year = |year: &str| format!("year = {year}\nregion = \"x\"\n");
        for year in ["-1", "0", "25", "1899", "2200", "99999", "+25", "0x76C_0"] {
            assert_eq!(
                error_text(&with_year(year)),
                format!("t.toml:1:8: `year` = \"{year}\" is not a year from 1900 to 2199"),
            );
        }
        assert_eq!(problems(&with_year("25")).len(), 1);
        assert_eq!(parse(&with_year("1900")).unwrap().year, 1900);
        assert_eq!(parse(&with_year("2199")).unwrap().year, 2199);
        assert_eq!(parse(&with_year("2_025")).unwrap().year, 2025);
        // 0x7E9 = 7 × 256 + 14 × 16 + 9 = 2025, read in its radix.
        assert_eq!(parse(&with_year("0x7E9")).unwrap().year, 2025);
        let rule = parse_str_recoverable(&with_year("25"), "t.toml").unwrap_err()[0]
            .problem
            .rule();
        assert_eq!(rule, "bad-value");
    }

    #[test]
    fn an_unquoted_hangul_key_is_shown_quoted() {
        let hint = |line: &str| {
            let text = format!(
                "{MINIMAL}[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\n{line}\n"
            );
            let message = error_text(&text);
            let (_, hint) = message
                .split_once("must be quoted: write ")
                .unwrap_or_else(|| panic!("{message}"));
            hint.to_owned()
        };
        assert_eq!(hint("counts = { 일자리 = 5 }"), "\"일자리\" = 5");
        assert_eq!(
            hint("counts = { jobs = 3, 기업 = \"1,200+\" }"),
            "\"기업\" = \"1,200+\""
        );
        assert_eq!(hint("counts = { 일자리=5,jobs=3 }"), "\"일자리\" = 5");
        assert_eq!(hint("counts.일자리 = 5 # jobs"), "counts.\"일자리\" = 5");
        assert_eq!(hint("parts = { 국비 = 1.5 }"), "\"국비\" = 1.5");
        assert_eq!(hint("counts = { a+b = 5 }"), "\"a+b\" = 5");
        assert_eq!(hint("[item.counts]\n일자리 = 5"), "\"일자리\" = 5");
        assert_eq!(
            error_text(&format!("{MINIMAL}일자리 = 5\n")),
            "t.toml:4:1: TOML syntax error: invalid unquoted key, expected letters, numbers, `-`, `_`; \
             keys in Hangul or with other characters must be quoted: write \"일자리\" = 5"
        );
    }

    #[test]
    fn category_paths_are_at_most_32_levels_deep() {
        let with_category = |depth: usize| {
            let path = vec!["a"; depth].join("/");
            format!(
                "{MINIMAL}[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"{path}\"\namount = 1\n"
            )
        };
        assert!(parse(&with_category(32)).is_ok());
        assert_eq!(
            error_text(&with_category(33)),
            "t.toml:7:12: `category` = \"a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/…\" has more than 32 levels"
        );
    }

    #[test]
    fn syntax_errors_have_positions() {
        let message = error_text("year = 2025\nregion = \"x\nunit = 3\n");
        assert!(message.starts_with("t.toml:2:"), "{message}");
        assert!(message.contains("TOML syntax error"), "{message}");
    }

    #[test]
    fn cp949_bytes_are_recognised() {
        let (bytes, _, _) = encoding_rs::EUC_KR.encode("year = 2025\nregion = \"경주\"\n");
        let message = parse_bytes(&bytes, "k.toml").unwrap_err().to_string();
        assert_eq!(
            message,
            "k.toml:2:11: not valid UTF-8; the bytes look like CP949/EUC-KR: convert with `iconv -f cp949 -t utf-8`"
        );
    }

    #[test]
    fn utf16_and_cut_characters_are_named() {
        let utf16: Vec<u8> = "\u{feff}year = 2025\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            parse_bytes(&utf16, "u.toml").unwrap_err().to_string(),
            "u.toml:1:1: not valid UTF-8: the file is UTF-16; convert with `iconv -f utf-16 -t utf-8`"
        );
        // "경" is EA B2 BD in UTF-8; the file ends after EA B2.
        let cut = b"year = 2025\nregion = \"\xEA\xB2";
        assert_eq!(
            parse_bytes(cut, "c.toml").unwrap_err().to_string(),
            "c.toml:2:11: not valid UTF-8: the file ends in the middle of a character (was it cut short?)"
        );
    }

    #[test]
    fn a_nul_byte_is_reported_where_it_is_before_any_later_problem() {
        // "# 경주 " is five characters: the NUL is in column 6 of line 2.
        let text = b"year = 2025\n# \xEA\xB2\xBD\xEC\xA3\xBC \0 \xFF\n";
        assert_eq!(
            parse_bytes(text, "n.toml").unwrap_err().to_string(),
            "n.toml:2:6: TOML syntax error: a NUL byte, which no TOML text holds (is this a binary file, or UTF-16 without a byte order mark?)"
        );
        // A byte that is not UTF-8 before it is reported instead.
        assert_eq!(
            parse_bytes(b"year = 2025\n\xFF\0", "n.toml")
                .unwrap_err()
                .to_string(),
            "n.toml:2:1: not valid UTF-8"
        );
    }

    #[test]
    fn reading_stops_after_the_block_with_the_first_foreign_byte() {
        let endless = |start: &'static [u8], then: u8| start.chain(std::io::repeat(then));
        let Capped::Read(bytes) = read_capped(endless(b"year = 1\n", 0), 0, 10 << 20).unwrap()
        else {
            panic!("stops at the NUL");
        };
        assert_eq!(bytes.len(), READ_BLOCK);
        let Capped::Read(bytes) = read_capped(endless(b"a\n", 0xFF), 0, 10 << 20).unwrap() else {
            panic!("stops at the byte that is not UTF-8");
        };
        assert_eq!(bytes.len(), READ_BLOCK);
        assert_eq!(
            parse_bytes(&bytes, "-").unwrap_err().to_string(),
            "-:2:1: not valid UTF-8"
        );
    }

    #[test]
    fn input_beyond_the_limit_is_refused_unless_a_foreign_byte_comes_first() {
        let endless_text = || std::io::repeat(b'y');
        assert_eq!(
            read_capped(endless_text(), 0, 3 * READ_BLOCK).unwrap(),
            Capped::TooLarge
        );
        // Exactly the limit is read; one byte more is too many.
        let exactly = vec![b'#'; 100];
        assert_eq!(
            read_capped(&exactly[..], 100, 100).unwrap(),
            Capped::Read(exactly.clone())
        );
        assert_eq!(
            read_capped(&exactly[..], 100, 99).unwrap(),
            Capped::TooLarge
        );
        // A NUL within the limit is what is reported; one past it is not.
        let mut nul_inside = vec![b'#'; 99];
        nul_inside.push(0);
        assert_eq!(
            read_capped(&nul_inside[..], 0, 100).unwrap(),
            Capped::Read(nul_inside.clone())
        );
        assert_eq!(
            read_capped(&nul_inside[..], 0, 99).unwrap(),
            Capped::TooLarge
        );
        // A character cut by a block's end is no foreign byte: "경" is
        // EA B2 BD, its first byte the last of the first block.
        let mut cut = vec![b'#'; READ_BLOCK - 1];
        cut.extend_from_slice("경\n".as_bytes());
        assert_eq!(
            read_capped(&cut[..], 0, 10 << 20).unwrap(),
            Capped::Read(cut.clone())
        );
    }

    #[test]
    fn tables_may_follow_a_top_that_writes_item_and_total_as_tables_only() {
        assert!(tables_may_follow(MINIMAL));
        assert!(tables_may_follow(&format!(
            "{MINIMAL}[[total]]\namount = 1\n"
        )));
        for static_form in [
            "item = []\n",
            "item = [{ id = \"a\" }]\n",
            "total = [{ amount = 1 }]\n",
            "item.x = 1\n",
            "[item]\n",
        ] {
            assert!(
                !tables_may_follow(&format!("{MINIMAL}{static_form}")),
                "{static_form}"
            );
        }
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(MINIMAL.as_bytes());
        assert_eq!(parse_bytes(&bytes, "b.toml").unwrap().year, 2025);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let index = LineIndex::new("가나다 = 1\nx");
        assert_eq!(index.position(10), (1, 5));
        assert_eq!(index.position(14), (2, 1));
    }

    fn problems(text: &str) -> Vec<String> {
        parse_str_recoverable(text, "t.toml")
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn every_problem_is_collected_and_load_reports_the_first() {
        let text = format!(
            "{MINIMAL}extra = 1\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\nammount = 1\n\
             [[item]]\nid = \"b\"\nname = \"\"\ncategory = \"c\"\namount = \"12 bilion\"\n\
             counts = {{ companies = 0, jobs = -1 }}\n"
        );
        let all = problems(&text);
        assert_eq!(
            all,
            [
                "t.toml:4:1: unknown field `extra` in the top level",
                // The misspelling stands for the missing `amount`.
                "t.toml:9:1: unknown field `ammount` in [[item]]; did you mean `amount`?",
                "t.toml:12:8: `name` = \"\" is empty",
                "t.toml:14:10: `amount` = \"12 bilion\" has an unknown unit `bilion`; did you mean `billion won`?",
                "t.toml:15:24: `counts.companies` = \"0\" is not a count: counts must be at least 1 (leave the count out instead)",
                "t.toml:15:34: `counts.jobs` = \"-1\" is not a count: counts cannot be negative",
            ]
        );
        assert_eq!(error_text(&text), all[0]);
    }

    #[test]
    fn load_reports_the_problem_nearest_the_start() {
        // `name` is read before `amount`, but `amount` is written first.
        let text = format!(
            "{MINIMAL}[[item]]\nid = \"a\"\namount = \"12 bilion\"\nname = \"\"\ncategory = \"c\"\n"
        );
        assert_eq!(problems(&text)[0], "t.toml:7:8: `name` = \"\" is empty");
        assert_eq!(
            error_text(&text),
            "t.toml:6:10: `amount` = \"12 bilion\" has an unknown unit `bilion`; did you mean `billion won`?"
        );
    }

    #[test]
    fn every_syntax_error_is_collected_in_file_order() {
        let text = "year = 2025\nregion = \"x\nunit = = 3\nphase = [\n";
        let all = problems(text);
        assert!(all.len() >= 2, "{all:?}");
        assert!(
            all.iter().all(|p| p.contains("TOML syntax error")),
            "{all:?}"
        );
        assert!(all[0].starts_with("t.toml:2:"), "{all:?}");
        // `load` reports the first in the file, as `check` lists it, though
        // the parser's own first is the one on line 3.
        assert_eq!(error_text(text), all[0]);
        assert_eq!(
            all[1],
            "t.toml:3:8: TOML syntax error: extra `=`, expected nothing"
        );
    }

    #[test]
    fn reads_totals_stated_figures_and_overlaps() {
        let text = format!(
            "{MINIMAL}[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"f/l\"\namount = 264.6\n\
             overlaps = true\nstated = {{ change = 24.2, change_pct = 10.07, share_pct = \"96.5%\" }}\n\
             [[total]]\ncategory = \"f\"\namount = \"2,646억원\"\noverlaps = true\n\
             [[total]]\namount = 264.6\nstated = {{ change_pct = -3 }}\n"
        );
        let file = parse(&text).unwrap();
        let item = &file.items[0];
        assert!(item.overlaps);
        let change = item.stated[0].change.unwrap();
        assert_eq!(change.value.won().to_string(), "24200000000");
        assert_eq!(
            change.at,
            Position {
                line: 10,
                column: 21
            }
        );
        let change_pct = item.stated[0].change_pct.unwrap().value;
        assert_eq!(
            (change_pct.value.to_string(), change_pct.precision),
            ("10.07".into(), -2)
        );
        let share = item.stated[0].share_pct.unwrap().value;
        assert_eq!(
            (share.value.to_string(), share.precision),
            ("96.5".into(), -1)
        );
        assert_eq!(
            item.category_at,
            Position {
                line: 7,
                column: 12
            }
        );
        assert_eq!(file.year_at, Position { line: 1, column: 8 });
        assert_eq!(file.totals.len(), 2);
        let category = &file.totals[0];
        assert_eq!(category.category.as_ref().unwrap().to_string(), "f");
        assert_eq!(category.amount.value.won().to_string(), "264600000000");
        assert_eq!(
            category.amount.at,
            Position {
                line: 13,
                column: 10
            }
        );
        assert!(category.overlaps);
        assert_eq!(category.line, 11);
        let grand = &file.totals[1];
        assert!(grand.category.is_none());
        assert_eq!(
            grand.stated[0].change_pct.unwrap().value.value.to_string(),
            "-3"
        );
    }

    #[test]
    fn totals_and_stated_figures_are_checked() {
        let text = format!(
            "{MINIMAL}[[total]]\namount = 1\n[[total]]\namount = 2\noverlaps = \"yes\"\n\
             [[total]]\ncategory = \"a\"\namount = 3\nstated = {{ chnage = 1, share_pct = \"lots\" }}\n"
        );
        assert_eq!(
            problems(&text),
            [
                "t.toml:8:12: `overlaps` must be true or false, found string",
                // A total with a problem still counts as given.
                "t.toml:6:1: the grand total is given twice: first at line 4",
                "t.toml:12:12: unknown field `chnage` in `stated`; did you mean `change`?",
                "t.toml:12:36: `stated.share_pct` = \"lots\" is not a number",
            ]
        );
        let twice = format!("{MINIMAL}[[total]]\namount = 1\n[[total]]\namount = 2\n");
        assert_eq!(
            error_text(&twice),
            "t.toml:6:1: the grand total is given twice: first at line 4"
        );
    }

    #[test]
    fn problems_have_stable_rule_ids() {
        let rule = |text: &str| {
            parse_str_recoverable(text, "t.toml").unwrap_err()[0]
                .problem
                .rule()
        };
        assert_eq!(rule("year = \n"), "syntax");
        assert_eq!(rule("year = 2025\n"), "missing-field");
        assert_eq!(rule("year = \"2025\"\nregion = \"x\"\n"), "wrong-type");
        assert_eq!(rule("yaer = 2025\nregion = \"x\"\n"), "unknown-field");
        assert_eq!(
            rule("year = 2025\nregion = \"x\"\nunit = \"dollars\"\n"),
            "unknown-unit"
        );
    }
}
