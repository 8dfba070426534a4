//! Where each item is written in a large file, so that an output of every
//! row can read items back one stretch at a time instead of keeping them
//! all (`summarize --format jsonl` of a national file): a few bytes an
//! item instead of the item.
//!
//! An item's place runs from the start of its `[[item]]` header line to the
//! start of the next item's (or the end of its batch), so that the bytes
//! read back parse, alone, to that one item (and any `[[total]]` written
//! after it). Places are only trusted where every item of a batch starts
//! exactly at an `[[item]]` at the start of a line, in order, on the line
//! the reader gave the item: anything else (an indented header, `[[item]]`
//! at the start of a line inside a multi-line string) leaves the batch
//! without places, and the caller takes its plain path.

use std::fs::File;

use crate::amount::Unit;
use crate::load::parse_batch;
use crate::load::quick::{WrittenPaths, lean_fields, quick_items_into_looking_up};
use crate::model::Item;

/// Where one item is written: its bytes and the line they start on. Files
/// are at most [`crate::load::MAX_INPUT_BYTES`] (1 GiB), so 32 bits hold
/// every offset, length and line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemPlace {
    /// Byte offset of the start of the item's `[[item]]` line.
    pub offset: u32,
    /// Bytes up to the next item's place (or the end of the batch).
    pub len: u32,
    /// The line the item's header is on (1-based).
    pub line: u32,
}

impl ItemPlace {
    /// The offset just past the item's bytes.
    fn end(self) -> u64 {
        u64::from(self.offset) + u64::from(self.len)
    }
}

const HEADER: &[u8] = b"[[item]]";

/// The places of a batch's `items`: `bytes` (starting at byte `offset` of
/// the file, after `lines_before` lines) holds them. `None` unless each item
/// starts, in order, at an `[[item]]` at the start of a line, on its own
/// line, and nothing else in the batch looks like such a header.
pub(crate) fn item_places(
    bytes: &[u8],
    offset: u64,
    lines_before: usize,
    items: &[Item],
) -> Option<Vec<ItemPlace>> {
    let mut starts = Vec::with_capacity(items.len());
    let mut line = lines_before;
    let mut counted_to = 0;
    for at in memchr::memmem::find_iter(bytes, HEADER) {
        if at > 0 && bytes[at - 1] != b'\n' {
            continue;
        }
        line += memchr::memchr_iter(b'\n', &bytes[counted_to..at]).count();
        counted_to = at;
        let item = items.get(starts.len())?;
        // `line` counts the lines before this one.
        if item.line != line + 1 {
            return None;
        }
        starts.push(at);
    }
    if starts.len() != items.len() {
        return None;
    }
    let ends = starts.iter().skip(1).copied().chain([bytes.len()]);
    starts
        .iter()
        .zip(ends)
        .zip(items)
        .map(|((&start, end), item)| {
            Some(ItemPlace {
                offset: u32::try_from(offset.checked_add(start as u64)?).ok()?,
                len: u32::try_from(end - start).ok()?,
                line: u32::try_from(item.line).ok()?,
            })
        })
        .collect()
}

