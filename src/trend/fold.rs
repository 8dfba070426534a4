//! `trend` while reading: each file is folded into the items `--depth`
//! shows and, per category, the sum and ids of those it hides.
#![warn(clippy::arithmetic_side_effects)]

use std::collections::HashMap;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use rust_decimal::Decimal;

use crate::amount::{Amount, Unit};
use crate::compact::index_of;
use crate::error::{Figure, OverflowError};
use crate::exact::exact_sum;
use crate::load::IdLines;
use crate::load::quick::{WrittenPaths, quick_fields};
use crate::model::{CategoryPath, Item, YearFile};
use crate::report::outline::OutlineOptions;
use crate::report::shows;

/// One file's part of a trend, folded while the file is read: what a
/// trend reads of the items that `--depth` shows, and per category the sum
/// and ids of those it hides. Memory grows with what is shown, not with
/// the file.
#[derive(Clone)]
pub struct PeriodFold {
    /// The file's heading (without its items).
    pub file: YearFile,
    /// The shown items, in file order, a batch's at a time (kept as the
    /// batches made them: never moved into one growing vector).
    pub(super) shown: Vec<ShownBatch>,
    pub(super) hidden: Vec<HiddenCategory>,
    /// The ids of the items shown or hidden, in file order, a batch's at
    /// a time: gathered in the order they are written, the ids of a
    /// decade of files mostly come in the order they were first met (see
    /// [`super::history::IdNumbers`]). Kept as the batches made them, as
    /// `shown` is: appended to one list, a national file's ids were
    /// copied each time it doubled, and its spare half was held while
    /// the next file was read and this one gathered.
    pub(super) ids: Vec<BatchIds>,
    index: HashMap<CategoryPath, usize, foldhash::fast::RandomState>,
    depth: Option<usize>,
    /// Hidden items summed per category where the shown tree stops (see
    /// [`ShownCutFold`]) rather than per category of their own.
    by_cut: bool,
    /// With `by_cut`: what bounds every sum of the file's items in totals,
    /// `None` once it cannot be held (or without `by_cut`).
    magnitude: Option<Magnitude>,
}

/// What a trend reads of an item it shows: the rest of the item (counts,
/// parts, notes, sources, positions) is dropped on the worker thread, so
/// that ten national files do not keep ten copies of it. Its id is among
/// the fold's ids, its name among its batch's.
#[derive(Clone)]
pub(super) struct ShownItem {
    /// Its place among its batch's [`ShownBatch::categories`].
    pub(super) category: u32,
    pub(super) amount: Amount,
    /// [`Item::enters_totals`].
    pub(super) in_totals: bool,
    pub(super) memo: bool,
}

/// A batch's shown items, with their categories each once: most of a
/// batch's shown items share a few dozen categories, a path made (and
/// gathered) a batch for each instead of an item.
#[derive(Clone, Default)]
pub(super) struct ShownBatch {
    pub(super) items: Vec<ShownItem>,
    /// The items' names, in order (one text: no string each).
    pub(super) names: IdList,
    pub(super) categories: Vec<CategoryPath>,
}

/// A batch's ids, in file order, each with its role: [`SHOWN`] (the next
/// of the fold's shown items), or the entry among the fold's hidden
/// categories that the item is added up in.
#[derive(Clone, Default)]
pub(super) struct BatchIds {
    pub(super) ids: IdList,
    pub(super) roles: Vec<u32>,
}

/// The role of an id shown: the next of the shown items.
pub(super) const SHOWN: u32 = u32::MAX;

/// Items of one category that `--depth` hides, in one file (their ids are
/// among the fold's ids, with this entry as their role).
#[derive(Clone)]
pub(super) struct HiddenCategory {
    pub(super) category: CategoryPath,
    /// The depth where the shown tree stops (`--depth`).
    pub(super) cut_at: usize,
    pub(super) sum: Amount,
}

/// Ids (or names) written one after another in one string. A national
/// file hides most of its items: a string for each of their ids would be
/// a million allocations, each freed one by one on another thread than
/// made it.
#[derive(Clone, Default)]
pub(super) struct IdList {
    text: String,
    /// Where each id ends in `text` (a year file is less than 4 GiB).
    ends: Vec<u32>,
}

