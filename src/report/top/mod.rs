//! `summarize --top N` while the file is read: each category keeps only its
//! N best-ranked items and adds the rest up as they come, into the count
//! and exact subtotal of its "… and K more" row. Memory grows with
//! categories × N, never with the items folded away.
//! The worker threads that read a large file fold most items themselves:
//! those below their batch's best, and those that miss the [`Bars`] the
//! calling thread has raised so far.
//!
//! Items are ranked as [`crate::report::outline`] ranks them among every item of a
//! category: largest amount first, then (among equal amounts) in the
//! `--sort` order, then in file order. So the items kept are the ones the
//! outline would keep, and the folded row counts and adds up the same items.
//!
//! One thing could still differ: a sum of `Decimal`s taken in another order
//! can meet a partial sum that `Decimal` cannot hold exactly (which the
//! outline answers by not folding, and the subtotals by an error), or come
//! out at another scale. [`OrderFree`] rules that out: when the absolute
//! amounts of the whole file add up exactly at the finest scale written,
//! every partial sum, in any order, is exact and at the same scale. Where
//! it does not hold, the caller reads the file again keeping every item.

#![warn(clippy::arithmetic_side_effects)]

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rust_decimal::Decimal;

use crate::amount::Amount;
use crate::compact::index_of;
use crate::model::{CategoryPath, Item};
use crate::report::outline::SortKey;
use crate::report::tree::NodeId;
pub use bars::{Bars, BarsNow};
pub use order_free::OrderFree;

mod bars;
mod order_free;

/// What `--top` and `--sort` ask of the items of each category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopSelection {
    /// Items kept per category.
    pub top: usize,
    /// The sibling order, which breaks ties between equal amounts.
    pub sort: Option<SortKey>,
}

impl TopSelection {
    /// The rank of `item`, the `order`-th item offered to its category.
    pub fn rank(&self, item: &Item, order: u64) -> Rank {
        Rank {
            amount: item.amount,
            text: self.tie_text(item),
            order,
        }
    }

    /// The rank of an item worth `amount` whose
    /// [`TopSelection::tie_text`] is `text`, the `order`-th offered.
    pub fn rank_of(&self, amount: Amount, text: Option<String>, order: u64) -> Rank {
        Rank {
            amount,
            text,
            order,
        }
    }

    /// [`TopSelection::tie_text`], moved out of `item` (left empty).
    pub fn take_tie_text(&self, item: &mut Item) -> Option<String> {
        match self.sort {
            Some(SortKey::Name) => Some(std::mem::take(&mut item.name)),
            Some(SortKey::Id) => Some(std::mem::take(&mut item.id)),
            Some(SortKey::Amount | SortKey::Change | SortKey::ChangePct) | None => None,
        }
    }

    /// The text that breaks ties between `item` and items of an equal
    /// amount: its name or id when `--sort` orders by it.
    pub fn tie_text(&self, item: &Item) -> Option<String> {
        match self.sort {
            Some(SortKey::Name) => Some(item.name.clone()),
            Some(SortKey::Id) => Some(item.id.clone()),
            // Amounts again, or no order: file order breaks the tie.
            Some(SortKey::Amount | SortKey::Change | SortKey::ChangePct) | None => None,
        }
    }

    /// Whether equal amounts are told apart by text (name or id) rather
    /// than by file order.
    fn ties_by_text(&self) -> bool {
        matches!(self.sort, Some(SortKey::Name | SortKey::Id))
    }

    /// Whether an item of this magnitude, offered after every item that
    /// set `bar`, ranks below the worst item kept, so it can never be kept.
    pub fn misses(&self, magnitude: Decimal, bar: Decimal) -> bool {
        // An equal amount offered later ranks below, unless text decides.
        magnitude < bar || (magnitude == bar && !self.ties_by_text())
    }
}

