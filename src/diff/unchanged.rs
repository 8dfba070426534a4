//! `diff` without `--all`: unchanged rows are left out, and what each
//! category loses becomes one "unchanged" row, so the rows shown still add
//! up to their category and the total.
//!
//! Item rows are made only once they are known to be shown: a national
//! comparison walks a hundred thousand item rows at `--depth 2`, two in
//! three of them unchanged, and a made row (id, names, category, counts)
//! costs a few hundred bytes.
#![warn(clippy::arithmetic_side_effects)]

use super::pairing::Pair;
use super::{
    CategoryChange, ChangeStatus, DiffRow, OthersChange, change_status, compare, item_change,
    share_change,
};
use crate::amount::Amount;
use crate::model::CategoryPath;
use crate::report::level_in;

/// A row of the compared tree as the walk yields it: a category's row,
/// made at once (there are few), or an item's, by its leaf, made only if
/// it is shown.
pub(super) enum Walked {
    Category(Box<CategoryChange>),
    /// The index of the item's pair among the walk's leaves.
    Item(usize),
}

/// What the walk reads of a leaf's pair, noted where the pair is met
/// (its records at hand then), so that walking a hundred thousand leaves
/// in the tree's order does not jump about both files' listings for them.
#[derive(Debug, Clone, Copy)]
pub(super) struct LeafFigures {
    /// The level of the item's row (as [`OutlineRow::level`] of it).
    level: usize,
    /// The amounts its row compares: each side's, where it enters totals
    /// (as [`item_change`] compares them).
    old: Option<Amount>,
    new: Option<Amount>,
}

impl LeafFigures {
    pub fn of(pair: &Pair<'_>) -> LeafFigures {
        LeafFigures {
            level: level_in(pair.category()),
            old: pair.old_in_totals().map(|item| item.amount()),
            new: pair.new_in_totals().map(|item| item.amount()),
        }
    }
}

/// The compared tree's rows, depth first, with what their item rows are
/// made of.
pub(super) struct Walk<'w, 'f> {
    pub rows: Vec<Walked>,
    /// The pairs whose rows are shown, by leaf.
    pub leaves: &'w [Pair<'f>],
    /// What the walk reads of each leaf's pair, by leaf.
    pub figures: &'w [LeafFigures],
    /// Both grand totals, for shares.
    pub totals: (Amount, Amount),
}

/// From this many rows, item rows are made on two threads.
const PARALLEL_FROM: usize = 1 << 12;

impl Walk<'_, '_> {
    /// Every row (`--all`).
    pub fn every_row(self) -> Vec<DiffRow> {
        self.made(None).map(|(_, row)| row).collect()
    }

    /// Drops unchanged items, and categories with nothing changed in or
    /// below them. A category whose printed total (`[[total]]` with its
    /// `category`) moved, or is printed by one file only, stays even when
    /// its items did not: a changed printed figure must never vanish with
    /// its row. Rows come depth first, so a category's rows follow it until
    /// a row of the same or a lesser depth. What a kept category (or the
    /// top level) loses becomes one [`DiffRow::Unchanged`] row at the end
    /// of its rows, so the rows shown still add up; if that sum cannot be
    /// held exactly, every row stays.
    pub fn without_unchanged(self) -> Vec<DiffRow> {
        let levels: Vec<usize> = self.rows.iter().map(|row| self.level(row)).collect();
        let keep = self.kept(&levels);
        if keep.iter().all(|&k| k) {
            return self.every_row();
        }
        match self.remainders(&keep, &levels) {
            Some(remainders) => self.with_remainders(&keep, remainders),
            None => self.every_row(),
        }
    }

    /// For each row (at `levels`), whether it stays: it shows a change, or
    /// one of the rows below it does.
    fn kept(&self, levels: &[usize]) -> Vec<bool> {
        let changed: Vec<bool> = self.rows.iter().map(|row| self.changed(row)).collect();
        kept_rows(levels, &changed)
    }

    /// 1 for a top-level category; an item is one deeper than its category
    /// (as [`OutlineRow::level`] of the row made).
    fn level(&self, row: &Walked) -> usize {
        match row {
            Walked::Category(category) => category.category.depth(),
            Walked::Item(leaf) => self.figures[*leaf].level,
        }
    }

