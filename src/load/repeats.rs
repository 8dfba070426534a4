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
//!
//! Memory holds twelve bytes per id (its hash and its line), never the
//! file: the ids are listed as they come and sorted by hash once every
//! batch is in, where a table of the ids seen so far would cost three
//! times as much (a national file's million ids: 12 MB, not 34-51 MB while
//! its table grows). They are listed apart by the first bits of their
//! hash, so that the sort, which waits for the last batch, is of many
//! short lists, on two threads for a large file. The pairs come out as a
//! table would have noted them, in the order of their second line, each
//! with its first.

#![warn(clippy::arithmetic_side_effects)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::Path;

use crate::amount::Unit;
use crate::error::{InvalidInput, Problem};
use crate::load::batch_problems;

/// Most repeats checked: beyond, the plain way decides.
const MOST_REPEATS: usize = 1024;

/// Most bytes of tables read again.
const MOST_BYTES: usize = 16 << 20;

/// Ids are listed apart by this many first bits of their hash.
const BUCKET_BITS: u32 = 8;

/// Ids from which the lists are sorted on two threads: below, starting a
/// thread costs more than it saves.
const SORTED_APART_FROM: usize = 1 << 16;

/// An id noted: its hash (in two halves, so that the entry takes twelve
/// bytes, not sixteen) and its item's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct NotedId {
    hash_high: u32,
    hash_low: u32,
    line: u32,
}

/// Ids seen so far and pairs of tables that may repeat one.
#[derive(Default)]
pub(crate) struct Repeats {
    /// Every id noted, listed apart by the first [`BUCKET_BITS`] of its
    /// hash (none until the first id), each list in file order.
    ids: Vec<Vec<NotedId>>,
    /// The line of the last id noted.
    last_line: Option<u32>,
    /// Whether an id was noted at a line above the last one's: then the
    /// plain way decides (batches come in file order, so it never is).
    out_of_order: bool,
    /// Printed totals that repeat one before them: the header lines of
    /// the first and of the repeat, with the line of the last id noted
    /// before (the ids noted up to it come first in the listing).
    totals: Vec<(usize, usize, u32)>,
    /// The lines of the first and last id of each batch that repeats an
    /// id inside itself: an id of such a batch that repeats an earlier
    /// one leaves the decision to the plain way (see [`Repeats::decided`]).
    guarded: Vec<(u32, u32)>,
}

impl Repeats {
    /// Notes the ids of a batch (their hashes and item lines, in file
    /// order); `false` when a line is beyond what is noted this way.
    pub(crate) fn note_ids(&mut self, ids: &[(u64, usize)]) -> bool {
        if self.ids.is_empty() && !ids.is_empty() {
            self.ids = vec![Vec::new(); 1 << BUCKET_BITS];
        }
        for &(hash, line) in ids {
            let Ok(line) = u32::try_from(line) else {
                return false;
            };
            if self.last_line.is_some_and(|last| last >= line) {
                self.out_of_order = true;
            }
            self.last_line = Some(line);
            // The first bits of a 64-bit hash: below 1 << BUCKET_BITS.
            let bucket = (hash >> (u64::BITS - BUCKET_BITS)) as usize;
            self.ids[bucket].push(NotedId {
                // The hash cut in halves.
                hash_high: (hash >> 32) as u32,
                hash_low: hash as u32,
                line,
            });
        }
        true
    }

    /// Notes the ids of a batch that repeats an id inside itself: if one of
    /// them also repeats an id before the batch, the plain way names the
    /// earlier one where the batch names its own first.
    pub(crate) fn note_guarded_ids(&mut self, ids: &[(u64, usize)]) -> bool {
        let lines = ids.iter().map(|&(_, line)| u32::try_from(line).ok());
        let (Some(first), Some(last)) = (lines.clone().min().flatten(), lines.max().flatten())
        else {
            // No id, or one beyond what is noted.
            return ids.is_empty();
        };
        self.guarded.push((first, last));
        self.note_ids(ids)
    }

    /// Notes a printed total at `line` that repeats the one at `first`;
    /// `false` when there are too many to check this way.
    pub(crate) fn note(&mut self, first: usize, line: usize) -> bool {
        let ids_before = self.last_line.unwrap_or(0);
        self.totals.push((first, line, ids_before));
        self.totals.len() <= MOST_REPEATS
    }