impl IdList {
    fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(index_of(self.text.len()));
    }

    /// The ids, in the order they were written.
    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let end = end as usize;
            let id = &self.text[start..end];
            start = end;
            id
        })
    }
}

/// What a batch of items adds to a [`PeriodFold`], worked out on a worker
/// thread: the shown items, the hidden ones added up per category in
/// order of first appearance, and the ids of both in file order.
pub struct PeriodPart {
    shown: ShownBatch,
    hidden: Vec<HiddenCategory>,
    ids: IdList,
    /// For each of `ids`: [`SHOWN`], or its entry among `hidden`.
    roles: Vec<u32>,
    magnitude: Option<Magnitude>,
}

/// A [`PeriodPart`] in the making: the shown items, and the hidden ones
/// added up per category (or per category where the shown tree stops) in
/// order of first appearance.
struct PartBuilder {
    shown: ShownBatch,
    /// Each shown category's place among `shown.categories`.
    shown_category_index: HashMap<CategoryPath, u32, foldhash::fast::FixedState>,
    /// For a batch read from its text: the place among `shown.categories`
    /// of each way a category is written ([`UNPLACED`] where not known).
    shown_category_of_place: Vec<u32>,
    hidden: Vec<HiddenCategory>,
    ids: IdList,
    roles: Vec<u32>,
    magnitude: Option<Magnitude>,
    depth: Option<usize>,
    by_cut: bool,
    /// With `by_cut`: the depth hidden items are summed at.
    cut_to: Option<usize>,
    /// Each category's entry among `hidden`, found by its text.
    index: HashTable<usize>,
    hasher: foldhash::fast::FixedState,
    /// For a batch read from its text: the entry among `hidden` of each
    /// way a category is written (by its place in the batch's
    /// [`WrittenPaths`]), so that most hidden items are added without
    /// hashing their category again. [`NOT_YET`] where not known yet.
    slot_of_place: Vec<usize>,
}

/// A written category whose entry among the hidden is not known yet.
const NOT_YET: usize = usize::MAX;

/// A written category whose place among the shown ones is not known yet.
const UNPLACED: u32 = u32::MAX;

impl PartBuilder {
    fn new(depth: Option<usize>, by_cut: bool) -> PartBuilder {
        PartBuilder {
            shown: ShownBatch::default(),
            shown_category_index: HashMap::default(),
            shown_category_of_place: Vec::new(),
            hidden: Vec::new(),
            ids: IdList::default(),
            roles: Vec::new(),
            magnitude: by_cut.then_some(Magnitude::ZERO),
            depth,
            by_cut,
            cut_to: depth.filter(|&depth| by_cut && depth > 0),
            index: HashTable::new(),
            hasher: foldhash::fast::FixedState::default(),
            slot_of_place: Vec::new(),
        }
    }

    /// Whether an item of `category` is kept as shown (else it is to be
    /// [`PartBuilder::hide`]n), its amount noted in the bound of sums.
    fn shows(&mut self, category: &CategoryPath, in_totals: bool, amount: Amount) -> bool {
        if self.by_cut && in_totals {
            self.magnitude = self
                .magnitude
                .and_then(|magnitude| magnitude.with(amount.won()));
        }
        // Figures not in totals are kept even when hidden: they are few,
        // and `apply_outline` counts those it leaves out.
        match self.depth {
            Some(depth) => shows(Some(depth), category) || !in_totals,
            None => true,
        }
    }

    /// Keeps an item shown, in file order; its `category` is its place
    /// among the batch's shown categories ([`PartBuilder::shown_category`]).
    fn keep(&mut self, id: &str, name: &str, item: ShownItem) {
        self.ids.push(id);
        self.roles.push(SHOWN);
        self.shown.names.push(name);
        self.shown.items.push(item);
    }

    /// The place of `category` among the batch's shown categories, added
    /// if new.
    fn shown_category(&mut self, category: &CategoryPath) -> u32 {
        if let Some(&at) = self.shown_category_index.get(category) {
            return at;
        }
        let at = index_of(self.shown.categories.len());
        self.shown_category_index.insert(category.clone(), at);
        self.shown.categories.push(category.clone());
        at
    }

