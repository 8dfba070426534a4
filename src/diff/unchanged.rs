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

/// The compared tree's rows, depth first, with what their item rows are
/// made of.
pub(super) struct Walk<'w, 'f> {
    pub rows: Vec<Walked>,
    /// The pairs whose rows are shown, by leaf.
    pub leaves: &'w [Pair<'f>],
    /// Both grand totals, for shares.
    pub totals: (Amount, Amount),
}

impl Walk<'_, '_> {
    /// Every row (`--all`).
    pub fn every_row(self) -> Vec<DiffRow> {
        let (leaves, totals) = (self.leaves, self.totals);
        self.rows
            .into_iter()
            .map(|row| made(row, leaves, totals))
            .collect()
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
        let rows = &self.rows;
        let keep: Vec<bool> = (0..rows.len())
            .map(|index| {
                let row_depth = self.level(&rows[index]);
                self.changed(&rows[index])
                    || rows[index.saturating_add(1)..]
                        .iter()
                        .take_while(|below| self.level(below) > row_depth)
                        .any(|below| self.changed(below))
            })
            .collect();
        if keep.iter().all(|&k| k) {
            return self.every_row();
        }
        match self.remainders(&keep) {
            Some(remainders) => self.with_remainders(keep, remainders),
            None => self.every_row(),
        }
    }

    /// 1 for a top-level category; an item is one deeper than its category
    /// (as [`OutlineRow::level`] of the row made).
    fn level(&self, row: &Walked) -> usize {
        match row {
            Walked::Category(category) => category.category.depth(),
            Walked::Item(leaf) => level_in(self.leaves[*leaf].category()),
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
        let pair = &self.leaves[leaf];
        (
            pair.old_in_totals().map(|item| item.amount()),
            pair.new_in_totals().map(|item| item.amount()),
        )
    }

    /// For each row, the remainder rows that close before it (in order),
    /// and at the end those that close after the last: one per kept
    /// category (or the top level) that lost some. `None` when a remainder
    /// overflows.
    fn remainders(&self, keep: &[bool]) -> Option<Vec<(usize, DiffRow)>> {
        let mut closing = Vec::new();
        // The open kept categories, innermost last, each with what it lost
        // so far; the top level is the first entry.
        let mut open: Vec<Remainder> = vec![Remainder::new(CategoryPath::top_level())];
        for (index, (row, keep)) in self.rows.iter().zip(keep).enumerate() {
            let level = self.level(row);
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
    fn with_remainders(self, keep: Vec<bool>, remainders: Vec<(usize, DiffRow)>) -> Vec<DiffRow> {
        let (leaves, totals) = (self.leaves, self.totals);
        let mut remainders = remainders.into_iter().peekable();
        let mut kept = Vec::new();
        for (index, (row, keep)) in self.rows.into_iter().zip(keep).enumerate() {
            while let Some((_, remainder)) = remainders.next_if(|(before, _)| *before == index) {
                kept.push(remainder);
            }
            if keep {
                kept.push(made(row, leaves, totals));
            }
        }
        kept.extend(remainders.map(|(_, remainder)| remainder));
        kept
    }
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
