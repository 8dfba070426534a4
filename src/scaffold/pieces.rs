//! `new` for a large file, a piece at a time, in bounded memory and on
//! every core, with the very text the whole-document way
//! ([`super::next_year`]) makes.
//!
//! Two passes over the file. The first reads it as `summarize` does
//! ([`fold_in_batches`]), only to know that it loads (or its first error,
//! the loader's) and its heading. The second cuts the text just before
//! each `[[item]]` header that starts a line, as the streamed reader does:
//! the heading (the text before the first cut) and pieces of about
//! [`Batching::batch_bytes`] of item and total tables. Each is edited on
//! its own as a small `toml_edit` document, with the whole-document way's
//! own steps, and written as made, in file order.
//!
//! Why the pieces joined are the whole document's text: `toml_edit` writes
//! a document's tables in the order they were written, each with the
//! blank lines and comments before its header; a cut falls just before a
//! header, so what a piece ends with (the text after its last value) is
//! exactly what comes before the next piece's first header in the whole
//! document, and nothing in a piece refers to a table of another (a
//! subtable `[item.stated]` belongs to the last `[[item]]` before it,
//! in the same piece).
//!
//! Whatever this cannot show to be the whole-document way's answer goes
//! that way instead ([`Written::Whole`]): a file the first pass reads the
//! plain way, a piece that `toml_edit` does not parse (an integer beyond
//! 64 bits, a multi-line string cut in two) or that holds more than item
//! and total tables, a heading or piece edited that would not load, and a
//! file that changed between the passes.
#![warn(clippy::arithmetic_side_effects)]

use std::convert::Infallible;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use toml_edit::{DocumentMut, Item as TomlItem};

use super::{
    ScaffoldError, TOP_LEVEL_DROPPED, next_phase, plan_items, set_year_and_phase, with_note,
};
use crate::amount::Unit;
use crate::load::progress::Progress;
use crate::load::quick::quick_items;
use crate::load::{
    Batching, FileStamp, Fold, display_name, first_problem, fold_in_batches, parse_batch,
    parse_str, tables_may_follow,
};
use crate::model::{Item, Status, YearFile};
use crate::ordered::InOrder;

const ITEM_HEADER: &[u8] = b"\n[[item]]";

/// What the first pass learnt: the file loads, with this heading.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The file as named in errors and in the new file's first comment.
    pub file: String,
    /// The new file's year.
    pub year: i64,
    /// The model file's year.
    pub model_year: i64,
    /// The new file's phase.
    pub phase: String,
    unit: Unit,
    batch_bytes: usize,
    /// The file's size and time of change when the first pass began.
    stamp: Option<FileStamp>,
}

impl Plan {
    /// The warning `new` gives with the new file, as the whole-document
    /// way gives it.
    pub fn warnings(&self) -> Vec<String> {
        if self.year <= self.model_year {
            vec![format!(
                "{}: the new year {} is not after the file's year {}",
                crate::quote::visible(&self.file),
                self.year,
                self.model_year
            )]
        } else {
            Vec::new()
        }
    }
}

/// How the second pass ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    /// The whole new file was written.
    Pieces,
    /// The whole-document way must make it: what was written is to be
    /// thrown away.
    Whole,
}

/// Folds nothing: the first pass reads the file only to know it loads.
struct Loads;

impl Fold for Loads {
    type Options = ();
    type Part = ();
    type Error = Infallible;
    type Output = ();

    fn new(_head: &YearFile, _options: &()) -> Loads {
        Loads
    }

    fn part(_options: &(), _items: Vec<Item>) {}

    fn merge(&mut self, _part: ()) -> Result<(), Infallible> {
        Ok(())
    }

    fn finish(self) {}
}

/// The first pass: whether the file at `path` loads, read in batches as
/// `batching` says. `None` where the whole-document way must read it (see
/// [`fold_in_batches`]); the loader's first error where it does not load.
pub fn plan(
    path: &Path,
    year: i64,
    batching: Batching,
    progress: &dyn Progress,
) -> Option<Result<Plan, ScaffoldError>> {
    let stamp = FileStamp::of(path);
    let folded = match fold_in_batches::<Loads>(batching, progress, path, &())? {
        Ok(folded) => folded,
        Err(problems) => return Some(Err(ScaffoldError::Load(first_problem(problems)))),
    };
    let head = folded.head;
    Some(Ok(Plan {
        file: display_name(path).into_owned(),
        year,
        model_year: head.year,
        phase: next_phase(head.phase.as_deref()),
        unit: head.unit,
        batch_bytes: batching.batch_bytes.max(1),
        stamp,
    }))
}

