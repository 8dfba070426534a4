//! Reading national-scale year files fast and in bounded memory.
//!
//! A large file is read in blocks and cut into batches just before
//! `[[item]]` headers that start a line. Batches are parsed on every core
//! and their items handed to the caller in file order, so memory holds a
//! few batches and what the caller keeps, never the whole file.
//!
//! The result is always the plain way's ([`crate::load::load`]): the same
//! items, or the same first error at the same line and column; `check`
//! gets every problem the plain way lists. A batch the quick way cannot
//! take is examined for what the plain way would make of it
//! ([`crate::load::examine_batch`]), in file order, and only what cannot be
//! shown to be the plain way's sends the whole file the plain way:
//!
//! - A cut before `\n[[item]]` is a guess: inside a multi-line string that
//!   text is not a header, and the batch's string runs on past its end.
//!   Such a batch is joined with the next ones, read again from the file,
//!   until the string ends (at most [`MOST_JOINED`] bytes).
//! - A syntax error is the whole file's first error when no earlier batch
//!   has one and the batch gives the same error with the next batch after
//!   it (so the parser did not need to look past the batch to report it).
//!   The rest of the file is not read.
//! - An error of meaning (a table defined twice, a value that does not
//!   decode) and the problems of fields (a bad amount, an unknown field)
//!   are the whole file's when every table header of the batch names a
//!   table of its own; the rest of the file is still read, since a syntax
//!   error anywhere comes first, and an error of meaning before problems
//!   of fields. Problems are listed batch by batch, with the ids and
//!   printed totals every table claims (a broken table's too).
//! - An id or a printed total that repeats is decided by
//!   [`crate::load::repeats`], with the plain way's very message.
//!
//! The plain way still reads the whole file for: a top of the file (the
//! text before the first batch) with any problem, or that writes `item` or
//! `total` in a way `[[item]]` and `[[total]]` tables may not extend
//! (`item = []`); a syntax error or an error of meaning in a file of at
//! most 256 KiB (where the plain way lists or picks syntax errors by place,
//! and reading it whole costs little); a syntax error the parser reports
//! differently with what follows it (a list left open at a batch's end); a
//! table header in a batch with problems that names another table (`[x]`,
//! `[total.stated]` before any `[[total]]` of the batch, a line of a list
//! starting with `[`); bytes that are not UTF-8 or a NUL byte in such a
//! batch; a multi-line string longer than [`MOST_JOINED`]; a repeat that
//! involves a table with other problems, or more than a thousand repeats;
//! and an error of the fold's while adding up (a sum too large) in a file
//! without problems, which the plain way meets again.
//!
//! Two entry points: [`fold_file`] runs a [`Fold`] over the items as they
//! come, [`load_file`] keeps them all.

use std::collections::BTreeMap;
use std::hash::BuildHasher;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

use crate::amount::Unit;
use crate::error::{InvalidInput, LoadError, Problem};
use crate::load::fold::{Fold, Folded, IdLines, Whole};
use crate::load::places::item_places;
use crate::load::progress::{Progress, Silent};
use crate::load::quick::quick_items;
use crate::load::repeats::Repeats;
use crate::load::{
    Examined, MAX_INPUT_BYTES, RECOVERY_LIMIT, display_name, examine_batch, first_problem,
    is_stdin, load, parse_batch, parse_bytes, tables_may_follow,
};
use crate::model::{CategoryPath, Item, Total, YearFile};

mod consume;

use consume::{Consumer, Found, Step, consume_in_order};

/// When and how finely a file is read in batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batching {
    /// Files smaller than this are read the plain way: threads would cost
    /// more than they save. From
    /// about a thousand items the quick reader pays: a 10,000-item file
    /// (1.5 MB) takes 9 ms batched, 36 ms the plain way.
    pub from_bytes: u64,
    /// Bytes read before a batch is cut.
    pub batch_bytes: usize,
}

impl Default for Batching {
    fn default() -> Self {
        Batching {
            from_bytes: 64 << 10,
            batch_bytes: 256 << 10,
        }
    }
}

const ITEM_HEADER: &[u8] = b"\n[[item]]";

/// Most bytes of batches joined to find the end of a multi-line string.
pub const MOST_JOINED: usize = 16 << 20;