    /// Whether the row shows a change, or a printed total that moved.
    fn changed(&self, row: &Walked) -> bool {
        match row {
            Walked::Category(category) => {
                category.change.status != ChangeStatus::Unchanged || printed_total_moved(category)
            }
            Walked::Item(leaf) => {
                let (old, new) = self.item_amounts(*leaf);
                change_status(old, new) != ChangeStatus::Unchanged
            }
        }
    }

    /// The amounts an item's row compares: each side's, where it enters
    /// totals (as [`item_change`] compares them).
    fn item_amounts(&self, leaf: usize) -> (Option<Amount>, Option<Amount>) {
        let figures = &self.figures[leaf];
        (figures.old, figures.new)
    }

    /// For each row, the remainder rows that close before it (in order),
    /// and at the end those that close after the last: one per kept
    /// category (or the top level) that lost some. `None` when a remainder
    /// overflows.
    fn remainders(&self, keep: &[bool], levels: &[usize]) -> Option<Vec<(usize, DiffRow)>> {
        let mut closing = Vec::new();
        // The open kept categories, innermost last, each with what it lost
        // so far; the top level is the first entry.
        let mut open: Vec<Remainder> = vec![Remainder::new(CategoryPath::top_level())];
        for (index, (row, keep)) in self.rows.iter().zip(keep).enumerate() {
            let level = levels[index];
            while open.len() > 1 && open.last().is_some_and(|o| o.category.depth() >= level) {
                let closed = open.pop().expect("checked above");
                closing.extend(closed.into_row(self.totals)?.map(|row| (index, row)));
            }
            let parent = open.last_mut().expect("the top level stays open");
            match (row, keep) {
                (Walked::Category(category), true) => {
                    open.push(Remainder::new(category.category.clone()));
                }
                (Walked::Item(_), true) => {}
                (Walked::Category(category), false) => {
                    let amounts = (category.change.old, category.change.new);
                    parent.add(category.hidden_items, amounts, level)?;
                }
                (Walked::Item(leaf), false) => parent.add(1, self.item_amounts(*leaf), level)?,
            }
        }
        while let Some(closed) = open.pop() {
            closing.extend(
                closed
                    .into_row(self.totals)?
                    .map(|row| (self.rows.len(), row)),
            );
        }
        Some(closing)
    }

    /// The kept rows, each remainder row placed before the row it closes
    /// before.
    fn with_remainders(self, keep: &[bool], remainders: Vec<(usize, DiffRow)>) -> Vec<DiffRow> {
        let mut remainders = remainders.into_iter().peekable();
        let made = self.made(Some(keep));
        // Both halves' lengths: the hint is exact.
        let mut kept = Vec::with_capacity(made.size_hint().0.saturating_add(remainders.len()));
        for (index, row) in made {
            while let Some((_, remainder)) = remainders.next_if(|(before, _)| *before <= index) {
                kept.push(remainder);
            }
            kept.push(row);
        }
        kept.extend(remainders.map(|(_, remainder)| remainder));
        kept
    }

    /// The rows `keep` keeps (every row for `None`), made, each with its
    /// place among the walk's rows. Making an item's row reads both files'
    /// listings and works out its averages: a large walk's rows are made
    /// on two threads, half each, each half into a vector of its own size
    /// (a row is a few hundred bytes: grown, or the halves joined, each
    /// would be copied again).
    fn made(self, keep: Option<&[bool]>) -> impl Iterator<Item = (usize, DiffRow)> + use<> {
        let (leaves, totals) = (self.leaves, self.totals);
        let kept = |index: usize| keep.is_none_or(|keep| keep[index]);
        let make = |rows: Vec<Walked>, first: usize| -> Vec<(usize, DiffRow)> {
            let count = keep.map_or(rows.len(), |keep| {
                keep[first..first.saturating_add(rows.len())]
                    .iter()
                    .filter(|&&kept| kept)
                    .count()
            });
            let mut made_rows = Vec::with_capacity(count);
            made_rows.extend(
                (first..)
                    .zip(rows)
                    .filter(|&(index, _)| kept(index))
                    .map(|(index, row)| (index, made(row, leaves, totals))),
            );
            made_rows
        };
        let mut first = self.rows;
        let second = first.split_off(first.len() / 2);
        let middle = first.len();
        let parallel = middle.saturating_add(second.len()) >= PARALLEL_FROM;
        let (made_first, made_second) =
            crate::parallel::both(parallel, || make(first, 0), || make(second, middle));
        made_first.into_iter().chain(made_second)
    }
}