/// Where an item stands among its category's items: a rank that compares
/// greater is worse. It holds the item's amount (its magnitude ranks), so
/// that [`TopItems`] keeps each item's amount once, with its rank.
#[derive(Debug, Clone)]
pub struct Rank {
    amount: Amount,
    text: Option<String>,
    order: u64,
}

impl Rank {
    fn magnitude(&self) -> Decimal {
        self.amount.won().abs()
    }
}

impl Ord for Rank {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_ranks(
            (self.magnitude(), self.text.as_deref(), self.order),
            (other.magnitude(), other.text.as_deref(), other.order),
        )
    }
}

/// The order of ranks given as (magnitude, tie text, order offered): the
/// greater is the worse.
fn compare_ranks(a: (Decimal, Option<&str>, u64), b: (Decimal, Option<&str>, u64)) -> Ordering {
    b.0.cmp(&a.0)
        .then_with(|| a.1.cmp(&b.1))
        .then_with(|| a.2.cmp(&b.2))
}

impl PartialOrd for Rank {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Rank {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Rank {}

/// An item kept, by rank, with what the caller keeps it under.
#[derive(Debug)]
struct Kept<T> {
    rank: Rank,
    value: T,
}

impl<T> Ord for Kept<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank.cmp(&other.rank)
    }
}

impl<T> PartialOrd for Kept<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> PartialEq for Kept<T> {
    fn eq(&self, other: &Self) -> bool {
        self.rank == other.rank
    }
}

impl<T> Eq for Kept<T> {}

/// The best `top` items offered to one category, worst on top of the heap.
#[derive(Debug)]
pub struct Best<T> {
    heap: BinaryHeap<Kept<T>>,
}

impl<T> Default for Best<T> {
    fn default() -> Self {
        Best {
            heap: BinaryHeap::new(),
        }
    }
}

/// What became of an item offered to [`Best::offer`].
#[derive(Debug, PartialEq, Eq)]
pub enum Offered<T> {
    /// Kept, pushing out nothing.
    Kept,
    /// Kept in place of this one, which folds.
    KeptInstead(T),
    /// Not among the best: it folds.
    Folded(T),
}

impl<T> Best<T> {
    /// The magnitude of the worst item kept, once `top` items are kept:
    /// what a later item must beat.
    pub fn bar(&self, top: usize) -> Option<Decimal> {
        if self.heap.len() < top {
            return None;
        }
        self.heap.peek().map(|worst| worst.rank.magnitude())
    }

    /// Offers an item; what folds comes back.
    pub fn offer(&mut self, top: usize, rank: Rank, value: T) -> Offered<T> {
        if self.heap.len() < top {
            if self.heap.capacity() == 0 && top < 4 {
                // Room for `top` at once: a million categories keep a few
                // items each, and a heap would make room for four.
                self.heap.reserve_exact(top);
            }
            self.heap.push(Kept { rank, value });
            return Offered::Kept;
        }
        match self.heap.peek_mut() {
            Some(mut worst) if rank < worst.rank => {
                let out = std::mem::replace(&mut *worst, Kept { rank, value });
                // Dropping the guard puts the heap back in order.
                drop(worst);
                Offered::KeptInstead(out.value)
            }
            _ => Offered::Folded(value),
        }
    }
}

/// Keeps `rank` as the rank of the item in `slot`.
fn keep_rank(ranks: &mut Vec<SlotRank>, texts: &mut Vec<Option<String>>, slot: usize, rank: Rank) {
    if ranks.len() <= slot {
        ranks.resize(slot.saturating_add(1), SlotRank::NONE);
    }
    ranks[slot] = SlotRank {
        amount: rank.amount,
        order: u32::try_from(rank.order).expect("a year file holds fewer than 2^32 items"),
    };
    if rank.text.is_some() || slot < texts.len() {
        if texts.len() <= slot {
            texts.resize(slot.saturating_add(1), None);
        }
        texts[slot] = rank.text;
    }
}

