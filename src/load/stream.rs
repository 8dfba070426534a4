//! Reading national-scale year files fast and in bounded memory.
//!
//! A large file is read in blocks and cut into batches just before
//! `[[item]]` headers that start a line. Batches are parsed on every core
//! and their items handed to the caller in file order, so memory holds a
//! few batches and what the caller keeps, never the whole file.
//!
//! A cut before `\n[[item]]` is a guess: inside a multi-line string that
//! text is not a header. Such a cut leaves a batch whose string never ends,
//! and that batch fails to parse. Whenever a batch fails, for that or for a
//! real problem, the whole file is read again the plain way
//! ([`crate::load::load`]), which gives exactly the result or the error it
//! always gives. An id or a printed total that repeats is decided without
//! it, by [`crate::load::repeats`], with the plain way's very message. The
//! same goes for a top of the file that writes `item` or `total` in a way
//! `[[item]]` and `[[total]]` tables may not extend (`item = []`), and for
//! an error of the fold's while adding up (a sum too large): a mistake
//! later in the file must be reported first, as the plain way does. So
//! streaming only ever changes how soon the same answer arrives.
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
use crate::error::LoadError;
use crate::load::fold::{Fold, Folded, Whole};
use crate::load::places::item_places;
use crate::load::progress::{Progress, Silent};
use crate::load::quick::quick_items;
use crate::load::repeats::{Repeats, Verdict};
use crate::load::{
    MAX_INPUT_BYTES, display_name, is_stdin, load, parse_batch, parse_bytes, tables_may_follow,
};
use crate::model::{Item, Total, YearFile};

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
        return streamed.map_err(E::from);
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
/// the size limit, any problem in the file but a repeat, an error of the
/// fold's), the error where the streamed read found it (a repeated id or
/// total). For `check`, which reads a file with problems its own way, to
/// list every problem.
pub fn fold_in_batches<F: Fold>(
    batching: Batching,
    progress: &dyn Progress,
    path: impl AsRef<Path>,
    options: &F::Options,
) -> Option<Result<Folded<F>, LoadError>> {
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
        Streamed::Invalid(error) => Some(Err(error)),
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
/// the streamed read found it (a repeated id or total). For tests and
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
        Streamed::Invalid(error) => Some(Err(error)),
        Streamed::Plain => None,
    }
}

/// How a streamed read ended.
enum Streamed<F> {
    /// The heading, the fold and the number of items.
    Read(Box<Folded<F>>),
    /// The plain way's error, found without it (a repeated id or total).
    Invalid(LoadError),
    /// The plain way must decide.
    Plain,
}

/// A batch for a worker: its place in the file and its bytes.
struct Batch {
    index: usize,
    /// Where its bytes start in the file.
    offset: u64,
    lines_before: usize,
    bytes: Vec<u8>,
}

/// What a worker made of a batch: the number of items with the fold's
/// part, the hashes of the batch's ids with their items' lines, and its
/// printed totals; `None` if it had any problem.
type BatchContents<P> = Option<((usize, P), Vec<(u64, usize)>, Vec<Total>)>;

/// What a worker made of a batch, with the batch's index.
type Parsed<P> = (usize, BatchContents<P>);

/// The streamed read; [`Streamed::Plain`] when the plain way must decide:
/// for any problem in the file but a repeat, and for any error of `merge`,
/// which the plain way meets again unless the file has a mistake to report
/// first.
fn read_in_batches<F: Fold>(
    batch_bytes: usize,
    progress: &dyn Progress,
    path: &Path,
    options: &F::Options,
) -> Streamed<F> {
    match read_all_batches::<F>(batch_bytes, progress, path, options) {
        Some((folded, repeats)) => {
            match repeats.verdict(path, &display_name(path), folded.head.unit) {
                Verdict::Distinct => Streamed::Read(Box::new(folded)),
                Verdict::Repeated(error) => Streamed::Invalid(error),
                Verdict::Undecided => Streamed::Plain,
            }
        }
        None => Streamed::Plain,
    }
}