/// Folds a year file with `F`, in batches on every core when it is large
/// (see [`Batching`]), telling `progress` how the reading goes. The
/// heading comes back with every printed total but no items.
pub fn fold_file<F: Fold, E: From<LoadError> + From<F::Error>>(
    batching: Batching,
    progress: &dyn Progress,
    path: impl AsRef<Path>,
    options: &F::Options,
) -> Result<Folded<F>, E> {
    let path = path.as_ref();
    if let Some(streamed) = fold_in_batches::<F>(batching, progress, path, options) {
        return streamed.map_err(|problems| E::from(first_problem(problems)));
    }
    let mut head = load(path)?;
    let items = std::mem::take(&mut head.items);
    let count = items.len();
    let mut fold = F::new(&head, options);
    fold.merge(F::part(options, items))?;
    Ok(Folded {
        head,
        fold,
        items: count,
    })
}

/// [`fold_file`] without the plain way behind it: `None` where that reads
/// the whole file the plain way (a small file, standard input, a file over
/// the size limit, a problem that cannot be decided batch by batch, an
/// error of the fold's: see the module's documentation), and where the
/// streamed read found problems, every problem the plain way lists for
/// `check` (one syntax error, or the problems of fields and repeats), in
/// the order found: the plain way's first error is the nearest the start.
pub fn fold_in_batches<F: Fold>(
    batching: Batching,
    progress: &dyn Progress,
    path: impl AsRef<Path>,
    options: &F::Options,
) -> Option<Result<Folded<F>, Vec<InvalidInput>>> {
    let path = path.as_ref();
    let size = std::fs::metadata(path)
        .ok()
        .filter(|m| !is_stdin(path) && m.is_file())?
        .len();
    // Input beyond the limit is refused by the plain way.
    if size < batching.from_bytes || size > MAX_INPUT_BYTES as u64 {
        return None;
    }
    progress.start(&display_name(path), size);
    let streamed = read_in_batches::<F>(batching.batch_bytes, progress, path, options);
    progress.finish();
    match streamed {
        Streamed::Read(folded) => Some(Ok(*folded)),
        Streamed::Invalid(problems) => Some(Err(problems)),
        Streamed::Plain => None,
    }
}

/// Loads a whole year file, in batches when it is large.
pub fn load_file(
    batching: Batching,
    progress: &dyn Progress,
    path: impl AsRef<Path>,
) -> Result<YearFile, LoadError> {
    let path = path.as_ref();
    // No item takes fewer than 40 bytes, so this never grows (and copies)
    // the vector; pages reserved but never written cost no memory.
    let most_items = std::fs::metadata(path).map_or(0, |m| m.len() / 40) as usize;
    let capacity = most_items.min(1 << 24);
    let folded = fold_file::<Whole, LoadError>(batching, progress, path, &capacity)?;
    Ok(YearFile {
        items: folded.fold.finish(),
        ..folded.head
    })
}

/// The streamed read alone, without the plain way behind it: `None` where
/// [`load_file`] would fall back to reading the whole file, the error where
/// the streamed read found it (its first problem). For tests and
/// benchmarks that must know the batches were used.
pub fn load_in_batches(
    batch_bytes: usize,
    path: impl AsRef<Path>,
) -> Option<Result<YearFile, LoadError>> {
    match read_in_batches::<Whole>(batch_bytes, &Silent, path.as_ref(), &0) {
        Streamed::Read(folded) => Some(Ok(YearFile {
            items: folded.fold.finish(),
            ..folded.head
        })),
        Streamed::Invalid(problems) => Some(Err(first_problem(problems))),
        Streamed::Plain => None,
    }
}

/// How a streamed read ended.
enum Streamed<F> {
    /// The heading, the fold and the number of items.
    Read(Box<Folded<F>>),
    /// The plain way's problems, found without it (never none).
    Invalid(Vec<InvalidInput>),
    /// The plain way must decide.
    Plain,
}

/// A batch for a worker: its place in the file and its bytes.
struct Batch {
    index: usize,
    place: Place,
    bytes: Vec<u8>,
}

/// Where a batch lies in the file.
#[derive(Debug, Clone, Copy)]
struct Place {
    /// Its first byte's offset in the file.
    start: u64,
    len: usize,
    lines_before: usize,
}

/// What a worker made of a batch.
enum Outcome<P> {
    /// Read without a problem: the number of items with the fold's part,
    /// the hashes of the batch's ids with their items' lines, and its
    /// printed totals.
    Read((usize, P), Vec<(u64, usize)>, Vec<Total>),
    /// Anything else, as examined.
    Examined(Examined),
}