    /// [`PartBuilder::shown_category`] of a category written as the
    /// batch's written path `place`.
    fn shown_category_written(&mut self, place: usize, category: &CategoryPath) -> u32 {
        if let Some(&at) = self.shown_category_of_place.get(place)
            && at != UNPLACED
        {
            return at;
        }
        let at = self.shown_category(category);
        if self.shown_category_of_place.len() <= place {
            self.shown_category_of_place
                .resize(place.saturating_add(1), UNPLACED);
        }
        self.shown_category_of_place[place] = at;
        at
    }

    /// [`PartBuilder::hide`] of an item whose category is written as the
    /// batch's written path `place`: the same entries, the same sums.
    fn hide_written(&mut self, place: usize, id: &str, category: &CategoryPath, amount: Amount) {
        if self.depth.is_none() {
            return;
        }
        if let Some(&slot) = self.slot_of_place.get(place)
            && slot != NOT_YET
            && let Some(sum) = self.hidden[slot].sum.checked_add(amount)
        {
            self.hidden[slot].sum = sum;
            self.note_hidden(id, slot);
            return;
        }
        let (slot, moved) = self.hide_moving(id, category, amount);
        if moved {
            // A sum left Decimal's range and the category took a new
            // entry: entries known by place may be the old one.
            self.slot_of_place.fill(NOT_YET);
        }
        if self.slot_of_place.len() <= place {
            self.slot_of_place.resize(place.saturating_add(1), NOT_YET);
        }
        self.slot_of_place[place] = slot;
    }

    /// Notes a hidden item's id, added up in the entry `slot`.
    fn note_hidden(&mut self, id: &str, slot: usize) {
        self.ids.push(id);
        self.roles.push(index_of(slot));
    }

    /// Adds a hidden item to its category's sum.
    fn hide(&mut self, id: &str, category: &CategoryPath, amount: Amount) {
        self.hide_moving(id, category, amount);
    }

    /// [`PartBuilder::hide`], telling the item's entry among `hidden` and
    /// whether its category moved to a new entry (its sum would have left
    /// Decimal's range). Without `--depth` nothing is hidden: entry 0.
    fn hide_moving(&mut self, id: &str, category: &CategoryPath, amount: Amount) -> (usize, bool) {
        let Some(cut_at) = self.depth else {
            return (0, false);
        };
        let key = match self.cut_to {
            Some(depth) => category.prefix(depth),
            None => category.as_str(),
        };
        let hash = self.hasher.hash_one(key);
        let hidden = &mut self.hidden;
        let found = self
            .index
            .find_mut(hash, |&slot| hidden[slot].category.as_str() == key);
        let added = found.as_ref().and_then(|slot| {
            let hidden = &mut hidden[**slot];
            hidden.sum = hidden.sum.checked_add(amount)?;
            Some(**slot)
        });
        if let Some(slot) = added {
            self.note_hidden(id, slot);
            return (slot, false);
        }
        // A new category here, or a sum that would leave Decimal's range:
        // a new entry, so that merging meets the overflow where adding one
        // by one would.
        let new_slot = hidden.len();
        let moved = found.is_some();
        match found {
            Some(slot) => *slot = new_slot,
            None => {
                let hasher = &self.hasher;
                self.index.insert_unique(hash, new_slot, |&slot| {
                    hasher.hash_one(hidden[slot].category.as_str())
                });
            }
        }
        hidden.push(HiddenCategory {
            category: match self.cut_to {
                Some(depth) => category.ancestor(depth),
                None => category.clone(),
            },
            cut_at,
            sum: amount,
        });
        self.note_hidden(id, new_slot);
        (new_slot, moved)
    }

    fn into_part(self) -> PeriodPart {
        PeriodPart {
            shown: self.shown,
            hidden: self.hidden,
            ids: self.ids,
            roles: self.roles,
            magnitude: self.magnitude,
        }
    }
}

/// The sum of the absolute values of amounts, and the finest scale among
/// them. While the sum at that scale fits `Decimal`'s 96 bits, every sum
/// of any of the amounts, in any grouping and order, is exact (its
/// mantissa at its scale is no larger): so summing hidden items per shown
/// category instead of per category of their own cannot meet an overflow
/// the plain grouping would meet, nor miss one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Magnitude {
    abs_sum: Decimal,
    scale: u32,
}

impl Magnitude {
    const ZERO: Magnitude = Magnitude {
        abs_sum: Decimal::ZERO,
        scale: 0,
    };