/// Why items could not be read back from their places.
#[derive(Debug, thiserror::Error)]
pub enum ReadBackError {
    #[error("cannot read it again: {0}")]
    Io(#[from] std::io::Error),
    #[error("it changed while it was read (line {line} is no longer the item it was)")]
    Changed { line: u32 },
    #[error("it could not be read again in full")]
    Lost,
}

/// Reads back the items at `places` (in any order) from `file`, which the
/// places were taken from. Places that follow each other in the file are
/// read and parsed together. Fails if the bytes are no longer those items.
pub fn read_items(
    file: &File,
    places: &[ItemPlace],
    name: &str,
    unit: Unit,
    buffer: &mut Vec<u8>,
) -> Result<Vec<Item>, ReadBackError> {
    let room = Room {
        bytes: Vec::new(),
        windows: vec![std::mem::take(buffer)],
    };
    let gathered = Gathered::read(file, Asked::new(places.to_vec()), 1, room)?;
    let items = gathered.items(0..places.len(), name, unit);
    if let Some(window) = gathered.into_room().windows.pop() {
        *buffer = window;
    }
    items
}

/// Places to read back, with where each one's bytes go and the order
/// they lie in the file worked out (a sort of every place): made before
/// the read ([`Gathered::read`]), so that a caller can make the next
/// group's while it writes the rows of this one.
#[derive(Debug)]
pub struct Asked {
    /// The places, in the order asked.
    places: Vec<ItemPlace>,
    /// Where each place's bytes start among all of theirs, in the order
    /// asked.
    starts: Vec<usize>,
    /// The bytes of every place.
    total: usize,
    /// Each place's offset and its index in one number (plain numbers
    /// sort several times quicker than indices by a key looked up), in
    /// the file's order. A file of at most 1 GiB has fewer than 2^32
    /// places.
    order: Vec<u64>,
}

impl Asked {
    /// `places` (in any order) to be read back in that order.
    pub fn new(places: Vec<ItemPlace>) -> Asked {
        // Each place's bytes go to their room in the order asked, so that
        // the items are parsed from memory read straight through: rooms
        // in the file's order sent the parser all over a buffer of many
        // megabytes, a cache miss (or worse, a TLB miss) an item.
        let mut starts = Vec::with_capacity(places.len());
        let mut total = 0usize;
        for place in &places {
            starts.push(total);
            total += place.len as usize;
        }
        let mut order: Vec<u64> = places
            .iter()
            .enumerate()
            .map(|(index, place)| u64::from(place.offset) << 32 | index as u64)
            .collect();
        order.sort_unstable();
        Asked {
            places,
            starts,
            total,
            order,
        }
    }
}

/// The memory reads of places take, kept from one read to the next (see
/// [`Gathered::into_room`]): the buffer of the places' bytes and a window
/// for each reading thread. A large file's rows are read back a group of
/// stretches at a time: fresh buffers for each group cost a page fault
/// every 4 KiB of them, and zeroing them, every time.
#[derive(Debug, Default)]
pub struct Room {
    bytes: Vec<u8>,
    windows: Vec<Vec<u8>>,
}

/// How places are read together.
#[derive(Debug, Clone, Copy)]
struct Windows {
    /// Places whose bytes lie at most this far apart are read in one
    /// window: copying a few kilobytes more costs less than another read.
    gap: u64,
    /// The most bytes one window reads (the size of its buffer), unless a
    /// single place is longer.
    bytes: u64,
}

impl Windows {
    const USUAL: Windows = Windows {
        gap: 8 * 1024,
        bytes: 1024 * 1024,
    };
}

/// The bytes of many places, read through windows: the places sorted by
/// their offset, those close together read with one read (see
/// [`Windows::USUAL`]), instead of one read each. The items of a stretch of
/// rows sit all over a file (rows go by category, the file in another
/// order), so one read a place costs a system call an item; a few thousand
/// places from all over the file cover it densely enough that windows read
/// it nearly whole, a megabyte at a time.
#[derive(Debug)]
pub struct Gathered {
    /// The places, in the order asked.
    places: Vec<ItemPlace>,
    /// Where each place's bytes start in `bytes`, in the order asked.
    starts: Vec<usize>,
    /// Every place's bytes, in the order asked: as text where they are
    /// UTF-8 as a whole (checked once: a check a place costs as much as
    /// parsing it), when a run of places is text where it starts and ends
    /// on a character's boundary.
    bytes: Result<String, Vec<u8>>,
    /// The windows the bytes were read through, kept for the next read.
    windows: Vec<Vec<u8>>,
}

impl Gathered {
    /// Reads the bytes of the places `asked` from `file`, on `threads`
    /// threads, in `room` (given back by [`Gathered::into_room`]).
    pub fn read(
        file: &File,
        asked: Asked,
        threads: usize,
        room: Room,
    ) -> std::io::Result<Gathered> {
        Gathered::read_through(file, asked, threads, room, Windows::USUAL)
    }

    /// The room the bytes were read in, for another read.
    pub fn into_room(self) -> Room {
        let bytes = match self.bytes {
            Ok(text) => text.into_bytes(),
            Err(bytes) => bytes,
        };
        Room {
            bytes,
            windows: self.windows,
        }
    }

