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
use crate::load::quick::quick_items;
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
    let mut items = Vec::with_capacity(places.len());
    let mut rest = places;
    while let Some(first) = rest.first() {
        let run = 1 + rest
            .windows(2)
            .take_while(|pair| pair[0].end() == u64::from(pair[1].offset))
            .count();
        let (stretch, after) = rest.split_at(run);
        read_stretch(file, stretch, name, unit, buffer, &mut items).map_err(|e| match e {
            Some(error) => ReadBackError::Io(error),
            None => ReadBackError::Changed { line: first.line },
        })?;
        rest = after;
    }
    Ok(items)
}

/// Reads places that follow each other in the file; `Err(None)` when the
/// bytes do not parse to exactly those items.
fn read_stretch(
    file: &File,
    stretch: &[ItemPlace],
    name: &str,
    unit: Unit,
    buffer: &mut Vec<u8>,
    items: &mut Vec<Item>,
) -> Result<(), Option<std::io::Error>> {
    let (Some(first), Some(last)) = (stretch.first(), stretch.last()) else {
        return Ok(());
    };
    let start = u64::from(first.offset);
    let len = usize::try_from(last.end() - start).map_err(|_| None)?;
    buffer.clear();
    buffer.resize(len, 0);
    read_exact_at(file, buffer, start).map_err(Some)?;
    let text = simdutf8::basic::from_utf8(buffer).map_err(|_| None)?;
    let lines_before = (first.line as usize).saturating_sub(1);
    let read = match quick_items(text, lines_before, unit) {
        Some(read) => read,
        None => parse_batch(text, name, lines_before, unit).ok_or(None)?.0,
    };
    let same = read.len() == stretch.len()
        && read
            .iter()
            .zip(stretch)
            .all(|(item, place)| item.line == place.line as usize);
    if !same {
        return Err(None);
    }
    items.extend(read);
    Ok(())
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
}