    /// With `amount` too; `None` when the sum cannot be held exactly.
    fn with(self, amount: Decimal) -> Option<Magnitude> {
        Some(Magnitude {
            abs_sum: exact_sum(self.abs_sum, amount.abs()).ok()?,
            scale: self.scale.max(amount.scale()),
        })
    }

    /// Both bounds together.
    fn merged(self, other: Magnitude) -> Option<Magnitude> {
        Some(Magnitude {
            abs_sum: exact_sum(self.abs_sum, other.abs_sum).ok()?,
            scale: self.scale.max(other.scale),
        })
    }

    /// Whether the sum of absolute values, written at the finest scale,
    /// fits `Decimal`'s 96-bit mantissa.
    pub(super) fn bounds_every_sum(self) -> bool {
        let shift = self.scale.saturating_sub(self.abs_sum.scale());
        10u128
            .checked_pow(shift)
            .and_then(|factor| self.abs_sum.mantissa().unsigned_abs().checked_mul(factor))
            .is_some_and(|mantissa| mantissa < 1u128 << 96)
    }
}

impl PeriodFold {
    /// A fold for `head`'s file (its items are not read here).
    pub fn new(head: &YearFile, depth: Option<usize>) -> PeriodFold {
        PeriodFold {
            file: YearFile {
                items: Vec::new(),
                ..head.clone()
            },
            shown: Vec::new(),
            hidden: Vec::new(),
            ids: Vec::new(),
            index: HashMap::default(),
            depth,
            by_cut: false,
            magnitude: None,
        }
    }

    /// Whether every sum of the file's items in totals is known to be
    /// exact, in any grouping (only a [`ShownCutFold`] finds out).
    pub fn sums_are_exact(&self) -> bool {
        self.magnitude.is_some_and(Magnitude::bounds_every_sum)
    }

    /// Takes one item: kept if shown, else added to its category.
    pub fn add(&mut self, item: Item) -> Result<(), OverflowError> {
        self.merge(Self::part_grouped(self.depth, self.by_cut, vec![item]))
    }

    /// Folds a batch of items, in file order, for [`PeriodFold::merge`].
    pub fn part(depth: Option<usize>, items: Vec<Item>) -> PeriodPart {
        Self::part_grouped(depth, false, items)
    }

    /// [`PeriodFold::part`], the hidden items summed per category where
    /// the shown tree stops when `by_cut` (and `depth` is at least 1).
    fn part_grouped(depth: Option<usize>, by_cut: bool, items: Vec<Item>) -> PeriodPart {
        let mut part = PartBuilder::new(depth, by_cut);
        for item in items {
            let in_totals = item.enters_totals();
            if part.shows(&item.category, in_totals, item.amount) {
                let category = part.shown_category(&item.category);
                let shown = ShownItem {
                    category,
                    amount: item.amount,
                    in_totals,
                    memo: item.memo,
                };
                part.keep(&item.id, &item.name, shown);
            } else {
                part.hide(&item.id, &item.category, item.amount);
            }
        }
        part.into_part()
    }

    /// [`PeriodFold::part_grouped`] of a batch's items as the quick reader
    /// reads them from `text` (see [`quick_fields`]), without making them
    /// into [`Item`]s: an item `--depth` hides (most of a national file)
    /// is read for its id, category and amount, its category's path made
    /// once a batch for each way it is written. Each item's id and line
    /// are noted in `ids`. `None` where the quick reader gives up, or a
    /// category is not a path the loader takes (the batch is then read
    /// the usual way, which says why).
    fn part_of_text(
        depth: Option<usize>,
        by_cut: bool,
        text: &str,
        lines_before: usize,
        unit: Unit,
        ids: &mut IdLines,
    ) -> Option<PeriodPart> {
        let mut part = PartBuilder::new(depth, by_cut);
        let mut paths = WrittenPaths::default();
        quick_fields(text, lines_before, unit, |fields| {
            let at = paths.place_of(fields.category)?;
            let category = paths.path(at);
            ids.note(fields.id, fields.line);
            let in_totals = fields.status.enters_totals() && !fields.memo;
            if part.shows(category, in_totals, fields.amount) {
                let category = part.shown_category_written(at, category);
                let shown = ShownItem {
                    category,
                    amount: fields.amount,
                    in_totals,
                    memo: fields.memo,
                };
                part.keep(fields.id, fields.name, shown);
            } else {
                part.hide_written(at, fields.id, category, fields.amount);
            }
            Some(())
        })?;
        Some(part.into_part())
    }

