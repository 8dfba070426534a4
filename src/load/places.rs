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
use crate::load::quick::quick_items_into;
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
    let gathered = Gathered::read(file, places.to_vec(), 1, buffer)?;
    gathered.items(0..places.len(), name, unit)
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
}

impl Gathered {
    /// Reads the bytes of `places` (in any order) from `file`, on
    /// `threads` threads; `window` is room for a window's bytes.
    pub fn read(
        file: &File,
        places: Vec<ItemPlace>,
        threads: usize,
        window: &mut Vec<u8>,
    ) -> std::io::Result<Gathered> {
        Gathered::read_through(file, places, threads, window, Windows::USUAL)
    }

    fn read_through(
        file: &File,
        places: Vec<ItemPlace>,
        threads: usize,
        window: &mut Vec<u8>,
        windows: Windows,
    ) -> std::io::Result<Gathered> {
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
        let mut bytes = vec![0; total];
        let mut rooms: Vec<&mut [u8]> = Vec::with_capacity(places.len());
        let mut rest = &mut bytes[..];
        for place in &places {
            let (room, after) = std::mem::take(&mut rest).split_at_mut(place.len as usize);
            rooms.push(room);
            rest = after;
        }
        // Each place's offset and its index in one number: plain numbers
        // sort several times quicker than indices by a key looked up.
        // Places are in a file of at most 1 GiB: fewer than 2^32 of them.
        let mut order: Vec<u64> = places
            .iter()
            .enumerate()
            .map(|(index, place)| u64::from(place.offset) << 32 | index as u64)
            .collect();
        order.sort_unstable();
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
        if threads == 1 {
            read_sorted(file, &mut sorted, window, windows)?;
        } else {
            read_sorted_on_threads(file, &mut sorted, threads, windows)?;
        }
        drop(sorted);
        let bytes = match simdutf8::basic::from_utf8(&bytes) {
            // SAFETY: the bytes were just checked to be UTF-8 (by SIMD: a
            // second check by `String::from_utf8` would cost several times
            // as much on a national file).
            Ok(_) => Ok(unsafe { String::from_utf8_unchecked(bytes) }),
            Err(_) => Err(bytes),
        };
        Ok(Gathered {
            places,
            starts,
            bytes,
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
            )
            .ok_or(ReadBackError::Changed { line: first.line })?;
            at += run;
            rest = after;
        }
        Ok(items)
    }
}

impl Gathered {
    /// The text of `range` of the bytes, if it is UTF-8.
    fn text(&self, range: std::ops::Range<usize>) -> Option<&str> {
        match &self.bytes {
            Ok(text) => text.get(range),
            Err(bytes) => simdutf8::basic::from_utf8(&bytes[range]).ok(),
        }
    }
}

