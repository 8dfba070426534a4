//! `diff`: what changed between two year files (two years, or two phases
//! of one year). Items are matched by `id`; category subtotals and the
//! grand total are compared over the union of both category trees.
//!
//! Changes are exact (`new - old` in won); what is new or removed changes
//! by its whole amount (a missing side counts as zero), as Korean budget
//! books show 신규 and 폐지, so item changes add up to their category's.
//! Percent changes are quotients over the absolute old value, so an
//! increase is positive even from a negative base; from or to nothing they
//! are "new" or "removed", and from zero "n/a", never infinite.
//!
//! Without `--all`, unchanged rows are left out and each category that
//! loses some gets one "unchanged" row with their sum, so that the rows
//! shown still add up to the category (and top-level rows to the total).
//! A category whose printed total moved stays, whatever its items did.
#![warn(clippy::arithmetic_side_effects)]

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::{Amount, Unit};
use crate::error::{Figure, OverflowError};
use crate::model::{CategoryPath, CountLabels, Status, YearFile};
use crate::report::average::{Average, averages_of as averages};
pub use crate::report::percent::percent_change;
use crate::report::percent::percent_of;
use crate::report::rollup::{Subtotals, overflow_at};
use crate::report::top::OrderFree;
use crate::report::tree::{CategoryTree, NodeId, Visit};
use crate::report::{HiddenExcluded, cuts_below, shows};

mod gate;
mod join;
mod listing;
mod model;
mod pairing;
mod rows;
mod unchanged;

pub use crate::report::apply_outline;
pub use gate::{GateFinding, Gated, gate_findings};
use listing::Shown;
pub use listing::{Listing, ListingFold, ListingOptions};
pub use model::{
    CategoryChange, Change, ChangeStatus, CountChange, Diff, DiffRow, ItemChange, OthersChange,
    ShareChange, Side,
};
use pairing::{Entry, Pair, Pairing};
use unchanged::{LeafFigures, Walk, Walked};

/// Compares OLD with NEW. With `include_unchanged` false, unchanged items
/// and categories with nothing changed below them are left out.
pub fn diff(
    old: &YearFile,
    new: &YearFile,
    include_unchanged: bool,
) -> Result<Diff, OverflowError> {
    diff_to_depth(old, new, include_unchanged, None)
}

/// [`diff`], keeping item rows only above `depth` (as `--depth` shows
/// them): items below it are added up but never made into rows, so a
/// national comparison stays quick. Categories at `depth` say how many
/// items they hide.
pub fn diff_to_depth(
    old: &YearFile,
    new: &YearFile,
    include_unchanged: bool,
    depth: Option<usize>,
) -> Result<Diff, OverflowError> {
    let listed = diff_listed(
        (old, &Listing::of_file(old)),
        (new, &Listing::of_file(new)),
        include_unchanged,
        depth,
    )?;
    Ok(listed.expect("a listing of a whole file keeps every row"))
}

/// [`diff_to_depth`] of two files whose items were folded into listings
/// while they were read ([`ListingFold`]); the files' own `items` are not
/// read. `None` when a row shown needs an item a listing did not keep:
/// an item that moved from a category `depth` hides into one it shows
/// (then OLD is read again keeping every row).
pub fn diff_listed(
    old: (&YearFile, &Listing),
    new: (&YearFile, &Listing),
    include_unchanged: bool,
    depth: Option<usize>,
) -> Result<Option<Diff>, OverflowError> {
    let compared = |summing| compared(old, new, include_unchanged, depth, summing);
    Ok(match compared(Summing::RolledUp)? {
        Compared::Diff(diff) => Some(*diff),
        Compared::RowNotKept => None,
        Compared::OrderMatters => match compared(Summing::InOrder)? {
            Compared::Diff(diff) => Some(*diff),
            _ => None,
        },
    })
}

/// How the new side's subtotals are added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Summing {
    /// Each item at its own category only, the categories rolled up into
    /// their ancestors at the end: one addition an item, not one per
    /// ancestor. Only when [`OrderFree`] shows that no partial sum, in any
    /// order, is inexact or of another scale.
    RolledUp,
    /// Each item at its category and every ancestor, in the pairs' order.
    InOrder,
}