/// The rank of the item kept in `slot`.
fn slot_rank<'t>(
    ranks: &[SlotRank],
    texts: &'t [Option<String>],
    slot: u32,
) -> (Decimal, Option<&'t str>, u64) {
    let at = slot as usize;
    let text = texts.get(at).and_then(Option::as_deref);
    (ranks[at].magnitude(), text, u64::from(ranks[at].order))
}

/// How the item in slot `a` ranks against the one in `b`.
fn worse(ranks: &[SlotRank], texts: &[Option<String>], a: u32, b: u32) -> Ordering {
    compare_ranks(slot_rank(ranks, texts, a), slot_rank(ranks, texts, b))
}

/// Moves the last slot of a heap (worst first, by `worse`) up to its place.
fn sift_up(heap: &mut [u32], worse: impl Fn(u32, u32) -> Ordering) {
    let mut at = heap.len().saturating_sub(1);
    while at > 0 {
        let parent = at.saturating_sub(1) / 2;
        if worse(heap[at], heap[parent]) != Ordering::Greater {
            break;
        }
        heap.swap(at, parent);
        at = parent;
    }
}

/// Moves the first slot of a heap (worst first, by `worse`) down to its
/// place.
fn sift_down(heap: &mut [u32], worse: impl Fn(u32, u32) -> Ordering) {
    let mut at = 0usize;
    loop {
        let left = at.saturating_mul(2).saturating_add(1);
        let right = left.saturating_add(1);
        let mut largest = at;
        if left < heap.len() && worse(heap[left], heap[largest]) == Ordering::Greater {
            largest = left;
        }
        if right < heap.len() && worse(heap[right], heap[largest]) == Ordering::Greater {
            largest = right;
        }
        if largest == at {
            return;
        }
        heap.swap(at, largest);
        at = largest;
    }
}

/// Items folded into a category's "… and K more" row so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Folded {
    pub items: usize,
    pub subtotal: Amount,
}

/// The selection of a whole file: per category node, the items kept (as
/// the caller's slots) and what folded. A file of a million categories
/// keeps a few items in each and folds items in a few of them: a node
/// holds only its slots (four bytes each, see [`Heaps`]) and the number
/// of its folded row; each item kept has its amount and rank kept once,
/// by slot (24 bytes).
#[derive(Debug)]
pub struct TopItems {
    pub selection: TopSelection,
    /// Per node, the slots of the items kept: a binary heap, the worst
    /// ranked first.
    best: Heaps,
    /// Per slot, the amount and rank of the item kept there (its tie text
    /// apart).
    ranks: Vec<SlotRank>,
    /// Per slot, with `--sort name` or `id`: the text that breaks ties.
    texts: Vec<Option<String>>,
    /// Per node, the number of its row in `folded` plus one (zero for
    /// none): most categories of a national file fold nothing, and a row
    /// takes 32 bytes.
    folded_at: Vec<u32>,
    folded: Vec<Folded>,
    offered: u64,
    /// Nodes whose bar rose since [`TopItems::publish`] last ran, or that
    /// folded an item for the first time.
    raised: Vec<NodeId>,
}

/// The amount and rank of an item kept, but its tie text.
#[derive(Debug, Clone, Copy)]
struct SlotRank {
    amount: Amount,
    /// The order offered: a year file of at most
    /// [`crate::load::MAX_INPUT_BYTES`] holds fewer than 2^32 items.
    order: u32,
}

impl SlotRank {
    const NONE: SlotRank = SlotRank {
        amount: Amount::ZERO,
        order: 0,
    };

    fn magnitude(&self) -> Decimal {
        self.amount.won().abs()
    }
}

/// Up to this `--top`, the heaps are runs of one vector ([`Heaps::Flat`]).
const FLAT_TOP: usize = 8;

/// Room not yet filled in a run of [`Heaps::Flat`].
const NO_SLOT: u32 = u32::MAX;