/// Every batch, in order; the file folded and the repeats noted on the
/// way, `None` when the plain way must decide.
fn read_all_batches<F: Fold>(
    batch_bytes: usize,
    progress: &dyn Progress,
    path: &Path,
    options: &F::Options,
) -> Option<(Folded<F>, Repeats)> {
    let name = &*display_name(path);
    let mut reader = std::fs::File::open(path).ok()?;
    let (head_bytes, carry) = read_head(&mut reader, batch_bytes)?;
    let mut head = parse_bytes(&head_bytes, name).ok()?;
    let head_text = std::str::from_utf8(&head_bytes).ok()?;
    if !tables_may_follow(head_text.strip_prefix('\u{feff}').unwrap_or(head_text)) {
        return None;
    }
    progress.advance((head_bytes.len() + carry.len()) as u64);
    let lines_before = memchr::memchr_iter(b'\n', &head_bytes).count();
    let head_bytes_len = head_bytes.len();
    drop(head_bytes);

    let mut repeats = Repeats::default();
    let head_items = std::mem::take(&mut head.items);
    let mut folded = Folded {
        fold: F::new(&head, options),
        items: head_items.len(),
        head,
    };
    if !repeats.note_ids(&id_hashes(&head_items)) {
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
        let offset = head_bytes_len as u64;
        scope.spawn(move || {
            let reading = Reading {
                batch_bytes,
                progress,
                stop,
            };
            let place = (offset, lines_before);
            split_into_batches(reader, carry, place, reading, job_sender)
        });
        for _ in 0..workers {
            let results = result_sender.clone();
            let jobs = &job_receiver;
            scope.spawn(move || parse_batches::<F>(jobs, results, name, unit, options, stop));
        }
        drop(result_sender);
        let complete = consume_in_order(result_receiver, &mut folded, &mut repeats);
        if !complete {
            stop.store(true, Ordering::Relaxed);
        }
        complete
    });
    outcome.then_some((folded, repeats))
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

/// The reading thread: cuts the rest of the file into batches, the first
/// starting at `(offset, lines_before)`.
fn split_into_batches(
    mut reader: std::fs::File,
    mut buffer: Vec<u8>,
    (mut offset, mut lines_before): (u64, usize),
    reading: Reading<'_>,
    jobs: mpsc::SyncSender<Batch>,
) {
    let mut index = 0;
    loop {
        if reading.stop.load(Ordering::Relaxed) {
            return;
        }
        let Some(read) = read_block(&mut reader, &mut buffer, reading.batch_bytes) else {
            // A read error: an empty batch that cannot parse sends the
            // file down the plain way, which reports the error.
            let _ = jobs.send(Batch {
                index,
                offset,
                lines_before,
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
            let len = bytes.len() as u64;
            let batch = Batch {
                index,
                offset,
                lines_before,
                bytes,
            };
            if jobs.send(batch).is_err() {
                return;
            }
            index += 1;
            lines_before += lines;
            offset += len;
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
        let parsed =
            simdutf8::basic::from_utf8(&batch.bytes)
                .ok()
                .and_then(|text| match quick_items(text, batch.lines_before, unit) {
                    Some(items) => Some((items, Vec::new())),
                    None => parse_batch(text, file, batch.lines_before, unit),
                });
        let parsed = parsed.map(|(items, totals)| (id_hashes(&items), items, totals));
        let parsed = parsed.map(|(hashes, items, totals)| {
            let count = items.len();
            let part = if F::wants_places(options) {
                let places = item_places(&batch.bytes, batch.offset, batch.lines_before, &items);
                F::part_placed(options, items, places)
            } else {
                F::part(options, items)
            };
            ((count, part), hashes, totals)
        });
        if results.send((batch.index, parsed)).is_err() {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

/// The calling thread: takes parsed batches in file order. `false` when
/// the plain way must decide.
fn consume_in_order<F: Fold>(
    results: mpsc::Receiver<Parsed<F::Part>>,
    folded: &mut Folded<F>,
    repeats: &mut Repeats,
) -> bool {
    let mut waiting: BTreeMap<usize, BatchContents<F::Part>> = BTreeMap::new();
    let mut next = 0;
    for (index, parsed) in results {
        waiting.insert(index, parsed);
        while let Some(parsed) = waiting.remove(&next) {
            let Some(((count, part), hashes, totals)) = parsed else {
                return false;
            };
            if !repeats.note_ids(&hashes) {
                return false;
            }
            if folded.fold.merge(part).is_err() {
                return false;
            }
            folded.items = folded.items.saturating_add(count);
            let head = &mut folded.head;
            // A total printed twice is noted, to be reported once every
            // batch has been read.
            for total in totals {
                let first = head
                    .totals
                    .iter()
                    .find(|seen| seen.category == total.category);
                match first {
                    Some(first) if !repeats.note(first.line, total.line) => return false,
                    Some(_) => {}
                    None => head.totals.push(total),
                }
            }
            next += 1;
        }
    }
    waiting.is_empty()
}

/// The hashes of the items' ids with their lines (worked out on the
/// worker threads).
fn id_hashes(items: &[Item]) -> Vec<(u64, usize)> {
    let hasher = foldhash::fast::FixedState::default();
    items
        .iter()
        .map(|item| (hasher.hash_one(&item.id), item.line))
        .collect()
}
