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
#![warn(clippy::arithmetic_side_effects)]

use crate::quote::{short, visible};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::{Amount, Unit};
use crate::error::{Figure, OverflowError};
use crate::model::{CategoryPath, CountLabels, Item, Status, YearFile};
use crate::report::average::{Average, averages};
use crate::report::outline::{OutlineRow, SortKey, SortValue};
pub use crate::report::percent::percent_change;
use crate::report::percent::percent_of;
use crate::report::rollup::{Subtotals, overflow_at};
use crate::report::row::{CategoryFigures, ItemFigures, OthersFigures, Report};
use crate::report::shows;
use crate::report::tree::{CategoryTree, NodeId, Visit};

mod pairing;

use pairing::{Pair, Pairing};

/// What `diff` computes. Amounts are in won.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub old: Side,
    pub new: Side,
    pub total: Change,
    /// The category tree with item rows: the new file's order, then what
    /// only the old file has (`apply_outline` then sorts by change).
    pub rows: Vec<DiffRow>,
    /// Targets and caps on both sides: compared, never added up.
    pub excluded: Vec<ItemChange>,
    /// Odd pairings that are still compared (different regions, OLD later
    /// than NEW).
    pub warnings: Vec<String>,
}

/// One of the two files compared.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub file: String,
    pub year: i64,
    pub region: String,
    pub phase: Option<String>,
    pub file_unit: Unit,
    /// Labels the file gives its count keys, for display only.
    #[serde(skip)]
    pub count_labels: CountLabels,
}

/// How a figure moved from OLD to NEW.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `change_status` in every output format: an item's own `status`
    /// (actual, planned ...) is `old_status` and `new_status`.
    #[serde(rename = "change_status")]
    pub status: ChangeStatus,
    pub old: Option<Amount>,
    pub new: Option<Amount>,
    /// `new - old`, exact, a missing side counting as zero (a new item
    /// changes by its amount, a removed one by minus its amount); `None`
    /// only when neither side has the figure or the difference overflows.
    pub change: Option<Amount>,
    /// `(new - old) / |old| × 100`; `None` for new, removed, or from zero.
    pub change_pct: Option<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeStatus {
    Changed,
    Unchanged,
    New,
    Removed,
}

/// A row of the compared tree: a category, an item, the items `--top`
/// folds, or the unchanged rows left out without `--all`.
pub type DiffRow = crate::report::Row<CategoryChange, ItemChange, OthersChange>;