/// Per node, a heap of slots. A vector per node costs 24 bytes, and its
/// room 16 more, where a national file's million categories keep three
/// slots of 4 bytes each: a small `--top` keeps them in runs of one
/// vector instead.
#[derive(Debug)]
enum Heaps {
    /// Runs of `top` slots, each filled from its start ([`NO_SLOT`] after
    /// the last slot); per node, the number of its run plus one (zero for
    /// none).
    Flat {
        top: usize,
        run_of: Vec<u32>,
        slots: Vec<u32>,
    },
    /// A vector per node, for a larger `--top` (most nodes would leave
    /// most of a run empty).
    Own(Vec<Vec<u32>>),
}

impl Heaps {
    fn new(top: usize) -> Heaps {
        if (1..=FLAT_TOP).contains(&top) {
            Heaps::Flat {
                top,
                run_of: Vec::new(),
                slots: Vec::new(),
            }
        } else {
            Heaps::Own(Vec::new())
        }
    }

    /// The slots `node` keeps, as a heap.
    fn of(&self, node: NodeId) -> &[u32] {
        match self {
            Heaps::Flat { top, run_of, slots } => match run_start(run_of, node, *top) {
                Some(start) => filled(&slots[start..start.saturating_add(*top)]),
                None => &[],
            },
            Heaps::Own(heaps) => heaps.get(node).map_or(&[], Vec::as_slice),
        }
    }

    /// [`Heaps::of`], to change in place.
    fn of_mut(&mut self, node: NodeId) -> &mut [u32] {
        match self {
            Heaps::Flat { top, run_of, slots } => match run_start(run_of, node, *top) {
                Some(start) => filled_mut(&mut slots[start..start.saturating_add(*top)]),
                None => &mut [],
            },
            Heaps::Own(heaps) => heaps.get_mut(node).map_or(&mut [], Vec::as_mut_slice),
        }
    }

    /// The heap of `node` with `slot` added last, not yet in its place;
    /// `node` keeps fewer than `top` slots.
    fn push(&mut self, node: NodeId, slot: u32, top: usize) -> &mut [u32] {
        match self {
            Heaps::Flat { top, run_of, slots } => {
                let top = *top;
                if run_of.len() <= node {
                    run_of.resize(node.saturating_add(1), 0);
                }
                if run_of[node] == 0 {
                    slots.resize(slots.len().saturating_add(top), NO_SLOT);
                    let runs = slots.len().checked_div(top).expect("flat runs hold a slot");
                    run_of[node] = index_of(runs);
                }
                let start = run_start(run_of, node, top).expect("the node has a run");
                let run = &mut slots[start..start.saturating_add(top)];
                let len = filled(run).len();
                run[len] = slot;
                &mut run[..=len]
            }
            Heaps::Own(heaps) => {
                if heaps.len() <= node {
                    heaps.resize_with(node.saturating_add(1), Vec::new);
                }
                let heap = &mut heaps[node];
                if heap.capacity() == 0 && top < 4 {
                    // Room for `top` at once: a vector would make room
                    // for four.
                    heap.reserve_exact(top);
                }
                heap.push(slot);
                heap
            }
        }
    }
}

/// Where the run of `node` starts in [`Heaps::Flat`]'s slots, if it has
/// one.
fn run_start(run_of: &[u32], node: NodeId, top: usize) -> Option<usize> {
    let run = run_of.get(node)?.checked_sub(1)?;
    (run as usize).checked_mul(top)
}

/// The filled start of a run.
fn filled(run: &[u32]) -> &[u32] {
    let len = run.iter().position(|&slot| slot == NO_SLOT);
    &run[..len.unwrap_or(run.len())]
}

fn filled_mut(run: &mut [u32]) -> &mut [u32] {
    let len = run.iter().position(|&slot| slot == NO_SLOT);
    let len = len.unwrap_or(run.len());
    &mut run[..len]
}

