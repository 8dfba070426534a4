//! A quick reader for the way nearly every item table is written:
//!
//! ```toml
//! [[item]]
//! id = "p0000042"
//! name = "Youth 지원사업 육성 42"
//! category = "교육/지원사업/사업07"
//! amount = 1234567       # or "12,345천원"
//! counts = { companies = "600+" }
//! ```
//!
//! Bare keys, plain double-quoted strings, decimal numbers, booleans and
//! one-line inline tables of those, and comments. It reads such batches
//! several times faster than the general TOML parser by not building a
//! document tree. Anything else (escapes, literal or multi-line strings,
//! dotted keys, sub-tables, other tables, exponents, any figure the loader
//! would reject) makes it give up on the batch, which then goes through the
//! general parser and the loader's own checks. So it never decides
//! anything the loader would decide differently; tests compare both on
//! every fixture.

use std::collections::HashMap;

use crate::amount::{Amount, Unit};
use crate::load::{WrittenCount, category_value, count_value};
use crate::model::{CategoryPath, Count, Item, Part, Position, StatedFigures, Status};

mod lean;
pub(crate) use lean::lean_fields;

/// The items of a batch (text starting at an `[[item]]` header at the
/// start of line `lines_before + 1`), or `None` to leave it to the general
/// parser.
pub(crate) fn quick_items(text: &str, lines_before: usize, unit: Unit) -> Option<Vec<Item>> {
    // Items take at least 40 bytes; most take more than a hundred.
    let mut items = Vec::with_capacity(text.len() / 100);
    quick_items_into(text, lines_before, unit, &mut items)?;
    Some(items)
}

/// [`quick_items`] added to `items` (for a reader of many small texts, one
/// vector instead of one a text); `None`, with `items` as they were, to
/// leave the text to the general parser.
pub(crate) fn quick_items_into(
    text: &str,
    lines_before: usize,
    unit: Unit,
    items: &mut Vec<Item>,
) -> Option<()> {
    let before = items.len();
    let read = read_items_into(text, lines_before, unit, items);
    if read.is_none() {
        items.truncate(before);
    }
    read
}

/// [`quick_items_into`] looking each category up in `paths` (parsed the
/// first time it is written that way) instead of parsing it for each item:
/// for a reader of many small texts whose items share a few categories
/// (items read back a stretch of rows at a time, see
/// [`crate::load::places`]). The items are those [`quick_items_into`]
/// adds.
pub(crate) fn quick_items_into_looking_up<'t>(
    text: &'t str,
    lines_before: usize,
    unit: Unit,
    items: &mut Vec<Item>,
    paths: &mut WrittenPaths<'t>,
) -> Option<()> {
    let before = items.len();
    let read = quick_fields(text, lines_before, unit, |fields| {
        let at = paths.place_of(fields.category)?;
        items.push(fields.into_item_in(paths.path(at).clone()));
        Some(())
    });
    if read.is_none() {
        items.truncate(before);
    }
    read
}

fn read_items_into(
    text: &str,
    lines_before: usize,
    unit: Unit,
    items: &mut Vec<Item>,
) -> Option<()> {
    quick_fields(text, lines_before, unit, |fields| {
        items.push(fields.into_item()?);
        Some(())
    })
}

/// A batch's category paths as its items write them, each parsed once
/// however many items write it the same way: what a reader that takes
/// items straight from their text ([`quick_fields`]) looks paths up by.
#[derive(Default)]
pub(crate) struct WrittenPaths<'t> {
    paths: Vec<CategoryPath>,
    by_text: HashMap<&'t str, usize, foldhash::fast::RandomState>,
}

impl<'t> WrittenPaths<'t> {
    /// The place of the path written as `text`, parsed the first time it
    /// is met; `None` when it is no category path (the general parser then
    /// reports it).
    pub(crate) fn place_of(&mut self, text: &'t str) -> Option<usize> {
        if let Some(&at) = self.by_text.get(text) {
            return Some(at);
        }
        self.paths.push(category_value(text).ok()?);
        let at = self.paths.len().saturating_sub(1);
        self.by_text.insert(text, at);
        Some(at)
    }