/// What a worker made of a batch, with the batch's index and place.
type Parsed<P> = (usize, Place, Outcome<P>);

/// The streamed read; [`Streamed::Plain`] when the plain way must decide
/// (see the module's documentation).
fn read_in_batches<F: Fold>(
    batch_bytes: usize,
    progress: &dyn Progress,
    path: &Path,
    options: &F::Options,
) -> Streamed<F> {
    let Some((folded, consumer)) = read_all_batches::<F>(batch_bytes, progress, path, options)
    else {
        return Streamed::Plain;
    };
    let found = consumer.found;
    // A syntax error anywhere comes first, then an error of meaning, then
    // the problems of fields and repeats.
    if let Some(first) = found.syntax.or(found.meaning) {
        return Streamed::Invalid(vec![first]);
    }
    let Some(repeated) = consumer
        .repeats
        .problems(path, &consumer.file, consumer.unit)
    else {
        return Streamed::Plain;
    };
    let mut problems = found.problems;
    problems.extend(repeated);
    match (problems.is_empty(), found.any) {
        (true, false) => Streamed::Read(Box::new(folded)),
        // Problems were found that the loader does not report: a
        // disagreement the plain way settles.
        (true, true) => Streamed::Plain,
        (false, _) => Streamed::Invalid(problems),
    }
}

/// Every batch, in order; the file folded and what the batches with
/// problems and the repeats held, `None` when the plain way must decide.
fn read_all_batches<F: Fold>(
    batch_bytes: usize,
    progress: &dyn Progress,
    path: &Path,
    options: &F::Options,
) -> Option<(Folded<F>, Consumer)> {
    let name = &*display_name(path);
    let size = std::fs::metadata(path).ok()?.len();
    let mut reader = std::fs::File::open(path).ok()?;
    let (head_bytes, carry) = read_head(&mut reader, batch_bytes)?;
    let mut head = parse_bytes(&head_bytes, name).ok()?;
    let head_text = std::str::from_utf8(&head_bytes).ok()?;
    if !tables_may_follow(head_text.strip_prefix('\u{feff}').unwrap_or(head_text)) {
        return None;
    }
    progress.advance((head_bytes.len() + carry.len()) as u64);
    let lines_before = memchr::memchr_iter(b'\n', &head_bytes).count();
    let head_len = head_bytes.len() as u64;
    drop(head_bytes);

    let mut consumer = Consumer {
        file: name.to_owned(),
        unit: head.unit,
        // The plain way lists or picks the syntax errors of a small file
        // by their place, not as the parser reports the first.
        decides_syntax: size > (RECOVERY_LIMIT + 3) as u64,
        rereader: std::fs::File::open(path).ok()?,
        repeats: Repeats::default(),
        found: Found::default(),
        pending: None,
    };
    let head_items = std::mem::take(&mut head.items);
    let mut folded = Folded {
        fold: F::new(&head, options),
        items: head_items.len(),
        head,
    };
    if !consumer.repeats.note_ids(&id_hashes(&head_items)) {
        return None;
    }
    let part = F::part(options, head_items);
    folded.fold.merge(part).ok()?;

    let unit = folded.head.unit;
    let stop = AtomicBool::new(false);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8));
    let (job_sender, job_receiver) = mpsc::sync_channel::<Batch>(workers * 2);
    let (result_sender, result_receiver) = mpsc::sync_channel::<Parsed<F::Part>>(workers * 2);
    let job_receiver = Mutex::new(job_receiver);

    let outcome = std::thread::scope(|scope| {
        let stop = &stop;
        scope.spawn(move || {
            let reading = Reading {
                batch_bytes,
                progress,
                stop,
            };
            let start = Place {
                start: head_len,
                len: 0,
                lines_before,
            };
            split_into_batches(reader, carry, start, reading, job_sender)
        });
        for _ in 0..workers {
            let results = result_sender.clone();
            let jobs = &job_receiver;
            scope.spawn(move || parse_batches::<F>(jobs, results, name, unit, options, stop));
        }
        drop(result_sender);
        let step = consume_in_order(result_receiver, &mut folded, &mut consumer, options);
        if step != Step::Next {
            stop.store(true, Ordering::Relaxed);
        }
        step != Step::Plain
    });
    outcome.then_some((folded, consumer))
}