/// Items of one category folded into one row, compared as one.
#[derive(Debug, Clone, Serialize)]
pub struct OthersChange {
    pub category: CategoryPath,
    pub items: usize,
    #[serde(flatten)]
    pub change: Change,
    #[serde(flatten)]
    pub share: ShareChange,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryChange {
    pub category: CategoryPath,
    pub depth: usize,
    #[serde(flatten)]
    pub change: Change,
    #[serde(flatten)]
    pub share: ShareChange,
    /// Items below this category that `--depth` does not show.
    pub hidden_items: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemChange {
    pub id: String,
    /// The new name, or the old one for a removed item.
    pub name: String,
    /// The old name, when the item was renamed.
    pub old_name: Option<String>,
    /// The new category, or the old one for a removed item.
    pub category: CategoryPath,
    /// The old category, when the item moved.
    pub old_category: Option<CategoryPath>,
    pub old_status: Option<Status>,
    pub new_status: Option<Status>,
    #[serde(flatten)]
    pub change: Change,
    #[serde(flatten)]
    pub share: ShareChange,
    pub counts: Vec<CountChange>,
    /// A memo figure on either side (`memo = true`); left out of JSON when
    /// false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub memo: bool,
}

/// Shares of each side's grand total, and their difference in percentage
/// points (a share that goes from 10% to 12% changed by +2 %p, not +20%).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ShareChange {
    pub old_share_pct: Option<Decimal>,
    pub new_share_pct: Option<Decimal>,
    pub share_change_pp: Option<Decimal>,
}

/// A count and its average on each side (`companies 600+ → 620`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountChange {
    pub per: String,
    pub old: Option<Average>,
    pub new: Option<Average>,
}

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
    let shown = |pair: &Pair<'_>| shows(depth, pair.category());
    let pairing = Pairing::of(&old.items, &new.items);
    let old_categories = &pairing.old_categories;

    let mut tree = CategoryTree::new();
    let mut new_sums = Subtotals::default();
    // Every pair in totals counts as an item, whichever side has it.
    let mut item_counts = Subtotals::default();
    // The tree node of each old category, made where a pair first needs it
    // so that the tree's order is the pairs' order.
    let mut old_nodes: Vec<Option<NodeId>> = vec![None; old_categories.paths.len()];
    let mut leaves: Vec<Pair<'_>> = Vec::new();
    let mut excluded_pairs: Vec<Pair<'_>> = Vec::new();
    for pair in pairing.pairs() {
        // Whether the old side enters totals comes from the folded old
        // side, not the old item: no jump into OLD.
        let old_category = pair.old_category;
        let new_in_totals = pair.new_in_totals();
        if old_category.is_none() && new_in_totals.is_none() {
            if shown(&pair) {
                excluded_pairs.push(pair);
            }
            continue;
        }
        let row_node = if shown(&pair) {
            leaves.push(pair);
            // The leaf just pushed: the length is at least one.
            tree.add_leaf(pair.category(), leaves.len().saturating_sub(1))
        } else {
            tree.node(pair.category())
        };
        if let Some(category) = old_category
            && old_nodes[category].is_none()
        {
            old_nodes[category] = Some(tree.node(old_categories.paths[category]));
        }
        item_counts.count(&tree, row_node, 1);
        if let Some(item) = new_in_totals {
            new_sums.add(&tree, row_node, item.amount, &new.path)?;
        }
    }
    // The old side by category, summed while pairing.
    let mut old_sums = Subtotals::default();
    for (node, sum) in old_nodes.into_iter().zip(&old_categories.sums) {
        // Every old item in totals is in a pair that is.
        let node = node.expect("each old category has a node");
        let sum = sum.map_err(|reason| overflow_at(&tree, node, &old.path, reason))?;
        old_sums.add(&tree, node, sum, &old.path)?;
    }
    let totals = (old_sums.total(), new_sums.total());

    let mut rows = Vec::new();
    for visit in tree.walk() {
        rows.push(match visit {
            Visit::Category(node) => {
                let change = compare(old_sums.sum(node), new_sums.sum(node));
                let category = tree.path(node).expect("categories have paths").clone();
                let at_depth = depth == Some(category.depth());
                DiffRow::Category(CategoryChange {
                    depth: category.depth(),
                    category,
                    share: share_change(&change, totals),
                    change,
                    hidden_items: if at_depth { item_counts.items(node) } else { 0 },
                })
            }
            Visit::Leaf(leaf) => DiffRow::Item(item_change(&leaves[leaf], Some(totals))),
        });
    }
    if !include_unchanged {
        rows = without_unchanged(rows, totals);
    }
    let excluded = excluded_pairs
        .iter()
        .map(|pair| item_change(pair, None))
        .filter(|row| include_unchanged || row.change.status != ChangeStatus::Unchanged)
        .collect();
    let diff = Diff {
        old: side(old),
        new: side(new),
        total: compare(Some(totals.0), Some(totals.1)),
        rows,
        excluded,
        warnings: pairing_warnings(old, new),
    };
    every_change_exact(&diff)?;
    Ok(diff)
}

/// Stops at the first change (`new - old`) that `Decimal` cannot hold
/// exactly, naming its row: a blank where a change belongs would look like
/// a missing figure, and a rounded one would be wrong.
fn every_change_exact(diff: &Diff) -> Result<(), OverflowError> {
    let file = format!("{} → {}", diff.old.file, diff.new.file);
    let check = |scope: String, change: &Change| match (change.old, change.new) {
        (Some(old), Some(new)) => new
            .exact_sub(old)
            .map(drop)
            .map_err(|reason| OverflowError {
                file: file.clone(),
                scope,
                figure: Figure::Change,
                reason,
            }),
        _ => Ok(()),
    };
    for row in &diff.rows {
        match row {
            DiffRow::Category(c) => check(format!("category `{}`", c.category), &c.change)?,
            DiffRow::Item(i) => check(format!("item `{}`", i.id), &i.change)?,
            DiffRow::Others(o) | DiffRow::Unchanged(o) => {
                check(format!("category `{}`", o.category), &o.change)?
            }
        }
    }
    for item in &diff.excluded {
        check(format!("item `{}`", item.id), &item.change)?;
    }
    check("the total".to_owned(), &diff.total)
}