    /// The path at `at`, a place [`WrittenPaths::place_of`] gave.
    pub(crate) fn path(&self, at: usize) -> &CategoryPath {
        &self.paths[at]
    }

    /// Every path met, in the order first met.
    pub(crate) fn into_paths(self) -> Vec<CategoryPath> {
        self.paths
    }
}

/// Each item of a batch as [`quick_items`] reads it, its fields handed to
/// `each` in file order before they are made into an [`Item`]; `None` as
/// soon as this reader or `each` gives up (what was handed over is then
/// to be dropped: the batch is the general parser's).
pub(crate) fn quick_fields<'t>(
    text: &'t str,
    lines_before: usize,
    unit: Unit,
    mut each: impl FnMut(Fields<'t>) -> Option<()>,
) -> Option<()> {
    // One draft for every item in turn (its fields' room is kept), open
    // from the first `[[item]]` on.
    let mut draft = Draft::new(0);
    let mut open = false;
    // Most files have no carriage return: looked for once a batch rather
    // than on every line.
    let carriage_returns = memchr::memchr(b'\r', text.as_bytes()).is_some();
    let mut line_start = 0;
    for (index, raw_line) in lines(text).enumerate() {
        let line_number = lines_before + index + 1;
        let line_at = line_start;
        line_start += raw_line.len();
        let line = if carriage_returns {
            strip_line_end(raw_line)?
        } else {
            raw_line.strip_suffix('\n').unwrap_or(raw_line)
        };
        let content = line.skip_blanks();
        if content.is_empty() || content.starts_with('#') {
            comment_is_plain(content).then_some(())?;
            continue;
        }
        if content.starts_with('[') {
            let rest = content.strip_prefix("[[item]]")?;
            ends_line(rest)?;
            if open {
                each(draft.take_fields(unit)?)?;
            }
            draft.start(line_number, line_at + (line.len() - content.len()));
            open = true;
            continue;
        }
        if !open {
            return None;
        }
        let (key, value, value_at) = key_value(line)?;
        let before_value = &line[..value_at];
        let columns = if before_value.is_ascii() {
            before_value.len()
        } else {
            before_value.chars().count()
        };
        let column = columns + 1;
        draft.set(
            key,
            value,
            Position {
                line: line_number,
                column,
            },
        )?;
    }
    if open {
        each(draft.take_fields(unit)?)?;
    }
    Some(())
}

/// The lines of a text, each with its `\n`, found with `memchr`.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |at| at + 1);
        let (line, after) = rest.split_at(end);
        rest = after;
        Some(line)
    })
}

/// TOML's white space within a line skipped: spaces and tabs (a byte at a
/// time, where a `char` pattern decodes each character).
trait SkipBlanks {
    fn skip_blanks(&self) -> &str;
}

impl SkipBlanks for str {
    fn skip_blanks(&self) -> &str {
        let blanks = self
            .bytes()
            .take_while(|&byte| byte == b' ' || byte == b'\t')
            .count();
        // Spaces and tabs are one byte each: `blanks` is a char boundary.
        &self[blanks..]
    }
}

/// Whether text holds a control character (but tab): TOML forbids them in
/// strings and comments. C1 controls are allowed there, but are rare
/// enough to leave to the general parser.
fn has_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Most texts hold none of the bytes that start a control character:
    // one pass over them without stopping early, which the compiler
    // turns into vector instructions, rules them out; the rest are
    // looked at closely.
    let may_have = bytes.iter().fold(false, |found, &byte| {
        found | (byte < 0x20) & (byte != b'\t') | (byte == 0x7f) | (byte == 0xc2)
    });
    may_have && has_control_closely(bytes)
}

/// [`has_control`], byte by byte.
fn has_control_closely(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(at, &byte)| {
        byte < 0x20 && byte != b'\t'
            || byte == 0x7f
            || byte == 0xc2
                && bytes
                    .get(at + 1)
                    .is_some_and(|next| (0x80..=0x9f).contains(next))
    })
}

/// A line without its `\n` or `\r\n`; `None` for a lone carriage return.
fn strip_line_end(line: &str) -> Option<&str> {
    // A `\r` ends a line only before `\n`: the last line of a file may
    // end in a lone one, which TOML refuses.
    let line = match line.strip_suffix('\n') {
        Some(line) => line.strip_suffix('\r').unwrap_or(line),
        None => line,
    };
    (memchr::memchr(b'\r', line.as_bytes()).is_none()).then_some(line)
}