    /// Every repeat, as the header lines of the first table and of the one
    /// that repeats it, in the order a table of the ids seen so far would
    /// have noted them: the ids of each batch, then its totals. `None`
    /// when the plain way must decide: too many repeats, ids not in file
    /// order, or a guarded batch's id that repeats an earlier one.
    fn decided(self) -> Option<Vec<(usize, usize)>> {
        if self.out_of_order {
            return None;
        }
        let mut by_hash = self.ids;
        sort_each(&mut by_hash);
        // Each id that shares its hash with an earlier one, with that
        // earlier one's line, in file order. The lists, one after another,
        // are every id sorted by hash.
        let mut ids: Vec<(u32, u32)> = Vec::new();
        let runs = by_hash.iter().flat_map(|list| {
            list.chunk_by(|a, b| (a.hash_high, a.hash_low) == (b.hash_high, b.hash_low))
        });
        for run in runs {
            let first = run[0].line;
            ids.extend(run[1..].iter().map(|again| (first, again.line)));
            if ids.len().saturating_add(self.totals.len()) > MOST_REPEATS {
                return None;
            }
        }
        drop(by_hash);
        ids.sort_unstable_by_key(|&(_, again)| again);
        let guarded = |line: u32| {
            self.guarded
                .iter()
                .any(|&(first, last)| (first..=last).contains(&line))
        };
        if ids.iter().any(|&(_, again)| guarded(again)) {
            return None;
        }
        let mut ids = ids.into_iter().peekable();
        let mut pairs = Vec::new();
        for &(first, again, ids_before) in &self.totals {
            while let Some((first, again)) = ids.next_if(|&(_, again)| again <= ids_before) {
                pairs.push((first as usize, again as usize));
            }
            pairs.push((first, again));
        }
        pairs.extend(ids.map(|(first, again)| (first as usize, again as usize)));
        Some(pairs)
    }

    /// The loader's problem for every repeat noted (none for ids that
    /// only shared a hash), in the order noted; `None` when they cannot
    /// be decided here.
    pub(crate) fn problems(self, path: &Path, file: &str, unit: Unit) -> Option<Vec<InvalidInput>> {
        let pairs = self.decided()?;
        if pairs.is_empty() {
            return Some(Vec::new());
        }
        let lines = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
        let tables = tables_at(path, &lines)?;
        let mut repeats = Vec::new();
        for &pair in &pairs {
            repeats.extend(repeat(&tables, pair, file, unit)?);
        }
        Some(repeats)
    }
}