/// What `diff --fail-on-change PCT --fail-on-removed` found: typed, so
/// that rendering words it (see [`crate::render::gate`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum GateFinding {
    /// A figure whose absolute percent change is more than the limit.
    ChangeBeyondLimit {
        figure: Gated,
        change_pct: Decimal,
        limit: Decimal,
    },
    /// An item that OLD has and NEW does not (a removed category is no
    /// finding of its own: its removed items are).
    RemovedItem { id: String },
}

/// The figure a gate looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "lowercase")]
pub enum Gated {
    Total,
    Category(CategoryPath),
    Item(String),
}

/// What `diff --fail-on-change PCT --fail-on-removed` finds: each item,
/// subtotal or total whose absolute percent change exceeds the limit, and
/// each removed item, in the order of the rows. New items have no percent
/// change and are not findings.
pub fn gate_findings(
    diff: &Diff,
    max_change_pct: Option<Decimal>,
    fail_on_removed: bool,
) -> Vec<GateFinding> {
    let mut findings = Vec::new();
    let mut check = |figure: Gated, change: &Change| {
        if let (Some(limit), Some(change_pct)) = (max_change_pct, change.change_pct)
            && change_pct.abs() > limit
        {
            findings.push(GateFinding::ChangeBeyondLimit {
                figure: figure.clone(),
                change_pct,
                limit,
            });
        }
        if let (true, ChangeStatus::Removed, Gated::Item(id)) =
            (fail_on_removed, change.status, figure)
        {
            findings.push(GateFinding::RemovedItem { id });
        }
    };
    check(Gated::Total, &diff.total);
    for row in &diff.rows {
        match row {
            DiffRow::Category(c) => check(Gated::Category(c.category.clone()), &c.change),
            DiffRow::Item(i) => check(Gated::Item(i.id.clone()), &i.change),
            DiffRow::Others(_) | DiffRow::Unchanged(_) => {}
        }
    }
    for item in &diff.excluded {
        check(Gated::Item(item.id.clone()), &item.change);
    }
    findings
}

impl DiffRow {
    /// The comparison the row shows.
    pub fn change(&self) -> &Change {
        match self {
            DiffRow::Category(c) => &c.change,
            DiffRow::Item(i) => &i.change,
            DiffRow::Others(o) | DiffRow::Unchanged(o) => &o.change,
        }
    }
}

pub use crate::report::apply_outline;

/// Largest absolute change first unless sorted otherwise; `--top` keeps
/// the largest absolute changes.
impl Report for Diff {
    type Category = CategoryChange;
    type Item = ItemChange;
    type Others = OthersChange;
    const DEFAULT_SORT: Option<SortKey> = Some(SortKey::Change);
    const TOP_KEY: SortKey = SortKey::Change;

    fn fold_context(&self) -> (Amount, Amount) {
        (
            self.total.old.unwrap_or(Amount::ZERO),
            self.total.new.unwrap_or(Amount::ZERO),
        )
    }
    fn rows_mut(&mut self) -> &mut Vec<DiffRow> {
        &mut self.rows
    }
    fn excluded_mut(&mut self) -> &mut Vec<ItemChange> {
        &mut self.excluded
    }
}

impl Change {
    /// What `--sort` and `--top` read from a change.
    fn figure(&self, key: SortKey) -> SortValue {
        match key {
            SortKey::Amount => self
                .new
                .or(self.old)
                .map_or(SortValue::Missing, |a| SortValue::Magnitude(a.won())),
            SortKey::Change => SortValue::Magnitude(change_magnitude(self)),
            SortKey::ChangePct => self
                .change_pct
                .map_or(SortValue::Missing, SortValue::Magnitude),
            // Read from the row, not its figures.
            SortKey::Name | SortKey::Id => SortValue::Missing,
        }
    }
}

impl CategoryFigures for CategoryChange {
    fn category(&self) -> &CategoryPath {
        &self.category
    }
    fn hide_items(&mut self, count: usize) {
        self.hidden_items = count;
    }
    fn figure(&self, key: SortKey) -> SortValue {
        self.change.figure(key)
    }
}

impl ItemFigures for ItemChange {
    fn category(&self) -> &CategoryPath {
        &self.category
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn figure(&self, key: SortKey) -> SortValue {
        self.change.figure(key)
    }
}

impl OthersFigures<ItemChange> for OthersChange {
    /// Both grand totals, for shares.
    type Context = (Amount, Amount);