/// TOML forbids control characters (but tab) in comments.
fn comment_is_plain(comment: &str) -> bool {
    !has_control(comment)
}

/// What may follow a value or header: white space and a comment.
fn ends_line(rest: &str) -> Option<()> {
    let rest = rest.skip_blanks();
    (rest.is_empty() || rest.starts_with('#') && comment_is_plain(rest)).then_some(())
}

/// A value as written, in the forms this reader takes.
#[derive(Debug, Clone, PartialEq)]
enum Value<'t> {
    /// A double-quoted string without escapes, without its quotes.
    Text(&'t str),
    /// A decimal number literal: `-12`, `3.50`.
    Number(&'t str),
    Boolean(bool),
    /// A one-line inline table, in written order.
    Table(Vec<(&'t str, Value<'t>)>),
}

/// `key = value` with an optional comment: the key, the value, and the
/// byte offset of the value in the line.
fn key_value(line: &str) -> Option<(&str, Value<'_>, usize)> {
    let indent = line.len() - line.skip_blanks().len();
    let (key, rest) = bare_key(&line[indent..])?;
    let rest = rest.skip_blanks().strip_prefix('=')?;
    let rest = rest.skip_blanks();
    let value_at = line.len() - rest.len();
    let (value, after) = value(rest, true)?;
    ends_line(after)?;
    Some((key, value, value_at))
}

fn bare_key(text: &str) -> Option<(&str, &str)> {
    // A byte at a time: a character beyond ASCII ends the key at its first
    // byte (never a letter, digit, `_` or `-`), a char boundary.
    let end = text
        .bytes()
        .position(|byte| !(byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'))
        .unwrap_or(text.len());
    (end > 0).then(|| text.split_at(end))
}

/// A value and what follows it; tables only at the top (`nested` false
/// inside an inline table).
fn value(text: &str, tables: bool) -> Option<(Value<'_>, &str)> {
    match text.as_bytes().first()? {
        b'"' => plain_string(text).map(|(s, rest)| (Value::Text(s), rest)),
        b'{' if tables => inline_table(text),
        b't' => text
            .strip_prefix("true")
            .map(|rest| (Value::Boolean(true), rest)),
        b'f' => text
            .strip_prefix("false")
            .map(|rest| (Value::Boolean(false), rest)),
        b'-' | b'0'..=b'9' => number(text),
        _ => None,
    }
    .filter(|(_, rest)| value_ends(rest))
}

/// A value must be followed by white space, a comment, a separator of an
/// inline table, or the end of the line.
fn value_ends(rest: &str) -> bool {
    matches!(
        rest.bytes().next(),
        None | Some(b' ' | b'\t' | b'#' | b',' | b'}')
    )
}

/// `"text"` with no escapes, no control characters, not `"""`.
fn plain_string(text: &str) -> Option<(&str, &str)> {
    let body = text.strip_prefix('"')?;
    if body.starts_with("\"\"") {
        return None;
    }
    let end = memchr::memchr2(b'"', b'\\', body.as_bytes())?;
    let (string, rest) = body.split_at(end);
    let rest = rest.strip_prefix('"')?;
    (!has_control(string)).then_some((string, rest))
}

/// A decimal literal as TOML writes it: an optional minus, no leading
/// zeros, an optional fraction; no `+`, `_` or exponent.
fn number(text: &str) -> Option<(Value<'_>, &str)> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let integer_end = unsigned
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(unsigned.len());
    let integer = &unsigned[..integer_end];
    if integer.is_empty() || integer.len() > 1 && integer.starts_with('0') {
        return None;
    }
    let mut end = integer_end;
    if let Some(fraction) = unsigned[integer_end..].strip_prefix('.') {
        let digits = fraction
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(fraction.len());
        if digits == 0 {
            return None;
        }
        end += 1 + digits;
    }
    if unsigned[end..].starts_with(['e', 'E', '_', '.']) {
        return None;
    }
    let sign = text.len() - unsigned.len();
    Some((Value::Number(&text[..sign + end]), &text[sign + end..]))
}

/// `{ key = value, "키" = value }` on one line, without a trailing comma.
fn inline_table(text: &str) -> Option<(Value<'_>, &str)> {
    let mut rest = text.strip_prefix('{')?.skip_blanks();
    let mut entries: Vec<(&str, Value<'_>)> = Vec::new();
    if let Some(after) = rest.strip_prefix('}') {
        return Some((Value::Table(entries), after));
    }
    loop {
        let (key, after_key) = match rest.as_bytes().first()? {
            b'"' => plain_string(rest)?,
            _ => bare_key(rest)?,
        };
        if entries.iter().any(|(seen, _)| *seen == key) {
            return None;
        }
        let after_equals = after_key.skip_blanks().strip_prefix('=')?.skip_blanks();
        let (value, after_value) = value(after_equals, false)?;
        entries.push((key, value));
        let after_value = after_value.skip_blanks();
        if let Some(after) = after_value.strip_prefix('}') {
            return Some((Value::Table(entries), after));
        }
        rest = after_value.strip_prefix(',')?.skip_blanks();
    }
}

/// The fields of one `[[item]]` so far.
struct Draft<'t> {
    line: usize,
    /// Where its `[[item]]` is written in the text.
    header: usize,
    fields: Vec<(&'t str, Value<'t>, Position)>,
}

impl<'t> Draft<'t> {
    fn new(line: usize) -> Draft<'t> {
        Draft {
            line,
            header: 0,
            fields: Vec::with_capacity(6),
        }
    }

    /// Starts the item whose header is on `line`, at byte `header` of the
    /// text, with no field yet.
    fn start(&mut self, line: usize, header: usize) {
        self.line = line;
        self.header = header;
        self.fields.clear();
    }

    /// Records a field; `None` for a key written twice.
    fn set(&mut self, key: &'t str, value: Value<'t>, at: Position) -> Option<()> {
        if self.fields.iter().any(|(seen, _, _)| *seen == key) {
            return None;
        }
        self.fields.push((key, value, at));
        Some(())
    }

    fn take(&mut self, key: &str) -> Option<(Value<'t>, Position)> {
        let index = self.fields.iter().position(|(seen, _, _)| *seen == key)?;
        let (_, value, at) = self.fields.swap_remove(index);
        Some((value, at))
    }

    /// An optional string field: `Some(None)` when absent, `None` when bad.
    fn optional_text(&mut self, key: &str) -> Option<Option<&'t str>> {
        match self.take(key) {
            Some((value, _)) => Some(Some(text(value)?)),
            None => Some(None),
        }
    }

    /// The item's fields checked as the loader checks them (but the
    /// category's path, see [`Fields::category`]), its texts still in the
    /// batch, taken out of the draft; `None` at the first thing this
    /// reader does not take or the loader would report.
    fn take_fields(&mut self, unit: Unit) -> Option<Fields<'t>> {
        let id = text(self.take("id")?.0)?;
        let name = text(self.take("name")?.0)?;
        let (category, category_at) = self.take("category")?;
        let category = text(category)?;
        let amount = amount(self.take("amount")?.0, unit)?;
        let status = match self.take("status") {
            Some((value, _)) => Status::parse(text(value)?)?,
            None => Status::Actual,
        };
        let counts = match self.take("counts") {
            Some((Value::Table(entries), _)) => counts(entries)?,
            Some(_) => return None,
            None => Vec::new(),
        };
        let (parts, parts_at) = match self.take("parts") {
            Some((Value::Table(entries), at)) => (parts(entries, unit)?, Some(at)),
            Some(_) => return None,
            None => (Vec::new(), None),
        };
        let note = self.optional_text("note")?;
        let source = self.optional_text("source")?;
        let overlaps = match self.take("overlaps") {
            Some((Value::Boolean(flag), _)) => flag,
            Some(_) => return None,
            None => false,
        };
        let memo = match self.take("memo") {
            Some((Value::Boolean(flag), _)) => flag,
            Some(_) => return None,
            None => false,
        };
        // Unknown keys, and `stated`, whose positions this reader does not
        // keep, are the general parser's.
        if !self.fields.is_empty() {
            return None;
        }
        Some(Fields {
            id,
            name,
            category,
            amount,
            status,
            counts,
            parts,
            note,
            source,
            line: self.line,
            header: self.header,
            category_at,
            parts_at,
            overlaps,
            memo,
        })
    }
}

