//! Ids and printed totals that repeat in a file read in batches.
//!
//! Batches are parsed apart, so a repeat across batches is only seen by the
//! thread that takes them in order: ids by a hash, with the line of their
//! item, totals by category. A repeat is noted and reading goes on, since
//! the loader reports the problem nearest the start of the file, and a
//! syntax error anywhere before any other: only a file whose every batch
//! parsed without a problem is decided here. The tables noted are then read
//! again from the file, alone but at their own lines, by the loader's own
//! code, which names both lines exactly as it does for the whole file (and
//! tells a repeated id from two ids that share a hash). Memory holds a hash
//! and a line per id, never the file.

#![warn(clippy::arithmetic_side_effects)]

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::io::BufRead;

use crate::amount::Unit;
use crate::error::{LoadError, Problem};
use crate::load::{batch_problems, first_problem};

/// Most tables read again: beyond, the plain way decides.
const MOST_TABLES: usize = 4096;

/// Most bytes of tables read again (with the empty lines between them).
const MOST_BYTES: usize = 64 << 20;

/// Ids seen so far and the header lines of tables that may repeat one.
#[derive(Default)]
pub(crate) struct Repeats {
    first_line_of_id: HashMap<u64, usize, foldhash::fast::FixedState>,
    /// Header lines of both tables of every repeat noted.
    lines: BTreeSet<usize>,
}

/// What the tables noted turn out to be.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// Nothing repeats: ids that only shared a hash, or no repeat at all.
    Distinct,
    /// The loader's error for the repeat nearest the start of the file.
    Repeated(LoadError),
    /// Not decided here: the plain way must read the file.
    Undecided,
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
        self.lines.insert(first);
        self.lines.insert(line);
        self.lines.len() <= MOST_TABLES
    }

    /// Decides the repeats noted in the file at `path` (named `file` in
    /// messages), whose bare amounts are in `unit`.
    pub(crate) fn verdict(&self, path: &str, file: &str, unit: Unit) -> Verdict {
        let Some(&first_line) = self.lines.first() else {
            return Verdict::Distinct;
        };
        let Some(text) = tables_at(path, &self.lines) else {
            return Verdict::Undecided;
        };
        let lines_before = first_line.saturating_sub(1);
        let Some(problems) = batch_problems(&text, file, lines_before, unit) else {
            return Verdict::Undecided;
        };
        let only_repeats = problems.iter().all(|problem| {
            matches!(
                problem.problem,
                Problem::DuplicateId { .. } | Problem::DuplicateTotal { .. }
            )
        });
        match (problems.is_empty(), only_repeats) {
            (true, _) => Verdict::Distinct,
            (false, true) => Verdict::Repeated(first_problem(problems)),
            // A table read without what follows it can look wrong in other
            // ways (a string cut short): the plain way decides.
            (false, false) => Verdict::Undecided,
        }
    }
}

/// The tables whose headers start the given lines, each up to the next
/// line that starts a table, at their own lines: every other line from the
/// first of them on is left empty. `None` if the file cannot be read again
/// or the text would be too large.
fn tables_at(path: &str, header_lines: &BTreeSet<usize>) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut headers = header_lines.iter().copied().peekable();
    let first = headers.peek().copied()?;
    let mut text = String::new();
    let mut line = Vec::new();
    let mut number = 0usize;
    let mut inside = false;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).ok()? == 0 {
            break;
        }
        number = number.checked_add(1)?;
        if headers.peek() == Some(&number) {
            headers.next();
            inside = true;
        } else if line.trim_ascii_start().starts_with(b"[") {
            inside = false;
            if headers.peek().is_none() {
                break;
            }
        }
        if inside {
            text.push_str(std::str::from_utf8(&line).ok()?);
        } else if number > first {
            text.push('\n');
        }
        if text.len() > MOST_BYTES {
            return None;
        }
    }
    // Every header noted was found.
    headers.peek().is_none().then_some(text)
}