/// The second pass: the new file written to `out` a piece at a time, as
/// made, telling `progress` of the bytes of `path` done. An error only
/// when `out` fails; [`Written::Whole`] when the whole-document way must
/// make the file (a read that fails included: it reports that itself).
pub fn write_in_pieces(
    plan: &Plan,
    path: &Path,
    out: &mut dyn Write,
    progress: &dyn Progress,
) -> std::io::Result<Written> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(Written::Whole);
    };
    let mut splitter = Splitter::new(file, plan.batch_bytes);
    let Some(Ok(heading)) = splitter.next() else {
        return Ok(Written::Whole);
    };
    let Some(edited) = edit_heading(&heading, plan) else {
        return Ok(Written::Whole);
    };
    out.write_all(edited.as_bytes())?;
    progress.advance(heading.len() as u64);
    drop((heading, edited));
    if write_items(splitter, plan, out, progress)? == Written::Whole {
        return Ok(Written::Whole);
    }
    // The first pass read the file as it was then: both must read the same.
    if !plan.stamp.is_some_and(|stamp| stamp.is_unchanged(path)) {
        return Ok(Written::Whole);
    }
    Ok(Written::Pieces)
}

/// The heading (the text before the first cut) edited as the whole
/// document's top is, with the note on where it came from; `None` when it
/// is not one the whole-document way would edit the same.
fn edit_heading(bytes: &[u8], plan: &Plan) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut document: DocumentMut = text.trim_start_matches('\u{feff}').parse().ok()?;
    set_year_and_phase(document.as_table_mut(), plan.year, &plan.phase);
    for name in TOP_LEVEL_DROPPED {
        document.remove(name);
    }
    plan_items(document.as_table_mut());
    let edited = with_note(&document.to_string(), &plan.file, plan.model_year);
    // The new heading must load, and take item tables after it, as the
    // whole new file is read to make sure.
    (parse_str(&edited, &plan.file).is_ok() && tables_may_follow(&edited)).then_some(edited)
}

/// A piece of item and total tables edited; `None` when it is not one the
/// whole-document way would edit the same, or when what it makes would
/// not load.
fn edit_piece(bytes: &[u8], file: &str, unit: Unit) -> Option<String> {
    let text = simdutf8::basic::from_utf8(bytes).ok()?;
    edit_plain(text).or_else(|| edit_document(text, file, unit))
}

/// A piece edited as a `toml_edit` document; `None` as for [`edit_piece`].
fn edit_document(text: &str, file: &str, unit: Unit) -> Option<String> {
    let mut document: DocumentMut = text.parse().ok()?;
    let only_tables = document.iter().all(|(key, value)| {
        matches!(key, "item" | "total") && matches!(value, TomlItem::ArrayOfTables(_))
    });
    if !only_tables || !document.as_table().get_values().is_empty() {
        return None;
    }
    for name in TOP_LEVEL_DROPPED {
        document.remove(name);
    }
    plan_items(document.as_table_mut());
    let edited = document.to_string();
    let loads =
        quick_items(&edited, 0, unit).is_some() || parse_batch(&edited, file, 0, unit).is_some();
    loads.then_some(edited)
}

/// The line `toml_edit` writes for a status added or replaced.
const PLANNED_LINE: &str = "status = \"planned\"\n";