/// Reads until the first `[[item]]` header after the top of the file; the
/// top (with the year, region and unit) and what was read past it. `None`
/// for a file with no such header or that cannot be read.
fn read_head(reader: &mut impl Read, batch_bytes: usize) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut buffer = Vec::new();
    loop {
        let read = read_block(reader, &mut buffer, batch_bytes)?;
        if let Some(cut) = memchr::memmem::find(&buffer, ITEM_HEADER) {
            let carry = buffer.split_off(cut + 1);
            return Some((buffer, carry));
        }
        if read == 0 {
            return None;
        }
    }
}

/// Appends up to one block; the number of bytes read, `None` on an error.
fn read_block(reader: &mut impl Read, buffer: &mut Vec<u8>, block: usize) -> Option<usize> {
    let before = buffer.len();
    buffer.resize(before + block, 0);
    let mut filled = before;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    buffer.truncate(filled);
    Some(filled - before)
}

/// What the reading thread shares with the others.
struct Reading<'r> {
    batch_bytes: usize,
    progress: &'r dyn Progress,
    stop: &'r AtomicBool,
}

/// The reading thread: cuts the rest of the file, from `place` on, into
/// batches.
fn split_into_batches(
    mut reader: std::fs::File,
    mut buffer: Vec<u8>,
    mut place: Place,
    reading: Reading<'_>,
    jobs: mpsc::SyncSender<Batch>,
) {
    let mut index = 0;
    loop {
        if reading.stop.load(Ordering::Relaxed) {
            return;
        }
        let Some(read) = read_block(&mut reader, &mut buffer, reading.batch_bytes) else {
            // A read error: a batch that is not UTF-8 sends the file down
            // the plain way, which reports the error.
            let _ = jobs.send(Batch {
                index,
                place: Place { len: 1, ..place },
                bytes: b"\xFF".to_vec(),
            });
            return;
        };
        reading.progress.advance(read as u64);
        let at_end = read == 0;
        let cut = if at_end {
            Some(buffer.len())
        } else {
            memchr::memmem::rfind(&buffer, ITEM_HEADER)
                .map(|at| at + 1)
                .filter(|&at| at > 0)
        };
        let Some(cut) = cut else { continue };
        let rest = buffer.split_off(cut);
        let bytes = std::mem::replace(&mut buffer, rest);
        if !bytes.is_empty() {
            let lines = memchr::memchr_iter(b'\n', &bytes).count();
            place.len = bytes.len();
            let batch = Batch {
                index,
                place,
                bytes,
            };
            if jobs.send(batch).is_err() {
                return;
            }
            index += 1;
            place.start += place.len as u64;
            place.lines_before += lines;
        }
        if at_end {
            return;
        }
    }
}