/// An item's fields as [`quick_fields`] reads them: checked as the loader
/// checks them, the texts still in the batch, so that a reader that keeps
/// little of each item copies only what it keeps.
#[derive(Debug)]
pub(crate) struct Fields<'t> {
    pub id: &'t str,
    pub name: &'t str,
    /// The category as written: not empty, but its path not yet checked
    /// ([`category_value`]; the item is the loader's only if it passes).
    pub category: &'t str,
    pub amount: Amount,
    pub status: Status,
    /// Each count's name with its value and whether it is written `N+`.
    pub counts: Vec<(&'t str, u64, bool)>,
    pub parts: Vec<(&'t str, Amount)>,
    pub note: Option<&'t str>,
    pub source: Option<&'t str>,
    pub line: usize,
    /// The byte of the text where the item's `[[item]]` is written (after
    /// any indent): where its place in the file starts (see
    /// [`crate::load::places`]).
    pub header: usize,
    pub category_at: Position,
    pub parts_at: Option<Position>,
    pub overlaps: bool,
    pub memo: bool,
}

impl Fields<'_> {
    /// The item, exactly as the loader makes it; `None` if its category is
    /// not a path the loader takes.
    pub fn into_item(self) -> Option<Item> {
        let category = category_value(self.category).ok()?;
        Some(self.into_item_in(category))
    }

    /// [`Fields::into_item`] with its category's path already made (by
    /// [`category_value`] of [`Fields::category`], as a reader that looks
    /// paths up in [`WrittenPaths`] has it).
    pub fn into_item_in(self, category: CategoryPath) -> Item {
        Item {
            id: self.id.to_owned(),
            name: self.name.to_owned(),
            category,
            amount: self.amount,
            status: self.status,
            counts: self.owned_counts(),
            parts: self
                .parts
                .into_iter()
                .map(|(name, amount)| Part {
                    name: name.to_owned(),
                    amount,
                })
                .collect(),
            note: self.note.map(str::to_owned),
            source: self.source.map(str::to_owned),
            line: self.line,
            category_at: self.category_at,
            parts_at: self.parts_at,
            overlaps: self.overlaps,
            stated: StatedFigures::default(),
            memo: self.memo,
        }
    }

    /// The counts as an item keeps them.
    pub fn owned_counts(&self) -> Vec<Count> {
        self.counts
            .iter()
            .map(|&(name, value, at_least)| Count {
                name: name.to_owned(),
                value,
                at_least,
            })
            .collect()
    }
}