/// Sorts each list, the first half of them on a thread of its own when
/// there are many ids (a hash's first bits spread ids evenly).
fn sort_each(lists: &mut [Vec<NotedId>]) {
    let ids: usize = lists.iter().map(Vec::len).sum();
    crate::parallel::each_half(lists, ids >= SORTED_APART_FROM, |lists| {
        lists.iter_mut().for_each(|list| list.sort_unstable());
    });
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
        if current.is_none() {
            // Outside the tables wanted, lines only count: read past those
            // before the next header at once (a repeat at the end of a
            // national file is millions of lines in).
            let next = *headers.peek()?;
            let before = next.checked_sub(number)?.checked_sub(1)?;
            skip_lines(&mut reader, before)?;
            number = next.checked_sub(1)?;
        }
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

/// Reads past the next `count` line ends; `None` when the file ends (or
/// cannot be read) first.
fn skip_lines(reader: &mut impl BufRead, mut count: usize) -> Option<()> {
    while count > 0 {
        let buffer = reader.fill_buf().ok()?;
        if buffer.is_empty() {
            return None;
        }
        let last = memchr::memchr_iter(b'\n', buffer)
            .take(count)
            .enumerate()
            .last();
        if let Some((index, end)) = last {
            let seen = index.checked_add(1)?;
            if seen == count {
                reader.consume(end.checked_add(1)?);
                return Some(());
            }
            count = count.checked_sub(seen)?;
        }
        let read = buffer.len();
        reader.consume(read);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipping_lines_reads_past_line_ends_across_buffer_refills() {
        let text = b"a\nbb\r\nccc\n\nd";
        for capacity in 1..=text.len() {
            for count in 0..=4 {
                let mut reader = std::io::BufReader::with_capacity(capacity, &text[..]);
                assert_eq!(skip_lines(&mut reader, count), Some(()));
                let mut rest = String::new();
                std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
                // What follows the `count`-th line end.
                let expected = [
                    "a\nbb\r\nccc\n\nd",
                    "bb\r\nccc\n\nd",
                    "ccc\n\nd",
                    "\nd",
                    "d",
                ];
                assert_eq!(rest, expected[count], "capacity {capacity}, count {count}");
            }
            // The file ends before a fifth line end.
            let mut reader = std::io::BufReader::with_capacity(capacity, &text[..]);
            assert_eq!(skip_lines(&mut reader, 5), None);
        }
    }

    #[test]
    fn tables_are_found_by_their_header_lines_far_apart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("far.toml");
        // Line 1 `year`, line 2 blank, then tables of three lines each:
        // table k (from 0) starts at line 3 + 3k.
        let mut text = String::from("year = 2025\n\n");
        for k in 0..100_000 {
            text.push_str(&format!("[[item]]\nid = \"i{k}\"\n\n"));
        }
        std::fs::write(&path, &text).unwrap();
        // Tables 0, 5 and 99,999: lines 3, 18 and 300,000.
        let headers = BTreeSet::from([3, 18, 300_000]);
        let tables = tables_at(&path, &headers).unwrap();
        assert_eq!(tables[&3], "[[item]]\nid = \"i0\"\n\n");
        assert_eq!(tables[&18], "[[item]]\nid = \"i5\"\n\n");
        assert_eq!(tables[&300_000], "[[item]]\nid = \"i99999\"\n\n");
        // A header line past the end of the file is not found.
        assert_eq!(tables_at(&path, &BTreeSet::from([3, 300_003])), None);
    }

    /// Ids as (hash, line).
    fn ids(ids: &[(u64, usize)]) -> Vec<(u64, usize)> {
        ids.to_vec()
    }

    #[test]
    fn repeats_come_in_the_order_a_table_of_the_ids_seen_notes_them() {
        let mut repeats = Repeats::default();
        // Hashes 1 and 2; 1 << 40 differs from 1 only in its high half.
        assert!(repeats.note_ids(&ids(&[(1, 3), (2, 8), (1 << 40, 9)])));
        // The second batch: 1 again, then a total at 20 that repeats the
        // one at 5.
        assert!(repeats.note_ids(&ids(&[(1, 13), (3, 18)])));
        assert!(repeats.note(5, 20));
        // The third: 1 for the third time (still paired with the first),
        // and 2 again.
        assert!(repeats.note_ids(&ids(&[(1, 23), (2, 28)])));
        assert_eq!(
            repeats.decided(),
            Some(vec![(3, 13), (5, 20), (3, 23), (8, 28)])
        );
    }

    /// Enough ids to be sorted on two threads, their hashes spread over
    /// every list: each repeat is paired with the first id of its hash, in
    /// the order of the repeats' lines, as a table of the ids seen would
    /// pair them.
    #[test]
    fn many_ids_sorted_apart_pair_as_a_table_would() {
        let count = SORTED_APART_FROM + 100;
        // Spread hashes (an odd multiplier is one-to-one); every 1000th
        // line repeats the id at line 7 (hash of 7), every 3001st the one
        // at the line 1500 before it (never a 1000th line: 3001 × k - 1500
        // is a multiple of 1000 only for k = 500, past the end). Other ids
        // come between a repeat and its first in the same list.
        let hash = |n: u64| n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut noted = Vec::new();
        let mut table: std::collections::HashMap<u64, usize> = Default::default();
        let mut expected = Vec::new();
        for line in 1..=count {
            let id = match line {
                line if line > 7 && line % 1000 == 0 => 7,
                line if line % 3001 == 0 => line - 1500,
                line => line,
            };
            let id_hash = hash(id as u64);
            match table.get(&id_hash) {
                Some(&first) => expected.push((first, line)),
                None => {
                    table.insert(id_hash, line);
                }
            }
            noted.push((id_hash, line));
        }
        let mut repeats = Repeats::default();
        for batch in noted.chunks(777) {
            assert!(repeats.note_ids(batch));
        }
        // 65,636 lines: 65 repeats of line 7 (1000 × 1 to 1000 × 65) and
        // 21 of the line 1500 before (3001 × 1 to 3001 × 21).
        assert_eq!(expected.len(), 65 + 21);
        assert_eq!(repeats.decided(), Some(expected));
    }

    #[test]
    fn a_total_noted_before_any_id_comes_first() {
        let mut repeats = Repeats::default();
        assert!(repeats.note(1, 2));
        assert!(repeats.note_ids(&ids(&[(7, 3), (7, 4)])));
        assert_eq!(repeats.decided(), Some(vec![(1, 2), (3, 4)]));
    }

    #[test]
    fn a_guarded_batch_that_repeats_an_earlier_id_leaves_it_to_the_plain_way() {
        let mut repeats = Repeats::default();
        assert!(repeats.note_ids(&ids(&[(1, 3)])));
        // A batch with a repeat inside, none of whose ids repeats one
        // before it: decided here.
        assert!(repeats.note_guarded_ids(&ids(&[(2, 10), (4, 12)])));
        assert!(repeats.note_ids(&ids(&[(2, 20)])));
        assert_eq!(repeats.decided(), Some(vec![(10, 20)]));

        let mut repeats = Repeats::default();
        assert!(repeats.note_ids(&ids(&[(1, 3)])));
        // Its id at line 12 repeats the one at line 3.
        assert!(repeats.note_guarded_ids(&ids(&[(2, 10), (1, 12)])));
        assert_eq!(repeats.decided(), None);
    }

    #[test]
    fn ids_out_of_file_order_leave_it_to_the_plain_way() {
        let mut repeats = Repeats::default();
        assert!(repeats.note_ids(&ids(&[(1, 10), (2, 5)])));
        assert_eq!(repeats.decided(), None);
    }

    #[test]
    fn more_repeats_than_checked_leave_it_to_the_plain_way() {
        let noted = |count: usize| {
            let mut repeats = Repeats::default();
            // One id, then `count` more of the same hash.
            let lines: Vec<(u64, usize)> = (1..=count + 1).map(|line| (9, line)).collect();
            assert!(repeats.note_ids(&lines));
            repeats.decided().map(|pairs| pairs.len())
        };
        assert_eq!(noted(MOST_REPEATS), Some(MOST_REPEATS));
        assert_eq!(noted(MOST_REPEATS + 1), None);
    }
}