    /// Takes a batch's part; parts must come in file order.
    pub fn merge(&mut self, part: PeriodPart) -> Result<(), OverflowError> {
        if self.by_cut {
            self.magnitude = self
                .magnitude
                .zip(part.magnitude)
                .and_then(|(kept, new)| kept.merged(new));
        }
        if !part.shown.items.is_empty() {
            self.shown.push(part.shown);
        }
        // Each of the part's entries among the fold's.
        let mut slots = Vec::with_capacity(part.hidden.len());
        for hidden in part.hidden {
            let Some(&slot) = self.index.get(&hidden.category) else {
                slots.push(index_of(self.hidden.len()));
                self.index
                    .insert(hidden.category.clone(), self.hidden.len());
                self.hidden.push(hidden);
                continue;
            };
            slots.push(index_of(slot));
            let folded = &mut self.hidden[slot];
            folded.sum = folded
                .sum
                .exact_add(hidden.sum)
                .map_err(|reason| OverflowError {
                    file: self.file.path.clone(),
                    scope: format!("category `{}`", folded.category),
                    figure: Figure::Sum,
                    reason,
                    currency: self.file.unit.currency(),
                })?;
        }
        let mut roles = part.roles;
        for role in &mut roles {
            if *role != SHOWN {
                *role = slots[*role as usize];
            }
        }
        if !roles.is_empty() {
            self.ids.push(BatchIds {
                ids: part.ids,
                roles,
            });
        }
        Ok(())
    }
}

/// `trend` while reading: one file's items that `--depth` shows, and the
/// sums of those it hides. The fold is the result: [`trend_of`] lines the
/// files' folds up.
impl crate::load::Fold for PeriodFold {
    type Options = OutlineOptions;
    type Part = PeriodPart;
    type Error = OverflowError;
    type Output = PeriodFold;

    fn new(head: &YearFile, outline: &OutlineOptions) -> PeriodFold {
        PeriodFold::new(head, outline.depth)
    }

    fn part(outline: &OutlineOptions, items: Vec<Item>) -> PeriodPart {
        PeriodFold::part(outline.depth, items)
    }

    fn part_of_text(
        outline: &OutlineOptions,
        text: &str,
        lines_before: usize,
        unit: Unit,
        ids: &mut IdLines,
    ) -> Option<PeriodPart> {
        PeriodFold::part_of_text(outline.depth, false, text, lines_before, unit, ids)
    }

    fn merge(&mut self, part: PeriodPart) -> Result<(), OverflowError> {
        PeriodFold::merge(self, part)
    }

    fn finish(self) -> PeriodFold {
        self
    }
}

/// [`PeriodFold`] with the hidden items summed per category where the shown
/// tree stops, a few sums a batch instead of one for nearly every deeper
/// category: what the rows a trend shows need, since `--depth` drops the
/// deeper categories' rows. It finds out whether every sum of the file is
/// exact ([`PeriodFold::sums_are_exact`]); where one might not be, only the
/// plain grouping says which sum fails, as before.
pub struct ShownCutFold(PeriodFold);

impl crate::load::Fold for ShownCutFold {
    type Options = OutlineOptions;
    type Part = PeriodPart;
    type Error = OverflowError;
    type Output = PeriodFold;

    fn new(head: &YearFile, outline: &OutlineOptions) -> ShownCutFold {
        let mut fold = PeriodFold::new(head, outline.depth);
        fold.by_cut = true;
        fold.magnitude = Some(Magnitude::ZERO);
        ShownCutFold(fold)
    }

    fn part(outline: &OutlineOptions, items: Vec<Item>) -> PeriodPart {
        PeriodFold::part_grouped(outline.depth, true, items)
    }

    fn part_of_text(
        outline: &OutlineOptions,
        text: &str,
        lines_before: usize,
        unit: Unit,
        ids: &mut IdLines,
    ) -> Option<PeriodPart> {
        PeriodFold::part_of_text(outline.depth, true, text, lines_before, unit, ids)
    }

    fn merge(&mut self, part: PeriodPart) -> Result<(), OverflowError> {
        self.0.merge(part)
    }

    fn finish(self) -> PeriodFold {
        self.0
    }
}

#[cfg(test)]
mod tests;