/// A piece written the plain way (every line an `[[item]]` header, a blank
/// line, a comment, or `key = value` with a bare key and a plain value, see
/// [`plain_value`], and perhaps a comment after it) edited without
/// `toml_edit`, to the text it makes: `toml_edit` writes such lines back as
/// they were, replaces a `status` value that enters totals with `"planned"`
/// keeping what surrounds it, and adds a missing one as [`PLANNED_LINE`]
/// right after the `amount` line (the blank lines and comments after it
/// belong to what follows). `None` for any
/// other piece, or one with `stated` figures (dropped with the blank lines
/// before them): `toml_edit` edits it.
///
/// What this makes always loads, as the whole new file is read to make
/// sure: the piece loaded, and an item's status is read on its own.
fn edit_plain(text: &str) -> Option<String> {
    // A carriage return is not part of a comment: CRLF goes to toml_edit.
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        return None;
    }
    let mut out = String::with_capacity(text.len().saturating_add(text.len() / 4));
    let mut item: Option<PlainItem> = None;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n')?;
        if body == "[[item]]" {
            plan_plain_item(&mut out, item.take())?;
            item = Some(PlainItem::default());
            out.push_str(line);
            continue;
        }
        let current = item.as_mut()?;
        if body.is_empty() || body.starts_with('#') {
            out.push_str(line);
            continue;
        }
        let (key, rest) = body.split_once(" = ")?;
        let (value, comment) = split_comment(rest)?;
        if !is_bare_key(key) || !plain_value(value) {
            return None;
        }
        match key {
            "stated" => return None,
            "status" => {
                current.has_status = true;
                let status = value.strip_prefix('"')?.strip_suffix('"')?;
                let keeps = Status::parse(status).is_some_and(|status| !status.enters_totals());
                if keeps {
                    out.push_str(line);
                } else if comment.is_empty() {
                    out.push_str(PLANNED_LINE);
                } else {
                    // The new value with the comment after it kept.
                    out.push_str("status = \"planned\"");
                    out.push_str(comment);
                    out.push('\n');
                }
            }
            "amount" => {
                out.push_str(line);
                current.after_amount = Some(out.len());
            }
            _ => out.push_str(line),
        }
    }
    plan_plain_item(&mut out, item)?;
    Some(out)
}

/// What [`edit_plain`] knows of the item it is in.
#[derive(Default)]
struct PlainItem {
    /// Where its `amount` line ends in the text made.
    after_amount: Option<usize>,
    has_status: bool,
}

/// An item read by [`edit_plain`] made planned: its status line added
/// after `amount` when it has none.
fn plan_plain_item(out: &mut String, item: Option<PlainItem>) -> Option<()> {
    match item {
        Some(item) if !item.has_status => out.insert_str(item.after_amount?, PLANNED_LINE),
        _ => {}
    }
    Some(())
}

/// A value and what follows it on its line: nothing, or a comment after
/// spaces or tabs (`1.5  # as printed`). An inline table takes the rest of
/// the line.
fn split_comment(rest: &str) -> Option<(&str, &str)> {
    let end = if let Some(string) = rest.strip_prefix('"') {
        // The quotes around the string: two bytes.
        string.find('"')?.saturating_add(2)
    } else if rest.starts_with('{') {
        rest.len()
    } else {
        rest.find([' ', '\t']).unwrap_or(rest.len())
    };
    let (value, after) = rest.split_at(end);
    let comment = after.trim_start_matches([' ', '\t']);
    let plain = after.is_empty() || (comment.starts_with('#') && comment.len() < after.len());
    plain.then_some((value, after))
}

fn is_bare_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A value `toml_edit` writes back as written, and takes: a basic string
/// without escapes, a short decimal number (at most 18 bytes: an integer
/// within 64 bits), `true` or `false`, or an inline table of such values
/// on one line with bare or plainly quoted keys, `{ a = 1, "b" = "x" }`.
fn plain_value(value: &str) -> bool {
    if let Some(inner) = value.strip_prefix("{ ").and_then(|v| v.strip_suffix(" }")) {
        return plain_inline_table(inner);
    }
    plain_string(value) || plain_scalar(value)
}

fn plain_string(value: &str) -> bool {
    value.len() >= 2
        && value.starts_with('"')
        && value.ends_with('"')
        && !value[1..value.len().saturating_sub(1)].contains(['"', '\\'])
}

fn plain_scalar(value: &str) -> bool {
    let number = !value.is_empty()
        && value.len() <= 18
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-' | b'+'));
    number || value == "true" || value == "false"
}

/// `a = 1, "b" = "x"`: entries of a bare or plainly quoted key and a plain
/// string or scalar, apart by `, `.
fn plain_inline_table(inner: &str) -> bool {
    let mut rest = inner;
    loop {
        let Some((key, after)) = rest.split_once(" = ") else {
            return false;
        };
        if !(is_bare_key(key) || plain_string(key)) {
            return false;
        }
        let (value, next) = match after.strip_prefix('"') {
            Some(string) => match string.find('"') {
                // The quotes around the string: two bytes.
                Some(end) => after.split_at(end.saturating_add(2)),
                None => return false,
            },
            None => after.split_at(after.find(',').unwrap_or(after.len())),
        };
        if !(plain_string(value) || plain_scalar(value)) {
            return false;
        }
        if next.is_empty() {
            return true;
        }
        match next.strip_prefix(", ") {
            Some(more) => rest = more,
            None => return false,
        }
    }
}

