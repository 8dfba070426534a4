//! `trend` while reading: each file is folded into the items `--depth`
//! shows and, per category, the sum and ids of those it hides.
#![warn(clippy::arithmetic_side_effects)]

use std::collections::HashMap;

use crate::amount::Amount;
use crate::error::{Figure, OverflowError};
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
    pub(super) shown: Vec<Vec<ShownItem>>,
    pub(super) hidden: Vec<HiddenCategory>,
    index: HashMap<CategoryPath, usize, foldhash::fast::RandomState>,
    depth: Option<usize>,
}

/// What a trend reads of an item it shows: the rest of the item (counts,
/// parts, notes, sources, positions) is dropped on the worker thread, so
/// that ten national files do not keep ten copies of it.
#[derive(Clone)]
pub(super) struct ShownItem {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) category: CategoryPath,
    pub(super) amount: Amount,
    /// [`Item::enters_totals`].
    pub(super) in_totals: bool,
    pub(super) memo: bool,
}

impl From<Item> for ShownItem {
    fn from(item: Item) -> ShownItem {
        ShownItem {
            in_totals: item.enters_totals(),
            memo: item.memo,
            id: item.id,
            name: item.name,
            category: item.category,
            amount: item.amount,
        }
    }
}

/// Items of one category that `--depth` hides, in one file.
#[derive(Clone)]
pub(super) struct HiddenCategory {
    pub(super) category: CategoryPath,
    /// The depth where the shown tree stops (`--depth`).
    pub(super) cut_at: usize,
    pub(super) sum: Amount,
    pub(super) ids: IdList,
}

/// Ids written one after another in one string. A national file hides
/// most of its items: a string for each of their ids would be a million
/// allocations, each freed one by one on another thread than made it.
#[derive(Clone, Default)]
pub(super) struct IdList {
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<usize>,
}

impl IdList {
    fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }

    fn append(&mut self, other: IdList) {
        let offset = self.text.len();
        self.text.push_str(&other.text);
        // Offsets within text held in memory: far below usize::MAX.
        self.ends
            .extend(other.ends.iter().map(|end| end.saturating_add(offset)));
    }

    /// The ids, in the order they were written.
    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let id = &self.text[start..end];
            start = end;
            id
        })
    }
}

/// What a batch of items adds to a [`PeriodFold`], worked out on a worker
/// thread: the shown items, and the hidden ones added up per category in
/// order of first appearance.
pub struct PeriodPart {
    shown: Vec<ShownItem>,
    hidden: Vec<HiddenCategory>,
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
            index: HashMap::default(),
            depth,
        }
    }

    /// Takes one item: kept if shown, else added to its category.
    pub fn add(&mut self, item: Item) -> Result<(), OverflowError> {
        self.merge(Self::part(self.depth, vec![item]))
    }

    /// Folds a batch of items, in file order, for [`PeriodFold::merge`].
    pub fn part(depth: Option<usize>, items: Vec<Item>) -> PeriodPart {
        let mut part = PeriodPart {
            shown: Vec::new(),
            hidden: Vec::new(),
        };
        let mut index: HashMap<CategoryPath, usize, foldhash::fast::RandomState> =
            HashMap::default();
        for item in items {
            let cut_at = match depth {
                // Figures not in totals are kept even when hidden: they
                // are few, and `apply_outline` counts those it leaves out.
                Some(depth) if !shows(Some(depth), &item.category) && item.enters_totals() => depth,
                _ => {
                    part.shown.push(ShownItem::from(item));
                    continue;
                }
            };
            let slot = index.get(&item.category).copied();
            let added = slot.and_then(|slot| {
                let hidden = &mut part.hidden[slot];
                hidden.sum = hidden.sum.checked_add(item.amount)?;
                Some(slot)
            });
            match added {
                Some(slot) => part.hidden[slot].ids.push(&item.id),
                None => {
                    // A new category here, or a sum that would leave
                    // Decimal's range: a new entry, so that merging meets
                    // the overflow where adding one by one would.
                    index.insert(item.category.clone(), part.hidden.len());
                    let mut ids = IdList::default();
                    ids.push(&item.id);
                    part.hidden.push(HiddenCategory {
                        category: item.category,
                        cut_at,
                        sum: item.amount,
                        ids,
                    });
                }
            }
        }
        part
    }

    /// Takes a batch's part; parts must come in file order.
    pub fn merge(&mut self, part: PeriodPart) -> Result<(), OverflowError> {
        if !part.shown.is_empty() {
            self.shown.push(part.shown);
        }
        for hidden in part.hidden {
            let Some(&slot) = self.index.get(&hidden.category) else {
                self.index
                    .insert(hidden.category.clone(), self.hidden.len());
                self.hidden.push(hidden);
                continue;
            };
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
            folded.ids.append(hidden.ids);
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

    fn merge(&mut self, part: PeriodPart) -> Result<(), OverflowError> {
        PeriodFold::merge(self, part)
    }

    fn finish(self) -> PeriodFold {
        self
    }
}