/// What [`compared`] came to.
enum Compared {
    Diff(Box<Diff>),
    /// A row shown needs an item a listing did not keep.
    RowNotKept,
    /// The new side's sums may depend on the order they are taken in: add
    /// them up [`Summing::InOrder`].
    OrderMatters,
}

/// [`diff_listed`], the new side's subtotals added up as `summing` says.
fn compared(
    (old, old_items): (&YearFile, &Listing),
    (new, new_items): (&YearFile, &Listing),
    include_unchanged: bool,
    depth: Option<usize>,
    summing: Summing,
) -> Result<Compared, OverflowError> {
    // Whether each category of either listing shows its rows at `depth`,
    // read once a category rather than from its path once a pair.
    let shows_listed = [old_items, new_items].map(|items| {
        items
            .categories()
            .iter()
            .map(|c| shows(depth, c))
            .collect::<Vec<bool>>()
    });
    let shown = |pair: &Pair<'_>| {
        let side = usize::from(pair.new.is_some());
        shows_listed[side][pair.current().record().category as usize]
    };
    // Whether the new side's amounts add up alike in any order is read off
    // its listing (every item in totals, in file order, as the pairs meet
    // them) beside the pairing, not once a pair in the walk below.
    let (pairing, order_free) = crate::parallel::both(
        summing == Summing::RolledUp && new_items.len() >= PARALLEL_FROM,
        || Pairing::of(old_items, new_items),
        || (summing == Summing::RolledUp).then(|| order_free_of(new_items)),
    );
    let old_categories = &pairing.old_categories;

    let mut tree = CategoryTree::new();
    let mut new_sums = Subtotals::default();
    // Rolled up: each node's own new sum.
    let mut own_new_sums: Vec<Option<Amount>> = Vec::new();
    // Every pair in totals counts as an item, whichever side has it: at
    // its node here, rolled up into the ancestors at the end.
    let mut own_counts: Vec<usize> = Vec::new();
    // The tree node of each old category, made where a pair first needs it
    // so that the tree's order is the pairs' order.
    let mut old_nodes: Vec<Option<NodeId>> = vec![None; old_categories.paths.len()];
    // The tree node of each category of either listing, once a pair filed
    // in it needed one: no path looked up twice.
    let mut listed_nodes = [old_items, new_items].map(|items| vec![None; items.categories().len()]);
    // A leaf is a pair shown, whose rows both sides kept: room for as
    // many as the listings kept rows, made once.
    let most_leaves = old_items
        .shown_count()
        .saturating_add(new_items.shown_count());
    let mut leaves: Vec<Pair<'_>> = Vec::with_capacity(most_leaves);
    let mut leaf_figures: Vec<LeafFigures> = Vec::with_capacity(most_leaves);
    let mut excluded_pairs: Vec<Pair<'_>> = Vec::new();
    // Without --all, unchanged figures are left out of the list and only
    // counted, so that none goes without a word.
    let mut unchanged_excluded: usize = 0;
    let mut hidden_excluded = HiddenExcluded::default();
    for pair in pairing.pairs() {
        let is_shown = shown(&pair);
        if is_shown && !pair.shown_on_both_sides() {
            return Ok(Compared::RowNotKept);
        }
        // Whether the old side enters totals comes from the folded old
        // side, not the old item: no jump into OLD.
        let old_category = pair.old_category;
        let new_in_totals = pair.new_in_totals();
        if old_category.is_none() && new_in_totals.is_none() {
            if is_shown {
                excluded_pairs.push(pair);
            } else if left_out(&pair, include_unchanged) {
                unchanged_excluded = unchanged_excluded.saturating_add(1);
            } else if let Some(depth) = depth {
                // Only what would be listed at every depth counts as left
                // out.
                hidden_excluded.note(depth, pair.category(), pair.memo());
            }
            continue;
        }
        let current = pair.current();
        let side = usize::from(pair.new.is_some());
        let slot = &mut listed_nodes[side][current.record().category as usize];
        let row_node = *slot.get_or_insert_with(|| tree.node(current.category()));
        if is_shown {
            leaves.push(pair);
            leaf_figures.push(LeafFigures::of(&pair));
            // The leaf just pushed: the length is at least one.
            tree.push_leaf(row_node, leaves.len().saturating_sub(1));
        }
        if let Some(category) = old_category
            && old_nodes[category].is_none()
        {
            old_nodes[category] = Some(tree.node(old_categories.paths[category]));
        }
        own_counts.resize(tree.len(), 0);
        // Item counts stay below the number of items in memory.
        own_counts[row_node] = own_counts[row_node].saturating_add(1);
        if let Some(item) = new_in_totals {
            match summing {
                Summing::RolledUp => {
                    own_new_sums.resize(tree.len(), None);
                    let own = &mut own_new_sums[row_node];
                    match own.unwrap_or(Amount::ZERO).exact_add(item.amount()) {
                        Ok(sum) => *own = Some(sum),
                        Err(_) => return Ok(Compared::OrderMatters),
                    }
                }
                Summing::InOrder => new_sums.add(
                    &tree,
                    row_node,
                    item.amount(),
                    &new.path,
                    new.unit.currency(),
                )?,
            }
        }
    }
    if summing == Summing::RolledUp {
        if !order_free.is_some_and(|order_free| order_free.holds()) {
            return Ok(Compared::OrderMatters);
        }
        own_new_sums.resize(tree.len(), None);
        match Subtotals::rolled_up(&tree, own_new_sums) {
            Some(sums) => new_sums = sums,
            None => return Ok(Compared::OrderMatters),
        }
    }
    own_counts.resize(tree.len(), 0);
    let item_counts = rolled_up_counts(&tree, own_counts);
    // The old side by category, summed while pairing.
    let mut old_sums = Subtotals::default();
    for (node, sum) in old_nodes.into_iter().zip(&old_categories.sums) {
        // Every old item in totals is in a pair that is.
        let node = node.expect("each old category has a node");
        let sum =
            sum.map_err(|reason| overflow_at(&tree, node, &old.path, old.unit.currency(), reason))?;
        old_sums.add(&tree, node, sum, &old.path, old.unit.currency())?;
    }
    let totals = (old_sums.total(), new_sums.total());

    // Category rows are made at once, item rows only once shown (see
    // `unchanged`).
    let walked = tree
        .walk()
        .into_iter()
        .map(|visit| match visit {
            Visit::Category(node) => {
                let change = compare(old_sums.sum(node), new_sums.sum(node));
                let category = tree.path(node).expect("categories have paths").clone();
                let at_depth = cuts_below(depth, &category);
                Walked::Category(Box::new(CategoryChange {
                    depth: category.depth(),
                    printed_total: printed_totals(old, new, Some(&category)),
                    category,
                    share: share_change(&change, totals),
                    change,
                    hidden_items: if at_depth { item_counts[node] } else { 0 },
                }))
            }
            Visit::Leaf(leaf) => Walked::Item(leaf),
        })
        .collect();
    let walk = Walk {
        rows: walked,
        leaves: &leaves,
        figures: &leaf_figures,
        totals,
    };
    let rows = if include_unchanged {
        walk.every_row()
    } else {
        walk.without_unchanged()
    };
    let excluded = excluded_pairs
        .iter()
        .filter(|pair| {
            let left_out = left_out(pair, include_unchanged);
            if left_out {
                unchanged_excluded = unchanged_excluded.saturating_add(1);
            }
            !left_out
        })
        .map(|pair| item_change(pair, None))
        .collect();
    let diff = Diff {
        old: side(old),
        new: side(new),
        total: compare(Some(totals.0), Some(totals.1)),
        printed_total: printed_totals(old, new, None),
        rows,
        excluded,
        hidden_excluded,
        unchanged_excluded,
        warnings: pairing_warnings(old, new),
    };
    every_change_exact(&diff)?;
    Ok(Compared::Diff(Box::new(diff)))
}

