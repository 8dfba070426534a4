//! How `diff`'s rows take the outline: what `--sort` and `--top` read from
//! a change, and the row that folds several items' changes into one.
#![warn(clippy::arithmetic_side_effects)]

use rust_decimal::Decimal;

use super::{
    CategoryChange, Change, Diff, DiffRow, ItemChange, OthersChange, compare, share_change,
};
use crate::amount::Amount;
use crate::model::CategoryPath;
use crate::report::HiddenExcluded;
use crate::report::outline::{SortKey, SortValue};
use crate::report::row::{CategoryFigures, ItemFigures, OthersFigures, Report};

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
    fn hidden_excluded_mut(&mut self) -> &mut HiddenExcluded {
        &mut self.hidden_excluded
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
    fn is_memo(&self) -> bool {
        self.memo
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