/// A worker thread: parses batches until there are none.
fn parse_batches<F: Fold>(
    jobs: &Mutex<mpsc::Receiver<Batch>>,
    results: mpsc::SyncSender<Parsed<F::Part>>,
    file: &str,
    unit: Unit,
    options: &F::Options,
    stop: &AtomicBool,
) {
    loop {
        let job = match jobs.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(batch) = job else { return };
        // Once stopped, batches are taken and dropped, so that the reading
        // thread is never left waiting to hand one over.
        if stop.load(Ordering::Relaxed) {
            continue;
        }
        // SIMD validation: a national file is hundreds of megabytes of text.
        let outcome = match simdutf8::basic::from_utf8(&batch.bytes) {
            Err(_) => Outcome::Examined(Examined::Undecided),
            Ok(text) => match read_from_text::<F>(options, text, batch.place, unit) {
                Some(outcome) => outcome,
                None => match read_in_pieces::<F>(options, text, batch.place, unit) {
                    Some(outcome) => outcome,
                    None => read_whole::<F>(options, text, batch.place, file, unit),
                },
            },
        };
        if results.send((batch.index, batch.place, outcome)).is_err() {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

/// A batch read straight from its text by a fold that can
/// ([`Fold::part_of_text_at`]); `None` for one that cannot, or a batch the
/// quick reader does not take.
fn read_from_text<F: Fold>(
    options: &F::Options,
    text: &str,
    place: Place,
    unit: Unit,
) -> Option<Outcome<F::Part>> {
    let mut ids = IdLines::default();
    let part = F::part_of_text_at(
        options,
        text,
        place.start,
        place.lines_before,
        unit,
        &mut ids,
    )?;
    let hashes = ids.into_hashes();
    Some(Outcome::Read((hashes.len(), part), hashes, Vec::new()))
}

/// A batch read whole: by the quick reader, or else by the general parser,
/// or else examined.
fn read_whole<F: Fold>(
    options: &F::Options,
    text: &str,
    place: Place,
    file: &str,
    unit: Unit,
) -> Outcome<F::Part> {
    let lines_before = place.lines_before;
    match quick_items(text, lines_before, unit) {
        Some(items) => read_outcome::<F>(options, items, Vec::new(), text, place),
        None => match parse_batch(text, file, lines_before, unit) {
            Some((items, totals)) => read_outcome::<F>(options, items, totals, text, place),
            None => Outcome::Examined(examine_batch(text, file, lines_before, unit, false)),
        },
    }
}

/// A batch read a piece at a time by the quick reader, for a fold that
/// asks for pieces ([`Fold::piece_bytes`]): cut just before `[[item]]`
/// headers that start a line, as batches are, so the pieces' items are
/// the whole batch's, one after another. `None` (the batch is read whole)
/// for a fold that does not, a batch of one piece, or a piece the quick
/// reader does not take.
fn read_in_pieces<F: Fold>(
    options: &F::Options,
    text: &str,
    place: Place,
    unit: Unit,
) -> Option<Outcome<F::Part>> {
    let piece_bytes = F::piece_bytes(options)?;
    if text.len() <= piece_bytes {
        return None;
    }
    let wants_places = F::wants_places(options);
    let mut hashes = Vec::new();
    let mut count = 0usize;
    let mut failed = false;
    let mut rest = text;
    let mut start = place.start;
    let mut lines_before = place.lines_before;
    let part = F::part_in_pieces(
        options,
        &mut std::iter::from_fn(|| {
            if rest.is_empty() || failed {
                return None;
            }
            let cut = piece_end(rest, piece_bytes);
            let (piece, after) = rest.split_at(cut);
            let Some(items) = quick_items(piece, lines_before, unit) else {
                failed = true;
                return None;
            };
            let places = wants_places
                .then(|| item_places(piece.as_bytes(), start, lines_before, &items))
                .flatten();
            hashes.extend(id_hashes(&items));
            count += items.len();
            start += cut as u64;
            lines_before += memchr::memchr_iter(b'\n', piece.as_bytes()).count();
            rest = after;
            Some((items, places))
        }),
    );
    (!failed && rest.is_empty()).then(|| Outcome::Read((count, part), hashes, Vec::new()))
}

/// Where the piece at the start of `text` ends: just after the first
/// `\n` before an `[[item]]` header at or past `piece_bytes`, or at the
/// end of the text.
fn piece_end(text: &str, piece_bytes: usize) -> usize {
    let bytes = text.as_bytes();
    if bytes.len() <= piece_bytes {
        return bytes.len();
    }
    memchr::memmem::find(&bytes[piece_bytes..], ITEM_HEADER)
        .map_or(bytes.len(), |at| piece_bytes + at + 1)
}

/// A batch read without a problem, made ready for the calling thread.
fn read_outcome<F: Fold>(
    options: &F::Options,
    items: Vec<Item>,
    totals: Vec<Total>,
    text: &str,
    place: Place,
) -> Outcome<F::Part> {
    let hashes = id_hashes(&items);
    let count = items.len();
    let part = part_of::<F>(options, items, text, place);
    Outcome::Read((count, part), hashes, totals)
}

/// The fold's part of the items of the batch `text` at `place`, with the
/// items' places in the file when the fold wants them.
fn part_of<F: Fold>(options: &F::Options, items: Vec<Item>, text: &str, place: Place) -> F::Part {
    if F::wants_places(options) {
        let places = item_places(text.as_bytes(), place.start, place.lines_before, &items);
        F::part_placed(options, items, places)
    } else {
        F::part(options, items)
    }
}

/// The hashes of the items' ids with their lines (worked out on the
/// worker threads).
fn id_hashes(items: &[Item]) -> Vec<(u64, usize)> {
    let mut ids = IdLines::default();
    for item in items {
        ids.note(&item.id, item.line);
    }
    ids.into_hashes()
}

#[cfg(test)]
mod tests;