/// Below this many new items, the pairing is not joined by a second
/// thread.
const PARALLEL_FROM: usize = 1 << 16;

/// Whether the amounts of `items` that enter totals add up alike in any
/// order.
fn order_free_of(items: &Listing) -> OrderFree {
    let mut order_free = OrderFree::default();
    for record in items.records().iter().filter(|r| r.enters_totals()) {
        order_free.add(record.amount);
    }
    order_free
}

/// Each node's count with every count below it: `own` holds each node's
/// own. A node's parent comes before it in the tree.
fn rolled_up_counts(tree: &CategoryTree, mut own: Vec<usize>) -> Vec<usize> {
    for node in (1..own.len()).rev() {
        if let Some(parent) = tree.parent(node) {
            // Counts stay below the number of items in memory.
            own[parent] = own[parent].saturating_add(own[node]);
        }
    }
    own
}

/// Whether a target, cap or memo figure is left out of the list (and
/// only counted): unchanged, without `--all`.
fn left_out(pair: &Pair<'_>, include_unchanged: bool) -> bool {
    !include_unchanged
        && compare(pair.old.map(|i| i.amount()), pair.new.map(|i| i.amount())).status
            == ChangeStatus::Unchanged
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// Stops at the first change (`new - old`) that `Decimal` cannot hold
/// exactly, naming its row: a blank where a change belongs would look like
/// a missing figure, and a rounded one would be wrong.
fn every_change_exact(diff: &Diff) -> Result<(), OverflowError> {
    // The row is named only for the error: a national comparison checks
    // tens of thousands of rows, all exact.
    let check = |scope: &dyn Fn() -> String, change: &Change| match (change.old, change.new) {
        (Some(old), Some(new)) => new
            .exact_sub(old)
            .map(drop)
            .map_err(|reason| OverflowError {
                file: format!("{} → {}", diff.old.file, diff.new.file),
                scope: scope(),
                figure: Figure::Change,
                reason,
                currency: diff.new.file_unit.currency(),
            }),
        _ => Ok(()),
    };
    for row in &diff.rows {
        match row {
            DiffRow::Category(c) => {
                if let Some(printed) = &c.printed_total {
                    check(
                        &|| format!("the printed total of `{}`", c.category),
                        printed,
                    )?;
                }
                check(&|| format!("category `{}`", c.category), &c.change)?
            }
            DiffRow::Item(i) => check(&|| format!("item `{}`", i.id), &i.change)?,
            DiffRow::Others(o) | DiffRow::Unchanged(o) => {
                check(&|| format!("category `{}`", o.category), &o.change)?
            }
        }
    }
    for item in &diff.excluded {
        check(&|| format!("item `{}`", item.id), &item.change)?;
    }
    if let Some(printed) = &diff.printed_total {
        check(&|| "the printed total".to_owned(), printed)?;
    }
    check(&|| "the total".to_owned(), &diff.total)
}

/// Both files' printed totals of `category` (the grand total for `None`)
/// compared; `None` when neither prints one.
fn printed_totals(
    old: &YearFile,
    new: &YearFile,
    category: Option<&CategoryPath>,
) -> Option<Change> {
    match (printed_total(old, category), printed_total(new, category)) {
        (None, None) => None,
        (Some(old), Some(new)) => Some(compare(Some(old), Some(new))),
        // A file that prints no total is not a total of zero.
        (old, new) => Some(Change {
            status: ChangeStatus::Unknown,
            old,
            new,
            change: None,
            change_pct: None,
        }),
    }
}

/// The total a file prints for `category` (`[[total]]` with that
/// `category`), or its grand total for `None` (without one).
pub fn printed_total(file: &YearFile, category: Option<&CategoryPath>) -> Option<Amount> {
    file.totals
        .iter()
        .find(|total| total.category.as_ref() == category)
        .map(|total| total.amount.value)
}

/// Compares two optional amounts.
pub fn compare(old: Option<Amount>, new: Option<Amount>) -> Change {
    let (change, change_pct) = match (old, new) {
        (Some(old), Some(new)) => (new.checked_sub(old), percent_change(old.won(), new.won())),
        (None, Some(new)) => (Some(new), None),
        (Some(old), None) => (Amount::ZERO.checked_sub(old), None),
        (None, None) => (None, None),
    };
    Change {
        status: change_status(old, new),
        old,
        new,
        change,
        change_pct,
    }
}

/// How two optional amounts compare ([`compare`]'s status alone).
fn change_status(old: Option<Amount>, new: Option<Amount>) -> ChangeStatus {
    match (old, new) {
        (Some(old), Some(new)) if old.won() == new.won() => ChangeStatus::Unchanged,
        (Some(_), Some(_)) => ChangeStatus::Changed,
        (None, Some(_)) => ChangeStatus::New,
        (Some(_), None) => ChangeStatus::Removed,
        (None, None) => ChangeStatus::Unchanged,
    }
}

fn side(file: &YearFile) -> Side {
    Side {
        file: file.path.clone(),
        year: file.year,
        region: file.region.clone(),
        phase: file.phase.clone(),
        file_unit: file.unit,
        count_labels: file.count_labels.clone(),
    }
}

/// A pairing that is compared, but that a reader should know is odd.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PairingWarning {
    /// The two files are of different regions.
    DifferentRegions {
        old_region: String,
        old_file: String,
        new_region: String,
        new_file: String,
    },
    /// OLD is of a later year than NEW.
    OldIsLater {
        old_file: String,
        old_year: i64,
        new_file: String,
        new_year: i64,
    },
}

