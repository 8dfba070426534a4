//! The calling thread's side of reading in batches: takes the parsed
//! batches in file order, joins a batch whose multi-line string runs on
//! with the next, confirms a syntax error with the batch after it, and
//! notes repeated ids and printed totals, until the file is read or a
//! decision is made (the file's first error, or the plain way).

#[allow(clippy::wildcard_imports)]
use super::*;

/// The calling thread: takes parsed batches in file order, until the last
/// ([`Step::Next`]) or a decision.
pub(super) fn consume_in_order<F: Fold>(
    results: mpsc::Receiver<Parsed<F::Part>>,
    folded: &mut Folded<F>,
    consumer: &mut Consumer,
    options: &F::Options,
) -> Step {
    let mut waiting: BTreeMap<usize, (Place, Outcome<F::Part>)> = BTreeMap::new();
    let mut next = 0;
    for (index, place, outcome) in results {
        waiting.insert(index, (place, outcome));
        while let Some((place, outcome)) = waiting.remove(&next) {
            match consumer.take(folded, place, outcome, options) {
                Step::Next => {}
                step => return step,
            }
            next += 1;
        }
    }
    if !waiting.is_empty() {
        return Step::Plain;
    }
    consumer.finish(folded, options)
}

/// What the calling thread does after a batch.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Step {
    /// Takes the next one.
    Next,
    /// Stops reading: the file's first error is found.
    Decided,
    /// Stops reading: the plain way must decide.
    Plain,
}

/// What the batches with problems held, in file order.
#[derive(Default)]
pub(super) struct Found {
    /// A batch had problems: nothing more is added up.
    pub(super) any: bool,
    /// The file's first syntax error; the rest of the file is not read.
    pub(super) syntax: Option<InvalidInput>,
    /// The first error of meaning (comes before any problem of fields).
    pub(super) meaning: Option<InvalidInput>,
    /// The problems of fields, batch by batch.
    pub(super) problems: Vec<InvalidInput>,
    /// The categories claimed by printed totals with problems, with their
    /// lines.
    pub(super) broken_totals: Vec<(Option<CategoryPath>, usize)>,
}

/// A batch that waits for the next one.
pub(super) enum Pending {
    /// Its multi-line string runs on: joined with what follows.
    Joining(Place),
    /// Its syntax error, to be confirmed with the next batch after it.
    Confirming(Place, InvalidInput),
}

/// The calling thread's state: what was found and what waits.
pub(super) struct Consumer {
    pub(super) file: String,
    pub(super) unit: Unit,
    /// Whether a syntax error or an error of meaning found in a batch is
    /// the plain way's (see [`RECOVERY_LIMIT`]).
    pub(super) decides_syntax: bool,
    /// The file again, for batches read again (joined or confirmed).
    pub(super) rereader: std::fs::File,
    pub(super) repeats: Repeats,
    pub(super) found: Found,
    pub(super) pending: Option<Pending>,
}

impl Consumer {
    /// Takes the next batch in file order.
    fn take<F: Fold>(
        &mut self,
        folded: &mut Folded<F>,
        place: Place,
        outcome: Outcome<F::Part>,
        options: &F::Options,
    ) -> Step {
        match self.pending.take() {
            Some(Pending::Joining(joined)) => {
                let joined = Place {
                    len: joined.len + place.len,
                    ..joined
                };
                if joined.len > MOST_JOINED {
                    return Step::Plain;
                }
                return self.examine_again(folded, joined, false, options);
            }
            Some(Pending::Confirming(at, syntax)) => {
                let with_next = Place {
                    len: at.len + place.len,
                    ..at
                };
                let Some(text) = self.read_again(with_next) else {
                    return Step::Plain;
                };
                // Read as ending the file, so that nothing runs on past it.
                let again = examine_batch(&text, &self.file, at.lines_before, self.unit, true);
                return match again {
                    Examined::Syntax(error) if error == syntax => {
                        self.found.syntax = Some(syntax);
                        Step::Decided
                    }
                    _ => Step::Plain,
                };
            }
            None => {}
        }
        match outcome {
            Outcome::Read(part, hashes, totals) => self.read(folded, part, &hashes, totals),
            Outcome::Examined(examined) => self.examined(folded, place, examined, options),
        }
    }

    /// After the last batch: what still waits is what ends the file.
    fn finish<F: Fold>(&mut self, folded: &mut Folded<F>, options: &F::Options) -> Step {
        match self.pending.take() {
            None => Step::Next,
            Some(Pending::Joining(joined)) => {
                match self.examine_again(folded, joined, true, options) {
                    Step::Next => self.finish(folded, options),
                    step => step,
                }
            }
            Some(Pending::Confirming(_, syntax)) => {
                self.found.syntax = Some(syntax);
                Step::Decided
            }
        }
    }

