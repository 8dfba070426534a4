//! `diff` without `--all`: unchanged rows are left out, and what each
//! category loses becomes one "unchanged" row, so the rows shown still add
//! up to their category and the total.
#![warn(clippy::arithmetic_side_effects)]

use super::{ChangeStatus, DiffRow, OthersChange, compare, share_change};
use crate::amount::Amount;
use crate::model::CategoryPath;
use crate::report::outline::OutlineRow;

/// Drops unchanged items, and categories with nothing changed in or below
/// them. A category whose printed total (`[[total]]` with its `category`)
/// moved, or is printed by one file only, stays even when its items did
/// not: a changed printed figure must never vanish with its row. Rows come
/// depth first, so a category's rows follow it until a row
/// of the same or a lesser depth. What a kept category (or the top level)
/// loses becomes one [`DiffRow::Unchanged`] row at the end of its rows, so
/// the rows shown still add up; if that sum cannot be held exactly, every
/// row stays.
pub(super) fn without_unchanged(rows: Vec<DiffRow>, totals: (Amount, Amount)) -> Vec<DiffRow> {
    let depth = DiffRow::level;
    let changed =
        |row: &DiffRow| row.change().status != ChangeStatus::Unchanged || printed_total_moved(row);
    let keep: Vec<bool> = (0..rows.len())
        .map(|index| {
            let row_depth = depth(&rows[index]);
            changed(&rows[index])
                || rows[index.saturating_add(1)..]
                    .iter()
                    .take_while(|below| depth(below) > row_depth)
                    .any(changed)
        })
        .collect();
    if keep.iter().all(|&k| k) {
        return rows;
    }
    with_remainders(&rows, &keep, totals).unwrap_or(rows)
}

/// Whether `row` is a category whose printed total is not the same figure
/// in both files (changed, or printed by one file only: unknown).
fn printed_total_moved(row: &DiffRow) -> bool {
    match row {
        DiffRow::Category(category) => category
            .printed_total
            .is_some_and(|printed| printed.status != ChangeStatus::Unchanged),
        _ => false,
    }
}

/// The kept rows with one remainder row per category that lost some;
/// `None` when a remainder overflows.
fn with_remainders(
    rows: &[DiffRow],
    keep: &[bool],
    totals: (Amount, Amount),
) -> Option<Vec<DiffRow>> {
    let mut kept = Vec::with_capacity(rows.len());
    // The open kept categories, innermost last, each with what it lost so
    // far; the top level is the first entry.
    let mut open: Vec<Remainder> = vec![Remainder::new(CategoryPath::top_level())];
    for (row, keep) in rows.iter().zip(keep) {
        let level = row.level();
        while open.len() > 1 && open.last().is_some_and(|o| o.category.depth() >= level) {
            let closed = open.pop().expect("checked above");
            kept.extend(closed.into_row(totals)?);
        }
        let parent = open.last_mut().expect("the top level stays open");
        if *keep {
            kept.push(row.clone());
            if let DiffRow::Category(category) = row {
                open.push(Remainder::new(category.category.clone()));
            }
        } else {
            parent.add(row, level)?;
        }
    }
    while let Some(closed) = open.pop() {
        kept.extend(closed.into_row(totals)?);
    }
    Some(kept)
}

/// The rows one category loses to [`without_unchanged`].
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

    /// Counts a dropped row at `level`: its amounts when it sits directly
    /// in this category (deeper rows are inside a dropped subcategory,
    /// already counted), its items whatever its depth. `None` on overflow.
    fn add(&mut self, row: &DiffRow, level: usize) -> Option<()> {
        self.items = self.items.saturating_add(match row {
            DiffRow::Category(category) => category.hidden_items,
            other => other.items_represented(),
        });
        if level == self.category.depth().saturating_add(1) {
            let change = row.change();
            for (sum, amount) in [(&mut self.old, change.old), (&mut self.new, change.new)] {
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
