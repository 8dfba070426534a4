//! A batch's items as a `--top` part needs them ([`BatchItems`]), and
//! the part: the items each category's bar or the batch's best fold,
//! added up, the rest kept by their places (or whole).
#![warn(clippy::arithmetic_side_effects)]

use std::collections::HashMap;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use rust_decimal::Decimal;

use super::PlacedItem;
use super::part::{PartEvent, PlacedEvent, SummaryPart, add_to_sum, sum_key};
use super::reading::PartOptions;
use crate::amount::Amount;
use crate::compact::index_of;
use crate::load::places::ItemPlace;
use crate::model::{CategoryPath, Item};
use crate::report::shows;
use crate::report::top::{Bars, Best, Offered, OrderFree, TopSelection};

/// A batch's items as a `--top` part needs them, taken a piece at a time
/// (see [`crate::load::Fold::part_in_pieces`]): each item's category by
/// number (each path kept once, in order of first appearance: a batch's
/// items fall in nearly as many categories as there are items, and a path
/// is long), its amount, place and tie text. Only the items that go on as
/// they are (not in totals, or shown without a known place) are kept whole.
#[derive(Default)]
pub(super) struct BatchItems {
    categories: Vec<CategoryPath>,
    /// Category numbers, found by the path's text.
    index: HashTable<u32>,
    hasher: foldhash::fast::FixedState,
    /// The items, a piece at a time: a batch's items are not copied into
    /// ever larger vectors as pieces come.
    pieces: Vec<Vec<BatchItem>>,
}

/// One item of a batch, as [`BatchItems`] keeps it.
struct BatchItem {
    /// Its category's number in [`BatchItems::categories`].
    category: u32,
    amount: Amount,
    enters_totals: bool,
    /// With `--sort name` or `id`, of an item shown and in totals: the
    /// text that breaks ties.
    text: Option<String>,
    keeping: Keeping,
}

/// What a batch keeps of an item besides its figures.
enum Keeping {
    /// The whole item: not in totals (its row is an excluded row or a
    /// hidden count), or shown with no known place.
    Whole(Box<Item>),
    /// Shown and in totals: where it is written, to be read back.
    Place(ItemPlace),
    /// In totals but hidden by `--depth`: only added up.
    Sum,
}

impl BatchItems {
    /// Takes the next items of the batch, in file order, with their places
    /// (one each) if known.
    pub(super) fn take(
        &mut self,
        options: &PartOptions<'_>,
        selection: TopSelection,
        items: Vec<Item>,
        places: Option<Vec<ItemPlace>>,
    ) {
        let mut places = places
            .filter(|places| options.placing && places.len() == items.len())
            .map(Vec::into_iter);
        let mut piece = Vec::with_capacity(items.len());
        if self.index.capacity() == 0 {
            let (categories, hasher) = (&self.categories, &self.hasher);
            self.index.reserve(items.len(), |&at| {
                hasher.hash_one(categories[at as usize].as_str())
            });
        }
        for mut item in items {
            let place = places.as_mut().and_then(Iterator::next);
            let shown = shows(options.depth, &item.category);
            let enters_totals = item.enters_totals();
            let amount = item.amount;
            let (category, text, keeping) = match (enters_totals, shown, place) {
                (true, true, Some(place)) => {
                    let text = selection.take_tie_text(&mut item);
                    (self.number(item.category), text, Keeping::Place(place))
                }
                (true, false, _) => (self.number(item.category), None, Keeping::Sum),
                _ => {
                    let text = (enters_totals && shown)
                        .then(|| selection.tie_text(&item))
                        .flatten();
                    let category = self.number(item.category.clone());
                    (category, text, Keeping::Whole(Box::new(item)))
                }
            };
            piece.push(BatchItem {
                category,
                amount,
                enters_totals,
                text,
                keeping,
            });
        }
        self.pieces.push(piece);
    }

    /// The batch's items, in file order.
    fn items(&self) -> impl Iterator<Item = &BatchItem> {
        self.pieces.iter().flatten()
    }

    /// The number of the category `path`, numbered now if new.
    fn number(&mut self, path: CategoryPath) -> u32 {
        let hash = self.hasher.hash_one(path.as_str());
        let categories = &self.categories;
        if let Some(&at) = self.index.find(hash, |&at| {
            categories[at as usize].as_str() == path.as_str()
        }) {
            return at;
        }
        let at = index_of(self.categories.len());
        self.categories.push(path);
        let (categories, hasher) = (&self.categories, &self.hasher);
        self.index.insert_unique(hash, at, |&at| {
            hasher.hash_one(categories[at as usize].as_str())
        });
        at
    }