    /// Reads the bytes at `place` again and examines them as one batch.
    fn examine_again<F: Fold>(
        &mut self,
        folded: &mut Folded<F>,
        place: Place,
        last: bool,
        options: &F::Options,
    ) -> Step {
        let Some(text) = self.read_again(place) else {
            return Step::Plain;
        };
        let examined = examine_batch(&text, &self.file, place.lines_before, self.unit, last);
        if let Examined::Read(items, totals) = examined {
            // A batch joined with the next ones, read without a problem.
            let hashes = id_hashes(&items);
            let count = items.len();
            let part = (count, part_of::<F>(options, items, &text, place));
            return self.read(folded, part, &hashes, totals);
        }
        self.examined(folded, place, examined, options)
    }

    /// The bytes at `place`, read again from the file, as text.
    fn read_again(&mut self, place: Place) -> Option<String> {
        use std::io::{Seek, SeekFrom};
        self.rereader.seek(SeekFrom::Start(place.start)).ok()?;
        let mut bytes = vec![0; place.len];
        self.rereader.read_exact(&mut bytes).ok()?;
        String::from_utf8(bytes).ok()
    }

    /// Takes a batch as examined.
    fn examined<F: Fold>(
        &mut self,
        folded: &mut Folded<F>,
        place: Place,
        examined: Examined,
        options: &F::Options,
    ) -> Step {
        match examined {
            Examined::Read(items, totals) => {
                // Without its text: a fold that wants places has none.
                let hashes = id_hashes(&items);
                let count = items.len();
                let part = (count, F::part_placed(options, items, None));
                self.read(folded, part, &hashes, totals)
            }
            Examined::Unfinished => {
                self.pending = Some(Pending::Joining(place));
                Step::Next
            }
            Examined::Syntax(error) if self.decides_syntax => {
                self.pending = Some(Pending::Confirming(place, error));
                Step::Next
            }
            Examined::Meaning(error) if self.decides_syntax => {
                self.found.any = true;
                self.found.meaning.get_or_insert(error);
                Step::Next
            }
            Examined::Problems(problems, claims) => {
                self.found.any = true;
                // A repeat inside the batch of an id or total claimed
                // before it names the batch's first as the first, where
                // the plain way names the earlier one.
                let repeats_inside = |kind: fn(&Problem) -> bool| {
                    problems.iter().any(|problem| kind(&problem.problem))
                };
                let ids_inside = repeats_inside(|p| matches!(p, Problem::DuplicateId { .. }));
                let totals_inside = repeats_inside(|p| matches!(p, Problem::DuplicateTotal { .. }));
                self.found.problems.extend(problems);
                let hasher = foldhash::fast::FixedState::default();
                let ids: Vec<(u64, usize)> = claims
                    .ids
                    .iter()
                    .map(|(id, line)| (hasher.hash_one(id), *line))
                    .collect();
                let noted = if ids_inside {
                    self.repeats.note_guarded_ids(&ids)
                } else {
                    self.repeats.note_ids(&ids)
                };
                if !noted {
                    return Step::Plain;
                }
                for (category, line) in claims.totals {
                    match self.claim_total(folded, &category, line) {
                        None => return Step::Plain,
                        Some(true) if totals_inside => return Step::Plain,
                        Some(true) => {}
                        Some(false) => self.found.broken_totals.push((category, line)),
                    }
                }
                Step::Next
            }
            Examined::Syntax(_) | Examined::Meaning(_) | Examined::Undecided => Step::Plain,
        }
    }

    /// Takes a batch read without a problem. Once a batch had problems,
    /// nothing more is added up: the file is an error.
    fn read<F: Fold>(
        &mut self,
        folded: &mut Folded<F>,
        (count, part): (usize, F::Part),
        hashes: &[(u64, usize)],
        totals: Vec<Total>,
    ) -> Step {
        if !self.repeats.note_ids(hashes) {
            return Step::Plain;
        }
        if !self.found.any {
            if folded.fold.merge(part).is_err() {
                return Step::Plain;
            }
            folded.items = folded.items.saturating_add(count);
        }
        for total in totals {
            match self.claim_total(folded, &total.category, total.line) {
                None => return Step::Plain,
                // A repeat is noted, to be reported once every batch has
                // been read; the first of its category is kept.
                Some(true) => {}
                Some(false) => folded.head.totals.push(total),
            }
        }
        Step::Next
    }

    /// Notes a printed total of `category` at `line`: whether an earlier
    /// one claimed the category (the pair is noted), `None` when there are
    /// too many repeats to check this way.
    fn claim_total<F>(
        &mut self,
        folded: &Folded<F>,
        category: &Option<CategoryPath>,
        line: usize,
    ) -> Option<bool> {
        let read = folded
            .head
            .totals
            .iter()
            .map(|total| (&total.category, total.line));
        let broken = self
            .found
            .broken_totals
            .iter()
            .map(|(claimed, line)| (claimed, *line));
        let first = read.chain(broken).find(|(claimed, _)| *claimed == category);
        match first {
            Some((_, first)) => self.repeats.note(first, line).then_some(true),
            None => Some(false),
        }
    }
}