impl TopItems {
    pub fn new(selection: TopSelection) -> TopItems {
        TopItems {
            selection,
            best: Heaps::new(selection.top),
            ranks: Vec::new(),
            texts: Vec::new(),
            folded_at: Vec::new(),
            folded: Vec::new(),
            offered: 0,
            raised: Vec::new(),
        }
    }

    /// The rank of the next item offered, in file order.
    pub fn next_rank(&mut self, item: &Item) -> Rank {
        let rank = self.selection.rank(item, self.offered);
        self.offered = self.offered.saturating_add(1);
        rank
    }

    /// [`TopItems::next_rank`] of an item known by its amount and its
    /// [`TopSelection::tie_text`].
    pub fn next_rank_of(&mut self, amount: Amount, text: Option<String>) -> Rank {
        let rank = Rank {
            amount,
            text,
            order: self.offered,
        };
        self.offered = self.offered.saturating_add(1);
        rank
    }

    /// Nothing more is offered: lets go of what only offering needs (the
    /// heaps), keeping the amounts of the items kept and what folded.
    pub fn done_offering(&mut self) {
        self.best = Heaps::new(0);
        self.raised = Vec::new();
    }

    /// The tie-breaking text of each item kept, by its slot (`slots` of
    /// them); nothing more is offered (see [`TopItems::done_offering`]).
    pub fn take_kept_texts(&mut self, slots: usize) -> Vec<Option<String>> {
        self.done_offering();
        let mut texts = std::mem::take(&mut self.texts);
        texts.resize(slots, None);
        texts
    }

    /// The amount of the item kept under `slot` (or kept there last).
    pub fn amount(&self, slot: usize) -> Amount {
        self.ranks[slot].amount
    }

    /// Offers the item kept under `slot` to `node`'s best.
    pub fn offer(&mut self, node: NodeId, rank: Rank, slot: usize) -> Offered<usize> {
        let top = self.selection.top;
        let TopItems {
            best, ranks, texts, ..
        } = self;
        let kept = best.of(node).len();
        let offered = if kept < top {
            keep_rank(ranks, texts, slot, rank);
            let heap = best.push(node, index_of(slot), top);
            sift_up(heap, |a, b| worse(ranks, texts, a, b));
            Offered::Kept
        } else {
            let new = (rank.magnitude(), rank.text.as_deref(), rank.order);
            let heap = best.of_mut(node);
            let beats = heap.first().is_some_and(|&worst| {
                compare_ranks(new, slot_rank(ranks, texts, worst)) == Ordering::Less
            });
            match heap.first_mut() {
                Some(worst) if beats => {
                    let out = std::mem::replace(worst, index_of(slot));
                    if let Some(text) = texts.get_mut(out as usize) {
                        *text = None;
                    }
                    keep_rank(ranks, texts, slot, rank);
                    sift_down(heap, |a, b| worse(ranks, texts, a, b));
                    Offered::KeptInstead(out as usize)
                }
                _ => Offered::Folded(slot),
            }
        };
        // The bar rises when a full category takes an item in. It is told
        // the worker threads only once the category has folded an item
        // (see `fold`): most categories of a national file keep every
        // item, and their bars would fold nothing but cost their paths
        // again.
        if matches!(offered, Offered::KeptInstead(_)) && self.folded(node).is_some() {
            self.raised.push(node);
        }
        offered
    }

    /// The magnitude of the worst item `node` keeps, once it keeps `--top`
    /// items: what a later item must beat.
    fn bar(&self, node: NodeId) -> Option<Decimal> {
        let heap = self.best.of(node);
        if heap.len() < self.selection.top {
            return None;
        }
        heap.first()
            .map(|&worst| self.ranks[worst as usize].magnitude())
    }