    fn read_through(
        file: &File,
        asked: Asked,
        threads: usize,
        room: Room,
        windows: Windows,
    ) -> std::io::Result<Gathered> {
        let Room {
            mut bytes,
            windows: mut room_windows,
        } = room;
        let Asked {
            places,
            starts,
            total,
            order,
        } = asked;
        // Every byte is read into below: only room the buffer never had
        // is zeroed. Too small, it is made anew (growing would copy it)
        // with room to spare for the next read's few bytes more.
        if bytes.capacity() < total {
            bytes = Vec::with_capacity(total.saturating_add(total / 8));
        }
        bytes.truncate(total);
        bytes.resize(total, 0);
        let mut rooms: Vec<&mut [u8]> = Vec::with_capacity(places.len());
        let mut rest = &mut bytes[..];
        for place in &places {
            let (room, after) = std::mem::take(&mut rest).split_at_mut(place.len as usize);
            rooms.push(room);
            rest = after;
        }
        let index_of = |key: u64| (key & u64::from(u32::MAX)) as usize;
        let mut sorted: Vec<(ItemPlace, &mut [u8])> = order
            .iter()
            .map(|&key| {
                let index = index_of(key);
                (places[index], std::mem::take(&mut rooms[index]))
            })
            .collect();
        drop(order);
        drop(rooms);
        let threads = threads.clamp(1, sorted.len().max(1));
        if room_windows.len() < threads {
            room_windows.resize_with(threads, Vec::new);
        }
        if threads == 1 {
            read_sorted(file, &mut sorted, &mut room_windows[0], windows)?;
        } else {
            read_sorted_on_threads(file, &mut sorted, &mut room_windows[..threads], windows)?;
        }
        drop(sorted);
        let bytes = if is_utf8(&bytes, threads > 1) {
            // SAFETY: the bytes were just checked to be UTF-8 (by SIMD: a
            // second check by `String::from_utf8` would cost several times
            // as much on a national file).
            Ok(unsafe { String::from_utf8_unchecked(bytes) })
        } else {
            Err(bytes)
        };
        Ok(Gathered {
            places,
            starts,
            bytes,
            windows: room_windows,
        })
    }

    /// How many places were read.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// No place was read.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The bytes of the place asked `index`-th.
    pub fn bytes_of(&self, index: usize) -> &[u8] {
        let start = self.starts[index];
        let bytes = match &self.bytes {
            Ok(text) => text.as_bytes(),
            Err(bytes) => bytes,
        };
        &bytes[start..start + self.places[index].len as usize]
    }

    /// The items at the places asked in `range` (by their order asked),
    /// parsed as [`read_items`] parses them: places that follow each other
    /// in the file together. Fails if the bytes are no longer those items.
    pub fn items(
        &self,
        range: std::ops::Range<usize>,
        name: &str,
        unit: Unit,
    ) -> Result<Vec<Item>, ReadBackError> {
        let places = &self.places[range.clone()];
        let mut items = Vec::with_capacity(places.len());
        // The items of a stretch of rows share a few categories.
        let mut paths = WrittenPaths::default();
        let mut at = range.start;
        let mut rest = places;
        while let Some(first) = rest.first() {
            let run = 1 + rest
                .windows(2)
                .take_while(|pair| pair[0].end() == u64::from(pair[1].offset))
                .count();
            let (stretch, after) = rest.split_at(run);
            // Places asked one after the other lie one after the other in
            // `bytes` too (it is in the order asked).
            let start = self.starts[at];
            let len: usize = stretch.iter().map(|place| place.len as usize).sum();
            parse_stretch(
                self.text(start..start + len),
                stretch,
                name,
                unit,
                &mut items,
                &mut paths,
            )
            .ok_or(ReadBackError::Changed { line: first.line })?;
            at += run;
            rest = after;
        }
        Ok(items)
    }
}

impl Gathered {
    /// The item at the place asked `index`-th, where it is written in the
    /// one shape [`lean_fields`] reads (its counts only if `with_counts`):
    /// the item [`Gathered::items`] gives (but for the counts left
    /// unread), its category looked up in `paths`. `None` where it is
    /// written another way: [`Gathered::items`] then reads it.
    pub(crate) fn lean_item<'g>(
        &'g self,
        index: usize,
        unit: Unit,
        with_counts: bool,
        paths: &mut WrittenPaths<'g>,
    ) -> Option<Item> {
        let place = self.places.get(index)?;
        let start = self.starts[index];
        let text = self.text(start..start + place.len as usize)?;
        let fields = lean_fields(text, place.line as usize, unit, with_counts)?;
        let at = paths.place_of(fields.category)?;
        Some(fields.into_item_in(paths.path(at).clone()))
    }