fn pairing_warnings(old: &YearFile, new: &YearFile) -> Vec<PairingWarning> {
    let mut warnings = Vec::new();
    if old.region != new.region {
        warnings.push(PairingWarning::DifferentRegions {
            old_region: old.region.clone(),
            old_file: old.path.clone(),
            new_region: new.region.clone(),
            new_file: new.path.clone(),
        });
    }
    if old.year > new.year {
        warnings.push(PairingWarning::OldIsLater {
            old_file: old.path.clone(),
            old_year: old.year,
            new_file: new.path.clone(),
            new_year: new.year,
        });
    }
    warnings
}

/// An item pair compared; `totals` are both grand totals when the pair
/// enters totals (for shares), `None` for targets and caps. Both sides
/// kept what their rows print (see [`Pair::shown_on_both_sides`]).
fn item_change(pair: &Pair<'_>, totals: Option<(Amount, Amount)>) -> ItemChange {
    let (old, new) = match totals {
        Some(_) => (pair.old_in_totals(), pair.new_in_totals()),
        None => (pair.old, pair.new),
    };
    let change = compare(old.map(|i| i.amount()), new.map(|i| i.amount()));
    let current = pair.current();
    let both = pair.old.zip(pair.new);
    ItemChange {
        id: current.id().to_owned(),
        name: printed(current).name.clone(),
        old_name: both
            .filter(|(o, n)| printed(*o).name != printed(*n).name)
            .map(|(o, _)| printed(o).name.clone()),
        category: current.category().clone(),
        old_category: both
            .filter(|(o, n)| o.category() != n.category())
            .map(|(o, _)| o.category().clone()),
        old_status: pair.old.map(|i| i.record().status),
        new_status: pair.new.map(|i| i.record().status),
        share: totals.map_or_else(ShareChange::default, |t| share_change(&change, t)),
        counts: count_changes(old, new),
        change,
        memo: pair.memo(),
    }
}