/// For each row of a depth-first walk (its level in `levels`), whether it
/// is `changed` or one of the rows below it is: those that follow it while
/// they are deeper than it. Each row is looked at once.
fn kept_rows(levels: &[usize], changed: &[bool]) -> Vec<bool> {
    let mut keep = changed.to_vec();
    // The rows whose rows below may still come, each deeper than the one
    // before it. Those kept are the first ones: a row kept for a change
    // below it had every row open before it kept too.
    let mut open: Vec<usize> = Vec::new();
    for (index, &level) in levels.iter().enumerate() {
        while open.last().is_some_and(|&above| levels[above] >= level) {
            open.pop();
        }
        if changed[index] {
            for &above in open.iter().rev() {
                if keep[above] {
                    break;
                }
                keep[above] = true;
            }
        }
        open.push(index);
    }
    keep
}

/// The row itself.
fn made(row: Walked, leaves: &[Pair<'_>], totals: (Amount, Amount)) -> DiffRow {
    match row {
        Walked::Category(category) => DiffRow::Category(*category),
        Walked::Item(leaf) => DiffRow::Item(item_change(&leaves[leaf], Some(totals))),
    }
}

/// Whether `row` is a category whose printed total is not the same figure
/// in both files (changed, or printed by one file only: unknown).
fn printed_total_moved(category: &CategoryChange) -> bool {
    category
        .printed_total
        .is_some_and(|printed| printed.status != ChangeStatus::Unchanged)
}

/// The rows one category loses to [`Walk::without_unchanged`].
struct Remainder {
    category: CategoryPath,
    old: Option<Amount>,
    new: Option<Amount>,
    items: usize,
}

impl Remainder {
    fn new(category: CategoryPath) -> Remainder {
        Remainder {
            category,
            old: None,
            new: None,
            items: 0,
        }
    }

    /// Counts a dropped row at `level` that stands for `items` items: its
    /// amounts when it sits directly in this category (deeper rows are
    /// inside a dropped subcategory, already counted), its items whatever
    /// its depth. `None` on overflow.
    fn add(
        &mut self,
        items: usize,
        (old, new): (Option<Amount>, Option<Amount>),
        level: usize,
    ) -> Option<()> {
        self.items = self.items.saturating_add(items);
        if level == self.category.depth().saturating_add(1) {
            for (sum, amount) in [(&mut self.old, old), (&mut self.new, new)] {
                if let Some(amount) = amount {
                    *sum = Some(sum.unwrap_or(Amount::ZERO).checked_add(amount)?);
                }
            }
        }
        Some(())
    }

    /// The row standing for what was dropped, if anything was; `None` on
    /// overflow.
    fn into_row(self, totals: (Amount, Amount)) -> Option<Option<DiffRow>> {
        if self.old.is_none() && self.new.is_none() {
            return Some(None);
        }
        let change = compare(self.old, self.new);
        change.change?;
        Some(Some(DiffRow::Unchanged(OthersChange {
            category: self.category,
            items: self.items,
            share: share_change(&change, totals),
            change,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::kept_rows;
    use proptest::prelude::*;

    /// The definition: a row stays if it changed or a row below it did,
    /// the rows below it being those that follow it while deeper.
    fn kept_by_definition(levels: &[usize], changed: &[bool]) -> Vec<bool> {
        (0..levels.len())
            .map(|index| {
                changed[index]
                    || (index.saturating_add(1)..levels.len())
                        .take_while(|&below| levels[below] > levels[index])
                        .any(|below| changed[below])
            })
            .collect()
    }

    #[test]
    fn a_change_keeps_the_rows_above_it_and_no_other() {
        // A (1) holds a1 (2) and B (2), which holds b1 (3) changed; C (1)
        // holds c1 (2): A and B stay for b1, a1 and C and c1 do not.
        let levels = [1, 2, 2, 3, 1, 2];
        let changed = [false, false, false, true, false, false];
        assert_eq!(
            kept_rows(&levels, &changed),
            [true, false, true, true, false, false]
        );
    }

    proptest! {
        #![proptest_config(crate::testing::regressions_beside_the_source())]

        #[test]
        fn rows_kept_are_the_definition(
            rows in prop::collection::vec((1usize..6, prop::bool::weighted(0.2)), 0..60),
        ) {
            let (levels, changed): (Vec<usize>, Vec<bool>) = rows.into_iter().unzip();
            prop_assert_eq!(kept_rows(&levels, &changed), kept_by_definition(&levels, &changed));
        }
    }
}