    /// The text of `range` of the bytes, if it is UTF-8.
    fn text(&self, range: std::ops::Range<usize>) -> Option<&str> {
        match &self.bytes {
            Ok(text) => text.get(range),
            Err(bytes) => simdutf8::basic::from_utf8(&bytes[range]).ok(),
        }
    }
}

/// Whether `bytes` are UTF-8, checked a half on each of two threads if
/// `parallel` (a group's tens of megabytes, checked while no other work
/// can be done). The halves are cut before a character's first byte: two
/// halves are UTF-8 exactly when the whole is.
fn is_utf8(bytes: &[u8], parallel: bool) -> bool {
    let mut cut = bytes.len() / 2;
    while bytes.get(cut).is_some_and(|&byte| byte & 0xC0 == 0x80) {
        cut += 1;
    }
    let (first, second) = bytes.split_at(cut);
    let check = |half: &[u8]| simdutf8::basic::from_utf8(half).is_ok();
    let (first, second) = crate::parallel::both(
        parallel && bytes.len() >= 1 << 20,
        || check(first),
        || check(second),
    );
    first && second
}

/// Reads the bytes of `sorted` (places in the file's order, each with its
/// room) on a thread for each of `buffers` (a window each), each taking a
/// share of the places.
fn read_sorted_on_threads(
    file: &File,
    sorted: &mut [(ItemPlace, &mut [u8])],
    buffers: &mut [Vec<u8>],
    windows: Windows,
) -> std::io::Result<()> {
    let share = sorted.len().div_ceil(buffers.len().max(1));
    std::thread::scope(|scope| {
        let handles: Vec<_> = sorted
            .chunks_mut(share)
            .zip(buffers.iter_mut())
            .map(|(chunk, window)| scope.spawn(move || read_sorted(file, chunk, window, windows)))
            .collect();
        handles
            .into_iter()
            .try_for_each(|handle| handle.join().expect("a reading thread panicked"))
    })
}

/// Reads the bytes of `sorted` (places in the file's order) into each
/// place's room, a window at a time.
fn read_sorted(
    file: &File,
    sorted: &mut [(ItemPlace, &mut [u8])],
    window: &mut Vec<u8>,
    windows: Windows,
) -> std::io::Result<()> {
    let mut rest = sorted;
    while let Some((first, _)) = rest.first() {
        let start = u64::from(first.offset);
        let mut end = first.end();
        let count = 1 + rest[1..]
            .iter()
            .take_while(|(place, _)| {
                let offset = u64::from(place.offset);
                let fits = offset <= end + windows.gap && place.end() - start <= windows.bytes;
                if fits {
                    end = end.max(place.end());
                }
                fits
            })
            .count();
        let (inside, after) = std::mem::take(&mut rest).split_at_mut(count);
        if let [(_, room)] = inside {
            // A window of one place: read straight into its room.
            read_exact_at(file, room, start)?;
        } else {
            // What the window held before is read over: only room it
            // never had is zeroed.
            let len = (end - start) as usize;
            if window.len() < len {
                window.resize(len, 0);
            }
            let window = &mut window[..len];
            read_exact_at(file, window, start)?;
            for (place, room) in inside.iter_mut() {
                let from = (u64::from(place.offset) - start) as usize;
                room.copy_from_slice(&window[from..from + place.len as usize]);
            }
        }
        rest = after;
    }
    Ok(())
}

/// Parses the bytes of places that follow each other in the file; `None`
/// when they do not parse to exactly those items.
fn parse_stretch<'t>(
    text: Option<&'t str>,
    stretch: &[ItemPlace],
    name: &str,
    unit: Unit,
    items: &mut Vec<Item>,
    paths: &mut WrittenPaths<'t>,
) -> Option<()> {
    let first = stretch.first()?;
    let text = text?;
    let lines_before = (first.line as usize).saturating_sub(1);
    let before = items.len();
    if quick_items_into_looking_up(text, lines_before, unit, items, paths).is_none() {
        items.extend(parse_batch(text, name, lines_before, unit)?.0);
    }
    let read = &items[before..];
    let same = read.len() == stretch.len()
        && read
            .iter()
            .zip(stretch)
            .all(|(item, place)| item.line == place.line as usize);
    if !same {
        items.truncate(before);
        return None;
    }
    Some(())
}

#[cfg(unix)]
fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buffer, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buffer: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buffer.is_empty() {
        match file.seek_read(buffer, offset) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buffer = &mut buffer[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