/// Edits the pieces after the heading on every core and writes them in
/// file order, a few pieces a core ahead at most (see [`InOrder`]).
fn write_items(
    splitter: Splitter,
    plan: &Plan,
    out: &mut dyn Write,
    progress: &dyn Progress,
) -> std::io::Result<Written> {
    let stop = AtomicBool::new(false);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8));
    let (job_sender, job_receiver) = mpsc::sync_channel::<Vec<u8>>(workers);
    std::thread::scope(|scope| {
        let stop = &stop;
        scope.spawn(move || read_pieces(splitter, &job_sender, stop));
        let edit = |bytes: Vec<u8>| (bytes.len(), edit_piece(&bytes, &plan.file, plan.unit));
        let write = |(len, edited): (usize, Option<String>)| {
            // A piece that stops this way, or a failed read.
            let edited = edited.ok_or(Stopped::Whole)?;
            out.write_all(edited.as_bytes()).map_err(Stopped::Write)?;
            progress.advance(len as u64);
            Ok(())
        };
        let written = InOrder::on(workers).run(job_receiver, edit, write);
        // The run has closed the pieces' channel; this stops the reading
        // before its next block.
        stop.store(true, Ordering::Relaxed);
        match written {
            Ok(()) => Ok(Written::Pieces),
            Err(Stopped::Whole) => Ok(Written::Whole),
            Err(Stopped::Write(error)) => Err(error),
        }
    })
}

/// Why the pieces stopped being written.
enum Stopped {
    /// A piece goes the whole-document way.
    Whole,
    /// Writing failed.
    Write(std::io::Error),
}

/// The reading thread: the pieces after the heading, in order.
fn read_pieces(splitter: Splitter, jobs: &mpsc::SyncSender<Vec<u8>>, stop: &AtomicBool) {
    for piece in splitter {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        // A failed read is a piece that sends the file the whole way,
        // which reports the error.
        let bytes = piece.unwrap_or_else(|_| b"\xFF".to_vec());
        if jobs.send(bytes).is_err() {
            return;
        }
    }
}

/// Cuts a file's bytes just before each `[[item]]` header that starts a
/// line: first the heading (all the file when there is no such header),
/// then pieces of at least `block` bytes (but the last), each starting
/// with a header.
struct Splitter {
    reader: std::fs::File,
    buffer: Vec<u8>,
    block: usize,
    heading: bool,
    ended: bool,
}

impl Splitter {
    fn new(reader: std::fs::File, block: usize) -> Splitter {
        Splitter {
            reader,
            buffer: Vec::new(),
            block,
            heading: true,
            ended: false,
        }
    }

    /// Appends up to a block; the number of bytes read.
    fn read_block(&mut self) -> std::io::Result<usize> {
        let before = self.buffer.len();
        let mut taken = (&mut self.reader).take(self.block as u64);
        taken.read_to_end(&mut self.buffer)?;
        Ok(self.buffer.len().saturating_sub(before))
    }

    /// Where the text read so far is cut: after the first header's line
    /// break for the heading, after the last one's for a piece.
    fn cut(&self) -> Option<usize> {
        let found = if self.heading {
            memchr::memmem::find(&self.buffer, ITEM_HEADER)
        } else {
            memchr::memmem::rfind(&self.buffer, ITEM_HEADER)
        };
        // The header's line break ends the piece before it; a piece (but
        // the heading) starts with a header, so it is never empty.
        found
            .map(|at| at.saturating_add(1))
            .filter(|&at| self.heading || at > 0)
    }
}

impl Iterator for Splitter {
    type Item = std::io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ended {
            return None;
        }
        loop {
            let read = match self.read_block() {
                Ok(read) => read,
                Err(error) => {
                    self.ended = true;
                    return Some(Err(error));
                }
            };
            let cut = if read == 0 {
                self.ended = true;
                Some(self.buffer.len())
            } else {
                self.cut()
            };
            let Some(cut) = cut else { continue };
            let rest = self.buffer.split_off(cut);
            let piece = std::mem::replace(&mut self.buffer, rest);
            let heading = std::mem::replace(&mut self.heading, false);
            if piece.is_empty() && !heading {
                return None;
            }
            return Some(Ok(piece));
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod plain_tests;
