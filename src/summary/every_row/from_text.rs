//! The first pass's part of a batch read straight from its text (see
//! [`quick_fields`]), as `--depth` reads it
//! (`summary::builder::text_part`): of each item only its category,
//! amount, whether it enters the totals, and where its `[[item]]` is,
//! instead of every field made into an [`Item`] only to be dropped. The
//! part is the one [`PlacedRows`]' `part_placed` makes of the quick
//! reader's items and their places ([`item_places`]).
//!
//! [`Item`]: crate::model::Item
//! [`PlacedRows`]: super::PlacedRows
//! [`item_places`]: crate::load::places::item_places
#![warn(clippy::arithmetic_side_effects)]

use super::{CategoryNumbers, PlacedPart};
use crate::amount::Unit;
use crate::load::IdLines;
use crate::load::places::ItemPlace;
use crate::load::quick::{WrittenPaths, quick_fields};

/// The part of the batch `text` (whose first byte is byte `start` of the
/// file, after `lines_before` lines), each item's id and line noted in
/// `ids`; `None` where the quick reader gives up, a category is not a path
/// the loader takes, or an item's `[[item]]` does not start its line (the
/// batch is then read the usual way, which says why, or finds no places).
pub(super) fn placed_part(
    text: &str,
    start: u64,
    lines_before: usize,
    unit: Unit,
    ids: &mut IdLines,
) -> Option<PlacedPart> {
    // Items take at least 40 bytes; most take more than a hundred.
    let mut part = PlacedPart::with_capacity(text.len() / 100);
    let mut paths = WrittenPaths::default();
    let mut numbers = CategoryNumbers::default();
    // The category's number of each way of writing it (by its place in
    // `paths`), once an item in totals is written that way.
    let mut ways: Vec<Option<u32>> = Vec::new();
    // Whether the item before was in totals (its place is the last of
    // `part.items`) or not (the last of `part.excluded`).
    let mut last_in_totals: Option<bool> = None;
    let bytes = text.as_bytes();
    quick_fields(text, lines_before, unit, |fields| {
        let at = paths.place_of(fields.category)?;
        ids.note(fields.id, fields.line);
        // Only headers at the start of a line are places ([`item_places`]).
        let header = fields.header;
        if header > 0 && bytes.get(header.checked_sub(1)?) != Some(&b'\n') {
            return None;
        }
        let offset = file_offset(start, header)?;
        if let Some(in_totals) = last_in_totals {
            end_last(&mut part, in_totals, offset)?;
        }
        let place = ItemPlace {
            offset,
            len: 0,
            line: u32::try_from(fields.line).ok()?,
        };
        let in_totals = fields.status.enters_totals() && !fields.memo;
        last_in_totals = Some(in_totals);
        if !in_totals {
            part.excluded.push(place);
            return Some(());
        }
        if ways.len() <= at {
            ways.resize(at.checked_add(1)?, None);
        }
        let number = match ways[at] {
            Some(number) => number,
            None => {
                let number = part.number_of(&mut numbers, paths.path(at));
                ways[at] = Some(number);
                number
            }
        };
        part.add(number, fields.amount, place);
        Some(())
    })?;
    if let Some(in_totals) = last_in_totals {
        end_last(&mut part, in_totals, file_offset(start, text.len())?)?;
    }
    Some(part)
}

/// The offset in the file of byte `at` of a batch starting at `start`.
fn file_offset(start: u64, at: usize) -> Option<u32> {
    u32::try_from(start.checked_add(u64::try_from(at).ok()?)?).ok()
}

/// Ends the place of the item last taken at `end`, the next one's start
/// (or the batch's end).
fn end_last(part: &mut PlacedPart, in_totals: bool, end: u32) -> Option<()> {
    let place = if in_totals {
        &mut part.items.last_mut()?.1
    } else {
        part.excluded.last_mut()?
    };
    place.len = end.checked_sub(place.offset)?;
    Some(())
}

#[cfg(test)]
mod tests;
