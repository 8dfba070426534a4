//! Ids and printed totals that repeat in a file read in batches.
//!
//! Batches are parsed apart, so a repeat across batches is only seen by the
//! thread that takes them in order: ids by a hash, with the line of their
//! item, totals by category (broken tables' ids and categories too, as the
//! loader claims them). A repeat is noted and reading goes on, since the
//! loader reports the problem nearest the start of the file, and a syntax
//! error anywhere before any other: repeats are decided once every batch
//! has been read, and listed with the problems of the batches (see
//! [`crate::load::stream`]). Each pair of tables noted is
//! then read again from the file and handed, the second at its own line, to
//! the loader's own code, which names the repeat exactly as it does for the
//! whole file (and tells a repeated id from two ids that share a hash).
//! Memory holds a hash and a line per id, never the file.

#![warn(clippy::arithmetic_side_effects)]

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::BufRead;
use std::path::Path;

use crate::amount::Unit;
use crate::error::{InvalidInput, Problem};
use crate::load::batch_problems;

/// Most repeats checked: beyond, the plain way decides.
const MOST_REPEATS: usize = 1024;

/// Most bytes of tables read again.
const MOST_BYTES: usize = 16 << 20;

/// Ids seen so far and pairs of tables that may repeat one.
#[derive(Default)]
pub(crate) struct Repeats {
    first_line_of_id: HashMap<u64, usize, foldhash::fast::FixedState>,
    /// Header lines of the first table and of the one that repeats it.
    pairs: Vec<(usize, usize)>,
}

impl Repeats {
    /// Notes the ids of a batch (their hashes and item lines, in file
    /// order); `false` when there are too many repeats to check this way.
    pub(crate) fn note_ids(&mut self, ids: &[(u64, usize)]) -> bool {
        for &(hash, line) in ids {
            match self.first_line_of_id.entry(hash) {
                Entry::Vacant(entry) => {
                    entry.insert(line);
                }
                Entry::Occupied(entry) => {
                    let first = *entry.get();
                    if !self.note(first, line) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// Notes a table printed at `line` that repeats the one at `first`;
    /// `false` when there are too many to check this way.
    pub(crate) fn note(&mut self, first: usize, line: usize) -> bool {
        self.pairs.push((first, line));
        self.pairs.len() <= MOST_REPEATS
    }

    /// How many repeats were noted.
    pub(crate) fn noted(&self) -> usize {
        self.pairs.len()
    }

    /// The loader's problem for every repeat noted (none for ids that
    /// only shared a hash), in the order noted; `None` when they cannot
    /// be decided here.
    pub(crate) fn problems(
        &self,
        path: &Path,
        file: &str,
        unit: Unit,
    ) -> Option<Vec<InvalidInput>> {
        if self.pairs.is_empty() {
            return Some(Vec::new());
        }
        let lines = self.pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
        let tables = tables_at(path, &lines)?;
        let mut repeats = Vec::new();
        for &(first, again) in &self.pairs {
            repeats.extend(repeat(&tables, (first, again), file, unit)?);
        }
        Some(repeats)
    }
}

/// The loader's problems for the table at line `again` read after the one
/// at `first`, `None` when it finds any other problem (a table read without
/// what follows it can look wrong in other ways: a string cut short).
fn repeat(
    tables: &BTreeMap<usize, String>,
    (first, again): (usize, usize),
    file: &str,
    unit: Unit,
) -> Option<Vec<InvalidInput>> {
    let (first_text, again_text) = (tables.get(&first)?, tables.get(&again)?);
    // The first table just before the second, which keeps its own line;
    // only the first line that the loader names is not the first's own.
    let first_lines = memchr::memchr_iter(b'\n', first_text.as_bytes()).count();
    let lines_before = again.checked_sub(1)?.checked_sub(first_lines)?;
    let text = format!("{first_text}{again_text}");
    let mut problems = batch_problems(&text, file, lines_before, unit)?;
    for problem in &mut problems {
        match &mut problem.problem {
            Problem::DuplicateId { first_line, .. }
            | Problem::DuplicateTotal { first_line, .. } => {
                *first_line = first;
            }
            _ => return None,
        }
    }
    Some(problems)
}

/// The tables whose headers start the given lines, each up to the next
/// line that starts a table (ending with a line end), by header line.
/// `None` if the file cannot be read again, a header is not found, or the
/// tables are too large.
fn tables_at(path: &Path, header_lines: &BTreeSet<usize>) -> Option<BTreeMap<usize, String>> {
    let file = std::fs::File::open(path).ok()?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut headers = header_lines.iter().copied().peekable();
    let mut tables = BTreeMap::new();
    let mut bytes = 0usize;
    let mut current: Option<(usize, String)> = None;
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).ok()? == 0 {
            break;
        }
        number = number.checked_add(1)?;
        let starts_table = line.trim_ascii_start().starts_with(b"[");
        if headers.peek() == Some(&number) || starts_table {
            if let Some((at, text)) = current.take() {
                tables.insert(at, text);
            }
            if headers.peek() == Some(&number) {
                headers.next();
                current = Some((number, String::new()));
            } else if headers.peek().is_none() {
                break;
            }
        }
        if let Some((_, text)) = current.as_mut() {
            text.push_str(std::str::from_utf8(&line).ok()?);
            bytes = bytes.checked_add(line.len())?;
            if bytes > MOST_BYTES {
                return None;
            }
        }
    }
    if let Some((at, mut text)) = current.take() {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        tables.insert(at, text);
    }
    // Every header noted was found.
    headers.peek().is_none().then_some(tables)
}