/// A non-empty string field.
fn text(value: Value<'_>) -> Option<&str> {
    match value {
        // Not all white space (what `trim` would leave empty): nearly
        // always told by the first character.
        Value::Text(text) if text.chars().any(|c| !c.is_whitespace()) => Some(text),
        _ => None,
    }
}

fn amount(value: Value<'_>, unit: Unit) -> Option<Amount> {
    match value {
        Value::Number(literal) => Amount::from_toml_literal(literal, unit).ok(),
        Value::Text(text) => Amount::parse(text, unit).ok(),
        _ => None,
    }
}

fn counts<'t>(entries: Vec<(&'t str, Value<'t>)>) -> Option<Vec<(&'t str, u64, bool)>> {
    entries
        .into_iter()
        .map(|(name, value)| {
            let written = match value {
                Value::Number(digits) if !digits.contains('.') => WrittenCount::Integer(digits),
                Value::Text(text) => WrittenCount::Text(text),
                _ => return None,
            };
            let (value, at_least) = count_value(written).ok()?;
            Some((name, value, at_least))
        })
        .collect()
}

fn parts<'t>(entries: Vec<(&'t str, Value<'t>)>, unit: Unit) -> Option<Vec<(&'t str, Amount)>> {
    entries
        .into_iter()
        .map(|(name, value)| Some((name, amount(value, unit)?)))
        .collect()
}

#[cfg(test)]
mod tests;