    /// Tells `bars` the bars that rose since the last call; `path` names
    /// a node's category.
    pub fn publish<'t>(&mut self, bars: &Bars, path: impl Fn(NodeId) -> &'t CategoryPath) {
        if self.raised.is_empty() {
            return;
        }
        // Never waits for a worker reading them: the nodes stay raised
        // until a later merge finds the bars free (a bar known later only
        // folds fewer items early). A worker that panicked ends the read
        // anyway.
        let Some(mut by_category) = bars.try_raise() else {
            return;
        };
        for node in std::mem::take(&mut self.raised) {
            let Some(bar) = self.bar(node) else {
                continue;
            };
            by_category.set(path(node).as_str(), bar);
        }
    }

    /// Adds `items` items worth `amount` to `node`'s folded row; `false`
    /// when the sum cannot be held exactly (which cannot happen while
    /// [`OrderFree`] holds; if it does, the caller must not trust the fold).
    #[must_use]
    pub fn fold(&mut self, node: NodeId, amount: Amount, items: usize) -> bool {
        if self.folded_at.len() <= node {
            self.folded_at.resize(node.saturating_add(1), 0);
        }
        let at = match self.folded_at[node].checked_sub(1) {
            Some(at) => at as usize,
            None => {
                // More items than `--top` come to this category: its bar
                // (known by the end of the merge that folds) can fold
                // later ones where they are read.
                self.raised.push(node);
                self.folded.push(Folded {
                    items: 0,
                    subtotal: Amount::ZERO,
                });
                self.folded_at[node] = index_of(self.folded.len());
                self.folded.len().saturating_sub(1)
            }
        };
        let folded = &mut self.folded[at];
        folded.items = folded.items.saturating_add(items);
        match folded.subtotal.checked_add(amount) {
            Some(sum) => {
                folded.subtotal = sum;
                true
            }
            None => false,
        }
    }

    /// What folded under `node`, if anything.
    pub fn folded(&self, node: NodeId) -> Option<Folded> {
        let at = self.folded_at.get(node)?.checked_sub(1)?;
        self.folded.get(at as usize).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rank(magnitude: i64, text: Option<&str>, order: u64) -> Rank {
        Rank {
            amount: Amount::new(Decimal::from(magnitude), 0),
            text: text.map(str::to_owned),
            order,
        }
    }

    #[test]
    fn best_keeps_the_largest_and_breaks_ties_by_order() {
        let mut best = Best::default();
        // Offered 5, 9, 5, 7 with room for two: 9 and 7 stay.
        assert_eq!(best.offer(2, rank(5, None, 0), 'a'), Offered::Kept);
        assert_eq!(best.offer(2, rank(9, None, 1), 'b'), Offered::Kept);
        // An equal amount offered later ranks below the first 5.
        assert_eq!(best.offer(2, rank(5, None, 2), 'c'), Offered::Folded('c'));
        assert_eq!(
            best.offer(2, rank(7, None, 3), 'd'),
            Offered::KeptInstead('a')
        );
    }

    #[test]
    fn the_sort_text_breaks_ties_before_file_order() {
        // Equal amounts: "apple" ranks before "pear" though offered later.
        assert!(rank(5, Some("apple"), 9) < rank(5, Some("pear"), 1));
        assert!(rank(6, Some("pear"), 9) < rank(5, Some("apple"), 1));
    }

    #[test]
    fn the_bar_is_the_worst_kept_once_the_category_is_full() {
        let mut best = Best::default();
        best.offer(2, rank(9, None, 0), ());
        assert_eq!(best.bar(2), None);
        best.offer(2, rank(4, None, 1), ());
        assert_eq!(best.bar(2), Some(Decimal::from(4)));
        best.offer(2, rank(6, None, 2), ());
        assert_eq!(best.bar(2), Some(Decimal::from(6)));
    }

    #[test]
    fn an_item_misses_a_bar_it_does_not_beat() {
        let by_order = TopSelection { top: 2, sort: None };
        let by_name = TopSelection {
            top: 2,
            sort: Some(SortKey::Name),
        };
        let (five, six) = (Decimal::from(5), Decimal::from(6));
        assert!(by_order.misses(five, six));
        assert!(!by_order.misses(six, five));
        // Equal: offered later, so below the one kept, unless names decide.
        assert!(by_order.misses(five, five));
        assert!(!by_name.misses(five, five));
        assert!(by_name.misses(five, six));
    }

    #[test]
    fn top_items_keep_the_best_by_slot() {
        let mut top = TopItems::new(TopSelection { top: 3, sort: None });
        let won = |n: i64| Amount::new(Decimal::from(n), 0);
        // Offered 5, 9, 5, 7, 1, 9, 3 into slots 0..7 of node 1: the best
        // three are 9 (slot 1), 9 (slot 5) and 7 (slot 3). The second 5
        // comes after the first, so it is the first to go when 7 comes;
        // then the 9 pushes out the first 5.
        let mut outcomes = Vec::new();
        for (slot, amount) in [5, 9, 5, 7, 1, 9, 3].into_iter().enumerate() {
            let rank = top.next_rank_of(won(amount), None);
            outcomes.push(top.offer(1, rank, slot));
        }
        assert_eq!(
            outcomes,
            [
                Offered::Kept,
                Offered::Kept,
                Offered::Kept,
                Offered::KeptInstead(2),
                Offered::Folded(4),
                Offered::KeptInstead(0),
                Offered::Folded(6),
            ]
        );
        // The worst kept is the 7.
        assert_eq!(top.bar(1), Some(Decimal::from(7)));
        assert_eq!(top.bar(0), None);
    }

    #[test]
    fn heaps_of_a_vector_per_node_keep_the_same_best() {
        // The sequence of `top_items_keep_the_best_by_slot`, its heaps
        // each in a vector of its own, as a `--top` above `FLAT_TOP` has.
        let mut top = TopItems::new(TopSelection { top: 3, sort: None });
        top.best = Heaps::Own(Vec::new());
        let won = |n: i64| Amount::new(Decimal::from(n), 0);
        let mut outcomes = Vec::new();
        for (slot, amount) in [5, 9, 5, 7, 1, 9, 3].into_iter().enumerate() {
            let rank = top.next_rank_of(won(amount), None);
            outcomes.push(top.offer(1, rank, slot));
        }
        assert_eq!(outcomes[3], Offered::KeptInstead(2));
        assert_eq!(outcomes[5], Offered::KeptInstead(0));
        assert_eq!(outcomes[6], Offered::Folded(6));
        assert_eq!(top.bar(1), Some(Decimal::from(7)));
    }

    #[test]
    fn flat_heaps_keep_a_run_per_node() {
        let mut heaps = Heaps::new(3);
        assert_eq!(heaps.push(5, 10, 3), [10]);
        assert_eq!(heaps.push(2, 11, 3), [11]);
        assert_eq!(heaps.push(5, 12, 3), [10, 12]);
        assert_eq!(heaps.of(5), [10, 12]);
        assert_eq!(heaps.of(2), [11]);
        // A node that keeps nothing, within the runs' numbers or past them.
        assert!(heaps.of(3).is_empty() && heaps.of(99).is_empty());
        heaps.of_mut(5)[0] = 7;
        assert_eq!(heaps.of(5), [7, 12]);
        assert_eq!(heaps.push(5, 13, 3), [7, 12, 13]);
        // Node 5's run came first: two runs of three slots.
        let Heaps::Flat { slots, .. } = &heaps else {
            panic!("a --top of 3 keeps runs");
        };
        assert_eq!(slots, &[7, 12, 13, 11, NO_SLOT, NO_SLOT]);
    }

    #[test]
    fn top_items_keep_the_signed_amount_by_slot() {
        let mut top = TopItems::new(TopSelection { top: 1, sort: None });
        let won = |n: i64| Amount::new(Decimal::from(n), 0);
        let seven = top.next_rank_of(won(7), None);
        assert_eq!(top.offer(4, seven, 0), Offered::Kept);
        // -9 is the larger magnitude: it takes the 7's place.
        let minus_nine = top.next_rank_of(won(-9), None);
        assert_eq!(top.offer(4, minus_nine, 1), Offered::KeptInstead(0));
        assert_eq!(top.amount(1).won(), Decimal::from(-9));
        // The 7's amount stays where it was kept until the slot is reused.
        assert_eq!(top.amount(0).won(), Decimal::from(7));
        assert_eq!(top.bar(4), Some(Decimal::from(9)));
    }

    #[test]
    fn folded_rows_are_kept_only_for_nodes_that_fold() {
        let mut top = TopItems::new(TopSelection { top: 1, sort: None });
        let won = |n: i64| Amount::new(Decimal::from(n), 0);
        assert!(top.fold(7, won(5), 2));
        assert!(top.fold(3, won(4), 1));
        assert!(top.fold(7, won(6), 1));
        let folded = |node| top.folded(node).map(|row| (row.items, row.subtotal.won()));
        // Node 7: 2 + 1 items, 5 + 6 won.
        assert_eq!(folded(7), Some((3, Decimal::from(11))));
        assert_eq!(folded(3), Some((1, Decimal::from(4))));
        assert_eq!((top.folded(5), top.folded(100)), (None, None));
        assert_eq!(top.folded.len(), 2);
    }

    #[test]
    fn a_bar_is_told_once_the_category_folds() {
        let mut top = TopItems::new(TopSelection { top: 2, sort: None });
        let won = |n: i64| Amount::new(Decimal::from(n), 0);
        for (slot, amount) in [5, 9].into_iter().enumerate() {
            let rank = top.next_rank_of(won(amount), None);
            assert_eq!(top.offer(1, rank, slot), Offered::Kept);
        }
        // Full, but nothing folded: no bar to tell.
        assert!(top.raised.is_empty());
        let three = top.next_rank_of(won(3), None);
        assert_eq!(top.offer(1, three, 2), Offered::Folded(2));
        assert!(top.fold(1, won(3), 1));
        assert_eq!(top.raised, [1]);
        // The 7 pushes out the 5: the bar rises to 7, told again.
        let seven = top.next_rank_of(won(7), None);
        assert_eq!(top.offer(1, seven, 3), Offered::KeptInstead(0));
        assert!(top.fold(1, won(5), 1));
        assert_eq!(top.raised, [1, 1]);
        assert_eq!(top.bar(1), Some(Decimal::from(7)));
    }

    #[test]
    fn top_items_break_ties_by_text() {
        let selection = TopSelection {
            top: 1,
            sort: Some(SortKey::Name),
        };
        let mut top = TopItems::new(selection);
        let five = Amount::new(Decimal::from(5), 0);
        let pear = top.next_rank_of(five, Some("pear".into()));
        assert_eq!(top.offer(2, pear, 0), Offered::Kept);
        // Equal amounts: "apple" ranks before "pear" though offered later.
        let apple = top.next_rank_of(five, Some("apple".into()));
        assert_eq!(top.offer(2, apple, 1), Offered::KeptInstead(0));
        assert_eq!(top.take_kept_texts(2), [None, Some("apple".to_owned())]);
    }

    #[test]
    fn top_zero_folds_everything() {
        let mut best = Best::default();
        assert_eq!(best.offer(0, rank(5, None, 0), 1), Offered::Folded(1));
    }

    #[test]
    fn order_free_fails_where_a_digit_would_be_lost() {
        let won = |text: &str| Amount::new(text.parse().unwrap(), 0);
        let mut sums = OrderFree::default();
        sums.add(won("1000000000000000000000"));
        sums.add(won("-1000000000000000000000"));
        assert!(sums.holds());
        // 2e21 at eight decimals needs 30 significant digits.
        sums.add(won("0.00000001"));
        assert!(!sums.holds());
    }
}