    fn category(&self) -> &CategoryPath {
        &self.category
    }
    fn items(&self) -> usize {
        self.items
    }
    fn fold(
        category: &CategoryPath,
        items: &[&ItemChange],
        totals: &(Amount, Amount),
    ) -> Option<OthersChange> {
        let sum = |side: fn(&Change) -> Option<Amount>| {
            items
                .iter()
                .filter_map(|i| side(&i.change))
                .try_fold(None, |sum: Option<Amount>, a| {
                    Some(Some(sum.unwrap_or(Amount::ZERO).checked_add(a)?))
                })
        };
        let change = compare(sum(|c| c.old)?, sum(|c| c.new)?);
        if change.old.is_some() && change.new.is_some() && change.change.is_none() {
            // No exact change for the folded row: the items stay unfolded.
            return None;
        }
        Some(OthersChange {
            category: category.clone(),
            items: items.len(),
            share: share_change(&change, *totals),
            change,
        })
    }
}

/// `|new - old|`, counting a missing side as zero, so that new and removed
/// items rank by their whole amount.
fn change_magnitude(change: &Change) -> Decimal {
    let won = |a: Option<Amount>| a.map_or(Decimal::ZERO, Amount::won);
    won(change.new)
        .checked_sub(won(change.old))
        .map_or(Decimal::MAX, |d| d.abs())
}

/// Compares two optional amounts.
pub fn compare(old: Option<Amount>, new: Option<Amount>) -> Change {
    let (status, change, change_pct) = match (old, new) {
        (Some(old), Some(new)) => {
            let change = new.checked_sub(old);
            let status = if old.won() == new.won() {
                ChangeStatus::Unchanged
            } else {
                ChangeStatus::Changed
            };
            (status, change, percent_change(old.won(), new.won()))
        }
        (None, Some(new)) => (ChangeStatus::New, Some(new), None),
        (Some(old), None) => (ChangeStatus::Removed, Amount::ZERO.checked_sub(old), None),
        (None, None) => (ChangeStatus::Unchanged, None, None),
    };
    Change {
        status,
        old,
        new,
        change,
        change_pct,
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

fn pairing_warnings(old: &YearFile, new: &YearFile) -> Vec<String> {
    let mut warnings = Vec::new();
    if old.region != new.region {
        warnings.push(format!(
            "comparing different regions: {} ({}) and {} ({})",
            short(&old.region),
            visible(&old.path),
            short(&new.region),
            visible(&new.path)
        ));
    }
    if old.year > new.year {
        warnings.push(format!(
            "OLD ({}, {}) is later than NEW ({}, {}); changes are NEW minus OLD",
            visible(&old.path),
            old.year,
            visible(&new.path),
            new.year
        ));
    }
    warnings
}

/// An item pair compared; `totals` are both grand totals when the pair
/// enters totals (for shares), `None` for targets and caps.
fn item_change(pair: &Pair<'_>, totals: Option<(Amount, Amount)>) -> ItemChange {
    let (old, new) = match totals {
        Some(_) => (pair.old_in_totals(), pair.new_in_totals()),
        None => (pair.old, pair.new),
    };
    let change = compare(old.map(|i| i.amount), new.map(|i| i.amount));
    let current = pair.current();
    let differs = |f: fn(&Item) -> String| match (pair.old, pair.new) {
        (Some(o), Some(n)) if f(o) != f(n) => Some(f(o)),
        _ => None,
    };
    ItemChange {
        id: current.id.clone(),
        name: current.name.clone(),
        old_name: differs(|i| i.name.clone()),
        category: current.category.clone(),
        old_category: pair
            .old
            .zip(pair.new)
            .filter(|(o, n)| o.category != n.category)
            .map(|(o, _)| o.category.clone()),
        old_status: pair.old.map(|i| i.status),
        new_status: pair.new.map(|i| i.status),
        share: totals.map_or_else(ShareChange::default, |t| share_change(&change, t)),
        counts: count_changes(old, new),
        change,
        memo: pair.old.is_some_and(|i| i.memo) || pair.new.is_some_and(|i| i.memo),
    }
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

fn count_changes(old: Option<&Item>, new: Option<&Item>) -> Vec<CountChange> {
    let old_averages = old.map(averages).unwrap_or_default();
    let new_averages = new.map(averages).unwrap_or_default();
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

/// Drops unchanged items, and categories with nothing changed in or below
/// them. Rows come depth first, so a category's rows follow it until a row
/// of the same or a lesser depth. What a kept category (or the top level)
/// loses becomes one [`DiffRow::Unchanged`] row at the end of its rows, so
/// the rows shown still add up; if that sum cannot be held exactly, every
/// row stays.
fn without_unchanged(rows: Vec<DiffRow>, totals: (Amount, Amount)) -> Vec<DiffRow> {
    let depth = DiffRow::level;
    let changed = |row: &DiffRow| row.change().status != ChangeStatus::Unchanged;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_str;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn file(year: i64, items: &[(&str, &str, &str, &str)]) -> YearFile {
        let mut text = format!("year = {year}\nregion = \"R\"\nunit = \"billion won\"\n");
        for (id, category, amount, status) in items {
            text.push_str(&format!(
                "[[item]]\nid = \"{id}\"\nname = \"{id}\"\ncategory = \"{category}\"\namount = {amount}\nstatus = \"{status}\"\n"
            ));
        }
        parse_str(&text, &format!("{year}.toml")).unwrap()
    }

    fn item<'d>(diff: &'d Diff, id: &str) -> &'d ItemChange {
        diff.rows
            .iter()
            .find_map(|row| match row {
                DiffRow::Item(item) if item.id == id => Some(item),
                _ => None,
            })
            .or_else(|| diff.excluded.iter().find(|i| i.id == id))
            .unwrap_or_else(|| panic!("no row for {id}"))
    }

    #[test]
    fn items_are_matched_by_id() {
        let old = file(
            2025,
            &[("a", "x", "10", "actual"), ("gone", "x", "3", "actual")],
        );
        let new = file(
            2026,
            &[("a", "x", "12", "planned"), ("fresh", "y", "1", "planned")],
        );
        let diff = diff(&old, &new, true).unwrap();
        let a = item(&diff, "a");
        assert_eq!(a.change.status, ChangeStatus::Changed);
        assert_eq!(a.change.change.unwrap().won(), dec("2000000000"));
        assert_eq!(a.change.change_pct, Some(dec("20")));
        assert_eq!(item(&diff, "gone").change.status, ChangeStatus::Removed);
        assert_eq!(item(&diff, "fresh").change.status, ChangeStatus::New);
        assert_eq!(item(&diff, "fresh").change.change_pct, None);
        // Totals: 13 -> 13.
        assert_eq!(diff.total.status, ChangeStatus::Unchanged);
        // New and removed items change by their whole amount, so the item
        // changes add up to the total's: +2 - 3 + 1 = 0.
        assert_eq!(
            item(&diff, "gone").change.change.unwrap().won(),
            dec("-3000000000")
        );
        assert_eq!(
            item(&diff, "fresh").change.change.unwrap().won(),
            dec("1000000000")
        );
        assert_eq!(diff.total.change.unwrap().won(), dec("0"));
    }

    #[test]
    fn hidden_unchanged_rows_leave_a_remainder_so_rows_add_up() {
        // x/p: a 10 -> 12, b 5 -> 5; x/q: c 7 -> 7 (whole category
        // unchanged); x: gone 2 -> -, fresh - -> 1; y: d 3 -> 3.
        let old = file(
            2025,
            &[
                ("a", "x/p", "10", "actual"),
                ("b", "x/p", "5", "actual"),
                ("c", "x/q", "7", "actual"),
                ("d", "y", "3", "actual"),
                ("gone", "x", "2", "actual"),
            ],
        );
        let new = file(
            2026,
            &[
                ("a", "x/p", "12", "actual"),
                ("b", "x/p", "5", "actual"),
                ("c", "x/q", "7", "actual"),
                ("d", "y", "3", "actual"),
                ("fresh", "x", "1", "actual"),
            ],
        );
        let diff = diff(&old, &new, false).unwrap();
        // What, status, old and new in billion won, items stood for.
        type Shown = (String, String, Option<Decimal>, Option<Decimal>, usize);
        let shown: Vec<Shown> = diff
            .rows
            .iter()
            .map(|row| {
                let (kind, label, items) = match row {
                    DiffRow::Category(c) => ("category", c.category.to_string(), 0),
                    DiffRow::Item(i) => ("item", i.id.clone(), 1),
                    DiffRow::Others(o) => ("others", o.category.to_string(), o.items),
                    DiffRow::Unchanged(o) => ("unchanged", o.category.to_string(), o.items),
                };
                let billions = |a: Option<Amount>| a.map(|a| a.won() / dec("1000000000"));
                let change = row.change();
                (
                    format!("{kind} {label}"),
                    format!("{:?}", change.status),
                    billions(change.old),
                    billions(change.new),
                    items,
                )
            })
            .collect();
        let row = |what: &str, status: &str, old: Option<&str>, new: Option<&str>, items| {
            (
                what.to_owned(),
                status.to_owned(),
                old.map(dec),
                new.map(dec),
                items,
            )
        };
        assert_eq!(
            shown,
            [
                // x: 10 + 5 + 7 + 2 = 24 -> 12 + 5 + 7 + 1 = 25.
                row("category x", "Changed", Some("24"), Some("25"), 0),
                row("category x/p", "Changed", Some("15"), Some("17"), 0),
                row("item a", "Changed", Some("10"), Some("12"), 1),
                // b alone.
                row("unchanged x/p", "Unchanged", Some("5"), Some("5"), 1),
                // The new file's order, then what only the old one has.
                row("item fresh", "New", None, Some("1"), 1),
                row("item gone", "Removed", Some("2"), None, 1),
                // x/q, a whole unchanged category: c's 7.
                row("unchanged x", "Unchanged", Some("7"), Some("7"), 1),
                // y at the top level: d's 3.
                row("unchanged ", "Unchanged", Some("3"), Some("3"), 1),
            ]
        );
        // Shown rows add up: in x, 15 + 2 + 7 = 24 and 17 + 1 + 7 = 25; at
        // the top level 24 + 3 = 27 = 10 + 5 + 7 + 3 + 2.
        assert_eq!(diff.total.old.unwrap().won(), dec("27000000000"));
    }

    #[test]
    fn shares_change_in_percentage_points() {
        // Old: a 10 of 40 = 25%; new: a 30 of 60 = 50%: +25 %p.
        let old = file(
            2025,
            &[("a", "x", "10", "actual"), ("b", "y", "30", "actual")],
        );
        let new = file(
            2026,
            &[("a", "x", "30", "actual"), ("b", "y", "30", "actual")],
        );
        let diff = diff(&old, &new, true).unwrap();
        let a = item(&diff, "a");
        assert_eq!(a.share.old_share_pct, Some(dec("25")));
        assert_eq!(a.share.new_share_pct, Some(dec("50")));
        assert_eq!(a.share.share_change_pp, Some(dec("25")));
    }

    #[test]
    fn moved_items_count_in_their_old_category_on_the_old_side() {
        let old = file(2025, &[("a", "x", "10", "actual")]);
        let new = file(2026, &[("a", "y", "10", "actual")]);
        let diff = diff(&old, &new, false).unwrap();
        let categories: Vec<(String, ChangeStatus)> = diff
            .rows
            .iter()
            .filter_map(|row| match row {
                DiffRow::Category(c) => Some((c.category.to_string(), c.change.status)),
                _ => None,
            })
            .collect();
        assert_eq!(
            categories,
            [
                ("y".to_owned(), ChangeStatus::New),
                ("x".to_owned(), ChangeStatus::Removed)
            ]
        );
        // The item itself did not change, so it is hidden without --all.
        assert!(!diff.rows.iter().any(|r| matches!(r, DiffRow::Item(_))));
        let all = super::diff(&old, &new, true).unwrap();
        assert_eq!(
            item(&all, "a").old_category.as_ref().unwrap().to_string(),
            "x"
        );
    }

    #[test]
    fn targets_and_caps_are_compared_apart() {
        let old = file(
            2025,
            &[("t", "x", "100", "target"), ("a", "x", "1", "actual")],
        );
        let new = file(
            2026,
            &[("t", "x", "150", "target"), ("a", "x", "1", "actual")],
        );
        let diff = diff(&old, &new, false).unwrap();
        assert_eq!(diff.total.status, ChangeStatus::Unchanged);
        assert_eq!(diff.excluded.len(), 1);
        assert_eq!(diff.excluded[0].change.change_pct, Some(dec("50")));
        // Nothing in totals changed: one remainder row stands for `a`, so
        // the rows still add up to the total (1 -> 1).
        assert!(matches!(
            diff.rows.as_slice(),
            [DiffRow::Unchanged(OthersChange { items: 1, .. })]
        ));
    }

    #[test]
    fn odd_pairings_warn() {
        let old = file(2026, &[]);
        let new = file(2025, &[]);
        let diff = diff(&old, &new, true).unwrap();
        assert_eq!(
            diff.warnings,
            [
                "OLD (2026.toml, 2026) is later than NEW (2025.toml, 2025); changes are NEW minus OLD"
            ]
        );
    }
}