/// What an item's row prints besides its record: kept for every row
/// shown.
fn printed(item: Entry<'_>) -> &Shown {
    item.shown().expect("the rows shown are kept")
}

/// Shares of each side's total; a side without the figure has a 0% share.
fn share_change(change: &Change, (old_total, new_total): (Amount, Amount)) -> ShareChange {
    let share = |amount: Option<Amount>, total: Amount| {
        percent_of(amount.map_or(Decimal::ZERO, Amount::won), total.won())
    };
    let old_share_pct = share(change.old, old_total);
    let new_share_pct = share(change.new, new_total);
    ShareChange {
        old_share_pct,
        new_share_pct,
        share_change_pp: new_share_pct
            .zip(old_share_pct)
            .and_then(|(n, o)| n.checked_sub(o)),
    }
}

fn count_changes(old: Option<Entry<'_>>, new: Option<Entry<'_>>) -> Vec<CountChange> {
    let averages = |item: Option<Entry<'_>>| {
        item.map_or_else(Vec::new, |i| averages(i.amount(), &printed(i).counts))
    };
    let old_averages = averages(old);
    let new_averages = averages(new);
    let mut names: Vec<&str> = new_averages.iter().map(|a| a.per.as_str()).collect();
    for average in &old_averages {
        if !names.contains(&average.per.as_str()) {
            names.push(&average.per);
        }
    }
    let find = |averages: &[Average], name: &str| averages.iter().find(|a| a.per == name).cloned();
    names
        .into_iter()
        .map(|name| CountChange {
            per: name.to_owned(),
            old: find(&old_averages, name),
            new: find(&new_averages, name),
        })
        .collect()
}

#[cfg(test)]
mod tests;