    /// The batch's part: items that miss their category's bar in
    /// `options.bars`, or are not among the best of their category within
    /// the batch, fold (an item not among the best of its batch is not
    /// among the best of the file) and are added up with those `--depth`
    /// hides; the rest go on by their places (or whole).
    pub(super) fn into_part(
        self,
        options: &PartOptions<'_>,
        selection: TopSelection,
    ) -> SummaryPart {
        let PartOptions { depth, cut_at, .. } = *options;
        let shown: Vec<bool> = self
            .categories
            .iter()
            .map(|category| shows(depth, category))
            .collect();
        let folds = self.folds(&shown, selection, options.bars);
        let (sum_of_category, sums) = self.sum_keys(depth, cut_at);
        let mut part = SummaryPart {
            events: Vec::new(),
            placed: Vec::new(),
            order_free: OrderFree::default(),
        };
        // Where each sum is, by its key: items shown but folded apart from
        // those hidden.
        let mut added_at: [Vec<Option<usize>>; 2] = [vec![None; sums], vec![None; sums]];
        let categories = &self.categories;
        for (index, item) in self.pieces.into_iter().flatten().enumerate() {
            let number = item.category as usize;
            let shown = shown[number];
            let folded = folds[index];
            match item.keeping {
                Keeping::Place(place) if shown && !folded => {
                    // Kept by its place: it is read back for its row.
                    part.placed.push((
                        part.events.len(),
                        PlacedEvent {
                            text: item.text,
                            placed: PlacedItem {
                                amount: item.amount,
                                place,
                            },
                            category: categories[number].clone(),
                        },
                    ));
                    continue;
                }
                // Figures not in totals go to the builder even when
                // hidden, so that it counts them.
                Keeping::Whole(whole) if (shown && !folded) || !item.enters_totals => {
                    part.events.push(PartEvent::Shown(whole));
                    continue;
                }
                Keeping::Place(_) | Keeping::Whole(_) | Keeping::Sum => {}
            }
            part.order_free.add(item.amount);
            add_to_sum(
                &mut part.events,
                &mut added_at[usize::from(folded)][sum_of_category[number]],
                item.amount,
                folded,
                || match cut_at {
                    Some(cut_at) if !shown => categories[number].ancestor(cut_at),
                    _ => categories[number].clone(),
                },
            );
        }
        part
    }

    /// Which items `--top` folds already: those that miss their category's
    /// bar in `bars`, and those not among the best of their category
    /// within the batch.
    fn folds(&self, shown: &[bool], selection: TopSelection, bars: Option<&Bars>) -> Vec<bool> {
        let mut folds = vec![false; self.pieces.iter().map(Vec::len).sum()];
        let mut best: Vec<Best<usize>> = self.categories.iter().map(|_| Best::default()).collect();
        // Read once for the whole batch (the calling thread raises them
        // between batches), once for each category, and let go at once:
        // the calling thread does not wait for the batch to raise them.
        let bar_of: Vec<Option<Decimal>> = match bars.and_then(Bars::read) {
            Some(bars) => self.categories.iter().map(|path| bars.of(path)).collect(),
            None => Vec::new(),
        };
        for (index, item) in self.items().enumerate() {
            let category = item.category as usize;
            if !shown[category] || !item.enters_totals {
                continue;
            }
            let bar = bar_of.get(category).copied().flatten();
            if bar.is_some_and(|bar| selection.misses(item.amount.won().abs(), bar)) {
                folds[index] = true;
                continue;
            }
            let rank = selection.rank_of(item.amount, item.text.clone(), index as u64);
            match best[category].offer(selection.top, rank, index) {
                Offered::Kept => {}
                Offered::KeptInstead(out) | Offered::Folded(out) => folds[out] = true,
            }
        }
        folds
    }

    /// The sum each category's items are added up in, numbered (see
    /// [`sum_key`]), and how many sums there are.
    fn sum_keys(&self, depth: Option<usize>, cut_at: Option<usize>) -> (Vec<usize>, usize) {
        let mut numbers: HashMap<&str, usize, foldhash::fast::RandomState> =
            HashMap::with_capacity_and_hasher(self.categories.len(), Default::default());
        let of_category = self
            .categories
            .iter()
            .map(|category| {
                let next = numbers.len();
                *numbers
                    .entry(sum_key(category, depth, cut_at))
                    .or_insert(next)
            })
            .collect();
        (of_category, numbers.len())
    }
}