/// Reads the bytes of `sorted` (places in the file's order, each with its
/// room) on `threads` threads, each taking a share of the places.
fn read_sorted_on_threads(
    file: &File,
    sorted: &mut [(ItemPlace, &mut [u8])],
    threads: usize,
    windows: Windows,
) -> std::io::Result<()> {
    let share = sorted.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = sorted
            .chunks_mut(share)
            .map(|chunk| scope.spawn(move || read_sorted(file, chunk, &mut Vec::new(), windows)))
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
            window.clear();
            window.resize((end - start) as usize, 0);
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
fn parse_stretch(
    text: Option<&str>,
    stretch: &[ItemPlace],
    name: &str,
    unit: Unit,
    items: &mut Vec<Item>,
) -> Option<()> {
    let first = stretch.first()?;
    let text = text?;
    let lines_before = (first.line as usize).saturating_sub(1);
    let before = items.len();
    if quick_items_into(text, lines_before, unit, items).is_none() {
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
mod tests {
    use super::*;
    use crate::load::quick::quick_items;

    fn items_of(text: &str, lines_before: usize) -> Vec<Item> {
        quick_items(text, lines_before, Unit::WON).expect("plain items")
    }

    const TWO: &str = "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"x\"\namount = 1\n\n\
                       [[item]]\nid = \"b\"\nname = \"B\"\ncategory = \"x/y\"\namount = 2\n";

    #[test]
    fn places_run_from_header_to_header() {
        let items = items_of(TWO, 10);
        let places = item_places(TWO.as_bytes(), 1000, 10, &items).expect("places");
        // The second header is on the batch's 7th line (11 + 6 = 17), at
        // byte 56 (five lines of 9, 9, 11, 15 and 11 bytes, and a blank one).
        let second = TWO.find("\n[[item]]").unwrap() + 1;
        assert_eq!(second, 9 + 9 + 11 + 15 + 11 + 1);
        assert_eq!(
            places,
            [
                ItemPlace {
                    offset: 1000,
                    len: second as u32,
                    line: 11
                },
                ItemPlace {
                    offset: 1000 + second as u32,
                    len: (TWO.len() - second) as u32,
                    line: 17
                },
            ]
        );
    }

    #[test]
    fn a_header_inside_a_string_leaves_the_batch_without_places() {
        // The general parser reads one item; a `[[item]]` starts a line of
        // its multi-line name.
        let text =
            "[[item]]\nid = \"a\"\nname = \"\"\"A\n[[item]]\"\"\"\ncategory = \"x\"\namount = 1\n";
        let (items, _) = parse_batch(text, "t.toml", 0, Unit::WON).expect("parses");
        assert_eq!(items.len(), 1);
        assert_eq!(item_places(text.as_bytes(), 0, 0, &items), None);
    }

    #[test]
    fn an_indented_header_leaves_the_batch_without_places() {
        let text = TWO.replace("\n[[item]]", "\n  [[item]]");
        let (items, _) = parse_batch(&text, "t.toml", 0, Unit::WON).expect("parses");
        assert_eq!(items.len(), 2);
        assert_eq!(item_places(text.as_bytes(), 0, 0, &items), None);
    }

    #[test]
    fn items_are_read_back_in_the_order_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.toml");
        let head = "year = 2025\nregion = \"R\"\n\n";
        std::fs::write(&path, format!("{head}{TWO}")).unwrap();
        let items = items_of(TWO, 3);
        let places = item_places(TWO.as_bytes(), head.len() as u64, 3, &items).unwrap();
        let file = File::open(&path).unwrap();
        let mut buffer = Vec::new();
        let read = |order: &[ItemPlace], buffer: &mut Vec<u8>| {
            read_items(&file, order, "t.toml", Unit::WON, buffer)
                .unwrap()
                .into_iter()
                .map(|item| item.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(read(&places, &mut buffer), ["a", "b"]);
        assert_eq!(read(&[places[1], places[0]], &mut buffer), ["b", "a"]);
        // The file changes: the place no longer holds the item.
        std::fs::write(&path, format!("# one more line\n{head}{TWO}")).unwrap();
        let file = File::open(&path).unwrap();
        let error = read_items(&file, &places, "t.toml", Unit::WON, &mut buffer).unwrap_err();
        assert!(
            matches!(error, ReadBackError::Changed { line: 4 }),
            "{error:?}"
        );
    }

    /// Places cut from a file of `len` bytes at `cuts` (a place between two
    /// cuts where `keep` says so), with lines numbered by their order.
    fn places_cut(len: u32, cuts: &[u32], keep: &[bool]) -> Vec<ItemPlace> {
        let mut bounds: Vec<u32> = cuts.iter().map(|cut| cut % len).collect();
        bounds.extend([0, len]);
        bounds.sort_unstable();
        bounds.dedup();
        bounds
            .windows(2)
            .zip(keep.iter().cycle())
            .enumerate()
            .filter(|(_, (_, keep))| **keep)
            .map(|(index, (pair, _))| ItemPlace {
                offset: pair[0],
                len: pair[1] - pair[0],
                line: index as u32 + 1,
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 64,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// However places are cut, chosen, ordered and spread over windows
        /// and threads, each place's bytes are those one read of it gives.
        #[test]
        fn windows_give_each_place_its_own_bytes(
            content in proptest::collection::vec(proptest::num::u8::ANY, 1..3000),
            cuts in proptest::collection::vec(0u32..3000, 0..40),
            keep in proptest::collection::vec(proptest::bool::weighted(0.6), 1..8),
            shuffle in proptest::collection::vec(0usize..1000, 0..40),
            gap in 0u64..200,
            bytes in 1u64..600,
            threads in 1usize..4,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("bytes");
            std::fs::write(&path, &content).unwrap();
            let file = File::open(&path).unwrap();
            let mut places = places_cut(content.len() as u32, &cuts, &keep);
            // Asked in some order other than the file's.
            for (at, swap) in shuffle.iter().enumerate() {
                if !places.is_empty() {
                    let (a, b) = (at % places.len(), swap % places.len());
                    places.swap(a, b);
                }
            }
            let windows = Windows { gap, bytes };
            let gathered =
                Gathered::read_through(&file, places.clone(), threads, &mut Vec::new(), windows)
                    .unwrap();
            proptest::prop_assert_eq!(gathered.len(), places.len());
            for (index, place) in places.iter().enumerate() {
                let mut one = vec![0; place.len as usize];
                read_exact_at(&file, &mut one, u64::from(place.offset)).unwrap();
                proptest::prop_assert_eq!(gathered.bytes_of(index), &one[..]);
            }
        }
    }

    #[test]
    fn items_apart_are_read_back_through_one_window_or_two() {
        // a and c, with b's 57 bytes between them: one window reads all
        // three when gaps of 57 bytes are read through, two when not (or
        // when a window holds fewer bytes than a and c); the items are the
        // same either way.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.toml");
        let third = "[[item]]\nid = \"c\"\nname = \"C\"\ncategory = \"y\"\namount = 3\n";
        let text = format!("{TWO}{third}");
        std::fs::write(&path, &text).unwrap();
        let items = items_of(&text, 0);
        let places = item_places(text.as_bytes(), 0, 0, &items).unwrap();
        // b: five lines of 9, 9, 11, 17 and 11 bytes.
        assert_eq!(places[1].len, 9 + 9 + 11 + 17 + 11);
        let file = File::open(&path).unwrap();
        let asked = vec![places[2], places[0]];
        for windows in [
            Windows {
                gap: 0,
                bytes: 1024,
            },
            Windows {
                gap: 56,
                bytes: 1024,
            },
            Windows {
                gap: 57,
                bytes: 1024,
            },
            Windows {
                gap: 1024,
                bytes: 1,
            },
            Windows::USUAL,
        ] {
            let gathered =
                Gathered::read_through(&file, asked.clone(), 1, &mut Vec::new(), windows).unwrap();
            let read: Vec<(String, usize)> = gathered
                .items(0..2, "t.toml", Unit::WON)
                .unwrap()
                .into_iter()
                .map(|item| (item.id, item.line))
                .collect();
            // a on line 1; c after a's six lines (a blank one among them)
            // and b's five: line 12.
            assert_eq!(read, [("c".into(), 12), ("a".into(), 1)], "{windows:?}");
        }
    }
}
